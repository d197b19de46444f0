//! Polling feeds from a real HTTP server on the loopback interface: the
//! first poll reads every item, a second poll sends the feed's validators
//! and gets 304 Not Modified, and after the feed changes only the new item
//! is passed on. The server answers a bounded number of requests and stops.

use sitrep_sources::watch::{FeedSource, Outcome, Poller, WatchList, WatchState};
use sitrep_sources::Options;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn rss(items: &[(&str, &str)]) -> String {
    let mut s = String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Loopback News</title>");
    for (guid, text) in items {
        s.push_str(&format!(
            "<item><guid>{guid}</guid><title>{text}</title><pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate><description>{text}</description></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

/// What the server serves, and the conditional headers it was sent.
#[derive(Default)]
struct Site {
    body: String,
    etag: Option<String>,
    last_modified: Option<String>,
    requests: Vec<(Option<String>, Option<String>)>,
}

/// Serves `site` at http://127.0.0.1:PORT/feed.xml for at most `max` requests.
fn serve(site: Arc<Mutex<Site>>, max: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(max) {
            let Ok(mut stream) = stream else { continue };
            stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut path = String::new();
            let (mut inm, mut ims) = (None, None);
            let mut line = String::new();
            let mut first = true;
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                let l = line.trim_end().to_string();
                line.clear();
                if first {
                    path = l.split_whitespace().nth(1).unwrap_or("").to_string();
                    first = false;
                    continue;
                }
                if l.is_empty() {
                    break;
                }
                if let Some((k, v)) = l.split_once(':') {
                    match k.to_ascii_lowercase().as_str() {
                        "if-none-match" => inm = Some(v.trim().to_string()),
                        "if-modified-since" => ims = Some(v.trim().to_string()),
                        _ => {}
                    }
                }
            }
            let mut s = site.lock().unwrap();
            s.requests.push((inm.clone(), ims.clone()));
            let reply = if path != "/feed.xml" {
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
            } else if (inm.is_some() && inm == s.etag) || (s.etag.is_none() && ims.is_some() && ims == s.last_modified) {
                "HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n".to_string()
            } else {
                let mut h = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {}\r\nConnection: close\r\n",
                    s.body.len()
                );
                if let Some(e) = &s.etag {
                    h.push_str(&format!("ETag: {e}\r\n"));
                }
                if let Some(lm) = &s.last_modified {
                    h.push_str(&format!("Last-Modified: {lm}\r\n"));
                }
                h + "\r\n" + &s.body
            };
            stream.write_all(reply.as_bytes()).ok();
        }
    });
    format!("http://{addr}")
}

fn list(url: String) -> WatchList {
    WatchList {
        interval_seconds: 60,
        feeds: vec![FeedSource { url, name: None }],
        base: Default::default(),
    }
}

fn poll(p: &Poller, l: &WatchList, st: &mut WatchState) -> (Outcome, Vec<String>) {
    let mut titles = Vec::new();
    let out = p.poll_once(l, st, &Options::default(), |_, item| {
        titles.push(item.result.unwrap().title.unwrap_or_default())
    });
    (out.into_iter().next().unwrap(), titles)
}

#[test]
fn etag_validators_make_an_unchanged_feed_cost_a_304() {
    let site = Arc::new(Mutex::new(Site {
        body: rss(&[("a1", "Dam inspection passed"), ("a2", "Ferry timetable changes")]),
        etag: Some("\"v1\"".into()),
        ..Default::default()
    }));
    let base = serve(site.clone(), 3);
    let l = list(format!("{base}/feed.xml"));
    let p = Poller::new(Duration::from_secs(10));
    let mut st = WatchState::default();

    let (o, t) = poll(&p, &l, &mut st);
    assert_eq!(o, Outcome::Read { new: 2, seen: 0 });
    assert_eq!(t, ["Dam inspection passed", "Ferry timetable changes"]);

    let (o, t) = poll(&p, &l, &mut st);
    assert_eq!(o, Outcome::NotModified);
    assert!(t.is_empty());

    {
        let mut s = site.lock().unwrap();
        s.body = rss(&[
            ("a3", "Harbour crane collapses"),
            ("a1", "Dam inspection passed"),
            ("a2", "Ferry timetable changes"),
        ]);
        s.etag = Some("\"v2\"".into());
    }
    let (o, t) = poll(&p, &l, &mut st);
    assert_eq!(o, Outcome::Read { new: 1, seen: 2 });
    assert_eq!(t, ["Harbour crane collapses"]);

    let reqs = &site.lock().unwrap().requests;
    assert_eq!(reqs[0].0, None, "the first request is unconditional");
    assert_eq!(reqs[1].0.as_deref(), Some("\"v1\""));
    assert_eq!(reqs[2].0.as_deref(), Some("\"v1\""));
}

#[test]
fn last_modified_is_sent_back_and_the_state_survives_a_restart() {
    let lm = "Mon, 06 May 2024 10:00:00 GMT";
    let site = Arc::new(Mutex::new(Site {
        body: rss(&[("b1", "Bridge reopens")]),
        last_modified: Some(lm.into()),
        ..Default::default()
    }));
    let base = serve(site.clone(), 2);
    let l = list(format!("{base}/feed.xml"));
    let p = Poller::new(Duration::from_secs(10));
    let dir = std::env::temp_dir().join(format!("sitrep-watch-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state_path = dir.join("FEEDS.state.json");

    let mut st = WatchState::load(&state_path).unwrap();
    assert_eq!(poll(&p, &l, &mut st).0, Outcome::Read { new: 1, seen: 0 });
    st.save(&state_path).unwrap();

    let mut restarted = WatchState::load(&state_path).unwrap();
    assert_eq!(restarted, st);
    assert_eq!(poll(&p, &l, &mut restarted).0, Outcome::NotModified);
    assert_eq!(site.lock().unwrap().requests[1].1.as_deref(), Some(lm));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_missing_feed_is_reported_with_its_url_and_the_others_go_on() {
    let site = Arc::new(Mutex::new(Site {
        body: rss(&[("c1", "Storm warning issued")]),
        ..Default::default()
    }));
    let base = serve(site, 2);
    let l = WatchList {
        interval_seconds: 60,
        feeds: vec![
            FeedSource {
                url: format!("{base}/gone.xml"),
                name: None,
            },
            FeedSource {
                url: format!("{base}/feed.xml"),
                name: None,
            },
        ],
        base: Default::default(),
    };
    let p = Poller::new(Duration::from_secs(10));
    let mut st = WatchState::default();
    let out = p.poll_once(&l, &mut st, &Options::default(), |_, _| {});
    assert!(
        matches!(&out[0], Outcome::Failed(e) if e.contains("gone.xml") && e.contains("404")),
        "{:?}",
        out[0]
    );
    assert_eq!(out[1], Outcome::Read { new: 1, seen: 0 });
}
