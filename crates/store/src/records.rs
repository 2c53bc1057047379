//! What the store gives back: cross-document records, query filters and outcomes.
//!
//! These are plain serde types with no database in them, so exporters, printers and a
//! future server can use them without knowing about SQLite.

use serde::{Deserialize, Serialize};

/// What happened to one document handed to [`crate::Store::add_batch`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum AddStatus {
    /// Stored as a new document.
    Added {
        /// The record's id.
        id: String,
    },
    /// The same text (content hash) is already stored: nothing changes.
    Duplicate {
        /// The record's id.
        id: String,
        /// The id of the stored document with the same text.
        existing: String,
    },
    /// A stored document has this URL (or this caller-given id) but a different text.
    /// The new text is *not* merged into the stored one and not stored as a version:
    /// it is reported so that the user can decide (see `docs/ARCHITECTURE.md`).
    Changed {
        /// The record's id.
        id: String,
        /// The id of the stored document under the same URL or id.
        existing: String,
        /// `"url"` or `"id"`: which key matched.
        key: &'static str,
    },
}

impl AddStatus {
    /// True for [`AddStatus::Added`].
    pub fn is_added(&self) -> bool {
        matches!(self, AddStatus::Added { .. })
    }
}

/// Counts of a whole ingest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct IngestCounts {
    pub added: usize,
    /// Same text as a stored document.
    pub duplicates: usize,
    /// Known URL or id with a different text.
    pub changed: usize,
    /// Inputs or records that could not be read.
    pub failed: usize,
}

impl IngestCounts {
    /// Adds one status to the counts.
    pub fn count(&mut self, status: &AddStatus) {
        match status {
            AddStatus::Added { .. } => self.added += 1,
            AddStatus::Duplicate { .. } => self.duplicates += 1,
            AddStatus::Changed { .. } => self.changed += 1,
        }
    }

    /// Duplicates and changed documents together.
    pub fn skipped(&self) -> usize {
        self.duplicates + self.changed
    }
}

/// One side of an event: an actor with its code.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActorInfo {
    /// CAMEO-style actor code (`PRKMIL`); empty when the text gave none.
    pub code: String,
    /// ISO 3166-1 alpha-3 country of the actor, when known.
    pub country: Option<String>,
    /// A name for the actor: the linked entity's name, else the text that named it.
    pub name: String,
}

/// A place where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlaceInfo {
    /// The gazetteer's name ("Kursk Oblast").
    pub name: String,
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// `geonames:<id>` when geocoded.
    pub gazetteer_id: Option<String>,
}

/// One event: every mention of the same happening, merged across documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventRecord {
    /// Stable id in this store (also the GDELT GLOBALEVENTID on export).
    pub id: i64,
    /// PLOVER type, upper case.
    pub plover: String,
    /// CAMEO code of the first mention (2 to 4 digits).
    pub cameo: String,
    pub source: Option<ActorInfo>,
    pub target: Option<ActorInfo>,
    /// The factuality most mentions give (`asserted`, `possible`, `planned`, `negated`).
    pub factuality: String,
    /// When it happened: first day of the merged date range (ISO 8601), when known.
    pub date: Option<String>,
    /// Last day of the merged date range.
    pub date_last: Option<String>,
    /// Earliest and latest publication day of the documents that mention it.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub mentions: i64,
    pub documents: i64,
    /// Distinct sources (outlets; the URL's host when no outlet is given).
    pub sources: i64,
    pub place: Option<PlaceInfo>,
    /// The lowest sentence index of any mention (0 = the lead sentence).
    pub lead_sentence: i64,
    /// When the first mention was stored (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub added: String,
    /// The document of the first mention: id, URL, title and outlet.
    pub doc_id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// The trigger text and the sentence of the first mention.
    pub trigger: String,
    pub sentence: String,
}

/// One claim: what one speaker said, merged across documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimRecord {
    pub id: i64,
    /// The speaker's name, or `None` for unattributed reports.
    pub speaker: Option<String>,
    /// The speaker's entity code when linked (`UKRSPY`).
    pub speaker_code: Option<String>,
    /// The content as first reported.
    pub content: String,
    /// The stance most mentions give (`neutral`, `doubted`, `false`, `denied`).
    pub stance: String,
    pub direct: bool,
    pub mentions: i64,
    pub documents: i64,
    pub sources: i64,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub doc_id: String,
    pub url: Option<String>,
}

/// One entity merged across documents by code (countries, groups) or identity
/// (people, organisations, places).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntityRecord {
    pub id: i64,
    /// `kind:local-id`, e.g. `country:PRK`, `person:kyrylo-budanov`, `place:geonames:538560`.
    pub key: String,
    pub kind: String,
    pub name: String,
    pub code: Option<String>,
    pub country: Option<String>,
    pub documents: i64,
    pub mentions: i64,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

/// A full-text search hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    pub doc_id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// The matching passage with the matched words in `[brackets]`.
    pub snippet: String,
    /// BM25 score (lower is better, as SQLite gives it).
    pub score: f64,
    pub story: Option<i64>,
}

/// A stored document without its record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentInfo {
    pub doc_id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub lang: String,
    pub story: Option<i64>,
    pub added: String,
}

/// A stored document with its full record.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredDocument {
    #[serde(flatten)]
    pub info: DocumentInfo,
    /// Other documents clustered into the same story.
    pub story_documents: Vec<String>,
    /// The record of `SCHEMA.md`: text, entities with mention spans, events, claims...
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub record: sitrep_model::Extraction,
}

/// One entry of an actor's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    pub date: Option<String>,
    /// `event` or `claim`.
    pub kind: String,
    /// Event type or claim stance.
    pub what: String,
    /// `SOURCE -> TARGET` for events, the speaker for claims.
    pub who: String,
    pub place: Option<String>,
    pub mentions: i64,
    pub sources: i64,
    /// Trigger sentence or claim content.
    pub text: String,
    pub id: i64,
}

/// A story: documents about the same news, clustered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoryRecord {
    pub id: i64,
    pub title: Option<String>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub documents: i64,
}

/// What kind of disagreement a dispute is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DisputeKind {
    /// Different values for the same measured thing.
    Quantity,
    /// One source asserts an event that another says did not happen.
    Event,
    /// A claim that a source calls false or that is denied.
    Claim,
}

impl DisputeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DisputeKind::Quantity => "quantity",
            DisputeKind::Event => "event",
            DisputeKind::Claim => "claim",
        }
    }
}

/// One side of a dispute: a value with who gives it and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisputeSide {
    /// The value as the side gives it: `about 11000`, `asserted`, `false`.
    pub value: String,
    /// The number, for quantity disputes.
    pub number: Option<f64>,
    /// Who says it (a person, an office, an outlet), when known.
    pub speaker: Option<String>,
    /// How the speaker was found: `claim`, `attribution` (according to X / X said in the
    /// sentence), `outlet` (the document's source) or `none`.
    pub speaker_from: String,
    /// The document's outlet.
    pub source: Option<String>,
    /// The document's publication day.
    pub date: Option<String>,
    pub doc_id: String,
    pub url: Option<String>,
    /// The words that carry the value.
    pub text: String,
    /// The sentence it is in.
    pub sentence: String,
}

/// Sources that disagree about one thing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dispute {
    /// A stable id within one listing (`q1`, `e3`, `c2`).
    pub id: String,
    pub kind: DisputeKind,
    /// What is disputed, for people: "military personnel of PRK in RUS".
    pub subject: String,
    /// The machine key of the measured thing or event.
    pub key: String,
    /// Every value given, in date order.
    pub sides: Vec<DisputeSide>,
}

/// Filters of `sitrep events` (and of exports and timelines).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilter {
    /// Source or target: an actor code or its prefix (`PRK` matches `PRKMIL`), or a name.
    pub actor: Option<String>,
    pub source_actor: Option<String>,
    pub target_actor: Option<String>,
    /// PLOVER type (case-insensitive).
    pub plover: Option<String>,
    /// CAMEO code or prefix (`19` matches `190`, `193`).
    pub cameo: Option<String>,
    pub factuality: Option<String>,
    /// Country (ISO alpha-3) of the source or target actor, or of the place.
    pub country: Option<String>,
    /// Place name or gazetteer id.
    pub place: Option<String>,
    /// First day (inclusive), ISO `YYYY-MM-DD` (or a year / year-month).
    pub since: Option<String>,
    /// Last day (inclusive).
    pub until: Option<String>,
    pub min_sources: Option<i64>,
    /// The column events are sorted by (date unless told otherwise).
    pub sort: EventSort,
    /// Smallest first (oldest first for dates: timelines, exports) instead of largest first.
    pub ascending: bool,
}

/// What a page of events is sorted by; ties go by event id, so pages never overlap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EventSort {
    /// The event's (first) day.
    #[default]
    Date,
    /// Distinct outlets reporting it: the most corroborated events first.
    Sources,
    /// Documents reporting it.
    Documents,
    /// Mentions in all documents.
    Mentions,
    /// PLOVER type.
    Type,
    /// CAMEO code.
    Cameo,
    /// Source actor's code (its name when it has none).
    Source,
    /// Target actor's code (its name when it has none).
    Target,
    /// Factuality (asserted, negated, planned, possible).
    Factuality,
    /// Place name.
    Place,
}

impl EventSort {
    /// Every sort with its name, as the CLI and the API spell it.
    pub const ALL: [(&'static str, EventSort); 10] = [
        ("date", EventSort::Date),
        ("sources", EventSort::Sources),
        ("documents", EventSort::Documents),
        ("mentions", EventSort::Mentions),
        ("type", EventSort::Type),
        ("cameo", EventSort::Cameo),
        ("source", EventSort::Source),
        ("target", EventSort::Target),
        ("factuality", EventSort::Factuality),
        ("place", EventSort::Place),
    ];

    /// The sort named `name` (case-insensitive), if there is one.
    pub fn from_name(name: &str) -> Option<EventSort> {
        let name = name.trim();
        Self::ALL.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|&(_, s)| s)
    }

    /// The names of every sort, comma-separated (for error messages).
    pub fn names() -> String {
        Self::ALL.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
    }
}

/// Keyset pagination: at most `limit` rows after the row whose cursor is `after`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// 0 = no limit.
    pub limit: usize,
    /// The cursor printed with the last row of the previous page.
    pub after: Option<String>,
}

/// Rows of one page, with the cursor of the next page when there may be more.
#[derive(Debug, Clone, PartialEq)]
pub struct Paged<T> {
    pub rows: Vec<T>,
    pub next: Option<String>,
}

/// Filters of `sitrep claims`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimFilter {
    /// Part of the speaker's name, or a speaker code.
    pub speaker: Option<String>,
    pub stance: Option<String>,
    /// Words the content must contain.
    pub about: Option<String>,
}

/// Filters of `sitrep entities`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntityFilter {
    pub kind: Option<String>,
    /// Part of the name (case-insensitive).
    pub name: Option<String>,
    /// Code or code prefix.
    pub code: Option<String>,
    pub country: Option<String>,
    pub min_documents: Option<i64>,
}

/// Options of dispute detection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DisputeOptions {
    /// Two values conflict when one exceeds the other by more than this fraction after
    /// their approximation markers are taken into account (default 0.25).
    pub tolerance: f64,
    /// Values reported more than this many days apart are about different moments and
    /// are not compared (default 30).
    pub window_days: i64,
}

impl Default for DisputeOptions {
    fn default() -> Self {
        DisputeOptions { tolerance: 0.25, window_days: 30 }
    }
}

/// Sizes of a store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreStats {
    pub documents: i64,
    pub sentences: i64,
    pub entities: i64,
    pub mentions: i64,
    pub events: i64,
    pub event_mentions: i64,
    pub claims: i64,
    pub quantities: i64,
    pub times: i64,
    pub places: i64,
    pub stories: i64,
    /// Bytes of the database file (without the WAL).
    pub file_bytes: u64,
}

/// One report of an event: the document and sentence that mention it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventMentionInfo {
    pub doc_id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    /// The document's outlet.
    pub source: Option<String>,
    pub published: Option<String>,
    /// The sentence of the mention.
    pub sentence: String,
    /// The trigger words and their byte range in the document's normalised text.
    pub trigger: String,
    pub trigger_start: i64,
    pub trigger_end: i64,
    /// This mention's factuality (the event's is the majority of its mentions').
    pub factuality: String,
    /// Who the report attributes the event to, when it sits in a claim.
    pub claim_speaker: Option<String>,
}

/// An event with every report of it, oldest document first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventDetail {
    pub event: EventRecord,
    pub mentions: Vec<EventMentionInfo>,
}

/// How timeline counts are grouped in time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeBucket {
    #[default]
    Day,
    /// ISO weeks, named by their Monday.
    Week,
    /// Calendar months, named by their first day.
    Month,
}

/// Events of one PLOVER type in one day, week or month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineCount {
    /// First day of the bucket, `YYYY-MM-DD`.
    pub date: String,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub plover: String,
    pub events: i64,
    /// Mentions of those events.
    pub mentions: i64,
}

/// Event counts over time, and how many matching events have no date.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineCounts {
    pub rows: Vec<TimelineCount>,
    pub undated: i64,
}

/// Events of one PLOVER type from one actor to another (an edge of the actor graph).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActorLink {
    /// The source actor; its `code` is the actor's name when the text gave no code.
    pub source: ActorInfo,
    pub target: ActorInfo,
    pub plover: String,
    pub events: i64,
    pub mentions: i64,
}

/// A place named in the stored documents, with where it is and how often it is named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlacePoint {
    /// The gazetteer id (`geonames:538560`), else `name:<name>`.
    pub key: String,
    pub name: String,
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// Documents that name it.
    pub documents: i64,
    /// Times it is named.
    pub mentions: i64,
    /// Stored events that happened there.
    pub events: i64,
}
