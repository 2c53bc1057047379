//! `agents.txt`: words for the role or sector of an actor, with CAMEO role codes.
//!
//! ```text
//! troops; troop; soldiers; soldier | MIL | group
//! ambassador; ambassadors           | GOV | person
//! foreign ministry                  | GOV | organization
//! ```
//! With a country they make a composite actor: "North Korean troops" is `PRKMIL`.

use crate::{records, LexiconError};

pub const FILE: &str = "agents.txt";

/// What a country + agent phrase denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgentKind {
    /// A title held by one person ("ambassador", "spokesperson").
    Person,
    /// A specific body ("foreign ministry", "embassy").
    Organization,
    /// A sector or collective ("troops", "intelligence", "government").
    Group,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    /// Lower-case terms, singular and plural.
    pub terms: Vec<String>,
    /// CAMEO role code (`GOV`, `MIL`, `SPY`, ...).
    pub code: String,
    pub kind: AgentKind,
}

pub fn parse(text: &str, file: &str) -> Result<Vec<Agent>, LexiconError> {
    let mut out = Vec::new();
    for r in records(text) {
        let terms: Vec<String> = r.list(0).into_iter().map(str::to_lowercase).collect();
        let code = r.field(1);
        if terms.is_empty() || code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(LexiconError::syntax(file, r.line, "expected 'terms | three-letter role code | kind'"));
        }
        let kind = match r.field(2) {
            "person" => AgentKind::Person,
            "organization" => AgentKind::Organization,
            "group" => AgentKind::Group,
            other => return Err(LexiconError::syntax(file, r.line, format!("unknown kind '{other}'"))),
        };
        out.push(Agent { terms, code: code.to_string(), kind });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_terms_code_and_kind() {
        let a = parse("Troops; soldiers | MIL | group\n", "t").unwrap();
        assert_eq!(a[0].terms, vec!["troops", "soldiers"]);
        assert_eq!(a[0].kind, AgentKind::Group);
    }

    #[test]
    fn rejects_a_long_code() {
        assert!(parse("troops | MILITARY | group\n", "t").is_err());
    }
}
