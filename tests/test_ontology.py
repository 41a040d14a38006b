"""Tests for kestrel.ontology: the packaged CAMEO/PLOVER data and its validating loader."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kestrel.errors import DataFileError, UsageError
from kestrel.ontology import PLOVER_TYPES, CameoCode, Ontology, default_ontology, load_ontology

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CODEFILE = SHARED / "reference" / "CAMEO_codefile.txt"

ONTO = default_ontology()
ALL_CODES = sorted(c.code for c in ONTO)


# --- the packaged data -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "goldstein", "quad", "penta", "plover"),
    [
        ("01", 0.0, 1, 0, None),
        ("010", 0.0, 1, 0, None),
        ("013", 0.4, 1, 0, "SUPPORT"),
        ("020", 3.0, 1, 0, "REQUEST"),
        ("0233", 3.4, 1, 0, "REQUEST"),
        ("030", 4.0, 1, 1, "AGREE"),
        ("0312", 5.2, 1, 1, "AGREE"),
        ("036", 4.0, 1, 1, "AGREE"),
        ("04", 1.0, 1, 1, "CONSULT"),
        ("040", 1.0, 1, 1, "CONSULT"),
        ("042", 1.9, 1, 1, "CONSULT"),
        ("043", 2.8, 1, 1, "CONSULT"),
        ("046", 7.0, 1, 1, "CONSULT"),
        ("051", 3.4, 2, 1, "SUPPORT"),
        ("057", 8.0, 2, 1, "SUPPORT"),
        ("061", 6.4, 2, 2, "COOPERATE"),
        ("062", 7.4, 2, 2, "COOPERATE"),
        ("073", 7.4, 2, 2, "AID"),
        ("080", 5.0, 2, 2, "CONCEDE"),
        ("0841", 7.0, 2, 2, "RETREAT"),
        ("0874", 10.0, 2, 2, "RETREAT"),
        ("090", -2.0, 3, 3, "ACCUSE"),
        ("1041", -5.0, 3, 3, "REQUEST"),
        ("111", -2.0, 3, 3, "ACCUSE"),
        ("1123", -2.0, 3, 3, "ACCUSE"),
        ("125", -5.0, 3, 3, "REJECT"),
        ("13", -4.4, 3, 3, "THREATEN"),
        ("138", -7.0, 3, 3, "THREATEN"),
        ("141", -6.5, 4, 4, "PROTEST"),
        ("154", -7.2, 4, 4, "MOBILIZE"),
        ("163", -8.0, 4, 3, "COERCE"),  # root 16 is verbal conflict in the pentaclass
        ("173", -5.0, 4, 4, "COERCE"),
        ("1823", -10.0, 4, 4, "ASSAULT"),
        ("190", -10.0, 4, 4, "ASSAULT"),
        ("1952", -10.0, 4, 4, "ASSAULT"),
        ("2042", -10.0, 4, 4, "ASSAULT"),
    ],
)
def test_ontology_known_codes(code: str, goldstein: float, quad: int, penta: int, plover: str) -> None:
    entry = ONTO[code]
    assert (entry.goldstein, entry.quad_class, entry.pentaclass, entry.plover_type) == (
        goldstein,
        quad,
        penta,
        plover,
    )


@pytest.mark.parametrize(
    ("code", "root", "parent"),
    [
        ("04", "04", None),
        ("042", "04", "04"),
        ("0211", "02", "021"),
        ("1952", "19", "195"),
        ("20", "20", None),
    ],
)
def test_ontology_root_and_parent(code: str, root: str, parent: str | None) -> None:
    assert (ONTO[code].root, ONTO[code].parent) == (root, parent)


@pytest.mark.parametrize(
    ("code", "symmetric"),
    [
        ("040", True),
        ("044", True),
        ("046", True),
        ("057", True),
        ("062", True),
        ("193", True),
        ("036", False),
        ("042", False),
        ("043", False),
        ("045", False),
        ("051", False),
        ("112", False),
        ("173", False),
        ("182", False),
    ],
)
def test_ontology_symmetric_codes(code: str, symmetric: bool) -> None:
    assert ONTO[code].symmetric is symmetric


@pytest.mark.parametrize(
    ("code", "mode", "context"),
    [("042", "visit", ()), ("094", "investigate", ("military", "legal")), ("0211", "assist", ("economic",))],
)
def test_ontology_plover_mode_and_context(code: str, mode: str | None, context: tuple[str, ...]) -> None:
    assert (ONTO[code].plover_mode, ONTO[code].plover_context) == (mode, context)


# Plain statements have no PLOVER counterpart; mapping "said" to CONSULT would inflate CONSULT.
UNMAPPED_STATEMENTS = ["01", "010", "011", "014"]


def test_ontology_every_code_but_plain_statements_has_a_plover_type() -> None:
    assert [c.code for c in ONTO if c.plover_type not in PLOVER_TYPES] == UNMAPPED_STATEMENTS
    assert all(ONTO[code].plover_type is None for code in UNMAPPED_STATEMENTS)


def test_ontology_every_plover_type_is_used() -> None:
    assert {c.plover_type for c in ONTO} - {None} == set(PLOVER_TYPES)


def test_ontology_all_roots_present() -> None:
    assert [c.code for c in ONTO if c.parent is None] == [f"{n:02d}" for n in range(1, 21)]


def test_ontology_root_values_match_their_x0_code() -> None:
    for root in (c for c in ONTO if c.parent is None):
        base = ONTO[root.code + "0"]
        assert (root.goldstein, root.plover_type, root.symmetric) == (
            base.goldstein,
            base.plover_type,
            base.symmetric,
        ), root.code


def test_ontology_complete_against_cameo_codefile() -> None:
    if not CODEFILE.exists():
        pytest.skip("../shared/reference/CAMEO_codefile.txt not available")
    text = CODEFILE.read_text(encoding="utf-8", errors="replace")
    listed = set(re.findall(r"^LABELi?: (\d{3,4})=", text, flags=re.MULTILINE))
    listed |= set(re.findall(r"^//(\d{2})[:=]", text, flags=re.MULTILINE))
    assert len(listed) > 290
    assert sorted(listed - set(ALL_CODES)) == []


def test_ontology_default_is_cached() -> None:
    assert default_ontology() is default_ontology()


def test_ontology_loads_fast() -> None:
    load_ontology()  # warm the file cache
    start = time.perf_counter()
    load_ontology()
    assert time.perf_counter() - start < 0.05


def test_ontology_mapping_protocol() -> None:
    assert len(ONTO) == len(ALL_CODES) > 300
    assert "042" in ONTO and "42" not in ONTO and 42 not in ONTO
    assert ONTO.get("999") is None
    assert isinstance(ONTO.get("042"), CameoCode)
    with pytest.raises(KeyError):
        ONTO["999"]


# --- normalize() and root_of() -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_code", "expected"),
    [
        (42, "042"),
        ("42", "042"),
        ("042", "042"),
        (" 042 ", "042"),
        ("0211", "0211"),
        (211, "0211"),
        (4, "04"),
        ("4", "04"),
        (12, "12"),
        ("012", "012"),
        (190, "190"),
        (1823, "1823"),
        (874, "0874"),
    ],
)
def test_ontology_normalize_forms(given_code: str | int, expected: str) -> None:
    assert ONTO.normalize(given_code) == expected


@pytest.mark.parametrize("bad", ["", "abc", "04a", "-42", "999", "0042", 0, 21 * 1000, True, 4.2, "٤٢"])
def test_ontology_normalize_rejects_unknown(bad: object) -> None:
    with pytest.raises(UsageError):
        ONTO.normalize(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(("code", "root"), [("0211", "02"), (42, "04"), ("19", "19"), ("2042", "20")])
def test_ontology_root_of(code: str | int, root: str) -> None:
    assert ONTO.root_of(code) == root


@given(st.sampled_from(ALL_CODES), st.sampled_from(["{}", " {}", "{} "]))
def test_ontology_normalize_round_trips(code: str, template: str) -> None:
    number = int(code)
    # 1..20 written without leading zeros is a root: 12 -> "12", not "012".
    expected = f"{number:02d}" if 1 <= number <= 20 else code
    assert ONTO.normalize(code) == code
    assert ONTO.normalize(template.format(code)) == code
    assert ONTO.normalize(number) == expected
    assert ONTO.normalize(str(number)) == expected


@given(st.integers(min_value=-5, max_value=30000))
def test_ontology_normalize_ints_known_or_usage_error(number: int) -> None:
    if 1 <= number <= 20:
        expected: str | None = f"{number:02d}"
    else:
        matches = [code for code in ALL_CODES if int(code) == number]
        assert len(matches) <= 1
        expected = matches[0] if matches else None
    if expected is None:
        with pytest.raises(UsageError):
            ONTO.normalize(number)
    else:
        assert ONTO.normalize(number) == expected


# --- loader errors -----------------------------------------------------------------------------

GOOD_CAMEO = "# code\tname\tgoldstein\tsymmetric\n04\tConsult\t1.0\tyes\n040\tConsult\t1.0\tyes\n042\tVisit\t1.9\tno\n"
GOOD_PLOVER = "# cameo_code\tplover_type\tplover_mode\tplover_context\n040\tCONSULT\t\t\n042\tCONSULT\tvisit\t\n"


def _write(tmp_path: Path, cameo: str, plover: str = GOOD_PLOVER) -> tuple[Path, Path]:
    cameo_path = tmp_path / "cameo.tsv"
    plover_path = tmp_path / "plover.tsv"
    cameo_path.write_text(cameo, encoding="utf-8")
    plover_path.write_text(plover, encoding="utf-8")
    return cameo_path, plover_path


def test_ontology_load_small_valid_files(tmp_path: Path) -> None:
    onto = load_ontology(*_write(tmp_path, GOOD_CAMEO + "\n# comment\n  \n"))
    assert isinstance(onto, Ontology) and len(onto) == 3
    assert onto["042"].plover_mode == "visit" and onto["04"].plover_type is None
    assert onto["040"].plover_mode is None and onto["040"].plover_context == ()


@pytest.mark.parametrize(
    ("extra_line", "message"),
    [
        ("043\tHost\t2.8", "expected 4 TAB-separated columns"),
        ("043\tHost\t2.8\tno\textra", "expected 4 TAB-separated columns"),
        ("042\tVisit again\t1.9\tno", "duplicate CAMEO code '042' (first on line 4)"),
        ("043\tHost\tabout two\tno", "is not a number"),
        ("043\tHost\tnan\tno", "outside the scale"),
        ("043\tHost\t10.5\tno", "outside the scale"),
        ("043\tHost\t-11\tno", "outside the scale"),
        ("043\tHost\t2.8\tmaybe", "symmetric must be 'yes' or 'no'"),
        ("043\t\t2.8\tno", "empty name"),
        ("43\tHost\t2.8\tno", "no valid root"),
        ("051\tPraise\t3.4\tno", "has no parent: add code '05'"),
        ("0431\tHost twice\t2.8\tno", "has no parent: add code '043'"),
        ("21\tNo such root\t0\tno", "no valid root"),
        ("04x\tHost\t2.8\tno", "bad CAMEO code"),
        ("04311\tHost\t2.8\tno", "bad CAMEO code"),
    ],
)
def test_ontology_cameo_errors_name_file_and_line(tmp_path: Path, extra_line: str, message: str) -> None:
    cameo_path, plover_path = _write(tmp_path, GOOD_CAMEO + extra_line + "\n")
    with pytest.raises(DataFileError) as caught:
        load_ontology(cameo_path, plover_path)
    assert caught.value.path == str(cameo_path) and caught.value.line == 5
    assert str(caught.value).startswith(f"{cameo_path}:5: ")
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("extra_line", "message"),
    [
        ("04\tCONSULT\t", "expected 4 TAB-separated columns"),
        ("04\tCONFER\t\t", "unknown PLOVER type 'CONFER'"),
        ("04\tconsult\t\t", "unknown PLOVER type"),
        ("043\tCONSULT\t\t", "unknown CAMEO code '043'"),
        ("042\tCONSULT\t\t", "duplicate mapping for CAMEO code '042' (first on line 3)"),
        ("04\tCONSULT\tphone call\t", "bad PLOVER mode"),
        ("04\tCONSULT\t\tmilitary, legal", "bad PLOVER context"),
        ("4\tCONSULT\t\t", "bad CAMEO code"),
    ],
)
def test_ontology_plover_errors_name_file_and_line(tmp_path: Path, extra_line: str, message: str) -> None:
    cameo_path, plover_path = _write(tmp_path, GOOD_CAMEO, GOOD_PLOVER + extra_line + "\n")
    with pytest.raises(DataFileError) as caught:
        load_ontology(cameo_path, plover_path)
    assert caught.value.path == str(plover_path) and caught.value.line == 4
    assert message in str(caught.value)


def test_ontology_missing_file_is_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read the file"):
        load_ontology(tmp_path / "absent.tsv", None)


def test_ontology_non_utf8_file_is_data_file_error(tmp_path: Path) -> None:
    cameo_path, plover_path = _write(tmp_path, GOOD_CAMEO)
    cameo_path.write_bytes(GOOD_CAMEO.encode("utf-8") + b"043\tH\xf4te\t2.8\tno\n")
    with pytest.raises(DataFileError, match="not UTF-8"):
        load_ontology(cameo_path, plover_path)


def test_ontology_empty_cameo_file_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="defines no CAMEO codes"):
        load_ontology(*_write(tmp_path, "# only a comment\n", "# nothing\n"))


_ROW = st.tuples(
    st.sampled_from(["04", "040", "042", "043", "0421", "4", "x"]),
    st.text(alphabet="abc \t", max_size=6),
    st.one_of(st.floats(allow_nan=True), st.sampled_from(["1.0", "", "ten"])),
    st.sampled_from(["yes", "no", "", "YES"]),
)


@given(st.lists(_ROW, max_size=6))
def test_ontology_loader_accepts_or_reports_line(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, str, object, str]]
) -> None:
    folder = tmp_path_factory.mktemp("prop")
    text = "".join(f"{c}\t{n}\t{g}\t{s}\n" for c, n, g, s in rows)
    cameo_path, plover_path = _write(folder, text, "")
    try:
        onto = load_ontology(cameo_path, plover_path)
    except DataFileError as error:
        assert error.path == str(cameo_path)
        assert error.line is None or 1 <= error.line <= len(rows)
    else:
        assert len(onto) == len(rows) and all(-10 <= c.goldstein <= 10 for c in onto)
