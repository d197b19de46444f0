//! Polling feeds: a list of feeds (`FEEDS.toml`), fetched over HTTP with
//! conditional requests (ETag / If-None-Match, Last-Modified /
//! If-Modified-Since) so an unchanged feed costs one short reply, and a
//! state file remembering each feed's validators and the items already seen,
//! so each story is passed on once.
//!
//! ```toml
//! # FEEDS.toml
//! interval_seconds = 900
//!
//! [[feed]]
//! url = "https://news.example/world/rss"
//!
//! [[feed]]
//! url = "feeds/local-copy.xml"   # a file path, relative to FEEDS.toml
//! ```

use crate::{documents_from_bytes, Format, Item, Options};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet, VecDeque};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Items remembered per feed; older ones may be passed on again if a feed
/// brings them back after this many newer items.
const SEEN_PER_FEED: usize = 10_000;
/// The largest feed body read.
const MAX_FEED_BYTES: u64 = 50 << 20;

/// The feeds to watch.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WatchList {
    /// Seconds between two polls of the whole list.
    #[serde(default = "default_interval")]
    pub interval_seconds: u64,
    #[serde(rename = "feed", default)]
    pub feeds: Vec<FeedSource>,
    /// The directory relative file paths are read from.
    #[serde(skip)]
    pub base: PathBuf,
}

fn default_interval() -> u64 {
    900
}

/// One feed: an `http(s)://` URL or a file path.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedSource {
    pub url: String,
    /// A name for messages; the URL when absent.
    #[serde(default)]
    pub name: Option<String>,
}

impl FeedSource {
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.url)
    }
}

/// Why watching could not start or go on.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("{path}: {message}")]
    List { path: String, message: String },
    #[error("{path}: {message}")]
    State { path: String, message: String },
}

impl WatchList {
    /// Reads a list; errors name the file and, for TOML errors, the line.
    pub fn load(path: &Path) -> Result<WatchList, WatchError> {
        let err = |message: String| WatchError::List {
            path: path.display().to_string(),
            message,
        };
        let raw = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        let mut list: WatchList = toml::from_str(&raw).map_err(|e| {
            let line = e.span().map(|s| 1 + raw[..s.start.min(raw.len())].matches('\n').count());
            let msg = e.message().to_string();
            err(match line {
                Some(l) => format!("line {l}: {msg}"),
                None => msg,
            })
        })?;
        if list.feeds.is_empty() {
            return Err(err("no [[feed]] entries".into()));
        }
        if list.interval_seconds == 0 {
            return Err(err("interval_seconds must be at least 1".into()));
        }
        list.base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(list)
    }
}

/// What is remembered of one feed between polls.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FeedState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// Ids of the documents already passed on, oldest first.
    #[serde(default)]
    pub seen: VecDeque<String>,
}

/// What is remembered of every feed, kept in a JSON file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct WatchState {
    pub feeds: BTreeMap<String, FeedState>,
}

impl WatchState {
    /// Reads a state file; a missing file is an empty state.
    pub fn load(path: &Path) -> Result<WatchState, WatchError> {
        match std::fs::read_to_string(path) {
            Ok(raw) => serde_json::from_str(&raw).map_err(|e| WatchError::State {
                path: path.display().to_string(),
                message: e.to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(WatchState::default()),
            Err(e) => Err(WatchError::State {
                path: path.display().to_string(),
                message: e.to_string(),
            }),
        }
    }

    /// Writes the state whole or not at all (a temporary file renamed over the old one).
    pub fn save(&self, path: &Path) -> Result<(), WatchError> {
        let err = |e: std::io::Error| WatchError::State {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let tmp = path.with_extension("tmp");
        let json = serde_json::to_string_pretty(self).map_err(|e| WatchError::State {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        std::fs::write(&tmp, json).map_err(err)?;
        std::fs::rename(&tmp, path).map_err(err)
    }
}

/// The result of fetching one feed.
#[derive(Debug)]
pub enum Fetch {
    /// The server answered 304: nothing new since the last poll.
    NotModified,
    Body {
        bytes: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// What one poll of one feed gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    NotModified,
    /// New items passed on, items already seen before.
    Read {
        new: usize,
        seen: usize,
    },
    Failed(String),
}

/// Fetches feeds over HTTP with one reused connection pool.
pub struct Poller {
    agent: ureq::Agent,
}

impl Default for Poller {
    fn default() -> Self {
        Poller::new(Duration::from_secs(30))
    }
}

impl Poller {
    pub fn new(timeout: Duration) -> Poller {
        let agent = ureq::AgentBuilder::new()
            .timeout(timeout)
            .user_agent(concat!("sitrep/", env!("CARGO_PKG_VERSION"), " (feed watcher)"))
            .build();
        Poller { agent }
    }

    /// Fetches a feed, conditionally when the state holds validators.
    pub fn fetch(&self, source: &FeedSource, base: &Path, state: &FeedState) -> Result<Fetch, String> {
        let url = source.url.as_str();
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            let path = base.join(url);
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            return Ok(Fetch::Body {
                bytes,
                etag: None,
                last_modified: None,
            });
        }
        let mut req = self.agent.get(url);
        if let Some(e) = &state.etag {
            req = req.set("If-None-Match", e);
        }
        if let Some(lm) = &state.last_modified {
            req = req.set("If-Modified-Since", lm);
        }
        match req.call() {
            Ok(resp) if resp.status() == 304 => Ok(Fetch::NotModified),
            Ok(resp) => {
                let etag = resp.header("ETag").map(str::to_string);
                let last_modified = resp.header("Last-Modified").map(str::to_string);
                let mut bytes = Vec::new();
                resp.into_reader()
                    .take(MAX_FEED_BYTES)
                    .read_to_end(&mut bytes)
                    .map_err(|e| format!("{url}: reading the reply: {e}"))?;
                Ok(Fetch::Body {
                    bytes,
                    etag,
                    last_modified,
                })
            }
            Err(ureq::Error::Status(code, _)) => Err(format!("{url}: HTTP status {code}")),
            Err(ureq::Error::Transport(t)) => Err(format!("{url}: {t}")),
        }
    }

    /// Polls every feed of the list once and calls `f` with each item not
    /// seen before (documents, and items skipped with a reason). The state
    /// is updated in memory; the caller saves it.
    pub fn poll_once(
        &self,
        list: &WatchList,
        state: &mut WatchState,
        opts: &Options,
        mut f: impl FnMut(&FeedSource, Item),
    ) -> Vec<Outcome> {
        let mut outcomes = Vec::new();
        for source in &list.feeds {
            let st = state.feeds.entry(source.url.clone()).or_default();
            let outcome = match self.fetch(source, &list.base, st) {
                Err(e) => Outcome::Failed(e),
                Ok(Fetch::NotModified) => Outcome::NotModified,
                Ok(Fetch::Body {
                    bytes,
                    etag,
                    last_modified,
                }) => {
                    let known: HashSet<String> = st.seen.iter().cloned().collect();
                    let (mut new, mut seen) = (0, 0);
                    let mut fresh = Vec::new();
                    let err = documents_from_bytes(&bytes, Format::Feed, source.label(), opts, |item| {
                        let id = match &item.result {
                            Ok(d) => d.id.clone(),
                            Err(why) => format!("{}: {why}", item.at),
                        };
                        if known.contains(&id) || fresh.contains(&id) {
                            seen += 1;
                        } else {
                            new += 1;
                            fresh.push(id);
                            f(source, item);
                        }
                    });
                    match err {
                        Some(e) => Outcome::Failed(e.to_string()),
                        None => {
                            st.etag = etag;
                            st.last_modified = last_modified;
                            st.seen.extend(fresh);
                            while st.seen.len() > SEEN_PER_FEED {
                                st.seen.pop_front();
                            }
                            Outcome::Read { new, seen }
                        }
                    }
                }
            };
            outcomes.push(outcome);
        }
        outcomes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_error_names_the_file_and_line() {
        let dir = std::env::temp_dir().join(format!("sitrep-watch-list-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("FEEDS.toml");
        std::fs::write(
            &p,
            "interval_seconds = 60\n\n[[feed]]\nurl = \"https://a.example/rss\"\nurll = \"typo\"\n",
        )
        .unwrap();
        let e = WatchList::load(&p).unwrap_err().to_string();
        assert!(e.contains("FEEDS.toml") && e.contains("line 5"), "{e}");
        std::fs::write(&p, "interval_seconds = 60\n").unwrap();
        assert!(WatchList::load(&p).unwrap_err().to_string().contains("no [[feed]] entries"));
        std::fs::write(&p, "[[feed]]\nurl = \"feeds/a.xml\"\nname = \"A\"\n").unwrap();
        let l = WatchList::load(&p).unwrap();
        assert_eq!(l.interval_seconds, 900);
        assert_eq!(l.feeds[0].label(), "A");
        assert_eq!(l.base, dir);
        std::fs::remove_dir_all(&dir).ok();
    }
}
