//! The record types of sitrep: what one document becomes.
//!
//! These types are the public JSON contract described in `SCHEMA.md`. They carry
//! no behaviour beyond construction helpers, so every other crate can depend on them.
//!
//! # Offsets
//! Every span (`start`, `end`) is a UTF-8 byte offset into [`Extraction::text`], the
//! document's *normalised* text, with `end` exclusive. `sentence` fields are 0-based
//! indices into [`Extraction::sentences`]. Holding to this invariant is what makes
//! highlighting and provenance possible without re-reading the source.

use serde::{Deserialize, Serialize, Serializer};

/// A document as read from its source, before extraction.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Caller-given identifier; when empty, the extractor derives one from the text.
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// Publisher or outlet name.
    #[serde(default)]
    pub source: Option<String>,
    /// Publication date as given (ISO 8601 date or date-time); relative times resolve against it.
    #[serde(default)]
    pub published: Option<String>,
    /// Body text (plain text after HTML or Markdown has been read).
    pub text: String,
}

/// A stretch of the normalised text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The span `start..end` of `text`.
    ///
    /// # Panics
    /// When the range is out of bounds or not on character boundaries.
    pub fn of(text: &str, start: usize, end: usize) -> Self {
        Span { text: text[start..end].to_string(), start, end }
    }
}

/// One sentence (or headline, or dateline-free lead) of the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// What sort of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A state or territory, also when named by its capital or seat of power ("the Kremlin").
    Country,
    Person,
    /// A named institution: ministry, embassy, agency, company, international organisation, outlet.
    Organization,
    /// A geocoded place below country level.
    Place,
    /// A collective actor named by its sector: "North Korean troops", "Sudanese rebels".
    Group,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Country => "country",
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
            EntityKind::Group => "group",
        }
    }
}

/// One place in the text where an entity is named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
}

/// One real-world thing, with every mention of it in the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Unique within the document: the actor code for countries, a slug for people.
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    /// CAMEO-style actor code: ISO 3166-1 alpha-3 plus role codes (`KORGOV`, `PRKMIL`).
    pub code: Option<String>,
    /// ISO 3166-1 alpha-3 of the country the entity belongs to.
    pub country: Option<String>,
    /// Titles seen in the text ("ambassador", "military intelligence chief").
    #[serde(default)]
    pub roles: Vec<String>,
    pub mentions: Vec<Mention>,
}

/// An actor taking part in an event: the text that names it and the entity it links to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorRef {
    pub text: String,
    pub entity: Option<String>,
    pub code: Option<String>,
    pub country: Option<String>,
}

/// How the text presents an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Factuality {
    Asserted,
    Possible,
    Planned,
    Negated,
}

/// One mention of a political event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub sentence: usize,
    pub trigger: Span,
    /// PLOVER event type, upper case (`AID`, `MOBILIZE`); empty only in
    /// [`Extraction::dictionary_events`].
    pub plover: String,
    /// CAMEO code, 2 to 4 digits, as a string ("074"); in
    /// [`Extraction::dictionary_events`], the loaded dictionary's own code ("903", "174K").
    pub cameo: String,
    pub source: Option<ActorRef>,
    pub target: Option<ActorRef>,
    pub factuality: Factuality,
    /// Index into [`Extraction::claims`] of the claim that carries the event.
    pub claim: Option<usize>,
    /// Index into [`Extraction::places`].
    pub place: Option<usize>,
    /// Index into [`Extraction::times`].
    pub time: Option<usize>,
    /// Indices into [`Extraction::quantities`].
    #[serde(default)]
    pub quantities: Vec<usize>,
}

/// A mention of harm that is news but no political event, so has no PLOVER type: a
/// natural disaster, an accident or other man-made disaster, or organised crime
/// (`lexicon/incidents.txt`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    pub sentence: usize,
    /// The word or phrase that names it ("earthquake", "derailed", "drug trafficking").
    pub trigger: Span,
    /// `natural_disaster`, `man_made_disaster` or `organised_crime`.
    pub kind: String,
    /// The hazard or crime: `flood`, `epidemic`, `traffic`, `industrial`, `drugs`, `fraud` ...
    pub class: String,
}

/// How the author frames what a speaker says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Neutral,
    Doubted,
    False,
    Denied,
}

/// Who a claim is attributed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    pub text: String,
    pub entity: Option<String>,
    pub name: Option<String>,
}

/// Who said what, and how the text frames it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub sentence: usize,
    /// `None` when the report is unattributed ("reportedly").
    pub speaker: Option<Speaker>,
    pub cue: Span,
    pub content: Span,
    /// True for a verbatim quotation.
    pub direct: bool,
    pub stance: Stance,
}

/// How a number is qualified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Approx {
    Exact,
    About,
    AtMost,
    AtLeast,
}

/// A counted or measured amount: troops, money, casualties.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub sentence: usize,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// The number; integral values are written without a fraction.
    #[serde(serialize_with = "number")]
    pub value: f64,
    /// Counted noun in the singular ("soldier") or ISO 4217 currency code ("EUR").
    pub unit: Option<String>,
    pub approx: Approx,
}

/// A time expression resolved against the publication date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeExpr {
    pub sentence: usize,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// ISO 8601 at the expression's own granularity: `2022`, `2024-08`, `2024-11-01`.
    pub value: String,
}

/// A geocoded place below country level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub sentence: usize,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// The gazetteer's name for it ("Kursk Oblast").
    pub name: String,
    /// ISO 3166-1 alpha-3.
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// `geonames:<id>`.
    pub gazetteer_id: Option<String>,
}

/// Everything sitrep extracts from one document: the record of `SCHEMA.md`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    /// ISO 639-1 code of the detected language.
    pub lang: String,
    /// The normalised body text that every offset points into.
    pub text: String,
    pub sentences: Vec<Sentence>,
    pub entities: Vec<Entity>,
    pub events: Vec<Event>,
    pub claims: Vec<Claim>,
    pub quantities: Vec<Quantity>,
    pub times: Vec<TimeExpr>,
    /// Time expressions without an ISO 8601 value, in TimeML's notation: references to
    /// the present, past or future ("now" `PRESENT_REF`, "recently" `PAST_REF`, "the
    /// future" `FUTURE_REF`), durations of unspecified length ("for years" `PXY`) and sets
    /// with an unspecified part ("every Friday" `XXXX-WXX-5`). Kept apart from `times`,
    /// whose values place things on the calendar.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vague_times: Vec<TimeExpr>,
    pub places: Vec<Place>,
    /// Events coded by a loaded PETRARCH dictionary with a code of its own that is not a
    /// CAMEO code and has no PLOVER type ("903", "174K"). Kept apart from `events`, whose
    /// every entry has a PLOVER type and a CAMEO code; left out when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dictionary_events: Vec<Event>,
    /// Disasters, accidents and organised crime ([`Incident`]); left out when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incidents: Vec<Incident>,
}

/// Writes whole numbers as JSON integers (11000, not 11000.0).
fn number<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        s.serialize_i64(*value as i64)
    } else {
        s.serialize_f64(*value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_quantities_serialise_as_integers() {
        let q = Quantity {
            sentence: 0,
            text: "1.5 million".into(),
            start: 0,
            end: 11,
            value: 1_500_000.0,
            unit: None,
            approx: Approx::AtLeast,
        };
        let json = serde_json::to_string(&q).unwrap();
        assert!(json.contains("\"value\":1500000,"), "{json}");
        assert!(json.contains("\"approx\":\"at_least\""), "{json}");
        let half = Quantity { value: 2.5, ..q };
        assert!(serde_json::to_string(&half).unwrap().contains("\"value\":2.5"));
    }

    #[test]
    fn enums_use_the_schema_spelling() {
        assert_eq!(serde_json::to_string(&EntityKind::Organization).unwrap(), "\"organization\"");
        assert_eq!(serde_json::to_string(&Factuality::Planned).unwrap(), "\"planned\"");
        assert_eq!(serde_json::to_string(&Stance::Doubted).unwrap(), "\"doubted\"");
    }

    #[test]
    fn span_of_copies_the_slice() {
        let s = Span::of("Seoul said", 0, 5);
        assert_eq!(s, Span { text: "Seoul".into(), start: 0, end: 5 });
    }
}
