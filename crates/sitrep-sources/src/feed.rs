//! RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 feeds: each item or entry becomes a
//! document with its title, link, date and text (HTML markup removed).
//!
//! ```
//! let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Lakeside Daily</title>
//! <item><title>Ferry resumes</title><link>https://lakeside.example/ferry</link>
//! <pubDate>Mon, 04 Mar 2024 07:30:00 +0100</pubDate>
//! <description>&lt;p&gt;The ferry to the island &lt;b&gt;resumed&lt;/b&gt; on Monday.&lt;/p&gt;</description></item>
//! </channel></rss>"#;
//! let feed = sitrep_sources::feed::parse(rss).unwrap();
//! assert_eq!(feed.title.as_deref(), Some("Lakeside Daily"));
//! assert_eq!(feed.items[0].text, "The ferry to the island resumed on Monday.");
//! assert_eq!(feed.items[0].published.as_deref(), Some("2024-03-04T07:30:00+01:00"));
//! ```

use crate::text::decode_entities;
use crate::{dates, html};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// A parsed feed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Feed {
    pub kind: FeedKind,
    /// The channel's or feed's own title: the publisher of its items.
    pub title: Option<String>,
    pub items: Vec<FeedItem>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FeedKind {
    #[default]
    Rss,
    Atom,
}

/// One item (RSS) or entry (Atom).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedItem {
    pub title: Option<String>,
    pub url: Option<String>,
    /// The item's guid or Atom id.
    pub guid: Option<String>,
    /// RFC 3339 or `YYYY-MM-DD`; None when absent or not a date.
    pub published: Option<String>,
    /// The date as the feed wrote it, for error messages.
    pub published_raw: Option<String>,
    pub author: Option<String>,
    /// Plain text: the full content when the feed carries it, else the summary.
    pub text: String,
    /// 1-based line of the item's start tag in the feed.
    pub line: usize,
}

/// Why a feed could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("line {line}: malformed XML: {message}")]
    Xml { line: usize, message: String },
    #[error("not an RSS or Atom feed (the root element is <{0}>)")]
    NotAFeed(String),
    #[error("empty file")]
    Empty,
}

#[derive(Default)]
struct Fields {
    title: Option<String>,
    link: Option<String>,
    link_text: Option<String>,
    guid: Option<String>,
    pub_date: Option<String>,
    updated: Option<String>,
    author: Option<String>,
    summary: Option<String>,
    content: Option<String>,
    line: usize,
}

/// Which field the text being read belongs to.
#[derive(Clone, Copy, PartialEq)]
enum Slot {
    Title,
    Link,
    Guid,
    PubDate,
    Updated,
    Author,
    Summary,
    Content,
    ChannelTitle,
}

fn line_of(bytes: &[u8], pos: usize) -> usize {
    1 + bytes[..pos.min(bytes.len())].iter().filter(|&&b| b == b'\n').count()
}

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| decode_entities(&String::from_utf8_lossy(&a.value)))
}

/// Parses a feed from its bytes (UTF-8; a declared legacy encoding is
/// honoured for ISO-8859-1 and Windows-1252).
pub fn parse(bytes: &[u8]) -> Result<Feed, FeedError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(FeedError::Empty);
    }
    let declared = declared_encoding(bytes);
    let text = crate::text::decode_bytes(bytes, declared.as_deref());
    let src = text.as_bytes();
    let mut reader = Reader::from_str(&text);
    reader.config_mut().check_end_names = false;
    let mut feed = Feed::default();
    let mut root: Option<String> = None;
    let mut path: Vec<String> = Vec::new();
    let mut item: Option<Fields> = None;
    let mut item_depth = 0;
    // the field being read: (slot, depth of its element, text so far)
    let mut slot: Option<(Slot, usize, String)> = None;
    loop {
        let pos = reader.buffer_position() as usize;
        let ev = reader.read_event().map_err(|e| FeedError::Xml {
            line: line_of(src, reader.error_position() as usize),
            message: e.to_string(),
        })?;
        match ev {
            Event::Eof => break,
            Event::Start(e) => {
                let qname = String::from_utf8_lossy(e.name().as_ref()).to_ascii_lowercase();
                let local = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                if root.is_none() {
                    root = Some(local.clone());
                    feed.kind = if local == "feed" { FeedKind::Atom } else { FeedKind::Rss };
                    if !matches!(local.as_str(), "rss" | "feed" | "rdf") {
                        return Err(FeedError::NotAFeed(qname));
                    }
                }
                path.push(local.clone());
                let depth = path.len();
                if let Some((_, _, buf)) = slot.as_mut() {
                    // markup inside a field (Atom xhtml content): keep it for the HTML stripper
                    buf.push_str(&format!("<{local}>"));
                    continue;
                }
                if item.is_none() && (local == "item" || local == "entry") {
                    item = Some(Fields {
                        line: line_of(src, pos),
                        ..Default::default()
                    });
                    item_depth = depth;
                    continue;
                }
                if let Some(it) = item.as_mut() {
                    if depth != item_depth + 1 && !(local == "name" && path.get(depth.wrapping_sub(2)).is_some_and(|p| p == "author")) {
                        continue;
                    }
                    let s = match (qname.as_str(), local.as_str()) {
                        (_, "title") => Some(Slot::Title),
                        (_, "link") => {
                            if let Some(href) = attr(&e, b"href") {
                                note_link(it, &e, href);
                                None
                            } else {
                                Some(Slot::Link)
                            }
                        }
                        (_, "guid") | (_, "id") => Some(Slot::Guid),
                        ("pubdate", _) | ("dc:date", _) | (_, "published") | (_, "issued") => Some(Slot::PubDate),
                        (_, "updated") | (_, "modified") => Some(Slot::Updated),
                        // RSS <author> holds text; Atom's holds <name>, read below
                        ("author", _) if feed.kind == FeedKind::Rss => Some(Slot::Author),
                        ("dc:creator", _) | (_, "name") => Some(Slot::Author),
                        ("description", _) | (_, "summary") => Some(Slot::Summary),
                        ("content:encoded", _) | ("content", _) => Some(Slot::Content),
                        _ => None,
                    };
                    if let Some(s) = s {
                        slot = Some((s, depth, String::new()));
                    }
                } else if local == "title" && depth == 3 && feed.kind == FeedKind::Rss
                    || local == "title" && depth == 2 && feed.kind == FeedKind::Atom
                {
                    slot = Some((Slot::ChannelTitle, depth, String::new()));
                }
            }
            Event::Empty(e) => {
                let local = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                if root.is_none() {
                    return Err(FeedError::NotAFeed(local));
                }
                if let Some((_, _, buf)) = slot.as_mut() {
                    buf.push_str(&format!("<{local}>"));
                } else if let Some(it) = item.as_mut() {
                    if local == "link" && path.len() == item_depth {
                        if let Some(href) = attr(&e, b"href") {
                            note_link(it, &e, href);
                        }
                    }
                }
            }
            Event::End(_) => {
                let depth = path.len();
                let local = path.pop().unwrap_or_default();
                if let Some((s, d, buf)) = slot.take() {
                    if d == depth {
                        if s == Slot::ChannelTitle {
                            feed.title = Some(crate::text::collapse_whitespace(&decode_entities(&buf))).filter(|t| !t.is_empty());
                        } else if let Some(it) = item.as_mut() {
                            store(it, s, buf);
                        }
                    } else {
                        let mut buf = buf;
                        buf.push_str(&format!("</{local}>"));
                        slot = Some((s, d, buf));
                    }
                    continue;
                }
                if depth == item_depth && item.is_some() {
                    if let Some(f) = item.take() {
                        feed.items.push(finish(f));
                    }
                }
            }
            Event::Text(t) => {
                if let Some((_, _, buf)) = slot.as_mut() {
                    buf.push_str(&String::from_utf8_lossy(&t.into_inner()));
                }
            }
            Event::CData(c) => {
                if let Some((_, _, buf)) = slot.as_mut() {
                    // CDATA is literal: escape what the later decoding step would change
                    buf.push_str(&String::from_utf8_lossy(&c.into_inner()).replace('&', "&amp;"));
                }
            }
            _ => {}
        }
    }
    if root.is_none() {
        return Err(FeedError::NotAFeed("none".into()));
    }
    Ok(feed)
}

fn note_link(it: &mut Fields, e: &BytesStart, href: String) {
    let rel = attr(e, b"rel").unwrap_or_else(|| "alternate".into());
    if rel == "alternate" && it.link.is_none() {
        it.link = Some(href.trim().to_string());
    }
}

fn store(it: &mut Fields, s: Slot, buf: String) {
    let v = Some(buf);
    match s {
        Slot::Title => it.title = v,
        Slot::Link => it.link_text = v,
        Slot::Guid => it.guid = v,
        Slot::PubDate => it.pub_date = it.pub_date.take().or(v),
        Slot::Updated => it.updated = v,
        Slot::Author => it.author = it.author.take().or(v),
        Slot::Summary => it.summary = v,
        Slot::Content => it.content = v,
        Slot::ChannelTitle => {}
    }
}

/// Text of a field: after XML unescaping, RSS and Atom fields hold HTML
/// (escaped, in CDATA, or xhtml markup), which is reduced to its text.
fn field_text(raw: &str) -> String {
    html::fragment_text(&decode_entities(raw))
}

fn finish(f: Fields) -> FeedItem {
    let plain = |s: Option<String>| {
        s.map(|s| crate::text::collapse_whitespace(&decode_entities(&s)))
            .filter(|s| !s.is_empty())
    };
    let title = f.title.map(|t| field_text(&t).replace("\n\n", " ")).filter(|t| !t.is_empty());
    let content = f.content.map(|c| field_text(&c)).filter(|t| !t.is_empty());
    let summary = f.summary.map(|c| field_text(&c)).filter(|t| !t.is_empty());
    let raw_date = plain(f.pub_date).or_else(|| plain(f.updated));
    let guid = plain(f.guid);
    let url = f
        .link
        .or_else(|| plain(f.link_text))
        .or_else(|| guid.clone().filter(|g| g.starts_with("http")));
    FeedItem {
        title,
        url,
        published: raw_date.as_deref().and_then(dates::normalise),
        published_raw: raw_date,
        author: plain(f.author),
        text: content.or(summary).unwrap_or_default(),
        guid,
        line: f.line,
    }
}

/// The `encoding` of the XML declaration, if any.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
    let decl = head.strip_prefix('\u{feff}').unwrap_or(&head).trim_start();
    let decl = decl.strip_prefix("<?xml")?.split("?>").next()?.to_string();
    let i = decl.find("encoding")?;
    let rest = decl[i + 8..].trim_start().strip_prefix('=')?.trim_start();
    let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    Some(rest[..rest.find(q)?].to_string())
}
