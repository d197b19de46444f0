//! The event record of `SCHEMA.md`, field for field.

use serde::{Deserialize, Serialize};

/// One event, as written to JSON Lines.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct EventRecord {
    pub id: String,
    pub doc_id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub doc_ids: Vec<String>,
    pub event_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acled_event_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acled_sub_event_type: Option<String>,
    pub quad: u8,
    pub intensity: f64,
    #[serde(default)]
    pub source: Vec<Actor>,
    #[serde(default)]
    pub recipient: Vec<Actor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_loc: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub date_precision: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dead: Option<Count>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injured: Option<Count>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrested: Option<Count>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attribution: Vec<Attribution>,
    pub evidence: Vec<Evidence>,
    #[serde(default)]
    pub rules: Vec<String>,
    pub confidence: f64,
}

/// A PLOVER actor object.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Actor {
    pub actor_text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// A place, with GeoNames field names.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Location {
    pub name: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonameid: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cc3: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    pub precision: String,
}

/// A casualty or arrest count, UCDP-style.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Count {
    pub low: Option<u64>,
    pub best: Option<u64>,
    pub high: Option<u64>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
}

/// An earlier or superseded figure.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Revision {
    pub value: String,
    pub doc_id: String,
    pub text: String,
}

/// Who says so.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Attribution {
    pub role: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// A span of the document's text the record rests on.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub sentence: usize,
}
