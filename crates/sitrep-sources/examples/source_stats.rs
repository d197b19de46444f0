//! What is in a set of feeds, pages and archives, and how fast they read:
//! documents, skips by reason, languages, near-duplicate copies, MB/s.
//! With `--jsonl`, also writes every document as a JSON line to standard
//! output (the statistics go to standard error).
//!
//! ```sh
//! cargo run --release -p sitrep-sources --example source_stats -- [--jsonl] crawl.warc.gz feed.rss page.html
//! ```

use sitrep_sources::dedup::{fingerprint, DuplicateIndex};
use sitrep_sources::{documents_from_file, format_of, Options, SourceError};
use std::collections::BTreeMap;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut paths: Vec<String> = std::env::args().skip(1).collect();
    let jsonl = paths.iter().any(|a| a == "--jsonl");
    paths.retain(|a| a != "--jsonl");
    if paths.is_empty() {
        return Err("usage: source_stats FILE...".into());
    }
    let start = Instant::now();
    let (mut docs, mut bytes_in, mut text_bytes, mut copies) = (0usize, 0u64, 0usize, 0usize);
    let mut skips: BTreeMap<String, usize> = BTreeMap::new();
    let mut langs: BTreeMap<String, usize> = BTreeMap::new();
    let mut index = DuplicateIndex::new(0.6);
    for p in &paths {
        let path = std::path::Path::new(p);
        let Some(format) = format_of(path) else {
            eprintln!("{p}: skipped: not a feed, page or archive");
            continue;
        };
        bytes_in += std::fs::metadata(path)?.len();
        documents_from_file(path, format, &Options::default(), |item| {
            match item.result {
                Ok(d) => {
                    docs += 1;
                    if jsonl {
                        println!("{}", serde_json::to_string(&d).unwrap_or_default());
                    }
                    text_bytes += d.text.len();
                    *langs.entry(d.language.clone().unwrap_or_else(|| "?".into())).or_default() += 1;
                    if index.insert(&d.id, &fingerprint(&d.text)).is_some() {
                        copies += 1;
                    }
                }
                Err(why) => {
                    let key: String = why.split(':').next_back().unwrap_or(&why).trim().chars().take(60).collect();
                    *skips.entry(key).or_default() += 1;
                }
            }
            Ok::<(), SourceError>(())
        })?;
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "{docs} documents, {copies} near-duplicate copies, {} skipped",
        skips.values().sum::<usize>()
    );
    eprintln!("languages: {langs:?}");
    for (why, n) in &skips {
        eprintln!("  skipped {n}: {why}");
    }
    eprintln!(
        "{:.1} MB read, {:.1} MB of text, {secs:.2} s: {:.1} MB/s, {:.0} documents/s",
        bytes_in as f64 / 1e6,
        text_bytes as f64 / 1e6,
        bytes_in as f64 / 1e6 / secs,
        docs as f64 / secs
    );
    Ok(())
}
