//! Several documents in one transaction (what a worker stores from one
//! pull) end in the same store as one transaction each, and a document that
//! fails is undone alone while the others are kept. On every backend.

mod common;

use common::*;
use sitrep_core::{Document, EventRecord};
use sitrep_store::{IngestOutcome, StoredDocument};

#[test]
fn a_batch_ends_in_the_store_of_one_transaction_a_document() {
    let reports = reports();
    let single = stores("batch-single");
    let batched = stores("batch-batched");
    assert_eq!(single.len(), batched.len());
    for ((backend, mut one), (_, mut many)) in single.into_iter().zip(batched) {
        ingest_all(&mut one, &reports);
        for chunk in reports.chunks(3) {
            let items: Vec<(&Document, &[EventRecord])> = chunk.iter().map(|r| (&r.doc, r.events.as_slice())).collect();
            for r in many.ingest_batch(&items).expect("a batch") {
                r.expect("each document of the batch");
            }
        }
        let want = dump(&mut one);
        assert!(want.contains("incident "), "{backend}: the fixture makes incidents");
        assert_eq!(dump(&mut many), want, "{backend}: batched ingest differs");
        assert_eq!(many.stats().expect("stats"), one.stats().expect("stats"), "{backend}");
    }
}

#[test]
fn a_failing_document_is_undone_alone() {
    let reports = reports();
    let first = reports.iter().find(|r| !r.events.is_empty()).expect("a fixture report with events");
    let last = reports
        .iter()
        .rev()
        .find(|r| r.doc.id != first.doc.id)
        .expect("a second fixture report");
    // its record reuses the id of the first document's record: storing it breaks the events' key
    let bad = Document::from_json_line(
        &serde_json::json!({"id": "bad-1", "text": "Gunmen stormed a village in the north and burned dozens of houses, \
                                 residents said, in the third such raid this month on farming communities near the border.",
                            "published": "2024-05-01"})
        .to_string(),
    )
    .expect("a document");
    let mut clash = first.events[0].clone();
    clash.doc_id = "bad-1".into();
    for (backend, mut store) in stores("batch-fail") {
        let bad_events = [clash.clone()];
        let items: Vec<(&Document, &[EventRecord])> = vec![
            (&first.doc, first.events.as_slice()),
            (&bad, &bad_events),
            (&last.doc, last.events.as_slice()),
        ];
        let out = store.ingest_batch(&items).expect("the batch commits");
        assert_eq!(out.len(), 3, "{backend}");
        assert!(matches!(out[0], Ok(IngestOutcome::Stored { .. })), "{backend}: {:?}", out[0]);
        assert!(out[1].is_err(), "{backend}: the clashing record fails its document");
        assert!(out[2].is_ok(), "{backend}: {:?}", out[2]);
        // nothing of the failed document is left, and the others are stored
        assert!(store.document("bad-1").expect("reading").is_none(), "{backend}");
        let kept: Vec<Option<StoredDocument>> = [&first.doc.id, &last.doc.id]
            .iter()
            .map(|id| store.document(id).expect("reading"))
            .collect();
        assert!(kept.iter().all(Option::is_some), "{backend}");
        // the same document alone afterwards fails the same way and changes nothing
        let before = dump(&mut store);
        assert!(store.ingest(&bad, &bad_events).is_err(), "{backend}");
        assert_eq!(dump(&mut store), before, "{backend}");
        // and a batch of documents already stored changes nothing
        let again = store.ingest_batch(&items[..1]).expect("a batch");
        assert!(matches!(again[0], Ok(IngestOutcome::Unchanged { .. })), "{backend}");
        assert_eq!(dump(&mut store), before, "{backend}");
    }
}
