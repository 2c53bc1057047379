//! TempEval-3 (TimeML) time expressions against sitrep's `times`.
//!
//! **Reading.** Each `.tml` file's `<TEXT>` element, tags stripped, is the document; the
//! character ranges of its `<TIMEX3>` elements are the gold spans, with their `type` and
//! normalised `value`. The document creation time (`<DCT><TIMEX3 value>`) is the
//! publication date.
//!
//! **Scoring** (as TempEval-3): each gold expression is paired with at most one system
//! expression, greedily in text order, preferring one with the same span over one that
//! only overlaps.
//! - *strict*: same span; *relaxed*: overlapping spans; P/R/F1 of each.
//! - *value accuracy*: among relaxed matches, the share whose value equals the gold
//!   value (compared as strings, case-insensitive);
//! - *value F1*: a pair counts when the spans overlap and the values are equal; precision
//!   over all system expressions, recall over all gold ones.
//!
//! Recall per gold `type` (DATE, TIME, DURATION, SET) shows which kinds sitrep covers.
//! sitrep's `times` and `vague_times` (PRESENT_REF, PXY ...) are scored together.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use sitrep_extract::Extractor;

use crate::align::Alignment;
use crate::metrics::{overlap, Accuracy};
use crate::report::{ErrorLog, Report, Row, Table};
use crate::{Counts, EvalError, Options, Split};

/// One gold time expression (byte offsets into [`TimemlDoc::text`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timex {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub value: String,
}

/// One TimeML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimemlDoc {
    pub id: String,
    /// The `<TEXT>` content with tags stripped.
    pub text: String,
    /// Date part (YYYY-MM-DD) of the creation time, when it has one.
    pub dct: Option<String>,
    pub timexes: Vec<Timex>,
}

/// Parses one TimeML document.
pub fn parse(path: &Path, xml: &str) -> Result<TimemlDoc, EvalError> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| EvalError::xml(path, &e))?;
    let id = path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let dct = doc
        .descendants()
        .find(|n| n.has_tag_name("DCT"))
        .and_then(|d| d.descendants().find(|n| n.has_tag_name("TIMEX3")))
        .and_then(|t| t.attribute("value"))
        .and_then(|v| {
            let d = v.get(..10)?;
            let b = d.as_bytes();
            (b.len() == 10 && b[4] == b'-' && b[7] == b'-').then(|| d.to_string())
        });
    let text_el =
        doc.descendants().find(|n| n.has_tag_name("TEXT")).ok_or_else(|| EvalError::file(path, "no <TEXT> element"))?;
    let mut text = String::new();
    let mut timexes = Vec::new();
    walk(text_el, &mut text, &mut timexes);
    Ok(TimemlDoc { id, text, dct, timexes })
}

fn walk(node: roxmltree::Node, out: &mut String, timexes: &mut Vec<Timex>) {
    for child in node.children() {
        if child.is_text() {
            out.push_str(child.text().unwrap_or(""));
        } else if child.is_element() {
            let start = out.len();
            walk(child, out, timexes);
            if child.has_tag_name("TIMEX3") && out.len() > start {
                timexes.push(Timex {
                    start,
                    end: out.len(),
                    kind: child.attribute("type").unwrap_or("").to_string(),
                    value: child.attribute("value").unwrap_or("").to_string(),
                });
            }
        }
    }
}

/// The `.tml` files to read, and what they are: a file, a folder's own files, or the
/// split's folders of the TempEval-3 layout (test: `te3-platinum`; train:
/// `TBAQ-cleaned/TimeBank` and `TBAQ-cleaned/AQUAINT`).
pub fn files(path: &Path, split: Option<Split>) -> Result<(Vec<PathBuf>, String), EvalError> {
    let name = |p: &Path| p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
    if path.is_file() {
        return Ok((vec![path.to_path_buf()], name(path)));
    }
    let own = tml_in(path)?;
    if !own.is_empty() {
        return Ok((own, name(path)));
    }
    let (dirs, label) = match split.unwrap_or(Split::Test) {
        Split::Test => (vec![path.join("te3-platinum")], "te3-platinum"),
        Split::Train => (vec![path.join("TBAQ-cleaned/TimeBank"), path.join("TBAQ-cleaned/AQUAINT")], "TBAQ-cleaned"),
        Split::Dev => return Err(EvalError::file(path, "TempEval-3 has no dev split (use --split test or train)")),
    };
    let mut v = Vec::new();
    for d in dirs {
        if !d.is_dir() {
            return Err(EvalError::file(&d, "no such folder (expected .tml files or the TempEval-3 layout)"));
        }
        v.extend(tml_in(&d)?);
    }
    if v.is_empty() {
        return Err(EvalError::file(path, "no .tml files found"));
    }
    Ok((v, label.to_string()))
}

fn tml_in(dir: &Path) -> Result<Vec<PathBuf>, EvalError> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| EvalError::io(dir, &e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tml"))
        .collect();
    v.sort();
    Ok(v)
}

/// A system time expression in the document's own text (bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SysTime {
    pub start: usize,
    pub end: usize,
    pub value: String,
}

/// Counts of one document.
#[derive(Debug, Clone, Default)]
pub struct TimeScores {
    pub strict: Counts,
    pub relaxed: Counts,
    pub value: Counts,
    pub value_accuracy: Accuracy,
    /// Per gold type: (type, found (relaxed), total).
    pub by_type: Vec<(String, usize, usize)>,
}

fn same_value(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Scores system expressions against gold ones (both in the same text's byte offsets).
pub fn score(gold: &[Timex], sys: &[SysTime], text: &str, log: &mut ErrorLog) -> TimeScores {
    let mut s = TimeScores::default();
    let mut used = vec![false; sys.len()];
    let mut pairs: Vec<Option<usize>> = vec![None; gold.len()];
    // Exact spans first, then overlaps.
    for exact in [true, false] {
        for (gi, g) in gold.iter().enumerate() {
            if pairs[gi].is_some() {
                continue;
            }
            let hit = (0..sys.len()).find(|&j| {
                !used[j]
                    && if exact {
                        sys[j].start == g.start && sys[j].end == g.end
                    } else {
                        overlap((g.start, g.end), (sys[j].start, sys[j].end))
                    }
            });
            if let Some(j) = hit {
                used[j] = true;
                pairs[gi] = Some(j);
            }
        }
    }
    let ctx = |a: usize, b: usize| crate::context(text, a, b, 40);
    for (gi, g) in gold.iter().enumerate() {
        let entry = match s.by_type.iter().position(|t| t.0 == g.kind) {
            Some(i) => i,
            None => {
                s.by_type.push((g.kind.clone(), 0, 0));
                s.by_type.len() - 1
            }
        };
        s.by_type[entry].2 += 1;
        match pairs[gi] {
            None => {
                s.strict.fn_ += 1;
                s.relaxed.fn_ += 1;
                s.value.fn_ += 1;
                log.add(format!("missed {}", g.kind), || {
                    format!("{:?} = {} | {}", &text[g.start..g.end], g.value, ctx(g.start, g.end))
                });
            }
            Some(j) => {
                let y = &sys[j];
                s.by_type[entry].1 += 1;
                s.relaxed.tp += 1;
                if y.start == g.start && y.end == g.end {
                    s.strict.tp += 1;
                } else {
                    s.strict.fn_ += 1;
                    s.strict.fp += 1;
                    log.add(format!("{} span differs", g.kind), || {
                        format!(
                            "gold {:?}, sitrep {:?} | {}",
                            &text[g.start..g.end],
                            &text[y.start..y.end],
                            ctx(g.start, g.end)
                        )
                    });
                }
                let ok = same_value(&g.value, &y.value);
                s.value_accuracy.add(ok);
                if ok {
                    s.value.tp += 1;
                } else {
                    s.value.fn_ += 1;
                    s.value.fp += 1;
                    log.add(format!("{} value differs", g.kind), || {
                        format!(
                            "{:?}: gold {}, sitrep {} | {}",
                            &text[g.start..g.end],
                            g.value,
                            y.value,
                            ctx(g.start, g.end)
                        )
                    });
                }
            }
        }
    }
    for (j, y) in sys.iter().enumerate() {
        if !used[j] {
            s.strict.fp += 1;
            s.relaxed.fp += 1;
            s.value.fp += 1;
            log.add("spurious", || format!("{:?} = {} | {}", &text[y.start..y.end], y.value, ctx(y.start, y.end)));
        }
    }
    s
}

/// Runs the extractor over TempEval-3 documents and scores their time expressions.
pub fn evaluate(extractor: &Extractor, path: &Path, opts: &Options) -> Result<Report, EvalError> {
    let started = Instant::now();
    let run = crate::Runner::new(extractor);
    let (files, label) = files(path, opts.split)?;
    let files = opts.cut(files);
    let docs: Vec<TimemlDoc> =
        files.iter().map(|f| crate::read_text(f).and_then(|x| parse(f, &x))).collect::<Result<_, _>>()?;
    let results: Vec<(TimeScores, ErrorLog, bool)> = docs
        .par_iter()
        .map(|d| {
            let record = run.extract(&crate::document(d.id.clone(), d.text.clone(), d.dct.clone()));
            let align = Alignment::new(&d.text, &record.text);
            // Gold spans move into the normalised text, where sitrep's spans are.
            let gold: Vec<Timex> = d
                .timexes
                .iter()
                .filter_map(|t| {
                    let (s, e) = align.byte_span(t.start, t.end)?;
                    Some(Timex { start: s, end: e, ..t.clone() })
                })
                .collect();
            let sys: Vec<SysTime> = record
                .times
                .iter()
                .chain(&record.vague_times)
                .map(|t| SysTime { start: t.start, end: t.end, value: t.value.clone() })
                .collect();
            let mut log = ErrorLog::new(opts.errors);
            let s = score(&gold, &sys, &record.text, &mut log);
            (s, log, align.exact())
        })
        .collect();
    let mut total = TimeScores::default();
    let mut log = ErrorLog::new(opts.errors);
    let mut realigned = 0;
    for (s, l, exact) in results {
        total.strict.add(s.strict);
        total.relaxed.add(s.relaxed);
        total.value.add(s.value);
        total.value_accuracy.correct += s.value_accuracy.correct;
        total.value_accuracy.total += s.value_accuracy.total;
        for (k, found, n) in s.by_type {
            match total.by_type.iter_mut().find(|t| t.0 == k) {
                Some(t) => {
                    t.1 += found;
                    t.2 += n;
                }
                None => total.by_type.push((k, found, n)),
            }
        }
        log.merge(l);
        realigned += usize::from(!exact);
    }
    total.by_type.sort();
    let items: usize = docs.iter().map(|d| d.timexes.len()).sum();
    let rows = vec![
        Row::prf("strict (same span)", total.strict),
        Row::prf("relaxed (overlap)", total.relaxed),
        Row::accuracy("value accuracy", total.value_accuracy).with_detail(format!(
            "{}/{} relaxed matches with the gold value",
            total.value_accuracy.correct, total.value_accuracy.total
        )),
        Row::prf("value (overlap + value)", total.value),
    ];
    let type_rows = total
        .by_type
        .iter()
        .map(|(k, found, n)| {
            Row::value(
                if k.is_empty() { "(no type)" } else { k },
                *found as f64 / (*n).max(1) as f64,
                format!("{found}/{n} found"),
            )
        })
        .collect();
    let mut notes = vec![format!(
        "publication date = DCT; gold spans moved into the normalised text ({realigned} document(s) needed \
         realignment); one-to-one pairs, exact spans preferred; values compared as strings"
    )];
    notes.extend(run.note());
    Ok(Report {
        set: format!("tempeval3 {label}"),
        path: path.display().to_string(),
        documents: docs.len(),
        items,
        item_kind: "TIMEX3 in <TEXT>".into(),
        seconds: started.elapsed().as_secs_f64(),
        tables: vec![
            Table { title: "TIMEX3".into(), rows },
            Table { title: "relaxed recall by gold type".into(), rows: type_rows },
        ],
        notes,
        errors: log.into_groups(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0" ?><TimeML>
<DOCID>AP_X</DOCID>
<DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t0" type="DATE" value="2013-03-22">March 22, 2013</TIMEX3></DCT>
<TITLE>Flu &amp; kids</TITLE>
<TEXT>
The season <EVENT eid="e3">started</EVENT> about <TIMEX3 tid="t1" type="DURATION" value="P1M">a month</TIMEX3> earlier &amp; ended <TIMEX3 tid="t3" type="DATE" value="2013-03-22">Friday</TIMEX3>.
</TEXT>
</TimeML>"#;

    #[test]
    fn strips_tags_and_keeps_timex_offsets() {
        let d = parse(Path::new("AP_X.tml"), SAMPLE).unwrap();
        assert_eq!(d.dct.as_deref(), Some("2013-03-22"));
        assert_eq!(d.text, "\nThe season started about a month earlier & ended Friday.\n");
        assert_eq!(d.timexes.len(), 2);
        let t = &d.timexes[1];
        assert_eq!((&d.text[t.start..t.end], t.kind.as_str(), t.value.as_str()), ("Friday", "DATE", "2013-03-22"));
        assert_eq!(&d.text[d.timexes[0].start..d.timexes[0].end], "a month");
    }

    #[test]
    fn bad_xml_names_file_and_line() {
        let e = parse(Path::new("x.tml"), "<TimeML>\n<TEXT>oops</TIMEX3>\n</TimeML>").unwrap_err();
        assert!(e.to_string().starts_with("x.tml:2: malformed XML"), "{e}");
        let e = parse(Path::new("x.tml"), "<TimeML></TimeML>").unwrap_err();
        assert_eq!(e.to_string(), "x.tml: no <TEXT> element");
    }

    #[test]
    fn strict_relaxed_and_value_figures() {
        let text = "about a month earlier, ended last Friday and on Monday.";
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            (i, i + s.len())
        };
        let g = |s: &str, v: &str| Timex { start: at(s).0, end: at(s).1, kind: "DATE".into(), value: v.into() };
        let y = |s: &str, v: &str| SysTime { start: at(s).0, end: at(s).1, value: v.into() };
        let gold = vec![g("a month", "P1M"), g("last Friday", "2013-03-22"), g("Monday", "2013-03-18")];
        let sys = vec![y("Friday", "2013-03-22"), y("Monday", "2013-03-25"), y("earlier", "PAST_REF")];
        let mut log = ErrorLog::new(3);
        let s = score(&gold, &sys, text, &mut log);
        assert_eq!(s.relaxed, Counts::new(2, 1, 1));
        assert_eq!(s.strict, Counts::new(1, 2, 2));
        assert_eq!(s.value_accuracy, Accuracy { correct: 1, total: 2 });
        assert_eq!(s.value, Counts::new(1, 2, 2));
        assert_eq!(s.by_type, vec![("DATE".to_string(), 2, 3)]);
    }

    #[test]
    #[ignore = "reads /work/shared/data/tempeval3"]
    fn real_platinum_set_reads() {
        let (files, label) = files(Path::new("/work/shared/data/tempeval3"), None).unwrap();
        assert_eq!(label, "te3-platinum");
        assert_eq!(files.len(), 20);
        let n: usize = files.iter().map(|f| parse(f, &crate::read_text(f).unwrap()).unwrap().timexes.len()).sum();
        assert_eq!(n, 138);
    }
}
