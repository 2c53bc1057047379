//! HTML pages: main article text and page metadata.
//!
//! The text comes from `dom_smoothie` (a port of Mozilla's Readability) in its formatted
//! text mode; when it finds nothing, a simpler scraper-based pass collects paragraphs,
//! headings and list items from `<article>`/`<main>`/`<body>`, skipping navigation,
//! headers, footers, asides, forms, scripts and elements whose class or id marks them as
//! boilerplate (cookie banners, share bars, newsletter boxes, ads). Metadata comes from
//! `<meta>`/`<link>`/`<time>`/`<title>`/`<h1>` elements, with Readability's findings
//! (which include JSON-LD) as a fallback.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use dom_smoothie::{Config, Readability, TextMode};
use scraper::{ElementRef, Html, Node, Selector};

use crate::Document;

/// The main text and metadata of an HTML page, as found by [`html_main_text`].
///
/// **What:** everything a [`Document`] needs from a page. **Why:** the page's own metadata
/// (`og:title`, `article:published_time`, `og:site_name`, canonical URL) is usually better
/// than anything the caller knows. **Example:** see [`html_main_text`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlArticle {
    /// From `og:title` (or similar meta), else `<title>` (site suffix removed), else `<h1>`.
    pub title: Option<String>,
    /// The main text: paragraphs separated by blank lines, list items on their own lines,
    /// runs of spaces collapsed.
    pub text: String,
    /// From `article:published_time` (or similar meta, or JSON-LD), else the first
    /// `<time datetime>`.
    pub published: Option<String>,
    /// The outlet, from `og:site_name` (or JSON-LD publisher).
    pub source: Option<String>,
    /// From `<link rel="canonical">`, else `og:url`.
    pub url: Option<String>,
    /// The author line, when the page has one.
    pub byline: Option<String>,
}

impl HtmlArticle {
    /// The article as a [`Document`] with an empty id (the extractor derives one).
    ///
    /// **Why:** the HTML reader's result is a document like any other.
    /// **Example:** `html_main_text(page)?.into_document().text`.
    pub fn into_document(self) -> Document {
        Document {
            id: String::new(),
            title: self.title,
            url: self.url,
            source: self.source,
            published: self.published,
            text: self.text,
        }
    }
}

/// No article text could be found in an HTML page.
///
/// **What/why:** the error of [`html_main_text`] for pages that are all navigation,
/// scripts or markup. **Example:** displays as `no article text found`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("no article text found")]
pub struct NoArticleText;

/// Main article text of an HTML page (navigation, scripts, footers, ads dropped), with its
/// title, publication time, outlet and canonical URL when the page gives them.
///
/// **What:** runs Readability (`dom_smoothie`, formatted text) and falls back to a plain
/// paragraph collector when that finds nothing. Broken HTML (unclosed tags, stray `<`) is
/// repaired by the HTML5 parser, never a panic. **Why:** news pages are mostly chrome;
/// the extractor should only see the story.
///
/// **Example:**
/// ```
/// use sitrep_ingest::html_main_text;
/// let page = r#"<html><head><meta property="og:title" content="Border talks stall">
///   <meta property="og:site_name" content="The Example Times"></head>
///   <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
///   <article><p>Negotiators left the border town without an agreement on Tuesday.</p>
///   <p>Both delegations said they would return next month.</p></article>
///   <footer>Copyright The Example Times</footer></body></html>"#;
/// let article = html_main_text(page).unwrap();
/// assert_eq!(article.title.as_deref(), Some("Border talks stall"));
/// assert_eq!(article.source.as_deref(), Some("The Example Times"));
/// assert!(article.text.starts_with("Negotiators left"));
/// assert!(!article.text.contains("Copyright"));
/// ```
pub fn html_main_text(html: &str) -> Result<HtmlArticle, NoArticleText> {
    let doc = Html::parse_document(html);
    let body = doc.select(selector(&SEL_BODY, "body")).next().unwrap_or_else(|| doc.root_element());
    let page_text = body.text().map(str::len).sum::<usize>();
    // A page whose only words are in navigation, header, footer, asides or scripts has no
    // article, whatever Readability would make of it.
    if !has_content_text(body, page_text) {
        return Err(NoArticleText);
    }
    let readable = readability(html);
    let text = readable
        .as_ref()
        .map(|article| clean_text(&article.text_content))
        .filter(|text| has_words(text))
        .or_else(|| Some(fallback_text(&doc, body, page_text)).filter(|text| has_words(text)))
        .ok_or(NoArticleText)?;

    let meta = MetaTags::collect(&doc);
    let first = |keys: &[&str]| keys.iter().find_map(|k| meta.get(k));
    let from_readability =
        |f: fn(&dom_smoothie::Article) -> Option<String>| readable.as_ref().and_then(f).and_then(|s| clean_line(&s));

    let title = first(&["og:title", "twitter:title", "dc.title", "headline"])
        .or_else(|| from_readability(|a| Some(a.title.clone())))
        .or_else(|| first_text(&doc, selector(&SEL_TITLE, "title")))
        .or_else(|| first_text(&doc, selector(&SEL_H1, "h1")));
    let published = first(&[
        "article:published_time",
        "og:article:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "publish-date",
        "dc.date.issued",
        "dc.date",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
    ])
    .or_else(|| from_readability(|a| a.published_time.clone()))
    .or_else(|| time_datetime(&doc))
    .map(|d| crate::json::normalize_date(&d).unwrap_or(d));
    let source = first(&["og:site_name"]).or_else(|| from_readability(|a| a.site_name.clone()));
    let url = canonical_url(&doc).or_else(|| first(&["og:url"])).or_else(|| from_readability(|a| a.url.clone()));
    let byline = from_readability(|a| a.byline.clone())
        .or_else(|| first(&["author", "dc.creator"]))
        .or_else(|| first(&["article:author"]).filter(|a| !a.starts_with("http")));

    Ok(HtmlArticle { title, text, published, source, url, byline })
}

/// True when content that starts with `<` looks like an HTML page (for format sniffing).
pub(crate) fn looks_like_page(start: &str) -> bool {
    let head = prefix(start, 4096).to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body", "<article", "<p>", "<p ", "<div"].iter().any(|tag| head.contains(tag))
}

/// True when a record's text is HTML markup rather than plain text: it starts with a
/// known HTML tag (not, say, Reuters' `<Acme Corp> said ...`) and has a closing tag or a
/// line break or paragraph tag.
pub(crate) fn looks_like_markup(text: &str) -> bool {
    const TAGS: &[&str] = &[
        "!doctype",
        "!--",
        "html",
        "head",
        "body",
        "div",
        "p",
        "article",
        "section",
        "main",
        "span",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "a",
        "b",
        "i",
        "em",
        "strong",
        "br",
        "table",
        "header",
        "figure",
        "img",
        "blockquote",
        "meta",
        "title",
        "font",
        "center",
        "pre",
        "nav",
        "style",
        "script",
        "link",
        "hr",
        "time",
        "small",
    ];
    let t = text.trim_start();
    let Some(rest) = t.strip_prefix('<') else {
        return false;
    };
    let name_len = rest.bytes().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'!' | b'-')).count();
    let name = rest[..name_len].to_ascii_lowercase();
    let after = rest[name_len..].chars().next();
    if !TAGS.contains(&name.as_str()) || !matches!(after, Some('>' | ' ' | '/' | '\t' | '\n')) {
        return name.starts_with("!--");
    }
    let lower = prefix(t, 65536).to_ascii_lowercase();
    let closes = lower.as_bytes().windows(3).any(|w| w[0] == b'<' && w[1] == b'/' && w[2].is_ascii_alphabetic());
    closes || lower.contains("<br") || lower.contains("<p>") || lower.contains("<p ")
}

/// Readability's article, or `None` when it finds nothing (or, defensively, panics).
/// Boilerplate blocks marked by class, id or role are removed first, since Readability
/// keeps e.g. an ad slot that sits between two paragraphs.
fn readability(html: &str) -> Option<dom_smoothie::Article> {
    catch_unwind(AssertUnwindSafe(|| {
        let doc = dom_query::Document::from(html);
        strip_boilerplate(&doc);
        let config = Config { text_mode: TextMode::Formatted, ..Config::default() };
        let mut reader = Readability::with_document(doc, None, Some(config)).ok()?;
        reader.parse().ok()
    }))
    .ok()
    .flatten()
}

/// Removes the elements [`is_boilerplate`] marks, unless they hold a third or more of
/// the page's text (then the mark is more likely a site-wide class on a wrapper), and
/// `nav`, `footer`, `aside` and site-level `header` elements.
fn strip_boilerplate(doc: &dom_query::Document) {
    let total = doc.body().map_or(0, |body| body.text().len());
    let marked = doc.select("[class], [id], [role], [aria-hidden], [hidden]");
    for node in marked.nodes() {
        let Some(name) = node.node_name() else {
            continue;
        };
        let attr = |key: &str| node.attr(key);
        let (class, id, role, aria, hidden) =
            (attr("class"), attr("id"), attr("role"), attr("aria-hidden"), attr("hidden"));
        let marks = Marks {
            name: &name,
            class: class.as_deref(),
            id: id.as_deref(),
            role: role.as_deref(),
            aria_hidden: aria.as_deref(),
            hidden: hidden.is_some(),
        };
        if is_boilerplate(&marks) && node.text().len() * 3 < total {
            node.remove_from_parent();
        }
    }
    // Page chrome by tag: Readability leaves it in when the story is short. A `<header>`
    // inside the article (headline, byline, standfirst) is left to Readability, and so is
    // anything that wraps the story itself.
    let is = |node: &dom_query::NodeRef, tag: &str| node.node_name().is_some_and(|n| &*n == tag);
    for node in doc.select("nav, footer, aside, header").nodes() {
        let story_header = is(node, "header") && node.ancestors_it(None).any(|a| is(&a, "article"));
        let wraps_story = node.descendants_it().any(|d| is(&d, "article") || is(&d, "main"));
        if !story_header && !wraps_story {
            node.remove_from_parent();
        }
    }
}

/// Collapses spaces within lines, drops empty lines and stock boilerplate lines
/// ("Advertisement"), and separates the remaining lines (paragraphs, headings, list
/// items, captions) by blank lines.
fn clean_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let Some(line) = clean_line(line) else {
            continue;
        };
        if is_stock_line(&line) {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&line);
    }
    out
}

/// Lines that are page furniture wherever they appear.
fn is_stock_line(line: &str) -> bool {
    const STOCK: &[&str] = &[
        "advertisement",
        "advertising",
        "sponsored",
        "sponsored content",
        "skip advertisement",
        "story continues below advertisement",
        "article continues below advertisement",
        "continue reading below",
        "scroll to continue with content",
        "share this article",
        "related stories",
        "related articles",
    ];
    line.len() < 48 && STOCK.iter().any(|s| line.eq_ignore_ascii_case(s))
}

/// One line of whitespace-collapsed text, `None` when empty.
fn clean_line(text: &str) -> Option<String> {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!line.is_empty()).then_some(line)
}

/// At most `max` bytes of `s`, cut at a char boundary.
fn prefix(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

static SEL_META: OnceLock<Selector> = OnceLock::new();
static SEL_LINK: OnceLock<Selector> = OnceLock::new();
static SEL_TITLE: OnceLock<Selector> = OnceLock::new();
static SEL_H1: OnceLock<Selector> = OnceLock::new();
static SEL_TIME: OnceLock<Selector> = OnceLock::new();
static SEL_ARTICLE_TIME: OnceLock<Selector> = OnceLock::new();
static SEL_ARTICLE: OnceLock<Selector> = OnceLock::new();
static SEL_MAIN: OnceLock<Selector> = OnceLock::new();
static SEL_BODY: OnceLock<Selector> = OnceLock::new();

fn selector(cell: &'static OnceLock<Selector>, css: &str) -> &'static Selector {
    cell.get_or_init(|| Selector::parse(css).expect("static selector"))
}

/// `<meta>` values by lower-cased `property`, `name` or `itemprop`; the first one wins.
struct MetaTags(Vec<(String, String)>);

impl MetaTags {
    fn collect(doc: &Html) -> Self {
        let mut tags = Vec::new();
        for el in doc.select(selector(&SEL_META, "meta")) {
            let Some(content) = el.attr("content").and_then(clean_line) else {
                continue;
            };
            for key in ["property", "name", "itemprop"] {
                if let Some(k) = el.attr(key) {
                    tags.push((k.trim().to_ascii_lowercase(), content.clone()));
                }
            }
        }
        MetaTags(tags)
    }

    fn get(&self, key: &str) -> Option<String> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }
}

fn first_text(doc: &Html, sel: &Selector) -> Option<String> {
    doc.select(sel).find_map(|el| clean_line(&el.text().collect::<String>()))
}

fn canonical_url(doc: &Html) -> Option<String> {
    doc.select(selector(&SEL_LINK, "link[rel][href]"))
        .find(|el| {
            el.attr("rel").is_some_and(|rel| rel.split_whitespace().any(|r| r.eq_ignore_ascii_case("canonical")))
        })
        .and_then(|el| el.attr("href"))
        .and_then(clean_line)
}

/// The first `<time datetime>` inside an `<article>`, else anywhere.
fn time_datetime(doc: &Html) -> Option<String> {
    let attr = |el: ElementRef| el.attr("datetime").and_then(clean_line);
    doc.select(selector(&SEL_ARTICLE_TIME, "article time[datetime]"))
        .find_map(attr)
        .or_else(|| doc.select(selector(&SEL_TIME, "time[datetime]")).find_map(attr))
}

/// Elements whose whole subtree is never article text.
const DROPPED: &[&str] = &[
    "nav", "header", "footer", "aside", "script", "style", "form", "noscript", "template", "svg", "button", "select",
    "textarea", "iframe", "object", "canvas", "dialog", "menu", "head", "title",
];

/// Elements collected as one paragraph each.
const BLOCKS: &[&str] = &["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "dt", "dd", "figcaption"];

/// Inline elements: no word break around them.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q", "s", "samp",
    "small", "span", "strong", "sub", "sup", "time", "u", "var", "del", "ins", "label",
];

/// Class or id fragments that mark boilerplate blocks.
const BOILERPLATE: &[&str] = &[
    "cookie",
    "consent",
    "gdpr",
    "newsletter",
    "subscribe",
    "signup",
    "advert",
    "sponsor",
    "promo",
    "share",
    "social",
    "related",
    "comment",
    "breadcrumb",
    "sidebar",
    "navbar",
    "menu",
    "banner",
    "popup",
    "modal",
    "paywall",
    "outbrain",
    "taboola",
];

/// The attributes that can mark an element as page furniture.
struct Marks<'a> {
    name: &'a str,
    class: Option<&'a str>,
    id: Option<&'a str>,
    role: Option<&'a str>,
    aria_hidden: Option<&'a str>,
    hidden: bool,
}

/// Elements that are never removed for their class or id: they wrap the whole page or
/// the story itself.
const PROTECTED: &[&str] = &["html", "body", "main", "article"];

/// True for elements marked as boilerplate by class/id fragments (cookie, newsletter,
/// share, related, ad...), a landmark role (navigation, banner, contentinfo,
/// complementary, search, dialog), `hidden` or `aria-hidden="true"`.
fn is_boilerplate(m: &Marks) -> bool {
    if PROTECTED.iter().any(|p| m.name.eq_ignore_ascii_case(p)) {
        return false;
    }
    if m.hidden || m.aria_hidden.is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
        return true;
    }
    if let Some(role) = m.role {
        let role = role.trim().to_ascii_lowercase();
        if ["navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog"]
            .contains(&role.as_str())
        {
            return true;
        }
    }
    let marked = |value: &str| {
        value.split_whitespace().any(|token| {
            let token = token.to_ascii_lowercase();
            token == "ad"
                || token == "ads"
                || token.starts_with("ad-")
                || token.starts_with("ads-")
                || token.ends_with("-ad")
                || BOILERPLATE.iter().any(|b| token.contains(b))
        })
    };
    m.class.is_some_and(marked) || m.id.is_some_and(marked)
}

/// Whether the fallback extraction skips an element's subtree: dropped tags, and
/// boilerplate holding less than a third of the page's text.
fn is_dropped(el: ElementRef, page_text: usize) -> bool {
    DROPPED.contains(&el.value().name()) || (is_boilerplate(&marks_of(el)) && text_len(el) * 3 < page_text)
}

/// The scraper-based extraction: paragraphs of the best container, or failing that all
/// of its visible text.
fn fallback_text(doc: &Html, body: ElementRef, page_text: usize) -> String {
    let longest = |sel: &Selector| {
        doc.select(sel)
            .map(|el| {
                let mut paras = Vec::new();
                collect_blocks(el, page_text, &mut paras);
                paras
            })
            .max_by_key(|paras| paras.iter().map(String::len).sum::<usize>())
            .filter(|paras| !paras.is_empty())
    };
    let paras = longest(selector(&SEL_ARTICLE, "article"))
        .or_else(|| longest(selector(&SEL_MAIN, "main, [role=main]")))
        .or_else(|| longest(selector(&SEL_BODY, "body")));
    if let Some(paras) = paras {
        return paras.join("\n\n");
    }
    let mut text = String::new();
    collect_text(body, page_text, &mut text);
    clean_line(&text).unwrap_or_default()
}

/// Page chrome: never counted as content by [`has_content_text`].
const CHROME: &[&str] = &[
    "nav", "header", "footer", "aside", "script", "style", "noscript", "template", "head", "title", "svg", "button",
    "select", "textarea", "iframe", "object", "canvas",
];

/// Whether any words lie outside page chrome and boilerplate blocks.
fn has_content_text(node: ElementRef, page_text: usize) -> bool {
    node.children().any(|child| match child.value() {
        Node::Text(text) => has_words(text),
        Node::Element(el) => ElementRef::wrap(child).is_some_and(|child| {
            let skip =
                CHROME.contains(&el.name()) || (is_boilerplate(&marks_of(child)) && text_len(child) * 3 < page_text);
            !skip && has_content_text(child, page_text)
        }),
        _ => false,
    })
}

fn text_len(el: ElementRef) -> usize {
    el.text().map(str::len).sum()
}

fn marks_of(el: ElementRef) -> Marks {
    let e = el.value();
    Marks {
        name: e.name(),
        class: e.attr("class"),
        id: e.attr("id"),
        role: e.attr("role"),
        aria_hidden: e.attr("aria-hidden"),
        hidden: e.attr("hidden").is_some(),
    }
}

fn collect_blocks(node: ElementRef, page_text: usize, out: &mut Vec<String>) {
    for child in node.children() {
        let Some(child) = ElementRef::wrap(child) else {
            continue;
        };
        if is_dropped(child, page_text) {
            continue;
        }
        if BLOCKS.contains(&child.value().name()) {
            let mut text = String::new();
            collect_text(child, page_text, &mut text);
            if let Some(line) = clean_line(&text).filter(|l| !is_stock_line(l)) {
                out.push(line);
            }
        } else {
            collect_blocks(child, page_text, out);
        }
    }
}

fn collect_text(node: ElementRef, page_text: usize, out: &mut String) {
    for child in node.children() {
        match child.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(el) => {
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                if is_dropped(child, page_text) {
                    continue;
                }
                let inline = INLINE.contains(&el.name());
                if !inline {
                    out.push(' ');
                }
                collect_text(child, page_text, out);
                if !inline {
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_collapses_space_and_blank_lines() {
        assert_eq!(clean_text("  a   b \n\n\n\n c\nd  \n\nAdvertisement\n"), "a b\n\nc\n\nd");
        assert_eq!(clean_text("\n\n x"), "x");
    }

    #[test]
    fn markup_detection() {
        assert!(looks_like_markup("<p>Hello</p>"));
        assert!(looks_like_markup("  <div>a<br>b"));
        assert!(looks_like_markup("<!DOCTYPE html><html><body>x</body></html>"));
        assert!(!looks_like_markup("<3 this"));
        assert!(!looks_like_markup("Plain <b>bold</b> text"));
        assert!(!looks_like_markup("<Acme Corp> said it sold <B> shares</"));
        assert!(looks_like_markup("<p> alone, unclosed"));
    }

    fn fallback(html: &str) -> String {
        let doc = Html::parse_document(html);
        let body = doc.select(selector(&SEL_BODY, "body")).next().unwrap();
        fallback_text(&doc, body, text_len(body))
    }

    #[test]
    fn fallback_skips_boilerplate() {
        let text = fallback(
            "<body><div class='cookie-notice'><p>We use cookies.</p></div>\
             <nav><li>Home</li></nav><main><h2>Heading</h2><p>Body <b>text</b> here.</p>\
             <ul><li>Item <p>one</p></li></ul><div class='ad-slot'><p>Buy!</p></div></main>\
             <footer><p>Footer</p></footer></body>",
        );
        assert_eq!(text, "Heading\n\nBody text here.\n\nItem one");
    }

    #[test]
    fn fallback_without_blocks_takes_visible_text() {
        let text = fallback("<body><div>Just <span>some</span><div>words</div></div></body>");
        assert_eq!(text, "Just some words");
    }
}
