//! Offline gazetteer and toponym resolution for sitrep.
//!
//! The gazetteer (GeoNames places of 1,000+ people, every country, every
//! first-level division, US counties; see `data/gazetteer/README.md`) is
//! compiled into the binary:
//!
//! ```
//! use sitrep_geo::{Gazetteer, GeoContext, Precision};
//! let gaz = Gazetteer::embedded().unwrap();
//! assert!(gaz.is_candidate("Al-Qaim"));
//! let ctx = GeoContext::with_countries(&["LBN"]);
//! let r = gaz.resolve("Tripoli", &ctx).unwrap();
//! assert_eq!(r.place.cc3, "LBN");
//! assert_eq!(r.precision, Precision::City);
//! ```
//!
//! Contains GeoNames data (<https://www.geonames.org>), CC-BY 4.0.

mod fold;
mod gazetteer;
mod place;
pub mod qualify;
mod resolve;

pub use fold::fold;
pub use gazetteer::Gazetteer;
pub use place::{haversine_km, Place, Precision, SYNTHETIC_ID_BASE};
pub use qualify::{qualify, Qualifier};
pub use resolve::{us_state_abbreviation, GeoContext, Resolution};
