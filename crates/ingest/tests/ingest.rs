//! End-to-end tests of the readers through the public API, on files written to a
//! temporary directory.

use std::path::PathBuf;
use std::time::Instant;

use sitrep_ingest::{
    parse_bytes, read_input, BinaryReason, DocResult, Document, ErrorKind, Format, InputError, Limits,
};

const NEWS_PAGE: &str = include_str!("data/news_page.html");

/// A temporary directory that holds the test's files.
struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Self {
        Dir(tempfile::tempdir().expect("temp dir"))
    }

    /// Writes `bytes` to `name` and returns the path as a string.
    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let path: PathBuf = self.0.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        path.to_str().expect("utf-8 path").to_string()
    }
}

fn read(path: &str) -> Vec<DocResult> {
    read_input(path, Format::Auto, &Limits::default())
}

fn only_doc(results: Vec<DocResult>) -> Document {
    assert_eq!(results.len(), 1, "{results:?}");
    results.into_iter().next().unwrap().unwrap()
}

fn only_err(results: Vec<DocResult>) -> InputError {
    assert_eq!(results.len(), 1, "{results:?}");
    results.into_iter().next().unwrap().unwrap_err()
}

// ---------------------------------------------------------------- formats

#[test]
fn text_keeps_content_but_normalises_line_endings_and_bom() {
    let dir = Dir::new();
    let path = dir.file("wire.txt", "\u{feff}KYIV (Wire) - Talks opened.\r\n\r\n  Second  para.\r\n");
    let doc = only_doc(read(&path));
    assert_eq!(doc.text, "KYIV (Wire) - Talks opened.\n\n  Second  para.\n");
    assert_eq!(doc.title, None, "the first line is not a title");
    assert_eq!(doc.id, "");
    // No extension, no markup: sniffed as text.
    let path = dir.file("NOTES", "Plain words, no markup.");
    assert_eq!(only_doc(read(&path)).text, "Plain words, no markup.");
}

#[test]
fn markdown_is_stripped_to_text_with_the_heading_as_title() {
    let dir = Dir::new();
    let md = "# Troops withdraw from *the* ridge\n\n\
              The [defence ministry](https://example.org/mod) said **on Monday** that\n\
              units had pulled back. ![map](map.png)\n\n\
              <!-- editor: check figures -->\n\
              - 1,200 soldiers\n\
              - 40 vehicles\n\n\
              ```\nQuoted cable text\n```\n";
    let path = dir.file("brief.md", md);
    let doc = only_doc(read(&path));
    assert_eq!(doc.title.as_deref(), Some("Troops withdraw from the ridge"));
    assert_eq!(
        doc.text,
        "Troops withdraw from the ridge\n\n\
         The defence ministry said on Monday that\nunits had pulled back.\n\n\
         1,200 soldiers\n40 vehicles\n\nQuoted cable text"
    );
    // Forced format on a .txt file.
    let path = dir.file("brief.txt", md);
    let doc = only_doc(read_input(&path, Format::Markdown, &Limits::default()));
    assert_eq!(doc.title.as_deref(), Some("Troops withdraw from the ridge"));
}

#[test]
fn news_page_keeps_the_story_and_drops_boilerplate() {
    let dir = Dir::new();
    let path = dir.file("story.html", NEWS_PAGE);
    let doc = only_doc(read(&path));
    assert_eq!(doc.title.as_deref(), Some("Envoys agree to resume border talks next month"));
    assert_eq!(doc.source.as_deref(), Some("The Meridian Ledger"));
    assert_eq!(doc.published.as_deref(), Some("2024-03-14T09:30:00Z"));
    assert_eq!(doc.url.as_deref(), Some("https://ledger.example.com/world/2024/03/14/border-talks"));
    let text = &doc.text;
    for kept in [
        "GENEVA, March 14 \u{2013} Envoys from the two neighbouring states agreed on Thursday",
        "A joint statement said both delegations would return to Geneva on April 11",
        "\u{201c}We are not there yet, but the tone has changed,\u{201d} one of the mediators",
        "At least 40 soldiers have been killed on both sides since January",
        "warned that any violation of the current truce would end the process.",
    ] {
        assert!(text.contains(kept), "missing {kept:?} in:\n{text}");
    }
    for dropped in [
        "cookies",
        "Accept all",
        "Politics",
        "Subscribe",
        "Breaking: Markets",
        "Advertisement",
        "Related stories",
        "How the border dispute began",
        "Share on social media",
        "morning briefing",
        "All rights reserved",
        "Privacy policy",
        "dataLayer",
        "position:fixed",
    ] {
        assert!(!text.contains(dropped), "kept {dropped:?} in:\n{text}");
    }
    // Paragraphs are separated by blank lines, each one a single line.
    assert!(text.starts_with("GENEVA"), "{text}");
    assert!(text.split("\n\n").count() >= 5, "{text}");
    assert!(text.split("\n\n").all(|p| !p.contains('\n') && p.trim() == p), "{text}");
}

#[test]
fn html_is_sniffed_without_an_extension_and_from_stdin_names() {
    let page = b"<!doctype html><html><body><p>Shelling resumed near the port overnight.</p></body></html>";
    for name in ["<stdin>", "page", "page.dat"] {
        let doc = only_doc(parse_bytes(name, page, Format::Auto, &Limits::default()));
        assert_eq!(doc.text, "Shelling resumed near the port overnight.");
    }
}

#[test]
fn broken_html_does_not_panic() {
    let dir = Dir::new();
    let path = dir.file(
        "broken.html",
        "<html><body><div><p>Rebels took the <b>airport<p>Officials <i>denied <span>it</div>\
         <table><tr><td>stray cell</p></li></body></br></html></x",
    );
    let doc = only_doc(read(&path));
    assert!(doc.text.contains("Rebels took the airport"), "{}", doc.text);
    assert!(doc.text.contains("Officials denied it"), "{}", doc.text);
    for junk in ["<<<>>>", "<html<body<p", "</p></p></div>", "<p", "<!--", "<![CDATA[", "\u{0}"] {
        let _ = parse_bytes("junk.html", junk.as_bytes(), Format::Html, &Limits::default());
    }
}

#[test]
fn json_object_and_array_with_field_fallbacks() {
    let dir = Dir::new();
    let path = dir.file(
        "one.json",
        r#"{"id": "afp-1", "title": "Vote delayed", "url": "https://example.org/v",
            "published": "2024-06-01", "source": "AFP", "text": "Parliament delayed the vote."}"#,
    );
    let doc = only_doc(read(&path));
    assert_eq!(
        doc,
        Document {
            id: "afp-1".into(),
            title: Some("Vote delayed".into()),
            url: Some("https://example.org/v".into()),
            source: Some("AFP".into()),
            published: Some("2024-06-01".into()),
            text: "Parliament delayed the vote.".into(),
        }
    );
    let path = dir.file(
        "many.json",
        r#"[
  {"body": "From body.", "date": "2024-01-02"},
  {"content": "From content.", "id": 42},
  {"text": "<html><body><nav>Menu</nav><article><p>Embedded page text.</p></article></body></html>",
   "title": "Record title"}
]"#,
    );
    let docs: Vec<Document> = read(&path).into_iter().map(Result::unwrap).collect();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0].text, "From body.");
    assert_eq!(docs[0].published.as_deref(), Some("2024-01-02"));
    assert_eq!(docs[1].text, "From content.");
    assert_eq!(docs[1].id, "42");
    assert_eq!(docs[2].text, "Embedded page text.");
    assert_eq!(docs[2].title.as_deref(), Some("Record title"));
}

#[test]
fn jsonl_reads_each_line_independently() {
    let dir = Dir::new();
    let path = dir.file(
        "feed.jsonl",
        "{\"text\": \"First.\", \"title\": \"One\"}\r\n\
         \n\
         {\"text\": \"Second.\"}\n\
         {\"text\": \"Third\", oops}\n\
         not json at all\n\
         {\"title\": \"no text\"}\n\
         [1, 2]\n\
         {\"text\": \"Last.\"}",
    );
    let results = read(&path);
    assert_eq!(results.len(), 7);
    assert_eq!(results[0].as_ref().unwrap().title.as_deref(), Some("One"));
    assert_eq!(results[1].as_ref().unwrap().text, "Second.");
    assert_eq!(results[6].as_ref().unwrap().text, "Last.");
    let errors: Vec<String> = results[2..6].iter().map(|r| r.as_ref().unwrap_err().to_string()).collect();
    assert_eq!(errors[0], format!("{path}:4: malformed JSON: key must be a string at column 19"));
    assert_eq!(errors[1], format!("{path}:5: malformed JSON: expected ident at column 2"));
    assert_eq!(errors[2], format!("{path}:6: record has no \"text\" field"));
    assert_eq!(errors[3], format!("{path}:7: record is not a JSON object (found an array)"));
    assert_eq!(results[2].as_ref().unwrap_err().line, Some(4));
}

#[test]
fn jsonl_is_sniffed_from_content() {
    let feed = b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n";
    let results = parse_bytes("<stdin>", feed, Format::Auto, &Limits::default());
    assert_eq!(results.len(), 2);
    let single = b"[{\"text\": \"a\"}, {\"text\": \"b\"}, {\"text\": \"c\"}]";
    assert_eq!(parse_bytes("<stdin>", single, Format::Auto, &Limits::default()).len(), 3);
}

// ---------------------------------------------------------------- bad inputs

#[test]
fn empty_and_whitespace_only_files() {
    let dir = Dir::new();
    for (name, content) in [("empty.txt", ""), ("blank.md", " \n\t\r\n"), ("e.jsonl", "\n\n"), ("e.json", "[]")] {
        let path = dir.file(name, content);
        let err = only_err(read(&path));
        assert!(matches!(err.kind, ErrorKind::Empty), "{err}");
        assert_eq!(err.to_string(), format!("{path}: empty document"));
    }
    let err = only_err(parse_bytes("r.jsonl", b"{\"text\": \"  \"}", Format::Auto, &Limits::default()));
    assert_eq!(err.to_string(), "r.jsonl:1: empty document");
}

#[test]
fn binary_files_are_refused() {
    let dir = Dir::new();
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend_from_slice(&[0, 1, 2, 3, 0xff, 0xd8]);
    let path = dir.file("notes.bin", &bytes);
    let err = only_err(read(&path));
    assert!(matches!(err.kind, ErrorKind::Binary(BinaryReason::NulBytes)));
    assert_eq!(err.to_string(), format!("{path}: binary file (NUL bytes), not a text document"));
    let path = dir.file("ctl.txt", [0x01u8, 0x02, 0x03, 0x04, b'a', b'b']);
    let err = only_err(read(&path));
    assert_eq!(err.to_string(), format!("{path}: binary file (control characters), not a text document"));
}

#[test]
fn invalid_utf8_names_the_first_bad_byte() {
    let dir = Dir::new();
    let mut bytes = b"Caf".to_vec();
    bytes.extend_from_slice(&[0xe9]); // Latin-1 e-acute
    bytes.extend_from_slice(b" in Paris");
    let path = dir.file("latin1.txt", &bytes);
    let err = only_err(read(&path));
    assert!(matches!(err.kind, ErrorKind::InvalidUtf8 { offset: 3 }));
    assert_eq!(err.to_string(), format!("{path}: not valid UTF-8 (first bad byte at offset 3)"));
    // Also in a JSON Lines file: one error for the whole file.
    let mut feed = b"{\"text\": \"ok\"}\n{\"text\": \"".to_vec();
    feed.extend_from_slice(&[0xc3, 0x28, b'"', b'}']);
    let path = dir.file("feed.jsonl", &feed);
    let err = only_err(read(&path));
    assert_eq!(err.to_string(), format!("{path}: not valid UTF-8 (first bad byte at offset 25)"));
}

#[test]
fn documents_over_the_limit_are_refused() {
    let dir = Dir::new();
    let small = Limits { max_document_bytes: 1000, ..Limits::default() };
    let path = dir.file("big.txt", "x".repeat(2000));
    let err = only_err(read_input(&path, Format::Auto, &small));
    assert!(matches!(err.kind, ErrorKind::DocumentTooLarge { size: 2000, limit: 1000 }));
    assert_eq!(
        err.to_string(),
        format!("{path}: document of 2000 bytes exceeds the 1000-byte limit (--max-doc-bytes)")
    );
    // Unknown extension: read, sniffed, then refused.
    let path = dir.file("big.dat", "y".repeat(2000));
    let err = only_err(read_input(&path, Format::Auto, &small));
    assert!(matches!(err.kind, ErrorKind::DocumentTooLarge { size: 2000, .. }), "{err}");
    // JSON Lines: the limit is per record.
    let long = format!("{{\"text\": \"{}\"}}", "z".repeat(1500));
    let path = dir.file("feed.jsonl", format!("{{\"text\": \"short\"}}\n{long}\n{{\"text\": \"ok\"}}\n"));
    let results = read_input(&path, Format::Auto, &small);
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[2].is_ok());
    assert_eq!(
        results[1].as_ref().unwrap_err().to_string(),
        format!("{path}:2: document of 1512 bytes exceeds the 1000-byte limit (--max-doc-bytes)")
    );
    // And the file limit applies to the whole file.
    let tiny_file = Limits { max_document_bytes: 1000, max_file_bytes: 100 };
    let err = only_err(read_input(&path, Format::Auto, &tiny_file));
    assert!(matches!(err.kind, ErrorKind::FileTooLarge { limit: 100, .. }), "{err}");
    assert!(err.to_string().ends_with("exceeds the 100-byte limit (--max-file-bytes)"), "{err}");
}

#[test]
fn missing_files_and_directories() {
    let dir = Dir::new();
    let path = dir.0.path().join("missing.txt").to_str().unwrap().to_string();
    let err = only_err(read(&path));
    assert!(matches!(err.kind, ErrorKind::Io(_)));
    assert_eq!(err.to_string(), format!("{path}: cannot read: No such file or directory"));
    let path = dir.0.path().to_str().unwrap().to_string();
    let err = only_err(read(&path));
    assert_eq!(err.to_string(), format!("{path}: cannot read: Is a directory"));
}

#[test]
fn json_records_without_text() {
    let dir = Dir::new();
    let path = dir.file("rec.json", r#"{"title": "Headline only", "url": "https://example.org"}"#);
    let err = only_err(read(&path));
    assert!(matches!(err.kind, ErrorKind::MissingText));
    assert_eq!(err.to_string(), format!("{path}: record has no \"text\" field"));
    let path = dir.file("rec.jsonl", "{\"text\": \"a\"}\n{\"text\": \"b\"}\n{\"headline\": \"c\"}\n");
    let results = read(&path);
    assert_eq!(results[2].as_ref().unwrap_err().to_string(), format!("{path}:3: record has no \"text\" field"));
    let path = dir.file("bad.json", "{\"text\": \"unterminated");
    let err = only_err(read(&path));
    assert_eq!(err.to_string(), format!("{path}: malformed JSON: EOF while parsing a string at line 1 column 22"));
}

#[test]
fn html_without_text() {
    let dir = Dir::new();
    let path = dir.file(
        "page.html",
        "<html><head><title>Home</title><script>track()</script></head>\
         <body><nav><a href='/'>Home</a><a href='/world'>World</a></nav>\
         <footer>Contact us</footer></body></html>",
    );
    let err = only_err(read(&path));
    assert!(matches!(err.kind, ErrorKind::NoArticleText));
    assert_eq!(err.to_string(), format!("{path}: no article text found"));
    let err = only_err(parse_bytes(
        "x.jsonl",
        b"{\"text\": \"<div><script>x()</script></div>\"}",
        Format::Auto,
        &Limits::default(),
    ));
    assert_eq!(err.to_string(), "x.jsonl:1: no article text found");
}

// ---------------------------------------------------------------- real corpora

/// Reads the shared Reuters-21578 and BBC News corpora; run with
/// `cargo test -p sitrep-ingest -- --ignored --nocapture`.
#[test]
#[ignore = "needs /work/shared/data"]
fn real_corpora_read_fast_and_completely() {
    for (path, expected) in [
        ("/work/shared/data/reuters21578/reuters21578_body.jsonl", 19_043),
        ("/work/shared/data/bbc_news/bbc_news.jsonl", 2_225),
    ] {
        if !std::path::Path::new(path).exists() {
            eprintln!("skipping {path}: not found");
            continue;
        }
        let start = Instant::now();
        let results = read(path);
        let elapsed = start.elapsed();
        let docs: Vec<&Document> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
        let errors: Vec<String> = results.iter().filter_map(|r| r.as_ref().err()).map(ToString::to_string).collect();
        eprintln!("{path}: {} documents, {} errors, {elapsed:?}", docs.len(), errors.len());
        assert!(errors.is_empty(), "{:?}", &errors[..errors.len().min(5)]);
        assert_eq!(docs.len(), expected);
        assert!(docs.iter().all(|d| !d.text.trim().is_empty() && d.title.is_some() && !d.id.is_empty()));
        assert!(elapsed.as_secs_f64() < 5.0, "too slow: {elapsed:?}");
    }
}

#[test]
fn json_and_jsonl_extensions_defer_to_the_content() {
    let dir = Dir::new();
    // JSON Lines saved as .json, and a pretty-printed array saved as .jsonl.
    let path = dir.file("feed.json", "{\"text\": \"a\"}\n{\"text\": \"b\"}\n");
    assert_eq!(read(&path).len(), 2);
    let path = dir.file("array.jsonl", "[\n  {\"text\": \"a\"},\n  {\"text\": \"b\"}\n]\n");
    let results = read(&path);
    assert_eq!(results.len(), 2);
    assert!(results.iter().all(Result::is_ok));
    // A forced format is not second-guessed.
    let results = read_input(&path, Format::Jsonl, &Limits::default());
    let oks: Vec<bool> = results.iter().map(Result::is_ok).collect();
    assert_eq!(oks, [false, false, true, false]);
}
