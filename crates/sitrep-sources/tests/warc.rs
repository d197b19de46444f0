//! A small crawl built by hand with the archive writer: the three fixture
//! pages as HTTP responses (one chunked and gzip-encoded), with the records
//! a crawler also writes (warcinfo, requests, a redirect, an image, a page
//! with no story, a page in German, a page without a date of its own), each
//! record its own gzip member as in Common Crawl.

use sitrep_sources::warc::{WarcReader, WarcWriter};
use sitrep_sources::{documents_from_bytes, documents_from_file, Format, Item, Options, SourceError};
use std::io::Write;
use std::path::PathBuf;

fn page(name: &str) -> Vec<u8> {
    std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages").join(name)).unwrap()
}

fn http(content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

/// The body gzip-encoded and sent in two chunks, as a server streaming a page would.
fn http_chunked_gzip(body: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(body).unwrap();
    let z = gz.finish().unwrap();
    let (a, b) = z.split_at(z.len() / 2);
    let mut r =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
            .to_vec();
    for part in [a, b] {
        r.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        r.extend_from_slice(part);
        r.extend_from_slice(b"\r\n");
    }
    r.extend_from_slice(b"0\r\n\r\n");
    r
}

fn build(gzip: bool) -> Vec<u8> {
    let mut w = WarcWriter::new(Vec::new(), gzip);
    w.record(
        "warcinfo",
        &[("WARC-Date", "2024-06-12T00:00:00Z"), ("Content-Type", "application/warc-fields")],
        b"software: hand-built test crawl\r\n",
    )
    .unwrap();
    let ledger = "https://meridian-ledger.example/world/2024/04/17/port-road-protest";
    w.record(
        "request",
        &[
            ("WARC-Target-URI", ledger),
            ("WARC-Date", "2024-04-18T10:00:00Z"),
            ("Content-Type", "application/http; msgtype=request"),
        ],
        b"GET /world/2024/04/17/port-road-protest HTTP/1.1\r\nHost: meridian-ledger.example\r\n\r\n",
    )
    .unwrap();
    w.response(
        ledger,
        "2024-04-18T10:00:01Z",
        &http("text/html; charset=utf-8", &page("meridian-ledger.html")),
    )
    .unwrap();
    w.response(
        "https://northgate-wire.example/flood",
        "2023-10-05T08:00:00Z",
        b"HTTP/1.1 301 Moved Permanently\r\nLocation: /news/flooding-evacuation\r\n\r\n",
    )
    .unwrap();
    w.response(
        "https://northgate-wire.example/news/flooding-evacuation",
        "2023-10-05T08:00:02Z",
        &http_chunked_gzip(&page("northgate-wire.html")),
    )
    .unwrap();
    w.response(
        "https://northgate-wire.example/img/flood.jpg",
        "2023-10-05T08:00:03Z",
        &http("image/jpeg", b"\xff\xd8\xff\xe0 not really a jpeg"),
    )
    .unwrap();
    w.response(
        "https://harbour-gazette.example/local/ferry-strike.html",
        "2024-06-12T05:30:00Z",
        &http("text/html", &page("harbour-gazette.html")),
    )
    .unwrap();
    w.response(
        "https://harbour-gazette.example/empty.html",
        "2024-06-12T05:31:00Z",
        &http("text/html", b"<html><body><nav><a href=\"/\">Home</a></nav></body></html>"),
    )
    .unwrap();
    let german = "<html lang=\"de\"><body><article><p>Die Polizei sagte am Montag, dass zwei Menschen bei dem Unfall auf der Autobahn verletzt wurden und die Straße gesperrt war.</p></article></body></html>";
    w.response(
        "https://zeitung.example/unfall",
        "2024-06-12T05:32:00Z",
        &http("text/html; charset=utf-8", german.as_bytes()),
    )
    .unwrap();
    let undated = "<html><head><title>Council approves new bus lanes</title></head><body><article><p>The city council approved three new bus lanes on Tuesday evening after a long debate, the mayor's office said in a statement.</p></article></body></html>";
    w.response(
        "https://city-news.example/bus-lanes",
        "2024-06-12T05:33:00Z",
        &http("text/html", undated.as_bytes()),
    )
    .unwrap();
    w.finish().unwrap()
}

fn check(items: &[Item]) {
    let at: Vec<&str> = items.iter().map(|i| i.at.as_str()).collect();
    assert_eq!(
        at,
        ["record 3", "record 5", "record 7", "record 8", "record 9", "record 10"],
        "only HTML pages with status 200 yield items"
    );
    let doc = |i: usize| items[i].result.as_ref().unwrap();
    let ledger = doc(0);
    assert_eq!(ledger.title.as_deref(), Some("Protesters block port road over fuel prices"));
    assert_eq!(
        ledger.published.as_deref(),
        Some("2024-04-17T09:12:00+03:00"),
        "the page's own date wins over WARC-Date"
    );
    assert_eq!(
        ledger.url.as_deref(),
        Some("https://meridian-ledger.example/world/2024/04/17/port-road-protest")
    );
    assert_eq!(ledger.publisher.as_deref(), Some("The Meridian Ledger"));
    assert!(ledger.text.starts_with("Hundreds of truck drivers blocked"));
    let northgate = doc(1);
    assert_eq!(
        northgate.url.as_deref(),
        Some("https://northgate-wire.example/news/flooding-evacuation"),
        "WARC-Target-URI when the page has no canonical URL"
    );
    assert_eq!(northgate.published.as_deref(), Some("2023-10-02T18:05:00Z"));
    assert!(northgate.text.contains("Shelters open in schools"), "chunked gzip body decoded");
    let harbour = doc(2);
    assert_eq!(harbour.published.as_deref(), Some("2024-06-11T06:45:00+01:00"));
    assert!(harbour.text.contains("seafarers’ union"));
    assert_eq!(items[3].result.as_ref().unwrap_err(), "no story text found in the page");
    assert_eq!(items[4].result.as_ref().unwrap_err(), "language German (de), not English");
    let undated = doc(5);
    assert_eq!(
        undated.published.as_deref(),
        Some("2024-06-12T05:33:00Z"),
        "WARC-Date when the page has no date"
    );
    assert_eq!(undated.title.as_deref(), Some("Council approves new bus lanes"));
    let wanted =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages/harbour-gazette.expected.txt"))
            .unwrap();
    assert_eq!(harbour.text, wanted.trim_end());
}

#[test]
fn a_gzipped_crawl_file_yields_its_pages() {
    let bytes = build(true);
    assert_eq!(&bytes[..2], &[0x1f, 0x8b]);
    let dir = std::env::temp_dir().join(format!("sitrep-warc-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("crawl.warc.gz");
    std::fs::write(&path, &bytes).unwrap();
    let mut items = Vec::new();
    documents_from_file(&path, Format::Warc, &Options { english_only: true }, |i| {
        items.push(i);
        Ok::<(), SourceError>(())
    })
    .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    check(&items);
}

#[test]
fn an_uncompressed_archive_in_memory_reads_the_same() {
    let bytes = build(false);
    assert!(bytes.starts_with(b"WARC/1.1\r\n"));
    let mut items = Vec::new();
    let err = documents_from_bytes(&bytes, Format::Warc, "crawl.warc", &Options { english_only: true }, |i| {
        items.push(i)
    });
    assert!(err.is_none());
    check(&items);
}

#[test]
fn every_record_is_read_with_its_fields() {
    let bytes = build(true);
    let recs: Vec<_> = WarcReader::from_reader(std::io::Cursor::new(bytes))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(recs.len(), 10);
    let kinds: Vec<&str> = recs.iter().map(|r| r.kind()).collect();
    assert_eq!(kinds[..3], ["warcinfo", "request", "response"]);
    assert!(recs.iter().all(|r| r.version == "WARC/1.1"));
    assert_eq!(recs[3].http().unwrap().status, 301);
    assert_eq!(recs[5].http().unwrap().media_type().as_deref(), Some("image/jpeg"));
}

#[test]
fn a_warc_1_0_record_written_by_another_crawler_is_read() {
    let body = b"HTTP/1.0 200 OK\nContent-Type: text/html\n\n<p>The lighthouse keeper reported a small fishing boat in trouble near the rocks on Sunday night.</p>";
    let mut rec = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: <http://coast.example/boat>\r\nWARC-Date: 2019-07-07T21:00:00Z\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    rec.extend_from_slice(body);
    rec.extend_from_slice(b"\r\n\r\n");
    let mut items = Vec::new();
    documents_from_bytes(&rec, Format::Warc, "old.warc", &Options::default(), |i| items.push(i));
    let d = items[0].result.as_ref().unwrap();
    assert_eq!(d.url.as_deref(), Some("http://coast.example/boat"));
    assert_eq!(d.published.as_deref(), Some("2019-07-07T21:00:00Z"));
    assert!(d.text.starts_with("The lighthouse keeper"));
}
