"""The event store: coded articles in one embedded DuckDB file (no server).

Articles are keyed by a hash of their id and text, so re-ingesting the same article changes
nothing. Each batch of articles is written in one transaction: an interrupted run never leaves a
half-written article. Rows are bulk-loaded through a staged JSON file (DuckDB's row-by-row inserts
are two orders of magnitude slower). The schema is built by append-only migrations
(``_MIGRATIONS``); a store records which it has applied.

Tables: ``articles`` (with ``dup_of`` for near-duplicates), ``mentions`` (actor ↔ sentence spans),
``events``; and, written by :mod:`kestrel.resolve`, ``actors``/``actor_aliases``/``actor_map``
(canonical identities across articles), ``actor_overrides`` (user merges and splits) and
``event_links`` (one event reported by several articles, like GDELT's Mentions table).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from kestrel.errors import StoreError
from kestrel.models import Article, CodedArticle, Event
from kestrel.near_duplicates import NearDuplicateIndex
from kestrel.serialize import event_to_dict

__all__ = ["COLUMNS", "AddResult", "EventStore", "article_hash", "article_row", "event_row", "mention_rows"]

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


@cache
def _arrow_types() -> dict[str, Any]:
    """Arrow types by DuckDB type (pyarrow is imported on the first insert: coding alone needs none)."""
    import pyarrow as pa

    return {
        "INTEGER": pa.int64(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(), "VARCHAR[]": pa.list_(pa.string()),
        "UBIGINT[]": pa.list_(pa.uint64()), "VARCHAR": pa.string(), "DATE": pa.string(), "TIMESTAMP": pa.string(),
    }  # fmt: skip


def _values(rows: list[dict[str, Any]], column: str, kind: str) -> list[Any]:
    values = [row.get(column) for row in rows]
    if kind in ("DATE", "TIMESTAMP"):  # dates and datetimes as ISO text, cast by DuckDB
        return [None if v is None else str(v) for v in values]
    return values


_CHECKPOINT_EVERY = "1GB"

# what `add` writes to articles: the columns above plus the near-duplicate link and signature
_ARTICLE_COLUMNS = (*COLUMNS["articles"], ("dup_of", "VARCHAR"), ("minhash", "UBIGINT[]"))

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


def article_hash(article: Article) -> str:
    """The content key of an article: its id and text (so an edited re-publication is new)."""
    return hashlib.sha1(f"{article.article_id}\x00{article.text}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class AddResult:
    """What one :meth:`EventStore.add` call did: new, already stored, near-duplicate articles."""

    new: int = 0
    duplicate: int = 0
    events: int = 0
    near_duplicates: int = 0


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
            # Checkpoint (compress the WAL into the file) rarely while a run writes, and on close: a
            # checkpoint every 16 MB (DuckDB's default) took a third of the time of storing a batch.
            # Committed transactions are in the WAL either way, so nothing is less durable.
            self.db.execute(f"SET checkpoint_threshold = '{_CHECKPOINT_EVERY}'")
        self._near: NearDuplicateIndex | None = None

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
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
        hashes = [article_hash(c.article) for c in coded]
        known = self._known(hashes)
        near = self.near_index()
        rows: dict[str, list[dict[str, Any]]] = {"articles": [], "mentions": [], "events": []}
        near_dups = 0
        now = dt.datetime.now().isoformat(sep=" ")
        fresh: set[str] = set()
        for key, c in zip(hashes, coded, strict=True):
            if key in known or key in fresh:
                continue
            fresh.add(key)
            signature = near.signature(c.article.text)
            dup = near.find(signature)
            near.add(key, signature)
            near_dups += dup is not None
            rows["articles"].append({**article_row(key, c, now), "dup_of": dup, "minhash": signature})
            rows["mentions"].extend(mention_rows(key, c))
            rows["events"].extend(event_row(key, e) for e in c.events)
        try:
            self.db.execute("BEGIN")
            for table, table_rows in rows.items():
                self.bulk_insert(table, table_rows, _ARTICLE_COLUMNS if table == "articles" else None)
            self.db.execute("COMMIT")
        except duckdb.Error as exc:
            self.db.execute("ROLLBACK")
            self.forget_near_index()
            raise StoreError(f"could not write to {self.path}: {exc}") from exc
        return AddResult(len(rows["articles"]), len(coded) - len(rows["articles"]), len(rows["events"]), near_dups)

    def bulk_insert(
        self, table: str, rows: list[dict[str, Any]], columns: tuple[tuple[str, str], ...] | None = None
    ) -> None:
        """Insert many rows (dicts keyed by ``columns``, by default ``COLUMNS[table]``) at once, inside
        the caller's transaction."""
        if not rows:
            return
        columns = columns or COLUMNS[table]
        names = [c for c, _ in columns]
        # Arrow columns straight from the rows: no JSON to write and parse again. DuckDB casts each
        # column to the table's type on insert (dates and timestamps arrive as ISO strings).
        import pyarrow as pa

        types = _arrow_types()
        data = pa.table({c: pa.array(_values(rows, c, t), type=types.get(t)) for c, t in columns})
        conflict = " ON CONFLICT DO NOTHING" if table == "events" else ""
        cast = ", ".join(f"CAST({c} AS {t})" for c, t in columns)
        self.db.register("_kestrel_rows", data)
        try:
            self.db.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {cast} FROM _kestrel_rows{conflict}")
        finally:
            self.db.unregister("_kestrel_rows")

    def _known(self, hashes: Iterable[str]) -> set[str]:
        keys = list(hashes)
        if not keys:
            return set()
        rows = self.db.execute("SELECT article_hash FROM articles WHERE article_hash IN (SELECT unnest(?))", [keys])
        return {r[0] for r in rows.fetchall()}

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


def article_row(key: str, c: CodedArticle, now: str) -> dict[str, Any]:
    a = c.article
    return {
        "article_hash": key, "article_id": a.article_id, "title": a.title, "source": a.source, "url": a.url,
        "pub_date": a.date.isoformat() if a.date else None, "text": a.text, "origin": a.origin,
        "sentences": len(c.sentences), "coder_version": c.events[0].coder_version if c.events else "",
        "coded_at": now,
    }  # fmt: skip


def mention_rows(key: str, c: CodedArticle) -> Iterator[dict[str, Any]]:
    for m in c.mentions:
        for actor in m.actors:
            yield {
                "article_hash": key, "sentence_index": m.sentence_index, "start_char": m.start,
                "end_char": m.end, "text": m.text, "kind": m.kind, "actor_id": actor.actor_id,
                "code": actor.code, "country": actor.country, "sectors": list(actor.sectors),
                "name": actor.name, "actor_kind": actor.kind, "written_name": m.name,
            }  # fmt: skip


def event_row(key: str, event: Event) -> dict[str, Any]:
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
        "json": json.dumps(d, ensure_ascii=False),
    }  # fmt: skip
