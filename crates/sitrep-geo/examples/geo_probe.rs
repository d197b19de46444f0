//! Loads the embedded gazetteer, reports load time and resident memory, and
//! resolves the names given on the command line (`Name` or `Name@CC3,CC3`).
use std::time::Instant;

use sitrep_geo::{Gazetteer, GeoContext};

fn rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> anyhow::Result<()> {
    let before = rss_kb().unwrap_or(0);
    let t = Instant::now();
    let gaz = Gazetteer::embedded()?;
    let dt = t.elapsed();
    let after = rss_kb().unwrap_or(0);
    println!(
        "loaded {} places in {:.1} ms; RSS {} MB (+{} MB)",
        gaz.len(),
        dt.as_secs_f64() * 1000.0,
        after / 1024,
        after.saturating_sub(before) / 1024
    );
    for arg in std::env::args().skip(1) {
        let (name, ctx) = match arg.split_once('@') {
            Some((n, c)) => (n.to_string(), GeoContext::with_countries(&c.split(',').collect::<Vec<_>>())),
            None => (arg.clone(), GeoContext::default()),
        };
        let cands = gaz.lookup(&name);
        println!("{name}: {} candidates", cands.len());
        for p in cands.iter().take(6) {
            println!(
                "   {} {} {} {} {} {} pop {}",
                p.geonameid,
                p.name,
                p.cc3,
                p.admin1,
                p.feature_code,
                p.precision(),
                p.population
            );
        }
        if let Some(r) = gaz.resolve(&name, &ctx) {
            println!(
                "=> {} {} ({}, {}) {} {:.2},{:.2} score {:.2}",
                r.place.geonameid, r.place.name, r.place.admin1, r.place.cc3, r.precision, r.place.latitude, r.place.longitude, r.score
            );
        }
    }
    Ok(())
}
