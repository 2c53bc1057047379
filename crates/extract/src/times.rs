//! Time expressions: dates, relative dates and durations in running news text,
//! resolved to ISO 8601 / TimeML (TIMEX3) values against the publication date.
//!
//! # Why
//! An event is only useful for analysis when it can be placed on a timeline: "the
//! strike on Tuesday" in an article published on 2024-10-22 happened on 2024-10-22,
//! "last month" means 2024-09. The tagger finds such expressions and writes each one
//! as a [`TimeExpr`] whose `value` has the expression's own granularity.
//!
//! # What it finds (values resolved against a publication date of Tuesday 2024-10-22)
//!
//! | text | value | notes |
//! |---|---|---|
//! | `on 24 February 2022`, `February 24, 2022`, `Nov. 1, 2023`, `2023-11-01` | `2022-02-24` ... | absolute days |
//! | `by 1 November`, `November 1` | `2024-11-01` | day without year: see *Year inference* |
//! | `August 2024`, `in August`, `late August`, `at the beginning of August`, `mid-August` | `2024-08` | months |
//! | `in 2022`, `since 2014`, `by the end of 2024`, `the 2022 invasion` (just `2022`) | `2022` ... | years need context |
//! | `in the 1990s`, `the '90s` | `199` | decades |
//! | `the 20th century` | `19` | centuries |
//! | `yesterday`, `today`, `tonight`, `tomorrow`, `last night`, `this morning` | `2024-10-21` ... | |
//! | `on Tuesday`, `Tuesday night`, `on Friday`, `last Tuesday`, `next Friday` | `2024-10-22`, `2024-10-18`, `2024-10-15`, `2024-10-25` | |
//! | `last week`, `this week`, `earlier this week` | `2024-W42`, `2024-W43` | ISO weeks |
//! | `over the weekend`, `last weekend` | `2024-W42-WE` | TimeML weekend of an ISO week |
//! | `last month`, `earlier this month`, `next month` | `2024-09`, `2024-10`, `2024-11` | |
//! | `last year`, `earlier this year`, `early next year` | `2023`, `2024`, `2025` | |
//! | `five days ago`, `three weeks ago`, `two months ago`, `a year ago`, `a year earlier` | `2024-10-17`, `2024-W40`, `2024-08`, `2023`, `2023` | the unit sets the granularity |
//! | `last summer`, `in the spring of 2023`, `winter 2022` | `2024-SU`, `2023-SP`, `2022-WI` | TimeML seasons |
//! | `the third quarter`, `Q1 2024`, `the first half of 2023` | `2024-Q3`, `2024-Q1`, `2023-H1` | |
//! | `the past year`, `over the last week`, `the next month` | `2023`, `2024-W42`, `2024-11` | TimeML reads these as dates |
//! | `three days`, `for two years`, `the past 48 hours`, `a 90-day ceasefire`, `the past decade` | `P3D`, `P2Y`, `PT48H`, `P90D`, `P10Y` | durations (TIMEX3 DURATION) |
//! | `now`, `recently`, `in the past`, `the near future` | `PRESENT_REF`, `PAST_REF`, `FUTURE_REF` | TimeML references |
//! | `a few days`, `for years`, `a couple of years` | `PXD`, `PXY`, `P2Y` | durations without a number |
//! | `every week`, `twice a year`, `daily`, `every Friday` | `P1W`, `P1Y`, `P1D`, `XXXX-WXX-5` | sets (TIMEX3 SET) |
//!
//! A leading preposition or modifier is part of the span ("in 2022", "by 1 November",
//! "since 2014", "at the beginning of August", "earlier this month"), so `text` reads as
//! a phrase; expressions never overlap (the longest wins).
//!
//! Expressions without a calendar value take TimeML's values: "now", "currently", "these
//! days" are `PRESENT_REF`, "recently", "in the past", "a few years ago" `PAST_REF`, "the
//! (near) future" `FUTURE_REF`; "a few days", "several years", "in recent weeks", "the next
//! few months", "for years" are durations of an unspecified number (`PXD`, `PXY`, `PXW`,
//! `PXM`); sets ("every week", "each month", "twice a year", "daily", "annually", "every
//! Friday") are `P1W`, `P1M`, `P1Y`, `P1D`, `XXXX-WXX-5`. Anaphoric "that day" or "the
//! following year" are skipped. A clock time is kept in the span of its day
//! ("at 15:00 GMT Saturday") but values stop at the day. Relative expressions need the
//! publication date; without one, dates without a year keep TimeML's unspecified year
//! ("on 5 March" is `XXXX-03-05`) and other relative expressions are dropped.
//!
//! Bare four-digit numbers are years only in context: after a preposition or modifier
//! ("in", "since", "by", "of", "early", "mid-", "the end of"...), or between a
//! determiner and a word ("the 2022 invasion", "Russia's 2014 annexation"), and never
//! before a counted noun ("the 1500 troops"), inside a number ("2,600") or in a
//! number range ("from 1900 to 2100 people"). Month names that are also words or names
//! (March, May, April, June, August) need a day, a year, a preposition or a modifier.
//! Lower-case month names (lower-cased copy) need the same even for the others, and
//! "may" and "august" never count;
//! weekdays after "Good", "Super", "Black"... or before a capitalised word ("Sunday
//! Times") are names.
//!
//! # Year inference
//! News is mostly about the recent past, but announcements look ahead. A date without
//! a year (a day, month, season or quarter) first looks for a *direction*:
//! - backward: "since", or a past marker among the three words before it ("was",
//!   "had", a verb in "-ed": "the fiscal year ended Jan. 31", "shares issued July 1";
//!   not a passive "to be published" nor a verb that moves dates: "was postponed until");
//! - forward: a preposition "by", "until", "till", "through", "starting", or a future
//!   marker among the 15 or so words before it in the same sentence ("will", "would",
//!   "due", "scheduled", "expected", "set to", "to be", "plans to", "upcoming"...).
//!
//! Backward takes the last occurrence on or before the publication date. Forward takes
//! the first day after the fortnight before the publication date (a report may be a few
//! days late), or the first month, season or quarter that has not ended. Without a
//! direction, a *day* ("1 November") takes the occurrence within the eight months
//! before or the four months after the publication date (dated reports name days close
//! to the dateline, mostly just past, sometimes scheduled), and a *month, season or
//! quarter* ("in August") the most recent one that has begun, the current one included
//! (month names without a year overwhelmingly refer back).
//!
//! Weekdays follow the same cues: "on Friday" is the most recent Friday (the
//! publication day itself when it is a Friday), with a forward cue the next one;
//! "last Tuesday" is strictly before and "next Friday" strictly after the publication
//! date, "this Friday" is in the publication date's ISO week. "Last August" is the most
//! recent August strictly before the publication month. A weekday written next to a date
//! ("Friday, 1 November") chooses the year in which that date falls on that weekday.
//! "The weekend" is the weekend of the current ISO week when published on a Saturday or
//! Sunday, otherwise the one before (TimeML `YYYY-Www-WE`). Seasons use meteorological
//! months (spring = March-May ... winter = December-February, labelled with the year
//! of its December).
//!
//! # Speed
//! One Aho-Corasick pass over trigger words (months, weekdays, "yesterday"/"today"/
//! "tomorrow", unit words such as "week" or "year", seasons) and one byte scan for digit
//! runs (years, ISO dates, decades) find the few places worth a closer look; all
//! parsing then happens locally around those hits, word by word (one small regex looks
//! for future markers only when a date lacks its year), so the tagger runs at some
//! 300 MB/s on ordinary news text (release build, one core).
//!
//! # Example
//! ```
//! use sitrep_extract::times::TimeTagger;
//! use sitrep_model::Sentence;
//! let text = "Fighting resumed on Tuesday, two days ago.";
//! let sentences = [Sentence { text: text.into(), start: 0, end: text.len() }];
//! let published = chrono::NaiveDate::from_ymd_opt(2024, 10, 24);
//! let times = TimeTagger::new().find(text, &sentences, published);
//! assert_eq!(times[0].text, "on Tuesday");
//! assert_eq!(times[0].value, "2024-10-22");
//! assert_eq!(times[1].text, "two days ago");
//! assert_eq!(times[1].value, "2024-10-22");
//! ```

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::bytes8;
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use regex::Regex;
use sitrep_model::{Sentence, TimeExpr};

/// Finds time expressions in running news text and resolves them against the publication date.
pub struct TimeTagger {
    /// Trigger words (lower case ASCII letters and digits) and what they are.
    triggers: AhoCorasick,
    /// What each trigger pattern announces.
    kinds: Vec<Trig>,
    future_cue: Regex,
}

impl Default for TimeTagger {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for TimeTagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TimeTagger").field("triggers", &self.kinds.len()).finish()
    }
}

/// A unit of time named by a trigger word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    Fortnight,
    Weekend,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Season {
    Spring,
    Summer,
    Autumn,
    /// "fall": also a verb and a noun ("the fall of Kabul"), so it needs stronger context.
    Fall,
    Winter,
}

impl Season {
    fn code(self) -> &'static str {
        match self {
            Season::Spring => "SP",
            Season::Summer => "SU",
            Season::Autumn | Season::Fall => "FA",
            Season::Winter => "WI",
        }
    }
    /// First (meteorological) month.
    fn start_month(self) -> u32 {
        match self {
            Season::Spring => 3,
            Season::Summer => 6,
            Season::Autumn | Season::Fall => 9,
            Season::Winter => 12,
        }
    }
}

/// What a trigger word announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trig {
    /// Month number, and whether the word is an abbreviation ("Nov").
    Month(u32, bool),
    Weekday(Weekday),
    /// yesterday (-1), today (0), tomorrow (1).
    DayWord(i64),
    Tonight,
    /// Unit and whether the word is plural.
    Unit(Unit, bool),
    Season(Season),
    /// morning, afternoon, evening, night.
    DayPart,
    /// "Q1" ... "Q4".
    QuarterCode(u32),
    Half,
    /// "now", "recently", "the future": TimeML's PRESENT_REF, PAST_REF, FUTURE_REF.
    Reference(RefWord),
    /// "daily", "weekly", "annually": a set (TIMEX3 SET) of one unit.
    Frequency(Unit),
}

/// A word that places something relative to the present without a calendar value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RefWord {
    Now,
    Currently,
    Recently,
    Past,
    Future,
}

/// Words after "the past" / "the future" that show it ends a noun phrase ("in the past,
/// Russia"; "in the future when") rather than modifies a noun ("the past week", "the
/// future king").
const PHRASE_ENDERS: [&str; 30] = [
    "and", "or", "but", "that", "when", "as", "is", "was", "were", "are", "has", "have", "had", "will", "would", "may",
    "might", "could", "can", "because", "while", "so", "it", "they", "we", "he", "she", "i", "there", "if",
];

/// A relative modifier directly before a unit, month, weekday or season.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rel {
    Last,
    This,
    Next,
}

/// What was found to the left of an expression's head.
#[derive(Debug, Clone, Copy)]
struct Left {
    start: usize,
    rel: Option<Rel>,
    modifier: bool,
    prep: Option<&'static str>,
}

/// A candidate expression before overlap resolution.
#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    value: String,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const MONTH_ABBREVS: [(&str, u32); 12] = [
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];
const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Words that make a following weekday part of a name ("Good Friday").
const HOLIDAY_WORDS: [&str; 15] = [
    "good", "black", "super", "bloody", "palm", "easter", "ash", "holy", "maundy", "cyber", "blue", "shrove", "fat",
    "great", "clean",
];

/// Prepositions that become part of a time expression's span.
const PREPS: [&str; 21] = [
    "in",
    "on",
    "by",
    "until",
    "till",
    "since",
    "from",
    "to",
    "through",
    "throughout",
    "during",
    "before",
    "after",
    "at",
    "around",
    "between",
    "within",
    "over",
    "for",
    "into",
    "starting",
];

/// Words after a number that show it counts things rather than naming a year.
const COUNTED: [&str; 48] = [
    "soldiers",
    "troops",
    "people",
    "civilians",
    "men",
    "women",
    "children",
    "refugees",
    "migrants",
    "fighters",
    "militants",
    "police",
    "officers",
    "members",
    "residents",
    "votes",
    "seats",
    "km",
    "kilometres",
    "kilometers",
    "miles",
    "metres",
    "meters",
    "feet",
    "tonnes",
    "tons",
    "barrels",
    "dollars",
    "euros",
    "pounds",
    "hours",
    "hrs",
    "gmt",
    "utc",
    "local",
    "homes",
    "houses",
    "buildings",
    "families",
    "casualties",
    "deaths",
    "cases",
    "prisoners",
    "hostages",
    "rockets",
    "missiles",
    "drones",
    "jobs",
];

impl TimeTagger {
    /// Builds the trigger automaton and the future-cue pattern.
    pub fn new() -> TimeTagger {
        let mut patterns: Vec<String> = Vec::new();
        let mut kinds: Vec<Trig> = Vec::new();
        let mut add = |p: &str, t: Trig| {
            patterns.push(p.to_string());
            kinds.push(t);
        };
        for (i, m) in MONTHS.iter().enumerate() {
            add(m, Trig::Month(i as u32 + 1, false));
        }
        for (a, m) in MONTH_ABBREVS {
            add(a, Trig::Month(m, true));
        }
        for (w, d) in WEEKDAYS {
            add(w, Trig::Weekday(d));
        }
        add("yesterday", Trig::DayWord(-1));
        add("today", Trig::DayWord(0));
        add("tomorrow", Trig::DayWord(1));
        add("tonight", Trig::Tonight);
        let units: [(&str, Unit); 11] = [
            ("minute", Unit::Minute),
            ("hour", Unit::Hour),
            ("day", Unit::Day),
            ("week", Unit::Week),
            ("fortnight", Unit::Fortnight),
            ("weekend", Unit::Weekend),
            ("month", Unit::Month),
            ("quarter", Unit::Quarter),
            ("year", Unit::Year),
            ("decade", Unit::Decade),
            ("century", Unit::Century),
        ];
        for (w, u) in units {
            add(w, Trig::Unit(u, false));
            if u != Unit::Century {
                add(&format!("{w}s"), Trig::Unit(u, true));
            }
        }
        add("centuries", Trig::Unit(Unit::Century, true));
        for (w, s) in [
            ("spring", Season::Spring),
            ("summer", Season::Summer),
            ("autumn", Season::Autumn),
            ("fall", Season::Fall),
            ("winter", Season::Winter),
        ] {
            add(w, Trig::Season(s));
        }
        for w in ["morning", "afternoon", "evening", "night"] {
            add(w, Trig::DayPart);
        }
        for q in 1..=4u32 {
            add(&format!("q{q}"), Trig::QuarterCode(q));
        }
        add("half", Trig::Half);
        add("now", Trig::Reference(RefWord::Now));
        add("currently", Trig::Reference(RefWord::Currently));
        add("nowadays", Trig::Reference(RefWord::Currently));
        add("recently", Trig::Reference(RefWord::Recently));
        add("past", Trig::Reference(RefWord::Past));
        add("future", Trig::Reference(RefWord::Future));
        for (w, u) in [
            ("hourly", Unit::Hour),
            ("daily", Unit::Day),
            ("weekly", Unit::Week),
            ("monthly", Unit::Month),
            ("annually", Unit::Year),
            ("yearly", Unit::Year),
        ] {
            add(w, Trig::Frequency(u));
        }
        // The first meaning listed for a word is its meaning.
        let mut seen = std::collections::HashSet::new();
        let (patterns, kinds): (Vec<String>, Vec<Trig>) =
            patterns.into_iter().zip(kinds).filter(|(p, _)| seen.insert(p.clone())).unzip();
        let triggers = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("time trigger automaton");
        let future_cue = Regex::new(
            r"(?i)(?:\b(?:will|shall|would|due|scheduled|expected|set\s+to|to\s+be|plan(?:s|ned|ning)?\s+to|going\s+to|upcoming|intends?\s+to|aims?\s+to|slated|deadline|next)\b|'ll\b)",
        )
        .expect("future cue regex");
        TimeTagger { triggers, kinds, future_cue }
    }

    /// Finds the time expressions of a document.
    ///
    /// `text` is the whole normalised document; `sentences` its sentence spans (in order,
    /// covering the text); `published` the publication date if known. The result is in
    /// text order, without overlaps.
    pub fn find(&self, text: &str, sentences: &[Sentence], published: Option<NaiveDate>) -> Vec<TimeExpr> {
        let mut scan = Scan { text, b: text.as_bytes(), published, sentences, tagger: self, out: Vec::new() };
        // One automaton over the bytes rather than a lookup per word: its inner loop has
        // no branch on word boundaries, which a word scan mispredicts at nearly every
        // word. A match counts only as a whole word (`Scan::trigger` checks), and as the
        // triggers are letters and digits only, the leftmost-longest match at a word's
        // start is the whole word whenever the word is a trigger.
        for m in self.triggers.find_iter(text) {
            scan.trigger(self.kinds[m.pattern().as_usize()], m.start(), m.end());
        }
        scan.digits();
        select(scan.out)
            .into_iter()
            .map(|c| TimeExpr {
                sentence: sentence_of(sentences, c.start),
                text: text[c.start..c.end].to_string(),
                start: c.start,
                end: c.end,
                value: c.value,
            })
            .collect()
    }
}

/// Whether a value is ISO 8601 (a date at some granularity, or a duration with a
/// number), as opposed to TimeML's references (`PRESENT_REF`) and unspecified parts
/// (`PXY`, `XXXX-WXX-5`).
pub fn is_calendar_value(value: &str) -> bool {
    !value.ends_with("_REF") && !value.contains('X')
}

/// Index of the sentence holding byte `pos` (0 when there are no sentences).
fn sentence_of(sentences: &[Sentence], pos: usize) -> usize {
    sentences.partition_point(|s| s.start <= pos).saturating_sub(1)
}

/// Keeps the longest of overlapping candidates (the earlier one on a tie), in text order.
fn select(mut cands: Vec<Cand>) -> Vec<Cand> {
    cands.sort_by(|a, b| (b.end - b.start).cmp(&(a.end - a.start)).then(a.start.cmp(&b.start)));
    let mut taken: BTreeMap<usize, Cand> = BTreeMap::new();
    for c in cands {
        let clash_before = taken.range(..c.end).next_back().is_some_and(|(_, t)| t.end > c.start);
        if !clash_before {
            taken.insert(c.start, c);
        }
    }
    taken.into_values().collect()
}

/// Per-document scanning state.
struct Scan<'a> {
    text: &'a str,
    b: &'a [u8],
    published: Option<NaiveDate>,
    sentences: &'a [Sentence],
    tagger: &'a TimeTagger,
    out: Vec<Cand>,
}

fn eq(word: &str, lit: &str) -> bool {
    word.eq_ignore_ascii_case(lit)
}

fn is_one_of(word: &str, list: &[&'static str]) -> Option<&'static str> {
    list.iter().copied().find(|l| eq(word, l))
}

fn is_ws(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn is_title_case(w: &str) -> bool {
    let b = w.as_bytes();
    !b.is_empty() && b[0].is_ascii_uppercase() && b[1..].iter().all(|c| !c.is_ascii_uppercase())
}

fn is_lower(w: &str) -> bool {
    w.bytes().all(|c| !c.is_ascii_uppercase())
}

/// Lower case, Title case or ALL CAPS.
fn is_plain_case(w: &str) -> bool {
    is_lower(w) || is_title_case(w) || w.bytes().all(|c| !c.is_ascii_lowercase())
}

fn number_word(w: &str) -> Option<u32> {
    const WORDS: [(&str, u32); 30] = [
        ("a", 1),
        ("an", 1),
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("thirteen", 13),
        ("fourteen", 14),
        ("fifteen", 15),
        ("sixteen", 16),
        ("seventeen", 17),
        ("eighteen", 18),
        ("nineteen", 19),
        ("twenty", 20),
        ("thirty", 30),
        ("forty", 40),
        ("fifty", 50),
        ("sixty", 60),
        ("seventy", 70),
        ("eighty", 80),
        ("ninety", 90),
        ("hundred", 100),
    ];
    WORDS.iter().find(|(s, _)| eq(w, s)).map(|&(_, n)| n)
}

fn ordinal_word(w: &str) -> Option<u32> {
    const WORDS: [(&str, u32); 8] = [
        ("first", 1),
        ("second", 2),
        ("third", 3),
        ("fourth", 4),
        ("final", 4),
        ("eighteenth", 18),
        ("nineteenth", 19),
        ("twentieth", 20),
    ];
    if let Some(&(_, n)) = WORDS.iter().find(|(s, _)| eq(w, s)) {
        return Some(n);
    }
    // "1st", "3rd", "20th"
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let suffix = &w[digits..];
    if ["st", "nd", "rd", "th"].iter().any(|s| eq(suffix, s)) {
        w[..digits].parse().ok()
    } else {
        None
    }
}

/// A number in front of a unit word.
#[derive(Debug, Clone, Copy)]
struct Num {
    start: usize,
    value: f64,
    /// "a", "an" or "one": a duration only with supporting context.
    article: bool,
}

fn fmt_day(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn fmt_month(y: i32, m: u32) -> String {
    format!("{y:04}-{m:02}")
}

fn fmt_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// A TIMEX3 duration of `n` units (`n` may be "X", unspecified): "P3D", "PT2H", "PXY".
/// Weekends, decades and centuries have no single designator here.
fn duration_value(unit: Unit, n: &str) -> Option<String> {
    Some(match unit {
        Unit::Minute => format!("PT{n}M"),
        Unit::Hour => format!("PT{n}H"),
        Unit::Day => format!("P{n}D"),
        Unit::Week => format!("P{n}W"),
        Unit::Month => format!("P{n}M"),
        Unit::Quarter => format!("P{n}Q"),
        Unit::Year => format!("P{n}Y"),
        Unit::Fortnight | Unit::Weekend | Unit::Decade | Unit::Century => return None,
    })
}

fn fmt_number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

fn add_months(d: NaiveDate, n: i32) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_months(Months::new(n as u32))
    } else {
        d.checked_sub_months(Months::new(n.unsigned_abs()))
    }
}

/// Days from `from` forward to weekday `to` (0..=6).
fn days_until(from: Weekday, to: Weekday) -> i64 {
    (to.num_days_from_monday() as i64 - from.num_days_from_monday() as i64).rem_euclid(7)
}

/// Quarter (1..=4) of a month.
fn quarter_of(month: u32) -> u32 {
    (month - 1) / 3 + 1
}

/// Resolves a month without a year: `forward` = Some(true) for the first on or after the
/// publication month, otherwise the most recent one that has begun.
fn resolve_month(p: NaiveDate, m: u32, forward: Option<bool>) -> i32 {
    if forward == Some(true) {
        if m >= p.month() {
            p.year()
        } else {
            p.year() + 1
        }
    } else if m <= p.month() {
        p.year()
    } else {
        p.year() - 1
    }
}

/// Resolves a day without a year (see the module docs).
fn resolve_day(p: NaiveDate, m: u32, d: u32, forward: Option<bool>, weekday: Option<Weekday>) -> Option<NaiveDate> {
    let options: Vec<NaiveDate> =
        (p.year() - 1..=p.year() + 1).filter_map(|y| NaiveDate::from_ymd_opt(y, m, d)).collect();
    if let Some(wd) = weekday {
        let matching = options.iter().copied().filter(|x| x.weekday() == wd);
        if let Some(best) = matching.min_by_key(|x| (*x - p).num_days().abs()) {
            return Some(best);
        }
    }
    let after = |from: NaiveDate| options.iter().copied().filter(|x| *x > from).min();
    match forward {
        // the first occurrence after the fortnight before publication
        Some(true) => after(p - Days::new(14)),
        Some(false) => options.iter().copied().filter(|x| *x <= p).max(),
        // the occurrence within the 8 months before or the 4 months after publication
        None => after(p - Days::new(243)),
    }
}

/// Index (year * 12 + month0) of a season's first month, labelled by year `y`.
fn season_index(y: i32, s: Season) -> i64 {
    y as i64 * 12 + s.start_month() as i64 - 1
}

fn resolve_season(p: NaiveDate, s: Season, rel: Option<Rel>, forward: Option<bool>) -> i32 {
    let now = p.year() as i64 * 12 + p.month() as i64 - 1;
    let started = |y: i32| season_index(y, s) <= now;
    let ended = |y: i32| season_index(y, s) + 2 < now;
    let ys = p.year() - 2..=p.year() + 1;
    match (rel, forward) {
        (Some(Rel::Last), _) => ys.filter(|&y| ended(y)).max().unwrap_or(p.year() - 1),
        (Some(Rel::Next), _) => ys.filter(|&y| !started(y)).min().unwrap_or(p.year() + 1),
        (Some(Rel::This), _) => {
            // The current season when inside it, else the one labelled with this year.
            ys.clone().find(|&y| started(y) && !ended(y) && season_index(y, s) + 2 >= now).unwrap_or(p.year())
        }
        (None, Some(true)) => ys.filter(|&y| season_index(y, s) + 2 >= now).min().unwrap_or(p.year()),
        (None, _) => ys.filter(|&y| started(y)).max().unwrap_or(p.year()),
    }
}

fn resolve_quarter(p: NaiveDate, q: u32, forward: Option<bool>) -> i32 {
    let cur = quarter_of(p.month());
    if forward == Some(true) {
        if q >= cur {
            p.year()
        } else {
            p.year() + 1
        }
    } else if q <= cur {
        p.year()
    } else {
        p.year() - 1
    }
}

impl<'a> Scan<'a> {
    fn push(&mut self, mut start: usize, end: usize, value: String) {
        // "after Thursday's ruling", "in this year's campaign": the preposition governs
        // the noun after the possessive, not the time.
        if self.b[end..].starts_with(b"'s") || self.b[end..].starts_with(b"' ") {
            let first = self.b[start..end].iter().position(|c| !c.is_ascii_alphabetic()).map_or(end, |k| start + k);
            if is_one_of(&self.text[start..first], &PREPS).is_some() {
                start = self.skip_ws(first);
            }
        }
        if start < end {
            self.out.push(Cand { start, end, value });
        }
    }

    fn word(&self, (s, e): (usize, usize)) -> &'a str {
        &self.text[s..e]
    }

    /// Whether the character ending at `pos` is part of a word.
    fn word_char_before(&self, pos: usize) -> bool {
        if pos == 0 {
            return false;
        }
        let c = self.b[pos - 1];
        if c < 0x80 {
            c.is_ascii_alphanumeric() || c == b'_'
        } else {
            self.text[..pos].chars().next_back().is_some_and(char::is_alphanumeric)
        }
    }

    /// Whether the character starting at `pos` is part of a word.
    fn word_char_at(&self, pos: usize) -> bool {
        match self.b.get(pos) {
            None => false,
            Some(&c) if c < 0x80 => c.is_ascii_alphanumeric() || c == b'_',
            Some(_) => self.text[pos..].chars().next().is_some_and(char::is_alphanumeric),
        }
    }

    fn skip_ws_back(&self, mut pos: usize) -> usize {
        while pos > 0 && is_ws(self.b[pos - 1]) {
            pos -= 1;
        }
        pos
    }

    fn skip_ws(&self, mut pos: usize) -> usize {
        while pos < self.b.len() && is_ws(self.b[pos]) {
            pos += 1;
        }
        pos
    }

    /// The ASCII word (letters and digits) before `pos`, across spaces.
    fn word_before(&self, pos: usize) -> Option<(usize, usize)> {
        let e = self.skip_ws_back(pos);
        if e == 0 || !self.b[e - 1].is_ascii_alphanumeric() {
            return None;
        }
        let mut s = e;
        while s > 0 && self.b[s - 1].is_ascii_alphanumeric() {
            s -= 1;
        }
        if self.word_char_before(s) {
            return None;
        }
        Some((s, e))
    }

    /// The ASCII word (letters and digits) after `pos`, across spaces.
    fn word_after(&self, pos: usize) -> Option<(usize, usize)> {
        let s = self.skip_ws(pos);
        let mut e = s;
        while e < self.b.len() && self.b[e].is_ascii_alphanumeric() {
            e += 1;
        }
        if e == s || self.word_char_at(e) {
            return None;
        }
        Some((s, e))
    }

    /// The word before `pos` if it is one of `list` (case-insensitive).
    fn before_is(&self, pos: usize, list: &[&'static str]) -> Option<(usize, &'static str)> {
        let w = self.word_before(pos)?;
        is_one_of(self.word(w), list).map(|l| (w.0, l))
    }

    fn after_is(&self, pos: usize, list: &[&'static str]) -> Option<(usize, &'static str)> {
        let w = self.word_after(pos)?;
        is_one_of(self.word(w), list).map(|l| (w.1, l))
    }

    /// Whether the word before `pos` is capitalised (a name such as "Theresa May" or
    /// "Super Tuesday"), ignoring recognised function words.
    fn capitalised_before(&self, pos: usize) -> bool {
        self.word_before(pos).is_some_and(|w| {
            let word = self.word(w);
            word.as_bytes()[0].is_ascii_uppercase()
                && is_one_of(word, &PREPS).is_none()
                && is_one_of(word, &["the", "a", "an", "and", "or", "but", "last", "next", "this"]).is_none()
        })
    }

    /// Whether `pos` starts a sentence, line or quotation.
    fn sentence_initial(&self, pos: usize) -> bool {
        let p = self.skip_ws_back(pos);
        p == 0 || matches!(self.b[p - 1], b'.' | b'!' | b'?' | b'\n' | b'"' | b'\'' | b'(' | b':' | b'-')
    }

    fn capitalised_after(&self, pos: usize) -> bool {
        self.word_after(pos).is_some_and(|w| self.b[w.0].is_ascii_uppercase())
    }

    /// A relative modifier ("last", "this", "next", "this past", "this coming", "the
    /// current") right before `pos`.
    fn rel_before(&self, pos: usize) -> Option<(usize, Rel)> {
        let (s, w) = self.before_is(pos, &["last", "this", "next", "past", "coming", "current"])?;
        let the = self.before_is(s, &["the"]);
        match w {
            "last" | "next" if the.is_some() => None,
            "last" => Some((s, Rel::Last)),
            "next" => Some((s, Rel::Next)),
            "this" => Some((s, Rel::This)),
            "past" => self.before_is(s, &["this"]).map(|(s, _)| (s, Rel::Last)),
            "coming" => self.before_is(s, &["this"]).map(|(s, _)| (s, Rel::Next)),
            _ => the.map(|(s, _)| (s, Rel::This)),
        }
    }

    /// "early", "late", "mid-", "earlier", "later", "the beginning of", "the end of" ...
    fn modifier_before(&self, pos: usize) -> Option<usize> {
        if pos >= 4
            && self.b[pos - 1] == b'-'
            && self.b[pos - 4..pos - 1].eq_ignore_ascii_case(b"mid")
            && !self.word_char_before(pos - 4)
        {
            return Some(pos - 4);
        }
        let (s, w) =
            self.before_is(pos, &["early", "late", "mid", "earlier", "later", "of", "beginning", "start", "end"])?;
        match w {
            "of" => {
                let (s, _) = self.before_is(s, &["beginning", "start", "end", "middle", "turn"])?;
                Some(self.before_is(s, &["the"]).map_or(s, |(s, _)| s))
            }
            "beginning" | "start" | "end" => None,
            _ => Some(s),
        }
    }

    /// A preposition ("in", "since", "as of", "up to") right before `pos`.
    fn prep_before(&self, pos: usize) -> Option<(usize, &'static str)> {
        let w = self.word_before(pos)?;
        let word = self.word(w);
        if eq(word, "of") {
            return self.before_is(w.0, &["as"]).map(|(s, _)| (s, "as of"));
        }
        let p = is_one_of(word, &PREPS)?;
        if p == "to" || p == "until" {
            if let Some((s, _)) = self.before_is(w.0, &["up"]) {
                return Some((s, "up to"));
            }
        }
        Some((w.0, p))
    }

    /// Relative modifier, then other modifier, then preposition, leftwards from `pos`.
    fn left(&self, pos: usize, allow_rel: bool) -> Left {
        let mut l = Left { start: pos, rel: None, modifier: false, prep: None };
        if allow_rel {
            if let Some((s, r)) = self.rel_before(pos) {
                l.start = s;
                l.rel = Some(r);
            }
        }
        if let Some(s) = self.modifier_before(l.start) {
            l.start = s;
            l.modifier = true;
        }
        if let Some((s, p)) = self.prep_before(l.start) {
            l.start = s;
            l.prep = Some(p);
            if !l.modifier && p == "on" {
                if let Some((s, _)) = self.before_is(s, &["early", "late"]) {
                    l.start = s;
                    l.modifier = true;
                }
            }
        }
        l
    }

    /// Whether the sentence before `pos` talks about the future (see the module docs).
    /// The window starts at the sentence start, but at most 90 bytes (some 15 words)
    /// back and after any stop, semicolon or line break (segmentation may have missed a
    /// boundary).
    fn future_cue(&self, pos: usize) -> bool {
        let i = sentence_of(self.sentences, pos);
        let sentence_start = self.sentences.get(i).map_or(0, |s| s.start).min(pos);
        let mut from = pos.saturating_sub(90).max(sentence_start);
        while !self.text.is_char_boundary(from) {
            from += 1;
        }
        if let Some(k) = self.b[from..pos].windows(2).rposition(|w| {
            matches!(w[0], b'.' | b';' | b'!' | b'?') && (is_ws(w[1]) || matches!(w[1], b'"' | b'\'')) || w[0] == b'\n'
        }) {
            from += k + 1;
        }
        self.tagger.future_cue.is_match(&self.text[from..pos])
    }

    /// Whether one of the three words before `pos` marks the past ("was", "had",
    /// "ended", "killed"): "the fiscal year ended Jan. 31", "shares issued July 1". A
    /// passive ("to be published") or a word that moves a date ("was postponed until",
    /// "is scheduled for") on the way is no past marker.
    fn past_cue(&self, pos: usize) -> bool {
        const MOVERS: [&str; 12] = [
            "scheduled",
            "expected",
            "planned",
            "slated",
            "proposed",
            "delayed",
            "postponed",
            "needed",
            "extended",
            "adjourned",
            "moved",
            "pushed",
        ];
        let mut p = pos;
        for _ in 0..3 {
            let Some(w) = self.word_before(p) else { return false };
            let word = self.word(w);
            if is_one_of(word, &MOVERS).is_some() || self.before_is(w.0, &["be", "being"]).is_some() {
                return false;
            }
            if is_one_of(word, &["was", "were", "had", "did", "began", "took", "ago"]).is_some()
                || (word.len() > 4 && word.ends_with("ed"))
            {
                return true;
            }
            p = w.0;
        }
        false
    }

    /// Forward (Some(true)), backward (Some(false)) or no direction for a date at `pos`.
    fn direction(&self, l: &Left, pos: usize) -> Option<bool> {
        let at = l.start.min(pos);
        match l.prep {
            Some("since") => Some(false),
            _ if self.past_cue(at) => Some(false),
            Some("by" | "until" | "till" | "through" | "up to" | "starting") => Some(true),
            _ if self.future_cue(at) => Some(true),
            _ => None,
        }
    }

    /// A year (1000-2099) written at `pos` (after spaces), not part of a larger number.
    fn year_at(&self, pos: usize) -> Option<(i32, usize)> {
        let s = self.skip_ws(pos);
        let e = s + 4;
        if e > self.b.len() || !self.b[s..e].iter().all(u8::is_ascii_digit) || self.word_char_at(e) {
            return None;
        }
        if matches!(self.b.get(e), Some(b',' | b'.')) && self.b.get(e + 1).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let y: i32 = self.text[s..e].parse().ok()?;
        (1000..=2099).contains(&y).then_some((y, e))
    }

    /// A day of the month ("1", "01", "1st") at `pos` (after spaces).
    fn day_at(&self, pos: usize) -> Option<(u32, usize, bool)> {
        let s = self.skip_ws(pos);
        let mut e = s;
        while e < self.b.len() && self.b[e].is_ascii_digit() && e - s < 3 {
            e += 1;
        }
        if e == s || e - s > 2 {
            return None;
        }
        let d: u32 = self.text[s..e].parse().ok()?;
        let mut end = e;
        let mut ordinal = false;
        if e + 2 <= self.b.len() {
            let suf = &self.text.get(e..e + 2).unwrap_or("");
            if ["st", "nd", "rd", "th"].iter().any(|x| eq(suf, x)) {
                end = e + 2;
                ordinal = true;
            }
        }
        if self.word_char_at(end) || !(1..=31).contains(&d) {
            return None;
        }
        match self.b.get(end) {
            Some(b':') => return None,
            Some(b',' | b'.' | b'-' | b'/') if self.b.get(end + 1).is_some_and(u8::is_ascii_digit) => return None,
            _ => {}
        }
        Some((d, end, ordinal))
    }

    /// A day of the month ending right before `pos` (after spaces): "1 November".
    fn day_before(&self, pos: usize) -> Option<(u32, usize)> {
        let w = self.word_before(pos)?;
        let word = self.word(w);
        let digits = word.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 2 {
            return None;
        }
        let suffix = &word[digits..];
        if !suffix.is_empty() && !["st", "nd", "rd", "th"].iter().any(|x| eq(suffix, x)) {
            return None;
        }
        if w.0 > 0 && matches!(self.b[w.0 - 1], b',' | b'.' | b'-' | b'/' | b':' | b'$') {
            return None;
        }
        let d: u32 = word[..digits].parse().ok()?;
        (1..=31).contains(&d).then_some((d, w.0))
    }

    /// A weekday name ending before `pos`, with an optional comma: "Friday, 1 November".
    fn weekday_before(&self, pos: usize) -> Option<(usize, Weekday)> {
        let mut p = self.skip_ws_back(pos);
        if p > 0 && self.b[p - 1] == b',' {
            p -= 1;
        }
        let w = self.word_before(p)?;
        let word = self.word(w);
        if !is_title_case(word) {
            return None;
        }
        WEEKDAYS.iter().find(|(n, _)| eq(word, n)).map(|&(_, d)| (w.0, d))
    }

    fn trigger(&mut self, t: Trig, s: usize, e: usize) {
        if self.word_char_before(s) || self.word_char_at(e) {
            return;
        }
        match t {
            Trig::Month(m, abbrev) => self.month(m, abbrev, s, e),
            Trig::Weekday(d) => self.weekday(d, s, e),
            Trig::DayWord(n) => self.day_word(n, s, e),
            Trig::Tonight => self.tonight(s, e),
            Trig::Unit(u, plural) => self.unit(u, plural, s, e),
            Trig::Season(season) => self.season(season, s, e),
            Trig::DayPart => self.day_part(s, e),
            Trig::QuarterCode(q) => self.quarter_code(q, s, e),
            Trig::Half => self.half(s, e),
            Trig::Reference(r) => self.reference(r, s, e),
            Trig::Frequency(u) => self.frequency(u, s, e),
        }
    }

    // ---- references to the present, past and future, and frequencies --------------

    /// "now", "currently", "recently", "in the past", "the near future": TimeML's
    /// PRESENT_REF, PAST_REF and FUTURE_REF. They need no publication date.
    fn reference(&mut self, r: RefWord, hs: usize, he: usize) {
        let head = &self.text[hs..he];
        if !is_lower(head) && !is_title_case(head) {
            return;
        }
        // "the now-defunct company", "a recently-built road": part of a compound adjective
        if self.b.get(he) == Some(&b'-') {
            return;
        }
        let mut start = hs;
        let value = match r {
            RefWord::Now => {
                // "from now on" looks ahead without a point; "now" as in "now that" is kept.
                if self.after_is(he, &["on"]).is_some() && self.before_is(hs, &["from"]).is_some() {
                    return;
                }
                if let Some((s, _)) = self.before_is(hs, &["right", "just"]) {
                    start = s;
                }
                "PRESENT_REF"
            }
            RefWord::Currently => "PRESENT_REF",
            RefWord::Recently => {
                if let Some((s, _)) = self.before_is(hs, &["more", "most"]) {
                    start = s;
                }
                "PAST_REF"
            }
            RefWord::Past | RefWord::Future => {
                if !self.ends_phrase(he) {
                    return;
                }
                let adjectives: &[&'static str] = if r == RefWord::Past {
                    &["recent", "distant", "not-too-distant"]
                } else {
                    &["near", "foreseeable", "distant", "immediate", "not-too-distant"]
                };
                if let Some((s, _)) = self.before_is(start, adjectives) {
                    start = s;
                }
                match self.before_is(start, &["the"]) {
                    Some((s, _)) => start = s,
                    // British "in future"
                    None if r == RefWord::Future && start == hs && self.before_is(hs, &["in"]).is_some() => {}
                    None => return,
                }
                if r == RefWord::Past {
                    "PAST_REF"
                } else {
                    "FUTURE_REF"
                }
            }
        };
        let l = self.left(start, false);
        self.push(l.start, he, value.to_string());
    }

    /// Whether the noun phrase ends at `pos`: punctuation, the end of the text, or a
    /// preposition, conjunction, auxiliary or pronoun follows.
    fn ends_phrase(&self, pos: usize) -> bool {
        let p = self.skip_ws(pos);
        match self.b.get(p) {
            None => true,
            Some(c) if !c.is_ascii_alphanumeric() => !matches!(c, b'-' | b'\''),
            Some(_) => self.word_after(pos).is_some_and(|w| {
                let word = self.word(w);
                is_lower(word)
                    && !eq(word, "of")
                    && (is_one_of(word, &PREPS).is_some() || is_one_of(word, &PHRASE_ENDERS).is_some())
            }),
        }
    }

    /// "daily", "weekly", "annually" as adverbs or adjectives: a set of one unit. Not the
    /// noun ("the Communist Party daily Granma") nor a capitalised title.
    fn frequency(&mut self, unit: Unit, hs: usize, he: usize) {
        if !is_lower(&self.text[hs..he]) || self.b.get(he) == Some(&b'-') {
            return;
        }
        if self.capitalised_after(he) || self.capitalised_before(hs) {
            return;
        }
        let Some(v) = duration_value(unit, "1") else { return };
        self.push(hs, he, v);
    }

    // ---- months -------------------------------------------------------------------

    fn month(&mut self, m: u32, abbrev: bool, hs: usize, he: usize) {
        let head = &self.text[hs..he];
        // Lower-case month names come from lower-cased copy. "may" is the modal, "august"
        // the adjective and "mar", "dec" are other words, so those never count.
        let lower = is_lower(head) && !abbrev && !matches!(m, 5 | 8);
        if !is_title_case(head) && !lower {
            return;
        }
        let mut end = he;
        if abbrev && self.b.get(end) == Some(&b'.') {
            end += 1;
        }
        let mut day: Option<u32> = None;
        let mut year: Option<i32> = None;
        let mut day_end = None;
        // Forward: "November 1", "November 1, 2023", "November 2023", "May of 2022".
        if let Some((d, de, ordinal)) = self.day_at(end) {
            day = Some(d);
            day_end = Some((de, ordinal));
            let mut p = de;
            if self.b.get(p) == Some(&b',') {
                p += 1;
            }
            if let Some((y, ye)) = self.year_at(p) {
                year = Some(y);
                end = ye;
            } else {
                end = de;
            }
        } else if let Some((y, ye)) = self.year_at(end) {
            year = Some(y);
            end = ye;
        } else if let Some((of_end, _)) = self.after_is(end, &["of"]) {
            if let Some((y, ye)) = self.year_at(of_end) {
                year = Some(y);
                end = ye;
            }
        } else if let Some((Some(y), ye)) = self.relative_year_at(end) {
            // "in October this year", "in April next year"
            year = Some(y);
            end = ye;
        }
        // Backward: "1 November", "the 1st of November".
        let mut start = hs;
        if day.is_none() {
            let (p, of) = match self.before_is(hs, &["of"]) {
                Some((s, _)) => (s, true),
                None => (hs, false),
            };
            if let Some((d, ds)) = self.day_before(p) {
                day = Some(d);
                start = ds;
                if of {
                    if let Some((s, _)) = self.before_is(ds, &["the"]) {
                        start = s;
                    }
                }
                // Day-first dates take a year without a comma: "1 November 2023".
                if year.is_none() {
                    if let Some((y, ye)) = self.year_at(end) {
                        year = Some(y);
                        end = ye;
                    }
                }
            }
        }
        let weekday = if day.is_some() {
            self.weekday_before(start).map(|(s, d)| {
                start = s;
                d
            })
        } else {
            None
        };
        let l = if day.is_some() { self.left(start, false) } else { self.left(start, true) };
        // "in March 20 people died": a bare number after "in Month" counts, it is no day.
        if let (Some((_, false)), Some("in"), None) = (day_end, l.prep, year) {
            if start == hs {
                let next = day_end.and_then(|(de, _)| self.word_after(de));
                if next.is_some_and(|w| is_lower(self.word(w))) {
                    day = None;
                    end = if abbrev && self.b.get(he) == Some(&b'.') { he + 1 } else { he };
                }
            }
        }
        if day.is_none() && year.is_none() && !self.month_context(m, abbrev, &l, hs, end) {
            return;
        }
        // A lower-case month standing alone needs a preposition, relative word or modifier
        // to be one: "in march", "last march", "early march"; "to march", "a march" walk.
        if lower
            && day.is_none()
            && year.is_none()
            && l.rel.is_none()
            && !l.modifier
            && l.prep.is_none_or(|p| p == "to")
        {
            return;
        }
        let value = match (day, year) {
            (Some(d), Some(y)) => match NaiveDate::from_ymd_opt(y, m, d) {
                Some(date) => fmt_day(date),
                None => return,
            },
            (None, Some(y)) => fmt_month(y, m),
            (Some(d), None) => {
                // Without a publication date the year stays unspecified (TimeML's XXXX).
                let Some(p) = self.published else {
                    return self.push(l.start.min(start), end, format!("XXXX-{m:02}-{d:02}"));
                };
                let forward = self.direction(&l, start);
                match resolve_day(p, m, d, forward, weekday) {
                    Some(date) => fmt_day(date),
                    None => return,
                }
            }
            (None, None) => {
                let Some(p) = self.published else { return self.push(l.start, end, format!("XXXX-{m:02}")) };
                let y = match l.rel {
                    Some(Rel::Last) => {
                        if m < p.month() {
                            p.year()
                        } else {
                            p.year() - 1
                        }
                    }
                    Some(Rel::Next) => {
                        if m > p.month() {
                            p.year()
                        } else {
                            p.year() + 1
                        }
                    }
                    Some(Rel::This) => p.year(),
                    None => resolve_month(p, m, self.direction(&l, start)),
                };
                fmt_month(y, m)
            }
        };
        let s = if day.is_none() && year.is_none() { l.start } else { l.start.min(start) };
        self.push(s, end, value);
    }

    /// Whether a month name standing alone is a month (not "may", "March" the verb,
    /// "Theresa May" or "Black September").
    fn month_context(&self, m: u32, abbrev: bool, l: &Left, hs: usize, end: usize) -> bool {
        if abbrev {
            return false;
        }
        if l.rel.is_some() || l.modifier {
            return true;
        }
        let ambiguous = matches!(m, 3 | 4 | 5 | 6 | 8);
        if let Some(p) = l.prep {
            let ok = match p {
                "on" | "at" | "over" | "within" => false,
                "by" | "to" | "for" | "from" | "around" | "between" | "into" => m != 5,
                _ => true,
            };
            return ok && !(m == 5 && self.capitalised_before(l.start));
        }
        // "the March elections", "a May deadline"
        let determiner = self.before_is(hs, &["the", "a", "its", "their", "his", "her"]).is_some();
        let next_lower = self.word_after(end).is_some_and(|w| {
            let word = self.word(w);
            word.as_bytes()[0].is_ascii_lowercase()
                && is_one_of(word, &PREPS).is_none()
                && is_one_of(word, &["of", "against", "and", "toward", "towards", "across"]).is_none()
        });
        if determiner && next_lower && !matches!(self.b.get(end), Some(b'.' | b',')) {
            return true;
        }
        !ambiguous && !self.capitalised_before(hs) && !self.capitalised_after(end) && !determiner
    }

    // ---- weekdays and day words ---------------------------------------------------

    fn weekday(&mut self, wd: Weekday, hs: usize, he: usize) {
        if !is_title_case(&self.text[hs..he]) {
            return;
        }
        let mut end = he;
        if let Some((e, _)) = self.after_is(he, &["morning", "afternoon", "evening", "night"]) {
            if is_lower(&self.text[self.skip_ws(he)..e]) {
                end = e;
            }
        }
        // "at 15:00 GMT Saturday", "9 a.m. Tuesday": the clock time joins the span.
        let l = match self.clock_before(hs) {
            Some(c) => self.left(c, false),
            None => self.left(hs, true),
        };
        if l.rel.is_none() && l.prep.is_none() && !l.modifier {
            // "Good Friday", "Super Tuesday", "Bloody Sunday" are names; but wire copy
            // puts bare weekdays after names: "the World Court Friday rejected".
            let named = self.before_is(hs, &HOLIDAY_WORDS).is_some_and(|(s, _)| self.b[s].is_ascii_uppercase());
            // "the Sunday Times", "Sunday Telegraph"; "on a Sunday", "every Friday"
            if let Some((s, _)) = self.before_is(hs, &["every", "each"]) {
                // "every Friday": a set, XXXX-WXX-5
                self.push(s, end, format!("XXXX-WXX-{}", wd.number_from_monday()));
                return;
            }
            let generic = self.before_is(hs, &["a"]).is_some();
            if named || generic || (end == he && self.capitalised_after(he)) {
                return;
            }
        }
        let Some(p) = self.published else { return };
        let back = days_until(wd, p.weekday());
        let fwd = days_until(p.weekday(), wd);
        let offset = match l.rel {
            Some(Rel::Last) => -(if back == 0 { 7 } else { back }),
            Some(Rel::Next) => {
                if fwd == 0 {
                    7
                } else {
                    fwd
                }
            }
            Some(Rel::This) => wd.num_days_from_monday() as i64 - p.weekday().num_days_from_monday() as i64,
            None => {
                if self.direction(&l, hs) == Some(true) {
                    fwd
                } else {
                    -back
                }
            }
        };
        if let Some(d) = add_days(p, offset) {
            self.push(l.start, end, fmt_day(d));
        }
    }

    /// The start of a clock time ("15:00 GMT", "9 a.m.", "1200 GMT") ending before `pos`.
    fn clock_before(&self, pos: usize) -> Option<usize> {
        let mut p = pos;
        let mut marked = false;
        if let Some((s, _)) = self.before_is(p, &["gmt", "utc", "bst", "est", "edt", "cet", "cest"]) {
            p = s;
            marked = true;
        }
        let e = self.skip_ws_back(p);
        let t = &self.b[..e];
        if t.ends_with(b"a.m.") || t.ends_with(b"p.m.") {
            p = e - 4;
            marked = true;
        } else if let Some((s, _)) = self.before_is(p, &["am", "pm"]) {
            p = s;
            marked = true;
        }
        let e = self.skip_ws_back(p);
        let mut s = e;
        while s > 0 && (self.b[s - 1].is_ascii_digit() || self.b[s - 1] == b':' || self.b[s - 1] == b'.') {
            s -= 1;
        }
        while s < e && !self.b[s].is_ascii_digit() {
            s += 1;
        }
        let clock = &self.text[s..e];
        let ok = !clock.is_empty()
            && !self.word_char_before(s)
            && clock.bytes().last().is_some_and(|c| c.is_ascii_digit())
            && (marked || clock.contains(':'));
        ok.then_some(s)
    }

    fn day_word(&mut self, n: i64, hs: usize, he: usize) {
        let head = &self.text[hs..he];
        if !is_plain_case(head) {
            return;
        }
        // "BBC Radio 4's Today programme": a capitalised "Today" inside a sentence is a name.
        if n == 0 && is_title_case(head) && !self.sentence_initial(hs) {
            return;
        }
        let mut end = he;
        if let Some((e, _)) = self.after_is(he, &["morning", "afternoon", "evening", "night"]) {
            end = e;
        }
        let mut n = n;
        let mut start = hs;
        // "the day before yesterday", "the day after tomorrow"
        if let Some((s, w)) = self.before_is(hs, &["before", "after"]) {
            if let Some((s2, _)) = self.before_is(s, &["day"]) {
                if (w == "before" && n == -1) || (w == "after" && n == 1) {
                    n *= 2;
                    start = self.before_is(s2, &["the"]).map_or(s2, |(s, _)| s);
                }
            }
        }
        let Some(p) = self.published else { return };
        let l = self.left(start, false);
        if let Some(d) = add_days(p, n) {
            self.push(l.start, end, fmt_day(d));
        }
    }

    fn tonight(&mut self, hs: usize, he: usize) {
        if !is_plain_case(&self.text[hs..he]) {
            return;
        }
        let Some(p) = self.published else { return };
        let l = self.left(hs, false);
        self.push(l.start, he, fmt_day(p));
    }

    /// "last night", "this morning".
    fn day_part(&mut self, hs: usize, he: usize) {
        if !is_lower(&self.text[hs..he]) && !is_title_case(&self.text[hs..he]) {
            return;
        }
        let is_night = eq(&self.text[hs..he], "night");
        let Some((s, w)) = self.before_is(hs, &["last", "this"]) else { return };
        if w == "last" && !is_night {
            return;
        }
        if self.before_is(s, &["the"]).is_some() {
            return;
        }
        let Some(p) = self.published else { return };
        let d = if w == "last" { add_days(p, -1) } else { Some(p) };
        let l = self.left(s, false);
        if let Some(d) = d {
            self.push(l.start, he, fmt_day(d));
        }
    }

    // ---- unit words: relative dates, "ago" and durations ---------------------------

    /// Whether "-old"/" old" follows (an age: "a 20-year-old man", "two years old").
    fn followed_by_old(&self, pos: usize) -> bool {
        let rest = &self.b[pos..];
        let starts = |p: &[u8]| {
            rest.len() >= p.len()
                && rest[..p.len()].eq_ignore_ascii_case(p)
                && !rest.get(p.len()).is_some_and(u8::is_ascii_alphanumeric)
        };
        ["-old", "-olds", " old", " of age", " and older", " or older"].iter().any(|p| starts(p.as_bytes()))
    }

    /// A number ending at `pos`, right before it when `glued` (hyphenated "90-day"),
    /// otherwise across spaces.
    fn number_before(&self, pos: usize, glued: bool) -> Option<Num> {
        let e = if glued { pos } else { self.skip_ws_back(pos) };
        if e == 0 {
            return None;
        }
        let last = self.b[e - 1];
        if last.is_ascii_digit() {
            let mut s = e;
            while s > 0 && (self.b[s - 1].is_ascii_digit() || matches!(self.b[s - 1], b',' | b'.')) {
                s -= 1;
            }
            while !self.b[s].is_ascii_digit() {
                s += 1;
            }
            if self.word_char_before(s) || (s > 0 && matches!(self.b[s - 1], b'$' | b'-' | b'/' | b':')) {
                return None;
            }
            let raw = &self.text[s..e];
            let groups: Vec<&str> = raw.split(',').collect();
            if groups.len() > 1 && groups[1..].iter().any(|g| g.len() != 3 || g.contains('.')) {
                return None;
            }
            let value: f64 = raw.replace(',', "").parse().ok()?;
            (value > 0.0).then_some(Num { start: s, value, article: false })
        } else if last.is_ascii_alphabetic() {
            let mut s = e;
            while s > 0 && self.b[s - 1].is_ascii_alphabetic() {
                s -= 1;
            }
            if self.word_char_before(s) {
                return None;
            }
            let word = &self.text[s..e];
            let mut value = number_word(word)?;
            let article = value == 1;
            let mut start = s;
            // "twenty-five"
            if (1..10).contains(&value) && s > 1 && self.b[s - 1] == b'-' {
                if let Some(t) = self.word_before(s - 1).filter(|w| w.1 == s - 1) {
                    if let Some(tens) = number_word(self.word(t)).filter(|n| (20..100).contains(n)) {
                        value += tens;
                        start = t.0;
                    }
                }
            }
            if value == 100 {
                // "a hundred", "one hundred"
                let (s, _) = self.before_is(start, &["a", "one"])?;
                start = s;
            }
            Some(Num { start, value: value as f64, article: article && start == s })
        } else {
            None
        }
    }

    fn unit(&mut self, unit: Unit, plural: bool, hs: usize, he: usize) {
        if !is_plain_case(&self.text[hs..he]) || self.followed_by_old(he) {
            return;
        }
        let glued = hs > 0 && self.b[hs - 1] == b'-';
        // "60 Minutes" (a programme): a capitalised unit needs a capitalised word before it
        if self.b[hs].is_ascii_uppercase()
            && self.word_before(hs).is_some_and(|w| self.b[w.0..w.1].iter().all(u8::is_ascii_digit))
        {
            return;
        }
        let num = if glued { self.number_before(hs - 1, true) } else { self.number_before(hs, false) };
        if let Some(num) = num {
            if glued && num.article {
                return; // "a 100,000-a-year job"
            }
            // "twice a week", "once a year": a set
            if !glued && num.article && self.before_is(num.start, &["once", "twice", "thrice", "times"]).is_some() {
                if let Some(v) = duration_value(unit, "1") {
                    self.push(num.start, he, v);
                }
                return;
            }
            if !glued && self.ago(unit, num, he) {
                return;
            }
            self.duration(unit, num, he, glued);
            return;
        }
        if plural {
            if !glued {
                self.vague_units(unit, hs, he);
            }
            return;
        }
        // "every week", "each year", "per month": a set
        if let Some((s, _)) = self.before_is(hs, &["every", "each", "per"]) {
            if let Some(v) = duration_value(unit, "1") {
                self.push(s, he, v);
            }
            return;
        }
        if matches!(unit, Unit::Quarter | Unit::Century) && self.ordinal_unit(unit, hs, he, glued) {
            return;
        }
        if !glued {
            self.relative_unit(unit, hs, he);
        }
    }

    /// A plural unit without a number: "these days" (PRESENT_REF); "a few days", "several
    /// years", "the next few weeks", "in recent months", "for years" (durations of an
    /// unspecified number, `PXD`, `PXY`); "a couple of years" (`P2Y`).
    fn vague_units(&mut self, unit: Unit, hs: usize, he: usize) {
        if let Some((s, _)) = self.before_is(hs, &["these"]).filter(|_| unit == Unit::Day) {
            self.push(s, he, "PRESENT_REF".into());
            return;
        }
        let mut start = hs;
        let mut n = "X";
        let mut context = false;
        if let Some((s, w)) = self.before_is(hs, &["few", "several", "many", "recent", "coming", "of"]) {
            match w {
                "of" => {
                    // "a couple of years"
                    let Some((c, _)) = self.before_is(s, &["couple"]) else { return };
                    let Some((a, _)) = self.before_is(c, &["a"]) else { return };
                    start = a;
                    n = "2";
                }
                "few" => start = self.before_is(s, &["a"]).map_or(s, |(a, _)| a),
                _ => start = s,
            }
            context = true;
            if let Some((s, _)) = self.before_is(start, &["next", "past", "last", "first", "coming", "previous"]) {
                if let Some((t, _)) = self.before_is(s, &["the"]) {
                    start = t;
                }
            } else if let Some((t, _)) = self.before_is(start, &["the"]) {
                start = t;
            }
        }
        // "a few years ago", "several months earlier": a past point, not a duration
        if context && n == "X" && self.after_is(he, &["ago"]).is_some() {
            let end = self.after_is(he, &["ago"]).map_or(he, |(e, _)| e);
            self.push(start, end, "PAST_REF".into());
            return;
        }
        if let Some((s, p)) = self.prep_before(start) {
            if matches!(p, "for" | "in" | "within" | "over" | "during" | "throughout" | "after") {
                context |= p != "in" && start == hs;
                start = s;
            }
        }
        if !context {
            return;
        }
        if let Some(v) = duration_value(unit, n) {
            self.push(start, he, v);
        }
    }

    /// "two days ago", "a year ago", "a year earlier". Returns whether the phrase was
    /// one (even when it could not be resolved).
    fn ago(&mut self, unit: Unit, num: Num, he: usize) -> bool {
        let Some((end, w)) = self.after_is(he, &["ago", "earlier"]) else { return false };
        if w == "earlier" && unit != Unit::Year {
            return false;
        }
        let Some(p) = self.published else { return true };
        if num.value.fract() != 0.0 || num.value > 5000.0 {
            return true;
        }
        let n = num.value as i64;
        let value = match unit {
            Unit::Minute | Unit::Hour => Some(fmt_day(p)),
            Unit::Day => add_days(p, -n).map(fmt_day),
            Unit::Week => add_days(p, -7 * n).map(fmt_week),
            Unit::Fortnight => add_days(p, -14 * n).map(fmt_week),
            Unit::Month => add_months(p, -(n as i32)).map(|d| fmt_month(d.year(), d.month())),
            Unit::Year => Some(format!("{:04}", p.year() as i64 - n)),
            Unit::Decade => Some(format!("{:03}", (p.year() as i64 - 10 * n) / 10)),
            Unit::Century => Some(format!("{:02}", (p.year() as i64 - 100 * n) / 100)),
            Unit::Quarter | Unit::Weekend => None,
        };
        if let Some(v) = value {
            let start = self.approx_before(num.start);
            let start = match self.prep_before(start) {
                Some((s, "since" | "until" | "till" | "by")) => s,
                _ => start,
            };
            self.push(start, end, v);
        }
        true
    }

    /// "about", "nearly", "more than" ... before `pos`.
    fn approx_before(&self, pos: usize) -> usize {
        let one = [
            "about",
            "around",
            "almost",
            "nearly",
            "roughly",
            "approximately",
            "some",
            "just",
            "only",
            "barely",
            "over",
        ];
        if let Some((s, _)) = self.before_is(pos, &one) {
            return s;
        }
        if let Some((s, w)) = self.before_is(pos, &["than", "least", "most", "to"]) {
            let first: &[&'static str] = match w {
                "than" => &["more", "less", "fewer"],
                "to" => &["up"],
                _ => &["at"],
            };
            if let Some((s, _)) = self.before_is(s, first) {
                return s;
            }
        }
        pos
    }

    fn duration(&mut self, unit: Unit, num: Num, he: usize, glued: bool) {
        let n = num.value;
        let v = fmt_number(n);
        let value = match unit {
            Unit::Minute => format!("PT{v}M"),
            Unit::Hour => format!("PT{v}H"),
            Unit::Day => format!("P{v}D"),
            Unit::Week => format!("P{v}W"),
            Unit::Fortnight => format!("P{}W", fmt_number(2.0 * n)),
            Unit::Month => format!("P{v}M"),
            Unit::Year => format!("P{v}Y"),
            Unit::Decade => format!("P{}Y", fmt_number(10.0 * n)),
            Unit::Century => format!("P{}Y", fmt_number(100.0 * n)),
            Unit::Quarter | Unit::Weekend => return,
        };
        if glued {
            // "a 90-day ceasefire": the article and any preposition belong to the noun
            self.push(num.start, he, value);
            return;
        }
        let mut start = num.start;
        let mut context = false;
        if let Some((s, w)) =
            self.before_is(start, &["past", "last", "next", "first", "previous", "coming", "following", "final", "the"])
        {
            if w == "the" {
                start = s;
            } else if let Some((s2, _)) = self.before_is(s, &["the"]) {
                start = s2;
            }
            context |= start != num.start && w != "the";
        }
        let a = self.approx_before(start);
        context |= a != start;
        start = a;
        if let Some((s, p)) = self.prep_before(start) {
            if matches!(p, "for" | "in" | "within" | "over" | "during" | "after" | "throughout" | "into") {
                start = s;
                context = true;
            }
        }
        // "a day after the attack", "an hour before the vote"
        context |= self.after_is(he, &["before", "after", "later", "earlier", "ahead", "long"]).is_some();
        if num.article && !context {
            return;
        }
        self.push(start, he, value);
    }

    /// "the third quarter (of 2023)", "third-quarter", "the 20th century".
    fn ordinal_unit(&mut self, unit: Unit, hs: usize, he: usize, glued: bool) -> bool {
        let w = if glued {
            let e = hs - 1;
            let mut s = e;
            while s > 0 && self.b[s - 1].is_ascii_alphanumeric() {
                s -= 1;
            }
            if s == e || self.word_char_before(s) {
                return false;
            }
            (s, e)
        } else {
            match self.word_before(hs) {
                Some(w) => w,
                None => return false,
            }
        };
        let word = self.word(w);
        let mut n = match ordinal_word(word) {
            Some(n) => n,
            None => return false,
        };
        let mut start = w.0;
        // "twenty-first"
        if n < 10 && start > 1 && self.b[start - 1] == b'-' {
            if let Some(t) = self.word_before(start - 1).filter(|t| t.1 == start - 1) {
                if let Some(tens) = number_word(self.word(t)).filter(|x| *x == 20) {
                    n += tens;
                    start = t.0;
                }
            }
        }
        if let Some((s, _)) = self.before_is(start, &["the", "this", "its", "their"]) {
            start = s;
        }
        let l = self.left(start, false);
        match unit {
            Unit::Century => {
                if !(1..=21).contains(&n) {
                    return false;
                }
                self.push(l.start, he, format!("{:02}", n - 1));
                true
            }
            _ => {
                if n > 4 {
                    return false;
                }
                let mut end = he;
                let mut year = None;
                if let Some((of_end, _)) = self.after_is(he, &["of"]) {
                    if let Some((y, ye)) = self.year_at(of_end) {
                        year = Some(y);
                        end = ye;
                    } else if let Some((y, ye)) = self.relative_year_at(of_end) {
                        year = y;
                        end = ye;
                    }
                } else if let Some((y, ye)) = self.year_at(he) {
                    year = Some(y);
                    end = ye;
                }
                let y = match year {
                    Some(y) => y,
                    None => {
                        let Some(p) = self.published else { return true };
                        resolve_quarter(p, n, self.direction(&l, start))
                    }
                };
                self.push(l.start, end, format!("{y:04}-Q{n}"));
                true
            }
        }
    }

    /// "this year", "last year", "next year", "the year" at `pos`: (year, end).
    fn relative_year_at(&self, pos: usize) -> Option<(Option<i32>, usize)> {
        let (we, w) = self.after_is(pos, &["this", "last", "next", "the"])?;
        if self.b[self.skip_ws(pos)].is_ascii_uppercase() {
            return None;
        }
        let (ye, _) = self.after_is(we, &["year"])?;
        let p = self.published;
        let y = p.map(|p| match w {
            "last" => p.year() - 1,
            "next" => p.year() + 1,
            _ => p.year(),
        });
        Some((y, ye))
    }

    /// "last week", "this month", "earlier this year", "the past year", "over the weekend".
    fn relative_unit(&mut self, unit: Unit, hs: usize, he: usize) {
        // "this fiscal year", "the last financial year"
        let hs = match self.before_is(hs, &["fiscal", "financial", "calendar"]) {
            Some((s, _)) if unit == Unit::Year => s,
            _ => hs,
        };
        // "last week"; "the past week", "over the last year", "the next month" (TimeML
        // reads these as the previous or next unit, like "last week")
        let rel = self.rel_before(hs).map(|(s, r)| (s, r, false)).or_else(|| {
            let (ts, w) = self.before_is(hs, &["past", "last", "next", "coming"])?;
            let (s, _) = self.before_is(ts, &["the"])?;
            Some((s, if matches!(w, "past" | "last") { Rel::Last } else { Rel::Next }, true))
        });
        if let Some((s, rel, the_form)) = rel {
            let l = self.left(s, false);
            let Some(p) = self.published else { return };
            let step = match rel {
                Rel::Last => -1,
                Rel::This => 0,
                Rel::Next => 1,
            };
            let value = match unit {
                Unit::Week => add_days(p, 7 * step as i64).map(fmt_week),
                Unit::Weekend => add_days(p, 7 * step as i64).map(|d| format!("{}-WE", fmt_week(d))),
                Unit::Month => add_months(p, step).map(|d| fmt_month(d.year(), d.month())),
                Unit::Quarter => {
                    let q = p.year() * 4 + quarter_of(p.month()) as i32 - 1 + step;
                    Some(format!("{:04}-Q{}", q.div_euclid(4), q.rem_euclid(4) + 1))
                }
                Unit::Year => Some(format!("{:04}", p.year() + step)),
                // "the past decade", "the next century": a duration, as below
                Unit::Decade if the_form => Some("P10Y".into()),
                Unit::Century if the_form => Some("P100Y".into()),
                Unit::Decade => Some(format!("{:03}", p.year() / 10 + step)),
                Unit::Century => Some(format!("{:02}", p.year() / 100 + step)),
                // "the past day", "the next hour": a duration of one unit
                Unit::Day if the_form => Some("P1D".into()),
                Unit::Hour if the_form => Some("PT1H".into()),
                Unit::Day | Unit::Hour | Unit::Minute | Unit::Fortnight => None,
            };
            if let Some(v) = value {
                self.push(l.start, he, v);
            }
            return;
        }
        let Some((ts, _)) = self.before_is(hs, &["the"]) else { return };
        let Some(p) = self.published else { return };
        if unit == Unit::Weekend {
            // "over the weekend", "at the weekend"
            let l = self.left(ts, false);
            let on_weekend = matches!(p.weekday(), Weekday::Sat | Weekday::Sun);
            let d = if on_weekend || self.direction(&l, ts) == Some(true) { Some(p) } else { add_days(p, -7) };
            if let Some(d) = d {
                self.push(l.start, he, format!("{}-WE", fmt_week(d)));
            }
            return;
        }
        // "(by) the end of the year": the current unit, only after such a modifier.
        let Some(ms) = self.modifier_before(ts) else { return };
        let l = self.left(ms, false);
        let value = match unit {
            Unit::Week => fmt_week(p),
            Unit::Month => fmt_month(p.year(), p.month()),
            Unit::Year => format!("{:04}", p.year()),
            _ => return,
        };
        self.push(l.start.min(ms), he, value);
    }

    // ---- seasons, quarters, halves ----------------------------------------------

    fn season(&mut self, season: Season, hs: usize, he: usize) {
        let head = &self.text[hs..he];
        if !is_lower(head) && !is_title_case(head) {
            return;
        }
        if season == Season::Fall && !is_lower(head) {
            return;
        }
        // "Arab Spring", "Prague Spring"
        if is_title_case(head) && self.capitalised_before(hs) {
            return;
        }
        let mut end = he;
        let mut year = None;
        if let Some((y, ye)) = self.year_at(he) {
            year = Some(y);
            end = ye;
        } else if let Some((of_end, _)) = self.after_is(he, &["of"]) {
            if let Some((y, ye)) = self.year_at(of_end) {
                year = Some(y);
                end = ye;
            } else if season == Season::Fall {
                return; // "the fall of Kabul"
            }
        }
        let (mut start, the) = match self.before_is(hs, &["the"]) {
            Some((s, _)) => (s, true),
            None => (hs, false),
        };
        let mut rel = None;
        if !the {
            if let Some((s, r)) = self.rel_before(hs) {
                rel = Some(r);
                start = s;
            }
        }
        let l = self.left(start, false);
        let strong_prep = matches!(
            l.prep,
            Some(
                "in" | "during"
                    | "since"
                    | "until"
                    | "till"
                    | "by"
                    | "through"
                    | "throughout"
                    | "over"
                    | "before"
                    | "after"
                    | "starting"
            )
        );
        // "in the summer" is a date, "in summer" mostly a habit ("prices fall in winter").
        let ok = year.is_some() || rel.is_some() || l.modifier || (strong_prep && the);
        if !ok {
            return;
        }
        let y = match year {
            Some(y) => y,
            None => {
                let Some(p) = self.published else { return };
                resolve_season(p, season, rel, self.direction(&l, l.start))
            }
        };
        self.push(l.start, end, format!("{y:04}-{}", season.code()));
    }

    fn quarter_code(&mut self, q: u32, hs: usize, he: usize) {
        if self.b[hs] != b'Q' {
            return;
        }
        let mut end = he;
        let mut year = None;
        if let Some((y, ye)) = self.year_at(he) {
            year = Some(y);
            end = ye;
        } else if let Some((of_end, _)) = self.after_is(he, &["of"]) {
            if let Some((y, ye)) = self.year_at(of_end) {
                year = Some(y);
                end = ye;
            }
        }
        let l = self.left(hs, false);
        let y = match year {
            Some(y) => y,
            None => {
                let Some(p) = self.published else { return };
                resolve_quarter(p, q, self.direction(&l, hs))
            }
        };
        self.push(l.start, end, format!("{y:04}-Q{q}"));
    }

    /// "the first half of 2023", "the second half of the year".
    fn half(&mut self, hs: usize, he: usize) {
        let Some((s, w)) = self.before_is(hs, &["first", "second"]) else { return };
        let Some((of_end, _)) = self.after_is(he, &["of"]) else { return };
        let (year, end) = if let Some((y, ye)) = self.year_at(of_end) {
            (Some(y), ye)
        } else if let Some((y, ye)) = self.relative_year_at(of_end) {
            (y, ye)
        } else {
            return;
        };
        let Some(y) = year else { return };
        let start = self.before_is(s, &["the"]).map_or(s, |(s, _)| s);
        let l = self.left(start, false);
        let n = if w == "first" { 1 } else { 2 };
        self.push(l.start, end, format!("{y:04}-H{n}"));
    }

    // ---- digits: years, ISO dates, decades ---------------------------------------

    fn digits(&mut self) {
        let b = self.b;
        let mut i = 0;
        while i < b.len() {
            // Eight bytes at a time up to the next digit: most of any text has none.
            while let Some(word) = bytes8::load(b, i) {
                if bytes8::has_digit(word) {
                    break;
                }
                i += 8;
            }
            if !b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
                continue;
            }
            let s = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            match i - s {
                4 => self.four_digits(s, i),
                2 => self.two_digits(s, i),
                _ => {}
            }
        }
    }

    /// Whether the digit run at `s` continues a number ("2,600", "1.5", "3-2024") or is a
    /// code ("A2024", "$2024").
    fn inside_number_before(&self, s: usize) -> bool {
        if s == 0 {
            return false;
        }
        let c = self.b[s - 1];
        if c.is_ascii_alphabetic() || c == b'$' || c == b'#' || c == b'_' {
            return true;
        }
        if matches!(c, b',' | b'.' | b'-' | b'/' | b':') && s >= 2 && self.b[s - 2].is_ascii_digit() {
            return true;
        }
        if c >= 0x80 {
            if let Some(ch) = self.text[..s].chars().next_back() {
                if ch.is_alphanumeric() || matches!(ch, '£' | '€' | '¥' | '₴' | '₽') {
                    return true;
                }
                // "2009–10": the second part is found from the first.
                if ch == '–' {
                    let before = s - ch.len_utf8();
                    return before > 0 && self.b[before - 1].is_ascii_digit();
                }
            }
        }
        false
    }

    fn four_digits(&mut self, s: usize, e: usize) {
        if self.inside_number_before(s) {
            return;
        }
        let b = self.b;
        let next = b.get(e).copied();
        if matches!(next, Some(b',' | b'.' | b':')) && b.get(e + 1).is_some_and(u8::is_ascii_digit) {
            return;
        }
        let Ok(y) = self.text[s..e].parse::<i32>() else { return };
        // ISO date "2023-11-01"
        if next == Some(b'-') && e + 6 <= b.len() {
            let t = &b[e..e + 6];
            if t[1].is_ascii_digit()
                && t[2].is_ascii_digit()
                && t[3] == b'-'
                && t[4].is_ascii_digit()
                && t[5].is_ascii_digit()
                && !self.word_char_at(e + 6)
            {
                let m: u32 = self.text[e + 1..e + 3].parse().unwrap_or(0);
                let d: u32 = self.text[e + 4..e + 6].parse().unwrap_or(0);
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                    let l = self.left(s, false);
                    self.push(l.start, e + 6, fmt_day(date));
                }
                return;
            }
        }
        // Decades: "the 1990s"
        if matches!(next, Some(b's')) && !self.word_char_at(e + 1) {
            if y % 10 == 0 && (1000..=2090).contains(&y) {
                self.decade(s, e + 1, y / 10);
            }
            return;
        }
        if self.word_char_at(e) || next == Some(b'%') || !(1000..=2099).contains(&y) {
            return;
        }
        // Range "2009-10", "2014-2016", "2014 to 2016", "2014 and 2015".
        let range = self.range_after(e, y);
        if range.is_none() {
            // "from 1900 to 2100 people": a number range, not years
            if let Some((we, _)) = self.after_is(e, &["to", "and", "or"]) {
                if self.b.get(self.skip_ws(we)).is_some_and(u8::is_ascii_digit) {
                    return;
                }
            }
        }
        let after = range.map_or(e, |(_, _, re)| re);
        let next_word = self.word_after(after).map(|w| self.word(w));
        if next_word.is_some_and(|w| is_one_of(w, &COUNTED).is_some()) {
            return;
        }
        let mut l = self.left(s, false);
        if l.prep.is_none() {
            // "the war of 1812", "the pandemic of 2009", "the summer of 2022" (seasons
            // and months consume their own "of")
            if self.before_is(l.start, &["of"]).is_some() {
                l.prep = Some("of");
            }
        }
        let accepted = if let Some(p) = l.prep {
            let plural_next = next_word.is_some_and(|w| {
                is_lower(w)
                    && w.len() > 3
                    && w.ends_with('s')
                    && !w.ends_with("ss")
                    && !w.ends_with("us")
                    && !w.ends_with("is")
                    && is_one_of(w, &["this", "thus", "whereas", "onwards", "afterwards", "perhaps", "towards"])
                        .is_none()
            });
            let strong = matches!(p, "in" | "since" | "until" | "till" | "during" | "before" | "after" | "throughout");
            (1900..=2099).contains(&y) && (strong || l.modifier || !plural_next)
                || (1000..1900).contains(&y) && strong && !plural_next
        } else if l.modifier {
            (1900..=2099).contains(&y)
        } else if (1900..=2099).contains(&y) {
            self.year_by_determiner(s, after, next_word)
        } else {
            false
        };
        if !accepted {
            return;
        }
        self.push(l.start, e, format!("{y:04}"));
        if let Some((y2, rs, re)) = range {
            self.push(rs, re, format!("{y2:04}"));
        }
    }

    /// "a 2010 commando raid", "Russia's 2022 invasion", "fiscal 2024", "2022's".
    fn year_by_determiner(&self, s: usize, after: usize, next_word: Option<&str>) -> bool {
        if self.b.get(after) == Some(&b'\'') && matches!(self.b.get(after + 1), Some(b's')) {
            return true;
        }
        let det = self.before_is(
            s,
            &[
                "a", "an", "the", "his", "her", "its", "their", "our", "this", "that", "whose", "both", "either",
                "fiscal", "year",
            ],
        );
        let possessive =
            s >= 3 && self.b[s - 1] == b' ' && matches!(self.b[s - 2], b's' | b'S') && self.b[s - 3] == b'\'';
        if det.is_none() && !possessive {
            return false;
        }
        if det.is_some_and(|(_, d)| matches!(d, "fiscal" | "year" | "both" | "either")) {
            return true;
        }
        next_word.is_some_and(|w| w.as_bytes()[0].is_ascii_alphabetic())
            && self.b[self.skip_ws(after)].is_ascii_alphabetic()
    }

    /// The second year of a range after the year `y` ending at `e`: (year, start, end).
    fn range_after(&self, e: usize, y: i32) -> Option<(i32, usize, usize)> {
        let b = self.b;
        let mut p = e;
        let dash = if b.get(p) == Some(&b'-') || b.get(p) == Some(&b'/') {
            p += 1;
            true
        } else if self.text[p..].starts_with('–') {
            p += '–'.len_utf8();
            true
        } else {
            false
        };
        if !dash {
            let (we, _) = self.after_is(e, &["and", "or", "to", "through"])?;
            p = self.skip_ws(we);
        }
        let mut q = p;
        while q < b.len() && b[q].is_ascii_digit() {
            q += 1;
        }
        if self.word_char_at(q) || matches!(b.get(q), Some(b',' | b'.')) && b.get(q + 1).is_some_and(u8::is_ascii_digit)
        {
            return None;
        }
        let n: i32 = self.text[p..q].parse().ok()?;
        let y2 = match q - p {
            4 => n,
            2 if dash => y / 100 * 100 + n,
            _ => return None,
        };
        (y2 > y && y2 <= y + 100 && y2 <= 2099).then_some((y2, p, q))
    }

    /// "'90s", "the 90s".
    fn two_digits(&mut self, s: usize, e: usize) {
        if self.b.get(e) != Some(&b's') || self.word_char_at(e + 1) {
            return;
        }
        let apostrophe = s > 0 && self.b[s - 1] == b'\'';
        let start = if apostrophe { s - 1 } else { s };
        if !apostrophe
            && (self.inside_number_before(s) || self.before_is(s, &["the", "early", "late", "mid"]).is_none())
        {
            return;
        }
        if apostrophe && s >= 2 && self.b[s - 2].is_ascii_alphanumeric() {
            return;
        }
        let Ok(n) = self.text[s..e].parse::<i32>() else { return };
        if n % 10 != 0 {
            return;
        }
        let decade = match n {
            30..=90 => 190 + n / 10,
            0 => 200,
            10 => 201,
            _ => return,
        };
        self.decade(start, e + 1, decade);
    }

    fn decade(&mut self, s: usize, e: usize, decade: i32) {
        let mut start = s;
        if let Some(m) = self.modifier_before(start) {
            start = m;
        }
        if let Some((t, _)) = self.before_is(start, &["the"]) {
            start = t;
        }
        if let Some((p, _)) = self.prep_before(start) {
            start = p;
        }
        self.push(start, e, format!("{decade:03}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_byte_digit_test_is_exact() {
        for filler in [b'a', b' ', 0xFF, 0x80, b'/', b':'] {
            for v in 0..=255u8 {
                for k in 0..8 {
                    let mut bytes = [filler; 8];
                    bytes[k] = v;
                    assert_eq!(bytes8::has_digit(u64::from_le_bytes(bytes)), v.is_ascii_digit(), "{bytes:?}");
                }
            }
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Tags `text` as one sentence published on `published`.
    fn tag_on(text: &str, published: Option<NaiveDate>) -> Vec<(String, String)> {
        let sentences = [Sentence { text: text.to_string(), start: 0, end: text.len() }];
        let tagger = TimeTagger::new();
        let found = tagger.find(text, &sentences, published);
        for t in &found {
            assert_eq!(&text[t.start..t.end], t.text, "span of {t:?}");
        }
        found.into_iter().map(|t| (t.text, t.value)).collect()
    }

    /// Published Tuesday 2024-10-22.
    fn tag(text: &str) -> Vec<(String, String)> {
        tag_on(text, Some(date(2024, 10, 22)))
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[track_caller]
    fn check(text: &str, expected: &[(&str, &str)]) {
        assert_eq!(tag(text), pairs(expected), "in {text:?}");
    }

    #[test]
    fn tagger_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<TimeTagger>();
    }

    #[test]
    fn absolute_days() {
        check("The junta in Niger said it would hand over power by 1 November.", &[("by 1 November", "2024-11-01")]);
        check(
            "Mali's transition charter, signed on 24 February 2022, has lapsed.",
            &[("on 24 February 2022", "2022-02-24")],
        );
        check(
            "Israel's campaign in Gaza began after the attack of October 7, 2023.",
            &[("October 7, 2023", "2023-10-07")],
        );
        check("Myanmar's military seized power on 1 Feb 2021.", &[("on 1 Feb 2021", "2021-02-01")]);
        check("Beijing's statement, dated 2024-10-14, warned Taipei.", &[("2024-10-14", "2024-10-14")]);
        check(
            "Russia invaded Ukraine on February 24, 2022, and annexed four regions on Sept. 30, 2022.",
            &[("on February 24, 2022", "2022-02-24"), ("on Sept. 30, 2022", "2022-09-30")],
        );
        check(
            "The Houthis claimed an attack on the 3rd of January 2024.",
            &[("on the 3rd of January 2024", "2024-01-03")],
        );
    }

    #[test]
    fn days_without_a_year() {
        // within four months ahead: this year's
        check("Moldova holds its presidential run-off on November 3.", &[("on November 3", "2024-11-03")]);
        check("Polls in Somaliland open Nov. 13.", &[("Nov. 13", "2024-11-13")]);
        // a past-tense verb right before it: the last one
        check("Talks resumed on November 1 in Doha.", &[("on November 1", "2023-11-01")]);
        // more than four months ahead: last year's
        check("The EU adopted the package on 14 December.", &[("on 14 December", "2023-12-14")]);
        // a future marker earlier in the sentence
        check("Ghana's election will be held on 7 December.", &[("on 7 December", "2024-12-07")]);
        // a weekday next to the date chooses the year
        check("Venezuela's opposition rallied on Saturday, 3 August.", &[("on Saturday, 3 August", "2024-08-03")]);
    }

    #[test]
    fn months_and_years() {
        check(
            "The RSF seized Wad Madani in December 2023 and Singa in late June.",
            &[("in December 2023", "2023-12"), ("in late June", "2024-06")],
        );
        check(
            "China held drills around Taiwan in August 2022 and again in April 2023.",
            &[("in August 2022", "2022-08"), ("in April 2023", "2023-04")],
        );
        check("In August, the RSF advanced on Sennar.", &[("In August", "2024-08")]);
        check(
            "Ukraine's Kursk incursion began in mid-August, weeks after fighting in early August.",
            &[("in mid-August", "2024-08"), ("in early August", "2024-08")],
        );
        check(
            "The offensive began at the beginning of August and stalled by the end of August.",
            &[("at the beginning of August", "2024-08"), ("by the end of August", "2024-08")],
        );
        // most recent month that has begun, unless something points forward
        check("Protests erupted in November.", &[("in November", "2023-11")]);
        check("Talks are scheduled for November.", &[("for November", "2024-11")]);
        check("The Gaza truce holds until March.", &[("until March", "2025-03")]);
        check(
            "US tariffs announced in May will rise again in January.",
            &[("in May", "2024-05"), ("in January", "2025-01")],
        );
        check(
            "The Sahel juntas left Ecowas last January and plan a joint force next March.",
            &[("last January", "2024-01"), ("next March", "2025-03")],
        );
        check("The coup attempt came late last July.", &[("late last July", "2024-07")]);
        check("Maduro was declared the winner in October this year.", &[("in October this year", "2024-10")]);
        check("Hamas has ruled Gaza since 2007.", &[("since 2007", "2007")]);
        check(
            "Russia launched its full-scale invasion in 2022, eight years after seizing Crimea in 2014.",
            &[("in 2022", "2022"), ("eight years", "P8Y"), ("in 2014", "2014")],
        );
        check("Azerbaijan's 2023 offensive ended the Karabakh conflict.", &[("2023", "2023")]);
        check(
            "The Lachin corridor was blocked at the end of 2022 and closed by mid-2023.",
            &[("at the end of 2022", "2022"), ("by mid-2023", "2023")],
        );
        check("Sanctions were tightened between 2019 and 2021.", &[("between 2019", "2019"), ("2021", "2021")]);
    }

    #[test]
    fn decades_centuries_seasons_quarters() {
        check("Venezuela's oil boom ended in the 1980s.", &[("in the 1980s", "198")]);
        check("Nagorno-Karabakh has been disputed since the early 1990s.", &[("since the early 1990s", "199")]);
        check("It recalled the conflicts of the '90s.", &[("the '90s", "199")]);
        check("The border was drawn in the 20th century.", &[("in the 20th century", "19")]);
        check(
            "Myanmar's army lost ground last summer and again in the spring of 2024.",
            &[("last summer", "2024-SU"), ("in the spring of 2024", "2024-SP")],
        );
        check("A new offensive is expected next spring.", &[("next spring", "2025-SP")]);
        check("Gas prices peaked in winter 2022.", &[("in winter 2022", "2022-WI")]);
        check(
            "Taiwan's exports rose 10% in the third quarter and 5% in Q2 2023.",
            &[("in the third quarter", "2024-Q3"), ("in Q2 2023", "2023-Q2")],
        );
        check(
            "Chinese steel exports hit a record in the first half of 2024.",
            &[("in the first half of 2024", "2024-H1")],
        );
    }

    #[test]
    fn day_words_and_weekdays() {
        check(
            "Israel struck Rafah yesterday and the army said today it would withdraw tomorrow.",
            &[("yesterday", "2024-10-21"), ("today", "2024-10-22"), ("tomorrow", "2024-10-23")],
        );
        check(
            "Drones hit Odesa last night; the cabinet meets tonight.",
            &[("last night", "2024-10-21"), ("tonight", "2024-10-22")],
        );
        check("The convoy left the day before yesterday.", &[("the day before yesterday", "2024-10-20")]);
        check(
            "Junta leaders met in Niamey on Tuesday, after talks on Monday.",
            &[("on Tuesday", "2024-10-22"), ("on Monday", "2024-10-21")],
        );
        check("Georgians voted in parliamentary elections on Saturday.", &[("on Saturday", "2024-10-19")]);
        check("Talks in Jeddah ended on Friday.", &[("on Friday", "2024-10-18")]);
        check("Talks will resume next Friday.", &[("next Friday", "2024-10-25")]);
        check("The mediators will meet on Friday.", &[("on Friday", "2024-10-25")]);
        check("Last Tuesday a drone hit Kursk.", &[("Last Tuesday", "2024-10-15")]);
        check(
            "Strikes hit Kyiv on Tuesday morning and again Tuesday night.",
            &[("on Tuesday morning", "2024-10-22"), ("Tuesday night", "2024-10-22")],
        );
        check("The Security Council said Monday that the ceasefire held.", &[("Monday", "2024-10-21")]);
        check("Polls close at 20:00 GMT Sunday in Moldova.", &[("at 20:00 GMT Sunday", "2024-10-20")]);
    }

    #[test]
    fn relative_weeks_months_years() {
        check(
            "China held drills last week and more are expected this week.",
            &[("last week", "2024-W42"), ("this week", "2024-W43")],
        );
        check("Earlier this week, Hezbollah fired rockets.", &[("Earlier this week", "2024-W43")]);
        check("The summit is next week.", &[("next week", "2024-W44")]);
        check(
            "Prices rose last month, and earlier this month Azerbaijan reopened the road.",
            &[("last month", "2024-09"), ("earlier this month", "2024-10")],
        );
        check("Sanctions will start next month.", &[("next month", "2024-11")]);
        check(
            "Turnout fell last year, and earlier this year the junta expelled French troops.",
            &[("last year", "2023"), ("earlier this year", "2024")],
        );
        check(
            "Elections are due early next year, after the budget this fiscal year.",
            &[("early next year", "2025"), ("this fiscal year", "2024")],
        );
        check(
            "Gaza aid deliveries fell by the end of the year, as at the end of last year.",
            &[("by the end of the year", "2024"), ("at the end of last year", "2023")],
        );
        check("Exports are worth twice what they were a year earlier.", &[("a year earlier", "2023")]);
    }

    #[test]
    fn ago_takes_the_unit_granularity() {
        check(
            "Shelling killed five two days ago; the blockade began three weeks ago.",
            &[("two days ago", "2024-10-20"), ("three weeks ago", "2024-W40")],
        );
        check(
            "A year ago the army took power; two months ago rebels seized the mine.",
            &[("A year ago", "2023"), ("two months ago", "2024-08")],
        );
        check(
            "The convoy was hit five days ago, more than a decade ago the war began.",
            &[("five days ago", "2024-10-17"), ("more than a decade ago", "201")],
        );
    }

    #[test]
    fn weekends() {
        check("The RSF shelled El Fasher over the weekend.", &[("over the weekend", "2024-W42-WE")]);
        check(
            "Protests are planned this weekend after clashes last weekend.",
            &[("this weekend", "2024-W43-WE"), ("last weekend", "2024-W42-WE")],
        );
        // published on a Sunday, "the weekend" is the current one
        assert_eq!(
            tag_on("Protesters marched at the weekend.", Some(date(2024, 10, 20))),
            pairs(&[("at the weekend", "2024-W42-WE")])
        );
    }

    #[test]
    fn durations() {
        check(
            "The siege lasted three days and the truce held for two years.",
            &[("three days", "P3D"), ("for two years", "P2Y")],
        );
        check(
            "Over the past 48 hours, a 90-day ceasefire collapsed.",
            &[("Over the past 48 hours", "PT48H"), ("90-day", "P90D")],
        );
        check(
            "Sudan's war has displaced millions over the past year and the past two years.",
            &[("over the past year", "2023"), ("the past two years", "P2Y")],
        );
        check(
            "Myanmar's junta has ruled for more than a decade, some twenty-five years after 1999.",
            &[("for more than a decade", "P10Y"), ("some twenty-five years", "P25Y"), ("after 1999", "1999")],
        );
        check("Talks could take six months.", &[("six months", "P6M")]);
        check("Negotiators met for a week in Doha.", &[("for a week", "P1W")]);
    }

    #[test]
    fn newswire_forms_against_another_date() {
        // Friday 2013-03-22
        let on = |t: &str| tag_on(t, Some(date(2013, 3, 22)));
        assert_eq!(on("The minister resigned Wednesday, the company said."), pairs(&[("Wednesday", "2013-03-20")]));
        assert_eq!(
            on("Sales fell in the third quarter from a year earlier."),
            pairs(&[("in the third quarter", "2012-Q3"), ("a year earlier", "2012")])
        );
        assert_eq!(
            on("The index lost 4% over the past year and 9% since 1998."),
            pairs(&[("over the past year", "2012"), ("since 1998", "1998")])
        );
        assert_eq!(
            on("Prices have doubled in recent years, as in the 1990s, analysts said this week."),
            pairs(&[("in recent years", "PXY"), ("in the 1990s", "199"), ("this week", "2013-W12")])
        );
    }

    #[test]
    fn present_past_and_future_references() {
        check(
            "Prices have risen and recently fell; they are now stable, right now at least.",
            &[("recently", "PAST_REF"), ("now", "PRESENT_REF"), ("right now", "PRESENT_REF")],
        );
        check(
            "Currently the talks continue. More recently, Hamas agreed; until now it had refused.",
            &[("Currently", "PRESENT_REF"), ("More recently", "PAST_REF"), ("until now", "PRESENT_REF")],
        );
        check(
            "In the past, the army shelled the town; it may do so in the near future and in future.",
            &[("In the past", "PAST_REF"), ("in the near future", "FUTURE_REF"), ("in future", "FUTURE_REF")],
        );
        check(
            "Troops will stay for the foreseeable future. These days the border is quiet.",
            &[("for the foreseeable future", "FUTURE_REF"), ("These days", "PRESENT_REF")],
        );
        check("From now on, checkpoints close at dusk.", &[]);
    }

    #[test]
    fn durations_without_a_number() {
        check(
            "Fighting lasted a few days, then several weeks; it has gone on for years.",
            &[("a few days", "PXD"), ("several weeks", "PXW"), ("for years", "PXY")],
        );
        check(
            "Aid will arrive over the next few months, after a couple of years of drought.",
            &[("over the next few months", "PXM"), ("after a couple of years", "P2Y")],
        );
        check(
            "Raids have increased in recent weeks; a few years ago the area was calm.",
            &[("in recent weeks", "PXW"), ("a few years ago", "PAST_REF")],
        );
    }

    #[test]
    fn sets() {
        check(
            "Patrols leave every week and the council meets each month, twice a year.",
            &[("every week", "P1W"), ("each month", "P1M"), ("a year", "P1Y")],
        );
        check(
            "Shelling is reported daily; the ministry publishes weekly figures and reports annually.",
            &[("daily", "P1D"), ("weekly", "P1W"), ("annually", "P1Y")],
        );
        check("He travels every Friday to the front.", &[("every Friday", "XXXX-WXX-5")]);
    }

    #[test]
    fn lower_case_months() {
        let text = "The truce began on March 5, collapsed in March and resumed in early June.";
        let lower = text.to_lowercase();
        assert_eq!(tag(&lower).len(), 3, "in {lower:?}");
        assert_eq!(tag(&lower), tag(text).into_iter().map(|(t, v)| (t.to_lowercase(), v)).collect::<Vec<_>>());
        // The walk, the modal and the adjective are no months.
        for text in ["crowds march to the palace and plan to march again.", "they may 5 times", "an august body"] {
            assert_eq!(tag(text), vec![], "in {text:?}");
        }
    }

    #[test]
    fn months_without_publication_date_keep_an_unspecified_year() {
        assert_eq!(
            tag_on("Talks resumed on March 5 and stalled in May.", None),
            pairs(&[("on March 5", "XXXX-03-05"), ("in May", "XXXX-05")])
        );
    }

    #[test]
    fn not_times() {
        for text in [
            "Some 2,600 soldiers, 1,500 police and 11,000 volunteers were deployed.",
            "The fund holds 20 billion dollars, and $300m more was pledged.",
            "South Korea may deploy troops. It may be too late. May God help us.",
            "Protesters march on the capital. Thousands March in Tbilisi. The March on Rome.",
            "The Sunday Times reported it to an august body.",
            "Theresa May met Black September survivors after the Good Friday Agreement.",
            "Resolution 2334 passed. He won 2000 votes. The 1500 troops left. Flight 1990 crashed.",
            "Crowds grew from 1900 to 2100 people.",
            "A 20-year-old man and a girl aged two years old were hurt.",
            "The Arab Spring began in Tunisia. After the fall of Kabul, prices fall in winter.",
            "He met her on a Sunday once.",
            "The past tense and the future king's visit; the future of Gaza; past rounds.",
            "The Communist Party daily Granma and the Daily Telegraph; a now-defunct militia.",
        ] {
            assert_eq!(tag(text), vec![], "in {text:?}");
        }
    }

    #[test]
    fn without_a_publication_date_years_stay_unspecified() {
        let text = "Yesterday, on Tuesday, last week and in August, after 1 November; \
                    it began on 24 February 2022, in 2022, and lasted three days.";
        assert_eq!(
            tag_on(text, None),
            pairs(&[
                ("in August", "XXXX-08"),
                ("after 1 November", "XXXX-11-01"),
                ("on 24 February 2022", "2022-02-24"),
                ("in 2022", "2022"),
                ("three days", "P3D"),
            ])
        );
    }

    #[test]
    fn offsets_and_sentence_indices() {
        let text = "Venezuela voted on Sunday. Results came yesterday.\nÉlections: Caracas, 2024.";
        let sentences = vec![
            Sentence { text: "Venezuela voted on Sunday.".into(), start: 0, end: 26 },
            Sentence { text: "Results came yesterday.".into(), start: 27, end: 50 },
            Sentence { text: "Élections: Caracas, 2024.".into(), start: 51, end: text.len() },
        ];
        let found = TimeTagger::new().find(text, &sentences, Some(date(2024, 7, 30)));
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].sentence, found[0].start, found[0].end), (0, 16, 25));
        assert_eq!(found[0].value, "2024-07-28");
        assert_eq!((found[1].sentence, &found[1].text[..]), (1, "yesterday"));
        assert_eq!(found[1].value, "2024-07-29");
        assert!(TimeTagger::default().find("", &[], None).is_empty());
    }

    /// Throughput over the BBC news texts: `cargo test --release -- --ignored speed`.
    #[test]
    #[ignore]
    fn speed() {
        let path = "/work/shared/data/bbc_news/bbc_news.jsonl";
        let Ok(raw) = std::fs::read_to_string(path) else { return };
        let texts: Vec<String> = raw
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_string))
            .collect();
        let bytes: usize = texts.iter().map(String::len).sum();
        let tagger = TimeTagger::new();
        let published = Some(date(2005, 3, 15));
        let started = std::time::Instant::now();
        let mut found = 0;
        for _ in 0..3 {
            for t in &texts {
                let s = [Sentence { text: String::new(), start: 0, end: t.len() }];
                found += tagger.find(t, &s, published).len();
            }
        }
        let secs = started.elapsed().as_secs_f64();
        let mbs = 3.0 * bytes as f64 / 1e6 / secs;
        eprintln!("{:.1} MB, {} expressions per pass, {mbs:.0} MB/s", bytes as f64 / 1e6, found / 3);
        assert!(found > 0);
    }
}
