//! The server backend: PostgreSQL through the synchronous `postgres` client,
//! the same tables and steps as SQLite.

use crate::backend::{Backend, EventColumns};
use crate::model::{DocMeta, Filter, Incident, Member, StoreStats, StoredDocument};
use crate::sqlite::filter_sql;
use anyhow::{bail, Context, Result};
use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Statement};
use sitrep_core::{Date, EventRecord};
use std::collections::HashMap;

/// Migrations in order; the number is the schema version each one reaches.
pub const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "init", include_str!("../migrations/postgres/0001_init.sql")),
    (
        2,
        "document_versions",
        include_str!("../migrations/postgres/0002_document_versions.sql"),
    ),
    (
        3,
        "near_duplicates",
        include_str!("../migrations/postgres/0003_near_duplicates.sql"),
    ),
    (4, "list_indexes", include_str!("../migrations/postgres/0004_list_indexes.sql")),
];

pub struct Postgres {
    client: Cached,
}

/// A client that prepares each statement once per connection: a query
/// then costs one round trip to the server rather than two (parse, then run).
struct Cached {
    client: Client,
    statements: HashMap<String, Statement>,
}

type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

impl Cached {
    fn statement(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql)?;
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }
    fn query(&mut self, sql: &str, params: Params) -> Result<Vec<Row>, postgres::Error> {
        let s = self.statement(sql)?;
        self.client.query(&s, params)
    }
    fn query_opt(&mut self, sql: &str, params: Params) -> Result<Option<Row>, postgres::Error> {
        let s = self.statement(sql)?;
        self.client.query_opt(&s, params)
    }
    fn query_one(&mut self, sql: &str, params: Params) -> Result<Row, postgres::Error> {
        let s = self.statement(sql)?;
        self.client.query_one(&s, params)
    }
    fn execute(&mut self, sql: &str, params: Params) -> Result<u64, postgres::Error> {
        let s = self.statement(sql)?;
        self.client.execute(&s, params)
    }
    fn batch_execute(&mut self, sql: &str) -> Result<(), postgres::Error> {
        self.client.batch_execute(sql)
    }
    fn transaction(&mut self) -> Result<postgres::Transaction<'_>, postgres::Error> {
        self.client.transaction()
    }
}

/// PostgreSQL text cannot hold NUL: a key with one matches nothing.
fn has_nul(s: &str) -> bool {
    s.contains('\0')
}

fn check_schema_name(schema: &str) -> Result<()> {
    if schema.is_empty() || schema.len() > 60 || !schema.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        bail!("schema name {schema:?} must be 1-60 of a-z, 0-9 and _");
    }
    Ok(())
}

impl Postgres {
    /// Connects and brings the schema up to date; with `schema`, the tables
    /// live in that PostgreSQL schema (created if needed).
    pub fn connect(url: &str, schema: Option<&str>) -> Result<Postgres> {
        let mut client = Client::connect(url, NoTls).context("connecting to PostgreSQL")?;
        if let Some(s) = schema {
            check_schema_name(s)?;
            // the name is checked above: identifiers cannot be bound as parameters
            client.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {s}; SET search_path TO {s}"))?;
        }
        let mut p = Postgres {
            client: Cached {
                client,
                statements: HashMap::new(),
            },
        };
        p.migrate()?;
        Ok(p)
    }

    /// Drops a schema and everything in it (for tests).
    pub fn drop_schema(url: &str, schema: &str) -> Result<()> {
        check_schema_name(schema)?;
        let mut client = Client::connect(url, NoTls).context("connecting to PostgreSQL")?;
        client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))?;
        Ok(())
    }

    fn migrate(&mut self) -> Result<()> {
        let mut tx = self.client.transaction()?;
        // one migrating process at a time
        tx.batch_execute("SELECT pg_advisory_xact_lock(7418522)")?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL)")?;
        let current: i64 = tx.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &[])?.get(0);
        for (version, name, sql) in MIGRATIONS {
            if *version <= current {
                continue;
            }
            tx.batch_execute(sql)
                .with_context(|| format!("applying migration {version} ({name})"))?;
            tx.execute("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", &[version, name])?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn schema_version(&mut self) -> Result<i64> {
        Ok(self
            .client
            .query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &[])?
            .get(0))
    }

    fn opt_pair(&mut self, sql: &str, key: &str) -> Result<Option<(String, String)>> {
        if has_nul(key) {
            return Ok(None);
        }
        Ok(self.client.query_opt(sql, &[&key])?.map(|r| (r.get(0), r.get(1))))
    }
}

fn parse_incident(json: &str) -> Result<Incident> {
    serde_json::from_str(json).context("reading a stored incident")
}

impl Backend for Postgres {
    fn begin(&mut self) -> Result<()> {
        // one writer at a time, as on SQLite: a document's sequence number,
        // its copy lookup and its incidents' merging assume that no other
        // transaction writes meanwhile; a second writer waits here for the
        // first one's commit rather than colliding with it and failing
        self.client.batch_execute("BEGIN; SELECT pg_advisory_xact_lock(7418523)")?;
        Ok(())
    }
    fn commit(&mut self) -> Result<()> {
        self.client.batch_execute("COMMIT")?;
        Ok(())
    }
    fn rollback(&mut self) -> Result<()> {
        self.client.batch_execute("ROLLBACK")?;
        Ok(())
    }
    fn savepoint(&mut self) -> Result<()> {
        self.client.batch_execute("SAVEPOINT doc")?;
        Ok(())
    }
    fn release_savepoint(&mut self) -> Result<()> {
        self.client.batch_execute("RELEASE SAVEPOINT doc")?;
        Ok(())
    }
    fn rollback_to_savepoint(&mut self) -> Result<()> {
        self.client.batch_execute("ROLLBACK TO SAVEPOINT doc; RELEASE SAVEPOINT doc")?;
        Ok(())
    }

    fn document_by_id(&mut self, id: &str) -> Result<Option<(String, String)>> {
        self.opt_pair("SELECT id, content_hash FROM documents WHERE id = $1", id)
    }
    fn document_by_url(&mut self, url: &str) -> Result<Option<(String, String)>> {
        self.opt_pair("SELECT id, content_hash FROM documents WHERE url = $1 ORDER BY seq LIMIT 1", url)
    }
    fn document_by_hash(&mut self, hash: &str) -> Result<Option<String>> {
        if has_nul(hash) {
            return Ok(None);
        }
        Ok(self
            .client
            .query_opt("SELECT id FROM documents WHERE content_hash = $1 ORDER BY seq LIMIT 1", &[&hash])?
            .map(|r| r.get(0)))
    }
    fn document(&mut self, id: &str) -> Result<Option<StoredDocument>> {
        if has_nul(id) {
            return Ok(None);
        }
        Ok(self
            .client
            .query_opt(
                "SELECT id, seq, url, title, published, publisher, content_hash, text, copy_of FROM documents WHERE id = $1",
                &[&id],
            )?
            .map(|r| StoredDocument {
                id: r.get(0),
                seq: r.get(1),
                url: r.get(2),
                title: r.get(3),
                published: r.get(4),
                publisher: r.get(5),
                content_hash: r.get(6),
                text: r.get(7),
                copy_of: r.get(8),
            }))
    }
    fn seen_version(&mut self, key: &str, hash: &str) -> Result<bool> {
        if has_nul(key) {
            return Ok(false);
        }
        Ok(self
            .client
            .query_opt(
                "SELECT 1 FROM document_versions WHERE doc_key = $1 AND content_hash = $2",
                &[&key, &hash],
            )?
            .is_some())
    }
    fn record_version(&mut self, key: &str, hash: &str) -> Result<()> {
        self.client.execute(
            "INSERT INTO document_versions (doc_key, content_hash) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&key, &hash],
        )?;
        Ok(())
    }
    fn next_seq(&mut self) -> Result<i64> {
        Ok(self
            .client
            .query_one("SELECT COALESCE(MAX(seq), 0) + 1 FROM documents", &[])?
            .get(0))
    }
    fn insert_document(&mut self, d: &StoredDocument, signature: &[u8]) -> Result<()> {
        self.client
            .execute(
                "INSERT INTO documents (id, seq, url, title, published, publisher, content_hash, text, copy_of, signature) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                &[
                    &d.id,
                    &d.seq,
                    &d.url,
                    &d.title,
                    &d.published,
                    &d.publisher,
                    &d.content_hash,
                    &d.text,
                    &d.copy_of,
                    &signature,
                ],
            )
            .with_context(|| format!("storing document {}", d.id))?;
        Ok(())
    }
    fn insert_band_keys(&mut self, id: &str, keys: &[i64]) -> Result<()> {
        let keys = keys.to_vec();
        self.client.execute(
            "INSERT INTO document_bands (band_key, doc_id) SELECT k, $2 FROM unnest($1::BIGINT[]) AS k ON CONFLICT DO NOTHING",
            &[&keys, &id],
        )?;
        Ok(())
    }
    fn band_candidates(&mut self, keys: &[i64]) -> Result<Vec<(String, i64, Vec<u8>)>> {
        let keys = keys.to_vec();
        Ok(self
            .client
            .query(
                "SELECT DISTINCT d.id, d.seq, d.signature FROM document_bands b JOIN documents d ON d.id = b.doc_id \
                 WHERE b.band_key = ANY($1) AND d.signature IS NOT NULL",
                &[&keys],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect())
    }
    fn copies_of(&mut self, originals: &[String]) -> Result<Vec<(String, String)>> {
        let keys: Vec<&str> = originals.iter().map(String::as_str).filter(|k| !has_nul(k)).collect();
        Ok(self
            .client
            .query("SELECT id, copy_of FROM documents WHERE copy_of = ANY($1) ORDER BY seq", &[&keys])?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }
    fn repoint_copies(&mut self, from: &str, to: &str) -> Result<()> {
        self.client
            .execute("UPDATE documents SET copy_of = $2 WHERE copy_of = $1", &[&from, &to])?;
        Ok(())
    }
    fn delete_document(&mut self, id: &str) -> Result<Vec<String>> {
        let incs: Vec<String> = self
            .client
            .query(
                "SELECT DISTINCT incident_id FROM events WHERE doc_id = $1 AND incident_id IS NOT NULL ORDER BY incident_id",
                &[&id],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        self.client.execute("DELETE FROM events WHERE doc_id = $1", &[&id])?;
        self.client.execute("DELETE FROM document_bands WHERE doc_id = $1", &[&id])?;
        self.client.execute("DELETE FROM documents WHERE id = $1", &[&id])?;
        Ok(incs)
    }

    fn insert_event(&mut self, rec: &EventRecord, ord: usize) -> Result<()> {
        let c = EventColumns::of(rec);
        let json = serde_json::to_string(rec)?;
        let ord = ord as i64;
        self.client
            .execute(
                "INSERT INTO events (id, doc_id, ord, incident_id, category, mode, date, date_first, date_last, cc3, geonameid, lat, lon, \
                 dead_best, source_codes, recipient_codes, record) VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
                &[
                    &rec.id,
                    &rec.doc_id,
                    &ord,
                    &c.category,
                    &c.mode,
                    &c.date,
                    &c.date_first,
                    &c.date_last,
                    &c.cc3,
                    &c.geonameid,
                    &c.lat,
                    &c.lon,
                    &c.dead_best,
                    &c.source_codes,
                    &c.recipient_codes,
                    &json,
                ],
            )
            .with_context(|| format!("storing event {}", rec.id))?;
        Ok(())
    }
    fn set_event_incident(&mut self, event_id: &str, incident_id: Option<&str>) -> Result<()> {
        self.client
            .execute("UPDATE events SET incident_id = $2 WHERE id = $1", &[&event_id, &incident_id])?;
        Ok(())
    }
    fn event_incident(&mut self, event_id: &str) -> Result<Option<String>> {
        if has_nul(event_id) {
            return Ok(None);
        }
        Ok(self
            .client
            .query_opt("SELECT incident_id FROM events WHERE id = $1", &[&event_id])?
            .and_then(|r| r.get::<_, Option<String>>(0)))
    }

    fn candidate_incidents(&mut self, category: &str, first: &str, last: &str, earliest: &str, cc3: Option<&str>) -> Result<Vec<Incident>> {
        self.client
            .query(
                "SELECT record FROM incidents WHERE category = $1 AND win_first >= $4 AND win_first <= $3 AND win_last >= $2 \
                 AND ($5::text IS NULL OR cc3 IS NULL OR cc3 = $5) ORDER BY id",
                &[&category, &first, &last, &earliest, &cc3],
            )?
            .iter()
            .map(|r| parse_incident(r.get(0)))
            .collect()
    }
    fn incident(&mut self, id: &str) -> Result<Option<Incident>> {
        if has_nul(id) {
            return Ok(None);
        }
        self.client
            .query_opt("SELECT record FROM incidents WHERE id = $1", &[&id])?
            .map(|r| parse_incident(r.get(0)))
            .transpose()
    }
    fn members(&mut self, incident_id: &str) -> Result<Vec<Member>> {
        self.client
            .query(
                "SELECT e.record, d.id, d.seq, d.published, d.title, d.publisher FROM events e JOIN documents d ON d.id = e.doc_id \
                 WHERE e.incident_id = $1 ORDER BY d.seq, e.ord",
                &[&incident_id],
            )?
            .iter()
            .map(|r| {
                let published: Option<String> = r.get(3);
                let title: Option<String> = r.get(4);
                Ok(Member {
                    record: serde_json::from_str(r.get(0)).context("reading a stored event")?,
                    doc: DocMeta {
                        id: r.get(1),
                        seq: r.get(2),
                        published: published.as_deref().and_then(Date::parse),
                        title: title.unwrap_or_default(),
                        publisher: r.get(5),
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
        let (dl, db, dh) = (
            to_i(dead.and_then(|d| d.low)),
            to_i(dead.and_then(|d| d.best)),
            to_i(dead.and_then(|d| d.high)),
        );
        let n = inc.record.doc_ids.len().max(1) as i64;
        self.client.execute(
            "INSERT INTO incidents (id, category, mode, date, date_first, date_last, win_first, win_last, cc3, geonameid, lat, lon, \
             dead_low, dead_best, dead_high, n_reports, record) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) \
             ON CONFLICT (id) DO UPDATE SET category = excluded.category, mode = excluded.mode, date = excluded.date, \
             date_first = excluded.date_first, date_last = excluded.date_last, win_first = excluded.win_first, win_last = excluded.win_last, \
             cc3 = excluded.cc3, geonameid = excluded.geonameid, lat = excluded.lat, lon = excluded.lon, dead_low = excluded.dead_low, \
             dead_best = excluded.dead_best, dead_high = excluded.dead_high, n_reports = excluded.n_reports, record = excluded.record",
            &[
                &inc.record.id,
                &c.category,
                &c.mode,
                &c.date,
                &c.date_first,
                &c.date_last,
                &wf,
                &wl,
                &c.cc3,
                &c.geonameid,
                &c.lat,
                &c.lon,
                &dl,
                &db,
                &dh,
                &n,
                &json,
            ],
        )?;
        Ok(())
    }
    fn delete_incident(&mut self, id: &str) -> Result<()> {
        self.client
            .execute("UPDATE events SET incident_id = NULL WHERE incident_id = $1", &[&id])?;
        self.client.execute("DELETE FROM incidents WHERE id = $1", &[&id])?;
        Ok(())
    }

    fn each_event(&mut self, f: &Filter, each: &mut dyn FnMut(EventRecord, Option<String>) -> Result<()>) -> Result<()> {
        if [&f.since, &f.country, &f.event_type]
            .iter()
            .any(|v| v.as_deref().is_some_and(has_nul))
        {
            return Ok(());
        }
        let (cond, vals) = filter_sql(f, "e", |n| format!("${n}"));
        let sql = format!(
            "SELECT e.record, e.incident_id FROM events e JOIN documents d ON d.id = e.doc_id WHERE 1 = 1{cond} ORDER BY d.seq, e.ord"
        );
        let params: Vec<&(dyn ToSql + Sync)> = vals.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        // a portal streams the rows in batches: memory stays flat on a big store
        let mut tx = self.client.transaction()?;
        let portal = tx.bind(sql.as_str(), &params)?;
        loop {
            let rows = tx.query_portal(&portal, 2000)?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let rec: EventRecord = serde_json::from_str(r.get(0)).context("reading a stored event")?;
                each(rec, r.get(1))?;
            }
        }
        tx.commit()?;
        Ok(())
    }
    fn each_incident(&mut self, f: &Filter, each: &mut dyn FnMut(Incident) -> Result<()>) -> Result<()> {
        if [&f.since, &f.country, &f.event_type]
            .iter()
            .any(|v| v.as_deref().is_some_and(has_nul))
        {
            return Ok(());
        }
        let (cond, vals) = filter_sql(f, "i", |n| format!("${n}"));
        let sql = format!("SELECT i.record FROM incidents i WHERE 1 = 1{cond} ORDER BY i.id");
        let params: Vec<&(dyn ToSql + Sync)> = vals.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let mut tx = self.client.transaction()?;
        let portal = tx.bind(sql.as_str(), &params)?;
        loop {
            let rows = tx.query_portal(&portal, 2000)?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                each(parse_incident(r.get(0))?)?;
            }
        }
        tx.commit()?;
        Ok(())
    }
    fn stats(&mut self) -> Result<StoreStats> {
        let mut q = |sql: &str| -> Result<i64> { Ok(self.client.query_one(sql, &[])?.get(0)) };
        Ok(StoreStats {
            documents: q("SELECT COUNT(*) FROM documents")?,
            copies: q("SELECT COUNT(*) FROM documents WHERE copy_of IS NOT NULL")?,
            events: q("SELECT COUNT(*) FROM events")?,
            incidents: q("SELECT COUNT(*) FROM incidents")?,
        })
    }
}
