//! Claims: who said what, and how the text frames it.
//!
//! Reporting cues from `cues.txt` are read in their frame:
//! - `verb`: "X said (that) CONTENT", and the content-first order "CONTENT, X said." or
//!   "CONTENT, said X.";
//! - `prefix`: "According to X, CONTENT" and "CONTENT, according to X.";
//! - `adverb`: "Seoul is reportedly considering ..." (no speaker);
//! - `passive`: "there have been reports that CONTENT" (no speaker);
//! - `noun`: "reports of CONTENT", "X's claim that CONTENT".
//!
//! The stance is the cue's, unless the author's word before it says otherwise ("falsely
//! framed" is false). A content that says several things ("claimed that A and that B")
//! gives one claim each. A speaker is the actor the cue belongs to; a pronoun or "the
//! spokesman" stands for the last person who fits; an unnamed group ("Experts say") is
//! kept as text.
//!
//! Spans follow the attribution conventions of news corpora (PARC, PolNeAR): the content
//! keeps its complementiser ("that the bridge will reopen") and stops before a clause of
//! the author's (", but ..."); a quotation is whole, across sentences and around its
//! attribution ("\"A,\" she said. \"B.\""); the cue is the verb group ("has also said",
//! "said:"); the speaker's text is the whole subject phrase ("Maria Lopez, a nurse from
//! Ohio"), or the relative pronoun that stands for it ("who").

use std::sync::LazyLock;

use aho_corasick::Match;
use sitrep_lexicon::{Frame, Lexicon};
use sitrep_model::{Claim, Entity, EntityKind, Span, Speaker, Stance};

use crate::bytes8;
use crate::clauses::{ActorSpan, Clauses};
use crate::matcher::TokenMatcher;
use crate::segment::TokenKind;

/// `cues.txt`, compiled.
pub struct ClaimMatcher {
    cues: TokenMatcher,
    /// Per cue form: stance and frame.
    readings: Vec<Vec<(Stance, Frame)>>,
    /// Per cue form: whether it ends in "to" ("declined to"), the infinitive's marker.
    infinitive: Vec<bool>,
    /// Nouns of the `finding` frame ("poll", "survey"), with their stance: looked up only
    /// in a sentence that opens with "In", so they are no cue forms for the automaton
    /// (a cue form ends a speaker's phrase: "A new poll shows").
    findings: rustc_hash::FxHashMap<String, Stance>,
}

impl ClaimMatcher {
    /// Heap bytes of the compiled automaton.
    pub fn memory_usage(&self) -> usize {
        self.cues.memory_usage()
    }

    pub fn new(lexicon: &Lexicon) -> ClaimMatcher {
        let mut forms: Vec<String> = Vec::new();
        let mut readings: Vec<Vec<(Stance, Frame)>> = Vec::new();
        let mut index = rustc_hash::FxHashMap::default();
        let mut findings = rustc_hash::FxHashMap::default();
        for cue in &lexicon.cues {
            let stance = match cue.stance {
                sitrep_lexicon::Stance::Neutral => Stance::Neutral,
                sitrep_lexicon::Stance::Doubted => Stance::Doubted,
                sitrep_lexicon::Stance::False => Stance::False,
                sitrep_lexicon::Stance::Denied => Stance::Denied,
            };
            if cue.frame == Frame::Finding {
                findings.extend(cue.forms.iter().map(|f| (f.clone(), stance)));
                continue;
            }
            for f in &cue.forms {
                let at = *index.entry(f.clone()).or_insert_with(|| {
                    forms.push(f.clone());
                    readings.push(Vec::new());
                    forms.len() - 1
                });
                readings[at].push((stance, cue.frame));
            }
        }
        let cues = TokenMatcher::new(&forms, true, false);
        let infinitive = forms
            .iter()
            .zip(&readings)
            .map(|(f, r)| f.ends_with(" to") && r.iter().any(|(_, frame)| *frame == Frame::Verb))
            .collect();
        ClaimMatcher { cues, readings, infinitive, findings }
    }

    /// The cue forms, for a pass over the tokens shared with other matchers.
    pub fn cues(&self) -> &TokenMatcher {
        &self.cues
    }

    /// The claims of one document, in text order, from the matches of
    /// [`ClaimMatcher::cues`] in it.
    pub fn find(&self, c: &Clauses, entities: &[Entity], cues: &[Match]) -> Vec<Claim> {
        let text = c.text;
        // Author's words that set the stance of the cue they modify.
        let mut stance_words: Vec<(usize, usize, Stance)> = Vec::new();
        let mut hits: Vec<(usize, usize, usize)> = Vec::new();
        let quotes = quoted_ranges(text);
        for m in cues {
            if c.actor_covering(m.start()).is_some() {
                continue;
            }
            // A cue inside a quotation is the quoted speaker's own ("\"I think we will
            // win,\" she said"): the text attributes the whole quotation, not its parts.
            let q = quotes.partition_point(|&(_, e)| e <= m.start());
            if quotes.get(q).is_some_and(|&(s, _)| s < m.start()) {
                continue;
            }
            let r = &self.readings[m.pattern().as_usize()];
            if let Some((stance, _)) = r.iter().find(|(_, f)| *f == Frame::AdverbStance) {
                stance_words.push((m.start(), m.end(), *stance));
            }
            if r.iter().any(|(_, f)| *f != Frame::AdverbStance) {
                // "declined to comment": a form ending in "to" asks for the infinitive,
                // which opens the content; "to" is not part of the cue.
                let end = if self.infinitive[m.pattern().as_usize()] {
                    c.tokens[c.token_at(m.end()).saturating_sub(2)].end
                } else {
                    m.end()
                };
                hits.push((m.start(), end, m.pattern().as_usize()));
            }
        }
        let mut claims = Vec::new();
        for &(start, end, form) in &hits {
            let readings = &self.readings[form];
            let ci = c.token_at(start);
            // "Editor's note:", "Hannity's plans", "Trump's repeated calls": a cue form after
            // a possessive is a noun (or a modifier of one), read only in the noun frame ("the
            // senator's claim that ..."). After a pronoun, "'s" is "is" or "has" ("he's said"),
            // which the clause analyser reads as a be-form.
            let possessed = ci >= 2 && c.word(ci - 1) == "'s" && !c.is_be(ci - 1);
            let Some(mut found) = readings
                .iter()
                .filter(|(_, f)| *f != Frame::AdverbStance && (!possessed || *f == Frame::Noun))
                .find_map(|&(stance, frame)| {
                    self.read(c, entities, (start, end, self.infinitive[form]), stance, frame)
                })
            else {
                continue;
            };
            // "accused Rwanda of ... and said ...": a cue coordinated with the one before
            // it in the sentence has the same speaker.
            // With no subject found for it, a cue right after the conjunction has the speaker
            // of that claim or none at all.
            if ci > 0 && c.is_coordinator(ci - 1) {
                let sentence = c.sentence_of(start);
                match claims
                    .iter()
                    .rev()
                    .take_while(|cl: &&Claim| cl.sentence == sentence)
                    .find_map(|cl| cl.speaker.clone())
                {
                    Some(s) => found.speaker = Some(s),
                    None if found.speaker.is_some() => {}
                    None => continue,
                }
            }
            // ", describing the move as ...": a participle after a comma speaks for the
            // speaker of the claim before it in the sentence, or for the subject of the
            // sentence ("Clinton chimed in on Twitter, saying ..."), or for no one.
            if text[start..end].ends_with("ing") && after_comma(c, ci) {
                let sentence = c.sentence_of(start);
                match claims
                    .iter()
                    .rev()
                    .take_while(|cl: &&Claim| cl.sentence == sentence)
                    .find_map(|cl| cl.speaker.clone())
                {
                    Some(s) => found.speaker = Some(s),
                    None if found.speaker.is_some() => {}
                    None => continue,
                }
            }
            let mut stance = found.stance;
            // "falsely framed", "wrongly claimed", "claimed without evidence".
            if let Some(&(_, _, s)) = stance_words.iter().find(|(s, e, _)| {
                (*e <= start && at_most_words(&text[*e..start], 1))
                    || (*s >= end && at_most_words(&text[end..*s], 6) && c.sentence_of(*s) == c.sentence_of(end))
            }) {
                stance = s;
            }
            // "denied receiving help and said it would ...": a second cue coordinated with
            // this one ends its content.
            let (cs0, mut ce0) = found.content;
            if let Some(&(next, _, _)) = hits.iter().find(|(h, _, _)| *h > cs0 && *h < ce0) {
                let k = c.token_at(next);
                if k > 0 && c.is_coordinator(k - 1) {
                    ce0 = text[..c.tokens[k - 1].start].trim_end_matches([' ', ',']).len().max(cs0);
                }
            }
            let ce0 = quotation_close(text, cs0, ce0);
            let cs0 = after_connective(c, cs0, ce0);
            for (cs, ce) in split_content(text, (cs0, tidy_end(text, cs0, ce0))).into_iter().filter(|(s, e)| e > s) {
                let direct = text[cs..ce].starts_with('"') || quoted(text, cs, ce);
                let (cue_start, cue_end) = found.cue.unwrap_or((start, end));
                claims.push(Claim {
                    sentence: c.sentence_of(start),
                    speaker: found.speaker.clone(),
                    cue: Span::of(text, cue_start, cue_end),
                    content: Span::of(text, cs, ce),
                    direct,
                    stance,
                });
            }
        }
        if let Some(h) = self.headline(c, entities) {
            claims.insert(0, h);
        }
        let mut labelled = self.speaker_labels(c, entities);
        if !self.findings.is_empty() {
            labelled.extend(c.sentences.iter().filter_map(|&(ss, _)| self.finding(c, ss)));
        }
        if !labelled.is_empty() {
            claims.extend(labelled);
            claims.sort_by_key(|cl| cl.content.start.min(cl.cue.start));
        }
        claims
    }

    /// "De Blasio: Trust Bratton on security": a headline (the text's first line) that
    /// opens with a named speaker and a colon gives the rest of its sentence to that
    /// speaker; the colon is the cue. A label ("Breaking:", "The Latest:") names no actor.
    fn headline(&self, c: &Clauses, entities: &[Entity]) -> Option<Claim> {
        let text = c.text;
        let colon = (0..c.tokens.len().min(7)).find(|&k| c.word(k) == ":")?;
        let (t0, tc) = (c.tokens.first()?, c.tokens[colon]);
        if colon == 0 || text[..tc.start].contains('\n') || (0..colon).any(|k| self.starts_cue(c, k)) {
            return None;
        }
        let a = c.actors_in(t0.start, tc.start).iter().find(|a| a.end <= tc.start && !c.is_place(a)).copied();
        // Without a known actor the label is a short name in capitals ("Poll", "Hacker
        // Guccifer", "NY Daily News"), not an editor's label: one in capitals only
        // ("EXCLUSIVE", "BOOM"), a participle ("Breaking", "Revealed") or a phrase with a
        // determiner ("The Latest").
        if a.is_none() {
            let words: Vec<&str> = (0..colon).map(|k| c.word(k)).collect();
            let named = words.len() <= 4
                && words.iter().all(|w| w.starts_with(|ch: char| ch.is_ascii_uppercase()))
                && !(words.len() == 1 && words[0].bytes().all(|b| b.is_ascii_uppercase()))
                && !words.iter().any(|w| w.ends_with("ing") || w.ends_with("ed"))
                && !(0..colon).any(|k| c.is_determiner(k));
            if !named {
                return None;
            }
        }
        let cs = c.tokens.get(colon + 1)?.start;
        let (_, s_end) = sentence_without_stop(c, cs);
        let ce = text[cs..s_end].find('\n').map_or(s_end, |n| cs + n);
        let ce = cs + text[cs..ce].trim_end_matches(['.', ' ']).len();
        if ce <= cs {
            return None;
        }
        let label = text[t0.start..tc.start].trim_end().to_string();
        let speaker = match a {
            Some(a) => Speaker { text: label, ..speaker_of(c, entities, a) },
            None => Speaker { text: label.clone(), entity: None, name: Some(label) },
        };
        Some(Claim {
            sentence: c.sentence_of(cs),
            speaker: Some(speaker),
            cue: Span::of(text, tc.start, tc.end),
            content: Span::of(text, cs, ce),
            direct: quoted(text, cs, ce)
                || (text[cs..ce].starts_with(['"', '\'']) && text[cs..ce].ends_with(['"', '\''])),
            stance: Stance::Neutral,
        })
    }

    /// "TAPPER: Do you think ...", "Q: ...", "Bernie Sanders: Credit scores ...": a
    /// paragraph after the first that opens with a speaker's label and a colon (an interview
    /// transcript, a list of positions) gives the rest of the paragraph, without its final
    /// stop, to that speaker; the colon is the cue. The label is a named actor, a name in
    /// capitals, or the "Q" and "A" of an interview.
    fn speaker_labels(&self, c: &Clauses, entities: &[Entity]) -> Vec<Claim> {
        let text = c.text;
        let mut out = Vec::new();
        let mut k = 0;
        while k < c.tokens.len() {
            let p0 = c.tokens[k].start;
            let pe = memchr::memchr(b'\n', &text.as_bytes()[p0..]).map_or(text.len(), |n| p0 + n);
            let next = k + 1 + c.tokens[k + 1..].partition_point(|t| t.start < pe);
            if k > 0 {
                if let Some(cl) = self.label_claim(c, entities, k, next, pe) {
                    out.push(cl);
                }
            }
            k = next;
        }
        out
    }

    /// The claim of one paragraph (tokens `k0..next`, ending at byte `pe`) that opens with
    /// a speaker's label and a colon.
    fn label_claim(&self, c: &Clauses, entities: &[Entity], k0: usize, next: usize, pe: usize) -> Option<Claim> {
        let text = c.text;
        let colon = (k0..next.min(k0 + 6)).find(|&k| c.word(k) == ":")?;
        if colon == k0 || colon + 1 >= next || (k0..colon).any(|k| self.starts_cue(c, k)) {
            return None;
        }
        let (ls, le) = (c.tokens[k0].start, c.tokens[colon - 1].end);
        let words = || (k0..colon).map(|k| c.word(k));
        let actor = c.actor_covering(ls).filter(|a| {
            a.start == ls && a.end >= le && !c.is_place(a) && entities[a.entity].kind == EntityKind::Person
        });
        let capitals = words().all(|w| w.len() > 1 && w.bytes().all(|b| b.is_ascii_uppercase()));
        let qa = colon == k0 + 1 && matches!(c.word(k0), "Q" | "A");
        if actor.is_none() && !capitals && !qa {
            return None;
        }
        let cs = c.tokens[colon + 1].start;
        let body = text[cs..pe].trim_end();
        let ce = cs + body.strip_suffix('.').filter(|b| !b.ends_with('.')).unwrap_or(body).len();
        // "Clinton: 1,769": a tally under a name says nothing.
        if !text[cs..ce].contains(char::is_alphabetic) {
            return None;
        }
        let label = text[ls..le].to_string();
        let speaker = match actor {
            Some(a) => Speaker { text: label, ..speaker_of(c, entities, a) },
            None => Speaker { text: label.clone(), entity: None, name: Some(label) },
        };
        Some(Claim {
            sentence: c.sentence_of(cs),
            speaker: Some(speaker),
            cue: Span::of(text, c.tokens[colon].start, c.tokens[colon].end),
            content: Span::of(text, cs, ce),
            direct: quoted(text, cs, ce),
            stance: Stance::Neutral,
        })
    }

    /// "In a national CNN/ORC poll released Monday, CONTENT": a sentence (starting at byte
    /// `ss`) that opens with "In", a `finding` noun close after it and a comma soon after
    /// the noun. The cue is "In", the source the phrase up to the comma.
    fn finding(&self, c: &Clauses, ss: usize) -> Option<Claim> {
        let text = c.text;
        let (first, last) = c.sentence_tokens(ss);
        if first >= last || c.word(first) != "In" {
            return None;
        }
        let plain = |k: usize| !matches!(c.word(k), "," | ";" | ":" | "\"" | "(" | ")");
        let stop = (first + 1..(first + 16).min(last)).find(|&k| !plain(k))?;
        if c.word(stop) != "," || stop + 1 >= last {
            return None;
        }
        // The noun ends the phrase or is followed by a short modifier ("released Monday").
        let (k, stance) = (first + 2..stop)
            .rev()
            .take(7)
            .find_map(|k| self.findings.get(&c.word(k).to_ascii_lowercase()).map(|s| (k, *s)))?;
        if k - first > 10 {
            return None;
        }
        let (s0, s1) = (c.tokens[first + 1].start, c.tokens[stop - 1].end);
        let words = text[s0..s1].to_string();
        let (_, s_end) = sentence_without_stop(c, ss);
        let cs = c.tokens[stop + 1].start;
        let ce = clause_end(text, cs, s_end);
        (ce > cs).then(|| Claim {
            sentence: c.sentence_of(ss),
            speaker: Some(Speaker { text: words.clone(), entity: None, name: Some(words) }),
            cue: Span::of(text, c.tokens[first].start, c.tokens[first].end),
            content: Span::of(text, cs, ce),
            direct: quoted(text, cs, ce),
            stance,
        })
    }

    /// Reads one cue in one frame; `None` when the sentence does not fit the frame.
    fn read(
        &self,
        c: &Clauses,
        entities: &[Entity],
        (start, end, infinitive): (usize, usize, bool),
        stance: Stance,
        frame: Frame,
    ) -> Option<Read> {
        let text = c.text;
        let (s_start, s_end) = sentence_without_stop(c, start);
        let ci = c.token_at(start);
        let ce = c.token_at(end);
        let (first_tok, last_tok) = c.sentence_tokens(start);
        match frame {
            Frame::Verb => {
                // "attempts to assure": an infinitive reports nothing; "over reports of" and
                // ", a demand officials rejected" are nouns, in either order of the frame.
                // "went on to say", "continued to insist": a verb of aspect before the
                // infinitive makes it the predicate; the cue is the whole group.
                let aspect = aspect_before(c, ci);
                // "after telling reporters that", "by arguing that": a gerund after one of
                // `grammar.txt`'s `gerund-lead` words speaks for the main clause's subject.
                // The gerund reports a clause ("by saying that ...", "after telling
                // reporters he ..."), not an act on an object ("by offering incentives").
                let gerund = ci > first_tok
                    && text[start..end].ends_with("ing")
                    && c.grammar.gerund_leads.contains(&c.word(ci - 1).to_ascii_lowercase())
                    && (opens_content(c, ce) || after_listener(c, ce, last_tok).is_some());
                // "Citing a poll, the senator said ...", "After saying ..., the man left":
                // a participle clause that opens the sentence speaks for the subject after it.
                let initial = text[start..end].ends_with("ing")
                    && (ci == first_tok || (gerund && ci == first_tok + 1))
                    && c.word(first_tok).starts_with(|ch: char| ch.is_ascii_uppercase());
                if ci > 0
                    && aspect.is_none()
                    && !gerund
                    && (c.word(ci - 1).eq_ignore_ascii_case("to")
                        || c.is_preposition(ci - 1)
                        || c.is_determiner(ci - 1))
                {
                    return None;
                }
                if names_a_thing(c, ci, ce) || noun_or_phrasal(c, ci, ce, first_tok) {
                    return None;
                }
                // Content first: "CONTENT, X said." / "CONTENT, said X." / "\"...\" X said."
                // A cue opening its sentence before a colon is a label ("Note: ...").
                if ci == first_tok && c.word(ce) == ":" {
                    return None;
                }
                if let Some(r) = self.content_first(c, entities, start, end, stance).filter(|_| !infinitive) {
                    return Some(r);
                }
                if ci == first_tok && !infinitive {
                    if let Some(r) = self.cue_first(c, entities, ci, ce, stance) {
                        return Some(r);
                    }
                }
                // Speaker first: the subject of the cue verb.
                let vg = verb_group_start(c, aspect.unwrap_or(ci));
                // "issued a statement saying ...": a participle right after a document put
                // out speaks for the subject of the verb that puts it out; the cue runs
                // from that verb.
                let vg = match (text[start..end].ends_with("ing") && !gerund && !initial && !after_comma(c, ci))
                    .then(|| published_before(c, first_tok, vg))
                    .flatten()
                {
                    Some(p) => verb_group_start(c, p),
                    None => vg,
                };
                let participle = text[start..end].ends_with("ing") && (after_comma(c, ci) || gerund);
                // "When asked about it, ...", "If elected, ...": a participle right after
                // a subordinator has no subject of its own; the cue has no speaker.
                let subjectless = vg > first_tok
                    && c.is_clause_break(vg - 1)
                    && !matches!(
                        c.word(vg - 1).to_ascii_lowercase().as_str(),
                        "that" | "which" | "who" | "whom" | "whose"
                    )
                    && text[start..end].ends_with("ed");
                let past = text[start..end].ends_with("ed") || c.grammar.past.contains(&c.lower_words(ci, ce));
                // "Asked whether ..., the senator said ...": a past participle opening the
                // sentence is a clause of its own before the main one.
                let opening = vg == first_tok
                    && (past || initial)
                    && c.word(ci).starts_with(|ch: char| ch.is_ascii_uppercase())
                    && (ce..last_tok).any(|k| c.word(k) == ",");
                // "She was asked if ...": the subject of a passive cue is its listener; the
                // speaker is the agent after "by", or no one named.
                let passive = past && (vg..ci).any(|k| c.is_be(k));
                let agentive = subjectless || (opening && !initial) || passive;
                let agent = if agentive { by_agent(c, ce, last_tok) } else { None };
                let speaker = if agentive {
                    agent.and_then(|k| resolve_plain(c, entities, c.tokens[ce + 1].start, c.tokens[k - 1].end))
                } else if initial {
                    let k = (ce..last_tok).find(|&k| c.word(k) == ",")?;
                    Some(self.subject_at(c, entities, k + 1, (ci, last_tok))?)
                } else if participle {
                    // ", saying ...": the participle's subject is the main clause's. With none
                    // found here, the claim before it in the sentence may give one (see `find`).
                    self.main_subject(c, entities, ci, ci - 1)
                        .or_else(|| c.subject_before(ci).map(|a| speaker_of(c, entities, a)))
                } else if vg > first_tok + 1 && c.is_coordinator(vg - 1) {
                    // "The union met on Monday and said ...": a cue coordinated with the
                    // main predicate shares its subject.
                    // A cue right after the conjunction may take the speaker of the claim
                    // before it (see `find`).
                    let s =
                        self.main_subject(c, entities, ci, vg - 1).or_else(|| self.speaker_before(c, entities, ci, vg));
                    if s.is_none() && vg != ci {
                        return None;
                    }
                    s
                } else {
                    Some(self.speaker_before(c, entities, ci, vg)?)
                };
                // The content follows the agent: "asked by reporters whether ...".
                let ce = agent.unwrap_or(ce);
                let mut from = ce;
                // "told reporters that", "told Reuters on Monday:", "said on Wednesday,
                // speaking on condition of anonymity, that".
                // A "that" further on, past an object or an infinitive, is a relative
                // pronoun inside the content ("urged Seoul to drop plans that ...").
                // The clause of a participle before the main one ends at its comma.
                let intro_end = (subjectless || opening)
                    .then(|| (ce..last_tok).find(|&k| c.word(k) == ","))
                    .flatten()
                    .unwrap_or(last_tok);
                // The object of a verb of telling (`grammar.txt`'s `listener`) is who is told,
                // however long it is ("told The Post and Courier newspaper of Charleston on
                // Saturday that"): a "that" after it opens the content, before any verb.
                let telling = c.grammar.listeners.contains(c.word(ci));
                let opener = (ce..(ce + if telling { 18 } else { 10 }).min(intro_end))
                    .find(|&k| c.word(k).eq_ignore_ascii_case("that") || c.word(k) == ":")
                    .filter(|&k| {
                        // Close by, past an aside in commas, or past a setting or a listener
                        // ("said during a rally in Michigan that", "told MSNBC's show that").
                        k <= ce + 4
                            || (ce..k).any(|j| c.word(j) == ",")
                            || c.is_preposition(ce)
                            || c.actor_covering(c.tokens[ce].start).is_some()
                            || (telling
                                && !(ce..k).any(|j| c.is_subject_pronoun(j) || c.is_be(j) || c.is_have_or_modal(j)))
                    })
                    .filter(|&k| !(ce..k).any(|j| c.word(j).eq_ignore_ascii_case("to")))
                    // "rejected the notion that ...", "says a movement that is sweeping ...":
                    // a "that" after an object opened by an article is the object's (its
                    // complement or a relative clause), and the object opens the content.
                    // Not after the listener of a verb of telling, or a time ("said the day
                    // before that").
                    .filter(|&k| {
                        k == ce
                            || telling
                            || !c.grammar.articles.contains(&c.word(ce).to_ascii_lowercase())
                            || c.time_covering(c.tokens[ce].start).is_some()
                    })
                    // "denied firing the rocket that hit ...": a gerund right after the cue
                    // opens the content, and a "that" after its object is a relative pronoun.
                    .filter(|&k| k == ce || !participle_after(&text[c.tokens[ce].start..]))
                    // "said it found no evidence that ...": a subject before the "that" opens
                    // the content, and the "that" is inside it ("you" is as often the listener).
                    .filter(|&k| !(ce..k).any(|j| c.is_subject_pronoun(j) && !c.word(j).eq_ignore_ascii_case("you")))
                    // "criticized the deal, saying that ...": a participle cue after a comma
                    // opens a claim of its own; its "that" is not this cue's.
                    .filter(|&k| !(ce + 1..k).any(|j| c.word(j - 1) == "," && self.participle_cue(c, j)));
                if let Some(k) = opener {
                    // The complementiser opens the content ("said that X" -> "that X").
                    from = if c.word(k) == ":" { k + 1 } else { k };
                } else if c.word(ce) == "," {
                    from = ce + 1;
                } else if let Some(k) = after_listener(c, ce, last_tok)
                    .filter(|_| !c.grammar.naming.contains(&c.word(ci).to_ascii_lowercase()))
                    .or_else(|| asked_question(c, ci, ce, intro_end))
                {
                    from = k;
                }
                let mut cue_end = colon_after(c, ce, end);
                // "complained about X", "warned against X", "called for X", "referring to
                // X": the preposition goes with the cue and its object is the content. After
                // a verb of saying a preposition opens a setting ("said on Monday", "wrote
                // in a memo"), and "to" before a verb opens an infinitive.
                if opener.is_none()
                    && from == ce
                    && agent.is_none()
                    && prepositional_cue(c, ci, ce)
                    && c.tokens.get(ce + 1).is_some_and(|t| t.start < s_end)
                {
                    cue_end = c.tokens[ce].end;
                    from = ce + 1;
                }
                if from == ce {
                    from = content_after_setting(c, ce, last_tok)?;
                }
                let cs = c.tokens.get(from)?.start;
                let cue = Some((c.tokens[vg].start, cue_end));
                let s_end = if intro_end < last_tok { c.tokens[intro_end].start } else { s_end };
                // "X - who said he would run - won": a cue inside a pair of dashes has its
                // content up to the closing dash.
                let inside_dashes = !(first_tok..ci).filter(|&k| is_dash(c, k)).count().is_multiple_of(2);
                let s_end = match inside_dashes.then(|| (from + 1..last_tok).find(|&k| is_dash(c, k))).flatten() {
                    Some(k) if c.tokens[k - 1].end < s_end => c.tokens[k - 1].end,
                    _ => s_end,
                };
                // "which he said was fair", "what she calls a failure": a cue in a relative
                // clause whose object is the pronoun reports the clause from the pronoun on.
                let subject = match vg.checked_sub(1) {
                    Some(p) if p >= first_tok && c.is_subject_pronoun(p) => Some(p),
                    _ if !(participle || agentive) => self.noun_phrase_start(c, first_tok, vg),
                    _ => None,
                };
                let relative = subject
                    .and_then(|s| s.checked_sub(1))
                    .filter(|&r| r >= first_tok && matches!(c.word(r).to_ascii_lowercase().as_str(), "which" | "what"));
                let cs = relative.map_or(cs, |r| c.tokens[r].start);
                // A relative clause set off by commas ends at its closing comma, with the
                // quotation mark that comma is inside ("which critics called \"reckless,\"").
                let s_end = match relative.filter(|&r| r > first_tok && c.word(r - 1) == ",") {
                    Some(_) => match (from..last_tok).find(|&k| c.word(k) == ",") {
                        Some(k)
                            if c.word(k + 1) == "\""
                                && !text[cs..c.tokens[k].start].matches('"').count().is_multiple_of(2) =>
                        {
                            c.tokens[k + 1].end
                        }
                        Some(k) => c.tokens[k].start,
                        None => s_end,
                    },
                    None => s_end,
                };
                let content = quotation(text, (cs, clause_end(text, cs, s_end)));
                (cs < s_end).then_some(Read { speaker, content, stance, cue })
            }
            Frame::Prefix => {
                // The content comes first after a comma, a quotation closed by its own
                // punctuation ("...,\" according to the report"), or a word of the clause
                // with no comma ("leads by 271 delegates according to a count by the AP").
                let content_first = ci > first_tok && {
                    let k = ci - 1;
                    let w = c.word(k);
                    let word = c.tokens[k].kind != TokenKind::Punct
                        && w.starts_with(|ch: char| ch.is_ascii_lowercase() || ch.is_ascii_digit())
                        && !(c.is_coordinator(k) || c.leads_subject(k) || c.is_clause_break(k) || c.is_preposition(k));
                    w == "," || word || closes_quotation(c, k)
                };
                if !content_first {
                    // "According to X, CONTENT": X runs to the comma after its last mention.
                    let mut k = ce;
                    let mut last_actor: Option<ActorSpan> = None;
                    while k < last_tok && c.word(k) != "," {
                        if let Some(a) = c.actor_covering(c.tokens[k].start) {
                            last_actor = Some(a);
                            k = c.token_at(a.end);
                            continue;
                        }
                        k += 1;
                    }
                    // An apposition after the comma: "Ukraine's intelligence chief, Kyrylo Budanov, ..."
                    if let Some(a) = c.actor_covering(c.tokens.get(k + 1).map_or(usize::MAX, |t| t.start)) {
                        let after = c.token_at(a.end);
                        if c.word(after) == "," && entities[a.entity].kind == EntityKind::Person {
                            last_actor = Some(a);
                            k = after;
                        }
                    }
                    if k >= last_tok {
                        return None;
                    }
                    let from = c.tokens.get(ce)?.start;
                    let mut speaker = match last_actor {
                        Some(a) => speaker_of(c, entities, a),
                        None => plain_speaker(text, from, c.tokens[k].start)?,
                    };
                    // The speaker's text is the whole phrase ("the Associated Press", "a
                    // CNN tally of delegates").
                    speaker.text = text[from..c.tokens[k].start].trim_end().to_string();
                    let cs = c.tokens.get(k + 1)?.start;
                    (cs < s_end).then_some(Read { speaker: Some(speaker), content: (cs, s_end), stance, cue: None })
                } else {
                    // "CONTENT, according to X.": X runs to the next comma.
                    let stop = text[end..s_end].find(',').map_or(s_end, |n| end + n);
                    // A source without a name is its whole phrase ("a memo released Friday
                    // by the agency's watchdog").
                    let phrase = text[end..stop].trim().trim_end_matches(['"', ')']).trim_end();
                    if phrase.is_empty() || !at_most_words(phrase, 25) {
                        return None;
                    }
                    let a = c.actors_in(end, stop).first().copied();
                    let mut speaker = match a {
                        Some(a) => speaker_of(c, entities, a),
                        None => plain_speaker(text, end, stop).unwrap_or_else(|| Speaker {
                            text: phrase.to_string(),
                            entity: None,
                            name: Some(phrase.to_string()),
                        }),
                    };
                    speaker.text = phrase.to_string();
                    // "His criticism, according to an interview, was ...": an attribution set
                    // off by commas inside the sentence reports the sentence around it.
                    let rest = text[stop..s_end].strip_prefix(',').map(str::trim_start).unwrap_or("");
                    let inside = rest.starts_with(char::is_lowercase)
                        && !rest.starts_with("but ")
                        && !rest.starts_with("and ")
                        && !participle_after(rest)
                        && !at_most_words(rest, 2)
                        && !self.starts_cue(c, c.token_at(stop) + 1);
                    let content_end = if inside { s_end } else { comma_before(c, ci)? };
                    let (qs, qe) = quotation(text, (s_start, content_end));
                    (content_end > s_start).then_some(Read {
                        speaker: Some(speaker),
                        content: (sentence_conjunction(text, qs), qe),
                        stance,
                        cue: None,
                    })
                }
            }
            // "reportedly", "allegedly"; "the alleged presence" is an adjective, not a frame.
            Frame::Adverb => text[start..end].ends_with("ly").then_some(Read {
                speaker: None,
                content: (s_start, s_end),
                stance,
                cue: None,
            }),
            Frame::Passive => {
                let from = ce;
                let cs = c.tokens.get(from)?.start;
                (cs < s_end && from < last_tok).then_some(Read {
                    speaker: None,
                    content: (cs, s_end),
                    stance,
                    cue: None,
                })
            }
            Frame::Noun => {
                // "reports that CONTENT", "X's claim that CONTENT": only a "that" clause says
                // something; "reports of the deployment" names a topic.
                if !c.word(ce).eq_ignore_ascii_case("that") {
                    return None;
                }
                let cs = c.tokens[ce].start;
                let mut k = ce + 1;
                while k < last_tok && !matches!(c.word(k), "," | ";" | ":") {
                    k += 1;
                }
                let content_end = c.tokens[k - 1].end;
                let owner = ci
                    .checked_sub(1)
                    .filter(|&j| c.word(j) == "'s")
                    .and_then(|j| c.actor_covering(c.tokens[j - 1].start));
                let speaker = owner.map(|a| speaker_of(c, entities, a));
                (content_end > cs).then_some(Read { speaker, content: (cs, content_end), stance, cue: None })
            }
            Frame::Evidential => {
                // "appeared paralyzed", "seems likely", "appears to be", "it appears that";
                // not "appeared on Fox News": a preposition, a name or a stop after the
                // verb makes it a verb of presence.
                let w = c.word(ce);
                let to = w.eq_ignore_ascii_case("to");
                let fits = c.tokens.get(ce).is_some_and(|t| {
                    t.start < s_end
                        && (to
                            || w.eq_ignore_ascii_case("that")
                            || (t.kind == TokenKind::Word
                                && w.starts_with(|ch: char| ch.is_ascii_lowercase())
                                && !c.is_preposition(ce)
                                && !c.is_determiner(ce)
                                && !c.is_coordinator(ce)))
                });
                // "is expected" reports an expectation only before an infinitive.
                if !fits || (text[start..end].contains(' ') && !to) {
                    return None;
                }
                let vg = verb_group_start(c, ci);
                // The content opens with the subject ("the Trump team appeared ..."), a
                // relative pronoun that stands for it ("which appeared likely"), or, when
                // the subject is "it" or is shared with an earlier verb, after the cue.
                let subject = if vg > first_tok && c.word(vg - 1).eq_ignore_ascii_case("it") {
                    None
                } else if vg > first_tok
                    && (c.is_subject_pronoun(vg - 1)
                        || matches!(c.word(vg - 1).to_ascii_lowercase().as_str(), "which" | "who"))
                {
                    Some(vg - 1)
                } else if vg > first_tok && c.is_coordinator(vg - 1) {
                    None
                } else {
                    self.noun_phrase_start(c, first_tok, vg)
                };
                let cs = match subject {
                    Some(k) => c.tokens[k].start,
                    None => c.tokens[ce].start,
                };
                Some(Read {
                    speaker: None,
                    content: (cs, clause_end(text, cs, s_end)),
                    stance,
                    cue: Some((c.tokens[vg].start, end)),
                })
            }
            // "\"...,\" Trump continued.", "She went on: \"...\"": the verb frame, when
            // its content is a quotation.
            Frame::Quotation => {
                let r = self.read(c, entities, (start, end, infinitive), stance, Frame::Verb)?;
                let body = &text[r.content.0..r.content.1];
                (opens_with_mark(body) && ends_with_mark(body.trim_end_matches(['.', ',']))).then_some(r)
            }
            // Read by sentence, not from the automaton: see `ClaimMatcher::finding`.
            Frame::Finding => None,
            Frame::AdverbStance => None,
        }
    }

    /// "CONTENT, X said." / "CONTENT, said X." / "\"CONTENT\" X said."
    fn content_first(
        &self,
        c: &Clauses,
        entities: &[Entity],
        start: usize,
        end: usize,
        stance: Stance,
    ) -> Option<Read> {
        let text = c.text;
        let (s_start, s_end) = sentence_without_stop(c, start);
        let ci = c.token_at(start);
        let ce = c.token_at(end);
        let (first_tok, last_tok) = c.sentence_tokens(start);
        let tail = &text[end..s_end];
        // After a quotation the attribution may be longer: "\"...,\" Trump told Bill
        // O'Reilly of Fox News this week."
        // A long apposition may stand between them: "\"...,\" David Lee, the chief
        // strategist of Barack Obama's 2008 campaign, said just after midnight."
        let after_quote = (first_tok..ci).rev().take(12).any(|k| matches!(c.word(k), "\"" | "'")) || {
            let vg = verb_group_start(c, ci);
            vg > first_tok && c.word(vg - 1) == "," && closed_quote_before(c, first_tok, vg, 30)
        };
        let (tail_words, speaker_words) = if after_quote { (10, 12) } else { (4, 7) };
        // The cue must close the sentence (a time or place phrase may follow). After a
        // quotation, a participle clause after the attribution is a claim of its own
        // ("\"...,\" she told Fox News, adding that ..."): its "that" is not this cue's.
        let closes = |rest: &str| {
            let own = match after_quote {
                true => rest
                    .match_indices(',')
                    .find(|&(i, _)| participle_after(rest[i + 1..].trim_start_matches(['"', '\''])))
                    .map_or(rest, |(i, _)| &rest[..i]),
                false => rest,
            };
            rest.split([',', '.']).next().is_some_and(|r| at_most_words(r, tail_words)) && !own.contains(" that ")
        };
        // Or a setting may follow it, up to a comma: one that opens with a preposition or a
        // subordinator ("said of Apple in February", "said when asked about it"), or an
        // aside after a comma ("said, adding that ..."); but no clause of its own ("said
        // that ...", "said in a speech he would ..."). The content before it is a clause,
        // not a fronted setting ("In her speech, Clinton said ..."), or a quotation closed by
        // its own punctuation ("\"...,\" Trump said after the rally"), after which the
        // setting may have a subject ("said as he launched the process").
        let set_off = || {
            // A participle opens a clause of its own (", calling ...").
            if text[start..end].ends_with("ing") {
                return false;
            }
            let vg = verb_group_start(c, ci);
            let closed = closed_quote_before(c, first_tok, vg, speaker_words);
            let seg_end =
                (ce..last_tok).find(|&k| c.word(k) == "," || c.tokens[k].start >= s_end).unwrap_or(last_tok).max(ce);
            let seg = ce..seg_end;
            // "that" opens a clause, unless it is a determiner before the last word of the
            // setting ("said in his speech that night").
            let that = |k: usize| c.word(k).eq_ignore_ascii_case("that") && k + 2 != seg_end;
            // After a closed quotation, the cue's listener and setting may be long ("told a
            // town hall meeting in Ho Chi Minh City", "told MSNBC when asked about concerns
            // that ..."): only a clause right after the cue or its listener is reported.
            if closed {
                return !seg.clone().any(|k| (that(k) && k < ce + 4) || c.word(k) == ":");
            }
            if seg.clone().any(|k| that(k) || matches!(c.word(k), "\"" | "'" | ":")) {
                return false;
            }
            let opener = seg_end > ce && {
                let w = c.word(ce).to_ascii_lowercase();
                let to = w == "to"
                    && c.tokens
                        .get(ce + 1)
                        .is_some_and(|t| c.is_determiner(ce + 1) || c.actor_covering(t.start).is_some());
                (c.is_preposition(ce) && (w != "to" || to))
                    || matches!(w.as_str(), "when" | "after" | "as" | "while" | "before" | "until")
            };
            // Without a quotation, an object after the cue makes it transitive ("echoed
            // the criticism"): only a setting or an aside may follow.
            let fits = seg_end == ce || opener;
            // After a quotation that closed the sentence before ("\"Why?\" Trump said to
            // the crowd as he left"), the setting may have a subject.
            if fits && at_first(c, first_tok, vg) && quote_ending_before(c, first_tok).is_some() {
                return true;
            }
            if !fits || seg.clone().any(|k| c.is_subject_pronoun(k)) {
                return false;
            }
            // The content's first word and the first word after its last comma.
            let last_comma = (first_tok..vg).rev().find(|&k| c.word(k) == ",");
            let Some(comma) = last_comma else { return false };
            let lead = first_tok + usize::from(matches!(c.word(first_tok), "And" | "But"));
            let last_seg = (first_tok..comma).rev().find(|&k| c.word(k) == ",").map_or(lead, |k| k + 1);
            comma >= lead + 4 && !fronted_setting(c, lead) && !fronted_setting(c, last_seg)
        };
        // "..., said X." ("Maria Lopez, a nurse, said ..." is a subject with an apposition).
        let apposition = || {
            ci > first_tok
                && c.word(ci - 1) == ","
                && (c.subject_before_apposition(c.clause_start(ci), ci).is_some()
                    || self.appositive_subject(c, first_tok, verb_group_start(c, ci)).is_some())
        };
        // "Asked whether ..., the senator said he would": a sentence that opens with a
        // participle cue ("Asked", "When asked") gives that cue its clause.
        let lead = first_tok
            + usize::from(
                c.is_clause_break(first_tok)
                    || c.grammar.gerund_leads.contains(&c.word(first_tok).to_ascii_lowercase()),
            );
        if lead < ci
            && (c.word(lead).ends_with("ed") || c.word(lead).ends_with("ing"))
            && (lead == first_tok || c.word(lead).starts_with(|ch: char| ch.is_ascii_lowercase()))
            && self.starts_cue(c, lead)
        {
            return None;
        }
        // A participle is never inverted: ", saying the strike would go on".
        let inverted = !text[start..end].ends_with("ing");
        // The speaker after an inverted cue is a noun phrase ("said Gov. Pat McCrory",
        // "said a spokesman"), not a setting or an adverb ("said in an interview").
        let speaker_after = c.tokens.get(ce).is_some_and(|t| {
            t.start < s_end
                && (c.actor_covering(t.start).is_some()
                    || !(t.kind == TokenKind::Punct
                        || c.is_preposition(ce)
                        || c.is_clause_break(ce)
                        || c.is_subject_pronoun(ce)
                        || self.lower_cue(c, ce)
                        || c.leads_subject(ce)
                        || c.word(ce).ends_with("ly")))
        });
        // "\"Who are they?\" said Trump.": a question or an exclamation closed by its mark
        // ends the sentence before the attribution.
        let quote_before = || {
            (ci == first_tok || at_first(c, first_tok, verb_group_start(c, ci)))
                .then(|| quote_ending_before(c, first_tok))
                .flatten()
        };
        let prev_quote = if ci == first_tok { quote_before() } else { None };
        if ((ci > first_tok && matches!(c.word(ci - 1), "," | "\"" | "'")) || prev_quote.is_some())
            && inverted
            && speaker_after
            && !apposition()
        {
            // "..., said Cornell Brooks, president of the NAACP.": the speaker's phrase
            // runs to the end of the sentence, with its appositions and relative clauses
            // ("said an official who was briefed on the talks"), up to an aside of the
            // author's (", referring to ...", ", via email") or another cue outside a
            // relative clause.
            let (_, last_tok) = c.sentence_tokens(start);
            let mut stop = last_tok;
            let mut relative = None;
            for k in ce..last_tok {
                let w = c.word(k);
                let aside = w == ","
                    && c.tokens.get(k + 1).is_some_and(|_| {
                        let n = c.word(k + 1);
                        c.is_preposition(k + 1)
                            || (c.is_clause_break(k + 1) && !matches!(n, "who" | "whose" | "whom" | "which"))
                            || (n.ends_with("ing") && n.starts_with(|ch: char| ch.is_lowercase()))
                    });
                if aside || matches!(w, "\"" | ";" | ":") || (k > ce && relative.is_none() && self.lower_cue(c, k)) {
                    stop = k;
                    break;
                }
                if k > ce && relative.is_none() && matches!(w, "who" | "whose" | "whom" | "which") {
                    relative = Some(k);
                }
            }
            let phrase = (stop > ce)
                .then(|| text[c.tokens[ce].start..c.tokens[stop - 1].end].trim_end_matches(['.', ',', ' ']))
                .filter(|p| at_most_words(p, 25));
            let a = c.actors_in(end, s_end).first().copied();
            let mut speaker = match a {
                Some(a) if c.token_at(a.start) <= ce + 1 => speaker_of(c, entities, a),
                _ => {
                    // The name is the head of the phrase, before a comma or a relative
                    // clause ("one person with knowledge of the talks, who ...").
                    let comma = text[end..s_end].find(',').map_or(s_end, |n| end + n);
                    let head = relative.map_or(comma, |k| c.tokens[k].start.min(comma));
                    // A longer phrase is a speaker only after a quotation or a verb of plain
                    // saying ("..., proposed a constitutional amendment that ..." is no
                    // inversion); its head is a noun phrase, with no verb of its own ("said
                    // the bulk of the troops should be ..."), and it runs to the end of the
                    // sentence or to an aside of the author's.
                    let quoted = prev_quote.is_some() || matches!(c.word(ci - 1), "\"" | "'");
                    let saying = c.grammar.saying.contains(&c.word(ci).to_ascii_lowercase());
                    let verb = |k: usize| {
                        (c.is_be(k) && c.word(k) != "'s") || c.is_subject_pronoun(k) || c.is_have_or_modal(k)
                    };
                    let noun_phrase = !(ce..c.token_at(head)).any(verb);
                    let whole = stop == last_tok || c.word(stop) == ",";
                    plain_speaker(text, end, head).or_else(|| {
                        phrase.filter(|_| (quoted || saying) && noun_phrase && whole).map(|p| Speaker {
                            text: p.to_string(),
                            entity: None,
                            name: Some(p.to_string()),
                        })
                    })?
                }
            };
            if let Some(p) = phrase {
                speaker.text = p.to_string();
            }
            let (qs, qe) = match prev_quote {
                Some(q) => q,
                None => {
                    let content_end = comma_before(c, ci)?;
                    (content_end > s_start).then_some(())?;
                    quotation(text, (s_start, content_end))
                }
            };
            return Some(Read {
                speaker: Some(speaker),
                content: (sentence_conjunction(text, qs), continued_quotation(c, qe, start)),
                stance,
                cue: None,
            });
        }
        // "The test, North Korea said, was its biggest yet": an attribution set off by
        // commas inside the sentence; the content is the sentence around it.
        // A conjunction after the attribution opens the author's clause, not the rest of
        // the content ("\"You winning?\" she said, but ...").
        let inside = tail.trim_start().strip_prefix(',').is_some_and(|rest| {
            let rest = rest.trim_start();
            !rest.starts_with("but ")
                && !rest.starts_with("and ")
                && rest.starts_with(char::is_lowercase)
                && !participle_after(rest)
                && !at_most_words(rest, 2)
                && !self.starts_cue(c, ce + 1)
        });
        // "X, president of the association, stated, \"...\"": a quotation right after the
        // cue is its content; what stands before is its subject.
        // (After a quotation it continues that quotation: "\"A,\" he said, \"B.\"")
        let quote_after =
            !after_quote && tail.strip_prefix([',', ':']).is_some_and(|r| opens_with_mark(r.trim_start()));
        if quote_after || (!inside && !closes(tail) && !set_off()) {
            return None;
        }
        // "..., X said." : the speaker is everything between a comma (or closing quote)
        // and the cue, when that is a short phrase ("the defence ministry", "Amina Diallo").
        // The verb group: "..., he has also said." speaks through "he".
        let vg = verb_group_start(c, ci);
        // "\"...,\" J. Gerald Hebert, executive director of the Campaign Legal Center, said.":
        // a speaker with an apposition after a quotation.
        if !inside && vg > first_tok + 1 && c.word(vg - 1) == "," {
            let q = (first_tok..vg - 1).rev().take(50).find(|&k| matches!(c.word(k), "\"" | "'"))?;
            let lo = q + 1 + usize::from(c.word(q + 1) == ",");
            let p = self.appositive_subject(c, lo, vg).filter(|p| p.0 == lo)?;
            let speaker = self.phrase_speaker(c, entities, ci, p)?;
            let content_end = c.tokens[q].end;
            let (qs, qe) = quotation(text, (s_start, content_end));
            return (content_end > s_start && text[s_start..content_end].contains(char::is_alphanumeric)).then_some(
                Read {
                    speaker: Some(speaker),
                    content: (sentence_conjunction(text, qs), continued_quotation(c, qe, start)),
                    stance,
                    cue: Some((c.tokens[vg].start, colon_after(c, c.token_at(end), end))),
                },
            );
        }
        let mut at = vg;
        while at > first_tok && !matches!(c.word(at - 1), "," | "\"" | "'") && vg - at < speaker_words {
            at -= 1;
        }
        let prev_quote = if !inside && at == first_tok && at < vg { quote_before() } else { None };
        if prev_quote.is_none() && (at == first_tok || at == vg || !matches!(c.word(at - 1), "," | "\"" | "'")) {
            return None;
        }
        // A speaker is a noun phrase: no cue or conjunction inside it, and it starts at its
        // last determiner ("a figure the government disputed" -> "the government").
        // Nor a clause opener: "..., who said the figures were wrong" reports what follows.
        // A cue form in capitals inside the sentence is a name ("Read said").
        let name = |k: usize| k > first_tok && c.word(k).starts_with(|ch: char| ch.is_uppercase());
        // "and" may join two nouns or modifiers of one phrase ("current and former officials",
        // "the senator and candidate"), not two clauses ("the bill passed and aides said").
        let joins = |k: usize| {
            c.word(k) == "and" && k > at && k + 1 < vg && {
                let b = c.word(k - 1);
                c.tokens[k - 1].kind == TokenKind::Word
                    && !b.ends_with("ed")
                    && !c.is_be(k - 1)
                    && !c.is_auxiliary(k - 1)
            }
        };
        if (at..vg).any(|k| {
            (c.is_coordinator(k) && !joins(k))
                || c.is_clause_break(k)
                || (self.starts_cue(c, k) && !self.noun_cue(c, k) && !name(k))
        }) {
            return None;
        }
        // A determiner after a preposition opens the preposition's object ("Mr. Morgan of
        // the Sierra Club"), not the speaker.
        if let Some(d) = (at + 1..vg).rev().find(|&k| c.is_determiner(k) && !c.is_preposition(k - 1)) {
            at = d;
        }
        // Nor after a common noun before a named group: "a condition Armenian officials
        // rejected" -> "Armenian officials" (a person keeps a title: "campaign manager Jo Li";
        // a preposition ties the name to the phrase: "the defence ministry in Yerevan").
        let lower = |k: usize| c.word(k).starts_with(|ch: char| ch.is_lowercase());
        let group_at = |k: usize| {
            c.actor_covering(c.tokens[k].start).is_some_and(|a| a.start == c.tokens[k].start && !c.is_person(&a))
        };
        if let Some(n) = (at + 1..vg)
            .rev()
            .find(|&k| lower(k - 1) && !c.is_determiner(k - 1) && !c.is_preposition(k - 1) && !lower(k) && group_at(k))
        {
            at = n;
        }
        let speaker_span = (c.tokens[at].start, c.tokens[vg - 1].end);
        // "the Canadian foreign ministry said": an actor that is the whole phrase after
        // its determiners speaks.
        let mut head = at;
        while head + 1 < vg && c.is_determiner(head) {
            head += 1;
        }
        let whole = (head > at)
            .then(|| c.actor_covering(c.tokens[head].start))
            .flatten()
            .filter(|a| a.start == c.tokens[head].start && a.end == speaker_span.1);
        let mut speaker = match c.actor_covering(speaker_span.0).or(whole) {
            Some(a) => speaker_of(c, entities, a),
            None => resolve_plain(c, entities, speaker_span.0, speaker_span.1)?,
        };
        // The speaker's text is the whole phrase ("Mr. Trump", "a senior official").
        speaker.text = text[speaker_span.0..speaker_span.1].to_string();
        if let Some((qs, qe)) = prev_quote {
            return Some(Read {
                speaker: Some(speaker),
                content: (qs, continued_quotation(c, qe, start)),
                stance,
                cue: Some((c.tokens[vg].start, colon_after(c, c.token_at(end), end))),
            });
        }
        let content_end = if inside {
            s_end
        } else if c.word(at - 1) == "," {
            c.tokens[at - 1].start
        } else {
            c.tokens[at - 1].end
        };
        // An opening quotation mark before the speaker starts the quotation the speaker
        // is in ("\"I think it is ...\""): no content stands before it.
        if !text[s_start..content_end].contains(char::is_alphanumeric) {
            return None;
        }
        let (qs, qe) = quotation(text, (s_start, content_end));
        (content_end > s_start).then_some(Read {
            speaker: Some(speaker),
            content: (sentence_conjunction(text, qs), continued_quotation(c, qe, start)),
            stance,
            cue: Some((c.tokens[vg].start, colon_after(c, c.token_at(end), end))),
        })
    }

    /// "Said Comey, \"The thought ... is painful.\"": a cue in capitals opens the sentence,
    /// its speaker follows up to the comma before a quotation (with an apposition or a
    /// relative clause: "Said Dana Weller, who grew up there, \"...\""), and the quotation
    /// is the content. Not "Said to be worth ...", "Asked Tuesday about it, Smith said ...".
    fn cue_first(&self, c: &Clauses, entities: &[Entity], ci: usize, ce: usize, stance: Stance) -> Option<Read> {
        let text = c.text;
        let (_, last) = c.sentence_tokens(c.tokens[ci].start);
        let (_, s_end) = sentence_without_stop(c, c.tokens[ci].start);
        let w = c.word(ce);
        if !c.word(ci).starts_with(|ch: char| ch.is_uppercase())
            || ce >= last
            || c.tokens[ce].kind != TokenKind::Word
            || !(w.starts_with(|ch: char| ch.is_uppercase()) || c.is_determiner(ce) || c.is_amount(ce))
            || c.is_preposition(ce)
            || c.is_subject_pronoun(ce)
            || c.leads_subject(ce)
        {
            return None;
        }
        let reach = (ce + 30).min(last);
        let comma = (ce..reach).find(|&k| c.word(k) == ",")?;
        // The quotation after the speaker's phrase, or the clause after its first comma.
        let quote = (comma..reach).find(|&k| {
            c.word(k) == ","
                && c.tokens.get(k + 1).is_some_and(|t| t.start > c.tokens[k].end && opens_with_mark(&text[t.start..]))
        });
        let stop = quote?;
        let cs = c.tokens.get(stop + 1)?.start;
        if cs >= s_end {
            return None;
        }
        // The phrase names someone: no quotation or other cue inside it.
        if (ce..stop).any(|k| matches!(c.word(k), "\"" | "'") || self.lower_cue(c, k)) {
            return None;
        }
        let phrase = text[c.tokens[ce].start..c.tokens[stop - 1].end].to_string();
        let mut speaker = match c.actor_covering(c.tokens[ce].start) {
            Some(a) => speaker_of(c, entities, a),
            None => plain_speaker(text, c.tokens[ce].start, c.tokens[comma - 1].end)?,
        };
        speaker.text = phrase;
        let content = quotation(text, (cs, clause_end(text, cs, s_end)));
        Some(Read { speaker: Some(speaker), content, stance, cue: None })
    }

    /// Whether a cue form starts at token `k`.
    fn starts_cue(&self, c: &Clauses, k: usize) -> bool {
        c.tokens.get(k).is_some_and(|t| self.cues.at(c.text, t.start).is_some())
    }

    /// Whether token `k` is a cue in its participle form ("saying", "adding").
    fn participle_cue(&self, c: &Clauses, k: usize) -> bool {
        let w = c.word(k);
        w.len() > 4 && w.ends_with("ing") && self.lower_cue(c, k)
    }

    /// The subject phrase of the main clause that a participle at token `ci` depends on:
    /// "The senator spoke on Monday, saying ..." -> "The senator"; "A spokeswoman for the
    /// bank declined to comment, adding ..." -> "A spokeswoman for the bank". It is the
    /// noun phrase that opens the clause (after an introductory phrase set off by a comma:
    /// "On Monday, the senator ...") and ends at the first verb: an auxiliary, a form of
    /// "be", a cue, a past form ("-ed" or one of `grammar.txt`'s `past`).
    ///
    /// `bound` is the token that ends the main clause: the comma before the participle, or
    /// the conjunction before a coordinated cue ("The union met on Monday and said ...").
    fn main_subject(&self, c: &Clauses, entities: &[Entity], ci: usize, bound: usize) -> Option<Speaker> {
        let (first, _) = c.sentence_tokens(c.tokens[ci].start);
        let comma = bound;
        // "On Monday, ...", "However, ...", "Speaking in Salem, Ohio, ...": after an
        // introductory phrase the subject opens after one of its commas.
        let w = c.word(first);
        let intro = c.is_preposition(first)
            || c.is_clause_break(first)
            || c.leads_subject(first)
            || (w.len() > 4 && (w.ends_with("ly") || w.ends_with("ing")));
        if !intro {
            if let Some(s) = self.subject_at(c, entities, first, (ci, bound)) {
                return Some(s);
            }
        }
        // "Last month, the director ...": an introduction that opens with a noun.
        (first + 1..comma)
            .filter(|&k| c.word(k) == ",")
            .take(4)
            .find_map(|k| self.subject_at(c, entities, k + 1, (ci, bound)))
    }

    /// The subject phrase of [`ClaimMatcher::main_subject`] when it opens at token `s0`.
    /// An apposition in commas belongs to it, with its closing comma ("Jo Li, the
    /// county's nurse, declined to comment, saying").
    fn subject_at(
        &self,
        c: &Clauses,
        entities: &[Entity],
        mut s0: usize,
        (ci, comma): (usize, usize),
    ) -> Option<Speaker> {
        // "But the senator ...": the conjunction is the author's.
        if s0 < comma && c.is_coordinator(s0) {
            s0 += 1;
        }
        if s0 >= comma {
            return None;
        }
        if c.is_subject_pronoun(s0) {
            let p = c.tokens[s0];
            let text = c.text[p.start..p.end].to_string();
            return Some(match c.subject_before(s0 + 1).filter(|a| a.end <= p.start) {
                Some(a) => Speaker { text, ..speaker_of(c, entities, a) },
                None => resolve_plain(c, entities, p.start, p.end)?,
            });
        }
        // (end of the head, closing comma) of an apposition.
        let mut apposition: Option<(usize, usize)> = None;
        let mut v = s0 + 1;
        while v < comma {
            let w = c.word(v);
            if w == "," && apposition.is_none() && self.noun_phrase_start(c, s0, v) == Some(s0) {
                let close = (v + 1..comma.min(v + 25)).find(|&k| c.word(k) == ",")?;
                apposition = Some((v, close));
                v = close + 1;
                continue;
            }
            if matches!(w, "," | ";" | ":" | "\"" | "(" | "\u{2014}" | "\u{2013}" | "--" | "-") || c.is_clause_break(v)
            {
                return None;
            }
            let skip = !w.starts_with(|ch: char| ch.is_ascii_lowercase())
                || c.actor_covering(c.tokens[v].start).is_some()
                || c.is_determiner(v - 1)
                || c.is_preposition(v - 1)
                || c.word(v - 1) == "'s";
            let lower = w.to_ascii_lowercase();
            let verb = !skip
                && ((c.is_auxiliary(v) && !w.ends_with("ly"))
                    || w.ends_with("n't")
                    || (w.len() > 3 && w.ends_with("ed"))
                    || c.grammar.past.contains(&lower)
                    || self.starts_cue(c, v));
            if !verb {
                v += 1;
                continue;
            }
            // "Paul then interjected": an adverb before the verb is not the subject's.
            let mut vg = verb_group_start(c, v);
            while vg > s0 + 1 && c.leads_subject(vg - 1) {
                vg -= 1;
            }
            return match apposition {
                Some((head, close)) if vg == close + 1 => self.phrase_speaker(c, entities, ci, (s0, head, close + 1)),
                Some(_) => None,
                None if vg > s0 && self.noun_phrase_start(c, s0, vg) == Some(s0) => {
                    self.phrase_speaker(c, entities, ci, (s0, vg, vg))
                }
                None => None,
            };
        }
        None
    }

    /// Whether the cue form at token `k` is only ever a noun ("statement", "report"): a
    /// document that speaks heads a noun phrase like any speaker ("the statement said").
    fn noun_cue(&self, c: &Clauses, k: usize) -> bool {
        c.tokens.get(k).and_then(|t| self.cues.at(c.text, t.start)).is_some_and(|m| {
            m.end() == c.tokens[k].end && self.readings[m.pattern().as_usize()].iter().all(|(_, f)| *f == Frame::Noun)
        })
    }

    /// Whether a cue form starts at token `k` inside a phrase, where a cue is a lower-case
    /// word (a capital there is a name's): the automaton is asked only then.
    fn lower_cue(&self, c: &Clauses, k: usize) -> bool {
        c.word(k).starts_with(|ch: char| ch.is_ascii_lowercase()) && self.starts_cue(c, k)
    }

    /// First token of the noun phrase that ends right before token `end`, no earlier than
    /// `lo`: determiners, modifiers, names and numbers ("Two-thirds of Democratic voters",
    /// "A spokesman for the campaign", "Trump's campaign manager", "46 percent"), taking
    /// a prepositional phrase that modifies the noun before it. It stops at what opens a
    /// clause or belongs to a predicate: punctuation, a clause opener, a form of "be", an
    /// auxiliary, a subject pronoun, another cue.
    fn noun_phrase_start(&self, c: &Clauses, lo: usize, end: usize) -> Option<usize> {
        // A noun of saying heads a subject ("the statement said"), but a participle after
        // it modifies it ("issued a statement saying").
        let finite_after = c.tokens.get(end).is_some_and(|_| !c.word(end).ends_with("ing"));
        let mut s = end;
        let mut j = end;
        while j > lo {
            let k = j - 1;
            let t = c.tokens[k];
            if let Some(a) = c.actor_covering(t.start) {
                let first = c.token_at(a.start);
                if first < lo || a.end > c.tokens[end - 1].end {
                    break;
                }
                s = first;
                j = first;
                continue;
            }
            let w = c.word(k);
            match w {
                // A possessor: "Clinton's campaign".
                "'s" | "'" if k > lo && s == k + 1 => {
                    j = k;
                    continue;
                }
                // "46%".
                "%" => {
                    s = k;
                    j = k;
                    continue;
                }
                // A parenthesis inside the phrase: "Sen. Ted Cruz (R-Texas)".
                ")" if s == k + 1 || k + 1 == end => match (lo..k).rev().take(8).find(|&i| c.word(i) == "(") {
                    Some(open) => {
                        j = open;
                        continue;
                    }
                    None => break,
                },
                // An abbreviated title or an initial: "Mr. Lopez", "Jason C. Ervin".
                "." if k > lo && c.tokens[k - 1].end == t.start && is_title_abbreviation(c.word(k - 1)) => {
                    j = k;
                    continue;
                }
                _ => {}
            }
            if t.kind == TokenKind::Number {
                s = k;
                j = k;
                continue;
            }
            // A hyphen or slash inside a word: "a 90-second ad", "a CNN/ORC poll".
            if matches!(w, "-" | "/")
                && k > lo
                && s == k + 1
                && c.tokens[k - 1].end == t.start
                && t.end == c.tokens[s].start
            {
                j = k;
                continue;
            }
            let lower = w.starts_with(|ch: char| ch.is_ascii_lowercase());
            if t.kind != TokenKind::Word
                || c.is_clause_break(k)
                || c.is_be(k)
                || c.is_subject_pronoun(k)
                || c.leads_subject(k)
                || (lower && !w.ends_with("ly") && c.is_auxiliary(k))
                || (lower && self.starts_cue(c, k) && !(self.noun_cue(c, k) && finite_after))
            {
                break;
            }
            let upper = |i: usize| c.word(i).starts_with(|ch: char| ch.is_uppercase());
            if c.is_coordinator(k) {
                // Coordinated names: "Trump and Clinton said".
                if w == "and" && s < end && upper(s) && k > lo && upper(k - 1) {
                    j = k;
                    continue;
                }
                break;
            }
            s = k;
            j = k;
            if c.is_determiner(k) {
                // "a spokesman for the campaign": the determiner opens the object of a
                // preposition that modifies the noun before it.
                if k > lo && c.is_preposition(k - 1) {
                    continue;
                }
                break;
            }
            if c.is_preposition(k) {
                // Not the phrase's first word: the noun it modifies comes before it.
                s = k + 1;
            }
            if end - s > 14 {
                return None;
            }
        }
        (s < end).then_some(s)
    }

    /// The subject of a verb group at `vg` set off by commas: "Scot Ross, executive director
    /// of One Wisconsin Now, said", "McCain, who has tangled with Cruz, said". Returns the
    /// phrase's tokens `[start, end)` (without the closing comma) and the end of its head
    /// (the name before the first comma). An aside between the commas ("Murphy, though,
    /// said", "Smith, in a statement, said") is not part of it; an introductory phrase
    /// before the name ("In Iowa, Smith, a farmer, said") neither.
    fn appositive_subject(&self, c: &Clauses, lo: usize, vg: usize) -> Option<(usize, usize, usize)> {
        let close = vg.checked_sub(1).filter(|&k| k > lo && c.word(k) == ",")?;
        // "Sen. Jo Li (D-Ohio), a member of the panel, said": a short parenthesis after a
        // name is part of the head; another one bounds the phrase.
        let mut k = close;
        let start = loop {
            if k <= lo {
                break lo;
            }
            k -= 1;
            let w = c.word(k);
            if w == ")" {
                if let Some(open) = (k.saturating_sub(6).max(lo + 1)..k).rev().find(|&j| c.word(j) == "(") {
                    if c.tokens[open - 1].kind == TokenKind::Word
                        && c.word(open - 1).starts_with(|ch: char| ch.is_uppercase())
                    {
                        k = open;
                        continue;
                    }
                }
            }
            if matches!(w, "\"" | ";" | ":" | "(" | ")" | "\u{2014}" | "\u{2013}" | "--")
                // The doubled apostrophe some papers print for a quotation mark.
                || (w == "'" && k > lo && c.word(k - 1) == "'")
            {
                break k + 1;
            }
        };
        if close - start > 45 {
            return None;
        }
        let mut segs: Vec<(usize, usize)> = Vec::new();
        let mut from = start;
        for k in start..close {
            if c.word(k) == "," {
                segs.push((from, k));
                from = k + 1;
            }
        }
        segs.push((from, close));
        if segs.len() < 2 || segs.iter().any(|(a, b)| b <= a) {
            return None;
        }
        let aside = |(a, b): (usize, usize)| {
            let w = c.word(a);
            c.is_preposition(a)
                || (c.is_clause_break(a) && !matches!(w, "who" | "whose" | "whom" | "which"))
                || c.leads_subject(a)
                || (b == a + 1 && w.ends_with("ly"))
        };
        let mut h = 0;
        while h + 1 < segs.len()
            && (aside(segs[h])
                || (segs[h].1 - segs[h].0 <= 3
                    && (segs[h].0..segs[h].1).any(|k| c.tokens[k].kind == TokenKind::Number)))
        {
            h += 1;
        }
        if h + 1 >= segs.len() {
            return None;
        }
        let (mut hs, he) = segs[h];
        if c.is_coordinator(hs) && he > hs + 1 {
            hs += 1;
        }
        // The head is a noun phrase (or a subject pronoun: "He, however, said").
        let head_ok = (he == hs + 1 && c.is_subject_pronoun(hs))
            || (he - hs <= 10 && self.noun_phrase_start(c, hs, he) == Some(hs));
        if !head_ok {
            return None;
        }
        let mut end = he;
        for &seg in &segs[h + 1..] {
            if aside(seg) || c.is_subject_pronoun(seg.0) || (seg.0..seg.1).any(|k| self.lower_cue(c, k)) {
                break;
            }
            end = seg.1;
        }
        // An odd quotation mark would cut a quotation in two.
        if (hs..end).filter(|&k| c.word(k) == "\"").count() % 2 == 1 {
            return None;
        }
        Some((hs, he, end))
    }

    /// A speaker for the subject phrase `[start, end)` whose head ends at token `head_end`:
    /// the actor the cue's subject names inside the head, else the head's words.
    fn phrase_speaker(
        &self,
        c: &Clauses,
        entities: &[Entity],
        ci: usize,
        (start, head_end, end): (usize, usize, usize),
    ) -> Option<Speaker> {
        let (hs, he) = (c.tokens[start].start, c.tokens[head_end - 1].end);
        let actor = c.subject_before(ci).filter(|a| a.start >= hs && a.end <= he).or_else(|| {
            c.actors_in(hs, he).iter().rev().find(|a| a.end <= he && !c.is_place(a) && !c.after_preposition(a)).copied()
        });
        let mut speaker = match actor {
            Some(a) => speaker_of(c, entities, a),
            None => resolve_plain(c, entities, hs, he)?,
        };
        let end = speaker_phrase_end(c, start, head_end, end);
        speaker.text = c.text[hs..c.tokens[end - 1].end].to_string();
        Some(speaker)
    }

    /// The speaker of a cue verb at token `ci` (its verb group starting at `vg`): its
    /// subject. The speaker's text is the whole subject phrase.
    fn speaker_before(&self, c: &Clauses, entities: &[Entity], ci: usize, vg: usize) -> Option<Speaker> {
        // "Smith, who said ...": the relative pronoun names the speaker in its clause and
        // stands for the phrase it follows.
        if vg > 0 && c.word(vg - 1).eq_ignore_ascii_case("who") {
            let who = vg - 1;
            let before =
                who.checked_sub(if who > 0 && (c.word(who - 1) == "," || is_dash(c, who - 1)) { 2 } else { 1 });
            let text = c.word(who).to_string();
            if let Some(a) = before.and_then(|b| c.actor_covering(c.tokens[b].end - 1)) {
                return Some(Speaker { text, ..speaker_of(c, entities, a) });
            }
            let (s, e) = self.speaker_span_before(c, before? + 1)?;
            let name = c.text[s..e].to_string();
            return Some(Speaker { text, entity: None, name: Some(name) });
        }
        // "It said", "they argue": a subject pronoun is a whole phrase; it stands for the
        // actor it refers to, when the text names one.
        if vg > 0 && c.is_subject_pronoun(vg - 1) {
            if !opens_phrase(c, vg - 1) {
                return None;
            }
            let p = c.tokens[vg - 1];
            let text = c.text[p.start..p.end].to_string();
            return Some(match c.subject_before(ci).filter(|a| a.end <= p.start) {
                Some(a) => Speaker { text, ..speaker_of(c, entities, a) },
                None => resolve_plain(c, entities, p.start, p.end)?,
            });
        }
        let (first, _) = c.sentence_tokens(c.tokens[ci].start);
        // "The former mayor - who lost in May - said", "Jo Li, a nurse - and a mother -
        // says": a phrase set off by dashes belongs to the subject before it; the
        // speaker's text runs through the closing dash.
        if vg > first && is_dash(c, vg - 1) {
            let open = (first..vg - 1).rev().take(40).find(|&k| is_dash(c, k))?;
            let s = self.noun_phrase_start(c, first, open)?;
            let mut speaker = self.phrase_speaker(c, entities, ci, (s, open, open))?;
            speaker.text = c.text[c.tokens[s].start..c.tokens[vg - 1].end].to_string();
            return Some(speaker);
        }
        if let Some(p) = self.appositive_subject(c, first, vg) {
            return self.phrase_speaker(c, entities, ci, p);
        }
        if let Some(s) = vg.checked_sub(1).and_then(|_| self.noun_phrase_start(c, first, vg)) {
            return self.phrase_speaker(c, entities, ci, (s, vg, vg));
        }
        if let Some(a) = c.subject_before(ci).filter(|a| heads_subject(c, a, ci)) {
            let mut speaker = speaker_of(c, entities, a);
            if let Some((s, e)) = subject_phrase(c, &a, vg) {
                speaker.text = c.text[s..e].to_string();
            }
            return Some(speaker);
        }
        let (s, e) = self.speaker_span_before(c, vg)?;
        resolve_plain(c, entities, s, e)
    }

    /// The words right before a cue that can name a speaker: an actor, a pronoun, "the
    /// spokesman", or a plural or capitalised noun ("Experts", "officials").
    fn speaker_span_before(&self, c: &Clauses, vg: usize) -> Option<(usize, usize)> {
        // `vg` opens the verb group: "also claimed", "has said" are already behind it.
        let end_tok = vg.checked_sub(1)?;
        let t = c.tokens[end_tok];
        if let Some(a) = c.actor_covering(t.start) {
            return Some(subject_phrase(c, &a, vg).unwrap_or((a.start, a.end)));
        }
        if t.kind != TokenKind::Word {
            return None;
        }
        let w = c.word(end_tok);
        // A pronoun, a name, a plural ("officials"), or a noun after a determiner
        // ("the agency", "the defence ministry").
        let after_determiner = (end_tok.saturating_sub(3)..end_tok).any(|k| c.is_determiner(k));
        let looks_like_speaker = c.is_pronoun(end_tok)
            || w.chars().next().is_some_and(char::is_uppercase)
            || (w.ends_with('s') && w.len() > 3)
            || after_determiner;
        if !looks_like_speaker || c.is_preposition(end_tok) || c.is_determiner(end_tok) {
            return None;
        }
        // "a threat to Seoul suggests": the object of a preposition is not a speaker.
        if end_tok > 0 && c.is_preposition(end_tok - 1) {
            return None;
        }
        // Include a determiner or adjective before a common noun: "the spokesman", "senior officials".
        let mut s = end_tok;
        while s > 0 && s + 3 > end_tok && c.tokens[s - 1].kind == TokenKind::Word {
            if c.is_preposition(s - 1) || c.is_be(s - 1) || c.is_coordinator(s - 1) || c.is_clause_break(s - 1) {
                break;
            }
            s -= 1;
            // A determiner opens the phrase ("the Vermont senator").
            if c.is_determiner(s) {
                break;
            }
        }
        Some((c.tokens[s].start, t.end))
    }
}

/// A short capitalised word that a stop closes as a title ("Mr", "Gov", "Sen").
fn is_title_abbreviation(w: &str) -> bool {
    w.len() <= 4 && w.starts_with(|ch: char| ch.is_ascii_uppercase()) && w.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Where the content starts after the person a cue is addressed to ("told reporters he
/// would run", "asked him whether", "told the crowd at a rally
/// that"): the listener is the cue's object, not part of what is said. The listener is an
/// object pronoun, an actor, or a short phrase naming people; the content opens with
/// "that", a question word, a subject pronoun or a quotation, after at most a setting ("on
/// Friday", "at a rally").
fn after_listener(c: &Clauses, ce: usize, last: usize) -> Option<usize> {
    if ce >= last {
        return None;
    }
    let lower = |k: usize| c.word(k).to_ascii_lowercase();
    // (end of the listener, whether a quotation may follow it): after a name a quotation
    // is more often what the name is called ("described Clinton as \"...\"").
    let mut ends: Vec<(usize, bool)> = Vec::with_capacity(2);
    // A cue that ends the text has no listener after it.
    let cue_start = c.tokens.get(ce)?.start;
    if matches!(lower(ce).as_str(), "me" | "him" | "her" | "us" | "them" | "you") {
        ends.push((ce + 1, true));
    }
    if let Some(a) = c.actor_covering(cue_start).filter(|a| a.start == cue_start) {
        ends.push((c.token_at(a.end), false));
    } else {
        // "reporters", "the crowd", "his supporters", "Iowa voters": at most three words
        // ending in a noun for people.
        let mut k = ce;
        while k < last && k < ce + 3 && c.tokens[k].kind == TokenKind::Word && !c.is_preposition(k) {
            if c.is_clause_break(k) || c.is_be(k) || c.is_auxiliary(k) || c.is_subject_pronoun(k) {
                break;
            }
            k += 1;
            if is_people_noun(c, k - 1) {
                ends.push((k, true));
                break;
            }
        }
    }
    for &(e, quote) in &ends {
        // A setting between the listener and the content: "at a Michigan rally", "on
        // Friday" (not "as", "of", "for", which take what is said about the listener).
        let mut j = e;
        if j < last && c.is_preposition(j) && matches!(lower(j).as_str(), "at" | "on" | "in" | "during" | "after") {
            j += 1;
            while j < last && j < e + 6 && c.tokens[j].kind != TokenKind::Punct && !opens_content(c, j) {
                j += 1;
            }
        }
        if j < last && opens_content(c, j) && (quote || !matches!(c.word(j), "\"" | ":" | ",")) {
            return Some(if matches!(c.word(j), "," | ":") { j + 1 } else { j });
        }
    }
    None
}

/// Where the question starts after the object of a verb of asking (`grammar.txt`'s
/// `question`: "asked the former governor of Ohio whether he would run"): the object is who
/// is asked, however long, and the question opens with "whether", "if" or a question word
/// before any verb or comma.
fn asked_question(c: &Clauses, ci: usize, ce: usize, end: usize) -> Option<usize> {
    if !c.grammar.questions.contains(c.word(ci)) || ce >= end {
        return None;
    }
    let k = (ce + 1..(ce + 16).min(end)).find(|&k| {
        c.tokens[k].kind == TokenKind::Punct
            || c.is_subject_pronoun(k)
            || c.is_be(k)
            || c.is_have_or_modal(k)
            || matches!(c.word(k), "that" | "to" | "about")
            || opens_content(c, k)
    })?;
    (c.word(k).starts_with(|ch: char| ch.is_ascii_lowercase()) && opens_content(c, k) && !c.is_subject_pronoun(k))
        .then_some(k)
}

/// Whether token `k` opens a reported clause after a listener: "that", a question word, a
/// subject pronoun, or a quotation (after a comma or a colon, which are left out). An
/// infinitive is not one: what someone is urged or asked "to" do keeps its object ("urged
/// Congress to act").
fn opens_content(c: &Clauses, k: usize) -> bool {
    let w = c.word(k);
    match w.to_ascii_lowercase().as_str() {
        "that" | "how" | "what" | "whether" | "if" | "why" | "when" | "where" => true,
        "\"" => true,
        ":" | "," => c.tokens.get(k + 1).is_some_and(|_| c.word(k + 1) == "\""),
        _ => c.is_subject_pronoun(k) && w != "it",
    }
}

/// A noun for people that can be addressed: the `amount` words of `grammar.txt`
/// ("supporters", "officials"), and plurals in "-ers" or "-ists" ("reporters", "voters",
/// "journalists"), "people", "crowd", "audience".
fn is_people_noun(c: &Clauses, k: usize) -> bool {
    let w = c.word(k);
    (c.is_amount(k) && w.len() > 4 && w.ends_with('s'))
        || matches!(w, "people" | "crowd" | "audience" | "crowds" | "audiences")
        || (w.len() > 4
            && w.starts_with(|ch: char| ch.is_ascii_lowercase())
            && (w.ends_with("ers") || w.ends_with("ists")))
}

/// Whether the preposition at token `p` right after the cue verb at token `ci` belongs to
/// the cue ("talked about", "called for", "focused on", "pointed to", "sided with").
fn prepositional_cue(c: &Clauses, ci: usize, p: usize) -> bool {
    let prep = c.word(p).to_ascii_lowercase();
    let verb = c.word(ci).to_ascii_lowercase();
    let saying = c.grammar.saying.contains(&verb);
    match prep.as_str() {
        "about" | "against" | "for" | "with" | "over" => true,
        "of" | "on" | "at" | "as" | "from" => !saying,
        // "referring to Kerry", not "wants to leave".
        "to" => {
            !saying
                && c.tokens.get(p + 1).is_some_and(|t| {
                    t.kind != TokenKind::Word
                        || !c.word(p + 1).starts_with(|ch: char| ch.is_ascii_lowercase())
                        || c.is_determiner(p + 1)
                        || c.is_pronoun(p + 1)
                })
        }
        _ => false,
    }
}

/// Whether the cue form at tokens `ci..ce` is no verb of saying here: one of a phrasal verb
/// with "up" ("women show up to vote"), or a base form after a singular name, which it
/// cannot agree with, so that both are a title ("The Daily Show", "a CW show"). A plural
/// ("Republicans say") or an actor ("Hamas deny", a collective) before it leaves it a verb.
fn noun_or_phrasal(c: &Clauses, ci: usize, ce: usize, first: usize) -> bool {
    if c.word(ce).eq_ignore_ascii_case("up") {
        return true;
    }
    let form = c.word(ci);
    let base = ce == ci + 1
        && !(form.ends_with('s') || form.ends_with("ed") || form.ends_with("ing"))
        && !c.grammar.past.contains(&form.to_ascii_lowercase());
    let name = |k: usize| {
        let w = c.word(k);
        w.starts_with(|ch: char| ch.is_uppercase())
            && !w.ends_with('s')
            && w != "I"
            && c.actor_covering(c.tokens[k].start).is_none()
    };
    base && ci > first + 1 && name(ci - 1)
}

/// Whether the naming participle at token `ci` (before token `ce`) describes a thing
/// rather than reports a speaker: "so-called", or a reduced relative after an indefinite
/// noun phrase, with the name after it ("a program called Sandy Hook Promise", "a film
/// dubbed \"The Wall\"").
fn names_a_thing(c: &Clauses, ci: usize, ce: usize) -> bool {
    let w = c.word(ci).to_ascii_lowercase();
    if !(w.ends_with("ed") && c.grammar.naming.contains(&w)) {
        return false;
    }
    let before = &c.text.as_bytes()[..c.tokens[ci].start];
    if before.len() >= 3 && before[before.len() - 3..].eq_ignore_ascii_case(b"so-") {
        return true;
    }
    let name_after = c.tokens.get(ce).is_some_and(|t| {
        matches!(c.word(ce), "\"" | "'" | "#") || c.text[t.start..].starts_with(|ch: char| ch.is_uppercase())
    });
    let article = |k: usize| matches!(c.word(k), "a" | "an" | "A" | "An");
    // The article within four words before, with no punctuation or actor between.
    let opening = (ci.saturating_sub(5)..ci)
        .rev()
        .find(|&k| c.tokens[k].kind == TokenKind::Punct || article(k) || c.actor_covering(c.tokens[k].start).is_some());
    name_after && opening.is_some_and(article)
}

/// Where the content of a cue starts when nothing but the words right after the cue (at
/// token `at`) can open it; `None` when they open no content. A time setting is passed
/// ("said on Monday the talks had failed"). An agent ("backed by Ankara", "reported by
/// CNN"), a place of reporting ("reported from Kyiv") and the object of "to" ("added to
/// the uncertainty", "reports to the commission") are no content, unless a "that" close
/// after them opens one ("added to reporters that ...").
fn content_after_setting(c: &Clauses, at: usize, last: usize) -> Option<usize> {
    let mut k = at;
    let time_at =
        |k: usize| c.tokens.get(k).and_then(|t| c.time_covering(t.start)).filter(|&(ts, _)| ts == c.tokens[k].start);
    let time = time_at(k).or_else(|| time_at(k + 1).filter(|_| c.is_preposition(k)));
    if let Some((_, te)) = time {
        k = c.token_at(te);
        if c.word(k) == "," {
            k += 1;
        }
    }
    if k >= last {
        return None;
    }
    let w = c.word(k).to_ascii_lowercase();
    let object_of_to = w == "to"
        && c.tokens.get(k + 1).is_some_and(|t| {
            t.kind != TokenKind::Word
                || c.is_determiner(k + 1)
                || c.is_pronoun(k + 1)
                || is_people_noun(c, k + 1)
                || c.word(k + 1).starts_with(|ch: char| ch.is_ascii_uppercase())
        });
    if w == "by" || w == "from" || object_of_to {
        let that = (k + 1..(k + 8).min(last)).find(|&j| c.word(j).eq_ignore_ascii_case("that"))?;
        return (!(k + 1..that).any(|j| matches!(c.word(j), "," | ";" | ":") || c.is_be(j))).then_some(that);
    }
    Some(k)
}

/// Whether token `k` can open a noun phrase that is a subject: it starts its sentence or
/// follows punctuation, a conjunction, a clause opener or a word of `grammar.txt`'s
/// `subject-lead` ("today he said"). After a noun it is the subject of a relative clause
/// whose object is that noun ("the impact it said ... would have").
fn opens_phrase(c: &Clauses, k: usize) -> bool {
    let (first, _) = c.sentence_tokens(c.tokens[k].start);
    k == first
        || c.tokens[k - 1].kind != TokenKind::Word
        || c.is_coordinator(k - 1)
        || c.is_clause_break(k - 1)
        || c.is_auxiliary(k - 1)
        || c.word(k - 1).starts_with(|ch: char| ch.is_uppercase())
        || c.leads_subject(k - 1)
}

/// Whether the actor `a` heads the subject of the cue at token `ci`: close to it (a few
/// words: "The Russian Embassy in South Korea falsely framed"), set off by an apposition
/// in commas ("Amina Diallo, the army's spokeswoman, said"), or the subject of an earlier
/// predicate the cue is coordinated with ("... and notably claimed").
fn heads_subject(c: &Clauses, a: &ActorSpan, ci: usize) -> bool {
    let from = c.token_at(a.end);
    if ci.saturating_sub(from) <= 4 {
        return true;
    }
    if c.word(from) == "," && c.word(ci - 1) == "," {
        return true;
    }
    let mut j = ci;
    while j > from {
        j -= 1;
        let w = c.word(j);
        if c.is_coordinator(j) {
            return true;
        }
        if !(w.ends_with("ly") || matches!(w, "also" | "then" | "later")) {
            return false;
        }
    }
    false
}

struct Read {
    speaker: Option<Speaker>,
    content: (usize, usize),
    stance: Stance,
    /// The cue's span when it is wider than the matched form: the verb group with its
    /// auxiliaries and adverbs ("has also said") and a colon right after it ("said:").
    cue: Option<(usize, usize)>,
}

fn speaker_of(c: &Clauses, entities: &[Entity], a: ActorSpan) -> Speaker {
    let e = &entities[a.entity];
    Speaker { text: c.text[a.start..a.end].to_string(), entity: Some(e.id.clone()), name: Some(e.name.clone()) }
}

/// A speaker named by words no entity covers: a pronoun or "the spokesman" stands for the
/// last person before it who fits; anything else is kept as text ("Experts").
fn resolve_plain(c: &Clauses, entities: &[Entity], start: usize, end: usize) -> Option<Speaker> {
    let words = &c.text[start..end];
    let head = words.rsplit(' ').next().unwrap_or(words).to_lowercase();
    let pronoun = matches!(head.as_str(), "he" | "she");
    let title = !pronoun && words.split(' ').next().is_some_and(|w| w.eq_ignore_ascii_case("the"));
    if pronoun || title {
        let earlier = c.actors_in(0, start).iter().rev().find(|a| {
            let e = &entities[a.entity];
            e.kind == EntityKind::Person && (pronoun || e.roles.iter().any(|r| r.contains(head.trim_end_matches('s'))))
        });
        if let Some(a) = earlier {
            let e = &entities[a.entity];
            return Some(Speaker { text: words.to_string(), entity: Some(e.id.clone()), name: Some(e.name.clone()) });
        }
        if pronoun {
            return Some(Speaker { text: words.to_string(), entity: None, name: None });
        }
    }
    // "It said", "they argue": a pronoun the text does not resolve still speaks; the
    // speaker is its words, with no name.
    if matches!(head.as_str(), "it" | "they" | "we" | "i" | "you") {
        return Some(Speaker { text: words.to_string(), entity: None, name: None });
    }
    Some(Speaker { text: words.to_string(), entity: None, name: Some(words.to_string()) })
}

/// A speaker given only as words, trimmed of punctuation ("senior officials").
fn plain_speaker(text: &str, from: usize, to: usize) -> Option<Speaker> {
    let words = text[from..to].trim().trim_end_matches(['.', ',', '"']).trim();
    (!words.is_empty() && at_most_words(words, 6)).then(|| Speaker {
        text: words.to_string(),
        entity: None,
        name: Some(words.to_string()),
    })
}

/// First token of the verb group that ends in the cue at token `ci`: the auxiliaries,
/// negation and adverbs between the subject and the verb ("has also said", "did not
/// say"). Attribution marks the whole group as the cue.
fn verb_group_start(c: &Clauses, ci: usize) -> usize {
    let (first, _) = c.sentence_tokens(c.tokens[ci].start);
    let mut j = ci;
    while j > first && is_verb_modifier(c, j - 1) {
        j -= 1;
    }
    j
}

/// An auxiliary, negation or adverb inside a verb group. A lower-case word ending in
/// "-ly" after a determiner is a noun ("the family said"), and no actor is a modifier.
fn is_verb_modifier(c: &Clauses, k: usize) -> bool {
    let w = c.word(k);
    if !w.bytes().next().is_some_and(|b| b.is_ascii_lowercase()) || c.actor_covering(c.tokens[k].start).is_some() {
        return false;
    }
    if matches!(w, "today" | "yesterday") {
        return false;
    }
    if w.ends_with("ly") && k > 0 && (c.is_determiner(k - 1) || c.word(k - 1) == "'s") {
        return false;
    }
    // A negated auxiliary is one word: "don't", "didn't", "won't". `grammar.txt`'s
    // adverbs of a verb group: "always says", "has long argued".
    c.is_auxiliary(k)
        || w.ends_with("n't")
        || matches!(w, "did" | "does" | "do")
        || c.grammar.verb_adverbs.contains(w)
        || (k > 0 && c.is_have_or_modal(k - 1) && c.grammar.perfect_adverbs.contains(w))
}

/// The first token of a verb of `grammar.txt`'s `publish` that puts out the document
/// right before the verb group at `vg` ("issued a statement", "sent a letter this week"):
/// a determiner after the verb opens a phrase of a few words, with no punctuation.
fn published_before(c: &Clauses, first: usize, vg: usize) -> Option<usize> {
    let lo = vg.saturating_sub(7).max(first + 1);
    let words = (lo..vg).rev().take_while(|&k| c.tokens[k].kind != TokenKind::Punct && !c.is_clause_break(k));
    words.filter(|&d| c.is_determiner(d)).find_map(|d| {
        (1..=2)
            .filter_map(|n| d.checked_sub(n))
            .filter(|&v| v >= first)
            .find(|&v| c.grammar.publish.contains(&c.lower_words(v, d)))
    })
}

/// The end of a cue that ends at byte `end` (token `next` after it), taking a colon right
/// after it ("said:").
fn colon_after(c: &Clauses, next: usize, end: usize) -> usize {
    match c.tokens.get(next) {
        Some(t) if t.start == end && c.word(next) == ":" => t.end,
        _ => end,
    }
}

/// The whole subject phrase of actor `a` before the verb group at token `vg`: titles and
/// modifiers before the name ("House Speaker Paul Ryan", "former President Obama"), and
/// what stands between it and the verb when that is a possessed noun ("Trump's campaign
/// manager"), an apposition or a parenthesis ("Carole Bower, 75, a retiree,").
fn subject_phrase(c: &Clauses, a: &ActorSpan, vg: usize) -> Option<(usize, usize)> {
    let (first, _) = c.sentence_tokens(a.start);
    let a_first = c.token_at(a.start);
    let after = c.token_at(a.end);
    if after > vg {
        return None;
    }
    let between = after..vg;
    let end_tok = if between.is_empty() {
        vg
    } else if matches!(c.word(after), "," | "(")
        && matches!(c.word(vg - 1), "," | ")")
        && vg - after <= 30
        && !(after..vg).any(|k| c.word(k) == "\"")
    {
        // The closing comma of an apposition is left to whoever needs it.
        if c.word(vg - 1) == "," {
            vg - 1
        } else {
            vg
        }
    } else if vg - after <= 4
        && c.word(after) == "'s"
        && (after..vg).all(|k| {
            let t = c.tokens[k];
            (t.kind == TokenKind::Word || c.word(k) == "'s")
                && !c.is_preposition(k)
                && !c.is_clause_break(k)
                && !c.is_coordinator(k)
                && !c.is_be(k)
        })
    {
        vg
    } else {
        after
    };
    // Titles and modifiers before the name: capitalised words, determiners, and
    // lower-case words before a capitalised one ("former Secretary").
    // Lower-case words count when the run reaches a determiner, the sentence start or a
    // punctuation mark ("Trump campaign spokesman Jason Miller", "the Vermont senator").
    let mut s = a_first;
    let mut k = a_first;
    loop {
        if k == first {
            s = k;
            break;
        }
        let j = k - 1;
        let w = c.word(j);
        // An abbreviated title is a word and its stop: "Mr. Lopez", "Gov. Pat McCrory".
        if w == "." && j > first && c.tokens[j - 1].end == c.tokens[j].start && is_title_abbreviation(c.word(j - 1)) {
            s = j - 1;
            k = j - 1;
            continue;
        }
        if c.tokens[j].kind != TokenKind::Word {
            s = k;
            break;
        }
        if c.is_determiner(j) {
            s = j;
            break;
        }
        if a_first - j > 5
            || c.is_preposition(j)
            || c.is_clause_break(j)
            || c.is_coordinator(j)
            || c.is_pronoun(j)
            || c.is_auxiliary(j)
        {
            break;
        }
        k = j;
        if w.chars().next().is_some_and(char::is_uppercase)
            && c.word(j + 1).chars().next().is_some_and(char::is_uppercase)
        {
            s = j;
        }
    }
    let start = c.tokens[s].start;
    let end_tok = speaker_phrase_end(c, s, after.min(end_tok), end_tok);
    let end = c.tokens[end_tok.checked_sub(1)?].end;
    (end > start).then_some((start, end))
}

/// Where a speaker phrase from token `start`, whose head ends at token `head_end`, stops
/// (before token `end` at the latest). A participle clause between commas ("Clinton,
/// speaking to reporters, said") and a time setting before the cue ("Trump on Tuesday
/// said") say when and how, not who: they are left out. An apposition ("Jane Doe, a
/// nurse from Ohio, said") and a relative clause are kept.
fn speaker_phrase_end(c: &Clauses, start: usize, head_end: usize, end: usize) -> usize {
    let mut end = (head_end..end)
        .find(|&k| c.word(k) == "," && k + 1 < end && participle_after(&c.text[c.tokens[k].end..c.tokens[k + 1].end]))
        .unwrap_or(end);
    // Only a setting right after the name: one inside an apposition or a relative clause
    // ("The mayor, who took office in May,") belongs to it.
    if !(start..end).any(|k| c.word(k) == ",") {
        while let Some((ts, _)) = c.time_covering(c.tokens[end - 1].start) {
            let t = c.token_at(ts);
            if t <= start {
                break;
            }
            end = t;
        }
    }
    end
}

/// Where a reported clause running from `start` to the sentence end `end` stops: before
/// a clause of the author's own joined by "; " or ", but " (outside quotation marks).
fn clause_end(text: &str, start: usize, end: usize) -> usize {
    let Some(body) = text.get(start..end) else { return end };
    let mut quoted = false;
    // The marks sought are ASCII, so a byte walk sees each where a walk by characters would.
    for (i, &b) in body.as_bytes().iter().enumerate() {
        match b {
            // "that he has \"won the debate,\" adding ...": a quotation closed by its comma
            // ends the clause before a participle of the author's.
            b'"' if quoted && body[..i].ends_with(',') && participle_after(&body[i + 1..]) => return start + i + 1,
            b'\'' if body[..i].ends_with(",'") && participle_after(&body[i + 1..]) => return start + i + 1,
            b'"' => quoted = !quoted,
            b';' if !quoted => return text[..start + i].trim_end().len(),
            b',' if !quoted && (body[i..].starts_with(", but ") || body[i..].starts_with(", yet ")) => {
                return start + i
            }
            // ", forcing them to ...": a participle clause of the author's.
            b',' if !quoted && participle_after(&body[i + 1..]) => return start + i,
            _ => {}
        }
    }
    end
}

/// Whether `s` holds at most `n` words. Stops reading after word `n + 1`: the spans
/// measured may run to the end of the document.
fn at_most_words(s: &str, n: usize) -> bool {
    s.split_whitespace().nth(n).is_none()
}

/// Whether `rest` opens with a lower-case participle ("forcing", not "including").
fn participle_after(rest: &str) -> bool {
    let w = rest.trim_start().split([' ', ',']).next().unwrap_or("");
    w.len() > 5
        && w.ends_with("ing")
        && w.bytes().all(|b| b.is_ascii_lowercase())
        && !matches!(
            w,
            "including"
                | "according"
                | "regarding"
                | "concerning"
                | "during"
                | "something"
                | "nothing"
                | "everything"
                | "anything"
        )
}

/// A content that opens its sentence leaves out the author's "And" or "But" before it
/// ("But the test, North Korea said, was its biggest").
fn sentence_conjunction(text: &str, start: usize) -> usize {
    match text.get(start..start + 4) {
        Some("And " | "But ") => start + 4,
        _ => start,
    }
}

/// A content that opens a quotation and stops inside it (the sentence splitter cut the
/// quotation at a stop, or a clause of the author's seemed to begin inside it) runs to the
/// quotation's closing mark in the same paragraph: a quotation is never cut in two.
fn quotation_close(text: &str, start: usize, end: usize) -> usize {
    if marks(&text[start..end]).count().is_multiple_of(2) {
        return end;
    }
    // The odd mark opens a quotation only when the content starts outside one.
    let para_start = paragraph_start(text, start);
    if !marks(&text[para_start..start]).count().is_multiple_of(2) {
        return end;
    }
    let para_end = paragraph_end(text, end);
    marks(&text[end..para_end]).next().map_or(end, |(n, len)| end + n + len)
}

/// A content that opens its sentence starts after the author's connective and its comma
/// (`grammar.txt`'s `connective`: "Still, the plan will work, she said" -> "the plan
/// will work").
fn after_connective(c: &Clauses, start: usize, end: usize) -> usize {
    let text = c.text;
    let (s0, _) = c.sentences[c.sentence_of(start)];
    if start != s0 && start != sentence_conjunction(text, s0) {
        return start;
    }
    // The longest connective ("on the other hand") is 18 bytes.
    let Some(n) = text.as_bytes()[start..end].iter().take(20).position(|&b| b == b',') else { return start };
    if !c.grammar.connectives.contains(&text[start..start + n].to_ascii_lowercase()) {
        return start;
    }
    let rest = start + n + 1;
    let from = rest + (text[rest..end].len() - text[rest..end].trim_start().len());
    if from < end {
        from
    } else {
        start
    }
}

/// How far a quotation is followed: a few thousand bytes, so that a text without line
/// breaks is not scanned to its end for every claim.
const QUOTE_REACH: usize = 4000;

/// The end of the paragraph holding `at` (its line break), at most `QUOTE_REACH` on.
fn paragraph_end(text: &str, at: usize) -> usize {
    let mut limit = (at + QUOTE_REACH).min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    text[at..limit].find('\n').map_or(limit, |n| at + n)
}

/// The start of the paragraph holding `at`, at most `QUOTE_REACH` back.
fn paragraph_start(text: &str, at: usize) -> usize {
    let mut limit = at.saturating_sub(QUOTE_REACH);
    while !text.is_char_boundary(limit) {
        limit += 1;
    }
    text[limit..at].rfind('\n').map_or(limit, |n| limit + n + 1)
}

/// Quotation marks in `s`, as (offset, length): `"`, and the doubled apostrophe `''`
/// some papers print for one.
fn marks(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            // Runs over whole documents: step over eight bytes without a mark at once.
            if let Some(word) = bytes8::load(b, i) {
                let hits = bytes8::equal(word, b'"') | bytes8::equal(word, b'\'');
                if hits == 0 {
                    i += 8;
                    continue;
                }
                i += (hits.trailing_zeros() / 8) as usize;
            }
            let at = i;
            if b[i] == b'"' {
                i += 1;
                return Some((at, 1));
            }
            if b[i] == b'\'' && b.get(i + 1) == Some(&b'\'') {
                i += 2;
                return Some((at, 2));
            }
            i += 1;
        }
        None
    })
}

/// The spans inside quotation marks, in text order: each from its opening mark to its
/// closing mark, or to the end of the paragraph when the paragraph leaves it open (the
/// next paragraph of a long quotation opens with a mark of its own).
fn quoted_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut from = 0;
    // Each paragraph with its line break; the last may have none.
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|n| n + 1).chain([text.len()]);
    for end in ends {
        if end <= from {
            continue;
        }
        for (at, len) in marks(&text[from..end]) {
            match open.take() {
                Some(s) => out.push((s, from + at + len)),
                None => open = Some(from + at),
            }
        }
        from = end;
        if let Some(s) = open.take() {
            out.push((s, from));
        }
    }
    out
}

fn opens_with_mark(s: &str) -> bool {
    s.starts_with('"') || s.starts_with("''")
}

fn ends_with_mark(s: &str) -> bool {
    s.ends_with('"') || s.ends_with("''")
}

/// A quotation cut by the sentence splitter: a content that opens a quotation runs to its
/// close, one that closes a quotation starts at its opening (within the paragraph).
fn quotation(text: &str, (start, end): (usize, usize)) -> (usize, usize) {
    let Some(body) = text.get(start..end) else { return (start, end) };
    if marks(body).count().is_multiple_of(2) {
        return (start, end);
    }
    let para_end = paragraph_end(text, end);
    let para_start = paragraph_start(text, start);
    if opens_with_mark(body) {
        if let Some((n, len)) = marks(&text[end..para_end]).next() {
            return (start, end + n + len);
        }
    } else if ends_with_mark(body) {
        if let Some((n, _)) = marks(&text[para_start..start]).last() {
            return (para_start + n, end);
        }
    }
    (start, end)
}

/// A quotation interrupted by its attribution continues after it: "\"A,\" he said,
/// \"B.\"" and "\"A,\" he said. \"B.\"" are one content from A to B. `end` is the end
/// of the first part and `cue` a byte of the cue.
fn continued_quotation(c: &Clauses, end: usize, cue: usize) -> usize {
    let text = c.text;
    if !ends_with_mark(&text[..end]) {
        return end;
    }
    let (_, s_end) = c.sentences[c.sentence_of(cue)];
    let para_end = paragraph_end(text, s_end);
    // The rest of the sentence after the attribution, then the next sentence.
    let rest = &text[cue..para_end];
    // The second part follows the attribution at once ("he said, \"B.\""), not a clause
    // of the author's later in the sentence.
    let open = match rest.find(", \"").or_else(|| rest.find(", ''")) {
        Some(n) if cue + n < s_end && !rest[..n].contains(',') && at_most_words(&rest[..n], 6) => cue + n + 2,
        _ => {
            let next = text[s_end..para_end].trim_start();
            if !opens_with_mark(next) {
                return end;
            }
            para_end - next.len()
        }
    };
    let skip = if text[open..].starts_with("''") { 2 } else { 1 };
    // The continuation closes with its sentence; "\"B,\" she added" has its own cue.
    match marks(&text[open + skip..para_end]).next() {
        Some((n, len)) if text[..open + skip + n].ends_with(['.', '!', '?']) => open + skip + n + len,
        _ => end,
    }
}

/// The first token of a verb of aspect and its "to" before the cue at token `ci` ("went on
/// to say", "continued to insist"): one of `grammar.txt`'s `aspect` forms.
fn aspect_before(c: &Clauses, ci: usize) -> Option<usize> {
    let to = ci.checked_sub(1).filter(|&k| c.word(k).eq_ignore_ascii_case("to"))?;
    (1..=2).filter_map(|n| to.checked_sub(n)).find(|&k| c.grammar.aspect.contains(&c.lower_words(k, to)))
}

/// The end of the agent of a passive cue that ends before token `ce` ("asked by reporters
/// whether ..."): the token after "by X", where the content opens. X is a short phrase.
fn by_agent(c: &Clauses, ce: usize, last: usize) -> Option<usize> {
    if ce + 1 >= last || !c.word(ce).eq_ignore_ascii_case("by") {
        return None;
    }
    let stop = (ce + 1..last.min(ce + 9)).find(|&k| {
        opens_content(c, k)
            || matches!(c.word(k), "," | ":" | ";")
            || matches!(c.word(k).to_ascii_lowercase().as_str(), "about" | "to" | "on")
    })?;
    (stop > ce + 1).then_some(stop)
}

/// Whether token `k` is a dash that sets off a phrase (" - ", " -- ", an em or en dash).
fn is_dash(c: &Clauses, k: usize) -> bool {
    matches!(c.word(k), "-" | "--" | "\u{2014}" | "\u{2013}")
}

/// Whether token `ci` follows a comma, or a quotation that a comma closes ("... the
/// party,\" claiming ...").
fn after_comma(c: &Clauses, ci: usize) -> bool {
    match ci.checked_sub(1).map(|k| c.word(k)) {
        Some(",") => true,
        Some("\"") => ci >= 2 && c.word(ci - 2) == ",",
        // The doubled apostrophe some papers print for a quotation mark.
        Some("'") => ci >= 3 && c.word(ci - 2) == "'" && c.word(ci - 3) == ",",
        _ => false,
    }
}

/// Byte offset of the comma (or closing quote) before token `ci`, ending the content.
fn comma_before(c: &Clauses, ci: usize) -> Option<usize> {
    let t = c.tokens.get(ci.checked_sub(1)?)?;
    Some(if c.word(ci - 1) == "," { t.start } else { t.end })
}

/// Whether the subject before the verb group at token `vg` follows a quotation closed
/// by its own punctuation ("\"We will win,\" Trump said", "''Why?'' she asked"), at most
/// `words` words back: the quotation is the whole content.
fn closed_quote_before(c: &Clauses, first: usize, vg: usize, words: usize) -> bool {
    // Back over the subject, with an apposition in commas ("Jim Bennett, 57, told").
    let mut k = vg;
    while k > first
        && vg - k <= words
        && (c.tokens[k - 1].kind != TokenKind::Punct || c.word(k - 1) == ",")
        && !matches!(c.word(k - 1), "\"" | "'")
    {
        k -= 1;
    }
    if k == vg || k <= first + 1 {
        return false;
    }
    // The mark: `"`, or the doubled apostrophe some papers print for one.
    let mut q = k - 1;
    match c.word(q) {
        "\"" => {}
        "'" if q > first + 1 && c.word(q - 1) == "'" => q -= 1,
        _ => return false,
    }
    if !punctuated_mark(c, q) {
        return false;
    }
    // The quotation opens the sentence, or after a dash or a colon: a title in quotation
    // marks inside the author's words ("on ABC's \"This Week,\"") is no content.
    let lead = first + usize::from(matches!(c.word(first), "And" | "But"));
    // A single apostrophe marks a quotation inside this one ("say 'what a mess',\"").
    let mark = |k: usize| c.word(k) == "\"" || (c.word(k) == "'" && k > lead && c.word(k - 1) == "'");
    match (lead..q - 1).rev().find(|&k| mark(k)) {
        None => true,
        Some(o) => {
            let o = if c.word(o) == "'" { o - 1 } else { o };
            o == lead || matches!(c.word(o - 1), "-" | "--" | "\u{2014}" | "\u{2013}" | ":")
        }
    }
}

/// Whether the closing quotation mark at token `q` follows the quotation's own punctuation,
/// perhaps with a quotation inside it closing too ("...,\"", "...?'\"").
fn punctuated_mark(c: &Clauses, q: usize) -> bool {
    let glued = |a: usize, b: usize| c.tokens[a].end == c.tokens[b].start;
    let Some(mut p) = q.checked_sub(1) else { return false };
    if c.word(p) == "'" && glued(p, q) && p > 0 {
        p -= 1;
    }
    glued(p, p + 1) && matches!(c.word(p), "," | "?" | "!" | ".")
}

/// Whether the subject before the verb group at `vg` opens its sentence (at `first`): a
/// few words with no punctuation ("Trump said.", "The former senator told reporters.").
fn at_first(c: &Clauses, first: usize, vg: usize) -> bool {
    vg > first && vg - first <= 7 && (first..vg).all(|k| c.tokens[k].kind != TokenKind::Punct || c.word(k) == ".")
}

/// "\"Who do they think they are?\" Trump said.": a question or an exclamation closed by
/// its quotation mark ends a sentence, and the attribution opens the next one. The
/// quotation that closes the sentence before token `first`, in the same paragraph, as its
/// byte span from mark to mark, when it opens a sentence of its own.
fn quote_ending_before(c: &Clauses, first: usize) -> Option<(usize, usize)> {
    let text = c.text;
    let last = first.checked_sub(1)?;
    if text[c.tokens[last].end..c.tokens[first].start].contains('\n') {
        return None;
    }
    let close = match c.word(last) {
        "\"" => last,
        "'" if last > 0 && c.word(last - 1) == "'" => last - 1,
        _ => return None,
    };
    if !punctuated_mark(c, close) || c.word(close.checked_sub(1)?) == "," {
        return None;
    }
    let (mark, end) = (c.tokens[close].start, c.tokens[last].end);
    let para = paragraph_start(text, mark);
    let opening = marks(&text[para..mark]).collect::<Vec<_>>();
    // The mark closes a quotation: an odd number of marks before it in the paragraph.
    let &(o, _) = opening.last().filter(|_| opening.len() % 2 == 1)?;
    let open = para + o;
    let (s0, _) = c.sentences[c.sentence_of(open)];
    (s0 == open).then_some((open, end))
}

/// Whether token `k` is a quotation mark that closes a quotation after its punctuation
/// ("...,\"", "...?''").
fn closes_quotation(c: &Clauses, k: usize) -> bool {
    let q = match c.word(k) {
        "\"" => k,
        "'" if k > 0 && c.word(k - 1) == "'" => k - 1,
        _ => return false,
    };
    punctuated_mark(c, q)
}

/// Whether token `k` opens a setting rather than a clause: a preposition, a subordinator,
/// an adverb of time ("In her speech, ...", "When asked, ...", "Meanwhile, ..."), or a
/// participle opening the sentence ("Speaking on Sunday, ...", "Asked about it, ...").
fn fronted_setting(c: &Clauses, k: usize) -> bool {
    let w = c.word(k);
    let participle = (w.ends_with("ing") || w.ends_with("ed"))
        && w.len() > 4
        && c.actor_covering(c.tokens[k].start).is_none()
        && c.sentence_tokens(c.tokens[k].start).0 == k;
    c.is_preposition(k) || c.is_clause_break(k) || c.leads_subject(k) || participle
}

/// The byte span of the sentence holding `pos`, without its final stop.
fn sentence_without_stop(c: &Clauses, pos: usize) -> (usize, usize) {
    let (start, end) = c.sentences[c.sentence_of(pos)];
    (start, start + c.text[start..end].trim_end_matches(['.', '!', '?']).len())
}

/// "A and that B": one span per "that"-clause joined by "and that".
fn split_content(text: &str, (start, end): (usize, usize)) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = start;
    let body = &text[start..end];
    // Built once: a searcher set up per claim cost more than the search.
    static AND_THAT: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(" and that "));
    for at in AND_THAT.find_iter(body.as_bytes()) {
        let cut = start + at;
        out.push((from, text[..cut].trim_end_matches(',').len()));
        // The second clause keeps its "that", like the first.
        from = cut + " and ".len();
    }
    out.push((from, end));
    out.retain(|(s, e)| e > s);
    out
}

/// The end of a content that runs from `start` to `end` without what closes the
/// author's sentence: a parenthesis the content did not open ("(... if he starts
/// winning.)") and the final stop after a word ("in 1995." but not "U.S.").
fn tidy_end(text: &str, start: usize, mut end: usize) -> usize {
    let body = &text[start..end];
    if body.ends_with(')') && body.matches(')').count() > body.matches('(').count() {
        end -= 1;
    }
    let body = &text[start..end];
    if let Some(rest) = body.strip_suffix('.') {
        if rest.ends_with(|ch: char| ch.is_ascii_lowercase() || ch.is_ascii_digit()) && !rest.ends_with("..") {
            end -= 1;
        }
    }
    end
}

/// Whether most of the content is inside quotation marks.
fn quoted(text: &str, start: usize, end: usize) -> bool {
    let s = &text[start..end];
    let inside: usize = s.split('"').skip(1).step_by(2).map(str::len).sum();
    inside * 2 > s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotations_close_or_end_with_their_paragraph() {
        let t = "A \"b c\" d ''e'' \"f\ng\" h";
        let r: Vec<&str> = quoted_ranges(t).into_iter().map(|(s, e)| &t[s..e]).collect();
        assert_eq!(r, vec!["\"b c\"", "''e''", "\"f\n", "\" h"]);
    }

    #[test]
    fn a_content_leaves_out_the_author_s_closing_parenthesis_and_stop() {
        fn end(t: &str) -> &str {
            &t[..tidy_end(t, 0, t.len())]
        }
        assert_eq!(end("he would win in 1995."), "he would win in 1995");
        assert_eq!(end("the plan would pass.)"), "the plan would pass");
        assert_eq!(end("ties with the U.S."), "ties with the U.S.");
        assert_eq!(end("the rate (now 5%) is high"), "the rate (now 5%) is high");
    }

    #[test]
    fn contents_joined_by_and_that_split() {
        let t = "cooperation should not cause concern and that the reports may be contradictory";
        let parts: Vec<&str> = split_content(t, (0, t.len())).into_iter().map(|(s, e)| &t[s..e]).collect();
        assert_eq!(parts, vec!["cooperation should not cause concern", "that the reports may be contradictory"]);
    }
}
