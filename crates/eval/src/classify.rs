//! Event-type classification: CASE 2021 Task 2 (ACLED types) and IndiaPoliceEvents.
//!
//! sitrep codes events in PLOVER/CAMEO; these sets label snippets or sentences with their
//! own types. A [`Mapping`] table, kept as data in `mappings/*.tsv` (see the header of
//! each file), turns one event (PLOVER type, CAMEO code, source actor, trigger) into the
//! set's labels; the most specific matching row wins.
//!
//! **CASE 2021 Task 2** (`test_set_final_release_with_labels.tsv`: `id`, `EventSnippet`,
//! `SubType`): each snippet is one document; its predicted label is the label of its mapped
//! event whose row ranks highest (the first in text order among equals), or none. Reported: accuracy over all snippets and over the snippets whose
//! gold label the mapping covers; per label P/R/F1; macro-F1 over the covered labels and
//! over all gold labels (an uncovered label has F1 0).
//!
//! **IndiaPoliceEvents** (`sents.jsonl`, `docs.jsonl`, `metadata.jsonl`): each sentence
//! is one document, dated by its article; its predicted labels are the union over its
//! events (the mapping asks for a police source). Reported per label, sentence level:
//! P/R/F1; macro-F1 over covered labels and over all five; subset accuracy (the predicted
//! set equals the gold set) over all sentences and over the sentences with a gold label;
//! and document-level P/R/F1 per label, a document having a label when one of its
//! sentences has it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use serde::Deserialize;
use sitrep_extract::Extractor;
use sitrep_model::{ActorRef, Event, Extraction, Factuality, Incident};

use crate::metrics::{macro_f1, Accuracy};
use crate::report::{ErrorLog, Report, Row, Table};
use crate::{Counts, EvalError, Options};

/// The built-in PLOVER to CASE 2021 (ACLED) table.
pub const ACLED_TSV: &str = include_str!("../mappings/plover_to_acled.tsv");
/// The built-in PLOVER to IndiaPoliceEvents table.
pub const IPE_TSV: &str = include_str!("../mappings/plover_to_ipe.tsv");

/// Who an event's source must be for a row to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorRule {
    Any,
    /// A bare country code or a GOV, MIL, COP, SPY, JUD or LEG role.
    State,
    /// A REB, INS, UAF, OPP, CRM or SEP role, or an IMG code.
    NonState,
    /// A COP role, or "police" in the source text.
    Police,
    /// No source at all ("five people were arrested").
    Unnamed,
    /// Protesters or demonstrators: an OPP role that is not a mob.
    Protesters,
    /// A mob or rioters ("mob" or "rioter" in the source text), outside a protest: in a
    /// snippet that reports a protest, rioters are demonstrators turned violent.
    Mob,
    /// No source named, in a snippet that reports a protest: the violence or vandalism
    /// of a protest report whose perpetrator goes unnamed is the crowd's ("clashes broke
    /// out with police during the protest", "vehicles were torched").
    Crowd,
    /// A source whose text holds one of the row's words (`~jet;warplane` in the table):
    /// the means named as the attacker ("Russian jets carried out raids").
    Words,
}

/// What a snippet reports besides the event being mapped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scene {
    /// A protest, demonstration or strike that is not itself rioting by a mob.
    pub protest: bool,
}

impl Scene {
    /// The scene of a record's events.
    pub fn of(events: &[Event]) -> Scene {
        let protest = events.iter().any(|e| {
            e.plover.eq_ignore_ascii_case("PROTEST") && !e.cameo.starts_with("145") && !is_mob(e.source.as_ref())
        });
        Scene { protest }
    }
}

/// What kind of party an event's target must be for a row to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetRule {
    Any,
    /// People who are no armed party: CVL (civilians, victims named by a common noun),
    /// refugees, students, health, farm, labour, religious, media, aid and business roles.
    Civilians,
    /// Armed forces, police, intelligence, rebels, insurgents, separatists, militias.
    Armed,
    /// Protesters or demonstrators (an OPP role named as such).
    Protesters,
    /// A party named by a role that carries no arms: civilians as in `Civilians`, and
    /// politicians, elites, legislators, judges ("gunmen shot dead a local politician").
    /// ACLED's Attack: one side is unarmed.
    Unarmed,
}

impl TargetRule {
    fn parse(s: &str) -> Option<TargetRule> {
        Some(match s {
            "*" => TargetRule::Any,
            "civilians" => TargetRule::Civilians,
            "armed" => TargetRule::Armed,
            "protesters" => TargetRule::Protesters,
            "unarmed" => TargetRule::Unarmed,
            _ => return None,
        })
    }

    /// Whether `target` satisfies the rule.
    pub fn holds(self, target: Option<&ActorRef>) -> bool {
        let r = roles(target.and_then(|a| a.code.as_deref()).unwrap_or(""));
        let any = |set: &[&str]| set.iter().any(|x| r.contains(x));
        match self {
            TargetRule::Any => true,
            TargetRule::Civilians => {
                any(&["CVL", "REF", "EDU", "HLH", "AGR", "LAB", "REL", "MED", "NGO", "BUS", "HRI"]) && !is_mob(target)
            }
            TargetRule::Armed => any(&["MIL", "COP", "SPY", "REB", "INS", "SEP", "UAF"]),
            // Protesters, not any opposition figure: "arrested the opposition leader" is an
            // arrest, "arrested protesters" a protest met with intervention.
            TargetRule::Protesters => {
                any(&["OPP"])
                    && target.is_some_and(|a| {
                        let t = a.text.to_lowercase();
                        t.contains("protest") || t.contains("demonstrat")
                    })
            }
            TargetRule::Unarmed => {
                // Named by a role that carries no arms; a party sitrep could not code may
                // be anything, from a person to a unit's positions.
                any(&[
                    "CVL", "REF", "EDU", "HLH", "AGR", "LAB", "REL", "MED", "NGO", "BUS", "HRI", "PTY", "ELI", "LEG",
                    "JUD",
                ]) && !TargetRule::Armed.holds(target)
                    && !is_mob(target)
            }
        }
    }
}

/// Whether an actor is a mob or rioters, named by a common noun.
fn is_mob(actor: Option<&ActorRef>) -> bool {
    actor.is_some_and(|a| {
        let t = a.text.to_lowercase();
        t.contains("mob") || t.contains("rioter")
    })
}

/// One row of a mapping table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// `None` for any type.
    pub plover: Option<String>,
    /// CAMEO code prefix; empty for any.
    pub cameo: String,
    pub actor: ActorRule,
    /// With [`ActorRule::Words`]: lower-case words one of which the source's text holds.
    pub source_words: Vec<String>,
    /// What kind of party the target must be.
    pub target: TargetRule,
    /// Lower-case prefixes of the trigger; empty for any.
    pub triggers: Vec<String>,
    pub labels: Vec<String>,
    /// How telling the row is when a snippet has several events: the event whose row
    /// ranks highest gives the snippet's label (1 when the column is left out).
    pub rank: u8,
    /// Line in the file, for messages.
    pub line: usize,
}

/// A mapping table from sitrep events to a set's labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub rules: Vec<Rule>,
}

/// Role codes that may stand alone, without a country, for a group named only by a
/// common noun ("police" is COP).
const BARE_ROLES: [&str; 26] = [
    "GOV", "MIL", "COP", "SPY", "JUD", "LEG", "REB", "INS", "UAF", "OPP", "CRM", "SEP", "CVL", "MED", "RAD", "LAB",
    "REF", "EDU", "HLH", "AGR", "REL", "NGO", "PTY", "ELI", "BUS", "HRI",
];

/// The roles (3-letter chunks after the country) of an actor code; a bare role code is
/// its own role.
fn roles(code: &str) -> Vec<&str> {
    if BARE_ROLES.contains(&code) {
        return vec![code];
    }
    (3..code.len()).step_by(3).filter_map(|i| code.get(i..i + 3)).collect()
}

impl ActorRule {
    fn parse(s: &str) -> Option<ActorRule> {
        Some(match s {
            "*" => ActorRule::Any,
            "state" => ActorRule::State,
            "nonstate" => ActorRule::NonState,
            "police" => ActorRule::Police,
            "none" => ActorRule::Unnamed,
            "protesters" => ActorRule::Protesters,
            "mob" => ActorRule::Mob,
            "crowd" => ActorRule::Crowd,
            _ => return None,
        })
    }

    /// Whether `source` satisfies the rule in a snippet that reports nothing else.
    pub fn holds(self, source: Option<&ActorRef>) -> bool {
        self.holds_in(source, Scene::default())
    }

    /// Whether `source` satisfies the rule in a snippet that reports `scene`.
    pub fn holds_in(self, source: Option<&ActorRef>, scene: Scene) -> bool {
        let code = source.and_then(|a| a.code.as_deref()).unwrap_or("");
        let r = roles(code);
        match self {
            ActorRule::Any => true,
            ActorRule::State => {
                let international = code.starts_with("IGO") || code.starts_with("IMG");
                let state_role = ["GOV", "MIL", "COP", "SPY", "JUD", "LEG"].iter().any(|x| r.contains(x));
                let country = code.len() == 3 && !BARE_ROLES.contains(&code);
                !international && (country || state_role)
            }
            ActorRule::NonState => {
                code.starts_with("IMG") || ["REB", "INS", "UAF", "OPP", "CRM", "SEP"].iter().any(|x| r.contains(x))
            }
            ActorRule::Police => r.contains(&"COP") || source.is_some_and(|a| a.text.to_lowercase().contains("police")),
            ActorRule::Unnamed => source.is_none(),
            ActorRule::Protesters => (r.contains(&"OPP") && !is_mob(source)) || (scene.protest && is_mob(source)),
            ActorRule::Mob => is_mob(source) && !scene.protest,
            ActorRule::Crowd => source.is_none() && scene.protest,
            ActorRule::Words => true,
        }
    }
}

impl Mapping {
    /// Parses a table (see `mappings/plover_to_acled.tsv` for the columns).
    pub fn parse(text: &str, origin: &str) -> Result<Mapping, EvalError> {
        let mut rules = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let l = raw.trim_end_matches('\r');
            if l.trim().is_empty() || l.trim_start().starts_with('#') {
                continue;
            }
            let f: Vec<&str> = l.split('\t').map(str::trim).collect();
            if f.len() < 5 {
                return Err(EvalError::at(
                    origin,
                    line,
                    format!(
                        "expected 5 to 7 tab-separated columns (PLOVER, CAMEO, actor, trigger, label, rank, note), found {}",
                        f.len()
                    ),
                ));
            }
            let plover = match f[0] {
                "*" => None,
                p if !p.is_empty() && p.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') => Some(p.to_string()),
                p => {
                    return Err(EvalError::at(
                        origin,
                        line,
                        format!("{p:?} is not a PLOVER type, an incident kind or *"),
                    ))
                }
            };
            let cameo = match f[1] {
                "*" => String::new(),
                c if !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()) => c.to_string(),
                c => return Err(EvalError::at(origin, line, format!("{c:?} is not a CAMEO code prefix or *"))),
            };
            let (who, whom) = f[2].split_once('>').unwrap_or((f[2], "*"));
            let (actor, source_words) = match who.trim().strip_prefix('~') {
                Some(words) => {
                    let words: Vec<String> =
                        words.split(';').map(|w| w.trim().to_lowercase()).filter(|w| !w.is_empty()).collect();
                    if words.is_empty() {
                        return Err(EvalError::at(origin, line, "~ must be followed by words (~jet;warplane)"));
                    }
                    (ActorRule::Words, words)
                }
                None => (
                    ActorRule::parse(who.trim()).ok_or_else(|| {
                        EvalError::at(
                            origin,
                            line,
                            format!(
                                "{who:?} is not an actor rule (*, state, nonstate, police, none, protesters, mob, crowd, ~words)"
                            ),
                        )
                    })?,
                    Vec::new(),
                ),
            };
            let target = TargetRule::parse(whom.trim()).ok_or_else(|| {
                EvalError::at(
                    origin,
                    line,
                    format!("{whom:?} is not a target rule (*, civilians, armed, protesters, unarmed)"),
                )
            })?;
            let triggers = match f[3] {
                "*" => Vec::new(),
                t => t.split(';').map(|x| x.trim().to_lowercase()).filter(|x| !x.is_empty()).collect(),
            };
            let labels: Vec<String> = f[4].split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect();
            if labels.is_empty() {
                return Err(EvalError::at(origin, line, "no label"));
            }
            let rank = match f.get(5).copied() {
                None | Some("") => 1,
                Some(r) => r
                    .parse::<u8>()
                    .ok()
                    .filter(|r| *r >= 1)
                    .ok_or_else(|| EvalError::at(origin, line, format!("{r:?} is not a rank (1, 2, 3 ...)")))?,
            };
            rules.push(Rule { plover, cameo, actor, source_words, target, triggers, labels, rank, line });
        }
        Ok(Mapping { rules })
    }

    /// Reads a table from a file.
    pub fn read(path: &Path) -> Result<Mapping, EvalError> {
        Mapping::parse(&crate::read_text(path)?, &path.display().to_string())
    }

    /// The same table with every actor condition dropped (to see event typing apart from
    /// actor recognition).
    pub fn any_actor(&self) -> Mapping {
        let mut m = self.clone();
        for r in &mut m.rules {
            r.actor = ActorRule::Any;
            r.source_words.clear();
        }
        m
    }

    /// Every label some row produces.
    pub fn covered(&self) -> BTreeSet<String> {
        self.rules.iter().flat_map(|r| r.labels.iter().cloned()).collect()
    }

    /// The most specific row matching an event reported on its own, if any.
    pub fn rule_for(&self, event: &Event) -> Option<&Rule> {
        self.rule_in(event, Scene::default())
    }

    /// The most specific row matching an event of a snippet that reports `scene`.
    pub fn rule_in(&self, event: &Event, scene: Scene) -> Option<&Rule> {
        let plover = event.plover.to_uppercase();
        let trigger = event.trigger.text.to_lowercase();
        let source_text = event.source.as_ref().map(|a| a.text.to_lowercase()).unwrap_or_default();
        self.rules
            .iter()
            .filter(|r| r.plover.as_deref().is_none_or(|p| p == plover))
            .filter(|r| event.cameo.starts_with(&r.cameo))
            .filter(|r| r.triggers.is_empty() || r.triggers.iter().any(|t| trigger.starts_with(t.as_str())))
            .filter(|r| r.actor.holds_in(event.source.as_ref(), scene))
            .filter(|r| r.source_words.is_empty() || r.source_words.iter().any(|w| source_text.contains(w.as_str())))
            .filter(|r| r.target.holds(event.target.as_ref()))
            .max_by_key(|r| {
                (
                    !r.triggers.is_empty(),
                    r.cameo.len(),
                    r.target != TargetRule::Any,
                    r.actor != ActorRule::Any,
                    r.plover.is_some(),
                    std::cmp::Reverse(r.line),
                )
            })
    }

    /// The labels of one event.
    pub fn labels(&self, event: &Event) -> &[String] {
        self.rule_for(event).map_or(&[], |r| r.labels.as_slice())
    }
}

fn describe(e: &Event) -> String {
    let src = e.source.as_ref().map_or_else(|| "-".to_string(), |a| a.code.clone().unwrap_or_else(|| a.text.clone()));
    format!("{} {} {:?} src {}", e.plover, e.cameo, e.trigger.text, src)
}

fn events_of(record: &Extraction) -> String {
    if record.events.is_empty() && record.incidents.is_empty() {
        return "no events".into();
    }
    let incidents = record.incidents.iter().map(|i| format!("{} {:?}", i.kind, i.trigger.text));
    record.events.iter().map(describe).chain(incidents).collect::<Vec<_>>().join("; ")
}

// ---------------------------------------------------------------------------------------
// CASE 2021 Task 2.

/// One labelled snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub id: String,
    pub text: String,
    pub label: String,
}

/// Parses the task's TSV (`id<TAB>EventSnippet<TAB>SubType`, header first).
pub fn parse_case(path: &Path, text: &str) -> Result<Vec<Snippet>, EvalError> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let l = raw.trim_end_matches('\r');
        if l.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = l.split('\t').collect();
        if i == 0 && f.first().is_some_and(|x| x.trim_start_matches('\u{feff}') == "id") {
            continue;
        }
        if f.len() != 3 {
            return Err(EvalError::at(
                path,
                line,
                format!("expected 3 tab-separated fields (id, snippet, label), found {}", f.len()),
            ));
        }
        if f[2].trim().is_empty() {
            return Err(EvalError::at(path, line, "empty label"));
        }
        out.push(Snippet { id: f[0].trim().to_string(), text: f[1].to_string(), label: f[2].trim().to_string() });
    }
    if out.is_empty() {
        return Err(EvalError::file(path, "no snippets"));
    }
    Ok(out)
}

/// An incident read as an event for the mapping: its kind in upper case as the type
/// (`NATURAL_DISASTER`, `MAN_MADE_DISASTER`, `ORGANISED_CRIME`), no CAMEO code, no parties.
fn incident_event(i: &Incident) -> Event {
    Event {
        sentence: i.sentence,
        trigger: i.trigger.clone(),
        plover: i.kind.to_uppercase(),
        cameo: String::new(),
        source: None,
        target: None,
        factuality: Factuality::Asserted,
        claim: None,
        place: None,
        time: None,
        quantities: Vec::new(),
    }
}

/// The label sitrep gives a snippet: that of its mapped event or incident whose row ranks
/// highest, the first in text order among equals ("killed in an air strike" is an air
/// strike).
pub fn predict_one(mapping: &Mapping, record: &Extraction) -> Option<String> {
    let incidents: Vec<Event> = record.incidents.iter().map(incident_event).collect();
    let scene = Scene::of(&record.events);
    let mut events: Vec<&Event> = record.events.iter().chain(&incidents).collect();
    events.sort_by_key(|e| e.trigger.start);
    let mut best: Option<(u8, &String)> = None;
    for e in events {
        let Some(rule) = mapping.rule_in(e, scene) else { continue };
        let Some(label) = rule.labels.first() else { continue };
        // An act announced, possible or denied did not happen: it labels the snippet only
        // when nothing that happened does ("troops will withdraw under the agreement").
        let rank = if e.factuality == Factuality::Asserted { rule.rank } else { 0 };
        if best.is_none_or(|(best_rank, _)| rank > best_rank) {
            best = Some((rank, label));
        }
    }
    best.map(|(_, l)| l.clone())
}

/// Figures of a single-label classification.
#[derive(Debug, Clone, Default)]
pub struct SingleLabel {
    pub per_label: BTreeMap<String, Counts>,
    pub accuracy: Accuracy,
    pub accuracy_covered: Accuracy,
    pub predicted: usize,
}

/// Scores gold and predicted labels (one each; `None` = no prediction).
pub fn score_single(pairs: &[(String, Option<String>)], covered: &BTreeSet<String>) -> SingleLabel {
    let mut s = SingleLabel::default();
    for (gold, pred) in pairs {
        let ok = pred.as_deref() == Some(gold.as_str());
        s.accuracy.add(ok);
        if covered.contains(gold) {
            s.accuracy_covered.add(ok);
        }
        s.per_label.entry(gold.clone()).or_default();
        if let Some(p) = pred {
            s.predicted += 1;
            s.per_label.entry(p.clone()).or_default();
        }
        if ok {
            s.per_label.entry(gold.clone()).or_default().tp += 1;
        } else {
            s.per_label.entry(gold.clone()).or_default().fn_ += 1;
            if let Some(p) = pred {
                s.per_label.entry(p.clone()).or_default().fp += 1;
            }
        }
    }
    s
}

/// Runs the extractor over the CASE 2021 Task 2 snippets and scores event types.
pub fn evaluate_case(
    extractor: &Extractor,
    path: &Path,
    mapping: Option<&Path>,
    opts: &Options,
) -> Result<Report, EvalError> {
    let started = Instant::now();
    let run = crate::Runner::new(extractor);
    let file = if path.is_dir() { path.join("test_set_final_release_with_labels.tsv") } else { path.to_path_buf() };
    let snippets = opts.cut(parse_case(&file, &crate::read_text(&file)?)?);
    let (mapping, origin) = match mapping {
        Some(p) => (Mapping::read(p)?, p.display().to_string()),
        None => {
            (Mapping::parse(ACLED_TSV, "mappings/plover_to_acled.tsv")?, "mappings/plover_to_acled.tsv".to_string())
        }
    };
    let covered = mapping.covered();
    let results: Vec<(Option<String>, String)> = snippets
        .par_iter()
        .map(|s| {
            let record = run.extract(&crate::document(s.id.clone(), s.text.clone(), None));
            (predict_one(&mapping, &record), events_of(&record))
        })
        .collect();
    let pairs: Vec<(String, Option<String>)> =
        snippets.iter().zip(&results).map(|(s, (p, _))| (s.label.clone(), p.clone())).collect();
    let scores = score_single(&pairs, &covered);
    let mut log = ErrorLog::new(opts.errors);
    for (s, (p, events)) in snippets.iter().zip(&results) {
        if p.as_deref() == Some(s.label.as_str()) {
            continue;
        }
        let snippet: String = s.text.chars().take(160).collect();
        let category = match p {
            Some(p) => format!("{} predicted as {p}", s.label),
            None if covered.contains(&s.label) => format!("{} (covered) not predicted", s.label),
            None => format!("{} (not covered) not predicted", s.label),
        };
        log.add(category, || format!("#{} {snippet} | {events}", s.id));
    }
    let gold_labels: BTreeSet<&String> = snippets.iter().map(|s| &s.label).collect();
    let rows_per: Vec<Row> = scores
        .per_label
        .iter()
        .map(|(l, c)| {
            let note = if covered.contains(l) { "" } else { "not covered by the mapping" };
            Row::prf(l, *c).with_detail(note)
        })
        .collect();
    let covered_counts: Vec<&Counts> = scores
        .per_label
        .iter()
        .filter(|(l, _)| covered.contains(*l) && gold_labels.contains(l))
        .map(|(_, c)| c)
        .collect();
    let all_counts: Vec<&Counts> =
        scores.per_label.iter().filter(|(l, _)| gold_labels.contains(l)).map(|(_, c)| c).collect();
    let summary = vec![
        Row::accuracy("accuracy (all snippets)", scores.accuracy),
        Row::accuracy("accuracy (covered gold labels)", scores.accuracy_covered),
        Row::value(
            "macro-F1 (covered labels)",
            macro_f1(covered_counts.iter().copied()),
            format!("{} labels", covered_counts.len()),
        ),
        Row::value(
            "macro-F1 (all gold labels)",
            macro_f1(all_counts.iter().copied()),
            format!("{} labels", all_counts.len()),
        ),
        Row::value(
            "snippets with a prediction",
            scores.predicted as f64 / snippets.len().max(1) as f64,
            format!("{}/{}", scores.predicted, snippets.len()),
        ),
    ];
    Ok(Report {
        set: "case2021 task2".into(),
        path: file.display().to_string(),
        documents: snippets.len(),
        items: snippets.len(),
        item_kind: "labelled snippets".into(),
        seconds: started.elapsed().as_secs_f64(),
        tables: vec![
            Table { title: "event type".into(), rows: summary },
            Table { title: "per label".into(), rows: rows_per },
        ],
        notes: [format!(
            "mapping {origin}: a snippet takes the label of its highest-ranked mapped event; covered labels: {}",
            covered.iter().cloned().collect::<Vec<_>>().join(" ")
        )]
        .into_iter()
        .chain(run.note())
        .collect(),
        errors: log.into_groups(),
    })
}

// ---------------------------------------------------------------------------------------
// IndiaPoliceEvents.

/// The five IndiaPoliceEvents labels.
pub const IPE_LABELS: [&str; 5] = ["KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION"];

/// One labelled sentence.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct IpeSentence {
    pub doc_id: u64,
    pub sent_id: u64,
    pub sent_text: String,
    #[serde(default)]
    pub sent_labels: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct IpeDocLabels {
    doc_id: u64,
    #[serde(default)]
    doc_labels: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct IpeMeta {
    doc_id: u64,
    #[serde(default)]
    date: Option<String>,
}

fn jsonl<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, EvalError> {
    let text = crate::read_text(path)?;
    let mut out = Vec::new();
    for (i, l) in text.lines().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(l).map_err(|e| EvalError::at(path, i + 1, format!("bad record: {e}")))?);
    }
    Ok(out)
}

/// The set: sentences, each article's labels and date.
#[derive(Debug, Clone, Default)]
pub struct Ipe {
    pub sentences: Vec<IpeSentence>,
    pub doc_labels: HashMap<u64, Vec<String>>,
    pub dates: HashMap<u64, String>,
}

/// Reads `sents.jsonl`, `docs.jsonl` and `metadata.jsonl` from the folder.
pub fn read_ipe(dir: &Path) -> Result<Ipe, EvalError> {
    let mut sentences: Vec<IpeSentence> = jsonl(&dir.join("sents.jsonl"))?;
    sentences.sort_by_key(|s| (s.doc_id, s.sent_id));
    for (i, s) in sentences.iter().enumerate() {
        if let Some(bad) = s.sent_labels.iter().find(|l| !IPE_LABELS.contains(&l.as_str())) {
            return Err(EvalError::file(dir.join("sents.jsonl"), format!("sentence {i}: unknown label {bad:?}")));
        }
    }
    let docs: Vec<IpeDocLabels> = jsonl(&dir.join("docs.jsonl"))?;
    let meta: Vec<IpeMeta> = jsonl(&dir.join("metadata.jsonl"))?;
    Ok(Ipe {
        sentences,
        doc_labels: docs.into_iter().map(|d| (d.doc_id, d.doc_labels)).collect(),
        dates: meta.into_iter().filter_map(|m| Some((m.doc_id, m.date?))).collect(),
    })
}

/// IndiaPoliceEvents labels that say an act took place ("did the police arrest
/// someone?"): a planned, possible or negated event ("police will arrest", "failed to
/// arrest") gives none of them, only the labels about what police did at all.
pub const IPE_ACTS: [&str; 3] = ["KILL", "ARREST", "FORCE"];

/// The IndiaPoliceEvents label a statement by police gives: the set counts what police
/// say to the press ("police said the situation was under control") as police activity.
pub const IPE_STATEMENT: &str = "ANY_ACTION";

/// Whether a claim in the record is attributed to police ("police said", "a police
/// officer told reporters").
pub fn police_statement(record: &Extraction) -> bool {
    record.claims.iter().any(|c| c.speaker.as_ref().is_some_and(|s| s.text.to_lowercase().contains("police")))
}

/// The labels sitrep gives a sentence: the union over its events, less the labels in
/// `acts` for events that are not asserted.
pub fn predict_many(mapping: &Mapping, record: &Extraction, acts: &[&str]) -> BTreeSet<String> {
    record
        .events
        .iter()
        .flat_map(|e| {
            let asserted = e.factuality == Factuality::Asserted;
            mapping.labels(e).iter().filter(move |l| asserted || !acts.contains(&l.as_str())).cloned()
        })
        .collect()
}

/// Per-label binary counts over items with gold and predicted label sets.
pub fn score_multi(
    items: &[(BTreeSet<String>, BTreeSet<String>)],
    labels: &[&str],
) -> (Vec<Counts>, Accuracy, Accuracy) {
    let mut counts = vec![Counts::default(); labels.len()];
    let (mut exact, mut exact_labelled) = (Accuracy::default(), Accuracy::default());
    for (gold, pred) in items {
        for (i, l) in labels.iter().enumerate() {
            match (gold.contains(*l), pred.contains(*l)) {
                (true, true) => counts[i].tp += 1,
                (true, false) => counts[i].fn_ += 1,
                (false, true) => counts[i].fp += 1,
                (false, false) => {}
            }
        }
        let g: BTreeSet<&str> = gold.iter().map(String::as_str).filter(|l| labels.contains(l)).collect();
        let p: BTreeSet<&str> = pred.iter().map(String::as_str).filter(|l| labels.contains(l)).collect();
        exact.add(g == p);
        if !g.is_empty() {
            exact_labelled.add(g == p);
        }
    }
    (counts, exact, exact_labelled)
}

/// Runs the extractor over IndiaPoliceEvents sentences and scores police-action labels.
pub fn evaluate_ipe(
    extractor: &Extractor,
    dir: &Path,
    mapping: Option<&Path>,
    opts: &Options,
) -> Result<Report, EvalError> {
    let started = Instant::now();
    let run = crate::Runner::new(extractor);
    let mut ipe = read_ipe(dir)?;
    ipe.sentences = opts.cut(std::mem::take(&mut ipe.sentences));
    let (mapping, origin) = match mapping {
        Some(p) => (Mapping::read(p)?, p.display().to_string()),
        None => (Mapping::parse(IPE_TSV, "mappings/plover_to_ipe.tsv")?, "mappings/plover_to_ipe.tsv".to_string()),
    };
    let covered = mapping.covered();
    let anyone = mapping.any_actor();
    /// What sitrep said about one sentence.
    struct Said {
        labels: BTreeSet<String>,
        /// With the police condition dropped.
        anyone: BTreeSet<String>,
        events: String,
    }
    let said: Vec<Said> = ipe
        .sentences
        .par_iter()
        .map(|s| {
            let id = format!("{}-{}", s.doc_id, s.sent_id);
            let record = run.extract(&crate::document(id, s.sent_text.clone(), ipe.dates.get(&s.doc_id).cloned()));
            let mut labels = predict_many(&mapping, &record, &IPE_ACTS);
            if police_statement(&record) && covered.contains(IPE_STATEMENT) {
                labels.insert(IPE_STATEMENT.to_string());
            }
            Said { labels, anyone: predict_many(&anyone, &record, &IPE_ACTS), events: events_of(&record) }
        })
        .collect();
    let preds: Vec<(&BTreeSet<String>, &String)> = said.iter().map(|x| (&x.labels, &x.events)).collect();
    let relaxed: Vec<BTreeSet<String>> = said.iter().map(|x| x.anyone.clone()).collect();
    let items: Vec<(BTreeSet<String>, BTreeSet<String>)> = ipe
        .sentences
        .iter()
        .zip(&preds)
        .map(|(s, (p, _))| (s.sent_labels.iter().cloned().collect(), (*p).clone()))
        .collect();
    let (counts, exact, exact_labelled) = score_multi(&items, &IPE_LABELS);
    let relaxed_items: Vec<(BTreeSet<String>, BTreeSet<String>)> =
        items.iter().zip(relaxed).map(|((g, _), p)| (g.clone(), p)).collect();
    let (relaxed_counts, _, _) = score_multi(&relaxed_items, &IPE_LABELS);
    let mut log = ErrorLog::new(opts.errors);
    for ((s, (p, events)), (g, _)) in ipe.sentences.iter().zip(&preds).zip(&items) {
        for l in IPE_LABELS {
            let text = || {
                format!(
                    "doc {} sent {}: {} | {events}",
                    s.doc_id,
                    s.sent_id,
                    s.sent_text.chars().take(160).collect::<String>()
                )
            };
            match (g.contains(l), p.contains(l)) {
                (true, false) => log.add(format!("missed {l}"), text),
                (false, true) => log.add(format!("spurious {l}"), text),
                _ => {}
            }
        }
    }
    // Document level: a document has a label when one of its sentences has it.
    let mut doc_pred: BTreeMap<u64, BTreeSet<String>> = BTreeMap::new();
    for (s, (p, _)) in ipe.sentences.iter().zip(&preds) {
        doc_pred.entry(s.doc_id).or_default().extend(p.iter().cloned());
    }
    let doc_items: Vec<(BTreeSet<String>, BTreeSet<String>)> = doc_pred
        .iter()
        .map(|(d, p)| (ipe.doc_labels.get(d).map(|v| v.iter().cloned().collect()).unwrap_or_default(), p.clone()))
        .collect();
    let (doc_counts, doc_exact, _) = score_multi(&doc_items, &IPE_LABELS);
    let note = |l: &str| if covered.contains(l) { "" } else { "not covered by the mapping" };
    let sent_rows: Vec<Row> =
        IPE_LABELS.iter().zip(&counts).map(|(l, c)| Row::prf(*l, *c).with_detail(note(l))).collect();
    let covered_counts: Vec<&Counts> =
        IPE_LABELS.iter().zip(&counts).filter(|(l, _)| covered.contains(**l)).map(|(_, c)| c).collect();
    let summary = vec![
        Row::accuracy("subset accuracy (all sentences)", exact),
        Row::accuracy("subset accuracy (labelled sentences)", exact_labelled),
        Row::value(
            "macro-F1 (covered labels)",
            macro_f1(covered_counts.iter().copied()),
            format!("{} labels", covered_counts.len()),
        ),
        Row::value("macro-F1 (all five labels)", macro_f1(&counts), ""),
    ];
    let doc_rows: Vec<Row> = IPE_LABELS
        .iter()
        .zip(&doc_counts)
        .map(|(l, c)| Row::prf(*l, *c).with_detail(note(l)))
        .chain([
            Row::accuracy("subset accuracy", doc_exact),
            Row::value("macro-F1 (all five labels)", macro_f1(&doc_counts), ""),
        ])
        .collect();
    let labelled = ipe.sentences.iter().filter(|s| !s.sent_labels.is_empty()).count();
    Ok(Report {
        set: "india_police_events".into(),
        path: dir.display().to_string(),
        documents: ipe.sentences.len(),
        items: labelled,
        item_kind: "sentences with a gold label".into(),
        seconds: started.elapsed().as_secs_f64(),
        tables: vec![
            Table { title: "sentence level".into(), rows: summary },
            Table { title: "sentence level, per label".into(), rows: sent_rows },
            Table { title: format!("document level ({} documents)", doc_items.len()), rows: doc_rows },
            Table {
                title: "sentence level, any source (the police condition dropped)".into(),
                rows: IPE_LABELS
                    .iter()
                    .zip(&relaxed_counts)
                    .map(|(l, c)| Row::prf(*l, *c).with_detail(note(l)))
                    .chain([Row::value("macro-F1 (all five labels)", macro_f1(&relaxed_counts), "")])
                    .collect(),
            },
        ],
        notes: [format!(
            "mapping {origin}: a sentence's labels are the union over its events; each sentence is extracted on its own, \
             dated by its article; covered labels: {}",
            covered.iter().cloned().collect::<Vec<_>>().join(" ")
        )]
        .into_iter()
        .chain(run.note())
        .collect(),
        errors: log.into_groups(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(plover: &str, cameo: &str, trigger: &str, source: Option<(&str, &str)>, at: usize) -> Event {
        Event {
            source: source.map(|(text, code)| crate::testing::actor(text, code)),
            ..crate::testing::event(plover, cameo, trigger, at)
        }
    }

    #[test]
    fn builtin_tables_parse() {
        let acled = Mapping::parse(ACLED_TSV, "acled").unwrap();
        assert!(acled.covered().contains("AIR_STRIKE"));
        assert!(acled.covered().contains("NATURAL_DISASTER") && acled.covered().contains("ORG_CRIME"));
        assert!(!acled.covered().contains("OTHER"));
        let ipe = Mapping::parse(IPE_TSV, "ipe").unwrap();
        assert!(!ipe.covered().contains("FAIL"));
    }

    #[test]
    fn the_most_specific_row_wins() {
        let m = Mapping::parse(ACLED_TSV, "acled").unwrap();
        let label = |e: &Event| m.labels(e).first().cloned();
        assert_eq!(label(&event("ASSAULT", "195", "airstrike", None, 0)).as_deref(), Some("AIR_STRIKE"));
        assert_eq!(label(&event("ASSAULT", "1831", "suicide bombing", None, 0)).as_deref(), Some("SUIC_BOMB"));
        assert_eq!(label(&event("ASSAULT", "183", "explosion", None, 0)).as_deref(), Some("REM_EXPLOS"));
        assert_eq!(label(&event("ASSAULT", "182", "beat", None, 0)).as_deref(), Some("ATTACK"));
        assert_eq!(
            label(&event("COERCE", "192", "recaptured", Some(("ISIS fighters", "IMGMUSISI")), 0)).as_deref(),
            Some("NON_STATE_ACTOR_OVERTAKES_TER")
        );
        assert_eq!(
            label(&event("COERCE", "192", "retook", Some(("the army", "SYRMIL")), 0)).as_deref(),
            Some("GOV_REGAINS_TERIT")
        );
        assert_eq!(label(&event("ACCUSE", "112", "blamed", None, 0)).as_deref(), Some("ATTRIB"));
        assert_eq!(label(&event("AID", "073", "sent", None, 0)), None);
    }

    #[test]
    fn the_highest_ranked_event_labels_a_snippet() {
        let m = Mapping::parse(ACLED_TSV, "acled").unwrap();
        let record = |events: Vec<Event>| Extraction { events, ..Extraction::default() };
        // "Six civilians were killed in an air strike": the means decides, not the order.
        let r =
            record(vec![event("ASSAULT", "190", "killed", None, 0), event("ASSAULT", "195", "air strike", None, 30)]);
        assert_eq!(predict_one(&m, &r).as_deref(), Some("AIR_STRIKE"));
        // Among equals the first one wins.
        let r = record(vec![event("PROTEST", "141", "rallied", None, 0), event("COERCE", "173", "arrested", None, 20)]);
        assert_eq!(predict_one(&m, &r).as_deref(), Some("PEACE_PROTEST"));
        // Dispersal short of lethal force is a protest with intervention; a crackdown is force.
        let r = record(vec![event("PROTEST", "141", "protest", None, 0), event("ASSAULT", "175", "tear gas", None, 9)]);
        assert_eq!(predict_one(&m, &r).as_deref(), Some("PROTEST_WITH_INTER"));
        let r = record(vec![event("ASSAULT", "175", "violent crackdown", None, 0)]);
        assert_eq!(predict_one(&m, &r).as_deref(), Some("FORCE_AGAINST_PROTEST"));
        assert_eq!(predict_one(&m, &record(vec![])), None);
        // "Under the deal, troops will withdraw": the withdrawal has not happened.
        let planned = Event { factuality: Factuality::Planned, ..event("RETREAT", "0874", "withdraw", None, 30) };
        let r = record(vec![event("AGREE", "030", "agreed", None, 60), planned.clone()]);
        assert_eq!(predict_one(&m, &r).as_deref(), Some("AGREEMENT"));
        assert_eq!(predict_one(&m, &record(vec![planned])).as_deref(), Some("NON_VIOL_TERRIT_TRANSFER"));
    }

    #[test]
    fn bare_role_codes_and_unnamed_sources() {
        let police = ActorRef { text: "police".into(), entity: None, code: Some("COP".into()), country: None };
        let rebels = ActorRef { text: "rebels".into(), entity: None, code: Some("REB".into()), country: None };
        assert!(ActorRule::State.holds(Some(&police)));
        assert!(!ActorRule::State.holds(Some(&rebels)));
        assert!(ActorRule::NonState.holds(Some(&rebels)));
        assert!(ActorRule::Police.holds(Some(&police)));
        assert!(ActorRule::Unnamed.holds(None));
        assert!(!ActorRule::Unnamed.holds(Some(&police)));
        let ipe = Mapping::parse(IPE_TSV, "ipe").unwrap();
        // "Eleven people were arrested": arrests with no named agent are police arrests.
        assert_eq!(ipe.labels(&event("COERCE", "173", "arrested", None, 0)).to_vec(), vec!["ARREST", "ANY_ACTION"]);
        assert!(ipe.labels(&event("ASSAULT", "190", "killed", None, 0)).is_empty());
    }

    #[test]
    fn the_kind_of_target_and_source_decides_the_acled_type() {
        let m = Mapping::parse(ACLED_TSV, "acled").unwrap();
        let with = |e: Event, target: Option<(&str, &str)>| Event {
            target: target.map(|(t, c)| crate::testing::actor(t, c)),
            ..e
        };
        let label = |e: &Event| m.labels(e).first().cloned();
        let shot = event("ASSAULT", "193", "shot dead", Some(("gunmen", "UAF")), 0);
        assert_eq!(label(&with(shot.clone(), Some(("villagers", "CVL")))).as_deref(), Some("ATTACK"));
        assert_eq!(label(&with(shot.clone(), Some(("soldiers", "NGAMIL")))).as_deref(), Some("ARMED_CLASH"));
        assert_eq!(label(&with(shot.clone(), Some(("protesters", "OPP")))).as_deref(), Some("FORCE_AGAINST_PROTEST"));
        // The means still wins over the victims: an air strike on civilians is an air strike.
        let strike = event("ASSAULT", "195", "air strike", None, 0);
        assert_eq!(label(&with(strike, Some(("civilians", "CVL")))).as_deref(), Some("AIR_STRIKE"));
        // Arresting protesters is intervention in a protest; an opposition leader, an arrest.
        let arrest = event("COERCE", "173", "arrested", Some(("police", "COP")), 0);
        assert_eq!(label(&with(arrest.clone(), Some(("protesters", "OPP")))).as_deref(), Some("PROTEST_WITH_INTER"));
        assert_eq!(label(&with(arrest, Some(("opposition leader", "OPP")))).as_deref(), Some("ARREST"));
        // Who does the violence: protesters, a mob.
        let torched = |src: (&'static str, &'static str)| event("ASSAULT", "1712", "torched", Some(src), 0);
        assert_eq!(label(&torched(("protesters", "OPP"))).as_deref(), Some("VIOL_DEMONSTR"));
        assert_eq!(label(&torched(("a mob", "CVL"))).as_deref(), Some("MOB_VIOL"));
        assert_eq!(label(&torched(("militants", "UAF"))).as_deref(), Some("PROPERTY_DISTRUCT"));
        // Weapons seized by security forces, defused or intercepted: disrupted weapons use.
        let seized = |src: Option<(&'static str, &'static str)>| event("COERCE", "1711", "seized", src, 0);
        assert_eq!(label(&seized(Some(("police", "COP")))).as_deref(), Some("DISR_WEAP"));
        assert_eq!(label(&seized(None)).as_deref(), Some("DISR_WEAP"));
        assert_eq!(label(&seized(Some(("militants", "UAF")))).as_deref(), Some("PROPERTY_DISTRUCT"));
        assert_eq!(label(&event("ASSAULT", "190", "intercepted", None, 0)).as_deref(), Some("DISR_WEAP"));
        // A defusal outranks the bomb it names.
        let record = Extraction {
            events: vec![event("ASSAULT", "1833", "IED", None, 0), event("COERCE", "1711", "defused", None, 8)],
            ..Extraction::default()
        };
        assert_eq!(predict_one(&m, &record).as_deref(), Some("DISR_WEAP"));
    }

    #[test]
    fn a_protest_report_makes_unnamed_violence_the_crowds() {
        let m = Mapping::parse(ACLED_TSV, "acled").unwrap();
        let with_target = |e: Event, t: (&str, &str)| Event { target: Some(crate::testing::actor(t.0, t.1)), ..e };
        let record = |events: Vec<Event>| Extraction { events, ..Extraction::default() };
        // "Clashes with police broke out during the protest": the demonstrators fought.
        let clash = with_target(event("ASSAULT", "190", "clashes", None, 0), ("police", "COP"));
        let protest = event("PROTEST", "141", "protest", None, 40);
        assert_eq!(predict_one(&m, &record(vec![clash.clone(), protest.clone()])).as_deref(), Some("VIOL_DEMONSTR"));
        // Without a protest, a clash with police is a battle.
        assert_eq!(predict_one(&m, &record(vec![clash])).as_deref(), Some("ARMED_CLASH"));
        // Rioters in a protest report are demonstrators turned violent; on their own, a mob.
        let torched = event("ASSAULT", "1712", "torched", Some(("rioters", "CVL")), 0);
        assert_eq!(predict_one(&m, &record(vec![torched.clone(), protest])).as_deref(), Some("VIOL_DEMONSTR"));
        assert_eq!(predict_one(&m, &record(vec![torched])).as_deref(), Some("MOB_VIOL"));
        // A riot is no peaceful protest that could make a mob demonstrators.
        assert!(!Scene::of(&[event("PROTEST", "145", "rioted", Some(("a mob", "CVL")), 0)]).protest);
    }

    #[test]
    fn unarmed_victims_and_the_means_named_as_attacker() {
        let m = Mapping::parse(ACLED_TSV, "acled").unwrap();
        let label = |e: &Event| m.labels(e).first().cloned();
        let shot = |t: (&str, &str)| Event {
            target: Some(crate::testing::actor(t.0, t.1)),
            ..event("ASSAULT", "193", "shot dead", Some(("gunmen", "UAF")), 0)
        };
        assert_eq!(label(&shot(("a local politician", "PTY"))).as_deref(), Some("ATTACK"));
        assert_eq!(label(&shot(("a judge", "JUD"))).as_deref(), Some("ATTACK"));
        assert_eq!(label(&shot(("Syria", "SYR"))).as_deref(), Some("ARMED_CLASH"));
        let raid = |src: (&'static str, &'static str)| event("ASSAULT", "190", "raids", Some(src), 0);
        assert_eq!(label(&raid(("Russian jets", "RUS"))).as_deref(), Some("AIR_STRIKE"));
        assert_eq!(label(&raid(("army artillery", "MIL"))).as_deref(), Some("ART_MISS_ATTACK"));
        assert_eq!(label(&raid(("Russian troops", "RUSMIL"))).as_deref(), Some("ARMED_CLASH"));
        let e = Mapping::parse("ASSAULT\t19\t~\t*\tAIR_STRIKE\n", "m.tsv").unwrap_err();
        assert!(e.to_string().contains("~ must be followed by words"), "{e}");
    }

    #[test]
    fn incidents_map_to_the_unseen_types() {
        let m = Mapping::parse(ACLED_TSV, "acled").unwrap();
        let incident = |kind: &str, word: &str, at: usize| Incident {
            sentence: 0,
            trigger: sitrep_model::Span { text: word.into(), start: at, end: at + word.len() },
            kind: kind.into(),
            class: String::new(),
        };
        let record =
            |events: Vec<Event>, incidents: Vec<Incident>| Extraction { events, incidents, ..Extraction::default() };
        // "Floods killed 12": the hazard, not the deaths.
        let r =
            record(vec![event("ASSAULT", "190", "killed", None, 7)], vec![incident("natural_disaster", "Floods", 0)]);
        assert_eq!(predict_one(&m, &r).as_deref(), Some("NATURAL_DISASTER"));
        // An arrest for drug trafficking is news about crime.
        let r = record(
            vec![event("COERCE", "173", "arrested", Some(("police", "COP")), 7)],
            vec![incident("organised_crime", "drug trafficking", 30)],
        );
        assert_eq!(predict_one(&m, &r).as_deref(), Some("ORG_CRIME"));
        let r = record(
            vec![event("ASSAULT", "183", "explosion", None, 3)],
            vec![incident("man_made_disaster", "explosion", 3)],
        );
        assert_eq!(predict_one(&m, &r).as_deref(), Some("MAN_MADE_DISASTER"));
        // "Thousands protested against corruption": the crime is the grievance.
        let r = record(
            vec![event("PROTEST", "141", "protested", None, 10)],
            vec![incident("organised_crime", "corruption", 30)],
        );
        assert_eq!(predict_one(&m, &r).as_deref(), Some("PEACE_PROTEST"));
    }

    #[test]
    fn target_rules_parse_after_the_source() {
        let m = Mapping::parse("ASSAULT\t19\tstate>civilians\t*\tATTACK\n", "m.tsv").unwrap();
        assert_eq!((m.rules[0].actor, m.rules[0].target), (ActorRule::State, TargetRule::Civilians));
        let e = Mapping::parse("ASSAULT\t19\t*>children\t*\tATTACK\n", "m.tsv").unwrap_err();
        assert!(e.to_string().starts_with("m.tsv:1: \"children\" is not a target rule"), "{e}");
    }

    #[test]
    fn bad_rows_name_the_line() {
        let e = Mapping::parse("# c\nASSAULT\t19x\t*\t*\tATTACK\n", "m.tsv").unwrap_err();
        assert_eq!(e.to_string(), "m.tsv:2: \"19x\" is not a CAMEO code prefix or *");
        let e = Mapping::parse("ASSAULT\t*\tsomeone\t*\tATTACK\n", "m.tsv").unwrap_err();
        assert!(e.to_string().starts_with("m.tsv:1: \"someone\" is not an actor rule"), "{e}");
        let e = Mapping::parse("ASSAULT\t*\t*\t*\tATTACK\t0\tnote\n", "m.tsv").unwrap_err();
        assert_eq!(e.to_string(), "m.tsv:1: \"0\" is not a rank (1, 2, 3 ...)");
    }

    #[test]
    fn police_rows_and_triggers() {
        let m = Mapping::parse(IPE_TSV, "ipe").unwrap();
        let labels = |e: &Event| m.labels(e).to_vec();
        assert_eq!(
            labels(&event("ASSAULT", "190", "killed", Some(("police", "INDCOP")), 0)),
            vec!["KILL", "FORCE", "ANY_ACTION"]
        );
        assert_eq!(
            labels(&event("ASSAULT", "193", "fired", Some(("the police", "IND")), 0)),
            vec!["FORCE", "ANY_ACTION"]
        );
        assert_eq!(
            labels(&event("COERCE", "173", "arrested", Some(("cops", "INDCOP")), 0)),
            vec!["ARREST", "ANY_ACTION"]
        );
        assert!(labels(&event("COERCE", "173", "arrested", Some(("the army", "INDMIL")), 0)).is_empty());
        assert_eq!(labels(&event("CONSULT", "040", "met", Some(("police chief", "INDCOP")), 0)), vec!["ANY_ACTION"]);
        // Curfews and security tightened are police acts whoever is named.
        assert_eq!(labels(&event("COERCE", "1723", "curfew", None, 0)), vec!["ANY_ACTION"]);
        assert_eq!(labels(&event("MOBILIZE", "151", "tightened", Some(("authorities", "GOV")), 0)), vec!["ANY_ACTION"]);
    }

    #[test]
    fn statements_by_police_are_police_activity() {
        let span = |t: &str| sitrep_model::Span { text: t.into(), start: 0, end: t.len() };
        let claim = |speaker: &str| sitrep_model::Claim {
            sentence: 0,
            speaker: Some(sitrep_model::Speaker { text: speaker.into(), entity: None, name: None }),
            cue: span("said"),
            content: span("the situation was under control"),
            direct: false,
            stance: sitrep_model::Stance::Neutral,
        };
        let record = |c| Extraction { claims: vec![c], ..Extraction::default() };
        assert!(police_statement(&record(claim("the city police"))));
        assert!(!police_statement(&record(claim("the minister"))));
        assert!(!police_statement(&Extraction::default()));
    }

    #[test]
    fn acts_that_did_not_happen_are_only_police_activity() {
        let m = Mapping::parse(IPE_TSV, "ipe").unwrap();
        let arrest = |factuality| Event { factuality, ..event("COERCE", "173", "arrest", Some(("police", "COP")), 0) };
        let record = |e: Event| Extraction { events: vec![e], ..Extraction::default() };
        let labels = |f| predict_many(&m, &record(arrest(f)), &IPE_ACTS).into_iter().collect::<Vec<_>>();
        assert_eq!(labels(Factuality::Asserted), vec!["ANY_ACTION", "ARREST"]);
        // "police failed to arrest the accused", "police will arrest them".
        assert_eq!(labels(Factuality::Negated), vec!["ANY_ACTION"]);
        assert_eq!(labels(Factuality::Planned), vec!["ANY_ACTION"]);
    }

    #[test]
    fn single_label_figures() {
        let covered: BTreeSet<String> = ["A", "B"].iter().map(|s| s.to_string()).collect();
        let s = |x: &str| x.to_string();
        let pairs = vec![(s("A"), Some(s("A"))), (s("A"), Some(s("B"))), (s("B"), None), (s("C"), None)];
        let r = score_single(&pairs, &covered);
        assert_eq!(r.accuracy, Accuracy { correct: 1, total: 4 });
        assert_eq!(r.accuracy_covered, Accuracy { correct: 1, total: 3 });
        assert_eq!(r.per_label["A"], Counts::new(1, 0, 1));
        assert_eq!(r.per_label["B"], Counts::new(0, 1, 1));
        assert_eq!(r.per_label["C"], Counts::new(0, 0, 1));
        assert_eq!(r.predicted, 2);
    }

    #[test]
    fn multi_label_figures() {
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<String>>();
        let items = vec![
            (set(&["ARREST", "ANY_ACTION"]), set(&["ARREST", "ANY_ACTION"])),
            (set(&["FORCE", "ANY_ACTION"]), set(&["ANY_ACTION"])),
            (set(&[]), set(&["ANY_ACTION"])),
            (set(&[]), set(&[])),
        ];
        let (c, exact, labelled) = score_multi(&items, &IPE_LABELS);
        assert_eq!(c[1], Counts::new(1, 0, 0));
        assert_eq!(c[3], Counts::new(0, 0, 1));
        assert_eq!(c[4], Counts::new(2, 1, 0));
        assert_eq!(exact, Accuracy { correct: 2, total: 4 });
        assert_eq!(labelled, Accuracy { correct: 1, total: 2 });
    }

    #[test]
    fn case_tsv_reads_and_rejects_bad_lines() {
        let ok = parse_case(Path::new("t.tsv"), "id\tEventSnippet\tSubType\n1\tJets struck.\tAIR_STRIKE\n").unwrap();
        assert_eq!(ok, vec![Snippet { id: "1".into(), text: "Jets struck.".into(), label: "AIR_STRIKE".into() }]);
        let e = parse_case(Path::new("t.tsv"), "id\tEventSnippet\tSubType\n1\tno label\n").unwrap_err();
        assert_eq!(e.to_string(), "t.tsv:2: expected 3 tab-separated fields (id, snippet, label), found 2");
    }

    #[test]
    #[ignore = "reads /work/shared/data"]
    fn real_sets_read() {
        let c = parse_case(
            Path::new("x"),
            &crate::read_text(Path::new("/work/shared/data/case2021_task2/test_set_final_release_with_labels.tsv"))
                .unwrap(),
        )
        .unwrap();
        assert_eq!(c.len(), 1019);
        let ipe = read_ipe(Path::new("/work/shared/data/india_police_events")).unwrap();
        assert_eq!(ipe.sentences.len(), 21391);
        assert_eq!(ipe.sentences.iter().filter(|s| !s.sent_labels.is_empty()).count(), 2239);
        assert_eq!(ipe.doc_labels.len(), 1257);
    }
}
