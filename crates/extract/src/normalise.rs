//! Text normalisation: the one text every offset points into.
//!
//! News arrives with curly quotes, non-breaking spaces, Windows line endings and stray
//! zero-width characters. Lexicon matching and sentence splitting are simpler and
//! faster on one canonical form, so the extractor works on (and returns) this form:
//!
//! - Unicode NFC (composed accents, so "é" is one character however it arrived);
//! - typographic single quotes and apostrophes become `'`, double quotes become `"`;
//! - every kind of space becomes a plain space, runs of spaces collapse to one;
//! - `\r\n` and `\r` become `\n`; spaces at line ends go; more than one blank line
//!   becomes one blank line (a paragraph break); zero-width characters vanish.
//!
//! Dashes and all other characters are kept as they are.

use std::borrow::Cow;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::bytes8::{self, equal, in_range, HIGHS};

/// Returns the normalised form of `raw`.
///
/// ```
/// use sitrep_extract::normalise::normalise;
/// assert_eq!(normalise("Russia\u{2019}s  \u{201c}war\u{201d}\r\n"), "Russia's \"war\"");
/// ```
pub fn normalise(raw: &str) -> String {
    let unified: Cow<str> =
        if raw.contains('\r') { Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n")) } else { Cow::Borrowed(raw) };
    // ASCII text is NFC as it is; the (vectorised) ASCII test is far cheaper than
    // decoding every character for the quick check.
    let composed: Cow<str> = if unified.is_ascii() {
        unified
    } else {
        match is_nfc_quick(unified.chars()) {
            IsNormalized::Yes => unified,
            _ => Cow::Owned(unified.nfc().collect()),
        }
    };
    let mut out = String::with_capacity(composed.len());
    let mut pending_space = false;
    let mut newlines = 0usize;
    let mut rest = composed.as_ref();
    while !rest.is_empty() {
        // Runs of printable ASCII need no change: copy them whole, single spaces and
        // single line breaks between words included (they would be written back as they
        // are), so most text is copied a paragraph at a time rather than a word or a
        // hard-wrapped line at a time.
        let plain = plain_run(rest.as_bytes());
        if plain > 0 {
            separate(&mut out, &mut pending_space, &mut newlines);
            out.push_str(&rest[..plain]);
            rest = &rest[plain..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        rest = &rest[c.len_utf8()..];
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => '"',
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => continue,
            '\n' => '\n',
            c if c.is_whitespace() || c.is_control() => ' ',
            c => c,
        };
        match c {
            ' ' => pending_space = true,
            '\n' => {
                pending_space = false;
                newlines += 1;
            }
            c => {
                separate(&mut out, &mut pending_space, &mut newlines);
                out.push(c);
            }
        }
    }
    out
}

/// Length of the run of bytes at the start of `bytes` that normalisation keeps as they
/// are: printable ASCII other than the backtick, and single spaces or line breaks between
/// such bytes. Empty unless the first byte is printable.
fn plain_run(bytes: &[u8]) -> usize {
    let kept = |b: u8| b.is_ascii_graphic() && b != b'`';
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time where they all stay (most of any text); the byte before
        // the eight is always a kept one here (a separator is only taken with the kept
        // byte after it).
        if i > 0 {
            if let Some(word) = bytes8::load(bytes, i) {
                if plain_chunk(word) {
                    i += 8;
                    continue;
                }
            }
        }
        if kept(bytes[i]) {
            i += 1;
        } else if matches!(bytes[i], b' ' | b'\n') && i > 0 && bytes.get(i + 1).is_some_and(|&b| kept(b)) {
            i += 2;
        } else {
            break;
        }
    }
    i
}

/// Whether eight bytes (little-endian in `word`) that follow a kept byte all stay as
/// they are: printable ASCII but the backtick, or a space or line break followed by such
/// a byte within the eight.
fn plain_chunk(word: u64) -> bool {
    let kept = in_range(word, 0x21, 0x7E) & !equal(word, b'`');
    let separators = equal(word, b' ') | equal(word, b'\n');
    (kept | separators) == HIGHS && separators & (separators >> 8) == 0 && separators >> 56 == 0
}

/// Writes the whitespace pending before the next visible character: one paragraph break
/// for two or more line breaks, one line break, or one space.
fn separate(out: &mut String, pending_space: &mut bool, newlines: &mut usize) {
    if !out.is_empty() {
        if *newlines > 0 {
            out.push_str(if *newlines >= 2 { "\n\n" } else { "\n" });
        } else if *pending_space {
            out.push(' ');
        }
    }
    *pending_space = false;
    *newlines = 0;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_spaces_are_canonical() {
        assert_eq!(normalise("\u{2018}ready\u{2019}\u{00A0}to\tfight"), "'ready' to fight");
        assert_eq!(normalise("  lead   space "), "lead space");
    }

    #[test]
    fn paragraph_breaks_are_kept_once() {
        assert_eq!(normalise("One.\n\n\n\nTwo.\nThree."), "One.\n\nTwo.\nThree.");
        assert_eq!(normalise("One.\r\nTwo.\r\n\r\nThree."), "One.\nTwo.\n\nThree.");
        assert_eq!(normalise("Line  \n  next"), "Line\nnext");
    }

    #[test]
    fn decomposed_accents_are_composed() {
        assert_eq!(normalise("e\u{0301}"), "\u{00E9}");
    }

    #[test]
    fn plain_runs_keep_single_spaces_only() {
        assert_eq!(plain_run(b"a b  c"), 3);
        assert_eq!(plain_run(b" a b"), 0);
        assert_eq!(plain_run(b"ab c`d"), 4);
        assert_eq!(plain_run(b"a\nb \nc"), 3);
        assert_eq!(plain_run(b"\na"), 0);
        assert_eq!(normalise("a b  c \u{2019}d e\n f"), "a b c 'd e\nf");
    }

    #[test]
    fn eight_byte_steps_keep_what_single_bytes_keep() {
        // Random mixes of kept bytes, spaces, a backtick, control bytes, DEL and
        // non-ASCII bytes after a kept first byte: the chunked run must end where a
        // byte-by-byte scan ends.
        let alphabet: &[u8] = b"a  `\t\n\n\x7f\xc3~!\x1f\x80\x0b";
        let byte_run = |bytes: &[u8]| {
            let kept = |b: u8| b.is_ascii_graphic() && b != b'`';
            let mut i = 0;
            while i < bytes.len() {
                if kept(bytes[i]) {
                    i += 1;
                } else if matches!(bytes[i], b' ' | b'\n') && i > 0 && bytes.get(i + 1).is_some_and(|&b| kept(b)) {
                    i += 2;
                } else {
                    break;
                }
            }
            i
        };
        let mut state = 12345u64;
        for _ in 0..20_000 {
            let mut bytes = vec![b'x'];
            for _ in 0..10 {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                bytes.push(alphabet[(state >> 33) as usize % alphabet.len()]);
            }
            assert_eq!(plain_run(&bytes), byte_run(&bytes), "{bytes:?}");
        }
        assert!(plain_chunk(u64::from_le_bytes(*b"ab cd ef")));
        assert!(!plain_chunk(u64::from_le_bytes(*b"ab  cdef")));
        assert!(!plain_chunk(u64::from_le_bytes(*b"abcdefg ")));
        assert!(!plain_chunk(u64::from_le_bytes(*b"abc`defg")));
        assert!(plain_chunk(u64::from_le_bytes(*b"ab\ncd ef")));
        assert!(!plain_chunk(u64::from_le_bytes(*b"ab \ncdef")));
        assert!(!plain_chunk(u64::from_le_bytes(*b"ab\n\ncdef")));
        assert!(!plain_chunk(u64::from_le_bytes(*b"abcdefg\n")));
    }

    #[test]
    fn zero_width_characters_vanish() {
        assert_eq!(normalise("Ky\u{200B}iv"), "Kyiv");
    }
}
