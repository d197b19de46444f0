//! Whole-word matching of many surface forms at once.
//!
//! The text is searched in a normalised copy of the same byte length (ASCII
//! lower case, hyphens and line breaks as spaces), so every match is a byte
//! span of the original text.

use crate::ActorEntry;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::HashMap;

/// How an actor surface form refers to its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SurfaceRole {
    /// Its name or an alias ("Iraq", "PMF").
    Name,
    /// A demonym or adjective ("Iraqi").
    Adjective,
    /// A capital or seat of government used for the government ("Tehran").
    Capital,
}

/// The case rule of a surface form, decided from how the data file spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseRule {
    /// An acronym in capitals must match exactly ("IS" is not "is").
    Exact,
    /// A proper name needs its capital initial in the text.
    InitialCap,
    /// A common noun matches in any case.
    Any,
}

impl CaseRule {
    pub fn of(alias: &str) -> CaseRule {
        let letters: Vec<char> = alias.chars().filter(|c| c.is_alphabetic()).collect();
        let upper = letters.iter().filter(|c| c.is_uppercase()).count();
        if upper >= 2 && upper == letters.len() {
            CaseRule::Exact
        } else if alias.chars().next().is_some_and(|c| c.is_uppercase()) {
            CaseRule::InitialCap
        } else {
            CaseRule::Any
        }
    }

    pub fn accepts(self, alias: &str, found: &str) -> bool {
        match self {
            CaseRule::Exact => alias == found,
            CaseRule::InitialCap => found.chars().next().is_some_and(|c| c.is_uppercase()),
            CaseRule::Any => true,
        }
    }
}

/// One candidate reading of an actor surface form.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorCand {
    pub entry: usize,
    pub role: SurfaceRole,
    pub case: CaseRule,
    pub alias: String,
}

/// An actor surface form found in a text.
#[derive(Debug, Clone)]
pub struct ActorHit {
    pub start: usize,
    pub end: usize,
    pub candidates: Vec<ActorCand>,
}

/// A trigger pattern found in a text: indices into `Lexicon::triggers`.
#[derive(Debug, Clone)]
pub struct TriggerHit {
    pub start: usize,
    pub end: usize,
    pub candidates: Vec<usize>,
}

pub(crate) fn case_ok(_entry: &ActorEntry, cand: &ActorCand, found: &str) -> bool {
    cand.case.accepts(&cand.alias, found)
}

/// Lower-cases ASCII, turns hyphens and whitespace into spaces; same length.
pub fn normalise_for_search(text: &str) -> Vec<u8> {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' => b + 32,
            b'-' | b'\n' | b'\r' | b'\t' => b' ',
            _ => b,
        })
        .collect()
}

/// The key a surface form is stored under.
pub fn normalise_key(s: &str) -> String {
    let n = normalise_for_search(s.trim());
    let s = String::from_utf8_lossy(&n).to_string();
    s.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn is_word_char_before(text: &str, pos: usize) -> bool {
    text[..pos].chars().next_back().is_some_and(|c| c.is_alphanumeric())
}

fn is_word_char_at(text: &str, pos: usize) -> bool {
    text[pos..].chars().next().is_some_and(|c| c.is_alphanumeric())
}

/// Many surface forms, each with its candidate readings.
pub struct SurfaceMatcher<T> {
    ac: Option<AhoCorasick>,
    cands: Vec<Vec<T>>,
}

impl<T: Clone> SurfaceMatcher<T> {
    pub fn build(map: HashMap<String, Vec<T>>) -> SurfaceMatcher<T> {
        Self::build_kind(map, None)
    }

    /// [`SurfaceMatcher::build`] with a DFA: several times the memory and
    /// build time of the default, for the fastest search; for small sets.
    pub fn build_dfa(map: HashMap<String, Vec<T>>) -> SurfaceMatcher<T> {
        Self::build_kind(map, Some(AhoCorasickKind::DFA))
    }

    fn build_kind(map: HashMap<String, Vec<T>>, kind: Option<AhoCorasickKind>) -> SurfaceMatcher<T> {
        let mut keys: Vec<(String, Vec<T>)> = map.into_iter().filter(|(k, _)| !k.is_empty()).collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        let pats: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(kind)
            .build(&pats)
            .or_else(|_| AhoCorasick::builder().match_kind(MatchKind::Standard).build(&pats))
            .ok();
        SurfaceMatcher {
            ac,
            cands: keys.into_iter().map(|(_, v)| v).collect(),
        }
    }

    /// Whole-word matches, longest first at each start, without overlaps;
    /// `keep` decides which candidates a found surface supports.
    pub fn find(&self, text: &str, keep: impl Fn(&T, &str) -> bool) -> Vec<(usize, usize, Vec<T>)> {
        let Some(ac) = &self.ac else { return Vec::new() };
        let hay = normalise_for_search(text);
        // (start, end, pattern) of whole-word hits with a candidate kept;
        // the candidates are copied only for the hits chosen
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for m in ac.find_overlapping_iter(&hay[..]) {
            let (s, e) = (m.start(), m.end());
            if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            if is_word_char_before(text, s) || is_word_char_at(text, e) {
                continue;
            }
            let surface = &text[s..e];
            let pattern = m.pattern().as_usize();
            if self.cands[pattern].iter().any(|c| keep(c, surface)) {
                found.push((s, e, pattern));
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out: Vec<(usize, usize, Vec<T>)> = Vec::new();
        let mut last_end = 0;
        for (s, e, pattern) in found {
            if s >= last_end {
                last_end = e;
                let surface = &text[s..e];
                let kept: Vec<T> = self.cands[pattern].iter().filter(|c| keep(c, surface)).cloned().collect();
                out.push((s, e, kept));
            }
        }
        out
    }
}
