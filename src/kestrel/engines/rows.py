"""The one batch function of the scale-out engines: articles in, rows of the store's tables out.

:func:`rows_from_batch` codes a batch with :func:`kestrel.parallel.code_batch` (the same pipeline
every engine and the local store use) and lays the results out exactly as
:meth:`kestrel.store.EventStore.add` would write them: one dict per row of ``articles``,
``mentions`` and ``events`` with the columns of :data:`kestrel.store.COLUMNS`. Article rows also
carry the MinHash ``minhash`` signature so near-duplicates can be found when the rows are loaded
into a store. The function is plain and picklable: Dask, Spark or a process pool can call it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from kestrel.models import Article
from kestrel.near_duplicates import NearDuplicateIndex
from kestrel.parallel import code_batch
from kestrel.pipeline import PipelineConfig
from kestrel.store import COLUMNS, _article_row, _event_row, _mention_rows, article_hash

__all__ = ["TABLES", "rows_from_batch", "table_columns"]

TABLES = ("articles", "mentions", "events")
"""The tables the batch function produces, in load order."""

_EXTRA: dict[str, tuple[tuple[str, str], ...]] = {"articles": (("minhash", "UBIGINT[]"),)}
_SIGNER = NearDuplicateIndex()


def table_columns(table: str) -> tuple[tuple[str, str], ...]:
    """Column names and DuckDB types of ``table`` as the engines write it (store columns + extras)."""
    return COLUMNS[table] + _EXTRA.get(table, ())


def rows_from_batch(
    articles: Sequence[Article], config: PipelineConfig = PipelineConfig()
) -> dict[str, list[dict[str, Any]]]:
    """Code ``articles`` and return their rows per table (``articles``, ``mentions``, ``events``).

    An article that occurs twice in the batch (same id and text) gives rows once, as in the store.
    """
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    now = dt.datetime.now().isoformat(sep=" ")
    seen: set[str] = set()
    for coded in code_batch(articles, config):
        key = article_hash(coded.article)
        if key in seen:
            continue
        seen.add(key)
        article_row = _article_row(key, coded, now)
        article_row["minhash"] = _SIGNER.signature(coded.article.text)
        rows["articles"].append(article_row)
        rows["mentions"].extend(_mention_rows(key, coded))
        rows["events"].extend(_event_row(key, e) for e in coded.events)
    return rows
