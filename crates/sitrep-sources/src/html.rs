//! Main-text extraction from a news page: the story's paragraphs without
//! navigation, ads, share bars, related links or comments, and the title,
//! byline, date, site and language from the page's metadata.
//!
//! ```
//! let page = r#"<html lang="en"><head><title>Bridge reopens | The Valley Courier</title>
//! <meta property="article:published_time" content="2024-05-02T08:00:00+02:00"></head>
//! <body><nav><a href="/">Home</a></nav><article><h1>Bridge reopens</h1>
//! <p>The old river bridge reopened to traffic on Thursday after two years of repairs, the council said.</p>
//! <div class="share-bar">Share on social media</div></article></body></html>"#;
//! let a = sitrep_sources::html::extract(page);
//! assert_eq!(a.title.as_deref(), Some("Bridge reopens"));
//! assert_eq!(a.published.as_deref(), Some("2024-05-02T08:00:00+02:00"));
//! assert!(a.text.starts_with("The old river bridge reopened"));
//! assert!(!a.text.contains("Share"));
//! ```

use crate::dates;
use crate::dom::{parse, Dom, NodeKind};
use crate::text::collapse_whitespace;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

static HINTS_TSV: &str = include_str!("../data/html_hints.tsv");
static BOILERPLATE_TXT: &str = include_str!("../data/boilerplate.txt");

struct Hints {
    tags: HashSet<&'static str>,
    words: HashSet<&'static str>,
    roles: HashSet<&'static str>,
    blocks: HashSet<&'static str>,
    boilerplate: HashSet<String>,
}

fn hints() -> &'static Hints {
    static H: OnceLock<Hints> = OnceLock::new();
    H.get_or_init(|| {
        let mut h = Hints {
            tags: HashSet::new(),
            words: HashSet::new(),
            roles: HashSet::new(),
            blocks: HashSet::new(),
            boilerplate: HashSet::new(),
        };
        for line in HINTS_TSV.lines().filter(|l| !l.starts_with('#')) {
            let Some((kind, value)) = line.split_once('\t') else { continue };
            let set = match kind.trim() {
                "tag" => &mut h.tags,
                "hint" => &mut h.words,
                "role" => &mut h.roles,
                "block" => &mut h.blocks,
                _ => continue,
            };
            set.insert(value.trim());
        }
        h.boilerplate = BOILERPLATE_TXT
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.trim().to_lowercase())
            .collect();
        h
    })
}

/// What a page says about itself and its story.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    pub title: Option<String>,
    pub byline: Option<String>,
    /// RFC 3339 timestamp or `YYYY-MM-DD`, see [`crate::dates::normalise`].
    pub published: Option<String>,
    pub site_name: Option<String>,
    /// The page's declared language, primary subtag (`en`, `fr`).
    pub language: Option<String>,
    /// The canonical URL the page declares.
    pub url: Option<String>,
    /// The story's paragraphs, separated by blank lines.
    pub text: String,
}

/// Elements that end a run of inline text.
const BLOCK_LEVEL: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "section",
    "article",
    "main",
    "table",
    "tr",
    "td",
    "th",
    "br",
    "hr",
    "header",
    "footer",
    "figcaption",
    "address",
    "body",
];

/// Extracts the story and its metadata from a page.
pub fn extract(html: &str) -> Article {
    let dom = parse(html);
    let meta = Meta::read(&dom);
    let removed = furniture(&dom);
    let root = main_content(&dom, &removed);
    let mut blocks = Vec::new();
    let mut buf = Block::default();
    for &n in &root {
        emit(&dom, &removed, n, &mut buf, &mut blocks);
    }
    buf.flush(&mut blocks);

    let title = meta.title(&dom, &removed);
    let byline = meta.byline(&dom);
    let text = keep_story_blocks(blocks, title.as_deref());
    Article {
        title,
        byline,
        published: meta.published(&dom, &removed, &root),
        site_name: meta.site_name(),
        language: meta.language(),
        url: meta.url(),
        text: text.join("\n\n"),
    }
}

/// The text of an HTML fragment (a feed item's description or content):
/// paragraphs without furniture, link-only lines or boilerplate lines.
pub fn fragment_text(html: &str) -> String {
    let dom = parse(html);
    let removed = furniture(&dom);
    let mut blocks = Vec::new();
    let mut buf = Block::default();
    emit(&dom, &removed, 0, &mut buf, &mut blocks);
    buf.flush(&mut blocks);
    let all = blocks.len();
    let kept = keep_story_blocks(blocks, None);
    if kept.is_empty() && all > 0 {
        // a fragment that is only a link ("Read the story") still says something
        let mut blocks = Vec::new();
        emit(&dom, &removed, 0, &mut buf, &mut blocks);
        buf.flush(&mut blocks);
        return blocks.into_iter().map(|b| b.text).collect::<Vec<_>>().join("\n\n");
    }
    kept.join("\n\n")
}

fn keep_story_blocks(blocks: Vec<Paragraph>, title: Option<&str>) -> Vec<String> {
    let bp = &hints().boilerplate;
    blocks
        .into_iter()
        .filter(|b| {
            let key = b.text.trim_end_matches(['.', ':', '!', '…', ' ']).to_lowercase();
            let link_heavy = b.link_chars * 2 > b.text.chars().count();
            !b.text.is_empty() && !link_heavy && !bp.contains(&key) && title != Some(b.text.as_str())
        })
        .map(|b| b.text)
        .collect()
}

fn class_words(dom: &Dom, n: usize) -> impl Iterator<Item = String> + '_ {
    let cls = dom.attr(n, "class").unwrap_or("");
    let id = dom.attr(n, "id").unwrap_or("");
    cls.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .chain(id.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
}

/// Length of the text inside `<p>` elements under each node.
fn paragraph_text(dom: &Dom) -> Vec<usize> {
    let mut own = vec![0usize; dom.nodes.len()];
    let mut in_p = vec![false; dom.nodes.len()];
    for n in 1..dom.nodes.len() {
        let parent = dom.nodes[n].parent.unwrap_or(0);
        in_p[n] = in_p[parent] || dom.tag(n) == Some("p");
        if let NodeKind::Text(t) = &dom.nodes[n].kind {
            if in_p[n] {
                own[n] = t.trim().len();
            }
        }
    }
    for n in (1..dom.nodes.len()).rev() {
        let parent = dom.nodes[n].parent.unwrap_or(0);
        own[parent] += own[n];
    }
    own
}

/// Marks page furniture: dropped tags, ARIA roles, hidden elements, and
/// blocks whose class or id names furniture. A class hint never drops a
/// block holding most of the page's paragraph text (a wrapper named
/// `content with-sidebar` is still the story).
fn furniture(dom: &Dom) -> Vec<bool> {
    let h = hints();
    let para = paragraph_text(dom);
    let total = para[0].max(1);
    let mut removed = vec![false; dom.nodes.len()];
    for n in 1..dom.nodes.len() {
        let parent = dom.nodes[n].parent.unwrap_or(0);
        if removed[parent] {
            removed[n] = true;
            continue;
        }
        let Some(tag) = dom.tag(n) else { continue };
        let hidden = dom.attr(n, "hidden").is_some()
            || dom.attr(n, "aria-hidden") == Some("true")
            || dom
                .attr(n, "style")
                .is_some_and(|s| s.replace(' ', "").to_ascii_lowercase().contains("display:none"));
        let by_role = dom.attr(n, "role").is_some_and(|r| h.roles.contains(r.trim()));
        let by_hint = matches!(
            tag,
            "div" | "section" | "ul" | "ol" | "span" | "p" | "aside" | "a" | "li" | "table" | "h2" | "h3" | "h4"
        ) && class_words(dom, n).any(|w| h.words.contains(w.as_str()))
            && para[n] * 2 < total;
        // a date standing alone (under the headline, in a meta line) is metadata, not story text
        let lone_time = tag == "time" && !dom.ancestors(n).any(|a| matches!(dom.tag(a), Some("p" | "li")));
        removed[n] = h.tags.contains(tag) || hidden || by_role || by_hint || lone_time;
    }
    removed
}

/// The nodes that hold the story: the best-scoring container of paragraphs
/// (each paragraph scores 1, plus one per comma, plus one per 100
/// characters up to 3; its parent gets it all, its grandparent half, the
/// next a sixth), discounted by link density, together with its siblings
/// that score at least a fifth as well.
fn main_content(dom: &Dom, removed: &[bool]) -> Vec<usize> {
    let mut score: HashMap<usize, f64> = HashMap::new();
    for (n, &gone) in removed.iter().enumerate().skip(1) {
        if gone || !dom.tag(n).is_some_and(|t| hints().blocks.contains(t)) {
            continue;
        }
        let text = dom.text_of(n);
        let len = text.chars().count();
        if len < 25 {
            continue;
        }
        let s = 1.0 + text.matches(',').count() as f64 + (len as f64 / 100.0).min(3.0);
        for (level, a) in dom.ancestors(n).take(3).enumerate() {
            if a == 0 {
                break;
            }
            let div = [1.0, 2.0, 6.0][level];
            *score.entry(a).or_default() += s / div;
        }
    }
    let scored: Vec<(usize, f64)> = score.iter().map(|(&n, &s)| (n, s * (1.0 - link_density(dom, n)))).collect();
    let Some(&(top, top_score)) = scored.iter().max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0))) else {
        // no paragraphs: the body's text, less its furniture
        let body = dom.elements("body").next().unwrap_or(0);
        return vec![body];
    };
    let Some(parent) = dom.nodes[top].parent else { return vec![top] };
    let adjusted: HashMap<usize, f64> = scored.into_iter().collect();
    dom.nodes[parent]
        .children
        .iter()
        .copied()
        .filter(|&c| {
            if c == top {
                return true;
            }
            if removed[c] {
                return false;
            }
            if adjusted.get(&c).is_some_and(|&s| s >= top_score * 0.2) {
                return true;
            }
            // a loose paragraph beside the container, long and not a list of links
            dom.tag(c) == Some("p") && dom.text_of(c).chars().count() > 80 && link_density(dom, c) < 0.25
        })
        .collect()
}

fn link_density(dom: &Dom, n: usize) -> f64 {
    let total = dom.text_of(n).chars().count();
    if total == 0 {
        return 0.0;
    }
    let mut links = 0;
    let mut stack = vec![n];
    while let Some(m) = stack.pop() {
        if dom.tag(m) == Some("a") {
            links += dom.text_of(m).chars().count();
        } else {
            stack.extend(dom.nodes[m].children.iter().copied());
        }
    }
    (links as f64 / total as f64).min(1.0)
}

#[derive(Default)]
struct Block {
    raw: String,
    link_raw: usize,
}

struct Paragraph {
    text: String,
    link_chars: usize,
}

impl Block {
    fn flush(&mut self, out: &mut Vec<Paragraph>) {
        let text = collapse_whitespace(&self.raw);
        if !text.is_empty() {
            let total_raw = self.raw.chars().filter(|c| !c.is_whitespace()).count().max(1);
            let chars = text.chars().count();
            out.push(Paragraph {
                link_chars: self.link_raw * chars / total_raw,
                text,
            });
        }
        self.raw.clear();
        self.link_raw = 0;
    }
}

/// Writes the story's text under `n` into paragraphs: each block-level
/// element ends a paragraph; headings other than the title stay as their
/// own paragraphs.
fn emit(dom: &Dom, removed: &[bool], n: usize, buf: &mut Block, out: &mut Vec<Paragraph>) {
    if removed[n] {
        return;
    }
    match &dom.nodes[n].kind {
        NodeKind::Text(t) => buf.raw.push_str(t),
        NodeKind::Element { tag, .. } => {
            if tag == "h1" {
                return;
            }
            let block = BLOCK_LEVEL.contains(&tag.as_str());
            if block {
                buf.flush(out);
            }
            let before = buf.raw.chars().filter(|c| !c.is_whitespace()).count();
            for &c in &dom.nodes[n].children {
                emit(dom, removed, c, buf, out);
            }
            if tag == "a" {
                buf.link_raw += buf.raw.chars().filter(|c| !c.is_whitespace()).count().saturating_sub(before);
            }
            if block {
                buf.flush(out);
            }
        }
    }
}

/// The page's metadata: `<meta>` values, JSON-LD article objects, `<time>`
/// elements, the `<title>` and the `<html lang>`.
struct Meta {
    values: HashMap<String, String>,
    canonical: Option<String>,
    lang: Option<String>,
    title_tag: Option<String>,
    ld: Vec<serde_json::Value>,
}

impl Meta {
    fn read(dom: &Dom) -> Meta {
        let mut values = HashMap::new();
        for n in dom.elements("meta") {
            let key = dom
                .attr(n, "property")
                .or_else(|| dom.attr(n, "name"))
                .or_else(|| dom.attr(n, "itemprop"))
                .or_else(|| dom.attr(n, "http-equiv"));
            if let (Some(k), Some(v)) = (key, dom.attr(n, "content")) {
                let v = collapse_whitespace(v);
                if !v.is_empty() {
                    values.entry(k.trim().to_ascii_lowercase()).or_insert(v);
                }
            }
        }
        let canonical = dom
            .elements("link")
            .find(|&n| dom.attr(n, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")))
            .and_then(|n| dom.attr(n, "href"))
            .map(str::to_string);
        let lang = dom.elements("html").next().and_then(|n| dom.attr(n, "lang")).map(str::to_string);
        let title_tag = dom.elements("title").next().map(|n| dom.text_of(n)).filter(|t| !t.is_empty());
        let mut ld = Vec::new();
        for n in dom.elements("script") {
            if dom.attr(n, "type").is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) {
                let raw: String = dom.nodes[n]
                    .children
                    .iter()
                    .filter_map(|&c| match &dom.nodes[c].kind {
                        NodeKind::Text(t) => Some(t.as_str()),
                        NodeKind::Element { .. } => None,
                    })
                    .collect();
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(raw.trim()) {
                    collect_articles(&v, &mut ld);
                }
            }
        }
        Meta {
            values,
            canonical,
            lang,
            title_tag,
            ld,
        }
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str)
    }

    fn ld_str(&self, key: &str) -> Option<String> {
        self.ld.iter().find_map(|o| {
            o.get(key)
                .and_then(|v| v.as_str())
                .map(collapse_whitespace)
                .filter(|s| !s.is_empty())
        })
    }

    fn site_name(&self) -> Option<String> {
        self.get("og:site_name")
            .map(str::to_string)
            .or_else(|| {
                self.ld.iter().find_map(|o| {
                    o.get("publisher")
                        .and_then(|p| p.get("name"))
                        .and_then(|v| v.as_str())
                        .map(str::to_string)
                })
            })
            .or_else(|| self.get("application-name").map(str::to_string))
    }

    fn language(&self) -> Option<String> {
        let raw = self
            .lang
            .as_deref()
            .or_else(|| self.get("content-language"))
            .or_else(|| self.get("og:locale"))?;
        let primary = raw.split(['-', '_', ',']).next()?.trim().to_ascii_lowercase();
        (primary.len() >= 2 && primary.len() <= 3 && primary.chars().all(|c| c.is_ascii_alphabetic())).then_some(primary)
    }

    fn url(&self) -> Option<String> {
        self.canonical
            .clone()
            .or_else(|| self.get("og:url").map(str::to_string))
            .filter(|u| u.starts_with("http"))
    }

    /// og:title, twitter:title, the JSON-LD headline, the first `<h1>`, or
    /// the `<title>` less a " | Site" part. A site name is cut from any of them.
    fn title(&self, dom: &Dom, removed: &[bool]) -> Option<String> {
        let site = self.site_name();
        let h1 = dom
            .elements("h1")
            .find(|&n| !dom.ancestors(n).any(|a| matches!(dom.tag(a), Some("nav" | "footer"))) && !removed_by_tag(dom, removed, n))
            .map(|n| dom.text_of(n))
            .filter(|t| !t.is_empty());
        let candidates = [
            self.get("og:title").map(str::to_string),
            self.get("twitter:title").map(str::to_string),
            self.ld_str("headline"),
            h1.clone(),
        ];
        if let Some(t) = candidates.into_iter().flatten().next() {
            return Some(strip_site(&t, site.as_deref(), h1.as_deref()));
        }
        self.title_tag.as_deref().map(|t| strip_site(t, site.as_deref(), None)).map(|t| {
            // "Headline | Site" with an unknown site: keep the longer side
            let parts = split_title(&t);
            if parts.len() > 1 {
                parts.into_iter().max_by_key(|p| p.len()).unwrap_or_default()
            } else {
                t
            }
        })
    }

    fn byline(&self, dom: &Dom) -> Option<String> {
        let not_url = |s: &&str| !s.starts_with("http");
        if let Some(a) = self
            .get("author")
            .filter(not_url)
            .or_else(|| self.get("article:author").filter(not_url))
        {
            return Some(strip_by(a));
        }
        let ld: Vec<String> = self.ld.iter().filter_map(|o| o.get("author")).flat_map(author_names).collect();
        if !ld.is_empty() {
            return Some(ld.join(", "));
        }
        (1..dom.nodes.len())
            .find(|&n| {
                dom.tag(n).is_some()
                    && (dom.attr(n, "rel") == Some("author")
                        || dom.attr(n, "itemprop") == Some("author")
                        || class_words(dom, n).any(|w| w == "byline" || w == "author"))
            })
            .map(|n| strip_by(&dom.text_of(n)))
            .filter(|s| !s.is_empty())
    }

    /// article:published_time, JSON-LD datePublished, itemprop
    /// datePublished, the date metas, then a `<time datetime>` in the story
    /// or anywhere outside the page furniture.
    fn published(&self, dom: &Dom, removed: &[bool], root: &[usize]) -> Option<String> {
        const KEYS: &[&str] = &[
            "article:published_time",
            "og:published_time",
            "datepublished",
            "date",
            "pubdate",
            "publishdate",
            "publish-date",
            "publication_date",
            "dc.date.issued",
            "dc.date",
            "dcterms.created",
            "dcterms.issued",
            "dcterms.date",
            "sailthru.date",
            "parsely-pub-date",
        ];
        let mut candidates: Vec<String> = Vec::new();
        if let Some(v) = self.get("article:published_time") {
            candidates.push(v.to_string());
        }
        candidates.extend(self.ld_str("datePublished"));
        for n in 1..dom.nodes.len() {
            if dom.attr(n, "itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datePublished")) {
                candidates.extend(dom.attr(n, "content").or_else(|| dom.attr(n, "datetime")).map(str::to_string));
            }
        }
        candidates.extend(KEYS.iter().filter_map(|k| self.get(k)).map(str::to_string));
        let times: Vec<usize> = dom.elements("time").filter(|&n| dom.attr(n, "datetime").is_some()).collect();
        let in_root = |n: usize| root.iter().any(|&r| r == n || dom.ancestors(n).any(|a| a == r));
        let in_article = |n: usize| dom.ancestors(n).any(|a| dom.tag(a) == Some("article"));
        let ordered = times
            .iter()
            .filter(|&&n| dom.attr(n, "pubdate").is_some())
            .chain(times.iter().filter(|&&n| in_root(n) || in_article(n)))
            .chain(times.iter().filter(|&&n| !removed[n]));
        candidates.extend(ordered.filter_map(|&n| dom.attr(n, "datetime")).map(str::to_string));
        candidates.iter().find_map(|c| dates::normalise(c))
    }
}

/// Whether a node sits inside an element dropped by its tag (nav, footer…).
fn removed_by_tag(dom: &Dom, removed: &[bool], n: usize) -> bool {
    removed[n]
        && dom
            .ancestors(n)
            .any(|a| dom.tag(a).is_some_and(|t| matches!(t, "nav" | "footer" | "aside" | "form")))
}

fn split_title(t: &str) -> Vec<String> {
    let mut parts = vec![t.to_string()];
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if t.contains(sep) {
            parts = t.split(sep).map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
            break;
        }
    }
    parts
}

/// "Headline | Site" → "Headline" when the site or the page's h1 tells which side is which.
fn strip_site(t: &str, site: Option<&str>, h1: Option<&str>) -> String {
    let parts = split_title(t);
    if parts.len() < 2 {
        return t.trim().to_string();
    }
    if let Some(h) = h1 {
        if parts.iter().any(|p| p == h) {
            return h.to_string();
        }
    }
    if let Some(s) = site {
        let kept: Vec<&String> = parts.iter().filter(|p| !p.eq_ignore_ascii_case(s)).collect();
        if kept.len() < parts.len() && !kept.is_empty() {
            return kept.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(" - ");
        }
    }
    t.trim().to_string()
}

fn strip_by(s: &str) -> String {
    let s = collapse_whitespace(s);
    let s = match s.get(..3) {
        Some(by) if by.eq_ignore_ascii_case("by ") => s[3..].trim().to_string(),
        _ => s,
    };
    s.trim_end_matches([',', '|', '·']).trim().to_string()
}

fn author_names(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) => vec![collapse_whitespace(s)],
        serde_json::Value::Array(a) => a.iter().flat_map(author_names).collect(),
        serde_json::Value::Object(o) => o
            .get("name")
            .and_then(|n| n.as_str())
            .map(|n| vec![collapse_whitespace(n)])
            .unwrap_or_default(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect()
}

/// JSON-LD objects that describe an article (NewsArticle, BlogPosting…),
/// found at the top level, in arrays or in an `@graph`.
fn collect_articles(v: &serde_json::Value, out: &mut Vec<serde_json::Value>) {
    match v {
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_articles(x, out)),
        serde_json::Value::Object(o) => {
            if let Some(g) = o.get("@graph") {
                collect_articles(g, out);
            }
            let is_article = |t: &str| t.contains("Article") || t.contains("Posting") || t == "Report";
            let typed = match o.get("@type") {
                Some(serde_json::Value::String(t)) => is_article(t),
                Some(serde_json::Value::Array(ts)) => ts.iter().filter_map(|t| t.as_str()).any(is_article),
                _ => false,
            };
            if typed {
                out.push(v.clone());
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_is_dropped_by_tag_class_and_role() {
        let page = r#"<body><div class="main-nav"><a href="/">Home</a> <a href="/world">World</a></div>
        <div role="complementary"><p>Weather today: sunny spells for most of the region, with a light breeze.</p></div>
        <div id="story"><p>Firefighters contained a grass fire near the northern ring road on Sunday, officials said.</p>
        <p>No one was hurt, and the road reopened by the evening, according to the fire service.</p>
        <div class="ad-slot"><p>Buy two, get one free at the corner shop, this week only, while stocks last.</p></div>
        <p class="comment-count">12 comments</p></div>
        <aside><p>Most read: a story about something else entirely that many people clicked on.</p></aside></body>"#;
        let a = extract(page);
        assert_eq!(
            a.text,
            "Firefighters contained a grass fire near the northern ring road on Sunday, officials said.\n\n\
             No one was hurt, and the road reopened by the evening, according to the fire service."
        );
    }

    /// One block of page furniture for each rule of `data/html_hints.tsv`
    /// (tags, class/id words, roles); none may reach the story text.
    const FURNITURE: &[&str] = &[
        r#"<nav><p>Sections of the site listed here for readers who browse.</p></nav>"#,
        r#"<header><p>The paper of record for the valley since the year it began.</p></header>"#,
        r#"<footer><p>Registered office and the small print about the company.</p></footer>"#,
        r#"<aside><p>Elsewhere today: a story about something else entirely.</p></aside>"#,
        r#"<script>var story = "Text inside a script that describes the page for the tracker";</script>"#,
        r#"<style>.story p { font-family: serif; } /* print styles for the whole site */</style>"#,
        r#"<noscript><p>Please enable scripts to see the interactive map here.</p></noscript>"#,
        r#"<form><p>Search the archive of stories going back many years here.</p></form>"#,
        r#"<iframe src="/embed">Embedded player text that browsers would not show.</iframe>"#,
        r#"<svg><text>Chart label for the graphic about water levels in the dam</text></svg>"#,
        r#"<button>Listen to this article read aloud by a computer voice</button>"#,
        r#"<select><option>Choose your edition from the list of regional pages</option></select>"#,
        r#"<template><p>Placeholder for the comment widget that loads later on.</p></template>"#,
        r#"<figure><p>A photograph of the scene taken by a staff photographer.</p></figure>"#,
        r#"<dialog><p>You have read three free articles this month, subscribe today.</p></dialog>"#,
        r#"<div class="ad-slot"><p>Cheap flights to the coast this summer, book now online.</p></div>"#,
        r#"<div id="ads_top"><p>Holiday cottages by the lake available for the whole family.</p></div>"#,
        r#"<div class="advert"><p>New cars with low monthly payments at the dealer in town.</p></div>"#,
        r#"<div class="advertisement-box"><p>Garden furniture sale with half price on all benches.</p></div>"#,
        r#"<div class="sponsored-content"><p>Paid post: how one company makes the best coffee machines.</p></div>"#,
        r#"<div class="promo"><p>Get the print edition delivered to your door each morning.</p></div>"#,
        r#"<div class="related-links"><p>Earlier: the council voted on the road plan last year.</p></div>"#,
        r#"<div class="recommended"><p>You might also like a long read about mountain villages.</p></div>"#,
        r#"<div class="share-bar"><p>Send this story to a friend by email or messenger.</p></div>"#,
        r#"<div class="sharing-tools"><p>Copy the link to this page to your clipboard quickly.</p></div>"#,
        r#"<ul class="social-links"><li>Follow us on every network where our readers are found.</li></ul>"#,
        r#"<div class="comment-box"><p>Join the conversation and tell us what you think about it.</p></div>"#,
        r#"<section id="comments"><p>A reader wrote that the decision was a very bad one indeed.</p></section>"#,
        r#"<div class="newsletter"><p>The morning briefing: the day's news before you have breakfast.</p></div>"#,
        r#"<div class="subscribe-panel"><p>Support independent journalism with a yearly subscription.</p></div>"#,
        r#"<div class="signup-form"><p>Create an account to save stories and read them later on.</p></div>"#,
        r#"<div class="cookie-bar"><p>This site stores small files on your device to remember you.</p></div>"#,
        r#"<div class="consent-dialog"><p>We and our partners process your data for personalised content.</p></div>"#,
        r#"<div id="sidebar"><p>Weather for the week ahead, with rain expected on Thursday.</p></div>"#,
        r#"<div class="breadcrumb"><p>Home, then News, then Regions, then this particular page here.</p></div>"#,
        r#"<ol class="breadcrumbs"><li>Home, News, Regions, and the page you are reading now.</li></ol>"#,
        r#"<div class="menu"><p>Open the menu to find all the sections of the newspaper.</p></div>"#,
        r#"<div class="site-nav"><p>News, Sport, Business, Culture and Opinion pages of the site.</p></div>"#,
        r#"<div class="navbar"><p>Top stories, latest headlines and live blogs from the newsroom.</p></div>"#,
        r#"<div class="masthead"><p>Founded long ago and still printed every day of the week.</p></div>"#,
        r#"<div class="page-footer"><p>Contact the newsroom, careers and advertising enquiries.</p></div>"#,
        r#"<div class="popup"><p>Before you go, read our most popular stories of the week.</p></div>"#,
        r#"<div class="modal"><p>Log in to continue reading this story on our website.</p></div>"#,
        r#"<p class="tags">Topics: weather, roads, rescue services and the regional council</p>"#,
        r#"<div class="outbrain-widget"><p>Promoted stories from around the web that you may enjoy.</p></div>"#,
        r#"<div id="taboola-below"><p>Sponsored links about gadgets and holidays and other things.</p></div>"#,
        r#"<p class="byline">By a staff reporter in the regional office of the newspaper</p>"#,
        r#"<div class="author-bio"><p>The writer covers transport and has worked here for ten years.</p></div>"#,
        r#"<div role="navigation"><p>Skip to the main content or jump to the list of sections.</p></div>"#,
        r#"<div role="banner"><p>The newspaper's name and logo at the top of every single page.</p></div>"#,
        r#"<div role="contentinfo"><p>Copyright of the publisher, with all rights reserved by them.</p></div>"#,
        r#"<div role="complementary"><p>Related coverage in a box beside the article on wide screens.</p></div>"#,
        r#"<div role="search"><p>Type a word to search every story that we have ever published.</p></div>"#,
    ];

    #[test]
    fn every_furniture_rule_drops_its_block() {
        let story = "<p>The regional council approved a new flood barrier on Thursday, with work due to start in the spring.</p>\
                     <p>Engineers said the barrier would protect about 4,000 homes along the river, the council said in a statement.</p>";
        for block in FURNITURE {
            let page = format!("<body><div class=\"story\">{story}{block}</div></body>");
            let a = extract(&page);
            assert!(
                a.text.contains("flood barrier") && a.text.contains("4,000 homes"),
                "{block}: {}",
                a.text
            );
            assert_eq!(a.text.split("\n\n").count(), 2, "{block} was kept: {}", a.text);
        }
        let h = hints();
        let n_rules = h.tags.len() + h.words.len() + h.roles.len();
        assert!(FURNITURE.len() >= n_rules, "{} rules, {} test blocks", n_rules, FURNITURE.len());
    }

    #[test]
    fn a_story_wrapper_named_like_furniture_is_kept() {
        let page = r#"<div class="content with-sidebar"><p>The harbour authority said on Monday that the ferry service would resume next week.</p>
        <p>Repairs to the pier took longer than planned, the authority said, because of winter storms.</p></div>
        <div class="sidebar"><p>Short note.</p></div>"#;
        let a = extract(page);
        assert!(a.text.contains("ferry service would resume"), "{}", a.text);
        assert!(a.text.contains("winter storms"));
        assert!(!a.text.contains("Short note"));
    }

    #[test]
    fn link_lists_and_boilerplate_lines_are_not_story_text() {
        let page = r#"<article><p>The city council approved the new budget on Tuesday, with seven votes in favour and two against.</p>
        <p>Advertisement</p><p><a href="/a">Council approves budget</a> <a href="/b">Budget vote delayed</a></p>
        <p>Read more:</p><p>The budget takes effect in July, the mayor's office said, and includes money for new buses.</p>
        <p>Share this article</p><p>Sign up for our newsletter!</p></article>"#;
        let a = extract(page);
        assert_eq!(a.text.split("\n\n").count(), 2, "{}", a.text);
    }

    #[test]
    fn title_from_og_title_h1_or_title_tag() {
        let og = r#"<head><meta property="og:title" content="Dam levels rise | River Post"><meta property="og:site_name" content="River Post"></head><h1>Something else</h1>"#;
        assert_eq!(extract(og).title.as_deref(), Some("Dam levels rise"));
        let h1 = r#"<title>Dam levels rise after rain - River Post</title><body><h1>Dam levels rise after rain</h1>"#;
        assert_eq!(extract(h1).title.as_deref(), Some("Dam levels rise after rain"));
        let only_title = r#"<title>Dam levels rise after a week of heavy rain | RP</title>"#;
        assert_eq!(
            extract(only_title).title.as_deref(),
            Some("Dam levels rise after a week of heavy rain")
        );
    }

    #[test]
    fn dates_from_each_kind_of_metadata() {
        let cases = [
            (
                r#"<meta property="article:published_time" content="2023-11-02T10:00:00Z">"#,
                "2023-11-02T10:00:00Z",
            ),
            (
                r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2023-11-03"}]}</script>"#,
                "2023-11-03",
            ),
            (
                r#"<span itemprop="datePublished" content="2023-11-04T07:15:00+01:00">4 Nov</span>"#,
                "2023-11-04T07:15:00+01:00",
            ),
            (r#"<meta name="pubdate" content="20231105">"#, "2023-11-05"),
            (r#"<meta name="date" content="November 6, 2023">"#, "2023-11-06"),
            (
                r#"<article><p>Text of the story, long enough to be a paragraph.</p><time datetime="2023-11-07">Tuesday</time></article>"#,
                "2023-11-07",
            ),
        ];
        for (page, want) in cases {
            assert_eq!(extract(page).published.as_deref(), Some(want), "{page}");
        }
    }

    #[test]
    fn byline_from_meta_json_ld_or_markup() {
        assert_eq!(
            extract(r#"<meta name="author" content="By Ana Ruiz">"#).byline.as_deref(),
            Some("Ana Ruiz")
        );
        let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","author":[{"@type":"Person","name":"Ana Ruiz"},{"name":"Li Wei"}]}</script>"#;
        assert_eq!(extract(ld).byline.as_deref(), Some("Ana Ruiz, Li Wei"));
        assert_eq!(
            extract(r#"<p class="story-byline">By Tom Okafor</p>"#).byline.as_deref(),
            Some("Tom Okafor")
        );
    }

    #[test]
    fn language_and_canonical_url() {
        let a = extract(r#"<html lang="pt-BR"><head><link rel="canonical" href="https://example.org/a/1"></head></html>"#);
        assert_eq!(a.language.as_deref(), Some("pt"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/a/1"));
    }
}
