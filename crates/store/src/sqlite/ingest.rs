//! Writing records: one transaction per batch, merging as documents arrive.
//!
//! **Same document.** A record whose content hash (SHA-256 of its normalised text) is
//! stored is a duplicate and changes nothing. A record whose URL (compared by
//! [`crate::url_key`]) or caller-given id is stored with a *different* text is reported
//! as `changed` and skipped: a page that was edited is not silently merged into the
//! stored version, nor stored twice under one URL.
//!
//! **Events.** An event mention joins a stored event with the same PLOVER type, the same
//! source and target codes (an actor's code, else its country; absent is its own
//! value), a date range that overlaps the mention's once both are widened by
//! [`StoreOptions::event_window_days`] (a mention's date is its time expression, else the
//! document's publication day; undated mentions only join undated events), and a
//! compatible place (the same gazetteer place, or either unknown). Among candidates the
//! same place wins, then the nearest date. Counts of mentions, distinct documents and
//! distinct sources, the date range, first/last seen and the factuality counts are
//! updated in place.
//!
//! **Claims.** A claim joins a stored claim of the same speaker (the linked entity, else
//! the speaker's name folded to lower case; unattributed claims are one speaker) whose
//! content word set has a Jaccard similarity of at least
//! [`StoreOptions::claim_similarity`] with its own, among that speaker's 50 latest claims.
//!
//! **Entities** are merged by [`crate::keys::entity_key`].

use rusqlite::{params, OptionalExtension, Transaction};
use rustc_hash::FxHashMap;
use sitrep_model::{Extraction, Factuality, Stance};

use super::{now_utc, SqliteStore};
use crate::keys::{self, content_hash, day_range, entity_key, iso, parse_day, source_key, url_key};
use crate::measure;
use crate::records::AddStatus;
use crate::stories::{self, StoryEntry, StoryIndex};
use crate::StoreError;

/// The record as stored in `documents.record`: everything but the texts that `text`
/// and the `sentences` offsets give back.
#[derive(serde::Serialize)]
struct RecordRef<'a> {
    id: &'a str,
    title: &'a Option<String>,
    url: &'a Option<String>,
    source: &'a Option<String>,
    published: &'a Option<String>,
    lang: &'a str,
    sentences: Vec<(usize, usize)>,
    entities: &'a [sitrep_model::Entity],
    events: &'a [sitrep_model::Event],
    claims: &'a [sitrep_model::Claim],
    quantities: &'a [sitrep_model::Quantity],
    times: &'a [sitrep_model::TimeExpr],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    vague_times: &'a [sitrep_model::TimeExpr],
    places: &'a [sitrep_model::Place],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    dictionary_events: &'a [sitrep_model::Event],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    incidents: &'a [sitrep_model::Incident],
}

#[derive(serde::Deserialize)]
pub(super) struct RecordOwned {
    id: String,
    title: Option<String>,
    url: Option<String>,
    source: Option<String>,
    published: Option<String>,
    lang: String,
    sentences: Vec<(usize, usize)>,
    entities: Vec<sitrep_model::Entity>,
    events: Vec<sitrep_model::Event>,
    claims: Vec<sitrep_model::Claim>,
    quantities: Vec<sitrep_model::Quantity>,
    times: Vec<sitrep_model::TimeExpr>,
    #[serde(default)]
    vague_times: Vec<sitrep_model::TimeExpr>,
    places: Vec<sitrep_model::Place>,
    #[serde(default)]
    dictionary_events: Vec<sitrep_model::Event>,
    #[serde(default)]
    incidents: Vec<sitrep_model::Incident>,
}

impl RecordOwned {
    /// The full record, its texts restored from `text`.
    pub(super) fn into_extraction(self, text: String) -> Extraction {
        let sentences = self
            .sentences
            .iter()
            .map(|&(s, e)| sitrep_model::Sentence { text: text.get(s..e).unwrap_or("").to_string(), start: s, end: e })
            .collect();
        Extraction {
            id: self.id,
            title: self.title,
            url: self.url,
            source: self.source,
            published: self.published,
            lang: self.lang,
            text,
            sentences,
            entities: self.entities,
            events: self.events,
            claims: self.claims,
            quantities: self.quantities,
            times: self.times,
            vague_times: self.vague_times,
            places: self.places,
            dictionary_events: self.dictionary_events,
            incidents: self.incidents,
        }
    }
}

fn stored_json(r: &Extraction) -> Result<String, StoreError> {
    let rec = RecordRef {
        id: &r.id,
        title: &r.title,
        url: &r.url,
        source: &r.source,
        published: &r.published,
        lang: &r.lang,
        sentences: r.sentences.iter().map(|s| (s.start, s.end)).collect(),
        entities: &r.entities,
        events: &r.events,
        claims: &r.claims,
        quantities: &r.quantities,
        times: &r.times,
        vague_times: &r.vague_times,
        dictionary_events: &r.dictionary_events,
        incidents: &r.incidents,
        places: &r.places,
    };
    Ok(serde_json::to_string(&rec)?)
}

pub(crate) fn factuality_str(f: Factuality) -> &'static str {
    match f {
        Factuality::Asserted => "asserted",
        Factuality::Possible => "possible",
        Factuality::Planned => "planned",
        Factuality::Negated => "negated",
    }
}

pub(crate) fn stance_str(s: Stance) -> &'static str {
    match s {
        Stance::Neutral => "neutral",
        Stance::Doubted => "doubted",
        Stance::False => "false",
        Stance::Denied => "denied",
    }
}

fn approx_str(a: sitrep_model::Approx) -> &'static str {
    match a {
        sitrep_model::Approx::Exact => "exact",
        sitrep_model::Approx::About => "about",
        sitrep_model::Approx::AtMost => "at_most",
        sitrep_model::Approx::AtLeast => "at_least",
    }
}

/// The label with the highest count; ties go to the earlier label.
fn majority<'a>(counts: &[(&'a str, i64)]) -> &'a str {
    let mut best = counts[0];
    for c in &counts[1..] {
        if c.1 > best.1 {
            best = *c;
        }
    }
    best.0
}

impl SqliteStore {
    /// Whether a document is already stored, checked before extraction: by content
    /// hash, then URL, then id. `None` means it would be added.
    pub fn known(&self, id: &str, url: Option<&str>, hash: &str) -> Result<Option<AddStatus>, StoreError> {
        known_in(&self.conn, id, url, hash)
    }

    /// Stores a batch of records in one transaction; returns what happened to each.
    pub fn add_batch(&mut self, records: &[Extraction]) -> Result<Vec<AddStatus>, StoreError> {
        if self.stories.is_none() {
            self.stories = Some(load_stories(&self.conn)?);
        }
        let options = self.options;
        let mut index = self.stories.take().unwrap_or_default();
        let result = (|| {
            let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let added = now_utc();
            let mut out = Vec::with_capacity(records.len());
            let first_new: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM documents", [], |r| r.get(0))?;
            for r in records {
                out.push(add_one(&tx, r, &added, &options, &mut index)?);
            }
            // One full-text insert per batch: FTS5 flushes its pending terms once per
            // statement, so row-by-row inserts would write one segment per document.
            tx.prepare_cached(
                "INSERT INTO documents_fts (rowid, title, text) SELECT id, COALESCE(title, ''), text FROM documents WHERE id >= ?1",
            )?
            .execute([first_new])?;
            tx.commit()?;
            Ok(out)
        })();
        match result {
            Ok(out) => {
                self.stories = Some(index);
                Ok(out)
            }
            Err(e) => {
                // The transaction rolled back: forget stories it may have added.
                self.stories = None;
                Err(e)
            }
        }
    }
}

fn known_in(
    conn: &rusqlite::Connection,
    id: &str,
    url: Option<&str>,
    hash: &str,
) -> Result<Option<AddStatus>, StoreError> {
    let by_hash: Option<String> = conn
        .prepare_cached("SELECT doc_id FROM documents WHERE content_hash = ?1")?
        .query_row([hash], |r| r.get(0))
        .optional()?;
    if let Some(existing) = by_hash {
        return Ok(Some(AddStatus::Duplicate { id: id.to_string(), existing }));
    }
    if let Some(key) = url.and_then(url_key) {
        let by_url: Option<String> = conn
            .prepare_cached("SELECT doc_id FROM documents WHERE url_key = ?1")?
            .query_row([&key], |r| r.get(0))
            .optional()?;
        if let Some(existing) = by_url {
            return Ok(Some(AddStatus::Changed { id: id.to_string(), existing, key: "url" }));
        }
    }
    let by_id: Option<String> = conn
        .prepare_cached("SELECT doc_id FROM documents WHERE doc_id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    if let Some(existing) = by_id {
        return Ok(Some(AddStatus::Changed { id: id.to_string(), existing, key: "id" }));
    }
    Ok(None)
}

fn load_stories(conn: &rusqlite::Connection) -> Result<StoryIndex, StoreError> {
    let mut index = StoryIndex::default();
    let mut stmt = conn.prepare("SELECT id, first_seen, last_seen, terms FROM stories")?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
    })?;
    for row in rows {
        let (id, first, last, terms) = row?;
        index.insert(
            id,
            StoryEntry {
                first: parse_day(&first),
                last: parse_day(&last),
                terms: terms.lines().map(str::to_string).collect(),
            },
        );
    }
    Ok(index)
}

/// Global ids of the record's entities, by local id.
type EntityMap = FxHashMap<String, (i64, String, Option<String>)>;

fn add_one(
    tx: &Transaction,
    r: &Extraction,
    added: &str,
    options: &super::StoreOptions,
    stories: &mut StoryIndex,
) -> Result<AddStatus, StoreError> {
    let hash = content_hash(&r.text);
    if let Some(status) = known_in(tx, &r.id, r.url.as_deref(), &hash)? {
        return Ok(status);
    }
    let day_date = r.published.as_deref().and_then(parse_day);
    let day = day_date.map(iso).unwrap_or_default();
    let src_key = source_key(r.source.as_deref(), r.url.as_deref());
    tx.prepare_cached(
        "INSERT INTO documents (doc_id, content_hash, url, url_key, title, source, source_key, published, day, lang, text, record, added)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        r.id,
        hash,
        r.url,
        r.url.as_deref().and_then(url_key),
        r.title,
        r.source,
        src_key,
        r.published,
        day,
        r.lang,
        r.text,
        stored_json(r)?,
        added
    ])?;
    let doc = tx.last_insert_rowid();
    {
        let mut stmt = tx.prepare_cached("INSERT INTO sentences (doc, idx, start, end) VALUES (?1, ?2, ?3, ?4)")?;
        for (i, s) in r.sentences.iter().enumerate() {
            stmt.execute(params![doc, i as i64, s.start as i64, s.end as i64])?;
        }
    }

    // Entities, merged by identity, and their mentions.
    let mut entity_ids: EntityMap = FxHashMap::default();
    {
        let mut upsert = tx.prepare_cached(
            "INSERT INTO entities (key, kind, name, code, country, n_docs, n_mentions, first_seen, last_seen)
             VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?7)
             ON CONFLICT(key) DO UPDATE SET
                n_docs = n_docs + 1,
                n_mentions = n_mentions + excluded.n_mentions,
                code = COALESCE(code, excluded.code),
                country = COALESCE(country, excluded.country),
                first_seen = CASE WHEN excluded.first_seen <> '' AND (first_seen = '' OR excluded.first_seen < first_seen)
                                  THEN excluded.first_seen ELSE first_seen END,
                last_seen = CASE WHEN excluded.last_seen > last_seen THEN excluded.last_seen ELSE last_seen END
             RETURNING id",
        )?;
        let mut link = tx.prepare_cached(
            "INSERT OR IGNORE INTO doc_entities (doc, local_id, entity, name, roles, n_mentions) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut mention =
            tx.prepare_cached("INSERT INTO mentions (doc, entity, start, end, sentence) VALUES (?1, ?2, ?3, ?4, ?5)")?;
        for e in &r.entities {
            let key = entity_key(e);
            let id: i64 = upsert.query_row(
                params![key, e.kind.as_str(), e.name, e.code, e.country, e.mentions.len() as i64, day],
                |row| row.get(0),
            )?;
            link.execute(params![doc, e.id, id, e.name, serde_json::to_string(&e.roles)?, e.mentions.len() as i64])?;
            for m in &e.mentions {
                mention.execute(params![doc, id, m.start as i64, m.end as i64, m.sentence as i64])?;
            }
            entity_ids.insert(e.id.clone(), (id, e.name.clone(), e.code.clone()));
        }
    }

    {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO places (doc, idx, sentence, start, end, text, name, country, lat, lon, gazetteer_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        for (i, p) in r.places.iter().enumerate() {
            stmt.execute(params![
                doc,
                i as i64,
                p.sentence as i64,
                p.start as i64,
                p.end as i64,
                p.text,
                p.name,
                p.country,
                p.lat,
                p.lon,
                p.gazetteer_id
            ])?;
        }
    }
    {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO times (doc, idx, sentence, start, end, text, value, day_first, day_last)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for (i, t) in r.times.iter().enumerate() {
            let (a, b) = day_range(&t.value).map(|(a, b)| (iso(a), iso(b))).unwrap_or_default();
            stmt.execute(params![
                doc,
                i as i64,
                t.sentence as i64,
                t.start as i64,
                t.end as i64,
                t.text,
                t.value,
                a,
                b
            ])?;
        }
    }

    let claim_mentions = add_claims(tx, r, doc, &day, &src_key, &entity_ids, options)?;

    {
        let measured = measure::measure(r);
        let mut stmt = tx.prepare_cached(
            "INSERT INTO quantities (doc, idx, sentence, start, end, text, value, unit, unit_class, approx, owner, location,
                                     measure, speaker, speaker_from, speaker_entity, claim_mention, stance, day)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        )?;
        for (i, (q, m)) in r.quantities.iter().zip(measured).enumerate() {
            let speaker_entity = m.speaker_entity.as_ref().and_then(|e| entity_ids.get(e)).map(|e| e.0);
            stmt.execute(params![
                doc,
                i as i64,
                q.sentence as i64,
                q.start as i64,
                q.end as i64,
                q.text,
                q.value,
                q.unit,
                m.unit_class,
                approx_str(q.approx),
                m.owner,
                m.location,
                m.key,
                m.speaker,
                m.speaker_from.as_str(),
                speaker_entity,
                m.claim.and_then(|c| claim_mentions.get(c).copied()),
                m.stance.map(stance_str),
                day
            ])?;
        }
    }

    add_events(tx, r, doc, &day, &src_key, added, &entity_ids, &claim_mentions, options)?;

    // Story.
    let signature = stories::signature(r);
    let story = match stories.best(&signature, day_date) {
        Some(id) => {
            tx.prepare_cached(
                "UPDATE stories SET n_docs = n_docs + 1,
                    first_seen = CASE WHEN ?2 <> '' AND (first_seen = '' OR ?2 < first_seen) THEN ?2 ELSE first_seen END,
                    last_seen = CASE WHEN ?2 > last_seen THEN ?2 ELSE last_seen END
                 WHERE id = ?1",
            )?
            .execute(params![id, day])?;
            if let Some(s) = stories.stories.get_mut(&id) {
                if let Some(d) = day_date {
                    s.first = Some(s.first.map_or(d, |f| f.min(d)));
                    s.last = Some(s.last.map_or(d, |l| l.max(d)));
                }
            }
            id
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO stories (title, first_seen, last_seen, n_docs, terms) VALUES (?1, ?2, ?2, 1, ?3)",
            )?
            .execute(params![r.title, day, signature.join("\n")])?;
            let id = tx.last_insert_rowid();
            stories.insert(id, StoryEntry { first: day_date, last: day_date, terms: signature });
            id
        }
    };
    tx.prepare_cached("UPDATE documents SET story = ?2 WHERE id = ?1")?.execute(params![doc, story])?;
    Ok(AddStatus::Added { id: r.id.clone() })
}

/// Stores the record's claims, merging them; returns the claim_mentions row of each.
fn add_claims(
    tx: &Transaction,
    r: &Extraction,
    doc: i64,
    day: &str,
    src_key: &str,
    entity_ids: &EntityMap,
    options: &super::StoreOptions,
) -> Result<Vec<i64>, StoreError> {
    let mut out = Vec::with_capacity(r.claims.len());
    for (i, c) in r.claims.iter().enumerate() {
        let linked = c.speaker.as_ref().and_then(|s| s.entity.as_ref()).and_then(|e| entity_ids.get(e));
        let ent =
            c.speaker.as_ref().and_then(|s| s.entity.as_ref()).and_then(|e| r.entities.iter().find(|x| &x.id == e));
        let speaker_name = c
            .speaker
            .as_ref()
            .map(|s| linked.map(|l| l.1.clone()).or_else(|| s.name.clone()).unwrap_or_else(|| s.text.clone()));
        let speaker_key = match (ent, &speaker_name) {
            (Some(e), _) => entity_key(e),
            (None, Some(name)) => format!("name:{}", name.trim().to_lowercase()),
            (None, None) => String::new(),
        };
        let speaker_code = linked.and_then(|l| l.2.clone());
        let words = keys::word_set(&c.content.text);
        let stance = stance_str(c.stance);

        let candidates: Vec<(i64, String, [i64; 4], String, String)> = tx
            .prepare_cached(
                "SELECT id, words, n_neutral, n_doubted, n_false, n_denied, first_seen, last_seen
                 FROM claims WHERE speaker_key = ?1 ORDER BY id DESC LIMIT 50",
            )?
            .query_map([&speaker_key], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    [row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?],
                    row.get(6)?,
                    row.get(7)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        let best = candidates
            .into_iter()
            .map(|c| {
                let w: Vec<String> = c.1.split(' ').filter(|s| !s.is_empty()).map(str::to_string).collect();
                (keys::jaccard(&words, &w), c)
            })
            .filter(|(s, _)| *s >= options.claim_similarity)
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1 .0.cmp(&a.1 .0)));
        let claim = match best {
            Some((_, (id, _, mut counts, first, last))) => {
                counts[stance_index(c.stance)] += 1;
                let new_doc = tx
                    .prepare_cached("INSERT OR IGNORE INTO claim_docs (claim, doc) VALUES (?1, ?2)")?
                    .execute(params![id, doc])?;
                let new_src = tx
                    .prepare_cached("INSERT OR IGNORE INTO claim_sources (claim, source) VALUES (?1, ?2)")?
                    .execute(params![id, src_key])?;
                let stance = majority(&[
                    ("neutral", counts[0]),
                    ("doubted", counts[1]),
                    ("false", counts[2]),
                    ("denied", counts[3]),
                ]);
                tx.prepare_cached(
                    "UPDATE claims SET n_mentions = n_mentions + 1, n_docs = n_docs + ?2, n_sources = n_sources + ?3,
                        n_neutral = ?4, n_doubted = ?5, n_false = ?6, n_denied = ?7, stance = ?8, first_seen = ?9, last_seen = ?10
                     WHERE id = ?1",
                )?
                .execute(params![
                    id,
                    new_doc as i64,
                    new_src as i64,
                    counts[0],
                    counts[1],
                    counts[2],
                    counts[3],
                    stance,
                    min_day(&first, day),
                    max_day(&last, day)
                ])?;
                id
            }
            None => {
                let mut counts = [0i64; 4];
                counts[stance_index(c.stance)] = 1;
                tx.prepare_cached(
                    "INSERT INTO claims (speaker_key, speaker, speaker_code, speaker_entity, content, words, direct, n_mentions, n_docs,
                                         n_sources, n_neutral, n_doubted, n_false, n_denied, stance, first_seen, last_seen, first_doc)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, 1, 1, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14)",
                )?
                .execute(params![
                    speaker_key,
                    speaker_name,
                    speaker_code,
                    linked.map(|l| l.0),
                    c.content.text,
                    words.join(" "),
                    c.direct,
                    counts[0],
                    counts[1],
                    counts[2],
                    counts[3],
                    stance,
                    day,
                    doc
                ])?;
                let id = tx.last_insert_rowid();
                tx.prepare_cached("INSERT INTO claim_docs (claim, doc) VALUES (?1, ?2)")?.execute(params![id, doc])?;
                tx.prepare_cached("INSERT INTO claim_sources (claim, source) VALUES (?1, ?2)")?
                    .execute(params![id, src_key])?;
                id
            }
        };
        tx.prepare_cached(
            "INSERT INTO claim_mentions (claim, doc, idx, sentence, speaker_text, cue, content, start, end, direct, stance)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            claim,
            doc,
            i as i64,
            c.sentence as i64,
            c.speaker.as_ref().map(|s| s.text.clone()),
            c.cue.text,
            c.content.text,
            c.content.start as i64,
            c.content.end as i64,
            c.direct,
            stance
        ])?;
        out.push(tx.last_insert_rowid());
    }
    Ok(out)
}

fn stance_index(s: Stance) -> usize {
    match s {
        Stance::Neutral => 0,
        Stance::Doubted => 1,
        Stance::False => 2,
        Stance::Denied => 3,
    }
}

fn factuality_index(f: Factuality) -> usize {
    match f {
        Factuality::Asserted => 0,
        Factuality::Possible => 1,
        Factuality::Planned => 2,
        Factuality::Negated => 3,
    }
}

fn min_day(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => a.min(b).to_string(),
    }
}

fn max_day(a: &str, b: &str) -> String {
    a.max(b).to_string()
}

struct Candidate {
    id: i64,
    day: String,
    day_last: String,
    place_key: String,
    first_seen: String,
    last_seen: String,
    counts: [i64; 4],
    lead: i64,
    keys: EventKeys,
}

/// What an event is looked up by (see `event_keys` in the schema).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct EventKeys {
    pub src_code: String,
    pub tgt_code: String,
    pub src_country: Option<String>,
    pub tgt_country: Option<String>,
    pub place_country: Option<String>,
    pub src_entity: Option<i64>,
    pub tgt_entity: Option<i64>,
}

impl EventKeys {
    /// `A:<code>`, `c:<country>`, `e:<entity>`, without repeats.
    pub(crate) fn keys(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(7);
        for c in [&self.src_code, &self.tgt_code] {
            if !c.is_empty() {
                out.push(format!("A:{c}"));
            }
        }
        for c in [&self.src_country, &self.tgt_country, &self.place_country].into_iter().flatten() {
            if !c.is_empty() {
                out.push(format!("c:{c}"));
            }
        }
        for e in [self.src_entity, self.tgt_entity].into_iter().flatten() {
            out.push(format!("e:{e}"));
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Writes an event's look-up keys for its day.
pub(crate) fn insert_keys(
    tx: &rusqlite::Connection,
    event: i64,
    day: &str,
    keys: &EventKeys,
) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached("INSERT OR IGNORE INTO event_keys (key, day, event) VALUES (?1, ?2, ?3)")?;
    for k in keys.keys() {
        stmt.execute(params![k, day, event])?;
    }
    Ok(())
}

fn delete_keys(tx: &rusqlite::Connection, event: i64, day: &str, keys: &EventKeys) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached("DELETE FROM event_keys WHERE key = ?1 AND day = ?2 AND event = ?3")?;
    for k in keys.keys() {
        stmt.execute(params![k, day, event])?;
    }
    Ok(())
}

/// Records a place events happen at (for `--place NAME`).
pub(crate) fn insert_place(
    tx: &rusqlite::Connection,
    key: &str,
    name: &str,
    country: Option<&str>,
) -> Result<(), StoreError> {
    if !key.is_empty() {
        tx.prepare_cached("INSERT OR IGNORE INTO event_places (place_key, name, country) VALUES (?1, ?2, ?3)")?
            .execute(params![key, name, country])?;
    }
    Ok(())
}

/// The CAMEO root (2 digits) and base (3 digits) of a code.
pub(crate) fn cameo_levels(cameo: &str) -> (String, String) {
    let c = cameo.trim();
    let root = c.get(..2).unwrap_or(c).to_string();
    let base = if c.len() == 2 { format!("{c}0") } else { c.get(..3).unwrap_or(c).to_string() };
    (root, base)
}

/// The actor code used in the merge key: the actor's code, else its country.
fn actor_code(a: Option<&sitrep_model::ActorRef>) -> String {
    a.and_then(|a| a.code.clone().filter(|c| !c.is_empty()).or_else(|| a.country.clone())).unwrap_or_default()
}

#[allow(clippy::too_many_arguments)]
fn add_events(
    tx: &Transaction,
    r: &Extraction,
    doc: i64,
    doc_day: &str,
    src_key: &str,
    added: &str,
    entity_ids: &EntityMap,
    claim_mentions: &[i64],
    options: &super::StoreOptions,
) -> Result<(), StoreError> {
    let window = chrono::Duration::days(options.event_window_days);
    let country = |a: Option<&sitrep_model::ActorRef>| {
        a.and_then(|a| {
            a.country.clone().or_else(|| a.code.as_ref().filter(|c| c.len() >= 3).map(|c| c[..3].to_string()))
        })
    };
    let entity = |a: Option<&sitrep_model::ActorRef>| {
        a.and_then(|a| a.entity.as_ref()).and_then(|e| entity_ids.get(e)).map(|e| e.0)
    };
    for (i, ev) in r.events.iter().enumerate() {
        let plover = ev.plover.to_ascii_uppercase();
        let src = actor_code(ev.source.as_ref());
        let tgt = actor_code(ev.target.as_ref());
        let range = ev
            .time
            .and_then(|t| r.times.get(t))
            .and_then(|t| day_range(&t.value))
            .or_else(|| parse_day(doc_day).map(|d| (d, d)));
        let place = ev.place.and_then(|p| r.places.get(p));
        let place_key =
            place.map(|p| p.gazetteer_id.clone().unwrap_or_else(|| format!("name:{}", p.name))).unwrap_or_default();
        let sentence_text = r.sentences.get(ev.sentence).map(|s| s.text.as_str()).unwrap_or("");

        let candidates: Vec<Candidate> = {
            let map = |row: &rusqlite::Row| {
                Ok(Candidate {
                    id: row.get(0)?,
                    day: row.get(1)?,
                    day_last: row.get(2)?,
                    place_key: row.get(3)?,
                    first_seen: row.get(4)?,
                    last_seen: row.get(5)?,
                    counts: [row.get(6)?, row.get(7)?, row.get(8)?, row.get(9)?],
                    lead: row.get(10)?,
                    keys: EventKeys {
                        src_code: row.get(11)?,
                        tgt_code: row.get(12)?,
                        src_country: row.get(13)?,
                        tgt_country: row.get(14)?,
                        place_country: row.get(15)?,
                        src_entity: row.get(16)?,
                        tgt_entity: row.get(17)?,
                    },
                })
            };
            const COLS: &str =
                "id, day, day_last, place_key, first_seen, last_seen, n_asserted, n_possible, n_planned, n_negated,
                lead_sentence, src_code, tgt_code, src_country, tgt_country, place_country, src_entity, tgt_entity";
            match range {
                Some((a, b)) => tx
                    .prepare_cached(&format!(
                        "SELECT {COLS} FROM events WHERE plover = ?1 AND src_code = ?2 AND tgt_code = ?3
                         AND day <> '' AND day <= ?4 AND day_last >= ?5"
                    ))?
                    .query_map(params![plover, src, tgt, iso(b + window), iso(a - window)], map)?
                    .collect::<Result<_, _>>()?,
                None => tx
                    .prepare_cached(&format!(
                        "SELECT {COLS} FROM events WHERE plover = ?1 AND src_code = ?2 AND tgt_code = ?3 AND day = ''"
                    ))?
                    .query_map(params![plover, src, tgt], map)?
                    .collect::<Result<_, _>>()?,
            }
        };
        let mid = range.map(|(a, b)| a + (b - a) / 2);
        let best = candidates
            .into_iter()
            .filter(|c| place_key.is_empty() || c.place_key.is_empty() || c.place_key == place_key)
            .min_by_key(|c| {
                let same_place = !place_key.is_empty() && c.place_key == place_key;
                let distance = match (mid, day_range(&c.day), day_range(&c.day_last)) {
                    (Some(m), Some((a, _)), Some((_, b))) => (m - (a + (b - a) / 2)).num_days().abs(),
                    _ => 0,
                };
                (!same_place, distance, c.id)
            });
        let f = factuality_index(ev.factuality);
        let (day_a, day_b) = range.map(|(a, b)| (iso(a), iso(b))).unwrap_or_default();
        let event_id = match best {
            Some(c) => {
                let new_doc = tx
                    .prepare_cached("INSERT OR IGNORE INTO event_docs (event, doc) VALUES (?1, ?2)")?
                    .execute(params![c.id, doc])?;
                let new_src = tx
                    .prepare_cached("INSERT OR IGNORE INTO event_sources (event, source) VALUES (?1, ?2)")?
                    .execute(params![c.id, src_key])?;
                let mut counts = c.counts;
                counts[f] += 1;
                let factuality = majority(&[
                    ("asserted", counts[0]),
                    ("possible", counts[1]),
                    ("planned", counts[2]),
                    ("negated", counts[3]),
                ]);
                let day = min_day(&c.day, &day_a);
                let day_last = max_day(&c.day_last, &day_b);
                let (pk, pname, pcountry, plat, plon) = match (c.place_key.is_empty(), place) {
                    (true, Some(p)) => {
                        (place_key.clone(), Some(p.name.clone()), p.country.clone(), Some(p.lat), Some(p.lon))
                    }
                    _ => (c.place_key.clone(), None, None, None, None),
                };
                tx.prepare_cached(
                    "UPDATE events SET n_mentions = n_mentions + 1, n_docs = n_docs + ?2, n_sources = n_sources + ?3,
                        n_asserted = ?4, n_possible = ?5, n_planned = ?6, n_negated = ?7, factuality = ?8,
                        day = ?9, day_last = ?10, first_seen = ?11, last_seen = ?12, lead_sentence = ?13,
                        place_key = ?14,
                        place_name = COALESCE(?15, place_name), place_country = COALESCE(?16, place_country),
                        lat = COALESCE(?17, lat), lon = COALESCE(?18, lon)
                     WHERE id = ?1",
                )?
                .execute(params![
                    c.id,
                    new_doc as i64,
                    new_src as i64,
                    counts[0],
                    counts[1],
                    counts[2],
                    counts[3],
                    factuality,
                    day,
                    day_last,
                    min_day(&c.first_seen, doc_day),
                    max_day(&c.last_seen, doc_day),
                    c.lead.min(ev.sentence as i64),
                    pk,
                    pname,
                    pcountry,
                    plat,
                    plon
                ])?;
                if let (true, Some(p)) = (c.place_key.is_empty(), place) {
                    insert_place(tx, &place_key, &p.name, p.country.as_deref())?;
                }
                let mut keys = c.keys.clone();
                if keys.place_country.is_none() {
                    keys.place_country = pcountry;
                }
                if day != c.day || keys != c.keys {
                    delete_keys(tx, c.id, &c.day, &c.keys)?;
                    insert_keys(tx, c.id, &day, &keys)?;
                }
                c.id
            }
            None => {
                let mut counts = [0i64; 4];
                counts[f] = 1;
                let name = |a: Option<&sitrep_model::ActorRef>| {
                    a.map(|a| {
                        a.entity
                            .as_ref()
                            .and_then(|e| entity_ids.get(e))
                            .map(|e| e.1.clone())
                            .unwrap_or_else(|| a.text.clone())
                    })
                    .unwrap_or_default()
                };
                let keys = EventKeys {
                    src_code: src.clone(),
                    tgt_code: tgt.clone(),
                    src_country: country(ev.source.as_ref()),
                    tgt_country: country(ev.target.as_ref()),
                    place_country: place.and_then(|p| p.country.clone()),
                    src_entity: entity(ev.source.as_ref()),
                    tgt_entity: entity(ev.target.as_ref()),
                };
                let (root, base) = cameo_levels(&ev.cameo);
                tx.prepare_cached(
                    "INSERT INTO events (plover, cameo, cameo_root, cameo_base, src_code, src_country, src_name, src_entity,
                        tgt_code, tgt_country, tgt_name, tgt_entity, has_target, day, day_last, first_seen, last_seen,
                        n_mentions, n_docs, n_sources, n_asserted, n_possible, n_planned, n_negated, factuality, place_key,
                        place_name, place_country, lat, lon, lead_sentence, added, first_doc, trigger, sentence_text)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, 1, 1, 1, ?17, ?18,
                             ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31)",
                )?
                .execute(params![
                    plover,
                    ev.cameo,
                    root,
                    base,
                    src,
                    keys.src_country,
                    name(ev.source.as_ref()),
                    keys.src_entity,
                    tgt,
                    keys.tgt_country,
                    name(ev.target.as_ref()),
                    keys.tgt_entity,
                    ev.target.is_some(),
                    day_a,
                    day_b,
                    doc_day,
                    counts[0],
                    counts[1],
                    counts[2],
                    counts[3],
                    factuality_str(ev.factuality),
                    place_key,
                    place.map(|p| p.name.clone()),
                    keys.place_country,
                    place.map(|p| p.lat),
                    place.map(|p| p.lon),
                    ev.sentence as i64,
                    added,
                    doc,
                    ev.trigger.text,
                    sentence_text
                ])?;
                let id = tx.last_insert_rowid();
                tx.prepare_cached("INSERT INTO event_docs (event, doc) VALUES (?1, ?2)")?.execute(params![id, doc])?;
                tx.prepare_cached("INSERT INTO event_sources (event, source) VALUES (?1, ?2)")?
                    .execute(params![id, src_key])?;
                insert_keys(tx, id, &day_a, &keys)?;
                if let Some(p) = place {
                    insert_place(tx, &place_key, &p.name, p.country.as_deref())?;
                }
                id
            }
        };
        tx.prepare_cached(
            "INSERT INTO event_mentions (event, doc, idx, sentence, trigger, trigger_start, trigger_end, plover, cameo, factuality,
                                         claim_mention, place_idx, time_idx, quantities)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?
        .execute(params![
            event_id,
            doc,
            i as i64,
            ev.sentence as i64,
            ev.trigger.text,
            ev.trigger.start as i64,
            ev.trigger.end as i64,
            plover,
            ev.cameo,
            factuality_str(ev.factuality),
            ev.claim.and_then(|c| claim_mentions.get(c).copied()),
            ev.place.map(|p| p as i64),
            ev.time.map(|t| t as i64),
            serde_json::to_string(&ev.quantities)?
        ])?;
    }
    Ok(())
}
