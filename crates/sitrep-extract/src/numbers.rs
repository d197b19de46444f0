//! Number expressions: "84", "two", "twenty-five", "a dozen", "dozens",
//! "hundreds", "more than 100", "at least 12", "between 10 and 15".

use crate::text::{lw, Lw, TokKind, Token, WordFilter};

/// A number expression over tokens `tok_start..tok_end`.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberExpr {
    pub tok_start: usize,
    pub tok_end: usize,
    pub low: Option<u64>,
    pub best: Option<u64>,
    pub high: Option<u64>,
    /// How the figure was qualified: "exact", "at-least", "more-than", "up-to",
    /// "about", "vague", "range".
    pub qualifier: &'static str,
}

impl NumberExpr {
    /// The figure as a revision value: "84", ">100", "<=50", "200-999".
    pub fn value_text(&self) -> String {
        match (self.qualifier, self.low, self.best, self.high) {
            ("more-than", Some(l), _, _) => format!(">{l}"),
            ("at-least", Some(l), _, _) => format!(">={l}"),
            ("up-to", _, _, Some(h)) => format!("<={h}"),
            (_, _, Some(b), _) => b.to_string(),
            (_, Some(l), None, Some(h)) => format!("{l}-{h}"),
            (_, Some(l), _, _) => format!(">={l}"),
            _ => String::new(),
        }
    }
}

fn unit_word(w: &str) -> Option<u64> {
    Some(match w {
        "zero" | "no" | "none" => 0,
        "one" | "a" | "an" | "single" | "lone" => 1,
        "two" | "both" | "couple" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" | "dozen" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

fn scale_word(w: &str) -> Option<u64> {
    match w {
        "hundred" => Some(100),
        "thousand" => Some(1000),
        "million" => Some(1_000_000),
        "lakh" => Some(100_000),
        "crore" => Some(10_000_000),
        _ => None,
    }
}

/// Vague quantities: (low, high).
fn vague_word(w: &str) -> Option<(u64, Option<u64>)> {
    Some(match w {
        "dozens" => (24, Some(99)),
        "scores" => (40, Some(99)),
        "tens" => (20, Some(99)),
        "hundreds" => (200, Some(999)),
        "thousands" => (2000, Some(9999)),
        "millions" => (2_000_000, None),
        "several" => (3, Some(9)),
        "handful" => (3, Some(5)),
        "few" => (2, Some(5)),
        "many" | "numerous" => (10, None),
        _ => return None,
    })
}

/// Token `t` lower-cased (ASCII), without a heap allocation for ordinary words.
pub fn lower<'a>(text: &'a str, t: &Token) -> Lw<'a> {
    lw(text, t)
}

/// The words a number expression can start with: those of `unit_word` and
/// `vague_word`, and those that open a qualifier.
pub(crate) const NUMBER_STARTS: &[&str] = &[
    // unit_word
    "zero",
    "no",
    "none",
    "one",
    "a",
    "an",
    "single",
    "lone",
    "two",
    "both",
    "couple",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "dozen",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety", // vague_word
    "dozens",
    "scores",
    "tens",
    "hundreds",
    "thousands",
    "millions",
    "several",
    "handful",
    "few",
    "many",
    "numerous",
    // qualifiers
    "at",
    "more",
    "upwards",
    "just",
    "well",
    "in",
    "over",
    "exceeded",
    "exceeding",
    "exceeds",
    "up",
    "fewer",
    "less",
    "as",
    "nearly",
    "almost",
    "close",
    "about",
    "around",
    "some",
    "approximately",
    "roughly",
    "nobody",
];

pub(crate) const NUMBER_START_FILTER: WordFilter = WordFilter::new(NUMBER_STARTS);

/// Can a number expression start with this (lower-cased) word? True for
/// the words of `NUMBER_STARTS` and for a few others, which `number_at`
/// then finds no number in.
pub(crate) fn may_start_number(w: &str) -> bool {
    let yes = NUMBER_START_FILTER.may_contain(w);
    debug_assert!(
        yes || (unit_word(w).is_none() && vague_word(w).is_none()),
        "may_start_number misses {w:?}"
    );
    yes
}

/// The value of a figure token ("84", "1,200", "2.5"): its digits and
/// points read as a decimal number.
fn figure(s: &str) -> Option<f64> {
    // up to 15 digits and no point: a whole number, exact in an f64
    if s.len() <= 15 && !s.contains('.') {
        let mut n: u64 = 0;
        let mut any = false;
        for b in s.bytes().filter(u8::is_ascii_digit) {
            n = n * 10 + u64::from(b - b'0');
            any = true;
        }
        return any.then_some(n as f64);
    }
    let digits: String = s.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
    digits.parse().ok()
}

/// A bare number (digits or words) at `i`: (value, tokens used).
fn bare_number(text: &str, toks: &[Token], i: usize, end: usize) -> Option<(u64, usize)> {
    let t = toks.get(i)?;
    if i >= end {
        return None;
    }
    let s = &text[t.start..t.end];
    if t.kind == TokKind::Number {
        let v = figure(s)?;
        let mut used = 1;
        let mut v = v;
        if let Some(n) = toks.get(i + 1).filter(|_| i + 1 < end) {
            if let Some(sc) = scale_word(&lw(text, n)) {
                v *= sc as f64;
                used = 2;
            }
        }
        return Some((v as u64, used));
    }
    let w = crate::text::Lw::new(s);
    let mut total: u64;
    let mut used;
    if let Some(u) = unit_word(&w) {
        if matches!(w.as_str(), "a" | "an" | "no") {
            // "a dozen", "a hundred": the article counts only before a scale
            let n = toks.get(i + 1).filter(|_| i + 1 < end).map(|t| lw(text, t))?;
            if n == "dozen" {
                return Some((12, 2));
            }
            let sc = scale_word(&n)?;
            return Some((sc, 2));
        }
        total = u;
        used = 1;
        // twenty-five, twenty five
        let mut j = i + 1;
        if j < end && toks.get(j).is_some_and(|t| &text[t.start..t.end] == "-") {
            j += 1;
        }
        if u >= 20 && u % 10 == 0 {
            if let Some(n) = toks.get(j).filter(|_| j < end) {
                if let Some(u2) = unit_word(&lw(text, n)).filter(|v| *v < 10 && *v > 0) {
                    total += u2;
                    used = j - i + 1;
                }
            }
        }
        if let Some(n) = toks.get(i + used).filter(|_| i + used < end) {
            if let Some(sc) = scale_word(&lw(text, n)) {
                total *= sc;
                used += 1;
            }
        }
        return Some((total, used));
    }
    None
}

/// The number expression starting at token `i` (qualifier words included).
pub fn number_at(text: &str, toks: &[Token], i: usize, end: usize) -> Option<NumberExpr> {
    let w = |k: usize| toks.get(k).filter(|_| k < end).map(|t| lw(text, t)).unwrap_or_default();
    let mut j = i;
    let mut qualifier = "exact";
    let w0 = w(i);
    if toks.get(i).is_none_or(|t| t.kind != TokKind::Number) && !may_start_number(&w0) {
        return None;
    }
    let (w1, w2) = (w(i + 1), w(i + 2));
    // "no one was killed", "nobody was hurt", "none of them died": zero
    let zero = match (w0.as_str(), w1.as_str()) {
        ("no", "one") => Some(2),
        ("nobody" | "none", _) => Some(1),
        _ => None,
    };
    if let Some(used) = zero {
        return Some(NumberExpr {
            tok_start: i,
            tok_end: i + used,
            low: Some(0),
            best: Some(0),
            high: Some(0),
            qualifier: "exact",
        });
    }
    // the "one" of "no one" is no count of one
    if w0 == "one" && i > 0 && lw(text, &toks[i - 1]) == "no" {
        return None;
    }
    let qualified = match (w0.as_str(), w1.as_str(), w2.as_str()) {
        ("at", "least", _) => Some(("at-least", 2)),
        ("no", "fewer", "than") | ("a", "minimum", "of") => Some(("at-least", 3)),
        ("more", "than", _) | ("upwards", "of", _) | ("just", "over", _) | ("well", "over", _) => Some(("more-than", 2)),
        ("in", "excess", "of") => Some(("more-than", 3)),
        ("over" | "exceeded" | "exceeding" | "exceeds", _, _) => Some(("more-than", 1)),
        ("up", "to", _) | ("at", "most", _) | ("fewer", "than", _) | ("less", "than", _) => Some(("up-to", 2)),
        ("as", "many", "as") => Some(("up-to", 3)),
        ("nearly" | "almost", _, _) => Some(("up-to", 1)),
        ("close", "to", _) | ("an", "estimated", _) => Some(("about", 2)),
        ("about" | "around" | "some" | "approximately" | "roughly", _, _) => Some(("about", 1)),
        _ => None,
    };
    if let Some((q, skip)) = qualified {
        if bare_number(text, toks, i + skip, end).is_some() {
            qualifier = q;
            j = i + skip;
        } else {
            return None;
        }
    }
    if qualifier == "exact" {
        // vague quantities: "dozens", "hundreds", "several", "a handful", "a few"
        let (k, wk) = if w0 == "a" && matches!(w1.as_str(), "handful" | "few") {
            (i + 1, &w1)
        } else {
            (i, &w0)
        };
        if let Some((lo, hi)) = vague_word(wk) {
            let mut e = k + 1;
            if w(e) == "of"
                && matches!(
                    w(e + 1).as_str(),
                    "people" | "civilians" | "others" | "them" | "protesters" | "soldiers" | "troops"
                )
            {
                e += 1;
            }
            return Some(NumberExpr {
                tok_start: i,
                tok_end: e,
                low: Some(lo),
                best: None,
                high: hi,
                qualifier: "vague",
            });
        }
    }
    let (v, used) = bare_number(text, toks, j, end)?;
    let e = j + used;
    // ranges: "10 to 15", "between 10 and 15", "10-15"
    if qualifier == "exact" && matches!(w(e).as_str(), "to" | "-" | "or") {
        if let Some((v2, u2)) = bare_number(text, toks, e + 1, end) {
            if v2 > v {
                return Some(NumberExpr {
                    tok_start: i,
                    tok_end: e + 1 + u2,
                    low: Some(v),
                    best: None,
                    high: Some(v2),
                    qualifier: "range",
                });
            }
        }
    }
    // "five more", "five others": the noun is read by the counter
    let (low, best, high) = match qualifier {
        "at-least" | "more-than" => (Some(v), Some(v), None),
        "up-to" => (None, Some(v), Some(v)),
        _ => (Some(v), Some(v), Some(v)),
    };
    Some(NumberExpr {
        tok_start: i,
        tok_end: e,
        low,
        best,
        high,
        qualifier,
    })
}

/// Every number expression in tokens `start..end`, not overlapping.
pub fn find_numbers(text: &str, toks: &[Token], start: usize, end: usize) -> Vec<NumberExpr> {
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        // only a figure or a number word can start one (number_at's own test)
        let t = &toks[i];
        if t.kind != TokKind::Number && !NUMBER_START_FILTER.may_contain(&text[t.start..t.end]) {
            i += 1;
            continue;
        }
        let w = lw(text, t);
        // articles are numbers only inside "a dozen", "a hundred", "a handful"
        let plausible =
            toks[i].kind == TokKind::Number || !matches!(w.as_str(), "a" | "an" | "no" | "one" | "some" | "about" | "over" | "around") || {
                let n = toks.get(i + 1).filter(|_| i + 1 < end).map(|t| lw(text, t)).unwrap_or_default();
                matches!(n.as_str(), "dozen" | "hundred" | "thousand" | "handful" | "few" | "million")
                    || n.chars().next().is_some_and(|c| c.is_ascii_digit())
                    || unit_word(&n).is_some_and(|v| v > 1)
                    || w == "one"
            };
        if plausible {
            if let Some(n) = number_at(text, toks, i, end) {
                // a four-digit year is not a count
                let is_year = n.tok_end == i + 1 && toks[i].kind == TokKind::Number && {
                    let s = &text[toks[i].start..toks[i].end];
                    s.len() == 4 && (s.starts_with("19") || s.starts_with("20"))
                };
                if !is_year {
                    i = n.tok_end.max(i + 1);
                    out.push(n);
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn first(s: &str) -> NumberExpr {
        let t = tokenize(s);
        find_numbers(s, &t, 0, t.len()).into_iter().next().expect("a number")
    }

    #[test]
    fn words_digits_and_qualifiers() {
        assert_eq!(first("killing 84 people").best, Some(84));
        assert_eq!(first("wounded five others").best, Some(5));
        assert_eq!(first("twenty-five soldiers").best, Some(25));
        assert_eq!(first("1,200 homes").best, Some(1200));
        let h = first("injuring hundreds more");
        assert_eq!((h.low, h.best, h.high), (Some(200), None, Some(999)));
        let a = first("at least 12 people");
        assert_eq!((a.low, a.best, a.high), (Some(12), Some(12), None));
        let m = first("more than 100 dead");
        assert_eq!(m.value_text(), ">100");
        assert_eq!(first("a dozen villagers").best, Some(12));
        let r = first("between 10 and 15"); // "between" is not read; 10 is
        assert_eq!(r.best, Some(10));
        let d = first("dozens of protesters");
        assert_eq!((d.low, d.high), (Some(24), Some(99)));
    }

    #[test]
    fn every_start_word_passes_the_gate() {
        for w in NUMBER_STARTS {
            assert!(may_start_number(w), "{w}");
        }
        assert_eq!(first("nearly 1,200,000 people").best, Some(1_200_000));
        assert_eq!(first("2.5 million people").best, Some(2_500_000));
        assert_eq!(first("12345678901234567 grains").best, Some(12_345_678_901_234_568));
    }

    #[test]
    fn years_are_not_counts() {
        let s = "since the 1979 revolution";
        let t = tokenize(s);
        assert!(find_numbers(s, &t, 0, t.len()).is_empty());
    }
}
