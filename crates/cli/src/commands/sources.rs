//! What `sitrep ingest` reads: files, directories (recursively), stdin, RSS/Atom/JSON
//! feeds (files or URLs), OPML lists of feeds, and web pages by URL.
//!
//! Every input becomes documents or one-line errors that name the input. Feed items
//! become documents with the item's title, link (URL), publication date and the feed's
//! title as outlet; their text is the item's content (or summary), reduced from HTML to
//! text. With `--follow-links` the linked page is fetched and its main text used instead.

use std::path::Path;
use std::time::Duration;

use sitrep_ingest::{html_main_text, parse_bytes, read_input, DocResult, ErrorKind, Format, InputError, Limits};
use sitrep_model::Document;

/// How inputs are read.
pub struct SourceOptions {
    pub format: Format,
    pub limits: Limits,
    pub follow_links: bool,
    pub timeout: Duration,
}

/// One input's outcome: documents and errors, and how many files were passed over.
#[derive(Default)]
pub struct Expanded {
    pub docs: Vec<DocResult>,
    /// Files of other types found in directories.
    pub ignored: usize,
}

/// Extensions read when walking a directory.
const DIR_EXTENSIONS: &[&str] =
    &["txt", "text", "md", "markdown", "html", "htm", "xhtml", "json", "jsonl", "ndjson", "rss", "atom", "xml", "opml"];

/// What kind of bytes an input holds, beyond what the ingest crate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Feed,
    Opml,
    Other,
}

/// Recognises feeds and OPML by extension, then by their first element.
pub fn kind_of(name: &str, bytes: &[u8]) -> Kind {
    let lower = name.to_ascii_lowercase();
    let path = lower.split(['?', '#']).next().unwrap_or(&lower);
    if path.ends_with(".opml") {
        return Kind::Opml;
    }
    if path.ends_with(".rss") || path.ends_with(".atom") {
        return Kind::Feed;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('<') {
        if head.contains("<opml") {
            return Kind::Opml;
        }
        if head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf") {
            return Kind::Feed;
        }
    }
    if head.starts_with('{') && head.contains("jsonfeed.org/version") {
        return Kind::Feed;
    }
    Kind::Other
}

fn err(input: &str, kind: ErrorKind) -> DocResult {
    Err(InputError::new(input, kind))
}

fn other(input: &str, msg: String) -> DocResult {
    err(input, ErrorKind::Io(std::io::Error::other(msg)))
}

/// Reads one command-line input.
pub fn expand(input: &str, opts: &SourceOptions) -> Expanded {
    if is_url(input) {
        return Expanded { docs: fetch_input(input, opts, 0), ignored: 0 };
    }
    let path = Path::new(input);
    if input != "-" && path.is_dir() {
        let mut out = Expanded::default();
        let mut files = Vec::new();
        walk(path, &mut files, &mut out.ignored);
        files.sort();
        for f in files {
            out.docs.extend(read_file(&f.to_string_lossy(), opts, 0));
        }
        return out;
    }
    Expanded { docs: read_file(input, opts, 0), ignored: 0 }
}

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>, ignored: &mut usize) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            walk(&p, files, ignored);
        } else {
            let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
            if DIR_EXTENSIONS.contains(&ext.as_str()) {
                files.push(p);
            } else {
                *ignored += 1;
            }
        }
    }
}

pub fn is_url(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://")
}

/// A file (or `-`): feeds and OPML here, everything else through the ingest crate.
fn read_file(name: &str, opts: &SourceOptions, depth: usize) -> Vec<DocResult> {
    let lower = name.to_ascii_lowercase();
    // JSON may be a JSON Feed; XML and unknown extensions may be RSS, Atom or OPML.
    let feedish = [".rss", ".atom", ".xml", ".opml", ".json"].iter().any(|e| lower.ends_with(e));
    if name == "-" || feedish || Format::from_extension(name).is_none() {
        // Look at the bytes first: they may be a feed or an OPML list.
        let bytes = if name == "-" {
            let mut b = Vec::new();
            if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut b) {
                return vec![err("<stdin>", ErrorKind::Io(e))];
            }
            b
        } else {
            match std::fs::metadata(name) {
                Ok(m) if m.len() > opts.limits.max_file_bytes => {
                    return read_input(name, opts.format, &opts.limits);
                }
                Err(e) => return vec![err(name, ErrorKind::Io(e))],
                _ => {}
            }
            match std::fs::read(name) {
                Ok(b) => b,
                Err(e) => return vec![err(name, ErrorKind::Io(e))],
            }
        };
        let label = if name == "-" { "<stdin>" } else { name };
        return parse_any(label, &bytes, opts, depth, None);
    }
    read_input(name, opts.format, &opts.limits)
}

/// Bytes from a file or URL: feed, OPML or a document format.
fn parse_any(
    name: &str,
    bytes: &[u8],
    opts: &SourceOptions,
    depth: usize,
    content_type: Option<&str>,
) -> Vec<DocResult> {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let kind = if ct.contains("opml") {
        Kind::Opml
    } else if ct.contains("rss") || ct.contains("atom") || ct.contains("feed+json") {
        Kind::Feed
    } else {
        kind_of(name, bytes)
    };
    match kind {
        Kind::Feed => read_feed(name, bytes, opts),
        Kind::Opml => read_opml(name, bytes, opts, depth),
        Kind::Other => {
            let format = if opts.format == Format::Auto && ct.contains("html") { Format::Html } else { opts.format };
            let format = if format == Format::Auto && name.to_ascii_lowercase().ends_with(".xml") {
                Format::Text
            } else {
                format
            };
            parse_bytes(name, bytes, format, &opts.limits)
        }
    }
}

/// Plain text of an HTML fragment (a feed item's content): the main text when the
/// extractor finds one, else the text between the tags.
pub fn html_fragment_text(html: &str) -> String {
    if !html.contains('<') {
        return decode_entities(html.trim());
    }
    if let Ok(a) = html_main_text(&format!("<html><body><article>{html}</article></body></html>")) {
        if !a.text.trim().is_empty() {
            return a.text;
        }
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(&out.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn decode_entities(s: &str) -> String {
    s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The items of an RSS, Atom or JSON feed.
pub fn read_feed(name: &str, bytes: &[u8], opts: &SourceOptions) -> Vec<DocResult> {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => return vec![other(name, format!("not a readable feed: {e}"))],
    };
    let outlet = feed.title.as_ref().map(|t| html_fragment_text(&t.content)).filter(|t| !t.is_empty());
    if feed.entries.is_empty() {
        return vec![err(name, ErrorKind::Empty)];
    }
    let mut out = Vec::with_capacity(feed.entries.len());
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let line = i + 1;
        let link = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(entry.links.first())
            .map(|l| l.href.clone())
            .or_else(|| is_url(&entry.id).then(|| entry.id.clone()));
        let title = entry.title.as_ref().map(|t| html_fragment_text(&t.content)).filter(|t| !t.is_empty());
        let mut text = entry
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .map(html_fragment_text)
            .filter(|t| !t.trim().is_empty())
            .or_else(|| entry.summary.as_ref().map(|s| html_fragment_text(&s.content)))
            .unwrap_or_default();
        if opts.follow_links {
            if let Some(url) = &link {
                if let Ok((bytes, _)) = fetch(url, opts) {
                    if let Ok(a) = html_main_text(&String::from_utf8_lossy(&bytes)) {
                        if a.text.len() > text.len() {
                            text = a.text;
                        }
                    }
                }
            }
        }
        if text.trim().is_empty() {
            out.push(Err(InputError::at_line(name, line, ErrorKind::NoArticleText)));
            continue;
        }
        if text.len() > opts.limits.max_document_bytes {
            let kind =
                ErrorKind::DocumentTooLarge { size: text.len() as u64, limit: opts.limits.max_document_bytes as u64 };
            out.push(Err(InputError::at_line(name, line, kind)));
            continue;
        }
        out.push(Ok(Document {
            id: String::new(),
            title,
            url: link,
            source: outlet.clone(),
            published: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
            text,
        }));
    }
    out
}

/// The feeds listed in an OPML file, each fetched (URLs) or read (paths next to it).
pub fn read_opml(name: &str, bytes: &[u8], opts: &SourceOptions, depth: usize) -> Vec<DocResult> {
    let text = String::from_utf8_lossy(bytes);
    let doc = match roxmltree::Document::parse(&text) {
        Ok(d) => d,
        Err(e) => return vec![other(name, format!("not a readable OPML file: {e}"))],
    };
    let feeds: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("outline"))
        .filter_map(|n| n.attribute("xmlUrl").or_else(|| n.attribute("xmlurl")).map(str::to_string))
        .collect();
    if feeds.is_empty() {
        return vec![other(name, "OPML file lists no feeds (no outline with xmlUrl)".into())];
    }
    if depth > 2 {
        return vec![other(name, "OPML lists nested too deep".into())];
    }
    let base = Path::new(name).parent().map(Path::to_path_buf).unwrap_or_default();
    let mut out = Vec::new();
    for f in feeds {
        if is_url(&f) {
            out.extend(fetch_input(&f, opts, depth + 1));
        } else {
            let p = if Path::new(&f).is_absolute() { f.clone() } else { base.join(&f).to_string_lossy().into_owned() };
            out.extend(read_file(&p, opts, depth + 1));
        }
    }
    out
}

/// Fetches a URL: its body and Content-Type.
pub fn fetch(url: &str, opts: &SourceOptions) -> Result<(Vec<u8>, String), String> {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .user_agent(concat!("sitrep/", env!("CARGO_PKG_VERSION")))
        .build();
    let agent: ureq::Agent = config.into();
    let mut resp = agent.get(url).call().map_err(|e| e.to_string())?;
    let ct = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let body =
        resp.body_mut().with_config().limit(opts.limits.max_file_bytes).read_to_vec().map_err(|e| e.to_string())?;
    Ok((body, ct))
}

fn fetch_input(url: &str, opts: &SourceOptions, depth: usize) -> Vec<DocResult> {
    match fetch(url, opts) {
        Ok((bytes, ct)) => {
            let mut docs = parse_any(url, &bytes, opts, depth, Some(&ct));
            // A page fetched by URL is known by that URL.
            for d in docs.iter_mut().flatten() {
                if d.url.is_none() {
                    d.url = Some(url.to_string());
                }
            }
            docs
        }
        Err(e) => vec![other(url, format!("cannot fetch: {e}"))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> SourceOptions {
        SourceOptions {
            format: Format::Auto,
            limits: Limits::default(),
            follow_links: false,
            timeout: Duration::from_secs(5),
        }
    }

    #[test]
    fn kinds() {
        assert_eq!(kind_of("a.opml", b""), Kind::Opml);
        assert_eq!(kind_of("x", b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"), Kind::Feed);
        assert_eq!(kind_of("x", b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"), Kind::Feed);
        assert_eq!(kind_of("x", b"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}"), Kind::Feed);
        assert_eq!(kind_of("x", b"<html><body>hi</body></html>"), Kind::Other);
    }

    #[test]
    fn rss_items_become_documents() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
            <item><title>Talks resume</title><link>https://example.org/a</link>
              <pubDate>Tue, 22 Oct 2024 08:00:00 GMT</pubDate>
              <description>&lt;p&gt;Envoys met in &lt;b&gt;Geneva&lt;/b&gt; on Monday.&lt;/p&gt;</description></item>
            <item><title>Empty</title><link>https://example.org/b</link><description></description></item>
            </channel></rss>"#;
        let docs = read_feed("wire.rss", rss, &opts());
        assert_eq!(docs.len(), 2);
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.title.as_deref(), Some("Talks resume"));
        assert_eq!(d.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(d.source.as_deref(), Some("Example Wire"));
        assert!(d.published.as_deref().unwrap().starts_with("2024-10-22T08:00:00"));
        assert_eq!(d.text.trim(), "Envoys met in Geneva on Monday.");
        assert_eq!(docs[1].as_ref().unwrap_err().to_string(), "wire.rss:2: no article text found");
    }

    #[test]
    fn broken_feeds_and_opml_are_one_line_errors() {
        let e = read_feed("bad.rss", b"<rss><channel><item>", &opts());
        let msg = e[0].as_ref().unwrap_err().to_string();
        assert!(msg.starts_with("bad.rss: cannot read: not a readable feed"), "{msg}");
        assert!(!msg.contains('\n'));
        let e = read_opml("list.opml", b"<opml><body></body></opml>", &opts(), 0);
        assert!(e[0].as_ref().unwrap_err().to_string().contains("lists no feeds"));
    }

    #[test]
    fn json_feeds_are_feeds() {
        let feed = br#"{"version": "https://jsonfeed.org/version/1.1", "title": "JSON Wire",
            "items": [{"id": "1", "url": "https://json.example/1", "title": "Truce",
                       "content_text": "A truce began in Sudan on Saturday.", "date_published": "2024-10-19T10:00:00Z"}]}"#;
        assert_eq!(kind_of("feed.json", feed), Kind::Feed);
        let docs = read_feed("feed.json", feed, &opts());
        let d = docs[0].as_ref().unwrap();
        assert_eq!((d.source.as_deref(), d.url.as_deref()), (Some("JSON Wire"), Some("https://json.example/1")));
        assert_eq!(d.text.trim(), "A truce began in Sudan on Saturday.");
    }

    #[test]
    fn html_fragments() {
        assert_eq!(html_fragment_text("Plain &amp; simple"), "Plain & simple");
        assert!(html_fragment_text("<p>One <i>two</i></p>").contains("One two"));
    }
}
