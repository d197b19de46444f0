//! The embedded backend: one SQLite file in WAL mode, migrated on open.

use crate::backend::{Backend, EventColumns};
use crate::model::{DocMeta, Filter, Incident, Member, StoreStats, StoredDocument};
use anyhow::{Context, Result};
use rusqlite::{params, Connection, OptionalExtension};
use sitrep_core::{Date, EventRecord};
use std::path::Path;

/// Migrations in order; the number is the schema version each one reaches.
pub const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "init", include_str!("../migrations/sqlite/0001_init.sql")),
    (
        2,
        "document_versions",
        include_str!("../migrations/sqlite/0002_document_versions.sql"),
    ),
    (3, "near_duplicates", include_str!("../migrations/sqlite/0003_near_duplicates.sql")),
    (4, "list_indexes", include_str!("../migrations/sqlite/0004_list_indexes.sql")),
];

pub struct Sqlite {
    conn: Connection,
}

impl Sqlite {
    /// Opens (creating if needed) a database file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Sqlite> {
        let conn = Connection::open(path).with_context(|| format!("opening SQLite database {}", path.display()))?;
        Sqlite::setup(conn)
    }

    /// A private in-memory database, for tests and dry runs.
    pub fn memory() -> Result<Sqlite> {
        Sqlite::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<Sqlite> {
        // WAL: readers never block the writer; synchronous=NORMAL keeps every
        // committed transaction through a killed process (not a power cut)
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // up to 16 MiB of pages in memory (the default is 2 MiB): ingest reads
        // the band index, candidate signatures and incidents at random
        conn.pragma_update(None, "cache_size", -16384)?;
        // a checkpoint every 10,000 WAL pages (40 MiB) rather than 1,000: the
        // pages that every document rewrites (indexes, incidents) are copied
        // into the database and synced ten times less often
        conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
        // temporary data in memory: a batch keeps each document's savepoint
        // journal there rather than in a temporary file
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        let mut s = Sqlite { conn };
        s.migrate()?;
        Ok(s)
    }

    fn migrate(&mut self) -> Result<()> {
        self.conn
            .execute_batch("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)")?;
        let current: i64 = self
            .conn
            .query_row("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [], |r| r.get(0))?;
        for (version, name, sql) in MIGRATIONS {
            if *version <= current {
                continue;
            }
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)
                .with_context(|| format!("applying migration {version} ({name})"))?;
            tx.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)",
                params![version, name],
            )?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The schema version in force.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [], |r| r.get(0))?)
    }
}

/// An event's JSON with its document's id, seq, published, title and publisher.
type MemberRow = (String, String, i64, Option<String>, Option<String>, Option<String>);

fn parse_incident(json: &str) -> Result<Incident> {
    serde_json::from_str(json).context("reading a stored incident")
}

/// The WHERE conditions of a filter on a table alias, with the values to bind
/// (the SQL text holds only column names and placeholders).
pub(crate) fn filter_sql(f: &Filter, alias: &str, placeholder: fn(usize) -> String) -> (String, Vec<String>) {
    let mut sql = String::new();
    let mut vals = Vec::new();
    for (col, op, v) in [
        ("date_last", ">=", &f.since),
        ("cc3", "=", &f.country),
        ("category", "=", &f.event_type),
    ] {
        if let Some(v) = v {
            vals.push(v.clone());
            sql.push_str(&format!(" AND {alias}.{col} {op} {}", placeholder(vals.len())));
        }
    }
    (sql, vals)
}

impl Backend for Sqlite {
    fn begin(&mut self) -> Result<()> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }
    fn commit(&mut self) -> Result<()> {
        self.conn.execute_batch("COMMIT")?;
        Ok(())
    }
    fn rollback(&mut self) -> Result<()> {
        self.conn.execute_batch("ROLLBACK")?;
        Ok(())
    }
    fn savepoint(&mut self) -> Result<()> {
        self.conn.execute_batch("SAVEPOINT doc")?;
        Ok(())
    }
    fn release_savepoint(&mut self) -> Result<()> {
        self.conn.execute_batch("RELEASE SAVEPOINT doc")?;
        Ok(())
    }
    fn rollback_to_savepoint(&mut self) -> Result<()> {
        self.conn.execute_batch("ROLLBACK TO SAVEPOINT doc; RELEASE SAVEPOINT doc")?;
        Ok(())
    }

    fn document_by_id(&mut self, id: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id, content_hash FROM documents WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }
    fn document_by_url(&mut self, url: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id, content_hash FROM documents WHERE url = ?1 ORDER BY seq LIMIT 1")?
            .query_row([url], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }
    fn document_by_hash(&mut self, hash: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM documents WHERE content_hash = ?1 ORDER BY seq LIMIT 1")?
            .query_row([hash], |r| r.get(0))
            .optional()?)
    }
    fn document(&mut self, id: &str) -> Result<Option<StoredDocument>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id, seq, url, title, published, publisher, content_hash, text, copy_of FROM documents WHERE id = ?1")?
            .query_row([id], |r| {
                Ok(StoredDocument {
                    id: r.get(0)?,
                    seq: r.get(1)?,
                    url: r.get(2)?,
                    title: r.get(3)?,
                    published: r.get(4)?,
                    publisher: r.get(5)?,
                    content_hash: r.get(6)?,
                    text: r.get(7)?,
                    copy_of: r.get(8)?,
                })
            })
            .optional()?)
    }
    fn seen_version(&mut self, key: &str, hash: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM document_versions WHERE doc_key = ?1 AND content_hash = ?2")?
            .query_row([key, hash], |_| Ok(()))
            .optional()?
            .is_some())
    }
    fn record_version(&mut self, key: &str, hash: &str) -> Result<()> {
        self.conn
            .prepare_cached("INSERT INTO document_versions (doc_key, content_hash) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?
            .execute([key, hash])?;
        Ok(())
    }
    fn next_seq(&mut self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM documents", [], |r| r.get(0))?)
    }
    fn insert_document(&mut self, d: &StoredDocument, signature: &[u8]) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO documents (id, seq, url, title, published, publisher, content_hash, text, copy_of, signature) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                d.id,
                d.seq,
                d.url,
                d.title,
                d.published,
                d.publisher,
                d.content_hash,
                d.text,
                d.copy_of,
                signature
            ])
            .with_context(|| format!("storing document {}", d.id))?;
        Ok(())
    }
    fn insert_band_keys(&mut self, id: &str, keys: &[i64]) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached("INSERT INTO document_bands (band_key, doc_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?;
        for k in keys {
            stmt.execute(params![k, id])?;
        }
        Ok(())
    }
    fn band_candidates(&mut self, keys: &[i64]) -> Result<Vec<(String, i64, Vec<u8>)>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        // one statement for all the keys: the covering band index gives the
        // distinct ids, and each candidate's row (its signature) is read once
        let placeholders: Vec<String> = (1..=keys.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "SELECT d.id, d.seq, d.signature FROM documents d WHERE d.signature IS NOT NULL AND d.id IN \
             (SELECT doc_id FROM document_bands WHERE band_key IN ({}))",
            placeholders.join(", ")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(keys.iter()), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<Vec<(String, i64, Vec<u8>)>>>()?;
        Ok(rows)
    }
    fn copies_of(&mut self, originals: &[String]) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, copy_of, seq FROM documents WHERE copy_of = ?1")?;
        let mut rows: Vec<(i64, String, String)> = Vec::new();
        for o in originals {
            for r in stmt.query_map([o], |r| Ok((r.get(2)?, r.get(0)?, r.get(1)?)))? {
                rows.push(r?);
            }
        }
        rows.sort();
        rows.dedup();
        Ok(rows.into_iter().map(|(_, id, of)| (id, of)).collect())
    }
    fn repoint_copies(&mut self, from: &str, to: &str) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE documents SET copy_of = ?2 WHERE copy_of = ?1")?
            .execute(params![from, to])?;
        Ok(())
    }
    fn delete_document(&mut self, id: &str) -> Result<Vec<String>> {
        let incs: Vec<String> = self
            .conn
            .prepare_cached("SELECT DISTINCT incident_id FROM events WHERE doc_id = ?1 AND incident_id IS NOT NULL ORDER BY incident_id")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        self.conn.execute("DELETE FROM events WHERE doc_id = ?1", [id])?;
        self.conn.execute("DELETE FROM document_bands WHERE doc_id = ?1", [id])?;
        self.conn.execute("DELETE FROM documents WHERE id = ?1", [id])?;
        Ok(incs)
    }

    fn insert_event(&mut self, rec: &EventRecord, ord: usize) -> Result<()> {
        let c = EventColumns::of(rec);
        let json = serde_json::to_string(rec)?;
        self.conn
            .prepare_cached(
                "INSERT INTO events (id, doc_id, ord, incident_id, category, mode, date, date_first, date_last, cc3, geonameid, lat, lon, \
                 dead_best, source_codes, recipient_codes, record) VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )?
            .execute(params![
                rec.id,
                rec.doc_id,
                ord as i64,
                c.category,
                c.mode,
                c.date,
                c.date_first,
                c.date_last,
                c.cc3,
                c.geonameid,
                c.lat,
                c.lon,
                c.dead_best,
                c.source_codes,
                c.recipient_codes,
                json
            ])
            .with_context(|| format!("storing event {}", rec.id))?;
        Ok(())
    }
    fn set_event_incident(&mut self, event_id: &str, incident_id: Option<&str>) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE events SET incident_id = ?2 WHERE id = ?1")?
            .execute(params![event_id, incident_id])?;
        Ok(())
    }
    fn event_incident(&mut self, event_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT incident_id FROM events WHERE id = ?1")?
            .query_row([event_id], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }

    fn candidate_incidents(&mut self, category: &str, first: &str, last: &str, earliest: &str, cc3: Option<&str>) -> Result<Vec<Incident>> {
        let rows: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT record FROM incidents WHERE category = ?1 AND win_first >= ?4 AND win_first <= ?3 AND win_last >= ?2 \
                 AND (?5 IS NULL OR cc3 IS NULL OR cc3 = ?5) ORDER BY id",
            )?
            .query_map(params![category, first, last, earliest, cc3], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        rows.iter().map(|j| parse_incident(j)).collect()
    }
    fn incident(&mut self, id: &str) -> Result<Option<Incident>> {
        let row: Option<String> = self
            .conn
            .prepare_cached("SELECT record FROM incidents WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        row.map(|j| parse_incident(&j)).transpose()
    }
    fn members(&mut self, incident_id: &str) -> Result<Vec<Member>> {
        let rows: Vec<MemberRow> = self
            .conn
            .prepare_cached(
                "SELECT e.record, d.id, d.seq, d.published, d.title, d.publisher FROM events e JOIN documents d ON d.id = e.doc_id \
                 WHERE e.incident_id = ?1 ORDER BY d.seq, e.ord",
            )?
            .query_map([incident_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(rec, id, seq, published, title, publisher)| {
                Ok(Member {
                    record: serde_json::from_str(&rec).context("reading a stored event")?,
                    doc: DocMeta {
                        id,
                        seq,
                        published: published.as_deref().and_then(Date::parse),
                        title: title.unwrap_or_default(),
                        publisher,
                    },
                })
            })
            .collect()
    }
    fn upsert_incident(&mut self, inc: &Incident) -> Result<()> {
        let c = EventColumns::of(&inc.record);
        let json = serde_json::to_string(inc)?;
        let (wf, wl) = inc.window.clone().unzip();
        let dead = inc.record.dead.as_ref();
        let to_i = |v: Option<u64>| v.and_then(|v| i64::try_from(v).ok());
        self.conn
            .prepare_cached(
                "INSERT INTO incidents (id, category, mode, date, date_first, date_last, win_first, win_last, cc3, geonameid, lat, lon, \
                 dead_low, dead_best, dead_high, n_reports, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) \
                 ON CONFLICT (id) DO UPDATE SET category = excluded.category, mode = excluded.mode, date = excluded.date, \
                 date_first = excluded.date_first, date_last = excluded.date_last, win_first = excluded.win_first, win_last = excluded.win_last, \
                 cc3 = excluded.cc3, geonameid = excluded.geonameid, lat = excluded.lat, lon = excluded.lon, dead_low = excluded.dead_low, \
                 dead_best = excluded.dead_best, dead_high = excluded.dead_high, n_reports = excluded.n_reports, record = excluded.record",
            )?
            .execute(params![
                inc.record.id,
                c.category,
                c.mode,
                c.date,
                c.date_first,
                c.date_last,
                wf,
                wl,
                c.cc3,
                c.geonameid,
                c.lat,
                c.lon,
                to_i(dead.and_then(|d| d.low)),
                to_i(dead.and_then(|d| d.best)),
                to_i(dead.and_then(|d| d.high)),
                inc.record.doc_ids.len().max(1) as i64,
                json
            ])?;
        Ok(())
    }
    fn delete_incident(&mut self, id: &str) -> Result<()> {
        self.conn
            .execute("UPDATE events SET incident_id = NULL WHERE incident_id = ?1", [id])?;
        self.conn.execute("DELETE FROM incidents WHERE id = ?1", [id])?;
        Ok(())
    }

    fn each_event(&mut self, f: &Filter, each: &mut dyn FnMut(EventRecord, Option<String>) -> Result<()>) -> Result<()> {
        let (cond, vals) = filter_sql(f, "e", |n| format!("?{n}"));
        let sql = format!(
            "SELECT e.record, e.incident_id FROM events e JOIN documents d ON d.id = e.doc_id WHERE 1 = 1{cond} ORDER BY d.seq, e.ord"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(vals.iter()))?;
        while let Some(r) = rows.next()? {
            let json: String = r.get(0)?;
            let rec: EventRecord = serde_json::from_str(&json).context("reading a stored event")?;
            each(rec, r.get(1)?)?;
        }
        Ok(())
    }
    fn each_incident(&mut self, f: &Filter, each: &mut dyn FnMut(Incident) -> Result<()>) -> Result<()> {
        let (cond, vals) = filter_sql(f, "i", |n| format!("?{n}"));
        let sql = format!("SELECT i.record FROM incidents i WHERE 1 = 1{cond} ORDER BY i.id");
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(vals.iter()))?;
        while let Some(r) = rows.next()? {
            let json: String = r.get(0)?;
            each(parse_incident(&json)?)?;
        }
        Ok(())
    }
    fn stats(&mut self) -> Result<StoreStats> {
        let q = |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        Ok(StoreStats {
            documents: q("SELECT COUNT(*) FROM documents")?,
            copies: q("SELECT COUNT(*) FROM documents WHERE copy_of IS NOT NULL")?,
            events: q("SELECT COUNT(*) FROM events")?,
            incidents: q("SELECT COUNT(*) FROM incidents")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_at_an_older_version_is_migrated_on_open_and_keeps_its_rows() {
        let dir = std::env::temp_dir().join(format!("sitrep-migrate-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("old.db");
        {
            // a store written by a build that knew only the first migration
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)")
                .unwrap();
            conn.execute_batch(MIGRATIONS[0].2).unwrap();
            conn.execute("INSERT INTO schema_migrations VALUES (1, 'init')", []).unwrap();
            conn.execute(
                "INSERT INTO documents (id, seq, content_hash, text) VALUES ('d1', 1, 'h', 'A bomb went off.')",
                [],
            )
            .unwrap();
        }
        let mut s = Sqlite::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
        assert!(s.document_by_id("d1").unwrap().is_some());
        assert!(!s.seen_version("id:d1", "h").unwrap());
        // opening again applies nothing twice
        drop(s);
        let s = Sqlite::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_file_is_in_wal_mode() {
        let dir = std::env::temp_dir().join(format!("sitrep-wal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let s = Sqlite::open(&dir.join("w.db")).unwrap();
        let mode: String = s.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
