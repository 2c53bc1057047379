//! Writing records to stdout.

use std::io::{self, Write};

use anyhow::Result;
use serde::Serialize;

/// How records are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum JsonFormat {
    /// One pretty-printed JSON array.
    Json,
    /// One compact JSON object per line.
    Jsonl,
}

/// Streams records as a JSON array or as JSON Lines.
pub struct RecordWriter<W: Write> {
    out: W,
    format: JsonFormat,
    written: usize,
}

impl<W: Write> RecordWriter<W> {
    pub fn new(out: W, format: JsonFormat) -> Self {
        RecordWriter { out, format, written: 0 }
    }

    pub fn write<T: Serialize>(&mut self, record: &T) -> Result<()> {
        match self.format {
            JsonFormat::Json => {
                self.out.write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
                serde_json::to_writer_pretty(&mut self.out, record)?;
            }
            JsonFormat::Jsonl => {
                serde_json::to_writer(&mut self.out, record)?;
                self.out.write_all(b"\n")?;
            }
        }
        self.written += 1;
        Ok(())
    }

    pub fn finish(mut self) -> Result<usize> {
        if self.format == JsonFormat::Json {
            self.out.write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()?;
        Ok(self.written)
    }
}

/// Whether an error is a closed stdout (`sitrep extract ... | head`), which is not a failure.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
    })
}
