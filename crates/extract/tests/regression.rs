//! One test per bug that broke the extractor, named after what broke.

use sitrep_extract::Extractor;
use sitrep_model::Document;

fn extract(text: &str) -> sitrep_model::Extraction {
    static EXTRACTOR: std::sync::LazyLock<Extractor> = std::sync::LazyLock::new(Extractor::builtin);
    EXTRACTOR.extract(&Document { text: text.into(), published: Some("2024-05-01".into()), ..Document::default() })
}

/// Windows cut by byte length ("the next 40 bytes") sliced through multi-byte characters
/// in titles, cues and triggers: accented names, dashes, the euro sign and mojibake.
#[test]
fn multibyte_characters_never_split_a_window() {
    let base = "Russia's ambassador, Georgy Zinoviev, said the army had shelled the town, Kremlin spokesman Dmitry Peskov claimed that Kyiv would send aid.";
    for insert in ["é", "—", "€", "â€™", "\u{1F600}"] {
        for (at, _) in base.char_indices() {
            let text = format!("{}{insert}{insert}{insert}{}", &base[..at], &base[at..]);
            let r = extract(&text);
            for m in r.entities.iter().flat_map(|e| &e.mentions) {
                assert_eq!(&r.text[m.start..m.end], m.text);
            }
        }
    }
}

/// The state a story names decides between namesakes, a town followed by its state is a
/// place, a state's own name beats a town listing it as an alternate name, and a name
/// that starts a person's name is not a place.
#[test]
fn states_named_in_a_story_resolve_its_places() {
    let r = extract("Water was cut off in Pineville, Louisiana, on Monday. Police in Alexandria arrested a man. Taxes rose in Minnesota.");
    let place = |t: &str| r.places.iter().find(|p| p.text == t).unwrap_or_else(|| panic!("{t}: {:?}", r.places));
    assert_eq!(place("Pineville").country.as_deref(), Some("USA"));
    let alexandria = place("Alexandria");
    assert!((alexandria.lat - 31.31).abs() < 0.1, "{alexandria:?}");
    assert_eq!(place("Minnesota").name, "Minnesota");
    let r = extract("The fire was set by Henry Warden on Sunday.");
    assert!(r.places.iter().all(|p| p.text != "Henry"), "{:?}", r.places);
}
