//! `sitrep serve`: the store over HTTP, and the web UI.
//!
//! **What.** An axum router with a JSON API that mirrors the command line (events,
//! claims, entities, disputes, documents, search, timeline counts, actor graph, map
//! points, stats), CSV twins of the lists, keyset pagination, errors as
//! `{message, code}` ([`error`]), an OpenAPI document generated from the handlers
//! ([`openapi`]), ingest over `POST /api/documents` behind a bearer token ([`tasks`]), a
//! per-client rate limit ([`limit`]), kept responses of the whole-store views
//! ([`cache`]), and the files of `web/` embedded at build time
//! ([`assets`]).
//!
//! **Why.** Analysts browse, filter and export in a browser; other programs want the
//! same records as JSON or CSV without linking sitrep.
//!
//! **How.** SQLite connections are not shared between threads, so reads go through a
//! small pool of read connections on tokio's blocking threads ([`pool`]); writes go to
//! one writer thread that runs the extraction pipeline as `sitrep ingest` does
//! ([`ingest`]).

pub mod api;
pub mod assets;
pub mod cache;
mod csv;
pub mod error;
pub mod ingest;
pub mod limit;
pub mod loadtest;
pub mod openapi;
pub mod params;
pub mod pool;
pub mod tasks;

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use sitrep_extract::Extractor;
use sitrep_store::StoreError;

use crate::error::{ApiError, ErrorCode};
use crate::limit::RateLimiter;
use crate::pool::ReadPool;
use crate::tasks::Tasks;

/// The default `--max-body`: 10 MiB.
pub const DEFAULT_MAX_BODY: usize = 10 * 1024 * 1024;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The store.
    pub db: PathBuf,
    /// Bearer token that `POST /api/documents` needs; `None` = read-only server.
    pub write_token: Option<String>,
    /// Requests per second per client IP; 0 = no limit.
    pub rate_limit: f64,
    /// Requests a client may send at once (default: twice the rate, at least 1).
    pub burst: Option<u32>,
    /// Largest request body, in bytes.
    pub max_body: usize,
    /// Read connections.
    pub readers: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            db: PathBuf::from("sitrep.db"),
            write_token: None,
            rate_limit: 0.0,
            burst: None,
            max_body: DEFAULT_MAX_BODY,
            readers: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).clamp(2, 8),
        }
    }
}

/// What can stop the server from starting or running.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A setting that cannot work (one line naming it).
    #[error("{0}")]
    Config(String),
}

/// What every request shares.
pub struct AppState {
    pub(crate) pool: Arc<ReadPool>,
    pub(crate) tasks: Option<Arc<Tasks>>,
    pub(crate) token: Option<String>,
    pub(crate) max_body: usize,
    pub(crate) limiter: Option<RateLimiter>,
    pub(crate) disputes: api::DisputeCache,
    pub(crate) responses: cache::ResponseCache,
    pub(crate) version: cache::StoreVersion,
}

/// A server over one store: build with [`Server::new`], take its [`Server::router`] or
/// run it with [`Server::serve`].
pub struct Server {
    state: Arc<AppState>,
}

impl Server {
    /// Opens the store. With a write token the store is created when missing and the
    /// writer starts with `extractor` (the built-in lexicons when `None`).
    pub fn new(config: &Config, extractor: Option<Arc<Extractor>>) -> Result<Server, ServerError> {
        let tasks = match &config.write_token {
            Some(t) if t.trim().is_empty() => {
                return Err(ServerError::Config("--write-token must not be empty".into()))
            }
            Some(_) => {
                Some(Arc::new(Tasks::start(&config.db, extractor.unwrap_or_else(|| Arc::new(Extractor::builtin())))?))
            }
            None => None,
        };
        if !(config.rate_limit >= 0.0 && config.rate_limit.is_finite()) {
            return Err(ServerError::Config(format!("--rate-limit {}: must be 0 or more", config.rate_limit)));
        }
        let limiter = (config.rate_limit > 0.0).then(|| {
            let burst = config.burst.unwrap_or((config.rate_limit * 2.0).ceil() as u32);
            RateLimiter::new(config.rate_limit, burst)
        });
        let pool = Arc::new(ReadPool::open(&config.db, config.readers)?);
        let state = AppState {
            pool,
            tasks,
            token: config.write_token.as_ref().map(|t| t.trim().to_string()),
            max_body: config.max_body,
            limiter,
            disputes: Default::default(),
            responses: Default::default(),
            version: cache::StoreVersion::open(&config.db)?,
        };
        Ok(Server { state: Arc::new(state) })
    }

    /// Every route: the API, `/openapi.json`, and the web UI.
    pub fn router(&self) -> Router {
        router(Arc::clone(&self.state))
    }

    /// Serves on `listener` until `shutdown` completes, then lets open requests and
    /// queued ingest tasks finish.
    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServerError> {
        let app = self.router().into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, app).with_graceful_shutdown(shutdown).await?;
        if let Some(t) = self.state.tasks.clone() {
            tokio::task::spawn_blocking(move || t.shutdown()).await.map_err(std::io::Error::other)?;
        }
        Ok(())
    }
}

/// The API routes as (method, path), as the router and the OpenAPI document name them.
pub const API_ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/stats"),
    ("GET", "/api/events"),
    ("GET", "/api/events.csv"),
    ("GET", "/api/events/{id}"),
    ("GET", "/api/claims"),
    ("GET", "/api/claims.csv"),
    ("GET", "/api/entities"),
    ("GET", "/api/entities.csv"),
    ("GET", "/api/disputes"),
    ("GET", "/api/disputes.csv"),
    ("GET", "/api/documents"),
    ("POST", "/api/documents"),
    ("GET", "/api/documents.csv"),
    ("GET", "/api/documents/{key}"),
    ("GET", "/api/tasks/{id}"),
    ("GET", "/api/search"),
    ("GET", "/api/search.csv"),
    ("GET", "/api/timeline"),
    ("GET", "/api/timeline.csv"),
    ("GET", "/api/graph"),
    ("GET", "/api/graph.csv"),
    ("GET", "/api/map"),
];

/// The handler of one listed route; the router is built from [`API_ROUTES`] through
/// this table, so the list (which the OpenAPI test checks) is exactly what is routed.
fn handler(method: &str, path: &str) -> MethodRouter<Arc<AppState>> {
    use api::*;
    match (method, path) {
        ("GET", "/api/stats") => get(stats),
        ("GET", "/api/events") => get(events),
        ("GET", "/api/events.csv") => get(events_csv),
        ("GET", "/api/events/{id}") => get(event),
        ("GET", "/api/claims") => get(claims),
        ("GET", "/api/claims.csv") => get(claims_csv),
        ("GET", "/api/entities") => get(entities),
        ("GET", "/api/entities.csv") => get(entities_csv),
        ("GET", "/api/disputes") => get(disputes),
        ("GET", "/api/disputes.csv") => get(disputes_csv),
        ("GET", "/api/documents") => get(documents),
        ("POST", "/api/documents") => post(post_documents),
        ("GET", "/api/documents.csv") => get(documents_csv),
        ("GET", "/api/documents/{key}") => get(document),
        ("GET", "/api/tasks/{id}") => get(task),
        ("GET", "/api/search") => get(search),
        ("GET", "/api/search.csv") => get(search_csv),
        ("GET", "/api/timeline") => get(timeline),
        ("GET", "/api/timeline.csv") => get(timeline_csv),
        ("GET", "/api/graph") => get(graph),
        ("GET", "/api/graph.csv") => get(graph_csv),
        ("GET", "/api/map") => get(map),
        _ => unreachable!("{method} {path} is listed in API_ROUTES without a handler"),
    }
}

fn router(state: Arc<AppState>) -> Router {
    let mut by_path: Vec<(&str, MethodRouter<Arc<AppState>>)> = Vec::new();
    for (method, path) in API_ROUTES {
        match by_path.iter_mut().find(|(p, _)| p == path) {
            Some((_, m)) => *m = std::mem::replace(m, MethodRouter::new()).merge(handler(method, path)),
            None => by_path.push((path, handler(method, path))),
        }
    }
    let mut r = Router::new();
    for (path, m) in by_path {
        r = r.route(path, m);
    }
    r.route("/openapi.json", get(openapi_json))
        .route("/", get(index))
        .route("/static/{*path}", get(static_file))
        .fallback(no_route)
        .method_not_allowed_fallback(wrong_method)
        .layer(middleware::from_fn_with_state(Arc::clone(&state), cache::keep_responses))
        .layer(middleware::from_fn_with_state(Arc::clone(&state), rate_limit))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            ApiError::internal("the server failed on this request").into_response()
        }))
        .with_state(state)
}

async fn openapi_json() -> Response {
    let mut resp = openapi::json().into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    resp
}

async fn no_route(uri: Uri) -> ApiError {
    ApiError::not_found(format!("no such endpoint: {}", uri.path()))
}

async fn wrong_method(method: Method, uri: Uri) -> Response {
    let e = ApiError::bad_request(format!("{method} is not allowed on {}", uri.path()));
    let mut resp = e.into_response();
    *resp.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    resp
}

fn asset(name: &str) -> Response {
    match assets::get(name) {
        Some(bytes) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(assets::content_type(name))),
                (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            ],
            bytes,
        )
            .into_response(),
        None => ApiError::not_found(format!("no such file: {name}")).into_response(),
    }
}

async fn index() -> Response {
    asset("index.html")
}

async fn static_file(Path(path): Path<String>) -> Response {
    asset(&path)
}

async fn rate_limit(State(s): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    if let Some(limiter) = &s.limiter {
        let ip = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        if let Err(wait) = limiter.check(ip) {
            let mut e = ApiError::new(ErrorCode::TooManyRequests, "too many requests; slow down");
            e.retry_after = Some(wait.as_secs_f64().ceil().max(1.0) as u64);
            return e.into_response();
        }
    }
    next.run(req).await
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Runs a server on `bind` until Ctrl-C or SIGTERM; `ready` gets the bound address.
pub fn run(
    config: &Config,
    extractor: Option<Arc<Extractor>>,
    bind: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServerError> {
    let server = Server::new(config, extractor)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(bind).await.map_err(|source| ServerError::Bind { addr: bind, source })?;
        ready(listener.local_addr()?);
        server.serve(listener, shutdown_signal()).await
    })
}
