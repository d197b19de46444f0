//! Loading the gazetteer file and looking names up.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::fold;
use crate::place::Place;
use crate::resolve::Geom;

/// The committed data file (see `data/gazetteer/README.md`).
static EMBEDDED: &[u8] = include_bytes!("../../../data/gazetteer/gazetteer.tsv.gz");

/// Countries whose names carry an Arabic article that news English often
/// drops ("Al Qa'im" ~ "Qaim"); only their places get article-less keys.
const ARTICLE_COUNTRIES: &[&str] = &[
    "AE", "BH", "DZ", "EG", "IQ", "JO", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA", "SA", "SD", "SO", "SY", "TN", "YE", "EH", "DJ",
    "KM", "TD", "IR", "AF", "IL",
];

/// Marks, in the posting lists, a match on the place's primary name.
pub(crate) const PRIMARY: u32 = 1 << 31;

/// Keys are already well-mixed 64-bit hashes: hash them as they are.
#[derive(Default)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type KeyMap = HashMap<u64, (u32, u32), BuildHasherDefault<IdentityHasher>>;

/// The offline gazetteer: places and a name index.
#[derive(Debug)]
pub struct Gazetteer {
    pub(crate) places: Vec<Place>,
    /// per place, what scoring needs (same order as `places`)
    pub(crate) geom: Vec<Geom>,
    /// folded-name hash -> (start, len) in `postings`
    index: KeyMap,
    /// place indices, `PRIMARY` bit set for primary-name matches
    postings: Vec<u32>,
    /// alpha-3 -> index of the country's place
    countries: HashMap<String, u32>,
    /// (alpha-2, admin1 name) -> index of the ADM1 place
    admin1: HashMap<(String, String), u32>,
}

impl std::fmt::Debug for IdentityHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdentityHasher")
    }
}

impl Gazetteer {
    /// The gazetteer compiled into the binary (`data/gazetteer/gazetteer.tsv.gz`).
    pub fn embedded() -> Result<Gazetteer> {
        Self::from_gzip_bytes(EMBEDDED).context("loading the embedded gazetteer")
    }

    /// Loads a gazetteer file in the same format (gzip'd or plain TSV).
    pub fn from_path(path: &Path) -> Result<Gazetteer> {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let g = if bytes.starts_with(&[0x1f, 0x8b]) {
            Self::from_gzip_bytes(&bytes)
        } else {
            let text = String::from_utf8(bytes).context("gazetteer is not UTF-8")?;
            Self::from_tsv(&text)
        };
        g.with_context(|| format!("loading gazetteer {}", path.display()))
    }

    fn from_gzip_bytes(bytes: &[u8]) -> Result<Gazetteer> {
        let mut text = String::with_capacity(bytes.len() * 3);
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .context("decompressing the gazetteer")?;
        Self::from_tsv(&text)
    }

    /// Parses the TSV text (see `data/gazetteer/README.md` for the format).
    pub fn from_tsv(text: &str) -> Result<Gazetteer> {
        let mut cc3_of: HashMap<&str, &str> = HashMap::new();
        let mut admin1_name: HashMap<(&str, &str), &str> = HashMap::new();
        let mut places: Vec<Place> = Vec::with_capacity(180_000);
        let mut keys: Vec<(u64, u32)> = Vec::with_capacity(1_000_000);
        for (lineno, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let ctx = || format!("gazetteer line {}", lineno + 1);
            let cols: Vec<&str> = line.split('\t').collect();
            match cols[0] {
                "C" => {
                    if cols.len() < 3 {
                        bail!("{}: country row needs 3 columns", ctx());
                    }
                    cc3_of.insert(cols[1], cols[2]);
                }
                "A" => {
                    if cols.len() < 4 {
                        bail!("{}: admin1 row needs 4 columns", ctx());
                    }
                    admin1_name.insert((cols[1], cols[2]), cols[3]);
                }
                "P" => {
                    if cols.len() < 11 {
                        bail!("{}: place row needs 11 columns, has {}", ctx(), cols.len());
                    }
                    let idx = u32::try_from(places.len()).context("too many places")?;
                    let cc2 = cols[4];
                    let admin1_code = cols[7];
                    let feature_class = cols[5].chars().next().with_context(ctx)?;
                    let place = Place {
                        geonameid: cols[1].parse().with_context(ctx)?,
                        name: cols[2].to_string(),
                        cc2: cc2.to_string(),
                        cc3: cc3_of.get(cc2).copied().unwrap_or_default().to_string(),
                        admin1: if feature_class == 'A' && cols[6] == "ADM1" {
                            cols[2].to_string()
                        } else {
                            admin1_name.get(&(cc2, admin1_code)).copied().unwrap_or_default().to_string()
                        },
                        feature_class,
                        feature_code: cols[6].to_string(),
                        latitude: cols[8].parse().with_context(ctx)?,
                        longitude: cols[9].parse().with_context(ctx)?,
                        population: cols[10].parse().with_context(ctx)?,
                    };
                    let strip = ARTICLE_COUNTRIES.contains(&cc2);
                    let mut add = |name: &str, flag: u32| {
                        if let Some(k) = fold::key(name) {
                            keys.push((k, idx | flag));
                        }
                        if strip {
                            if let Some(k) = fold::key_without_article(name) {
                                keys.push((k, idx | flag));
                            }
                        }
                    };
                    add(cols[2], PRIMARY);
                    if !cols[3].is_empty() {
                        for alt in cols[3].split('|') {
                            add(alt, 0);
                        }
                    }
                    places.push(place);
                }
                other => bail!("{}: unknown row kind {:?}", ctx(), other),
            }
        }
        if places.is_empty() {
            bail!("gazetteer has no places");
        }
        // Sort by key, then place, primary matches first; keep one posting
        // per (key, place).
        keys.sort_unstable_by_key(|&(k, v)| (k, v & !PRIMARY, v & PRIMARY == 0));
        keys.dedup_by_key(|&mut (k, v)| (k, v & !PRIMARY));
        let mut index = KeyMap::with_capacity_and_hasher(keys.len(), Default::default());
        let mut postings = Vec::with_capacity(keys.len());
        let mut i = 0;
        while i < keys.len() {
            let k = keys[i].0;
            let start = postings.len() as u32;
            while i < keys.len() && keys[i].0 == k {
                postings.push(keys[i].1);
                i += 1;
            }
            index.insert(k, (start, postings.len() as u32 - start));
        }
        let mut countries = HashMap::new();
        let mut admin1 = HashMap::new();
        for (i, p) in places.iter().enumerate() {
            if p.feature_class == 'A' && p.feature_code.starts_with("PCL") {
                countries.insert(p.cc3.clone(), i as u32);
            } else if p.feature_class == 'A' && p.feature_code == "ADM1" {
                admin1.insert((p.cc2.clone(), p.name.clone()), i as u32);
            }
        }
        let geom = places.iter().map(Geom::of).collect();
        Ok(Gazetteer {
            places,
            geom,
            index,
            postings,
            countries,
            admin1,
        })
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// True when there are no places (never, for a loaded gazetteer).
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// All places, in file order (by id).
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// Posting list of a surface form: tries the folded form, then the form
    /// without a leading Arabic article.
    pub(crate) fn postings(&self, name: &str) -> &[u32] {
        let hit = fold::key(name)
            .and_then(|k| self.index.get(&k))
            .or_else(|| fold::key_without_article(name).and_then(|k| self.index.get(&k)));
        match hit {
            Some(&(start, len)) => &self.postings[start as usize..(start + len) as usize],
            None => &[],
        }
    }

    /// Every place a surface form may name (case-insensitive, diacritics
    /// folded, apostrophes ignored, "Al-"/"Al "/no article alike), most
    /// populous first.
    pub fn lookup(&self, name: &str) -> Vec<&Place> {
        let mut out: Vec<&Place> = self.postings(name).iter().map(|&v| &self.places[(v & !PRIMARY) as usize]).collect();
        out.sort_by(|a, b| b.population.cmp(&a.population).then(a.geonameid.cmp(&b.geonameid)));
        out
    }

    /// Fast check: could this surface form be a place name? One or two hash
    /// look-ups, no allocation.
    pub fn is_candidate(&self, name: &str) -> bool {
        fold::key(name).is_some_and(|k| self.index.contains_key(&k))
            || fold::key_without_article(name).is_some_and(|k| self.index.contains_key(&k))
    }

    /// The country entry of an ISO 3166-1 alpha-3 code (any case).
    pub fn country(&self, cc3: &str) -> Option<&Place> {
        let i = match self.countries.get(cc3) {
            Some(&i) => i,
            None => *self.countries.get(&cc3.to_ascii_uppercase())?,
        };
        self.places.get(i as usize)
    }

    /// The first-level division a place lies in (itself for an ADM1 entry).
    pub fn admin1_of(&self, place: &Place) -> Option<&Place> {
        let &i = self.admin1.get(&(place.cc2.clone(), place.admin1.clone()))?;
        self.places.get(i as usize)
    }

    /// The place with this id (linear in the worst case: ids are sorted, so
    /// a binary search).
    pub fn by_id(&self, geonameid: u32) -> Option<&Place> {
        let i = self.places.binary_search_by_key(&geonameid, |p| p.geonameid).ok()?;
        self.places.get(i)
    }
}
