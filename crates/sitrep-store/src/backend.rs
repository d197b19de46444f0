//! The one trait both databases implement: small, transactional steps that
//! [`crate::Store`] composes into ingest, merge and split. Every value a
//! caller gives reaches the database as a bound parameter, never as SQL text.

use crate::model::{Filter, Incident, Member, StoreStats, StoredDocument};
use anyhow::Result;
use sitrep_core::EventRecord;

/// Indexed columns of an event record, computed once for both backends.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventColumns {
    pub category: String,
    pub mode: Option<String>,
    pub date: Option<String>,
    pub date_first: Option<String>,
    pub date_last: Option<String>,
    pub cc3: Option<String>,
    pub geonameid: Option<i64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub dead_best: Option<i64>,
    /// Space-separated actor codes, with a space at each end (`" IRQ USA "`).
    pub source_codes: String,
    pub recipient_codes: String,
}

fn codes(v: &[sitrep_core::Actor]) -> String {
    let mut out = String::from(" ");
    for a in v {
        if let Some(c) = &a.code {
            out.push_str(c);
            out.push(' ');
        }
    }
    out
}

impl EventColumns {
    pub fn of(r: &EventRecord) -> EventColumns {
        let span = r.date.as_deref().and_then(crate::merge::date_span);
        EventColumns {
            category: r.event_type.clone(),
            mode: r.mode.clone(),
            date: r.date.clone(),
            date_first: span.map(|s| s.0.to_string()),
            date_last: span.map(|s| s.1.to_string()),
            cc3: r.event_loc.as_ref().and_then(|l| l.cc3.clone()),
            geonameid: r.event_loc.as_ref().and_then(|l| l.geonameid).map(i64::from),
            lat: r.event_loc.as_ref().and_then(|l| l.latitude),
            lon: r.event_loc.as_ref().and_then(|l| l.longitude),
            dead_best: r.dead.as_ref().and_then(|c| c.best).and_then(|b| i64::try_from(b).ok()),
            source_codes: codes(&r.source),
            recipient_codes: codes(&r.recipient),
        }
    }
}

/// A database that keeps documents, events and incidents.
pub trait Backend {
    /// Starts a write transaction; everything up to `commit` is one unit.
    fn begin(&mut self) -> Result<()>;
    fn commit(&mut self) -> Result<()>;
    fn rollback(&mut self) -> Result<()>;
    /// Marks a point inside the transaction (one document of a batch).
    fn savepoint(&mut self) -> Result<()>;
    /// Keeps what was done since the last savepoint.
    fn release_savepoint(&mut self) -> Result<()>;
    /// Undoes what was done since the last savepoint, and drops it.
    fn rollback_to_savepoint(&mut self) -> Result<()>;

    /// `(id, content_hash)` of the stored document with this id.
    fn document_by_id(&mut self, id: &str) -> Result<Option<(String, String)>>;
    /// `(id, content_hash)` of the stored document with this url.
    fn document_by_url(&mut self, url: &str) -> Result<Option<(String, String)>>;
    /// The id of a stored document with this text.
    fn document_by_hash(&mut self, hash: &str) -> Result<Option<String>>;
    fn document(&mut self, id: &str) -> Result<Option<StoredDocument>>;
    /// Whether a document key (`id:…` or `url:…`) has had this text.
    fn seen_version(&mut self, key: &str, hash: &str) -> Result<bool>;
    fn record_version(&mut self, key: &str, hash: &str) -> Result<()>;
    /// The next ingest sequence number.
    fn next_seq(&mut self) -> Result<i64>;
    /// Stores a document with its near-duplicate signature ([`sitrep_sources::dedup`]).
    fn insert_document(&mut self, d: &StoredDocument, signature: &[u8]) -> Result<()>;
    /// Makes an original findable by its LSH band keys.
    fn insert_band_keys(&mut self, id: &str, keys: &[i64]) -> Result<()>;
    /// `(id, seq, signature)` of every stored original sharing one of these
    /// band keys (an indexed lookup, never a scan of the documents).
    fn band_candidates(&mut self, keys: &[i64]) -> Result<Vec<(String, i64, Vec<u8>)>>;
    /// The documents stored as copies of any of `originals`, as (copy id,
    /// original id), in the order they were stored.
    fn copies_of(&mut self, originals: &[String]) -> Result<Vec<(String, String)>>;
    /// Points the copies of `from` at `to`.
    fn repoint_copies(&mut self, from: &str, to: &str) -> Result<()>;
    /// Deletes a document, its events and band keys; returns the incidents they belonged to.
    fn delete_document(&mut self, id: &str) -> Result<Vec<String>>;

    fn insert_event(&mut self, rec: &EventRecord, ord: usize) -> Result<()>;
    fn set_event_incident(&mut self, event_id: &str, incident_id: Option<&str>) -> Result<()>;
    /// The incident an event belongs to.
    fn event_incident(&mut self, event_id: &str) -> Result<Option<String>>;

    /// Incidents of a category whose date window meets `[first, last]` and
    /// starts on or after `earliest` (longer windows never merge), placed in
    /// country `cc3` or in no known country when `cc3` is given, by id.
    fn candidate_incidents(&mut self, category: &str, first: &str, last: &str, earliest: &str, cc3: Option<&str>) -> Result<Vec<Incident>>;
    fn incident(&mut self, id: &str) -> Result<Option<Incident>>;
    /// The records of an incident with their reports.
    fn members(&mut self, incident_id: &str) -> Result<Vec<Member>>;
    fn upsert_incident(&mut self, inc: &Incident) -> Result<()>;
    fn delete_incident(&mut self, id: &str) -> Result<()>;

    /// Every event matching the filter, in document order, with its incident id.
    fn each_event(&mut self, f: &Filter, each: &mut dyn FnMut(EventRecord, Option<String>) -> Result<()>) -> Result<()>;
    /// Every incident matching the filter, by id.
    fn each_incident(&mut self, f: &Filter, each: &mut dyn FnMut(Incident) -> Result<()>) -> Result<()>;
    fn stats(&mut self) -> Result<StoreStats>;
}
