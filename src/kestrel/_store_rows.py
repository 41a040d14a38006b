"""Rows of the store's tables from coded articles, laid out for bulk inserts.

The column tables (:data:`COLUMNS`), the row functions and :class:`ArticleRows` are shared by
:class:`kestrel.store.EventStore`, the worker processes of :mod:`kestrel.parallel` and the
scale-out engines (:mod:`kestrel.engines.rows`), so a row is the same wherever it is made.
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from kestrel.models import Article, CodedArticle, Event
from kestrel.near_duplicates import text_signature
from kestrel.serialize import event_to_dict, json_line

__all__ = [
    "COLUMNS",
    "WRITTEN",
    "ArticleRows",
    "Columns",
    "RowBatch",
    "article_hash",
    "article_row",
    "article_rows",
    "column_arrays",
    "event_row",
    "mention_rows",
]

Columns = tuple[tuple[str, str], ...]
"""Column names and DuckDB types, in order."""

# Column names and types of the tables Kestrel writes in bulk, as the migrations leave them.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (
        ("article_hash", "VARCHAR"), ("article_id", "VARCHAR"), ("title", "VARCHAR"), ("source", "VARCHAR"),
        ("url", "VARCHAR"), ("pub_date", "DATE"), ("text", "VARCHAR"), ("origin", "VARCHAR"),
        ("sentences", "INTEGER"), ("coder_version", "VARCHAR"), ("coded_at", "TIMESTAMP"),
    ),
    "mentions": (
        ("article_hash", "VARCHAR"), ("sentence_index", "INTEGER"), ("start_char", "INTEGER"),
        ("end_char", "INTEGER"), ("text", "VARCHAR"), ("kind", "VARCHAR"), ("actor_id", "VARCHAR"),
        ("code", "VARCHAR"), ("country", "VARCHAR"), ("sectors", "VARCHAR[]"), ("name", "VARCHAR"),
        ("actor_kind", "VARCHAR"), ("written_name", "VARCHAR"),
    ),
    "events": (
        ("event_id", "VARCHAR"), ("article_hash", "VARCHAR"), ("article_id", "VARCHAR"),
        ("sentence_index", "INTEGER"), ("event_date", "DATE"), ("date_precision", "VARCHAR"),
        ("source_code", "VARCHAR"), ("source_country", "VARCHAR"), ("source_name", "VARCHAR"),
        ("source_actor_id", "VARCHAR"), ("target_code", "VARCHAR"), ("target_country", "VARCHAR"),
        ("target_name", "VARCHAR"), ("target_actor_id", "VARCHAR"), ("cameo_code", "VARCHAR"),
        ("cameo_root", "VARCHAR"), ("quad_class", "INTEGER"), ("goldstein", "DOUBLE"),
        ("plover_type", "VARCHAR"), ("negated", "BOOLEAN"), ("modality", "VARCHAR"), ("sentence", "VARCHAR"),
        ("rule", "VARCHAR"), ("json", "VARCHAR"),
    ),
    "actors": (
        ("actor_id", "VARCHAR"), ("name", "VARCHAR"), ("code", "VARCHAR"), ("country", "VARCHAR"),
        ("sectors", "VARCHAR[]"), ("kind", "VARCHAR"), ("kb_id", "VARCHAR"), ("mentions", "INTEGER"),
        ("first_seen", "DATE"), ("last_seen", "DATE"),
    ),
    "actor_aliases": (("actor_id", "VARCHAR"), ("alias", "VARCHAR"), ("mentions", "INTEGER")),
    "actor_map": (("raw_id", "VARCHAR"), ("actor_id", "VARCHAR"), ("reason", "VARCHAR")),
    "event_links": (("event_id", "VARCHAR"), ("linked_id", "VARCHAR")),
}  # fmt: skip

# what `add` writes: the columns above, and the near-duplicate link and signature of articles
WRITTEN = {
    "articles": (*COLUMNS["articles"], ("dup_of", "VARCHAR"), ("minhash", "UBIGINT[]")),
    "mentions": COLUMNS["mentions"],
    "events": COLUMNS["events"],
}

_NUMPY_TYPES = {"INTEGER": "int32", "BIGINT": "int64", "DOUBLE": "float64", "BOOLEAN": "bool"}

_AS_TUPLE = {table: operator.itemgetter(*(c for c, _ in columns)) for table, columns in WRITTEN.items()}


class RowBatch:
    """The rows of a batch of articles, taken as each article comes (so the coded article, with
    all its tokens and spans, can be dropped at once rather than live until the batch is written).

    Rows are kept as tuples of plain values: Python's cycle collector stops tracking those, so a
    batch in waiting costs it nothing (batches of coded articles cost a third of the store's time).
    """

    def __init__(self, columns: dict[str, Columns]) -> None:
        self.columns = columns
        self._get = {table: operator.itemgetter(*(c for c, _ in cols)) for table, cols in columns.items()}
        self._rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in columns}

    def add(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        """Add rows (dicts with every column of ``table``)."""
        self._rows[table].extend(map(self._get[table], rows))

    def extend(self, table: str, rows: Iterable[tuple[Any, ...]]) -> None:
        """Add rows already laid out as tuples in the order of the columns of ``table``."""
        self._rows[table].extend(rows)

    def count(self, table: str) -> int:
        return len(self._rows[table])

    def rows(self) -> dict[str, list[tuple[Any, ...]]]:
        """The rows of each table that has any, as tuples in the order of its columns."""
        return {table: rows for table, rows in self._rows.items() if rows}


def column_arrays(columns: Columns, rows: Sequence[tuple[Any, ...]]) -> dict[str, Any]:
    """``rows`` (tuples in the order of ``columns``) as one numpy array per column, which DuckDB
    scans in bulk (``INSERT … SELECT`` from a registered dict of arrays) instead of converting
    value by value as its appender does: a third faster for the store's batches, without pyarrow.

    Numbers are numpy numbers, or objects when one is missing (so it stays NULL, not NaN or 0);
    everything else stays a Python object, converted by DuckDB to the column's type (so dates may
    come as ISO text, and lists as tuples).
    """
    import numpy as np

    arrays: dict[str, Any] = {}
    for at, (name, kind) in enumerate(columns):
        # one column at a time: zip(*rows) would make an iterator per row, thousands of objects
        # that outlive a young collection and bring the next full one closer
        values = list(map(operator.itemgetter(at), rows))
        dtype = _NUMPY_TYPES.get(kind)
        if dtype is not None and None not in values:
            try:
                arrays[name] = np.array(values, dtype=dtype)
                continue
            except (TypeError, ValueError, OverflowError):
                pass  # not all numbers: DuckDB's cast below names the bad value
        # fromiter keeps each value whole (a tuple of sectors is one value, not a row of an array)
        arrays[name] = np.fromiter(values, dtype=object, count=len(values))
    return arrays


def article_row(key: str, c: CodedArticle, now: str) -> dict[str, Any]:
    """The ``articles`` row of a coded article (without its near-duplicate link and signature)."""
    a = c.article
    return {
        "article_hash": key, "article_id": a.article_id, "title": a.title, "source": a.source, "url": a.url,
        "pub_date": a.date.isoformat() if a.date else None, "text": a.text, "origin": a.origin,
        "sentences": len(c.sentences), "coder_version": c.events[0].coder_version if c.events else "",
        "coded_at": now,
    }  # fmt: skip


def mention_rows(key: str, c: CodedArticle) -> Iterator[dict[str, Any]]:
    """The ``mentions`` rows of a coded article: one per mention and actor it names."""
    for m in c.mentions:
        for actor in m.actors:
            yield {
                "article_hash": key, "sentence_index": m.sentence_index, "start_char": m.start,
                "end_char": m.end, "text": m.text, "kind": m.kind, "actor_id": actor.actor_id,
                "code": actor.code, "country": actor.country, "sectors": actor.sectors,
                "name": actor.name, "actor_kind": actor.kind, "written_name": m.name,
            }  # fmt: skip


def event_row(key: str, event: Event) -> dict[str, Any]:
    """The ``events`` row of an event, with its schema JSON in ``json``."""
    d = event_to_dict(event)
    src, tgt = d["source"] or {}, d["target"] or {}
    return {
        "event_id": d["event_id"], "article_hash": key, "article_id": d["article_id"],
        "sentence_index": d["sentence_index"], "event_date": d["event_date"], "date_precision": d["date_precision"],
        "source_code": src.get("code"), "source_country": src.get("country"), "source_name": src.get("name"),
        "source_actor_id": src.get("actor_id"), "target_code": tgt.get("code"), "target_country": tgt.get("country"),
        "target_name": tgt.get("name"), "target_actor_id": tgt.get("actor_id"), "cameo_code": d["cameo_code"],
        "cameo_root": d["cameo_root"], "quad_class": d["quad_class"], "goldstein": d["goldstein"],
        "plover_type": d["plover_type"], "negated": d["negated"], "modality": d["modality"],
        "sentence": d["evidence"]["sentence"], "rule": d["evidence"]["rule"],
        "json": json_line(d),
    }  # fmt: skip


def article_hash(article: Article) -> str:
    """The content key of an article: its id and text (so an edited re-publication is new)."""
    return hashlib.sha1(f"{article.article_id}\x00{article.text}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ArticleRows:
    """A coded article laid out as rows of the store's tables, ready for
    :meth:`kestrel.store.EventStore.add_all`.

    Made where the article is coded (:func:`article_rows`): with worker processes, this is what
    comes back instead of the coded article, so the process writing the store only writes.
    ``mentions`` and ``events`` are tuples in the store's column order; ``signature`` is the
    near-duplicate signature, or None to let the store make it.
    """

    key: str
    article: dict[str, Any]  # the articles row, without its near-duplicate link and signature
    mentions: list[tuple[Any, ...]]
    events: list[tuple[Any, ...]]
    signature: list[int] | None = None


def article_rows(coded: CodedArticle, now: str, *, sign: bool = False) -> ArticleRows:
    """The rows of a coded article (``now``: its ``coded_at``), with its signature if ``sign``."""
    key = article_hash(coded.article)
    return ArticleRows(
        key,
        article_row(key, coded, now),
        list(map(_AS_TUPLE["mentions"], mention_rows(key, coded))),
        [_AS_TUPLE["events"](event_row(key, e)) for e in coded.events],
        text_signature(coded.article.text) if sign else None,
    )
