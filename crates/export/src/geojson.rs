//! GeoJSON (RFC 7946): a FeatureCollection with one Point feature per event that has a
//! geocoded place, coordinates `[longitude, latitude]`; events without a place are left
//! out. Streams: one feature is held at a time.

use std::io::{self, Write};

use serde_json::json;
use sitrep_store::EventRecord;

use crate::cameo;
use crate::Sink;

/// Writes a GeoJSON FeatureCollection.
pub struct GeoJsonSink<W: Write> {
    out: W,
    written: usize,
}

impl<W: Write> GeoJsonSink<W> {
    pub fn new(out: W) -> Self {
        GeoJsonSink { out, written: 0 }
    }
}

/// The feature of an event, when it has a place.
pub fn feature(e: &EventRecord) -> Option<serde_json::Value> {
    let p = e.place.as_ref()?;
    let code = |a: &Option<sitrep_store::ActorInfo>| {
        a.as_ref().map(|a| if a.code.is_empty() { a.name.clone() } else { a.code.clone() })
    };
    Some(json!({
        "type": "Feature",
        "id": e.id,
        "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
        "properties": {
            "plover": e.plover,
            "cameo": e.cameo,
            "quad_class": cameo::quad_class(&e.cameo),
            "goldstein": cameo::goldstein(&e.cameo),
            "factuality": e.factuality,
            "source": code(&e.source),
            "target": code(&e.target),
            "date": e.date,
            "date_last": e.date_last,
            "place": p.name,
            "country": p.country,
            "gazetteer_id": p.gazetteer_id,
            "mentions": e.mentions,
            "documents": e.documents,
            "sources": e.sources,
            "url": e.url,
            "sentence": e.sentence,
        }
    }))
}

impl<W: Write> Sink for GeoJsonSink<W> {
    fn event(&mut self, e: &EventRecord) -> io::Result<()> {
        let Some(f) = feature(e) else { return Ok(()) };
        self.out.write_all(if self.written == 0 {
            b"{\"type\":\"FeatureCollection\",\"features\":[\n"
        } else {
            b",\n"
        })?;
        serde_json::to_writer(&mut self.out, &f)?;
        self.written += 1;
        Ok(())
    }
    fn finish(&mut self) -> io::Result<()> {
        if self.written == 0 {
            self.out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
        }
        self.out.write_all(b"\n]}\n")?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata;

    fn run(events: &[EventRecord]) -> serde_json::Value {
        let mut buf = Vec::new();
        let mut s = GeoJsonSink::new(&mut buf);
        for e in events {
            s.event(e).unwrap();
        }
        s.finish().unwrap();
        serde_json::from_slice(&buf).unwrap()
    }

    #[test]
    fn events_with_places_become_points() {
        let g = run(&[testdata::deploy(), testdata::bare(), testdata::deploy()]);
        assert_eq!(g["type"], "FeatureCollection");
        let fs = g["features"].as_array().unwrap();
        assert_eq!(fs.len(), 2, "the event without a place is left out");
        assert_eq!(fs[0]["geometry"]["coordinates"], json!([36.1846, 51.7269]));
        assert_eq!(fs[0]["properties"]["source"], "PRKMIL");
        assert_eq!(fs[0]["properties"]["quad_class"], 4);
    }

    #[test]
    fn no_events_is_an_empty_collection() {
        let g = run(&[testdata::bare()]);
        assert_eq!(g["features"], json!([]));
    }
}
