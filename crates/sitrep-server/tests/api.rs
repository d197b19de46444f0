//! The API over a SQLite store.

const POSTGRES: bool = false;

include!("api/cases.rs");
