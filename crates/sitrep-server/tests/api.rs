//! The API over a SQLite store.

const POSTGRES: bool = false;

include!("api/cases.rs");

/// SQLite only: near-copies are written by the store's own ingest here.
#[test]
fn an_incident_lists_the_near_copies_of_its_reports() {
    let dir = std::env::temp_dir().join(format!("sitrep-server-copies-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("store.db").to_string_lossy().into_owned();
    let wire = "A car bomb exploded near a crowded vegetable market in Quetta on Sunday morning, killing 12 people and \
                wounding 30 others, police said. No group said it carried out the attack, and officials ordered an inquiry.";
    let copy = wire.replace("crowded", "busy");
    {
        let c = coder().unwrap();
        let mut store = sitrep_store::open(&db).unwrap();
        for (id, text) in [("wire-1", wire), ("paper-1", copy.as_str())] {
            let line = serde_json::json!({"id": id, "text": text, "published": "2024-03-10"}).to_string();
            let doc = Document::from_json_line(&line).unwrap();
            store.ingest(&doc, &c.extract(&doc)).unwrap();
        }
    }
    let base = serve(AppState::read_only(&db).unwrap());
    let (status, _, body) = call_at(&base, "GET", "/api/incidents?limit=10", &[], None);
    assert_eq!(status, 200, "{body}");
    let list: Value = serde_json::from_str(&body).unwrap();
    let id = list["items"][0]["id"].as_str().expect("an incident").to_string();
    let (status, _, body) = call_at(&base, "GET", &format!("/api/incidents/{id}"), &[], None);
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["copies"], serde_json::json!([{"id": "paper-1", "copy_of": "wire-1"}]));
    // the copy is no report of the incident
    let reports: Vec<&str> = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["doc"]["id"].as_str().unwrap())
        .collect();
    assert!(reports.iter().all(|d| *d == "wire-1"), "{reports:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
