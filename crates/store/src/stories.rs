//! Story clustering: documents about the same news, grouped as they arrive.
//!
//! **What.** Each document gets a *signature*: its [`SIGNATURE_TERMS`] heaviest terms,
//! where a term is a linked entity (`country:PRK`, `person:kyrylo-budanov`, weighted by
//! its mentions), a title word (weight 3) or one of the eight most frequent long words of
//! the body. A document joins the story whose signature shares the largest part of its
//! own (overlap coefficient, at least [`MIN_OVERLAP`]) among stories seen within
//! [`WINDOW_DAYS`] days of it; otherwise it starts a story with its signature.
//!
//! **Why.** Single-pass, order-dependent clustering is what a streaming ingest can
//! afford: one look-up per document in an in-memory index of terms. Terms shared by more
//! than [`MAX_POSTINGS`] stories ("country:USA") do not discriminate and are not used
//! to find candidates.

use std::collections::HashMap;

use chrono::NaiveDate;
use sitrep_model::{EntityKind, Extraction};

use crate::keys::{self, is_stopword};

/// Terms in a signature.
pub const SIGNATURE_TERMS: usize = 12;
/// Share of the smaller signature two documents must have in common.
pub const MIN_OVERLAP: f64 = 0.5;
/// Days between a document and a story's first or last document.
pub const WINDOW_DAYS: i64 = 3;
/// Terms in more stories than this are ignored when looking for candidates.
pub const MAX_POSTINGS: usize = 500;

/// The signature of a record, heaviest term first.
pub fn signature(record: &Extraction) -> Vec<String> {
    let mut weights: HashMap<String, f64> = HashMap::new();
    for e in &record.entities {
        if e.kind == EntityKind::Place && e.mentions.len() < 2 {
            continue;
        }
        *weights.entry(keys::entity_key(e)).or_default() += e.mentions.len() as f64;
    }
    if let Some(title) = &record.title {
        for w in keys::word_set(title).into_iter().filter(|w| w.chars().count() >= 4) {
            *weights.entry(format!("w:{w}")).or_default() += 3.0;
        }
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    let body = match record.text.char_indices().nth(3000) {
        Some((i, _)) => &record.text[..i],
        None => &record.text,
    };
    for w in body.split(|c: char| !c.is_alphabetic()) {
        if w.len() >= 5 {
            let w = w.to_lowercase();
            if !is_stopword(&w) {
                *counts.entry(w).or_default() += 1;
            }
        }
    }
    let mut frequent: Vec<(String, usize)> = counts.into_iter().filter(|(_, n)| *n >= 2).collect();
    frequent.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (w, n) in frequent.into_iter().take(8) {
        *weights.entry(format!("w:{w}")).or_default() += n as f64;
    }
    let mut terms: Vec<(String, f64)> = weights.into_iter().collect();
    terms.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    terms.into_iter().take(SIGNATURE_TERMS).map(|(t, _)| t).collect()
}

/// A story as the index keeps it.
#[derive(Debug, Clone)]
pub struct StoryEntry {
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub terms: Vec<String>,
}

/// The in-memory index of stories used while ingesting.
#[derive(Debug, Default)]
pub struct StoryIndex {
    pub stories: HashMap<i64, StoryEntry>,
    postings: HashMap<String, Vec<i64>>,
}

impl StoryIndex {
    /// Adds (or replaces the dates of) a story.
    pub fn insert(&mut self, id: i64, entry: StoryEntry) {
        if !self.stories.contains_key(&id) {
            for t in &entry.terms {
                self.postings.entry(t.clone()).or_default().push(id);
            }
        }
        self.stories.insert(id, entry);
    }

    /// The story a document with this signature and day joins, if any.
    pub fn best(&self, signature: &[String], day: Option<NaiveDate>) -> Option<i64> {
        if signature.len() < 3 {
            return None;
        }
        // Count shared terms through the postings of the discriminating terms.
        let mut shared: HashMap<i64, usize> = HashMap::new();
        let mut common: Vec<&String> = Vec::new();
        for t in signature {
            if let Some(list) = self.postings.get(t) {
                if list.len() > MAX_POSTINGS {
                    common.push(t);
                    continue;
                }
                for id in list {
                    *shared.entry(*id).or_default() += 1;
                }
            }
        }
        let mut best: Option<(f64, i64)> = None;
        for (id, n) in shared {
            let story = &self.stories[&id];
            let smaller = signature.len().min(story.terms.len()).max(1);
            // Even sharing every common term would not reach the threshold: skip.
            if ((n + common.len()) as f64) < MIN_OVERLAP * smaller as f64 || !within_window(story, day) {
                continue;
            }
            let both = n + common.iter().filter(|t| story.terms.contains(t)).count();
            let overlap = both as f64 / smaller as f64;
            if overlap >= MIN_OVERLAP && best.is_none_or(|(o, b)| overlap > o || (overlap == o && id < b)) {
                best = Some((overlap, id));
            }
        }
        best.map(|(_, id)| id)
    }
}

fn within_window(story: &StoryEntry, day: Option<NaiveDate>) -> bool {
    let (Some(d), Some(first), Some(last)) = (day, story.first, story.last) else { return true };
    let w = chrono::Duration::days(WINDOW_DAYS);
    d >= first - w && d <= last + w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(title: &str, text: &str) -> Extraction {
        Extraction { title: Some(title.into()), text: text.into(), ..Extraction::default() }
    }

    #[test]
    fn signatures_take_title_words_and_frequent_body_words() {
        let s = signature(&rec(
            "Ceasefire talks resume in Geneva",
            "Envoys met. Envoys talked about prisoners and prisoners.",
        ));
        assert!(s.contains(&"w:ceasefire".to_string()), "{s:?}");
        assert!(s.contains(&"w:envoys".to_string()), "{s:?}");
        assert!(s.contains(&"w:prisoners".to_string()), "{s:?}");
        assert!(!s.iter().any(|t| t == "w:talked"), "{s:?}");
    }

    #[test]
    fn documents_join_a_story_within_the_window() {
        let mut idx = StoryIndex::default();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let a = signature(&rec("Ceasefire talks resume in Geneva", "Envoys met in Geneva. Envoys from both sides."));
        idx.insert(1, StoryEntry { first: d("2024-10-01"), last: d("2024-10-01"), terms: a.clone() });
        let b = signature(&rec("Geneva ceasefire talks resume", "Envoys met again in Geneva. Envoys talked."));
        assert_eq!(idx.best(&b, d("2024-10-02")), Some(1));
        assert_eq!(idx.best(&b, d("2024-11-02")), None, "outside the window");
        let c = signature(&rec("Floods hit Pakistan", "Monsoon floods displaced thousands. Floods rose."));
        assert_eq!(idx.best(&c, d("2024-10-02")), None);
    }
}
