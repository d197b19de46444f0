//! Packs HTML pages into a WARC archive as HTTP responses, one gzip member
//! a record when the output ends in `.gz`:
//!
//! ```sh
//! cargo run -p sitrep-sources --example pages_to_warc -- crawl.warc.gz page.html [page.html ...]
//! ```
//!
//! Each page's URL is `https://pages.invalid/<file name>`, its WARC-Date the
//! file's modification time.

use sitrep_sources::warc::WarcWriter;
use std::io::BufWriter;
use std::time::UNIX_EPOCH;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((out, pages)) = args.split_first() else {
        return Err("usage: pages_to_warc OUT.warc[.gz] PAGE.html...".into());
    };
    let file = std::fs::File::create(out).map_err(|e| format!("{out}: {e}"))?;
    let mut w = WarcWriter::new(BufWriter::new(file), out.ends_with(".gz"));
    for p in pages {
        let body = std::fs::read(p).map_err(|e| format!("{p}: {e}"))?;
        let secs = std::fs::metadata(p)?.modified()?.duration_since(UNIX_EPOCH)?.as_secs() as i64;
        let day = sitrep_core::Date::from_days(secs.div_euclid(86_400));
        let t = secs.rem_euclid(86_400);
        let date = format!("{day}T{:02}:{:02}:{:02}Z", t / 3600, t / 60 % 60, t % 60);
        let name = std::path::Path::new(p)
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let mut http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        http.extend_from_slice(&body);
        w.response(&format!("https://pages.invalid/{name}"), &date, &http)?;
    }
    w.finish()?;
    eprintln!("{out}: {} pages", pages.len());
    Ok(())
}
