//! Incidents: natural disasters, accidents and organised crime, from `incidents.txt`.
//!
//! These are news about harm that PLOVER, a typology of political events, has no type
//! for. A term of the lexicon names one when its sentence also holds one of the record's
//! required words (if it lists any) and none of its excluding words: "an explosion at a
//! fertiliser plant" is an accident, "a bomb explosion at a plant" an attack, which the
//! events stage codes.

use aho_corasick::Match;
use rustc_hash::FxHashMap;
use sitrep_lexicon::{IncidentTerms, Lexicon};
use sitrep_model::{Incident, Span};

use crate::matcher::TokenMatcher;

/// The compiled incident terms.
pub struct IncidentMatcher {
    terms: TokenMatcher,
    /// For each phrase of `terms`, the records that list it, in file order.
    records_of: Vec<Vec<usize>>,
    records: Vec<IncidentTerms>,
}

impl IncidentMatcher {
    /// Compiles the incident terms of `lexicon`.
    pub fn new(lexicon: &Lexicon) -> IncidentMatcher {
        let mut phrases: Vec<String> = Vec::new();
        let mut records_of: Vec<Vec<usize>> = Vec::new();
        let mut index: FxHashMap<&str, usize> = FxHashMap::default();
        for (i, r) in lexicon.incidents.iter().enumerate() {
            for t in &r.terms {
                let at = *index.entry(t.as_str()).or_insert_with(|| {
                    phrases.push(t.clone());
                    records_of.push(Vec::new());
                    phrases.len() - 1
                });
                records_of[at].push(i);
            }
        }
        IncidentMatcher {
            terms: TokenMatcher::new(&phrases, true, false),
            records_of,
            records: lexicon.incidents.clone(),
        }
    }

    /// The phrase matcher, for a [`crate::matcher::MatcherSet`] pass over the tokens.
    pub fn terms(&self) -> &TokenMatcher {
        &self.terms
    }

    /// Heap bytes of the compiled automaton.
    pub fn memory_usage(&self) -> usize {
        self.terms.memory_usage()
    }

    /// The incidents named by `hits` (matches of [`IncidentMatcher::terms`]), in text
    /// order; `sentences` are the sentence spans of `text`.
    pub fn find(&self, text: &str, sentences: &[(usize, usize)], hits: &[Match]) -> Vec<Incident> {
        let mut out = Vec::new();
        // The lower-cased sentence of the last hit: hits cluster in few sentences.
        let mut lowered: Option<(usize, String)> = None;
        for m in hits {
            let s = sentences.partition_point(|&(start, _)| start <= m.start()).saturating_sub(1);
            let Some(&(start, end)) = sentences.get(s) else { continue };
            if lowered.as_ref().is_none_or(|(at, _)| *at != s) {
                lowered = Some((s, text[start..end].to_lowercase()));
            }
            let Some((_, sentence)) = lowered.as_ref() else { continue };
            let fits = |r: &IncidentTerms| {
                (r.requires.is_empty() || r.requires.iter().any(|w| holds_word(sentence, w)))
                    && !r.excludes.iter().any(|w| holds_word(sentence, w))
            };
            let Some(r) = self.records_of[m.pattern().as_usize()].iter().map(|&i| &self.records[i]).find(|r| fits(r))
            else {
                continue;
            };
            out.push(Incident {
                sentence: s,
                trigger: Span { text: text[m.start()..m.end()].to_string(), start: m.start(), end: m.end() },
                kind: r.kind.clone(),
                class: r.class.clone(),
            });
        }
        out
    }
}

/// Whether `hay` holds `word` between word boundaries.
fn holds_word(hay: &str, word: &str) -> bool {
    hay.match_indices(word).any(|(i, w)| {
        !hay[..i].ends_with(char::is_alphanumeric) && !hay[i + w.len()..].starts_with(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Extractor;
    use sitrep_model::Document;

    fn incidents(text: &str) -> Vec<(String, String, String)> {
        let doc = Document { text: text.into(), ..Document::default() };
        Extractor::builtin().extract(&doc).incidents.into_iter().map(|i| (i.trigger.text, i.kind, i.class)).collect()
    }

    fn kinds(text: &str) -> Vec<String> {
        incidents(text).into_iter().map(|(_, k, _)| k).collect()
    }

    #[test]
    fn natural_hazards_are_named() {
        let found = incidents("A magnitude 6.2 earthquake struck the province on Monday, triggering landslides.");
        assert_eq!(found[0], ("earthquake".into(), "natural_disaster".into(), "earthquake".into()));
        assert_eq!(found[1].2, "landslide");
        assert_eq!(kinds("Cholera cases rose to 300 in the camps."), vec!["natural_disaster"]);
    }

    #[test]
    fn context_decides_blasts_and_outbreaks() {
        assert_eq!(kinds("An explosion at a fertiliser plant killed four workers."), vec!["man_made_disaster"]);
        // A bomb named, or soldiers firing: no accident.
        assert!(kinds("A bomb explosion at a plant killed four workers.").is_empty());
        assert!(kinds("Soldiers opened fire near the factory.").is_empty());
        assert!(kinds("An outbreak of violence followed the vote.").is_empty());
        assert_eq!(kinds("An outbreak of the disease was reported."), vec!["natural_disaster"]);
        assert!(kinds("The party won a landslide victory.").is_empty());
    }

    #[test]
    fn accidents_and_crime_are_named() {
        assert_eq!(kinds("A passenger train derailed near the station."), vec!["man_made_disaster"]);
        assert_eq!(kinds("Police seized 40 kg of heroin from a drug trafficking ring."), vec!["organised_crime"; 2]);
        // Corruption protested against is a protest.
        assert!(kinds("Thousands of protesters marched against corruption.").is_empty());
        assert!(kinds("Five men were arrested for the gang rape.").is_empty());
    }

    #[test]
    fn words_hold_only_between_boundaries() {
        assert!(holds_word("the plant exploded", "plant"));
        assert!(!holds_word("the planted tree", "plant"));
        assert!(!holds_word("a transplant", "plant"));
    }
}
