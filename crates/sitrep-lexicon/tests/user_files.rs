//! A user's own trigger files on top of the built-in lexicon: good lines
//! load, bad ones are reported with file and line.

use sitrep_lexicon::{Category, Lexicon};

#[test]
fn user_triggers_load_and_bad_lines_are_reported() {
    let dir = std::env::temp_dir().join(format!("sitrep-lexicon-user-{}", std::process::id()));
    let trig = dir.join("triggers");
    std::fs::create_dir_all(&trig).expect("temp dir");
    std::fs::write(
        trig.join("mine.tsv"),
        "# a user's patterns\n\
         wreak havoc on\tv\tASSAULT\tdestroy\t1951\n\
         set up a blockade\tv\tCOERCE\tsiege\t191\n\
         too\tfew\n\
         hold a vigil for\tv\tPROTEST\tdemo\t141\tctx=victims|dead\n",
    )
    .expect("write");
    let lex = Lexicon::load(std::slice::from_ref(&dir)).expect("loads");
    std::fs::remove_dir_all(&dir).ok();
    let errors: Vec<String> = lex.diagnostics.iter().filter(|d| d.is_error).map(|d| d.to_string()).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("mine.tsv:3: error: mode \"siege\" is not a mode of COERCE")),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("mine.tsv:4: error: expected 3 to 6")),
        "{errors:#?}"
    );
    assert_eq!(errors.len(), 2, "{errors:#?}");
    let hits = lex.find_triggers_in_context("Militias wreaked havoc on the town.");
    let t = hits
        .iter()
        .flat_map(|h| h.candidates.iter().map(|&i| &lex.triggers[i]))
        .find(|t| t.pattern == "wreak havoc on");
    assert_eq!(
        t.map(|t| (t.category, t.mode.as_deref())),
        Some((Category::Assault, Some("destroy")))
    );
    // ctx= holds for the user's pattern too
    assert!(lex
        .find_triggers_in_context("They will hold a vigil for peace.")
        .iter()
        .all(|h| h.candidates.iter().all(|&i| lex.triggers[i].pattern != "hold a vigil for")));
    assert!(lex
        .find_triggers_in_context("They held a vigil for the victims.")
        .iter()
        .any(|h| h.candidates.iter().any(|&i| lex.triggers[i].pattern == "hold a vigil for")));
}
