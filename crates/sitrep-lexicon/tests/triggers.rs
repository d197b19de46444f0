//! Table-driven test of the trigger files: every file under
//! `data/lexicon/triggers/` except `core.tsv` has a table of sentences in
//! `tests/data/triggers/<same name>.tsv`, at least one sentence for every three
//! patterns. A positive row names the category (and mode) a pattern of that
//! file must find in the sentence, its `ctx=`/`notctx=` conditions holding; a
//! `-` row is a sentence with no event, where no reading without `weak`
//! (which the coder keeps only next to an actor) may survive.

use sitrep_lexicon::Lexicon;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn pattern_count(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .count()
}

#[test]
fn every_trigger_file_has_its_sentences() {
    let lex = Lexicon::load(&[]).expect("built-in lexicon loads");
    let errors: Vec<String> = lex.diagnostics.iter().filter(|d| d.is_error).map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "lexicon errors: {errors:#?}");
    let trig_dir = root().join("../../data/lexicon/triggers");
    let table_dir = root().join("tests/data/triggers");
    let mut names: Vec<String> = std::fs::read_dir(&trig_dir)
        .expect("trigger dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tsv") && n != "core.tsv")
        .collect();
    names.sort();
    assert!(names.len() >= 16, "expected a trigger file per category, found {names:?}");
    let mut failures = Vec::new();
    let (mut total_rows, mut total_patterns, mut total_exercised) = (0, 0, 0);
    for name in &names {
        let patterns = pattern_count(&trig_dir.join(name));
        let table = table_dir.join(name);
        let text = std::fs::read_to_string(&table).unwrap_or_else(|e| panic!("{}: {e}", table.display()));
        let origin_prefix = format!("data/lexicon/triggers/{name}:");
        let mut rows = 0;
        let mut exercised: BTreeSet<String> = BTreeSet::new();
        for (ln, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((expect, sentence)) = line.split_once('\t') else {
                failures.push(format!("{name}:{}: expected<TAB>sentence", ln + 1));
                continue;
            };
            rows += 1;
            let hits = lex.find_triggers_in_context(sentence);
            let readings: Vec<&sitrep_lexicon::TriggerEntry> =
                hits.iter().flat_map(|h| h.candidates.iter().map(|&i| &lex.triggers[i])).collect();
            if expect == "-" {
                let strong: Vec<String> = readings
                    .iter()
                    .filter(|t| !t.has_flag("weak"))
                    .map(|t| format!("{} ({} {})", t.pattern, t.category.name(), t.origin))
                    .collect();
                if !strong.is_empty() {
                    failures.push(format!("{name}:{}: {sentence:?} should find no event, found {strong:?}", ln + 1));
                }
                continue;
            }
            let (cat, mode) = match expect.split_once('/') {
                Some((c, m)) => (c, Some(m)),
                None => (expect, None),
            };
            let found: Vec<&&sitrep_lexicon::TriggerEntry> = readings
                .iter()
                .filter(|t| {
                    t.origin.starts_with(&origin_prefix) && t.category.name() == cat && (mode.is_none() || t.mode.as_deref() == mode)
                })
                .collect();
            if found.is_empty() {
                let all: Vec<String> = readings
                    .iter()
                    .map(|t| {
                        format!(
                            "{} {}/{} ({})",
                            t.pattern,
                            t.category.name(),
                            t.mode.as_deref().unwrap_or(""),
                            t.origin
                        )
                    })
                    .collect();
                failures.push(format!(
                    "{name}:{}: {sentence:?} expected {expect} from {name}, found {all:?}",
                    ln + 1
                ));
            }
            exercised.extend(found.iter().map(|t| t.pattern.clone()));
        }
        if rows * 3 < patterns {
            failures.push(format!(
                "{name}: {rows} sentences for {patterns} patterns (at least one for every three)"
            ));
        }
        println!(
            "{name}: {patterns} patterns, {rows} sentences, {} patterns exercised",
            exercised.len()
        );
        if std::env::var_os("SITREP_SHOW_UNEXERCISED").is_some() {
            let idle: Vec<&str> = lex
                .triggers
                .iter()
                .filter(|t| t.origin.starts_with(&origin_prefix) && !exercised.contains(&t.pattern))
                .map(|t| t.pattern.as_str())
                .collect();
            println!("  not exercised: {}", idle.join(", "));
        }
        total_rows += rows;
        total_patterns += patterns;
        total_exercised += exercised.len();
    }
    println!("total: {total_patterns} patterns, {total_rows} sentences, {total_exercised} patterns exercised");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn core_overrides_the_other_trigger_files() {
    let lex = Lexicon::load(&[]).expect("built-in lexicon loads");
    let last_other = lex.triggers.iter().rposition(|t| !t.origin.contains("triggers/core.tsv"));
    let first_core = lex.triggers.iter().position(|t| t.origin.contains("triggers/core.tsv"));
    assert!(
        matches!((first_core, last_other), (Some(c), Some(o)) if c > o),
        "core.tsv must be read after the other trigger files"
    );
}
