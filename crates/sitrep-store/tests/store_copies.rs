//! Syndicated copies of one wire story (small edits: a headline word
//! changed, a sentence added, the byline dropped) are stored as copies of
//! the first and add no report to its incident; another reporter's story
//! of the same event is no copy and joins the incident as a second report.
//! On every backend.

mod common;

use common::*;
use sitrep_core::{Document, EventRecord};
use sitrep_store::{Filter, IngestOutcome, Store};

const HEADLINE: &str = "Bomb kills 12 at Quetta vegetable market";
const BYLINE: &str = "By Sana Rahim, Example Wire.";
const BODY: &str = "A bomb hidden in a cart went off among the vegetable stalls of a crowded Quetta market on Sunday morning, \
    killing 12 people and wounding 30 others, police said. The blast shattered shop windows along the main road and sent \
    shoppers running for cover as ambulances rushed the wounded to the civil hospital. No group immediately said it carried \
    out the attack, which came a week after a similar bombing in the province. Provincial officials ordered an inquiry and \
    said security would be tightened at markets across the city before the holiday.";
const ADDED: &str = "Traders said the market would stay closed on Monday as a mark of mourning.";
/// Another reporter's story of the same bombing.
const OTHER: &str = "Twelve people died and about thirty were hurt when an explosive device tore through Quetta's busy produce \
    bazaar on Sunday, according to the city police chief. Witnesses described a loud bang near the fruit sellers followed by \
    thick smoke. Hospital staff appealed for blood donors. Authorities have not named a suspect.";

fn doc(id: &str, publisher: &str, text: &str) -> Document {
    Document::from_json_line(
        &serde_json::json!({"id": id, "title": text.lines().next().unwrap_or(""), "text": text,
                            "published": "2024-03-10", "publisher": publisher})
        .to_string(),
    )
    .expect("a document")
}

fn bombing(id: &str, doc_id: &str) -> EventRecord {
    serde_json::from_value(serde_json::json!({
        "id": id, "doc_id": doc_id, "event_type": "ASSAULT", "quad": 4, "intensity": -9.3, "date_precision": "day",
        "evidence": [], "rules": [], "confidence": 0.8, "mode": "explosives", "date": "2024-03-10",
        "event_loc": {"name": "Quetta", "text": "Quetta", "geonameid": 1167528, "country_code": "PK", "cc3": "PAK",
                      "admin1": "Balochistan", "latitude": 30.18414, "longitude": 67.00141, "precision": "city"},
        "dead": {"low": 12, "best": 12, "high": 12, "text": "killing 12"}
    }))
    .expect("an event record")
}

/// The wire story, two papers' copies of it and another reporter's story.
fn stories() -> Vec<(Document, Vec<EventRecord>)> {
    let wire = format!("{HEADLINE}\n{BYLINE}\n{BODY}");
    // a headline word changed and the byline dropped
    let copy_a = format!("{}\n{BODY}", HEADLINE.replace("kills", "leaves"));
    // a sentence added at the end
    let copy_b = format!("{HEADLINE}\n{BYLINE}\n{BODY} {ADDED}");
    [
        ("wire-1", "Example Wire", wire),
        ("paper-a", "Harbour Gazette", copy_a),
        ("paper-b", "Meridian Ledger", copy_b),
        ("other-1", "Northgate News", OTHER.to_string()),
    ]
    .into_iter()
    .map(|(id, publisher, text)| (doc(id, publisher, &text), vec![bombing(&format!("evt-{id}-0"), id)]))
    .collect()
}

fn ingest(store: &mut Store, stories: &[(Document, Vec<EventRecord>)]) -> Vec<IngestOutcome> {
    stories.iter().map(|(d, e)| store.ingest(d, e).expect("ingest")).collect()
}

#[test]
fn syndicated_copies_are_stored_as_copies_and_add_no_report() {
    let stories = stories();
    for (backend, mut store) in stores("copies") {
        let out = ingest(&mut store, &stories);
        assert!(
            matches!(out[0], IngestOutcome::Stored { incidents_new: 1, .. }),
            "{backend}: {:?}",
            out[0]
        );
        for (i, o) in out.iter().enumerate().skip(1).take(2) {
            match o {
                IngestOutcome::Copy {
                    original_id,
                    similarity,
                    previous_id: None,
                    incidents_updated: 0,
                } => {
                    assert_eq!(original_id, "wire-1", "{backend}: story {i}");
                    assert!(*similarity >= 0.6, "{backend}: story {i}: similarity {similarity}");
                }
                other => panic!("{backend}: story {i} is not a copy: {other:?}"),
            }
        }
        assert!(
            matches!(
                out[3],
                IngestOutcome::Stored {
                    incidents_new: 0,
                    incidents_updated: 1,
                    ..
                }
            ),
            "{backend}: the other reporter's story joins the incident: {:?}",
            out[3]
        );

        // the documents table holds all four, two of them as copies of the wire story
        for (id, copy_of) in [
            ("wire-1", None),
            ("paper-a", Some("wire-1")),
            ("paper-b", Some("wire-1")),
            ("other-1", None),
        ] {
            let d = store
                .document(id)
                .expect("document")
                .unwrap_or_else(|| panic!("{backend}: {id} not stored"));
            assert_eq!(d.copy_of.as_deref(), copy_of, "{backend}: {id}");
        }
        let stats = store.stats().expect("stats");
        assert_eq!(
            (stats.documents, stats.copies, stats.events, stats.incidents),
            (4, 2, 2, 1),
            "{backend}"
        );

        // one incident, two reports: the wire story and the other reporter's
        let incs = incidents(&mut store, &Filter::default());
        assert_eq!(incs.len(), 1, "{backend}");
        let mut docs = incs[0].record.doc_ids.clone();
        docs.sort();
        assert_eq!(docs, ["other-1", "wire-1"], "{backend}");
        assert_eq!(incs[0].event_ids, ["evt-wire-1-0", "evt-other-1-0"], "{backend}");
        let dead = incs[0].record.dead.as_ref().expect("a toll");
        assert_eq!((dead.low, dead.high), (Some(12), Some(12)), "{backend}");
        // the incident lists the copies of its reports by id
        let copies = store.incident_copies(&incs[0]).expect("copies");
        assert_eq!(
            copies,
            [
                ("paper-a".to_string(), "wire-1".to_string()),
                ("paper-b".to_string(), "wire-1".to_string())
            ],
            "{backend}"
        );

        // ingesting everything again changes nothing
        let before = dump(&mut store);
        let again = ingest(&mut store, &stories);
        assert!(
            again.iter().all(|o| matches!(o, IngestOutcome::Unchanged { .. })),
            "{backend}: {again:?}"
        );
        assert_eq!(dump(&mut store), before, "{backend}");
        assert_eq!(store.stats().expect("stats"), stats, "{backend}");
    }
}

#[test]
fn a_copy_arriving_first_makes_the_wire_story_its_copy() {
    // whichever text comes first is the original
    let mut stories = stories();
    stories.swap(0, 2);
    for (backend, mut store) in stores("copies-order") {
        let out = ingest(&mut store, &stories);
        assert!(matches!(out[0], IngestOutcome::Stored { .. }), "{backend}: {:?}", out[0]);
        for o in &out[1..3] {
            assert!(
                matches!(o, IngestOutcome::Copy { original_id, .. } if original_id == "paper-b"),
                "{backend}: {o:?}"
            );
        }
        let stats = store.stats().expect("stats");
        assert_eq!((stats.documents, stats.copies, stats.incidents), (4, 2, 1), "{backend}");
    }
}

#[test]
fn a_new_version_of_an_original_keeps_its_copies() {
    let stories = stories();
    for (backend, mut store) in stores("copies-update") {
        ingest(&mut store, &stories[..3]);
        // the wire story is corrected under the same id: still the original of both copies
        let corrected = doc(
            "wire-1",
            "Example Wire",
            &format!("{HEADLINE}\n{BYLINE}\n{BODY} Corrects the name of the hospital."),
        );
        let out = store.ingest(&corrected, &[bombing("evt-wire-1-0", "wire-1")]).expect("ingest");
        assert!(matches!(out, IngestOutcome::Replaced { .. }), "{backend}: {out:?}");
        for id in ["paper-a", "paper-b"] {
            let d = store.document(id).expect("document").expect("stored");
            assert_eq!(d.copy_of.as_deref(), Some("wire-1"), "{backend}: {id}");
        }
        // a copy of the corrected text is found through the new text's bands
        let late = doc(
            "paper-c",
            "Coastal Times",
            &format!("{HEADLINE}\n{BODY} Corrects the name of the hospital."),
        );
        let out = store.ingest(&late, &[bombing("evt-paper-c-0", "paper-c")]).expect("ingest");
        assert!(
            matches!(&out, IngestOutcome::Copy { original_id, .. } if original_id == "wire-1"),
            "{backend}: {out:?}"
        );
        let stats = store.stats().expect("stats");
        assert_eq!(
            (stats.documents, stats.copies, stats.events, stats.incidents),
            (4, 3, 1, 1),
            "{backend}"
        );
    }
}
