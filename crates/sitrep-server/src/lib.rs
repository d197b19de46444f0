//! `sitrep serve`: a read-only HTTP API over a store (SQLite or PostgreSQL)
//! and the dashboard that uses it, from one binary with no network needed at run
//! time. Submitting documents (`POST /api/documents`) is on only when a
//! token is configured, and then only for requests that carry it.

pub mod db;
pub mod params;
pub mod query;

use anyhow::{Context, Result};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use db::{Conn, Interrupt, Pool};
use params::{ListParams, RawParams};
use query::Table;
use serde_json::{json, Value as Json};
use sitrep_core::Document;
use sitrep_extract::Coder;
use std::sync::{mpsc, Arc};

/// The largest request body accepted (`POST /api/documents`).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;
/// The most documents one POST may carry.
pub const MAX_DOCS_PER_POST: usize = 100;

/// `sitrep serve`
#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// The store to serve: a SQLite file or a `postgres://` URL (made by `sitrep ingest --db`)
    #[arg(long)]
    pub db: String,
    /// Address and port to listen on
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Turns on POST /api/documents for requests with `Authorization: Bearer TOKEN`
    #[arg(long, env = "SITREP_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
}

/// One submission for the writer: documents and where to send the outcome.
type Job = (Vec<Document>, tokio::sync::oneshot::Sender<Result<Vec<Json>, String>>);

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pool: Arc<Pool>,
    /// Queries running at once: more than the cores only thrash.
    running: Arc<tokio::sync::Semaphore>,
    /// Present when submitting is on: the token and the writer's queue.
    writer: Option<(Arc<str>, mpsc::Sender<Job>)>,
}

impl AppState {
    /// A read-only state over the store at `db`: a SQLite file or a
    /// `postgres://` URL.
    pub fn read_only(db: &str) -> Result<AppState> {
        Ok(AppState::over(Pool::open(db)?))
    }

    /// A read-only state over a PostgreSQL store whose tables live in
    /// `schema` (as `sitrep_store::open_postgres_schema` makes them).
    pub fn read_only_postgres(url: &str, schema: Option<&str>) -> Result<AppState> {
        Ok(AppState::over(Pool::open_postgres(url, schema)?))
    }

    fn over(pool: Pool) -> AppState {
        AppState {
            pool: Arc::new(pool),
            running: Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map(|n| n.get() * 2).unwrap_or(4),
            )),
            writer: None,
        }
    }

    /// Turns on submitting with this token; `make_coder` runs on the writer thread.
    pub fn with_writer(self, db: &str, token: &str, make_coder: impl FnOnce() -> Result<Coder> + Send + 'static) -> Result<AppState> {
        let db = db.to_string();
        self.with_writer_on(move || sitrep_store::open(&db), token, make_coder)
    }

    /// Turns on submitting with this token into the store `open_store`
    /// opens; both it and `make_coder` run on the writer thread.
    pub fn with_writer_on(
        mut self,
        open_store: impl FnOnce() -> Result<sitrep_store::Store> + Send + 'static,
        token: &str,
        make_coder: impl FnOnce() -> Result<Coder> + Send + 'static,
    ) -> Result<AppState> {
        check_token(token.trim())?;
        let (tx, rx) = mpsc::channel::<Job>();
        let (ready_tx, ready_rx) = mpsc::channel::<Result<(), String>>();
        std::thread::Builder::new()
            .name("sitrep-writer".into())
            .spawn(move || {
                let setup = make_coder().and_then(|c| Ok((c, open_store()?)));
                match setup {
                    Ok((coder, mut store)) => {
                        let _ = ready_tx.send(Ok(()));
                        writer_loop(&coder, &mut store, rx);
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(format!("{e:#}")));
                    }
                }
            })
            .context("starting the writer thread")?;
        ready_rx
            .recv()
            .context("the writer thread ended")?
            .map_err(|e| anyhow::anyhow!("starting the writer: {e}"))?;
        self.writer = Some((Arc::from(token.trim()), tx));
        Ok(self)
    }
}

fn writer_loop(coder: &Coder, store: &mut sitrep_store::Store, rx: mpsc::Receiver<Job>) {
    while let Ok((docs, reply)) = rx.recv() {
        let mut out = Vec::new();
        let mut failed = None;
        for doc in &docs {
            let outcome = match store.is_stored(doc) {
                Ok(Some(id)) => Ok(json!({"id": doc.id, "outcome": "unchanged", "existing_id": id})),
                Ok(None) => {
                    let records = coder.extract(doc);
                    store.ingest(doc, &records).map(|o| outcome_json(&doc.id, &o))
                }
                Err(e) => Err(e),
            };
            match outcome {
                Ok(v) => out.push(v),
                Err(e) => {
                    failed = Some(format!("storing document {}: {e:#}", doc.id));
                    break;
                }
            }
        }
        let _ = reply.send(match failed {
            Some(e) => Err(e),
            None => Ok(out),
        });
    }
}

fn outcome_json(id: &str, o: &sitrep_store::IngestOutcome) -> Json {
    use sitrep_store::IngestOutcome::*;
    match o {
        Stored {
            events,
            incidents_new,
            incidents_updated,
        } => {
            json!({"id": id, "outcome": "stored", "events": events, "incidents_new": incidents_new, "incidents_updated": incidents_updated})
        }
        Replaced {
            previous_id,
            events,
            incidents_new,
            incidents_updated,
        } => json!({"id": id, "outcome": "replaced", "previous_id": previous_id, "events": events,
                    "incidents_new": incidents_new, "incidents_updated": incidents_updated}),
        Unchanged { existing_id } => json!({"id": id, "outcome": "unchanged", "existing_id": existing_id}),
        OlderVersion { existing_id } => json!({"id": id, "outcome": "older_version", "existing_id": existing_id}),
        Copy {
            original_id,
            similarity,
            previous_id,
            incidents_updated,
        } => json!({"id": id, "outcome": "copy", "original_id": original_id, "similarity": similarity,
                    "previous_id": previous_id, "incidents_updated": incidents_updated}),
    }
}

/// An error answer: `{"error": message}` with a status code.
#[derive(Debug)]
pub struct ApiError(StatusCode, String);

impl ApiError {
    fn new(code: StatusCode, msg: impl Into<String>) -> ApiError {
        ApiError(code, msg.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, axum::Json(json!({"error": self.1, "status": self.0.as_u16()}))).into_response()
    }
}

impl From<params::ParamError> for ApiError {
    fn from(e: params::ParamError) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, e.to_string())
    }
}

fn internal(e: anyhow::Error) -> ApiError {
    eprintln!("error: {e:#}");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "the store could not answer; see the server's log",
    )
}

type ApiResult = Result<Response, ApiError>;

fn raw_params(q: Result<Query<RawParams>, QueryRejection>) -> Result<RawParams, ApiError> {
    q.map(|Query(r)| r)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, format!("bad query string: {}", e.body_text())))
}

/// How long one query may run before it is stopped and answered with 503.
pub const QUERY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

async fn blocking<T: Send + 'static>(st: &AppState, f: impl FnOnce(&mut dyn Conn) -> Result<T> + Send + 'static) -> Result<T, ApiError> {
    let _permit = st
        .running
        .acquire()
        .await
        .map_err(|e| internal(anyhow::anyhow!("query queue: {e}")))?;
    let pool = st.pool.clone();
    let (htx, hrx) = tokio::sync::oneshot::channel::<Interrupt>();
    let task = tokio::task::spawn_blocking(move || {
        pool.with(
            |i| {
                let _ = htx.send(i);
            },
            f,
        )
    });
    let handle = hrx.await.ok();
    let too_long = || {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the query ran longer than {} s and was stopped; narrow the filters",
                QUERY_TIMEOUT.as_secs()
            ),
        )
    };
    match tokio::time::timeout(QUERY_TIMEOUT, task).await {
        Ok(joined) => joined.map_err(|e| internal(anyhow::anyhow!("query task: {e}")))?.map_err(|e| {
            if db::is_interrupted(&e) {
                too_long()
            } else {
                internal(e)
            }
        }),
        Err(_) => {
            if let Some(h) = handle {
                h.fire();
            }
            Err(too_long())
        }
    }
}

fn wants_csv(h: &HeaderMap) -> bool {
    h.get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|p| p.trim().starts_with("text/csv")))
}

fn csv_field(s: &str) -> String {
    // a leading = + - @ would run as a formula in a spreadsheet
    let s = if s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn jstr(v: &Json, path: &[&str]) -> String {
    let mut cur = v;
    for p in path {
        match cur.get(p) {
            Some(x) => cur = x,
            None => return String::new(),
        }
    }
    match cur {
        Json::Null => String::new(),
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn codes(v: &Json, key: &str) -> String {
    v.get(key)
        .and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.get("code").and_then(Json::as_str))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

/// The CSV columns of a list.
fn to_csv(t: Table, items: &[Json]) -> String {
    let mut out = String::from(match t {
        Table::Incidents => "id,event_type,mode,date,country,place,latitude,longitude,dead_low,dead_best,dead_high,injured_best,n_reports,source,recipient\n",
        Table::Events => "id,doc_id,incident_id,event_type,mode,date,country,place,latitude,longitude,dead_low,dead_best,dead_high,injured_best,source,recipient\n",
    });
    for v in items {
        let mut row: Vec<String> = vec![jstr(v, &["id"])];
        if t == Table::Events {
            row.push(jstr(v, &["doc_id"]));
            row.push(jstr(v, &["incident_id"]));
        }
        row.extend([
            jstr(v, &["event_type"]),
            jstr(v, &["mode"]),
            jstr(v, &["date"]),
            jstr(v, &["event_loc", "cc3"]),
            jstr(v, &["event_loc", "name"]),
            jstr(v, &["event_loc", "latitude"]),
            jstr(v, &["event_loc", "longitude"]),
            jstr(v, &["dead", "low"]),
            jstr(v, &["dead", "best"]),
            jstr(v, &["dead", "high"]),
            jstr(v, &["injured", "best"]),
        ]);
        if t == Table::Incidents {
            row.push(jstr(v, &["n_reports"]));
        }
        row.push(codes(v, "source"));
        row.push(codes(v, "recipient"));
        out.push_str(&row.iter().map(|s| csv_field(s)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

async fn list(t: Table, st: AppState, h: HeaderMap, q: Result<Query<RawParams>, QueryRejection>) -> ApiResult {
    let raw = raw_params(q)?;
    ListParams::only_list(&raw)?;
    let p = ListParams::from_raw(&raw)?;
    let (limit, offset) = (p.limit, p.offset);
    let page = blocking(&st, move |c| query::list(c, t, &p)).await?;
    if wants_csv(&h) {
        let mut r = to_csv(t, &page.items).into_response();
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
        r.headers_mut().insert(
            "x-total-count",
            HeaderValue::from_str(&page.total.to_string()).unwrap_or(HeaderValue::from_static("0")),
        );
        if page.total_is_lower_bound {
            r.headers_mut().insert("x-total-is-lower-bound", HeaderValue::from_static("true"));
        }
        return Ok(r);
    }
    let next = (offset + limit < page.total).then_some(offset + limit);
    Ok(axum::Json(
        json!({"total": page.total, "total_is_lower_bound": page.total_is_lower_bound, "limit": limit, "offset": offset,
                          "next_offset": next, "items": page.items}),
    )
    .into_response())
}

async fn incidents(State(st): State<AppState>, h: HeaderMap, q: Result<Query<RawParams>, QueryRejection>) -> ApiResult {
    list(Table::Incidents, st, h, q).await
}

async fn events(State(st): State<AppState>, h: HeaderMap, q: Result<Query<RawParams>, QueryRejection>) -> ApiResult {
    list(Table::Events, st, h, q).await
}

fn check_id(id: &str) -> Result<String, ApiError> {
    if id.is_empty() || id.len() > 512 || id.chars().any(char::is_control) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "an id is 1 to 512 characters with no control characters",
        ));
    }
    Ok(id.to_string())
}

async fn document(State(st): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let id = check_id(&id)?;
    let key = id.clone();
    match blocking(&st, move |c| query::document(c, &key)).await? {
        Some(v) => Ok(axum::Json(v).into_response()),
        None => Err(ApiError::new(StatusCode::NOT_FOUND, format!("no document {id:?}"))),
    }
}

async fn incident(State(st): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let id = check_id(&id)?;
    let key = id.clone();
    match blocking(&st, move |c| query::incident(c, &key)).await? {
        Some(v) => Ok(axum::Json(v).into_response()),
        None => Err(ApiError::new(StatusCode::NOT_FOUND, format!("no incident {id:?}"))),
    }
}

async fn timeline(State(st): State<AppState>, q: Result<Query<RawParams>, QueryRejection>) -> ApiResult {
    let raw = raw_params(q)?;
    let p = ListParams::from_raw(&raw)?;
    let (iv, by) = (params::interval(&raw)?, params::stats_by(&raw)?);
    Ok(axum::Json(blocking(&st, move |c| query::timeline(c, &p, iv, by)).await?).into_response())
}

async fn dyads(State(st): State<AppState>, q: Result<Query<RawParams>, QueryRejection>) -> ApiResult {
    let raw = raw_params(q)?;
    ListParams::only_list(&raw)?;
    let p = ListParams::from_raw(&raw)?;
    Ok(axum::Json(blocking(&st, move |c| query::dyads(c, &p)).await?).into_response())
}

/// Compares without stopping at the first difference.
fn same_token(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn post_documents(State(st): State<AppState>, h: HeaderMap, body: Result<Bytes, BytesRejection>) -> ApiResult {
    let Some((token, tx)) = &st.writer else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "this server is read-only: start it with --token (or SITREP_TOKEN) to accept documents",
        ));
    };
    let given = h
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(g) if same_token(g.as_bytes(), token.as_bytes()) => {}
        _ => {
            let mut r = ApiError::new(StatusCode::UNAUTHORIZED, "a valid `Authorization: Bearer TOKEN` header is required").into_response();
            r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            return Ok(r);
        }
    }
    let body = body.map_err(|e| ApiError::new(e.status(), format!("reading the body: {}", e.body_text())))?;
    let v: Json =
        serde_json::from_slice(&body).map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, format!("the body is not JSON: {e}")))?;
    let items = match v {
        Json::Array(a) => a,
        o @ Json::Object(_) => vec![o],
        _ => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "the body must be a document object or an array of them",
            ))
        }
    };
    if items.is_empty() || items.len() > MAX_DOCS_PER_POST {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("send 1 to {MAX_DOCS_PER_POST} documents at a time"),
        ));
    }
    let mut docs = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let doc = Document::from_json_line(&it.to_string())
            .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, format!("document {i}: {e}")))?;
        let fields = [
            Some(&doc.id),
            Some(&doc.text),
            doc.title.as_ref(),
            doc.url.as_ref(),
            doc.publisher.as_ref(),
        ];
        if fields.iter().flatten().any(|f| f.contains('\0')) {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("document {i}: a NUL character"),
            ));
        }
        docs.push(doc);
    }
    let (reply_tx, reply_rx) = tokio::sync::oneshot::channel();
    tx.send((docs, reply_tx))
        .map_err(|_| internal(anyhow::anyhow!("the writer thread has ended")))?;
    let out = reply_rx
        .await
        .map_err(|_| internal(anyhow::anyhow!("the writer thread dropped a job")))?
        .map_err(|e| internal(anyhow::anyhow!(e)))?;
    Ok((StatusCode::CREATED, axum::Json(json!({"documents": out}))).into_response())
}

/// The OpenAPI 3 description of this API.
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

fn asset(ct: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, ct), (header::CACHE_CONTROL, "no-cache")], body).into_response()
}

async fn index() -> Response {
    asset("text/html; charset=utf-8", include_str!("../assets/index.html"))
}
async fn app_js() -> Response {
    asset("text/javascript; charset=utf-8", include_str!("../assets/app.js"))
}
async fn app_css() -> Response {
    asset("text/css; charset=utf-8", include_str!("../assets/app.css"))
}
async fn world() -> Response {
    asset("application/json", include_str!("../../../data/world/countries.json"))
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such route; see /api/openapi.json")
}

/// Every route with its path in axum's syntax; the OpenAPI test reads this.
pub const API_ROUTES: &[(&str, &str)] = &[
    ("get", "/api/incidents"),
    ("get", "/api/incidents/:id"),
    ("get", "/api/events"),
    ("get", "/api/documents/:id"),
    ("post", "/api/documents"),
    ("get", "/api/stats/timeline"),
    ("get", "/api/stats/dyads"),
    ("get", "/api/openapi.json"),
];

/// The API and the dashboard.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/incidents", get(incidents))
        .route("/api/incidents/:id", get(incident))
        .route("/api/events", get(events))
        .route("/api/documents/:id", get(document))
        .route("/api/documents", axum::routing::post(post_documents))
        .route("/api/stats/timeline", get(timeline))
        .route("/api/stats/dyads", get(dyads))
        .route("/api/openapi.json", get(openapi))
        .route("/", get(index))
        .route("/app.js", get(app_js))
        .route("/app.css", get(app_css))
        .route("/world.json", get(world))
        .fallback(not_found)
        .method_not_allowed_fallback(|| async { ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method not allowed on this route") })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// Binds and serves until the process is stopped. The coder is made only
/// when a token turns submitting on.
pub fn serve(args: &ServeArgs, make_coder: impl FnOnce() -> Result<Coder>) -> Result<()> {
    if !db::is_postgres(&args.db) && !std::path::Path::new(&args.db).is_file() {
        anyhow::bail!("{}: no such database file (create it with `sitrep ingest --db`)", args.db);
    }
    // brings the schema (and the indexes the API reads by) up to date when
    // the store can be written; a read-only one is served as it is
    if let Err(e) = sitrep_store::open(&args.db) {
        eprintln!("warning: the store's schema could not be brought up to date ({e:#}); serving it as it is");
    }
    let state = AppState::read_only(&args.db)?;
    let token = args.token.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let Some(token) = token else {
        return run(args, state, "read-only");
    };
    check_token(token)?;
    let coder = make_coder()?;
    // checked here; the writer thread opens its own (a store stays on one thread)
    drop(sitrep_store::open(&args.db).with_context(|| format!("opening the store {} for writing", args.db))?);
    let (tx, rx) = mpsc::channel::<Job>();
    let coder = &coder;
    std::thread::scope(|s| {
        s.spawn(move || match sitrep_store::open(&args.db) {
            Ok(mut store) => writer_loop(coder, &mut store, rx),
            Err(e) => eprintln!("error: opening the store {} for writing: {e:#}", args.db),
        });
        let state = AppState {
            writer: Some((Arc::from(token), tx)),
            ..state
        };
        run(args, state, "accepting POST /api/documents with the token")
    })
}

fn check_token(token: &str) -> Result<()> {
    if token.len() < 8 {
        anyhow::bail!("the token must have at least 8 characters");
    }
    Ok(())
}

fn run(args: &ServeArgs, state: AppState, mode: &str) -> Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.bind)
            .await
            .with_context(|| format!("binding {}", args.bind))?;
        let addr = listener.local_addr()?;
        eprintln!("sitrep serve: http://{addr}/ over {} ({mode})", args.db);
        axum::serve(listener, router(state)).await.context("serving")
    })
}
