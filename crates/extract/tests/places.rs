//! Places of local news: counties, abbreviated states, and names the document has
//! already shown to be places.

use sitrep_extract::Extractor;
use sitrep_geo::Gazetteer;
use sitrep_model::{Extraction, Place};

fn extract(text: &str) -> Extraction {
    static EXTRACTOR: std::sync::LazyLock<Extractor> = std::sync::LazyLock::new(Extractor::builtin);
    EXTRACTOR.extract(&sitrep_model::Document {
        text: text.into(),
        published: Some("2024-05-01".into()),
        ..sitrep_model::Document::default()
    })
}

fn place<'r>(r: &'r Extraction, text: &str) -> &'r Place {
    r.places.iter().find(|p| p.text == text).unwrap_or_else(|| panic!("{text}: {:?}", r.places))
}

fn near(p: &Place, lat: f64, lon: f64) -> bool {
    sitrep_geo::distance_km((p.lat, p.lon), (lat, lon)) < 50.0
}

#[test]
fn counties_and_parishes_are_places() {
    let r = extract("Deputies searched a farm in Laurel County on Friday. Rapides Parish schools stayed closed.");
    // Laurel County, Kentucky, and Rapides Parish, Louisiana, at their centres.
    assert!(near(place(&r, "Laurel County"), 37.11, -84.12), "{:?}", r.places);
    assert!(near(place(&r, "Rapides Parish"), 31.20, -92.53), "{:?}", r.places);
}

#[test]
fn an_abbreviated_state_is_a_place_and_fixes_the_town_before_it() {
    let r = extract("GAINESVILLE, Ga. -- The council met on Tuesday. A driver from Charleston, W.Va., was hurt.");
    let ga = place(&r, "Ga.");
    assert_eq!((ga.name.as_str(), ga.country.as_deref()), ("Georgia", Some("USA")));
    // Gainesville, Georgia, not Gainesville, Florida.
    assert!(near(place(&r, "GAINESVILLE"), 34.30, -83.82), "{:?}", r.places);
    assert!(near(place(&r, "Charleston"), 38.35, -81.63), "{:?}", r.places);
    assert_eq!(place(&r, "W.Va.").name, "West Virginia");
    // "Ga" is not read again as a place of its own.
    assert_eq!(r.places.iter().filter(|p| p.start == ga.start).count(), 1);
}

#[test]
fn a_name_taken_for_a_place_once_is_a_place_throughout() {
    // The second "Pineville" opens a sentence and is followed by no locative; the first,
    // after "in", makes it a place.
    let r = extract("Water was cut off in Pineville on Monday. Pineville officials said it would return.");
    assert_eq!(r.places.iter().filter(|p| p.text == "Pineville").count(), 2, "{:?}", r.places);
    let r = extract("Pineville officials said the water would return.");
    assert!(r.places.iter().all(|p| p.text != "Pineville"), "{:?}", r.places);
}

#[test]
fn places_resolve_to_the_state_the_other_places_are_in() {
    // Two towns of Louisiana make the story Louisianan: Alexandria is then Alexandria, Louisiana.
    let r = extract("Crews drove from Natchitoches to Pineville, Louisiana. Later they reached Alexandria.");
    assert!(near(place(&r, "Alexandria"), 31.31, -92.45), "{:?}", r.places);
}

#[test]
fn every_state_abbreviation_names_a_state_of_the_gazetteer() {
    let lexicon = sitrep_lexicon::Lexicon::builtin();
    let abbreviations = &lexicon.names.division_abbreviations;
    assert!(abbreviations.len() >= 50, "{}", abbreviations.len());
    for (abbr, state) in abbreviations {
        assert!(abbr.ends_with('.'), "{abbr}: written with its stop");
        let region = Gazetteer::embedded().region_named(state);
        assert!(region.is_some_and(|r| r.country == "USA"), "{abbr} -> {state}: no such state");
    }
}

#[test]
fn a_town_before_its_people_or_institutions_is_a_place() {
    let r = extract("A DeKalb man was arrested on Friday. Mansfield aldermen met on Monday.");
    assert_eq!(place(&r, "DeKalb").country.as_deref(), Some("USA"));
    // With nothing else to go by, the largest Mansfield (in England) is meant.
    assert_eq!(place(&r, "Mansfield").country.as_deref(), Some("GBR"));
    // A word of the list elsewhere makes nothing a place.
    let r = extract("Mansfield spoke to reporters on Friday.");
    assert!(r.places.iter().all(|p| p.text != "Mansfield"), "{:?}", r.places);
}

#[test]
fn a_county_several_states_have_goes_to_the_state_of_the_other_places() {
    // Anderson County, South Carolina is the largest of five of that name; the towns
    // around it are in Texas, which has one too.
    let r = extract("A man from Grapeland was held in the Anderson County jail after a chase from Crockett.");
    assert!(near(place(&r, "Anderson County"), 31.81, -95.65), "{:?}", r.places);
}

#[test]
fn a_capital_written_as_a_town_is_the_town_of_the_state_the_story_is_in() {
    // One place of Texas, and "Paris" written as where people live: Paris, Texas.
    let r =
        extract("Jane Roe, 18, of Paris died Saturday in a Dallas hospital. James Doe, 20, also of Paris, was hurt.");
    assert!(r.places.iter().filter(|p| p.text == "Paris").all(|p| near(p, 33.66, -95.56)), "{:?}", r.places);
    assert!(r.entities.iter().all(|e| e.code.as_deref() != Some("FRA")), "{:?}", r.entities);
    // Police named after the town do not make it the capital: Athens, Texas.
    let r = extract(
        "The Athens Police Department arrested a man on Monday. He was later moved to jails in Tyler \
         and Corsicana.",
    );
    assert!(near(place(&r, "Athens"), 32.20, -95.85), "{:?}", r.places);
}

#[test]
fn a_capital_stays_the_capital_without_a_town_reading() {
    // Nothing says "Paris" is a town of Texas: a trip abroad.
    let r = extract("A Dallas family flew to Paris for the holidays.");
    assert!(
        r.places.iter().filter(|p| p.text == "Paris").all(|p| p.country.as_deref() == Some("FRA")),
        "{:?}",
        r.places
    );
    // A place of France beside it keeps it in France, whatever the other places.
    let r = extract("Students from Dallas and Houston toured Paris and Lyon in May.");
    assert!(
        r.places.iter().filter(|p| p.text == "Paris").all(|p| p.country.as_deref() == Some("FRA")),
        "{:?}",
        r.places
    );
}

#[test]
fn a_county_several_states_share_picks_the_state_of_a_capitals_namesake() {
    // Many states have a Henry County and several a Paris: with no state named, the
    // largest Paris of a state with a Henry County (Paris, Tennessee) is meant.
    let r = extract("The Henry County commission met in Paris on Tuesday. Paris police attended.");
    let paris: Vec<_> = r.places.iter().filter(|p| p.text == "Paris").collect();
    assert_eq!(paris.len(), 2, "{:?}", r.places);
    assert!(paris.iter().all(|p| near(p, 36.30, -88.33)), "{:?}", r.places);
    // A state named for sure holds the county; a country without a namesake there stays one.
    let r = extract("Orange County, California, has a bigger economy than Greece. Orange County officials said so.");
    assert!(r.places.iter().all(|p| p.text != "Greece"), "{:?}", r.places);
    assert!(r.entities.iter().any(|e| e.code.as_deref() == Some("GRC")), "{:?}", r.entities);
}

#[test]
fn a_county_opening_a_longer_name_is_the_county_of_its_institution() {
    let r = extract("Deputies with the Rapides Parish Sheriff's Office found the car on Monday.");
    assert!(near(place(&r, "Rapides Parish"), 31.20, -92.53), "{:?}", r.places);
    // A town opening a longer name is still not read as a place without other evidence.
    let r = extract("Deputies said Mansfield Jones found the car on Monday.");
    assert!(r.places.iter().all(|p| p.text != "Mansfield"), "{:?}", r.places);
}
