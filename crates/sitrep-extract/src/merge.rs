//! Within-document merging: casualty verbs join their weapon trigger,
//! "the strike" joins the strike it names, repeated statements join.

use crate::events::{DocCtx, EventMention};
use sitrep_core::Category;

/// Modes that may describe one event: equal, unknown, or a bombing and a
/// suicide bombing; an assassination may be carried out by any weapon.
pub fn modes_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, _) | (_, None) => true,
        (Some(x), Some(y)) if x == y => true,
        (Some("explosives"), Some("suicide-attack")) | (Some("suicide-attack"), Some("explosives")) => true,
        (Some("assassinate"), _) | (_, Some("assassinate")) => true,
        // "went on strike to protest": a demonstration mode is the general one
        (Some("demo"), _) | (_, Some("demo")) => true,
        (Some("aerial"), Some("heavy-weapons")) | (Some("heavy-weapons"), Some("aerial")) => true,
        _ => false,
    }
}

fn historical(e: &EventMention) -> bool {
    e.context.iter().any(|c| c == "historical")
}

pub fn root(evs: &[EventMention], mut i: usize) -> usize {
    let mut guard = 0;
    while let Some(j) = evs[i].merged_into {
        i = j;
        guard += 1;
        if guard > evs.len() {
            break;
        }
    }
    i
}

/// Moves everything `from` knows into `into`.
pub fn merge_into(evs: &mut [EventMention], from: usize, into: usize, rule: &str) {
    if from == into {
        return;
    }
    let f = evs[from].clone();
    let t = &mut evs[into];
    for a in f.source {
        if !t.source.iter().any(|b| b.start == a.start) {
            t.source.push(a);
        }
    }
    for a in f.recipient {
        if !t.recipient.iter().any(|b| b.start == a.start) {
            t.recipient.push(a);
        }
    }
    t.counts.extend(f.counts);
    for a in f.attribution {
        if !t.attribution.contains(&a) {
            t.attribution.push(a);
        }
    }
    t.evidence.extend(f.evidence);
    for r in f.rules {
        if !t.rules.contains(&r) {
            t.rules.push(r);
        }
    }
    t.rules.push(rule.to_string());
    // the more precise place wins
    match (&t.location, &f.location) {
        (None, Some(l)) => t.location = Some(l.clone()),
        (Some(a), Some(b)) if a.0.precision == "country" && b.0.precision != "country" && (a.0.cc3 == b.0.cc3 || a.0.cc3.is_none()) => {
            t.location = Some(b.clone())
        }
        _ => {}
    }
    if !t.date_from_text && f.date_from_text {
        t.date = f.date;
        t.date_from_text = true;
    }
    // a weapon is more telling than "assassinate" or nothing
    match (t.mode.as_deref(), f.mode.as_deref()) {
        (None, Some(_)) => {
            t.mode = f.mode.clone();
            t.cameo = f.cameo.clone();
        }
        (Some("assassinate"), Some(m)) if m != "assassinate" && t.category == Category::Assault => {
            t.mode = f.mode.clone();
            t.cameo = f.cameo.clone();
        }
        _ => {}
    }
    for c in f.context {
        if c != "negated" && !t.context.contains(&c) {
            t.context.push(c);
        }
    }
    if t.subject_event.is_none() {
        t.subject_event = f.subject_event;
    }
    evs[from].merged_into = Some(into);
}

fn codes(args: &[crate::events::Arg]) -> Vec<String> {
    args.iter().filter_map(|a| a.actor.code.clone()).collect()
}

fn loc_compatible(a: &EventMention, b: &EventMention) -> bool {
    match (&a.location, &b.location) {
        (Some(x), Some(y)) => match (x.0.cc3.as_deref(), y.0.cc3.as_deref()) {
            (Some(p), Some(q)) => p == q || same_land(p, q) || same_land(q, p),
            _ => true,
        },
        _ => true,
    }
}

/// A state of its time and a state on its land today: the gazetteer places
/// Leipzig in Germany (DEU), a 1989 story names East Germany (DDR).
fn same_land(old: &str, new: &str) -> bool {
    let today: &[&str] = match old {
        "DDR" => &["DEU"],
        "SUN" => &[
            "RUS", "UKR", "BLR", "KAZ", "UZB", "GEO", "AZE", "ARM", "MDA", "LTU", "LVA", "EST", "KGZ", "TJK", "TKM",
        ],
        "YUG" => &["SRB", "HRV", "BIH", "SVN", "MKD", "MNE", "XKX"],
        "CSK" => &["CZE", "SVK"],
        "ZAR" => &["COD"],
        _ => &[],
    };
    today.contains(&new)
}

/// The acts a sanction can call off or suspend: talks, deals, cooperation, aid.
fn is_cooperative(c: Category) -> bool {
    matches!(c, Category::Consult | Category::Agree | Category::Cooperate | Category::Aid)
}

/// "called off talks with Pakistan": the cooperative act `j` is the
/// sanction `i`'s content; its parties are the sanction's recipients.
fn merge_sanctioned_act(evs: &mut [EventMention], j: usize, i: usize) {
    let rec = std::mem::take(&mut evs[j].recipient);
    for a in rec {
        if !evs[i].recipient.iter().any(|b| b.start == a.start) && !evs[i].source.iter().any(|b| b.start == a.start) {
            evs[i].recipient.push(a);
        }
    }
    evs[j].source.clear();
    evs[j].context.clear();
    merge_into(evs, j, i, "merge:sanctioned-act");
}

/// Merges inside sentences, then definite mentions into their antecedents.
pub fn merge_mentions(cx: &DocCtx, evs: &mut [EventMention]) {
    let n = evs.len();
    // 1. a verb whose subject is an event nominal: "The strike targeted X"
    for i in 0..n {
        if let Some(j) = evs[i].subject_event {
            if evs[j].category == evs[i].category || evs[i].category == Category::Assault {
                let cat = evs[j].category;
                evs[i].category = cat;
                merge_into(evs, i, j, "merge:subject-is-event");
            }
        }
    }
    // 1b. a victim noun that is itself a trigger, as the object of an
    // assault verb: "executed five hostages", "freed the captives"
    for j in 0..n {
        if evs[j].merged_into.is_some() || !evs[j].nominal || evs[j].mode.as_deref() != Some("abduct") || evs[j].definite {
            continue;
        }
        let (js, _) = evs[j].trigger;
        let host = (0..n).find(|&i| {
            i != j
                && evs[i].merged_into.is_none()
                && !evs[i].nominal
                && evs[i].category == Category::Assault
                && evs[i].sentence == evs[j].sentence
                && evs[i].trigger.1 <= js
                && js - evs[i].trigger.1 <= 3
                && (evs[i].trigger.1..js)
                    .all(|k| cx.toks[k].kind != crate::text::TokKind::Punct && !matches!(cx.w(k), "and" | "in" | "on" | "at"))
        });
        if let Some(i) = host {
            merge_into(evs, j, i, "merge:victim-noun");
        }
    }
    // 0. adjacent nominal triggers are one noun phrase whose head is the last:
    // "a defence cooperation pact", "a ceasefire deal"
    for i in 0..n {
        if evs[i].merged_into.is_some() || !evs[i].nominal {
            continue;
        }
        if let Some(j) = (0..n).find(|&j| j != i && evs[j].merged_into.is_none() && evs[j].nominal && evs[j].trigger.0 == evs[i].trigger.1)
        {
            if evs[i].category.quad() == 4 || evs[j].category.quad() == 4 {
                continue;
            }
            let (src, rec) = (std::mem::take(&mut evs[i].source), std::mem::take(&mut evs[i].recipient));
            for a in src {
                if !evs[j].source.iter().any(|b| b.start == a.start) {
                    evs[j].source.push(a);
                }
            }
            for a in rec {
                if !evs[j].recipient.iter().any(|b| b.start == a.start) {
                    evs[j].recipient.push(a);
                }
            }
            evs[j].light_verb = evs[j].light_verb.or(evs[i].light_verb);
            merge_into(evs, i, j, "merge:noun-phrase-head");
        }
    }
    // 1a'. "suspended cooperation with the United States", "froze talks":
    // a cooperative act a sanction's verb takes as its object is its content
    for j in 0..n {
        if evs[j].merged_into.is_some() || !evs[j].nominal || !is_cooperative(evs[j].category) {
            continue;
        }
        let js = evs[j].trigger.0;
        let verb = (0..n).find(|&i| {
            let e = &evs[i];
            i != j
                && e.merged_into.is_none()
                && e.category == Category::Sanction
                && !e.nominal
                && e.sentence == evs[j].sentence
                && e.trigger.1 <= js
                && js - e.trigger.1 <= 3
                && (e.trigger.1..js).all(|k| {
                    matches!(
                        cx.w(k),
                        "the" | "all" | "its" | "their" | "military" | "bilateral" | "planned" | "further"
                    )
                })
        });
        if let Some(i) = verb {
            merge_sanctioned_act(evs, j, i);
        }
    }
    // 1a. a light verb that is a trigger itself joins the nominal it carries:
    // "pledged $500 million in aid" is one AID, "signed a defence pact" one
    for j in 0..n {
        let Some(v) = evs[j].light_verb else { continue };
        if evs[j].merged_into.is_some() {
            continue;
        }
        if let Some(i) = (0..n).find(|&i| i != j && evs[i].merged_into.is_none() && evs[i].trigger.0 == v && !evs[i].nominal) {
            // "called for an inquiry": what a demand, refusal or threat names
            // is its content, and the statement is the event
            if matches!(evs[i].category, Category::Request | Category::Reject | Category::Threaten) && evs[i].category != evs[j].category {
                evs[j].source.clear();
                evs[j].recipient.clear();
                evs[j].context.clear();
                merge_into(evs, j, i, "merge:statement-content");
                continue;
            }
            // "called off talks", "suspended cooperation": a sanction whose
            // object is a cooperative act is the event, the act its content
            if evs[i].category == Category::Sanction && is_cooperative(evs[j].category) {
                merge_sanctioned_act(evs, j, i);
                continue;
            }
            if evs[i].category.quad() != 4 || evs[i].category == evs[j].category {
                let src = std::mem::take(&mut evs[i].source);
                for a in src {
                    if !evs[j].source.iter().any(|b| b.start == a.start) {
                        evs[j].source.push(a);
                    }
                }
                evs[i].recipient.clear();
                merge_into(evs, i, j, "merge:light-verb");
            }
        }
    }
    // 1d. what a statement asks for, rejects or threatens is its content:
    // "called on Russia to withdraw its troops", "rejected a proposal for a
    // truce", "called for a ceasefire"
    for j in 0..n {
        if evs[j].merged_into.is_some() || evs[j].category.quad() == 4 {
            continue;
        }
        let (js, _) = evs[j].trigger;
        let host = (0..n).find(|&i| {
            i != j
                && evs[i].merged_into.is_none()
                && matches!(
                    evs[i].category,
                    Category::Request | Category::Reject | Category::Threaten | Category::Accuse
                )
                && evs[i].sentence == evs[j].sentence
                && evs[i].trigger.1 <= js
                && js - evs[i].trigger.1 <= 7
                && (evs[i].trigger.1..js).all(|k| {
                    cx.toks[k].kind != crate::text::TokKind::Punct
                        && !matches!(cx.w(k), "and" | "but" | "while" | "after" | "before" | "as")
                })
                && (evs[j].nominal || (js > 0 && cx.w(js - 1) == "to"))
        });
        if let Some(i) = host {
            evs[j].source.clear();
            evs[j].recipient.clear();
            evs[j].context.clear();
            merge_into(evs, j, i, "merge:statement-content");
        }
    }
    // 1c. the act a threat names is the threat's content, not an event:
    // "threatened to strike American bases", "vowed to retaliate against"
    for j in 0..n {
        if evs[j].merged_into.is_some() || evs[j].category == Category::Threaten {
            continue;
        }
        let (js, _) = evs[j].trigger;
        // the act's verb: "would step up attacks" is told by "step up"
        let jv = evs[j].light_verb.filter(|&v| evs[j].nominal && v < js).unwrap_or(js);
        let modal = |k: usize| matches!(cx.w(k), "would" | "will" | "could" | "'ll");
        let threat = (0..n).find(|&i| {
            evs[i].merged_into.is_none() && evs[i].category == Category::Threaten && evs[i].sentence == evs[j].sentence && {
                let ie = evs[i].trigger.1;
                ie < js && js - ie <= 3 && (ie..js).any(|k| matches!(cx.w(k), "to" | "would" | "will"))
                    // "warned that the Taliban would step up attacks on ..."
                    || (ie < jv
                        && jv - ie <= 12
                        && !evs[i].negated
                        && (ie..jv).any(|k| cx.w(k) == "that")
                        && (jv.saturating_sub(3).max(ie)..jv).any(modal))
            }
        });
        if let Some(i) = threat {
            // the threatened act gives the threat its target, not its doer;
            // a warning by nobody named is its doer's ("He warned that the
            // Taliban would ...")
            let src = std::mem::take(&mut evs[j].source);
            let rec = std::mem::take(&mut evs[j].recipient);
            if evs[i].source.is_empty() && !src.is_empty() {
                evs[i].recipient.retain(|b| !src.iter().any(|a| a.start == b.start));
                evs[i].source = src;
            }
            for a in rec {
                if !evs[i].recipient.iter().any(|b| b.start == a.start) {
                    evs[i].recipient.push(a);
                }
            }
            evs[j].context.clear();
            merge_into(evs, j, i, "merge:threatened-act");
        }
    }
    // 2. casualty verbs into the weapon trigger of their sentence
    for i in 0..n {
        if evs[i].merged_into.is_some() || !evs[i].merge_casualty || evs[i].category != Category::Assault {
            continue;
        }
        let s = evs[i].sentence;
        let (ti, _) = evs[i].trigger;
        let comma_before = ti > 0 && cx.toks[ti - 1].start < cx.text.len() && &cx.text[cx.toks[ti - 1].start..cx.toks[ti - 1].end] == ",";
        let cand = (0..n)
            .filter(|&j| j != i && evs[j].sentence == s && evs[j].category == Category::Assault && evs[j].merged_into.is_none())
            .filter(|&j| !evs[j].merge_casualty || evs[j].mode.is_some())
            .filter(|&j| {
                historical(&evs[j]) == historical(&evs[i]) || evs[i].date.is_none() || evs[j].date.is_none() && !historical(&evs[j])
            })
            .filter(|&j| !historical(&evs[j]) || evs[i].date == evs[j].date || evs[i].date.is_none())
            .min_by_key(|&j| {
                let (a, b) = evs[j].trigger;
                let d = if a >= ti { a - ti } else { ti - b };
                // ", killing …" belongs to what came before
                (if comma_before && a > ti { d + 100 } else { d }, a)
            });
        if let Some(j) = cand {
            let (a, _) = evs[j].trigger;
            let dist = if a >= ti { a - ti } else { ti - evs[j].trigger.1 };
            if dist <= 25 {
                merge_into(evs, i, j, "merge:casualty-verb");
            }
        }
    }
    // 2a. casualty verbs of a sentence with no assault trigger join the
    // sentence's other violent event ("protesters clashed with police,
    // leaving 20 people injured"), else, when nobody is named as the doer,
    // the violent event of the one or two sentences before ("A suicide
    // bomber detonated a vest ... At least 23 people were killed")
    for i in 0..n {
        if evs[i].merged_into.is_some() || !evs[i].merge_casualty || evs[i].category != Category::Assault || evs[i].mode.is_some() {
            continue;
        }
        let s = evs[i].sentence;
        let same = (0..n).find(|&j| {
            j != i
                && evs[j].merged_into.is_none()
                && evs[j].sentence == s
                && evs[j].category.quad() == 4
                && !evs[j].merge_casualty
                && historical(&evs[j]) == historical(&evs[i])
                // "fired at protesters, killing three": the protesters are
                // victims, their protest no doer of the killing
                && cx.actor_at_trigger(evs[j].trigger).is_none()
        });
        if let Some(j) = same {
            merge_into(evs, i, j, "merge:casualty-verb-of-sentence");
            continue;
        }
        if !evs[i].source.is_empty() || historical(&evs[i]) || s == 0 {
            continue;
        }
        let before = (0..n)
            .filter(|&j| {
                j != i
                    && evs[j].merged_into.is_none()
                    && evs[j].category == Category::Assault
                    && evs[j].sentence < s
                    && s - evs[j].sentence <= 2
                    && !historical(&evs[j])
                    && !evs[j]
                        .context
                        .iter()
                        .any(|c| c == "hypothetical" || c == "future" || c == "negated")
            })
            .max_by_key(|&j| (evs[j].sentence, evs[j].trigger.0));
        if let Some(j) = before {
            if evs[i].date_from_text && evs[j].date_from_text && evs[i].date != evs[j].date {
                continue;
            }
            merge_into(evs, i, j, "merge:casualty-sentence-after-event");
        }
    }
    // 2b. a verb after a nominal of one violent category in one sentence:
    // "A bomb … exploded", "Police arrested two suspects in a raid"
    for i in 0..n {
        if evs[i].merged_into.is_some() || evs[i].category.quad() != 4 {
            continue;
        }
        for j in (i + 1)..n {
            if evs[j].merged_into.is_some() || evs[j].sentence != evs[i].sentence || evs[j].category != evs[i].category {
                continue;
            }
            // "tear gas and water cannon": coordinated nominals are one event
            let coordinated = evs[i].trigger.1 <= evs[j].trigger.0
                && (evs[i].trigger.1..evs[j].trigger.0).all(|k| matches!(cx.w(k), "and" | "," | "the" | "a" | "an" | "with"));
            let later_is_new = evs[j].nominal && !evs[j].definite && evs[i].nominal && !coordinated;
            // "fired tear gas at protesters and arrested 36 people": dispersing
            // a crowd and arresting people are two acts
            let crowd_force = |e: &EventMention| {
                e.category == Category::Coerce && e.mode.is_none() && {
                    let t = cx.span_lower(e.trigger);
                    ["gas", "spray", "cannon", "bullet", "baton", "grenade", "disperse"]
                        .iter()
                        .any(|w| t.contains(w))
                }
            };
            let is_arrest = |e: &EventMention| e.mode.as_deref() == Some("arrest") && !e.nominal;
            let arrest_after_force = (crowd_force(&evs[i]) && is_arrest(&evs[j])) || (is_arrest(&evs[i]) && crowd_force(&evs[j]));
            // "North Korea fired shells ..., and South Korean forces fired
            // back": two doers, two acts
            let (ci, cj) = (codes(&evs[i].source), codes(&evs[j].source));
            let other_doer = !ci.is_empty() && !cj.is_empty() && !ci.iter().any(|c| cj.contains(c));
            // "were hacked, stabbed or shot": verbs in a row are one act,
            // whatever their weapons
            let verb_chain = !evs[i].nominal
                && !evs[j].nominal
                && evs[i].trigger.1 < evs[j].trigger.0
                && (evs[i].trigger.1..evs[j].trigger.0).all(|k| matches!(cx.w(k), "," | "or" | "and"));
            if later_is_new
                || arrest_after_force
                || other_doer
                || historical(&evs[i]) != historical(&evs[j])
                || (!verb_chain && !modes_compatible(evs[i].mode.as_deref(), evs[j].mode.as_deref()))
                || !loc_compatible(&evs[i], &evs[j])
            {
                continue;
            }
            if evs[i].date_from_text && evs[j].date_from_text && evs[i].date != evs[j].date {
                continue;
            }
            merge_into(evs, j, i, "merge:same-sentence");
        }
    }
    // 2c. a violent nominal with no actor and no figure ("in raids across
    // Istanbul", "during an operation") is the setting of the sentence's
    // violent event that has actors
    for j in 0..n {
        if evs[j].merged_into.is_some() || !evs[j].nominal || evs[j].category.quad() != 4 {
            continue;
        }
        if !evs[j].source.is_empty() || !evs[j].recipient.is_empty() || !evs[j].counts.is_empty() {
            continue;
        }
        let protest = evs[j].category == Category::Protest;
        let host = (0..n).find(|&i| {
            i != j
                // a protest met with force stays a protest of its own
                && (!protest || evs[i].category == Category::Protest)
                && evs[i].merged_into.is_none()
                && evs[i].category.quad() == 4
                && evs[i].sentence == evs[j].sentence
                && (!evs[i].source.is_empty() || !evs[i].recipient.is_empty())
                && historical(&evs[i]) == historical(&evs[j])
        });
        if let Some(i) = host {
            evs[j].mode = None;
            merge_into(evs, j, i, "merge:setting-of-event");
        }
    }
    // 3. mode-less casualty verbs of one sentence join each other
    for i in 0..n {
        if evs[i].merged_into.is_some() || !evs[i].merge_casualty {
            continue;
        }
        for j in (i + 1)..n {
            if evs[j].merged_into.is_none()
                && evs[j].merge_casualty
                && evs[j].sentence == evs[i].sentence
                && historical(&evs[i]) == historical(&evs[j])
            {
                merge_into(evs, j, i, "merge:casualty-verbs");
            }
        }
    }
    // 4. verbal events of one category in one sentence ("vowed to seek revenge")
    for i in 0..n {
        if evs[i].merged_into.is_some() || evs[i].category.quad() == 4 {
            continue;
        }
        for j in (i + 1)..n {
            if evs[j].merged_into.is_none()
                && evs[j].category == evs[i].category
                && evs[j].sentence == evs[i].sentence
                && evs[j].negated == evs[i].negated
                && (evs[i].category.quad() != 3 || evs[j].context == evs[i].context)
            {
                let (a, b) = (codes(&evs[i].source), codes(&evs[j].source));
                if a.is_empty() || b.is_empty() || a.iter().any(|c| b.contains(c)) {
                    merge_into(evs, j, i, "merge:same-statement");
                }
            }
        }
    }
    // 5. definite mentions: "the strike", "the blasts", "his killing"
    for i in 0..n {
        // a bare verb restating an event ("the device had been remotely
        // detonated") refers back like a definite noun
        let bare_verb = !evs[i].nominal
            && evs[i].source.is_empty()
            && evs[i].recipient.is_empty()
            && evs[i].location.is_none()
            && !evs[i].date_from_text
            && evs[i].category.quad() == 4;
        if evs[i].merged_into.is_some() || !(evs[i].definite || bare_verb) {
            continue;
        }
        let ei = evs[i].clone();
        let mut best: Option<(usize, usize)> = None; // (last position, root)
        for j in 0..i {
            let r = root(evs, j);
            if r == i || evs[r].merged_into.is_some() {
                continue;
            }
            let er = &evs[r];
            if er.category != ei.category || !modes_compatible(er.mode.as_deref(), ei.mode.as_deref()) {
                continue;
            }
            if er.negated {
                continue;
            }
            // history only by its own words, or when it was just mentioned
            if historical(er) != historical(&ei) {
                let recent = evs[j].sentence + 1 >= ei.sentence;
                if historical(&ei) || ei.date_from_text || !recent {
                    continue;
                }
            }
            if !loc_compatible(er, &ei) {
                continue;
            }
            // an identifying pre-modifier must agree: "the U.S. strike"
            let (sa, sb) = (codes(&ei.source), codes(&er.source));
            if !sa.is_empty() && !sb.is_empty() && !sa.iter().any(|c| sb.contains(c)) {
                continue;
            }
            // a current antecedent is preferred over a history just mentioned
            // an aggregate ("attacks on U.S. forces") is no antecedent of "the strike"
            if er.plural && !er.definite && !ei.plural {
                continue;
            }
            let head = |e: &EventMention| cx.w(e.trigger.1 - 1).trim_end_matches('s').to_string();
            let same_head = (0..evs.len()).filter(|&k| root(evs, k) == r && evs[k].nominal).any(|k| {
                let h = head(&evs[k]);
                let hi = head(&ei);
                h.ends_with(&hi) || hi.ends_with(&h)
            });
            let generic_head = matches!(head(&ei).as_str(), "attack" | "incident" | "assault" | "violence");
            let pronoun = ei.trigger.0 > 0 && matches!(cx.w(ei.trigger.0 - 1), "his" | "her" | "their");
            let pos = evs[j].trigger.1
                + if historical(er) == historical(&ei) && !pronoun {
                    1_000_000
                } else {
                    0
                }
                + if same_head && !generic_head { 2_000_000 } else { 0 };
            if best.is_none_or(|(p, _)| pos > p) {
                best = Some((pos, r));
            }
        }
        if let Some((_, r)) = best {
            merge_into(evs, i, r, "coref:definite-mention");
        }
    }
}

/// Document-level merges after arguments are complete: two assaults on the
/// same named person, repeated threats or accusations by the same actor.
pub fn merge_document(evs: &mut [EventMention]) {
    let n = evs.len();
    for i in 0..n {
        if evs[i].merged_into.is_some() {
            continue;
        }
        for j in (i + 1)..n {
            if evs[j].merged_into.is_some() || evs[j].category != evs[i].category || evs[i].negated || evs[j].negated {
                continue;
            }
            let same = if evs[i].category == Category::Assault {
                let named = |e: &EventMention| -> Vec<String> {
                    e.recipient
                        .iter()
                        .filter_map(|a| a.actor.identifier_text.clone())
                        .filter(|t| t.contains(' '))
                        .collect()
                };
                let (a, b) = (named(&evs[i]), named(&evs[j]));
                !a.is_empty()
                    && a.iter().any(|x| b.contains(x))
                    && modes_compatible(evs[i].mode.as_deref(), evs[j].mode.as_deref())
                    && historical(&evs[i]) == historical(&evs[j])
                    && loc_compatible(&evs[i], &evs[j])
            } else if (evs[i].category.quad() == 3 || evs[i].category.quad() == 1)
                && (evs[i].category != Category::Accuse || evs[i].cameo == evs[j].cameo)
            {
                let (a, b) = (codes(&evs[i].source), codes(&evs[j].source));
                let (ra, rb) = (codes(&evs[i].recipient), codes(&evs[j].recipient));
                !a.is_empty()
                    && a == b
                    // "recalled its envoy and said it would suspend ...": a
                    // done act and a planned one stay apart
                    && evs[i].context == evs[j].context
                    && (ra.is_empty() || rb.is_empty() || ra.iter().any(|c| rb.contains(c)))
                    && (evs[i].date == evs[j].date || !evs[i].date_from_text || !evs[j].date_from_text)
            } else {
                false
            };
            if same {
                merge_into(evs, j, i, "merge:same-event-in-document");
            }
        }
    }
}

/// A story tells its attack more than once: "A man was shot dead by two
/// gunmen in Ja-Ela ... The victim was seated in a three-wheeler when the
/// gunmen opened fire". A later violent mention joins the story's earlier
/// one when it is at most three sentences on, of a compatible mode, place
/// and date, its doers on the same side (state forces or not), no other
/// toll than the earlier one, and its sentence does not tell a different
/// attack ("another", "separate", "also", "meanwhile").
pub fn merge_retelling(cx: &DocCtx, evs: &mut [EventMention]) {
    let n = evs.len();
    let state = |e: &EventMention| {
        e.source
            .iter()
            .any(|a| matches!(a.actor.sector.as_deref(), Some("COP") | Some("MIL") | Some("GOV")))
    };
    let dead = |e: &EventMention| e.counts.iter().filter(|c| c.what == "dead").filter_map(|c| c.num.best).max();
    for j in 0..n {
        if evs[j].merged_into.is_some() || evs[j].category != Category::Assault || evs[j].negated || historical(&evs[j]) {
            continue;
        }
        let (s0, s1) = cx.sent_range(evs[j].sentence);
        let other_attack = (s0..s1).any(|k| {
            matches!(
                cx.w(k),
                "another" | "separate" | "separately" | "also" | "meanwhile" | "elsewhere" | "second" | "earlier" | "similar" | "other"
            )
        });
        // "attacks on U.S. forces", "a wave of bombings": a pattern, not a retelling
        if other_attack || (evs[j].nominal && (evs[j].plural || !evs[j].definite)) {
            continue;
        }
        let Some(i) = (0..j).rev().find(|&i| {
            let (a, b) = (&evs[i], &evs[j]);
            a.merged_into.is_none()
                && a.category == Category::Assault
                && !a.negated
                && !historical(a)
                && a.sentence < b.sentence
                && b.sentence - a.sentence <= 3
                && modes_compatible(a.mode.as_deref(), b.mode.as_deref())
                && loc_compatible(a, b)
                && (a.date == b.date || !a.date_from_text || !b.date_from_text)
                && (a.source.is_empty() || b.source.is_empty() || state(a) == state(b))
                && (dead(a).is_none() || dead(b).is_none() || dead(a) == dead(b))
                && {
                    let (ra, rb) = (codes(&a.recipient), codes(&b.recipient));
                    ra.is_empty() || rb.is_empty() || ra.iter().any(|c| rb.contains(c))
                }
        }) else {
            continue;
        };
        merge_into(evs, j, i, "merge:story-retells-its-attack");
    }
}
