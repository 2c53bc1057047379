//! `sitrep serve` and `sitrep bench-serve` as a user runs them: the URL on stderr, a
//! graceful stop on SIGTERM, one-line errors, and a load test that refuses an empty store.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use sitrep_store::{OpenMode, SqliteStore};

fn sitrep(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep")).args(args).current_dir(dir).output().expect("run sitrep")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const ARTICLE: &str =
    "North Korea has deployed troops to Russia's Kursk region, South Korean intelligence said on Tuesday.";

fn small_store(dir: &Path) {
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    let o = sitrep(&["ingest", "--db", "s.db", "a.txt", "--published", "2024-10-22", "-q"], dir);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn serve_prints_its_url_answers_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    small_store(dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["serve", "--db", "s.db", "--bind", "127.0.0.1:0"])
        .current_dir(dir.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    assert!(line.contains("read-only"), "{line}");
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).expect("a URL").to_string();
    let addr = url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(b"GET /api/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"documents\":1"), "{answer}");
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    let mut rest = String::new();
    err.read_to_string(&mut rest).unwrap();
    assert!(status.success(), "{status:?}: {rest}");
    assert!(rest.contains("stopped"), "{rest}");
}

#[test]
fn serve_without_a_store_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = sitrep(&["serve", "--db", "missing.db", "--bind", "127.0.0.1:0"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("missing.db: no sitrep store here"), "{e}");
    assert_eq!(e.trim_end().lines().count(), 1, "{e}");
    assert!(!dir.path().join("missing.db").exists());
}

#[test]
fn bench_serve_refuses_an_empty_store_and_prints_figures_for_a_full_one() {
    let dir = tempfile::tempdir().unwrap();
    drop(SqliteStore::open(&dir.path().join("empty.db"), OpenMode::Create).unwrap());
    let o = sitrep(&["bench-serve", "--db", "empty.db", "--seconds", "1"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("the store is empty"), "{}", stderr(&o));

    small_store(dir.path());
    let o = sitrep(&["bench-serve", "--db", "s.db", "--clients", "4", "--seconds", "1", "-q"], dir.path());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}{}", stderr(&o));
    for endpoint in
        ["/api/events?type=", "/api/search?q=", "/api/timeline", "/api/graph", "/api/map", "/api/documents/{id}"]
    {
        let row = out.lines().find(|l| l.starts_with(endpoint)).unwrap_or_else(|| panic!("no {endpoint} row: {out}"));
        let errors: usize = row.split_whitespace().last().unwrap().parse().unwrap();
        assert_eq!(errors, 0, "{row}");
    }
    assert!(out.contains("requests/s overall"), "{out}");
}
