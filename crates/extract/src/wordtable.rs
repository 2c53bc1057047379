//! A small table of short ASCII words (trigger words), looked up in any case without
//! hashing: a word's length and first letter pick a bucket, nearly always empty, and the
//! few words of a bucket are compared as one packed integer each.

/// Longest word the table holds, in bytes (one `u128`).
pub(crate) const LONGEST: usize = 16;

/// Buckets: length 0..=LONGEST times the low five bits of the first byte (the same for
/// both cases of a letter).
const BUCKETS: usize = (LONGEST + 1) * 32;

/// Short words of ASCII letters and digits with a value each.
#[derive(Debug, Clone)]
pub(crate) struct WordTable<V> {
    /// Packed lower-case words and their values, in bucket order.
    entries: Vec<(u128, V)>,
    /// `entries[starts[b]..starts[b + 1]]` are the words of bucket `b`.
    starts: Vec<u16>,
}

fn bucket(word: &[u8]) -> usize {
    word.len() * 32 + usize::from(word[0] & 31)
}

/// The word in lower case, zero-padded into an integer (words hold no zero byte, so two
/// words pack alike only when equal in lower case).
fn pack(word: &[u8]) -> u128 {
    let mut buf = [0u8; LONGEST];
    for (d, s) in buf.iter_mut().zip(word) {
        *d = s.to_ascii_lowercase();
    }
    u128::from_le_bytes(buf)
}

impl<V: Copy> WordTable<V> {
    /// The table of `words` (the first value given for a word is kept), or `None` when a
    /// word is empty, longer than [`LONGEST`] or holds anything but ASCII letters and digits.
    pub(crate) fn new<'w>(words: impl IntoIterator<Item = (&'w str, V)>) -> Option<WordTable<V>> {
        let mut items: Vec<(usize, u128, V)> = Vec::new();
        // Words seen, so that repeats (common in phrase lists) cost no scan of the items.
        let mut seen = std::collections::HashSet::new();
        for (w, v) in words {
            let b = w.as_bytes();
            if b.is_empty() || b.len() > LONGEST || !b.iter().all(u8::is_ascii_alphanumeric) {
                return None;
            }
            let key = pack(b);
            if seen.insert(key) {
                items.push((bucket(b), key, v));
            }
        }
        if items.len() > usize::from(u16::MAX) {
            return None;
        }
        // A stable sort keeps the order of first appearance within a bucket.
        items.sort_by_key(|&(b, _, _)| b);
        let mut starts = vec![0u16; BUCKETS + 1];
        for &(b, _, _) in &items {
            starts[b + 1] += 1;
        }
        for b in 0..BUCKETS {
            starts[b + 1] += starts[b];
        }
        Some(WordTable { entries: items.into_iter().map(|(_, k, v)| (k, v)).collect(), starts })
    }

    /// A table with no words.
    pub(crate) fn empty() -> WordTable<V> {
        WordTable { entries: Vec::new(), starts: vec![0; BUCKETS + 1] }
    }

    /// The value of `word` (any case).
    #[inline]
    pub(crate) fn get(&self, word: &[u8]) -> Option<V> {
        if word.is_empty() || word.len() > LONGEST {
            return None;
        }
        let b = bucket(word);
        let (start, end) = (usize::from(self.starts[b]), usize::from(self.starts[b + 1]));
        // Inlined up to here: most words stop at an empty bucket.
        if start == end {
            return None;
        }
        self.find(word, start, end)
    }

    fn find(&self, word: &[u8], start: usize, end: usize) -> Option<V> {
        let key = pack(word);
        self.entries[start..end].iter().find(|(k, _)| *k == key).map(|&(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_found_in_any_case_and_only_whole() {
        let t = WordTable::new([("may", 5), ("monday", 1), ("q1", 9), ("may", 7)]).unwrap();
        assert_eq!(t.get(b"May"), Some(5), "the first value of a word is kept");
        assert_eq!(t.get(b"MONDAY"), Some(1));
        assert_eq!(t.get(b"Q1"), Some(9));
        assert_eq!(t.get(b"ma"), None);
        assert_eq!(t.get(b"mayo"), None);
        assert_eq!(t.get(b"m_y"), None);
        assert_eq!(t.get(b""), None);
        assert_eq!(t.get(b"mondaymondaymonday"), None);
        assert_eq!(WordTable::<u8>::empty().get(b"may"), None);
    }

    #[test]
    fn other_words_are_refused() {
        assert!(WordTable::new([("half a", 1)]).is_none());
        assert!(WordTable::new([("", 1)]).is_none());
        assert!(WordTable::new([("dix-huit", 1)]).is_none());
    }
}
