//! Places: capitalised names below country level, geocoded with the gazetteer.
//!
//! A candidate is a run of one to four capitalised words that no other recogniser has
//! taken, with a region word after it when there is one ("Kursk region", "Idlib
//! province"). It becomes a place when the gazetteer knows the name and the context
//! supports it: a region word, a locative preposition before it ("in", "near", "the
//! outskirts of"), or a large or locally salient place. Ambiguous names resolve towards
//! the countries the document is about ("Paris" in a story about Texas).
//!
//! States and provinces named in the document ("Louisiana", or "Pineville, Louisiana")
//! are context too: when the first pass finds any, a second pass resolves names towards
//! them ("Alexandria" is then Alexandria, Louisiana) and takes a name of a place inside
//! them with less evidence. A name followed by ", <state>" is a place when the state has
//! a place of that name. A name that starts a longer capitalised run ("Henry Smith")
//! needs a locative or a large population.

use rustc_hash::FxHashSet;
use sitrep_geo::{Admin1, Gazetteer, PlaceEntry, PlaceKind};
use sitrep_lexicon::{Lexicon, NameWords};

use crate::segment::{Token, TokenKind};

/// A place found in the text.
#[derive(Debug, Clone)]
pub struct PlaceHit<'g> {
    pub start: usize,
    pub end: usize,
    pub entry: &'g PlaceEntry,
}

/// Population above which a place name needs no other evidence.
const SELF_EVIDENT_POPULATION: u64 = 250_000;
/// Population above which a place in a country the text is about needs no other evidence.
const LOCAL_POPULATION: u64 = 20_000;

/// Finds places in `text`, skipping the byte spans in `taken` (sorted by start).
pub fn find_places<'g>(
    text: &str,
    tokens: &[Token],
    sentence_starts: &[usize],
    taken: &[(usize, usize)],
    gazetteer: &'g Gazetteer,
    salient: &[&str],
    lexicon: &Lexicon,
) -> Vec<PlaceHit<'g>> {
    let mut absent = FxHashSet::default();
    let first = scan(text, tokens, sentence_starts, taken, gazetteer, salient, lexicon, &[], &[], &mut absent);
    if first.is_empty() {
        return first;
    }
    // One sense per discourse: a name taken for a place once is a place wherever it
    // stands in the document ("Gainesville police" after "in Gainesville").
    let mut known: Vec<String> = Vec::with_capacity(first.len());
    for h in &first {
        let name = sitrep_geo::fold(&text[h.start..h.end]);
        if !known.contains(&name) {
            known.push(name);
        }
    }
    let regions = document_regions(&first, &known, gazetteer);
    scan(text, tokens, sentence_starts, taken, gazetteer, salient, lexicon, &regions, &known, &mut absent)
}

/// The states and provinces a document is about, from the places found in it (`known`:
/// their folded names): a division named by a region row or a county of it, and the
/// divisions that hold a place of the most names ("Gainesville" and "Cooke County" are
/// both in Texas), when that is two names or more. A name counts only in the country
/// of its best-known bearer.
fn document_regions<'g>(hits: &[PlaceHit<'g>], known: &[String], gazetteer: &'g Gazetteer) -> Vec<Admin1<'g>> {
    let mut regions: Vec<Admin1> = Vec::new();
    for h in hits {
        let e = h.entry;
        if matches!(e.kind, PlaceKind::Region | PlaceKind::County)
            && !e.admin1.is_empty()
            && !regions.contains(&(e.country, e.admin1))
        {
            regions.push((e.country, e.admin1));
        }
    }
    if known.len() < 2 {
        return regions;
    }
    let mut counts: Vec<(Admin1, usize)> = Vec::new();
    let mut of_name: Vec<Admin1> = Vec::new();
    for name in known {
        of_name.clear();
        let candidates = gazetteer.lookup_folded(name);
        // Namesakes count in the country the name most likely means: "Alexandria" and
        // "Cairo" beside each other are in Egypt, whatever towns of Illinois are called.
        let Some(country) = candidates.first().map(|e| e.country) else { continue };
        for e in candidates {
            let key = (e.country, e.admin1);
            if e.country == country && !e.admin1.is_empty() && !of_name.contains(&key) {
                of_name.push(key);
            }
        }
        for key in &of_name {
            match counts.iter_mut().find(|(k, _)| k == key) {
                Some(c) => c.1 += 1,
                None => counts.push((*key, 1)),
            }
        }
    }
    let most = counts.iter().map(|c| c.1).max().unwrap_or(0);
    if most >= 2 {
        for (key, n) in counts {
            if n == most && !regions.contains(&key) {
                regions.push(key);
            }
        }
    }
    regions
}

/// Whether `e` is a place (not a region row) inside one of `regions`.
fn inside(e: &PlaceEntry, regions: &[Admin1]) -> bool {
    e.kind != PlaceKind::Region && !e.admin1.is_empty() && regions.iter().any(|&(c, a)| c == e.country && a == e.admin1)
}

/// The region named right after ", " at token `k` ("Pineville, Louisiana", "Gainesville,
/// Ga."), if any, the byte where its name ends, and whether the name is an abbreviation.
fn region_after<'g>(
    text: &str,
    tokens: &[Token],
    k: usize,
    gazetteer: &'g Gazetteer,
    words: &NameWords,
) -> Option<(&'g PlaceEntry, usize, bool)> {
    let comma = tokens.get(k)?;
    if comma.text(text) != "," {
        return None;
    }
    let first = tokens.get(k + 1)?;
    if first.kind != TokenKind::Word || !starts_upper(first.text(text)) || text[comma.end..first.start] != *" " {
        return None;
    }
    if let Some((e, end)) = abbreviated_division(text, first.start, gazetteer, words) {
        return Some((e, end, true));
    }
    let mut end = k + 1;
    while end + 1 < tokens.len() && end < k + 3 {
        let n = tokens[end + 1];
        if n.kind != TokenKind::Word || !starts_upper(n.text(text)) || text[tokens[end].end..n.start] != *" " {
            break;
        }
        end += 1;
    }
    (k + 1..=end).rev().find_map(|last| {
        let e = gazetteer.resolve(&text[first.start..tokens[last].end], &[])?;
        (e.kind == PlaceKind::Region && !e.admin1.is_empty()).then_some((e, tokens[last].end, false))
    })
}

/// The state whose abbreviation, stops included, starts at `pos` ("Ga.", "W. Va.") and is
/// not followed by a letter or digit; the longest one, and the byte where it ends.
fn abbreviated_division<'g>(
    text: &str,
    pos: usize,
    gazetteer: &'g Gazetteer,
    words: &NameWords,
) -> Option<(&'g PlaceEntry, usize)> {
    let rest = &text[pos..];
    words
        .division_abbreviations
        .iter()
        .filter(|(abbr, _)| {
            rest.starts_with(abbr.as_str()) && !rest[abbr.len()..].starts_with(|c: char| c.is_alphanumeric())
        })
        .max_by_key(|(abbr, _)| abbr.len())
        .and_then(|(abbr, name)| {
            let region = gazetteer.region_named(name)?;
            Some((region, pos + abbr.len()))
        })
}

#[allow(clippy::too_many_arguments)]
fn scan<'g, 't>(
    text: &'t str,
    tokens: &[Token],
    sentence_starts: &[usize],
    taken: &[(usize, usize)],
    gazetteer: &'g Gazetteer,
    salient: &[&str],
    lexicon: &Lexicon,
    regions: &[Admin1],
    known: &[String],
    absent: &mut FxHashSet<&'t str>,
) -> Vec<PlaceHit<'g>> {
    let words = &lexicon.names;
    // The gazetteer finds nothing for a name whatever the context, or something whatever
    // the context: names it lacks are remembered for the document, as both scans and
    // repeated names ask again.
    let mut resolve = |name: &'t str| {
        if absent.contains(name) {
            return None;
        }
        let found = gazetteer.resolve_in(name, salient, regions);
        if found.is_none() {
            absent.insert(name);
        }
        found
    };
    let mut hits = Vec::new();
    // Tokens before this byte belong to a state abbreviation already taken ("Ga.").
    let mut skip_until = 0;
    let is_taken = |s: usize, e: usize| {
        let i = taken.partition_point(|t| t.1 <= s);
        taken[i..].iter().take_while(|t| t.0 < e).any(|t| t.0 < e && s < t.1)
    };
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let w = t.text(text);
        if t.kind != TokenKind::Word
            || t.start < skip_until
            || !starts_upper(w)
            || is_nonname(w, words)
            || is_taken(t.start, t.end)
        {
            i += 1;
            continue;
        }
        // The run of capitalised words (and name particles) from here: tokens `i..k`,
        // counted rather than collected, as this runs at every free capitalised word.
        let mut run = 1;
        let mut k = i + 1;
        while k < tokens.len() && run < 4 {
            let n = tokens[k];
            let nw = n.text(text);
            let adjacent = text[tokens[k - 1].end..n.start].chars().all(|c| c == ' ') && n.start > tokens[k - 1].end;
            if !adjacent || n.kind != TokenKind::Word || is_taken(n.start, n.end) {
                break;
            }
            if !(starts_upper(nw) || words.particles.contains(nw)) || is_nonname(nw, words) {
                break;
            }
            run += 1;
            k += 1;
        }
        let suffix = tokens.get(k).filter(|n| {
            n.kind == TokenKind::Word
                && words.place_suffixes.contains(n.text(text))
                && text[tokens[k - 1].end..n.start] == *" "
        });
        let sentence_initial = sentence_starts.binary_search(&t.start).is_ok();
        // "in Jenin and Tulkarm": a name coordinated with a place just found is a place.
        let coordinated = hits.last().is_some_and(|h: &PlaceHit| {
            matches!(text.get(h.end..t.start), Some(" and " | " or " | ", " | ", and " | ", or "))
        });
        // Read only when a decision needs it: most runs are no name the gazetteer knows.
        let locative = || coordinated || locative_before(text, t.start, words);
        let mut accepted = None;
        // The state after the name, when it is abbreviated ("Ga."): a place of its own.
        let mut abbreviation = None;
        // "Pineville, Louisiana", "Gainesville, Ga.": the state fixes the place.
        if let Some((state, state_end, abbreviated)) = region_after(text, tokens, k, gazetteer, words) {
            if abbreviated && tokens[k + 1].start >= skip_until && !is_taken(tokens[k + 1].start, state_end) {
                // The abbreviation is not scanned again as a name ("Ga" is a town in Ghana).
                abbreviation = Some(PlaceHit { start: tokens[k + 1].start, end: state_end, entry: state });
                skip_until = state_end;
            }
            let name = &text[t.start..tokens[k - 1].end];
            if let Some(entry) = gazetteer.find_in(name, &[(state.country, state.admin1)]) {
                hits.push(PlaceHit { start: t.start, end: tokens[k - 1].end, entry });
                hits.extend(abbreviation);
                i = k;
                continue;
            }
        }
        // Longest candidate first: "Kursk region", then "Port Sudan", then "Port".
        for len in (1..=run).rev() {
            let end = tokens[i + len - 1].end;
            if let (true, Some(sfx)) = (len == run, suffix) {
                let name = &text[t.start..sfx.end];
                if let Some(entry) = resolve(name) {
                    accepted = Some((sfx.end, entry, len + 1));
                    break;
                }
            }
            // "Paul Johnson": a given name before another capitalised word opens a
            // person's name, not a place's.
            if len == 1 && run > 1 && lexicon.given_names.contains(w) {
                break;
            }
            let name = &text[t.start..end];
            let Some(entry) = resolve(name) else { continue };
            // A state's own name over a town that has it as an alternate name.
            let entry = match gazetteer.region_named(name) {
                Some(r) if entry.kind != PlaceKind::Region && r.population > entry.population => r,
                _ => entry,
            };
            if let (true, Some(sfx)) = (len == run, suffix) {
                // "Tillaberi region" with no region row: the region named after its seat.
                accepted = Some((sfx.end, entry, len + 1));
                break;
            }
            let evident = entry.population >= SELF_EVIDENT_POPULATION
                || (salient.iter().take(3).any(|c| *c == entry.country) && entry.population >= LOCAL_POPULATION)
                || matches!(entry.kind, PlaceKind::Region | PlaceKind::County);
            let ok = if (!known.is_empty() && known.contains(&sitrep_geo::fold(name)))
                || place_head_after(text, end, words)
            {
                true
            } else if len < run && entry.kind != PlaceKind::Region {
                // "Henry Smith", "Warden Jones": the start of a longer name.
                locative() || entry.population >= SELF_EVIDENT_POPULATION
            } else if sentence_initial && len == 1 {
                locative() || entry.population >= SELF_EVIDENT_POPULATION
            } else {
                locative() || evident || inside(entry, regions)
            };
            if ok {
                accepted = Some((end, entry, len));
            }
            break;
        }
        match accepted {
            Some((end, entry, used)) => {
                hits.push(PlaceHit { start: t.start, end, entry });
                i += used;
            }
            // In upper-case text (headlines, tables) a run is many names side by side
            // ("AT DETROIT CHICAGO AT TORONTO"): try again from the next word.
            None if is_upper_word(w) => i += 1,
            None => i += run,
        }
        hits.extend(abbreviation);
    }
    hits
}

/// Country names and capitals that, in this document, name a place of a state or
/// province the document is about: "Paris" in a story whose other places are in Texas,
/// "Georgia" in one about Atlanta and Decatur. A country actor whose every mention is that
/// one name (no "French", no "France" beside "Paris") becomes the local place; it is
/// removed from `actors` and its mentions are returned as places.
///
/// The document's divisions are those of the places already found: a division counts
/// when a region row or a county of it names it, or two of its places are found.
pub fn local_homonyms<'g>(
    text: &str,
    actors: &mut Vec<crate::actors::Actor>,
    found: &[PlaceHit<'g>],
    gazetteer: &'g Gazetteer,
) -> Vec<PlaceHit<'g>> {
    let mut counts: Vec<(Admin1, usize, bool)> = Vec::new();
    for h in found {
        let e = h.entry;
        if e.admin1.is_empty() {
            continue;
        }
        // A county names its state as surely as the state's own name does.
        let is_region = matches!(e.kind, PlaceKind::Region | PlaceKind::County);
        match counts.iter_mut().find(|(k, ..)| *k == (e.country, e.admin1)) {
            Some(c) => {
                c.1 += 1;
                c.2 |= is_region;
            }
            None => counts.push(((e.country, e.admin1), 1, is_region)),
        }
    }
    let divisions: Vec<Admin1> = counts.iter().filter(|(_, n, region)| *region || *n >= 2).map(|c| c.0).collect();
    let places_in = |country: &str| found.iter().filter(|h| h.entry.country == country).count();
    if divisions.is_empty() && found.len() < 2 {
        return Vec::new();
    }
    // A country that people or groups of the document belong to ("Georgia's prime
    // minister", "Georgian troops") is that country, whatever its name. Organisations do
    // not count: their country may come from the very name in question ("the Georgia
    // School Boards Association").
    let belonging: Vec<String> = actors
        .iter()
        .filter(|a| matches!(a.kind, sitrep_model::EntityKind::Person | sitrep_model::EntityKind::Group))
        .filter_map(|a| a.country.clone())
        .collect();
    let mut out = Vec::new();
    actors.retain(|a| {
        if a.kind != sitrep_model::EntityKind::Country || a.mentions.is_empty() {
            return true;
        }
        if a.country.as_ref().is_some_and(|c| belonging.contains(c)) {
            return true;
        }
        let (s0, e0) = a.mentions[0];
        let name = &text[s0..e0];
        if !starts_upper(name) || a.mentions.iter().any(|&(s, e)| text[s..e] != *name) {
            return true;
        }
        // A state of the country most of the document's places are in ("Northeast Georgia"
        // beside Gainesville and Hall County), when none is in the actor's own country.
        let own = a.country.as_deref().unwrap_or("");
        let local = gazetteer.find_in(name, &divisions).or_else(|| {
            gazetteer.region_named(name).filter(|r| {
                divisions.contains(&(r.country, r.admin1)) || (places_in(r.country) >= 2 && places_in(own) == 0)
            })
        });
        match local {
            Some(entry) if a.country.as_deref() != Some(entry.country) => {
                out.extend(a.mentions.iter().map(|&(start, end)| PlaceHit { start, end, entry }));
                false
            }
            _ => true,
        }
    });
    out
}

/// Capitals named for their country that stand after a locative of place ("a blast in
/// Kabul") are places too, unless they are part of a larger actor ("the government in
/// Kabul", excluded by the caller) or possessive ("in Moscow's war").
pub fn metonym_places<'g>(
    text: &str,
    metonyms: &[(usize, usize)],
    gazetteer: &'g Gazetteer,
    salient: &[&str],
    words: &NameWords,
) -> Vec<PlaceHit<'g>> {
    metonyms
        .iter()
        .filter(|&&(s, e)| preceded_by(text, s, &words.in_place) && !text[e..].starts_with("'s"))
        .filter_map(|&(s, e)| {
            let entry = gazetteer.resolve(&text[s..e], salient)?;
            Some(PlaceHit { start: s, end: e, entry })
        })
        .collect()
}

/// Whether a word of a town's people or institutions follows `end` ("DeKalb man",
/// "Mansfield Police Department"): one or two words, after a single space.
fn place_head_after(text: &str, end: usize, words: &NameWords) -> bool {
    let Some(rest) = text[end..].strip_prefix(' ') else { return false };
    let word_end = |from: usize| rest[from..].find(|c: char| !c.is_alphabetic()).map_or(rest.len(), |i| from + i);
    let one = word_end(0);
    if one == 0 {
        return false;
    }
    if words.place_heads.contains(&rest[..one]) {
        return true;
    }
    rest[one..].starts_with(' ') && {
        let two = word_end(one + 1);
        two > one + 1 && words.place_heads.contains(&rest[..two])
    }
}

/// Whether `w` never starts a name; an upper-case word is read as its title-case form
/// ("AT", "THE" in headlines).
fn is_nonname(w: &str, words: &NameWords) -> bool {
    if words.nonnames.contains(w) {
        return true;
    }
    if !is_upper_word(w) {
        return false;
    }
    words.nonnames.contains(&crate::actors::title_case(w))
}

/// A word of two or more letters, all upper case ("DETROIT").
fn is_upper_word(w: &str) -> bool {
    w.len() >= 2 && w.chars().all(|c| c.is_uppercase() || c == '-' || c == '\'') && w.chars().any(char::is_alphabetic)
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Whether a locative preposition or phrase ends right before `pos`.
fn locative_before(text: &str, pos: usize, words: &NameWords) -> bool {
    preceded_by(text, pos, &words.locatives)
}

/// Whether one of `phrases` (one to four words) ends right before `pos`.
fn preceded_by(text: &str, pos: usize, phrases: &rustc_hash::FxHashSet<String>) -> bool {
    let before = text[..pos].trim_end_matches(' ');
    if before.len() == pos {
        return false;
    }
    // Try the last one to four words before the name.
    let mut cut = before.len();
    for _ in 0..4 {
        let Some(space) = before[..cut].rfind([' ', '\n', '(', '"']) else {
            return phrases.contains(&before.to_lowercase());
        };
        cut = space;
        let phrase = &before[space + 1..];
        if phrases.contains(phrase) {
            return true;
        }
        // Lower-casing allocates; an ASCII phrase without capitals is its own lower case.
        let lower = !phrase.is_ascii() || phrase.bytes().any(|b| b.is_ascii_uppercase());
        if lower && phrases.contains(&phrase.to_lowercase()) {
            return true;
        }
    }
    false
}
