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
from kestrel.near_duplicates import text_signature
from kestrel.parallel import code_batch
from kestrel.pipeline import PipelineConfig
from kestrel.store import COLUMNS, article_hash, article_row, event_row, mention_rows

__all__ = ["TABLES", "rows_from_batch", "table_columns"]

TABLES = ("articles", "mentions", "events")
"""The tables the batch function produces, in load order."""

_EXTRA: dict[str, tuple[tuple[str, str], ...]] = {"articles": (("minhash", "UBIGINT[]"),)}
_DEFAULT_CONFIG = PipelineConfig()


def table_columns(table: str) -> tuple[tuple[str, str], ...]:
    """Column names and DuckDB types of ``table`` as the engines write it (store columns + extras)."""
    return COLUMNS[table] + _EXTRA.get(table, ())


def rows_from_batch(
    articles: Sequence[Article], config: PipelineConfig = _DEFAULT_CONFIG
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
        row = article_row(key, coded, now)
        row["minhash"] = text_signature(coded.article.text)
        rows["articles"].append(row)
        rows["mentions"].extend(mention_rows(key, coded))
        rows["events"].extend(event_row(key, e) for e in coded.events)
    return rows
