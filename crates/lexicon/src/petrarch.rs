//! PETRARCH and TABARI dictionaries: `sitrep --dictionaries DIR` reads the verb, actor, agent
//! and discard files of PETRARCH2 (and TABARI-era files written in the same formats) into a
//! [`Lexicon`], so users of those coders keep their dictionaries.
//!
//! The dictionaries are read as PETRARCH2 reads them (`PETRreader.py`), and each record is
//! turned into the lexicon record that means the same thing to sitrep. What sitrep cannot
//! express is left out and listed, with its file and line, in [`PetrarchImport::skipped`]
//! (its `Display` is the one-line summary, "PETRARCH: 129 actors, ...").
//!
//! **Errors.** A line whose structure cannot be read is an error naming the file and line: a
//! `[` without `]` in actor and verb files, a `+synonym` or code line before any actor, an
//! empty or non-alphanumeric actor code, a date restriction that is not digits, `{` without
//! `}`, an undefined `!SET!`, an agent code without `~`, a pattern without `*` or `[code]`, a
//! verb or pattern before any `--- NAME ---` block, an empty discard phrase. Slips that
//! PETRARCH reads anyway are read the same way and listed: a stray `]` in an actor phrase
//! (dropped), an agent code without `]` (read to the end of the line, like `[~ENV}`), a
//! pattern with unbalanced parentheses (left out), a block header with two codes (the first
//! kept). The PETRARCH2 and Phoenix files load without errors.
//!
//! # Common syntax
//! `#` starts a comment (to the end of the line); `<!-- ... -->` comments, also over several
//! lines, and lines starting with `<!` (the header blocks) are skipped, as are blank lines.
//! Phrases write `_` (or a space) between words; a final `_` (TABARI's "whole word" mark) is
//! dropped.
//!
//! # Files: which is which ([`load_dir`])
//! Every regular file directly in the folder is considered, in name order:
//! 1. by name (case-insensitive): a name containing `verb` is a verb dictionary, `actor` an
//!    actor dictionary, `agent` an agent dictionary, `discard` a discard list; a name
//!    containing `issue`, `preposition`, `ontology` or `config` is a PETRARCH file sitrep does
//!    not use (listed in `skipped`);
//! 2. otherwise, for `.txt` files, by content: an issue dictionary (`<ISSUE`) is listed and
//!    left out; `--- NAME [code] ---` block lines make a verb dictionary; `[~CODE]` or
//!    `[CODE~]` brackets an agent dictionary; `[CODE]` brackets an actor dictionary; a file of
//!    plain phrases with at least one story-level (`+`) line a discard list. Other files are
//!    listed as not recognised (a plain word list could be anything: name a discard list
//!    `*discards*` if it has no `+` line).
//!
//! All actor files are read first and imported together (an actor may use a country code
//! that another file defines), then agents, verbs and discards.
//!
//! # Actors
//! ```text
//! HAMAS [PSEREBHMS]
//! SOUTH_KOREA [KOR]
//! +SEOUL
//! GOLLUM
//! +SMEAGOL
//!     [HOB <950601]
//!     [HOBGOV 19950601-19990815]
//!     [HOBREB >990816]
//! ```
//! An actor is a primary phrase, `+synonym` lines and one or more `[CODE]` brackets, on the
//! phrase's line or on the following lines. A phrase without codes directly followed (no
//! blank or comment line between) by another phrase takes that phrase as another name and its
//! codes ("IVO_JOSIPOVIC_" / "PRESIDENT_JOSIPOVIC_ [HRVGOV >20120219]"); PETRARCH2 would
//! leave it uncoded, so this is listed.
//!
//! **Names.** The files write names in capitals; sitrep matches names with capitals
//! case-sensitively, so each name is stored as news writes it: every word title-cased
//! ("HAMAS" → "Hamas", "KI-MOON" → "Ki-Moon", "O'BRIEN" → "O'Brien", "MCCAIN" → "McCain"),
//! except acronyms, which stay in capitals. A word is an acronym when it is written with full
//! stops between single letters ("U.N.", "U.S.", "W."), when it has no vowel and at most four
//! letters ("CNN", "PKK"; not the abbreviations Mr, Dr, St, Jr, Sr, Ltd, Mt, Ft), when it is a
//! Roman numeral after the first word ("II"), or when the lexicon already writes it in
//! capitals and never title-cased ("UN", "NATO", "IAEA"). After the first word, `of`, `the`,
//! `and`, `for`, `on`, `in`, `to`, `by`, `with` and the name particles `al`, `el`, `bin`,
//! `ibn`, `de`, `du`, `des`, `del`, `della`, `der`, `van`, `von`, `da`, `dos`, `das` are lower
//! case ("Bashar al-Assad", "Islamic Republic of Afghanistan"). Words with `&` ("AT&T") and
//! words already in mixed case are kept. A leading "the" and parenthesised acronyms
//! ("(AAIA)") are dropped. A one-word name of at most three letters stays in capitals ("AU",
//! "IMF"; not for people); one of four letters also gets its capitals as another name
//! ("Ussr" and "USSR"), and so does an organisation's of five ("Hamas" and "HAMAS", "Monuc"
//! and "MONUC"). Organisations get two more spellings as other names: the later words that
//! are words of agent terms in lower case ("Israeli troops", "Hamas gunmen"), and the words
//! of two or three letters in capitals ("Continuity IRA", "AVX Corporation").
//!
//! **Codes and dates.** `[CODE YYMMDD-YYMMDD]` holds from the first date up to the day before
//! the second, `[CODE <YYMMDD]` up to the day before the date, `[CODE >YYMMDD]` (or a bare
//! `[CODE YYMMDD]`) from the date on; spaces inside the brackets are allowed; dates are
//! `YYMMDD` (`00`-`30` are 20xx, others 19xx) or `YYYYMMDD`. A code without a date is the
//! default, used when no dated code holds. A date that is not six or eight digits or not a
//! calendar date drops its bracket (listed). `[---]` and `[+++]` (no actor) are skipped and
//! listed; of `[A/B]` only `A` is kept (listed).
//!
//! **Records.** Each actor becomes one of:
//! - a [`Person`] line per code when it looks like a person: it has a dated code (unless its
//!   phrase has an organisation head word, all its codes are bare three-letter codes, a state
//!   over time like `ZIMBABWE [RHO <790606] [ZBW]`, or one is a company code `MNC...`), or its
//!   phrase opens with a title (an honorific of `names.txt` or President, Prime Minister, King,
//!   ...) or with the first name of someone in `people.txt` and has no organisation head word
//!   (`names.txt`'s org heads, Ministry, Party, Army, ...). Dated lines come first, in file
//!   order, then the undated ones, so that the first line in force on a date is the dated code
//!   and the default holds otherwise (as TABARI and the PETRARCH validation suite read them).
//!   `country` is the code's first three letters when they are a known country. A phrase the
//!   lexicon already has as an organisation or country is not a person.
//! - otherwise the actor has one code: the first undated one, else the last open-ended one
//!   (`[ARM >911221]`), else the last one; the others, and a dropped date restriction, are
//!   listed. With it the actor becomes:
//!   - names of a [`Country`] when the code is exactly a known country code (`ISRAEL [ISR]`;
//!     `GAZA_CITY [PSEGZA]` is not): a name that shares a stem (the first four letters of a
//!     word, or of all its letters run together) with the country's name, other names or
//!     adjectives goes to its `names` ("Islamic Republic of Afghanistan", "USSR" for
//!     "U.S.S.R"), others (capitals, provinces, epithets: "Kabul", "Helmand") to its
//!     `metonyms`. A name some country already has is not added again, to any country.
//!   - a new [`Country`] when the code is three letters, is not a known country and not a
//!     role or sector code (GOV, MIL, NGO, IGO, MOS, ...): test dictionaries' fictional
//!     countries (`ARNOR [ARN]` makes a country ARN called "Arnor") and old codes
//!     (`EGYPT [UAR]`).
//!   - otherwise an [`Organization`], its type read from the code: `IGO...` igo, `NGO...`
//!     ngo, `MNC...` company, `IMG...` armed group, else the last recognised three-letter
//!     segment: `MED` media, `REB`/`INS`/`UAF`/`SEP` armed group, `GOV`/`MIL`/`SPY`/`COP`
//!     government, `JUD` court, `PTY` party, `BUS` company, `NGO`/`HRI` ngo, none of these
//!     `other`; `country` is the code's first three letters when they are a known country. An
//!     actor whose names overlap those of an organisation with the same code adds its new
//!     names to it.
//!
//! # Agents
//! ```text
//! !PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
//! AMBASSADOR [~GOV]
//! ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
//! POLICE {} [~COP]
//! CONGRESS!PERSON! [~LEG]
//! HUMAN_RIGHTS_BODY [NGO~]
//! ```
//! Each line becomes an [`Agent`] with the phrase and its plural as lower-case terms. The
//! plural is the one in `{}` (none for `{}`), else the regular one of the head word (the last
//! word, or the word before "of"): -y → -ies after a consonant, -s/-x/-z/-ch/-sh → -es,
//! -man → -men, else -s ("attorney general" → "attorneys general"). `!SET!` markers are replaced by each item of the set, without
//! plurals. sitrep's agent codes are three letters: a longer code (`~GOVMED`) keeps its
//! first three (listed); a prefix code (`[NGO~]`) is stored like a suffix one, so a country
//! and the agent make `ISRNGO` where PETRARCH would write `NGOISR`. The kind comes from the
//! head word, singularised: titles held by one person (president, minister, spokesman,
//! ambassador, judge, ...) are `person`, bodies (ministry, embassy, court, party, newspaper,
//! ...) `organization`, everything else (troops, officials, police, media, ...) `group`; a
//! line whose terms differ in kind (`FOREIGN_!MINIST!`: minister, ministry) makes one agent
//! per kind. Terms the lexicon already has are not added again (the first reading wins); a
//! line without a code is listed, as PETRARCH skips it.
//!
//! # Verbs
//! ```text
//! &CURRENCY
//! +DOLLAR
//! +EURO
//! --- GRANT [070] ---
//! GRANT
//! GIVE {GAVE GIVEN GIVES GIVING}
//! +HAND_OVER
//! - * &CURRENCY [071]
//! - * (TO)  [070]
//! ```
//! Synsets (`&NAME` and `+word` lines) may be defined anywhere in the file and may contain
//! other synsets. In each `--- NAME [code] ---` block:
//! - every verb line gives its forms: the base and the forms in `{}` (PETRARCH: with `{}`
//!   all forms are listed), or the base and its regular -s, -ed and -ing forms (with the usual
//!   spelling rules: -y → -ies/-ied after a consonant, -e drops before -ing, a final consonant
//!   doubles in one-syllable words and a few stressed endings: banned, committed). A
//!   multi-word verb writes `_` between words and `+` before the verb word (`+BEEF_UP`,
//!   `RE_+ARREST`: "beef up", "beefs up", ...; `re` joins with a hyphen and without:
//!   "re-arrest", "rearrest").
//! - the verbs' default code (their own `[code]` or the block's) makes a [`VerbPattern`] line
//!   without objects; blocks and verbs coded `---` (or without a code) have no default.
//! - each pattern `- prenoun (prep) * postnoun (prep noun) [code]` applies to all the verbs
//!   of the block. Its object is the pattern's first noun phrase after `*` (a word, a
//!   `_`-joined phrase or `{...}`), else the first prepositional phrase with its preposition
//!   ("(FOR AID)" is "for aid"), leading a/an/the dropped; a bare preposition (or a synset of
//!   prepositions) joins the noun phrase after it ("OVER EFFORTS" is "over efforts");
//!   synsets expand to their words, and a synset word that ends the object also gives its
//!   plural (PETRARCH's rule; not for synsets or words ending in `_`). The prepositions of
//!   the parenthesised phrases become target prepositions. A first word that is a particle
//!   (up, down, out, off, back, away, forward, aside, apart, together, over, around, along)
//!   is added to the verb forms ("put forward" + "peace plan"). Only the first noun phrase
//!   constrains the object: later ones are dropped. Patterns with the same code, words
//!   before the verb and prepositions are merged into one line; a pattern with the verbs'
//!   default code and no other condition adds only its prepositions or nothing.
//! - the words before `*` (`- SAID * [191]`, `- &NEGAUX EVER * OVER EFFORTS [905]`,
//!   `- &MILITARY * [154]`) become [`VerbPattern::before`]: one slot per token, in order,
//!   a `_`-joined token one phrase, a synset its members (with plurals, as for objects),
//!   treebank contractions joined ("DID N'T" is "didn't"). The line then needs those words
//!   before the verb in its sentence; the most specific line wins.
//! - actor markers: `%` before the verb makes joined subjects act on each other (`% HAVE *`,
//!   [`SubjectRole::Mutual`]); `+` before it makes the subject the target, the source being
//!   the actor after the preposition before `$` (`+ * FROM $`, [`SubjectRole::Target`]);
//!   after the verb, a preposition before `+` names the target's prepositions (`* EID AT ^
//!   WITH +`) and one before `^` is not a target's. `$` before the verb is the subject, as
//!   usual.
//! - codes: a CAMEO code needs a PLOVER type; a code of the dictionary's own outside CAMEO's
//!   roots 01-20 ("903", "212", "345"; "174K" with a letter) is kept as it is, with the
//!   PLOVER type of the block's code when it has one, else none (such events are not
//!   written to PLOVER exports).
//! - listed and left out: transformations (`~ ...`), patterns without an object noun or
//!   other condition whose code is not the default (sitrep cannot require a bare
//!   prepositional phrase), null codes (`[---]`), codes that are not 2 to 4 digits
//!   (optionally with one letter), CAMEO codes without a PLOVER type (CAMEO 01, statements),
//!   undefined synsets.
//! - a verb the file defines is coded by the file alone: the readings of its forms that were
//!   loaded before (the built-in `verbs.txt`, earlier files) are dropped, as PETRARCH codes a
//!   verb from its own dictionary. Event nouns of the same spelling stay.
//!
//! Codes take the first of `[source:target]` codes (`[020:050]` → 020); the PLOVER type of a
//! CAMEO code is [`plover_of`], read from `lexicon/cameo_plover.txt` (CAMEO2PLOVER-2021,
//! longest prefix wins; CAMEO 01 has no type, 02 appeals are REQUEST).
//!
//! # Discards
//! Each line is a phrase (lower case, `_` → space) added to [`Lexicon::discards`]; a line
//! starting with `+` is a story-level discard in PETRARCH (the whole story is not coded) and is
//! stored with its `+` ("+manchester united"). PETRARCH's stems (a phrase without a final `_`
//! also matches longer words) are stored as whole phrases.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::verbs::PLOVER_TYPES;
use crate::{
    records, Agent, AgentKind, Country, Date, Lexicon, LexiconError, OrgType, Organization, PatternKind, Person,
    SubjectRole, VerbPattern,
};

/// The CAMEO → PLOVER table, `code prefix | PLOVER type` lines.
const CAMEO_PLOVER: &str = include_str!("../../../lexicon/cameo_plover.txt");
const CAMEO_PLOVER_FILE: &str = "cameo_plover.txt";

/// What was imported, for a one-line summary ("PETRARCH: 129 actors, 474 verb patterns, 88 agents, 9 discards").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PetrarchImport {
    /// Actor entries imported (primary phrases with their synonyms and codes).
    pub actors: usize,
    /// [`VerbPattern`] lines added.
    pub verb_patterns: usize,
    /// Agent lines imported.
    pub agents: usize,
    /// Discard phrases added.
    pub discards: usize,
    /// Constructs not supported or left out, as `file:line: what`.
    pub skipped: Vec<String>,
    /// The files read and their kind ([`load_dir`]).
    pub files: Vec<(PathBuf, DictKind)>,
}

impl PetrarchImport {
    fn absorb(&mut self, other: PetrarchImport) {
        self.actors += other.actors;
        self.verb_patterns += other.verb_patterns;
        self.agents += other.agents;
        self.discards += other.discards;
        self.skipped.extend(other.skipped);
        self.files.extend(other.files);
    }
}

impl fmt::Display for PetrarchImport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PETRARCH: {} actors, {} verb patterns, {} agents, {} discards",
            self.actors, self.verb_patterns, self.agents, self.discards
        )?;
        if !self.skipped.is_empty() {
            write!(f, " ({} constructs skipped)", self.skipped.len())?;
        }
        Ok(())
    }
}

/// The kind of a PETRARCH dictionary file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DictKind {
    Actors,
    Agents,
    Verbs,
    Discards,
}

impl fmt::Display for DictKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DictKind::Actors => "actors",
            DictKind::Agents => "agents",
            DictKind::Verbs => "verbs",
            DictKind::Discards => "discards",
        })
    }
}

/// What a file in a dictionary folder is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FileKind {
    Dict(DictKind),
    /// A PETRARCH file sitrep does not use, and why.
    Unused(&'static str),
    Unknown,
}

/// The kind of a file, from its name, else its content (see the module docs).
fn file_kind(name: &str, text: &str) -> FileKind {
    let lower = name.to_lowercase();
    for (part, kind) in [
        ("verb", DictKind::Verbs),
        ("actor", DictKind::Actors),
        ("agent", DictKind::Agents),
        ("discard", DictKind::Discards),
    ] {
        if lower.contains(part) {
            return FileKind::Dict(kind);
        }
    }
    for (part, why) in [
        ("issue", "issue dictionaries are not supported"),
        ("preposition", "preposition lists are not used"),
        ("ontology", "the coding ontology is not used"),
        ("config", "configuration files are not read"),
    ] {
        if lower.contains(part) {
            return FileKind::Unused(why);
        }
    }
    if !lower.ends_with(".txt") {
        return FileKind::Unknown;
    }
    if text.contains("<ISSUE") {
        return FileKind::Unused("issue dictionaries are not supported");
    }
    let lines = content_lines(text);
    let is_block = |l: &str| l.starts_with("---") && l.ends_with("---") && l.len() > 6;
    if lines.iter().any(|(_, l)| is_block(l)) {
        return FileKind::Dict(DictKind::Verbs);
    }
    let brackets: Vec<&str> = lines
        .iter()
        .flat_map(|(_, l)| l.split('[').skip(1).filter_map(|s| s.split(']').next()))
        .map(str::trim)
        .collect();
    if brackets.iter().any(|b| b.starts_with('~') || b.ends_with('~')) {
        return FileKind::Dict(DictKind::Agents);
    }
    if brackets
        .iter()
        .any(|b| b.split_whitespace().next().is_some_and(|c| c.chars().all(|ch| ch.is_ascii_alphanumeric())))
    {
        return FileKind::Dict(DictKind::Actors);
    }
    if brackets.is_empty() && !lines.is_empty() && lines.iter().any(|(_, l)| l.starts_with('+') && l.len() > 1) {
        return FileKind::Dict(DictKind::Discards);
    }
    FileKind::Unknown
}

/// Loads every PETRARCH dictionary file found in `dir` into `lexicon`.
///
/// Files are recognised by name, else by content (see the module docs); actor files are
/// imported together first, then agents, verbs and discards. Files that are not
/// dictionaries, or not used, are listed in [`PetrarchImport::skipped`].
pub fn load_dir(lexicon: &mut Lexicon, dir: &Path) -> Result<PetrarchImport, LexiconError> {
    let io = |path: &Path, source| LexiconError::Io { path: path.to_path_buf(), source };
    if !dir.is_dir() {
        return Err(io(dir, std::io::Error::new(std::io::ErrorKind::NotFound, "not a directory")));
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut out = PetrarchImport::default();
    let mut files: Vec<(PathBuf, DictKind, String)> = Vec::new();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| io(&path, e))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        match file_kind(&name, &text) {
            FileKind::Dict(kind) => files.push((path, kind, text)),
            FileKind::Unused(why) => out.skipped.push(format!("{}: {why}", path.display())),
            FileKind::Unknown => {
                out.skipped.push(format!("{}: not recognised as a PETRARCH dictionary", path.display()))
            }
        }
    }
    let mut entries = Vec::new();
    for (path, kind, text) in &files {
        if *kind == DictKind::Actors {
            entries.extend(parse_actors(text, &path.display().to_string(), &mut out.skipped)?);
        }
    }
    out.actors += import_actors(lexicon, &entries, &mut out.skipped);
    for kind in [DictKind::Agents, DictKind::Verbs, DictKind::Discards] {
        for (path, k, text) in &files {
            if *k == kind {
                out.absorb(load_file(lexicon, kind, text, &path.display().to_string())?);
            }
        }
    }
    out.files = files.into_iter().map(|(p, k, _)| (p, k)).collect();
    Ok(out)
}

/// Loads one dictionary file of a known kind; `file` names it in errors and in `skipped`.
pub fn load_file(
    lexicon: &mut Lexicon,
    kind: DictKind,
    text: &str,
    file: &str,
) -> Result<PetrarchImport, LexiconError> {
    let mut out = PetrarchImport::default();
    let skipped = &mut out.skipped;
    match kind {
        DictKind::Actors => {
            let entries = parse_actors(text, file, skipped)?;
            out.actors = import_actors(lexicon, &entries, skipped);
        }
        DictKind::Agents => out.agents = import_agents(lexicon, text, file, skipped)?,
        DictKind::Verbs => out.verb_patterns = import_verbs(lexicon, text, file, skipped)?,
        DictKind::Discards => out.discards = import_discards(lexicon, text, file, skipped)?,
    }
    Ok(out)
}

/// Loads an actor dictionary; returns the number of actors imported.
pub fn load_actors(lexicon: &mut Lexicon, text: &str, file: &str) -> Result<usize, LexiconError> {
    load_file(lexicon, DictKind::Actors, text, file).map(|r| r.actors)
}

/// Loads an agent dictionary; returns the number of agent lines imported.
pub fn load_agents(lexicon: &mut Lexicon, text: &str, file: &str) -> Result<usize, LexiconError> {
    load_file(lexicon, DictKind::Agents, text, file).map(|r| r.agents)
}

/// Loads a verb dictionary; returns the number of verb pattern lines added.
pub fn load_verbs(lexicon: &mut Lexicon, text: &str, file: &str) -> Result<usize, LexiconError> {
    load_file(lexicon, DictKind::Verbs, text, file).map(|r| r.verb_patterns)
}

/// Loads a discard list; returns the number of phrases added.
pub fn load_discards(lexicon: &mut Lexicon, text: &str, file: &str) -> Result<usize, LexiconError> {
    load_file(lexicon, DictKind::Discards, text, file).map(|r| r.discards)
}

// ---------------------------------------------------------------------------------------
// CAMEO -> PLOVER

fn parse_plover_table(text: &'static str, file: &str) -> Result<Vec<(&'static str, &'static str)>, LexiconError> {
    let mut out: Vec<(&'static str, &'static str)> = Vec::new();
    for r in records(text) {
        let (code, plover) = (r.field(0), r.field(1));
        if !is_cameo_code(code) {
            return Err(err(file, r.line, format!("CAMEO code '{code}' is not 2 to 4 digits")));
        }
        let Some(plover) = PLOVER_TYPES.into_iter().find(|t| *t == plover) else {
            return Err(err(file, r.line, format!("unknown PLOVER type '{plover}'")));
        };
        if out.iter().any(|(c, _)| *c == code) {
            return Err(err(file, r.line, format!("CAMEO code {code} is listed twice")));
        }
        out.push((code, plover));
    }
    Ok(out)
}

fn plover_table() -> &'static [(&'static str, &'static str)] {
    static TABLE: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        parse_plover_table(CAMEO_PLOVER, CAMEO_PLOVER_FILE).unwrap_or_else(|e| panic!("built-in table is invalid: {e}"))
    })
}

fn is_cameo_code(code: &str) -> bool {
    (2..=4).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit())
}

/// The PLOVER type of a CAMEO code ("1631" → COERCE, "0871" → RETREAT, "010" → none), by the
/// longest matching prefix in `lexicon/cameo_plover.txt`; `None` for codes that are not 2 to 4
/// digits or have no PLOVER type.
pub fn plover_of(cameo: &str) -> Option<&'static str> {
    if !is_cameo_code(cameo) {
        return None;
    }
    plover_table()
        .iter()
        .filter(|(prefix, _)| cameo.starts_with(prefix))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(_, p)| *p)
}

/// A dictionary code as sitrep reads it.
enum Code {
    /// An event code: a CAMEO code with its PLOVER type, or a code of the dictionary's own
    /// outside CAMEO's roots ("903", "212"), which has no PLOVER type of its own.
    Event { cameo: String, plover: Option<&'static str> },
    /// `---`: no event.
    Null,
    /// Not usable, and why.
    Bad(String),
}

/// Reads a code: 2 to 4 digits, optionally with one letter (TABARI's variants, "174K").
/// Codes whose first two digits are a CAMEO root (01 to 20) must have a PLOVER type (CAMEO
/// 01, statements, has none); other codes are the dictionary's own and are kept as they are.
fn read_code(raw: &str) -> Code {
    let raw = raw.trim();
    let first = raw.split(':').next().unwrap_or("").trim();
    if first.is_empty() || first.bytes().all(|b| b == b'-') {
        return Code::Null;
    }
    let digits = first.strip_suffix(|c: char| c.is_ascii_alphabetic()).unwrap_or(first);
    if !is_cameo_code(digits) {
        return Code::Bad(format!("code [{raw}] is not 2 to 4 digits (with at most one letter)"));
    }
    let code = first.to_ascii_uppercase();
    let cameo_root = digits[..2].parse::<u8>().is_ok_and(|r| (1..=20).contains(&r));
    if !cameo_root {
        return Code::Event { cameo: code, plover: None };
    }
    match plover_of(digits) {
        Some(plover) => Code::Event { cameo: code, plover: Some(plover) },
        None => Code::Bad(format!("CAMEO {first} has no PLOVER type")),
    }
}

// ---------------------------------------------------------------------------------------
// Reading lines

fn err(file: &str, line: usize, message: impl fmt::Display) -> LexiconError {
    LexiconError::Syntax { file: file.to_string(), line, message: message.to_string() }
}

fn note(skipped: &mut Vec<String>, file: &str, line: usize, what: impl fmt::Display) {
    skipped.push(format!("{file}:{line}: {what}"));
}

/// The lines that carry content, numbered from 1, comments removed and trimmed.
fn content_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_comment = false;
    for (i, raw) in text.lines().enumerate() {
        let mut line = raw.trim_start_matches('\u{feff}').to_string();
        if in_comment {
            match line.find("-->") {
                Some(end) => {
                    line.replace_range(..end + 3, "");
                    in_comment = false;
                }
                None => continue,
            }
        }
        while let Some(start) = line.find("<!--") {
            match line[start + 4..].find("-->") {
                Some(end) => line.replace_range(start..start + 4 + end + 3, " "),
                None => {
                    line.truncate(start);
                    in_comment = true;
                }
            }
        }
        if line.trim_start().starts_with("<!") {
            continue;
        }
        if let Some(hash) = comment_start(&line) {
            line.truncate(hash);
        }
        let t = line.trim();
        if !t.is_empty() {
            out.push((i + 1, t.to_string()));
        }
    }
    out
}

/// Where a `#` comment starts: the first `#` outside `[...]` (TABARI's `[###]` code is not one).
fn comment_start(line: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in line.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '#' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// What comes before the first `[` of `text`, and the trimmed contents of each `[...]`.
fn split_brackets<'a>(text: &'a str, file: &str, line: usize) -> Result<(&'a str, Vec<&'a str>), LexiconError> {
    let head_end = text.find('[').unwrap_or(text.len());
    let head = &text[..head_end];
    if head.contains(']') {
        return Err(err(file, line, "']' without '['"));
    }
    let mut rest = &text[head_end..];
    let mut groups = Vec::new();
    while let Some(open) = rest.find('[') {
        if rest[..open].contains(']') {
            return Err(err(file, line, "']' without '['"));
        }
        let after = &rest[open + 1..];
        let close = after.find(']').ok_or_else(|| err(file, line, "'[' without ']'"))?;
        if after[..close].contains('[') {
            return Err(err(file, line, "'[' inside '[...]'"));
        }
        groups.push(after[..close].trim());
        rest = &after[close + 1..];
    }
    if rest.contains(']') {
        return Err(err(file, line, "']' without '['"));
    }
    Ok((head, groups))
}

// ---------------------------------------------------------------------------------------
// Dates

/// A PETRARCH date: `YYMMDD` (00-30 → 20xx, else 19xx) or `YYYYMMDD`.
fn petrarch_date(s: &str) -> Option<Date> {
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|d| d.parse::<u32>().ok());
    let (y, rest) = match s.len() {
        6 => {
            let yy = num(0..2)? as i32;
            (if yy <= 30 { 2000 + yy } else { 1900 + yy }, 2)
        }
        8 => (num(0..4)? as i32, 4),
        _ => return None,
    };
    let (m, d) = (num(rest..rest + 2)?, num(rest + 2..rest + 4)?);
    ((1..=12).contains(&m) && (1..=days_in_month(y, m)).contains(&d)).then_some((y, m, d))
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn day_before((y, m, d): Date) -> Date {
    if d > 1 {
        (y, m, d - 1)
    } else if m > 1 {
        (y, m - 1, days_in_month(y, m - 1))
    } else {
        (y - 1, 12, 31)
    }
}

// ---------------------------------------------------------------------------------------
// Names

/// Words kept in lower case after the first word of a name.
const LOWER_WORDS: &[&str] = &[
    "of", "the", "and", "for", "on", "in", "to", "by", "with", "al", "el", "bin", "ibn", "de", "du", "des", "del",
    "della", "der", "van", "von", "da", "dos", "das",
];
/// Vowel-less words that are abbreviations, not acronyms.
const ABBREVIATIONS: &[&str] = &["MR", "MRS", "MS", "DR", "ST", "JR", "SR", "LTD", "MT", "FT"];
const ROMAN: &[&str] = &["II", "III", "IV", "VI", "VII", "VIII", "IX", "XII", "XIII", "XIV", "XV", "XVI"];
/// Acronyms kept in capitals even with an empty lexicon.
const ACRONYMS: &[&str] = &["UN", "US", "USA", "UK", "EU", "NATO", "IMF", "UAE", "PLO", "IAEA", "OPEC", "ASEAN"];
/// Titles that open a person's name (besides `names.txt`'s honorifics).
const TITLES: &[&str] = &[
    "PRESIDENT",
    "VICE PRESIDENT",
    "PRIME MINISTER",
    "MINISTER",
    "FOREIGN MINISTER",
    "DEFENSE MINISTER",
    "DEFENCE MINISTER",
    "PREMIER",
    "CHANCELLOR",
    "KING",
    "QUEEN",
    "PRINCE",
    "PRINCESS",
    "CROWN PRINCE",
    "EMIR",
    "SULTAN",
    "SHEIKH",
    "SHEIK",
    "AYATOLLAH",
    "POPE",
    "CARDINAL",
    "ARCHBISHOP",
    "BISHOP",
    "GENERAL",
    "GEN.",
    "COLONEL",
    "COL.",
    "ADMIRAL",
    "MARSHAL",
    "SENATOR",
    "SEN.",
    "GOVERNOR",
    "GOV.",
    "MAYOR",
    "SECRETARY",
    "SECRETARY-GENERAL",
    "SECRETARY GENERAL",
    "AMBASSADOR",
    "MR.",
    "MRS.",
    "MS.",
    "DR.",
    "MR",
    "MRS",
    "DR",
    "SIR",
    "LORD",
    "DAME",
    "MULLAH",
    "IMAM",
    "RABBI",
];
/// Head words of organisation names (besides `names.txt`'s org heads).
const ORG_HEADS: &[&str] = &[
    "MINISTRY",
    "DEPARTMENT",
    "OFFICE",
    "AGENCY",
    "COUNCIL",
    "COMMITTEE",
    "COMMISSION",
    "PARTY",
    "ARMY",
    "FRONT",
    "MOVEMENT",
    "BRIGADE",
    "BRIGADES",
    "FORCE",
    "FORCES",
    "GROUP",
    "UNION",
    "ASSOCIATION",
    "ORGANIZATION",
    "ORGANISATION",
    "FEDERATION",
    "LEAGUE",
    "BANK",
    "COMPANY",
    "CORPORATION",
    "CORP",
    "INC",
    "LTD",
    "UNIVERSITY",
    "COLLEGE",
    "INSTITUTE",
    "FOUNDATION",
    "CENTER",
    "CENTRE",
    "COURT",
    "TRIBUNAL",
    "PARLIAMENT",
    "ASSEMBLY",
    "CONGRESS",
    "SENATE",
    "GOVERNMENT",
    "NEWS",
    "TIMES",
    "POST",
    "RADIO",
    "TELEVISION",
    "NETWORK",
    "SERVICE",
    "SERVICES",
    "FUND",
    "PROGRAM",
    "PROGRAMME",
    "MISSION",
    "TRUST",
    "SOCIETY",
    "CHURCH",
    "REPUBLIC",
    "KINGDOM",
    "STATE",
    "STATES",
];
/// Three-letter role and sector codes: never new countries.
const ROLE_CODES: &[&str] = &[
    "GOV", "MIL", "SPY", "COP", "JUD", "LEG", "REB", "INS", "SEP", "UAF", "RAD", "MOD", "OPP", "CVL", "REF", "MED",
    "NGO", "NGM", "HRI", "BUS", "LAB", "EDU", "HLH", "AGR", "CRM", "REL", "ELI", "PTY", "IGO", "MNC", "IMG", "ENV",
    "DEV", "PPL", "SET", "CHR", "MUS", "MOS", "SHI", "JEW", "BUD", "HIN", "SIK", "BAH", "IRC", "NAV", "AFC",
];
/// Words that do not tell two country names apart ("North Korea", "North Macedonia").
const STEM_STOP: &[&str] = &[
    "nort", "sout", "east", "west", "repu", "demo", "peop", "isla", "unit", "king", "stat", "fede", "arab", "cent",
    "grea", "sain", "isla", "new", "the", "of", "and", "terr", "comm",
];

/// What a name is the name of: organisations get more spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameKind {
    Person,
    Country,
    Org,
}

/// Turns PETRARCH's upper-case phrases into names as news writes them (see the module docs).
struct Namer {
    acronyms: HashSet<String>,
    titles: Vec<Vec<String>>,
    org_heads: HashSet<String>,
    first_names: HashSet<String>,
    common: HashSet<String>,
}

impl Namer {
    fn new(lex: &Lexicon) -> Namer {
        let mut names: Vec<&str> = Vec::new();
        for c in &lex.countries {
            names.push(&c.name);
            names.extend(c.names.iter().chain(&c.adjectives).chain(&c.metonyms).map(String::as_str));
        }
        for o in &lex.organizations {
            names.push(&o.name);
            names.extend(o.names.iter().map(String::as_str));
        }
        for p in &lex.people {
            names.push(&p.name);
            names.extend(p.names.iter().map(String::as_str));
        }
        let mut caps: HashSet<String> = HashSet::new();
        let mut titled: HashSet<String> = HashSet::new();
        for w in names.iter().flat_map(|n| n.split([' ', '-'])) {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            if letters == 0 {
                continue;
            }
            if w.chars().all(|c| c.is_ascii_uppercase()) && (2..=6).contains(&letters) {
                caps.insert(w.to_string());
            } else if w.chars().any(char::is_lowercase) {
                titled.insert(w.to_uppercase());
            }
        }
        let mut acronyms: HashSet<String> = caps.into_iter().filter(|w| !titled.contains(w)).collect();
        acronyms.extend(ACRONYMS.iter().map(|s| s.to_string()));
        let mut titles: Vec<Vec<String>> = TITLES.iter().map(|t| words_of(t)).collect();
        titles.extend(lex.names.honorifics.keys().map(|h| words_of(&h.to_uppercase())));
        titles.retain(|t| !t.is_empty());
        let mut org_heads: HashSet<String> = ORG_HEADS.iter().map(|s| s.to_string()).collect();
        org_heads.extend(lex.names.org_heads.keys().map(|h| h.to_uppercase()));
        let first_names = lex
            .people
            .iter()
            .filter_map(|p| p.name.split_whitespace().next())
            .filter(|w| w.chars().count() > 2)
            .map(str::to_uppercase)
            .collect();
        let common = lex
            .agents
            .iter()
            .flat_map(|a| a.terms.iter())
            .flat_map(|t| t.split_whitespace())
            .map(str::to_lowercase)
            .collect();
        Namer { acronyms, titles, org_heads, first_names, common }
    }

    /// Whether a phrase's words read as a person's name: a title or a known first name
    /// before other words, and no organisation head word.
    fn looks_like_person(&self, words: &[String]) -> bool {
        if self.names_a_body(words) {
            return false;
        }
        let upper: Vec<String> = words.iter().map(|w| w.to_uppercase()).collect();
        // A title before a name, not before "of" ("Prime Minister of Israel" is a role).
        let titled = |t: &Vec<String>| {
            upper.len() > t.len()
                && upper[..t.len()] == t[..]
                && !LOWER_WORDS.contains(&upper[t.len()].to_lowercase().as_str())
        };
        if self.titles.iter().any(titled) {
            return true;
        }
        (2..=4).contains(&upper.len()) && self.first_names.contains(&upper[0])
    }

    /// Whether a phrase's head word (its last word, or the word before its first "of", "for",
    /// ...) is an organisation head: "Ministry for State Security", "Federal Security Service".
    fn names_a_body(&self, words: &[String]) -> bool {
        let before = words.iter().skip(1).position(|w| LOWER_WORDS.contains(&w.to_lowercase().as_str()));
        let head = match before {
            Some(at) => &words[at],
            None => match words.last() {
                Some(w) => w,
                None => return false,
            },
        };
        self.org_heads.contains(head.to_uppercase().trim_end_matches('.'))
    }

    fn case_word(&self, w: &str, first: bool) -> String {
        if w.chars().any(char::is_lowercase) {
            return w.to_string();
        }
        let lower = w.to_lowercase();
        if !first && LOWER_WORDS.contains(&lower.as_str()) {
            return lower;
        }
        w.split('-').enumerate().map(|(k, part)| self.case_part(part, first, k == 0)).collect::<Vec<_>>().join("-")
    }

    fn case_part(&self, part: &str, first_word: bool, first_part: bool) -> String {
        if part.is_empty() {
            return String::new();
        }
        if !first_word && first_part && LOWER_WORDS.contains(&part.to_lowercase().as_str()) {
            return part.to_lowercase();
        }
        if part.contains('.') && part.split('.').all(|s| s.chars().count() <= 1) {
            return part.to_string(); // U.N., U.S., W.
        }
        let bare = part.trim_end_matches('.');
        let letters: Vec<char> = bare.chars().collect();
        let vowelless = (2..=4).contains(&letters.len())
            && letters.iter().all(char::is_ascii_uppercase)
            && !letters.iter().any(|c| "AEIOUY".contains(*c))
            && !ABBREVIATIONS.contains(&bare);
        if self.acronyms.contains(bare) || vowelless || (!first_word && ROMAN.contains(&bare)) || part.contains('&') {
            return part.to_string();
        }
        if letters.len() > 3 && bare.starts_with("MC") {
            return format!("Mc{}", title(&part[2..]));
        }
        if let Some(k) = part.find('\'') {
            let left = title(&part[..k]);
            let right = &part[k + 1..];
            let right = if left.chars().count() <= 1 { title(right) } else { right.to_lowercase() };
            return format!("{left}'{right}");
        }
        title(part)
    }

    fn case(&self, words: &[String]) -> String {
        words.iter().enumerate().map(|(i, w)| self.case_word(w, i == 0)).collect::<Vec<_>>().join(" ")
    }

    /// The names for a phrase: the main spelling first, then variants (see the module docs).
    fn names(&self, words: &[String], kind: NameKind) -> Vec<String> {
        if words.is_empty() {
            return Vec::new();
        }
        let caps = words.len() == 1 && words[0].chars().all(|c| !c.is_lowercase());
        let letters = words[0].chars().filter(|c| c.is_alphabetic()).count();
        if caps && letters <= 3 && kind != NameKind::Person {
            return vec![words[0].clone()]; // AU, IMF, KU
        }
        let primary = self.case(words);
        let mut out = vec![primary.clone()];
        if caps && (letters == 4 && kind != NameKind::Person || letters == 5 && kind == NameKind::Org) {
            push_unique(&mut out, words[0].clone()); // USSR, MONUC
        }
        if kind != NameKind::Org {
            return out;
        }
        if words.len() >= 2 {
            let variant: Vec<String> = words
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let lower = w.to_lowercase();
                    if i > 0 && self.common.contains(&lower) {
                        lower
                    } else {
                        self.case_word(w, i == 0)
                    }
                })
                .collect();
            push_unique(&mut out, variant.join(" "));
        }
        // Short words as acronyms: "Continuity Ira" is also "Continuity IRA", "Avx Corporation" "AVX Corporation".
        if words.len() >= 2 {
            let variant: Vec<String> = words
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let short = w.chars().all(|c| c.is_ascii_uppercase()) && (2..=3).contains(&w.len());
                    if short && !LOWER_WORDS.contains(&w.to_lowercase().as_str()) {
                        w.clone()
                    } else {
                        self.case_word(w, i == 0)
                    }
                })
                .collect();
            push_unique(&mut out, variant.join(" "));
        }
        out
    }
}

fn title(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
        None => String::new(),
    }
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !s.is_empty() && !v.contains(&s) {
        v.push(s);
    }
}

/// The words of a PETRARCH phrase: `_` and `+` as spaces, `(...)` dropped, a leading "the"
/// dropped when other words follow.
fn words_of(phrase: &str) -> Vec<String> {
    let mut clean = String::with_capacity(phrase.len());
    let mut depth = 0usize;
    for c in phrase.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '_' | '+' if depth == 0 => clean.push(' '),
            _ if depth == 0 => clean.push(c),
            _ => {}
        }
    }
    let mut words: Vec<String> = clean.split_whitespace().map(String::from).collect();
    if words.len() > 1 && words[0].eq_ignore_ascii_case("the") {
        words.remove(0);
    }
    words
}

// ---------------------------------------------------------------------------------------
// Actors

/// A code bracket of an actor.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CodeSpec {
    line: usize,
    code: String,
    from: Option<Date>,
    to: Option<Date>,
}

impl CodeSpec {
    fn dated(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }
}

/// One actor of an actor dictionary.
#[derive(Debug, Clone)]
struct ActorEntry {
    file: String,
    line: usize,
    phrase: String,
    synonyms: Vec<String>,
    codes: Vec<CodeSpec>,
    /// Whether any code bracket was seen (also `[---]`).
    coded: bool,
}

/// Reads one `[...]` of an actor: `None` when it is left out (listed in `skipped`).
fn actor_code(
    inner: &str,
    file: &str,
    line: usize,
    skipped: &mut Vec<String>,
) -> Result<Option<CodeSpec>, LexiconError> {
    let mut parts = inner.splitn(2, char::is_whitespace);
    let raw = parts.next().unwrap_or("").to_uppercase();
    let dates: String = parts.next().unwrap_or("").split_whitespace().collect();
    if raw.is_empty() {
        return Err(err(file, line, "empty code '[]'"));
    }
    if raw == "---" || raw == "+++" {
        note(skipped, file, line, format!("code [{inner}]: no actor, not supported"));
        return Ok(None);
    }
    let mut codes = raw.split('/');
    let code = codes.next().unwrap_or("").to_string();
    if codes.next().is_some() {
        note(skipped, file, line, format!("several codes [{raw}]: only {code} is kept"));
    }
    if code.is_empty()
        || !code.chars().all(|c| c.is_ascii_alphanumeric())
        || !code.starts_with(|c: char| c.is_ascii_alphabetic())
    {
        return Err(err(file, line, format!("'{raw}' is not an actor code")));
    }
    let mut date = |s: &str| -> Result<Option<Date>, LexiconError> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(
                file,
                line,
                format!("'{dates}' is not a date restriction (YYMMDD-YYMMDD, <YYMMDD or >YYMMDD)"),
            ));
        }
        let d = petrarch_date(s);
        if d.is_none() {
            note(skipped, file, line, format!("date '{s}' is not YYMMDD or YYYYMMDD: [{inner}] left out"));
        }
        Ok(d)
    };
    let (from, to) = if dates.is_empty() {
        (None, None)
    } else if let Some(d) = dates.strip_prefix('<') {
        let Some(d) = date(d)? else { return Ok(None) };
        (None, Some(day_before(d)))
    } else if let Some(d) = dates.strip_prefix('>') {
        let Some(d) = date(d)? else { return Ok(None) };
        (Some(d), None)
    } else if let Some((a, b)) = dates.split_once('-') {
        let a = if a.is_empty() { None } else { Some(date(a)?) };
        let b = if b.is_empty() { None } else { Some(date(b)?) };
        if a == Some(None) || b == Some(None) || (a.is_none() && b.is_none()) {
            if a.is_none() && b.is_none() {
                return Err(err(file, line, format!("'{dates}' is not a date restriction")));
            }
            return Ok(None);
        }
        (a.flatten(), b.flatten().map(day_before))
    } else {
        let Some(d) = date(&dates)? else { return Ok(None) };
        (Some(d), None)
    };
    Ok(Some(CodeSpec { line, code, from, to }))
}

fn parse_actors(text: &str, file: &str, skipped: &mut Vec<String>) -> Result<Vec<ActorEntry>, LexiconError> {
    let mut out: Vec<ActorEntry> = Vec::new();
    let mut last_line = 0;
    for (line, mut l) in content_lines(text) {
        let adjacent = line == last_line + 1;
        last_line = line;
        let head_end = l.find('[').unwrap_or(l.len());
        if l[..head_end].contains(']') {
            note(skipped, file, line, "stray ']' in a phrase: dropped");
            l = format!("{}{}", l[..head_end].replace(']', ""), &l[head_end..]);
        }
        let (head, groups) = split_brackets(&l, file, line)?;
        let head = head.trim();
        if l.starts_with('[') {
            let Some(entry) = out.last_mut() else {
                return Err(err(file, line, "a code line before any actor"));
            };
            entry.coded = true;
            for g in groups {
                entry.codes.extend(actor_code(g, file, line, skipped)?);
            }
        } else if let Some(syn) = head.strip_prefix('+') {
            let Some(entry) = out.last_mut() else {
                return Err(err(file, line, "a '+synonym' line before any actor"));
            };
            if !groups.is_empty() {
                return Err(err(file, line, "a code on a '+synonym' line (codes go on the actor's lines)"));
            }
            if !syn.trim().is_empty() {
                entry.synonyms.push(syn.trim().to_string());
            }
        } else {
            if head.is_empty() {
                return Err(err(file, line, "no actor phrase before '['"));
            }
            // An actor without codes directly followed by another: one actor with both's names.
            if let Some(prev) = out.last_mut().filter(|p| adjacent && !p.coded) {
                note(skipped, file, prev.line, format!("'{}' has no code: it takes the codes of '{head}' on the next line (PETRARCH2 leaves it uncoded)", prev.phrase));
                prev.synonyms.push(head.to_string());
                prev.coded = !groups.is_empty();
                for g in groups {
                    prev.codes.extend(actor_code(g, file, line, skipped)?);
                }
                continue;
            }
            let mut entry = ActorEntry {
                file: file.to_string(),
                line,
                phrase: head.to_string(),
                synonyms: Vec::new(),
                codes: Vec::new(),
                coded: !groups.is_empty(),
            };
            for g in groups {
                entry.codes.extend(actor_code(g, file, line, skipped)?);
            }
            out.push(entry);
        }
    }
    Ok(out)
}

/// The code of an actor that is not a person: the first undated code, else the last
/// open-ended one, else the last one.
fn default_code(codes: &[CodeSpec]) -> Option<&CodeSpec> {
    codes.iter().find(|c| !c.dated()).or_else(|| codes.iter().rev().find(|c| c.to.is_none())).or(codes.last())
}

/// The organisation type a code implies (see the module docs).
fn org_type_of(code: &str) -> OrgType {
    for (prefix, t) in
        [("IGO", OrgType::Igo), ("NGO", OrgType::Ngo), ("MNC", OrgType::Company), ("IMG", OrgType::ArmedGroup)]
    {
        if code.starts_with(prefix) {
            return t;
        }
    }
    let segments: Vec<&str> = (0..code.len() / 3)
        .filter_map(|i| code.get(i * 3..i * 3 + 3))
        .filter(|s| s.chars().all(|c| c.is_ascii_alphabetic()))
        .collect();
    for s in segments.iter().rev() {
        let t = match *s {
            "MED" => OrgType::Media,
            "REB" | "INS" | "UAF" | "SEP" => OrgType::ArmedGroup,
            "GOV" | "MIL" | "SPY" | "COP" => OrgType::Government,
            "JUD" => OrgType::Court,
            "PTY" => OrgType::Party,
            "BUS" => OrgType::Company,
            "NGO" | "HRI" => OrgType::Ngo,
            _ => continue,
        };
        return t;
    }
    OrgType::Other
}

/// The lower-case four-letter stems of a name's distinctive words.
/// The name's letters run together count too ("U.S.S.R" and "USSR" share "ussr").
fn stems(name: &str) -> Vec<String> {
    let squashed: String = name.chars().filter(|c| c.is_alphabetic()).collect();
    name.split(|c: char| !c.is_alphabetic())
        .chain(std::iter::once(squashed.as_str()))
        .filter(|w| w.chars().count() >= 4)
        .map(|w| w.to_lowercase().chars().take(4).collect::<String>())
        .filter(|s| !STEM_STOP.contains(&s.as_str()))
        .collect()
}

/// Lookups over the lexicon's actors, kept up to date while importing.
struct ActorIndex {
    country_of_code: HashMap<String, usize>,
    /// Every country name, adjective and metonym.
    country_names: HashSet<String>,
    /// The names of the lexicon's countries and organisations before the import, lower case.
    known_names: HashSet<String>,
    orgs_of_code: HashMap<String, Vec<usize>>,
    people: HashSet<(String, String, Option<Date>, Option<Date>)>,
}

impl ActorIndex {
    fn new(lex: &Lexicon) -> ActorIndex {
        let mut ix = ActorIndex {
            country_of_code: HashMap::new(),
            country_names: HashSet::new(),
            orgs_of_code: HashMap::new(),
            known_names: HashSet::new(),
            people: HashSet::new(),
        };
        for (i, c) in lex.countries.iter().enumerate() {
            ix.country_of_code.insert(c.code.clone(), i);
            for n in std::iter::once(&c.name).chain(&c.names).chain(&c.adjectives).chain(&c.metonyms) {
                ix.country_names.insert(n.clone());
                ix.known_names.insert(n.to_lowercase());
            }
        }
        for (i, o) in lex.organizations.iter().enumerate() {
            ix.orgs_of_code.entry(o.code.clone()).or_default().push(i);
            for n in std::iter::once(&o.name).chain(&o.names) {
                ix.known_names.insert(n.to_lowercase());
            }
        }
        for p in &lex.people {
            ix.people.insert((p.name.to_lowercase(), p.code.clone(), p.from, p.to));
        }
        ix
    }

    fn known_country(&self, code: &str) -> Option<String> {
        code.get(..3).filter(|c| self.country_of_code.contains_key(*c)).map(String::from)
    }
}

/// Imports parsed actors; returns how many were imported.
fn import_actors(lex: &mut Lexicon, entries: &[ActorEntry], skipped: &mut Vec<String>) -> usize {
    let namer = Namer::new(lex);
    let mut ix = ActorIndex::new(lex);
    let agent_codes: HashSet<String> = lex.agents.iter().map(|a| a.code.clone()).collect();
    let phrase_words: Vec<Vec<String>> = entries.iter().map(|e| words_of(&e.phrase)).collect();
    let known_name = |ix: &ActorIndex, words: &[String]| {
        let name = namer.case(words).to_lowercase();
        ix.known_names.contains(&name)
    };
    // A dated actor is a person unless its phrase names a body, its codes are bare country
    // codes (a state over time: "ZIMBABWE [RHO <790606] [ZBW]") or a company code (MNC...).
    let is_person: Vec<bool> = entries
        .iter()
        .zip(&phrase_words)
        .map(|(e, w)| {
            let state = e.codes.iter().all(|c| {
                c.code.len() == 3
                    && c.code.chars().all(|ch| ch.is_ascii_uppercase())
                    && !ROLE_CODES.contains(&c.code.as_str())
                    && !agent_codes.contains(&c.code)
            });
            let company = e.codes.iter().any(|c| c.code.starts_with("MNC"));
            let dated = e.codes.iter().any(CodeSpec::dated) && !state && !company && !namer.names_a_body(w);
            (dated || namer.looks_like_person(w)) && !known_name(&ix, w)
        })
        .collect();

    // New countries: a bare three-letter code that no country, role or sector has.
    for (i, e) in entries.iter().enumerate() {
        let Some(c) = default_code(&e.codes) else { continue };
        let code = &c.code;
        if is_person[i]
            || code.len() != 3
            || !code.chars().all(|ch| ch.is_ascii_uppercase())
            || ix.country_of_code.contains_key(code)
            || ROLE_CODES.contains(&code.as_str())
            || agent_codes.contains(code)
        {
            continue;
        }
        let Some(name) = namer.names(&phrase_words[i], NameKind::Country).into_iter().next() else { continue };
        ix.country_of_code.insert(code.clone(), lex.countries.len());
        ix.country_names.insert(name.clone());
        lex.countries.push(Country {
            code: code.clone(),
            name,
            names: Vec::new(),
            adjectives: Vec::new(),
            metonyms: Vec::new(),
        });
    }

    let mut imported = 0;
    for (i, e) in entries.iter().enumerate() {
        let (file, line) = (e.file.as_str(), e.line);
        if e.codes.is_empty() {
            if !e.coded {
                note(skipped, file, line, format!("actor '{}' has no code", e.phrase));
            }
            continue;
        }
        let person = is_person[i];
        let phrases: Vec<Vec<String>> =
            std::iter::once(phrase_words[i].clone()).chain(e.synonyms.iter().map(|s| words_of(s))).collect();
        let names_as = |kind: NameKind| {
            let mut names: Vec<String> = Vec::new();
            for words in &phrases {
                namer.names(words, kind).into_iter().for_each(|n| push_unique(&mut names, n));
            }
            names
        };
        let names = names_as(if person { NameKind::Person } else { NameKind::Country });
        if names.is_empty() {
            note(skipped, file, line, format!("actor '{}' has no name", e.phrase));
            continue;
        }
        if person {
            let (dated, undated): (Vec<&CodeSpec>, Vec<&CodeSpec>) = e.codes.iter().partition(|c| c.dated());
            for c in dated.into_iter().chain(undated) {
                if !ix.people.insert((names[0].to_lowercase(), c.code.clone(), c.from, c.to)) {
                    continue;
                }
                lex.people.push(Person {
                    name: names[0].clone(),
                    names: names[1..].to_vec(),
                    country: ix.known_country(&c.code),
                    code: c.code.clone(),
                    title: String::new(),
                    from: c.from,
                    to: c.to,
                });
            }
            imported += 1;
            continue;
        }
        let Some(first) = default_code(&e.codes) else { continue };
        for c in e.codes.iter().filter(|c| *c != first) {
            let why = if c.dated() { "dated codes are only kept for people" } else { "one code is kept" };
            note(
                skipped,
                file,
                c.line,
                format!("code {} of '{}' left out ({why}): {} is used", c.code, names[0], first.code),
            );
        }
        if first.dated() {
            note(
                skipped,
                file,
                first.line,
                format!("date restriction of {} dropped: '{}' is not a person", first.code, names[0]),
            );
        }
        let code = &first.code;
        if let Some(&ci) = ix.country_of_code.get(code.as_str()) {
            let country = &mut lex.countries[ci];
            let own: Vec<String> = std::iter::once(&country.name)
                .chain(&country.names)
                .chain(&country.adjectives)
                .flat_map(|n| stems(n))
                .collect();
            for name in names {
                if !ix.country_names.insert(name.clone()) {
                    continue;
                }
                if stems(&name).iter().any(|s| own.contains(s)) || name == country.name {
                    country.names.push(name);
                } else {
                    country.metonyms.push(name);
                }
            }
            imported += 1;
            continue;
        }
        let names = names_as(NameKind::Org);
        let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        let same = ix.orgs_of_code.get(code.as_str()).and_then(|v| {
            v.iter().copied().find(|&oi| {
                let o = &lex.organizations[oi];
                std::iter::once(&o.name).chain(&o.names).any(|n| lower.contains(&n.to_lowercase()))
            })
        });
        match same {
            Some(oi) => {
                let o = &mut lex.organizations[oi];
                for name in names {
                    if o.name != name && !o.names.contains(&name) {
                        o.names.push(name);
                    }
                }
            }
            None => {
                ix.orgs_of_code.entry(code.clone()).or_default().push(lex.organizations.len());
                lex.organizations.push(Organization {
                    code: code.clone(),
                    name: names[0].clone(),
                    names: names[1..].to_vec(),
                    org_type: org_type_of(code),
                    country: ix.known_country(code),
                });
            }
        }
        imported += 1;
    }
    imported
}

// ---------------------------------------------------------------------------------------
// Agents

/// Head words of titles held by one person.
const PERSON_HEADS: &[&str] = &[
    "president",
    "vice-president",
    "president-elect",
    "minister",
    "premier",
    "chancellor",
    "ambassador",
    "envoy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "secretary",
    "secretary-general",
    "adviser",
    "advisor",
    "chief",
    "head",
    "director",
    "director-general",
    "leader",
    "commander",
    "general",
    "admiral",
    "colonel",
    "governor",
    "mayor",
    "king",
    "queen",
    "prince",
    "princess",
    "sultan",
    "emir",
    "monarch",
    "ruler",
    "dictator",
    "judge",
    "prosecutor",
    "speaker",
    "chairman",
    "chairwoman",
    "chairperson",
    "consul",
    "senator",
    "congressman",
    "congresswoman",
    "congressperson",
    "professor",
    "commissioner",
    "ombudsman",
    "ayatollah",
    "pope",
    "patriarch",
    "archbishop",
    "bishop",
    "cardinal",
    "mufti",
    "attache",
    "attaché",
];
/// Head words of bodies.
const ORG_AGENT_HEADS: &[&str] = &[
    "ministry",
    "embassy",
    "consulate",
    "department",
    "agency",
    "office",
    "council",
    "committee",
    "commission",
    "court",
    "tribunal",
    "parliament",
    "congress",
    "senate",
    "assembly",
    "legislature",
    "cabinet",
    "party",
    "union",
    "association",
    "federation",
    "organization",
    "organisation",
    "company",
    "corporation",
    "firm",
    "bank",
    "newspaper",
    "paper",
    "daily",
    "station",
    "radio",
    "television",
    "channel",
    "broadcaster",
    "network",
    "university",
    "college",
    "school",
    "academy",
    "hospital",
    "institute",
    "foundation",
    "center",
    "centre",
    "bureau",
    "directorate",
    "service",
    "body",
    "mission",
    "command",
    "board",
    "secretariat",
    "inspectorate",
    "enterprise",
    "conglomerate",
    "airline",
    "ngo",
    "duma",
    "knesset",
];

/// The singular of a head word, if it looks plural.
fn singulars(w: &str) -> Vec<String> {
    let mut out = vec![w.to_string()];
    if let Some(s) = w.strip_suffix("men") {
        out.push(format!("{s}man"));
    }
    if let Some(s) = w.strip_suffix("ies") {
        out.push(format!("{s}y"));
    }
    if let Some(s) = w.strip_suffix("es") {
        out.push(s.to_string());
    }
    if let Some(s) = w.strip_suffix('s') {
        out.push(s.to_string());
    }
    out
}

/// The head word of a term: the word before "of", else the last word.
fn head_word(term: &str) -> &str {
    let words: Vec<&str> = term.split(' ').collect();
    match words.iter().position(|w| *w == "of") {
        Some(at) if at > 0 => words[at - 1],
        _ => words.last().copied().unwrap_or(""),
    }
}

fn agent_kind(term: &str) -> AgentKind {
    let head = head_word(term);
    let candidates = singulars(head);
    if candidates.iter().any(|h| PERSON_HEADS.contains(&h.as_str())) {
        AgentKind::Person
    } else if candidates.iter().any(|h| ORG_AGENT_HEADS.contains(&h.as_str())) {
        AgentKind::Organization
    } else {
        AgentKind::Group
    }
}

/// The regular plural of a noun.
fn plural(w: &str) -> String {
    const NOT_MAN: &[&str] = &["human", "german", "roman", "ottoman", "shaman", "talisman", "cayman", "oman"];
    if w.ends_with("man") && w.len() > 3 && !NOT_MAN.contains(&w) {
        return format!("{}men", &w[..w.len() - 3]);
    }
    let b = w.as_bytes();
    let n = b.len();
    if n >= 2 && b[n - 1] == b'y' && !b"aeiou".contains(&b[n - 2]) {
        return format!("{}ies", &w[..n - 1]);
    }
    if w.ends_with('s') || w.ends_with('x') || w.ends_with('z') || w.ends_with("ch") || w.ends_with("sh") {
        return format!("{w}es");
    }
    format!("{w}s")
}

/// The plural of a phrase: of its head word (the word before "of", else the last).
fn plural_phrase(phrase: &str) -> String {
    let words: Vec<&str> = phrase.split(' ').collect();
    let at = match words.iter().position(|w| *w == "of") {
        Some(at) if at > 0 => at - 1,
        _ if words.len() > 1 && words[words.len() - 1] == "general" => words.len() - 2, // attorneys general
        _ => words.len() - 1,
    };
    words.iter().enumerate().map(|(i, w)| if i == at { plural(w) } else { w.to_string() }).collect::<Vec<_>>().join(" ")
}

/// A PETRARCH phrase as a lower-case term.
fn term(phrase: &str) -> String {
    phrase.replace('_', " ").split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn import_agents(lex: &mut Lexicon, text: &str, file: &str, skipped: &mut Vec<String>) -> Result<usize, LexiconError> {
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    let mut known: HashSet<String> = lex.agents.iter().flat_map(|a| a.terms.iter().map(|t| t.to_lowercase())).collect();
    let mut imported = 0;
    for (line, l) in content_lines(text) {
        if l.contains('!') && l.contains('=') && !l.contains('[') {
            let (marker, items) = l.split_once('=').unwrap_or_default();
            let marker = marker.trim();
            let name = marker
                .strip_prefix('!')
                .and_then(|m| m.strip_suffix('!'))
                .filter(|m| !m.is_empty() && !m.contains('!'));
            let Some(name) = name else {
                return Err(err(file, line, format!("'{marker}' is not a substitution marker (!NAME! = A, B, ...)")));
            };
            let items: Vec<String> = items.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
            if items.is_empty() {
                return Err(err(file, line, format!("substitution set !{name}! is empty")));
            }
            sets.insert(name.to_string(), items);
            continue;
        }
        // PETRARCH reads the code up to ']' or the end of the line.
        let Some(open) = l.find('[') else {
            note(skipped, file, line, format!("agent '{l}' has no code"));
            continue;
        };
        let head = &l[..open];
        let after = &l[open + 1..];
        let raw = match after.find(']') {
            Some(close) if after[close + 1..].trim().is_empty() => after[..close].trim(),
            Some(_) => return Err(err(file, line, "text after the agent's code")),
            None => after.trim(),
        };
        if raw.contains('[') {
            return Err(err(file, line, "more than one code"));
        }
        let mut code: String = raw.split_whitespace().collect::<String>().to_uppercase();
        if code.contains(|c: char| !c.is_ascii_alphabetic() && c != '~') {
            code.retain(|c| c.is_ascii_alphabetic() || c == '~');
            note(skipped, file, line, format!("agent code [{raw}] read as {code}"));
        }
        let prefix = code.ends_with('~') && !code.starts_with('~');
        if !code.starts_with('~') && !prefix {
            return Err(err(file, line, format!("agent code [{raw}] needs '~' before it (or after it for a prefix)")));
        }
        let letters = code.trim_matches('~');
        if letters.len() < 3 || !letters.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(err(file, line, format!("'{raw}' is not an agent code")));
        }
        let kept = &letters[..3];
        if letters.len() > 3 {
            note(skipped, file, line, format!("agent code {code}: kept as {kept}"));
        }
        let mut phrase = head.trim();
        let mut plural_of: Option<&str> = None;
        if let Some(open) = phrase.find('{') {
            let close = phrase[open..].find('}').map(|c| open + c).ok_or_else(|| err(file, line, "'{' without '}'"))?;
            plural_of = Some(phrase[open + 1..close].trim());
            phrase = phrase[..open].trim();
        } else if phrase.contains('}') {
            return Err(err(file, line, "'}' without '{'"));
        }
        if phrase.is_empty() {
            return Err(err(file, line, "no agent phrase before the code"));
        }
        let terms: Vec<String> = if let Some(start) = phrase.find('!') {
            let end = phrase[start + 1..]
                .find('!')
                .map(|e| start + 1 + e)
                .ok_or_else(|| err(file, line, "substitution marker without a closing '!'"))?;
            let name = &phrase[start + 1..end];
            let items =
                sets.get(name).ok_or_else(|| err(file, line, format!("substitution set !{name}! is not defined")))?;
            items.iter().map(|item| term(&format!("{}{item}{}", &phrase[..start], &phrase[end + 1..]))).collect()
        } else {
            let singular = term(phrase);
            let plural = match plural_of {
                Some(p) => term(p),
                None => plural_phrase(&singular),
            };
            std::iter::once(singular).chain(Some(plural).filter(|p| !p.is_empty())).collect()
        };
        let mut added = false;
        for kind in [AgentKind::Person, AgentKind::Organization, AgentKind::Group] {
            let mut group: Vec<String> = Vec::new();
            for t in &terms {
                // A phrase and its plural share the phrase's kind; substitutions each have their own.
                let basis = if phrase.contains('!') { t } else { &terms[0] };
                if agent_kind(basis) == kind && !t.is_empty() && known.insert(t.clone()) {
                    group.push(t.clone());
                }
            }
            if !group.is_empty() {
                lex.agents.push(Agent { terms: group, code: kept.to_string(), kind });
                added = true;
            }
        }
        if added {
            imported += 1;
        }
    }
    Ok(imported)
}

// ---------------------------------------------------------------------------------------
// Verbs: inflection

fn is_vowel(b: u8) -> bool {
    b"aeiou".contains(&b)
}

/// The vowel groups of a word ("u" after "q" is not a vowel).
fn syllables(w: &str) -> usize {
    let b = w.as_bytes();
    let mut n = 0;
    let mut prev = false;
    for (i, &c) in b.iter().enumerate() {
        let v = is_vowel(c) && !(c == b'u' && i > 0 && b[i - 1] == b'q');
        if v && !prev {
            n += 1;
        }
        prev = v;
    }
    n
}

/// Whether the final consonant doubles before -ed and -ing ("ban" → "banned").
fn doubles(w: &str) -> bool {
    const STRESSED: &[&str] = &["mit", "pel", "cur", "trol", "gret", "bed", "gin", "nap", "quip", "stir", "fer", "bar"];
    const NOT: &[&str] = &["offer", "suffer", "differ", "proffer", "pilfer", "buffer", "cater", "wafer"];
    let b = w.as_bytes();
    let n = b.len();
    if n < 3 || NOT.contains(&w) {
        return false;
    }
    let (c1, v, c0) = (b[n - 3], b[n - 2], b[n - 1]);
    let c1_consonant = !is_vowel(c1) || (c1 == b'u' && n >= 4 && b[n - 4] == b'q');
    if is_vowel(c0) || b"wxy".contains(&c0) || !is_vowel(v) || !c1_consonant {
        return false;
    }
    syllables(w) == 1 || STRESSED.iter().any(|s| w.ends_with(s))
}

/// The regular forms of a verb: base, -s, -ed, -ing (lower case).
fn regular_forms(v: &str) -> Vec<String> {
    let b = v.as_bytes();
    let n = b.len();
    let last = b.last().copied().unwrap_or(b' ');
    let cons_y = n >= 2 && last == b'y' && !is_vowel(b[n - 2]);
    let sibilant = v.ends_with('s') || v.ends_with('x') || v.ends_with('z') || v.ends_with("ch") || v.ends_with("sh");
    let consonant_o = n >= 2 && last == b'o' && !is_vowel(b[n - 2]);
    let third = if sibilant || consonant_o {
        format!("{v}es")
    } else if cons_y {
        format!("{}ies", &v[..n - 1])
    } else {
        format!("{v}s")
    };
    let double = doubles(v);
    let past = if last == b'e' {
        format!("{v}d")
    } else if cons_y {
        format!("{}ied", &v[..n - 1])
    } else if double {
        format!("{v}{}ed", last as char)
    } else {
        format!("{v}ed")
    };
    let ing = if v.ends_with("ie") {
        format!("{}ying", &v[..n - 2])
    } else if v.ends_with("ee") || v.ends_with("oe") || v.ends_with("ye") || (last == b'e' && n <= 2) {
        format!("{v}ing")
    } else if last == b'e' {
        format!("{}ing", &v[..n - 1])
    } else if double {
        format!("{v}{}ing", last as char)
    } else {
        format!("{v}ing")
    };
    vec![v.to_string(), third, past, ing]
}

/// The forms of one multi-word verb phrase (`RE_+ARREST`, `+BEEF_UP`), lower case.
fn multi_word(phrase: &str) -> Option<Vec<String>> {
    let lower = phrase.to_lowercase();
    let words: Vec<&str> = lower.split('_').filter(|w| !w.is_empty()).collect();
    let at = words.iter().position(|w| w.starts_with('+'))?;
    let join = |verb: &str| -> Vec<String> {
        let mut ws: Vec<&str> = words.clone();
        ws[at] = verb;
        let spaced = ws.join(" ");
        if at == 1 && ws[0] == "re" {
            let rest = ws[1..].join(" ");
            vec![format!("re-{rest}"), format!("re{rest}")]
        } else {
            vec![spaced]
        }
    };
    Some(join(words[at].trim_start_matches('+')))
}

/// The forms of a verb line (without its code): base and `{...}` forms, or regular forms.
fn verb_line_forms(text: &str, file: &str, line: usize) -> Result<Option<Vec<String>>, LexiconError> {
    let (base, braces) = match text.find('{') {
        Some(open) => {
            let close = text[open..].find('}').map(|c| open + c).ok_or_else(|| err(file, line, "'{' without '}'"))?;
            (&text[..open], Some(&text[open + 1..close]))
        }
        None => (text, None),
    };
    let tokens: Vec<&str> = base.split_whitespace().collect();
    let Some(first) = tokens.first() else {
        return Err(err(file, line, "no verb before '{'"));
    };
    let mut forms: Vec<String> = Vec::new();
    if first.contains('_') || first.starts_with('+') {
        let phrases: Vec<&str> = match braces {
            Some(b) => std::iter::once(*first).chain(b.split_whitespace()).collect(),
            None => vec![*first],
        };
        for p in phrases {
            let Some(fs) = multi_word(p) else { return Ok(None) };
            forms.extend(fs);
        }
        if braces.is_none() {
            let lower = first.to_lowercase();
            let words: Vec<&str> = lower.split('_').filter(|w| !w.is_empty()).collect();
            let at = words.iter().position(|w| w.starts_with('+')).unwrap_or(0);
            for f in regular_forms(words[at].trim_start_matches('+')).into_iter().skip(1) {
                let phrase: Vec<String> = words
                    .iter()
                    .enumerate()
                    .map(|(i, w)| if i == at { format!("+{f}") } else { w.to_string() })
                    .collect();
                forms.extend(multi_word(&phrase.join("_")).unwrap_or_default());
            }
        }
    } else if let Some(b) = braces {
        forms.push(first.to_lowercase());
        forms.extend(b.split_whitespace().map(str::to_lowercase));
    } else if tokens.len() > 1 {
        forms.extend(tokens.iter().map(|t| t.to_lowercase()));
    } else {
        forms = regular_forms(&first.to_lowercase());
    }
    let mut out: Vec<String> = Vec::new();
    for f in forms {
        push_unique(&mut out, f.replace('+', ""));
    }
    Ok(Some(out))
}

// ---------------------------------------------------------------------------------------
// Verbs: dictionary

/// Verb particles: a pattern's first word that belongs to the verb ("put forward").
const PARTICLES: &[&str] =
    &["up", "down", "out", "off", "back", "away", "forward", "aside", "apart", "together", "over", "around", "along"];
/// Pattern markers: source, target, compound actor, skipped word.
const MARKERS: &[&str] = &["$", "+", "%", "^"];

#[derive(Debug, Default)]
struct Synset {
    no_plural: bool,
    members: Vec<String>,
}

#[derive(Debug)]
struct VerbLine {
    line: usize,
    forms: Vec<String>,
    /// Own `[code]`, else the block's.
    code: Option<String>,
}

#[derive(Debug)]
struct PatternLine {
    line: usize,
    pre: String,
    post: String,
    code: String,
}

#[derive(Debug)]
struct Block {
    code: String,
    verbs: Vec<VerbLine>,
    patterns: Vec<PatternLine>,
}

/// One part of a pattern after `*`.
#[derive(Debug)]
enum Part {
    /// A noun phrase: its words (`&SYNSET` words included).
    Noun(Vec<String>),
    /// A prepositional phrase: the preposition and its noun phrases.
    Prep(String, Vec<Vec<String>>),
}

/// The noun phrases of a token list: each bare token (its `_`-joined words) or `{...}` group.
fn noun_phrases(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('{') {
            let close = inner.find('}').ok_or_else(|| "'{' without '}'".to_string())?;
            let words: Vec<String> = inner[..close]
                .split(|c: char| c.is_whitespace() || c == '_')
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect();
            out.push(words);
            rest = inner[close + 1..].trim_start();
            continue;
        }
        let end = rest.find(|c: char| c.is_whitespace() || c == '{').unwrap_or(rest.len());
        let token = &rest[..end];
        if token.contains('}') {
            return Err("'}' without '{'".to_string());
        }
        let words: Vec<String> =
            token.split('_').filter(|w| !w.is_empty() && !MARKERS.contains(w)).map(String::from).collect();
        if !words.is_empty() {
            out.push(words);
        }
        rest = rest[end..].trim_start();
    }
    Ok(out)
}

/// The parts of a pattern after `*`.
fn pattern_parts(post: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut rest = post.trim_start_matches('_').trim();
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('(') {
            let close = inner.find(')').ok_or_else(|| "'(' without ')'".to_string())?;
            let group = inner[..close].trim();
            if group.contains('(') {
                return Err("'(' inside '(...)'".to_string());
            }
            let (prep, nouns) = group.split_once(char::is_whitespace).unwrap_or((group, ""));
            let prep = prep.replace('_', " ").to_lowercase();
            if prep.is_empty() || MARKERS.contains(&prep.as_str()) {
                return Err("'(...)' without a preposition".to_string());
            }
            parts.push(Part::Prep(prep, noun_phrases(nouns)?));
            rest = inner[close + 1..].trim_start();
            continue;
        }
        let end = match rest.find('(') {
            Some(at) => at,
            None => rest.len(),
        };
        // Braces may hold spaces: take whole `{...}` groups before the next '('.
        let chunk_end = match rest[..end].rfind('{') {
            Some(open) if !rest[open..end].contains('}') => {
                rest[open..].find('}').map(|c| open + c + 1).ok_or_else(|| "'{' without '}'".to_string())?
            }
            _ => end,
        };
        if rest[..chunk_end].contains(')') {
            return Err("')' without '('".to_string());
        }
        parts.extend(noun_phrases(&rest[..chunk_end])?.into_iter().map(Part::Noun));
        rest = rest[chunk_end..].trim_start();
    }
    Ok(parts)
}

/// Expands a synset's members, recursively, to lower-case phrases with their "no plural" flags.
fn synset_members(synsets: &HashMap<String, Synset>, name: &str, depth: usize) -> Result<Vec<(String, bool)>, String> {
    let key = synset_key(name);
    let set = synsets.get(&key).ok_or_else(|| format!("synset &{key} is not defined"))?;
    if depth > 8 {
        return Err(format!("synset &{key} contains itself"));
    }
    let mut out = Vec::new();
    for m in &set.members {
        let m = m.trim();
        if let Some(inner) = m.strip_prefix('&') {
            out.extend(synset_members(synsets, inner, depth + 1)?);
            continue;
        }
        let no_plural = set.no_plural || m.ends_with('_');
        let words: Vec<String> = m
            .split(|c: char| c == '_' || c.is_whitespace() || c == '{' || c == '}')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if !words.is_empty() {
            out.push((words.join(" "), no_plural));
        }
    }
    Ok(out)
}

fn synset_key(name: &str) -> String {
    name.trim_start_matches('&').trim_end_matches('_').to_uppercase()
}

/// The object heads a noun phrase stands for: words as they are, synsets expanded (with the
/// plural of a synset phrase that ends the object); `None` and why when a synset is unknown.
fn object_heads(words: &[String], synsets: &HashMap<String, Synset>) -> Result<Vec<String>, String> {
    let mut words: Vec<&String> = words.iter().collect();
    while words.len() > 1 && ["A", "AN", "THE"].contains(&words[0].to_uppercase().as_str()) {
        words.remove(0);
    }
    let mut heads: Vec<String> = vec![String::new()];
    for (i, w) in words.iter().enumerate() {
        let last = i + 1 == words.len();
        let options: Vec<String> = if w.starts_with('&') {
            let mut o = Vec::new();
            for (m, no_plural) in synset_members(synsets, w, 0)? {
                let p = (last && !no_plural && !m.ends_with('s')).then(|| plural_phrase(&m));
                o.push(m);
                o.extend(p);
            }
            o
        } else {
            vec![w.to_lowercase()]
        };
        heads = heads
            .iter()
            .flat_map(|h| options.iter().map(move |o| if h.is_empty() { o.clone() } else { format!("{h} {o}") }))
            .take(5000)
            .collect();
    }
    let mut out = Vec::new();
    for h in heads {
        push_unique(&mut out, h);
    }
    Ok(out)
}

/// Treebank splits contractions ("did n't"); news text writes them whole ("didn't").
fn join_contractions(phrase: &str) -> String {
    phrase.replace(" n't", "n't")
}

/// The words before `*` of a pattern: slots of alternative lower-case phrases (a `_`-joined
/// token is one phrase; synsets expand, as objects do), and the actor markers among them.
fn pre_slots(pre: &str, synsets: &HashMap<String, Synset>) -> Result<(Vec<Vec<String>>, Vec<String>), String> {
    let mut slots = Vec::new();
    let mut markers = Vec::new();
    for token in pre.split_whitespace() {
        let token = token.trim_matches(|c| matches!(c, '_' | '(' | ')' | '{' | '}'));
        let parts: Vec<String> = token.split('_').filter(|w| !w.is_empty()).map(String::from).collect();
        let (marks, words): (Vec<String>, Vec<String>) = parts.into_iter().partition(|w| MARKERS.contains(&w.as_str()));
        markers.extend(marks);
        if words.is_empty() {
            continue;
        }
        let mut alternatives: Vec<String> = Vec::new();
        for phrase in object_heads(&words, synsets)? {
            push_unique(&mut alternatives, join_contractions(&phrase));
        }
        slots.push(alternatives);
    }
    Ok((slots, markers))
}

/// The prepositions right before the actor markers after `*` ("FROM $", "(TO +)"), by marker.
fn marked_preps<S: std::hash::BuildHasher>(post: &str, prepositions: &HashSet<String, S>) -> Vec<(String, String)> {
    let tokens: Vec<String> = post
        .split(|c: char| c.is_whitespace() || c == '_')
        .map(|t| t.trim_matches(|c| matches!(c, '(' | ')' | '{' | '}')).to_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate().skip(1) {
        if MARKERS.contains(&t.as_str()) && prepositions.contains(&tokens[i - 1]) {
            out.push((tokens[i - 1].clone(), t.clone()));
        }
    }
    out
}

fn parse_verbs(
    text: &str,
    file: &str,
    skipped: &mut Vec<String>,
) -> Result<(Vec<Block>, HashMap<String, Synset>), LexiconError> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut synsets: HashMap<String, Synset> = HashMap::new();
    let mut in_synset: Option<String> = None;
    for (line, l) in content_lines(text) {
        if l.starts_with("---") {
            in_synset = None;
            let inner = l.trim_start_matches('-').trim_end_matches('-').trim();
            let (name, groups) = split_brackets(inner, file, line)?;
            if name.trim().is_empty() {
                return Err(err(file, line, "a verb block without a name ('--- NAME [code] ---')"));
            }
            if groups.len() > 1 {
                note(skipped, file, line, format!("verb block with several codes: only [{}] is kept", groups[0]));
            }
            let code = groups.first().copied().unwrap_or("---").to_string();
            blocks.push(Block { code, verbs: Vec::new(), patterns: Vec::new() });
        } else if l.starts_with('&') {
            let label = l.split_whitespace().next().unwrap_or("&");
            let key = synset_key(label);
            if key.is_empty() {
                return Err(err(file, line, "a synset without a name"));
            }
            let set = synsets.entry(key.clone()).or_default();
            set.no_plural = label.ends_with('_');
            in_synset = Some(key);
        } else if let (Some(key), Some(member)) = (&in_synset, l.strip_prefix('+')) {
            synsets.entry(key.clone()).or_default().members.push(member.trim().to_string());
        } else if l.starts_with('~') {
            in_synset = None;
            note(skipped, file, line, "verb transformation ('~'): not supported");
        } else if let Some(pattern) = l.strip_prefix('-') {
            in_synset = None;
            let Some(block) = blocks.last_mut() else {
                return Err(err(file, line, "a pattern before any '--- NAME [code] ---' block"));
            };
            let open = pattern.rfind('[').ok_or_else(|| err(file, line, "a pattern without a [code]"))?;
            let close =
                pattern[open..].find(']').map(|c| open + c).ok_or_else(|| err(file, line, "'[' without ']'"))?;
            let body = &pattern[..open];
            let (pre, post) =
                body.split_once('*').ok_or_else(|| err(file, line, "a pattern without '*' for the verb"))?;
            if post.contains('*') {
                return Err(err(file, line, "a pattern with two '*'"));
            }
            block.patterns.push(PatternLine {
                line,
                pre: pre.to_string(),
                post: post.to_string(),
                code: pattern[open + 1..close].trim().to_string(),
            });
        } else {
            in_synset = None;
            let Some(block) = blocks.last_mut() else {
                return Err(err(file, line, "a verb before any '--- NAME [code] ---' block"));
            };
            let l = l.split(';').next().unwrap_or("").trim(); // TABARI's ';' comments
            let (head, groups) = split_brackets(l, file, line)?;
            if groups.len() > 1 {
                return Err(err(file, line, "a verb with more than one code"));
            }
            match verb_line_forms(head, file, line)? {
                Some(forms) => {
                    block.verbs.push(VerbLine { line, forms, code: groups.first().map(|c| c.to_string()) });
                }
                None => note(skipped, file, line, format!("multi-word verb '{head}' without '+' before its verb word")),
            }
        }
    }
    Ok((blocks, synsets))
}

fn import_verbs(lex: &mut Lexicon, text: &str, file: &str, skipped: &mut Vec<String>) -> Result<usize, LexiconError> {
    let (blocks, synsets) = parse_verbs(text, file, skipped)?;
    let mut added = 0;
    let mut defined: HashSet<String> = HashSet::new();
    let known_before = lex.verbs.len();
    // PETRARCH's target is the verb's object or the first actor of any prepositional phrase
    // after it, unless a pattern names the prepositions: all but those of agents ("by"),
    // parts ("of"), roles ("as") and the ones that open a clause of their own ("after").
    let mut any_prep: Vec<String> = lex
        .grammar
        .prepositions
        .iter()
        .filter(|p| !["of", "by", "as"].contains(&p.as_str()) && !lex.grammar.clause_openers.contains(*p))
        .cloned()
        .collect();
    any_prep.sort();
    let prepositions = &lex.grammar.prepositions;
    // A word, or a synset of words, that is a preposition ("OVER", "&PREPOSIT1").
    let is_prep = |w: &str| {
        if w.starts_with('&') {
            return synset_members(&synsets, w, 0)
                .is_ok_and(|m| !m.is_empty() && m.iter().all(|(p, _)| prepositions.contains(p.as_str())));
        }
        prepositions.contains(&w.to_lowercase())
    };
    for block in &blocks {
        let mut out: Vec<VerbPattern> = Vec::new();
        let mut all_forms: Vec<String> = Vec::new();
        for v in &block.verbs {
            for f in &v.forms {
                push_unique(&mut all_forms, f.clone());
            }
        }
        // A pattern's own code outside CAMEO takes the PLOVER type of the block's code.
        let block_plover = match read_code(&block.code) {
            Code::Event { plover, .. } => plover,
            _ => None,
        };
        let plover_or_block = |plover: Option<&'static str>| plover.or(block_plover).unwrap_or("").to_string();
        // Defaults, by code.
        let mut defaults: Vec<(String, String, Vec<String>)> = Vec::new();
        let mut codes_of_verbs: Vec<Option<String>> = Vec::new();
        for v in &block.verbs {
            let raw = v.code.as_deref().unwrap_or(&block.code);
            match read_code(raw) {
                Code::Event { cameo, plover } => {
                    codes_of_verbs.push(Some(cameo.clone()));
                    match defaults.iter_mut().find(|d| d.0 == cameo) {
                        Some(d) => v.forms.iter().for_each(|f| push_unique(&mut d.2, f.clone())),
                        None => defaults.push((cameo, plover_or_block(plover), v.forms.clone())),
                    }
                }
                Code::Null => codes_of_verbs.push(None),
                Code::Bad(why) => {
                    codes_of_verbs.push(None);
                    note(skipped, file, v.line, format!("verb '{}': {why}", v.forms[0]));
                }
            }
        }
        let uniform: Option<String> = match codes_of_verbs.split_first() {
            Some((Some(first), rest)) if rest.iter().all(|c| c.as_ref() == Some(first)) => Some(first.clone()),
            _ => None,
        };
        let mut default_preps: HashMap<String, Vec<String>> = HashMap::new();
        if block.verbs.is_empty() && !block.patterns.is_empty() {
            note(skipped, file, block.patterns[0].line, "patterns of a block without verbs");
        }
        for p in block.patterns.iter().filter(|_| !block.verbs.is_empty()) {
            let skip = |skipped: &mut Vec<String>, why: String| note(skipped, file, p.line, format!("pattern: {why}"));
            let (cameo, plover) = match read_code(&p.code) {
                Code::Event { cameo, plover } => (cameo, plover_or_block(plover)),
                Code::Null => {
                    skip(skipped, "null code [---] (no event): not supported".to_string());
                    continue;
                }
                Code::Bad(why) => {
                    skip(skipped, why);
                    continue;
                }
            };
            let (before, pre_markers) = match pre_slots(&p.pre, &synsets) {
                Ok(x) => x,
                Err(why) => {
                    skip(skipped, why);
                    continue;
                }
            };
            let mut parts = match pattern_parts(&p.post) {
                Ok(parts) => parts,
                Err(why) => {
                    skip(skipped, why);
                    continue;
                }
            };
            let particle = match parts.first() {
                Some(Part::Noun(w)) if w.len() == 1 && PARTICLES.contains(&w[0].to_lowercase().as_str()) => {
                    Some(w[0].to_lowercase())
                }
                _ => None,
            };
            if particle.is_some() {
                parts.remove(0);
            }
            // Who the subject is: "+ * FROM $" (the subject undergoes the act of the "from"
            // party), "% HAVE *" (joined subjects act on each other).
            let marked = marked_preps(&p.post, prepositions);
            let subject = if pre_markers.iter().any(|m| m == "%") {
                SubjectRole::Mutual
            } else if pre_markers.iter().any(|m| m == "+") {
                SubjectRole::Target
            } else {
                SubjectRole::Source
            };
            let mut preps: Vec<String> = Vec::new();
            for part in &parts {
                if let Part::Prep(prep, _) = part {
                    push_unique(&mut preps, prep.clone());
                }
            }
            let other = if subject == SubjectRole::Target { "$" } else { "+" };
            let named: Vec<String> = marked.iter().filter(|(_, m)| m == other).map(|(p, _)| p.clone()).collect();
            if !named.is_empty() {
                preps = named;
            }
            let skipped_preps: Vec<&String> = marked.iter().filter(|(_, m)| m == "^").map(|(p, _)| p).collect();
            // The object: the first noun phrase, else that of the first prepositional phrase
            // with its preposition ("for asylum"); a bare preposition joins the noun phrase
            // after it ("OVER EFFORTS" is "over efforts").
            let mut object: Option<Vec<String>> = None;
            let mut i = 0;
            while i < parts.len() && object.is_none() {
                if let Part::Noun(w) = &parts[i] {
                    if w.len() == 1 && is_prep(&w[0]) {
                        if let Some(Part::Noun(next)) = parts.get(i + 1) {
                            object = Some(w.iter().chain(next).cloned().collect());
                        }
                    } else if !is_prep(&w[0]) || w.len() > 1 {
                        object = Some(w.clone());
                    }
                }
                i += 1;
            }
            let object = object.or_else(|| {
                parts.iter().find_map(|q| match q {
                    Part::Prep(prep, nps) => {
                        nps.first().map(|np| std::iter::once(prep.clone()).chain(np.clone()).collect())
                    }
                    _ => None,
                })
            });
            let objects = match &object {
                Some(words) => match object_heads(words, &synsets) {
                    Ok(o) => o,
                    Err(why) => {
                        skip(skipped, why);
                        continue;
                    }
                },
                None => Vec::new(),
            };
            let conditional = !before.is_empty() || subject != SubjectRole::Source;
            if objects.is_empty() && particle.is_none() && !conditional {
                if defaults.iter().any(|d| d.0 == cameo) {
                    let merged = default_preps.entry(cameo).or_default();
                    preps.into_iter().for_each(|pr| push_unique(merged, pr));
                } else {
                    skip(skipped, format!("no object noun, and [{}] is not the verbs' default code", p.code));
                }
                continue;
            }
            if particle.is_none() && !conditional && uniform.as_deref() == Some(cameo.as_str()) && preps.is_empty() {
                continue; // the default reading already gives this code
            }
            if preps.is_empty() && !(subject == SubjectRole::Target && marked.is_empty()) {
                preps = any_prep.iter().filter(|p| !skipped_preps.contains(p)).cloned().collect();
            }
            let forms: Vec<String> = match &particle {
                Some(pt) => all_forms.iter().map(|f| format!("{f} {pt}")).collect(),
                None => all_forms.clone(),
            };
            match out.iter_mut().find(|q| {
                q.cameo == cameo
                    && q.forms == forms
                    && q.target_preps == preps
                    && q.before == before
                    && q.subject == subject
                    && q.objects.is_empty() == objects.is_empty()
            }) {
                Some(q) => objects.into_iter().for_each(|o| push_unique(&mut q.objects, o)),
                None => out.push(VerbPattern {
                    plover,
                    cameo,
                    kind: PatternKind::Verb,
                    forms,
                    objects,
                    target_preps: preps,
                    before,
                    subject,
                }),
            }
        }
        for (i, (cameo, plover, forms)) in defaults.into_iter().enumerate() {
            let target_preps = default_preps.remove(&cameo).unwrap_or_else(|| any_prep.clone());
            out.insert(
                i,
                VerbPattern {
                    plover,
                    cameo,
                    kind: PatternKind::Verb,
                    forms,
                    objects: Vec::new(),
                    target_preps,
                    before: Vec::new(),
                    subject: SubjectRole::Source,
                },
            );
        }
        added += out.len();
        defined.extend(all_forms);
        lex.verbs.extend(out);
    }
    replace_verb_readings(&mut lex.verbs, known_before, &defined);
    Ok(added)
}

/// A verb that a loaded dictionary defines is coded by that dictionary alone: the verb
/// readings that were there before (`verbs[..known_before]`) lose its forms, and a line
/// left without forms goes. Event nouns stay ("attack" the noun is not the verb).
fn replace_verb_readings(verbs: &mut Vec<VerbPattern>, known_before: usize, defined: &HashSet<String>) {
    if defined.is_empty() {
        return;
    }
    let mut index = 0;
    verbs.retain_mut(|p| {
        let before = index < known_before;
        index += 1;
        if before && p.kind == PatternKind::Verb {
            p.forms.retain(|f| !defined.contains(f));
            return !p.forms.is_empty();
        }
        true
    });
}

// ---------------------------------------------------------------------------------------
// Discards

fn import_discards(
    lex: &mut Lexicon,
    text: &str,
    file: &str,
    _skipped: &mut Vec<String>,
) -> Result<usize, LexiconError> {
    let mut known: HashSet<String> = lex.discards.iter().cloned().collect();
    let mut added = 0;
    for (line, l) in content_lines(text) {
        let (story, phrase) = match l.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, l.as_str()),
        };
        if phrase.contains('[') || phrase.contains(']') {
            return Err(err(file, line, "a code in a discard list"));
        }
        let phrase = term(phrase);
        if phrase.is_empty() {
            return Err(err(file, line, "an empty discard phrase"));
        }
        let entry = if story { format!("+{phrase}") } else { phrase };
        if known.insert(entry.clone()) {
            lex.discards.push(entry);
            added += 1;
        }
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon_with(countries: &str, agents: &str) -> Lexicon {
        let mut lex = Lexicon::default();
        lex.add_file(crate::countries::FILE, "countries.txt", countries).unwrap();
        lex.add_file(crate::agents::FILE, "agents.txt", agents).unwrap();
        lex
    }

    fn base() -> Lexicon {
        lexicon_with(
            "ISR | Israel | State of Israel | Israeli; Israelis | Jerusalem\n\
             KOR | South Korea | Republic of Korea; ROK | South Korean | Seoul\n\
             AFG | Afghanistan | | Afghan; Afghans | Kabul\n\
             USA | United States | U.S.; US; USA | American | Washington\n",
            "troops; troop | MIL | group\ngunmen; gunman | UAF | group\n",
        )
    }

    #[test]
    fn plover_table_reads_the_longest_prefix() {
        assert_eq!(plover_of("1631"), Some("COERCE"));
        assert_eq!(plover_of("161"), Some("SANCTION"));
        assert_eq!(plover_of("0871"), Some("RETREAT"));
        assert_eq!(plover_of("0812"), Some("CONCEDE"));
        assert_eq!(plover_of("0813"), Some("RETREAT"));
        assert_eq!(plover_of("1712"), Some("ASSAULT"));
        assert_eq!(plover_of("175"), Some("ASSAULT"));
        assert_eq!(plover_of("192"), Some("COERCE"));
        assert_eq!(plover_of("2042"), Some("ASSAULT"));
        assert_eq!(plover_of("0233"), Some("REQUEST"));
        assert_eq!(plover_of("010"), None);
        assert_eq!(plover_of("0"), None);
        assert_eq!(plover_of("07311"), None);
        assert_eq!(plover_of("07a"), None);
        // Every root of CAMEO 02-20 has a type.
        for root in 2..=20 {
            assert!(plover_of(&format!("{root:02}")).is_some(), "{root}");
        }
    }

    #[test]
    fn plover_table_errors_name_the_line() {
        let e = parse_plover_table("03 | AGREE\n04 | TALK\n", "t").unwrap_err().to_string();
        assert!(e.starts_with("t:2:") && e.contains("TALK"), "{e}");
        assert!(parse_plover_table("3 | AGREE\n", "t").is_err());
        assert!(parse_plover_table("03 | AGREE\n03 | AGREE\n", "t").is_err());
    }

    #[test]
    fn petrarch_dates() {
        assert_eq!(petrarch_date("950601"), Some((1995, 6, 1)));
        assert_eq!(petrarch_date("080120"), Some((2008, 1, 20)));
        assert_eq!(petrarch_date("19950601"), Some((1995, 6, 1)));
        assert_eq!(petrarch_date("20120229"), Some((2012, 2, 29)));
        assert_eq!(petrarch_date("20110229"), None);
        assert_eq!(petrarch_date("951301"), None);
        assert_eq!(petrarch_date("9008223"), None);
        assert_eq!(day_before((2000, 3, 1)), (2000, 2, 29));
        assert_eq!(day_before((2001, 1, 1)), (2000, 12, 31));
    }

    #[test]
    fn names_are_cased_as_news_writes_them() {
        let n = Namer::new(&base());
        let name = |s: &str| n.case(&words_of(s));
        assert_eq!(name("HAMAS"), "Hamas");
        assert_eq!(name("UN_"), "UN");
        assert_eq!(name("PRESIDENT_GEORGE_W._BUSH"), "President George W. Bush");
        assert_eq!(name("BAN_KI-MOON"), "Ban Ki-Moon");
        assert_eq!(name("BASHAR_AL-ASSAD"), "Bashar al-Assad");
        assert_eq!(name("AL-QAEDA"), "Al-Qaeda");
        assert_eq!(name("ISLAMIC_REPUBLIC_OF_AFGHANISTAN"), "Islamic Republic of Afghanistan");
        assert_eq!(name("THE_UNITED_NATIONS_"), "United Nations");
        assert_eq!(name("U.S._ARMY"), "U.S. Army");
        assert_eq!(name("CNN"), "CNN");
        assert_eq!(name("MR._SMITH"), "Mr. Smith");
        assert_eq!(name("JOHN_MCCAIN"), "John McCain");
        assert_eq!(name("O'BRIEN"), "O'Brien");
        assert_eq!(name("WOMEN'S_FEDERATION"), "Women's Federation");
        assert_eq!(name("POPE_JOHN_PAUL_II"), "Pope John Paul II");
        assert_eq!(name("XI_JINPING"), "Xi Jinping");
        assert_eq!(name("KIM_JONG_IL"), "Kim Jong Il");
        assert_eq!(name("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_"), "Aden Abyan Islamic Army");
        assert_eq!(name("Manchester United"), "Manchester United");
        // Organisations also get the lower-case agent-word spelling and short names in capitals.
        assert_eq!(n.names(&words_of("ISRAELI_TROOPS"), NameKind::Org), vec!["Israeli Troops", "Israeli troops"]);
        assert_eq!(n.names(&words_of("MONUC_"), NameKind::Org), vec!["Monuc", "MONUC"]);
        assert_eq!(n.names(&words_of("HAMAS"), NameKind::Person), vec!["Hamas"]);
        assert_eq!(n.names(&words_of("HAMAS"), NameKind::Country), vec!["Hamas"]);
        assert_eq!(n.names(&words_of("USSR"), NameKind::Country), vec!["Ussr", "USSR"]);
        assert_eq!(n.names(&words_of("THE_AU"), NameKind::Org), vec!["AU"]);
        assert_eq!(n.names(&words_of("CONTINUITY_IRA"), NameKind::Org), vec!["Continuity Ira", "Continuity IRA"]);
        assert_eq!(name("ABU_ABDUL_'AZIZ_AL-QATARI"), "Abu Abdul 'Aziz al-Qatari");
        assert_eq!(name("B&G_FOODS"), "B&G Foods");
        assert!(n.looks_like_person(&words_of("PRESIDENT_HOSNI_MUBARAK")));
        assert!(!n.looks_like_person(&words_of("PRIME_MINISTER_OF_ISRAEL")));
        assert!(!n.looks_like_person(&words_of("PRESIDENT_MINISTRY")));
        assert!(n.names_a_body(&words_of("MINISTRY_FOR_STATE_SECURITY")));
        assert!(n.names_a_body(&words_of("FEDERAL_SECURITY_SERVICE")));
        assert!(!n.names_a_body(&words_of("ALFREDO_ARMY_VELEZ")));
    }

    const ACTORS: &str = "<!-- TEST ACTORS -->\n\
<!-- \n# a header block\n# -->\n\
HAMAS [PSEREBHMS]  # comment\n\
+HAMAS_MOVEMENT\n\
ISRAEL [ISR]\n\
+STATE_OF_ISRAEL\n\
+TEL_AVIV\n\
ISRAELI_TROOPS [ISRMIL]\n\
GAZA_CITY [PSEGZA]\n\
ARNOR_  [ARN]\n\
+ARNORIAN\n\
FORNOST [ARN]\n\
ARNOR_GOVERNMENT [ARNGOV]\n\
UNITED_NATIONS [IGOUNO]\n\
+UN_\n\
RED_CROSS [NGO]\n\
GOLLUM  # pas 27 Apr 03\n\
+SMEAGOL\n\
\t[HOB < 950601]\n\
\t[HOBGOV 19950601 - 19990815]\n\
\t[HOBREB > 990816]\n\
SAM_GAMGEE [HOB]\n\
\t[HOBCIV <20080120] [ORCHOB 20100109-20100112]\n\
PRESIDENT_HOSNI_MUBARAK [EGYGOV]\n\
BOROMIR  [---]\n\
LORIEN  [ELR/GAL]\n\
<! -- NEW ACTORS -->\n\
QUIBBLER [HGWGOVMED]\n";

    #[test]
    fn actors_become_countries_organisations_and_people() {
        let mut lex = base();
        let mut r = PetrarchImport::default();
        r.absorb(load_file(&mut lex, DictKind::Actors, ACTORS, "test.actors.txt").unwrap());
        assert_eq!(r.actors, 14, "{r:?}"); // BOROMIR [---] is left out

        let hamas = lex.organizations.iter().find(|o| o.code == "PSEREBHMS").unwrap();
        assert_eq!(hamas.name, "Hamas");
        assert!(hamas.names.contains(&"HAMAS".to_string()) && hamas.names.contains(&"Hamas Movement".to_string()));
        assert_eq!(hamas.org_type, OrgType::ArmedGroup);
        assert_eq!(hamas.country, None); // PSE is not a known country here

        let isr = lex.countries.iter().find(|c| c.code == "ISR").unwrap();
        assert_eq!(isr.names, vec!["State of Israel"]); // "Israel" was there already
        assert_eq!(isr.metonyms, vec!["Jerusalem", "Tel Aviv"]);

        let troops = lex.organizations.iter().find(|o| o.code == "ISRMIL").unwrap();
        assert_eq!((troops.org_type, troops.country.as_deref()), (OrgType::Government, Some("ISR")));
        assert!(troops.names.contains(&"Israeli troops".to_string()));
        assert!(lex.organizations.iter().any(|o| o.code == "PSEGZA" && o.name == "Gaza City"));

        // An unknown three-letter code is a new country; its code's agents attach to it.
        let arn = lex.countries.iter().find(|c| c.code == "ARN").unwrap();
        assert_eq!(arn.name, "Arnor");
        assert!(arn.names.contains(&"Arnorian".to_string()), "{arn:?}");
        assert!(arn.metonyms.contains(&"Fornost".to_string()), "{arn:?}");
        let gov = lex.organizations.iter().find(|o| o.code == "ARNGOV").unwrap();
        assert_eq!(gov.country.as_deref(), Some("ARN"));
        assert!(!lex.countries.iter().any(|c| c.code == "NGO"));
        let red_cross = lex.organizations.iter().find(|o| o.code == "NGO").unwrap();
        assert_eq!((red_cross.name.as_str(), red_cross.org_type), ("Red Cross", OrgType::Ngo));

        let un = lex.organizations.iter().find(|o| o.code == "IGOUNO").unwrap();
        assert_eq!((un.name.as_str(), un.org_type), ("United Nations", OrgType::Igo));
        assert!(un.names.contains(&"UN".to_string()));
        let quibbler = lex.organizations.iter().find(|o| o.name == "Quibbler").unwrap();
        assert_eq!(quibbler.org_type, OrgType::Media);

        // Dated codes: one Person line per code, the dated ones first.
        let gollum: Vec<&Person> = lex.people.iter().filter(|p| p.name == "Gollum").collect();
        assert_eq!(gollum.len(), 3);
        assert_eq!((gollum[0].code.as_str(), gollum[0].from, gollum[0].to), ("HOB", None, Some((1995, 5, 31))));
        assert_eq!(
            (gollum[1].code.as_str(), gollum[1].from, gollum[1].to),
            ("HOBGOV", Some((1995, 6, 1)), Some((1999, 8, 14)))
        );
        assert_eq!((gollum[2].code.as_str(), gollum[2].from, gollum[2].to), ("HOBREB", Some((1999, 8, 16)), None));
        assert_eq!(gollum[0].names, vec!["Smeagol"]);
        let sam: Vec<&Person> = lex.people.iter().filter(|p| p.name == "Sam Gamgee").collect();
        assert_eq!(sam.iter().map(|p| p.code.as_str()).collect::<Vec<_>>(), vec!["HOBCIV", "ORCHOB", "HOB"]);
        assert_eq!(sam[1].from, Some((2010, 1, 9)));
        assert_eq!(sam[1].to, Some((2010, 1, 11)));
        // The default (undated) line only holds where no dated line does.
        let first_in_office = |date| sam.iter().find(|p| p.in_office(Some(date))).map(|p| p.code.as_str());
        assert_eq!(first_in_office((2007, 1, 1)), Some("HOBCIV"));
        assert_eq!(first_in_office((2010, 1, 10)), Some("ORCHOB"));
        assert_eq!(first_in_office((2011, 1, 1)), Some("HOB"));

        // A title makes a person, also without dates.
        let mubarak = lex.people.iter().find(|p| p.code == "EGYGOV").unwrap();
        assert_eq!((mubarak.name.as_str(), mubarak.from), ("President Hosni Mubarak", None));

        let skipped = r.skipped.join("\n");
        assert!(skipped.contains("test.actors.txt:") && skipped.contains("[---]"), "{skipped}");
        assert!(skipped.contains("only ELR is kept"), "{skipped}");
        assert!(lex.countries.iter().any(|c| c.code == "ELR" && c.name == "Lorien"));
    }

    #[test]
    fn uncoded_actors_states_and_companies() {
        let text = "LEONID_BREZHNEV_\nSECRETARY_BREZHNEV\n\t[RUSELI 19240101-641014]\n\t[RUSGOV 641014-821110]\n\n\
                    U.S.S.R\n+USSR\n\t[USR <911226]\nZIMBABWE\n\t[RHO <790606]\n\t[ZBW]\n\
                    ABN_AMRO_\t[NLDGOVBUS >081004][MNCNLD]\nFORGOTTEN\n\nNEXT [KOR]\n";
        let mut lex = base();
        let r = load_file(&mut lex, DictKind::Actors, text, "a.txt").unwrap();
        assert_eq!(r.actors, 5, "{r:?}");
        // Consecutive phrases without codes share the codes that follow.
        let brezhnev: Vec<&Person> = lex.people.iter().filter(|p| p.name == "Leonid Brezhnev").collect();
        assert_eq!(brezhnev.len(), 2);
        assert_eq!(brezhnev[0].names, vec!["Secretary Brezhnev"]);
        assert!(
            r.skipped[0].starts_with("a.txt:1: 'LEONID_BREZHNEV_' has no code: it takes the codes"),
            "{:?}",
            r.skipped
        );
        // A state over time is a country with its default (or last open-ended) code.
        let ussr = lex.countries.iter().find(|c| c.code == "USR").unwrap();
        assert_eq!((ussr.name.as_str(), ussr.names.clone()), ("U.S.S.R", vec!["Ussr".to_string(), "USSR".to_string()]));
        assert!(lex.countries.iter().any(|c| c.code == "ZBW" && c.name == "Zimbabwe"));
        assert!(
            r.skipped.iter().any(|s| s.starts_with("a.txt:10: code RHO of 'Zimbabwe' left out")),
            "{:?}",
            r.skipped
        );
        // A company with a dated code is an organisation with its undated code.
        let abn = lex.organizations.iter().find(|o| o.name == "Abn Amro").unwrap();
        assert_eq!((abn.code.as_str(), abn.org_type), ("MNCNLD", OrgType::Company));
        assert!(r.skipped.iter().any(|s| s == "a.txt:13: actor 'FORGOTTEN' has no code"), "{:?}", r.skipped);
        assert!(lex.people.iter().all(|p| p.name != "Abn Amro" && p.name != "Zimbabwe"));
    }

    #[test]
    fn actor_errors_name_file_and_line() {
        let e = |text: &str| load_actors(&mut base(), text, "a.txt").unwrap_err().to_string();
        assert!(e("HAMAS [PSE\n").starts_with("a.txt:1:"), "{}", e("HAMAS [PSE\n"));
        assert!(e("# c\n+SEOUL\n").starts_with("a.txt:2:"));
        assert!(e("\n\t[KOR]\n").starts_with("a.txt:2:"));
        let bad = e("GOLLUM\n\t[HOB 95-06-01]\n");
        assert!(bad.starts_with("a.txt:2:") && bad.contains("date"), "{bad}");
        assert!(e("X [A.B]\n").contains("not an actor code"));
        assert!(e("X []\n").contains("empty code"));
        // A date that is not a calendar date drops the bracket, listed.
        let mut lex = base();
        let r =
            load_file(&mut lex, DictKind::Actors, "ABC_DEF\n\t[KORGOV 9008223-911221]\n\t[KORELI]\n", "a.txt").unwrap();
        assert!(r.skipped.iter().any(|s| s.starts_with("a.txt:2:") && s.contains("9008223")), "{:?}", r.skipped);
    }

    const AGENTS: &str = "<!-- AGENTS -->\n\
!PERSON! = MAN, MEN, WOMAN, WOMEN\n\
!MINST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES\n\
AMBASSADOR [~GOV] # LRP\n\
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\n\
POLICE {} [ ~COP]\n\
CONGRESS!PERSON! [~LEG]\n\
FOREIGN_!MINST! [~GOV]\n\
OFFICIAL_MEDIA {} [~GOVMED]\n\
HUMAN_RIGHTS_BODY  [  NGO~]\n\
MILITIA [~UAF]\n\
TROOPS {} [~MIL]\n\
ISLAMIC_EXTREMIST\n";

    #[test]
    fn agents_with_plurals_prefixes_and_substitutions() {
        let mut lex = base();
        let r = load_file(&mut lex, DictKind::Agents, AGENTS, "t.agents.txt").unwrap();
        assert_eq!(r.agents, 8, "{r:?}"); // TROOPS is known already, ISLAMIC_EXTREMIST has no code
        let find = |t: &str| lex.agents.iter().find(|a| a.terms.contains(&t.to_string())).unwrap();
        let amb = find("ambassador");
        assert_eq!(
            (amb.terms.clone(), amb.code.as_str(), amb.kind),
            (vec!["ambassador".into(), "ambassadors".into()], "GOV", AgentKind::Person)
        );
        assert_eq!(find("attorney general").terms, vec!["attorney general", "attorneys general"]);
        assert_eq!(find("attorney general").kind, AgentKind::Person);
        assert_eq!((find("police").terms.len(), find("police").code.as_str()), (1, "COP"));
        assert_eq!(find("congressman").terms, vec!["congressman", "congressmen", "congresswoman", "congresswomen"]);
        assert_eq!(find("foreign minister").terms, vec!["foreign minister", "foreign ministers"]);
        assert_eq!(find("foreign minister").kind, AgentKind::Person);
        assert_eq!(find("foreign ministry").terms, vec!["foreign ministry", "foreign ministries"]);
        assert_eq!(find("foreign ministry").kind, AgentKind::Organization);
        assert_eq!((find("official media").code.as_str(), find("official media").kind), ("GOV", AgentKind::Group));
        let body = find("human rights body");
        assert_eq!((body.code.as_str(), body.terms[1].as_str()), ("NGO", "human rights bodies"));
        assert_eq!(find("militia").terms, vec!["militia", "militias"]);
        assert_eq!(find("troops").code, "MIL"); // the lexicon's own
        let skipped = r.skipped.join("\n");
        assert!(skipped.contains("t.agents.txt:9: agent code ~GOVMED: kept as GOV"), "{skipped}");
        assert!(skipped.contains("t.agents.txt:13: agent 'ISLAMIC_EXTREMIST' has no code"), "{skipped}");
    }

    #[test]
    fn agent_errors_name_file_and_line() {
        let e = |text: &str| load_agents(&mut Lexicon::default(), text, "g.txt").unwrap_err().to_string();
        assert!(e("A [~GOV]\nB {BS [~GOV]\n").starts_with("g.txt:2:"));
        assert!(e("CONGRESS!PERSON! [~LEG]\n").contains("not defined"));
        assert!(e("X [GOV]\n").contains("'~'"));
        assert!(e("X [~]\n").contains("not an agent code"));
        assert!(e("X [~GOV] [~MIL]\n").contains("text after"));
        // PETRARCH reads a code to the end of the line: so does sitrep, listing the repair.
        let mut lex = Lexicon::default();
        let r = load_file(&mut lex, DictKind::Agents, "DEPARMENT_OF_ENVIRONMENT [~ENV}\n", "g.txt").unwrap();
        assert_eq!(r.skipped, vec!["g.txt:1: agent code [~ENV}] read as ~ENV"]);
        assert_eq!(lex.agents[0].terms, vec!["deparment of environment", "deparments of environment"]);
    }

    #[test]
    fn regular_verb_forms() {
        let f = |v: &str| regular_forms(v).join(" ");
        assert_eq!(f("attack"), "attack attacks attacked attacking");
        assert_eq!(f("accuse"), "accuse accuses accused accusing");
        assert_eq!(f("deny"), "deny denies denied denying");
        assert_eq!(f("destroy"), "destroy destroys destroyed destroying");
        assert_eq!(f("ban"), "ban bans banned banning");
        assert_eq!(f("commit"), "commit commits committed committing");
        assert_eq!(f("visit"), "visit visits visited visiting");
        assert_eq!(f("offer"), "offer offers offered offering");
        assert_eq!(f("refer"), "refer refers referred referring");
        assert_eq!(f("kidnap"), "kidnap kidnaps kidnapped kidnapping");
        assert_eq!(f("quit"), "quit quits quitted quitting");
        assert_eq!(f("agree"), "agree agrees agreed agreeing");
        assert_eq!(f("tie"), "tie ties tied tying");
        assert_eq!(f("reach"), "reach reaches reached reaching");
        assert_eq!(f("veto"), "veto vetoes vetoed vetoing");
        assert_eq!(f("fix"), "fix fixes fixed fixing");
        assert_eq!(f("shoot"), "shoot shoots shooted shooting"); // irregulars come from {...}
        assert_eq!(f("open"), "open opens opened opening");
    }

    const VERBS: &str = "<!-- VERBS -->\n\
&CURRENCY\n\
+DOLLAR\n\
+EURO\n\
+YEN_\n\
&AUXVERB_\n\
+WAS\n\
&MONEYSYN\n\
+&CURRENCY\n\
+CASH_\n\
\n\
--- GRANT  [070]  ---\n\
GRANT    # jw\n\
GIVE {GAVE GIVEN GIVES GIVING}\n\
CLARIFY {CLARIFIES CLARIFIED CLARIFYING} [010]\n\
+HAND_OVER\n\
RE_+ARM\n\
- * &MONEYSYN [071]  # money\n\
- * (TO)  [070]\n\
- * {HUMANITARIAN AID} (TO +) [073]\n\
- * FOOD [073]\n\
- * FORWARD {PEACE PLAN} [0356:0356]\n\
- &AUXVERB * [080]\n\
- * THING [abc]\n\
- * BLOCKING [---]\n\
- * (FOR) [100]\n\
\n\
--- ACCELERATE [---] ---\n\
RUSH\n\
SPEED {SPEEDING SPEEDS SPED}\n\
- * AID [070]\n\
- * (INTO ALLEGATION) [090]\n\
- * &MISSING [070]\n\
~ a (a b ATTACK) SAY = a b 015\n";

    #[test]
    fn verb_blocks_become_patterns() {
        let mut lex = Lexicon::default();
        let r = load_file(&mut lex, DictKind::Verbs, VERBS, "t.verbs.txt").unwrap();
        let v = &lex.verbs;
        assert_eq!(r.verb_patterns, v.len());
        let grant = &v[0];
        assert_eq!((grant.plover.as_str(), grant.cameo.as_str(), grant.kind), ("AID", "070", PatternKind::Verb));
        assert!(grant.objects.is_empty());
        assert_eq!(grant.target_preps, vec!["to"]);
        for f in [
            "grant",
            "grants",
            "granted",
            "granting",
            "give",
            "gave",
            "given",
            "giving",
            "hand over",
            "hands over",
            "handed over",
            "handing over",
            "re-arm",
            "rearm",
            "re-armed",
            "rearming",
        ] {
            assert!(grant.forms.contains(&f.to_string()), "{f} in {:?}", grant.forms);
        }
        assert!(!grant.forms.contains(&"clarify".to_string()));
        // CLARIFY [010] has no PLOVER type: listed, no default.
        assert!(r.skipped.iter().any(|s| s.starts_with("t.verbs.txt:15:") && s.contains("010")), "{:?}", r.skipped);
        // Object synsets, nested, with plurals of synset words (not YEN_, not CASH_).
        let money = v.iter().find(|p| p.cameo == "071").unwrap();
        assert_eq!(money.objects, vec!["dollar", "dollars", "euro", "euros", "yen", "cash"]);
        assert!(money.forms.contains(&"clarified".to_string()), "patterns apply to every verb of the block");
        assert_eq!(money.plover, "AID");
        let food = v.iter().find(|p| p.cameo == "073" && p.objects.contains(&"humanitarian aid".to_string())).unwrap();
        assert_eq!(food.target_preps, vec!["to"]);
        assert!(v.iter().any(|p| p.cameo == "073" && p.objects == vec!["food"] && p.target_preps.is_empty()));
        let plan = v.iter().find(|p| p.cameo == "0356").unwrap();
        assert_eq!(plan.objects, vec!["peace plan"]);
        assert!(plan.forms.contains(&"gave forward".to_string()));
        assert_eq!(plan.plover, "AGREE");
        // The ACCELERATE block has no default: only its object lines.
        let rush: Vec<&VerbPattern> = v.iter().filter(|p| p.forms.contains(&"sped".to_string())).collect();
        assert_eq!(rush.len(), 2, "{rush:?}");
        assert!(rush.iter().all(|p| !p.objects.is_empty()));
        // The object of a prepositional phrase keeps its preposition.
        assert!(rush.iter().any(|p| p.cameo == "090"
            && p.objects == vec!["into allegation"]
            && p.target_preps == vec!["into"]
            && p.plover == "ACCUSE"));
        // Words before the verb are a condition of their own.
        let was = v.iter().find(|p| p.cameo == "080").unwrap();
        assert_eq!(was.before, vec![vec!["was".to_string()]]);
        assert!(was.objects.is_empty() && !was.is_default());
        assert!(rush[0].forms.contains(&"rushes".to_string()));
        for (line, what) in
            [(24, "abc"), (25, "[---]"), (26, "no object noun"), (33, "&MISSING"), (34, "transformation")]
        {
            let at = format!("t.verbs.txt:{line}:");
            assert!(r.skipped.iter().any(|s| s.starts_with(&at) && s.contains(what)), "{line} {what}: {:?}", r.skipped);
        }
        for p in v {
            assert_eq!(plover_of(&p.cameo), Some(p.plover.as_str()));
            assert!(p.forms.iter().chain(&p.objects).all(|f| f == &f.to_lowercase() && f.trim() == f && !f.is_empty()));
        }
    }

    const PATTERNS: &str = "&NEGAUX_\n\
+DID N'T\n\
+WILL_NOT\n\
&PREPS_\n\
+ON\n\
+AGAINST\n\
--- CLASH [190] ---\n\
CLASH\n\
- &NEGAUX * OVER EFFORTS [904]\n\
- MOST_CERTAINLY &NEGAUX * [905]\n\
- * OVER EFFORTS [121]\n\
--- DETAIN [212] ---\n\
DETAIN\n\
- + * FROM $ [066]\n\
--- DELAY [120] ---\n\
DELAY\n\
- % HAVE * [191]\n\
- % * [030]\n\
--- ACT [100] ---\n\
ACT\n\
- * &PREPS RESOLUTION [102]\n\
- * FOR_ASYLUM [174K]\n\
- * EID AT ^ WITH + [043]\n\
- * THING [def]\n\
- * AGAINST PLAN [1011]\n";

    #[test]
    fn patterns_with_words_before_the_verb_roles_and_own_codes() {
        let mut lex = Lexicon::builtin();
        let r = load_file(&mut lex, DictKind::Verbs, PATTERNS, "p.verbs.txt").unwrap();
        let ours = ["clash", "clash over", "detain", "delay", "act"];
        let find = |cameo: &str| {
            lex.verbs
                .iter()
                .find(|p| p.cameo == cameo && p.forms.iter().any(|f| ours.contains(&f.as_str())))
                .unwrap_or_else(|| panic!("{cameo}"))
        };
        let slot = |s: &[&str]| s.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        // Words before the verb: one slot per token, synsets as alternatives, contractions joined.
        let neg = find("904");
        assert_eq!(neg.before, vec![slot(&["didn't", "will not"])]);
        assert_eq!(neg.objects, vec!["efforts"]);
        assert!(neg.forms.contains(&"clash over".to_string()), "a particle joins the verb");
        // A code outside CAMEO's roots is the dictionary's own: kept, with the block's type.
        assert_eq!(neg.plover, "ASSAULT");
        assert_eq!(find("905").before, vec![slot(&["most certainly"]), slot(&["didn't", "will not"])]);
        assert!(find("121").before.is_empty() && find("121").plover == "REJECT");
        // A block code outside CAMEO has no PLOVER type; its verbs still code events.
        let detain = find("212");
        assert!(detain.is_default() && detain.plover.is_empty());
        // "+ * FROM $": the subject undergoes the act of the party after "from".
        let freed = find("066");
        assert_eq!((freed.subject, freed.target_preps.clone()), (SubjectRole::Target, vec!["from".to_string()]));
        assert!(freed.before.is_empty() && !freed.is_default());
        // "%": joined subjects act on each other.
        assert_eq!((find("191").subject, find("191").before.clone()), (SubjectRole::Mutual, vec![slot(&["have"])]));
        assert_eq!((find("030").subject, find("030").plover.as_str()), (SubjectRole::Mutual, "AGREE"));
        // Prepositional objects keep their preposition; `^` skips a phrase, `+` names the target's.
        let mut on = find("102").objects.clone();
        on.sort();
        assert_eq!(on, vec!["against resolution", "on resolution"]);
        let asylum = find("174K");
        assert_eq!((asylum.objects.clone(), asylum.plover.as_str()), (vec!["for asylum".to_string()], "COERCE"));
        assert_eq!(find("043").target_preps, vec!["with"]);
        assert_eq!(find("1011").objects, vec!["against plan"], "a bare preposition joins its noun");
        assert!(r.skipped.iter().any(|s| s.starts_with("p.verbs.txt:24:") && s.contains("def")), "{:?}", r.skipped);
        assert!(!r.skipped.iter().any(|s| s.contains("before the verb")), "{:?}", r.skipped);
    }

    #[test]
    fn own_codes_and_cameo_codes() {
        assert!(matches!(read_code("903"), Code::Event { plover: None, .. }));
        assert!(matches!(read_code("174k"), Code::Event { ref cameo, plover: Some("COERCE") } if cameo == "174K"));
        assert!(matches!(read_code("010"), Code::Bad(_)), "CAMEO statements have no PLOVER type");
        assert!(matches!(read_code("07a1"), Code::Bad(_)));
        assert!(matches!(read_code("---"), Code::Null));
    }

    #[test]
    fn dictionary_verbs_replace_the_readings_loaded_before() {
        let mut lex = Lexicon::builtin();
        let restore = |lex: &Lexicon| -> Vec<String> {
            lex.verbs.iter().filter(|p| p.forms.contains(&"restored".to_string())).map(|p| p.cameo.clone()).collect()
        };
        let attack_nouns = |lex: &Lexicon| {
            lex.verbs.iter().filter(|p| p.kind == PatternKind::Noun && p.forms.contains(&"attack".to_string())).count()
        };
        assert!(!restore(&lex).is_empty());
        let nouns = attack_nouns(&lex);
        assert!(nouns > 0);
        let text = "--- RESTORE [064] ---\nRESTORE\n- * TIES [064]\n--- ATTACK [190] ---\nATTACK\n";
        load_verbs(&mut lex, text, "v.txt").unwrap();
        assert_eq!(restore(&lex), ["064"], "only the dictionary's reading is left");
        // Its target is after any preposition but those of agents, parts and clauses.
        let ties = lex.verbs.iter().find(|p| p.forms.contains(&"restored".to_string())).unwrap();
        for (prep, takes) in
            [("with", true), ("to", true), ("against", true), ("of", false), ("by", false), ("after", false)]
        {
            assert_eq!(ties.target_preps.contains(&prep.to_string()), takes, "{prep}: {:?}", ties.target_preps);
        }
        assert_eq!(attack_nouns(&lex), nouns, "the event noun is not the verb");
        // A second file replaces the first one's readings too.
        load_verbs(&mut lex, "--- MEND [065] ---\nRESTORE\n", "w.txt").unwrap();
        assert_eq!(restore(&lex), ["065"]);
    }

    #[test]
    fn verb_errors_name_file_and_line() {
        let e = |text: &str| load_verbs(&mut Lexicon::default(), text, "v.txt").unwrap_err().to_string();
        assert!(e("--- A [070] ---\nA\n- * X\n").starts_with("v.txt:3:"));
        assert!(e("--- A [070] ---\nA\n- X [070]\n").contains("'*'"));
        assert!(e("A\n").starts_with("v.txt:1:"));
        assert!(e("--- A [070] ---\nA {B\n").contains("'{' without '}'"));
        assert!(e("--- A [010 ---\n").contains("'[' without ']'"));
        // A pattern PETRARCH reads but cannot make sense of is listed, not an error.
        let r =
            load_file(&mut Lexicon::default(), DictKind::Verbs, "--- A [070] ---\nA\n- * X (ON ^) ^)[111]\n", "v.txt")
                .unwrap();
        assert_eq!(r.skipped, vec!["v.txt:3: pattern: ')' without '('"]);
    }

    #[test]
    fn discards_keep_story_level_marks() {
        let mut lex = Lexicon::default();
        let text = "# Story-level discards are marked with '+'.\nMONTHS LATER\n+World Golf Championships   # pas\n\
                    AFRICAN_NATIONS_CUP   # ab ;AB\n+ESPN2\nMONTHS LATER\n";
        assert_eq!(load_discards(&mut lex, text, "d.txt").unwrap(), 4);
        assert_eq!(lex.discards, vec!["months later", "+world golf championships", "african nations cup", "+espn2"]);
        assert!(load_discards(&mut lex, "+\n", "d.txt").unwrap_err().to_string().starts_with("d.txt:1:"));
    }

    #[test]
    fn load_dir_recognises_each_kind() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write("a.txt", ACTORS); // by content
        write("b.txt", AGENTS);
        write("c.txt", VERBS);
        write("d.txt", "SOCCER\n+WORLD_CUP\n");
        write("my.discards", "BASEBALL\n"); // by name
        write("Phoenix.IssueCoding.txt", "<ISSUE CATEGORY=\"X\">\nn:atrocity [ID_ATROCITY]\n</ISSUE>\n");
        write("prepositions.txt", "about\nabove\n");
        write("notes.txt", "just some words\n");
        write("README.md", "# readme\n");
        let mut lex = base();
        let r = load_dir(&mut lex, dir.path()).unwrap();
        let kinds: Vec<(String, DictKind)> =
            r.files.iter().map(|(p, k)| (p.file_name().unwrap().to_string_lossy().into_owned(), *k)).collect();
        assert_eq!(
            kinds,
            vec![
                ("a.txt".into(), DictKind::Actors),
                ("b.txt".into(), DictKind::Agents),
                ("c.txt".into(), DictKind::Verbs),
                ("d.txt".into(), DictKind::Discards),
                ("my.discards".into(), DictKind::Discards),
            ]
        );
        assert_eq!((r.actors, r.agents, r.discards), (14, 8, 3));
        assert!(r.verb_patterns > 0);
        let skipped = r.skipped.join("\n");
        for name in [
            "Phoenix.IssueCoding.txt: issue",
            "prepositions.txt: preposition",
            "notes.txt: not recognised",
            "README.md: not recognised",
        ] {
            assert!(skipped.contains(name), "{name}: {skipped}");
        }
        assert!(r.to_string().starts_with("PETRARCH: 14 actors, "), "{r}");
        assert!(load_dir(&mut lex, &dir.path().join("none")).is_err());
    }

    const ANCHORS: &str = "/work/shared/anchors/petrarch2";

    /// A skipped entry without its place and particulars, to count entries by kind.
    fn kind_of(entry: &str) -> String {
        let what = entry.splitn(3, ':').nth(2).unwrap_or(entry).trim();
        let mut out = String::new();
        let mut close: Option<char> = None;
        for c in what.chars() {
            match close {
                Some(end) if c == end => close = None,
                Some(_) => {}
                None if c == '\'' || c == '[' => {
                    close = Some(if c == '[' { ']' } else { '\'' });
                    out.push('…');
                }
                None => out.push(c),
            }
        }
        out.split_whitespace()
            .map(
                |w| {
                    if w.chars().any(|c| c.is_ascii_digit()) || w.len() > 2 && w == w.to_uppercase() {
                        "…"
                    } else {
                        w
                    }
                },
            )
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn report(name: &str, r: &PetrarchImport) {
        println!("{name}: {r}");
        let mut kinds: HashMap<String, usize> = HashMap::new();
        for s in &r.skipped {
            *kinds.entry(kind_of(s)).or_default() += 1;
        }
        let mut kinds: Vec<(String, usize)> = kinds.into_iter().collect();
        kinds.sort_by_key(|k| (std::cmp::Reverse(k.1), k.0.clone()));
        for (k, n) in kinds.iter().take(12) {
            println!("    {n:6}  {k}");
        }
    }

    #[test]
    #[ignore = "reads the PETRARCH2 files under /work/shared/anchors"]
    fn real_petrarch_files() {
        let read = |f: &str| std::fs::read_to_string(format!("{ANCHORS}/{f}")).unwrap();
        for (kind, f) in [
            (DictKind::Actors, "PETR.Validate.actors.txt"),
            (DictKind::Agents, "PETR.Validate.agents.txt"),
            (DictKind::Verbs, "PETR.Validate.verbs.txt"),
            (DictKind::Discards, "PETR.Validate.discards.txt"),
            (DictKind::Verbs, "CAMEO.2.0.txt"),
            (DictKind::Agents, "Phoenix.agents.txt"),
            (DictKind::Discards, "Phoenix.discards.txt"),
            (DictKind::Actors, "Phoenix.Countries.actors.txt"),
            (DictKind::Actors, "Phoenix.International.actors.txt"),
            (DictKind::Actors, "Phoenix.MilNonState.actors.txt"),
        ] {
            let mut lex = Lexicon::builtin();
            let before =
                (lex.countries.len(), lex.organizations.len(), lex.people.len(), lex.agents.len(), lex.verbs.len());
            let r = load_file(&mut lex, kind, &read(f), f).unwrap();
            report(f, &r);
            println!(
                "    countries +{}, organisations +{}, people +{}, agents +{}, verb lines +{}",
                lex.countries.len() - before.0,
                lex.organizations.len() - before.1,
                lex.people.len() - before.2,
                lex.agents.len() - before.3,
                lex.verbs.len() - before.4
            );
        }
        let mut lex = Lexicon::default();
        let r = load_dir(&mut lex, Path::new(ANCHORS)).unwrap();
        report("load_dir (empty lexicon)", &r);
        for (p, k) in &r.files {
            println!("    {k:8} {}", p.display());
        }
    }
}
