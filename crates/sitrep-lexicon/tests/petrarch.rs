//! The PETRARCH/TABARI reader: small dictionaries written for these tests in
//! `tests/data/petrarch/` (actors with date-restricted codes, agents with a
//! substitution class, verb groups with patterns), loaded as a user's
//! `--lexicon DIR` would be.

use sitrep_lexicon::{ActorKind, Category, Date, Lexicon, Pos};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/petrarch")
}

fn only() -> Lexicon {
    Lexicon::load_only(&[dir()]).expect("test dictionaries load")
}

#[test]
fn actors_become_entries_with_codes_sectors_and_dates() {
    let lex = only();
    let text = "Zandoria's army, the Zandorian Armed Forces, fought the BRF near the United Nations compound.";
    let found: Vec<(String, String, Option<String>)> = lex
        .find_actors(text)
        .iter()
        .map(|h| {
            let a = lex.actor(h.candidates[0].entry);
            (
                text[h.start..h.end].to_string(),
                a.code.clone().unwrap_or_default(),
                a.sector.clone(),
            )
        })
        .collect();
    assert!(found.contains(&("Zandoria".into(), "ZND".into(), None)), "{found:?}");
    assert!(
        found.contains(&("Zandorian Armed Forces".into(), "ZND".into(), Some("MIL".into()))),
        "{found:?}"
    );
    assert!(found.contains(&("BRF".into(), "ZND".into(), Some("REB".into()))), "{found:?}");
    assert!(
        found.contains(&("United Nations".into(), "IGO".into(), Some("IGO".into()))),
        "{found:?}"
    );
    let country = lex.actors.iter().find(|a| a.name == "Zandoria").expect("Zandoria");
    assert_eq!(country.kind, ActorKind::Country);
    assert!(country.aliases.contains(&"Republic Of Zandoria".to_string()));
    // lower case text is no name
    assert!(lex.find_actors("the brf said").is_empty());
}

#[test]
fn date_restricted_codes_hold_on_their_dates() {
    let lex = only();
    let terms: Vec<_> = lex.actors.iter().filter(|a| a.name == "Orten Valaska").collect();
    assert_eq!(terms.len(), 3, "one entry per code line");
    let on = |d: &str| -> Vec<String> {
        let d = Date::parse(d).expect("date");
        terms
            .iter()
            .filter(|a| a.valid_on(Some(d)))
            .map(|a| a.sector.clone().unwrap_or_default())
            .collect()
    };
    assert_eq!(on("2010-06-01"), ["OPP"]);
    assert_eq!(on("2018-06-01"), ["GOV"]);
    assert_eq!(on("2024-06-01"), ["ELI"]);
    assert!(terms
        .iter()
        .all(|a| a.kind == ActorKind::Person && a.aliases.contains(&"President Valaska".to_string())));
}

#[test]
fn agents_are_generic_nouns_with_sectors() {
    let lex = only();
    let sector_of = |phrase: &str| -> Option<String> {
        let h = lex.find_actors(phrase);
        let h = h.first()?;
        (h.start == 0 && h.end == phrase.len())
            .then(|| lex.actor(h.candidates[0].entry).sector.clone())
            .flatten()
    };
    assert_eq!(sector_of("police officers").as_deref(), Some("COP"));
    assert_eq!(sector_of("policemen").as_deref(), Some("COP"));
    assert_eq!(sector_of("border guards").as_deref(), Some("MIL"));
    assert_eq!(sector_of("dockworker").as_deref(), Some("LAB"));
    // the class !CLERIC! stands for each of its members
    for p in ["imam of the city", "priest of the city", "rabbi of the city"] {
        assert_eq!(sector_of(p).as_deref(), Some("REL"), "{p}");
    }
    let agent = lex.actors.iter().find(|a| a.name == "police officer").expect("agent");
    assert_eq!((agent.kind, agent.code.as_deref()), (ActorKind::Agent, None));
}

#[test]
fn verb_groups_and_patterns_become_weak_triggers() {
    let lex = Lexicon::load(&[dir()]).expect("built-in lexicon and test dictionaries load");
    let from_test: Vec<_> = lex.triggers.iter().filter(|t| t.origin.contains("test.verbs.txt")).collect();
    let get = |p: &str| from_test.iter().find(|t| t.pattern == p).copied();
    let t = get("opened fire on").expect("a pattern with its listed verb form");
    assert_eq!(
        (t.category, t.pos, t.mode.as_deref(), t.cameo.as_deref()),
        (Category::Assault, Pos::Exact, Some("firearms"), Some("190"))
    );
    assert!(t.has_flag("weak"));
    let t = get("spirit away").expect("a multi-word verb");
    assert_eq!(
        (t.category, t.pos, t.mode.as_deref()),
        (Category::Assault, Pos::Verb, Some("abduct"))
    );
    let t = get("upbraid").expect("a verb coded by its group");
    assert_eq!(t.category, Category::Accuse);
    assert!(get("proclaim").is_none(), "CAMEO 01 has no PLOVER category");
    assert!(get("open").is_none(), "a group coded --- codes no bare verb");
    // the converted patterns match inflected text
    let hits = lex.find_triggers("Militia men spirited away two girls.");
    assert!(hits
        .iter()
        .any(|h| h.candidates.iter().any(|&i| lex.triggers[i].pattern == "spirit away")));
}

#[test]
fn bad_lines_are_reported_with_file_and_line() {
    let lex = only();
    let errors: Vec<String> = lex.diagnostics.iter().filter(|d| d.is_error).map(|d| d.to_string()).collect();
    let has = |file: &str, line: usize, what: &str| {
        errors
            .iter()
            .any(|e| e.contains(&format!("{file}:{line}: error:")) && e.contains(what))
    };
    assert!(has("test.actors.txt", 21, "has no code"), "{errors:#?}");
    assert!(has("test.actors.txt", 24, "is not a date"), "{errors:#?}");
    assert!(has("test.actors.txt", 25, "not a CAMEO actor code"), "{errors:#?}");
    assert!(has("test.agents.txt", 8, "does not start with '~'"), "{errors:#?}");
    assert!(has("test.agents.txt", 9, "names no sector"), "{errors:#?}");
    assert!(has("test.agents.txt", 10, "!MONK! is not defined"), "{errors:#?}");
    assert!(has("test.verbs.txt", 19, "without '*'"), "{errors:#?}");
    assert!(has("test.verbs.txt", 20, "unclosed '{'"), "{errors:#?}");
    assert_eq!(errors.len(), 8, "{errors:#?}");
    let notes: Vec<String> = lex.diagnostics.iter().filter(|d| !d.is_error).map(|d| d.to_string()).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("test.verbs.txt:5:") && n.contains("after an argument slot")),
        "{notes:#?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("test.verbs.txt:14:") && n.contains("no PLOVER category")),
        "{notes:#?}"
    );
    // the good entries of a file with bad lines still load
    assert!(lex.actors.iter().any(|a| a.name == "Blue River Front"));
}
