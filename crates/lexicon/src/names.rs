//! `names.txt`: the words that shape names, sentences and titles.
//!
//! ```text
//! honorific | Colonel; Col | MIL
//! org_head  | Ministry; Embassy | GOV
//! ```
//! Unlike the other lexicons this one holds no actors: it tells the segmenter which
//! full stops do not end a sentence, and the name finder which capitalised words
//! open a person's name (honorifics), close an organisation's (heads) or never
//! start one (`nonname`).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::{records, LexiconError};

pub const FILE: &str = "names.txt";

#[derive(Debug, Clone, Default)]
pub struct NameWords {
    /// Words that take a full stop without ending the sentence, without the stop.
    pub abbreviations: HashSet<String>,
    /// Titles before a name, with the role code they give (may be empty).
    pub honorifics: HashMap<String, String>,
    /// Last words of organisation names, with the role code they give.
    pub org_heads: HashMap<String, String>,
    /// Lower-case words that may stand inside a name ("al", "van").
    pub particles: HashSet<String>,
    /// Capitalised words that never start a name.
    pub nonnames: HashSet<String>,
    /// Words after a place name that make it a region ("Kursk region").
    pub place_suffixes: HashSet<String>,
    /// Prepositions (and phrases ending in one) after which a name is likely a place.
    pub locatives: HashSet<String>,
    /// Locatives that mark a location: after them a capital is also a place.
    pub in_place: HashSet<String>,
    /// Geographic words after which a country's name is part of a place name ("Niger River").
    pub features: HashSet<String>,
    /// Words after a person's name that make it the name of a building, facility or
    /// prize ("Ben Gurion airport", "Nelson Mandela Bridge").
    pub facilities: HashSet<String>,
    /// Abbreviations of states and provinces as news writes them after a place
    /// ("Gainesville, Ga."), with the stops, mapped to the division's name.
    pub division_abbreviations: HashMap<String, String>,
    /// Words after a name that make it a place of local news ("a DeKalb man",
    /// "Mansfield aldermen", "the Athens Police Department"); one or two words.
    pub place_heads: HashSet<String>,
    /// First words of club names, with the role code they give ("Real Madrid", "Dynamo Kiev").
    pub org_prefixes: HashMap<String, String>,
    /// Lower-case words that mark a sports report, where a name before a score is a team.
    pub sport: HashSet<String>,
    /// Capitalised words that label an item by its number ("Round 2", "Week 3"): before a
    /// number they are not a team.
    pub labels: HashSet<String>,
    /// Words that open a list of players with their figures ("Scorers: Ronaldo 23"): the
    /// names after them are people, not teams.
    pub rosters: HashSet<String>,
}

impl NameWords {
    pub fn parse(text: &str, file: &str) -> Result<NameWords, LexiconError> {
        let mut words = NameWords::default();
        for r in records(text) {
            let items = r.list(1).into_iter().map(String::from);
            let code = r.field(2).to_string();
            match r.field(0) {
                "abbreviation" => words.abbreviations.extend(items),
                "honorific" => words.honorifics.extend(items.map(|w| (w, code.clone()))),
                "org_head" => words.org_heads.extend(items.map(|w| (w, code.clone()))),
                "particle" => words.particles.extend(items),
                "nonname" => words.nonnames.extend(items),
                "place_suffix" => words.place_suffixes.extend(items),
                "locative" => words.locatives.extend(items),
                "feature" => words.features.extend(items),
                "in_place" => words.in_place.extend(items),
                "facility" => words.facilities.extend(items),
                "place_head" => words.place_heads.extend(items),
                "division_abbreviation" => words.division_abbreviations.extend(items.map(|w| (w, code.clone()))),
                "org_prefix" => words.org_prefixes.extend(items.map(|w| (w, code.clone()))),
                "sport" => words.sport.extend(items),
                "label" => words.labels.extend(items),
                "roster" => words.rosters.extend(items),
                other => return Err(LexiconError::syntax(file, r.line, format!("unknown section '{other}'"))),
            }
        }
        Ok(words)
    }

    pub fn extend(&mut self, other: NameWords) {
        self.abbreviations.extend(other.abbreviations);
        self.honorifics.extend(other.honorifics);
        self.org_heads.extend(other.org_heads);
        self.particles.extend(other.particles);
        self.nonnames.extend(other.nonnames);
        self.place_suffixes.extend(other.place_suffixes);
        self.locatives.extend(other.locatives);
        self.features.extend(other.features);
        self.in_place.extend(other.in_place);
        self.facilities.extend(other.facilities);
        self.division_abbreviations.extend(other.division_abbreviations);
        self.place_heads.extend(other.place_heads);
        self.org_prefixes.extend(other.org_prefixes);
        self.sport.extend(other.sport);
        self.labels.extend(other.labels);
        self.rosters.extend(other.rosters);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_fill_their_sets() {
        let w = NameWords::parse(
            "abbreviation | Gen; Lt\nhonorific | Colonel | MIL\nnonname | The\nfacility | airport; Airport\n",
            "t",
        )
        .unwrap();
        assert!(w.facilities.contains("airport") && w.facilities.contains("Airport"));
        assert!(w.abbreviations.contains("Gen"));
        assert_eq!(w.honorifics["Colonel"], "MIL");
        assert!(w.nonnames.contains("The"));
        let d = NameWords::parse("division_abbreviation | W.Va.; W. Va. | West Virginia\n", "t").unwrap();
        assert_eq!(d.division_abbreviations["W. Va."], "West Virginia");
        assert_eq!(d.division_abbreviations.len(), 2);
        let h = NameWords::parse("place_head | man; City Council\n", "t").unwrap();
        assert!(h.place_heads.contains("City Council") && h.place_heads.contains("man"));
        let w = NameWords::parse("org_prefix | Real; Dynamo | SPT\nsport | cricket\nlabel | Round\n", "t").unwrap();
        assert_eq!(w.org_prefixes["Dynamo"], "SPT");
        assert!(w.sport.contains("cricket") && w.labels.contains("Round"));
    }

    #[test]
    fn unknown_section_is_an_error() {
        assert!(NameWords::parse("title | Mr\n", "names.txt").is_err());
    }
}
