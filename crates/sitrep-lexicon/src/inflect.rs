//! English inflection for trigger patterns: a verb pattern matches its
//! -s, -ed and -ing forms, a noun pattern its plural.

use std::collections::HashMap;

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Short verbs ending consonant-vowel-consonant double the final consonant
/// ("stab" → "stabbed"); longer ones are listed in `irregular.tsv`.
fn doubles(w: &str) -> bool {
    let b = w.as_bytes();
    let n = b.len();
    (3..=4).contains(&n) && !is_vowel(b[n - 1]) && !matches!(b[n - 1], b'w' | b'x' | b'y') && is_vowel(b[n - 2]) && !is_vowel(b[n - 3])
}

fn third_person(w: &str) -> String {
    let b = w.as_bytes();
    if w.ends_with('s') || w.ends_with('x') || w.ends_with('z') || w.ends_with("ch") || w.ends_with("sh") {
        format!("{w}es")
    } else if w.len() > 1 && w.ends_with('y') && !is_vowel(b[b.len() - 2]) {
        format!("{}ies", &w[..w.len() - 1])
    } else {
        format!("{w}s")
    }
}

fn past(w: &str) -> String {
    let b = w.as_bytes();
    if w.ends_with('e') {
        format!("{w}d")
    } else if w.len() > 1 && w.ends_with('y') && !is_vowel(b[b.len() - 2]) {
        format!("{}ied", &w[..w.len() - 1])
    } else if doubles(w) {
        format!("{w}{}ed", &w[w.len() - 1..])
    } else {
        format!("{w}ed")
    }
}

fn gerund(w: &str) -> String {
    if let Some(stem) = w.strip_suffix("ie") {
        format!("{stem}ying")
    } else if w.ends_with('e') && !w.ends_with("ee") && !w.ends_with("ye") && !w.ends_with("oe") && w.len() > 2 {
        format!("{}ing", &w[..w.len() - 1])
    } else if doubles(w) {
        format!("{w}{}ing", &w[w.len() - 1..])
    } else {
        format!("{w}ing")
    }
}

/// All forms of a verb: base, -s, past and participle, -ing.
pub fn verb_forms(base: &str, irregular: &HashMap<String, Vec<String>>) -> Vec<String> {
    let mut v = vec![base.to_string()];
    if let Some(forms) = irregular.get(base) {
        v.extend(forms.iter().cloned());
    } else {
        v.push(third_person(base));
        v.push(past(base));
        v.push(gerund(base));
    }
    v.dedup();
    v
}

/// A noun and its plural.
pub fn noun_forms(w: &str) -> Vec<String> {
    let b = w.as_bytes();
    let plural = if w.ends_with('s') || w.ends_with('x') || w.ends_with("ch") || w.ends_with("sh") {
        format!("{w}es")
    } else if w.len() > 1 && w.ends_with('y') && !is_vowel(b[b.len() - 2]) {
        format!("{}ies", &w[..w.len() - 1])
    } else {
        format!("{w}s")
    };
    vec![w.to_string(), plural]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_verbs_inflect() {
        let none = HashMap::new();
        assert_eq!(verb_forms("kill", &none), ["kill", "kills", "killed", "killing"]);
        assert_eq!(verb_forms("stab", &none), ["stab", "stabs", "stabbed", "stabbing"]);
        assert_eq!(verb_forms("accuse", &none), ["accuse", "accuses", "accused", "accusing"]);
        assert_eq!(verb_forms("deny", &none), ["deny", "denies", "denied", "denying"]);
        assert_eq!(verb_forms("attack", &none), ["attack", "attacks", "attacked", "attacking"]);
        assert_eq!(noun_forms("militia"), ["militia", "militias"]);
        assert_eq!(noun_forms("casualty"), ["casualty", "casualties"]);
    }
}
