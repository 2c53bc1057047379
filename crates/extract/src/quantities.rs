//! Quantities: counted and measured amounts with their unit and approximation.
//!
//! "close to 11,000 North Korean troops" becomes `11000`, unit `troop`, `about`;
//! "over €20 billion" becomes `20000000000`, unit `EUR`, `at_least`; "hundreds of
//! civilians" becomes `100`, unit `civilian`, `at_least`.
//!
//! # How it works
//! One Aho-Corasick automaton finds the places where a number can start (a digit, a number
//! word, a scale word); everything else is read only around those places, without
//! allocating per token. At each place the tagger reads
//! 1. the number: digits with thousands separators and decimals ("2,600", "1.5"), number
//!    words ("twenty-four", "three hundred and five"), a scale ("million", "$300m",
//!    "two dozen", "half a million") or a vague plural ("tens of thousands of");
//! 2. an approximation marker after it ("1,000+", "500 or more") or a range ("3,000-5,000",
//!    "between 3 and 5 million": the lower bound, at least);
//! 3. its unit: a currency before it ("€", "US$", "EUR") or after it ("euros", "Canadian
//!    dollars"), else a counted noun after up to four modifier words (capitalised words,
//!    hyphenated words and model names, and the lexicon's `modifier` words);
//! 4. an approximation marker before it ("close to", "more than", "up to").
//!
//! A number with no unit is dropped, except a casualty figure ("killing 12", "12 were
//! killed": unit `person`). Numbers that name rather than count are dropped: those in the
//! caller's `exclude` ranges (dates), years (1900-2099 without a counted noun right after
//! them, or after "in", "since", ...), labels ("Resolution 2334", "No. 10", "November 12"),
//! model names ("F-16", "G7", "T-72"), ordinals ("2nd"), times ("10:30"), dates ("1/11"),
//! adjectival compounds ("12-year-old") and ratios ("one in five").
//!
//! All words come from `lexicon/quantities.txt` (see its header).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use sitrep_lexicon::quantities::ApproxKind;
use sitrep_lexicon::QuantityLexicon;
use sitrep_model::{Approx, Quantity, Sentence};

use crate::wordtable::{WordTable, LONGEST};

/// How many words may stand between a number and its counted noun ("11,000 North Korean
/// troops" has two).
const MAX_MODIFIERS: usize = 4;

/// Longest digit run read as a number; longer runs are identifiers.
const MAX_DIGITS: usize = 15;

/// Words that may follow a bare casualty figure after a casualty verb ("killing 12 in
/// Gaza", "killing 12 and wounding 30"). Any other lower-case word means the number counts
/// something else ("killed 12 years ago"). These are English function words, not lexicon.
const CASUALTY_FOLLOWERS: &[&str] = &[
    "and",
    "or",
    "in",
    "on",
    "at",
    "of",
    "including",
    "during",
    "near",
    "across",
    "while",
    "when",
    "after",
    "before",
    "with",
    "as",
    "since",
    "overnight",
    "yesterday",
    "today",
    "tonight",
    "more",
    "others",
    "other",
    "so",
    "but",
    "inside",
    "outside",
    "around",
    "along",
    "according",
    "this",
    "last",
    "earlier",
    "from",
    "by",
    "within",
    "over",
    "were",
    "was",
    "are",
    "have",
    "had",
    "among",
];

/// Finds quantities in a document. Compiled once from a [`QuantityLexicon`]; `Send + Sync`.
///
/// ```ignore
/// let tagger = QuantityTagger::new(&lexicon.quantities);
/// let qs = tagger.find(text, &sentences, &time_spans);
/// ```
pub struct QuantityTagger {
    triggers: AhoCorasick,
    numbers: Phrases<f64>,
    singular_scales: Phrases<f64>,
    plural_scales: Phrases<f64>,
    abbreviations: Phrases<f64>,
    leads: Phrases<(f64, ApproxKind)>,
    approx_before: Phrases<ApproxKind>,
    approx_after: Phrases<ApproxKind>,
    currency_before: Phrases<u32>,
    /// Currency index and whether the form is weak.
    currency_after: Phrases<(u32, bool)>,
    codes: Vec<String>,
    /// Unit index and whether the form is singular only (its plural is listed too).
    nouns: Phrases<(u32, bool)>,
    units: Vec<String>,
    casualty_before: Phrases<u32>,
    casualty_after: Phrases<u32>,
    modifiers: Phrases<()>,
    labels: Phrases<()>,
    money: Phrases<()>,
    year_cues: Phrases<()>,
    followers: Phrases<()>,
    of: Phrases<()>,
    between: Phrases<()>,
    from: Phrases<()>,
    range_words: Phrases<bool>,
    ratio_words: Phrases<()>,
}

impl QuantityTagger {
    /// Compiles the lexicon: phrase tables for every word class and the trigger automaton.
    pub fn new(lexicon: &QuantityLexicon) -> QuantityTagger {
        let mut numbers = Phrases::default();
        let mut singular_scales = Phrases::default();
        let mut plural_scales = Phrases::default();
        let mut abbreviations = Phrases::default();
        let mut trigger_words: Vec<String> = (0..10).map(|d| d.to_string()).collect();
        for n in &lexicon.numbers {
            for f in &n.forms {
                numbers.insert(f, n.value);
                trigger_words.push(f.to_lowercase());
            }
        }
        for s in &lexicon.scales {
            for f in &s.singular {
                singular_scales.insert(f, s.value);
                trigger_words.push(f.to_lowercase());
            }
            for f in &s.plural {
                plural_scales.insert(f, s.value);
                trigger_words.push(f.to_lowercase());
            }
            for f in &s.abbreviations {
                abbreviations.insert(f, s.value);
            }
        }
        trigger_words.retain(|w| !w.is_empty());
        trigger_words.sort();
        trigger_words.dedup();
        let triggers = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&trigger_words)
            .or_else(|_| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .ascii_case_insensitive(true)
                    .build(&trigger_words)
            })
            .expect("trigger automaton builds");

        let mut leads = Phrases::default();
        for l in &lexicon.leads {
            for f in &l.forms {
                leads.insert(f, (l.value, l.approx));
            }
        }
        let mut approx_before = Phrases::default();
        let mut approx_after = Phrases::default();
        for m in &lexicon.approx {
            for f in &m.before {
                approx_before.insert(f, m.approx);
            }
            for f in &m.after {
                approx_after.insert(f, m.approx);
            }
        }
        let mut currency_before = Phrases::default();
        let mut currency_after = Phrases::default();
        let mut codes = Vec::new();
        for c in &lexicon.currencies {
            let i = match codes.iter().position(|code| code == &c.code) {
                Some(i) => i,
                None => {
                    codes.push(c.code.clone());
                    codes.len() - 1
                }
            } as u32;
            for f in &c.before {
                currency_before.insert(f, i);
            }
            for f in &c.weak {
                currency_after.insert(f, (i, true));
            }
            for f in &c.after {
                currency_after.insert(f, (i, false));
            }
        }
        let mut units: Vec<String> = Vec::new();
        let mut unit_index = |unit: &str| -> u32 {
            match units.iter().position(|u| u == unit) {
                Some(i) => i as u32,
                None => {
                    units.push(unit.to_string());
                    (units.len() - 1) as u32
                }
            }
        };
        let mut nouns = Phrases::default();
        for n in &lexicon.nouns {
            let i = unit_index(&n.unit);
            for f in &n.forms {
                nouns.insert(f, (i, is_singular_only(f, &n.forms)));
            }
        }
        let mut casualty_before = Phrases::default();
        let mut casualty_after = Phrases::default();
        for c in &lexicon.casualties {
            let i = unit_index(&c.unit);
            for f in &c.before {
                casualty_before.insert(f, i);
            }
            for f in &c.after {
                casualty_after.insert(f, i);
            }
        }
        let set = |forms: &[String]| {
            let mut p = Phrases::default();
            for f in forms {
                p.insert(f, ());
            }
            p.sealed()
        };
        let words = |forms: &[&str]| {
            let mut p = Phrases::default();
            for f in forms {
                p.insert(f, ());
            }
            p.sealed()
        };
        let mut range_words = Phrases::default();
        for (f, needs_between) in [("-", false), ("–", false), ("to", false), ("and", true)] {
            range_words.insert(f, needs_between);
        }
        QuantityTagger {
            triggers,
            numbers: numbers.sealed(),
            singular_scales: singular_scales.sealed(),
            plural_scales: plural_scales.sealed(),
            abbreviations: abbreviations.sealed(),
            leads: leads.sealed(),
            approx_before: approx_before.sealed(),
            approx_after: approx_after.sealed(),
            currency_before: currency_before.sealed(),
            currency_after: currency_after.sealed(),
            codes,
            nouns: nouns.sealed(),
            units,
            casualty_before: casualty_before.sealed(),
            casualty_after: casualty_after.sealed(),
            modifiers: set(&lexicon.modifiers),
            labels: set(&lexicon.labels),
            money: set(&lexicon.money),
            year_cues: set(&lexicon.year_cues),
            followers: words(CASUALTY_FOLLOWERS),
            of: words(&["of"]),
            between: words(&["between"]),
            from: words(&["from"]),
            range_words: range_words.sealed(),
            ratio_words: words(&["in", "out of"]),
        }
    }

    /// The quantities of `text` in order of position.
    ///
    /// `text` is the whole normalised document; `sentences` its sentence spans in order;
    /// `exclude` byte ranges already taken by time expressions, which never become (part
    /// of) quantities. A quantity never crosses a sentence boundary.
    pub fn find(&self, text: &str, sentences: &[Sentence], exclude: &[(usize, usize)]) -> Vec<Quantity> {
        let mut out = Vec::new();
        let mut excluded = exclude.to_vec();
        excluded.sort_unstable();
        let mut keys = Keys::default();
        let mut cursor = SentenceCursor::default();
        // Nothing before the end of the last quantity or excluded span is read again.
        let mut floor_after = 0;
        let mut next_excluded = 0;
        let mut pos = 0;
        while pos < text.len() {
            let Some(hit) = self.triggers.find(Input::new(text).span(pos..text.len())) else { break };
            let at = hit.start();
            let mut skip_to = None;
            while next_excluded < excluded.len() && excluded[next_excluded].0 <= at {
                let end = excluded[next_excluded].1;
                if end > at {
                    skip_to = Some(skip_to.map_or(end, |s: usize| s.max(end)));
                }
                floor_after = floor_after.max(end);
                next_excluded += 1;
            }
            if let Some(end) = skip_to {
                pos = end.max(hit.end());
                continue;
            }
            let (sentence, floor, mut limit) = cursor.locate(sentences, at, text.len());
            if let Some(&(start, _)) = excluded.get(next_excluded) {
                limit = limit.min(start);
            }
            let ctx = Ctx { text, floor: floor.max(floor_after).min(at), limit: limit.max(hit.end()) };
            match self.read(&ctx, at, hit.end(), &mut keys) {
                Ok(found) if !overlaps(&excluded, found.start, found.end) => {
                    pos = found.end;
                    floor_after = found.end;
                    out.push(Quantity {
                        sentence,
                        text: text[found.start..found.end].to_string(),
                        start: found.start,
                        end: found.end,
                        value: found.value,
                        unit: found.unit.map(str::to_string),
                        approx: match found.approx {
                            ApproxKind::Exact => Approx::Exact,
                            ApproxKind::About => Approx::About,
                            ApproxKind::AtLeast => Approx::AtLeast,
                            ApproxKind::AtMost => Approx::AtMost,
                        },
                    });
                }
                Ok(found) => pos = found.number_end.max(hit.end()),
                Err(skip) => pos = skip.max(hit.end()),
            }
        }
        out
    }

    /// Reads the quantity whose number starts at `at` (a trigger match ending at
    /// `hit_end`). `Err` holds where to resume scanning.
    fn read<'t>(&'t self, ctx: &Ctx, at: usize, hit_end: usize, keys: &mut Keys) -> Result<Found<'t>, usize> {
        let text = ctx.text;
        let is_digit = text.as_bytes()[at].is_ascii_digit();
        let mut num = if is_digit { self.digits(ctx, at, keys)? } else { self.words(ctx, at, hit_end, keys)? };
        let number_end = num.end;

        // Currency before the number ("€20", "US$ 5", "EUR 20"), at most one space away.
        let mut qstart = num.start;
        let mut unit: Option<&str> = None;
        if let Some((i, start)) = self.currency_before.backward(ctx, num.start, keys) {
            if num.start - start_of_gap(text, num.start) <= 1 {
                unit = Some(&self.codes[i as usize]);
                qstart = start;
            }
        }
        if unit.is_none() && num.attached_before {
            return Err(number_end);
        }

        // After the number: "+" / "or more", then a range.
        let mut end = num.end;
        let mut post = None;
        if let Some((kind, e, _)) = self.approx_after.forward(ctx, end, keys) {
            post = Some(kind);
            end = e;
        } else if let Some((range_end, between)) = self.range(ctx, &mut num, qstart, keys) {
            end = range_end;
            qstart = between.unwrap_or(qstart);
        }
        if num.hyphen_word_after && post.is_none() && end == num.end {
            // "12-year-old", "2,600-strong": an adjective, not an amount.
            return Err(number_end);
        }

        // The unit.
        let mut modifiers_used = false;
        let mut noun_plural = false;
        if unit.is_none() {
            let mut p = end;
            if num.needs_of {
                match self.of.forward(ctx, p, keys) {
                    Some(((), e, _)) => p = e,
                    None => p = usize::MAX,
                }
            }
            if p != usize::MAX {
                if let Some(u) = self.unit_after(ctx, p, &num, keys) {
                    unit = Some(u.unit);
                    end = u.end;
                    modifiers_used = u.modifiers > 0;
                    noun_plural = u.plural;
                }
            }
        }
        if num.abbreviation && !(is_currency(&self.codes, unit) || noun_plural) {
            return Err(number_end);
        }
        if let (Some(_), None) = (unit, post) {
            if let Some((kind, e, _)) = self.approx_after.forward(ctx, end, keys) {
                post = Some(kind);
                end = e;
            }
        }

        // Before the number: approximation marker, then the checks that look back.
        let mut start = qstart;
        let mut pre = None;
        if let Some((kind, s)) = self.approx_before.backward(ctx, qstart, keys) {
            pre = Some(kind);
            start = s;
        }
        if (unit.is_none() || num.start == qstart) && self.labels.backward(ctx, num.start, keys).is_some() {
            return Err(number_end);
        }
        if self.is_ratio(ctx, num.start, keys) {
            return Err(number_end);
        }
        let casualty = unit.is_none();
        if casualty {
            unit = self.casualty(ctx, start, end, keys);
            if unit.is_none() {
                return Err(number_end);
            }
        }
        if num.year_like && !is_currency(&self.codes, unit) {
            let cue = self.year_cues.backward(ctx, start, keys).is_some();
            if casualty || modifiers_used || num.range || cue {
                return Err(number_end);
            }
        }
        let approx = pre.or(post).unwrap_or(num.approx);
        Ok(Found { start, end, number_end, value: num.value, unit, approx })
    }

    /// A number in digits at `at`: "2,600", "1.5", "300m", "1.2bn", with its scale word.
    fn digits(&self, ctx: &Ctx, at: usize, keys: &mut Keys) -> Result<Num, usize> {
        let text = ctx.text;
        let b = text.as_bytes();
        let mut attached_before = false;
        if let Some(p) = char_before(text, at) {
            if p.is_alphanumeric() {
                // "G7", "MH17"; allowed only after an attached currency ("Rs500").
                attached_before = true;
            } else if matches!(p, '-' | '–' | '/' | ':' | '.' | ',' | '#' | '№' | '^' | '\'' | '_' | '=' | '@') {
                let pp = char_before(text, at - p.len_utf8());
                if p == '#' || p == '№' || pp.is_some_and(char::is_alphanumeric) {
                    attached_before = true;
                }
            }
        }
        // Integer part with thousands separators, then decimals.
        let mut i = at;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let first_group = i - at;
        let mut grouped = false;
        if first_group <= 3 {
            while i + 3 < b.len()
                && b[i] == b','
                && b[i + 1].is_ascii_digit()
                && b[i + 2].is_ascii_digit()
                && b[i + 3].is_ascii_digit()
                && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
            {
                i += 4;
                grouped = true;
            }
        }
        let mut decimals = 0;
        if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
                decimals += 1;
            }
        }
        let end = i;
        let digit_count = b[at..end].iter().filter(|c| c.is_ascii_digit()).count();
        if digit_count > MAX_DIGITS {
            return Err(skip_token(text, end));
        }
        // What follows: times, dates, version numbers, digit sequences are not amounts.
        let next = char_at(text, end);
        let after_next = next.and_then(|c| char_at(text, end + c.len_utf8()));
        if let (Some(c), Some(d)) = (next, after_next) {
            if matches!(c, ':' | '/' | '.' | ',' | '\\') && d.is_ascii_digit() {
                return Err(skip_token(text, end));
            }
        }
        if next.is_some_and(char::is_whitespace) {
            let gap = start_after_gap(text, end, ctx.limit);
            if gap - end <= 2 && b.get(gap).is_some_and(u8::is_ascii_digit) {
                // "+44 20 7946 0958", "1 500": a digit sequence, not one amount.
                return Err(skip_token(text, gap));
            }
        }
        let mut mantissa = 0.0f64;
        for &c in &b[at..end] {
            if c.is_ascii_digit() {
                mantissa = mantissa * 10.0 + f64::from(c - b'0');
            }
        }
        let mut num = Num {
            start: at,
            end,
            value: mantissa / 10f64.powi(decimals),
            approx: ApproxKind::Exact,
            needs_of: false,
            abbreviation: false,
            scaled: false,
            year_like: !grouped && decimals == 0 && first_group == 4 && (1900.0..=2099.0).contains(&mantissa),
            range: false,
            digit: true,
            attached_before,
            attached_noun: false,
            hyphen_word_after: false,
        };
        // A letter right after the digits: a scale abbreviation ("300m", "1.2bn"), a unit
        // ("10km", "40%"); anything else ("2nd", "5G", "1990s") makes it no amount.
        let mut scale = 1.0;
        if next.is_some_and(char::is_alphabetic) {
            if let Some((v, e, _)) = self.abbreviations.forward_adjacent(ctx, end, keys) {
                scale = v;
                num.abbreviation = true;
                num.end = e;
            } else if self.nouns.forward_adjacent(ctx, end, keys).is_some() {
                num.attached_noun = true;
            } else {
                return Err(skip_token(text, end));
            }
        } else if next == Some('-') && after_next.is_some_and(char::is_alphabetic) {
            num.hyphen_word_after = true;
        }
        if !num.abbreviation && !num.attached_noun {
            // Scale words: "2.5 million", "5 mln", "20 thousand".
            loop {
                if let Some((v, e, _)) = self.singular_scales.forward(ctx, num.end, keys) {
                    if scale > 1.0 && v <= scale {
                        break;
                    }
                    scale *= v;
                    num.end = e;
                    num.scaled = true;
                    continue;
                }
                if scale == 1.0 {
                    if let Some((v, e, _)) = self.abbreviations.forward(ctx, num.end, keys) {
                        scale = v;
                        num.end = e;
                        num.abbreviation = true;
                    }
                }
                break;
            }
        }
        if scale > 1.0 {
            num.scaled = true;
            num.year_like = false;
            // Exact for "1.2" × 1e9: scale the integer mantissa first.
            num.value = mantissa * scale / 10f64.powi(decimals);
        }
        Ok(num)
    }

    /// A number in words at `at` ("twenty-four", "two dozen", "a million", "half a
    /// million", "tens of thousands").
    fn words(&self, ctx: &Ctx, at: usize, hit_end: usize, keys: &mut Keys) -> Result<Num, usize> {
        let text = ctx.text;
        if char_before(text, at).is_some_and(char::is_alphanumeric)
            || char_at(text, hit_end).is_some_and(char::is_alphanumeric)
        {
            return Err(hit_end);
        }
        if let Some(c @ ('-' | '–')) = char_before(text, at) {
            if char_before(text, at - c.len_utf8()).is_some_and(char::is_alphanumeric) {
                return Err(hit_end);
            }
        }
        let mut num = Num {
            start: at,
            end: at,
            value: 0.0,
            approx: ApproxKind::Exact,
            needs_of: false,
            abbreviation: false,
            scaled: false,
            year_like: false,
            range: false,
            digit: false,
            attached_before: false,
            attached_noun: false,
            hyphen_word_after: false,
        };
        // Vague plurals: "hundreds of", "tens of thousands of".
        if let Some((v, e, _)) = self.plural_scales.forward(ctx, at, keys) {
            let mut value = v;
            let mut end = e;
            while let Some(((), of_end, _)) = self.of.forward(ctx, end, keys) {
                match self.plural_scales.forward(ctx, of_end, keys) {
                    Some((w, e2, _)) if w > value => {
                        value *= w;
                        end = e2;
                    }
                    _ => break,
                }
            }
            num.value = value;
            num.end = end;
            num.approx = ApproxKind::AtLeast;
            num.needs_of = true;
            num.scaled = true;
            if let Some(((_, kind), s)) = self.leads.backward(ctx, at, keys) {
                // "many thousands of": the lead only confirms "at least".
                if kind == ApproxKind::AtLeast {
                    num.start = s;
                }
            }
            return self.after_words(ctx, num);
        }
        // Compound number words, read by the usual rule.
        let mut total = 0.0f64;
        let mut current = 0.0f64;
        let mut any = false;
        let mut last_small: Option<f64> = None;
        let mut p = at;
        if self.singular_scales.forward(ctx, at, keys).is_some() {
            // A scale word first: it needs a lead ("a million", "half a million", "several
            // thousand").
            let Some(((v, kind), s)) = self.leads.backward(ctx, at, keys) else { return Err(hit_end) };
            current = v;
            num.start = s;
            num.approx = kind;
            any = true;
        }
        let mut first = true;
        loop {
            let next = if first { Some((p, false)) } else { next_word_start(text, p, ctx.limit) };
            first = false;
            let Some((word_start, hyphen)) = next else { break };
            if hyphen && last_small.is_none() {
                break;
            }
            let word_end = alphabetic_end(text, word_start, ctx.limit);
            let word = &text[word_start..word_end];
            if let Some(v) = self.numbers.word(word, keys) {
                let e = word_end;
                if let Some(prev) = last_small {
                    // "twenty-four" and "thirty one" combine; "one two" does not.
                    if !(prev >= 20.0 && prev % 10.0 == 0.0 && (1.0..10.0).contains(&v)) {
                        break;
                    }
                } else if current % 100.0 != 0.0 {
                    break;
                }
                current += v;
                last_small = Some(v);
                any = true;
                p = e;
                num.end = e;
                continue;
            }
            if hyphen {
                break;
            }
            if let Some(v) = self.singular_scales.word(word, keys) {
                let e = word_end;
                if !any {
                    break;
                }
                if v < 1000.0 {
                    if current == 0.0 {
                        current = 1.0;
                    }
                    if current >= v {
                        // "two hundred hundred": stop.
                        break;
                    }
                    current *= v;
                } else if current == 0.0 && total > 0.0 && total < v {
                    total *= v;
                } else {
                    if current == 0.0 {
                        current = 1.0;
                    }
                    total += current * v;
                    current = 0.0;
                }
                num.scaled = true;
                last_small = None;
                p = e;
                num.end = e;
                continue;
            }
            // "and" inside a number: "three hundred and five", "one and a half million".
            if let Some(e) = self.and_continuation(ctx, word_start, keys) {
                match e {
                    And::Half(e2) if current > 0.0 && current < 100.0 && !num.scaled => {
                        current += 0.5;
                        p = e2;
                        num.end = e2;
                        last_small = None;
                        continue;
                    }
                    And::Number(e2) if num.scaled && current.fract() == 0.0 => {
                        last_small = None;
                        p = e2;
                        continue;
                    }
                    _ => break,
                }
            }
            break;
        }
        if !any {
            return Err(hit_end);
        }
        num.value = total + current;
        if num.value == 0.0 && num.approx == ApproxKind::Exact && !num.scaled {
            // "zero" and "nil" are not amounts of anything.
            return Err(num.end.max(hit_end));
        }
        self.after_words(ctx, num)
    }

    /// The checks on what follows a number in words.
    fn after_words(&self, ctx: &Ctx, mut num: Num) -> Result<Num, usize> {
        let next = char_at(ctx.text, num.end);
        if next.is_some_and(char::is_alphanumeric) {
            return Err(num.end);
        }
        if next == Some('-') && char_at(ctx.text, num.end + 1).is_some_and(char::is_alphabetic) {
            num.hyphen_word_after = true;
        }
        Ok(num)
    }

    /// "and" continuing a number in words: "... and five", "... and a half".
    fn and_continuation(&self, ctx: &Ctx, at: usize, keys: &mut Keys) -> Option<And> {
        let tok = next_token(ctx.text, at, ctx.limit)?;
        if !ctx.text[tok.start..tok.end].eq_ignore_ascii_case("and") {
            return None;
        }
        let (ws, _) = next_word_start(ctx.text, tok.end, ctx.limit)?;
        if self.numbers.forward_one(ctx, ws, keys).is_some() {
            return Some(And::Number(tok.end));
        }
        let a = next_token(ctx.text, tok.end, ctx.limit)?;
        let h = next_token(ctx.text, a.end, ctx.limit)?;
        if ctx.text[a.start..a.end].eq_ignore_ascii_case("a") && ctx.text[h.start..h.end].eq_ignore_ascii_case("half") {
            return Some(And::Half(h.end));
        }
        Some(And::Other)
    }

    /// A range after `num`: "3,000-5,000", "3 to 5 million", "between 20 and 30". On
    /// success `num` becomes its lower bound (scaled like the upper one), at least; returns
    /// the range's end and the start of a leading "between". "from 500 to 1,000" is a
    /// change, not a range.
    fn range(&self, ctx: &Ctx, num: &mut Num, qstart: usize, keys: &mut Keys) -> Option<(usize, Option<usize>)> {
        if num.needs_of {
            return None;
        }
        let (needs_between, conn_end, _) = self.range_words.forward(ctx, num.end, keys)?;
        let between = self.between.backward(ctx, qstart, keys).map(|((), s)| s);
        if needs_between && between.is_none() || self.from.backward(ctx, qstart, keys).is_some() {
            return None;
        }
        let mut second_at = start_after_gap(ctx.text, conn_end, ctx.limit);
        if qstart < num.start {
            // "$1.5 billion to $2 billion": the currency may be repeated.
            if let Some((_, e, _)) = self.currency_before.forward(ctx, second_at, keys) {
                second_at = start_after_gap(ctx.text, e, ctx.limit);
            }
        }
        if second_at >= ctx.limit {
            return None;
        }
        let c = char_at(ctx.text, second_at)?;
        let second = if c.is_ascii_digit() {
            if !num.digit {
                return None;
            }
            self.digits(ctx, second_at, keys).ok()?
        } else {
            if num.digit {
                return None;
            }
            let (_, e, _) = self.numbers.forward_one(ctx, second_at, keys)?;
            self.words(ctx, second_at, e, keys).ok()?
        };
        if second.needs_of || second.start != second_at {
            return None;
        }
        let mut low = num.value;
        if !num.scaled && second.scaled {
            // "3 to 5 million": the scale belongs to both.
            let scale = scale_of(second.value);
            if low * scale < second.value {
                low *= scale;
            }
        }
        if second.value <= low {
            return None;
        }
        num.value = low;
        num.scaled |= second.scaled;
        num.abbreviation |= second.abbreviation;
        num.approx = ApproxKind::AtLeast;
        num.range = true;
        num.hyphen_word_after = second.hyphen_word_after;
        num.end = second.end;
        Some((second.end, between))
    }

    /// The unit after a number: a currency word or a counted noun, possibly after
    /// modifiers ("11,000 North Korean troops", "5 billion Russian roubles").
    fn unit_after<'t>(&'t self, ctx: &Ctx, from: usize, num: &Num, keys: &mut Keys) -> Option<UnitMatch<'t>> {
        let text = ctx.text;
        let mut p = from;
        let mut modifiers = 0;
        let mut prev_capitalised = false;
        loop {
            if let Some(((i, weak), e, _)) = self.currency_after.forward(ctx, p, keys) {
                let followed_by_of = self.of.forward(ctx, e, keys).is_some();
                if !weak || (num.scaled || self.money_near(ctx, keys)) && !followed_by_of {
                    return Some(UnitMatch { unit: &self.codes[i as usize], end: e, modifiers, plural: true });
                }
            }
            if let Some(((i, singular), e, _)) = self.nouns.forward(ctx, p, keys) {
                // A noun directly before another is its modifier, and the last is the head:
                // "civilian casualties", "tank shells"; so is a plural before a plural:
                // "special forces soldiers".
                let mut unit = (i, singular, e);
                loop {
                    match self.nouns.forward(ctx, unit.2, keys) {
                        Some(((j, sg), e2, tok))
                            if tok.start > unit.2 && (unit.1 || (tok.start == unit.2 + 1 && !sg)) =>
                        {
                            unit = (j, sg, e2)
                        }
                        _ => break,
                    }
                }
                if unit.1 && num.value != 1.0 {
                    // "20 flight attendants", "the 1987 target": the noun modifies another.
                    return None;
                }
                return Some(UnitMatch { unit: &self.units[unit.0 as usize], end: unit.2, modifiers, plural: !unit.1 });
            }
            if modifiers == MAX_MODIFIERS {
                return None;
            }
            let tok = next_token(text, p, ctx.limit)?;
            let word = &text[tok.start..tok.end];
            let first = word.chars().next()?;
            if !first.is_alphanumeric() {
                return None;
            }
            let capitalised = first.is_uppercase();
            let model_name = word.chars().any(|c| c.is_ascii_digit()) && word.chars().any(char::is_alphabetic);
            let allowed = capitalised
                || model_name
                || word.contains('-') && word.chars().next().is_some_and(char::is_alphabetic)
                || self.modifiers.forward_one(ctx, tok.start, keys).is_some();
            if allowed {
                prev_capitalised = capitalised;
                modifiers += 1;
                p = tok.end;
                continue;
            }
            // "300 Russian and North Korean troops": a coordination of capitalised words.
            if prev_capitalised && (word == "and" || word == "or") {
                let next = next_token(text, tok.end, ctx.limit)?;
                if text[next.start..next.end].chars().next().is_some_and(char::is_uppercase) {
                    modifiers += 1;
                    p = tok.end;
                    prev_capitalised = false;
                    continue;
                }
            }
            return None;
        }
    }

    /// Whether a money word occurs in the sentence around the number.
    fn money_near(&self, ctx: &Ctx, keys: &mut Keys) -> bool {
        let mut p = ctx.floor;
        while let Some(tok) = next_token(ctx.text, p, ctx.limit) {
            if self.money.forward(ctx, tok.start, keys).is_some() {
                return true;
            }
            p = tok.end;
        }
        false
    }

    /// The unit of a bare number made a casualty figure by a word before ("killing 12")
    /// or after it ("12 were killed").
    fn casualty(&self, ctx: &Ctx, start: usize, end: usize, keys: &mut Keys) -> Option<&str> {
        if let Some((i, _, _)) = self.casualty_after.forward(ctx, end, keys) {
            return Some(&self.units[i as usize]);
        }
        let (i, _) = self.casualty_before.backward(ctx, start, keys)?;
        // What follows must not be a word that the number counts ("killed 12 years ago").
        if let Some(tok) = next_token(ctx.text, end, ctx.limit) {
            let word = &ctx.text[tok.start..tok.end];
            let first = word.chars().next()?;
            if first.is_lowercase() && self.followers.forward_one(ctx, tok.start, keys).is_none() {
                return None;
            }
        }
        Some(&self.units[i as usize])
    }

    /// "one in five", "two out of three": the second number is part of a ratio.
    fn is_ratio(&self, ctx: &Ctx, at: usize, keys: &mut Keys) -> bool {
        let Some(((), s)) = self.ratio_words.backward(ctx, at, keys) else { return false };
        let Some(prev) = prev_token(ctx.text, s, ctx.floor) else { return false };
        let word = &ctx.text[prev.start..prev.end];
        word.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
            || self.numbers.forward_one(ctx, prev.start, keys).is_some()
    }
}

/// Whether `form` is a singular whose plural is among `forms` ("soldier" with "soldiers",
/// "gunman" with "gunmen", "child" with "children"); "aircraft" and "pct" are not, nor
/// are abbreviations, which news does not always inflect ("10 km", "12 UAV").
fn is_singular_only(form: &str, forms: &[String]) -> bool {
    if form.chars().count() <= 2 || !form.chars().any(char::is_lowercase) {
        return false;
    }
    let lower = form.to_lowercase();
    let has = |plural: String| forms.iter().any(|f| f.to_lowercase() == plural);
    has(format!("{lower}s"))
        || has(format!("{lower}es"))
        || has(format!("{lower}ren"))
        || lower.strip_suffix('y').is_some_and(|stem| has(format!("{stem}ies")))
        || lower.strip_suffix("man").is_some_and(|stem| has(format!("{stem}men")))
        || lower.strip_suffix("person").is_some_and(|stem| has(format!("{stem}people")))
}

fn is_currency(codes: &[String], unit: Option<&str>) -> bool {
    unit.is_some_and(|u| codes.iter().any(|c| c == u))
}

/// The power of 1000 (or 100, 12) that scales `v`: used to share a range's scale.
fn scale_of(v: f64) -> f64 {
    let mut s = 1.0;
    while v / (s * 1000.0) >= 1.0 {
        s *= 1000.0;
    }
    s
}

fn overlaps(ranges: &[(usize, usize)], start: usize, end: usize) -> bool {
    ranges.iter().any(|&(s, e)| s < end && start < e)
}

/// A number as read, before its unit.
struct Num {
    start: usize,
    end: usize,
    value: f64,
    approx: ApproxKind,
    /// A vague plural ("thousands"): its noun comes after "of".
    needs_of: bool,
    /// Scaled by an abbreviation ("300m"): needs a currency or a plural noun.
    abbreviation: bool,
    scaled: bool,
    year_like: bool,
    range: bool,
    /// Letters or a label symbol stuck before the digits ("G7", "F-16", "#3").
    attached_before: bool,
    /// Written in digits.
    digit: bool,
    /// A counted noun stuck to the digits ("10km").
    attached_noun: bool,
    /// A hyphenated word follows ("12-year-old").
    hyphen_word_after: bool,
}

struct Found<'t> {
    start: usize,
    end: usize,
    number_end: usize,
    value: f64,
    unit: Option<&'t str>,
    approx: ApproxKind,
}

struct UnitMatch<'t> {
    unit: &'t str,
    end: usize,
    modifiers: usize,
    plural: bool,
}

enum And {
    Number(usize),
    Half(usize),
    Other,
}

/// The text and the stretch of it (a sentence) that one quantity may use.
struct Ctx<'a> {
    text: &'a str,
    floor: usize,
    limit: usize,
}

/// Walks the sentences in step with the scan.
#[derive(Default)]
struct SentenceCursor {
    next: usize,
}

impl SentenceCursor {
    /// The sentence index, start and end for a position; between sentences, the previous
    /// one's index and the gap.
    fn locate(&mut self, sentences: &[Sentence], at: usize, len: usize) -> (usize, usize, usize) {
        while self.next < sentences.len() && sentences[self.next].end <= at {
            self.next += 1;
        }
        match sentences.get(self.next) {
            Some(s) if s.start <= at => (self.next, s.start, s.end.min(len)),
            Some(s) => {
                let floor = if self.next > 0 { sentences[self.next - 1].end } else { 0 };
                (self.next.saturating_sub(1), floor.min(at), s.start)
            }
            None => {
                let floor = sentences.last().map_or(0, |s| s.end.min(at));
                (sentences.len().saturating_sub(1), floor, len)
            }
        }
    }
}

// ------------------------------------------------------------------------ phrase tables

/// FNV-1a: the phrase tables hash short keys, where SipHash's set-up dominates.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Map<V> = HashMap<String, V, BuildHasherDefault<Fnv>>;

/// Reusable key buffers, so that lookups do not allocate.
#[derive(Default)]
struct Keys {
    exact: String,
    folded: String,
    toks: Vec<Tok>,
}

/// Phrases of one word class. A key is the phrase with each run of white space made one
/// space; forms with an upper-case letter match case-sensitively, others in any case.
/// The tables also hold every proper token-prefix and token-suffix of each phrase, so a
/// lookup stops at the first token that can neither complete nor extend a phrase.
struct Phrases<V> {
    exact: Map<Entry<V>>,
    folded: Map<Entry<V>>,
    /// Most tokens in any phrase.
    max: usize,
    /// Bytes that can start / end a phrase (both cases for folded ASCII letters): most
    /// lookups fail on these without tokenising or hashing.
    first: ByteSet,
    last: ByteSet,
    /// The first / last tokens of all phrases that are short ASCII words, in lower case
    /// (filled by [`Phrases::sealed`]). A lookup whose first token is such a word but not
    /// in this table fails without building keys or hashing: most lookups around a number
    /// end there.
    first_words: WordTable<()>,
    last_words: WordTable<()>,
    /// Those tokens as inserted, until the tables are built.
    edge_words: Vec<(String, String)>,
    /// Whether the word tables are built.
    sealed: bool,
}

/// A key's meaning: a whole phrase's value, and whether longer phrases start or end with it.
#[derive(Clone, Copy)]
struct Entry<V> {
    value: Option<V>,
    prefix: bool,
    suffix: bool,
}

impl<V> Default for Phrases<V> {
    fn default() -> Self {
        Phrases {
            exact: Map::default(),
            folded: Map::default(),
            max: 0,
            first: ByteSet::default(),
            last: ByteSet::default(),
            first_words: WordTable::empty(),
            last_words: WordTable::empty(),
            edge_words: Vec::new(),
            sealed: false,
        }
    }
}

/// A set of bytes.
#[derive(Default, Clone, Copy)]
struct ByteSet([u64; 4]);

impl ByteSet {
    fn add(&mut self, b: u8, fold: bool) {
        self.0[usize::from(b >> 6)] |= 1 << (b & 63);
        if fold && b.is_ascii_alphabetic() {
            let other = b ^ 0x20;
            self.0[usize::from(other >> 6)] |= 1 << (other & 63);
        }
    }
    fn has(&self, b: u8) -> bool {
        self.0[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }
}

/// What a lookup of one key found.
#[derive(Clone, Copy)]
struct Probe<V> {
    value: Option<V>,
    prefix: bool,
    suffix: bool,
}

impl<V: Copy> Phrases<V> {
    fn insert(&mut self, form: &str, value: V) {
        let key = form.split_whitespace().collect::<Vec<_>>().join(" ");
        if key.is_empty() {
            return;
        }
        let mut toks = Vec::new();
        let mut p = 0;
        while let Some(t) = next_token(&key, p, key.len()) {
            p = t.end;
            toks.push(t);
        }
        self.max = self.max.max(toks.len());
        let (head, tail) = (toks[0], toks[toks.len() - 1]);
        self.edge_words.push((key[head.start..head.end].to_string(), key[tail.start..tail.end].to_string()));
        let fold = !key.chars().any(char::is_uppercase);
        let bytes = key.as_bytes();
        self.first.add(bytes[0], fold);
        self.last.add(bytes[bytes.len() - 1], fold);
        let map = if fold { &mut self.folded } else { &mut self.exact };
        let empty = Entry { value: None, prefix: false, suffix: false };
        for t in &toks[..toks.len() - 1] {
            map.entry(key[..t.end].to_string()).or_insert(empty).prefix = true;
        }
        for t in &toks[1..] {
            map.entry(key[t.start..].to_string()).or_insert(empty).suffix = true;
        }
        map.entry(key).or_insert(empty).value = Some(value);
    }

    /// Builds the first- and last-word tables; until then lookups are not filtered by them.
    fn sealed(mut self) -> Self {
        fn short(w: &str) -> Option<(&str, ())> {
            short_word(w.as_bytes()).then_some((w, ()))
        }
        self.first_words =
            WordTable::new(self.edge_words.iter().filter_map(|(f, _)| short(f))).expect("short ASCII words");
        self.last_words =
            WordTable::new(self.edge_words.iter().filter_map(|(_, l)| short(l))).expect("short ASCII words");
        self.edge_words = Vec::new();
        self.sealed = true;
        self
    }

    /// Whether a phrase can start (`table` = first words) or end (last words) with the
    /// token `word`: `false` only when `word` is a short ASCII word absent from the table,
    /// as a phrase's edge token can only equal it if it is such a word too.
    fn may_edge(&self, table: &WordTable<()>, word: &[u8]) -> bool {
        !self.sealed || !short_word(word) || table.get(word).is_some()
    }

    fn probe(&self, keys: &Keys) -> Probe<V> {
        let mut found = Probe { value: None, prefix: false, suffix: false };
        if !self.exact.is_empty() {
            if let Some(e) = self.exact.get(keys.exact.as_str()) {
                found = Probe { value: e.value, prefix: e.prefix, suffix: e.suffix };
            }
        }
        if let Some(e) = self.folded.get(keys.folded.as_str()) {
            found.value = found.value.or(e.value);
            found.prefix |= e.prefix;
            found.suffix |= e.suffix;
        }
        found
    }

    /// The value of one word (a part of a hyphenated compound, say).
    fn word(&self, word: &str, keys: &mut Keys) -> Option<V> {
        if word.is_empty() || !self.first.has(word.as_bytes()[0]) {
            return None;
        }
        keys.exact.clear();
        keys.exact.push_str(word);
        keys.folded.clear();
        push_lower(&mut keys.folded, word);
        self.probe(keys).value
    }

    /// The longest phrase starting at the first token at or after `at` (white space
    /// skipped): its value, end, and first token.
    fn forward(&self, ctx: &Ctx, at: usize, keys: &mut Keys) -> Option<(V, usize, Tok)> {
        self.forward_n(ctx, at, keys, self.max, false)
    }

    /// Like [`Phrases::forward`] but only a phrase starting exactly at `at`.
    fn forward_adjacent(&self, ctx: &Ctx, at: usize, keys: &mut Keys) -> Option<(V, usize, Tok)> {
        self.forward_n(ctx, at, keys, self.max, true)
    }

    /// A one-token phrase at `at`.
    fn forward_one(&self, ctx: &Ctx, at: usize, keys: &mut Keys) -> Option<(V, usize, Tok)> {
        self.forward_n(ctx, at, keys, 1, false)
    }

    fn forward_n(&self, ctx: &Ctx, at: usize, keys: &mut Keys, max: usize, adjacent: bool) -> Option<(V, usize, Tok)> {
        if self.max == 0 {
            return None;
        }
        let start = if adjacent { at } else { start_after_gap(ctx.text, at, ctx.limit) };
        if start >= ctx.limit.min(ctx.text.len()) || !self.first.has(ctx.text.as_bytes()[start]) {
            return None;
        }
        keys.exact.clear();
        keys.folded.clear();
        let mut best = None;
        let mut p = at;
        let first = next_token(ctx.text, at, ctx.limit)?;
        if !self.may_edge(&self.first_words, &ctx.text.as_bytes()[first.start..first.end]) {
            return None;
        }
        for i in 0..max.min(self.max) {
            let tok = if i == 0 {
                first
            } else {
                let Some(tok) = next_token(ctx.text, p, ctx.limit) else { break };
                if tok.space_before {
                    keys.exact.push(' ');
                    keys.folded.push(' ');
                }
                tok
            };
            let word = &ctx.text[tok.start..tok.end];
            keys.exact.push_str(word);
            push_lower(&mut keys.folded, word);
            let found = self.probe(keys);
            if let Some(v) = found.value {
                best = Some((v, tok.end, first));
            }
            if !found.prefix {
                break;
            }
            p = tok.end;
        }
        best
    }

    /// The longest phrase ending at the last token before `at` (white space skipped),
    /// not reaching before `ctx.floor`: its value and start.
    fn backward(&self, ctx: &Ctx, at: usize, keys: &mut Keys) -> Option<(V, usize)> {
        if self.max == 0 {
            return None;
        }
        let end = start_of_gap(ctx.text, at);
        if end <= ctx.floor || !self.last.has(ctx.text.as_bytes()[end - 1]) {
            return None;
        }
        let mut toks = std::mem::take(&mut keys.toks);
        toks.clear();
        let mut best = None;
        let mut p = at;
        while toks.len() < self.max {
            let Some(t) = prev_token(ctx.text, p, ctx.floor) else { break };
            if toks.is_empty() && !self.may_edge(&self.last_words, &ctx.text.as_bytes()[t.start..t.end]) {
                break;
            }
            p = t.start;
            toks.push(t);
            keys.exact.clear();
            keys.folded.clear();
            for (k, t) in toks.iter().rev().enumerate() {
                if k > 0 && t.space_before {
                    keys.exact.push(' ');
                    keys.folded.push(' ');
                }
                let word = &ctx.text[t.start..t.end];
                keys.exact.push_str(word);
                push_lower(&mut keys.folded, word);
            }
            let found = self.probe(keys);
            if let Some(v) = found.value {
                best = Some((v, toks[toks.len() - 1].start));
            }
            if !found.suffix {
                break;
            }
        }
        keys.toks = toks;
        best
    }
}

/// A word the [`WordTable`]s hold: ASCII letters and digits, at most [`LONGEST`] bytes.
fn short_word(word: &[u8]) -> bool {
    !word.is_empty() && word.len() <= LONGEST && word.iter().all(u8::is_ascii_alphanumeric)
}

fn push_lower(buf: &mut String, word: &str) {
    for c in word.chars() {
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            buf.extend(c.to_lowercase());
        }
    }
}

// ------------------------------------------------------------------------ tokens

/// A token: a run of letters and digits with internal joiners ("F-16", "U.S.", "don't"),
/// or one other non-space character. `space_before` says white space precedes it.
#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    space_before: bool,
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '.')
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// Whether an ASCII byte is white space (as `char::is_whitespace` says).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r')
}

/// The first non-space position at or after `at` (at most `limit`).
fn start_after_gap(text: &str, at: usize, limit: usize) -> usize {
    let end = limit.min(text.len()).max(at);
    let bytes = text.as_bytes();
    let mut p = at;
    // Bytes, decoding a char only for non-ASCII: this runs around every number.
    while p < end {
        let b = bytes[p];
        if is_ascii_space(b) {
            p += 1;
        } else if b.is_ascii() {
            break;
        } else {
            match text[p..end].chars().next() {
                Some(c) if c.is_whitespace() => p += c.len_utf8(),
                _ => break,
            }
        }
    }
    p
}

/// The start of the white space that ends at `at`.
fn start_of_gap(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut p = at;
    while p > 0 {
        let b = bytes[p - 1];
        if is_ascii_space(b) {
            p -= 1;
        } else if b.is_ascii() {
            break;
        } else {
            match text[..p].chars().next_back() {
                Some(c) if c.is_whitespace() => p -= c.len_utf8(),
                _ => break,
            }
        }
    }
    p
}

/// The end of the token run at `at` (to skip a rejected number with what sticks to it).
fn skip_token(text: &str, at: usize) -> usize {
    let mut p = at;
    for c in text[at..].chars() {
        if c.is_whitespace() {
            break;
        }
        p += c.len_utf8();
    }
    p
}

/// White space that separates layout blocks (a blank line, table columns) rather than words.
fn is_layout_gap(gap: &str) -> bool {
    // One byte (the usual single space) is never a layout gap: no counting needed.
    gap.len() > 1 && (gap.chars().count() >= 3 || memchr::memchr_iter(b'\n', gap.as_bytes()).nth(1).is_some())
}

fn next_token(text: &str, at: usize, limit: usize) -> Option<Tok> {
    let limit = limit.min(text.len());
    if at >= limit {
        return None;
    }
    let start = start_after_gap(text, at, limit);
    if start >= limit {
        return None;
    }
    if is_layout_gap(&text[at..start]) {
        return None;
    }
    let space_before = start > at;
    let bytes = &text.as_bytes()[..limit];
    let c = text[start..limit].chars().next()?;
    if !c.is_alphanumeric() {
        return Some(Tok { start, end: start + c.len_utf8(), space_before });
    }
    let mut end = start + c.len_utf8();
    let mut has_dot = false;
    loop {
        // Runs of ASCII letters and digits byte by byte: most of any token.
        while end < limit && bytes[end].is_ascii_alphanumeric() {
            end += 1;
        }
        let Some(c) = text[end..limit].chars().next() else { break };
        if c.is_alphanumeric() {
            end += c.len_utf8();
            continue;
        }
        if !is_joiner(c) {
            break;
        }
        let after = end + c.len_utf8();
        match text[after..limit].chars().next() {
            Some(d) if d.is_alphanumeric() => {
                has_dot |= c == '.';
                end = after + d.len_utf8();
            }
            _ => {
                if c == '.' && has_dot {
                    // "U.S." keeps its final dot.
                    end += 1;
                }
                break;
            }
        }
    }
    Some(Tok { start, end, space_before })
}

fn prev_token(text: &str, at: usize, floor: usize) -> Option<Tok> {
    if at <= floor {
        return None;
    }
    let end = start_of_gap(text, at).max(floor);
    if end <= floor || is_layout_gap(&text[end..at]) {
        return None;
    }
    let bytes = text.as_bytes();
    let c = text[floor..end].chars().next_back()?;
    let mut start = end - c.len_utf8();
    if c.is_alphanumeric() {
        loop {
            // Runs of ASCII letters and digits byte by byte, as in `next_token`.
            while start > floor && bytes[start - 1].is_ascii_alphanumeric() {
                start -= 1;
            }
            let Some(d) = text[floor..start].chars().next_back() else { break };
            if d.is_alphanumeric() {
                start -= d.len_utf8();
                continue;
            }
            if !is_joiner(d) {
                break;
            }
            let before = start - d.len_utf8();
            match text[floor..before].chars().next_back() {
                Some(e) if e.is_alphanumeric() => start = before - e.len_utf8(),
                _ => break,
            }
        }
    }
    let space_before = char_before(text, start).is_some_and(char::is_whitespace);
    Some(Tok { start, end, space_before })
}

/// The end of the run of letters at `at` (the parts of "twenty-four" one at a time).
fn alphabetic_end(text: &str, at: usize, limit: usize) -> usize {
    let mut p = at;
    for c in text[at..limit.min(text.len()).max(at)].chars() {
        if !c.is_alphabetic() {
            break;
        }
        p += c.len_utf8();
    }
    p
}

/// The start of the next word for number parsing, skipping white space or one hyphen
/// ("twenty-four"); `true` when a hyphen was skipped.
fn next_word_start(text: &str, at: usize, limit: usize) -> Option<(usize, bool)> {
    let limit = limit.min(text.len());
    match char_at(text, at)? {
        '-' if at < limit => {
            let n = at + 1;
            char_at(text, n).filter(|c| c.is_alphabetic()).map(|_| (n, true))
        }
        c if c.is_whitespace() => {
            let s = start_after_gap(text, at, limit);
            (s < limit).then_some((s, false))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_lexicon::QuantityLexicon;

    fn tagger() -> QuantityTagger {
        let lex = QuantityLexicon::parse(include_str!("../../../lexicon/quantities.txt"), "quantities.txt").unwrap();
        QuantityTagger::new(&lex)
    }

    fn all(t: &QuantityTagger, text: &str) -> Vec<Quantity> {
        let sentences = vec![Sentence { text: text.to_string(), start: 0, end: text.len() }];
        t.find(text, &sentences, &[])
    }

    /// Asserts that `text` holds exactly one quantity with these fields.
    #[track_caller]
    fn one(t: &QuantityTagger, text: &str, value: f64, unit: Option<&str>, approx: Approx, span: &str) {
        let qs = all(t, text);
        assert_eq!(qs.len(), 1, "{text}: {qs:#?}");
        let q = &qs[0];
        assert_eq!(q.value, value, "{text}: value");
        assert_eq!(q.unit.as_deref(), unit, "{text}: unit");
        assert_eq!(q.approx, approx, "{text}: approx");
        assert_eq!(q.text, span, "{text}: text");
        assert_eq!(&text[q.start..q.end], q.text, "{text}: offsets");
    }

    #[track_caller]
    fn none(t: &QuantityTagger, text: &str) {
        let qs = all(t, text);
        assert!(qs.is_empty(), "{text}: {qs:#?}");
    }

    use Approx::{About, AtLeast, AtMost, Exact};

    #[test]
    fn troops_and_casualties() {
        let t = tagger();
        one(
            &t,
            "Russia has deployed close to 11,000 North Korean troops in Kursk.",
            11000.0,
            Some("troop"),
            About,
            "close to 11,000 North Korean troops",
        );
        one(&t, "The brigade lost 2,600 soldiers near Pokrovsk.", 2600.0, Some("soldier"), Exact, "2,600 soldiers");
        one(
            &t,
            "Gunmen killed at least 12 civilians in a village near Mopti in central Mali.",
            12.0,
            Some("civilian"),
            AtLeast,
            "at least 12 civilians",
        );
        one(
            &t,
            "An Israeli strike on a school in Gaza City killed at least 12, the civil defence agency said.",
            12.0,
            Some("person"),
            AtLeast,
            "at least 12",
        );
        one(&t, "In El Fasher, 45 were killed when the RSF shelled the market.", 45.0, Some("person"), Exact, "45");
        one(
            &t,
            "More than 150,000 people have been killed in Sudan's war.",
            150000.0,
            Some("person"),
            AtLeast,
            "More than 150,000 people",
        );
        one(
            &t,
            "Nearly 30 wounded Ukrainian soldiers were evacuated.",
            30.0,
            Some("soldier"),
            About,
            "Nearly 30 wounded Ukrainian soldiers",
        );
        one(
            &t,
            "The junta's air strikes killed some 40 Rohingya children in Rakhine.",
            40.0,
            Some("child"),
            About,
            "some 40 Rohingya children",
        );
        one(
            &t,
            "Houthi forces seized 25 crew members from the Galaxy Leader.",
            25.0,
            Some("crew member"),
            Exact,
            "25 crew members",
        );
        one(
            &t,
            "M23 rebels hold up to 4,000 prisoners of war near Goma.",
            4000.0,
            Some("prisoner"),
            AtMost,
            "up to 4,000 prisoners of war",
        );
        one(
            &t,
            "The police said 2,000 civilian casualties were reported.",
            2000.0,
            Some("casualty"),
            Exact,
            "2,000 civilian casualties",
        );
        one(&t, "Azerbaijan returned 32 Armenian prisoners.", 32.0, Some("prisoner"), Exact, "32 Armenian prisoners");
    }

    #[test]
    fn number_words_and_vague_amounts() {
        let t = tagger();
        one(
            &t,
            "Ukraine launched two dozen drones at Crimea overnight.",
            24.0,
            Some("drone"),
            Exact,
            "two dozen drones",
        );
        one(
            &t,
            "About a dozen Hamas militants crossed the fence.",
            12.0,
            Some("militant"),
            About,
            "About a dozen Hamas militants",
        );
        one(&t, "Hundreds of civilians fled Tillaberi.", 100.0, Some("civilian"), AtLeast, "Hundreds of civilians");
        one(
            &t,
            "Tens of thousands of Sudanese refugees crossed into Chad.",
            10000.0,
            Some("refugee"),
            AtLeast,
            "Tens of thousands of Sudanese refugees",
        );
        one(
            &t,
            "The war has displaced hundreds of thousands of people in Ituri.",
            100000.0,
            Some("person"),
            AtLeast,
            "hundreds of thousands of people",
        );
        one(
            &t,
            "Twenty-four Venezuelan soldiers were detained.",
            24.0,
            Some("soldier"),
            Exact,
            "Twenty-four Venezuelan soldiers",
        );
        one(
            &t,
            "The convoy carried three hundred tonnes of flour to Gaza.",
            300.0,
            Some("ton"),
            Exact,
            "three hundred tonnes",
        );
        one(
            &t,
            "Nearly half a million people have fled Lebanon into Syria.",
            500000.0,
            Some("person"),
            About,
            "Nearly half a million people",
        );
        one(&t, "A million refugees remain in Poland.", 1000000.0, Some("refugee"), Exact, "A million refugees");
        one(
            &t,
            "Some 1.5 million refugees live in camps near Cox's Bazar.",
            1500000.0,
            Some("refugee"),
            About,
            "Some 1.5 million refugees",
        );
        one(
            &t,
            "Several thousand Wagner fighters moved into Mali.",
            1000.0,
            Some("fighter"),
            AtLeast,
            "Several thousand Wagner fighters",
        );
        one(
            &t,
            "Two hundred and fifty hostages were taken on October 7.",
            250.0,
            Some("hostage"),
            Exact,
            "Two hundred and fifty hostages",
        );
        one(&t, "Israeli strikes killed dozens in Khan Younis.", 12.0, Some("person"), AtLeast, "dozens");
    }

    #[test]
    fn money() {
        let t = tagger();
        one(&t, "The EU pledged over €20 billion to Ukraine.", 20e9, Some("EUR"), AtLeast, "over €20 billion");
        one(&t, "Washington approved a $300m package for Taiwan.", 300e6, Some("USD"), Exact, "$300m");
        one(&t, "The deal is worth $1.2bn, officials said.", 1.2e9, Some("USD"), Exact, "$1.2bn");
        one(
            &t,
            "Japan gave US$5 million to the World Food Programme for Yemen.",
            5e6,
            Some("USD"),
            Exact,
            "US$5 million",
        );
        one(&t, "Britain announced £40m in aid for Sudan.", 40e6, Some("GBP"), Exact, "£40m");
        one(&t, "Russia fined Google 2.5 billion roubles.", 2.5e9, Some("RUB"), Exact, "2.5 billion roubles");
        one(&t, "Kyiv raised 12 billion hryvnias in war bonds.", 12e9, Some("UAH"), Exact, "12 billion hryvnias");
        one(&t, "Seoul froze 5 billion won in North Korean assets.", 5e9, Some("KRW"), Exact, "5 billion won");
        one(
            &t,
            "Ottawa sent 500 million Canadian dollars in military aid.",
            500e6,
            Some("CAD"),
            Exact,
            "500 million Canadian dollars",
        );
        one(&t, "The fine was EUR 20 billion.", 20e9, Some("EUR"), Exact, "EUR 20 billion");
        one(&t, "Caracas owes USD 3.5 million to Chinese lenders.", 3.5e6, Some("USD"), Exact, "USD 3.5 million");
        one(
            &t,
            "Iran lost roughly 20 billion euros of oil revenue to sanctions.",
            20e9,
            Some("EUR"),
            About,
            "roughly 20 billion euros",
        );
        one(&t, "Beijing lent 10 billion yuan to Islamabad.", 10e9, Some("CNY"), Exact, "10 billion yuan");
        one(
            &t,
            "Islamabad budgeted 2 trillion Pakistani rupees for defence.",
            2e12,
            Some("PKR"),
            Exact,
            "2 trillion Pakistani rupees",
        );
        one(
            &t,
            "Israel transferred 700 million shekels to the Palestinian Authority.",
            700e6,
            Some("ILS"),
            Exact,
            "700 million shekels",
        );
        one(&t, "Nigeria paid 15 billion naira in ransom.", 15e9, Some("NGN"), Exact, "15 billion naira");
        one(&t, "The loan of 5,000 pounds was repaid.", 5000.0, Some("GBP"), Exact, "5,000 pounds");
    }

    #[test]
    fn units_percent_and_markers() {
        let t = tagger();
        one(&t, "Police seized 5,000 pounds of explosives in Lagos.", 5000.0, Some("pound"), Exact, "5,000 pounds");
        one(&t, "Six F-16 jets arrived in Romania.", 6.0, Some("jet"), Exact, "Six F-16 jets");
        one(
            &t,
            "Russia fired more than 1,000+ drones at Kharkiv in March.",
            1000.0,
            Some("drone"),
            AtLeast,
            "more than 1,000+ drones",
        );
        one(&t, "Turnout fell to 40% in Myanmar's staged vote.", 40.0, Some("percent"), Exact, "40%");
        one(&t, "Inflation in Venezuela reached 190 per cent.", 190.0, Some("percent"), Exact, "190 per cent");
        one(
            &t,
            "Chinese warships sailed 24 nautical miles off Taiwan.",
            24.0,
            Some("mile"),
            Exact,
            "24 nautical miles",
        );
        one(&t, "The convoy was stopped 10km from Rafah.", 10.0, Some("kilometre"), Exact, "10km");
        one(
            &t,
            "China sent 1,000-plus aircraft into the Taiwan Strait zone.",
            1000.0,
            Some("aircraft"),
            AtLeast,
            "1,000-plus aircraft",
        );
        one(
            &t,
            "Between 3,000 and 5,000 Eritrean troops remain in Tigray.",
            3000.0,
            Some("troop"),
            AtLeast,
            "Between 3,000 and 5,000 Eritrean troops",
        );
        one(
            &t,
            "Fewer than 200 Armenian residents stayed in Stepanakert.",
            200.0,
            Some("resident"),
            AtMost,
            "Fewer than 200 Armenian residents",
        );
        one(&t, "The 2000 troops sent in March were rotated.", 2000.0, Some("troop"), Exact, "2000 troops");
        one(
            &t,
            "Boko Haram abducted 300 schoolgirls or more from Kankara.",
            300.0,
            Some("student"),
            AtLeast,
            "300 schoolgirls or more",
        );
    }

    #[test]
    fn numbers_that_are_not_quantities() {
        let t = tagger();
        none(&t, "The Security Council adopted Resolution 2334 in 2016.");
        none(&t, "In 2022 Russian troops crossed the border.");
        none(&t, "The talks resumed on 1 November at 10:30 in Doha.");
        none(&t, "The G7 agreed to send more F-16 and Su-35 parts.");
        none(&t, "She lives at No. 10 with her two cats.");
        none(&t, "The 2nd Brigade and the 3rd Battalion moved north.");
        none(&t, "One in five children in Yemen is malnourished.");
        none(&t, "A third of Gaza's population faces famine.");
        none(&t, "Call +44 20 7946 0958 for details.");
        none(&t, "Two T-72 tanks were filmed.".replace("Two ", "The ").as_str());
        none(&t, "The 12-year-old boy was killed 12 years ago.");
        none(&t, "North Korea won 5 medals and he said 5,000 in total.");
        none(&t, "Someone said the 40m wall would be finished by 2025.");
        none(&t, "The ceasefire of 24/7 monitoring began on 12/10/2024.");
        none(&t, "The MH17 case and Covid-19 dominated Article 5 talks.");
        none(&t, "No one knows; one of the drones was shot down.");
    }

    #[test]
    fn ranges_changes_and_attributive_nouns() {
        let t = tagger();
        one(
            &t,
            "Aid agencies said 3-5 million people in Sudan were at risk of famine.",
            3e6,
            Some("person"),
            AtLeast,
            "3-5 million people",
        );
        one(
            &t,
            "Between 20 and 30 Tatmadaw soldiers surrendered in Lashio.",
            20.0,
            Some("soldier"),
            AtLeast,
            "Between 20 and 30 Tatmadaw soldiers",
        );
        // "from 500 to 1,000" is a change: only the new figure counts troops.
        one(&t, "The Sahel force grew from 500 to 1,000 troops.", 1000.0, Some("troop"), Exact, "1,000 troops");
        // A count before a singular noun modifies the next noun: no unit to report.
        none(&t, "The 20 flight attendants and the 1987 target were discussed.");
        // A singular noun chains into the head noun: "tank shells".
        one(
            &t,
            "Armenia said Azerbaijan fired 300 tank shells at Jermuk.",
            300.0,
            Some("shell"),
            Exact,
            "300 tank shells",
        );
        one(&t, "The strike destroyed one tank near Kupiansk.", 1.0, Some("tank"), Exact, "one tank");
        // A percentage does not chain into a following noun.
        one(&t, "Venezuela missed its five pct target for oil output.", 5.0, Some("percent"), Exact, "five pct");
        one(
            &t,
            "Maduro's government received 2m barrels per day of diluent.",
            2e6,
            Some("barrel per day"),
            Exact,
            "2m barrels per day",
        );
        one(
            &t,
            "The US imposed sanctions on 300 Russian entities and individuals.",
            300.0,
            Some("entity"),
            Exact,
            "300 Russian entities",
        );
        one(
            &t,
            "The Taiwan Strait saw 45 Chinese military aircraft on Sunday.",
            45.0,
            Some("aircraft"),
            Exact,
            "45 Chinese military aircraft",
        );
        one(
            &t,
            "Donors pledged $1.5 billion to $2 billion for Gaza reconstruction.",
            1.5e9,
            Some("USD"),
            AtLeast,
            "$1.5 billion to $2 billion",
        );
        one(&t, "Kinshasa budgeted €3-4bn for the army.", 3e9, Some("EUR"), AtLeast, "€3-4bn");
    }

    #[test]
    fn analysts_extend_the_lexicon() {
        let mut lex =
            QuantityLexicon::parse(include_str!("../../../lexicon/quantities.txt"), "quantities.txt").unwrap();
        let t = QuantityTagger::new(&lex);
        none(&t, "The army lost 40 Lancets near Robotyne.");
        lex.extend(QuantityLexicon::parse("noun | drone | Lancet; Lancets\n", "user/quantities.txt").unwrap());
        let t = QuantityTagger::new(&lex);
        one(&t, "The army lost 40 Lancets near Robotyne.", 40.0, Some("drone"), Exact, "40 Lancets");
    }

    #[test]
    fn excluded_time_ranges_and_sentences() {
        let t = tagger();
        let text = "On 5 November 300 soldiers arrived. Two days later 40 tanks followed.";
        let second = text.find("Two").unwrap();
        let sentences = vec![
            Sentence { text: text[..second - 1].to_string(), start: 0, end: second - 1 },
            Sentence { text: text[second..].to_string(), start: second, end: text.len() },
        ];
        let qs = t.find(text, &sentences, &[(3, 13)]);
        let got: Vec<_> = qs.iter().map(|q| (q.text.as_str(), q.sentence, q.value)).collect();
        assert_eq!(got, vec![("300 soldiers", 0, 300.0), ("40 tanks", 1, 40.0)]);
        // A quantity never reaches into the next sentence.
        let text = "Troops killed 12. Soldiers from Goma arrived.";
        let cut = text.find("Soldiers").unwrap();
        let sentences = vec![
            Sentence { text: text[..cut - 1].to_string(), start: 0, end: cut - 1 },
            Sentence { text: text[cut..].to_string(), start: cut, end: text.len() },
        ];
        let qs = t.find(text, &sentences, &[]);
        assert_eq!(qs.len(), 1);
        assert_eq!((qs[0].text.as_str(), qs[0].unit.as_deref()), ("12", Some("person")));
    }

    #[test]
    fn odd_text_does_not_panic() {
        let t = tagger();
        for text in [
            "",
            "1",
            "€",
            "$",
            "a",
            "٣ ١٢ 12€ ½ million",
            "12\u{a0}000 soldats",
            "1,000,",
            "1.",
            "1,00",
            "—5—",
            "10-",
            "twenty-",
            "a dozen",
            "hundreds of",
            "between 3 and",
            "€1,2 млн",
            "99999999999999999999999 troops",
            "£",
            "ₓ12 ½ ¾ ５ troops",
            "12 troops",
            "killed 5",
            "...,,,123,,,...",
            "1e10 drones",
            "3-5 million",
        ] {
            let _ = all(&t, text);
            let _ = t.find(text, &[], &[]);
        }
    }

    /// Speed and sanity over a news corpus (JSON lines with a "text" field):
    /// `SITREP_QUANTITY_CORPUS=path cargo test --release -- --ignored --nocapture quantity_speed`.
    /// Defaults to the Reuters-21578 bodies in the shared data folder; skips when absent.
    #[test]
    #[ignore]
    fn quantity_speed() {
        let path = std::env::var("SITREP_QUANTITY_CORPUS")
            .unwrap_or_else(|_| "/work/shared/data/reuters21578/reuters21578_body.jsonl".to_string());
        let Ok(data) = std::fs::read_to_string(&path) else {
            eprintln!("no corpus at {path}; skipped");
            return;
        };
        let texts: Vec<String> = data
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
            .collect();
        let t = tagger();
        let bytes: usize = texts.iter().map(String::len).sum();
        let started = std::time::Instant::now();
        let mut found = Vec::new();
        for text in &texts {
            let sentences = vec![Sentence { text: String::new(), start: 0, end: text.len() }];
            for q in t.find(text, &sentences, &[]) {
                assert_eq!(&text[q.start..q.end], q.text);
                found.push(q);
            }
        }
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "{} documents, {:.1} MB, {} quantities, {:.3} s: {:.0} MB/s",
            texts.len(),
            bytes as f64 / 1e6,
            found.len(),
            secs,
            bytes as f64 / 1e6 / secs
        );
        let step = (found.len() / 30).max(1);
        for q in found.iter().step_by(step).take(30) {
            eprintln!(
                "  {:<40} {:>16} {:<12} {:?}",
                format!("{:?}", q.text),
                q.value,
                q.unit.as_deref().unwrap_or("-"),
                q.approx
            );
        }
    }

    #[test]
    fn tagger_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<QuantityTagger>();
    }
}
