"""The event store: coded articles in one embedded DuckDB file (no server).

Articles are keyed by a hash of their id and text, so re-ingesting the same article changes
nothing. Each batch of articles is written in one transaction: an interrupted run never leaves a
half-written article. Rows are bulk-loaded as numpy columns that DuckDB scans (row-by-row INSERTs
are two orders of magnitude slower, its appender converts value by value, Arrow tables were slower
to build, and pyarrow loads pandas); :meth:`EventStore.add_all` stores a stream of coded articles
in batches, each written while the next is coded (:mod:`kestrel._store_background`). The schema
is built by append-only migrations (``_MIGRATIONS``); a store records which it has applied.

Tables: ``articles`` (with ``dup_of`` for near-duplicates), ``mentions`` (actor ↔ sentence spans),
``events``; and, written by :mod:`kestrel.resolve`, ``actors``/``actor_aliases``/``actor_map``
(canonical identities across articles), ``actor_overrides`` (user merges and splits) and
``event_links`` (one event reported by several articles, like GDELT's Mentions table).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import duckdb

from kestrel._store_background import Background, Staged, insert_staged
from kestrel._store_rows import (
    COLUMNS,
    WRITTEN,
    ArticleRows,
    Columns,
    RowBatch,
    article_hash,
    article_row,
    article_rows,
    column_arrays,
    event_row,
    mention_rows,
)
from kestrel.errors import StoreError
from kestrel.models import Article, CodedArticle
from kestrel.near_duplicates import NearDuplicateIndex

__all__ = [
    "BATCH_SIZE",
    "COLUMNS",
    "AddResult",
    "ArticleRows",
    "EventStore",
    "article_hash",
    "article_row",
    "article_rows",
    "event_row",
    "mention_rows",
]


_CHECKPOINT_EVERY = "1GB"
BATCH_SIZE = 500
"""Articles per transaction by default: every commit writes and syncs the WAL (at 200, commits
took a third of the time of writing)."""

_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        article_hash VARCHAR PRIMARY KEY,
        article_id VARCHAR,
        title VARCHAR,
        source VARCHAR,
        url VARCHAR,
        pub_date DATE,
        text VARCHAR,
        origin VARCHAR,
        sentences INTEGER,
        coder_version VARCHAR,
        coded_at TIMESTAMP
    );
    CREATE TABLE mentions (
        article_hash VARCHAR,
        sentence_index INTEGER,
        start_char INTEGER,
        end_char INTEGER,
        text VARCHAR,
        kind VARCHAR,
        actor_id VARCHAR,
        code VARCHAR,
        country VARCHAR,
        sectors VARCHAR[],
        name VARCHAR,
        actor_kind VARCHAR
    );
    CREATE TABLE events (
        event_id VARCHAR PRIMARY KEY,
        article_hash VARCHAR,
        article_id VARCHAR,
        sentence_index INTEGER,
        event_date DATE,
        date_precision VARCHAR,
        source_code VARCHAR,
        source_country VARCHAR,
        source_name VARCHAR,
        source_actor_id VARCHAR,
        target_code VARCHAR,
        target_country VARCHAR,
        target_name VARCHAR,
        target_actor_id VARCHAR,
        cameo_code VARCHAR,
        cameo_root VARCHAR,
        quad_class INTEGER,
        goldstein DOUBLE,
        plover_type VARCHAR,
        negated BOOLEAN,
        modality VARCHAR,
        sentence VARCHAR,
        rule VARCHAR,
        json VARCHAR
    );
    """,
    """
    ALTER TABLE articles ADD COLUMN dup_of VARCHAR;
    ALTER TABLE articles ADD COLUMN minhash UBIGINT[];
    CREATE TABLE actors (
        actor_id VARCHAR PRIMARY KEY, name VARCHAR, code VARCHAR, country VARCHAR, sectors VARCHAR[],
        kind VARCHAR, kb_id VARCHAR, mentions INTEGER, first_seen DATE, last_seen DATE);
    CREATE TABLE actor_aliases (actor_id VARCHAR, alias VARCHAR, mentions INTEGER);
    CREATE TABLE actor_map (raw_id VARCHAR PRIMARY KEY, actor_id VARCHAR NOT NULL, reason VARCHAR);
    CREATE TABLE actor_overrides (action VARCHAR, a VARCHAR, b VARCHAR, created_at TIMESTAMP);
    CREATE TABLE event_links (event_id VARCHAR PRIMARY KEY, linked_id VARCHAR NOT NULL);
    CREATE INDEX events_date ON events (event_date);
    CREATE INDEX events_root ON events (cameo_root);
    """,
    "ALTER TABLE mentions ADD COLUMN written_name VARCHAR;",
    """
    ALTER TABLE events ADD COLUMN linked_id VARCHAR;
    ALTER TABLE events ADD COLUMN source_canonical VARCHAR;
    ALTER TABLE events ADD COLUMN target_canonical VARCHAR;
    """,
    # near-duplicate signatures of scheme 1 cannot be compared with scheme 2: the index recomputes them
    "UPDATE articles SET minhash = NULL;",
)


@dataclass(frozen=True, slots=True)
class AddResult:
    """What one :meth:`EventStore.add` call did: new, already stored, near-duplicate articles."""

    new: int = 0
    duplicate: int = 0
    events: int = 0
    near_duplicates: int = 0


@dataclass(frozen=True, slots=True)
class _Batch:
    """A batch ready to write: rows by table (tuples in the order of ``WRITTEN``), and what writing
    it adds."""

    rows: dict[str, list[tuple[Any, ...]]]
    result: AddResult


_Pending = tuple[dict[str, Any], Sequence[int] | None]
"""A new article waiting for its batch: its ``articles`` row and its signature, if it came with one."""


def _count(staged: Staged) -> int:
    return len(next(iter(staged[2].values()), ()))


def _result(rows: RowBatch, seen: int, near_duplicates: int) -> AddResult:
    new = rows.count("articles")
    return AddResult(new, seen - new, rows.count("events"), near_duplicates)


def _batch(rows: RowBatch, articles: dict[str, _Pending], seen: int, near: NearDuplicateIndex) -> _Batch:
    """The batch of ``seen`` articles whose new ones are ``articles`` (their mentions and events
    already in ``rows``), with their near-duplicate signatures and links.

    Signatures the store makes are made for the whole batch, after its articles are coded: made one
    by one between two articles, with the coder's tables and the index evicting each other from the
    CPU's caches, they took three times as long.
    """
    near_dups = 0
    for key, (article, signature) in articles.items():
        if signature is None:
            signature, dup = near.link(key, article["text"])
        else:
            dup = near.link_signature(key, signature)
        near_dups += dup is not None
        # a tuple of ints, unlike a list, is not tracked by the cycle collector while it waits
        rows.add("articles", [{**article, "dup_of": dup, "minhash": tuple(signature)}])
    return _Batch(rows.rows(), _result(rows, seen, near_dups))


class EventStore:
    """A DuckDB-backed store. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        try:
            self.db = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from exc
        if not read_only:
            self._migrate()
            # DuckDB checkpoints (compresses the WAL into the file) only on close, or when asked: a
            # checkpoint every 16 MB (its default) took a third of the time of storing a batch. A
            # stream of batches is written and checkpointed in the background (see _store_background).
            self.db.execute(f"SET checkpoint_threshold = '{_CHECKPOINT_EVERY}'")
        self._near: NearDuplicateIndex | None = None
        self._background = Background(self.db, self.path)

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self._background.close()
        finally:
            self.db.close()

    def _migrate(self) -> None:
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)"
        )
        row = self.db.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
        done = int(row[0]) if row else 0
        for version, sql in enumerate(_MIGRATIONS[done:], start=done + 1):
            self.db.execute("BEGIN")
            self.db.execute(sql)
            self.db.execute("INSERT INTO schema_migrations VALUES (?, ?)", [version, dt.datetime.now()])
            self.db.execute("COMMIT")

    def has(self, article: Article) -> bool:
        """Whether this exact article is already stored."""
        found = self.db.execute("SELECT 1 FROM articles WHERE article_hash = ?", [article_hash(article)])
        return found.fetchone() is not None

    def near_index(self) -> NearDuplicateIndex:
        """The near-duplicate index of the stored articles (built once per open store).

        Articles stored without a signature of the current scheme (see
        :data:`~kestrel.near_duplicates.SIGNATURE_VERSION`) get one from their text, written back.
        """
        if self._near is None:
            index = NearDuplicateIndex()
            for key, signature in self.db.execute(
                "SELECT article_hash, minhash FROM articles WHERE minhash IS NOT NULL"
            ).fetchall():
                index.add(key, signature)
            self._backfill_signatures(index)
            self._near = index
        return self._near

    def forget_near_index(self) -> None:
        """Drop the in-memory index (after a rolled-back write, it may hold what was rolled back)."""
        self._near = None

    def _backfill_signatures(self, index: NearDuplicateIndex) -> None:
        cursor = self.db.execute("SELECT article_hash, text FROM articles WHERE minhash IS NULL ORDER BY rowid")
        filled: dict[str, list[int]] = {}
        while chunk := cursor.fetchmany(1000):
            for key, text in chunk:
                filled[key] = index.signature(text or "")
                index.add(key, filled[key])
        if filled:
            rows = [{"article_hash": k, "minhash": v} for k, v in filled.items()]
            columns = (("article_hash", "VARCHAR"), ("minhash", "UBIGINT[]"))
            self.db.execute("BEGIN")
            self.db.execute("CREATE TEMP TABLE _kestrel_signatures (article_hash VARCHAR, minhash UBIGINT[])")
            self.bulk_insert("_kestrel_signatures", rows, columns)
            self.db.execute(
                "UPDATE articles SET minhash = s.minhash FROM _kestrel_signatures s "
                "WHERE articles.article_hash = s.article_hash"
            )
            self.db.execute("DROP TABLE _kestrel_signatures")
            self.db.execute("COMMIT")

    def add(self, coded: Sequence[CodedArticle]) -> AddResult:
        """Store a batch of coded articles in one transaction; known articles are skipped.

        A near-duplicate of a stored article (a wire copy, a lightly edited re-publication) is
        stored with ``dup_of`` naming the original, so counts can link rather than double it.
        """
        return self.add_all(coded, max(len(coded), 1))

    def add_all(self, coded: Iterable[CodedArticle | ArticleRows], batch_size: int = BATCH_SIZE) -> AddResult:
        """Store a stream of coded articles (or their :class:`ArticleRows`), ``batch_size`` per
        transaction; return the totals.

        Each coded article is laid out as rows as it comes, so it can be dropped at once (see
        :class:`kestrel._store_rows.RowBatch`).
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        try:
            results = [self._write(batch) for batch in self._prepare(coded, batch_size)]
        finally:
            self._wait()
        return AddResult(
            sum(r.new for r in results),
            sum(r.duplicate for r in results),
            sum(r.events for r in results),
            sum(r.near_duplicates for r in results),
        )

    def _prepare(self, coded: Iterable[CodedArticle | ArticleRows], batch_size: int) -> Iterator[_Batch]:
        near = self._fresh_index()  # the key of every stored article; then of every one prepared
        rows, seen = RowBatch(WRITTEN), 0
        pending: dict[str, _Pending] = {}
        now = dt.datetime.now().isoformat(sep=" ")
        written = False
        for item in coded:
            if written:  # the batch before is queued: checkpoint it, after its write, while this one is coded
                self._background.checkpoint()
                written = False
            seen += 1
            laid = item if isinstance(item, ArticleRows) else article_rows(item, now)
            if laid.key not in near and laid.key not in pending:
                # only the article row waits: its mentions and events go to the batch now
                pending[laid.key] = (laid.article, laid.signature)
                rows.extend("mentions", laid.mentions)
                rows.extend("events", laid.events)
            if seen == batch_size:
                yield _batch(rows, pending, seen, near)
                rows, seen, pending, written = RowBatch(WRITTEN), 0, {}, True
        if seen:
            yield _batch(rows, pending, seen, near)

    def _fresh_index(self) -> NearDuplicateIndex:
        """The near-duplicate index, rebuilt if articles were stored by other means since it was built."""
        row = self.db.execute("SELECT count(*) FROM articles").fetchone()
        if self._near is not None and len(self._near) != (row[0] if row else 0):
            self.forget_near_index()
        return self.near_index()

    def _write(self, batch: _Batch) -> AddResult:
        """Queue the batch's transaction (see :mod:`kestrel._store_background`), once the batch before
        is committed (its events must be seen by :meth:`_new_events`)."""
        self._wait()
        staged = [self._stage(table, WRITTEN[table], rows) for table, rows in batch.rows.items()]
        self._background.write([s for s in staged if _count(s)])
        events = sum(_count(s) for s in staged if s[0] == "events")
        return replace(batch.result, events=events)

    def _wait(self) -> None:
        """Wait for the background work; after a failed write, the index may hold what was rolled back."""
        try:
            self._background.wait()
        except StoreError:
            self.forget_near_index()
            raise

    def bulk_insert(self, table: str, rows: list[dict[str, Any]], columns: Columns | None = None) -> None:
        """Insert many rows (dicts keyed by ``columns``, by default ``COLUMNS[table]``; a missing key
        is NULL) at once, inside the caller's transaction."""
        columns = columns or COLUMNS[table]
        self.insert_rows(table, [tuple(row.get(c) for c, _ in columns) for row in rows], columns)

    def insert_rows(self, table: str, rows: list[tuple[Any, ...]], columns: Columns | None = None) -> None:
        """Insert many rows (tuples in the order of ``columns``, by default ``COLUMNS[table]``) at
        once, inside the caller's transaction."""
        self._append(table, columns or COLUMNS[table], rows)

    def _append(self, table: str, columns: Columns, rows: list[tuple[Any, ...]]) -> int:
        """Append ``rows`` (tuples of ``columns``) to ``table`` now, inside the caller's transaction
        (see :meth:`_stage`). Returns the rows appended."""
        staged = self._stage(table, columns, rows)
        if _count(staged):
            insert_staged(self.db, *staged)
        return _count(staged)

    def _stage(self, table: str, columns: Columns, rows: list[tuple[Any, ...]]) -> Staged:
        """``rows`` (tuples of ``columns``) as numpy columns to insert into ``table`` (see
        :func:`~kestrel._store_rows.column_arrays`); DuckDB converts each value to the column's type
        (dates and timestamps may come as ISO text). An event whose id is already stored, or came
        earlier in ``rows``, is left out (the first one stays)."""
        names = [c for c, _ in columns]
        if table == "events":
            rows = self._new_events(rows, names.index("event_id"))
        return table, names, column_arrays(columns, rows)

    def _new_events(self, rows: list[tuple[Any, ...]], at: int) -> list[tuple[Any, ...]]:
        # filtered here: INSERT … ON CONFLICT DO NOTHING from the staged rows cost more
        ids = [row[at] for row in rows]
        seen = {
            r[0]
            for r in self.db.execute(
                "SELECT event_id FROM events WHERE event_id IN (SELECT unnest(?))", [ids]
            ).fetchall()
        }
        kept = []
        for row in rows:
            if row[at] not in seen:
                seen.add(row[at])
                kept.append(row)
        return kept

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables."""
        out: dict[str, int] = {}
        for table in ("articles", "mentions", "events", "actors", "event_links"):
            row = self.db.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(row[0]) if row else 0
        return out

    def events(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Stored events as schema dicts, in date and article order."""
        return list(self.iter_events(limit))

    def iter_events(self, limit: int | None = None, batch: int = 5000) -> Iterator[dict[str, Any]]:
        """Stream stored events as schema dicts, in date and article order."""
        sql = "SELECT json FROM events ORDER BY event_date NULLS LAST, article_id, sentence_index, event_id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        cursor = self.db.execute(sql)
        while chunk := cursor.fetchmany(batch):
            for (text,) in chunk:
                yield json.loads(text)

    def actors(self) -> list[dict[str, Any]]:
        """Actors seen in mentions (raw identities): id, code, name, texts, mention and event counts."""
        rows = self.db.execute(
            """
            WITH ev AS (
                SELECT source_actor_id AS actor_id FROM events
                UNION ALL SELECT target_actor_id FROM events WHERE target_actor_id IS NOT NULL)
            SELECT m.actor_id, any_value(m.code), any_value(m.name), count(*) AS mentions,
                   list(DISTINCT m.text ORDER BY m.text) AS texts,
                   (SELECT count(*) FROM ev WHERE ev.actor_id = m.actor_id) AS events
            FROM mentions m WHERE m.kind <> 'pronoun'
            GROUP BY m.actor_id ORDER BY events DESC, mentions DESC, m.actor_id
            """
        ).fetchall()
        keys = ("actor_id", "code", "name", "mentions", "texts", "events")
        return [dict(zip(keys, r, strict=True)) for r in rows]
