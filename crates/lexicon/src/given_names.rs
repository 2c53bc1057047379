//! `given_names.txt`: common given (first) names of many languages.
//!
//! ```text
//! english_m | John; Paul; Peter
//! arabic    | Nasser; Khaled
//! ```
//! The first field labels the region for readers; the second lists names as written in
//! running text. A capitalised name opening with one of them ("Phil Simmons") is read as
//! a person's name.

use rustc_hash::FxHashSet as HashSet;

use crate::{records, LexiconError};

pub const FILE: &str = "given_names.txt";

/// Parses the file into the set of names.
pub fn parse(text: &str, file: &str) -> Result<HashSet<String>, LexiconError> {
    let mut names = HashSet::default();
    for r in records(text) {
        let list = r.list(1);
        if list.is_empty() {
            return Err(LexiconError::syntax(file, r.line, "expected 'region | names'"));
        }
        for n in list {
            if !n.chars().next().is_some_and(char::is_uppercase) || n.contains(' ') {
                return Err(LexiconError::syntax(file, r.line, format!("'{n}' is not one capitalised word")));
            }
            names.insert(n.to_string());
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_fill_the_set() {
        let names = parse("# c\nenglish | John; Mary\narabic | Nasser\n", "t").unwrap();
        assert!(names.contains("John") && names.contains("Mary") && names.contains("Nasser"));
        assert_eq!(names.len(), 3);
    }

    #[test]
    fn malformed_lines_are_errors() {
        assert!(parse("english\n", "given_names.txt").is_err());
        assert!(parse("english | john\n", "given_names.txt").is_err());
        assert!(parse("english | Mary Ann\n", "given_names.txt").is_err());
    }
}
