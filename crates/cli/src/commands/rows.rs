//! Printing query results: `--format table|json|jsonl|csv` for every read command,
//! `--limit`/`--after` keyset pagination, and the store's `--db` option.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::Serialize;
use sitrep_store::{OpenMode, Page, SqliteStore};

/// How rows are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    /// Aligned columns for people.
    Table,
    /// One pretty-printed JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
}

/// The store and paging options shared by the read commands.
#[derive(clap::Args, Debug, Clone)]
pub struct StoreArgs {
    /// The store (a SQLite file made by `sitrep ingest`).
    #[arg(long, value_name = "PATH", default_value = "sitrep.db")]
    pub db: PathBuf,
}

/// Paging options.
#[derive(clap::Args, Debug, Clone)]
pub struct PageArgs {
    /// At most this many rows (0 = all).
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub limit: usize,
    /// Continue after this cursor (printed on stderr at the end of the previous page).
    #[arg(long, value_name = "CURSOR")]
    pub after: Option<String>,
}

impl PageArgs {
    pub fn page(&self) -> Page {
        Page { limit: self.limit, after: self.after.clone() }
    }
}

/// Opens a store for reading.
pub fn open_read(db: &Path) -> Result<SqliteStore> {
    Ok(SqliteStore::open(db, OpenMode::Read)?)
}

/// A record printable as a table or CSV row.
pub trait Row: Serialize {
    fn header() -> Vec<&'static str>;
    fn cells(&self) -> Vec<String>;
    /// Widest a table column may be (in characters), by column; longer cells are cut.
    fn max_width(_column: usize) -> usize {
        48
    }
}

fn cut(s: &str, width: usize) -> String {
    let one_line: String = s.chars().map(|c| if c == '\n' || c == '\t' || c == '\r' { ' ' } else { c }).collect();
    if one_line.chars().count() <= width {
        one_line
    } else {
        let mut out: String = one_line.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// Writes aligned columns: the header, then the rows; the last column is not padded.
pub fn write_table(
    out: &mut dyn Write,
    header: &[&str],
    rows: &[Vec<String>],
    max: &dyn Fn(usize) -> usize,
) -> io::Result<()> {
    let cells: Vec<Vec<String>> =
        rows.iter().map(|r| r.iter().enumerate().map(|(i, c)| cut(c, max(i))).collect()).collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in &cells {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let line = |out: &mut dyn Write, cols: &[String]| -> io::Result<()> {
        let n = cols.len();
        let mut s = String::new();
        for (i, c) in cols.iter().enumerate() {
            s.push_str(c);
            if i + 1 < n {
                let pad = widths[i] - c.chars().count() + 2;
                s.extend(std::iter::repeat_n(' ', pad));
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(out, &header.iter().map(|h| h.to_string()).collect::<Vec<_>>())?;
    for r in &cells {
        line(out, r)?;
    }
    Ok(())
}

/// Prints rows in a format; returns how many were printed.
pub fn print_rows<R: Row>(rows: &[R], format: OutFormat) -> Result<usize> {
    let stdout = io::stdout().lock();
    let mut out = BufWriter::new(stdout);
    write_rows(&mut out, rows, format)?;
    out.flush()?;
    Ok(rows.len())
}

/// Writes rows in a format to any writer.
pub fn write_rows<R: Row>(out: &mut dyn Write, rows: &[R], format: OutFormat) -> Result<()> {
    match format {
        OutFormat::Table => {
            let cells: Vec<Vec<String>> = rows.iter().map(Row::cells).collect();
            write_table(out, &R::header(), &cells, &R::max_width)?;
        }
        OutFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, rows)?;
            writeln!(out)?;
        }
        OutFormat::Jsonl => {
            for r in rows {
                serde_json::to_writer(&mut *out, r)?;
                writeln!(out)?;
            }
        }
        OutFormat::Csv => {
            writeln!(
                out,
                "{}",
                R::header().iter().map(|h| sitrep_export::csv_field(&h.to_lowercase())).collect::<Vec<_>>().join(",")
            )?;
            for r in rows {
                writeln!(
                    out,
                    "{}",
                    r.cells().iter().map(|c| sitrep_export::csv_field(c)).collect::<Vec<_>>().join(",")
                )?;
            }
        }
    }
    Ok(())
}

/// Prints one page of records as rows of type `R`, tells how to get the next page, and
/// gives the exit code (1 when the page is empty).
pub fn print_page<T, R: Row>(
    page: sitrep_store::Paged<T>,
    row: impl FnMut(T) -> R,
    format: OutFormat,
    quiet: bool,
) -> Result<std::process::ExitCode> {
    let rows: Vec<R> = page.rows.into_iter().map(row).collect();
    let n = print_rows(&rows, format)?;
    hint_next(&page.next, quiet);
    Ok(found(n))
}

/// Tells on stderr how to get the next page.
pub fn hint_next(next: &Option<String>, quiet: bool) {
    if let (Some(n), false) = (next, quiet) {
        eprintln!("sitrep: more results: add --after '{n}'");
    }
}

/// Exit code of a read: 0 when something was found, 1 when nothing was.
pub fn found(n: usize) -> std::process::ExitCode {
    if n == 0 {
        std::process::ExitCode::from(1)
    } else {
        std::process::ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct R(&'static str, &'static str);

    impl Row for R {
        fn header() -> Vec<&'static str> {
            vec!["A", "LONG NAME"]
        }
        fn cells(&self) -> Vec<String> {
            vec![self.0.into(), self.1.into()]
        }
        fn max_width(_: usize) -> usize {
            8
        }
    }

    fn render(format: OutFormat) -> String {
        let mut buf = Vec::new();
        write_rows(&mut buf, &[R("x", "a, \"b\""), R("longer value", "z")], format).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn tables_align_and_cut() {
        assert_eq!(render(OutFormat::Table), "A         LONG NAME\nx         a, \"b\"\nlonger …  z\n");
    }

    #[test]
    fn csv_quotes() {
        assert_eq!(render(OutFormat::Csv), "a,long name\nx,\"a, \"\"b\"\"\"\nlonger value,z\n");
    }
}
