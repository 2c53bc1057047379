//! sitrep's lexicons: readable, line-oriented data files (see `lexicon/README.md`).
//!
//! The files under the repository's `lexicon/` folder are compiled into the binary
//! ([`Lexicon::builtin`]); a user's folder of files with the same names adds to them at
//! run time ([`Lexicon::extend_from_dir`]). Each file format has its own module with
//! its record type and parser.

pub mod agents;
pub mod countries;
pub mod cues;
pub mod given_names;
pub mod grammar;
pub mod incidents;
pub mod modality;
pub mod names;
pub mod organizations;
pub mod people;
pub mod petrarch;
pub mod quantities;
pub mod verbs;

use std::fmt;
use std::path::{Path, PathBuf};

pub use agents::{Agent, AgentKind};
pub use countries::Country;
pub use cues::{Cue, Frame, Stance};
pub use grammar::GrammarWords;
pub use incidents::IncidentTerms;
pub use modality::{Factuality, Marker, Scope};
pub use names::NameWords;
pub use organizations::{OrgType, Organization};
pub use people::{Date, Person};
pub use quantities::QuantityLexicon;
pub use verbs::{PatternKind, SubjectRole, VerbPattern};

/// A problem with a lexicon file, named by file and line.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{file}:{line}: {message}")]
    Syntax { file: String, line: usize, message: String },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

impl LexiconError {
    pub(crate) fn syntax(file: &str, line: usize, message: impl fmt::Display) -> Self {
        LexiconError::Syntax { file: file.to_string(), line, message: message.to_string() }
    }
}

/// One record of a lexicon file: its 1-based line number and its ` | `-separated fields.
#[derive(Debug)]
pub struct Record<'a> {
    pub line: usize,
    pub fields: Vec<&'a str>,
}

impl<'a> Record<'a> {
    /// Field `i`, trimmed; empty when the line has fewer fields.
    pub fn field(&self, i: usize) -> &'a str {
        self.fields.get(i).copied().unwrap_or("")
    }

    /// Field `i` read as a `;`-separated list, empty items dropped.
    pub fn list(&self, i: usize) -> Vec<&'a str> {
        list(self.field(i))
    }
}

/// Splits a `;`-separated list field.
pub fn list(field: &str) -> Vec<&str> {
    field.split(';').map(str::trim).filter(|s| !s.is_empty()).collect()
}

/// The records of a lexicon file, comments and blank lines skipped.
pub fn records(text: &str) -> impl Iterator<Item = Record<'_>> {
    text.lines().enumerate().filter_map(|(i, raw)| {
        let line = match raw.find('#') {
            Some(at) => &raw[..at],
            None => raw,
        };
        if line.trim().is_empty() {
            return None;
        }
        let fields = line.split('|').map(str::trim).collect();
        Some(Record { line: i + 1, fields })
    })
}

/// The lexicon files compiled into the binary, by file name.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    (countries::FILE, include_str!("../../../lexicon/countries.txt")),
    (organizations::FILE, include_str!("../../../lexicon/organizations.txt")),
    (agents::FILE, include_str!("../../../lexicon/agents.txt")),
    (people::FILE, include_str!("../../../lexicon/people.txt")),
    (quantities::FILE, include_str!("../../../lexicon/quantities.txt")),
    (names::FILE, include_str!("../../../lexicon/names.txt")),
    (verbs::FILE, include_str!("../../../lexicon/verbs.txt")),
    (cues::FILE, include_str!("../../../lexicon/cues.txt")),
    (modality::FILE, include_str!("../../../lexicon/modality.txt")),
    (grammar::FILE, include_str!("../../../lexicon/grammar.txt")),
    (given_names::FILE, include_str!("../../../lexicon/given_names.txt")),
    (incidents::FILE, include_str!("../../../lexicon/incidents.txt")),
];

/// All lexicons, parsed.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub countries: Vec<Country>,
    pub organizations: Vec<Organization>,
    pub agents: Vec<Agent>,
    pub people: Vec<Person>,
    pub quantities: QuantityLexicon,
    pub names: NameWords,
    pub verbs: Vec<VerbPattern>,
    pub cues: Vec<Cue>,
    pub modality: Vec<Marker>,
    pub grammar: GrammarWords,
    /// Common given names ("Phil", "Nasser"): a capitalised name opening with one is a person's.
    pub given_names: rustc_hash::FxHashSet<String>,
    /// Words for disasters, accidents and organised crime: harm that is no political event.
    pub incidents: Vec<IncidentTerms>,
    /// Phrases whose words are never coded as actors or events (PETRARCH's discard lists:
    /// "Manchester United", "Jordan Spieth").
    pub discards: Vec<String>,
}

impl Lexicon {
    /// The lexicons compiled into the binary.
    ///
    /// # Panics
    /// Never in a released build: the built-in files are checked by this crate's tests.
    pub fn builtin() -> Lexicon {
        let mut lexicon = Lexicon::default();
        for (file, text) in BUILTIN_FILES {
            lexicon.add_file(file, file, text).unwrap_or_else(|e| panic!("built-in lexicon is invalid: {e}"));
        }
        lexicon
    }

    /// Adds the records of the lexicon file called `name` (one of [`BUILTIN_FILES`]);
    /// `origin` names it in error messages. Unknown names are ignored: `Ok(false)`.
    pub fn add_file(&mut self, name: &str, origin: &str, text: &str) -> Result<bool, LexiconError> {
        match name {
            countries::FILE => merge(&mut self.countries, countries::parse(text, origin)?, |c| c.code.clone()),
            organizations::FILE => {
                merge(&mut self.organizations, organizations::parse(text, origin)?, |o| o.name.clone())
            }
            agents::FILE => merge(&mut self.agents, agents::parse(text, origin)?, |a| a.terms.join(";")),
            people::FILE => self.people.extend(people::parse(text, origin)?),
            quantities::FILE => self.quantities.extend(QuantityLexicon::parse(text, origin)?),
            names::FILE => self.names.extend(NameWords::parse(text, origin)?),
            verbs::FILE => self.verbs.extend(verbs::parse(text, origin)?),
            cues::FILE => self.cues.extend(cues::parse(text, origin)?),
            modality::FILE => self.modality.extend(modality::parse(text, origin)?),
            grammar::FILE => self.grammar.extend(GrammarWords::parse(text, origin)?),
            given_names::FILE => self.given_names.extend(given_names::parse(text, origin)?),
            incidents::FILE => self.incidents.extend(incidents::parse(text, origin)?),
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Adds every known lexicon file found in `dir`; returns the files read.
    pub fn extend_from_dir(&mut self, dir: &Path) -> Result<Vec<PathBuf>, LexiconError> {
        if !dir.is_dir() {
            let source = std::io::Error::new(std::io::ErrorKind::NotFound, "not a directory");
            return Err(LexiconError::Io { path: dir.to_path_buf(), source });
        }
        let mut read = Vec::new();
        for (name, _) in BUILTIN_FILES {
            let path = dir.join(name);
            if !path.exists() {
                continue;
            }
            let text =
                std::fs::read_to_string(&path).map_err(|source| LexiconError::Io { path: path.clone(), source })?;
            self.add_file(name, &path.display().to_string(), &text)?;
            read.push(path);
        }
        Ok(read)
    }
}

/// Adds `new` records to `old`, a new record replacing an old one with the same key.
fn merge<T, K: PartialEq>(old: &mut Vec<T>, new: Vec<T>, key: impl Fn(&T) -> K) {
    for record in new {
        let k = key(&record);
        match old.iter().position(|o| key(o) == k) {
            Some(at) => old[at] = record,
            None => old.push(record),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_skip_comments_and_split_fields() {
        let text = "# header\n\nKOR | South Korea | ROK; Republic of Korea  # trailing\n";
        let recs: Vec<_> = records(text).collect();
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].line, 3);
        assert_eq!(recs[0].field(1), "South Korea");
        assert_eq!(recs[0].list(2), vec!["ROK", "Republic of Korea"]);
        assert_eq!(recs[0].field(7), "");
    }

    #[test]
    fn builtin_lexicons_parse() {
        let lex = Lexicon::builtin();
        assert!(lex.countries.len() >= 193, "{} countries", lex.countries.len());
        assert!(!lex.organizations.is_empty());
        assert!(!lex.agents.is_empty());
        assert!(!lex.people.is_empty());
        assert!(lex.given_names.len() >= 1500, "{} given names", lex.given_names.len());
    }
}
