//! Actor recognition and linking: countries, organisations, people and the composite
//! actors news builds from them ("North Korean troops", "South Korea's Foreign Ministry",
//! "Kremlin spokesperson Dmitry Peskov").
//!
//! 1. Two Aho-Corasick automata (leftmost-longest) find lexicon names: one
//!    case-sensitive for proper names (countries with their adjectives and metonyms,
//!    organisations, known people), one case-insensitive for agent terms ("troops",
//!    "foreign ministry", "spokesperson").
//! 2. A country or organisation followed by a run of agent terms makes a composite
//!    actor coded country + role (`PRKMIL`); so does a government term followed by
//!    "in"/"of" and a country ("the government in Seoul").
//! 3. People no lexicon knows are found from context: a title before a capitalised name
//!    ("Colonel Assimi Goita"), an apposition ("Russia's ambassador, Georgy Zinoviev"), or a
//!    name before a reporting verb ("Amina Diallo said").
//! 4. Linking: one entity per country code, organisation, composite actor and person;
//!    a surname alone ("Budanov") joins the person named in full.

use rustc_hash::{FxHashMap as HashMap, FxHashSet};

use sitrep_lexicon::{AgentKind, Lexicon};
use sitrep_model::EntityKind;

use crate::matcher::{MatcherSet, TokenMatcher};
use crate::segment::{Token, TokenKind};

/// What a proper name found by the automaton denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameTarget {
    Country { index: usize, form: CountryForm },
    Org(usize),
    Person(usize),
}

/// How a country is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountryForm {
    Name,
    Adjective,
    Metonym,
}

/// The lexicons compiled for fast matching. Built once, shared by all documents.
pub struct ActorMatcher {
    names: TokenMatcher,
    /// The same names written in capitals ("ROMANIA"), patterns from `upper_from` on in
    /// `name_targets`: a matcher of its own keeps the main automaton small.
    upper_names: TokenMatcher,
    upper_from: usize,
    name_targets: Vec<Vec<NameTarget>>,
    agents: TokenMatcher,
    agent_of_pattern: Vec<usize>,
    /// Multi-word honorifics and titles, case-sensitive ("Lt Col", "Prime Minister").
    honorifics: TokenMatcher,
    honorific_codes: Vec<String>,
    /// The tables of `names`, `upper_names`, `agents` and `honorifics` merged, for
    /// matching all four in one pass.
    lists: MatcherSet<4>,
    /// One-word reporting verbs of `cues.txt` ("said", "told"): a capitalised pair before
    /// one is a speaker's name.
    reporting: FxHashSet<String>,
    /// The shapes of the reporting verbs: rules out nearly every other word before
    /// hashing it, as the test runs on every token.
    reporting_shapes: WordShapes,
    /// The shapes of organisation head words and club prefixes, and of given names:
    /// most capitalised words are none, and are ruled out without hashing.
    org_word_shapes: WordShapes,
    given_name_shapes: WordShapes,
    /// The shapes of the sports words, tested on every word of the documents with a
    /// team candidate.
    sport_shapes: WordShapes,
    /// The shapes of the words that never start a name, of name particles and of
    /// honorifics: tested on every word of every candidate name, which few are.
    nonname_shapes: WordShapes,
    particle_shapes: WordShapes,
    honorific_shapes: WordShapes,
    /// Entity keys of lexicon organisations and people, by index.
    org_keys: Vec<String>,
    person_keys: Vec<String>,
    /// For each line of `people.txt`, every line of the same person (their dated terms).
    person_terms: Vec<Vec<usize>>,
}

/// A draft entity: what the recogniser found, before it becomes a record.
#[derive(Debug, Clone)]
pub struct Actor {
    pub key: String,
    pub name: String,
    pub kind: EntityKind,
    pub code: Option<String>,
    pub country: Option<String>,
    pub roles: Vec<String>,
    /// Byte spans of the mentions, in text order.
    pub mentions: Vec<(usize, usize)>,
}

/// A mention with what it refers to, before linking.
#[derive(Debug, Clone, Copy)]
struct Found {
    start: usize,
    end: usize,
    /// The draft of the entity it belongs to (an index, not the entity key: a key would
    /// be a String copied for every mention).
    key: usize,
    kind: FoundKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FoundKind {
    Country(usize, CountryForm),
    Org(usize),
    Person,
    Composite,
}

/// Everything recognised in one document.
#[derive(Debug, Default)]
pub struct ActorFinding {
    pub actors: Vec<Actor>,
    /// Byte spans that belong to actor mentions (for other recognisers to skip).
    pub taken: Vec<(usize, usize)>,
    /// ISO3 codes of the countries the document is about, most mentioned first.
    pub salient_countries: Vec<String>,
    /// Spans of capitals and seats of power named for their country ("Kabul", "Kremlin").
    pub metonyms: Vec<(usize, usize)>,
}

impl ActorMatcher {
    /// Heap bytes of the compiled automata.
    pub fn memory_usage(&self) -> usize {
        self.names.memory_usage()
            + self.upper_names.memory_usage()
            + self.agents.memory_usage()
            + self.honorifics.memory_usage()
            + self.lists.memory_usage()
    }

    pub fn new(lexicon: &Lexicon) -> ActorMatcher {
        let mut patterns: Vec<String> = Vec::new();
        let mut targets: Vec<Vec<NameTarget>> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::default();
        let mut add = |name: &str, target: NameTarget| {
            let name = name.trim();
            if name.is_empty() {
                return;
            }
            let at = *index.entry(name.to_string()).or_insert_with(|| {
                patterns.push(name.to_string());
                targets.push(Vec::new());
                patterns.len() - 1
            });
            if !targets[at].contains(&target) {
                targets[at].push(target);
            }
        };
        for (i, c) in lexicon.countries.iter().enumerate() {
            let country = |form| NameTarget::Country { index: i, form };
            add(&c.name, country(CountryForm::Name));
            c.names.iter().for_each(|n| add(n, country(CountryForm::Name)));
            c.adjectives.iter().for_each(|n| add(n, country(CountryForm::Adjective)));
            c.metonyms.iter().for_each(|n| add(n, country(CountryForm::Metonym)));
        }
        for (i, o) in lexicon.organizations.iter().enumerate() {
            add(&o.name, NameTarget::Org(i));
            o.names.iter().for_each(|n| add(n, NameTarget::Org(i)));
        }
        for (i, p) in lexicon.people.iter().enumerate() {
            add(&p.name, NameTarget::Person(i));
            p.names.iter().for_each(|n| add(n, NameTarget::Person(i)));
        }
        // Headlines and tables in capitals: "ROMANIA BEAT LITHUANIA". Names of four or more
        // letters also match written in capitals (shorter ones collide with acronyms).
        let upper_from = patterns.len();
        for at in 0..upper_from {
            let upper = patterns[at].to_uppercase();
            // Countries in every form, other names of one word: keeps the automaton small.
            let country = targets[at].iter().any(|t| matches!(t, NameTarget::Country { .. }));
            if upper == patterns[at]
                || patterns[at].chars().filter(|c| c.is_alphabetic()).count() < 4
                || (!country && patterns[at].contains(' '))
            {
                continue;
            }
            let copy = targets[at].clone();
            match index.get(&upper) {
                Some(&j) => copy.into_iter().for_each(|t| {
                    if !targets[j].contains(&t) {
                        targets[j].push(t);
                    }
                }),
                None => {
                    index.insert(upper.clone(), patterns.len());
                    patterns.push(upper);
                    targets.push(copy);
                }
            }
        }
        let names = TokenMatcher::new(&patterns[..upper_from], false, true);
        let upper_names = TokenMatcher::new(&patterns[upper_from..], false, false);

        let mut agent_patterns = Vec::new();
        let mut agent_of_pattern = Vec::new();
        for (i, a) in lexicon.agents.iter().enumerate() {
            for t in &a.terms {
                agent_patterns.push(t.clone());
                agent_of_pattern.push(i);
            }
        }
        let agents = TokenMatcher::new(&agent_patterns, true, false);

        let (hon_patterns, honorific_codes): (Vec<String>, Vec<String>) =
            lexicon.names.honorifics.iter().map(|(k, v)| (k.clone(), v.clone())).unzip();
        let honorifics = TokenMatcher::new(&hon_patterns, false, false);
        let lists = MatcherSet::new([&names, &upper_names, &agents, &honorifics]);
        let org_keys = lexicon.organizations.iter().map(|o| format!("org:{}", slug(&o.name))).collect();
        let person_keys: Vec<String> = lexicon.people.iter().map(|p| format!("person:{}", slug(&p.name))).collect();
        let mut lines_of: HashMap<&str, Vec<usize>> = HashMap::default();
        for (i, p) in lexicon.people.iter().enumerate() {
            lines_of.entry(p.name.as_str()).or_default().push(i);
        }
        let person_terms = lexicon.people.iter().map(|p| lines_of[p.name.as_str()].clone()).collect();
        let reporting: FxHashSet<String> = lexicon
            .cues
            .iter()
            .filter(|c| c.frame == sitrep_lexicon::Frame::Verb)
            .flat_map(|c| c.forms.iter().filter(|f| !f.contains(' ')).cloned())
            .collect();
        let reporting_shapes = WordShapes::new(reporting.iter());
        let words = &lexicon.names;
        let org_word_shapes = WordShapes::new(words.org_heads.keys().chain(words.org_prefixes.keys()));
        let given_name_shapes = WordShapes::new(lexicon.given_names.iter());
        let sport_shapes = WordShapes::new(words.sport.iter());
        let nonname_shapes = WordShapes::new(words.nonnames.iter());
        let particle_shapes = WordShapes::new(words.particles.iter());
        let honorific_shapes = WordShapes::new(words.honorifics.keys());
        ActorMatcher {
            names,
            upper_names,
            upper_from,
            name_targets: targets,
            agents,
            agent_of_pattern,
            honorifics,
            honorific_codes,
            lists,
            reporting,
            reporting_shapes,
            org_word_shapes,
            given_name_shapes,
            sport_shapes,
            nonname_shapes,
            particle_shapes,
            honorific_shapes,
            org_keys,
            person_keys,
            person_terms,
        }
    }
}

/// A lower-case slug for entity ids ("Kyrylo Budanov" -> "kyrylo-budanov").
pub fn slug(name: &str) -> String {
    keyed_slug("", name)
}

/// `prefix` followed by the [`slug`] of `name` ("person:kyrylo-budanov"), built in one
/// String: this runs for every name found.
fn keyed_slug(prefix: &str, name: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + name.len());
    out.push_str(prefix);
    let base = out.len();
    for c in name.chars() {
        if c.is_ascii() {
            // ASCII without the case-mapping tables.
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if out.len() > base && !out.ends_with('-') {
                out.push('-');
            }
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if out.len() > base && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.len() > base && out.ends_with('-') {
        out.pop();
    }
    out
}

/// Finds and links the actors of one document.
pub struct ActorRecogniser<'a> {
    pub matcher: &'a ActorMatcher,
    pub lexicon: &'a Lexicon,
    pub text: &'a str,
    pub tokens: &'a [Token],
    /// Sentence spans, used to keep patterns inside one sentence.
    pub sentences: &'a [(usize, usize)],
    /// Publication date for dated person codes.
    pub date: Option<(i32, u32, u32)>,
}

#[derive(Debug, Clone, Copy)]
struct AgentHit {
    start: usize,
    end: usize,
    agent: usize,
}

impl ActorRecogniser<'_> {
    pub fn run(&self) -> ActorFinding {
        let text = self.text;
        // The four phrase lists in one pass over the tokens.
        let m = self.matcher;
        let lists = [&m.names, &m.upper_names, &m.agents, &m.honorifics];
        let [names, upper, agent_terms, honorifics] = m.lists.find_each(lists, text, self.tokens);
        // Sized from the lexicon matches up front (mentions found later by context come
        // on top): growing a list or a map by doubling from a few entries costs several
        // reallocations or rehashes per document.
        let mut found: Vec<Found> = Vec::with_capacity(2 * (names.len() + upper.len()) + 8);
        let mut drafts: Vec<Actor> = Vec::with_capacity(names.len() + 8);
        let mut by_key: HashMap<String, usize> = HashMap::with_capacity_and_hasher(names.len() + 8, Default::default());
        // The tokens that open with a capital, for the passes that only look at those
        // (given names, initials, surnames, organisations, teams), and the commas, for
        // appositions: one test per token here rather than one per token in each pass.
        // Sized for a typical document up front: growing by doubling costs several
        // reallocations per document.
        let mut capitals: Vec<usize> = Vec::with_capacity(self.tokens.len() / 4 + 8);
        let mut commas: Vec<usize> = Vec::with_capacity(self.tokens.len() / 16 + 4);
        for (i, t) in self.tokens.iter().enumerate() {
            if token_starts_upper(text, t) {
                capitals.push(i);
            } else if t.end - t.start == 1 && text.as_bytes()[t.start] == b',' {
                commas.push(i);
            }
        }

        // 1. Lexicon names.
        let mut hits: Vec<(usize, usize, usize)> =
            names.iter().map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect();
        if !upper.is_empty() {
            let from = self.matcher.upper_from;
            hits.extend(upper.iter().map(|m| (m.start(), m.end(), from + m.pattern().as_usize())));
            hits.sort_unstable_by_key(|h| (h.0, std::cmp::Reverse(h.1)));
            let mut last_end = 0;
            hits.retain(|h| {
                let keep = h.0 >= last_end;
                if keep {
                    last_end = h.1;
                }
                keep
            });
        }
        for (s, e, pattern) in hits {
            let target = self.choose_target(&self.matcher.name_targets[pattern]);
            if self.is_name_start_of_longer_person(s, e, target) || self.is_part_of_place_name(e, target) {
                continue;
            }
            match target {
                NameTarget::Country { index, form } => {
                    let c = &self.lexicon.countries[index];
                    let key = ensure(&mut drafts, &mut by_key, &c.code, || Actor {
                        key: c.code.clone(),
                        name: c.name.clone(),
                        kind: EntityKind::Country,
                        code: Some(c.code.clone()),
                        country: Some(c.code.clone()),
                        roles: vec![],
                        mentions: vec![],
                    });
                    found.push(Found { start: s, end: e, key, kind: FoundKind::Country(index, form) });
                }
                NameTarget::Org(index) => {
                    let o = &self.lexicon.organizations[index];
                    let key = &self.matcher.org_keys[index];
                    let key = ensure(&mut drafts, &mut by_key, key, || Actor {
                        key: key.clone(),
                        name: o.name.clone(),
                        kind: EntityKind::Organization,
                        code: Some(o.code.clone()),
                        country: o.country.clone(),
                        roles: vec![],
                        mentions: vec![],
                    });
                    found.push(Found { start: s, end: e, key, kind: FoundKind::Org(index) });
                }
                NameTarget::Person(index) => {
                    let p = self.person_line(index);
                    let key = &self.matcher.person_keys[index];
                    let key = ensure(&mut drafts, &mut by_key, key, || Actor {
                        key: key.clone(),
                        name: p.name.clone(),
                        kind: EntityKind::Person,
                        code: Some(p.code.clone()),
                        country: p.country.clone(),
                        roles: if p.title.is_empty() { vec![] } else { vec![p.title.clone()] },
                        mentions: vec![],
                    });
                    found.push(Found { start: s, end: e, key, kind: FoundKind::Person });
                }
            }
        }

        // 2. Agent terms, where no name already stands.
        let mut agents: Vec<AgentHit> = Vec::with_capacity(agent_terms.len());
        agents.extend(
            agent_terms
                .into_iter()
                // Name matches are in text order and do not overlap: binary search.
                .filter(|m| {
                    let i = found.partition_point(|f| f.end <= m.start());
                    found.get(i).is_none_or(|f| f.start >= m.end())
                })
                .map(|m| AgentHit {
                    start: m.start(),
                    end: m.end(),
                    agent: self.matcher.agent_of_pattern[m.pattern().as_usize()],
                }),
        );

        // 3. Composites: an actor + a run of agent terms.
        let mut composites: Vec<(usize, usize, Actor, Vec<AgentHit>)> = Vec::new();
        let mut i = 0;
        while i < found.len() {
            let f = found[i];
            i += 1;
            // Borrowed: most owners have no agent run after them.
            let (owner_code, owner_country) = match f.kind {
                FoundKind::Country(idx, _) => {
                    let c = &self.lexicon.countries[idx].code;
                    (c, Some(c))
                }
                FoundKind::Org(idx) => {
                    let o = &self.lexicon.organizations[idx];
                    (&o.code, o.country.as_ref())
                }
                _ => continue,
            };
            let mut pos = f.end;
            let possessive = text[pos..].starts_with("'s");
            // "Saudi-led coalition", "Vietnamese-led forces": the leader owns the force.
            let led = text[pos..].starts_with("-led");
            if possessive {
                pos += 2;
            } else if led {
                pos += 4;
            }
            // Modifiers may stand between a possessive or an adjective and its agent
            // ("Sudan's paramilitary forces", "North Korean elite troops"), not after a
            // bare name, where a lower-case word is a verb ("Kenya sent troops").
            let modifiers = if possessive || led || matches!(f.kind, FoundKind::Country(_, CountryForm::Adjective)) {
                2
            } else {
                0
            };
            let Some(run) = self.agent_run_after(pos, &agents, f.start, modifiers) else { continue };
            let run_end = run.last().map(|a| a.end).unwrap_or(pos);
            let org = matches!(f.kind, FoundKind::Org(_));
            let actor = self.composite(owner_code, owner_country.cloned(), &run, f.start, run_end, org);
            composites.push((f.start, run_end, actor, run));
        }
        // A government term + "in"/"of" + a country: "the government in Seoul"; a group
        // that opens its sentence + "from" + a country: "Soldiers from Chad have blocked"
        // (later in a sentence "withdrew troops from Mali" is where they leave).
        for (k, a) in agents.iter().enumerate() {
            let agent = &self.lexicon.agents[a.agent];
            if agent.kind != AgentKind::Group {
                continue;
            }
            if composites.iter().any(|(s, e, ..)| *s <= a.start && a.end <= *e) {
                continue;
            }
            let rest = &text[a.end..];
            let skip = if agent.code == "GOV" && (rest.starts_with(" in ") || rest.starts_with(" of ")) {
                4
            } else if rest.starts_with(" from ") && self.opens_sentence(a.start) {
                6
            } else {
                continue;
            };
            let Some(f) = found.iter().find(|f| f.start == a.end + skip) else { continue };
            let FoundKind::Country(idx, form) = f.kind else { continue };
            if form == CountryForm::Adjective {
                continue;
            }
            let code = self.lexicon.countries[idx].code.clone();
            let actor = self.composite(&code, Some(code.clone()), &agents[k..=k], a.start, f.end, false);
            composites.push((a.start, f.end, actor, vec![*a]));
        }

        // 4. People: from titles, appositions and reporting verbs.
        let countries = CountryIndex::new(&found, self.lexicon);
        // "the junta", "the army", "the foreign ministry": a definite sector or body with no
        // owner is the one of the country the passage is about.
        for (k, a) in agents.iter().enumerate() {
            let agent = &self.lexicon.agents[a.agent];
            let definite = text[..a.start].ends_with("the ") || text[..a.start].ends_with("The ");
            if agent.kind == AgentKind::Person
                || !definite
                || composites.iter().any(|(s, e, ..)| *s < a.end && a.start < *e)
                || agents.get(k + 1).is_some_and(|n| n.start == a.end + 1)
            {
                continue;
            }
            let Some(country) = countries.nearest(self.sentences, a.start) else { continue };
            let actor = self.composite(&country, Some(country.clone()), &agents[k..=k], a.start, a.end, false);
            composites.push((a.start, a.end, actor, vec![*a]));
        }
        let mut people: Vec<PersonCue> = Vec::new();
        for (ci, (_, end, actor, _)) in composites.iter().enumerate() {
            if actor.kind != EntityKind::Person {
                continue;
            }
            if let Some((s, e)) = self.name_after_title(*end) {
                people.push(PersonCue { start: s, end: e, title: Some(ci), role: None, described: None });
            }
        }
        for h in honorifics {
            let mut pos = h.end();
            if text[pos..].starts_with('.') {
                pos += 1;
            }
            let role = Some(self.matcher.honorific_codes[h.pattern().as_usize()].clone()).filter(|c| !c.is_empty());
            let next = skip_space(text, pos);
            let span = if next == pos + 1 { self.name_at(next) } else { None };
            if let Some((s, e)) = span.or_else(|| self.name_after_title(pos)) {
                people.push(PersonCue { start: s, end: e, title: None, role, described: None });
            }
        }
        // A title with no owner before a name: "A police spokesman, Lionel Lazarre, said".
        for a in &agents {
            if self.lexicon.agents[a.agent].kind != AgentKind::Person
                || composites.iter().any(|(s, e, ..)| *s <= a.start && a.end <= *e)
            {
                continue;
            }
            if let Some((s, e)) = self.name_after_title(a.end) {
                let role = Some(self.owner_role(&agents, a));
                people.push(PersonCue { start: s, end: e, title: None, role, described: None });
            }
        }
        self.names_before_reporting_verbs(&mut people);
        self.names_in_apposition(&agents, &commas, &mut people);
        self.names_from_given_names(&found, &capitals, &mut people);
        self.names_with_initials(&found, &capitals, &mut people);
        self.names_coordinated_with_people(&mut people);
        // "the Finance Ministry" written as a name, with no country: the country the
        // passage is about.
        for (k, a) in agents.iter().enumerate() {
            if self.lexicon.agents[a.agent].kind != AgentKind::Organization
                || !starts_upper(&text[a.start..a.end])
                || composites.iter().any(|(s, e, ..)| *s < a.end && a.start < *e)
            {
                continue;
            }
            let Some(country) = countries.nearest(self.sentences, a.start) else { continue };
            let actor = self.composite(&country, Some(country.clone()), &agents[k..=k], a.start, a.end, false);
            composites.push((a.start, a.end, actor, vec![*a]));
        }

        for cue in &people {
            let (s, e) = (cue.start, cue.end);
            // A known person spanning the whole name keeps their lexicon entity; a lexicon
            // match inside a longer name ("Jean-Pierre" in "Jean-Pierre Kasongo") yields.
            let covering = found.iter().find(|f| f.kind == FoundKind::Person && f.start <= s && e <= f.end);
            let key = match covering {
                Some(f) => f.key,
                None => {
                    let overlapping = |f: &Found| f.start < e && s < f.end;
                    if found.iter().any(|f| overlapping(f) && f.kind != FoundKind::Person) {
                        continue; // a country or organisation, not a person
                    }
                    found.retain(|f| !overlapping(f));
                    let name = &text[s..e];
                    let key = keyed_slug("person:", name);
                    let key = ensure(&mut drafts, &mut by_key, &key, || Actor {
                        key: key.clone(),
                        name: name.to_string(),
                        kind: EntityKind::Person,
                        code: None,
                        country: None,
                        roles: vec![],
                        mentions: vec![],
                    });
                    found.push(Found { start: s, end: e, key, kind: FoundKind::Person });
                    key
                }
            };
            let d = &mut drafts[key];
            if let Some(ci) = cue.title {
                let (cs, ce, title_actor, _) = &composites[ci];
                if d.code.is_none() {
                    d.code = title_actor.code.clone();
                    d.country = title_actor.country.clone();
                }
                for r in &title_actor.roles {
                    if !d.roles.contains(r) {
                        d.roles.push(r.clone());
                    }
                }
                // The title phrase is a mention of the person.
                found.push(Found { start: *cs, end: *ce, key, kind: FoundKind::Person });
            } else if let (None, Some(role)) = (&d.code, &cue.role) {
                // "Defence Secretary Gilberto Teodoro": the country is the one the passage is about.
                let named_in_description = cue.described.and_then(|(from, to)| {
                    found.iter().find_map(|f| match f.kind {
                        FoundKind::Country(i, _) if f.start >= from && f.end <= to => {
                            Some(self.lexicon.countries[i].code.clone())
                        }
                        _ => None,
                    })
                });
                let country = named_in_description.or_else(|| countries.nearest(self.sentences, s));
                if let Some(country) = country {
                    d.code = Some(format!("{country}{role}"));
                    d.country = Some(country);
                }
            }
        }
        let titled: Vec<usize> = people.iter().filter_map(|p| p.title).collect();

        // 5. Organisations no lexicon knows, named by their form.
        // Names this document gives organisations no lexicon knows, for reading their
        // other mentions the same way (one sense per document).
        let mut named: Vec<(usize, usize, usize)> = Vec::new();
        let mut unknown = self.unknown_organisations(&found, &agents, &countries, &capitals);
        // Of two names from one word, the longer ("Jones Medical Industries Inc").
        unknown.sort_by_key(|u| (u.0, std::cmp::Reverse(u.1)));
        for (s, e, country, role) in unknown {
            // A country or city named inside ("Bank of Canada", "Tokyo Stock Exchange")
            // is part of the organisation's name; an adjective before it keeps its own
            // reading ("Ukrainian Armed Forces").
            let blocks = |f: &Found| {
                f.start < e
                    && s < f.end
                    && !(matches!(f.kind, FoundKind::Country(_, CountryForm::Name | CountryForm::Metonym))
                        && s <= f.start
                        && f.end <= e
                        && (s, e) != (f.start, f.end))
            };
            if found.iter().any(blocks) || composites.iter().any(|c| c.0 < e && s < c.1) {
                continue;
            }
            found.retain(|f| !(f.start < e && s < f.end));
            // "Hizbollah (Party of God)": a name in brackets right after a known
            // organisation glosses or translates it, another mention of the same one.
            if let Some(owner) = self.glossed(&found, s, e) {
                found.push(Found { start: s, end: e, key: owner, kind: FoundKind::Composite });
                continue;
            }
            let name = &text[s..e];
            let key = keyed_slug("org:", name);
            let code = country.as_ref().map(|c| format!("{c}{role}"));
            let key = ensure(&mut drafts, &mut by_key, &key, || Actor {
                key: key.clone(),
                name: name.to_string(),
                kind: EntityKind::Organization,
                code,
                country,
                roles: vec![],
                mentions: vec![],
            });
            named.push((s, e, key));
            // "Douglas & Lomason Co", later "Douglas & Lomason": a company's name without
            // its closing company words names it too, when two or more words remain.
            if role == "BUS" {
                let heads = &self.lexicon.names.org_heads;
                let mut short = name;
                while let Some((rest, last)) = short.rsplit_once(' ') {
                    if heads.get(last.trim_end_matches('.')).is_none_or(|r| r != "BUS") {
                        break;
                    }
                    short = rest;
                }
                let ends_in_word = short.rsplit(' ').next().is_some_and(|w| w.len() > 1 && starts_upper(w));
                if short.len() < name.len() && short.contains(' ') && ends_in_word {
                    named.push((s, s + short.len(), key));
                }
            }
            found.push(Found { start: s, end: e, key, kind: FoundKind::Composite });
        }

        // 6. Composites become entities (titles that named a person already did).
        for (ci, (s, e, actor, _)) in composites.into_iter().enumerate() {
            if titled.contains(&ci) {
                continue;
            }
            // "news agency Yonhap": a title directly before a named organisation joins it.
            if actor.kind == EntityKind::Organization {
                let next = skip_space(text, e);
                if let Some(f) = found.iter().find(|f| f.start == next && matches!(f.kind, FoundKind::Org(_))) {
                    let (key, end) = (f.key, f.end);
                    found.push(Found { start: s, end, key, kind: FoundKind::Composite });
                    continue;
                }
            }
            let key = ensure(&mut drafts, &mut by_key, &actor.key, || actor.clone());
            found.push(Found { start: s, end: e, key, kind: FoundKind::Composite });
        }

        // 7. Surnames alone join the person named in full.
        let surnames: Vec<(&str, usize)> = drafts
            .iter()
            .enumerate()
            .filter(|(_, d)| d.kind == EntityKind::Person && d.name.contains(' '))
            .filter_map(|(k, d)| d.name.rsplit(' ').next().map(|s| (s, k)))
            .collect();
        if !surnames.is_empty() {
            let mut surname_keys: HashMap<&str, usize> = HashMap::default();
            for &(s, k) in &surnames {
                surname_keys.entry(s).or_insert(k);
            }
            let mut spans: Vec<(usize, usize)> = found.iter().map(|f| (f.start, f.end)).collect();
            spans.sort_unstable();
            let longest = spans.iter().map(|s| s.1 - s.0).max().unwrap_or(0);
            for t in capitals.iter().map(|&i| &self.tokens[i]) {
                if t.kind != TokenKind::Word {
                    continue;
                }
                let word = t.text(text);
                let Some(&key) = surname_keys.get(word) else { continue };
                let from = spans.partition_point(|s| s.0 + longest <= t.start);
                if spans[from..].iter().take_while(|s| s.0 < t.end).any(|s| t.start < s.1) {
                    continue;
                }
                found.push(Found { start: t.start, end: t.end, key, kind: FoundKind::Person });
            }
        }

        // 7b. Teams in sports reports, acronyms defined after a name, and the other
        // mentions of organisations named so far.
        for (s, e) in self.sports_teams(&found, &capitals) {
            let name = &text[s..e];
            let key = keyed_slug("org:", name);
            let key = ensure(&mut drafts, &mut by_key, &key, || Actor {
                key: key.clone(),
                name: name.to_string(),
                kind: EntityKind::Organization,
                code: None,
                country: None,
                roles: vec![],
                mentions: vec![],
            });
            named.push((s, e, key));
            found.push(Found { start: s, end: e, key, kind: FoundKind::Composite });
        }
        self.acronyms_defined(&drafts, &mut found, &mut named);
        self.same_names_again(&mut found, &named, &capitals);

        // 8. Attach mentions to their drafts.
        found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
        let mut taken = Vec::with_capacity(found.len());
        let mut counts: HashMap<String, usize> = HashMap::default();
        let mut metonyms = Vec::new();
        for f in &found {
            let inside_larger = |g: &Found| g.start <= f.start && f.end <= g.end && g.end - g.start > f.end - f.start;
            if let FoundKind::Country(_, CountryForm::Metonym) = f.kind {
                if !found.iter().any(inside_larger) {
                    metonyms.push((f.start, f.end));
                }
            }
            let di = f.key;
            let d = &mut drafts[di];
            if !d.mentions.contains(&(f.start, f.end)) {
                d.mentions.push((f.start, f.end));
            }
            taken.push((f.start, f.end));
            // What the text is about: countries named, and the home countries of the
            // organisations and people named.
            let about = match f.kind {
                FoundKind::Country(..) => Some(drafts[di].key.as_str()),
                _ => drafts[di].country.as_deref(),
            };
            if let Some(c) = about {
                // A new String only for a country not counted yet.
                match counts.get_mut(c) {
                    Some(n) => *n += 1,
                    None => {
                        counts.insert(c.to_string(), 1);
                    }
                }
            }
        }
        drafts.retain(|d| !d.mentions.is_empty());
        for d in &mut drafts {
            d.mentions.sort_unstable();
        }
        let mut salient: Vec<(String, usize)> = counts.into_iter().collect();
        salient.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ActorFinding { actors: drafts, taken, salient_countries: salient.into_iter().map(|c| c.0).collect(), metonyms }
    }

    /// Among several readings of one name, prefer a person, then an organisation, then a country.
    fn choose_target(&self, targets: &[NameTarget]) -> NameTarget {
        let person = targets.iter().filter_map(|t| match t {
            NameTarget::Person(i) => Some(*i),
            _ => None,
        });
        let dated = person.clone().find(|&i| self.lexicon.people[i].in_office(self.date));
        if let Some(i) = dated.or_else(|| person.clone().next()) {
            return NameTarget::Person(i);
        }
        targets.iter().copied().find(|t| matches!(t, NameTarget::Org(_))).unwrap_or(targets[0])
    }

    /// The line of a person's entry in force on the publication date (the same name
    /// may have several dated lines).
    fn person_line(&self, index: usize) -> &sitrep_lexicon::Person {
        let people = &self.lexicon.people;
        self.matcher.person_terms[index]
            .iter()
            .map(|&i| &people[i])
            .find(|p| p.in_office(self.date))
            .unwrap_or(&people[index])
    }

    /// "Jordan Bardella", "Israel Katz": a one-word country name directly followed by
    /// a capitalised word that is not a name part of its own is a person's first name,
    /// before a reporting verb or a comma, or anywhere when it is a given name
    /// ("Chad Curtis scored").
    fn is_name_start_of_longer_person(&self, start: usize, end: usize, target: NameTarget) -> bool {
        let NameTarget::Country { form: CountryForm::Name, .. } = target else { return false };
        if self.text[start..end].contains(' ') {
            return false;
        }
        let next = skip_space(self.text, end);
        if next == end || next >= self.text.len() {
            return false;
        }
        let word_end =
            self.text[next..].find(|c: char| !c.is_alphanumeric() && c != '-').map_or(self.text.len(), |n| next + n);
        let word = &self.text[next..word_end];
        starts_upper(word)
            && word.chars().skip(1).all(|c| c.is_lowercase() || c == '-')
            && word.len() > 2
            && !self.is_nonname(word)
            && !self.is_honorific(word)
            && !self.lexicon.names.org_heads.contains_key(word)
            && self.matcher.agents.at(self.text, next).is_none_or(|m| m.end() != word_end)
            && self.matcher.names.at(self.text, next).is_none_or(|m| m.end() != word_end)
            && (self.lexicon.given_names.contains(&self.text[start..end]) || self.next_is_reporting_or_punct(word_end))
    }

    /// "Niger River", "Jordan Valley": a country's name before a geographic word.
    fn is_part_of_place_name(&self, end: usize, target: NameTarget) -> bool {
        if !matches!(target, NameTarget::Country { form: CountryForm::Name | CountryForm::Metonym, .. }) {
            return false;
        }
        let rest = &self.text[end..];
        let Some(rest) = rest.strip_prefix(' ') else { return false };
        let word = rest.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        self.lexicon.names.features.contains(word)
    }

    fn next_is_reporting_or_punct(&self, pos: usize) -> bool {
        let rest = self.text[pos..].trim_start();
        let word = rest.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        rest.starts_with(',') || (rest[word.len()..].starts_with(' ') && self.is_reporting(word))
    }

    /// Whether `w` is a reporting verb of `cues.txt` ("said", "told", "claimed"); a
    /// cheap case test first, as this runs on every token.
    // Inlined: it runs on every lower-case word, and the shape test rules out most.
    #[inline]
    fn is_reporting(&self, w: &str) -> bool {
        let Some(b'a'..=b'z') = w.bytes().next() else { return false };
        self.matcher.reporting_shapes.may_contain(w) && self.matcher.reporting.contains(w)
    }

    /// Whether `w` never starts a name ("Monday", "The"); the shape test first.
    #[inline]
    fn is_nonname(&self, w: &str) -> bool {
        self.matcher.nonname_shapes.may_contain(w) && self.lexicon.names.nonnames.contains(w)
    }

    /// Whether `w` is a particle inside names ("al", "bin"); the shape test first.
    #[inline]
    fn is_particle(&self, w: &str) -> bool {
        self.matcher.particle_shapes.may_contain(w) && self.lexicon.names.particles.contains(w)
    }

    /// Whether `w` is an honorific or title ("Colonel", "Dr"); the shape test first.
    #[inline]
    fn is_honorific(&self, w: &str) -> bool {
        self.matcher.honorific_shapes.may_contain(w) && self.lexicon.names.honorifics.contains_key(w)
    }

    /// Capitalised names that read as organisations: a run ending in an organisation
    /// head word ("International Institute for Strategic Studies", "Arakan Army"), or a
    /// name before an armed-group term ("the Gran Grif gang"). Returns the span, the
    /// country (named inside or right before the run, or, for armed groups, the country
    /// the passage is about) and the role code.
    fn unknown_organisations(
        &self,
        found: &[Found],
        agents: &[AgentHit],
        countries: &CountryIndex,
        capitals: &[usize],
    ) -> Vec<(usize, usize, Option<String>, String)> {
        let text = self.text;
        let names = &self.lexicon.names;
        let country_in = |s: usize, e: usize| {
            found.iter().find_map(|f| match f.kind {
                FoundKind::Country(i, _) if f.start >= s && f.end <= e => Some(self.lexicon.countries[i].code.clone()),
                _ => None,
            })
        };
        let mut out = Vec::new();
        // Only capitalised tokens and tokens that open an agent term can start a name:
        // those, in text order.
        // Both lists are in text order: merged, not sorted.
        let mut candidates = Vec::with_capacity(capitals.len() + agents.len());
        let mut opening = agents.iter().map(|a| self.tokens.partition_point(|t| t.start < a.start)).peekable();
        for &c in capitals {
            while let Some(a) = opening.next_if(|&a| a < c) {
                candidates.push(a);
            }
            candidates.push(c);
        }
        candidates.extend(opening);
        candidates.dedup();
        // Tokens and agent terms are both in text order: a cursor, not a search per token.
        let mut next_agent = 0;
        for (i, t) in candidates.into_iter().filter_map(|i| Some((i, self.tokens.get(i)?))) {
            let w = t.text(text);
            while agents.get(next_agent).is_some_and(|a| a.start < t.start) {
                next_agent += 1;
            }
            let agent = agents.get(next_agent).filter(|a| a.start == t.start);
            if agent.is_none() && !starts_upper(w) {
                continue;
            }
            // "Real Madrid", "Dynamo Moscow": a club's first word and the capitalised
            // words after it.
            let org_word = self.matcher.org_word_shapes.may_contain(w);
            if let Some(role) = org_word.then(|| names.org_prefixes.get(w)).flatten() {
                let after_name = i > 0 && {
                    let p = self.tokens[i - 1];
                    p.kind == TokenKind::Word && starts_upper(p.text(text)) && text[p.end..t.start] == *" "
                };
                let run = self.capitalised_run(i + 1, 2);
                if !after_name && run > i + 1 {
                    let (s, e) = (t.start, self.tokens[run - 1].end);
                    out.push((s, e, country_in(s, e), role.clone()));
                    continue;
                }
            }
            let head_role = if org_word { names.org_heads.get(w).cloned() } else { None };
            let armed = agent.map(|a| &self.lexicon.agents[a.agent]).filter(|a| {
                a.kind == AgentKind::Group && matches!(a.code.as_str(), "REB" | "INS" | "UAF" | "CRM" | "SEP" | "RAD")
            });
            if head_role.is_none() && armed.is_none() {
                continue;
            }
            // Walk back over capitalised words and the connectors inside names.
            let mut j = i;
            let mut capitalised = 0;
            while j > 0 {
                let p = self.tokens[j - 1];
                let pw = p.text(text);
                if (p.kind != TokenKind::Word && pw != "&")
                    || !text[p.end..self.tokens[j].start].chars().all(|c| c == ' ')
                {
                    break;
                }
                // "St. Louis-based Mercantile Bancorp": the place before is not in the name.
                if starts_upper(pw) && !self.is_nonname(pw) && !pw.ends_with("-based") {
                    capitalised += 1;
                    j -= 1;
                } else if matches!(pw, "of" | "for" | "and" | "on" | "&")
                    && j >= 2
                    && starts_upper(self.tokens[j - 2].text(text))
                    && !self.opens_sentence_not_head(self.tokens[j - 2])
                {
                    j -= 1;
                } else {
                    break;
                }
            }
            while j < i && !starts_upper(self.tokens[j].text(text)) {
                j += 1;
            }
            match (head_role, armed) {
                (Some(role), _) if starts_upper(w) && !self.name_continues(i, agents) => {
                    // "Bank of Canada", "University of Michigan": the name runs on after "of".
                    let of = (self.tokens.get(i + 1).is_some_and(|o| o.text(text) == "of" && o.start == t.end + 1))
                        .then(|| self.capitalised_run(i + 2, 3))
                        .filter(|&run| run > i + 2);
                    if capitalised == 0 && of.is_none() {
                        continue;
                    }
                    let e = of.map_or(t.end, |run| self.tokens[run - 1].end);
                    let s = self.tokens[j].start;
                    let country = country_in(s, e).or_else(|| {
                        let before = text[..s].trim_end_matches(' ');
                        let before = before.strip_suffix("'s").unwrap_or(before);
                        found.iter().find_map(|f| match f.kind {
                            FoundKind::Country(c, _) if f.end == before.len() => {
                                Some(self.lexicon.countries[c].code.clone())
                            }
                            _ => None,
                        })
                    });
                    out.push((s, e, country, role));
                }
                (None, Some(agent)) if capitalised >= 1 => {
                    let (s, e) = (self.tokens[j].start, self.tokens[i - 1].end);
                    let country = country_in(s, e).or_else(|| countries.nearest(self.sentences, s));
                    out.push((s, e, country, agent.code.clone()));
                }
                _ => {}
            }
        }
        out
    }

    /// The end (token index, exclusive) of up to `max` capitalised words from token `i`,
    /// each after a single space; `i` itself when none.
    fn capitalised_run(&self, i: usize, max: usize) -> usize {
        let text = self.text;
        let mut k = i;
        while k < self.tokens.len() && k - i < max {
            let t = self.tokens[k];
            let w = t.text(text);
            let spaced = k > 0 && text[self.tokens[k - 1].end..t.start] == *" ";
            if !spaced || t.kind != TokenKind::Word || !starts_upper(w) || self.is_nonname(w) {
                break;
            }
            k += 1;
        }
        k
    }

    /// "Shares of Harlow & Finch Co": a sentence's first word is capitalised as such,
    /// so before a connector it opens the name only as an organisation's head word.
    fn opens_sentence_not_head(&self, t: Token) -> bool {
        self.sentences.binary_search_by_key(&t.start, |s| s.0).is_ok()
            && !self.lexicon.names.org_heads.contains_key(t.text(self.text))
    }

    /// Whether the capitalised name through token `i` goes on with another name word
    /// ("Union" in "Union Carbide"), so `i` does not end it; a title or agent term after
    /// it does not count ("Finance Ministry Spokesman").
    fn name_continues(&self, i: usize, agents: &[AgentHit]) -> bool {
        let text = self.text;
        self.tokens.get(i + 1).is_some_and(|n| {
            let w = n.text(text);
            n.kind == TokenKind::Word
                && n.start == self.tokens[i].end + 1
                && starts_upper(w)
                && !self.is_nonname(w)
                && !self.is_honorific(w)
                && agent_at(agents, n.start).is_none()
        })
    }

    /// Whether the document is a sports report: two words of the sports vocabulary.
    fn is_sports_report(&self) -> bool {
        let sport = &self.lexicon.names.sport;
        let mut hits = 0;
        let mut buf = [0u8; 16];
        for t in self.tokens {
            // The bytes, not the str: no char-boundary checks on every token.
            let w = &self.text.as_bytes()[t.start..t.end];
            if t.kind != TokenKind::Word
                || w.len() < 4
                || w.len() > buf.len()
                || !self.matcher.sport_shapes.may_contain_folded(w)
            {
                continue;
            }
            for (b, c) in buf.iter_mut().zip(w) {
                *b = c.to_ascii_lowercase();
            }
            if std::str::from_utf8(&buf[..w.len()]).is_ok_and(|lw| sport.contains(lw)) {
                hits += 1;
                if hits == 2 {
                    return true;
                }
            }
        }
        false
    }

    /// "Pohang 3 Ulsan 2", "Surrey 429-7", "CHICAGO 55 40 .579": in a sports report, one
    /// to three capitalised words no other reading took, right before a score, are a
    /// team. Not before a year, after a word that lists players ("Scorers: Ronaldo 23"),
    /// nor a label with its number ("Round 2").
    fn sports_teams(&self, found: &[Found], capitals: &[usize]) -> Vec<(usize, usize)> {
        let text = self.text;
        let names = &self.lexicon.names;
        let mut out = Vec::new();
        let mut sports: Option<bool> = None;
        let mut i = 0;
        // A cursor into the capitalised tokens: a run of names starts at one of them.
        let mut next_capital = 0;
        while i < self.tokens.len() {
            while capitals.get(next_capital).is_some_and(|&c| c < i) {
                next_capital += 1;
            }
            let Some(&c) = capitals.get(next_capital) else { break };
            i = c;
            let t = self.tokens[i];
            if t.kind != TokenKind::Word {
                i += 1;
                continue;
            }
            let mut k = i;
            while self.tokens.get(k + 1).is_some_and(|n| {
                n.kind == TokenKind::Word && starts_upper(n.text(text)) && text[self.tokens[k].end..n.start] == *" "
            }) {
                k += 1;
            }
            let (first, last) = (i, k);
            i = k + 1;
            // Before a score, or on either side of "v" ("Walsall v Wrexham").
            let versus = |t: &Token| matches!(t.text(text), "v" | "vs");
            let score = self.tokens.get(last + 1).filter(|n| text[self.tokens[last].end..n.start] == *" ");
            let scored = score.is_some_and(|n| {
                let number = n.text(text);
                let year = number.len() == 4 && (number.starts_with("19") || number.starts_with("20"));
                n.kind == TokenKind::Number && !year
            });
            let after_v = first
                .checked_sub(1)
                .map(|k| self.tokens[k])
                .is_some_and(|p| versus(&p) && text[p.end..self.tokens[first].start] == *" ");
            if last - first > 2 || !(scored || after_v || score.is_some_and(versus)) {
                continue;
            }
            // Table rows and score lines start a line or follow punctuation or a score; a
            // name after a lower-case word or a bracket is a player's ("c Vaas b Chandana 56",
            // "( Ijaz Ahmed 79 )").
            // A label with its number opens a row too ("Division one Stoke 4 3 1").
            if let Some(p) = first.checked_sub(1).map(|k| self.tokens[k]) {
                let pw = p.text(text);
                let labelled = first >= 2 && names.labels.contains(self.tokens[first - 2].text(text));
                if (p.kind == TokenKind::Word && !starts_upper(pw) && !labelled && !after_v) || pw == "(" {
                    continue;
                }
            }
            let listed = |w: &str| self.is_nonname(w) || names.labels.contains(w) || names.rosters.contains(w);
            let words = || self.tokens[first..=last].iter().map(|x| x.text(text));
            if words().any(|w| listed(w) || (is_all_caps_acronym(w) && listed(&title_case(w)))) {
                continue;
            }
            let (s, e) = (self.tokens[first].start, self.tokens[last].end);
            if found.iter().any(|f| f.start < e && s < f.end) {
                continue;
            }
            let sentence_start = self.sentences.get(self.sentences.partition_point(|x| x.0 <= s).saturating_sub(1));
            let before = sentence_start.map_or("", |x| &text[x.0.min(s)..s]);
            if before.split(|c: char| !c.is_alphanumeric()).any(|w| names.rosters.contains(w)) {
                continue;
            }
            if !*sports.get_or_insert_with(|| self.is_sports_report()) {
                return out;
            }
            out.push((s, e));
        }
        out
    }

    /// The draft of the known organisation a bracketed name at `s..e` glosses: the name
    /// fills the brackets, which directly follow the organisation.
    fn glossed(&self, found: &[Found], s: usize, e: usize) -> Option<usize> {
        let text = self.text;
        let open = text[..s].trim_end_matches(' ').strip_suffix('(')?.trim_end_matches(' ').len();
        if !text[e..].trim_start_matches(' ').starts_with(')') {
            return None;
        }
        found.iter().find(|f| f.end == open && matches!(f.kind, FoundKind::Org(_))).map(|f| f.key)
    }

    /// "Kurdistan Democratic Party ( KDP )": capitals in brackets right after an
    /// organisation's name are its acronym, a mention of it here and wherever else the
    /// document uses it.
    fn acronyms_defined(&self, drafts: &[Actor], found: &mut Vec<Found>, named: &mut Vec<(usize, usize, usize)>) {
        let text = self.text;
        let mut new = Vec::new();
        for f in found.iter() {
            let organisation = matches!(f.kind, FoundKind::Org(_))
                || (f.kind == FoundKind::Composite
                    && (drafts[f.key].key.starts_with("org:") || drafts[f.key].key.starts_with("organization:")));
            if !organisation {
                continue;
            }
            let rest = &text[f.end..];
            let Some(inner) = rest.strip_prefix(" (").or_else(|| rest.strip_prefix("(")) else { continue };
            let lead = inner.len() - inner.trim_start_matches(' ').len();
            let word = &inner[lead..];
            let len = word.find(|c: char| !c.is_ascii_uppercase()).unwrap_or(word.len());
            if !(2..=6).contains(&len) || !word[len..].trim_start_matches(' ').starts_with(')') {
                continue;
            }
            let s = text.len() - word.len();
            new.push(Found { start: s, end: s + len, key: f.key, kind: f.kind });
        }
        for n in new {
            if !found.iter().any(|f| f.start < n.end && n.start < f.end) {
                named.push((n.start, n.end, n.key));
                found.push(n);
            }
        }
    }

    /// Other mentions of the organisations in `named`, written the same way and not
    /// read otherwise: a name keeps one sense in a document.
    fn same_names_again(&self, found: &mut Vec<Found>, named: &[(usize, usize, usize)], capitals: &[usize]) {
        if named.is_empty() {
            return;
        }
        let text = self.text;
        let mut by_first: HashMap<&str, Vec<(&str, usize)>> = HashMap::default();
        for &(s, e, key) in named {
            let name = &text[s..e];
            let first = name.split(' ').next().unwrap_or(name);
            let list = by_first.entry(first).or_default();
            if !list.iter().any(|(n, _)| *n == name) {
                list.push((name, key));
            }
        }
        let mut spans: Vec<(usize, usize)> = found.iter().map(|f| (f.start, f.end)).collect();
        spans.sort_unstable();
        let longest = spans.iter().map(|s| s.1 - s.0).max().unwrap_or(0);
        let mut new = Vec::new();
        for t in capitals.iter().map(|&i| &self.tokens[i]) {
            if t.kind != TokenKind::Word || !text.as_bytes()[t.start].is_ascii_uppercase() {
                continue;
            }
            let Some(list) = by_first.get(t.text(text)) else { continue };
            let rest = &text[t.start..];
            // The longest name written here, ending at a word's end.
            let hit = list
                .iter()
                .filter(|(n, _)| {
                    rest.starts_with(*n) && !rest[n.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '-')
                })
                .max_by_key(|(n, _)| n.len());
            let Some((n, key)) = hit else { continue };
            let (s, e) = (t.start, t.start + n.len());
            // "NEW YORK 1996-08-30": a dateline names the place.
            let after = rest[n.len()..].trim_start_matches(' ');
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 4 && (after.starts_with("19") || after.starts_with("20")) {
                continue;
            }
            let from = spans.partition_point(|x| x.0 + longest <= s);
            if spans[from..].iter().take_while(|x| x.0 < e).any(|x| s < x.1) {
                continue;
            }
            new.push(Found { start: s, end: e, key: *key, kind: FoundKind::Composite });
        }
        found.extend(new);
    }

    /// The role code of an agent term, taken from a sector term right before it
    /// ("police spokesman" -> COP).
    fn owner_role(&self, agents: &[AgentHit], a: &AgentHit) -> String {
        let i = agents.partition_point(|b| b.start < a.start);
        let before = i
            .checked_sub(1)
            .map(|i| &agents[i])
            .filter(|b| b.end < a.start && self.text[b.end..a.start].trim().is_empty());
        let agent = before.map_or(a.agent, |b| b.agent);
        self.lexicon.agents[agent].code.clone()
    }

    /// A run of agent terms starting at `pos` (after an owner at `owner_start`), allowing
    /// up to `max_modifiers` lower-case modifier words before it ("Sudan's paramilitary forces").
    fn agent_run_after(
        &self,
        pos: usize,
        agents: &[AgentHit],
        owner_start: usize,
        max_modifiers: usize,
    ) -> Option<Vec<AgentHit>> {
        let text = self.text;
        let sentence_end = self.sentence_end(owner_start);
        let mut at = skip_space(text, pos);
        let mut modifiers = 0;
        let mut run: Vec<AgentHit> = Vec::new();
        loop {
            if at >= sentence_end {
                break;
            }
            if let Some(a) = agent_at(agents, at) {
                run.push(*a);
                at = skip_space(text, a.end);
                continue;
            }
            if !run.is_empty() || modifiers >= max_modifiers {
                break;
            }
            let word_end = text[at..].find(|c: char| !c.is_alphabetic() && c != '-').map_or(text.len(), |n| at + n);
            let word = &text[at..word_end];
            if word.is_empty() || !word.chars().all(|c| c.is_lowercase() || c == '-') || STOP_MODIFIERS.contains(&word)
            {
                break;
            }
            modifiers += 1;
            at = skip_space(text, word_end);
        }
        (!run.is_empty()).then_some(run)
    }

    /// Whether only a determiner, if anything, stands before `pos` in its sentence.
    fn opens_sentence(&self, pos: usize) -> bool {
        let i = self.sentences.partition_point(|&(s, _)| s <= pos).saturating_sub(1);
        let start = self.sentences.get(i).map_or(0, |&(s, _)| s).min(pos);
        let before = self.text[start..pos].trim();
        before.is_empty() || self.lexicon.grammar.determiners.contains(&before.to_lowercase())
    }

    fn sentence_end(&self, pos: usize) -> usize {
        let i = self.sentences.partition_point(|&(s, _)| s <= pos).saturating_sub(1);
        self.sentences.get(i).filter(|(s, e)| *s <= pos && pos < *e).map_or(self.text.len(), |(_, e)| *e)
    }

    /// Builds the composite actor for `owner` + agent run spanning `start..end`.
    fn composite(
        &self,
        owner_code: &str,
        country: Option<String>,
        run: &[AgentHit],
        start: usize,
        end: usize,
        owner_is_org: bool,
    ) -> Actor {
        let agents = &self.lexicon.agents;
        let head = run.last().expect("non-empty run");
        let head_agent = &agents[head.agent];
        // The role comes from the last body or sector in the run ("military intelligence
        // chief" -> SPY), else from the title itself ("ambassador" -> GOV).
        let role = run
            .iter()
            .rev()
            .map(|a| &agents[a.agent])
            .find(|a| a.kind != AgentKind::Person)
            .unwrap_or(head_agent)
            .code
            .clone();
        let code =
            if owner_is_org || owner_code.len() != 3 { owner_code.to_string() } else { [owner_code, &role].concat() };
        let kind = match head_agent.kind {
            AgentKind::Person => EntityKind::Person,
            AgentKind::Organization => EntityKind::Organization,
            AgentKind::Group => EntityKind::Group,
        };
        let role_text = self.text[run[0].start..head.end].to_lowercase();
        let surface = &self.text[start..end];
        let key = match kind {
            // Concatenated rather than formatted: this runs for every composite.
            EntityKind::Group => ["group:", &code].concat(),
            _ => keyed_slug(&[kind.as_str(), ":", &code, ":"].concat(), &self.text[head.start..head.end]),
        };
        Actor {
            key,
            name: surface.to_string(),
            kind,
            code: Some(code),
            country,
            roles: if kind == EntityKind::Person { vec![role_text] } else { vec![] },
            mentions: vec![],
        }
    }

    /// A capitalised name directly after a title (`pos` = end of the title), or after an
    /// apposition comma within a few words ("ambassador to the country, Georgy Zinoviev").
    fn name_after_title(&self, pos: usize) -> Option<(usize, usize)> {
        let text = self.text;
        let next = skip_space(text, pos);
        if next > pos && next - pos == 1 {
            if let Some(span) = self.name_at(next) {
                return Some(span);
            }
        }
        // Apposition: up to six words without punctuation, then ", Name".
        let limit = crate::segment::floor_boundary(text, (pos + 60).min(self.sentence_end(pos)));
        let window = &text[pos..limit];
        let comma = window.find(',')?;
        let between = &window[..comma];
        if between.split_whitespace().count() > 6 || between.contains(['.', ';', ':', '"']) {
            return None;
        }
        let start = skip_space(text, pos + comma + 1);
        self.name_at(start)
    }

    /// Two to four capitalised name tokens starting at `pos` (particles such as "al" or
    /// "bin" may stand between them), not starting with a word that never opens a name.
    fn name_at(&self, pos: usize) -> Option<(usize, usize)> {
        let text = self.text;
        let names = &self.lexicon.names;
        let first = self.tokens.partition_point(|t| t.start < pos);
        if self.tokens.get(first).is_none_or(|t| t.start != pos) {
            return None;
        }
        // At most six parts, each with whether it is a particle ("al", "bin"): an array,
        // not a Vec, and one particle lookup per part (this runs for every candidate).
        let mut parts = [(Token { start: 0, end: 0, kind: TokenKind::Word }, false); 6];
        let mut n: usize = 0;
        for t in &self.tokens[first..] {
            if let Some((prev, _)) = n.checked_sub(1).map(|k| parts[k]) {
                if t.start == prev.end || !text[prev.end..t.start].chars().all(|c| c == ' ') {
                    break;
                }
            }
            if t.kind != TokenKind::Word {
                break;
            }
            let w = t.text(text);
            let upper = starts_upper(w);
            let particle = self.is_particle(w);
            if !(upper || particle || is_prefixed_name(w, &names.particles)) {
                break;
            }
            if upper && n > 0 && (self.is_nonname(w) || is_all_caps_acronym(w)) {
                break;
            }
            parts[n] = (*t, particle);
            n += 1;
            if n == parts.len() {
                break;
            }
        }
        // Titles before the name are not part of it ("Lieutenant Colonel Jean-Pierre Kasongo").
        let from = parts[..n].iter().rposition(|(t, _)| self.is_honorific(t.text(text))).map_or(0, |k| k + 1);
        while n > from && parts[n - 1].1 {
            n -= 1;
        }
        let parts = &parts[from..n];
        let (head, _) = parts.first()?;
        let w = head.text(text);
        if self.is_nonname(w) || !starts_upper(w) {
            return None;
        }
        let words = parts.iter().filter(|(_, particle)| !particle).count();
        if words > 4 || (words == 1 && head.end - head.start <= 2) {
            return None;
        }
        Some((head.start, parts.last()?.0.end))
    }

    /// "Andriy Yusov, a spokesman for Ukraine's military intelligence, ...": a name
    /// followed by a comma, an article and, within a few words, a title.
    fn names_in_apposition(&self, agents: &[AgentHit], commas: &[usize], people: &mut Vec<PersonCue>) {
        let text = self.text;
        for (i, t) in commas.iter().map(|&i| (i, &self.tokens[i])) {
            if i < 2 {
                continue;
            }
            let Some(article) = self.tokens.get(i + 1) else { continue };
            if !matches!(article.text(text), "a" | "an" | "the") {
                continue;
            }
            let window_end = self.tokens[i + 1..]
                .iter()
                .take(9)
                .find(|w| matches!(w.text(text), "," | "." | ";" | ":"))
                .map_or(text.len(), |w| w.start);
            let from = agents.partition_point(|a| a.start <= article.end);
            let title = agents[from..]
                .iter()
                .take_while(|a| a.end <= window_end)
                .find(|a| self.lexicon.agents[a.agent].kind == AgentKind::Person);
            let Some(title) = title else { continue };
            // Walk back over the capitalised name before the comma.
            let mut j = i;
            while j > 0 && i - j < 4 {
                let p = self.tokens[j - 1];
                let w = p.text(text);
                if p.kind != TokenKind::Word || !(starts_upper(w) || self.is_particle(w)) {
                    break;
                }
                j -= 1;
            }
            if i - j < 2 {
                continue;
            }
            if let Some((s, e)) = self.name_at(self.tokens[j].start) {
                if e == t.start {
                    let role = self.lexicon.agents[title.agent].code.clone();
                    let described = Some((article.end, window_end));
                    people.push(PersonCue { start: s, end: e, title: None, role: Some(role), described });
                }
            }
        }
    }

    /// "Phil Simmons took four wickets", "after Nasser Hussain and Peter Such": two or three
    /// capitalised words opening with a common given name are a person's name, unless
    /// they continue a longer capitalised name ("Fort William Henry") or end in a word that
    /// makes them an organisation or a place ("Paul Getty Foundation", "Victor Harbor
    /// River"). Countries and organisations found on the same words win later.
    fn names_from_given_names(&self, found: &[Found], capitals: &[usize], people: &mut Vec<PersonCue>) {
        let given = &self.lexicon.given_names;
        if given.is_empty() {
            return;
        }
        let text = self.text;
        let names = &self.lexicon.names;
        for (i, t) in capitals.iter().map(|&i| (i, &self.tokens[i])) {
            // Cheap tests first (this runs on every capitalised token): an ASCII capital,
            // then a space and a letter right after the word ("Ali al-Sistani").
            let bytes = text.as_bytes();
            if t.kind != TokenKind::Word
                || !bytes[t.start].is_ascii_uppercase()
                || bytes.get(t.end) != Some(&b' ')
                || !bytes.get(t.end + 1).is_some_and(|b| b.is_ascii_alphabetic() || *b >= 0x80)
            {
                continue;
            }
            let w = t.text(text);
            if !self.matcher.given_name_shapes.may_contain(w) || !given.contains(w) {
                continue;
            }
            if let Some(p) = i.checked_sub(1).map(|k| self.tokens[k]) {
                let pw = p.text(text);
                let sentence_start = self.sentences.binary_search_by_key(&p.start, |s| s.0).is_ok();
                let continues = p.kind == TokenKind::Word
                    && !sentence_start
                    && text[p.end..t.start] == *" "
                    && starts_upper(pw)
                    && !self.is_nonname(pw)
                    && !self.is_honorific(pw)
                    && !found.iter().any(|f| f.start <= p.start && p.end <= f.end);
                if continues {
                    continue;
                }
            }
            let Some((s, e)) = self.name_at(t.start) else { continue };
            if s != t.start {
                continue;
            }
            let first = self.tokens[i..].partition_point(|x| x.end <= e) + i;
            let words: Vec<&str> =
                self.tokens[i..first].iter().map(|x| x.text(text)).filter(|x| !self.is_particle(x)).collect();
            if !(2..=3).contains(&words.len()) {
                continue;
            }
            let shapes_other = |x: &&str| {
                names.org_heads.contains_key(*x)
                    || names.features.contains(*x)
                    || names.place_suffixes.contains(*x)
                    || self.is_honorific(x)
                    || names.facilities.contains(*x)
            };
            let next_word = self.tokens.get(first).filter(|n| n.kind == TokenKind::Word && text[e..n.start] == *" ");
            if words[1..].iter().any(shapes_other) || next_word.is_some_and(|n| names.facilities.contains(n.text(text)))
            {
                continue;
            }
            people.push(PersonCue { start: s, end: e, title: None, role: None, described: None });
        }
    }

    /// "H. Morris", "P. Simmons 4-38": an initial (one capital and a full stop) before one
    /// or two capitalised words is a person's name, unless it continues a longer name
    /// ("John F. Kennedy" is found whole by other cues).
    fn names_with_initials(&self, found: &[Found], capitals: &[usize], people: &mut Vec<PersonCue>) {
        let text = self.text;
        let names = &self.lexicon.names;
        for (i, t) in capitals.iter().map(|&i| (i, &self.tokens[i])) {
            if t.kind != TokenKind::Word || t.end - t.start != 1 || !text.as_bytes()[t.start].is_ascii_uppercase() {
                continue;
            }
            let (Some(stop), Some(next)) = (self.tokens.get(i + 1), self.tokens.get(i + 2)) else { continue };
            if stop.start != t.end || stop.text(text) != "." || text[stop.end..next.start] != *" " {
                continue;
            }
            if let Some(p) = i.checked_sub(1).map(|k| self.tokens[k]) {
                let pw = p.text(text);
                if p.kind == TokenKind::Word && starts_upper(pw) && !self.is_nonname(pw) {
                    continue;
                }
                if pw == "." && i >= 2 && self.tokens[i - 2].end - self.tokens[i - 2].start == 1 {
                    continue; // "J. R. Smith": the second of two initials
                }
            }
            let Some((s, e)) = self.name_at(next.start) else { continue };
            let last = self.tokens[i + 2..].partition_point(|x| x.end <= e) + i + 2;
            let words: Vec<&str> = self.tokens[i + 2..last].iter().map(|x| x.text(text)).collect();
            let other = |x: &&str| {
                names.org_heads.contains_key(*x)
                    || names.features.contains(*x)
                    || names.place_suffixes.contains(*x)
                    || names.facilities.contains(*x)
                    || self.is_nonname(x)
                    || is_all_caps_acronym(x)
            };
            if s != next.start || words.len() > 2 || words.iter().any(other) {
                continue;
            }
            if found.iter().any(|f| f.start < e && s < f.end) {
                continue;
            }
            people.push(PersonCue { start: t.start, end: e, title: None, role: None, described: None });
        }
    }

    /// "Ken Green, Jerry Kelly and Olin Browne": two or three capitalised words listed
    /// (after a comma or "and") next to a person's full name are a person's name too.
    fn names_coordinated_with_people(&self, people: &mut Vec<PersonCue>) {
        let text = self.text;
        let names = &self.lexicon.names;
        let full = |s: usize, e: usize| text[s..e].contains(' ');
        let mut queue: Vec<(usize, usize)> =
            people.iter().filter(|p| full(p.start, p.end)).map(|p| (p.start, p.end)).collect();
        let mut seen: FxHashSet<usize> = queue.iter().map(|q| q.0).collect();
        let plain = |s: usize, e: usize| {
            let words: Vec<&str> = text[s..e].split(' ').collect();
            (2..=3).contains(&words.len())
                && words.iter().all(|w| {
                    !names.org_heads.contains_key(*w)
                        && !names.features.contains(*w)
                        && !names.place_suffixes.contains(*w)
                        && !names.facilities.contains(*w)
                        && !self.is_honorific(w)
                })
        };
        while let Some((s, e)) = queue.pop() {
            let mut candidates = Vec::with_capacity(2);
            // After: "X Y, Name" / "X Y and Name" / "X Y, and Name".
            let mut p = skip_space(text, e);
            let mut linked = false;
            if text[p..].starts_with(',') {
                p = skip_space(text, p + 1);
                linked = true;
            }
            if text[p..].starts_with("and ") {
                p = skip_space(text, p + 4);
                linked = true;
            }
            if linked {
                if let Some((ns, ne)) = self.name_at(p) {
                    let after = self.tokens.partition_point(|t| t.start < ne);
                    let continues = self
                        .tokens
                        .get(after)
                        .is_some_and(|t| t.start == ne + 1 && t.kind == TokenKind::Word && starts_upper(t.text(text)));
                    if ns == p && !continues {
                        candidates.push((ns, ne));
                    }
                }
            }
            // Before: "Name, X Y" / "Name and X Y".
            let before = text[..s].trim_end_matches(' ');
            let before =
                before.strip_suffix(" and").or_else(|| before.strip_suffix(',')).map(|b| b.trim_end_matches(' '));
            if let Some(b) = before.filter(|b| !b.ends_with(',')) {
                let end = b.len();
                let last = self.tokens.partition_point(|t| t.end <= end);
                if last > 0 && self.tokens[last - 1].end == end {
                    let mut j = last;
                    while j > 0 {
                        let t = self.tokens[j - 1];
                        let w = t.text(text);
                        let glued = j == last || text[t.end..self.tokens[j].start] == *" ";
                        if !glued || t.kind != TokenKind::Word || !starts_upper(w) || self.is_nonname(w) {
                            break;
                        }
                        j -= 1;
                    }
                    if last - j >= 2 {
                        let start = self.tokens[j].start;
                        if self.name_at(start).is_some_and(|span| span == (start, end)) {
                            candidates.push((start, end));
                        }
                    }
                }
            }
            for (cs, ce) in candidates {
                if plain(cs, ce) && seen.insert(cs) {
                    people.push(PersonCue { start: cs, end: ce, title: None, role: None, described: None });
                    queue.push((cs, ce));
                }
            }
        }
    }

    /// "Amina Diallo said", "Amina Diallo, the army spokeswoman, said": two or three
    /// capitalised words no lexicon knows, before a reporting verb.
    fn names_before_reporting_verbs(&self, people: &mut Vec<PersonCue>) {
        let text = self.text;
        // One pass: each token is tested for a reporting verb once. The names after the
        // verb ("..., said Fatima Adam, a mother of four") are kept apart and go after
        // those before it, the order the cues are read in.
        let mut after_verb = Vec::new();
        for (i, t) in self.tokens.iter().enumerate() {
            // Reporting verbs open with a lower-case ASCII letter, and have the shape of
            // one: tests on the bytes, inline, before slicing the word and hashing it.
            let word = &text.as_bytes()[t.start..t.end];
            if t.kind != TokenKind::Word
                || !word[0].is_ascii_lowercase()
                || !self.matcher.reporting_shapes.may_contain_bytes(word)
                || !self.is_reporting(t.text(text))
            {
                continue;
            }
            if i >= 2 {
                if let Some(cue) = self.name_before_verb(i) {
                    people.push(cue);
                }
            }
            let Some(next) = self.tokens.get(i + 1) else { continue };
            if !text[t.end..next.start].chars().all(|c| c == ' ') {
                continue;
            }
            if let Some((s, e)) = self.name_at(next.start) {
                let words = text[s..e].split(' ').count();
                let after = text[e..].trim_start();
                if (2..=4).contains(&words) && (after.starts_with(',') || after.starts_with('.')) {
                    after_verb.push(PersonCue { start: s, end: e, title: None, role: None, described: None });
                }
            }
        }
        people.append(&mut after_verb);
    }

    /// "Amina Diallo said": two or three capitalised words right before the reporting
    /// verb at token `i` that make a name.
    fn name_before_verb(&self, i: usize) -> Option<PersonCue> {
        let text = self.text;
        // Walk back over capitalised words.
        let mut j = i;
        while j > 0 {
            let p = self.tokens[j - 1];
            let pw = p.text(text);
            let glued = text[p.end..self.tokens[j].start].chars().all(|c| c == ' ');
            if !glued || p.kind != TokenKind::Word || !(starts_upper(pw) || self.is_particle(pw)) {
                break;
            }
            j -= 1;
        }
        if !(2..=3).contains(&(i - j)) {
            return None;
        }
        let span = self.name_at(self.tokens[j].start)?;
        (span.1 == self.tokens[i - 1].end).then_some(PersonCue {
            start: span.0,
            end: span.1,
            title: None,
            role: None,
            described: None,
        })
    }
}

/// Where a person's name was found, and what title came with it.
#[derive(Debug, Clone)]
struct PersonCue {
    start: usize,
    end: usize,
    /// Index of the composite title naming them ("Russia's ambassador").
    title: Option<usize>,
    /// Role code from an honorific or apposition ("Colonel" -> MIL).
    role: Option<String>,
    /// The apposition that describes them, where their country may be named
    /// ("a spokesman for Ukraine's military intelligence").
    described: Option<(usize, usize)>,
}

/// Country mentions in text order, for finding the one nearest a position.
struct CountryIndex<'a>(Vec<(usize, &'a str)>);

impl<'a> CountryIndex<'a> {
    fn new(found: &[Found], lexicon: &'a Lexicon) -> CountryIndex<'a> {
        let mut v: Vec<(usize, &str)> = Vec::with_capacity(found.len());
        v.extend(found.iter().filter_map(|f| match f.kind {
            FoundKind::Country(i, _) => Some((f.start, lexicon.countries[i].code.as_str())),
            _ => None,
        }));
        v.sort_unstable();
        CountryIndex(v)
    }

    /// The country mentioned nearest before `pos` in its sentence, else last in the
    /// previous sentence, else first after it in its sentence, else first in the next.
    fn nearest(&self, sentences: &[(usize, usize)], pos: usize) -> Option<String> {
        let si = sentences.partition_point(|&(s, _)| s <= pos).saturating_sub(1);
        let (s_start, s_end) = sentences.get(si).copied().unwrap_or((0, usize::MAX));
        let prev_start = si.checked_sub(1).and_then(|i| sentences.get(i)).map_or(s_start, |p| p.0);
        let next_end = sentences.get(si + 1).map_or(s_end, |n| n.1);
        let at = self.0.partition_point(|(p, _)| *p < pos);
        let before = at.checked_sub(1).map(|i| &self.0[i]);
        let after = self.0.get(at).filter(|(p, _)| *p == pos).map_or(self.0.get(at), |_| self.0.get(at + 1));
        let hit = match (before, after) {
            (Some(b), _) if b.0 >= s_start => Some(b),
            (Some(b), _) if b.0 >= prev_start => Some(b),
            (_, Some(a)) if a.0 < next_end => Some(a),
            _ => None,
        };
        hit.map(|(_, c)| c.to_string())
    }
}

/// Words that end a modifier run before an agent term.
const STOP_MODIFIERS: &[&str] = &[
    "and", "or", "but", "is", "are", "was", "were", "has", "have", "had", "will", "would", "may", "might", "could",
    "should", "can", "said", "says", "of", "to", "in", "on", "at", "for", "with", "by", "from", "that", "which", "who",
    "as", "than", "the", "a", "an", "its", "their", "his", "her", "also", "not", "be", "been",
];

/// The agent term starting at `pos` (agents are in text order).
fn agent_at(agents: &[AgentHit], pos: usize) -> Option<&AgentHit> {
    let i = agents.partition_point(|a| a.start < pos);
    agents.get(i).filter(|a| a.start == pos)
}

/// The index of the draft with entity key `key`, made and added when there is none yet.
fn ensure(
    drafts: &mut Vec<Actor>,
    by_key: &mut HashMap<String, usize>,
    key: &str,
    make: impl FnOnce() -> Actor,
) -> usize {
    if let Some(&i) = by_key.get(key) {
        return i;
    }
    by_key.insert(key.to_string(), drafts.len());
    drafts.push(make());
    drafts.len() - 1
}

fn skip_space(text: &str, pos: usize) -> usize {
    pos + text[pos..].len() - text[pos..].trim_start_matches(' ').len()
}

/// Bits of a word-shape table (4 KiB).
const SHAPE_BITS: u32 = 15;

/// A bit table of the shapes (first two bytes, last byte, length) of the words of a
/// list: a necessary test for membership that costs a few operations and no hashing
/// of the whole word, for lists looked up at every token or capitalised word.
struct WordShapes(Box<[u64]>);

impl WordShapes {
    fn new<S: AsRef<str>>(words: impl Iterator<Item = S>) -> WordShapes {
        let mut bits = vec![0u64; (1 << SHAPE_BITS) / 64].into_boxed_slice();
        for w in words {
            if let Some(shape) = word_shape(w.as_ref().as_bytes()) {
                bits[shape / 64] |= 1 << (shape % 64);
            }
        }
        WordShapes(bits)
    }

    /// False when `w` is surely not in the list.
    #[inline]
    fn may_contain(&self, w: &str) -> bool {
        self.may_contain_bytes(w.as_bytes())
    }

    /// [`WordShapes::may_contain`] of a word's bytes.
    #[inline(always)]
    fn may_contain_bytes(&self, w: &[u8]) -> bool {
        word_shape(w).is_some_and(|shape| self.has(shape))
    }

    /// False when `w`, ASCII-lower-cased, is surely not in the list (of lower-case
    /// words): the test without copying the word to lower-case it.
    #[inline]
    fn may_contain_folded(&self, w: &[u8]) -> bool {
        let (Some(first), Some(last)) = (w.first(), w.last()) else { return false };
        let second = w.get(1).map_or(0, u8::to_ascii_lowercase);
        self.has(shape_index(first.to_ascii_lowercase(), second, last.to_ascii_lowercase(), w.len()))
    }

    #[inline(always)]
    fn has(&self, shape: usize) -> bool {
        self.0[shape / 64] & (1 << (shape % 64)) != 0
    }
}

/// A hash of a word's first two bytes, last byte and length, as an index into a
/// shape table; `None` for the empty word.
#[inline(always)]
fn word_shape(w: &[u8]) -> Option<usize> {
    let (&first, &last) = (w.first()?, w.last()?);
    Some(shape_index(first, w.get(1).copied().unwrap_or(0), last, w.len()))
}

#[inline(always)]
fn shape_index(first: u8, second: u8, last: u8, len: usize) -> usize {
    let key = u64::from(first) | u64::from(second) << 8 | u64::from(last) << 16 | (len as u64) << 24;
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - SHAPE_BITS)) as usize
}

/// [`starts_upper`] of a token's text, without slicing the text for ASCII.
fn token_starts_upper(text: &str, t: &Token) -> bool {
    match text.as_bytes()[..t.end].get(t.start) {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => starts_upper(t.text(text)),
    }
}

fn starts_upper(w: &str) -> bool {
    // ASCII first without decoding: this runs on most tokens, in several passes.
    match w.as_bytes().first() {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        Some(_) => w.chars().next().is_some_and(char::is_uppercase),
    }
}

/// "AUGUST" -> "August", for looking up words written in capitals.
pub(crate) fn title_case(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    for (i, c) in w.chars().enumerate() {
        if i == 0 {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

fn is_all_caps_acronym(w: &str) -> bool {
    w.len() >= 2 && w.chars().all(|c| c.is_uppercase() || c == '.')
}

/// "al-Burhan", "bin-Salman": a particle joined by a hyphen to a capitalised name.
fn is_prefixed_name(w: &str, particles: &FxHashSet<String>) -> bool {
    w.split_once('-').is_some_and(|(p, rest)| particles.contains(p) && starts_upper(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_slugs_are_the_prefix_and_the_slug() {
        for name in ["Kyrylo Budanov", "Côte d'Ivoire", "-Dmitry  Peskov-", "Ünal O'Brien & Co.", "", "--"] {
            assert_eq!(keyed_slug("person:", name), format!("person:{}", slug(name)));
        }
        assert_eq!(keyed_slug("org:", "Douglas & Lomason Co."), "org:douglas-lomason-co");
        assert_eq!(slug("Ünal Öztürk"), "ünal-öztürk");
    }

    #[test]
    fn word_shapes_keep_every_listed_word() {
        let words = ["said", "told", "Bank", "Ministry", "a", "é"];
        let shapes = WordShapes::new(words.iter());
        assert!(words.iter().all(|w| shapes.may_contain(w)));
        assert!(!shapes.may_contain(""));
        // A different length or last letter is another shape.
        let others = ["saidx", "tol", "Banks", "ministry", "b", "Fund"];
        assert!(others.iter().filter(|w| shapes.may_contain(w)).count() <= 1);
        // Lower-case lists tested on words in any case.
        let sport = WordShapes::new(["goal", "striker"].iter());
        assert!(["goal", "GOAL", "Striker", "sTRIKER"].iter().all(|w| sport.may_contain_folded(w.as_bytes())));
        assert!(!sport.may_contain_folded(b""));
    }
}
