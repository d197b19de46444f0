//! `cargo bench -p sitrep-extract`: extraction speed on one core, in MB/s and
//! documents/s, over the stories in `examples/` and the sentence table of the
//! tests (each sentence a document), or over the JSON Lines file named by
//! `SITREP_BENCH_CORPUS` (`scripts/make_bench_corpus.py` writes a news-like
//! one). The gazetteer is left out here (places resolve through the
//! lexicon); `sitrep bench PATH` measures the full coder.

use sitrep_core::Document;
use sitrep_extract::Coder;
use sitrep_lexicon::Lexicon;
use std::time::{Duration, Instant};

fn corpus() -> Vec<Document> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut docs = Vec::new();
    if let Ok(path) = std::env::var("SITREP_BENCH_CORPUS") {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        });
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            match Document::from_json_line(line) {
                Ok(d) => docs.push(d),
                Err(e) => eprintln!("{path}:{}: {e}", n + 1),
            }
        }
        return docs;
    }
    let cases = std::fs::read_to_string(format!("{root}/crates/sitrep-extract/tests/data/cases.jsonl")).unwrap_or_default();
    for line in cases.lines().filter(|l| !l.trim().is_empty()) {
        if let Ok(d) = Document::from_json_line(line) {
            docs.push(d);
        }
    }
    if let Ok(dir) = std::fs::read_dir(format!("{root}/examples")) {
        for e in dir.flatten() {
            if e.path().extension().is_some_and(|x| x == "jsonl") {
                for line in std::fs::read_to_string(e.path()).unwrap_or_default().lines() {
                    if let Ok(d) = Document::from_json_line(line) {
                        docs.push(d);
                    }
                }
            }
        }
    }
    docs
}

fn main() {
    let lex = match Lexicon::load(&[]) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("lexicon: {e}");
            std::process::exit(1);
        }
    };
    let coder = Coder::new(lex, None);
    let docs = corpus();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    // warm up, then as many passes as fit in three seconds
    for d in &docs {
        std::hint::black_box(coder.extract(d));
    }
    let t = Instant::now();
    let mut passes = 0usize;
    let mut events = 0usize;
    while t.elapsed() < Duration::from_secs(3) || passes == 0 {
        for d in &docs {
            events += std::hint::black_box(coder.extract(d)).len();
        }
        passes += 1;
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "extract: {} documents, {} bytes, {} passes, {} events a pass",
        docs.len(),
        bytes,
        passes,
        events / passes
    );
    println!(
        "extract: {:.2} MB/s per core, {:.0} documents/s per core",
        (bytes * passes) as f64 / secs / 1e6,
        (docs.len() * passes) as f64 / secs
    );
}
