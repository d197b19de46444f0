//! The fixture reports and the stores the tests run on: SQLite in a file
//! always, PostgreSQL when SITREP_TEST_PG names a server.

#![allow(dead_code)]

use sitrep_core::{Document, EventRecord};
use sitrep_store::{Filter, Incident, IngestOutcome, Store};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const REPORTS: &str = include_str!("../data/reports.jsonl");
pub const EXPECTED: &str = include_str!("../data/expected_incidents.json");

/// One fixture line: a document and the records the coder made of it.
pub struct Report {
    pub doc: Document,
    pub events: Vec<EventRecord>,
}

pub fn reports() -> Vec<Report> {
    REPORTS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("fixture line is JSON");
            Report {
                doc: Document::from_json_line(&v["doc"].to_string()).expect("fixture document"),
                events: serde_json::from_value(v["events"].clone()).expect("fixture events"),
            }
        })
        .collect()
}

static N: AtomicUsize = AtomicUsize::new(0);

/// A fresh directory under the system's temporary directory.
pub fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "sitrep-store-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// Every backend to run a test on, each fresh and empty.
pub fn stores(tag: &str) -> Vec<(String, Store)> {
    let mut v = Vec::new();
    let path = temp_dir(tag).join("test.db");
    v.push((
        "sqlite".to_string(),
        sitrep_store::open(&path.to_string_lossy()).expect("open sqlite"),
    ));
    match std::env::var("SITREP_TEST_PG") {
        Ok(url) if !url.trim().is_empty() => {
            let schema = format!("t_{tag}_{}_{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst)).replace('-', "_");
            sitrep_store::postgres::Postgres::drop_schema(&url, &schema).expect("drop test schema");
            v.push((
                "postgres".to_string(),
                sitrep_store::open_postgres_schema(&url, &schema).expect("open postgres"),
            ));
        }
        _ => eprintln!("notice: SITREP_TEST_PG is unset: the PostgreSQL backend is not tested here"),
    }
    v
}

pub fn ingest_all(store: &mut Store, reports: &[Report]) -> Vec<IngestOutcome> {
    reports.iter().map(|r| store.ingest(&r.doc, &r.events).expect("ingest")).collect()
}

pub fn incidents(store: &mut Store, f: &Filter) -> Vec<Incident> {
    let mut v = Vec::new();
    store
        .each_incident(f, &mut |i| {
            v.push(i);
            Ok(())
        })
        .expect("incidents");
    v
}

pub fn events(store: &mut Store, f: &Filter) -> Vec<(EventRecord, Option<String>)> {
    let mut v = Vec::new();
    store
        .each_event(f, &mut |e, i| {
            v.push((e, i));
            Ok(())
        })
        .expect("events");
    v
}

/// Everything a store holds, as text: for comparing two stores.
pub fn dump(store: &mut Store) -> String {
    let mut out = String::new();
    for (e, i) in events(store, &Filter::default()) {
        let d = store.document(&e.doc_id).expect("document").expect("document of an event");
        out.push_str(&format!("doc {} {} {:?}\n", d.id, d.content_hash, d.published));
        out.push_str(&format!("event {} {:?}\n", serde_json::to_string(&e).unwrap_or_default(), i));
    }
    for i in incidents(store, &Filter::default()) {
        out.push_str(&format!("incident {}\n", serde_json::to_string(&i).unwrap_or_default()));
    }
    out
}
