//! Near-duplicate stories: MinHash signatures over word shingles, and an
//! index that finds, among the stories seen so far, one whose text is
//! nearly the same (a syndicated copy of a wire story with a new headline,
//! a dateline or a sentence changed).
//!
//! A signature holds, for each of 128 hash functions, the smallest hash of
//! the text's 3-word shingles; the share of equal slots in two signatures
//! estimates the Jaccard similarity of their shingle sets. The index splits
//! signatures into 32 bands of 4 slots (locality-sensitive hashing): two
//! texts with similarity 0.7 share a band with probability 1 - (1 - 0.7^4)^32
//! ≈ 0.9999, two with 0.2 only ≈ 0.05, and every candidate is then checked
//! against the threshold.
//!
//! ```
//! use sitrep_sources::dedup::{DuplicateIndex, fingerprint};
//! let wire = "Floodwaters cut the coastal highway on Tuesday, stranding hundreds of drivers, \
//!             the roads agency said, adding that crews were working to clear the debris overnight.";
//! let copy = "Floodwaters cut the coastal highway on Tuesday, stranding hundreds of motorists, \
//!             the roads agency said, adding that crews were working to clear the debris overnight.";
//! let mut index = DuplicateIndex::new(0.6);
//! assert!(index.insert("wire-1", &fingerprint(wire)).is_none());
//! let (original, similarity) = index.insert("paper-7", &fingerprint(copy)).unwrap();
//! assert_eq!(original, "wire-1");
//! assert!(similarity > 0.6);
//! ```

use std::collections::HashMap;

/// Hash functions in a signature.
pub const SLOTS: usize = 128;
/// Bands the index splits a signature into.
pub const BANDS: usize = 32;
const ROWS: usize = SLOTS / BANDS;
/// The estimated similarity at or above which a text is a copy of another:
/// the index's and the store's threshold (wire copies with edits).
pub const THRESHOLD: f64 = 0.6;
/// Words per shingle.
const SHINGLE: usize = 3;

/// A MinHash signature of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub [u64; SLOTS]);

fn mix(mut z: u64) -> u64 {
    // splitmix64's finaliser: a fast, well-spread 64-bit permutation
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
    z ^ (z >> 31)
}

fn seeds() -> &'static [u64; SLOTS] {
    static SEEDS: std::sync::OnceLock<[u64; SLOTS]> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut s = [0u64; SLOTS];
        for (i, v) in s.iter_mut().enumerate() {
            *v = mix(0x9e3779b97f4a7c15u64.wrapping_mul(i as u64 + 1));
        }
        s
    })
}

/// The words that make a text's shingles: lower case, letters and digits
/// only, so punctuation, case and spacing changes do not count as edits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The signature of a text. A text shorter than one shingle is hashed as a whole.
pub fn fingerprint(text: &str) -> Signature {
    let w = words(text);
    let mut sig = [u64::MAX; SLOTS];
    let seeds = seeds();
    let mut add = |h: u64| {
        for (slot, seed) in sig.iter_mut().zip(seeds.iter()) {
            let v = mix(h ^ seed);
            if v < *slot {
                *slot = v;
            }
        }
    };
    if w.len() < SHINGLE {
        add(sitrep_core::fnv64(w.join(" ").as_bytes()));
    } else {
        for sh in w.windows(SHINGLE) {
            add(sitrep_core::fnv64(sh.join(" ").as_bytes()));
        }
    }
    Signature(sig)
}

impl Signature {
    /// Estimated Jaccard similarity of the two texts' shingle sets, 0 to 1.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self.0.iter().zip(other.0.iter()).filter(|(a, b)| a == b).count();
        same as f64 / SLOTS as f64
    }

    /// 1 - similarity.
    pub fn distance(&self, other: &Signature) -> f64 {
        1.0 - self.similarity(other)
    }

    /// The signature's key in each of the index's bands: two texts that
    /// share a key are candidates (a store keeps these in an indexed table).
    pub fn band_keys(&self) -> [u64; BANDS] {
        std::array::from_fn(|b| self.band_key(b))
    }

    /// The signature as 1,024 bytes (little-endian slots), for storing.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// A signature stored by [`Signature::to_bytes`]; `None` for any other length.
    pub fn from_bytes(b: &[u8]) -> Option<Signature> {
        if b.len() != SLOTS * 8 {
            return None;
        }
        let mut sig = [0u64; SLOTS];
        for (slot, chunk) in sig.iter_mut().zip(b.chunks_exact(8)) {
            *slot = u64::from_le_bytes(chunk.try_into().ok()?);
        }
        Some(Signature(sig))
    }

    fn band_key(&self, band: usize) -> u64 {
        let mut h = band as u64;
        for v in &self.0[band * ROWS..(band + 1) * ROWS] {
            h = mix(h ^ v);
        }
        h
    }
}

/// Stories seen so far, searchable for a near-duplicate.
pub struct DuplicateIndex {
    threshold: f64,
    ids: Vec<String>,
    signatures: Vec<Signature>,
    bands: Vec<HashMap<u64, Vec<u32>>>,
}

impl DuplicateIndex {
    /// An empty index; texts whose estimated similarity is at least
    /// `threshold` count as copies (0.6 suits wire copies with edits).
    pub fn new(threshold: f64) -> DuplicateIndex {
        DuplicateIndex {
            threshold,
            ids: Vec::new(),
            signatures: Vec::new(),
            bands: vec![HashMap::new(); BANDS],
        }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The most similar story already in the index at or above the
    /// threshold, with its similarity; the earliest one on ties.
    pub fn find(&self, sig: &Signature) -> Option<(&str, f64)> {
        let mut best: Option<(u32, f64)> = None;
        let mut seen = std::collections::HashSet::new();
        for (b, map) in self.bands.iter().enumerate() {
            let Some(cands) = map.get(&sig.band_key(b)) else { continue };
            for &c in cands {
                if !seen.insert(c) {
                    continue;
                }
                let s = self.signatures[c as usize].similarity(sig);
                if s >= self.threshold && best.is_none_or(|(bc, bs)| s > bs || (s == bs && c < bc)) {
                    best = Some((c, s));
                }
            }
        }
        best.map(|(c, s)| (self.ids[c as usize].as_str(), s))
    }

    /// Adds a story unless it is a copy of one already seen; returns the
    /// original and the similarity when it is a copy.
    pub fn insert(&mut self, id: &str, sig: &Signature) -> Option<(String, f64)> {
        if let Some((orig, s)) = self.find(sig) {
            return Some((orig.to_string(), s));
        }
        let n = self.ids.len() as u32;
        for (b, map) in self.bands.iter_mut().enumerate() {
            map.entry(sig.band_key(b)).or_default().push(n);
        }
        self.ids.push(id.to_string());
        self.signatures.push(sig.clone());
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "Heavy rain caused a landslide that blocked the main road between the two mountain towns on Wednesday, \
        the regional disaster agency said. Three houses were buried and rescue teams were searching for four people \
        who are missing, a spokesperson for the agency told reporters. The road is expected to stay closed for at least \
        two days while engineers check the slope, officials said. Schools in the area will remain shut until Friday.";

    /// A newspaper's copy of the wire story: a dateline added, one word changed, the last sentence cut.
    const COPY: &str =
        "HILLTOWN (Wire) - Heavy rain caused a landslide that blocked the main road between the two mountain towns on Wednesday, \
        the regional disaster agency said. Three homes were buried and rescue teams were searching for four people \
        who are missing, a spokesperson for the agency told reporters. The road is expected to stay closed for at least \
        two days while engineers check the slope, officials said.";

    /// The same event written by another reporter.
    const OTHER: &str = "Rescuers dug through mud on Wednesday after a landslide hit two mountain towns, burying three houses. \
        Four people are missing, according to the regional disaster agency. Engineers will inspect the slope before the road \
        reopens, which could take two days, and local schools are closed until Friday.";

    #[test]
    fn a_syndicated_copy_with_small_edits_is_similar() {
        let s = fingerprint(WIRE).similarity(&fingerprint(COPY));
        assert!(s > 0.6, "similarity {s}");
    }

    #[test]
    fn another_story_on_the_same_event_is_not_a_copy() {
        let s = fingerprint(WIRE).similarity(&fingerprint(OTHER));
        assert!(s < 0.2, "similarity {s}");
    }

    #[test]
    fn a_signature_survives_its_bytes_and_keys_one_per_band() {
        let sig = fingerprint(WIRE);
        assert_eq!(Signature::from_bytes(&sig.to_bytes()), Some(sig.clone()));
        assert_eq!(Signature::from_bytes(&[0u8; 7]), None);
        let (a, b) = (sig.band_keys(), fingerprint(COPY).band_keys());
        assert!(a.iter().zip(b.iter()).any(|(x, y)| x == y), "a copy shares a band");
    }

    #[test]
    fn case_punctuation_and_spacing_do_not_count() {
        assert_eq!(
            fingerprint("Police said: two men were ARRESTED."),
            fingerprint("police said two   men were arrested")
        );
        assert_eq!(fingerprint("a b").distance(&fingerprint("A, B!")), 0.0);
    }

    #[test]
    fn the_index_finds_the_original_and_keeps_different_stories_apart() {
        let mut idx = DuplicateIndex::new(0.6);
        assert_eq!(idx.insert("wire", &fingerprint(WIRE)), None);
        assert_eq!(idx.insert("other", &fingerprint(OTHER)), None);
        let (orig, s) = idx.insert("copy", &fingerprint(COPY)).unwrap();
        assert_eq!(orig, "wire");
        assert!(s > 0.6);
        assert_eq!(idx.len(), 2, "a copy is not added");
        assert!(idx
            .find(&fingerprint(
                "An entirely unrelated story about a football match and the final score."
            ))
            .is_none());
    }
}
