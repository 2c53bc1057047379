//! Political events: predicates matched against `verbs.txt`, with their actors,
//! factuality, and the place, time, quantities and claim of their clause.
//!
//! For each trigger (a verb form or an event noun):
//! 1. the pattern line is chosen by the object: the words after a verb up to the next
//!    preposition ("sent *humanitarian aid* to Kyiv"), its `with` phrase ("providing
//!    Ukraine *with armed support*"), or the words before a passive verb or a noun
//!    ("*troop* deployment"); a line whose object heads match wins over the default line;
//! 2. the source is the clause's subject (active verbs), the `by` agent (passives), or the
//!    possessor or nationality of a noun ("*Russia's* invasion"); a predicate coordinated
//!    with an earlier one shares its subject ("may deploy staff ... and provide support"),
//!    and an agentless passive takes the source of the events just before it ("the first
//!    group will be deployed" after "North Korean forces are about to enter");
//! 3. the target is the direct object when it is an actor, else the actor after one of
//!    the line's target prepositions;
//! 4. factuality comes from `modality.txt` markers between the subject and the trigger
//!    (negation wins, otherwise the nearest marker), or from a coordinated predicate;
//! 5. an act the actor's own side announces ("Norway said it will send aid") is also a
//!    promise, threat or refusal (`grammar.txt` commitment words).

use aho_corasick::Match;
use rustc_hash::{FxHashMap, FxHashSet};
use sitrep_lexicon::{Lexicon, PatternKind, Scope, SubjectRole, VerbPattern};
use sitrep_model::{ActorRef, Claim, Entity, Event, Factuality, Place, Quantity, Span, TimeExpr};

use crate::clauses::{ActorSpan, Clauses};
use crate::matcher::TokenMatcher;
use crate::segment::TokenKind;

/// `verbs.txt` and `modality.txt`, compiled.
pub struct EventMatcher {
    triggers: TokenMatcher,
    /// For each trigger form, the pattern lines it belongs to.
    form_lines: Vec<Vec<usize>>,
    patterns: Vec<VerbPattern>,
    /// Object heads of each pattern line, for n-gram lookups.
    heads: Vec<FxHashSet<String>>,
    /// Whether some object head opens with a preposition ("over efforts", from imported
    /// dictionaries), so prepositional phrases are looked up too.
    prep_heads: bool,
    /// The pattern lines (ascending) of each object head: one lookup per candidate
    /// phrase finds every line it heads, where a set per line cost a lookup per line.
    head_lines: FxHashMap<String, Vec<usize>>,
    /// Per trigger form: whether any of its lines lists object heads (else the object
    /// words need not be read for choosing the line).
    form_has_heads: Vec<bool>,
    /// Modality markers (lower case) with what they mean before and after a trigger.
    markers: FxHashMap<String, Vec<(Factuality, Scope)>>,
    /// Longest marker, in words.
    marker_words: usize,
    /// First words of the markers: a phrase opening with another word is no marker, so
    /// most words cost one lookup rather than one per phrase length.
    marker_leads: FxHashSet<String>,
    /// Prepositions that give the setting of an object ("the coup in Niger").
    setting_preps: Vec<String>,
    /// Group agent terms ("police", "troops", "militants"): an unnamed source when no
    /// named actor holds the subject ("police fired tear gas").
    unnamed: TokenMatcher,
    /// The role code of each `unnamed` phrase.
    unnamed_codes: Vec<String>,
    /// CAMEO prefixes of events that are news without a named party ("five people were
    /// killed", "a protest was held").
    standalone: Vec<String>,
    /// The same for event nouns.
    standalone_nouns: Vec<String>,
    /// Nouns for people harmed who are no armed party: a target of the civilian kind.
    victims: FxHashSet<String>,
    /// Nouns of natural or accidental harm: violence they cause is no political event.
    hazards: FxHashSet<String>,
    /// CAMEO prefixes of acts joined subjects do to each other (grammar.txt `joint`).
    joint: Vec<String>,
    /// CAMEO prefixes of acts whose "that"-clause subject is their target (grammar.txt
    /// `clause-target`).
    clause_target: Vec<String>,
    /// CAMEO code prefixes of acts that take their complement's target (`grammar.txt`,
    /// `complement-target`).
    complement_target: Vec<String>,
}

/// The role code of a target named only by a victim noun ("three men").
const VICTIM_CODE: &str = "CVL";

/// What a clause says about the events in it, found before the events themselves.
pub struct Context<'a> {
    pub clauses: &'a Clauses<'a>,
    pub entities: &'a [Entity],
    pub times: &'a [TimeExpr],
    /// Spans of all time expressions, vague ones too, in text order.
    pub time_spans: &'a [(usize, usize)],
    pub places: &'a [Place],
    pub quantities: &'a [Quantity],
    pub claims: &'a [Claim],
    /// Publication date as ISO 8601, for times that make an event planned.
    pub published: Option<String>,
}

impl EventMatcher {
    /// Heap bytes of the compiled automaton.
    pub fn memory_usage(&self) -> usize {
        self.triggers.memory_usage()
    }

    pub fn new(lexicon: &Lexicon) -> EventMatcher {
        let mut forms: Vec<String> = Vec::new();
        let mut form_lines: Vec<Vec<usize>> = Vec::new();
        let mut index = rustc_hash::FxHashMap::default();
        for (li, p) in lexicon.verbs.iter().enumerate() {
            for f in &p.forms {
                let at = *index.entry(f.clone()).or_insert_with(|| {
                    forms.push(f.clone());
                    form_lines.push(Vec::new());
                    forms.len() - 1
                });
                form_lines[at].push(li);
            }
        }
        let triggers = TokenMatcher::new(&forms, true, false);
        let mut markers: FxHashMap<String, Vec<(Factuality, Scope)>> = FxHashMap::default();
        for m in &lexicon.modality {
            let f = match m.factuality {
                sitrep_lexicon::Factuality::Possible => Factuality::Possible,
                sitrep_lexicon::Factuality::Planned => Factuality::Planned,
                sitrep_lexicon::Factuality::Negated => Factuality::Negated,
            };
            for form in &m.forms {
                markers.entry(form.to_lowercase()).or_default().push((f, m.scope));
            }
        }
        let marker_words = markers.keys().map(|k| k.split(' ').count()).max().unwrap_or(1);
        let marker_leads = markers.keys().map(|k| k.split(' ').next().unwrap_or("").to_string()).collect();
        let mut head_lines: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (li, p) in lexicon.verbs.iter().enumerate() {
            for o in &p.objects {
                let lines = head_lines.entry(o.to_lowercase()).or_default();
                if lines.last() != Some(&li) {
                    lines.push(li);
                }
            }
        }
        let form_has_heads =
            form_lines.iter().map(|lines| lines.iter().any(|&li| !lexicon.verbs[li].objects.is_empty())).collect();
        let heads: Vec<FxHashSet<String>> =
            lexicon.verbs.iter().map(|p| p.objects.iter().map(|o| o.to_lowercase()).collect()).collect();
        let prep_heads = heads
            .iter()
            .flatten()
            .any(|h| h.split_once(' ').is_some_and(|(first, _)| lexicon.grammar.prepositions.contains(first)));
        let mut setting_preps: Vec<String> = lexicon.grammar.settings.iter().cloned().collect();
        setting_preps.sort();
        let (mut phrases, mut unnamed_codes) = (Vec::new(), Vec::new());
        for a in lexicon.agents.iter().filter(|a| a.kind == sitrep_lexicon::AgentKind::Group) {
            for t in &a.terms {
                phrases.push(t.clone());
                unnamed_codes.push(a.code.clone());
            }
        }
        let mut standalone: Vec<String> = lexicon.grammar.standalone.iter().cloned().collect();
        standalone.sort();
        let mut standalone_nouns: Vec<String> = lexicon.grammar.standalone_nouns.iter().cloned().collect();
        standalone_nouns.sort();
        let mut joint: Vec<String> = lexicon.grammar.joint.iter().cloned().collect();
        joint.sort();
        let mut clause_target: Vec<String> = lexicon.grammar.clause_target.iter().cloned().collect();
        clause_target.sort();
        let mut complement_target: Vec<String> = lexicon.grammar.complement_target.iter().cloned().collect();
        complement_target.sort();
        EventMatcher {
            triggers,
            form_lines,
            patterns: lexicon.verbs.clone(),
            heads,
            prep_heads,
            head_lines,
            form_has_heads,
            markers,
            marker_words,
            marker_leads,
            setting_preps,
            unnamed: TokenMatcher::new(&phrases, true, false),
            unnamed_codes,
            standalone,
            standalone_nouns,
            victims: lexicon.grammar.victims.iter().cloned().collect(),
            hazards: lexicon.grammar.hazards.iter().cloned().collect(),
            joint,
            clause_target,
            complement_target,
        }
    }

    /// The trigger forms, for a pass over the tokens shared with other matchers.
    pub fn triggers(&self) -> &TokenMatcher {
        &self.triggers
    }

    /// The events of one document, in text order, from the matches of
    /// [`EventMatcher::triggers`] in it.
    pub fn find(&self, cx: &Context, triggers: &[Match]) -> Vec<Event> {
        let c = cx.clauses;
        let mut events: Vec<Event> = Vec::new();
        let mut made: Vec<Made> = Vec::new();
        // Trigger start and commitment word of acts announced as to come.
        let mut commits: Vec<(usize, usize)> = Vec::new();
        // Times are in text order and do not overlap, as are the triggers.
        let mut next_time = 0;
        for m in triggers {
            let (start, end) = (m.start(), m.end());
            // "in March", "on march 5": a word of a date is no event.
            while cx.time_spans.get(next_time).is_some_and(|t| t.1 <= start) {
                next_time += 1;
            }
            if cx.time_spans.get(next_time).is_some_and(|t| t.0 <= start && end <= t.1) {
                continue;
            }
            if c.actor_covering(start).is_some() {
                continue;
            }
            // "riot police": the trigger opens a group term (agents.txt), a modifier.
            if self.unnamed_at(c, c.token_at(start)).is_some_and(|m| m.1 > end) {
                continue;
            }
            let previous = made.last().copied();
            if previous.is_some_and(|p| start < p.object_end && c.sentence_of(start) == p.sentence) {
                continue;
            }
            let Some(found) = self.code(cx, m.pattern().as_usize(), start, end, &made) else { continue };
            // One event per clause: the same coding twice ("arms deals ... through a framework
            // agreement with Poland") is one event said twice.
            let clause = c.clause_start(c.token_at(start));
            let duplicate = events.iter().rev().take_while(|e| e.sentence == c.sentence_of(start)).any(|e| {
                e.cameo == self.patterns[found.line].cameo
                    && c.clause_start(c.token_at(e.trigger.start)) == clause
                    && e.source.as_ref().and_then(|a| a.country.clone())
                        == found.source.and_then(|a| cx.entities[a.entity].country.clone())
                    && e.target.as_ref().and_then(|a| a.country.clone())
                        == found.target.and_then(|a| cx.entities[a.entity].country.clone())
            });
            // "An IED was defused", "explosives were recovered": the bomb named before a
            // passive seizure or defusal never went off.
            if found.passive && self.patterns[found.line].cameo == "1711" {
                let sentence = c.sentence_of(start);
                events.retain(|e| {
                    !(e.sentence == sentence
                        && e.cameo.starts_with("18")
                        && c.clause_start(c.token_at(e.trigger.start)) == clause)
                });
            }
            if let Some(k) = found.commitment {
                commits.push((start, k));
            }
            made.push(Made {
                sentence: c.sentence_of(start),
                trigger_end: c.token_at(end),
                object_end: found.object_end,
                has_object: found.has_object,
                source: found.source,
                unnamed: found.unnamed,
                target: found.target,
                factuality: found.factuality,
            });
            if !duplicate {
                // "Mordor, Rohan and Bree welcomed ...": each joined subject is a source.
                let partners = found
                    .source
                    .filter(|s| s.end <= start && s.start >= c.tokens[clause].start)
                    .map_or_else(Vec::new, |s| c.coordinated_before(s));
                // A line for joined subjects ("% * [030]") takes over from the default line.
                let mut line = found.line;
                if !partners.is_empty() && self.patterns[line].is_default() {
                    let form = m.pattern().as_usize();
                    if let Some(l) = self.form_lines[form].iter().copied().find(|&l| {
                        let p = &self.patterns[l];
                        p.subject == SubjectRole::Mutual && p.objects.is_empty() && p.before.is_empty()
                    }) {
                        line = l;
                    }
                }
                let pattern = &self.patterns[line];
                let coding = (pattern.plover.as_str(), pattern.cameo.as_str());
                // "Gondor and Osgiliath renewed ties": two parties of a joint act with no
                // other target act on each other; so do joined subjects of a line that says so.
                if pattern.subject == SubjectRole::Mutual && !partners.is_empty() {
                    let all: Vec<ActorSpan> = partners.iter().copied().chain(found.source).collect();
                    for &s in &all {
                        for &t in all.iter().filter(|t| t.entity != s.entity) {
                            let coded = Coded { source: Some(s), target: Some(t), ..found };
                            events.push(self.record(cx, start, end, coded, coding));
                        }
                    }
                    continue;
                }
                let mutual = found.target.is_none() && partners.len() == 1 && has_prefix(&self.joint, coding.1);
                // "ties with Mordor, Rohan and Bree": each joined target is a target.
                let mut targets = vec![found.target];
                if let Some(t) = found.target.filter(|t| t.start >= end) {
                    targets.extend(c.coordinated_after(t).into_iter().map(Some));
                }
                let sources = partners.iter().copied().map(Some).chain([found.source]);
                for (k, source) in sources.enumerate() {
                    for &target in &targets {
                        let target = match (mutual, k) {
                            (true, 0) => found.source,
                            (true, _) => partners.first().copied(),
                            _ => target,
                        };
                        events.push(self.record(cx, start, end, Coded { source, target, ..found }, coding));
                    }
                }
            }
        }
        inherit_means_source(c.text, &mut events);
        self.complement_targets(c.text, &mut events);
        let before = events.len();
        self.demands(cx, &mut events);
        self.commitments(cx, &mut events, &commits);
        if events.len() > before {
            events.sort_by_key(|e| (e.trigger.start, e.trigger.end));
        }
        events
    }

    /// "proposed holding talks with North Korea", "threatened to resume attacks on Israeli
    /// ships": an intention, demand, refusal or threat that names no target takes the
    /// target of its complement, the act of the same actor right after it.
    fn complement_targets(&self, text: &str, events: &mut [Event]) {
        for i in 0..events.len() {
            let e = &events[i];
            if e.target.is_some() || !has_prefix(&self.complement_target, &e.cameo) {
                continue;
            }
            let Some(source) = e.source.as_ref().and_then(|s| s.entity.as_deref()) else { continue };
            let (sentence, end) = (e.sentence, e.trigger.end);
            let Some(next) = events[i + 1..].iter().find(|n| n.sentence == sentence && n.trigger.start >= end) else {
                continue;
            };
            let Some(between) = text.get(end..next.trigger.start) else { continue };
            // Right after it: "to", a time or an adverb, no punctuation.
            let close = between.split_whitespace().count() <= 4 && !between.contains([',', ';', ':', '"']);
            if close && next.source.as_ref().and_then(|s| s.entity.as_deref()) == Some(source) {
                events[i].target = next.target.clone();
            }
        }
    }

    /// Demands made in reported speech: "Britain said Libya must hand over the suspects"
    /// is a demand (REQUEST 100) by the speaker on the actor the obligation binds, besides
    /// the demanded act itself. The trigger is the modal word.
    fn demands(&self, cx: &Context, events: &mut Vec<Event>) {
        let c = cx.clauses;
        for claim in cx.claims {
            let Some(speaker) = claim
                .speaker
                .as_ref()
                .and_then(|s| s.entity.as_deref())
                .and_then(|id| cx.entities.iter().position(|e| e.id == id))
            else {
                continue;
            };
            // The speaker's mention nearest the cue, as the outermost actor holding it.
            let Some(source) = cx.entities[speaker]
                .mentions
                .iter()
                .filter(|m| m.sentence == claim.sentence)
                .min_by_key(|m| m.start.abs_diff(claim.cue.start))
                .and_then(|m| c.actor_covering(m.start))
            else {
                continue;
            };
            let (first, last) = (c.token_at(claim.content.start), c.token_at(claim.content.end));
            let Some((at, words)) = (first..last).find_map(|i| Some((i, c.obligation_at(i))).filter(|x| x.1 > 0))
            else {
                continue;
            };
            let start = c.tokens[at].start;
            // The obligation binds the actor right before it ("Libya must"), or the one a
            // pronoun there stands for; "cooperation should not cause concern" binds no actor.
            let bound = match at.checked_sub(1) {
                Some(p) if c.is_pronoun(p) => c.pronoun_before(p, at),
                _ => c.subject_before(at).filter(|t| c.only_modifiers_between(t.end, start)).or_else(|| {
                    // Coordinated subjects ("the government and the rebels in Darfur must"):
                    // the content's first actor, when "and" joins it to the next.
                    c.actors_in(claim.content.start, start)
                        .first()
                        .filter(|a| !c.is_place(a) && !c.after_preposition(a))
                        .filter(|a| c.text[a.end..].starts_with(" and "))
                        .copied()
                }),
            };
            let Some(target) = bound.filter(|t| t.entity != source.entity && !c.is_place(t)) else {
                continue;
            };
            let end = c.tokens[at + words - 1].end;
            let coded = Coded {
                line: 0,
                source: Some(source),
                target: Some(target),
                factuality: Factuality::Asserted,
                object_end: end,
                has_object: false,
                unnamed: None,
                victim: None,
                setting: None,
                passive: false,
                commitment: None,
            };
            events.push(self.record(cx, start, end, coded, ("REQUEST", "100")));
        }
    }

    /// Announcements by an actor's own side: "Norway said it will send aid" is a promise
    /// (AGREE 033) by Norway besides the planned aid, "the rebels said they would attack"
    /// a threat (THREATEN 138), "Syria says it will not accept refugees" a refusal (REJECT
    /// 120), as the PLOVER codebook and CAMEO code offers, threats and refusals. The
    /// announced act keeps its own type and factuality; the announcement is asserted, its
    /// trigger the commitment word. A third party's forecast ("Russia will attack, Kyiv
    /// says") and a deployment announced ("will send troops": MOBILIZE) are no promise or
    /// threat.
    fn commitments(&self, cx: &Context, events: &mut Vec<Event>, commits: &[(usize, usize)]) {
        if commits.is_empty() {
            return;
        }
        let c = cx.clauses;
        let entity = |id: Option<&str>| id.and_then(|id| cx.entities.iter().find(|e| e.id == id));
        let mut added: Vec<Event> = Vec::new();
        for e in events.iter() {
            let Some(&(_, k)) = commits.iter().find(|(start, _)| *start == e.trigger.start) else { continue };
            if e.plover == "MOBILIZE" {
                continue;
            }
            let (plover, cameo) = cameo_convention(e);
            if plover == e.plover || plover.is_empty() {
                continue;
            }
            let Some(source) = entity(e.source.as_ref().and_then(|s| s.entity.as_deref())) else { continue };
            let speaker = e
                .claim
                .and_then(|ci| cx.claims.get(ci))
                .and_then(|cl| entity(cl.speaker.as_ref().and_then(|s| s.entity.as_deref())));
            if !speaker.is_some_and(|sp| self.same_side(c, sp, source)) {
                continue;
            }
            let said = |x: &Event| {
                x.sentence == e.sentence
                    && x.plover == plover
                    && x.source.as_ref().and_then(|s| s.entity.as_deref()) == Some(source.id.as_str())
            };
            if events.iter().chain(&added).any(said) {
                continue;
            }
            let t = &c.tokens[k];
            added.push(Event {
                trigger: Span::of(c.text, t.start, t.end),
                plover: plover.to_string(),
                cameo,
                factuality: Factuality::Asserted,
                ..e.clone()
            });
        }
        events.extend(added);
    }

    /// Whether `speaker` speaks for `actor`: the same entity, or the state's government,
    /// military or another state body (`NORGOV` for `NOR`, either way round).
    fn same_side(&self, c: &Clauses, speaker: &Entity, actor: &Entity) -> bool {
        if speaker.id == actor.id {
            return true;
        }
        let (Some(a), Some(b)) = (speaker.code.as_deref(), actor.code.as_deref()) else { return false };
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        let Some(rest) = long.strip_prefix(short) else { return false };
        rest.is_empty() || (rest.len() == 3 && c.grammar.state_roles.contains(&rest.to_ascii_lowercase()))
    }

    fn record(&self, cx: &Context, start: usize, end: usize, f: Coded, coding: (&str, &str)) -> Event {
        let c = cx.clauses;
        let sentence = c.sentence_of(start);
        let actor = |a: Option<ActorSpan>| {
            a.map(|a| {
                let e = &cx.entities[a.entity];
                ActorRef {
                    text: c.text[a.start..a.end].to_string(),
                    entity: Some(e.id.clone()),
                    code: e.code.clone().or_else(|| e.country.clone()),
                    country: e.country.clone(),
                }
            })
        };
        let nearest = |positions: &mut dyn Iterator<Item = (usize, usize)>| {
            positions.min_by_key(|&(_, at)| at.abs_diff(start)).map(|(i, _)| i)
        };
        let time = nearest(
            &mut cx.times.iter().enumerate().filter(|(_, t)| t.sentence == sentence).map(|(i, t)| (i, t.start)),
        );
        let place = nearest(
            &mut cx.places.iter().enumerate().filter(|(_, p)| p.sentence == sentence).map(|(i, p)| (i, p.start)),
        );
        let quantities = cx
            .quantities
            .iter()
            .enumerate()
            .filter(|(_, q)| q.sentence == sentence && q.end <= f.object_end.max(end) + 1 && q.start + 60 >= start)
            .map(|(i, _)| i)
            .collect();
        let mut factuality = f.factuality;
        // A time after publication makes an asserted event planned ("by 1 November").
        if let (Factuality::Asserted, Some(ti), Some(published)) = (factuality, time, cx.published.as_deref()) {
            let value = &cx.times[ti].value;
            if value.as_bytes().first().is_some_and(u8::is_ascii_digit)
                && value.as_str() > &published[..value.len().min(published.len())]
            {
                factuality = Factuality::Planned;
            }
        }
        let claim = cx.claims.iter().position(|cl| cl.content.start <= start && end <= cl.content.end);
        let group = |(s, e, code): (usize, usize, usize)| ActorRef {
            text: c.text[s..e].to_string(),
            entity: None,
            code: Some(self.unnamed_codes.get(code).map_or(VICTIM_CODE, String::as_str).to_string()),
            country: None,
        };
        // "four soldiers in Cauca": the group of the setting's country (COLMIL).
        let victim = f.victim.map(group).map(|mut a| {
            if let Some(country) = f.setting.and_then(|p| cx.entities[p.entity].country.clone()) {
                a.code = a.code.map(|role| format!("{country}{role}"));
                a.country = Some(country);
            }
            a
        });
        Event {
            sentence,
            trigger: Span::of(c.text, start, end),
            plover: coding.0.to_string(),
            cameo: coding.1.to_string(),
            source: actor(f.source).or(f.unnamed.map(group)),
            target: actor(f.target).or(victim),
            factuality,
            claim,
            place,
            time,
            quantities,
        }
    }

    /// Codes the trigger `form` at `start..end`: the pattern line, the actors and the
    /// factuality, or `None` when it is not an event here.
    fn code(&self, cx: &Context, form: usize, start: usize, end: usize, made: &[Made]) -> Option<Coded> {
        let c = cx.clauses;
        let ti = c.token_at(start);
        let te = c.token_at(end);
        let (_, sentence_end) = c.sentence_tokens(start);
        let lines = &self.form_lines[form];
        let mut kind = self.patterns[lines[0]].kind;
        // "a meeting", "the fighting": an -ing form after a determiner is a noun.
        if kind == PatternKind::Verb && c.text[start..end].ends_with("ing") && ti > 0 && c.is_determiner(ti - 1) {
            kind = PatternKind::Noun;
        }
        // "a protest", "the attack", "the Hamas attack": a form that is also an event noun
        // reads as the noun after a determiner, past the names that modify it.
        if kind == PatternKind::Verb && lines.iter().any(|&l| self.patterns[l].kind == PatternKind::Noun) {
            let mut before = ti;
            while before > 0 && c.actor_covering(c.tokens[before - 1].start).is_some() {
                before -= 1;
            }
            if before > 0 && c.is_determiner(before - 1) {
                kind = PatternKind::Noun;
            }
        }
        let form_text = &c.text[start..end];
        // "record March\n12" across a line break, "March 164.6" in a price table, "for\nMarch/April":
        // a month the time tagger leaves, not a protest march, which takes a determiner or
        // modifier ("a march", "in the march").
        if form_text.eq_ignore_ascii_case("march")
            && (c.tokens.get(te).is_some_and(|t| t.kind == TokenKind::Number)
                || (ti > 0 && c.is_preposition(ti - 1) && !c.word(ti - 1).eq_ignore_ascii_case("to")))
        {
            return None;
        }
        let passive = kind == PatternKind::Verb && self.is_passive(c, ti, te, form_text);
        let previous = made.last().filter(|p| p.sentence == c.sentence_of(start));
        if ti > 0 {
            let before = ti - 1;
            // "with armed support", "the armed forces": a participle after a determiner or
            // preposition is an adjective.
            let infinitive = c.word(before).eq_ignore_ascii_case("to");
            if kind == PatternKind::Verb
                && !form_text.ends_with("ing")
                && !infinitive
                && (c.is_determiner(before) || c.is_preposition(before))
            {
                return None;
            }
            // "enter the war theatre to fight": a purpose clause of the event before.
            if kind == PatternKind::Verb
                && c.word(before).eq_ignore_ascii_case("to")
                && previous.is_some_and(|p| {
                    p.has_object && before <= p.trigger_end + 8 && c.token_at(p.object_end) + 1 >= before
                })
            {
                return None;
            }
        }
        // "is not a threat": an event noun as a predicate is a description, not an event.
        if kind == PatternKind::Noun && self.after_copula(c, ti) {
            return None;
        }

        // The object: after the trigger up to a preposition other than "of".
        let mut obj_end = te;
        // Where the object proper ends, before an infinitive it reads into: the
        // infinitive's own trigger is an event of its own ("agreed to send troops").
        let mut own_end = None;
        while obj_end < sentence_end && obj_end < te + 8 {
            let w = c.word(obj_end);
            if c.tokens[obj_end].kind == TokenKind::Punct && !matches!(w, "," | "-") || w == "," {
                break;
            }
            // "agreed to provide aid": the object of a control verb is its infinitive's.
            let infinitive = w.eq_ignore_ascii_case("to") && self.starts_trigger(c, obj_end + 1);
            // "an IED was defused": a be-form opens the predicate, past the object.
            if (c.is_preposition(obj_end) && !w.eq_ignore_ascii_case("of") && !infinitive && !approximates(c, obj_end))
                || c.is_clause_break(obj_end)
                || c.is_be(obj_end)
            {
                break;
            }
            if infinitive && own_end.is_none() {
                own_end = Some(obj_end);
            }
            obj_end += 1;
        }
        // Only a form with object heads reads its object words to choose the line.
        let has_heads = self.form_has_heads[form];
        let object_words = if has_heads { c.lower_words(te, obj_end) } else { String::new() };
        let with_words = if obj_end < sentence_end && c.word(obj_end).eq_ignore_ascii_case("with") {
            let mut k = obj_end + 1;
            while k < sentence_end && k < obj_end + 6 && !c.is_preposition(k) && c.tokens[k].kind == TokenKind::Word {
                k += 1;
            }
            c.lower_words(obj_end + 1, k)
        } else {
            String::new()
        };
        // A passive verb's object is its subject ("the first air defence systems ... will be
        // delivered"); a noun's is the noun before it ("troop deployment").
        let reach = if passive { 8 } else { 3 };
        let before_words = if has_heads && (passive || kind == PatternKind::Noun) {
            c.lower_words(ti.saturating_sub(reach).max(c.clause_start(ti)), ti)
        } else {
            String::new()
        };
        // Candidate heads: every phrase of the object, and the endings of the `with`
        // phrase and of the words before a passive verb or a noun.
        let mut candidates: Vec<&str> = Vec::with_capacity(32);
        push_ngrams(&object_words, &mut candidates);
        push_endings(&with_words, &mut candidates);
        if passive {
            push_ngrams(&before_words, &mut candidates);
        } else {
            push_endings(&before_words, &mut candidates);
        }
        // A place as the object stands for territory: "captured Goma".
        if has_heads
            && kind == PatternKind::Verb
            && c.object_after(te.saturating_sub(1), sentence_end).is_some_and(|a| c.is_place(&a))
        {
            candidates.extend(["territory", "city", "town"]);
        }
        // "clash over the efforts", "bargain for asylum": the prepositional phrase after the
        // object, as imported patterns name it (the preposition and the phrase's head).
        let pp_heads = if has_heads && self.prep_heads { self.pp_heads(c, obj_end, sentence_end) } else { Vec::new() };
        candidates.extend(pp_heads.iter().map(String::as_str));
        // Each candidate looked up once: its length and the lines it heads.
        let heading: Vec<(usize, &[usize])> = candidates
            .iter()
            .filter_map(|h| self.head_lines.get(*h).map(|lines| (h.len(), lines.as_slice())))
            .collect();
        // Words before the verb, for lines that need some ("said ... would", "heavily").
        let pre_words = if lines.iter().any(|&li| !self.patterns[li].before.is_empty()) {
            c.lower_words(c.sentence_tokens(start).0.max(ti.saturating_sub(PRE_WINDOW)), ti)
        } else {
            String::new()
        };
        // The most specific line: the longest object head plus the words before the verb.
        let mut best: Option<(usize, usize)> = None; // (line, matched length)
        for &li in lines {
            let p = &self.patterns[li];
            let pre = if p.before.is_empty() {
                0
            } else {
                match p.before_matches(&pre_words) {
                    Some(n) => n,
                    None => continue,
                }
            };
            let head = heading.iter().filter(|(_, of)| of.contains(&li)).map(|&(len, _)| len).max();
            if !self.heads[li].is_empty() && head.is_none() {
                continue;
            }
            let score = head.unwrap_or(0) + pre;
            if score > 0 && best.is_none_or(|(_, s)| score > s) {
                best = Some((li, score));
            }
        }
        let line = match best {
            Some((li, _)) => li,
            // A line whose subject undergoes the act ("+ * FROM $") when its other party is
            // there, else the default line.
            None => lines
                .iter()
                .copied()
                .find(|&li| {
                    let p = &self.patterns[li];
                    p.subject == SubjectRole::Target
                        && p.objects.is_empty()
                        && p.before.is_empty()
                        && !p.target_preps.is_empty()
                        && c.actor_after_preposition(te.saturating_sub(1), sentence_end, &p.target_preps).is_some()
                })
                .or_else(|| lines.iter().copied().find(|&li| self.patterns[li].is_default()))?,
        };
        let pattern = &self.patterns[line];
        let mut last_obj = own_end.unwrap_or(obj_end);
        if !with_words.is_empty() {
            last_obj = obj_end + 1 + with_words.split(' ').count();
        }
        let object_end = c.tokens.get(last_obj.saturating_sub(1)).map_or(end, |t| t.end.max(end));
        let has_object = own_end.unwrap_or(obj_end) > te;

        // "opened fire on demonstrators, killing four": a participle clause after a comma
        // has the subject of the predicate it follows, not the party before the comma.
        let adverbial = previous.filter(|p| {
            kind == PatternKind::Verb
                && !passive
                && form_text.ends_with("ing")
                && ti >= 1
                && c.word(ti - 1) == ","
                && (p.source.is_some() || p.unnamed.is_some())
        });

        // Actors.
        let (mut source, mut target, explicit) = match kind {
            // "X was freed from Y": the subject undergoes the act of the party after the
            // line's prepositions.
            PatternKind::Verb if pattern.subject == SubjectRole::Target => {
                let by = (!pattern.target_preps.is_empty())
                    .then(|| c.actor_after_preposition(te.saturating_sub(1), sentence_end, &pattern.target_preps))
                    .flatten();
                (by, c.subject_before(ti), true)
            }
            PatternKind::Verb if passive => {
                let by = c.actor_after_preposition(te.saturating_sub(1), sentence_end, &["by"]);
                let patient = c.subject_before(ti);
                let to = c.actor_after_preposition(te.saturating_sub(1), sentence_end, &pattern.target_preps);
                // "X was opposed by Y": with its agent named, the subject is what is acted on.
                let target = if by.is_some() { patient.or(to) } else { to.or(patient) };
                (by, target, true)
            }
            PatternKind::Verb => {
                // "refused to deploy", "agreed to send": the infinitive of an event verb
                // shares its subject.
                let controlled = previous
                    .filter(|p| ti >= 1 && p.trigger_end + 1 == ti && c.word(ti - 1).eq_ignore_ascii_case("to"))
                    .and_then(|p| p.source);
                let subject = controlled.or_else(|| match adverbial {
                    Some(p) => p.source,
                    None => c.subject_before(ti),
                });
                let object = c.object_after(te.saturating_sub(1), sentence_end);
                let to = c.actor_after_preposition(te.saturating_sub(1), sentence_end, &pattern.target_preps);
                // "arrested a French researcher, accusing him of ...": an object pronoun of
                // a participle clause stands for the target of the act it follows.
                let pronoun = || {
                    let object_pronoun = te < sentence_end
                        && c.is_pronoun(te)
                        && !c.is_subject_pronoun(te)
                        && (!c.is_determiner(te) || c.is_preposition(te + 1));
                    adverbial.filter(|_| object_pronoun).and_then(|p| p.target)
                };
                (subject, object.or(to).or_else(pronoun), true)
            }
            PatternKind::Noun => {
                let mut owner = self.noun_owner(c, ti);
                let mut paired = None;
                // "Russia-North Korea cooperation": the first of two joined actors is the
                // source, the second the target.
                if let Some(second) = owner {
                    if c.text[..second.start].ends_with('-') {
                        if let Some(first) = c.actor_covering(second.start.saturating_sub(2)) {
                            owner = Some(first);
                            paired = Some(second);
                        }
                    }
                }
                let by = c.actor_after_preposition(te.saturating_sub(1), (te + 4).min(sentence_end), &["by"]);
                let of = (!pattern.target_preps.iter().any(|p| p == "of"))
                    .then(|| c.actor_after_preposition(te.saturating_sub(1), (te + 4).min(sentence_end), &["of"]))
                    .flatten();
                let mut to = c.actor_after_preposition(te.saturating_sub(1), sentence_end, &pattern.target_preps);
                let mut owner = owner.or(by).or(of);
                // "cooperation between Russia and North Korea": the two parties.
                if owner.is_none() && c.word(te).eq_ignore_ascii_case("between") {
                    if let Some(first) = to {
                        let second = c.actors_in(
                            first.end,
                            c.tokens.get(sentence_end.saturating_sub(1)).map_or(first.end, |t| t.end),
                        );
                        if c.text[first.end..second.first().map_or(first.end, |a| a.start)].trim() == "and" {
                            owner = Some(first);
                            to = second.first().copied();
                        }
                    }
                }
                let to = paired.or(to);
                // "Rebels launched an offensive", "staged a hunger strike": the subject of the
                // verb that carries the noun.
                if owner.is_none() {
                    if let Some(lv) = self.carrying_verb(c, ti) {
                        owner = c.subject_before(lv);
                    }
                }
                let explicit = owner.is_some() || to.is_some();
                (owner, to, explicit)
            }
        };
        // A bare -ing form ("where fighting is raging") reads as a noun here.
        let nominal = kind == PatternKind::Noun || form_text.ends_with("ing");
        let prefixes = if nominal { &self.standalone_nouns } else { &self.standalone };
        let standalone = has_prefix(prefixes, &pattern.cameo);
        if !explicit && !standalone {
            return None;
        }
        let coordinated = self.coordinated(c, ti).then_some(previous).flatten();
        if let Some(p) = coordinated {
            // "may deploy staff to Ukraine and provide support": the second predicate
            // shares the first one's subject, and its target when it names none.
            if !passive {
                source = p.source.or(source);
            }
            target = target.or(p.target);
        }
        if source.is_none() {
            source = match kind {
                PatternKind::Noun => c.subject_before(ti),
                _ if passive => {
                    made.iter().rev().take_while(|p| p.sentence + 1 >= c.sentence_of(start)).find_map(|p| p.source)
                }
                _ => None,
            };
        }
        // "demanded that the RSF halt the siege": a demand, accusation or threat whose
        // object names no actor targets the subject of its "that"-clause.
        if target.is_none()
            && kind == PatternKind::Verb
            && !passive
            && te < sentence_end
            && c.word(te).eq_ignore_ascii_case("that")
            && has_prefix(&self.clause_target, &pattern.cameo)
        {
            // The clause's subject: an actor right after "that" and its determiners.
            let mut k = te + 1;
            while k < sentence_end && c.is_determiner(k) {
                k += 1;
            }
            target = (k < sentence_end)
                .then(|| c.actor_covering(c.tokens[k].start))
                .flatten()
                .filter(|a| source.is_none_or(|s| s.entity != a.entity));
        }
        // A target named by a common noun in the object ("shot dead three villagers").
        let mut victim = if target.is_none() {
            self.unnamed_target(c, kind, passive, ti, te, obj_end, sentence_end, &pattern.target_preps)
        } else {
            None
        };
        // The target is the object's setting when the object itself names no actor:
        // "condemned the coup in Niger", "an air strike on Rafah". With a group named by
        // a common noun, the setting gives that group's country ("ambushed an army
        // patrol in Colombia's Cauca province").
        let mut setting = None;
        if target.is_none() {
            // A group's setting follows the group ("delivered food to 200,000 people in
            // Sudan's Darfur region").
            let (from, limit) = match victim {
                Some((start, end, _)) if c.token_at(start) >= te => {
                    (c.token_at(end).saturating_sub(1), c.token_at(end) + 5)
                }
                _ => (te.saturating_sub(1), obj_end + 5),
            };
            setting = c
                .actor_after_preposition(from, sentence_end.min(limit), &self.setting_preps)
                .filter(|a| source.is_none_or(|s| s.entity != a.entity));
            if victim.is_none() {
                target = setting;
            }
        }
        if let (Some(s), Some(t)) = (source, target) {
            if s.entity == t.entity {
                target = None;
            }
        }
        let unnamed = match (source, adverbial) {
            (Some(_), _) => None,
            (None, Some(p)) => p.unnamed,
            (None, None) => self.unnamed_source(c, kind, passive, ti, te, sentence_end),
        };
        if source.is_none() && target.is_none() && unnamed.is_none() && !standalone {
            return None;
        }
        // "Floods killed 12", "killed in a landslide": harm with a natural or accidental
        // cause and no agent is no political violence.
        if pattern.plover == "ASSAULT" && source.is_none() && unnamed.is_none() && self.hazard_near(c, ti, te) {
            return None;
        }
        if target.is_some() {
            victim = None;
        }

        // Factuality: markers between the subject (or clause start) and the trigger.
        let from = match source {
            Some(s) if s.end <= start => c.token_at(s.end),
            _ => c.clause_start(ti),
        };
        let mut window = c.lower_words(from, ti);
        // "If the Houthis attack ...": the word that opens the clause before its subject
        // governs the predicate too (a condition makes it possible).
        let opener = c.clause_start(ti);
        if opener > 0 && opener <= from && c.is_clause_break(opener - 1) {
            window = format!("{} {window}", c.word(opener - 1).to_ascii_lowercase());
        }
        let after = c.lower_words(te, (te + 4).min(sentence_end));
        let mut factuality = self.factuality(&window, &after);
        if let (Factuality::Asserted, Some(p)) = (factuality, coordinated) {
            factuality = p.factuality;
        }
        // Only an act not asserted can be announced: asserted events cost no look. The
        // word must be in the act's own clause ("they will release the men whom they had
        // taken hostage": the taking is no announcement).
        let commitment = if factuality == Factuality::Asserted {
            None
        } else {
            (from.max(c.clause_start(ti))..ti).find(|&i| c.is_commitment(i))
        };
        Some(Coded {
            line,
            source,
            target,
            factuality,
            object_end,
            has_object,
            unnamed,
            victim,
            setting,
            passive,
            commitment,
        })
    }

    /// Whether a hazard noun is the cause the clause names for the harm at `ti..te`: in
    /// the three words before the trigger ("floods killed", "a gas cylinder blast") or
    /// after "in", "by" or "during" right after it ("killed in a landslide").
    fn hazard_near(&self, c: &Clauses, ti: usize, te: usize) -> bool {
        let hit = |words: &str| {
            let list: Vec<&str> = words.split(' ').filter(|w| !w.is_empty()).collect();
            list.iter().any(|w| self.hazards.contains(*w))
                || list.windows(2).any(|p| self.hazards.contains(&format!("{} {}", p[0], p[1])))
        };
        let (_, sentence_end) = c.sentence_tokens(c.tokens[ti].start);
        if hit(&c.lower_words(ti.saturating_sub(3).max(c.clause_start(ti)), ti)) {
            return true;
        }
        te < sentence_end
            && matches!(c.word(te).to_ascii_lowercase().as_str(), "in" | "by" | "during" | "after")
            && hit(&c.lower_words(te + 1, (te + 5).min(sentence_end)))
    }

    /// A target named only by a group noun ("opened fire on protesters", "two policemen
    /// were killed") or a victim noun ("shot dead three men"): byte span and `unnamed`
    /// phrase index (past the end of the list for a victim noun). Looked for in the
    /// object, after the line's target prepositions, and before a passive verb.
    #[allow(clippy::too_many_arguments)]
    fn unnamed_target(
        &self,
        c: &Clauses,
        kind: PatternKind,
        passive: bool,
        ti: usize,
        te: usize,
        obj_end: usize,
        sentence_end: usize,
        preps: &[String],
    ) -> Option<(usize, usize, usize)> {
        // A group word before an event's object noun modifies it ("military drills",
        // "military presence"): it is no party.
        let modifier = |end: usize| {
            let next = c.token_at(end);
            c.tokens.get(next).is_some_and(|t| t.start == end + 1)
                && self.head_lines.contains_key(&c.word(next).to_ascii_lowercase())
        };
        let at = |k: usize| -> Option<(usize, usize, usize)> {
            if let Some(m) = self.unnamed_at(c, k) {
                return (!modifier(m.1)).then_some(m);
            }
            let t = c.tokens.get(k)?;
            let w = c.word(k).to_lowercase();
            (self.victims.contains(&w) && !modifier(t.end)).then_some((t.start, t.end, usize::MAX))
        };
        if passive {
            // "three policemen were killed": the nearest group or victim before the verb.
            let start = c.clause_start(ti);
            return (start..ti).rev().take(6).find_map(at);
        }
        // The object ("shot dead three villagers"); not for nouns, whose words after are
        // no object ("the attack killed ...").
        if kind == PatternKind::Verb {
            if let Some(m) = (te..obj_end.min(te + 6)).find_map(at) {
                return Some(m);
            }
        }
        // After a target preposition ("fired on the protesters", "the killing of civilians").
        let mut k = obj_end.max(te);
        if k < sentence_end && preps.iter().any(|p| c.word(k).eq_ignore_ascii_case(p)) {
            k += 1;
            return (k..(k + 4).min(sentence_end)).find_map(at);
        }
        None
    }

    /// The prepositional phrase at token `at` as object heads: the preposition with each
    /// ending of its words up to the next preposition or punctuation ("over the efforts of"
    /// gives "over efforts", "over the efforts").
    fn pp_heads(&self, c: &Clauses, at: usize, sentence_end: usize) -> Vec<String> {
        if at >= sentence_end || !c.is_preposition(at) || c.word(at).eq_ignore_ascii_case("of") {
            return Vec::new();
        }
        let mut k = at + 1;
        while k < sentence_end && k < at + 7 && !c.is_preposition(k) && c.tokens[k].kind == TokenKind::Word {
            k += 1;
        }
        let words = c.lower_words(at + 1, k);
        let prep = c.word(at).to_lowercase();
        let mut ends = Vec::new();
        push_endings(&words, &mut ends);
        ends.into_iter().map(|e| format!("{prep} {e}")).collect()
    }

    /// The `unnamed` group phrase starting at token `k`: byte span and phrase index.
    fn unnamed_at(&self, c: &Clauses, k: usize) -> Option<(usize, usize, usize)> {
        let t = c.tokens.get(k)?;
        self.unnamed.at(c.text, t.start).map(|m| (m.start(), m.end(), m.pattern().as_usize()))
    }

    /// A group named by a common noun as the source ("police fired", "troops were
    /// deployed by the army", "police firing"): byte span and `unnamed` phrase index.
    fn unnamed_source(
        &self,
        c: &Clauses,
        kind: PatternKind,
        passive: bool,
        ti: usize,
        te: usize,
        sentence_end: usize,
    ) -> Option<(usize, usize, usize)> {
        let at = |i: usize| self.unnamed_at(c, i);
        // The agent after "by", past determiners: "arrested by the police", "firing by police".
        let by = |from: usize| {
            if from >= sentence_end || !c.word(from).eq_ignore_ascii_case("by") {
                return None;
            }
            let mut k = from + 1;
            while k < sentence_end && c.is_determiner(k) {
                k += 1;
            }
            at(k)
        };
        if passive {
            return by(te);
        }
        if kind == PatternKind::Noun {
            // "police firing" as one event noun: the group opening it.
            if let Some(m) = at(ti).filter(|m| te > ti + 1 && m.1 <= c.tokens[te - 1].start) {
                return Some(m);
            }
            // "police firing", "the police crackdown": the group right before the noun.
            let before = ti.checked_sub(1).and_then(|b| {
                (c.clause_start(ti)..=b).rev().take(3).find_map(|k| at(k).filter(|m| m.1 == c.tokens[b].end))
            });
            return before.or_else(|| by(te));
        }
        // The nearest group before the verb in its clause, not inside a prepositional
        // phrase, with no other predicate between ("police said militants attacked").
        let start = c.clause_start(ti);
        let mut k = ti;
        while k > start && k + 8 > ti {
            k -= 1;
            if let Some(m) = at(k).filter(|m| m.1 <= c.tokens[ti].start) {
                // "the riot police", "in the city police": a determiner and one modifier
                // may open the phrase; a preposition before them makes it an adjunct.
                let mut p = k;
                if p > start && c.is_determiner(p - 1) {
                    p -= 1;
                }
                return (p == start || !c.is_preposition(p - 1)).then_some(m);
            }
            let w = c.word(k).to_ascii_lowercase();
            if w.ends_with("ed") || matches!(w.as_str(), "said" | "says" | "say" | "told") {
                return None;
            }
        }
        None
    }

    /// The verb carrying the event noun at token `ti`, past determiners, numbers and
    /// adjectives ("launched a major ground offensive").
    fn carrying_verb(&self, c: &Clauses, ti: usize) -> Option<usize> {
        let mut j = ti;
        for _ in 0..5 {
            j = j.checked_sub(1)?;
            if let Some(start) = c.light_verb_ending_at(j) {
                return Some(start);
            }
            let w = c.word(j);
            let modifier = c.is_determiner(j)
                || c.tokens[j].kind == TokenKind::Number
                || (c.tokens[j].kind == TokenKind::Word && w.chars().all(|ch| ch.is_lowercase() || ch == '-'));
            if !modifier || c.is_preposition(j) {
                return None;
            }
        }
        None
    }

    /// Whether a trigger form starts at token `i`.
    fn starts_trigger(&self, c: &Clauses, i: usize) -> bool {
        c.tokens.get(i).is_some_and(|t| self.triggers.at(c.text, t.start).is_some())
    }

    /// "will be deployed", "was summoned": a be-form (past adverbs) before a participle;
    /// or a participle with its agent right after it ("homes destroyed by shelling"): an
    /// event verb is hardly ever followed by "by" in the active voice.
    fn is_passive(&self, c: &Clauses, ti: usize, te: usize, form: &str) -> bool {
        if form.ends_with("ing") {
            return false;
        }
        if c.word(te).eq_ignore_ascii_case("by") {
            return true;
        }
        let mut j = ti;
        for _ in 0..3 {
            if j == 0 {
                return false;
            }
            j -= 1;
            let w = c.word(j);
            if c.is_be(j) {
                return true;
            }
            if !(w.ends_with("ly") || matches!(w, "also" | "not" | "never" | "already" | "\"" | "'")) {
                return false;
            }
        }
        false
    }

    /// The possessor or nationality of an event noun: "Russia's full-scale invasion",
    /// "North Korean involvement", "the Ukrainian incursion", or the actor a possessive
    /// pronoun stands for ("the ILO reiterated *its* demand").
    fn noun_owner(&self, c: &Clauses, ti: usize) -> Option<ActorSpan> {
        let mut j = ti;
        for _ in 0..3 {
            if j == 0 {
                return None;
            }
            j -= 1;
            if let Some(a) = c.actor_covering(c.tokens[j].start) {
                return Some(a).filter(|a| !c.is_place(a));
            }
            if c.is_pronoun(j) && c.is_determiner(j) {
                return c.pronoun_before(j, j + 1);
            }
            let w = c.word(j);
            let modifier = w == "'s"
                || (c.tokens[j].kind == TokenKind::Word && w.chars().all(|ch| ch.is_lowercase() || ch == '-'));
            if !modifier || c.is_preposition(j) || c.is_determiner(j) {
                return None;
            }
        }
        None
    }

    /// Whether the predicate at token `ti` is coordinated with one before it: "and"
    /// (or "or") right before it, past auxiliaries.
    fn coordinated(&self, c: &Clauses, ti: usize) -> bool {
        let mut j = ti;
        for _ in 0..3 {
            if j == 0 {
                return false;
            }
            j -= 1;
            if c.is_coordinator(j) {
                return true;
            }
            let w = c.word(j);
            if !(c.is_be(j)
                || w.ends_with("ly")
                || matches!(w, "also" | "then" | "to" | "will" | "would" | "may" | "could"))
            {
                return false;
            }
        }
        false
    }

    /// "is a threat", "was not an invasion", "framed as a voluntary meeting": a be-form or
    /// "as" (with a negation, determiner or adjectives) right before the noun.
    fn after_copula(&self, c: &Clauses, ti: usize) -> bool {
        let mut j = ti;
        for _ in 0..4 {
            if j == 0 {
                return false;
            }
            j -= 1;
            if c.is_be(j) || c.word(j).eq_ignore_ascii_case("as") {
                return true;
            }
            let w = c.word(j);
            if !(c.is_determiner(j)
                || matches!(w, "not" | "no" | "never")
                || w.chars().all(|ch| ch.is_lowercase() || ch == '-'))
            {
                return false;
            }
            if c.is_preposition(j) {
                return false;
            }
        }
        false
    }

    /// Negation anywhere wins; otherwise the marker nearest the trigger decides.
    fn factuality(&self, before: &str, after: &str) -> Factuality {
        let mut nearest: Option<(usize, Factuality)> = None;
        for (words, scope) in [(before, Scope::Before), (after, Scope::After)] {
            let list: Vec<&str> = words.split(' ').filter(|w| !w.is_empty()).collect();
            for i in 0..list.len() {
                if !self.marker_leads.contains(list[i]) {
                    continue;
                }
                for n in 1..=self.marker_words.min(list.len() - i) {
                    let first = words_offset(words, &list, i);
                    let last = words_offset(words, &list, i + n - 1) + list[i + n - 1].len();
                    let Some(readings) = self.markers.get(&words[first..last]) else { continue };
                    for &(f, s) in readings.iter().filter(|(_, s)| *s == scope) {
                        if f == Factuality::Negated {
                            return Factuality::Negated;
                        }
                        let distance = match s {
                            Scope::Before => list.len() - (i + n),
                            Scope::After => i,
                        };
                        if nearest.is_none_or(|(d, _)| distance < d) {
                            nearest = Some((distance, f));
                        }
                    }
                }
            }
        }
        nearest.map_or(Factuality::Asserted, |n| n.1)
    }
}

/// Whether a CAMEO code starts with one of the prefixes (a `grammar.txt` list of codes).
fn has_prefix(prefixes: &[String], code: &str) -> bool {
    prefixes.iter().any(|p| code.starts_with(p.as_str()))
}

/// "Two were killed in police firing", "died in an air strike by Russia": harm with no
/// agent takes the source of the event right after it that says how it happened (after
/// "in", "during" or "by", with at most two more words between), or of the violence in a
/// "when" clause after it ("were killed when police opened fire").
fn inherit_means_source(text: &str, events: &mut [Event]) {
    for i in 0..events.len() {
        if events[i].source.is_some() || events[i].plover != "ASSAULT" {
            continue;
        }
        let (sentence, end) = (events[i].sentence, events[i].trigger.end);
        let Some(next) = events[i + 1..].iter().find(|e| e.sentence == sentence && e.trigger.start >= end) else {
            continue;
        };
        let Some(between) = text.get(end..next.trigger.start) else { continue };
        let words: Vec<&str> = between.split_whitespace().collect();
        let means = words.len() <= 3
            && words.first().is_some_and(|w| matches!(w.to_ascii_lowercase().as_str(), "in" | "during" | "by"))
            && words.iter().all(|w| w.chars().all(|ch| ch.is_alphabetic()));
        if means && next.plover == "ASSAULT" {
            events[i].source = next.source.clone();
            continue;
        }
        // "four were killed when police opened fire": the clause after "when", "as" or
        // "after" (its subject at most three words before its predicate) says who did it.
        let Some(cause) = events[i + 1..]
            .iter()
            .take_while(|e| e.sentence == sentence)
            .find(|e| e.trigger.start >= end && e.source.is_some() && e.plover == "ASSAULT")
        else {
            continue;
        };
        let Some(between) = text.get(end..cause.trigger.start) else { continue };
        let words: Vec<&str> = between.split_whitespace().collect();
        let opener = words
            .iter()
            .rposition(|w| matches!(w.to_ascii_lowercase().as_str(), "when" | "as" | "after"))
            .is_some_and(|p| words.len() - p <= 4 && words[p..].iter().all(|w| !w.contains([',', ';'])));
        if opener {
            events[i].source = cause.source.clone();
        }
    }
}

/// Whether token `i` is part of an approximation before a number inside a noun phrase
/// ("up to 4,000 troops", "more than 500 fighters"), not a preposition that ends it.
fn approximates(c: &Clauses, i: usize) -> bool {
    let word = |k: usize| c.tokens.get(k).map_or(String::new(), |_| c.word(k).to_ascii_lowercase());
    let number = |k: usize| c.tokens.get(k).is_some_and(|t| t.kind == TokenKind::Number);
    match word(i).as_str() {
        "up" => word(i + 1) == "to" && number(i + 2),
        "to" => i > 0 && word(i - 1) == "up" && number(i + 1),
        "than" => i > 0 && matches!(word(i - 1).as_str(), "more" | "less" | "fewer") && number(i + 1),
        _ => false,
    }
}

/// Byte offset of the `i`-th word of `list` in `words` (words split on single spaces).
fn words_offset(words: &str, list: &[&str], i: usize) -> usize {
    list[i].as_ptr() as usize - words.as_ptr() as usize
}

/// Every phrase of one to four consecutive words of `words`, added to `out` by first word
/// and then length.
fn push_ngrams<'a>(words: &'a str, out: &mut Vec<&'a str>) {
    let b = words.as_bytes();
    let word_end = |at: usize| memchr::memchr(b' ', &b[at..]).map_or(b.len(), |n| at + n);
    let mut start = 0;
    while start < b.len() {
        if b[start] == b' ' {
            start += 1;
            continue;
        }
        let mut end = start;
        for _ in 0..4 {
            while end < b.len() && b[end] == b' ' {
                end += 1;
            }
            if end == b.len() {
                break;
            }
            end = word_end(end);
            out.push(&words[start..end]);
        }
        start = word_end(start);
    }
}

/// The last one to four words of `words`, last word first, added to `out`.
fn push_endings<'a>(words: &'a str, out: &mut Vec<&'a str>) {
    let mut cut = words.len();
    for _ in 0..4 {
        let space = memchr::memrchr(b' ', &words.as_bytes()[..cut]);
        let ending = &words[space.map_or(0, |n| n + 1)..];
        if !ending.is_empty() {
            out.push(ending);
        }
        match space {
            Some(n) => cut = n,
            None => break,
        }
    }
}

/// An accepted event, for the predicates after it: triggers inside its object belong to
/// it, a coordinated predicate shares its subject, target and factuality, and an agentless
/// passive takes its source.
#[derive(Clone, Copy)]
struct Made {
    sentence: usize,
    /// Token index after its trigger.
    trigger_end: usize,
    object_end: usize,
    has_object: bool,
    source: Option<ActorSpan>,
    /// A source named only by a group noun, as [`Coded::unnamed`].
    unnamed: Option<(usize, usize, usize)>,
    target: Option<ActorSpan>,
    factuality: Factuality,
}

/// How many words before a verb a line's words before the verb may be found in.
const PRE_WINDOW: usize = 12;

#[derive(Clone, Copy)]
struct Coded {
    line: usize,
    source: Option<ActorSpan>,
    target: Option<ActorSpan>,
    factuality: Factuality,
    object_end: usize,
    has_object: bool,
    /// A source named only by a group noun: byte span and `unnamed` phrase index.
    unnamed: Option<(usize, usize, usize)>,
    /// A target named only by a group or victim noun, as `unnamed` (a victim noun has an
    /// index past the end of the phrase list).
    victim: Option<(usize, usize, usize)>,
    /// The setting of the object ("in Cauca"), which gives `victim` its country.
    setting: Option<ActorSpan>,
    /// The trigger is a passive verb.
    passive: bool,
    /// The token of a commitment word governing a planned, possible or negated act
    /// ("will", "is willing to"), for [`EventMatcher::commitments`].
    commitment: Option<usize>,
}

/// The event as CAMEO-based coders code it (PLOVER 0.5 gold standard, GDELT).
///
/// sitrep codes what is intended, feared or refused as the act itself with its
/// factuality: "Finland will give Tanzania a grant" is AID, planned; only when the
/// actor's own side announces it is the announcement an event of its own (see
/// `EventMatcher::commitments`). CAMEO instead codes every intention to cooperate as
/// *express intent to cooperate* (03, PLOVER AGREE), every intended hostile act, sanction
/// or protest as *threaten* (13, 131, 133), and a refusal to cooperate as *reject* (12).
/// This returns the PLOVER type and CAMEO code under that convention, for exports and
/// comparisons with CAMEO-coded data; asserted events are unchanged.
pub fn cameo_convention(event: &Event) -> (&'static str, String) {
    let plover = event.plover.as_str();
    let cooperative = matches!(plover, "AID" | "CONSULT" | "COOPERATE" | "RETREAT" | "CONCEDE" | "SUPPORT" | "AGREE");
    let hostile = matches!(plover, "ASSAULT" | "COERCE" | "SANCTION" | "MOBILIZE" | "PROTEST");
    let intent = matches!(event.factuality, Factuality::Planned | Factuality::Possible);
    let code = |s: &str| s.to_string();
    match (intent, event.factuality) {
        (true, _) if cooperative => {
            let cameo = match plover {
                "AID" => "033",
                "CONSULT" => "036",
                "COOPERATE" => "030",
                "RETREAT" | "CONCEDE" => "035",
                "SUPPORT" => "032",
                _ => "030",
            };
            ("AGREE", code(cameo))
        }
        (true, _) if hostile => {
            let cameo = match plover {
                "ASSAULT" | "MOBILIZE" => "138",
                "COERCE" => "137",
                "SANCTION" => "131",
                "PROTEST" => "133",
                _ => "130",
            };
            ("THREATEN", code(cameo))
        }
        (false, Factuality::Negated) if cooperative => {
            let cameo = match plover {
                "CONSULT" => "125",
                "RETREAT" | "CONCEDE" => "124",
                "COOPERATE" => "121",
                _ => "120",
            };
            ("REJECT", code(cameo))
        }
        _ => (static_plover(plover), event.cameo.clone()),
    }
}

/// The PLOVER type as a static string (the 16 names; anything else is returned as "").
fn static_plover(p: &str) -> &'static str {
    sitrep_lexicon::verbs::PLOVER_TYPES.iter().copied().find(|t| *t == p).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(plover: &str, cameo: &str, factuality: Factuality) -> Event {
        Event {
            sentence: 0,
            trigger: Span { text: "x".into(), start: 0, end: 1 },
            plover: plover.into(),
            cameo: cameo.into(),
            source: None,
            target: None,
            factuality,
            claim: None,
            place: None,
            time: None,
            quantities: vec![],
        }
    }

    #[test]
    fn intentions_and_refusals_follow_the_cameo_convention() {
        assert_eq!(cameo_convention(&event("AID", "073", Factuality::Planned)), ("AGREE", "033".to_string()));
        assert_eq!(cameo_convention(&event("CONSULT", "042", Factuality::Possible)), ("AGREE", "036".to_string()));
        assert_eq!(cameo_convention(&event("ASSAULT", "190", Factuality::Planned)), ("THREATEN", "138".to_string()));
        assert_eq!(cameo_convention(&event("PROTEST", "143", Factuality::Planned)), ("THREATEN", "133".to_string()));
        assert_eq!(cameo_convention(&event("CONCEDE", "0831", Factuality::Negated)), ("REJECT", "124".to_string()));
        assert_eq!(cameo_convention(&event("ASSAULT", "190", Factuality::Negated)), ("ASSAULT", "190".to_string()));
        assert_eq!(cameo_convention(&event("AID", "073", Factuality::Asserted)), ("AID", "073".to_string()));
    }

    #[test]
    fn object_heads_are_every_phrase_of_up_to_four_words() {
        let mut out = Vec::new();
        push_ngrams("two air defence systems now", &mut out);
        assert_eq!(
            out,
            [
                "two",
                "two air",
                "two air defence",
                "two air defence systems",
                "air",
                "air defence",
                "air defence systems",
                "air defence systems now",
                "defence",
                "defence systems",
                "defence systems now",
                "systems",
                "systems now",
                "now"
            ]
        );
        out.clear();
        push_ngrams("", &mut out);
        push_ngrams("  ", &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn endings_are_the_last_words_last_word_first() {
        let mut out = Vec::new();
        push_endings("the shelling of five towns", &mut out);
        assert_eq!(out, ["towns", "five towns", "of five towns", "shelling of five towns"]);
        out.clear();
        push_endings("", &mut out);
        push_endings("aid", &mut out);
        assert_eq!(out, ["aid"]);
    }
}
