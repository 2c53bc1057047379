//! `incidents.txt`: words for harm that is news but no political event: natural
//! disasters, accidents and other man-made disasters, and organised crime.
//!
//! ```text
//! natural_disaster  | flood    | flood; floods; flooding |  |
//! man_made_disaster | industrial | explosion; blast | factory; plant | bomb; attack
//! ```
//! Fields: the kind (`natural_disaster`, `man_made_disaster`, `organised_crime`), a class
//! naming the hazard or crime for readers and output (`flood`, `traffic`, `drugs`), the
//! terms (matched in any case at word boundaries), words one of which the sentence must
//! also hold (empty: none needed; "explosion" is an accident only at a plant, a mine, a
//! depot ...), and words that rule the reading out when the sentence holds one ("a bomb
//! explosion at a factory" is an attack).

use crate::{records, LexiconError};

pub const FILE: &str = "incidents.txt";

/// The kinds of incident a record may name.
pub const KINDS: [&str; 3] = ["natural_disaster", "man_made_disaster", "organised_crime"];

/// One record of `incidents.txt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentTerms {
    /// One of [`KINDS`].
    pub kind: String,
    /// The hazard or crime ("flood", "traffic", "drugs").
    pub class: String,
    /// Lower-case terms.
    pub terms: Vec<String>,
    /// Lower-case words one of which the sentence must hold; empty when none is needed.
    pub requires: Vec<String>,
    /// Lower-case words that rule the reading out.
    pub excludes: Vec<String>,
}

/// Parses the file.
pub fn parse(text: &str, file: &str) -> Result<Vec<IncidentTerms>, LexiconError> {
    let mut out = Vec::new();
    for r in records(text) {
        let kind = r.field(0);
        if !KINDS.contains(&kind) {
            return Err(LexiconError::syntax(
                file,
                r.line,
                format!("'{kind}' is not an incident kind ({})", KINDS.join(", ")),
            ));
        }
        let class = r.field(1);
        let lower = |i: usize| r.list(i).into_iter().map(str::to_lowercase).collect::<Vec<_>>();
        let terms = lower(2);
        if class.is_empty() || terms.is_empty() {
            return Err(LexiconError::syntax(file, r.line, "expected 'kind | class | terms | requires | excludes'"));
        }
        out.push(IncidentTerms {
            kind: kind.to_string(),
            class: class.to_string(),
            terms,
            requires: lower(3),
            excludes: lower(4),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_kind_class_terms_and_context() {
        let r = parse(
            "natural_disaster | flood | Flood; floods\nman_made_disaster | industrial | blast | plant; mine | bomb\n",
            "t",
        )
        .unwrap();
        assert_eq!(r[0].terms, vec!["flood", "floods"]);
        assert!(r[0].requires.is_empty() && r[0].excludes.is_empty());
        assert_eq!((r[1].requires.len(), r[1].excludes.as_slice()), (2, ["bomb".to_string()].as_slice()));
    }

    #[test]
    fn malformed_lines_are_errors() {
        assert!(parse("disaster | flood | flood\n", "t").is_err());
        assert!(parse("natural_disaster | flood\n", "t").is_err());
        assert!(parse("natural_disaster | | flood\n", "t").is_err());
    }

    #[test]
    fn the_builtin_file_parses_and_covers_every_kind() {
        let r = parse(include_str!("../../../lexicon/incidents.txt"), FILE).unwrap();
        for kind in KINDS {
            assert!(r.iter().any(|x| x.kind == kind), "{kind}");
        }
        let has = |t: &str| r.iter().any(|x| x.terms.iter().any(|y| y == t));
        assert!(has("earthquake") && has("landslide") && has("derailed") && has("drug trafficking"));
    }
}
