"""Checks of the G20/EU/NATO people file (``actors/data/people/g20.yaml``).

The file is read with plain ``yaml.safe_load`` so that these checks do not depend on Kestrel's own
loader: structure, unique ids, dates, sectors, overlapping roles, aliases, and a table of who held
which office on a given day.
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

__all__: list[str] = []

_PATH = Path(__file__).resolve().parents[1] / "src" / "kestrel" / "actors" / "data" / "people" / "g20.yaml"

# The sector codes of docs/knowledge.md ("The actor code scheme").
_SECTOR_CODES = (
    "GOV MIL COP JUD LEG SPY REB OPP PTY BUS MED EDU CVL REL LAB REF HLH ELI CRM NGO IGO AGR ENV HRI "
    "MOD RAD UAF SET DEV MNC"
)
_SECTORS = frozenset(_SECTOR_CODES.split())
_PERSON_KEYS = frozenset({"id", "name", "aliases", "country", "roles"})
_ROLE_KEYS = frozenset({"title", "sectors", "country", "start", "end"})

# Offices that several people hold at once; every other (country, title) has one holder at a time.
_MULTI_HOLDER_TITLES = frozenset(
    {
        "Deputy Prime Minister",
        "First Deputy Prime Minister",
        "Vice Premier",
        "State Councilor",
        "Executive Vice-President of the European Commission",
        "Aide to the President",
    }
)

# Bare names that must never be an alias: common surnames and names shared by several office holders.
_FORBIDDEN_BARE_NAMES = (
    "kim lee park choi cho han yoon moon wang li yang zhang hu smith johnson brown jones miller khan ali "
    "singh hussein abdullah rice clinton sullivan koizumi kirchner fernandez ivanov kono hayashi tanaka "
    "gandhi johnston harris cohen burns austin may philippe jean hague"
)
_FORBIDDEN_BARE_ALIASES = frozenset(_FORBIDDEN_BARE_NAMES.split())

# Single-word aliases that equal another person's surname in this file, kept on purpose:
# "Blair" is Tony Blair in world news (Bill Blair is "Bill Blair"); "Zuma" is Jacob Zuma, and
# "Dlamini-Zuma" is a longer alias that wins over it.
_ACCEPTED_SHARED_SURNAMES = frozenset({"blair", "zuma"})


def _people() -> list[dict[str, Any]]:
    data = yaml.safe_load(_PATH.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def _norm(text: str) -> str:
    """Case-, accent- and hyphen-insensitive form, as names are matched in text."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().replace("-", " ").split())


def _bound(value: object, *, end: bool) -> dt.date:
    """A role date as a day: year and year-month dates give the first day (start) or last day (end)."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int):
        return dt.date(value, 12, 31) if end else dt.date(value, 1, 1)
    match = re.fullmatch(r"(\d{4})-(\d{2})", str(value))
    if match is None:
        raise ValueError(f"not an ISO date, year-month or year: {value!r}")
    year, month = int(match[1]), int(match[2])
    first = dt.date(year, month, 1)
    if not end:
        return first
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _interval(role: dict[str, Any]) -> tuple[dt.date, dt.date]:
    """First day and hand-over day of a role (an open role runs to date.max)."""
    start = _bound(role["start"], end=False)
    stop = _bound(role["end"], end=False) if "end" in role else dt.date.max
    return start, stop


def _holds(role: dict[str, Any], day: dt.date) -> bool:
    """Whether ``day`` falls within the role, both ends included."""
    last = _bound(role["end"], end=True) if "end" in role else dt.date.max
    return _bound(role["start"], end=False) <= day <= last


def _by_alias() -> dict[str, list[dict[str, Any]]]:
    index: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for person in _people():
        for name in [person["name"], *person["aliases"]]:
            index[_norm(name)].append(person)
    return index


def _coded(alias: str, day: dt.date) -> tuple[str, str | None, str | None]:
    """(country, primary sector, title) of the person known as ``alias`` on ``day``.

    Mirrors the rules of docs/knowledge.md: the role held that day (the most recently started one
    when several are held), else the person's country with ELI after their last role, else the
    country alone before their first role.
    """
    matches = _by_alias()[_norm(alias)]
    assert len(matches) == 1, f"{alias!r} names {len(matches)} people"
    person = matches[0]
    held = [role for role in person["roles"] if _holds(role, day)]
    if held:
        role = max(held, key=lambda r: _bound(r["start"], end=False))
        return role.get("country", person["country"]), role["sectors"][0], role["title"]
    if any(_bound(role["start"], end=False) <= day for role in person["roles"]):
        return person["country"], "ELI", None
    return person["country"], None, None


def test_data_people_g20_file_is_a_list_of_people() -> None:
    people = _people()
    assert len(people) > 500
    for person in people:
        assert set(person) == _PERSON_KEYS, person.get("id")
        assert isinstance(person["name"], str)
        assert person["name"].strip() == person["name"]
        assert person["name"]
        assert isinstance(person["aliases"], list)
        assert all(isinstance(alias, str) and alias.strip() == alias and alias for alias in person["aliases"])
        assert re.fullmatch(r"[A-Z]{3}", person["country"]), person["id"]
        assert person["roles"], person["id"]


def test_data_people_g20_ids_are_unique_slugs() -> None:
    ids = [person["id"] for person in _people()]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for person_id in ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", person_id), person_id


def test_data_people_g20_roles_have_known_fields_and_sectors() -> None:
    for person in _people():
        for role in person["roles"]:
            assert set(role) <= _ROLE_KEYS, (person["id"], role)
            assert {"title", "sectors", "start"} <= set(role), (person["id"], role)
            assert isinstance(role["title"], str)
            assert role["title"]
            assert role["sectors"], (person["id"], role)
            assert set(role["sectors"]) <= _SECTORS, (person["id"], role)
            assert len(set(role["sectors"])) == len(role["sectors"]), (person["id"], role)
            if "country" in role:
                assert re.fullmatch(r"[A-Z]{3}", role["country"]), (person["id"], role)


def test_data_people_g20_international_posts_are_coded_igo() -> None:
    for person in _people():
        for role in person["roles"]:
            if "IGO" in role["sectors"]:
                assert role.get("country") == "IGO", (person["id"], role["title"])


def test_data_people_g20_dates_parse_and_start_before_end() -> None:
    for person in _people():
        for role in person["roles"]:
            start = _bound(role["start"], end=False)
            assert dt.date(1950, 1, 1) <= start <= dt.date(2027, 12, 31), (person["id"], role)
            if "end" in role:
                end = _bound(role["end"], end=True)
                assert start <= end, (person["id"], role)
                assert end <= dt.date(2027, 12, 31), (person["id"], role)


def test_data_people_g20_roles_of_one_title_do_not_overlap() -> None:
    for person in _people():
        by_title: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
        for role in person["roles"]:
            by_title[role["title"]].append(_interval(role))
        for title, spans in by_title.items():
            spans.sort()
            for (_, first_stop), (second_start, _) in itertools.pairwise(spans):
                assert second_start >= first_stop, (person["id"], title)


def test_data_people_g20_single_holder_offices_do_not_overlap() -> None:
    holders: dict[tuple[str, str], list[tuple[dt.date, dt.date, str]]] = defaultdict(list)
    for person in _people():
        for role in person["roles"]:
            if role["title"] in _MULTI_HOLDER_TITLES:
                continue
            key = (role.get("country", person["country"]), role["title"])
            holders[key].append((*_interval(role), person["id"]))
    for key, spans in holders.items():
        spans.sort()
        for first, second in itertools.pairwise(spans):
            assert second[0] >= first[1], (key, first[2], second[2])


def test_data_people_g20_aliases_are_not_redundant() -> None:
    for person in _people():
        forms = [_norm(person["name"]), *(_norm(alias) for alias in person["aliases"])]
        assert len(forms) == len(set(forms)), person["id"]


def test_data_people_g20_only_the_two_namesakes_share_a_name() -> None:
    shared = {name: people for name, people in _by_alias().items() if len(people) > 1}
    assert set(shared) == {"david johnston"}


def test_data_people_g20_no_common_bare_names() -> None:
    surnames: dict[str, set[str]] = defaultdict(set)
    for person in _people():
        for name in [person["name"], *person["aliases"]]:
            if " " in name:
                surnames[_norm(name).split()[-1]].add(person["id"])
    for person in _people():
        for alias in person["aliases"]:
            if " " in alias or "-" in alias:
                continue
            bare = _norm(alias)
            assert bare not in _FORBIDDEN_BARE_ALIASES, (person["id"], alias)
            if bare not in _ACCEPTED_SHARED_SURNAMES:
                assert surnames.get(bare, set()) <= {person["id"]}, (person["id"], alias)


@pytest.mark.parametrize(
    ("alias", "day", "expected"),
    [
        ("Putin", dt.date(2005, 6, 1), ("RUS", "GOV", "President")),
        ("Vladimir Putin", dt.date(2010, 1, 1), ("RUS", "GOV", "Prime Minister")),
        ("Putin", dt.date(2013, 1, 1), ("RUS", "GOV", "President")),
        ("Dmitri Medvedev", dt.date(2009, 1, 1), ("RUS", "GOV", "President")),
        ("Medvedev", dt.date(2021, 1, 1), ("RUS", "GOV", "Deputy Chairman of the Security Council")),
        ("Sergei Shoigu", dt.date(2020, 1, 1), ("RUS", "GOV", "Minister of Defence")),
        ("Shoygu", dt.date(2024, 6, 1), ("RUS", "GOV", "Secretary of the Security Council")),
        ("Gerasimov", dt.date(2015, 1, 1), ("RUS", "MIL", "Chief of the General Staff")),
        ("Yuri Baluyevsky", dt.date(2006, 1, 1), ("RUS", "MIL", "Chief of the General Staff")),
        ("Lavrov", dt.date(2003, 1, 1), ("RUS", None, None)),
        ("Sergey Lavrov", dt.date(2022, 3, 1), ("RUS", "GOV", "Minister of Foreign Affairs")),
        ("Rumsfeld", dt.date(2005, 1, 1), ("USA", "GOV", "Secretary of Defense")),
        ("Donald Rumsfeld", dt.date(2008, 1, 1), ("USA", "ELI", None)),
        ("Condoleezza Rice", dt.date(2004, 6, 1), ("USA", "GOV", "National Security Adviser")),
        ("Condoleezza Rice", dt.date(2006, 6, 1), ("USA", "GOV", "Secretary of State")),
        ("Pompeo", dt.date(2017, 6, 1), ("USA", "SPY", "Director of the Central Intelligence Agency")),
        ("Mike Pompeo", dt.date(2019, 6, 1), ("USA", "GOV", "Secretary of State")),
        ("Donald Trump", dt.date(2019, 1, 1), ("USA", "GOV", "President")),
        ("Trump", dt.date(2023, 1, 1), ("USA", "ELI", None)),
        ("Trump", dt.date(2025, 6, 1), ("USA", "GOV", "President")),
        ("Biden", dt.date(2012, 1, 1), ("USA", "GOV", "Vice President")),
        ("Petraeus", dt.date(2012, 1, 1), ("USA", "SPY", "Director of the Central Intelligence Agency")),
        ("Xi Jinping", dt.date(2014, 1, 1), ("CHN", "GOV", "President")),
        ("Qin Gang", dt.date(2023, 5, 1), ("CHN", "GOV", "Minister of Foreign Affairs")),
        ("Wang Yi", dt.date(2024, 1, 1), ("CHN", "GOV", "Minister of Foreign Affairs")),
        ("Li Shangfu", dt.date(2023, 6, 1), ("CHN", "GOV", "Minister of National Defense")),
        ("Modi", dt.date(2010, 1, 1), ("IND", "GOV", "Chief Minister of Gujarat")),
        ("Narendra Modi", dt.date(2015, 1, 1), ("IND", "GOV", "Prime Minister")),
        ("Jaishankar", dt.date(2020, 1, 1), ("IND", "GOV", "Minister of External Affairs")),
        ("Shinzo Abe", dt.date(2010, 1, 1), ("JPN", "ELI", None)),
        ("Abe Shinzo", dt.date(2013, 1, 1), ("JPN", "GOV", "Prime Minister")),
        ("Ishiba", dt.date(2003, 1, 1), ("JPN", "GOV", "Director General of the Defense Agency")),
        ("Ban Ki-moon", dt.date(2005, 1, 1), ("KOR", "GOV", "Minister of Foreign Affairs and Trade")),
        ("Ban Ki Moon", dt.date(2010, 1, 1), ("IGO", "IGO", "Secretary-General of the United Nations")),
        ("Yoon Suk-yeol", dt.date(2023, 1, 1), ("KOR", "GOV", "President")),
        ("Yoon Suk Yeol", dt.date(2025, 6, 1), ("KOR", "ELI", None)),
        ("Boris Johnson", dt.date(2017, 1, 1), ("GBR", "GOV", "Foreign Secretary")),
        ("Boris Johnson", dt.date(2020, 1, 1), ("GBR", "GOV", "Prime Minister")),
        ("Keir Starmer", dt.date(2022, 1, 1), ("GBR", "OPP", "Leader of the Opposition")),
        ("Starmer", dt.date(2025, 1, 1), ("GBR", "GOV", "Prime Minister")),
        ("Macron", dt.date(2015, 1, 1), ("FRA", "GOV", "Minister of the Economy")),
        ("Emmanuel Macron", dt.date(2018, 1, 1), ("FRA", "GOV", "President")),
        ("Le Drian", dt.date(2014, 1, 1), ("FRA", "GOV", "Minister of Defence")),
        ("Jean-Yves Le Drian", dt.date(2018, 1, 1), ("FRA", "GOV", "Minister of Foreign Affairs")),
        ("Ursula von der Leyen", dt.date(2015, 1, 1), ("DEU", "GOV", "Minister of Defence")),
        ("von der Leyen", dt.date(2020, 1, 1), ("IGO", "IGO", "President of the European Commission")),
        ("Merkel", dt.date(2003, 1, 1), ("DEU", "OPP", "Leader of the Christian Democratic Union")),
        ("Angela Merkel", dt.date(2010, 1, 1), ("DEU", "GOV", "Chancellor")),
        ("Gerhard Schroeder", dt.date(2010, 1, 1), ("DEU", "ELI", None)),
        ("Draghi", dt.date(2015, 1, 1), ("IGO", "IGO", "President of the European Central Bank")),
        ("Mario Draghi", dt.date(2022, 1, 1), ("ITA", "GOV", "Prime Minister")),
        ("Mark Rutte", dt.date(2015, 1, 1), ("NLD", "GOV", "Prime Minister")),
        ("Rutte", dt.date(2025, 1, 1), ("IGO", "IGO", "Secretary General of NATO")),
        ("Stoltenberg", dt.date(2020, 1, 1), ("IGO", "IGO", "Secretary General of NATO")),
        ("Lula", dt.date(2005, 1, 1), ("BRA", "GOV", "President")),
        ("Lula da Silva", dt.date(2015, 1, 1), ("BRA", "ELI", None)),
        ("Luiz Inacio Lula da Silva", dt.date(2024, 1, 1), ("BRA", "GOV", "President")),
        ("Temer", dt.date(2016, 6, 1), ("BRA", "GOV", "Acting President")),
        ("Milei", dt.date(2024, 1, 1), ("ARG", "GOV", "President")),
        ("Cristina Kirchner", dt.date(2021, 1, 1), ("ARG", "GOV", "Vice President")),
        ("AMLO", dt.date(2020, 1, 1), ("MEX", "GOV", "President")),
        ("Claudia Sheinbaum", dt.date(2020, 1, 1), ("MEX", "GOV", "Head of Government of Mexico City")),
        ("Jokowi", dt.date(2013, 1, 1), ("IDN", "GOV", "Governor of Jakarta")),
        ("Prabowo", dt.date(2020, 1, 1), ("IDN", "GOV", "Minister of Defence")),
        ("Prabowo Subianto", dt.date(2025, 1, 1), ("IDN", "GOV", "President")),
        ("Jacob Zuma", dt.date(2012, 1, 1), ("ZAF", "GOV", "President")),
        ("Ramaphosa", dt.date(2016, 1, 1), ("ZAF", "GOV", "Deputy President")),
        ("Justin Trudeau", dt.date(2020, 1, 1), ("CAN", "GOV", "Prime Minister")),
        ("Anthony Albanese", dt.date(2023, 1, 1), ("AUS", "GOV", "Prime Minister")),
        (
            "Javier Solana",
            dt.date(2005, 1, 1),
            ("IGO", "IGO", "High Representative for the Common Foreign and Security Policy"),
        ),
    ],
)
def test_data_people_g20_role_on_date(alias: str, day: dt.date, expected: tuple[str, str | None, str | None]) -> None:
    assert _coded(alias, day) == expected
