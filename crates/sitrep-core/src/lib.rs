//! The shared data model of sitrep: documents, spans, calendar dates, the
//! event record of `SCHEMA.md` and the PLOVER ontology's fixed facts.
//!
//! ```
//! use sitrep_core::{Category, Date};
//! let d = Date::parse("2024-01-04").unwrap();
//! assert_eq!(d.add_days(-1).to_string(), "2024-01-03");
//! assert_eq!(Category::Assault.quad(), 4);
//! ```
//!
//! This crate knows nothing of any other sitrep crate.

pub mod date;
pub mod document;
pub mod ontology;
pub mod record;

pub use date::Date;
pub use document::{Document, DocumentError};
pub use ontology::Category;
pub use record::*;

/// A 64-bit FNV-1a hash: stable across runs, platforms and versions, used for
/// derived ids (documents without an id, event ids).
pub fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}
