//! What the store keeps besides the event records themselves: documents,
//! incidents with their merge reasons, and what an ingest did.

use serde::{Deserialize, Serialize};
use sitrep_core::{Actor, Date, Document, EventRecord};

/// A stored document: the input document, its content hash and its place
/// in the ingest order.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDocument {
    pub id: String,
    pub seq: i64,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub publisher: Option<String>,
    pub content_hash: String,
    pub text: String,
    /// The stored document this one nearly repeats (a syndicated copy):
    /// its events join no incident.
    pub copy_of: Option<String>,
}

impl StoredDocument {
    pub fn from_document(doc: &Document, seq: i64) -> StoredDocument {
        StoredDocument {
            id: doc.id.clone(),
            seq,
            url: doc.url.clone().filter(|u| !u.trim().is_empty()),
            title: doc.title.clone(),
            published: doc.published.clone(),
            publisher: doc.publisher.clone(),
            content_hash: content_hash(&doc.text),
            text: doc.text.clone(),
            copy_of: None,
        }
    }

    pub fn meta(&self) -> DocMeta {
        DocMeta {
            id: self.id.clone(),
            seq: self.seq,
            published: self.published.as_deref().and_then(Date::parse),
            title: self.title.clone().unwrap_or_default(),
            publisher: self.publisher.clone(),
        }
    }
}

/// SHA-256 of the text, hex: two documents with the same text are one story.
pub fn content_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(text.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// What reconciliation needs to know of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct DocMeta {
    pub id: String,
    /// Ingest order: the tie-breaker between reports of the same day.
    pub seq: i64,
    pub published: Option<Date>,
    pub title: String,
    pub publisher: Option<String>,
}

/// A record of an incident together with the report it came from.
#[derive(Debug, Clone)]
pub struct Member {
    pub record: EventRecord,
    pub doc: DocMeta,
}

/// Why one record joined an incident.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct MergeReason {
    pub event_id: String,
    pub doc_id: String,
    pub reasons: Vec<String>,
}

/// Who one report says did it, and how: `status` is `claimed`, `alleged`
/// or absent (reported as fact).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PerpetratorReport {
    pub doc_id: String,
    pub actor: Actor,
}

/// One real-world event, told by one or more reports. `record` is the
/// reconciled record (its `id` is the incident id, `doc_ids` every report);
/// the other fields explain how it was built.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Incident {
    #[serde(flatten)]
    pub record: EventRecord,
    /// Every contributing event record, in report order.
    pub event_ids: Vec<String>,
    /// Why each record after the first joined.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merges: Vec<MergeReason>,
    /// Every report's perpetrator, never overwritten by another report's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub perpetrators: Vec<PerpetratorReport>,
    /// The union of the members' date windows, for finding candidates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<(String, String)>,
}

impl Incident {
    pub fn id(&self) -> &str {
        &self.record.id
    }
}

/// Filters for export; every value is bound as an SQL parameter.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Records dated on or after this day (ISO).
    pub since: Option<String>,
    /// ISO alpha-3 country code of the place.
    pub country: Option<String>,
    /// PLOVER category.
    pub event_type: Option<String>,
}

/// What ingesting one document did.
#[derive(Debug, Clone, PartialEq)]
pub enum IngestOutcome {
    /// A new document was stored.
    Stored {
        events: usize,
        incidents_new: usize,
        incidents_updated: usize,
    },
    /// A new version of a stored document (same id or url) replaced it.
    Replaced {
        previous_id: String,
        events: usize,
        incidents_new: usize,
        incidents_updated: usize,
    },
    /// The same text is stored already (same id, url or content hash).
    Unchanged { existing_id: String },
    /// An earlier text of a story whose later version is stored: a replay.
    OlderVersion { existing_id: String },
    /// A new document that nearly repeats a stored one (a syndicated copy
    /// with small edits): stored as a copy of `original_id`, its events kept
    /// out of the store and of every incident. `previous_id` is the document
    /// it replaced (same id or url), whose incidents were reconciled again.
    Copy {
        original_id: String,
        similarity: f64,
        previous_id: Option<String>,
        incidents_updated: usize,
    },
}

/// Counts for a summary line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoreStats {
    pub documents: i64,
    /// Documents stored as copies of another (counted in `documents`).
    pub copies: i64,
    pub events: i64,
    pub incidents: i64,
}
