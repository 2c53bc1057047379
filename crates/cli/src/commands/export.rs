//! `sitrep export`: the store's events as GDELT 2.0 TSV, PLOVER JSON Lines, JSON Lines,
//! CSV, GeoJSON or a GEXF actor graph, on stdout or into a file. Takes the same filters as
//! `sitrep events`; streams every matching event (no page limit).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use sitrep_export::{sink, ExportFormat};

use super::query::EventFilterArgs;
use super::rows::{found, open_read, StoreArgs};

#[derive(clap::Args)]
pub struct Args {
    /// gdelt, plover, jsonl, csv, geojson or gexf.
    #[arg(long, value_name = "FORMAT")]
    format: ExportFormat,
    #[command(flatten)]
    store: StoreArgs,
    #[command(flatten)]
    filter: EventFilterArgs,
    /// Write here instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args, quiet: bool) -> Result<ExitCode> {
    let store = open_read(&args.store.db)?;
    let out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(BufWriter::new(File::create(p).with_context(|| format!("cannot create {}", p.display()))?)),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let mut s = sink(args.format, out);
    let mut filter = args.filter.filter();
    filter.ascending = true;
    let n = store.for_each_event(&filter, &mut |e| s.event(e))?;
    s.finish()?;
    if !quiet {
        eprintln!("sitrep: exported {n} events as {}", args.format.as_str());
    }
    Ok(found(n))
}
