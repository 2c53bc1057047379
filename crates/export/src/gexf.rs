//! GEXF 1.3 (Gephi's graph format): the actor graph of the exported events.
//!
//! Nodes are actors (by code; by name when the text gave no code), with their name,
//! country and the number of events they take part in. Directed edges go from source to
//! target; one edge per actor pair, weighted by the mentions of its events, with the
//! number of events, the PLOVER types seen and the mean Goldstein value. Events without
//! a target add their source as a node only. The graph is held in memory (actors and
//! pairs, not events) and written by `finish`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use sitrep_store::{ActorInfo, EventRecord};

use crate::cameo;
use crate::Sink;

#[derive(Default)]
struct Node {
    label: String,
    country: String,
    events: u64,
}

#[derive(Default)]
struct Edge {
    weight: u64,
    events: u64,
    types: std::collections::BTreeSet<String>,
    goldstein_sum: f64,
    goldstein_n: u64,
}

/// Collects the actor graph and writes it as GEXF.
pub struct GexfSink<W: Write> {
    out: W,
    nodes: BTreeMap<String, Node>,
    edges: BTreeMap<(String, String), Edge>,
}

impl<W: Write> GexfSink<W> {
    pub fn new(out: W) -> Self {
        GexfSink { out, nodes: BTreeMap::new(), edges: BTreeMap::new() }
    }

    fn node(&mut self, a: &ActorInfo) -> Option<String> {
        let id = if a.code.is_empty() { a.name.trim().to_lowercase() } else { a.code.clone() };
        if id.is_empty() {
            return None;
        }
        let n = self.nodes.entry(id.clone()).or_default();
        if n.label.is_empty() {
            n.label = if a.name.is_empty() { a.code.clone() } else { a.name.clone() };
        }
        if n.country.is_empty() {
            n.country = a.country.clone().unwrap_or_default();
        }
        n.events += 1;
        Some(id)
    }
}

/// Escapes text for an XML attribute value.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

impl<W: Write> Sink for GexfSink<W> {
    fn event(&mut self, e: &EventRecord) -> io::Result<()> {
        let src = e.source.as_ref().and_then(|a| self.node(a));
        let tgt = e.target.as_ref().and_then(|a| self.node(a));
        if let (Some(s), Some(t)) = (src, tgt) {
            let edge = self.edges.entry((s, t)).or_default();
            edge.weight += e.mentions.max(1) as u64;
            edge.events += 1;
            edge.types.insert(e.plover.clone());
            if let Some(g) = cameo::goldstein(&e.cameo) {
                edge.goldstein_sum += g;
                edge.goldstein_n += 1;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        let o = &mut self.out;
        writeln!(o, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(o, r#"<gexf xmlns="http://gexf.net/1.3" version="1.3">"#)?;
        writeln!(
            o,
            r#"  <meta><creator>sitrep {}</creator><description>Actor graph of sitrep events</description></meta>"#,
            env!("CARGO_PKG_VERSION")
        )?;
        writeln!(o, r#"  <graph mode="static" defaultedgetype="directed">"#)?;
        writeln!(o, r#"    <attributes class="node">"#)?;
        writeln!(o, r#"      <attribute id="country" title="country" type="string"/>"#)?;
        writeln!(o, r#"      <attribute id="events" title="events" type="integer"/>"#)?;
        writeln!(o, r#"    </attributes>"#)?;
        writeln!(o, r#"    <attributes class="edge">"#)?;
        writeln!(o, r#"      <attribute id="events" title="events" type="integer"/>"#)?;
        writeln!(o, r#"      <attribute id="types" title="types" type="string"/>"#)?;
        writeln!(o, r#"      <attribute id="goldstein" title="mean goldstein" type="double"/>"#)?;
        writeln!(o, r#"    </attributes>"#)?;
        writeln!(o, "    <nodes>")?;
        for (id, n) in &self.nodes {
            writeln!(
                o,
                r#"      <node id="{}" label="{}"><attvalues><attvalue for="country" value="{}"/><attvalue for="events" value="{}"/></attvalues></node>"#,
                xml_escape(id),
                xml_escape(&n.label),
                xml_escape(&n.country),
                n.events
            )?;
        }
        writeln!(o, "    </nodes>")?;
        writeln!(o, "    <edges>")?;
        for (i, ((s, t), e)) in self.edges.iter().enumerate() {
            let types: Vec<&str> = e.types.iter().map(String::as_str).collect();
            let mean = if e.goldstein_n > 0 { e.goldstein_sum / e.goldstein_n as f64 } else { 0.0 };
            writeln!(
                o,
                r#"      <edge id="{i}" source="{}" target="{}" weight="{}"><attvalues><attvalue for="events" value="{}"/><attvalue for="types" value="{}"/><attvalue for="goldstein" value="{mean:.2}"/></attvalues></edge>"#,
                xml_escape(s),
                xml_escape(t),
                e.weight,
                e.events,
                xml_escape(&types.join(",")),
            )?;
        }
        writeln!(o, "    </edges>")?;
        writeln!(o, "  </graph>")?;
        writeln!(o, "</gexf>")?;
        o.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata;

    fn run(events: &[EventRecord]) -> String {
        let mut buf = Vec::new();
        let mut s = GexfSink::new(&mut buf);
        for e in events {
            s.event(e).unwrap();
        }
        s.finish().unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn actors_become_nodes_and_pairs_weighted_edges() {
        let mut other = testdata::deploy();
        other.id = 43;
        other.plover = "AID".into();
        other.cameo = "074".into();
        other.mentions = 2;
        let xml = run(&[testdata::deploy(), other, testdata::bare()]);
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "gexf");
        assert_eq!(root.attribute("version"), Some("1.3"));
        let nodes: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("node")).collect();
        let edges: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("edge")).collect();
        assert_eq!(nodes.len(), 3, "PRKMIL, RUS and the uncoded protesters");
        assert_eq!(edges.len(), 1);
        let e = edges[0];
        assert_eq!(
            (e.attribute("source"), e.attribute("target"), e.attribute("weight")),
            (Some("PRKMIL"), Some("RUS"), Some("5"))
        );
        let types = e.descendants().find(|n| n.attribute("for") == Some("types")).unwrap();
        assert_eq!(types.attribute("value"), Some("AID,MOBILIZE"));
        let prk = nodes.iter().find(|n| n.attribute("id") == Some("PRKMIL")).unwrap();
        assert_eq!(prk.attribute("label"), Some("North Korean troops"));
    }

    #[test]
    fn names_are_escaped() {
        assert_eq!(xml_escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        let mut e = testdata::bare();
        e.source.as_mut().unwrap().name = "A & B <group>".into();
        let xml = run(&[e]);
        roxmltree::Document::parse(&xml).unwrap();
    }
}
