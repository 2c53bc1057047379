//! The PLOVER gold-standard records (`PLOVER_GSR_CAMEO.txt`): event type and source country.
//!
//! **Reading.** A JSON array of records (the first, `"event": "DOCUMENT"`, documents the
//! file); each has the sentence `text`, a `date`, an `event` type and `source` actors
//! (`code` = country or IGO/NGO code). The file uses PLOVER 0.5's older types, mapped to
//! sitrep's 16: DEMAND → REQUEST, DISAPPROVE → ACCUSE, FIGHT → ASSAULT, INVESTIGATE →
//! ACCUSE; the others are unchanged.
//!
//! The records' dates are a placeholder (every record carries the same one, while the
//! sentences come from news of several decades): a date all records share is dropped and
//! the sentences are read undated, so that no time in them is read against a false
//! publication date ("on October 16" would be planned).
//!
//! **Scoring.** Each sentence is one document. Its *main* event is sitrep's first event in
//! text order. Over the sentences with a gold event:
//! - type accuracy: the main event's PLOVER type equals the gold type (no event = wrong);
//!   a lenient figure asks only that some event of the sentence has the gold type;
//! - source-country accuracy, over sentences whose gold sources include a country code of
//!   the lexicon: the main event's source country (its `country`, else the first three
//!   letters of its `code`) is one of them; and both right at once.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::Value;
use sitrep_extract::Extractor;
use sitrep_model::{Event, Extraction};

use crate::metrics::Accuracy;
use crate::report::{ErrorLog, Report, Row, Table};
use crate::{EvalError, Options};

/// One gold record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GsrRecord {
    pub id: String,
    pub date: Option<String>,
    pub text: String,
    /// The PLOVER type in sitrep's vocabulary.
    pub event: String,
    /// As written in the file.
    pub original_event: String,
    /// Source actor codes as written (`USA`, `IGO`, `PSE`, ...).
    pub sources: Vec<String>,
}

#[derive(Deserialize)]
struct RawActor {
    #[serde(default)]
    code: Option<String>,
}

#[derive(Deserialize)]
struct RawRecord {
    #[serde(default)]
    id: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    event: Option<String>,
    #[serde(default)]
    source: Option<Vec<RawActor>>,
}

/// PLOVER 0.5 types in sitrep's (PLOVER 2) vocabulary.
pub fn modern_type(t: &str) -> String {
    match t.to_uppercase().as_str() {
        "DEMAND" => "REQUEST".into(),
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE".into(),
        "FIGHT" => "ASSAULT".into(),
        other => other.to_string(),
    }
}

/// Parses the file.
pub fn parse(path: &Path, text: &str) -> Result<Vec<GsrRecord>, EvalError> {
    let all: Vec<Value> = serde_json::from_str(text)
        .map_err(|e| EvalError::at(path, e.line(), format!("not a JSON array of records: {e}")))?;
    let mut out = Vec::new();
    for (i, v) in all.into_iter().enumerate() {
        let r: RawRecord =
            serde_json::from_value(v).map_err(|e| EvalError::file(path, format!("record {}: {e}", i + 1)))?;
        let Some(event) = r.event.filter(|e| !e.is_empty()) else {
            return Err(EvalError::file(path, format!("record {} ({}) has no event", i + 1, r.id)));
        };
        if event == "DOCUMENT" {
            continue;
        }
        let Some(text) = r.text.filter(|t| !t.trim().is_empty()) else {
            return Err(EvalError::file(path, format!("record {} ({}) has no text", i + 1, r.id)));
        };
        out.push(GsrRecord {
            id: r.id,
            date: r.date.filter(|d| d.len() == 10),
            text,
            event: modern_type(&event),
            original_event: event,
            sources: r.source.unwrap_or_default().into_iter().filter_map(|a| a.code).collect(),
        });
    }
    let placeholder = out.len() > 1 && out.windows(2).all(|w| w[0].date == w[1].date);
    if placeholder {
        for r in &mut out {
            r.date = None;
        }
    }
    Ok(out)
}

/// The main event of a record: the first in text order.
pub fn main_event(record: &Extraction) -> Option<&Event> {
    record.events.iter().min_by_key(|e| (e.trigger.start, e.trigger.end))
}

/// The country of an event's source: its `country`, else the first three letters of its code.
pub fn source_country(e: &Event) -> Option<String> {
    let a = e.source.as_ref()?;
    a.country.clone().filter(|c| !c.is_empty()).or_else(|| a.code.as_ref().map(|c| c.chars().take(3).collect()))
}

/// Figures over records.
#[derive(Debug, Clone, Default)]
pub struct PloverScores {
    pub type_main: Accuracy,
    /// Main-event type with intentions and refusals coded as CAMEO codes them
    /// ([`sitrep_extract::events::cameo_convention`]).
    pub type_cameo: Accuracy,
    pub type_any: Accuracy,
    pub source: Accuracy,
    pub both: Accuracy,
    pub with_event: usize,
    /// Per gold type: main-event type accuracy.
    pub by_type: BTreeMap<String, Accuracy>,
    /// Gold type -> main-event type (CAMEO convention; "-" for no event) -> sentences.
    pub confusion: BTreeMap<(String, String), usize>,
}

/// Scores one record's extraction; `countries` are the lexicon's codes.
pub fn score_record(
    gold: &GsrRecord,
    record: &Extraction,
    countries: &HashSet<String>,
    s: &mut PloverScores,
    log: &mut ErrorLog,
) {
    let main = main_event(record);
    let type_ok = main.is_some_and(|e| e.plover.eq_ignore_ascii_case(&gold.event));
    s.with_event += usize::from(main.is_some());
    s.type_main.add(type_ok);
    let cameo = main.map_or("-", |e| sitrep_extract::events::cameo_convention(e).0);
    s.type_cameo.add(cameo.eq_ignore_ascii_case(&gold.event));
    *s.confusion.entry((gold.event.clone(), cameo.to_string())).or_default() += 1;
    s.type_any.add(record.events.iter().any(|e| e.plover.eq_ignore_ascii_case(&gold.event)));
    s.by_type.entry(gold.event.clone()).or_default().add(type_ok);
    let gold_countries: Vec<String> =
        gold.sources.iter().map(|c| c.to_uppercase()).filter(|c| countries.contains(c)).collect();
    let text: String = gold.text.chars().take(150).collect();
    let found =
        || record.events.iter().map(|e| format!("{} {:?}", e.plover, e.trigger.text)).collect::<Vec<_>>().join(", ");
    match main {
        None => log.add(format!("{} : no event", gold.event), || format!("{} | {text}", gold.id)),
        Some(e) if !type_ok => log.add(format!("{} predicted as {}", gold.event, e.plover), || {
            format!("{} | {text} | sitrep: {}", gold.id, found())
        }),
        _ => {}
    }
    if !gold_countries.is_empty() {
        let got = main.and_then(source_country);
        let ok = got.as_ref().is_some_and(|c| gold_countries.contains(&c.to_uppercase()));
        s.source.add(ok);
        s.both.add(ok && type_ok);
        if !ok && main.is_some() {
            log.add(if got.is_some() { "wrong source country" } else { "no source country" }, || {
                format!(
                    "{}: gold {}, sitrep {} | {text}",
                    gold.id,
                    gold_countries.join("/"),
                    got.as_deref().unwrap_or("-")
                )
            });
        }
    }
}

/// Runs the extractor over the gold-standard records and scores them.
pub fn evaluate(extractor: &Extractor, path: &Path, opts: &Options) -> Result<Report, EvalError> {
    let started = Instant::now();
    let run = crate::Runner::new(extractor);
    let records = opts.cut(parse(path, &crate::read_text(path)?)?);
    let countries: HashSet<String> = extractor.lexicon().countries.iter().map(|c| c.code.clone()).collect();
    let extractions: Vec<Extraction> = records
        .par_iter()
        .map(|r| run.extract(&crate::document(r.id.clone(), r.text.clone(), r.date.clone())))
        .collect();
    let mut s = PloverScores::default();
    let mut log = ErrorLog::new(opts.errors);
    for (g, x) in records.iter().zip(&extractions) {
        score_record(g, x, &countries, &mut s, &mut log);
    }
    let rows = vec![
        Row::accuracy("event type (main event)", s.type_main),
        Row::accuracy("event type (main event, CAMEO convention)", s.type_cameo).with_detail(
            "announced cooperation coded AGREE, announced hostility THREATEN, refused cooperation REJECT".to_string(),
        ),
        Row::accuracy("event type (any event)", s.type_any).with_detail(format!(
            "{}/{} sentences have a sitrep event with the gold type",
            s.type_any.correct, s.type_any.total
        )),
        Row::accuracy("source country (main event)", s.source).with_detail(format!(
            "{}/{} sentences whose gold source has a country code",
            s.source.correct, s.source.total
        )),
        Row::accuracy("type and source country", s.both),
        Row::value(
            "sentences with an event",
            s.with_event as f64 / records.len().max(1) as f64,
            format!("{}/{}", s.with_event, records.len()),
        ),
    ];
    let by_type = s.by_type.iter().map(|(t, a)| Row::accuracy(t, *a)).collect();
    let mut confused: Vec<(&(String, String), &usize)> = s.confusion.iter().filter(|(k, _)| k.0 != k.1).collect();
    confused.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let confusion = confused
        .into_iter()
        .map(|((g, p), n)| {
            Row::value(format!("{g} -> {p}"), *n as f64 / records.len().max(1) as f64, format!("{n} sentences"))
        })
        .collect();
    let mut notes =
        vec!["PLOVER 0.5 types mapped: DEMAND->REQUEST, DISAPPROVE->ACCUSE, FIGHT->ASSAULT, INVESTIGATE->ACCUSE; \
         main event = sitrep's first event in text order"
            .to_string()];
    notes.extend(run.note());
    Ok(Report {
        set: "plover gsr".into(),
        path: path.display().to_string(),
        documents: records.len(),
        items: records.len(),
        item_kind: "sentences with a gold event".into(),
        seconds: started.elapsed().as_secs_f64(),
        tables: vec![
            Table { title: "events".into(), rows },
            Table { title: "event type accuracy by gold type (main event)".into(), rows: by_type },
            Table {
                title: "confusions: gold -> main event type (CAMEO convention; - = no event), share of sentences"
                    .into(),
                rows: confusion,
            },
        ],
        notes,
        errors: log.into_groups(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"[
      {"id": "PLOVER-GSR01-DOCUMENT-0001", "event": "DOCUMENT", "eventText": "docs"},
      {"id": "A-1", "date": "2000-01-01", "source": [{"actorText": "Israeli", "code": "ISR", "sector": "GOV"}],
       "event": "FIGHT", "text": "Israeli troops clashed with militants."},
      {"id": "A-2", "date": "2000-01-01", "source": [{"actorText": "UN", "code": "IGO"}],
       "event": "DEMAND", "text": "The UN demanded a ceasefire."}
    ]"#;

    #[test]
    fn reads_records_and_maps_old_types() {
        let r = parse(Path::new("gsr.json"), SAMPLE).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].event.as_str(), r[0].original_event.as_str()), ("ASSAULT", "FIGHT"));
        assert_eq!(r[1].event, "REQUEST");
        assert_eq!(r[0].sources, vec!["ISR"]);
        // Both records carry the same date: a placeholder, read as no date.
        assert_eq!(r[0].date, None);
        assert_eq!(modern_type("investigate"), "ACCUSE");
        assert_eq!(modern_type("AGREE"), "AGREE");
    }

    #[test]
    fn dates_that_differ_are_kept() {
        let text = SAMPLE.replacen("2000-01-01", "2001-09-12", 1);
        let r = parse(Path::new("gsr.json"), &text).unwrap();
        assert_eq!(r[0].date.as_deref(), Some("2001-09-12"));
        assert_eq!(r[1].date.as_deref(), Some("2000-01-01"));
    }

    #[test]
    fn bad_json_names_the_line() {
        let e = parse(Path::new("gsr.json"), "[\n{\"id\": 1,,}\n]").unwrap_err();
        assert!(e.to_string().starts_with("gsr.json:2: not a JSON array of records"), "{e}");
    }

    fn event(plover: &str, at: usize, country: Option<&str>) -> Event {
        Event {
            source: country.map(|c| crate::testing::actor(c, &format!("{c}MIL"))),
            ..crate::testing::event(plover, "190", "x", at)
        }
    }

    #[test]
    fn main_event_type_and_source_country() {
        let gold = parse(Path::new("g"), SAMPLE).unwrap();
        let countries: HashSet<String> = ["ISR", "USA"].iter().map(|s| s.to_string()).collect();
        let mut s = PloverScores::default();
        let mut log = ErrorLog::new(3);
        // The first event in text order is the main one, whatever the list order.
        let x = Extraction {
            events: vec![event("ASSAULT", 5, Some("ISR")), event("CONSULT", 1, None)],
            ..Extraction::default()
        };
        score_record(&gold[0], &x, &countries, &mut s, &mut log);
        let y = Extraction { events: vec![event("REQUEST", 0, Some("USA"))], ..Extraction::default() };
        score_record(&gold[1], &y, &countries, &mut s, &mut log);
        assert_eq!(s.type_main, Accuracy { correct: 1, total: 2 });
        assert_eq!(s.type_any, Accuracy { correct: 2, total: 2 });
        // Only the first record has a country source (IGO is not a country).
        assert_eq!(s.source, Accuracy { correct: 0, total: 1 });
        let cats: Vec<String> = log.into_groups().into_iter().map(|g| g.category).collect();
        assert!(cats.contains(&"ASSAULT predicted as CONSULT".to_string()), "{cats:?}");
        assert!(cats.contains(&"no source country".to_string()), "{cats:?}");
        assert_eq!(s.confusion.get(&("ASSAULT".to_string(), "CONSULT".to_string())), Some(&1));
        assert_eq!(s.confusion.get(&("REQUEST".to_string(), "REQUEST".to_string())), Some(&1));
    }

    #[test]
    #[ignore = "reads /work/shared/anchors/plover"]
    fn real_file_reads() {
        let p = Path::new("/work/shared/anchors/plover/PLOVER_GSR_CAMEO.txt");
        let r = parse(p, &crate::read_text(p).unwrap()).unwrap();
        assert_eq!(r.len(), 322);
        assert_eq!(r.iter().filter(|x| x.original_event == "FIGHT").count(), 17);
    }
}
