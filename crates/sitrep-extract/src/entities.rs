//! Entity mentions: actor phrases ("a senior Hamas official", "Iranian
//! Supreme Leader Ayatollah Ali Khamenei", "authorities in Iran") and place
//! names, each resolved through the lexicon and the gazetteer.

use crate::numbers::lower;
use crate::text::{Lw, Sentence, TokKind, Token};
use sitrep_core::{Date, Location};
use sitrep_lexicon::{ActorCand, ActorKind, Lexicon, SurfaceRole};

crate::text::word_set!(FILLERS_SET = FILLERS);
crate::text::word_set!(pub(crate) LOCATIVE_SET = LOCATIVE);
crate::text::word_set!(PATRON_SUFFIXES_SET = PATRON_SUFFIXES);
crate::text::word_set!(GOVERNMENT_VERBS_SET = GOVERNMENT_VERBS);
crate::text::word_set!(SENTENCE_START_NOUNS_SET = SENTENCE_START_NOUNS);
crate::text::word_set!(PLACE_HEADS_SET = PLACE_HEADS);
crate::text::word_set!(GOVERNMENT_NOUNS_SET = GOVERNMENT_NOUNS);
crate::text::word_set!(DIRECTIONS_SET = DIRECTIONS);
crate::text::word_set!(CONTAINER_NOUNS_SET = CONTAINER_NOUNS);

/// A place name to resolve, with what the document says around it.
#[derive(Debug, Clone, Copy)]
pub struct PlaceQuery<'a> {
    /// The name as written ("Kerman", "Paris, Texas").
    pub name: &'a str,
    /// The sentence's text before the name ("a bombing in central").
    pub before: &'a str,
    /// The sentence's text after the name (" province on Monday").
    pub after: &'a str,
    /// What the document says about where things are: the countries it
    /// speaks of, those named in the mention's own sentence, the
    /// first-level divisions it names ("Springfield ... the Missouri
    /// city") and the places already placed.
    pub context: &'a sitrep_geo::GeoContext,
}

/// A resolved place name.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub location: Location,
    /// Confidence 0..1.
    pub score: f32,
    pub rule: String,
    /// GeoNames feature code (PPLC, PPLA, ADM1, PCLI …).
    pub feature_code: String,
    pub population: u64,
    /// For "Paris, Texas": the reading of the container (Texas).
    pub container: Option<Location>,
}

/// What the coder needs from a gazetteer.
pub trait Geo: Sync {
    /// Whether a capitalised name might be a place (fast, called often).
    fn is_candidate(&self, name: &str) -> bool;
    /// The best reading of a place name in its context.
    fn resolve(&self, q: &PlaceQuery) -> Option<Resolved>;
    /// A country as a place.
    fn country(&self, cc3: &str) -> Option<Location>;
    /// The population of the largest place of this name (0 for none);
    /// `u64::MAX` when the gazetteer cannot tell.
    fn largest_population(&self, _name: &str) -> u64 {
        u64::MAX
    }
    /// Whether a name may follow a place after a comma as its container
    /// ("Texas", "Ill.").
    fn is_container(&self, name: &str) -> bool {
        self.is_candidate(name)
    }
}

fn geo_location(p: &sitrep_geo::Place, precision: &str) -> Location {
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

/// The offline gazetteer as the coder's place resolver.
impl Geo for sitrep_geo::Gazetteer {
    fn is_candidate(&self, name: &str) -> bool {
        sitrep_geo::Gazetteer::is_candidate(self, name)
    }

    fn resolve(&self, q: &PlaceQuery) -> Option<Resolved> {
        let qual = sitrep_geo::qualify(q.before, q.after);
        let r = self.resolve_qualified(q.name, q.context, &qual)?;
        Some(Resolved {
            location: geo_location(r.place, r.precision.as_str()),
            score: r.score,
            rule: ["place:gazetteer:", r.place.feature_code.as_str()].concat(),
            feature_code: r.place.feature_code.clone(),
            population: r.place.population,
            container: r.container.map(|c| geo_location(c, c.precision().as_str())),
        })
    }

    fn largest_population(&self, name: &str) -> u64 {
        self.lookup(name).iter().map(|p| p.population).max().unwrap_or(0)
    }

    fn country(&self, cc3: &str) -> Option<Location> {
        sitrep_geo::Gazetteer::country(self, cc3).map(|p| geo_location(p, "country"))
    }

    fn is_container(&self, name: &str) -> bool {
        sitrep_geo::us_state_abbreviation(name).is_some() || sitrep_geo::Gazetteer::is_candidate(self, name)
    }
}

/// One piece of an actor phrase.
#[derive(Debug, Clone)]
pub enum Unit {
    /// A lexicon entry (index) read in a role.
    Lex(usize, SurfaceRole),
    /// A capitalised name the lexicon does not know (a person, mostly).
    Name,
    /// A place name used as a modifier ("Baghdad police"): its country.
    Place(String),
}

#[derive(Debug, Clone)]
pub struct UnitSpan {
    pub tok_start: usize,
    pub tok_end: usize,
    pub unit: Unit,
    /// "Iran-backed", "pro-Iran": the unit names a patron, not the actor.
    pub patron: bool,
}

/// An actor phrase.
#[derive(Debug, Clone)]
pub struct Mention {
    pub tok_start: usize,
    pub tok_end: usize,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    pub code: Option<String>,
    pub sector: Option<String>,
    pub identifier_text: Option<String>,
    pub identifier_id: Option<String>,
    /// The entity has a name (not only a generic noun).
    pub named: bool,
    /// Only an adjective or a country name with nothing after it.
    pub modifier_only: bool,
    /// The phrase names a country or a capital and may be a place.
    pub is_place_name: bool,
    /// A person (named, or a title).
    pub person: bool,
    /// Plural generic noun ("militants", "people").
    pub plural: bool,
    pub patron: Option<String>,
    pub rule: String,
}

/// A place name in the text.
#[derive(Debug, Clone)]
pub struct PlaceMention {
    pub tok_start: usize,
    pub tok_end: usize,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    pub location: Option<Location>,
    pub score: f32,
    pub rule: String,
    /// A country's or capital's name from the lexicon.
    pub from_lexicon: bool,
    /// GeoNames feature code of the reading (empty when unresolved).
    pub feature_code: String,
    /// Population of the reading (0 when unknown).
    pub population: u64,
}

const FILLERS: &[&str] = &[
    "de",
    "facto",
    "interim",
    "transitional",
    "senior",
    "top",
    "former",
    "ex",
    "local",
    "armed",
    "unidentified",
    "unknown",
    "suspected",
    "alleged",
    "masked",
    "security",
    "deputy",
    "acting",
    "interim",
    "chief",
    "elite",
    "retired",
    "then",
    "late",
    "veteran",
    "prominent",
    "high",
    "ranking",
    "high-ranking",
    "junior",
    "young",
    "several",
    "dozens",
    "other",
    "rival",
    "allied",
    "pro",
    "anti",
    "government",
    "state",
    "federal",
    "provincial",
    "regional",
    "national",
    "military",
    "tribal",
    "militant",
    "islamist",
    "jihadist",
    "separatist",
    "opposition",
    "rebel",
    "ruling",
    "foreign",
    "international",
    "western",
    "arab",
    "kurdish",
    "shia",
    "shiite",
    "sunni",
    "muslim",
    "christian",
    "hindu",
    "buddhist",
    "jewish",
    "elected",
    "newly",
    "influential",
    "wanted",
    "notorious",
    "key",
    "leading",
    "main",
    "hardline",
    "radical",
    "moderate",
];

/// Common nouns that begin news sentences with a capital letter.
const SENTENCE_START_NOUNS: &[&str] = &[
    "talks",
    "members",
    "clashes",
    "protests",
    "tonnes",
    "tons",
    "shops",
    "witnesses",
    "supporters",
    "relatives",
    "families",
    "thousands",
    "hundreds",
    "dozens",
    "scores",
    "several",
    "many",
    "some",
    "both",
    "most",
    "others",
    "residents",
    "villagers",
    "students",
    "workers",
    "farmers",
    "lawyers",
    "doctors",
    "teachers",
    "negotiators",
    "attacks",
    "explosions",
    "blasts",
    "airstrikes",
    "negotiations",
];

const NAME_STOP: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "but",
    "and",
    "this",
    "that",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "his",
    "her",
    "their",
    "its",
    "according",
    "meanwhile",
    "however",
    "after",
    "before",
    "while",
    "when",
    "as",
    "if",
    "since",
    "during",
    "for",
    "with",
    "by",
    "there",
    "these",
    "those",
    "some",
    "many",
    "no",
    "not",
    "one",
    "two",
    "adding",
    "also",
    "although",
    "despite",
    "following",
    "further",
    "here",
    "last",
    "later",
    "earlier",
    "mr",
    "mrs",
    "ms",
    "dr",
    "our",
    "your",
    "what",
    "who",
    "why",
    "how",
    "where",
    "which",
    "all",
    "both",
    "each",
    "every",
    "other",
    "such",
    "so",
    "yet",
    "still",
    "then",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "authorities",
    // quantifiers opening a sentence ("More than 1,000 prisoners", "About
    // 70,000 people") are no names
    "more",
    "most",
    "several",
    "about",
    "nearly",
    "almost",
    "around",
    "over",
    "fewer",
    "dozens",
    "hundreds",
    "thousands",
    "tens",
    "police",
    "officials",
    "government",
    "reuters",
    "ap",
    "afp",
    "it's",
    "is",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "up",
    "to",
    "of",
    "from",
    "into",
    "over",
    "under",
    "about",
    "against",
    "between",
    "through",
    "among",
    "amid",
    "across",
    "near",
    "sources",
    "residents",
    "witnesses",
    "eyewitnesses",
    "people",
    "islamic",
    "revolution",
    "army",
    "military",
];

/// A capitalised word that does not begin a name: function words, and the
/// weekdays and months the time layer reads.
fn is_name_stop(w: &str) -> bool {
    crate::text::word_set!(STOPS = NAME_STOP, &crate::times::WEEKDAYS, &crate::times::MONTHS);
    STOPS.contains(w)
}

/// Words after which a name is a place, not an actor.
pub const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "inside",
    "outside",
    "across",
    "through",
    "into",
    "toward",
    "towards",
    "around",
    "throughout",
    "from",
    "to",
    "within",
    "outskirts",
    "nearby",
    "via",
    "between",
    "off",
    "along",
];

const DIRECTIONS: &[&str] = &[
    "central",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north",
    "south",
    "east",
    "west",
    "downtown",
    "greater",
    "upper",
    "lower",
    "rural",
    "suburban",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "restive",
    "volatile",
    "war-torn",
    "besieged",
    "occupied",
];

/// Words after "X-" that make X a patron, not the actor: "Iran-backed".
const PATRON_SUFFIXES: &[&str] = &[
    "backed",
    "led",
    "aligned",
    "allied",
    "sponsored",
    "supported",
    "funded",
    "affiliated",
    "linked",
    "controlled",
    "trained",
    "armed",
    "friendly",
    "based",
    "held",
];

/// "QUETTA" → "Quetta": a dateline in capitals as the gazetteer spells it.
/// Writes `(a, b)` at slot `n` of `v`, reusing the strings there, and
/// moves `n` on.
fn put_pair(v: &mut Vec<(String, String)>, n: &mut usize, a: &str, b: &str) {
    match v.get_mut(*n) {
        Some(d) => {
            d.0.clear();
            d.0.push_str(a);
            d.1.clear();
            d.1.push_str(b);
        }
        None => v.push((a.to_string(), b.to_string())),
    }
    *n += 1;
}

/// Equal codes ("IRQ"); the usual three-letter case without a call to memcmp.
fn same_code(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    if a.len() == 3 {
        return a[0] == b[0] && a[1] == b[1] && a[2] == b[2];
    }
    a == b
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn is_filler(w: &str) -> bool {
    FILLERS_SET.contains(w)
}

pub fn is_direction(w: &str) -> bool {
    DIRECTIONS_SET.contains(w)
}

fn is_cap_word(text: &str, t: &Token) -> bool {
    t.kind == TokKind::Word && text[t.start..].starts_with(|c: char| c.is_uppercase())
}

fn kind_rank(k: ActorKind) -> u8 {
    match k {
        ActorKind::Country => 0,
        ActorKind::Group => 1,
        ActorKind::Force => 2,
        ActorKind::Igo | ActorKind::Ngo => 3,
        ActorKind::Party => 4,
        ActorKind::Institution => 5,
        ActorKind::Person => 6,
        ActorKind::Media => 7,
        ActorKind::Title => 8,
        ActorKind::Agent => 9,
    }
}

/// Picks one reading of an ambiguous surface: office holders must hold
/// office on the document's date; countries the document speaks of win.
fn choose(lex: &Lexicon, cands: &[ActorCand], date: Option<Date>, doc_countries: &[(String, f32)]) -> Option<(usize, SurfaceRole)> {
    cands
        .iter()
        .filter(|c| lex.actor(c.entry).valid_on(date) || cands.len() == 1)
        .min_by_key(|c| {
            let a = lex.actor(c.entry);
            let home = a.code.as_deref().or(a.country.as_deref()).unwrap_or("");
            let in_doc = doc_countries.iter().any(|(cc, _)| cc == home);
            (!in_doc as u8, kind_rank(a.kind), c.role as u8)
        })
        .map(|c| (c.entry, c.role))
}

/// All entity layers of one document.
pub struct Entities {
    pub mentions: Vec<Mention>,
    pub places: Vec<PlaceMention>,
    /// Per token: the unit covering it, if any (index into `units`).
    pub units: Vec<UnitSpan>,
    pub doc_countries: Vec<(String, f32)>,
}

/// Finds actor phrases and place names.
/// `cues` are the lexicon's cue words in the text (byte spans and roles,
/// as [`Lexicon::find_cues`] gives them); their regions of the world are
/// kept out of places and actors. `hits` are the lexicon's actor forms in
/// the text ([`Lexicon::find_actors`]).
#[allow(clippy::too_many_arguments)]
pub fn find_entities(
    text: &str,
    toks: &[Token],
    sents: &[Sentence],
    lex: &Lexicon,
    geo: Option<&dyn Geo>,
    date: Option<Date>,
    cues: &[(usize, usize, Vec<String>)],
    hits: Vec<sitrep_lexicon::ActorHit>,
) -> Entities {
    let tok_at = |byte: usize| toks.partition_point(|t| t.start < byte);
    // 1. lexicon hits as units
    let mut countries: Vec<(String, f32)> = Vec::new();
    let add_country = |cc: &str, w: f32, countries: &mut Vec<(String, f32)>| {
        if let Some(e) = countries.iter_mut().find(|(c, _)| same_code(c, cc)) {
            e.1 += w;
        } else {
            countries.push((cc.to_string(), w));
        }
    };
    for h in &hits {
        for c in &h.candidates {
            let a = lex.actor(c.entry);
            // a capital's name is no evidence for its country: "Tripoli"
            // may be in Lebanon
            if a.kind == ActorKind::Country && c.role != SurfaceRole::Capital {
                if let Some(cc) = &a.code {
                    add_country(cc, 1.0, &mut countries);
                }
            }
        }
    }
    let mut units: Vec<UnitSpan> = Vec::new();
    let mut covered = vec![false; toks.len()];
    for h in &hits {
        let ts = tok_at(h.start);
        let te = tok_at(h.end);
        if ts >= te || te > toks.len() {
            continue;
        }
        let Some((entry, role)) = choose(lex, &h.candidates, date, &countries) else {
            continue;
        };
        // "US" in a lower-case sentence start etc. is handled by the case rule
        for c in covered.iter_mut().take(te).skip(ts) {
            *c = true;
        }
        units.push(UnitSpan {
            tok_start: ts,
            tok_end: te,
            unit: Unit::Lex(entry, role),
            patron: false,
        });
    }
    // 1b. a longer place name over a lexicon word: "West Bank", "British
    // Columbia", "Bandar Abbas", "East Palestine" are places
    if let Some(g) = geo {
        let mut i = 0;
        while i < toks.len() {
            let mut taken = 0;
            if is_cap_word(text, &toks[i]) {
                for len in (2..=4).rev() {
                    let e = i + len;
                    if e > toks.len() || toks[i..e].iter().any(|t| t.sentence != toks[i].sentence || !is_cap_word(text, t)) {
                        continue;
                    }
                    // `covered` marks exactly the tokens of the units here
                    let overlaps_unit = covered[i..e].iter().any(|&c| c);
                    if !overlaps_unit {
                        continue;
                    }
                    let inside_unit = units.iter().any(|u| u.tok_start <= i && e <= u.tok_end);
                    let crossing = units
                        .iter()
                        .any(|u| (u.tok_start < i && u.tok_end > i) || (u.tok_start < e && u.tok_end > e));
                    if overlaps_unit && !inside_unit && !crossing && g.is_candidate(&text[toks[i].start..toks[e - 1].end]) {
                        units.retain(|u| !(u.tok_start >= i && u.tok_end <= e));
                        for c in covered.iter_mut().take(e).skip(i) {
                            *c = false;
                        }
                        taken = len;
                        break;
                    }
                }
            }
            i += taken.max(1);
        }
    }
    // 1c. regions of the world ("the Middle East", "Central America") are
    // neither places with a country nor actors: their words stay out of both
    for (a, b, roles) in cues {
        if !roles.iter().any(|r| r == "region") {
            continue;
        }
        let (ts, te) = (tok_at(*a), tok_at(*b));
        if ts >= te || !toks.get(ts).is_some_and(|t| is_cap_word(text, t)) {
            continue;
        }
        // a region inside a longer name stays part of it ("Al-Qaeda in the
        // Islamic Maghreb")
        if units
            .iter()
            .any(|u| u.tok_start < te && ts < u.tok_end && (u.tok_start < ts || u.tok_end > te))
        {
            continue;
        }
        units.retain(|u| u.tok_end <= ts || u.tok_start >= te);
        for c in covered.iter_mut().take(te).skip(ts) {
            *c = true;
        }
    }
    // 2. capitalised names the lexicon does not know
    let mut places: Vec<PlaceMention> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if covered[i] || !is_cap_word(text, &toks[i]) {
            i += 1;
            continue;
        }
        let sent = toks[i].sentence;
        let mut j = i + 1;
        loop {
            if j < toks.len() && !covered[j] && toks[j].sentence == sent && is_cap_word(text, &toks[j]) {
                j += 1;
                continue;
            }
            // connectors inside names: al-Saidi, bin Laden, Abu Bakr al-Baghdadi, St. Paul
            if j + 1 < toks.len() && toks[j + 1].sentence == sent {
                let w = lower(text, &toks[j]);
                // a possessive inside a place's name: "Cox's Bazar", "St John's Wood"
                if matches!(w.as_str(), "'s" | "’s")
                    && toks[j].start == toks[j - 1].end
                    && is_cap_word(text, &toks[j + 1])
                    && geo.is_some_and(|g| g.is_candidate(&text[toks[i].start..toks[j + 1].end]))
                {
                    j += 2;
                    continue;
                }
                if w == "." && matches!(lower(text, &toks[j - 1]).as_str(), "st" | "ft" | "mt") && is_cap_word(text, &toks[j + 1]) {
                    j += 1;
                    continue;
                }
                if (w == "-" && toks[j].start == toks[j - 1].end && is_cap_word(text, &toks[j + 1]))
                    || (matches!(
                        w.as_str(),
                        "al" | "bin" | "ibn" | "de" | "da" | "del" | "van" | "von" | "el" | "ul" | "ud"
                            // "Dar es Salaam", "Foz do Iguaçu", "Rio de la Plata"
                            | "es" | "do" | "dos" | "das" | "di" | "du" | "des" | "la"
                    ) && (is_cap_word(text, &toks[j + 1]) || lower(text, &toks[j + 1]) == "-"))
                {
                    j += 1;
                    continue;
                }
            }
            break;
        }
        // drop sentence-initial function words and trailing connectors
        let mut s = i;
        while s < j && is_name_stop(&lower(text, &toks[s])) {
            s += 1;
        }
        // a sentence's first word alone is no name when it is a participle
        // ("Acting on a tip-off") or a plural common noun ("Talks between …",
        // "Members of the group", "Clashes erupted")
        // the first word after a dateline's dash opens the story's sentence
        // ("SANAA, April 24 (Reuters) - Air strikes ...")
        let after_dateline = i >= 1
            && toks[i].start < 150
            && toks[i - 1].end < toks[i].start
            && matches!(&text[toks[i - 1].start..toks[i - 1].end], "-" | "\u{2013}" | "\u{2014}");
        let first_of_sentence = s == i && (i == 0 || toks[i - 1].sentence != sent || after_dateline);
        if first_of_sentence && j == i + 1 {
            let w = lower(text, &toks[i]);
            if (w.len() > 4 && w.ends_with("ing")) || SENTENCE_START_NOUNS_SET.contains(w.as_str()) {
                i += 1;
                continue;
            }
        }
        let mut e = j;
        while e > s && matches!(lower(text, &toks[e - 1]).as_str(), "-" | "al" | "bin" | "de" | "el") {
            e -= 1;
        }
        // "al-Saidi", "el-Sisi" with a lower-case article: a person's name
        let article_before = s >= 2
            && text[toks[s - 1].start..toks[s - 1].end] == *"-"
            && toks[s - 1].start == toks[s - 2].end
            && matches!(&text[toks[s - 2].start..toks[s - 2].end], "al" | "el" | "bin" | "abu");
        if article_before {
            if s < e {
                units.push(UnitSpan {
                    tok_start: s,
                    tok_end: e,
                    unit: Unit::Name,
                    patron: false,
                });
            }
            i = j.max(i + 1);
            continue;
        }
        // an all-capital word is a dateline or a shout, not a person
        let all_caps = s < e
            && text[toks[s].start..toks[e - 1].end]
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(|c| c.is_uppercase())
            && toks[e - 1].end - toks[s].start > 3;
        if all_caps {
            let name_raw = &text[toks[s].start..toks[e - 1].end];
            let titled = title_case(name_raw);
            if toks[s].start < 80 && geo.is_some_and(|g| g.is_candidate(&titled)) {
                places.push(PlaceMention {
                    tok_start: s,
                    tok_end: e,
                    start: toks[s].start,
                    end: toks[e - 1].end,
                    sentence: sent,
                    location: None,
                    feature_code: String::new(),
                    population: 0,
                    score: 0.0,
                    rule: "place:dateline".into(),
                    from_lexicon: false,
                });
            }
            i = j.max(i + 1);
            continue;
        }
        if s < e {
            let name = &text[toks[s].start..toks[e - 1].end];
            let is_place = geo.is_some_and(|g| g.is_candidate(name));
            let prev = if s > 0 { lower(text, &toks[s - 1]) } else { Lw::default() };
            let locative = LOCATIVE_SET.contains(prev.as_str())
                || is_direction(&prev)
                || (prev == "of"
                    && s >= 2
                    && matches!(
                        lower(text, &toks[s - 2]).as_str(),
                        "outskirts"
                            | "city"
                            | "province"
                            | "town"
                            | "village"
                            | "district"
                            | "region"
                            | "capital"
                            | "north"
                            | "south"
                            | "east"
                            | "west"
                    ));
            // a sentence's capitalised first word that only names small
            // places is a common word ("Energy workers in Aberdeen")
            let small_opener = first_of_sentence && e - s == 1 && !locative && geo.is_some_and(|g| g.largest_population(name) < 50_000);
            if is_place && small_opener {
                i = j.max(i + 1);
                continue;
            }
            if is_place && (locative || e - s == 1 || !looks_like_person(text, toks, s, e)) {
                places.push(PlaceMention {
                    tok_start: s,
                    tok_end: e,
                    start: toks[s].start,
                    end: toks[e - 1].end,
                    sentence: sent,
                    location: None,
                    feature_code: String::new(),
                    population: 0,
                    score: 0.0,
                    rule: "place:gazetteer".into(),
                    from_lexicon: false,
                });
                if !locative {
                    units.push(UnitSpan {
                        tok_start: s,
                        tok_end: e,
                        unit: Unit::Place(String::new()),
                        patron: false,
                    });
                }
            } else if !is_name_stop(&name.to_ascii_lowercase()) {
                units.push(UnitSpan {
                    tok_start: s,
                    tok_end: e,
                    unit: Unit::Name,
                    patron: false,
                });
            }
        }
        i = j.max(i + 1);
    }
    // lexicon countries and capitals are places too
    for u in &units {
        if let Unit::Lex(entry, role) = u.unit {
            let a = lex.actor(entry);
            if (a.kind == ActorKind::Country && role == SurfaceRole::Name) || role == SurfaceRole::Capital {
                places.push(PlaceMention {
                    tok_start: u.tok_start,
                    tok_end: u.tok_end,
                    start: toks[u.tok_start].start,
                    end: toks[u.tok_end - 1].end,
                    sentence: toks[u.tok_start].sentence,
                    location: None,
                    feature_code: String::new(),
                    population: 0,
                    score: 0.0,
                    rule: if role == SurfaceRole::Capital {
                        "place:capital".into()
                    } else {
                        "place:country".into()
                    },
                    from_lexicon: true,
                });
            }
        }
    }
    units.sort_by_key(|u| u.tok_start);
    places.sort_by_key(|p| p.tok_start);
    // names of people before resolution, so they give no context
    let person: Vec<bool> = places.iter().map(|p| not_a_place(text, toks, &units, lex, p)).collect();
    let mut k = 0;
    places.retain(|_| {
        k += 1;
        !person[k - 1]
    });
    // 3. resolve places in two passes: the first in reading order with what
    // came before, the second with every other place of the document
    // ("Flooding in Hyderabad, in Sindh province": Sindh decides)
    if let Some(g) = geo {
        // countries named as places in each sentence ("clashes in Iraq"); a
        // country that only qualifies an actor ("a U.S. drone strike") says
        // nothing about where the sentence's other places are
        let locative_at = |k: usize| {
            k > 0 && toks[k - 1].sentence == toks[k].sentence && {
                let w = lower(text, &toks[k - 1]);
                LOCATIVE_SET.contains(w.as_str()) || is_direction(&w)
            }
        };
        let mut base_local: Vec<Vec<String>> = vec![Vec::new(); sents.len().max(1)];
        for u in &units {
            if let Unit::Lex(e, role) = u.unit {
                let a = lex.actor(e);
                if a.kind == ActorKind::Country && role == SurfaceRole::Name && locative_at(u.tok_start) {
                    if let (Some(cc), Some(l)) = (&a.code, base_local.get_mut(toks[u.tok_start].sentence)) {
                        if !l.contains(cc) {
                            l.push(cc.clone());
                        }
                    }
                }
            }
        }
        let lex_countries = countries.clone();
        let n = places.len();
        let place_locative: Vec<bool> = places.iter().map(|p| locative_at(p.tok_start)).collect();
        let mut res: Vec<Option<Resolved>> = vec![None; n];
        // mentions placed by the place before them ("Paris, Texas" places Texas)
        let mut by_container = vec![false; n];
        let mut ctx = sitrep_geo::GeoContext::default();
        for pass in 0..2 {
            for k in 0..n {
                if by_container[k] {
                    continue;
                }
                let p = &places[k];
                let others = |j: usize| j != k && (pass == 1 || j < k) && !(by_container[j] && pass == 0 && j > k);
                // one context for every mention, its strings' buffers reused
                ctx.nearby.clear();
                match base_local.get(p.sentence) {
                    Some(l) => ctx.local.clone_from(l),
                    None => ctx.local.clear(),
                }
                ctx.countries.clone_from(&lex_countries);
                // divisions are written over the previous mention's, their
                // strings' buffers reused
                let (mut n_div, mut n_within) = (0, 0);
                let sitrep_geo::GeoContext {
                    countries: doc,
                    local,
                    divisions,
                    nearby,
                    within,
                } = &mut ctx;
                for (j, r) in res.iter().enumerate() {
                    let Some(r) = r.as_ref().filter(|_| others(j)) else {
                        continue;
                    };
                    if let (Some(la), Some(lo)) = (r.location.latitude, r.location.longitude) {
                        if r.location.precision != "country" {
                            nearby.push((la, lo));
                        }
                    }
                    if let Some(cc) = &r.location.cc3 {
                        add_country(cc, 0.5, doc);
                        // a state or country named in the sentence, not a city
                        // ("Moscow launched missiles at Kyiv, Washington said")
                        let wide = matches!(r.location.precision.as_str(), "admin1" | "country")
                            && (place_locative[j] || r.rule == "place:container");
                        if wide && places[j].sentence == p.sentence && !local.iter().any(|c| same_code(c, cc)) {
                            local.push(cc.clone());
                        }
                        if let Some(a1) = &r.location.admin1 {
                            match r.location.precision.as_str() {
                                "admin1" => put_pair(divisions, &mut n_div, cc, a1),
                                "country" => {}
                                _ => put_pair(within, &mut n_within, cc, a1),
                            }
                        }
                    }
                }
                divisions.truncate(n_div);
                within.truncate(n_within);
                let raw = &text[p.start..p.end];
                let titled: String;
                let name = if p.rule == "place:dateline" {
                    titled = title_case(raw);
                    titled.as_str()
                } else {
                    raw
                };
                let sent_span = sents.get(p.sentence).map(|s| (s.start, s.end)).unwrap_or((0, text.len()));
                let before = &text[sent_span.0.min(p.start)..p.start];
                let after = &text[p.end..sent_span.1.max(p.end)];
                let own_cc = if p.rule == "place:country" {
                    units.iter().find(|u| u.tok_start == p.tok_start).and_then(|u| match u.unit {
                        Unit::Lex(e, _) => lex.actor(e).code.clone(),
                        _ => None,
                    })
                } else {
                    None
                };
                let resolved = if let Some(cc) = &own_cc {
                    let as_country = g.country(cc).map(|l| Resolved {
                        location: l,
                        score: 1.0,
                        rule: "place:country".into(),
                        feature_code: "PCLI".into(),
                        population: 0,
                        container: None,
                    });
                    // "Voters in Georgia ... Atlanta": a country's name that is
                    // also a division elsewhere, read with the rest of the
                    // document (without the mention's own vote)
                    let other = if pass == 1 {
                        if let Some(e) = ctx.countries.iter_mut().find(|(c, _)| c == cc) {
                            e.1 = (e.1 - 1.0).max(0.0);
                        }
                        g.resolve(&PlaceQuery {
                            name,
                            before,
                            after,
                            context: &ctx,
                        })
                        .filter(|r| r.location.precision != "country" && r.feature_code == "ADM1")
                    } else {
                        None
                    };
                    other.or(as_country)
                } else {
                    // "Paris, Texas", "Springfield, Ill.": the container after a comma
                    let container = container_after(text, toks, p.tok_end, p.sentence, g);
                    let with_container = container.and_then(|end| {
                        g.resolve(&PlaceQuery {
                            name: &text[p.start..end],
                            before,
                            after: &text[end..sent_span.1.max(end)],
                            context: &ctx,
                        })
                    });
                    with_container.or_else(|| {
                        g.resolve(&PlaceQuery {
                            name,
                            before,
                            after,
                            context: &ctx,
                        })
                    })
                };
                if let Some(r) = &resolved {
                    // the container's own mention takes the container's reading
                    if let Some(c) = &r.container {
                        if let Some(j) = (k + 1..n).find(|&j| places[j].sentence == p.sentence && places[j].start > p.end) {
                            if text[p.end..places[j].start].trim() == "," {
                                by_container[j] = true;
                                res[j] = Some(Resolved {
                                    location: c.clone(),
                                    score: r.score,
                                    rule: "place:container".into(),
                                    feature_code: String::new(),
                                    population: 0,
                                    container: None,
                                });
                            }
                        }
                    }
                }
                if resolved.is_some() || pass == 0 {
                    res[k] = resolved;
                }
            }
        }
        // "Cambridge, Mass.": a container the gazetteer has no name for (a
        // state's abbreviation) is a place mention of its own, read as the
        // container
        let mut extra: Vec<PlaceMention> = Vec::new();
        for (k, r) in res.iter().enumerate() {
            let (Some(r), p) = (r, &places[k]) else { continue };
            let Some(c) = &r.container else { continue };
            let Some(end) = container_after(text, toks, p.tok_end, p.sentence, g) else {
                continue;
            };
            let (ts, te) = (p.tok_end + 1, toks.partition_point(|t| t.start < end));
            if ts >= te || places.iter().chain(&extra).any(|q| q.tok_start < te && ts < q.tok_end) {
                continue;
            }
            let start = toks[ts].start;
            let mut loc = c.clone();
            loc.text = text[start..end].to_string();
            extra.push(PlaceMention {
                tok_start: ts,
                tok_end: te,
                start,
                end,
                sentence: p.sentence,
                location: Some(loc),
                score: r.score,
                rule: "place:container".into(),
                from_lexicon: false,
                feature_code: String::new(),
                population: 0,
            });
        }
        for (k, r) in res.into_iter().enumerate() {
            let p = &mut places[k];
            let Some(r) = r else { continue };
            let mut loc = r.location;
            loc.text = text[p.start..p.end].to_string();
            if let Some(cc) = &loc.cc3 {
                add_country(cc, 0.5, &mut countries);
            }
            p.location = Some(loc);
            p.score = r.score;
            p.feature_code = r.feature_code;
            p.population = r.population;
            if p.rule != "place:dateline" {
                p.rule = r.rule;
            }
        }
        if !extra.is_empty() {
            places.extend(extra);
            places.sort_by_key(|p| p.tok_start);
        }
        for u in units.iter_mut() {
            if let Unit::Place(cc) = &mut u.unit {
                if let Some(p) = places.iter().find(|p| p.tok_start == u.tok_start) {
                    *cc = p.location.as_ref().and_then(|l| l.cc3.clone()).unwrap_or_default();
                }
            }
        }
    }
    // without a gazetteer reading, a lexicon country or capital is still a place
    for p in places.iter_mut().filter(|p| p.location.is_none() && p.from_lexicon) {
        let entry = units.iter().find(|u| u.tok_start == p.tok_start).and_then(|u| match u.unit {
            Unit::Lex(e, _) => Some(e),
            _ => None,
        });
        if let Some(e) = entry {
            let a = lex.actor(e);
            let text_here = text[p.start..p.end].to_string();
            let is_capital = p.rule == "place:capital";
            p.location = Some(Location {
                name: if is_capital { text_here.clone() } else { a.name.clone() },
                text: text_here,
                cc3: a.code.clone(),
                precision: if is_capital { "city".into() } else { "country".into() },
                ..Default::default()
            });
            p.rule = format!("{}:lexicon", p.rule);
        }
    }
    // a reading in another country than the place that contains it is
    // wrong ("the Eastleigh area of Nairobi, Kenya" is no English town;
    // "Seno province, Burkina Faso" no Lao one): the container places it
    for k in 0..places.len() {
        if places[k].from_lexicon || places[k].location.is_none() {
            continue;
        }
        let p = &places[k];
        let Some(q) = places.iter().find(|q| q.sentence == p.sentence && q.tok_start >= p.tok_end) else {
            continue;
        };
        let between: Vec<&str> = (p.tok_end..q.tok_start).map(|t| &text[toks[t].start..toks[t].end]).collect();
        let linked = !between.is_empty()
            && between.len() <= 4
            && between.iter().any(|w| *w == "," || w.eq_ignore_ascii_case("of"))
            && between.iter().all(|w| {
                let w = w.to_ascii_lowercase();
                w == "," || w == "of" || w == "the" || CONTAINER_NOUNS_SET.contains(w.as_str())
            });
        let (pc, qc) = (
            p.location.as_ref().and_then(|l| l.cc3.clone()),
            q.location.as_ref().and_then(|l| l.cc3.clone()),
        );
        if linked && pc.is_some() && qc.is_some() && pc != qc {
            places[k].location = None;
        }
    }
    places.retain(|p| p.location.is_some());
    // 5. names that are not places here: "Georgia Clarke", "Jordan Peterson";
    // capitals that speak for their government ("Washington said",
    // "Moscow's support"); small places that are ordinary words at a
    // sentence start ("Voters", "Snow")
    let not_here: Vec<bool> = places.iter().map(|p| not_a_place(text, toks, &units, lex, p)).collect();
    let mut k = 0;
    places.retain(|_| {
        k += 1;
        !not_here[k - 1]
    });
    // 6. "the Iraqi capital": the capital the lexicon gives that country,
    // unless the text names it ("the Afghan capital Kabul", "..., Kabul")
    if let Some(g) = geo {
        for u in units.iter() {
            let Unit::Lex(e, SurfaceRole::Adjective) = u.unit else { continue };
            let entry = lex.actor(e);
            if entry.kind != ActorKind::Country {
                continue;
            }
            let (Some(cc), Some(capital)) = (entry.code.as_deref(), entry.capitals.first()) else {
                continue;
            };
            let k = u.tok_end;
            let Some(t) = toks.get(k) else { continue };
            if lower(text, t) != "capital" || t.sentence != toks[u.tok_start].sentence {
                continue;
            }
            let named_after = toks.get(k + 1).is_some_and(|n| n.sentence == t.sentence && is_cap_word(text, n))
                || (toks.get(k + 1).is_some_and(|n| &text[n.start..n.end] == ",")
                    && toks.get(k + 2).is_some_and(|n| n.sentence == t.sentence && is_cap_word(text, n)));
            if named_after || places.iter().any(|p| p.tok_start < k + 1 && u.tok_start < p.tok_end) {
                continue;
            }
            let ctx = sitrep_geo::GeoContext::with_countries(&[cc]);
            let Some(r) = g.resolve(&PlaceQuery {
                name: capital,
                before: "",
                after: "",
                context: &ctx,
            }) else {
                continue;
            };
            if r.location.cc3.as_deref() != Some(cc) {
                continue;
            }
            let (start, end) = (toks[u.tok_start].start, t.end);
            let mut location = r.location;
            location.text = text[start..end].to_string();
            places.push(PlaceMention {
                tok_start: u.tok_start,
                tok_end: k + 1,
                start,
                end,
                sentence: t.sentence,
                location: Some(location),
                score: r.score,
                rule: "place:demonym-capital".into(),
                from_lexicon: true,
                feature_code: r.feature_code,
                population: r.population,
            });
        }
        places.sort_by_key(|p| p.start);
    }
    // 4. actor phrases
    let mentions = build_mentions(text, toks, sents, lex, &mut units, &countries);
    Entities {
        mentions,
        places,
        units,
        doc_countries: countries,
    }
}

/// "Paris, Texas", "Springfield, Ill.": the end (byte) of a container
/// name after a comma, when there is one.
fn container_after(text: &str, toks: &[Token], tok_end: usize, sentence: usize, g: &dyn Geo) -> Option<usize> {
    let comma = toks.get(tok_end)?;
    if &text[comma.start..comma.end] != "," {
        return None;
    }
    let s = tok_end + 1;
    let mut e = s;
    while e < toks.len() && e < s + 3 && toks[e].sentence == sentence && is_cap_word(text, &toks[e]) {
        e += 1;
        if g.is_container(&text[toks[s].start..toks[e - 1].end]) && !toks.get(e).is_some_and(|t| is_cap_word(text, t)) {
            break;
        }
    }
    if e == s {
        return None;
    }
    let mut end = toks[e - 1].end;
    if text[end..].starts_with('.') {
        end += 1;
    }
    let name = &text[toks[s].start..end];
    (g.is_container(name) || g.is_container(&text[toks[s].start..toks[e - 1].end])).then_some(end)
}

/// Nouns between a place and the place that contains it ("the Eastleigh
/// area of Nairobi", "Seno province, Burkina Faso").
const CONTAINER_NOUNS: &[&str] = &[
    "area",
    "district",
    "province",
    "region",
    "state",
    "county",
    "upazila",
    "tehsil",
    "taluk",
    "division",
    "governorate",
    "department",
    "municipality",
    "neighbourhood",
    "neighborhood",
    "suburb",
    "locality",
    "village",
    "town",
    "city",
    "township",
    "prefecture",
    "oblast",
    "commune",
];

/// Nouns after a place name that keep it a place ("Kerman Province", "Gaza
/// City", "Baghdad International Airport", "Jefferson County Sheriff").
const PLACE_HEADS: &[&str] = &[
    "city",
    "county",
    "province",
    "state",
    "district",
    "region",
    "governorate",
    "valley",
    "river",
    "airport",
    "international",
    "border",
    "strip",
    "island",
    "islands",
    "mountains",
    "desert",
    "sea",
    "gulf",
    "lake",
    "bay",
    "coast",
    "port",
    "square",
    "street",
    "road",
    "avenue",
    "bridge",
    "university",
    "hospital",
    "stadium",
    "police",
    "sheriff",
    "council",
    "court",
    "school",
    "college",
    "department",
    "office",
    "government",
    "ministry",
    "army",
    "forces",
    "mayor",
    "governor",
    "metro",
    "area",
    "township",
    "village",
    "town",
    "municipality",
];

/// Verbs after a capital that make it its government ("Washington said").
const GOVERNMENT_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "has",
    "have",
    "had",
    "will",
    "would",
    "wants",
    "vowed",
    "vows",
    "denied",
    "denies",
    "warned",
    "warns",
    "accused",
    "accuses",
    "announced",
    "announces",
    "rejected",
    "rejects",
    "insists",
    "insisted",
    "urged",
    "urges",
    "demanded",
    "demands",
    "responded",
    "condemned",
    "condemns",
    "agreed",
    "agrees",
    "refused",
    "refuses",
    "threatened",
    "threatens",
    "blamed",
    "blames",
    "claimed",
    "imposed",
    "sanctioned",
    "signed",
    "sent",
    "plans",
    "hopes",
    "believes",
    "considers",
    "called",
    "calls",
    "backed",
    "backs",
    "supports",
    "supported",
    "recalled",
    "expelled",
    "summoned",
    "traded",
    "welcomed",
    "criticised",
    "criticized",
    "dismissed",
    "protested",
    "pledged",
    "ordered",
    "retaliated",
    "confirmed",
    "declined",
    "suspended",
    "approved",
    "offered",
];

/// Nouns after "Washington's" that make it the government.
const GOVERNMENT_NOUNS: &[&str] = &[
    "support",
    "policy",
    "policies",
    "decision",
    "position",
    "response",
    "government",
    "stance",
    "ally",
    "allies",
    "relations",
    "role",
    "backing",
    "demands",
    "plan",
    "strategy",
    "approach",
    "sanctions",
    "envoy",
    "leadership",
    "regime",
    "claims",
    "accusations",
    "refusal",
    "move",
    "threats",
    "warning",
    "side",
    "officials",
    "diplomats",
    "state",
];

fn not_a_place(text: &str, toks: &[Token], units: &[UnitSpan], lex: &Lexicon, p: &PlaceMention) -> bool {
    let w = |k: usize| {
        toks.get(k)
            .filter(|t| t.sentence == p.sentence)
            .map(|t| lower(text, t))
            .unwrap_or_default()
    };
    let cap = |k: usize| toks.get(k).is_some_and(|t| t.sentence == p.sentence && is_cap_word(text, t));
    let adjacent = |a: usize, b: usize| {
        toks.get(a)
            .zip(toks.get(b))
            .is_some_and(|(x, y)| text[x.end..y.start].chars().all(|c| c == ' '))
    };
    let lex_word = |k: usize| {
        units
            .iter()
            .any(|u| u.tok_start <= k && k < u.tok_end && matches!(u.unit, Unit::Lex(e, _) if lex.actor(e).kind != ActorKind::Country))
    };
    let prev = if p.tok_start > 0 { w(p.tok_start - 1) } else { Lw::default() };
    let according = prev == "to" && p.tok_start >= 2 && w(p.tok_start - 2) == "according";
    let locative = (LOCATIVE_SET.contains(prev.as_str()) && !according) || is_direction(&prev) || prev == "of";
    // a first name: a place name followed by another capitalised name
    let next = w(p.tok_end);
    if !locative
        && cap(p.tok_end)
        && adjacent(p.tok_end - 1, p.tok_end)
        && !is_name_stop(&next)
        && !PLACE_HEADS_SET.contains(next.as_str())
        && !lex_word(p.tok_end)
    {
        return true;
    }
    // a surname after a first name the lexicon took for a place
    if !locative
        && p.tok_start > 0
        && cap(p.tok_start - 1)
        && adjacent(p.tok_start - 1, p.tok_start)
        && !is_name_stop(&prev)
        && !is_direction(&prev)
        && !is_filler(&prev)
        && !lex_word(p.tok_start - 1)
        && p.tok_end - p.tok_start == 1
    {
        return true;
    }
    // a capital for its government
    let capital = p.feature_code == "PPLC" || p.rule.starts_with("place:capital");
    // "due to Washington's support": "to" does not place a capital
    let in_capital = matches!(
        prev.as_str(),
        "in" | "at" | "near" | "inside" | "outside" | "into" | "across" | "around" | "throughout" | "within"
    ) || is_direction(&prev);
    if capital && !in_capital {
        let mut k = p.tok_end;
        if w(k) == "and" && cap(k + 1) {
            k += 2;
            while cap(k) {
                k += 1;
            }
        }
        if GOVERNMENT_VERBS_SET.contains(w(k).as_str()) {
            return true;
        }
        if matches!(w(k).as_str(), "'s" | "’s") && GOVERNMENT_NOUNS_SET.contains(w(k + 1).as_str()) {
            return true;
        }
        // "Washington and Beijing agreed": the second of the pair
        if p.tok_start >= 2 && prev == "and" && cap(p.tok_start - 2) && GOVERNMENT_VERBS_SET.contains(w(p.tok_end).as_str()) {
            return true;
        }
    }
    // an ordinary word at a sentence start that names a small place
    let first = p.tok_start == 0 || toks[p.tok_start - 1].sentence != p.sentence;
    let small = p.population < 20_000 && !matches!(p.feature_code.as_str(), "PPLA" | "PPLC" | "ADM1" | "PCLI" | "ADM2" | "");
    if first && small && p.tok_end - p.tok_start == 1 && w(p.tok_end) != "," && p.rule.starts_with("place:gazetteer") {
        return true;
    }
    false
}

fn looks_like_person(text: &str, toks: &[Token], s: usize, e: usize) -> bool {
    // "Georgia Smith said": a place name followed by a capitalised word, or
    // preceded by a title, reads as a person
    let prev = if s > 0 { lower(text, &toks[s - 1]) } else { Lw::default() };
    matches!(
        prev.as_str(),
        "mr" | "mrs" | "ms" | "dr" | "president" | "minister" | "general" | "gen" | "said"
    ) || (e > s && toks[s..e].iter().any(|t| lower(text, t) == "mr"))
}

fn build_mentions(
    text: &str,
    toks: &[Token],
    _sents: &[Sentence],
    lex: &Lexicon,
    units: &mut [UnitSpan],
    countries: &[(String, f32)],
) -> Vec<Mention> {
    // patrons: "Iran-backed", "U.S.-led", "pro-Iran", "Iranian-backed"
    for u in units.iter_mut() {
        let e = u.tok_end;
        if e + 1 < toks.len() && lower(text, &toks[e]) == "-" {
            let w = lower(text, &toks[e + 1]);
            if PATRON_SUFFIXES_SET.contains(w.as_str()) {
                u.patron = true;
            }
        }
        if u.tok_start >= 2
            && lower(text, &toks[u.tok_start - 1]) == "-"
            && matches!(lower(text, &toks[u.tok_start - 2]).as_str(), "pro" | "anti")
        {
            u.patron = true;
        }
    }
    let mut out = Vec::new();
    let mut k = 0;
    while k < units.len() {
        // grow a phrase: units joined by fillers, hyphen-patterns, "'s",
        // determiners, or "of"/"in" + a specific actor after a generic head
        let mut group = vec![k];
        let mut m = k + 1;
        while m < units.len() {
            let prev = &units[*group.last().unwrap_or(&k)];
            let next = &units[m];
            if toks[next.tok_start].sentence != toks[prev.tok_end - 1].sentence {
                break;
            }
            let gap: Vec<Lw> = (prev.tok_end..next.tok_start).map(|t| lower(text, &toks[t])).collect();
            // a dash with space on both sides ends a phrase: "SEOUL - North
            // Korea fired", "the army - and the police"
            let spaced_dash = (prev.tok_end..next.tok_start).any(|t| {
                matches!(&text[toks[t].start..toks[t].end], "-" | "\u{2013}" | "\u{2014}")
                    && t > 0
                    && toks[t].start > toks[t - 1].end
                    && toks.get(t + 1).is_none_or(|n| n.start > toks[t].end)
            });
            // "Honduras' government": the bare apostrophe of a plural possessive
            let s_apostrophe = |g: &Lw| matches!(g.as_str(), "'" | "\u{2019}") && text[..toks[prev.tok_end - 1].end].ends_with('s');
            let gap_ok = !spaced_dash
                && gap
                    .iter()
                    .all(|g| FILLERS_SET.contains(g.as_str()) || matches!(g.as_str(), "'s" | "’s" | "the" | "-") || s_apostrophe(g))
                || (prev.patron
                    && gap.len() <= 4
                    && gap
                        .iter()
                        .all(|g| g == "-" || FILLERS_SET.contains(g.as_str()) || PATRON_SUFFIXES_SET.contains(g.as_str())));
            let prev_generic = matches!(prev.unit, Unit::Lex(e, _) if lex.actor(e).kind.is_generic());
            let next_specific = match next.unit {
                Unit::Lex(e, r) => !lex.actor(e).kind.is_generic() && r != SurfaceRole::Adjective,
                Unit::Place(_) | Unit::Name => true,
            };
            let of_link = prev_generic
                && next_specific
                && !gap.is_empty()
                && matches!(gap[0].as_str(), "of" | "in" | "from")
                && gap.len() <= 3
                && gap[1..]
                    .iter()
                    .all(|g| matches!(g.as_str(), "the" | "a" | "an" | "-") || FILLERS_SET.contains(g.as_str()));
            if gap_ok || (of_link && !spaced_dash) {
                group.push(m);
                m += 1;
            } else {
                break;
            }
        }
        let first = &units[group[0]];
        let last = &units[*group.last().unwrap_or(&k)];
        // extend to the left over fillers ("senior", "top") for the text
        let mut ts = first.tok_start;
        while ts > 0 && toks[ts - 1].sentence == toks[first.tok_start].sentence && FILLERS_SET.contains(lower(text, &toks[ts - 1]).as_str())
        {
            ts -= 1;
        }
        let te = last.tok_end;
        let mut mention = Mention {
            tok_start: ts,
            tok_end: te,
            start: toks[ts].start,
            end: toks[te - 1].end,
            sentence: toks[ts].sentence,
            code: None,
            sector: None,
            identifier_text: None,
            identifier_id: None,
            named: false,
            modifier_only: false,
            is_place_name: false,
            person: false,
            plural: false,
            patron: None,
            rule: String::new(),
        };
        resolve_phrase(text, toks, lex, units, &group, countries, &mut mention);
        out.push(mention);
        k = m;
    }
    out
}

fn resolve_phrase(
    text: &str,
    toks: &[Token],
    lex: &Lexicon,
    units: &[UnitSpan],
    group: &[usize],
    _countries: &[(String, f32)],
    m: &mut Mention,
) {
    let mut head_generic: Option<usize> = None; // entry
    let mut specific: Option<(usize, SurfaceRole)> = None;
    let mut name_unit: Option<&UnitSpan> = None;
    let mut place_cc: Option<String> = None;
    let mut rules = Vec::new();
    for &g in group {
        let u = &units[g];
        if u.patron {
            if let Unit::Lex(e, _) = u.unit {
                m.patron = lex.actor(e).code.clone();
            }
            continue;
        }
        match &u.unit {
            Unit::Lex(e, r) => {
                let a = lex.actor(*e);
                if a.kind.is_generic() {
                    head_generic = Some(*e);
                } else if a.kind == ActorKind::Person || specific.is_none_or(|(s, _)| lex.actor(s).kind != ActorKind::Person) {
                    specific = Some((*e, *r));
                }
                rules.push(format!("actor:{}", a.id));
            }
            Unit::Name => {
                name_unit = Some(u);
                rules.push("actor:name".into());
            }
            Unit::Place(cc) => {
                if !cc.is_empty() {
                    place_cc = Some(cc.clone());
                }
                rules.push("actor:place-modifier".into());
            }
        }
    }
    let last = &units[*group.last().unwrap_or(&0)];
    if let Some((e, role)) = specific {
        let a = lex.actor(e);
        m.code = a.code.clone().or_else(|| a.country.clone());
        m.sector = a.sector.clone();
        m.identifier_text = Some(a.name.clone());
        m.identifier_id = Some(a.id.clone());
        m.named = role != SurfaceRole::Adjective;
        m.person = a.kind == ActorKind::Person;
        if role == SurfaceRole::Capital || a.kind == ActorKind::Country {
            m.sector = Some("GOV".into());
        }
        let only = group.iter().filter(|&&g| !units[g].patron).count() == 1;
        if only && a.kind == ActorKind::Country {
            m.is_place_name = true;
        }
        if only && role == SurfaceRole::Capital {
            m.is_place_name = true;
        }
        if only && role == SurfaceRole::Adjective {
            m.modifier_only = true;
        }
    } else if let Some(cc) = &place_cc {
        m.code = Some(cc.clone());
        if group.len() == 1 {
            m.is_place_name = true;
            m.modifier_only = true;
        }
    }
    let head_is_last_generic = matches!(last.unit, Unit::Lex(e, _) if lex.actor(e).kind.is_generic());
    if let Some(h) = head_generic {
        let ha = lex.actor(h);
        let spec_kind = specific.map(|(e, _)| lex.actor(e).kind);
        let spec_nonstate = matches!(spec_kind, Some(ActorKind::Group));
        if head_is_last_generic || m.sector.is_none() {
            // "a Hamas official": the group's code, the head's sector unless
            // the group's own fighters are meant
            if !(spec_nonstate && matches!(ha.sector.as_deref(), Some("MIL") | Some("INS") | Some("REB"))) {
                m.sector = ha.sector.clone();
            }
            if specific.is_none_or(|(e, _)| lex.actor(e).kind != ActorKind::Person) {
                m.modifier_only = false;
                m.is_place_name = false;
            }
        }
        if ha.kind == ActorKind::Title {
            m.person = true;
        }
        let head_text = lower(text, &toks[last.tok_end - 1]);
        m.plural = head_is_last_generic && head_text.ends_with('s') && !head_text.ends_with("ss") && head_text != "police";
        if specific.is_none() && m.identifier_text.is_none() {
            m.identifier_text = None;
        }
    }
    if let Some(nu) = name_unit {
        // a person's name after a title or a country adjective
        let name = text[toks[nu.tok_start].start..toks[nu.tok_end - 1].end].to_string();
        if specific.is_none_or(|(e, _)| lex.actor(e).kind != ActorKind::Person) {
            let is_last = std::ptr::eq(nu, last);
            if is_last {
                m.identifier_text = Some(name);
                m.identifier_id = None;
                m.named = true;
                m.modifier_only = false;
                m.is_place_name = false;
                if head_generic.is_some_and(|h| lex.actor(h).kind == ActorKind::Title) || nu.tok_end - nu.tok_start >= 2 {
                    m.person = true;
                }
            }
        }
    }
    if m.code.is_none() {
        if let Some(cc) = place_cc {
            m.code = Some(cc);
        }
    }
    m.rule = rules.join(",");
}
