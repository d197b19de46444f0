#!/usr/bin/env python3
"""Writes a news-like JSON Lines corpus for `sitrep bench` and profiling.

Each document strings together sentences and stories from the test tables
(crates/sitrep-extract/tests/data/*.jsonl) and examples/*.jsonl, with its own
id, publication date and paragraph layout. The output is the same for the same
arguments (seeded), so timings of two builds can be compared.

    python3 scripts/make_bench_corpus.py OUT.jsonl [--docs N] [--seed S]
"""

import argparse
import glob
import json
import os
import random
import sys


def texts(root):
    out = []
    paths = sorted(glob.glob(os.path.join(root, "crates/sitrep-extract/tests/data/*.jsonl")))
    paths += sorted(glob.glob(os.path.join(root, "examples/*.jsonl")))
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    text = json.loads(line).get("text")
                except json.JSONDecodeError as e:
                    print(f"{path}:{n}: not JSON: {e}", file=sys.stderr)
                    continue
                if isinstance(text, str) and text.strip():
                    out.append(text.strip())
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    pool = texts(root)
    if not pool:
        sys.exit("no texts found under tests/data or examples")
    rng = random.Random(args.seed)
    with open(args.out, "w", encoding="utf-8") as f:
        for i in range(args.docs):
            # a story of 3 to 14 paragraphs, each one to three texts
            paras = []
            for _ in range(rng.randint(3, 14)):
                paras.append(" ".join(rng.choice(pool) for _ in range(rng.randint(1, 3))))
            day = 1 + rng.randrange(28)
            month = 1 + rng.randrange(12)
            year = rng.choice([2022, 2023, 2024, 2025])
            doc = {
                "id": f"bench-{i:06d}",
                "published": f"{year}-{month:02d}-{day:02d}",
                "text": "\n\n".join(paras),
            }
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
