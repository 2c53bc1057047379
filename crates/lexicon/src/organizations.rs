//! `organizations.txt`: international organisations, news outlets, armed groups,
//! parties, think tanks and other named bodies.
//!
//! ```text
//! KORMED | Yonhap | Yonhap News Agency | media | KOR
//! ```

use crate::{records, LexiconError};

pub const FILE: &str = "organizations.txt";

/// What sort of body an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgType {
    Igo,
    Media,
    Ngo,
    ArmedGroup,
    Party,
    Company,
    Government,
    ThinkTank,
    Court,
    /// A body of unknown type (actors imported from PETRARCH dictionaries).
    Other,
}

impl OrgType {
    pub fn parse(s: &str) -> Option<OrgType> {
        Some(match s {
            "igo" => OrgType::Igo,
            "media" => OrgType::Media,
            "ngo" => OrgType::Ngo,
            "armed_group" => OrgType::ArmedGroup,
            "party" => OrgType::Party,
            "company" => OrgType::Company,
            "government" => OrgType::Government,
            "think_tank" => OrgType::ThinkTank,
            "court" => OrgType::Court,
            "other" => OrgType::Other,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// CAMEO-style actor code (`IGOUNO`, `KORMED`).
    pub code: String,
    pub name: String,
    pub names: Vec<String>,
    pub org_type: OrgType,
    /// ISO3 of the home country; `None` for international bodies.
    pub country: Option<String>,
}

pub fn parse(text: &str, file: &str) -> Result<Vec<Organization>, LexiconError> {
    let mut out = Vec::new();
    for r in records(text) {
        let (code, name) = (r.field(0), r.field(1));
        if code.is_empty() || name.is_empty() {
            return Err(LexiconError::syntax(file, r.line, "an organisation needs a code and a name"));
        }
        let org_type = OrgType::parse(r.field(3))
            .ok_or_else(|| LexiconError::syntax(file, r.line, format!("unknown type '{}'", r.field(3))))?;
        let country = Some(r.field(4)).filter(|c| !c.is_empty()).map(String::from);
        out.push(Organization {
            code: code.to_string(),
            name: name.to_string(),
            names: r.list(2).into_iter().map(String::from).collect(),
            org_type,
            country,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_types_and_countries() {
        let o = parse("IGOUNO | United Nations | UN; U.N. | igo\nKORMED | Yonhap | | media | KOR\n", "t").unwrap();
        assert_eq!(o[0].org_type, OrgType::Igo);
        assert_eq!(o[0].country, None);
        assert_eq!(o[1].country.as_deref(), Some("KOR"));
    }

    #[test]
    fn rejects_an_unknown_type() {
        assert!(parse("X | Y | | club\n", "t").is_err());
    }
}
