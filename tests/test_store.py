"""The DuckDB event store: idempotent, transactional inserts and simple queries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pytest import MonkeyPatch

from kestrel import Article, EventStore, default_pipeline
from kestrel.models import CodedArticle, Event
from kestrel.store import article_hash, mention_rows

STORY = Article("s1", "Iraqi troops attacked Islamic State fighters in Mosul.\n\nEgypt praised Iraq.", None)


def test_store_adds_articles_events_and_mentions(tmp_path: Path) -> None:
    coded = default_pipeline().code_article(STORY)
    with EventStore(tmp_path / "k.duckdb") as store:
        result = store.add([coded])
        assert result.new == 1 and result.duplicate == 0 and result.events == len(coded.events) > 0
        counts = store.counts()
        assert counts["articles"] == 1 and counts["events"] == len(coded.events)
        assert counts["mentions"] >= 3


def test_store_is_idempotent(tmp_path: Path) -> None:
    coded = default_pipeline().code_article(STORY)
    path = tmp_path / "k.duckdb"
    with EventStore(path) as store:
        store.add([coded, coded])
        before = store.counts()
    with EventStore(path) as store:  # reopening applies no migration twice
        again = store.add([coded])
        assert again.new == 0 and again.duplicate == 1
        assert store.counts() == before


def test_store_edited_article_is_new() -> None:
    edited = Article("s1", STORY.text + " Iran agreed.", None)
    assert article_hash(edited) != article_hash(STORY)


def test_store_events_come_back_in_the_schema(tmp_path: Path) -> None:
    coded = default_pipeline().code_article(STORY)
    with EventStore(tmp_path / "k.duckdb") as store:
        store.add([coded])
        events = store.events()
        assert {e["cameo_code"] for e in events} == {e.cameo_code for e in coded.events}
        actors = store.actors()
        assert any(a["code"].startswith("IRQ") for a in actors)


def test_store_recomputes_signatures_of_an_older_scheme(tmp_path: Path) -> None:
    from kestrel.near_duplicates import NearDuplicateIndex

    long_story = Article(
        "w1", " ".join(f"Iraqi and Iranian officials met for talks round {i}." for i in range(30)), None
    )
    copy = Article("w2", long_story.text + " (Reporting by a wire desk.)", None)
    pipeline = default_pipeline()
    path = tmp_path / "k.duckdb"
    with EventStore(path) as store:
        store.add([pipeline.code_article(long_story)])
        # a store from before scheme 2: migration 5 not applied, a signature of another scheme
        store.db.execute("UPDATE articles SET minhash = [1, 2, 3]")
        store.db.execute("DELETE FROM schema_migrations WHERE version = 5")
    with EventStore(path) as store:
        result = store.add([pipeline.code_article(copy)])
        assert result.near_duplicates == 1
        rows = dict(store.db.execute("SELECT article_id, minhash FROM articles").fetchall())
        assert rows["w1"] == NearDuplicateIndex().signature(long_story.text)
        dup = store.db.execute("SELECT dup_of FROM articles WHERE article_id = 'w2'").fetchone()
        assert dup == (article_hash(long_story),)


def test_store_add_all_streams_in_batches(tmp_path: Path) -> None:
    import pytest

    pipeline = default_pipeline()
    articles = [
        Article(f"a{i}", f"Iraqi troops attacked Islamic State fighters in Mosul, day {i}.", None) for i in range(5)
    ]
    coded = [pipeline.code_article(a) for a in articles]
    with EventStore(tmp_path / "k.duckdb") as store:
        # a generator, with one article twice: five new, one already seen, in batches of two
        result = store.add_all((c for c in [*coded, coded[0]]), batch_size=2)
        assert (result.new, result.duplicate) == (5, 1)
        assert result.events == sum(len(c.events) for c in coded) == store.counts()["events"]
        with pytest.raises(ValueError, match="batch_size"):
            store.add_all(coded, batch_size=0)


def test_store_sees_articles_stored_by_other_means(tmp_path: Path) -> None:
    # the exact-duplicate check uses the near-duplicate index; rows written by plain SQL must count too
    coded = default_pipeline().code_article(STORY)
    with EventStore(tmp_path / "k.duckdb") as store:
        store.add([])  # builds the (empty) index
        store.db.execute(
            "INSERT INTO articles (article_hash, article_id, text) VALUES (?, ?, ?)",
            [article_hash(STORY), STORY.article_id, STORY.text],
        )
        again = store.add([coded])
        assert (again.new, again.duplicate) == (0, 1)


def test_store_links_a_copy_in_the_same_batch(tmp_path: Path) -> None:
    # signatures are made per batch, after its articles are coded: a copy still links to the
    # original that came before it, in the same batch or an earlier one
    pipeline = default_pipeline()
    story = Article("o1", " ".join(f"Egyptian and Iraqi ministers met for talks, round {i}." for i in range(30)), None)
    copies = [Article(f"c{i}", f"{story.text} (Copy {i} by a wire desk.)", None) for i in range(3)]
    with EventStore(tmp_path / "k.duckdb") as store:
        result = store.add_all((pipeline.code_article(a) for a in [story, *copies]), batch_size=2)
        assert (result.new, result.near_duplicates) == (4, 3)
        links = dict(store.db.execute("SELECT article_id, dup_of FROM articles").fetchall())
        assert links["o1"] is None and links["c0"] == article_hash(story)  # c0 and o1 share a batch
        assert all(links[f"c{i}"] for i in (1, 2))  # c2 is in a batch after o1's


def _stories(n: int) -> list[Article]:
    return [
        Article(f"i{i}", f"Iraqi troops attacked Islamic State fighters in Mosul, day {i}.", None) for i in range(n)
    ]


def test_store_interrupted_run_keeps_whole_batches(tmp_path: Path) -> None:
    # coding stops (Ctrl-C) in the middle of the second batch: the first batch is stored whole and
    # nothing of the second is
    import pytest

    pipeline = default_pipeline()

    def interrupted() -> Iterator[CodedArticle]:
        for i, article in enumerate(_stories(5)):
            if i == 3:
                raise KeyboardInterrupt
            yield pipeline.code_article(article)

    with EventStore(tmp_path / "k.duckdb") as store:
        with pytest.raises(KeyboardInterrupt):
            store.add_all(interrupted(), batch_size=2)
        stored = {r[0] for r in store.db.execute("SELECT article_id FROM articles").fetchall()}
        assert stored == {"i0", "i1"}
        assert {r[0] for r in store.db.execute("SELECT DISTINCT article_id FROM events").fetchall()} == stored


def test_store_failed_write_leaves_no_half_written_article(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    # the events of the second article cannot be written: its batch is rolled back whole (article,
    # mentions and all), the error names the store, and the store takes the article again later
    import pytest

    import kestrel._store_rows as store_module
    from kestrel.errors import StoreError

    pipeline = default_pipeline()
    coded = [pipeline.code_article(a) for a in _stories(2)]
    good_row = store_module.event_row

    def bad_row(key: str, event: Event) -> dict[str, object]:
        row = good_row(key, event)
        return {**row, "goldstein": "not a number"} if event.article_id == "i1" else row

    path = tmp_path / "k.duckdb"
    with EventStore(path) as store:
        store.add([coded[0]])
        monkeypatch.setattr(store_module, "event_row", bad_row)
        with pytest.raises(StoreError, match=str(path)):
            store.add([coded[1]])
        counts = store.counts()
        assert counts["articles"] == 1
        assert store.db.execute(
            "SELECT count(*) FROM mentions WHERE article_hash = ?", [article_hash(coded[1].article)]
        ).fetchone() == (0,)
        monkeypatch.setattr(store_module, "event_row", good_row)
        assert store.add([coded[1]]).new == 1
        assert store.counts()["events"] == counts["events"] + len(coded[1].events)


def test_store_keeps_the_first_event_of_an_id(tmp_path: Path) -> None:
    # an event id names an article id, sentence, trigger, code and actors: the same event coded twice
    # in one article, or again in an edited re-publication under the same id, is stored once
    from dataclasses import replace

    pipeline = default_pipeline()
    coded = pipeline.code_article(STORY)
    twice = replace(coded, events=(*coded.events, coded.events[0]))
    edited = pipeline.code_article(Article(STORY.article_id, STORY.text + "\n\nIran agreed.", None))
    with EventStore(tmp_path / "k.duckdb") as store:
        assert store.add([twice]).events == len(coded.events) == store.counts()["events"]
        assert store.add([edited]).new == 1
        stored = store.db.execute("SELECT event_id, article_hash FROM events").fetchall()
        assert len(stored) == len({e.event_id for e in (*coded.events, *edited.events)})
        first = {e.event_id for e in coded.events}
        assert all(key == article_hash(STORY) for event_id, key in stored if event_id in first)


def test_store_checkpoints_each_batch_in_the_background_while_the_next_is_coded(
    tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    # batches are written in the background, and a checkpoint is queued when the batch after one
    # begins, never after the last batch (one `add` stays one transaction with no checkpoint); no
    # work is left running on return
    from kestrel._store_background import Background

    queued: list[str] = []
    real_write, real_checkpoint = Background.write, Background.checkpoint

    def write(self: Background, staged: list[Any]) -> None:
        queued.append("write " + ",".join(table for table, _names, _arrays in staged))
        real_write(self, staged)

    def checkpoint(self: Background) -> None:
        queued.append("checkpoint")
        real_checkpoint(self)

    monkeypatch.setattr(Background, "write", write)
    monkeypatch.setattr(Background, "checkpoint", checkpoint)
    pipeline = default_pipeline()
    coded = [pipeline.code_article(a) for a in _stories(5)]
    path = tmp_path / "k.duckdb"
    with EventStore(path) as store:
        store.add(coded[:1])
        assert queued == ["write articles,mentions,events"]
        assert store.add_all(coded[1:], batch_size=2).new == 4
        assert queued[1:] == ["write articles,mentions,events", "checkpoint", "write articles,mentions,events"]
        assert store._background._queued == []
        assert store.counts()["articles"] == 5
    with EventStore(path, read_only=True) as store:
        assert store.counts()["articles"] == 5


def test_store_failed_background_checkpoint_names_the_store(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    import duckdb
    import pytest

    from kestrel._store_background import Background
    from kestrel.errors import StoreError

    def failing(cursor: duckdb.DuckDBPyConnection) -> None:
        raise duckdb.IOException("disk full")

    pipeline = default_pipeline()
    coded = [pipeline.code_article(a) for a in _stories(3)]
    path = tmp_path / "k.duckdb"
    with EventStore(path) as store:
        monkeypatch.setattr(Background, "_checkpoint", staticmethod(failing))
        with pytest.raises(StoreError, match=f"could not checkpoint {path}.*disk full.*write-ahead log"):
            store.add_all(coded, batch_size=1)
        assert store.counts()["articles"] == 1  # the first batch is committed; its checkpoint failed


def test_store_failed_background_write_rolls_back_its_batch(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    # a batch whose insert fails in the background leaves nothing of itself, stops the stream with a
    # message naming the store, and can be stored again later
    import duckdb
    import pytest

    from kestrel._store_background import insert_staged
    from kestrel.errors import StoreError

    calls: list[str] = []

    def flaky(db: duckdb.DuckDBPyConnection, table: str, names: list[str], arrays: dict[str, Any]) -> None:
        calls.append(table)
        if len(calls) == 5:  # the second batch's mentions, after its article is in
            raise duckdb.IOException("disk full")
        insert_staged(db, table, names, arrays)

    pipeline = default_pipeline()
    coded = [pipeline.code_article(a) for a in _stories(3)]
    path = tmp_path / "k.duckdb"
    with EventStore(path) as store:
        monkeypatch.setattr("kestrel._store_background.insert_staged", flaky)
        with pytest.raises(StoreError, match=f"could not write to {path}.*disk full"):
            store.add_all(coded, batch_size=1)
        monkeypatch.undo()
        counts = store.counts()
        assert counts["articles"] == 1
        assert counts["mentions"] == len(list(mention_rows(article_hash(coded[0].article), coded[0])))
        assert store.add_all(coded).new == 2
        assert store.counts()["articles"] == 3


_ROW = st.tuples(
    st.none() | st.integers(-(2**31), 2**31 - 1),
    st.none() | st.floats(allow_nan=False, width=64),
    st.none() | st.booleans(),
    st.none() | st.text(),
    st.none() | st.lists(st.text(max_size=5), max_size=3).map(tuple),
    st.none() | st.dates().map(lambda d: d.isoformat()),
)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(_ROW, max_size=40))
def test_store_bulk_insert_keeps_every_value_and_null(rows: list[tuple[object, ...]]) -> None:
    # rows are staged as numpy columns: missing numbers stay NULL (not 0 or NaN), a tuple is one
    # list value even when every tuple has the same length, text comes back byte for byte
    import datetime as dt

    columns = (("i", "INTEGER"), ("f", "DOUBLE"), ("b", "BOOLEAN"), ("s", "VARCHAR"), ("l", "VARCHAR[]"), ("d", "DATE"))
    with EventStore(":memory:") as store:
        store.db.execute("CREATE TABLE t (n INTEGER, i INTEGER, f DOUBLE, b BOOLEAN, s VARCHAR, l VARCHAR[], d DATE)")
        numbered = [dict(zip(("n", *(c for c, _ in columns)), (n, *row), strict=True)) for n, row in enumerate(rows)]
        store.bulk_insert("t", numbered, (("n", "INTEGER"), *columns))
        back = store.db.execute("SELECT i, f, b, s, l, d FROM t ORDER BY n").fetchall()
    expected = [
        (*row[:4], None if row[4] is None else list(row[4]), None if row[5] is None else dt.date.fromisoformat(row[5]))
        for row in rows
    ]
    assert back == expected
