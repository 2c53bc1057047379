//! `quantities.txt`: the words needed to read amounts: counted nouns, currencies,
//! approximation markers, number and scale words, and the context words around them.
//!
//! Every record starts with its kind; the file's header documents each kind:
//! ```text
//! noun     | drone    | drone; drones; UAV; UAVs
//! currency | EUR      | €; EUR | euro; euros; EUR
//! approx   | at_least | over; more than; at least | +; or more
//! number   | 12       | twelve
//! scale    | 1000000  | million | millions | m; mn; mln
//! lead     | 0.5      | half a; half an
//! casualty | person   | killing; killed | killed; were killed
//! modifier | additional; wounded; armed
//! label    | resolution; article; no.
//! money    | aid; loan; budget
//! year_cue | in; since; until
//! ```
//! so that "close to 11,000 North Korean troops" reads as 11000 troop (about) and
//! "over €20 billion" as 20000000000 EUR (at least).

use crate::{records, LexiconError, Record};

pub const FILE: &str = "quantities.txt";

/// How a marker qualifies a number ("about", "at least", ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ApproxKind {
    #[default]
    Exact,
    About,
    AtLeast,
    AtMost,
}

impl ApproxKind {
    /// Reads the spelling used in the file and in the JSON schema (`at_least`).
    pub fn from_name(name: &str) -> Option<ApproxKind> {
        match name {
            "exact" => Some(ApproxKind::Exact),
            "about" => Some(ApproxKind::About),
            "at_least" => Some(ApproxKind::AtLeast),
            "at_most" => Some(ApproxKind::AtMost),
            _ => None,
        }
    }
}

/// A counted noun: `unit` (singular, lower case) and the forms that name it.
#[derive(Debug, Clone, PartialEq)]
pub struct CountedNoun {
    pub unit: String,
    pub forms: Vec<String>,
}

/// A currency by ISO 4217 code, with the forms written before and after an amount.
#[derive(Debug, Clone, PartialEq)]
pub struct Currency {
    pub code: String,
    /// Symbols and codes before the number: `€`, `US$`, `EUR`.
    pub before: Vec<String>,
    /// Words and codes after the number: `euros`, `Canadian dollars`.
    pub after: Vec<String>,
    /// After-forms that are also ordinary words (`pounds`, `won`): the currency only with a
    /// scale word or a money word nearby.
    pub weak: Vec<String>,
}

/// An approximation marker: forms before the number ("close to") and after it ("+").
#[derive(Debug, Clone, PartialEq)]
pub struct ApproxMarker {
    pub approx: ApproxKind,
    pub before: Vec<String>,
    pub after: Vec<String>,
}

/// A number word ("twelve" = 12).
#[derive(Debug, Clone, PartialEq)]
pub struct NumberWord {
    pub value: f64,
    pub forms: Vec<String>,
}

/// A scale word: singular forms multiply ("two million"), plural forms make vague
/// at-least amounts ("millions of"), abbreviations follow digits ("$300m").
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    pub value: f64,
    pub singular: Vec<String>,
    pub plural: Vec<String>,
    pub abbreviations: Vec<String>,
}

/// Words before a scale word standing for its multiplier: "a" (1), "half a" (0.5),
/// "several" (1, at least).
#[derive(Debug, Clone, PartialEq)]
pub struct Lead {
    pub value: f64,
    pub forms: Vec<String>,
    pub approx: ApproxKind,
}

/// Words that make a bare number a casualty figure: "killing 12", "12 were killed".
#[derive(Debug, Clone, PartialEq)]
pub struct Casualty {
    pub unit: String,
    pub before: Vec<String>,
    pub after: Vec<String>,
}

/// The parsed `quantities.txt`: every record kind in file order (later records win when
/// the tagger compiles them).
#[derive(Debug, Clone, Default)]
pub struct QuantityLexicon {
    pub nouns: Vec<CountedNoun>,
    pub currencies: Vec<Currency>,
    pub approx: Vec<ApproxMarker>,
    pub numbers: Vec<NumberWord>,
    pub scales: Vec<Scale>,
    pub leads: Vec<Lead>,
    pub casualties: Vec<Casualty>,
    /// Lower-case words allowed between a number and its counted noun.
    pub modifiers: Vec<String>,
    /// Words after which a number names rather than counts ("Resolution 2334").
    pub labels: Vec<String>,
    /// Words that make a weak currency form a currency.
    pub money: Vec<String>,
    /// Words after which a year-like number is a date ("in 2000").
    pub year_cues: Vec<String>,
}

fn owned(items: Vec<&str>) -> Vec<String> {
    items.into_iter().map(str::to_string).collect()
}

fn value(r: &Record, i: usize, file: &str) -> Result<f64, LexiconError> {
    let text = r.field(i);
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(LexiconError::syntax(file, r.line, format!("expected a number, found '{text}'"))),
    }
}

fn nonempty(r: &Record, items: Vec<&str>, what: &str, file: &str) -> Result<Vec<String>, LexiconError> {
    if items.is_empty() {
        return Err(LexiconError::syntax(file, r.line, format!("expected {what}")));
    }
    Ok(owned(items))
}

fn max_fields(r: &Record, n: usize, usage: &str, file: &str) -> Result<(), LexiconError> {
    if r.fields.len() > n {
        return Err(LexiconError::syntax(file, r.line, format!("too many fields; expected '{usage}'")));
    }
    Ok(())
}

impl QuantityLexicon {
    /// Parses the text of a `quantities.txt`; `file` names it in errors.
    ///
    /// ```
    /// use sitrep_lexicon::QuantityLexicon;
    /// let lex = QuantityLexicon::parse("noun | drone | drone; drones\n", "q.txt").unwrap();
    /// assert_eq!(lex.nouns[0].unit, "drone");
    /// assert!(QuantityLexicon::parse("noun | drone\n", "q.txt").is_err());
    /// ```
    pub fn parse(text: &str, file: &str) -> Result<QuantityLexicon, LexiconError> {
        let mut lex = QuantityLexicon::default();
        for r in records(text) {
            match r.field(0) {
                "noun" => {
                    const USAGE: &str = "noun | unit | forms";
                    max_fields(&r, 3, USAGE, file)?;
                    let unit = r.field(1);
                    if unit.is_empty() || unit != unit.to_lowercase() {
                        return Err(LexiconError::syntax(file, r.line, "the unit must be a lower-case word"));
                    }
                    let forms = nonempty(&r, r.list(2), "forms: 'noun | unit | forms'", file)?;
                    lex.nouns.push(CountedNoun { unit: unit.to_string(), forms });
                }
                "currency" => {
                    const USAGE: &str = "currency | CODE | before | after | weak";
                    max_fields(&r, 5, USAGE, file)?;
                    let code = r.field(1);
                    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                        return Err(LexiconError::syntax(
                            file,
                            r.line,
                            format!("expected a three-letter ISO 4217 code, found '{code}'"),
                        ));
                    }
                    let c = Currency {
                        code: code.to_string(),
                        before: owned(r.list(2)),
                        after: owned(r.list(3)),
                        weak: owned(r.list(4)),
                    };
                    if c.before.is_empty() && c.after.is_empty() && c.weak.is_empty() {
                        return Err(LexiconError::syntax(file, r.line, format!("no forms; expected '{USAGE}'")));
                    }
                    lex.currencies.push(c);
                }
                "approx" => {
                    max_fields(&r, 4, "approx | kind | before | after", file)?;
                    let approx = ApproxKind::from_name(r.field(1)).ok_or_else(|| {
                        LexiconError::syntax(
                            file,
                            r.line,
                            format!("unknown approximation '{}': use about, at_least, at_most or exact", r.field(1)),
                        )
                    })?;
                    let m = ApproxMarker { approx, before: owned(r.list(2)), after: owned(r.list(3)) };
                    if m.before.is_empty() && m.after.is_empty() {
                        return Err(LexiconError::syntax(file, r.line, "no forms; expected 'approx | kind | before | after'"));
                    }
                    lex.approx.push(m);
                }
                "number" => {
                    max_fields(&r, 3, "number | value | forms", file)?;
                    let value = value(&r, 1, file)?;
                    let forms = nonempty(&r, r.list(2), "forms: 'number | value | forms'", file)?;
                    lex.numbers.push(NumberWord { value, forms });
                }
                "scale" => {
                    max_fields(&r, 5, "scale | value | singular | plural | abbreviations", file)?;
                    let s = Scale {
                        value: value(&r, 1, file)?,
                        singular: owned(r.list(2)),
                        plural: owned(r.list(3)),
                        abbreviations: owned(r.list(4)),
                    };
                    if s.value < 2.0 {
                        return Err(LexiconError::syntax(file, r.line, "a scale must be at least 2"));
                    }
                    if s.singular.is_empty() && s.plural.is_empty() && s.abbreviations.is_empty() {
                        return Err(LexiconError::syntax(file, r.line, "no forms; expected 'scale | value | singular | plural | abbreviations'"));
                    }
                    lex.scales.push(s);
                }
                "lead" => {
                    max_fields(&r, 4, "lead | value | forms | approx", file)?;
                    let value = value(&r, 1, file)?;
                    let forms = nonempty(&r, r.list(2), "forms: 'lead | value | forms | approx'", file)?;
                    let approx = match r.field(3) {
                        "" => ApproxKind::Exact,
                        name => ApproxKind::from_name(name).ok_or_else(|| {
                            LexiconError::syntax(file, r.line, format!("unknown approximation '{name}'"))
                        })?,
                    };
                    lex.leads.push(Lead { value, forms, approx });
                }
                "casualty" => {
                    max_fields(&r, 4, "casualty | unit | before | after", file)?;
                    let unit = r.field(1);
                    if unit.is_empty() || unit != unit.to_lowercase() {
                        return Err(LexiconError::syntax(file, r.line, "the unit must be a lower-case word"));
                    }
                    lex.casualties.push(Casualty {
                        unit: unit.to_string(),
                        before: owned(r.list(2)),
                        after: owned(r.list(3)),
                    });
                }
                kind @ ("modifier" | "label" | "money" | "year_cue") => {
                    max_fields(&r, 2, &format!("{kind} | forms"), file)?;
                    let forms = nonempty(&r, r.list(1), &format!("forms: '{kind} | forms'"), file)?;
                    let target = match kind {
                        "modifier" => &mut lex.modifiers,
                        "label" => &mut lex.labels,
                        "money" => &mut lex.money,
                        _ => &mut lex.year_cues,
                    };
                    target.extend(forms);
                }
                other => {
                    return Err(LexiconError::syntax(
                        file,
                        r.line,
                        format!(
                            "unknown record kind '{other}': expected noun, currency, approx, number, scale, lead, casualty, modifier, label, money or year_cue"
                        ),
                    ))
                }
            }
        }
        Ok(lex)
    }

    /// Adds `other`'s records after this lexicon's, so that they win where both define a form.
    pub fn extend(&mut self, other: QuantityLexicon) {
        self.nouns.extend(other.nouns);
        self.currencies.extend(other.currencies);
        self.approx.extend(other.approx);
        self.numbers.extend(other.numbers);
        self.scales.extend(other.scales);
        self.leads.extend(other.leads);
        self.casualties.extend(other.casualties);
        self.modifiers.extend(other.modifiers);
        self.labels.extend(other.labels);
        self.money.extend(other.money);
        self.year_cues.extend(other.year_cues);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
# a sample
noun     | drone | drone; drones; UAV; UAVs
currency | GBP   | £; GBP | pounds sterling | pounds   # weak form last
approx   | at_least | over; more than | +
number   | 12    | twelve
scale    | 1000000 | million | millions | m; mn
lead     | 0.5   | half a
lead     | 1     | several | at_least
casualty | person | killing | killed
modifier | additional; wounded
label    | resolution; no.
money    | aid; loan
year_cue | in; since
";

    #[test]
    fn parses_every_record_kind() {
        let lex = QuantityLexicon::parse(SAMPLE, "q.txt").unwrap();
        assert_eq!(
            lex.nouns[0],
            CountedNoun { unit: "drone".into(), forms: owned(vec!["drone", "drones", "UAV", "UAVs"]) }
        );
        let gbp = &lex.currencies[0];
        assert_eq!((gbp.code.as_str(), gbp.before.len(), gbp.after.len()), ("GBP", 2, 1));
        assert_eq!(gbp.weak, vec!["pounds"]);
        assert_eq!(lex.approx[0].approx, ApproxKind::AtLeast);
        assert_eq!(lex.approx[0].after, vec!["+"]);
        assert_eq!(lex.numbers[0].value, 12.0);
        assert_eq!(lex.scales[0].abbreviations, vec!["m", "mn"]);
        assert_eq!(lex.leads[0].approx, ApproxKind::Exact);
        assert_eq!(lex.leads[1].approx, ApproxKind::AtLeast);
        assert_eq!(lex.casualties[0].after, vec!["killed"]);
        assert_eq!(lex.modifiers, vec!["additional", "wounded"]);
        assert_eq!(lex.labels, vec!["resolution", "no."]);
        assert_eq!(lex.money.len(), 2);
        assert_eq!(lex.year_cues.len(), 2);
    }

    fn error(text: &str) -> String {
        QuantityLexicon::parse(text, "my/quantities.txt").unwrap_err().to_string()
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let e = error("# header\nnoun | drone | drone\ncurrency | euro | € | euros\n");
        assert!(e.starts_with("my/quantities.txt:3:"), "{e}");
        assert!(e.contains("ISO 4217"), "{e}");
        let e = error("\n\nnoun | drone\n");
        assert!(e.starts_with("my/quantities.txt:3:"), "{e}");
        let e = error("approx | roughly | about\n");
        assert!(e.contains(":1:") && e.contains("roughly"), "{e}");
        let e = error("number | twelve | 12\n");
        assert!(e.contains(":1:") && e.contains("expected a number"), "{e}");
        let e = error("modifier | a | b\n");
        assert!(e.contains("too many fields"), "{e}");
        let e = error("nouns | drone | drones\n");
        assert!(e.contains("unknown record kind 'nouns'"), "{e}");
        let e = error("noun | Drone | drones\n");
        assert!(e.contains("lower-case"), "{e}");
        let e = error("scale | 1 | one\n");
        assert!(e.contains("at least 2"), "{e}");
        let e = error("lead | 1 | some | roughly\n");
        assert!(e.contains("roughly"), "{e}");
    }

    #[test]
    fn extend_appends_so_later_records_win() {
        let mut lex = QuantityLexicon::parse(SAMPLE, "a").unwrap();
        let more = QuantityLexicon::parse("noun | uav | UAV; UAVs\nmodifier | kamikaze\n", "b").unwrap();
        lex.extend(more);
        assert_eq!(lex.nouns.len(), 2);
        assert_eq!(lex.nouns[1].unit, "uav");
        assert_eq!(lex.modifiers.last().map(String::as_str), Some("kamikaze"));
    }

    #[test]
    fn builtin_file_parses_and_is_rich() {
        let lex = QuantityLexicon::parse(include_str!("../../../lexicon/quantities.txt"), FILE).unwrap();
        let forms: usize = lex.nouns.iter().map(|n| n.forms.len()).sum();
        assert!(forms >= 400, "{forms} noun forms");
        assert!(lex.currencies.len() >= 40);
        for code in ["USD", "EUR", "GBP", "RUB", "UAH", "CNY", "KRW", "ILS", "TRY", "IRR", "NGN", "ZAR", "INR", "PKR"] {
            assert!(lex.currencies.iter().any(|c| c.code == code), "{code}");
        }
        assert!(lex.numbers.len() >= 28);
    }
}
