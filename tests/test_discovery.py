"""Discovered people: learnt from titles, listed with evidence, exported as a knowledge file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from kestrel import Article, EventStore, default_pipeline
from kestrel.actors import ActorRecognizer, code_actor, load_knowledge_base
from kestrel.discovery import discovered_people, to_people_yaml


def test_discovery_lists_and_exports_people(tmp_path: Path) -> None:
    text = "Ghanaian Trade Minister Kofi Mensah-Aduamah met Nigerian officials in Accra.\n\nMensah-Aduamah praised Nigeria."
    with EventStore(tmp_path / "k.duckdb") as store:
        store.add([default_pipeline().code_article(Article("a", text, dt.date(2031, 5, 4)))])
        people = discovered_people(store)
    found = [p for p in people if p.name == "Kofi Mensah-Aduamah"]
    assert found and found[0].country == "GHA" and found[0].sectors[0] == "GOV"
    assert found[0].first_seen == "2031-05-04" and "Ghanaian Trade Minister" in found[0].titles
    path = tmp_path / "people_discovered.yaml"
    path.write_text(to_people_yaml(people), encoding="utf-8")
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert any(e["name"] == "Kofi Mensah-Aduamah" for e in entries)
    # the exported file is a valid knowledge file: the person is now known by name alone
    recognizer = ActorRecognizer(load_knowledge_base([path]))
    actor = code_actor("Kofi Mensah-Aduamah", on=dt.date(2031, 6, 1), recognizer=recognizer)
    assert actor is not None and actor.code.startswith("GHAGOV")


def test_discovery_short_form_within_an_article() -> None:
    text = "Ghanaian Trade Minister Kofi Mensah-Aduamah arrived.\n\nMensah-Aduamah praised Nigeria."
    coded = default_pipeline().code_article(Article("a", text))
    later = [m for m in coded.mentions if m.sentence_index == 1 and m.text == "Mensah-Aduamah"]
    assert later and later[0].actors[0].code == "GHAGOV"
