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


def test_seeds_supplied_date_resolves_saturday(shared: Path) -> None:
    import datetime as dt

    from kestrel import IngestOptions

    options = IngestOptions(default_date=dt.date(2020, 11, 22))
    article = next(a for a in read_inputs([shared / "seeds" / "000_c283dc8e6ac84b51.txt"], options))
    assert isinstance(article, Article)
    first = [e for e in default_pipeline().code_article(article).events if e.sentence_index == 0]
    assert first and all(str(e.date.date) == "2020-11-21" and e.date.phrase == "on Saturday" for e in first)


def test_seeds_actor_expectations(shared: Path) -> None:
    """The mentions of seeds.expect.json get the expected codes (pronoun, acronym, short forms)."""
    expect = json.loads((shared / "gold" / "seeds.expect.json").read_text())
    mentions = []
    for article in read_inputs([shared / "seeds"]):
        assert isinstance(article, Article)
        mentions.extend(default_pipeline().code_article(article).mentions)
    for group in expect["actors"]:
        for surface in group["same_actor"]:
            found = [m for m in mentions if m.text == surface or (m.name or "") == surface or m.text.endswith(surface)]
            assert found, surface
            for m in found:
                if "code" in group:
                    assert m.actors[0].code == group["code"], (surface, m.actors[0].code)
                if "country" in group:
                    assert m.actors[0].country == group["country"], (surface, m.actors[0].country)
    he = [m for m in mentions if m.text == "He" and m.sentence_index == 1]
    assert he and he[0].actors[0].code == "IRQGOVMIL"
    organization = [m for m in mentions if m.text == "organization"]
    assert organization and all(m.actors[0].country == "EGY" for m in organization)
