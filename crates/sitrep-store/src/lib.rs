//! The store: documents, event records and incidents, kept in SQLite (one
//! file, the default) or PostgreSQL behind one [`Backend`] trait; and the
//! incident layer, which joins the records of many reports of one
//! real-world event and reconciles their counts by named rules.
//!
//! ```
//! use sitrep_core::{Document, EventRecord};
//! use sitrep_store::{open, IngestOutcome};
//! let mut store = open(":memory:").unwrap();
//! let doc = Document::from_json_line(r#"{"id":"d1","text":"A bomb went off.","published":"2024-03-10"}"#).unwrap();
//! let rec = EventRecord { id: "e1".into(), event_type: "ASSAULT".into(), date_precision: "unknown".into(), ..Default::default() };
//! assert!(matches!(store.ingest(&doc, &[rec.clone()]).unwrap(), IngestOutcome::Stored { incidents_new: 1, .. }));
//! // the same document again changes nothing
//! assert!(matches!(store.ingest(&doc, &[rec]).unwrap(), IngestOutcome::Unchanged { .. }));
//! ```
//!
//! Ingest is one transaction a document: a process killed mid-ingest
//! leaves whole documents only, and ingesting the same input again ends in
//! the same database.

pub mod backend;
pub mod export;
pub mod merge;
pub mod model;
pub mod postgres;
pub mod reconcile;
pub mod sqlite;
pub mod store;

pub use backend::Backend;
pub use model::{Filter, Incident, IngestOutcome, Member, MergeReason, PerpetratorReport, StoreStats, StoredDocument};
pub use store::Store;

use anyhow::Result;

/// Opens a store: `postgres://…` or `postgresql://…` for a PostgreSQL
/// server, `:memory:` for a private in-memory SQLite database, anything
/// else is the path of a SQLite file.
pub fn open(spec: &str) -> Result<Store> {
    if spec.starts_with("postgres://") || spec.starts_with("postgresql://") {
        return Ok(Store::new(Box::new(postgres::Postgres::connect(spec, None)?)));
    }
    let backend = if spec == ":memory:" {
        sqlite::Sqlite::memory()?
    } else {
        sqlite::Sqlite::open(std::path::Path::new(spec))?
    };
    Ok(Store::new(Box::new(backend)))
}

/// Opens a PostgreSQL store whose tables live in their own schema (created
/// if needed): for tests, and for several stores on one server.
pub fn open_postgres_schema(url: &str, schema: &str) -> Result<Store> {
    Ok(Store::new(Box::new(postgres::Postgres::connect(url, Some(schema))?)))
}
