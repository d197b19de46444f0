#!/usr/bin/env python3
"""Writes N generated news documents (JSON Lines) for measuring `sitrep ingest`.

Each document reports one of N/4 incidents (a bombing, a shooting, an air
strike, a protest with arrests) in one of 40 cities on a day of 2024, with a
toll that varies from report to report, so that ingest merges and reconciles
as it would on real news. Deterministic: the same N gives the same file.

    python3 gen_corpus.py 100000 > corpus.jsonl
"""
import json
import random
import sys

CITIES = ["Baghdad", "Mosul", "Basra", "Kabul", "Kandahar", "Quetta", "Karachi", "Peshawar", "Lahore",
          "Mogadishu", "Nairobi", "Lagos", "Kano", "Maiduguri", "Khartoum", "Tripoli", "Benghazi", "Aleppo",
          "Damascus", "Idlib", "Homs", "Beirut", "Gaza", "Sanaa", "Aden", "Kyiv", "Kharkiv", "Odesa",
          "Bamako", "Niamey", "Ouagadougou", "Goma", "Bogota", "Medellin", "Caracas", "Manila", "Yangon",
          "Dhaka", "Tehran", "Cairo"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def story(rng, inc, k):
    kind, city, day, base = inc
    dead = max(1, base + rng.randint(-3, 6))
    hurt = dead * 2 + rng.randint(0, 9)
    src = rng.choice(["police said", "officials said", "a hospital source said", "witnesses said"])
    if kind == 0:
        return f"A car bomb exploded near a market in {city} {day}, killing {dead} people and wounding {hurt} others, {src}."
    if kind == 1:
        return f"Gunmen opened fire on a checkpoint in {city} {day}, killing {dead} soldiers, {src}."
    if kind == 2:
        return f"An air strike hit a residential building in {city} {day}, killing {dead} civilians, {src}."
    return f"Thousands of people protested against rising prices in {city} {day}; police arrested {dead} demonstrators, {src}."


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(20240101)
    incidents = []
    for _ in range(max(1, n // 4)):
        month, dom = rng.randint(1, 12), rng.randint(1, 28)
        incidents.append((rng.randint(0, 3), rng.choice(CITIES), (month, dom), rng.randint(2, 40)))
    out = sys.stdout
    for i in range(n):
        kind, city, (month, dom), base = incidents[rng.randrange(len(incidents))]
        lag = rng.randint(0, 2)
        pub_dom = min(28, dom + lag)
        weekday = DAYS[(dom + month * 3) % 7]
        text = story(rng, (kind, city, f"on {weekday}" if lag else "today", base), i)
        doc = {"id": f"gen-{i:06d}", "published": f"2024-{month:02d}-{pub_dom:02d}", "title": f"{city}: report {i}",
               "publisher": rng.choice(["Wire A", "Wire B", "Daily C"]), "text": text}
        out.write(json.dumps(doc) + "\n")


if __name__ == "__main__":
    main()
