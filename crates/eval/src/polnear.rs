//! PolNeAR attribution relations (source, cue, content) against sitrep's claims.
//!
//! **Reading.** `<split>/text/<article>.txt` and `<split>/attributions/<article>_<annotator>.ann`
//! (brat standoff): `T` lines are spans (`Source`, `Cue`, `Content`, with character offsets,
//! discontinuous parts joined by `;`), `E` lines bind one relation
//! (`Attribution:T4 Content:T3 Cue:T2 Source:T1`; `Attribution-no-source` has no source;
//! a rare `Content2` adds to the content). A span of several parts is taken from its first
//! start to its last end. Articles annotated by several annotators (for agreement
//! studies) are scored on the first annotator's file in name order; the second file gives
//! the human agreement the scores can be read against. A relation without a
//! cue or a content (a bare trigger the tool left behind), or whose cue is a span of another
//! label (a "Discuss" span), is skipped. A content is *direct*
//! when it begins and ends with a quotation mark, else *indirect*. `metadata.tsv` gives
//! each article's publication date, against which the run resolves relative times.
//!
//! **System side.** A claim's cue and content are its spans; its source is where the
//! speaker's text occurs in the claim's sentence (nearest the cue), or nowhere (an
//! unattributed claim such as "reportedly"). As PolNeAR's annotators do, a source with an
//! apposition takes the comma that closes it before the cue.
//!
//! **Matching.** Parts match *strictly* when their spans are equal, *partly* when they
//! share at least half of each (half the longer span), *leniently* when they share at
//! least half of the shorter one. A relation matches when its cue and content match, and
//! its source matches too (or both sides have no source). Gold relations and claims are
//! paired one to one, greedily in text order. P/R/F1 of whole relations at each level,
//! over all relations and over direct and indirect ones (gold split by its quotes, claims
//! by their `direct` flag); and each part alone. **Errors** (`--errors N`): relations
//! missed or spurious at the lenient level, and for pairs that match leniently but not
//! strictly, which edge of which part differs. **Agreement:** the same figures for the second annotator of each article
//! annotated twice, scored against the first: the ceiling a system can hope to reach.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use sitrep_extract::Extractor;
use sitrep_model::Extraction;

use crate::align::{char_to_byte, Alignment};
use crate::metrics::overlap_len;
use crate::report::{ErrorLog, Report, Row, Table};
use crate::{Counts, EvalError, Options, Split};

/// One attribution relation (byte spans into the article text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    pub source: Option<(usize, usize)>,
    pub cue: (usize, usize),
    pub content: (usize, usize),
    pub direct: bool,
}

/// One article with its relations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub name: String,
    pub text: String,
    pub attributions: Vec<Attribution>,
    /// Publication date (`YYYY-MM-DD`) from `metadata.tsv`, when it gives one.
    pub published: Option<String>,
    /// A second annotator's relations, for articles annotated twice.
    pub second: Option<Vec<Attribution>>,
}

/// Parses one `.ann` file against its text (character offsets become byte offsets).
pub fn parse_ann(path: &Path, ann: &str, text: &str) -> Result<Vec<Attribution>, EvalError> {
    let bytes = char_to_byte(text);
    let mut spans: HashMap<String, (usize, usize)> = HashMap::new();
    // Spans of other labels ("Discuss"): a relation that points at one as its cue is an
    // annotation slip and is skipped, not an unreadable file.
    let mut other: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut relations: Vec<(usize, Vec<(String, String)>)> = Vec::new();
    for (i, raw) in ann.lines().enumerate() {
        let line = i + 1;
        let Some((id, rest)) = raw.split_once('\t') else { continue }; // continuation of a span's text
        let is_id = |p: char| id.starts_with(p) && id.len() > 1 && id[1..].bytes().all(|b| b.is_ascii_digit());
        if is_id('T') {
            let head = rest.split('\t').next().unwrap_or("");
            let (label, ranges) = head.split_once(' ').unwrap_or((head, ""));
            if !matches!(label, "Source" | "Cue" | "Content") {
                other.insert(id.to_string());
                continue;
            }
            let mut lo = usize::MAX;
            let mut hi = 0;
            for part in ranges.split(';') {
                let mut it = part.split_whitespace().map(str::parse::<usize>);
                let (Some(Ok(s)), Some(Ok(e)), None) = (it.next(), it.next(), it.next()) else {
                    return Err(EvalError::at(path, line, format!("bad span offsets {ranges:?}")));
                };
                if s > e || e >= bytes.len() {
                    return Err(EvalError::at(
                        path,
                        line,
                        format!("span {s}-{e} is outside the text ({} characters)", bytes.len() - 1),
                    ));
                }
                lo = lo.min(s);
                hi = hi.max(e);
            }
            spans.insert(id.to_string(), (bytes[lo], bytes[hi]));
        } else if is_id('E') {
            let args: Vec<(String, String)> = rest
                .split_whitespace()
                .filter_map(|a| a.split_once(':'))
                .map(|(role, t)| (role.to_string(), t.to_string()))
                .collect();
            relations.push((line, args));
        }
    }
    let mut out = Vec::new();
    for (line, args) in relations {
        if args.iter().any(|(role, t)| !role.starts_with("Attribution") && other.contains(t)) {
            continue;
        }
        let get = |role: &str| -> Result<Option<(usize, usize)>, EvalError> {
            match args.iter().find(|(r, _)| r == role) {
                None => Ok(None),
                Some((_, t)) => spans
                    .get(t)
                    .copied()
                    .map(Some)
                    .ok_or_else(|| EvalError::at(path, line, format!("{role} refers to unknown span {t}"))),
            }
        };
        // A few relations are bare triggers left behind by the annotation tool (the
        // complete relation follows on its own line): nothing to score.
        let (Some(cue), Some(content)) = (get("Cue")?, get("Content")?) else {
            continue;
        };
        let content = match get("Content2")? {
            Some(c2) => (content.0.min(c2.0), content.1.max(c2.1)),
            None => content,
        };
        out.push(Attribution {
            source: get("Source")?,
            cue,
            content,
            direct: is_quotation(&text[content.0..content.1]),
        });
    }
    out.sort_by_key(|a| (a.content.0, a.cue.0));
    Ok(out)
}

/// Whether a content is a direct quotation: it opens and closes with a quotation mark.
fn is_quotation(content: &str) -> bool {
    let quoted = content.trim();
    let open = quoted.starts_with(['"', '\u{201c}']);
    let close = quoted.trim_end_matches(['.', ',']).ends_with(['"', '\u{201d}']) || quoted.ends_with(['"', '\u{201d}']);
    open && close
}

/// The articles of a split: each text with its (first) annotation file.
pub fn read_split(dir: &Path, split: Split) -> Result<Vec<Article>, EvalError> {
    let base = dir.join(split.as_str());
    let text_dir = base.join("text");
    let ann_dir = base.join("attributions");
    let list = |d: &Path, ext: &str| -> Result<Vec<PathBuf>, EvalError> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)
            .map_err(|e| EvalError::io(d, &e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == ext))
            .collect();
        v.sort();
        Ok(v)
    };
    let texts = list(&text_dir, "txt")?;
    let dates = publication_dates(&dir.join("metadata.tsv"))?;
    let anns = list(&ann_dir, "ann")?;
    let mut by_article: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for a in anns {
        let stem = a.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let article = stem.rsplit_once('_').map_or(stem.as_str(), |(a, _)| a).to_string();
        by_article.entry(article).or_default().push(a);
    }
    let mut out = Vec::new();
    for t in texts {
        let name = t.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let Some(ann_paths) = by_article.get(&name) else {
            return Err(EvalError::file(&t, "no annotation file for this article"));
        };
        let text = crate::read_text(&t)?;
        let read = |p: &PathBuf| parse_ann(p, &crate::read_text(p)?, &text);
        let attributions = read(&ann_paths[0])?;
        let second = ann_paths.get(1).map(read).transpose()?;
        let published = dates.get(&name).cloned();
        out.push(Article { name, text, attributions, published, second });
    }
    if out.is_empty() {
        return Err(EvalError::file(&text_dir, "no .txt articles"));
    }
    Ok(out)
}

/// Publication dates by article name from `metadata.tsv` (columns `filename` and
/// `publication_date`, tab-separated, with a header); empty when the file is absent.
/// Relative times ("on Tuesday") resolve against them, as in a normal run.
pub fn publication_dates(path: &Path) -> Result<HashMap<String, String>, EvalError> {
    match std::fs::read_to_string(path) {
        Ok(tsv) => parse_metadata(path, &tsv),
        Err(_) => Ok(HashMap::new()),
    }
}

/// Publication dates by article name from the text of a `metadata.tsv` file.
pub fn parse_metadata(path: &Path, tsv: &str) -> Result<HashMap<String, String>, EvalError> {
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let column = |name: &str| {
        header.iter().position(|h| *h == name).ok_or_else(|| EvalError::at(path, 1, format!("no {name:?} column")))
    };
    let (file, date) = (column("filename")?, column("publication_date")?);
    Ok(lines
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let (name, d) = (*f.get(file)?, *f.get(date)?);
            // "2016-03-11"; "None" and other placeholders are no date.
            let shape = d.len() == 10 && d.bytes().enumerate().all(|(i, b)| (b == b'-') == (i == 4 || i == 7));
            let digits = d.bytes().filter(u8::is_ascii_digit).count() == 8;
            (shape && digits).then(|| (name.to_string(), d.to_string()))
        })
        .collect())
}

/// A claim as spans of the normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SysAttribution {
    pub source: Option<(usize, usize)>,
    pub cue: (usize, usize),
    pub content: (usize, usize),
    pub direct: bool,
}

/// sitrep's claims as attribution spans.
pub fn system_attributions(x: &Extraction) -> Vec<SysAttribution> {
    x.claims
        .iter()
        .map(|c| {
            let source = c.speaker.as_ref().and_then(|sp| {
                let needle = sp.text.trim();
                if needle.is_empty() {
                    return None;
                }
                let (lo, hi) = x.sentences.get(c.sentence).map_or((0, x.text.len()), |s| (s.start, s.end));
                let near = |lo: usize, hi: usize| {
                    x.text.get(lo..hi).and_then(|hay| {
                        hay.match_indices(needle).map(|(i, _)| lo + i).min_by_key(|&i| i.abs_diff(c.cue.start))
                    })
                };
                near(lo, hi).or_else(|| near(0, x.text.len())).map(|i| {
                    // PolNeAR's source takes the comma that closes an apposition right
                    // before the cue ("Phil Smith, a spokesman for the union, said").
                    let end = i + needle.len();
                    let gap = x.text.get(end..c.cue.start).unwrap_or("");
                    let closes = gap.starts_with(',') && gap[1..].trim().is_empty() && needle.contains(", ");
                    (i, end + usize::from(closes))
                })
            });
            SysAttribution {
                source,
                cue: (c.cue.start, c.cue.end),
                content: (c.content.start, c.content.end),
                direct: c.direct,
            }
        })
        .collect()
}

/// How closely two spans must agree to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matching {
    /// Equal spans.
    Strict,
    /// Overlapping by at least half the longer span: each holds most of the other.
    Partial,
    /// Overlapping by at least half the shorter span: a short span inside a long one.
    Lenient,
}

/// Whether two spans match at level `m`.
pub fn spans_match(a: (usize, usize), b: (usize, usize), m: Matching) -> bool {
    let (la, lb) = (a.1 - a.0, b.1 - b.0);
    let need = match m {
        Matching::Strict => return a == b,
        Matching::Partial => la.max(lb),
        Matching::Lenient => la.min(lb),
    };
    la.min(lb) > 0 && 2 * overlap_len(a, b) >= need
}

fn source_match(a: Option<(usize, usize)>, b: Option<(usize, usize)>, m: Matching) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => spans_match(a, b, m),
        _ => false,
    }
}

/// Which parts a relation must match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parts {
    All,
    Source,
    Cue,
    Content,
}

/// Counts of one pairing of gold relations with claims.
pub fn count(gold: &[&Attribution], sys: &[&SysAttribution], parts: Parts, m: Matching) -> Counts {
    let m = crate::metrics::greedy_match(gold, sys, |g, s| match parts {
        Parts::All => {
            spans_match(g.cue, s.cue, m) && spans_match(g.content, s.content, m) && source_match(g.source, s.source, m)
        }
        Parts::Source => source_match(g.source, s.source, m),
        Parts::Cue => spans_match(g.cue, s.cue, m),
        Parts::Content => spans_match(g.content, s.content, m),
    });
    let tp = m.iter().flatten().count();
    Counts::new(tp, sys.len() - tp, gold.len() - tp)
}

/// All counts of one article.
#[derive(Debug, Clone, Default)]
pub struct PolnearScores {
    /// (name, counts), in report order.
    pub rows: Vec<(&'static str, Counts)>,
}

use Matching::{Lenient, Partial, Strict};

/// The report's rows: relations at each level (all, direct, indirect), then each part.
const ROWS: [(&str, Option<bool>, Parts, Matching); 18] = [
    ("all: strict", None, Parts::All, Strict),
    ("all: partial", None, Parts::All, Partial),
    ("all: lenient", None, Parts::All, Lenient),
    ("direct: strict", Some(true), Parts::All, Strict),
    ("direct: partial", Some(true), Parts::All, Partial),
    ("direct: lenient", Some(true), Parts::All, Lenient),
    ("indirect: strict", Some(false), Parts::All, Strict),
    ("indirect: partial", Some(false), Parts::All, Partial),
    ("indirect: lenient", Some(false), Parts::All, Lenient),
    ("source only (strict)", None, Parts::Source, Strict),
    ("cue only (strict)", None, Parts::Cue, Strict),
    ("content only (strict)", None, Parts::Content, Strict),
    ("source only (partial)", None, Parts::Source, Partial),
    ("cue only (partial)", None, Parts::Cue, Partial),
    ("content only (partial)", None, Parts::Content, Partial),
    ("source only (lenient)", None, Parts::Source, Lenient),
    ("cue only (lenient)", None, Parts::Cue, Lenient),
    ("content only (lenient)", None, Parts::Content, Lenient),
];

/// Scores one article's claims against its relations (both in the same text's bytes).
pub fn score(gold: &[Attribution], sys: &[SysAttribution], text: &str, log: &mut ErrorLog) -> PolnearScores {
    let mut out = PolnearScores::default();
    for (name, direct, parts, m) in ROWS {
        let g: Vec<&Attribution> = gold.iter().filter(|a| direct.is_none_or(|d| a.direct == d)).collect();
        let s: Vec<&SysAttribution> = sys.iter().filter(|a| direct.is_none_or(|d| a.direct == d)).collect();
        out.rows.push((name, count(&g, &s, parts, m)));
    }
    // Errors, on the lenient whole-relation pairing.
    let g: Vec<&Attribution> = gold.iter().collect();
    let s: Vec<&SysAttribution> = sys.iter().collect();
    let m = crate::metrics::greedy_match(&g, &s, |g, s| {
        spans_match(g.cue, s.cue, Lenient)
            && spans_match(g.content, s.content, Lenient)
            && source_match(g.source, s.source, Lenient)
    });
    // A span's text; a long one by its two ends, where boundaries differ.
    let cut = |(a, b): (usize, usize)| -> String {
        let t = text.get(a..b).unwrap_or("");
        let n = t.chars().count();
        if n <= 70 {
            return t.to_string();
        }
        let head: String = t.chars().take(30).collect();
        let tail: String = t.chars().skip(n - 30).collect();
        format!("{head} … {tail}")
    };
    let show_src = |s: Option<(usize, usize)>| s.map_or_else(|| "-".to_string(), cut);
    for (gi, hit) in m.iter().enumerate() {
        if hit.is_some() {
            continue;
        }
        let a = g[gi];
        let near = s.iter().find(|x| spans_match(a.content, x.content, Lenient) || spans_match(a.cue, x.cue, Lenient));
        let kind = if a.direct { "direct" } else { "indirect" };
        match near {
            None => log.add(format!("missed {kind} attribution"), || {
                format!("[{}] [{}] [{}]", show_src(a.source), cut(a.cue), cut(a.content))
            }),
            Some(x) => {
                let what = if !spans_match(a.cue, x.cue, Lenient) {
                    "cue"
                } else if !spans_match(a.content, x.content, Lenient) {
                    "content"
                } else {
                    "source"
                };
                log.add(format!("{kind} attribution: {what} differs"), || {
                    format!(
                        "gold [{}] [{}] [{}] / sitrep [{}] [{}] [{}]",
                        show_src(a.source),
                        cut(a.cue),
                        cut(a.content),
                        show_src(x.source),
                        cut(x.cue),
                        cut(x.content)
                    )
                })
            }
        }
    }
    // Pairs that match leniently but not strictly: which edge of which part differs.
    for (gi, hit) in m.iter().enumerate() {
        let (Some(j), a) = (*hit, g[gi]) else { continue };
        let x = s[j];
        let kind = if a.direct { "direct" } else { "indirect" };
        let parts = [
            ("source", a.source, x.source),
            ("cue", Some(a.cue), Some(x.cue)),
            ("content", Some(a.content), Some(x.content)),
        ];
        for (part, gs, ss) in parts {
            let (Some(gs), Some(ss)) = (gs, ss) else { continue };
            if gs != ss {
                let side = match (gs.0 == ss.0, gs.1 == ss.1) {
                    (true, _) => "end",
                    (_, true) => "start",
                    _ => "both edges",
                };
                log.add(format!("{kind} {part}: {side} differs (strict)"), || {
                    format!("gold [{}] / sitrep [{}]", cut(gs), cut(ss))
                });
            }
        }
    }
    let used: Vec<usize> = m.iter().flatten().copied().collect();
    for (j, x) in s.iter().enumerate() {
        if !used.contains(&j)
            && !g.iter().any(|a| spans_match(a.content, x.content, Lenient) || spans_match(a.cue, x.cue, Lenient))
        {
            log.add("spurious claim", || format!("[{}] [{}] [{}]", show_src(x.source), cut(x.cue), cut(x.content)));
        }
    }
    out
}

/// Human agreement: for each article annotated twice, the second annotator's relations
/// scored against the first's, with the same pairing and matching as the system.
/// `None` when no article was annotated twice.
pub fn agreement(articles: &[Article]) -> Option<Table> {
    let twice: Vec<(&Article, Vec<SysAttribution>)> = articles
        .iter()
        .filter_map(|a| {
            let second = a.second.as_ref()?;
            let as_claims = second
                .iter()
                .map(|r| SysAttribution { source: r.source, cue: r.cue, content: r.content, direct: r.direct })
                .collect();
            Some((a, as_claims))
        })
        .collect();
    if twice.is_empty() {
        return None;
    }
    let rows = ROWS
        .iter()
        .filter(|(_, direct, _, _)| direct.is_none())
        .map(|&(name, _, parts, m)| {
            let mut total = Counts::default();
            for (a, second) in &twice {
                let first: Vec<&Attribution> = a.attributions.iter().collect();
                total.add(count(&first, &second.iter().collect::<Vec<_>>(), parts, m));
            }
            Row::prf(name, total)
        })
        .collect();
    Some(Table {
        title: format!(
            "annotator agreement: second annotator against the first ({} article(s) annotated twice)",
            twice.len()
        ),
        rows,
    })
}

/// Runs the extractor over a PolNeAR split and scores attribution relations.
pub fn evaluate(extractor: &Extractor, dir: &Path, opts: &Options) -> Result<Report, EvalError> {
    let started = Instant::now();
    let run = crate::Runner::new(extractor);
    let split = opts.split.unwrap_or(Split::Test);
    let articles = opts.cut(read_split(dir, split)?);
    let results: Vec<(PolnearScores, ErrorLog, bool, usize)> = articles
        .par_iter()
        .map(|a| {
            let x = run.extract(&crate::document(a.name.clone(), a.text.clone(), a.published.clone()));
            let align = Alignment::new(&a.text, &x.text);
            let to_norm = |(s, e): (usize, usize)| align.byte_span(s, e);
            let mut lost = 0;
            let gold: Vec<Attribution> = a
                .attributions
                .iter()
                .filter_map(|g| {
                    let moved = (|| {
                        Some(Attribution {
                            source: match g.source {
                                Some(s) => Some(to_norm(s)?),
                                None => None,
                            },
                            cue: to_norm(g.cue)?,
                            content: to_norm(g.content)?,
                            direct: g.direct,
                        })
                    })();
                    lost += usize::from(moved.is_none());
                    moved
                })
                .collect();
            let sys = system_attributions(&x);
            let mut log = ErrorLog::new(opts.errors);
            let s = score(&gold, &sys, &x.text, &mut log);
            (s, log, align.exact(), lost)
        })
        .collect();
    let mut report = summarise(dir, split, &articles, results, opts, started);
    report.notes.extend(run.note());
    Ok(report)
}

/// One relation of another tool, as a line of a JSON Lines file: the article's name and
/// `[start, end]` character offsets into its text, as in brat (`source` may be null).
#[derive(Debug, serde::Deserialize)]
struct ExternalRelation {
    article: String,
    source: Option<(usize, usize)>,
    cue: (usize, usize),
    content: (usize, usize),
}

/// Reads another tool's relations (see [`ExternalRelation`]) by article, as byte spans.
/// A line that is not such a relation, names no article of `articles` or points outside
/// its text is an error naming the line.
pub fn read_relations(path: &Path, jsonl: &str, articles: &[Article]) -> Result<Vec<Vec<SysAttribution>>, EvalError> {
    let index: HashMap<&str, usize> = articles.iter().enumerate().map(|(i, a)| (a.name.as_str(), i)).collect();
    let bytes: Vec<Vec<usize>> = articles.iter().map(|a| char_to_byte(&a.text)).collect();
    let mut out = vec![Vec::new(); articles.len()];
    for (i, line) in jsonl.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let at = |msg: String| EvalError::at(path, i + 1, msg);
        let r: ExternalRelation = serde_json::from_str(line).map_err(|e| at(format!("not a relation: {e}")))?;
        let Some(&k) = index.get(r.article.as_str()) else {
            // An article outside the scored ones (another split, or cut by --limit).
            continue;
        };
        let b = &bytes[k];
        let to_bytes = |(s, e): (usize, usize)| {
            (s <= e && e < b.len())
                .then(|| (b[s], b[e]))
                .ok_or_else(|| at(format!("span {s}-{e} is outside {} ({} characters)", r.article, b.len() - 1)))
        };
        let content = to_bytes(r.content)?;
        out[k].push(SysAttribution {
            source: r.source.map(to_bytes).transpose()?,
            cue: to_bytes(r.cue)?,
            content,
            direct: is_quotation(&articles[k].text[content.0..content.1]),
        });
    }
    Ok(out)
}

/// Scores another tool's relations (a JSON Lines file, see [`read_relations`]) instead of
/// sitrep's claims, with the same reading of the gold and the same matching.
pub fn evaluate_relations(dir: &Path, system: &Path, opts: &Options) -> Result<Report, EvalError> {
    let started = Instant::now();
    let split = opts.split.unwrap_or(Split::Test);
    let articles = opts.cut(read_split(dir, split)?);
    let relations = read_relations(system, &crate::read_text(system)?, &articles)?;
    let results = articles
        .iter()
        .zip(&relations)
        .map(|(a, sys)| {
            let mut log = ErrorLog::new(opts.errors);
            (score(&a.attributions, sys, &a.text, &mut log), log, true, 0)
        })
        .collect();
    let mut report = summarise(dir, split, &articles, results, opts, started);
    report.set = format!("{} (relations of {})", report.set, system.display());
    Ok(report)
}

/// The report of a split from each article's scores, error log, whether its offsets
/// needed realignment and how many of its relations could not be placed.
fn summarise(
    dir: &Path,
    split: Split,
    articles: &[Article],
    results: Vec<(PolnearScores, ErrorLog, bool, usize)>,
    opts: &Options,
    started: Instant,
) -> Report {
    let mut totals: Vec<(&'static str, Counts)> = ROWS.iter().map(|r| (r.0, Counts::default())).collect();
    let mut log = ErrorLog::new(opts.errors);
    let (mut realigned, mut lost) = (0, 0);
    for (s, l, exact, n) in results {
        for (t, (_, c)) in totals.iter_mut().zip(s.rows) {
            t.1.add(c);
        }
        log.merge(l);
        realigned += usize::from(!exact);
        lost += n;
    }
    let agreement = agreement(articles);
    let items: usize = articles.iter().map(|a| a.attributions.len()).sum();
    let direct = articles.iter().flat_map(|a| &a.attributions).filter(|a| a.direct).count();
    let (whole, parts): (Vec<_>, Vec<_>) = totals.into_iter().partition(|(n, _)| !n.contains("only"));
    let notes = vec![
        format!(
            "{items} relations ({direct} direct, {} indirect); strict = equal spans, partial = overlap of at least half \
             the longer span, lenient = of at least half the shorter; a relation needs cue, content and source (or \
             no source on both sides)",
            items - direct
        ),
        format!("{realigned} article(s) needed offset realignment; {lost} relation(s) could not be placed in the normalised text"),
    ];
    Report {
        set: format!("polnear {}", split.as_str()),
        path: dir.display().to_string(),
        documents: articles.len(),
        items,
        item_kind: "attribution relations".into(),
        seconds: started.elapsed().as_secs_f64(),
        tables: [
            Table {
                title: "attribution relations (source + cue + content)".into(),
                rows: whole.into_iter().map(|(n, c)| Row::prf(n, c)).collect(),
            },
            Table { title: "single parts".into(), rows: parts.into_iter().map(|(n, c)| Row::prf(n, c)).collect() },
        ]
        .into_iter()
        .chain(agreement)
        .collect(),
        notes,
        errors: log.into_groups(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Pat Caddell: “Voters are worried.” The daily wrote that she is smart, adding more.";

    fn ann() -> String {
        // Character offsets (the curly quotes are one character each).
        let c = |s: &str| {
            let b = TEXT.find(s).unwrap();
            let start = TEXT[..b].chars().count();
            (start, start + s.chars().count())
        };
        let (s1, c1, t1) = (c("Pat Caddell"), c(":"), c("“Voters are worried.”"));
        let (s2, c2, t2) = (c("The daily"), c("wrote"), c("she is smart"));
        let (c3, t3) = (c("adding"), c("more"));
        format!(
            "T1\tSource {} {}\tPat Caddell\nT2\tCue {} {}\t:\nT3\tContent {} {}\t“Voters are worried.”\n\
             T4\tAttribution {} {}\t:\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n\
             T5\tSource {} {}\tThe daily\nT6\tCue {} {}\twrote\nT7\tContent {} {};{} {}\tshe is\nsmart\n\
             E2\tAttribution:T6 Cue:T6 Content:T7 Source:T5\n\
             T8\tCue {} {}\tadding\nT9\tContent {} {}\tmore\nT10\tDiscuss 0 3\tPat\n\
             E3\tAttribution-no-source:T8 Content:T9 Cue:T8\n",
            s1.0,
            s1.1,
            c1.0,
            c1.1,
            t1.0,
            t1.1,
            c1.0,
            c1.1,
            s2.0,
            s2.1,
            c2.0,
            c2.1,
            t2.0,
            t2.0 + 6,
            t2.0 + 7,
            t2.1,
            c3.0,
            c3.1,
            t3.0,
            t3.1
        )
    }

    #[test]
    fn reads_relations_with_discontinuous_and_missing_parts() {
        let a = parse_ann(Path::new("a.ann"), &ann(), TEXT).unwrap();
        assert_eq!(a.len(), 3);
        assert_eq!(&TEXT[a[0].content.0..a[0].content.1], "“Voters are worried.”");
        assert!(a[0].direct && !a[1].direct);
        assert_eq!(&TEXT[a[1].content.0..a[1].content.1], "she is smart");
        assert_eq!(a[2].source, None);
    }

    #[test]
    fn bad_references_name_the_line() {
        let e = parse_ann(Path::new("a.ann"), "T1\tCue 0 3\tPat\nE1\tAttribution:T1 Cue:T1 Content:T9\n", TEXT)
            .unwrap_err();
        assert_eq!(e.to_string(), "a.ann:2: Content refers to unknown span T9");
        let e = parse_ann(Path::new("a.ann"), "T1\tCue 0 x\tPat\n", TEXT).unwrap_err();
        assert!(e.to_string().starts_with("a.ann:1: bad span offsets"), "{e}");
    }

    #[test]
    fn relations_pointing_at_other_labels_are_skipped() {
        let ann = "T1\tDiscuss 0 3\tPat\nT2\tContent 5 11\tCaddel\nE1\tAttribution:T1 Cue:T1 Content:T2\n";
        assert!(parse_ann(Path::new("a.ann"), ann, TEXT).unwrap().is_empty());
    }

    #[test]
    fn bare_triggers_are_skipped() {
        let ann = "T1\tAttribution-no-source 0 3\tPat\nE1\tAttribution-no-source:T1 \n";
        assert!(parse_ann(Path::new("a.ann"), ann, TEXT).unwrap().is_empty());
    }

    #[test]
    fn publication_dates_come_from_the_metadata_columns() {
        let tsv = "compartment\tfilename\tlevel\tpublication_date\n\
                   train\tnyt_2016-03-01_a\tNone\t2016-03-01\n\
                   train\tnyt_2016-03-02_b\tNone\tNone\n";
        let dates = parse_metadata(Path::new("metadata.tsv"), tsv).unwrap();
        assert_eq!(dates.get("nyt_2016-03-01_a").map(String::as_str), Some("2016-03-01"));
        assert_eq!(dates.len(), 1, "a placeholder is no date");
        let e = parse_metadata(Path::new("metadata.tsv"), "filename\tdate\n").unwrap_err();
        assert_eq!(e.to_string(), "metadata.tsv:1: no \"publication_date\" column");
    }

    #[test]
    fn another_tool_s_relations_are_read_in_characters_and_scored_alike() {
        let gold = parse_ann(Path::new("a.ann"), &ann(), TEXT).unwrap();
        let article =
            Article { name: "a".into(), text: TEXT.into(), attributions: gold, published: None, second: None };
        // The first gold relation in characters (the curly quotes are one each), and one
        // of an article that is not scored.
        let jsonl = "{\"article\": \"a\", \"source\": [0, 11], \"cue\": [11, 12], \"content\": [13, 34]}\n\n\
                     {\"article\": \"other\", \"source\": null, \"cue\": [0, 1], \"content\": [2, 3]}\n";
        let rels = read_relations(Path::new("r.jsonl"), jsonl, std::slice::from_ref(&article)).unwrap();
        assert_eq!(rels[0].len(), 1);
        assert_eq!(&TEXT[rels[0][0].content.0..rels[0][0].content.1], "“Voters are worried.”");
        assert!(rels[0][0].direct);
        let mut log = ErrorLog::new(0);
        let s = score(&article.attributions, &rels[0], TEXT, &mut log);
        assert_eq!(s.rows[0], ("all: strict", Counts::new(1, 0, 2)));
        let bad = |line: &str| read_relations(Path::new("r.jsonl"), line, std::slice::from_ref(&article)).unwrap_err();
        assert_eq!(
            bad("{\"article\": \"a\", \"source\": null, \"cue\": [0, 1], \"content\": [2, 900]}").to_string(),
            "r.jsonl:1: span 2-900 is outside a (82 characters)"
        );
        assert!(bad("{\"article\": \"a\"}").to_string().starts_with("r.jsonl:1: not a relation: missing field"));
    }

    #[test]
    fn strict_and_lenient_span_matching() {
        assert!(spans_match((0, 10), (0, 10), Strict));
        assert!(!spans_match((0, 10), (0, 9), Strict));
        // Half of the shorter span is shared, but not half of the longer.
        assert!(spans_match((0, 10), (5, 30), Lenient));
        assert!(!spans_match((0, 10), (5, 30), Partial));
        assert!(!spans_match((0, 10), (6, 30), Lenient));
        // Each holds most of the other.
        assert!(spans_match((0, 10), (2, 12), Partial));
        assert!(!spans_match((0, 10), (6, 12), Partial));
        assert!(!spans_match((0, 0), (0, 0), Lenient));
    }

    #[test]
    fn relation_figures() {
        let gold = parse_ann(Path::new("a.ann"), &ann(), TEXT).unwrap();
        let sys = vec![
            // Exact copy of the first relation.
            SysAttribution { source: gold[0].source, cue: gold[0].cue, content: gold[0].content, direct: true },
            // Second relation with a content two bytes longer: partial and lenient.
            SysAttribution {
                source: gold[1].source,
                cue: gold[1].cue,
                content: (gold[1].content.0, gold[1].content.1 + 2),
                direct: false,
            },
            // A claim with a source where the gold has none: no match.
            SysAttribution { source: Some((0, 3)), cue: gold[2].cue, content: gold[2].content, direct: false },
        ];
        let mut log = ErrorLog::new(3);
        let s = score(&gold, &sys, TEXT, &mut log);
        let get = |n: &str| s.rows.iter().find(|r| r.0 == n).unwrap().1;
        assert_eq!(get("all: strict"), Counts::new(1, 2, 2));
        assert_eq!(get("all: partial"), Counts::new(2, 1, 1));
        assert_eq!(get("all: lenient"), Counts::new(2, 1, 1));
        assert_eq!(get("direct: strict"), Counts::new(1, 0, 0));
        assert_eq!(get("indirect: lenient"), Counts::new(1, 1, 1));
        assert_eq!(get("cue only (lenient)"), Counts::new(3, 0, 0));
        assert_eq!(get("source only (lenient)"), Counts::new(2, 1, 1));
        let groups = log.into_groups();
        let cats: Vec<&str> = groups.iter().map(|g| g.category.as_str()).collect();
        // The second relation matched leniently; the log names the edge that kept it from
        // matching strictly.
        assert_eq!(cats, ["indirect attribution: source differs", "indirect content: end differs (strict)"]);
        let g = &gold[1].content;
        let longer = &TEXT[g.0..g.1 + 2];
        assert_eq!(groups[1].examples, [format!("gold [{}] / sitrep [{longer}]", &TEXT[g.0..g.1])]);
    }

    #[test]
    fn agreement_scores_the_second_annotator_against_the_first() {
        let first = parse_ann(Path::new("a_1.ann"), &ann(), TEXT).unwrap();
        let mut second = first.clone();
        second[1].content.1 -= 2; // one relation's content two bytes shorter
        second.pop(); // one relation left out
        let once =
            Article { name: "b".into(), text: TEXT.into(), attributions: first.clone(), published: None, second: None };
        assert!(agreement(std::slice::from_ref(&once)).is_none());
        let twice =
            Article { name: "a".into(), text: TEXT.into(), attributions: first, published: None, second: Some(second) };
        let table = agreement(&[twice, once]).unwrap();
        assert!(table.title.contains("(1 article(s) annotated twice)"), "{}", table.title);
        let get = |n: &str| table.rows.iter().find(|r| r.name == n).unwrap().counts.unwrap();
        assert_eq!(get("all: strict"), Counts::new(1, 1, 2));
        assert_eq!(get("all: lenient"), Counts::new(2, 0, 1));
        assert_eq!(get("cue only (strict)"), Counts::new(2, 0, 1));
    }

    #[test]
    #[ignore = "reads /work/shared/data/polnear"]
    fn real_test_split_reads() {
        let a = read_split(Path::new("/work/shared/data/polnear"), Split::Test).unwrap();
        assert_eq!(a.len(), 84);
        let n: usize = a.iter().map(|x| x.attributions.len()).sum();
        assert!(n > 2000, "{n}");
    }
}
