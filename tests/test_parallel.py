"""Several processes code exactly what one does, in the same order."""

from __future__ import annotations

from pathlib import Path

from kestrel import Article, PipelineConfig
from kestrel.parallel import code_batch, pipe_parallel, rows_parallel
from kestrel.serialize import event_to_dict

TEXTS = [
    "Egypt praised Iraq.",
    "Iraqi troops attacked Islamic State fighters near Mosul.",
    "Turkey and Azerbaijan agreed to strengthen military cooperation.",
    "Russia did not attack Ukrainian ports.",
    "The EU imposed sanctions on Iran.",
] * 3


def test_parallel_matches_one_process() -> None:
    articles = [Article(str(i), t) for i, t in enumerate(TEXTS)]
    one = [[event_to_dict(e) for e in c.events] for c in pipe_parallel(articles, workers=1)]
    two = [
        [event_to_dict(e) for e in c.events] for c in pipe_parallel(articles, PipelineConfig(), workers=2, batch_size=4)
    ]
    assert one == two and any(one)


def test_parallel_batches_drop_tokens() -> None:
    coded = code_batch([Article("a", "Egypt praised Iraq.")])
    assert coded[0].events and all(s.tokens == () for s in coded[0].sentences)


def test_parallel_rows_from_workers_store_what_one_process_stores(tmp_path: Path) -> None:
    # workers lay articles out as store rows and sign them; the store holds the same rows either way
    from kestrel.store import ArticleRows, EventStore, article_rows

    story = " ".join(f"Iraqi and Iranian ministers met for talks, round {i}." for i in range(30))
    texts = [*TEXTS, story, story + " (A wire copy.)"]
    articles = [Article(str(i), t) for i, t in enumerate(texts)]
    laid = list(rows_parallel(articles, workers=2, batch_size=4))
    assert all(isinstance(r, ArticleRows) and r.signature for r in laid)
    coded = list(pipe_parallel(articles, workers=1))
    assert [r.events for r in laid] == [article_rows(c, "now").events for c in coded]
    tables = ("articles", "mentions", "events")
    stored = []
    for i, source in enumerate((laid, coded)):
        with EventStore(tmp_path / f"{i}.duckdb") as store:
            result = store.add_all(source, batch_size=4)
            # TEXTS repeats its texts under other ids: each repeat is a near-duplicate, and so is the copy
            assert (result.new, result.near_duplicates) == (len(texts), len(TEXTS) - len(set(TEXTS)) + 1)
            stored.append(
                [store.db.execute(f"SELECT * EXCLUDE (coded_at) FROM {t} ORDER BY ALL").fetchall() for t in tables[:1]]
                + [store.db.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables[1:]]
            )
    assert stored[0] == stored[1]
