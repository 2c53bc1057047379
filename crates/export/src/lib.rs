//! sitrep's exporters: merged events out in the formats analysts' tools read.
//!
//! **What.** One push-model trait, [`Sink`]: the caller hands events one at a time and
//! then calls [`Sink::finish`]. Formats:
//!
//! | format | what | module |
//! |---|---|---|
//! | `gdelt` | GDELT 2.0 event table: 61 tab-separated columns, no header | [`gdelt`] |
//! | `plover` | PLOVER JSON Lines, one event record per line (PLOVER manual, "JSON Data Fields") | [`plover`] |
//! | `jsonl` | sitrep's own event records, one per line | here |
//! | `csv` | one row per event, with a header | here |
//! | `geojson` | a FeatureCollection of the events that have a place | [`geojson`] |
//! | `gexf` | the actor graph (actors as nodes, events as weighted edges) for Gephi | [`gexf`] |
//!
//! **Why.** Every exporter is pure (events in, bytes out, no store access), so each is
//! unit-tested on records built in the test; streaming formats hold one event at a time,
//! the graph holds only actors and actor pairs.
//!
//! **Example.**
//! ```
//! use sitrep_export::{sink, ExportFormat};
//! let mut out = Vec::new();
//! let mut s = sink(ExportFormat::Csv, &mut out);
//! s.finish().unwrap();
//! drop(s);
//! assert!(String::from_utf8(out).unwrap().starts_with("id,date,"));
//! ```

pub mod cameo;
pub mod gdelt;
pub mod geojson;
pub mod gexf;
pub mod plover;

use std::io::{self, Write};
use std::str::FromStr;

pub use sitrep_store::EventRecord;

/// Receives events one at a time and writes them out.
pub trait Sink {
    /// Writes (or, for whole-file formats, collects) one event.
    fn event(&mut self, e: &EventRecord) -> io::Result<()>;
    /// Writes what remains (closing brackets, the graph) and flushes.
    fn finish(&mut self) -> io::Result<()>;
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Gdelt,
    Plover,
    Jsonl,
    Csv,
    Geojson,
    Gexf,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Gdelt,
        ExportFormat::Plover,
        ExportFormat::Jsonl,
        ExportFormat::Csv,
        ExportFormat::Geojson,
        ExportFormat::Gexf,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Gdelt => "gdelt",
            ExportFormat::Plover => "plover",
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Csv => "csv",
            ExportFormat::Geojson => "geojson",
            ExportFormat::Gexf => "gexf",
        }
    }
}

impl FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ExportFormat::ALL.into_iter().find(|f| f.as_str().eq_ignore_ascii_case(s.trim())).ok_or_else(|| {
            format!("unknown export format \"{s}\" (expected gdelt, plover, jsonl, csv, geojson or gexf)")
        })
    }
}

/// The sink of a format, writing to `out`.
pub fn sink<'a, W: Write + 'a>(format: ExportFormat, out: W) -> Box<dyn Sink + 'a> {
    match format {
        ExportFormat::Gdelt => Box::new(gdelt::GdeltSink::new(out)),
        ExportFormat::Plover => Box::new(plover::PloverSink::new(out)),
        ExportFormat::Jsonl => Box::new(JsonlSink { out }),
        ExportFormat::Csv => Box::new(CsvSink::new(out)),
        ExportFormat::Geojson => Box::new(geojson::GeoJsonSink::new(out)),
        ExportFormat::Gexf => Box::new(gexf::GexfSink::new(out)),
    }
}

/// sitrep's event records as JSON Lines.
pub struct JsonlSink<W: Write> {
    out: W,
}

impl<W: Write> Sink for JsonlSink<W> {
    fn event(&mut self, e: &EventRecord) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, e)?;
        self.out.write_all(b"\n")
    }
    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Quotes a CSV field when it holds a comma, quote or line break (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The columns of the CSV export.
pub const CSV_COLUMNS: [&str; 27] = [
    "id",
    "date",
    "date_last",
    "plover",
    "cameo",
    "quad_class",
    "goldstein",
    "factuality",
    "source_code",
    "source_name",
    "source_country",
    "target_code",
    "target_name",
    "target_country",
    "place",
    "place_country",
    "lat",
    "lon",
    "mentions",
    "documents",
    "sources",
    "first_seen",
    "last_seen",
    "doc_id",
    "url",
    "trigger",
    "sentence",
];

/// One row per event, with a header.
pub struct CsvSink<W: Write> {
    out: W,
    header: bool,
}

impl<W: Write> CsvSink<W> {
    pub fn new(out: W) -> Self {
        CsvSink { out, header: false }
    }

    fn header(&mut self) -> io::Result<()> {
        if !self.header {
            self.header = true;
            writeln!(self.out, "{}", CSV_COLUMNS.join(","))?;
        }
        Ok(())
    }
}

/// The CSV cells of an event, in [`CSV_COLUMNS`] order.
pub fn csv_cells(e: &EventRecord) -> Vec<String> {
    let s = |x: &Option<String>| x.clone().unwrap_or_default();
    let side = |a: &Option<sitrep_store::ActorInfo>| match a {
        Some(a) => [a.code.clone(), a.name.clone(), a.country.clone().unwrap_or_default()],
        None => Default::default(),
    };
    let [sc, sn, sco] = side(&e.source);
    let [tc, tn, tco] = side(&e.target);
    vec![
        e.id.to_string(),
        s(&e.date),
        s(&e.date_last),
        e.plover.clone(),
        e.cameo.clone(),
        cameo::quad_class(&e.cameo).to_string(),
        cameo::goldstein(&e.cameo).map(|g| format!("{g:.1}")).unwrap_or_default(),
        e.factuality.clone(),
        sc,
        sn,
        sco,
        tc,
        tn,
        tco,
        e.place.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
        e.place.as_ref().and_then(|p| p.country.clone()).unwrap_or_default(),
        e.place.as_ref().map(|p| p.lat.to_string()).unwrap_or_default(),
        e.place.as_ref().map(|p| p.lon.to_string()).unwrap_or_default(),
        e.mentions.to_string(),
        e.documents.to_string(),
        e.sources.to_string(),
        s(&e.first_seen),
        s(&e.last_seen),
        e.doc_id.clone(),
        s(&e.url),
        e.trigger.clone(),
        e.sentence.clone(),
    ]
}

impl<W: Write> Sink for CsvSink<W> {
    fn event(&mut self, e: &EventRecord) -> io::Result<()> {
        self.header()?;
        let cells: Vec<String> = csv_cells(e).iter().map(|c| csv_field(c)).collect();
        writeln!(self.out, "{}", cells.join(","))
    }
    fn finish(&mut self) -> io::Result<()> {
        self.header()?;
        self.out.flush()
    }
}

#[cfg(test)]
pub(crate) mod testdata {
    use sitrep_store::{ActorInfo, EventRecord, PlaceInfo};

    /// North Korean troops deployed to Russia's Kursk region, as a merged event.
    pub fn deploy() -> EventRecord {
        EventRecord {
            id: 42,
            plover: "MOBILIZE".into(),
            cameo: "152".into(),
            source: Some(ActorInfo {
                code: "PRKMIL".into(),
                country: Some("PRK".into()),
                name: "North Korean troops".into(),
            }),
            target: Some(ActorInfo { code: "RUS".into(), country: Some("RUS".into()), name: "Russia".into() }),
            factuality: "asserted".into(),
            date: Some("2024-10-22".into()),
            date_last: Some("2024-10-25".into()),
            first_seen: Some("2024-10-22".into()),
            last_seen: Some("2024-10-25".into()),
            mentions: 3,
            documents: 3,
            sources: 2,
            place: Some(PlaceInfo {
                name: "Kursk Oblast".into(),
                country: Some("RUS".into()),
                lat: 51.7269,
                lon: 36.1846,
                gazetteer_id: Some("geonames:538560".into()),
            }),
            lead_sentence: 0,
            added: "2024-10-26T09:30:05Z".into(),
            doc_id: "abc".into(),
            url: Some("https://example.org/news/1".into()),
            title: Some("Troops, \"deployed\"".into()),
            outlet: Some("Example News".into()),
            trigger: "deployed".into(),
            sentence: "North Korean troops were deployed to Russia's Kursk region,\tofficials said.".into(),
        }
    }

    /// An event with no target, place or date.
    pub fn bare() -> EventRecord {
        EventRecord {
            id: 7,
            plover: "PROTEST".into(),
            cameo: "14".into(),
            source: Some(ActorInfo { code: "".into(), country: None, name: "protesters".into() }),
            target: None,
            factuality: "possible".into(),
            date: None,
            date_last: None,
            first_seen: None,
            last_seen: None,
            mentions: 1,
            documents: 1,
            sources: 1,
            place: None,
            lead_sentence: 4,
            added: "2024-10-26T09:30:05Z".into(),
            doc_id: "def".into(),
            url: None,
            title: None,
            outlet: None,
            trigger: "protested".into(),
            sentence: "Protesters protested.".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(format: ExportFormat, events: &[EventRecord]) -> String {
        let mut out = Vec::new();
        {
            let mut s = sink(format, &mut out);
            for e in events {
                s.event(e).unwrap();
            }
            s.finish().unwrap();
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn format_names() {
        for f in ExportFormat::ALL {
            assert_eq!(f.as_str().parse::<ExportFormat>().unwrap(), f);
        }
        assert!("xml".parse::<ExportFormat>().unwrap_err().contains("expected gdelt"));
    }

    #[test]
    fn csv_quotes_and_counts_columns() {
        let out = run(ExportFormat::Csv, &[testdata::deploy(), testdata::bare()]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].split(',').count(), CSV_COLUMNS.len());
        assert!(lines[1]
            .starts_with("42,2024-10-22,2024-10-25,MOBILIZE,152,4,-7.2,asserted,PRKMIL,North Korean troops,PRK,RUS,"));
        assert!(lines[1].contains("\"North Korean troops were deployed to Russia's Kursk region,\tofficials said.\""));
        assert!(lines[2].starts_with("7,,,PROTEST,14,4,-6.5,possible,,protesters,,,,,"));
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn jsonl_is_the_record() {
        let out = run(ExportFormat::Jsonl, &[testdata::deploy()]);
        let back: EventRecord = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(back, testdata::deploy());
    }
}
