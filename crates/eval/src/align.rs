//! Offsets between a benchmark's raw text and sitrep's normalised text.
//!
//! Benchmarks give spans as character offsets into their own text; sitrep gives byte
//! offsets into the text after [`normalise`](sitrep_extract::normalise::normalise) (NFC,
//! canonical quotes, collapsed spaces, no zero-width characters). An [`Alignment`] walks
//! both texts once, knowing those rules, and maps every raw character to the byte where
//! its normalised form starts, so gold spans can be moved into the system's text (and
//! system spans back).
//!
//! ```
//! use sitrep_eval::align::Alignment;
//! let raw = "Seoul\u{2019}s  \u{201c}war\u{201d}";
//! let norm = sitrep_extract::normalise::normalise(raw);
//! assert_eq!(norm, "Seoul's \"war\"");
//! let a = Alignment::new(raw, &norm);
//! assert!(a.exact());
//! // Raw characters 10..13 are "war"; in the normalised text they are bytes 9..12.
//! assert_eq!(a.char_span(10, 13), Some((9, 12)));
//! ```

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A map from raw characters to normalised bytes.
#[derive(Debug, Clone)]
pub struct Alignment {
    /// `starts[i]`: normalised byte offset of raw character `i`'s output (or of the next
    /// output, for a character that normalisation dropped); `starts[n]` = normalised length.
    starts: Vec<usize>,
    /// `ends[i]`: normalised byte offset just after raw character `i`'s output (equal to
    /// `starts[i]` for a dropped character).
    ends: Vec<usize>,
    /// Byte offset in the raw text of each raw character, plus the raw length.
    raw_bytes: Vec<usize>,
    /// Raw characters that could not be matched to the normalised text one to one.
    pub mismatches: usize,
    norm_len: usize,
}

/// Whether `c` is dropped by normalisation wherever it occurs.
fn vanishes(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// Whether normalisation turns raw `c` into `d`.
fn same(c: char, d: char) -> bool {
    if c == d {
        return true;
    }
    match d {
        '\'' => matches!(c, '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`'),
        '"' => matches!(c, '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}'),
        ' ' | '\n' => c.is_whitespace() || c.is_control(),
        _ => false,
    }
}

impl Alignment {
    /// Aligns `raw` with `norm`, its normalised form.
    pub fn new(raw: &str, norm: &str) -> Alignment {
        let n = raw.chars().count();
        let mut starts = Vec::with_capacity(n + 1);
        let mut ends = Vec::with_capacity(n + 1);
        let mut raw_bytes = Vec::with_capacity(n + 1);
        let mut mismatches = 0;
        let mut j = 0usize;
        for (b, c) in raw.char_indices() {
            raw_bytes.push(b);
            starts.push(j);
            match norm[j..].chars().next() {
                // A run of blanks is one character in the normalised text: the first raw
                // blank takes it, the rest vanish.
                Some(d) if same(c, d) => j += d.len_utf8(),
                _ if vanishes(c) || c.is_whitespace() || c.is_control() || is_combining_mark(c) => {}
                Some(d) if !d.is_whitespace() => {
                    // NFC composed `c` with the marks after it into `d`, or something not
                    // modelled here changed it: take one for one, and count the latter.
                    let marks: String = std::iter::once(c)
                        .chain(raw[b + c.len_utf8()..].chars().take_while(|&m| is_combining_mark(m)))
                        .collect();
                    if marks.nfc().next() != Some(d) {
                        mismatches += 1;
                    }
                    j += d.len_utf8();
                }
                _ => mismatches += 1,
            }
            ends.push(j);
        }
        raw_bytes.push(raw.len());
        starts.push(j);
        ends.push(j);
        if j != norm.len() {
            mismatches += 1;
        }
        Alignment { starts, ends, raw_bytes, mismatches, norm_len: norm.len() }
    }

    /// Whether every raw character found its place (no guessing was needed).
    pub fn exact(&self) -> bool {
        self.mismatches == 0
    }

    /// Number of raw characters.
    pub fn raw_chars(&self) -> usize {
        self.starts.len() - 1
    }

    /// The normalised byte span of raw characters `start..end`, trimmed of characters
    /// that normalisation dropped; `None` when the range is out of bounds or empty after
    /// normalisation.
    pub fn char_span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if start >= end || end > self.raw_chars() {
            return None;
        }
        let s = self.starts[start];
        let e = self.ends[end - 1];
        // A span ending in dropped characters ends where its last kept character ends.
        let e = (start..end).rev().map(|i| self.ends[i]).find(|&x| x > s).unwrap_or(e);
        (e > s).then_some((s, e.min(self.norm_len)))
    }

    /// The normalised byte span of raw bytes `start..end` (each on a character boundary).
    pub fn byte_span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let s = self.raw_bytes.binary_search(&start).ok()?;
        let e = self.raw_bytes.binary_search(&end).ok()?;
        self.char_span(s, e)
    }

    /// The raw character index whose output holds normalised byte `pos` (the first raw
    /// character at or after it).
    pub fn raw_char_at(&self, pos: usize) -> usize {
        self.starts.partition_point(|&s| s < pos).min(self.raw_chars())
    }
}

/// Character offset → byte offset table of a string (with the length at the end).
pub fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_extract::normalise::normalise;

    fn check(raw: &str) -> (String, Alignment) {
        let norm = normalise(raw);
        let a = Alignment::new(raw, &norm);
        (norm, a)
    }

    #[test]
    fn identical_text_maps_one_to_one() {
        let (norm, a) = check("Leeds beat Arsenal .");
        assert!(a.exact());
        assert_eq!(a.char_span(0, 5), Some((0, 5)));
        assert_eq!(&norm[11..18], "Arsenal");
        assert_eq!(a.char_span(11, 18), Some((11, 18)));
    }

    #[test]
    fn collapsed_spaces_and_line_breaks_move_later_spans() {
        let raw = "  One  two\r\n\r\n\r\nthree  ";
        let (norm, a) = check(raw);
        assert_eq!(norm, "One two\n\nthree");
        assert!(a.exact(), "{a:?}");
        assert_eq!(a.char_span(2, 5), Some((0, 3)));
        assert_eq!(a.char_span(7, 10), Some((4, 7)));
        let three = raw.find("three").unwrap();
        assert_eq!(a.char_span(three, three + 5), Some((9, 14)));
        // A span that ends in dropped blanks ends at its last kept character.
        assert_eq!(a.char_span(2, 7), Some((0, 4)));
        assert_eq!(a.char_span(5, 7), Some((3, 4)));
    }

    #[test]
    fn quotes_zero_width_and_multibyte_characters() {
        let raw = "\u{201c}Kyi\u{200b}v\u{201d} and Zürich";
        let (norm, a) = check(raw);
        assert_eq!(norm, "\"Kyiv\" and Zürich");
        assert!(a.exact());
        assert_eq!(a.char_span(1, 6), Some((1, 5)));
        assert_eq!(a.char_span(1, 5), Some((1, 4)));
        let z = raw.chars().count() - 6;
        let (s, e) = a.char_span(z, z + 6).unwrap();
        assert_eq!(&norm[s..e], "Zürich");
    }

    #[test]
    fn decomposed_accents_compose() {
        let raw = "Zu\u{0308}rich is in Switzerland";
        let (norm, a) = check(raw);
        assert_eq!(norm, "Zürich is in Switzerland");
        let (s, e) = a.char_span(0, 7).unwrap();
        assert_eq!(&norm[s..e], "Zürich");
        let (s, e) = a.char_span(11, 13).unwrap();
        assert_eq!(&norm[s..e], "in");
    }

    #[test]
    fn byte_spans_and_back() {
        let raw = "Café  in Kyiv";
        let (norm, a) = check(raw);
        let b = raw.find("Kyiv").unwrap();
        let (s, e) = a.byte_span(b, b + 4).unwrap();
        assert_eq!(&norm[s..e], "Kyiv");
        assert_eq!(a.raw_char_at(s), raw[..b].chars().count());
        assert_eq!(char_to_byte("aé b"), vec![0, 1, 3, 4, 5]);
    }
}
