//! Kept responses of the whole-store views.
//!
//! The map, the actor graph, the timeline and the counts read every matching event: tens
//! to hundreds of milliseconds on a store of ten thousand events, and every visitor of a
//! view asks the same questions. Documents are only ever added, so the id of the latest
//! one tells whether anything changed: a kept response is served until a document is
//! added, then all are dropped.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use sitrep_store::{OpenMode, Page, SqliteStore, StoreError};

use crate::error::ApiError;
use crate::AppState;

/// The paths whose `GET` responses are kept: the ones that aggregate the whole store.
pub const CACHED_PATHS: &[&str] =
    &["/api/stats", "/api/timeline", "/api/timeline.csv", "/api/graph", "/api/graph.csv", "/api/map"];

/// Responses kept at most; the oldest half is dropped when full.
const MAX_ENTRIES: usize = 512;
/// Larger bodies are served but not kept.
const MAX_KEPT_BODY: usize = 8 << 20;

/// A kept response: its headers and body (the status is always 200).
#[derive(Clone)]
struct Kept {
    headers: HeaderMap,
    body: Bytes,
    /// When it was kept, in insertions: the oldest are dropped first.
    serial: u64,
}

#[derive(Default)]
struct Entries {
    /// The latest document when the entries were computed.
    latest: Option<String>,
    by_uri: HashMap<String, Kept>,
    serial: u64,
}

/// Responses by request URI, valid for one state of the store.
#[derive(Default)]
pub struct ResponseCache {
    entries: Mutex<Entries>,
}

impl ResponseCache {
    fn get(&self, latest: &Option<String>, uri: &str) -> Option<Response> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.latest != *latest {
            return None;
        }
        let kept = entries.by_uri.get(uri)?.clone();
        drop(entries);
        let mut resp = Response::new(Body::from(kept.body));
        *resp.headers_mut() = kept.headers;
        Some(resp)
    }

    fn put(&self, latest: Option<String>, uri: String, headers: HeaderMap, body: Bytes) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.latest != latest {
            entries.by_uri.clear();
            entries.latest = latest;
        }
        if entries.by_uri.len() >= MAX_ENTRIES {
            let mut serials: Vec<u64> = entries.by_uri.values().map(|k| k.serial).collect();
            serials.sort_unstable();
            let cut = serials[serials.len() / 2];
            entries.by_uri.retain(|_, k| k.serial >= cut);
        }
        entries.serial += 1;
        let serial = entries.serial;
        entries.by_uri.insert(uri, Kept { headers, body, serial });
    }

    /// Responses kept now.
    pub fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).by_uri.len()
    }

    /// True when nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The id of the latest stored document: what every kept response depends on.
///
/// Looked up on a connection of its own rather than the read pool, so that a request
/// answered from the cache never queues behind slow queries. The query reads one row of
/// an index (microseconds), so it runs on the async thread.
pub struct StoreVersion {
    conn: Mutex<SqliteStore>,
}

impl StoreVersion {
    pub fn open(path: &Path) -> Result<StoreVersion, StoreError> {
        Ok(StoreVersion { conn: Mutex::new(SqliteStore::open(path, OpenMode::Read)?) })
    }

    /// The id of the latest stored document (`None` for an empty store).
    pub fn latest(&self) -> Result<Option<String>, ApiError> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        Ok(conn.documents(&Page { limit: 1, after: None })?.rows.pop().map(|d| d.doc_id))
    }
}

/// Middleware: serves a kept response of a [`CACHED_PATHS`] request, or keeps the
/// successful answer of the handler.
pub(crate) async fn keep_responses(State(s): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET || !CACHED_PATHS.contains(&req.uri().path()) {
        return next.run(req).await;
    }
    let uri = req.uri().path_and_query().map_or_else(|| req.uri().path().to_string(), |p| p.as_str().to_string());
    let latest = match s.version.latest() {
        Ok(l) => l,
        Err(e) => return e.into_response(),
    };
    if let Some(kept) = s.responses.get(&latest, &uri) {
        return kept;
    }
    let resp = next.run(req).await;
    if resp.status() != StatusCode::OK {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => return ApiError::internal(format!("cannot build the response: {e}")).into_response(),
    };
    if body.len() <= MAX_KEPT_BODY {
        s.responses.put(latest, uri, parts.headers.clone(), body.clone());
    }
    Response::from_parts(parts, Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(resp: Response) -> Bytes {
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        rt.block_on(axum::body::to_bytes(resp.into_body(), usize::MAX)).unwrap()
    }

    #[test]
    fn a_kept_response_is_served_until_a_document_is_added() {
        let cache = ResponseCache::default();
        let latest = Some("doc-1".to_string());
        let mut headers = HeaderMap::new();
        headers.insert("content-type", "text/csv".parse().unwrap());
        cache.put(latest.clone(), "/api/graph.csv".into(), headers, Bytes::from_static(b"source,target\n"));
        let hit = cache.get(&latest, "/api/graph.csv").expect("kept");
        assert_eq!(hit.headers()["content-type"], "text/csv");
        assert_eq!(body_of(hit), "source,target\n");
        assert!(cache.get(&latest, "/api/graph.csv?type=ASSAULT").is_none(), "another query is another answer");
        assert!(cache.get(&Some("doc-2".into()), "/api/graph.csv").is_none(), "a new document invalidates");
        cache.put(Some("doc-2".into()), "/api/map".into(), HeaderMap::new(), Bytes::new());
        assert_eq!(cache.len(), 1, "entries of the old store state are dropped");
    }

    #[test]
    fn a_full_cache_drops_its_oldest_half() {
        let cache = ResponseCache::default();
        for i in 0..MAX_ENTRIES + 1 {
            cache.put(None, format!("/api/map?i={i}"), HeaderMap::new(), Bytes::new());
        }
        assert_eq!(cache.len(), MAX_ENTRIES / 2 + 1);
        assert!(cache.get(&None, "/api/map?i=0").is_none());
        assert!(cache.get(&None, &format!("/api/map?i={MAX_ENTRIES}")).is_some());
    }
}
