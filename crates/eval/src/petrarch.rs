//! PETRARCH2's unit-test records (`PETR.UnitTest.records.xml`): expected (source, target,
//! CAMEO) codings of stylised sentences.
//!
//! **Reading.** Each `<Sentence date id category>` holds `<EventCoding sourcecode
//! targetcode eventcode>` elements (or `noevents="True"`, or `error="..."`), the `<Text>`
//! (its line breaks folded) and a parse tree, which is not used. Records that expect an
//! error are skipped; codings whose actor is literal text (`'"THE MINISTRY OF MAGIC"'`)
//! are not scored. The date (`YYYYMMDD`) is the publication date.
//!
//! **Matching rule.** A sitrep event (its source and target `code`, else `country`, and
//! its `cameo`) matches an expected coding when the CAMEO codes are equal and both actors
//! match by the *country or IGO part* of the code: the first six characters for codes
//! that begin with an international prefix (IGO, NGO, IMG, MNC, NGM: `IGOUNO`), the first
//! three otherwise (`GONMIL` matches `GON`, `GONGOV`). A gold country part of `---` or
//! `###` (unknown country) matches any actor with the same role part (`---GOV` matches
//! `USAGOV`), or any actor at all when no role is given; a bare `---` also matches an event
//! without that actor (PETRARCH writes `---` where it finds none). Codings and events are paired one
//! to one, greedily, per sentence.
//!
//! **Figures.** The share of expected codings found; extra codings (sitrep events that
//! match none, including any event in a `noevents` sentence) and the resulting precision;
//! a lenient share where only the CAMEO root (first two digits) must agree.
//!
//! The records use fictional actors (Arnor, Gondor, Hogwarts) and verb patterns defined in
//! the `PETR.Validate.*` dictionaries that the file's `<Environment>` block names;
//! [`load_environment`] imports them (through `sitrep_lexicon::petrarch`) so that the
//! pipeline codes with them (`sitrep eval petrarch FILE --environment`). Without them the
//! built-in lexicons know none of these actors and the figures stay near zero.

use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use sitrep_extract::Extractor;
use sitrep_lexicon::petrarch::{DictKind, PetrarchImport};
use sitrep_lexicon::Lexicon;
use sitrep_model::{ActorRef, Extraction};

use crate::metrics::{greedy_match, Accuracy};
use crate::report::{ErrorLog, Report, Row, Table};
use crate::{EvalError, Options};

/// One expected coding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coding {
    pub source: String,
    pub target: String,
    pub cameo: String,
}

/// One unit-test record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    pub category: String,
    pub date: Option<String>,
    pub text: String,
    pub codings: Vec<Coding>,
    /// `noevents="True"`: nothing should be coded.
    pub no_events: bool,
    /// The record tests an input error (`error="..."`).
    pub error: bool,
    /// Codings left out because an actor is literal text.
    pub literal: usize,
}

/// Parses the records file.
pub fn parse(path: &Path, xml: &str) -> Result<Vec<Record>, EvalError> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| EvalError::xml(path, &e))?;
    let mut out = Vec::new();
    for s in doc.descendants().filter(|n| n.has_tag_name("Sentence")) {
        let line = doc.text_pos_at(s.range().start).row as usize;
        let id = s.attribute("id").unwrap_or("").to_string();
        let text_node = s
            .children()
            .find(|c| c.has_tag_name("Text"))
            .ok_or_else(|| EvalError::at(path, line, format!("sentence {id} has no <Text>")))?;
        let text = text_node.text().unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
        let date = s.attribute("date").filter(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()));
        let mut r = Record {
            id,
            category: s.attribute("category").unwrap_or("").to_string(),
            date: date.map(|d| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..])),
            text,
            codings: Vec::new(),
            no_events: false,
            error: false,
            literal: 0,
        };
        for c in s.children().filter(|c| c.has_tag_name("EventCoding")) {
            if c.attribute("error").is_some() {
                r.error = true;
            } else if c.attribute("noevents").is_some() {
                r.no_events = true;
            } else {
                let get = |k: &str| c.attribute(k).map(|v| v.trim().to_string());
                let (Some(source), Some(target), Some(cameo)) =
                    (get("sourcecode"), get("targetcode"), get("eventcode"))
                else {
                    let l = doc.text_pos_at(c.range().start).row as usize;
                    return Err(EvalError::at(path, l, "EventCoding without sourcecode, targetcode and eventcode"));
                };
                if source.starts_with('"') || target.starts_with('"') {
                    r.literal += 1;
                } else {
                    r.codings.push(Coding { source, target, cameo });
                }
            }
        }
        out.push(r);
    }
    if out.is_empty() {
        return Err(EvalError::file(path, "no <Sentence> records"));
    }
    Ok(out)
}

/// The dictionary files named in the records file's `<Environment>` block (`Actorfile`,
/// `Agentfile`, `Verbfile`, `Discardfile`), in the order they are imported.
pub fn environment(path: &Path, xml: &str) -> Result<Vec<(DictKind, String)>, EvalError> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| EvalError::xml(path, &e))?;
    let env = doc
        .descendants()
        .find(|n| n.has_tag_name("Environment"))
        .ok_or_else(|| EvalError::file(path, "no <Environment> block naming the dictionaries"))?;
    let mut out = Vec::new();
    for (tag, kind) in [
        ("Actorfile", DictKind::Actors),
        ("Agentfile", DictKind::Agents),
        ("Verbfile", DictKind::Verbs),
        ("Discardfile", DictKind::Discards),
    ] {
        for n in env.children().filter(|c| c.has_tag_name(tag)) {
            let name = n.text().unwrap_or("").trim();
            if !name.is_empty() {
                out.push((kind, name.to_string()));
            }
        }
    }
    Ok(out)
}

/// Imports the dictionaries named in the records file's `<Environment>` block, from the
/// file's folder, into `lexicon`; returns what was imported.
pub fn load_environment(lexicon: &mut Lexicon, records: &Path) -> Result<PetrarchImport, EvalError> {
    let files = environment(records, &crate::read_text(records)?)?;
    let dir = records.parent().unwrap_or(Path::new("."));
    let mut total = PetrarchImport::default();
    for (kind, name) in files {
        let path = dir.join(&name);
        let text = crate::read_text(&path)?;
        let got = sitrep_lexicon::petrarch::load_file(lexicon, kind, &text, &path.display().to_string())
            .map_err(|e| EvalError::file(&path, e.to_string()))?;
        total.actors += got.actors;
        total.agents += got.agents;
        total.verb_patterns += got.verb_patterns;
        total.discards += got.discards;
        total.skipped.extend(got.skipped);
        total.files.push((path, kind));
    }
    Ok(total)
}

/// The part of an actor code that names the country or international body.
pub fn country_part(code: &str) -> &str {
    let n = if ["IGO", "NGO", "IMG", "MNC", "NGM"].iter().any(|p| code.starts_with(p)) { 6 } else { 3 };
    code.get(..n.min(code.len())).unwrap_or(code)
}

/// Whether a sitrep actor matches an expected actor code (see the module docs).
pub fn actor_matches(gold: &str, sys: Option<&ActorRef>) -> bool {
    let Some(code) = sys.and_then(|a| a.code.clone().or_else(|| a.country.clone())) else {
        // A bare "---" is PETRARCH's "no actor": an event without that actor matches it.
        return sys.is_none() && (gold == "---" || gold == "###");
    };
    let code = code.to_uppercase();
    let g = country_part(gold);
    if g == "---" || g == "###" {
        let role = gold.get(3..).unwrap_or("");
        return role.is_empty() || code.get(3..).is_some_and(|r| r.starts_with(role));
    }
    country_part(&code) == g
}

/// sitrep's codings of a record: events with their CAMEO codes, and those with the
/// dictionary's own codes.
fn system_codings(x: &Extraction) -> Vec<(Option<ActorRef>, Option<ActorRef>, String)> {
    x.events.iter().chain(&x.dictionary_events).map(|e| (e.source.clone(), e.target.clone(), e.cameo.clone())).collect()
}

/// Figures over records.
#[derive(Debug, Clone, Default)]
pub struct PetrarchScores {
    pub found: Accuracy,
    pub found_root: Accuracy,
    pub extra: usize,
    pub system: usize,
}

fn show(a: &Option<ActorRef>) -> String {
    a.as_ref().map_or_else(
        || "-".into(),
        |a| a.code.clone().or_else(|| a.country.clone()).unwrap_or_else(|| format!("{:?}", a.text)),
    )
}

/// Scores one record.
pub fn score_record(r: &Record, x: &Extraction, s: &mut PetrarchScores, log: &mut ErrorLog) {
    let sys = system_codings(x);
    s.system += sys.len();
    let exact = greedy_match(&r.codings, &sys, |g, (src, tgt, cameo)| {
        cameo == &g.cameo && actor_matches(&g.source, src.as_ref()) && actor_matches(&g.target, tgt.as_ref())
    });
    let root = greedy_match(&r.codings, &sys, |g, (src, tgt, cameo)| {
        cameo.get(..2) == g.cameo.get(..2)
            && actor_matches(&g.source, src.as_ref())
            && actor_matches(&g.target, tgt.as_ref())
    });
    let text: String = r.text.chars().take(140).collect();
    let got = || sys.iter().map(|(a, b, c)| format!("{} {} {c}", show(a), show(b))).collect::<Vec<_>>().join("; ");
    for (g, hit) in r.codings.iter().zip(&exact) {
        s.found.add(hit.is_some());
        if hit.is_none() {
            let category = if sys.is_empty() { "missed: no sitrep event" } else { "missed: events do not match" };
            log.add(format!("{category} [{}]", r.category), || {
                format!("{} expects {} {} {} | {text} | sitrep: {}", r.id, g.source, g.target, g.cameo, got())
            });
        }
    }
    for hit in &root {
        s.found_root.add(hit.is_some());
    }
    let used: Vec<usize> = exact.iter().flatten().copied().collect();
    for (j, (a, b, c)) in sys.iter().enumerate() {
        if !used.contains(&j) {
            s.extra += 1;
            log.add(if r.no_events { "extra coding in a no-event sentence" } else { "extra coding" }, || {
                format!("{}: {} {} {c} | {text}", r.id, show(a), show(b))
            });
        }
    }
}

/// Runs the extractor over the unit-test records and scores their codings. `dictionaries`
/// says which PETRARCH dictionaries the extractor was built with, for the report.
pub fn evaluate(
    extractor: &Extractor,
    path: &Path,
    dictionaries: Option<&str>,
    opts: &Options,
) -> Result<Report, EvalError> {
    let started = Instant::now();
    let run = crate::Runner::new(extractor);
    let all = parse(path, &crate::read_text(path)?)?;
    let skipped = all.iter().filter(|r| r.error).count();
    let literal: usize = all.iter().map(|r| r.literal).sum();
    let records = opts.cut(all.into_iter().filter(|r| !r.error).collect::<Vec<_>>());
    let extractions: Vec<Extraction> = records
        .par_iter()
        .map(|r| run.extract(&crate::document(r.id.clone(), r.text.clone(), r.date.clone())))
        .collect();
    let mut s = PetrarchScores::default();
    let mut log = ErrorLog::new(opts.errors);
    for (r, x) in records.iter().zip(&extractions) {
        score_record(r, x, &mut s, &mut log);
    }
    let matched = s.found.correct;
    let precision = if s.system == 0 { 0.0 } else { matched as f64 / s.system as f64 };
    let rows = vec![
        Row::accuracy("expected codings found", s.found),
        Row::accuracy("found, CAMEO root only", s.found_root),
        Row::note("extra codings", format!("{} of {} sitrep codings match no expected coding", s.extra, s.system)),
        Row::value("precision", precision, format!("{matched}/{} sitrep codings match an expected one", s.system)),
    ];
    let expected: usize = records.iter().map(|r| r.codings.len()).sum();
    let no_events = records.iter().filter(|r| r.no_events).count();
    let mut notes = vec![
        format!(
            "{skipped} error-test record(s) skipped, {literal} coding(s) with literal-text actors not scored, \
             {no_events} no-event sentence(s); actors match on the country/IGO part of the code, CAMEO codes must be equal"
        ),
        match dictionaries {
            Some(d) => format!("dictionaries: {d}"),
            None => "no PETRARCH dictionaries loaded, so the fictional actors (Arnor, Gondor, ...) are unknown: \
                     use --environment (the PETR.Validate.* files the records name) or --dictionaries DIR"
                .to_string(),
        },
    ];
    notes.extend(run.note());
    Ok(Report {
        set: "petrarch2 unit tests".into(),
        path: path.display().to_string(),
        documents: records.len(),
        items: expected,
        item_kind: "expected codings".into(),
        seconds: started.elapsed().as_secs_f64(),
        tables: vec![Table { title: "codings".into(), rows }],
        notes,
        errors: log.into_groups(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_model::Event;

    const SAMPLE: &str = r#"<Validation><Sentences>
<!-- comment <Stop></Stop> -->
<Sentence date="19950101" id="DEMO-00" category="DEMO" sentence="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>
Arnor is about to restore full diplomatic ties with Gondor almost
five years after crowds trashed its embassy.
</Text>
<Parse>(ROOT (S (NP (NNP Arnor))))</Parse>
</Sentence>
<Sentence date="19950101" id="N-1" category="PATTERN" sentence="true">
<EventCoding noevents = "True"></EventCoding>
<Text>Eriador's injury total has risen.</Text>
</Sentence>
<Sentence date="19950101" id="E-1" category="ERROR" sentence="true">
<EventCoding error="dateline"></EventCoding>
<Text>CEBU CITY: -- a suit.</Text>
</Sentence>
<Sentence date="19950101" id="L-1" category="ACTOR" sentence="true">
<EventCoding sourcecode='"THE MINISTRY OF MAGIC"' targetcode="GON" eventcode="032"></EventCoding>
<EventCoding sourcecode="---GOV" targetcode="IGOUNO" eventcode="032"></EventCoding>
<Text>The ministry appealed to the UN.</Text>
</Sentence>
</Sentences></Validation>"#;

    #[test]
    fn reads_codings_no_events_errors_and_literal_actors() {
        let r = parse(Path::new("u.xml"), SAMPLE).unwrap();
        assert_eq!(r.len(), 4);
        assert_eq!(r[0].text, "Arnor is about to restore full diplomatic ties with Gondor almost five years after crowds trashed its embassy.");
        assert_eq!(r[0].date.as_deref(), Some("1995-01-01"));
        assert_eq!(r[0].codings, vec![Coding { source: "ARN".into(), target: "GON".into(), cameo: "064".into() }]);
        assert!(r[1].no_events && r[2].error);
        assert_eq!((r[3].literal, r[3].codings.len()), (1, 1));
    }

    #[test]
    fn missing_text_names_the_line() {
        let e = parse(Path::new("u.xml"), "<V>\n<Sentence id=\"X\"></Sentence></V>").unwrap_err();
        assert_eq!(e.to_string(), "u.xml:2: sentence X has no <Text>");
    }

    fn actor(code: &str) -> Option<ActorRef> {
        Some(crate::testing::actor(code, code))
    }

    #[test]
    fn actors_match_on_the_country_or_igo_part() {
        assert!(actor_matches("GON", actor("GONMIL").as_ref()));
        assert!(actor_matches("GONGOV", actor("GON").as_ref()));
        assert!(!actor_matches("GON", actor("ARN").as_ref()));
        assert!(actor_matches("IGOUNO", actor("IGOUNOKID").as_ref()));
        assert!(!actor_matches("IGOUNO", actor("IGOWSTNAT").as_ref()));
        assert!(actor_matches("---GOV", actor("USAGOV").as_ref()));
        assert!(!actor_matches("---GOV", actor("USAMIL").as_ref()));
        assert!(actor_matches("---", actor("USA").as_ref()));
        assert!(!actor_matches("GON", None));
        assert!(actor_matches("---", None));
        assert!(!actor_matches("---GOV", None));
    }

    fn event(src: &str, tgt: &str, cameo: &str) -> Event {
        Event { source: actor(src), target: actor(tgt), ..crate::testing::event("CONSULT", cameo, "x", 0) }
    }

    #[test]
    fn found_extra_and_root_figures() {
        let r = parse(Path::new("u.xml"), SAMPLE).unwrap();
        let mut s = PetrarchScores::default();
        let mut log = ErrorLog::new(2);
        let x = Extraction {
            events: vec![event("ARNGOV", "GON", "064"), event("ARN", "GON", "036")],
            ..Extraction::default()
        };
        score_record(&r[0], &x, &mut s, &mut log);
        let y = Extraction { events: vec![event("ERI", "OSG", "190")], ..Extraction::default() };
        score_record(&r[1], &y, &mut s, &mut log);
        let z = Extraction { events: vec![event("USAGOV", "IGOUNO", "031")], ..Extraction::default() };
        score_record(&r[3], &z, &mut s, &mut log);
        assert_eq!(s.found, Accuracy { correct: 1, total: 2 });
        assert_eq!(s.found_root, Accuracy { correct: 2, total: 2 });
        assert_eq!((s.extra, s.system), (3, 4));
        let cats: Vec<String> = log.into_groups().into_iter().map(|g| g.category).collect();
        assert!(cats.contains(&"extra coding in a no-event sentence".to_string()), "{cats:?}");
    }

    #[test]
    fn environment_names_the_dictionaries_in_import_order() {
        let xml = "<V><Environment><Verbfile>v.txt</Verbfile><Actorfile>a.txt</Actorfile>\
                   <Errorfile>e.txt</Errorfile></Environment></V>";
        let env = environment(Path::new("u.xml"), xml).unwrap();
        assert_eq!(env, vec![(DictKind::Actors, "a.txt".to_string()), (DictKind::Verbs, "v.txt".to_string())]);
        let dir = tempfile::tempdir().unwrap();
        let records = dir.path().join("u.xml");
        std::fs::write(&records, xml).unwrap();
        std::fs::write(dir.path().join("a.txt"), "ARNOR [ARN]\nGONDOR [GON]\n").unwrap();
        std::fs::write(dir.path().join("v.txt"), "--- BESIEGE [191] ---\nBESIEGE\n").unwrap();
        let mut lexicon = Lexicon::builtin();
        let got = load_environment(&mut lexicon, &records).unwrap();
        assert_eq!(got.actors, 2, "{got}");
        let e = environment(Path::new("u.xml"), "<V/>").unwrap_err();
        assert_eq!(e.to_string(), "u.xml: no <Environment> block naming the dictionaries");
    }

    #[test]
    #[ignore = "reads /work/shared/anchors/petrarch2"]
    fn real_file_reads() {
        let p = Path::new("/work/shared/anchors/petrarch2/PETR.UnitTest.records.xml");
        let r = parse(p, &crate::read_text(p).unwrap()).unwrap();
        assert_eq!(r.len(), 284);
        assert_eq!(r.iter().map(|x| x.codings.len() + x.literal).sum::<usize>(), 359);
        assert_eq!(r.iter().filter(|x| x.error).count(), 7);
    }
}
