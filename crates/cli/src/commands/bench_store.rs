//! `sitrep bench-store`: query latency on a SYNTHETIC store of many events.
//!
//! Generates made-up merged events (see `sitrep_store::bench`) into a fresh store file,
//! then times the first page (50 rows) of each main `sitrep events` filter and prints
//! p50 and p95. The store is clearly marked synthetic and deleted afterwards unless
//! `--keep` is given.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use sitrep_store::{bench, OpenMode, SqliteStore};

#[derive(clap::Args)]
pub struct Args {
    /// Events to generate.
    #[arg(long, default_value_t = 1_000_000, value_name = "N")]
    events: usize,
    /// Runs of each filter (with different values).
    #[arg(long, default_value_t = 100, value_name = "N")]
    rounds: usize,
    /// Where to build the synthetic store (default: a temporary file). Must not exist,
    /// unless it is a synthetic store from an earlier run, which is then reused.
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Keep the synthetic store.
    #[arg(long)]
    keep: bool,
    /// Seed of the generator.
    #[arg(long, default_value_t = 20241022)]
    seed: u64,
}

pub fn run(args: Args, quiet: bool) -> Result<ExitCode> {
    let dir = tempfile::Builder::new().prefix("sitrep-bench-").tempdir()?;
    let path = args.db.clone().unwrap_or_else(|| dir.path().join("synthetic.db"));
    println!("SYNTHETIC BENCHMARK: {} made-up events, not news", args.events);
    let mut reused = false;
    if path.exists() {
        let store = SqliteStore::open(&path, OpenMode::Read)?;
        let synthetic: Option<String> =
            store.connection().query_row("SELECT value FROM meta WHERE key = 'synthetic'", [], |r| r.get(0)).ok();
        if synthetic.is_none() {
            anyhow::bail!("{}: exists and is not a synthetic benchmark store; refusing to use it", path.display());
        }
        reused = true;
        println!("store            {} (reused)", path.display());
    } else {
        let t = Instant::now();
        let mut last = 0;
        bench::generate(&path, args.events, args.seed, &mut |n| {
            if !quiet && n >= last + 200_000 {
                eprintln!("sitrep: {n} synthetic events written");
                last = n;
            }
        })?;
        println!("generated        {} events in {:.1} s", args.events, t.elapsed().as_secs_f64());
    }
    let store = SqliteStore::open(&path, OpenMode::Read)?;
    let stats = store.stats()?;
    let wal = std::fs::metadata(path.with_extension("db-wal")).map(|m| m.len()).unwrap_or(0);
    println!("store size       {:.1} MB ({} events)", (stats.file_bytes + wal) as f64 / 1e6, stats.events);
    println!("query            first page of 50 rows, {} runs each, newest first", args.rounds);
    println!();
    println!("{:<34} {:>9} {:>9} {:>10}", "filter", "p50 ms", "p95 ms", "mean rows");
    let timings = bench::run_queries(&store, args.rounds, args.seed)?;
    let mut worst: f64 = 0.0;
    for t in &timings {
        println!("{:<34} {:>9.2} {:>9.2} {:>10.1}", t.name, t.p50_ms, t.p95_ms, t.mean_rows);
        worst = worst.max(t.p95_ms);
    }
    println!();
    println!("worst p95        {worst:.2} ms (target < 50 ms)");
    if args.keep || args.db.is_some() || reused {
        println!("store kept       {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
