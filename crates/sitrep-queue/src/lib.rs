//! Scale-out on NATS JetStream.
//!
//! `sitrep ingest --to-nats URL` publishes documents, one message each, to a
//! work-queue stream; the message id (`Nats-Msg-Id`) is the document id, so
//! publishing the same documents again within the stream's duplicate window
//! adds nothing. `sitrep worker` pulls from a durable consumer with explicit
//! acks, extracts, writes through the store's idempotent ingest and acks only
//! after the store committed: a worker killed at any point leaves its
//! unacknowledged messages to be delivered again, and storing a document a
//! second time changes nothing.

use anyhow::{bail, Context, Result};
use clap::Args;
use nats::jetstream::{
    AckKind, AckPolicy, BatchOptions, ConsumerConfig, DeliverPolicy, JetStream, PullSubscribeOptions, ReplayPolicy, RetentionPolicy,
    StorageType, StreamConfig,
};
use nats::{header, HeaderMap};
use sitrep_core::{Document, EventRecord};
use sitrep_extract::Coder;
use sitrep_store::IngestOutcome;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where documents go: the stream and the subject it listens on.
#[derive(Args, Clone, Debug)]
pub struct QueueArgs {
    /// Subject the documents are published on
    #[arg(long, default_value = "sitrep.docs")]
    pub subject: String,
    /// JetStream stream (work-queue retention, created if missing)
    #[arg(long, default_value = "SITREP_DOCS")]
    pub stream: String,
}

/// `sitrep ingest --to-nats URL`: publish instead of storing.
#[derive(Args, Clone, Debug)]
pub struct PublishArgs {
    /// Publish the documents to this NATS server (JetStream) instead of storing them
    #[arg(long, value_name = "URL")]
    pub to_nats: Option<String>,
    #[command(flatten)]
    pub queue: QueueArgs,
}

/// `sitrep worker`: pull, extract, store, ack.
#[derive(Args, Clone, Debug)]
pub struct WorkerArgs {
    /// The NATS server (JetStream enabled)
    #[arg(long, value_name = "URL")]
    pub nats: String,
    /// A SQLite file, or a postgres:// URL
    #[arg(long, default_value = "sitrep.db")]
    pub db: String,
    #[command(flatten)]
    pub queue: QueueArgs,
    /// Durable consumer shared by all workers
    #[arg(long, default_value = "sitrep-workers")]
    pub durable: String,
    /// Messages asked for in one pull; their documents are stored in one transaction
    #[arg(long, default_value_t = 16)]
    pub batch: usize,
    /// Seconds a delivered message may stay unacknowledged before it goes to another worker (set when the consumer is created)
    #[arg(long, default_value_t = 60)]
    pub ack_wait: u64,
    /// Deliveries of one message before the server gives up on it (set when the consumer is created)
    #[arg(long, default_value_t = 10)]
    pub max_deliver: i64,
    /// Stop once the consumer has nothing pending and nothing awaiting acknowledgement
    #[arg(long)]
    pub until_empty: bool,
}

/// Counts for the summary line.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Published {
    pub documents: usize,
    pub duplicates: usize,
    pub unreadable: usize,
}

fn connect_core(url: &str) -> Result<nats::Connection> {
    nats::Options::new()
        .with_name("sitrep")
        .connect(url)
        .with_context(|| format!("connecting to NATS at {url}"))
}

fn connect(url: &str) -> Result<JetStream> {
    Ok(nats::jetstream::new(connect_core(url)?))
}

/// Creates the work-queue stream if it does not exist.
pub fn ensure_stream(js: &JetStream, q: &QueueArgs) -> Result<()> {
    if js.stream_info(&q.stream).is_ok() {
        return Ok(());
    }
    let cfg = StreamConfig {
        name: q.stream.clone(),
        subjects: vec![q.subject.clone()],
        retention: RetentionPolicy::WorkQueue,
        storage: StorageType::File,
        // de-duplication by document id for a day: a re-run of the same
        // publish adds nothing
        duplicate_window: Duration::from_secs(24 * 3600).as_nanos() as i64,
        ..Default::default()
    };
    if let Err(e) = js.add_stream(cfg) {
        // another process may have created it meanwhile
        if js.stream_info(&q.stream).is_err() {
            return Err(e).with_context(|| format!("creating the JetStream stream {}", q.stream));
        }
    }
    Ok(())
}

/// Reads JSON Lines documents from files (or `-` for standard input) and
/// calls `f` with each; a bad line is reported with file and line and
/// skipped.
fn for_each_jsonl(paths: &[PathBuf], skipped: &mut usize, mut f: impl FnMut(Document) -> Result<()>) -> Result<()> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("reading the directory {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|e| e.extension().is_some_and(|x| x == "jsonl"))
                .collect();
            entries.sort();
            files.extend(entries);
        } else {
            files.push(p.clone());
        }
    }
    for path in &files {
        let reader: Box<dyn BufRead> = if path == Path::new("-") {
            Box::new(BufReader::new(std::io::stdin()))
        } else {
            Box::new(BufReader::new(
                std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?,
            ))
        };
        for (i, line) in reader.lines().enumerate() {
            let line = line.with_context(|| format!("{}:{}: reading", path.display(), i + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            match Document::from_json_line(&line) {
                Ok(doc) => f(doc)?,
                Err(e) => {
                    eprintln!("{}:{}: skipped: {e}", path.display(), i + 1);
                    *skipped += 1;
                }
            }
        }
    }
    Ok(())
}

/// Publications that may await their acknowledgement at once.
const PUBLISH_WINDOW: usize = 256;
/// How long the stream may take to acknowledge a publication.
const ACK_TIMEOUT: Duration = Duration::from_secs(30);

/// Publishes every document of `paths` (JSON Lines) to the stream, one
/// message each with the document id as message id. Publications are
/// pipelined: up to [`PUBLISH_WINDOW`] await their acknowledgement at once,
/// and every one must be acknowledged by the stream before this returns.
pub fn publish(url: &str, q: &QueueArgs, paths: &[PathBuf]) -> Result<Published> {
    if paths.is_empty() {
        bail!("no input: give JSON Lines files, directories of them, or - for standard input");
    }
    let nc = connect_core(url)?;
    let js = nats::jetstream::new(nc.clone());
    ensure_stream(&js, q)?;
    // each publication asks for its acknowledgement on its own reply subject
    let inbox = nc.new_inbox();
    let acks = nc.subscribe(&format!("{inbox}.*")).context("subscribing to the acknowledgements")?;
    let mut waiting: HashMap<u64, String> = HashMap::new();
    let mut next = 0u64;
    let mut out = Published::default();
    let mut skipped = 0;
    for_each_jsonl(paths, &mut skipped, |doc| {
        let body = serde_json::to_vec(&doc).context("serialising a document")?;
        let mut headers = HeaderMap::new();
        headers.insert(header::NATS_MSG_ID, doc.id.clone());
        let reply = format!("{inbox}.{next}");
        nc.publish_with_reply_or_headers(&q.subject, Some(&reply), Some(&headers), &body)
            .with_context(|| format!("publishing document {} to {}", doc.id, q.subject))?;
        waiting.insert(next, doc.id);
        next += 1;
        while waiting.len() >= PUBLISH_WINDOW {
            take_ack(&acks, &mut waiting, &mut out)?;
        }
        Ok(())
    })?;
    nc.flush().context("sending the documents to NATS")?;
    while !waiting.is_empty() {
        take_ack(&acks, &mut waiting, &mut out)?;
    }
    out.unreadable = skipped;
    eprintln!(
        "sitrep: published {} documents to {} (stream {}); {} already in the stream, {} unreadable",
        out.documents, q.subject, q.stream, out.duplicates, out.unreadable
    );
    Ok(out)
}

/// Waits for one acknowledgement of the stream and counts it; a refusal
/// or no answer at all is an error naming the document.
fn take_ack(acks: &nats::Subscription, waiting: &mut HashMap<u64, String>, out: &mut Published) -> Result<()> {
    let msg = acks.next_timeout(ACK_TIMEOUT).with_context(|| {
        format!(
            "waiting for the stream to acknowledge {} documents (the first: {})",
            waiting.len(),
            waiting.iter().min_by_key(|(n, _)| **n).map(|(_, id)| id.as_str()).unwrap_or("")
        )
    })?;
    let n = msg.subject.rsplit('.').next().and_then(|s| s.parse::<u64>().ok());
    let Some(id) = n.and_then(|n| waiting.remove(&n)) else {
        // not one of ours, or answered twice
        return Ok(());
    };
    if msg.data.is_empty() {
        // a status message: no stream listens on the subject
        let status = msg.headers.as_ref().and_then(|h| h.get("Status")).cloned().unwrap_or_default();
        bail!("publishing document {id}: no JetStream stream answered (status {status:?})");
    }
    let ack: serde_json::Value =
        serde_json::from_slice(&msg.data).with_context(|| format!("publishing document {id}: reading the acknowledgement"))?;
    if let Some(err) = ack.get("error") {
        bail!("publishing document {id}: the stream refused it: {err}");
    }
    if ack.get("duplicate").and_then(serde_json::Value::as_bool) == Some(true) {
        out.duplicates += 1;
    } else {
        out.documents += 1;
    }
    Ok(())
}

/// Counts for the worker's summary line.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Worked {
    /// Stored documents, copies included.
    pub stored: usize,
    /// Stored as copies of a stored story (their events join no incident).
    pub copies: usize,
    pub unchanged: usize,
    pub failed: usize,
    pub rejected: usize,
}

fn ensure_consumer(js: &JetStream, a: &WorkerArgs) -> Result<()> {
    if js.consumer_info(&a.queue.stream, &a.durable).is_ok() {
        return Ok(());
    }
    let cfg = ConsumerConfig {
        durable_name: Some(a.durable.clone()),
        deliver_policy: DeliverPolicy::All,
        ack_policy: AckPolicy::Explicit,
        ack_wait: Duration::from_secs(a.ack_wait.max(1)),
        max_deliver: a.max_deliver,
        filter_subject: a.queue.subject.clone(),
        replay_policy: ReplayPolicy::Instant,
        ..Default::default()
    };
    if let Err(e) = js.add_consumer(&a.queue.stream, cfg) {
        if js.consumer_info(&a.queue.stream, &a.durable).is_err() {
            return Err(e).with_context(|| format!("creating the consumer {} on {}", a.durable, a.queue.stream));
        }
    }
    Ok(())
}

enum Handled {
    Stored,
    /// Stored as a near-duplicate of a stored story.
    Copy,
    Unchanged,
    /// Never storable (bad payload, a fault in the coder): terminated, not redelivered.
    Rejected(String),
}

/// A message read and coded, before the store.
enum Prepared {
    Ready(Document, Vec<EventRecord>),
    Done(Handled),
}

fn prepare(store: &mut sitrep_store::Store, coder: &Coder, data: &[u8]) -> Result<Prepared> {
    let line = match std::str::from_utf8(data) {
        Ok(s) => s,
        Err(e) => return Ok(Prepared::Done(Handled::Rejected(format!("not UTF-8: {e}")))),
    };
    let doc = match Document::from_json_line(line) {
        Ok(d) => d,
        Err(e) => return Ok(Prepared::Done(Handled::Rejected(e.to_string()))),
    };
    let fields = [
        Some(&doc.id),
        Some(&doc.text),
        doc.title.as_ref(),
        doc.url.as_ref(),
        doc.publisher.as_ref(),
    ];
    if fields.iter().flatten().any(|f| f.contains('\0')) {
        let why = format!("{}: a NUL character in the document", doc.id);
        return Ok(Prepared::Done(Handled::Rejected(why)));
    }
    // a stored document is not coded again
    if store.is_stored(&doc)?.is_some() {
        return Ok(Prepared::Done(Handled::Unchanged));
    }
    match coder.try_extract(&doc) {
        Ok(records) => Ok(Prepared::Ready(doc, records)),
        Err(why) => Ok(Prepared::Done(Handled::Rejected(format!("{}: the coder failed: {why}", doc.id)))),
    }
}

fn stored(outcome: &IngestOutcome) -> Handled {
    match outcome {
        IngestOutcome::Stored { .. } | IngestOutcome::Replaced { .. } => Handled::Stored,
        IngestOutcome::Copy { .. } => Handled::Copy,
        IngestOutcome::Unchanged { .. } | IngestOutcome::OlderVersion { .. } => Handled::Unchanged,
    }
}

/// Stores the coded documents of one pull in one transaction, in the order
/// they came; a document that fails there is tried once more alone.
/// The result of each, in the order given.
fn store_batch(store: &mut sitrep_store::Store, ready: &[(&Document, &[EventRecord])]) -> Vec<Result<Handled>> {
    if ready.is_empty() {
        return Vec::new();
    }
    let results = match store.ingest_batch(ready) {
        Ok(r) => r,
        Err(e) => {
            let e = e.context(format!("storing {} documents in one transaction", ready.len()));
            return ready.iter().map(|_| Err(anyhow::anyhow!("{e:#}"))).collect();
        }
    };
    results
        .into_iter()
        .zip(ready)
        .map(|(r, (doc, records))| match r {
            Ok(outcome) => Ok(stored(&outcome)),
            Err(_) => store.ingest(doc, records).map(|o| stored(&o)),
        })
        .collect()
}

fn settle(msg: &nats::Message, handled: Result<Handled>, w: &mut Worked) -> Result<()> {
    match handled {
        Ok(Handled::Stored) => {
            w.stored += 1;
            msg.ack().context("acknowledging a message")?;
        }
        Ok(Handled::Copy) => {
            w.stored += 1;
            w.copies += 1;
            msg.ack().context("acknowledging a message")?;
        }
        Ok(Handled::Unchanged) => {
            w.unchanged += 1;
            msg.ack().context("acknowledging a message")?;
        }
        Ok(Handled::Rejected(why)) => {
            eprintln!("sitrep worker: skipped: {why}");
            w.rejected += 1;
            msg.ack_kind(AckKind::Term).context("terminating a message")?;
        }
        Err(e) => {
            eprintln!("sitrep worker: {e:#}; the message will be delivered again");
            w.failed += 1;
            msg.ack_kind(AckKind::Nak).context("rejecting a message")?;
        }
    }
    Ok(())
}

/// Runs a worker: pull a batch, extract its documents, store them in one
/// transaction and ack each after the commit; a store error naks the
/// message (it comes back later).
pub fn work(a: &WorkerArgs, coder: &Coder) -> Result<Worked> {
    if a.batch == 0 {
        bail!("--batch must be at least 1");
    }
    let mut store = sitrep_store::open(&a.db).with_context(|| format!("opening the store {}", a.db))?;
    let js = connect(&a.nats)?;
    ensure_stream(&js, &a.queue)?;
    ensure_consumer(&js, a)?;
    let sub = js
        .pull_subscribe_with_options(
            &a.queue.subject,
            &PullSubscribeOptions::new()
                .bind_stream(a.queue.stream.clone())
                .durable_name(a.durable.clone()),
        )
        .with_context(|| format!("binding to the consumer {} of {}", a.durable, a.queue.stream))?;
    let mut w = Worked::default();
    let started = Instant::now();
    let wait = Duration::from_secs(1);
    loop {
        let opts = BatchOptions {
            batch: a.batch,
            expires: Some(wait.as_nanos() as usize),
            no_wait: false,
        };
        let mut msgs = Vec::new();
        for msg in sub
            .timeout_fetch(opts, wait + Duration::from_millis(200))
            .context("pulling messages")?
        {
            match msg {
                Ok(m) => msgs.push(m),
                // the pull request expired: the batch is over
                Err(_) => break,
            }
        }
        if msgs.is_empty() {
            if a.until_empty {
                let info = js
                    .consumer_info(&a.queue.stream, &a.durable)
                    .context("asking for the consumer's state")?;
                if info.num_pending == 0 && info.num_ack_pending == 0 {
                    break;
                }
            }
            continue;
        }
        let mut ready_msgs = Vec::new();
        let mut ready = Vec::new();
        for msg in &msgs {
            match prepare(&mut store, coder, &msg.data) {
                Ok(Prepared::Ready(doc, records)) => {
                    ready_msgs.push(msg);
                    ready.push((doc, records));
                }
                Ok(Prepared::Done(h)) => settle(msg, Ok(h), &mut w)?,
                Err(e) => settle(msg, Err(e), &mut w)?,
            }
        }
        let items: Vec<(&Document, &[EventRecord])> = ready.iter().map(|(d, r)| (d, r.as_slice())).collect();
        for (msg, handled) in ready_msgs.into_iter().zip(store_batch(&mut store, &items)) {
            settle(msg, handled, &mut w)?;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "sitrep worker: {} stored ({} as copies of a stored story), {} already stored, {} skipped, {} failed and returned; {:.1} documents/s",
        w.stored,
        w.copies,
        w.unchanged,
        w.rejected,
        w.failed,
        (w.stored + w.unchanged) as f64 / secs.max(1e-9)
    );
    Ok(w)
}

/// `sitrep ingest --to-nats URL PATH...`.
pub fn publish_cmd(a: &PublishArgs, paths: &[PathBuf]) -> Result<()> {
    let url = a.to_nats.as_deref().context("--to-nats URL is required to publish")?;
    publish(url, &a.queue, paths)?;
    Ok(())
}

/// `sitrep worker`.
pub fn worker_cmd(a: &WorkerArgs, coder: &Coder) -> Result<()> {
    work(a, coder)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_line_is_skipped_and_the_rest_read() {
        let dir = std::env::temp_dir().join(format!("sitrep-queue-jsonl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let file = dir.join("docs.jsonl");
        std::fs::write(
            &file,
            "{\"id\":\"a\",\"text\":\"Protesters marched in Lagos.\"}\n{not json\n\n{\"id\":\"b\",\"text\":\"  \"}\n{\"id\":\"c\",\"text\":\"Police arrested two men.\"}\n",
        )
        .expect("writing the input");
        let mut ids = Vec::new();
        let mut skipped = 0;
        for_each_jsonl(std::slice::from_ref(&dir), &mut skipped, |d| {
            ids.push(d.id);
            Ok(())
        })
        .expect("reading the directory");
        assert_eq!(ids, ["a", "c"]);
        assert_eq!(skipped, 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
