"""Checks of the curated organisation and agent files.

``src/kestrel/actors/data/organizations.tsv`` and ``src/kestrel/actors/data/agents.tsv`` are parsed
here with plain string splitting, independently of Kestrel's loaders, so that the data can be checked
on its own: field counts, codes, unique ids and aliases, the editorial rules of the file headers, and a
table of look-ups that news text relies on.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pycountry
import pytest

DATA = Path(__file__).resolve().parents[1] / "src" / "kestrel" / "actors" / "data"
ORGS_TSV = DATA / "organizations.tsv"
AGENTS_TSV = DATA / "agents.tsv"
COUNTRIES_TSV = DATA / "countries.tsv"

# Sector codes of docs/knowledge.md.
SECTORS = {
    "GOV", "MIL", "COP", "JUD", "LEG", "SPY", "REB", "OPP", "PTY", "BUS", "MED", "EDU", "CVL", "REL",
    "LAB", "REF", "HLH", "ELI", "CRM", "NGO", "IGO", "AGR", "ENV", "HRI", "MOD", "RAD", "UAF", "SET",
    "DEV", "MNC",
}  # fmt: skip
# CAMEO region codes (plus ARB, the Arab world, named in docs/knowledge.md).
REGIONS = {
    "AFR", "ASA", "BLK", "CRB", "CAU", "CFR", "CAS", "CEU", "EIN", "EAF", "EEU", "EUR", "LAM", "MEA",
    "MDT", "NAF", "NMR", "PGS", "SCN", "SAM", "SAS", "SEA", "SAF", "WAF", "WST", "ARB",
}  # fmt: skip
NON_STATE = {"IGO", "NGO", "IMG"}
EXTRA_CODES = {"XKX"}
KINDS = {"igo", "ngo", "group", "party", "organization", "region"}
FLAGS = {"person", "group", "modifier", "honorific"}

# Aliases allowed under two organisations (normalised form -> ids). Keep empty unless a documented need
# arises: a shared alias makes the look-up ambiguous.
SHARED_ALIASES: dict[str, set[str]] = {}

# Aliases that must never appear: ordinary words or abbreviations that capitalised text would match.
FORBIDDEN_ALIASES = {"is", "and", "ansar", "hope", "let", "aa", "cctv", "apc", "mit", "sna", "pa", "gen"}

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class _Org:
    line: int
    id: str
    code: str
    country: str
    sectors: tuple[str, ...]
    kind: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class _Agent:
    line: int
    names: tuple[str, ...]
    sectors: tuple[str, ...]
    flags: tuple[str, ...]


def _items(field: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in field.split(";")) if field.strip() else ()


def _records(path: Path) -> list[tuple[int, list[str]]]:
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            records.append((number, line.split("\t")))
    return records


@functools.cache
def _orgs() -> tuple[_Org, ...]:
    rows = []
    for number, fields in _records(ORGS_TSV):
        assert len(fields) == 6, f"organizations.tsv:{number}: {len(fields)} fields, expected 6"
        ident, code, country, sectors, kind, names = (f.strip() for f in fields)
        rows.append(_Org(number, ident, code, country, _items(sectors), kind, _items(names)))
    return tuple(rows)


@functools.cache
def _agents() -> tuple[_Agent, ...]:
    rows = []
    for number, fields in _records(AGENTS_TSV):
        assert len(fields) == 3, f"agents.tsv:{number}: {len(fields)} fields, expected 3"
        names, sectors, flags = fields
        rows.append(_Agent(number, _items(names), _items(sectors), _items(flags)))
    return tuple(rows)


def _norm(text: str) -> str:
    """The matching key of docs/knowledge.md: case-, accent- and hyphen-insensitive."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[-‐‑–]", " ", stripped.lower()).split())


def _case_ok(alias: str, text: str) -> bool:
    """The two case rules: all-caps aliases need capitalised text, capitalised aliases a capital."""
    if any(c.isalpha() for c in alias) and alias == alias.upper():
        return text == text.upper()
    if alias[:1].isupper():
        return text[:1].isupper()
    return True


def _lookup(text: str) -> list[tuple[str | None, tuple[str, ...]]]:
    """Every (country, sectors) that ``text`` matches as a whole; agents have no country."""
    key = _norm(text)
    found: list[tuple[str | None, tuple[str, ...]]] = []
    for org in _orgs():
        if any(_norm(a) == key and _case_ok(a, text) for a in org.names):
            found.append((org.country, org.sectors))
    for agent in _agents():
        if any(_norm(a) == key and _case_ok(a, text) for a in agent.names):
            found.append((None, agent.sectors))
    return found


def _is_country(code: str) -> bool:
    return code in EXTRA_CODES or pycountry.countries.get(alpha_3=code) is not None


# ---- organizations.tsv ----


def test_data_orgs_agents_orgs_are_many_and_ids_unique() -> None:
    orgs = _orgs()
    assert len(orgs) >= 400
    ids = [o.id for o in orgs]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates
    assert all(_SLUG.match(i) for i in ids), [i for i in ids if not _SLUG.match(i)]


def test_data_orgs_agents_org_countries_sectors_and_kinds_are_valid() -> None:
    for org in _orgs():
        where = f"organizations.tsv:{org.line} ({org.id})"
        assert org.kind in KINDS, where
        assert set(org.sectors) <= SECTORS, where
        assert len(set(org.sectors)) == len(org.sectors), where
        assert org.names, where
        if org.kind == "region":
            assert org.country in REGIONS and not org.sectors and not org.code, where
        else:
            assert org.country in NON_STATE or _is_country(org.country), where
        if org.kind == "igo":
            assert org.country == "IGO", where
        if org.country == "IGO":
            assert org.kind == "igo", where
        if org.kind == "ngo":
            assert org.country == "NGO" or "NGO" in org.sectors, where
        if org.kind == "party":
            assert "PTY" in org.sectors, where
        if org.kind == "group":
            assert org.sectors[:1] in (("REB",), ("UAF",), ("CRM",)), where
        if org.country == "IMG":
            assert org.kind == "group" and "REB" in org.sectors, where


def test_data_orgs_agents_org_codes_follow_the_scheme() -> None:
    """A code is the country, an optional 3-character organisation code, then leading sectors."""
    for org in _orgs():
        where = f"organizations.tsv:{org.line} ({org.id})"
        if org.country in ("IGO", "NGO"):
            assert org.code, f"{where}: IGOs and international NGOs need their own code"
        if not org.code:
            continue
        assert re.fullmatch(r"(?:[A-Z0-9]{3})+", org.code), where
        blocks = [org.code[i : i + 3] for i in range(0, len(org.code), 3)]
        assert blocks[0] == org.country, where
        rest = blocks[1:]
        if org.country in ("IGO", "NGO"):
            assert rest and rest[0] not in SECTORS, f"{where}: missing organisation code"
            rest = rest[1:]
        assert tuple(rest) == org.sectors[: len(rest)], f"{where}: code sectors differ from the sectors"


def test_data_orgs_agents_org_aliases_are_unique_and_clean() -> None:
    owners: dict[str, set[str]] = {}
    for org in _orgs():
        where = f"organizations.tsv:{org.line} ({org.id})"
        keys = [_norm(a) for a in org.names]
        assert len(keys) == len(set(keys)), f"{where}: an alias repeats in the row"
        for alias, key in zip(org.names, keys, strict=True):
            assert alias and alias == alias.strip(), where
            assert not key.startswith("the "), f"{where}: {alias!r} starts with 'the'"
            assert key not in FORBIDDEN_ALIASES, f"{where}: {alias!r} is forbidden"
            assert len(key.replace(".", "")) >= 2, f"{where}: {alias!r} is too short"
            owners.setdefault(key, set()).add(org.id)
    shared = {k: v for k, v in owners.items() if len(v) > 1 and SHARED_ALIASES.get(k) != v}
    assert not shared


def test_data_orgs_agents_every_org_alias_finds_its_own_row() -> None:
    for org in _orgs():
        for alias in org.names:
            assert (org.country, org.sectors) in _lookup(alias), f"{org.id}: {alias!r}"


def test_data_orgs_agents_no_alias_is_also_a_country_name() -> None:
    if not COUNTRIES_TSV.exists():
        pytest.skip("countries.tsv is not present")
    country_keys = set()
    for _number, fields in _records(COUNTRIES_TSV):
        for field in fields[1:4]:
            country_keys |= {_norm(item.partition("=")[0]) for item in _items(field)}
    clashes = sorted({_norm(a) for o in _orgs() for a in o.names} & country_keys)
    clashes += sorted({_norm(a) for g in _agents() for a in g.names} & country_keys)
    assert not clashes


def test_data_orgs_agents_docs_examples_are_present() -> None:
    by_id = {o.id: o for o in _orgs()}
    assert (by_id["un"].code, by_id["un"].country, by_id["un"].sectors) == ("IGOUNO", "IGO", ())
    hezbollah = by_id["hezbollah"]
    assert (hezbollah.code, hezbollah.country, hezbollah.sectors) == ("LBNREB", "LBN", ("REB", "PTY"))
    assert {"Hezbollah", "Hizbollah", "Hizballah", "Hizbullah"} <= set(hezbollah.names)
    aoi = by_id["aoi"]
    assert (aoi.code, aoi.sectors, aoi.names[:2]) == (
        "EGYGOVBUS",
        ("GOV", "BUS"),
        ("Arab Organization for Industrialization", "AOI"),
    )


# ---- agents.tsv ----


def test_data_orgs_agents_agents_are_many_and_valid() -> None:
    agents = _agents()
    assert len(agents) >= 350
    for agent in agents:
        where = f"agents.tsv:{agent.line}"
        assert agent.names and all(agent.names), where
        assert set(agent.sectors) <= SECTORS, where
        assert set(agent.flags) <= FLAGS, where
        if "honorific" in agent.flags:
            assert not agent.sectors, f"{where}: an honorific has no sector of its own"
        for name in agent.names:
            assert not _norm(name).startswith("the "), where
            assert _norm(name) not in FORBIDDEN_ALIASES, f"{where}: {name!r} is forbidden"


def test_data_orgs_agents_agent_names_are_unique() -> None:
    seen: dict[str, int] = {}
    for agent in _agents():
        for name in agent.names:
            key = _norm(name)
            assert key not in seen, f"agents.tsv:{agent.line}: {name!r} also on line {seen[key]}"
            seen[key] = agent.line
    org_keys = {_norm(a) for o in _orgs() for a in o.names}
    assert not sorted(set(seen) & org_keys)


def test_data_orgs_agents_docs_agent_examples_are_present() -> None:
    def row_of(name: str) -> _Agent:
        return next(a for a in _agents() if name in a.names)

    defense = row_of("defense minister")
    assert {"defence minister", "minister of defense", "minister of defence"} <= set(defense.names)
    assert (defense.sectors, defense.flags) == (("GOV", "MIL"), ("person",))
    troops = row_of("troops")
    assert {"soldiers", "servicemen"} <= set(troops.names)
    assert (troops.sectors, troops.flags) == (("MIL",), ("group",))
    assert (row_of("former").sectors, row_of("former").flags) == (("ELI",), ("modifier",))


@pytest.mark.parametrize(
    ("name", "flag"),
    [
        ("Mr.", "honorific"), ("Dr.", "honorific"), ("Sheikh", "honorific"), ("Sayyed", "honorific"),
        ("Sir", "honorific"), ("Lord", "honorific"), ("former", "modifier"), ("ex", "modifier"),
        ("opposition", "modifier"), ("rebel", "modifier"), ("Islamist", "modifier"),
        ("pro government", "modifier"), ("deputy", "modifier"), ("acting", "modifier"),
        ("retired", "modifier"), ("Gen.", "person"), ("Brig. Gen.", "person"), ("Lt. Gen.", "person"),
        ("Maj. Gen.", "person"), ("Col.", "person"), ("Lt. Col.", "person"), ("Adm.", "person"),
        ("Capt.", "person"), ("Sgt.", "person"), ("Staff Gen.", "person"), ("president", "person"),
        ("ambassador", "person"), ("protesters", "group"), ("delegation", "group"),
    ],
)  # fmt: skip
def test_data_orgs_agents_agent_flags(name: str, flag: str) -> None:
    rows = [a for a in _agents() if name in a.names]
    assert len(rows) == 1 and flag in rows[0].flags


# ---- look-ups that news text relies on ----

LOOKUPS = [
    # international organisations
    ("UN", "IGO", ()), ("U.N.", "IGO", ()), ("Security Council", "IGO", ()), ("UNHCR", "IGO", ("REF",)),
    ("UNRWA", "IGO", ("REF",)), ("WHO", "IGO", ("HLH",)), ("IAEA", "IGO", ()), ("UNIFIL", "IGO", ("MIL",)),
    ("MONUSCO", "IGO", ("MIL",)), ("International Criminal Court", "IGO", ("JUD",)),
    ("ICJ", "IGO", ("JUD",)), ("NATO", "IGO", ()), ("European Commission", "IGO", ("GOV",)),
    ("European Parliament", "IGO", ("LEG",)), ("Frontex", "IGO", ("COP",)), ("African Union", "IGO", ()),
    ("Arab League", "IGO", ()), ("GCC", "IGO", ()), ("OPEC+", "IGO", ()), ("G20", "IGO", ()),
    ("ECOWAS", "IGO", ()), ("IMF", "IGO", ()), ("World Bank", "IGO", ("DEV",)), ("Interpol", "IGO", ("COP",)),
    # NGOs and Red Crescent societies
    ("Red Cross", "NGO", ()), ("Amnesty International", "NGO", ("HRI",)),
    ("Human Rights Watch", "NGO", ("HRI",)),
    ("Doctors Without Borders", "NGO", ("HLH",)), ("Médecins Sans Frontières", "NGO", ("HLH",)),
    ("Syrian Observatory for Human Rights", "SYR", ("NGO", "HRI")), ("White Helmets", "SYR", ("NGO",)),
    ("Palestinian Red Crescent", "PSE", ("NGO",)), ("Kizilay", "TUR", ("NGO",)),
    # armed groups
    ("ISIS", "IMG", ("REB",)), ("Daesh", "IMG", ("REB",)), ("Islamic State", "IMG", ("REB",)),
    ("ISIS-K", "AFG", ("REB",)), ("ISWAP", "NGA", ("REB",)), ("al-Qaida", "IMG", ("REB",)),
    ("Al Qaeda", "IMG", ("REB",)), ("AQAP", "YEM", ("REB",)), ("Hizbollah", "LBN", ("REB", "PTY")),
    ("Hamas", "PSE", ("REB", "PTY")), ("Qassam Brigades", "PSE", ("REB",)),
    ("Islamic Jihad", "PSE", ("REB",)),
    ("Huthis", "YEM", ("REB",)), ("Ansarullah", "YEM", ("REB",)), ("Taliban", "AFG", ("REB",)),
    ("Pakistani Taliban", "PAK", ("REB",)), ("al-Shabaab", "SOM", ("REB",)), ("Boko Haram", "NGA", ("REB",)),
    ("Kurdistan Workers' Party", "TUR", ("REB",)), ("SDF", "SYR", ("REB",)), ("Nusra Front", "SYR", ("REB",)),
    ("Hashd al-Shaabi", "IRQ", ("UAF",)), ("Kataib Hezbollah", "IRQ", ("REB",)), ("Wagner", "RUS", ("UAF",)),
    ("RSF", "SDN", ("REB",)), ("M23", "COD", ("REB",)), ("FARC", "COL", ("REB",)),
    ("Polisario", "ESH", ("REB",)),
    ("PDF", "MMR", ("REB",)), ("Tigray People's Liberation Front", "ETH", ("REB", "PTY")),
    # parties
    ("GOP", "USA", ("PTY",)), ("Tories", "GBR", ("PTY",)), ("AfD", "DEU", ("PTY",)), ("BJP", "IND", ("PTY",)),
    ("Likud", "ISR", ("PTY",)), ("Fatah", "PSE", ("PTY",)), ("Muslim Brotherhood", "EGY", ("PTY", "REL")),
    ("AK Party", "TUR", ("PTY",)), ("United Russia", "RUS", ("PTY",)),
    ("Communist Party of China", "CHN", ("PTY",)),
    ("PTI", "PAK", ("PTY",)), ("Sadrist Movement", "IRQ", ("PTY",)), ("KDP", "IRQ", ("PTY",)),
    # state bodies, media, companies
    ("CIA", "USA", ("SPY",)), ("State Department", "USA", ("GOV",)), ("Mossad", "ISR", ("SPY",)),
    ("IDF", "ISR", ("MIL",)), ("Revolutionary Guards", "IRN", ("MIL",)), ("Sepah", "IRN", ("MIL",)),
    ("IRGC Aerospace Force", "IRN", ("MIL",)), ("Quds Force", "IRN", ("MIL",)), ("FSB", "RUS", ("SPY",)),
    ("ISI", "PAK", ("SPY",)), ("RAW", "IND", ("SPY",)), ("Tatmadaw", "MMR", ("MIL",)),
    ("PLA", "CHN", ("MIL",)),
    ("AOI", "EGY", ("GOV", "BUS")), ("IRNA", "IRN", ("MED",)), ("Xinhua", "CHN", ("MED",)),
    ("MENA", "EGY", ("MED",)), ("TASS", "RUS", ("MED",)), ("Aramco", "SAU", ("BUS",)),
    ("Gazprom", "RUS", ("BUS",)),
    # regions
    ("Middle East", "MEA", ()), ("Arab world", "ARB", ()), ("Horn of Africa", "EAF", ()),
    ("Balkans", "BLK", ()),
    # agents
    ("defence minister", None, ("GOV", "MIL")), ("Defense Minister", None, ("GOV", "MIL")),
    ("interior minister", None, ("GOV", "COP")), ("riot police", None, ("COP",)),
    ("security forces", None, ("COP",)), ("warplanes", None, ("MIL",)), ("gunmen", None, ("UAF",)),
    ("terrorists", None, ("REB",)), ("jihadists", None, ("REB", "RAD")), ("protesters", None, ("OPP",)),
    ("asylum-seekers", None, ("REF",)), ("villagers", None, ("CVL",)), ("smugglers", None, ("CRM",)),
    ("settlers", None, ("SET",)), ("trade unions", None, ("LAB",)), ("aid workers", None, ("NGO",)),
    ("health ministry", None, ("GOV", "HLH")), ("Ayatollah", None, ("REL",)), ("Staff Gen.", None, ("MIL",)),
    ("human rights groups", None, ("HRI",)), ("state media", None, ("GOV", "MED")), ("chairman", None, ()),
]  # fmt: skip


@pytest.mark.parametrize(("text", "country", "sectors"), LOOKUPS)
def test_data_orgs_agents_lookup(text: str, country: str | None, sectors: tuple[str, ...]) -> None:
    assert _lookup(text) == [(country, sectors)]


@pytest.mark.parametrize(
    "text",
    ["is", "Is", "raw", "pdf", "Hope", "and", "Ansar", "Gen", "let", "cctv", "Democratic Party"],
)
def test_data_orgs_agents_lookup_misses_ambiguous_words(text: str) -> None:
    assert _lookup(text) == []
