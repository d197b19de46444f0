//! The built-in gazetteer (it implements the coder's `Geo` trait) and `sitrep geo lookup`.

use anyhow::{Context, Result};
use sitrep_extract::Geo;
use sitrep_geo::{Gazetteer, GeoContext};

/// Loads the built-in gazetteer.
pub fn load() -> Result<Option<Box<dyn Geo>>> {
    let g = Gazetteer::embedded().context("loading the built-in gazetteer")?;
    Ok(Some(Box::new(g)))
}

/// `sitrep geo lookup`: candidates and the chosen reading.
pub fn lookup(name: &str, countries: &[String]) -> Result<()> {
    let g = Gazetteer::embedded().context("loading the built-in gazetteer")?;
    let cands = g.lookup(name);
    if cands.is_empty() {
        println!("no place named {name:?}");
    }
    for p in cands.iter().take(25) {
        println!(
            "{:>10} {:<30} {} {:<20} {} {:<6} pop {:>9} ({:.4}, {:.4})",
            p.geonameid, p.name, p.cc3, p.admin1, p.feature_class, p.feature_code, p.population, p.latitude, p.longitude
        );
    }
    let ctx = GeoContext {
        countries: countries.iter().map(|c| (c.to_uppercase(), 1.0)).collect(),
        ..Default::default()
    };
    if let Some(r) = g.resolve(name, &ctx) {
        println!(
            "chosen: {} {} {} precision {} score {:.3}",
            r.place.geonameid,
            r.place.name,
            r.place.cc3,
            r.precision.as_str(),
            r.score
        );
    }
    Ok(())
}
