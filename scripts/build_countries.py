#!/usr/bin/env python3
"""Build data/lexicon/actors/countries.tsv: one actor row per country or territory.

Sources (both read, never copied whole; the output is a derived table):

* Debian's `iso-codes` package, /usr/share/iso-codes/json/iso_3166-1.json
  (names, official names, common names, alpha-2/alpha-3 codes of ISO 3166-1).
  Licence: LGPL-2.1-or-later.  Install: `apt-get install iso-codes`.
* npm's `world-countries` package (Mohammed Le Doze), countries.json:
  demonyms, capitals, alternative spellings.  Licence: ODbL-1.0 (Open Database
  License); the derived table keeps that attribution.  The script installs it
  with `npm install --prefix TMPDIR world-countries@5.1.0` unless
  `--world-countries PATH/countries.json` is given.
* The curated tables below (written for sitrep): Wikidata QIDs, news aliases,
  demonyms and plurals, government metonyms, and the choice made for every
  surface form that two countries share.

Run:  python3 scripts/build_countries.py [--world-countries FILE] [--out FILE]
The output is deterministic (sorted by alpha-3); rerunning it gives the same file.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import unicodedata

WORLD_COUNTRIES_VERSION = "5.1.0"
ISO_JSON = "/usr/share/iso-codes/json/iso_3166-1.json"

# Kosovo is not in ISO 3166-1; world-countries gives it the code "UNK", which
# would collide with sitrep's "unknown" code. We use XKX (the user-assigned
# code the EU, World Bank and IMF use).
KOSOVO = "XKX"

# Wikidata QIDs we are confident of. Everything else gets `country:ISO3`.
QID = {
    "AFG": "Q889", "AGO": "Q916", "ALB": "Q222", "AND": "Q228", "ARE": "Q878",
    "ARG": "Q414", "ARM": "Q399", "ATG": "Q781", "AUS": "Q408", "AUT": "Q40",
    "AZE": "Q227", "BDI": "Q967", "BEL": "Q31", "BEN": "Q962", "BFA": "Q965",
    "BGD": "Q902", "BGR": "Q219", "BHR": "Q398", "BHS": "Q778", "BIH": "Q225",
    "BLR": "Q184", "BLZ": "Q242", "BOL": "Q750", "BRA": "Q155", "BRB": "Q244",
    "BRN": "Q921", "BTN": "Q917", "BWA": "Q963", "CAF": "Q929", "CAN": "Q16",
    "CHE": "Q39", "CHL": "Q298", "CHN": "Q148", "CIV": "Q1008", "CMR": "Q1009",
    "COD": "Q974", "COG": "Q971", "COL": "Q739", "COM": "Q970", "CPV": "Q1011",
    "CRI": "Q800", "CUB": "Q241", "CYP": "Q229", "CZE": "Q213", "DEU": "Q183",
    "DJI": "Q977", "DMA": "Q784", "DNK": "Q35", "DOM": "Q786", "DZA": "Q262",
    "ECU": "Q736", "EGY": "Q79", "ERI": "Q986", "ESP": "Q29", "EST": "Q191",
    "ETH": "Q115", "FIN": "Q33", "FJI": "Q712", "FRA": "Q142", "FSM": "Q702",
    "GAB": "Q1000", "GBR": "Q145", "GEO": "Q230", "GHA": "Q117", "GIN": "Q1006",
    "GMB": "Q1005", "GNB": "Q1007", "GNQ": "Q983", "GRC": "Q41", "GRD": "Q769",
    "GRL": "Q223", "GTM": "Q774", "GUY": "Q734", "HKG": "Q8646", "HND": "Q783",
    "HRV": "Q224", "HTI": "Q790", "HUN": "Q28", "IDN": "Q252", "IND": "Q668",
    "IRL": "Q27", "IRN": "Q794", "IRQ": "Q796", "ISL": "Q189", "ISR": "Q801",
    "ITA": "Q38", "JAM": "Q766", "JOR": "Q810", "JPN": "Q17", "KAZ": "Q232",
    "KEN": "Q114", "KGZ": "Q813", "KHM": "Q424", "KIR": "Q710", "KNA": "Q763",
    "KOR": "Q884", "KWT": "Q817", "LAO": "Q819", "LBN": "Q822", "LBR": "Q1014",
    "LBY": "Q1016", "LCA": "Q760", "LIE": "Q347", "LKA": "Q854", "LSO": "Q1013",
    "LTU": "Q37", "LUX": "Q32", "LVA": "Q211", "MAC": "Q14773", "MAR": "Q1028",
    "MCO": "Q235", "MDA": "Q217", "MDG": "Q1019", "MDV": "Q826", "MEX": "Q96",
    "MHL": "Q709", "MKD": "Q221", "MLI": "Q912", "MLT": "Q233", "MMR": "Q836",
    "MNE": "Q236", "MNG": "Q711", "MOZ": "Q1029", "MRT": "Q1025", "MUS": "Q1027",
    "MWI": "Q1020", "MYS": "Q833", "NAM": "Q1030", "NER": "Q1032", "NGA": "Q1033",
    "NIC": "Q811", "NLD": "Q55", "NOR": "Q20", "NPL": "Q837", "NRU": "Q697",
    "NZL": "Q664", "OMN": "Q842", "PAK": "Q843", "PAN": "Q804", "PER": "Q419",
    "PHL": "Q928", "PLW": "Q695", "PNG": "Q691", "POL": "Q36", "PRI": "Q1183",
    "PRK": "Q423", "PRT": "Q45", "PRY": "Q733", "PSE": "Q219060", "QAT": "Q846",
    "ROU": "Q218", "RUS": "Q159", "RWA": "Q1037", "SAU": "Q851", "SDN": "Q1049",
    "SEN": "Q1041", "SGP": "Q334", "SLB": "Q685", "SLE": "Q1044", "SLV": "Q792",
    "SMR": "Q238", "SOM": "Q1045", "SRB": "Q403", "SSD": "Q958", "STP": "Q1039",
    "SUR": "Q730", "SVK": "Q214", "SVN": "Q215", "SWE": "Q34", "SWZ": "Q1050",
    "SYC": "Q1042", "SYR": "Q858", "TCD": "Q657", "TGO": "Q945", "THA": "Q869",
    "TJK": "Q863", "TKM": "Q874", "TLS": "Q574", "TON": "Q678", "TTO": "Q754",
    "TUN": "Q948", "TUR": "Q43", "TUV": "Q672", "TWN": "Q865", "TZA": "Q924",
    "UGA": "Q1036", "UKR": "Q212", "URY": "Q77", "USA": "Q30", "UZB": "Q265",
    "VAT": "Q237", "VCT": "Q757", "VEN": "Q717", "VNM": "Q881", "VUT": "Q686",
    "WSM": "Q683", "YEM": "Q805", "ZAF": "Q258", "ZMB": "Q953", "ZWE": "Q954",
    KOSOVO: "Q1246",
}

# Canonical English name where the sources' common name is not what news uses.
NAME = {
    "BOL": "Bolivia", "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo", "CZE": "Czech Republic", "TUR": "Turkey",
    "TLS": "East Timor", "CPV": "Cape Verde", "VAT": "Vatican City",
    "BRN": "Brunei", "FLK": "Falkland Islands", "SHN": "Saint Helena",
    "MAC": "Macau", "CIV": "Ivory Coast", "BES": "Caribbean Netherlands",
    "SGS": "South Georgia and the South Sandwich Islands",
}

# Aliases to add (news forms). All-capital ones match exact case only.
EXTRA_ALIASES = {
    "USA": ["U.S.", "US", "USA", "U.S.A.", "United States", "United States of America", "America"],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom"],
    "COD": ["DRC", "DR Congo", "D.R. Congo", "Congo-Kinshasa", "Democratic Republic of Congo",
            "Democratic Republic of the Congo", "Congo"],
    "COG": ["Republic of Congo", "Republic of the Congo", "Congo-Brazzaville", "Congo Republic"],
    "CIV": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
    "MMR": ["Burma", "Myanmar"],
    "KOR": ["South Korea", "Republic of Korea", "ROK", "S. Korea", "Korea"],
    "PRK": ["North Korea", "DPRK", "D.P.R.K.", "N. Korea", "Democratic People's Republic of Korea"],
    "CHN": ["PRC", "People's Republic of China", "mainland China"],
    "TWN": ["ROC", "Republic of China", "Chinese Taipei"],
    "ARE": ["UAE", "U.A.E.", "United Arab Emirates", "Emirates"],
    "SAU": ["KSA", "Saudi Arabia", "Kingdom of Saudi Arabia"],
    "IRN": ["Islamic Republic of Iran", "Islamic Republic"],
    "TUR": ["Türkiye", "Turkiye", "Republic of Turkey", "Republic of Türkiye"],
    "CZE": ["Czechia"],
    "RUS": ["Russian Federation"],
    "SYR": ["Syrian Arab Republic"],
    "VAT": ["Holy See", "Vatican"],
    "BIH": ["Bosnia", "Bosnia-Herzegovina", "BiH"],
    "MKD": ["Macedonia", "North Macedonia"],
    "SWZ": ["Swaziland"],
    "CPV": ["Cabo Verde"],
    "TLS": ["Timor-Leste", "East Timor", "Timor Leste"],
    "NLD": ["Holland", "The Netherlands"],
    "NZL": ["NZ"],
    "ZAF": ["RSA"],
    "PNG": ["PNG"],
    "LAO": ["Lao PDR"],
    "VNM": ["Viet Nam"],
    "KGZ": ["Kirghizia", "Kyrgyz Republic"],
    "GMB": ["The Gambia"],
    "BHS": ["The Bahamas"],
    "FSM": ["Federated States of Micronesia"],
    "STP": ["Sao Tome and Principe", "São Tomé and Príncipe", "Sao Tome"],
    "HKG": ["Hong Kong SAR"],
    "MAC": ["Macao"],
    "ESH": ["Sahrawi Arab Democratic Republic", "SADR"],
    "PSE": ["State of Palestine"],
    KOSOVO: ["Kosova", "Republic of Kosovo"],
}

# Alternative spellings from the sources that we drop: wrong or dangerous in
# running English text (surnames, common words, demonyms listed as names).
DROP_ALIASES = {
    "Island", "Prathet", "Mann", "Mannin", "Timor", "Guiana", "Dominique", "Mexicanos",
    "Portuguesa", "Nijar", "Thai", "Togolese", "Saudi", "Lao", "Zhonghua", "Viti",
    "The Bermudas", "the Abode of Peace", "Nation of Brunei", "Hayastan", "Sakartvelo",
    "Swatini", "weSwatini", "Ngwane", "Wuliwya", "Buliwya", "ilaṅkai",
    "Virgin Islands",  # both the British and the U.S. Virgin Islands
}

# Demonyms and adjectives to add (world-countries has one form per country).
EXTRA_ADJ = {
    "USA": ["American", "Americans", "U.S.-led"],
    "GBR": ["British", "Briton", "Britons", "Brits"],
    "IRN": ["Iranian", "Iranians"],
    "ARE": ["Emirati", "Emiratis"],
    "SAU": ["Saudi", "Saudis", "Saudi Arabian", "Saudi-led"],
    "COD": ["Congolese"],
    "KOR": ["South Korean", "South Koreans", "Korean", "Koreans", "S. Korean"],
    "PRK": ["North Korean", "North Koreans", "N. Korean"],
    "PHL": ["Philippine", "Filipino", "Filipinos", "Filipina"],
    "ARG": ["Argentine", "Argentinian", "Argentines", "Argentinians"],
    "ECU": ["Ecuadorian", "Ecuadorean"],
    "SLV": ["Salvadoran", "Salvadorean"],
    "KGZ": ["Kyrgyz", "Kyrgyzstani"],
    "TJK": ["Tajik", "Tajiks", "Tajikistani"],
    "UZB": ["Uzbek", "Uzbeks"],
    "KAZ": ["Kazakh", "Kazakhs"],
    "AZE": ["Azeri", "Azeris"],
    "SRB": ["Serb", "Serbs"],
    "HRV": ["Croat", "Croats"],
    "SVN": ["Slovenian", "Slovenians"],
    "BIH": ["Bosnian", "Bosnians"],
    "MKD": ["North Macedonian"],
    "XKX": ["Kosovan", "Kosovars"],
    "DNK": ["Dane", "Danes"],
    "FIN": ["Finn", "Finns"],
    "SWE": ["Swede", "Swedes"],
    "POL": ["Poles"],
    "CZE": ["Czechs"],
    "GRC": ["Greeks"],
    "ESP": ["Spaniard", "Spaniards"],
    "TUR": ["Turk", "Turks"],
    "ISL": ["Icelandic"],
    "LUX": ["Luxembourgish"],
    "NPL": ["Nepali", "Nepalis"],
    "RWA": ["Rwandese"],
    "SOM": ["Somalian"],
    "BFA": ["Burkinabè"],
    "CPV": ["Cape Verdean"],
    "DJI": ["Djiboutian"],
    "GIB": ["Gibraltarian"],
    "HKG": ["Hongkonger", "Hong Konger"],
    "LAO": ["Lao"],
    "THA": ["Thai", "Thais"],
    "TGO": ["Togolese"],
    "BLR": ["Belarusan"],
    "MDV": ["Maldivian"],
    "GNB": ["Bissau-Guinean"],
    "BWA": ["Batswana"],
    "LSO": ["Basotho"],
    "PSE": ["Palestinian", "Palestinians"],
    "MMR": ["Myanmar"],
}

# Demonyms from the sources that we drop (wrong, or taken by another country).
DROP_ADJ = {
    # "American" is the United States; the territories keep their own forms.
    "MNP": {"American"}, "UMI": {"American Islander"},
    "ATF": {"French"}, "BES": {"Dutch"}, "SJM": {"Norwegian"}, "IOT": {"Indian"},
    # Ambiguous: "Congolese" usually means the DRC in news (larger, more reported).
    "COG": {"Congolese"},
    # Ambiguous: "Dominican" usually means the Dominican Republic.
    "DMA": {"Dominican"},
    # Ambiguous between the British and the U.S. Virgin Islands: neither.
    "VGB": {"Virgin Islander"}, "VIR": {"Virgin Islander"},
    # Jersey and Guernsey share it: neither.
    "JEY": {"Channel Islander"}, "GGY": {"Channel Islander"},
    "DJI": {"Djibouti"}, "GIB": {"Gibraltar"}, "TJK": {"Tadzhik"}, "KGZ": {"Kirghiz"},
    "BWA": {"Motswana"}, "LSO": {"Mosotho"},
    "SGS": {"South Georgian South Sandwich Islander"},
    "HMD": {"Heard and McDonald Islander"},
    "KNA": {"Kittitian or Nevisian"},
    "MDV": {"Maldivan"},
    "ATA": {"Antarctican"},
}

# Forms that are neither plural-able nor people nouns.
NO_PLURAL_ENDINGS = ("ese", "ish", "ch", "ss", "sh", "x", "s", "y", "-led")
NO_PLURAL = {"Swiss", "Malagasy", "Ni-Vanuatu", "I-Kiribati", "Philippine", "Icelandic",
             "Greenlandic", "Myanmar", "Lao", "Luxembourgish", "Vatican", "Batswana",
             "Basotho", "Thai", "Kyrgyz", "Turkmen", "Burkinabe", "Burkinabè", "Sahrawi"}

# Capitals and government metonyms (a capital as subject is the government).
# Replaces the source list where given. Source capitals that are dangerous
# words (Victoria, Hamilton, Douglas, Stanley, Plymouth, The Valley, ...) are
# dropped below.  "Pentagon" is NOT here: it is an actor of its own in
# forces.tsv (USA, MIL), which is more precise than USA GOV.  "Brussels" is not
# Belgium's: as a metonym it nearly always means the EU.  "The Hague" is not
# the Netherlands': it usually means the ICC/ICJ.
CAPITAL = {
    "USA": ["Washington", "Washington, D.C.", "Washington DC", "White House", "Foggy Bottom"],
    "RUS": ["Moscow", "Kremlin"],
    "GBR": ["London", "Downing Street", "Number 10", "No 10", "Whitehall"],
    "FRA": ["Paris", "Elysee", "Élysée", "Elysee Palace", "Élysée Palace", "Quai d'Orsay"],
    "CHN": ["Beijing", "Zhongnanhai"],
    "KOR": ["Seoul", "Blue House"],
    "IRN": ["Tehran", "Teheran"],
    "UKR": ["Kyiv", "Kiev", "Bankova"],
    "BEL": [],
    "NLD": ["Amsterdam"],
    "BOL": ["La Paz", "Sucre"],
    "CIV": ["Yamoussoukro", "Abidjan"],
    "BEN": ["Porto-Novo", "Cotonou"],
    "SWZ": ["Mbabane", "Lobamba"],
    "MYS": ["Kuala Lumpur", "Putrajaya"],
    "LKA": ["Colombo", "Sri Jayawardenepura Kotte"],
    "BDI": ["Gitega", "Bujumbura"],
    "MMR": ["Naypyidaw", "Naypyitaw", "Nay Pyi Taw"],
    "MNG": ["Ulaanbaatar", "Ulan Bator"],
    "YEM": ["Sanaa", "Sana'a"],
    "TCD": ["N'Djamena", "Ndjamena"],
    "KAZ": ["Astana", "Nur-Sultan"],
    "ZAF": ["Pretoria"],
    "BES": ["Kralendijk"],
    "HKG": [],
    "IND": ["New Delhi"],
    "ISR": ["Jerusalem"],  # contested; the seat of Israel's government
    "PSE": ["Ramallah"],   # de facto seat of the Palestinian Authority
    "ESH": [],             # El Aaiún is held by Morocco
    KOSOVO: ["Pristina", "Prishtina"],
    "MDV": [],             # "Malé" folds to "male"
    "COM": [],             # "Moroni" is a common surname
    "SYC": [], "BMU": [], "IMN": [], "FLK": [], "MSR": [], "AIA": [], "CCK": [],
    "SHN": [], "REU": [], "NFK": [], "GIB": [], "MCO": [], "SGP": [], "LUX": [],
    "DJI": [], "KWT": ["Kuwait City"], "PAN": ["Panama City"], "GTM": ["Guatemala City"],
    "VAT": [], "SMR": [],
}

# Every surface form two countries share must be resolved here: the form goes
# to the country named, and is removed from the others.
PREFER = {
    "Congo": "COD",      # AP/Reuters write "Congo" for the DRC
    "Congolese": "COD",
    "Korean": "KOR", "Koreans": "KOR", "Korea": "KOR",
    "Dominican": "DOM", "Dominicans": "DOM",
    "Indian": "IND", "Indians": "IND",
    "American": "USA", "Americans": "USA",
    "French": "FRA", "Dutch": "NLD", "Norwegian": "NOR", "Norwegians": "NOR",
    "Guinean": "GIN", "Guineans": "GIN",
    "Samoan": "WSM", "Samoans": "WSM",
    "Kingston": "JAM", "Oranjestad": "ABW",
}


def ascii_fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def is_latin(s):
    for c in s:
        if c.isalpha() and "LATIN" not in unicodedata.name(c, ""):
            return False
    return True


def usable_alias(a):
    a = a.strip()
    if not a or a in DROP_ALIASES:
        return False
    if len(a) <= 3 and a.isupper():          # alpha-2 codes etc.; curated ones come back via EXTRA_ALIASES
        return False
    if ", " in a or "(" in a:                  # inverted catalogue forms
        return False
    if not is_latin(a):
        return False
    if any(c in a for c in "ʻʿʾ‘’ŋɡʁɛɔ"):       # transliteration marks / IPA
        return False
    return True


def plural(word):
    if word in NO_PLURAL or word.endswith(NO_PLURAL_ENDINGS) or " " in word and word.split()[-1] in NO_PLURAL:
        return None
    return word + "s"


def load_world_countries(path):
    if path:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    tmp = tempfile.mkdtemp(prefix="world-countries-")
    subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", tmp,
                    f"world-countries@{WORLD_COUNTRIES_VERSION}"], check=True,
                   stdout=subprocess.DEVNULL)
    with open(os.path.join(tmp, "node_modules", "world-countries", "countries.json"), encoding="utf-8") as f:
        return json.load(f)


def uniq(seq):
    seen, out = set(), []
    for s in seq:
        k = s
        if k and k not in seen:
            seen.add(k)
            out.append(s)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--world-countries", help="path to world-countries' countries.json")
    ap.add_argument("--iso", default=ISO_JSON)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "data", "lexicon", "actors", "countries.tsv"))
    args = ap.parse_args()

    with open(args.iso, encoding="utf-8") as f:
        iso = {c["alpha_3"]: c for c in json.load(f)["3166-1"]}
    wc = {}
    for c in load_world_countries(args.world_countries):
        code = KOSOVO if c["cca3"] == "UNK" else c["cca3"]
        wc[code] = c
    missing = set(iso) - set(wc)
    if missing:
        sys.exit(f"world-countries lacks {sorted(missing)}")

    rows = {}
    for code in sorted(set(iso) | set(wc)):
        i, w = iso.get(code, {}), wc[code]
        name = NAME.get(code) or i.get("common_name") or w["name"]["common"]
        cands = [w["name"]["common"], w["name"]["official"], i.get("name", ""),
                 i.get("common_name", ""), i.get("official_name", "")]
        cands = [c[4:] if c.startswith("the ") else c for c in cands]
        cands += w.get("altSpellings", [])
        aliases = [a for a in cands if usable_alias(a)] + EXTRA_ALIASES.get(code, [])
        more = []
        for a in aliases:
            f = ascii_fold(a)
            if f != a:
                more.append(f)
            if "'" in a:
                more.append(a.replace("'", "\u2019"))
        aliases = [a for a in uniq(aliases + more) if a != name]

        dem = w.get("demonyms", {}).get("eng", {}) or {}
        adj = []
        for g in ("m", "f"):
            for part in (dem.get(g) or "").replace(" or ", ", ").split(", "):
                part = part.strip()
                if part and part not in DROP_ADJ.get(code, set()):
                    adj.append(part)
        adj += EXTRA_ADJ.get(code, [])
        adj = [a for a in adj if a not in DROP_ADJ.get(code, set())]
        adj = uniq(adj + [p for p in (plural(a) for a in adj) if p])
        adj = uniq(adj + [ascii_fold(a) for a in adj])

        if code in CAPITAL:
            caps = list(CAPITAL[code])
        else:
            caps = list(w.get("capital", []))
        caps = [c for c in caps if c not in {"Victoria", "Hamilton", "Douglas", "Stanley", "Plymouth",
                                             "The Valley", "The Bottom", "West Island", "Jamestown",
                                             "Saint-Denis", "City of Victoria", "Malé", "Moroni",
                                             "Georgetown", "King Edward Point", "Kingston"}
                or (c == "Kingston" and code == "JAM")]
        caps = uniq(caps + [ascii_fold(c) for c in caps] + [c.replace("'", "\u2019") for c in caps if "'" in c])
        rows[code] = {"id": QID.get(code, f"country:{code}"), "name": name,
                      "aliases": aliases, "adj": adj, "capital": caps}

    # Resolve surface forms shared between countries.
    owners = {}
    for code, r in rows.items():
        for form in [r["name"]] + r["aliases"] + r["adj"] + r["capital"]:
            owners.setdefault(form.lower(), set()).add(code)
    unresolved = []
    for form, codes in sorted(owners.items()):
        if len(codes) < 2:
            continue
        winner = next((v for k, v in PREFER.items() if k.lower() == form), None)
        if winner is None:
            unresolved.append((form, sorted(codes)))
            continue
        for code in codes - {winner}:
            r = rows[code]
            for key in ("aliases", "adj", "capital"):
                r[key] = [x for x in r[key] if x.lower() != form]
    if unresolved:
        for form, codes in unresolved:
            print(f"shared form needs a PREFER entry: {form!r} {codes}", file=sys.stderr)
        sys.exit(1)

    out = [
        "# countries.tsv: every ISO 3166-1 country and territory, plus Kosovo (XKX), as an actor.",
        "# GENERATED by scripts/build_countries.py: edit that script, not this file.",
        "# Sources: Debian iso-codes (ISO 3166-1 names and codes; LGPL-2.1-or-later) and",
        f"# npm world-countries {WORLD_COUNTRIES_VERSION} (demonyms, capitals, alternative spellings;",
        "# ODbL-1.0, (c) Mohammed Le Doze), with curated news aliases, demonyms, metonyms and QIDs.",
        "# Shared forms: 'Congo'/'Congolese' -> COD, 'Korea'/'Korean' -> KOR, 'Dominican' -> DOM,",
        "# 'Indian' -> IND, 'American' -> USA, 'Guinean' -> GIN, 'Samoan' -> WSM.",
        "# 'Pentagon' is in forces.tsv (USA MIL); 'Brussels' and 'The Hague' are left out (EU, ICC/ICJ).",
        "# id\tkind\tcode\tsector\tname\taliases\tattrs",
    ]
    for code in sorted(rows):
        r = rows[code]
        attrs = []
        if r["adj"]:
            attrs.append("adj=" + "|".join(r["adj"]))
        if r["capital"]:
            attrs.append("capital=" + "|".join(r["capital"]))
        for field in [r["name"]] + r["aliases"] + r["adj"] + r["capital"]:
            assert "\t" not in field and "|" not in field and ";" not in field and "=" not in field, field
        out.append("\t".join([r["id"], "country", code, "GOV", r["name"], "|".join(r["aliases"]), ";".join(attrs)]))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {len(rows)} countries to {os.path.normpath(args.out)}")


if __name__ == "__main__":
    main()
