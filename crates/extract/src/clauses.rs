//! A shallow clause analyser over tokens and actor mentions.
//!
//! No parser: clauses are delimited by punctuation and the clause-opening words of
//! `grammar.txt` ("that", "which", "after", ...), the subject of a predicate is the
//! nearest actor before it in its clause that is not the object of a preposition, and
//! the object is what follows the predicate up to the next preposition or punctuation.
//! That is enough for the reporting style of news ("South Korea may deploy military
//! staff to Ukraine", "Russia's ambassador was summoned by the Foreign Ministry").

use std::cell::Cell;

use rustc_hash::FxHashMap;
use sitrep_lexicon::GrammarWords;
use sitrep_model::{Entity, EntityKind};

use crate::segment::{Token, TokenKind};

/// An actor mention: a span linked to an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActorSpan {
    pub start: usize,
    pub end: usize,
    /// Index into the entities.
    pub entity: usize,
}

/// The one-word function word classes of `grammar.txt` that the analyser asks of tokens,
/// as bits of a [`WordClasses`] entry.
#[derive(Debug, Clone, Copy)]
enum Class {
    Preposition = 1,
    Be = 1 << 1,
    Coordinator = 1 << 2,
    Determiner = 1 << 3,
    Obligation = 1 << 4,
    Light = 1 << 5,
    Pronoun = 1 << 6,
    Amount = 1 << 7,
    ClauseOpener = 1 << 8,
    /// `;`, `:` or a dash: punctuation that ends a clause (kept with the classes so that
    /// a clause break costs one look at the memo).
    BreakMark = 1 << 9,
    SubjectPronoun = 1 << 10,
    SubjectLead = 1 << 11,
    Commitment = 1 << 12,
}

/// Every word of the grammar's classes with the classes it is in: one hash lookup tells
/// all the classes of a token, where a lookup per class and query cost a hash each.
/// Built once with the pipeline.
#[derive(Debug, Default)]
pub struct WordClasses {
    words: FxHashMap<String, u16>,
    /// The shapes of those words (see [`shape`]): most tokens are content words, and a
    /// shape no class word has rejects them without hashing the word.
    shapes: Vec<u64>,
}

/// A word's length with the low five bits of its first and last bytes, as a bit index below
/// [`SHAPE_BITS`]: those bits are the same in an ASCII letter's two cases, so words equal but
/// for ASCII case have one shape.
fn shape(w: &[u8]) -> usize {
    let (Some(&first), Some(&last)) = (w.first(), w.last()) else { return 0 };
    (w.len() & 0xF) << 10 | usize::from(first & 0x1F) << 5 | usize::from(last & 0x1F)
}

const SHAPE_BITS: usize = 1 << 14;

impl WordClasses {
    pub fn new(grammar: &GrammarWords) -> WordClasses {
        let mut map: FxHashMap<String, u16> = FxHashMap::default();
        let sets = [
            (&grammar.prepositions, Class::Preposition),
            (&grammar.be, Class::Be),
            (&grammar.coordinators, Class::Coordinator),
            (&grammar.determiners, Class::Determiner),
            (&grammar.obligations, Class::Obligation),
            (&grammar.light_verbs, Class::Light),
            (&grammar.pronouns, Class::Pronoun),
            (&grammar.amounts, Class::Amount),
            (&grammar.clause_openers, Class::ClauseOpener),
            (&grammar.subject_pronouns, Class::SubjectPronoun),
            (&grammar.subject_leads, Class::SubjectLead),
            (&grammar.commitments, Class::Commitment),
        ];
        let mut shapes = vec![0u64; SHAPE_BITS / 64];
        for (set, class) in sets {
            for w in set {
                *map.entry(w.clone()).or_default() |= class as u16;
                let k = shape(w.as_bytes());
                shapes[k / 64] |= 1 << (k % 64);
            }
        }
        WordClasses { words: map, shapes }
    }

    /// The classes of `w`, a word of at most 16 bytes with its ASCII capitals lowered.
    fn get(&self, w: &str) -> Option<&u16> {
        self.words.get(w)
    }

    /// Whether some class word may equal `w` but for ASCII case.
    fn may_hold(&self, w: &str) -> bool {
        let k = shape(w.as_bytes());
        self.shapes[k / 64] & (1 << (k % 64)) != 0
    }
}

/// A token's classes not yet looked up.
const UNKNOWN: u16 = u16::MAX;

/// One document's tokens, sentences and actor mentions, with the queries the event and
/// claim stages ask of them.
pub struct Clauses<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub sentences: &'a [(usize, usize)],
    pub grammar: &'a GrammarWords,
    classes: &'a WordClasses,
    /// The classes of each token, looked up on first use ([`UNKNOWN`] before).
    token_classes: Vec<Cell<u16>>,
    /// Outermost actor mentions in text order ("South Korea's Foreign Ministry", not the
    /// "South Korea" inside it). Places are included: they can be targets ("shelled
    /// Kharkiv") but never subjects.
    pub actors: Vec<ActorSpan>,
    /// Kind of each entity, by index.
    kinds: Vec<EntityKind>,
    /// Time expressions (byte spans, sorted): "on Tuesday" is a setting, not a name's part.
    time_spans: &'a [(usize, usize)],
    /// The token range of each sentence, found on first use: the claim and event stages
    /// ask it for every cue and trigger.
    sentence_token_ranges: Vec<Cell<Option<(usize, usize)>>>,
}

impl<'a> Clauses<'a> {
    pub fn new(
        text: &'a str,
        tokens: &'a [Token],
        sentences: &'a [(usize, usize)],
        grammar: &'a GrammarWords,
        classes: &'a WordClasses,
        entities: &[Entity],
    ) -> Clauses<'a> {
        let mut all: Vec<ActorSpan> = entities
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.mentions.iter().map(move |m| ActorSpan { start: m.start, end: m.end, entity: i }))
            .collect();
        all.sort_by_key(|a| (a.start, std::cmp::Reverse(a.end)));
        let mut actors: Vec<ActorSpan> = Vec::with_capacity(all.len());
        for a in all {
            if actors.last().is_none_or(|last| a.start >= last.end) {
                actors.push(a);
            }
        }
        Clauses {
            text,
            tokens,
            sentences,
            grammar,
            classes,
            token_classes: vec![Cell::new(UNKNOWN); tokens.len()],
            actors,
            kinds: entities.iter().map(|e| e.kind).collect(),
            time_spans: &[],
            sentence_token_ranges: vec![Cell::new(None); sentences.len()],
        }
    }

    /// The same clauses, knowing where the time expressions are (sorted byte spans).
    pub fn with_time_spans(self, time_spans: &'a [(usize, usize)]) -> Clauses<'a> {
        Clauses { time_spans, ..self }
    }

    /// The time expression that holds byte `pos`, if any.
    pub fn time_covering(&self, pos: usize) -> Option<(usize, usize)> {
        let i = self.time_spans.partition_point(|t| t.1 <= pos);
        self.time_spans.get(i).copied().filter(|t| t.0 <= pos)
    }

    /// Index of the first token starting at or after `pos`.
    pub fn token_at(&self, pos: usize) -> usize {
        self.tokens.partition_point(|t| t.start < pos)
    }

    pub fn word(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    /// Sentence index holding byte `pos`.
    pub fn sentence_of(&self, pos: usize) -> usize {
        self.sentences.partition_point(|&(s, _)| s <= pos).saturating_sub(1)
    }

    /// Token range `[first, last)` of the sentence holding byte `pos`.
    pub fn sentence_tokens(&self, pos: usize) -> (usize, usize) {
        let i = self.sentence_of(pos);
        let Some(memo) = self.sentence_token_ranges.get(i) else {
            return (0, self.token_at(self.text.len()));
        };
        if let Some(range) = memo.get() {
            return range;
        }
        let (s, e) = self.sentences[i];
        let range = (self.token_at(s), self.token_at(e));
        memo.set(Some(range));
        range
    }

    /// Whether token `i`, lower-cased, is in `class`.
    fn is(&self, i: usize, class: Class) -> bool {
        self.classes_of(i) & class as u16 != 0
    }

    /// The classes of token `i`, looked up once per document (without allocating: this
    /// runs for many tokens per predicate).
    #[inline]
    fn classes_of(&self, i: usize) -> u16 {
        let Some(memo) = self.token_classes.get(i) else { return 0 };
        match memo.get() {
            UNKNOWN => self.look_up_classes(i, memo),
            known => known,
        }
    }

    /// The first look at token `i`'s classes, kept out of line so that the memo's fast
    /// path inlines into the scans that ask it.
    #[inline(never)]
    fn look_up_classes(&self, i: usize, memo: &Cell<u16>) -> u16 {
        let w = self.word(i);
        let found = if w.len() > 16 || !self.classes.may_hold(w) {
            None
        } else if !w.bytes().any(|b| b.is_ascii_uppercase()) {
            self.classes.get(w)
        } else {
            let mut buf = [0u8; 16];
            let lower = &mut buf[..w.len()];
            lower.copy_from_slice(w.as_bytes());
            lower.make_ascii_lowercase();
            std::str::from_utf8(lower).ok().and_then(|l| self.classes.get(l))
        };
        let mut classes = found.copied().unwrap_or(0);
        if matches!(w, ";" | ":" | "\u{2014}" | "\u{2013}") {
            classes |= Class::BreakMark as u16;
        }
        // "'s" is "is" or "has" only after a pronoun-like word ("it's", "there's"); after a
        // name or a noun it is a possessive ("Russia's invasion", "the army's advance").
        if w == "'s" && !(i > 0 && self.grammar.contractions.contains(&self.word(i - 1).to_ascii_lowercase())) {
            classes &= !(Class::Be as u16);
        }
        memo.set(classes);
        classes
    }

    pub fn is_preposition(&self, i: usize) -> bool {
        self.is(i, Class::Preposition)
    }

    pub fn is_be(&self, i: usize) -> bool {
        self.is(i, Class::Be)
    }

    /// A word by which an actor commits itself to a future act ("will", "willing").
    pub fn is_commitment(&self, i: usize) -> bool {
        self.is(i, Class::Commitment)
    }

    pub fn is_coordinator(&self, i: usize) -> bool {
        self.is(i, Class::Coordinator)
    }

    pub fn is_determiner(&self, i: usize) -> bool {
        self.is(i, Class::Determiner)
    }

    /// The number of words (1 or 2) of a modal of obligation starting at token `i`
    /// ("must", "has to"), or 0.
    pub fn obligation_at(&self, i: usize) -> usize {
        if self.is(i, Class::Obligation) {
            return 1;
        }
        if i + 1 < self.tokens.len()
            && self.word(i + 1).eq_ignore_ascii_case("to")
            && with_lower_pair(self.word(i), "to", |two| self.grammar.obligations.contains(two))
        {
            return 2;
        }
        0
    }

    /// A verb that carries an event noun, ending at token `i` (one or two words:
    /// "launched", "carried out").
    pub fn light_verb_ending_at(&self, i: usize) -> Option<usize> {
        if self.is(i, Class::Light) {
            return Some(i);
        }
        let j = i.checked_sub(1)?;
        with_lower_pair(self.word(j), self.word(i), |two| self.grammar.light_verbs.contains(two)).then_some(j)
    }

    pub fn is_pronoun(&self, i: usize) -> bool {
        self.is(i, Class::Pronoun)
    }

    /// A personal pronoun that can be the subject of a verb ("he", "they", "we").
    pub fn is_subject_pronoun(&self, i: usize) -> bool {
        self.is(i, Class::SubjectPronoun)
    }

    /// A word after which a subject may begin ("On Monday *then* he said", "because they").
    pub fn leads_subject(&self, i: usize) -> bool {
        self.is(i, Class::SubjectLead)
    }

    /// A word for an amount of people: "thousands", "hundreds", "dozens", a number.
    pub fn is_amount(&self, i: usize) -> bool {
        self.tokens[i].kind == TokenKind::Number || self.is(i, Class::Amount)
    }

    /// A clause boundary at token `i`: `;`, `:`, a dash, or a clause-opening word.
    pub fn is_clause_break(&self, i: usize) -> bool {
        self.classes_of(i) & (Class::ClauseOpener as u16 | Class::BreakMark as u16) != 0
    }

    /// First token of the clause holding token `i`.
    pub fn clause_start(&self, i: usize) -> usize {
        let (first, _) = self.sentence_tokens(self.tokens.get(i).map_or(self.text.len(), |t| t.start));
        let mut j = i;
        while j > first {
            if self.is_clause_break(j - 1) {
                return j;
            }
            j -= 1;
        }
        first
    }

    /// Whether the mention is a place (a setting, never an agent).
    pub fn is_place(&self, a: &ActorSpan) -> bool {
        self.kinds[a.entity] == EntityKind::Place
    }

    /// Whether the mention is a person.
    pub fn is_person(&self, a: &ActorSpan) -> bool {
        self.kinds[a.entity] == EntityKind::Person
    }

    /// The actor mention covering byte `pos`, if any.
    pub fn actor_covering(&self, pos: usize) -> Option<ActorSpan> {
        let i = self.actors.partition_point(|a| a.end <= pos);
        self.actors.get(i).filter(|a| a.start <= pos).copied()
    }

    /// Actor mentions starting in `[from, to)` bytes.
    pub fn actors_in(&self, from: usize, to: usize) -> &[ActorSpan] {
        let a = self.actors.partition_point(|x| x.start < from);
        let b = self.actors.partition_point(|x| x.start < to);
        &self.actors[a..b]
    }

    /// Whether the actor at `span` is the object of a preposition: the token before it,
    /// past at most two determiners, is a preposition ("to the US", "of North Korea").
    ///
    /// A partitive "of" does not count: "thousands of Israelis rallied".
    pub fn after_preposition(&self, span: &ActorSpan) -> bool {
        let mut j = self.token_at(span.start);
        for _ in 0..3 {
            if j == 0 {
                return false;
            }
            j -= 1;
            if self.is_preposition(j) {
                let partitive = self.word(j).eq_ignore_ascii_case("of") && j > 0 && self.is_amount(j - 1);
                return !partitive;
            }
            if !self.is_determiner(j) {
                return false;
            }
        }
        false
    }

    /// The subject of a predicate whose first token is `trigger`: the nearest actor
    /// before it in its clause that is not the object of a preposition (an actor right
    /// before the predicate counts even then: "reports of North Korean troops aiding
    /// Russia"). Returns `None` when the clause names none.
    ///
    /// A participle or gerund ("-ing") takes the actor right before it even after a
    /// preposition ("reports of North Korean troops aiding Russia"), and after a
    /// preposition of its own, the nearest actor at all ("Seoul's pivot towards providing
    /// Ukraine with support"). With no actor, a pronoun stands for the last actor before it.
    pub fn subject_before(&self, trigger: usize) -> Option<ActorSpan> {
        let start = self.clause_start(trigger);
        let from = self.tokens.get(start)?.start;
        let to = self.tokens.get(trigger)?.start;
        let participle = self.word(trigger).ends_with("ing");
        let after_prep = participle && trigger > 0 && self.is_preposition(trigger - 1);
        if let Some(a) = self.subject_before_apposition(start, trigger) {
            return Some(a);
        }
        let candidates = self.actors_in(from, to);
        // "after Venezuela threatened Guyana": a word that is both a preposition and a
        // clause opener opens the clause, and the actor right after it is its subject
        // (unless a comma ends the phrase first: "After Brazil's move, talks ...").
        let opens_clause = |a: &ActorSpan| {
            start > 0
                && self.is_clause_break(start - 1)
                && (start..self.token_at(a.start)).all(|k| self.is_determiner(k))
                && !self.text[a.end..to].contains(',')
        };
        let found = candidates.iter().rev().filter(|a| self.kinds[a.entity] != EntityKind::Place).find(|a| {
            after_prep
                || (participle && self.only_modifiers_between(a.end, to))
                || !self.after_preposition(a)
                || opens_clause(a)
        });
        found.copied().or_else(|| self.pronoun_before(start, trigger)).or_else(|| self.located_subject(start, trigger))
    }

    /// "Opposition parties in Nepal have organised a strike", "Rebels in the Ivory Coast
    /// blocked ...": a subject named only by a common noun takes the country it is placed
    /// in, when that phrase opens the clause.
    fn located_subject(&self, start: usize, trigger: usize) -> Option<ActorSpan> {
        let limit = trigger.min(start + 6);
        let at = (start + 1..limit).find(|&i| self.word(i).eq_ignore_ascii_case("in"))?;
        let noun = self.word(at - 1);
        // A capital opening the clause is the sentence's, not a name's: "Rebels in ...".
        let rest = if at - 1 == start { noun.get(1..).unwrap_or("") } else { noun };
        let first_is_letter = noun.bytes().next().is_some_and(|b| b.is_ascii_alphabetic());
        if !first_is_letter || !rest.bytes().all(|b| b.is_ascii_lowercase()) || !noun.ends_with('s') {
            return None;
        }
        let from = self.tokens[at].end;
        let a = *self.actors_in(from, self.tokens[trigger].start).first()?;
        let next = self.token_at(from);
        let adjacent = a.start == self.tokens.get(next)?.start
            || (self.is_determiner(next) && self.tokens.get(next + 1).is_some_and(|t| t.start == a.start));
        (adjacent && self.kinds[a.entity] == EntityKind::Country).then_some(a)
    }

    /// "Pakistan, a key U.S. ally in the war, has refused": when a comma closes the
    /// phrase right before the predicate (past auxiliaries and adverbs), the subject is the
    /// actor right before the comma that opens it, not one inside the apposition.
    pub fn subject_before_apposition(&self, start: usize, trigger: usize) -> Option<ActorSpan> {
        let mut k = trigger.checked_sub(1)?;
        while k > start && self.is_auxiliary(k) {
            k -= 1;
        }
        if k <= start || self.word(k) != "," {
            return None;
        }
        let open = (start..k).rev().find(|&j| self.word(j) == ",")?;
        let before = open.checked_sub(1).filter(|&b| b >= start)?;
        let a = self.actor_covering(self.tokens[before].start)?;
        let clean = a.end == self.tokens[before].end && !self.is_place(&a) && !self.after_preposition(&a);
        // The apposition itself names a noun phrase, not a clause with its own predicate.
        clean.then_some(a)
    }

    /// Auxiliaries, modals and adverbs that may stand between a subject and its predicate.
    pub fn is_auxiliary(&self, i: usize) -> bool {
        const ADVERBS: [&str; 8] = ["also", "now", "still", "not", "never", "already", "today", "yesterday"];
        let w = self.word(i);
        self.is_be(i)
            || self.is_have_or_modal(i)
            || (w.ends_with("ly") && w.len() > 3)
            || ADVERBS.iter().any(|a| w.eq_ignore_ascii_case(a))
    }

    /// A form of "have" or a modal: a finite verb of its own, unlike an adverb.
    pub fn is_have_or_modal(&self, i: usize) -> bool {
        const FORMS: [&str; 11] =
            ["has", "have", "had", "will", "would", "may", "might", "can", "could", "should", "must"];
        let w = self.word(i);
        w.len() <= 6 && FORMS.iter().any(|f| w.eq_ignore_ascii_case(f))
    }

    /// The actor a pronoun between tokens `from` and `to` stands for: the last actor
    /// before it of a fitting kind (a person for "he" and "she", anything else for "it"
    /// and "they").
    pub fn pronoun_before(&self, from: usize, to: usize) -> Option<ActorSpan> {
        let p = (from..to).rev().find(|&i| self.is_pronoun(i))?;
        let personal = matches!(self.word(p).to_ascii_lowercase().as_str(), "he" | "she" | "his" | "her" | "him");
        let before = self.tokens[p].start;
        self.actors_in(0, before)
            .iter()
            .rev()
            .filter(|a| self.kinds[a.entity] != EntityKind::Place)
            .find(|a| (self.kinds[a.entity] == EntityKind::Person) == personal)
            .copied()
    }

    /// The actors joined to `actor` before it by commas and "and"/"or": "Mordor, Rohan
    /// and Bree" gives Mordor and Rohan for Bree, in text order. Places are not joined
    /// ("Kyiv and Ukraine" as a subject is rare, "in Kursk and Russia" is not a subject).
    pub fn coordinated_before(&self, actor: ActorSpan) -> Vec<ActorSpan> {
        let mut joined = Vec::new();
        let mut current = actor;
        let from = self.tokens.get(self.clause_start(self.token_at(actor.start))).map_or(0, |t| t.start);
        while let Some(prev) = self.actors_in(from, current.start).last().copied() {
            // The last two are joined by "and" or "or", the ones before them by commas
            // ("According to X, Y has sent" is no list).
            let join = list_join(&self.text[prev.end..current.start]);
            let fits = if joined.is_empty() { join == Some(Join::Conjunction) } else { join == Some(Join::Comma) };
            if !fits || self.kinds[prev.entity] == EntityKind::Place || prev.entity == actor.entity {
                break;
            }
            joined.push(prev);
            current = prev;
        }
        joined.reverse();
        joined
    }

    /// The actors joined to `actor` after it: "ties with Mordor, Rohan and Bree" gives
    /// Rohan and Bree for Mordor. Commas join only in a list that "and"/"or" closes
    /// ("attacked Ukraine, Poland said" is no list).
    pub fn coordinated_after(&self, actor: ActorSpan) -> Vec<ActorSpan> {
        let mut joined = Vec::new();
        let mut current = actor;
        let (_, sentence_end) = self.sentence_tokens(actor.start);
        let limit = self.tokens.get(sentence_end.saturating_sub(1)).map_or(actor.end, |t| t.end);
        while let Some(next) = self.actors_in(current.end, limit).first().copied() {
            let join = list_join(&self.text[current.end..next.start]);
            if join.is_none() || self.kinds[next.entity] == EntityKind::Place || next.entity == actor.entity {
                break;
            }
            joined.push(next);
            current = next;
            if join == Some(Join::Conjunction) {
                return joined;
            }
        }
        Vec::new()
    }

    /// Whether only adverbs, auxiliaries and modal words stand between `from` and `to`
    /// (the actor is directly before its predicate).
    pub fn only_modifiers_between(&self, from: usize, to: usize) -> bool {
        let a = self.token_at(from);
        let b = self.token_at(to);
        (a..b).all(|i| {
            let w = self.word(i);
            w == "'s"
                || w.ends_with("ly")
                || self.is_be(i)
                || matches!(w, "has" | "have" | "had" | "also" | "now" | "still")
        })
    }

    /// The first actor after token `after` up to token `limit`, reached without crossing
    /// a preposition or punctuation: the direct object.
    pub fn object_after(&self, after: usize, limit: usize) -> Option<ActorSpan> {
        let mut i = after + 1;
        while i < limit {
            let t = self.tokens[i];
            if let Some(a) = self.actor_covering(t.start) {
                return Some(a);
            }
            // "returned 95 Ukrainian prisoners", "trained tens of thousands of Ukrainian
            // recruits": a count and a partitive "of" after an amount stay in the object.
            let count = t.kind == TokenKind::Number;
            let partitive = i > after + 1 && self.word(i).eq_ignore_ascii_case("of") && self.is_amount(i - 1);
            if !(count || partitive) && (t.kind != TokenKind::Word || self.is_preposition(i) || self.is_clause_break(i))
            {
                return None;
            }
            i += 1;
        }
        None
    }

    /// The first actor after one of `preps` following token `after`, before `limit`.
    pub fn actor_after_preposition(&self, after: usize, limit: usize, preps: &[impl AsRef<str>]) -> Option<ActorSpan> {
        let mut i = after + 1;
        while i < limit {
            if self.is_clause_break(i) || matches!(self.word(i), "." | ";") {
                return None;
            }
            if preps.iter().any(|p| p.as_ref().eq_ignore_ascii_case(self.word(i))) {
                // The actor heads the phrase: within three words of the preposition.
                for j in i + 1..(i + 5).min(limit) {
                    if let Some(a) = self.actor_covering(self.tokens[j].start) {
                        return Some(a);
                    }
                    if self.is_preposition(j) {
                        break;
                    }
                }
            }
            i += 1;
        }
        None
    }

    /// The lower-cased words of tokens `[a, b)`, joined by single spaces.
    pub fn lower_words(&self, a: usize, b: usize) -> String {
        let b = b.min(self.tokens.len());
        let mut s =
            String::with_capacity(self.tokens.get(a..b).map_or(0, |t| t.iter().map(|t| t.end - t.start + 1).sum()));
        for i in a..b {
            if !s.is_empty() {
                s.push(' ');
            }
            let w = self.word(i);
            // Called for every event candidate: lower-case ASCII words in place rather than
            // allocating a copy of each.
            if w.is_ascii() {
                let from = s.len();
                s.push_str(w);
                s[from..].make_ascii_lowercase();
            } else {
                s.push_str(&w.to_lowercase());
            }
        }
        s
    }
}

/// `f` of `a` and `b` joined by a space and ASCII-lower-cased: in a buffer on the stack
/// when they fit, as these run for many tokens per document.
fn with_lower_pair<R>(a: &str, b: &str, f: impl FnOnce(&str) -> R) -> R {
    let n = a.len() + 1 + b.len();
    let mut buf = [0u8; 48];
    if n > buf.len() {
        return f(&format!("{a} {b}").to_ascii_lowercase());
    }
    buf[..a.len()].copy_from_slice(a.as_bytes());
    buf[a.len()] = b' ';
    buf[a.len() + 1..n].copy_from_slice(b.as_bytes());
    buf[..n].make_ascii_lowercase();
    // Two strings and a space, ASCII-lower-cased: still UTF-8.
    f(std::str::from_utf8(&buf[..n]).expect("joined UTF-8 stays UTF-8"))
}

/// How two items of a list are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    Comma,
    /// "and", "or", ", and", ", or": the last two items.
    Conjunction,
}

/// The join of two actors from the text between them; an article may stand outside a
/// name ("Vietnam and the Philippines").
fn list_join(between: &str) -> Option<Join> {
    let mut b = between.trim();
    // "and the evil Gondor", "and neighbouring Belarus", "and its ally Belarus": up to two
    // modifiers of the joined name, none a verb form (-ed, -s) or an auxiliary.
    for _ in 0..2 {
        match b.rsplit_once(' ') {
            Some((rest, w)) if is_modifier(w) => b = rest.trim_end(),
            _ => break,
        }
    }
    for det in [" the", " The", " its", " their"] {
        b = b.strip_suffix(det).unwrap_or(b);
    }
    match b {
        "," => Some(Join::Comma),
        "and" | "or" | ", and" | ", or" => Some(Join::Conjunction),
        _ => None,
    }
}

/// A lower-case word that can modify a name after "and": not a verb form or an auxiliary.
fn is_modifier(w: &str) -> bool {
    w.len() > 2
        && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && !w.ends_with("ed")
        && !w.ends_with('s')
        && !matches!(
            w,
            "and"
                | "the"
                | "its"
                | "then"
                | "will"
                | "would"
                | "can"
                | "could"
                | "may"
                | "might"
                | "must"
                | "should"
                | "not"
                | "also"
                | "that"
                | "who"
                | "which"
                | "for"
                | "with"
                | "from"
                | "into"
                | "but"
                | "nor"
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment;

    #[test]
    fn lists_join_names_with_their_modifiers() {
        assert_eq!(list_join(" and the evil awful "), Some(Join::Conjunction));
        assert_eq!(list_join(" and neighbouring "), Some(Join::Conjunction));
        assert_eq!(list_join(" and its ally "), Some(Join::Conjunction));
        assert_eq!(list_join(", the awful "), Some(Join::Comma));
        assert_eq!(list_join(" and blamed "), None, "a verb between is no list");
        assert_eq!(list_join(" and urges "), None);
        assert_eq!(list_join(" and will "), None);
        assert_eq!(list_join(" said "), None);
    }
    use sitrep_lexicon::Lexicon;
    use sitrep_model::Mention;

    #[test]
    fn the_shape_filter_passes_every_class_word_in_any_case() {
        let lex = Lexicon::builtin();
        let classes = WordClasses::new(&lex.grammar);
        for w in classes.words.keys().filter(|w| w.is_ascii()) {
            for form in [w.clone(), w.to_ascii_uppercase(), format!("{}{}", w[..1].to_ascii_uppercase(), &w[1..])] {
                assert!(classes.may_hold(&form), "{form}");
            }
        }
        let rejected = ["Parliament", "troops", "Kyiv", "sanctions"].iter().filter(|w| !classes.may_hold(w)).count();
        assert!(rejected >= 3, "content words are mostly rejected before hashing");
    }

    fn entity(id: &str, text: &str, names: &[&str]) -> Entity {
        let mentions = names
            .iter()
            .flat_map(|n| {
                text.match_indices(n).map(|(at, m)| Mention {
                    text: m.into(),
                    start: at,
                    end: at + m.len(),
                    sentence: 0,
                })
            })
            .collect();
        Entity {
            id: id.into(),
            name: id.into(),
            kind: EntityKind::Country,
            code: None,
            country: None,
            roles: vec![],
            mentions,
        }
    }

    fn check(text: &str, entities: &[Entity], verb: &str, subject: Option<&str>) {
        let lex = Lexicon::builtin();
        let tokens = segment::tokenize(text);
        let sentences = segment::sentences(text, &tokens, &lex.names);
        let classes = WordClasses::new(&lex.grammar);
        let c = Clauses::new(text, &tokens, &sentences, &lex.grammar, &classes, entities);
        let at = c.token_at(text.find(verb).unwrap());
        let found = c.subject_before(at).map(|a| &text[a.start..a.end]);
        assert_eq!(found, subject, "subject of {verb:?} in {text:?}");
    }

    #[test]
    fn the_subject_is_the_nearest_actor_outside_a_prepositional_phrase() {
        let text = "South Korea may deploy staff to Ukraine and provide support.";
        let es = [entity("KOR", text, &["South Korea"]), entity("UKR", text, &["Ukraine"])];
        check(text, &es, "provide", Some("South Korea"));
        check(text, &es, "deploy", Some("South Korea"));
    }

    #[test]
    fn participles_take_the_actor_right_before_them() {
        let text = "It followed reports of Chad aiding Sudan.";
        let es = [entity("TCD", text, &["Chad"]), entity("SDN", text, &["Sudan"])];
        check(text, &es, "aiding", Some("Chad"));
    }

    #[test]
    fn an_apposition_before_the_predicate_is_skipped() {
        let text = "Chad, a key Sudanese ally, has refused to send troops.";
        let es = [entity("TCD", text, &["Chad"]), entity("SDN", text, &["Sudanese"])];
        check(text, &es, "refused", Some("Chad"));
        let text = "Chad, Sudan and Mali said nothing.";
        let es = [entity("TCD", text, &["Chad"]), entity("SDN", text, &["Sudan"]), entity("MLI", text, &["Mali"])];
        check(text, &es, "said", Some("Mali"));
    }

    #[test]
    fn a_common_noun_subject_takes_the_country_it_is_placed_in() {
        let text = "Opposition parties in Nepal have called a general strike.";
        let es = [entity("NPL", text, &["Nepal"])];
        check(text, &es, "called", Some("Nepal"));
        // The sentence's capital does not make the noun a name.
        let text = "Rebels in the Ivory Coast blocked transport into the city.";
        let es = [entity("CIV", text, &["Ivory Coast"])];
        check(text, &es, "blocked", Some("Ivory Coast"));
        // Inside the sentence, a capitalised word is a name the lexicon does not know.
        let text = "Yesterday Gates in Nepal called a strike.";
        let es = [entity("NPL", text, &["Nepal"])];
        check(text, &es, "called", None);
    }

    #[test]
    fn the_actor_after_an_opener_that_is_also_a_preposition_is_a_subject() {
        let text = "Britain acted after Venezuela attacked Guyana.";
        let es =
            [entity("GBR", text, &["Britain"]), entity("VEN", text, &["Venezuela"]), entity("GUY", text, &["Guyana"])];
        check(text, &es, "attacked", Some("Venezuela"));
        // A phrase closed by a comma is a setting, not the clause's subject.
        let text = "After Brazil's move, the package agreed last year stalled.";
        let es = [entity("BRA", text, &["Brazil"])];
        check(text, &es, "agreed", None);
    }

    #[test]
    fn a_clause_opener_bounds_the_search() {
        let text = "Mali said that troops had withdrawn.";
        let es = [entity("MLI", text, &["Mali"])];
        check(text, &es, "withdrawn", None);
    }
}
