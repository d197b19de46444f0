//! Reading the tab-separated lexicon files and compiling them.

use crate::inflect::{noun_forms, verb_forms};
use crate::matcher::{normalise_key, ActorCand, CaseRule, SurfaceMatcher, SurfaceRole};
use crate::{ActorEntry, ActorKind, Crosswalk, Lexicon, Pos, TriggerEntry, TriggerFlags};
use anyhow::Context;
use sitrep_core::{Category, Date};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

/// A line that could not be used, or an entry that replaced another.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub message: String,
    /// Errors make `lexicon check` fail; notes (overrides) do not.
    pub is_error: bool,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = if self.is_error { "error" } else { "note" };
        write!(f, "{}:{}: {level}: {}", self.file, self.line, self.message)
    }
}

/// Reads `actors/*.tsv`, `triggers/*.tsv`, `ontology.tsv` and
/// `irregular.tsv` under `dir`, in name order.
pub fn read_dir_files(dir: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        anyhow::bail!("lexicon directory {} does not exist", dir.display());
    }
    let mut paths = Vec::new();
    for sub in ["", "actors", "triggers", "petrarch"] {
        let d = dir.join(sub);
        if !d.is_dir() {
            continue;
        }
        for e in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let p = e?.path();
            let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
            if p.is_file() && ext == "tsv" && sub != "petrarch" {
                paths.push((sub.to_string(), p));
            } else if p.is_file() && matches!(ext, "txt" | "dic") && (sub.is_empty() || sub == "petrarch") {
                // PETRARCH/TABARI dictionaries, at the top or in petrarch/
                paths.push(("petrarch".to_string(), p));
            }
        }
    }
    paths.sort();
    for (sub, p) in paths {
        let text = std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?;
        let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        // Keep the sub-folder in the key so the file kind is known; the
        // display name is the real path.
        let key = if sub.is_empty() {
            format!("{}|{}", name, p.display())
        } else {
            format!("{sub}/{name}|{}", p.display())
        };
        out.push((key, text));
    }
    core_triggers_last(&mut out);
    Ok(out)
}

/// Puts `triggers/core.tsv` after the other trigger files of the same
/// directory, so that its patterns override theirs (same pattern, part of
/// speech, category and mode).
pub(crate) fn core_triggers_last(files: &mut [(String, String)]) {
    files.sort_by_key(|(key, _)| {
        let logical = key.split_once('|').map_or(key.as_str(), |(l, _)| l);
        logical.ends_with("triggers/core.tsv")
    });
}

fn kind_of(key: &str) -> (&str, &str) {
    // key is "actors/x.tsv|display" or "data/lexicon/actors/x.tsv"
    let (logical, display) = key.split_once('|').unwrap_or((key, key));
    let logical = logical.strip_prefix("data/lexicon/").unwrap_or(logical);
    let kind = if logical.starts_with("actors/") {
        "actors"
    } else if logical.starts_with("triggers/") {
        "triggers"
    } else if logical.ends_with("ontology.tsv") {
        "ontology"
    } else if logical.ends_with("irregular.tsv") {
        "irregular"
    } else if logical.ends_with("cues.tsv") {
        "cues"
    } else if logical.ends_with("offices.tsv") {
        "offices"
    } else if logical.starts_with("petrarch/") {
        "petrarch"
    } else {
        "unknown"
    };
    (kind, display)
}

fn data_lines(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() || l.starts_with('#') {
            None
        } else {
            Some((i + 1, l.split('\t').collect()))
        }
    })
}

fn opt(s: Option<&&str>) -> Option<String> {
    s.map(|x| x.trim()).filter(|x| !x.is_empty()).map(str::to_string)
}

fn split_bar(s: &str) -> Vec<String> {
    s.split('|').map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect()
}

pub(crate) const SECTORS: &[&str] = &[
    "GOV", "MIL", "REB", "CVL", "OPP", "BUS", "MED", "EDU", "JUD", "LEG", "REL", "IGO", "NGO", "SPY", "COP", "INS", "PTY", "LAB", "REF",
    "HLH", "CRM", "AGR", "ELI", "MOD", "RAD", "UAF", "SPC",
];

fn parse_actor(file: &str, line: usize, cols: &[&str]) -> Result<ActorEntry, String> {
    if cols.len() < 5 || cols.len() > 7 {
        return Err(format!(
            "expected 5 to 7 tab-separated columns (id kind code sector name [aliases] [attrs]), found {}",
            cols.len()
        ));
    }
    let id = cols[0].trim();
    if id.is_empty() {
        return Err("empty id".into());
    }
    let kind = ActorKind::parse(cols[1].trim()).ok_or_else(|| format!("unknown kind {:?}", cols[1]))?;
    let code = opt(cols.get(2));
    if let Some(c) = &code {
        if !(c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())) {
            return Err(format!("code {c:?} is not a three-letter upper-case code"));
        }
    }
    let sector = opt(cols.get(3));
    if let Some(s) = &sector {
        if !SECTORS.contains(&s.as_str()) {
            return Err(format!("unknown sector {s:?}"));
        }
    }
    let name = cols[4].trim().to_string();
    if name.is_empty() {
        return Err("empty name".into());
    }
    let mut e = ActorEntry {
        id: id.to_string(),
        kind,
        code,
        sector,
        name,
        aliases: cols.get(5).map(|s| split_bar(s)).unwrap_or_default(),
        country: None,
        parent: None,
        adjectives: Vec::new(),
        capitals: Vec::new(),
        office: None,
        from: None,
        to: None,
        origin: format!("{file}:{line}"),
    };
    if let Some(attrs) = cols.get(6) {
        for kv in attrs.split(';').map(str::trim).filter(|x| !x.is_empty()) {
            let Some((k, v)) = kv.split_once('=') else {
                return Err(format!("attribute {kv:?} is not key=value"));
            };
            let v = v.trim();
            match k.trim() {
                "country" => e.country = Some(v.to_string()).filter(|x| !x.is_empty()),
                "parent" => e.parent = Some(v.to_string()).filter(|x| !x.is_empty()),
                "adj" => e.adjectives = split_bar(v),
                "capital" => e.capitals = split_bar(v),
                "office" => e.office = Some(v.to_string()).filter(|x| !x.is_empty()),
                "from" if !v.is_empty() => e.from = Some(parse_date(v)?),
                "to" if !v.is_empty() => e.to = Some(parse_date(v)?),
                _ => {} // other keys (qid, note, …) are kept in the file for people
            }
        }
    }
    Ok(e)
}

fn parse_date(v: &str) -> Result<Date, String> {
    Date::parse(v)
        .or_else(|| Date::parse(&format!("{v}-01")))
        .or_else(|| Date::parse(&format!("{v}-01-01")))
        .ok_or_else(|| format!("{v:?} is not a date (YYYY-MM-DD)"))
}

fn parse_trigger(file: &str, line: usize, cols: &[&str]) -> Result<TriggerEntry, String> {
    if cols.len() < 3 || cols.len() > 6 {
        return Err(format!(
            "expected 3 to 6 tab-separated columns (pattern pos category [mode] [cameo] [attrs]), found {}",
            cols.len()
        ));
    }
    let pattern = normalise_key(cols[0]);
    if pattern.is_empty() {
        return Err("empty pattern".into());
    }
    let pos = match cols[1].trim() {
        "v" => Pos::Verb,
        "n" => Pos::Noun,
        "x" => Pos::Exact,
        p => return Err(format!("pos {p:?} is not v, n or x")),
    };
    let category: Category = cols[2].parse()?;
    Ok(TriggerEntry {
        pattern,
        pos,
        category,
        mode: opt(cols.get(3)),
        cameo: opt(cols.get(4)),
        flags: cols
            .get(5)
            .map(|s| s.split(';').map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect())
            .unwrap_or_default(),
        origin: format!("{file}:{line}"),
    })
}

/// Compiles files given as (key, contents), in order.
pub fn compile(files: Vec<(String, String)>) -> Lexicon {
    let mut diags = Vec::new();
    let mut actors: Vec<ActorEntry> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut triggers: Vec<TriggerEntry> = Vec::new();
    let mut trig_key: HashMap<TriggerKey, usize> = HashMap::new();
    let mut crosswalk = HashMap::new();
    let mut irregular: HashMap<String, Vec<String>> = HashMap::new();
    let mut cues: HashMap<String, Vec<String>> = HashMap::new();
    let mut office_titles: HashMap<String, String> = HashMap::new();
    let mut office_fallbacks: HashMap<String, Vec<String>> = HashMap::new();

    // Irregular verbs first: trigger expansion needs them.
    for (key, text) in &files {
        let (kind, display) = kind_of(key);
        if kind == "irregular" {
            for (ln, cols) in data_lines(text) {
                if cols.len() != 2 {
                    diags.push(err(display, ln, "expected base<TAB>forms"));
                    continue;
                }
                irregular.insert(cols[0].trim().to_string(), split_bar(cols[1]));
            }
        }
    }
    for (key, text) in &files {
        let (kind, display) = kind_of(key);
        match kind {
            "actors" => {
                for (ln, cols) in data_lines(text) {
                    match parse_actor(display, ln, &cols) {
                        Ok(e) => add_actor(&mut actors, &mut by_id, &mut diags, e, display, ln),
                        Err(m) => diags.push(err(display, ln, &m)),
                    }
                }
            }
            "triggers" => {
                for (ln, cols) in data_lines(text) {
                    match parse_trigger(display, ln, &cols) {
                        Ok(t) => add_trigger(&mut triggers, &mut trig_key, t),
                        Err(m) => diags.push(err(display, ln, &m)),
                    }
                }
            }
            "ontology" => {
                for (ln, cols) in data_lines(text) {
                    if cols.len() < 3 {
                        diags.push(err(
                            display,
                            ln,
                            "expected category<TAB>mode<TAB>cameo[<TAB>acled type<TAB>sub-type]",
                        ));
                        continue;
                    }
                    match cols[0].parse::<Category>() {
                        Ok(c) => {
                            crosswalk.insert(
                                (c, cols[1].trim().to_string()),
                                Crosswalk {
                                    cameo: cols[2].trim().to_string(),
                                    acled_event_type: opt(cols.get(3)),
                                    acled_sub_event_type: opt(cols.get(4)),
                                },
                            );
                        }
                        Err(m) => diags.push(err(display, ln, &m)),
                    }
                }
            }
            "cues" => {
                for (ln, cols) in data_lines(text) {
                    if cols.len() != 3 {
                        diags.push(err(display, ln, "expected pattern<TAB>pos<TAB>role"));
                        continue;
                    }
                    let role = cols[2].trim().to_string();
                    let forms: Vec<String> = match cols[1].trim() {
                        "v" => {
                            let key = normalise_key(cols[0]);
                            let words: Vec<&str> = key.split(' ').collect();
                            let rest = words[1..].join(" ");
                            verb_forms(words[0], &irregular)
                                .into_iter()
                                .map(|f| if rest.is_empty() { f } else { format!("{f} {rest}") })
                                .collect()
                        }
                        "n" => noun_forms(&normalise_key(cols[0])),
                        "x" => vec![normalise_key(cols[0])],
                        p => {
                            diags.push(err(display, ln, &format!("pos {p:?} is not v, n or x")));
                            continue;
                        }
                    };
                    for f in forms {
                        let v: &mut Vec<String> = cues.entry(f).or_default();
                        if !v.contains(&role) {
                            v.push(role.clone());
                        }
                    }
                }
            }
            "petrarch" => {
                let logical = key.split_once('|').map_or(key.as_str(), |(l, _)| l);
                let conv = crate::petrarch::read(crate::petrarch::DictKind::of_file_name(logical), display, text);
                diags.extend(conv.diagnostics);
                for e in conv.actors {
                    let ln = e.origin.rsplit(':').next().and_then(|n| n.parse().ok()).unwrap_or(0);
                    add_actor(&mut actors, &mut by_id, &mut diags, e, display, ln);
                }
                for t in conv.triggers {
                    add_trigger(&mut triggers, &mut trig_key, t);
                }
            }
            "offices" => {
                for (ln, cols) in data_lines(text) {
                    if cols.len() < 2 || cols.len() > 3 || cols[0].trim().is_empty() {
                        diags.push(err(display, ln, "expected office<TAB>titles[<TAB>fallback offices]"));
                        continue;
                    }
                    let office = cols[0].trim().to_string();
                    for t in split_bar(cols[1]) {
                        office_titles.insert(normalise_key(&t), office.clone());
                    }
                    office_titles
                        .entry(normalise_key(&office.replace('-', " ")))
                        .or_insert_with(|| office.clone());
                    office_fallbacks.insert(office, cols.get(2).map(|s| split_bar(s)).unwrap_or_default());
                }
            }
            "irregular" => {}
            _ => diags.push(err(
                display,
                0,
                "not a lexicon file: expected actors/*.tsv, triggers/*.tsv, ontology.tsv, irregular.tsv, cues.tsv or offices.tsv",
            )),
        }
    }

    // a mode must be one ontology.tsv defines for the category
    if !crosswalk.is_empty() {
        for t in &triggers {
            if let Some(m) = &t.mode {
                if !crosswalk.contains_key(&(t.category, m.clone())) {
                    let (file, line) = t.origin.rsplit_once(':').unwrap_or((t.origin.as_str(), "0"));
                    diags.push(err(
                        file,
                        line.parse().unwrap_or(0),
                        &format!("mode {m:?} is not a mode of {} in ontology.tsv", t.category.name()),
                    ));
                }
            }
        }
    }

    // PETRARCH verb patterns carry a CAMEO code: the mode is the one
    // ontology.tsv gives that code in the same category
    for t in triggers.iter_mut().filter(|t| t.has_flag("petrarch") && t.mode.is_none()) {
        t.mode = crosswalk
            .iter()
            .filter(|((c, m), x)| *c == t.category && !m.is_empty() && Some(&x.cameo) == t.cameo.as_ref())
            .map(|((_, m), _)| m.clone())
            .min();
    }

    let mut actor_map: HashMap<String, Vec<ActorCand>> = HashMap::new();
    for (i, a) in actors.iter().enumerate() {
        let mut add = |surface: &str, role: SurfaceRole| {
            let k = normalise_key(surface);
            let cand = ActorCand {
                entry: i,
                role,
                case: CaseRule::of(surface),
                alias: surface.to_string(),
            };
            let v = actor_map.entry(k).or_default();
            if !v.iter().any(|c| c.entry == i && c.role == role && c.alias == cand.alias) {
                v.push(cand);
            }
        };
        let names = std::iter::once(&a.name).chain(a.aliases.iter());
        for n in names {
            if a.kind.is_generic() {
                let words: Vec<&str> = n.split(' ').collect();
                if let Some((last, head)) = words.split_last() {
                    for f in noun_forms(last) {
                        let mut s = head.join(" ");
                        if !s.is_empty() {
                            s.push(' ');
                        }
                        s.push_str(&f);
                        add(&s, SurfaceRole::Name);
                    }
                }
            } else {
                add(n, SurfaceRole::Name);
            }
        }
        for adj in &a.adjectives {
            add(adj, SurfaceRole::Adjective);
        }
        for c in &a.capitals {
            add(c, SurfaceRole::Capital);
        }
    }

    let mut trig_map: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, t) in triggers.iter().enumerate() {
        let words: Vec<&str> = t.pattern.split(' ').collect();
        let forms: Vec<String> = match t.pos {
            Pos::Exact => vec![t.pattern.clone()],
            Pos::Verb => {
                let rest = words[1..].join(" ");
                verb_forms(words[0], &irregular)
                    .into_iter()
                    .map(|f| if rest.is_empty() { f } else { format!("{f} {rest}") })
                    .collect()
            }
            Pos::Noun => {
                let head = words[..words.len() - 1].join(" ");
                noun_forms(words[words.len() - 1])
                    .into_iter()
                    .map(|f| if head.is_empty() { f } else { format!("{head} {f}") })
                    .collect()
            }
        };
        for f in forms {
            let v = trig_map.entry(normalise_key(&f)).or_default();
            if !v.contains(&i) {
                v.push(i);
            }
        }
    }

    let office_title_ends = office_titles
        .keys()
        .filter_map(|k| k.rsplit(' ').next().map(str::to_string))
        .collect();
    let trigger_flags = triggers.iter().map(TriggerFlags::of).collect();
    // office holders by office, in the order of the actor list
    let mut office_holders: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, a) in actors.iter().enumerate() {
        if let (ActorKind::Person, Some(office), Some(_)) = (a.kind, &a.office, a.from) {
            office_holders.entry(office.clone()).or_default().push(i);
        }
    }
    Lexicon {
        actor_matcher: SurfaceMatcher::build(actor_map),
        trigger_matcher: SurfaceMatcher::build(trig_map),
        cue_matcher: SurfaceMatcher::build(cues),
        actors,
        triggers,
        diagnostics: diags,
        crosswalk,
        by_id,
        office_titles,
        office_fallbacks,
        office_holders,
        office_title_ends,
        trigger_flags,
    }
}

type TriggerKey = (String, Pos, Category, Option<String>);

/// Adds an actor entry; one with the id of an earlier entry replaces it (a note says so).
fn add_actor(
    actors: &mut Vec<ActorEntry>,
    by_id: &mut HashMap<String, usize>,
    diags: &mut Vec<Diagnostic>,
    e: ActorEntry,
    file: &str,
    line: usize,
) {
    if let Some(&i) = by_id.get(&e.id) {
        diags.push(Diagnostic {
            file: file.to_string(),
            line,
            message: format!("{} replaces the entry from {}", e.id, actors[i].origin),
            is_error: false,
        });
        actors[i] = e;
    } else {
        by_id.insert(e.id.clone(), actors.len());
        actors.push(e);
    }
}

/// Adds a trigger entry; one with the pattern, part of speech, category and
/// mode of an earlier entry replaces it.
fn add_trigger(triggers: &mut Vec<TriggerEntry>, keys: &mut HashMap<TriggerKey, usize>, t: TriggerEntry) {
    let k = (t.pattern.clone(), t.pos, t.category, t.mode.clone());
    if let Some(&i) = keys.get(&k) {
        triggers[i] = t;
    } else {
        keys.insert(k, triggers.len());
        triggers.push(t);
    }
}

fn err(file: &str, line: usize, m: &str) -> Diagnostic {
    Diagnostic {
        file: file.to_string(),
        line,
        message: m.to_string(),
        is_error: true,
    }
}
