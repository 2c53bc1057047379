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
