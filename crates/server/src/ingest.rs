//! Documents into the store through the extraction pipeline, as `sitrep ingest` does:
//! normalise once to know the content hash and id, skip what the store already has,
//! extract the rest in parallel, store them in one transaction.

use rayon::prelude::*;
use sitrep_extract::Extractor;
use sitrep_model::{Document, Extraction};
use sitrep_store::{content_hash, AddStatus, SqliteStore, StoreError};

/// A document ready to be checked and extracted.
pub struct Prepared {
    /// The document, its text already normalised (normalising again changes nothing).
    pub doc: Document,
    /// The record id it will get: its own id, else its content hash.
    pub id: String,
    /// The [`content_hash`] of the normalised text.
    pub hash: String,
}

/// Normalises the text once to know the document's hash and id before extraction.
pub fn prepare(mut doc: Document) -> Prepared {
    doc.text = sitrep_extract::normalise::normalise(&doc.text);
    let hash = content_hash(&doc.text);
    let id = if doc.id.is_empty() { hash.clone() } else { doc.id.clone() };
    Prepared { doc, id, hash }
}

/// Extracts a prepared document's record under its id.
pub fn extract(extractor: &Extractor, p: &Prepared) -> Extraction {
    let mut r = extractor.extract(&p.doc);
    r.id.clone_from(&p.id);
    r
}

/// Stores documents in one transaction, extracting only those the store does not have;
/// returns what happened to each, in input order.
pub fn ingest_documents(
    store: &mut SqliteStore,
    extractor: &Extractor,
    docs: Vec<Document>,
) -> Result<Vec<AddStatus>, StoreError> {
    let prepared: Vec<Prepared> = docs.into_iter().map(prepare).collect();
    let mut known = Vec::with_capacity(prepared.len());
    for p in &prepared {
        known.push(store.known(&p.id, p.doc.url.as_deref(), &p.hash)?);
    }
    let todo: Vec<&Prepared> = prepared.iter().zip(&known).filter(|(_, k)| k.is_none()).map(|(p, _)| p).collect();
    let records: Vec<Extraction> = todo.par_iter().map(|p| extract(extractor, p)).collect();
    let mut added = store.add_batch(&records)?.into_iter();
    Ok(known.into_iter().map(|k| k.unwrap_or_else(|| added.next().expect("one status per record"))).collect())
}
