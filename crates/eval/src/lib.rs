//! sitrep's evaluation: readers and scorers for public benchmarks.
//!
//! Each module reads one benchmark format into plain Rust values, turns sitrep's
//! [`Extraction`] into the benchmark's terms, and scores with pure functions; its
//! `evaluate` runs the pipeline over the set and returns a [`Report`] (tables of figures,
//! notes on how they were computed, and error categories with examples). `sitrep eval
//! <set>` prints it. Readers fail with an [`EvalError`]: one line naming the file and,
//! when known, the line. Gold spans are moved into sitrep's normalised text with
//! [`align::Alignment`], so offsets compare in one text.
//!
//! | command | module | data | figures |
//! |---|---|---|---|
//! | `gold` | [`gold`] | seed-format `*.gold.json` + text | `tools/score.py`'s, exactly: per layer P/R/F1 of greedy one-to-one matching within the gold item's anchor sentence, "among matches" checks, score = mean F1 (rounded to 3 decimals per layer) |
//! | `conll` | [`conll`] | CoNLL-2003 (IOB2) | exact typed spans (conlleval): P/R/F1 per PER, ORG, LOC, MISC; micro over PER/ORG/LOC (MISC left out) and over all four |
//! | `tempeval` | [`timeml`] | TempEval-3 TimeML | TIMEX3 strict (same span) and relaxed (overlap) P/R/F1; value accuracy over relaxed pairs; value P/R/F1 (overlap and equal value) |
//! | `geo` | [`geoparse`] | LGL, TR-News, GeoWebNews, GeoVirus | toponym recognition P/R/F1 by overlap (and exact span); accuracy within 161 km over found toponyms and over all; median and mean error in km |
//! | `case2021` | [`classify`] | CASE 2021 Task 2 | event type via `mappings/plover_to_acled.tsv`: accuracy (all, covered labels), per-label P/R/F1, macro-F1 over covered and all labels |
//! | `ipe` | [`classify`] | IndiaPoliceEvents | police-action labels via `mappings/plover_to_ipe.tsv`: per-label P/R/F1, macro-F1 (covered, all), subset accuracy; sentence and document level |
//! | `plover` | [`plover`] | PLOVER GSR records | event type accuracy of the main (first) event and of any event; source-country accuracy |
//! | `petrarch` | [`petrarch`] | PETRARCH2 unit-test records | share of expected (source, target, CAMEO) codings found, extra codings, precision |
//! | `polnear` | [`polnear`] | PolNeAR brat files | attribution (source + cue + content) P/R/F1, strict (equal spans) and lenient (half-overlap), all / direct / indirect; each part alone |
//!
//! Conventions ([`metrics`]): precision `tp/(tp+fp)`, recall `tp/(tp+fn)`, F1 their
//! harmonic mean, 0 when a denominator is 0; micro figures sum counts, macro figures
//! average per-label F1. The exact definition of each metric is in its module's docs and
//! in the command's `--help`.
//!
//! A document that makes the pipeline panic is scored as empty and named in the report's
//! notes ([`Runner`]), so one bad input does not stop a benchmark.
//!
//! ```
//! use sitrep_eval::metrics::Counts;
//! let c = Counts::new(6, 2, 4);
//! assert_eq!((c.precision(), c.recall()), (0.75, 0.6));
//! ```

pub mod align;
pub mod classify;
pub mod conll;
pub mod geoparse;
pub mod gold;
pub mod metrics;
pub mod petrarch;
pub mod plover;
pub mod polnear;
pub mod report;
#[cfg(test)]
mod testing;
pub mod timeml;

use std::fmt;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;
use sitrep_extract::Extractor;
use sitrep_model::{Document, Extraction};

pub use metrics::{Accuracy, Counts};
pub use report::{ErrorGroup, ErrorLog, Report, Row, Table};

/// A bad or unreadable benchmark file: one line naming the file (and line, when known).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct EvalError {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.message.replace('\n', " ");
        match self.line {
            Some(l) if l > 0 => write!(f, "{}:{l}: {message}", self.path),
            _ => write!(f, "{}: {message}", self.path),
        }
    }
}

impl EvalError {
    /// An error about the file as a whole.
    pub fn file(path: impl AsRef<Path>, message: impl Into<String>) -> EvalError {
        EvalError { path: path.as_ref().display().to_string(), line: None, message: message.into() }
    }

    /// An error at a line (1-based; 0 means unknown).
    pub fn at(path: impl AsRef<Path>, line: usize, message: impl Into<String>) -> EvalError {
        EvalError { path: path.as_ref().display().to_string(), line: Some(line), message: message.into() }
    }

    /// A read failure.
    pub fn io(path: impl AsRef<Path>, e: &std::io::Error) -> EvalError {
        let message = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
            _ => format!("cannot read: {e}"),
        };
        EvalError::file(path, message)
    }

    /// An XML parse failure, with the line roxmltree reports.
    pub fn xml(path: impl AsRef<Path>, e: &roxmltree::Error) -> EvalError {
        EvalError::at(path, e.pos().row as usize, format!("malformed XML: {e}"))
    }
}

/// Reads a whole file as UTF-8.
pub fn read_text(path: &Path) -> Result<String, EvalError> {
    let bytes = std::fs::read(path).map_err(|e| EvalError::io(path, &e))?;
    String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
        EvalError::at(path, line, "not UTF-8 text")
    })
}

/// Which part of a benchmark to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Split {
    Train,
    Dev,
    Test,
}

impl Split {
    pub fn as_str(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Dev => "dev",
            Split::Test => "test",
        }
    }
}

/// What every evaluation takes besides its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Score only the first `limit` documents (snippets, sentences, records).
    pub limit: Option<usize>,
    /// Examples kept per error category.
    pub errors: usize,
    /// `None` for the set's default split.
    pub split: Option<Split>,
}

impl Default for Options {
    fn default() -> Self {
        Options { limit: None, errors: 10, split: None }
    }
}

impl Options {
    /// `v` cut to the limit.
    pub fn cut<T>(&self, mut v: Vec<T>) -> Vec<T> {
        if let Some(n) = self.limit {
            v.truncate(n);
        }
        v
    }
}

/// Runs the extractor and survives its panics: a document that makes it panic is scored
/// as if nothing had been found in it, and is listed in the report's notes.
pub struct Runner<'a> {
    extractor: &'a Extractor,
    failed: Mutex<Vec<(String, String)>>,
}

impl<'a> Runner<'a> {
    pub fn new(extractor: &'a Extractor) -> Runner<'a> {
        Runner { extractor, failed: Mutex::new(Vec::new()) }
    }

    /// The document's record, or an empty record over its normalised text.
    pub fn extract(&self, doc: &Document) -> Extraction {
        match std::panic::catch_unwind(AssertUnwindSafe(|| self.extractor.extract(doc))) {
            Ok(r) => r,
            Err(payload) => {
                let message = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                let message: String = message.chars().take(120).collect();
                if let Ok(mut f) = self.failed.lock() {
                    f.push((doc.id.clone(), message));
                }
                Extraction {
                    id: doc.id.clone(),
                    text: sitrep_extract::normalise::normalise(&doc.text),
                    ..Extraction::default()
                }
            }
        }
    }

    /// Runs the extractor over documents in parallel, keeping their order.
    pub fn extract_all(&self, docs: &[Document]) -> Vec<Extraction> {
        docs.par_iter().map(|d| self.extract(d)).collect()
    }

    /// A note naming the documents the extractor panicked on, if any.
    pub fn note(&self) -> Option<String> {
        let f = self.failed.lock().ok()?;
        let (id, message) = f.first()?;
        let mut ids: Vec<&str> = f.iter().map(|(i, _)| i.as_str()).collect();
        ids.sort_unstable();
        let shown: Vec<&str> = ids.iter().take(10).copied().collect();
        Some(format!(
            "the extractor panicked on {} document(s), scored as empty (ids: {}{}); e.g. on {id}: {message}",
            f.len(),
            shown.join(", "),
            if ids.len() > 10 { ", ..." } else { "" }
        ))
    }
}

/// A document with only text and an optional publication date.
pub fn document(id: impl Into<String>, text: impl Into<String>, published: Option<String>) -> Document {
    Document { id: id.into(), text: text.into(), published, ..Document::default() }
}

/// The text around a byte span, on one line, with the span in [brackets].
pub fn context(text: &str, start: usize, end: usize, width: usize) -> String {
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        while i < text.len() && !text.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let (start, end) = (floor(start.min(text.len())), ceil(end.min(text.len())));
    let a = floor(start.saturating_sub(width));
    let b = ceil((end + width).min(text.len()));
    let s = format!("{}[{}]{}", &text[a..start], &text[start..end], &text[end..b]);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_one_line_and_name_the_file() {
        assert_eq!(EvalError::at("a.txt", 3, "bad\nthing").to_string(), "a.txt:3: bad thing");
        assert_eq!(EvalError::file("dir", "empty").to_string(), "dir: empty");
        let e = EvalError::io("nope", &std::io::Error::from(std::io::ErrorKind::NotFound));
        assert_eq!(e.to_string(), "nope: no such file or folder");
    }

    #[test]
    fn context_marks_the_span() {
        assert_eq!(context("Leeds beat\nArsenal 2-1 today", 11, 18, 6), "beat [Arsenal] 2-1 t");
    }
}
