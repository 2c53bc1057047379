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
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract entities, quantities, times and places from documents; one JSON record each.
    Extract(commands::extract::Args),
    /// Measure extraction throughput (MB/s on one core) and peak memory over a corpus.
    Bench(commands::bench::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => commands::extract::run(args, cli.lexicon.as_deref(), cli.quiet),
        Command::Bench(args) => commands::bench::run(args, cli.lexicon.as_deref(), cli.quiet),
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
