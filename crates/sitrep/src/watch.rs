//! `sitrep watch FEEDS.toml`: polls a list of feeds and writes each new
//! story once, as a JSON Lines document, for `sitrep extract` or
//! `sitrep ingest -` to read:
//!
//! ```sh
//! sitrep watch feeds.toml | sitrep ingest - --db sitrep.db
//! ```
//!
//! Validators (ETag, Last-Modified) and the ids of stories already written
//! are kept in a state file, saved after each round's output is flushed: a
//! crash between the two writes a story again at most, and a store keeps
//! one copy.

use anyhow::{Context, Result};
use clap::Args;
use sitrep_sources::watch::{Outcome, Poller, WatchList, WatchState};
use sitrep_sources::Options;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Args)]
pub struct WatchArgs {
    /// The feed list: `interval_seconds = N` and `[[feed]]` tables with `url` (http(s) or a file path) and an optional `name`
    pub list: PathBuf,
    /// The state file [default: the list's path with `.state.json`]
    #[arg(long)]
    pub state: Option<PathBuf>,
    /// Poll every feed once, then stop
    #[arg(long)]
    pub once: bool,
    /// Append documents to this file instead of writing them to standard output
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Pass on stories in every language (with `language` set) instead of skipping those not in English
    #[arg(long)]
    pub all_languages: bool,
}

pub fn run(args: &WatchArgs) -> Result<()> {
    let list = WatchList::load(&args.list)?;
    let state_path = args.state.clone().unwrap_or_else(|| args.list.with_extension("state.json"));
    let mut state = WatchState::load(&state_path)?;
    let poller = Poller::default();
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
                .with_context(|| format!("opening {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let opts = Options {
        english_only: !args.all_languages,
    };
    loop {
        let mut write_error = None;
        let outcomes = poller.poll_once(&list, &mut state, &opts, |source, item| match item.result {
            Ok(doc) => {
                if write_error.is_none() {
                    let line = serde_json::to_string(&doc).map_err(anyhow::Error::from);
                    if let Err(e) = line.and_then(|l| writeln!(out, "{l}").map_err(anyhow::Error::from)) {
                        write_error = Some(e);
                    }
                }
            }
            Err(why) => eprintln!("{}: {}: skipped: {why}", source.label(), item.at),
        });
        if let Some(e) = write_error {
            return Err(e.context("writing documents"));
        }
        out.flush().context("writing documents")?;
        for (source, outcome) in list.feeds.iter().zip(&outcomes) {
            match outcome {
                Outcome::NotModified => eprintln!("{}: not modified", source.label()),
                Outcome::Read { new, seen } => eprintln!("{}: {new} new, {seen} seen before", source.label()),
                Outcome::Failed(e) => eprintln!("{}: failed: {e}", source.label()),
            }
        }
        state.save(&state_path)?;
        if args.once {
            return Ok(());
        }
        std::thread::sleep(Duration::from_secs(list.interval_seconds));
    }
}
