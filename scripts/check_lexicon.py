#!/usr/bin/env python3
"""Check sitrep's actor lexicon files (data/README.md format) and phrase tables.

    python3 scripts/check_lexicon.py [FILE_OR_DIR ...]

With no argument it checks data/lexicon/actors/*.tsv and
crates/sitrep-lexicon/tests/data/actor_phrases.tsv.  Checks:

* every data line has 7 tab-separated columns (fewer when the trailing ones
  are empty), no stray whitespace around fields, no empty name;
* `kind` is one of the kinds data/README.md lists;
* `code` is an ISO 3166-1 alpha-3 code (from iso-codes when installed, else
  the built-in list), XKX (Kosovo), or IGO/NGO/IMG/MNC/UNK; empty only for
  `agent` and `title`;
* `sector` is one of the README's sectors;
* ids are unique across all actor files (a later duplicate would silently
  replace an earlier one), and `parent=` points at a known id;
* `attrs` are `key=value` pairs with known keys; `country=` is a valid code;
* the same alias is not given twice in one row; shared surface forms across
  rows are listed as warnings (`--strict` makes them errors);
* phrase tables: 4 columns (phrase, code, sector, note), code/sector valid
  when present.

Exit status 1 when any error was found.
"""
import glob
import json
import os
import sys

KINDS = {"country", "igo", "ngo", "group", "force", "party", "institution", "media",
         "person", "agent", "title"}
SECTORS = set("GOV MIL REB CVL OPP BUS MED EDU JUD LEG REL IGO NGO SPY COP INS PTY LAB REF HLH".split())
NON_STATE = {"IGO", "NGO", "IMG", "MNC", "UNK"}
EXTRA_CODES = {"XKX"}  # Kosovo: user-assigned, used by the EU, IMF and World Bank
ATTR_KEYS = {"country", "parent", "adj", "capital", "from", "to", "office"}
ISO_JSON = "/usr/share/iso-codes/json/iso_3166-1.json"

# Fallback when Debian's iso-codes is not installed (ISO 3166-1 alpha-3, 249 codes).
BUILTIN_ALPHA3 = """ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES
BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR
COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST
ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY
HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR
KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI
MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL
OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS
SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL
TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM
ZAF ZMB ZWE""".split()


def alpha3_codes():
    try:
        with open(ISO_JSON, encoding="utf-8") as f:
            return {c["alpha_3"] for c in json.load(f)["3166-1"]}
    except OSError:
        return set(BUILTIN_ALPHA3)


class Checker:
    def __init__(self, strict=False):
        self.errors = []
        self.warnings = []
        self.codes = alpha3_codes() | EXTRA_CODES
        self.ids = {}        # id -> "file:line"
        self.parents = []    # (id, where)
        self.forms = {}      # lower-cased surface form -> [(id, code, sector)]
        self.strict = strict
        self.rows = 0

    def err(self, where, msg):
        self.errors.append(f"{where}: {msg}")

    def valid_code(self, code):
        return code in self.codes or code in NON_STATE

    def check_actor_file(self, path):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n").rstrip("\r")
                where = f"{path}:{n}"
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.split("\t")
                if len(cols) > 7:
                    self.err(where, f"{len(cols)} columns, expected 7")
                    continue
                if len(cols) < 5:
                    self.err(where, f"{len(cols)} columns, expected 7 (at least id..name)")
                    continue
                cols += [""] * (7 - len(cols))
                for c in cols:
                    if c != c.strip():
                        self.err(where, f"stray whitespace in {c!r}")
                rid, kind, code, sector, name, aliases, attrs = cols
                self.rows += 1
                if not rid:
                    self.err(where, "empty id")
                elif rid in self.ids:
                    self.err(where, f"duplicate id {rid} (first at {self.ids[rid]})")
                else:
                    self.ids[rid] = where
                if kind not in KINDS:
                    self.err(where, f"unknown kind {kind!r}")
                if kind in ("agent", "title"):
                    if code:
                        self.err(where, f"{kind} rows take no code (got {code!r})")
                elif not self.valid_code(code):
                    self.err(where, f"invalid code {code!r}")
                if sector and sector not in SECTORS:
                    self.err(where, f"unknown sector {sector!r}")
                if not sector and kind not in ("title", "agent", "person"):
                    self.err(where, "empty sector")
                if not name:
                    self.err(where, "empty name")
                als = [a for a in aliases.split("|")] if aliases else []
                if any(not a.strip() for a in als):
                    self.err(where, "empty alias (doubled or trailing '|')")
                seen = set()
                for a in als:
                    if a in seen:
                        self.err(where, f"alias given twice: {a!r}")
                    seen.add(a)
                if name in seen:
                    self.err(where, f"name repeated among aliases: {name!r}")
                if attrs:
                    for kv in attrs.split(";"):
                        if "=" not in kv:
                            self.err(where, f"attr without '=': {kv!r}")
                            continue
                        k, v = kv.split("=", 1)
                        if k not in ATTR_KEYS:
                            self.err(where, f"unknown attr key {k!r}")
                        if not v:
                            self.err(where, f"empty attr value for {k!r}")
                        if k == "country" and not (v in self.codes):
                            self.err(where, f"invalid country= {v!r}")
                        if k == "parent":
                            self.parents.append((v, where))
                        if k in ("from", "to") and not _is_date(v):
                            self.err(where, f"{k}= is not YYYY[-MM[-DD]]: {v!r}")
                forms = [name] + als
                for kv in attrs.split(";") if attrs else []:
                    k, _, v = kv.partition("=")
                    if k in ("adj", "capital"):
                        forms += v.split("|")
                for form in set(forms):
                    key = form if (form.isupper() and len(form) > 1) else form.lower()
                    self.forms.setdefault(key, []).append((rid, code, sector, where))

    def check_phrases(self, path):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                where = f"{path}:{n}"
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.split("\t")
                if len(cols) != 4:
                    self.err(where, f"{len(cols)} columns, expected 4 (phrase, code, sector, note)")
                    continue
                phrase, code, sector, _note = cols
                self.rows += 1
                if not phrase.strip():
                    self.err(where, "empty phrase")
                if code and not self.valid_code(code):
                    self.err(where, f"invalid code {code!r}")
                if sector and sector not in SECTORS:
                    self.err(where, f"unknown sector {sector!r}")

    def finish(self):
        for pid, where in self.parents:
            if pid not in self.ids:
                self.err(where, f"parent={pid} is not a known id")
        for form, owners in sorted(self.forms.items()):
            targets = {(c, s) for _, c, s, _ in owners}
            if len(owners) > 1 and len(targets) > 1:
                msg = f"surface form {form!r} shared by " + ", ".join(f"{i} ({c} {s})" for i, c, s, _ in owners)
                (self.errors if self.strict else self.warnings).append(msg)


def _is_date(v):
    parts = v.split("-")
    return 1 <= len(parts) <= 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4


def main(argv):
    strict = "--strict" in argv
    quiet = "--quiet" in argv
    args = [a for a in argv if not a.startswith("--")]
    defaults = not args
    root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    if not args:
        args = [os.path.join(root, "data", "lexicon", "actors"),
                os.path.join(root, "crates", "sitrep-lexicon", "tests", "data", "actor_phrases.tsv")]
    ch = Checker(strict=strict)
    files = []
    for a in args:
        if os.path.isdir(a):
            files += sorted(glob.glob(os.path.join(a, "*.tsv")))
        elif os.path.exists(a):
            files.append(a)
        elif defaults:
            ch.warnings.append(f"{a}: not there yet, skipped")
        else:
            ch.err(a, "no such file")
    for path in files:
        if os.path.basename(path).endswith("phrases.tsv"):
            ch.check_phrases(path)
        else:
            ch.check_actor_file(path)
    ch.finish()
    if not quiet:
        for w in ch.warnings:
            print("warning:", w)
    for e in ch.errors:
        print("error:", e)
    print(f"{len(files)} files, {ch.rows} rows, {len(ch.errors)} errors, {len(ch.warnings)} warnings")
    return 1 if ch.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
