//! `sitrep ingest`, `export` and `incident` end to end: bad input is reported
//! and skipped while the rest is stored; exports in every format.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_sitrep");

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("sitrep-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("run sitrep")
}

fn s(p: &Path) -> String {
    p.to_string_lossy().to_string()
}

const GOOD: &str = r#"{"id":"ok-1","published":"2024-03-10","title":"Blast in Quetta","text":"A bomb exploded at a market in Quetta on Sunday, killing 12 people, police said."}
{"id":"ok-2","published":"2024-03-11","title":"Quetta toll rises","text":"A bomb blast at a market in Quetta on Sunday killed 15 people, officials said on Monday."}"#;

#[test]
fn bad_documents_are_reported_and_skipped_and_the_rest_is_stored() {
    let dir = temp_dir("cli-bad");
    let db = dir.join("s.db");
    let jsonl = dir.join("mixed.jsonl");
    let mut bytes = Vec::new();
    bytes.extend_from_slice(GOOD.lines().next().unwrap_or_default().as_bytes());
    bytes.extend_from_slice(b"\n{\"id\": \"broken\", \"text\": \n");
    bytes.extend_from_slice(b"{\"id\":\"empty\",\"text\":\"   \"}\n");
    bytes.extend_from_slice(b"{\"id\":\"latin1\",\"text\":\"caf\xe9 bomb\"}\n");
    bytes.extend_from_slice(GOOD.lines().nth(1).unwrap_or_default().as_bytes());
    bytes.push(b'\n');
    std::fs::write(&jsonl, &bytes).expect("write");
    let binary = dir.join("image.txt");
    std::fs::write(&binary, [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0xfe]).expect("write");
    let big = dir.join("big.jsonl");
    let huge_text = "The bomb exploded. ".repeat(50 * 1024 * 1024 / 19 + 1);
    std::fs::write(&big, format!("{{\"id\":\"huge\",\"text\":\"{huge_text}\"}}\n")).expect("write");

    let out = run(&["ingest", &s(&jsonl), &s(&binary), &s(&big), "--db", &s(&db)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("mixed.jsonl:2: skipped: not valid JSON"), "{err}");
    assert!(err.contains("mixed.jsonl:3: skipped: the document has no text"), "{err}");
    assert!(err.contains("mixed.jsonl:4: skipped: not UTF-8"), "{err}");
    assert!(err.contains("image.txt: skipped"), "{err}");
    assert!(err.contains("huge: skipped: text of"), "{err}");
    let events = run(&["export", "--db", &s(&db)]);
    let docs: std::collections::BTreeSet<String> = String::from_utf8_lossy(&events.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["doc_id"].as_str().map(String::from))
        .collect();
    assert_eq!(docs.into_iter().collect::<Vec<_>>(), vec!["ok-1", "ok-2"], "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn two_reports_of_one_blast_make_one_incident_that_can_be_shown_split_and_exported() {
    let dir = temp_dir("cli-inc");
    let db = dir.join("s.db");
    let input = dir.join("in.jsonl");
    std::fs::write(&input, GOOD).expect("write");
    let out = run(&["ingest", &s(&input), "--db", &s(&db)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // again: nothing changes
    let again = run(&["ingest", &s(&input), "--db", &s(&db)]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("2 already stored"));

    let inc = run(&["export", "--what", "incidents", "--db", &s(&db)]);
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&inc.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let both: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|v| v["doc_ids"].as_array().is_some_and(|a| a.len() == 2))
        .collect();
    assert_eq!(both.len(), 1, "one incident told by both reports: {lines:?}");
    let id = both[0]["id"].as_str().unwrap_or_default().to_string();
    assert_eq!(both[0]["dead"]["best"], 15, "the later report supersedes");

    let show = run(&["incident", "show", &id, "--db", &s(&db)]);
    let text = String::from_utf8_lossy(&show.stdout);
    assert!(text.contains("joined: same category ASSAULT"), "{text}");
    assert!(text.contains("revised from 12 (ok-1"), "{text}");

    let split = run(&["incident", "split", &id, "ok-2", "--db", &s(&db)]);
    assert!(split.status.success(), "{}", String::from_utf8_lossy(&split.stderr));
    let shown = run(&["incident", "show", &id, "--db", &s(&db)]);
    assert!(String::from_utf8_lossy(&shown.stdout).contains("reports ok-1\n"));

    let csv = run(&[
        "export",
        "--what",
        "incidents",
        "--format",
        "csv",
        "--type",
        "ASSAULT",
        "--country",
        "PAK",
        "--db",
        &s(&db),
    ]);
    let csv = String::from_utf8_lossy(&csv.stdout);
    assert!(csv.starts_with("incident_id,n_reports,doc_id,doc_ids,event_type,mode"), "{csv}");
    assert_eq!(csv.lines().count(), 3, "a header and the two incidents after the split: {csv}");
    let none = run(&["export", "--format", "csv", "--country", "IRQ' OR '1'='1", "--db", &s(&db)]);
    assert_eq!(String::from_utf8_lossy(&none.stdout).lines().count(), 1, "only the header");

    let pq = dir.join("events.parquet");
    let out = run(&["export", "--format", "parquet", "-o", &s(&pq), "--db", &s(&db)]);
    assert!(out.status.success());
    let bytes = std::fs::read(&pq).expect("parquet written");
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    let _ = std::fs::remove_dir_all(&dir);
}

const WIRE: &str = "A bomb hidden in a cart went off among the vegetable stalls of a crowded Quetta market on Sunday morning, \
    killing 12 people and wounding 30 others, police said. The blast shattered shop windows along the main road and sent \
    shoppers running for cover as ambulances rushed the wounded to the civil hospital. Provincial officials ordered an \
    inquiry and said security would be tightened at markets across the city.";

#[test]
fn a_syndicated_copy_is_counted_as_a_copy_and_adds_no_report() {
    let dir = temp_dir("cli-copy");
    let db = dir.join("s.db");
    let input = dir.join("in.jsonl");
    let copy = format!("QUETTA (Example Wire) - {WIRE} Traders said the market would stay closed on Monday.");
    let lines = [
        serde_json::json!({"id": "wire-1", "published": "2024-03-10", "text": WIRE}),
        serde_json::json!({"id": "paper-1", "published": "2024-03-10", "text": copy}),
    ];
    std::fs::write(&input, lines.iter().map(|l| format!("{l}\n")).collect::<String>()).expect("write");
    let out = run(&["ingest", &s(&input), "--db", &s(&db)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("2 stored (1 as copies of a stored story"), "{err}");
    assert!(err.contains("holds 2 documents (1 copies)"), "{err}");
    let inc = run(&["export", "--what", "incidents", "--db", &s(&db)]);
    let incs: Vec<serde_json::Value> = String::from_utf8_lossy(&inc.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    assert!(!incs.is_empty(), "{err}");
    for i in &incs {
        assert_eq!(i["doc_ids"], serde_json::json!(["wire-1"]), "{i}");
    }
    // again: both are already stored
    let again = run(&["ingest", &s(&input), "--db", &s(&db)]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("2 already stored"));
    let _ = std::fs::remove_dir_all(&dir);
}
