//! The read queries the API needs, written once for SQLite and PostgreSQL:
//! filtered, paged and sorted lists, one document, one incident with its
//! reports, and the statistics. Every value from a request is a bound
//! parameter; only fixed column names and keywords are written into SQL.

use crate::db::{Binds, Conn, Dialect, Val};
use crate::params::{Interval, ListParams, Sort, StatsBy};
use anyhow::{Context, Result};
use serde_json::{json, Value as Json};
use sitrep_core::Date;
use std::collections::BTreeMap;

/// A list counts the matching rows only this far past the page's start:
/// beyond it, `total` is a lower bound (`total_is_lower_bound`), so a page
/// never pays for counting millions of rows.
pub const COUNT_AHEAD: i64 = 10_000;

/// Which table a list reads.
#[derive(Clone, Copy, PartialEq)]
pub enum Table {
    Incidents,
    Events,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Incidents => "incidents",
            Table::Events => "events",
        }
    }
    fn alias(self) -> &'static str {
        match self {
            Table::Incidents => "i",
            Table::Events => "e",
        }
    }
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

/// How SQLite is to find a page. It has no statistics to choose between
/// reading an index in the page's order (good when many rows match: the
/// page comes after a few rows) and gathering the matches by a filter's
/// index and sorting them (good when few match), so the count decides and
/// the other way is closed with a unary `+`, which keeps a column from its
/// indexes. PostgreSQL weighs this itself from its statistics.
#[derive(Clone, Copy, PartialEq)]
enum Way {
    /// Counting or statistics: the planner's own choice.
    Free,
    /// Read in the page's order: the range filters (box, dead) unindexed.
    InOrder,
    /// Gather the matches and sort them: the sort keys unindexed.
    Sorted,
}

/// The WHERE conditions of the filters (each starting with " AND "), their
/// values bound in `b`.
fn conditions(t: Table, p: &ListParams, b: &mut Binds, way: Way) -> String {
    let a = t.alias();
    let plus = if way == Way::InOrder && b.dialect == Dialect::Sqlite {
        "+"
    } else {
        ""
    };
    let mut sql = String::new();
    let mut add = |s: String| {
        sql.push_str(" AND ");
        sql.push_str(&s);
    };
    if let Some(v) = &p.category {
        add(format!("{a}.category = {}", b.bind(Val::Text(v.clone()))));
    }
    if let Some(v) = &p.mode {
        add(format!("{a}.mode = {}", b.bind(Val::Text(v.clone()))));
    }
    if let Some(v) = &p.country {
        add(format!("{a}.cc3 = {}", b.bind(Val::Text(v.clone()))));
    }
    if let Some(v) = &p.since {
        add(format!("{a}.date_last >= {}", b.bind(Val::Text(v.clone()))));
    }
    if let Some(v) = &p.until {
        add(format!("{a}.date_first <= {}", b.bind(Val::Text(v.clone()))));
    }
    if let Some(v) = p.min_dead {
        add(format!("{plus}{a}.dead_best >= {}", b.bind(Val::Int(v))));
    }
    if let Some(bb) = p.bbox {
        let (x0, x1, y0, y1) = (
            b.bind(Val::Real(bb[0])),
            b.bind(Val::Real(bb[2])),
            b.bind(Val::Real(bb[1])),
            b.bind(Val::Real(bb[3])),
        );
        add(format!(
            "{plus}{a}.lon >= {x0} AND {plus}{a}.lon <= {x1} AND {plus}{a}.lat >= {y0} AND {plus}{a}.lat <= {y1}"
        ));
    }
    // actor and text conditions select ids once (one scan) rather than
    // testing every row with a subquery of its own
    if let Some(v) = &p.actor {
        let pat = Val::Text(format!("% {} %", like_escape(v)));
        let (s, r) = (b.bind(pat.clone()), b.bind(pat));
        match t {
            Table::Events => add(format!(
                "(e.source_codes LIKE {s} ESCAPE '\\' OR e.recipient_codes LIKE {r} ESCAPE '\\')"
            )),
            Table::Incidents => add(format!(
                "i.id IN (SELECT x.incident_id FROM events x WHERE x.source_codes LIKE {s} ESCAPE '\\' OR x.recipient_codes LIKE {r} ESCAPE '\\')"
            )),
        }
    }
    if let Some(v) = &p.q {
        let pat = Val::Text(format!("%{}%", like_escape(v)));
        // SQLite's LIKE ignores ASCII case; PostgreSQL's ILIKE does the same
        let like = match b.dialect {
            Dialect::Sqlite => "LIKE",
            Dialect::Postgres => "ILIKE",
        };
        let (x, y) = (b.bind(pat.clone()), b.bind(pat));
        let docs = format!("SELECT d.id FROM documents d WHERE d.text {like} {x} ESCAPE '\\' OR d.title {like} {y} ESCAPE '\\'");
        match t {
            Table::Events => add(format!("e.doc_id IN ({docs})")),
            Table::Incidents => add(format!("i.id IN (SELECT x.incident_id FROM events x WHERE x.doc_id IN ({docs}))")),
        }
    }
    sql
}

/// The ORDER BY of a sort on table alias `a`. Ties go by id in the sort's
/// direction, so that one index on (filter, date, id) read forwards or
/// backwards yields the page without sorting. Rows without a date sort as
/// SQLite sorts NULL (first ascending, last descending) on both databases.
fn order_by(a: &str, s: Sort, d: Dialect, way: Way) -> String {
    let (first, last) = match d {
        Dialect::Sqlite => ("", ""),
        Dialect::Postgres => (" NULLS FIRST", " NULLS LAST"),
    };
    let p = if way == Way::Sorted && d == Dialect::Sqlite { "+" } else { "" };
    match s {
        Sort::DateDesc => format!("{p}{a}.date_first DESC{last}, {p}{a}.id DESC"),
        Sort::DateAsc => format!("{p}{a}.date_first ASC{first}, {p}{a}.id ASC"),
        Sort::DeadDesc => format!("COALESCE({a}.dead_best, -1) DESC, {p}{a}.id DESC"),
        Sort::DeadAsc => format!("COALESCE({a}.dead_best, -1) ASC, {p}{a}.id ASC"),
        Sort::Id => format!("{p}{a}.id"),
    }
}

/// One page of a list: how many match (exactly, or at least this many when
/// `total_is_lower_bound`), and the stored JSON of each row (incidents with
/// `n_reports`, events with `incident_id`).
pub struct Page {
    pub total: i64,
    pub total_is_lower_bound: bool,
    pub items: Vec<Json>,
}

pub fn list(c: &mut dyn Conn, t: Table, p: &ListParams) -> Result<Page> {
    let d = c.dialect();
    let (table, a) = (t.name(), t.alias());
    let extra = match t {
        Table::Incidents => "n_reports",
        Table::Events => "incident_id",
    };
    // the count stops at a bound: a page never counts millions of rows
    let mut b = Binds::new(d);
    let cond = conditions(t, p, &mut b, Way::Free);
    let cap = p.offset.saturating_add(COUNT_AHEAD);
    let capp = b.bind(Val::Int(cap));
    let counted = c.rows(
        &format!("SELECT COUNT(*) FROM (SELECT 1 AS one FROM {table} {a} WHERE 1 = 1{cond} LIMIT {capp}) AS c"),
        &b.vals,
    )?;
    let total = counted.first().context("a count without a row")?.int(0)?;
    let way = match d {
        Dialect::Postgres => Way::Free,
        _ if total >= cap => Way::InOrder,
        Dialect::Sqlite => {
            // reading in order passes about (offset + limit) * rows / total
            // rows to find the page; sorting handles total rows
            let rows = c.rows(&format!("SELECT COALESCE(MAX(rowid), 0) FROM {table}"), &[])?;
            let n = rows.first().context("a count without a row")?.int(0)?;
            if (total as f64).powi(2) > (p.offset + p.limit) as f64 * n as f64 {
                Way::InOrder
            } else {
                Way::Sorted
            }
        }
    };
    // the page's ids first (from an index where one fits), then their
    // records; CROSS JOIN keeps SQLite from reading the whole table in order
    // to join the page to it
    let mut b = Binds::new(d);
    let cond = conditions(t, p, &mut b, way);
    let (lim, off) = (b.bind(Val::Int(p.limit)), b.bind(Val::Int(p.offset)));
    let sql = format!(
        "SELECT x.record, x.{extra} FROM \
         (SELECT {a}.id AS pid FROM {table} {a} WHERE 1 = 1{cond} ORDER BY {} LIMIT {lim} OFFSET {off}) AS pg \
         CROSS JOIN {table} x WHERE x.id = pg.pid ORDER BY {}",
        order_by(a, p.sort, d, way),
        order_by("x", p.sort, d, Way::Free),
    );
    let mut items = Vec::new();
    for r in c.rows(&sql, &b.vals)? {
        let mut v: Json = serde_json::from_str(r.text(0)?).context("reading a stored record")?;
        if let Json::Object(m) = &mut v {
            let ex = match t {
                Table::Incidents => json!(r.int(1)?),
                Table::Events => json!(r.opt_text(1)?),
            };
            m.insert(extra.into(), ex);
        }
        items.push(v);
    }
    Ok(Page {
        total,
        total_is_lower_bound: total >= cap,
        items,
    })
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
pub fn document(c: &mut dyn Conn, id: &str) -> Result<Option<Json>> {
    let mut b = Binds::new(c.dialect());
    let k = b.bind(Val::Text(id.to_string()));
    let rows = c.rows(
        &format!("SELECT id, url, title, published, publisher, text FROM documents WHERE id = {k}"),
        &b.vals,
    )?;
    let Some(r) = rows.first() else {
        return Ok(None);
    };
    let text = r.text(5)?.to_string();
    let mut events = Vec::new();
    for e in c.rows(
        &format!("SELECT record, incident_id FROM events WHERE doc_id = {k} ORDER BY ord"),
        &b.vals,
    )? {
        let mut v: Json = serde_json::from_str(e.text(0)?).context("reading a stored event")?;
        if let Json::Object(m) = &mut v {
            m.insert("incident_id".into(), json!(e.opt_text(1)?));
        }
        events.push(v);
    }
    let spans = spans16(&text, &events);
    Ok(Some(json!({
        "id": r.text(0)?, "url": r.opt_text(1)?, "title": r.opt_text(2)?, "published": r.opt_text(3)?,
        "publisher": r.opt_text(4)?, "text": text, "events": events, "evidence_utf16": spans,
    })))
}

/// An incident with every report: the document's text, the record coded
/// from it and its evidence spans in UTF-16 units for highlighting.
pub fn incident(c: &mut dyn Conn, id: &str) -> Result<Option<Json>> {
    let mut b = Binds::new(c.dialect());
    let k = b.bind(Val::Text(id.to_string()));
    let rows = c.rows(&format!("SELECT record, n_reports FROM incidents WHERE id = {k}"), &b.vals)?;
    let Some(r) = rows.first() else {
        return Ok(None);
    };
    let mut inc: Json = serde_json::from_str(r.text(0)?).context("reading a stored incident")?;
    if let Json::Object(m) = &mut inc {
        m.insert("n_reports".into(), json!(r.int(1)?));
    }
    let mut reports: Vec<Json> = Vec::new();
    for r in c.rows(
        &format!(
            "SELECT e.record, d.id, d.url, d.title, d.published, d.publisher, d.text FROM events e JOIN documents d ON d.id = e.doc_id \
             WHERE e.incident_id = {k} ORDER BY d.seq, e.ord"
        ),
        &b.vals,
    )? {
        let record: Json = serde_json::from_str(r.text(0)?).context("reading a stored event")?;
        let text = r.text(6)?;
        let spans = spans16(text, std::slice::from_ref(&record));
        reports.push(json!({
            "doc": {"id": r.text(1)?, "url": r.opt_text(2)?, "title": r.opt_text(3)?,
                    "published": r.opt_text(4)?, "publisher": r.opt_text(5)?, "text": text},
            "record": record,
            "evidence_utf16": spans,
        }));
    }
    // near-copies of the reports: stored without events, listed by id
    let mut copies: Vec<Json> = Vec::new();
    for r in c.rows(
        &format!(
            "SELECT d.id, d.copy_of FROM documents d WHERE d.copy_of IN \
             (SELECT DISTINCT e.doc_id FROM events e WHERE e.incident_id = {k}) ORDER BY d.seq"
        ),
        &b.vals,
    )? {
        copies.push(json!({"id": r.text(0)?, "copy_of": r.text(1)?}));
    }
    Ok(Some(json!({"incident": inc, "reports": reports, "copies": copies})))
}

/// `YYYY-Www` of a `YYYY-MM-DD` day, weeks starting on Monday and week 00
/// holding the days before the year's first Monday (`strftime('%Y-W%W')`).
fn week_of(day: &str) -> Option<String> {
    let b = day.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let d = Date::parse(day)?;
    let yday = d.to_days() - Date::new(d.year, 1, 1)?.to_days();
    Some(format!("{:04}-W{:02}", d.year, (yday + 7 - i64::from(d.weekday())) / 7))
}

/// Incidents and dead per period, split by category or country. The
/// database groups by day (or month); weeks are made of days here, alike on
/// both databases.
pub fn timeline(c: &mut dyn Conn, p: &ListParams, interval: Interval, by: StatsBy) -> Result<Json> {
    let mut b = Binds::new(c.dialect());
    let cond = conditions(Table::Incidents, p, &mut b, Way::Free);
    let len = match interval {
        Interval::Day | Interval::Week => 10,
        Interval::Month => 7,
    };
    let key = match by {
        StatsBy::Category => "i.category",
        StatsBy::Country => "i.cc3",
    };
    let sql = format!(
        "SELECT substr(i.date_first, 1, {len}) AS p, {key} AS k, COUNT(*), CAST(COALESCE(SUM(i.dead_best), 0) AS BIGINT) \
         FROM incidents i WHERE i.date_first IS NOT NULL{cond} GROUP BY substr(i.date_first, 1, {len}), {key}"
    );
    // (period, key) -> (incidents, dead); no period or key sorts first
    let mut acc: BTreeMap<(Option<String>, Option<String>), (i64, i64)> = BTreeMap::new();
    for r in c.rows(&sql, &b.vals)? {
        let period = r.opt_text(0)?;
        let period = match interval {
            Interval::Week => period.as_deref().and_then(week_of),
            _ => period,
        };
        let e = acc.entry((period, r.opt_text(1)?)).or_default();
        e.0 += r.int(2)?;
        e.1 += r.int(3)?;
    }
    let buckets: Vec<Json> = acc
        .into_iter()
        .map(|((period, key), (n, dead))| json!({"period": period, "key": key, "incidents": n, "dead": dead}))
        .collect();
    Ok(json!({"interval": interval.name(), "by": by.name(), "buckets": buckets}))
}

/// Who acts on whom: pairs of source and recipient codes over the matching
/// events, with the number of events, the dead and the mean intensity.
pub fn dyads(c: &mut dyn Conn, p: &ListParams) -> Result<Json> {
    let mut b = Binds::new(c.dialect());
    let cond = conditions(Table::Events, p, &mut b, Way::Free);
    let intensity = match b.dialect {
        Dialect::Sqlite => "json_extract(e.record, '$.intensity')",
        Dialect::Postgres => "CAST(CAST(e.record AS json) ->> 'intensity' AS DOUBLE PRECISION)",
    };
    // grouped by the code lists first: one row per distinct pair of lists
    let sql = format!(
        "SELECT e.source_codes, e.recipient_codes, COUNT(*), CAST(COALESCE(SUM(e.dead_best), 0) AS BIGINT), \
         CAST(SUM({intensity}) AS DOUBLE PRECISION), COUNT({intensity}) FROM events e \
         WHERE e.source_codes <> ' ' AND e.recipient_codes <> ' '{cond} GROUP BY e.source_codes, e.recipient_codes"
    );
    // (source, target) -> (events, dead, intensity sum, intensity n)
    let mut acc: BTreeMap<(String, String), (i64, i64, f64, i64)> = BTreeMap::new();
    for r in c.rows(&sql, &b.vals)? {
        let (sources, targets) = (r.text(0)?, r.text(1)?);
        let (n, dead) = (r.int(2)?, r.int(3)?);
        let (isum, in_) = (r.opt_real(4)?.unwrap_or(0.0), r.opt_int(5)?.unwrap_or(0));
        for a in sources.split_whitespace() {
            for b in targets.split_whitespace() {
                let e = acc.entry((a.to_string(), b.to_string())).or_default();
                e.0 += n;
                e.1 += dead;
                e.2 += isum;
                e.3 += in_;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_as_strftime_counts_them() {
        // 2024-01-01 was a Monday: week 01; 2023-01-01 a Sunday: week 00
        assert_eq!(week_of("2024-01-01").as_deref(), Some("2024-W01"));
        assert_eq!(week_of("2023-01-01").as_deref(), Some("2023-W00"));
        assert_eq!(week_of("2023-01-02").as_deref(), Some("2023-W01"));
        assert_eq!(week_of("2024-12-31").as_deref(), Some("2024-W53"));
        assert_eq!(week_of("2024-03-10").as_deref(), Some("2024-W10"));
        assert_eq!(week_of("2024-02-30"), None);
        assert_eq!(week_of("2024-03"), None);
    }
}
