//! sitrep's input readers: turn files, stdin or in-memory bytes into [`Document`]s.
//!
//! **What.** One entry point per source of bytes — [`read_input`] for a path (or `-` for
//! stdin) and [`parse_bytes`] for bytes already in memory — that understands plain text,
//! Markdown, HTML pages (main article text only), JSON and JSON Lines records. Every
//! document comes back as its own `Result`, so one bad record in a feed does not sink the
//! others, and every [`InputError`] prints as a single line that names the input.
//!
//! **Why.** The extractor wants clean body text plus whatever metadata (title, date,
//! outlet, URL) the source carries; the readers are where formats, encodings, size limits
//! and boilerplate removal are dealt with, once, for the CLI and the HTTP server alike.
//!
//! **Example.**
//! ```
//! use sitrep_ingest::{parse_bytes, Format, Limits};
//!
//! let feed = b"{\"title\": \"Talks resume\", \"text\": \"Envoys met in Geneva.\"}\n\
//!              not json\n";
//! let docs = parse_bytes("feed.jsonl", feed, Format::Auto, &Limits::default());
//! assert_eq!(docs.len(), 2);
//! assert_eq!(docs[0].as_ref().unwrap().title.as_deref(), Some("Talks resume"));
//! let err = docs[1].as_ref().unwrap_err().to_string();
//! assert!(err.starts_with("feed.jsonl:2: malformed JSON: expected"), "{err}");
//! ```

mod html;
mod json;
mod markdown;

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::str::FromStr;

pub use html::{html_main_text, HtmlArticle, NoArticleText};
pub use sitrep_model::Document;

/// The default for [`Limits::max_document_bytes`]: 16 MiB.
pub const DEFAULT_MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;
/// The default for [`Limits::max_file_bytes`]: 4 GiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// How many leading bytes are inspected for binary content.
const SNIFF_BYTES: usize = 8 * 1024;

/// The format of an input.
///
/// **What:** which reader turns the bytes into documents. **Why:** the same bytes mean
/// different things as text, Markdown or HTML; [`Format::Auto`] guesses from the file
/// extension and, failing that, from the content.
///
/// **Example:**
/// ```
/// use sitrep_ingest::Format;
/// assert_eq!("jsonl".parse::<Format>().unwrap(), Format::Jsonl);
/// assert_eq!(Format::from_extension("page.HTM"), Some(Format::Html));
/// assert!("pdf".parse::<Format>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// Guess: by extension (`.txt`/`.text`, `.md`/`.markdown`, `.html`/`.htm`/`.xhtml`,
    /// `.json`, `.jsonl`/`.ndjson`), else by sniffing the content.
    #[default]
    Auto,
    /// Plain text, kept as is except for line endings and a UTF-8 BOM.
    Text,
    /// Markdown, stripped to plain text; the first `# heading` is the title.
    Markdown,
    /// An HTML page, reduced to its main article text.
    Html,
    /// One JSON object, or an array of objects, each a record with a `text` field.
    Json,
    /// JSON Lines: one record object per line.
    Jsonl,
}

impl Format {
    /// The format named by a path's extension (case-insensitive), if it is a known one.
    ///
    /// **Why:** [`Format::Auto`] trusts extensions before content. **Example:**
    /// `Format::from_extension("feed.ndjson") == Some(Format::Jsonl)`.
    pub fn from_extension(path: &str) -> Option<Format> {
        let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let (_, ext) = file.rsplit_once('.')?;
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            _ => None,
        }
    }

    /// The name of the format as accepted by [`str::parse`] (`"auto"`, `"text"`, ...).
    ///
    /// **Why:** for messages and `--help` text. **Example:** `Format::Html.as_str() == "html"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
        }
    }

    /// True for the formats that hold exactly one document per input.
    fn is_single_document(self) -> bool {
        matches!(self, Format::Text | Format::Markdown | Format::Html)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A format name that [`Format`]'s `FromStr` does not know.
///
/// **What/why:** the error of `"pdf".parse::<Format>()`, worded for a command line.
/// **Example:** its message is `unknown format "pdf" (expected auto, text, markdown, html,
/// json or jsonl)`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format \"{0}\" (expected auto, text, markdown, html, json or jsonl)")]
pub struct UnknownFormat(pub String);

/// Parses `auto`, `text`, `markdown`, `html`, `json`, `jsonl` (case-insensitive; the
/// aliases `txt`, `md`, `htm` and `ndjson` are accepted too).
impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Format::Auto),
            "text" | "txt" => Ok(Format::Text),
            "markdown" | "md" => Ok(Format::Markdown),
            "html" | "htm" => Ok(Format::Html),
            "json" => Ok(Format::Json),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            _ => Err(UnknownFormat(s.to_string())),
        }
    }
}

/// Size limits applied while reading.
///
/// **What:** `max_document_bytes` bounds one document (a whole text/Markdown/HTML file, or
/// one JSON / JSON Lines record); `max_file_bytes` bounds a whole input, which matters for
/// JSON Lines feeds that hold many documents. **Why:** a stray multi-gigabyte file must
/// fail fast with a clear message instead of exhausting memory.
///
/// **Example:**
/// ```
/// use sitrep_ingest::Limits;
/// let small = Limits { max_document_bytes: 1 << 20, ..Limits::default() };
/// assert_eq!(small.max_file_bytes, 4 << 30);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted document, in bytes (default [`DEFAULT_MAX_DOCUMENT_BYTES`], 16 MiB).
    pub max_document_bytes: usize,
    /// Largest accepted input file, in bytes (default [`DEFAULT_MAX_FILE_BYTES`], 4 GiB).
    pub max_file_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES, max_file_bytes: DEFAULT_MAX_FILE_BYTES }
    }
}

/// One input error, whose `Display` is a single line naming the input (and the line, for
/// records), e.g.
///
/// ```text
/// notes.bin: binary file (NUL bytes), not a text document
/// feed.jsonl:17: malformed JSON: expected value at column 1
/// missing.txt: cannot read: No such file or directory
/// big.txt: document of 52428800 bytes exceeds the 16777216-byte limit (--max-doc-bytes)
/// empty.txt: empty document
/// latin1.txt: not valid UTF-8 (first bad byte at offset 1234)
/// page.html: no article text found
/// rec.jsonl:3: record has no "text" field
/// ```
///
/// **Why:** a batch run over thousands of inputs reports failures one per line, so each
/// must say where it came from. **Example:**
/// ```
/// use sitrep_ingest::{parse_bytes, ErrorKind, Format, Limits};
/// let out = parse_bytes("empty.txt", b"  \n", Format::Auto, &Limits::default());
/// let err = out[0].as_ref().unwrap_err();
/// assert!(matches!(err.kind, ErrorKind::Empty));
/// assert_eq!(err.to_string(), "empty.txt: empty document");
/// ```
#[derive(Debug, thiserror::Error)]
#[error("{input}{}: {kind}", LineSuffix(*.line))]
pub struct InputError {
    /// The input as named by the caller (`<stdin>` for `-`).
    pub input: String,
    /// 1-based line number, for errors in one record of a JSON or JSON Lines input.
    pub line: Option<usize>,
    /// What went wrong.
    pub kind: ErrorKind,
}

impl InputError {
    /// An error about a whole input (no line number).
    ///
    /// **Why:** lets other readers (the HTTP server) report in the same format.
    /// **Example:** `InputError::new("a.txt", ErrorKind::Empty)` prints `a.txt: empty document`.
    pub fn new(input: impl Into<String>, kind: ErrorKind) -> Self {
        InputError { input: input.into(), line: None, kind }
    }

    /// An error about the record at 1-based `line` of an input.
    ///
    /// **Example:** `InputError::at_line("f.jsonl", 3, ErrorKind::MissingText)` prints
    /// `f.jsonl:3: record has no "text" field`.
    pub fn at_line(input: impl Into<String>, line: usize, kind: ErrorKind) -> Self {
        InputError { input: input.into(), line: Some(line), kind }
    }
}

/// Formats `:N` for a line number, nothing otherwise.
struct LineSuffix(Option<usize>);

impl fmt::Display for LineSuffix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(line) => write!(f, ":{line}"),
            None => Ok(()),
        }
    }
}

/// Why a file was taken for binary data.
///
/// **What/why:** shown in [`ErrorKind::Binary`] so the user knows what was seen.
/// **Example:** `BinaryReason::NulBytes` displays as `NUL bytes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryReason {
    /// A NUL byte in the first 8 KiB.
    NulBytes,
    /// More than a tenth of the first 8 KiB are control characters other than whitespace.
    ControlCharacters,
}

impl fmt::Display for BinaryReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BinaryReason::NulBytes => "NUL bytes",
            BinaryReason::ControlCharacters => "control characters",
        })
    }
}

/// What went wrong with an input; the message part of an [`InputError`].
///
/// **Why:** callers can branch on the kind (skip, retry, count) without parsing messages.
/// **Example:** `ErrorKind::InvalidUtf8 { offset: 1234 }` displays as
/// `not valid UTF-8 (first bad byte at offset 1234)`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be opened or read (missing, permissions, a directory...).
    #[error("cannot read: {}", io_message(.0))]
    Io(#[source] io::Error),
    /// The content is binary, not text.
    #[error("binary file ({0}), not a text document")]
    Binary(BinaryReason),
    /// The content starts with a UTF-16 byte-order mark.
    #[error("UTF-16 text, not UTF-8 (convert it, e.g. with iconv -f UTF-16 -t UTF-8)")]
    Utf16,
    /// The content is not valid UTF-8; `offset` is the byte offset of the first bad byte.
    #[error("not valid UTF-8 (first bad byte at offset {offset})")]
    InvalidUtf8 {
        /// Byte offset, from the start of the input, of the first byte that is not UTF-8.
        offset: usize,
    },
    /// Nothing but whitespace (or an empty JSON array).
    #[error("empty document")]
    Empty,
    /// One document (a single-document file or one record) is over
    /// [`Limits::max_document_bytes`].
    #[error("document of {size} bytes exceeds the {limit}-byte limit (--max-doc-bytes)")]
    DocumentTooLarge {
        /// The document's size in bytes.
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// The whole input is over [`Limits::max_file_bytes`].
    #[error("file of {size} bytes exceeds the {limit}-byte limit (--max-file-bytes)")]
    FileTooLarge {
        /// The input's size in bytes.
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// The JSON is not well formed; the message comes from the JSON parser.
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    /// A JSON record is an array, string, number... instead of an object.
    #[error("record is not a JSON object (found {0})")]
    NotAnObject(&'static str),
    /// A JSON record has none of `text`, `body`, `content`.
    #[error("record has no \"text\" field")]
    MissingText,
    /// A JSON record's field has an unusable type (e.g. a number as `text`).
    #[error("record has a bad field: {0}")]
    BadField(String),
    /// HTML (a page, or a record's HTML text) in which no article text was found.
    #[error("no article text found")]
    NoArticleText,
}

/// An I/O error's message without the trailing ` (os error N)`.
fn io_message(err: &io::Error) -> String {
    let msg = err.to_string();
    match msg.find(" (os error ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

/// One document or one error: the item type of [`read_input`] and [`parse_bytes`].
///
/// **Why:** inputs holding many records fail record by record, so results are per
/// document. **Example:** `let ok: Vec<Document> = results.into_iter().filter_map(Result::ok).collect();`
pub type DocResult = Result<Document, InputError>;

/// Reads one input: a file path, or `"-"` for stdin (named `<stdin>` in errors, its
/// format sniffed from the content under [`Format::Auto`]).
///
/// **What:** returns the documents the input holds, each `Ok` or `Err` independently (a
/// JSON Lines file with a bad line yields an `Err` for that line and `Ok` for the others).
/// A file-level failure (missing, unreadable, binary, empty, invalid UTF-8, too large)
/// gives a single `Err`. The file size is checked against `limits` from its metadata
/// before it is read, and reading never buffers more than the limit allows.
///
/// **Why:** the CLI maps its arguments straight onto this.
///
/// **Example:**
/// ```no_run
/// use sitrep_ingest::{read_input, Format, Limits};
/// for doc in read_input("news/feed.jsonl", Format::Auto, &Limits::default()) {
///     match doc {
///         Ok(doc) => println!("{} bytes of text", doc.text.len()),
///         Err(err) => eprintln!("{err}"),
///     }
/// }
/// ```
pub fn read_input(name: &str, format: Format, limits: &Limits) -> Vec<DocResult> {
    if name == "-" {
        let label = "<stdin>";
        let stdin = io::stdin();
        let bytes = match read_capped(stdin.lock(), limits.max_file_bytes) {
            Ok(Ok(bytes)) => bytes,
            Ok(Err(size)) => return file_too_large(label, size, limits),
            Err(err) => return vec![Err(InputError::new(label, ErrorKind::Io(err)))],
        };
        return parse_bytes(label, &bytes, format, limits);
    }

    let resolved = match format {
        Format::Auto => Format::from_extension(name).unwrap_or(Format::Auto),
        other => other,
    };
    let fail = |kind| vec![Err(InputError::new(name, kind))];
    let file = match File::open(name) {
        Ok(file) => file,
        Err(err) => return fail(ErrorKind::Io(err)),
    };
    let meta = match file.metadata() {
        Ok(meta) => meta,
        Err(err) => return fail(ErrorKind::Io(err)),
    };
    if meta.is_dir() {
        return fail(ErrorKind::Io(io::Error::other("Is a directory")));
    }
    // Regular files report their size: refuse oversized ones before reading anything.
    if meta.is_file() {
        let size = meta.len();
        if size > limits.max_file_bytes {
            return file_too_large(name, size, limits);
        }
        if resolved.is_single_document() && size > limits.max_document_bytes as u64 {
            return doc_too_large(name, size, limits);
        }
    }
    // Pipes and devices do not: cap what is buffered instead.
    let cap = if resolved.is_single_document() {
        (limits.max_document_bytes as u64).min(limits.max_file_bytes)
    } else {
        limits.max_file_bytes
    };
    let hint = if meta.is_file() { meta.len().min(cap) as usize } else { 0 };
    let bytes = match read_capped_with_hint(file, cap, hint) {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(size)) if size > limits.max_file_bytes => return file_too_large(name, size, limits),
        Ok(Err(size)) => return doc_too_large(name, size, limits),
        Err(err) => return fail(ErrorKind::Io(err)),
    };
    parse_bytes(name, &bytes, format, limits)
}

fn file_too_large(name: &str, size: u64, limits: &Limits) -> Vec<DocResult> {
    let kind = ErrorKind::FileTooLarge { size, limit: limits.max_file_bytes };
    vec![Err(InputError::new(name, kind))]
}

fn doc_too_large(name: &str, size: u64, limits: &Limits) -> Vec<DocResult> {
    let kind = ErrorKind::DocumentTooLarge { size, limit: limits.max_document_bytes as u64 };
    vec![Err(InputError::new(name, kind))]
}

/// Reads at most `cap` bytes; `Ok(Err(total))` when there are more, `total` being the
/// full length (the excess is counted, not kept).
fn read_capped(reader: impl Read, cap: u64) -> io::Result<Result<Vec<u8>, u64>> {
    read_capped_with_hint(reader, cap, 0)
}

fn read_capped_with_hint(mut reader: impl Read, cap: u64, hint: usize) -> io::Result<Result<Vec<u8>, u64>> {
    let mut bytes = Vec::with_capacity(hint.saturating_add(1));
    (&mut reader).take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 <= cap {
        return Ok(Ok(bytes));
    }
    let rest = io::copy(&mut reader, &mut io::sink())?;
    Ok(Err(bytes.len() as u64 + rest))
}

/// Parses bytes already in memory; `name` is used in errors and, with [`Format::Auto`],
/// for its extension.
///
/// **What:** the same as [`read_input`] once the bytes are read: binary, UTF-8, emptiness
/// and size checks, then the format's reader. **Why:** used by tests, stdin and the HTTP
/// server, which receive bytes rather than paths.
///
/// **Example:**
/// ```
/// use sitrep_ingest::{parse_bytes, Format, Limits};
/// let md = b"# Ceasefire holds\n\nThe **truce** entered its [second week](https://example.org).\n";
/// let docs = parse_bytes("note.md", md, Format::Auto, &Limits::default());
/// let doc = docs[0].as_ref().unwrap();
/// assert_eq!(doc.title.as_deref(), Some("Ceasefire holds"));
/// assert_eq!(doc.text, "Ceasefire holds\n\nThe truce entered its second week.");
/// ```
pub fn parse_bytes(name: &str, bytes: &[u8], format: Format, limits: &Limits) -> Vec<DocResult> {
    let fail = |kind| vec![Err(InputError::new(name, kind))];
    if bytes.len() as u64 > limits.max_file_bytes {
        return file_too_large(name, bytes.len() as u64, limits);
    }
    if let Err(kind) = check_binary(bytes) {
        return fail(kind);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => return fail(ErrorKind::InvalidUtf8 { offset: err.valid_up_to() }),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return fail(ErrorKind::Empty);
    }
    let format = match format {
        // `.json` and `.jsonl` are often swapped: the content decides between them.
        Format::Auto => match Format::from_extension(name) {
            Some(Format::Json) => json::sniff(text.trim_start()).unwrap_or(Format::Json),
            Some(Format::Jsonl) => match json::sniff(text.trim_start()) {
                // One value over several lines is a pretty-printed JSON document.
                Some(Format::Json) if text.trim().contains('\n') => Format::Json,
                _ => Format::Jsonl,
            },
            Some(ext) => ext,
            None => sniff(text),
        },
        other => other,
    };
    if format.is_single_document() && bytes.len() > limits.max_document_bytes {
        return doc_too_large(name, bytes.len() as u64, limits);
    }
    match format {
        Format::Text => {
            vec![Ok(Document { text: normalize_newlines(text).into_owned(), ..Document::default() })]
        }
        Format::Markdown => vec![Ok(markdown::to_document(text))],
        Format::Html => match html_main_text(text) {
            Ok(article) => vec![Ok(article.into_document())],
            Err(NoArticleText) => fail(ErrorKind::NoArticleText),
        },
        Format::Json => json::parse_json(name, text, limits),
        // Auto was resolved above; treat anything else as JSON Lines.
        Format::Jsonl | Format::Auto => json::parse_jsonl(name, text, limits),
    }
}

/// Rejects binary content: a UTF-16 BOM, NUL bytes, or many control characters in the
/// first 8 KiB.
fn check_binary(bytes: &[u8]) -> Result<(), ErrorKind> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(ErrorKind::Utf16);
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.contains(&0) {
        return Err(ErrorKind::Binary(BinaryReason::NulBytes));
    }
    let controls =
        head.iter().filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || b == 0x7f).count();
    if controls > 0 && controls * 10 > head.len() {
        return Err(ErrorKind::Binary(BinaryReason::ControlCharacters));
    }
    Ok(())
}

/// Guesses the format of content whose name has no known extension.
fn sniff(text: &str) -> Format {
    let start = text.trim_start();
    if start.starts_with('<') {
        if html::looks_like_page(start) {
            return Format::Html;
        }
        return Format::Text;
    }
    if start.starts_with('{') || start.starts_with('[') {
        return json::sniff(start).unwrap_or(Format::Text);
    }
    if markdown::looks_like_markdown(start) {
        return Format::Markdown;
    }
    Format::Text
}

/// CRLF and lone CR become LF; borrowed when there is nothing to change.
pub(crate) fn normalize_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\r') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for f in [Format::Auto, Format::Text, Format::Markdown, Format::Html, Format::Json, Format::Jsonl] {
            assert_eq!(f.as_str().parse::<Format>().unwrap(), f);
            assert_eq!(f.to_string(), f.as_str());
        }
        assert_eq!(" HTML ".parse::<Format>().unwrap(), Format::Html);
        let err = "pdf".parse::<Format>().unwrap_err().to_string();
        assert!(err.starts_with("unknown format \"pdf\""), "{err}");
    }

    #[test]
    fn extensions() {
        assert_eq!(Format::from_extension("a/b.TXT"), Some(Format::Text));
        assert_eq!(Format::from_extension("x.text"), Some(Format::Text));
        assert_eq!(Format::from_extension("x.markdown"), Some(Format::Markdown));
        assert_eq!(Format::from_extension("x.xhtml"), Some(Format::Html));
        assert_eq!(Format::from_extension("x.ndjson"), Some(Format::Jsonl));
        assert_eq!(Format::from_extension("x.json"), Some(Format::Json));
        assert_eq!(Format::from_extension("dir.md/noext"), None);
        assert_eq!(Format::from_extension("-"), None);
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff("<!DOCTYPE html><html><body><p>x</p></body></html>"), Format::Html);
        assert_eq!(sniff("  <html><p>x</p>"), Format::Html);
        assert_eq!(sniff("<3 you"), Format::Text);
        assert_eq!(sniff("{\"text\": \"a\"}"), Format::Json);
        assert_eq!(sniff("[{\"text\": \"a\"}, {\"text\": \"b\"}]"), Format::Json);
        assert_eq!(sniff("{\"text\": \"a\"}\n{\"text\": \"b\"}\n"), Format::Jsonl);
        assert_eq!(sniff("{\"text\": \"a\"}\n{\"text\": \n"), Format::Jsonl);
        assert_eq!(sniff("{\"text\": \"a\""), Format::Json);
        assert_eq!(sniff("[Update] Talks resumed on Monday."), Format::Text);
        assert_eq!(sniff("# Heading\n\nBody."), Format::Markdown);
        assert_eq!(sniff("Plain words."), Format::Text);
    }

    #[test]
    fn newlines() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n"), "a\nb\nc\n");
        assert!(matches!(normalize_newlines("a\nb"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn binary_checks() {
        assert!(matches!(check_binary(b"ab\0cd"), Err(ErrorKind::Binary(BinaryReason::NulBytes))));
        assert!(matches!(check_binary(b"\x01\x02\x03abc"), Err(ErrorKind::Binary(BinaryReason::ControlCharacters))));
        assert!(matches!(check_binary(b"\xff\xfea\0"), Err(ErrorKind::Utf16)));
        assert!(check_binary(b"tab\there\r\nform\x0cfeed").is_ok());
    }

    #[test]
    fn capped_reads_count_the_excess() {
        let data = [b'x'; 100];
        assert_eq!(read_capped(&data[..], 100).unwrap().unwrap().len(), 100);
        assert_eq!(read_capped(&data[..], 10).unwrap(), Err(100));
    }

    #[test]
    fn io_messages_drop_the_os_error_number() {
        let err = io::Error::from_raw_os_error(2);
        assert_eq!(io_message(&err), "No such file or directory");
    }
}
