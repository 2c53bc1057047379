//! Reading the store for the HTTP API's views: document listings, an event with its
//! reports, and aggregates over filtered events (timeline counts, actor links, places).
//!
//! The aggregates run over the same filtered event set as [`SqliteStore::events`]: the
//! filter's query becomes a subquery, so every filter of `sitrep events` applies.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension};

use super::query::{
    bound, document_info_from_row, event_from_row, event_query, event_sql, limit_sql, paged, prefix_end,
    DOCUMENT_INFO_COLS, EVENT_COLS,
};
use super::SqliteStore;
use crate::keys::{since_bound, until_bound};
use crate::records::*;
use crate::StoreError;

/// The event columns the aggregates use.
const AGGREGATE_COLS: &str = "e.id, e.plover, e.day, e.n_mentions, e.src_code, e.src_name, e.src_country, e.tgt_code,
    e.tgt_name, e.tgt_country, e.has_target";

impl SqliteStore {
    /// The filtered events as a subquery (columns named as in `EVENT_COLS` without
    /// their table prefix) and its parameters.
    ///
    /// Only the columns the aggregates read are selected, without the first document's
    /// join or an order, so that the subquery stays cheap on large stores.
    fn event_subquery(&self, filter: &EventFilter) -> Result<(String, Vec<Value>), StoreError> {
        let mut q = event_query(self, filter)?;
        let sql = event_sql(&mut q, None, None)?;
        let sql = sql
            .replacen(EVENT_COLS, AGGREGATE_COLS, 1)
            .replacen(" LEFT JOIN documents d ON d.id = e.first_doc", "", 1)
            .trim_end()
            .trim_end_matches("ORDER BY e.id")
            .to_string();
        Ok((sql, q.params))
    }

    /// Stored documents, the latest added first.
    pub fn documents(&self, page: &Page) -> Result<Paged<DocumentInfo>, StoreError> {
        let mut params = Vec::new();
        let mut w = String::new();
        if let Some(after) = &page.after {
            let id: i64 = after.parse().map_err(|_| StoreError::BadQuery(format!("bad cursor \"{after}\"")))?;
            params.push(Value::Integer(id));
            w = "WHERE id < ?1".into();
        }
        let limit = limit_sql(page, &mut params);
        let sql = format!("SELECT {DOCUMENT_INFO_COLS}, id FROM documents {w} ORDER BY id DESC{limit}");
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(params), |r| Ok((document_info_from_row(r)?, r.get::<_, i64>(8)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        let p = paged(rows, page, |(_, id)| id.to_string());
        Ok(Paged { rows: p.rows.into_iter().map(|(d, _)| d).collect(), next: p.next })
    }

    /// One event by id with every report of it (oldest document first).
    pub fn event(&self, id: i64) -> Result<Option<EventDetail>, StoreError> {
        let sql =
            format!("SELECT {EVENT_COLS} FROM events e LEFT JOIN documents d ON d.id = e.first_doc WHERE e.id = ?1");
        let Some(event) = self.conn.prepare_cached(&sql)?.query_row([id], event_from_row).optional()? else {
            return Ok(None);
        };
        // Offsets are bytes: cut the sentence out of the text as a blob.
        let mentions = self
            .conn
            .prepare_cached(
                "SELECT d.doc_id, d.title, d.url, d.source, d.published,
                        CAST(substr(CAST(d.text AS BLOB), s.start + 1, s.end - s.start) AS TEXT),
                        m.trigger, m.trigger_start, m.trigger_end, m.factuality, cm.speaker_text
                 FROM event_mentions m JOIN documents d ON d.id = m.doc
                 LEFT JOIN sentences s ON s.doc = m.doc AND s.idx = m.sentence
                 LEFT JOIN claim_mentions cm ON cm.id = m.claim_mention
                 WHERE m.event = ?1 ORDER BY d.day, d.id, m.id",
            )?
            .query_map([id], |r| {
                Ok(EventMentionInfo {
                    doc_id: r.get(0)?,
                    title: r.get(1)?,
                    url: r.get(2)?,
                    source: r.get(3)?,
                    published: r.get(4)?,
                    sentence: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                    trigger: r.get(6)?,
                    trigger_start: r.get(7)?,
                    trigger_end: r.get(8)?,
                    factuality: r.get(9)?,
                    claim_speaker: r.get(10)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(EventDetail { event, mentions }))
    }

    /// Counts of the filtered events per day, week or month and PLOVER type, oldest
    /// first, with the number of matching events that have no date.
    pub fn event_counts(&self, filter: &EventFilter, by: TimeBucket) -> Result<TimelineCounts, StoreError> {
        let (sub, params) = self.event_subquery(filter)?;
        let bucket = match by {
            TimeBucket::Day => "day".to_string(),
            // strftime %w: 0 = Sunday; weeks start on Monday.
            TimeBucket::Week => {
                "COALESCE(date(day, '-' || ((CAST(strftime('%w', day) AS INTEGER) + 6) % 7) || ' days'), day)".into()
            }
            TimeBucket::Month => "substr(day, 1, 7) || '-01'".into(),
        };
        let sql = format!(
            "SELECT {bucket} AS b, plover, count(*), sum(n_mentions) FROM ({sub}) WHERE day <> ''
             GROUP BY b, plover ORDER BY b, plover"
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(params.iter()), |r| {
                Ok(TimelineCount { date: r.get(0)?, plover: r.get(1)?, events: r.get(2)?, mentions: r.get(3)? })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let undated = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM ({sub}) WHERE day = ''"))?
            .query_row(params_from_iter(params.iter()), |r| r.get(0))?;
        Ok(TimelineCounts { rows, undated })
    }

    /// Edges of the actor graph: the filtered events that have both a source and a
    /// target, counted per (source, target, PLOVER type); actors without a code are
    /// keyed by name. Most events first.
    pub fn actor_links(&self, filter: &EventFilter) -> Result<Vec<ActorLink>, StoreError> {
        let (sub, params) = self.event_subquery(filter)?;
        let sql = format!(
            "SELECT CASE WHEN src_code <> '' THEN src_code ELSE src_name END AS s, max(src_name), max(src_country),
                    CASE WHEN tgt_code <> '' THEN tgt_code ELSE tgt_name END AS t, max(tgt_name), max(tgt_country),
                    plover, count(*) AS n, sum(n_mentions)
             FROM ({sub}) WHERE has_target AND s <> '' AND t <> ''
             GROUP BY s, t, plover ORDER BY n DESC, s, t, plover"
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(params), |r| {
                Ok(ActorLink {
                    source: ActorInfo { code: r.get(0)?, name: r.get(1)?, country: r.get(2)? },
                    target: ActorInfo { code: r.get(3)?, name: r.get(4)?, country: r.get(5)? },
                    plover: r.get(6)?,
                    events: r.get(7)?,
                    mentions: r.get(8)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// The filtered events that have a place with coordinates, newest first, at most
    /// `limit` (0 = all).
    pub fn located_events(&self, filter: &EventFilter, limit: usize) -> Result<Vec<EventRecord>, StoreError> {
        let mut q = event_query(self, filter)?;
        q.conds.push("e.lat IS NOT NULL AND e.lon IS NOT NULL".into());
        let page = Page { limit, after: None };
        let sql = event_sql(&mut q, Some(&page), Some((EventSort::Date, false)))?;
        let mut rows: Vec<EventRecord> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(q.params), event_from_row)?
            .collect::<Result<_, _>>()?;
        if limit > 0 {
            rows.truncate(limit);
        }
        Ok(rows)
    }

    /// Places named in documents, grouped by gazetteer id (else name), most documents
    /// first. `filter`'s country, place and date bounds (the document's day) apply.
    pub fn place_points(&self, filter: &EventFilter) -> Result<Vec<PlacePoint>, StoreError> {
        let mut params = Vec::new();
        let mut w = Vec::new();
        if let Some(c) = &filter.country {
            params.push(Value::Text(c.trim().to_ascii_uppercase()));
            w.push(format!("p.country = ?{}", params.len()));
        }
        if let Some(p) = &filter.place {
            let p = p.trim();
            if p.contains(':') {
                params.push(Value::Text(p.to_string()));
                w.push(format!("p.gazetteer_id = ?{}", params.len()));
            } else {
                params.push(Value::Text(p.to_string()));
                params.push(Value::Text(prefix_end(p)));
                w.push(format!(
                    "p.name >= ?{} COLLATE NOCASE AND p.name < ?{} COLLATE NOCASE",
                    params.len() - 1,
                    params.len()
                ));
            }
        }
        if let Some(s) = bound(&filter.since, since_bound, "--since")? {
            params.push(Value::Text(s));
            w.push(format!("d.day >= ?{}", params.len()));
        }
        if let Some(u) = bound(&filter.until, until_bound, "--until")? {
            params.push(Value::Text(u));
            w.push(format!("d.day <> '' AND d.day <= ?{}", params.len()));
        }
        let where_sql = if w.is_empty() { String::new() } else { format!("WHERE {}", w.join(" AND ")) };
        let sql = format!(
            "SELECT k, name, country, lat, lon, docs, n, (SELECT count(*) FROM events e WHERE e.place_key = k)
             FROM (SELECT COALESCE(p.gazetteer_id, 'name:' || p.name) AS k, max(p.name) AS name, max(p.country) AS country,
                          avg(p.lat) AS lat, avg(p.lon) AS lon, count(DISTINCT p.doc) AS docs, count(*) AS n
                   FROM places p JOIN documents d ON d.id = p.doc {where_sql} GROUP BY k)
             ORDER BY docs DESC, n DESC, k"
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(params), |r| {
                Ok(PlacePoint {
                    key: r.get(0)?,
                    name: r.get(1)?,
                    country: r.get(2)?,
                    lat: r.get(3)?,
                    lon: r.get(4)?,
                    documents: r.get(5)?,
                    mentions: r.get(6)?,
                    events: r.get(7)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}
