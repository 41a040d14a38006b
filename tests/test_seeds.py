"""The two seed articles: the events, actors and dates Kestrel must get (../shared, skipped if absent)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kestrel import Article, default_pipeline, read_inputs


def _norm(s: str) -> str:
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s).strip().lower()


@pytest.fixture(scope="module")
def seeds(shared: Path) -> dict[str, list[object]]:
    out = {}
    for article in read_inputs([shared / "seeds"]):
        assert isinstance(article, Article)
        out[article.article_id[:3]] = list(default_pipeline().code_article(article).events)
    return out


def _gold(shared: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (shared / "gold" / "seeds.jsonl").read_text().splitlines() if line.strip()]


def _found(events: list[object], g: dict[str, object]) -> bool:
    phrase = _norm(str(g["evidence"]))[:40]
    for e in events:
        src = (e.source.code if e.source else "")[:3]  # type: ignore[attr-defined]
        tgt = (e.target.code if e.target else "")[:3]  # type: ignore[attr-defined]
        if (
            phrase in _norm(e.evidence.sentence)  # type: ignore[attr-defined]
            and e.cameo_code in g["codes"]  # type: ignore[attr-defined,operator]
            and src == g["source"]
            and tgt == g["target"]
        ):
            return True
    return False


def test_seeds_required_events(shared: Path, seeds: dict[str, list[object]]) -> None:
    gold = [g for g in _gold(shared) if g["required"]]
    found = [g for g in gold if _found(seeds[str(g["article"])[:3]], g)]
    missed = [g["evidence"] for g in gold if g not in found]
    assert len(found) >= 8, missed


def test_seeds_dates(shared: Path, seeds: dict[str, list[object]]) -> None:
    assert all(e.date.date is None for e in seeds["000"])  # type: ignore[attr-defined]
    meeting = [e for e in seeds["002"] if e.sentence_index == 0 and e.cameo_root == "04"]  # type: ignore[attr-defined]
    assert meeting and all(str(e.date.date) == "2020-11-16" for e in meeting)  # type: ignore[attr-defined]
