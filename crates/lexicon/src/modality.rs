//! `modality.txt`: factuality markers, the words that make an event possible, planned or
//! negated rather than asserted.
//!
//! ```text
//! may; might; could; would             | possible | before
//! is considering; considering          | possible | before
//! will; is set to; is about to         | planned  | before
//! not; did not; didn't; has yet to     | negated  | before
//! was called off; has been called off  | negated  | after
//! ```
//! "South Korea may deploy military staff" is a possible event, "the first group will be
//! deployed" a planned one and "Seoul did not send weapons" a negated one; an event with no
//! marker is asserted. `before` markers stand before the trigger they govern, `after`
//! markers follow it ("the visit was called off"). The file's header gives the rules for
//! combining markers.

use crate::{records, LexiconError};

pub const FILE: &str = "modality.txt";

/// What a marker says about the event it governs (an unmarked event is asserted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Factuality {
    /// May happen or may be true: "may", "could", "is considering", "if".
    Possible,
    /// Intended, scheduled or expected: "will", "plans to", "is about to".
    Planned,
    /// Did not or will not happen: "not", "never", "has yet to", "refused to".
    Negated,
}

impl Factuality {
    /// The name used in the lexicon file and in sitrep's JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Factuality::Possible => "possible",
            Factuality::Planned => "planned",
            Factuality::Negated => "negated",
        }
    }
}

/// Where a marker stands relative to the trigger it governs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Before the trigger: "may deploy", "is considering the possibility of deploying".
    Before,
    /// After the trigger or event noun: "the visit was called off", "a deployment is planned".
    After,
}

/// One line of `modality.txt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Lower-case forms; multi-word forms match consecutive words.
    pub forms: Vec<String>,
    pub factuality: Factuality,
    pub scope: Scope,
}

/// Parses `modality.txt`; `file` names the file in error messages.
pub fn parse(text: &str, file: &str) -> Result<Vec<Marker>, LexiconError> {
    let mut out = Vec::new();
    for r in records(text) {
        let err = |message: String| LexiconError::Syntax { file: file.to_string(), line: r.line, message };
        if r.fields.len() != 3 {
            return Err(err(format!("expected 'markers | factuality | scope', found {} fields", r.fields.len())));
        }
        let forms: Vec<String> = r.list(0).into_iter().map(str::to_lowercase).collect();
        if forms.is_empty() {
            return Err(err("no markers".to_string()));
        }
        let factuality = match r.field(1) {
            "possible" => Factuality::Possible,
            "planned" => Factuality::Planned,
            "negated" => Factuality::Negated,
            other => return Err(err(format!("unknown factuality '{other}' (expected possible, planned or negated)"))),
        };
        let scope = match r.field(2) {
            "before" => Scope::Before,
            "after" => Scope::After,
            other => return Err(err(format!("unknown scope '{other}' (expected before or after)"))),
        };
        out.push(Marker { forms, factuality, scope });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_markers() {
        let text = "# m\nMay; might | possible | before\nwill | planned | before  # note\n\
                    was called off | negated | after\n";
        let m = parse(text, "t").unwrap();
        assert_eq!(m.len(), 3);
        assert_eq!(m[0].forms, vec!["may", "might"]);
        assert_eq!((m[0].factuality, m[0].scope), (Factuality::Possible, Scope::Before));
        assert_eq!(m[1].factuality.as_str(), "planned");
        assert_eq!((m[2].factuality, m[2].scope), (Factuality::Negated, Scope::After));
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = parse("may | possible | before\nwill | likely | before\n", "modality.txt").unwrap_err().to_string();
        assert!(e.starts_with("modality.txt:2:") && e.contains("likely"), "{e}");
        let e = parse("\nnot | negated | around\n", "modality.txt").unwrap_err().to_string();
        assert!(e.starts_with("modality.txt:2:") && e.contains("around"), "{e}");
        let e = parse("not | negated\n", "modality.txt").unwrap_err().to_string();
        assert!(e.starts_with("modality.txt:1:") && e.contains("fields"), "{e}");
        assert!(parse(";; | negated | before\n", "modality.txt").unwrap_err().to_string().contains("no markers"));
    }

    #[test]
    fn builtin_file_parses_with_one_reading_per_form() {
        let markers = parse(include_str!("../../../lexicon/modality.txt"), FILE).unwrap();
        assert!(markers.len() >= 40, "{} markers", markers.len());
        let mut seen = std::collections::HashMap::new();
        for m in &markers {
            for f in &m.forms {
                if let Some(old) = seen.insert((f.as_str(), m.scope), m.factuality) {
                    assert_eq!(old, m.factuality, "'{f}' has two readings");
                }
            }
        }
        let find = |form: &str| seen.get(&(form, Scope::Before)).copied();
        assert_eq!(find("may"), Some(Factuality::Possible));
        assert_eq!(find("is considering"), Some(Factuality::Possible));
        assert_eq!(find("will"), Some(Factuality::Planned));
        assert_eq!(find("are about to"), Some(Factuality::Planned));
        assert_eq!(find("did not"), Some(Factuality::Negated));
        assert_eq!(find("didn\u{2019}t"), Some(Factuality::Negated));
        assert_eq!(seen.get(&("was called off", Scope::After)), Some(&Factuality::Negated));
    }
}
