//! `sitrep bench`: throughput and memory of the extraction pipeline on a corpus.
//!
//! Reads every document first, then extracts them one after another on one thread and
//! times only the extraction, so the figure is pipeline speed per core. Peak resident
//! memory is the process high-water mark (`VmHWM`), corpus included.

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Result;
use sitrep_ingest::{read_input, Format, Limits};

#[derive(clap::Args)]
pub struct Args {
    /// Corpus files (JSON Lines, JSON, text, HTML), e.g. the Reuters-21578 and BBC JSON Lines sets.
    #[arg(required = true, value_name = "FILE")]
    inputs: Vec<String>,
    /// Publication date for documents that carry none.
    #[arg(long, default_value = "2024-01-01")]
    published: String,
    /// Stop after this many documents.
    #[arg(long)]
    limit: Option<usize>,
}

pub fn run(args: Args, lexicon: Option<&Path>, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let extractor = super::extractor(lexicon, quiet)?;
    let warm = started.elapsed();
    let mut docs = Vec::new();
    let mut failed = 0;
    for input in &args.inputs {
        for r in read_input(input, Format::Auto, &Limits::default()) {
            match r {
                Ok(mut d) => {
                    if d.published.is_none() {
                        d.published = Some(args.published.clone());
                    }
                    docs.push(d);
                }
                Err(e) => {
                    failed += 1;
                    if !quiet {
                        eprintln!("sitrep: {e}");
                    }
                }
            }
        }
    }
    if let Some(limit) = args.limit {
        docs.truncate(limit);
    }
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut busy = Duration::ZERO;
    let mut stages = sitrep_extract::StageTimes::default();
    let (mut entities, mut quantities, mut times, mut places) = (0, 0, 0, 0);
    for d in &docs {
        let t = Instant::now();
        let r = extractor.extract_timed(d, &mut stages);
        busy += t.elapsed();
        entities += r.entities.len();
        quantities += r.quantities.len();
        times += r.times.len();
        places += r.places.len();
    }
    let secs = busy.as_secs_f64().max(1e-9);
    let mb = bytes as f64 / 1e6;
    println!("documents        {}", docs.len());
    println!("failed inputs    {failed}");
    println!("text             {mb:.1} MB");
    println!(
        "startup          {:.0} ms (lexicons, automata of {:.1} MiB, gazetteer)",
        warm.as_secs_f64() * 1e3,
        extractor.automata_bytes() as f64 / (1024.0 * 1024.0)
    );
    println!("extraction       {secs:.2} s on one core");
    println!("throughput       {:.1} MB/s per core, {:.0} documents/s", mb / secs, docs.len() as f64 / secs);
    println!("found            {entities} entities, {quantities} quantities, {times} times, {places} places");
    let core = busy.saturating_sub(stages.claims + stages.events).as_secs_f64().max(1e-9);
    println!("  without claims and events: {:.1} MB/s per core", mb / core);
    for (stage, time) in stages.stages() {
        println!("  {stage:<19} {:>6.0} ms  {:>4.1}%", time.as_secs_f64() * 1e3, 100.0 * time.as_secs_f64() / secs);
    }
    match peak_rss_kib() {
        Some(kib) => println!("peak memory      {:.1} MiB resident (corpus held in memory)", kib as f64 / 1024.0),
        None => println!("peak memory      unknown on this platform"),
    }
    Ok(ExitCode::SUCCESS)
}

/// The process's peak resident set size in KiB, from `/proc/self/status`.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
