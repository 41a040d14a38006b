"""Follow mode: code new articles as they arrive in a folder or in RSS/Atom feeds, idempotently.

A :class:`Watcher` polls a folder (walked like ``kestrel run`` walks one) and any number of feed
URLs. A file is read when it is new or has changed since the last poll (size or modification time)
and has not been modified for ``settle`` seconds (so half-written files wait for the next poll).
Articles already in the store are never coded again — the store's content key decides — so a
restarted watcher, a file rewritten with the same stories, or a feed repeating its entries adds
nothing. Each poll that stores something re-runs cross-document resolution.

Feeds are read with the feedparser library (``http(s)://`` and ``file://`` URLs). An entry becomes
an article with the entry's id (else its link) as ``article_id``, its content (else summary) as
text with markup removed, its published or updated date, title, link and the feed's title as
``source``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kestrel.engines.partition import plan_partitions, read_partition
from kestrel.ingest import IngestOptions
from kestrel.models import Article, InputProblem
from kestrel.pipeline import Pipeline, PipelineConfig
from kestrel.resolve import resolve
from kestrel.store import EventStore

__all__ = ["PollResult", "Watcher", "read_feed"]

_TAG_RE = re.compile(r"<[^>]+>")
_BREAK_RE = re.compile(r"(?i)<\s*(?:br\s*/?|/p|/div|/h\d|/li)\s*>")
_SPACE_RE = re.compile(r"[ \t\r\f\v]+")
_DEFAULT_CONFIG = PipelineConfig()
_DEFAULT_OPTIONS = IngestOptions()


@dataclass(slots=True)
class PollResult:
    """What one poll did."""

    files: int = 0
    entries: int = 0
    new: int = 0
    known: int = 0
    events: int = 0
    problems: list[InputProblem] = field(default_factory=list)


def _plain(markup: str) -> str:
    text = html.unescape(_TAG_RE.sub(" ", _BREAK_RE.sub("\n\n", markup)))
    paragraphs = (_SPACE_RE.sub(" ", p).strip() for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def _entry_date(entry: Any) -> dt.date | None:
    for name in ("published_parsed", "updated_parsed"):
        parsed = entry.get(name)
        if parsed:
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def read_feed(url: str, options: IngestOptions = _DEFAULT_OPTIONS) -> Iterator[Article | InputProblem]:
    """The entries of an RSS or Atom feed as articles (entries without text as problems)."""
    import feedparser  # type: ignore[import-untyped]

    parsed = feedparser.parse(url)
    if parsed.get("bozo") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        yield InputProblem(url, f"cannot read the feed ({reason}); check the URL")
        return
    source = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, 1):
        origin = f"{url}#{number}"
        content = entry.get("content") or []
        markup = content[0].get("value", "") if content else entry.get("summary", "")
        text = _plain(markup or "")
        if not text:
            yield InputProblem(origin, "the feed entry has no text (no content or summary); nothing to code")
            continue
        if len(text) > options.max_chars:
            yield InputProblem(origin, f"the entry text is longer than {options.max_chars:,} characters; skipped")
            continue
        key = entry.get("id") or entry.get("link") or hashlib.sha1(text.encode()).hexdigest()[:16]
        yield Article(
            article_id=str(key),
            text=text,
            date=_entry_date(entry) or options.default_date,
            title=entry.get("title") or None,
            source=source,
            url=entry.get("link") or None,
            origin=origin,
        )


class Watcher:
    """Polls ``folder`` (may be None) and ``feeds`` and codes what is new into ``store``."""

    def __init__(
        self,
        store: EventStore,
        folder: str | Path | None = None,
        feeds: Sequence[str] = (),
        *,
        config: PipelineConfig = _DEFAULT_CONFIG,
        options: IngestOptions = _DEFAULT_OPTIONS,
        settle: float = 2.0,
    ) -> None:
        self.store = store
        self.folder = Path(folder) if folder is not None else None
        self.feeds = tuple(feeds)
        self.options = options
        self.settle = settle
        self._config = config
        self._pipeline: Pipeline | None = None
        self._seen: dict[str, str] = {}

    def _changed_files(self) -> list[str]:
        if self.folder is None:
            return []
        now = time.time()
        ready: list[str] = []
        for part in plan_partitions([self.folder], files_per_partition=1, lines_per_partition=1 << 62):
            path = part.paths[0]
            if self._seen.get(path) == part.stamp:
                continue
            if now - os.stat(path).st_mtime < self.settle:
                continue  # still being written, perhaps: next poll
            self._seen[path] = part.stamp
            ready.append(path)
        return ready

    def _read(self, files: Iterable[str]) -> Iterator[Article | InputProblem]:
        for path in files:
            for part in plan_partitions([path], lines_per_partition=1 << 62):
                yield from read_partition(part, self.options)

    def poll(self) -> PollResult:
        """Read what is new once, code it and store it; resolve again if anything was added."""
        result = PollResult()
        files = self._changed_files()
        result.files = len(files)
        items: list[Article | InputProblem] = list(self._read(files))
        for url in self.feeds:
            entries = list(read_feed(url, self.options))
            result.entries += len(entries)
            items.extend(entries)
        fresh: list[Article] = []
        for item in items:
            if isinstance(item, InputProblem):
                result.problems.append(item)
            elif self.store.has(item):
                result.known += 1
            else:
                fresh.append(item)
        if fresh:
            if self._pipeline is None:
                self._pipeline = Pipeline(self._config)
            added = self.store.add([self._pipeline.code_article(a) for a in fresh])
            result.new, result.known, result.events = added.new, result.known + added.duplicate, added.events
            resolve(self.store)
        return result

    def run(
        self,
        interval: float = 30.0,
        *,
        stop: Callable[[], bool] = lambda: False,
        on_poll: Callable[[PollResult], None] | None = None,
    ) -> None:
        """Poll every ``interval`` seconds until ``stop()`` is true (or the process is interrupted)."""
        while not stop():
            result = self.poll()
            if on_poll is not None:
                on_poll(result)
            if stop():
                return
            time.sleep(interval)
