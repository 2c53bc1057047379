//! `sitrep ingest`: documents into the store, idempotently.
//!
//! Inputs are read one after another; documents are grouped in batches. For each batch
//! the main thread drops what the store already has (same content hash, URL or id:
//! checked on the normalised text, before extraction), extracts the rest in parallel
//! (rayon) and hands the records to one writer thread, which stores each batch in one
//! transaction while the next batch is being extracted. A kill at any moment loses at
//! most the batches not yet committed; a rerun skips what was stored and adds the rest.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use sitrep_ingest::{DocResult, Format, Limits};
use sitrep_model::{Document, Extraction};
use sitrep_server::ingest::{self, Prepared};
use sitrep_store::{AddStatus, IngestCounts, OpenMode, SqliteStore};

use super::sources::{self, SourceOptions};

#[derive(clap::Args)]
pub struct Args {
    /// Files, directories (read recursively), `-` for stdin, feed or page URLs, OPML lists.
    #[arg(required = true, value_name = "PATH|URL|-")]
    inputs: Vec<String>,
    /// The store: created when missing; an existing file must be a sitrep store.
    #[arg(long, value_name = "PATH", default_value = "sitrep.db")]
    db: PathBuf,
    /// Publication date (YYYY-MM-DD) for documents that carry none.
    #[arg(long, value_name = "DATE")]
    published: Option<String>,
    /// Outlet name for documents that carry none.
    #[arg(long, value_name = "NAME")]
    source: Option<String>,
    /// Input format; `auto` decides by extension and content.
    #[arg(long, default_value = "auto", value_name = "auto|text|markdown|html|json|jsonl")]
    input_format: Format,
    /// Documents per transaction.
    #[arg(long, default_value_t = 256, value_name = "N")]
    batch: usize,
    /// Extraction threads (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Largest document accepted, in bytes.
    #[arg(long, value_name = "BYTES")]
    max_doc_bytes: Option<usize>,
    /// For feed items, fetch the linked page and use its main text.
    #[arg(long)]
    follow_links: bool,
    /// Seconds to wait for a URL.
    #[arg(long, default_value_t = 30, value_name = "SECS")]
    timeout: u64,
    /// No progress bar.
    #[arg(long)]
    no_progress: bool,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    json: bool,
}

enum ToWriter {
    Batch(Vec<Extraction>),
}

pub fn run(args: Args, lexicon: Option<&Path>, quiet: bool) -> Result<ExitCode> {
    if let Some(p) = &args.published {
        if sitrep_extract::parse_date(p).is_none() {
            anyhow::bail!("--published {p}: not a date (expected YYYY-MM-DD)");
        }
    }
    if args.batch == 0 {
        anyhow::bail!("--batch must be at least 1");
    }
    let started = Instant::now();
    let store = SqliteStore::open(&args.db, OpenMode::Create)?;
    // A second connection answers "is this known?" while the writer writes.
    let reader = SqliteStore::open(&args.db, OpenMode::Read)?;
    let extractor = super::extractor(lexicon, quiet)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("cannot start extraction threads")?;

    let mut limits = Limits::default();
    if let Some(max) = args.max_doc_bytes {
        limits.max_document_bytes = max;
    }
    let opts = SourceOptions {
        format: args.input_format,
        limits,
        follow_links: args.follow_links,
        timeout: Duration::from_secs(args.timeout),
    };

    let bar = if quiet || args.no_progress {
        ProgressBar::hidden()
    } else {
        ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr())
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} docs ({per_sec}) {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );

    // The writer thread owns the store's write connection.
    let (to_writer, from_main) = mpsc::sync_channel::<ToWriter>(2);
    let (to_main, statuses) = mpsc::channel::<Vec<AddStatus>>();
    let writer = std::thread::spawn(move || -> Result<SqliteStore> {
        let mut store = store;
        for msg in from_main {
            let ToWriter::Batch(records) = msg;
            let st = store.add_batch(&records)?;
            if to_main.send(st).is_err() {
                break;
            }
        }
        Ok(store)
    });

    let mut counts = IngestCounts::default();
    let mut ignored = 0usize;
    let mut pending: Vec<Prepared> = Vec::new();
    let note = |st: &AddStatus| {
        if let (AddStatus::Changed { id, existing, key }, false) = (st, quiet) {
            bar.suspend(|| {
                eprintln!(
                    "sitrep: skipped {id}: its {key} is stored with a different text (document {existing}); not merged"
                )
            });
        }
    };
    // Counts what the writer reports; waits for it to finish when `block`.
    let drain = |counts: &mut IngestCounts, block: bool| {
        while let Some(batch) = if block { statuses.recv().ok() } else { statuses.try_recv().ok() } {
            bar.inc(batch.len() as u64);
            for st in &batch {
                counts.count(st);
                note(st);
            }
            bar.set_message(format!("{} added, {} skipped", counts.added, counts.skipped()));
        }
    };
    let mut writer_gone = false;
    let mut process = |batch: Vec<Prepared>, counts: &mut IngestCounts| -> Result<()> {
        // Skip what the store already has, before extracting.
        let mut todo = Vec::with_capacity(batch.len());
        for p in batch {
            match reader.known(&p.id, p.doc.url.as_deref(), &p.hash)? {
                Some(st) => {
                    counts.count(&st);
                    note(&st);
                    bar.inc(1);
                }
                None => todo.push(p),
            }
        }
        if todo.is_empty() {
            return Ok(());
        }
        let records: Vec<Extraction> =
            pool.install(|| todo.par_iter().map(|p| ingest::extract(&extractor, p)).collect());
        if to_writer.send(ToWriter::Batch(records)).is_err() {
            writer_gone = true;
        }
        Ok(())
    };

    for input in &args.inputs {
        let expanded = sources::expand(input, &opts);
        ignored += expanded.ignored;
        bar.inc_length(expanded.docs.len() as u64);
        let docs: Vec<DocResult> = expanded.docs;
        for r in docs {
            match r {
                Ok(mut doc) => {
                    fill(&mut doc, &args);
                    pending.push(ingest::prepare(doc));
                    if pending.len() >= args.batch {
                        let batch = std::mem::take(&mut pending);
                        process(batch, &mut counts)?;
                        drain(&mut counts, false);
                    }
                }
                Err(e) => {
                    counts.failed += 1;
                    bar.inc(1);
                    bar.suspend(|| eprintln!("sitrep: {e}"));
                }
            }
        }
    }
    if !pending.is_empty() {
        let batch = std::mem::take(&mut pending);
        process(batch, &mut counts)?;
    }
    drop(to_writer);
    let written = writer.join().map_err(|_| anyhow::anyhow!("the writer thread panicked"))?;
    drain(&mut counts, true);
    let store = written.context("writing to the store failed; batches committed before the error are kept")?;
    store.optimize()?;
    store.checkpoint()?;
    bar.finish_and_clear();

    let secs = started.elapsed().as_secs_f64();
    let total = counts.added + counts.skipped() + counts.failed;
    let bytes = std::fs::metadata(&args.db).map(|m| m.len()).unwrap_or(0);
    if args.json {
        let summary = serde_json::json!({
            "added": counts.added,
            "duplicates": counts.duplicates,
            "changed": counts.changed,
            "failed": counts.failed,
            "ignored_files": ignored,
            "seconds": secs,
            "documents_per_second": total as f64 / secs.max(1e-9),
            "db": args.db,
            "db_bytes": bytes,
        });
        println!("{summary}");
    }
    if !quiet {
        eprintln!(
            "sitrep: {total} documents in {secs:.1} s ({:.0} documents/s): {} added, {} skipped ({} same text, {} changed under a stored URL or id), {} failed{}",
            total as f64 / secs.max(1e-9),
            counts.added,
            counts.skipped(),
            counts.duplicates,
            counts.changed,
            counts.failed,
            if ignored > 0 { format!(", {ignored} files of other types ignored") } else { String::new() }
        );
        eprintln!("sitrep: store {} is {:.1} MB", args.db.display(), bytes as f64 / 1e6);
    }
    if writer_gone {
        anyhow::bail!("the writer stopped early");
    }
    Ok(if counts.failed > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// Command-line metadata fills what the document does not say.
fn fill(doc: &mut Document, args: &Args) {
    let fill = |field: &mut Option<String>, value: &Option<String>| {
        if field.as_deref().is_none_or(str::is_empty) {
            field.clone_from(value);
        }
    };
    fill(&mut doc.published, &args.published);
    fill(&mut doc.source, &args.source);
}
