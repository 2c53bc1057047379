//! PLOVER JSON Lines: one event record per line, with the field names of the PLOVER
//! specification ("JSON Data Fields", PLOVER manual draft 0.7b1; see
//! `shared/anchors/plover/`).
//!
//! Fields written: `id`, `date` (YYYY-MM-DD, required), `enddate` when the merged event
//! spans days, `source` and `recipient` as lists of actor objects (`code`: the 3-letter
//! top-level code, `sector`: the rest of the CAMEO-style code, `actor_text`), `event`
//! (a list holding the PLOVER category), `event_loc` (a GeoNames-style location object:
//! `geonameid`, `name`, `latitude`, `longitude`, `country code` (alpha-2) and `cc3`),
//! `event_text` (the trigger words), `quad_code` (PLOVER quad category of the event
//! type), `event_scale` (the Goldstein value of the CAMEO code), `cite_info` (`url`,
//! `title`, `publication`), `coder` and `coded_date`. The text itself is not written
//! (PLOVER: only when the coder holds the rights to it). Extra fields that PLOVER allows
//! carry sitrep's merge: `cameo`, `factuality`, `num_mentions`, `num_sources`,
//! `num_articles`, `first_seen`, `last_seen`.
//!
//! Events without a PLOVER type (coded by an imported dictionary with a code of its own
//! outside CAMEO, "903") are not written: PLOVER requires the category.

use std::io::{self, Write};

use serde_json::{json, Map, Value};
use sitrep_store::{ActorInfo, EventRecord};

use crate::cameo;
use crate::Sink;

/// Writes PLOVER JSON Lines.
pub struct PloverSink<W: Write> {
    out: W,
}

impl<W: Write> PloverSink<W> {
    pub fn new(out: W) -> Self {
        PloverSink { out }
    }
}

impl<W: Write> Sink for PloverSink<W> {
    fn event(&mut self, e: &EventRecord) -> io::Result<()> {
        if e.plover.trim().is_empty() {
            return Ok(());
        }
        serde_json::to_writer(&mut self.out, &record(e))?;
        self.out.write_all(b"\n")
    }
    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

fn actors(a: Option<&ActorInfo>) -> Value {
    let Some(a) = a else { return json!([]) };
    let parts = cameo::actor_parts(&a.code, a.country.as_deref());
    let code = if !parts.country.is_empty() { parts.country.clone() } else { parts.known_group.clone() };
    let sector: String = if !parts.country.is_empty() && !parts.known_group.is_empty() {
        std::iter::once(parts.known_group.as_str()).chain(parts.types.iter().map(String::as_str)).collect()
    } else {
        parts.types.concat()
    };
    let mut o = Map::new();
    if !code.is_empty() {
        o.insert("code".into(), json!(code));
    }
    if !sector.is_empty() {
        o.insert("sector".into(), json!(sector));
    }
    o.insert("actor_text".into(), json!(a.name));
    json!([o])
}

/// The PLOVER record of an event.
pub fn record(e: &EventRecord) -> Value {
    let date = e.date.as_deref().or(e.first_seen.as_deref()).unwrap_or_else(|| e.added.get(..10).unwrap_or(&e.added));
    let mut o = Map::new();
    o.insert("id".into(), json!(format!("sitrep-{}", e.id)));
    o.insert("date".into(), json!(date));
    if let Some(last) = e.date_last.as_deref().filter(|l| Some(*l) != e.date.as_deref()) {
        o.insert("enddate".into(), json!(last));
    }
    o.insert("source".into(), actors(e.source.as_ref()));
    if e.target.is_some() {
        o.insert("recipient".into(), actors(e.target.as_ref()));
    }
    o.insert("event".into(), json!([e.plover]));
    if let Some(p) = &e.place {
        let country = p.country.as_deref().and_then(cameo::country);
        let mut loc = Map::new();
        if let Some(id) =
            p.gazetteer_id.as_deref().and_then(|g| g.strip_prefix("geonames:")).and_then(|g| g.parse::<u64>().ok())
        {
            loc.insert("geonameid".into(), json!(id));
        }
        loc.insert("name".into(), json!(p.name));
        loc.insert("latitude".into(), json!(p.lat));
        loc.insert("longitude".into(), json!(p.lon));
        if let Some(c) = country {
            loc.insert("country code".into(), json!(c.iso2));
        }
        if let Some(cc3) = &p.country {
            loc.insert("cc3".into(), json!(cc3));
        }
        o.insert("event_loc".into(), Value::Object(loc));
    }
    o.insert("event_text".into(), json!([e.trigger]));
    if let Some(q) = cameo::plover_quad(&e.plover) {
        o.insert("quad_code".into(), json!(q));
    }
    if let Some(g) = cameo::goldstein(&e.cameo) {
        o.insert("event_scale".into(), json!(g));
    }
    let mut cite = Map::new();
    if let Some(u) = &e.url {
        cite.insert("url".into(), json!(u));
    }
    if let Some(t) = &e.title {
        cite.insert("title".into(), json!(t));
    }
    if let Some(p) = &e.outlet {
        cite.insert("publication".into(), json!(p));
    }
    cite.insert("citation".into(), json!(e.doc_id));
    o.insert("cite_info".into(), Value::Object(cite));
    o.insert("coder".into(), json!(concat!("sitrep ", env!("CARGO_PKG_VERSION"))));
    o.insert("coded_date".into(), json!(e.added.get(..10).unwrap_or(&e.added)));
    o.insert("cameo".into(), json!(e.cameo));
    o.insert("factuality".into(), json!(e.factuality));
    o.insert("num_mentions".into(), json!(e.mentions));
    o.insert("num_sources".into(), json!(e.sources));
    o.insert("num_articles".into(), json!(e.documents));
    if let Some(f) = &e.first_seen {
        o.insert("first_seen".into(), json!(f));
    }
    if let Some(l) = &e.last_seen {
        o.insert("last_seen".into(), json!(l));
    }
    Value::Object(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata;

    #[test]
    fn required_and_standard_fields() {
        let r = record(&testdata::deploy());
        assert_eq!(r["id"], "sitrep-42");
        assert_eq!(r["date"], "2024-10-22");
        assert_eq!(r["enddate"], "2024-10-25");
        assert_eq!(r["source"], json!([{"code": "PRK", "sector": "MIL", "actor_text": "North Korean troops"}]));
        assert_eq!(r["recipient"], json!([{"code": "RUS", "actor_text": "Russia"}]));
        assert_eq!(r["event"], json!(["MOBILIZE"]));
        assert_eq!(r["event_text"], json!(["deployed"]));
        assert_eq!(r["quad_code"], 4);
        assert_eq!(r["event_scale"], -7.2);
        let loc = &r["event_loc"];
        assert_eq!((loc["geonameid"].as_u64(), loc["name"].as_str()), (Some(538560), Some("Kursk Oblast")));
        assert_eq!((loc["country code"].as_str(), loc["cc3"].as_str()), (Some("RU"), Some("RUS")));
        assert_eq!(loc["latitude"], 51.7269);
        assert_eq!(r["cite_info"]["url"], "https://example.org/news/1");
        assert_eq!(r["cite_info"]["publication"], "Example News");
        assert_eq!(r["coded_date"], "2024-10-26");
        assert_eq!(
            (r["num_mentions"].as_i64(), r["num_sources"].as_i64(), r["num_articles"].as_i64()),
            (Some(3), Some(2), Some(3))
        );
        assert!(r.get("text").is_none(), "the text is not redistributed");
    }

    #[test]
    fn a_bare_event_still_has_the_required_fields() {
        let r = record(&testdata::bare());
        for field in ["id", "date", "source", "event"] {
            assert!(r.get(field).is_some(), "{field}");
        }
        assert_eq!(r["date"], "2024-10-26");
        assert_eq!(r["source"], json!([{"actor_text": "protesters"}]));
        assert!(r.get("recipient").is_none() && r.get("event_loc").is_none() && r.get("enddate").is_none());
    }

    #[test]
    fn lines_are_json() {
        let mut buf = Vec::new();
        let mut s = PloverSink::new(&mut buf);
        s.event(&testdata::deploy()).unwrap();
        s.event(&testdata::bare()).unwrap();
        let untyped = EventRecord { plover: String::new(), cameo: "903".into(), ..testdata::bare() };
        s.event(&untyped).unwrap();
        s.finish().unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(text.lines().count(), 2, "an event without a PLOVER type is not written");
        for l in text.lines() {
            serde_json::from_str::<Value>(l).unwrap();
        }
    }
}
