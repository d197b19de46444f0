//! A process killed with SIGKILL in the middle of an ingest, then started
//! again on the same input, ends with the same store as a run that was never
//! interrupted.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_sitrep");

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("sitrep-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// Short generated stories: attacks and protests in a handful of cities over
/// a few weeks, several reports of each with changing tolls.
fn corpus(n: usize) -> String {
    let cities = ["Baghdad", "Kabul", "Quetta", "Mogadishu", "Nairobi", "Lagos", "Karachi", "Mosul"];
    let mut out = String::new();
    for i in 0..n {
        let city = cities[i % cities.len()];
        let day = 1 + (i / 40) % 28;
        let pub_day = (day + i % 3).min(28);
        let dead = 3 + (i * 7) % 40;
        let text = if i % 5 == 4 {
            format!("Thousands of people protested in {city} on 2024-03-{day:02}; police arrested {dead} demonstrators.")
        } else {
            format!(
                "A car bomb exploded at a market in {city} on 2024-03-{day:02}, killing {dead} people and wounding {} others, police said.",
                dead * 2
            )
        };
        out.push_str(&serde_json::json!({"id": format!("gen-{i:05}"), "published": format!("2024-03-{pub_day:02}"), "title": format!("Report {i}"), "text": text}).to_string());
        out.push('\n');
    }
    out
}

fn ingest(input: &Path, db: &Path) {
    let st = Command::new(BIN)
        .args(["ingest", &input.to_string_lossy(), "--db", &db.to_string_lossy()])
        .stderr(Stdio::null())
        .status()
        .expect("run sitrep ingest");
    assert!(st.success(), "sitrep ingest failed");
}

fn export(db: &Path, what: &str) -> String {
    let out = Command::new(BIN)
        .args(["export", "--what", what, "--format", "jsonl", "--db", &db.to_string_lossy()])
        .stderr(Stdio::null())
        .output()
        .expect("run sitrep export");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("UTF-8 export")
}

#[test]
fn a_killed_ingest_restarted_ends_like_an_uninterrupted_one() {
    let dir = temp_dir("kill");
    let input = dir.join("corpus.jsonl");
    std::fs::write(&input, corpus(1200)).expect("write corpus");

    let whole = dir.join("whole.db");
    ingest(&input, &whole);

    let killed = dir.join("killed.db");
    let wal = dir.join("killed.db-wal");
    let mut child = Command::new(BIN)
        .args(["ingest", &input.to_string_lossy(), "--db", &killed.to_string_lossy()])
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn sitrep ingest");
    // wait until documents are being committed, then kill without warning
    let t = Instant::now();
    while std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) < 100_000 && t.elapsed() < Duration::from_secs(120) {
        if child.try_wait().expect("poll child").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let finished_early = child.try_wait().expect("poll child").is_some();
    child.kill().ok(); // SIGKILL on Unix
    child.wait().expect("reap child");
    if finished_early {
        eprintln!("notice: the ingest finished before it could be killed; the restart is a plain replay");
    } else {
        let partial = export(&killed, "events").lines().count();
        let all = export(&whole, "events").lines().count();
        assert!(partial < all, "the killed run had stored everything ({partial} of {all})");
    }

    ingest(&input, &killed);
    assert_eq!(
        export(&killed, "events"),
        export(&whole, "events"),
        "events differ after the restart"
    );
    assert_eq!(
        export(&killed, "incidents"),
        export(&whole, "incidents"),
        "incidents differ after the restart"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
