//! Phrase matching at token starts, shared by the lexicon-driven stages.
//!
//! Lexicon phrases (names, agent terms, event triggers, reporting cues) only ever start
//! where a token starts, so instead of scanning every byte of the text, a matcher tries
//! an anchored Aho-Corasick search at token starts, and only where the first two bytes
//! could begin some phrase. That rules out most tokens with one table lookup.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, Match, MatchKind, StartKind};

use crate::segment::Token;

/// A compiled phrase list, matched leftmost-longest at token starts.
pub struct TokenMatcher {
    ac: AhoCorasick,
    /// Which (lower-cased, when case is folded) first byte pairs start a phrase.
    pairs: Vec<bool>,
    fold_case: bool,
    /// Also try inside hyphenated tokens, after a hyphen before a capital: "Russia-North Korea".
    after_hyphens: bool,
}

impl TokenMatcher {
    /// Compiles `phrases`; with `fold_case`, ASCII letters match in any case.
    pub fn new<P: AsRef<str>>(phrases: &[P], fold_case: bool, after_hyphens: bool) -> TokenMatcher {
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .ascii_case_insensitive(fold_case)
            .kind(Some(AhoCorasickKind::DFA))
            .build(phrases.iter().map(AsRef::as_ref))
            .expect("phrase automaton");
        let mut pairs = vec![false; 1 << 16];
        for p in phrases {
            let b = p.as_ref().as_bytes();
            let fold = |x: u8| if fold_case { x.to_ascii_lowercase() } else { x };
            match *b {
                [a] => (0..=255u8).for_each(|x| pairs[pair(fold(a), x)] = true),
                [a, c, ..] => pairs[pair(fold(a), fold(c))] = true,
                [] => {}
            }
        }
        TokenMatcher { ac, pairs, fold_case, after_hyphens }
    }

    /// Heap bytes of the compiled automaton and table.
    pub fn memory_usage(&self) -> usize {
        self.ac.memory_usage() + self.pairs.len()
    }

    /// The longest phrase starting exactly at byte `at`, ending on a word boundary.
    pub fn at(&self, text: &str, at: usize) -> Option<Match> {
        let bytes = text.as_bytes();
        let fold = |x: u8| if self.fold_case { x.to_ascii_lowercase() } else { x };
        let first = fold(*bytes.get(at)?);
        let second = fold(bytes.get(at + 1).copied().unwrap_or(0));
        if !self.pairs[pair(first, second)] {
            return None;
        }
        let m = self.ac.try_find(Input::new(text).range(at..).anchored(Anchored::Yes)).ok()??;
        ends_word(text, m.end()).then_some(m)
    }

    /// Non-overlapping matches at token starts, in text order.
    pub fn find_all(&self, text: &str, tokens: &[Token]) -> Vec<Match> {
        let mut out: Vec<Match> = Vec::new();
        let try_at = |at: usize, out: &mut Vec<Match>| {
            if out.last().is_some_and(|m| m.end() > at) {
                return;
            }
            if let Some(m) = self.at(text, at) {
                out.push(m);
            }
        };
        let bytes = text.as_bytes();
        for t in tokens {
            try_at(t.start, &mut out);
            if self.after_hyphens {
                for (i, _) in text[t.start..t.end].match_indices('-') {
                    let at = t.start + i + 1;
                    if bytes.get(at).is_some_and(u8::is_ascii_uppercase) {
                        try_at(at, &mut out);
                    }
                }
            }
        }
        out
    }
}

fn pair(a: u8, b: u8) -> usize {
    usize::from(a) << 8 | usize::from(b)
}

/// Whether a phrase ending at `end` ends a word (a possessive or punctuation may follow;
/// a letter, digit or inner hyphen may not, but a hyphen before a capital may:
/// "Russia-North Korea").
fn ends_word(text: &str, end: usize) -> bool {
    let mut rest = text[end..].chars();
    match rest.next() {
        None => true,
        Some('-') => rest.next().is_some_and(char::is_uppercase) || !text[..end].ends_with(char::is_alphanumeric),
        Some(c) => !c.is_alphanumeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::tokenize;

    fn texts(m: &TokenMatcher, text: &str) -> Vec<String> {
        m.find_all(text, &tokenize(text)).iter().map(|x| text[x.start()..x.end()].to_string()).collect()
    }

    #[test]
    fn matches_start_and_end_on_word_boundaries() {
        let m = TokenMatcher::new(&["Niger", "Nigeria", "US"], false, false);
        assert_eq!(texts(&m, "Nigeria and Niger, but not USAID or us."), vec!["Nigeria", "Niger"]);
    }

    #[test]
    fn folded_case_and_longest_phrase() {
        let m = TokenMatcher::new(&["foreign ministry", "ministry"], true, false);
        assert_eq!(texts(&m, "The Foreign Ministry and the ministry"), vec!["Foreign Ministry", "ministry"]);
    }

    #[test]
    fn names_joined_by_hyphens() {
        let m = TokenMatcher::new(&["Russia", "North Korea"], false, true);
        assert_eq!(texts(&m, "Russia-North Korea cooperation; Kremlin-backed"), vec!["Russia", "North Korea"]);
    }
}
