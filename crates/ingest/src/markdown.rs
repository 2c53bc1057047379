//! Markdown stripped to plain text.
//!
//! Not a full CommonMark parser: a line-based pass that removes markup the extractor
//! should not see (heading hashes, emphasis markers, link and image syntax, list bullets,
//! blockquote markers, table rules, HTML comments and tags, YAML front matter) and keeps
//! the words, with paragraphs separated by blank lines. Code fences lose their fence lines
//! but keep their content as text.

use crate::{normalize_newlines, Document};

/// True when content looks like Markdown: it opens with an ATX heading (`# Title`) or a
/// YAML front-matter block.
pub(crate) fn looks_like_markdown(start: &str) -> bool {
    let first = start.lines().next().unwrap_or("").trim_end();
    if atx_heading(first).is_some() {
        return true;
    }
    first == "---" && start.lines().skip(1).take(20).any(|l| l.starts_with("title:"))
}

/// Reads a Markdown document: text stripped of markup, title from front matter or the
/// first level-1 heading, date/URL/source/id from front matter.
pub(crate) fn to_document(text: &str) -> Document {
    let text = normalize_newlines(text);
    let lines: Vec<&str> = text.split('\n').collect();
    let (meta, body_start) = front_matter(&lines);
    let mut doc = Document {
        id: meta.id.unwrap_or_default(),
        title: meta.title,
        url: meta.url,
        source: meta.source,
        published: meta.published.map(|d| crate::json::normalize_date(&d).unwrap_or(d)),
        text: String::new(),
    };

    let mut out = Output::default();
    let mut fence: Option<(char, usize)> = None;
    let mut in_comment = false;
    let mut prev = Prev::Blank;
    for &raw in &lines[body_start..] {
        if let Some((ch, n)) = fence {
            if is_fence_close(raw.trim(), ch, n) {
                fence = None;
                out.blank();
                prev = Prev::Blank;
            } else {
                out.line(raw.trim_end().to_string());
            }
            continue;
        }
        let had_comment = in_comment || raw.contains("<!--");
        let line = strip_comments(raw, &mut in_comment);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if !had_comment {
                out.blank();
                prev = Prev::Blank;
            }
            continue;
        }
        if let Some((ch, n)) = fence_open(trimmed) {
            fence = Some((ch, n));
            out.blank();
            continue;
        }
        if let Some((level, content)) = atx_heading(trimmed) {
            let heading = inline(content);
            if !heading.is_empty() {
                if level == 1 && doc.title.is_none() {
                    doc.title = Some(heading.clone());
                }
                out.blank();
                out.line(heading);
                out.blank();
            }
            prev = Prev::Blank;
            continue;
        }
        if let Some(ch) = rule_line(trimmed) {
            // A setext underline turns the paragraph line above into a heading; otherwise
            // this is a thematic break. Either way the line itself goes.
            if prev == Prev::Para && (ch == '=' || ch == '-') {
                if ch == '=' && doc.title.is_none() {
                    doc.title = out.last_line().map(str::to_string);
                }
                out.blank();
                prev = Prev::Blank;
                continue;
            }
            if ch != '=' {
                out.blank();
                prev = Prev::Blank;
                continue;
            }
        }
        if is_link_definition(trimmed) || is_table_rule(trimmed) {
            continue;
        }
        let mut content = trimmed;
        while let Some(rest) = content.strip_prefix('>') {
            content = rest.trim_start();
        }
        let mut kind = Prev::Para;
        if let Some(rest) = list_item(content, prev) {
            content = rest;
            kind = Prev::List;
        }
        let stripped = if content.starts_with('|') { table_row(content) } else { inline(content) };
        if stripped.is_empty() {
            continue;
        }
        out.line(stripped);
        prev = kind;
    }
    doc.text = out.finish();
    doc
}

/// What the previous kept line was, for list and setext decisions.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    Blank,
    Para,
    List,
}

/// Output lines with blank lines collapsed and trimmed at both ends.
#[derive(Default)]
struct Output {
    text: String,
    pending_blank: bool,
}

impl Output {
    fn blank(&mut self) {
        self.pending_blank = !self.text.is_empty();
    }

    fn line(&mut self, line: String) {
        if !self.text.is_empty() {
            self.text.push_str(if self.pending_blank { "\n\n" } else { "\n" });
        }
        self.pending_blank = false;
        self.text.push_str(&line);
    }

    fn last_line(&self) -> Option<&str> {
        self.text.rsplit('\n').next().filter(|l| !l.is_empty())
    }

    fn finish(self) -> String {
        let trimmed = self.text.trim_end();
        if trimmed.len() == self.text.len() {
            self.text
        } else {
            trimmed.to_string()
        }
    }
}

#[derive(Default)]
struct FrontMatter {
    title: Option<String>,
    published: Option<String>,
    url: Option<String>,
    source: Option<String>,
    id: Option<String>,
}

/// A YAML front-matter block (`---` ... `---`) of simple `key: value` lines; returns the
/// values read and the index of the first body line.
fn front_matter(lines: &[&str]) -> (FrontMatter, usize) {
    let mut meta = FrontMatter::default();
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return (meta, 0);
    }
    let Some(end) = lines.iter().skip(1).take(200).position(|l| matches!(l.trim_end(), "---" | "...")) else {
        return (meta, 0);
    };
    let end = end + 1;
    let block = &lines[1..end];
    let yamlish = block.iter().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t.starts_with('-') || l.starts_with(' ') || t.contains(':')
    });
    if !yamlish || block.is_empty() {
        return (meta, 0);
    }
    for line in block {
        if line.starts_with(' ') {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        if value.is_empty() {
            continue;
        }
        let slot = match key.trim().to_ascii_lowercase().as_str() {
            "title" => &mut meta.title,
            "date" | "published" | "pubdate" => &mut meta.published,
            "url" | "link" | "canonical" => &mut meta.url,
            "source" | "publisher" | "site" => &mut meta.source,
            "id" => &mut meta.id,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value.to_string());
        }
    }
    (meta, end + 1)
}

/// Removes `<!-- ... -->`, which may span lines (`in_comment` carries the state).
fn strip_comments(line: &str, in_comment: &mut bool) -> String {
    let mut out = String::new();
    let mut rest = line;
    loop {
        if *in_comment {
            match rest.find("-->") {
                Some(j) => {
                    rest = &rest[j + 3..];
                    *in_comment = false;
                }
                None => return out,
            }
        }
        match rest.find("<!--") {
            Some(j) => {
                out.push_str(&rest[..j]);
                rest = &rest[j + 4..];
                *in_comment = true;
            }
            None => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

fn fence_open(trimmed: &str) -> Option<(char, usize)> {
    for ch in ['`', '~'] {
        let n = trimmed.chars().take_while(|&c| c == ch).count();
        if n >= 3 && !(ch == '`' && trimmed[n..].contains('`')) {
            return Some((ch, n));
        }
    }
    None
}

fn is_fence_close(trimmed: &str, ch: char, n: usize) -> bool {
    trimmed.len() >= n && trimmed.chars().all(|c| c == ch)
}

/// `#`–`######` followed by a space (or nothing): the level and the heading text, with
/// any closing hashes removed.
fn atx_heading(trimmed: &str) -> Option<(usize, &str)> {
    let level = trimmed.bytes().take_while(|&b| b == b'#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &trimmed[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim();
    let without_closing = rest.trim_end_matches('#');
    let content = if without_closing.is_empty() || without_closing.ends_with([' ', '\t']) {
        without_closing.trim_end()
    } else {
        rest
    };
    Some((level, content))
}

/// A line of three or more `-`, `*`, `_` (spaces allowed) or one or more `=`: its char.
fn rule_line(trimmed: &str) -> Option<char> {
    let first = trimmed.chars().next()?;
    if !matches!(first, '-' | '*' | '_' | '=') {
        return None;
    }
    let mut count = 0;
    for c in trimmed.chars() {
        if c == first {
            count += 1;
        } else if c != ' ' && c != '\t' {
            return None;
        }
    }
    (count >= 3 || (first == '=' && count >= 1) || (first == '-' && count >= 2)).then_some(first)
}

/// `[label]: destination` reference definitions.
fn is_link_definition(trimmed: &str) -> bool {
    if !trimmed.starts_with('[') {
        return false;
    }
    match trimmed.find("]:") {
        Some(i) => i > 1 && !trimmed[1..i].contains(']'),
        None => false,
    }
}

/// `| --- | :---: |` table delimiter rows.
fn is_table_rule(trimmed: &str) -> bool {
    trimmed.contains('-') && trimmed.contains('|') && trimmed.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Strips a list marker (`-`, `*`, `+`, `1.`, `1)`) and a task box; `None` when the line
/// is not a list item. Ordered items other than `1.` only start after a blank line or
/// another item, so that a wrapped line starting "1990. The ..." stays text.
fn list_item(content: &str, prev: Prev) -> Option<&str> {
    let rest = if let Some(rest) = content.strip_prefix(['-', '*', '+']) {
        rest
    } else {
        let digits = content.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        let rest = content[digits..].strip_prefix(['.', ')'])?;
        if prev == Prev::Para && &content[..digits] != "1" {
            return None;
        }
        rest
    };
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim_start();
    let rest = ["[ ] ", "[x] ", "[X] "].iter().find_map(|b| rest.strip_prefix(b)).unwrap_or(rest);
    Some(rest)
}

/// A table row's cells, stripped, separated by ` | `.
fn table_row(content: &str) -> String {
    let inner = content.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').filter(|s| !s.ends_with('\\')).unwrap_or(inner);
    let mut cells = Vec::new();
    let mut start = 0;
    let bytes = inner.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'|' && (i == 0 || bytes[i - 1] != b'\\') {
            cells.push(&inner[start..i]);
            start = i + 1;
        }
    }
    cells.push(&inner[start..]);
    cells.iter().map(|c| inline(c.trim())).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" | ")
}

/// Inline markup removed from one line of text.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    inline_into(text, &mut out);
    let trimmed = out.trim();
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_string()
    }
}

fn inline_into(s: &str, out: &mut String) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' if b.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                out.push(b[i + 1] as char);
                i += 2;
            }
            b'`' => {
                let n = run_len(b, i);
                match find_backtick_close(s, i + n, n) {
                    Some(close) => {
                        out.push_str(s[i + n..close].trim());
                        i = close + n;
                    }
                    None => {
                        out.push_str(&s[i..i + n]);
                        i += n;
                    }
                }
            }
            b'!' if b.get(i + 1) == Some(&b'[') => match link_at(s, i + 1) {
                Some((_, end)) => i = end, // images are dropped
                None => {
                    out.push('!');
                    i += 1;
                }
            },
            b'[' => {
                if s[i..].starts_with("[^") {
                    if let Some(close) = s[i..].find(']').filter(|&c| !s[i + 2..i + c].contains(' ')) {
                        i += close + 1; // footnote reference
                        continue;
                    }
                }
                match link_at(s, i) {
                    Some((label, end)) => {
                        inline_into(&s[label], out);
                        i = end;
                    }
                    None => {
                        out.push('[');
                        i += 1;
                    }
                }
            }
            b'<' => match autolink_or_tag(s, i) {
                Some((inner, end)) => {
                    out.push_str(inner);
                    i = end;
                }
                None => {
                    out.push('<');
                    i += 1;
                }
            },
            c @ (b'*' | b'_' | b'~') => {
                let n = run_len(b, i);
                let prev = s[..i].chars().next_back();
                let next = s[i + n..].chars().next();
                if !is_emphasis(c, n, prev, next) {
                    out.push_str(&s[i..i + n]);
                }
                i += n;
            }
            b'&' => match entity(&s[i..]) {
                Some((ch, len)) => {
                    out.push(ch);
                    i += len;
                }
                None => {
                    out.push('&');
                    i += 1;
                }
            },
            _ => {
                let ch = s[i..].chars().next().expect("in bounds");
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
}

/// Length of the run of the byte at `i`.
fn run_len(b: &[u8], i: usize) -> usize {
    b[i..].iter().take_while(|&&x| x == b[i]).count()
}

/// Start of the closing run of exactly `n` backticks at or after `from`.
fn find_backtick_close(s: &str, from: usize, n: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = from;
    while i < b.len() {
        if b[i] == b'`' {
            let run = run_len(b, i);
            if run == n {
                return Some(i);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    None
}

/// Whether a run of `*`, `_` or `~` is an emphasis delimiter (to drop) rather than a
/// literal character, judged by the characters around it.
fn is_emphasis(c: u8, n: usize, prev: Option<char>, next: Option<char>) -> bool {
    let left = next.is_some_and(|ch| !ch.is_whitespace());
    let right = prev.is_some_and(|ch| !ch.is_whitespace());
    if !left && !right {
        return false;
    }
    let word = |ch: Option<char>| ch.is_some_and(char::is_alphanumeric);
    match c {
        b'~' => n >= 2,
        b'_' => !(word(prev) && word(next)),
        _ => !(prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|x| x.is_ascii_digit())),
    }
}

/// A link `[label](destination "title")`, `[label][ref]` or `[label][]` starting at the
/// `[` at `open`: the label's byte range and the end of the whole link.
fn link_at(s: &str, open: usize) -> Option<(std::ops::Range<usize>, usize)> {
    let b = s.as_bytes();
    let close = matching(b, open, b'[', b']')?;
    match b.get(close + 1) {
        Some(b'(') => {
            let end = matching(b, close + 1, b'(', b')')?;
            Some((open + 1..close, end + 1))
        }
        Some(b'[') => {
            let end = matching(b, close + 1, b'[', b']')?;
            Some((open + 1..close, end + 1))
        }
        _ => None,
    }
}

/// Index of the bracket closing the one at `open`, honouring nesting and backslashes.
fn matching(b: &[u8], open: usize, left: u8, right: u8) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            x if x == left => depth += 1,
            x if x == right => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// `<https://...>` autolinks (kept as the URL) and inline HTML tags (dropped).
fn autolink_or_tag(s: &str, open: usize) -> Option<(&str, usize)> {
    let rest = &s[open + 1..];
    let close = rest.find('>')?;
    let inner = &rest[..close];
    if inner.contains('<') {
        return None;
    }
    let end = open + 1 + close + 1;
    let lower = inner.to_ascii_lowercase();
    if ["http://", "https://", "mailto:", "ftp://"].iter().any(|p| lower.starts_with(p))
        && !inner.contains(char::is_whitespace)
    {
        return Some((inner.strip_prefix("mailto:").unwrap_or(inner), end));
    }
    let name = inner.strip_prefix('/').unwrap_or(inner);
    let name_len = name.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'-').count();
    let is_tag = name.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && (name_len == name.len()
            || name[name_len..].starts_with([' ', '\t', '/'])
                && (name_len + 1 == name.len() || name.contains('=') || name.ends_with('/')));
    is_tag.then_some(("", end))
}

/// A few HTML entities: `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;`, `&#NN;`,
/// `&#xHH;`. The decoded char and the entity's length.
fn entity(s: &str) -> Option<(char, usize)> {
    let end = s.as_bytes()[..s.len().min(12)].iter().position(|&b| b == b';')?;
    let body = &s[1..end];
    let ch = match body {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let num = body.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((ch, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> Document {
        to_document(text)
    }

    #[test]
    fn inline_markup() {
        assert_eq!(inline("**Bold** and *it* and __b__ and _i_ and ~~gone~~"), "Bold and it and b and i and gone");
        assert_eq!(inline("snake_case_name and 2 * 3 and 4*5"), "snake_case_name and 2 * 3 and 4*5");
        assert_eq!(inline("see [the report](https://x.org/a_(b) \"T\") now"), "see the report now");
        assert_eq!(inline("ref [link][1] and [plain] text"), "ref link and [plain] text");
        assert_eq!(inline("pic ![alt](img.png) here"), "pic  here");
        assert_eq!(inline("`code *x*` and \\*literal\\*"), "code *x* and *literal*");
        assert_eq!(
            inline("<https://example.org> and <b>tag</b> and a < b > c"),
            "https://example.org and tag and a < b > c"
        );
        assert_eq!(inline("AT&amp;T &#8212; &lt;x&gt; & co"), "AT&T \u{2014} <x> & co");
        assert_eq!(inline("a claim[^1] here"), "a claim here");
        assert_eq!(inline("[**nested [x]**](u)"), "nested [x]");
    }

    #[test]
    fn blocks() {
        let doc = md("---\ntitle: \"Front\"\ndate: 2024-05-01\nsource: Wire\n---\n\
                      # Heading One\n\nPara one\nstill one.\n\n\n\n## Sub ##\n\n\
                      - item a\n* item b\n1. first\n2) second\n- [x] done\n\n\
                      > quoted *text*\n\n---\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n\
                      [1]: https://example.org\n<!-- hidden\ncomment -->\nAfter.\n");
        assert_eq!(doc.title.as_deref(), Some("Front"));
        assert_eq!(doc.published.as_deref(), Some("2024-05-01"));
        assert_eq!(doc.source.as_deref(), Some("Wire"));
        assert_eq!(
            doc.text,
            "Heading One\n\nPara one\nstill one.\n\nSub\n\nitem a\nitem b\nfirst\nsecond\ndone\n\n\
             quoted text\n\na | b\n1 | 2\n\nAfter."
        );
    }

    #[test]
    fn code_fences_keep_content() {
        let doc = md("Intro:\n\n```rust\nlet x = *y;\n```\n\nEnd.");
        assert_eq!(doc.text, "Intro:\n\nlet x = *y;\n\nEnd.");
        assert_eq!(doc.title, None);
    }

    #[test]
    fn setext_headings() {
        let doc = md("Big Title\n=========\n\nText.\n\nSub\n---\nMore.");
        assert_eq!(doc.title.as_deref(), Some("Big Title"));
        assert_eq!(doc.text, "Big Title\n\nText.\n\nSub\n\nMore.");
    }

    #[test]
    fn ordered_markers_need_a_list_context() {
        let doc = md("The war began in\n1990. The siege followed.");
        assert_eq!(doc.text, "The war began in\n1990. The siege followed.");
        assert_eq!(md("#hashtag line").text, "#hashtag line");
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_markdown("# Title\ntext"));
        assert!(looks_like_markdown("---\ntitle: x\n---\n"));
        assert!(!looks_like_markdown("#hashtag"));
    }
}
