//! The API over a PostgreSQL store, in a schema of its own on the server
//! SITREP_TEST_PG names (`.ci/run` starts one); without it every test here
//! passes with a notice.

const POSTGRES: bool = true;

include!("api/cases.rs");

/// The same stories stored in SQLite and in PostgreSQL give the same
/// answers, byte for byte once parsed, on every endpoint and filter.
#[test]
fn postgres_answers_as_sqlite_does() {
    need_store!();
    let sqlite = Db::fresh_sqlite("same");
    sqlite.fill();
    let sqlite_base = serve(sqlite.state());
    let pg_base = &fixture().base;
    let first = get_json("/api/incidents?sort=id");
    let inc = items(&first)[0]["id"].as_str().unwrap().to_string();
    let mut paths = vec![format!("/api/incidents/{inc}"), "/api/documents/t-zamfara".to_string()];
    for list in ["/api/incidents", "/api/events"] {
        for q in [
            "",
            "?sort=id",
            "?sort=date",
            "?sort=-dead",
            "?sort=dead&limit=3&offset=2",
            "?country=PAK",
            "?category=ASSAULT&min_dead=1",
            "?mode=bombing",
            "?since=2024-03-01&until=2024-06-30",
            "?bbox=60,20,75,40",
            "?actor=PAK",
            "?q=police",
            "?q=POLICE",
        ] {
            paths.push(format!("{list}{q}"));
        }
    }
    for interval in ["day", "week", "month"] {
        for by in ["category", "country"] {
            paths.push(format!("/api/stats/timeline?interval={interval}&by={by}"));
        }
    }
    paths.push("/api/stats/timeline?country=PAK&min_dead=1".to_string());
    paths.push("/api/stats/dyads".to_string());
    paths.push("/api/stats/dyads?category=ASSAULT".to_string());
    // the comparison covers pages that hold something
    assert!(!items(&get_json("/api/incidents?country=PAK")).is_empty());
    assert!(!items(&get_json("/api/events?q=police")).is_empty());
    for p in &paths {
        let (s1, _, b1) = call_at(&sqlite_base, "GET", p, &[], None);
        let (s2, _, b2) = call_at(pg_base, "GET", p, &[], None);
        assert_eq!((s1, s2), (200, 200), "{p}: {b1} {b2}");
        let (v1, v2): (Value, Value) = (serde_json::from_str(&b1).unwrap(), serde_json::from_str(&b2).unwrap());
        assert_eq!(v1, v2, "{p}");
    }
    let csv = |base: &str| call_at(base, "GET", "/api/incidents?sort=-date", &[("Accept", "text/csv")], None).2;
    assert_eq!(csv(&sqlite_base), csv(pg_base));
}
