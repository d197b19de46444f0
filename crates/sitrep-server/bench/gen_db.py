#!/usr/bin/env python3
"""Fills a sitrep store with generated documents, events and incidents, for
measuring `sitrep serve` on a large database.

    python3 crates/sitrep-server/bench/gen_db.py big.db --events 1000000

A file that holds no store yet gets the store's own schema from its
migration files (crates/sitrep-store/migrations/sqlite), as `sitrep ingest`
would make it. `load_pg.py` copies the result into PostgreSQL.

Records carry the fields the API reads (category, mode, date, place, counts,
actors, evidence) with values drawn from small fixed lists; a fixed seed
makes the same database each time.
"""
import argparse
import json
import os
import random
import re
import sqlite3

MIGRATIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "sitrep-store", "migrations", "sqlite")

PLACES = [  # name, cc3, lat, lon
    ("Quetta", "PAK", 30.18, 66.99), ("Peshawar", "PAK", 34.01, 71.58), ("Kabul", "AFG", 34.53, 69.17),
    ("Kandahar", "AFG", 31.61, 65.71), ("Baghdad", "IRQ", 33.31, 44.36), ("Mosul", "IRQ", 36.34, 43.13),
    ("Maiduguri", "NGA", 11.85, 13.16), ("Zamfara", "NGA", 12.12, 6.22), ("Mogadishu", "SOM", 2.04, 45.34),
    ("Nairobi", "KEN", -1.29, 36.82), ("Paris", "FRA", 48.86, 2.35), ("Khartoum", "SDN", 15.50, 32.56),
    ("Goma", "COD", -1.68, 29.22), ("Aleppo", "SYR", 36.20, 37.16), ("Sanaa", "YEM", 15.35, 44.21),
    ("Bamako", "MLI", 12.64, -8.00), ("Caracas", "VEN", 10.49, -66.88), ("Manila", "PHL", 14.60, 120.98),
]
KINDS = [  # category, mode, weight
    ("ASSAULT", "bombing", 4), ("ASSAULT", "firearms", 4), ("ASSAULT", "suicide-attack", 1), ("PROTEST", "demo", 3),
    ("COERCE", "arrest", 2), ("THREATEN", None, 1), ("CONSULT", None, 1), ("AID", None, 1),
]
ACTORS = ["PAK", "AFG", "IRQ", "NGA", "SOM", "KEN", "FRA", "SDN", "COD", "SYR", "YEM", "MLI", "IMG", "USA", "UNO"]
TEXT = ("{city}, {date} - {what} in {city} on {day}, officials said. Witnesses described the scene and "
        "hospitals received the wounded. {n} people were killed, according to police.")


def record(rid, doc_id, cat, mode, date, place, dead, src, dst, text):
    name, cc3, lat, lon = place
    start = text.index(" - ") + 3
    end = text.index(",", start)
    return {
        "id": rid, "doc_id": doc_id, "event_type": cat, "mode": mode, "date": date, "date_precision": "day",
        "source": [{"actor_text": src, "code": src}], "recipient": [{"actor_text": dst, "code": dst}],
        "event_loc": {"name": name, "cc3": cc3, "latitude": lat, "longitude": lon, "precision": "city"},
        "dead": None if dead is None else {"low": dead, "best": dead, "high": dead, "text": f"{dead} people were killed"},
        "intensity": -7.0 if cat == "ASSAULT" else 1.0,
        "evidence": [{"start": start, "end": end, "text": text[start:end], "sentence": 0}],
        "rules": ["generated"], "confidence": 0.8,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--per-doc", type=int, default=4)
    ap.add_argument("--per-incident", type=int, default=3, help="events per incident, on average")
    a = ap.parse_args()
    rnd = random.Random(7)
    con = sqlite3.connect(a.db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    init_schema(con)
    seq = con.execute("SELECT COALESCE(MAX(seq), 0) FROM documents").fetchone()[0]
    kinds = [k for k in KINDS for _ in range(k[2])]
    n_inc = max(1, a.events // a.per_incident)
    incidents = []  # (id, cat, mode, date, place, dead, src, dst)
    for i in range(n_inc):
        cat, mode, _ = rnd.choice(kinds)
        day = rnd.randrange(0, 3 * 365)
        y, rest = 2022 + day // 365, day % 365
        date = f"{y}-{1 + rest // 31 % 12:02d}-{1 + rest % 28:02d}"
        dead = rnd.choice([None, 0, 1, 2, 3, 5, 8, 12, 20, 40]) if cat == "ASSAULT" else None
        incidents.append((f"inc-gen-{i:08x}", cat, mode, date, rnd.choice(PLACES), dead, rnd.choice(ACTORS), rnd.choice(ACTORS)))
    members = {}
    docs, events = [], []
    e = 0
    while e < a.events:
        seq += 1
        doc_id = f"gen-{seq:08d}"
        inc = incidents[rnd.randrange(n_inc)]
        iid, cat, mode, date, place, dead, src, dst = inc
        what = {"ASSAULT": "An attack killed people", "PROTEST": "Thousands protested"}.get(cat, "Officials met")
        text = TEXT.format(city=place[0], date=date, what=what, day="Monday", n=dead or 0)
        docs.append((doc_id, seq, None, f"{what} in {place[0]}", date, "Generated Wire", f"h{seq}", text))
        for k in range(a.per_doc):
            if e >= a.events:
                break
            inc = incidents[rnd.randrange(n_inc)] if k else inc
            iid, cat, mode, date, place, dead, src, dst = inc
            rid = f"{doc_id}-e{k}"
            rec = record(rid, doc_id, cat, mode, date, place, dead, src, dst, text)
            members.setdefault(iid, []).append(doc_id)
            events.append((rid, doc_id, k, iid, cat, mode, date, date, date, place[1], None, place[2], place[3], dead,
                           f" {src} ", f" {dst} ", json.dumps(rec)))
            e += 1
        if len(events) >= 50_000:
            flush(con, docs, events)
    flush(con, docs, events)
    rows = []
    for iid, cat, mode, date, place, dead, src, dst in incidents:
        docs_of = members.get(iid)
        if not docs_of:
            continue
        rec = record(iid, docs_of[0], cat, mode, date, place, dead, src, dst, "X, d - attack, said.")
        rec["doc_ids"] = sorted(set(docs_of))
        rec["event_ids"] = []
        rec["window"] = [date, date]
        rows.append((iid, cat, mode, date, date, date, date, date, place[1], None, place[2], place[3], dead, dead, dead,
                     len(set(docs_of)), json.dumps(rec)))
    con.executemany("INSERT INTO incidents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.commit()
    print(f"{a.db}: +{e} events, +{len(rows)} incidents, documents up to seq {seq}")


def init_schema(con):
    """Applies the store's migrations that the file does not have yet."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)")
    current = con.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]
    for name in sorted(os.listdir(MIGRATIONS)):
        m = re.match(r"(\d+)_(\w+)\.sql$", name)
        if not m or int(m.group(1)) <= current:
            continue
        with open(os.path.join(MIGRATIONS, name)) as f:
            con.executescript(f.read())
        con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", (int(m.group(1)), m.group(2)))
    con.commit()


def flush(con, docs, events):
    con.executemany("INSERT INTO documents (id, seq, url, title, published, publisher, content_hash, text) VALUES (?,?,?,?,?,?,?,?)", docs)
    con.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", events)
    con.commit()
    docs.clear()
    events.clear()


if __name__ == "__main__":
    main()
