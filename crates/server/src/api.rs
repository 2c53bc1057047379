//! The endpoints: each reads its parameters, runs one store query on a pooled
//! connection and answers JSON (or CSV for the `.csv` twins). The `#[utoipa::path]`
//! attribute on each handler is what `/openapi.json` is generated from.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use serde::Serialize;
use sitrep_store::*;
use utoipa::ToSchema;

use crate::csv;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::params::*;
use crate::tasks::{TaskInfo, TaskStatus};
use crate::AppState;

type St = State<Arc<AppState>>;

/// What a cached dispute listing depends on: the latest stored document and the options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DisputeKey {
    latest: Option<String>,
    tolerance: u64,
    window_days: i64,
}

/// The last dispute listing computed, and what it was computed from.
pub(crate) type DisputeCache = tokio::sync::Mutex<Option<(DisputeKey, Arc<Vec<Dispute>>)>>;

/// Events at most on the map.
pub const MAP_MAX_EVENTS: usize = 10_000;

macro_rules! paged_body {
    ($name:ident, $t:ty) => {
        /// One page of rows and the cursor of the next page (`null` on the last page).
        #[derive(Serialize, ToSchema)]
        pub struct $name {
            pub rows: Vec<$t>,
            pub next: Option<String>,
        }
        impl From<Paged<$t>> for $name {
            fn from(p: Paged<$t>) -> Self {
                $name { rows: p.rows, next: p.next }
            }
        }
    };
}

paged_body!(EventPage, EventRecord);
paged_body!(ClaimPage, ClaimRecord);
paged_body!(EntityPage, EntityRecord);
paged_body!(DocumentPage, DocumentInfo);
paged_body!(SearchPage, SearchHit);

/// One page of the disputes found with the given options, in the store's order
/// (quantities, then events, then claims), and the cursor of the next page.
#[derive(Serialize, ToSchema)]
pub struct DisputeList {
    pub rows: Vec<Dispute>,
    pub next: Option<String>,
}

/// An actor of the graph.
#[derive(Serialize, ToSchema, Debug, Clone, PartialEq)]
pub struct GraphNode {
    /// The actor's code (its name when the text gave no code).
    pub code: String,
    pub name: String,
    pub country: Option<String>,
    /// Events on the shown edges that the actor is a side of.
    pub events: i64,
}

/// Events from one actor to another.
#[derive(Serialize, ToSchema, Debug, Clone, PartialEq)]
pub struct GraphEdge {
    pub source: String,
    pub target: String,
    pub events: i64,
    /// Events whose PLOVER type is verbal or material cooperation (quad classes 1-2).
    pub cooperation: i64,
    /// Events whose PLOVER type is verbal or material conflict (quad classes 3-4).
    pub conflict: i64,
    /// `cooperation`, `conflict` or `mixed`.
    pub tone: String,
    /// Events per PLOVER type.
    pub types: BTreeMap<String, i64>,
}

/// The actor graph of the filtered events.
#[derive(Serialize, ToSchema)]
pub struct Graph {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
}

/// A GeoJSON point.
#[derive(Serialize, ToSchema)]
pub struct Point {
    /// Always `Point`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `[longitude, latitude]`.
    pub coordinates: [f64; 2],
}

/// What a map point is.
#[derive(Serialize, ToSchema, Default)]
pub struct MapProperties {
    /// `event` or `place`.
    pub kind: &'static str,
    /// The event id, or the place key (`geonames:538560`).
    pub id: String,
    /// The place's name.
    pub name: String,
    /// PLOVER type (events).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub plover: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub factuality: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Source actor's code or name (events).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The place's country.
    pub country: Option<String>,
    /// Documents that report the event or name the place.
    pub documents: i64,
    /// Events at the place (places) or mentions of the event (events).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentions: Option<i64>,
}

/// A GeoJSON feature.
#[derive(Serialize, ToSchema)]
pub struct Feature {
    /// Always `Feature`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub geometry: Point,
    pub properties: MapProperties,
}

/// A GeoJSON FeatureCollection of points.
#[derive(Serialize, ToSchema)]
pub struct FeatureCollection {
    /// Always `FeatureCollection`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub features: Vec<Feature>,
}

/// A queued ingest task.
#[derive(Serialize, ToSchema)]
pub struct Accepted {
    pub task: String,
    pub status: TaskStatus,
    /// Documents read from the body.
    pub documents: usize,
}

/// One document to ingest (or send an array of them).
#[derive(serde::Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct NewDocument {
    /// The body text.
    text: String,
    title: Option<String>,
    url: Option<String>,
    /// Publication date, YYYY-MM-DD (relative dates in the text resolve against it).
    published: Option<String>,
    /// The outlet.
    source: Option<String>,
}

/// Sizes of the store.
#[utoipa::path(get, path = "/api/stats", tag = "store",
    responses((status = 200, body = StoreStats), (status = 500, body = ErrorBody)))]
pub async fn stats(State(s): St) -> Result<Json<StoreStats>, ApiError> {
    Ok(Json(s.pool.run(|st| Ok(st.stats()?)).await?))
}

async fn events_page(
    s: &Arc<AppState>,
    f: EventFilterParams,
    o: OrderParams,
    p: PageParams,
) -> Result<Paged<EventRecord>, ApiError> {
    let mut filter = f.filter()?;
    filter.ascending = o.ascending()?;
    filter.sort = o.sort()?;
    let page = p.page()?;
    s.pool.run(move |st| Ok(st.events(&filter, &page)?)).await
}

/// Events merged across documents, newest first, filtered.
#[utoipa::path(get, path = "/api/events", tag = "events",
    params(EventFilterParams, OrderParams, PageParams),
    responses((status = 200, body = EventPage), (status = 400, body = ErrorBody)))]
pub async fn events(
    State(s): St,
    Q(f): Q<EventFilterParams>,
    Q(o): Q<OrderParams>,
    Q(p): Q<PageParams>,
) -> Result<Json<EventPage>, ApiError> {
    Ok(Json(events_page(&s, f, o, p).await?.into()))
}

/// Events as CSV (the columns of `sitrep export --format csv`).
#[utoipa::path(get, path = "/api/events.csv", tag = "events",
    params(EventFilterParams, OrderParams, PageParams),
    responses((status = 200, content_type = "text/csv", body = String,
        headers(("X-Next-Cursor" = String, description = "cursor of the next page"))),
        (status = 400, body = ErrorBody)))]
pub async fn events_csv(
    State(s): St,
    Q(f): Q<EventFilterParams>,
    Q(o): Q<OrderParams>,
    Q(p): Q<PageParams>,
) -> Result<Response, ApiError> {
    Ok(csv::events(&events_page(&s, f, o, p).await?))
}

/// One event with every report of it (document, sentence, trigger, factuality, speaker).
#[utoipa::path(get, path = "/api/events/{id}", tag = "events",
    params(("id" = i64, Path, description = "event id")),
    responses((status = 200, body = EventDetail), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn event(State(s): St, Path(id): Path<String>) -> Result<Json<EventDetail>, ApiError> {
    let n: i64 = id.trim().parse().map_err(|_| ApiError::bad_request(format!("id {id:?}: not an event id")))?;
    s.pool.run(move |st| st.event(n)?.ok_or_else(|| ApiError::not_found(format!("no event {n}")))).await.map(Json)
}

async fn claims_page(s: &Arc<AppState>, c: ClaimParams, p: PageParams) -> Result<Paged<ClaimRecord>, ApiError> {
    let filter = c.filter()?;
    let page = p.page()?;
    s.pool.run(move |st| Ok(st.claims(&filter, &page)?)).await
}

/// Claims merged by speaker and content, newest first.
#[utoipa::path(get, path = "/api/claims", tag = "claims", params(ClaimParams, PageParams),
    responses((status = 200, body = ClaimPage), (status = 400, body = ErrorBody)))]
pub async fn claims(State(s): St, Q(c): Q<ClaimParams>, Q(p): Q<PageParams>) -> Result<Json<ClaimPage>, ApiError> {
    Ok(Json(claims_page(&s, c, p).await?.into()))
}

/// Claims as CSV.
#[utoipa::path(get, path = "/api/claims.csv", tag = "claims", params(ClaimParams, PageParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = ErrorBody)))]
pub async fn claims_csv(State(s): St, Q(c): Q<ClaimParams>, Q(p): Q<PageParams>) -> Result<Response, ApiError> {
    Ok(csv::claims(&claims_page(&s, c, p).await?))
}

async fn entities_page(s: &Arc<AppState>, e: EntityParams, p: PageParams) -> Result<Paged<EntityRecord>, ApiError> {
    let filter = e.filter()?;
    let page = p.page()?;
    s.pool.run(move |st| Ok(st.entities(&filter, &page)?)).await
}

/// Entities merged across documents, those in most documents first.
#[utoipa::path(get, path = "/api/entities", tag = "entities", params(EntityParams, PageParams),
    responses((status = 200, body = EntityPage), (status = 400, body = ErrorBody)))]
pub async fn entities(State(s): St, Q(e): Q<EntityParams>, Q(p): Q<PageParams>) -> Result<Json<EntityPage>, ApiError> {
    Ok(Json(entities_page(&s, e, p).await?.into()))
}

/// Entities as CSV.
#[utoipa::path(get, path = "/api/entities.csv", tag = "entities", params(EntityParams, PageParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = ErrorBody)))]
pub async fn entities_csv(State(s): St, Q(e): Q<EntityParams>, Q(p): Q<PageParams>) -> Result<Response, ApiError> {
    Ok(csv::entities(&entities_page(&s, e, p).await?))
}

/// Disputes are found over the whole store, which is slow on large stores: one
/// computation at a time (it cannot take every read connection), and its result is kept
/// until a document is added or other options are asked for.
async fn dispute_rows(s: &Arc<AppState>, d: DisputeParams, p: PageParams) -> Result<DisputeList, ApiError> {
    let (kind, options) = d.options()?;
    let page = p.page()?;
    // The cursor is the position in the kept listing: a listing is recomputed only when a
    // document is added, and then a stale cursor merely starts a page further on.
    let skip = match &page.after {
        None => 0,
        Some(a) => a
            .parse::<usize>()
            .map_err(|_| ApiError::bad_request(format!("after {a:?}: not a cursor of this listing")))?,
    };
    let latest = s.version.latest()?;
    let key = DisputeKey { latest, tolerance: options.tolerance.to_bits(), window_days: options.window_days };
    let mut cache = s.disputes.lock().await;
    let all = match &*cache {
        Some((k, rows)) if *k == key => Arc::clone(rows),
        _ => {
            let rows = Arc::new(s.pool.run(move |st| Ok(st.disputes(&options)?)).await?);
            *cache = Some((key, Arc::clone(&rows)));
            rows
        }
    };
    drop(cache);
    let mut matching = all.iter().filter(|r| kind.is_none_or(|k| r.kind == k)).skip(skip);
    let rows: Vec<Dispute> = matching.by_ref().take(page.limit).cloned().collect();
    let next = matching.next().map(|_| (skip + rows.len()).to_string());
    Ok(DisputeList { rows, next })
}

/// Where sources disagree: different numbers for one measured thing, events asserted
/// and negated, claims called false or denied.
#[utoipa::path(get, path = "/api/disputes", tag = "disputes", params(DisputeParams, PageParams),
    responses((status = 200, body = DisputeList), (status = 400, body = ErrorBody)))]
pub async fn disputes(
    State(s): St,
    Q(d): Q<DisputeParams>,
    Q(p): Q<PageParams>,
) -> Result<Json<DisputeList>, ApiError> {
    Ok(Json(dispute_rows(&s, d, p).await?))
}

/// Disputes as CSV, one row per side.
#[utoipa::path(get, path = "/api/disputes.csv", tag = "disputes", params(DisputeParams, PageParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = ErrorBody)))]
pub async fn disputes_csv(State(s): St, Q(d): Q<DisputeParams>, Q(p): Q<PageParams>) -> Result<Response, ApiError> {
    let list = dispute_rows(&s, d, p).await?;
    Ok(csv::disputes(&list.rows, list.next))
}

async fn documents_page(s: &Arc<AppState>, p: PageParams) -> Result<Paged<DocumentInfo>, ApiError> {
    let page = p.page()?;
    s.pool.run(move |st| Ok(st.documents(&page)?)).await
}

/// Stored documents, the latest added first.
#[utoipa::path(get, path = "/api/documents", tag = "documents", params(PageParams),
    responses((status = 200, body = DocumentPage), (status = 400, body = ErrorBody)))]
pub async fn documents(State(s): St, Q(p): Q<PageParams>) -> Result<Json<DocumentPage>, ApiError> {
    Ok(Json(documents_page(&s, p).await?.into()))
}

/// Stored documents as CSV.
#[utoipa::path(get, path = "/api/documents.csv", tag = "documents", params(PageParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = ErrorBody)))]
pub async fn documents_csv(State(s): St, Q(p): Q<PageParams>) -> Result<Response, ApiError> {
    Ok(csv::documents(&documents_page(&s, p).await?))
}

/// One stored document with its whole record (text, entities with mention spans,
/// events with trigger spans, claims...) and the other documents of its story.
#[utoipa::path(get, path = "/api/documents/{key}", tag = "documents",
    params(("key" = String, Path, description = "document id, URL (percent-encoded) or unique id prefix")),
    responses((status = 200, body = StoredDocument), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn document(State(s): St, Path(key): Path<String>) -> Result<Json<StoredDocument>, ApiError> {
    s.pool
        .run(move |st| st.document(&key)?.ok_or_else(|| ApiError::not_found(format!("no document {key:?}"))))
        .await
        .map(Json)
}

/// Constant-time comparison: the time taken does not depend on where the bytes differ.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = (given.len() != expected.len()) as u8;
    for (i, e) in expected.iter().enumerate() {
        diff |= e ^ given.get(i).copied().unwrap_or(0);
    }
    diff == 0
}

/// Ingests documents: the body is one `{text, title?, url?, published?, source?}` object
/// or an array of them. Answers at once with a task to follow at `/api/tasks/{id}`.
#[utoipa::path(post, path = "/api/documents", tag = "documents",
    request_body(content = Vec<NewDocument>, description = "one document object or an array of them"),
    security(("bearer" = [])),
    responses((status = 202, body = Accepted), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "the server is read-only (started without --write-token)"),
        (status = 413, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn post_documents(
    State(s): St,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    let (Some(tasks), Some(token)) = (&s.tasks, &s.token) else {
        return Err(ApiError::new(ErrorCode::ReadOnly, "this server is read-only (started without --write-token)"));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim);
    match given {
        None => return Err(ApiError::new(ErrorCode::Unauthorized, "missing Authorization: Bearer token")),
        Some(t) if !same_secret(t.as_bytes(), token.as_bytes()) => {
            return Err(ApiError::new(ErrorCode::Unauthorized, "wrong token"))
        }
        Some(_) => {}
    }
    let too_large =
        || ApiError::new(ErrorCode::PayloadTooLarge, format!("the body is larger than the {}-byte limit", s.max_body));
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > s.max_body as u64) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, s.max_body).await.map_err(|e| {
        if e.to_string().contains("length limit") {
            too_large()
        } else {
            ApiError::bad_request(format!("cannot read the body: {e}"))
        }
    })?;
    let read = sitrep_ingest::parse_bytes(
        "body",
        &bytes,
        sitrep_ingest::Format::Json,
        &sitrep_ingest::Limits { max_document_bytes: s.max_body, ..Default::default() },
    );
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for r in read {
        match r {
            Ok(d) => docs.push(d),
            Err(e) => errors.push(e.to_string()),
        }
    }
    if docs.is_empty() {
        let why = errors.first().cloned().unwrap_or_else(|| "body: no documents".into());
        return Err(ApiError::bad_request(why));
    }
    let n = docs.len();
    let Some(info) = tasks.submit(docs, errors) else {
        let mut e = ApiError::new(ErrorCode::TooManyRequests, "too many ingest tasks are queued; retry later");
        e.retry_after = Some(1);
        return Err(e);
    };
    Ok((StatusCode::ACCEPTED, Json(Accepted { task: info.task, status: info.status, documents: n })))
}

/// An ingest task: its status and, when done, what was added.
#[utoipa::path(get, path = "/api/tasks/{id}", tag = "documents",
    params(("id" = String, Path, description = "task id from POST /api/documents")),
    responses((status = 200, body = TaskInfo), (status = 404, body = ErrorBody)))]
pub async fn task(State(s): St, Path(id): Path<String>) -> Result<Json<TaskInfo>, ApiError> {
    s.tasks.as_ref().and_then(|t| t.get(&id)).map(Json).ok_or_else(|| ApiError::not_found(format!("no task {id:?}")))
}

async fn search_page(s: &Arc<AppState>, q: SearchParams, p: PageParams) -> Result<Paged<SearchHit>, ApiError> {
    let query = q.query()?;
    let page = p.page()?;
    s.pool.run(move |st| Ok(st.search(&query, &page)?)).await
}

/// Full-text search over titles and texts, best first, with snippets (matches in
/// `[brackets]`).
#[utoipa::path(get, path = "/api/search", tag = "documents", params(SearchParams, PageParams),
    responses((status = 200, body = SearchPage), (status = 400, body = ErrorBody)))]
pub async fn search(State(s): St, Q(q): Q<SearchParams>, Q(p): Q<PageParams>) -> Result<Json<SearchPage>, ApiError> {
    Ok(Json(search_page(&s, q, p).await?.into()))
}

/// Search hits as CSV.
#[utoipa::path(get, path = "/api/search.csv", tag = "documents", params(SearchParams, PageParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = ErrorBody)))]
pub async fn search_csv(State(s): St, Q(q): Q<SearchParams>, Q(p): Q<PageParams>) -> Result<Response, ApiError> {
    Ok(csv::search(&search_page(&s, q, p).await?))
}

async fn timeline_counts(
    s: &Arc<AppState>,
    f: EventFilterParams,
    t: TimelineParams,
) -> Result<TimelineCounts, ApiError> {
    let filter = f.filter()?;
    let by = t.bucket()?;
    s.pool.run(move |st| Ok(st.event_counts(&filter, by)?)).await
}

/// Counts of the filtered events per day, week or month and PLOVER type, oldest first,
/// and how many have no date.
#[utoipa::path(get, path = "/api/timeline", tag = "events", params(EventFilterParams, TimelineParams),
    responses((status = 200, body = TimelineCounts), (status = 400, body = ErrorBody)))]
pub async fn timeline(
    State(s): St,
    Q(f): Q<EventFilterParams>,
    Q(t): Q<TimelineParams>,
) -> Result<Json<TimelineCounts>, ApiError> {
    Ok(Json(timeline_counts(&s, f, t).await?))
}

/// Timeline counts as CSV (undated events as a last row without date).
#[utoipa::path(get, path = "/api/timeline.csv", tag = "events", params(EventFilterParams, TimelineParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = ErrorBody)))]
pub async fn timeline_csv(
    State(s): St,
    Q(f): Q<EventFilterParams>,
    Q(t): Q<TimelineParams>,
) -> Result<Response, ApiError> {
    Ok(csv::timeline(&timeline_counts(&s, f, t).await?))
}

/// Builds the graph: edges merge a pair's PLOVER types, classed by their quad class.
pub fn graph_of(links: &[ActorLink], min_events: i64) -> Graph {
    let mut edges: BTreeMap<(String, String), GraphEdge> = BTreeMap::new();
    let mut nodes: BTreeMap<String, GraphNode> = BTreeMap::new();
    for l in links {
        let e = edges.entry((l.source.code.clone(), l.target.code.clone())).or_insert_with(|| GraphEdge {
            source: l.source.code.clone(),
            target: l.target.code.clone(),
            events: 0,
            cooperation: 0,
            conflict: 0,
            tone: String::new(),
            types: BTreeMap::new(),
        });
        e.events += l.events;
        match sitrep_export::cameo::plover_quad(&l.plover) {
            Some(1 | 2) => e.cooperation += l.events,
            Some(3 | 4) => e.conflict += l.events,
            _ => {}
        }
        *e.types.entry(l.plover.clone()).or_default() += l.events;
    }
    edges.retain(|_, e| e.events >= min_events);
    for e in edges.values_mut() {
        e.tone = match (e.cooperation > 0, e.conflict > 0) {
            (true, false) => "cooperation",
            (false, true) => "conflict",
            _ => "mixed",
        }
        .into();
    }
    let info: BTreeMap<&str, &ActorInfo> =
        links.iter().flat_map(|l| [(l.source.code.as_str(), &l.source), (l.target.code.as_str(), &l.target)]).collect();
    for e in edges.values() {
        for code in [&e.source, &e.target] {
            let a = info[code.as_str()];
            let n = nodes.entry(code.clone()).or_insert_with(|| GraphNode {
                code: code.clone(),
                name: a.name.clone(),
                country: a.country.clone(),
                events: 0,
            });
            n.events += e.events;
        }
        if e.source == e.target {
            // A loop counts once for its actor.
            nodes.get_mut(&e.source).expect("just added").events -= e.events;
        }
    }
    let mut nodes: Vec<GraphNode> = nodes.into_values().collect();
    nodes.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.code.cmp(&b.code)));
    let mut edges: Vec<GraphEdge> = edges.into_values().collect();
    edges.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target))));
    Graph { nodes, edges }
}

async fn graph_of_filter(s: &Arc<AppState>, f: EventFilterParams, g: GraphParams) -> Result<Graph, ApiError> {
    let filter = f.filter()?;
    let min = g.min_events()?;
    let links = s.pool.run(move |st| Ok(st.actor_links(&filter)?)).await?;
    Ok(graph_of(&links, min))
}

/// The actor graph of the filtered events: actors, and edges source -> target with
/// counts split into cooperation and conflict by the PLOVER type's quad class.
#[utoipa::path(get, path = "/api/graph", tag = "events", params(EventFilterParams, GraphParams),
    responses((status = 200, body = Graph), (status = 400, body = ErrorBody)))]
pub async fn graph(State(s): St, Q(f): Q<EventFilterParams>, Q(g): Q<GraphParams>) -> Result<Json<Graph>, ApiError> {
    Ok(Json(graph_of_filter(&s, f, g).await?))
}

/// The graph's edges as CSV.
#[utoipa::path(get, path = "/api/graph.csv", tag = "events", params(EventFilterParams, GraphParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = ErrorBody)))]
pub async fn graph_csv(State(s): St, Q(f): Q<EventFilterParams>, Q(g): Q<GraphParams>) -> Result<Response, ApiError> {
    let graph = graph_of_filter(&s, f, g).await?;
    let name = |code: &str| graph.nodes.iter().find(|n| n.code == code).map(|n| n.name.clone()).unwrap_or_default();
    let rows = graph.edges.iter().map(|e| {
        vec![
            e.source.clone(),
            name(&e.source),
            e.target.clone(),
            name(&e.target),
            e.events.to_string(),
            e.cooperation.to_string(),
            e.conflict.to_string(),
            e.tone.clone(),
        ]
    });
    let header = ["source", "source_name", "target", "target_name", "events", "cooperation", "conflict", "tone"];
    Ok(csv::response("graph", &header, rows.collect::<Vec<_>>(), None))
}

fn actor_label(a: &Option<ActorInfo>) -> Option<String> {
    a.as_ref().map(|a| if a.code.is_empty() { a.name.clone() } else { a.code.clone() })
}

/// Events (at their places) and places named in the documents, as GeoJSON points.
#[utoipa::path(get, path = "/api/map", tag = "events", params(EventFilterParams, MapParams),
    responses((status = 200, content_type = "application/geo+json", body = FeatureCollection),
        (status = 400, body = ErrorBody)))]
pub async fn map(
    State(s): St,
    Q(f): Q<EventFilterParams>,
    Q(m): Q<MapParams>,
) -> Result<Json<FeatureCollection>, ApiError> {
    let filter = f.filter()?;
    let (want_events, want_places) = m.kinds()?;
    let (events, places) = s
        .pool
        .run(move |st| {
            let events = if want_events { st.located_events(&filter, MAP_MAX_EVENTS)? } else { vec![] };
            let places = if want_places { st.place_points(&filter)? } else { vec![] };
            Ok((events, places))
        })
        .await?;
    let point = |lat: f64, lon: f64| Point { kind: "Point", coordinates: [lon, lat] };
    let mut features = Vec::with_capacity(events.len() + places.len());
    for e in events {
        let Some(p) = &e.place else { continue };
        features.push(Feature {
            kind: "Feature",
            geometry: point(p.lat, p.lon),
            properties: MapProperties {
                kind: "event",
                id: e.id.to_string(),
                name: p.name.clone(),
                plover: Some(e.plover.clone()),
                cameo: Some(e.cameo.clone()),
                factuality: Some(e.factuality.clone()),
                date: e.date.clone(),
                source: actor_label(&e.source),
                target: actor_label(&e.target),
                country: p.country.clone(),
                documents: e.documents,
                events: None,
                mentions: Some(e.mentions),
            },
        });
    }
    for p in places {
        features.push(Feature {
            kind: "Feature",
            geometry: point(p.lat, p.lon),
            properties: MapProperties {
                kind: "place",
                id: p.key,
                name: p.name,
                country: p.country,
                documents: p.documents,
                events: Some(p.events),
                mentions: Some(p.mentions),
                ..Default::default()
            },
        });
    }
    Ok(Json(FeatureCollection { kind: "FeatureCollection", features }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(s: &str, t: &str, plover: &str, n: i64) -> ActorLink {
        let a = |c: &str| ActorInfo { code: c.into(), country: Some(c[..3].into()), name: format!("{c} name") };
        ActorLink { source: a(s), target: a(t), plover: plover.into(), events: n, mentions: n }
    }

    #[test]
    fn graph_edges_split_cooperation_and_conflict() {
        let links = [
            link("PRKMIL", "RUS", "MOBILIZE", 3),
            link("PRKMIL", "RUS", "AGREE", 1),
            link("USA", "UKR", "AID", 2),
            link("RUS", "RUS", "FIGHT", 1),
        ];
        let g = graph_of(&links, 1);
        let e = &g.edges[0];
        assert_eq!(
            (e.source.as_str(), e.events, e.cooperation, e.conflict, e.tone.as_str()),
            ("PRKMIL", 4, 1, 3, "mixed")
        );
        assert_eq!(g.edges[1].tone, "cooperation");
        let rus = g.nodes.iter().find(|n| n.code == "RUS").unwrap();
        assert_eq!(rus.events, 5, "4 from PRKMIL and the loop once");
        assert_eq!(graph_of(&links, 2).edges.len(), 2);
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"s3cret", b"s3cret"));
        assert!(!same_secret(b"s3cre", b"s3cret"));
        assert!(!same_secret(b"s3cret!", b"s3cret"));
        assert!(!same_secret(b"", b"s3cret"));
        assert!(!same_secret(b"S3cret", b"s3cret"));
    }
}
