//! The store commands as a user runs them: `ingest`, `events`, `claims`, `entities`,
//! `search`, `show`, `timeline`, `stories`, `disputes`, `export` and `bench-store`:
//! exit codes, stdout in every format, one-line errors, idempotence, feeds over HTTP,
//! refusal of foreign files, and a kill -9 in the middle of an ingest.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sitrep_model::*;
use sitrep_store::{OpenMode, SqliteStore};

fn sitrep(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep")).args(args).current_dir(dir).output().expect("run sitrep")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn seed() -> PathBuf {
    repo().join("../shared/gold/seed.txt")
}

/// The JSON summary of an ingest (`--json`).
fn summary(o: &Output) -> serde_json::Value {
    serde_json::from_str(stdout(o).trim()).unwrap_or_else(|e| panic!("summary: {e}: {}", stdout(o)))
}

const ARTICLE: &str = "Sudan's army said on Monday that more than 150 civilians had fled El Fasher after shelling.";

#[test]
fn ingest_reads_files_directories_and_formats_and_a_rerun_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "news/a.txt", ARTICLE.as_bytes());
    write(d, "news/deep/b.md", b"# Talks resume\n\nEnvoys of Armenia and Azerbaijan met in Geneva on Tuesday.\n");
    write(
        d,
        "news/c.html",
        b"<html><head><title>Strike on depot</title></head><body><nav>Home | World</nav><article><p>Israeli jets struck a weapons depot near Damascus on Sunday, Syrian state media said.</p><p>There was no immediate comment from Israel.</p></article></body></html>",
    );
    write(
        d,
        "news/wire.jsonl",
        b"{\"title\": \"Ceasefire\", \"text\": \"The ceasefire in Gaza held for a third day, officials said.\", \"url\": \"https://wire.example/1\"}\n{\"title\": \"Aid\", \"text\": \"Japan pledged $50 million in aid to Ukraine on Friday.\", \"published\": \"2024-03-01\"}\n",
    );
    write(
        d,
        "news/feed.rss",
        br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
        <item><title>Border clash</title><link>https://wire.example/2</link><pubDate>Tue, 22 Oct 2024 08:00:00 GMT</pubDate>
        <description>Indian and Chinese troops clashed on the border in Ladakh, officials said.</description></item>
        </channel></rss>"#,
    );
    write(d, "news/photo.jpg", b"\xff\xd8\xff not a document");
    let out = sitrep(&["ingest", "news", "--db", "s.db", "--json"], d);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let s = summary(&out);
    assert_eq!(
        (s["added"].as_u64(), s["failed"].as_u64(), s["ignored_files"].as_u64()),
        (Some(6), Some(0), Some(1)),
        "{s}"
    );
    assert!(stderr(&out).contains("6 added"), "{}", stderr(&out));
    assert!(stderr(&out).contains("MB"), "the store's size is reported");

    // Again: the same documents are the same documents.
    let again = sitrep(&["ingest", "news", "--db", "s.db", "--json"], d);
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    let s = summary(&again);
    assert_eq!((s["added"].as_u64(), s["duplicates"].as_u64()), (Some(0), Some(6)), "{s}");

    // stdin, with defaults for what the text does not say.
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["ingest", "-", "--db", "s.db", "--published", "2024-05-01", "--source", "Stdin Daily", "--json"])
        .current_dir(d)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"Protesters gathered in Tbilisi on Sunday evening.").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(summary(&out)["added"], 1);
    let found = sitrep(&["search", "Tbilisi", "--db", "s.db", "--format", "json"], d);
    let hits: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(hits[0]["source"], "Stdin Daily");
    assert_eq!(hits[0]["published"], "2024-05-01");

    let store = SqliteStore::open(&d.join("s.db"), OpenMode::Read).unwrap();
    assert_eq!(store.stats().unwrap().documents, 7);
    assert!(store.verify().unwrap().is_empty());
}

#[test]
fn bad_inputs_are_one_line_errors_and_the_rest_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "broken.rss", b"<?xml version=\"1.0\"?><rss><channel><title>x</title><item><title>cut off");
    write(d, "empty.html", b"<html><body><nav>Home | About</nav><script>var x = 1;</script></body></html>");
    write(
        d,
        "dupes.jsonl",
        b"{\"url\": \"https://wire.example/story\", \"text\": \"Troops withdrew from the town on Monday.\"}\n{\"url\": \"https://wire.example/story\", \"text\": \"Troops withdrew from the town on Monday, the army said in an update.\"}\n",
    );
    write(d, "good.txt", ARTICLE.as_bytes());
    let out = sitrep(
        &["ingest", "broken.rss", "empty.html", "dupes.jsonl", "good.txt", "missing.txt", "--db", "s.db", "--json"],
        d,
    );
    assert_eq!(code(&out), 2, "failures make exit 2: {}", stderr(&out));
    let err = stderr(&out);
    assert!(err.lines().any(|l| l.starts_with("sitrep: broken.rss: ") && l.contains("not a readable feed")), "{err}");
    assert!(err.lines().any(|l| l == "sitrep: empty.html: no article text found"), "{err}");
    assert!(err.lines().any(|l| l.starts_with("sitrep: missing.txt: cannot read")), "{err}");
    assert!(
        err.lines().any(|l| l.contains("its url is stored with a different text") && l.contains("not merged")),
        "the changed page is reported: {err}"
    );
    let s = summary(&out);
    assert_eq!((s["added"].as_u64(), s["changed"].as_u64(), s["failed"].as_u64()), (Some(2), Some(1), Some(3)), "{s}");
    // The stored version of the URL is the first one, untouched.
    let show = sitrep(&["show", "https://wire.example/story", "--db", "s.db"], d);
    assert_eq!(code(&show), 0, "{}", stderr(&show));
    let rec: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(rec["text"], "Troops withdrew from the town on Monday.");
}

/// A tiny HTTP server on 127.0.0.1 serving fixed responses, for as long as the guard lives.
struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(routes: HashMap<&'static str, (u16, &'static str, String)>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(120);
            while !flag.load(Ordering::Relaxed) && Instant::now() < deadline {
                let (mut stream, _) = match listener.accept() {
                    Ok(c) => c,
                    Err(_) => {
                        std::thread::sleep(Duration::from_millis(5));
                        continue;
                    }
                };
                stream.set_nonblocking(false).unwrap();
                stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut first = String::new();
                if reader.read_line(&mut first).is_err() {
                    continue;
                }
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                }
                let path = first.split_whitespace().nth(1).unwrap_or("/").to_string();
                let (status, ctype, body) =
                    routes.get(path.as_str()).cloned().unwrap_or((404, "text/plain", "not found".to_string()));
                let reason = if status == 200 { "OK" } else { "Not Found" };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        Server { port, stop, thread: Some(thread) }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[test]
fn feed_urls_opml_lists_and_pages_are_fetched_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let feed = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Local Atom</title><id>urn:x</id><updated>2024-10-22T00:00:00Z</updated>
<entry><title>Drone strike</title><id>urn:1</id><link href="https://atom.example/1"/><updated>2024-10-22T09:00:00Z</updated>
<summary>Russian drones struck Odesa overnight, the Ukrainian air force said.</summary></entry>
<entry><title>Talks</title><id>urn:2</id><link href="https://atom.example/2"/><updated>2024-10-23T09:00:00Z</updated>
<content type="html">&lt;p&gt;Qatar hosted talks between Hamas and Israeli negotiators on Wednesday.&lt;/p&gt;</content></entry>
</feed>"#;
    let server = Server::start(HashMap::from([
        ("/feed.atom", (200, "application/atom+xml", feed.to_string())),
        (
            "/page",
            (
                200,
                "text/html; charset=utf-8",
                "<html><head><title>Kyiv talks</title></head><body><article><p>Finnish and Ukrainian ministers met in Kyiv on Friday to discuss air defence.</p></article></body></html>".to_string(),
            ),
        ),
        ("/broken.rss", (200, "application/rss+xml", "<rss><channel><item>".to_string())),
    ]));
    let opml = format!(
        r#"<?xml version="1.0"?><opml version="2.0"><head><title>Feeds</title></head><body>
        <outline text="Local" type="rss" xmlUrl="{}"/></body></opml>"#,
        server.url("/feed.atom")
    );
    write(d, "feeds.opml", opml.as_bytes());

    let out = sitrep(&["ingest", &server.url("/feed.atom"), "--db", "s.db", "--json"], d);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(summary(&out)["added"], 2);
    let hits = sitrep(&["search", "Odesa", "--db", "s.db", "--format", "json"], d);
    let hits: serde_json::Value = serde_json::from_slice(&hits.stdout).unwrap();
    assert_eq!(hits[0]["url"], "https://atom.example/1");
    assert_eq!(hits[0]["source"], "Local Atom");
    assert_eq!(hits[0]["title"], "Drone strike");

    // The OPML list points at the same feed: nothing new.
    let out = sitrep(&["ingest", "feeds.opml", "--db", "s.db", "--json"], d);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!((summary(&out)["added"].as_u64(), summary(&out)["duplicates"].as_u64()), (Some(0), Some(2)));

    // A page by URL keeps its URL; a missing page and a broken feed are one-line errors.
    let out = sitrep(
        &[
            "ingest",
            &server.url("/page"),
            &server.url("/missing"),
            &server.url("/broken.rss"),
            "--db",
            "s.db",
            "--json",
        ],
        d,
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(summary(&out)["added"], 1);
    let err = stderr(&out);
    assert!(err.lines().any(|l| l.contains("/missing: cannot read: cannot fetch") && l.contains("404")), "{err}");
    assert!(err.lines().any(|l| l.contains("/broken.rss: cannot read: not a readable feed")), "{err}");
    let show = sitrep(&["show", &server.url("/page"), "--db", "s.db", "--format", "table"], d);
    assert_eq!(code(&show), 0, "{}", stderr(&show));
    assert!(stdout(&show).contains("title      Kyiv talks"), "{}", stdout(&show));
}

#[test]
fn feed_items_can_follow_their_links_to_the_full_page() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The feed must name the server's own address, known only once it runs: serve a
    // feed file from disk that points at the page.
    let server = Server::start(HashMap::from([(
        "/story",
        (
            200,
            "text/html",
            "<html><body><article><p>Finnish and Ukrainian ministers met in Kyiv on Friday to discuss air defence and training.</p></article></body></html>".to_string(),
        ),
    )]));
    let rss = format!(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Teasers</title>
        <item><title>Ministers meet</title><link>{}</link><description>Ministers met.</description></item></channel></rss>"#,
        server.url("/story")
    );
    write(d, "teasers.rss", rss.as_bytes());
    let out = sitrep(&["ingest", "teasers.rss", "--follow-links", "--db", "s.db", "--json"], d);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let show = sitrep(&["show", &server.url("/story"), "--db", "s.db"], d);
    let rec: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    assert!(rec["text"].as_str().unwrap().contains("air defence and training"), "{rec}");
    assert_eq!(rec["source"], "Teasers");
}

#[test]
fn foreign_or_corrupt_files_as_db_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.txt", ARTICLE.as_bytes());
    let notes = write(d, "notes.db", b"my notes, not a database\n");
    let mut corrupt = b"SQLite format 3\0".to_vec();
    corrupt.extend(std::iter::repeat_n(7u8, 4096));
    let corrupt_path = write(d, "corrupt.db", &corrupt);
    for (path, bytes) in [(&notes, std::fs::read(&notes).unwrap()), (&corrupt_path, corrupt.clone())] {
        let db = path.to_str().unwrap();
        for args in [
            vec!["ingest", "a.txt", "--db", db],
            vec!["events", "--db", db],
            vec!["export", "--format", "gdelt", "--db", db],
        ] {
            let out = sitrep(&args, d);
            assert_eq!(code(&out), 2, "{args:?}");
            let err = stderr(&out);
            assert_eq!(err.lines().count(), 1, "one line: {err}");
            assert!(err.contains("not a sitrep store") && err.contains("left untouched"), "{err}");
            assert!(stdout(&out).is_empty());
        }
        assert_eq!(std::fs::read(path).unwrap(), bytes, "{} was modified", path.display());
    }
    let out = sitrep(&["events", "--db", "nothing-here.db"], d);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no sitrep store here"), "{}", stderr(&out));
    assert!(!d.join("nothing-here.db").exists(), "reading never creates a store");
}

#[test]
fn the_seed_and_two_fixture_articles_give_a_troop_number_dispute() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = sitrep(
        &["ingest", seed().to_str().unwrap(), "--published", "2024-10-22", "--source", "Seed outlet", "--db", "s.db"],
        d,
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let fixtures = repo().join("tests/fixtures/disputes");
    let out = sitrep(&["ingest", fixtures.to_str().unwrap(), "--db", "s.db", "--json"], d);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(summary(&out)["added"], 2, "the two fixture articles (the README has no document extension)");

    let out = sitrep(&["disputes", "--db", "s.db", "--kind", "quantity", "--format", "json"], d);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let disputes: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let troops = disputes
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["key"] == "military personnel|PRK|RUS")
        .unwrap_or_else(|| panic!("no troop dispute: {disputes:#}"));
    let sides: Vec<(f64, String, String)> = troops["sides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["number"].as_f64().unwrap(),
                s["speaker"].as_str().unwrap_or("").to_string(),
                s["doc_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let values: Vec<f64> = sides.iter().map(|s| s.0).collect();
    for v in [11000.0, 1500.0, 3000.0, 12000.0] {
        assert!(values.contains(&v), "{v} missing from {sides:?}");
    }
    let speaker_of = |v: f64| sides.iter().find(|s| s.0 == v).unwrap().1.clone();
    assert!(speaker_of(11000.0).contains("Budanov"), "{sides:?}");
    assert!(speaker_of(1500.0).contains("South Korean intelligence"), "{sides:?}");
    assert!(speaker_of(3000.0).contains("Pentagon"), "{sides:?}");
    assert!(speaker_of(12000.0).contains("Ukrainian official"), "{sides:?}");
    let docs: std::collections::HashSet<&str> = sides.iter().map(|s| s.2.as_str()).collect();
    assert_eq!(docs.len(), 3, "three documents: {sides:?}");

    // The table names every side; CSV and JSON Lines give one row per side.
    let table = sitrep(&["disputes", "--db", "s.db", "--about", "PRK"], d);
    let text = stdout(&table);
    for needle in [
        "military personnel of PRK in RUS",
        "about 11,000",
        "1,500",
        "about 3,000",
        "at least 12,000",
        "Pentagon spokesperson",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    let csv = sitrep(&["disputes", "--db", "s.db", "--about", "PRK", "--format", "csv"], d);
    let csv = stdout(&csv);
    assert!(csv.starts_with("dispute,kind,subject,value,number,speaker,"), "{csv}");
    assert!(csv.lines().count() >= 5);
    let jsonl = sitrep(&["disputes", "--db", "s.db", "--about", "PRK", "--format", "jsonl"], d);
    for l in stdout(&jsonl).lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["kind"], "quantity");
    }
    // A tolerance wide enough to accept every value leaves no quantity dispute.
    let none = sitrep(&["disputes", "--db", "s.db", "--kind", "quantity", "--tolerance", "10"], d);
    assert_eq!(code(&none), 1, "{}", stdout(&none));
}

// ----------------------------------------------------------------- a store built from records

fn actor(code: &str) -> ActorRef {
    ActorRef {
        text: format!("{code} text"),
        entity: Some(code.into()),
        code: Some(code.into()),
        country: Some(code[..3].into()),
    }
}

fn ent(code: &str, kind: EntityKind, name: &str, start: usize) -> Entity {
    Entity {
        id: code.into(),
        name: name.into(),
        kind,
        code: Some(code.into()),
        country: Some(code[..3].into()),
        roles: vec![],
        mentions: vec![Mention { text: name.into(), start, end: start + name.len(), sentence: 0 }],
    }
}

/// `n` documents with one event each: PRKMIL deploys to RUS (Kursk) every day, and a
/// Peskov claim, from two outlets.
fn records(n: usize) -> Vec<Extraction> {
    (0..n)
        .map(|i| {
            let day = 1 + (i % 28);
            let text = format!(
                "North Korean troops deployed to Kursk region on day {i}. Peskov said the reports were false {i}."
            );
            let t0 = text.find("deployed").unwrap();
            let k0 = text.find("Kursk region").unwrap();
            let c0 = text.find("the reports").unwrap();
            let s1 = text.find("Peskov").unwrap();
            let (src, tgt) = if i % 5 == 4 { ("UKRMIL", "RUS") } else { ("PRKMIL", "RUS") };
            Extraction {
                id: format!("doc-{i:05}"),
                title: Some(format!("Report {i}")),
                url: Some(format!("https://outlet{}.example/{i}", i % 2)),
                source: Some(format!("Outlet {}", i % 2)),
                published: Some(format!("2024-10-{day:02}")),
                lang: "en".into(),
                sentences: vec![
                    Sentence { text: text[..s1 - 1].into(), start: 0, end: s1 - 1 },
                    Sentence { text: text[s1..].into(), start: s1, end: text.len() },
                ],
                entities: vec![
                    ent(src, EntityKind::Group, "North Korean troops", 0),
                    ent("RUS", EntityKind::Country, "Russia", k0),
                    Entity {
                        id: "dmitry-peskov".into(),
                        name: "Dmitry Peskov".into(),
                        kind: EntityKind::Person,
                        code: Some("RUSGOV".into()),
                        country: Some("RUS".into()),
                        roles: vec![],
                        mentions: vec![Mention { text: "Peskov".into(), start: s1, end: s1 + 6, sentence: 1 }],
                    },
                ],
                events: vec![Event {
                    sentence: 0,
                    trigger: Span::of(&text, t0, t0 + 8),
                    plover: "MOBILIZE".into(),
                    cameo: "152".into(),
                    source: Some(actor(src)),
                    target: Some(actor(tgt)),
                    factuality: if i == 3 { Factuality::Negated } else { Factuality::Asserted },
                    claim: None,
                    place: Some(0),
                    time: None,
                    quantities: vec![],
                }],
                claims: vec![Claim {
                    sentence: 1,
                    speaker: Some(Speaker {
                        text: "Peskov".into(),
                        entity: Some("dmitry-peskov".into()),
                        name: Some("Dmitry Peskov".into()),
                    }),
                    cue: Span::of(&text, s1 + 7, s1 + 11),
                    content: Span::of(&text, c0, text.len() - 1),
                    direct: false,
                    stance: Stance::Neutral,
                }],
                places: vec![Place {
                    sentence: 0,
                    text: "Kursk region".into(),
                    start: k0,
                    end: k0 + 12,
                    name: "Kursk Oblast".into(),
                    country: Some("RUS".into()),
                    lat: 51.7269,
                    lon: 36.1846,
                    gazetteer_id: Some("geonames:538560".into()),
                }],
                text,
                ..Extraction::default()
            }
        })
        .collect()
}

fn record_store(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("r.db");
    let mut store = SqliteStore::open(&path, OpenMode::Create).unwrap();
    store.add_batch(&records(n)).unwrap();
    path
}

#[test]
fn event_queries_filter_page_and_print_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    record_store(d, 60);
    let run = |args: &[&str]| sitrep(&[args, &["--db", "r.db"]].concat(), d);

    let all = run(&["events", "--format", "json", "--limit", "0"]);
    assert_eq!(code(&all), 0, "{}", stderr(&all));
    let events: Vec<serde_json::Value> = serde_json::from_slice(&all.stdout).unwrap();
    assert!(!events.is_empty());
    let mentions: i64 = events.iter().map(|e| e["mentions"].as_i64().unwrap()).sum();
    assert_eq!(mentions, 60, "every mention is in exactly one event");
    let prk = events.iter().find(|e| e["source"]["code"] == "PRKMIL").unwrap();
    assert_eq!(prk["sources"], 2, "two outlets");
    assert_eq!(prk["place"]["name"], "Kursk Oblast");

    let count = |args: &[&str]| -> usize {
        let o = run(&[&["events", "--format", "jsonl", "--limit", "0"], args].concat());
        stdout(&o).lines().count()
    };
    let n = events.len();
    assert_eq!(count(&["--actor", "PRK"]) + count(&["--actor", "UKR"]), n);
    assert_eq!(count(&["--actor", "RUS"]), n);
    assert_eq!(count(&["--source-actor", "PRKMIL"]), count(&["--actor", "PRK"]));
    assert_eq!(count(&["--target-actor", "RUS"]), n);
    assert_eq!(count(&["--type", "mobilize"]), n);
    assert_eq!(count(&["--cameo", "15"]), n);
    assert_eq!(count(&["--cameo", "19"]), 0);
    assert_eq!(count(&["--country", "RUS"]), n);
    assert_eq!(count(&["--place", "Kursk"]), n);
    assert_eq!(count(&["--place", "geonames:538560"]), n);
    assert!(count(&["--since", "2024-10-20"]) < n);
    assert_eq!(count(&["--since", "2024-10-20"]) + count(&["--until", "2024-10-19"]), n);
    assert!(count(&["--min-sources", "2"]) >= 1);
    assert_eq!(count(&["--factuality", "asserted"]), n);

    // Nothing found: exit 1, nothing on stdout but the empty container.
    let none = run(&["events", "--actor", "CHN"]);
    assert_eq!(code(&none), 1);
    // A bad value is an error (exit 2) on one line.
    let bad = run(&["events", "--since", "yesterday"]);
    assert_eq!(code(&bad), 2);
    assert_eq!(stderr(&bad).lines().count(), 1, "{}", stderr(&bad));

    // Keyset pagination: pages join up to the whole list.
    let first = run(&["events", "--limit", "2", "--format", "jsonl"]);
    let hint = stderr(&first);
    let cursor = hint.split("--after '").nth(1).and_then(|s| s.split('\'').next()).expect("a cursor hint");
    let second = run(&["events", "--limit", "2", "--format", "jsonl", "--after", cursor]);
    let ids = |o: &Output| {
        stdout(o)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_i64().unwrap())
            .collect::<Vec<_>>()
    };
    let (a, b) = (ids(&first), ids(&second));
    assert_eq!(a.len(), 2);
    assert!(!b.is_empty() && b.iter().all(|x| !a.contains(x)));

    // Table and CSV.
    let table = run(&["events", "--limit", "3"]);
    let t = stdout(&table);
    assert!(t.lines().next().unwrap().starts_with("ID  DATE"), "{t}");
    assert!(t.contains("MOBILIZE") && t.contains("Kursk Oblast"), "{t}");
    let csv = run(&["events", "--limit", "3", "--format", "csv"]);
    let c = stdout(&csv);
    assert!(c.starts_with("id,date,date_last,plover,cameo,quad_class,goldstein,"), "{c}");
    assert_eq!(c.lines().count(), 4);
}

#[test]
fn claims_entities_search_show_timeline_and_stories() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    record_store(d, 20);
    let run = |args: &[&str]| sitrep(&[args, &["--db", "r.db"]].concat(), d);

    let claims = run(&["claims", "--speaker", "Peskov", "--format", "json"]);
    assert_eq!(code(&claims), 0, "{}", stderr(&claims));
    let c: serde_json::Value = serde_json::from_slice(&claims.stdout).unwrap();
    assert!(c.as_array().unwrap().iter().all(|x| x["speaker"] == "Dmitry Peskov"));
    assert_eq!(code(&run(&["claims", "--stance", "false"])), 1);
    assert_eq!(code(&run(&["claims", "--about", "reports false"])), 0);
    assert_eq!(code(&run(&["claims", "--speaker", "Zelensky"])), 1);
    let csv = stdout(&run(&["claims", "--format", "csv"]));
    assert!(csv.starts_with("id,first_seen,speaker,stance,"), "{csv}");

    let ents = run(&["entities", "--format", "json"]);
    let e: serde_json::Value = serde_json::from_slice(&ents.stdout).unwrap();
    let rus = e.as_array().unwrap().iter().find(|x| x["key"] == "country:RUS").unwrap();
    assert_eq!(rus["documents"], 20, "one entity for RUS across all documents");
    let people = stdout(&run(&["entities", "--kind", "person"]));
    assert!(people.contains("Dmitry Peskov") && people.contains("RUSGOV"), "{people}");
    assert_eq!(code(&run(&["entities", "--code", "CHN"])), 1);

    let hits = run(&["search", "Kursk", "--format", "jsonl", "--limit", "5"]);
    assert_eq!(stdout(&hits).lines().count(), 5);
    let hit: serde_json::Value = serde_json::from_str(stdout(&hits).lines().next().unwrap()).unwrap();
    assert!(hit["snippet"].as_str().unwrap().contains("[Kursk]"), "{hit}");
    assert_eq!(code(&run(&["search", "Zanzibar"])), 1);
    let table = stdout(&run(&["search", "\"day 7\""]));
    assert!(table.contains("doc-00007"), "{table}");

    let show = run(&["show", "doc-00003"]);
    let rec: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(rec["id"], "doc-00003");
    assert_eq!(rec["events"][0]["factuality"], "negated");
    assert_eq!(rec["sentences"].as_array().unwrap().len(), 2);
    let rows = stdout(&run(&["show", "doc-00003", "--format", "csv"]));
    assert!(rows.starts_with("kind,text,start,end,sentence,detail"), "{rows}");
    assert!(rows.contains("event,deployed"), "{rows}");
    assert_eq!(code(&run(&["show", "doc-99999"])), 1);

    let tl = run(&["timeline", "--actor", "PRK", "--format", "json", "--limit", "0"]);
    assert_eq!(code(&tl), 0, "{}", stderr(&tl));
    let t: Vec<serde_json::Value> = serde_json::from_slice(&tl.stdout).unwrap();
    let dates: Vec<&str> = t.iter().map(|x| x["date"].as_str().unwrap_or("")).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    let no_actor = run(&["timeline"]);
    assert_eq!(code(&no_actor), 2);

    let stories = run(&["stories", "--format", "json"]);
    assert_eq!(code(&stories), 0);

    let disputes = run(&["disputes", "--kind", "event", "--format", "json"]);
    let ds: serde_json::Value = serde_json::from_slice(&disputes.stdout).unwrap();
    let sides = ds[0]["sides"].as_array().unwrap();
    assert!(sides.iter().any(|s| s["value"] == "negated") && sides.iter().any(|s| s["value"] == "asserted"));
}

#[test]
fn exports_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    record_store(d, 30);
    let export = |format: &str| {
        let o = sitrep(&["export", "--format", format, "--db", "r.db"], d);
        assert_eq!(code(&o), 0, "{format}: {}", stderr(&o));
        stdout(&o)
    };
    let gdelt = export("gdelt");
    let lines: Vec<&str> = gdelt.lines().collect();
    assert!(!lines.is_empty());
    for l in &lines {
        let f: Vec<&str> = l.split('\t').collect();
        assert_eq!(f.len(), 61, "{l}");
        assert!(f[0].parse::<i64>().is_ok() && f[1].len() == 8 && f[1].parse::<u32>().is_ok(), "{l}");
        assert_eq!(
            (f[26], f[27], f[28], f[29], f[30]),
            ("152", "152", "15", "4", "-7.2"),
            "EventCode, Base, Root, QuadClass, Goldstein"
        );
        assert!(f[31].parse::<u32>().unwrap() >= 1 && f[32].parse::<u32>().is_ok() && f[33].parse::<u32>().is_ok());
        assert_eq!((f[51], f[53], f[58]), ("4", "RS", "538560"), "action geography: type, FIPS country, GeoNames id");
        assert_eq!(f[59].len(), 14);
        assert!(f[60].starts_with("https://outlet"), "{l}");
    }
    let plover = export("plover");
    for l in plover.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        for field in ["id", "date", "source", "event"] {
            assert!(v.get(field).is_some(), "{field}: {l}");
        }
        assert_eq!(v["event"][0], "MOBILIZE");
        assert_eq!(v["quad_code"], 4);
        assert_eq!(v["event_loc"]["geonameid"], 538560);
    }
    let jsonl = export("jsonl");
    assert_eq!(jsonl.lines().count(), lines.len());
    let csv = export("csv");
    assert_eq!(csv.lines().count(), lines.len() + 1);
    let geo: serde_json::Value = serde_json::from_str(&export("geojson")).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    assert_eq!(geo["features"].as_array().unwrap().len(), lines.len());
    let gexf = export("gexf");
    let doc = roxmltree::Document::parse(&gexf).unwrap();
    assert!(doc.descendants().any(|n| n.has_tag_name("edge") && n.attribute("source") == Some("PRKMIL")));

    // Filters apply; into a file; nothing found exits 1 with a valid empty document.
    let o = sitrep(&["export", "--format", "gdelt", "--actor", "UKR", "--db", "r.db", "-o", "ukr.tsv"], d);
    assert_eq!(code(&o), 0);
    let ukr = std::fs::read_to_string(d.join("ukr.tsv")).unwrap();
    assert!(!ukr.is_empty() && ukr.lines().all(|l| l.split('\t').nth(5) == Some("UKRMIL")));
    let o = sitrep(&["export", "--format", "geojson", "--actor", "CHN", "--db", "r.db"], d);
    assert_eq!(code(&o), 1);
    let empty: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(empty["features"], serde_json::json!([]));
    let bad = sitrep(&["export", "--format", "xml", "--db", "r.db"], d);
    assert_eq!(code(&bad), 2);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let path = d.join("r.db");
    let mut store = SqliteStore::open(&path, OpenMode::Create).unwrap();
    let mut recs = records(3000);
    // Distinct events: each record its own type pair day.
    for (i, r) in recs.iter_mut().enumerate() {
        r.events[0].cameo = format!("{}", 190 + (i % 7));
        r.events[0].source.as_mut().unwrap().code = Some(format!("A{:02}", i % 97));
    }
    store.add_batch(&recs).unwrap();
    drop(store);
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["export", "--format", "jsonl", "--db", "r.db"])
        .current_dir(d)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut buf = [0u8; 256];
    out.read_exact(&mut buf).unwrap();
    drop(out);
    let status = child.wait().unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(status.success(), "exit {status:?}: {err}");
    assert!(!err.contains("error"), "{err}");
}

#[test]
fn kill_9_during_an_ingest_loses_nothing_committed_and_a_rerun_completes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let n = 5000;
    let mut corpus = String::new();
    for i in 0..n {
        corpus.push_str(&format!(
            "{{\"id\": \"k{i:05}\", \"published\": \"2024-10-{:02}\", \"text\": \"Report {i}: troops of brigade {i} moved near Kharkiv on Tuesday, officials in Kyiv said. Shelling hit {} homes.\"}}\n",
            1 + i % 28,
            i % 300
        ));
    }
    write(d, "corpus.jsonl", corpus.as_bytes());
    let db = d.join("k.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["ingest", "corpus.jsonl", "--db", "k.db", "--batch", "50", "--threads", "1", "--no-progress"])
        .current_dir(d)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the first commits, reading the store while the ingest writes to it.
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen = 0;
    while Instant::now() < deadline {
        if db.exists() {
            if let Ok(store) = SqliteStore::open(&db, OpenMode::Read) {
                if let Ok(stats) = store.stats() {
                    seen = stats.documents;
                    if seen >= 100 {
                        // Readers work while the ingest runs.
                        let q = sitrep(&["entities", "--db", "k.db", "--limit", "3"], d);
                        assert!(matches!(code(&q), 0 | 1), "{}", stderr(&q));
                        let s = sitrep(&["search", "Kharkiv", "--db", "k.db", "--limit", "3"], d);
                        assert_eq!(code(&s), 0, "{}", stderr(&s));
                        break;
                    }
                }
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(seen >= 100, "the ingest committed nothing in time");
    let pid = child.id().to_string();
    let killed = Command::new("kill").args(["-9", &pid]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(!status.success(), "killed before the end");

    let store = SqliteStore::open(&db, OpenMode::Read).unwrap();
    let stats = store.stats().unwrap();
    assert!(stats.documents > 0 && (stats.documents as usize) < n, "{} documents after the kill", stats.documents);
    assert_eq!(stats.documents % 50, 0, "only whole batches are committed: {}", stats.documents);
    assert_eq!(store.verify().unwrap(), Vec::<String>::new());
    drop(store);

    let out = sitrep(&["ingest", "corpus.jsonl", "--db", "k.db", "--batch", "50", "--json"], d);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let s = summary(&out);
    assert_eq!(s["added"].as_u64().unwrap() + s["duplicates"].as_u64().unwrap(), n as u64, "{s}");
    let store = SqliteStore::open(&db, OpenMode::Read).unwrap();
    assert_eq!(store.stats().unwrap().documents as usize, n);
    assert!(store.verify().unwrap().is_empty());
}

#[test]
fn the_synthetic_query_benchmark_runs_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = sitrep(&["bench-store", "--events", "3000", "--rounds", "3"], dir.path());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("SYNTHETIC BENCHMARK"), "{text}");
    for needle in ["p50 ms", "p95 ms", "--actor CCC", "--since D --until D+30", "worst p95"] {
        assert!(text.contains(needle), "{needle}:\n{text}");
    }
    // A real store is never used for the benchmark.
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    assert_eq!(code(&sitrep(&["ingest", "a.txt", "--db", "real.db"], dir.path())), 0);
    let out = sitrep(&["bench-store", "--events", "10", "--db", "real.db"], dir.path());
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("not a synthetic benchmark store"));
}
