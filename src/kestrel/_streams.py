"""Streams in batches, and writing batches on a background thread.

:func:`write_all` hands each item (a prepared batch) to ``write`` on one writer thread while the
caller's thread goes on producing the next. Python code on the two threads takes turns (the GIL),
so what overlaps is what ``write`` does without it: the store's DuckDB inserts and commits. At
most one item waits for the writer, so memory stays bounded. If the caller stops (an error,
Ctrl-C), the writer finishes the item it holds and the error is raised as usual; an error in
``write`` stops the producing and is raised in the caller's thread.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

__all__ = ["batched", "write_all"]

T = TypeVar("T")
R = TypeVar("R")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` consecutive items (the last may be shorter)."""
    if size < 1:
        raise ValueError(f"batch size must be at least 1, not {size}")
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def write_all(write: Callable[[T], R], items: Iterable[T], *, background: bool = True) -> list[R]:
    """``write`` every item in order and return the results; with ``background``, on a writer thread."""
    if not background:
        return [write(item) for item in items]
    pending: queue.Queue[tuple[T] | None] = queue.Queue(maxsize=1)
    results: list[R] = []
    failures: list[BaseException] = []

    def work() -> None:
        while (item := pending.get()) is not None:
            if not failures:
                try:
                    results.append(write(item[0]))
                except BaseException as exc:  # handed over to the caller's thread and raised there
                    failures.append(exc)

    writer = threading.Thread(target=work, name="kestrel-writer", daemon=True)
    writer.start()
    try:
        for item in items:
            if failures:
                break
            pending.put((item,))
    finally:
        pending.put(None)
        writer.join()
    if failures:
        raise failures[0]
    return results
