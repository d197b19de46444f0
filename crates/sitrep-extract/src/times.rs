//! Time expressions, normalised the TimeML way against the publication date.

use crate::numbers::{lower, number_at};
use crate::text::{TokKind, Token};
use sitrep_core::Date;

/// TIMEX3 types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    pub fn name(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    Day,
    Week,
    Month,
    Year,
}

impl Precision {
    pub fn name(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }
}

/// A time expression over tokens `tok_start..tok_end`.
#[derive(Debug, Clone)]
pub struct Timex {
    pub tok_start: usize,
    pub tok_end: usize,
    pub kind: TimexType,
    /// TimeML value: "2024-01-03", "2024-W01", "2024-01", "2020", "P3D",
    /// "PAST_REF", "XXXX-XX-XX" …
    pub value: String,
    /// The calendar date it names, for event dates (first day of the period).
    pub date: Option<(Date, Precision)>,
    /// The preposition before it ("since", "until", "in", "on" …), lower case.
    pub prep: Option<String>,
    pub rule: &'static str,
}

pub const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_of(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    if let Some(i) = MONTHS.iter().position(|m| *m == w) {
        return Some(i as u32 + 1);
    }
    let abbr = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    if w == "sept" {
        return Some(9);
    }
    abbr.iter().position(|m| *m == w).map(|i| i as u32 + 1)
}

fn unit_of(w: &str) -> Option<(&'static str, Precision)> {
    Some(match w.trim_end_matches('s') {
        "day" => ("D", Precision::Day),
        "week" => ("W", Precision::Week),
        "month" => ("M", Precision::Month),
        "year" => ("Y", Precision::Year),
        "decade" => ("DE", Precision::Year),
        "hour" => ("H", Precision::Day),
        "minute" => ("MIN", Precision::Day),
        _ => return None,
    })
}

fn year_of(s: &str) -> Option<i32> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = s.parse().ok()?;
        if (1900..=2100).contains(&y) {
            return Some(y);
        }
    }
    None
}

fn week_value(d: Date) -> String {
    let (y, w) = d.iso_week();
    format!("{y}-W{w:02}")
}

fn shift(anchor: Date, n: i64, unit: &str) -> (Date, Precision, String) {
    match unit {
        "D" => {
            let d = anchor.add_days(n);
            (d, Precision::Day, d.to_string())
        }
        "W" => {
            let d = anchor.add_days(7 * n);
            let monday = d.add_days(-i64::from(d.weekday()));
            (monday, Precision::Week, week_value(d))
        }
        "M" => {
            let d = anchor.add_months(n as i32);
            let first = Date { day: 1, ..d };
            (first, Precision::Month, format!("{:04}-{:02}", d.year, d.month))
        }
        "DE" => {
            let y = anchor.year + 10 * n as i32;
            (Date { year: y, month: 1, day: 1 }, Precision::Year, format!("{:03}", y / 10))
        }
        _ => {
            let y = anchor.year + n as i32;
            (Date { year: y, month: 1, day: 1 }, Precision::Year, y.to_string())
        }
    }
}

/// Whether the clause around token `i` speaks of the future.
fn future_tense(text: &str, toks: &[Token], i: usize, s0: usize, s1: usize) -> bool {
    let a = i.saturating_sub(8).max(s0);
    let b = (i + 4).min(s1);
    (a..b).any(|k| {
        matches!(
            lower(text, &toks[k]).as_str(),
            "will" | "shall" | "scheduled" | "planned" | "upcoming" | "next" | "'ll"
        )
    })
}

/// Finds the time expressions of the sentence tokens `s0..s1`.
pub fn find_times(text: &str, toks: &[Token], s0: usize, s1: usize, published: Option<Date>) -> Vec<Timex> {
    let mut out = Vec::new();
    let w = |k: usize| if k >= s0 && k < s1 { lower(text, &toks[k]) } else { String::new() };
    let mut i = s0;
    while i < s1 {
        let prep_of = |k: usize| {
            let mut k = k;
            while k > s0 && matches!(w(k - 1).as_str(), "the" | "a" | "early" | "late" | "mid") {
                k -= 1;
            }
            let p = w(k.wrapping_sub(1));
            if matches!(
                p.as_str(),
                "since"
                    | "until"
                    | "till"
                    | "by"
                    | "in"
                    | "on"
                    | "at"
                    | "during"
                    | "from"
                    | "before"
                    | "after"
                    | "of"
                    | "for"
                    | "through"
                    | "throughout"
                    | "between"
                    | "within"
                    | "over"
            ) {
                Some(p)
            } else {
                None
            }
        };
        if let Some(t) = time_at(text, toks, i, s0, s1, published, &w) {
            let mut t = t;
            t.prep = prep_of(t.tok_start);
            i = t.tok_end;
            out.push(t);
        } else {
            i += 1;
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn time_at(
    text: &str,
    toks: &[Token],
    i: usize,
    s0: usize,
    s1: usize,
    published: Option<Date>,
    w: &dyn Fn(usize) -> String,
) -> Option<Timex> {
    let w0 = w(i);
    let mk = |start: usize, end: usize, kind: TimexType, value: String, date: Option<(Date, Precision)>, rule: &'static str| {
        Some(Timex {
            tok_start: start,
            tok_end: end,
            kind,
            value,
            date,
            prep: None,
            rule,
        })
    };
    let undated = |p: Precision| match p {
        Precision::Day | Precision::Week => "XXXX-XX-XX".to_string(),
        Precision::Month => "XXXX-XX".to_string(),
        Precision::Year => "XXXX".to_string(),
    };
    let is_cap = |k: usize| toks.get(k).is_some_and(|t| text[t.start..].starts_with(|c: char| c.is_uppercase()));

    // ISO dates written out: 2024-01-03
    if toks[i].kind == TokKind::Number && w(i + 1) == "-" && w(i + 3) == "-" {
        let s = &text[toks[i].start..toks.get(i + 4).map(|t| t.end).unwrap_or(toks[i].end)];
        if let Some(d) = Date::parse(s) {
            return mk(i, i + 5, TimexType::Date, d.to_string(), Some((d, Precision::Day)), "time:iso-date");
        }
    }
    // today, yesterday, tomorrow, tonight
    let rel_day = match w0.as_str() {
        "today" | "tonight" => Some(0),
        "yesterday" => Some(-1),
        "tomorrow" => Some(1),
        _ => None,
    };
    if let Some(n) = rel_day {
        let (end, kind) = if w(i + 1) == "night" || w(i + 1) == "morning" || w(i + 1) == "evening" || w(i + 1) == "afternoon" {
            (i + 2, TimexType::Time)
        } else {
            (i + 1, TimexType::Date)
        };
        return match published {
            Some(p) => {
                let d = p.add_days(n);
                mk(i, end, kind, d.to_string(), Some((d, Precision::Day)), "time:relative-day")
            }
            None => mk(i, end, kind, "XXXX-XX-XX".into(), None, "time:relative-day"),
        };
    }
    // "this morning", "this week", "last month", "next year", "last Friday"
    if matches!(w0.as_str(), "this" | "last" | "next" | "past" | "previous" | "coming" | "following") && i + 1 < s1 {
        let w1 = w(i + 1);
        let n: i64 = match w0.as_str() {
            "this" => 0,
            "last" | "past" | "previous" => -1,
            _ => 1,
        };
        if let Some(wd) = WEEKDAYS.iter().position(|d| *d == w1) {
            return match published {
                Some(p) => {
                    let cur = i64::from(p.weekday());
                    let wd = wd as i64;
                    let delta = match n {
                        -1 => {
                            let d = (cur - wd).rem_euclid(7);
                            if d == 0 {
                                -7
                            } else {
                                -d
                            }
                        }
                        1 => {
                            let d = (wd - cur).rem_euclid(7);
                            if d == 0 {
                                7
                            } else {
                                d
                            }
                        }
                        _ => wd - cur,
                    };
                    let d = p.add_days(delta);
                    mk(i, i + 2, TimexType::Date, d.to_string(), Some((d, Precision::Day)), "time:weekday")
                }
                None => mk(i, i + 2, TimexType::Date, "XXXX-XX-XX".into(), None, "time:weekday"),
            };
        }
        if matches!(w1.as_str(), "morning" | "afternoon" | "evening" | "night") && w0 == "this" || (w0 == "last" && w1 == "night") {
            let d = published.map(|p| if w1 == "night" && w0 == "last" { p.add_days(-1) } else { p });
            let v = d.map(|d| {
                format!(
                    "{d}T{}",
                    if w1 == "morning" {
                        "MO"
                    } else if w1 == "afternoon" {
                        "AF"
                    } else if w1 == "evening" {
                        "EV"
                    } else {
                        "NI"
                    }
                )
            });
            return mk(
                i,
                i + 2,
                TimexType::Time,
                v.unwrap_or_else(|| "XXXX-XX-XXTNI".into()),
                d.map(|d| (d, Precision::Day)),
                "time:part-of-day",
            );
        }
        if let Some((u, prec)) = unit_of(&w1) {
            if w1.ends_with('s') {
                // "the past few weeks", "the last two years" are durations: handled below
            } else if w0 == "past" && (w(i.wrapping_sub(1)) == "the") {
                return mk(i, i + 2, TimexType::Duration, format!("P1{u}"), None, "time:the-past-unit");
            } else {
                return match published {
                    Some(p) => {
                        let (d, prec, v) = shift(p, n, u);
                        mk(i, i + 2, TimexType::Date, v, Some((d, prec)), "time:relative-unit")
                    }
                    None => mk(i, i + 2, TimexType::Date, undated(prec), None, "time:relative-unit"),
                };
            }
        }
        if let Some(m) = month_of(&w1) {
            if is_cap(i + 1) {
                return match published {
                    Some(p) => {
                        let y = match n {
                            0 => p.year,
                            -1 => {
                                if m < p.month {
                                    p.year
                                } else {
                                    p.year - 1
                                }
                            }
                            _ => {
                                if m > p.month {
                                    p.year
                                } else {
                                    p.year + 1
                                }
                            }
                        };
                        let d = Date { year: y, month: m, day: 1 };
                        mk(
                            i,
                            i + 2,
                            TimexType::Date,
                            format!("{y:04}-{m:02}"),
                            Some((d, Precision::Month)),
                            "time:relative-month",
                        )
                    }
                    None => mk(i, i + 2, TimexType::Date, format!("XXXX-{m:02}"), None, "time:relative-month"),
                };
            }
        }
    }
    // "earlier this month", "later this year", "late last year", "early next week"
    if matches!(w0.as_str(), "earlier" | "later" | "early" | "late" | "mid") && matches!(w(i + 1).as_str(), "this" | "last" | "next") {
        if let Some(mut t) = time_at(text, toks, i + 1, s0, s1, published, w) {
            t.tok_start = i;
            return Some(t);
        }
    }
    // the previous day, the day before, the next day, the same day
    if w0 == "the" {
        let two = format!("{} {}", w(i + 1), w(i + 2));
        let n = match two.as_str() {
            "previous day" | "day before" | "preceding day" | "prior day" => Some((-1, 3)),
            "next day" | "following day" | "day after" => Some((1, 3)),
            "same day" => Some((0, 3)),
            "previous night" => Some((-1, 3)),
            _ => None,
        };
        if let Some((n, len)) = n {
            return match published {
                Some(p) => {
                    let d = p.add_days(n);
                    mk(
                        i,
                        i + len,
                        TimexType::Date,
                        d.to_string(),
                        Some((d, Precision::Day)),
                        "time:the-previous-day",
                    )
                }
                None => mk(i, i + len, TimexType::Date, "XXXX-XX-XX".into(), None, "time:the-previous-day"),
            };
        }
    }
    // weekdays: "on Wednesday", "Wednesday night"
    if let Some(wd) = WEEKDAYS.iter().position(|d| *d == w0) {
        if is_cap(i) {
            let mut end = i + 1;
            let mut kind = TimexType::Date;
            if matches!(w(i + 1).as_str(), "night" | "morning" | "evening" | "afternoon") {
                end += 1;
                kind = TimexType::Time;
            }
            return match published {
                Some(p) => {
                    let cur = i64::from(p.weekday());
                    let wd = wd as i64;
                    let delta = if future_tense(text, toks, i, s0, s1) {
                        let d = (wd - cur).rem_euclid(7);
                        if d == 0 {
                            7
                        } else {
                            d
                        }
                    } else {
                        -((cur - wd).rem_euclid(7))
                    };
                    let d = p.add_days(delta);
                    let v = if kind == TimexType::Time {
                        let part = match w(i + 1).as_str() {
                            "morning" => "MO",
                            "afternoon" => "AF",
                            "evening" => "EV",
                            _ => "NI",
                        };
                        format!("{d}T{part}")
                    } else {
                        d.to_string()
                    };
                    mk(i, end, kind, v, Some((d, Precision::Day)), "time:weekday")
                }
                None => mk(i, end, kind, "XXXX-XX-XX".into(), None, "time:weekday"),
            };
        }
    }
    // every Friday, every day, daily, weekly
    if w0 == "every" || w0 == "each" {
        let w1 = w(i + 1);
        if let Some(wd) = WEEKDAYS.iter().position(|d| *d == w1) {
            return mk(i, i + 2, TimexType::Set, format!("XXXX-WXX-{}", wd + 1), None, "time:set");
        }
        if let Some((u, _)) = unit_of(&w1) {
            return mk(i, i + 2, TimexType::Set, format!("P1{u}"), None, "time:set");
        }
    }
    match w0.as_str() {
        "daily" | "nightly" => return mk(i, i + 1, TimexType::Set, "P1D".into(), None, "time:set"),
        "weekly" => return mk(i, i + 1, TimexType::Set, "P1W".into(), None, "time:set"),
        "monthly" => return mk(i, i + 1, TimexType::Set, "P1M".into(), None, "time:set"),
        "annually" | "yearly" => return mk(i, i + 1, TimexType::Set, "P1Y".into(), None, "time:set"),
        "now" | "currently" | "presently" => return mk(i, i + 1, TimexType::Date, "PRESENT_REF".into(), None, "time:ref"),
        "recently" | "previously" | "formerly" => return mk(i, i + 1, TimexType::Date, "PAST_REF".into(), None, "time:ref"),
        "soon" => return mk(i, i + 1, TimexType::Date, "FUTURE_REF".into(), None, "time:ref"),
        _ => {}
    }
    if w0 == "the" && matches!(w(i + 1).as_str(), "past" | "future") && unit_of(&w(i + 2)).is_none() {
        let v = if w(i + 1) == "past" { "PAST_REF" } else { "FUTURE_REF" };
        return mk(i, i + 2, TimexType::Date, v.into(), None, "time:ref");
    }
    if matches!(w0.as_str(), "recent") && unit_of(&w(i + 1)).is_some() {
        let (u, _) = unit_of(&w(i + 1))?;
        return mk(i, i + 2, TimexType::Duration, format!("PX{u}"), None, "time:recent-units");
    }
    // months: "January 3, 2024", "January 2024", "3 January", "in January"
    if let Some(m) = month_of(&w0) {
        if is_cap(i)
            && !(w0 == "may" && !matches!(w(i + 1).as_str(), s if s.chars().next().is_some_and(|c| c.is_ascii_digit())))
            && !(w0 == "march" && !toks.get(i + 1).is_some_and(|t| t.kind == TokKind::Number))
        {
            let mut end = i + 1;
            if text[toks[i].end..].starts_with('.') && w(i + 1) == "." {
                end += 1;
            }
            let mut day = None;
            if let Some(t) = toks.get(end).filter(|t| {
                t.kind == TokKind::Number
                    || text[t.start..t.end].ends_with("th")
                    || text[t.start..t.end].ends_with("st")
                    || text[t.start..t.end].ends_with("nd")
                    || text[t.start..t.end].ends_with("rd")
            }) {
                let ds: String = text[t.start..t.end].chars().take_while(|c| c.is_ascii_digit()).collect();
                if let Ok(dn) = ds.parse::<u32>() {
                    if (1..=31).contains(&dn) && end < s1 {
                        day = Some(dn);
                        end += 1;
                    }
                }
            }
            if w(end) == "," && year_of(&w(end + 1)).is_some() {
                end += 1;
            }
            let year = year_of(&w(end));
            if year.is_some() {
                end += 1;
            }
            return Some(month_timex(i, end, m, day, year, published, future_tense(text, toks, i, s0, s1)));
        }
    }
    // "3 January 2024"
    if toks[i].kind == TokKind::Number && i + 1 < s1 {
        if let Some(m) = month_of(&w(i + 1)) {
            if is_cap(i + 1) {
                if let Ok(dn) = w0.parse::<u32>() {
                    if (1..=31).contains(&dn) {
                        let mut end = i + 2;
                        let year = year_of(&w(end));
                        if year.is_some() {
                            end += 1;
                        }
                        return Some(month_timex(
                            i,
                            end,
                            m,
                            Some(dn),
                            year,
                            published,
                            future_tense(text, toks, i, s0, s1),
                        ));
                    }
                }
            }
        }
    }
    // years: "in 2020", "the 1990s"
    if let Some(y) = year_of(&w0) {
        // a year followed by a unit noun is a count ("2000 people")
        let next = w(i + 1);
        if !matches!(
            next.as_str(),
            "people" | "troops" | "soldiers" | "civilians" | "homes" | "km" | "kilometres" | "kilometers" | "miles" | "meters" | "metres"
        ) {
            return mk(
                i,
                i + 1,
                TimexType::Date,
                y.to_string(),
                Some((Date { year: y, month: 1, day: 1 }, Precision::Year)),
                "time:year",
            );
        }
    }
    if toks[i].kind == TokKind::Word && w0.len() == 5 && w0.ends_with('s') {
        if let Some(y) = year_of(&w0[..4]) {
            return mk(
                i,
                i + 1,
                TimexType::Date,
                format!("{:03}", y / 10),
                Some((Date { year: y, month: 1, day: 1 }, Precision::Year)),
                "time:decade",
            );
        }
    }
    // "two weeks ago", "three days", "for 10 years"
    if let Some(n) = number_at(text, toks, i, s1) {
        if n.tok_end == i + 1 || n.qualifier != "exact" {
            let unit_w = w(n.tok_end);
            if let Some((u, prec)) = unit_of(&unit_w) {
                let v = n.best.or(n.low).unwrap_or(1) as i64;
                if w(n.tok_end + 1) == "ago" || w(n.tok_end + 1) == "earlier" {
                    let end = n.tok_end + 2;
                    return match published {
                        Some(p) => {
                            let (d, prec, val) = if u == "H" || u == "MIN" {
                                (p, Precision::Day, p.to_string())
                            } else {
                                shift(p, -v, u)
                            };
                            mk(i, end, TimexType::Date, val, Some((d, prec)), "time:ago")
                        }
                        None => mk(i, end, TimexType::Date, undated(prec), None, "time:ago"),
                    };
                }
                let val = if u == "H" || u == "MIN" {
                    format!("PT{v}{}", if u == "MIN" { "M" } else { "H" })
                } else if u == "DE" {
                    format!("P{}Y", v * 10)
                } else {
                    format!("P{v}{u}")
                };
                return mk(i, n.tok_end + 1, TimexType::Duration, val, None, "time:duration");
            }
        }
    }
    // "a week ago", "a year earlier"
    if matches!(w0.as_str(), "a" | "one") {
        if let Some((u, prec)) = unit_of(&w(i + 1)) {
            if matches!(w(i + 2).as_str(), "ago" | "earlier") {
                return match published {
                    Some(p) => {
                        let (d, prec, val) = shift(p, -1, u);
                        mk(i, i + 3, TimexType::Date, val, Some((d, prec)), "time:ago")
                    }
                    None => mk(i, i + 3, TimexType::Date, undated(prec), None, "time:ago"),
                };
            }
        }
    }
    // clock times: "3 p.m.", "10:30"
    if toks[i].kind == TokKind::Number && matches!(w(i + 1).as_str(), "p.m." | "a.m." | "pm" | "am" | "p" | "a") {
        let h: u32 = w0.parse().ok().filter(|h| *h <= 12)?;
        let pm = w(i + 1).starts_with('p');
        let hh = if pm && h < 12 {
            h + 12
        } else if !pm && h == 12 {
            0
        } else {
            h
        };
        let mut end = i + 2;
        if matches!(w(i + 1).as_str(), "p" | "a") && w(i + 2) == "." {
            end = (i + 5).min(s1);
        }
        let v = published
            .map(|p| format!("{p}T{hh:02}:00"))
            .unwrap_or_else(|| format!("XXXX-XX-XXT{hh:02}:00"));
        return mk(i, end, TimexType::Time, v, published.map(|p| (p, Precision::Day)), "time:clock");
    }
    None
}

fn month_timex(i: usize, end: usize, m: u32, day: Option<u32>, year: Option<i32>, published: Option<Date>, future: bool) -> Timex {
    let y = year.or_else(|| {
        published.map(|p| {
            if future {
                if m >= p.month {
                    p.year
                } else {
                    p.year + 1
                }
            } else if m > p.month + 1 {
                p.year - 1
            } else {
                p.year
            }
        })
    });
    let (value, date) = match (y, day) {
        (Some(y), Some(d)) => match Date::new(y, m, d) {
            Some(dt) => (dt.to_string(), Some((dt, Precision::Day))),
            None => (
                format!("{y:04}-{m:02}"),
                Some((Date { year: y, month: m, day: 1 }, Precision::Month)),
            ),
        },
        (Some(y), None) => (
            format!("{y:04}-{m:02}"),
            Some((Date { year: y, month: m, day: 1 }, Precision::Month)),
        ),
        (None, Some(d)) => (format!("XXXX-{m:02}-{d:02}"), None),
        (None, None) => (format!("XXXX-{m:02}"), None),
    };
    Timex {
        tok_start: i,
        tok_end: end,
        kind: TimexType::Date,
        value,
        date,
        prep: None,
        rule: "time:month",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn times(s: &str, published: &str) -> Vec<(String, String)> {
        let t = tokenize(s);
        find_times(s, &t, 0, t.len(), Date::parse(published))
            .into_iter()
            .map(|x| (s[t[x.tok_start].start..t[x.tok_end - 1].end].to_string(), x.value))
            .collect()
    }

    #[test]
    fn relative_days_anchor_on_publication() {
        // 2024-01-04 is a Thursday
        assert_eq!(
            times("It happened on Wednesday.", "2024-01-04"),
            [("Wednesday".into(), "2024-01-03".into())]
        );
        assert_eq!(times("a bomb attack on the previous day", "2024-01-04")[0].1, "2024-01-03");
        assert_eq!(times("They met last month.", "2024-01-04")[0].1, "2023-12");
        assert_eq!(times("It was killed in 2020.", "2024-01-04")[0].1, "2020");
        // 2024-01-04 minus 14 days is 2023-12-21, in ISO week 51
        assert_eq!(times("two weeks ago", "2024-01-04")[0].1, "2023-W51");
        assert_eq!(times("He will visit on Monday.", "2024-01-04")[0].1, "2024-01-08");
        assert_eq!(times("on January 3, 2024 at dawn", "2024-02-01")[0].1, "2024-01-03");
        assert_eq!(times("for three days", "2024-02-01")[0].1, "P3D");
        assert_eq!(times("every Friday", "2024-02-01")[0].1, "XXXX-WXX-5");
        assert_eq!(times("It happened on Wednesday.", "")[0].1, "XXXX-XX-XX");
    }
}
