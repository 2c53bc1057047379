//! The seed gold format and `tools/score.py`, reimplemented to give the same figures.
//!
//! A gold file (`*.gold.json`, see `../shared/gold/seed.gold.json`) names its text file
//! (`"text": "seed.txt"`, next to it), the publication date, and per layer the items a
//! system must find: entities (kinds, aliases, mentions that must be linked, actor code),
//! events, claims, quantities, times, places. Items are anchored to a sentence by a
//! distinctive substring (`"sentence"`); `"optional": true` items count neither way.
//!
//! Scoring follows `score.py` line by line:
//! - strings are compared after `norm`: typographic quotes and dashes to ASCII, lower
//!   case, `'s` dropped, every character other than word characters, blanks and
//!   `€ $ % . , -` to a space, blanks collapsed, and ` .,` stripped from both ends;
//! - an item's sentence is the first system sentence whose normalised text contains the
//!   normalised anchor; a system item must sit in that sentence;
//! - events, claims, quantities, times and places are matched greedily one to one in
//!   gold order (each gold item takes the first unused system item that fits); unmatched
//!   system items are false positives;
//! - entities: a gold entity is found when some system entity of an allowed kind has a
//!   mention whose normalised text is one of the aliases; system entities of the scored
//!   kinds with no mention among any gold alias or `also` text are false positives;
//! - precision is 1 when nothing was predicted and nothing missed (else 0), recall 1 when
//!   there is nothing to find; the score is the mean of the layers' F1, each rounded to
//!   three decimals as `score.py` prints them.
//!
//! "Among matches" figures (linking, code, factuality, CAMEO root, stance, cue, unit,
//! approx, country) are right/total over the matched items, as in `score.py`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use sitrep_extract::Extractor;
use sitrep_model::Document;
use std::time::Instant;

use crate::report::{ErrorLog, Report, Row, Table};
use crate::{Counts, EvalError, Options};

/// One or several strings (`"AID"` or `["AID", "COOPERATE"]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// A gold file.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldFile {
    /// The text file's name, relative to the gold file.
    pub text: String,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub entity_kinds_scored: Option<Vec<String>>,
    #[serde(default)]
    pub entities: Option<Vec<GoldEntity>>,
    #[serde(default)]
    pub events: Option<Vec<GoldEvent>>,
    #[serde(default)]
    pub claims: Option<Vec<GoldClaim>>,
    #[serde(default)]
    pub quantities: Option<Vec<GoldQuantity>>,
    #[serde(default)]
    pub times: Option<Vec<GoldTime>>,
    #[serde(default)]
    pub places: Option<Vec<GoldPlace>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    pub kinds: Vec<String>,
    pub aliases: Vec<String>,
    #[serde(default)]
    pub linked: Option<Vec<String>>,
    #[serde(default)]
    pub also: Option<Vec<String>>,
    #[serde(default)]
    pub code: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldEvent {
    pub sentence: String,
    pub plover: OneOrMany,
    #[serde(default)]
    pub cameo: Option<OneOrMany>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub factuality: Option<String>,
    #[serde(default)]
    pub optional: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldClaim {
    pub sentence: String,
    #[serde(default)]
    pub speaker: Option<Vec<String>>,
    #[serde(default)]
    pub cue: Option<String>,
    pub content: String,
    #[serde(default)]
    pub stance: Option<String>,
    #[serde(default)]
    pub optional: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuantity {
    pub sentence: String,
    pub value: f64,
    pub unit: Vec<String>,
    #[serde(default)]
    pub approx: Option<String>,
    #[serde(default)]
    pub optional: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldTime {
    pub sentence: String,
    pub text: String,
    pub value: String,
    #[serde(default)]
    pub optional: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldPlace {
    pub sentence: String,
    pub text: String,
    pub lat: f64,
    pub lon: f64,
    #[serde(default)]
    pub radius_km: Option<f64>,
    pub country: String,
    #[serde(default)]
    pub optional: bool,
}

/// Reads a gold file.
pub fn read_gold(path: &Path) -> Result<GoldFile, EvalError> {
    let bytes = std::fs::read(path).map_err(|e| EvalError::io(path, &e))?;
    serde_json::from_slice(&bytes).map_err(|e| EvalError::at(path, e.line(), format!("not a gold file: {e}")))
}

/// The gold files of a folder (`*.gold.json`, sorted), or the one file given.
pub fn gold_files(path: &Path) -> Result<Vec<PathBuf>, EvalError> {
    if path.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| EvalError::io(path, &e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".gold.json")))
            .collect();
        v.sort();
        if v.is_empty() {
            return Err(EvalError::file(path, "no *.gold.json files in this folder"));
        }
        Ok(v)
    } else if path.exists() {
        Ok(vec![path.to_path_buf()])
    } else {
        Err(EvalError::file(path, "no such file or folder"))
    }
}

// ---------------------------------------------------------------------------------------
// Python's string helpers.

/// Python's `\w` for one character: alphanumeric (letters, digits, other numerals) or `_`.
fn py_word(c: char) -> bool {
    c == '_' || (c.is_alphanumeric() && !unicode_normalization::char::is_combining_mark(c))
}

/// Python's `\s` for one character.
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `score.py`'s `norm`.
pub fn norm(s: &str) -> String {
    let mut t = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{2018}' | '\u{2019}' => t.push('\''),
            '\u{201c}' | '\u{201d}' => t.push('"'),
            '\u{2013}' | '\u{2014}' => t.push('-'),
            c => t.push(c),
        }
    }
    let lower = t.to_lowercase();
    // re.sub(r"'s\b", "", s)
    let chars: Vec<char> = lower.chars().collect();
    let mut dropped = String::with_capacity(lower.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\'' && chars.get(i + 1) == Some(&'s') && !chars.get(i + 2).is_some_and(|&c| py_word(c)) {
            i += 2;
            continue;
        }
        dropped.push(chars[i]);
        i += 1;
    }
    // re.sub(r"[^\w\s\u20ac$%.,-]", " ", s) then re.sub(r"\s+", " ", s)
    let mut out = String::with_capacity(dropped.len());
    let mut blank = false;
    for c in dropped.chars() {
        let keep = py_word(c) || matches!(c, '\u{20ac}' | '$' | '%' | '.' | ',' | '-');
        if keep && !py_space(c) {
            if blank {
                out.push(' ');
                blank = false;
            }
            out.push(c);
        } else {
            blank = true;
        }
    }
    if blank {
        out.push(' ');
    }
    // .strip(" .,")
    out.trim_matches(|c| c == ' ' || c == '.' || c == ',').to_string()
}

/// `score.py`'s `singular`.
pub fn singular(w: &str) -> String {
    let w = norm(w);
    let n = w.chars().count();
    for (suf, rep) in [("ies", "y"), ("s", "")] {
        if n > 3 && w.ends_with(suf) && !w.ends_with("ss") {
            return format!("{}{rep}", &w[..w.len() - suf.len()]);
        }
    }
    w
}

/// `score.py`'s `overlaps`: one normalised string contains the other.
pub fn overlaps(a: &str, b: &str) -> bool {
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

/// Python truthiness of a JSON value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// Python's `str(x)` for the JSON values a record holds (strings as they are).
fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        other => other.to_string(),
    }
}

/// `d.get(key)` that is truthy, as a string (`str(d.get(key) or "")`).
fn get_str(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(x) if truthy(x) => py_str(x),
        _ => String::new(),
    }
}

/// `norm` of an optional JSON text field (`norm(None)` is empty).
fn norm_field(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(x) => norm(&py_str(x)),
    }
}

/// `score.py`'s `country`: the actor's `country`, else the first three letters of its `code`.
pub fn actor_country(actor: Option<&Value>) -> Option<String> {
    let a = actor?.as_object()?;
    let c = match a.get("country") {
        Some(x) if truthy(x) => py_str(x),
        _ => {
            let code = a.get("code").filter(|x| truthy(x)).map(py_str).unwrap_or_default();
            code.chars().take(3).collect()
        }
    };
    let up = c.to_uppercase();
    (!up.is_empty()).then_some(up)
}

/// Great-circle distance as `score.py` computes it (Earth diameter 12742 km).
pub fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    12742.0 * h.sqrt().asin()
}

// ---------------------------------------------------------------------------------------
// Layers.

/// One layer's counts, "among matches" checks and messages, as `score.py` keeps them.
#[derive(Debug, Clone, Default)]
pub struct Layer {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    /// Check name -> (right, total), in first-seen order.
    pub extra: Vec<(String, usize, usize)>,
    pub misses: Vec<String>,
}

impl Layer {
    fn add(&mut self, name: &str, ok: bool) {
        match self.extra.iter_mut().find(|e| e.0 == name) {
            Some(e) => {
                e.1 += usize::from(ok);
                e.2 += 1;
            }
            None => self.extra.push((name.to_string(), usize::from(ok), 1)),
        }
    }

    /// Precision, recall and F1 with `score.py`'s conventions for empty counts.
    pub fn prf(&self) -> (f64, f64, f64) {
        let p = if self.tp + self.fp > 0 {
            self.tp as f64 / (self.tp + self.fp) as f64
        } else if self.fn_ == 0 {
            1.0
        } else {
            0.0
        };
        let r = if self.tp + self.fn_ > 0 { self.tp as f64 / (self.tp + self.fn_) as f64 } else { 1.0 };
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        (p, r, f)
    }
}

/// Python's `round(x, 3)`.
pub fn round3(x: f64) -> f64 {
    format!("{x:.3}").parse().unwrap_or(x)
}

/// The scored layers of one document, in `score.py`'s order.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub layers: Vec<(String, Layer)>,
}

impl Scores {
    /// Mean of the layers' F1, each rounded to three decimals (`score.py`'s `score`).
    pub fn score(&self) -> f64 {
        let sum: f64 = self.layers.iter().map(|(_, l)| round3(l.prf().2)).sum();
        sum / self.layers.len().max(1) as f64
    }

    pub fn layer(&self, name: &str) -> Option<&Layer> {
        self.layers.iter().find(|(n, _)| n == name).map(|(_, l)| l)
    }
}

/// `score.py`'s `match`: greedy, one to one, optional gold items count neither way.
fn greedy<G>(
    gold: &[G],
    sys: &[Value],
    optional: impl Fn(&G) -> bool,
    mut same: impl FnMut(&G, &Value) -> bool,
    layer: &mut Layer,
    mut on_match: impl FnMut(&mut Layer, &G, &Value),
    describe: impl Fn(&G) -> String,
) {
    let mut used = vec![false; sys.len()];
    for g in gold {
        let hit = (0..sys.len()).find(|&j| !used[j] && same(g, &sys[j]));
        let Some(j) = hit else {
            if !optional(g) {
                layer.fn_ += 1;
                layer.misses.push(format!("missed: {}", describe(g)));
            }
            continue;
        };
        used[j] = true;
        if optional(g) {
            continue;
        }
        layer.tp += 1;
        on_match(layer, g, &sys[j]);
    }
    for (j, s) in sys.iter().enumerate() {
        if !used[j] {
            layer.fp += 1;
            let text: String = py_json(s).chars().take(160).collect();
            layer.misses.push(format!("spurious: {text}"));
        }
    }
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn score_entities(gold: &GoldFile, ents_gold: &[GoldEntity], sysd: &Value, layer: &mut Layer) {
    let default_kinds = ["country", "person", "organization", "place"];
    let kinds: HashSet<String> = match &gold.entity_kinds_scored {
        Some(k) if !k.is_empty() => k.iter().cloned().collect(),
        _ => default_kinds.iter().map(|s| s.to_string()).collect(),
    };
    let ents: Vec<&Value> = list(sysd, "entities").iter().filter(|e| e.is_object()).collect();
    let id_of = |e: &Value| e.get("id").map(py_str).unwrap_or_else(|| "None".into());
    let kind_of = |e: &Value| e.get("kind").and_then(Value::as_str).map(str::to_string);
    let mentions =
        |e: &Value| -> Vec<String> { list(e, "mentions").iter().map(|m| norm_field(m.get("text"))).collect() };
    let mut mention_owner: HashMap<String, HashSet<String>> = HashMap::new();
    for e in &ents {
        for m in mentions(e) {
            mention_owner.entry(m).or_default().insert(id_of(e));
        }
    }
    let mut matched: HashSet<String> = HashSet::new();
    for g in ents_gold {
        let aliases: Vec<String> = g.aliases.iter().map(|a| norm(a)).collect();
        let candidates: Vec<&&Value> = ents
            .iter()
            .filter(|e| {
                kind_of(e).is_some_and(|k| g.kinds.contains(&k)) && mentions(e).iter().any(|m| aliases.contains(m))
            })
            .collect();
        if candidates.is_empty() {
            layer.fn_ += 1;
            layer.misses.push(format!(
                "missed entity: {} ({})",
                g.aliases.first().map_or("", String::as_str),
                g.kinds.join("/")
            ));
            continue;
        }
        layer.tp += 1;
        for e in &candidates {
            matched.insert(id_of(e));
        }
        let linked = g.linked.as_deref().unwrap_or(&[]);
        if linked.len() >= 2 {
            let mut common: Option<HashSet<String>> = None;
            for a in linked {
                let o = mention_owner.get(&norm(a)).cloned().unwrap_or_default();
                common = Some(match common {
                    None => o,
                    Some(c) => c.intersection(&o).cloned().collect(),
                });
            }
            let ok = common.is_some_and(|c| !c.is_empty());
            layer.add("linking", ok);
            if !ok {
                layer.misses.push(format!("not linked together: {linked:?}"));
            }
        }
        if let Some(code) = g.code.as_deref().filter(|c| !c.is_empty()) {
            let ok = candidates.iter().any(|e| get_str(e, "code").to_uppercase().starts_with(code));
            layer.add("code", ok);
        }
    }
    let gold_texts: HashSet<String> =
        ents_gold.iter().flat_map(|g| g.aliases.iter().chain(g.also.iter().flatten())).map(|a| norm(a)).collect();
    for e in &ents {
        if !kind_of(e).is_some_and(|k| kinds.contains(&k)) || matched.contains(&id_of(e)) {
            continue;
        }
        if mentions(e).iter().any(|m| gold_texts.contains(m)) {
            continue;
        }
        layer.fp += 1;
        layer.misses.push(format!(
            "spurious entity: {} ({})",
            e.get("name").map(py_str).unwrap_or_else(|| "None".into()),
            e.get("kind").map(py_str).unwrap_or_else(|| "None".into())
        ));
    }
}

/// Scores one system record (as JSON, exactly as `score.py` reads it) against a gold file.
pub fn score(gold: &GoldFile, sysd: &Value) -> Scores {
    let mut out = Scores::default();
    let sentences: Vec<String> = list(sysd, "sentences").iter().map(|s| norm_field(s.get("text"))).collect();
    let sentence_of = |anchor: &str| -> Option<usize> {
        let a = norm(anchor);
        if a.is_empty() {
            return None;
        }
        sentences.iter().position(|s| s.contains(&a))
    };
    let in_sentence = |anchor: &str, s: &Value| -> bool {
        match s.get("sentence").and_then(Value::as_u64) {
            Some(i) => sentence_of(anchor) == Some(i as usize),
            None => false,
        }
    };

    if let Some(ents) = &gold.entities {
        let mut l = Layer::default();
        score_entities(gold, ents, sysd, &mut l);
        out.layers.push(("entities".into(), l));
    }

    if let Some(events) = &gold.events {
        let mut l = Layer::default();
        greedy(
            events,
            list(sysd, "events"),
            |g| g.optional,
            |g, s| {
                let types = g.plover.to_vec();
                if !in_sentence(&g.sentence, s) || !types.contains(&get_str(s, "plover").to_uppercase()) {
                    return false;
                }
                if let Some(src) = g.source.as_deref().filter(|x| !x.is_empty()) {
                    if actor_country(s.get("source")).as_deref() != Some(src) {
                        return false;
                    }
                }
                if let Some(tgt) = g.target.as_deref().filter(|x| !x.is_empty()) {
                    if actor_country(s.get("target")).as_deref() != Some(tgt) {
                        return false;
                    }
                }
                true
            },
            &mut l,
            |l, g, s| {
                let want = g.factuality.clone().unwrap_or_else(|| "asserted".into());
                l.add("factuality", s.get("factuality").and_then(Value::as_str) == Some(want.as_str()));
                if let Some(cameo) = &g.cameo {
                    let roots: Vec<String> = cameo.to_vec().iter().map(|c| c.chars().take(2).collect()).collect();
                    if !roots.is_empty() {
                        let got: String = get_str(s, "cameo").chars().take(2).collect();
                        l.add("cameo root", roots.contains(&got));
                    }
                }
            },
            |g| {
                let chars: String = g.sentence.chars().take(50).collect();
                format!(
                    "{} {}->{} in {:?}",
                    g.plover.to_vec().join("|"),
                    g.source.as_deref().unwrap_or("None"),
                    g.target.as_deref().unwrap_or("None"),
                    chars
                )
            },
        );
        out.layers.push(("events".into(), l));
    }

    if let Some(claims) = &gold.claims {
        let mut l = Layer::default();
        let speaker_ok = |g: &GoldClaim, s: &Value| -> bool {
            let Some(speakers) = &g.speaker else { return true };
            let sp = s.get("speaker").filter(|x| truthy(x));
            let names: Vec<String> = ["text", "name"]
                .iter()
                .filter_map(|k| sp.and_then(|sp| sp.get(*k)).filter(|x| truthy(x)).map(py_str))
                .collect();
            speakers.iter().any(|a| names.iter().any(|n| norm(n).chars().count() >= 3 && overlaps(a, n)))
        };
        greedy(
            claims,
            list(sysd, "claims"),
            |g| g.optional,
            |g, s| {
                in_sentence(&g.sentence, s)
                    && speaker_ok(g, s)
                    && norm_field(s.get("content").filter(|x| truthy(x)).and_then(|c| c.get("text")))
                        .contains(&norm(&g.content))
            },
            &mut l,
            |l, g, s| {
                let got = s.get("stance").map(py_str).unwrap_or_else(|| "neutral".into());
                l.add("stance", got == g.stance.clone().unwrap_or_else(|| "neutral".into()));
                if let Some(cue) = g.cue.as_deref().filter(|c| !c.is_empty()) {
                    let text = s
                        .get("cue")
                        .filter(|x| truthy(x))
                        .and_then(|c| c.get("text"))
                        .filter(|t| !t.is_null())
                        .map(py_str)
                        .unwrap_or_default();
                    l.add("cue", overlaps(cue, &text));
                }
            },
            |g| {
                let who = g.speaker.as_ref().and_then(|v| v.first()).map_or("(unnamed)", String::as_str);
                format!("{who}: {:?}", g.content)
            },
        );
        out.layers.push(("claims".into(), l));
    }

    if let Some(quantities) = &gold.quantities {
        let mut l = Layer::default();
        greedy(
            quantities,
            list(sysd, "quantities"),
            |g| g.optional,
            |g, s| {
                let v = match s.get("value") {
                    Some(Value::Number(n)) => n.as_f64(),
                    Some(Value::String(t)) => t.trim().parse::<f64>().ok(),
                    Some(Value::Bool(b)) => Some(f64::from(u8::from(*b))),
                    _ => None,
                };
                let Some(v) = v else { return false };
                in_sentence(&g.sentence, s) && (v - g.value).abs() <= 1e-6 * g.value.abs().max(1.0)
            },
            &mut l,
            |l, g, s| {
                let unit = singular(&s.get("unit").filter(|u| !u.is_null()).map(py_str).unwrap_or_default());
                l.add("unit", g.unit.iter().any(|u| singular(u) == unit));
                let approx = s.get("approx").map(py_str).unwrap_or_else(|| "exact".into());
                l.add("approx", approx == g.approx.clone().unwrap_or_else(|| "exact".into()));
            },
            |g| format!("{} {}", py_number(g.value), g.unit.first().map_or("", String::as_str)),
        );
        out.layers.push(("quantities".into(), l));
    }

    if let Some(times) = &gold.times {
        let mut l = Layer::default();
        greedy(
            times,
            list(sysd, "times"),
            |g| g.optional,
            |g, s| {
                let value = get_str(s, "value");
                let text = s.get("text").filter(|t| !t.is_null()).map(py_str).unwrap_or_default();
                in_sentence(&g.sentence, s)
                    && overlaps(&g.text, &text)
                    && value.starts_with(&g.value)
                    && value.chars().count() <= g.value.chars().count() + 3
            },
            &mut l,
            |_, _, _| {},
            |g| format!("{:?} = {}", g.text, g.value),
        );
        out.layers.push(("times".into(), l));
    }

    if let Some(places) = &gold.places {
        let mut l = Layer::default();
        greedy(
            places,
            list(sysd, "places"),
            |g| g.optional,
            |g, s| {
                let coord = |k: &str| match s.get(k) {
                    Some(Value::Number(n)) => n.as_f64(),
                    Some(Value::String(t)) => t.trim().parse::<f64>().ok(),
                    _ => None,
                };
                let (Some(lat), Some(lon)) = (coord("lat"), coord("lon")) else { return false };
                let d = km((g.lat, g.lon), (lat, lon));
                let text = s.get("text").filter(|t| !t.is_null()).map(py_str).unwrap_or_default();
                in_sentence(&g.sentence, s) && overlaps(&g.text, &text) && d <= g.radius_km.unwrap_or(100.0)
            },
            &mut l,
            |l, g, s| l.add("country", get_str(s, "country").to_uppercase() == g.country),
            |g| format!("{:?}", g.text),
        );
        out.layers.push(("places".into(), l));
    }
    out
}

/// JSON as Python's `json.dumps(x, ensure_ascii=False)` writes it (`", "` and `": "`).
fn py_json(v: &Value) -> String {
    match v {
        Value::Array(a) => format!("[{}]", a.iter().map(py_json).collect::<Vec<_>>().join(", ")),
        Value::Object(o) => format!(
            "{{{}}}",
            o.iter()
                .map(|(k, x)| format!("{}: {}", Value::String(k.clone()), py_json(x)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// A gold value as Python prints it in messages (`2600`, `20000000000`, `2.5`).
fn py_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e16 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Summed counts per layer over many documents, for a folder of gold files.
pub fn total(all: &[Scores]) -> BTreeMap<String, Layer> {
    let mut t: BTreeMap<String, Layer> = BTreeMap::new();
    for s in all {
        for (name, l) in &s.layers {
            let e = t.entry(name.clone()).or_default();
            e.tp += l.tp;
            e.fp += l.fp;
            e.fn_ += l.fn_;
            for (k, right, n) in &l.extra {
                match e.extra.iter_mut().find(|x| &x.0 == k) {
                    Some(x) => {
                        x.1 += right;
                        x.2 += n;
                    }
                    None => e.extra.push((k.clone(), *right, *n)),
                }
            }
        }
    }
    t
}

// ---------------------------------------------------------------------------------------
// The command.

/// Scores the extractor (or, with `system`, a saved record) against one gold file or a
/// folder of them.
pub fn evaluate(
    extractor: &Extractor,
    path: &Path,
    system: Option<&Path>,
    opts: &Options,
) -> Result<Report, EvalError> {
    let started = Instant::now();
    let run = crate::Runner::new(extractor);
    let files = opts.cut(gold_files(path)?);
    if system.is_some() && files.len() != 1 {
        return Err(EvalError::file(path, "--system needs exactly one gold file"));
    }
    let mut all = Vec::new();
    let mut tables = Vec::new();
    let mut log = ErrorLog::new(opts.errors);
    let mut items = 0;
    for file in &files {
        let gold = read_gold(file)?;
        items += [
            gold.entities.as_ref().map_or(0, Vec::len),
            gold.events.as_ref().map_or(0, Vec::len),
            gold.claims.as_ref().map_or(0, Vec::len),
            gold.quantities.as_ref().map_or(0, Vec::len),
            gold.times.as_ref().map_or(0, Vec::len),
            gold.places.as_ref().map_or(0, Vec::len),
        ]
        .iter()
        .sum::<usize>();
        let sysd = match system {
            Some(sys) => read_system(sys)?,
            None => {
                let text_path = file.parent().unwrap_or(Path::new(".")).join(&gold.text);
                let mut doc = read_document(&text_path)?;
                if doc.published.as_deref().is_none_or(str::is_empty) {
                    doc.published.clone_from(&gold.published);
                }
                serde_json::to_value(run.extract(&doc)).map_err(|e| EvalError::file(file, e.to_string()))?
            }
        };
        let scores = score(&gold, &sysd);
        let name = file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
        for (layer, l) in &scores.layers {
            for m in &l.misses {
                let (kind, what) = m.split_once(": ").unwrap_or((m.as_str(), ""));
                log.add(format!("{layer}: {kind}"), || format!("{name}: {what}"));
            }
        }
        tables.push(layer_table(&name, scores.layers.iter().map(|(n, l)| (n.as_str(), l)), scores.score()));
        all.push(scores);
    }
    if all.len() > 1 {
        let t = total(&all);
        let mean = crate::metrics::mean(all.iter().map(Scores::score));
        let mut table = layer_table("all files (counts summed)", t.iter().map(|(n, l)| (n.as_str(), l)), mean);
        if let Some(last) = table.rows.last_mut() {
            *last = Row::value("score", mean, "mean of the files' scores");
        }
        tables.push(table);
    }
    Ok(Report {
        set: "gold".into(),
        path: path.display().to_string(),
        documents: files.len(),
        items,
        item_kind: "gold items".into(),
        seconds: started.elapsed().as_secs_f64(),
        tables,
        notes: [
            "figures as tools/score.py computes them: greedy one-to-one matching within the gold item's anchor sentence; \
             optional items count neither way; score = mean of the layers' F1 rounded to 3 decimals"
                .to_string(),
        ]
        .into_iter()
        .chain(run.note())
        .collect(),
        errors: log.into_groups(),
    })
}

fn layer_table<'a>(title: &str, layers: impl Iterator<Item = (&'a str, &'a Layer)>, score: f64) -> Table {
    let mut rows: Vec<Row> = layers
        .map(|(name, l)| {
            let (p, r, f) = l.prf();
            let extra: Vec<String> = l.extra.iter().map(|(k, a, n)| format!("{k} {a}/{n}")).collect();
            Row::figures(name, p, r, f, Some(Counts::new(l.tp, l.fp, l.fn_))).with_detail(extra.join(", "))
        })
        .collect();
    rows.push(Row::value("score", score, "mean F1 over the layers"));
    Table { title: title.to_string(), rows }
}

/// Reads a text file as `sitrep extract` does.
fn read_document(path: &Path) -> Result<Document, EvalError> {
    let name = path.display().to_string();
    let docs = sitrep_ingest::read_input(&name, sitrep_ingest::Format::Auto, &sitrep_ingest::Limits::default());
    match docs.into_iter().next() {
        Some(Ok(d)) => Ok(d),
        Some(Err(e)) => Err(EvalError::file(path, e.kind.to_string())),
        None => Err(EvalError::file(path, "no document in this file")),
    }
}

/// Reads a saved system record (a JSON object, or an array whose first object is used).
pub fn read_system(path: &Path) -> Result<Value, EvalError> {
    let bytes = std::fs::read(path).map_err(|e| EvalError::io(path, &e))?;
    let v: Value =
        serde_json::from_slice(&bytes).map_err(|e| EvalError::at(path, e.line(), format!("not a JSON record: {e}")))?;
    Ok(match v {
        Value::Array(mut a) => {
            if a.is_empty() {
                Value::Object(Default::default())
            } else {
                a.swap_remove(0)
            }
        }
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn norm_matches_python() {
        // Outputs of score.py's norm() and singular() on the same inputs.
        assert_eq!(norm("South Korea\u{2019}s Foreign Ministry"), "south korea foreign ministry");
        assert_eq!(norm("  \u{201c}over \u{20ac}20 billion,\u{201d} "), "over \u{20ac}20 billion");
        assert_eq!(norm("U.S.-led (coalition)."), "u.s.-led coalition");
        assert_eq!(norm("it's Seoul's"), "it seoul");
        assert_eq!(norm("the 's'"), "the");
        assert_eq!(norm("ΟΔΟΣ Σ"), "οδος σ");
        assert_eq!(norm("e\u{301}"), "e");
        assert_eq!(norm("x² Ⅳ"), "x² ⅳ");
        assert_eq!(norm("a\u{1c}b"), "a b");
        assert_eq!(norm("Kyiv\u{2013}Moscow"), "kyiv-moscow");
        assert_eq!(norm("Zürich_x #1"), "zürich_x 1");
        assert_eq!(singular("Troops"), "troop");
        assert_eq!(singular("casualties"), "casualty");
        assert_eq!(singular("press"), "press");
        assert_eq!(singular("bus"), "bus");
        assert_eq!(singular("series"), "sery");
        assert!(overlaps("Kursk region", "the Kursk region"));
        assert!(!overlaps("", "x"));
    }

    #[test]
    fn actor_country_falls_back_to_the_code() {
        assert_eq!(actor_country(Some(&json!({"country": "kor"}))), Some("KOR".into()));
        assert_eq!(actor_country(Some(&json!({"country": "", "code": "PRKMIL"}))), Some("PRK".into()));
        assert_eq!(actor_country(Some(&json!({"code": null}))), None);
        assert_eq!(actor_country(None), None);
    }

    #[test]
    fn round3_rounds_like_python() {
        assert_eq!(round3(0.6666666), 0.667);
        assert_eq!(round3(0.8), 0.8);
        assert_eq!(round3(1.0 / 3.0), 0.333);
    }

    const GOLD: &str = r#"{
      "text": "pair.txt", "published": "2024-10-22",
      "entities": [
        {"kinds": ["country"], "code": "KOR", "aliases": ["South Korea", "Seoul"], "linked": ["South Korea", "Seoul"]},
        {"kinds": ["person"], "aliases": ["Kyrylo Budanov", "Budanov"]},
        {"kinds": ["organization"], "aliases": ["Yonhap"], "also": ["Yonhap News Agency"]}
      ],
      "events": [
        {"sentence": "Seoul may deploy staff", "plover": ["AID", "COOPERATE"], "cameo": ["072"], "source": "KOR", "target": "UKR", "factuality": "possible"},
        {"sentence": "Seoul may deploy staff", "plover": "ASSAULT", "source": "RUS", "optional": true}
      ],
      "claims": [
        {"sentence": "Budanov said", "speaker": ["Kyrylo Budanov", "Budanov"], "cue": "said", "content": "11,000 troops are in Russia", "stance": "neutral"}
      ],
      "quantities": [
        {"sentence": "Budanov said", "value": 11000, "unit": ["troop", "soldier"], "approx": "about"},
        {"sentence": "Seoul may deploy staff", "value": 5, "unit": ["staff"]}
      ],
      "times": [
        {"sentence": "Budanov said", "text": "by 1 November", "value": "2024-11-01"}
      ],
      "places": [
        {"sentence": "Budanov said", "text": "Kursk region", "country": "RUS", "lat": 51.7, "lon": 36.2, "radius_km": 150}
      ]
    }"#;

    fn system() -> Value {
        json!({
          "sentences": [
            {"text": "Seoul may deploy staff to Ukraine, Yonhap News Agency reported.", "start": 0, "end": 63},
            {"text": "Budanov said close to 11,000 troops are in Russia's Kursk region by 1 November.", "start": 64, "end": 143}
          ],
          "entities": [
            {"id": "KOR", "name": "South Korea", "kind": "country", "code": "KORGOV", "mentions": [{"text": "Seoul", "start": 0, "end": 5, "sentence": 0}]},
            {"id": "UKR", "name": "Ukraine", "kind": "country", "code": "UKR", "mentions": [{"text": "Ukraine", "start": 26, "end": 33, "sentence": 0}]},
            {"id": "yonhap", "name": "Yonhap News Agency", "kind": "organization", "code": null, "mentions": [{"text": "Yonhap News Agency", "start": 35, "end": 53, "sentence": 0}]},
            {"id": "budanov", "name": "Budanov", "kind": "person", "code": null, "mentions": [{"text": "Budanov", "start": 64, "end": 71, "sentence": 1}]},
            {"id": "RUS", "name": "Russia", "kind": "country", "code": "RUS", "mentions": [{"text": "Russia's", "start": 110, "end": 118, "sentence": 1}]}
          ],
          "events": [
            {"sentence": 0, "plover": "aid", "cameo": "073", "source": {"text": "Seoul", "code": "KORGOV", "country": null}, "target": {"text": "Ukraine", "country": "UKR"}, "factuality": "asserted"},
            {"sentence": 1, "plover": "MOBILIZE", "cameo": "154", "source": null, "target": null, "factuality": "asserted"}
          ],
          "claims": [
            {"sentence": 1, "speaker": {"text": "Budanov", "entity": "budanov", "name": null}, "cue": {"text": "said"}, "content": {"text": "close to 11,000 troops are in Russia's Kursk region"}, "direct": false, "stance": "neutral"}
          ],
          "quantities": [
            {"sentence": 1, "text": "close to 11,000 troops", "value": 11000, "unit": "troops", "approx": "about"},
            {"sentence": 0, "text": "5", "value": 6, "unit": null, "approx": "exact"}
          ],
          "times": [
            {"sentence": 1, "text": "by 1 November", "value": "2024-11-01"}
          ],
          "places": [
            {"sentence": 1, "text": "Kursk region", "name": "Kursk Oblast", "country": "RUS", "lat": 51.73, "lon": 36.19}
          ]
        })
    }

    /// Figures from `python3 tools/score.py gold.json system.json --json` on this same pair
    /// (the two documents above written to files):
    /// entities P 0.5 R 0.667 F1 0.571 (tp 2, fp 2, fn 1; linking 0/1, code 1/1),
    /// events 0.5/1.0/0.667 (tp 1, fp 1; factuality 0/1, cameo root 1/1),
    /// claims 1/1/1 (stance 1/1, cue 1/1), quantities 0.5/0.5/0.5 (unit 1/1, approx 1/1),
    /// times 1/1/1, places 1/1/1 (country 1/1); score 0.790.
    #[test]
    fn agrees_with_score_py_on_a_small_pair() {
        let gold: GoldFile = serde_json::from_str(GOLD).unwrap();
        let s = score(&gold, &system());
        let figures: Vec<(String, usize, usize, usize, f64)> =
            s.layers.iter().map(|(n, l)| (n.clone(), l.tp, l.fp, l.fn_, round3(l.prf().2))).collect();
        assert_eq!(
            figures,
            vec![
                ("entities".to_string(), 2, 2, 1, 0.571),
                ("events".to_string(), 1, 1, 0, 0.667),
                ("claims".to_string(), 1, 0, 0, 1.0),
                ("quantities".to_string(), 1, 1, 1, 0.5),
                ("times".to_string(), 1, 0, 0, 1.0),
                ("places".to_string(), 1, 0, 0, 1.0),
            ]
        );
        let ents = s.layer("entities").unwrap();
        assert_eq!(ents.extra, vec![("linking".to_string(), 0, 1), ("code".to_string(), 1, 1)]);
        let events = s.layer("events").unwrap();
        assert_eq!(events.extra, vec![("factuality".to_string(), 0, 1), ("cameo root".to_string(), 1, 1)]);
        assert_eq!(format!("{:.3}", s.score()), "0.790");
        let misses = &s.layer("quantities").unwrap().misses;
        assert_eq!(misses[0], "missed: 5 staff");
        // Python keeps the record's key order; serde_json's map sorts keys.
        assert_eq!(misses[1], r#"spurious: {"approx": "exact", "sentence": 0, "text": "5", "unit": null, "value": 6}"#);
    }
}
