//! What the words around a place name say about the location.
//!
//! [`qualify`] looks at the few words before and after a mention:
//!
//! | text                                   | result                          |
//! |----------------------------------------|---------------------------------|
//! | "Kerman **province**", "**governorate**", "**state**", "**region**", "**oblast**", "**prefecture**" | `level = Admin1` |
//! | "**district**", "**county**", "**municipality**", "**department**", "**parish**" | `level = Admin2` |
//! | "X **city**", "the **city of** X", "the **town of** X" | `level = City` |
//! | "**central** Baghdad", "**downtown**", "**northern** Iraq", "**south-east** X" | `part = Some("central")`, ... |
//! | "a village **near** Mosul", "**outskirts of** X", "**outside** X", "**west of** X", "km from X" | `near = true` |
//!
//! A part of a city stays a city; a part of a country or province stays that
//! level (the record says "northern Iraq" at country precision).

use crate::place::Precision;

/// The location hints found around a mention.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Qualifier {
    /// The level the text names ("province" -> `Admin1`), if any.
    pub level: Option<Precision>,
    /// The event is near the place, not in it.
    pub near: bool,
    /// A part of the place: "central", "northern", "south-eastern", ...
    /// (normalised to the adjective: "north" -> "northern").
    pub part: Option<&'static str>,
}

impl Qualifier {
    /// The precision to record for a place of precision `own`.
    pub fn apply(&self, own: Precision) -> Precision {
        self.level.unwrap_or(own)
    }
}

const PARTS: &[(&str, &str)] = &[
    ("central", "central"),
    ("downtown", "central"),
    ("northern", "northern"),
    ("southern", "southern"),
    ("eastern", "eastern"),
    ("western", "western"),
    ("north", "northern"),
    ("south", "southern"),
    ("east", "eastern"),
    ("west", "western"),
    ("northeastern", "north-eastern"),
    ("north-eastern", "north-eastern"),
    ("northeast", "north-eastern"),
    ("north-east", "north-eastern"),
    ("northwestern", "north-western"),
    ("north-western", "north-western"),
    ("northwest", "north-western"),
    ("north-west", "north-western"),
    ("southeastern", "south-eastern"),
    ("south-eastern", "south-eastern"),
    ("southeast", "south-eastern"),
    ("south-east", "south-eastern"),
    ("southwestern", "south-western"),
    ("south-western", "south-western"),
    ("southwest", "south-western"),
    ("south-west", "south-western"),
];

const ADMIN1_WORDS: &[&str] = &[
    "province",
    "provinces",
    "governorate",
    "governorates",
    "state",
    "region",
    "oblast",
    "prefecture",
    "wilaya",
    "vilayet",
    "emirate",
    "territory",
];
const ADMIN2_WORDS: &[&str] = &[
    "district",
    "districts",
    "county",
    "municipality",
    "department",
    "parish",
    "borough",
    "raion",
    "rayon",
    "subdistrict",
];

/// A lower-cased word: borrowed when the text already is lower-case ASCII,
/// lower-cased on the stack when it is short ASCII.
enum Word<'a> {
    Borrowed(&'a str),
    Short([u8; 16], usize),
    Owned(String),
}

impl Word<'_> {
    fn as_str(&self) -> &str {
        match self {
            Word::Borrowed(w) => w,
            Word::Short(b, n) => std::str::from_utf8(&b[..*n]).unwrap_or_default(),
            Word::Owned(w) => w,
        }
    }
}

/// The lower-cased words of `s`.
fn words(s: &str) -> impl DoubleEndedIterator<Item = Word<'_>> + '_ {
    s.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '"'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            if !w.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
                Word::Borrowed(w)
            } else if w.is_ascii() && w.len() <= 16 {
                let mut b = [0u8; 16];
                b[..w.len()].copy_from_slice(w.as_bytes());
                b.make_ascii_lowercase();
                Word::Short(b, w.len())
            } else {
                Word::Owned(w.to_lowercase())
            }
        })
}

/// Reads the words just before (`text_before`, e.g. "a suicide bombing in
/// central") and just after (`text_after`, e.g. " province on Monday") a
/// place name.
pub fn qualify(text_before: &str, text_after: &str) -> Qualifier {
    let mut q = Qualifier::default();
    if let Some(w) = words(text_after).next() {
        let w = w.as_str();
        if ADMIN1_WORDS.contains(&w) {
            q.level = Some(Precision::Admin1);
        } else if ADMIN2_WORDS.contains(&w) {
            q.level = Some(Precision::Admin2);
        } else if w == "city" && !text_before.trim_end().to_lowercase().ends_with("the") {
            // "Quetta city"; but "the Missouri city" is a city in Missouri
            q.level = Some(Precision::City);
        }
    }
    // the last three words before the name, the last first
    let mut rev = words(text_before).rev();
    let before = [rev.next(), rev.next(), rev.next()];
    let last = |k: usize| -> &str { before[k].as_ref().map_or("", Word::as_str) };
    // "the city of X", "the town of X", "the village of X"
    if last(0) == "of" && matches!(last(1), "city" | "town" | "village") {
        q.level.get_or_insert(Precision::City);
    }
    if last(0) == "of" && matches!(last(1), "province" | "governorate" | "state" | "region") {
        q.level.get_or_insert(Precision::Admin1);
    }
    if last(0) == "of" && matches!(last(1), "district" | "county") {
        q.level.get_or_insert(Precision::Admin2);
    }
    // "central Baghdad", "northern Iraq"; also "the north of Iraq"
    let part_word = if last(0) == "of" && matches!(last(1), "north" | "south" | "east" | "west") {
        last(1)
    } else {
        last(0)
    };
    if let Some(&(_, part)) = PARTS.iter().find(|(w, _)| *w == part_word) {
        // "west of X" (direction, not part) is "near"
        if last(0) == "of" && last(2) != "the" {
            q.near = true;
        } else {
            q.part = Some(part);
        }
    }
    // "near X", "outside X", "outskirts of X", "on the edge of X", "12 km from X"
    let near_words = ["near", "nearby", "outside", "around", "close"];
    if near_words.contains(&last(0))
        || (last(0) == "to" && last(1) == "close")
        || (last(0) == "of" && matches!(last(1), "outskirts" | "edge" | "vicinity" | "environs"))
        || (last(0) == "from" && matches!(last(1), "km" | "kms" | "kilometres" | "kilometers" | "miles"))
        || (last(0) == "of" && matches!(last(1), "km" | "kms" | "kilometres" | "kilometers" | "miles"))
    {
        q.near = true;
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_forms() {
        assert_eq!(qualify("fighting in", " province").level, Some(Precision::Admin1));
        assert_eq!(qualify("", " Governorate,").level, Some(Precision::Admin1));
        assert_eq!(qualify("in", " district").level, Some(Precision::Admin2));
        assert_eq!(qualify("in", " County").level, Some(Precision::Admin2));
        let q = qualify("a blast in central", " on Monday");
        assert_eq!((q.part, q.near, q.level), (Some("central"), false, None));
        assert_eq!(qualify("clashes in northern", "").part, Some("northern"));
        assert_eq!(qualify("in the north of", "").part, Some("northern"));
        assert!(qualify("a village near", "").near);
        assert!(qualify("on the outskirts of", "").near);
        assert!(qualify("about 30 km from", "").near);
        assert!(qualify("20 miles west of", "").near);
        assert!(!qualify("in", " on Monday").near);
        assert_eq!(qualify("the city of", "").level, Some(Precision::City));
        assert_eq!(Qualifier::default().apply(Precision::City), Precision::City);
    }
}
