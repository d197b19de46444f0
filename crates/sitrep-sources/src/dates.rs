//! Publication dates as feeds, pages and archives write them, normalised to
//! RFC 3339 (`2024-03-05T14:30:00+05:00`) or a plain day (`2024-03-05`).
//! The writer's own offset is kept, so the date part is the local day of
//! publication, which is what relative dates in the text refer to.

use sitrep_core::Date;

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// Normalises a date or timestamp in any of the forms below; None when the
/// string is not a real date.
///
/// - ISO 8601 / RFC 3339: `2024-03-05`, `2024-03-05T14:30:00Z`,
///   `2024-03-05T14:30:00.123+0500`, `2024-03-05 14:30`, `20240305`
/// - RFC 822 / 2822 (RSS): `Tue, 05 Mar 2024 14:30:00 GMT`, `5 Mar 24 14:30 +0100`
/// - written dates in metadata: `March 5, 2024`, `5 March 2024`
pub fn normalise(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.as_bytes()[0].is_ascii_digit() {
        if let Some(v) = iso(s) {
            return Some(v);
        }
    }
    rfc822(s).or_else(|| written(s))
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn day_string(y: i32, m: u32, d: u32) -> Option<String> {
    Date::new(y, m, d).map(|d| d.to_string())
}

fn iso(s: &str) -> Option<String> {
    let (date, rest) = if s.len() >= 10 && s.as_bytes().get(4) == Some(&b'-') {
        (s.get(..10)?, s.get(10..)?)
    } else if s.len() >= 8 && s.as_bytes()[..8].iter().all(u8::is_ascii_digit) {
        let compact = s.get(..8)?;
        let day = format!("{}-{}-{}", &compact[..4], &compact[4..6], &compact[6..8]);
        return if s.len() == 8 {
            Date::parse(&day).map(|d| d.to_string())
        } else {
            None
        };
    } else {
        return None;
    };
    let mut parts = date.split('-');
    let y: i32 = num(parts.next()?)? as i32;
    let m = num(parts.next()?)?;
    let d = num(parts.next()?)?;
    let day = day_string(y, m, d)?;
    let rest = rest.trim();
    if rest.is_empty() {
        return Some(day);
    }
    let rest = rest.strip_prefix(['T', 't', ' ']).unwrap_or(rest).trim_start();
    // time: HH:MM[:SS[.fff]] then Z | ±HH[:]MM | nothing
    let split = rest.find(['Z', 'z', '+', '-', ' ']).unwrap_or(rest.len());
    let (time, zone) = rest.split_at(split);
    let (h, mi, sec) = clock(time)?;
    let zone = zone.trim();
    let offset = if zone.is_empty() {
        String::new()
    } else if zone.eq_ignore_ascii_case("z") || zone.eq_ignore_ascii_case("utc") || zone.eq_ignore_ascii_case("gmt") {
        "Z".to_string()
    } else {
        numeric_offset(zone)?
    };
    Some(format!("{day}T{h:02}:{mi:02}:{sec:02}{offset}"))
}

/// `HH:MM`, `HH:MM:SS`, `HH:MM:SS.fff`.
fn clock(s: &str) -> Option<(u32, u32, u32)> {
    let s = s.split(['.', ',']).next()?;
    let mut it = s.split(':');
    let h = num(it.next()?)?;
    let m = num(it.next()?)?;
    let sec = match it.next() {
        Some(x) => num(x)?,
        None => 0,
    };
    if it.next().is_some() || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    Some((h, m, sec.min(59)))
}

/// `+05:00`, `+0500`, `-03`, as `+05:00`.
fn numeric_offset(z: &str) -> Option<String> {
    let sign = z.chars().next().filter(|c| *c == '+' || *c == '-')?;
    let digits: String = z[1..].chars().filter(|c| *c != ':').collect();
    let (h, m) = match digits.len() {
        2 => (num(&digits)?, 0),
        4 => (num(&digits[..2])?, num(&digits[2..])?),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some(format!("{sign}{h:02}:{m:02}"))
}

fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let i = MONTHS.iter().position(|m| w.starts_with(m))?;
    // "March", "Mar", "Sept" are months; "marching" is not
    let full = [
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
    if full[i].starts_with(&w) || w == "sept" {
        Some(i as u32 + 1)
    } else {
        None
    }
}

fn year_of(s: &str) -> Option<i32> {
    let v = num(s)? as i32;
    match s.len() {
        4 => Some(v),
        // RFC 822 two-digit years: 70–99 are the 1900s
        2 => Some(if v >= 70 { 1900 + v } else { 2000 + v }),
        _ => None,
    }
}

/// RFC 822 zone names and numeric offsets.
fn rfc822_zone(z: &str) -> Option<String> {
    let offset = match z.to_ascii_uppercase().as_str() {
        "GMT" | "UT" | "UTC" | "Z" => return Some("Z".to_string()),
        "EST" => "-05:00",
        "EDT" => "-04:00",
        "CST" => "-06:00",
        "CDT" => "-05:00",
        "MST" => "-07:00",
        "MDT" => "-06:00",
        "PST" => "-08:00",
        "PDT" => "-07:00",
        _ => return numeric_offset(z),
    };
    Some(offset.to_string())
}

fn rfc822(s: &str) -> Option<String> {
    let s = match s.split_once(',') {
        Some((wd, rest)) if wd.trim().chars().all(|c| c.is_ascii_alphabetic()) => rest,
        _ => s,
    };
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() < 3 {
        return None;
    }
    let d = num(words[0])?;
    let m = month_of(words[1])?;
    let y = year_of(words[2])?;
    let day = day_string(y, m, d)?;
    let Some(time) = words.get(3) else { return Some(day) };
    let (h, mi, sec) = clock(time)?;
    let offset = match words.get(4) {
        Some(z) => rfc822_zone(z)?,
        None => String::new(),
    };
    Some(format!("{day}T{h:02}:{mi:02}:{sec:02}{offset}"))
}

/// `March 5, 2024`, `Mar. 5 2024`, `5 March 2024`, with an optional weekday first.
fn written(s: &str) -> Option<String> {
    let ordinal = |w: &str| num(w.trim_end_matches(|c: char| c.is_ascii_alphabetic()));
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .skip_while(|w| month_of(w).is_none() && ordinal(w).is_none())
        .collect();
    if words.len() < 3 {
        return None;
    }
    let (d, m) = if let Some(m) = month_of(words[0]) {
        (ordinal(words[1])?, m)
    } else {
        (ordinal(words[0])?, month_of(words[1])?)
    };
    let y = num(words[2]).filter(|_| words[2].len() == 4)? as i32;
    day_string(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn iso_forms_keep_their_offset() {
        assert_eq!(normalise("2024-03-05").as_deref(), Some("2024-03-05"));
        assert_eq!(normalise("2024-03-05T14:30:00Z").as_deref(), Some("2024-03-05T14:30:00Z"));
        assert_eq!(
            normalise("2024-03-05T14:30:00.123+0500").as_deref(),
            Some("2024-03-05T14:30:00+05:00")
        );
        assert_eq!(normalise("2024-03-05 14:30").as_deref(), Some("2024-03-05T14:30:00"));
        assert_eq!(normalise("2024-03-05T23:10:00-03:00").as_deref(), Some("2024-03-05T23:10:00-03:00"));
        assert_eq!(normalise("20240305").as_deref(), Some("2024-03-05"));
    }

    #[test]
    fn rss_dates_parse() {
        assert_eq!(normalise("Tue, 05 Mar 2024 14:30:00 GMT").as_deref(), Some("2024-03-05T14:30:00Z"));
        assert_eq!(normalise("5 Mar 24 14:30 +0100").as_deref(), Some("2024-03-05T14:30:00+01:00"));
        assert_eq!(
            normalise("Wed, 06 Mar 2024 09:00:00 EST").as_deref(),
            Some("2024-03-06T09:00:00-05:00")
        );
    }

    #[test]
    fn written_dates_parse() {
        assert_eq!(normalise("March 5, 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(normalise("Published: Tuesday 5th March 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(normalise("Sept. 12, 2023").as_deref(), Some("2023-09-12"));
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert_eq!(normalise("2023-02-29"), None);
        assert_eq!(normalise("Fri, 31 Jun 2024 10:00:00 GMT"), None);
        assert_eq!(normalise("yesterday"), None);
        assert_eq!(normalise("2024-03-05T25:00:00Z"), None);
        assert_eq!(normalise(""), None);
    }
}
