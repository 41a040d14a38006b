"""Across articles: one actor across spellings, one event across reports, user overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from kestrel import Article, EventStore, default_pipeline
from kestrel.query import EventFilter, actors, dyads, events
from kestrel.resolve import merge_actors, resolve, split_actors

OUTLET_A = Article(
    "a",
    "Iraqi Trade Minister Atheer Dawood al-Ghurairi met Jordanian Foreign Minister Ayman Safadi in Amman "
    "on Monday to discuss wheat imports.\n\nAl-Ghurairi praised Jordan's role in keeping the border open.",
    __import__("datetime").date(2024, 3, 12),
    source="Baghdad Daily Monitor",
)
OUTLET_B = Article(
    "b",
    "Iraq's Minister of Trade Atheer Dawud al-Ghreiri held talks with Jordanian Foreign Minister Ayman Safadi "
    "in Amman on Monday, officials said.",
    __import__("datetime").date(2024, 3, 12),
    source="Levant Wire",
)


@pytest.fixture()
def store(tmp_path: Path) -> EventStore:
    s = EventStore(tmp_path / "k.duckdb")
    s.add([default_pipeline().code_article(a) for a in (OUTLET_A, OUTLET_B)])
    resolve(s)
    return s


def _minister(s: EventStore) -> dict[str, object]:
    found = [a for a in actors(s) if "Atheer Dawood al-Ghurairi" in (a["aliases"] or [])]
    assert len(found) == 1
    return found[0]


def test_resolve_one_actor_across_spellings(store: EventStore) -> None:
    minister = _minister(store)
    assert "Atheer Dawud al-Ghreiri" in minister["aliases"]  # type: ignore[operator]
    assert minister["code"] == "IRQGOV"


def test_resolve_one_linked_event_with_two_mentions(store: EventStore) -> None:
    meetings = [e for e in events(store, EventFilter(dyad="IRQ-JOR", root="04"))]
    assert len(meetings) == 1
    assert meetings[0]["num_mentions"] == 2 and meetings[0]["num_articles"] == 2 and meetings[0]["num_sources"] == 2


def test_resolve_is_idempotent(store: EventStore) -> None:
    before = (len(actors(store)), len(events(store)))
    resolve(store)
    assert (len(actors(store)), len(events(store))) == before


def test_resolve_split_then_merge_is_kept(store: EventStore) -> None:
    ids = [
        r[0]
        for r in store.db.execute(
            "SELECT DISTINCT actor_id FROM mentions WHERE actor_id LIKE 'name:IRQGOV:%'"
        ).fetchall()
    ]
    assert len(ids) == 2
    split_actors(store, ids[0], ids[1])
    assert not [
        a for a in actors(store) if {"Atheer Dawood al-Ghurairi", "Atheer Dawud al-Ghreiri"} <= set(a["aliases"] or [])
    ]
    merge_actors(store, ids[0], ids[1])
    assert _minister(store)


def test_resolve_keeps_different_people_apart(tmp_path: Path) -> None:
    s = EventStore(tmp_path / "k.duckdb")
    texts = [
        "Qatari Trade Minister Khalid bin Abdulrahman al-Mannai met Iraqi officials in Doha.",
        "Qatari Trade Minister Khalid bin Hamad al-Mannai met Iraqi officials in Doha.",
        "Qatari Trade Minister Khaled bin Abdul Rahman al-Manai met Iraqi officials in Doha.",
    ]
    s.add([default_pipeline().code_article(Article(str(i), t)) for i, t in enumerate(texts)])
    resolve(s)
    people = [a for a in actors(s) if a["kind"] == "person"]
    assert len(people) == 2  # the two spellings of bin Abdulrahman merge; bin Hamad stays apart
    assert any(
        {"Khalid bin Abdulrahman al-Mannai", "Khaled bin Abdul Rahman al-Manai"} <= set(a["aliases"]) for a in people
    )


def test_resolve_dyads_per_month(store: EventStore) -> None:
    rows = dyads(store)
    assert any(r["source"] == "IRQ" and r["target"] == "JOR" and r["period"].startswith("2024-03") for r in rows)


def test_resolve_seeds_one_minister(shared: Path, tmp_path: Path) -> None:
    from kestrel import read_inputs

    s = EventStore(tmp_path / "k.duckdb")
    s.add([default_pipeline().code_article(a) for a in read_inputs([shared / "seeds"]) if isinstance(a, Article)])
    resolve(s)
    ministers = [a for a in actors(s) if {"Juma Enad Saadoun", "Juma Inad Sadoon"} & set(a["aliases"] or [])]
    assert len(ministers) == 1 and {"Juma Enad Saadoun", "Juma Inad Sadoon"} <= set(ministers[0]["aliases"])
    articles = {
        r[0]
        for r in s.db.execute(
            "SELECT DISTINCT e.article_id FROM events e JOIN actor_map m ON m.raw_id IN (e.source_actor_id, e.target_actor_id) WHERE m.actor_id = ?",
            [ministers[0]["actor_id"]],
        ).fetchall()
    }
    assert len(articles) == 2
    others = {a["name"] for a in actors(s)}
    assert {"Amir Ali Hajizadeh", "Abdel Moneim El-Terras", "Abdel Fattah el-Sisi"} <= others
    before = s.counts()
    s.add([default_pipeline().code_article(a) for a in read_inputs([shared / "seeds"]) if isinstance(a, Article)])
    resolve(s)
    assert s.counts() == before


@pytest.mark.parametrize("enabled", [True, False])
def test_resolve_leaves_the_cycle_collector_as_it_was(store: EventStore, enabled: bool) -> None:
    import gc

    import duckdb

    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        resolve(store)
        assert gc.isenabled() is enabled
        with pytest.raises(duckdb.Error):  # also when the pass fails
            store.close()
            resolve(store)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def _mention(
    article: str, actor_id: str, name: str, sectors: tuple[str, ...] = (), kind: str = "person", country: str = "IRQ"
) -> tuple[object, ...]:
    # a row of COLUMNS["mentions"]
    return (article, 0, 0, len(name), name, "name", actor_id, country, country, sectors, name, kind, name)


def _raw_store(path: Path, mentions: list[tuple[object, ...]]) -> EventStore:
    s = EventStore(path)
    s.bulk_insert("articles", [{"article_hash": h, "article_id": h} for h in sorted({str(m[0]) for m in mentions})])
    s.insert_rows("mentions", mentions)
    return s


def test_resolve_raw_actor_takes_its_most_frequent_description(tmp_path: Path) -> None:
    from kestrel.resolve import raw_actors

    rows = [_mention(f"a{i}", "name:IRQ:x", "Juma Inad Sadoon", ("GOV",)) for i in range(3)]
    rows.insert(0, _mention("a9", "name:IRQ:x", "Juma Inad Sadoon", ("MIL",)))
    with _raw_store(tmp_path / "k.duckdb", rows) as s:
        (raw,) = raw_actors(s.db)
    assert raw.sectors == ("GOV",) and raw.mentions == 4


def test_resolve_same_mentions_in_any_order_resolve_the_same(tmp_path: Path) -> None:
    # three spellings of one person, equally often: which merge joins whom, and why, must not
    # depend on the order the store returns rows in
    from kestrel.resolve import resolve_actors

    names = {"name:IRQ:a": "Juma Inad Sadoon", "name:IRQ:b": "Juma Enad Saadoun", "name:IRQ:c": "Jumaa Inad Sadoun"}
    rows = [_mention(f"{key[-1]}{i}", key, name) for key, name in names.items() for i in range(2)]
    maps = []
    for n, ordered in enumerate((rows, rows[::-1])):
        with _raw_store(tmp_path / f"k{n}.duckdb", ordered) as s:
            assert resolve_actors(s).actors == 1
            maps.append(s.db.execute("SELECT * FROM actor_map ORDER BY raw_id").fetchall())
    assert maps[0] == maps[1]


@pytest.mark.parametrize(
    ("raws", "expected"),
    [
        # a bare family name matches two people of the knowledge base equally: it joins neither,
        # and never joins them to each other
        (
            [("bill-clinton", "Bill Clinton", "person"), ("hillary-clinton", "Hillary Clinton", "person"),
             ("name:USA:clinton", "Clinton", "person")],
            [{"bill-clinton"}, {"hillary-clinton"}, {"name:USA:clinton"}],
        ),
        # a name that half-matches his brothers but matches him clearly better joins him alone
        (
            [("mohamed-bin-zayed", "Mohamed bin Zayed Al Nahyan", "person"),
             ("khalifa-bin-zayed", "Khalifa bin Zayed Al Nahyan", "person"),
             ("name:ARE:mbz", "Muhammad bin Zayed Al Nahyan", "person")],
            [{"mohamed-bin-zayed", "name:ARE:mbz"}, {"khalifa-bin-zayed"}],
        ),
        # a country is not the organisation named after it
        (
            [("qat", "Qatar", "country"), ("name:QAT:foundation", "Qatar Foundation", "organization")],
            [{"qat"}, {"name:QAT:foundation"}],
        ),
    ],
)  # fmt: skip
def test_resolve_never_folds_knowledge_base_entries_together(
    tmp_path: Path, raws: list[tuple[str, str, str]], expected: list[set[str]]
) -> None:
    from kestrel.resolve import resolve_actors

    rows = [_mention(f"{key}-{i}", key, name, kind=kind) for key, name, kind in raws for i in range(2)]
    with _raw_store(tmp_path / "k.duckdb", rows) as s:
        resolve_actors(s)
        groups = s.db.execute("SELECT list(raw_id) FROM actor_map GROUP BY actor_id").fetchall()
    assert sorted(map(sorted, (set(g) for (g,) in groups))) == sorted(map(sorted, expected))


def test_resolve_a_chain_of_loose_names_cannot_join_two_knowledge_base_entries(tmp_path: Path) -> None:
    # "Clinton" matches both loose spellings, and each of those matches one Clinton of the
    # knowledge base: joined blindly, the chain would make Bill and Hillary one actor
    from kestrel.resolve import resolve_actors

    raws = {
        "bill-clinton": "Bill Clinton",
        "hillary-clinton": "Hillary Clinton",
        "name:USA:b": "William Clinton",
        "name:USA:h": "Hilary Clinton",
        "name:USA:c": "Clinton",
    }
    rows = [_mention(f"{key}-{i}", key, name) for key, name in raws.items() for i in range(2)]
    with _raw_store(tmp_path / "k.duckdb", rows) as s:
        resolve_actors(s)
        groups = [set(g) for (g,) in s.db.execute("SELECT list(raw_id) FROM actor_map GROUP BY actor_id").fetchall()]
    assert not [g for g in groups if {"bill-clinton", "hillary-clinton"} <= g]
    assert {"hillary-clinton", "name:USA:h"} in [g - {"name:USA:c"} for g in groups]


def test_resolve_every_event_points_at_its_linked_event(store: EventStore) -> None:
    # a negated event is never linked: it points at itself; the others at their group's first event
    store.db.execute(
        "INSERT INTO events BY NAME SELECT * REPLACE ('negated-copy' AS event_id, true AS negated, NULL AS linked_id) "
        "FROM events LIMIT 1"
    )
    resolve(store)
    rows = store.db.execute(
        "SELECT e.event_id, e.linked_id, l.linked_id FROM events e LEFT JOIN event_links l USING (event_id)"
    ).fetchall()
    assert ("negated-copy", "negated-copy", None) in rows
    assert all(linked == (link or event) for event, linked, link in rows)
    assert any(linked != event for event, linked, _ in rows)  # the two outlets' meeting is one event
