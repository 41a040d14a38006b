"""A store's background work: each batch is written, and then checkpointed, while Python codes the
next one.

A batch's rows are staged as numpy columns (:func:`kestrel._store_rows.column_arrays`) in the
writing thread; DuckDB then scans, indexes, compresses and commits them on a second connection and
thread, and releases the GIL for most of that work (a Python thread keeps about 70% of its speed
while DuckDB inserts). A commit appends the batch to the write-ahead log (WAL); a checkpoint later
folds the log into the file, on the same thread after the write, so the log stays one batch long
(run at close, the checkpoint of a whole run took 0.6 s per 4,500 articles in the writing thread).

Work runs in the order it was queued, one job at a time. Nothing is less durable or less atomic: a
batch is one transaction, committed before its checkpoint starts, and the store waits for all
queued work before :meth:`~kestrel.store.EventStore.add_all` returns or the store closes, so an
interrupted run keeps whole batches only.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import duckdb

from kestrel.errors import StoreError

__all__ = ["STAGED", "Background", "insert_staged"]

STAGED = "_kestrel_staged_rows"
"""The name under which a batch's numpy columns are registered while DuckDB inserts them."""

Staged = tuple[str, list[str], dict[str, Any]]
"""Rows of one table ready to insert: the table, its column names, and one numpy array per column."""


def insert_staged(db: duckdb.DuckDBPyConnection, table: str, names: list[str], arrays: dict[str, Any]) -> None:
    """Insert the rows of ``arrays`` (numpy columns named ``names``) into ``table`` with one
    ``INSERT … SELECT``, inside ``db``'s current transaction."""
    listed = ", ".join(names)
    db.register(STAGED, arrays)
    try:
        db.execute(f"INSERT INTO {table} ({listed}) SELECT {listed} FROM {STAGED}")
    finally:
        db.unregister(STAGED)


class Background:
    """Batch writes and checkpoints of the store at ``path`` (open as ``db``), queued on their own
    connection and thread."""

    def __init__(self, db: duckdb.DuckDBPyConnection, path: str) -> None:
        self._db = db
        self._path = path
        self._pool: ThreadPoolExecutor | None = None
        self._cursor: duckdb.DuckDBPyConnection | None = None
        self._queued: list[tuple[Future[object], Callable[[duckdb.Error], StoreError]]] = []

    def write(self, staged: list[Staged]) -> None:
        """Queue one transaction inserting ``staged`` rows; a failed one is rolled back, and
        :meth:`wait` raises :class:`StoreError`."""
        self._queue(self._write, staged, failure=lambda exc: StoreError(f"could not write to {self._path}: {exc}"))

    def checkpoint(self) -> None:
        """Queue a checkpoint, after the work queued before it."""
        self._queue(
            self._checkpoint,
            failure=lambda exc: StoreError(
                f"could not checkpoint {self._path}: {exc}. The stored batches are safe in its write-ahead "
                "log, which DuckDB replays when the store is opened again."
            ),
        )

    def wait(self) -> None:
        """Wait for all queued work; raise :class:`StoreError` for the first job that failed."""
        queued, self._queued = self._queued, []
        failed: tuple[duckdb.Error, Callable[[duckdb.Error], StoreError]] | None = None
        for future, failure in queued:
            try:
                future.result()
            except duckdb.Error as exc:
                failed = failed or (exc, failure)
        if failed is not None:
            cause, describe = failed
            raise describe(cause) from cause

    def close(self) -> None:
        """Wait for the queued work, then release the thread and connection."""
        try:
            self.wait()
        finally:
            if self._pool is not None:
                self._pool.shutdown()
            if self._cursor is not None:
                self._cursor.close()
            self._pool = self._cursor = None

    def _queue(self, job: Callable[..., object], *args: Any, failure: Callable[[duckdb.Error], StoreError]) -> None:
        if self._pool is None or self._cursor is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="kestrel-store")
            self._cursor = self._db.cursor()
        self._queued.append((self._pool.submit(job, self._cursor, *args), failure))

    @staticmethod
    def _checkpoint(cursor: duckdb.DuckDBPyConnection) -> None:
        cursor.execute("CHECKPOINT")

    @staticmethod
    def _write(cursor: duckdb.DuckDBPyConnection, staged: list[Staged]) -> None:
        cursor.execute("BEGIN")
        try:
            for table, names, arrays in staged:
                insert_staged(cursor, table, names, arrays)
            cursor.execute("COMMIT")
        except duckdb.Error:
            cursor.execute("ROLLBACK")
            raise
