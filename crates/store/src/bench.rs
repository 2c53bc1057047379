//! The query benchmark: a SYNTHETIC store of many events and the latency of the main
//! `sitrep events` filters on it.
//!
//! **What.** [`generate`] fills a new store with `n` made-up merged events (random but
//! reproducible: a fixed-seed generator, skewed like news, a few actors very frequent and
//! most rare) straight into the `events` and `event_keys` tables, and marks the store
//! `synthetic` in its `meta` table. [`run_queries`] runs each filter many times with
//! varying values and reports the 50th and 95th percentile of the first page (50 rows).
//!
//! **Why.** Real corpora with a million events are not at hand; the figures show what
//! the schema's indexes give, not what any real news says. Never mix such a store with
//! real data.

use std::time::Instant;

use rusqlite::params;

use crate::keys::iso;
use crate::records::{EventFilter, Page};
use crate::{OpenMode, SqliteStore, StoreError};

/// A small, fast, reproducible generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    /// Skewed towards 0: index `i` has weight about 1/(i+1).
    pub fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        (((n as f64 + 1.0).powf(u) - 1.0) as usize).min(n - 1)
    }
}

const TYPES: &[(&str, &[&str])] = &[
    ("AGREE", &["030", "031", "036", "037"]),
    ("CONSULT", &["040", "042", "043", "046"]),
    ("SUPPORT", &["050", "051", "057"]),
    ("COOPERATE", &["060", "061", "062"]),
    ("AID", &["070", "071", "072", "073", "074"]),
    ("CONCEDE", &["080", "081", "083"]),
    ("RETREAT", &["084", "087", "0871"]),
    ("INVESTIGATE", &["090", "091"]),
    ("DEMAND", &["100", "101", "106"]),
    ("DISAPPROVE", &["110", "111", "112"]),
    ("REJECT", &["120", "125", "128"]),
    ("THREATEN", &["130", "138"]),
    ("PROTEST", &["140", "141", "145"]),
    ("MOBILIZE", &["150", "152", "154"]),
    ("SANCTION", &["160", "163", "166"]),
    ("COERCE", &["170", "173", "175"]),
    ("ASSAULT", &["180", "181", "183", "186"]),
    ("FIGHT", &["190", "193", "194", "195"]),
];

const ROLES: &[&str] = &["", "GOV", "MIL", "REB", "OPP", "SPY", "MED", "COP", "BUS", "CVL"];

const FACTUALITY: &[&str] =
    &["asserted", "asserted", "asserted", "asserted", "asserted", "possible", "planned", "negated"];

/// Three-letter country codes for synthetic actors: AAA, AAB, ... (not real countries).
fn country(i: usize) -> String {
    let a = b'A' + (i / 676 % 26) as u8;
    let b = b'A' + (i / 26 % 26) as u8;
    let c = b'A' + (i % 26) as u8;
    String::from_utf8(vec![a, b, c]).unwrap_or_default()
}

/// Number of synthetic countries, places and days.
pub const COUNTRIES: usize = 200;
pub const PLACES: usize = 2000;
pub const DAYS: i64 = 5 * 365;

fn start_day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2020, 1, 1).expect("valid date")
}

/// Fills a new store at `path` with `n` synthetic events; `progress` is called with the
/// number written so far.
pub fn generate(
    path: &std::path::Path,
    n: usize,
    seed: u64,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StoreError> {
    let mut store = SqliteStore::open(path, OpenMode::Create)?;
    let conn = &mut store.conn;
    conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('synthetic', 'SYNTHETIC benchmark events: made up, not news')",
        [],
    )?;
    let mut rng = Rng::new(seed);
    let mut done = 0;
    while done < n {
        let tx = conn.transaction()?;
        {
            let mut ev = tx.prepare_cached(
                "INSERT INTO events (plover, cameo, cameo_root, cameo_base, src_code, src_country, src_name, tgt_code,
                    tgt_country, tgt_name, has_target, day, day_last, first_seen, last_seen, n_mentions, n_docs, n_sources,
                    n_asserted, n_possible, n_planned, n_negated, factuality, place_key, place_name, place_country, lat, lon,
                    lead_sentence, added, first_doc, trigger, sentence_text)
                 VALUES (?1, ?2, ?17, ?18, ?3, ?4, ?3, ?5, ?6, ?5, ?7, ?8, ?8, ?8, ?8, ?9, ?9, ?10, ?9, 0, 0, 0, ?11, ?12, ?13,
                         ?14, ?15, ?16, 0, '2025-01-01T00:00:00Z', 0, 'synthetic', 'SYNTHETIC event')",
            )?;
            let end = (done + 100_000).min(n);
            for _ in done..end {
                let (plover, cameos) = TYPES[rng.below(TYPES.len())];
                let cameo = cameos[rng.below(cameos.len())];
                let sc = country(rng.skewed(COUNTRIES));
                let src = format!("{sc}{}", ROLES[rng.skewed(ROLES.len())]);
                let has_target = rng.below(10) < 8;
                let tc = country(rng.skewed(COUNTRIES));
                let tgt = if has_target { format!("{tc}{}", ROLES[rng.skewed(ROLES.len())]) } else { String::new() };
                let day = iso(start_day() + chrono::Duration::days(rng.below(DAYS as usize) as i64));
                let mentions = 1 + rng.skewed(30) as i64;
                let sources = 1 + rng.skewed(mentions as usize) as i64;
                let f = FACTUALITY[rng.below(FACTUALITY.len())];
                let (pk, pname, pc, lat, lon) = if rng.below(10) < 6 {
                    let p = rng.skewed(PLACES);
                    (
                        format!("geonames:{}", 1_000_000 + p),
                        Some(format!("Place {p:04}")),
                        Some(country(p % COUNTRIES)),
                        Some((p % 170) as f64 - 85.0),
                        Some((p % 360) as f64 - 180.0),
                    )
                } else {
                    (String::new(), None, None::<String>, None, None)
                };
                let (root, base) = crate::sqlite::cameo_levels(cameo);
                ev.execute(params![
                    plover,
                    cameo,
                    src,
                    sc,
                    tgt,
                    has_target.then_some(tc.clone()),
                    has_target,
                    day,
                    mentions,
                    sources,
                    f,
                    pk,
                    pname,
                    pc,
                    lat,
                    lon,
                    root,
                    base
                ])?;
                let id = tx.last_insert_rowid();
                let keys = crate::sqlite::EventKeys {
                    src_code: src.clone(),
                    tgt_code: tgt.clone(),
                    src_country: Some(sc.clone()),
                    tgt_country: has_target.then(|| tc.clone()),
                    place_country: pc.clone(),
                    src_entity: None,
                    tgt_entity: None,
                };
                crate::sqlite::insert_keys(&tx, id, &day, &keys)?;
                if let Some(name) = &pname {
                    crate::sqlite::insert_place(&tx, &pk, name, pc.as_deref())?;
                }
            }
            done = end;
        }
        tx.commit()?;
        progress(done);
    }
    conn.execute_batch("ANALYZE;")?;
    Ok(())
}

/// Latency of one filter.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryTiming {
    /// The filter as a command line would give it.
    pub name: String,
    pub runs: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    /// Mean rows returned (at most the page size).
    pub mean_rows: f64,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Runs every main filter `rounds` times on a synthetic store (first page of 50).
pub fn run_queries(store: &SqliteStore, rounds: usize, seed: u64) -> Result<Vec<QueryTiming>, StoreError> {
    let mut rng = Rng::new(seed);
    type Make = Box<dyn Fn(&mut Rng) -> EventFilter>;
    let day = |rng: &mut Rng| start_day() + chrono::Duration::days(rng.below(DAYS as usize - 40) as i64);
    let cases: Vec<(&str, Make)> = vec![
        ("(no filter)", Box::new(|_| EventFilter::default())),
        ("--actor CCC", Box::new(|r| EventFilter { actor: Some(country(r.skewed(COUNTRIES))), ..Default::default() })),
        (
            "--source-actor CCCROL",
            Box::new(|r| EventFilter {
                source_actor: Some(format!("{}{}", country(r.skewed(COUNTRIES)), ROLES[1 + r.below(ROLES.len() - 1)])),
                ..Default::default()
            }),
        ),
        (
            "--target-actor CCC",
            Box::new(|r| EventFilter { target_actor: Some(country(r.skewed(COUNTRIES))), ..Default::default() }),
        ),
        (
            "--type T",
            Box::new(|r| EventFilter { plover: Some(TYPES[r.below(TYPES.len())].0.into()), ..Default::default() }),
        ),
        (
            "--cameo NN",
            Box::new(|r| EventFilter { cameo: Some(format!("{:02}", 3 + r.below(17))), ..Default::default() }),
        ),
        (
            "--factuality F",
            Box::new(|r| EventFilter {
                factuality: Some(FACTUALITY[r.below(FACTUALITY.len())].into()),
                ..Default::default()
            }),
        ),
        (
            "--country CCC",
            Box::new(|r| EventFilter { country: Some(country(r.skewed(COUNTRIES))), ..Default::default() }),
        ),
        (
            "--place NAME",
            Box::new(|r| EventFilter { place: Some(format!("Place {:04}", r.skewed(PLACES))), ..Default::default() }),
        ),
        (
            "--since D --until D+30",
            Box::new(move |r| {
                let d = day(r);
                EventFilter {
                    since: Some(iso(d)),
                    until: Some(iso(d + chrono::Duration::days(30))),
                    ..Default::default()
                }
            }),
        ),
        (
            "--min-sources N",
            Box::new(|r| EventFilter { min_sources: Some(2 + r.below(8) as i64), ..Default::default() }),
        ),
        (
            "--actor CCC --type T --since D",
            Box::new(move |r| {
                let d = day(r);
                EventFilter {
                    actor: Some(country(r.skewed(COUNTRIES))),
                    plover: Some(TYPES[r.below(TYPES.len())].0.into()),
                    since: Some(iso(d)),
                    ..Default::default()
                }
            }),
        ),
    ];
    let page = Page { limit: 50, after: None };
    let mut out = Vec::new();
    for (name, make) in cases {
        let mut times = Vec::with_capacity(rounds);
        let mut rows = 0usize;
        for _ in 0..rounds {
            let filter = make(&mut rng);
            let t = Instant::now();
            let p = store.events(&filter, &page)?;
            times.push(t.elapsed().as_secs_f64() * 1e3);
            rows += p.rows.len();
        }
        times.sort_by(f64::total_cmp);
        out.push(QueryTiming {
            name: name.to_string(),
            runs: rounds,
            p50_ms: percentile(&times, 0.5),
            p95_ms: percentile(&times, 0.95),
            mean_rows: rows as f64 / rounds.max(1) as f64,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_reproducible_and_skewed() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.next_u64(), b.next_u64());
        let mut low = 0;
        for _ in 0..10_000 {
            if a.skewed(100) < 10 {
                low += 1;
            }
        }
        assert!(low > 3000, "{low}");
        assert_eq!(country(0), "AAA");
        assert_eq!(country(27), "ABB");
    }

    #[test]
    fn a_small_synthetic_store_answers_every_filter() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bench.db");
        generate(&path, 2000, 42, &mut |_| {}).unwrap();
        let store = SqliteStore::open(&path, OpenMode::Read).unwrap();
        assert_eq!(store.stats().unwrap().events, 2000);
        let timings = run_queries(&store, 3, 1).unwrap();
        assert_eq!(timings.len(), 12);
        assert!(timings[0].mean_rows == 50.0);
        assert!(timings.iter().all(|t| t.p95_ms >= t.p50_ms));
    }
}
