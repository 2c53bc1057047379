//! `sitrep disputes`: where sources disagree — different values for the same measured
//! thing, events asserted by some and negated by others, claims called false or denied.
//! Every side is listed with its value, speaker, outlet, date and document.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Result;
use sitrep_store::{Dispute, DisputeOptions};

use super::rows::{self, found, open_read, OutFormat, Row, StoreArgs};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    store: StoreArgs,
    /// Only disputes of this kind: quantity, event or claim.
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,
    /// Only disputes whose subject or key contains this text (e.g. PRK).
    #[arg(long, value_name = "TEXT")]
    about: Option<String>,
    /// Values farther apart than this fraction conflict.
    #[arg(long, default_value_t = 0.25, value_name = "FRACTION")]
    tolerance: f64,
    /// Values published more than this many days apart are not compared.
    #[arg(long, default_value_t = 30, value_name = "DAYS")]
    window: i64,
    /// At most this many disputes (0 = all).
    #[arg(long, default_value_t = 0, value_name = "N")]
    limit: usize,
    /// `table` groups the sides under each dispute; `csv` and `jsonl` give one row per side;
    /// `json` one object per dispute with its sides.
    #[arg(long, value_enum, default_value = "table")]
    format: OutFormat,
}

/// One side of a dispute as a flat row.
#[derive(serde::Serialize)]
struct SideRow<'a> {
    dispute: &'a str,
    kind: &'a str,
    subject: &'a str,
    value: &'a str,
    number: Option<f64>,
    speaker: Option<&'a str>,
    speaker_from: &'a str,
    source: Option<&'a str>,
    date: Option<&'a str>,
    doc_id: &'a str,
    url: Option<&'a str>,
    text: &'a str,
    sentence: &'a str,
}

impl Row for SideRow<'_> {
    fn header() -> Vec<&'static str> {
        vec![
            "DISPUTE",
            "KIND",
            "SUBJECT",
            "VALUE",
            "NUMBER",
            "SPEAKER",
            "SPEAKER_FROM",
            "SOURCE",
            "DATE",
            "DOC_ID",
            "URL",
            "TEXT",
            "SENTENCE",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let o = |s: Option<&str>| s.unwrap_or("").to_string();
        vec![
            self.dispute.into(),
            self.kind.into(),
            self.subject.into(),
            self.value.into(),
            self.number.map(|n| n.to_string()).unwrap_or_default(),
            o(self.speaker),
            self.speaker_from.into(),
            o(self.source),
            o(self.date),
            self.doc_id.into(),
            o(self.url),
            self.text.into(),
            self.sentence.into(),
        ]
    }
}

fn side_rows(disputes: &[Dispute]) -> Vec<SideRow<'_>> {
    disputes
        .iter()
        .flat_map(|d| {
            d.sides.iter().map(move |s| SideRow {
                dispute: &d.id,
                kind: d.kind.as_str(),
                subject: &d.subject,
                value: &s.value,
                number: s.number,
                speaker: s.speaker.as_deref(),
                speaker_from: &s.speaker_from,
                source: s.source.as_deref(),
                date: s.date.as_deref(),
                doc_id: &s.doc_id,
                url: s.url.as_deref(),
                text: &s.text,
                sentence: &s.sentence,
            })
        })
        .collect()
}

/// Writes disputes as blocks: a heading per dispute, then its sides as aligned rows.
pub fn write_table(out: &mut dyn Write, disputes: &[Dispute]) -> io::Result<()> {
    for (i, d) in disputes.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{}  {} dispute: {}", d.id, d.kind.as_str(), d.subject)?;
        let cells: Vec<Vec<String>> = d
            .sides
            .iter()
            .map(|s| {
                let speaker = match (&s.speaker, s.speaker_from.as_str()) {
                    (Some(n), "outlet") => format!("{n} (outlet)"),
                    (Some(n), _) => n.clone(),
                    (None, _) => "(unknown)".into(),
                };
                vec![
                    format!("  {}", s.value),
                    speaker,
                    s.source.clone().unwrap_or_default(),
                    s.date.clone().unwrap_or_default(),
                    s.doc_id.clone(),
                    if s.sentence.is_empty() { s.text.clone() } else { s.sentence.clone() },
                ]
            })
            .collect();
        let max = |c: usize| match c {
            0 => 28,
            4 => 16,
            5 => 90,
            _ => 32,
        };
        rows::write_table(out, &["  VALUE", "SPEAKER", "SOURCE", "DATE", "DOC", "SENTENCE"], &cells, &max)?;
    }
    Ok(())
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.tolerance.is_nan() || args.tolerance < 0.0 {
        anyhow::bail!("--tolerance must be 0 or more");
    }
    let store = open_read(&args.store.db)?;
    let options = DisputeOptions { tolerance: args.tolerance, window_days: args.window };
    let mut disputes = store.disputes(&options)?;
    if let Some(k) = &args.kind {
        let k = k.trim().to_ascii_lowercase();
        if !["quantity", "event", "claim"].contains(&k.as_str()) {
            anyhow::bail!("--kind {k}: expected quantity, event or claim");
        }
        disputes.retain(|d| d.kind.as_str() == k);
    }
    if let Some(a) = &args.about {
        let a = a.to_lowercase();
        disputes.retain(|d| d.subject.to_lowercase().contains(&a) || d.key.to_lowercase().contains(&a));
    }
    if args.limit > 0 {
        disputes.truncate(args.limit);
    }
    let mut out = BufWriter::new(io::stdout().lock());
    match args.format {
        OutFormat::Table => write_table(&mut out, &disputes)?,
        OutFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &disputes)?;
            writeln!(out)?;
        }
        OutFormat::Jsonl | OutFormat::Csv => rows::write_rows(&mut out, &side_rows(&disputes), args.format)?,
    }
    out.flush()?;
    Ok(found(disputes.len()))
}
