//! Character references and whitespace: the two things every source format
//! shares once its markup is gone.

use std::collections::HashMap;
use std::sync::OnceLock;

static ENTITIES_TSV: &str = include_str!("../data/html_entities.tsv");

fn entities() -> &'static HashMap<&'static str, char> {
    static TABLE: OnceLock<HashMap<&'static str, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        ENTITIES_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (name, hex) = l.split_once('\t')?;
                let c = char::from_u32(u32::from_str_radix(hex.trim(), 16).ok()?)?;
                Some((name.trim(), c))
            })
            .collect()
    })
}

/// Decodes `&name;`, `&#NNN;` and `&#xHH;` references. Unknown or malformed
/// references stay as written, as browsers do.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match decode_one(rest) {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// One reference at the start of `s` ("&..."): the character and the bytes used.
fn decode_one(s: &str) -> Option<(char, usize)> {
    let end = s.char_indices().take(40).find(|&(_, c)| c == ';').map(|(i, _)| i)?;
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let v = if let Some(hex) = num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        // Windows-1252 code points written as numeric references are common in old pages.
        let v = match v {
            0x80..=0x9F => windows_1252_high(v as u8).map_or(v, u32::from),
            _ => v,
        };
        char::from_u32(v).filter(|c| *c != '\0')?
    } else {
        *entities().get(body)?
    };
    Some((c, end + 1))
}

/// The characters of Windows-1252 bytes 0x80–0x9F (None where the byte is unassigned).
pub fn windows_1252_high(b: u8) -> Option<char> {
    const TABLE: [u16; 32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019,
        0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ];
    let v = *TABLE.get(usize::from(b.checked_sub(0x80)?))?;
    if v == 0 {
        None
    } else {
        char::from_u32(u32::from(v))
    }
}

/// Decodes bytes in a page's declared character set: UTF-8 (invalid bytes
/// replaced), or ISO-8859-1 / Windows-1252, the two legacy sets news pages
/// still declare most.
pub fn decode_bytes(bytes: &[u8], charset: Option<&str>) -> String {
    let legacy = charset.is_some_and(|c| {
        let c = c.trim().to_ascii_lowercase();
        matches!(
            c.as_str(),
            "iso-8859-1" | "latin1" | "latin-1" | "windows-1252" | "cp1252" | "us-ascii" | "ascii"
        )
    });
    if legacy || (charset.is_none() && std::str::from_utf8(bytes).is_err() && looks_like_1252(bytes)) {
        bytes
            .iter()
            .map(|&b| match b {
                0x80..=0x9F => windows_1252_high(b).unwrap_or('\u{FFFD}'),
                _ => char::from(b),
            })
            .collect()
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// Invalid UTF-8 made of isolated high bytes is almost always Windows-1252.
fn looks_like_1252(bytes: &[u8]) -> bool {
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    high > 0 && high * 20 < bytes.len()
}

/// Collapses runs of whitespace (including no-break spaces) to one space and trims.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{A0}' || c == '\u{200B}' {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_and_numeric_references_decode() {
        assert_eq!(
            decode_entities("Smith &amp; Sons &ndash; &#8220;ok&#x201D; caf&eacute;"),
            "Smith & Sons – “ok” café"
        );
        assert_eq!(decode_entities("it&#146;s"), "it’s");
    }

    #[test]
    fn unknown_references_stay_as_written() {
        assert_eq!(decode_entities("AT&T &bogus; a & b &#xZZ;"), "AT&T &bogus; a & b &#xZZ;");
    }

    #[test]
    fn legacy_bytes_decode_as_windows_1252() {
        assert_eq!(decode_bytes(b"caf\xe9 \x93quoted\x94", Some("ISO-8859-1")), "café “quoted”");
        assert_eq!(
            decode_bytes(b"na\xefve text in a longer sentence", None),
            "naïve text in a longer sentence"
        );
        assert_eq!(decode_bytes("déjà".as_bytes(), None), "déjà");
    }

    #[test]
    fn whitespace_collapses() {
        assert_eq!(collapse_whitespace("  a\n\t b\u{A0}c  "), "a b c");
    }
}
