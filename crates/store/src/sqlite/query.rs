//! Reading the store: filtered, keyset-paginated queries.
//!
//! Cursors are opaque strings printed with a page: `DAY~ID` for events (newest first),
//! `N~ID` for entities (most documents first), `ID` for claims (newest first),
//! `SCORE~ID` for search hits (best first) and `DAY~KIND~ID` for timelines.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension};

use super::ingest::RecordOwned;
use super::SqliteStore;
use crate::disputes;
use crate::keys::{since_bound, until_bound, url_key};
use crate::records::*;
use crate::StoreError;

pub(super) const EVENT_COLS: &str =
    "e.id, e.plover, e.cameo, e.src_code, e.src_country, e.src_name, e.tgt_code, e.tgt_country,
    e.tgt_name, e.has_target, e.factuality, e.day, e.day_last, e.first_seen, e.last_seen, e.n_mentions, e.n_docs,
    e.n_sources, e.place_name, e.place_country, e.lat, e.lon, e.place_key, e.lead_sentence, e.added, d.doc_id, d.url,
    d.title, d.source, e.trigger, e.sentence_text";

pub(super) fn opt(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// The columns of a [`DocumentInfo`], in the order [`document_info_from_row`] reads them.
pub(super) const DOCUMENT_INFO_COLS: &str = "doc_id, title, url, source, published, lang, story, added";

/// A [`DocumentInfo`] from the first columns of a row selected with [`DOCUMENT_INFO_COLS`].
pub(super) fn document_info_from_row(r: &rusqlite::Row) -> rusqlite::Result<DocumentInfo> {
    Ok(DocumentInfo {
        doc_id: r.get(0)?,
        title: r.get(1)?,
        url: r.get(2)?,
        source: r.get(3)?,
        published: r.get(4)?,
        lang: r.get(5)?,
        story: r.get(6)?,
        added: r.get(7)?,
    })
}

pub(super) fn event_from_row(r: &rusqlite::Row) -> rusqlite::Result<EventRecord> {
    let actor = |code: String, country: Option<String>, name: String| ActorInfo { code, country, name };
    let src_code: String = r.get(3)?;
    let src_name: String = r.get(5)?;
    let source =
        (!src_code.is_empty() || !src_name.is_empty()).then(|| actor(src_code, r.get(4).ok().flatten(), src_name));
    let has_target: bool = r.get(9)?;
    let target = has_target
        .then(|| -> rusqlite::Result<ActorInfo> { Ok(actor(r.get(6)?, r.get(7)?, r.get(8)?)) })
        .transpose()?;
    let place_name: Option<String> = r.get(18)?;
    let place = match (place_name, r.get::<_, Option<f64>>(20)?, r.get::<_, Option<f64>>(21)?) {
        (Some(name), Some(lat), Some(lon)) => {
            let key: String = r.get(22)?;
            Some(PlaceInfo {
                name,
                country: r.get(19)?,
                lat,
                lon,
                gazetteer_id: key.starts_with("geonames:").then_some(key),
            })
        }
        _ => None,
    };
    Ok(EventRecord {
        id: r.get(0)?,
        plover: r.get(1)?,
        cameo: r.get(2)?,
        source,
        target,
        factuality: r.get(10)?,
        date: opt(r.get(11)?),
        date_last: opt(r.get(12)?),
        first_seen: opt(r.get(13)?),
        last_seen: opt(r.get(14)?),
        mentions: r.get(15)?,
        documents: r.get(16)?,
        sources: r.get(17)?,
        place,
        lead_sentence: r.get(23)?,
        added: r.get(24)?,
        doc_id: r.get::<_, Option<String>>(25)?.unwrap_or_default(),
        url: r.get(26)?,
        title: r.get(27)?,
        outlet: r.get(28)?,
        trigger: r.get(29)?,
        sentence: r.get(30)?,
    })
}

/// The next string after every string that starts with `prefix` (for range scans).
pub(super) fn prefix_end(prefix: &str) -> String {
    let mut s = prefix.to_string();
    s.push(char::MAX);
    s
}

fn looks_like_code(s: &str) -> bool {
    let s = s.strip_suffix('*').unwrap_or(s);
    s.len() >= 3 && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// How an event query is driven: by `event_keys` (in date order per key) or by an index
/// of `events` itself.
pub(super) struct EventQuery {
    /// Look-up keys; the first actor or country filter provides them.
    keys: Option<Vec<String>>,
    /// Conditions on the event row `e`.
    pub(super) conds: Vec<String>,
    pub(super) params: Vec<Value>,
}

impl EventQuery {
    fn param(&mut self, v: Value) -> usize {
        self.params.push(v);
        self.params.len()
    }
}

/// Adds "this event has actor X (as source `S`, target `T`, or either)".
///
/// A three-letter code is a country or a bare code: `PRK` matches PRK, PRKMIL, PRKGOV
/// (every actor whose country is PRK). A longer code matches exactly; a code ending in
/// `*` is a prefix. Anything else is part of an entity's name (or key).
fn actor_condition(store: &SqliteStore, actor: &str, role: Option<char>, q: &mut EventQuery) -> Result<(), StoreError> {
    let a = actor.trim();
    let sides: &[&str] = match role {
        Some('S') => &["src"],
        Some('T') => &["tgt"],
        _ => &["src", "tgt"],
    };
    let either =
        |f: &dyn Fn(&str) -> String| format!("({})", sides.iter().map(|s| f(s)).collect::<Vec<_>>().join(" OR "));
    if looks_like_code(a) {
        if let Some(prefix) = a.strip_suffix('*') {
            let (lo, hi) = (q.param(Value::Text(prefix.to_string())), q.param(Value::Text(prefix_end(prefix))));
            q.conds.push(either(&|s| format!("(e.{s}_code >= ?{lo} AND e.{s}_code < ?{hi})")));
        } else if a.len() == 3 {
            let n = q.param(Value::Text(a.to_string()));
            q.conds.push(either(&|s| format!("e.{s}_country = ?{n} OR e.{s}_code = ?{n}")));
            q.keys.get_or_insert_with(|| vec![format!("c:{a}")]);
        } else {
            let n = q.param(Value::Text(a.to_string()));
            q.conds.push(either(&|s| format!("e.{s}_code = ?{n}")));
            q.keys.get_or_insert_with(|| vec![format!("A:{a}")]);
        }
        return Ok(());
    }
    // A name: the entities it may be.
    let ids: Vec<i64> = store
        .conn
        .prepare_cached("SELECT id FROM entities WHERE name LIKE ?1 OR key LIKE ?1 LIMIT 1000")?
        .query_map([format!("%{a}%")], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if ids.is_empty() {
        q.conds.push("0".into());
        return Ok(());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    q.conds.push(either(&|s| format!("e.{s}_entity IN ({list})")));
    q.keys.get_or_insert_with(|| ids.iter().map(|i| format!("e:{i}")).collect());
    Ok(())
}

pub(super) fn parse_cursor2(after: &str) -> Result<(String, i64), StoreError> {
    let (a, b) = after.rsplit_once('~').ok_or_else(|| StoreError::BadQuery(format!("bad cursor \"{after}\"")))?;
    let id = b.parse().map_err(|_| StoreError::BadQuery(format!("bad cursor \"{after}\"")))?;
    Ok((a.to_string(), id))
}

pub(super) fn bound(
    value: &Option<String>,
    f: fn(&str) -> Option<String>,
    flag: &str,
) -> Result<Option<String>, StoreError> {
    value
        .as_deref()
        .map(|v| {
            f(v).ok_or_else(|| {
                StoreError::BadQuery(format!("{flag} {v}: not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"))
            })
        })
        .transpose()
}

/// How to run an event filter: driving keys, conditions and parameters.
pub(super) fn event_query(store: &SqliteStore, f: &EventFilter) -> Result<EventQuery, StoreError> {
    let mut q = EventQuery { keys: None, conds: Vec::new(), params: Vec::new() };
    if let Some(a) = &f.actor {
        actor_condition(store, a, None, &mut q)?;
    }
    if let Some(a) = &f.source_actor {
        actor_condition(store, a, Some('S'), &mut q)?;
    }
    if let Some(a) = &f.target_actor {
        actor_condition(store, a, Some('T'), &mut q)?;
    }
    if let Some(c) = &f.country {
        let c = c.trim().to_ascii_uppercase();
        let n = q.param(Value::Text(c.clone()));
        q.conds.push(format!("(e.src_country = ?{n} OR e.tgt_country = ?{n} OR e.place_country = ?{n})"));
        q.keys.get_or_insert_with(|| vec![format!("c:{c}")]);
    }
    if let Some(t) = &f.plover {
        let n = q.param(Value::Text(t.trim().to_ascii_uppercase()));
        q.conds.push(format!("e.plover = ?{n}"));
    }
    if let Some(c) = &f.cameo {
        let c = c.trim();
        if !(2..=4).contains(&c.len()) || !c.bytes().all(|b| b.is_ascii_digit()) {
            return Err(StoreError::BadQuery(format!(
                "--cameo {c}: expected a CAMEO code of 2 to 4 digits such as 19 or 193"
            )));
        }
        let (root, base) = super::ingest::cameo_levels(c);
        match c.len() {
            2 => {
                let n = q.param(Value::Text(root));
                q.conds.push(format!("e.cameo_root = ?{n}"));
            }
            3 => {
                let n = q.param(Value::Text(base));
                q.conds.push(format!("e.cameo_base = ?{n}"));
            }
            _ => {
                let (b, n) = (q.param(Value::Text(base)), q.param(Value::Text(c.to_string())));
                q.conds.push(format!("e.cameo_base = ?{b} AND e.cameo = ?{n}"));
            }
        }
    }
    if let Some(x) = &f.factuality {
        let x = x.trim().to_ascii_lowercase();
        if !["asserted", "possible", "planned", "negated"].contains(&x.as_str()) {
            return Err(StoreError::BadQuery(format!(
                "--factuality {x}: expected asserted, possible, planned or negated"
            )));
        }
        let n = q.param(Value::Text(x));
        q.conds.push(format!("e.factuality = ?{n}"));
    }
    if let Some(p) = &f.place {
        // A place key (`geonames:538560`), or the start of a place name resolved to keys.
        let p = p.trim();
        let places: Vec<String> = if p.contains(':') {
            vec![p.to_string()]
        } else {
            store
                .conn
                .prepare_cached("SELECT place_key FROM event_places WHERE name LIKE ?1 ORDER BY place_key LIMIT 1000")?
                .query_map([format!("{}%", p.replace(['%', '_'], ""))], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        match places.as_slice() {
            [] => q.conds.push("0".into()),
            [one] => {
                let n = q.param(Value::Text(one.clone()));
                q.conds.push(format!("e.place_key = ?{n}"));
            }
            many => {
                let ns: Vec<String> = many.iter().map(|k| format!("?{}", q.param(Value::Text(k.clone())))).collect();
                q.conds.push(format!("e.place_key IN ({})", ns.join(", ")));
            }
        }
    }
    if let Some(s) = bound(&f.since, since_bound, "--since")? {
        let n = q.param(Value::Text(s));
        q.conds.push(format!("e.day >= ?{n}"));
    }
    if let Some(u) = bound(&f.until, until_bound, "--until")? {
        let n = q.param(Value::Text(u));
        q.conds.push(format!("e.day <> '' AND e.day <= ?{n}"));
    }
    if let Some(m) = f.min_sources {
        let n = q.param(Value::Integer(m));
        q.conds.push(format!("e.n_sources >= ?{n}"));
    }
    Ok(q)
}

/// The column expression a page of events is sorted by, and whether its cursor value is a
/// number. `day` is the date column of the query (the key table's when keys drive it).
fn sort_column(sort: EventSort, day: &'static str) -> (&'static str, bool) {
    match sort {
        EventSort::Date => (day, false),
        EventSort::Sources => ("e.n_sources", true),
        EventSort::Documents => ("e.n_docs", true),
        EventSort::Mentions => ("e.n_mentions", true),
        EventSort::Type => ("e.plover", false),
        EventSort::Cameo => ("e.cameo", false),
        // Actors sort as the table shows them: by code, by name when they have none.
        EventSort::Source => ("CASE WHEN e.src_code <> '' THEN e.src_code ELSE e.src_name END", false),
        EventSort::Target => ("CASE WHEN e.tgt_code <> '' THEN e.tgt_code ELSE e.tgt_name END", false),
        EventSort::Factuality => ("e.factuality", false),
        // The only nullable one: an empty name sorts with the unplaced events.
        EventSort::Place => ("COALESCE(e.place_name, '')", false),
    }
}

/// Where a sorted event query puts its sort value: right after [`EVENT_COLS`].
const SORT_KEY_COLUMN: usize = 31;

/// A sort value as a cursor writes it.
fn sort_key(v: Value) -> String {
    match v {
        Value::Integer(n) => n.to_string(),
        Value::Real(x) => x.to_string(),
        Value::Text(t) => t,
        Value::Null | Value::Blob(_) => String::new(),
    }
}

/// The SQL of an event query; `order` is `Some((sort, ascending))` for a sorted page, `None`
/// for id order (exports).
pub(super) fn event_sql(
    q: &mut EventQuery,
    page: Option<&Page>,
    order: Option<(EventSort, bool)>,
) -> Result<String, StoreError> {
    // With driving keys, the key table's (day, event) order stands for the events'.
    let (day, id) = if q.keys.is_some() && order.is_some() { ("k.day", "k.event") } else { ("e.day", "e.id") };
    let (sort, asc) = order.unwrap_or((EventSort::Date, true));
    let (column, numeric) = sort_column(sort, day);
    let mut w = q.conds.clone();
    if let Some(keys) = &q.keys {
        let ns: Vec<String> = keys.clone().into_iter().map(|k| format!("?{}", q.param(Value::Text(k)))).collect();
        w.insert(0, format!("k.key IN ({})", ns.join(", ")));
        for c in w.iter_mut() {
            *c = c.replace("e.day >= ", "k.day >= ").replace("e.day <> '' AND e.day <= ", "k.day <> '' AND k.day <= ");
        }
    }
    if let (Some(after), Some(_)) = (page.and_then(|p| p.after.as_ref()), order) {
        let cmp = if asc { ">" } else { "<" };
        let (v, i) = parse_cursor2(after)?;
        let v = if numeric {
            Value::Integer(v.parse().map_err(|_| StoreError::BadQuery(format!("bad cursor \"{after}\"")))?)
        } else {
            Value::Text(v)
        };
        let (vn, inn) = (q.param(v), q.param(Value::Integer(i)));
        w.push(format!("({column} {cmp} ?{vn} OR ({column} = ?{vn} AND {id} {cmp} ?{inn}))"));
    }
    let where_sql = if w.is_empty() { String::new() } else { format!("WHERE {}", w.join(" AND ")) };
    let limit = match page {
        Some(p) => limit_sql(p, &mut q.params),
        None => String::new(),
    };
    let distinct = q.keys.as_ref().is_some_and(|k| k.len() > 1);
    let from = if q.keys.is_some() {
        "event_keys k CROSS JOIN events e ON e.id = k.event LEFT JOIN documents d ON d.id = e.first_doc"
    } else {
        "events e LEFT JOIN documents d ON d.id = e.first_doc"
    };
    let distinct = if distinct { "DISTINCT " } else { "" };
    // A sorted page also selects its sort value (column SORT_KEY_COLUMN), which makes the
    // next cursor and is what DISTINCT rows can be ordered by.
    let (cols, order_sql) = match order {
        Some((_, asc)) => {
            let dir = if asc { "ASC" } else { "DESC" };
            (format!("{EVENT_COLS}, {column} AS o_key, {id} AS o_id"), format!("ORDER BY o_key {dir}, o_id {dir}"))
        }
        None => (EVENT_COLS.to_string(), "ORDER BY e.id".to_string()),
    };
    Ok(format!("SELECT {distinct}{cols} FROM {from} {where_sql} {order_sql}{limit}"))
}

fn like_words(column: &str, text: &str, params: &mut Vec<Value>) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            params.push(Value::Text(format!("%{}%", w.replace('%', ""))));
            format!("{column} LIKE ?{}", params.len())
        })
        .collect()
}

pub(super) fn limit_sql(page: &Page, params: &mut Vec<Value>) -> String {
    if page.limit == 0 {
        String::new()
    } else {
        params.push(Value::Integer(page.limit as i64 + 1));
        format!(" LIMIT ?{}", params.len())
    }
}

/// Cuts the look-ahead row and makes the next cursor.
pub(super) fn paged<T>(mut rows: Vec<T>, page: &Page, cursor: impl Fn(&T) -> String) -> Paged<T> {
    if page.limit > 0 && rows.len() > page.limit {
        rows.truncate(page.limit);
        let next = rows.last().map(&cursor);
        Paged { rows, next }
    } else {
        Paged { rows, next: None }
    }
}

impl SqliteStore {
    /// Events matching a filter in `filter.sort` order, largest (newest) first, smallest
    /// first with `filter.ascending`.
    pub fn events(&self, filter: &EventFilter, page: &Page) -> Result<Paged<EventRecord>, StoreError> {
        let mut q = event_query(self, filter)?;
        let sql = event_sql(&mut q, Some(page), Some((filter.sort, filter.ascending)))?;
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(q.params), |r| Ok((event_from_row(r)?, sort_key(r.get(SORT_KEY_COLUMN)?))))?
            .collect::<Result<Vec<_>, _>>()?;
        let page = paged(rows, page, |(e, key)| format!("{key}~{}", e.id));
        Ok(Paged { rows: page.rows.into_iter().map(|(e, _)| e).collect(), next: page.next })
    }

    /// Calls `f` on every event matching a filter, in id order, without holding them all.
    pub fn for_each_event(
        &self,
        filter: &EventFilter,
        f: &mut dyn FnMut(&EventRecord) -> std::io::Result<()>,
    ) -> Result<usize, StoreError> {
        let mut q = event_query(self, filter)?;
        let sql = event_sql(&mut q, None, None)?;
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(q.params))?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            f(&event_from_row(row)?)?;
            n += 1;
        }
        Ok(n)
    }

    /// Claims matching a filter, newest first.
    pub fn claims(&self, filter: &ClaimFilter, page: &Page) -> Result<Paged<ClaimRecord>, StoreError> {
        let mut params = Vec::new();
        let mut w = Vec::new();
        if let Some(s) = &filter.speaker {
            params.push(Value::Text(format!("%{}%", s.trim())));
            params.push(Value::Text(s.trim().to_string()));
            w.push(format!("(c.speaker LIKE ?{} OR c.speaker_code = ?{})", params.len() - 1, params.len()));
        }
        if let Some(s) = &filter.stance {
            let s = s.trim().to_ascii_lowercase();
            if !["neutral", "doubted", "false", "denied"].contains(&s.as_str()) {
                return Err(StoreError::BadQuery(format!("--stance {s}: expected neutral, doubted, false or denied")));
            }
            params.push(Value::Text(s));
            w.push(format!("c.stance = ?{}", params.len()));
        }
        if let Some(a) = &filter.about {
            w.extend(like_words("c.content", a, &mut params));
        }
        if let Some(after) = &page.after {
            let id: i64 = after.parse().map_err(|_| StoreError::BadQuery(format!("bad cursor \"{after}\"")))?;
            params.push(Value::Integer(id));
            w.push(format!("c.id < ?{}", params.len()));
        }
        let where_sql = if w.is_empty() { String::new() } else { format!("WHERE {}", w.join(" AND ")) };
        let limit = limit_sql(page, &mut params);
        let sql = format!(
            "SELECT c.id, c.speaker, c.speaker_code, c.content, c.stance, c.direct, c.n_mentions, c.n_docs, c.n_sources,
                    c.first_seen, c.last_seen, d.doc_id, d.url
             FROM claims c LEFT JOIN documents d ON d.id = c.first_doc {where_sql} ORDER BY c.id DESC{limit}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(params), |r| {
                Ok(ClaimRecord {
                    id: r.get(0)?,
                    speaker: r.get(1)?,
                    speaker_code: r.get(2)?,
                    content: r.get(3)?,
                    stance: r.get(4)?,
                    direct: r.get(5)?,
                    mentions: r.get(6)?,
                    documents: r.get(7)?,
                    sources: r.get(8)?,
                    first_seen: opt(r.get(9)?),
                    last_seen: opt(r.get(10)?),
                    doc_id: r.get::<_, Option<String>>(11)?.unwrap_or_default(),
                    url: r.get(12)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(paged(rows, page, |c| c.id.to_string()))
    }

    /// Entities matching a filter, those in most documents first.
    pub fn entities(&self, filter: &EntityFilter, page: &Page) -> Result<Paged<EntityRecord>, StoreError> {
        let mut params = Vec::new();
        let mut w = Vec::new();
        if let Some(k) = &filter.kind {
            params.push(Value::Text(k.trim().to_ascii_lowercase()));
            w.push(format!("kind = ?{}", params.len()));
        }
        if let Some(n) = &filter.name {
            params.push(Value::Text(format!("%{}%", n.trim())));
            w.push(format!("name LIKE ?{}", params.len()));
        }
        if let Some(c) = &filter.code {
            let c = c.trim().to_ascii_uppercase();
            params.push(Value::Text(c.clone()));
            params.push(Value::Text(prefix_end(&c)));
            w.push(format!("code >= ?{} AND code < ?{}", params.len() - 1, params.len()));
        }
        if let Some(c) = &filter.country {
            params.push(Value::Text(c.trim().to_ascii_uppercase()));
            w.push(format!("country = ?{}", params.len()));
        }
        if let Some(n) = filter.min_documents {
            params.push(Value::Integer(n));
            w.push(format!("n_docs >= ?{}", params.len()));
        }
        if let Some(after) = &page.after {
            let (n, id) = parse_cursor2(after)?;
            let n: i64 = n.parse().map_err(|_| StoreError::BadQuery(format!("bad cursor \"{after}\"")))?;
            params.push(Value::Integer(n));
            params.push(Value::Integer(id));
            let (a, b) = (params.len() - 1, params.len());
            w.push(format!("(n_docs < ?{a} OR (n_docs = ?{a} AND id > ?{b}))"));
        }
        let where_sql = if w.is_empty() { String::new() } else { format!("WHERE {}", w.join(" AND ")) };
        let limit = limit_sql(page, &mut params);
        let sql = format!(
            "SELECT id, key, kind, name, code, country, n_docs, n_mentions, first_seen, last_seen FROM entities
             {where_sql} ORDER BY n_docs DESC, id ASC{limit}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(params), |r| {
                Ok(EntityRecord {
                    id: r.get(0)?,
                    key: r.get(1)?,
                    kind: r.get(2)?,
                    name: r.get(3)?,
                    code: r.get(4)?,
                    country: r.get(5)?,
                    documents: r.get(6)?,
                    mentions: r.get(7)?,
                    first_seen: opt(r.get(8)?),
                    last_seen: opt(r.get(9)?),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(paged(rows, page, |e| format!("{}~{}", e.documents, e.id)))
    }

    /// Full-text search over titles and texts (SQLite FTS5 query syntax; plain words are
    /// all required, `"a phrase"` is a phrase), best matches first, with snippets.
    pub fn search(&self, query: &str, page: &Page) -> Result<Paged<SearchHit>, StoreError> {
        match self.search_raw(query, page) {
            Err(StoreError::Sqlite(e)) if e.to_string().contains("fts5") || e.to_string().contains("syntax") => {
                // Not valid FTS5 syntax: search for the words themselves.
                let quoted: Vec<String> = query
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(|w| format!("\"{w}\""))
                    .collect();
                if quoted.is_empty() {
                    return Ok(Paged { rows: vec![], next: None });
                }
                self.search_raw(&quoted.join(" "), page)
            }
            other => other,
        }
    }

    fn search_raw(&self, query: &str, page: &Page) -> Result<Paged<SearchHit>, StoreError> {
        let mut params: Vec<Value> = vec![Value::Text(query.to_string())];
        let mut w = String::new();
        if let Some(after) = &page.after {
            let (s, id) = parse_cursor2(after)?;
            let s: f64 = s.parse().map_err(|_| StoreError::BadQuery(format!("bad cursor \"{after}\"")))?;
            params.push(Value::Real(s));
            params.push(Value::Integer(id));
            w = "WHERE score > ?2 OR (score = ?2 AND id > ?3)".to_string();
        }
        let limit = limit_sql(page, &mut params);
        let sql = format!(
            "SELECT * FROM (
                SELECT d.doc_id, d.title, d.published, d.source, d.url,
                       snippet(documents_fts, 1, '[', ']', '…', 16) AS snip, bm25(documents_fts) AS score, d.story, d.id AS id
                FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
                WHERE documents_fts MATCH ?1) {w}
             ORDER BY score, id{limit}"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(params), |r| {
                Ok((
                    SearchHit {
                        doc_id: r.get(0)?,
                        title: r.get(1)?,
                        published: r.get(2)?,
                        source: r.get(3)?,
                        url: r.get(4)?,
                        snippet: r.get::<_, String>(5)?.replace('\n', " "),
                        score: r.get(6)?,
                        story: r.get(7)?,
                    },
                    r.get::<_, i64>(8)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let p = paged(rows, page, |(h, id)| format!("{:?}~{id}", h.score));
        Ok(Paged { rows: p.rows.into_iter().map(|(h, _)| h).collect(), next: p.next })
    }

    /// A stored document by id, URL or unique id prefix (at least 6 characters).
    pub fn document(&self, key: &str) -> Result<Option<StoredDocument>, StoreError> {
        let key = key.trim();
        let mut rowid: Option<i64> =
            self.conn.query_row("SELECT id FROM documents WHERE doc_id = ?1", [key], |r| r.get(0)).optional()?;
        if rowid.is_none() {
            if let Some(u) = url_key(key) {
                rowid =
                    self.conn.query_row("SELECT id FROM documents WHERE url_key = ?1", [u], |r| r.get(0)).optional()?;
            }
        }
        if rowid.is_none() && key.len() >= 6 {
            let ids: Vec<i64> = self
                .conn
                .prepare("SELECT id FROM documents WHERE doc_id >= ?1 AND doc_id < ?2 LIMIT 2")?
                .query_map(params![key, prefix_end(key)], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            if ids.len() > 1 {
                return Err(StoreError::BadQuery(format!("\"{key}\" matches several documents: give more of the id")));
            }
            rowid = ids.first().copied();
        }
        let Some(rowid) = rowid else { return Ok(None) };
        let (info, text, record): (DocumentInfo, String, String) = self.conn.query_row(
            &format!("SELECT {DOCUMENT_INFO_COLS}, text, record FROM documents WHERE id = ?1"),
            [rowid],
            |r| Ok((document_info_from_row(r)?, r.get(8)?, r.get(9)?)),
        )?;
        let owned: RecordOwned = serde_json::from_str(&record)?;
        let story_documents = match info.story {
            Some(s) => self
                .conn
                .prepare("SELECT doc_id FROM documents WHERE story = ?1 AND id <> ?2 ORDER BY day, id LIMIT 100")?
                .query_map(params![s, rowid], |r| r.get(0))?
                .collect::<Result<_, _>>()?,
            None => vec![],
        };
        Ok(Some(StoredDocument { info, story_documents, record: owned.into_extraction(text) }))
    }

    /// An actor's events and claims in date order (oldest first).
    pub fn timeline(&self, filter: &EventFilter, page: &Page) -> Result<Paged<TimelineEntry>, StoreError> {
        let mut entries = Vec::new();
        let after = page.after.as_deref().map(parse_timeline_cursor).transpose()?;
        let ev_page = Page {
            limit: page.limit,
            after: after.as_ref().map(|(d, kind, id)| format!("{d}~{}", if kind == "event" { *id } else { -1 })),
        };
        let ev_filter = EventFilter { sort: EventSort::Date, ascending: true, ..filter.clone() };
        for e in self.events(&ev_filter, &ev_page)?.rows {
            let who = match (&e.source, &e.target) {
                (Some(s), Some(t)) => format!("{} -> {}", actor_label(s), actor_label(t)),
                (Some(s), None) => actor_label(s),
                (None, Some(t)) => format!("-> {}", actor_label(t)),
                (None, None) => String::new(),
            };
            entries.push(TimelineEntry {
                date: e.date.clone(),
                kind: "event".into(),
                what: format!("{} ({})", e.plover, e.factuality),
                who,
                place: e.place.as_ref().map(|p| p.name.clone()),
                mentions: e.mentions,
                sources: e.sources,
                text: e.sentence.clone(),
                id: e.id,
            });
        }
        if let Some(actor) = filter.actor.as_deref().or(filter.source_actor.as_deref()) {
            let mut params: Vec<Value> = Vec::new();
            let a = actor.trim();
            let cond = if looks_like_code(a) {
                params.push(Value::Text(a.to_string()));
                params.push(Value::Text(prefix_end(a)));
                "c.speaker_code >= ?1 AND c.speaker_code < ?2".to_string()
            } else {
                params.push(Value::Text(format!("%{a}%")));
                "c.speaker LIKE ?1".to_string()
            };
            let mut w = vec![cond];
            if let Some(s) = bound(&filter.since, since_bound, "--since")? {
                params.push(Value::Text(s));
                w.push(format!("c.first_seen >= ?{}", params.len()));
            }
            if let Some(u) = bound(&filter.until, until_bound, "--until")? {
                params.push(Value::Text(u));
                w.push(format!("c.first_seen <> '' AND c.first_seen <= ?{}", params.len()));
            }
            if let Some((d, kind, id)) = &after {
                params.push(Value::Text(d.clone()));
                params.push(Value::Integer(if kind == "claim" { *id } else { i64::MAX }));
                let (a, b) = (params.len() - 1, params.len());
                w.push(format!("(c.first_seen > ?{a} OR (c.first_seen = ?{a} AND c.id > ?{b}))"));
            }
            let limit = limit_sql(page, &mut params);
            let sql = format!(
                "SELECT c.id, c.first_seen, c.stance, c.speaker, c.n_mentions, c.n_sources, c.content FROM claims c
                 WHERE {} ORDER BY c.first_seen, c.id{limit}",
                w.join(" AND ")
            );
            let mut stmt = self.conn.prepare(&sql)?;
            let claims = stmt.query_map(params_from_iter(params), |r| {
                Ok(TimelineEntry {
                    id: r.get(0)?,
                    date: opt(r.get(1)?),
                    kind: "claim".into(),
                    what: format!("CLAIM ({})", r.get::<_, String>(2)?),
                    who: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    place: None,
                    mentions: r.get(4)?,
                    sources: r.get(5)?,
                    text: r.get(6)?,
                })
            })?;
            for c in claims {
                entries.push(c?);
            }
        }
        entries.sort_by(|a, b| {
            (a.date.as_deref().unwrap_or(""), a.kind.as_str(), a.id).cmp(&(
                b.date.as_deref().unwrap_or(""),
                b.kind.as_str(),
                b.id,
            ))
        });
        Ok(paged(entries, page, |e| format!("{}~{}~{}", e.date.as_deref().unwrap_or(""), e.kind, e.id)))
    }

    /// Stories, most documents first.
    pub fn stories(&self, page: &Page) -> Result<Paged<StoryRecord>, StoreError> {
        let mut params = Vec::new();
        let mut w = String::new();
        if let Some(after) = &page.after {
            let (n, id) = parse_cursor2(after)?;
            let n: i64 = n.parse().map_err(|_| StoreError::BadQuery(format!("bad cursor \"{after}\"")))?;
            params.push(Value::Integer(n));
            params.push(Value::Integer(id));
            w = "WHERE n_docs < ?1 OR (n_docs = ?1 AND id > ?2)".into();
        }
        let limit = limit_sql(page, &mut params);
        let sql =
            format!("SELECT id, title, first_seen, last_seen, n_docs FROM stories {w} ORDER BY n_docs DESC, id{limit}");
        let rows = self
            .conn
            .prepare(&sql)?
            .query_map(params_from_iter(params), |r| {
                Ok(StoryRecord {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    first_seen: opt(r.get(2)?),
                    last_seen: opt(r.get(3)?),
                    documents: r.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(paged(rows, page, |s| format!("{}~{}", s.documents, s.id)))
    }

    /// Every dispute in the store (see [`crate::disputes`]).
    pub fn disputes(&self, options: &DisputeOptions) -> Result<Vec<Dispute>, StoreError> {
        let mut out = Vec::new();
        // Quantities: every value of every measured thing that has more than one value.
        let mut stmt = self.conn.prepare(
            "SELECT q.measure, q.value, q.approx, q.text, q.speaker, q.speaker_from, q.stance, q.day, d.doc_id, d.url,
                    d.source, d.text, s.start, s.end, q.unit_class, q.owner, q.location
             FROM quantities q JOIN documents d ON d.id = q.doc
             LEFT JOIN sentences s ON s.doc = q.doc AND s.idx = q.sentence
             WHERE q.measure IN (SELECT measure FROM quantities WHERE measure IS NOT NULL
                                 GROUP BY measure HAVING count(DISTINCT value) > 1)
             ORDER BY q.measure, q.day, q.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let text: String = r.get(11)?;
            let (s, e): (Option<i64>, Option<i64>) = (r.get(12)?, r.get(13)?);
            let sentence = match (s, e) {
                (Some(s), Some(e)) => text.get(s as usize..e as usize).unwrap_or("").to_string(),
                _ => String::new(),
            };
            Ok(disputes::QuantityValue {
                measure: r.get(0)?,
                value: r.get(1)?,
                approx: r.get(2)?,
                text: r.get(3)?,
                speaker: r.get(4)?,
                speaker_from: r.get(5)?,
                stance: r.get(6)?,
                day: r.get(7)?,
                doc_id: r.get(8)?,
                url: r.get(9)?,
                source: r.get(10)?,
                sentence,
                unit_class: r.get(14)?,
                owner: r.get(15)?,
                location: r.get(16)?,
            })
        })?;
        let values = rows.collect::<Result<Vec<_>, _>>()?;
        out.extend(disputes::quantity_disputes(&values, options));

        // Events asserted by some and negated by others.
        let mut stmt = self.conn.prepare(
            "SELECT e.id, e.plover, e.src_name, e.tgt_name, e.src_code, e.tgt_code, m.factuality, m.trigger, d.doc_id, d.url,
                    d.source, d.day, d.text, s.start, s.end, cm.speaker_text
             FROM events e JOIN event_mentions m ON m.event = e.id JOIN documents d ON d.id = m.doc
             LEFT JOIN sentences s ON s.doc = m.doc AND s.idx = m.sentence
             LEFT JOIN claim_mentions cm ON cm.id = m.claim_mention
             WHERE e.n_negated > 0 AND e.n_asserted + e.n_possible + e.n_planned > 0
             ORDER BY e.id, d.day, m.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let text: String = r.get(12)?;
            let (s, e): (Option<i64>, Option<i64>) = (r.get(13)?, r.get(14)?);
            Ok(disputes::EventSideRow {
                event: r.get(0)?,
                subject: format!(
                    "{} {} {}",
                    label_or(r.get::<_, String>(2)?, r.get::<_, String>(4)?),
                    r.get::<_, String>(1)?,
                    label_or(r.get::<_, String>(3)?, r.get::<_, String>(5)?)
                )
                .trim()
                .to_string(),
                factuality: r.get(6)?,
                trigger: r.get(7)?,
                doc_id: r.get(8)?,
                url: r.get(9)?,
                source: r.get(10)?,
                day: r.get(11)?,
                sentence: match (s, e) {
                    (Some(s), Some(e)) => text.get(s as usize..e as usize).unwrap_or("").to_string(),
                    _ => String::new(),
                },
                speaker: r.get(15)?,
            })
        })?;
        out.extend(disputes::event_disputes(&rows.collect::<Result<Vec<_>, _>>()?));

        // Claims that a text calls false or that are denied, with every report of them.
        let mut stmt = self.conn.prepare(
            "SELECT c.id, c.speaker, c.content, m.stance, m.content, d.doc_id, d.url, d.source, d.day, d.text, s.start, s.end
             FROM claims c JOIN claim_mentions m ON m.claim = c.id JOIN documents d ON d.id = m.doc
             LEFT JOIN sentences s ON s.doc = m.doc AND s.idx = m.sentence
             WHERE c.n_false + c.n_denied > 0
             ORDER BY c.id, d.day, m.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let text: String = r.get(9)?;
            let (s, e): (Option<i64>, Option<i64>) = (r.get(10)?, r.get(11)?);
            Ok(disputes::ClaimSideRow {
                claim: r.get(0)?,
                speaker: r.get(1)?,
                content: r.get(2)?,
                stance: r.get(3)?,
                mention_content: r.get(4)?,
                doc_id: r.get(5)?,
                url: r.get(6)?,
                source: r.get(7)?,
                day: r.get(8)?,
                sentence: match (s, e) {
                    (Some(s), Some(e)) => text.get(s as usize..e as usize).unwrap_or("").to_string(),
                    _ => String::new(),
                },
            })
        })?;
        out.extend(disputes::claim_disputes(&rows.collect::<Result<Vec<_>, _>>()?));
        Ok(out)
    }

    /// Row counts and file size.
    pub fn stats(&self) -> Result<StoreStats, StoreError> {
        let count = |table: &str| -> Result<i64, StoreError> {
            Ok(self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        };
        Ok(StoreStats {
            documents: count("documents")?,
            sentences: count("sentences")?,
            entities: count("entities")?,
            mentions: count("mentions")?,
            events: count("events")?,
            event_mentions: count("event_mentions")?,
            claims: count("claims")?,
            quantities: count("quantities")?,
            times: count("times")?,
            places: count("places")?,
            stories: count("stories")?,
            file_bytes: std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0),
        })
    }
}

fn label_or(name: String, code: String) -> String {
    if !code.is_empty() {
        code
    } else {
        name
    }
}

fn actor_label(a: &ActorInfo) -> String {
    if a.code.is_empty() {
        a.name.clone()
    } else {
        a.code.clone()
    }
}

fn parse_timeline_cursor(s: &str) -> Result<(String, String, i64), StoreError> {
    let bad = || StoreError::BadQuery(format!("bad cursor \"{s}\""));
    let mut parts = s.rsplitn(3, '~');
    let id = parts.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
    let kind = parts.next().ok_or_else(bad)?.to_string();
    let day = parts.next().ok_or_else(bad)?.to_string();
    Ok((day, kind, id))
}
