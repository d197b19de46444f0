//! Broken input never panics: every fixture cut short at many points, and
//! with bytes flipped, still parses to something or to an error.

use sitrep_sources::{documents_from_bytes, feed, html, Format, Options};
use std::path::PathBuf;

fn fixtures() -> Vec<(PathBuf, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for dir in ["pages", "feeds"] {
        let mut entries: Vec<_> = std::fs::read_dir(root.join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for p in entries {
            if p.extension().is_some_and(|e| e == "html" || e == "rss" || e == "atom") {
                let b = std::fs::read(&p).unwrap();
                out.push((p, b));
            }
        }
    }
    out
}

#[test]
fn truncated_and_damaged_sources_do_not_panic() {
    for (path, bytes) in fixtures() {
        let format = if path.extension().is_some_and(|e| e == "html") {
            Format::Html
        } else {
            Format::Feed
        };
        let mut cuts: Vec<usize> = (0..bytes.len()).step_by(37).collect();
        cuts.push(bytes.len());
        for cut in cuts {
            let part = &bytes[..cut];
            let _ = feed::parse(part);
            let _ = html::extract(&String::from_utf8_lossy(part));
            documents_from_bytes(part, format, "cut", &Options { english_only: true }, |_| {});
            documents_from_bytes(part, Format::Warc, "cut.warc", &Options::default(), |_| {});
        }
        // flip one byte in every 101 to a markup character
        let mut damaged = bytes.clone();
        for (i, b) in damaged.iter_mut().enumerate().filter(|(i, _)| i % 101 == 50) {
            *b = [b'<', b'>', b'&', b'"', 0xC3][i % 5];
        }
        let _ = feed::parse(&damaged);
        let _ = html::extract(&String::from_utf8_lossy(&damaged));
    }
}

#[test]
fn odd_but_valid_markup_is_read() {
    // upper-case tags, attributes without quotes or values, a stray </p>, an unterminated comment
    let a = html::extract("<BODY><DIV ID=main><P>The mayor opened the new library on Saturday, and hundreds of children came to see it.</P></p><input disabled><!-- unterminated");
    assert_eq!(
        a.text,
        "The mayor opened the new library on Saturday, and hundreds of children came to see it."
    );
    let f = feed::parse(b"<?xml version=\"1.0\" encoding=\xc3\xa9?><rss><channel><item><title>x</title></item></channel></rss>");
    assert!(f.is_ok(), "{f:?}");
}
