//! `sitrep bench`: throughput and memory of the extraction pipeline on a corpus.
//!
//! Extracts the documents one after another on one thread and times only the extraction,
//! so the figure is pipeline speed per core. JSON Lines corpora are streamed a line at a
//! time, so the peak resident memory (`VmHWM`, the process high-water mark) is what the
//! pipeline needs, not the size of the corpus.

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use std::io::{BufRead, BufReader};

use anyhow::Result;
use sitrep_ingest::{parse_bytes, read_input, Format, Limits};
use sitrep_model::Document;

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
    let mut failed = 0;
    let mut count = 0usize;
    let mut bytes = 0usize;
    let mut busy = Duration::ZERO;
    let mut stages = sitrep_extract::StageTimes::default();
    let (mut entities, mut events, mut claims, mut quantities, mut times, mut places) = (0, 0, 0, 0, 0, 0);
    let limit = args.limit.unwrap_or(usize::MAX);
    for r in args.inputs.iter().flat_map(|input| documents(input)) {
        if count >= limit {
            break;
        }
        let mut d = match r {
            Ok(d) => d,
            Err(e) => {
                failed += 1;
                if !quiet {
                    eprintln!("sitrep: {e}");
                }
                continue;
            }
        };
        if d.published.is_none() {
            d.published = Some(args.published.clone());
        }
        bytes += d.text.len();
        count += 1;
        let t = Instant::now();
        let r = extractor.extract_timed(&d, &mut stages);
        busy += t.elapsed();
        entities += r.entities.len();
        events += r.events.len();
        claims += r.claims.len();
        quantities += r.quantities.len();
        times += r.times.len();
        places += r.places.len();
    }
    let secs = busy.as_secs_f64().max(1e-9);
    let mb = bytes as f64 / 1e6;
    println!("documents        {count}");
    println!("failed inputs    {failed}");
    println!("text             {mb:.1} MB");
    println!(
        "startup          {:.0} ms (lexicons, automata of {:.1} MiB, gazetteer)",
        warm.as_secs_f64() * 1e3,
        extractor.automata_bytes() as f64 / (1024.0 * 1024.0)
    );
    println!("extraction       {secs:.2} s on one core");
    println!("throughput       {:.1} MB/s per core, {:.0} documents/s", mb / secs, count as f64 / secs);
    println!("found            {entities} entities, {events} events, {claims} claims, {quantities} quantities, {times} times, {places} places");
    let core = busy.saturating_sub(stages.claims + stages.events).as_secs_f64().max(1e-9);
    println!("  without claims and events: {:.1} MB/s per core", mb / core);
    for (stage, time) in stages.stages() {
        println!("  {stage:<19} {:>6.0} ms  {:>4.1}%", time.as_secs_f64() * 1e3, 100.0 * time.as_secs_f64() / secs);
    }
    match peak_rss_kib() {
        Some(kib) => println!("peak memory      {:.1} MiB resident", kib as f64 / 1024.0),
        None => println!("peak memory      unknown on this platform"),
    }
    Ok(ExitCode::SUCCESS)
}

/// The documents of one input: JSON Lines a line at a time, anything else whole.
fn documents(input: &str) -> Box<dyn Iterator<Item = Result<Document, sitrep_ingest::InputError>> + '_> {
    let limits = Limits::default();
    let jsonl = input.ends_with(".jsonl") || input.ends_with(".ndjson");
    match (jsonl, std::fs::File::open(input)) {
        (true, Ok(file)) => Box::new(BufReader::new(file).lines().enumerate().flat_map(move |(i, line)| {
            let name = format!("{input}:{}", i + 1);
            match line {
                Ok(l) if l.trim().is_empty() => Vec::new(),
                Ok(l) => parse_bytes(&name, l.as_bytes(), Format::Jsonl, &limits),
                Err(e) => vec![Err(sitrep_ingest::InputError::new(name, sitrep_ingest::ErrorKind::Io(e)))],
            }
        })),
        _ => Box::new(read_input(input, Format::Auto, &limits).into_iter()),
    }
}

/// The process's peak resident set size in KiB, from `/proc/self/status`.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
