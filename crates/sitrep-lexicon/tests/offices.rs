//! Office titles resolved by country and date (`Lexicon::office_holder`).

use sitrep_lexicon::{Date, Lexicon};

fn date(s: &str) -> Date {
    Date::parse(s).expect("test date")
}

fn holder(lex: &Lexicon, title: &str, cc3: &str, d: &str) -> Option<String> {
    lex.office_holder(title, cc3, date(d)).map(|a| a.name.clone())
}

#[test]
fn titles_resolve_by_country_and_date() {
    let lex = Lexicon::load(&[]).expect("built-in lexicon loads");
    let cases: &[(&str, &str, &str, Option<&str>)] = &[
        ("the president", "USA", "2021-03-01", Some("Joe Biden")),
        ("the president", "USA", "2019-03-01", Some("Donald Trump")),
        ("President", "USA", "2005-06-30", Some("George W. Bush")),
        ("the prime minister", "IND", "2020-01-01", Some("Narendra Modi")),
        ("the Prime Minister", "IND", "2010-01-01", Some("Manmohan Singh")),
        ("premier", "IND", "2001-01-01", Some("Atal Bihari Vajpayee")),
        ("PM", "GBR", "2017-05-01", Some("Theresa May")),
        // a handover day: the incoming holder
        ("the president", "USA", "2021-01-20", Some("Joe Biden")),
        // no holder known before the data starts
        ("the president", "USA", "1950-01-01", None),
        // a title the lexicon does not know
        ("the grand vizier", "USA", "2021-03-01", None),
    ];
    let mut bad = Vec::new();
    for (title, cc3, d, want) in cases {
        let got = holder(&lex, title, cc3, d);
        if got.as_deref() != *want {
            bad.push(format!("{title} of {cc3} on {d}: expected {want:?}, got {got:?}"));
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn title_spellings_share_one_office() {
    let lex = Lexicon::load(&[]).expect("built-in lexicon loads");
    assert_eq!(lex.office_key("defense minister"), Some("defence-minister"));
    assert_eq!(lex.office_key("Minister of Defence"), Some("defence-minister"));
    assert_eq!(lex.office_key("the Foreign Secretary"), Some("foreign-minister"));
    assert_eq!(lex.office_key("premier"), Some("prime-minister"));
    assert_eq!(lex.office_key("harbour master"), None);
}

#[test]
fn head_of_state_falls_back_to_the_offices_that_hold_it() {
    let lex = Lexicon::load(&[]).expect("built-in lexicon loads");
    // the United States has no separate head-of-state row: the president is
    let got = lex
        .office_holder("head of state", "USA", date("2021-03-01"))
        .map(|a| a.name.as_str());
    assert_eq!(got, Some("Joe Biden"));
}
