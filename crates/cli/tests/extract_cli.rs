//! `sitrep extract` as a user runs it: exit codes, stdout records, one-line errors on stderr.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn sitrep(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep")).args(args).current_dir(dir).output().expect("run sitrep")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn records(out: &Output) -> Vec<serde_json::Value> {
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).expect("stdout is a JSON array")
}

const GOOD: &str = "Sudan's army said on Monday that more than 150 civilians had fled El Fasher.";

#[test]
fn a_text_file_becomes_one_record_with_the_given_metadata() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", GOOD.as_bytes());
    let out = sitrep(
        &["extract", "a.txt", "--published", "2024-06-18", "--source", "Example Wire", "--title", "T"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    let r = &recs[0];
    assert_eq!(r["published"], "2024-06-18");
    assert_eq!(r["source"], "Example Wire");
    assert_eq!(r["title"], "T");
    assert_eq!(r["id"].as_str().unwrap().len(), 64, "content hash id");
    assert_eq!(r["times"][0]["value"], "2024-06-17");
    assert_eq!(r["quantities"][0]["value"], 150);
    assert_eq!(r["quantities"][0]["approx"], "at_least");
    assert!(r["entities"].as_array().unwrap().iter().any(|e| e["code"] == "SDNMIL"));
}

#[test]
fn jsonl_output_has_one_object_per_line_and_stdin_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["extract", "-", "--format", "jsonl", "--published", "2024-01-01"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .current_dir(dir.path())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(GOOD.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert!(v["text"].as_str().unwrap().starts_with("Sudan's army"));
}

#[test]
fn json_lines_records_carry_their_own_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let line = serde_json::json!({"text": GOOD, "title": "Fled", "url": "https://example.org/a", "published": "2024-06-18", "source": "Wire"});
    write(dir.path(), "in.jsonl", format!("{line}\n{line}\n").as_bytes());
    let out = sitrep(&["extract", "in.jsonl", "--published", "2000-01-01"], dir.path());
    assert!(out.status.success());
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["url"], "https://example.org/a");
    assert_eq!(recs[0]["published"], "2024-06-18", "the record's date wins over --published");
}

#[test]
fn html_pages_keep_the_article_and_drop_the_chrome() {
    let dir = tempfile::tempdir().unwrap();
    let page = format!(
        "<html><head><title>Fled</title></head><body><nav><a href='/'>Home</a> <a href='/world'>World news menu</a></nav>\
         <article><h1>Civilians flee</h1><p>{GOOD}</p><p>Aid groups said the roads were unsafe and that food was running out in the camps.</p></article>\
         <footer>Copyright Example Media. All rights reserved. Cookie settings.</footer></body></html>"
    );
    write(dir.path(), "page.html", page.as_bytes());
    let out = sitrep(&["extract", "page.html", "--published", "2024-06-18"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = records(&out)[0]["text"].as_str().unwrap().to_string();
    assert!(text.contains("El Fasher"), "{text}");
    assert!(!text.contains("Copyright") && !text.contains("World news menu"), "{text}");
}

/// Every bad input gets one line on stderr naming it; the good documents around them
/// are still extracted, and the run exits 2.
#[test]
fn a_batch_goes_on_past_bad_inputs_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.txt", GOOD.as_bytes());
    write(dir.path(), "empty.txt", b"");
    write(dir.path(), "binary.bin", &[0x7f, b'E', b'L', b'F', 0, 0, 1, 2, 3, 0, 0, 0]);
    write(dir.path(), "latin1.txt", b"Caf\xe9 in Bamako was shelled.");
    let big = vec![b'a'; 50 * 1024 * 1024];
    write(dir.path(), "huge.txt", &big);
    let good_line = serde_json::json!({"text": GOOD}).to_string();
    write(dir.path(), "mixed.jsonl", format!("{good_line}\n{{\"text\": \"unterminated\n{good_line}\n").as_bytes());
    let out = sitrep(
        &["extract", "good.txt", "empty.txt", "binary.bin", "latin1.txt", "huge.txt", "mixed.jsonl", "missing.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    let errors: Vec<&str> = stderr.lines().filter(|l| !l.contains("document(s) extracted")).collect();
    assert_eq!(errors.len(), 6, "one line per bad input:\n{stderr}");
    for (name, words) in [
        ("empty.txt", "empty"),
        ("binary.bin", "binary"),
        ("latin1.txt", "UTF-8"),
        ("huge.txt", "exceeds"),
        ("mixed.jsonl:2", "JSON"),
        ("missing.txt", "No such file"),
    ] {
        assert!(
            errors.iter().any(|l| l.contains(name) && l.contains(words)),
            "no error for {name} ({words}):\n{stderr}"
        );
    }
    assert_eq!(records(&out).len(), 3, "good.txt and the two good JSON lines are extracted");
}

#[test]
fn a_bad_publication_date_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", GOOD.as_bytes());
    let out = sitrep(&["extract", "a.txt", "--published", "last Tuesday"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--published"));
}

#[test]
fn a_lexicon_folder_extends_the_built_in_lexicons() {
    let dir = tempfile::tempdir().unwrap();
    let lex = dir.path().join("lex");
    std::fs::create_dir(&lex).unwrap();
    write(&lex, "organizations.txt", b"UKRREB | Free Steppe Brigade | FSB-x | armed_group | UKR\n");
    write(dir.path(), "a.txt", b"The Free Steppe Brigade said it had crossed the river.");
    let out = sitrep(&["--lexicon", "lex", "extract", "a.txt", "-q"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let recs = records(&out);
    assert!(recs[0]["entities"].as_array().unwrap().iter().any(|e| e["code"] == "UKRREB"));

    write(&lex, "organizations.txt", b"UKRREB | Free Steppe Brigade | | not-a-type | UKR\n");
    let bad = sitrep(&["--lexicon", "lex", "extract", "a.txt"], dir.path());
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("organizations.txt:1"), "{err}");
}

/// PETRARCH users keep their dictionaries: actors (including countries sitrep does not
/// know), verbs and discards in PETRARCH's formats code events.
#[test]
fn petrarch_dictionaries_code_events() {
    let dir = tempfile::tempdir().unwrap();
    let dicts = dir.path().join("dicts");
    std::fs::create_dir(&dicts).unwrap();
    write(&dicts, "test.actors.txt", b"ARNOR [ARN]\nGONDOR [GON]\n");
    write(&dicts, "test.verbs.txt", b"--- BESIEGE [191] ---\nBESIEGE\n- * CITY [191]\n");
    write(&dicts, "test.discards.txt", b"+QUIDDITCH MATCH\n");
    write(dir.path(), "a.txt", b"Arnor besieged Gondor on Monday.");
    write(dir.path(), "b.txt", b"Arnor besieged Gondor after the quidditch match on Monday.");
    let out = sitrep(
        &["--dictionaries", "dicts", "extract", "a.txt", "b.txt", "--published", "2024-01-10", "-q"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let recs = records(&out);
    let event = &recs[0]["events"][0];
    assert_eq!(event["cameo"], "191", "{event}");
    assert_eq!(event["source"]["code"], "ARN");
    assert_eq!(event["target"]["code"], "GON");
    assert_eq!(recs[1]["events"].as_array().unwrap().len(), 0, "a story-level discard stops event coding");
}
