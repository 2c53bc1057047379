//! Segmentation: tokens and sentences with byte offsets into the normalised text.
//!
//! Tokens are words (letters and digits, with inner hyphens and apostrophes:
//! "full-scale", "al-Burhan", "d'Ivoire"), dotted acronyms ("U.S.", "U.N."), numbers
//! ("2,600", "1.5", "20bn"), the possessive "'s", and single punctuation marks.
//!
//! Sentences end at `.`, `!` or `?` (with any closing quotes or brackets) when what
//! follows starts a new sentence, but not after abbreviations ("Gen.", "Jan.", "No."),
//! initials ("John F. Kennedy") or inside numbers. A blank line always ends a sentence;
//! a single line break ends one when the line has no final stop and reads as a headline
//! or subheading, but not in hard-wrapped wire text. A wire dateline such as
//! "KYIV, Oct 22 (Reuters) -" becomes a segment of its own.

use std::sync::LazyLock;

use regex::Regex;
use sitrep_lexicon::NameWords;

use crate::bytes8;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

/// One token: `text[start..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl Token {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// The largest char boundary of `text` at or before `i` (for windows cut by length).
pub fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    while i < text.len() {
        // ASCII bytes are classified without decoding a char: most text is ASCII.
        let b = bytes[i];
        if b.is_ascii() {
            if matches!(b, b' ' | b'\n' | b'\t' | b'\r' | b'\x0B' | b'\x0C') {
                i += 1;
            } else if b.is_ascii_digit() {
                let end = number_end(bytes, i);
                tokens.push(Token { start: i, end, kind: TokenKind::Number });
                i = skip_space(bytes, end);
            } else if b.is_ascii_alphabetic() {
                let end = word_end(text, i);
                tokens.push(Token { start: i, end, kind: TokenKind::Word });
                i = skip_space(bytes, end);
            } else if b == b'\'' && starts_possessive(bytes, i) {
                tokens.push(Token { start: i, end: i + 2, kind: TokenKind::Word });
                i += 2;
            } else {
                tokens.push(Token { start: i, end: i + 1, kind: TokenKind::Punct });
                i += 1;
            }
            continue;
        }
        // A char of two or more bytes: never a digit or an apostrophe, which are ASCII.
        let c = char_at(text, i);
        let len = c.len_utf8();
        if c.is_whitespace() {
            i += len;
        } else if c.is_alphanumeric() {
            let end = word_end(text, i);
            tokens.push(Token { start: i, end, kind: TokenKind::Word });
            i = end;
        } else {
            tokens.push(Token { start: i, end: i + len, kind: TokenKind::Punct });
            i += len;
        }
    }
    tokens
}

/// Past the one space that most often follows a word (saves a turn of the token loop).
#[inline]
fn skip_space(bytes: &[u8], i: usize) -> usize {
    if bytes.get(i) == Some(&b' ') {
        i + 1
    } else {
        i
    }
}

/// The char at byte `i`; ASCII without decoding, as most text is ASCII and this runs on
/// every byte.
fn char_at(text: &str, i: usize) -> char {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => char::from(b),
        _ => text[i..].chars().next().unwrap_or(' '),
    }
}

/// `'s` or `'S` closing a word ("Russia's"), not an opening quote.
fn starts_possessive(bytes: &[u8], i: usize) -> bool {
    i > 0
        && bytes[i - 1].is_ascii_alphanumeric()
        && matches!(bytes.get(i + 1), Some(b's' | b'S'))
        && !bytes.get(i + 2).is_some_and(|b| b.is_ascii_alphanumeric())
}

/// End of a number starting at `i`: digits with inner `,` or `.` before a digit, and
/// a directly attached suffix of letters ("20bn", "300m", "2nd").
fn number_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        let b = bytes[i];
        let inner_separator = (b == b',' || b == b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !(b.is_ascii_digit() || inner_separator) {
            break;
        }
        i += 1;
    }
    while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
        i += 1;
    }
    i
}

/// End of a word starting at `i`: alphanumerics, with inner hyphens and apostrophes
/// followed by a letter (but not the possessive "'s"), and dotted acronyms ("U.S.").
#[inline]
fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    // Dotted acronym: a letter, a stop, a letter, a stop, ... (the stop after the first
    // letter is tested here: most words have none).
    if bytes.get(start + 1) == Some(&b'.') {
        if let Some(end) = dotted_acronym_end(bytes, start) {
            return end;
        }
    }
    let mut i = start;
    loop {
        // Runs of ASCII letters and digits: eight bytes at a time (most words end within
        // the first eight), then one table load per byte near the end of the text.
        while let Some(word) = bytes8::load(bytes, i) {
            let n = bytes8::alnum_prefix(word);
            i += n;
            if n < 8 {
                break;
            }
        }
        while bytes.get(i).is_some_and(|&b| ASCII_ALNUM[usize::from(b)]) {
            i += 1;
        }
        let Some(&b) = bytes.get(i) else { break };
        if b >= 0x80 {
            let c = char_at(text, i);
            if !c.is_alphanumeric() {
                break;
            }
            i += c.len_utf8();
        } else if (b == b'-' || b == b'\'') && i + 1 < text.len() {
            let next = char_at(text, i + 1);
            if !next.is_alphanumeric() || (b == b'\'' && starts_possessive(bytes, i)) {
                break;
            }
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// Whether each byte is an ASCII letter or digit.
static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

fn dotted_acronym_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    let mut letters = 0;
    while i + 1 < bytes.len() && bytes[i].is_ascii_alphabetic() && bytes[i + 1] == b'.' {
        letters += 1;
        i += 2;
    }
    let next_is_word = bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric());
    (letters >= 2 && !next_is_word).then_some(i)
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[A-Z][A-Z'.\- ]{1,40}(?:, [A-Za-z][A-Za-z.]*(?: [A-Za-z.]+)?)?(?:,? [A-Za-z]{3,9}\.? \d{1,2})?(?: \([A-Za-z][A-Za-z .&-]{0,30}\))? ?[-\u{2013}\u{2014}] ",
    )
    .expect("dateline pattern")
});

/// Sentence spans `(start, end)` of `text`, trimmed, in order.
pub fn sentences(text: &str, tokens: &[Token], words: &NameWords) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let first = *start.get_or_insert(t.start);
        if first == t.start {
            if let Some(end) = dateline_end(text, t.start) {
                // The dateline is a segment of its own; skip its tokens.
                spans.push((t.start, end));
                start = None;
                while i < tokens.len() && tokens[i].start < end {
                    i += 1;
                }
                continue;
            }
        }
        let mut end_here = None;
        let stop = t.end - t.start == 1 && matches!(text.as_bytes()[t.start], b'.' | b'!' | b'?');
        if t.kind == TokenKind::Punct && stop {
            let mut j = i + 1;
            let mut end = t.end;
            while j < tokens.len() && tokens[j].start == end && is_closing(&text[tokens[j].start..tokens[j].end]) {
                end = tokens[j].end;
                j += 1;
            }
            if ends_sentence(text, tokens, i, j, words) {
                end_here = Some((end, j));
            }
        } else if t.kind == TokenKind::Word && t.end - t.start > 2 && text.as_bytes()[t.end - 1] == b'.' {
            // "... to the U.S. The next day ...": an acronym's stop may end the sentence.
            if tokens.get(i + 1).is_some_and(|n| words.nonnames.contains(n.text(text)) && n.text(text) != "No")
                && !has_break(text, t.end, tokens[i + 1].start)
            {
                end_here = Some((t.end, i + 1));
            }
        }
        if end_here.is_none() {
            if let Some(next) = tokens.get(i + 1) {
                if line_break_ends(text, tokens, i, next.start) {
                    end_here = Some((t.end, i + 1));
                }
            }
        }
        match end_here {
            Some((end, next)) => {
                spans.push((first, end));
                start = None;
                i = next;
            }
            None => i = skip_inner(text.as_bytes(), tokens, i + 1),
        }
    }
    if let (Some(s), Some(last)) = (start, tokens.last()) {
        spans.push((s, last.end));
    }
    spans
}

/// The first token at or after `i`, inside a sentence already begun, that may end it: one
/// ending in `.`, `!` or `?` (a stop, or an acronym's dot), one followed by a gap that may
/// hold a line break, or the last token. The tokens skipped are those on which the loop in
/// [`sentences`] would do nothing, found here with a few byte tests each (most tokens).
fn skip_inner(bytes: &[u8], tokens: &[Token], mut i: usize) -> usize {
    while i + 1 < tokens.len() {
        let (end, next_start) = (tokens[i].end, tokens[i + 1].start);
        if matches!(bytes[end - 1], b'.' | b'!' | b'?') {
            break;
        }
        // A gap of none or one byte other than a line break holds no line break.
        if next_start > end && (next_start - end > 1 || bytes[end] == b'\n') {
            break;
        }
        i += 1;
    }
    i
}

fn is_closing(s: &str) -> bool {
    matches!(s, "\"" | "'" | ")" | "]")
}

fn has_break(text: &str, from: usize, to: usize) -> bool {
    text[from..to].contains('\n')
}

fn dateline_end(text: &str, at: usize) -> Option<usize> {
    let paragraph_start = at == 0 || text[..at].ends_with('\n');
    if !paragraph_start {
        return None;
    }
    // The pattern's first two characters, tested before the line is searched and matched.
    let bytes = text.as_bytes();
    let second_fits = |b: &u8| b.is_ascii_uppercase() || matches!(b, b'\'' | b'.' | b'-' | b' ');
    if !(bytes[at].is_ascii_uppercase() && bytes.get(at + 1).is_some_and(second_fits)) {
        return None;
    }
    let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
    let m = DATELINE.find(&text[at..line_end])?;
    // A dateline precedes more text on the same line, and is mostly upper case.
    let head = &text[at..at + m.end()];
    let upper = head.chars().take_while(|c| *c != ',' && *c != '(').filter(|c| c.is_lowercase()).count();
    (upper == 0 && at + m.end() < line_end).then(|| at + m.end() - 1)
}

/// Whether the stop at `tokens[stop]` (with closers up to `next`) ends the sentence.
fn ends_sentence(text: &str, tokens: &[Token], stop: usize, next: usize, words: &NameWords) -> bool {
    let Some(after) = tokens.get(next) else { return true };
    if has_break(text, tokens[stop].end, after.start) {
        return true;
    }
    if after.start == tokens[stop].end && text[tokens[stop].end..].starts_with('.') {
        // "..." or a stop glued to the next token is not an end.
        return false;
    }
    let punct = &text[tokens[stop].start..tokens[stop].end];
    if punct == "." && stop > 0 {
        let before = tokens[stop - 1];
        let word = before.text(text);
        let glued = before.end == tokens[stop].start;
        if glued && before.kind == TokenKind::Word {
            if words.abbreviations.contains(word) {
                return false;
            }
            // An initial: one capital letter ("John F. Kennedy").
            if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
                return false;
            }
        }
    }
    let first = char_at(text, after.start);
    first.is_uppercase() || first.is_ascii_digit() || matches!(first, '"' | '\'' | '(' | '[')
}

/// Whether a single line break between `tokens[i]` and the next token ends a sentence:
/// always after a blank line; after a short line with no final stop (a headline); never
/// inside hard-wrapped text, whose lines run on in lower case or after a comma.
fn line_break_ends(text: &str, tokens: &[Token], i: usize, next_start: usize) -> bool {
    // Bytes, not a `str` slice, whose ends would be checked as char boundaries; the gap
    // is one space or none for nearly every token, tested without a search call.
    let has_newline = match &text.as_bytes()[tokens[i].end..next_start] {
        [] => false,
        [b] => *b == b'\n',
        gap => gap.contains(&b'\n'),
    };
    if !has_newline {
        return false;
    }
    let gap = &text[tokens[i].end..next_start];
    if gap.contains("\n\n") {
        return true;
    }
    let last = tokens[i].text(text);
    if matches!(last, "," | "-" | "(" | "and" | "or" | "of" | "the" | "a" | "to" | "in") {
        return false;
    }
    let next_upper = char_at(text, next_start).is_uppercase();
    let line_start = text[..tokens[i].end].rfind('\n').map_or(0, |n| n + 1);
    let line_len = tokens[i].end - line_start;
    next_upper && line_len < 60
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> NameWords {
        NameWords::parse(include_str!("../../../lexicon/names.txt"), "names.txt").unwrap()
    }

    fn split(text: &str) -> Vec<&str> {
        let tokens = tokenize(text);
        sentences(text, &tokens, &words()).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    fn toks(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn tokens_keep_acronyms_numbers_and_possessives() {
        assert_eq!(toks("the U.S. sent 2,600 troops"), vec!["the", "U.S.", "sent", "2,600", "troops"]);
        assert_eq!(toks("Russia's full-scale war"), vec!["Russia", "'s", "full-scale", "war"]);
        assert_eq!(toks("$300m and 1.5 million"), vec!["$", "300m", "and", "1.5", "million"]);
        assert_eq!(toks("al-Burhan's 'ready'"), vec!["al-Burhan", "'s", "'", "ready", "'"]);
        assert_eq!(toks("Côte d'Ivoire"), vec!["Côte", "d'Ivoire"]);
    }

    #[test]
    fn eight_byte_runs_agree_with_single_bytes() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut chunk = *b"abcdefgh";
                chunk[at] = b;
                let expected = if b.is_ascii_alphanumeric() { 8 } else { at };
                assert_eq!(bytes8::alnum_prefix(u64::from_le_bytes(chunk)), expected, "byte {b} at {at}");
            }
        }
        assert_eq!(bytes8::alnum_prefix(u64::from_le_bytes(*b"Z09az AZ")), 5);
        assert_eq!(
            toks("internationally-recognised 1234567890abcdef x"),
            vec!["internationally-recognised", "1234567890abcdef", "x"]
        );
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_split() {
        assert_eq!(
            split("Gen. Oleksandr Syrskyi met Lt. Col. Smith on Jan. 5. They spoke."),
            vec!["Gen. Oleksandr Syrskyi met Lt. Col. Smith on Jan. 5.", "They spoke."]
        );
        assert_eq!(
            split("John F. Kennedy said 2.5 percent. No. 10 agreed."),
            vec!["John F. Kennedy said 2.5 percent.", "No. 10 agreed."]
        );
        assert_eq!(split("It reached the U.S. The talks ended."), vec!["It reached the U.S.", "The talks ended."]);
        assert_eq!(split("Officials in the U.S. Army said so."), vec!["Officials in the U.S. Army said so."]);
    }

    #[test]
    fn quotations_stay_with_their_sentence() {
        assert_eq!(
            split("He said: \"We will fight.\" Then he left."),
            vec!["He said: \"We will fight.\"", "Then he left."]
        );
        assert_eq!(split("\"Is it over?\" she asked. \"No.\""), vec!["\"Is it over?\" she asked.", "\"No.\""]);
    }

    #[test]
    fn headlines_and_paragraphs_are_their_own_sentences() {
        let text = "Troops enter border town\nThe army said on Monday that it had advanced.\n\nNo reason for concern?\nOfficials disagreed";
        assert_eq!(
            split(text),
            vec![
                "Troops enter border town",
                "The army said on Monday that it had advanced.",
                "No reason for concern?",
                "Officials disagreed"
            ]
        );
    }

    #[test]
    fn hard_wrapped_lines_run_on() {
        let text =
            "Showers continued throughout the week in the region, where\nfarmers said the harvest would be late.";
        assert_eq!(split(text).len(), 1);
    }

    #[test]
    fn datelines_are_split_off() {
        let text = "KYIV, Oct 22 (Reuters) - Ukraine said on Tuesday it had shot down 40 drones.";
        assert_eq!(
            split(text),
            vec!["KYIV, Oct 22 (Reuters) -", "Ukraine said on Tuesday it had shot down 40 drones."]
        );
        let plain = "GAZA (AP) - Israeli strikes hit the city.";
        assert_eq!(split(plain)[0], "GAZA (AP) -");
    }
}
