//! Every endpoint of the HTTP API over a store built from real articles (the seed
//! article, the examples and the dispute fixtures): shapes and content, CSV twins,
//! pagination, bad parameters, the write token, body and rate limits, the static files,
//! and the OpenAPI document against the router and its committed snapshot.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use sitrep_extract::Extractor;
use sitrep_ingest::{Format, Limits};
use sitrep_server::{Config, Server, API_ROUTES};
use sitrep_store::{OpenMode, SqliteStore};
use tower::ServiceExt;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// (file, publication date for files that carry none)
const INPUTS: &[(&str, Option<&str>)] = &[
    ("../shared/gold/seed.txt", Some("2024-10-22")),
    ("examples/sudan-foreign-fighters-army.txt", Some("2025-06-10")),
    ("examples/sudan-foreign-fighters-darfur.txt", Some("2025-06-12")),
    ("examples/red-sea-tanker.txt", Some("2024-08-23")),
    ("examples/myanmar-lashio.md", None),
    ("examples/drc-goma.html", None),
    ("examples/wire.jsonl", None),
    ("tests/fixtures/disputes/pentagon-briefing.json", None),
    ("tests/fixtures/disputes/kyiv-official.json", None),
];

fn extractor() -> &'static Arc<Extractor> {
    static EXTRACTOR: OnceLock<Arc<Extractor>> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Arc::new(Extractor::builtin()))
}

/// The store every read test serves, built once per test run through the library.
fn fixture() -> &'static Path {
    static STORE: OnceLock<PathBuf> = OnceLock::new();
    STORE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("api-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("fixture.db");
        let mut store = SqliteStore::open(&path, OpenMode::Create).unwrap();
        let mut docs = Vec::new();
        for (file, published) in INPUTS {
            let name = repo().join(file);
            for d in sitrep_ingest::read_input(name.to_str().unwrap(), Format::Auto, &Limits::default()) {
                let mut d = d.unwrap();
                if d.published.is_none() {
                    d.published = published.map(str::to_string);
                }
                docs.push(d);
            }
        }
        let statuses = sitrep_server::ingest::ingest_documents(&mut store, extractor(), docs).unwrap();
        assert!(statuses.iter().all(|s| s.is_added()), "{statuses:?}");
        store.checkpoint().unwrap();
        path
    })
}

/// A copy of the fixture for a test that writes.
fn fixture_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.db");
    std::fs::copy(fixture(), &path).unwrap();
    (dir, path)
}

fn app_with(config: Config) -> Router {
    let extractor = config.write_token.as_ref().map(|_| extractor().clone());
    Server::new(&config, extractor).unwrap().router()
}

fn app() -> Router {
    app_with(Config { db: fixture().to_path_buf(), readers: 2, ..Default::default() })
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
    fn content_type(&self) -> &str {
        self.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

async fn send(app: &Router, req: Request<Body>) -> Answer {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap().to_vec();
    Answer { status, headers, body }
}

async fn get(app: &Router, uri: &str) -> Answer {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

/// GET that must answer 200 with JSON.
async fn get_json(app: &Router, uri: &str) -> Value {
    let a = get(app, uri).await;
    assert_eq!(a.status, StatusCode::OK, "{uri}: {}", a.text());
    assert!(a.content_type().starts_with("application/json"), "{uri}: {}", a.content_type());
    a.json()
}

async fn post(app: &Router, token: Option<&str>, body: impl Into<Body>) -> Answer {
    let mut req = Request::post("/api/documents").header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    send(app, req.body(body.into()).unwrap()).await
}

fn assert_error(a: &Answer, status: StatusCode, code: &str, words: &str) {
    assert_eq!(a.status, status, "{}", a.text());
    let v = a.json();
    assert_eq!(v["code"], code, "{v}");
    let message = v["message"].as_str().unwrap();
    assert!(message.contains(words), "{message:?} should mention {words:?}");
    assert!(!message.contains('\n'));
}

fn rows(v: &Value) -> &Vec<Value> {
    v["rows"].as_array().unwrap_or_else(|| panic!("no rows: {v}"))
}

#[tokio::test]
async fn stats_count_the_ingested_documents() {
    let v = get_json(&app(), "/api/stats").await;
    assert_eq!(v["documents"], 12, "{v}");
    assert!(v["events"].as_i64().unwrap() > 10 && v["claims"].as_i64().unwrap() > 10, "{v}");
}

#[tokio::test]
async fn events_filter_by_type_and_actor() {
    let app = app();
    let v = get_json(&app, "/api/events?type=MOBILIZE&actor=PRK&limit=1000").await;
    let events = rows(&v);
    assert!(!events.is_empty());
    for e in events {
        assert_eq!(e["plover"], "MOBILIZE");
        let sides = [&e["source"]["country"], &e["target"]["country"]];
        assert!(sides.iter().any(|c| c.as_str() == Some("PRK")), "{e}");
    }
    assert!(events.iter().any(|e| e["trigger"].as_str().unwrap().contains("deploy")), "the seed's deployment");
    let since = get_json(&app, "/api/events?since=2025-01&factuality=asserted&limit=1000").await;
    for e in rows(&since) {
        assert!(e["date"].as_str().unwrap() >= "2025-01-01" && e["factuality"] == "asserted", "{e}");
    }
    let asc = get_json(&app, "/api/events?order=asc&limit=3").await;
    let dates: Vec<&str> = rows(&asc).iter().filter_map(|e| e["date"].as_str()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    let by_mentions = get_json(&app, "/api/events?sort=mentions&limit=1000").await;
    let counts: Vec<i64> = rows(&by_mentions).iter().map(|e| e["mentions"].as_i64().unwrap()).collect();
    assert!(counts.len() > 3 && counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
}

#[tokio::test]
async fn pages_follow_their_cursor_without_overlap() {
    let app = app();
    for base in [
        "/api/events?",
        "/api/events?sort=sources&",
        "/api/events?sort=place&order=asc&",
        "/api/events?sort=target&",
        "/api/claims?",
        "/api/entities?",
        "/api/documents?",
        "/api/search?q=said&",
        "/api/disputes?",
    ] {
        let all = get_json(&app, &format!("{base}limit=1000")).await;
        let all = rows(&all).clone();
        assert!(all.len() > 3, "{base}: {}", all.len());
        let mut seen = Vec::new();
        let mut uri = format!("{base}limit=3");
        loop {
            let page = get_json(&app, &uri).await;
            seen.extend(rows(&page).iter().cloned());
            match page["next"].as_str() {
                Some(next) => uri = format!("{base}limit=3&after={}", enc(next)),
                None => break,
            }
            assert!(seen.len() <= all.len(), "{base}: pages overlap");
        }
        assert_eq!(seen, all, "{base}: the pages are the whole list, in order");
    }
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn an_event_reads_with_its_reports() {
    let app = app();
    let list = get_json(&app, "/api/events?type=MOBILIZE&actor=PRK").await;
    let id = rows(&list)[0]["id"].as_i64().unwrap();
    let v = get_json(&app, &format!("/api/events/{id}")).await;
    assert_eq!(v["event"]["id"], id);
    let mentions = v["mentions"].as_array().unwrap();
    assert!(!mentions.is_empty());
    let m = &mentions[0];
    for key in ["doc_id", "title", "url", "source", "published", "sentence", "trigger", "factuality", "claim_speaker"] {
        assert!(m.get(key).is_some(), "mention without {key}: {m}");
    }
    assert!(m["sentence"].as_str().unwrap().contains(m["trigger"].as_str().unwrap()), "{m}");
    assert_error(&get(&app, "/api/events/999999").await, StatusCode::NOT_FOUND, "not_found", "999999");
    assert_error(&get(&app, "/api/events/abc").await, StatusCode::BAD_REQUEST, "bad_request", "id");
}

#[tokio::test]
async fn claims_and_entities_filter() {
    let app = app();
    let v = get_json(&app, "/api/claims?speaker=Budanov").await;
    assert!(!rows(&v).is_empty());
    assert!(rows(&v).iter().all(|c| c["speaker"].as_str().unwrap().contains("Budanov")));
    let v = get_json(&app, "/api/claims?stance=denied&limit=1000").await;
    assert!(rows(&v).iter().all(|c| c["stance"] == "denied"));
    let v = get_json(&app, "/api/entities?kind=country&limit=1000").await;
    let names: Vec<&str> = rows(&v).iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"North Korea") && names.contains(&"Russia"), "{names:?}");
    let v = get_json(&app, "/api/entities?code=PRK&min_documents=2").await;
    for e in rows(&v) {
        assert!(e["code"].as_str().unwrap().starts_with("PRK") && e["documents"].as_i64().unwrap() >= 2, "{e}");
    }
}

#[tokio::test]
async fn disputes_put_the_troop_numbers_side_by_side() {
    let app = app();
    let v = get_json(&app, "/api/disputes").await;
    let troops = rows(&v)
        .iter()
        .find(|d| d["kind"] == "quantity" && d["subject"].as_str().unwrap().contains("PRK"))
        .unwrap_or_else(|| panic!("no troop dispute: {v}"));
    let numbers: Vec<f64> = troops["sides"].as_array().unwrap().iter().filter_map(|s| s["number"].as_f64()).collect();
    assert!(numbers.contains(&11000.0) && numbers.contains(&1500.0), "{numbers:?}");
    let claims = get_json(&app, "/api/disputes?kind=claim").await;
    assert!(rows(&claims).iter().all(|d| d["kind"] == "claim"));
    let strict = get_json(&app, "/api/disputes?kind=quantity&tolerance=100").await;
    assert!(rows(&strict).len() < rows(&v).iter().filter(|d| d["kind"] == "quantity").count());
}

#[tokio::test]
async fn documents_are_listed_and_found_by_id_url_and_prefix() {
    let app = app();
    let v = get_json(&app, "/api/documents?limit=1000").await;
    assert_eq!(rows(&v).len(), 12);
    let doc = rows(&v).iter().find(|d| d["url"].as_str().is_some_and(|u| u.contains("kyiv-official"))).unwrap();
    let id = doc["doc_id"].as_str().unwrap();
    let by_id = get_json(&app, &format!("/api/documents/{id}")).await;
    assert_eq!(by_id["doc_id"], id);
    let record = &by_id["record"];
    assert!(record["text"].as_str().unwrap().contains("12,000"));
    let entity = &record["entities"][0];
    assert!(entity["mentions"][0]["start"].is_number(), "{entity}");
    assert!(by_id["story_documents"].is_array());
    let by_url = get_json(&app, &format!("/api/documents/{}", enc(doc["url"].as_str().unwrap()))).await;
    assert_eq!(by_url["doc_id"], id);
    let by_prefix = get_json(&app, &format!("/api/documents/{}", &id[..10])).await;
    assert_eq!(by_prefix["doc_id"], id);
    assert_error(&get(&app, "/api/documents/nosuchdocument").await, StatusCode::NOT_FOUND, "not_found", "nosuch");
}

#[tokio::test]
async fn search_finds_the_seed_by_kursk() {
    let app = app();
    let v = get_json(&app, "/api/search?q=Kursk").await;
    let hit = &rows(&v)[0];
    assert!(hit["snippet"].as_str().unwrap().contains("[Kursk]"), "{hit}");
    assert_eq!(hit["published"], "2024-10-22");
    let v = get_json(&app, "/api/search?q=zzzzqqq").await;
    assert!(rows(&v).is_empty());
    assert_error(&get(&app, "/api/search").await, StatusCode::BAD_REQUEST, "bad_request", "q");
}

#[tokio::test]
async fn the_timeline_counts_events_per_day_week_and_month() {
    let app = app();
    let all = get_json(&app, "/api/events?limit=1000").await;
    let total = rows(&all).len() as i64;
    for by in ["day", "week", "month"] {
        let v = get_json(&app, &format!("/api/timeline?by={by}")).await;
        let counted: i64 = rows(&v).iter().map(|r| r["events"].as_i64().unwrap()).sum();
        assert_eq!(counted + v["undated"].as_i64().unwrap(), total, "by {by}");
        for r in rows(&v) {
            let d = r["date"].as_str().unwrap();
            assert_eq!(d.len(), 10, "{r}");
            if by == "month" {
                assert!(d.ends_with("-01"), "{d}");
            }
            assert!(r["type"].is_string() && r["mentions"].as_i64().unwrap() >= r["events"].as_i64().unwrap());
        }
    }
    let seed = get_json(&app, "/api/timeline?actor=PRK&type=MOBILIZE&since=2024-10&until=2024-10").await;
    assert!(rows(&seed).iter().all(|r| r["type"] == "MOBILIZE" && r["date"].as_str().unwrap().starts_with("2024-10")));
    assert!(!rows(&seed).is_empty());
}

#[tokio::test]
async fn the_graph_links_actors_with_cooperation_and_conflict() {
    let app = app();
    let v = get_json(&app, "/api/graph").await;
    let nodes = v["nodes"].as_array().unwrap();
    let edges = v["edges"].as_array().unwrap();
    assert!(!nodes.is_empty() && !edges.is_empty());
    for e in edges {
        let (ev, co, cf) =
            (e["events"].as_i64().unwrap(), e["cooperation"].as_i64().unwrap(), e["conflict"].as_i64().unwrap());
        assert!(co + cf <= ev, "{e}");
        let tone = e["tone"].as_str().unwrap();
        assert!(["cooperation", "conflict", "mixed"].contains(&tone));
        for side in ["source", "target"] {
            assert!(nodes.iter().any(|n| n["code"] == e[side]), "edge end {} is a node", e[side]);
        }
    }
    assert!(edges.iter().any(|e| e["source"].as_str().unwrap().starts_with("PRK")), "North Korea's deployment");
    let min = get_json(&app, "/api/graph?min_events=2").await;
    assert!(min["edges"].as_array().unwrap().iter().all(|e| e["events"].as_i64().unwrap() >= 2));
}

#[tokio::test]
async fn the_map_is_geojson_of_events_and_places() {
    let app = app();
    let v = get_json(&app, "/api/map").await;
    assert_eq!(v["type"], "FeatureCollection");
    let features = v["features"].as_array().unwrap();
    for kind in ["event", "place"] {
        assert!(features.iter().any(|f| f["properties"]["kind"] == kind), "no {kind} points");
    }
    for f in features {
        assert_eq!(f["geometry"]["type"], "Point");
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat), "{f}");
        assert!(f["properties"]["name"].is_string() && f["properties"]["id"].is_string());
    }
    let places = get_json(&app, "/api/map?kind=place").await;
    assert!(places["features"].as_array().unwrap().iter().all(|f| f["properties"]["kind"] == "place"));
    let sudan = get_json(&app, "/api/map?kind=event&country=SDN").await;
    let sudan = sudan["features"].as_array().unwrap();
    assert!(!sudan.is_empty() && sudan.iter().all(|f| f["properties"]["kind"] == "event"));
}

#[tokio::test]
async fn every_list_has_a_csv_twin_with_the_same_rows() {
    let app = app();
    let twins = [
        ("/api/events", "id,date,date_last,plover"),
        ("/api/claims", "id,speaker,speaker_code,content"),
        ("/api/entities", "id,key,kind,name"),
        ("/api/documents", "doc_id,title,url"),
        ("/api/search?q=troops", "doc_id,title,published"),
        ("/api/timeline?by=month", "date,type,events,mentions"),
        ("/api/graph", "source,source_name,target,target_name"),
        ("/api/disputes", "dispute,kind,subject,key,value"),
    ];
    for (path, header_start) in twins {
        let (base, query) = path.split_once('?').unwrap_or((path, ""));
        let csv = get(&app, &format!("{base}.csv?{query}")).await;
        assert_eq!(csv.status, StatusCode::OK, "{path}");
        assert!(csv.content_type().starts_with("text/csv"), "{path}");
        let text = csv.text();
        assert!(text.starts_with(header_start), "{path}: {}", &text[..80.min(text.len())]);
        let lines = text.split("\r\n").filter(|l| !l.is_empty()).count();
        let json = get_json(&app, path).await;
        let expected = match base {
            "/api/graph" => json["edges"].as_array().unwrap().len(),
            "/api/disputes" => rows(&json).iter().map(|d| d["sides"].as_array().unwrap().len()).sum(),
            "/api/timeline" => rows(&json).len() + usize::from(json["undated"].as_i64().unwrap() > 0),
            _ => rows(&json).len(),
        };
        // Quoted fields may hold line breaks, so count records at least.
        assert!(lines > expected, "{path}: {lines} lines for {expected} rows");
    }
    let page = get(&app, "/api/events.csv?limit=2").await;
    let next = page.headers.get("x-next-cursor").unwrap().to_str().unwrap().to_string();
    let json = get_json(&app, "/api/events?limit=2").await;
    assert_eq!(json["next"], next.as_str());
    let rest = get(&app, &format!("/api/events.csv?limit=2&after={}", enc(&next))).await;
    assert_eq!(rest.status, StatusCode::OK);
    assert_error(&get(&app, "/api/events.csv?order=sideways").await, StatusCode::BAD_REQUEST, "bad_request", "order");
}

#[tokio::test]
async fn bad_parameters_are_400_naming_the_parameter() {
    let app = app();
    let cases = [
        ("/api/events?order=sideways", "order"),
        ("/api/events?sort=colour", "sort"),
        ("/api/events?limit=ten", "limit"),
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=5000", "limit"),
        ("/api/events?since=yesterday", "since"),
        ("/api/events?until=2024-13-45", "until"),
        ("/api/events?after=notacursor", "after"),
        ("/api/events?cameo=1x", "cameo"),
        ("/api/events?factuality=maybe", "factuality"),
        ("/api/events?min_sources=many", "min_sources"),
        ("/api/claims?stance=angry", "stance"),
        ("/api/claims?after=x", "after"),
        ("/api/entities?min_documents=-x", "min_documents"),
        ("/api/entities?after=1", "after"),
        ("/api/documents?after=abc", "after"),
        ("/api/search?q=troops&after=zz", "after"),
        ("/api/disputes?kind=opinion", "kind"),
        ("/api/disputes?tolerance=wide", "tolerance"),
        ("/api/disputes?window_days=-3", "window_days"),
        ("/api/disputes?after=q1", "after"),
        ("/api/disputes?limit=0", "limit"),
        ("/api/timeline?by=year", "by"),
        ("/api/timeline?since=soon", "since"),
        ("/api/graph?min_events=lots", "min_events"),
        ("/api/map?kind=river", "kind"),
        ("/api/map?since=never", "since"),
    ];
    for (uri, param) in cases {
        let a = get(&app, uri).await;
        assert_error(&a, StatusCode::BAD_REQUEST, "bad_request", param);
        assert!(a.json()["message"].as_str().unwrap().starts_with(param), "{uri}: {}", a.text());
    }
    assert_error(&get(&app, "/api/nothing").await, StatusCode::NOT_FOUND, "not_found", "/api/nothing");
    let put = send(&app, Request::builder().method(Method::PUT).uri("/api/stats").body(Body::empty()).unwrap()).await;
    assert_error(&put, StatusCode::METHOD_NOT_ALLOWED, "bad_request", "PUT");
    assert_error(&get(&app, "/api/tasks/t1").await, StatusCode::NOT_FOUND, "not_found", "t1");
}

#[tokio::test]
async fn a_read_only_server_refuses_writes() {
    let a = post(&app(), Some("anything"), r#"{"text": "Troops crossed the border."}"#).await;
    assert_error(&a, StatusCode::FORBIDDEN, "read_only", "read-only");
}

#[tokio::test]
async fn writes_need_the_token_and_land_in_the_store() {
    let (_dir, db) = fixture_copy();
    let app = app_with(Config { db, write_token: Some("s3cret".into()), max_body: 4096, ..Default::default() });
    let doc = r#"[{"title": "Drones hit Odesa port", "published": "2025-02-03", "source": "Test Wire",
        "text": "ODESA, Feb 3 - Russian drones struck the port of Odesa overnight, Ukrainian officials said on Monday."}]"#;
    assert_error(&post(&app, None, doc).await, StatusCode::UNAUTHORIZED, "unauthorized", "token");
    let wrong = post(&app, Some("s3cret-not"), doc).await;
    assert_error(&wrong, StatusCode::UNAUTHORIZED, "unauthorized", "token");
    assert_eq!(wrong.headers.get(header::WWW_AUTHENTICATE).unwrap(), "Bearer");
    assert_error(&post(&app, Some("s3cre"), doc).await, StatusCode::UNAUTHORIZED, "unauthorized", "token");
    assert_error(&post(&app, Some("s3cret"), "{not json").await, StatusCode::BAD_REQUEST, "bad_request", "body");
    assert_error(&post(&app, Some("s3cret"), "[]").await, StatusCode::BAD_REQUEST, "bad_request", "body");
    let big = format!(r#"{{"text": "{}"}}"#, "word ".repeat(2000));
    assert_error(&post(&app, Some("s3cret"), big).await, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "4096");

    let troop_sides = |v: &Value| -> usize {
        rows(v)
            .iter()
            .find(|d| d["kind"] == "quantity" && d["subject"].as_str().unwrap().contains("PRK"))
            .map_or(0, |d| d["sides"].as_array().unwrap().len())
    };
    let before = troop_sides(&get_json(&app, "/api/disputes").await);
    assert_eq!(troop_sides(&get_json(&app, "/api/disputes").await), before, "the kept listing");
    // The whole-store views are kept too, and must follow the new document.
    let documents = |v: &Value| v["documents"].as_i64().unwrap();
    let stats_before = documents(&get_json(&app, "/api/stats").await);
    assert_eq!(documents(&get_json(&app, "/api/stats").await), stats_before, "the kept stats");
    let odesa_on_map = |v: &Value| v.to_string().contains("Odesa");
    assert!(!odesa_on_map(&get_json(&app, "/api/map").await));
    let a = post(&app, Some("s3cret"), doc).await;
    assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.text());
    let v = a.json();
    assert_eq!((v["status"].as_str(), v["documents"].as_i64()), (Some("queued"), Some(1)));
    let task = v["task"].as_str().unwrap().to_string();
    let deadline = Instant::now() + Duration::from_secs(60);
    let done = loop {
        let t = get_json(&app, &format!("/api/tasks/{task}")).await;
        if t["status"] == "done" || t["status"] == "failed" {
            break t;
        }
        assert!(Instant::now() < deadline, "task stuck: {t}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!((done["status"].as_str(), done["added"].as_i64()), (Some("done"), Some(1)), "{done}");
    let id = done["doc_ids"][0].as_str().unwrap();
    let hits = get_json(&app, "/api/search?q=Odesa").await;
    assert_eq!(rows(&hits)[0]["doc_id"], id);
    assert_eq!(documents(&get_json(&app, "/api/stats").await), stats_before + 1);
    assert!(odesa_on_map(&get_json(&app, "/api/map").await), "the map shows the new place");
    let stored = get_json(&app, &format!("/api/documents/{id}")).await;
    assert_eq!(stored["title"], "Drones hit Odesa port");
    // A new report of the troop numbers is a new side of the kept dispute.
    let troops = r#"{"published": "2024-10-25", "source": "Test Wire", "title": "NATO on troops",
        "text": "BRUSSELS, Oct 25 - A NATO official said on Friday that about 8,000 North Korean troops were now in Russia."}"#;
    let t = post(&app, Some("s3cret"), troops).await.json();
    let task = t["task"].as_str().unwrap().to_string();
    while get_json(&app, &format!("/api/tasks/{task}")).await["status"] != "done" {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(troop_sides(&get_json(&app, "/api/disputes").await), before + 1);
    // The same text again is skipped, and reported as the stored document.
    let again = post(&app, Some("s3cret"), doc).await.json();
    let task = again["task"].as_str().unwrap().to_string();
    let t = loop {
        let t = get_json(&app, &format!("/api/tasks/{task}")).await;
        if t["status"] == "done" {
            break t;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!((t["added"].as_i64(), t["skipped"].as_i64(), t["doc_ids"][0].as_str()), (Some(0), Some(1), Some(id)));
}

#[tokio::test]
async fn rate_limited_clients_get_429_with_retry_after() {
    let app = app_with(Config { db: fixture().to_path_buf(), rate_limit: 1.0, burst: Some(2), ..Default::default() });
    assert_eq!(get(&app, "/api/stats").await.status, StatusCode::OK);
    assert_eq!(get(&app, "/api/stats").await.status, StatusCode::OK);
    let a = get(&app, "/api/stats").await;
    assert_error(&a, StatusCode::TOO_MANY_REQUESTS, "too_many_requests", "too many");
    let wait: u64 = a.headers.get(header::RETRY_AFTER).unwrap().to_str().unwrap().parse().unwrap();
    assert!((1..=2).contains(&wait), "{wait}");
}

#[tokio::test]
async fn the_web_ui_is_served_and_static_paths_cannot_escape() {
    let app = app();
    let index = get(&app, "/").await;
    assert_eq!(index.status, StatusCode::OK);
    assert_eq!(index.content_type(), "text/html; charset=utf-8");
    assert!(index.text().to_ascii_lowercase().contains("<html"));
    for name in sitrep_server::assets::names() {
        let a = get(&app, &format!("/static/{name}")).await;
        assert_eq!(a.status, StatusCode::OK, "{name}");
        assert_eq!(a.content_type(), sitrep_server::assets::content_type(name), "{name}");
        assert_eq!(a.body, sitrep_server::assets::get(name).unwrap());
    }
    let js = get(&app, "/static/app.js").await;
    assert_eq!(js.content_type(), "text/javascript; charset=utf-8");
    for attempt in [
        "/static/../Cargo.toml",
        "/static/%2e%2e/Cargo.toml",
        "/static/%2E%2E%2FCargo.toml",
        "/static/..%2f..%2fCargo.toml",
        "/static/..%5c..%5cCargo.toml",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/static/./index.html",
        "/static/views/../index.html",
        "/static/",
        "/static/nosuchfile.js",
        "/../Cargo.toml",
    ] {
        let a = get(&app, attempt).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{attempt}: {}", a.text());
        assert_eq!(a.json()["code"], "not_found", "{attempt}");
    }
}

#[tokio::test]
async fn every_route_is_in_the_openapi_document_and_every_documented_path_answers() {
    let app = app();
    let doc = get_json(&app, "/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    for (method, path) in API_ROUTES {
        let op = &paths.get(*path).unwrap_or_else(|| panic!("{path} is not documented"))[method.to_ascii_lowercase()];
        assert!(op.is_object(), "{method} {path} is not documented");
        assert!(op["responses"].as_object().is_some_and(|r| !r.is_empty()), "{method} {path} has no responses");
    }
    for (path, ops) in paths {
        for method in ops.as_object().unwrap().keys() {
            let m = method.to_ascii_uppercase();
            assert!(API_ROUTES.contains(&(m.as_str(), path.as_str())), "{m} {path} is documented but not listed");
        }
    }
    // Every listed route exists in the router: none falls through to "no such endpoint".
    for (method, path) in API_ROUTES {
        let uri = path.replace("{id}", "1").replace("{key}", "x");
        let req = Request::builder().method(*method).uri(&uri).body(Body::empty()).unwrap();
        let a = send(&app, req).await;
        assert!(!a.text().contains("no such endpoint"), "{method} {uri} is not routed: {}", a.text());
        assert_ne!(a.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for name in ["EventRecord", "ClaimRecord", "EntityRecord", "Dispute", "StoredDocument", "ErrorBody", "TaskInfo"] {
        assert!(schemas.contains_key(name), "schema {name}");
    }
}

/// `docs/openapi.json` is the generated document; `SITREP_UPDATE_OPENAPI=1` rewrites it.
#[test]
fn the_committed_openapi_document_is_current() {
    let path = repo().join("docs/openapi.json");
    let generated = sitrep_server::openapi::json();
    if std::env::var_os("SITREP_UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/openapi.json is not the generated document; rerun with SITREP_UPDATE_OPENAPI=1 to update it"
    );
}

/// Over a real socket: keep-alive requests, a chunked upload over the body limit, and a
/// graceful shutdown that waits for the queued ingest.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bound_server_limits_chunked_bodies_and_shuts_down_gracefully() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (_dir, db) = fixture_copy();
    let config = Config { db, write_token: Some("tok".into()), max_body: 1000, ..Default::default() };
    let server = Server::new(&config, Some(extractor().clone())).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.serve(listener, async {
        let _ = stopped.await;
    }));
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut req = String::from("POST /api/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok\r\n");
    req.push_str("Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    for _ in 0..20 {
        req.push_str(&format!("64\r\n{}\r\n", "y".repeat(100)));
    }
    req.push_str("0\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("\"code\":\"payload_too_large\""), "{answer}");

    let report = sitrep_server::loadtest::run(
        addr,
        &[sitrep_server::loadtest::Target { label: "stats".into(), path: "/api/stats".into() }],
        2,
        Duration::from_millis(200),
    )
    .await;
    assert!(report.requests > 2 && report.errors == 0, "{report:?}");

    let body =
        r#"{"text": "Sudanese army units shelled positions near El Fasher on Tuesday.", "published": "2025-06-10"}"#;
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "POST /api/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 202"), "{answer}");
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(60), serving).await.unwrap().unwrap().unwrap();
    // The queued document was stored before the server stopped.
    let store = SqliteStore::open(&config.db, OpenMode::Read).unwrap();
    assert_eq!(store.stats().unwrap().documents, 13);
}
