//! The fixture reports (tests/data/reports.jsonl: eight incidents told by
//! one to five reports each, with rising tolls, corrections, claims, a
//! duplicate story and an updated story) merge into exactly the incidents
//! of tests/data/expected_incidents.json, on every backend.

mod common;

use common::*;
use sitrep_core::Count;
use sitrep_store::{Filter, Incident, IngestOutcome};
use std::collections::BTreeSet;

fn triple(c: &Option<Count>) -> Option<[Option<u64>; 3]> {
    c.as_ref().map(|c| [c.low, c.best, c.high])
}

fn revisions(c: &Option<Count>) -> Vec<String> {
    c.as_ref()
        .map(|c| c.revisions.iter().map(|r| format!("{}@{}", r.value, r.doc_id)).collect())
        .unwrap_or_default()
}

fn check_count(name: &str, what: &str, exp: &serde_json::Value, got: &Option<Count>) {
    match exp.get(what) {
        Some(v) => {
            let want: Vec<Option<u64>> = v.as_array().expect("triple").iter().map(|x| x.as_u64()).collect();
            let got3 = triple(got).unwrap_or_else(|| panic!("{name}: no {what} count"));
            assert_eq!(got3.to_vec(), want, "{name}: {what} low/best/high");
            let want_rev: Vec<String> = exp[format!("{what}_revisions")]
                .as_array()
                .map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect())
                .unwrap_or_default();
            assert_eq!(revisions(got), want_rev, "{name}: {what} revisions");
        }
        None => assert!(got.is_none(), "{name}: unexpected {what} count {got:?}"),
    }
}

#[test]
fn the_fixture_reports_merge_into_exactly_the_expected_incidents() {
    let reports = reports();
    let expected: Vec<serde_json::Value> = serde_json::from_str(EXPECTED).expect("expected file");
    for (backend, mut store) in stores("fixture") {
        let outcomes = ingest_all(&mut store, &reports);
        // the syndicated copy of the first Quetta story is the same text
        let dup = reports.iter().position(|r| r.doc.id == "qt-1-syndicated").expect("dup in fixture");
        assert_eq!(
            outcomes[dup],
            IngestOutcome::Unchanged {
                existing_id: "qt-1".into()
            },
            "{backend}"
        );
        // the second ist-1 is a new version of the first
        let upd = reports.iter().rposition(|r| r.doc.id == "ist-1").expect("update in fixture");
        assert!(
            matches!(&outcomes[upd], IngestOutcome::Replaced { previous_id, .. } if previous_id == "ist-1"),
            "{backend}"
        );

        let got = incidents(&mut store, &Filter::default());
        let got_sets: Vec<BTreeSet<&str>> = got.iter().map(|i| i.event_ids.iter().map(String::as_str).collect()).collect();
        let want_sets: Vec<BTreeSet<&str>> = expected
            .iter()
            .map(|e| e["events"].as_array().expect("events").iter().filter_map(|x| x.as_str()).collect())
            .collect();
        for w in &want_sets {
            assert!(
                got_sets.contains(w),
                "{backend}: no incident made of exactly {w:?}; got {got_sets:?}"
            );
        }
        assert_eq!(got.len(), expected.len(), "{backend}: incidents {got_sets:?}");

        for exp in &expected {
            let name = format!("{backend}: {}", exp["what"].as_str().unwrap_or(""));
            let want: BTreeSet<&str> = exp["events"]
                .as_array()
                .expect("events")
                .iter()
                .filter_map(|x| x.as_str())
                .collect();
            let inc: &Incident = got
                .iter()
                .find(|i| i.event_ids.iter().map(String::as_str).collect::<BTreeSet<_>>() == want)
                .expect("matched above");
            let doc_ids: Vec<&str> = exp["doc_ids"]
                .as_array()
                .expect("doc_ids")
                .iter()
                .filter_map(|x| x.as_str())
                .collect();
            assert_eq!(inc.record.doc_ids, doc_ids, "{name}: doc_ids in report order");
            assert_eq!(inc.record.doc_id, doc_ids[0], "{name}: doc_id is the first report");
            check_count(&name, "dead", exp, &inc.record.dead);
            check_count(&name, "injured", exp, &inc.record.injured);
            check_count(&name, "arrested", exp, &inc.record.arrested);
            if let Some(p) = exp.get("perpetrators").and_then(|p| p.as_object()) {
                for (id, status) in p {
                    let a = inc
                        .record
                        .source
                        .iter()
                        .find(|a| a.identifier_id.as_deref() == Some(id))
                        .unwrap_or_else(|| panic!("{name}: perpetrator {id} lost"));
                    assert_eq!(a.status.as_deref(), status.as_str(), "{name}: status of {id}");
                    assert!(
                        inc.perpetrators.iter().any(|r| r.actor.identifier_id.as_deref() == Some(id)),
                        "{name}: {id} per report"
                    );
                }
            }
            if let Some(place) = exp.get("place").and_then(|p| p.as_str()) {
                assert_eq!(inc.record.event_loc.as_ref().map(|l| l.name.as_str()), Some(place), "{name}: place");
            }
            for r in exp.get("rules").and_then(|r| r.as_array()).into_iter().flatten() {
                let r = r.as_str().unwrap_or("");
                assert!(
                    inc.record.rules.iter().any(|x| x == r),
                    "{name}: rule {r} missing from {:?}",
                    inc.record.rules
                );
            }
            // every record but the one that founded the incident says why it joined
            let explained: BTreeSet<&str> = inc.merges.iter().map(|m| m.event_id.as_str()).collect();
            assert_eq!(explained.len(), inc.merges.len(), "{name}: one reason list a record");
            assert!(explained.len() + 1 >= inc.event_ids.len(), "{name}: merge reasons {:?}", inc.merges);
            assert!(explained.iter().all(|e| inc.event_ids.iter().any(|x| x == e)), "{name}");
            for m in &inc.merges {
                assert!(m.reasons.iter().any(|r| r.starts_with("same category")), "{name}: {m:?}");
            }
        }

        // a historical mention joins no incident
        let evs = events(&mut store, &Filter::default());
        let hist = evs.iter().find(|(e, _)| e.id == "evt-qt-1-1").expect("historical record stored");
        assert_eq!(hist.1, None, "{backend}: the 2019 blast is no part of an incident");
        // the updated story's old figure is gone with its old version
        let ist1: Vec<Option<u64>> = evs
            .iter()
            .filter(|(e, _)| e.doc_id == "ist-1")
            .map(|(e, _)| e.arrested.as_ref().and_then(|c| c.best))
            .collect();
        assert_eq!(ist1, vec![Some(9)], "{backend}");
    }
}

#[test]
fn ingesting_the_same_reports_again_changes_nothing() {
    let reports = reports();
    for (backend, mut store) in stores("again") {
        ingest_all(&mut store, &reports);
        let before = dump(&mut store);
        let outcomes = ingest_all(&mut store, &reports);
        for (r, o) in reports.iter().zip(&outcomes) {
            assert!(
                matches!(o, IngestOutcome::Unchanged { .. } | IngestOutcome::OlderVersion { .. }),
                "{backend}: {} changed the store the second time: {o:?}",
                r.doc.id
            );
        }
        // the first text of the updated story is a replay of an older version
        let first_ist = reports.iter().position(|r| r.doc.id == "ist-1").expect("ist-1");
        assert_eq!(
            outcomes[first_ist],
            IngestOutcome::OlderVersion {
                existing_id: "ist-1".into()
            }
        );
        assert_eq!(dump(&mut store), before, "{backend}: the store changed");
    }
}

#[test]
fn a_new_version_at_the_same_url_replaces_the_old_one() {
    let reports = reports();
    for (backend, mut store) in stores("url") {
        let first = reports.iter().find(|r| r.doc.id == "ist-1").expect("ist-1");
        let second = reports.iter().find(|r| r.doc.id == "ist-2").expect("ist-2");
        store.ingest(&first.doc, &first.events).expect("ingest");
        store.ingest(&second.doc, &second.events).expect("ingest");
        let mut moved = first.doc.clone();
        moved.id = "ist-1-v2".into();
        moved.text = moved.text.replace("eight", "seven");
        let mut ev = first.events.clone();
        ev[0].id = "evt-ist-1-v2".into();
        if let Some(c) = ev[0].arrested.as_mut() {
            *c = Count {
                low: Some(7),
                best: Some(7),
                high: Some(7),
                text: "detained seven".into(),
                revisions: vec![],
            };
        }
        let out = store.ingest(&moved, &ev).expect("ingest");
        assert_eq!(
            out,
            IngestOutcome::Replaced {
                previous_id: "ist-1".into(),
                events: 1,
                incidents_new: 0,
                incidents_updated: 1
            },
            "{backend}"
        );
        assert!(
            store.document("ist-1").expect("query").is_none(),
            "{backend}: the old version is gone"
        );
        let incs = incidents(&mut store, &Filter::default());
        assert_eq!(incs.len(), 1, "{backend}");
        // same day: 7 and 10 give a range; the latest ingested exact figure is best
        assert_eq!(triple(&incs[0].record.arrested), Some([Some(7), Some(7), Some(10)]), "{backend}");
        assert_eq!(incs[0].record.doc_ids, vec!["ist-2", "ist-1-v2"], "{backend}");
    }
}

#[test]
fn splitting_an_incident_moves_a_report_out_and_reconciles_both() {
    let reports = reports();
    for (backend, mut store) in stores("split") {
        ingest_all(&mut store, &reports);
        let id = store.event_incident("evt-qt-1-0").expect("query").expect("in an incident");
        let new_id = store.split(&id, &["qt-4".to_string()]).expect("split");
        let (old, _) = store.incident(&id).expect("query").expect("kept");
        let (new, members) = store.incident(&new_id).expect("query").expect("made");
        assert_eq!(old.record.doc_ids, vec!["qt-1", "qt-2", "qt-3"], "{backend}");
        // without the correction the latest report's 19 stands
        assert_eq!(triple(&old.record.dead), Some([Some(19), Some(19), Some(19)]), "{backend}");
        assert!(
            !old.merges.iter().any(|m| m.doc_id == "qt-4"),
            "{backend}: the moved report's reasons left with it"
        );
        assert_eq!(new.record.doc_ids, vec!["qt-4"], "{backend}");
        assert_eq!(members.len(), 1);
        assert!(new.merges[0].reasons[0].contains("split out of"), "{backend}: {:?}", new.merges);
        // a split that would empty the incident, or names a stranger, is refused
        assert!(store.split(&new_id, &["qt-4".to_string()]).is_err());
        assert!(store.split(&id, &["nope".to_string()]).is_err());
        assert!(store.split("inc-none", &["qt-1".to_string()]).is_err());
    }
}

#[test]
fn hostile_strings_pass_through_every_filter_as_plain_values() {
    let reports = reports();
    let hostile = [
        "'; DROP TABLE events; --",
        "IRQ' OR '1'='1",
        "ASSAULT\" OR 1=1 --",
        "%",
        "_",
        "\\",
        "$1",
        "?1",
        "2024-01-01' UNION SELECT record FROM incidents --",
        "\u{0}",
        "Robert'); DELETE FROM documents;--",
    ];
    for (backend, mut store) in stores("hostile") {
        ingest_all(&mut store, &reports);
        let stats = store.stats().expect("stats");
        for h in hostile {
            for f in [
                Filter {
                    since: Some(h.to_string()),
                    ..Default::default()
                },
                Filter {
                    country: Some(h.to_string()),
                    ..Default::default()
                },
                Filter {
                    event_type: Some(h.to_string()),
                    ..Default::default()
                },
            ] {
                // a string that matches no value finds nothing; a `since` compares as text
                let n_inc = incidents(&mut store, &f).len();
                let n_ev = events(&mut store, &f).len();
                if f.since.is_none() {
                    assert_eq!((n_inc, n_ev), (0, 0), "{backend}: {h:?} matched something");
                }
            }
            assert!(store.incident(h).expect("query").is_none());
            assert!(store.document(h).expect("query").is_none());
            assert!(store.event_incident(h).expect("query").is_none());
            assert!(store.split(h, &[h.to_string()]).is_err());
        }
        assert_eq!(store.stats().expect("stats"), stats, "{backend}: a filter changed the store");
        // hostile text is stored and read back as it is
        let mut doc = reports[0].doc.clone();
        doc.id = hostile[10].to_string();
        doc.text = format!("{} {}", hostile[0], hostile[8]);
        doc.url = Some(hostile[1].to_string());
        store.ingest(&doc, &[]).expect("ingest");
        let back = store.document(hostile[10]).expect("query").expect("stored");
        assert_eq!((back.text, back.url), (doc.text.clone(), doc.url.clone()), "{backend}");
        // the right filters still find the right records
        let f = Filter {
            country: Some("PAK".into()),
            event_type: Some("ASSAULT".into()),
            since: Some("2024-01-01".into()),
        };
        let found: BTreeSet<String> = events(&mut store, &f).into_iter().map(|(e, _)| e.doc_id).collect();
        assert_eq!(
            found.into_iter().collect::<Vec<_>>(),
            vec!["qt-1", "qt-2", "qt-3", "qt-4"],
            "{backend}"
        );
    }
}
