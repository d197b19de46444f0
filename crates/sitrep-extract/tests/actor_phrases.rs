//! The lexicon's phrase table: each phrase, read as the coder reads actor
//! phrases, must resolve to the expected code (and sector where given).

use sitrep_extract::{entities, text};
use sitrep_lexicon::Lexicon;

#[test]
fn actor_phrases_resolve() {
    let lex = Lexicon::load(&[]).expect("lexicon loads");
    let table = include_str!("../../sitrep-lexicon/tests/data/actor_phrases.tsv");
    let (mut ok, mut total, mut sector_ok, mut sector_total) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for line in table.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (phrase, code, sector) = (cols[0], cols.get(1).copied().unwrap_or(""), cols.get(2).copied().unwrap_or(""));
        if code.is_empty() {
            continue;
        }
        let mut toks = text::tokenize(phrase);
        let sents = text::split_sentences(phrase, &mut toks);
        let ents = entities::find_entities(
            phrase,
            &toks,
            &sents,
            &lex,
            None,
            None,
            &lex.find_cues(phrase),
            lex.find_actors(phrase),
        );
        let m = ents.mentions.iter().max_by_key(|m| m.end - m.start);
        total += 1;
        if m.and_then(|m| m.code.as_deref()) == Some(code) {
            ok += 1;
        } else {
            misses.push(format!("{phrase}: expected {code}, got {:?}", m.and_then(|m| m.code.clone())));
        }
        if !sector.is_empty() {
            sector_total += 1;
            if m.and_then(|m| m.sector.as_deref()) == Some(sector) {
                sector_ok += 1;
            }
        }
    }
    for m in misses.iter().take(40) {
        println!("miss: {m}");
    }
    let acc = ok as f64 / total as f64;
    println!("actor phrases: {ok}/{total} codes right ({acc:.3}), sectors {sector_ok}/{sector_total}");
    assert!(total >= 300, "the table has at least 300 phrases");
    assert!(acc >= 0.85, "code accuracy {acc:.3} below 0.85");
}
