#!/usr/bin/env python3
"""Score `sitrep annotate` place and time layers against a blind gold set.

Usage:
  python3 eval/score_annotate.py docs GOLD.jsonl > DOCS.jsonl
  python3 eval/score_annotate.py places GOLD.jsonl PRED.jsonl [--verbose]
  python3 eval/score_annotate.py times  GOLD.jsonl PRED.jsonl [--verbose]

GOLD is eval/places_blind.jsonl or eval/timex_blind.jsonl. `docs` writes one
{"id": "blind-N", "text": ..., "published"?: ...} document per gold line
(N = 1-based line number), to feed `sitrep annotate --layers places|times`.
PRED is annotate's JSON Lines output: one object per document with "doc_id"
(or "id") and "places" or "times" lists of items with byte offsets
"start"/"end" into the document text.

All offsets are UTF-8 byte offsets. Pure Python 3 standard library.
"""
import json
import math
import re
import signal
import sys
from collections import defaultdict

RADIUS_KM = 161.0


def read_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rows.append((n, json.loads(line)))
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{n}: invalid JSON: {e}")
    return rows


def gold_docs(path):
    """[(doc_id, gold_row)] in file order; doc_id = blind-<line number>."""
    return [(f"blind-{n}", row) for n, row in read_jsonl(path)]


def pred_index(path, layer):
    idx = {}
    for n, row in read_jsonl(path):
        did = row.get("doc_id", row.get("id"))
        if did is None:
            continue
        idx[str(did)] = row.get(layer) or []
    return idx


def overlap(a, b):
    return min(a["end"], b["end"]) - max(a["start"], b["start"])


def match(gold, pred):
    """One-to-one matching of overlapping spans, largest overlap first.
    Returns list of (gold_index, pred_index)."""
    cands = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            ov = overlap(g, p)
            if ov > 0:
                exact = g["start"] == p["start"] and g["end"] == p["end"]
                cands.append((not exact, -ov, i, j))
    cands.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, _, i, j in cands:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        pairs.append((i, j))
    return pairs


def prf(tp_p, n_pred, tp_g, n_gold):
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def haversine_km(lat1, lon1, lat2, lon2):
    la1, la2 = math.radians(lat1), math.radians(lat2)
    dla = la2 - la1
    dlo = math.radians(lon2 - lon1)
    h = math.sin(dla / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(dlo / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def pct(a, b):
    return f"{100.0 * a / b:5.1f}% ({a}/{b})" if b else "  n/a (0/0)"


# ---------------------------------------------------------------- docs

def cmd_docs(gold_path):
    out = sys.stdout
    for did, row in gold_docs(gold_path):
        d = {"id": did, "text": row["text"]}
        if row.get("published"):
            d["published"] = row["published"]
        out.write(json.dumps(d, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------- places

def cmd_places(gold_path, pred_path, verbose):
    preds = pred_index(pred_path, "places")
    docs = gold_docs(gold_path)
    missing_docs = sum(1 for did, _ in docs if did not in preds)
    tot = defaultdict(int)
    by_set = defaultdict(lambda: defaultdict(int))
    log = []
    for did, row in docs:
        text_b = row["text"].encode("utf-8")
        gold = row.get("places", [])
        nots = row.get("not_places", [])
        pred = [p for p in preds.get(did, []) if "start" in p and "end" in p]
        pairs = match(gold, pred)
        mg = {i: j for i, j in pairs}
        mp = {j for _, j in pairs}
        s = row.get("set", "all")
        for bucket in (tot, by_set[s]):
            bucket["gold"] += len(gold)
            bucket["pred"] += len(pred)
            bucket["tp"] += len(pairs)
        for i, g in enumerate(gold):
            if i not in mg:
                log.append(f"MISS  {did}: {g['text']!r} gold={g.get('name')} ({g.get('cc3')}, {g['latitude']:.3f},{g['longitude']:.3f})")
                continue
            p = pred[mg[i]]
            for bucket in (tot, by_set[s]):
                if g.get("geonameid"):
                    bucket["id_n"] += 1
                    if str(p.get("geonameid")) == str(g["geonameid"]):
                        bucket["id_ok"] += 1
            plat, plon = num(p.get("latitude")), num(p.get("longitude"))
            if plat is None or plon is None:
                dist = None
            else:
                dist = haversine_km(g["latitude"], g["longitude"], plat, plon)
            near = dist is not None and dist <= RADIUS_KM
            for bucket in (tot, by_set[s]):
                bucket["near"] += near
            if not near:
                ds = "no coordinates" if dist is None else f"{dist:.0f} km"
                log.append(f"FAR   {did}: {g['text']!r} gold={g.get('name')} ({g.get('cc3')}) pred={p.get('name')} ({p.get('cc3')}, id {p.get('geonameid')}) {ds}")
            elif g.get("geonameid") and str(p.get("geonameid")) != str(g["geonameid"]):
                log.append(f"ID    {did}: {g['text']!r} gold id {g['geonameid']} pred id {p.get('geonameid')} ({p.get('name')}), {dist:.0f} km")
        for j, p in enumerate(pred):
            if j in mp:
                continue
            hit_not = any(overlap(n, p) > 0 for n in nots)
            tot["fp_not"] += hit_not
            by_set[s]["fp_not"] += hit_not
            ptxt = text_b[p["start"]:p["end"]].decode("utf-8", "replace")
            tag = "NOTPL" if hit_not else "FP   "
            log.append(f"{tag} {did}: {ptxt!r} pred={p.get('name')} ({p.get('cc3')}, id {p.get('geonameid')})")
        tot["not_places"] += len(nots)
        by_set[s]["not_places"] += len(nots)

    def report(name, b):
        p, r, f = prf(b["tp"], b["pred"], b["tp"], b["gold"])
        print(f"[{name}] gold {b['gold']}  predicted {b['pred']}  matched {b['tp']}")
        print(f"  detection (overlap)   P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
        print(f"  of matched: exact geonameid {pct(b['id_ok'], b['id_n'])}   within {RADIUS_KM:.0f} km {pct(b['near'], b['tp'])}")
        print(f"  recall@{RADIUS_KM:.0f}km           {pct(b['near'], b['gold'])}")
        print(f"  not_places predicted as places: {b['fp_not']} of {b['not_places']}")

    print(f"places: {len(docs)} documents ({missing_docs} with no prediction line)")
    report("all", tot)
    if len(by_set) > 1:
        for s in sorted(by_set):
            report(s, by_set[s])
    if verbose:
        print()
        for line in log:
            print(line)


# ---------------------------------------------------------------- times

_DUR = re.compile(r"^P(T?)([0-9.]+|X)(DE|CE|ML)$")


def norm_value(v):
    v = str(v or "").strip().upper()
    m = _DUR.match(v)
    if m:  # P1DE == P10Y, P2CE == P200Y, PXDE == PXY
        t, n, u = m.groups()
        mult = {"DE": 10, "CE": 100, "ML": 1000}[u]
        if n == "X":
            return "PXY"
        q = float(n) * mult
        return f"P{int(q) if q == int(q) else q}Y"
    return v


def cmd_times(gold_path, pred_path, verbose):
    preds = pred_index(pred_path, "times")
    docs = gold_docs(gold_path)
    missing_docs = sum(1 for did, _ in docs if did not in preds)
    n_gold = n_pred = strict = relaxed = val_ok = type_ok = 0
    by_type = defaultdict(lambda: [0, 0, 0])  # gold type -> [gold, matched, value ok]
    log = []
    for did, row in docs:
        text_b = row["text"].encode("utf-8")
        gold = row.get("timex", [])
        pred = [p for p in preds.get(did, []) if "start" in p and "end" in p]
        n_gold += len(gold)
        n_pred += len(pred)
        strict += sum(1 for g in gold for p in pred if g["start"] == p["start"] and g["end"] == p["end"])
        pairs = match(gold, pred)
        relaxed += len(pairs)
        mg = {i: j for i, j in pairs}
        mp = {j for _, j in pairs}
        for i, g in enumerate(gold):
            bt = by_type[g["type"]]
            bt[0] += 1
            if i not in mg:
                log.append(f"MISS  {did} [{row.get('published')}]: {g['text']!r} {g['type']} {g['value']}  | {row['text']}")
                continue
            bt[1] += 1
            p = pred[mg[i]]
            ptxt = text_b[p["start"]:p["end"]].decode("utf-8", "replace")
            vok = norm_value(p.get("value")) == norm_value(g["value"])
            tok = str(p.get("type", "")).upper() == g["type"]
            val_ok += vok
            type_ok += tok
            bt[2] += vok
            if not (g["start"] == p["start"] and g["end"] == p["end"]):
                log.append(f"SPAN  {did}: gold {g['text']!r} pred {ptxt!r}")
            if not vok:
                log.append(f"VALUE {did} [{row.get('published')}]: {g['text']!r} gold {g['value']} pred {p.get('value')}  | {row['text']}")
            if not tok:
                log.append(f"TYPE  {did}: {g['text']!r} gold {g['type']} pred {p.get('type')}")
        for j, p in enumerate(pred):
            if j not in mp:
                ptxt = text_b[p["start"]:p["end"]].decode("utf-8", "replace")
                log.append(f"FP    {did}: {ptxt!r} {p.get('type')} {p.get('value')}  | {row['text']}")

    sp, sr, sf = prf(strict, n_pred, strict, n_gold)
    rp, rr, rf = prf(relaxed, n_pred, relaxed, n_gold)
    vp, vr, vf = prf(val_ok, n_pred, val_ok, n_gold)
    tp_, tr_, tf_ = prf(type_ok, n_pred, type_ok, n_gold)
    print(f"times: {len(docs)} documents ({missing_docs} with no prediction line); gold {n_gold}, predicted {n_pred}")
    print(f"  strict  P {sp:.3f}  R {sr:.3f}  F1 {sf:.3f}")
    print(f"  relaxed P {rp:.3f}  R {rr:.3f}  F1 {rf:.3f}")
    print(f"  value accuracy (of relaxed matches) {pct(val_ok, relaxed)}   value F1 {vf:.3f} (P {vp:.3f} R {vr:.3f})")
    print(f"  type  accuracy (of relaxed matches) {pct(type_ok, relaxed)}   type F1 {tf_:.3f}")
    for t in sorted(by_type):
        g, m, v = by_type[t]
        print(f"  {t:<8} gold {g:3d}  found {pct(m, g)}  value ok {pct(v, g)}")
    if verbose:
        print()
        for line in log:
            print(line)


def main(argv):
    args = [a for a in argv[1:] if a not in ("--verbose", "-v")]
    verbose = len(args) != len(argv) - 1
    if len(args) == 2 and args[0] == "docs":
        return cmd_docs(args[1])
    if len(args) == 3 and args[0] == "places":
        return cmd_places(args[1], args[2], verbose)
    if len(args) == 3 and args[0] == "times":
        return cmd_times(args[1], args[2], verbose)
    sys.exit(__doc__)


if __name__ == "__main__":
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    main(sys.argv)
