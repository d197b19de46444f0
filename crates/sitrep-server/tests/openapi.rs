//! The OpenAPI document and the router describe the same routes.

use serde_json::Value;
use std::collections::BTreeSet;

/// `/api/documents/:id` in axum is `/api/documents/{id}` in OpenAPI.
fn openapi_path(p: &str) -> String {
    p.split('/')
        .map(|s| match s.strip_prefix(':') {
            Some(name) => format!("{{{name}}}"),
            None => s.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn every_route_is_documented_and_every_documented_route_exists() {
    let doc: Value = serde_json::from_str(sitrep_server::OPENAPI).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.insert((method.clone(), path.clone()));
        }
    }
    let routed: BTreeSet<(String, String)> = sitrep_server::API_ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), openapi_path(p)))
        .collect();
    assert_eq!(documented, routed);
}

#[test]
fn the_route_table_is_the_router() {
    // every listed route answers something other than the router's fallback
    // (404 "no such route") or 405, and the fallback answers unlisted paths
    let dir = std::env::temp_dir().join(format!("sitrep-openapi-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("empty.db");
    drop(sitrep_store::open(db.to_str().unwrap()).unwrap());
    let state = sitrep_server::AppState::read_only(db.to_str().unwrap()).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || rt.block_on(async move { axum::serve(listener, sitrep_server::router(state)).await }));
    let fallback = |r: ureq::Response| r.into_string().unwrap().contains("no such route");
    for (m, p) in sitrep_server::API_ROUTES {
        let url = format!("http://{addr}{}", p.replace(":id", "some-id"));
        let res = ureq::request(&m.to_uppercase(), &url).call();
        match res {
            Ok(_) => {}
            Err(ureq::Error::Status(code, r)) => {
                assert_ne!(code, 405, "{m} {p}");
                assert!(!fallback(r), "{m} {p} is not routed");
            }
            Err(e) => panic!("{m} {p}: {e}"),
        }
    }
    let Err(ureq::Error::Status(404, r)) = ureq::get(&format!("http://{addr}/api/not-a-route")).call() else {
        panic!("an unlisted path answered");
    };
    assert!(fallback(r));
}
