"""The actor knowledge-base loader: validation with file:line, user files, case rules, dated roles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kestrel import DataFileError, load_knowledge_base
from kestrel.actors import ActorRecognizer, code_actor


@pytest.mark.parametrize(
    ("name", "content", "line", "message"),
    [
        ("countries_x.tsv", "# c\nIRQ\tIraq\tIraqi\tBaghdad\nirq\tIraq\t\t\n", 3, "3-letter upper-case"),
        ("countries_x.tsv", "IRQ\tIraq\n", 1, "expected 3 to 4"),
        ("countries_x.tsv", "XYZ\tX\tX\tX=GOVXXX\n", 1, "unknown sector code 'XXX'"),
        ("organizations_x.tsv", "a\t\tIRQ\tGOV\tclub\tA\n", 1, "kind must be one of"),
        ("organizations_x.tsv", "a\tIRQGOV\tIRQ\tGOV\n", 1, "expected 6"),
        ("agents_x.tsv", "minister\tGOV\tboss\n", 1, "unknown flag"),
        (
            "people_x.yaml",
            "- id: x\n  name: X\n  country: IRQ\n  roles:\n    - {title: P, start: 2020-05-01, end: 2019-01-01}\n",
            1,
            "ends before it starts",
        ),
        (
            "people_x.yaml",
            "- id: x\n  name: X\n  country: IRQ\n  roles:\n    - {title: P, start: soon}\n",
            1,
            "not a date",
        ),
        ("people_x.yaml", "- name: X\n", 1, "needs at least `id` and `name`"),
        ("people_x.yaml", "- id: [\n", None, "invalid YAML"),
        ("notes.txt", "hello", None, "unknown knowledge file"),
    ],
)
def test_actors_kb_errors_name_file_and_line(
    tmp_path: Path, name: str, content: str, line: int | None, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as info:
        load_knowledge_base([path], defaults=False)
    assert info.value.path == str(path)
    if line is not None:
        assert info.value.line == line


def test_actors_kb_user_files_extend_and_override(tmp_path: Path) -> None:
    people = tmp_path / "people_extra.yaml"
    people.write_text(
        "- id: zed-qorvani\n  name: Zed Qorvani\n  aliases: [Qorvani]\n  country: ARM\n"
        "  roles:\n    - {title: Foreign Minister, sectors: [GOV], start: 2031-02-01}\n",
        encoding="utf-8",
    )
    recognizer = ActorRecognizer(load_knowledge_base([people]))
    actor = code_actor("Qorvani", on=dt.date(2031, 3, 1), recognizer=recognizer)
    assert actor is not None and (actor.code, actor.kb_id) == ("ARMGOV", "zed-qorvani")
    before = code_actor("Qorvani", on=dt.date(2030, 1, 1), recognizer=recognizer)
    assert before is not None and before.code == "ARM"


@pytest.mark.parametrize(
    ("text", "code"),
    [("US troops", "USAMIL"), ("us", None), ("Turkey", "TUR"), ("turkey", None), ("AOI", "EGYGOVBUS"), ("aoi", None)],
)
def test_actors_kb_case_rules(text: str, code: str | None) -> None:
    actor = code_actor(text)
    assert (actor.code if actor else None) == code


def test_actors_kb_loads_fast() -> None:
    import time

    t0 = time.perf_counter()
    load_knowledge_base()
    assert time.perf_counter() - t0 < 5  # ~0.5 s on the development machine; generous for CI


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_actors_kb_loader_never_crashes_on_garbage(tmp_path_factory: pytest.TempPathFactory, content: str) -> None:
    path = tmp_path_factory.mktemp("kb") / "agents_fuzz.tsv"
    path.write_text(content, encoding="utf-8")
    try:
        load_knowledge_base([path], defaults=False)
    except DataFileError as exc:
        assert exc.path == str(path)
