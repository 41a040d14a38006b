"""Tests for kestrel.events._shifts: the intent / refusal code-shift table."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kestrel.errors import DataFileError
from kestrel.events._shifts import default_code_shifts, load_code_shifts
from kestrel.ontology import default_ontology

_CODES = sorted(entry.code for entry in default_ontology())


@pytest.mark.parametrize(
    ("kind", "code", "expected"),
    [
        ("intent", "042", "036"),  # will visit -> express intent to meet
        ("intent", "0874", "0356"),  # agreed to withdraw troops -> intent to de-escalate
        ("intent", "0871", "0356"),  # agreed to a ceasefire
        ("intent", "073", "0333"),  # will send food aid
        ("intent", "1723", "1323"),  # will impose a curfew -> threaten to impose a curfew
        ("intent", "163", "1312"),  # would impose sanctions
        ("intent", "190", "138"),  # will attack -> threaten with military force
        ("intent", "010", None),  # statements do not shift
        ("refusal", "0353", "1243"),  # will not release -> refuse to release
        ("refusal", "0356", "1246"),
        ("refusal", "036", None),
        ("eased", "1722", "0812"),  # lifted a ban on a politician
        ("eased", "163", "085"),  # lifted the embargo
        ("eased", "190", None),
    ],
)
def test_events_shifts_table(kind: str, code: str, expected: str | None) -> None:
    assert default_code_shifts().shift(kind, code) == expected


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("wish\t04\t036", "unknown kind"),
        ("intent\t4a\t036", "not a CAMEO code prefix"),
        ("intent\t04\t999", "unknown CAMEO code"),
    ],
)
def test_events_shifts_loader_names_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "shifts.tsv"
    path.write_text(f"# a comment\nintent\t07\t033\n{line}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as info:
        load_code_shifts(path)
    assert (info.value.path, info.value.line) == (str(path), 3)


def test_events_shifts_loader_refuses_a_prefix_twice(tmp_path: Path) -> None:
    path = tmp_path / "shifts.tsv"
    path.write_text("intent\t07\t033\nintent\t07\t0331\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="twice"):
        load_code_shifts(path)


@given(st.sampled_from(_CODES), st.sampled_from(["intent", "refusal", "eased"]))
def test_events_shifts_always_land_on_a_known_code(code: str, kind: str) -> None:
    shifted = default_code_shifts().shift(kind, code)
    assert shifted is None or shifted in default_ontology()
