//! CAMEO and PLOVER code facts: event code levels, QuadClass, Goldstein scale, PLOVER
//! quad codes, actor code parts and country code cross-walks.

use std::collections::HashMap;
use std::sync::OnceLock;

const GOLDSTEIN: &str = include_str!("../data/goldstein.tsv");
const COUNTRIES: &str = include_str!("../data/countries.tsv");

/// A CAMEO event code at GDELT's EventCode level: 3 or 4 digits ("19" becomes "190").
pub fn event_code(cameo: &str) -> String {
    let c = cameo.trim();
    if c.len() == 2 {
        format!("{c}0")
    } else {
        c.to_string()
    }
}

/// The three-digit base code ("0874" -> "087", "19" -> "190").
pub fn base_code(cameo: &str) -> String {
    let c = event_code(cameo);
    c.get(..3).unwrap_or(&c).to_string()
}

/// The two-digit root code ("0874" -> "08").
pub fn root_code(cameo: &str) -> String {
    let c = cameo.trim();
    c.get(..2).unwrap_or(c).to_string()
}

/// GDELT QuadClass from the CAMEO root: 01-05 verbal cooperation (1), 06-08 material
/// cooperation (2), 09-13 verbal conflict (3), 14-20 material conflict (4); 0 when the
/// code is not CAMEO.
pub fn quad_class(cameo: &str) -> u8 {
    match root_code(cameo).parse::<u8>() {
        Ok(1..=5) => 1,
        Ok(6..=8) => 2,
        Ok(9..=13) => 3,
        Ok(14..=20) => 4,
        _ => 0,
    }
}

fn goldstein_table() -> &'static HashMap<&'static str, f64> {
    static TABLE: OnceLock<HashMap<&'static str, f64>> = OnceLock::new();
    TABLE.get_or_init(|| {
        GOLDSTEIN
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (code, value) = l.split_once('\t')?;
                Some((code.trim(), value.trim().parse().ok()?))
            })
            .collect()
    })
}

/// The Goldstein scale value of a CAMEO code (`data/goldstein.tsv`), falling back to its
/// base code, then its root; `None` for codes that are not CAMEO.
pub fn goldstein(cameo: &str) -> Option<f64> {
    let t = goldstein_table();
    let c = cameo.trim();
    t.get(c).or_else(|| t.get(base_code(c).as_str())).or_else(|| t.get(root_code(c).as_str())).copied()
}

/// The PLOVER quad code of a PLOVER event type (PLOVER manual, "Quad categories"):
/// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
pub fn plover_quad(plover: &str) -> Option<u8> {
    Some(match plover.trim().to_ascii_uppercase().as_str() {
        "AGREE" | "CONSULT" | "SUPPORT" | "CONCEDE" => 1,
        "COOPERATE" | "AID" | "RETREAT" | "INVESTIGATE" => 2,
        "DEMAND" | "ACCUSE" | "DISAPPROVE" | "REJECT" | "SANCTION" | "THREATEN" => 3,
        "PROTEST" | "CRIME" | "MOBILIZE" | "COERCE" | "ASSAULT" | "FIGHT" => 4,
        _ => return None,
    })
}

/// One country of the cross-walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    pub iso3: &'static str,
    pub iso2: &'static str,
    /// FIPS 10-4, as GDELT's geographic fields use.
    pub fips: &'static str,
    pub name: &'static str,
}

fn country_table() -> &'static HashMap<&'static str, Country> {
    static TABLE: OnceLock<HashMap<&'static str, Country>> = OnceLock::new();
    TABLE.get_or_init(|| {
        COUNTRIES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                let c = Country {
                    iso3: f.next()?.trim(),
                    iso2: f.next()?.trim(),
                    fips: f.next()?.trim(),
                    name: f.next()?.trim(),
                };
                Some((c.iso3, c))
            })
            .collect()
    })
}

/// The country with this ISO 3166-1 alpha-3 code (GeoNames' table, `data/countries.tsv`).
pub fn country(iso3: &str) -> Option<Country> {
    country_table().get(iso3.trim()).copied()
}

/// An actor code cut into GDELT's parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorParts {
    /// ISO alpha-3 country, when the code starts with one (or the actor gives one).
    pub country: String,
    /// A known group or organisation code (IGO, NGO...) that is not a country.
    pub known_group: String,
    /// Up to three role/type codes (GOV, MIL, REB...).
    pub types: [String; 3],
}

/// Splits `PRKMIL` into country `PRK` and type `MIL`; `NGOSWE` into known group `NGO` and
/// country `SWE`; `IGOUNO` into known group `IGO` and type `UNO`.
pub fn actor_parts(code: &str, country_hint: Option<&str>) -> ActorParts {
    let code = code.trim();
    let mut parts = ActorParts::default();
    let chunks: Vec<&str> = (0..code.len()).step_by(3).filter_map(|i| code.get(i..(i + 3).min(code.len()))).collect();
    let mut rest: Vec<&str> = Vec::new();
    for (i, chunk) in chunks.iter().enumerate() {
        if i == 0 && country(chunk).is_some() {
            parts.country = chunk.to_string();
        } else if i == 0 && matches!(*chunk, "IGO" | "NGO" | "MNC" | "IMG" | "UIS" | "INT") {
            parts.known_group = chunk.to_string();
        } else if i == 1 && parts.country.is_empty() && country(chunk).is_some() {
            parts.country = chunk.to_string();
        } else {
            rest.push(chunk);
        }
    }
    if parts.country.is_empty() {
        if let Some(c) = country_hint.filter(|c| country(c).is_some()) {
            parts.country = c.to_string();
        }
    }
    for (slot, chunk) in parts.types.iter_mut().zip(rest) {
        *slot = chunk.to_string();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_levels() {
        assert_eq!((event_code("19"), base_code("19"), root_code("19")), ("190".into(), "190".into(), "19".into()));
        assert_eq!(
            (event_code("0874"), base_code("0874"), root_code("0874")),
            ("0874".into(), "087".into(), "08".into())
        );
    }

    #[test]
    fn quad_classes_follow_the_root() {
        assert_eq!(quad_class("010"), 1);
        assert_eq!(quad_class("057"), 1);
        assert_eq!(quad_class("074"), 2);
        assert_eq!(quad_class("0874"), 2);
        assert_eq!(quad_class("112"), 3);
        assert_eq!(quad_class("138"), 3);
        assert_eq!(quad_class("152"), 4);
        assert_eq!(quad_class("204"), 4);
        assert_eq!(quad_class("xx"), 0);
    }

    #[test]
    fn goldstein_values_and_fallbacks() {
        assert_eq!(goldstein("0874"), Some(10.0));
        assert_eq!(goldstein("074"), Some(8.5));
        assert_eq!(goldstein("190"), Some(-10.0));
        assert_eq!(goldstein("19"), Some(-10.0));
        assert_eq!(goldstein("1719"), Some(-9.2), "unknown 4-digit code falls back to its base 171");
        assert_eq!(goldstein("042"), Some(1.9));
        assert_eq!(goldstein("xyz"), None);
        // Every value is on the scale and every root has a value.
        assert!(goldstein_table().values().all(|v| (-10.0..=10.0).contains(v)));
        for root in 1..=20 {
            assert!(goldstein(&format!("{root:02}")).is_some(), "root {root}");
        }
        // Cooperation is positive and material conflict negative, root by root.
        assert!(goldstein("05").unwrap() > 0.0 && goldstein("07").unwrap() > 0.0);
        assert!(goldstein("14").unwrap() < 0.0 && goldstein("20").unwrap() < 0.0);
    }

    #[test]
    fn plover_quads() {
        assert_eq!(plover_quad("agree"), Some(1));
        assert_eq!(plover_quad("AID"), Some(2));
        assert_eq!(plover_quad("THREATEN"), Some(3));
        assert_eq!(plover_quad("MOBILIZE"), Some(4));
        assert_eq!(plover_quad("UNKNOWN"), None);
    }

    #[test]
    fn countries_cross_walk() {
        let ru = country("RUS").unwrap();
        assert_eq!((ru.iso2, ru.fips, ru.name), ("RU", "RS", "Russia"));
        assert_eq!(country("PRK").unwrap().fips, "KN");
        assert_eq!(country("XXX"), None);
    }

    #[test]
    fn actor_codes_split() {
        let p = actor_parts("PRKMIL", None);
        assert_eq!((p.country.as_str(), p.types[0].as_str()), ("PRK", "MIL"));
        let p = actor_parts("NGOSWE", None);
        assert_eq!((p.known_group.as_str(), p.country.as_str()), ("NGO", "SWE"));
        let p = actor_parts("UKRGOVMIL", None);
        assert_eq!(p.types, ["GOV".to_string(), "MIL".to_string(), String::new()]);
        let p = actor_parts("REB", Some("SDN"));
        assert_eq!((p.country.as_str(), p.types[0].as_str()), ("SDN", "REB"));
    }
}
