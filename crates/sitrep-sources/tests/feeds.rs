//! Feeds written for the project: an RSS 2.0 channel (content:encoded in
//! CDATA, escaped HTML descriptions, a bad date, a French item, an item with
//! only a title) and an Atom feed (xhtml content, an html summary).

use sitrep_sources::feed::{parse, FeedKind};
use sitrep_sources::{documents_from_file, Format, Options, SourceError};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feeds").join(name)
}

#[test]
fn rss_items_become_documents_with_text_dates_and_links() {
    let feed = parse(&std::fs::read(fixture("meridian-ledger.rss")).unwrap()).unwrap();
    assert_eq!(feed.kind, FeedKind::Rss);
    assert_eq!(feed.title.as_deref(), Some("The Meridian Ledger - World"));
    assert_eq!(feed.items.len(), 5);
    let first = &feed.items[0];
    assert_eq!(first.title.as_deref(), Some("Protesters block port road over fuel prices"));
    assert_eq!(
        first.url.as_deref(),
        Some("https://meridian-ledger.example/world/2024/04/17/port-road-protest")
    );
    assert_eq!(first.guid.as_deref(), Some("ml-2024-0417-0031"));
    assert_eq!(first.published.as_deref(), Some("2024-04-17T09:12:00+03:00"));
    assert_eq!(first.author.as_deref(), Some("Nadia Farouk"));
    assert_eq!(
        first.text,
        "Hundreds of truck drivers blocked the only road into the eastern port on Wednesday, protesting against a rise in diesel prices.\n\n\
         Police fired tear gas and detained at least 14 protesters, a police spokesman said."
    );
    let second = &feed.items[1];
    assert_eq!(second.title.as_deref(), Some("Talks on border crossing resume & delegates meet"));
    assert_eq!(second.published.as_deref(), Some("2024-04-16T18:30:00Z"));
    assert_eq!(
        second.text,
        "Delegations from the two neighbouring countries met on Tuesday to resume talks on reopening the mountain border crossing, closed since January."
    );
    assert_eq!(
        feed.items[4].url.as_deref(),
        Some("https://meridian-ledger.example/world/2024/04/14/quake")
    );
}

#[test]
fn atom_entries_with_xhtml_content_and_html_summaries() {
    let feed = parse(&std::fs::read(fixture("northgate-wire.atom")).unwrap()).unwrap();
    assert_eq!(feed.kind, FeedKind::Atom);
    assert_eq!(feed.title.as_deref(), Some("Northgate Wire"));
    assert_eq!(feed.items.len(), 2);
    let e = &feed.items[0];
    assert_eq!(e.title.as_deref(), Some("Flooding forces evacuation of river villages"));
    assert_eq!(e.url.as_deref(), Some("https://northgate-wire.example/news/flooding-evacuation"));
    assert_eq!(e.published.as_deref(), Some("2023-10-02T18:05:00Z"), "published wins over updated");
    assert_eq!(e.author.as_deref(), Some("Tomasz Lindqvist"));
    assert_eq!(
        e.text,
        "Authorities evacuated more than 3,000 people from villages along the lower river on Monday after two days of heavy rain.\n\n\
         At least four people died, the civil protection agency said & rescue boats were still searching for two fishermen."
    );
    let e = &feed.items[1];
    assert_eq!(
        e.published.as_deref(),
        Some("2023-10-04T09:30:00+02:00"),
        "updated when there is no published"
    );
    assert_eq!(e.url.as_deref(), Some("https://northgate-wire.example/news/bridge-inspection"));
    assert_eq!(
        e.text,
        "Engineers found no damage to the old bridge after the flood, the roads agency said on Wednesday."
    );
}

#[test]
fn a_feed_file_yields_documents_and_reasons_for_skips() {
    let mut docs = Vec::new();
    let mut skips = Vec::new();
    let opts = Options { english_only: true };
    documents_from_file(&fixture("meridian-ledger.rss"), Format::Feed, &opts, |item| {
        match item.result {
            Ok(d) => docs.push(d),
            Err(why) => skips.push(format!("{}: {why}", item.at)),
        }
        Ok::<(), SourceError>(())
    })
    .unwrap();
    assert_eq!(docs.len(), 3, "{skips:?}");
    assert_eq!(
        skips,
        vec![
            "item 3 (line 26): the date \"yesterday afternoon\" is not a date".to_string(),
            "item 4 (line 32): language French (fr), not English".to_string()
        ]
    );
    assert_eq!(docs[0].publisher.as_deref(), Some("The Meridian Ledger - World"));
    assert_eq!(docs[0].language.as_deref(), Some("en"));
    assert!(docs[0].id.starts_with("doc-"));
    assert_ne!(docs[0].id, docs[1].id);
    // an item with only a headline is coded from its headline
    assert_eq!(docs[2].text, "Earthquake of magnitude 5.1 shakes coastal towns");
}

#[test]
fn a_file_that_is_not_a_feed_is_named_in_the_error() {
    let dir = std::env::temp_dir().join(format!("sitrep-sources-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("config.xml");
    std::fs::write(&p, "<?xml version=\"1.0\"?><settings><colour>blue</colour></settings>").unwrap();
    let err = documents_from_file(&p, Format::Feed, &Options::default(), |_| Ok::<(), SourceError>(())).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("config.xml") && msg.contains("not an RSS or Atom feed"), "{msg}");
    let broken = dir.join("broken.rss");
    std::fs::write(&broken, "<rss><channel>\n<item><title>a</title></item>\n</channel").unwrap();
    let err = documents_from_file(&broken, Format::Feed, &Options::default(), |_| Ok::<(), SourceError>(())).unwrap_err();
    assert!(err.to_string().contains("broken.rss"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
