//! Who violence is done to and by what: targets named by common nouns (civilians,
//! protesters, police), harm with a natural or accidental cause, weapons found or defused,
//! and killings that take their agent from the means ("killed in police firing").

use sitrep_extract::Extractor;
use sitrep_model::{Document, Event, Extraction};

fn run(text: &str) -> Extraction {
    static EXTRACTOR: std::sync::LazyLock<Extractor> = std::sync::LazyLock::new(Extractor::builtin);
    EXTRACTOR.extract(&Document { text: text.into(), published: Some("2021-03-05".into()), ..Document::default() })
}

/// The first event whose trigger is `trigger`.
fn event<'a>(x: &'a Extraction, trigger: &str) -> &'a Event {
    x.events
        .iter()
        .find(|e| e.trigger.text == trigger)
        .unwrap_or_else(|| panic!("no event {trigger:?} in {:?}", x.events))
}

fn target_code(e: &Event) -> Option<&str> {
    e.target.as_ref().and_then(|a| a.code.as_deref())
}

fn source_code(e: &Event) -> Option<&str> {
    e.source.as_ref().and_then(|a| a.code.as_deref())
}

#[test]
fn common_nouns_name_the_kind_of_target() {
    let x = run("Gunmen shot dead three villagers on Tuesday.");
    let e = event(&x, "shot dead");
    assert_eq!((e.plover.as_str(), e.cameo.as_str()), ("ASSAULT", "193"));
    assert_eq!(target_code(e), Some("CVL"), "{e:?}");
    let x = run("Police opened fire on the protesters near the station.");
    assert_eq!(target_code(event(&x, "opened fire")), Some("OPP"));
    let x = run("Three policemen were killed when the convoy was ambushed.");
    assert_eq!(target_code(event(&x, "killed")), Some("COP"));
    // A victim noun: people, men, worshippers.
    let x = run("Two people were killed and several were injured.");
    assert_eq!(target_code(event(&x, "killed")), Some("CVL"));
}

#[test]
fn the_setting_gives_a_common_noun_target_its_country() {
    let x = run("Dissident FARC fighters ambushed an army patrol in Colombia's Cauca province on Sunday.");
    let e = event(&x, "ambushed");
    let target = e.target.as_ref().expect("target");
    assert_eq!(target.country.as_deref(), Some("COL"), "{e:?}");
    assert_eq!(target.code.as_deref(), Some("COLMIL"));
    // A named actor in the object is still the target.
    let x = run("Russian forces shelled Kharkiv overnight.");
    assert_eq!(event(&x, "shelled").target.as_ref().and_then(|a| a.country.as_deref()), Some("UKR"));
}

#[test]
fn natural_and_accidental_harm_is_no_political_event() {
    for text in [
        "Floods killed 12 people in Assam on Monday.",
        "Five workers were killed in a landslide near the dam.",
        "A gas cylinder blast injured four people in the kitchen.",
    ] {
        let x = run(text);
        assert!(x.events.iter().all(|e| e.plover != "ASSAULT"), "{text}: {:?}", x.events);
    }
    // Harm with an agent stays violence even near a hazard word.
    let x = run("Militants killed two soldiers after the earthquake.");
    assert_eq!(event(&x, "killed").plover, "ASSAULT");
}

#[test]
fn weapons_found_or_defused_are_no_attack() {
    let x = run("An IED was defused near the market on Friday.");
    assert_eq!(event(&x, "defused").cameo, "1711");
    assert!(x.events.iter().all(|e| e.plover != "ASSAULT"), "{:?}", x.events);
    let x = run("Security forces recovered two grenades and a pistol from the hideout.");
    assert_eq!(event(&x, "recovered").cameo, "1711");
    let x = run("Police found a cache of weapons in the forest.");
    assert_eq!(event(&x, "found").cameo, "1711");
    // "found" without a weapon is no event.
    let x = run("Police found the missing boy in the forest.");
    assert!(x.events.iter().all(|e| e.trigger.text != "found"), "{:?}", x.events);
}

#[test]
fn a_killing_takes_its_agent_from_the_means() {
    let x = run("Two people were killed in police firing in the old city.");
    let e = event(&x, "killed");
    assert_eq!(source_code(e), Some("COP"), "{e:?}");
    assert_eq!(target_code(e), Some("CVL"));
    assert_eq!(source_code(event(&x, "police firing")), Some("COP"));
}

#[test]
fn rioters_and_stone_throwing() {
    let x = run("Protesters pelted stones at the police outside the court.");
    let e = event(&x, "pelted");
    assert_eq!((e.plover.as_str(), e.cameo.as_str()), ("PROTEST", "145"));
    assert_eq!(source_code(e), Some("OPP"));
    let x = run("A mob set fire to shops in the town.");
    let e = event(&x, "set fire to");
    assert_eq!(e.cameo, "1712");
    assert_eq!(e.source.as_ref().map(|a| a.text.as_str()), Some("mob"));
}

#[test]
fn a_participle_clause_after_a_comma_shares_the_subject() {
    // "..., killing four" is the soldiers' act, not the demonstrators' before the comma.
    let x = run("Soldiers opened fire on peaceful demonstrators, killing four.");
    assert_eq!(source_code(event(&x, "killing")), Some("MIL"));
    let x = run("Russian forces shelled the village of Hroza, killing 50 civilians.");
    let e = event(&x, "shelled");
    let k = event(&x, "killing");
    assert_eq!(e.source.as_ref().and_then(|a| a.country.as_deref()), Some("RUS"));
    assert_eq!(k.source.as_ref().and_then(|a| a.country.as_deref()), Some("RUS"));
}

#[test]
fn claims_of_responsibility_code_the_attack_with_the_claimant() {
    let x = run("The Pakistani Taliban claimed responsibility for the suicide bombing in Peshawar.");
    let e = event(&x, "claimed responsibility for");
    assert_eq!((e.plover.as_str(), e.cameo.as_str()), ("ASSAULT", "1831"));
    assert!(source_code(e).is_some(), "{e:?}");
    let x = run("The minister took responsibility for the failure.");
    assert!(x.events.is_empty(), "{:?}", x.events);
}

#[test]
fn a_when_clause_names_who_killed() {
    let x = run("Four persons were killed on Tuesday when police opened fire on a rioting mob.");
    assert_eq!(source_code(event(&x, "killed")), Some("COP"));
    // Without such a clause the killing keeps no agent.
    let x = run("Four persons were killed on Tuesday. Police opened fire on a rioting mob.");
    assert_eq!(source_code(event(&x, "killed")), None);
}

#[test]
fn a_month_is_no_protest_march() {
    let x = run("on march 5, police arrested ten people in the city.");
    assert!(x.events.iter().all(|e| e.trigger.text != "march"), "{:?}", x.events);
    let x = run("Thousands joined a march in the capital.");
    assert!(x.events.iter().any(|e| e.trigger.text == "march"), "{:?}", x.events);
}

#[test]
fn riot_police_are_no_riot() {
    let x = run("Riot police fired tear gas at students outside the university.");
    assert!(x.events.iter().all(|e| e.cameo != "145"), "{:?}", x.events);
    assert_eq!(source_code(event(&x, "fired")), Some("COP"));
}
