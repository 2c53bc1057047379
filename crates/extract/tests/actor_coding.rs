//! Event sources and types that depend on how actors are read: communities named by state
//! and people, bare names before a verb, common-noun subjects opening a sentence, former
//! names of organisations, and adjectival "opposed to" and "committed to", demands in reported speech,
//! leaders of earlier decades, names glossed in brackets, "X-led" forces, possessive pronouns
//! before event nouns.

use sitrep_extract::Extractor;
use sitrep_model::{Document, Event, Extraction};

fn run(text: &str) -> Extraction {
    static EXTRACTOR: std::sync::LazyLock<Extractor> = std::sync::LazyLock::new(Extractor::builtin);
    EXTRACTOR.extract(&Document { text: text.into(), published: Some("2024-03-05".into()), ..Document::default() })
}

/// The first event whose trigger is `trigger`.
fn event<'a>(x: &'a Extraction, trigger: &str) -> &'a Event {
    x.events
        .iter()
        .find(|e| e.trigger.text == trigger)
        .unwrap_or_else(|| panic!("no event {trigger:?} in {:?}", x.events))
}

fn source_country(e: &Event) -> Option<&str> {
    e.source.as_ref().and_then(|a| a.country.as_deref())
}

#[test]
fn a_community_named_by_state_and_people_belongs_to_the_state() {
    let x = run("Bosnian Serbs demanded a ceasefire with government forces.");
    let e = event(&x, "demanded");
    assert_eq!(e.plover, "REQUEST");
    assert_eq!(source_country(e), Some("BIH"), "{e:?}");
    let x = run("Turkish Cypriots rejected the proposal on Monday.");
    assert_eq!(source_country(event(&x, "rejected")), Some("CYP"));
    // The people alone stay with their own state.
    let x = run("Serbs rejected the proposal on Monday.");
    assert_eq!(source_country(event(&x, "rejected")), Some("SRB"));
}

#[test]
fn a_verb_after_a_bare_name_does_not_join_an_agent_group() {
    let x = run("Britain mobilized army reservists on Tuesday.");
    let e = event(&x, "mobilized");
    assert_eq!(e.plover, "MOBILIZE");
    assert_eq!(source_country(e), Some("GBR"), "{e:?}");
    // After an adjective or a possessive a lower-case word is still a modifier.
    let x = run("Britain's trained army reservists were mobilized on Tuesday.");
    assert!(x.events.iter().any(|e| e.plover == "MOBILIZE"), "{:?}", x.events);
    let actors: Vec<&str> = x.entities.iter().map(|e| e.name.as_str()).collect();
    assert!(actors.contains(&"Britain's trained army reservists"), "{actors:?}");
}

#[test]
fn a_common_noun_opening_the_sentence_takes_the_country_it_is_placed_in() {
    let x = run("Demonstrators in Iraq blocked a road on Tuesday.");
    let e = event(&x, "blocked");
    assert_eq!(e.plover, "PROTEST");
    assert_eq!(source_country(e), Some("IRQ"), "{e:?}");
}

#[test]
fn the_european_community_is_the_european_union_before_1993() {
    let x = run("The European Community imposed sanctions on Iraq in 1990.");
    let e = event(&x, "imposed");
    assert_eq!(e.source.as_ref().and_then(|a| a.code.as_deref()), Some("IGOEUREEC"), "{e:?}");
}

#[test]
fn opposed_to_after_be_is_the_subject_opposing() {
    let x = run("Israel is opposed to French mediation in the talks.");
    let e = &x.events[0];
    // Opposing mediation is rejecting it (CAMEO 126); opposing without such an object is
    // disapproval (ACCUSE 110).
    assert_eq!((e.plover.as_str(), e.trigger.text.as_str()), ("REJECT", "is opposed to"));
    assert_eq!(source_country(e), Some("ISR"), "{e:?}");
    let x = run("Israel is opposed to the French position.");
    assert_eq!(x.events.first().map(|e| e.plover.as_str()), Some("ACCUSE"), "{:?}", x.events);
}

#[test]
fn a_demand_binds_the_first_actor_of_a_longer_subject() {
    let x = run("Britain said on Friday that the Malian government and the rebels in the north must sign a ceasefire.");
    let e = x.events.iter().find(|e| e.plover == "REQUEST").unwrap_or_else(|| panic!("{:?}", x.events));
    assert_eq!(source_country(e), Some("GBR"), "{e:?}");
    assert_eq!(e.target.as_ref().and_then(|a| a.country.as_deref()), Some("MLI"), "{e:?}");
    // An actor inside a prepositional phrase, or a modifier of the subject, binds nothing.
    let x = run("Britain said on Friday that talks with Russia must continue.");
    assert!(x.events.iter().all(|e| e.plover != "REQUEST"), "{:?}", x.events);
    let x = run("Britain said on Friday that Russia-Iran cooperation and trade should not cause concern.");
    assert!(x.events.iter().all(|e| e.plover != "REQUEST"), "{:?}", x.events);
}

#[test]
fn committed_to_after_be_is_the_subject_committing() {
    let x = run("Vietnam is committed to opening up its economy, the minister said.");
    let e = &x.events[0];
    assert_eq!((e.plover.as_str(), e.trigger.text.as_str()), ("AGREE", "is committed to"));
    assert_eq!(source_country(e), Some("VNM"), "{e:?}");
}

#[test]
fn an_approximate_number_stays_in_the_object() {
    let x = run("France is ready to contribute up to 4,000 troops to the force in Liberia.");
    let e = event(&x, "contribute");
    assert_eq!(e.plover, "AID", "{e:?}");
    assert_eq!(source_country(e), Some("FRA"));
    let x = run("Chad will send more than 500 troops to Mali.");
    assert_eq!(source_country(event(&x, "send")), Some("TCD"));
}

fn run_on(text: &str, published: &str) -> Extraction {
    static EXTRACTOR: std::sync::LazyLock<Extractor> = std::sync::LazyLock::new(Extractor::builtin);
    EXTRACTOR.extract(&Document { text: text.into(), published: Some(published.into()), ..Document::default() })
}

#[test]
fn leaders_of_earlier_decades_have_their_country() {
    let x = run_on("Helmut Kohl rejected the proposal on Monday.", "1990-05-14");
    let e = event(&x, "rejected");
    assert_eq!(e.source.as_ref().and_then(|a| a.code.as_deref()), Some("DEUGOV"), "{e:?}");
    // A surname alone, in an article written decades later.
    let x = run("President Chirac said on Monday that France would never send troops to Chad.");
    let chirac = x.entities.iter().find(|e| e.name == "Jacques Chirac").expect("Chirac");
    assert_eq!(chirac.country.as_deref(), Some("FRA"));
    // The office held on the publication date gives the code.
    let x = run_on("Eduard Shevardnadze met the Iraqi envoy on Monday.", "1988-06-01");
    let e = x.entities.iter().find(|e| e.name == "Eduard Shevardnadze").expect("Shevardnadze");
    assert_eq!(e.code.as_deref(), Some("RUSGOV"), "{e:?}");
}

#[test]
fn a_name_in_brackets_after_an_organisation_is_the_same_organisation() {
    let x = run("Hezbollah (Party of God) declared a ceasefire on Sunday.");
    let e = event(&x, "declared");
    assert_eq!(source_country(e), Some("LBN"), "{e:?}");
    assert_eq!(x.entities.iter().filter(|e| e.kind == sitrep_model::EntityKind::Organization).count(), 1);
}

#[test]
fn the_leader_of_a_led_force_is_its_source() {
    let x = run("Saudi-led coalition jets struck a port on Tuesday.");
    assert_eq!(source_country(event(&x, "struck")), Some("SAU"));
    let x = run("Nigerian-led troops retook the town after heavy fighting.");
    assert_eq!(source_country(&x.events[0]), Some("NGA"), "{:?}", x.events);
}

#[test]
fn a_possessive_pronoun_owns_the_event_noun() {
    let x = run("Egypt repeated its demand for a ceasefire on Monday.");
    let e = event(&x, "demand");
    assert_eq!((e.plover.as_str(), source_country(e)), ("REQUEST", Some("EGY")), "{e:?}");
}

#[test]
fn reneging_and_violating_a_ban_are_rejections() {
    let x = run("Zambia's government reneged on its pledge to hold elections.");
    let e = event(&x, "reneged on");
    assert_eq!((e.plover.as_str(), source_country(e)), ("REJECT", Some("ZMB")), "{e:?}");
    let x = run("Chad's opposition violated the ban on rallies.");
    assert_eq!(event(&x, "violated").plover, "REJECT");
    // A vow makes the act planned.
    let x = run("Rebels in Mali have sworn to fight until the army withdraws.");
    assert_eq!(event(&x, "fight").factuality, sitrep_model::Factuality::Planned);
}

#[test]
fn armed_groups_of_earlier_wars_have_their_country() {
    let x = run_on("The Khmer Rouge rejected the peace plan on Friday.", "1991-03-01");
    assert_eq!(source_country(event(&x, "rejected")), Some("KHM"));
    let x = run_on("UNITA refused to hand over its weapons to the monitors.", "1995-06-01");
    assert_eq!(source_country(event(&x, "refused")), Some("AGO"));
}

#[test]
fn labour_strikes_and_their_end() {
    let x = run("Dock workers began an indefinite strike on Monday.");
    assert!(
        x.events.iter().any(|e| e.plover == "PROTEST") && x.events.iter().all(|e| e.plover != "ASSAULT"),
        "{:?}",
        x.events
    );
    let x = run("The Kenyan teachers' union called off its strike after talks with the government.");
    assert_eq!(event(&x, "called off").plover, "CONCEDE", "{:?}", x.events);
    // A strike with no sign of a trade or a set time stays a military strike.
    let x = run("Israel carried out a strike on a weapons depot near Damascus.");
    assert_eq!(event(&x, "carried out").plover, "ASSAULT", "{:?}", x.events);
}

#[test]
fn admitting_monitors_and_candidates_are_concessions() {
    let x = run("Belarus received a mission of observers from the OSCE on Monday.");
    let e = event(&x, "received");
    assert_eq!((e.plover.as_str(), source_country(e)), ("RETREAT", Some("BLR")), "{e:?}");
    let x = run("Zimbabwe's electoral commission allowed opposition candidates to stand in the vote.");
    assert_eq!(event(&x, "allowed").plover, "CONCEDE", "{:?}", x.events);
    let x = run("Egypt allowed the delivery of fuel to hospitals in Gaza.");
    assert_eq!(event(&x, "allowed").plover, "RETREAT", "{:?}", x.events);
    let x = run("Indonesian police denied a permit for the rally.");
    assert_eq!(event(&x, "denied").plover, "REJECT", "{:?}", x.events);
}
