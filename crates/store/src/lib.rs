//! sitrep's store: many documents and their records, merged into one picture.
//!
//! **What.** The [`Store`] trait is what the rest of sitrep asks of a store: add records
//! idempotently in batches, and read merged events, claims, entities, disputes, stories,
//! full-text hits and timelines back, filtered and keyset-paginated. [`SqliteStore`] is
//! the embedded implementation: one SQLite file in WAL mode with an FTS5 index, schema
//! migrations ([`schema`]) and indexes for the query filters.
//!
//! **Why.** Extraction reads one document; analysts ask about the world across
//! thousands. Merging happens as documents arrive (entities by code and identity, event
//! mentions into events, claims by speaker and content, documents into stories), so reads
//! are plain indexed queries.
//!
//! **Example.**
//! ```
//! use sitrep_model::Extraction;
//! use sitrep_store::{OpenMode, Page, SqliteStore, Store};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let mut store = SqliteStore::open(&dir.path().join("sitrep.db"), OpenMode::Create).unwrap();
//! let record = Extraction { id: "a".into(), lang: "en".into(), text: "Envoys met in Geneva.".into(), ..Extraction::default() };
//! let first = store.add_batch(&[record.clone()]).unwrap();
//! assert!(first[0].is_added());
//! let again = store.add_batch(&[record]).unwrap();
//! assert!(!again[0].is_added(), "the same text is the same document");
//! let hits = store.search("Geneva", &Page { limit: 10, after: None }).unwrap();
//! assert_eq!(hits.rows[0].doc_id, "a");
//! ```

pub mod bench;
pub mod disputes;
pub mod keys;
pub mod measure;
pub mod records;
pub mod schema;
mod sqlite;
pub mod stories;

use std::path::PathBuf;

pub use keys::{content_hash, url_key};
pub use records::*;
use sitrep_model::Extraction;
pub use sqlite::{OpenMode, SqliteStore, StoreOptions};

/// What can go wrong in a store. Messages are one line and name the file when it matters.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file is not a sitrep store (empty, not SQLite, damaged); it was not touched.
    #[error("{}: not a sitrep store ({reason}); the file was left untouched", path.display())]
    NotAStore { path: PathBuf, reason: String },
    /// A SQLite database of another application.
    #[error("{}: a SQLite database of another application (application_id {application_id:#x}), not a sitrep store; the file was left untouched", path.display())]
    Foreign { path: PathBuf, application_id: i32 },
    /// A store written by a newer sitrep.
    #[error("{}: store schema version {version} is newer than this sitrep knows ({supported}); upgrade sitrep", path.display())]
    TooNew { path: PathBuf, version: i32, supported: i32 },
    /// No store at the path (when reading).
    #[error("{}: no sitrep store here (create one with `sitrep ingest --db {}`)", path.display(), path.display())]
    Missing { path: PathBuf },
    /// A query the store cannot run (bad cursor, bad date, bad code).
    #[error("{0}")]
    BadQuery(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored record is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl StoreError {
    /// True when the error is a closed output pipe of a streaming read (not a failure).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, StoreError::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// What sitrep needs from a store. [`SqliteStore`] implements it; a server database can
/// implement it when one machine is not enough.
pub trait Store {
    /// Whether a document would be skipped, checked before extracting it: `id` is the
    /// record id it will get, `hash` the [`content_hash`] of its normalised text.
    fn known(&self, id: &str, url: Option<&str>, hash: &str) -> Result<Option<AddStatus>, StoreError>;
    /// Adds records in one transaction: all or none of the batch is stored.
    fn add_batch(&mut self, records: &[Extraction]) -> Result<Vec<AddStatus>, StoreError>;
    fn events(&self, filter: &EventFilter, page: &Page) -> Result<Paged<EventRecord>, StoreError>;
    /// Streams every matching event (for exports).
    fn for_each_event(
        &self,
        filter: &EventFilter,
        f: &mut dyn FnMut(&EventRecord) -> std::io::Result<()>,
    ) -> Result<usize, StoreError>;
    fn claims(&self, filter: &ClaimFilter, page: &Page) -> Result<Paged<ClaimRecord>, StoreError>;
    fn entities(&self, filter: &EntityFilter, page: &Page) -> Result<Paged<EntityRecord>, StoreError>;
    fn search(&self, query: &str, page: &Page) -> Result<Paged<SearchHit>, StoreError>;
    /// A document by id, URL or unique id prefix.
    fn document(&self, key: &str) -> Result<Option<StoredDocument>, StoreError>;
    fn timeline(&self, filter: &EventFilter, page: &Page) -> Result<Paged<TimelineEntry>, StoreError>;
    fn stories(&self, page: &Page) -> Result<Paged<StoryRecord>, StoreError>;
    fn disputes(&self, options: &DisputeOptions) -> Result<Vec<Dispute>, StoreError>;
    fn stats(&self) -> Result<StoreStats, StoreError>;
    /// Stored documents, the latest added first.
    fn documents(&self, page: &Page) -> Result<Paged<DocumentInfo>, StoreError>;
    /// One event with every report of it.
    fn event(&self, id: i64) -> Result<Option<EventDetail>, StoreError>;
    /// Counts of the filtered events per day, week or month and PLOVER type.
    fn event_counts(&self, filter: &EventFilter, by: TimeBucket) -> Result<TimelineCounts, StoreError>;
    /// Source-target-type counts of the filtered events (the actor graph's edges).
    fn actor_links(&self, filter: &EventFilter) -> Result<Vec<ActorLink>, StoreError>;
    /// The filtered events with coordinates, newest first, at most `limit` (0 = all).
    fn located_events(&self, filter: &EventFilter, limit: usize) -> Result<Vec<EventRecord>, StoreError>;
    /// Places named in the documents with their coordinates and counts.
    fn place_points(&self, filter: &EventFilter) -> Result<Vec<PlacePoint>, StoreError>;
}

impl Store for SqliteStore {
    fn known(&self, id: &str, url: Option<&str>, hash: &str) -> Result<Option<AddStatus>, StoreError> {
        SqliteStore::known(self, id, url, hash)
    }
    fn add_batch(&mut self, records: &[Extraction]) -> Result<Vec<AddStatus>, StoreError> {
        SqliteStore::add_batch(self, records)
    }
    fn events(&self, filter: &EventFilter, page: &Page) -> Result<Paged<EventRecord>, StoreError> {
        SqliteStore::events(self, filter, page)
    }
    fn for_each_event(
        &self,
        filter: &EventFilter,
        f: &mut dyn FnMut(&EventRecord) -> std::io::Result<()>,
    ) -> Result<usize, StoreError> {
        SqliteStore::for_each_event(self, filter, f)
    }
    fn claims(&self, filter: &ClaimFilter, page: &Page) -> Result<Paged<ClaimRecord>, StoreError> {
        SqliteStore::claims(self, filter, page)
    }
    fn entities(&self, filter: &EntityFilter, page: &Page) -> Result<Paged<EntityRecord>, StoreError> {
        SqliteStore::entities(self, filter, page)
    }
    fn search(&self, query: &str, page: &Page) -> Result<Paged<SearchHit>, StoreError> {
        SqliteStore::search(self, query, page)
    }
    fn document(&self, key: &str) -> Result<Option<StoredDocument>, StoreError> {
        SqliteStore::document(self, key)
    }
    fn timeline(&self, filter: &EventFilter, page: &Page) -> Result<Paged<TimelineEntry>, StoreError> {
        SqliteStore::timeline(self, filter, page)
    }
    fn stories(&self, page: &Page) -> Result<Paged<StoryRecord>, StoreError> {
        SqliteStore::stories(self, page)
    }
    fn disputes(&self, options: &DisputeOptions) -> Result<Vec<Dispute>, StoreError> {
        SqliteStore::disputes(self, options)
    }
    fn stats(&self) -> Result<StoreStats, StoreError> {
        SqliteStore::stats(self)
    }
    fn documents(&self, page: &Page) -> Result<Paged<DocumentInfo>, StoreError> {
        SqliteStore::documents(self, page)
    }
    fn event(&self, id: i64) -> Result<Option<EventDetail>, StoreError> {
        SqliteStore::event(self, id)
    }
    fn event_counts(&self, filter: &EventFilter, by: TimeBucket) -> Result<TimelineCounts, StoreError> {
        SqliteStore::event_counts(self, filter, by)
    }
    fn actor_links(&self, filter: &EventFilter) -> Result<Vec<ActorLink>, StoreError> {
        SqliteStore::actor_links(self, filter)
    }
    fn located_events(&self, filter: &EventFilter, limit: usize) -> Result<Vec<EventRecord>, StoreError> {
        SqliteStore::located_events(self, filter, limit)
    }
    fn place_points(&self, filter: &EventFilter) -> Result<Vec<PlacePoint>, StoreError> {
        SqliteStore::place_points(self, filter)
    }
}
