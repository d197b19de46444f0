//! A reader for dictionaries in the PETRARCH/TABARI formats, turning them
//! into sitrep's own actor and trigger entries, so that CAMEO dictionaries
//! kept for years load with `--lexicon DIR`.
//!
//! Which format a file has is decided by its name (see `data/README.md`):
//! a `.txt` or `.dic` file whose name contains `verb` is a verb dictionary,
//! one whose name contains `agent` an agent dictionary, any other an actor
//! dictionary. Everything after `#` on a line is a comment.
//!
//! Actor dictionaries: an entry is a name line (words joined by `_`), any
//! number of `+SYNONYM_` lines, and one or more code lines; a code may stand
//! on the name line too (`AFGHANISTAN_ [AFG]`). A code is a CAMEO actor code
//! (`IRQGOV`: country IRQ, sector GOV; `IGOUNO`, `NGO`, `IMGMUS`), optionally
//! restricted by date: `[IRQGOV >20060520]` from that day, `[IRQGOV
//! <20060520]` until it, `[IRQGOV 20040101-20140929]` between the two. Every
//! code line becomes one sitrep entry with the entry's names as aliases and
//! the dates as `from`/`to`, so that the coder picks the code valid on the
//! document's date, as it does for office holders.
//!
//! Agent dictionaries: `POLICE_OFFICER_ {POLICE_OFFICERS_ POLICEMEN_} [~COP]`:
//! a generic noun (its plural is added by rule; forms in braces are added as
//! they are) whose sector is the code after `~`. A substitution class is
//! defined by a line `!PERSON! = MAN_ WOMAN_ PERSON_` and used inside a
//! phrase (`!PERSON!_OF_GOD_`): the phrase stands for every member.
//!
//! Verb dictionaries: `--- ATTACK [190] ---` opens a group; the lines under
//! it are verbs (`SHOOT {SHOT SHOOTING SHOOTS}`: irregular forms in braces,
//! else sitrep's inflection rules apply) coded with the group's code, and
//! pattern lines `- * FIRE ON + [190]`, where `*` is the verb, `$` the
//! source, `+` the target and `%` a compound actor. A pattern becomes the
//! verb followed by the literal words right after `*`; words after a slot
//! cannot be matched by a contiguous pattern and are reported as a note. The
//! CAMEO code gives the PLOVER category (CAMEO 01, public statements, has
//! none: such patterns are skipped with a note) and, where `ontology.tsv`
//! maps that code, the mode. Every pattern from a PETRARCH file is `weak`:
//! as in PETRARCH, it codes an event only next to an actor.

use crate::load::{Diagnostic, SECTORS};
use crate::matcher::normalise_key;
use crate::{ActorEntry, ActorKind, Pos, TriggerEntry};
use sitrep_core::{Category, Date};
use std::collections::HashMap;

/// The three dictionary kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DictKind {
    Actors,
    Agents,
    Verbs,
}

impl DictKind {
    /// The kind of a dictionary file, from its name.
    pub fn of_file_name(name: &str) -> DictKind {
        let n = name.to_ascii_lowercase();
        if n.contains("verb") {
            DictKind::Verbs
        } else if n.contains("agent") {
            DictKind::Agents
        } else {
            DictKind::Actors
        }
    }
}

/// What a dictionary file gave: entries and a diagnostic for every line that
/// could not be used.
#[derive(Debug, Default)]
pub struct Converted {
    pub actors: Vec<ActorEntry>,
    pub triggers: Vec<TriggerEntry>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Converted {
    fn error(&mut self, file: &str, line: usize, message: String) {
        self.diagnostics.push(Diagnostic {
            file: file.to_string(),
            line,
            message,
            is_error: true,
        });
    }

    fn note(&mut self, file: &str, line: usize, message: String) {
        self.diagnostics.push(Diagnostic {
            file: file.to_string(),
            line,
            message,
            is_error: false,
        });
    }
}

/// Reads one dictionary file of the given kind; `file` names it in
/// diagnostics and entry origins.
pub fn read(kind: DictKind, file: &str, text: &str) -> Converted {
    match kind {
        DictKind::Actors => read_actors(file, text),
        DictKind::Agents => read_agents(file, text),
        DictKind::Verbs => read_verbs(file, text),
    }
}

/// Lines without comments, numbered from 1, blank ones left out.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.split('#').next().unwrap_or("").trim();
        (!l.is_empty()).then_some((i + 1, l))
    })
}

/// `HAMID_KARZAI_` → "Hamid Karzai" (the dictionaries are upper case; a
/// capital initial is what sitrep's case rule then asks of the text).
fn title_words(phrase: &str) -> String {
    phrase
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let lower = w.to_lowercase();
            let mut c = lower.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `POLICE_OFFICER_` → "police officer".
fn lower_words(phrase: &str) -> String {
    phrase
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn slug(s: &str) -> String {
    normalise_key(s).replace(' ', "-")
}

/// Splits `text [code]` into the text and the bracketed part, if any.
fn split_code(s: &str) -> Result<(&str, Option<&str>), String> {
    match s.find('[') {
        None => Ok((s.trim(), None)),
        Some(a) => {
            let b = s[a..].find(']').map(|b| a + b).ok_or_else(|| format!("unclosed '[' in {s:?}"))?;
            Ok((s[..a].trim(), Some(s[a + 1..b].trim())))
        }
    }
}

fn parse_ymd(s: &str) -> Result<Date, String> {
    let bad = || format!("{s:?} is not a date (YYYYMMDD)");
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let y: i32 = s[..4].parse().map_err(|_| bad())?;
    let m: u32 = s[4..6].parse().map_err(|_| bad())?;
    let d: u32 = s[6..].parse().map_err(|_| bad())?;
    Date::new(y, m, d).ok_or_else(bad)
}

/// A CAMEO actor code with its date restriction.
#[derive(Debug, Clone, PartialEq)]
struct ActorCode {
    code: String,
    sector: Option<String>,
    from: Option<Date>,
    to: Option<Date>,
}

fn parse_actor_code(inner: &str) -> Result<ActorCode, String> {
    let mut parts = inner.split_whitespace();
    let raw = parts.next().ok_or("empty code '[]'")?;
    if raw.len() < 3 || !raw.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
        return Err(format!("{raw:?} is not a CAMEO actor code (upper-case letters, at least three)"));
    }
    let head = &raw[..3];
    if !head.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(format!("{raw:?} does not start with a three-letter country or IGO/NGO/IMG code"));
    }
    let chunks: Vec<&str> = (3..raw.len()).step_by(3).map(|i| &raw[i..(i + 3).min(raw.len())]).collect();
    let mut sector = chunks.iter().find(|c| SECTORS.contains(c)).map(|c| c.to_string());
    if sector.is_none() && matches!(head, "IGO" | "NGO") {
        sector = Some(head.to_string());
    }
    let (mut from, mut to) = (None, None);
    if let Some(d) = parts.next() {
        if let Some(x) = d.strip_prefix('>') {
            from = Some(parse_ymd(x)?);
        } else if let Some(x) = d.strip_prefix('<') {
            to = Some(parse_ymd(x)?);
        } else if let Some((a, b)) = d.split_once('-') {
            from = Some(parse_ymd(a)?);
            to = Some(parse_ymd(b)?);
        } else {
            return Err(format!("date restriction {d:?} is not >YYYYMMDD, <YYYYMMDD or YYYYMMDD-YYYYMMDD"));
        }
    }
    if let Some(extra) = parts.next() {
        return Err(format!("unexpected {extra:?} after the date restriction"));
    }
    Ok(ActorCode {
        code: head.to_string(),
        sector,
        from,
        to,
    })
}

fn kind_for(c: &ActorCode) -> ActorKind {
    if c.from.is_some() || c.to.is_some() {
        return ActorKind::Person;
    }
    match (c.code.as_str(), c.sector.as_deref()) {
        ("IGO", _) => ActorKind::Igo,
        ("NGO", _) => ActorKind::Ngo,
        ("IMG", _) => ActorKind::Group,
        (_, None) => ActorKind::Country,
        (_, Some("MIL" | "COP" | "SPY")) => ActorKind::Force,
        (_, Some("REB" | "INS" | "UAF")) => ActorKind::Group,
        (_, Some("PTY")) => ActorKind::Party,
        (_, Some("MED")) => ActorKind::Media,
        _ => ActorKind::Institution,
    }
}

struct PendingActor {
    line: usize,
    name: String,
    synonyms: Vec<String>,
    codes: Vec<ActorCode>,
}

fn read_actors(file: &str, text: &str) -> Converted {
    let mut out = Converted::default();
    let mut cur: Option<PendingActor> = None;
    let finish = |p: Option<PendingActor>, out: &mut Converted| {
        let Some(p) = p else { return };
        if p.codes.is_empty() {
            out.error(file, p.line, format!("actor {:?} has no code line ([CODE])", p.name));
            return;
        }
        let name = title_words(&p.name);
        let aliases: Vec<String> = p
            .synonyms
            .iter()
            .map(|s| title_words(s))
            .filter(|s| !s.is_empty() && *s != name)
            .collect();
        let base = format!("petrarch:{}", slug(&name));
        for (k, c) in p.codes.iter().enumerate() {
            out.actors.push(ActorEntry {
                id: if k == 0 { base.clone() } else { format!("{base}:{k}") },
                kind: kind_for(c),
                code: Some(c.code.clone()),
                sector: c.sector.clone(),
                name: name.clone(),
                aliases: aliases.clone(),
                country: (c.code.len() == 3 && !matches!(c.code.as_str(), "IGO" | "NGO" | "IMG")).then(|| c.code.clone()),
                parent: None,
                adjectives: Vec::new(),
                capitals: Vec::new(),
                office: None,
                from: c.from,
                to: c.to,
                origin: format!("{file}:{}", p.line),
            });
        }
    };
    for (ln, l) in lines(text) {
        let (words, code) = match split_code(l) {
            Ok(x) => x,
            Err(m) => {
                out.error(file, ln, m);
                continue;
            }
        };
        let code = match code.map(parse_actor_code).transpose() {
            Ok(c) => c,
            Err(m) => {
                out.error(file, ln, m);
                continue;
            }
        };
        if let Some(syn) = words.strip_prefix('+') {
            match cur.as_mut() {
                Some(p) => {
                    p.synonyms.push(syn.trim().to_string());
                    p.codes.extend(code);
                }
                None => out.error(file, ln, "synonym '+…' before any actor name".into()),
            }
        } else if words.is_empty() {
            match (cur.as_mut(), code) {
                (Some(p), Some(c)) => p.codes.push(c),
                _ => out.error(file, ln, "code line before any actor name".into()),
            }
        } else {
            finish(cur.take(), &mut out);
            if words.contains(char::is_whitespace) {
                out.error(file, ln, format!("actor name {words:?} has spaces: words are joined by '_'"));
                continue;
            }
            cur = Some(PendingActor {
                line: ln,
                name: words.to_string(),
                synonyms: Vec::new(),
                codes: code.into_iter().collect(),
            });
        }
    }
    finish(cur.take(), &mut out);
    out
}

fn read_agents(file: &str, text: &str) -> Converted {
    let mut out = Converted::default();
    let mut classes: HashMap<String, Vec<String>> = HashMap::new();
    for (ln, l) in lines(text) {
        if l.starts_with('!') {
            if let Some((name, members)) = l.split_once('=') {
                let name = name.trim();
                if name.len() < 3 || !name.ends_with('!') {
                    out.error(file, ln, format!("class name {name:?} is not !NAME!"));
                    continue;
                }
                let m: Vec<String> = members
                    .split(|c: char| c.is_whitespace() || c == '|')
                    .filter(|w| !w.is_empty())
                    .map(lower_words)
                    .collect();
                if m.is_empty() {
                    out.error(file, ln, format!("class {name} has no members"));
                    continue;
                }
                classes.insert(name.to_string(), m);
                continue;
            }
        }
        let (head, code) = match split_code(l) {
            Ok((h, Some(c))) => (h, c),
            Ok((_, None)) => {
                out.error(file, ln, "agent line without a code [~XXX]".into());
                continue;
            }
            Err(m) => {
                out.error(file, ln, m);
                continue;
            }
        };
        let Some(sec) = code.strip_prefix('~') else {
            out.error(file, ln, format!("agent code {code:?} does not start with '~'"));
            continue;
        };
        let sector = (3..=sec.len())
            .step_by(3)
            .map(|i| &sec[i - 3..i])
            .find(|c| SECTORS.contains(c))
            .map(str::to_string);
        let Some(sector) = sector else {
            out.error(
                file,
                ln,
                format!("agent code {code:?} names no sector sitrep knows ({})", SECTORS.join(" ")),
            );
            continue;
        };
        let (phrase, forms) = match head.split_once('{') {
            Some((p, rest)) => match rest.split_once('}') {
                Some((f, _)) => (p.trim(), f.split_whitespace().collect::<Vec<_>>()),
                None => {
                    out.error(file, ln, "unclosed '{'".into());
                    continue;
                }
            },
            None => (head, Vec::new()),
        };
        let mut surfaces = Vec::new();
        let mut unknown = None;
        for p in std::iter::once(phrase).chain(forms.iter().copied()) {
            match expand_classes(p, &classes) {
                Ok(v) => surfaces.extend(v),
                Err(c) => unknown = Some(c),
            }
        }
        if let Some(c) = unknown {
            out.error(file, ln, format!("class {c} is not defined (define it first: {c} = WORD_ WORD_)"));
            continue;
        }
        if surfaces.is_empty() {
            out.error(file, ln, "empty agent phrase".into());
            continue;
        }
        let name = surfaces.remove(0);
        out.actors.push(ActorEntry {
            id: format!("petrarch-agent:{}", slug(&name)),
            kind: ActorKind::Agent,
            code: None,
            sector: Some(sector),
            name,
            aliases: surfaces,
            country: None,
            parent: None,
            adjectives: Vec::new(),
            capitals: Vec::new(),
            office: None,
            from: None,
            to: None,
            origin: format!("{file}:{ln}"),
        });
    }
    out
}

/// Every phrase `p` stands for once its `!CLASS!` words are replaced by
/// their members; `Err(class)` for an undefined class.
fn expand_classes(p: &str, classes: &HashMap<String, Vec<String>>) -> Result<Vec<String>, String> {
    let mut acc = vec![String::new()];
    for w in p.split('_').filter(|w| !w.is_empty()) {
        let options: Vec<String> = if w.starts_with('!') && w.ends_with('!') && w.len() > 2 {
            classes.get(w).cloned().ok_or_else(|| w.to_string())?
        } else {
            vec![w.to_lowercase()]
        };
        acc = acc
            .iter()
            .flat_map(|a| {
                options
                    .iter()
                    .map(move |o| if a.is_empty() { o.clone() } else { format!("{a} {o}") })
            })
            .collect();
    }
    Ok(acc.into_iter().filter(|s| !s.is_empty()).collect())
}

/// The PLOVER category of a CAMEO event code.
pub fn category_of_cameo(code: &str) -> Option<Category> {
    if code.len() < 2 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(match &code[..2] {
        "02" | "10" => Category::Request,
        "03" => Category::Agree,
        "04" => Category::Consult,
        "05" => Category::Support,
        "06" => Category::Cooperate,
        "07" => Category::Aid,
        "08" if code.starts_with("087") => Category::Retreat,
        "08" => Category::Concede,
        "09" | "11" => Category::Accuse,
        "12" => Category::Reject,
        "13" => Category::Threaten,
        "14" => Category::Protest,
        "15" => Category::Mobilize,
        "16" => Category::Sanction,
        "17" => Category::Coerce,
        "18" | "19" | "20" => Category::Assault,
        _ => return None,
    })
}

/// One verb of a group: its base and, when given in braces, every form.
struct Verb {
    base: String,
    forms: Vec<String>,
}

/// Codes the group's patterns with every verb of the group.
fn flush(out: &mut Converted, file: &str, verbs: &mut Vec<Verb>, pending: &mut Vec<(usize, String, String)>) {
    for (ln, rest, code) in pending.drain(..) {
        add_patterns(out, file, verbs, &rest, &code, ln);
    }
    verbs.clear();
}

/// One trigger entry for each verb (each listed form, when forms are given)
/// followed by `rest`.
fn add_patterns(out: &mut Converted, file: &str, verbs: &[Verb], rest: &str, code: &str, ln: usize) {
    let Some(category) = category_of_cameo(code) else {
        out.note(file, ln, format!("CAMEO code {code} has no PLOVER category; skipped"));
        return;
    };
    for v in verbs {
        let with_rest = |w: &str| if rest.is_empty() { w.to_string() } else { format!("{w} {rest}") };
        let (pos, pats): (Pos, Vec<String>) = if v.forms.is_empty() {
            (Pos::Verb, vec![with_rest(&v.base)])
        } else {
            (
                Pos::Exact,
                std::iter::once(&v.base).chain(v.forms.iter()).map(|f| with_rest(f)).collect(),
            )
        };
        for pattern in pats {
            out.triggers.push(TriggerEntry {
                pattern: normalise_key(&pattern),
                pos,
                category,
                mode: None,
                cameo: Some(code.to_string()),
                flags: vec!["weak".into(), "petrarch".into()],
                origin: format!("{file}:{ln}"),
            });
        }
    }
}

fn read_verbs(file: &str, text: &str) -> Converted {
    let mut out = Converted::default();
    let mut group_code: Option<String> = None;
    let mut in_group = false;
    let mut verbs: Vec<Verb> = Vec::new();
    let mut pending: Vec<(usize, String, String)> = Vec::new(); // (line, rest, code) of the group's patterns
    for (ln, l) in lines(text) {
        if let Some(inner) = l.strip_prefix("---") {
            flush(&mut out, file, &mut verbs, &mut pending);
            let inner = inner.trim_end_matches('-').trim();
            group_code = match split_code(inner) {
                Ok((_, c)) => c.map(str::to_string).filter(|c| c != "---" && !c.is_empty()),
                Err(m) => {
                    out.error(file, ln, m);
                    None
                }
            };
            in_group = true;
            continue;
        }
        if !in_group {
            out.error(file, ln, "line before the first '--- GROUP ---' header".into());
            continue;
        }
        if let Some(pat) = l.strip_prefix('-') {
            let (words, code) = match split_code(pat) {
                Ok((w, Some(c))) => (w, c.to_string()),
                Ok((w, None)) => match &group_code {
                    Some(c) => (w, c.clone()),
                    None => {
                        out.error(file, ln, "pattern without a code in a group without one".into());
                        continue;
                    }
                },
                Err(m) => {
                    out.error(file, ln, m);
                    continue;
                }
            };
            if code == "---" {
                continue; // PETRARCH's "no event" code
            }
            let toks: Vec<&str> = words.split_whitespace().collect();
            let Some(star) = toks.iter().position(|t| *t == "*") else {
                out.error(file, ln, "pattern without '*' (the verb's place)".into());
                continue;
            };
            let mut rest = Vec::new();
            let mut k = star + 1;
            while k < toks.len() && toks[k].chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '\'') {
                rest.push(lower_words(toks[k]));
                k += 1;
            }
            if toks[k..].iter().any(|t| t.chars().any(char::is_alphabetic) && !t.starts_with('&')) {
                out.note(
                    file,
                    ln,
                    "words after an argument slot are not matched (sitrep patterns are contiguous)".into(),
                );
            }
            if toks[..star].iter().any(|t| t.chars().any(char::is_alphabetic)) {
                out.note(file, ln, "words before the verb are not matched".into());
            }
            pending.push((ln, rest.join(" "), code));
            continue;
        }
        // a verb line: BASE or BASE {FORM FORM}
        let (base, forms) = match l.split_once('{') {
            Some((b, r)) => match r.split_once('}') {
                Some((f, _)) => (b.trim(), f.split_whitespace().map(lower_words).collect()),
                None => {
                    out.error(file, ln, "unclosed '{'".into());
                    continue;
                }
            },
            None => (l, Vec::new()),
        };
        if base.is_empty() || base.contains(char::is_whitespace) {
            out.error(file, ln, format!("verb {base:?}: one word, or words joined by '_'"));
            continue;
        }
        let v = Verb {
            base: lower_words(base),
            forms,
        };
        if let Some(code) = &group_code {
            add_patterns(&mut out, file, std::slice::from_ref(&v), "", code, ln);
        }
        verbs.push(v);
    }
    flush(&mut out, file, &mut verbs, &mut pending);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_codes_and_dates() {
        let c = parse_actor_code("IRQGOV >20060520").unwrap();
        assert_eq!((c.code.as_str(), c.sector.as_deref()), ("IRQ", Some("GOV")));
        assert_eq!(c.from, Date::new(2006, 5, 20));
        let c = parse_actor_code("AFGGOV 20011222-20140929").unwrap();
        assert_eq!((c.from, c.to), (Date::new(2001, 12, 22), Date::new(2014, 9, 29)));
        let c = parse_actor_code("USAMIL <19991231").unwrap();
        assert_eq!(c.to, Date::new(1999, 12, 31));
        assert_eq!(parse_actor_code("IGOUNO").unwrap().sector.as_deref(), Some("IGO"));
        assert!(parse_actor_code("irqgov").is_err());
        assert!(parse_actor_code("IRQGOV >2006").is_err());
        assert!(parse_actor_code("IRQGOV ~20060520").is_err());
    }

    #[test]
    fn cameo_codes_map_to_plover() {
        assert_eq!(category_of_cameo("190"), Some(Category::Assault));
        assert_eq!(category_of_cameo("0841"), Some(Category::Concede));
        assert_eq!(category_of_cameo("087"), Some(Category::Retreat));
        assert_eq!(category_of_cameo("112"), Some(Category::Accuse));
        assert_eq!(category_of_cameo("010"), None);
        assert_eq!(category_of_cameo("x19"), None);
    }
}
