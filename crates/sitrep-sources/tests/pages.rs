//! Three invented news sites with different layouts: a semantic HTML5
//! article page, a div-based page with JSON-LD metadata, and an old table
//! layout with unclosed paragraphs. Each must yield exactly the story's
//! paragraphs, its title, byline and publication date.

use sitrep_sources::html::extract;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages").join(name)
}

fn check(page: &str) {
    let html = std::fs::read_to_string(fixture(&format!("{page}.html"))).unwrap();
    let want_text = std::fs::read_to_string(fixture(&format!("{page}.expected.txt"))).unwrap();
    let want: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture(&format!("{page}.expected.json"))).unwrap()).unwrap();
    let a = extract(&html);
    assert_eq!(a.text, want_text.trim_end(), "{page}: text");
    let field = |k: &str| want[k].as_str().map(str::to_string);
    assert_eq!(a.title, field("title"), "{page}: title");
    assert_eq!(a.byline, field("byline"), "{page}: byline");
    assert_eq!(a.published, field("published"), "{page}: published");
    assert_eq!(a.site_name, field("site_name"), "{page}: site name");
    assert_eq!(a.language, field("language"), "{page}: language");
    assert_eq!(a.url, field("url"), "{page}: url");
}

#[test]
fn semantic_article_page_with_open_graph_metadata() {
    check("meridian-ledger");
}

#[test]
fn div_layout_with_json_ld_and_ad_slots() {
    check("northgate-wire");
}

#[test]
fn old_table_layout_with_unclosed_paragraphs_and_a_time_element() {
    check("harbour-gazette");
}
