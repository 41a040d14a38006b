"""Scoring against gold files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kestrel import default_pipeline, evaluate, read_gold
from kestrel.evaluate import Scores
from kestrel.models import InputProblem


def _write(tmp_path: Path, rows: list[dict[str, object]]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_evaluate_scores_root_full_and_plover(tmp_path: Path) -> None:
    gold = _write(
        tmp_path,
        [
            {
                "id": "1",
                "text": "Iraqi troops attacked Islamic State fighters.",
                "expected_events": [{"source": "IRQ", "target": "IMG", "code": "190", "plover": "ASSAULT"}],
            },
            {
                "id": "2",
                "text": "Egypt praised Iraq.",
                "date": "2020-11-16",
                "expected_events": [{"source": "EGY", "target": "IRQ", "code": "051"}],
            },
            {
                "id": "3",
                "text": "The weather was fine.",
                "expected_events": [{"source": "USA", "target": "CHN", "code": "042"}],
            },
        ],
    )
    report = evaluate(read_gold(gold), default_pipeline().code_article)
    assert report.sentences == 3
    assert report.root.tp == 2 and report.root.fn == 1
    assert report.plover.tp == 1
    assert report.per_root["04"].fn == 1


def test_evaluate_unknown_actor_matches_anything(tmp_path: Path) -> None:
    gold = _write(
        tmp_path,
        [
            {
                "id": "1",
                "text": "Egypt praised Iraq.",
                "expected_events": [{"source": "---", "target": "IRQ", "code": "051"}],
            }
        ],
    )
    assert evaluate(read_gold(gold), default_pipeline().code_article).root.tp == 1


def test_evaluate_pentaclass_uses_first_event(tmp_path: Path) -> None:
    gold = _write(
        tmp_path,
        [
            {"id": "1", "text": "Egypt praised Iraq.", "date": "", "pentaclass": 1},
            {"id": "2", "text": "Nothing happened here.", "date": "", "pentaclass": 4},
        ],
    )
    report = evaluate(read_gold(gold), default_pipeline().code_article)
    assert report.pentaclass_total == 2 and report.pentaclass_correct == 1 and report.pentaclass_no_event == 1
    assert report.as_dict()["pentaclass"]["accuracy"] == 0.5


def test_evaluate_bad_lines_are_problems(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "1", "text": "Egypt praised Iraq.", "pentaclass": 1}\n{broken\n', encoding="utf-8")
    items = list(read_gold(path))
    assert isinstance(items[1], InputProblem) and items[1].origin.endswith(":2")


@pytest.mark.parametrize(("tp", "fp", "fn", "f1"), [(0, 0, 0, 0.0), (1, 0, 0, 1.0), (1, 1, 1, 0.5), (3, 1, 0, 6 / 7)])
def test_evaluate_scores_ratios(tp: int, fp: int, fn: int, f1: float) -> None:
    assert Scores(tp, fp, fn).f1 == pytest.approx(f1)


def test_evaluate_own_gold_set_floor() -> None:
    # bench/data/events_gold.jsonl: 306 news-style sentences we wrote and labelled without looking at the
    # coder (see bench/data/README.md). A floor that catches regressions; the note of each release
    # quotes the measured figures (kestrel eval bench/data/events_gold.jsonl).
    path = Path(__file__).resolve().parents[1] / "bench" / "data" / "events_gold.jsonl"
    report = evaluate(read_gold(path), default_pipeline().code_article)
    assert report.sentences >= 300 and not report.problems
    assert report.pentaclass_correct / report.pentaclass_total >= 0.80
