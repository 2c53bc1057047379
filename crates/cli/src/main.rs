//! `sitrep`: news reports in, structured and sourced intelligence out.
//!
//! The binary is glue: it parses arguments, reads inputs with `sitrep-ingest`, runs the
//! `sitrep-extract` pipeline and prints records. Data goes to stdout; progress, warnings
//! and errors to stderr. Exit codes: 0 success, 1 nothing found, 2 error.

mod commands;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

// The pipeline makes many small, short-lived allocations (phrase keys, candidate lists);
// mimalloc serves them in a fraction of glibc malloc's instructions.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "sitrep",
    version,
    about = "Reads news about wars and international politics into structured, sourced records"
)]
struct Cli {
    /// Print nothing on stderr but errors.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Extra lexicon files (same names as the built-in ones) that add to or replace entries.
    #[arg(long, global = true, value_name = "DIR")]
    lexicon: Option<PathBuf>,
    /// PETRARCH/TABARI dictionaries (verbs, actors with date ranges, agents, discards) to load.
    #[arg(long, global = true, value_name = "DIR")]
    dictionaries: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract entities, events, claims, quantities, times and places from documents; one JSON record each.
    Extract(commands::extract::Args),
    /// Measure extraction throughput (MB/s on one core) and peak memory over a corpus.
    Bench(commands::bench::Args),
    /// Read documents, feeds (files, URLs, OPML lists) and pages into the store, idempotently.
    Ingest(commands::ingest::Args),
    /// Events merged across documents, filtered by actor, type, CAMEO code, place, date, sources.
    Events(commands::query::EventsArgs),
    /// Claims merged by speaker and content.
    Claims(commands::query::ClaimsArgs),
    /// Entities merged across documents by code and identity.
    Entities(commands::query::EntitiesArgs),
    /// Full-text search over the stored documents, with snippets.
    Search(commands::query::SearchArgs),
    /// One stored document's record.
    Show(commands::query::ShowArgs),
    /// An actor's events and claims in date order.
    Timeline(commands::query::TimelineArgs),
    /// Documents clustered into stories.
    Stories(commands::query::StoriesArgs),
    /// Where sources disagree: different numbers, asserted vs negated events, claims called false.
    Disputes(commands::disputes::Args),
    /// Export events: GDELT 2.0 TSV, PLOVER JSONL, JSONL, CSV, GeoJSON, GEXF actor graph.
    Export(commands::export::Args),
    /// Serve the store over HTTP: JSON/CSV API, OpenAPI document and the web UI.
    Serve(commands::serve::Args),
    /// Load test of the HTTP API on loopback: requests/s and latency per endpoint.
    BenchServe(commands::bench_serve::Args),
    /// Query latency on a SYNTHETIC store of many events (p50/p95 per filter).
    BenchStore(commands::bench_store::Args),
    /// Score the pipeline on gold files and public benchmarks (CoNLL-2003, TempEval-3, geoparsing, ...).
    Eval(commands::eval::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(dir) = cli.dictionaries.clone() {
        let _ = commands::DICTIONARIES.set(dir);
    }
    let result = match cli.command {
        Command::Extract(args) => commands::extract::run(args, cli.lexicon.as_deref(), cli.quiet),
        Command::Bench(args) => commands::bench::run(args, cli.lexicon.as_deref(), cli.quiet),
        Command::Ingest(args) => commands::ingest::run(args, cli.lexicon.as_deref(), cli.quiet),
        Command::Events(args) => commands::query::events(args, cli.quiet),
        Command::Claims(args) => commands::query::claims(args, cli.quiet),
        Command::Entities(args) => commands::query::entities(args, cli.quiet),
        Command::Search(args) => commands::query::search(args, cli.quiet),
        Command::Show(args) => commands::query::show(args),
        Command::Timeline(args) => commands::query::timeline(args, cli.quiet),
        Command::Stories(args) => commands::query::stories(args, cli.quiet),
        Command::Disputes(args) => commands::disputes::run(args),
        Command::Export(args) => commands::export::run(args, cli.quiet),
        Command::Serve(args) => commands::serve::run(args, cli.lexicon.as_deref(), cli.quiet),
        Command::BenchServe(args) => commands::bench_serve::run(args, cli.quiet),
        Command::BenchStore(args) => commands::bench_store::run(args, cli.quiet),
        Command::Eval(args) => commands::eval::run(args, cli.lexicon.as_deref(), cli.quiet),
    };
    match result {
        Ok(code) => code,
        Err(e) if output::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sitrep: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
