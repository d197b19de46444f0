//! Event mentions: triggers chosen in context, their arguments, counts,
//! attribution, modality, place and date.

use crate::entities::{is_direction, Entities, Mention, LOCATIVE_SET};
use crate::numbers::{number_at, NumberExpr};
use crate::text::{Sentence, TokKind, Token};
use crate::times::{Precision, Timex, TimexType};
use sitrep_core::{Actor, Attribution, Category, Date, Location};
use sitrep_lexicon::{Lexicon, Pos};

crate::text::word_set!(CLAUSE_BREAK_SET = CLAUSE_BREAK);
crate::text::word_set!(DETERMINERS_SET = DETERMINERS);
crate::text::word_set!(SINGULAR_PERSON_SET = SINGULAR_PERSON);
crate::text::word_set!(DEFINITE_SET = DEFINITE);

/// An actor argument with where it came from.
#[derive(Debug, Clone)]
pub struct Arg {
    pub actor: Actor,
    pub start: usize,
    pub end: usize,
    pub rule: &'static str,
}

/// A casualty or arrest figure seen in the text.
#[derive(Debug, Clone)]
pub struct CountObs {
    pub what: &'static str,
    pub num: NumberExpr,
    pub start: usize,
    pub end: usize,
    /// An earlier figure that the text says was revised.
    pub superseded: bool,
    pub rule: &'static str,
}

/// One mention of an event (later merged with its coreferent mentions).
#[derive(Debug, Clone)]
pub struct EventMention {
    pub category: Category,
    pub mode: Option<String>,
    pub cameo: Option<String>,
    pub trigger: (usize, usize), // token range
    pub sentence: usize,
    pub nominal: bool,
    pub definite: bool,
    pub plural: bool,
    pub passive: bool,
    pub merge_casualty: bool,
    pub weak: bool,
    pub source: Vec<Arg>,
    pub recipient: Vec<Arg>,
    pub location: Option<(Location, usize, usize)>,
    pub date: Option<(Date, Precision)>,
    pub date_from_text: bool,
    pub context: Vec<String>,
    pub counts: Vec<CountObs>,
    pub attribution: Vec<Attribution>,
    pub evidence: Vec<(usize, usize, usize)>,
    pub rules: Vec<String>,
    /// Index of the event this mention was merged into.
    pub merged_into: Option<usize>,
    /// For a subject that is an event nominal ("The strike targeted …").
    pub subject_event: Option<usize>,
    /// For `src=speaker` triggers.
    pub source_is_speaker: bool,
    pub subject_is_recipient: bool,
    /// Mentions of events the trigger governs ("claimed responsibility for
    /// the explosions", "accusing Israel of being behind the attack").
    pub about_event: Option<usize>,
    pub negated: bool,
    /// The token of the light verb a nominal trigger takes its subject from
    /// ("pledged ... aid", "signed a ... pact").
    pub light_verb: Option<usize>,
}

/// Per-document working state.
pub struct DocCtx<'a> {
    pub text: &'a str,
    pub toks: &'a [Token],
    pub sents: &'a [Sentence],
    pub ents: &'a Entities,
    pub times: &'a [Timex],
    pub cues: Vec<(usize, usize, Vec<String>)>, // token ranges
    pub published: Option<Date>,
    pub lex: &'a Lexicon,
    /// The lexicon's trigger patterns found in the text.
    pub trigger_hits: Vec<sitrep_lexicon::TriggerHit>,
    /// The text lower-cased (ASCII only, so byte offsets are the text's).
    pub lower: String,
    /// Per token: the mention starting / ending there (end is exclusive).
    pub mention_at_start: Vec<Option<usize>>,
    pub mention_at_end: Vec<Option<usize>>,
}

impl<'a> DocCtx<'a> {
    /// A place named as a place: after a locative word, over directions and
    /// setting nouns ("in the centre of Belfast", "near the town of Batala").
    pub fn is_locative_place(&self, p: &crate::entities::PlaceMention) -> bool {
        let (s0, _) = self.sent_range(p.sentence);
        let mut k = p.tok_start;
        while k > s0
            && (is_direction(self.w(k - 1))
                // "in the Eastleigh area of Nairobi": a name before a setting noun
                || (k < p.tok_start
                    && matches!(self.w(k), "area" | "district" | "neighbourhood" | "neighborhood" | "suburb" | "locality")
                    && self.text[self.toks[k - 1].start..].starts_with(|c: char| c.is_uppercase()))
                // "in the Afghan capital Kabul", "the Iraqi capital, Baghdad"
                || (k < p.tok_start && self.mention_ending(k).is_some_and(|m| m.modifier_only && m.code.is_some()))
                // "in the rebel-held east of Aleppo": the words of a hyphenated adjective
                || (k < p.tok_start
                    && k >= s0 + 3
                    && self.w(k - 2) == "-"
                    && matches!(self.w(k - 1), "held" | "controlled" | "run" | "hit" | "torn" | "ravaged"))
                || (k < p.tok_start && k >= s0 + 2 && self.w(k - 1) == "-" && self.toks[k - 1].end == self.toks[k].start)
                || (k < p.tok_start
                    && k >= s0 + 2
                    && self.toks.get(k).is_some_and(|t| t.start == self.toks[k - 1].end)
                    && self.w(k) == "-")
                || (self.w(k - 1) == "," && k >= s0 + 2 && self.w(k - 2) == "capital")
                || matches!(
                    self.w(k - 1),
                    "the"
                        | "a"
                        | "an"
                        | "city"
                        | "town"
                        | "village"
                        | "villages"
                        | "province"
                        | "district"
                        | "districts"
                        | "quarter"
                        | "quarters"
                        | "residential"
                        | "of"
                        | "capital"
                        | "outskirts"
                        | "region"
                        | "state"
                        | "area"
                        | "areas"
                        | "centre"
                        | "center"
                        | "heart"
                        | "suburb"
                        | "suburbs"
                        | "part"
                        | "parts"
                        | "neighbourhood"
                        | "neighborhood"
                        | "streets"
                        | "county"
                        | "port"
                        | "edge"
                        | "border"
                        | "road"
                        | "highway"
                        | "banks"
                        | "coast"
                ))
        {
            k -= 1;
        }
        // "on the outskirts of Quetta", "on the road to Kandahar"
        let on_setting = k < p.tok_start && k > s0 && self.w(k - 1) == "on" && {
            let w = self.w(k + usize::from(self.w(k) == "the"));
            matches!(w, "outskirts" | "edge" | "border" | "road" | "highway" | "banks" | "coast")
        };
        // "took to the streets of Ankara"
        let to_streets = k < p.tok_start && k > s0 && self.w(k - 1) == "to" && {
            let w = self.w(k + usize::from(self.w(k) == "the"));
            w == "streets"
        };
        on_setting || to_streets || k > s0 && LOCATIVE_SET.contains(self.w(k - 1)) && self.w(k - 1) != "to" && self.w(k - 1) != "from"
    }

    /// A place where somebody speaks, not where the event happened: "said
    /// in Nairobi", "told reporters in Tokyo", "a news conference in Kabul".
    pub fn is_speech_place(&self, p: &crate::entities::PlaceMention) -> bool {
        let (s0, s1) = self.sent_range(p.sentence);
        let k = p.tok_start;
        // "In the Pakistani city of Peshawar, a spokesman said ...": a
        // fronted place of a sentence that reports speech
        if k < s0 + 8 && matches!(self.w(s0), "in" | "at" | "from") && self.w(p.tok_end) == "," {
            let c = p.tok_end;
            if self
                .cues
                .iter()
                .any(|q| q.0 > c && q.0 < (c + 20).min(s1) && q.2.iter().any(|r| r == "say"))
            {
                return true;
            }
        }
        if k <= s0 || !matches!(self.w(k - 1), "in" | "at" | "from") {
            return false;
        }
        (k.saturating_sub(5).max(s0)..k - 1).any(|j| {
            matches!(
                self.w(j),
                "said"
                    | "says"
                    | "told"
                    | "speaking"
                    | "spoke"
                    | "statement"
                    | "conference"
                    | "briefing"
                    | "interview"
                    | "reporters"
                    | "journalists"
            )
        })
    }

    /// The actor a trigger is part of ("protesters" read as a PROTEST).
    pub fn actor_at_trigger(&self, (ts, te): (usize, usize)) -> Option<&Mention> {
        self.ents.mentions.iter().find(|m| m.tok_start <= ts && te <= m.tok_end)
    }

    /// Builds the per-token indexes.
    pub fn index(&mut self) {
        self.lower = self.text.to_ascii_lowercase();
        self.mention_at_start = vec![None; self.toks.len() + 1];
        self.mention_at_end = vec![None; self.toks.len() + 1];
        for (i, m) in self.ents.mentions.iter().enumerate() {
            if self.mention_at_start[m.tok_start].is_none() {
                self.mention_at_start[m.tok_start] = Some(i);
            }
            if self.mention_at_end[m.tok_end].is_none() {
                self.mention_at_end[m.tok_end] = Some(i);
            }
        }
    }
}

const AUX: &[&str] = &[
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
    "been",
    "be",
    "being",
    "will",
    "would",
    "could",
    "may",
    "might",
    "reportedly",
    "allegedly",
    "also",
    "later",
    "then",
    "just",
    "recently",
    "now",
    "again",
    "further",
    "subsequently",
    "apparently",
    "reported",
    "already",
    "since",
    "had",
    "did",
    "does",
    "do",
    "to",
    "jointly",
    "repeatedly",
    "previously",
    "earlier",
    "first",
    "finally",
    "initially",
    "immediately",
    "swiftly",
    "publicly",
    "strongly",
    "firmly",
    "sharply",
    "formally",
    "officially",
    "openly",
    "once",
    "still",
    "yet",
    "all",
    "both",
    "currently",
    "separately",
    "themselves",
    "itself",
    "himself",
    "herself",
    "can",
    "should",
    "must",
    "shall",
    "allegedly",
    "brutally",
    "fatally",
    "critically",
    "seriously",
    "personally",
    "directly",
];
const BE: &[&str] = &[
    "was", "were", "been", "being", "is", "are", "be", "got", "get", "gets", "getting", "'s",
];
const DETERMINERS: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "its",
    "his",
    "her",
    "their",
    "our",
    "any",
    "no",
    "another",
    "each",
    "every",
    "such",
    "'s",
    "’s",
    "latest",
    "recent",
    "fresh",
    "new",
    "deadly",
    "major",
    "massive",
    "large",
    "twin",
    "coordinated",
    "series",
    "wave",
    "suspected",
    "alleged",
    "apparent",
    "brutal",
    "failed",
    "foiled",
    "separate",
    "similar",
    "first",
    "second",
    "third",
    "last",
    "previous",
    "earlier",
    "retaliatory",
    "overnight",
    "daring",
    "bloody",
    "lethal",
    "fatal",
    "horrific",
    "several",
    "multiple",
    "two",
    "three",
    "four",
    "five",
];
const DEFINITE: &[&str] = &["the", "this", "that", "these", "those", "its", "his", "her", "their", "our", "such"];
const CLAUSE_BREAK: &[&str] = &[
    ";",
    ":",
    "while",
    "whereas",
    "but",
    "although",
    "after",
    "before",
    "because",
    "as",
    "when",
    "where",
    "amid",
    "since",
    "meanwhile",
];

impl<'a> DocCtx<'a> {
    /// The lower-cased token `i` (empty past the end).
    pub fn w(&self, i: usize) -> &str {
        self.toks.get(i).and_then(|t| self.lower.get(t.start..t.end)).unwrap_or("")
    }

    /// The lower-cased text of tokens `ts..te` ("tear gas").
    pub fn span_lower(&self, (ts, te): (usize, usize)) -> &str {
        match (self.toks.get(ts), te.checked_sub(1).and_then(|e| self.toks.get(e))) {
            (Some(a), Some(b)) if a.start <= b.end => self.lower.get(a.start..b.end).unwrap_or(""),
            _ => "",
        }
    }

    /// The preposition ("in", "at", "near") that opens the place phrase
    /// ending before token `start` ("in the southern city of Madras"), at
    /// most 8 tokens back.
    fn place_phrase_start(&self, start: usize, s0: usize) -> Option<usize> {
        let mut j = start;
        let mut steps = 0;
        while j > s0 && steps < 8 && !matches!(self.w(j - 1), "in" | "at" | "near") {
            j -= 1;
            steps += 1;
        }
        j.checked_sub(1)
            .filter(|&p| j > s0 + 1 && matches!(self.w(p), "in" | "at" | "near"))
    }

    /// The subject of the sentence's last reporting verb before token `t`
    /// ("The army said its aircraft struck", "UNICEF said a convoy …").
    pub fn speaker_before(&self, s0: usize, t: usize) -> Option<Arg> {
        self.cues
            .iter()
            .filter(|c| c.0 >= s0 && c.1 <= t && c.2.iter().any(|r| r == "say"))
            .max_by_key(|c| c.1)
            .and_then(|c| self.subject_left(c.0, s0))
    }

    pub fn sent_range(&self, s: usize) -> (usize, usize) {
        (self.sents[s].tok_start, self.sents[s].tok_end)
    }

    fn cue_roles_at(&self, i: usize) -> Option<&(usize, usize, Vec<String>)> {
        // cues are in text order and do not overlap: the last one starting at
        // or before `i` is the only one that can cover it
        let k = self.cues.partition_point(|c| c.0 <= i);
        self.cues[..k].last().filter(|c| i < c.1)
    }

    fn has_cue(&self, from: usize, to: usize, role: &str) -> bool {
        let k = self.cues.partition_point(|c| c.0 < from);
        self.cues[k..]
            .iter()
            .take_while(|c| c.0 < to)
            .any(|c| c.2.iter().any(|r| r == role))
    }

    /// The mention ending at token `end` (exclusive), if any.
    fn mention_ending(&self, end: usize) -> Option<&Mention> {
        self.mention_at_end.get(end).copied().flatten().map(|i| &self.ents.mentions[i])
    }

    fn mention_starting(&self, start: usize) -> Option<&Mention> {
        self.mention_at_start.get(start).copied().flatten().map(|i| &self.ents.mentions[i])
    }

    fn is_locative(&self, m: &Mention) -> bool {
        let mut k = m.tok_start;
        while k > 0 && (is_direction(self.w(k - 1)) || self.w(k - 1) == "the") {
            k -= 1;
        }
        k > 0 && LOCATIVE_SET.contains(self.w(k - 1)) && (m.is_place_name || (self.w(k - 1) != "to" && self.w(k - 1) != "from"))
    }

    pub fn arg_of(&self, m: &Mention, rule: &'static str) -> Arg {
        Arg {
            actor: Actor {
                actor_text: self.text[m.start..m.end].to_string(),
                code: m.code.clone(),
                sector: m.sector.clone(),
                identifier_text: m.identifier_text.clone(),
                identifier_id: m.identifier_id.clone(),
                status: None,
            },
            start: m.start,
            end: m.end,
            rule,
        }
    }

    /// The subject left of token `i`: skips auxiliaries and adverbs, follows
    /// "who"/"which" to the antecedent, jumps over an apposition.
    pub fn subject_left(&self, i: usize, s0: usize) -> Option<Arg> {
        let mut k = i;
        let mut steps = 0;
        let mut over_time = false;
        while k > s0 && steps < 12 {
            steps += 1;
            // "The army on Tuesday denied": over a time expression and its
            // preposition (a place before it is where, not who: "leaders
            // meeting in Cancun on Tuesday backed")
            if let Some(t) = self.times.iter().find(|t| t.tok_end == k && t.tok_start > s0) {
                over_time = true;
                k = t.tok_start;
                if k > s0 + 1 && matches!(self.w(k - 1), "on" | "in" | "at" | "last" | "early" | "late") {
                    k -= 1;
                }
                continue;
            }
            let w = self.w(k - 1);
            // "Kenya and Somalia agreed to share intelligence": an infinitive
            // takes the subject of the verb it depends on
            if w == "to" && k == i && k >= s0 + 2 && self.toks[k - 2].kind == TokKind::Word {
                k -= 2;
                continue;
            }
            // "Basque Fatherland and Freedom (ETA) claimed": step over the
            // parenthesised acronym to the name
            if w == ")" {
                if let Some(open) = (k.saturating_sub(8).max(s0)..k - 1).rev().find(|&j| self.w(j) == "(") {
                    if self.mention_ending(open).is_some() {
                        k = open;
                        continue;
                    }
                }
            }
            // "unanimously rejected", "formally recognised": an adverb in -ly
            let adverb = w.len() > 4 && w.ends_with("ly") && self.toks[k - 1].kind == TokKind::Word && self.mention_ending(k).is_none();
            if AUX.contains(&w)
                || adverb
                // "China's military 'will not sit idly by'": an opening quote
                || matches!(w, "'" | "\u{2018}" | "\u{201c}" | "\"") && k < i && self.toks[k - 1].end == self.toks[k].start
                || w == "," && self.w(k.saturating_sub(2)) == "reportedly"
                || w == "not"
                || w == "n't"
                || w == "never"
            {
                k -= 1;
                continue;
            }
            // "Israeli warplanes struck", "Russian artillery shelled": the
            // actor before a weapon platform is the doer
            if let Some(c) = self
                .cue_roles_at(k - 1)
                .filter(|c| c.1 == k && c.2.iter().any(|r| r.starts_with("platform-")))
            {
                let mut at = c.0;
                // "warships and aircraft": coordinated platforms
                while at > s0 + 1 && self.w(at - 1) == "and" {
                    match self
                        .cue_roles_at(at - 2)
                        .filter(|d| d.1 == at - 1 && d.2.iter().any(|r| r.starts_with("platform-")))
                    {
                        Some(d) => at = d.0,
                        None => break,
                    }
                }
                if let Some(m) = self
                    .mention_ending(k)
                    .filter(|m| !self.is_locative(m))
                    .or(self.mention_ending(at).filter(|m| m.code.is_some() && !self.is_locative(m)))
                {
                    return Some(self.arg_of(m, "arg:subject-platform"));
                }
                // "The army said its aircraft struck": the speaker's own
                if at > s0 && matches!(self.w(at - 1), "its" | "their") {
                    if let Some(mut a) = self.speaker_before(s0, at) {
                        a.rule = "arg:speaker-platform";
                        return Some(a);
                    }
                }
                k = at;
                continue;
            }
            // time expressions between subject and verb ("on Monday")
            if let Some(t) = self.times.iter().find(|t| t.tok_end == k) {
                k = t.tok_start;
                if k > s0 && matches!(self.w(k - 1), "on" | "in" | "late" | "early" | "last") {
                    k -= 1;
                }
                continue;
            }
            // "were hacked, stabbed or shot to death": a chain of participles
            // shares the subject before the first ("and" is handled below)
            if matches!(w, "," | "or") && k >= s0 + 2 && is_participle(self.w(k - 2)) && is_participle(self.w(k)) {
                k -= 2;
                continue;
            }
            // "X condemned the attack and vowed …": the subject of the first verb
            if w == "and" {
                if self.w(i).ends_with("ing") {
                    return None;
                }
                let ok = |m: &&Mention| m.tok_end < k && m.tok_start >= s0 && !self.is_locative(m) && !m.modifier_only && !m.is_place_name;
                // the subject of the nearest verb before "and" ("since the army
                // seized power and detained ..."), else the sentence's first actor
                // a country named right before its verb acts ("India on
                // Friday recalled ...")
                let ok_near = |m: &&Mention| {
                    m.tok_end < k && m.tok_start >= s0 && !self.is_locative(m) && !m.modifier_only && (!m.is_place_name || m.code.is_some())
                };
                let nearest = self.ents.mentions.iter().filter(ok_near).rfind(|m| {
                    let mut q = m.tok_end;
                    // past auxiliaries and a time expression ("India on
                    // Friday recalled ... and said")
                    loop {
                        if q < k && AUX.contains(&self.w(q)) {
                            q += 1;
                            continue;
                        }
                        let p = if q < k && matches!(self.w(q), "on" | "in" | "late" | "early" | "last") {
                            q + 1
                        } else {
                            q
                        };
                        match self.times.iter().find(|t| t.tok_start == p && t.tok_end <= k) {
                            Some(t) => q = t.tok_end,
                            None => break,
                        }
                    }
                    q < k && is_verbish(self.w(q)) && !self.w(q).ends_with("ing")
                });
                return nearest
                    .or_else(|| self.ents.mentions.iter().find(ok))
                    .map(|m| self.arg_of(m, "arg:shared-subject"));
            }
            if matches!(w, "who" | "which" | "that") {
                // antecedent: the mention before "who", skipping a comma
                return self
                    .mention_before_pronoun(k - 1, s0)
                    .filter(|m| !m.modifier_only)
                    .map(|m| self.arg_of(m, "arg:relative-clause"));
            }
            // "The military command in Mozdok denied": over the place phrase
            // to the actor it locates
            if self.mention_ending(k).is_none() {
                if let Some(p) = self
                    .ents
                    .places
                    .iter()
                    .find(|p| p.tok_end == k && p.sentence == self.toks[k - 1].sentence)
                {
                    if let Some(prep) = self
                        .place_phrase_start(p.tok_start, s0)
                        .filter(|&q| self.mention_ending(q).is_some())
                    {
                        k = prep;
                        continue;
                    }
                }
            }
            if let Some(m) = self.mention_ending(k) {
                if m.modifier_only && !m.is_place_name || (over_time && m.is_place_name && m.identifier_id.is_none()) {
                    return None;
                }
                // "the humanitarian coordinator for Yemen condemned": the
                // office before "for" is the subject
                let mut f = m.tok_start;
                if f > s0 && self.w(f - 1) == "the" {
                    f -= 1;
                }
                if f > s0 + 1 && self.w(f - 1) == "for" {
                    if let Some(h) = self.mention_ending(f - 1).filter(|h| !self.is_locative(h) && !h.modifier_only) {
                        // "Negotiators for Honduras' government": a head of no
                        // side of its own speaks for the side after "for"
                        if h.code.is_none() && m.code.is_some() {
                            return Some(self.arg_of(m, "arg:subject-speaking-for"));
                        }
                        return Some(self.arg_of(h, "arg:subject-office-for"));
                    }
                }
                // "Authorities in Iran": the phrase grew over "in"; a bare
                // place after a preposition is no subject, but the actor
                // before it may be ("The military command in Mozdok denied",
                // "A spokesman ... in the southern city of Madras denied")
                if self.is_locative(m) {
                    return self
                        .place_phrase_start(m.tok_start, s0)
                        .and_then(|q| self.mention_ending(q))
                        .filter(|h| !h.modifier_only && !self.is_locative(h) && !h.is_place_name)
                        .map(|h| self.arg_of(h, "arg:subject-before-place"));
                }
                if m.tok_start > s0 && self.w(m.tok_start - 1) == "of" {
                    // "a leader of X": the head before "of" if it is an actor
                    return Some(self.arg_of(m, "arg:subject"));
                }
                // "Gunmen who seized two aid workers in Zamfara demanded":
                // the relative clause's object is not the main verb's subject
                if let Some(h) = self.relative_head(m.tok_start, s0) {
                    return Some(self.arg_of(h, "arg:subject-over-relative"));
                }
                // apposition: "The PMF, a coalition of militias …, said"
                return Some(self.arg_of(m, "arg:subject"));
            }
            // "More than 1,000 prisoners in Israeli jails began": over a
            // short place phrase of common nouns to the actor it locates
            if w.len() > 3 && w.ends_with('s') && self.toks[k - 1].kind == TokKind::Word && !is_verbish(w) {
                if let Some(p) = (k.saturating_sub(4).max(s0 + 1)..k - 1)
                    .rev()
                    .find(|&p| matches!(self.w(p), "in" | "at" | "from" | "inside"))
                {
                    if let Some(m) = self.mention_ending(p).filter(|m| !m.modifier_only && !self.is_locative(m)) {
                        return Some(self.arg_of(m, "arg:subject-before-place"));
                    }
                }
            }
            // ", killing nine people": a participle clause has no subject of its own
            if w == "," && self.w(i).ends_with("ing") {
                return None;
            }
            if w == "," || w == ")" || w == "\"" || w == "”" {
                // skip back over an apposition to the mention before it
                let mut j = k - 1;
                let mut depth = 0;
                while j > s0 && depth < 25 {
                    j -= 1;
                    depth += 1;
                    if self.w(j) == "," || self.w(j) == "(" {
                        if let Some(m) = self.mention_ending(j) {
                            if !self.is_locative(m) && !m.modifier_only {
                                return Some(self.arg_of(m, "arg:subject-apposition"));
                            }
                        }
                    }
                }
                return None;
            }
            return None;
        }
        None
    }

    /// Who says the statement at `(ts, te)`: the subject of the nearest
    /// reporting verb before it, else of the first one after it ("..., the
    /// foreign ministry in Moscow said").
    pub fn statement_speaker(&self, (ts, te): (usize, usize), s0: usize, s1: usize) -> Option<Arg> {
        let say = |c: &&(usize, usize, Vec<String>)| c.2.iter().any(|r| r == "say");
        self.cues
            .iter()
            .filter(|c| c.0 >= s0 && c.1 <= ts)
            .rfind(say)
            .and_then(|c| self.subject_left(c.0, s0))
            .or_else(|| {
                self.cues
                    .iter()
                    .filter(|c| c.0 >= te && c.1 <= s1)
                    .find(say)
                    .and_then(|c| self.subject_left(c.0, te))
            })
    }

    /// The mention a relative pronoun at token `p` hangs on, over a comma
    /// ("the militants, who ...").
    fn mention_before_pronoun(&self, p: usize, s0: usize) -> Option<&Mention> {
        let mut a = p;
        if a > s0 && self.w(a - 1) == "," {
            a -= 1;
        }
        self.mention_ending(a)
    }

    /// The actor a relative clause ending in the phrase at `start` hangs
    /// on: "Gunmen who seized [two aid workers]" gives the gunmen. The
    /// clause needs a verb between the pronoun and the phrase.
    fn relative_head(&self, start: usize, s0: usize) -> Option<&Mention> {
        let mut j = start;
        let mut verb = false;
        while j > s0 && start - j < 6 {
            let w = self.w(j - 1);
            if matches!(w, "who" | "which" | "that") {
                return self
                    .mention_before_pronoun(j - 1, s0)
                    .filter(|m| verb && !m.modifier_only && !self.is_locative(m) && !m.is_place_name);
            }
            if matches!(w, "," | ";" | "and" | "but" | "(" | ")") || self.mention_ending(j).is_some() && j < start {
                return None;
            }
            verb |= is_verbish(w) || is_participle(w);
            j -= 1;
        }
        None
    }

    /// The first actor right of token `i` within the clause, after
    /// determiners, numbers and the given prepositions.
    pub fn object_right(&self, i: usize, s1: usize, preps: &[&str], max: usize) -> Option<Arg> {
        let mut k = i;
        let mut steps = 0;
        while k < s1 && steps < max {
            steps += 1;
            // the second half of a hyphenated word is no actor ("in-person")
            let after_hyphen = k > 0 && self.w(k - 1) == "-" && self.toks[k - 1].end == self.toks[k].start;
            if let Some(m) = self.mention_starting(k).filter(|_| !after_hyphen) {
                if m.modifier_only && !m.is_place_name {
                    // "an Iraqi village": skip the adjective
                    k = m.tok_end;
                    continue;
                }
                if self.is_locative(m) {
                    return None;
                }
                return Some(self.arg_of(m, "arg:object"));
            }
            // an actor inside a phrase that starts with fillers
            if let Some(m) = self.ents.mentions.iter().find(|m| m.tok_start < k && k < m.tok_end) {
                if !self.is_locative(m) {
                    return Some(self.arg_of(m, "arg:object"));
                }
            }
            let w = self.w(k);
            // "flood-hit Pakistan", "war-torn Sudan": the words of a hyphenated
            // adjective
            let hyphen_word = self.toks[k].kind == TokKind::Word
                && (self
                    .toks
                    .get(k + 1)
                    .is_some_and(|n| n.start == self.toks[k].end && self.w(k + 1) == "-")
                    || (k > 0 && self.w(k - 1) == "-" && self.toks[k - 1].end == self.toks[k].start));
            if DETERMINERS_SET.contains(w)
                || hyphen_word
                || preps.contains(&w)
                || crate::entities::is_filler(w)
                || matches!(w, "anonymous" | "unnamed" | "unidentified" | "two" | "three" | "both")
                || self.toks[k].kind == TokKind::Number
                || matches!(
                    w,
                    "at" | "least"
                        | "more"
                        | "than"
                        | "some"
                        | "about"
                        | "nearly"
                        | "dozens"
                        | "hundreds"
                        | "thousands"
                        | "tens"
                        | "millions"
                        | "of"
                        | "several"
                        | "senior"
                        | "top"
                        | "-"
                )
            {
                k += 1;
                continue;
            }
            break;
        }
        None
    }

    /// The actor a pronoun at token `k` stands for: "he" or "she" the
    /// person named last, "it" or "they" the first named side of the
    /// sentence before (or of this one, before the pronoun).
    pub fn pronoun_antecedent(&self, k: usize) -> Option<Arg> {
        let person = match self.w(k) {
            "he" | "she" => true,
            "it" | "they" => false,
            _ => return None,
        };
        let sent = self.toks[k].sentence;
        let fits = |m: &&Mention| {
            m.tok_end <= k
                && !m.modifier_only
                && !self.is_locative(m)
                && if person {
                    m.person
                } else {
                    !m.person && (m.code.is_some() || m.identifier_text.is_some()) && (self.w(k) == "they" || !m.plural)
                }
        };
        let here = self.ents.mentions.iter().filter(|m| m.sentence == sent).find(fits);
        let before = || {
            let prev = sent.checked_sub(1)?;
            let mut ms = self.ents.mentions.iter().filter(|m| m.sentence == prev).filter(fits);
            if person {
                ms.next_back()
            } else {
                ms.next()
            }
        };
        here.or_else(before).map(|m| self.arg_of(m, "arg:pronoun-antecedent"))
    }

    /// The first token at or after `k` that is not part of a time
    /// expression ("on Wednesday", "yesterday") nor a comma.
    pub fn skip_time(&self, mut k: usize, s1: usize) -> usize {
        while k < s1 {
            if let Some(t) = self.times.iter().find(|t| t.tok_start <= k && k < t.tok_end) {
                k = t.tok_end;
            } else if self.w(k) == "," || (self.w(k) == "on" && self.times.iter().any(|t| t.tok_start == k + 1)) {
                k += 1;
            } else {
                break;
            }
        }
        k
    }

    /// "aid to Syria", "talks with Iran", "support for the Philippines": a
    /// country or capital after the preposition at `k` is a party, not a place.
    pub fn party_after(&self, k: usize, s1: usize, cat: Category) -> Option<Arg> {
        // "rockets at Israel", "strikes on Syria": a whole country attacked
        // is the target as well as the place
        if matches!(cat, Category::Assault) && matches!(self.w(k), "at" | "on" | "against") {
            let mut j = k + 1;
            while j < s1 && self.w(j) == "the" {
                j += 1;
            }
            return self
                .mention_starting(j)
                .filter(|m| {
                    m.identifier_id
                        .as_deref()
                        .and_then(|id| self.lex.actor_by_id(id))
                        .is_some_and(|e| e.kind == sitrep_lexicon::ActorKind::Country)
                        && self.text[m.start..m.end].chars().next().is_some_and(|c| c.is_uppercase())
                        && !m.modifier_only
                })
                .map(|m| self.arg_of(m, "arg:country-attacked"));
        }
        if matches!(cat, Category::Assault | Category::Coerce | Category::Protest) || !matches!(self.w(k), "to" | "for" | "with") {
            return None;
        }
        let mut j = k + 1;
        while j < s1 && self.w(j) == "the" {
            j += 1;
        }
        self.mention_starting(j)
            .filter(|m| m.code.is_some() && !m.modifier_only)
            .map(|m| self.arg_of(m, "arg:party-after-preposition"))
    }

    /// The actors coordinated before `a`: "India and Pakistan", "Kenya,
    /// Uganda and Somalia" (nearest first).
    pub fn conjuncts(&self, a: &Arg, s0: usize) -> Vec<Arg> {
        let mut out = Vec::new();
        let Some(mut m) = self.ents.mentions.iter().find(|m| m.start == a.start) else {
            return out;
        };
        loop {
            // "the United States and the Philippines": past the article
            let mut b = m.tok_start;
            if b > s0 + 2 && matches!(self.w(b - 1), "the" | "The") {
                b -= 1;
            }
            if !(b > s0 + 1 && matches!(self.w(b - 1), "and" | ",") && out.len() < 6) {
                break;
            }
            match self.mention_ending(b - 1) {
                // "Brazilian and Paraguayan police": a demonym before "and"
                // shares the head noun of the conjunct after it
                Some(p)
                    if (!p.modifier_only || (self.w(b - 1) == "and" && p.code.is_some() && m.code.is_some())) && !self.is_locative(p) =>
                {
                    out.push(self.arg_of(p, "arg:conjunct"));
                    m = p;
                }
                _ => break,
            }
        }
        out
    }

    /// "by X" within the clause after token `i`.
    pub fn agent_by(&self, i: usize, s1: usize) -> Option<Arg> {
        let mut k = i;
        while k < s1 && k < i + 10 {
            let w = self.w(k);
            // "a withdrawal demanded by the government": the agent of another verb
            if k > i
                && matches!(
                    w,
                    "demanded"
                        | "requested"
                        | "ordered"
                        | "called"
                        | "urged"
                        | "condemned"
                        | "criticised"
                        | "criticized"
                        | "denied"
                        | "rejected"
                        | "welcomed"
                        | "announced"
                        | "reported"
                        | "confirmed"
                        | "investigated"
                        | "opposed"
                        | "approved"
                )
            {
                break;
            }
            if w == "by" {
                return self.object_right(k + 1, s1, &[], 6).map(|mut a| {
                    a.rule = "arg:by-agent";
                    a
                });
            }
            if CLAUSE_BREAK_SET.contains(w) || w == "." {
                break;
            }
            k += 1;
        }
        None
    }
}

/// The light verb left of a nominal trigger and its subject: "Hamas fired
/// hundreds of rockets", "X launched a deadly air attack".
pub(crate) fn light_subject(cx: &DocCtx, ts: usize, s0: usize) -> Option<(usize, Option<Arg>)> {
    let mut j = ts;
    let mut steps = 0;
    while j > s0 && steps < 6 {
        steps += 1;
        if let Some(c) = cx.cue_roles_at(j - 1) {
            if c.2.iter().any(|r| r == "light") {
                let a = cx.subject_left(c.0, s0).map(|a| Arg {
                    rule: "arg:light-verb-subject",
                    ..a
                });
                return Some((c.0, a));
            }
        }
        let w = cx.w(j - 1);
        // the noun phrase between verb and trigger: "sent 20 trucks of
        // humanitarian aid", "launched a deadly air attack"
        let np_word = cx.toks[j - 1].kind == TokKind::Number
            || matches!(w, "$" | "€" | "£" | "%")
            || matches!(w, "of" | "in" | "worth")
            || (w == "-" && j >= 2 && cx.toks[j - 2].kind == TokKind::Word)
            || (cx.toks[j - 1].kind == TokKind::Word && w.len() > 2 && !CLAUSE_BREAK_SET.contains(w) && !is_verbish(w));
        if !(DETERMINERS_SET.contains(w)
            || AUX.contains(&w)
            || matches!(w, "air" | "drone" | "bomb" | "suicide" | "deadly")
            // "offered a 'heartfelt apology'"
            || matches!(w, "'" | "\"" | "\u{2018}" | "\u{201c}")
            || cx.mention_ending(j).is_some()
            || np_word)
        {
            return None;
        }
        j -= 1;
    }
    None
}

/// The subject of the clause a nominal trigger is an adjunct of: "in a
/// joint operation", "during joint exercises" after "X dismantled ...".
fn adjunct_subject(cx: &DocCtx, ts: usize, s0: usize) -> Option<Arg> {
    // back over the determiner and adjectives to the preposition
    let mut j = ts;
    while j > s0 && (DETERMINERS_SET.contains(cx.w(j - 1)) || (cx.toks[j - 1].kind == TokKind::Word && cx.w(j - 1).ends_with("al"))) {
        j -= 1;
    }
    if j <= s0 || !matches!(cx.w(j - 1), "in" | "during" | "through" | "under") {
        return None;
    }
    // the clause's finite verb before it, with no clause break between
    let mut k = j - 1;
    while k > s0 {
        k -= 1;
        let w = cx.w(k);
        if CLAUSE_BREAK_SET.contains(w) || (cx.toks[k].kind == TokKind::Punct && w != "-") {
            return None;
        }
        // a verb in -ed, or any lower-case word right after a named actor
        // ("police broke up")
        let after_actor = cx.mention_ending(k).is_some_and(|m| m.code.is_some()) && w.starts_with(|c: char| c.is_ascii_lowercase());
        if (w.ends_with("ed") || after_actor) && cx.mention_ending(k + 1).is_none() {
            return cx.subject_left(k, s0);
        }
    }
    None
}

/// A past participle or past form: "stabbed", "shot", "beaten".
fn is_participle(w: &str) -> bool {
    (w.len() > 3 && w.ends_with("ed"))
        || matches!(
            w,
            "shot"
                | "beaten"
                | "hit"
                | "struck"
                | "hurt"
                | "burnt"
                | "thrown"
                | "slain"
                | "stolen"
                | "held"
                | "taken"
                | "stabbed"
                | "cut"
                | "blown"
        )
}

/// A word that looks like a finite verb or participle ("said", "killing"),
/// which ends a noun phrase read leftwards.
fn is_verbish(w: &str) -> bool {
    w.ends_with("ed") || w.ends_with("ing") || matches!(w, "said" | "says" | "told" | "was" | "were" | "is" | "are")
}

/// Chooses among the candidate readings of each trigger hit and builds the
/// event mentions of the document.
pub fn find_event_mentions(cx: &DocCtx) -> Vec<EventMention> {
    let mut out = Vec::new();
    for h in &cx.trigger_hits {
        let ts = cx.toks.partition_point(|t| t.start < h.start);
        let te = cx.toks.partition_point(|t| t.start < h.end);
        if ts >= te || te > cx.toks.len() {
            continue;
        }
        let sent = cx.toks[ts].sentence;
        let (s0, s1) = cx.sent_range(sent);
        // triggers inside an actor's name ("Islamic Revolutionary Guard
        // Corps", "Syrian Observatory") are no events
        // nor is a modifier of a generic agent ("riot police"); its head may be
        // ("police fired on protesters")
        if cx.ents.units.iter().any(|u| {
            matches!(u.unit, crate::entities::Unit::Lex(e, _) if !cx.lex.actor(e).kind.is_generic() || te < u.tok_end)
                && u.tok_start <= ts
                && te <= u.tok_end
                && u.tok_end - u.tok_start > te - ts
        }) {
            continue;
        }
        // nor is a word of a natural or accidental cause longer than it
        // ("a heart attack", "a gas explosion", "a leopard attack")
        if cx
            .cues
            .iter()
            .any(|c| c.0 <= ts && te <= c.1 && c.1 - c.0 > te - ts && c.2.iter().any(|r| r == "disaster"))
        {
            continue;
        }
        let prev = if ts > s0 { cx.w(ts - 1) } else { "" };
        let next = cx.w(te);
        let surface = cx.w(te - 1);
        let first = cx.w(ts);
        let inflected = first.ends_with("ing") || first.ends_with("ed");
        // "drought-hit communities", "war-torn", "conflict-affected": a
        // participle inside a hyphenated adjective
        if prev == "-"
            && te - ts == 1
            && ts >= s0 + 2
            && cx.toks[ts - 1].start == cx.toks[ts - 2].end
            && cx.toks[ts].start == cx.toks[ts - 1].end
            && (first.ends_with("ed") || matches!(first, "hit" | "torn" | "struck" | "stricken" | "shaken" | "ridden" | "worn"))
        {
            continue;
        }
        // "a designated group", "the wounded men": a participle used as an adjective
        // ("its jailed leader", "their detained sons": after a possessive too)
        if first.ends_with("ed")
            && matches!(prev, "a" | "an" | "the" | "its" | "his" | "her" | "their" | "our" | "my" | "your")
            && te - ts == 1
        {
            continue;
        }
        // a news sentence does not open on a finite verb: "Talks between …"
        let nominal_ctx = ts == s0 && !first.ends_with("ing")
            || DETERMINERS_SET.contains(prev)
            || (!inflected && cx.ents.mentions.iter().any(|m| m.tok_end == ts))
            || (ts > s0 && cx.toks[ts - 1].kind == TokKind::Number)
            || next == "of" && !surface.ends_with("ed")
            || prev == "'s";
        let verb_form = first.ends_with("ed")
            || (first.ends_with("ing") && !nominal_ctx)
            || matches!(
                prev,
                "to" | "will"
                    | "would"
                    | "could"
                    | "can"
                    | "may"
                    | "might"
                    | "must"
                    | "should"
                    | "did"
                    | "not"
                    | "n't"
                    | "has"
                    | "have"
                    | "had"
                    | "was"
                    | "were"
                    | "is"
                    | "are"
                    | "been"
                    | "be"
            );
        // context windows for ctx=/notctx=, read only when a reading has one
        let conditional = h.candidates.iter().any(|&i| {
            let f = cx.lex.trigger_flags(i);
            f.ctx.is_some() || f.notctx.is_some()
        });
        let (window, full): (Vec<&str>, Vec<&str>) = if conditional {
            let wa = ts.saturating_sub(6).max(s0);
            let wb = (te + 6).min(s1);
            // phrases may take in the trigger itself ("notctx=aid workers")
            (
                (wa..wb).filter(|&k| k < ts || k >= te).map(|k| cx.w(k)).collect(),
                (wa..wb).map(|k| cx.w(k)).collect(),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        let has_word = |list: &Vec<sitrep_lexicon::CtxItem>| list.iter().any(|x| x.occurs(&window, &full));
        let mut cands: Vec<(&sitrep_lexicon::TriggerEntry, &sitrep_lexicon::TriggerFlags)> = h
            .candidates
            .iter()
            .map(|&i| (&cx.lex.triggers[i], cx.lex.trigger_flags(i)))
            .filter(|(_, f)| f.ctx.as_ref().is_none_or(has_word))
            .filter(|(_, f)| f.notctx.as_ref().is_none_or(|l| !has_word(l)))
            .collect();
        if cands.is_empty() {
            continue;
        }
        // prefer the reading whose part of speech fits the context, then a
        // context-bound reading over a default one
        cands.sort_by_key(|(t, f)| {
            let pos_fit = match t.pos {
                Pos::Noun => !verb_form,
                Pos::Verb => verb_form || !nominal_ctx,
                Pos::Exact => true,
            };
            (!pos_fit as u8, f.ctx.is_none() as u8)
        });
        let (t, tf) = cands[0];
        // an irregular verb form ("struck", "shot", "fought") is no noun
        let irregular_verb = t.pos == Pos::Verb && first != t.pattern.split(' ').next().unwrap_or("") && !first.ends_with('s');
        let nominal = match t.pos {
            Pos::Noun => !verb_form || nominal_ctx,
            Pos::Verb => nominal_ctx && !first.ends_with("ed") && !irregular_verb,
            // "make the United States pay a heavy price": a phrase whose
            // subject is its target is a verb phrase
            Pos::Exact => nominal_ctx && !first.ends_with("ed") && !tf.subj_recipient,
        };
        // passive: a past participle after a form of "be"
        let mut k = ts;
        while k > s0
            && matches!(
                cx.w(k - 1),
                "reportedly"
                    | "allegedly"
                    | "also"
                    | "later"
                    | "then"
                    | "brutally"
                    | "fatally"
                    | "critically"
                    | "seriously"
                    | "not"
                    | "never"
                    | "already"
                    | "since"
                    | "just"
                    | "subsequently"
            )
        {
            k -= 1;
        }
        // "were hacked, stabbed or shot": back over the chain of participles
        while k >= s0 + 2 && matches!(cx.w(k - 1), "," | "or" | "and") && is_participle(cx.w(k - 2)) && is_participle(cx.w(k)) {
            k -= 2;
        }
        let before = if k > s0 { cx.w(k - 1) } else { "" };
        let participle = first.ends_with("ed")
            || matches!(
                AsRef::<str>::as_ref(&first),
                "shot"
                    | "struck"
                    | "hit"
                    | "held"
                    | "slain"
                    | "beaten"
                    | "taken"
                    | "stabbed"
                    | "killed"
                    | "seized"
                    | "bombed"
                    | "set"
                    | "blown"
                    | "burnt"
                    | "shut"
                    | "thrown"
                    | "caught"
                    | "hurt"
                    | "cut"
                    | "beat"
            );
        let passive = !nominal && participle && BE.contains(&before);
        // a bare participle after a noun ("two killed", "the man shot") is
        // passive too when no object follows
        // "12 people killed in a blast"; a protest or a march has no one it
        // is done to ("Thousands of people marched")
        let reduced_passive = !nominal
            && t.category != Category::Protest
            && first.ends_with("ed")
            && !passive
            && ts > s0
            && (cx.toks[ts - 1].kind == TokKind::Number
                || matches!(prev, "people" | "others" | "civilians" | "persons" | "soldiers" | "killed" | "dead"))
            // "Soldiers killed 63 civilians": a verb with an object is active
            && !(te < s1 && (cx.toks[te].kind == TokKind::Number || matches!(next, "a" | "an" | "the" | "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten" | "dozens" | "hundreds" | "at")));
        let definite = nominal && {
            // look back over adjectives and actor premodifiers for the article
            let mut j = ts;
            while j > s0 {
                let w = cx.w(j - 1);
                if DEFINITE_SET.contains(w) || w == "'s" {
                    break;
                }
                if let Some(m) = cx.mention_ending(j) {
                    j = m.tok_start;
                    continue;
                }
                if DETERMINERS_SET.contains(w) && !matches!(w, "a" | "an" | "another" | "any" | "no")
                    || matches!(
                        w,
                        "air" | "drone" | "bomb" | "car" | "suicide" | "deadliest" | "deadly" | "alleged" | "twin"
                    )
                {
                    j -= 1;
                    continue;
                }
                break;
            }
            j > s0 && (DEFINITE_SET.contains(cx.w(j - 1)) || cx.w(j - 1) == "'s")
        };
        let plural = nominal && surface.ends_with('s') && !surface.ends_with("ss") && surface != "talks";
        let mut ev = EventMention {
            category: t.category,
            mode: t.mode.clone(),
            cameo: t.cameo.clone(),
            trigger: (ts, te),
            sentence: sent,
            nominal,
            definite,
            plural,
            passive: passive || reduced_passive,
            merge_casualty: tf.merge,
            weak: tf.weak,
            source: Vec::new(),
            recipient: Vec::new(),
            location: None,
            date: None,
            date_from_text: false,
            context: Vec::new(),
            counts: Vec::new(),
            attribution: Vec::new(),
            evidence: vec![(h.start, h.end, sent)],
            rules: vec![tf.rule.clone()],
            merged_into: None,
            subject_event: None,
            source_is_speaker: tf.src_speaker,
            subject_is_recipient: tf.subj_recipient,
            about_event: None,
            negated: false,
            light_verb: None,
        };
        if reduced_passive {
            ev.rules.push("syntax:reduced-passive".into());
        }
        out.push(ev);
    }
    // overlapping triggers: the lexicon matcher already kept the longest
    out
}

/// Fills source and recipient of each mention from the sentence around it.
pub fn find_arguments(cx: &DocCtx, evs: &mut [EventMention]) {
    let trig_starts: Vec<(usize, usize)> = evs.iter().map(|e| e.trigger).collect();
    for idx in 0..evs.len() {
        let (ts, te) = evs[idx].trigger;
        let (s0, s1) = cx.sent_range(evs[idx].sentence);
        let cat = evs[idx].category;
        let obj_preps: &[&str] = match cat {
            Category::Assault | Category::Coerce => &["on", "against", "at", "targeting"],
            Category::Consult | Category::Agree | Category::Cooperate => &["with", "to"],
            Category::Aid => &["to", "for"],
            Category::Support => &["for", "to", "with"],
            Category::Concede => &["to"],
            Category::Request => &["on", "for", "to"],
            Category::Protest => &["against", "outside"],
            Category::Sanction => &["on", "against", "with"],
            Category::Threaten => &["against", "to"],
            _ => &[],
        };
        let mut source: Vec<Arg> = Vec::new();
        let mut recipient: Vec<Arg> = Vec::new();
        // "warplanes struck": the platform tells the weapon; bombs dropped by
        // jets are an air strike ("military jets bombed several villages")
        if cat == Category::Assault && matches!(evs[idx].mode.as_deref(), None | Some("explosives")) {
            let mut k = ts;
            while k > s0 && AUX.contains(&cx.w(k - 1)) {
                k -= 1;
            }
            if k > s0 {
                if let Some(c) = cx.cue_roles_at(k - 1).filter(|c| c.1 == k) {
                    let mode = if c.2.iter().any(|r| r == "platform-aerial") {
                        Some("aerial")
                    } else if c.2.iter().any(|r| r == "platform-heavy") {
                        Some("heavy-weapons")
                    } else if c.2.iter().any(|r| r == "platform-firearms") {
                        Some("firearms")
                    } else {
                        None
                    };
                    let keep_bomb = evs[idx].mode.is_some() && mode != Some("aerial");
                    if let Some(m) = mode.filter(|_| !keep_bomb) {
                        evs[idx].mode = Some(m.to_string());
                        evs[idx].rules.push(format!("mode:platform-{m}"));
                    }
                }
            }
        }
        if evs[idx].nominal {
            // pre-modifier: "a U.S. airstrike", "an Israeli strike", "Israel's offensive"
            let mut j = ts;
            while j > s0
                && matches!(
                    cx.w(j - 1),
                    "air"
                        | "drone"
                        | "bomb"
                        | "car"
                        | "suicide"
                        | "deadly"
                        | "twin"
                        | "retaliatory"
                        | "latest"
                        | "fresh"
                        | "new"
                        | "major"
                        | "massive"
                        | "-"
                        | "led"
                        | "backed"
                        | "coalition"
                        | "overnight"
                        | "alleged"
                        | "suspected"
                )
            {
                j -= 1;
            }
            let mut pre = cx.mention_ending(j);
            if pre.is_none() && j > s0 && matches!(cx.w(j - 1), "'s" | "'" | "\u{2019}") {
                pre = cx.mention_ending(j - 1);
            }
            // "a U.S. drone strike" where "U.S. drone" was read as one actor
            if pre.is_none() {
                pre = cx
                    .ents
                    .mentions
                    .iter()
                    .find(|m| m.tok_start < ts && m.tok_end > ts && m.tok_end <= te && m.code.is_some());
            }
            if let Some(m) = pre {
                if !cx.is_locative(m) {
                    if m.patron.is_some() && m.tok_end - m.tok_start <= 3 && m.code == m.patron {
                        // "an Iran-backed attack": the patron is not the doer
                    } else if m.rule == "actor:agent:prisoner" {
                        // "the hostage's release", "a prisoner exchange": the
                        // held are released, they do not release
                        recipient.push(cx.arg_of(m, "arg:held-pre-modifier"));
                    } else if matches!(cat, Category::Protest) || m.named || !m.modifier_only || m.code.is_some() {
                        source.push(cx.arg_of(m, "arg:pre-modifier"));
                    }
                }
            }
            // "… of X": the victim of an assault or arrest, the doer of a protest
            if cx.w(te) == "of" {
                if let Some(a) = cx.object_right(te + 1, s1, &[], 8) {
                    if matches!(cat, Category::Protest | Category::Mobilize) {
                        source.push(a);
                    } else {
                        recipient.push(a);
                    }
                }
            }
            // "talks between X and Y": the parties, one to the other ("between"
            // is no locative here)
            if cx.w(te) == "between" && matches!(cat, Category::Consult | Category::Agree | Category::Cooperate) {
                let party = |k: usize| {
                    let k = if cx.w(k) == "the" { k + 1 } else { k };
                    cx.mention_starting(k).filter(|m| !m.modifier_only)
                };
                if let Some(a) = party(te + 1) {
                    if cx.w(a.tok_end) == "and" {
                        if let Some(b) = party(a.tok_end + 1) {
                            recipient.push(cx.arg_of(b, "arg:between-parties"));
                        }
                    }
                    source.push(cx.arg_of(a, "arg:between-parties"));
                }
            }
            // "by X"
            if let Some(a) = cx.agent_by(te, s1) {
                source.push(a);
            }
            // "on/against X", "with X", "for X to"
            let mut k = te;
            while k < s1 && k < te + 6 {
                let w = cx.w(k);
                if obj_preps.contains(&w) {
                    if let Some(a) = cx.object_right(k + 1, s1, &[], 6).or_else(|| cx.party_after(k, s1, cat)) {
                        recipient.push(a);
                    }
                    break;
                }
                if CLAUSE_BREAK_SET.contains(w) || w == "." || w == "," {
                    break;
                }
                k += 1;
            }
            // "over its military offensive": the possessive stands for the
            // nearest actor named before it in the sentence (and owns an
            // unnamed pre-modifier such as "military")
            if source.iter().all(|a| a.actor.code.is_none() && a.actor.identifier_text.is_none()) {
                let mut j = ts;
                while j > s0
                    && matches!(
                        cx.w(j - 1),
                        "military" | "air" | "ground" | "latest" | "new" | "renewed" | "deadly" | "brutal" | "armed"
                    )
                {
                    j -= 1;
                }
                if j > s0 && matches!(cx.w(j - 1), "its" | "their") {
                    if let Some(m) = (s0..j - 1)
                        .rev()
                        .filter_map(|k| cx.mention_ending(k + 1))
                        .find(|m| m.code.is_some() && !cx.is_locative(m) && !m.modifier_only)
                    {
                        source.clear();
                        source.push(cx.arg_of(m, "arg:possessive"));
                    }
                }
            }
            // light verbs: "X launched an attack", "X conducted investigations"
            if source.is_empty() {
                if let Some((v, a)) = light_subject(cx, ts, s0) {
                    evs[idx].light_verb = Some(v);
                    // "The IMF and Pakistan reached an agreement": every conjunct
                    if let Some(a) = &a {
                        source.extend(cx.conjuncts(a, s0));
                    }
                    source.extend(a);
                    // "gave Germany's ambassador 48 hours to leave": the one
                    // between the verb and the act is its recipient
                    if let Some(m) = cx
                        .ents
                        .mentions
                        .iter()
                        .rfind(|m| m.tok_start > v && m.tok_end < ts && !m.modifier_only && !cx.is_locative(m))
                    {
                        if !source.iter().any(|a| a.start == m.start) && cx.toks[m.tok_end].kind == TokKind::Number {
                            recipient.push(cx.arg_of(m, "arg:between-light-verb"));
                        }
                    }
                }
            }
            // "Belarus said it would take retaliatory steps": a nominal
            // whose source is its speaker
            if source.is_empty() && evs[idx].source_is_speaker {
                if let Some(a) = cx.statement_speaker((ts, te), s0, s1) {
                    source.push(Arg { rule: "arg:speaker", ..a });
                }
            }
            // a joint act as the manner of the clause: "X and Y dismantled a
            // network in a joint operation" is X's and Y's
            if source.is_empty() && evs[idx].category == Category::Cooperate {
                if let Some(a) = adjunct_subject(cx, ts, s0) {
                    source.extend(cx.conjuncts(&a, s0));
                    source.push(a);
                }
            }
        } else {
            let mut subj = cx.subject_left(ts, s0);
            // an exact phrase that is no verb ("rockets at") takes the subject
            // of the light verb before it ("Hamas fired hundreds of rockets at")
            if subj.is_none() && !is_verbish(cx.w(ts)) {
                if let Some((v, a)) = light_subject(cx, ts, s0) {
                    evs[idx].light_verb = Some(v);
                    subj = a;
                }
            }
            // "It warned that ...", "They demanded ...": a pronoun opening
            // the clause stands for the actor the text named last
            if subj.is_none() {
                let mut k = ts;
                while k > s0 && (AUX.contains(&cx.w(k - 1)) || matches!(cx.w(k - 1), "not" | "n't" | "also" | "later" | "then")) {
                    k -= 1;
                }
                if k > s0 && (k - 1 == s0 || matches!(cx.w(k - 2), "that" | "," | "and" | "but")) {
                    subj = cx.pronoun_antecedent(k - 1);
                }
            }
            // "India and Pakistan agreed": the other conjuncts share the role
            let conj = subj.as_ref().map(|a| cx.conjuncts(a, s0)).unwrap_or_default();
            // an event nominal as subject: "The strike targeted a leader"
            let subj_event = {
                let mut k = ts;
                while k > s0 && AUX.contains(&cx.w(k - 1)) {
                    k -= 1;
                }
                trig_starts
                    .iter()
                    .position(|&(a, b)| b == k && a < ts && evs.iter().any(|e| e.trigger == (a, b) && e.nominal))
            };
            if subj.is_none() {
                if let Some(p) = subj_event {
                    if p != idx {
                        evs[idx].subject_event = Some(p);
                    }
                }
            }
            let obj = cx
                .object_right(te, s1, obj_preps, 6)
                .or_else(|| cx.party_after(te - 1, s1, cat))
                .or_else(|| cx.party_after(te, s1, cat))
                .or_else(|| {
                    // "dropped food, blankets and medicine to Kurdish
                    // refugees": aid reaches who it goes "to" after the goods
                    (cat == Category::Aid)
                        .then(|| (te..(te + 10).min(s1)).find(|&k| matches!(cx.w(k), "to" | "for")))
                        .flatten()
                        .filter(|&k| !(te..k).any(|j| matches!(cx.w(j), ";" | "who" | "which" | "after" | "as" | "while")))
                        .and_then(|k| cx.object_right(k, s1, &["to", "for"], 7))
                })
                .or_else(|| {
                    // "demanded on Wednesday that China withdraw": the
                    // subject of the that-clause is asked
                    (cat == Category::Request)
                        .then(|| cx.skip_time(te, s1))
                        .filter(|&k| k < s1 && cx.w(k) == "that")
                        .and_then(|k| cx.object_right(k + 1, s1, &[], 3))
                        .map(|a| Arg {
                            rule: "arg:that-clause-subject",
                            ..a
                        })
                });
            if evs[idx].passive {
                if let Some(s) = subj {
                    recipient.push(Arg {
                        rule: "arg:passive-subject",
                        ..s
                    });
                    recipient.extend(conj);
                }
                if let Some(a) = cx.agent_by(te, s1) {
                    source.push(a);
                }
            } else if evs[idx].subject_is_recipient {
                if let Some(s) = subj {
                    recipient.push(Arg {
                        rule: "arg:subject-as-target",
                        ..s
                    });
                    recipient.extend(conj);
                }
            } else {
                if let Some(s) = subj {
                    // conjuncts first, in text order
                    source.extend(conj.into_iter().rev());
                    source.push(s);
                }
                if let Some(o) = obj {
                    recipient.push(o);
                }
            }
            if evs[idx].source_is_speaker {
                // the speaker: subject of the nearest reporting verb
                let sp = cx.statement_speaker((ts, te), s0, s1).or_else(|| {
                    // "X condemned … and stated that": the sentence's subject
                    cx.ents
                        .mentions
                        .iter()
                        .find(|m| m.sentence == evs[idx].sentence && !cx.is_locative(m) && !m.modifier_only)
                        .map(|m| cx.arg_of(m, "arg:speaker"))
                });
                if let Some(a) = sp {
                    source.push(Arg { rule: "arg:speaker", ..a });
                }
            }
        }
        // patrons are not doers: "Iran-backed militia" keeps the militia
        // "students rallied ... demanding the resignation": a participle
        // shares the subject of the verb before it
        if source.is_empty() && !evs[idx].nominal && cx.w(ts).ends_with("ing") && !evs[idx].passive {
            if let Some(p) = (0..idx).rev().find(|&p| {
                evs[p].sentence == evs[idx].sentence
                    && (!evs[p].nominal || evs[p].light_verb.is_some())
                    && evs[p].trigger.1 <= ts
                    && !evs[p].source.is_empty()
            }) {
                source = evs[p]
                    .source
                    .iter()
                    .map(|a| Arg {
                        rule: "arg:participle-subject",
                        ..a.clone()
                    })
                    .collect();
            }
        }
        // "protesters smashed windows, set fire to bins and hurled stones":
        // verbs in a row share the first one's subject
        if source.is_empty() && !evs[idx].nominal && !evs[idx].passive && ts > s0 && matches!(cx.w(ts - 1), "," | "and") {
            if let Some(p) = (0..idx).rev().find(|&p| {
                let q = &evs[p];
                q.sentence == evs[idx].sentence
                    && !q.nominal
                    && !q.passive
                    && q.trigger.1 <= ts
                    && ts - q.trigger.1 <= 12
                    && !q.source.is_empty()
                    && !(q.trigger.1..ts).any(|k| {
                        matches!(
                            cx.w(k),
                            "who" | "which" | "that" | "after" | "before" | "when" | "while" | "but" | "as" | "because" | ";"
                        )
                    })
            }) {
                source = evs[p]
                    .source
                    .iter()
                    .map(|a| Arg {
                        rule: "arg:coordinated-subject",
                        ..a.clone()
                    })
                    .collect();
            }
        }
        // "Germany responded by recalling the ambassador": the subject of
        // the verb before "by"
        if source.is_empty() && !evs[idx].nominal && cx.w(ts).ends_with("ing") && ts >= s0 + 2 && cx.w(ts - 1) == "by" {
            if let Some(a) = cx.subject_left(ts - 2, s0) {
                source.push(Arg {
                    rule: "arg:by-gerund-subject",
                    ..a
                });
            }
        }
        // "the hostages' release", "Navalny's release": the one released
        if cat == Category::Retreat && recipient.is_empty() && ts > s0 + 1 && matches!(cx.w(ts - 1), "'s" | "'" | "\u{2019}") {
            if let Some(m) = cx
                .mention_ending(ts - 1)
                .filter(|m| m.rule == "actor:agent:prisoner" || (m.person && m.identifier_text.is_some()))
            {
                source.retain(|a| a.start != m.start);
                recipient.push(cx.arg_of(m, "arg:held-possessive"));
            }
        }
        evs[idx].source = dedup_args(source);
        evs[idx].recipient = dedup_args(recipient);
        if evs[idx].weak
            && evs[idx].source.is_empty()
            && evs[idx].recipient.is_empty()
            && evs[idx].subject_event.is_none()
            && !evs[idx].merge_casualty
        {
            evs[idx].rules.push("drop:weak-without-actor".into());
        }
    }
}

fn dedup_args(v: Vec<Arg>) -> Vec<Arg> {
    let mut out: Vec<Arg> = Vec::new();
    for a in v {
        if !out.iter().any(|b| b.start == a.start && b.end == a.end) {
            out.push(a);
        }
    }
    out
}

/// Negation, future, hypothetical and historical context of each mention.
pub fn find_modality(cx: &DocCtx, evs: &mut [EventMention]) {
    for e in evs.iter_mut() {
        let (ts, _te) = e.trigger;
        let (s0, _s1) = cx.sent_range(e.sentence);
        let a = ts.saturating_sub(5).max(s0);
        // stop at a clause break between cue and trigger
        let mut start = a;
        for k in a..ts {
            let w = cx.w(k);
            if w == "," || CLAUSE_BREAK_SET.contains(w) || matches!(w, "that" | "which" | "who") {
                start = k + 1;
            }
        }
        let subject_no = {
            // "no group has been blamed", "nobody was hurt"
            let mut k = ts;
            let mut found = false;
            let mut steps = 0;
            while k > s0 && steps < 10 {
                k -= 1;
                steps += 1;
                let w = cx.w(k);
                if matches!(w, "no" | "nobody" | "none" | "neither") {
                    found = true;
                    break;
                }
                if w == "," || CLAUSE_BREAK_SET.contains(w) {
                    break;
                }
            }
            found
        };
        // "the army denied that its troops had attacked the village"
        let denied = cx.cues.iter().any(|c| {
            c.1 <= ts
                && c.0 >= s0
                && ts - c.1 <= 12
                && c.2.iter().any(|r| r == "deny-clause")
                && (c.1..ts).all(|k| !matches!(cx.w(k), ";" | "but" | "." | "while"))
        });
        let negated = denied
            || if e.nominal {
                ts > s0 && matches!(cx.w(ts - 1), "no" | "not" | "never") || (ts > s0 + 1 && matches!(cx.w(ts - 2), "no" | "not"))
            } else if e.merge_casualty && subject_no && !(start..ts).any(|k| matches!(cx.w(k), "not" | "n't" | "never")) {
                // "no one was killed": a toll of zero, counted, not a negated event
                false
            } else {
                cx.has_cue(start, ts, "negation") || subject_no
            };
        if negated {
            e.negated = true;
            e.context.push("negated".into());
            e.rules.push("modality:negated".into());
        }
        // a nominal's modality is its light verb's: "its fighters could
        // again fire Katyusha rockets"
        let (start, ts, verbal) = match e.light_verb.filter(|_| e.nominal) {
            Some(v) if v < ts && v >= s0 => {
                let a = v.saturating_sub(5).max(s0);
                let start = (a..v)
                    .rev()
                    .find(|&k| {
                        let w = cx.w(k);
                        w == "," || CLAUSE_BREAK_SET.contains(w) || matches!(w, "that" | "which" | "who")
                    })
                    .map_or(a, |k| k + 1);
                (start, v, true)
            }
            _ => (start, ts, !e.nominal),
        };
        // "thwarted a plan to bomb": what did not happen outranks what is planned
        if e.category != Category::Threaten && cx.has_cue(start, ts, "hypothetical") && verbal {
            e.context.push("hypothetical".into());
            e.rules.push("modality:hypothetical".into());
        } else if e.category != Category::Threaten && cx.has_cue(start, ts, "future") {
            e.context.push("future".into());
            e.rules.push("modality:future".into());
        }
    }
}

/// The event's place: a locative phrase near the trigger in its sentence.
pub fn find_location(cx: &DocCtx, evs: &mut [EventMention]) {
    for e in evs.iter_mut() {
        let (ts, te) = e.trigger;
        let (s0, s1) = cx.sent_range(e.sentence);
        let places: Vec<&crate::entities::PlaceMention> = cx
            .ents
            .places
            .iter()
            .filter(|p| p.sentence == e.sentence && p.location.is_some())
            // a statement's place is no place of an event it reports
            .filter(|p| e.category.quad() != 4 || !cx.is_speech_place(p))
            .collect();
        let locative = |p: &crate::entities::PlaceMention| cx.is_locative_place(p);
        // after the trigger first (within the clause), then before it,
        // then a place used as a pre-modifier ("the Kerman bombing")
        // a protest's target is no place of it: "in protest against the
        // war in Gaza", "rallied over the killings in Darfur"
        let target_phrase = |p: &crate::entities::PlaceMention| {
            e.category == Category::Protest
                && (te..p.tok_start).any(|k| matches!(cx.w(k), "against" | "over" | "denouncing" | "condemning"))
        };
        let after = places
            .iter()
            .filter(|p| p.tok_start >= te && p.tok_start < (te + 14).min(s1) && locative(p) && !target_phrase(p))
            .find(|p| {
                // another event trigger between them takes the place for itself
                !(te..p.tok_start).any(|k| matches!(cx.w(k), ";" | "while" | "whereas"))
            });
        // "the Kerman bombing"; a country before the trigger is its doer ("a U.S. strike")
        let pre = places
            .iter()
            .find(|p| !p.from_lexicon && (p.tok_end == ts || (p.tok_end + 1 == ts && cx.w(ts - 1) == "'s")));
        let before = places
            .iter()
            .rev()
            .filter(|p| p.tok_end <= ts && p.tok_end + 16 >= ts && locative(p))
            .find(|_| true);
        // else the nearest place named as a place anywhere in the clause
        // ("kidnapped the manager of a factory as he was driven to work in San Isidro")
        let anywhere = || {
            places
                .iter()
                .filter(|p| locative(p) && !(p.tok_start >= te && target_phrase(p)))
                .filter(|p| !(p.tok_start.min(ts)..p.tok_start.max(ts)).any(|k| matches!(cx.w(k), ";" | "while" | "whereas")))
                .min_by_key(|p| {
                    if p.tok_start >= te {
                        p.tok_start - te
                    } else {
                        2 * (ts - p.tok_end.min(ts))
                    }
                })
        };
        let chosen = after.or(pre).or(before).or_else(anywhere);
        if let Some(p) = chosen {
            if let Some(loc) = &p.location {
                // "central Baghdad": the text keeps the qualifier
                let mut k = p.tok_start;
                while k > s0 && is_direction(cx.w(k - 1)) {
                    k -= 1;
                }
                let mut l = loc.clone();
                l.text = cx.text[cx.toks[k].start..p.end].to_string();
                e.location = Some((l, cx.toks[k].start, p.end));
                e.rules.push(p.rule.clone());
            }
        }
    }
}

/// The event's date: a time expression of its sentence, else the
/// publication date for a current event.
pub fn find_dates(cx: &DocCtx, evs: &mut [EventMention]) {
    // casualty verbs ("killing", "wounded") join the weapon trigger they
    // follow, so they do not stand between a trigger and its date
    // neither do actors read as events ("protesters")
    let blockers: Vec<(usize, usize)> = evs
        .iter()
        .filter(|e| !e.merge_casualty && !e.weak)
        .filter(|e| cx.actor_at_trigger(e.trigger).is_none())
        .map(|e| e.trigger)
        .collect();
    // a verb's own object is part of its phrase: "lifted the curfew on
    // Sunday", "ended the blockade on Friday"
    let objects: Vec<(usize, usize, usize)> = evs
        .iter()
        .filter(|e| !e.nominal)
        .filter_map(|v| {
            let o = evs.iter().find(|o| {
                o.nominal
                    && o.sentence == v.sentence
                    && o.trigger.0 >= v.trigger.1
                    && o.trigger.0 - v.trigger.1 <= 5
                    && (v.trigger.1..o.trigger.0).all(|k| {
                        (cx.toks[k].kind != TokKind::Punct || cx.w(k) == "-")
                            && !matches!(
                                cx.w(k),
                                "and"
                                    | "or"
                                    | "but"
                                    | "after"
                                    | "before"
                                    | "as"
                                    | "in"
                                    | "on"
                                    | "at"
                                    | "with"
                                    | "by"
                                    | "to"
                                    | "for"
                                    | "of"
                                    | "while"
                                    | "when"
                                    | "from"
                            )
                    })
            })?;
            Some((v.trigger.0, o.trigger.0, o.trigger.1))
        })
        .collect();
    for e in evs.iter_mut() {
        let (ts, te) = e.trigger;
        let (s0, _s1) = cx.sent_range(e.sentence);
        // "the fourth anniversary of the U.S. assassination of …": history
        let mut k = ts;
        let mut steps = 0;
        while k > s0 && steps < 5 {
            k -= 1;
            steps += 1;
            if cx.has_cue(k, k + 1, "anniversary") {
                let ord = cx.w(k.saturating_sub(1));
                let n = ordinal(ord);
                if let (Some(p), Some(n)) = (cx.published, n) {
                    e.date = Some((
                        Date {
                            year: p.year - n,
                            month: 1,
                            day: 1,
                        },
                        Precision::Year,
                    ));
                    e.date_from_text = true;
                }
                if !e.context.iter().any(|c| c == "historical") {
                    e.context.push("historical".into());
                }
                e.rules.push("time:anniversary-of".into());
                break;
            }
        }
        if e.date.is_some() || e.context.iter().any(|c| c == "historical") {
            continue;
        }
        // a bare casualty verb takes its date from the weapon trigger it joins
        if e.merge_casualty && blockers.iter().any(|&(x, _)| x != ts && cx.toks[x].sentence == e.sentence) {
            continue;
        }
        let cands: Vec<&Timex> = cx
            .times
            .iter()
            .filter(|t| {
                cx.toks[t.tok_start].sentence == e.sentence && t.date.is_some() && t.kind != TimexType::Duration && t.kind != TimexType::Set
            })
            // a time expression belongs to the nearest trigger: none may stand between
            .filter(|t| {
                let (a, b) = if t.tok_start >= te { (te, t.tok_start) } else { (t.tok_end, ts) };
                b.saturating_sub(a) <= 18
                    && !blockers
                        .iter()
                        .any(|&(x, y)| (x, y) != (ts, te) && x >= a && y <= b && !objects.contains(&(ts, x, y)))
            })
            .filter(|t| {
                !matches!(
                    t.prep.as_deref(),
                    Some("since") | Some("until") | Some("till") | Some("by") | Some("before") | Some("of") | Some("for") | Some("within")
                )
            })
            .collect();
        let best = cands.iter().min_by_key(|t| {
            if t.tok_start >= te {
                t.tok_start - te
            } else {
                ts - t.tok_end.min(ts) + 2
            }
        });
        // a date fronting the sentence ("On 14 May 1988, ...", "12/11/1979: ...")
        // dates every event of it
        let fronted = || {
            cx.times.iter().find(|t| {
                cx.toks[t.tok_start].sentence == e.sentence
                    && t.tok_start <= s0 + 1
                    && t.tok_end <= ts
                    && t.date.is_some()
                    && t.kind != TimexType::Duration
                    && t.kind != TimexType::Set
                    && matches!(cx.w(t.tok_end), "," | ":" | "-")
            })
        };
        // "in October 1970, when ... the FLQ kidnapped a diplomat", "the
        // failed coup of February 23, 1981, when Civil Guards stormed
        // parliament": a date before "when" dates the clause after it
        let when_clause = || {
            cx.times.iter().rfind(|t| {
                cx.toks[t.tok_start].sentence == e.sentence
                    && t.tok_end < ts
                    && t.date.is_some()
                    && t.kind == TimexType::Date
                    && (cx.w(t.tok_end) == "when" || (cx.w(t.tok_end) == "," && cx.w(t.tok_end + 1) == "when"))
                    && !cx.times.iter().any(|u| u.tok_start > t.tok_end && u.tok_end <= ts)
            })
        };
        let best = best.copied().filter(|t| t.tok_start >= te).or_else(when_clause).or(best.copied());
        if let Some(t) = best.or_else(fronted) {
            e.date = t.date;
            e.date_from_text = true;
            e.rules.push(t.rule.to_string());
        }
    }
}

fn ordinal(w: &str) -> Option<i32> {
    Some(match w {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        "fourth" | "4th" => 4,
        "fifth" | "5th" => 5,
        "sixth" | "6th" => 6,
        "seventh" | "7th" => 7,
        "eighth" | "8th" => 8,
        "ninth" | "9th" => 9,
        "tenth" | "10th" => 10,
        "twentieth" | "20th" => 20,
        "fiftieth" | "50th" => 50,
        _ => {
            let d: String = w.chars().take_while(|c| c.is_ascii_digit()).collect();
            return d
                .parse()
                .ok()
                .filter(|_| w.ends_with("th") || w.ends_with("st") || w.ends_with("nd") || w.ends_with("rd"));
        }
    })
}

/// Person nouns that count one each ("the commander and another person").
const SINGULAR_PERSON: &[&str] = &[
    "person",
    "man",
    "woman",
    "child",
    "boy",
    "girl",
    "commander",
    "leader",
    "soldier",
    "policeman",
    "officer",
    "civilian",
    "journalist",
    "student",
    "official",
    "guard",
    "driver",
    "passenger",
    "worker",
    "farmer",
    "member",
    "militant",
    "fighter",
    "cleric",
    "teacher",
    "doctor",
    "nurse",
    "resident",
    "villager",
    "youth",
    "teenager",
    "bodyguard",
    "deputy",
    "chief",
    "general",
    "colonel",
    "constable",
    "baby",
    "infant",
    "priest",
    "imam",
    "pilgrim",
    "tourist",
    "trader",
    "shopkeeper",
    "suspect",
    "gunman",
    "attacker",
    "bomber",
    "assailant",
    "policewoman",
    "lawmaker",
    "politician",
    "mayor",
    "governor",
    "judge",
    "activist",
    "aid worker",
    "contractor",
];

/// Counts a noun phrase of singular persons joined by "and": "the commander
/// and another person" → 2. Returns (count, end token).
fn count_person_np(cx: &DocCtx, mut k: usize, s1: usize) -> Option<(u64, usize)> {
    let mut n = 0u64;
    let start = k;
    loop {
        let det = cx.w(k);
        if !matches!(det, "a" | "an" | "the" | "another" | "one" | "his" | "her" | "its" | "their") {
            break;
        }
        let mut j = k + 1;
        let mut steps = 0;
        let mut found = false;
        while j < s1 && steps < 8 {
            let w = cx.w(j);
            if SINGULAR_PERSON_SET.contains(w) {
                found = true;
                j += 1;
                break;
            }
            // "a 45-year-old", "a 12-year-old": an age is a person
            if w == "old" && j >= 2 && cx.w(j - 1) == "-" && matches!(cx.w(j - 2), "year" | "years") {
                found = true;
                j += 1;
                // "a 45-year-old shopkeeper": take the noun after the age too
                if j < s1 && SINGULAR_PERSON_SET.contains(cx.w(j)) {
                    j += 1;
                }
                break;
            }
            if matches!(w, "," | "and" | "." | "in" | "of" | "who" | "which") {
                break;
            }
            j += 1;
            steps += 1;
        }
        if !found {
            break;
        }
        n += 1;
        // "a commander of an Iran-backed militia": skip an "of" phrase
        if cx.w(j) == "of" {
            let mut q = j + 1;
            while q < s1 && !matches!(cx.w(q), "and" | "," | "." | "in" | "on" | "who" | "which") && q < j + 8 {
                q += 1;
            }
            j = q;
        }
        k = j;
        if cx.w(k) == "and" {
            k += 1;
            continue;
        }
        break;
    }
    if n > 0 && k > start {
        Some((n, k))
    } else {
        None
    }
}

/// Casualty and arrest figures, attached to the event they belong to.
/// Returns (event index, observation) pairs; events are the mention indices.
/// A figure with the event it belongs to and the victims it names.
pub type AttachedCount = (Option<usize>, CountObs, Option<(usize, usize, &'static str)>);

pub fn find_counts(cx: &DocCtx, evs: &[EventMention]) -> Vec<AttachedCount> {
    let mut out = Vec::new();
    let mut used_numbers: Vec<(usize, usize)> = Vec::new();
    for c in &cx.cues {
        let what: &'static str = if c.2.iter().any(|r| r == "dead") {
            "dead"
        } else if c.2.iter().any(|r| r == "injured") {
            "injured"
        } else if c.2.iter().any(|r| r == "arrested") {
            "arrested"
        } else {
            continue;
        };
        let (a, b) = (c.0, c.1);
        let sent = cx.toks[a].sentence;
        let (s0, s1) = cx.sent_range(sent);
        let first = cx.w(a);
        let is_noun = matches!(
            first,
            "death"
                | "deaths"
                | "toll"
                | "fatalities"
                | "fatality"
                | "bodies"
                | "body"
                | "lives"
                | "injuries"
                | "casualties"
                | "dead"
                | "injured"
                | "wounded"
                | "hurt"
        ) || cx.w(a.saturating_sub(1)) == "the";
        // "shot dead a trader": "dead" after a verb of killing is active
        let shot_dead = first == "dead"
            && a > s0
            && matches!(
                cx.w(a - 1),
                "shot" | "stabbed" | "beaten" | "hacked" | "gunned" | "clubbed" | "burnt" | "burned"
            );
        let is_noun = is_noun && !shot_dead;
        let active = shot_dead
            || first.ends_with("ing")
            || (first.ends_with("ed") && !BE.contains(&cx.w(a.saturating_sub(1))) && a > s0 && cx.toks[a - 1].kind != TokKind::Number);
        let mut found: Option<(NumberExpr, &'static str, usize, usize)> = None;
        // after: "killing 84 people", "wounded five others", "the deaths of the
        // commander and another person", "death toll rose to 84"
        if active || is_noun {
            let mut k = b;
            let mut steps = 0;
            let toll = first.contains("toll") || cx.w(b.saturating_sub(1)) == "toll";
            let limit = if toll { 8 } else { 3 };
            while k < s1 && steps < limit {
                if cx.w(k) == "of" && matches!(first, "death" | "deaths" | "killing") {
                    if let Some(n) = number_at(cx.text, cx.toks, k + 1, s1) {
                        found = Some((n, "count:deaths-of-number", k + 1, 0));
                    } else if let Some((n, end)) = count_person_np(cx, k + 1, s1) {
                        let ne = NumberExpr {
                            tok_start: k + 1,
                            tok_end: end,
                            low: Some(n),
                            best: Some(n),
                            high: Some(n),
                            qualifier: "exact",
                        };
                        found = Some((ne, "count:deaths-of-persons", k + 1, 0));
                    }
                    break;
                }
                if let Some(n) = number_at(cx.text, cx.toks, k, s1) {
                    // "killing two hours", "killed 40 percent of the crop": no people
                    let unit = n.tok_end < s1
                        && matches!(
                            cx.w(n.tok_end),
                            "hours"
                                | "hour"
                                | "minutes"
                                | "minute"
                                | "days"
                                | "weeks"
                                | "months"
                                | "years"
                                | "seconds"
                                | "percent"
                                | "per"
                                | "%"
                        );
                    if !is_year_tok(cx, k) && !unit {
                        found = Some((
                            n,
                            if toll
                                && (b..k).any(|j| {
                                    matches!(
                                        cx.w(j),
                                        "rose" | "risen" | "climbed" | "jumped" | "increased" | "reached" | "hit" | "passed"
                                    )
                                })
                            {
                                "count:toll-update"
                            } else if toll {
                                "count:toll"
                            } else {
                                "count:verb-object"
                            },
                            k,
                            0,
                        ));
                    }
                    break;
                }
                if active && !is_noun {
                    if let Some((n, end)) = count_person_np(cx, k, s1) {
                        let ne = NumberExpr {
                            tok_start: k,
                            tok_end: end,
                            low: Some(n),
                            best: Some(n),
                            high: Some(n),
                            qualifier: "exact",
                        };
                        found = Some((ne, "count:verb-persons", k, 0));
                        break;
                    }
                }
                let w = cx.w(k);
                if !(matches!(
                    w,
                    "toll"
                        | "rose"
                        | "risen"
                        | "climbed"
                        | "reached"
                        | "stood"
                        | "stands"
                        | "at"
                        | "to"
                        | "is"
                        | "was"
                        | "has"
                        | "had"
                        | "of"
                        | "the"
                        | "now"
                        | "jumped"
                        | "increased"
                        | "which"
                        | "initially"
                        | ","
                        | "hit"
                        | "passed"
                        | "all"
                        | "later"
                        | "since"
                        | "then"
                        | "further"
                        | "grew"
                        | "mounted"
                ) || w.ends_with("ly"))
                {
                    break;
                }
                k += 1;
                steps += 1;
            }
        }
        // "beat a teacher to death", "stabbed two men to death": the object
        // between the verb and "to death"
        // "sentenced five men to death" is a verdict, not a toll
        let verdict = (a.saturating_sub(8).max(s0)..a).any(|k| matches!(cx.w(k), "sentenced" | "sentences" | "sentence" | "condemned"));
        if first == "to" && verdict {
            continue;
        }
        // "a 32-year-old man was stabbed to death": the passive subject
        if first == "to" && a > s0 && a >= 2 && BE.contains(&cx.w(a - 2)) || first == "to" && a >= 3 && BE.contains(&cx.w(a - 3)) {
            for k in s0..a {
                if let Some((n, end)) = count_person_np(cx, k, a).filter(|&(_, end)| end < a && BE.contains(&cx.w(end))) {
                    let ne = NumberExpr {
                        tok_start: k,
                        tok_end: end,
                        low: Some(n),
                        best: Some(n),
                        high: Some(n),
                        qualifier: "exact",
                    };
                    found = Some((ne, "count:passive-subject-to-death", k, 0));
                    break;
                }
            }
        }
        if found.is_none() && first == "to" && a > s0 {
            for k in (a.saturating_sub(6).max(s0)..a).rev() {
                if let Some(n) = number_at(cx.text, cx.toks, k, a).filter(|n| n.tok_end < a && n.best.is_some()) {
                    found = Some((n, "count:object-to-death", k, 0));
                    break;
                }
                if let Some((n, end)) = count_person_np(cx, k, a + 1).filter(|&(_, end)| end == a) {
                    let ne = NumberExpr {
                        tok_start: k,
                        tok_end: end,
                        low: Some(n),
                        best: Some(n),
                        high: Some(n),
                        qualifier: "exact",
                    };
                    found = Some((ne, "count:object-to-death", k, 0));
                    break;
                }
            }
        }
        // before: "84 people were killed", "the two killed", "12 dead"
        if found.is_none() {
            let mut k = a;
            let mut steps = 0;
            while k > s0 && steps < 6 {
                k -= 1;
                steps += 1;
                let w = cx.w(k);
                if cx.toks[k].kind == TokKind::Number || crate::numbers::number_at(cx.text, cx.toks, k, a).is_some_and(|n| n.tok_end <= a) {
                    // find the start of the number expression
                    let mut st = k;
                    // "at least 12", "more than 100": the qualifier starts up to
                    // three tokens before the figure
                    let k0 = st;
                    for back in 1..=3 {
                        if k0 < s0 + back {
                            break;
                        }
                        if number_at(cx.text, cx.toks, k0 - back, a).is_some_and(|n| n.tok_end > k) {
                            st = k0 - back;
                        }
                    }
                    if let Some(n) = number_at(cx.text, cx.toks, st, a) {
                        if !is_year_tok(cx, st)
                            && (n.best.is_some() || n.low.is_some())
                            && !(matches!(w, "a" | "an") && n.tok_end == st + 1)
                        {
                            found = Some((n, "count:number-before", st, 0));
                        }
                    }
                    break;
                }
                // "12 people, including six police officers, were killed":
                // step over the parenthesis to the figure before it
                if w == "," {
                    let lo = k.saturating_sub(10).max(s0);
                    if let Some(inc) = (lo..k).rev().find(|&q| matches!(cx.w(q), "including" | "among")) {
                        if inc > s0 && cx.w(inc - 1) == "," {
                            k = inc - 1;
                            continue;
                        }
                    }
                }
                if !(matches!(
                    w,
                    "people"
                        | "persons"
                        | "others"
                        | "more"
                        | "were"
                        | "was"
                        | "are"
                        | "is"
                        | "have"
                        | "has"
                        | "had"
                        | "been"
                        | "being"
                        | "reportedly"
                        | "also"
                        | "other"
                        | "civilians"
                        | "soldiers"
                        | "policemen"
                        | "police"
                        | "officers"
                        | "troops"
                        | "militants"
                        | "children"
                        | "women"
                        | "men"
                        | "protesters"
                        | "of"
                        | "them"
                        | "those"
                        | "including"
                        | "and"
                        | "later"
                        | "wounded"
                        | "injured"
                        | "killed"
                        | "dead"
                        | "shot"
                        | "stabbed"
                        | "beaten"
                        | "gunned"
                        | "hacked"
                        | "burned"
                        | "found"
                        | "suspects"
                        | "members"
                        | "fighters"
                        | "worshippers"
                        | "students"
                        | "pilgrims"
                        | "mourners"
                        | "migrants"
                        | "villagers"
                        | "residents"
                        | "passengers"
                        | "workers"
                ) || w.ends_with("ly")
                    || w.ends_with("s") && w.len() > 3
                    || (w == "one" && k > s0 && cx.w(k - 1) == "no")
                    // "Twelve young Civil Guards were killed", "five Palestinian
                    // workers": adjectives and names of the counted
                    || (k > s0 && cx.toks[k].kind == TokKind::Word && cx.text[cx.toks[k].start..].starts_with(|c: char| c.is_uppercase()))
                    || matches!(w, "young" | "unarmed" | "innocent" | "foreign" | "local" | "senior" | "elderly" | "teenage" | "paramilitary"))
                {
                    break;
                }
            }
        }
        let Some((num, rule, _ns, _)) = found else { continue };
        if used_numbers.iter().any(|&(x, y)| x == num.tok_start && y == num.tok_end) {
            continue;
        }
        used_numbers.push((num.tok_start, num.tok_end));
        // a figure later revised: "the initial death toll, which initially exceeded 100, was later revised"
        let superseded = cx.has_cue(s0, s1, "revision-old") && cx.has_cue(s0, s1, "revision-new");
        let start = cx.toks[a.min(num.tok_start)].start;
        let end = cx.toks[(b.max(num.tok_end)) - 1].end;
        // the victim noun: "84 people", "five others", "two policemen"
        let victim = {
            let k = num.tok_end;
            let w = cx.w(k);
            if k < s1
                && !matches!(
                    w,
                    "were" | "was" | "and" | "," | "." | "in" | "more" | "others" | "of" | "dead" | "killed" | "injured" | "wounded"
                )
            {
                cx.ents
                    .mentions
                    .iter()
                    .find(|m| m.tok_start == k)
                    .map(|m| (m.tok_start, m.tok_end, "victim"))
            } else {
                None
            }
        };
        // which event: the trigger this anchor is part of, else the nearest
        // violent event of the sentence, else the latest one before it
        let target = evs
            .iter()
            .position(|e| e.trigger.0 <= a && a < e.trigger.1 && e.category.is_material_conflict())
            .or_else(|| {
                evs.iter()
                    .enumerate()
                    .filter(|(_, e)| {
                        e.sentence == sent
                            && e.category == Category::Assault
                            && !(e.context.iter().any(|c| c == "historical") && e.trigger.1 < a)
                    })
                    .min_by_key(|(_, e)| if e.trigger.0 > a { e.trigger.0 - a + 1 } else { a - e.trigger.1 })
                    .map(|(i, _)| i)
            })
            .or_else(|| {
                evs.iter()
                    .enumerate()
                    .filter(|(_, e)| e.trigger.1 <= a && e.category == Category::Assault && !e.context.iter().any(|c| c == "historical"))
                    .max_by_key(|(_, e)| e.trigger.1)
                    .map(|(i, _)| i)
            });
        out.push((
            target,
            CountObs {
                what,
                num,
                start,
                end,
                superseded,
                rule,
            },
            victim,
        ));
    }
    // "the death toll rose to 23": an update supersedes the figures given
    // before it for the same event
    for i in 0..out.len() {
        if out[i].1.rule != "count:toll-update" {
            continue;
        }
        let (target, what, at) = (out[i].0, out[i].1.what, out[i].1.start);
        for (j, o) in out.iter_mut().enumerate() {
            if j != i && o.0 == target && o.1.what == what && o.1.start < at {
                o.1.superseded = true;
            }
        }
    }
    out
}

fn is_year_tok(cx: &DocCtx, k: usize) -> bool {
    let t = &cx.toks[k];
    let s = &cx.text[t.start..t.end];
    t.kind == TokKind::Number && s.len() == 4 && (s.starts_with("19") || s.starts_with("20"))
}
