//! The gazetteer behind the coder's `Geo` trait.

use anyhow::{Context, Result};
use sitrep_core::Location;
use sitrep_extract::Geo;
use sitrep_geo::{Gazetteer, GeoContext, Place};

/// The built-in gazetteer as the coder's place resolver.
pub struct GazetteerGeo(pub Gazetteer);

fn location(p: &Place, precision: &str) -> Location {
    Location {
        name: p.name.clone(),
        text: String::new(),
        geonameid: p.geonames_id(),
        country_code: Some(p.cc2.clone()).filter(|c| !c.is_empty()),
        cc3: Some(p.cc3.clone()).filter(|c| !c.is_empty()),
        admin1: Some(p.admin1.clone()).filter(|c| !c.is_empty()),
        latitude: Some((p.latitude * 10_000.0).round() / 10_000.0),
        longitude: Some((p.longitude * 10_000.0).round() / 10_000.0),
        precision: precision.to_string(),
    }
}

impl Geo for GazetteerGeo {
    fn is_candidate(&self, name: &str) -> bool {
        self.0.is_candidate(name)
    }

    fn resolve(&self, name: &str, countries: &[(String, f32)], nearby: &[(f64, f64)]) -> Option<(Location, f32, String)> {
        let ctx = GeoContext {
            countries: countries.to_vec(),
            nearby: nearby.to_vec(),
        };
        let r = self.0.resolve(name, &ctx)?;
        Some((
            location(r.place, r.precision.as_str()),
            r.score,
            format!("place:gazetteer:{}", r.place.feature_code),
        ))
    }

    fn country(&self, cc3: &str) -> Option<Location> {
        self.0.country(cc3).map(|p| location(p, "country"))
    }
}

/// Loads the built-in gazetteer.
pub fn load() -> Result<Option<Box<dyn Geo>>> {
    let g = Gazetteer::embedded().context("loading the built-in gazetteer")?;
    Ok(Some(Box::new(GazetteerGeo(g))))
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
        nearby: Vec::new(),
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
