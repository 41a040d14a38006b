"""The event store: coded articles in one embedded DuckDB file (no server).

Articles are keyed by a hash of their id and text, so re-ingesting the same article changes
nothing. Each batch of articles is written in one transaction: an interrupted run never leaves a
half-written article. The schema is created by append-only migrations (``_MIGRATIONS``); a store
records which it has applied.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from kestrel.errors import StoreError
from kestrel.models import Article, CodedArticle
from kestrel.serialize import event_to_dict

__all__ = ["AddResult", "EventStore", "article_hash"]

_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        article_hash VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        title VARCHAR, source VARCHAR, url VARCHAR,
        pub_date DATE,
        text VARCHAR NOT NULL,
        origin VARCHAR,
        sentences INTEGER NOT NULL,
        coder_version VARCHAR NOT NULL,
        coded_at TIMESTAMP NOT NULL
    );
    CREATE TABLE mentions (
        article_hash VARCHAR NOT NULL,
        sentence_index INTEGER NOT NULL,
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        actor_id VARCHAR NOT NULL,
        code VARCHAR NOT NULL,
        country VARCHAR,
        sectors VARCHAR[],
        name VARCHAR,
        actor_kind VARCHAR
    );
    CREATE TABLE events (
        event_id VARCHAR PRIMARY KEY,
        article_hash VARCHAR NOT NULL,
        article_id VARCHAR NOT NULL,
        sentence_index INTEGER NOT NULL,
        event_date DATE,
        date_precision VARCHAR,
        source_code VARCHAR, source_country VARCHAR, source_name VARCHAR, source_actor_id VARCHAR,
        target_code VARCHAR, target_country VARCHAR, target_name VARCHAR, target_actor_id VARCHAR,
        cameo_code VARCHAR NOT NULL,
        cameo_root VARCHAR NOT NULL,
        quad_class INTEGER NOT NULL,
        goldstein DOUBLE NOT NULL,
        plover_type VARCHAR,
        negated BOOLEAN NOT NULL,
        modality VARCHAR,
        sentence VARCHAR NOT NULL,
        rule VARCHAR NOT NULL,
        json VARCHAR NOT NULL
    );
    """,
)


def article_hash(article: Article) -> str:
    """The content key of an article: its id and text (so an edited re-publication is new)."""
    return hashlib.sha1(f"{article.article_id}\x00{article.text}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class AddResult:
    """What one :meth:`EventStore.add` call did."""

    new: int = 0
    duplicate: int = 0
    events: int = 0


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
        return (
            self.db.execute(
                "SELECT 1 FROM articles WHERE article_hash = ?", [article_hash(article)]
            ).fetchone()
            is not None
        )

    def add(self, coded: Sequence[CodedArticle]) -> AddResult:
        """Store a batch of coded articles in one transaction; known articles are skipped."""
        hashes = [article_hash(c.article) for c in coded]
        known = self._known(hashes)
        articles: list[list[Any]] = []
        mentions: list[list[Any]] = []
        events: list[list[Any]] = []
        now = dt.datetime.now()
        fresh: set[str] = set()
        for key, c in zip(hashes, coded, strict=True):
            if key in known or key in fresh:
                continue
            fresh.add(key)
            a = c.article
            version = c.events[0].coder_version if c.events else ""
            articles.append(
                [
                    key,
                    a.article_id,
                    a.title,
                    a.source,
                    a.url,
                    a.date,
                    a.text,
                    a.origin,
                    len(c.sentences),
                    version,
                    now,
                ]
            )
            for m in c.mentions:
                for actor in m.actors:
                    mentions.append(
                        [
                            key,
                            m.sentence_index,
                            m.start,
                            m.end,
                            m.text,
                            m.kind,
                            actor.actor_id,
                            actor.code,
                            actor.country,
                            list(actor.sectors),
                            actor.name,
                            actor.kind,
                        ]
                    )
            events.extend(_event_row(key, e) for e in (e for e in c.events))
        try:
            self.db.execute("BEGIN")
            if articles:
                self.db.executemany("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?)", articles)
            if mentions:
                self.db.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", mentions)
            if events:
                marks = ",".join("?" * len(events[0]))
                self.db.executemany(f"INSERT INTO events VALUES ({marks}) ON CONFLICT DO NOTHING", events)
            self.db.execute("COMMIT")
        except duckdb.Error as exc:
            self.db.execute("ROLLBACK")
            raise StoreError(f"could not write to {self.path}: {exc}") from exc
        return AddResult(len(articles), len(coded) - len(articles), len(events))

    def _known(self, hashes: Iterable[str]) -> set[str]:
        keys = list(hashes)
        if not keys:
            return set()
        rows = self.db.execute(
            "SELECT article_hash FROM articles WHERE article_hash IN (SELECT unnest(?))", [keys]
        ).fetchall()
        return {r[0] for r in rows}

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables."""
        out: dict[str, int] = {}
        for table in ("articles", "mentions", "events"):
            row = self.db.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(row[0]) if row else 0
        return out

    def events(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Stored events as schema dicts, in date and article order."""
        sql = "SELECT json FROM events ORDER BY event_date NULLS LAST, article_id, sentence_index"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [json.loads(r[0]) for r in self.db.execute(sql).fetchall()]

    def actors(self) -> list[dict[str, Any]]:
        """Actors seen in mentions: id, code, name, mention and event counts, most mentioned first."""
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
        return [
            {"actor_id": r[0], "code": r[1], "name": r[2], "mentions": r[3], "texts": r[4], "events": r[5]}
            for r in rows
        ]


def _event_row(key: str, event: Any) -> list[Any]:
    d = event_to_dict(event)
    src, tgt = d["source"] or {}, d["target"] or {}
    return [
        d["event_id"],
        key,
        d["article_id"],
        d["sentence_index"],
        event.date.date,
        d["date_precision"],
        src.get("code"),
        src.get("country"),
        src.get("name"),
        src.get("actor_id"),
        tgt.get("code"),
        tgt.get("country"),
        tgt.get("name"),
        tgt.get("actor_id"),
        d["cameo_code"],
        d["cameo_root"],
        d["quad_class"],
        d["goldstein"],
        d["plover_type"],
        d["negated"],
        d["modality"],
        d["evidence"]["sentence"],
        d["evidence"]["rule"],
        json.dumps(d, ensure_ascii=False),
    ]
