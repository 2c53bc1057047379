//! `grammar.txt`: the function words the clause analyser reads structure from.
//!
//! ```text
//! be | is; are; was; were; be; been; being
//! ```
//! These are facts of English, not of any conflict, but they stay data so that the
//! analyser's behaviour can be inspected and tuned without touching Rust.

use rustc_hash::FxHashSet as HashSet;

use crate::{records, LexiconError};

pub const FILE: &str = "grammar.txt";

#[derive(Debug, Clone, Default)]
pub struct GrammarWords {
    pub prepositions: HashSet<String>,
    pub clause_openers: HashSet<String>,
    pub be: HashSet<String>,
    pub coordinators: HashSet<String>,
    pub pronouns: HashSet<String>,
    pub determiners: HashSet<String>,
    /// Words for amounts of people before a partitive "of" ("thousands of Israelis").
    pub amounts: HashSet<String>,
    /// Prepositions that give the setting of an event's object ("the coup in Niger").
    pub settings: HashSet<String>,
    /// Verbs that carry an event noun ("launched an offensive"); multi-word forms keep
    /// their spaces.
    pub light_verbs: HashSet<String>,
    /// Modal words of obligation ("must", "has to"): in reported speech they make the
    /// speaker's demand ("Britain said Libya must hand over the suspects").
    pub obligations: HashSet<String>,
    /// Words by which an actor commits itself to a future act ("will", "would", "ready",
    /// "prepared"): said by the actor's own side, the act announced is a promise or a
    /// threat ("Norway said it will send aid", "the rebels said they would attack").
    pub commitments: HashSet<String>,
    /// Role codes of bodies that speak for their state ("GOV", "MIL"): what they say the
    /// state will do, the state commits itself to (`NORGOV` for `NOR`).
    pub state_roles: HashSet<String>,
    /// CAMEO code prefixes of events that are news without a named party ("five people
    /// were killed", "a protest was held").
    pub standalone: HashSet<String>,
    /// The same for event nouns ("the explosion", "a strike"), a narrower list: a generic
    /// noun such as "fighting" is often background, not the news.
    pub standalone_nouns: HashSet<String>,
    /// Nouns for people harmed who are no armed party ("people", "men", "worshippers"): an
    /// event's target of the civilian kind when no actor is named.
    pub victims: HashSet<String>,
    /// Nouns of natural or accidental harm ("earthquake", "landslide", "cylinder"): harm
    /// they cause is no political violence.
    pub hazards: HashSet<String>,
    /// CAMEO code prefixes of acts two joined subjects do together, each to the other
    /// ("Gondor and Rohan renewed ties").
    pub joint: HashSet<String>,
    /// CAMEO code prefixes of acts whose "that"-clause names their target by its subject
    /// ("demanded that the RSF halt ...", "warned that Israel would ...").
    pub clause_target: HashSet<String>,
    /// CAMEO code prefixes of acts whose complement act names their target
    /// ("proposed holding talks with North Korea", "threatened to attack Israel").
    pub complement_target: HashSet<String>,
    /// Personal pronouns that can be the subject of a verb ("it said", "they argue").
    pub subject_pronouns: HashSet<String>,
    /// Verbs of plain saying ("said", "told", "wrote"): a preposition after one sets the
    /// scene ("said on Monday") where after other cue verbs it completes the cue
    /// ("called for", "pointed to").
    pub saying: HashSet<String>,
    /// Words after which a subject may begin: times, adverbs and subordinators ("today
    /// he said", "because they argue"); after a noun, a pronoun opens a relative clause.
    pub subject_leads: HashSet<String>,
    /// Irregular past forms of common verbs ("spoke", "went", "took"): with the regular
    /// "-ed" forms they end the subject phrase before them ("The senator spoke on Monday,
    /// saying ...").
    pub past: HashSet<String>,
    /// Verbs that name or describe their object ("called her a liar", "dubbed the plan
    /// a failure"): the object is part of what is said, not a listener.
    pub naming: HashSet<String>,
    /// Verbs of aspect that take a cue in the infinitive ("went on to say", "continued to
    /// insist"): the cue's subject is theirs.
    pub aspect: HashSet<String>,
    /// Words after which a cue in "-ing" is a gerund whose subject is the main clause's
    /// ("after telling reporters that", "by arguing that").
    pub gerund_leads: HashSet<String>,
    /// The author's linking words that open a sentence before a comma ("Still,", "In
    /// fact,"): a content that opens the sentence starts after them.
    pub connectives: HashSet<String>,
    /// Adverbs inside a verb group ("always says", "later told"): the cue runs from them.
    pub verb_adverbs: HashSet<String>,
    /// Adverbs inside a verb group after a form of "have" or a modal ("has long argued",
    /// "would ever admit").
    pub perfect_adverbs: HashSet<String>,
    /// Verbs that put out a document or message ("issued a statement", "sent a letter"):
    /// a cue in "-ing" right after the document speaks for the verb's subject. Multi-word
    /// forms keep their spaces.
    pub publish: HashSet<String>,
    /// Verbs of telling ("told"), whose object is always who is told: a "that" after it
    /// opens the content.
    pub listeners: HashSet<String>,
    /// Verbs of asking ("asked"), whose object is who is asked: a question word after it
    /// opens the content.
    pub questions: HashSet<String>,
    /// Words whose "'s" is "is", "has" or "us" ("he's said", "let's hope"), not a
    /// possessive.
    pub contractions: HashSet<String>,
    /// The articles ("the", "a", "an"): a "that" after an object they open is the
    /// object's, not the complementiser of the cue.
    pub articles: HashSet<String>,
}

impl GrammarWords {
    pub fn parse(text: &str, file: &str) -> Result<GrammarWords, LexiconError> {
        let mut g = GrammarWords::default();
        for r in records(text) {
            let items = r.list(1).into_iter().map(str::to_lowercase);
            let set = match r.field(0) {
                "preposition" => &mut g.prepositions,
                "clause" => &mut g.clause_openers,
                "be" => &mut g.be,
                "coordinator" => &mut g.coordinators,
                "pronoun" => &mut g.pronouns,
                "determiner" => &mut g.determiners,
                "amount" => &mut g.amounts,
                "light" => &mut g.light_verbs,
                "setting" => &mut g.settings,
                "obligation" => &mut g.obligations,
                "commitment" => &mut g.commitments,
                "state-role" => &mut g.state_roles,
                "standalone" => &mut g.standalone,
                "standalone-noun" => &mut g.standalone_nouns,
                "victim" => &mut g.victims,
                "hazard" => &mut g.hazards,
                "joint" => &mut g.joint,
                "clause-target" => &mut g.clause_target,
                "complement-target" => &mut g.complement_target,
                "subject-pronoun" => &mut g.subject_pronouns,
                "subject-lead" => &mut g.subject_leads,
                "saying" => &mut g.saying,
                "past" => &mut g.past,
                "naming" => &mut g.naming,
                "aspect" => &mut g.aspect,
                "gerund-lead" => &mut g.gerund_leads,
                "connective" => &mut g.connectives,
                "verb-adverb" => &mut g.verb_adverbs,
                "perfect-adverb" => &mut g.perfect_adverbs,
                "publish" => &mut g.publish,
                "listener" => &mut g.listeners,
                "question" => &mut g.questions,
                "contraction" => &mut g.contractions,
                "article" => &mut g.articles,
                other => return Err(LexiconError::syntax(file, r.line, format!("unknown section '{other}'"))),
            };
            set.extend(items);
        }
        Ok(g)
    }

    pub fn extend(&mut self, other: GrammarWords) {
        self.prepositions.extend(other.prepositions);
        self.clause_openers.extend(other.clause_openers);
        self.be.extend(other.be);
        self.coordinators.extend(other.coordinators);
        self.pronouns.extend(other.pronouns);
        self.determiners.extend(other.determiners);
        self.amounts.extend(other.amounts);
        self.light_verbs.extend(other.light_verbs);
        self.settings.extend(other.settings);
        self.obligations.extend(other.obligations);
        self.commitments.extend(other.commitments);
        self.state_roles.extend(other.state_roles);
        self.standalone.extend(other.standalone);
        self.standalone_nouns.extend(other.standalone_nouns);
        self.victims.extend(other.victims);
        self.hazards.extend(other.hazards);
        self.joint.extend(other.joint);
        self.clause_target.extend(other.clause_target);
        self.complement_target.extend(other.complement_target);
        self.subject_pronouns.extend(other.subject_pronouns);
        self.subject_leads.extend(other.subject_leads);
        self.saying.extend(other.saying);
        self.past.extend(other.past);
        self.naming.extend(other.naming);
        self.aspect.extend(other.aspect);
        self.gerund_leads.extend(other.gerund_leads);
        self.connectives.extend(other.connectives);
        self.verb_adverbs.extend(other.verb_adverbs);
        self.perfect_adverbs.extend(other.perfect_adverbs);
        self.publish.extend(other.publish);
        self.listeners.extend(other.listeners);
        self.questions.extend(other.questions);
        self.contractions.extend(other.contractions);
        self.articles.extend(other.articles);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_fill_their_sets() {
        let g = GrammarWords::parse("be | is; Was\nclause | that; ;\n", "t").unwrap();
        assert!(g.be.contains("was"));
        assert!(g.clause_openers.contains("that"));
    }

    #[test]
    fn builtin_past_forms_are_irregular_verbs() {
        let g = GrammarWords::parse(include_str!("../../../lexicon/grammar.txt"), "grammar.txt").unwrap();
        for w in ["spoke", "went", "took", "made", "sought"] {
            assert!(g.past.contains(w), "{w}");
        }
        // Regular forms are read from their ending; nouns are no past forms.
        assert!(!g.past.contains("declined"));
        assert!(!g.past.contains("senator"));
    }

    #[test]
    fn builtin_naming_verbs_take_no_listener() {
        let g = GrammarWords::parse(include_str!("../../../lexicon/grammar.txt"), "grammar.txt").unwrap();
        for w in ["called", "calling", "dubbed", "labeled"] {
            assert!(g.naming.contains(w), "{w}");
        }
        // Verbs addressed to a listener are not naming verbs.
        for w in ["told", "asked", "urged"] {
            assert!(!g.naming.contains(w), "{w}");
        }
    }

    #[test]
    fn builtin_aspect_verbs_keep_their_spaces() {
        let g = GrammarWords::parse(include_str!("../../../lexicon/grammar.txt"), "grammar.txt").unwrap();
        for w in ["went on", "continued", "goes on"] {
            assert!(g.aspect.contains(w), "{w}");
        }
        assert!(!g.aspect.contains("went"));
        // "criticized him for saying": the gerund after "for" is the object's.
        assert!(g.gerund_leads.contains("by") && !g.gerund_leads.contains("for"));
    }

    #[test]
    fn builtin_saying_verbs_are_plain_speech() {
        let g = GrammarWords::parse(include_str!("../../../lexicon/grammar.txt"), "grammar.txt").unwrap();
        for w in ["said", "told", "wrote", "asked"] {
            assert!(g.saying.contains(w), "{w}");
        }
        // Verbs a preposition completes as a cue are not plain saying.
        for w in ["called", "pointed", "focused", "sided"] {
            assert!(!g.saying.contains(w), "{w}");
        }
    }

    #[test]
    fn builtin_connectives_are_the_author_s_links() {
        let g = GrammarWords::parse(include_str!("../../../lexicon/grammar.txt"), "grammar.txt").unwrap();
        for w in ["however", "still", "in fact", "as a result"] {
            assert!(g.connectives.contains(w), "{w}");
        }
        // Words that belong to what is said, and the conjunctions read elsewhere.
        for w in ["instead", "now", "but", "and"] {
            assert!(!g.connectives.contains(w), "{w}");
        }
    }

    #[test]
    fn builtin_verb_adverbs_stand_inside_a_verb_group() {
        let g = GrammarWords::parse(include_str!("../../../lexicon/grammar.txt"), "grammar.txt").unwrap();
        for w in ["always", "later", "often", "twice"] {
            assert!(g.verb_adverbs.contains(w), "{w}");
        }
        // "long" and "ever" are adverbs only after "have" or a modal ("a long speech").
        for w in ["long", "ever", "since"] {
            assert!(g.perfect_adverbs.contains(w) && !g.verb_adverbs.contains(w), "{w}");
        }
    }

    #[test]
    fn builtin_publish_verbs_put_out_a_document() {
        let g = GrammarWords::parse(include_str!("../../../lexicon/grammar.txt"), "grammar.txt").unwrap();
        for w in ["issued", "released", "sent out", "put out"] {
            assert!(g.publish.contains(w), "{w}");
        }
        // Verbs of saying are cues of their own; a verb of telling takes a listener.
        for w in ["said", "told", "out"] {
            assert!(!g.publish.contains(w), "{w}");
        }
        assert!(g.listeners.contains("told") && !g.listeners.contains("said"));
        assert!(g.questions.contains("asked") && !g.questions.contains("told"));
        // "he's said" is a verb group; "the editor's note" a possessive.
        assert!(g.contractions.contains("he") && g.contractions.contains("let") && !g.contractions.contains("editor"));
        assert!(g.articles.contains("the") && g.articles.contains("an") && !g.articles.contains("this"));
    }

    #[test]
    fn victims_and_hazards_are_sections() {
        let g = GrammarWords::parse("victim | People; worshippers\nhazard | landslide\n", "t").unwrap();
        assert!(g.victims.contains("people") && g.victims.contains("worshippers"));
        assert!(g.hazards.contains("landslide") && !g.victims.contains("landslide"));
    }

    #[test]
    fn builtin_lists_hold_victims_and_hazards() {
        let g = GrammarWords::parse(include_str!("../../../lexicon/grammar.txt"), "grammar.txt").unwrap();
        for w in ["people", "men", "villagers", "bystanders"] {
            assert!(g.victims.contains(w), "{w}");
        }
        for w in ["earthquake", "floods", "landslide", "cylinder", "stampede"] {
            assert!(g.hazards.contains(w), "{w}");
        }
        // Armed parties are agents with role codes, never victims of the civilian kind.
        for w in ["soldiers", "policemen", "militants"] {
            assert!(!g.victims.contains(w), "{w}");
        }
    }

    #[test]
    fn the_builtin_joint_acts_are_cooperation_not_conflict() {
        let g = GrammarWords::parse(include_str!("../../../lexicon/grammar.txt"), "grammar.txt").unwrap();
        // Consultations and signed agreements are done together; an attack is not.
        for code in ["040", "057"] {
            assert!(g.joint.iter().any(|p| code.starts_with(p.as_str())), "{code}");
        }
        assert!(!g.joint.iter().any(|p| "190".starts_with(p.as_str())));
        // Demands, accusations and threats name their target in a "that"-clause; a
        // statement or an attack does not.
        for code in ["102", "112", "138"] {
            assert!(g.clause_target.iter().any(|p| code.starts_with(p.as_str())), "{code}");
        }
        assert!(!g.clause_target.iter().any(|p| "010".starts_with(p.as_str()) || "190".starts_with(p.as_str())));
        // Intentions, demands, refusals and threats take their complement's target; an
        // attack or a statement does not.
        for code in ["036", "100", "125", "138"] {
            assert!(g.complement_target.iter().any(|p| code.starts_with(p.as_str())), "{code}");
        }
        assert!(!g.complement_target.iter().any(|p| "010".starts_with(p.as_str()) || "190".starts_with(p.as_str())));
        // Object pronouns are no subjects; a time word may lead one.
        assert!(g.subject_pronouns.contains("they") && !g.subject_pronouns.contains("them"));
        assert!(g.subject_leads.contains("yesterday"));
    }

    #[test]
    fn commitments_are_future_modals_not_obligations_or_guesses() {
        let g = GrammarWords::parse(include_str!("../../../lexicon/grammar.txt"), "grammar.txt").unwrap();
        for w in ["will", "would", "willing", "prepared", "won't"] {
            assert!(g.commitments.contains(w), "{w}");
        }
        // An obligation binds another actor; a guess or a wish commits no one.
        for w in ["must", "should", "may", "might", "could", "hopes", "considering"] {
            assert!(!g.commitments.contains(w), "{w}");
        }
        assert!(g.state_roles.contains("gov") && !g.state_roles.contains("med") && !g.state_roles.contains("opp"));
    }

    #[test]
    fn unknown_section_is_an_error() {
        let e = GrammarWords::parse("verb | go\n", "grammar.txt").unwrap_err();
        assert!(e.to_string().starts_with("grammar.txt:1:"), "{e}");
    }
}
