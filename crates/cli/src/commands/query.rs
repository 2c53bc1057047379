//! The read commands: `sitrep events`, `claims`, `entities`, `search`, `show`,
//! `timeline` and `stories`. Each prints `--format table|json|jsonl|csv` on stdout,
//! pages with `--limit`/`--after`, and exits 1 when nothing matches.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Result;
use sitrep_store::*;

use super::rows::{self, found, hint_next, open_read, print_page, print_rows, OutFormat, PageArgs, Row, StoreArgs};

/// The event filters (also used by `timeline` and `export`).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct EventFilterArgs {
    /// Source or target actor: a code (`PRK` matches PRK, PRKMIL, PRKGOV...) or part of a name.
    #[arg(long, value_name = "ACTOR")]
    pub actor: Option<String>,
    /// Source actor (code or name).
    #[arg(long, value_name = "ACTOR")]
    pub source_actor: Option<String>,
    /// Target actor (code or name).
    #[arg(long, value_name = "ACTOR")]
    pub target_actor: Option<String>,
    /// PLOVER event type (MOBILIZE, ASSAULT...).
    #[arg(long = "type", value_name = "PLOVER")]
    pub plover: Option<String>,
    /// CAMEO code or prefix (`19` matches 190-196).
    #[arg(long, value_name = "CODE")]
    pub cameo: Option<String>,
    /// asserted, possible, planned or negated.
    #[arg(long, value_name = "F")]
    pub factuality: Option<String>,
    /// Country (ISO alpha-3) of an actor or of the place.
    #[arg(long, value_name = "ISO3")]
    pub country: Option<String>,
    /// Place name (prefix, case-insensitive) or gazetteer id (`geonames:538560`).
    #[arg(long, value_name = "PLACE")]
    pub place: Option<String>,
    /// From this day on (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Up to this day (inclusive).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Reported by at least this many distinct sources.
    #[arg(long, value_name = "N")]
    pub min_sources: Option<i64>,
}

impl EventFilterArgs {
    pub fn filter(&self) -> EventFilter {
        EventFilter {
            actor: self.actor.clone(),
            source_actor: self.source_actor.clone(),
            target_actor: self.target_actor.clone(),
            plover: self.plover.clone(),
            cameo: self.cameo.clone(),
            factuality: self.factuality.clone(),
            country: self.country.clone(),
            place: self.place.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            min_sources: self.min_sources,
            sort: EventSort::Date,
            ascending: false,
        }
    }
}

#[derive(clap::Args)]
pub struct EventsArgs {
    #[command(flatten)]
    store: StoreArgs,
    #[command(flatten)]
    filter: EventFilterArgs,
    #[command(flatten)]
    page: PageArgs,
    /// Sort by date, sources, documents, mentions, type, cameo, source, target, factuality
    /// or place; largest (newest) first.
    #[arg(long, value_name = "COLUMN", default_value = "date", value_parser = parse_sort)]
    sort: EventSort,
    /// Smallest (oldest) first.
    #[arg(long)]
    ascending: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: OutFormat,
}

fn parse_sort(s: &str) -> Result<EventSort, String> {
    EventSort::from_name(s).ok_or_else(|| format!("expected one of {}", EventSort::names()))
}

fn actor_label(a: &Option<ActorInfo>) -> String {
    match a {
        Some(a) if !a.code.is_empty() => a.code.clone(),
        Some(a) => a.name.clone(),
        None => String::new(),
    }
}

/// Events print as the CSV export's columns (table: a readable subset).
#[derive(serde::Serialize)]
#[serde(transparent)]
struct EventRow(EventRecord);

impl Row for EventRow {
    fn header() -> Vec<&'static str> {
        vec![
            "ID",
            "DATE",
            "TYPE",
            "CAMEO",
            "SOURCE",
            "TARGET",
            "FACTUALITY",
            "PLACE",
            "MENTIONS",
            "DOCS",
            "SOURCES",
            "SENTENCE",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let e = &self.0;
        vec![
            e.id.to_string(),
            e.date.clone().unwrap_or_default(),
            e.plover.clone(),
            e.cameo.clone(),
            actor_label(&e.source),
            actor_label(&e.target),
            e.factuality.clone(),
            e.place.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
            e.mentions.to_string(),
            e.documents.to_string(),
            e.sources.to_string(),
            e.sentence.clone(),
        ]
    }
    fn max_width(c: usize) -> usize {
        if c == 11 {
            80
        } else {
            24
        }
    }
}

pub fn events(args: EventsArgs, quiet: bool) -> Result<ExitCode> {
    let store = open_read(&args.store.db)?;
    let filter = EventFilter { sort: args.sort, ascending: args.ascending, ..args.filter.filter() };
    let page = store.events(&filter, &args.page.page())?;
    let n = if args.format == OutFormat::Csv {
        // The same columns as `sitrep export --format csv`.
        let mut out = BufWriter::new(io::stdout().lock());
        writeln!(out, "{}", sitrep_export::CSV_COLUMNS.join(","))?;
        for e in &page.rows {
            let cells: Vec<String> = sitrep_export::csv_cells(e).iter().map(|c| sitrep_export::csv_field(c)).collect();
            writeln!(out, "{}", cells.join(","))?;
        }
        out.flush()?;
        page.rows.len()
    } else {
        let rows: Vec<EventRow> = page.rows.into_iter().map(EventRow).collect();
        print_rows(&rows, args.format)?
    };
    hint_next(&page.next, quiet);
    Ok(found(n))
}

#[derive(clap::Args)]
pub struct ClaimsArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// Part of the speaker's name, or the speaker's code.
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,
    /// neutral, doubted, false or denied.
    #[arg(long, value_name = "STANCE")]
    stance: Option<String>,
    /// Words the claim's content must contain.
    #[arg(long, value_name = "WORDS")]
    about: Option<String>,
    #[command(flatten)]
    page: PageArgs,
    #[arg(long, value_enum, default_value = "table")]
    format: OutFormat,
}

#[derive(serde::Serialize)]
#[serde(transparent)]
struct ClaimRow(ClaimRecord);

impl Row for ClaimRow {
    fn header() -> Vec<&'static str> {
        vec!["ID", "FIRST_SEEN", "SPEAKER", "STANCE", "MENTIONS", "DOCS", "SOURCES", "CONTENT", "DOC"]
    }
    fn cells(&self) -> Vec<String> {
        let c = &self.0;
        vec![
            c.id.to_string(),
            c.first_seen.clone().unwrap_or_default(),
            c.speaker.clone().unwrap_or_else(|| "(unattributed)".into()),
            c.stance.clone(),
            c.mentions.to_string(),
            c.documents.to_string(),
            c.sources.to_string(),
            c.content.clone(),
            c.doc_id.clone(),
        ]
    }
    fn max_width(c: usize) -> usize {
        match c {
            7 => 80,
            8 => 16,
            _ => 28,
        }
    }
}

pub fn claims(args: ClaimsArgs, quiet: bool) -> Result<ExitCode> {
    let store = open_read(&args.store.db)?;
    let filter = ClaimFilter { speaker: args.speaker, stance: args.stance, about: args.about };
    let page = store.claims(&filter, &args.page.page())?;
    print_page(page, ClaimRow, args.format, quiet)
}

#[derive(clap::Args)]
pub struct EntitiesArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// country, person, organization, place or group.
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,
    /// Part of the name.
    #[arg(long, value_name = "TEXT")]
    name: Option<String>,
    /// Actor code or prefix.
    #[arg(long, value_name = "CODE")]
    code: Option<String>,
    /// Country (ISO alpha-3).
    #[arg(long, value_name = "ISO3")]
    country: Option<String>,
    /// Named in at least this many documents.
    #[arg(long, value_name = "N")]
    min_docs: Option<i64>,
    #[command(flatten)]
    page: PageArgs,
    #[arg(long, value_enum, default_value = "table")]
    format: OutFormat,
}

#[derive(serde::Serialize)]
#[serde(transparent)]
struct EntityRow(EntityRecord);

impl Row for EntityRow {
    fn header() -> Vec<&'static str> {
        vec!["ID", "KIND", "CODE", "COUNTRY", "NAME", "DOCS", "MENTIONS", "FIRST_SEEN", "LAST_SEEN", "KEY"]
    }
    fn cells(&self) -> Vec<String> {
        let e = &self.0;
        vec![
            e.id.to_string(),
            e.kind.clone(),
            e.code.clone().unwrap_or_default(),
            e.country.clone().unwrap_or_default(),
            e.name.clone(),
            e.documents.to_string(),
            e.mentions.to_string(),
            e.first_seen.clone().unwrap_or_default(),
            e.last_seen.clone().unwrap_or_default(),
            e.key.clone(),
        ]
    }
}

pub fn entities(args: EntitiesArgs, quiet: bool) -> Result<ExitCode> {
    let store = open_read(&args.store.db)?;
    let filter = EntityFilter {
        kind: args.kind,
        name: args.name,
        code: args.code,
        country: args.country,
        min_documents: args.min_docs,
    };
    let page = store.entities(&filter, &args.page.page())?;
    print_page(page, EntityRow, args.format, quiet)
}

#[derive(clap::Args)]
pub struct SearchArgs {
    /// Words to find (all required), `"a phrase"`, or SQLite FTS5 syntax (OR, NOT, prefix*).
    #[arg(value_name = "TEXT")]
    query: String,
    #[command(flatten)]
    store: StoreArgs,
    #[command(flatten)]
    page: PageArgs,
    #[arg(long, value_enum, default_value = "table")]
    format: OutFormat,
}

#[derive(serde::Serialize)]
#[serde(transparent)]
struct HitRow(SearchHit);

impl Row for HitRow {
    fn header() -> Vec<&'static str> {
        vec!["DOC", "PUBLISHED", "SOURCE", "TITLE", "SNIPPET"]
    }
    fn cells(&self) -> Vec<String> {
        let h = &self.0;
        vec![
            h.doc_id.clone(),
            h.published.clone().unwrap_or_default(),
            h.source.clone().unwrap_or_default(),
            h.title.clone().unwrap_or_default(),
            h.snippet.clone(),
        ]
    }
    fn max_width(c: usize) -> usize {
        match c {
            0 => 16,
            4 => 120,
            _ => 32,
        }
    }
}

pub fn search(args: SearchArgs, quiet: bool) -> Result<ExitCode> {
    let store = open_read(&args.store.db)?;
    let page = store.search(&args.query, &args.page.page())?;
    print_page(page, HitRow, args.format, quiet)
}

#[derive(clap::Args)]
pub struct ShowArgs {
    /// Document id, URL, or the first characters of its id.
    #[arg(value_name = "DOC")]
    doc: String,
    #[command(flatten)]
    store: StoreArgs,
    /// `json`/`jsonl`: the record as `sitrep extract` writes it; `table`: a summary;
    /// `csv`: one row per entity mention, quantity, time, place, event and claim.
    #[arg(long, value_enum, default_value = "json")]
    format: OutFormat,
}

#[derive(serde::Serialize)]
struct ItemRow {
    kind: &'static str,
    text: String,
    start: usize,
    end: usize,
    sentence: usize,
    detail: String,
}

impl Row for ItemRow {
    fn header() -> Vec<&'static str> {
        vec!["KIND", "TEXT", "START", "END", "SENTENCE", "DETAIL"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.kind.into(),
            self.text.clone(),
            self.start.to_string(),
            self.end.to_string(),
            self.sentence.to_string(),
            self.detail.clone(),
        ]
    }
}

fn items(r: &sitrep_model::Extraction) -> Vec<ItemRow> {
    let mut out = Vec::new();
    for e in &r.entities {
        for m in &e.mentions {
            out.push(ItemRow {
                kind: "entity",
                text: m.text.clone(),
                start: m.start,
                end: m.end,
                sentence: m.sentence,
                detail: format!("{} {} {}", e.kind.as_str(), e.code.as_deref().unwrap_or("-"), e.name),
            });
        }
    }
    for q in &r.quantities {
        out.push(ItemRow {
            kind: "quantity",
            text: q.text.clone(),
            start: q.start,
            end: q.end,
            sentence: q.sentence,
            detail: format!("{} {}", sitrep_store::disputes::format_number(q.value), q.unit.as_deref().unwrap_or("")),
        });
    }
    for t in &r.times {
        out.push(ItemRow {
            kind: "time",
            text: t.text.clone(),
            start: t.start,
            end: t.end,
            sentence: t.sentence,
            detail: t.value.clone(),
        });
    }
    for p in &r.places {
        out.push(ItemRow {
            kind: "place",
            text: p.text.clone(),
            start: p.start,
            end: p.end,
            sentence: p.sentence,
            detail: format!("{} {} {:.4},{:.4}", p.name, p.country.as_deref().unwrap_or("-"), p.lat, p.lon),
        });
    }
    for e in &r.events {
        out.push(ItemRow {
            kind: "event",
            text: e.trigger.text.clone(),
            start: e.trigger.start,
            end: e.trigger.end,
            sentence: e.sentence,
            detail: format!(
                "{} {} {} -> {} ({})",
                e.plover,
                e.cameo,
                e.source.as_ref().and_then(|a| a.code.clone()).unwrap_or_default(),
                e.target.as_ref().and_then(|a| a.code.clone()).unwrap_or_default(),
                format!("{:?}", e.factuality).to_lowercase()
            ),
        });
    }
    for c in &r.claims {
        out.push(ItemRow {
            kind: "claim",
            text: c.content.text.clone(),
            start: c.content.start,
            end: c.content.end,
            sentence: c.sentence,
            detail: format!(
                "{}: {}",
                c.speaker
                    .as_ref()
                    .map(|s| s.name.clone().unwrap_or_else(|| s.text.clone()))
                    .unwrap_or_else(|| "(unattributed)".into()),
                format!("{:?}", c.stance).to_lowercase()
            ),
        });
    }
    out.sort_by_key(|i| (i.start, i.end));
    out
}

pub fn show(args: ShowArgs) -> Result<ExitCode> {
    let store = open_read(&args.store.db)?;
    let Some(doc) = store.document(&args.doc)? else {
        eprintln!("sitrep: no document {} in {}", args.doc, args.store.db.display());
        return Ok(ExitCode::from(1));
    };
    let mut out = BufWriter::new(io::stdout().lock());
    match args.format {
        OutFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &doc.record)?;
            writeln!(out)?;
        }
        OutFormat::Jsonl => {
            serde_json::to_writer(&mut out, &doc.record)?;
            writeln!(out)?;
        }
        OutFormat::Csv => rows::write_rows(&mut out, &items(&doc.record), OutFormat::Csv)?,
        OutFormat::Table => {
            let i = &doc.info;
            let r = &doc.record;
            writeln!(out, "document   {}", i.doc_id)?;
            for (label, v) in [("title", &i.title), ("url", &i.url), ("source", &i.source), ("published", &i.published)]
            {
                if let Some(v) = v {
                    writeln!(out, "{label:<10} {v}")?;
                }
            }
            writeln!(out, "language   {}", i.lang)?;
            writeln!(out, "stored     {}", i.added)?;
            if let Some(s) = i.story {
                writeln!(
                    out,
                    "story      {s} ({} other documents{})",
                    doc.story_documents.len(),
                    if doc.story_documents.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", doc.story_documents.iter().take(5).cloned().collect::<Vec<_>>().join(", "))
                    }
                )?;
            }
            writeln!(
                out,
                "found      {} sentences, {} entities, {} events, {} claims, {} quantities, {} times, {} places",
                r.sentences.len(),
                r.entities.len(),
                r.events.len(),
                r.claims.len(),
                r.quantities.len(),
                r.times.len(),
                r.places.len()
            )?;
            writeln!(out)?;
            rows::write_rows(&mut out, &items(r), OutFormat::Table)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    store: StoreArgs,
    #[command(flatten)]
    filter: EventFilterArgs,
    #[command(flatten)]
    page: PageArgs,
    #[arg(long, value_enum, default_value = "table")]
    format: OutFormat,
}

#[derive(serde::Serialize)]
#[serde(transparent)]
struct TimelineRow(TimelineEntry);

impl Row for TimelineRow {
    fn header() -> Vec<&'static str> {
        vec!["DATE", "KIND", "WHAT", "WHO", "PLACE", "MENTIONS", "SOURCES", "TEXT", "ID"]
    }
    fn cells(&self) -> Vec<String> {
        let t = &self.0;
        vec![
            t.date.clone().unwrap_or_default(),
            t.kind.clone(),
            t.what.clone(),
            t.who.clone(),
            t.place.clone().unwrap_or_default(),
            t.mentions.to_string(),
            t.sources.to_string(),
            t.text.clone(),
            t.id.to_string(),
        ]
    }
    fn max_width(c: usize) -> usize {
        if c == 7 {
            80
        } else {
            28
        }
    }
}

pub fn timeline(args: TimelineArgs, quiet: bool) -> Result<ExitCode> {
    let f = &args.filter;
    if f.actor.is_none() && f.source_actor.is_none() && f.target_actor.is_none() && f.country.is_none() {
        anyhow::bail!("timeline: give --actor (or --source-actor, --target-actor, --country)");
    }
    let store = open_read(&args.store.db)?;
    let page = store.timeline(&f.filter(), &args.page.page())?;
    print_page(page, TimelineRow, args.format, quiet)
}

#[derive(clap::Args)]
pub struct StoriesArgs {
    #[command(flatten)]
    store: StoreArgs,
    #[command(flatten)]
    page: PageArgs,
    #[arg(long, value_enum, default_value = "table")]
    format: OutFormat,
}

#[derive(serde::Serialize)]
#[serde(transparent)]
struct StoryRow(StoryRecord);

impl Row for StoryRow {
    fn header() -> Vec<&'static str> {
        vec!["ID", "DOCS", "FIRST_SEEN", "LAST_SEEN", "TITLE"]
    }
    fn cells(&self) -> Vec<String> {
        let s = &self.0;
        vec![
            s.id.to_string(),
            s.documents.to_string(),
            s.first_seen.clone().unwrap_or_default(),
            s.last_seen.clone().unwrap_or_default(),
            s.title.clone().unwrap_or_default(),
        ]
    }
    fn max_width(_: usize) -> usize {
        80
    }
}

pub fn stories(args: StoriesArgs, quiet: bool) -> Result<ExitCode> {
    let store = open_read(&args.store.db)?;
    let page = store.stories(&args.page.page())?;
    print_page(page, StoryRow, args.format, quiet)
}
