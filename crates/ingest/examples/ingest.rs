//! Reads inputs with sitrep-ingest and reports counts and timing.
//!
//! ```text
//! cargo run -p sitrep-ingest --example ingest -- [--print] [--format F] FILE...
//! ```
//!
//! Without `--print` it prints, per input, the documents read, the errors (each on its
//! own line, as the CLI would show them), the bytes of text and the time taken. With
//! `--print` it writes every document as one JSON line to stdout instead.

use std::io::Write;
use std::time::Instant;

use sitrep_ingest::{read_input, Format, Limits};

fn main() {
    let mut print = false;
    let mut format = Format::Auto;
    let mut inputs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--print" => print = true,
            "--format" => {
                let name = args.next().unwrap_or_default();
                format = name.parse().unwrap_or_else(|e| {
                    eprintln!("{e}");
                    std::process::exit(2)
                });
            }
            _ => inputs.push(arg),
        }
    }
    let limits = Limits::default();
    for input in &inputs {
        let start = Instant::now();
        let results = read_input(input, format, &limits);
        let elapsed = start.elapsed();
        let (mut docs, mut errors, mut bytes, mut titled) = (0usize, 0usize, 0usize, 0usize);
        for result in &results {
            match result {
                Ok(doc) => {
                    docs += 1;
                    bytes += doc.text.len();
                    titled += usize::from(doc.title.is_some());
                    if print {
                        let line = serde_json::to_string(doc).expect("serialisable");
                        if writeln!(std::io::stdout(), "{line}").is_err() {
                            return; // e.g. a closed pipe
                        }
                    }
                }
                Err(err) => {
                    errors += 1;
                    if errors <= 20 {
                        eprintln!("{err}");
                    }
                }
            }
        }
        eprintln!(
            "{input}: {docs} documents ({titled} titled), {errors} errors, {bytes} bytes of text, {:.1} ms",
            elapsed.as_secs_f64() * 1000.0
        );
    }
}
