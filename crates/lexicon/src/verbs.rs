//! `verbs.txt`: the event patterns, words that make a political event of a PLOVER type and
//! CAMEO code.
//!
//! ```text
//! PLOVER | CAMEO | kind | forms                           | object heads                     | target prepositions
//! AID    | 073   | verb | send; sends; sent; sending      | humanitarian aid; food; medicine | to
//! AID    | 072   | verb | send; sends; sent; sending      | troops; weapons; ammunition      | to
//! ASSAULT| 190   | noun | invasion; invasions             |                                  | of; into
//! ```
//! "Seoul has sent humanitarian aid to Kyiv" is AID 073 from Seoul to Kyiv. A verb often
//! changes code with its object ("send troops", "send humanitarian aid"), so a line may name
//! the object heads that select it; the line without object heads is the form's default
//! reading, and a form with no such line is an event only with one of its objects ("launch"
//! is an event in "launched missiles", not in "launched a website"). The target is the direct
//! object when it is an actor, else the actor after one of the target prepositions.
//!
//! Codes follow PLOVER's CAMEO2PLOVER table; the file's header explains the columns and the
//! matching rules for analysts who extend it.

use crate::{records, LexiconError};

pub const FILE: &str = "verbs.txt";

/// The 16 PLOVER event types, in the codebook's order.
pub const PLOVER_TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// Whether a pattern's forms are verb inflections or an event noun's singular and plural.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PatternKind {
    /// "deploy; deploys; deployed; deploying"
    Verb,
    /// A nominal event: "invasion; invasions", "talks", "air strike; air strikes".
    Noun,
}

/// Which party of the event the verb's subject is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SubjectRole {
    /// The subject acts: "Seoul sent aid to Kyiv".
    #[default]
    Source,
    /// The subject undergoes the act of the party after a target preposition: "the
    /// prisoners were freed from X" (X frees them).
    Target,
    /// Joined subjects act on each other: "Gondor and Osgiliath have postponed ..."
    /// is Gondor to Osgiliath and Osgiliath to Gondor.
    Mutual,
}

/// One line of `verbs.txt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbPattern {
    /// PLOVER event type, upper case (one of [`PLOVER_TYPES`]); empty only for a code of an
    /// imported dictionary that is not a CAMEO code and has no PLOVER type ("903").
    pub plover: String,
    /// CAMEO code, 2 to 4 digits kept as text ("073", "1041", "19"); an imported dictionary
    /// may use codes of its own outside CAMEO's roots ("903", "212", "174K").
    pub cameo: String,
    pub kind: PatternKind,
    /// Lower-case inflected forms; multi-word forms match consecutive words.
    pub forms: Vec<String>,
    /// Lower-case object heads that select this line; empty for the default reading.
    pub objects: Vec<String>,
    /// Prepositions that introduce the target ("to", "with", "against"), or the source when
    /// `subject` is [`SubjectRole::Target`].
    pub target_preps: Vec<String>,
    /// Words that must come before the verb in its clause, in this order, other words
    /// allowed between slots ("said ... would"); each slot lists alternative lower-case
    /// phrases whose words are consecutive. Empty: no condition. (`verbs.txt` has none; the
    /// PETRARCH import fills it from patterns with words before the verb.)
    pub before: Vec<Vec<String>>,
    /// Which party the verb's subject is.
    pub subject: SubjectRole,
}

impl VerbPattern {
    /// Whether this is the default reading of its forms (no object heads, no words before
    /// the verb, the subject as the source).
    pub fn is_default(&self) -> bool {
        self.objects.is_empty() && self.before.is_empty() && self.subject == SubjectRole::Source
    }

    /// The length in bytes of the phrases of the first match of [`VerbPattern::before`]'s
    /// slots, in order, in `words` (lower case, single spaces); `None` when a slot does not
    /// match.
    pub fn before_matches(&self, words: &str) -> Option<usize> {
        let list: Vec<&str> = words.split(' ').filter(|w| !w.is_empty()).collect();
        let mut at = 0;
        let mut matched = 0;
        for slot in &self.before {
            let (end, n) = (at..list.len()).find_map(|i| {
                slot.iter().find_map(|phrase| {
                    let n = phrase.split(' ').count();
                    let hit = list.get(i..i + n).is_some_and(|w| w.iter().copied().eq(phrase.split(' ')));
                    hit.then_some((i + n, phrase.len()))
                })
            })?;
            at = end;
            matched += n;
        }
        Some(matched)
    }

    /// The CAMEO root: the code's first two digits ("073" -> "07").
    pub fn cameo_root(&self) -> &str {
        self.cameo.get(..2).unwrap_or(&self.cameo)
    }
}

fn lower_list(items: Vec<&str>) -> Vec<String> {
    items.into_iter().map(str::to_lowercase).collect()
}

/// Parses `verbs.txt`; `file` names the file in error messages.
pub fn parse(text: &str, file: &str) -> Result<Vec<VerbPattern>, LexiconError> {
    let mut out = Vec::new();
    for r in records(text) {
        let err = |message: String| LexiconError::Syntax { file: file.to_string(), line: r.line, message };
        if r.fields.len() < 4 || r.fields.len() > 6 {
            return Err(err(format!(
                "expected 'PLOVER | CAMEO | kind | forms | object heads | target prepositions', found {} fields",
                r.fields.len()
            )));
        }
        let plover = r.field(0);
        if !PLOVER_TYPES.contains(&plover) {
            return Err(err(format!("unknown PLOVER type '{plover}' (expected one of {})", PLOVER_TYPES.join(", "))));
        }
        let cameo = r.field(1);
        if !(2..=4).contains(&cameo.len()) || !cameo.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(format!("CAMEO code '{cameo}' is not 2 to 4 digits")));
        }
        let kind = match r.field(2) {
            "verb" => PatternKind::Verb,
            "noun" => PatternKind::Noun,
            other => return Err(err(format!("unknown kind '{other}' (expected 'verb' or 'noun')"))),
        };
        let forms = lower_list(r.list(3));
        if forms.is_empty() {
            return Err(err("no forms".to_string()));
        }
        out.push(VerbPattern {
            plover: plover.to_string(),
            cameo: cameo.to_string(),
            kind,
            forms,
            objects: lower_list(r.list(4)),
            target_preps: lower_list(r.list(5)),
            before: Vec::new(),
            subject: SubjectRole::Source,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn parses_all_fields() {
        let text = "# header\nAID | 073 | verb | Send; sends; sent | humanitarian aid; food | to  # note\n\
                    ASSAULT | 19 | noun | invasion; invasions | | of; into\nCONSULT | 040 | verb | meet; met\n";
        let p = parse(text, "t").unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].plover, "AID");
        assert_eq!(p[0].cameo, "073");
        assert_eq!(p[0].kind, PatternKind::Verb);
        assert_eq!(p[0].forms, vec!["send", "sends", "sent"]);
        assert_eq!(p[0].objects, vec!["humanitarian aid", "food"]);
        assert_eq!(p[0].target_preps, vec!["to"]);
        assert!(!p[0].is_default());
        assert_eq!(p[1].kind, PatternKind::Noun);
        assert!(p[1].is_default());
        assert_eq!(p[1].cameo_root(), "19");
        assert_eq!(p[1].target_preps, vec!["of", "into"]);
        assert!(p[2].objects.is_empty() && p[2].target_preps.is_empty());
    }

    fn error_of(text: &str) -> String {
        parse(text, "verbs.txt").unwrap_err().to_string()
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = error_of("# c\nAID | 073 | verb | send\nFIGHT | 190 | verb | fight\n");
        assert!(e.starts_with("verbs.txt:3:"), "{e}");
        assert!(e.contains("FIGHT"), "{e}");
        let e = error_of("AID | 73a | verb | send\n");
        assert!(e.starts_with("verbs.txt:1:") && e.contains("73a"), "{e}");
        assert!(error_of("AID | 07311 | verb | send\n").contains("07311"));
        assert!(error_of("AID | 0 | verb | send\n").contains("CAMEO"));
        let e = error_of("\nAID | 073 | adjective | send\n");
        assert!(e.starts_with("verbs.txt:2:") && e.contains("adjective"), "{e}");
        assert!(error_of("AID | 073 | verb | ;\n").contains("no forms"));
        assert!(error_of("AID | 073 | verb\n").contains("fields"));
        assert!(error_of("AID | 073 | verb | send | aid | to | extra\n").contains("fields"));
        assert!(error_of("aid | 073 | verb | send\n").contains("aid"));
    }

    /// CAMEO code prefixes and the PLOVER type CAMEO2PLOVER-2021 maps them to; the longest
    /// matching prefix decides (163 is COERCE although 16 is SANCTION).
    const CAMEO_ROOTS: &[(&str, &str)] = &[
        ("03", "AGREE"),
        ("04", "CONSULT"),
        ("05", "SUPPORT"),
        ("06", "COOPERATE"),
        ("07", "AID"),
        ("080", "CONCEDE"),
        ("081", "CONCEDE"),
        ("0813", "RETREAT"),
        ("0814", "RETREAT"),
        ("082", "CONCEDE"),
        ("083", "CONCEDE"),
        ("084", "RETREAT"),
        ("085", "RETREAT"),
        ("086", "RETREAT"),
        ("087", "RETREAT"),
        ("09", "ACCUSE"),
        ("10", "REQUEST"),
        ("11", "ACCUSE"),
        ("12", "REJECT"),
        ("13", "THREATEN"),
        ("14", "PROTEST"),
        ("15", "MOBILIZE"),
        ("16", "SANCTION"),
        ("163", "COERCE"),
        ("17", "COERCE"),
        ("1712", "ASSAULT"),
        ("175", "ASSAULT"),
        ("18", "ASSAULT"),
        ("19", "ASSAULT"),
        ("191", "COERCE"),
        ("192", "COERCE"),
        ("20", "ASSAULT"),
    ];

    fn plover_of(cameo: &str) -> Option<&'static str> {
        CAMEO_ROOTS
            .iter()
            .filter(|(root, _)| cameo.starts_with(root))
            .max_by_key(|(root, _)| root.len())
            .map(|(_, p)| *p)
    }

    #[test]
    fn cameo_root_table_reads_exceptions() {
        assert_eq!(plover_of("1631"), Some("COERCE"));
        assert_eq!(plover_of("161"), Some("SANCTION"));
        assert_eq!(plover_of("0871"), Some("RETREAT"));
        assert_eq!(plover_of("0812"), Some("CONCEDE"));
        assert_eq!(plover_of("01"), None);
    }

    #[test]
    fn builtin_file_covers_every_type_with_consistent_codes() {
        let patterns = parse(include_str!("../../../lexicon/verbs.txt"), FILE).unwrap();
        let mut per_type: HashMap<&str, usize> = HashMap::new();
        for p in &patterns {
            *per_type.entry(p.plover.as_str()).or_default() += 1;
            assert_eq!(
                plover_of(&p.cameo),
                Some(p.plover.as_str()),
                "CAMEO {} does not map to {} (forms {:?})",
                p.cameo,
                p.plover,
                p.forms
            );
            for f in p.forms.iter().chain(&p.objects).chain(&p.target_preps) {
                assert_eq!(f.trim(), f, "stray space in {:?}", p.forms);
                assert!(!f.is_empty());
            }
        }
        for t in PLOVER_TYPES {
            let n = per_type.get(t).copied().unwrap_or(0);
            assert!(n >= 8, "{t} has only {n} patterns");
        }
        assert!(patterns.len() >= 350, "{} patterns", patterns.len());
    }

    #[test]
    fn builtin_file_has_no_conflicting_lines() {
        // The same form with the same object head (or two defaults) must not give two codes.
        let patterns = parse(include_str!("../../../lexicon/verbs.txt"), FILE).unwrap();
        let mut seen: HashMap<(PatternKind, &str, &str), (&str, &str)> = HashMap::new();
        for p in &patterns {
            let objects: Vec<&str> =
                if p.objects.is_empty() { vec![""] } else { p.objects.iter().map(String::as_str).collect() };
            for form in &p.forms {
                for object in &objects {
                    let code = (p.plover.as_str(), p.cameo.as_str());
                    if let Some(old) = seen.insert((p.kind, form, object), code) {
                        assert_eq!(old, code, "'{form}' with object '{object}' is coded twice");
                    }
                }
            }
        }
    }
}
