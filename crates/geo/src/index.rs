//! A compact string-keyed multimap from folded names to entry indices.
//!
//! All keys live in one arena string and all postings in one `Vec<u32>`; the
//! table itself is open addressing with linear probing over slots that hold
//! the keys' records, beside one control byte per slot (a piece of the key's
//! hash, 0 for an empty slot). For the embedded gazetteer (~290,000 keys) the
//! index takes about 14 MB, roughly half of a `HashMap<String, Vec<u32>>`,
//! and builds without one allocation per key.
//!
//! Most names looked up in text are not in the gazetteer: their probe reads
//! only the control bytes, a table of 0.5 MB that stays in cache far better than
//! the slots (8 MB); a name that is there costs one read of its slot, then
//! its text and postings.

/// Set on a posting when the key is the entry's main name, not an alias.
pub(crate) const PRIMARY: u32 = 1 << 31;

#[derive(Debug, Clone, Copy)]
struct Key {
    start: u32,
    len: u32,
    post_start: u32,
    post_len: u32,
}

#[derive(Debug, Default)]
pub(crate) struct KeyIndex {
    /// Per slot: 0 when empty, else the key's [`control`] byte, which spares
    /// nearly all reads of slots that hold other keys.
    control: Vec<u8>,
    /// The key in each slot whose control byte is not 0.
    slots: Vec<Key>,
    /// `64 - log2(slots.len())`: the slot is taken from the hash's high bits.
    shift: u32,
    /// Number of keys.
    len: usize,
    arena: String,
    /// Entry indices, each possibly with [`PRIMARY`] set, grouped by key.
    postings: Vec<u32>,
    max_words: usize,
}

#[inline]
fn hash(key: &str) -> u64 {
    // FxHash-style multiply-rotate: fast, deterministic, good enough for a
    // fixed table of place names.
    let mut h: u64 = 0;
    let mut chunks = key.as_bytes().chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    // Finalise so that both the high bits (slot) and the low bits (tag) mix all input.
    h = (h ^ (h >> 32)).wrapping_mul(0x9e_37_79_b9_7f_4a_7c_15);
    h ^ (h >> 29)
}

/// A key's control byte: 8 low bits of its hash (the slot comes from the high
/// ones), never 0.
#[inline]
fn control(h: u64) -> u8 {
    (h as u8).max(1)
}

/// One name of one entry, before the keys are deduplicated.
#[derive(Debug, Clone, Copy, Default)]
struct Rec {
    hash: u64,
    start: u32,
    len: u32,
    /// Entry index, with [`PRIMARY`] set for a main name.
    posting: u32,
    /// Number of space-separated words.
    words: u32,
}

/// Collects folded names, then freezes them into a [`KeyIndex`].
///
/// Names are inserted in the order of their home slot (after a radix sort),
/// so that filling the table walks memory forwards instead of jumping
/// around it: random inserts into a table of several MB are dominated by
/// cache and TLB misses.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    arena: String,
    recs: Vec<Rec>,
}

impl Builder {
    /// `expected_names` is a capacity hint.
    pub(crate) fn new(expected_names: usize) -> Builder {
        Builder { arena: String::with_capacity(expected_names * 12), recs: Vec::with_capacity(expected_names) }
    }

    /// The arena to fold the next key into: call [`Builder::push`] after
    /// appending the folded name to it.
    pub(crate) fn arena(&mut self) -> &mut String {
        &mut self.arena
    }

    /// Records the key appended to the arena since `start` (ignored if empty).
    pub(crate) fn push(&mut self, start: usize, entry: u32, primary: bool) {
        let key = &self.arena[start..];
        if key.is_empty() {
            return;
        }
        self.recs.push(Rec {
            hash: hash(key),
            start: start as u32,
            len: key.len() as u32,
            posting: if primary { entry | PRIMARY } else { entry },
            words: key.bytes().filter(|&b| b == b' ').count() as u32 + 1,
        });
    }

    /// Adds `entry` under the folded `key` (ignored if empty).
    #[cfg(test)]
    pub(crate) fn add(&mut self, key: &str, entry: u32, primary: bool) {
        let start = self.arena.len();
        self.arena.push_str(key);
        self.push(start, entry, primary);
    }

    pub(crate) fn finish(self) -> KeyIndex {
        let Builder { arena, mut recs } = self;
        // Load factor between 1/3 and 2/3: control bytes keep the probes cheap.
        let cap = (recs.len().max(4) * 3 / 2).next_power_of_two();
        let bits = cap.trailing_zeros();
        let shift = 64 - bits;
        radix_sort_by_slot(&mut recs, shift, bits);

        let empty = Key { start: 0, len: 0, post_start: 0, post_len: 0 };
        let mut index = KeyIndex {
            control: vec![0; cap],
            slots: vec![empty; cap],
            shift,
            len: 0,
            arena,
            postings: Vec::new(),
            max_words: 0,
        };
        // (slot, posting) pairs; `last` keeps one posting per entry and key.
        let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(recs.len());
        let mut last: Vec<u32> = vec![u32::MAX; cap];
        for r in &recs {
            // Only a control byte match reads the arena: these reads are in random order.
            let bytes = index.arena.as_bytes();
            let key = &bytes[r.start as usize..(r.start + r.len) as usize];
            let slot = match index.find_by(r.hash, |k| &bytes[k.start as usize..(k.start + k.len) as usize] == key) {
                Ok(slot) => slot,
                Err(slot) => {
                    index.control[slot] = control(r.hash);
                    index.slots[slot] = Key { start: r.start, len: r.len, post_start: 0, post_len: 0 };
                    index.len += 1;
                    index.max_words = index.max_words.max(r.words as usize);
                    slot
                }
            } as u32;
            let entry = r.posting & !PRIMARY;
            if last[slot as usize] == entry {
                // The same entry again under the same key: one posting, primary if either is.
                if let Some(p) = pairs.iter_mut().rev().find(|p| p.0 == slot && p.1 & !PRIMARY == entry) {
                    p.1 |= r.posting & PRIMARY;
                }
                continue;
            }
            last[slot as usize] = entry;
            pairs.push((slot, r.posting));
        }
        drop(recs);
        drop(last);

        // Counting sort of the pairs by slot; postings keep entry order.
        for &(slot, _) in &pairs {
            index.slots[slot as usize].post_len += 1;
        }
        let mut next = 0u32;
        for key in &mut index.slots {
            key.post_start = next;
            next += key.post_len;
        }
        let mut fill: Vec<u32> = index.slots.iter().map(|k| k.post_start).collect();
        index.postings = vec![0; pairs.len()];
        for (slot, p) in pairs {
            let at = &mut fill[slot as usize];
            index.postings[*at as usize] = p;
            *at += 1;
        }
        index.arena.shrink_to_fit();
        index
    }
}

/// Stable LSD radix sort of `recs` by home slot (`hash >> shift`, `bits` wide).
fn radix_sort_by_slot(recs: &mut Vec<Rec>, shift: u32, bits: u32) {
    const DIGIT: u32 = 11;
    let mut scratch = vec![Rec::default(); recs.len()];
    let mut low = 0;
    while low < bits {
        let width = DIGIT.min(bits - low);
        let mask = (1usize << width) - 1;
        let digit = |r: &Rec| ((r.hash >> shift) as usize >> low) & mask;
        let mut counts = vec![0usize; mask + 2];
        for r in recs.iter() {
            counts[digit(r) + 1] += 1;
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        for r in recs.iter() {
            let d = digit(r);
            scratch[counts[d]] = *r;
            counts[d] += 1;
        }
        std::mem::swap(recs, &mut scratch);
        low += width;
    }
}

impl KeyIndex {
    /// `Ok(slot)` of `key` if present, else `Err(empty slot where it would go)`.
    fn find(&self, key: &str, h: u64) -> Result<usize, usize> {
        let bytes = self.arena.as_bytes();
        self.find_by(h, |k| &bytes[k.start as usize..(k.start + k.len) as usize] == key.as_bytes())
    }

    /// Probes for hash `h`; `same` compares a stored key of the same control byte.
    #[inline]
    fn find_by(&self, h: u64, same: impl Fn(&Key) -> bool) -> Result<usize, usize> {
        let mask = self.control.len() - 1;
        let want = control(h);
        let mut i = (h >> self.shift) as usize;
        loop {
            match self.control[i] {
                0 => return Err(i),
                c if c == want && same(&self.slots[i]) => return Ok(i),
                _ => {}
            }
            i = (i + 1) & mask;
        }
    }

    /// Postings of a folded key (empty if absent).
    pub(crate) fn get(&self, key: &str) -> &[u32] {
        if self.control.is_empty() {
            return &[];
        }
        match self.find(key, hash(key)) {
            Ok(slot) => {
                let k = &self.slots[slot];
                &self.postings[k.post_start as usize..(k.post_start + k.post_len) as usize]
            }
            Err(_) => &[],
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn max_words(&self) -> usize {
        self.max_words
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.control.capacity()
            + self.slots.capacity() * std::mem::size_of::<Key>()
            + self.arena.capacity()
            + self.postings.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_postings_by_key() {
        let mut b = Builder::new(1);
        for i in 0..100u32 {
            b.add(&format!("key {}", i % 37), i, i % 2 == 0);
        }
        b.add("key 0", 99, true);
        b.add("", 5, true);
        let ix = b.finish();
        assert_eq!(ix.len(), 37);
        assert_eq!(ix.max_words(), 2);
        let p = ix.get("key 3");
        assert_eq!(p, &[3, 40 | PRIMARY, 77]);
        assert_eq!(ix.get("key 0"), &[PRIMARY, 37, 74 | PRIMARY, 99 | PRIMARY]);
        assert!(ix.get("key 99").is_empty());
        assert!(ix.get("").is_empty());
    }

    #[test]
    fn same_entry_twice_gives_one_posting() {
        let mut b = Builder::new(4);
        b.add("kiev", 7, false);
        b.add("kiev", 7, true);
        b.add("kiev", 8, false);
        b.add("kiev", 8, false);
        let ix = b.finish();
        assert_eq!(ix.get("kiev"), &[7 | PRIMARY, 8]);
    }

    #[test]
    fn empty_index_finds_nothing() {
        let ix = KeyIndex::default();
        assert!(ix.get("kyiv").is_empty());
    }
}
