#!/usr/bin/env python3
"""Normalises the language-identification word lists in data/langid/.

Each data/langid/<code>.txt holds one language's frequent function words,
one a line, after a '# Name: ...' header. This script puts every word in
Unicode NFC and lower case, drops duplicates (keeping the first), and
reports words a list shares with English, since those add nothing to
telling English from that language.

Usage: python3 scripts/build_langid.py [--check]
  --check  change nothing; exit 1 when a file would change.
"""
import pathlib
import sys
import unicodedata

ROOT = pathlib.Path(__file__).resolve().parent.parent / "data" / "langid"


def load(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    header = [l for l in lines if l.startswith("#")]
    words, seen = [], set()
    for l in lines:
        if l.startswith("#") or not l.strip():
            continue
        for w in l.split():
            w = unicodedata.normalize("NFC", w).lower()
            if w not in seen:
                seen.add(w)
                words.append(w)
    return header, words


def main():
    check = "--check" in sys.argv
    changed = False
    _, english = load(ROOT / "en.txt")
    english = set(english)
    for path in sorted(ROOT.glob("*.txt")):
        header, words = load(path)
        text = "\n".join(header + words) + "\n"
        if path.read_text(encoding="utf-8") != text:
            changed = True
            if not check:
                path.write_text(text, encoding="utf-8")
            print(f"{path.name}: normalised")
        if path.stem != "en":
            shared = [w for w in words if w in english]
            if shared:
                print(f"{path.name}: {len(words)} words, shared with English: {' '.join(shared)}")
    if check and changed:
        sys.exit(1)


if __name__ == "__main__":
    main()
