//! CSV twins of the list endpoints: a header row, then one row per record, quoted as
//! RFC 4180 asks; the next page's cursor goes in the `X-Next-Cursor` header.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use sitrep_export::csv_field;
use sitrep_store::*;

/// A CSV answer named `name.csv`.
pub fn response(
    name: &str,
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
    next: Option<&str>,
) -> Response {
    let mut body = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = String>| {
        let mut first = true;
        for c in cells {
            if !first {
                body.push(',');
            }
            first = false;
            body.push_str(&csv_field(&c));
        }
        body.push_str("\r\n");
    };
    line(&mut header.iter().map(|h| h.to_string()));
    for r in rows {
        line(&mut r.into_iter());
    }
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{name}.csv\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Some(v) = next.and_then(|n| HeaderValue::from_str(n).ok()) {
        h.insert("x-next-cursor", v);
    }
    resp
}

fn o(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn oi(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// Events: the columns of `sitrep export --format csv`.
pub fn events(page: &Paged<EventRecord>) -> Response {
    response(
        "events",
        &sitrep_export::CSV_COLUMNS,
        page.rows.iter().map(sitrep_export::csv_cells),
        page.next.as_deref(),
    )
}

pub fn claims(page: &Paged<ClaimRecord>) -> Response {
    let header = [
        "id",
        "speaker",
        "speaker_code",
        "content",
        "stance",
        "direct",
        "mentions",
        "documents",
        "sources",
        "first_seen",
        "last_seen",
        "doc_id",
        "url",
    ];
    let rows = page.rows.iter().map(|c| {
        vec![
            c.id.to_string(),
            o(&c.speaker),
            o(&c.speaker_code),
            c.content.clone(),
            c.stance.clone(),
            c.direct.to_string(),
            c.mentions.to_string(),
            c.documents.to_string(),
            c.sources.to_string(),
            o(&c.first_seen),
            o(&c.last_seen),
            c.doc_id.clone(),
            o(&c.url),
        ]
    });
    response("claims", &header, rows, page.next.as_deref())
}

pub fn entities(page: &Paged<EntityRecord>) -> Response {
    let header = ["id", "key", "kind", "name", "code", "country", "documents", "mentions", "first_seen", "last_seen"];
    let rows = page.rows.iter().map(|e| {
        vec![
            e.id.to_string(),
            e.key.clone(),
            e.kind.clone(),
            e.name.clone(),
            o(&e.code),
            o(&e.country),
            e.documents.to_string(),
            e.mentions.to_string(),
            o(&e.first_seen),
            o(&e.last_seen),
        ]
    });
    response("entities", &header, rows, page.next.as_deref())
}

/// Disputes: one row per side; `next` is the cursor of the next page of disputes.
pub fn disputes(rows: &[Dispute], next: Option<String>) -> Response {
    let header = [
        "dispute",
        "kind",
        "subject",
        "key",
        "value",
        "number",
        "speaker",
        "speaker_from",
        "source",
        "date",
        "doc_id",
        "url",
        "text",
        "sentence",
    ];
    let rows = rows.iter().flat_map(|d| {
        d.sides.iter().map(move |s| {
            vec![
                d.id.clone(),
                d.kind.as_str().to_string(),
                d.subject.clone(),
                d.key.clone(),
                s.value.clone(),
                s.number.map(|n| n.to_string()).unwrap_or_default(),
                o(&s.speaker),
                s.speaker_from.clone(),
                o(&s.source),
                o(&s.date),
                s.doc_id.clone(),
                o(&s.url),
                s.text.clone(),
                s.sentence.clone(),
            ]
        })
    });
    response("disputes", &header, rows, next.as_deref())
}

pub fn documents(page: &Paged<DocumentInfo>) -> Response {
    let header = ["doc_id", "title", "url", "source", "published", "lang", "story", "added"];
    let rows = page.rows.iter().map(|d| {
        vec![
            d.doc_id.clone(),
            o(&d.title),
            o(&d.url),
            o(&d.source),
            o(&d.published),
            d.lang.clone(),
            oi(d.story),
            d.added.clone(),
        ]
    });
    response("documents", &header, rows, page.next.as_deref())
}

pub fn search(page: &Paged<SearchHit>) -> Response {
    let header = ["doc_id", "title", "published", "source", "url", "snippet", "score", "story"];
    let rows = page.rows.iter().map(|h| {
        vec![
            h.doc_id.clone(),
            o(&h.title),
            o(&h.published),
            o(&h.source),
            o(&h.url),
            h.snippet.clone(),
            h.score.to_string(),
            oi(h.story),
        ]
    });
    response("search", &header, rows, page.next.as_deref())
}

/// Timeline counts; the undated events are a last row with an empty date and type.
pub fn timeline(counts: &TimelineCounts) -> Response {
    let mut rows: Vec<Vec<String>> = counts
        .rows
        .iter()
        .map(|r| vec![r.date.clone(), r.plover.clone(), r.events.to_string(), r.mentions.to_string()])
        .collect();
    if counts.undated > 0 {
        rows.push(vec![String::new(), String::new(), counts.undated.to_string(), String::new()]);
    }
    response("timeline", &["date", "type", "events", "mentions"], rows, None)
}
