//! `sitrep bench-serve`: a bounded load test of `sitrep serve` on loopback. The server
//! runs in this process on an ephemeral port without a rate limit; N keep-alive clients
//! cycle over the main endpoints for a fixed time; requests/s and p50/p95/p99 latency
//! are printed per endpoint. The figures are printed, never asserted.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Result};
use sitrep_server::loadtest::{self, Target};
use sitrep_store::{EntityFilter, EventFilter, OpenMode, Page, SqliteStore, TimeBucket};

#[derive(clap::Args)]
pub struct Args {
    /// The store to serve (must hold documents).
    #[arg(long, value_name = "PATH", default_value = "sitrep.db")]
    db: PathBuf,
    /// Concurrent keep-alive clients.
    #[arg(long, default_value_t = 100, value_name = "N")]
    clients: usize,
    /// How long to run, in seconds.
    #[arg(long, default_value_t = 20, value_name = "SECS")]
    seconds: u64,
    /// Read connections of the server.
    #[arg(long, value_name = "N")]
    readers: Option<usize>,
}

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The endpoint mix, with parameters taken from the store's own content.
fn targets(store: &SqliteStore) -> Result<Vec<Target>> {
    let one = Page { limit: 1, after: None };
    let doc = store.documents(&one)?.rows.into_iter().next().map(|d| d.doc_id);
    let Some(doc) = doc else { bail!("{}: the store is empty: ingest documents first", store.path().display()) };
    let mut per_type = std::collections::BTreeMap::<String, i64>::new();
    for r in store.event_counts(&EventFilter::default(), TimeBucket::Month)?.rows {
        *per_type.entry(r.plover).or_default() += r.events;
    }
    let top_type = per_type.into_iter().max_by_key(|(_, n)| *n).map(|(t, _)| t).unwrap_or_else(|| "MOBILIZE".into());
    let word = store
        .entities(&EntityFilter { kind: Some("country".into()), ..Default::default() }, &one)?
        .rows
        .into_iter()
        .next()
        .map(|e| e.name)
        .unwrap_or_else(|| "said".into());
    let t = |label: &str, path: String| Target { label: label.into(), path };
    Ok(vec![
        t("/api/events", "/api/events".into()),
        t("/api/events?type=", format!("/api/events?type={}", enc(&top_type))),
        t("/api/claims", "/api/claims".into()),
        t("/api/entities", "/api/entities".into()),
        t("/api/search?q=", format!("/api/search?q={}", enc(&word))),
        t("/api/timeline", "/api/timeline".into()),
        t("/api/graph", "/api/graph".into()),
        t("/api/map", "/api/map".into()),
        t("/api/disputes", "/api/disputes".into()),
        t("/api/documents/{id}", format!("/api/documents/{}", enc(&doc))),
    ])
}

pub fn run(args: Args, quiet: bool) -> Result<ExitCode> {
    if args.clients == 0 || args.seconds == 0 {
        bail!("--clients and --seconds must be at least 1");
    }
    let store = SqliteStore::open(&args.db, OpenMode::Read)?;
    let stats = store.stats()?;
    if stats.documents == 0 {
        bail!(
            "{}: the store is empty: ingest documents first (sitrep ingest --db {} PATH...)",
            args.db.display(),
            args.db.display()
        );
    }
    let targets = targets(&store)?;
    drop(store);
    let mut config = sitrep_server::Config { db: args.db.clone(), ..Default::default() };
    if let Some(n) = args.readers {
        config.readers = n;
    }
    if !quiet {
        eprintln!(
            "sitrep: {} clients for {} s against {} ({} documents, {} events), {} read connections, loopback",
            args.clients,
            args.seconds,
            args.db.display(),
            stats.documents,
            stats.events,
            config.readers
        );
    }
    let report = loadtest::run_in_process(&config, &targets, args.clients, Duration::from_secs(args.seconds))?;
    println!(
        "{:<22} {:>9} {:>9} {:>8} {:>8} {:>8} {:>7}",
        "endpoint", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"
    );
    for e in &report.endpoints {
        println!(
            "{:<22} {:>9} {:>9.0} {:>8.2} {:>8.2} {:>8.2} {:>7}",
            e.label, e.requests, e.rps, e.p50_ms, e.p95_ms, e.p99_ms, e.errors
        );
    }
    println!(
        "{:<22} {:>9} {:>9.0} {:>8.2} {:>8.2} {:>8.2} {:>7}",
        "all", report.requests, report.rps, report.p50_ms, report.p95_ms, report.p99_ms, report.errors
    );
    println!(
        "{} clients, {:.1} s, {:.0} requests/s overall, p95 {:.2} ms",
        report.clients, report.seconds, report.rps, report.p95_ms
    );
    Ok(if report.errors > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}
