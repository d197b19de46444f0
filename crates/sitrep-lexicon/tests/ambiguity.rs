//! What the lexicon returns for ambiguous surfaces. The lexicon only lists
//! readings; choosing among them by context (the document's date, the
//! countries it speaks of, the words around) is the coder's work. These
//! tests pin down the readings the coder gets.

use sitrep_lexicon::{ActorKind, Lexicon, SurfaceRole};

/// (surface found, actor code, sector, kind, role) of every candidate of every hit.
fn readings(lex: &Lexicon, text: &str) -> Vec<(String, String, String, ActorKind, SurfaceRole)> {
    lex.find_actors(text)
        .iter()
        .flat_map(|h| {
            h.candidates.iter().map(move |c| {
                let a = lex.actor(c.entry);
                (
                    text[h.start..h.end].to_string(),
                    a.code.clone().unwrap_or_default(),
                    a.sector.clone().unwrap_or_default(),
                    a.kind,
                    c.role,
                )
            })
        })
        .collect()
}

fn codes(lex: &Lexicon, text: &str) -> Vec<(String, String)> {
    readings(lex, text).into_iter().map(|(s, c, ..)| (s, c)).collect()
}

fn pair(s: &str, c: &str) -> (String, String) {
    (s.to_string(), c.to_string())
}

#[test]
fn georgia_is_the_country_in_the_lexicon() {
    // The actor lexicon knows only the country; the U.S. state is a place in
    // the gazetteer (sitrep-geo), so "Atlanta, Georgia" is settled by the
    // place resolver and the coder, not here.
    let lex = Lexicon::load(&[]).expect("lexicon");
    assert_eq!(codes(&lex, "Georgia"), [pair("Georgia", "GEO")]);
    assert_eq!(codes(&lex, "Tbilisi"), [pair("Tbilisi", "GEO")]);
    // the generic noun has two readings (soldiers, forces), both code-less
    let r = codes(&lex, "Georgian troops");
    assert_eq!(r[0], pair("Georgian", "GEO"));
    assert!(r[1..].iter().all(|x| *x == pair("troops", "")) && r.len() > 1, "{r:?}");
}

#[test]
fn congo_defaults_to_the_drc_and_brazzaville_names_the_republic() {
    // Wire style writes "Congo" for the Democratic Republic of the Congo;
    // the Republic of the Congo is named in full or by its capital.
    let lex = Lexicon::load(&[]).expect("lexicon");
    assert_eq!(codes(&lex, "Congo"), [pair("Congo", "COD")]);
    assert_eq!(codes(&lex, "DR Congo"), [pair("DR Congo", "COD")]);
    assert_eq!(codes(&lex, "Kinshasa"), [pair("Kinshasa", "COD")]);
    assert_eq!(codes(&lex, "Congo-Brazzaville"), [pair("Congo-Brazzaville", "COG")]);
    assert_eq!(codes(&lex, "Republic of Congo"), [pair("Republic of Congo", "COG")]);
    assert_eq!(codes(&lex, "Brazzaville"), [pair("Brazzaville", "COG")]);
}

#[test]
fn a_group_member_is_two_hits_the_group_and_the_generic_noun() {
    // "Hamas official": the group (INS) and the generic "official" (GOV,
    // code-less); the coder composes them into an official of Hamas.
    let lex = Lexicon::load(&[]).expect("lexicon");
    let r = readings(&lex, "Hamas official");
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(
        (r[0].0.as_str(), r[0].1.as_str(), r[0].2.as_str(), r[0].3),
        ("Hamas", "PSE", "INS", ActorKind::Group)
    );
    assert_eq!(
        (r[1].0.as_str(), r[1].1.as_str(), r[1].2.as_str(), r[1].3),
        ("official", "", "GOV", ActorKind::Agent)
    );
    let r = readings(&lex, "Hamas");
    assert_eq!(r.len(), 1);
    assert_eq!((r[0].1.as_str(), r[0].2.as_str()), ("PSE", "INS"));
    let r = readings(&lex, "Hezbollah lawmaker");
    assert_eq!((r[1].0.as_str(), r[1].2.as_str()), ("lawmaker", "LEG"));
}

#[test]
fn a_capital_is_marked_as_a_capital() {
    // "Tehran vowed": the capital's role tells the coder it stands for the
    // government; "Washington Post" is the newspaper, the longer name wins.
    let lex = Lexicon::load(&[]).expect("lexicon");
    let r = readings(&lex, "Tehran vowed revenge");
    assert_eq!((r[0].1.as_str(), r[0].4), ("IRN", SurfaceRole::Capital));
    let r = readings(&lex, "Washington said");
    assert_eq!((r[0].1.as_str(), r[0].4), ("USA", SurfaceRole::Capital));
    let r = readings(&lex, "The Washington Post reported");
    assert_eq!((r[0].0.as_str(), r[0].3), ("The Washington Post", ActorKind::Media));
    let r = readings(&lex, "Iraqi police");
    assert_eq!((r[0].1.as_str(), r[0].4), ("IRQ", SurfaceRole::Adjective));
}

#[test]
fn longer_names_win_and_case_keeps_common_words_out() {
    let lex = Lexicon::load(&[]).expect("lexicon");
    for (text, want) in [
        ("Niger", "NER"),
        ("Nigeria", "NGA"),
        ("Guinea", "GIN"),
        ("Guinea-Bissau", "GNB"),
        ("Equatorial Guinea", "GNQ"),
        ("Papua New Guinea", "PNG"),
        ("Sudan", "SDN"),
        ("South Sudan", "SSD"),
        ("Dominica", "DMA"),
        ("Dominican Republic", "DOM"),
    ] {
        assert_eq!(codes(&lex, text), [pair(text, want)], "{text}");
    }
    // proper names need their capital; acronyms their exact case
    assert!(codes(&lex, "a turkey dinner").is_empty());
    assert!(codes(&lex, "it is late").is_empty());
    assert!(codes(&lex, "chad and jordan went home").is_empty());
    assert_eq!(codes(&lex, "IS fighters")[0], pair("IS", "IMG"));
}

#[test]
fn patron_compounds_are_no_support_event() {
    // "Iran-backed" names a patron, not an act of support: the trigger
    // "back" needs its context words (bid, plan, proposal, …).
    let lex = Lexicon::load(&[]).expect("lexicon");
    assert!(lex
        .find_triggers_in_context("Iran-backed militias fired rockets at the base.")
        .iter()
        .all(|h| h.candidates.iter().all(|&i| lex.triggers[i].pattern != "back")));
    assert!(lex
        .find_triggers_in_context("The party backed the proposal in parliament.")
        .iter()
        .any(|h| h.candidates.iter().any(|&i| lex.triggers[i].pattern == "back")));
}
