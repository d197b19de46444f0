//! From merged event mentions to the records of `SCHEMA.md`: attribution,
//! counts reconciled as low / best / high, and the ontology's cross-walks.

use crate::entities::Geo;
use crate::events::{self, Arg, CountObs, DocCtx, EventMention};
use crate::merge::{self, root};
use crate::text::TokKind;
use crate::times::Precision;
use sitrep_core::{fnv64, Actor, Attribution, Category, Count, Document, EventRecord, Evidence, Revision};

fn add_attr(e: &mut EventMention, a: Attribution) {
    if !e.attribution.contains(&a) {
        e.attribution.push(a);
    }
}

/// "The president", "Iran's foreign minister": an office title with a
/// country and no name is the person who held the office on the story's
/// date (the lexicon's dated office terms).
fn office_holder(cx: &DocCtx, act: &mut Actor) {
    let (Some(cc), Some(date)) = (act.code.clone(), cx.published) else {
        return;
    };
    // a named person or body keeps its name; a country ("Iran's foreign
    // minister" is identified as Iran) gives way to the office holder
    if let Some(id) = &act.identifier_id {
        if cx.lex.actor_by_id(id).is_none_or(|e| e.kind != sitrep_lexicon::ActorKind::Country) {
            return;
        }
    }
    let lower = act.actor_text.to_lowercase();
    let head = lower.split(" in ").next().unwrap_or(&lower).split(" at ").next().unwrap_or(&lower);
    // every title tried below ends in the head's last word
    let last = head.split_whitespace().next_back().unwrap_or("");
    let last_key = sitrep_lexicon::normalise_key(last);
    if !cx.lex.is_office_title_end(last_key.rsplit(' ').next().unwrap_or("")) {
        return;
    }
    if ["former", "ex-", "late", "acting", "deputy", "vice", "prime ministers", "presidents"]
        .iter()
        .any(|w| lower.contains(w) && !(w == &"vice" && lower.starts_with("vice president")))
    {
        return;
    }
    let words: Vec<&str> = head.split_whitespace().collect();
    for k in 0..words.len().min(4) {
        let title = words[k..].join(" ");
        if let Some(h) = cx.lex.office_holder(&title, &cc, date) {
            act.identifier_text = Some(h.name.clone());
            act.identifier_id = Some(h.id.clone());
            return;
        }
    }
}

/// The noun phrase at `b` when no actor is known there ("according to the
/// defence ministry", "according to local residents"): up to the next
/// punctuation or relative word, at most eight tokens.
fn plain_phrase(cx: &DocCtx, b: usize, s1: usize) -> Option<Arg> {
    let mut e = b;
    while e < s1 && e < b + 8 {
        let w = cx.w(e);
        if cx.toks[e].kind == crate::text::TokKind::Punct || matches!(w, "who" | "which" | "that" | "and" | "on" | "in" | "after" | "as") {
            break;
        }
        e += 1;
    }
    let mut s = b;
    while s < e && matches!(cx.w(s), "the" | "a" | "an") {
        s += 1;
    }
    (s < e).then(|| Arg {
        actor: Actor {
            actor_text: cx.text[cx.toks[s].start..cx.toks[e - 1].end].to_string(),
            ..Default::default()
        },
        start: cx.toks[s].start,
        end: cx.toks[e - 1].end,
        rule: "arg:plain-phrase",
    })
}

/// "According to X (speaking to Y)", "X said", claims and accusations.
fn attribution(cx: &DocCtx, evs: &mut [EventMention]) {
    let n = evs.len();
    for c in cx.cues.clone() {
        let (a, b, roles) = c;
        let sent = cx.toks[a].sentence;
        let (s0, s1) = (cx.sents[sent].tok_start, cx.sents[sent].tok_end);
        let in_sentence: Vec<usize> = (0..n).filter(|&i| evs[i].sentence == sent).map(|i| root(evs, i)).collect();
        if roles.iter().any(|r| r == "according") {
            let x = cx.object_right(b, s1, &[], 8).or_else(|| plain_phrase(cx, b, s1));
            if let Some(x) = x {
                // "speaking to Reuters", "told AFP"
                let via = cx
                    .cues
                    .iter()
                    .find(|v| v.0 >= b && v.0 < s1 && v.2.iter().any(|r| r == "via"))
                    .and_then(|v| cx.object_right(v.1, s1, &[], 4))
                    .map(|v| v.actor.actor_text);
                let mut text_start = x.start;
                // keep "an anonymous U.S. official": the words before the head
                let mut k = b;
                while k < s1 && cx.toks[k].start < x.start {
                    k += 1;
                }
                if b < k {
                    text_start = cx.toks[b].start.min(x.start);
                }
                let who = cx.text[text_start..x.end].to_string();
                for &r in &in_sentence {
                    add_attr(
                        &mut evs[r],
                        Attribution {
                            role: "reported_by".into(),
                            text: who.clone(),
                            via: via.clone(),
                        },
                    );
                }
            }
        }
        if roles.iter().any(|r| r == "say") {
            let speaker = cx.subject_left(a, s0).or_else(|| {
                // '…," said X' / '…, X said'
                cx.object_right(b, s1, &[], 3)
            });
            if let Some(x) = speaker {
                for &r in &in_sentence {
                    if evs[r].source.iter().any(|s| s.start == x.start) {
                        continue;
                    }
                    add_attr(
                        &mut evs[r],
                        Attribution {
                            role: "reported_by".into(),
                            text: x.actor.actor_text.clone(),
                            via: None,
                        },
                    );
                }
            }
        }
        if roles.iter().any(|r| r == "claim") {
            let Some(x) = cx.subject_left(a, s0) else { continue };
            // the event it claims: a trigger right after, else the latest assault
            let named = (0..n)
                .filter(|&i| evs[i].sentence == sent && evs[i].trigger.0 >= b && evs[i].trigger.0 <= b + 6)
                .min_by_key(|&i| evs[i].trigger.0);
            let target = named.map(|i| root(evs, i)).or_else(|| {
                (0..n)
                    .filter(|&i| evs[i].trigger.1 <= a && evs[i].category == Category::Assault)
                    .max_by_key(|&i| evs[i].trigger.1)
                    .map(|i| root(evs, i))
            });
            if let Some(t) = target {
                let mut actor = x.actor.clone();
                actor.status = Some("claimed".into());
                let e = &mut evs[t];
                if let Some(s) = e
                    .source
                    .iter_mut()
                    .find(|s| s.actor.code == actor.code && s.actor.identifier_text == actor.identifier_text)
                {
                    s.actor.status = Some("claimed".into());
                } else {
                    e.source.push(Arg {
                        actor,
                        start: x.start,
                        end: x.end,
                        rule: "arg:claimed-responsibility",
                    });
                }
                add_attr(
                    e,
                    Attribution {
                        role: "claimed_by".into(),
                        text: x.actor.actor_text.clone(),
                        via: None,
                    },
                );
                e.rules.push("attribution:claimed-responsibility".into());
                e.evidence.push((cx.toks[a].start, cx.toks[b - 1].end, sent));
            }
        }
    }
    // accusations: "Lebanese authorities accusing Israel of being behind the attack"
    for i in 0..n {
        if evs[i].merged_into.is_some() || evs[i].category != Category::Accuse || evs[i].negated {
            continue;
        }
        let (ts, te) = evs[i].trigger;
        let sent = evs[i].sentence;
        let trig = cx.span_lower((ts, te));
        let blames = ["accus", "blam", "hold", "held", "attribut", "suspect"]
            .iter()
            .any(|p| trig.starts_with(p));
        let about = (0..n)
            .filter(|&j| {
                j != i
                    && evs[j].sentence == sent
                    && evs[j].trigger.0 >= te
                    && evs[j].trigger.0 <= te + 12
                    && evs[j].category.quad() == 4
                    // "blamed X, which had killed dozens in similar attacks": not this one
                    && !(te..evs[j].trigger.0).any(|k| matches!(cx.w(k), "which" | "who"))
            })
            .min_by_key(|&j| evs[j].trigger.0)
            .map(|j| root(evs, j))
            // "Security officials blamed AQAP": the story's attack told before
            .or_else(|| {
                // only a bare blame: "accused X of violating ...", "blamed X
                // for ..." name their own charge
                let bare = ["blam", "attribut", "suspect"].iter().any(|p| trig.starts_with(p))
                    && !(te..(te + 8).min(cx.sent_range(sent).1)).any(|k| matches!(cx.w(k), "of" | "for"));
                bare.then(|| {
                    (0..n)
                        .filter(|&j| {
                            evs[j].category == Category::Assault
                                && evs[j].trigger.1 <= ts
                                && sent - evs[j].sentence <= 3
                                && !evs[j].context.iter().any(|c| c == "historical")
                        })
                        .max_by_key(|&j| evs[j].trigger.1)
                        .map(|j| root(evs, j))
                })
                .flatten()
            });
        let Some(t) = about else { continue };
        evs[i].about_event = Some(t);
        // "attributed the bombing to the Provisional IRA": the accused follows "to"
        if blames && evs[i].recipient.is_empty() && trig.starts_with("attribut") {
            let (_, s1) = cx.sent_range(sent);
            let after = evs[t].trigger.1.max(te);
            if let Some(k) = (after..(after + 4).min(s1)).find(|&k| cx.w(k) == "to") {
                if let Some(mut x) = cx.object_right(k + 1, s1, &[], 6) {
                    x.rule = "arg:attributed-to";
                    evs[i].recipient.push(x);
                }
            }
        }
        if blames {
            let accused: Vec<Arg> = evs[i].recipient.clone();
            let accuser = evs[i].source.first().map(|s| s.actor.actor_text.clone());
            for mut a in accused {
                if evs[t]
                    .source
                    .iter()
                    .any(|s| s.actor.identifier_text == a.actor.identifier_text && s.actor.code == a.actor.code && s.actor.status.is_none())
                {
                    continue;
                }
                a.actor.status = Some("alleged".into());
                a.rule = "arg:alleged-by-accuser";
                evs[t].source.push(a);
            }
            if let Some(who) = accuser {
                add_attr(
                    &mut evs[t],
                    Attribution {
                        role: "alleged_by".into(),
                        text: who,
                        via: None,
                    },
                );
                evs[t].rules.push("attribution:accused".into());
            }
        }
    }
    // "X condemned the attack": the target is whoever did it
    for i in 0..n {
        if evs[i].merged_into.is_some() || evs[i].category != Category::Accuse || !evs[i].recipient.is_empty() {
            continue;
        }
        let (_, te) = evs[i].trigger;
        let sent = evs[i].sentence;
        let about = evs[i].about_event.or_else(|| {
            (0..n)
                .filter(|&j| {
                    j != i && evs[j].sentence == sent && evs[j].trigger.0 >= te && evs[j].trigger.0 <= te + 4 && evs[j].category.quad() == 4
                })
                .min_by_key(|&j| evs[j].trigger.0)
                .map(|j| root(evs, j))
        });
        if let Some(t) = about {
            let srcs: Vec<Arg> = evs[t].source.iter().filter(|s| s.actor.status.is_none()).cloned().collect();
            for mut s in srcs {
                s.rule = "arg:doer-of-condemned-event";
                evs[i].recipient.push(s);
            }
        }
    }
}

/// Reconciles the figures of one event (rules named in `rules`):
/// - a figure the text calls initial or later revised is kept in
///   `revisions` and never the best estimate ("count:revised-figure");
/// - otherwise the largest exact figure is the best one: later sentences of
///   a story complete a partial toll ("count:largest-figure");
/// - low is the smallest credible figure, high the largest, revisions
///   included.
fn reconcile(doc_id: &str, obs: &[CountObs], rules: &mut Vec<String>) -> Option<Count> {
    if obs.is_empty() {
        return None;
    }
    let current: Vec<&CountObs> = obs.iter().filter(|o| !o.superseded).collect();
    let old: Vec<&CountObs> = obs.iter().filter(|o| o.superseded).collect();
    let base: Vec<&CountObs> = if current.is_empty() { old.clone() } else { current };
    let best_obs = base.iter().filter(|o| o.num.best.is_some()).max_by_key(|o| o.num.best);
    let best = best_obs.and_then(|o| o.num.best);
    let low = match best_obs {
        Some(o) => o.num.low.or(o.num.best),
        None => base.iter().filter_map(|o| o.num.low).max(),
    };
    let mut high = match best_obs {
        Some(o) => o.num.high,
        None => base.iter().filter_map(|o| o.num.high).min(),
    };
    let text_obs = best_obs.copied().or_else(|| base.first().copied());
    let mut revisions = Vec::new();
    if !old.is_empty() && !std::ptr::eq(base.as_ptr(), old.as_ptr()) {
        rules.push("count:revised-figure".into());
        for o in &old {
            let v = o.num.best.or(o.num.low);
            if let (Some(h), Some(v)) = (high, v) {
                high = Some(h.max(v));
            }
            revisions.push(Revision {
                value: o.num.value_text(),
                doc_id: doc_id.to_string(),
                text: String::new(),
            });
        }
    }
    if base.len() > 1 {
        rules.push("count:largest-figure".into());
    }
    Some(Count {
        low,
        best,
        high,
        text: text_obs.map(|o| o.rule.to_string()).unwrap_or_default(),
        revisions,
    })
}

/// "The European Union announced it was releasing 30 million euros": the
/// pronoun subject of a reported clause is the speaker.
/// A reporting verb before the trigger in its sentence: the speaker may
/// turn out to be the doer ("a spokesman said the movement would avenge").
fn speaker_before(cx: &DocCtx, e: &EventMention) -> bool {
    let (s0, _) = cx.sent_range(e.sentence);
    cx.cues
        .iter()
        .any(|c| c.0 >= s0 && c.1 <= e.trigger.0 && c.2.iter().any(|r| r == "say"))
}

fn speaker_as_doer(cx: &DocCtx, evs: &mut [EventMention]) {
    for e in evs.iter_mut() {
        if e.merged_into.is_some() || !e.source.is_empty() {
            continue;
        }
        let (s0, _) = cx.sent_range(e.sentence);
        // a nominal counts from the light verb that carries it ("it was
        // releasing 30 million euros in humanitarian assistance")
        let ts = if e.nominal {
            match crate::events::light_subject(cx, e.trigger.0, s0) {
                Some((v, None)) => v,
                _ => continue,
            }
        } else {
            e.trigger.0
        };
        // the pronoun, then only auxiliaries up to the trigger
        // "it", "they", or the speaker's own body ("the movement would avenge")
        let Some(k) = (ts.saturating_sub(5).max(s0)..ts).rev().find(|&k| {
            matches!(cx.w(k), "it" | "they")
                || (k > s0
                    && cx.w(k - 1) == "the"
                    && matches!(
                        cx.w(k),
                        "movement" | "group" | "organisation" | "organization" | "militia" | "party"
                    ))
        }) else {
            continue;
        };
        let aux_only = (k + 1..ts).all(|j| {
            matches!(
                cx.w(j),
                "was"
                    | "were"
                    | "is"
                    | "are"
                    | "would"
                    | "will"
                    | "had"
                    | "has"
                    | "have"
                    | "been"
                    | "be"
                    | "to"
                    | "planned"
                    | "plans"
                    | "intends"
                    | "also"
                    | "now"
                    | "soon"
            ) || cx.w(j).ends_with("ing") && j + 1 == ts
        });
        if !aux_only {
            continue;
        }
        // the reporting verb right before the pronoun ("announced (that) it")
        let cue = cx
            .cues
            .iter()
            .filter(|c| c.2.iter().any(|r| r == "say") && c.1 <= k && c.0 >= s0)
            .filter(|c| {
                let k0 = if cx.w(k) == "it" || cx.w(k) == "they" { k } else { k - 1 };
                (c.1..k0).all(|j| {
                    matches!(
                        cx.w(j),
                        "that"
                            | "on"
                            | "monday"
                            | "tuesday"
                            | "wednesday"
                            | "thursday"
                            | "friday"
                            | "saturday"
                            | "sunday"
                            | ","
                            | "by"
                            | "telephone"
                            | "phone"
                            | "in"
                            | "a"
                            | "statement"
                    )
                })
            })
            .max_by_key(|c| c.1);
        if let Some(c) = cue {
            if let Some(mut x) = cx.subject_left(c.0, s0) {
                x.rule = "arg:speaker-of-reported-clause";
                e.source.push(x);
                e.rules.push("arg:speaker-of-reported-clause".into());
            }
        }
    }
    // "The World Food Programme said a convoy carrying food had reached
    // ...": aid told by an aid organisation is its own
    for e in evs.iter_mut() {
        if e.merged_into.is_some() || !e.source.is_empty() || e.category != Category::Aid {
            continue;
        }
        let (s0, _) = cx.sent_range(e.sentence);
        let speaker = cx
            .speaker_before(s0, e.trigger.0)
            .filter(|a| matches!(a.actor.sector.as_deref(), Some("IGO") | Some("NGO")));
        if let Some(mut x) = speaker {
            x.rule = "arg:aid-organisation-speaking";
            e.source.push(x);
            e.rules.push("arg:aid-organisation-speaking".into());
        }
    }
}

/// An arrest or raid told without its doer ("Three men were arrested,
/// police said") was made by the police the story names: in the same
/// sentence, else the nearest before it, else the first after it.
fn police_as_doer(cx: &DocCtx, evs: &mut [EventMention]) {
    for e in evs.iter_mut() {
        if e.merged_into.is_some() || e.category != Category::Coerce || !e.source.is_empty() || e.negated {
            continue;
        }
        if !matches!(e.mode.as_deref(), Some("arrest") | Some("confiscate") | None) {
            continue;
        }
        let police = |m: &&crate::entities::Mention| m.sector.as_deref() == Some("COP") && !m.modifier_only;
        let sent = e.sentence;
        let same = cx.ents.mentions.iter().filter(police).find(|m| m.sentence == sent);
        let before = || cx.ents.mentions.iter().filter(police).rfind(|m| m.sentence < sent);
        let after = || cx.ents.mentions.iter().filter(police).find(|m| m.sentence > sent);
        if let Some(m) = same.or_else(before).or_else(after) {
            // the victims of an arrest are never its doers
            if e.recipient.iter().any(|r| r.start == m.start) {
                continue;
            }
            e.source.push(cx.arg_of(m, "arg:police-of-the-story"));
            e.rules.push("arg:police-of-the-story".into());
        }
    }
}

fn location_from_setting(cx: &DocCtx, evs: &mut [EventMention]) {
    // "a bomb attack … during a memorial ceremony" + later "the gathering in
    // Kerman": the gathering places the event
    let settings: Vec<(usize, usize)> = cx
        .cues
        .iter()
        .filter(|c| c.2.iter().any(|r| r == "setting"))
        .map(|c| (c.0, c.1))
        .collect();
    for i in 0..evs.len() {
        if evs[i].merged_into.is_some() || evs[i].category.quad() != 4 {
            continue;
        }
        if evs[i].location.as_ref().is_some_and(|l| l.0.precision != "country") {
            continue;
        }
        let own: Vec<usize> = (0..evs.len()).filter(|&j| root(evs, j) == i).collect();
        let has_setting = own.iter().any(|&j| {
            let (_, te) = evs[j].trigger;
            let s = evs[j].sentence;
            settings.iter().any(|&(a, _)| cx.toks[a].sentence == s && a > te && a < te + 25)
        });
        if !has_setting {
            continue;
        }
        let cc = evs[i].location.as_ref().and_then(|l| l.0.cc3.clone());
        for &(a, b) in &settings {
            let s = cx.toks[a].sentence;
            if own.iter().any(|&j| evs[j].sentence == s) {
                continue;
            }
            if let Some(p) = cx.ents.places.iter().find(|p| {
                p.sentence == s && p.tok_start >= b && p.tok_start <= b + 2 && p.location.as_ref().is_some_and(|l| l.precision != "country")
            }) {
                let Some(loc) = p.location.clone() else { continue };
                if cc.is_some() && loc.cc3 != cc {
                    continue;
                }
                evs[i].location = Some((loc, p.start, p.end));
                evs[i].evidence.push((cx.toks[a].start, p.end, s));
                evs[i].rules.push("place:setting-of-event".into());
                break;
            }
        }
    }
}

crate::text::word_set!(
    POLICY_WORDS = &[
        "law",
        "laws",
        "bill",
        "bills",
        "plan",
        "plans",
        "policy",
        "policies",
        "reform",
        "reforms",
        "decision",
        "decree",
        "ordinance",
        "amendment",
        "amendments",
        "constitution",
        "election",
        "elections",
        "vote",
        "tax",
        "taxes",
        "levy",
        "budget",
        "cuts",
        "austerity",
        "hike",
        "hikes",
        "ban",
        "measures",
        "restrictions",
        "lockdown",
        "curfew",
        "government",
        "regime",
        "rule",
        "legislation",
        "proposal",
        "proposals",
        "results"
    ]
);

/// An attack a statement says will come if something happens is a threat:
/// "The ELN said it would blow up the pipeline if the army attempted a
/// rescue". (A warning's own threatened act joins it in
/// [`merge::merge_mentions`].)
fn threatened_acts(cx: &DocCtx, evs: &mut [EventMention]) {
    for i in 0..evs.len() {
        let f = &evs[i];
        if f.category != Category::Assault || f.negated || f.merged_into.is_some() {
            continue;
        }
        let (s0, s1) = cx.sent_range(f.sentence);
        let t = f.light_verb.filter(|_| f.nominal).unwrap_or(f.trigger.0);
        if !(t.saturating_sub(3).max(s0)..t).any(|k| matches!(cx.w(k), "would" | "will" | "could" | "might" | "'ll")) {
            continue;
        }
        // a warning of the sentence takes the act as its content instead
        if evs
            .iter()
            .any(|e| e.category == Category::Threaten && e.sentence == f.sentence && e.trigger.1 <= t)
        {
            continue;
        }
        let said = cx.cues.iter().any(|c| c.0 >= s0 && c.1 <= t && c.2.iter().any(|r| r == "say"));
        let conditional = (evs[i].trigger.1..s1).any(|k| matches!(cx.w(k), "if" | "unless"));
        if said && conditional {
            let e = &mut evs[i];
            e.category = Category::Threaten;
            e.mode = None;
            e.cameo = Some("138".into());
            e.context.retain(|c| c != "future" && c != "hypothetical");
            e.rules.push("category:conditional-attack".into());
        }
    }
}

crate::text::word_set!(
    BUILDINGS = &[
        "base",
        "bases",
        "station",
        "stations",
        "court",
        "ministry",
        "parliament",
        "palace",
        "building",
        "office",
        "headquarters",
        "embassy",
        "hospital",
        "school",
        "university",
        "college",
        "mosque",
        "church",
        "temple",
        "checkpoint",
        "factory",
        "mine",
        "bank",
        "assembly",
        "congress",
        "senate",
        "legislature",
        "newspaper",
        "broadcaster",
        "airport",
        "port",
        "compound",
        "camp",
        "post"
    ]
);

/// A protest or strike aimed at a law, a plan, a vote or the government:
/// "against a foreign agents law", "in protest at government plans",
/// "over fuel price hikes", or an "anti-government" protest.
fn protests_policy(cx: &DocCtx, e: &EventMention) -> bool {
    let (ts, te) = e.trigger;
    let (s0, s1) = cx.sent_range(e.sentence);
    if ts >= s0 + 3 && cx.w(ts - 1) == "-" && cx.w(ts - 2) == "government" && cx.w(ts - 3) == "anti" {
        return true;
    }
    let from = te.min(s1);
    let to = (te + 8).min(s1);
    (from..to).any(|k| {
        matches!(cx.w(k), "against" | "at" | "over")
            && (k + 1..(k + 6).min(s1))
                .take_while(|&j| !matches!(cx.w(j), "," | "." | ";" | "and" | "after" | "as" | "when" | "while"))
                .any(|j| POLICY_WORDS.contains(cx.w(j)) || (cx.w(j) == "-" && j + 1 < s1 && cx.w(j + 1) == "government"))
    })
}

fn actor_key(a: &Actor) -> String {
    format!("{}|{}", a.actor_text.to_lowercase(), a.code.clone().unwrap_or_default())
}

/// Builds the records of a document.
pub fn build(cx: &DocCtx, doc: &Document, geo: Option<&dyn Geo>) -> (Vec<EventRecord>, Vec<Vec<(usize, usize)>>) {
    let mut evs = events::find_event_mentions(cx);
    events::find_arguments(cx, &mut evs);
    // exercises held by two states together are military cooperation:
    // "the United States and the Philippines began their annual exercises"
    for e in evs.iter_mut() {
        if e.category != Category::Mobilize {
            continue;
        }
        let trig = cx.span_lower(e.trigger);
        if !["exercise", "drill", "manoeuvre", "maneuver", "war game"]
            .iter()
            .any(|w| trig.contains(w))
        {
            continue;
        }
        let codes: std::collections::BTreeSet<&str> = e.source.iter().filter_map(|a| a.actor.code.as_deref()).collect();
        if codes.len() >= 2 {
            e.category = Category::Cooperate;
            e.mode = None;
            e.cameo = Some("062".into());
            e.rules.push("category:joint-exercise".into());
        }
    }
    // "gunmen seized two engineers": people seized are abducted, not
    // confiscated
    for e in evs.iter_mut() {
        if e.category == Category::Coerce
            && e.mode.as_deref() == Some("confiscate")
            && cx.span_lower(e.trigger).starts_with("seiz")
            && e.recipient.iter().any(|a| {
                a.rule == "arg:object"
                    && a.actor.identifier_text.is_none()
                    && !a
                        .actor
                        .actor_text
                        .rsplit(' ')
                        .next()
                        .is_some_and(|w| BUILDINGS.contains(w.to_ascii_lowercase().as_str()))
                    && matches!(
                        a.actor.sector.as_deref(),
                        Some("CVL" | "GOV" | "MIL" | "COP" | "MED" | "NGO" | "LAB" | "EDU" | "HLH" | "REL" | "OPP" | "REF" | "JUD" | "LEG")
                    )
            })
        {
            e.category = Category::Assault;
            e.mode = Some("abduct".into());
            e.cameo = Some("181".into());
            e.rules.push("category:people-seized".into());
        }
    }
    events::find_modality(cx, &mut evs);
    threatened_acts(cx, &mut evs);
    // "It has bombed the pipeline dozens of times": a habit is background;
    // "finances itself through kidnapping and extortion": a bare activity
    // after a preposition of means is no event
    for e in evs.iter_mut() {
        let (ts, te) = e.trigger;
        let (s0, s1) = cx.sent_range(e.sentence);
        let habitual = (te..(te + 16).min(s1)).any(|k| {
            cx.w(k) == "times"
                && k > s0
                && (cx.toks[k - 1].kind == TokKind::Number
                    || matches!(cx.w(k - 1), "several" | "many" | "numerous" | "dozens" | "hundreds" | "of"))
                && !(te..k).any(|j| matches!(cx.w(j), "," | ";" | "and"))
        }) || (ts > s0 && matches!(cx.w(ts - 1), "repeatedly" | "regularly" | "frequently" | "routinely"));
        if habitual && !e.context.iter().any(|c| c == "historical") {
            e.context.push("historical".into());
            e.rules.push("time:habitual".into());
        }
        if (e.nominal || cx.w(ts).ends_with("ing")) && ts > s0 && matches!(cx.w(ts - 1), "through" | "via") && !e.definite {
            e.rules.push("drop:no-actor".into());
        }
    }
    // "protesters smashed shop windows", "supporters of the party set fire
    // to vehicles": damage done by demonstrators with no one killed is a
    // riot
    for e in evs.iter_mut() {
        if e.category == Category::Assault
            && matches!(e.mode.as_deref(), None | Some("destroy"))
            && !e.negated
            && !e.source.is_empty()
            && e.source.iter().all(|a| {
                cx.ents
                    .mentions
                    .iter()
                    .any(|m| m.start == a.start && m.rule.split(',').any(|r| r == "actor:agent:protester"))
            })
        {
            e.category = Category::Protest;
            e.mode = Some("riot".into());
            e.cameo = Some("145".into());
            e.rules.push("category:protesters-violence".into());
        }
    }
    // "the government said it would not negotiate with the kidnappers",
    // "Israel will not withdraw": a cooperative act refused is a rejection
    for e in evs.iter_mut() {
        let (ts, _) = e.trigger;
        let (s0, _) = cx.sent_range(e.sentence);
        if e.negated
            && !e.nominal
            && matches!(
                e.category,
                Category::Consult | Category::Agree | Category::Cooperate | Category::Retreat | Category::Concede | Category::Aid
            )
            && ts >= s0 + 2
            && matches!(cx.w(ts - 1), "not" | "never" | "n't")
            && matches!(cx.w(ts - 2), "would" | "will" | "wo" | "could" | "can" | "ca")
        {
            e.category = Category::Reject;
            e.mode = None;
            e.cameo = Some("120".into());
            e.negated = false;
            e.context.retain(|c| c != "negated" && c != "hypothetical" && c != "future");
            e.rules.push("category:refused-act".into());
            // "X said it would not ...": the speaker refuses
            if e.source.is_empty() && ts >= s0 + 3 && matches!(cx.w(ts - 3), "it" | "they" | "he" | "she" | "we") {
                if let Some(a) = cx.speaker_before(s0, ts - 3) {
                    e.source.push(a);
                }
            }
        }
    }
    events::find_location(cx, &mut evs);
    events::find_dates(cx, &mut evs);
    // history: an event dated well before the story is context, not news
    if let Some(p) = cx.published {
        for e in evs.iter_mut() {
            if let Some((d, prec)) = e.date {
                let old = match prec {
                    Precision::Year => d.year < p.year,
                    Precision::Month => (p.year * 12 + p.month as i32) - (d.year * 12 + d.month as i32) > 6,
                    _ => p.to_days() - d.to_days() > 180,
                };
                if old && !e.context.iter().any(|c| c == "historical") {
                    e.context.push("historical".into());
                    e.rules.push("time:historical".into());
                }
            }
        }
    }
    // evidence spans: the trigger with its own arguments and place
    for e in evs.iter_mut() {
        let (ts, te) = e.trigger;
        let mut s = cx.toks[ts].start;
        let mut en = cx.toks[te - 1].end;
        let sent = &cx.sents[e.sentence];
        for a in e.source.iter().chain(e.recipient.iter()) {
            if a.start >= sent.start && a.end <= sent.end {
                s = s.min(a.start);
                en = en.max(a.end);
            }
        }
        if let Some((_, a, b)) = &e.location {
            s = s.min(*a);
            en = en.max(*b);
        }
        e.evidence = vec![(s, en, e.sentence)];
    }
    // drop weak triggers with nobody around them, and statements by nobody
    // about nobody ("demanding better security" inside a protest)
    let keep: Vec<bool> = evs
        .iter()
        .map(|e| {
            !e.rules.iter().any(|r| r == "drop:weak-without-actor")
                && !(matches!(e.category.quad(), 1 | 3)
                    && e.source.is_empty()
                    && e.recipient.is_empty()
                    && !e.negated
                    && !e.nominal
                    && e.subject_event.is_none()
                    && !speaker_before(cx, e))
        })
        .collect();
    // indices between mentions follow the mentions that are kept
    let mut new_index = vec![None; keep.len()];
    let mut next = 0;
    for (i, k) in keep.iter().enumerate() {
        if *k {
            new_index[i] = Some(next);
            next += 1;
        }
    }
    let remap = |x: Option<usize>| x.and_then(|i| new_index.get(i).copied().flatten());
    let mut evs: Vec<EventMention> = evs.into_iter().zip(keep.iter()).filter(|(_, k)| **k).map(|(e, _)| e).collect();
    for e in evs.iter_mut() {
        e.subject_event = remap(e.subject_event);
        e.about_event = remap(e.about_event);
        e.merged_into = remap(e.merged_into);
    }
    merge::merge_mentions(cx, &mut evs);
    // counts
    let counts = events::find_counts(cx, &evs);
    for (target, obs, victim) in counts {
        let Some(t) = target else { continue };
        let r = root(&evs, t);
        evs[r].evidence.push((obs.start, obs.end, cx.toks[obs.num.tok_start].sentence));
        evs[r].rules.push(obs.rule.to_string());
        if let Some((vs, ve, _)) = victim {
            if obs.what != "arrested" || evs[r].recipient.is_empty() {
                if let Some(m) = cx.ents.mentions.iter().find(|m| m.tok_start == vs && m.tok_end == ve) {
                    let arg = cx.arg_of(m, "arg:counted-victims");
                    if !evs[r].recipient.iter().any(|a| a.start == arg.start) {
                        evs[r].recipient.push(arg);
                    }
                }
            }
        }
        evs[r].counts.push(obs);
    }
    attribution(cx, &mut evs);
    speaker_as_doer(cx, &mut evs);
    // a statement kept for its speaker that found none is still nobody's
    for e in evs.iter_mut() {
        if matches!(e.category.quad(), 1 | 3)
            && e.source.is_empty()
            && e.recipient.is_empty()
            && !e.negated
            && !e.nominal
            && e.subject_event.is_none()
            && e.merged_into.is_none()
            && speaker_before(cx, e)
        {
            e.rules.push("drop:no-actor".into());
        }
    }
    police_as_doer(cx, &mut evs);
    location_from_setting(cx, &mut evs);
    merge::merge_retelling(cx, &mut evs);
    // a violent or protest event that names no place happened where the
    // story's previous event did, when that was at most two sentences before
    // ("... rallied in Colombo. Police fired tear gas ...")
    for i in 0..evs.len() {
        let e = &evs[i];
        if e.merged_into.is_some() || e.location.is_some() || e.context.iter().any(|c| c == "historical") {
            continue;
        }
        if !(e.category.quad() == 4 || e.category == Category::Protest) {
            continue;
        }
        let sent = e.sentence;
        let prev = (0..evs.len())
            .filter(|&j| {
                j != i && evs[j].sentence <= sent && sent - evs[j].sentence <= 2 && evs[j].sentence < sent
                    || (j < i && evs[j].sentence == sent)
            })
            .filter(|&j| !evs[j].context.iter().any(|c| c == "historical"))
            .filter_map(|j| evs[j].location.clone().map(|l| (evs[j].sentence, j, l)))
            .max_by_key(|(s, j, _)| (*s, *j));
        if let Some((_, j, l)) = prev {
            evs[i].location = Some(l);
            evs[i].rules.push("place:previous-event".into());
            // and its date, when the text gives this one none
            if evs[i].date.is_none() && evs[j].date_from_text {
                evs[i].date = evs[j].date;
                // and passes it on ("fired tear gas ... and detained 14")
                evs[i].date_from_text = true;
                evs[i].rules.push("time:previous-event".into());
            }
        }
    }
    // a dateline places the story's current violent events that name no place
    let lead = cx.text.len() - cx.text.trim_start().len();
    let dateline = cx.ents.places.iter().find(|p| {
        p.rule == "place:dateline"
            || (p.start == lead
                && cx.text[p.end..]
                    .trim_start_matches(' ')
                    .starts_with([',', ':', '(', '-', '\u{2013}', '\u{2014}']))
    });
    // "NICOSIA (Reuters) - Iraqi missiles slammed into Tehran": a dateline
    // whose lead names a place in another country is only where the story
    // was filed
    let dateline = dateline.filter(|d| {
        let cc = d.location.as_ref().and_then(|l| l.cc3.as_deref());
        !cx.ents.places.iter().any(|p| {
            p.sentence == d.sentence
                && p.start != d.start
                && !cx.is_speech_place(p)
                && p.location.as_ref().and_then(|l| l.cc3.as_deref()).is_some_and(|c| Some(c) != cc)
        })
    });
    if let Some(d) = dateline {
        if let Some(loc) = &d.location {
            for e in evs.iter_mut().filter(|e| {
                e.merged_into.is_none() && e.location.is_none() && e.category.quad() == 4 && !e.context.iter().any(|c| c == "historical")
            }) {
                e.location = Some((loc.clone(), d.start, d.end));
                e.rules.push("place:dateline".into());
            }
        }
    }
    // the story's setting: a current violent event that names no place and
    // follows no placed event happened where the story first names a place
    // ("A car bomb exploded outside a shop in the centre of Belfast, ...")
    let setting = cx
        .ents
        .places
        .iter()
        .find(|p| p.location.is_some() && (cx.is_locative_place(p) || !p.from_lexicon) && !cx.is_speech_place(p));
    if let Some(p) = setting {
        if let Some(loc) = &p.location {
            for e in evs.iter_mut().filter(|e| {
                e.merged_into.is_none()
                    && e.location.is_none()
                    && (e.category.quad() == 4 || e.category == Category::Protest)
                    && !e.context.iter().any(|c| c == "historical")
            }) {
                e.location = Some((loc.clone(), p.start, p.end));
                e.rules.push("place:story-setting".into());
            }
        }
    }
    // the story's country, for unnamed local actors of events placed nowhere
    let story_cc: Option<String> = dateline.or(setting).and_then(|p| p.location.as_ref()).and_then(|l| l.cc3.clone());
    merge::merge_document(&mut evs);
    // a sports story: its contests are no violence
    let sports: std::collections::BTreeSet<&str> = cx
        .cues
        .iter()
        .filter(|c| c.2.iter().any(|r| r == "sports"))
        .map(|c| &cx.lower[cx.toks[c.0].start..cx.toks[c.1 - 1].end])
        .collect();
    // a match score ("won 2-1", "112-110", "6-7, 7-6") with a sports word
    let score = (0..cx.toks.len().saturating_sub(2)).any(|k| {
        let small = |i: usize| cx.toks[i].kind == TokKind::Number && cx.w(i).parse::<u32>().is_ok_and(|v| v <= 200);
        small(k)
            && cx.w(k + 1) == "-"
            && small(k + 2)
            && cx.toks[k + 1].start == cx.toks[k].end
            && cx.toks[k + 2].start == cx.toks[k + 1].end
            && cx.w(k + 3) != "-"
    });
    let sports_story = sports.len() >= 3 || (!sports.is_empty() && score);
    // a markets report ("an all-out assault on the hundred-dollar line",
    // "bears were getting killed") or a review of a film or a book: three
    // different words of the genre
    let genre = |role: &str| {
        cx.cues
            .iter()
            .filter(|c| c.2.iter().any(|r| r == role))
            .map(|c| &cx.lower[cx.toks[c.0].start..cx.toks[c.1 - 1].end])
            .collect::<std::collections::BTreeSet<&str>>()
            .len()
            >= 3
    };
    let figurative_story = genre("markets") || genre("fiction");
    // deaths from an earthquake, a flood or a crash are no assault
    let disaster_sents: std::collections::BTreeSet<usize> = cx
        .cues
        .iter()
        .filter(|c| c.2.iter().any(|r| r == "disaster"))
        .map(|c| cx.toks[c.0].sentence)
        .collect();
    // byte spans of the disaster words ("Hurricane Mitch, which has killed")
    // and of a war told as the cause of its toll ("a conflict that has
    // killed 300,000 people")
    let disaster_spans: Vec<(usize, usize)> = cx
        .cues
        .iter()
        .filter(|c| c.2.iter().any(|r| r == "disaster" || r == "background"))
        .map(|c| (cx.toks[c.0].start, cx.toks[c.1 - 1].end))
        .collect();
    let named_disaster = |a: &Arg| disaster_spans.iter().any(|&(s, e)| s < a.end && a.start < e);

    let mut records = Vec::new();
    let mut triggers = Vec::new();
    for i in 0..evs.len() {
        if evs[i].merged_into.is_some() || evs[i].rules.iter().any(|r| r == "drop:no-actor") {
            continue;
        }
        // a bare plural ("attacks", "air strikes", "bombings") with nobody,
        // no figure and no day of its own speaks of attacks in general
        {
            let group: Vec<usize> = (0..evs.len()).filter(|&j| root(&evs, j) == i).collect();
            let e = &evs[i];
            if e.category == Category::Assault
                && group.iter().all(|&j| evs[j].nominal && evs[j].plural && !evs[j].definite)
                && group
                    .iter()
                    .all(|&j| evs[j].source.is_empty() && evs[j].recipient.is_empty() && evs[j].counts.is_empty())
                && !e.date_from_text
            {
                continue;
            }
        }
        if sports_story && evs[i].category.quad() == 4 && evs[i].counts.is_empty() {
            continue;
        }
        // there, conflict with no state named and no toll is a figure of speech
        if figurative_story && (matches!(evs[i].category.quad(), 3 | 4) || evs[i].category == Category::Protest) {
            let group: Vec<usize> = (0..evs.len()).filter(|&j| root(&evs, j) == i).collect();
            let stated = group.iter().any(|&j| {
                !evs[j].counts.is_empty()
                    || evs[j]
                        .source
                        .iter()
                        .chain(evs[j].recipient.iter())
                        .any(|a| a.actor.code.as_deref().is_some_and(is_state_code))
            });
            if !stated {
                continue;
            }
        }
        // (an explosion with nobody behind it may be a gas cylinder's)
        let blast_by_nobody = evs[i].mode.as_deref() == Some("explosives") && evs[i].source.is_empty();
        if evs[i].category == Category::Assault && (evs[i].mode.is_none() || blast_by_nobody) && evs[i].source.iter().all(named_disaster) {
            let group: Vec<usize> = (0..evs.len()).filter(|&j| root(&evs, j) == i).collect();
            // ("The storm, the strongest to strike the region": a verb of the
            // disaster's own sentence joins its deaths)
            let disaster_verb = |j: usize| {
                let t = evs[j].trigger.0;
                cx.cues
                    .iter()
                    .any(|c| c.1 <= t && c.1 + 6 >= t && cx.toks[c.0].sentence == evs[j].sentence && c.2.iter().any(|r| r == "disaster"))
            };
            if group.iter().all(|&j| evs[j].merge_casualty || disaster_verb(j))
                && group.iter().any(|&j| disaster_sents.contains(&evs[j].sentence))
            {
                continue;
            }
            // "a conflict that has killed 300,000 people": a war's running
            // toll is background
            let running_toll = |j: usize| {
                let t = evs[j].trigger.0;
                t >= 2
                    && matches!(cx.w(t - 1), "has" | "have" | "had")
                    && cx
                        .cues
                        .iter()
                        .any(|c| c.1 < t && c.1 + 4 >= t && c.2.iter().any(|r| r == "background"))
            };
            if group.iter().all(|&j| evs[j].merge_casualty) && group.iter().any(|&j| running_toll(j)) {
                continue;
            }
        }
        let e = &evs[i];
        let group: Vec<usize> = (0..evs.len()).filter(|&j| root(&evs, j) == i).collect();
        let mut rules = e.rules.clone();
        let cat = e.category;
        // "deployed heavily armed police": a deployment of police
        let mode = if cat == Category::Mobilize && e.mode.as_deref() == Some("troops") && {
            let (_, te) = e.trigger;
            let (_, s1) = cx.sent_range(e.sentence);
            let police_named = (te..(te + 5).min(s1)).any(|k| matches!(cx.w(k), "police" | "policemen" | "officers" | "gendarmes"));
            police_named || e.recipient.iter().any(|a| a.actor.sector.as_deref() == Some("COP"))
        } {
            rules.push("mode:police-deployed".into());
            Some("police".to_string())
        } else {
            e.mode.clone()
        };
        let xw = cx.lex.crosswalk(cat, mode.as_deref());
        let mut dead_obs = Vec::new();
        let mut inj_obs = Vec::new();
        let mut arr_obs = Vec::new();
        for o in &e.counts {
            match o.what {
                "dead" => dead_obs.push(o.clone()),
                "injured" => inj_obs.push(o.clone()),
                _ => arr_obs.push(o.clone()),
            }
        }
        let count_text = |c: Option<Count>, obs: &[CountObs]| {
            c.map(|mut c| {
                if let Some(o) = obs
                    .iter()
                    .filter(|o| !o.superseded)
                    .max_by_key(|o| o.num.best.unwrap_or(0))
                    .or(obs.first())
                {
                    c.text = cx.text[o.start..o.end].to_string();
                }
                for (r, o) in c.revisions.iter_mut().zip(obs.iter().filter(|o| o.superseded)) {
                    r.text = cx.text[cx.toks[o.num.tok_start].start..cx.toks[o.num.tok_end - 1].end].to_string();
                }
                c
            })
        };
        let dead = count_text(reconcile(&doc.id, &dead_obs, &mut rules), &dead_obs);
        let injured = count_text(reconcile(&doc.id, &inj_obs, &mut rules), &inj_obs);
        // people held by kidnappers are hostages, not arrests
        let arrested = if e.mode.as_deref() == Some("abduct") {
            None
        } else {
            count_text(reconcile(&doc.id, &arr_obs, &mut rules), &arr_obs)
        };
        // a killing with no figure still killed someone
        let dead = dead.or_else(|| {
            let verb = group.iter().any(|&j| {
                let (a, b) = evs[j].trigger;
                let t = cx.text[cx.toks[a].start..cx.toks[b - 1].end].to_ascii_lowercase();
                (t.starts_with("kill")
                    || t.starts_with("assassinat")
                    || t.contains("shot dead")
                    || t.starts_with("murder")
                    || t.contains("to death"))
                    && !evs[j].negated
            });
            let is_attempt = group.iter().any(|&j| {
                let (a, b) = evs[j].trigger;
                cx.text[cx.toks[a].start..cx.toks[b - 1].end]
                    .to_ascii_lowercase()
                    .contains("attempt")
            });
            (verb && !is_attempt && cat == Category::Assault).then(|| {
                // one named or singular victim is one death; a plural is at least one
                let singular = !e.recipient.is_empty()
                    && e.recipient.iter().all(|a| {
                        let last = a.actor.actor_text.rsplit(' ').next().unwrap_or("").to_ascii_lowercase();
                        !last.ends_with('s') || last.ends_with("ss") || a.actor.identifier_text.is_some()
                    })
                    // "A 35-year-old man was hacked to death": one victim
                    || group.iter().any(|&j| {
                        let (a, _) = evs[j].trigger;
                        let (s0, _) = cx.sent_range(evs[j].sentence);
                        let mut k = a;
                        while k > s0 && (cx.w(k - 1).ends_with("ly") || matches!(cx.w(k - 1), "also" | "then" | "later")) {
                            k -= 1;
                        }
                        evs[j].passive && k > s0 && cx.w(k - 1) == "was"
                    });
                rules.push("count:killing-implies-one".into());
                Count {
                    low: Some(1),
                    best: singular.then_some(1),
                    high: None,
                    text: String::new(),
                    revisions: Vec::new(),
                }
            })
        });
        let mut location = e.location.as_ref().map(|l| l.0.clone());
        if let Some(l) = location.as_mut() {
            if l.name.is_empty() {
                l.name = l.text.clone();
            }
        }
        let _ = geo;
        // actors: dedupe; a code-less generic actor takes the event's country
        let loc_cc = e.location.as_ref().and_then(|l| l.0.cc3.clone()).or_else(|| story_cc.clone());
        let fix = |args: &[Arg]| -> Vec<Actor> {
            let mut seen = std::collections::HashSet::new();
            let mut out = Vec::new();
            for a in args {
                // "on Feb. 1": a month or weekday is no actor
                let t = a.actor.actor_text.trim_end_matches('.').to_ascii_lowercase();
                if crate::times::MONTHS.iter().any(|m| m.starts_with(t.as_str()) && t.len() >= 3)
                    || crate::times::WEEKDAYS.iter().any(|w| w.starts_with(t.as_str()) && t.len() >= 3)
                {
                    continue;
                }
                let mut act = a.actor.clone();
                // an unnamed local actor ("militants", "people") belongs to the
                // country where the event happened; a person does not
                if act.code.is_none() && act.identifier_text.is_none() {
                    // "the army", "troops": the armed force the story last named
                    // ("Israeli troops opened fire ... The army imposed a curfew")
                    let force = (act.sector.as_deref() == Some("MIL"))
                        .then(|| {
                            cx.ents
                                .mentions
                                .iter()
                                .filter(|m| m.end <= a.start && m.sector.as_deref() == Some("MIL") && !m.modifier_only)
                                .filter_map(|m| m.code.clone())
                                .next_back()
                        })
                        .flatten();
                    act.code = force.or_else(|| loc_cc.clone());
                    if act.code.is_some() {
                        act.status = act.status.take();
                    }
                }
                office_holder(cx, &mut act);
                if seen.insert(actor_key(&act)) {
                    out.push(act);
                }
            }
            out
        };
        let mut source = fix(&e.source);
        // "fired tear gas at protesters": the protesters are the protest's doers
        if source.is_empty() && cat == Category::Protest {
            if let Some(m) = cx.actor_at_trigger(e.trigger) {
                source = fix(&[cx.arg_of(m, "arg:protesters")]);
            }
        }
        // a named doer (claimed, alleged or reported) before the unnamed
        // ones it stands for ("two gunmen" ... "ETA claimed responsibility")
        source.sort_by_key(|a| a.identifier_text.is_none());
        if source.is_empty() && matches!(cat, Category::Request | Category::Protest) {
            if let Some(l) = location.as_ref().filter(|l| l.precision == "country") {
                source.push(Actor {
                    actor_text: l.text.clone(),
                    code: l.cc3.clone(),
                    sector: Some("CVL".into()),
                    ..Default::default()
                });
                rules.push("arg:people-of-the-place".into());
            }
        }
        let mut recipient = fix(&e.recipient);
        recipient.retain(|r| !source.iter().any(|s| s.actor_text == r.actor_text));
        // an unnamed party of an act inside one country takes the doer's
        // country when no place gave it one: "the teachers' union demanded
        // that the government ...", "Cuba's government released 200
        // prisoners"
        if let Some(src) = source.iter().find(|a| a.code.as_deref().is_some_and(is_state_code)) {
            let ss = src.sector.as_deref();
            let src_code = src.code.clone();
            let civic = matches!(ss, Some("LAB" | "CVL" | "OPP" | "EDU" | "HLH" | "BUS" | "REL" | "PTY" | "LEG"));
            let state = matches!(ss, Some("GOV" | "COP" | "JUD"));
            for r in recipient.iter_mut().filter(|r| r.code.is_none() && r.identifier_text.is_none()) {
                let authority = matches!(r.sector.as_deref(), Some("GOV" | "COP" | "JUD" | "LEG"));
                if (civic && authority) || (state && !authority && matches!(cat, Category::Retreat | Category::Concede)) {
                    r.code = src_code.clone();
                    rules.push("arg:doer-country".into());
                }
            }
        }
        // "a plane carrying tents landed in Yerevan": aid goes to the country
        // it reaches
        if recipient.is_empty() && cat == Category::Aid {
            if let Some((l, cc)) = location.as_ref().and_then(|l| l.cc3.clone().map(|cc| (l, cc))) {
                if !source.iter().any(|a| a.code.as_deref() == Some(cc.as_str())) {
                    recipient.push(Actor {
                        actor_text: l.text.clone(),
                        code: Some(cc),
                        ..Default::default()
                    });
                    rules.push("arg:aid-destination".into());
                }
            }
        }
        // "rallied against a foreign agents law", "walked off the job in
        // protest at government plans": a protest against a law, a plan or
        // a vote is addressed to the government that made it
        // Other protests that name no target are coded, as event datasets
        // do, against the government of the country where they happen.
        if recipient.is_empty() && cat == Category::Protest {
            if let Some(cc) = loc_cc.clone() {
                recipient.push(Actor {
                    actor_text: "government".into(),
                    code: Some(cc),
                    sector: Some("GOV".into()),
                    ..Default::default()
                });
                let policy = group.iter().any(|&j| protests_policy(cx, &evs[j]));
                rules.push(
                    if policy {
                        "arg:protest-at-policy"
                    } else {
                        "arg:protest-default-government"
                    }
                    .into(),
                );
            }
        }
        // "Armenia and Azerbaijan agreed": a mutual act, each party the other's recipient
        if recipient.is_empty() && matches!(cat, Category::Agree | Category::Consult | Category::Cooperate) {
            let codes: std::collections::BTreeSet<&str> = source.iter().filter_map(|a| a.code.as_deref()).collect();
            if codes.len() >= 2 {
                recipient = source.iter().rev().cloned().collect();
                rules.push("arg:mutual".into());
            }
        }
        let (date, precision) = match (e.date, cx.published) {
            (Some((d, p)), _) => (
                Some(match p {
                    Precision::Year => d.year.to_string(),
                    Precision::Month => format!("{:04}-{:02}", d.year, d.month),
                    _ => d.to_string(),
                }),
                p.name().to_string(),
            ),
            (None, Some(p)) if !e.context.iter().any(|c| c == "historical") => {
                rules.push("time:publication-date".into());
                (Some(p.to_string()), "day".to_string())
            }
            _ => (None, "unknown".to_string()),
        };
        let mut evidence: Vec<Evidence> = Vec::new();
        let mut spans: Vec<(usize, usize, usize)> = group.iter().flat_map(|&j| evs[j].evidence.clone()).collect();
        spans.sort();
        spans.dedup();
        for (s, en, sent) in spans {
            if s < en && en <= cx.text.len() && cx.text.is_char_boundary(s) && cx.text.is_char_boundary(en) {
                evidence.push(Evidence {
                    start: s,
                    end: en,
                    text: cx.text[s..en].to_string(),
                    sentence: sent,
                });
            }
        }
        let trig_spans: Vec<(usize, usize)> = group
            .iter()
            .map(|&j| (cx.toks[evs[j].trigger.0].start, cx.toks[evs[j].trigger.1 - 1].end))
            .collect();
        let mut context = e.context.clone();
        context.sort();
        context.dedup();
        let confidence = {
            let mut c: f64 = 0.45;
            if !source.is_empty() {
                c += 0.15;
            }
            if !recipient.is_empty() {
                c += 0.1;
            }
            if location.is_some() {
                c += 0.1;
            }
            if group.len() > 1 {
                c += 0.1;
            }
            if e.negated {
                c -= 0.2;
            }
            (c.min(0.95) * 100.0).round() / 100.0
        };
        // a record with no actor and no place tells nobody what happened
        // where: it is left out rather than guessed at
        if source.is_empty() && recipient.is_empty() && location.is_none() {
            continue;
        }
        rules.dedup();
        let first = trig_spans.first().copied().unwrap_or((0, 0));
        let id = format!(
            "evt-{:016x}",
            fnv64(format!("{}|{}|{}|{}", doc.id, cat.name(), first.0, first.1).as_bytes())
        );
        records.push(EventRecord {
            id,
            doc_id: doc.id.clone(),
            doc_ids: Vec::new(),
            event_type: cat.name().to_string(),
            mode,
            context,
            cameo: Some(e.cameo.clone().unwrap_or(xw.cameo.clone())),
            acled_event_type: xw.acled_event_type.clone(),
            acled_sub_event_type: xw.acled_sub_event_type.clone(),
            quad: cat.quad(),
            intensity: cat.intensity(),
            source,
            recipient,
            event_loc: location,
            date,
            date_precision: precision,
            dead,
            injured,
            arrested,
            attribution: e.attribution.clone(),
            evidence,
            rules,
            confidence,
        });
        triggers.push(trig_spans);
    }
    (records, triggers)
}

/// A code that names a state (ISO alpha-3), not a kind of body ("IGO").
fn is_state_code(c: &str) -> bool {
    c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) && !matches!(c, "IGO" | "NGO" | "IMG" | "MNC" | "UNK" | "REB" | "INT")
}
