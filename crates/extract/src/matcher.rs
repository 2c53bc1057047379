//! Phrase matching at token starts, shared by the lexicon-driven stages.
//!
//! Lexicon phrases (names, agent terms, event triggers, reporting cues) only ever start
//! where a token starts, so instead of scanning every byte of the text, a matcher walks
//! a trie of the phrases from token starts (an anchored leftmost-longest search). Most
//! token starts open no phrase, so two cheap tests come first: a bit table of the first
//! two bytes of each phrase, then a bit table of the hashed words phrases open with.
//! Neither ever rules out a match; only what passes both reaches the trie.

use aho_corasick::Match;

use crate::bytes8::{alnum_prefix, load, LOWER};
use crate::segment::{Token, TokenKind};

/// Bits in the lead-word table: 8 KiB, a few per cent false positives for the largest
/// phrase list (~2,000 distinct lead words).
const LEAD_BITS: usize = 1 << 16;

/// A compiled phrase list, matched leftmost-longest at token starts.
pub struct TokenMatcher {
    trie: Trie,
    /// Bit set of the (lower-cased, when case is folded) first byte pairs that start a
    /// phrase: 8 KiB, so it stays in the L1 cache however many matchers run.
    pairs: Box<[u64]>,
    /// Bit set of the hashes of the alphanumeric runs phrases open with ("foreign" of
    /// "foreign ministry", "U" of "U.S."), lower-cased (also for case-sensitive lists:
    /// the test only has to be necessary, and one hash per token then serves every
    /// list, so it is computed once in a pass of several matchers). A phrase that
    /// matches and ends on a word boundary opens with exactly the alphanumeric run at the
    /// match start, so a run whose bit is clear rules the position out without walking
    /// the automaton. A hash and a bit test, not a set: no key comparison, no allocation,
    /// and a false positive only costs the automaton walk it would have had anyway.
    leads: Box<[u64]>,
    /// Length of the longest lead word: a longer run opens no phrase.
    max_lead: usize,
    /// Whether some phrase opens with a character that is not alphanumeric ("'s", "$").
    lead_nonword: bool,
    fold_case: bool,
    /// Also try inside hyphenated tokens, after a hyphen before a capital: "Russia-North Korea".
    after_hyphens: bool,
}

impl TokenMatcher {
    /// Compiles `phrases`; with `fold_case`, ASCII letters match in any case.
    pub fn new<P: AsRef<str>>(phrases: &[P], fold_case: bool, after_hyphens: bool) -> TokenMatcher {
        // A plain trie rather than an Aho-Corasick automaton: every search is anchored at
        // a token start, so failure links are never followed, and a walk of our own costs
        // no per-call set-up (input checks, dynamic dispatch) on the ~10% of tokens that
        // get this far.
        let trie = Trie::new(phrases, fold_case);
        let fold = |x: u8| if fold_case { x.to_ascii_lowercase() } else { x };
        let mut pairs = vec![0u64; (1 << 16) / 64].into_boxed_slice();
        let mut set = |i: usize| pairs[i / 64] |= 1 << (i % 64);
        let mut leads = vec![0u64; LEAD_BITS / 64].into_boxed_slice();
        let mut max_lead = 0;
        let mut lead_nonword = false;
        for p in phrases {
            let p = p.as_ref();
            let b = p.as_bytes();
            match *b {
                [a] => (0..=255u8).for_each(|x| set(pair(fold(a), x))),
                [a, c, ..] => set(pair(fold(a), fold(c))),
                [] => {}
            }
            let lead = lead_word(p, 0, usize::MAX);
            if lead.end == 0 {
                lead_nonword |= !b.is_empty();
            } else {
                leads[lead.hash / 64] |= 1 << (lead.hash % 64);
                max_lead = max_lead.max(lead.end);
            }
        }
        TokenMatcher { trie, pairs, leads, max_lead, lead_nonword, fold_case, after_hyphens }
    }

    /// Heap bytes of the compiled automaton and tables.
    pub fn memory_usage(&self) -> usize {
        self.trie.memory_usage() + (self.pairs.len() + self.leads.len()) * 8
    }

    /// The longest phrase starting exactly at byte `at`, ending on a word boundary.
    ///
    /// Small enough to inline into the loops over every token, so that the byte-pair
    /// test, which rules out most tokens, costs no call.
    #[inline]
    pub fn at(&self, text: &str, at: usize) -> Option<Match> {
        let bytes = text.as_bytes();
        let (plain, folded) = pairs_at(bytes, at)?;
        if !self.may_pair(plain, folded) {
            return None;
        }
        let lead = lead_word(text, at, self.max_lead);
        if !self.may_open(&lead, at) {
            return None;
        }
        self.search(text, at)
    }

    /// Whether some phrase opens with the byte pair at a position (given as it is and
    /// ASCII-lower-cased).
    #[inline]
    fn may_pair(&self, plain: usize, folded: usize) -> bool {
        let p = if self.fold_case { folded } else { plain };
        self.pairs[p / 64] & (1 << (p % 64)) != 0
    }

    /// [`TokenMatcher::at`] past the byte-pair and lead-word tests: the trie walk, out
    /// of line as few positions get this far.
    #[inline(never)]
    fn search(&self, text: &str, at: usize) -> Option<Match> {
        let (pattern, end) = self.trie.longest(text.as_bytes(), at)?;
        ends_word(text, end).then(|| Match::must(pattern as usize, at..end))
    }

    /// Whether the alphanumeric run at `at` (`lead`) may be the lead word of some
    /// phrase. A match that ends on a word boundary is followed by a character that is
    /// not alphanumeric (or ends the text), so it opens with exactly this run; a run no
    /// phrase opens with cannot start a match that `at` would return.
    #[inline]
    fn may_open(&self, lead: &Lead, at: usize) -> bool {
        if lead.end == at {
            return self.lead_nonword;
        }
        lead.end - at <= self.max_lead && self.leads[lead.hash / 64] & (1 << (lead.hash % 64)) != 0
    }

    /// Non-overlapping matches at token starts (and after hyphens before a capital, with
    /// `after_hyphens`), in text order. A test per token: [`MatcherSet::find_each`]
    /// finds the same, faster, for lists matched on every document.
    pub fn find_all(&self, text: &str, tokens: &[Token]) -> Vec<Match> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        // End of the last match: starts inside it are not tried.
        let mut covered = 0;
        for t in tokens {
            if t.start >= covered {
                if let Some(found) = self.at(text, t.start) {
                    covered = found.end();
                    out.push(found);
                }
            }
            if self.after_hyphens && t.kind != TokenKind::Number {
                for i in t.start..t.end {
                    if bytes[i] == b'-' && bytes.get(i + 1).is_some_and(u8::is_ascii_uppercase) && i + 1 >= covered {
                        if let Some(found) = self.at(text, i + 1) {
                            covered = found.end();
                            out.push(found);
                        }
                    }
                }
            }
        }
        out
    }
}

/// The byte-pair and lead-word tables of several matchers merged into one table each,
/// a bit per matcher in every entry, for matching them all in one pass over the tokens
/// ([`MatcherSet::find_each`]). A token that opens no phrase of any list then costs
/// two table loads instead of a test per list. Built once with the matchers it was made
/// from, which every call must pass again in the same order.
pub struct MatcherSet<const N: usize> {
    /// For each byte pair as written (first byte, second byte), the matchers whose
    /// pair test passes: 64 KiB, of which text touches a small, cache-resident part.
    pairs: Box<[u8]>,
    /// For each lead-word hash, the matchers some phrase of which opens with such a word.
    leads: Box<[u8]>,
    /// Matchers with a phrase that opens with a character that is not alphanumeric.
    nonword: u8,
    /// Matchers that also try after a hyphen inside a token.
    hyphens: u8,
    max_lead: [usize; N],
    /// Longest lead word of all the matchers.
    limit: usize,
}

impl<const N: usize> MatcherSet<N> {
    /// Merges the tables of `matchers` (at most eight).
    pub fn new(matchers: [&TokenMatcher; N]) -> MatcherSet<N> {
        assert!(N <= 8, "a matcher set holds at most eight matchers");
        let mut pairs = vec![0u8; 1 << 16].into_boxed_slice();
        for (i, p) in pairs.iter_mut().enumerate() {
            let (a, b) = ((i >> 8) as u8, i as u8);
            let folded = pair(a.to_ascii_lowercase(), b.to_ascii_lowercase());
            for (k, m) in matchers.iter().enumerate() {
                if m.may_pair(i, folded) {
                    *p |= 1 << k;
                }
            }
        }
        let mut leads = vec![0u8; LEAD_BITS].into_boxed_slice();
        for (h, l) in leads.iter_mut().enumerate() {
            for (k, m) in matchers.iter().enumerate() {
                if m.leads[h / 64] & (1 << (h % 64)) != 0 {
                    *l |= 1 << k;
                }
            }
        }
        let bits = |f: &dyn Fn(&TokenMatcher) -> bool| {
            matchers.iter().enumerate().filter(|(_, m)| f(m)).fold(0u8, |acc, (k, _)| acc | 1 << k)
        };
        let nonword = bits(&|m| m.lead_nonword);
        let hyphens = bits(&|m| m.after_hyphens);
        let max_lead = matchers.map(|m| m.max_lead);
        let limit = max_lead.iter().copied().max().unwrap_or(0);
        MatcherSet { pairs, leads, nonword, hyphens, max_lead, limit }
    }

    /// Heap bytes of the merged tables.
    pub fn memory_usage(&self) -> usize {
        self.pairs.len() + self.leads.len()
    }

    /// [`TokenMatcher::find_all`] of each matcher (the ones the set was built from, in
    /// the same order), in one pass over the tokens.
    pub fn find_each(&self, matchers: [&TokenMatcher; N], text: &str, tokens: &[Token]) -> [Vec<Match>; N] {
        let mut out: [Vec<Match>; N] = std::array::from_fn(|_| Vec::new());
        // End of each matcher's last match: starts inside it are not tried.
        let mut covered = [0usize; N];
        // The largest of them: most tokens start past it, and skip the test per matcher.
        let mut covered_max = 0;
        let bytes = text.as_bytes();
        // The next hyphen at or after the current token: most tokens hold none, and
        // one search through the text beats a scan of every token's bytes.
        let next_hyphen = |from: usize| text.get(from..).and_then(|r| r.find('-')).map_or(text.len(), |i| from + i);
        let mut hyphen = if self.hyphens == 0 { text.len() } else { next_hyphen(0) };
        for t in tokens {
            let Some(&first) = bytes.get(t.start) else { continue };
            let second = bytes.get(t.start + 1).copied().unwrap_or(0);
            let mut may = self.pairs[pair(first, second)];
            if may != 0 && t.start < covered_max {
                for (k, &c) in covered.iter().enumerate() {
                    if t.start < c {
                        may &= !(1 << k);
                    }
                }
            }
            if may != 0 {
                let lead = lead_word(text, t.start, self.limit);
                let len = lead.end - t.start;
                may &= if len == 0 { self.nonword } else { self.leads[lead.hash] };
                while may != 0 {
                    let k = may.trailing_zeros() as usize;
                    may &= may - 1;
                    if len > self.max_lead[k] {
                        continue;
                    }
                    if let Some(found) = matchers[k].search(text, t.start) {
                        covered[k] = found.end();
                        covered_max = covered_max.max(found.end());
                        push_match(&mut out[k], found, tokens.len());
                    }
                }
            }
            if hyphen < t.end {
                while hyphen < t.start {
                    hyphen = next_hyphen(hyphen + 1);
                }
                // Numbers never hold a hyphen (see `segment`).
                if hyphen < t.end && t.kind != TokenKind::Number {
                    for (k, m) in matchers.iter().enumerate().filter(|(k, _)| self.hyphens & (1 << k) != 0) {
                        for i in hyphen..t.end {
                            if bytes[i] == b'-'
                                && bytes.get(i + 1).is_some_and(u8::is_ascii_uppercase)
                                && i + 1 >= covered[k]
                            {
                                if let Some(found) = m.at(text, i + 1) {
                                    covered[k] = found.end();
                                    covered_max = covered_max.max(found.end());
                                    push_match(&mut out[k], found, tokens.len());
                                }
                            }
                        }
                    }
                }
            }
        }
        out
    }
}

/// Pushes a match, reserving room for a document's worth of them on the first: a list
/// that matches once mostly matches many times, and growing by doubling from four
/// costs several reallocations per document.
fn push_match(out: &mut Vec<Match>, found: Match, tokens: usize) {
    if out.capacity() == 0 {
        out.reserve(tokens / 32 + 4);
    }
    out.push(found);
}

/// The byte pair at `at` as it is and ASCII-lower-cased, as indexes into the pair tables
/// (the second byte is 0 at the end of the text); `None` past the end.
#[inline]
fn pairs_at(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let first = *bytes.get(at)?;
    let second = bytes.get(at + 1).copied().unwrap_or(0);
    Some((pair(first, second), pair(first.to_ascii_lowercase(), second.to_ascii_lowercase())))
}

/// The alphanumeric run opening at a position: where it ends and the hash of its
/// ASCII-lower-cased bytes, as an index into the lead tables.
struct Lead {
    end: usize,
    hash: usize,
}

/// What each byte contributes to a lead word: 0 ends the word (ASCII other than letters
/// and digits), a byte of 0x80 or above starts a character that needs decoding, anything
/// else is the byte itself, lower-cased. One table load per byte keeps the scan, which
/// runs at most token starts, short.
const fn byte_table() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let x = b as u8;
        t[b] = if x >= 0x80 {
            x
        } else if x.is_ascii_alphanumeric() {
            x.to_ascii_lowercase()
        } else {
            0
        };
        b += 1;
    }
    t
}

static FOLDED: [u8; 256] = byte_table();

/// The run of alphanumeric characters starting at byte `at` (a char boundary), with a
/// hash of its bytes, ASCII-lower-cased. The scan stops once the run is longer than
/// `limit` bytes. Inlined: it runs at most token starts.
///
/// The hash takes the run eight bytes at a time (the last group padded with zeros), so
/// a run of ASCII letters and digits, nearly every word, is read a word-sized load at a
/// time rather than a byte at a time; runs with other characters go byte by byte into
/// the same groups, so a run hashes alike whichever way it was read.
#[inline(always)]
fn lead_word(text: &str, at: usize, limit: usize) -> Lead {
    let bytes = text.as_bytes();
    // Most runs are ASCII letters or digits followed by ASCII, up to 15 bytes: one or
    // two groups, read inline. (A run longer than `limit` is reported whole here, as
    // longer than it.)
    if let Some(group) = load(bytes, at) {
        let n = alnum_prefix(group);
        if n < 8 && bytes[at + n] < 0x80 {
            let h = if n > 0 { mix(HASH_SEED, (group | LOWER) & ((1 << (8 * n)) - 1)) } else { HASH_SEED };
            return Lead { end: at + n, hash: lead_hash(h, n) };
        }
        if let Some(next) = load(bytes, at + 8).filter(|_| n == 8) {
            let m = alnum_prefix(next);
            if m < 8 && bytes[at + 8 + m] < 0x80 {
                let h = mix(HASH_SEED, group | LOWER);
                let h = if m > 0 { mix(h, (next | LOWER) & ((1 << (8 * m)) - 1)) } else { h };
                return Lead { end: at + 8 + m, hash: lead_hash(h, 8 + m) };
            }
        }
    }
    lead_run(text, at, limit)
}

/// [`lead_word`] for the runs of eight bytes or more, or with characters outside ASCII,
/// or at the end of the text: out of line, so that the common case stays small.
#[inline(never)]
fn lead_run(text: &str, at: usize, limit: usize) -> Lead {
    let bytes = text.as_bytes();
    let stop = bytes.len().min(at.saturating_add(limit).saturating_add(1));
    let mut h = HASH_SEED;
    let mut i = at;
    while i < stop {
        let Some(group) = load(bytes, i) else { break };
        let n = alnum_prefix(group);
        if n == 8 {
            h = mix(h, group | LOWER);
            i += 8;
            continue;
        }
        if bytes[i + n] >= 0x80 {
            // A character outside ASCII may go on with the run: the byte-wise scan below.
            break;
        }
        if n > 0 {
            h = mix(h, (group | LOWER) & ((1 << (8 * n)) - 1));
        }
        return Lead { end: i + n, hash: lead_hash(h, i + n - at) };
    }
    // Byte by byte from the start of a group, into the same groups.
    let mut group = 0u64;
    let mut filled = 0;
    while i < stop {
        let x = FOLDED[usize::from(bytes[i])];
        if x == 0 {
            break;
        }
        let len = if x >= 0x80 {
            let Some(len) = alphanumeric_len(text, i) else { break };
            len
        } else {
            1
        };
        for k in 0..len {
            // Folded like the word-sized path: ASCII lower-cased, other bytes as they are.
            let b = if len == 1 { x } else { bytes[i + k] };
            group |= u64::from(b) << (8 * filled);
            filled += 1;
            if filled == 8 {
                h = mix(h, group);
                group = 0;
                filled = 0;
            }
        }
        i += len;
    }
    if filled > 0 {
        h = mix(h, group);
    }
    Lead { end: i, hash: lead_hash(h, i - at) }
}

const HASH_SEED: u64 = 0xcbf2_9ce4_8422_2325;

fn mix(h: u64, group: u64) -> u64 {
    (h ^ group).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29)
}

/// The index into the lead tables of a run's group hash and its length: the top bits
/// of a multiplicative mix.
fn lead_hash(h: u64, len: usize) -> usize {
    ((h ^ len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - LEAD_BITS.trailing_zeros())) as usize
}

/// Byte length of the character at `i` when it is alphanumeric (out of line: rare).
#[cold]
fn alphanumeric_len(text: &str, i: usize) -> Option<usize> {
    text[i..].chars().next().filter(|c| c.is_alphanumeric()).map(char::len_utf8)
}

fn pair(a: u8, b: u8) -> usize {
    usize::from(a) << 8 | usize::from(b)
}

/// The phrases of a list as a trie, for the longest phrase that opens at a position.
/// Nodes are numbered breadth first, so the children of a node are consecutive
/// numbers: a node costs its child range, the byte into it and its phrase, no pointers.
/// A chain of nodes with one child and no phrase is one node with the bytes of the
/// chain (its tail): phrases share first letters, then mostly run on alone ("Presid" +
/// "ent"), and comparing a tail costs far less than a step per byte.
struct Trie {
    /// One more than the nodes: the last only closes the child range of the one before.
    nodes: Vec<TrieNode>,
    /// The byte on the edge into each node (sorted among siblings).
    label: Vec<u8>,
    /// The tails of all nodes, one after the other.
    tails: Vec<u8>,
    /// The children of the root by byte, most of which have many siblings: one load
    /// instead of a search among them. Zero (the root) for none.
    root: Box<[u32; 256]>,
    fold_case: bool,
}

#[derive(Clone, Copy)]
struct TrieNode {
    /// Children are the nodes from here to the next node's `child_start`.
    child_start: u32,
    /// The phrase ending after the tail (the first listed, as among phrases that differ
    /// only in case), or `NONE`.
    phrase: u32,
    tail_start: u32,
    tail_len: u32,
}

const NONE: u32 = u32::MAX;

impl Trie {
    fn new<P: AsRef<str>>(phrases: &[P], fold_case: bool) -> Trie {
        // Built as a trie of sorted child lists, then renumbered breadth first.
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut ends: Vec<u32> = vec![NONE];
        for (id, p) in phrases.iter().enumerate() {
            let mut node = 0;
            for &b in p.as_ref().as_bytes() {
                let b = if fold_case { b.to_ascii_lowercase() } else { b };
                node = match children[node].binary_search_by_key(&b, |c| c.0) {
                    Ok(k) => children[node][k].1 as usize,
                    Err(k) => {
                        let next = children.len();
                        children[node].insert(k, (b, next as u32));
                        children.push(Vec::new());
                        ends.push(NONE);
                        next
                    }
                };
            }
            if ends[node] == NONE {
                ends[node] = id as u32;
            }
        }
        // Each entry of `order` is the first node of a chain, in breadth-first order.
        let mut order = vec![0usize];
        let mut label = vec![0u8];
        let mut tails = Vec::new();
        let mut nodes = Vec::new();
        let mut k = 0;
        while k < order.len() {
            let mut last = order[k];
            let tail_start = tails.len();
            // The root stays a node of its own: the search starts from its table.
            while k > 0 && ends[last] == NONE && children[last].len() == 1 {
                let (b, c) = children[last][0];
                tails.push(b);
                last = c as usize;
            }
            nodes.push(TrieNode {
                child_start: order.len() as u32,
                phrase: ends[last],
                tail_start: tail_start as u32,
                tail_len: (tails.len() - tail_start) as u32,
            });
            for &(b, c) in &children[last] {
                order.push(c as usize);
                label.push(b);
            }
            k += 1;
        }
        nodes.push(TrieNode { child_start: order.len() as u32, phrase: NONE, tail_start: 0, tail_len: 0 });
        let mut root = Box::new([0u32; 256]);
        for n in nodes[0].child_start..nodes[1].child_start {
            root[usize::from(label[n as usize])] = n;
        }
        Trie { nodes, label, tails, root, fold_case }
    }

    fn memory_usage(&self) -> usize {
        self.nodes.len() * std::mem::size_of::<TrieNode>() + self.label.len() + self.tails.len() + 256 * 4
    }

    /// The longest phrase that `bytes[at..]` opens with: its number and where it ends.
    #[inline]
    fn longest(&self, bytes: &[u8], at: usize) -> Option<(u32, usize)> {
        let fold = |b: u8| if self.fold_case { b.to_ascii_lowercase() } else { b };
        let phrase = self.nodes[0].phrase;
        let mut best = (phrase != NONE).then_some((phrase, at));
        let Some(&first) = bytes.get(at) else { return best };
        let mut node = self.root[usize::from(fold(first))] as usize;
        let mut i = at + 1;
        while node != 0 {
            let n = self.nodes[node];
            if n.tail_len > 0 {
                let tail = &self.tails[n.tail_start as usize..(n.tail_start + n.tail_len) as usize];
                let Some(rest) = bytes.get(i..i + tail.len()) else { break };
                if !rest.iter().zip(tail).all(|(&x, &t)| fold(x) == t) {
                    break;
                }
                i += tail.len();
            }
            if n.phrase != NONE {
                best = Some((n.phrase, i));
            }
            let Some(&b) = bytes.get(i) else { break };
            let b = fold(b);
            let (from, to) = (n.child_start as usize, self.nodes[node + 1].child_start as usize);
            let labels = &self.label[from..to];
            // Below the root most nodes have one child or a few.
            let k = if labels.len() <= 8 { labels.iter().position(|&l| l == b) } else { labels.binary_search(&b).ok() };
            node = k.map_or(0, |k| from + k);
            i += 1;
        }
        best
    }
}

/// Whether a phrase ending at `end` ends a word (a possessive or punctuation may follow;
/// a letter, digit or inner hyphen may not, but a hyphen before a capital may:
/// "Russia-North Korea"; so may "-led" after a name, which leads: "Saudi-led coalition",
/// while "army-led government" is one word).
fn ends_word(text: &str, end: usize) -> bool {
    let mut rest = text[end..].chars();
    match rest.next() {
        None => true,
        Some('-') => {
            rest.next().is_some_and(char::is_uppercase)
                || !text[..end].ends_with(char::is_alphanumeric)
                || (text[end..].starts_with("-led")
                    && !text[end + 4..].starts_with(char::is_alphanumeric)
                    && text[..end]
                        .rsplit(|c: char| !c.is_alphanumeric())
                        .next()
                        .is_some_and(|w| w.starts_with(char::is_uppercase)))
        }
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
    fn lead_words_outside_ascii_letters() {
        let m = TokenMatcher::new(&["Côte d'Ivoire", "$", "U.S.", "al-Shabaab"], false, false);
        assert_eq!(
            texts(&m, "Côte d'Ivoire paid $ 5 to U.S.-backed al-Shabaab, not Côtes or U.Sx"),
            vec!["Côte d'Ivoire", "$", "U.S.", "al-Shabaab"]
        );
        let folded = TokenMatcher::new(&["Défense ministry"], true, false);
        assert_eq!(texts(&folded, "the DéFENSE Ministry"), vec!["DéFENSE Ministry"]);
    }

    #[test]
    fn a_set_finds_what_each_matcher_finds_alone() {
        let names = TokenMatcher::new(&["Russia", "North Korea", "U.S.", "Côte d'Ivoire", "'s"], false, true);
        let agents = TokenMatcher::new(&["foreign ministry", "troops", "army"], true, false);
        let titles = TokenMatcher::new(&["President", "Lt Col"], false, false);
        let set = MatcherSet::new([&names, &agents, &titles]);
        let text = "Russia-North Korea talks: the Foreign Ministry of Côte d'Ivoire's army, U.S.-backed \
                    TROOPS, Lt Col Ivanov and President-elect Kim; North Korean-Russia ties, Russia's 12-14 army-led";
        let tokens = tokenize(text);
        let [a, b, c] = set.find_each([&names, &agents, &titles], text, &tokens);
        let spans = |v: &[Match]| v.iter().map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect::<Vec<_>>();
        assert_eq!(spans(&a), spans(&names.find_all(text, &tokens)));
        assert_eq!(spans(&b), spans(&agents.find_all(text, &tokens)));
        assert_eq!(spans(&c), spans(&titles.find_all(text, &tokens)));
        assert_eq!(texts(&names, text)[..3], ["Russia", "North Korea", "Côte d'Ivoire"]);
        // "President-elect" is one word.
        assert_eq!(texts(&titles, text), ["Lt Col"]);
    }

    #[test]
    fn lead_words_hash_alike_wherever_they_stand() {
        // Runs shorter and longer than a group of eight, ASCII or not, in any case and
        // followed by anything: the same run gives the same hash, and the run's end.
        for word in ["a", "us", "ministry", "ministrys", "administration", "côte", "ünal", "abcdefgh", "x1234567z"] {
            let alone = lead_word(word, 0, usize::MAX);
            assert_eq!(alone.end, word.len());
            for (before, after) in [("", ""), ("the ", " of"), ("(", "'s rule"), ("x ", "-led"), ("", "\u{2019}s")] {
                for w in [word.to_string(), word.to_ascii_uppercase()] {
                    let text = format!("{before}{w}{after}");
                    let lead = lead_word(&text, before.len(), usize::MAX);
                    assert_eq!((lead.end, lead.hash), (before.len() + word.len(), alone.hash), "{text}");
                }
            }
        }
        // Another word, another hash (for these few).
        let hashes: Vec<usize> = ["army", "arms", "armyy", "ministry", "ministri"]
            .iter()
            .map(|w| lead_word(w, 0, usize::MAX).hash)
            .collect();
        assert!(hashes.iter().enumerate().all(|(i, h)| !hashes[..i].contains(h)));
        // Past the limit the scan stops: the run is reported longer than it.
        assert!(lead_word("administration", 0, 5).end > 5);
        assert_eq!(lead_word("-x", 0, 5).end, 0);
    }

    #[test]
    fn the_trie_finds_what_an_anchored_automaton_finds() {
        use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
        // Phrases in both cases, prefixes of others, and chains that part midway.
        let phrases = [
            "army",
            "Army",
            "army chief",
            "arm",
            "ARMS",
            "a",
            "ministry",
            "Côte d'Ivoire",
            "côte",
            "b",
            "ab",
            "presidential palace",
            "pres",
        ];
        let text = "the Army chief, an arms deal: ARMY CHIEF of Côte d'Ivoire, côte, abc, a b; the \
                    Presidential Palace, presidential palaces, the presidency, presidential pal";
        for fold in [false, true] {
            let trie = Trie::new(&phrases, fold);
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(StartKind::Anchored)
                .ascii_case_insensitive(fold)
                .build(phrases)
                .unwrap();
            for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let want = ac
                    .find(Input::new(text).range(at..).anchored(Anchored::Yes))
                    .map(|m| (m.pattern().as_u32(), m.end()));
                assert_eq!(trie.longest(text.as_bytes(), at), want, "at {at}, fold {fold}");
            }
        }
    }

    #[test]
    fn names_joined_by_hyphens() {
        let m = TokenMatcher::new(&["Russia", "North Korea"], false, true);
        assert_eq!(texts(&m, "Russia-North Korea cooperation; Kremlin-backed"), vec!["Russia", "North Korea"]);
        // "-led" names the leader of a coalition or force; "-ledger" is another word.
        assert_eq!(texts(&m, "a Russia-led bloc, a Russia-ledger"), vec!["Russia"]);
        let agents = TokenMatcher::new(&["army"], true, false);
        assert!(texts(&agents, "the army-led government").is_empty());
    }
}
