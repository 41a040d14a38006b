"""Writing partitions as date-partitioned Parquet and loading Parquet output into an event store.

Layout of an output folder::

    OUT/events/event_year=2020/event_month=11/<partition key>_0.parquet
    OUT/articles/pub_year=2020/pub_month=11/<partition key>_0.parquet
    OUT/mentions/pub_year=2020/pub_month=11/<partition key>_0.parquet
    OUT/_done/<partition key>.json          (one marker per finished partition)
    OUT/manifest.json

Files are zstd-compressed and written with DuckDB; unknown dates go to ``__HIVE_DEFAULT_PARTITION__``.
A partition's files are named after its key, so redoing a partition overwrites its files instead of
adding copies. DuckDB (or any Parquet reader) can query the folder directly, e.g.
``SELECT * FROM read_parquet('OUT/events/*/*/*.parquet', hive_partitioning=true)``.
"""

from __future__ import annotations

import glob
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from kestrel.engines.rows import TABLES, table_columns
from kestrel.errors import StoreError
from kestrel.near_duplicates import SIGNATURE_VERSION
from kestrel.store import COLUMNS, EventStore

__all__ = ["LoadResult", "load_output", "load_parquet", "write_partition_rows"]

# table -> (date column, partition column names)
_DATES = {
    "events": ("event_date", ("event_year", "event_month")),
    "articles": ("pub_date", ("pub_year", "pub_month")),
    "mentions": ("pub_date", ("pub_year", "pub_month")),
}


_STAGED_EXTRA = {"articles": (("seq", "INTEGER"),), "mentions": (("pub_date", "DATE"),)}


def _stage(db: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    columns = (*table_columns(table), *_STAGED_EXTRA.get(table, ()))
    fd, name = tempfile.mkstemp(suffix=".jsonl", prefix="kestrel-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        types = ", ".join(f"'{c}': '{t}'" for c, t in columns)
        db.execute(
            f"CREATE TABLE {table} AS SELECT * FROM read_json(?, format='newline_delimited', columns={{{types}}})",
            [name],
        )
    finally:
        os.unlink(name)


def write_partition_rows(rows: dict[str, list[dict[str, Any]]], out_dir: str | Path, key: str) -> dict[str, list[str]]:
    """Write one partition's rows under ``out_dir``; return the files written per table (relative paths)."""
    out = Path(out_dir)
    dates = {r["article_hash"]: r["pub_date"] for r in rows["articles"]}
    written: dict[str, list[str]] = {}
    db = duckdb.connect()
    db.execute("SET threads = 1")  # one worker process per core: DuckDB must not oversubscribe it
    try:
        for table in TABLES:
            table_rows = rows[table]
            if not table_rows:
                written[table] = []
                continue
            if table == "articles":
                table_rows = [{**r, "seq": i} for i, r in enumerate(table_rows)]
            elif table == "mentions":
                table_rows = [{**r, "pub_date": dates.get(r["article_hash"])} for r in table_rows]
            _stage(db, table, table_rows)
            date, (year, month) = _DATES[table]
            keep = [c for c, _ in table_columns(table)] + (["seq"] if table == "articles" else [])
            select = ", ".join(keep) + f", year({date}) AS {year}, month({date}) AS {month}"
            target = out / table
            db.execute(
                f"COPY (SELECT {select} FROM {table}) TO '{target}' (FORMAT parquet, COMPRESSION zstd, "
                f"PARTITION_BY ({year}, {month}), FILENAME_PATTERN '{key}_{{i}}', OVERWRITE_OR_IGNORE true)"
            )
            found = glob.glob(str(target / "*" / "*" / f"{key}_*.parquet"))
            written[table] = sorted(str(Path(f).relative_to(out)) for f in found)
    finally:
        db.close()
    return written


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What :func:`load_parquet` added: new articles, articles already stored, events, mentions."""

    new: int = 0
    duplicate: int = 0
    events: int = 0
    mentions: int = 0
    near_duplicates: int = 0


def _files(out: Path, parts: Sequence[dict[str, Any]], table: str) -> list[str]:
    return [str(out / f) for part in parts for f in part["files"].get(table, [])]


def load_parquet(out_dir: str | Path, store: EventStore, parts: Sequence[dict[str, Any]]) -> LoadResult:
    """Load the Parquet files of finished partitions (manifest entries, in order) into ``store``.

    Articles already in the store are skipped with their mentions and events, as
    :meth:`EventStore.add` does; near-duplicates get ``dup_of`` in the same way.
    """
    out = Path(out_dir)
    files = {table: _files(out, parts, table) for table in TABLES}
    if not files["articles"]:
        return LoadResult()
    order = {p["key"]: i for i, p in enumerate(parts)}
    db = store.db
    rows = db.execute(
        "SELECT article_hash, minhash, seq, parse_filename(filename, true) FROM read_parquet(?, filename=true) "
        "WHERE article_hash NOT IN (SELECT article_hash FROM articles)",
        [files["articles"]],
    ).fetchall()
    rows.sort(key=lambda r: (order.get(r[3].rsplit("_", 1)[0], 0), r[2]))
    index = store.near_index()
    stale = _stale_signatures(store, out, parts)
    keys: list[str] = []
    dups: list[str | None] = []
    seen: set[str] = set()
    for key, signature, _, _ in rows:
        if key in seen:
            continue
        seen.add(key)
        keys.append(key)
        signature = stale.get(key, signature)
        dups.append(index.find(signature))
        index.add(key, signature)
    names = ", ".join(c for c, _ in COLUMNS["articles"])
    mention_names = ", ".join(c for c, _ in COLUMNS["mentions"])
    event_names = ", ".join(c for c, _ in COLUMNS["events"])
    try:
        db.execute("BEGIN")
        db.execute(
            "CREATE TEMP TABLE _new AS SELECT unnest(?) AS article_hash, unnest(?) AS dup_of, "
            "CAST(unnest(?) AS UBIGINT[]) AS minhash",
            [keys, dups, [stale.get(k) for k in keys]],
        )
        db.execute(
            f"INSERT INTO articles ({names}, dup_of, minhash) SELECT {names}, n.dup_of, coalesce(n.minhash, p.minhash) "
            "FROM read_parquet(?) p JOIN _new n USING (article_hash) "
            "QUALIFY row_number() OVER (PARTITION BY article_hash) = 1",
            [files["articles"]],
        )
        mentions = events = 0
        if files["mentions"]:
            mentions = _count(db.execute(
                f"INSERT INTO mentions ({mention_names}) SELECT {mention_names} FROM read_parquet(?) "
                "WHERE article_hash IN (SELECT article_hash FROM _new)",
                [files["mentions"]],
            ))  # fmt: skip
        if files["events"]:
            events = _count(db.execute(
                f"INSERT INTO events ({event_names}) SELECT {event_names} FROM read_parquet(?) "
                "WHERE article_hash IN (SELECT article_hash FROM _new) ON CONFLICT DO NOTHING",
                [files["events"]],
            ))  # fmt: skip
        db.execute("DROP TABLE _new")
        db.execute("COMMIT")
    except duckdb.Error as exc:
        db.execute("ROLLBACK")
        store.forget_near_index()
        raise StoreError(f"could not load {out} into {store.path}: {exc}") from exc
    total = _count(db.execute("SELECT count(*) FROM read_parquet(?)", [files["articles"]]))
    return LoadResult(len(keys), total - len(keys), events, mentions, sum(1 for d in dups if d))


def _stale_signatures(store: EventStore, out: Path, parts: Sequence[dict[str, Any]]) -> dict[str, list[int]]:
    """Signatures of the current scheme for the articles of partitions written with an older one."""
    stale = _files(out, [p for p in parts if p.get("signatures", 1) != SIGNATURE_VERSION], "articles")
    if not stale:
        return {}
    index = store.near_index()
    cursor = store.db.execute("SELECT article_hash, text FROM read_parquet(?)", [stale])
    fresh: dict[str, list[int]] = {}
    while chunk := cursor.fetchmany(1000):
        fresh.update((key, index.signature(text or "")) for key, text in chunk)
    return fresh


def _count(cursor: duckdb.DuckDBPyConnection) -> int:
    row = cursor.fetchone()
    return int(row[0]) if row else 0


def load_output(out_dir: str | Path, store: EventStore) -> LoadResult:
    """Load every finished partition of an output folder (as listed by its manifest) into ``store``.

    Raises:
        UsageError: ``out_dir`` has no manifest.
    """
    from kestrel.engines.manifest import read_manifest

    manifest = read_manifest(out_dir)
    parts = [p for p in manifest["partitions"] if p["status"] == "done"]
    return load_parquet(out_dir, store, parts)
