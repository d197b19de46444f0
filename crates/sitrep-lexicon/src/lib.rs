//! sitrep's knowledge: actors, trigger patterns and the ontology's
//! cross-walks, read from tab-separated files (see `data/README.md`) and
//! compiled once into Aho-Corasick automata.
//!
//! ```
//! let lex = sitrep_lexicon::Lexicon::load(&[]).unwrap();
//! let text = "Iraqi police arrested two men in Basra.";
//! let hits = lex.find_actors(text);
//! assert!(hits.iter().any(|h| &text[h.start..h.end] == "Iraqi"));
//! ```
//!
//! The built-in files are compiled into the library; `Lexicon::load` adds a
//! user's directories after them (later entries replace earlier ones with the
//! same id) and keeps a diagnostic for every line it could not use.

mod inflect;
mod load;
mod matcher;
pub mod petrarch;

pub use inflect::{noun_forms, verb_forms};
pub use load::read_dir_files;
pub use load::Diagnostic;
pub use matcher::{normalise_key, ActorCand, ActorHit, CaseRule, SearchText, SurfaceRole, TriggerHit};

pub use sitrep_core::{Category, Date};
use std::collections::HashMap;
use std::path::PathBuf;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// What kind of thing an actor entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActorKind {
    Country,
    Igo,
    Ngo,
    Group,
    Force,
    Party,
    Institution,
    Media,
    Person,
    Agent,
    Title,
}

impl ActorKind {
    pub fn parse(s: &str) -> Option<ActorKind> {
        Some(match s {
            "country" => ActorKind::Country,
            "igo" => ActorKind::Igo,
            "ngo" => ActorKind::Ngo,
            "group" => ActorKind::Group,
            "force" => ActorKind::Force,
            "party" => ActorKind::Party,
            "institution" => ActorKind::Institution,
            "media" => ActorKind::Media,
            "person" => ActorKind::Person,
            "agent" => ActorKind::Agent,
            "title" => ActorKind::Title,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            ActorKind::Country => "country",
            ActorKind::Igo => "igo",
            ActorKind::Ngo => "ngo",
            ActorKind::Group => "group",
            ActorKind::Force => "force",
            ActorKind::Party => "party",
            ActorKind::Institution => "institution",
            ActorKind::Media => "media",
            ActorKind::Person => "person",
            ActorKind::Agent => "agent",
            ActorKind::Title => "title",
        }
    }

    /// Generic nouns and titles take their code from a modifier.
    pub fn is_generic(self) -> bool {
        matches!(self, ActorKind::Agent | ActorKind::Title)
    }
}

/// One actor entry.
#[derive(Debug, Clone)]
pub struct ActorEntry {
    pub id: String,
    pub kind: ActorKind,
    pub code: Option<String>,
    pub sector: Option<String>,
    pub name: String,
    pub aliases: Vec<String>,
    pub country: Option<String>,
    pub parent: Option<String>,
    pub adjectives: Vec<String>,
    pub capitals: Vec<String>,
    pub office: Option<String>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// Where the entry was read: file and line.
    pub origin: String,
}

impl ActorEntry {
    /// Whether a dated entry (an office holder) holds on `date`.
    pub fn valid_on(&self, date: Option<Date>) -> bool {
        let Some(d) = date else { return true };
        self.from.is_none_or(|f| f <= d) && self.to.is_none_or(|t| d <= t)
    }
}

/// Part of speech of a trigger pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pos {
    Verb,
    Noun,
    Exact,
}

/// One trigger pattern.
#[derive(Debug, Clone)]
pub struct TriggerEntry {
    pub pattern: String,
    pub pos: Pos,
    pub category: Category,
    pub mode: Option<String>,
    pub cameo: Option<String>,
    pub flags: Vec<String>,
    pub origin: String,
}

/// One entry of a `ctx=` or `notctx=` list: a word, or a phrase of words
/// in a row.
#[derive(Debug, Clone, PartialEq)]
pub enum CtxItem {
    Word(String),
    Phrase(Vec<String>),
}

impl CtxItem {
    fn parse_list(list: &str) -> Vec<CtxItem> {
        list.split('|')
            .map(|x| {
                if x.contains(' ') {
                    CtxItem::Phrase(x.split(' ').filter(|p| !p.is_empty()).map(str::to_string).collect())
                } else {
                    CtxItem::Word(x.to_string())
                }
            })
            .collect()
    }

    /// Whether the item occurs: a word among `window` (the words around a
    /// pattern), a phrase in a row in `full` (the same words with the
    /// pattern's own).
    pub fn occurs(&self, window: &[&str], full: &[&str]) -> bool {
        match self {
            CtxItem::Word(w) => window.contains(&w.as_str()),
            CtxItem::Phrase(parts) => {
                !parts.is_empty()
                    && full
                        .windows(parts.len())
                        .any(|w| w.iter().zip(parts).all(|(a, b)| *a == b.as_str()))
            }
        }
    }
}

/// A trigger entry's attributes read once from its flags.
#[derive(Debug, Clone)]
pub struct TriggerFlags {
    /// `ctx=`: the pattern holds only with one of these around it.
    pub ctx: Option<Vec<CtxItem>>,
    /// `notctx=`: the pattern does not hold with one of these around it.
    pub notctx: Option<Vec<CtxItem>>,
    pub merge: bool,
    pub weak: bool,
    /// `src=speaker`
    pub src_speaker: bool,
    /// `subj=recipient`
    pub subj_recipient: bool,
    /// The rule name of the pattern: `trigger:` and its words joined by hyphens.
    pub rule: String,
}

impl TriggerFlags {
    fn of(t: &TriggerEntry) -> TriggerFlags {
        TriggerFlags {
            ctx: t.flag_value("ctx").map(CtxItem::parse_list),
            notctx: t.flag_value("notctx").map(CtxItem::parse_list),
            merge: t.has_flag("merge"),
            weak: t.has_flag("weak"),
            src_speaker: t.flag_value("src") == Some("speaker"),
            subj_recipient: t.flag_value("subj") == Some("recipient"),
            rule: format!("trigger:{}", t.pattern.replace(' ', "-")),
        }
    }
}

impl TriggerEntry {
    pub fn has_flag(&self, f: &str) -> bool {
        self.flags.iter().any(|x| x == f)
    }

    /// The value of a `key=value` attribute (`ctx`, `notctx`, `subj`, `src`).
    pub fn flag_value(&self, key: &str) -> Option<&str> {
        self.flags
            .iter()
            .find_map(|f| f.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
    }

    /// Whether the `ctx=` and `notctx=` conditions hold for `window`, the
    /// lower-cased words around the pattern (not the pattern's own words).
    /// A condition entry with a space is a phrase of consecutive words.
    pub fn context_ok(&self, window: &[&str]) -> bool {
        let joined = format!(" {} ", window.join(" "));
        let has = |list: &str| {
            list.split('|').any(|x| {
                if x.contains(' ') {
                    joined.contains(&format!(" {x} "))
                } else {
                    window.contains(&x)
                }
            })
        };
        self.flag_value("ctx").is_none_or(has) && self.flag_value("notctx").is_none_or(|l| !has(l))
    }
}

/// Words around a trigger that `ctx=`/`notctx=` look at, in the same sentence.
pub const CONTEXT_WINDOW: usize = 6;

/// CAMEO and ACLED cross-walk of a category and mode.
#[derive(Debug, Clone, Default)]
pub struct Crosswalk {
    pub cameo: String,
    pub acled_event_type: Option<String>,
    pub acled_sub_event_type: Option<String>,
}

/// Word and punctuation tokens of `text` as (start, end, ends a sentence).
fn context_tokens(text: &str) -> Vec<(usize, usize, bool)> {
    let mut toks = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if !d.is_alphanumeric() {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            toks.push((i, end, false));
        } else if !c.is_whitespace() {
            toks.push((i, i + c.len_utf8(), matches!(c, '.' | '!' | '?' | ';')));
        }
    }
    toks
}

/// The compiled lexicon.
pub struct Lexicon {
    pub actors: Vec<ActorEntry>,
    pub triggers: Vec<TriggerEntry>,
    pub diagnostics: Vec<Diagnostic>,
    crosswalk: HashMap<(Category, String), Crosswalk>,
    actor_matcher: matcher::SurfaceMatcher<ActorCand>,
    trigger_matcher: matcher::SurfaceMatcher<usize>,
    cue_matcher: matcher::SurfaceMatcher<String>,
    by_id: HashMap<String, usize>,
    /// Office titles as written ("premier") to office keys ("prime-minister"), from `offices.tsv`.
    office_titles: HashMap<String, String>,
    office_fallbacks: HashMap<String, Vec<String>>,
    /// Indices of the dated office holders (`actors`) of each office key.
    office_holders: HashMap<String, Vec<usize>>,
    /// The last word of every office title (`office_titles`).
    office_title_ends: std::collections::HashSet<String>,
    /// `triggers[i]`'s flags, parsed.
    trigger_flags: Vec<TriggerFlags>,
}

impl Lexicon {
    /// The built-in lexicon followed by the files of `extra_dirs`.
    pub fn load(extra_dirs: &[PathBuf]) -> anyhow::Result<Lexicon> {
        let mut files: Vec<(String, String)> = embedded::FILES
            .iter()
            .map(|(p, c)| (format!("data/lexicon/{p}"), c.to_string()))
            .collect();
        load::core_triggers_last(&mut files);
        for dir in extra_dirs {
            files.extend(load::read_dir_files(dir)?);
        }
        Ok(load::compile(files))
    }

    /// Only the files of `dirs`, without the built-in lexicon (for checking).
    pub fn load_only(dirs: &[PathBuf]) -> anyhow::Result<Lexicon> {
        let mut files = Vec::new();
        for dir in dirs {
            files.extend(load::read_dir_files(dir)?);
        }
        Ok(load::compile(files))
    }

    /// Every actor surface form in `text` that passes its case rule, longest
    /// first at each position, not overlapping.
    pub fn find_actors(&self, text: &str) -> Vec<ActorHit> {
        self.find_actors_in(&SearchText::new(text))
    }

    /// [`Lexicon::find_actors`] over a text prepared once ([`SearchText::new`]).
    pub fn find_actors_in(&self, st: &SearchText) -> Vec<ActorHit> {
        self.actor_matcher
            .find_in(st, |c, surface| matcher::case_ok(&self.actors[c.entry], c, surface))
            .into_iter()
            .map(|(start, end, cands)| ActorHit {
                start,
                end,
                candidates: cands,
            })
            .collect()
    }

    /// Every trigger pattern in `text`, longest first, not overlapping.
    pub fn find_triggers(&self, text: &str) -> Vec<TriggerHit> {
        self.find_triggers_in(&SearchText::new(text))
    }

    /// [`Lexicon::find_triggers`] over a text prepared once ([`SearchText::new`]).
    pub fn find_triggers_in(&self, st: &SearchText) -> Vec<TriggerHit> {
        self.trigger_matcher
            .find_in(st, |_, _| true)
            .into_iter()
            .map(|(start, end, cands)| TriggerHit {
                start,
                end,
                candidates: cands,
            })
            .collect()
    }

    /// Like [`Lexicon::find_triggers`], but keeps only the readings whose
    /// `ctx=`/`notctx=` conditions hold in the words around the hit (up to
    /// [`CONTEXT_WINDOW`] tokens on each side, within the sentence); hits left
    /// without a reading are dropped. Part of speech, `weak` and the other
    /// argument rules are the coder's to apply.
    pub fn find_triggers_in_context(&self, text: &str) -> Vec<TriggerHit> {
        let toks = context_tokens(text);
        let mut out = Vec::new();
        for mut h in self.find_triggers(text) {
            let ts = toks.partition_point(|t| t.0 < h.start);
            let te = toks.partition_point(|t| t.0 < h.end);
            let sentence_start = toks[..ts].iter().rposition(|t| t.2).map_or(0, |i| i + 1);
            let sentence_end = toks[te..].iter().position(|t| t.2).map_or(toks.len(), |i| te + i);
            let from = ts.saturating_sub(CONTEXT_WINDOW).max(sentence_start);
            let to = (te + CONTEXT_WINDOW).min(sentence_end);
            let words: Vec<String> = (from..ts)
                .chain(te..to)
                .map(|k| text[toks[k].0..toks[k].1].to_lowercase())
                .collect();
            let window: Vec<&str> = words.iter().map(String::as_str).collect();
            h.candidates.retain(|&i| self.triggers[i].context_ok(&window));
            if !h.candidates.is_empty() {
                out.push(h);
            }
        }
        out
    }

    /// Cue words and phrases (`cues.tsv`: claims, reporting verbs, negation,
    /// modality, casualty words): (start, end, roles).
    pub fn find_cues(&self, text: &str) -> Vec<(usize, usize, Vec<String>)> {
        self.find_cues_in(&SearchText::new(text))
    }

    /// [`Lexicon::find_cues`] over a text prepared once ([`SearchText::new`]).
    pub fn find_cues_in(&self, st: &SearchText) -> Vec<(usize, usize, Vec<String>)> {
        self.cue_matcher.find_in(st, |_, _| true)
    }

    /// The parsed flags of `triggers[idx]`.
    pub fn trigger_flags(&self, idx: usize) -> &TriggerFlags {
        &self.trigger_flags[idx]
    }

    /// Whether some office title ends in this word (lower case, as
    /// [`normalise_key`] writes it): a quick test before [`Lexicon::office_holder`].
    pub fn is_office_title_end(&self, word: &str) -> bool {
        self.office_title_ends.contains(word)
    }

    pub fn actor(&self, idx: usize) -> &ActorEntry {
        &self.actors[idx]
    }

    pub fn actor_by_id(&self, id: &str) -> Option<&ActorEntry> {
        self.by_id.get(id).map(|&i| &self.actors[i])
    }

    /// The office key (`office=` of `actors/office_holders.tsv`) of a title as
    /// written in text: "the Prime Minister", "premier" and "PM" give
    /// `prime-minister`; `None` for a title `offices.tsv` does not know.
    pub fn office_key(&self, title: &str) -> Option<&str> {
        let k = normalise_key(title);
        let k = k.strip_prefix("the ").unwrap_or(&k);
        self.office_titles.get(k).map(String::as_str)
    }

    /// Who holds the office named by `title` in the country `cc3` (ISO
    /// alpha-3) on `date`: "the president" of USA on 2021-03-01 is Joe Biden,
    /// on 2019-03-01 Donald Trump. On a handover day the incoming holder wins.
    /// When nobody is known for the office, its fallbacks in `offices.tsv`
    /// are tried ("head of state" falls back to president, king, emir, …).
    pub fn office_holder(&self, title: &str, cc3: &str, date: Date) -> Option<&ActorEntry> {
        let key = self.office_key(title)?;
        let mut tried: Vec<&str> = Vec::new();
        let mut queue: Vec<&str> = vec![key];
        while let Some(office) = queue.first().copied() {
            queue.remove(0);
            if tried.contains(&office) {
                continue;
            }
            tried.push(office);
            let best = self
                .office_holders
                .get(office)
                .into_iter()
                .flatten()
                .map(|&i| &self.actors[i])
                .filter(|a| a.country.as_deref().or(a.code.as_deref()) == Some(cc3))
                .filter(|a| a.from.is_some() && a.valid_on(Some(date)))
                .max_by_key(|a| a.from);
            if best.is_some() {
                return best;
            }
            if let Some(f) = self.office_fallbacks.get(office) {
                queue.extend(f.iter().map(String::as_str));
            }
        }
        None
    }

    /// CAMEO and ACLED cross-walk for a category and mode; falls back to the
    /// category's default row.
    pub fn crosswalk(&self, cat: Category, mode: Option<&str>) -> Crosswalk {
        if let Some(m) = mode {
            if let Some(c) = self.crosswalk.get(&(cat, m.to_string())) {
                return c.clone();
            }
        }
        self.crosswalk.get(&(cat, String::new())).cloned().unwrap_or_else(|| Crosswalk {
            cameo: cat.default_cameo().to_string(),
            ..Default::default()
        })
    }

    /// Counts for `sitrep lexicon stats`.
    pub fn stats(&self) -> Vec<(String, usize)> {
        let count = |k: &[ActorKind]| self.actors.iter().filter(|a| k.contains(&a.kind)).count();
        let holders = self
            .actors
            .iter()
            .filter(|a| a.kind == ActorKind::Person && a.from.is_some())
            .count();
        let mut per_cat: HashMap<Category, usize> = HashMap::new();
        for t in &self.triggers {
            *per_cat.entry(t.category).or_default() += 1;
        }
        let mut out = vec![
            ("countries".to_string(), count(&[ActorKind::Country])),
            ("armed groups".to_string(), count(&[ActorKind::Group])),
            ("organisations".to_string(), count(&[ActorKind::Igo, ActorKind::Ngo])),
            (
                "security forces and institutions".to_string(),
                count(&[ActorKind::Force, ActorKind::Institution]),
            ),
            ("parties".to_string(), count(&[ActorKind::Party])),
            ("media".to_string(), count(&[ActorKind::Media])),
            ("office holders".to_string(), holders),
            (
                "generic agents and titles".to_string(),
                count(&[ActorKind::Agent, ActorKind::Title]),
            ),
            ("trigger patterns".to_string(), self.triggers.len()),
        ];
        for c in sitrep_core::ontology::ALL_CATEGORIES {
            out.push((format!("trigger patterns {}", c.name()), per_cat.get(&c).copied().unwrap_or(0)));
        }
        out
    }
}
