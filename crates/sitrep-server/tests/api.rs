//! The API over a store built through the real coder and the store's ingest,
//! from stories written for these tests, served on a loopback port.

use serde_json::Value;
use sitrep_core::Document;
use sitrep_server::{router, AppState};
use sitrep_store::Filter;
use std::collections::BTreeSet;
use std::sync::OnceLock;

const TOKEN: &str = "test-token-0123456789";

/// Stories with placed, dated, counted events in several countries; the
/// second Quetta report revises the toll of the first. The dashboard's
/// browser test serves the same file.
const DOCS: &str = include_str!("fixtures/stories.jsonl");

fn coder() -> anyhow::Result<sitrep_extract::Coder> {
    let lex = sitrep_lexicon::Lexicon::load(&[])?;
    let geo: Box<dyn sitrep_extract::Geo> = Box::new(sitrep_geo::Gazetteer::embedded()?);
    Ok(sitrep_extract::Coder::new(lex, Some(geo)))
}

struct Fixture {
    base: String,
    db: String,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("sitrep-server-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("store.db").to_string_lossy().into_owned();
        {
            let c = coder().unwrap();
            let mut store = sitrep_store::open(&db).unwrap();
            for line in DOCS.lines().filter(|l| !l.trim().is_empty()) {
                let doc = Document::from_json_line(line).unwrap();
                let recs = c.extract(&doc);
                store.ingest(&doc, &recs).unwrap();
            }
        }
        Fixture {
            base: serve(AppState::read_only(&db).unwrap()),
            db,
        }
    })
}

/// Serves a state on a free loopback port; returns the base URL.
fn serve(state: AppState) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let l = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(l, router(state)).await.unwrap();
        });
    });
    format!("http://{addr}")
}
/// Status, content type and body of a request.
fn call(method: &str, path: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> (u16, String, String) {
    call_at(&fixture().base, method, path, headers, body)
}

fn call_at(base: &str, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> (u16, String, String) {
    let mut req = ureq::request(method, &format!("{base}{path}"));
    for (k, v) in headers {
        req = req.set(k, v);
    }
    let res = match body {
        Some(b) => req.send_bytes(b),
        None => req.call(),
    };
    let resp = match res {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{method} {path}: {e}"),
    };
    let status = resp.status();
    let ct = resp.content_type().to_string();
    (status, ct, resp.into_string().unwrap())
}

fn get_json(path: &str) -> Value {
    let (status, ct, body) = call("GET", path, &[], None);
    assert_eq!(status, 200, "GET {path}: {body}");
    assert!(ct.starts_with("application/json"), "{ct}");
    serde_json::from_str(&body).unwrap()
}

fn error_of(method: &str, path: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> (u16, String) {
    error_at(&fixture().base, method, path, headers, body)
}

fn error_at(base: &str, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> (u16, String) {
    let (status, ct, b) = call_at(base, method, path, headers, body);
    assert!(ct.starts_with("application/json"), "{method} {path}: error as {ct}: {b}");
    let v: Value = serde_json::from_str(&b).unwrap();
    assert_eq!(v["status"].as_u64(), Some(u64::from(status)));
    (status, v["error"].as_str().unwrap().to_string())
}

fn items(v: &Value) -> &Vec<Value> {
    v["items"].as_array().unwrap()
}

fn ids(v: &Value) -> BTreeSet<String> {
    items(v).iter().map(|i| i["id"].as_str().unwrap().to_string()).collect()
}

/// Every incident in the store, read through the store's own API.
fn store_incidents(f: Filter) -> Vec<sitrep_store::Incident> {
    let mut store = sitrep_store::open(&fixture().db).unwrap();
    let mut out = Vec::new();
    store
        .each_incident(&f, &mut |i| {
            out.push(i);
            Ok(())
        })
        .unwrap();
    out
}

#[test]
fn the_fixture_has_what_the_tests_need() {
    let all = store_incidents(Filter::default());
    let countries: BTreeSet<_> = all.iter().filter_map(|i| i.record.event_loc.as_ref()?.cc3.clone()).collect();
    assert!(countries.len() >= 3, "{countries:?}");
    assert!(all.iter().any(|i| i.record.doc_ids.len() >= 2), "a merged incident");
    assert!(all.iter().any(|i| i.record.dead.as_ref().and_then(|d| d.best).unwrap_or(0) > 0));
}

#[test]
fn incidents_list_every_stored_incident_with_paging() {
    let all = store_incidents(Filter::default());
    let v = get_json("/api/incidents");
    assert_eq!(v["total"].as_u64(), Some(all.len() as u64));
    let want: BTreeSet<String> = all.iter().map(|i| i.record.id.clone()).collect();
    assert_eq!(ids(&v), want);
    // pages of one, in a stable order, cover everything once
    let mut seen = BTreeSet::new();
    for k in 0..all.len() {
        let p = get_json(&format!("/api/incidents?limit=1&offset={k}&sort=id"));
        assert_eq!(items(&p).len(), 1);
        assert!(seen.insert(items(&p)[0]["id"].as_str().unwrap().to_string()));
        let next = p["next_offset"].as_u64();
        assert_eq!(next, (k + 1 < all.len()).then_some(k as u64 + 1));
    }
    assert_eq!(seen, want);
    let past = get_json(&format!("/api/incidents?offset={}", all.len()));
    assert!(items(&past).is_empty());
}

#[test]
fn sorting_by_dead_and_date() {
    let v = get_json("/api/incidents?sort=-dead");
    let dead: Vec<i64> = items(&v).iter().map(|i| i["dead"]["best"].as_i64().unwrap_or(-1)).collect();
    assert!(dead.windows(2).all(|w| w[0] >= w[1]), "{dead:?}");
    let v = get_json("/api/incidents?sort=dead");
    let dead: Vec<i64> = items(&v).iter().map(|i| i["dead"]["best"].as_i64().unwrap_or(-1)).collect();
    assert!(dead.windows(2).all(|w| w[0] <= w[1]), "{dead:?}");
    let v = get_json("/api/events?sort=date");
    let dates: Vec<String> = items(&v)
        .iter()
        .filter_map(|i| i["date"].as_str().map(|d| d[..10.min(d.len())].to_string()))
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
}

#[test]
fn country_category_and_mode_filters_match_the_store() {
    let all = store_incidents(Filter::default());
    for inc in &all {
        let Some(cc) = inc.record.event_loc.as_ref().and_then(|l| l.cc3.clone()) else {
            continue;
        };
        let want: BTreeSet<String> = store_incidents(Filter {
            country: Some(cc.clone()),
            ..Default::default()
        })
        .into_iter()
        .map(|i| i.record.id)
        .collect();
        // lower case is accepted
        let v = get_json(&format!("/api/incidents?country={}", cc.to_lowercase()));
        assert_eq!(ids(&v), want, "country {cc}");
        let ev = get_json(&format!("/api/events?country={cc}"));
        assert!(!items(&ev).is_empty());
        assert!(items(&ev).iter().all(|e| e["event_loc"]["cc3"] == cc.as_str()));
    }
    let cats: BTreeSet<String> = all.iter().map(|i| i.record.event_type.clone()).collect();
    for c in &cats {
        let v = get_json(&format!("/api/incidents?category={c}"));
        let want = all.iter().filter(|i| &i.record.event_type == c).count();
        assert_eq!(items(&v).len(), want, "{c}");
        assert!(items(&v).iter().all(|i| i["event_type"] == c.as_str()));
    }
    for inc in all.iter().filter(|i| i.record.mode.is_some()) {
        let m = inc.record.mode.clone().unwrap();
        let v = get_json(&format!("/api/incidents?mode={m}"));
        assert!(ids(&v).contains(&inc.record.id));
        assert!(items(&v).iter().all(|i| i["mode"] == m.as_str()));
    }
    let none = get_json("/api/incidents?country=ZZZ");
    assert_eq!(none["total"], 0);
}

#[test]
fn dates_dead_bbox_actor_and_text_filters() {
    let all = store_incidents(Filter::default());
    let dead_of = |i: &sitrep_store::Incident| i.record.dead.as_ref().and_then(|d| d.best).unwrap_or(0);
    let max = all.iter().map(dead_of).max().unwrap();
    let v = get_json(&format!("/api/incidents?min_dead={max}"));
    assert_eq!(items(&v).len(), all.iter().filter(|i| dead_of(i) >= max).count());
    assert!(!items(&v).is_empty());

    // a window around one incident's dates holds it; one after everything holds nothing
    let dated = all.iter().find(|i| i.window.is_some()).unwrap();
    let (a, b) = dated.window.clone().unwrap();
    let v = get_json(&format!("/api/incidents?since={a}&until={b}"));
    assert!(ids(&v).contains(&dated.record.id));
    assert_eq!(get_json("/api/incidents?since=2099-01-01")["total"], 0);
    assert_eq!(get_json("/api/incidents?until=1990-01-01")["total"], 0);

    let placed = all
        .iter()
        .find(|i| i.record.event_loc.as_ref().is_some_and(|l| l.latitude.is_some()))
        .unwrap();
    let loc = placed.record.event_loc.as_ref().unwrap();
    let (lat, lon) = (loc.latitude.unwrap(), loc.longitude.unwrap());
    let bbox = format!("{},{},{},{}", lon - 0.5, lat - 0.5, lon + 0.5, lat + 0.5);
    let v = get_json(&format!("/api/incidents?bbox={bbox}"));
    assert!(ids(&v).contains(&placed.record.id));
    for i in items(&v) {
        let (y, x) = (
            i["event_loc"]["latitude"].as_f64().unwrap(),
            i["event_loc"]["longitude"].as_f64().unwrap(),
        );
        assert!((y - lat).abs() <= 0.5 && (x - lon).abs() <= 0.5);
    }

    // an actor code of some event finds its incident, and only incidents with it
    let mut store = sitrep_store::open(&fixture().db).unwrap();
    let mut with_code: Vec<(String, Option<String>)> = Vec::new();
    store
        .each_event(&Filter::default(), &mut |e, inc| {
            if let Some(c) = e.source.iter().chain(&e.recipient).find_map(|a| a.code.clone()) {
                with_code.push((c, inc));
            }
            Ok(())
        })
        .unwrap();
    let (code, inc) = with_code
        .into_iter()
        .find(|(_, i)| i.is_some())
        .expect("an event with an actor code");
    let v = get_json(&format!("/api/incidents?actor={code}"));
    assert!(ids(&v).contains(&inc.unwrap()));
    let ev = get_json(&format!("/api/events?actor={code}"));
    for e in items(&ev) {
        let codes: Vec<&str> = e["source"]
            .as_array()
            .into_iter()
            .chain(e["recipient"].as_array())
            .flatten()
            .filter_map(|a| a["code"].as_str())
            .collect();
        assert!(codes.contains(&code.as_str()), "{code} {codes:?}");
    }

    // text search reads the reports: a word of one story finds its events only
    let ev = get_json("/api/events?q=Zamfara");
    assert!(!items(&ev).is_empty());
    assert!(items(&ev).iter().all(|e| e["doc_id"] == "t-zamfara"));
    // LIKE wildcards are literal
    assert_eq!(get_json("/api/events?q=%25")["total"], 0);
    assert_eq!(get_json("/api/incidents?q=_")["total"], 0);
}

#[test]
fn csv_when_asked() {
    let (status, ct, body) = call("GET", "/api/incidents?sort=id", &[("Accept", "text/csv")], None);
    assert_eq!(status, 200);
    assert!(ct.starts_with("text/csv"), "{ct}");
    let lines: Vec<&str> = body.lines().collect();
    assert!(lines[0].starts_with("id,event_type,mode,date,country"));
    let json = get_json("/api/incidents?sort=id");
    assert_eq!(lines.len() - 1, items(&json).len());
    assert!(lines[1].starts_with(items(&json)[0]["id"].as_str().unwrap()));
    let (_, ct, body) = call("GET", "/api/events", &[("Accept", "text/csv")], None);
    assert!(ct.starts_with("text/csv"));
    assert!(body.starts_with("id,doc_id,incident_id,"));
}

#[test]
fn a_document_with_its_events() {
    let d = get_json("/api/documents/t-zamfara");
    assert_eq!(d["id"], "t-zamfara");
    assert!(d["text"].as_str().unwrap().contains("Gunmen"));
    assert!(!d["events"].as_array().unwrap().is_empty());
    assert!(d["events"].as_array().unwrap().iter().all(|e| e["doc_id"] == "t-zamfara"));
    let (status, msg) = error_of("GET", "/api/documents/nope", &[], None);
    assert_eq!(status, 404);
    assert!(msg.contains("nope"));
}

#[test]
fn an_incident_with_its_reports_and_highlightable_evidence() {
    let merged = store_incidents(Filter::default())
        .into_iter()
        .find(|i| i.record.doc_ids.len() >= 2)
        .unwrap();
    let v = get_json(&format!("/api/incidents/{}", merged.record.id));
    assert_eq!(v["incident"]["id"], merged.record.id.as_str());
    let reports = v["reports"].as_array().unwrap();
    let docs: BTreeSet<&str> = reports.iter().map(|r| r["doc"]["id"].as_str().unwrap()).collect();
    assert_eq!(docs.len(), merged.record.doc_ids.len());
    for r in reports {
        let text: Vec<u16> = r["doc"]["text"].as_str().unwrap().encode_utf16().collect();
        let spans = r["evidence_utf16"].as_array().unwrap();
        assert!(!spans.is_empty());
        // every span is inside the text and matches the record's evidence text
        let ev_texts: Vec<&str> = r["record"]["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["text"].as_str())
            .collect();
        for s in spans {
            let (a, b) = (s[0].as_u64().unwrap() as usize, s[1].as_u64().unwrap() as usize);
            assert!(a < b && b <= text.len());
            let piece = String::from_utf16(&text[a..b]).unwrap();
            assert!(ev_texts.contains(&piece.as_str()), "{piece:?} not in {ev_texts:?}");
        }
    }
    assert_eq!(error_of("GET", "/api/incidents/inc-none", &[], None).0, 404);
}

#[test]
fn timeline_and_dyads() {
    let all = store_incidents(Filter::default());
    for interval in ["day", "week", "month"] {
        for by in ["category", "country"] {
            let v = get_json(&format!("/api/stats/timeline?interval={interval}&by={by}"));
            assert_eq!(v["interval"], interval);
            let buckets = v["buckets"].as_array().unwrap();
            let n: u64 = buckets.iter().map(|b| b["incidents"].as_u64().unwrap()).sum();
            let dated = all.iter().filter(|i| i.record.date.is_some()).count() as u64;
            assert!(n <= all.len() as u64 && n >= dated.min(1), "{interval} {by}: {n}");
            let dead: u64 = buckets.iter().map(|b| b["dead"].as_u64().unwrap()).sum();
            assert!(dead > 0);
            for b in buckets {
                let p = b["period"].as_str().unwrap();
                match interval {
                    "day" => assert_eq!(p.len(), 10),
                    "week" => assert!(p.contains("-W"), "{p}"),
                    _ => assert_eq!(p.len(), 7),
                }
            }
        }
    }
    let v = get_json("/api/stats/timeline?by=country&country=ZZZ");
    assert!(v["buckets"].as_array().unwrap().is_empty());
    let d = get_json("/api/stats/dyads");
    for it in items(&d) {
        assert!(it["events"].as_u64().unwrap() >= 1);
        assert!(!it["source"].as_str().unwrap().is_empty() && !it["target"].as_str().unwrap().is_empty());
    }
    let counts: Vec<u64> = items(&d).iter().map(|i| i["events"].as_u64().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn hostile_and_bad_input_gets_clear_json_errors() {
    let cases = [
        ("/api/incidents?limit=501", "limit"),
        ("/api/incidents?limit=-1", "limit"),
        ("/api/incidents?limit=abc", "limit"),
        ("/api/incidents?offset=99999999999999999999999", "offset"),
        ("/api/incidents?since=2024-02-30'%20OR%201=1--", "since"),
        ("/api/incidents?since=2024-05-01&until=2024-04-01", "until"),
        ("/api/incidents?country=PAK'--", "country"),
        ("/api/incidents?bbox=1,2,3", "bbox"),
        ("/api/incidents?bbox=0,0,inf,1", "bbox"),
        ("/api/incidents?min_dead=-3", "min_dead"),
        ("/api/incidents?sort=dead;DROP%20TABLE%20incidents", "sort"),
        ("/api/incidents?nonsense=1", "nonsense"),
        ("/api/incidents?interval=day", "interval"),
        ("/api/stats/timeline?interval=year", "interval"),
        ("/api/stats/timeline?by=actor", "by"),
        ("/api/events?q=%00", "q"),
    ];
    for (path, name) in cases {
        let (status, msg) = error_of("GET", path, &[], None);
        assert_eq!(status, 400, "{path}: {msg}");
        assert!(msg.contains(name), "{path}: {msg}");
    }
    // a long query and odd bytes are refused or answered, never crash the server
    let long = "x".repeat(5000);
    assert_eq!(error_of("GET", &format!("/api/events?q={long}"), &[], None).0, 400);
    let (status, _, _) = call("GET", "/api/events?q=%27%22%3B%20--%20%F0%9F%92%A3", &[], None);
    assert_eq!(status, 200);
    let (status, _, _) = call("GET", "/api/documents/%27%20OR%20%271%27=%271", &[], None);
    assert_eq!(status, 404);
    assert_eq!(error_of("GET", "/api/nothing", &[], None).0, 404);
    assert_eq!(error_of("DELETE", "/api/incidents", &[], None).0, 405);
    // the store is unchanged and the server still answers
    assert!(get_json("/api/incidents")["total"].as_u64().unwrap() > 0);
}

#[test]
fn submitting_needs_the_token() {
    let doc = br#"{"id":"t-post-1","title":"Blast in Mosul","published":"2024-07-01","text":"A car bomb killed seven people in Mosul, Iraq, on Monday, police said."}"#;
    // a store of its own, so that the other tests' store stays as built
    let dir = std::env::temp_dir().join(format!("sitrep-server-post-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("post.db").to_string_lossy().into_owned();
    drop(sitrep_store::open(&db).unwrap());
    let base = serve(AppState::read_only(&db).unwrap().with_writer(&db, TOKEN, coder).unwrap());
    let error_of = |m: &str, p: &str, h: &[(&str, &str)], b: Option<&[u8]>| error_at(&base, m, p, h, b);
    let call = |m: &str, p: &str, h: &[(&str, &str)], b: Option<&[u8]>| call_at(&base, m, p, h, b);
    let json = ("Content-Type", "application/json");
    assert_eq!(error_of("POST", "/api/documents", &[json], Some(doc)).0, 401);
    let wrong = ("Authorization", "Bearer not-the-token");
    assert_eq!(error_of("POST", "/api/documents", &[json, wrong], Some(doc)).0, 401);
    let bearer = format!("Bearer {TOKEN}");
    let auth = ("Authorization", bearer.as_str());
    assert_eq!(error_of("POST", "/api/documents", &[json, auth], Some(b"{not json")).0, 400);
    assert_eq!(error_of("POST", "/api/documents", &[json, auth], Some(b"[]")).0, 400);
    assert_eq!(
        error_of("POST", "/api/documents", &[json, auth], Some(br#"{"id":"x","text":""}"#)).0,
        422
    );
    let big = vec![b' '; sitrep_server::MAX_BODY_BYTES + 10];
    assert_eq!(error_of("POST", "/api/documents", &[json, auth], Some(&big)).0, 413);

    let (status, _, body) = call("POST", "/api/documents", &[json, auth], Some(doc));
    assert_eq!(status, 201, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["documents"][0]["outcome"], "stored");
    let (status, _, body) = call("GET", "/api/documents/t-post-1", &[], None);
    assert_eq!(status, 200);
    assert!(body.contains("Mosul"));
    let (_, _, body) = call("GET", "/api/events", &[], None);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert!(items(&v).iter().all(|e| e["doc_id"] == "t-post-1") && !items(&v).is_empty());
    // the same again changes nothing
    let (_, _, body) = call("POST", "/api/documents", &[json, auth], Some(doc));
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["documents"][0]["outcome"], "unchanged");
}

#[test]
fn a_server_without_a_token_refuses_submissions() {
    let f = fixture();
    let state = AppState::read_only(&f.db).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || rt.block_on(async move { axum::serve(listener, router(state)).await }));
    let url = format!("http://{addr}/api/documents");
    let res = ureq::post(&url)
        .set("Authorization", &format!("Bearer {TOKEN}"))
        .send_string(r#"{"id":"t-x","text":"A bomb killed two people in Mosul."}"#);
    let Err(ureq::Error::Status(code, r)) = res else {
        panic!("a read-only server accepted a document");
    };
    assert_eq!(code, 403);
    assert!(r.into_string().unwrap().contains("read-only"));
    // nothing was stored
    let (status, _, _) = call("GET", "/api/documents/t-x", &[], None);
    assert_eq!(status, 404);
}

#[test]
fn the_dashboard_and_its_assets_are_served() {
    let (status, ct, body) = call("GET", "/", &[], None);
    assert_eq!(status, 200);
    assert!(ct.starts_with("text/html"));
    assert!(body.contains("/app.js"));
    let (_, ct, js) = call("GET", "/app.js", &[], None);
    assert!(ct.contains("javascript"));
    assert!(js.contains("/api/incidents"));
    let (_, ct, _) = call("GET", "/app.css", &[], None);
    assert!(ct.starts_with("text/css"));
    let w = get_json("/world.json");
    assert!(w["countries"].as_array().unwrap().len() > 150);
}

#[test]
fn every_event_filter_keeps_only_matching_events() {
    let all = get_json("/api/events?limit=500");
    let all = items(&all).clone();
    assert!(all.len() >= 5);
    let first = |k: &str| all.iter().find_map(|e| e[k].as_str().map(str::to_string)).unwrap();
    let cat = first("event_type");
    let v = get_json(&format!("/api/events?category={cat}"));
    assert_eq!(items(&v).len(), all.iter().filter(|e| e["event_type"] == cat.as_str()).count());
    let mode = first("mode");
    let v = get_json(&format!("/api/events?mode={mode}"));
    assert_eq!(items(&v).len(), all.iter().filter(|e| e["mode"] == mode.as_str()).count());
    let v = get_json("/api/events?min_dead=1");
    let dead = |e: &Value| e["dead"]["best"].as_i64().unwrap_or(0);
    assert_eq!(items(&v).len(), all.iter().filter(|e| dead(e) >= 1).count());
    assert!(!items(&v).is_empty());
    // dates: an event dated D is inside [D, D] and outside [D+1, ...)
    let dated = all.iter().find(|e| e["date"].as_str().is_some_and(|d| d.len() == 10)).unwrap();
    let d = dated["date"].as_str().unwrap();
    let v = get_json(&format!("/api/events?since={d}&until={d}"));
    assert!(items(&v).iter().any(|e| e["id"] == dated["id"]));
    assert!(items(&v).iter().all(|e| e["date"].as_str().is_some_and(|x| x.starts_with(&d[..4]))));
    // a box around nowhere holds nothing; the whole world holds every placed event
    assert_eq!(get_json("/api/events?bbox=-1,-1,1,1")["total"], 0);
    let placed = all.iter().filter(|e| e["event_loc"]["latitude"].is_number()).count();
    assert_eq!(get_json("/api/events?bbox=-180,-90,180,90")["total"].as_u64(), Some(placed as u64));
    // filters combine
    let v = get_json(&format!("/api/events?category={cat}&min_dead=1&sort=-dead"));
    assert!(items(&v).iter().all(|e| e["event_type"] == cat.as_str() && dead(e) >= 1));
}

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
