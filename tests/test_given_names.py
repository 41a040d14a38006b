"""Tests for data/given_names.tsv: given-name equivalences (nicknames, transliterations, cognates)."""

from __future__ import annotations

import re
from functools import cache

import pytest

from kestrel._datafiles import package_path, read_tsv, split_multi

_ITEM_RE = re.compile(r"^[a-z]+$")


@cache
def _groups(name: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """The ``(line, items)`` of every ``equiv`` line of a data file (other kinds are skipped)."""
    path = package_path("data", name)
    return tuple(
        (line, tuple(split_multi(items))) for line, (kind, items, _value) in read_tsv(path, 2, 3) if kind == "equiv"
    )


def _share_group(a: str, b: str) -> bool:
    return any(a in items and b in items for _line, items in _groups("given_names.tsv"))


def test_given_names_every_line_is_a_well_formed_equiv_line() -> None:
    path = package_path("data", "given_names.tsv")
    problems: list[str] = []
    for line, (kind, items_field, value) in read_tsv(path, 2, 3):
        items = split_multi(items_field)
        if kind != "equiv":
            problems.append(f"{line}: kind {kind!r} is not 'equiv'")
        if value:
            problems.append(f"{line}: unexpected third field {value!r}")
        if len(items) < 2:
            problems.append(f"{line}: a group needs at least two items, found {items}")
        if items_field.count(";") + 1 != len(items):
            problems.append(f"{line}: empty item in {items_field!r}")
        problems += [f"{line}: item {item!r} is not lower-case [a-z]+" for item in items if not _ITEM_RE.match(item)]
        dupes = sorted({item for item in items if items.count(item) > 1})
        if dupes:
            problems.append(f"{line}: duplicate items {dupes}")
    assert not problems, "\n".join(problems)


def test_given_names_has_broad_coverage() -> None:
    groups = _groups("given_names.tsv")
    assert len(groups) >= 700
    assert sum(len(items) for _line, items in groups) >= 3000


def test_given_names_does_not_repeat_groups_of_name_variants() -> None:
    existing = [set(items) for _line, items in _groups("name_variants.tsv")]
    repeated = [line for line, items in _groups("given_names.tsv") if any(set(items) <= old for old in existing)]
    assert not repeated, f"lines adding nothing to name_variants.tsv: {repeated}"


def test_given_names_no_line_is_contained_in_another() -> None:
    groups = _groups("given_names.tsv")
    contained = [
        (line, other_line)
        for line, items in groups
        for other_line, other in groups
        if line != other_line and set(items) <= set(other)
    ]
    assert not contained, f"(line, contained in line): {contained}"


SHARED = [
    # English nicknames
    ("bill", "william"),
    ("liam", "william"),
    ("bob", "robert"),
    ("dick", "richard"),
    ("peggy", "margaret"),
    ("betty", "elizabeth"),
    ("libby", "elizabeth"),
    ("ted", "edward"),
    ("ned", "edward"),
    ("chuck", "charles"),
    ("jimmy", "james"),
    ("tony", "anthony"),
    ("jack", "john"),
    ("sally", "sarah"),
    ("polly", "mary"),
    # Spanish and Portuguese
    ("pepe", "jose"),
    ("paco", "francisco"),
    ("pancho", "francisco"),
    ("lalo", "eduardo"),
    ("nacho", "ignacio"),
    ("chucho", "jesus"),
    ("chuy", "jesus"),
    ("memo", "guillermo"),
    ("quique", "enrique"),
    ("chalo", "gonzalo"),
    ("chayo", "rosario"),
    ("lupe", "guadalupe"),
    ("conchita", "concepcion"),
    ("lola", "dolores"),
    ("manolo", "manuel"),
    ("lucho", "luis"),
    ("beto", "roberto"),
    ("beto", "alberto"),
    ("ze", "jose"),
    # Italian, French, German, Dutch
    ("beppe", "giuseppe"),
    ("pino", "giuseppe"),
    ("checco", "francesco"),
    ("hans", "johann"),
    ("fritz", "friedrich"),
    ("jacky", "jacques"),
    ("kees", "cornelis"),
    # Slavic
    ("sasha", "aleksandr"),
    ("shura", "aleksandr"),
    ("volodya", "vladimir"),
    ("katya", "yekaterina"),
    ("masha", "mariya"),
    ("nastya", "anastasia"),
    ("vanya", "ivan"),
    ("misha", "mikhail"),
    ("luda", "lyudmila"),
    ("tanya", "tatyana"),
    ("nadya", "nadezhda"),
    ("borya", "boris"),
    ("wojciech", "vojtech"),
    ("jerzy", "jiri"),
    ("oleksandr", "aleksandr"),
    # Arabic, Turkish, Persian, Somali, Malay
    ("xasan", "hassan"),
    ("cabdi", "abdi"),
    ("maxamed", "mohamed"),
    ("xuseen", "hussein"),
    ("cali", "ali"),
    ("cumar", "omar"),
    ("mehmet", "muhammad"),
    ("huseyin", "hussein"),
    ("hossein", "hussein"),
    ("yousouf", "yusuf"),
    ("ibrahim", "abraham"),
    ("musa", "moses"),
    ("soekarno", "sukarno"),
    # East Asian surnames
    ("kim", "gim"),
    ("lee", "rhee"),
    ("park", "pak"),
    ("choi", "choe"),
    ("zhang", "cheung"),
    ("wang", "wong"),
    ("huang", "wong"),
    ("chen", "chan"),
    ("zhou", "chou"),
    ("xu", "hsu"),
    ("zhao", "chiu"),
]


@pytest.mark.parametrize(("a", "b"), SHARED)
def test_given_names_equivalent_names_share_a_group(a: str, b: str) -> None:
    assert _share_group(a, b), f"{a!r} and {b!r} should be in one line of given_names.tsv"


DIFFERENT = [
    # near-namesakes and gender pairs
    ("mario", "mariano"),
    ("mario", "maria"),
    ("daniel", "daniela"),
    ("daniel", "danielle"),
    ("jan", "janet"),
    ("ali", "alina"),
    ("alexander", "alexandra"),
    ("robert", "roberta"),
    ("paul", "paula"),
    ("julian", "julia"),
    ("christian", "christina"),
    ("francis", "frances"),
    ("gerald", "gerard"),
    ("michael", "michelle"),
    ("nicholas", "nicole"),
    ("victor", "victoria"),
    ("andrew", "andrea"),
    ("george", "yuri"),
    ("wang", "huang"),
    # different Arabic names that look alike
    ("hassan", "hussein"),
    ("omar", "amr"),
    ("said", "saad"),
    ("saleh", "salah"),
    ("salim", "salem"),
    ("karim", "kerem"),
    ("yahya", "john"),
    ("yahya", "ivan"),
]


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_given_names_different_names_do_not_share_a_group(a: str, b: str) -> None:
    assert not _share_group(a, b), f"{a!r} and {b!r} are different names but share a line of given_names.tsv"
