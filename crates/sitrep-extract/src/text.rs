//! Tokens and sentences: byte spans into the document's text.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Word,
    Number,
    Punct,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
    /// Index of the sentence the token belongs to.
    pub sentence: usize,
}

#[derive(Debug, Clone)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Token index range.
    pub tok_start: usize,
    pub tok_end: usize,
}

/// `word_set!(NAME = LIST, ...)`: a static [`WordSet`] of the word lists,
/// built when first used.
macro_rules! word_set {
    ($vis:vis $name:ident = $($list:expr),+) => {
        $vis static $name: std::sync::LazyLock<$crate::text::WordSet> =
            std::sync::LazyLock::new(|| $crate::text::WordSet::new(&[$($list),+]));
    };
}
pub(crate) use word_set;

word_set!(ABBREVIATIONS_SET = ABBREVIATIONS);
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "maj", "brig", "prof", "sen", "rep", "gov", "st", "jr", "sr", "inc", "ltd",
    "co", "corp", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec", "ave", "mt",
    "ft", "adm", "cmdr", "rev", "hon", "pres", "gov", "supt", "insp", "cpl", "pvt", "messrs", "approx", "dept", "est", "govt", "int",
    "nos", "rs", "sh", "smt", "shri", "km", "al", "fig",
];

word_set!(SENTENCE_STARTERS_SET = SENTENCE_STARTERS);
/// Words that begin a new sentence after an abbreviation such as "U.S.".
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "in",
    "on",
    "at",
    "but",
    "and",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "their",
    "its",
    "meanwhile",
    "however",
    "according",
    "after",
    "before",
    "earlier",
    "later",
    "officials",
    "police",
    "no",
    "some",
    "many",
    "several",
    "one",
    "two",
    "three",
    "while",
    "when",
    "as",
    "if",
    "since",
    "both",
    "all",
    "authorities",
    "our",
    "we",
    "you",
    "last",
    "on",
    "during",
    "for",
    "with",
    "by",
];

fn is_word_byte(c: char) -> bool {
    c.is_alphanumeric()
}

/// A lower-cased token without a heap allocation for ordinary words: the
/// token itself when it has no capital letter, else a copy on the stack.
#[derive(Clone)]
pub enum Lw<'a> {
    Borrowed(&'a str),
    Inline([u8; 32], u8),
    Heap(String),
}

impl<'a> Lw<'a> {
    pub fn new(s: &'a str) -> Lw<'a> {
        if !s.bytes().any(|b| b.is_ascii_uppercase()) {
            Lw::Borrowed(s)
        } else if s.len() <= 32 {
            let mut buf = [0u8; 32];
            buf[..s.len()].copy_from_slice(s.as_bytes());
            buf[..s.len()].make_ascii_lowercase();
            Lw::Inline(buf, s.len() as u8)
        } else {
            Lw::Heap(s.to_ascii_lowercase())
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Lw::Borrowed(s) => s,
            // ASCII lower-casing keeps UTF-8 valid, and the slice ends at a
            // char boundary of the original token.
            Lw::Inline(buf, n) => std::str::from_utf8(&buf[..*n as usize]).unwrap_or(""),
            Lw::Heap(s) => s,
        }
    }
}

impl Default for Lw<'_> {
    fn default() -> Self {
        Lw::Borrowed("")
    }
}

impl std::ops::Deref for Lw<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<&str> for Lw<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Lw<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Lw<'_>> for &str {
    fn eq(&self, other: &Lw<'_>) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Lw<'_>> for str {
    fn eq(&self, other: &Lw<'_>) -> bool {
        self == other.as_str()
    }
}

impl std::fmt::Display for Lw<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A fixed set of lower-case words for a quick first test: `may_contain`
/// is true for every word of the set, in any ASCII case, and for few
/// others (a 2,048-bit Bloom filter, built at compile time).
pub struct WordFilter {
    bits: [u64; 32],
}

impl WordFilter {
    pub const fn new(words: &[&str]) -> WordFilter {
        let mut bits = [0u64; 32];
        let mut i = 0;
        while i < words.len() {
            let (a, b) = Self::slots(words[i].as_bytes());
            bits[a / 64] |= 1 << (a % 64);
            bits[b / 64] |= 1 << (b % 64);
            i += 1;
        }
        WordFilter { bits }
    }

    /// The words of both filters.
    pub const fn union(self, other: WordFilter) -> WordFilter {
        let mut bits = self.bits;
        let mut i = 0;
        while i < bits.len() {
            bits[i] |= other.bits[i];
            i += 1;
        }
        WordFilter { bits }
    }

    /// Two bit positions from a hash of the word's length and its first
    /// two and last two bytes, lower-cased.
    const fn slots(w: &[u8]) -> (usize, usize) {
        let n = w.len();
        let (first, second, last, before_last) = match n {
            0 => (0, 0, 0, 0),
            1 => (w[0], 0, w[0], 0),
            _ => (w[0], w[1], w[n - 1], w[n - 2]),
        };
        let key = (n as u64 & 0xff)
            | (first.to_ascii_lowercase() as u64) << 8
            | (second.to_ascii_lowercase() as u64) << 16
            | (last.to_ascii_lowercase() as u64) << 24
            | (before_last.to_ascii_lowercase() as u64) << 32;
        let h = key.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        ((h >> 53) as usize & 2047, (h >> 42) as usize & 2047)
    }

    pub fn may_contain(&self, w: &str) -> bool {
        let (a, b) = Self::slots(w.as_bytes());
        self.bits[a / 64] & (1 << (a % 64)) != 0 && self.bits[b / 64] & (1 << (b % 64)) != 0
    }
}

/// Token `t` lower-cased (ASCII), without allocating.
pub fn lw<'a>(text: &'a str, t: &Token) -> Lw<'a> {
    Lw::new(&text[t.start..t.end])
}

/// Splits the text into tokens (without sentence indices).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut toks = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = match text[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        let cl = c.len_utf8();
        if c.is_whitespace() {
            i += cl;
            continue;
        }
        if c.is_ascii_digit() {
            let mut j = i + 1;
            while j < bytes.len() {
                let b = bytes[j];
                if b.is_ascii_digit() {
                    j += 1;
                } else if (b == b',' || b == b'.') && j + 1 < bytes.len() && bytes[j + 1].is_ascii_digit() {
                    j += 2;
                } else {
                    break;
                }
            }
            // "1990s", "4th", "10am": letters glued to a number stay with it
            let mut k = j;
            while k < bytes.len() && bytes[k].is_ascii_alphabetic() {
                k += 1;
            }
            let kind = if k > j { TokKind::Word } else { TokKind::Number };
            toks.push(Token {
                start: i,
                end: k,
                kind,
                sentence: 0,
            });
            i = k;
            continue;
        }
        if is_word_byte(c) {
            let mut j = i + cl;
            loop {
                let Some(d) = text[j..].chars().next() else { break };
                if is_word_byte(d) {
                    j += d.len_utf8();
                    continue;
                }
                // internal apostrophes: Kata'ib, al-Qa'ida, don't (but not the possessive 's)
                if d == '\'' || d == '\u{2019}' {
                    let rest = &text[j + d.len_utf8()..];
                    let next = rest.chars().next();
                    let is_possessive =
                        (rest.starts_with('s') || rest.starts_with('S')) && !rest[1..].chars().next().is_some_and(is_word_byte);
                    if next.is_some_and(is_word_byte) && !is_possessive {
                        j += d.len_utf8();
                        continue;
                    }
                }
                // dotted initials: U.S., U.N., e.g.
                if d == '.' && j - i <= 2 && text[i..j].chars().count() == 1 {
                    let rest = &text[j + 1..];
                    let mut it = rest.chars();
                    if let (Some(a), Some(b)) = (it.next(), it.next()) {
                        if a.is_alphabetic() && b == '.' {
                            j += 1 + a.len_utf8() + 1;
                            while let Some(rest) = text.get(j..) {
                                let mut it = rest.chars();
                                match (it.next(), it.next()) {
                                    (Some(a), Some('.')) if a.is_alphabetic() => j += a.len_utf8() + 1,
                                    _ => break,
                                }
                            }
                            break;
                        }
                    }
                }
                break;
            }
            toks.push(Token {
                start: i,
                end: j,
                kind: TokKind::Word,
                sentence: 0,
            });
            i = j;
            continue;
        }
        // possessive 's as its own token
        if (c == '\'' || c == '\u{2019}') && text[i + cl..].starts_with(['s', 'S']) {
            let after = text[i + cl + 1..].chars().next();
            if !after.is_some_and(is_word_byte) && toks.last().is_some_and(|t: &Token| t.end == i) {
                toks.push(Token {
                    start: i,
                    end: i + cl + 1,
                    kind: TokKind::Word,
                    sentence: 0,
                });
                i += cl + 1;
                continue;
            }
        }
        toks.push(Token {
            start: i,
            end: i + cl,
            kind: TokKind::Punct,
            sentence: 0,
        });
        i += cl;
    }
    toks
}

/// Splits tokens into sentences and sets each token's sentence index.
pub fn split_sentences(text: &str, toks: &mut [Token]) -> Vec<Sentence> {
    let mut sents = Vec::new();
    let mut start_tok = 0;
    let n = toks.len();
    let mut i = 0;
    while i < n {
        let t = &toks[i];
        let s = &text[t.start..t.end];
        let mut boundary_after: Option<usize> = None;
        // a paragraph break ends a sentence
        if i + 1 < n && text[t.end..toks[i + 1].start].contains('\n') {
            boundary_after = Some(i);
        } else if t.kind == TokKind::Punct && matches!(s, "." | "!" | "?") {
            // closing quotes and brackets stay with the sentence they close
            let mut j = i;
            while j + 1 < n
                && matches!(
                    &text[toks[j + 1].start..toks[j + 1].end],
                    "\"" | "\u{201d}" | "'" | "\u{2019}" | ")"
                )
                && toks[j + 1].start == toks[j].end
            {
                j += 1;
            }
            if j + 1 >= n {
                boundary_after = Some(j);
            } else {
                let next = &toks[j + 1];
                let gap = &text[toks[j].end..next.start];
                let first = text[next.start..].chars().next().unwrap_or(' ');
                let starts = first.is_uppercase() || first.is_ascii_digit() || matches!(first, '"' | '\u{201c}' | '(' | '\'');
                if !gap.is_empty() && starts && s == "." && i > 0 && toks[i - 1].end == t.start {
                    let prev = &text[toks[i - 1].start..toks[i - 1].end];
                    let lower = prev.to_ascii_lowercase();
                    let is_abbrev =
                        ABBREVIATIONS_SET.contains(lower.as_str()) || (prev.chars().count() == 1 && prev.chars().all(|c| c.is_uppercase()));
                    if !is_abbrev {
                        boundary_after = Some(j);
                    }
                } else if !gap.is_empty() && starts {
                    boundary_after = Some(j);
                }
                if boundary_after.is_some() {
                    i = j;
                }
            }
        } else if t.kind == TokKind::Word && s.ends_with('.') && s.len() > 2 && i + 1 < n {
            // dotted initials ("U.S.") end a sentence only before a sentence starter
            let next = &text[toks[i + 1].start..toks[i + 1].end];
            let lower = next.to_ascii_lowercase();
            if next.chars().next().is_some_and(|c| c.is_uppercase()) && SENTENCE_STARTERS_SET.contains(lower.as_str()) {
                boundary_after = Some(i);
            }
        }
        if let Some(b) = boundary_after {
            push_sentence(&mut sents, toks, start_tok, b + 1);
            start_tok = b + 1;
        }
        i += 1;
    }
    if start_tok < n {
        push_sentence(&mut sents, toks, start_tok, n);
    }
    sents
}

fn push_sentence(sents: &mut Vec<Sentence>, toks: &mut [Token], a: usize, b: usize) {
    if a >= b {
        return;
    }
    let idx = sents.len();
    for t in &mut toks[a..b] {
        t.sentence = idx;
    }
    sents.push(Sentence {
        start: toks[a].start,
        end: toks[b - 1].end,
        tok_start: a,
        tok_end: b,
    });
}

/// A fixed set of words, looked up by hash: for the long word lists that
/// rules test tokens against.
pub struct WordSet {
    slots: Vec<&'static str>,
    used: Vec<bool>,
    mask: usize,
}

impl WordSet {
    /// The words of all `lists`.
    pub fn new(lists: &[&[&'static str]]) -> WordSet {
        let n: usize = lists.iter().map(|l| l.len()).sum();
        let size = (n * 2).next_power_of_two().max(16);
        let mut set = WordSet {
            slots: vec![""; size],
            used: vec![false; size],
            mask: size - 1,
        };
        for w in lists.iter().flat_map(|l| l.iter()) {
            let mut i = word_hash(w.as_bytes()) & set.mask;
            while set.used[i] && set.slots[i] != *w {
                i = (i + 1) & set.mask;
            }
            set.slots[i] = w;
            set.used[i] = true;
        }
        set
    }

    pub fn contains(&self, w: &str) -> bool {
        let mut i = word_hash(w.as_bytes()) & self.mask;
        while self.used[i] {
            if self.slots[i] == w {
                return true;
            }
            i = (i + 1) & self.mask;
        }
        false
    }
}

/// FNV-1a.
fn word_hash(b: &[u8]) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in b {
        h ^= c as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<String> {
        let mut t = tokenize(text);
        split_sentences(text, &mut t)
            .iter()
            .map(|s| text[s.start..s.end].to_string())
            .collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        let s = sentences("Gen. Ali met Mr. Khan in the U.S. capital on Monday. He left at 3.5 p.m. sharp.");
        assert_eq!(s.len(), 2, "{s:?}");
    }

    #[test]
    fn initials_split_before_a_sentence_starter() {
        let s = sentences("It is a group designated by the U.S. The attack was condemned.");
        assert_eq!(s.len(), 2, "{s:?}");
        let s = sentences("Officials of the U.S. Army said so.");
        assert_eq!(s.len(), 1, "{s:?}");
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        let s = sentences("He was known as \"Abu Taqwa.\" The group condemned it.");
        assert_eq!(s, vec!["He was known as \"Abu Taqwa.\"", "The group condemned it."]);
    }

    #[test]
    fn tokens_keep_names_and_possessives() {
        let text = "Kata'ib Hezbollah's fighters hit al-Qaim's U.S. base.";
        let t: Vec<&str> = tokenize(text).iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(
            t,
            [
                "Kata'ib",
                "Hezbollah",
                "'s",
                "fighters",
                "hit",
                "al",
                "-",
                "Qaim",
                "'s",
                "U.S.",
                "base",
                "."
            ]
        );
    }
}
