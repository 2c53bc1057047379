//! sitrep's extraction pipeline: one document in, one [`Extraction`] record out.
//!
//! ```text
//! Document ─ normalise ─ segment ─ times ─ quantities ─ actors (recognise + link) ─ places ─> Extraction
//! ```
//! Each stage is a module with one job. Stages pass typed data forward and never reach
//! back; none does I/O. An [`Extractor`] holds everything compiled from the lexicons and
//! is `Send + Sync`, so one instance serves all threads.
//!
//! ```
//! use sitrep_extract::Extractor;
//! use sitrep_model::Document;
//!
//! let extractor = Extractor::builtin();
//! let doc = Document {
//!     text: "Seoul said on Monday that 1,500 North Korean soldiers had arrived.".into(),
//!     published: Some("2024-10-22".into()),
//!     ..Document::default()
//! };
//! let record = extractor.extract(&doc);
//! assert!(record.entities.iter().any(|e| e.code.as_deref() == Some("KOR")));
//! assert_eq!(record.quantities[0].value, 1500.0);
//! assert_eq!(record.times[0].value, "2024-10-21");
//! ```

pub mod actors;
mod bytes8;
pub mod claims;
pub mod clauses;
pub mod events;
pub mod incidents;
pub mod matcher;
pub mod normalise;
pub mod places;
pub mod quantities;
pub mod segment;
pub mod times;
mod wordtable;

use std::sync::LazyLock;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use sitrep_geo::Gazetteer;
use sitrep_lexicon::Lexicon;
use sitrep_model::{Document, Entity, EntityKind, Event, Extraction, Mention, Place, Sentence};

use actors::{ActorMatcher, ActorRecogniser};
use claims::ClaimMatcher;
use events::EventMatcher;
use incidents::IncidentMatcher;
use quantities::QuantityTagger;
use times::TimeTagger;
use wordtable::WordTable;

/// The compiled pipeline.
pub struct Extractor {
    lexicon: Lexicon,
    actors: ActorMatcher,
    times: TimeTagger,
    quantities: QuantityTagger,
    events: EventMatcher,
    claims: ClaimMatcher,
    incidents: IncidentMatcher,
    /// The tables of the claims' cues, the events' triggers and the incidents' terms
    /// merged, for finding all three in one pass over the tokens.
    cues_and_triggers: matcher::MatcherSet<3>,
    word_classes: clauses::WordClasses,
    /// Discard phrases (PETRARCH): events are not coded in a sentence that holds one, nor
    /// anywhere in a story that holds a story-level one (`+` in the dictionary).
    discards: Option<(aho_corasick::AhoCorasick, Vec<bool>)>,
    gazetteer: &'static Gazetteer,
}

impl Extractor {
    /// A pipeline over the given lexicons and the embedded gazetteer.
    pub fn new(lexicon: Lexicon) -> Extractor {
        let events = EventMatcher::new(&lexicon);
        let claims = ClaimMatcher::new(&lexicon);
        let incidents = IncidentMatcher::new(&lexicon);
        Extractor {
            cues_and_triggers: matcher::MatcherSet::new([claims.cues(), events.triggers(), incidents.terms()]),
            actors: ActorMatcher::new(&lexicon),
            quantities: QuantityTagger::new(&lexicon.quantities),
            times: TimeTagger::new(),
            events,
            claims,
            incidents,
            word_classes: clauses::WordClasses::new(&lexicon.grammar),
            discards: discard_matcher(&lexicon.discards),
            gazetteer: Gazetteer::embedded(),
            lexicon,
        }
    }

    /// A pipeline over the built-in lexicons.
    pub fn builtin() -> Extractor {
        Extractor::new(Lexicon::builtin())
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Heap bytes of the automata compiled from the lexicons.
    pub fn automata_bytes(&self) -> usize {
        self.actors.memory_usage()
            + self.events.memory_usage()
            + self.claims.memory_usage()
            + self.incidents.memory_usage()
            + self.cues_and_triggers.memory_usage()
    }

    /// Reads one document into its record.
    pub fn extract(&self, doc: &Document) -> Extraction {
        self.extract_timed(doc, &mut StageTimes::default())
    }

    /// [`Extractor::extract`], adding the time each stage took to `times` (for benchmarks).
    pub fn extract_timed(&self, doc: &Document, clock: &mut StageTimes) -> Extraction {
        let mut lap = Lap::start();
        let text = normalise::normalise(&doc.text);
        let id = if doc.id.is_empty() { content_id(&text) } else { doc.id.clone() };
        let published = doc.published.as_deref().and_then(parse_date);
        let tokens = segment::tokenize(&text);
        let spans = segment::sentences(&text, &tokens, &self.lexicon.names);
        let sentences: Vec<Sentence> =
            spans.iter().map(|&(start, end)| Sentence { text: text[start..end].to_string(), start, end }).collect();
        clock.segment += lap.next();
        let lang = detect_language(&text);
        clock.language += lap.next();
        let mut record = Extraction {
            id,
            title: doc.title.clone(),
            url: doc.url.clone(),
            source: doc.source.clone(),
            published: doc.published.clone(),
            lang: lang.to_string(),
            ..Extraction::default()
        };
        if lang == "en" {
            let sentence_of = |pos: usize| spans.partition_point(|&(s, _)| s <= pos).saturating_sub(1);
            let (times, vague) = self
                .times
                .find(&text, &sentences, published)
                .into_iter()
                .partition(|t| times::is_calendar_value(&t.value));
            record.times = times;
            record.vague_times = vague;
            clock.times += lap.next();
            let mut time_spans: Vec<(usize, usize)> =
                record.times.iter().chain(&record.vague_times).map(|t| (t.start, t.end)).collect();
            time_spans.sort_unstable();
            record.quantities = self.quantities.find(&text, &sentences, &time_spans);
            clock.quantities += lap.next();

            let date = published.map(|d| {
                use chrono::Datelike;
                (d.year(), d.month(), d.day())
            });
            let mut finding = ActorRecogniser {
                matcher: &self.actors,
                lexicon: &self.lexicon,
                text: &text,
                tokens: &tokens,
                sentences: &spans,
                date,
            }
            .run();
            clock.actors += lap.next();
            let mut taken = finding.taken.clone();
            taken.extend(&time_spans);
            taken.extend(record.quantities.iter().map(|q| (q.start, q.end)));
            taken.sort_unstable();
            let salient: Vec<&str> = finding.salient_countries.iter().map(String::as_str).collect();
            let starts: Vec<usize> = spans.iter().map(|s| s.0).collect();
            let mut hits =
                places::find_places(&text, &tokens, &starts, &taken, self.gazetteer, &salient, &self.lexicon);
            let homonyms =
                places::local_homonyms(&text, &mut finding.actors, &hits, self.gazetteer, &self.lexicon.names);
            finding.metonyms.retain(|m| !homonyms.iter().any(|h| (h.start, h.end) == *m));
            hits.extend(homonyms);
            hits.extend(places::metonym_places(
                &text,
                &finding.metonyms,
                self.gazetteer,
                &salient,
                &self.lexicon.names,
            ));
            hits.sort_by_key(|h| h.start);
            clock.places += lap.next();

            for a in finding.actors {
                let mentions = a.mentions.iter().map(|&(s, e)| mention(&text, s, e, sentence_of(s))).collect();
                record.entities.push(Entity {
                    id: a.key.split_once(':').map_or(a.key.as_str(), |(_, rest)| rest).to_string(),
                    name: a.name,
                    kind: a.kind,
                    code: a.code,
                    country: a.country,
                    roles: a.roles,
                    mentions,
                });
            }
            for h in hits {
                let e = h.entry;
                // Counties are not GeoNames features: their id holds a FIPS code.
                let gid = match e.kind {
                    sitrep_geo::PlaceKind::County => format!("fips:{:05}", e.geonames_id % 100_000_000),
                    _ => format!("geonames:{}", e.geonames_id),
                };
                record.places.push(Place {
                    sentence: sentence_of(h.start),
                    text: text[h.start..h.end].to_string(),
                    start: h.start,
                    end: h.end,
                    name: e.name.to_string(),
                    country: Some(e.country.to_string()),
                    lat: e.lat,
                    lon: e.lon,
                    gazetteer_id: Some(gid.clone()),
                });
                let m = mention(&text, h.start, h.end, sentence_of(h.start));
                match record.entities.iter_mut().find(|x| x.kind == EntityKind::Place && x.id == gid) {
                    Some(existing) => existing.mentions.push(m),
                    None => record.entities.push(Entity {
                        id: gid,
                        name: e.name.to_string(),
                        kind: EntityKind::Place,
                        code: None,
                        country: Some(e.country.to_string()),
                        roles: vec![],
                        mentions: vec![m],
                    }),
                }
            }
            // Unique ids: two drafts may slug alike ("KORGOV" group and organisation).
            dedupe_ids(&mut record.entities);
            clock.assemble += lap.next();

            let clauses = clauses::Clauses::new(
                &text,
                &tokens,
                &spans,
                &self.lexicon.grammar,
                &self.word_classes,
                &record.entities,
            )
            .with_time_spans(&time_spans);
            // One pass over the tokens finds the reporting cues, the event triggers and the
            // incident terms.
            let phrases = [self.claims.cues(), self.events.triggers(), self.incidents.terms()];
            let [cues, triggers, hazards] = self.cues_and_triggers.find_each(phrases, &text, &tokens);
            record.claims = self.claims.find(&clauses, &record.entities, &cues);
            clock.claims += lap.next();
            record.events = self.events.find(
                &events::Context {
                    clauses: &clauses,
                    entities: &record.entities,
                    times: &record.times,
                    time_spans: &time_spans,
                    places: &record.places,
                    quantities: &record.quantities,
                    claims: &record.claims,
                    published: published.map(|d| d.format("%Y-%m-%d").to_string()),
                },
                &triggers,
            );
            if let Some((ac, story_level)) = &self.discards {
                let mut discarded = Vec::new();
                let bounded = |m: &aho_corasick::Match| {
                    !text[..m.start()].ends_with(char::is_alphanumeric)
                        && !text[m.end()..].starts_with(char::is_alphanumeric)
                };
                for m in ac.find_iter(&text).filter(bounded) {
                    if story_level[m.pattern().as_usize()] {
                        record.events.clear();
                        break;
                    }
                    discarded.push(sentence_of(m.start()));
                }
                record.events.retain(|e| !discarded.contains(&e.sentence));
            }
            // The record's events all have a PLOVER type; codes of a loaded dictionary
            // outside CAMEO go to a field of their own.
            if record.events.iter().any(|e| e.plover.is_empty()) {
                let (typed, own): (Vec<Event>, Vec<Event>) =
                    std::mem::take(&mut record.events).into_iter().partition(|e| !e.plover.is_empty());
                record.events = typed;
                record.dictionary_events = own;
            }
            record.incidents = self.incidents.find(&text, &spans, &hazards);
            clock.events += lap.next();
        }
        record.text = text;
        record.sentences = sentences;
        clock.assemble += lap.next();
        record
    }
}

/// Time spent in each stage, summed over documents.
#[derive(Debug, Clone, Copy, Default)]
pub struct StageTimes {
    /// Normalisation and segmentation.
    pub segment: Duration,
    pub language: Duration,
    pub times: Duration,
    pub quantities: Duration,
    pub actors: Duration,
    pub places: Duration,
    /// Building the record.
    pub assemble: Duration,
    pub claims: Duration,
    pub events: Duration,
}

impl StageTimes {
    /// Stage names and times, in pipeline order.
    pub fn stages(&self) -> [(&'static str, Duration); 9] {
        [
            ("normalise + segment", self.segment),
            ("language", self.language),
            ("times", self.times),
            ("quantities", self.quantities),
            ("actors", self.actors),
            ("places", self.places),
            ("claims", self.claims),
            ("events", self.events),
            ("assemble", self.assemble),
        ]
    }
}

struct Lap(Instant);

impl Lap {
    fn start() -> Lap {
        Lap(Instant::now())
    }

    /// Time since the last lap.
    fn next(&mut self) -> Duration {
        let now = Instant::now();
        let d = now - self.0;
        self.0 = now;
        d
    }
}

/// The discard phrases, compiled; `true` marks a story-level phrase.
fn discard_matcher(discards: &[String]) -> Option<(aho_corasick::AhoCorasick, Vec<bool>)> {
    if discards.is_empty() {
        return None;
    }
    let (phrases, story): (Vec<&str>, Vec<bool>) =
        discards.iter().map(|d| d.strip_prefix('+').map_or((d.as_str(), false), |p| (p, true))).unzip();
    let ac = aho_corasick::AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&phrases)
        .ok()?;
    Some((ac, story))
}

fn mention(text: &str, start: usize, end: usize, sentence: usize) -> Mention {
    Mention { text: text[start..end].to_string(), start, end, sentence }
}

fn dedupe_ids(entities: &mut [Entity]) {
    // Ids are nearly always unique already: check that first, without copying them.
    let mut ids = rustc_hash::FxHashSet::default();
    if entities.iter().all(|e| ids.insert(e.id.as_str())) {
        return;
    }
    let mut seen = std::collections::HashSet::new();
    for e in entities.iter_mut() {
        let mut id = e.id.clone();
        let mut n = 2;
        while !seen.insert(id.clone()) {
            id = format!("{}-{n}", e.id);
            n += 1;
        }
        e.id = id;
    }
}

/// The document id derived from its normalised text: SHA-256, hex.
pub fn content_id(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads a publication date: `2024-10-22`, `2024-10-22T08:00:00Z`, `2024/10/22`,
/// or an RFC 2822 date as feeds write it.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(head, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(head, "%Y/%m/%d"))
        .ok()
        .or_else(|| chrono::DateTime::parse_from_rfc2822(s).ok().map(|d| d.date_naive()))
        .or_else(|| chrono::DateTime::parse_from_rfc3339(s).ok().map(|d| d.date_naive()))
}

/// ISO 639-1 code of the text's language; English when the text is too short to tell.
///
/// Most input is English news, so a cheap test comes first: English function words make
/// up a large share of any English passage. Only other text goes to the trigram detector.
pub fn detect_language(text: &str) -> &'static str {
    let sample = prefix_chars(text, 400);
    if looks_english(sample) || !maybe_not_english(sample) {
        return "en";
    }
    let sample = prefix_chars(sample, 300);
    let Some(info) = whatlang::detect(sample) else { return "en" };
    if !info.is_reliable() && info.lang() != whatlang::Lang::Eng {
        return "en";
    }
    iso639_1(info.lang())
}

/// The first `n` characters of `text` (all of it when shorter).
fn prefix_chars(text: &str, n: usize) -> &str {
    // In ASCII a character is a byte: no decoding, the common case.
    let head = &text.as_bytes()[..text.len().min(n)];
    if head.is_ascii() {
        return &text[..head.len()];
    }
    match text.char_indices().nth(n) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// Function words of other Latin-script languages.
const OTHER: &[&str] = &[
    "le", "la", "les", "des", "et", "est", "une", "du", "der", "die", "das", "und", "ist", "nicht", "el", "los", "las",
    "y", "que", "por", "una", "il", "di", "che", "della", "het", "een", "van", "og", "och", "ja", "w", "na", "nie",
    "się", "je", "da", "o", "os", "em", "não",
];

/// English function words.
const FUNCTION_WORDS: &[&str] =
    &["the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was", "said", "with"];

/// The ASCII words of a list as a table, for ASCII samples (the common case): a word is
/// looked up once rather than compared with every listed word.
fn ascii_table(list: &[&'static str]) -> WordTable<()> {
    WordTable::new(list.iter().filter(|w| w.is_ascii()).map(|w| (*w, ()))).expect("function words are short words")
}

static OTHER_TABLE: LazyLock<WordTable<()>> = LazyLock::new(|| ascii_table(OTHER));
static FUNCTION_TABLE: LazyLock<WordTable<()>> = LazyLock::new(|| ascii_table(FUNCTION_WORDS));

/// Whether the trigram detector is worth asking: the text is mostly in another script,
/// or its function words are those of another Latin-script language. Tables, tickers and
/// headlines with few function words stay English without the cost.
fn maybe_not_english(sample: &str) -> bool {
    if sample.is_ascii() {
        // No other script; the function words decide.
        let (words, other) = count_ascii_words(sample, &OTHER_TABLE);
        return words >= 8 && other * 100 >= words * 10;
    }
    let letters = sample.chars().filter(|c| c.is_alphabetic()).count();
    let non_latin = sample.chars().filter(|c| c.is_alphabetic() && !c.is_ascii() && (*c as u32) > 0x24F).count();
    if non_latin * 5 > letters {
        return true;
    }
    let (words, other) = count_words(sample, OTHER);
    words >= 8 && other * 100 >= words * 10
}

fn looks_english(sample: &str) -> bool {
    let (words, function) = if sample.is_ascii() {
        count_ascii_words(sample, &FUNCTION_TABLE)
    } else {
        count_words(sample, FUNCTION_WORDS)
    };
    words >= 8 && function * 100 >= words * 15
}

/// The words of `sample` (runs of letters) and how many of them are in `list` (any case).
fn count_words(sample: &str, list: &[&str]) -> (usize, usize) {
    let mut words = 0usize;
    let mut found = 0usize;
    for w in sample.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        words += 1;
        if list.iter().any(|f| w.eq_ignore_ascii_case(f)) {
            found += 1;
        }
    }
    (words, found)
}

/// [`count_words`] for an ASCII sample, with the list's ASCII words as a table: bytes
/// rather than chars, one lookup per word.
fn count_ascii_words(sample: &str, table: &WordTable<()>) -> (usize, usize) {
    let b = sample.as_bytes();
    let mut words = 0usize;
    let mut found = 0usize;
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let s = i;
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        words += 1;
        if table.get(&b[s..i]).is_some() {
            found += 1;
        }
    }
    (words, found)
}

fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Fra => "fr",
        Deu => "de",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Rus => "ru",
        Ukr => "uk",
        Ara => "ar",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Tur => "tr",
        Pes => "fa",
        Heb => "he",
        Hin => "hi",
        Urd => "ur",
        Pol => "pl",
        Nld => "nl",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_common_formats() {
        let d = NaiveDate::from_ymd_opt(2024, 10, 22).unwrap();
        assert_eq!(parse_date("2024-10-22"), Some(d));
        assert_eq!(parse_date("2024-10-22T08:15:00+02:00"), Some(d));
        assert_eq!(parse_date("Tue, 22 Oct 2024 08:15:00 GMT"), Some(d));
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn language_is_flagged_not_mangled() {
        assert_eq!(detect_language("Die Bundesregierung hat am Montag beschlossen, weitere Waffen an die Ukraine zu liefern, teilte ein Sprecher mit."), "de");
        assert_eq!(detect_language("Troops crossed the border on Monday, officials said."), "en");
    }

    #[test]
    fn content_ids_are_stable() {
        assert_eq!(content_id("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
