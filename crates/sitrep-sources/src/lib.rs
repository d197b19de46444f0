//! Where news comes from: RSS and Atom feeds, HTML pages and WARC archives
//! turned into [`Document`]s, with the language of each story and a test
//! for near-duplicate copies.
//!
//! ```
//! use sitrep_sources::{documents_from_bytes, Format, Options};
//! let page = br#"<html lang="en"><head><title>Storm closes port - Bay Herald</title>
//! <meta name="date" content="2024-01-09"></head><body><h1>Storm closes port</h1>
//! <p>A winter storm closed the port on Tuesday and the harbour master said ships would wait offshore until the wind dropped.</p></body></html>"#;
//! let mut docs = Vec::new();
//! documents_from_bytes(page, Format::Html, "storm.html", &Options::default(), |item| docs.push(item.result));
//! let doc = docs.remove(0).unwrap();
//! assert_eq!(doc.title.as_deref(), Some("Storm closes port"));
//! assert_eq!(doc.published.as_deref(), Some("2024-01-09"));
//! assert_eq!(doc.language.as_deref(), Some("en"));
//! ```

pub mod dates;
pub mod dedup;
mod dom;
pub mod feed;
pub mod html;
pub mod langid;
pub mod text;
pub mod warc;
pub mod watch;

use sitrep_core::{fnv64, Document};
use std::path::Path;

/// The formats this crate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RSS or Atom (`.xml`, `.rss`, `.atom`).
    Feed,
    /// One web page (`.html`, `.htm`).
    Html,
    /// A web archive (`.warc`, `.warc.gz`).
    Warc,
}

/// The format of a file, from its name.
pub fn format_of(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let ext = |e: &str| name.ends_with(e);
    if ext(".warc") || ext(".warc.gz") {
        Some(Format::Warc)
    } else if ext(".html") || ext(".htm") || ext(".xhtml") {
        Some(Format::Html)
    } else if ext(".xml") || ext(".rss") || ext(".atom") {
        Some(Format::Feed)
    } else {
        None
    }
}

/// Reading options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Turn documents detected as not English into skips with a reason.
    pub english_only: bool,
}

/// A document read from a source, or why one could not be made, with where
/// in the source it came from ("item 3 (line 40)", "record 12").
#[derive(Debug)]
pub struct Item {
    pub at: String,
    pub result: Result<Document, String>,
}

/// Why a source could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: {source}")]
    Feed { path: String, source: feed::FeedError },
}

impl SourceError {
    /// What is wrong, without the file name.
    pub fn reason(&self) -> String {
        match self {
            SourceError::Io { source, .. } => source.to_string(),
            SourceError::Feed { source, .. } => source.to_string(),
        }
    }
}

/// Reads a file in one of the [`Format`]s and calls `f` on every item; the
/// archive is streamed, a record at a time.
pub fn documents_from_file<E: From<SourceError>>(
    path: &Path,
    format: Format,
    opts: &Options,
    mut f: impl FnMut(Item) -> Result<(), E>,
) -> Result<(), E> {
    let name = path.display().to_string();
    let io = |source| SourceError::Io {
        path: name.clone(),
        source,
    };
    if format == Format::Warc {
        let file = std::fs::File::open(path).map_err(io)?;
        let reader = warc::WarcReader::from_reader(file).map_err(io)?;
        for rec in reader {
            let item = match rec {
                Err(e) => Item {
                    at: String::new(),
                    result: Err(e.to_string()),
                },
                Ok(rec) => match warc_document(&rec) {
                    None => continue,
                    Some(result) => Item {
                        at: format!("record {}", rec.number),
                        result: result.map(|d| gate(d, opts)).and_then(|r| r),
                    },
                },
            };
            f(item)?;
        }
        return Ok(());
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let mut out: Result<(), E> = Ok(());
    let mut first_err: Option<SourceError> = None;
    documents_from_bytes_inner(&bytes, format, &name, opts, &mut |item| {
        if out.is_ok() {
            out = f(item);
        }
    })
    .unwrap_or_else(|e| first_err = Some(e));
    if let Some(e) = first_err {
        return Err(e.into());
    }
    out
}

/// Reads documents from bytes already in memory (a feed or a page; an
/// archive too). `name` names the source in ids and messages.
pub fn documents_from_bytes(bytes: &[u8], format: Format, name: &str, opts: &Options, mut f: impl FnMut(Item)) -> Option<SourceError> {
    documents_from_bytes_inner(bytes, format, name, opts, &mut f).err()
}

fn documents_from_bytes_inner(
    bytes: &[u8],
    format: Format,
    name: &str,
    opts: &Options,
    f: &mut dyn FnMut(Item),
) -> Result<(), SourceError> {
    match format {
        Format::Feed => {
            let parsed = feed::parse(bytes).map_err(|source| SourceError::Feed {
                path: name.to_string(),
                source,
            })?;
            for (i, it) in parsed.items.iter().enumerate() {
                let at = format!("item {} (line {})", i + 1, it.line);
                let result = feed_document(it, parsed.title.as_deref()).and_then(|d| gate(d, opts));
                f(Item { at, result });
            }
        }
        Format::Html => {
            let text = text::decode_bytes(bytes, html_charset(bytes).as_deref());
            let a = html::extract(&text);
            let stem = Path::new(name)
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            let result = article_document(a, Some(stem), None, None).and_then(|d| gate(d, opts));
            f(Item { at: String::new(), result });
        }
        Format::Warc => {
            for rec in warc::WarcReader::new(bytes) {
                match rec {
                    Err(e) => f(Item {
                        at: String::new(),
                        result: Err(e.to_string()),
                    }),
                    Ok(rec) => {
                        if let Some(result) = warc_document(&rec) {
                            f(Item {
                                at: format!("record {}", rec.number),
                                result: result.and_then(|d| gate(d, opts)),
                            });
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// Sets the detected language; turns a non-English document into a skip
/// when asked to.
fn gate(mut doc: Document, opts: &Options) -> Result<Document, String> {
    let guess = langid::detect(&doc.text);
    if let Some(code) = guess.code {
        doc.language = Some(code.to_string());
    }
    if opts.english_only {
        if let Some(code) = guess.code.filter(|c| *c != "en") {
            return Err(format!("language {} ({code}), not English", guess.name.unwrap_or(code)));
        }
    }
    Ok(doc)
}

/// The `charset` a page declares in its first bytes (`<meta charset>` or http-equiv).
fn html_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let i = head.find("charset=")?;
    let rest = head[i + 8..].trim_start_matches(['"', '\'', ' ']);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    Some(rest[..end].to_string()).filter(|c| !c.is_empty())
}

fn stable_id(key: &str) -> String {
    format!("doc-{:016x}", fnv64(key.as_bytes()))
}

fn feed_document(it: &feed::FeedItem, publisher: Option<&str>) -> Result<Document, String> {
    let text = if it.text.is_empty() {
        it.title.clone().unwrap_or_default()
    } else {
        it.text.clone()
    };
    if text.trim().is_empty() {
        return Err("the item has neither text nor a title".into());
    }
    if let (None, Some(raw)) = (&it.published, &it.published_raw) {
        return Err(format!("the date {raw:?} is not a date"));
    }
    let key = it
        .guid
        .as_deref()
        .or(it.url.as_deref())
        .map(str::to_string)
        .unwrap_or_else(|| text.clone());
    Ok(Document {
        id: stable_id(&key),
        title: it.title.clone(),
        text,
        published: it.published.clone(),
        publisher: publisher.map(str::to_string),
        url: it.url.clone(),
        language: None,
    })
}

/// A page's article as a document. The id derives from the URL (the page's
/// canonical one, else the one it was fetched from), else from `fallback_id`.
fn article_document(
    a: html::Article,
    fallback_id: Option<String>,
    fetched_url: Option<&str>,
    fallback_date: Option<String>,
) -> Result<Document, String> {
    if a.text.trim().is_empty() {
        return Err("no story text found in the page".into());
    }
    let url = a.url.or_else(|| fetched_url.map(str::to_string));
    let id = match (&url, fallback_id) {
        (Some(u), _) => stable_id(u),
        (None, Some(f)) if !f.is_empty() => f,
        _ => stable_id(&a.text),
    };
    Ok(Document {
        id,
        title: a.title,
        text: a.text,
        published: a.published.or(fallback_date),
        publisher: a.site_name,
        url,
        language: a.language,
    })
}

/// The document of a WARC record: None for records that hold no page
/// (requests, metadata, redirects, images); an error for a page without text.
pub fn warc_document(rec: &warc::WarcRecord) -> Option<Result<Document, String>> {
    let uri = rec.header("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string());
    let date = rec.header("WARC-Date").and_then(dates::normalise);
    let (body, charset) = match rec.kind() {
        "response" => {
            let http = rec.http()?;
            if http.status != 200 || !http.media_type().is_some_and(|m| m.contains("html")) {
                return None;
            }
            let cs = http.charset().or_else(|| html_charset(&http.body));
            (http.body, cs)
        }
        "resource" if rec.header("Content-Type").is_some_and(|c| c.contains("html")) => (rec.block.clone(), html_charset(&rec.block)),
        _ => return None,
    };
    let text = text::decode_bytes(&body, charset.as_deref());
    let article = html::extract(&text);
    Some(article_document(article, None, uri.as_deref(), date))
}
