//! The SQLite schema and its migrations.
//!
//! A sitrep store is marked by `PRAGMA application_id` = [`APPLICATION_ID`] ("SITR") and
//! its schema version is `PRAGMA user_version`. [`MIGRATIONS`]`[i]` takes a store from
//! version `i` to `i + 1`; each runs in one transaction with the version bump, so a
//! store is always at a whole version.
//!
//! Conventions: days are ISO `YYYY-MM-DD` text, `''` when unknown (so that keyset
//! pagination never meets NULL); counts are kept on the merged rows (`events`, `claims`,
//! `entities`) and the `*_docs` / `*_sources` tables make them distinct counts.

/// `PRAGMA application_id` of a sitrep store: the bytes "SITR".
pub const APPLICATION_ID: i32 = 0x5349_5452;

/// Schema migrations, in order.
pub const MIGRATIONS: &[&str] = &[V1];

/// The schema version this build writes.
pub const LATEST: i32 = MIGRATIONS.len() as i32;

const V1: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per document; `record` is the extraction as JSON without its text (kept in
-- `text`) and sentence texts (rebuilt from `sentences` offsets).
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    doc_id       TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    url          TEXT,
    url_key      TEXT UNIQUE,
    title        TEXT,
    source       TEXT,
    source_key   TEXT NOT NULL,
    published    TEXT,
    day          TEXT NOT NULL DEFAULT '',
    lang         TEXT NOT NULL,
    text         TEXT NOT NULL,
    record       TEXT NOT NULL,
    story        INTEGER,
    added        TEXT NOT NULL
);
CREATE INDEX documents_day ON documents(day);
CREATE INDEX documents_story ON documents(story);

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);

CREATE TABLE sentences (
    doc   INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end   INTEGER NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE entities (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    code       TEXT,
    country    TEXT,
    n_docs     INTEGER NOT NULL DEFAULT 0,
    n_mentions INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT NOT NULL DEFAULT '',
    last_seen  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX entities_code ON entities(code);
CREATE INDEX entities_docs ON entities(n_docs, id);
CREATE INDEX entities_name ON entities(name COLLATE NOCASE);

CREATE TABLE doc_entities (
    doc        INTEGER NOT NULL,
    local_id   TEXT NOT NULL,
    entity     INTEGER NOT NULL,
    name       TEXT NOT NULL,
    roles      TEXT NOT NULL,
    n_mentions INTEGER NOT NULL,
    PRIMARY KEY (doc, local_id)
) WITHOUT ROWID;
CREATE INDEX doc_entities_entity ON doc_entities(entity);

CREATE TABLE mentions (
    doc      INTEGER NOT NULL,
    entity   INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    end      INTEGER NOT NULL,
    sentence INTEGER NOT NULL
);
CREATE INDEX mentions_doc ON mentions(doc);
CREATE INDEX mentions_entity ON mentions(entity);

CREATE TABLE places (
    doc          INTEGER NOT NULL,
    idx          INTEGER NOT NULL,
    sentence     INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    text         TEXT NOT NULL,
    name         TEXT NOT NULL,
    country      TEXT,
    lat          REAL NOT NULL,
    lon          REAL NOT NULL,
    gazetteer_id TEXT,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;
CREATE INDEX places_gazetteer ON places(gazetteer_id);

CREATE TABLE times (
    doc       INTEGER NOT NULL,
    idx       INTEGER NOT NULL,
    sentence  INTEGER NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    text      TEXT NOT NULL,
    value     TEXT NOT NULL,
    day_first TEXT NOT NULL,
    day_last  TEXT NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

-- `measure` is the measured thing (unit class|owner|location), see measure.rs.
CREATE TABLE quantities (
    id             INTEGER PRIMARY KEY,
    doc            INTEGER NOT NULL,
    idx            INTEGER NOT NULL,
    sentence       INTEGER NOT NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    text           TEXT NOT NULL,
    value          REAL NOT NULL,
    unit           TEXT,
    unit_class     TEXT,
    approx         TEXT NOT NULL,
    owner          TEXT,
    location       TEXT,
    measure        TEXT,
    speaker        TEXT,
    speaker_from   TEXT NOT NULL,
    speaker_entity INTEGER,
    claim_mention  INTEGER,
    stance         TEXT,
    day            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX quantities_measure ON quantities(measure) WHERE measure IS NOT NULL;
CREATE INDEX quantities_doc ON quantities(doc);

-- Merged events. The merge key is (plover, src_code, tgt_code) plus a date window and
-- a compatible place; see ingest.rs.
CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    plover        TEXT NOT NULL,
    cameo         TEXT NOT NULL,
    cameo_root    TEXT NOT NULL,
    cameo_base    TEXT NOT NULL,
    src_code      TEXT NOT NULL,
    src_country   TEXT,
    src_name      TEXT NOT NULL,
    src_entity    INTEGER,
    tgt_code      TEXT NOT NULL,
    tgt_country   TEXT,
    tgt_name      TEXT NOT NULL,
    tgt_entity    INTEGER,
    has_target    INTEGER NOT NULL,
    day           TEXT NOT NULL,
    day_last      TEXT NOT NULL,
    first_seen    TEXT NOT NULL,
    last_seen     TEXT NOT NULL,
    n_mentions    INTEGER NOT NULL,
    n_docs        INTEGER NOT NULL,
    n_sources     INTEGER NOT NULL,
    n_asserted    INTEGER NOT NULL,
    n_possible    INTEGER NOT NULL,
    n_planned     INTEGER NOT NULL,
    n_negated     INTEGER NOT NULL,
    factuality    TEXT NOT NULL,
    place_key     TEXT NOT NULL,
    place_name    TEXT COLLATE NOCASE,
    place_country TEXT,
    lat           REAL,
    lon           REAL,
    lead_sentence INTEGER NOT NULL,
    added         TEXT NOT NULL,
    first_doc     INTEGER NOT NULL,
    trigger       TEXT NOT NULL,
    sentence_text TEXT NOT NULL
);
CREATE INDEX events_key ON events(plover, src_code, tgt_code, day);
CREATE INDEX events_day ON events(day, id);
CREATE INDEX events_plover ON events(plover, day, id);
CREATE INDEX events_root ON events(cameo_root, day, id);
CREATE INDEX events_base ON events(cameo_base, day, id);
CREATE INDEX events_factuality ON events(factuality, day, id);
CREATE INDEX events_place ON events(place_key, day, id);

-- The places events happened at, one row each, to resolve `--place NAME` to keys.
CREATE TABLE event_places (
    place_key TEXT PRIMARY KEY,
    name      TEXT NOT NULL COLLATE NOCASE,
    country   TEXT
) WITHOUT ROWID;
CREATE INDEX event_places_name ON event_places(name);

-- Look-up keys of each event, in date order per key, for the actor and country filters:
-- `A:<actor code>`, `c:<country of an actor or of the place>`, `e:<entity id>`.
CREATE TABLE event_keys (
    key   TEXT NOT NULL,
    day   TEXT NOT NULL,
    event INTEGER NOT NULL,
    PRIMARY KEY (key, day, event)
) WITHOUT ROWID;

CREATE TABLE event_docs (
    event INTEGER NOT NULL,
    doc   INTEGER NOT NULL,
    PRIMARY KEY (event, doc)
) WITHOUT ROWID;
CREATE TABLE event_sources (
    event  INTEGER NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (event, source)
) WITHOUT ROWID;

CREATE TABLE event_mentions (
    id            INTEGER PRIMARY KEY,
    event         INTEGER NOT NULL,
    doc           INTEGER NOT NULL,
    idx           INTEGER NOT NULL,
    sentence      INTEGER NOT NULL,
    trigger       TEXT NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end   INTEGER NOT NULL,
    plover        TEXT NOT NULL,
    cameo         TEXT NOT NULL,
    factuality    TEXT NOT NULL,
    claim_mention INTEGER,
    place_idx     INTEGER,
    time_idx      INTEGER,
    quantities    TEXT NOT NULL
);
CREATE INDEX event_mentions_event ON event_mentions(event);
CREATE INDEX event_mentions_doc ON event_mentions(doc);

-- Merged claims: the same speaker saying the same content (word sets, see ingest.rs).
CREATE TABLE claims (
    id             INTEGER PRIMARY KEY,
    speaker_key    TEXT NOT NULL,
    speaker        TEXT,
    speaker_code   TEXT,
    speaker_entity INTEGER,
    content        TEXT NOT NULL,
    words          TEXT NOT NULL,
    direct         INTEGER NOT NULL,
    n_mentions     INTEGER NOT NULL,
    n_docs         INTEGER NOT NULL,
    n_sources      INTEGER NOT NULL,
    n_neutral      INTEGER NOT NULL,
    n_doubted      INTEGER NOT NULL,
    n_false        INTEGER NOT NULL,
    n_denied       INTEGER NOT NULL,
    stance         TEXT NOT NULL,
    first_seen     TEXT NOT NULL,
    last_seen      TEXT NOT NULL,
    first_doc      INTEGER NOT NULL
);
CREATE INDEX claims_speaker ON claims(speaker_key, id);
CREATE INDEX claims_speaker_name ON claims(speaker COLLATE NOCASE);
CREATE INDEX claims_stance ON claims(stance, id);

CREATE TABLE claim_docs (
    claim INTEGER NOT NULL,
    doc   INTEGER NOT NULL,
    PRIMARY KEY (claim, doc)
) WITHOUT ROWID;
CREATE TABLE claim_sources (
    claim  INTEGER NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (claim, source)
) WITHOUT ROWID;

CREATE TABLE claim_mentions (
    id           INTEGER PRIMARY KEY,
    claim        INTEGER NOT NULL,
    doc          INTEGER NOT NULL,
    idx          INTEGER NOT NULL,
    sentence     INTEGER NOT NULL,
    speaker_text TEXT,
    cue          TEXT NOT NULL,
    content      TEXT NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    direct       INTEGER NOT NULL,
    stance       TEXT NOT NULL
);
CREATE INDEX claim_mentions_claim ON claim_mentions(claim);
CREATE INDEX claim_mentions_doc ON claim_mentions(doc);

-- Stories: documents about the same news. `terms` is the signature of the story's first
-- document, one term a line; see stories.rs.
CREATE TABLE stories (
    id         INTEGER PRIMARY KEY,
    title      TEXT,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    n_docs     INTEGER NOT NULL,
    terms      TEXT NOT NULL
);
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_applies_to_an_empty_database() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for m in MIGRATIONS {
            conn.execute_batch(m).unwrap();
        }
        let n: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0)).unwrap();
        assert!(n >= 20, "{n} tables");
    }

    #[test]
    fn application_id_spells_sitr() {
        assert_eq!(&APPLICATION_ID.to_be_bytes(), b"SITR");
    }
}
