//! `sitrep serve`: the store over HTTP (JSON and CSV API, OpenAPI document) and the
//! embedded web UI, until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

#[derive(clap::Args)]
pub struct Args {
    /// The store (a SQLite file made by `sitrep ingest`; created when missing with --write-token).
    #[arg(long, value_name = "PATH", default_value = "sitrep.db")]
    db: PathBuf,
    /// Address and port to listen on.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Token that `POST /api/documents` needs (`Authorization: Bearer TOKEN`); without it
    /// the server is read-only. Also read from SITREP_WRITE_TOKEN.
    #[arg(long, value_name = "TOKEN", env = "SITREP_WRITE_TOKEN", hide_env_values = true)]
    write_token: Option<String>,
    /// Requests per second per client IP (bursts of twice that); 0 = no limit.
    #[arg(long, value_name = "N", default_value_t = 0.0)]
    rate_limit: f64,
    /// Largest request body in bytes (ingest); larger ones get 413.
    #[arg(long, value_name = "BYTES", default_value_t = sitrep_server::DEFAULT_MAX_BODY)]
    max_body: usize,
    /// Read connections to the store.
    #[arg(long, value_name = "N")]
    readers: Option<usize>,
}

pub fn run(args: Args, lexicon: Option<&Path>, quiet: bool) -> Result<ExitCode> {
    let mut config = sitrep_server::Config {
        db: args.db.clone(),
        write_token: args.write_token.clone(),
        rate_limit: args.rate_limit,
        max_body: args.max_body,
        ..Default::default()
    };
    if let Some(n) = args.readers {
        config.readers = n;
    }
    // The pipeline is only needed to write.
    let extractor =
        if args.write_token.is_some() { Some(std::sync::Arc::new(super::extractor(lexicon, quiet)?)) } else { None };
    let mode = if args.write_token.is_some() { "read-write" } else { "read-only" };
    sitrep_server::run(&config, extractor, args.bind, |addr| {
        eprintln!("sitrep: serving {} ({mode}) on http://{addr}/  (Ctrl-C stops)", args.db.display());
    })?;
    if !quiet {
        eprintln!("sitrep: stopped");
    }
    Ok(ExitCode::SUCCESS)
}
