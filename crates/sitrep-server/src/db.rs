//! The two databases a store can live in, behind one small interface: a
//! connection runs SQL text with bound values and hands back rows of plain
//! cells. The queries ([`crate::query`]) are written once; the few places
//! where the SQL of SQLite and PostgreSQL differ ask the [`Dialect`].

use anyhow::{bail, Context, Result};
use postgres::types::{ToSql, Type};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A value bound to a placeholder.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Text(String),
    Int(i64),
    Real(f64),
}

/// A value read from a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Cell {
    pub fn int(&self) -> Option<i64> {
        match self {
            Cell::Int(i) => Some(*i),
            _ => None,
        }
    }
    /// A number as a float (integers too).
    pub fn real(&self) -> Option<f64> {
        match self {
            Cell::Int(i) => Some(*i as f64),
            Cell::Real(f) => Some(*f),
            _ => None,
        }
    }
    pub fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// One row of cells, with typed access that names what was expected.
pub struct Row(pub Vec<Cell>);

impl Row {
    fn cell(&self, i: usize) -> Result<&Cell> {
        self.0.get(i).with_context(|| format!("a row without column {i}"))
    }
    pub fn int(&self, i: usize) -> Result<i64> {
        self.cell(i)?.int().with_context(|| format!("column {i} is not an integer"))
    }
    pub fn opt_int(&self, i: usize) -> Result<Option<i64>> {
        Ok(self.cell(i)?.int())
    }
    pub fn opt_real(&self, i: usize) -> Result<Option<f64>> {
        Ok(self.cell(i)?.real())
    }
    pub fn text(&self, i: usize) -> Result<&str> {
        self.cell(i)?.text().with_context(|| format!("column {i} is not text"))
    }
    pub fn opt_text(&self, i: usize) -> Result<Option<String>> {
        Ok(self.cell(i)?.text().map(str::to_string))
    }
}

/// Which SQL a connection speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// The placeholder of the `n`th bound value (from 1).
    pub fn placeholder(self, n: usize) -> String {
        match self {
            Dialect::Sqlite => format!("?{n}"),
            Dialect::Postgres => format!("${n}"),
        }
    }
}

/// Values bound in order, each giving back its placeholder.
pub struct Binds {
    pub dialect: Dialect,
    pub vals: Vec<Val>,
}

impl Binds {
    pub fn new(dialect: Dialect) -> Binds {
        Binds { dialect, vals: Vec::new() }
    }
    /// Binds a value; returns its placeholder for the SQL text.
    pub fn bind(&mut self, v: Val) -> String {
        self.vals.push(v);
        self.dialect.placeholder(self.vals.len())
    }
}

/// A connection to either database.
pub trait Conn {
    fn dialect(&self) -> Dialect;
    /// Every row of a query, with `vals` bound to its placeholders in order.
    fn rows(&mut self, sql: &str, vals: &[Val]) -> Result<Vec<Row>>;
}

/// Stops the query running on a connection (from another thread).
pub enum Interrupt {
    Sqlite(rusqlite::InterruptHandle),
    Postgres(postgres::CancelToken),
}

impl Interrupt {
    pub fn fire(self) {
        match self {
            Interrupt::Sqlite(h) => h.interrupt(),
            // the cancel request is a blocking connection of its own
            Interrupt::Postgres(t) => {
                std::thread::spawn(move || {
                    let _ = t.cancel_query(postgres::NoTls);
                });
            }
        }
    }
}

/// Whether an error is a query stopped for running too long.
pub fn is_interrupted(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        if let Some(pe) = c.downcast_ref::<postgres::Error>() {
            return pe.code() == Some(&postgres::error::SqlState::QUERY_CANCELED);
        }
        matches!(
            c.downcast_ref::<rusqlite::Error>(),
            Some(rusqlite::Error::SqliteFailure(f, _)) if f.code == rusqlite::ErrorCode::OperationInterrupted
        )
    })
}

/// How many idle connections a pool keeps.
const MAX_IDLE: usize = 16;

/// Connections to one store, reused between requests.
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Pool {
    /// `postgres://…` or `postgresql://…` is a PostgreSQL server; anything
    /// else the path of a SQLite file. Checks that it holds a sitrep store.
    pub fn open(spec: &str) -> Result<Pool> {
        if is_postgres(spec) {
            Pool::open_postgres(spec, None)
        } else {
            Ok(Pool::Sqlite(SqlitePool::open(Path::new(spec))?))
        }
    }

    /// A PostgreSQL store whose tables live in `schema` (as
    /// `sitrep_store::open_postgres_schema` makes them).
    pub fn open_postgres(url: &str, schema: Option<&str>) -> Result<Pool> {
        Ok(Pool::Postgres(PgPool::open(url, schema)?))
    }

    /// Runs `f` on an idle connection (or a new one) and gives it back;
    /// `started` receives the means to stop the query first.
    pub fn with<T>(&self, started: impl FnOnce(Interrupt), f: impl FnOnce(&mut dyn Conn) -> Result<T>) -> Result<T> {
        match self {
            Pool::Sqlite(p) => {
                let mut c = p.take()?;
                started(Interrupt::Sqlite(c.0.get_interrupt_handle()));
                let out = f(&mut c);
                p.put(c);
                out
            }
            Pool::Postgres(p) => {
                let mut c = p.take()?;
                started(Interrupt::Postgres(c.0.cancel_token()));
                let out = f(&mut c);
                p.put(c);
                out
            }
        }
    }
}

pub fn is_postgres(spec: &str) -> bool {
    spec.starts_with("postgres://") || spec.starts_with("postgresql://")
}

/// Read-only connections to a SQLite file.
pub struct SqlitePool {
    path: PathBuf,
    idle: Mutex<Vec<SqliteConn>>,
}

pub struct SqliteConn(Connection);

impl SqlitePool {
    fn open(path: &Path) -> Result<SqlitePool> {
        if !path.is_file() {
            bail!("{}: no such database file (create it with `sitrep ingest --db`)", path.display());
        }
        let pool = SqlitePool {
            path: path.to_path_buf(),
            idle: Mutex::new(Vec::new()),
        };
        let mut c = pool.connect()?;
        c.rows("SELECT COUNT(*) FROM incidents WHERE 1 = 0", &[])
            .with_context(|| format!("{}: not a sitrep store (no incidents table)", path.display()))?;
        pool.put(c);
        Ok(pool)
    }

    fn connect(&self) -> Result<SqliteConn> {
        let c = Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .with_context(|| format!("opening {} read-only", self.path.display()))?;
        c.busy_timeout(std::time::Duration::from_secs(10))?;
        // reads straight from the mapped file, not through per-connection copies
        c.pragma_update(None, "mmap_size", 1i64 << 32)?;
        c.pragma_update(None, "cache_size", -32_000)?;
        Ok(SqliteConn(c))
    }

    fn take(&self) -> Result<SqliteConn> {
        match self.idle.lock().ok().and_then(|mut v| v.pop()) {
            Some(c) => Ok(c),
            None => self.connect(),
        }
    }

    fn put(&self, c: SqliteConn) {
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < MAX_IDLE {
                idle.push(c);
            }
        }
    }
}

impl Conn for SqliteConn {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn rows(&mut self, sql: &str, vals: &[Val]) -> Result<Vec<Row>> {
        let mut stmt = self.0.prepare_cached(sql)?;
        let n = stmt.column_count();
        let params = vals.iter().map(|v| match v {
            Val::Text(s) => rusqlite::types::Value::Text(s.clone()),
            Val::Int(i) => rusqlite::types::Value::Integer(*i),
            Val::Real(f) => rusqlite::types::Value::Real(*f),
        });
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut cells = Vec::with_capacity(n);
            for i in 0..n {
                cells.push(match r.get_ref(i)? {
                    ValueRef::Null => Cell::Null,
                    ValueRef::Integer(x) => Cell::Int(x),
                    ValueRef::Real(x) => Cell::Real(x),
                    ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(_) => bail!("column {i} is a blob"),
                });
            }
            out.push(Row(cells));
        }
        Ok(out)
    }
}

/// Connections to a PostgreSQL server, each read-only and with a statement
/// timeout, optionally in one schema.
pub struct PgPool {
    url: String,
    schema: Option<String>,
    idle: Mutex<Vec<PgConn>>,
}

pub struct PgConn(postgres::Client);

/// The server stops a statement after this long (the API answers 503 at
/// [`crate::QUERY_TIMEOUT`] and cancels it too).
const PG_STATEMENT_TIMEOUT_MS: u128 = crate::QUERY_TIMEOUT.as_millis() + 1000;

impl PgPool {
    fn open(url: &str, schema: Option<&str>) -> Result<PgPool> {
        if let Some(s) = schema {
            if s.is_empty() || s.len() > 60 || !s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
                bail!("schema name {s:?} must be 1-60 of a-z, 0-9 and _");
            }
        }
        let pool = PgPool {
            url: url.to_string(),
            schema: schema.map(str::to_string),
            idle: Mutex::new(Vec::new()),
        };
        let mut c = pool.connect()?;
        c.rows("SELECT COUNT(*) FROM incidents WHERE 1 = 0", &[])
            .context("not a sitrep store (no incidents table)")?;
        pool.put(c);
        Ok(pool)
    }

    fn connect(&self) -> Result<PgConn> {
        let mut c = postgres::Client::connect(&self.url, postgres::NoTls).context("connecting to PostgreSQL")?;
        // the schema name is checked in `open`: identifiers cannot be bound
        let path = self
            .schema
            .as_deref()
            .map(|s| format!("SET search_path TO {s}; "))
            .unwrap_or_default();
        c.batch_execute(&format!(
            "{path}SET default_transaction_read_only = on; SET statement_timeout = {PG_STATEMENT_TIMEOUT_MS}"
        ))
        .context("setting up a PostgreSQL connection")?;
        Ok(PgConn(c))
    }

    fn take(&self) -> Result<PgConn> {
        loop {
            match self.idle.lock().ok().and_then(|mut v| v.pop()) {
                Some(c) if c.0.is_closed() => continue,
                Some(c) => return Ok(c),
                None => return self.connect(),
            }
        }
    }

    fn put(&self, c: PgConn) {
        if c.0.is_closed() {
            return;
        }
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < MAX_IDLE {
                idle.push(c);
            }
        }
    }
}

impl Conn for PgConn {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn rows(&mut self, sql: &str, vals: &[Val]) -> Result<Vec<Row>> {
        let params: Vec<&(dyn ToSql + Sync)> = vals
            .iter()
            .map(|v| match v {
                Val::Text(s) => s as &(dyn ToSql + Sync),
                Val::Int(i) => i as &(dyn ToSql + Sync),
                Val::Real(f) => f as &(dyn ToSql + Sync),
            })
            .collect();
        let rows = self.0.query(sql, &params)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let mut cells = Vec::with_capacity(r.len());
            for (i, col) in r.columns().iter().enumerate() {
                let t = col.type_();
                let cell = if *t == Type::INT8 {
                    r.try_get::<_, Option<i64>>(i)?.map(Cell::Int)
                } else if *t == Type::INT4 {
                    r.try_get::<_, Option<i32>>(i)?.map(|x| Cell::Int(i64::from(x)))
                } else if *t == Type::INT2 {
                    r.try_get::<_, Option<i16>>(i)?.map(|x| Cell::Int(i64::from(x)))
                } else if *t == Type::FLOAT8 {
                    r.try_get::<_, Option<f64>>(i)?.map(Cell::Real)
                } else if *t == Type::FLOAT4 {
                    r.try_get::<_, Option<f32>>(i)?.map(|x| Cell::Real(f64::from(x)))
                } else if *t == Type::BOOL {
                    r.try_get::<_, Option<bool>>(i)?.map(|x| Cell::Int(i64::from(x)))
                } else if [Type::TEXT, Type::VARCHAR, Type::BPCHAR, Type::NAME].contains(t) {
                    r.try_get::<_, Option<String>>(i)?.map(Cell::Text)
                } else {
                    bail!("column {} has type {t}, which the API does not read", col.name());
                };
                cells.push(cell.unwrap_or(Cell::Null));
            }
            out.push(Row(cells));
        }
        Ok(out)
    }
}
