//! Whole-word matching of many surface forms at once.
//!
//! The text is searched in a normalised copy of the same byte length (ASCII
//! lower case, hyphens and line breaks as spaces), so every match is a byte
//! span of the original text.

use crate::ActorEntry;
use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};
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
    // already a key: lower case, single spaces, no hyphens or line breaks
    let b = s.as_bytes();
    if !b.is_empty()
        && b[0] != b' '
        && b[b.len() - 1] != b' '
        && !b.windows(2).any(|w| w == b"  ")
        && !b
            .iter()
            .any(|c| c.is_ascii_uppercase() || matches!(c, b'-' | b'\n' | b'\r' | b'\t'))
        && !s.chars().any(|c| c.is_whitespace() && c != ' ')
    {
        return s.to_string();
    }
    let n = normalise_for_search(s.trim());
    let s = String::from_utf8_lossy(&n).to_string();
    s.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// A text as the matchers search it: its normalised bytes and the byte
/// offsets where a whole word may start (after a character that is not a
/// letter or digit).
pub struct SearchText<'a> {
    text: &'a str,
    hay: Vec<u8>,
    starts: Vec<u32>,
}

impl<'a> SearchText<'a> {
    pub fn new(text: &'a str) -> SearchText<'a> {
        let mut starts = Vec::with_capacity(text.len() / 4);
        let mut prev_alnum = false;
        if text.is_ascii() {
            for (i, b) in text.bytes().enumerate() {
                if !prev_alnum {
                    starts.push(i as u32);
                }
                prev_alnum = b.is_ascii_alphanumeric();
            }
        } else {
            for (i, c) in text.char_indices() {
                if !prev_alnum {
                    starts.push(i as u32);
                }
                prev_alnum = c.is_alphanumeric();
            }
        }
        SearchText {
            text,
            hay: normalise_for_search(text),
            starts,
        }
    }
}

fn starts_alnum(s: &str) -> bool {
    match s.as_bytes().first() {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => s.chars().next().is_some_and(char::is_alphanumeric),
    }
}

/// Many surface forms, each with its candidate readings.
///
/// The forms are compiled into an Aho-Corasick automaton (a contiguous NFA:
/// compact, built in milliseconds) that the search walks anchored from every
/// position that can start a whole word, so no time goes on forms that only
/// occur inside words. (A DFA searched the same way takes fewer
/// instructions but about 400 ms and 60 MB more at start-up, and no less
/// time on news.)
pub struct SurfaceMatcher<T> {
    nfa: Option<NFA>,
    cands: Vec<Vec<T>>,
}

impl<T: Clone> SurfaceMatcher<T> {
    pub fn build(map: HashMap<String, Vec<T>>) -> SurfaceMatcher<T> {
        let mut keys: Vec<(String, Vec<T>)> = map.into_iter().filter(|(k, _)| !k.is_empty()).collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        let pats: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
        let nfa = NFA::builder().match_kind(MatchKind::Standard).prefilter(false).build(&pats).ok();
        SurfaceMatcher {
            nfa,
            cands: keys.into_iter().map(|(_, v)| v).collect(),
        }
    }

    /// Whole-word matches, longest first at each start, without overlaps;
    /// `keep` decides which candidates a found surface supports.
    pub fn find_in(&self, st: &SearchText, keep: impl Fn(&T, &str) -> bool) -> Vec<(usize, usize, Vec<T>)> {
        let Some(nfa) = &self.nfa else { return Vec::new() };
        let Ok(root) = nfa.start_state(Anchored::Yes) else {
            return Vec::new();
        };
        let (text, hay) = (st.text, &st.hay[..]);
        let mut out: Vec<(usize, usize, Vec<T>)> = Vec::new();
        let mut last_end = 0;
        for &s in &st.starts {
            let s = s as usize;
            if s < last_end {
                continue;
            }
            // the longest whole-word form starting at `s` with a kept candidate
            let mut best: Option<(usize, usize)> = None;
            let mut sid = root;
            for (i, &b) in hay.iter().enumerate().skip(s) {
                sid = nfa.next_state(Anchored::Yes, sid, b);
                if nfa.is_dead(sid) {
                    break;
                }
                if !nfa.is_match(sid) {
                    continue;
                }
                let e = i + 1;
                for k in 0..nfa.match_len(sid) {
                    let pid = nfa.match_pattern(sid, k);
                    // a match state also lists the forms that end here but
                    // start later
                    if nfa.pattern_len(pid) != e - s {
                        continue;
                    }
                    if !text.is_char_boundary(e) || starts_alnum(&text[e..]) {
                        continue;
                    }
                    let pattern = pid.as_usize();
                    let surface = &text[s..e];
                    if self.cands[pattern].iter().any(|c| keep(c, surface)) {
                        best = Some((e, pattern));
                    }
                }
            }
            if let Some((e, pattern)) = best {
                let surface = &text[s..e];
                let kept: Vec<T> = self.cands[pattern].iter().filter(|c| keep(c, surface)).cloned().collect();
                out.push((s, e, kept));
                last_end = e;
            }
        }
        out
    }
}
