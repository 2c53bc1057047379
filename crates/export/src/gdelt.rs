//! The GDELT 2.0 event table: one event per line, 61 tab-separated columns, no header,
//! in the order of the GDELT 2.0 Event Codebook ([`COLUMNS`]).
//!
//! How sitrep fills them:
//! - GLOBALEVENTID is the store's event id; SQLDATE, MonthYear, Year and FractionDate
//!   come from the event's date (else the day it was first seen, else the day it was
//!   added); FractionDate is `Year + (Month * 30 + Day) / 365` as GDELT computes it.
//! - Actor codes are split into country, known group and up to three type codes
//!   ([`crate::cameo::actor_parts`]); names are upper case as in GDELT. Ethnic and
//!   religion codes are empty: sitrep does not code them.
//! - EventCode / EventBaseCode / EventRootCode are CAMEO codes *as strings* (leading
//!   zeros kept: "074", "07"); QuadClass comes from the root and GoldsteinScale from
//!   `data/goldstein.tsv`.
//! - NumMentions, NumSources and NumArticles are the merged event's mentions, distinct
//!   sources and documents; AvgTone is 0 (sitrep measures no tone).
//! - IsRootEvent is 1 when a mention is in the first three sentences of its document
//!   (GDELT: "the first paragraph").
//! - Actor geography is empty (type 0): sitrep does not place actors. Action geography is
//!   the event's geocoded place: type 4 (world city) or 3 (US city), "Name, Country",
//!   FIPS 10-4 country code (ADM1Code is the country code alone: sitrep has no
//!   first-level division codes), latitude, longitude and the GeoNames id as FeatureID.
//! - DATEADDED is when the event was stored (UTC, `YYYYMMDDHHMMSS`); SOURCEURL is the
//!   first document's URL, else its id.

use std::io::{self, Write};

use sitrep_store::{ActorInfo, EventRecord, PlaceInfo};

use crate::cameo::{self, actor_parts};
use crate::Sink;

/// The 61 columns of the GDELT 2.0 event table, in order.
pub const COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// Writes the GDELT event table.
pub struct GdeltSink<W: Write> {
    out: W,
}

impl<W: Write> GdeltSink<W> {
    pub fn new(out: W) -> Self {
        GdeltSink { out }
    }
}

impl<W: Write> Sink for GdeltSink<W> {
    fn event(&mut self, e: &EventRecord) -> io::Result<()> {
        let row = row(e);
        debug_assert_eq!(row.len(), COLUMNS.len());
        self.out.write_all(row.join("\t").as_bytes())?;
        self.out.write_all(b"\n")
    }
    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// A field without tabs or line breaks.
fn clean(s: &str) -> String {
    s.split(['\t', '\n', '\r']).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
}

fn ymd(s: &str) -> Option<(i32, u32, u32)> {
    let b = s.get(..10)?;
    let y = b.get(..4)?.parse().ok()?;
    let m = b.get(5..7)?.parse().ok()?;
    let d = b.get(8..10)?.parse().ok()?;
    Some((y, m, d))
}

fn actor(a: Option<&ActorInfo>) -> [String; 10] {
    let Some(a) = a else { return Default::default() };
    let p = actor_parts(&a.code, a.country.as_deref());
    [
        clean(&a.code),
        clean(&a.name.to_uppercase()),
        p.country,
        p.known_group,
        String::new(),
        String::new(),
        String::new(),
        p.types[0].clone(),
        p.types[1].clone(),
        p.types[2].clone(),
    ]
}

fn geo(place: Option<&PlaceInfo>) -> [String; 8] {
    let Some(p) = place else {
        return [
            "0".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ];
    };
    let country = p.country.as_deref().and_then(cameo::country);
    let fips = country.map(|c| c.fips.to_string()).unwrap_or_default();
    let full = match country {
        Some(c) if !p.name.contains(c.name) => format!("{}, {}", p.name, c.name),
        _ => p.name.clone(),
    };
    let kind = if p.country.as_deref() == Some("USA") { "3" } else { "4" };
    let feature = p.gazetteer_id.as_deref().and_then(|g| g.strip_prefix("geonames:")).unwrap_or("").to_string();
    [
        kind.into(),
        clean(&full),
        fips.clone(),
        fips,
        String::new(),
        format!("{:.4}", p.lat),
        format!("{:.4}", p.lon),
        feature,
    ]
}

/// The 61 fields of an event.
pub fn row(e: &EventRecord) -> Vec<String> {
    let day = e.date.as_deref().or(e.first_seen.as_deref()).unwrap_or(&e.added);
    let (y, m, d) = ymd(day).or_else(|| ymd(&e.added)).unwrap_or((0, 0, 0));
    let mut row = Vec::with_capacity(COLUMNS.len());
    row.push(e.id.to_string());
    row.push(format!("{y:04}{m:02}{d:02}"));
    row.push(format!("{y:04}{m:02}"));
    row.push(format!("{y:04}"));
    row.push(format!("{:.4}", y as f64 + (m as f64 * 30.0 + d as f64) / 365.0));
    row.extend(actor(e.source.as_ref()));
    row.extend(actor(e.target.as_ref()));
    row.push(if e.lead_sentence < 3 { "1" } else { "0" }.into());
    row.push(cameo::event_code(&e.cameo));
    row.push(cameo::base_code(&e.cameo));
    row.push(cameo::root_code(&e.cameo));
    row.push(cameo::quad_class(&e.cameo).to_string());
    row.push(cameo::goldstein(&e.cameo).map(|g| format!("{g:.1}")).unwrap_or_default());
    row.push(e.mentions.to_string());
    row.push(e.sources.to_string());
    row.push(e.documents.to_string());
    row.push("0".into());
    row.extend(geo(None));
    row.extend(geo(None));
    row.extend(geo(e.place.as_ref()));
    let added: String = e.added.chars().filter(char::is_ascii_digit).take(14).collect();
    row.push(format!("{added:0<14}"));
    row.push(clean(e.url.as_deref().unwrap_or(&e.doc_id)));
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata;

    fn out(events: &[EventRecord]) -> String {
        let mut buf = Vec::new();
        let mut s = GdeltSink::new(&mut buf);
        for e in events {
            s.event(e).unwrap();
        }
        s.finish().unwrap();
        String::from_utf8(buf).unwrap()
    }

    fn col<'a>(fields: &'a [&'a str], name: &str) -> &'a str {
        fields[COLUMNS.iter().position(|c| *c == name).unwrap()]
    }

    #[test]
    fn every_line_has_61_fields_of_the_right_types() {
        let text = out(&[testdata::deploy(), testdata::bare()]);
        for line in text.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 61, "{line}");
            for name in [
                "GLOBALEVENTID",
                "SQLDATE",
                "MonthYear",
                "Year",
                "IsRootEvent",
                "QuadClass",
                "NumMentions",
                "NumSources",
                "NumArticles",
                "ActionGeo_Type",
                "DATEADDED",
            ] {
                assert!(col(&f, name).parse::<i64>().is_ok(), "{name} = {:?}", col(&f, name));
            }
            for name in ["FractionDate", "GoldsteinScale", "AvgTone"] {
                assert!(col(&f, name).parse::<f64>().is_ok(), "{name}");
            }
            assert_eq!(col(&f, "SQLDATE").len(), 8);
            assert_eq!(col(&f, "DATEADDED").len(), 14);
        }
    }

    #[test]
    fn a_full_event() {
        let text = out(&[testdata::deploy()]);
        let f: Vec<&str> = text.trim_end_matches('\n').split('\t').collect();
        assert_eq!(col(&f, "GLOBALEVENTID"), "42");
        assert_eq!((col(&f, "SQLDATE"), col(&f, "MonthYear"), col(&f, "Year")), ("20241022", "202410", "2024"));
        assert_eq!(col(&f, "FractionDate"), "2024.8822");
        assert_eq!((col(&f, "Actor1Code"), col(&f, "Actor1Name")), ("PRKMIL", "NORTH KOREAN TROOPS"));
        assert_eq!((col(&f, "Actor1CountryCode"), col(&f, "Actor1Type1Code")), ("PRK", "MIL"));
        assert_eq!(
            (col(&f, "Actor2Code"), col(&f, "Actor2CountryCode"), col(&f, "Actor2Type1Code")),
            ("RUS", "RUS", "")
        );
        assert_eq!((col(&f, "EventCode"), col(&f, "EventBaseCode"), col(&f, "EventRootCode")), ("152", "152", "15"));
        assert_eq!((col(&f, "QuadClass"), col(&f, "GoldsteinScale")), ("4", "-7.2"));
        assert_eq!((col(&f, "NumMentions"), col(&f, "NumSources"), col(&f, "NumArticles")), ("3", "2", "3"));
        assert_eq!(col(&f, "IsRootEvent"), "1");
        assert_eq!(col(&f, "Actor1Geo_Type"), "0");
        assert_eq!(
            (col(&f, "ActionGeo_Type"), col(&f, "ActionGeo_FullName"), col(&f, "ActionGeo_CountryCode")),
            ("4", "Kursk Oblast, Russia", "RS")
        );
        assert_eq!(
            (col(&f, "ActionGeo_Lat"), col(&f, "ActionGeo_Long"), col(&f, "ActionGeo_FeatureID")),
            ("51.7269", "36.1846", "538560")
        );
        assert_eq!(col(&f, "DATEADDED"), "20241026093005");
        assert_eq!(col(&f, "SOURCEURL"), "https://example.org/news/1");
    }

    #[test]
    fn codes_stay_strings_with_leading_zeros() {
        let mut e = testdata::deploy();
        e.cameo = "074".into();
        let text = out(&[e]);
        let f: Vec<&str> = text.trim_end().split('\t').collect();
        assert_eq!((col(&f, "EventCode"), col(&f, "EventBaseCode"), col(&f, "EventRootCode")), ("074", "074", "07"));
        assert_eq!((col(&f, "QuadClass"), col(&f, "GoldsteinScale")), ("2", "8.5"));
    }

    #[test]
    fn a_bare_event() {
        let text = out(&[testdata::bare()]);
        let f: Vec<&str> = text.trim_end_matches('\n').split('\t').collect();
        assert_eq!(col(&f, "SQLDATE"), "20241026", "no date: the day it was added");
        assert_eq!((col(&f, "Actor1Code"), col(&f, "Actor1Name")), ("", "PROTESTERS"));
        assert_eq!(col(&f, "Actor2Code"), "");
        assert_eq!((col(&f, "EventCode"), col(&f, "EventRootCode")), ("140", "14"));
        assert_eq!(col(&f, "IsRootEvent"), "0");
        assert_eq!((col(&f, "ActionGeo_Type"), col(&f, "ActionGeo_FullName")), ("0", ""));
        assert_eq!(col(&f, "SOURCEURL"), "def");
    }
}
