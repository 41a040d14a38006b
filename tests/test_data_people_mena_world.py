"""Checks of the people data file people/mena_world.yaml, read with plain yaml.safe_load.

The file lists Middle East and North Africa office holders and world leaders with dated roles
(docs/knowledge.md, section people/*.yaml). These tests re-check its structure (ids, dates, sectors,
overlaps, alias clashes) independently of Kestrel's loader, and pin down a table of lookups
(alias, story date) -> (country, primary sector, title) around changes of office.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

PEOPLE_FILE = Path(__file__).resolve().parents[1] / "src" / "kestrel" / "actors" / "data" / "people" / "mena_world.yaml"

SECTORS = frozenset(
    {
        "GOV",
        "MIL",
        "COP",
        "JUD",
        "LEG",
        "SPY",
        "REB",
        "OPP",
        "PTY",
        "BUS",
        "MED",
        "EDU",
        "CVL",
        "REL",
        "LAB",
        "REF",
        "HLH",
        "ELI",
        "CRM",
        "NGO",
        "IGO",
        "AGR",
        "ENV",
        "HRI",
        "MOD",
        "RAD",
        "UAF",
        "SET",
        "DEV",
        "MNC",
    }
)
PERSON_KEYS = frozenset({"id", "name", "aliases", "country", "roles"})
REQUIRED_PERSON_KEYS = frozenset({"id", "name", "country", "roles"})
ROLE_KEYS = frozenset({"title", "sectors", "country", "start", "end"})
# Offices several people hold at once; every other (country, title) pair has one holder at a time.
SHARED_TITLES = frozenset({"Vice President"})

_ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_COUNTRY_RE = re.compile(r"[A-Z]{3}")
_YEAR_MONTH_RE = re.compile(r"(\d{4})-(\d{2})")
_FAR_FUTURE = dt.date(9999, 12, 31)


def _load() -> list[dict[str, Any]]:
    with PEOPLE_FILE.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, list)
    return data


PEOPLE = _load()


def _norm(text: str) -> str:
    """Fold case, accents and hyphens the way Kestrel matches names in text."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().replace("-", " ").split())


def _bounds(value: object) -> tuple[dt.date, dt.date]:
    """The first and last day a date value can mean (a year or year-month spans several days)."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"timestamp instead of a date: {value!r}")
    if isinstance(value, dt.date):
        return value, value
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return dt.date(value, 1, 1), dt.date(value, 12, 31)
    if isinstance(value, str) and (match := _YEAR_MONTH_RE.fullmatch(value)):
        year, month = int(match.group(1)), int(match.group(2))
        first = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return first, following - dt.timedelta(days=1)
    raise ValueError(f"not an ISO date, year-month or year: {value!r}")


def _span(role: dict[str, Any]) -> tuple[dt.date, dt.date]:
    """The role's start (earliest reading) and end (earliest reading; open roles never end)."""
    start = _bounds(role["start"])[0]
    end = _bounds(role["end"])[0] if "end" in role else _FAR_FUTURE
    return start, end


def _alias_index() -> dict[str, list[dict[str, Any]]]:
    index: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for person in PEOPLE:
        keys = {_norm(name) for name in [person["name"], *person.get("aliases", [])]}
        for key in keys:
            index[key].append(person)
    return index


ALIASES = _alias_index()


def _resolve(alias: str, date: dt.date) -> set[tuple[str, str | None, str | None]]:
    """All (country, primary sector, title) readings of a name on a date.

    A role covers [start, end): the successor's first day is no longer the predecessor's. Outside all
    roles a person is their country plus ELI after their first role, and their bare country before it.
    """
    people = ALIASES[_norm(alias)]
    assert len(people) == 1, f"{alias!r} names {len(people)} people"
    person = people[0]
    found: set[tuple[str, str | None, str | None]] = set()
    first_start = min(_span(role)[0] for role in person["roles"])
    for role in person["roles"]:
        start, end = _span(role)
        if start <= date < end:
            found.add((role.get("country", person["country"]), role["sectors"][0], role["title"]))
    if not found:
        found.add((person["country"], "ELI" if date >= first_start else None, None))
    return found


# --- structure ---------------------------------------------------------------------------------


def test_data_people_mena_world_has_many_people() -> None:
    assert len(PEOPLE) >= 500
    assert sum(len(person["roles"]) for person in PEOPLE) >= 800


def test_data_people_mena_world_person_fields() -> None:
    for person in PEOPLE:
        assert isinstance(person, dict)
        keys = set(person)
        assert REQUIRED_PERSON_KEYS <= keys <= PERSON_KEYS, person.get("id")
        assert isinstance(person["id"], str) and _ID_RE.fullmatch(person["id"]), person["id"]
        assert isinstance(person["name"], str) and person["name"].strip() == person["name"] != ""
        aliases = person.get("aliases", [])
        assert isinstance(aliases, list), person["id"]
        assert all(isinstance(a, str) and a.strip() == a != "" for a in aliases), person["id"]
        assert isinstance(person["country"], str) and _COUNTRY_RE.fullmatch(person["country"])
        assert isinstance(person["roles"], list) and person["roles"], person["id"]


def test_data_people_mena_world_ids_unique() -> None:
    seen: set[str] = set()
    for person in PEOPLE:
        assert person["id"] not in seen, f"duplicate id {person['id']}"
        seen.add(person["id"])


def test_data_people_mena_world_aliases_not_repeated_within_person() -> None:
    for person in PEOPLE:
        names = [_norm(n) for n in [person["name"], *person.get("aliases", [])]]
        assert len(names) == len(set(names)), f"{person['id']}: an alias repeats the name or another alias"


def test_data_people_mena_world_aliases_name_one_person() -> None:
    clashes = {key: [p["id"] for p in people] for key, people in ALIASES.items() if len(people) > 1}
    assert clashes == {}


def test_data_people_mena_world_role_fields() -> None:
    for person in PEOPLE:
        for role in person["roles"]:
            where = f"{person['id']}: {role}"
            assert isinstance(role, dict), where
            assert {"title", "sectors", "start"} <= set(role) <= ROLE_KEYS, where
            assert isinstance(role["title"], str) and role["title"].strip() == role["title"] != "", where
            sectors = role["sectors"]
            assert isinstance(sectors, list) and sectors, where
            assert set(sectors) <= SECTORS, where
            assert len(sectors) == len(set(sectors)), where
            if "country" in role:
                assert isinstance(role["country"], str) and _COUNTRY_RE.fullmatch(role["country"]), where
            if "IGO" in sectors:
                assert role.get("country", person["country"]) == "IGO", where


def test_data_people_mena_world_dates_parse_and_are_ordered() -> None:
    for person in PEOPLE:
        for role in person["roles"]:
            start_first, _ = _bounds(role["start"])
            if "end" in role:
                _, end_last = _bounds(role["end"])
                assert start_first <= end_last, f"{person['id']}: {role}"
            assert start_first <= dt.date(2026, 12, 31), f"{person['id']}: {role}"


def test_data_people_mena_world_same_title_roles_of_a_person_do_not_overlap() -> None:
    for person in PEOPLE:
        by_title: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
        for role in person["roles"]:
            by_title[role["title"]].append(_span(role))
        for title, spans in by_title.items():
            spans.sort()
            for (_, end), (start, _) in itertools.pairwise(spans):
                assert start >= end, f"{person['id']}: two {title!r} roles overlap"


def test_data_people_mena_world_one_holder_per_office_at_a_time() -> None:
    holders: dict[tuple[str, str], list[tuple[dt.date, dt.date, str]]] = defaultdict(list)
    for person in PEOPLE:
        for role in person["roles"]:
            if role["title"] in SHARED_TITLES:
                continue
            key = (role.get("country", person["country"]), role["title"])
            holders[key].append((*_span(role), person["id"]))
    for key, spans in holders.items():
        spans.sort()
        for (_, end, first), (start, _, second) in itertools.pairwise(spans):
            assert start >= end, f"{key}: {first} and {second} overlap"


@pytest.mark.parametrize(
    "value",
    ["2014", "14-06", "2014-6", "2014-13", "June 2014", dt.datetime(2014, 6, 1, 12, 0), True, 20140601],
)
def test_data_people_mena_world_bounds_rejects_malformed_dates(value: object) -> None:
    with pytest.raises(ValueError):
        _bounds(value)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_data_people_mena_world_bounds_of_a_month_and_year_contain_each_day(day: dt.date) -> None:
    assert _bounds(day) == (day, day)
    first, last = _bounds(f"{day.year:04d}-{day.month:02d}")
    assert first.day == 1 and first <= day <= last and last.month == day.month
    assert (last + dt.timedelta(days=1)).month != day.month
    first, last = _bounds(day.year)
    assert (first, last) == (dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))


# --- lookups by story date ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "date", "expected"),
    [
        # Iraq's defence ministry, around the two seed stories and the 2022 change of government
        ("Juma Enad Saadoun", "2020-11-16", ("IRQ", "GOV", "Minister of Defence")),
        ("Juma Inad Sadoon", "2022-10-26", ("IRQ", "GOV", "Minister of Defence")),
        ("Saadoun", "2023-01-01", ("IRQ", "ELI", None)),
        ("Juma Enad", "2019-01-01", ("IRQ", None, None)),
        ("Thabet al-Abbasi", "2023-01-01", ("IRQ", "GOV", "Minister of Defence")),
        ("Najah al-Shammari", "2020-01-01", ("IRQ", "GOV", "Minister of Defence")),
        (
            "Abdel Moneim al-Terras",
            "2020-11-16",
            ("EGY", "GOV", "Chairman of the Arab Organization for Industrialization"),
        ),
        # IRGC commanders before and after the strikes of 13 June 2025 and of 3 January 2020
        ("Hajizadeh", "2020-11-16", ("IRN", "MIL", "Commander of the IRGC Aerospace Force")),
        ("Amir-Ali Hajizadeh", "2025-06-13", ("IRN", "ELI", None)),
        ("Majid Mousavi", "2025-07-01", ("IRN", "MIL", "Commander of the IRGC Aerospace Force")),
        ("Qasem Soleimani", "2020-01-02", ("IRN", "MIL", "Commander of the IRGC Quds Force")),
        ("Soleimani", "2020-01-03", ("IRN", "ELI", None)),
        ("Esmail Ghaani", "2020-01-10", ("IRN", "MIL", "Commander of the IRGC Quds Force")),
        (
            "Hossein Salami",
            "2021-01-01",
            ("IRN", "MIL", "Commander-in-Chief of the Islamic Revolutionary Guard Corps"),
        ),
        ("Mohammad Bagheri", "2018-01-01", ("IRN", "MIL", "Chief of Staff of the Armed Forces")),
        ("Raisi", "2020-01-01", ("IRN", "JUD", "Chief Justice")),
        ("Ebrahim Raeisi", "2024-06-01", ("IRN", "ELI", None)),
        ("Mokhber", "2024-06-01", ("IRN", "GOV", "Acting President")),
        ("Zarif", "2015-07-14", ("IRN", "GOV", "Minister of Foreign Affairs")),
        ("Abbas Araqchi", "2024-09-01", ("IRN", "GOV", "Minister of Foreign Affairs")),
        ("Ayatollah Khamenei", "2010-01-01", ("IRN", "GOV", "Supreme Leader")),
        # Egypt
        ("al-Sisi", "2011-05-01", ("EGY", "MIL", "Director of Military Intelligence")),
        ("Sisi", "2013-07-03", ("EGY", "GOV", "Minister of Defence")),
        ("el-Sisi", "2015-01-01", ("EGY", "GOV", "President")),
        ("Mursi", "2013-01-01", ("EGY", "GOV", "President")),
        ("Morsi", "2013-08-01", ("EGY", "ELI", None)),
        # Israel, Palestine, Lebanon
        ("Netanyahu", "2010-01-01", ("ISR", "GOV", "Prime Minister")),
        ("Binyamin Netanyahu", "2022-01-01", ("ISR", "OPP", "Leader of the Opposition")),
        ("Yoav Galant", "2024-11-06", ("ISR", "GOV", "Minister of Defence")),
        ("Israel Katz", "2024-11-08", ("ISR", "GOV", "Minister of Defence")),
        ("Ismail Haniya", "2006-06-01", ("PSE", "GOV", "Prime Minister")),
        ("Haniyeh", "2020-01-01", ("PSE", "REB", "Chief of the Hamas Political Bureau")),
        ("Abu Mazen", "2010-01-01", ("PSE", "GOV", "President of the Palestinian Authority")),
        ("Nasrallah", "2024-09-01", ("LBN", "REB", "Secretary-General of Hezbollah")),
        ("Naim Kassem", "2025-01-01", ("LBN", "REB", "Secretary-General of Hezbollah")),
        ("Joseph Aoun", "2020-01-01", ("LBN", "MIL", "Commander of the Army")),
        ("Joseph Aoun", "2025-06-01", ("LBN", "GOV", "President")),
        # Iraq and the Kurdistan Region
        ("Nuri al-Maliki", "2010-01-01", ("IRQ", "GOV", "Prime Minister")),
        ("Mustafa al-Kadhimi", "2019-01-01", ("IRQ", "GOV", "Director of the National Intelligence Service")),
        ("Kadhimi", "2021-01-01", ("IRQ", "GOV", "Prime Minister")),
        ("Nechirvan Barzani", "2015-01-01", ("IRQ", "GOV", "Prime Minister of the Kurdistan Region")),
        ("Nechirvan Barzani", "2020-01-01", ("IRQ", "GOV", "President of the Kurdistan Region")),
        # Gulf, Turkey, Syria, Maghreb
        ("MBS", "2016-01-01", ("SAU", "GOV", "Minister of Defence")),
        ("Mohammad bin Salman", "2023-01-01", ("SAU", "GOV", "Prime Minister")),
        ("Erdogan", "2010-01-01", ("TUR", "GOV", "Prime Minister")),
        ("Erdoğan", "2015-01-01", ("TUR", "GOV", "President")),
        ("Hakan Fidan", "2020-01-01", ("TUR", "GOV", "Director of the National Intelligence Organization")),
        ("Hakan Fidan", "2024-01-01", ("TUR", "GOV", "Minister of Foreign Affairs")),
        ("Bashar al-Assad", "2024-12-07", ("SYR", "GOV", "President")),
        ("Assad", "2025-01-01", ("SYR", "ELI", None)),
        ("Jolani", "2020-01-01", ("SYR", "REB", "Leader of Hayat Tahrir al-Sham")),
        ("Ahmed al-Sharaa", "2025-06-01", ("SYR", "GOV", "President")),
        ("Gaid Salah", "2019-06-01", ("DZA", "MIL", "Chief of Staff of the Army")),
        ("Qaddafi", "2010-01-01", ("LBY", "GOV", "Brotherly Leader and Guide of the Revolution")),
        ("Abdul-Malik al-Houthi", "2015-03-26", ("YEM", "REB", "Leader of the Houthi Movement")),
        # Armed groups, Afghanistan
        ("Abu Bakr al-Baghdadi", "2015-01-01", ("IMG", "REB", "Leader of the Islamic State")),
        ("Abu Bakr al-Baghdadi", "2020-01-01", ("IMG", "ELI", None)),
        (
            "Mullah Omar",
            "2000-01-01",
            ("AFG", "GOV", "Supreme Leader of the Taliban (head of the Islamic Emirate)"),
        ),
        ("Mullah Omar", "2005-01-01", ("AFG", "REB", "Supreme Leader of the Taliban")),
        ("Haibatullah Akhundzada", "2022-01-01", ("AFG", "GOV", "Supreme Leader")),
        # World
        ("Ban Ki-moon", "2005-01-01", ("KOR", "GOV", "Minister of Foreign Affairs")),
        ("Ban Ki-moon", "2010-01-01", ("IGO", "IGO", "Secretary-General of the United Nations")),
        ("Guterres", "2020-01-01", ("IGO", "IGO", "Secretary-General of the United Nations")),
        ("Zelenskyy", "2022-03-01", ("UKR", "GOV", "President")),
        ("Poroshenko", "2020-01-01", ("UKR", "ELI", None)),
        ("Oleksiy Reznikov", "2022-06-01", ("UKR", "GOV", "Minister of Defence")),
        ("Umerov", "2024-01-01", ("UKR", "GOV", "Minister of Defence")),
        ("Kuleba", "2023-01-01", ("UKR", "GOV", "Minister of Foreign Affairs")),
        ("Kim Jong-un", "2015-01-01", ("PRK", "GOV", "Supreme Leader")),
        ("Nicolas Maduro", "2010-01-01", ("VEN", "GOV", "Minister of Foreign Affairs")),
        ("Maduro", "2015-01-01", ("VEN", "GOV", "President")),
        ("Hemedti", "2020-01-01", ("SDN", "MIL", "Commander of the Rapid Support Forces")),
        ("Hemedti", "2024-01-01", ("SDN", "REB", "Commander of the Rapid Support Forces")),
        ("Hamdok", "2021-11-01", ("SDN", "ELI", None)),
        ("Imran Khan", "2020-01-01", ("PAK", "GOV", "Prime Minister")),
        ("Imran Khan", "2023-01-01", ("PAK", "OPP", "Chairman of Pakistan Tehreek-e-Insaf")),
    ],
)
def test_data_people_mena_world_lookup_by_date(
    alias: str, date: str, expected: tuple[str, str | None, str | None]
) -> None:
    assert expected in _resolve(alias, dt.date.fromisoformat(date))
