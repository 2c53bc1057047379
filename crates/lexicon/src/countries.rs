//! `countries.txt`: states and territories, their names, adjectives and metonyms.
//!
//! ```text
//! KOR | South Korea | Republic of Korea; ROK | South Korean; South Koreans | Seoul; Blue House
//! ```
//! Every name, adjective and metonym is a mention of the country: "Seoul said" is South
//! Korea speaking, "South Korean troops" are South Korea's military.

use crate::{records, LexiconError};

pub const FILE: &str = "countries.txt";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-3 (or the code in common use for a territory without one).
    pub code: String,
    pub name: String,
    /// Other names and short forms ("ROK", "the Republic of Korea" without its article).
    pub names: Vec<String>,
    /// Adjectives and demonyms, singular and plural ("South Korean", "South Koreans").
    pub adjectives: Vec<String>,
    /// Capitals and seats of power used for the state ("Seoul", "Kremlin").
    pub metonyms: Vec<String>,
}

pub fn parse(text: &str, file: &str) -> Result<Vec<Country>, LexiconError> {
    let mut out = Vec::new();
    for r in records(text) {
        let code = r.field(0);
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(LexiconError::syntax(file, r.line, format!("'{code}' is not a three-letter upper-case code")));
        }
        let name = r.field(1);
        if name.is_empty() {
            return Err(LexiconError::syntax(file, r.line, "missing country name"));
        }
        let owned = |v: Vec<&str>| v.into_iter().map(String::from).collect();
        out.push(Country {
            code: code.to_string(),
            name: name.to_string(),
            names: owned(r.list(2)),
            adjectives: owned(r.list(3)),
            metonyms: owned(r.list(4)),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_country_line() {
        let c = parse("KOR | South Korea | ROK; Republic of Korea | South Korean | Seoul\n", "t").unwrap();
        assert_eq!(c[0].code, "KOR");
        assert_eq!(c[0].names, vec!["ROK", "Republic of Korea"]);
        assert_eq!(c[0].metonyms, vec!["Seoul"]);
    }

    #[test]
    fn rejects_a_bad_code() {
        let e = parse("Korea | South Korea\n", "countries.txt").unwrap_err();
        assert!(e.to_string().starts_with("countries.txt:1:"), "{e}");
    }
}
