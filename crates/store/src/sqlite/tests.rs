use std::path::PathBuf;

use sitrep_model::*;

use super::*;
use crate::records::*;

fn temp_store() -> (tempfile::TempDir, PathBuf, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sitrep.db");
    let store = SqliteStore::open(&path, OpenMode::Create).unwrap();
    (dir, path, store)
}

fn actor(code: &str) -> ActorRef {
    ActorRef { text: code.into(), entity: Some(code.into()), code: Some(code.into()), country: Some(code[..3].into()) }
}

fn entity(code: &str, kind: EntityKind, text: &str, start: usize) -> Entity {
    Entity {
        id: code.into(),
        name: text.into(),
        kind,
        code: Some(code.into()),
        country: Some(code[..3].into()),
        roles: vec![],
        mentions: vec![Mention { text: text.into(), start, end: start + text.len(), sentence: 0 }],
    }
}

/// A one-sentence record "<src> sent troops to <tgt>." with one event.
fn event_doc(id: &str, source: &str, published: &str, src: &str, tgt: &str, factuality: Factuality) -> Extraction {
    let text = format!("{src} sent troops to {tgt} on {published} ({id}).");
    let trigger_start = src.len() + 1;
    Extraction {
        id: id.into(),
        title: Some(format!("Report {id}")),
        url: Some(format!("https://{}/{id}", source.to_lowercase().replace(' ', ""))),
        source: Some(source.into()),
        published: Some(published.into()),
        lang: "en".into(),
        sentences: vec![Sentence { text: text.clone(), start: 0, end: text.len() }],
        entities: vec![entity(src, EntityKind::Country, src, 0), entity(tgt, EntityKind::Country, tgt, src.len() + 15)],
        events: vec![Event {
            sentence: 0,
            trigger: Span::of(&text, trigger_start, trigger_start + 4),
            plover: "MOBILIZE".into(),
            cameo: "152".into(),
            source: Some(actor(src)),
            target: Some(actor(tgt)),
            factuality,
            claim: None,
            place: None,
            time: None,
            quantities: vec![],
        }],
        text,
        ..Extraction::default()
    }
}

fn page(limit: usize) -> Page {
    Page { limit, after: None }
}

#[test]
fn a_new_store_is_created_marked_and_reopened() {
    let (_dir, path, store) = temp_store();
    assert_eq!(store.stats().unwrap().documents, 0);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    let version: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!((app, version, mode.as_str()), (crate::schema::APPLICATION_ID, crate::schema::LATEST, "wal"));
    drop(conn);
    SqliteStore::open(&path, OpenMode::Read).unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("creating"))
        .collect();
    assert!(leftovers.is_empty(), "temporary creation files left behind");
}

#[test]
fn foreign_empty_and_damaged_files_are_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let check = |name: &str, bytes: &[u8], expect: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        for mode in [OpenMode::Create, OpenMode::Read] {
            let err = SqliteStore::open(&path, mode).err().expect("refused").to_string();
            assert!(err.contains(expect), "{name}: {err}");
            assert!(!err.contains('\n'), "one line: {err}");
        }
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} was modified");
    };
    check("notes.txt", b"just some text\n", "not a SQLite database");
    check("empty.db", b"", "the file is empty");
    let mut fake = b"SQLite format 3\0".to_vec();
    fake.extend(std::iter::repeat_n(0xAB, 2000));
    check("damaged.db", &fake, "not a sitrep store");

    let other = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
    }
    let before = std::fs::read(&other).unwrap();
    let err = SqliteStore::open(&other, OpenMode::Create).err().unwrap().to_string();
    assert!(err.contains("another application"), "{err}");
    assert_eq!(std::fs::read(&other).unwrap(), before);

    let newer = dir.path().join("newer.db");
    drop(SqliteStore::open(&newer, OpenMode::Create).unwrap());
    {
        let c = rusqlite::Connection::open(&newer).unwrap();
        c.execute_batch("PRAGMA user_version = 99;").unwrap();
    }
    let err = SqliteStore::open(&newer, OpenMode::Read).err().unwrap().to_string();
    assert!(err.contains("newer than this sitrep knows"), "{err}");

    let missing = dir.path().join("missing.db");
    let err = SqliteStore::open(&missing, OpenMode::Read).err().unwrap().to_string();
    assert!(err.contains("no sitrep store here"), "{err}");
    assert!(!missing.exists());
}

#[test]
fn the_same_text_or_url_is_the_same_document() {
    let (_dir, _path, mut store) = temp_store();
    let a = event_doc("a", "Wire", "2024-10-22", "PRK", "RUS", Factuality::Asserted);
    assert!(store.add_batch(std::slice::from_ref(&a)).unwrap()[0].is_added());
    let again = store.add_batch(std::slice::from_ref(&a)).unwrap();
    assert_eq!(again[0], AddStatus::Duplicate { id: "a".into(), existing: "a".into() });

    // Same URL, edited text: reported, not merged, not stored twice.
    let mut edited = a.clone();
    edited.id = "a2".into();
    edited.text.push_str(" Updated.");
    let st = store.add_batch(&[edited]).unwrap();
    assert_eq!(st[0], AddStatus::Changed { id: "a2".into(), existing: "a".into(), key: "url" });

    // Same caller id, other text and URL.
    let mut reused = event_doc("a", "Other", "2024-10-23", "USA", "CHN", Factuality::Asserted);
    reused.url = None;
    let st = store.add_batch(&[reused]).unwrap();
    assert_eq!(st[0], AddStatus::Changed { id: "a".into(), existing: "a".into(), key: "id" });

    // The same text with a tracking parameter in the URL.
    let mut tracked = a.clone();
    tracked.url = Some("https://WIRE/a?utm_source=rss".into());
    assert!(matches!(store.add_batch(&[tracked]).unwrap()[0], AddStatus::Duplicate { .. }));

    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.events, stats.event_mentions), (1, 1, 1));
    assert_eq!(store.verify().unwrap(), Vec::<String>::new());
    assert_eq!(store.known("x", Some("https://wire/a/"), "nohash").unwrap().map(|s| s.is_added()), Some(false));
    assert_eq!(store.known("x", None, "nohash").unwrap(), None);
}

#[test]
fn event_mentions_merge_across_documents_within_the_window() {
    let (_dir, _path, mut store) = temp_store();
    let docs = vec![
        event_doc("a", "Wire", "2024-10-22", "PRK", "RUS", Factuality::Asserted),
        event_doc("b", "Agency", "2024-10-24", "PRK", "RUS", Factuality::Asserted),
        event_doc("c", "Agency", "2024-10-25", "PRK", "RUS", Factuality::Possible),
        // Outside the 3-day window of the merged range.
        event_doc("d", "Wire", "2024-11-20", "PRK", "RUS", Factuality::Asserted),
        // Other actors.
        event_doc("e", "Wire", "2024-10-22", "RUS", "UKR", Factuality::Asserted),
    ];
    let st = store.add_batch(&docs).unwrap();
    assert!(st.iter().all(AddStatus::is_added));
    let all = store.events(&EventFilter::default(), &page(10)).unwrap().rows;
    assert_eq!(all.len(), 3, "{all:#?}");
    let merged = all.iter().find(|e| e.mentions == 3).expect("merged event");
    assert_eq!((merged.documents, merged.sources), (3, 2));
    assert_eq!(merged.date.as_deref(), Some("2024-10-22"));
    assert_eq!(merged.date_last.as_deref(), Some("2024-10-25"));
    assert_eq!(merged.first_seen.as_deref(), Some("2024-10-22"));
    assert_eq!(merged.last_seen.as_deref(), Some("2024-10-25"));
    assert_eq!(merged.factuality, "asserted");
    assert_eq!(merged.source.as_ref().unwrap().code, "PRK");
    assert_eq!(merged.doc_id, "a");
    assert_eq!(merged.sentence, docs[0].text);

    let f =
        |filter: EventFilter| store.events(&filter, &page(10)).unwrap().rows.iter().map(|e| e.id).collect::<Vec<_>>();
    assert_eq!(f(EventFilter { actor: Some("UKR".into()), ..Default::default() }).len(), 1);
    assert_eq!(f(EventFilter { actor: Some("PRK".into()), ..Default::default() }).len(), 2);
    assert_eq!(f(EventFilter { source_actor: Some("RUS".into()), ..Default::default() }).len(), 1);
    assert_eq!(f(EventFilter { target_actor: Some("RUS".into()), ..Default::default() }).len(), 2);
    assert_eq!(f(EventFilter { min_sources: Some(2), ..Default::default() }), vec![merged.id]);
    assert_eq!(f(EventFilter { since: Some("2024-11".into()), ..Default::default() }).len(), 1);
    assert_eq!(f(EventFilter { until: Some("2024-10".into()), ..Default::default() }).len(), 2);
    assert_eq!(f(EventFilter { plover: Some("mobilize".into()), ..Default::default() }).len(), 3);
    assert_eq!(f(EventFilter { plover: Some("ASSAULT".into()), ..Default::default() }).len(), 0);
    assert_eq!(f(EventFilter { cameo: Some("15".into()), ..Default::default() }).len(), 3);
    assert_eq!(f(EventFilter { cameo: Some("19".into()), ..Default::default() }).len(), 0);
    assert_eq!(f(EventFilter { country: Some("ukr".into()), ..Default::default() }).len(), 1);
    assert_eq!(f(EventFilter { factuality: Some("possible".into()), ..Default::default() }).len(), 0);
    assert!(store.events(&EventFilter { factuality: Some("maybe".into()), ..Default::default() }, &page(1)).is_err());
    assert!(store.events(&EventFilter { since: Some("soon".into()), ..Default::default() }, &page(1)).is_err());

    // Keyset pagination walks every event once, newest first.
    let mut seen = vec![];
    let mut after = None;
    loop {
        let p = store.events(&EventFilter::default(), &Page { limit: 1, after: after.clone() }).unwrap();
        seen.extend(p.rows.iter().map(|e| e.date.clone()));
        match p.next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    assert_eq!(seen.len(), 3);
    assert!(seen.windows(2).all(|w| w[0] >= w[1]), "{seen:?}");
}

/// Every event of `filter`, fetched one per page, as (sort value, id) pairs.
fn walk_pages(store: &SqliteStore, filter: &EventFilter, value: impl Fn(&EventRecord) -> String) -> Vec<(String, i64)> {
    let mut seen = vec![];
    let mut after = None;
    loop {
        let p = store.events(filter, &Page { limit: 1, after: after.clone() }).unwrap();
        seen.extend(p.rows.iter().map(|e| (value(e), e.id)));
        match p.next {
            Some(n) => after = Some(n),
            None => return seen,
        }
    }
}

#[test]
fn sorted_event_pages_follow_the_column_across_pages() {
    let (_dir, _path, mut store) = temp_store();
    let docs = vec![
        // PRK -> RUS reported by three documents of two outlets.
        event_doc("a", "Wire", "2024-10-22", "PRK", "RUS", Factuality::Asserted),
        event_doc("b", "Agency", "2024-10-23", "PRK", "RUS", Factuality::Asserted),
        event_doc("c", "Agency", "2024-10-24", "PRK", "RUS", Factuality::Asserted),
        event_doc("d", "Wire", "2024-10-22", "RUS", "UKR", Factuality::Asserted),
        event_doc("e", "Wire", "2024-09-01", "BLR", "RUS", Factuality::Possible),
        event_doc("f", "Daily", "2024-09-02", "BLR", "RUS", Factuality::Possible),
    ];
    store.add_batch(&docs).unwrap();
    let by_sources = EventFilter { sort: EventSort::Sources, ..Default::default() };
    let seen = walk_pages(&store, &by_sources, |e| e.sources.to_string());
    assert_eq!(seen.len(), 3, "{seen:?}");
    let counts: Vec<&str> = seen.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(counts, ["2", "2", "1"]);
    // Ties go by id, largest first, so the two events with 2 outlets come in id order.
    assert!(seen[0].1 > seen[1].1);

    let ascending = EventFilter { sort: EventSort::Mentions, ascending: true, ..Default::default() };
    let mentions: Vec<String> =
        walk_pages(&store, &ascending, |e| e.mentions.to_string()).into_iter().map(|p| p.0).collect();
    assert_eq!(mentions, ["1", "2", "3"]);

    // A text column, and an actor filter that reads several keys (a DISTINCT query).
    let by_source =
        EventFilter { sort: EventSort::Source, ascending: true, actor: Some("RUS".into()), ..Default::default() };
    let names: Vec<String> =
        walk_pages(&store, &by_source, |e| e.source.as_ref().unwrap().name.clone()).into_iter().map(|p| p.0).collect();
    assert_eq!(names, ["BLR", "PRK", "RUS"]);

    // A cursor of a numeric sort must hold a number.
    let bad = store.events(&by_sources, &Page { limit: 1, after: Some("many~3".into()) });
    assert!(matches!(bad, Err(StoreError::BadQuery(_))));
}

#[test]
fn events_keep_apart_at_different_places_and_join_an_unknown_place() {
    let (_dir, _path, mut store) = temp_store();
    let place = |name: &str, gid: &str| Place {
        sentence: 0,
        text: name.into(),
        start: 0,
        end: 3,
        name: name.into(),
        country: Some("RUS".into()),
        lat: 51.7,
        lon: 36.2,
        gazetteer_id: Some(gid.into()),
    };
    let mut a = event_doc("a", "Wire", "2024-10-22", "PRK", "RUS", Factuality::Asserted);
    a.places.push(place("Kursk Oblast", "geonames:538560"));
    a.events[0].place = Some(0);
    let mut b = event_doc("b", "Agency", "2024-10-22", "PRK", "RUS", Factuality::Asserted);
    b.places.push(place("Belgorod", "geonames:578072"));
    b.events[0].place = Some(0);
    let c = event_doc("c", "Paper", "2024-10-23", "PRK", "RUS", Factuality::Asserted);
    store.add_batch(&[a, b, c]).unwrap();
    let all = store.events(&EventFilter::default(), &page(10)).unwrap().rows;
    assert_eq!(all.len(), 2);
    let kursk =
        store.events(&EventFilter { place: Some("kursk".into()), ..Default::default() }, &page(10)).unwrap().rows;
    assert_eq!(kursk.len(), 1);
    assert_eq!(kursk[0].mentions, 2, "the mention without a place joins the first place's event");
    assert_eq!(kursk[0].place.as_ref().unwrap().gazetteer_id.as_deref(), Some("geonames:538560"));
    let by_id =
        store.events(&EventFilter { place: Some("geonames:578072".into()), ..Default::default() }, &page(10)).unwrap();
    assert_eq!(by_id.rows.len(), 1);
}

#[test]
fn asserted_and_negated_mentions_make_an_event_dispute() {
    let (_dir, _path, mut store) = temp_store();
    store
        .add_batch(&[
            event_doc("a", "Wire", "2024-10-22", "PRK", "RUS", Factuality::Asserted),
            event_doc("b", "Kremlin paper", "2024-10-23", "PRK", "RUS", Factuality::Negated),
        ])
        .unwrap();
    let disputes = store.disputes(&DisputeOptions::default()).unwrap();
    let d = disputes.iter().find(|d| d.kind == DisputeKind::Event).expect("event dispute");
    let sides: Vec<(&str, Option<&str>)> = d.sides.iter().map(|s| (s.value.as_str(), s.source.as_deref())).collect();
    assert_eq!(sides, [("asserted", Some("Wire")), ("negated", Some("Kremlin paper"))]);
    assert_eq!(d.subject, "PRK MOBILIZE RUS");
}

fn claim_doc(id: &str, source: &str, speaker: &str, content: &str, stance: Stance) -> Extraction {
    let text = format!("{speaker} said that {content}.");
    let cue = speaker.len() + 1;
    let c0 = cue + 10;
    Extraction {
        id: id.into(),
        source: Some(source.into()),
        published: Some("2024-10-22".into()),
        lang: "en".into(),
        sentences: vec![Sentence { text: text.clone(), start: 0, end: text.len() }],
        entities: vec![Entity {
            id: "dmitry-peskov".into(),
            name: speaker.into(),
            kind: EntityKind::Person,
            code: Some("RUSGOV".into()),
            country: Some("RUS".into()),
            roles: vec![],
            mentions: vec![Mention { text: speaker.into(), start: 0, end: speaker.len(), sentence: 0 }],
        }],
        claims: vec![Claim {
            sentence: 0,
            speaker: Some(Speaker {
                text: speaker.into(),
                entity: Some("dmitry-peskov".into()),
                name: Some(speaker.into()),
            }),
            cue: Span::of(&text, cue, cue + 4),
            content: Span::of(&text, c0, c0 + content.len()),
            direct: false,
            stance,
        }],
        text,
        ..Extraction::default()
    }
}

#[test]
fn claims_merge_by_speaker_and_content_and_false_ones_are_disputes() {
    let (_dir, _path, mut store) = temp_store();
    store
        .add_batch(&[
            claim_doc(
                "a",
                "Wire",
                "Dmitry Peskov",
                "the cooperation should not cause concern to other states",
                Stance::Neutral,
            ),
            claim_doc(
                "b",
                "Paper",
                "Dmitry Peskov",
                "cooperation should not cause concern to other states",
                Stance::Doubted,
            ),
            claim_doc("c", "Paper", "Dmitry Peskov", "the troops are on a training exercise", Stance::False),
        ])
        .unwrap();
    let claims = store.claims(&ClaimFilter::default(), &page(10)).unwrap().rows;
    assert_eq!(claims.len(), 2, "{claims:#?}");
    let merged = claims.iter().find(|c| c.mentions == 2).unwrap();
    assert_eq!((merged.documents, merged.sources, merged.speaker_code.as_deref()), (2, 2, Some("RUSGOV")));
    let q = |f: ClaimFilter| store.claims(&f, &page(10)).unwrap().rows.len();
    assert_eq!(q(ClaimFilter { speaker: Some("peskov".into()), ..Default::default() }), 2);
    assert_eq!(q(ClaimFilter { speaker: Some("RUSGOV".into()), ..Default::default() }), 2);
    assert_eq!(q(ClaimFilter { stance: Some("false".into()), ..Default::default() }), 1);
    assert_eq!(q(ClaimFilter { about: Some("training exercise".into()), ..Default::default() }), 1);
    assert_eq!(q(ClaimFilter { speaker: Some("Budanov".into()), ..Default::default() }), 0);

    let disputes = store.disputes(&DisputeOptions::default()).unwrap();
    let d = disputes.iter().find(|d| d.kind == DisputeKind::Claim).unwrap();
    assert_eq!(d.sides.len(), 2);
    assert_eq!(d.sides[1].value, "calls it false");
    assert_eq!(d.sides[1].speaker.as_deref(), Some("Paper"));
}

/// Seed-like sentences with quantities, entities and no claims.
fn troops_doc(
    id: &str,
    day: &str,
    text: &str,
    ents: &[(&str, EntityKind, &str)],
    q: (&str, f64, &str, Approx),
) -> Extraction {
    let mut entities = Vec::new();
    for (code, kind, t) in ents {
        let s = text.find(t).unwrap();
        let mut e = entity(code, *kind, t, s);
        if *kind == EntityKind::Person {
            e.id = t.to_lowercase().replace(' ', "-");
        }
        entities.push(e);
    }
    let s = text.find(q.0).unwrap();
    Extraction {
        id: id.into(),
        published: Some(day.into()),
        lang: "en".into(),
        text: text.into(),
        sentences: vec![Sentence { text: text.into(), start: 0, end: text.len() }],
        entities,
        quantities: vec![Quantity {
            sentence: 0,
            text: q.0.into(),
            start: s,
            end: s + q.0.len(),
            value: q.1,
            unit: Some(q.2.into()),
            approx: q.3,
        }],
        ..Extraction::default()
    }
}

#[test]
fn different_troop_numbers_are_a_quantity_dispute_with_every_value() {
    let (_dir, _path, mut store) = temp_store();
    store
        .add_batch(&[
            troops_doc(
                "seed",
                "2024-10-22",
                "Budanov said that close to 11,000 North Korean troops are in Russia.",
                &[
                    ("UKRSPY", EntityKind::Person, "Budanov"),
                    ("PRKMIL", EntityKind::Group, "North Korean troops"),
                    ("RUS", EntityKind::Country, "Russia"),
                ],
                ("close to 11,000 North Korean troops", 11000.0, "troop", Approx::About),
            ),
            troops_doc(
                "pentagon",
                "2024-10-23",
                "A Pentagon spokesperson said about 3,000 North Korean soldiers were in Russia.",
                &[
                    ("USAMIL", EntityKind::Group, "Pentagon spokesperson"),
                    ("PRKMIL", EntityKind::Group, "North Korean soldiers"),
                    ("RUS", EntityKind::Country, "Russia"),
                ],
                ("about 3,000 North Korean soldiers", 3000.0, "soldier", Approx::About),
            ),
            // Same owner but no location: a different measured thing.
            troops_doc(
                "army",
                "2024-10-23",
                "North Korea has 1,200,000 soldiers.",
                &[("PRK", EntityKind::Country, "North Korea")],
                ("1,200,000 soldiers", 1_200_000.0, "soldier", Approx::Exact),
            ),
        ])
        .unwrap();
    let disputes = store.disputes(&DisputeOptions::default()).unwrap();
    assert_eq!(disputes.len(), 1, "{disputes:#?}");
    let d = &disputes[0];
    assert_eq!(d.subject, "military personnel of PRK in RUS");
    let sides: Vec<(&str, Option<&str>, &str)> =
        d.sides.iter().map(|s| (s.value.as_str(), s.speaker.as_deref(), s.doc_id.as_str())).collect();
    assert_eq!(
        sides,
        [("about 11,000", Some("Budanov"), "seed"), ("about 3,000", Some("Pentagon spokesperson"), "pentagon")]
    );
    assert!(d.sides[0].sentence.starts_with("Budanov said"));
    let wide = DisputeOptions { tolerance: 5.0, ..Default::default() };
    assert!(store.disputes(&wide).unwrap().is_empty(), "within a 500% tolerance they agree");
}

#[test]
fn entities_merge_by_code_and_search_finds_snippets() {
    let (_dir, _path, mut store) = temp_store();
    store
        .add_batch(&[
            event_doc("a", "Wire", "2024-10-22", "PRK", "RUS", Factuality::Asserted),
            event_doc("b", "Agency", "2024-10-29", "PRK", "UKR", Factuality::Asserted),
        ])
        .unwrap();
    let ents = store.entities(&EntityFilter::default(), &page(10)).unwrap().rows;
    assert_eq!(ents[0].key, "country:PRK");
    assert_eq!((ents[0].documents, ents[0].mentions), (2, 2));
    assert_eq!(ents[0].first_seen.as_deref(), Some("2024-10-22"));
    assert_eq!(ents[0].last_seen.as_deref(), Some("2024-10-29"));
    assert_eq!(ents.len(), 3);
    let one = store.entities(&EntityFilter { code: Some("ukr".into()), ..Default::default() }, &page(10)).unwrap();
    assert_eq!(one.rows.len(), 1);
    let p1 = store.entities(&EntityFilter::default(), &page(2)).unwrap();
    let p2 = store.entities(&EntityFilter::default(), &Page { limit: 2, after: p1.next.clone() }).unwrap();
    assert_eq!((p1.rows.len(), p2.rows.len(), p2.next), (2, 1, None));

    let hits = store.search("troops UKR", &page(10)).unwrap().rows;
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].doc_id, "b");
    assert!(hits[0].snippet.contains("[troops]"), "{}", hits[0].snippet);
    assert_eq!(store.search("sent", &page(10)).unwrap().rows.len(), 2);
    assert_eq!(store.search("\"troops to RUS\"", &page(10)).unwrap().rows.len(), 1);
    assert!(store.search("AND (", &page(10)).unwrap().rows.is_empty(), "bad syntax falls back to words");
    let first = store.search("sent", &page(1)).unwrap();
    let second = store.search("sent", &Page { limit: 1, after: first.next.clone() }).unwrap();
    assert_ne!(first.rows[0].doc_id, second.rows[0].doc_id);
}

#[test]
fn a_stored_record_reads_back_whole() {
    let (_dir, _path, mut store) = temp_store();
    let mut a = claim_doc("a", "Wire", "Dmitry Peskov", "the troops are on an exercise", Stance::Neutral);
    a.url = Some("https://wire.example/a".into());
    a.title = Some("Kremlin comment".into());
    store.add_batch(std::slice::from_ref(&a)).unwrap();
    let d = store.document("a").unwrap().unwrap();
    assert_eq!(d.record, a);
    assert_eq!(store.document("https://wire.example/a/").unwrap().unwrap().info.doc_id, "a");
    assert!(store.document("nothing").unwrap().is_none());
}

#[test]
fn documents_about_the_same_news_share_a_story() {
    let (_dir, _path, mut store) = temp_store();
    let mk = |id: &str, day: &str, title: &str, text: &str| Extraction {
        id: id.into(),
        title: Some(title.into()),
        published: Some(day.into()),
        lang: "en".into(),
        text: text.into(),
        ..Extraction::default()
    };
    store
        .add_batch(&[
            mk(
                "a",
                "2024-10-22",
                "Ceasefire talks resume in Geneva",
                "Envoys met in Geneva. Envoys discussed prisoners and prisoners.",
            ),
            mk(
                "b",
                "2024-10-23",
                "Geneva ceasefire talks resume",
                "Envoys gathered in Geneva again. Envoys discussed prisoners.",
            ),
            mk("c", "2024-10-23", "Floods hit the Indus valley", "Monsoon floods displaced villagers. Floods rose."),
        ])
        .unwrap();
    let a = store.document("a").unwrap().unwrap();
    let c = store.document("c").unwrap().unwrap();
    assert_eq!(a.story_documents, ["b"]);
    assert!(c.story_documents.is_empty());
    let stories = store.stories(&page(10)).unwrap().rows;
    assert_eq!(stories.len(), 2);
    assert_eq!(stories[0].documents, 2);
}

#[test]
fn timelines_list_events_and_claims_in_date_order() {
    let (_dir, _path, mut store) = temp_store();
    let mut c =
        claim_doc("c", "Wire", "Dmitry Peskov", "the cooperation is not directed against anyone", Stance::Neutral);
    c.published = Some("2024-10-23".into());
    store
        .add_batch(&[
            event_doc("b", "Wire", "2024-11-20", "RUS", "UKR", Factuality::Asserted),
            event_doc("a", "Wire", "2024-10-22", "PRK", "RUS", Factuality::Asserted),
            c,
        ])
        .unwrap();
    let t = store.timeline(&EventFilter { actor: Some("RUS".into()), ..Default::default() }, &page(10)).unwrap();
    let kinds: Vec<(&str, Option<&str>)> = t.rows.iter().map(|e| (e.kind.as_str(), e.date.as_deref())).collect();
    assert_eq!(kinds, [("event", Some("2024-10-22")), ("claim", Some("2024-10-23")), ("event", Some("2024-11-20"))]);
    let p1 = store.timeline(&EventFilter { actor: Some("RUS".into()), ..Default::default() }, &page(2)).unwrap();
    let p2 = store
        .timeline(&EventFilter { actor: Some("RUS".into()), ..Default::default() }, &Page { limit: 2, after: p1.next })
        .unwrap();
    assert_eq!(p2.rows.len(), 1);
    assert_eq!(p2.rows[0].date.as_deref(), Some("2024-11-20"));
}

#[test]
fn readers_see_committed_batches_while_a_writer_holds_the_store() {
    let (_dir, path, mut store) = temp_store();
    store.add_batch(&[event_doc("a", "Wire", "2024-10-22", "PRK", "RUS", Factuality::Asserted)]).unwrap();
    let reader = SqliteStore::open(&path, OpenMode::Read).unwrap();
    assert_eq!(reader.stats().unwrap().documents, 1);
    store.add_batch(&[event_doc("b", "Wire", "2024-10-23", "USA", "CHN", Factuality::Asserted)]).unwrap();
    assert_eq!(reader.stats().unwrap().documents, 2);
    assert_eq!(reader.events(&EventFilter::default(), &page(10)).unwrap().rows.len(), 2);
}

#[test]
fn documents_list_latest_first_with_a_cursor() {
    let (_dir, _path, mut store) = temp_store();
    for (i, day) in ["2024-10-20", "2024-10-21", "2024-10-22"].iter().enumerate() {
        let doc = event_doc(&format!("d{i}"), "Wire", day, "PRK", "RUS", Factuality::Asserted);
        store.add_batch(&[doc]).unwrap();
    }
    let first = store.documents(&page(2)).unwrap();
    let ids: Vec<&str> = first.rows.iter().map(|d| d.doc_id.as_str()).collect();
    assert_eq!(ids, ["d2", "d1"]);
    let rest = store.documents(&Page { limit: 2, after: first.next.clone() }).unwrap();
    assert_eq!(rest.rows.iter().map(|d| d.doc_id.as_str()).collect::<Vec<_>>(), ["d0"]);
    assert!(rest.next.is_none());
    assert!(matches!(store.documents(&Page { limit: 2, after: Some("x".into()) }), Err(StoreError::BadQuery(_))));
}

#[test]
fn an_event_reads_back_with_every_report() {
    let (_dir, _path, mut store) = temp_store();
    let a = event_doc("a", "Wire", "2024-10-22", "PRK", "RUS", Factuality::Asserted);
    let b = event_doc("b", "Agency", "2024-10-23", "PRK", "RUS", Factuality::Negated);
    store.add_batch(&[a, b]).unwrap();
    let ev = &store.events(&EventFilter::default(), &page(10)).unwrap().rows[0];
    let detail = store.event(ev.id).unwrap().unwrap();
    assert_eq!(detail.event.id, ev.id);
    let docs: Vec<&str> = detail.mentions.iter().map(|m| m.doc_id.as_str()).collect();
    assert_eq!(docs, ["a", "b"]);
    assert_eq!(detail.mentions[1].factuality, "negated");
    assert_eq!(detail.mentions[0].trigger, "sent");
    assert!(detail.mentions[0].sentence.starts_with("PRK sent troops to RUS"), "{:?}", detail.mentions[0]);
    assert_eq!(detail.mentions[0].source.as_deref(), Some("Wire"));
    assert!(store.event(ev.id + 1000).unwrap().is_none());
}

#[test]
fn event_counts_group_by_day_week_and_month_and_count_undated_events() {
    let (_dir, _path, mut store) = temp_store();
    let mut docs = vec![
        // 2024-10-21 is a Monday; 2024-10-27 a Sunday; 2024-11-04 the next month's Monday.
        event_doc("a", "Wire", "2024-10-21", "PRK", "RUS", Factuality::Asserted),
        event_doc("b", "Wire", "2024-10-27", "USA", "UKR", Factuality::Asserted),
        event_doc("c", "Wire", "2024-11-04", "CHN", "TWN", Factuality::Asserted),
    ];
    let mut undated = event_doc("d", "Wire", "", "IRN", "ISR", Factuality::Asserted);
    undated.published = None;
    docs.push(undated);
    store.add_batch(&docs).unwrap();
    let counts = |by| {
        let c = store.event_counts(&EventFilter::default(), by).unwrap();
        (c.rows.iter().map(|r| (r.date.clone(), r.events)).collect::<Vec<_>>(), c.undated)
    };
    let s = |d: &str, n: i64| (d.to_string(), n);
    assert_eq!(counts(TimeBucket::Day), (vec![s("2024-10-21", 1), s("2024-10-27", 1), s("2024-11-04", 1)], 1));
    assert_eq!(counts(TimeBucket::Week), (vec![s("2024-10-21", 2), s("2024-11-04", 1)], 1));
    assert_eq!(counts(TimeBucket::Month), (vec![s("2024-10-01", 2), s("2024-11-01", 1)], 1));
    let prk = store.event_counts(&EventFilter { actor: Some("PRK".into()), ..Default::default() }, TimeBucket::Day);
    let prk = prk.unwrap();
    assert_eq!((prk.rows.len(), prk.rows[0].plover.as_str(), prk.undated), (1, "MOBILIZE", 0));
}

#[test]
fn actor_links_count_events_per_pair_and_type() {
    let (_dir, _path, mut store) = temp_store();
    store
        .add_batch(&[
            event_doc("a", "Wire", "2024-10-01", "PRK", "RUS", Factuality::Asserted),
            event_doc("b", "Wire", "2024-10-20", "PRK", "RUS", Factuality::Asserted),
            event_doc("c", "Wire", "2024-10-20", "USA", "UKR", Factuality::Asserted),
        ])
        .unwrap();
    let links = store.actor_links(&EventFilter::default()).unwrap();
    assert_eq!(links.len(), 2, "{links:?}");
    assert_eq!((links[0].source.code.as_str(), links[0].target.code.as_str(), links[0].events), ("PRK", "RUS", 2));
    assert_eq!(links[0].source.country.as_deref(), Some("PRK"));
    let since = EventFilter { since: Some("2024-10-10".into()), ..Default::default() };
    assert!(store.actor_links(&since).unwrap().iter().all(|l| l.events == 1));
}

#[test]
fn places_and_located_events_carry_coordinates() {
    let (_dir, _path, mut store) = temp_store();
    let place = Place {
        sentence: 0,
        text: "PRK".into(),
        start: 0,
        end: 3,
        name: "Kursk Oblast".into(),
        country: Some("RUS".into()),
        lat: 51.7,
        lon: 36.2,
        gazetteer_id: Some("geonames:538560".into()),
    };
    let mut a = event_doc("a", "Wire", "2024-10-22", "PRK", "RUS", Factuality::Asserted);
    a.places.push(place.clone());
    a.events[0].place = Some(0);
    let mut b = event_doc("b", "Wire", "2024-10-22", "USA", "UKR", Factuality::Asserted);
    b.places.push(place);
    let c = event_doc("c", "Wire", "2024-10-22", "CHN", "TWN", Factuality::Asserted);
    store.add_batch(&[a, b, c]).unwrap();
    let points = store.place_points(&EventFilter::default()).unwrap();
    assert_eq!(points.len(), 1);
    let p = &points[0];
    assert_eq!((p.key.as_str(), p.documents, p.mentions, p.events), ("geonames:538560", 2, 2, 1));
    assert!((p.lat - 51.7).abs() < 1e-9);
    assert!(store.place_points(&EventFilter { country: Some("UKR".into()), ..Default::default() }).unwrap().is_empty());
    let located = store.located_events(&EventFilter::default(), 0).unwrap();
    assert_eq!(located.len(), 1);
    assert_eq!(located[0].place.as_ref().unwrap().name, "Kursk Oblast");
    assert_eq!(store.located_events(&EventFilter::default(), 1).unwrap().len(), 1);
}

#[test]
fn statistics_taken_on_a_small_store_are_renewed_when_it_grows() {
    let (_dir, _path, mut store) = temp_store();
    store.add_batch(&[event_doc("d0", "Wire", "2024-10-01", "PRK", "RUS", Factuality::Asserted)]).unwrap();
    store.connection().execute_batch("ANALYZE;").unwrap();
    let rows = |store: &SqliteStore| -> i64 {
        let stat: String = store
            .connection()
            .query_row("SELECT stat FROM sqlite_stat1 WHERE tbl = 'documents' LIMIT 1", [], |r| r.get(0))
            .unwrap();
        stat.split_whitespace().next().unwrap().parse().unwrap()
    };
    assert_eq!(rows(&store), 1);
    let docs: Vec<_> = (1..=30)
        .map(|i| {
            event_doc(
                &format!("d{i}"),
                "Wire",
                &format!("2024-10-{:02}", i % 28 + 1),
                "USA",
                "UKR",
                Factuality::Asserted,
            )
        })
        .collect();
    store.add_batch(&docs).unwrap();
    store.optimize().unwrap();
    assert_eq!(rows(&store), 31, "the planner knows the store grew");
}
