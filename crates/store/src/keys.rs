//! Keys that decide what is "the same" across documents: content hashes, URLs, sources,
//! entity identities, days and date ranges, word sets.

use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};
use sitrep_model::{Entity, EntityKind};

/// SHA-256 (hex) of a document's normalised text: the content hash that makes two
/// documents the same. It equals `sitrep_extract::content_id` of the same text.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        out.push(char::from_digit((b >> 4) as u32, 16).unwrap_or('0'));
        out.push(char::from_digit((b & 15) as u32, 16).unwrap_or('0'));
    }
    out
}

/// The form of a URL used to recognise the same page: scheme and host in lower case,
/// default ports, the fragment and tracking parameters (`utm_*`, `fbclid`, `gclid`)
/// dropped, and a lone trailing `/` removed. Returns `None` for an empty URL.
///
/// ```
/// use sitrep_store::url_key;
/// assert_eq!(url_key("HTTPS://Example.org:443/a/?utm_source=x#top").as_deref(), Some("https://example.org/a"));
/// assert_eq!(url_key("http://example.org/a?id=2&utm_medium=rss").as_deref(), Some("http://example.org/a?id=2"));
/// ```
pub fn url_key(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    let url = url.split('#').next().unwrap_or(url);
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r),
        None => return Some(url.to_string()),
    };
    let (authority, path_query) = match rest.find(['/', '?']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let mut host = authority.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => ":80",
        "https" => ":443",
        _ => "",
    };
    if !default_port.is_empty() && host.ends_with(default_port) {
        host.truncate(host.len() - default_port.len());
    }
    let (path, query) = match path_query.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path_query, None),
    };
    let mut path = path.to_string();
    while path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    if path == "/" {
        path.clear();
    }
    let kept: Vec<&str> = query
        .unwrap_or("")
        .split('&')
        .filter(|p| {
            let name = p.split('=').next().unwrap_or("").to_ascii_lowercase();
            !p.is_empty() && !name.starts_with("utm_") && name != "fbclid" && name != "gclid"
        })
        .collect();
    let mut out = format!("{scheme}://{host}{path}");
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    Some(out)
}

/// The host of a URL, lower case, without `www.`.
pub fn url_host(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?.split('@').next_back()?;
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// What counts as one source when sources are counted: the outlet name folded to lower
/// case, else the URL's host, else `unknown`.
pub fn source_key(source: Option<&str>, url: Option<&str>) -> String {
    if let Some(s) = source.map(str::trim).filter(|s| !s.is_empty()) {
        return s.to_lowercase();
    }
    url.and_then(url_host).unwrap_or_else(|| "unknown".to_string())
}

/// The identity of an entity across documents.
///
/// Countries and groups are the same thing when their codes are the same (`country:PRK`,
/// `group:PRKMIL`): a code names a state or a sector of it. People and organisations
/// are the same when the extractor's identity (its name slug, `person:kyrylo-budanov`,
/// `organization:KORGOV:foreign-ministry`) is. Places are the same gazetteer entry
/// (`place:geonames:538560`). The id suffix `-2`, `-3` that a document adds to keep ids
/// unique within itself is dropped.
pub fn entity_key(e: &Entity) -> String {
    let kind = e.kind.as_str();
    let local = strip_dedupe_suffix(&e.id);
    match (e.kind, e.code.as_deref()) {
        (EntityKind::Country | EntityKind::Group, Some(code)) if !code.is_empty() => format!("{kind}:{code}"),
        _ => format!("{kind}:{local}"),
    }
}

fn strip_dedupe_suffix(id: &str) -> &str {
    if let Some((head, tail)) = id.rsplit_once('-') {
        if !head.is_empty() && tail.len() == 1 && tail.bytes().all(|b| b.is_ascii_digit()) {
            let n: u32 = tail.parse().unwrap_or(0);
            if n >= 2 {
                return head;
            }
        }
    }
    id
}

/// Reads a publication or event day: `2024-10-22`, `2024-10-22T08:00:00Z`, `2024/10/22`,
/// RFC 2822 (`Tue, 22 Oct 2024 08:00:00 GMT`), `26-FEB-1987 15:01:01.79` (Reuters),
/// `22 October 2024`, `October 22, 2024`.
pub fn parse_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let head = s.get(..10).unwrap_or(s);
    if let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(head, "%Y/%m/%d") {
        return Some(d);
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(d.date_naive());
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(d.date_naive());
    }
    let first = s.split_whitespace().next().unwrap_or(s);
    if let Ok(d) = NaiveDate::parse_from_str(first, "%d-%b-%Y") {
        return Some(d);
    }
    for fmt in ["%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return Some(d);
        }
    }
    None
}

/// The days an ISO 8601 value covers: `2024` is the whole year, `2024-11` the month,
/// `2024-11-01` that day. Other forms go through [`parse_day`].
pub fn day_range(value: &str) -> Option<(NaiveDate, NaiveDate)> {
    let v = value.trim();
    let bytes = v.as_bytes();
    if bytes.len() == 4 && bytes.iter().all(u8::is_ascii_digit) {
        let y: i32 = v.parse().ok()?;
        return Some((NaiveDate::from_ymd_opt(y, 1, 1)?, NaiveDate::from_ymd_opt(y, 12, 31)?));
    }
    if bytes.len() == 7 && bytes[4] == b'-' {
        let y: i32 = v[..4].parse().ok()?;
        let m: u32 = v[5..].parse().ok()?;
        let first = NaiveDate::from_ymd_opt(y, m, 1)?;
        let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1)? } else { NaiveDate::from_ymd_opt(y, m + 1, 1)? };
        return Some((first, next.pred_opt()?));
    }
    let d = parse_day(v)?;
    Some((d, d))
}

/// ISO `YYYY-MM-DD`.
pub fn iso(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// A lower bound for `--since`: the first day of what the value names.
pub fn since_bound(value: &str) -> Option<String> {
    day_range(value).map(|(a, _)| iso(a))
}

/// An upper bound for `--until`: the last day of what the value names.
pub fn until_bound(value: &str) -> Option<String> {
    day_range(value).map(|(_, b)| iso(b))
}

/// English words that carry no content, for word-set comparisons.
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can",
    "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "his", "if", "in", "into", "is",
    "it", "its", "may", "might", "more", "most", "mr", "new", "no", "not", "of", "on", "one", "or", "other", "our",
    "out", "over", "said", "say", "says", "she", "should", "so", "some", "than", "that", "the", "their", "them",
    "there", "these", "they", "this", "those", "to", "two", "up", "was", "we", "were", "what", "when", "which",
    "while", "who", "will", "with", "would", "year", "years", "you",
];

/// Whether a lower-case word is a stop word.
pub fn is_stopword(w: &str) -> bool {
    STOPWORDS.binary_search(&w).is_ok()
}

/// The content words of a text: lower case, letters and digits, no stop words, sorted
/// and unique.
pub fn word_set(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !is_stopword(w))
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// Jaccard similarity of two sorted, unique word lists.
pub fn jaccard(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both as f64 / (a.len() + b.len() - both) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stopword("the") && !is_stopword("troops"));
    }

    #[test]
    fn content_hash_is_sha256_hex() {
        assert_eq!(content_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn url_keys() {
        assert_eq!(url_key("https://example.org/").as_deref(), Some("https://example.org"));
        assert_eq!(url_key("https://Example.org/News/").as_deref(), Some("https://example.org/News"));
        assert_eq!(url_key("http://x.org:8080/a").as_deref(), Some("http://x.org:8080/a"));
        assert_eq!(url_key("  "), None);
        assert_eq!(url_key("urn:x").as_deref(), Some("urn:x"));
        assert_eq!(url_host("https://www.BBC.co.uk/news/1").as_deref(), Some("bbc.co.uk"));
        assert_eq!(url_host("nothing"), None);
    }

    #[test]
    fn sources() {
        assert_eq!(source_key(Some(" Reuters "), None), "reuters");
        assert_eq!(source_key(None, Some("https://www.yna.co.kr/x")), "yna.co.kr");
        assert_eq!(source_key(Some(""), None), "unknown");
    }

    #[test]
    fn entity_keys() {
        let e = |id: &str, kind, code: Option<&str>| Entity {
            id: id.into(),
            name: "n".into(),
            kind,
            code: code.map(Into::into),
            country: None,
            roles: vec![],
            mentions: vec![],
        };
        assert_eq!(entity_key(&e("PRK", EntityKind::Country, Some("PRK"))), "country:PRK");
        assert_eq!(entity_key(&e("PRKMIL-2", EntityKind::Group, Some("PRKMIL"))), "group:PRKMIL");
        assert_eq!(entity_key(&e("kyrylo-budanov", EntityKind::Person, Some("UKRSPY"))), "person:kyrylo-budanov");
        assert_eq!(entity_key(&e("kyrylo-budanov-2", EntityKind::Person, None)), "person:kyrylo-budanov");
        assert_eq!(entity_key(&e("f-16", EntityKind::Organization, None)), "organization:f-16");
        assert_eq!(entity_key(&e("geonames:538560", EntityKind::Place, None)), "place:geonames:538560");
    }

    #[test]
    fn days() {
        let d = NaiveDate::from_ymd_opt(2024, 10, 22).unwrap();
        assert_eq!(parse_day("2024-10-22T08:00:00Z"), Some(d));
        assert_eq!(parse_day("Tue, 22 Oct 2024 08:00:00 GMT"), Some(d));
        assert_eq!(parse_day("22-OCT-2024 15:01:01.79"), Some(d));
        assert_eq!(parse_day("October 22, 2024"), Some(d));
        assert_eq!(parse_day("soon"), None);
        assert_eq!(
            day_range("2024-02"),
            Some((NaiveDate::from_ymd_opt(2024, 2, 1).unwrap(), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()))
        );
        assert_eq!(since_bound("2024").as_deref(), Some("2024-01-01"));
        assert_eq!(until_bound("2024-12").as_deref(), Some("2024-12-31"));
        assert_eq!(until_bound("2024-10-22").as_deref(), Some("2024-10-22"));
    }

    #[test]
    fn word_sets() {
        let a = word_set("The troops will be ready to fight by 1 November.");
        assert_eq!(a, ["1", "fight", "november", "ready", "troops"]);
        let b = word_set("troops ready to fight by November 1");
        assert!((jaccard(&a, &b) - 1.0).abs() < 1e-9);
        assert!(jaccard(&a, &word_set("talks in Geneva")) < 0.01);
    }
}
