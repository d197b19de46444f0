//! Reading documents: JSON Lines, plain text files, RSS/Atom feeds, HTML
//! pages, WARC archives, directories of these, or standard input. A bad
//! document is reported (file, line or item, why) and skipped; the rest go on.

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use sitrep_core::Document;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

#[derive(Default)]
pub struct Summary {
    pub documents: usize,
    pub skipped: usize,
    pub events: usize,
    pub bytes: usize,
}

impl Summary {
    pub fn report(&self) {
        eprintln!(
            "sitrep: {} documents read, {} skipped, {} events",
            self.documents, self.skipped, self.events
        );
    }
}

fn files_of(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut v = Vec::new();
            collect(p, &mut v)?;
            v.sort();
            out.extend(v);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for e in std::fs::read_dir(dir).with_context(|| format!("reading directory {}", dir.display()))? {
        let p = e?.path();
        if p.is_dir() {
            collect(&p, out)?;
        } else if p
            .extension()
            .is_some_and(|x| x == "jsonl" || x == "json" || x == "txt" || x == "ndjson")
            || sitrep_sources::format_of(&p).is_some()
        {
            out.push(p);
        }
    }
    Ok(())
}

fn is_jsonl(p: &Path) -> bool {
    p.extension().is_some_and(|x| x == "jsonl" || x == "ndjson" || x == "json")
}

/// Calls `f` on every usable document; reports and skips the others.
pub fn for_each_document(paths: &[PathBuf], summary: &mut Summary, mut f: impl FnMut(Document) -> Result<()>) -> Result<()> {
    if paths.is_empty() || paths.iter().any(|p| p.as_os_str() == "-") {
        let stdin = std::io::stdin();
        return read_jsonl_or_text(Box::new(stdin.lock()), "<stdin>", summary, &mut f, None);
    }
    let files = files_of(paths)?;
    let total: u64 = files.iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum();
    let bar = if total > 20_000_000 {
        let b = ProgressBar::new(total);
        b.set_style(
            ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Some(b)
    } else {
        None
    };
    for p in files {
        let name = p.display().to_string();
        if let Some(format) = sitrep_sources::format_of(&p) {
            read_source(&p, format, &name, summary, &mut f)?;
            continue;
        }
        let file = std::fs::File::open(&p).with_context(|| format!("opening {name}"))?;
        if is_jsonl(&p) {
            read_jsonl_or_text(Box::new(BufReader::new(file)), &name, summary, &mut f, bar.as_ref())?;
        } else {
            let mut raw = Vec::new();
            BufReader::new(file)
                .read_to_end(&mut raw)
                .with_context(|| format!("reading {name}"))?;
            if let Some(b) = &bar {
                b.inc(raw.len() as u64);
            }
            match String::from_utf8(raw) {
                Err(e) => {
                    eprintln!(
                        "{name}: skipped: not UTF-8 text (invalid byte at offset {})",
                        e.utf8_error().valid_up_to()
                    );
                    summary.skipped += 1;
                }
                Ok(text) if text.contains('\0') => {
                    eprintln!("{name}: skipped: binary file");
                    summary.skipped += 1;
                }
                Ok(text) => {
                    let id = p.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
                    match Document::from_plain_text(&id, &text) {
                        Ok(d) => {
                            summary.documents += 1;
                            summary.bytes += d.text.len();
                            f(d)?;
                        }
                        Err(e) => {
                            eprintln!("{name}: skipped: {e}");
                            summary.skipped += 1;
                        }
                    }
                }
            }
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(())
}

/// Feeds, pages and archives, read by sitrep-sources. Documents not in
/// English are skipped with the language found; a file that cannot be read
/// at all is skipped with the reason.
fn read_source(
    p: &Path,
    format: sitrep_sources::Format,
    name: &str,
    summary: &mut Summary,
    f: &mut impl FnMut(Document) -> Result<()>,
) -> Result<()> {
    let opts = sitrep_sources::Options { english_only: true };
    let read = sitrep_sources::documents_from_file(p, format, &opts, |item| -> Result<()> {
        let at = if item.at.is_empty() {
            String::new()
        } else {
            format!(" {}:", item.at)
        };
        match item.result {
            Ok(d) => {
                summary.documents += 1;
                summary.bytes += d.text.len();
                f(d)
            }
            Err(why) => {
                eprintln!("{name}:{at} skipped: {why}");
                summary.skipped += 1;
                Ok(())
            }
        }
    });
    match read {
        Err(e) => match e.downcast_ref::<sitrep_sources::SourceError>() {
            Some(se) => {
                eprintln!("{name}: skipped: {}", se.reason());
                summary.skipped += 1;
                Ok(())
            }
            None => Err(e),
        },
        Ok(()) => Ok(()),
    }
}

fn read_jsonl_or_text(
    mut r: Box<dyn BufRead + '_>,
    name: &str,
    summary: &mut Summary,
    f: &mut impl FnMut(Document) -> Result<()>,
    bar: Option<&ProgressBar>,
) -> Result<()> {
    let mut buf = Vec::new();
    let mut line_no = 0;
    let mut first = true;
    let mut plain: Option<String> = None;
    loop {
        buf.clear();
        let n = r.read_until(b'\n', &mut buf).with_context(|| format!("reading {name}"))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if let Some(b) = bar {
            b.inc(n as u64);
        }
        let line = match std::str::from_utf8(&buf) {
            Ok(s) => s,
            Err(e) => {
                eprintln!(
                    "{name}:{line_no}: skipped: not UTF-8 (invalid byte at column {})",
                    e.valid_up_to() + 1
                );
                summary.skipped += 1;
                continue;
            }
        };
        if first {
            first = false;
            // standard input may carry a plain story instead of JSON Lines
            if name == "<stdin>" && !line.trim_start().starts_with('{') {
                plain = Some(line.to_string());
                continue;
            }
        }
        if let Some(p) = plain.as_mut() {
            p.push_str(line);
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        match Document::from_json_line(line) {
            Ok(d) => {
                summary.documents += 1;
                summary.bytes += d.text.len();
                f(d)?;
            }
            Err(e) => {
                eprintln!("{name}:{line_no}: skipped: {e}");
                summary.skipped += 1;
            }
        }
    }
    if let Some(text) = plain {
        match Document::from_plain_text("stdin", &text) {
            Ok(d) => {
                summary.documents += 1;
                f(d)?;
            }
            Err(e) => {
                eprintln!("{name}: skipped: {e}");
                summary.skipped += 1;
            }
        }
    }
    Ok(())
}
