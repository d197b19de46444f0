//! Workers on a real NATS JetStream server: two workers, one killed with
//! SIGKILL mid-run and restarted, end with the same database as a
//! single-process `sitrep ingest` of the same documents.
//!
//! Needs `nats-server` on the PATH (Debian package `nats-server`); without
//! it the test prints a notice and passes.

use std::collections::BTreeSet;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_sitrep");
/// Documents in the test (`SITREP_QUEUE_TEST_DOCS` overrides).
const DOCS: usize = 20_000;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("binding a free port");
    l.local_addr().expect("the bound address").port()
}

fn start_nats(dir: &Path) -> Option<(Server, String)> {
    // Debian installs it in /usr/sbin, which a user's PATH may lack
    let bin = ["nats-server", "/usr/sbin/nats-server"]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok());
    let Some(bin) = bin else {
        eprintln!("notice: nats-server is not installed (apt-get install nats-server); the JetStream worker test is skipped");
        return None;
    };
    let port = free_port();
    let child = Command::new(bin)
        .args(["-js", "-a", "127.0.0.1", "-p", &port.to_string(), "-sd"])
        .arg(dir.join("js"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting nats-server");
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nats-server did not listen on port {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
    Some((server, format!("nats://127.0.0.1:{port}")))
}

/// Pseudo-words that make each generated story its own text: two stories
/// told in the same words but for their tags share under half of their
/// 3-word shingles, so none is a near-duplicate of another (which one of two
/// copies is the original follows ingest order, which workers do not keep).
fn tags(i: usize) -> String {
    const LETTERS: &[u8] = b"bcdfghjkmnpqrstvwxz";
    let mut z = (i as u64).wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut out = String::new();
    for _ in 0..16 {
        z = z.wrapping_mul(0x5851_f42d_4c95_7f2d).wrapping_add(0x1405_7b7e_f767_814f);
        let mut w = z >> 11;
        out.push(' ');
        for _ in 0..5 {
            out.push(LETTERS[(w % LETTERS.len() as u64) as usize] as char);
            w /= LETTERS.len() as u64;
        }
    }
    out
}

/// A generated corpus: reports of bombings, attacks, protests and arrests
/// in ten cities, each event told by up to three reports in different
/// words, none a near-duplicate of another. Each event has a day of its
/// own, so which reports tell the same event is never in doubt: incidents
/// are built greedily as reports arrive, and events that nothing tells
/// apart (one kind, one city, one day) could pair differently in another
/// order.
fn corpus(n: usize) -> Vec<String> {
    let cities = [
        "Baghdad",
        "Kabul",
        "Mogadishu",
        "Nairobi",
        "Lagos",
        "Khartoum",
        "Kinshasa",
        "Damascus",
        "Bamako",
        "Kampala",
    ];
    let mut out = Vec::new();
    for i in 0..n {
        // three reports an event
        let k = i / 3;
        let city = cities[(k * 7) % cities.len()];
        let published = sitrep_core::Date {
            year: 2000,
            month: 1,
            day: 1,
        }
        .add_days(k as i64);
        let n_dead = 2 + (k * 5) % 17;
        let text = match (k % 4, i % 3) {
            (0, 0) => format!("A car bomb exploded near a market in {city} on Monday, killing {n_dead} people, police said."),
            (0, 1) => format!(
                "At least {n_dead} people were killed when a car bomb went off at a busy market in {city} on Monday, officials said."
            ),
            (0, _) => format!("Police said {n_dead} people died in a car bombing at a crowded market in {city} on Monday."),
            (1, 0) => format!("Gunmen attacked a police station in {city}, killing {n_dead} officers, officials said on Tuesday."),
            (1, 1) => {
                format!("Gunmen stormed a police station in {city} on Tuesday and shot dead {n_dead} officers, a security source said.")
            }
            (1, _) => {
                format!("Armed men raided a police post in {city} on Tuesday and killed {n_dead} officers, the interior ministry said.")
            }
            (2, 0) => format!("Thousands of people protested in {city} on Wednesday against rising fuel prices."),
            (2, 1) => format!("Large crowds marched through {city} on Wednesday to protest against higher fuel prices, witnesses said."),
            (2, _) => format!("Demonstrators rallied in central {city} on Wednesday, denouncing a rise in fuel prices."),
            (_, 0) => format!("Police in {city} arrested {n_dead} people suspected of planning attacks, a spokesman said."),
            (_, 1) => format!("Security forces detained {n_dead} suspects in {city} over an alleged attack plot, police said."),
            (_, _) => format!("The police spokesman in {city} said {n_dead} men accused of plotting attacks were arrested."),
        };
        let doc = serde_json::json!({
            "id": format!("gen-{i}"),
            "published": published.to_string(),
            "publisher": format!("Wire {}", i % 3),
            "text": format!("{text} Desk tags:{}.", tags(i)),
        });
        out.push(doc.to_string());
    }
    out
}

fn run_ok(args: &[&str]) {
    let out = Command::new(BIN).args(args).output().expect("running sitrep");
    assert!(
        out.status.success(),
        "sitrep {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn worker(url: &str, db: &Path) -> Child {
    Command::new(BIN)
        .args(["worker", "--nats", url, "--batch", "8", "--ack-wait", "2", "--until-empty", "--db"])
        .arg(db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting a worker")
}

fn wait_exit(mut c: Child, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        if let Some(status) = c.try_wait().expect("waiting for a worker") {
            assert!(status.success(), "{what} failed: {status}");
            return;
        }
        if Instant::now() > deadline {
            let _ = c.kill();
            panic!("{what} did not finish");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Documents, events (as JSON) and incidents (their members and reconciled
/// records) of a store, in a canonical order.
#[derive(Debug, PartialEq)]
struct Content {
    documents: i64,
    copies: i64,
    events: BTreeSet<String>,
    incidents: BTreeSet<(Vec<String>, String)>,
}

fn content(db: &Path) -> Content {
    let mut store = sitrep_store::open(db.to_str().expect("a UTF-8 path")).expect("opening the store");
    let stats = store.stats().expect("store stats");
    let f = sitrep_store::Filter::default();
    let mut events = BTreeSet::new();
    store
        .each_event(&f, &mut |r, _incident| {
            events.insert(serde_json::to_string(&r)?);
            Ok(())
        })
        .expect("reading events");
    let mut incidents = BTreeSet::new();
    store
        .each_incident(&f, &mut |i| {
            let mut members = i.event_ids.clone();
            members.sort();
            let mut rec = i.record.clone();
            rec.id.clear();
            rec.doc_id.clear();
            rec.doc_ids.sort();
            incidents.insert((members, order_free(serde_json::to_value(&rec)?).to_string()));
            Ok(())
        })
        .expect("reading incidents");
    Content {
        documents: stats.documents,
        copies: stats.copies,
        events,
        incidents,
    }
}

/// The reconciled record without what follows the order the documents were
/// stored in, which parallel workers do not keep: among reports of the same
/// day the store takes the lead report (its id, its best figure, the order
/// of attributions, of count revisions and of the actors that several
/// reports name in different words) by ingest order. Members, ranges, type, place and
/// date must be equal.
fn order_free(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Object(mut m) => {
            if m.contains_key("low") && m.contains_key("high") {
                m.remove("best");
                m.remove("text");
            }
            let mut out = serde_json::Map::new();
            for (k, v) in m {
                let mut v = order_free(v);
                let ordered = ["attribution", "revisions", "source", "recipient"].contains(&k.as_str());
                if let (true, Value::Array(a)) = (ordered, &mut v) {
                    a.sort_by_key(|x| x.to_string());
                }
                out.insert(k, v);
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.into_iter().map(order_free).collect()),
        other => other,
    }
}

fn documents_in(db: &Path) -> i64 {
    sitrep_store::open(db.to_str().expect("a UTF-8 path"))
        .and_then(|mut s| s.stats())
        .map(|s| s.documents)
        .unwrap_or(0)
}

#[test]
fn two_workers_one_killed_end_with_the_single_process_database() {
    let dir: PathBuf = std::env::temp_dir().join(format!("sitrep-queue-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creating the test directory");
    let Some((_server, url)) = start_nats(&dir) else { return };

    let n: usize = std::env::var("SITREP_QUEUE_TEST_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DOCS);
    let started = Instant::now();
    let docs = corpus(n);
    let input = dir.join("docs.jsonl");
    let mut f = std::fs::File::create(&input).expect("writing the corpus");
    for d in &docs {
        writeln!(f, "{d}").expect("writing the corpus");
    }
    // a second copy of a few documents: published twice, queued once
    for d in docs.iter().take(20) {
        writeln!(f, "{d}").expect("writing the corpus");
    }
    drop(f);
    let input_s = input.to_str().expect("a UTF-8 path");
    run_ok(&["ingest", "--to-nats", &url, input_s]);
    let published = started.elapsed().as_secs_f64();

    let wdb = dir.join("workers.db");
    let a = worker(&url, &wdb);
    let b = worker(&url, &wdb);
    // kill one worker once the work is under way
    let deadline = Instant::now() + Duration::from_secs(300);
    while documents_in(&wdb) < (n as i64 / 10).max(40) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut a = a;
    a.kill().expect("killing a worker with SIGKILL");
    let _ = a.wait();
    let stored_at_kill = documents_in(&wdb);
    let a2 = worker(&url, &wdb);
    wait_exit(b, "the second worker");
    wait_exit(a2, "the restarted worker");

    let worked = started.elapsed().as_secs_f64();
    let sdb = dir.join("single.db");
    run_ok(&["ingest", "--db", sdb.to_str().expect("a UTF-8 path"), input_s]);
    let single = started.elapsed().as_secs_f64();
    eprintln!(
        "{n} documents: published in {published:.0} s, stored by the workers in {:.0} s, by one process in {:.0} s",
        worked - published,
        single - worked
    );

    let got = content(&wdb);
    let want = content(&sdb);
    // every generated story is stored, none as a copy of another
    assert_eq!(want.documents, n as i64, "documents stored by one process");
    assert_eq!(want.copies, 0, "no generated story is a near-duplicate of another");
    assert!(
        stored_at_kill < want.documents,
        "the worker was killed after the run had ended ({stored_at_kill} documents stored)"
    );
    assert!(!want.events.is_empty() && !want.incidents.is_empty());
    assert_eq!((got.documents, got.copies), (want.documents, want.copies));
    assert_eq!(got.events, want.events, "the events differ");
    let only_workers: Vec<_> = got.incidents.difference(&want.incidents).collect();
    let only_single: Vec<_> = want.incidents.difference(&got.incidents).collect();
    assert!(
        only_workers.is_empty() && only_single.is_empty(),
        "the incidents differ: only with workers {only_workers:#?}; only with one process {only_single:#?}"
    );
    eprintln!(
        "{n} documents through two workers and one process in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
