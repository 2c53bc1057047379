//! CoNLL-2003 English named entities (PER, ORG, LOC, MISC) from sitrep's entity mentions.
//!
//! **Reading.** One token per line (`token POS chunk NER`), a blank line ends a sentence,
//! `-DOCSTART-` starts a document; tags are IOB2 (an `I-` tag that does not continue a
//! chunk of its type starts one, as conlleval reads it). Each document becomes one text:
//! tokens joined by single spaces, sentences by newlines; no publication date.
//!
//! **Mapping** sitrep mentions to CoNLL types:
//!
//! | sitrep | CoNLL |
//! |---|---|
//! | `person` | PER |
//! | `organization` | ORG |
//! | `country`, mention is an adjective or demonym of the lexicon ("German", "Iraqis") | MISC |
//! | `country`, any other mention (name, short form, capital or seat of power: "Britain", "Moscow", "White House") | LOC |
//! | `place` | LOC |
//! | `group` ("North Korean troops") | MISC for a leading country adjective ("North Korean"), nothing else |
//! | `person` mention ending in one of the entity's roles ("Russian Prime Minister", "NATO spokesman") | nothing |
//! | `organization` mention ending in a lower-case word ("Hong Kong court", "U.S. embassy") | nothing |
//!
//! Groups are collectives named by sector, not names: CoNLL tags only their nationality
//! adjective, as MISC. Role descriptions and country-plus-noun institutions are not names
//! either (CoNLL tags only their country part, which sitrep reports as a country mention
//! of its own). Metonyms stay LOC because CoNLL tags "Kremlin" and "White House" LOC.
//!
//! **Offsets.** A mention's byte span in the normalised text goes back to the built text
//! through an [`Alignment`] (the texts are equal for plain ASCII; backquotes become `'`
//! and the odd non-ASCII token moves later offsets) and then to the tokens it covers. A
//! mention that starts or ends inside a token is widened to whole tokens (counted as
//! "snapped"). When mentions overlap, the longer one is kept (then the earlier).
//!
//! **Scoring.** Exact typed spans, as conlleval: a predicted span is right when its first
//! and last token and its type equal a gold span's. P/R/F1 per type and micro-averaged
//! over PER/ORG/LOC (MISC gold and predictions left out) and over all four types.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use sitrep_extract::Extractor;
use sitrep_model::{EntityKind, Extraction};

use crate::align::Alignment;
use crate::report::{ErrorLog, Report, Row, Table};
use crate::{Counts, EvalError, Options, Split};

/// A CoNLL entity type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    Per,
    Org,
    Loc,
    Misc,
}

impl Label {
    pub const ALL: [Label; 4] = [Label::Per, Label::Org, Label::Loc, Label::Misc];

    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Org => "ORG",
            Label::Loc => "LOC",
            Label::Misc => "MISC",
        }
    }

    fn parse(s: &str) -> Option<Label> {
        Some(match s {
            "PER" => Label::Per,
            "ORG" => Label::Org,
            "LOC" => Label::Loc,
            "MISC" => Label::Misc,
            _ => return None,
        })
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One token and its tag (`O`, `B-PER`, `I-LOC`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub tag: String,
}

/// One document: its sentences of tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConllDoc {
    /// `<file stem>-<n>`, n counting documents from 1.
    pub id: String,
    /// Line of its `-DOCSTART-` (or first token).
    pub line: usize,
    pub sentences: Vec<Vec<Token>>,
}

impl ConllDoc {
    pub fn tokens(&self) -> impl Iterator<Item = &Token> {
        self.sentences.iter().flatten()
    }
}

/// The file for a split in the CoNLL folder: `test.txt`, `valid.txt` or `train.txt`.
pub fn split_file(path: &Path, split: Split) -> PathBuf {
    if path.is_dir() {
        path.join(match split {
            Split::Test => "test.txt",
            Split::Dev => "valid.txt",
            Split::Train => "train.txt",
        })
    } else {
        path.to_path_buf()
    }
}

/// Parses a CoNLL-2003 file.
pub fn parse(path: &Path, text: &str) -> Result<Vec<ConllDoc>, EvalError> {
    let stem = path.file_stem().map_or_else(|| "doc".to_string(), |s| s.to_string_lossy().into_owned());
    let mut docs: Vec<ConllDoc> = Vec::new();
    let mut sentence: Vec<Token> = Vec::new();
    let new_doc = |docs: &mut Vec<ConllDoc>, line: usize| {
        let id = format!("{stem}-{}", docs.len() + 1);
        docs.push(ConllDoc { id, line, sentences: Vec::new() });
    };
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let l = raw.trim_end_matches('\r');
        if l.trim().is_empty() {
            if !sentence.is_empty() {
                if docs.is_empty() {
                    new_doc(&mut docs, line);
                }
                if let Some(d) = docs.last_mut() {
                    d.sentences.push(std::mem::take(&mut sentence));
                }
            }
            continue;
        }
        let fields: Vec<&str> = l.split_whitespace().collect();
        if fields[0] == "-DOCSTART-" {
            if !sentence.is_empty() {
                return Err(EvalError::at(
                    path,
                    line,
                    "-DOCSTART- inside a sentence (expected a blank line before it)",
                ));
            }
            new_doc(&mut docs, line);
            continue;
        }
        if fields.len() < 2 {
            return Err(EvalError::at(path, line, format!("expected `token POS chunk NER`, found {l:?}")));
        }
        let tag = fields[fields.len() - 1];
        let ok =
            tag == "O" || tag.split_once('-').is_some_and(|(p, t)| matches!(p, "B" | "I") && Label::parse(t).is_some());
        if !ok {
            return Err(EvalError::at(
                path,
                line,
                format!("unknown NER tag {tag:?} (expected O, B-X or I-X with X in PER ORG LOC MISC)"),
            ));
        }
        if docs.is_empty() {
            new_doc(&mut docs, line);
        }
        sentence.push(Token { text: fields[0].to_string(), tag: tag.to_string() });
    }
    if !sentence.is_empty() {
        if docs.is_empty() {
            new_doc(&mut docs, 1);
        }
        if let Some(d) = docs.last_mut() {
            d.sentences.push(sentence);
        }
    }
    docs.retain(|d| !d.sentences.is_empty());
    Ok(docs)
}

/// Reads a CoNLL-2003 file.
pub fn read(path: &Path) -> Result<Vec<ConllDoc>, EvalError> {
    parse(path, &crate::read_text(path)?)
}

/// A typed span of tokens, `start..end` (token indices within the document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Chunk {
    pub start: usize,
    pub end: usize,
    pub label: Label,
}

/// The gold chunks of a document.
pub fn gold_chunks(doc: &ConllDoc) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut open: Option<Chunk> = None;
    let mut i = 0;
    for sentence in &doc.sentences {
        for t in sentence {
            let (prefix, label) = match t.tag.split_once('-') {
                Some((p, l)) => (p, Label::parse(l)),
                None => ("O", None),
            };
            let continues = prefix == "I" && open.is_some_and(|c| Some(c.label) == label);
            if !continues {
                out.extend(open.take());
                if let Some(label) = label {
                    open = Some(Chunk { start: i, end: i + 1, label });
                }
            } else if let Some(c) = open.as_mut() {
                c.end = i + 1;
            }
            i += 1;
        }
        out.extend(open.take());
    }
    out
}

/// A document as one text, with each token's byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    pub text: String,
    pub tokens: Vec<(usize, usize)>,
}

/// Tokens joined by single spaces, sentences by newlines.
pub fn build_text(doc: &ConllDoc) -> Built {
    let mut text = String::new();
    let mut tokens = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        if si > 0 {
            text.push('\n');
        }
        for (ti, t) in s.iter().enumerate() {
            if ti > 0 {
                text.push(' ');
            }
            tokens.push((text.len(), text.len() + t.text.len()));
            text.push_str(&t.text);
        }
    }
    Built { text, tokens }
}

/// A predicted chunk and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Predicted {
    pub chunk: Chunk,
    pub kind: EntityKind,
    /// The mention as sitrep wrote it.
    pub text: String,
    /// Whether the mention had to be widened to whole tokens.
    pub snapped: bool,
}

/// Country adjectives and demonyms of the lexicon, lower case.
pub fn adjectives(extractor: &Extractor) -> HashSet<String> {
    extractor.lexicon().countries.iter().flat_map(|c| c.adjectives.iter()).map(|a| a.to_lowercase()).collect()
}

/// What a mention of kind `kind` with text `text` is in CoNLL terms: a label and the
/// byte range within `text` that carries it. `roles` are the entity's titles (lower case).
pub fn map_mention(
    kind: EntityKind,
    text: &str,
    roles: &[String],
    adjectives: &HashSet<String>,
) -> Option<(Label, usize, usize)> {
    let lower = text.to_lowercase();
    let last_word_lower =
        text.split_whitespace().last().and_then(|w| w.chars().next()).is_some_and(|c| c.is_lowercase());
    match kind {
        // "Russian Prime Minister", "NATO spokesman": a description, not a name.
        EntityKind::Person if roles.iter().any(|r| !r.is_empty() && lower.ends_with(r.as_str())) => None,
        EntityKind::Person => Some((Label::Per, 0, text.len())),
        // "Hong Kong court", "U.S. embassy": a country and a common noun.
        EntityKind::Organization if last_word_lower => None,
        EntityKind::Organization => Some((Label::Org, 0, text.len())),
        EntityKind::Place => Some((Label::Loc, 0, text.len())),
        EntityKind::Country => {
            let label = if adjectives.contains(&lower) { Label::Misc } else { Label::Loc };
            Some((label, 0, text.len()))
        }
        EntityKind::Group => {
            // The longest leading run of words that is a country adjective.
            let ends: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).chain([text.len()]).collect();
            ends.iter().rev().find(|&&e| adjectives.contains(&lower[..e])).map(|&e| (Label::Misc, 0, e))
        }
    }
}

/// Counts of how mentions were turned into chunks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MapStats {
    pub mentions: usize,
    pub unmapped: usize,
    pub snapped: usize,
    /// Mentions on the same tokens as a kept one, with the same label.
    pub duplicates: usize,
    /// Mentions on the same tokens as a kept one, with another label.
    pub conflicting: usize,
    /// Mentions partly overlapping a longer kept one.
    pub overlapping: usize,
    pub misaligned_docs: usize,
}

impl MapStats {
    fn add(&mut self, o: MapStats) {
        self.mentions += o.mentions;
        self.unmapped += o.unmapped;
        self.snapped += o.snapped;
        self.overlapping += o.overlapping;
        self.duplicates += o.duplicates;
        self.conflicting += o.conflicting;
        self.misaligned_docs += o.misaligned_docs;
    }
}

/// sitrep's mentions as CoNLL chunks of the built text.
pub fn predicted_chunks(
    record: &Extraction,
    built: &Built,
    adjectives: &HashSet<String>,
) -> (Vec<Predicted>, MapStats) {
    let mut stats = MapStats::default();
    let align = Alignment::new(&built.text, &record.text);
    if !align.exact() {
        stats.misaligned_docs = 1;
    }
    // Raw character index -> raw byte: the built text is mostly ASCII, so go through chars.
    let raw_bytes = crate::align::char_to_byte(&built.text);
    let mut found: Vec<Predicted> = Vec::new();
    let mut seen: HashSet<(usize, usize, usize)> = HashSet::new();
    for e in &record.entities {
        let roles: Vec<String> = e.roles.iter().map(|r| r.to_lowercase()).collect();
        for m in &e.mentions {
            stats.mentions += 1;
            // Places are listed twice (as places and as place entities): once is enough.
            if !seen.insert((m.start, m.end, e.kind as usize)) {
                continue;
            }
            let Some((label, a, b)) = map_mention(e.kind, &m.text, &roles, adjectives) else {
                stats.unmapped += 1;
                continue;
            };
            let (s, t) = (m.start + a, m.start + b);
            let rs = raw_bytes[align.raw_char_at(s)];
            let re = raw_bytes[align.raw_char_at(t)];
            let Some((first, last, exact)) = covering_tokens(&built.tokens, rs, re) else {
                stats.unmapped += 1;
                continue;
            };
            if !exact {
                stats.snapped += 1;
            }
            found.push(Predicted {
                chunk: Chunk { start: first, end: last + 1, label },
                kind: e.kind,
                text: record.text[s..t].to_string(),
                snapped: !exact,
            });
        }
    }
    // One label per stretch of tokens: the longer mention wins, then the earlier.
    let mut kept: Vec<Predicted> = Vec::new();
    let mut by_length: Vec<usize> = (0..found.len()).collect();
    by_length.sort_by_key(|&i| (std::cmp::Reverse(found[i].chunk.end - found[i].chunk.start), found[i].chunk.start));
    for i in by_length {
        let c = found[i].chunk;
        if let Some(k) = kept.iter().find(|k| c.start < k.chunk.end && k.chunk.start < c.end) {
            if (k.chunk.start, k.chunk.end) != (c.start, c.end) {
                stats.overlapping += 1;
            } else if k.chunk.label == c.label {
                stats.duplicates += 1;
            } else {
                stats.conflicting += 1;
            }
            continue;
        }
        kept.push(found[i].clone());
    }
    kept.sort_by_key(|p| p.chunk.start);
    (kept, stats)
}

/// First and last token touched by bytes `start..end`, and whether the span fell on
/// token boundaries.
fn covering_tokens(tokens: &[(usize, usize)], start: usize, end: usize) -> Option<(usize, usize, bool)> {
    let first = tokens.partition_point(|&(_, e)| e <= start);
    let last = tokens.partition_point(|&(s, _)| s < end).checked_sub(1)?;
    if first >= tokens.len() || last < first {
        return None;
    }
    let exact = tokens[first].0 == start && tokens[last].1 == end;
    Some((first, last, exact))
}

/// Per-label counts for one document, and its errors.
/// What a missed entity looks like, for grouping errors: its case and length, and for
/// locations whether the gazetteer (`known`) has the name.
pub fn miss_shape(label: Label, words: &str, known: &dyn Fn(&str) -> bool) -> String {
    let tokens: Vec<&str> = words.split(' ').collect();
    let letters: String = words.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.chars().all(char::is_uppercase) && !(tokens.len() == 1 && letters.len() <= 5) {
        return "all capitals".into();
    }
    match label {
        Label::Per if tokens.len() == 1 => "one name".into(),
        Label::Per if tokens[0].ends_with('.') => "initial and surname".into(),
        Label::Per => "full name".into(),
        Label::Loc if known(words) => "name in the gazetteer".into(),
        Label::Loc => "name not in the gazetteer".into(),
        _ if tokens.len() == 1 && letters.len() <= 5 && letters.chars().all(char::is_uppercase) => "acronym".into(),
        Label::Org if known(words) => "a place name (club, team, city council)".into(),
        _ if tokens.len() == 1 => "one word".into(),
        _ => "several words".into(),
    }
}

/// Per-label counts for one document, and its errors; `known` says whether the
/// gazetteer has a name (to group missed locations).
pub fn score_doc(
    gold: &[Chunk],
    predicted: &[Predicted],
    doc: &ConllDoc,
    built: &Built,
    known: &dyn Fn(&str) -> bool,
    log: &mut ErrorLog,
) -> [Counts; 4] {
    let mut counts = [Counts::default(); 4];
    let idx = |l: Label| Label::ALL.iter().position(|&x| x == l).unwrap_or(0);
    let gold_set: HashSet<Chunk> = gold.iter().copied().collect();
    let pred_set: HashSet<Chunk> = predicted.iter().map(|p| p.chunk).collect();
    let words = |c: &Chunk| -> String {
        let toks: Vec<&str> = doc.tokens().skip(c.start).take(c.end - c.start).map(|t| t.text.as_str()).collect();
        toks.join(" ")
    };
    let ctx = |c: &Chunk| crate::context(&built.text, built.tokens[c.start].0, built.tokens[c.end - 1].1, 40);
    for g in gold {
        if pred_set.contains(g) {
            counts[idx(g.label)].tp += 1;
            continue;
        }
        counts[idx(g.label)].fn_ += 1;
        let same_span = predicted.iter().find(|p| p.chunk.start == g.start && p.chunk.end == g.end);
        let overlapping = predicted.iter().find(|p| p.chunk.start < g.end && g.start < p.chunk.end);
        match (same_span, overlapping) {
            (Some(p), _) => log
                .add(format!("{} predicted as {} [{}]", g.label, p.chunk.label, p.kind.as_str()), || {
                    format!("{:?} | {}", words(g), ctx(g))
                }),
            (None, Some(p)) if p.chunk.label == g.label => log
                .add(format!("{} boundary [{}]", g.label, p.kind.as_str()), || {
                    format!("gold {:?}, sitrep {:?} | {}", words(g), p.text, ctx(g))
                }),
            (None, Some(p)) => log
                .add(format!("{} boundary and type {} [{}]", g.label, p.chunk.label, p.kind.as_str()), || {
                    format!("gold {:?}, sitrep {:?} | {}", words(g), p.text, ctx(g))
                }),
            (None, None) => {
                let w = words(g);
                log.add(format!("missed {} ({})", g.label, miss_shape(g.label, &w, known)), || {
                    format!("{w:?} | {}", ctx(g))
                })
            }
        }
    }
    for p in predicted {
        if gold_set.contains(&p.chunk) {
            continue;
        }
        counts[idx(p.chunk.label)].fp += 1;
        let c = &p.chunk;
        if gold.iter().any(|g| g.start < c.end && c.start < g.end) {
            continue; // counted with the gold chunk it overlaps
        }
        log.add(format!("spurious {} [{}]", c.label, p.kind.as_str()), || format!("{:?} | {}", p.text, ctx(c)));
    }
    counts
}

/// Runs the extractor over a CoNLL file (or the folder's split) and scores it.
pub fn evaluate(extractor: &Extractor, path: &Path, opts: &Options) -> Result<Report, EvalError> {
    let started = Instant::now();
    let run = crate::Runner::new(extractor);
    let split = opts.split.unwrap_or(Split::Test);
    let file = split_file(path, split);
    let docs = opts.cut(read(&file)?);
    let adjectives = adjectives(extractor);
    let gazetteer = sitrep_geo::Gazetteer::embedded();
    let known = |name: &str| !gazetteer.lookup(name).is_empty();
    let results: Vec<([Counts; 4], MapStats, ErrorLog, usize, usize)> = docs
        .par_iter()
        .map(|doc| {
            let built = build_text(doc);
            let record = run.extract(&crate::document(doc.id.clone(), built.text.clone(), None));
            let gold = gold_chunks(doc);
            let (pred, stats) = predicted_chunks(&record, &built, &adjectives);
            let mut log = ErrorLog::new(opts.errors);
            let counts = score_doc(&gold, &pred, doc, &built, &known, &mut log);
            (counts, stats, log, gold.len(), built.tokens.len())
        })
        .collect();
    let mut per = [Counts::default(); 4];
    let mut stats = MapStats::default();
    let mut log = ErrorLog::new(opts.errors);
    let (mut items, mut tokens) = (0, 0);
    for (c, s, l, n, t) in results {
        for i in 0..4 {
            per[i].add(c[i]);
        }
        stats.add(s);
        log.merge(l);
        items += n;
        tokens += t;
    }
    let mut rows: Vec<Row> = Label::ALL.iter().zip(per).map(|(l, c)| Row::prf(l.as_str(), c)).collect();
    rows[3].detail = "only country adjectives and demonyms are predicted as MISC".into();
    let micro3 = Counts::sum(&per[..3]);
    let micro4 = Counts::sum(&per);
    rows.push(Row::prf("micro PER/ORG/LOC", micro3).with_detail("MISC gold and predictions left out"));
    rows.push(Row::prf("micro all four", micro4).with_detail("MISC gold counted as missed when not predicted"));
    let mut notes = vec![
        format!(
            "exact typed spans (conlleval); {} tokens; mapping: person->PER, organization->ORG, place->LOC, \
             country->LOC (adjective/demonym->MISC), group->MISC for a leading country adjective; \
             role descriptions (person mentions ending in a role) and country+common-noun organisations dropped",
            tokens
        ),
        format!(
            "{} mentions read: {} not mappable, {} widened to whole tokens, {} duplicates, {} on the same tokens as \
             another with a different label (the first entity's kept), {} dropped as overlapping a longer one; \
             {} document(s) whose normalised text differs from the built text (offsets realigned)",
            stats.mentions,
            stats.unmapped,
            stats.snapped,
            stats.duplicates,
            stats.conflicting,
            stats.overlapping,
            stats.misaligned_docs
        ),
    ];
    notes.extend(run.note());
    Ok(Report {
        set: if path.is_dir() {
            format!("conll2003 {}", split.as_str())
        } else {
            format!("conll2003 {}", file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()))
        },
        path: file.display().to_string(),
        documents: docs.len(),
        items,
        item_kind: "gold entities".into(),
        seconds: started.elapsed().as_secs_f64(),
        tables: vec![Table { title: "entities (exact span and type)".into(), rows }],
        notes,
        errors: log.into_groups(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_model::{Entity, Mention};

    const SAMPLE: &str = "-DOCSTART- -X- -X- O

SOCCER NN B-NP O
- : O O
JAPAN NNP B-NP B-LOC
GET VB B-VP O
LUCKY NNP B-NP O

West NNP B-NP B-MISC
Indian NNP I-NP I-MISC
Phil NNP I-NP B-PER
Simmons NNP I-NP I-PER
joined VBD B-VP O
Leicestershire NNP B-NP B-ORG
in IN B-PP O
London NNP B-NP I-LOC
. . O O

-DOCSTART- -X- -X- O

German JJ B-NP B-MISC
troops NNS I-NP O
";

    fn docs() -> Vec<ConllDoc> {
        parse(Path::new("test.txt"), SAMPLE).unwrap()
    }

    #[test]
    fn reads_documents_sentences_and_chunks() {
        let d = docs();
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].id, "test-1");
        assert_eq!(d[0].sentences.len(), 2);
        let built = build_text(&d[0]);
        assert_eq!(built.text, "SOCCER - JAPAN GET LUCKY\nWest Indian Phil Simmons joined Leicestershire in London .");
        assert_eq!(built.tokens[2], (9, 14));
        let chunks = gold_chunks(&d[0]);
        let labelled: Vec<(usize, usize, Label)> = chunks.iter().map(|c| (c.start, c.end, c.label)).collect();
        // "London" is tagged I-LOC after O: it starts a chunk, as conlleval reads it.
        assert_eq!(
            labelled,
            vec![
                (2, 3, Label::Loc),
                (5, 7, Label::Misc),
                (7, 9, Label::Per),
                (10, 11, Label::Org),
                (12, 13, Label::Loc)
            ]
        );
    }

    #[test]
    fn bad_lines_name_the_file_and_line() {
        let e = parse(Path::new("x.txt"), "-DOCSTART- -X- -X- O\n\nword NN B-NP B-FOO\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.txt:3: unknown NER tag \"B-FOO\" (expected O, B-X or I-X with X in PER ORG LOC MISC)"
        );
        let e = parse(Path::new("x.txt"), "lonely\n").unwrap_err();
        assert!(e.to_string().starts_with("x.txt:1: expected `token POS chunk NER`"), "{e}");
    }

    fn adj() -> HashSet<String> {
        ["german", "west indian", "north korean"].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn mentions_map_to_conll_types() {
        let a = adj();
        let none: &[String] = &[];
        assert_eq!(map_mention(EntityKind::Country, "German", none, &a), Some((Label::Misc, 0, 6)));
        assert_eq!(map_mention(EntityKind::Country, "Germany", none, &a), Some((Label::Loc, 0, 7)));
        assert_eq!(map_mention(EntityKind::Group, "North Korean troops", none, &a), Some((Label::Misc, 0, 12)));
        assert_eq!(map_mention(EntityKind::Group, "rebels", none, &a), None);
        assert_eq!(map_mention(EntityKind::Place, "Leeds", none, &a), Some((Label::Loc, 0, 5)));
        let roles = vec!["prime minister".to_string()];
        assert_eq!(map_mention(EntityKind::Person, "Russian Prime Minister", &roles, &a), None);
        assert_eq!(map_mention(EntityKind::Person, "Viktor Chernomyrdin", &roles, &a), Some((Label::Per, 0, 19)));
        assert_eq!(map_mention(EntityKind::Organization, "Hong Kong court", none, &a), None);
        assert_eq!(map_mention(EntityKind::Organization, "Bank of Canada", none, &a), Some((Label::Org, 0, 14)));
    }

    fn entity(kind: EntityKind, text: &str, record_text: &str, nth: usize) -> Entity {
        let start = record_text.match_indices(text).nth(nth).unwrap().0;
        Entity {
            id: text.into(),
            name: text.into(),
            kind,
            code: None,
            country: None,
            roles: vec![],
            mentions: vec![Mention { text: text.into(), start, end: start + text.len(), sentence: 0 }],
        }
    }

    #[test]
    fn scores_exact_typed_spans() {
        let d = docs();
        let built = build_text(&d[0]);
        let t = built.text.clone();
        let record = Extraction {
            text: t.clone(),
            entities: vec![
                entity(EntityKind::Country, "JAPAN", &t, 0),
                entity(EntityKind::Person, "Simmons", &t, 0),
                entity(EntityKind::Place, "Leicestershire", &t, 0),
                entity(EntityKind::Place, "London", &t, 0),
                entity(EntityKind::Person, "LUCK", &t, 0),
            ],
            ..Extraction::default()
        };
        let (pred, stats) = predicted_chunks(&record, &built, &adj());
        assert_eq!(stats.snapped, 1, "LUCK is widened to LUCKY");
        let mut log = ErrorLog::new(5);
        let c = score_doc(&gold_chunks(&d[0]), &pred, &d[0], &built, &|_| false, &mut log);
        assert_eq!(c[0], Counts::new(0, 2, 1), "PER");
        assert_eq!(c[1], Counts::new(0, 0, 1), "ORG");
        assert_eq!(c[2], Counts::new(2, 1, 0), "LOC");
        assert_eq!(c[3], Counts::new(0, 0, 1), "MISC");
        let groups = log.into_groups();
        let names: Vec<&str> = groups.iter().map(|g| g.category.as_str()).collect();
        assert!(names.contains(&"ORG predicted as LOC [place]"), "{names:?}");
        assert!(names.contains(&"PER boundary [person]"), "{names:?}");
        assert!(names.contains(&"spurious PER [person]"), "{names:?}");
        assert!(names.contains(&"missed MISC (several words)"), "{names:?}");
    }

    #[test]
    fn misses_are_grouped_by_shape() {
        let known = |n: &str| n == "Leeds";
        assert_eq!(miss_shape(Label::Per, "Simmons", &known), "one name");
        assert_eq!(miss_shape(Label::Per, "A. Dale", &known), "initial and surname");
        assert_eq!(miss_shape(Label::Per, "Phil Simmons", &known), "full name");
        assert_eq!(miss_shape(Label::Org, "LEICESTERSHIRE", &known), "all capitals");
        assert_eq!(miss_shape(Label::Org, "NATO", &known), "acronym");
        assert_eq!(miss_shape(Label::Org, "Leeds", &known), "a place name (club, team, city council)");
        assert_eq!(miss_shape(Label::Loc, "Leeds", &known), "name in the gazetteer");
        assert_eq!(miss_shape(Label::Misc, "Euro 96", &known), "several words");
    }

    #[test]
    fn offsets_survive_normalisation() {
        // A backquote becomes ' and a double space would collapse: offsets still map.
        let doc = ConllDoc {
            id: "d".into(),
            line: 1,
            sentences: vec![vec![
                Token { text: "``".into(), tag: "O".into() },
                Token { text: "Zürich".into(), tag: "B-LOC".into() },
            ]],
        };
        let built = build_text(&doc);
        let norm = sitrep_extract::normalise::normalise(&built.text);
        assert_eq!(norm, "'' Zürich");
        let record = Extraction {
            text: norm.clone(),
            entities: vec![entity(EntityKind::Place, "Zürich", &norm, 0)],
            ..Extraction::default()
        };
        let (pred, _) = predicted_chunks(&record, &built, &adj());
        assert_eq!(pred[0].chunk, Chunk { start: 1, end: 2, label: Label::Loc });
    }

    #[test]
    #[ignore = "reads /work/shared/data/conll2003"]
    fn real_dev_set_reads() {
        let docs = read(Path::new("/work/shared/data/conll2003/valid.txt")).unwrap();
        assert_eq!(docs.len(), 216);
        let sentences: usize = docs.iter().map(|d| d.sentences.len()).sum();
        assert_eq!(sentences, 3250);
        let chunks: usize = docs.iter().map(|d| gold_chunks(d).len()).sum();
        assert_eq!(chunks, 5942);
    }
}
