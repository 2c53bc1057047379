//! PETRARCH verb patterns imported with their words before the verb, actor markers and
//! codes of the dictionary's own, coding sentences written for these tests.

use sitrep_extract::Extractor;
use sitrep_lexicon::petrarch::{load_file, DictKind};
use sitrep_lexicon::Lexicon;
use sitrep_model::Document;

const ACTORS: &str = "ARNOR [ARN]\nGONDOR [GON]\nERIADOR [ERI]\nMORDOR [MOR]\nOSGILIATH [OSG]\nROHAN [ROH]\n";

const VERBS: &str = "&NEGAUX_
+DID N'T
+WILL_NOT
--- CLASH [190] ---
CLASH
- &NEGAUX * OVER EFFORTS [904]
- * OVER EFFORTS [121]
--- FREE [066] ---
FREE
- + * FROM $ [066]
--- DELAY [120] ---
DELAY
POSTPONE
- % HAVE * [191]
--- ACT [100] ---
ACT
- * ON RESOLUTION [102]
- HEAVILY * [1011]
--- DETAIN [212] ---
DETAIN
--- OPPOSE [112] ---
OPPOSE
";

fn extractor() -> &'static Extractor {
    static EX: std::sync::LazyLock<Extractor> = std::sync::LazyLock::new(|| {
        let mut lex = Lexicon::builtin();
        load_file(&mut lex, DictKind::Actors, ACTORS, "t.actors.txt").unwrap();
        load_file(&mut lex, DictKind::Verbs, VERBS, "t.verbs.txt").unwrap();
        Extractor::new(lex)
    });
    &EX
}

/// (PLOVER, code, source, target) of every event, those with the dictionary's own codes
/// last.
fn coded(text: &str) -> Vec<(String, String, String, String)> {
    let doc = Document { text: text.into(), published: Some("2024-05-01".into()), ..Document::default() };
    let code = |a: Option<sitrep_model::ActorRef>| a.and_then(|a| a.code).unwrap_or_else(|| "-".into());
    let x = extractor().extract(&doc);
    assert!(x.events.iter().all(|e| !e.plover.is_empty()), "an untyped event in `events`: {:?}", x.events);
    assert!(x.dictionary_events.iter().all(|e| e.plover.is_empty()), "{:?}", x.dictionary_events);
    x.events
        .into_iter()
        .chain(x.dictionary_events)
        .map(|e| (e.plover, e.cameo, code(e.source), code(e.target)))
        .collect()
}

/// `target` "*" accepts any target.
fn has(text: &str, plover: &str, cameo: &str, source: &str, target: &str) {
    let all = coded(text);
    assert!(
        all.iter().any(|(p, c, s, t)| p == plover && c == cameo && s == source && (target == "*" || t == target)),
        "{text:?}: no {plover} {cameo} {source} -> {target} in {all:?}"
    );
}

#[test]
fn words_before_the_verb_select_their_line() {
    has("Arnor didn't clash over the efforts of Gondor.", "ASSAULT", "904", "ARN", "*");
    has("Arnor will not clash over the efforts of Gondor.", "ASSAULT", "904", "ARN", "*");
    has("Arnor clashed over the efforts of Gondor.", "REJECT", "121", "ARN", "*");
    has("Arnor acted heavily against Gondor.", "REQUEST", "100", "ARN", "GON");
    has("Arnor heavily acted against Gondor.", "REQUEST", "1011", "ARN", "GON");
}

#[test]
fn prepositional_objects_select_their_line() {
    has("Arnor acted on a resolution against Gondor.", "REQUEST", "102", "ARN", "GON");
    has("Arnor acted against Gondor.", "REQUEST", "100", "ARN", "GON");
}

#[test]
fn actor_markers_turn_the_roles() {
    // "+ * FROM $": the subject is the target, the "from" party the source.
    has("Eriador was freed from Mordor on Monday.", "COOPERATE", "066", "MOR", "ERI");
    // "% HAVE *": joined subjects act on each other.
    let both = coded("Gondor and Osgiliath have postponed their meeting.");
    for (s, t) in [("GON", "OSG"), ("OSG", "GON")] {
        assert!(both.iter().any(|e| e.1 == "191" && e.2 == s && e.3 == t), "{s} -> {t} in {both:?}");
    }
    // Without the words before the verb, the default reading.
    has("Gondor postponed the talks with Osgiliath.", "REJECT", "120", "GON", "OSG");
}

#[test]
fn codes_outside_cameo_are_carried_through() {
    has("Rohan detained envoys from Gondor.", "", "212", "ROH", "GON");
    // They stay out of the record's events, which all have a PLOVER type.
    let doc = Document { text: "Rohan detained envoys from Gondor.".into(), ..Document::default() };
    let x = extractor().extract(&doc);
    assert!(x.events.is_empty() && x.dictionary_events.len() == 1, "{x:?}");
    let json = serde_json::to_value(&x).unwrap();
    assert_eq!(json["dictionary_events"][0]["cameo"], "212");
}

#[test]
fn a_passive_with_its_agent_acts_on_the_subject() {
    has("Eriador was opposed by Osgiliath in its talks with Gondor.", "ACCUSE", "112", "OSG", "ERI");
}

#[test]
fn joined_subjects_keep_their_modifiers() {
    let all = coded("Rohan and the evil Mordor opposed Gondor.");
    for s in ["ROH", "MOR"] {
        assert!(all.iter().any(|e| e.1 == "112" && e.2 == s && e.3 == "GON"), "{s} in {all:?}");
    }
}
