//! `sitrep extract`: documents in, one JSON record each out.

use std::io::{self, BufWriter};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use rayon::prelude::*;
use sitrep_ingest::{read_input, Format, Limits};
use sitrep_model::Document;

use crate::output::{JsonFormat, RecordWriter};

#[derive(clap::Args)]
pub struct Args {
    /// Files to read (`-` for stdin): text, Markdown, HTML, JSON or JSON Lines.
    #[arg(value_name = "FILE", default_value = "-")]
    inputs: Vec<String>,
    /// Publication date (YYYY-MM-DD) for documents that carry none; relative dates resolve against it.
    #[arg(long, value_name = "DATE")]
    published: Option<String>,
    /// Title for documents that carry none.
    #[arg(long, value_name = "T")]
    title: Option<String>,
    /// URL for documents that carry none.
    #[arg(long, value_name = "U")]
    url: Option<String>,
    /// Publisher for documents that carry none.
    #[arg(long, value_name = "S")]
    source: Option<String>,
    /// Output: one JSON array, or one JSON object per line.
    #[arg(long, value_enum, default_value = "json")]
    format: JsonFormat,
    /// Input format; `auto` decides by file extension and content.
    #[arg(long, default_value = "auto", value_name = "auto|text|markdown|html|json|jsonl")]
    input_format: Format,
    /// Largest document accepted, in bytes.
    #[arg(long, value_name = "BYTES")]
    max_doc_bytes: Option<usize>,
}

/// Documents are extracted in parallel in batches of this size, printed in input order.
const BATCH: usize = 256;

pub fn run(args: Args, lexicon: Option<&Path>, quiet: bool) -> Result<ExitCode> {
    if let Some(p) = &args.published {
        if sitrep_extract::parse_date(p).is_none() {
            anyhow::bail!("--published {p}: not a date (expected YYYY-MM-DD)");
        }
    }
    let extractor = super::extractor(lexicon, quiet)?;
    let mut limits = Limits::default();
    if let Some(max) = args.max_doc_bytes {
        limits.max_document_bytes = max;
    }
    let stdout = io::stdout().lock();
    let mut writer = RecordWriter::new(BufWriter::new(stdout), args.format);
    let mut failed = 0usize;
    for input in &args.inputs {
        let results = read_input(input, args.input_format, &limits);
        let mut docs = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok(doc) => docs.push(doc),
                Err(e) => {
                    failed += 1;
                    eprintln!("sitrep: {e}");
                }
            }
        }
        for batch in docs.chunks_mut(BATCH) {
            batch.iter_mut().for_each(|d| fill_metadata(d, &args));
            // A bug in one document's extraction is reported, not fatal to the batch.
            let records: Vec<_> = batch
                .par_iter()
                .map(|d| std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extractor.extract(d))))
                .collect();
            for (r, d) in records.iter().zip(batch.iter()) {
                match r {
                    Ok(record) => writer.write(record)?,
                    Err(_) => {
                        failed += 1;
                        let name = if d.id.is_empty() { input.as_str() } else { d.id.as_str() };
                        eprintln!("sitrep: {name}: internal error while extracting; please report it");
                    }
                }
            }
        }
    }
    let written = writer.finish()?;
    if failed > 0 {
        if !quiet {
            eprintln!("sitrep: {written} document(s) extracted, {failed} failed");
        }
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

/// Command-line metadata fills what the document itself does not say.
fn fill_metadata(doc: &mut Document, args: &Args) {
    let fill = |field: &mut Option<String>, value: &Option<String>| {
        if field.as_deref().is_none_or(str::is_empty) {
            field.clone_from(value);
        }
    };
    fill(&mut doc.published, &args.published);
    fill(&mut doc.title, &args.title);
    fill(&mut doc.url, &args.url);
    fill(&mut doc.source, &args.source);
}
