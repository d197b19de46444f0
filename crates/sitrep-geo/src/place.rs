//! A gazetteer entry and the precision of a resolved location.

use serde::{Deserialize, Serialize};

/// Ids at or above this value are sitrep-local (divisions our GeoNames
/// sources give no id for), not GeoNames ids.
pub const SYNTHETIC_ID_BASE: u32 = 4_000_000_000;

/// One place of the gazetteer: a populated place, a first-level division
/// (`A`/`ADM1`), a US county (`A`/`ADM2`), another division (`A`/`ADMD`) or
/// a country (`A`/`PCLI`). Field names follow GeoNames.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    /// GeoNames id; ids >= [`SYNTHETIC_ID_BASE`] are sitrep-local.
    pub geonameid: u32,
    /// Primary name.
    pub name: String,
    /// ISO 3166-1 alpha-2 country code.
    pub cc2: String,
    /// ISO 3166-1 alpha-3 country code (empty if iso-codes lacks the country).
    pub cc3: String,
    /// Name of the first-level division the place is in (empty if unknown;
    /// for a country, empty).
    pub admin1: String,
    /// GeoNames feature class: `P` populated place, `A` administrative area.
    pub feature_class: char,
    /// GeoNames feature code (`PPLC`, `PPLA`, `PPL`, `ADM1`, `ADM2`, `PCLI`, ...).
    pub feature_code: String,
    /// Latitude in degrees.
    pub latitude: f64,
    /// Longitude in degrees.
    pub longitude: f64,
    /// Population (GeoNames; summed over its places for divisions).
    pub population: u64,
}

impl Place {
    /// The GeoNames id, or `None` for a sitrep-local id.
    pub fn geonames_id(&self) -> Option<u32> {
        (self.geonameid < SYNTHETIC_ID_BASE).then_some(self.geonameid)
    }

    /// The precision a mention of this place has by itself.
    pub fn precision(&self) -> Precision {
        match (self.feature_class, self.feature_code.as_str()) {
            ('A', c) if c.starts_with("PCL") => Precision::Country,
            ('A', "ADM1") => Precision::Admin1,
            ('A', _) => Precision::Admin2,
            ('P', _) => Precision::City,
            _ => Precision::Point,
        }
    }

    /// Great-circle distance to a point, in kilometres.
    pub fn distance_km(&self, lat: f64, lon: f64) -> f64 {
        haversine_km(self.latitude, self.longitude, lat, lon)
    }
}

/// How precise a location is (SCHEMA.md LOCATION `precision`), serialised
/// in lower case. Ordered from most to least precise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// A spot: a building, a checkpoint, a village quarter.
    Point,
    /// A populated place.
    City,
    /// A second-level division (district, county).
    Admin2,
    /// A first-level division (province, governorate, state).
    Admin1,
    /// A whole country.
    Country,
}

impl Precision {
    /// The lower-case name used in records.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Point => "point",
            Precision::City => "city",
            Precision::Admin2 => "admin2",
            Precision::Admin1 => "admin1",
            Precision::Country => "country",
        }
    }
}

impl std::fmt::Display for Precision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Great-circle distance between two points, in kilometres.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}
