#!/usr/bin/env python3
"""Regenerate the `state` actors of assets/catalog.json from world-countries.

Usage (from the repository root):

    python3 assets/world/make-countries.py [path/to/countries.json]

The default input is /work/shared/data/world-countries/countries.json, the
world-countries 5.1.0 file (ODbL, see assets/world/LICENSE and SOURCE.md).

The script owns every actor of kind `state`: each one is rebuilt from the data
and the tables below (CURATED), in its place in the catalog; states the
catalog lacks are inserted after the last state already there, in name order.
Every other actor is kept as it is. The whole file is then written back in the
catalog's layout (one field a line, aliases on one line), so the script is
also the formatter: run it after editing assets/catalog.json by hand.
To change a state, edit CURATED here, not the catalog.
"""

import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "assets" / "catalog.json"
DEFAULT_SOURCE = Path("/work/shared/data/world-countries/countries.json")


def exact(text):
    return {"text": text, "case": "exact"}


def adj(text):
    return {"text": text, "demonym": "adjective"}


def people(text):
    return {"text": text, "demonym": "people"}


# Per ISO code: fields that replace the generated ones ("name", "id",
# "description"), aliases to add ("aliases", before the generated ones),
# generated aliases to leave out ("drop"), and demonyms ("demonyms": a list
# of adjectives that replaces the data's; "peoples": plural forms that
# replace the generated ones). Demonyms are given to sovereign states only
# (the data's `independent`) unless listed here.
CURATED = {
    "US": {
        "description": "Federal republic of fifty states in North America; capital Washington, D.C.",
        "aliases": [
            "United States of America",
            "U.S.",
            "U.S.A.",
            exact("US"),
            exact("USA"),
        ],
        "demonyms": ["American"],
    },
    "RU": {
        "description": "Federation spanning Eastern Europe and northern Asia; capital Moscow.",
        # The sample article's names stay plain aliases (tests/mentions_cli.rs).
        "aliases": [
            "Russian Federation",
            "Российская Федерация",
            "Россия",
            "Russian government",
            "Russian leaders",
            "Moscow",
            "Kremlin",
        ],
    },
    "RO": {"peoples": ["Romanians"]},
    "SB": {"demonyms": [], "peoples": ["Solomon Islanders"]},
    "BF": {"peoples": []},
    "NR": {"drop": ["Pleasant Island"]},
    "GB": {
        "aliases": [
            exact("UK"),
            "U.K.",
            "Britain",
            "Great Britain",
            "United Kingdom of Great Britain and Northern Ireland",
            # So that "Northern Ireland" is not a mention of Ireland.
            "Northern Ireland",
        ],
        "drop": ["GB"],
        "demonyms": ["British"],
    },
    "KP": {
        "aliases": [exact("DPRK"), "Democratic People's Republic of Korea", "Pyongyang"],
        "peoples": ["North Koreans"],
    },
    "KR": {
        "aliases": ["Republic of Korea", exact("ROK")],
        "peoples": ["South Koreans"],
    },
    "CN": {
        "aliases": [exact("PRC"), "People's Republic of China", "Mainland China", "Beijing"],
    },
    "TW": {"aliases": ["Chinese Taipei"], "demonyms": ["Taiwanese"]},
    "IR": {"aliases": ["Islamic Republic of Iran", "Tehran"]},
    "CZ": {"aliases": ["Czech Republic"]},
    "TR": {
        "id": "turkiye",
        "aliases": ["Turkey", "Turkiye", "Republic of Turkey"],
    },
    "CI": {"aliases": ["Côte d'Ivoire", "Cote d'Ivoire"]},
    "CD": {
        "aliases": [
            "Democratic Republic of the Congo",
            "Democratic Republic of Congo",
            exact("DRC"),
            "Congo-Kinshasa",
        ],
    },
    "CG": {"aliases": ["Congo-Brazzaville"], "drop": ["Congo"]},
    "AE": {"aliases": [exact("UAE"), "U.A.E."], "drop": ["Emirates"], "peoples": ["Emiratis"]},
    "SA": {"demonyms": ["Saudi", "Saudi Arabian"], "peoples": ["Saudis"]},
    "IL": {"aliases": ["State of Israel"]},
    "PS": {
        "demonyms": ["Palestinian"],
        "description": "State with limited international recognition in Western Asia, "
        "made up of the West Bank and the Gaza Strip.",
    },
    "XK": {"demonyms": ["Kosovar"]},
    "VA": {"aliases": ["Vatican", "Holy See"], "demonyms": [], "peoples": []},
    "MM": {"aliases": ["Burma"], "demonyms": ["Burmese", "Myanmar"], "peoples": []},
    "SZ": {"aliases": ["Swaziland"]},
    "MK": {"aliases": ["Macedonia"]},
    "NL": {"aliases": ["Holland"], "drop": ["The Netherlands"]},
    "TL": {"aliases": ["East Timor"]},
    "CV": {"aliases": ["Cabo Verde"], "demonyms": ["Cape Verdean"]},
    "BN": {"aliases": ["Brunei Darussalam"]},
    "LA": {"aliases": ["Lao PDR"], "demonyms": ["Laotian", "Lao"], "peoples": ["Laotians"]},
    "VN": {"aliases": ["Viet Nam"]},
    "SY": {},
    "TH": {"demonyms": ["Thai"], "peoples": ["Thais"], "drop": ["Thai"]},
    "TJ": {"demonyms": ["Tajik", "Tajikistani"], "peoples": ["Tajiks"]},
    "KZ": {"demonyms": ["Kazakh", "Kazakhstani"], "peoples": ["Kazakhs", "Kazakhstanis"]},
    "KG": {"demonyms": ["Kyrgyz"], "peoples": []},
    "UZ": {"demonyms": ["Uzbek", "Uzbekistani"], "peoples": ["Uzbeks"]},
    "IS": {"demonyms": ["Icelandic"], "peoples": ["Icelanders"]},
    "LU": {"demonyms": ["Luxembourgish"], "peoples": ["Luxembourgers"]},
    "LI": {"demonyms": [], "peoples": ["Liechtensteiners"]},
    "NZ": {"demonyms": [], "peoples": ["New Zealanders"]},
    "SR": {"demonyms": ["Surinamese"], "peoples": []},
    "BW": {"demonyms": ["Botswanan"], "peoples": []},
    "LS": {"demonyms": [], "peoples": []},
    "PH": {"demonyms": ["Philippine", "Filipino"], "peoples": ["Filipinos"]},
    "SI": {"demonyms": ["Slovenian", "Slovene"], "peoples": ["Slovenians", "Slovenes"]},
    "EC": {"demonyms": ["Ecuadorian", "Ecuadorean"], "peoples": ["Ecuadorians"]},
    "DM": {"demonyms": [], "peoples": []},  # "Dominican" is the Dominican Republic's
    "DJ": {"demonyms": [], "peoples": []},
    "KI": {"demonyms": [], "peoples": []},
    "VU": {"demonyms": [], "peoples": []},
    "TT": {"demonyms": ["Trinidadian", "Tobagonian"], "peoples": []},
    "GE": {"aliases": [], "drop": ["Sakartvelo"]},
    "MV": {"demonyms": ["Maldivian"], "peoples": ["Maldivians"]},
    "BA": {"aliases": ["Bosnia"]},
    "GW": {"demonyms": ["Bissau-Guinean"], "peoples": []},
    "GM": {"aliases": ["The Gambia"]},
    "BS": {"aliases": ["The Bahamas"]},
    # "Jersey" alone is in every "New Jersey": the Crown dependency goes by
    # its formal name (its short name is left out on purpose).
    "JE": {"name": "Bailiwick of Jersey", "id": "jersey"},
    "VG": {"drop": ["Virgin Islands"]},
    "GF": {"drop": ["Guiana"]},
    "HK": {
        "aliases": ["Hong Kong SAR"],
        "description": "Special administrative region of China, with its own ISO country code.",
    },
    "MO": {
        "aliases": ["Macao", "Macau SAR"],
        "description": "Special administrative region of China, with its own ISO country code.",
    },
    "EH": {
        "description": "Disputed territory in Northern Africa, largely administered by Morocco "
        "and claimed by the Sahrawi Arab Democratic Republic.",
    },
    "IM": {"drop": ["Mann", "Mannin"]},
    "SH": {"drop": ["Saint Helena, Ascension and Tristan da Cunha"]},
}

# altSpellings kept only when they look like an English long form (the data
# also lists native names, romanisations and codes that news in English does
# not use, and some are English words: "Island" for Iceland).
LONG_FORM = re.compile(
    r"\b(Republic|Kingdom|State|States|Commonwealth|Federation|Union|Islands|Island|"
    r"Territory|Principality|Sultanate|Confederation|Duchy|Emirates|Collectivity)\b"
)
NATIVE_WORDS = {"Republica", "Republika", "República", "République", "Respublika",
                "Königreich", "Koninkrijk", "Royaume", "Reino", "Union des"}


def slug(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def english_alt(text):
    if ", " in text or " " not in text or not LONG_FORM.search(text):
        return False
    if any(w in text for w in NATIVE_WORDS):
        return False
    return all(ord(c) < 0x250 for c in text)


def split_demonyms(text):
    parts = re.split(r",\s*|\s+or\s+", text)
    return [p.strip() for p in parts if p.strip()]


def plural(dem):
    if dem.endswith(("ese", "s", "ch", "sh", "x", "Islander")) or "-" in dem:
        return None
    if dem.endswith("y"):
        return None
    return dem + "s"


PLACES = {
    "Caribbean": "the Caribbean",
    "South-Eastern Asia": "South-East Asia",
    "Middle Africa": "Central Africa",
    "Australia and New Zealand": "Oceania",
    "Antarctic": "the Antarctic",
}


def place(c):
    sub = c.get("subregion") or c.get("region") or "the world"
    return PLACES.get(sub, sub)


def describe(c, name):
    where = place(c)
    if c["cca2"] == "AQ":
        return "The continent around the South Pole, governed under the Antarctic Treaty; it has no government of its own."
    capital = ", ".join(c.get("capital") or [])
    if c.get("independent"):
        text = f"Sovereign state in {where}"
    elif c["cca2"] in ("TW", "PS", "XK", "EH"):
        text = f"State with limited international recognition in {where}"
    else:
        text = f"Territory in {where} with its own ISO country code; not a sovereign state"
    if capital and c.get("independent") is not False or c["cca2"] in ("TW", "PS", "XK"):
        if capital:
            text += f"; capital {capital}"
    return text + "."


def alias_key(a):
    return (a if isinstance(a, str) else a["text"]).casefold()


def build_state(c):
    code = c["cca2"]
    cur = CURATED.get(code, {})
    name = cur.get("name", c["name"]["common"])
    sid = cur.get("id", slug(c["name"]["common"]))
    drop = {d.casefold() for d in cur.get("drop", [])}
    aliases = list(cur.get("aliases", []))
    official = c["name"]["official"]
    if official != name:
        aliases.append(official)
    aliases += [a for a in c.get("altSpellings", []) if english_alt(a)]

    independent = c.get("independent") is True
    if "demonyms" in cur:
        dems = cur["demonyms"]
    elif independent:
        eng = c.get("demonyms", {}).get("eng", {})
        dems = []
        for g in ("m", "f"):
            for d in split_demonyms(eng.get(g, "")):
                if d not in dems:
                    dems.append(d)
    else:
        dems = []
    dems = [d for d in dems if d.casefold() != name.casefold()]
    if "peoples" in cur:
        peoples = cur["peoples"]
    else:
        peoples = [p for p in (plural(d) for d in dems) if p]

    aliases = [a for a in aliases if alias_key(a) not in drop]
    out, seen = [], {name.casefold()}
    for a in aliases + [adj(d) for d in dems] + [people(p) for p in peoples]:
        k = alias_key(a)
        if k in seen:
            continue
        seen.add(k)
        out.append(a)
    actor = {
        "id": sid,
        "name": name,
        "kind": "state",
        "aliases": out,
        "description": cur.get("description", describe(c, name)),
        "country": code,
        "refs": ["https://en.wikipedia.org/wiki/" + c["name"]["common"].replace(" ", "_")],
    }
    return actor


def drop_shared(states):
    """An alias two states would share (other than a demonym) is left out of both."""
    owners = {}
    for s in states:
        for a in s["aliases"]:
            if isinstance(a, dict) and "demonym" in a:
                continue
            owners.setdefault(alias_key(a), set()).add(s["id"])
    for s in states:
        s["aliases"] = [
            a for a in s["aliases"]
            if (isinstance(a, dict) and "demonym" in a) or len(owners[alias_key(a)]) == 1
        ]


REFS = {
    "united-states": ["https://en.wikipedia.org/wiki/United_States"],
    "russia": ["https://en.wikipedia.org/wiki/Russia"],
}


def dumps_alias_list(aliases):
    return "[" + ", ".join(json.dumps(a, ensure_ascii=False) for a in aliases) + "]"


def dump_actor(a):
    lines = []
    for k, v in a.items():
        if k == "aliases":
            text = dumps_alias_list(v)
        elif k in ("links", "refs"):
            text = "[" + ", ".join(json.dumps(x, ensure_ascii=False) for x in v) + "]"
        else:
            text = json.dumps(v, ensure_ascii=False)
        lines.append(f'      {json.dumps(k)}: {text}')
    return "    {\n" + ",\n".join(lines) + "\n    }"


def dump_catalog(actors):
    return '{\n  "actors": [\n' + ",\n".join(dump_actor(a) for a in actors) + "\n  ]\n}\n"


def main():
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    countries = json.loads(source.read_text(encoding="utf-8"))
    states = [build_state(c) for c in countries]
    drop_shared(states)
    by_id = {s["id"]: s for s in states}
    assert len(by_id) == len(states), "two countries with one id"

    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    actors = catalog["actors"]
    out, last_state, placed = [], -1, set()
    for a in actors:
        if a.get("kind") == "state":
            if a["id"] not in by_id:
                sys.exit(f"state {a['id']} is not in {source}")
            out.append(by_id[a["id"]])
            placed.add(a["id"])
            last_state = len(out) - 1
        else:
            out.append(a)
    rest = sorted((s for s in states if s["id"] not in placed), key=lambda s: s["name"])
    out[last_state + 1:last_state + 1] = rest
    CATALOG.write_text(dump_catalog(out), encoding="utf-8")
    print(f"{CATALOG}: {len(states)} states, {len(out)} actors")


if __name__ == "__main__":
    main()
