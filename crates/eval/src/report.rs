//! What an evaluation returns: tables of figures, notes, and grouped error examples.
//!
//! A [`Report`] serialises to JSON as it is (`--format json`) and renders as a plain
//! text table ([`Report::render`]).

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::metrics::{Accuracy, Counts};

/// The result of one evaluation run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Benchmark and split, e.g. `conll2003 test`.
    pub set: String,
    /// The file or folder read.
    pub path: String,
    /// Documents (or snippets, sentences, records) run through the extractor.
    pub documents: usize,
    /// Gold items read, with what they are (`"5648 entities"`).
    pub items: usize,
    pub item_kind: String,
    /// Wall-clock seconds for reading, extracting and scoring.
    pub seconds: f64,
    pub tables: Vec<Table>,
    /// How the figures were computed, and anything the reader skipped.
    pub notes: Vec<String>,
    /// Error categories, most frequent first, each with examples.
    pub errors: Vec<ErrorGroup>,
}

/// A titled group of rows.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub title: String,
    pub rows: Vec<Row>,
}

/// One line of figures: precision/recall/F1 with their counts, or a single value.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Row {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts: Option<Counts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recall: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub f1: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

impl Row {
    /// Precision, recall and F1 from counts.
    pub fn prf(name: impl Into<String>, c: Counts) -> Row {
        Row {
            name: name.into(),
            counts: Some(c),
            precision: Some(c.precision()),
            recall: Some(c.recall()),
            f1: Some(c.f1()),
            ..Row::default()
        }
    }

    /// Precision, recall and F1 given directly (macro averages, the gold scorer's conventions).
    pub fn figures(name: impl Into<String>, p: f64, r: f64, f: f64, counts: Option<Counts>) -> Row {
        Row { name: name.into(), counts, precision: Some(p), recall: Some(r), f1: Some(f), ..Row::default() }
    }

    /// One value (an accuracy, a median, a mean score).
    pub fn value(name: impl Into<String>, value: f64, detail: impl Into<String>) -> Row {
        Row { name: name.into(), value: Some(value), detail: detail.into(), ..Row::default() }
    }

    /// An accuracy, with its counts as the detail.
    pub fn accuracy(name: impl Into<String>, a: Accuracy) -> Row {
        Row::value(name, a.value(), format!("{}/{}", a.correct, a.total))
    }

    /// A row with only a remark (a label that is not scored).
    pub fn note(name: impl Into<String>, detail: impl Into<String>) -> Row {
        Row { name: name.into(), detail: detail.into(), ..Row::default() }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Row {
        self.detail = detail.into();
        self
    }
}

/// Errors of one kind, with a few examples.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorGroup {
    pub category: String,
    pub count: usize,
    pub examples: Vec<String>,
}

/// Collects errors by category, keeping at most `cap` examples of each.
#[derive(Debug, Default)]
pub struct ErrorLog {
    cap: usize,
    groups: HashMap<String, (usize, Vec<String>)>,
}

impl ErrorLog {
    pub fn new(cap: usize) -> ErrorLog {
        ErrorLog { cap, groups: HashMap::new() }
    }

    /// Counts one error; `example` is only called when an example is still wanted.
    pub fn add(&mut self, category: impl Into<String>, example: impl FnOnce() -> String) {
        let g = self.groups.entry(category.into()).or_default();
        g.0 += 1;
        if g.1.len() < self.cap {
            g.1.push(example());
        }
    }

    /// Adds another log's counts and examples (for logs built in parallel).
    pub fn merge(&mut self, other: ErrorLog) {
        for (k, (n, ex)) in other.groups {
            let g = self.groups.entry(k).or_default();
            g.0 += n;
            let room = self.cap.saturating_sub(g.1.len());
            g.1.extend(ex.into_iter().take(room));
        }
    }

    /// The groups, most frequent first (ties by name).
    pub fn into_groups(self) -> Vec<ErrorGroup> {
        let mut v: Vec<ErrorGroup> = self
            .groups
            .into_iter()
            .map(|(category, (count, examples))| ErrorGroup { category, count, examples })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.category.cmp(&b.category)));
        v
    }
}

fn fmt3(x: Option<f64>) -> String {
    x.map_or_else(String::new, |v| format!("{v:.3}"))
}

impl Report {
    /// Plain-text rendering: header, tables, notes and up to `errors` examples per error
    /// category (categories are listed only when `errors > 0`).
    pub fn render(&self, errors: usize) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{}  ({})", self.set, self.path);
        let _ = writeln!(
            s,
            "read {} document(s), {} {}; {:.2} s",
            self.documents, self.items, self.item_kind, self.seconds
        );
        let width = self.tables.iter().flat_map(|t| &t.rows).map(|r| r.name.chars().count()).max().unwrap_or(0).max(12);
        for t in &self.tables {
            let _ = writeln!(s, "\n{}", t.title);
            let has_prf = t.rows.iter().any(|r| r.f1.is_some());
            if has_prf {
                let _ = writeln!(
                    s,
                    "  {:<width$} {:>9} {:>7} {:>7} {:>7} {:>7} {:>7}",
                    "", "precision", "recall", "F1", "gold", "system", "tp"
                );
            }
            for r in &t.rows {
                if r.f1.is_some() {
                    let (g, y, tp) = r.counts.map_or((String::new(), String::new(), String::new()), |c| {
                        (c.gold().to_string(), c.system().to_string(), c.tp.to_string())
                    });
                    let _ = write!(
                        s,
                        "  {:<width$} {:>9} {:>7} {:>7} {:>7} {:>7} {:>7}",
                        r.name,
                        fmt3(r.precision),
                        fmt3(r.recall),
                        fmt3(r.f1),
                        g,
                        y,
                        tp
                    );
                } else if r.value.is_some() {
                    let _ = write!(s, "  {:<width$} {:>9}", r.name, fmt3(r.value));
                } else {
                    let _ = write!(s, "  {:<width$}", r.name);
                }
                if !r.detail.is_empty() {
                    let _ = write!(s, "   {}", r.detail);
                }
                s.push('\n');
            }
        }
        if !self.notes.is_empty() {
            s.push('\n');
            for n in &self.notes {
                let _ = writeln!(s, "note: {n}");
            }
        }
        if errors > 0 && !self.errors.is_empty() {
            let _ = writeln!(s, "\nerrors by category");
            for g in &self.errors {
                let _ = writeln!(s, "  {:>6}  {}", g.count, g.category);
            }
            for g in &self.errors {
                let _ = writeln!(s, "\n{} ({})", g.category, g.count);
                for e in g.examples.iter().take(errors) {
                    let _ = writeln!(s, "  - {e}");
                }
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_log_counts_all_and_keeps_a_few() {
        let mut log = ErrorLog::new(2);
        for i in 0..5 {
            log.add("missed PER", || format!("e{i}"));
        }
        log.add("spurious LOC", || "x".into());
        let mut other = ErrorLog::new(2);
        other.add("spurious LOC", || "y".into());
        log.merge(other);
        let g = log.into_groups();
        assert_eq!(g[0].category, "missed PER");
        assert_eq!((g[0].count, g[0].examples.len()), (5, 2));
        assert_eq!(g[1].examples, vec!["x", "y"]);
    }

    #[test]
    fn renders_figures_and_examples() {
        let r = Report {
            set: "demo".into(),
            path: "x".into(),
            documents: 2,
            items: 3,
            item_kind: "entities".into(),
            seconds: 0.25,
            tables: vec![Table {
                title: "entities".into(),
                rows: vec![Row::prf("PER", Counts::new(1, 1, 2)), Row::value("accuracy", 0.5, "1/2")],
            }],
            notes: vec!["MISC is not scored".into()],
            errors: vec![ErrorGroup { category: "missed PER".into(), count: 2, examples: vec!["Simmons".into()] }],
        };
        let text = r.render(1);
        assert!(text.contains("read 2 document(s), 3 entities"), "{text}");
        assert!(text.contains("PER              0.500   0.333   0.400       3       2       1"), "{text}");
        assert!(text.contains("accuracy         0.500   1/2"), "{text}");
        assert!(text.contains("  - Simmons"), "{text}");
        assert!(!r.render(0).contains("Simmons"));
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["tables"][0]["rows"][0]["counts"]["fn"], 2);
    }
}
