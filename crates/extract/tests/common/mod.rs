//! What the fixture-driven tests share: one extractor, and reading a JSON Lines file of
//! fixtures with errors that name the line.

use std::sync::LazyLock;

use serde::de::DeserializeOwned;
use sitrep_extract::Extractor;
use sitrep_model::{Document, Extraction};

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::builtin);

/// The fixtures of `text` (the contents of `file`), one JSON object per non-blank line.
pub fn read_jsonl<T: DeserializeOwned>(file: &str, text: &str) -> Vec<T> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("{file}:{}: {e}", i + 1)))
        .collect()
}

/// Extracts one snippet as a document with that id and publication date.
pub fn extract(id: &str, text: &str, published: Option<&str>) -> Extraction {
    EXTRACTOR.extract(&Document {
        id: id.to_string(),
        text: text.to_string(),
        published: published.map(String::from),
        ..Document::default()
    })
}
