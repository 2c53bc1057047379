//! `people.txt`: office holders with dated actor codes, as PETRARCH's
//! `[UKRSPY 200805-]` entries give them.
//!
//! ```text
//! Kyrylo Budanov | Budanov | UKR | UKRSPY | head of military intelligence | 2020-08-05 |
//! ```

use crate::{records, LexiconError};

pub const FILE: &str = "people.txt";

/// A calendar date as `(year, month, day)`, ordered.
pub type Date = (i32, u32, u32);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub names: Vec<String>,
    pub country: Option<String>,
    pub code: String,
    pub title: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl Person {
    /// Whether this line's term covers `date` (an unknown date matches every term).
    pub fn in_office(&self, date: Option<Date>) -> bool {
        let Some(d) = date else { return true };
        self.from.is_none_or(|f| f <= d) && self.to.is_none_or(|t| d <= t)
    }
}

/// Reads `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (the first day of the period).
pub fn parse_date(s: &str) -> Option<Date> {
    let mut parts = s.split('-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next().map_or(Some(1), |p| p.parse().ok())?;
    let d = parts.next().map_or(Some(1), |p| p.parse().ok())?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

pub fn parse(text: &str, file: &str) -> Result<Vec<Person>, LexiconError> {
    let mut out = Vec::new();
    for r in records(text) {
        let (name, code) = (r.field(0), r.field(3));
        if name.is_empty() || code.is_empty() {
            return Err(LexiconError::syntax(file, r.line, "a person needs a name and a code"));
        }
        let date = |i: usize| -> Result<Option<Date>, LexiconError> {
            let s = r.field(i);
            if s.is_empty() {
                return Ok(None);
            }
            parse_date(s)
                .map(Some)
                .ok_or_else(|| LexiconError::syntax(file, r.line, format!("'{s}' is not a date (YYYY-MM-DD)")))
        };
        out.push(Person {
            name: name.to_string(),
            names: r.list(1).into_iter().map(String::from).collect(),
            country: Some(r.field(2)).filter(|c| !c.is_empty()).map(String::from),
            code: code.to_string(),
            title: r.field(4).to_string(),
            from: date(5)?,
            to: date(6)?,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dated_terms_select_by_date() {
        let p = parse(
            "Vladimir Putin | Putin | RUS | RUSGOV | prime minister | 2008-05-08 | 2012-05-07\n\
             Vladimir Putin | Putin | RUS | RUSGOV | president | 2012-05-07 |\n",
            "t",
        )
        .unwrap();
        assert!(p[0].in_office(Some((2010, 1, 1))));
        assert!(!p[0].in_office(Some((2020, 1, 1))));
        assert!(p[1].in_office(Some((2024, 10, 22))));
        assert!(p[1].in_office(None));
    }

    #[test]
    fn rejects_a_bad_date() {
        let e = parse("A B | B | UKR | UKRGOV | minister | 2020-13-01 |\n", "people.txt").unwrap_err();
        assert!(e.to_string().contains("not a date"), "{e}");
    }
}
