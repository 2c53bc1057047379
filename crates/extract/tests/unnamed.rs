//! Events reported without a named party ("five people were killed", "a protest was
//! held") and sources named only by a group noun ("police fired tear gas").

use sitrep_extract::Extractor;
use sitrep_model::{Document, Extraction};

fn extract(text: &str) -> Extraction {
    static EXTRACTOR: std::sync::LazyLock<Extractor> = std::sync::LazyLock::new(Extractor::builtin);
    EXTRACTOR.extract(&Document { text: text.into(), published: Some("2024-05-01".into()), ..Document::default() })
}

/// (PLOVER, CAMEO, trigger, source code) of every event.
fn coded(text: &str) -> Vec<(String, String, String, Option<String>)> {
    extract(text)
        .events
        .into_iter()
        .map(|e| (e.plover, e.cameo, e.trigger.text, e.source.and_then(|s| s.code)))
        .collect()
}

fn has(text: &str, plover: &str, cameo: &str, trigger: &str, source: Option<&str>) {
    let all = coded(text);
    assert!(
        all.iter().any(|(p, c, t, s)| p == plover && c == cameo && t == trigger && s.as_deref() == source),
        "{text:?}: no {plover} {cameo} {trigger:?} from {source:?} in {all:?}"
    );
}

#[test]
fn violence_without_a_named_party_is_an_event() {
    has("Four villagers were killed when a bomb exploded near the bus stand.", "ASSAULT", "190", "killed", None);
    has("Four villagers were killed when a bomb exploded near the bus stand.", "ASSAULT", "183", "exploded", None);
    has("Two explosions shook the old market on Sunday evening.", "ASSAULT", "183", "explosions", None);
    has("Dozens of shops were torched overnight.", "ASSAULT", "1712", "torched", None);
    has("A landmine blast wounded three herders.", "ASSAULT", "1833", "landmine blast", None);
}

#[test]
fn protests_and_arrests_without_a_named_party() {
    has("A protest was held outside the district office on Friday.", "PROTEST", "141", "protest", None);
    has("Eleven people were arrested after the clashes.", "COERCE", "173", "arrested", None);
    has("Traders observed a bandh across the district.", "PROTEST", "143", "bandh", None);
    has("The bomb was defused by the disposal squad.", "COERCE", "1711", "defused", None);
}

#[test]
fn a_group_noun_is_the_source_when_no_actor_is_named() {
    has("The police lobbed tear gas shells at the crowd.", "ASSAULT", "175", "lobbed", Some("COP"));
    has("police lathi-charged the crowd near the station.", "ASSAULT", "175", "lathi-charged", Some("COP"));
    has("Later the police arrested 50 persons in the old city.", "COERCE", "173", "arrested", Some("COP"));
    has("Three men were arrested by the police on Monday.", "COERCE", "173", "arrested", Some("COP"));
    has("Militants attacked an army post at dawn.", "ASSAULT", "190", "attacked", Some("UAF"));
}

#[test]
fn the_group_in_another_clause_or_phrase_is_not_the_source() {
    // The reporter is not the one who attacked.
    let all = coded("Police said unknown assailants attacked the shop.");
    assert!(all.iter().all(|(_, _, t, s)| t != "attacked" || s.is_none()), "{all:?}");
    // A group after a preposition is not the subject.
    let all = coded("A crowd of people near the police fired shots in the air.");
    assert!(all.iter().all(|(_, _, t, s)| t != "fired" || s.as_deref() != Some("COP")), "{all:?}");
}

#[test]
fn talks_and_aid_still_need_a_party() {
    // Diplomacy with no party named is no event: "talks were held" says too little.
    assert!(coded("Talks were held on Monday.").is_empty());
    assert!(coded("More aid was sent.").is_empty());
}

#[test]
fn deployments_seizures_and_signed_truces_without_a_named_party() {
    has("Troops were deployed to the region ahead of the elections.", "MOBILIZE", "154", "deployed", None);
    has("The warring parties signed a truce on Monday.", "SUPPORT", "057", "signed", None);
    has("Police seized 20 rifles and 500 rounds of ammunition from a house.", "COERCE", "1711", "seized", Some("COP"));
}

#[test]
fn killings_by_hand_and_territory_regained() {
    has("A man was hacked to death by unknown assailants.", "ASSAULT", "1823", "hacked to death", None);
    has("A police vehicle was set on fire during the protest.", "ASSAULT", "1712", "set on fire", None);
    has("The army regained control of the village.", "COERCE", "192", "regained control", Some("MIL"));
}

#[test]
fn bases_and_posts_set_up() {
    has("The army set up a new military post in the area.", "MOBILIZE", "150", "set up", Some("MIL"));
    has("The militants established a new headquarters in the village.", "MOBILIZE", "150", "established", Some("UAF"));
}
