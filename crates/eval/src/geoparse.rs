//! Geoparsing: toponym recognition and resolution on LGL, TR-News, GeoWebNews and GeoVirus.
//!
//! **Reading.** `lgl.xml` and `TR-News.xml` (`<article><text>` then `<toponyms><toponym>`
//! with `start`, `end`, `phrase` and a `gaztag` holding `lat`/`lon`), `GWN.xml`
//! (`<toponym>` with `extractedName`, `type`, `start`, `end`, `latitude`, `longitude`) and
//! `GeoVirus.xml` (`<locations><location>` with `name`, `start`, `end`, `lat`, `lon`); the
//! format is recognised from the elements. Offsets are character offsets into `<text>`;
//! a span whose text is not its phrase is moved to the nearest occurrence of the phrase
//! (TR-News drifts by a few characters in 19 articles), or dropped when there is none.
//! GeoWebNews spans of the types Literal, Mixed, Coercion, Embedded_Literal,
//! Literal_Modifier, Metonymic, Non_Literal_Modifier and Embedded_Non_Lit are toponyms,
//! except adjectival modifiers ("German firms": `modifierType` Adjective); Demonym,
//! Language, Homonym, Non_Toponym and the *_Expression context spans are not. LGL and
//! TR-News, on the other hand, tag demonyms and adjectives as toponyms of their country
//! ("Russian", "Palestinians", resolved to the country), so there sitrep's are predicted.
//! A few GeoWebNews spans have negative offsets (title spans): they are dropped.
//! The publication date is `dltime`'s date, when it has one.
//!
//! **What sitrep predicts.** sitrep's `places` are below country level, and countries are
//! entities, so both count: every place, and every country mention that is a name,
//! short form, capital or seat of power, and in LGL and TR-News also an adjective or
//! demonym such as "Russian" (GeoWebNews and GeoVirus do not tag those). A place's coordinates are its own; a country
//! mention's are the country's centre (`Gazetteer::country_centres`, near the centroid
//! GeoNames gives a country), or its capital's when the mention is the capital's name.
//!
//! **Scoring.**
//! - recognition: a gold toponym is found when a predicted span overlaps it, and a
//!   predicted span is right when it overlaps a gold toponym (P, R, F1; not one to one);
//!   the *exact* row asks for the same span instead;
//! - resolution, over gold toponyms with coordinates that were found: the predicted
//!   point (the same-span prediction, else the first overlapping one) is right within
//!   161 km (100 miles, the usual accuracy@161); the median and mean error in km; and
//!   accuracy@161 over all gold toponyms with coordinates (unfound ones count as wrong).

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use sitrep_extract::Extractor;
use sitrep_geo::{Gazetteer, PlaceKind};
use sitrep_model::{EntityKind, Extraction};

use crate::align::{char_to_byte, Alignment};
use crate::metrics::{mean, median, overlap, Accuracy};
use crate::report::{ErrorLog, Report, Row, Table};
use crate::{Counts, EvalError, Options};

/// Which corpus format a file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeoFormat {
    /// LGL and TR-News.
    Lgl,
    /// GeoWebNews.
    Gwn,
    GeoVirus,
}

/// One gold toponym (byte offsets into [`GeoDoc::text`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Toponym {
    pub start: usize,
    pub end: usize,
    pub phrase: String,
    /// `(lat, lon)`, when the toponym is resolved.
    pub coords: Option<(f64, f64)>,
    /// What it is: a GeoNames feature class and code (`P.PPL`, `A.ADM1`), or a GeoWebNews type.
    pub feature: String,
    /// Where it is, for messages: the gazetteer name, first-level division and country.
    pub place: String,
}

/// One article.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoDoc {
    pub id: String,
    pub text: String,
    pub published: Option<String>,
    pub toponyms: Vec<Toponym>,
}

/// What reading a file found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GeoRead {
    pub docs: Vec<GeoDoc>,
    /// Spans moved to the nearest occurrence of their phrase.
    pub reanchored: usize,
    /// Spans dropped: their phrase is nowhere in the text.
    pub dropped: usize,
    /// GeoWebNews spans that are not toponyms (expressions, demonyms, adjectives, ...).
    pub not_toponyms: usize,
    pub format: Option<GeoFormat>,
}

/// GeoWebNews types that are toponyms.
pub const GWN_TOPONYM_TYPES: [&str; 8] = [
    "Literal",
    "Mixed",
    "Coercion",
    "Embedded_Literal",
    "Literal_Modifier",
    "Metonymic",
    "Non_Literal_Modifier",
    "Embedded_Non_Lit",
];

fn child<'a>(n: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    n.children().find(|c| c.has_tag_name(name))
}

fn child_text(n: roxmltree::Node, name: &str) -> String {
    child(n, name).map(|c| c.text().unwrap_or("").trim().to_string()).unwrap_or_default()
}

/// Parses one corpus file.
pub fn parse(path: &Path, xml: &str) -> Result<GeoRead, EvalError> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| EvalError::xml(path, &e))?;
    let line_of = |n: roxmltree::Node| doc.text_pos_at(n.range().start).row as usize;
    let mut out = GeoRead::default();
    for (ai, article) in doc.descendants().filter(|n| n.has_tag_name("article")).enumerate() {
        let text_node =
            child(article, "text").ok_or_else(|| EvalError::at(path, line_of(article), "article without <text>"))?;
        // Offsets count from the first character of <text>'s content, CDATA or not.
        let text: String = text_node.children().filter_map(|c| c.text()).collect();
        let id = article
            .attribute("docid")
            .or_else(|| article.attribute("file"))
            .map_or_else(|| format!("{}", ai + 1), str::to_string);
        let dltime = child_text(article, "dltime");
        let published = dltime.get(..10).filter(|d| {
            let b = d.as_bytes();
            b[4] == b'-' && b[7] == b'-' && d.bytes().filter(u8::is_ascii_digit).count() == 8
        });
        let bytes = char_to_byte(&text);
        let mut toponyms = Vec::new();
        let items: Vec<roxmltree::Node> =
            article.descendants().filter(|n| n.has_tag_name("toponym") || n.has_tag_name("location")).collect();
        for t in items {
            let line = line_of(t);
            let format = if child(t, "extractedName").is_some() {
                GeoFormat::Gwn
            } else if t.has_tag_name("location") {
                GeoFormat::GeoVirus
            } else {
                GeoFormat::Lgl
            };
            out.format.get_or_insert(format);
            let num = |name: &str| -> Result<i64, EvalError> {
                let s = child_text(t, name);
                s.parse().map_err(|_| EvalError::at(path, line, format!("<{name}> is {s:?}, not a character offset")))
            };
            let (start, end) = (num("start")?, num("end")?);
            // GeoWebNews has a few negative offsets (spans of the title, which is not in <text>).
            let (Ok(start), Ok(end)) = (usize::try_from(start), usize::try_from(end)) else {
                out.dropped += 1;
                continue;
            };
            let coord = |node: Option<roxmltree::Node>, lat: &str, lon: &str| -> Option<(f64, f64)> {
                let n = node?;
                Some((child_text(n, lat).parse().ok()?, child_text(n, lon).parse().ok()?))
            };
            let (phrase, coords, feature, place) = match format {
                GeoFormat::Lgl => {
                    let gaz = child(t, "gaztag");
                    let g = |k: &str| gaz.map(|n| child_text(n, k)).unwrap_or_default();
                    let place = [g("name"), g("admin1"), g("country")]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(", ");
                    let feature =
                        if gaz.is_some() { format!("{}.{}", g("fclass"), g("fcode")) } else { "unresolved".into() };
                    (child_text(t, "phrase"), coord(gaz, "lat", "lon"), feature, place)
                }
                GeoFormat::Gwn => {
                    let kind = child_text(t, "type");
                    if !GWN_TOPONYM_TYPES.contains(&kind.as_str()) || child_text(t, "modifierType") == "Adjective" {
                        out.not_toponyms += 1;
                        continue;
                    }
                    (
                        child_text(t, "extractedName"),
                        coord(Some(t), "latitude", "longitude"),
                        kind,
                        child_text(t, "normalisedName"),
                    )
                }
                GeoFormat::GeoVirus => {
                    (child_text(t, "name"), coord(Some(t), "lat", "lon"), "location".into(), child_text(t, "page"))
                }
            };
            let Some((s, e)) = anchor(&text, &bytes, start, end, &phrase) else {
                out.dropped += 1;
                continue;
            };
            if bytes.get(start) != Some(&s) || bytes.get(end) != Some(&e) {
                out.reanchored += 1;
            }
            toponyms.push(Toponym { start: s, end: e, phrase, coords, feature, place });
        }
        out.docs.push(GeoDoc { id, text, published: published.map(str::to_string), toponyms });
    }
    if out.docs.is_empty() {
        return Err(EvalError::file(
            path,
            "no <article> elements (expected lgl.xml, TR-News.xml, GWN.xml or GeoVirus.xml)",
        ));
    }
    Ok(out)
}

/// The byte span of a toponym: its offsets when they hold the phrase, else the nearest
/// occurrence of the phrase (exact case first, then any case).
fn anchor(text: &str, bytes: &[usize], start: usize, end: usize, phrase: &str) -> Option<(usize, usize)> {
    if end <= start || phrase.is_empty() {
        return None;
    }
    if end < bytes.len() {
        let (s, e) = (bytes[start], bytes[end]);
        if text[s..e] == *phrase {
            return Some((s, e));
        }
    }
    let target = bytes.get(start).copied().unwrap_or(text.len());
    let nearest = |hay: &str, needle: &str| {
        hay.match_indices(needle).map(|(i, _)| i).min_by_key(|&i| i.abs_diff(target)).map(|i| (i, i + needle.len()))
    };
    nearest(text, phrase).or_else(|| {
        // Lower-casing ASCII keeps byte offsets; other text is compared as it is.
        if text.is_ascii() && phrase.is_ascii() {
            nearest(&text.to_ascii_lowercase(), &phrase.to_ascii_lowercase())
        } else {
            None
        }
    })
}

/// Reads one corpus file.
pub fn read(path: &Path) -> Result<GeoRead, EvalError> {
    parse(path, &crate::read_text(path)?)
}

/// A predicted toponym in the normalised text.
#[derive(Debug, Clone, PartialEq)]
pub struct Predicted {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub coords: Option<(f64, f64)>,
    /// `place` or `country`.
    pub source: &'static str,
    /// Gazetteer name and country, or the country code.
    pub name: String,
}

/// Each country's capital coordinates, from the gazetteer.
pub fn capitals(gazetteer: &Gazetteer) -> HashMap<String, (f64, f64)> {
    let mut best: HashMap<String, (u64, (f64, f64))> = HashMap::new();
    for e in gazetteer.entries() {
        if e.kind == PlaceKind::Capital {
            let entry = best.entry(e.country.to_string()).or_insert((0, e.coords()));
            if e.population >= entry.0 {
                *entry = (e.population, e.coords());
            }
        }
    }
    best.into_iter().map(|(k, (_, c))| (k, c)).collect()
}

/// Where a country mention points: the capital's coordinates when the mention names the
/// capital ("Moscow" for Russia), else the country's centre
/// ([`Gazetteer::country_centres`]), which is where these corpora put a country.
pub struct CountryPoints {
    pub capitals: HashMap<String, (f64, f64)>,
    pub centres: HashMap<String, (f64, f64)>,
}

impl CountryPoints {
    pub fn new(gazetteer: &Gazetteer) -> CountryPoints {
        let centres = gazetteer.country_centres().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        CountryPoints { capitals: capitals(gazetteer), centres }
    }

    /// The point for a mention `text` of the country `code`.
    pub fn point(&self, gazetteer: &Gazetteer, code: &str, text: &str) -> Option<(f64, f64)> {
        let names_capital =
            gazetteer.resolve(text, &[code]).is_some_and(|e| e.kind == PlaceKind::Capital && e.country == code);
        if names_capital {
            return self.capitals.get(code).copied();
        }
        self.centres.get(code).or_else(|| self.capitals.get(code)).copied()
    }
}

/// sitrep's places and country mentions (names, capitals, seats of power, and the
/// adjectives and demonyms in `adjectives` unless `skip_adjectives`) as toponyms.
pub fn predicted(
    record: &Extraction,
    points: &CountryPoints,
    adjectives: &std::collections::HashSet<String>,
    skip_adjectives: bool,
) -> Vec<Predicted> {
    let mut out: Vec<Predicted> = record
        .places
        .iter()
        .map(|p| Predicted {
            start: p.start,
            end: p.end,
            text: p.text.clone(),
            coords: Some((p.lat, p.lon)),
            source: "place",
            name: format!("{} ({})", p.name, p.country.as_deref().unwrap_or("?")),
        })
        .collect();
    for e in record.entities.iter().filter(|e| e.kind == EntityKind::Country) {
        let code =
            e.country.clone().or_else(|| e.code.as_ref().map(|c| c.chars().take(3).collect())).unwrap_or_default();
        for m in &e.mentions {
            if (skip_adjectives && adjectives.contains(&m.text.to_lowercase()))
                || out.iter().any(|p| p.start == m.start && p.end == m.end)
            {
                continue;
            }
            out.push(Predicted {
                start: m.start,
                end: m.end,
                text: m.text.clone(),
                coords: points.point(Gazetteer::embedded(), &code, &m.text),
                source: "country",
                name: code.clone(),
            });
        }
    }
    out.sort_by_key(|p| (p.start, p.end));
    out
}

/// Counts of one document (or many).
#[derive(Debug, Clone, Default)]
pub struct GeoScores {
    /// Overlap recognition: tp counts gold toponyms found, fn those not found, fp the
    /// predictions that overlap no gold toponym.
    pub overlap: Counts,
    /// Predictions that overlap some gold toponym, and all predictions.
    pub pred_right: usize,
    pub pred_total: usize,
    /// Same-span recognition.
    pub exact: Counts,
    /// Found gold toponyms with coordinates: within 161 km?
    pub within_161: Accuracy,
    /// All gold toponyms with coordinates: found and within 161 km?
    pub within_161_all: Accuracy,
    /// Found gold toponyms with coordinates, found by a place (not a country mention):
    /// within 161 km?
    pub within_161_places: Accuracy,
    /// Error in km of each resolved, found toponym.
    pub errors_km: Vec<f64>,
}

impl GeoScores {
    fn add(&mut self, o: GeoScores) {
        self.overlap.add(o.overlap);
        self.pred_right += o.pred_right;
        self.pred_total += o.pred_total;
        self.exact.add(o.exact);
        self.within_161.correct += o.within_161.correct;
        self.within_161.total += o.within_161.total;
        self.within_161_all.correct += o.within_161_all.correct;
        self.within_161_all.total += o.within_161_all.total;
        self.within_161_places.correct += o.within_161_places.correct;
        self.within_161_places.total += o.within_161_places.total;
        self.errors_km.extend(o.errors_km);
    }
}

/// Scores predictions against gold toponyms (both in the normalised text's bytes).
pub fn score(
    gold: &[Toponym],
    pred: &[Predicted],
    text: &str,
    known: impl Fn(&str) -> bool,
    log: &mut ErrorLog,
) -> GeoScores {
    let mut s = GeoScores::default();
    let ctx = |a: usize, b: usize| crate::context(text, a, b, 40);
    for g in gold {
        let exact = pred.iter().find(|p| p.start == g.start && p.end == g.end);
        let hit = exact.or_else(|| pred.iter().find(|p| overlap((p.start, p.end), (g.start, g.end))));
        if exact.is_some() {
            s.exact.tp += 1;
        } else {
            s.exact.fn_ += 1;
        }
        let Some(p) = hit else {
            s.overlap.fn_ += 1;
            if g.coords.is_some() {
                s.within_161_all.add(false);
            }
            let class = g.feature.split('.').next().unwrap_or("");
            let class = match class {
                "A" => "A: country, state, region",
                "P" => "P: city, village",
                "S" => "S: spot, building",
                "L" => "L: area, park",
                "T" => "T: mountain, island",
                "H" => "H: water",
                "R" => "R: road",
                "V" => "V: forest",
                "unresolved" => "not in GeoNames",
                _ => class,
            };
            let inside = if known(&g.phrase) { "name in sitrep's gazetteer" } else { "name not in sitrep's gazetteer" };
            log.add(format!("missed toponym [{class}] ({inside})"), || {
                format!("{:?} = {} | {}", g.phrase, g.place, ctx(g.start, g.end))
            });
            continue;
        };
        s.overlap.tp += 1;
        if let Some(gc) = g.coords {
            match p.coords {
                Some(pc) => {
                    let km = sitrep_geo::distance_km(gc, pc);
                    s.errors_km.push(km);
                    let ok = km <= 161.0;
                    s.within_161.add(ok);
                    s.within_161_all.add(ok);
                    if p.source == "place" {
                        s.within_161_places.add(ok);
                    }
                    if !ok {
                        log.add(format!("resolved over 161 km away [{}]", p.source), || {
                            format!(
                                "{:?}: gold {}, sitrep {} at {:.0} km | {}",
                                g.phrase,
                                g.place,
                                p.name,
                                km,
                                ctx(g.start, g.end)
                            )
                        });
                    }
                }
                None => {
                    s.within_161.add(false);
                    s.within_161_all.add(false);
                }
            }
        }
    }
    s.pred_total = pred.len();
    for p in pred {
        if gold.iter().any(|g| overlap((p.start, p.end), (g.start, g.end))) {
            s.pred_right += 1;
            continue;
        }
        s.overlap.fp += 1;
        log.add(format!("spurious toponym [{}]", p.source), || {
            format!("{:?} = {} | {}", p.text, p.name, ctx(p.start, p.end))
        });
    }
    s.exact.fp = pred.len() - pred.iter().filter(|p| gold.iter().any(|g| g.start == p.start && g.end == p.end)).count();
    s
}

/// Runs the extractor over a geoparsing corpus and scores recognition and resolution.
pub fn evaluate(extractor: &Extractor, path: &Path, opts: &Options) -> Result<Report, EvalError> {
    let started = Instant::now();
    let run = crate::Runner::new(extractor);
    let mut read = read(path)?;
    read.docs = opts.cut(std::mem::take(&mut read.docs));
    let gazetteer = Gazetteer::embedded();
    let points = CountryPoints::new(gazetteer);
    let adjectives = crate::conll::adjectives(extractor);
    // LGL and TR-News tag demonyms ("Russian"); GeoWebNews and GeoVirus do not.
    let skip_adjectives = read.format != Some(GeoFormat::Lgl);
    let known = |name: &str| !gazetteer.lookup(name).is_empty() || adjectives.contains(&name.to_lowercase());
    let results: Vec<(GeoScores, ErrorLog, bool)> = read
        .docs
        .par_iter()
        .map(|d| {
            let record = run.extract(&crate::document(d.id.clone(), d.text.clone(), d.published.clone()));
            let align = Alignment::new(&d.text, &record.text);
            let gold: Vec<Toponym> = d
                .toponyms
                .iter()
                .filter_map(|t| {
                    let (s, e) = align.byte_span(t.start, t.end)?;
                    Some(Toponym { start: s, end: e, ..t.clone() })
                })
                .collect();
            let pred = predicted(&record, &points, &adjectives, skip_adjectives);
            let mut log = ErrorLog::new(opts.errors);
            let s = score(&gold, &pred, &record.text, known, &mut log);
            (s, log, align.exact())
        })
        .collect();
    let mut total = GeoScores::default();
    let mut log = ErrorLog::new(opts.errors);
    let mut realigned = 0;
    for (s, l, exact) in results {
        total.add(s);
        log.merge(l);
        realigned += usize::from(!exact);
    }
    let items: usize = read.docs.iter().map(|d| d.toponyms.len()).sum();
    let resolved: usize = read.docs.iter().flat_map(|d| &d.toponyms).filter(|t| t.coords.is_some()).count();
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let med = median(&total.errors_km);
    let tables = vec![
        Table {
            title: "toponym recognition (sitrep places + country names and capitals)".into(),
            rows: vec![
                {
                    let p = total.pred_right as f64 / total.pred_total.max(1) as f64;
                    let r = total.overlap.recall();
                    Row::figures("overlap", p, r, crate::metrics::f1(p, r), None).with_detail(format!(
                        "gold found {}/{}, predictions overlapping a gold toponym {}/{}",
                        total.overlap.tp,
                        total.overlap.gold(),
                        total.pred_right,
                        total.pred_total
                    ))
                },
                Row::prf("exact span", total.exact),
            ],
        },
        Table {
            title: "toponym resolution".into(),
            rows: vec![
                Row::accuracy("accuracy@161km (found)", total.within_161),
                Row::accuracy("accuracy@161km (found by places)", total.within_161_places).with_detail(format!(
                    "{}/{} found by a sitrep place rather than a country mention",
                    total.within_161_places.correct, total.within_161_places.total
                )),
                Row::accuracy("accuracy@161km (all)", total.within_161_all).with_detail(format!(
                    "{}/{} gold toponyms with coordinates",
                    total.within_161_all.correct, total.within_161_all.total
                )),
                Row::value(
                    "median error km",
                    med.unwrap_or(f64::NAN),
                    format!("over {} found toponyms", total.errors_km.len()),
                ),
                Row::value("mean error km", mean(total.errors_km.iter().copied()), ""),
            ],
        },
    ];
    let mut notes = vec![format!(
        "{resolved} of {items} gold toponyms have coordinates; {} span(s) re-anchored to their phrase, {} dropped (phrase not in the text); \
         {realigned} document(s) needed offset realignment",
        read.reanchored, read.dropped
    )];
    if read.not_toponyms > 0 {
        notes.push(format!(
            "GeoWebNews: {} spans of non-toponym types or adjectival modifiers left out (kept: {})",
            read.not_toponyms,
            GWN_TOPONYM_TYPES.join(", ")
        ));
    }
    notes.push("country mentions resolve to the country's centre (the middle of its places), or to the capital when they name it".into());
    notes.extend(run.note());
    Ok(Report {
        set: format!("geoparsing {name}"),
        path: path.display().to_string(),
        documents: read.docs.len(),
        items,
        item_kind: "gold toponyms".into(),
        seconds: started.elapsed().as_secs_f64(),
        tables,
        notes,
        errors: log.into_groups(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LGL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <dltime>2009-03-20 12:24:52.002364-05</dltime>
    <text><![CDATA[Fire in Alexandria. Crews from Zürich & Paris helped.]]></text>
    <toponyms>
      <toponym><start>8</start><end>18</end><phrase>Alexandria</phrase>
        <gaztag geonameid="4314550"><name>Alexandria</name><fclass>P</fclass><fcode>PPL</fcode>
        <lat>31.3113</lat><lon>-92.4451</lon><country>United States</country><admin1>Louisiana</admin1></gaztag></toponym>
      <toponym><start>31</start><end>37</end><phrase>Zürich</phrase>
        <gaztag geonameid="2657896"><name>Zurich</name><fclass>P</fclass><fcode>PPLA</fcode>
        <lat>47.3667</lat><lon>8.55</lon><country>Switzerland</country><admin1>Zurich</admin1></gaztag></toponym>
      <toponym><start>39</start><end>44</end><phrase>Paris</phrase></toponym>
    </toponyms>
  </article>
</articles>"#;

    #[test]
    fn reads_lgl_with_character_offsets() {
        let r = parse(Path::new("lgl.xml"), LGL).unwrap();
        assert_eq!(r.format, Some(GeoFormat::Lgl));
        let d = &r.docs[0];
        assert_eq!(d.published.as_deref(), Some("2009-03-20"));
        assert_eq!(d.toponyms.len(), 3);
        let z = &d.toponyms[1];
        // "Zürich" starts at character 31, byte 31, and ends at byte 38 (ü is two bytes).
        assert_eq!((z.start, z.end, &d.text[z.start..z.end]), (31, 38, "Zürich"));
        assert_eq!(z.feature, "P.PPLA");
        assert_eq!(d.toponyms[2].coords, None);
        // "Paris" follows "Zürich & ": characters 40..45.
        assert_eq!(r.reanchored, 1);
        assert_eq!(&d.text[d.toponyms[2].start..d.toponyms[2].end], "Paris");
    }

    #[test]
    fn reads_gwn_and_skips_non_toponyms() {
        let xml = r#"<articles><article file="0"><title>T</title><text>Citizens of Leeds met.</text><toponyms>
          <toponym><extractedName>Citizens</extractedName><type>Non_Lit_Expression</type><start>0</start><end>8</end><latitude/><longitude/></toponym>
          <toponym><extractedName>Leeds</extractedName><normalisedName>Leeds</normalisedName><type>Literal</type><start>12</start><end>17</end><latitude>53.8</latitude><longitude>-1.55</longitude></toponym>
        </toponyms></article></articles>"#;
        let r = parse(Path::new("GWN.xml"), xml).unwrap();
        assert_eq!(r.format, Some(GeoFormat::Gwn));
        assert_eq!(r.not_toponyms, 1);
        assert_eq!(r.docs[0].toponyms[0].coords, Some((53.8, -1.55)));
    }

    #[test]
    fn bad_offsets_name_file_and_line() {
        let xml = "<articles>\n<article><text>x</text><toponyms>\n<toponym><start>a</start><end>1</end><phrase>x</phrase></toponym></toponyms></article></articles>";
        let e = parse(Path::new("lgl.xml"), xml).unwrap_err();
        assert_eq!(e.to_string(), "lgl.xml:3: <start> is \"a\", not a character offset");
    }

    #[test]
    fn recognition_and_resolution_figures() {
        let text = "Fire in Alexandria and Paris; Ohio and Russian crews.";
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            (i, i + s.len())
        };
        let gold = |s: &str, c: Option<(f64, f64)>| Toponym {
            start: at(s).0,
            end: at(s).1,
            phrase: s.into(),
            coords: c,
            feature: "P.PPL".into(),
            place: s.into(),
        };
        let pred = |s: &str, c: (f64, f64), source: &'static str| Predicted {
            start: at(s).0,
            end: at(s).1,
            text: s.into(),
            coords: Some(c),
            source,
            name: s.into(),
        };
        let g = vec![
            gold("Alexandria", Some((31.31, -92.44))),
            gold("Paris", Some((33.66, -95.55))),
            gold("Ohio", Some((40.0, -83.0))),
        ];
        let p = vec![
            pred("Alexandria", (31.30, -92.40), "place"),
            pred("Paris", (48.85, 2.35), "place"),
            pred("crews", (0.0, 0.0), "place"),
        ];
        let mut log = ErrorLog::new(2);
        let s = score(&g, &p, text, |_| true, &mut log);
        assert_eq!(s.overlap, Counts::new(2, 1, 1));
        assert_eq!((s.pred_right, s.pred_total), (2, 3));
        assert_eq!(s.exact, Counts::new(2, 1, 1));
        assert_eq!(s.within_161, Accuracy { correct: 1, total: 2 });
        assert_eq!(s.within_161_all, Accuracy { correct: 1, total: 3 });
        assert_eq!(s.within_161_places, Accuracy { correct: 1, total: 2 });
        assert!(s.errors_km[0] < 10.0 && s.errors_km[1] > 7000.0);
        let cats: Vec<String> = log.into_groups().into_iter().map(|g| g.category).collect();
        assert!(cats.contains(&"resolved over 161 km away [place]".to_string()), "{cats:?}");
        assert!(cats.contains(&"spurious toponym [place]".to_string()), "{cats:?}");
        assert!(cats.iter().any(|c| c.starts_with("missed toponym [P: city, village]")), "{cats:?}");
    }

    #[test]
    fn countries_point_at_their_centre_unless_named_by_capital() {
        let g = Gazetteer::embedded();
        let p = CountryPoints::new(g);
        let (lat, lon) = p.point(g, "FRA", "France").unwrap();
        // France's centre, near (46.5, 2.5), not Paris.
        assert!((lat - 46.5).abs() < 1.5 && (lon - 2.5).abs() < 1.5, "{lat} {lon}");
        let (lat, lon) = p.point(g, "FRA", "Paris").unwrap();
        assert!((lat - 48.85).abs() < 0.1 && (lon - 2.35).abs() < 0.1, "{lat} {lon}");
    }

    #[test]
    fn demonyms_are_toponyms_only_where_the_corpus_tags_them() {
        let text = "Russian troops left Russia.";
        // "Russia" is also the start of "Russian": the last occurrence is the noun.
        let mention = |s: &str| {
            let start = text.rfind(s).unwrap();
            sitrep_model::Mention { text: s.into(), start, end: start + s.len(), sentence: 0 }
        };
        let record = Extraction {
            text: text.into(),
            entities: vec![sitrep_model::Entity {
                id: "RUS".into(),
                name: "Russia".into(),
                kind: EntityKind::Country,
                code: Some("RUS".into()),
                country: Some("RUS".into()),
                roles: vec![],
                mentions: vec![mention("Russian"), mention("Russia")],
            }],
            ..Extraction::default()
        };
        let points = CountryPoints::new(Gazetteer::embedded());
        let adjectives: std::collections::HashSet<String> = ["russian".to_string()].into();
        let texts =
            |skip| predicted(&record, &points, &adjectives, skip).into_iter().map(|p| p.text).collect::<Vec<_>>();
        assert_eq!(texts(true), ["Russia"]);
        assert_eq!(texts(false), ["Russian", "Russia"]);
    }

    #[test]
    fn capitals_come_from_the_gazetteer() {
        let c = capitals(Gazetteer::embedded());
        let (lat, lon) = c["FRA"];
        assert!((lat - 48.85).abs() < 0.1 && (lon - 2.35).abs() < 0.1, "{lat} {lon}");
    }

    #[test]
    #[ignore = "reads /work/shared/data/geoparsing"]
    fn real_sets_read() {
        let lgl = read(Path::new("/work/shared/data/geoparsing/lgl.xml")).unwrap();
        assert_eq!(lgl.docs.len(), 588);
        assert_eq!(lgl.docs.iter().map(|d| d.toponyms.len()).sum::<usize>(), 5088);
        assert_eq!(lgl.reanchored, 0);
        let tr = read(Path::new("/work/shared/data/geoparsing/TR-News.xml")).unwrap();
        assert_eq!(tr.docs.len(), 118);
        assert_eq!(tr.docs.iter().map(|d| d.toponyms.len()).sum::<usize>() + tr.dropped, 1319);
        let gwn = read(Path::new("/work/shared/data/geoparsing/GWN.xml")).unwrap();
        assert_eq!(gwn.docs.len(), 200);
        assert_eq!(gwn.docs.iter().map(|d| d.toponyms.len()).sum::<usize>() + gwn.dropped + gwn.not_toponyms, 6612);
    }
}
