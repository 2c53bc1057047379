//! What a quantity measures, and who gives it: the basis of quantity disputes.
//!
//! **What.** For each quantity of a record, [`measure`] finds
//! - the *unit class*: the counted noun folded into a class, so that "troops", "soldiers"
//!   and "servicemen" count the same thing (`data/unit_classes.tsv`);
//! - the *owner*: the country whose people or things are counted. An actor named inside
//!   the quantity's own words wins ("11,000 **North Korean** troops" -> PRK); otherwise the
//!   nearest country, group or organisation before the quantity in its sentence that is
//!   not the one reporting it ("According to South Korean intelligence, **North Korea** has
//!   sent 1,500 soldiers" -> PRK: the attribution frame "According to ...," is skipped, and
//!   so is an actor followed by a reporting verb, "X said");
//! - the *location*: the first country or place after the quantity in its sentence that
//!   follows a locative preposition (in, into, to, inside, within, at): "in **Russia**" ->
//!   RUS; a place counts as its country, so "Kursk region" is RUS;
//! - the *speaker*: the claim whose content holds the quantity; when the record has no
//!   such claim, the sentence's attribution ("according to X", "X said/told/estimated");
//!   else the document's outlet.
//!
//! Sums of money are measured by the event that holds them instead: "pledged $60 billion in
//! aid to Ukraine" is `money (USD) for AID | USA | UKR` (the event's source and target), and a
//! sum that no event holds is not comparable (a country's budget and its aid package are
//! both dollars of that country).
//!
//! The measured thing is `unit class | owner | location`; a quantity without an owner
//! is not comparable with anything (a bare "2,600 soldiers" may be anyone's), and no
//! location only matches no location ("1.2 million North Korean troops" at home is not
//! the contingent in Russia).
//!
//! **Why.** Two reports disagree only when they measure the same thing; these rules use
//! what the extractor already links (entities with codes and countries, places with
//! countries, claims) and a handful of English attribution cues, and never look at the
//! numbers themselves.

use sitrep_model::{EntityKind, Extraction, Stance};

const UNIT_CLASSES: &str = include_str!("../data/unit_classes.tsv");

/// The class a counted noun belongs to (`soldier` -> `military personnel`); the noun
/// itself when it has none.
pub fn unit_class(unit: &str) -> String {
    for line in UNIT_CLASSES.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((class, units)) = line.split_once('\t') {
            if units.split(',').any(|u| u.trim() == unit) {
                return class.trim().to_string();
            }
        }
    }
    unit.to_string()
}

/// How the speaker of a value was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerFrom {
    /// The claim whose content span holds the value.
    Claim,
    /// "according to X" or "X said" in the value's sentence.
    Attribution,
    /// The document's outlet.
    Outlet,
    None,
}

impl SpeakerFrom {
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerFrom::Claim => "claim",
            SpeakerFrom::Attribution => "attribution",
            SpeakerFrom::Outlet => "outlet",
            SpeakerFrom::None => "none",
        }
    }
}

/// What one quantity measures and who gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    pub unit_class: Option<String>,
    /// ISO alpha-3 of the country whose people or things are counted.
    pub owner: Option<String>,
    /// ISO alpha-3 of where they are.
    pub location: Option<String>,
    /// `unit class|owner|location` when the quantity has a unit and an owner.
    pub key: Option<String>,
    /// The speaker's name.
    pub speaker: Option<String>,
    /// The speaker's entity (local id in the record).
    pub speaker_entity: Option<String>,
    pub speaker_from: SpeakerFrom,
    /// Index of the claim that holds the quantity.
    pub claim: Option<usize>,
    pub stance: Option<Stance>,
}

struct M {
    start: usize,
    end: usize,
    entity: usize,
}

/// Reporting verbs that make the actor before them a speaker, not an owner.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "stated",
    "states",
    "estimated",
    "estimates",
    "estimate",
    "claimed",
    "claims",
    "claim",
    "reported",
    "reports",
    "added",
    "believes",
    "believe",
    "announced",
    "announces",
    "confirmed",
    "confirms",
    "alleged",
    "alleges",
    "insisted",
    "insists",
    "denied",
    "denies",
    "wrote",
    "writes",
    "noted",
];

const LOCATIVES: &[&str] = &["in", "into", "to", "inside", "within", "at", "across", "throughout"];

/// Measures every quantity of a record, in order.
pub fn measure(record: &Extraction) -> Vec<Measured> {
    let text = record.text.as_str();
    let mut mentions: Vec<M> = Vec::new();
    for (i, e) in record.entities.iter().enumerate() {
        for m in &e.mentions {
            if m.end <= text.len() && m.start < m.end {
                mentions.push(M { start: m.start, end: m.end, entity: i });
            }
        }
    }
    mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    record.quantities.iter().enumerate().map(|(i, q)| measure_one(record, &mentions, i, q)).collect()
}

/// Whether a quantity's unit is an ISO 4217 currency code ("USD") rather than a counted noun.
pub fn is_currency(unit: &str) -> bool {
    unit.len() == 3 && unit.bytes().all(|b| b.is_ascii_uppercase())
}

/// The class of a sum of money given for an event of a PLOVER type: "money (USD) for AID".
fn money_class(currency: &str, plover: &str) -> String {
    format!("money ({currency}) for {plover}")
}

/// Whether a unit class is a sum of money given for an event ([`money_class`]).
pub fn is_money_class(class: &str) -> bool {
    class.starts_with("money (")
}

/// A sum of money: the event holding quantity `index` gives its class, owner (the event's
/// source country) and location (its target country).
fn measure_money(
    record: &Extraction,
    index: usize,
    currency: &str,
) -> (Option<String>, Option<String>, Option<String>) {
    let Some(event) = record.events.iter().find(|e| e.quantities.contains(&index)) else {
        return (Some(currency.to_string()), None, None);
    };
    let country = |a: &Option<sitrep_model::ActorRef>| a.as_ref().and_then(|a| a.country.clone());
    (Some(money_class(currency, &event.plover)), country(&event.source), country(&event.target))
}

fn country_of(record: &Extraction, entity: usize) -> Option<String> {
    let e = &record.entities[entity];
    e.country.clone().or_else(|| {
        e.code
            .as_deref()
            .filter(|c| c.len() >= 3 && c.as_bytes()[..3].iter().all(u8::is_ascii_uppercase))
            .map(|c| c[..3].to_string())
    })
}

fn is_actor(kind: EntityKind) -> bool {
    matches!(kind, EntityKind::Country | EntityKind::Group | EntityKind::Organization)
}

/// The words before byte `pos`, nearest first, lower case (at most `n`).
fn words_before(text: &str, pos: usize, n: usize) -> Vec<String> {
    let head = text.get(..pos).unwrap_or("");
    head.split(|c: char| !c.is_alphanumeric()).rev().filter(|w| !w.is_empty()).take(n).map(str::to_lowercase).collect()
}

/// Where the speaker's words end when an actor mention at `end` is followed by a
/// reporting verb, allowing up to two lower-case role words between them ("Pentagon
/// spokesperson said", "Ukrainian official told", "X has said").
fn reporting_after(text: &str, end: usize) -> Option<usize> {
    let rest = text.get(end..).unwrap_or("");
    let mut pos = 0;
    let mut last_role_end = 0;
    for i in 0..4 {
        let skip = rest[pos..].len() - rest[pos..].trim_start_matches(' ').len();
        let start = pos + skip;
        let word_len = rest[start..].find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len() - start);
        if word_len == 0 {
            return None;
        }
        let word = &rest[start..start + word_len];
        let lower = word.to_lowercase();
        if REPORTING.contains(&lower.as_str()) {
            return Some(end + last_role_end);
        }
        let auxiliary = matches!(lower.as_str(), "has" | "have" | "had");
        if i >= 3 || !(auxiliary || word.chars().all(|c| c.is_lowercase())) {
            return None;
        }
        pos = start + word_len;
        if !auxiliary {
            last_role_end = pos;
        }
    }
    None
}

fn followed_by_reporting_verb(text: &str, end: usize) -> bool {
    reporting_after(text, end).is_some()
}

/// The byte range of an "According to X," frame in `[sent_start, limit)`, if any.
fn according_frame(text: &str, sent_start: usize, limit: usize) -> Option<(usize, usize)> {
    let part = text.get(sent_start..limit)?;
    let lower = part.to_lowercase();
    if lower.len() != part.len() {
        // Case folding changed byte lengths: search case-sensitively in two spellings.
        let i = part.find("According to").or_else(|| part.find("according to"))?;
        return Some(frame_from(part, sent_start, i));
    }
    let i = lower.find("according to")?;
    Some(frame_from(part, sent_start, i))
}

fn frame_from(part: &str, base: usize, i: usize) -> (usize, usize) {
    let after = i + "according to".len();
    let end = part[after..].rfind(',').map(|c| after + c + 1).unwrap_or(part.len());
    (base + i, base + end)
}

fn measure_one(record: &Extraction, mentions: &[M], index: usize, q: &sitrep_model::Quantity) -> Measured {
    let text = record.text.as_str();
    let sentence = record.sentences.get(q.sentence);
    let (s_start, s_end) = sentence.map(|s| (s.start, s.end)).unwrap_or((q.start, q.end));
    let in_sentence = |m: &&M| m.start >= s_start && m.end <= s_end;
    let frame = according_frame(text, s_start, q.start);
    let in_frame = |m: &M| frame.is_some_and(|(a, b)| m.start >= a && m.end <= b);

    // Owner: an actor inside the quantity's words, else the nearest one before it.
    // Both are looked for only when the quantity is not a sum of money.
    let owner = || {
        let inside = mentions
            .iter()
            .filter(|m| m.start >= q.start && m.end <= q.end)
            .filter(|m| is_actor(record.entities[m.entity].kind))
            .find_map(|m| country_of(record, m.entity));
        inside.or_else(|| {
            mentions
                .iter()
                .filter(in_sentence)
                .filter(|m| m.end <= q.start && !in_frame(m))
                .filter(|m| is_actor(record.entities[m.entity].kind))
                .filter(|m| !followed_by_reporting_verb(text, m.end))
                .filter_map(|m| country_of(record, m.entity).map(|c| (m.start, c)))
                .max_by_key(|(start, _)| *start)
                .map(|(_, c)| c)
        })
    };

    // Location: the first country or place after a locative preposition.
    let location = || {
        mentions
            .iter()
            .filter(in_sentence)
            .filter(|m| m.start >= q.end)
            .filter(|m| matches!(record.entities[m.entity].kind, EntityKind::Country | EntityKind::Place))
            .find(|m| {
                let before = words_before(text, m.start, 2);
                let first = before.first().map(String::as_str).unwrap_or("");
                let second = before.get(1).map(String::as_str).unwrap_or("");
                LOCATIVES.contains(&first) || (first == "the" && LOCATIVES.contains(&second))
            })
            .and_then(|m| country_of(record, m.entity))
    };

    let (unit_class, owner, location) = match q.unit.as_deref() {
        Some(u) if is_currency(u) => measure_money(record, index, u),
        u => (u.map(unit_class), owner(), location()),
    };
    let key = match (&unit_class, &owner) {
        (Some(u), Some(o)) => Some(format!("{u}|{o}|{}", location.as_deref().unwrap_or(""))),
        _ => None,
    };

    // Speaker: the claim holding the quantity, else the sentence's attribution, else the outlet.
    let claim = record
        .claims
        .iter()
        .position(|c| c.content.end > c.content.start && c.content.start <= q.start && q.end <= c.content.end);
    let mut out = Measured {
        unit_class,
        owner,
        location,
        key,
        speaker: None,
        speaker_entity: None,
        speaker_from: SpeakerFrom::None,
        claim,
        stance: claim.map(|i| record.claims[i].stance),
    };
    if let Some(c) = claim.map(|i| &record.claims[i]) {
        if let Some(sp) = &c.speaker {
            out.speaker = Some(sp.name.clone().unwrap_or_else(|| sp.text.clone()));
            out.speaker_entity = sp.entity.clone();
            out.speaker_from = SpeakerFrom::Claim;
            return out;
        }
    }
    // (entity, label when role words follow the mention: "Pentagon spokesperson")
    let speaker_mention: Option<(usize, String)> = frame
        .and_then(|(a, b)| {
            let framed: Vec<&M> = mentions.iter().filter(|m| m.start >= a && m.end <= b).collect();
            framed
                .iter()
                .find(|m| record.entities[m.entity].kind == EntityKind::Person)
                .or_else(|| framed.first())
                .map(|m| (m.entity, String::new()))
        })
        .or_else(|| {
            mentions
                .iter()
                .filter(in_sentence)
                .filter(|m| record.entities[m.entity].kind != EntityKind::Place)
                .filter(|m| m.end <= q.start || m.start >= q.end)
                .filter_map(|m| reporting_after(text, m.end).map(|e| (m, e)))
                .min_by_key(|(m, _)| if m.end <= q.start { q.start - m.end } else { m.start - q.end })
                .map(|(m, e)| (m.entity, if e > m.end { text[m.start..e].trim().to_string() } else { String::new() }))
        });
    if let Some((i, label)) = speaker_mention {
        let e = &record.entities[i];
        out.speaker = Some(if label.is_empty() || e.kind == EntityKind::Person { e.name.clone() } else { label });
        out.speaker_entity = Some(e.id.clone());
        out.speaker_from = SpeakerFrom::Attribution;
    } else if let Some(src) = record.source.as_deref().filter(|s| !s.trim().is_empty()) {
        out.speaker = Some(src.to_string());
        out.speaker_from = SpeakerFrom::Outlet;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_model::{Approx, Entity, Mention, Quantity, Sentence};

    /// A record over `text` with entities given as (id, kind, code, country, mention texts).
    pub(crate) fn record(
        text: &str,
        ents: &[(&str, EntityKind, &str, &str, &[&str])],
        quants: &[(&str, f64, &str, Approx)],
    ) -> Extraction {
        let mut sentences = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if c == '.' || c == '?' {
                sentences.push(Sentence { text: text[start..=i].to_string(), start, end: i + 1 });
                start = (i + 2).min(text.len());
            }
        }
        if start < text.len() {
            sentences.push(Sentence { text: text[start..].to_string(), start, end: text.len() });
        }
        let sentence_of = |pos: usize| sentences.iter().position(|s| pos >= s.start && pos < s.end).unwrap_or(0);
        let mut entities = Vec::new();
        for (id, kind, code, country, texts) in ents {
            let mut mentions = Vec::new();
            for t in texts.iter() {
                let mut from = 0;
                while let Some(i) = text[from..].find(t) {
                    let s = from + i;
                    mentions.push(Mention {
                        text: t.to_string(),
                        start: s,
                        end: s + t.len(),
                        sentence: sentence_of(s),
                    });
                    from = s + t.len();
                }
            }
            entities.push(Entity {
                id: id.to_string(),
                name: texts[0].to_string(),
                kind: *kind,
                code: (!code.is_empty()).then(|| code.to_string()),
                country: (!country.is_empty()).then(|| country.to_string()),
                roles: vec![],
                mentions,
            });
        }
        let quantities = quants
            .iter()
            .map(|(t, v, unit, approx)| {
                let s = text.find(t).unwrap();
                Quantity {
                    sentence: sentence_of(s),
                    text: t.to_string(),
                    start: s,
                    end: s + t.len(),
                    value: *v,
                    unit: Some(unit.to_string()),
                    approx: *approx,
                }
            })
            .collect();
        Extraction {
            id: "d".into(),
            lang: "en".into(),
            text: text.into(),
            sentences,
            entities,
            quantities,
            ..Extraction::default()
        }
    }

    #[test]
    fn units_fold_into_classes() {
        assert_eq!(unit_class("soldier"), "military personnel");
        assert_eq!(unit_class("troop"), "military personnel");
        assert_eq!(unit_class("EUR"), "EUR");
        assert_eq!(unit_class("drone"), "drone");
    }

    #[test]
    fn owner_inside_the_quantity_and_location_after_a_preposition() {
        let r = record(
            "Budanov said that close to 11,000 North Korean troops are in Russia and will fight in Ukraine.",
            &[
                ("kyrylo-budanov", EntityKind::Person, "UKRSPY", "UKR", &["Budanov"]),
                ("PRKMIL", EntityKind::Group, "PRKMIL", "PRK", &["North Korean troops"]),
                ("RUS", EntityKind::Country, "RUS", "RUS", &["Russia"]),
                ("UKR", EntityKind::Country, "UKR", "UKR", &["Ukraine"]),
            ],
            &[("close to 11,000 North Korean troops", 11000.0, "troop", Approx::About)],
        );
        let m = &measure(&r)[0];
        assert_eq!(m.key.as_deref(), Some("military personnel|PRK|RUS"));
        assert_eq!(m.speaker.as_deref(), Some("Budanov"));
        assert_eq!(m.speaker_from, SpeakerFrom::Attribution);
    }

    #[test]
    fn according_to_frames_are_speakers_not_owners() {
        let r = record(
            "According to South Korean intelligence, North Korea has sent 1,500 soldiers to Russia for training.",
            &[
                ("KORSPY", EntityKind::Group, "KORSPY", "KOR", &["South Korean intelligence"]),
                ("PRK", EntityKind::Country, "PRK", "PRK", &["North Korea"]),
                ("RUS", EntityKind::Country, "RUS", "RUS", &["Russia"]),
            ],
            &[("1,500 soldiers", 1500.0, "soldier", Approx::Exact)],
        );
        let m = &measure(&r)[0];
        assert_eq!(m.owner.as_deref(), Some("PRK"));
        assert_eq!(m.location.as_deref(), Some("RUS"));
        assert_eq!(m.speaker.as_deref(), Some("South Korean intelligence"));
    }

    #[test]
    fn a_quantity_with_only_a_speaker_before_it_has_no_owner() {
        let r = record(
            "According to Ukraine's intelligence chief, Kyrylo Budanov, the first group of 2,600 soldiers will be deployed to Russia's Kursk region.",
            &[
                ("kyrylo-budanov", EntityKind::Person, "UKRSPY", "UKR", &["Kyrylo Budanov", "Ukraine's intelligence chief"]),
                ("RUS", EntityKind::Country, "RUS", "RUS", &["Russia"]),
            ],
            &[("2,600 soldiers", 2600.0, "soldier", Approx::Exact)],
        );
        let m = &measure(&r)[0];
        assert_eq!(m.owner, None);
        assert_eq!(m.key, None);
        assert_eq!(m.speaker.as_deref(), Some("Kyrylo Budanov"));
    }

    #[test]
    fn claims_give_the_speaker_and_stance_first() {
        let mut r = record(
            "Officials said 500 Iranian drones arrived in Belarus.",
            &[
                ("IRN", EntityKind::Country, "IRN", "IRN", &["Iranian"]),
                ("BLR", EntityKind::Country, "BLR", "BLR", &["Belarus"]),
            ],
            &[("500 Iranian drones", 500.0, "drone", Approx::Exact)],
        );
        let text = r.text.clone();
        let c0 = text.find("500").unwrap();
        r.claims.push(sitrep_model::Claim {
            sentence: 0,
            speaker: Some(sitrep_model::Speaker { text: "Officials".into(), entity: None, name: None }),
            cue: sitrep_model::Span::of(&text, 10, 14),
            content: sitrep_model::Span::of(&text, c0, text.len() - 1),
            direct: false,
            stance: Stance::Doubted,
        });
        let m = &measure(&r)[0];
        assert_eq!(m.key.as_deref(), Some("drone|IRN|BLR"));
        assert_eq!(
            (m.speaker.as_deref(), m.speaker_from, m.stance),
            (Some("Officials"), SpeakerFrom::Claim, Some(Stance::Doubted))
        );
    }

    #[test]
    fn role_words_between_the_actor_and_the_verb_make_the_speaker() {
        let r = record(
            "A Pentagon spokesperson said about 3,000 North Korean soldiers were in Russia.",
            &[
                ("USAMIL", EntityKind::Organization, "USAMIL", "USA", &["Pentagon"]),
                ("PRKMIL", EntityKind::Group, "PRKMIL", "PRK", &["North Korean soldiers"]),
                ("RUS", EntityKind::Country, "RUS", "RUS", &["Russia"]),
            ],
            &[("about 3,000 North Korean soldiers", 3000.0, "soldier", Approx::About)],
        );
        let m = &measure(&r)[0];
        assert_eq!(m.key.as_deref(), Some("military personnel|PRK|RUS"));
        assert_eq!(m.speaker.as_deref(), Some("Pentagon spokesperson"));
        assert!(reporting_after("X has said", 1).is_some());
        assert!(reporting_after("X Reuters said", 1).is_none(), "a capitalised word is not a role word");
    }

    #[test]
    fn sums_of_money_are_measured_by_the_event_that_holds_them() {
        let mut r = record(
            "Japan pledged $4.5 billion in aid to Ukraine. Japan's defence budget is $56 billion.",
            &[
                ("JPN", EntityKind::Country, "JPN", "JPN", &["Japan"]),
                ("UKR", EntityKind::Country, "UKR", "UKR", &["Ukraine"]),
            ],
            &[("$4.5 billion", 4.5e9, "USD", Approx::Exact), ("$56 billion", 5.6e10, "USD", Approx::Exact)],
        );
        let text = r.text.clone();
        let actor = |name: &str, code: &str| sitrep_model::ActorRef {
            text: name.into(),
            entity: Some(code.into()),
            code: Some(code.into()),
            country: Some(code.into()),
        };
        let at = text.find("pledged").unwrap();
        r.events.push(sitrep_model::Event {
            sentence: 0,
            trigger: sitrep_model::Span::of(&text, at, at + "pledged".len()),
            plover: "AID".into(),
            cameo: "071".into(),
            source: Some(actor("Japan", "JPN")),
            target: Some(actor("Ukraine", "UKR")),
            factuality: sitrep_model::Factuality::Asserted,
            claim: None,
            place: None,
            time: None,
            quantities: vec![0],
        });
        let m = measure(&r);
        assert_eq!(m[0].key.as_deref(), Some("money (USD) for AID|JPN|UKR"));
        assert_eq!(m[1].key, None, "a budget is no event's sum: not comparable with the aid");
        assert!(is_currency("USD") && !is_currency("troop") && !is_currency("UN"));
    }

    #[test]
    fn the_outlet_speaks_when_nobody_else_does() {
        let mut r = record(
            "Some 300 Russian soldiers crossed into Georgia.",
            &[
                ("RUS", EntityKind::Country, "RUS", "RUS", &["Russian"]),
                ("GEO", EntityKind::Country, "GEO", "GEO", &["Georgia"]),
            ],
            &[("Some 300 Russian soldiers", 300.0, "soldier", Approx::About)],
        );
        r.source = Some("Wire".into());
        let m = &measure(&r)[0];
        assert_eq!(m.key.as_deref(), Some("military personnel|RUS|GEO"));
        assert_eq!((m.speaker.as_deref(), m.speaker_from), (Some("Wire"), SpeakerFrom::Outlet));
    }
}
