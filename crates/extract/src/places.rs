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

use rustc_hash::FxHashMap;
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
    let mut notes = Notes::default();
    let words = &lexicon.names;
    let is_taken = |s: usize, e: usize| {
        let i = taken.partition_point(|t| t.1 <= s);
        taken[i..].iter().take_while(|t| t.0 < e).any(|t| t.0 < e && s < t.1)
    };
    // Whether each token is a capitalised word that may start a name and that no other
    // recogniser took: found once for both scans, and for the words a run extends over.
    let free: Vec<bool> = tokens
        .iter()
        .map(|t| {
            // Most words start with an ASCII letter: a lower-case one settles it unread.
            if t.kind != TokenKind::Word || text.as_bytes()[t.start].is_ascii_lowercase() {
                return false;
            }
            let w = t.text(text);
            starts_upper(w) && !is_taken(t.start, t.end) && !is_nonname(w, words)
        })
        .collect();
    let doc = Doc { text, tokens, sentence_starts, taken, free: &free };
    let first = scan(&doc, gazetteer, salient, lexicon, &[], &[], &mut notes);
    if first.is_empty() {
        return first;
    }
    // One sense per discourse: a name taken for a place once is a place wherever it
    // stands in the document ("Gainesville police" after "in Gainesville").
    let mut known: Vec<String> = Vec::with_capacity(first.len());
    // The entry each known name was first read as, in the same order.
    let mut readings: Vec<&PlaceEntry> = Vec::with_capacity(first.len());
    for h in &first {
        let name = sitrep_geo::fold(&text[h.start..h.end]);
        if !known.contains(&name) {
            known.push(name);
            readings.push(h.entry);
        }
    }
    let regions = document_regions(&known, &readings, gazetteer);
    // Without divisions the second scan differs from the first only where a name it
    // turned down is one of the known ones: when there is none, it would find the same.
    let mut key = String::new();
    let revisits = |name: &&str| {
        sitrep_geo::fold_into(name, &mut key);
        known.contains(&key)
    };
    if regions.is_empty() && !notes.rejected.iter().any(revisits) {
        return first;
    }
    if !regions.is_empty() {
        // The divisions may change what a name the gazetteer has resolves to.
        notes.resolved.retain(|_, found| found.is_none());
    }
    scan(&doc, gazetteer, salient, lexicon, &regions, &known, &mut notes)
}

/// A place the gazetteer resolves a name to, and the region row of that main name.
type Resolved<'g> = (&'g PlaceEntry, Option<&'g PlaceEntry>);

/// The document as both scans read it.
struct Doc<'t, 'd> {
    text: &'t str,
    tokens: &'d [Token],
    sentence_starts: &'d [usize],
    taken: &'d [(usize, usize)],
    /// Per token: a capitalised word, not a non-name, not taken.
    free: &'d [bool],
}

/// What the scans of one document learn along the way.
#[derive(Default)]
struct Notes<'t, 'g> {
    /// Names looked up in the gazetteer, with the place each resolves to and the region
    /// row of that main name: both scans and repeated names ask again, and each look-up
    /// reads the rows of all the namesakes, scattered in memory.
    resolved: FxHashMap<&'t str, Option<Resolved<'g>>>,
    /// Names the gazetteer knows that a scan turned down for want of evidence.
    rejected: Vec<&'t str>,
}

/// The states and provinces a document is about, from the places found in it (`known`:
/// their folded names; `readings`: the entry each was read as), the division it is most
/// about first.
///
/// Each name votes for the divisions that hold a place of that name ("Gainesville" and
/// "Cooke County" are both in Texas), in the country of its best-known bearer only
/// ("Alexandria" and "Cairo" beside each other are in Egypt, whatever towns of Illinois
/// are called). A state or county whose name no other division shares ("Louisiana",
/// "Freestone County") names its division outright; one that several states have
/// ("Anderson County") only votes, like a town. The divisions kept are those named
/// outright and those with the most votes, when that is two or more; they are ordered by
/// votes, then by the population of the places that voted for them, so that a tie goes to
/// the state whose places of those names are larger.
fn document_regions<'g>(known: &[String], readings: &[&'g PlaceEntry], gazetteer: &'g Gazetteer) -> Vec<Admin1<'g>> {
    // (division, votes, population of its places that voted, named outright)
    let mut tally: Vec<(Admin1, usize, u64, bool)> = Vec::new();
    let mut of_name: Vec<(Admin1, u64)> = Vec::new();
    for (name, reading) in known.iter().zip(readings) {
        let candidates = gazetteer.lookup_folded(name);
        let Some(country) = candidates.first().map(|e| e.country) else { continue };
        of_name.clear();
        let division_like = matches!(reading.kind, PlaceKind::Region | PlaceKind::County);
        for e in &candidates {
            // A state or county votes only through namesakes of its own kind.
            if e.country != country || e.admin1.is_empty() || (division_like && e.kind != reading.kind) {
                continue;
            }
            let key = (e.country, e.admin1);
            match of_name.iter_mut().find(|(k, _)| *k == key) {
                Some(o) => o.1 = o.1.max(e.population),
                None => of_name.push((key, e.population)),
            }
        }
        let outright = division_like && of_name.len() == 1;
        for &(key, population) in &of_name {
            // A state's own size says nothing about which of its namesakes is meant.
            let population = if reading.kind == PlaceKind::Region { 0 } else { population };
            match tally.iter_mut().find(|t| t.0 == key) {
                Some(t) => {
                    t.1 += 1;
                    t.2 += population;
                    t.3 |= outright;
                }
                None => tally.push((key, 1, population, outright)),
            }
        }
    }
    let most = tally.iter().map(|t| t.1).max().unwrap_or(0);
    tally.retain(|t| t.3 || (most >= 2 && t.1 == most));
    tally.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
    tally.into_iter().map(|t| t.0).collect()
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
            // The first byte turns most of them down before a comparison of the whole.
            let first = abbr.as_bytes().first();
            (first.is_none() || first == rest.as_bytes().first())
                && rest.starts_with(abbr.as_str())
                && !rest[abbr.len()..].starts_with(|c: char| c.is_alphanumeric())
        })
        .max_by_key(|(abbr, _)| abbr.len())
        .and_then(|(abbr, name)| {
            let region = gazetteer.region_named(name)?;
            Some((region, pos + abbr.len()))
        })
}

fn scan<'g, 't>(
    doc: &Doc<'t, '_>,
    gazetteer: &'g Gazetteer,
    salient: &[&str],
    lexicon: &Lexicon,
    regions: &[Admin1],
    known: &[String],
    notes: &mut Notes<'t, 'g>,
) -> Vec<PlaceHit<'g>> {
    let Doc { text, tokens, sentence_starts, taken, free } = *doc;
    let words = &lexicon.names;
    // The folded form of the name last resolved; one buffer for the whole scan.
    let mut key = String::new();
    // The gazetteer finds nothing for a name whatever the context, or something whatever
    // the context; what it finds depends on the context only, which is fixed for the
    // scan: each name is looked up once (see `Notes::resolved`). A name found comes with
    // the region row of that main name, if any, from the same look-up. `key` is left
    // holding the name folded when the name is found.
    let mut resolve = |name: &'t str, key: &mut String| {
        if let Some(&found) = notes.resolved.get(name) {
            if found.is_some() {
                sitrep_geo::fold_into(name, key);
            }
            return found;
        }
        sitrep_geo::fold_into(name, key);
        let (found, region) = gazetteer.resolve_folded_with_region(key, salient, regions);
        let found = found.map(|e| (e, region));
        notes.resolved.insert(name, found);
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
        // Straight to the next free word: most tokens are none.
        let Some(next) = free[i..].iter().position(|&f| f) else { break };
        i += next;
        let t = tokens[i];
        if t.start < skip_until {
            i += 1;
            continue;
        }
        let w = t.text(text);
        // The run of capitalised words (and name particles) from here: tokens `i..k`,
        // counted rather than collected, as this runs at every free capitalised word.
        let mut run = 1;
        let mut k = i + 1;
        while k < tokens.len() && run < 4 {
            let n = tokens[k];
            let gap = &text.as_bytes()[tokens[k - 1].end..n.start];
            if gap.is_empty() || gap.iter().any(|&b| b != b' ') {
                break;
            }
            // A capitalised word extends the run when free; a lower-case one when it is a
            // free particle.
            let extends = free[k] || {
                let nw = n.text(text);
                n.kind == TokenKind::Word
                    && !starts_upper(nw)
                    && words.particles.contains(nw)
                    && !is_nonname(nw, words)
                    && !is_taken(n.start, n.end)
            };
            if !extends {
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
        // Read only when a decision needs it: most runs are no name the gazetteer knows.
        let sentence_initial = || sentence_starts.binary_search(&t.start).is_ok();
        let locative = || {
            // "in Jenin and Tulkarm": a name coordinated with a place just found is a place.
            let coordinated = hits.last().is_some_and(|h: &PlaceHit| {
                matches!(text.get(h.end..t.start), Some(" and " | " or " | ", " | ", and " | ", or "))
            });
            coordinated || locative_before(text, t.start, words)
        };
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
                if let Some((entry, _)) = resolve(name, &mut key) {
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
            let Some((entry, region)) = resolve(name, &mut key) else { continue };
            // A state's own name over a town that has it as an alternate name.
            let entry = match region {
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
            // `key` holds `name` folded, by the `resolve` above.
            let ok = if (!known.is_empty() && known.contains(&key)) || place_head_after(text, end, words) {
                true
            } else if len < run && !matches!(entry.kind, PlaceKind::Region | PlaceKind::County) {
                // "Henry Smith", "Warden Jones": the start of a longer name; but a county
                // opening one is the county of its institution ("Walker County Sheriff's
                // Office").
                locative() || entry.population >= SELF_EVIDENT_POPULATION
            } else if len == 1 && sentence_initial() {
                locative() || entry.population >= SELF_EVIDENT_POPULATION
            } else {
                locative() || evident || inside(entry, regions)
            };
            if ok {
                accepted = Some((end, entry, len));
            } else {
                notes.rejected.push(name);
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
/// one name (no "French", no "France" beside "Paris") and none of whose places the
/// document names becomes the local place; it is removed from `actors` and its mentions
/// are returned as places.
///
/// The document's divisions are those of the places already found: a division counts
/// when a region row or a county of it names it, or two of its places are found; when no
/// state is named for sure, so do the states of a county name several states share
/// ("Henry County"). Of the namesakes in those divisions, the one in the division with
/// the most places found wins, then the largest. When no division counts, one holding
/// most of the places found is enough if the name itself is written as a town's ("the
/// Jordan Police Department", "Ann Lee, 41, of Athens").
pub fn local_homonyms<'g>(
    text: &str,
    actors: &mut Vec<crate::actors::Actor>,
    found: &[PlaceHit<'g>],
    gazetteer: &'g Gazetteer,
    words: &NameWords,
) -> Vec<PlaceHit<'g>> {
    // (division, places found in it, named for sure, a county of it whose name other
    // states share is found)
    let mut counts: Vec<(Admin1, usize, bool, bool)> = Vec::new();
    let mut vote = |key: Admin1<'g>, sure: bool, shared: bool| match counts.iter_mut().find(|(k, ..)| *k == key) {
        Some(c) => {
            c.1 += 1;
            c.2 |= sure;
            c.3 |= shared;
        }
        None => counts.push((key, 1, sure, shared)),
    };
    // States named outright ("Texas", "Ga."): a county of one of them is that state's.
    let named: Vec<Admin1> =
        found.iter().filter(|h| h.entry.kind == PlaceKind::Region).map(|h| (h.entry.country, h.entry.admin1)).collect();
    // County names that several states have, each counted once.
    let mut shared_counties: Vec<&str> = Vec::new();
    for h in found {
        let e = h.entry;
        if e.admin1.is_empty() {
            continue;
        }
        if e.kind == PlaceKind::County && !named.contains(&(e.country, e.admin1)) {
            // A county that several states have ("Henry County") is a weak sign of each
            // of them; one that only one state has names it as surely as the state's own
            // name does.
            let name = &text[h.start..h.end];
            if shared_counties.contains(&name) {
                continue;
            }
            let mut states: Vec<Admin1> = Vec::new();
            for c in gazetteer.lookup(name) {
                if c.kind == PlaceKind::County && c.country == e.country && !states.contains(&(c.country, c.admin1)) {
                    states.push((c.country, c.admin1));
                }
            }
            if states.len() > 1 {
                shared_counties.push(name);
                for key in states {
                    vote(key, false, true);
                }
                continue;
            }
        }
        vote((e.country, e.admin1), matches!(e.kind, PlaceKind::Region | PlaceKind::County), false);
    }
    // Most places first.
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    // Without a state the document names for sure, those of its shared counties are
    // candidates: the name's own namesakes then decide between them.
    let sure = counts.iter().any(|c| c.2);
    let divisions: Vec<Admin1> =
        counts.iter().filter(|&&(_, n, named, shared)| named || n >= 2 || (shared && !sure)).map(|c| c.0).collect();
    let with_division: usize = counts.iter().map(|c| c.1).sum();
    let main_division: Option<Admin1> = counts.first().filter(|c| 2 * c.1 > with_division).map(|c| c.0);
    // Of the namesakes in `among`, the one in the division with the most places found,
    // then the largest.
    let best_in = |name: &str, among: &[Admin1]| -> Option<&'g PlaceEntry> {
        gazetteer
            .lookup(name)
            .into_iter()
            .filter(|e| e.kind != PlaceKind::Region && !e.admin1.is_empty() && among.contains(&(e.country, e.admin1)))
            .max_by_key(|e| {
                let votes = counts.iter().find(|c| c.0 == (e.country, e.admin1)).map_or(0, |c| c.1);
                (votes, e.population, std::cmp::Reverse(e.geonames_id))
            })
    };
    let places_in = |country: &str| found.iter().filter(|h| h.entry.country == country).count();
    if divisions.is_empty() && main_division.is_none() {
        return Vec::new();
    }
    // A country whose troops or whose people in office the document speaks of ("Georgia's
    // prime minister", "Georgian troops") is that country, whatever its name. Other people
    // and groups do not count: their country may come from the very name in question, by
    // nearness ("Athens Police Chief Don Yarbrough") or as its prefix ("Paris Police").
    let belonging: Vec<(String, bool, (usize, usize))> = actors
        .iter()
        .filter(|a| matches!(a.kind, sitrep_model::EntityKind::Person | sitrep_model::EntityKind::Group))
        .filter_map(|a| {
            let country = a.country.as_ref()?;
            let military = a.code.as_deref().is_some_and(|c| c.len() == 6 && c.ends_with("MIL"));
            Some(a.mentions.iter().map(move |&m| (country.clone(), military, m)))
        })
        .flatten()
        .collect();
    let mut out = Vec::new();
    actors.retain(|a| {
        if a.kind != sitrep_model::EntityKind::Country || a.mentions.is_empty() {
            return true;
        }
        let (s0, e0) = a.mentions[0];
        let name = &text[s0..e0];
        if !starts_upper(name) || a.mentions.iter().any(|&(s, e)| text[s..e] != *name) {
            return true;
        }
        let own = a.country.as_deref().unwrap_or("");
        if places_in(own) > 0 {
            return true;
        }
        let possessive = format!("{name}'s ");
        if belonging
            .iter()
            .any(|&(ref c, military, (s, e))| c == own && (military || text[s..e].starts_with(&possessive)))
        {
            return true;
        }
        // A state of the country most of the document's places are in ("Northeast Georgia"
        // beside Gainesville and Hall County), when none is in the actor's own country.
        let local = best_in(name, &divisions)
            .or_else(|| {
                gazetteer
                    .region_named(name)
                    .filter(|r| divisions.contains(&(r.country, r.admin1)) || places_in(r.country) >= 2)
            })
            .or_else(|| {
                let main = main_division?;
                let as_town = a.mentions.iter().any(|&(s, e)| place_head_after(text, e, words) || of_a_person(text, s));
                if as_town {
                    gazetteer.find_in(name, &[main])
                } else {
                    None
                }
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

/// Whether the name at `pos` says where a person named before it lives, as local news
/// writes it: "Ann Lee, 41, of Athens", "James Barnes, 20, also of Paris".
fn of_a_person(text: &str, pos: usize) -> bool {
    let before = &text[..pos];
    [", of ", ", also of ", ", both of ", ", all of "].iter().any(|p| before.ends_with(p))
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
    // An ASCII word is title-cased on the stack rather than in a new string.
    let mut buf = [0u8; 32];
    if w.is_ascii() && w.len() <= buf.len() {
        let b = &mut buf[..w.len()];
        b.copy_from_slice(w.as_bytes());
        b[1..].make_ascii_lowercase();
        return std::str::from_utf8(b).is_ok_and(|t| words.nonnames.contains(t));
    }
    words.nonnames.contains(&crate::actors::title_case(w))
}

/// A word of two or more letters, all upper case ("DETROIT").
fn is_upper_word(w: &str) -> bool {
    // Most capitalised words go no further than their second letter.
    if w.as_bytes().get(1).is_some_and(u8::is_ascii_lowercase) {
        return false;
    }
    w.len() >= 2 && w.chars().all(|c| c.is_uppercase() || c == '-' || c == '\'') && w.chars().any(char::is_alphabetic)
}

fn starts_upper(w: &str) -> bool {
    match w.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => w.chars().next().is_some_and(char::is_uppercase),
    }
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
        // The separators are ASCII: a byte search finds the same place as a char search.
        let Some(space) = before.as_bytes()[..cut].iter().rposition(|&b| matches!(b, b' ' | b'\n' | b'(' | b'"'))
        else {
            return contains_lower(phrases, before);
        };
        cut = space;
        let phrase = &before[space + 1..];
        if phrases.contains(phrase) {
            return true;
        }
        // An ASCII phrase without capitals is its own lower case.
        let lower = !phrase.is_ascii() || phrase.bytes().any(|b| b.is_ascii_uppercase());
        if lower && contains_lower(phrases, phrase) {
            return true;
        }
    }
    false
}

/// Whether `phrases` holds `s` lower-cased; a short ASCII `s` is lower-cased on the stack.
fn contains_lower(phrases: &rustc_hash::FxHashSet<String>, s: &str) -> bool {
    let mut buf = [0u8; 48];
    if s.is_ascii() && s.len() <= buf.len() {
        let b = &mut buf[..s.len()];
        b.copy_from_slice(s.as_bytes());
        b.make_ascii_lowercase();
        return std::str::from_utf8(b).is_ok_and(|l| phrases.contains(l));
    }
    phrases.contains(&s.to_lowercase())
}
