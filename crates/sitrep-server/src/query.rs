//! The read queries the API needs over a SQLite store: filtered, paged and
//! sorted lists, one document, one incident with its reports, and the
//! statistics. Every value from a request reaches SQLite as a bound
//! parameter; only fixed column names and keywords are written into SQL.

use crate::params::{Interval, ListParams, Sort, StatsBy};
use anyhow::{Context, Result};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde_json::{json, Value as Json};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Read-only connections to one SQLite store, reused between requests.
pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl Pool {
    /// Opens the store read-only and checks that it is a sitrep store.
    pub fn open(path: &Path) -> Result<Pool> {
        if !path.is_file() {
            anyhow::bail!("{}: no such database file (create it with `sitrep ingest --db`)", path.display());
        }
        let pool = Pool {
            path: path.to_path_buf(),
            idle: Mutex::new(Vec::new()),
        };
        let c = pool.connect()?;
        c.query_row("SELECT COUNT(*) FROM incidents WHERE 0", [], |r| r.get::<_, i64>(0))
            .with_context(|| format!("{}: not a sitrep store (no incidents table)", path.display()))?;
        pool.put(c);
        Ok(pool)
    }

    fn connect(&self) -> Result<Connection> {
        let c = Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .with_context(|| format!("opening {} read-only", self.path.display()))?;
        c.busy_timeout(std::time::Duration::from_secs(10))?;
        // reads straight from the mapped file, not through per-connection copies
        c.pragma_update(None, "mmap_size", 1i64 << 32)?;
        c.pragma_update(None, "cache_size", -32_000)?;
        Ok(c)
    }

    fn put(&self, c: Connection) {
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < 16 {
                idle.push(c);
            }
        }
    }

    /// Runs `f` on an idle connection (or a new one) and gives it back.
    pub fn with<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let c = match self.idle.lock().ok().and_then(|mut v| v.pop()) {
            Some(c) => c,
            None => self.connect()?,
        };
        let out = f(&c);
        self.put(c);
        out
    }
}

/// Which table a list reads.
#[derive(Clone, Copy, PartialEq)]
pub enum Table {
    Incidents,
    Events,
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The WHERE clause (starting with " AND" per condition) and its values.
fn conditions(t: Table, p: &ListParams) -> (String, Vec<Value>) {
    let a = match t {
        Table::Incidents => "i",
        Table::Events => "e",
    };
    let mut sql = String::new();
    let mut vals: Vec<Value> = Vec::new();
    let mut add = |cond: &str, v: Vec<Value>| {
        // each `?` in cond is numbered in order
        let mut c = String::new();
        for ch in cond.chars() {
            if ch == '?' {
                vals.push(Value::Null);
                c.push_str(&format!("?{}", vals.len()));
            } else {
                c.push(ch);
            }
        }
        let n = vals.len();
        let first = n - v.len();
        for (k, x) in v.into_iter().enumerate() {
            vals[first + k] = x;
        }
        sql.push_str(" AND ");
        sql.push_str(&c);
    };
    if let Some(v) = &p.category {
        add(&format!("{a}.category = ?"), vec![Value::Text(v.clone())]);
    }
    if let Some(v) = &p.mode {
        add(&format!("{a}.mode = ?"), vec![Value::Text(v.clone())]);
    }
    if let Some(v) = &p.country {
        add(&format!("{a}.cc3 = ?"), vec![Value::Text(v.clone())]);
    }
    if let Some(v) = &p.since {
        add(&format!("{a}.date_last >= ?"), vec![Value::Text(v.clone())]);
    }
    if let Some(v) = &p.until {
        add(&format!("{a}.date_first <= ?"), vec![Value::Text(v.clone())]);
    }
    if let Some(v) = p.min_dead {
        add(&format!("{a}.dead_best >= ?"), vec![Value::Integer(v)]);
    }
    if let Some(b) = p.bbox {
        add(
            &format!("{a}.lon >= ? AND {a}.lon <= ? AND {a}.lat >= ? AND {a}.lat <= ?"),
            vec![Value::Real(b[0]), Value::Real(b[2]), Value::Real(b[1]), Value::Real(b[3])],
        );
    }
    // actor and text conditions select ids once (one scan) rather than
    // testing every row with a subquery of its own
    if let Some(v) = &p.actor {
        let pat = Value::Text(format!("% {} %", like_escape(v)));
        match t {
            Table::Events => add(
                "(e.source_codes LIKE ? ESCAPE '\\' OR e.recipient_codes LIKE ? ESCAPE '\\')",
                vec![pat.clone(), pat],
            ),
            Table::Incidents => add(
                "i.id IN (SELECT x.incident_id FROM events x WHERE x.source_codes LIKE ? ESCAPE '\\' OR x.recipient_codes LIKE ? ESCAPE '\\')",
                vec![pat.clone(), pat],
            ),
        }
    }
    if let Some(v) = &p.q {
        let pat = Value::Text(format!("%{}%", like_escape(v)));
        let docs = "SELECT d.id FROM documents d WHERE d.text LIKE ? ESCAPE '\\' OR d.title LIKE ? ESCAPE '\\'";
        match t {
            Table::Events => add(&format!("e.doc_id IN ({docs})"), vec![pat.clone(), pat]),
            Table::Incidents => add(
                &format!("i.id IN (SELECT x.incident_id FROM events x WHERE x.doc_id IN ({docs}))"),
                vec![pat.clone(), pat],
            ),
        }
    }
    (sql, vals)
}

fn order_by(t: Table, s: Sort) -> &'static str {
    match (t, s) {
        (Table::Incidents, Sort::DateDesc) => "i.date_first DESC, i.id",
        (Table::Incidents, Sort::DateAsc) => "i.date_first ASC, i.id",
        (Table::Incidents, Sort::DeadDesc) => "COALESCE(i.dead_best, -1) DESC, i.id",
        (Table::Incidents, Sort::DeadAsc) => "COALESCE(i.dead_best, -1) ASC, i.id",
        (Table::Incidents, Sort::Id) => "i.id",
        (Table::Events, Sort::DateDesc) => "e.date_first DESC, e.id",
        (Table::Events, Sort::DateAsc) => "e.date_first ASC, e.id",
        (Table::Events, Sort::DeadDesc) => "COALESCE(e.dead_best, -1) DESC, e.id",
        (Table::Events, Sort::DeadAsc) => "COALESCE(e.dead_best, -1) ASC, e.id",
        (Table::Events, Sort::Id) => "e.id",
    }
}

/// One page of a list: the total that match, and the stored JSON of each row
/// (incidents with `n_reports`, events with `incident_id`).
pub struct Page {
    pub total: i64,
    pub items: Vec<Json>,
}

pub fn list(c: &Connection, t: Table, p: &ListParams) -> Result<Page> {
    let (cond, mut vals) = conditions(t, p);
    let (from, extra) = match t {
        Table::Incidents => ("incidents i", "i.n_reports"),
        Table::Events => ("events e", "e.incident_id"),
    };
    let total: i64 = c.query_row(
        &format!("SELECT COUNT(*) FROM {from} WHERE 1 = 1{cond}"),
        rusqlite::params_from_iter(vals.iter()),
        |r| r.get(0),
    )?;
    let a = if t == Table::Incidents { "i" } else { "e" };
    let n = vals.len();
    // the page's rowids first: the sort then carries no record text
    let sql = format!(
        "SELECT {a}.rowid FROM {from} WHERE 1 = 1{cond} ORDER BY {} LIMIT ?{} OFFSET ?{}",
        order_by(t, p.sort),
        n + 1,
        n + 2
    );
    vals.push(Value::Integer(p.limit));
    vals.push(Value::Integer(p.offset));
    let rowids: Vec<i64> = c
        .prepare_cached(&sql)?
        .query_map(rusqlite::params_from_iter(vals.iter()), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut one = c.prepare_cached(&format!("SELECT {a}.record, {extra} FROM {from} WHERE {a}.rowid = ?1"))?;
    let mut items = Vec::with_capacity(rowids.len());
    for rowid in rowids {
        let (rec, ex): (String, Json) = one.query_row([rowid], |r| {
            let ex = match t {
                Table::Incidents => json!(r.get::<_, i64>(1)?),
                Table::Events => json!(r.get::<_, Option<String>>(1)?),
            };
            Ok((r.get(0)?, ex))
        })?;
        let mut v: Json = serde_json::from_str(&rec).context("reading a stored record")?;
        if let Json::Object(m) = &mut v {
            let key = if t == Table::Incidents { "n_reports" } else { "incident_id" };
            m.insert(key.into(), ex);
        }
        items.push(v);
    }
    Ok(Page { total, items })
}

/// Byte offset in `text` to UTF-16 code units, which the browser counts in.
fn utf16_offset(text: &str, byte: usize) -> usize {
    let mut b = byte.min(text.len());
    while b > 0 && !text.is_char_boundary(b) {
        b -= 1;
    }
    text[..b].encode_utf16().count()
}

/// Evidence spans of the records as `[start, end]` in UTF-16 units of `text`.
fn spans16(text: &str, records: &[Json]) -> Vec<[usize; 2]> {
    let mut out = Vec::new();
    for r in records {
        for e in r.get("evidence").and_then(Json::as_array).into_iter().flatten() {
            let (Some(s), Some(en)) = (e.get("start").and_then(Json::as_u64), e.get("end").and_then(Json::as_u64)) else {
                continue;
            };
            let (s, en) = (s as usize, en as usize);
            if s < en && en <= text.len() {
                out.push([utf16_offset(text, s), utf16_offset(text, en)]);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A stored document with its event records.
pub fn document(c: &Connection, id: &str) -> Result<Option<Json>> {
    type Row = (String, Option<String>, Option<String>, Option<String>, Option<String>, String);
    let row: Option<Row> = c
        .query_row(
            "SELECT id, url, title, published, publisher, text FROM documents WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .optional()?;
    let Some((id, url, title, published, publisher, text)) = row else {
        return Ok(None);
    };
    let mut stmt = c.prepare_cached("SELECT record, incident_id FROM events WHERE doc_id = ?1 ORDER BY ord")?;
    let mut rows = stmt.query([&id])?;
    let mut events = Vec::new();
    while let Some(r) = rows.next()? {
        let rec: String = r.get(0)?;
        let mut v: Json = serde_json::from_str(&rec).context("reading a stored event")?;
        if let Json::Object(m) = &mut v {
            m.insert("incident_id".into(), json!(r.get::<_, Option<String>>(1)?));
        }
        events.push(v);
    }
    let spans = spans16(&text, &events);
    Ok(Some(json!({
        "id": id, "url": url, "title": title, "published": published, "publisher": publisher,
        "text": text, "events": events, "evidence_utf16": spans,
    })))
}

/// An incident with every report: the document's text, the record coded
/// from it and its evidence spans in UTF-16 units for highlighting.
pub fn incident(c: &Connection, id: &str) -> Result<Option<Json>> {
    let row: Option<(String, i64)> = c
        .query_row("SELECT record, n_reports FROM incidents WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let Some((rec, n)) = row else {
        return Ok(None);
    };
    let mut inc: Json = serde_json::from_str(&rec).context("reading a stored incident")?;
    if let Json::Object(m) = &mut inc {
        m.insert("n_reports".into(), json!(n));
    }
    let mut stmt = c.prepare_cached(
        "SELECT e.record, d.id, d.url, d.title, d.published, d.publisher, d.text FROM events e JOIN documents d ON d.id = e.doc_id \
         WHERE e.incident_id = ?1 ORDER BY d.seq, e.ord",
    )?;
    let mut rows = stmt.query([id])?;
    let mut reports: Vec<Json> = Vec::new();
    while let Some(r) = rows.next()? {
        let rec: String = r.get(0)?;
        let record: Json = serde_json::from_str(&rec).context("reading a stored event")?;
        let doc_id: String = r.get(1)?;
        let text: String = r.get(6)?;
        let spans = spans16(&text, std::slice::from_ref(&record));
        reports.push(json!({
            "doc": {"id": doc_id, "url": r.get::<_, Option<String>>(2)?, "title": r.get::<_, Option<String>>(3)?,
                    "published": r.get::<_, Option<String>>(4)?, "publisher": r.get::<_, Option<String>>(5)?, "text": text},
            "record": record,
            "evidence_utf16": spans,
        }));
    }
    // near-copies of the reports: stored without events, listed by id
    let mut stmt = c.prepare_cached(
        "SELECT d.id, d.copy_of FROM documents d WHERE d.copy_of IN \
         (SELECT DISTINCT e.doc_id FROM events e WHERE e.incident_id = ?1) ORDER BY d.seq",
    )?;
    let copies: Vec<Json> = stmt
        .query_map([id], |r| {
            Ok(json!({"id": r.get::<_, String>(0)?, "copy_of": r.get::<_, String>(1)?}))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(json!({"incident": inc, "reports": reports, "copies": copies})))
}

/// Incidents and dead per period, split by category or country.
pub fn timeline(c: &Connection, p: &ListParams, interval: Interval, by: StatsBy) -> Result<Json> {
    let (cond, vals) = conditions(Table::Incidents, p);
    let period = match interval {
        Interval::Day => "substr(i.date_first, 1, 10)",
        Interval::Week => "strftime('%Y-W%W', substr(i.date_first, 1, 10))",
        Interval::Month => "substr(i.date_first, 1, 7)",
    };
    let key = match by {
        StatsBy::Category => "i.category",
        StatsBy::Country => "i.cc3",
    };
    let sql = format!(
        "SELECT {period} AS p, {key} AS k, COUNT(*), COALESCE(SUM(i.dead_best), 0) FROM incidents i \
         WHERE i.date_first IS NOT NULL{cond} GROUP BY p, k ORDER BY p, k"
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(vals.iter()))?;
    let mut buckets = Vec::new();
    while let Some(r) = rows.next()? {
        buckets.push(json!({
            "period": r.get::<_, Option<String>>(0)?,
            "key": r.get::<_, Option<String>>(1)?,
            "incidents": r.get::<_, i64>(2)?,
            "dead": r.get::<_, i64>(3)?,
        }));
    }
    Ok(json!({"interval": interval.name(), "by": by.name(), "buckets": buckets}))
}

/// Who acts on whom: pairs of source and recipient codes over the matching
/// events, with the number of events, the dead and the mean intensity.
pub fn dyads(c: &Connection, p: &ListParams) -> Result<Json> {
    let (cond, vals) = conditions(Table::Events, p);
    let sql = format!(
        "SELECT e.source_codes, e.recipient_codes, e.dead_best, json_extract(e.record, '$.intensity') FROM events e \
         WHERE e.source_codes <> ' ' AND e.recipient_codes <> ' '{cond}"
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(vals.iter()))?;
    // (source, target) -> (events, dead, intensity sum, intensity n)
    let mut acc: std::collections::BTreeMap<(String, String), (i64, i64, f64, i64)> = Default::default();
    while let Some(r) = rows.next()? {
        let s: String = r.get(0)?;
        let t: String = r.get(1)?;
        let dead: Option<i64> = r.get(2)?;
        let intensity: Option<f64> = r.get::<_, Option<f64>>(3).unwrap_or(None);
        for a in s.split_whitespace() {
            for b in t.split_whitespace() {
                let e = acc.entry((a.to_string(), b.to_string())).or_default();
                e.0 += 1;
                e.1 += dead.unwrap_or(0);
                if let Some(x) = intensity {
                    e.2 += x;
                    e.3 += 1;
                }
            }
        }
    }
    let mut out: Vec<_> = acc.into_iter().collect();
    out.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(&b.0)));
    let total = out.len();
    let items: Vec<Json> = out
        .into_iter()
        .skip(usize::try_from(p.offset).unwrap_or(usize::MAX))
        .take(usize::try_from(p.limit).unwrap_or(0))
        .map(|((s, t), (n, dead, isum, in_))| {
            json!({"source": s, "target": t, "events": n, "dead": dead,
                   "intensity_mean": if in_ > 0 { Some(isum / in_ as f64) } else { None }})
        })
        .collect();
    Ok(json!({"total": total, "items": items}))
}
