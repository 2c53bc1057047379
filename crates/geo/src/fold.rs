//! Folding of place names into lookup keys.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Folds a place name into the key used for lookups.
///
/// The key is lower case, has its diacritics removed (compatibility
/// decomposition with the combining marks dropped, plus `ß`→`ss`, `ł`→`l`,
/// `ø`→`o`, `æ`→`ae` and the other Latin letters that do not decompose),
/// has apostrophes of every kind and full stops removed (`Khar'kov` =
/// `Kharkov`, `St. Petersburg` = `St Petersburg`), and has hyphens and runs of
/// white space turned into one space, with none at either end
/// (`Ivano-Frankivsk` = `Ivano Frankivsk`). Other scripts are only lower-cased.
///
/// ```
/// use sitrep_geo::fold;
/// assert_eq!(fold("Zürich"), "zurich");
/// assert_eq!(fold("KYIV"), fold("Kyiv"));
/// assert_eq!(fold("Dnipró"), "dnipro");
/// assert_eq!(fold("Khar’kov"), "kharkov");
/// assert_eq!(fold("  Ivano-Frankivsk "), "ivano frankivsk");
/// ```
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    fold_into(name, &mut out);
    out
}

/// [`fold`] into a buffer the caller reuses (it is cleared first), to save an
/// allocation per call in hot loops.
pub fn fold_into(name: &str, out: &mut String) {
    out.clear();
    fold_append(name, out);
}

/// [`fold`], appended to `out`.
pub(crate) fn fold_append(name: &str, out: &mut String) {
    let start = out.len();
    let mut space = false;
    let push = |out: &mut String, space: &mut bool, c: char| {
        if *space {
            if out.len() > start {
                out.push(' ');
            }
            *space = false;
        }
        out.push(c);
    };
    for c in name.chars() {
        if c.is_ascii() {
            match c {
                'A'..='Z' => push(out, &mut space, c.to_ascii_lowercase()),
                '\'' | '`' | '.' => {}
                '-' | ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' => space = true,
                _ => push(out, &mut space, c),
            }
            continue;
        }
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{02bb}' | '\u{00b4}' | '\u{02b9}' => {}
            '\u{2010}'..='\u{2014}' => space = true,
            c if c.is_whitespace() => space = true,
            c => decompose_compatible(c, |d| {
                if is_combining_mark(d) {
                    return;
                }
                for low in d.to_lowercase() {
                    match special(low) {
                        Some(s) => s.chars().for_each(|x| push(out, &mut space, x)),
                        None => push(out, &mut space, low),
                    }
                }
            }),
        }
    }
}

/// Latin letters without a decomposition, folded by hand.
fn special(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'đ' | 'ð' => "d",
        'þ' => "th",
        'ł' | 'ŀ' => "l",
        'ı' => "i",
        'ħ' => "h",
        'ŧ' => "t",
        'ŋ' => "n",
        'ƒ' => "f",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(fold("Zürich"), "zurich");
        assert_eq!(fold("KYIV"), "kyiv");
        assert_eq!(fold("Dnipró"), "dnipro");
        assert_eq!(fold("Rafaḩ"), "rafah");
        assert_eq!(fold("Khān Yūnis"), "khan yunis");
        assert_eq!(fold("Ţūlkarm"), "tulkarm");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Søndre Ærø"), "sondre aero");
        assert_eq!(fold("İstanbul"), "istanbul");
    }

    #[test]
    fn folds_punctuation_and_space() {
        assert_eq!(fold("Khar'kov"), "kharkov");
        assert_eq!(fold("Khar’kov"), "kharkov");
        assert_eq!(fold("Artemivsʼk"), "artemivsk");
        assert_eq!(fold("St. Petersburg"), "st petersburg");
        assert_eq!(fold("Ivano-Frankivsk"), "ivano frankivsk");
        assert_eq!(fold("Deir al–Balah"), "deir al balah");
        assert_eq!(fold("  Khan \t Younis  "), "khan younis");
        assert_eq!(fold("-"), "");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn other_scripts_are_lower_cased() {
        assert_eq!(fold("ХАРКІВ"), "харків");
        assert_eq!(fold("Αθήνα"), "αθηνα");
    }

    #[test]
    fn fold_into_reuses_the_buffer() {
        let mut buf = String::from("left over");
        fold_into("Mariupol", &mut buf);
        assert_eq!(buf, "mariupol");
        fold_append(" -Kyiv ", &mut buf);
        assert_eq!(buf, "mariupolkyiv", "no space at the start of the appended key");
    }
}
