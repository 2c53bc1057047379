//! Fixture sentences from many conflicts and regions (`tests/fixtures/extract.jsonl`),
//! each with the entities, codes, links, quantities, times and places it must yield.
//!
//! Every expectation is checked and all failures are reported together, so one run
//! shows the whole state of the extractor.

use serde::Deserialize;
use sitrep_model::Extraction;

mod common;

#[derive(Deserialize)]
struct Fixture {
    id: String,
    published: Option<String>,
    text: String,
    #[serde(default)]
    entities: Vec<ExpectEntity>,
    #[serde(default)]
    linked: Vec<Vec<String>>,
    #[serde(default)]
    quantities: Vec<ExpectQuantity>,
    #[serde(default)]
    times: Vec<ExpectTime>,
    #[serde(default)]
    places: Vec<ExpectPlace>,
    #[serde(default)]
    not_entities: Vec<String>,
}

#[derive(Deserialize)]
struct ExpectEntity {
    text: String,
    kind: String,
    code: Option<String>,
}

#[derive(Deserialize)]
struct ExpectQuantity {
    text: Option<String>,
    value: f64,
    unit: Option<String>,
    approx: Option<String>,
}

#[derive(Deserialize)]
struct ExpectTime {
    text: String,
    value: String,
}

#[derive(Deserialize)]
struct ExpectPlace {
    text: String,
    country: String,
    lat: f64,
    lon: f64,
}

fn fixtures() -> Vec<Fixture> {
    common::read_jsonl("extract.jsonl", include_str!("../../../tests/fixtures/extract.jsonl"))
}

fn run(f: &Fixture) -> Extraction {
    common::extract(&f.id, &f.text, f.published.as_deref())
}

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    12742.0 * h.sqrt().asin()
}

/// Checks one layer over all fixtures; returns (checked, failures).
fn check(layer: &str, each: impl Fn(&Fixture, &Extraction, &mut Vec<String>) -> usize) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for f in fixtures() {
        let record = run(&f);
        let mut local = Vec::new();
        checked += each(&f, &record, &mut local);
        failures.extend(local.into_iter().map(|m| format!("[{layer}] {}: {m}", f.id)));
    }
    (checked, failures)
}

fn assert_layer(layer: &str, minimum: usize, each: impl Fn(&Fixture, &Extraction, &mut Vec<String>) -> usize) {
    let (checked, failures) = check(layer, each);
    assert!(checked >= minimum, "only {checked} {layer} expectations; the fixtures should hold at least {minimum}");
    assert!(
        failures.is_empty(),
        "{} of {checked} {layer} expectations failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn fixture_entities_and_codes() {
    assert_layer("entities", 150, |f, r, fail| {
        for e in &f.entities {
            let hit =
                r.entities.iter().find(|x| x.kind.as_str() == e.kind && x.mentions.iter().any(|m| m.text == e.text));
            match hit {
                None => {
                    let found: Vec<String> =
                        r.entities.iter().map(|x| format!("{}({}){:?}", x.name, x.kind.as_str(), x.code)).collect();
                    fail.push(format!("no {} entity mentioned as {:?}; found {}", e.kind, e.text, found.join(", ")))
                }
                Some(x) => {
                    if let Some(code) = &e.code {
                        if !x.code.as_deref().unwrap_or("").starts_with(code.as_str()) {
                            fail.push(format!("{:?} has code {:?}, expected {code}…", e.text, x.code));
                        }
                    }
                }
            }
        }
        for t in &f.not_entities {
            if r.entities.iter().any(|x| x.mentions.iter().any(|m| &m.text == t)) {
                fail.push(format!("{t:?} must not be an entity"));
            }
        }
        f.entities.len() + f.not_entities.len()
    });
}

#[test]
fn fixture_links() {
    assert_layer("links", 20, |f, r, fail| {
        for group in &f.linked {
            let owners: Vec<Vec<&str>> = group
                .iter()
                .map(|t| {
                    r.entities
                        .iter()
                        .filter(|x| x.mentions.iter().any(|m| &m.text == t))
                        .map(|x| x.id.as_str())
                        .collect()
                })
                .collect();
            let shared = owners[0].iter().any(|id| owners.iter().all(|o| o.contains(id)));
            if !shared {
                fail.push(format!("{group:?} are not linked to one entity ({owners:?})"));
            }
        }
        f.linked.len()
    });
}

#[test]
fn fixture_quantities() {
    assert_layer("quantities", 30, |f, r, fail| {
        for q in &f.quantities {
            let same_value = |x: &&sitrep_model::Quantity| (x.value - q.value).abs() <= 1e-6 * q.value.abs().max(1.0);
            // Two figures may share a value ("26 people ... 26 civilians"): prefer the one with the expected text.
            let hit = r
                .quantities
                .iter()
                .filter(same_value)
                .find(|x| q.text.as_ref().is_none_or(|t| &x.text == t))
                .or_else(|| r.quantities.iter().find(same_value));
            let Some(x) = hit else {
                let found: Vec<String> = r.quantities.iter().map(|x| format!("{}={}", x.text, x.value)).collect();
                fail.push(format!("no quantity {} ({:?}); found {found:?}", q.value, q.text));
                continue;
            };
            if q.unit.is_some() && x.unit != q.unit {
                fail.push(format!("{} has unit {:?}, expected {:?}", q.value, x.unit, q.unit));
            }
            if let Some(a) = &q.approx {
                let got = serde_json::to_value(x.approx).unwrap();
                if got != a.as_str() {
                    fail.push(format!("{} is {got}, expected {a}", q.value));
                }
            }
            if let Some(t) = &q.text {
                if &x.text != t {
                    fail.push(format!("{} spans {:?}, expected {t:?}", q.value, x.text));
                }
            }
        }
        f.quantities.len()
    });
}

#[test]
fn fixture_times() {
    assert_layer("times", 30, |f, r, fail| {
        for t in &f.times {
            // Expectations with TimeML's non-calendar values ("PRESENT_REF", "PXY") are
            // looked up in `vague_times`.
            if !r.times.iter().chain(&r.vague_times).any(|x| x.text == t.text && x.value == t.value) {
                let found: Vec<String> =
                    r.times.iter().chain(&r.vague_times).map(|x| format!("{:?}={}", x.text, x.value)).collect();
                fail.push(format!("no time {:?} = {}; found {found:?}", t.text, t.value));
            }
        }
        f.times.len()
    });
}

#[test]
fn fixture_places() {
    assert_layer("places", 20, |f, r, fail| {
        for p in &f.places {
            let hit = r.places.iter().find(|x| x.text == p.text);
            match hit {
                None => fail.push(format!(
                    "no place {:?}; found {:?}",
                    p.text,
                    r.places.iter().map(|x| &x.text).collect::<Vec<_>>()
                )),
                Some(x) => {
                    let d = km((p.lat, p.lon), (x.lat, x.lon));
                    if d > 100.0 || x.country.as_deref() != Some(p.country.as_str()) {
                        fail.push(format!("{:?} resolved to {} ({:?}) {d:.0} km away", p.text, x.name, x.country));
                    }
                }
            }
        }
        f.places.len()
    });
}
