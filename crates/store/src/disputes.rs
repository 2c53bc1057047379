//! Disputes: where sources disagree.
//!
//! **Quantities.** Values of the same measured thing (see [`crate::measure`]) are
//! grouped into periods: a value joins the period of the values before it when it was
//! published at most [`DisputeOptions::window_days`] after the period's first value
//! (undated values belong to every period). Each value stands for an interval — exact
//! and "about" values for themselves, "at least N" for N and above, "at most N" for N and
//! below — and two values *conflict* when one interval lies above the other by more than
//! [`DisputeOptions::tolerance`] (25 % by default: 11,000 and 12,000 agree, 1,500 and
//! 11,000 do not; "more than 12,000" agrees with "about 11,000" but not with "1,500").
//! A period with at least one conflicting pair is a dispute, and every value in it is
//! listed with its speaker, outlet, date and document.
//!
//! **Events.** A merged event that some mentions assert (or report as possible or
//! planned) and others negate is a dispute; each mention is a side.
//!
//! **Claims.** A claim that a text calls false, or that is a denial, is a dispute: each
//! report of the claim is a side, and a report that calls it false adds the outlet as
//! the side that rejects it.

use std::collections::BTreeMap;

use crate::keys::parse_day;
use crate::records::{Dispute, DisputeKind, DisputeOptions, DisputeSide};

/// One stored value of a measured thing.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantityValue {
    pub measure: String,
    pub value: f64,
    pub approx: String,
    pub text: String,
    pub speaker: Option<String>,
    pub speaker_from: String,
    pub stance: Option<String>,
    pub day: String,
    pub doc_id: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub sentence: String,
    pub unit_class: Option<String>,
    pub owner: Option<String>,
    pub location: Option<String>,
}

/// The interval a value stands for.
pub fn interval(value: f64, approx: &str) -> (f64, f64) {
    match approx {
        "at_least" => (value, f64::INFINITY),
        "at_most" => (0.0, value),
        _ => (value, value),
    }
}

/// Whether two values conflict beyond the tolerance.
pub fn conflict(a: (f64, &str), b: (f64, &str), tolerance: f64) -> bool {
    let (alo, ahi) = interval(a.0, a.1);
    let (blo, bhi) = interval(b.0, b.1);
    let k = 1.0 + tolerance;
    alo > bhi * k || blo > ahi * k
}

/// A number with thousands separators: 11000 -> "11,000", 2.5 -> "2.5".
pub fn format_number(v: f64) -> String {
    if v.fract() != 0.0 || v.abs() >= 1e15 {
        return format!("{v}");
    }
    let digits = format!("{}", v.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// How a value reads: "about 11,000", "more than 12,000", "1,500".
pub fn value_label(value: f64, approx: &str) -> String {
    let n = format_number(value);
    match approx {
        "about" => format!("about {n}"),
        "at_least" => format!("at least {n}"),
        "at_most" => format!("at most {n}"),
        _ => n,
    }
}

fn subject(v: &QuantityValue) -> String {
    let unit = v.unit_class.as_deref().unwrap_or("amount");
    if crate::measure::is_money_class(unit) {
        let mut s = format!("{unit} from {}", v.owner.as_deref().unwrap_or("?"));
        if let Some(l) = v.location.as_deref().filter(|l| !l.is_empty()) {
            s.push_str(&format!(" to {l}"));
        }
        return s;
    }
    let mut s = format!("{unit} of {}", v.owner.as_deref().unwrap_or("?"));
    if let Some(l) = v.location.as_deref().filter(|l| !l.is_empty()) {
        s.push_str(&format!(" in {l}"));
    }
    s
}

/// Quantity disputes from the values of measured things that have several values.
pub fn quantity_disputes(values: &[QuantityValue], options: &DisputeOptions) -> Vec<Dispute> {
    let mut groups: BTreeMap<&str, Vec<&QuantityValue>> = BTreeMap::new();
    for v in values {
        groups.entry(v.measure.as_str()).or_default().push(v);
    }
    let mut out = Vec::new();
    for (measure, mut vals) in groups {
        // One side per document and value.
        vals.sort_by(|a, b| (a.day.as_str(), a.doc_id.as_str()).cmp(&(b.day.as_str(), b.doc_id.as_str())));
        vals.dedup_by(|a, b| a.doc_id == b.doc_id && a.value == b.value && a.approx == b.approx);
        for period in periods(&vals, options.window_days) {
            let conflicting = period.iter().enumerate().any(|(i, a)| {
                period[i + 1..].iter().any(|b| conflict((a.value, &a.approx), (b.value, &b.approx), options.tolerance))
            });
            if !conflicting {
                continue;
            }
            let sides = period
                .iter()
                .map(|v| {
                    let mut value = value_label(v.value, &v.approx);
                    if let Some(s) = v.stance.as_deref().filter(|s| *s != "neutral") {
                        value.push_str(&format!(" ({s})"));
                    }
                    DisputeSide {
                        value,
                        number: Some(v.value),
                        speaker: v.speaker.clone(),
                        speaker_from: v.speaker_from.clone(),
                        source: v.source.clone(),
                        date: (!v.day.is_empty()).then(|| v.day.clone()),
                        doc_id: v.doc_id.clone(),
                        url: v.url.clone(),
                        text: v.text.clone(),
                        sentence: v.sentence.clone(),
                    }
                })
                .collect();
            out.push(Dispute {
                id: format!("q{}", out.len() + 1),
                kind: DisputeKind::Quantity,
                subject: subject(period[0]),
                key: measure.to_string(),
                sides,
            });
        }
    }
    out
}

/// Splits date-ordered values into periods of at most `window` days from their first
/// dated value; undated values join every period.
fn periods<'a>(vals: &[&'a QuantityValue], window: i64) -> Vec<Vec<&'a QuantityValue>> {
    let undated: Vec<&QuantityValue> = vals.iter().copied().filter(|v| parse_day(&v.day).is_none()).collect();
    let mut out: Vec<Vec<&QuantityValue>> = Vec::new();
    let mut start: Option<chrono::NaiveDate> = None;
    for v in vals.iter().copied() {
        let Some(d) = parse_day(&v.day) else { continue };
        match start {
            Some(s) if (d - s).num_days() <= window => out.last_mut().expect("a period").push(v),
            _ => {
                start = Some(d);
                out.push(vec![v]);
            }
        }
    }
    if out.is_empty() {
        return vec![undated];
    }
    for p in &mut out {
        p.extend(undated.iter().copied());
    }
    out
}

/// One mention of a disputed event.
#[derive(Debug, Clone, PartialEq)]
pub struct EventSideRow {
    pub event: i64,
    pub subject: String,
    pub factuality: String,
    pub trigger: String,
    pub doc_id: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub day: String,
    pub sentence: String,
    pub speaker: Option<String>,
}

/// Event disputes from the mentions of events with asserted and negated mentions.
pub fn event_disputes(rows: &[EventSideRow]) -> Vec<Dispute> {
    let mut out: Vec<Dispute> = Vec::new();
    for r in rows {
        let side = DisputeSide {
            value: r.factuality.clone(),
            number: None,
            speaker: r.speaker.clone().or_else(|| r.source.clone()),
            speaker_from: if r.speaker.is_some() {
                "claim"
            } else if r.source.is_some() {
                "outlet"
            } else {
                "none"
            }
            .into(),
            source: r.source.clone(),
            date: (!r.day.is_empty()).then(|| r.day.clone()),
            doc_id: r.doc_id.clone(),
            url: r.url.clone(),
            text: r.trigger.clone(),
            sentence: r.sentence.clone(),
        };
        let key = format!("event:{}", r.event);
        match out.last_mut() {
            Some(d) if d.key == key => d.sides.push(side),
            _ => out.push(Dispute {
                id: String::new(),
                kind: DisputeKind::Event,
                subject: r.subject.clone(),
                key,
                sides: vec![side],
            }),
        }
    }
    for (i, d) in out.iter_mut().enumerate() {
        d.id = format!("e{}", i + 1);
    }
    out
}

/// One report of a disputed claim.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimSideRow {
    pub claim: i64,
    pub speaker: Option<String>,
    pub content: String,
    pub stance: String,
    pub mention_content: String,
    pub doc_id: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub day: String,
    pub sentence: String,
}

/// Claim disputes from the reports of claims called false or denied.
pub fn claim_disputes(rows: &[ClaimSideRow]) -> Vec<Dispute> {
    let mut out: Vec<Dispute> = Vec::new();
    for r in rows {
        let key = format!("claim:{}", r.claim);
        if out.last().is_none_or(|d| d.key != key) {
            let who = r.speaker.clone().unwrap_or_else(|| "unattributed".into());
            out.push(Dispute {
                id: String::new(),
                kind: DisputeKind::Claim,
                subject: format!("{who}: {}", r.content),
                key: key.clone(),
                sides: vec![],
            });
        }
        let d = out.last_mut().expect("pushed above");
        let base = DisputeSide {
            value: if r.stance == "denied" { "denies".into() } else { "says".into() },
            number: None,
            speaker: r.speaker.clone(),
            speaker_from: "claim".into(),
            source: r.source.clone(),
            date: (!r.day.is_empty()).then(|| r.day.clone()),
            doc_id: r.doc_id.clone(),
            url: r.url.clone(),
            text: r.mention_content.clone(),
            sentence: r.sentence.clone(),
        };
        if r.stance == "false" || r.stance == "doubted" {
            let verdict = if r.stance == "false" { "calls it false" } else { "doubts it" };
            d.sides.push(base.clone());
            d.sides.push(DisputeSide {
                value: verdict.into(),
                speaker: r.source.clone().or_else(|| Some("the report".into())),
                speaker_from: "outlet".into(),
                ..base
            });
        } else {
            d.sides.push(base);
        }
    }
    for (i, d) in out.iter_mut().enumerate() {
        d.id = format!("c{}", i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(value: f64, approx: &str, day: &str, doc: &str) -> QuantityValue {
        QuantityValue {
            measure: "military personnel|PRK|RUS".into(),
            value,
            approx: approx.into(),
            text: format!("{value} troops"),
            speaker: Some(format!("speaker of {doc}")),
            speaker_from: "attribution".into(),
            stance: None,
            day: day.into(),
            doc_id: doc.into(),
            url: None,
            source: None,
            sentence: String::new(),
            unit_class: Some("military personnel".into()),
            owner: Some("PRK".into()),
            location: Some("RUS".into()),
        }
    }

    #[test]
    fn conflicts_respect_approximation_and_tolerance() {
        let t = 0.25;
        assert!(!conflict((11000.0, "about"), (12000.0, "exact"), t));
        assert!(conflict((1500.0, "exact"), (11000.0, "about"), t));
        assert!(!conflict((12000.0, "at_least"), (11000.0, "about"), t));
        assert!(conflict((12000.0, "at_least"), (3000.0, "about"), t));
        assert!(!conflict((5000.0, "at_most"), (3000.0, "exact"), t));
        assert!(conflict((5000.0, "at_most"), (9000.0, "exact"), t));
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(format_number(11000.0), "11,000");
        assert_eq!(format_number(1234567.0), "1,234,567");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(value_label(12000.0, "at_least"), "at least 12,000");
    }

    #[test]
    fn a_conflicting_period_lists_every_value() {
        let vals = vec![
            v(11000.0, "about", "2024-10-22", "a"),
            v(1500.0, "exact", "2024-10-22", "a"),
            v(3000.0, "about", "2024-10-24", "b"),
            v(12000.0, "at_least", "2024-10-25", "c"),
        ];
        let d = quantity_disputes(&vals, &DisputeOptions::default());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].subject, "military personnel of PRK in RUS");
        let values: Vec<&str> = d[0].sides.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(values, ["about 11,000", "1,500", "about 3,000", "at least 12,000"], "in reading order");
    }

    #[test]
    fn money_disputes_name_who_gives_to_whom() {
        let money = |value: f64, doc: &str| QuantityValue {
            measure: "money (USD) for AID|JPN|UKR".into(),
            unit_class: Some("money (USD) for AID".into()),
            owner: Some("JPN".into()),
            location: Some("UKR".into()),
            ..v(value, "exact", "2024-10-22", doc)
        };
        let d = quantity_disputes(&[money(4.5e9, "a"), money(1.0e9, "b")], &DisputeOptions::default());
        assert_eq!(d[0].subject, "money (USD) for AID from JPN to UKR");
    }

    #[test]
    fn agreeing_values_and_distant_periods_are_no_dispute() {
        let agree = vec![v(11000.0, "about", "2024-10-22", "a"), v(12000.0, "exact", "2024-10-23", "b")];
        assert!(quantity_disputes(&agree, &DisputeOptions::default()).is_empty());
        let apart = vec![v(3000.0, "about", "2024-01-01", "a"), v(11000.0, "about", "2024-06-01", "b")];
        assert!(quantity_disputes(&apart, &DisputeOptions::default()).is_empty());
        let undated = vec![v(3000.0, "about", "", "a"), v(11000.0, "about", "2024-06-01", "b")];
        assert_eq!(quantity_disputes(&undated, &DisputeOptions::default()).len(), 1);
    }

    #[test]
    fn event_and_claim_sides() {
        let row = |f: &str, doc: &str| EventSideRow {
            event: 7,
            subject: "PRK MOBILIZE RUS".into(),
            factuality: f.into(),
            trigger: "sent".into(),
            doc_id: doc.into(),
            url: None,
            source: Some(format!("outlet {doc}")),
            day: "2024-10-22".into(),
            sentence: String::new(),
            speaker: None,
        };
        let d = event_disputes(&[row("asserted", "a"), row("negated", "b")]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].sides.len(), 2);
        assert_eq!(d[0].sides[1].speaker.as_deref(), Some("outlet b"));

        let c = ClaimSideRow {
            claim: 3,
            speaker: Some("Russian Embassy".into()),
            content: "a voluntary meeting".into(),
            stance: "false".into(),
            mention_content: "a voluntary meeting".into(),
            doc_id: "a".into(),
            url: None,
            source: Some("Euronews".into()),
            day: "2024-10-22".into(),
            sentence: String::new(),
        };
        let d = claim_disputes(&[c]);
        assert_eq!(d[0].subject, "Russian Embassy: a voluntary meeting");
        let sides: Vec<(&str, Option<&str>)> =
            d[0].sides.iter().map(|s| (s.value.as_str(), s.speaker.as_deref())).collect();
        assert_eq!(sides, [("says", Some("Russian Embassy")), ("calls it false", Some("Euronews"))]);
    }
}
