//! Toponym resolution: choosing one place for a mention.
//!
//! Every candidate of the surface form gets a score, the sum of:
//! - `log10(population + 1)`;
//! - a feature prior: country +6, national capital +2.5, first-level
//!   division +3.5, admin seat +1.5 (`PPLA`) / +0.7 (`PPLA2`) / +0.3
//!   (`PPLA3`, `PPLA4`), US county +0.5, other division -1, sections and
//!   historical/abandoned places -1/-2;
//! - +1 when the mention matches the primary name rather than an alternate;
//! - context: `3 * weight` when the candidate's country is among
//!   [`GeoContext::countries`];
//! - proximity: `3 * exp(-d / 250 km)` with `d` the distance to the nearest
//!   of [`GeoContext::nearby`];
//! - a first-level division loses 6 when a national capital, a 1M+ city or
//!   an admin seat of 100k+ people has the same name, or when its own seat
//!   does ("Baghdad" is the city; "Baghdad province" is asked for with a
//!   [`Qualifier`], which adds 8 to candidates of the level it names).
//!
//! The reported score is the softmax probability of the winner among the
//! candidates, so it drops when the name is ambiguous.

use crate::gazetteer::{Gazetteer, PRIMARY};
use crate::place::{Place, Precision};
use crate::qualify::Qualifier;
use std::collections::HashMap;
use std::sync::OnceLock;

/// What the document says about where things are.
#[derive(Debug, Clone, Default)]
pub struct GeoContext {
    /// Countries mentioned in the document or the actors' countries, as
    /// (ISO alpha-3, weight in 0..=1).
    pub countries: Vec<(String, f32)>,
    /// Countries named in the mention's own sentence (ISO alpha-3): "the
    /// Lebanese army ... in Tripoli".
    pub local: Vec<String>,
    /// First-level divisions the document names, as (ISO alpha-3, division
    /// name): a candidate inside one of them is favoured.
    pub divisions: Vec<(String, String)>,
    /// The (ISO alpha-3, first-level division) of each place the document
    /// has already placed below that level: a division holding one of them
    /// is as near as can be ("Voters in Georgia ... Atlanta").
    pub within: Vec<(String, String)>,
    /// (latitude, longitude) of places already resolved in the document.
    pub nearby: Vec<(f64, f64)>,
}

impl GeoContext {
    /// A context with these countries, each with weight 1.
    pub fn with_countries(cc3: &[&str]) -> Self {
        GeoContext {
            countries: cc3.iter().map(|c| (c.to_string(), 1.0)).collect(),
            local: Vec::new(),
            divisions: Vec::new(),
            within: Vec::new(),
            nearby: Vec::new(),
        }
    }

    /// The weight of a country relative to the document's most-named one
    /// (0..=1): a story that names the U.S. ten times and Iran eight gives
    /// Iran 0.8, not a tenth of the evidence.
    /// `max` is [`GeoContext::max_country_weight`], computed once.
    fn country_weight(&self, cc3: &str, max: f32) -> f32 {
        if max <= 0.0 {
            return 0.0;
        }
        self.countries
            .iter()
            .filter(|(c, _)| c.eq_ignore_ascii_case(cc3))
            .map(|&(_, w)| (w / max).min(1.0))
            .fold(0.0, f32::max)
    }

    /// The weight of the most-named country.
    fn max_country_weight(&self) -> f32 {
        self.countries.iter().map(|&(_, w)| w).fold(0.0, f32::max)
    }

    fn is_local(&self, cc3: &str) -> bool {
        self.local.iter().any(|c| c.eq_ignore_ascii_case(cc3))
    }
}

/// The chosen place for a mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution<'g> {
    /// The place.
    pub place: &'g Place,
    /// Confidence 0..1 (the winner's share among the candidates).
    pub score: f32,
    /// The precision of the location (the place's own, or the qualifier's).
    pub precision: Precision,
    /// The text said "near X", "outskirts of X", ...: the event is in the
    /// vicinity of the place rather than in it.
    pub near: bool,
    /// For "Paris, Texas": the container's reading (Texas).
    pub container: Option<&'g Place>,
}

static US_STATES: &str = include_str!("../data/us_state_abbreviations.tsv");

/// The state an AP-style abbreviation names ("Tenn." → "Tennessee"); the
/// final period may be missing.
pub fn us_state_abbreviation(s: &str) -> Option<&'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    // each abbreviation with and without its final period; the first line wins
    let table = TABLE.get_or_init(|| {
        let mut m = HashMap::new();
        for (a, state) in US_STATES.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split_once('\t')) {
            m.entry(a).or_insert(state);
            if let Some(bare) = a.strip_suffix('.') {
                m.entry(bare).or_insert(state);
            }
        }
        m
    });
    table.get(s).copied()
}

fn feature_prior(p: &Place) -> f32 {
    match (p.feature_class, p.feature_code.as_str()) {
        ('A', c) if c.starts_with("PCL") => 6.0,
        ('A', "ADM1") => 3.5,
        ('A', "ADM2") => 0.5,
        ('A', _) => -1.0,
        (_, "PPLC") => 2.5,
        (_, "PPLA") => 1.5,
        (_, "PPLA2") => 0.7,
        (_, "PPLA3") | (_, "PPLA4") => 0.3,
        (_, "PPLX") => -1.0,
        (_, "PPLH") | (_, "PPLQ") | (_, "PPLW") => -2.0,
        _ => 0.0,
    }
}

/// What scoring needs of a place, computed once when the gazetteer loads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geom {
    /// Latitude in radians.
    phi: f64,
    /// Cosine of the latitude.
    cos_phi: f64,
    /// `log10(population + 1)` plus the feature prior: the score's first terms.
    base: f32,
}

impl Geom {
    pub(crate) fn of(p: &Place) -> Geom {
        let phi = p.latitude.to_radians();
        Geom {
            phi,
            cos_phi: phi.cos(),
            base: ((p.population + 1) as f32).log10() + feature_prior(p),
        }
    }
}

/// A point of [`GeoContext::nearby`] with its latitude in radians; the
/// latitude's cosine is computed when first needed (NaN until then).
struct Nearby {
    phi: f64,
    cos_phi: f64,
    lon: f64,
    /// Orders by latitude as `total_cmp` does.
    key: u64,
}

impl Nearby {
    fn new((lat, lon): (f64, f64)) -> Self {
        let phi = lat.to_radians();
        let b = phi.to_bits();
        Nearby {
            phi,
            cos_phi: f64::NAN,
            lon,
            key: if b >> 63 == 1 { !b } else { b | 1 << 63 },
        }
    }

    fn cos_phi(&mut self) -> f64 {
        if self.cos_phi.is_nan() {
            self.cos_phi = self.phi.cos();
        }
        self.cos_phi
    }
}

/// Slack for the lower bounds below: far above their rounding error, far
/// below any real difference in distance.
const BOUND_SLACK: f64 = 1.0 - 1e-9;

/// A lower bound of `sin(x)^2` given `x^2`, for `|x| <= pi/2`, from
/// `sin x >= x - x^3/6`; constant beyond `x^2 = 2`, so it never decreases.
fn sin2_lower(x2: f64) -> f64 {
    let x2 = x2.min(2.0);
    let t = 1.0 - x2 / 6.0;
    x2 * t * t
}

/// Whether a point lies within the usual coordinate ranges, where the
/// haversine term grows with the latitude difference alone.
fn on_globe(lat: f64, lon: f64) -> bool {
    lat.abs() <= 90.0 && lon.is_finite()
}

/// The points a candidate is measured against: the context's
/// [`GeoContext::nearby`] and, for "Paris, Texas", the container.
struct Points<'a> {
    raw: &'a [(f64, f64)],
    extra: Option<(f64, f64)>,
    /// Sorted by latitude, without most repeats; `None` when a point is off
    /// the usual ranges.
    sorted: Option<Vec<Nearby>>,
    /// In the context's order, for coordinates off the usual ranges.
    plain: Option<Vec<Nearby>>,
}

impl<'a> Points<'a> {
    fn new(raw: &'a [(f64, f64)], extra: Option<(f64, f64)>) -> Self {
        let all = || raw.iter().copied().chain(extra);
        let sorted = all().all(|(lat, lon)| on_globe(lat, lon)).then(|| {
            let mut v: Vec<Nearby> = all().map(Nearby::new).collect();
            v.sort_unstable_by_key(|n| n.key);
            v.dedup_by(|a, b| a.key == b.key && a.lon.to_bits() == b.lon.to_bits());
            v
        });
        Points {
            raw,
            extra,
            sorted,
            plain: None,
        }
    }

    /// The great-circle distance from `p` to the nearest point, as
    /// [`crate::haversine_km`] computes it. The distance grows with the
    /// haversine term, so the minimum term gives the minimum distance and
    /// the arcsine is taken once.
    fn nearest_km(&mut self, g: &Geom, p: &Place) -> Option<f64> {
        if self.raw.is_empty() && self.extra.is_none() {
            return None;
        }
        let best = match &mut self.sorted {
            Some(near) if on_globe(p.latitude, p.longitude) => nearest_term_sorted(g, p, near),
            _ => {
                let (raw, extra) = (self.raw, self.extra);
                let plain = self
                    .plain
                    .get_or_insert_with(|| raw.iter().copied().chain(extra).map(Nearby::new).collect());
                nearest_term_plain(g, p, plain)
            }
        };
        Some(2.0 * 6371.0088 * best.sqrt().min(1.0).asin())
    }
}

/// The smallest haversine term from `p` to points sorted by latitude: walks
/// outwards from the candidate's latitude and computes the exact term only
/// for points whose lower bound could beat the best so far.
fn nearest_term_sorted(g: &Geom, p: &Place, near: &mut [Nearby]) -> f64 {
    let (p1, c1) = (g.phi, g.cos_phi);
    let mut best = f64::INFINITY;
    // the points above are near[hi..], those below near[..lo] (walked down)
    let mut hi = near.partition_point(|n| n.phi < p1);
    let mut lo = hi;
    loop {
        let up = match (lo > 0, hi < near.len()) {
            (false, false) => break,
            (below, above) => above && (!below || near[hi].phi - p1 <= p1 - near[lo - 1].phi),
        };
        let n = if up { &mut near[hi] } else { &mut near[lo - 1] };
        let hp = (n.phi - p1) / 2.0;
        let lat_lower = sin2_lower(hp * hp);
        if lat_lower * BOUND_SLACK >= best {
            // every further point on this side is further in latitude
            if up {
                hi = near.len();
            } else {
                lo = 0;
            }
            continue;
        }
        if up {
            hi += 1;
        } else {
            lo -= 1;
        }
        let k = c1 * n.cos_phi();
        let hl = (n.lon - p.longitude).to_radians() / 2.0;
        let hl2 = hl * hl;
        let lon_lower = if hl2 <= 2.0 { sin2_lower(hl2) } else { 0.0 };
        if (lat_lower + k * lon_lower) * BOUND_SLACK >= best {
            continue;
        }
        let a = hp.sin().powi(2) + k * hl.sin().powi(2);
        if a < best {
            best = a;
        }
    }
    best
}

/// The smallest haversine term from `p` to the points in their order (for
/// coordinates off the usual ranges).
fn nearest_term_plain(g: &Geom, p: &Place, near: &mut [Nearby]) -> f64 {
    let (p1, c1) = (g.phi, g.cos_phi);
    let mut best = f64::INFINITY;
    for n in near {
        // the latitude term alone bounds the whole term from below
        let lat_term = ((n.phi - p1) / 2.0).sin().powi(2);
        if lat_term >= best {
            continue;
        }
        let dl = (n.lon - p.longitude).to_radians();
        let a = lat_term + c1 * n.cos_phi() * (dl / 2.0).sin().powi(2);
        if a < best {
            best = a;
        }
    }
    best
}

struct Cand<'g> {
    place: &'g Place,
    geom: &'g Geom,
    primary: bool,
    score: f32,
}

impl Gazetteer {
    /// Picks the most likely place for a mention in this context; `None` when
    /// the name is not in the gazetteer. "Paris, Texas" style names (place,
    /// container) are understood.
    pub fn resolve(&self, name: &str, ctx: &GeoContext) -> Option<Resolution<'_>> {
        self.resolve_qualified(name, ctx, &Qualifier::default())
    }

    /// [`Gazetteer::resolve`] with what the surrounding words say (see
    /// [`crate::qualify`]): "Kerman province" asks for the division,
    /// "near Mosul" sets [`Resolution::near`].
    pub fn resolve_qualified(&self, name: &str, ctx: &GeoContext, q: &Qualifier) -> Option<Resolution<'_>> {
        let postings = self.postings(name);
        if postings.is_empty() {
            return self.resolve_with_container(name, ctx, q);
        }
        let mut cands = self.score(postings, ctx, None, q);
        cands.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.place.population.cmp(&a.place.population))
                .then(a.place.geonameid.cmp(&b.place.geonameid))
        });
        let best = cands.first()?;
        let total: f32 = cands.iter().map(|c| (c.score - best.score).exp()).sum();
        let mut place = best.place;
        // "Kerman province" with only the city known: its division.
        if q.level == Some(Precision::Admin1) && place.precision() < Precision::Admin1 {
            if let Some(a1) = self.admin1_of(place) {
                place = a1;
            }
        }
        Some(Resolution {
            place,
            score: 1.0 / total,
            precision: q.apply(place.precision()),
            near: q.near,
            container: None,
        })
    }

    /// Scores every candidate of a posting list; `extra` is one more point
    /// of [`GeoContext::nearby`].
    fn score(&self, postings: &[u32], ctx: &GeoContext, extra: Option<(f64, f64)>, q: &Qualifier) -> Vec<Cand<'_>> {
        let mut cands: Vec<Cand<'_>> = postings
            .iter()
            .filter_map(|&v| {
                let i = (v & !PRIMARY) as usize;
                Some(Cand {
                    place: self.places.get(i)?,
                    geom: self.geom.get(i)?,
                    primary: v & PRIMARY != 0,
                    score: 0.0,
                })
            })
            .collect();
        // A division yields to a national capital of the same name, to a
        // big city or admin seat of the same primary name anywhere, and to
        // the seat (or a 1M+ city) of its own division.
        let yields = |cands: &[Cand<'_>], d: &Place| {
            cands.iter().any(|c| {
                let p = c.place;
                // a national capital of the same name: by its own name
                // anywhere ("Baghdad"), or by another of its names in the
                // same country ("Washington" the state and "Washington, D.C.")
                (p.feature_code == "PPLC" && (c.primary || p.cc2 == d.cc2))
                    // a big city of the same primary name, not much smaller
                    // than the division ("Victoria" the Australian state is
                    // not Victoria, B.C.)
                    || (c.primary
                        && p.feature_class == 'P'
                        && (p.population >= 1_000_000 || (p.feature_code == "PPLA" && p.population >= 100_000))
                        && p.population * 4 >= d.population)
                    // the division's own seat
                    || (p.feature_class == 'P'
                        && (matches!(p.feature_code.as_str(), "PPLA" | "PPLC") || p.population >= 1_000_000)
                        && p.cc2 == d.cc2
                        && p.admin1 == d.admin1)
            })
        };
        let bigger_town = |cands: &[Cand<'_>], pop: u64| {
            cands
                .iter()
                .any(|c| c.primary && c.place.feature_class == 'P' && c.place.population > pop.max(50_000))
        };
        let max_weight = ctx.max_country_weight();
        let mut points = Points::new(&ctx.nearby, extra);
        for k in 0..cands.len() {
            let (p, g) = (cands[k].place, cands[k].geom);
            let mut s = g.base;
            if cands[k].primary {
                s += 1.0;
            }
            if p.feature_code == "ADM1" && yields(&cands, p) {
                s -= 6.0;
            } else if p.feature_class == 'A' && p.feature_code != "ADM2" && bigger_town(&cands, p.population) {
                // a small division named like a bigger town elsewhere
                // (Manchester parish, Jamaica / Manchester, England)
                s -= 4.0;
            }
            s += 3.0 * ctx.country_weight(&p.cc3, max_weight);
            if ctx.is_local(&p.cc3) {
                s += 2.5;
            }
            if p.feature_code != "ADM1"
                && ctx
                    .divisions
                    .iter()
                    .any(|(cc, a1)| cc.eq_ignore_ascii_case(&p.cc3) && *a1 == p.admin1)
            {
                s += 2.0;
            }
            let holds_nearby =
                p.feature_code == "ADM1" && ctx.within.iter().any(|(cc, a1)| cc.eq_ignore_ascii_case(&p.cc3) && *a1 == p.admin1);
            if holds_nearby {
                s += 3.0;
            } else if let Some(d) = points.nearest_km(g, p) {
                s += 3.0 * (-(d / 250.0) as f32).exp();
            }
            if let Some(level) = q.level {
                if p.precision() == level {
                    s += 8.0;
                }
            }
            cands[k].score = s;
        }
        cands
    }

    /// "Paris, Texas", "Hyderabad, Pakistan": resolve the container first,
    /// then the place inside it.
    fn resolve_with_container(&self, name: &str, ctx: &GeoContext, q: &Qualifier) -> Option<Resolution<'_>> {
        let (head, tail) = name.rsplit_once(',')?;
        let (head, tail) = (head.trim(), tail.trim());
        if head.is_empty() || tail.is_empty() {
            return None;
        }
        // every reading of the container that holds a place of this name,
        // best first: "Columbus, Georgia" is the state, not the country
        let containers: Vec<Resolution<'_>> = match us_state_abbreviation(tail) {
            Some(state) => self
                .resolve_qualified(state, &GeoContext::with_countries(&["USA"]), &Qualifier::default())
                .into_iter()
                .collect(),
            None => self.readings(tail, ctx),
        };
        let (container, postings) = containers.into_iter().find_map(|container| {
            if container.precision < Precision::Admin2 {
                return None;
            }
            let cp = container.place;
            let postings: Vec<u32> = self
                .postings(head)
                .iter()
                .copied()
                .filter(|&v| {
                    self.places.get((v & !PRIMARY) as usize).is_some_and(|p| {
                        p.cc2 == cp.cc2
                            && match container.precision {
                                Precision::Country => true,
                                Precision::Admin1 => p.admin1 == cp.admin1,
                                _ => p.distance_km(cp.latitude, cp.longitude) < 100.0,
                            }
                    })
                })
                .collect();
            (!postings.is_empty()).then_some((container, postings))
        })?;
        let cp = container.place;
        let mut cands = self.score(&postings, ctx, Some((cp.latitude, cp.longitude)), q);
        cands.sort_by(|a, b| b.score.total_cmp(&a.score));
        let best = cands.first()?;
        let total: f32 = cands.iter().map(|c| (c.score - best.score).exp()).sum();
        Some(Resolution {
            place: best.place,
            score: container.score / total,
            precision: q.apply(best.place.precision()),
            near: q.near,
            container: Some(cp),
        })
    }

    /// Every reading of a name that is a division or a country, best first.
    fn readings(&self, name: &str, ctx: &GeoContext) -> Vec<Resolution<'_>> {
        let mut cands = self.score(self.postings(name), ctx, None, &Qualifier::default());
        cands.retain(|c| c.place.feature_class == 'A');
        cands.sort_by(|a, b| b.score.total_cmp(&a.score));
        cands
            .into_iter()
            .map(|c| Resolution {
                place: c.place,
                score: 1.0,
                precision: c.place.precision(),
                near: false,
                container: None,
            })
            .collect()
    }
}
