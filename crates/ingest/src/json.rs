//! JSON and JSON Lines records.
//!
//! A record is an object with the body in `text` (or `body`, `content`) and optional
//! metadata. Records are deserialised straight into a borrowing struct, so unknown fields
//! (topic lists, categories, ...) are skipped without being built, and strings without
//! escapes are not copied until they become the [`Document`]'s fields.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::{html, normalize_newlines, DocResult, Document, ErrorKind, Format, InputError, Limits};

/// Decides between a single JSON value and JSON Lines for content starting with `{`/`[`.
/// `None` when it does not look like JSON at all.
pub(crate) fn sniff(text: &str) -> Option<Format> {
    if !text.starts_with(['{', '[']) {
        return None;
    }
    if serde_json::from_str::<IgnoredAny>(text).is_ok() {
        return Some(Format::Json);
    }
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("");
    let parses = |line: &str| line.starts_with('{') && serde_json::from_str::<IgnoredAny>(line).is_ok();
    if parses(first) || lines.take(4).any(parses) {
        return Some(Format::Jsonl);
    }
    // Not valid either way: call it JSON (to report the syntax error) only when it starts
    // like a JSON object or array of values would.
    let after = text[1..].trim_start();
    let jsonish = if text.starts_with('{') {
        after.starts_with('"') || after.starts_with('}')
    } else {
        after.starts_with(['{', '[', ']', '"'])
    };
    jsonish.then_some(Format::Json)
}

/// A whole-file JSON input: one record object, or an array of them.
pub(crate) fn parse_json(name: &str, text: &str, limits: &Limits) -> Vec<DocResult> {
    let start = text.trim_start();
    if start.starts_with('[') {
        let items: Vec<&RawValue> = match serde_json::from_str(text) {
            Ok(items) => items,
            Err(err) => {
                let kind = ErrorKind::MalformedJson(err.to_string());
                return vec![Err(InputError::new(name, kind))];
            }
        };
        if items.is_empty() {
            return vec![Err(InputError::new(name, ErrorKind::Empty))];
        }
        let mut locator = Locator::new(text);
        return items
            .into_iter()
            .map(|item| {
                let raw = item.get();
                let (line, column) = locator.locate(raw);
                parse_record(name, raw, Some((line, column)), limits)
            })
            .collect();
    }
    if text.len() > limits.max_document_bytes {
        let kind = ErrorKind::DocumentTooLarge { size: text.len() as u64, limit: limits.max_document_bytes as u64 };
        return vec![Err(InputError::new(name, kind))];
    }
    vec![parse_record(name, text, None, limits)]
}

/// A JSON Lines input: one record per line, blank lines skipped.
pub(crate) fn parse_jsonl(name: &str, text: &str, limits: &Limits) -> Vec<DocResult> {
    let mut out = Vec::with_capacity(text.len() / 512 + 1);
    for (i, line) in text.split('\n').enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(parse_record(name, line, Some((i + 1, 1)), limits));
    }
    if out.is_empty() {
        out.push(Err(InputError::new(name, ErrorKind::Empty)));
    }
    out
}

/// Maps record slices (which point into the input) to 1-based line and column numbers,
/// scanning the input only once for records that come in order.
struct Locator<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    line_start: usize,
}

impl<'a> Locator<'a> {
    fn new(text: &'a str) -> Self {
        Locator { text, pos: 0, line: 1, line_start: 0 }
    }

    fn locate(&mut self, slice: &str) -> (usize, usize) {
        let offset = (slice.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let offset = offset.min(self.text.len());
        if offset < self.pos {
            *self = Locator::new(self.text);
        }
        for (i, b) in self.text.as_bytes()[self.pos..offset].iter().enumerate() {
            if *b == b'\n' {
                self.line += 1;
                self.line_start = self.pos + i + 1;
            }
        }
        self.pos = offset;
        (self.line, offset - self.line_start + 1)
    }
}

/// Parses one record; `at` is the 1-based line and column where it starts, when the input
/// holds several records.
fn parse_record(name: &str, raw: &str, at: Option<(usize, usize)>, limits: &Limits) -> DocResult {
    let fail = |line: Option<usize>, kind| Err(InputError { input: name.to_string(), line, kind });
    let line = at.map(|(line, _)| line);
    if raw.len() > limits.max_document_bytes {
        let kind = ErrorKind::DocumentTooLarge { size: raw.len() as u64, limit: limits.max_document_bytes as u64 };
        return fail(line, kind);
    }
    let record: Record = match serde_json::from_str(raw) {
        Ok(record) => record,
        Err(err) => {
            let (line, kind) = classify(&err, raw, at);
            return fail(line, kind);
        }
    };
    match record.into_document() {
        Ok(doc) => Ok(doc),
        Err(kind) => fail(line, kind),
    }
}

/// Turns a serde_json error into an error kind, with its position made absolute when the
/// record is one of several.
fn classify(err: &serde_json::Error, raw: &str, at: Option<(usize, usize)>) -> (Option<usize>, ErrorKind) {
    let message = err.to_string();
    let (what, line) = match (at, err.line()) {
        (Some((line, column)), n) if n > 0 => {
            let what = message.rfind(" at line ").map_or(message.as_str(), |i| &message[..i]);
            let abs_line = line + n - 1;
            let abs_column = if n == 1 { column + err.column() - 1 } else { err.column() };
            (format!("{what} at column {abs_column}"), Some(abs_line))
        }
        (at, _) => (message, at.map(|(line, _)| line)),
    };
    if err.is_syntax() || err.is_eof() {
        return (line, ErrorKind::MalformedJson(what));
    }
    let record_line = at.map(|(line, _)| line);
    let kind = match raw.trim_start().as_bytes().first() {
        Some(b'[') => ErrorKind::NotAnObject("an array"),
        Some(b'"') => ErrorKind::NotAnObject("a string"),
        Some(b't' | b'f') => ErrorKind::NotAnObject("a boolean"),
        Some(b'n') => ErrorKind::NotAnObject("null"),
        Some(b'{') => return (line, ErrorKind::BadField(what)),
        _ => ErrorKind::NotAnObject("a number"),
    };
    (record_line, kind)
}

/// The fields sitrep reads from a record; everything else is skipped.
#[derive(Deserialize)]
struct Record<'a> {
    #[serde(borrow, default)]
    text: Body<'a>,
    #[serde(borrow, default)]
    body: Body<'a>,
    #[serde(borrow, default)]
    content: Body<'a>,
    #[serde(borrow, default)]
    title: Loose<'a>,
    #[serde(borrow, default)]
    headline: Loose<'a>,
    #[serde(borrow, default)]
    url: Loose<'a>,
    #[serde(borrow, default)]
    link: Loose<'a>,
    #[serde(borrow, default)]
    published: Loose<'a>,
    #[serde(borrow, default, alias = "publishedAt")]
    published_at: Loose<'a>,
    #[serde(borrow, default)]
    date: Loose<'a>,
    #[serde(borrow, default)]
    source: Loose<'a>,
    #[serde(borrow, default)]
    id: Loose<'a>,
    /// Reuters-21578's document number.
    #[serde(borrow, default)]
    newid: Loose<'a>,
}

impl Record<'_> {
    fn into_document(self) -> Result<Document, ErrorKind> {
        let present = self.text.0.is_some() || self.body.0.is_some() || self.content.0.is_some();
        let body = [self.text.0, self.body.0, self.content.0].into_iter().flatten().find(|t| !t.trim().is_empty());
        let body = match body {
            Some(body) => body,
            None if present => return Err(ErrorKind::Empty),
            None => return Err(ErrorKind::MissingText),
        };
        let mut doc = Document {
            id: self.id.or(self.newid).unwrap_or_default(),
            title: self.title.or(self.headline),
            url: self.url.or(self.link),
            source: self.source.into_string(),
            published: self
                .published
                .or(self.published_at)
                .or(self.date.into_string())
                .map(|d| normalize_date(&d).unwrap_or(d)),
            text: String::new(),
        };
        if html::looks_like_markup(&body) {
            let article = html::html_main_text(&body).map_err(|_| ErrorKind::NoArticleText)?;
            doc.title = doc.title.or(article.title);
            doc.url = doc.url.or(article.url);
            doc.source = doc.source.or(article.source);
            doc.published = doc.published.or(article.published);
            doc.text = article.text;
        } else {
            doc.text = match normalize_newlines(&body) {
                Cow::Borrowed(_) => body.into_owned(),
                Cow::Owned(text) => text,
            };
        }
        Ok(doc)
    }
}

/// A record's body: a string, or an array of strings (paragraphs, joined by blank lines).
#[derive(Default)]
struct Body<'a>(Option<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for Body<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Body<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Body(Some(Cow::Borrowed(v))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Body(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Body(Some(Cow::Owned(v))))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Body(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = String::new();
                while let Some(part) = seq.next_element::<Cow<'de, str>>()? {
                    if part.trim().is_empty() {
                        continue;
                    }
                    if !out.is_empty() {
                        out.push_str("\n\n");
                    }
                    out.push_str(part.trim());
                }
                Ok(Body(Some(Cow::Owned(out))))
            }
        }
        d.deserialize_any(V)
    }
}

/// A metadata value, read leniently: a string (trimmed; empty means absent), a number
/// (written as JSON writes it), an object's `"name"` (as in `"source": {"name": "..."}`),
/// or an array's first such value. Anything else is absent rather than an error.
#[derive(Default)]
struct Loose<'a>(Option<Cow<'a, str>>);

impl Loose<'_> {
    fn into_string(self) -> Option<String> {
        self.0.map(Cow::into_owned)
    }

    fn or(self, other: Loose<'_>) -> Option<String> {
        self.into_string().or_else(|| other.into_string())
    }
}

fn non_empty<'a>(v: Cow<'a, str>) -> Option<Cow<'a, str>> {
    let trimmed = v.trim();
    if trimmed.is_empty() {
        None
    } else if trimmed.len() == v.len() {
        Some(v)
    } else {
        Some(Cow::Owned(trimmed.to_string()))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Loose<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Loose<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, number, or object with a name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Loose(non_empty(Cow::Borrowed(v))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Loose(non_empty(Cow::Owned(v.to_string()))))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Loose(non_empty(Cow::Owned(v))))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Loose(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Loose(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Loose(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Loose(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Loose(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut first = None;
                while let Some(item) = seq.next_element::<Loose<'de>>()? {
                    if first.is_none() {
                        first = item.0;
                    }
                }
                Ok(Loose(first))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut name = None;
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    if key == "name" && name.is_none() {
                        name = map.next_value::<Loose<'de>>()?.0;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(Loose(name))
            }
        }
        d.deserialize_any(V)
    }
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

fn month_number(name: &str) -> Option<u32> {
    let lower = name.get(..3)?.to_ascii_lowercase();
    MONTHS.iter().position(|m| *m == lower).map(|i| i as u32 + 1)
}

/// Rewrites two common non-ISO date styles as ISO 8601, so that relative times can be
/// resolved: Reuters' `26-FEB-1987 15:01:01.79` → `1987-02-26T15:01:01`, and RFC 2822's
/// `Tue, 05 Mar 2024 14:30:00 GMT` → `2024-03-05T14:30:00Z`. `None` for anything else
/// (which is then kept as given).
pub(crate) fn normalize_date(date: &str) -> Option<String> {
    let date = date.trim();
    if date.as_bytes().first().is_some_and(u8::is_ascii_digit) && date.contains('-') {
        // 26-FEB-1987[ 15:01:01.79]
        let (day_part, rest) = date.split_once(' ').unwrap_or((date, ""));
        let mut parts = day_part.split('-');
        let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || m.len() < 3 || !m.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        let day: u32 = d.parse().ok().filter(|d| (1..=31).contains(d))?;
        let month = month_number(m)?;
        let year: u32 = y.parse().ok().filter(|_| y.len() == 4)?;
        let mut out = format!("{year:04}-{month:02}-{day:02}");
        if !rest.trim().is_empty() {
            out.push('T');
            out.push_str(&clock(rest.trim())?);
        }
        return Some(out);
    }
    // [Tue, ]05 Mar 2024 14:30[:00] GMT|UTC|Z|+0100
    let body = match date.split_once(", ") {
        Some((weekday, rest)) if weekday.len() == 3 => rest,
        _ => date,
    };
    let fields: Vec<&str> = body.split_whitespace().collect();
    if fields.len() < 3 || fields.len() > 5 {
        return None;
    }
    let day: u32 = fields[0].parse().ok().filter(|d| (1..=31).contains(d))?;
    let month_name = fields[1].trim_end_matches('.');
    if month_name.len() > 9 || !month_name.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let month = month_number(month_name)?;
    let year: u32 = fields[2].parse().ok().filter(|_| fields[2].len() == 4)?;
    let mut out = format!("{year:04}-{month:02}-{day:02}");
    if let Some(time) = fields.get(3) {
        out.push('T');
        out.push_str(&clock(time)?);
        match fields.get(4).copied() {
            None => {}
            Some("GMT" | "UTC" | "UT" | "Z") => out.push('Z'),
            Some(zone) if zone.len() == 5 && zone.starts_with(['+', '-']) => {
                if !zone[1..].bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                out.push_str(&zone[..3]);
                out.push(':');
                out.push_str(&zone[3..]);
            }
            Some(_) => return None,
        }
    }
    Some(out)
}

/// `15:01:01.79` → `15:01:01`; `9:05` → `09:05`.
fn clock(time: &str) -> Option<String> {
    let time = time.split('.').next()?;
    let parts: Vec<&str> = time.split(':').collect();
    if parts.len() < 2 || parts.len() > 3 {
        return None;
    }
    let mut nums = Vec::with_capacity(3);
    for (i, p) in parts.iter().enumerate() {
        let n: u32 = p.parse().ok().filter(|_| !p.is_empty() && p.len() <= 2)?;
        if (i == 0 && n > 23) || (i > 0 && n > 59) {
            return None;
        }
        nums.push(format!("{n:02}"));
    }
    Some(nums.join(":"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(raw: &str) -> DocResult {
        parse_record("r.json", raw, None, &Limits::default())
    }

    #[test]
    fn fallback_fields() {
        let doc = one(r#"{"body": "B", "headline": "H", "link": "u", "date": "2024-01-02", "newid": 7}"#).unwrap();
        assert_eq!(doc.text, "B");
        assert_eq!(doc.title.as_deref(), Some("H"));
        assert_eq!(doc.url.as_deref(), Some("u"));
        assert_eq!(doc.published.as_deref(), Some("2024-01-02"));
        assert_eq!(doc.id, "7");
        let doc =
            one(r#"{"content": "C", "source": {"id": null, "name": "Wire"}, "publishedAt": "2024-02-03T04:05:06Z"}"#)
                .unwrap();
        assert_eq!(doc.text, "C");
        assert_eq!(doc.source.as_deref(), Some("Wire"));
        assert_eq!(doc.published.as_deref(), Some("2024-02-03T04:05:06Z"));
    }

    #[test]
    fn text_wins_over_body_and_blank_text_falls_through() {
        assert_eq!(one(r#"{"text": "T", "body": "B"}"#).unwrap().text, "T");
        assert_eq!(one(r#"{"text": "  ", "body": "B"}"#).unwrap().text, "B");
        assert!(matches!(one(r#"{"text": " "}"#).unwrap_err().kind, ErrorKind::Empty));
        assert!(matches!(one(r#"{"title": "x"}"#).unwrap_err().kind, ErrorKind::MissingText));
    }

    #[test]
    fn text_arrays_and_escapes() {
        assert_eq!(one(r#"{"text": ["One.", "", "Two."]}"#).unwrap().text, "One.\n\nTwo.");
        assert_eq!(one(r#"{"text": "a\r\nb \u00e9"}"#).unwrap().text, "a\nb é");
    }

    #[test]
    fn bad_types() {
        let err = one(r#"{"text": 5}"#).unwrap_err();
        assert!(matches!(err.kind, ErrorKind::BadField(_)), "{err}");
        assert!(err.to_string().contains("invalid type: integer `5`"), "{err}");
        let err = one("[1, 2]").unwrap_err();
        assert_eq!(err.to_string(), "r.json: record is not a JSON object (found an array)");
        // Lenient metadata: odd types become absent or strings.
        let doc = one(r#"{"text": "x", "title": true, "id": 12.5, "source": ["AP", "AFP"]}"#).unwrap();
        assert_eq!(doc.title, None);
        assert_eq!(doc.id, "12.5");
        assert_eq!(doc.source.as_deref(), Some("AP"));
    }

    #[test]
    fn positions_in_arrays() {
        let text = "[\n  {\"text\": \"a\"},\n  {\"title\": \"t\"},\n  {\"text\": 1}\n]";
        let out = parse_json("a.json", text, &Limits::default());
        assert_eq!(out.len(), 3);
        assert!(out[0].is_ok());
        assert_eq!(out[1].as_ref().unwrap_err().to_string(), "a.json:3: record has no \"text\" field");
        let err = out[2].as_ref().unwrap_err().to_string();
        assert!(err.starts_with("a.json:4: record has a bad field: invalid type"), "{err}");
        assert!(err.ends_with("at column 12"), "{err}");
    }

    #[test]
    fn dates() {
        assert_eq!(normalize_date("26-FEB-1987 15:01:01.79").as_deref(), Some("1987-02-26T15:01:01"));
        assert_eq!(normalize_date(" 5-mar-1987").as_deref(), Some("1987-03-05"));
        assert_eq!(normalize_date("Tue, 05 Mar 2024 14:30:00 GMT").as_deref(), Some("2024-03-05T14:30:00Z"));
        assert_eq!(normalize_date("5 March 2024 9:05 +0100").as_deref(), Some("2024-03-05T09:05+01:00"));
        assert_eq!(normalize_date("2024-03-05"), None);
        assert_eq!(normalize_date("2024-03-05T10:00:00Z"), None);
        assert_eq!(normalize_date("yesterday"), None);
        assert_eq!(normalize_date("26-FEB-1987 99:00"), None);
    }
}
