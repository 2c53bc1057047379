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
        // Runs of printable ASCII need no change: copy them whole, single spaces between
        // words included (they would be written back as they are), so most text is
        // copied a sentence at a time rather than a word at a time.
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
/// are: printable ASCII other than the backtick, and single spaces between such bytes.
/// Empty unless the first byte is printable.
fn plain_run(bytes: &[u8]) -> usize {
    let kept = |b: u8| b.is_ascii_graphic() && b != b'`';
    let mut i = 0;
    while i < bytes.len() {
        if kept(bytes[i]) {
            i += 1;
        } else if bytes[i] == b' ' && i > 0 && bytes.get(i + 1).is_some_and(|&b| kept(b)) {
            i += 2;
        } else {
            break;
        }
    }
    i
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
        assert_eq!(normalise("a b  c \u{2019}d e\n f"), "a b c 'd e\nf");
    }

    #[test]
    fn zero_width_characters_vanish() {
        assert_eq!(normalise("Ky\u{200B}iv"), "Kyiv");
    }
}
