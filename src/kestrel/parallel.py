"""Coding in several processes: the one batch function every engine uses.

:func:`code_batch` is a plain, picklable function from a batch of articles to coded articles; a
local process pool (:func:`pipe_parallel`) and the distributed engines call it. Each worker process
builds its :class:`~kestrel.pipeline.Pipeline` once and keeps it for every batch it receives.
Results come back in input order. Sentence tokens are dropped from the results before they cross
the process boundary (nothing downstream needs them, and they are most of the pickle).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from kestrel._streams import batched
from kestrel.models import Article, CodedArticle
from kestrel.pipeline import Pipeline, PipelineConfig
from kestrel.store import ArticleRows, article_rows

__all__ = ["code_batch", "pipe_parallel", "render_parallel", "rows_parallel"]

T = TypeVar("T")

_PIPELINES: dict[PipelineConfig, Pipeline] = {}
_DEFAULT = PipelineConfig()


def _pipeline(config: PipelineConfig) -> Pipeline:
    pipeline = _PIPELINES.get(config)
    if pipeline is None:
        pipeline = _PIPELINES[config] = Pipeline(config)
    return pipeline


def _light(coded: CodedArticle) -> CodedArticle:
    return replace(coded, sentences=tuple(replace(s, tokens=()) for s in coded.sentences))


def code_batch(articles: Sequence[Article], config: PipelineConfig = _DEFAULT) -> list[CodedArticle]:
    """Code a batch of articles with a pipeline built once per process for ``config``.

    Sentences in the result carry no tokens (see the module docstring).
    """
    pipeline = _pipeline(config)
    return [_light(pipeline.code_article(a)) for a in articles]


def _code(args: tuple[list[Article], PipelineConfig]) -> list[CodedArticle]:
    return code_batch(*args)


def _render(args: tuple[list[Article], PipelineConfig, Callable[[CodedArticle], Any]]) -> list[Any]:
    articles, config, render = args
    pipeline = _pipeline(config)
    return [render(pipeline.code_article(a)) for a in articles]


def render_parallel(
    articles: Iterable[Article],
    render: Callable[[CodedArticle], T],
    config: PipelineConfig = _DEFAULT,
    *,
    workers: int = 2,
    batch_size: int = 32,
) -> Iterator[T]:
    """Code and ``render`` (a picklable, top-level function) in the workers, in input order.

    For output that is all the caller needs (JSON lines, CSV rows), this keeps serialisation in the
    workers too, so the parent only writes.
    """
    if workers <= 1:
        pipeline = _pipeline(config)
        yield from (render(pipeline.code_article(a)) for a in articles)
        return
    with _pool(config, workers) as pool:
        jobs = ((batch, config, render) for batch in batched(articles, batch_size))
        for result in pool.imap(_render, jobs):
            yield from result


def _pool(config: PipelineConfig, workers: int) -> Any:
    methods = mp.get_all_start_methods()
    context = mp.get_context("fork" if "fork" in methods else "spawn")
    if "fork" in methods:
        _pipeline(config)  # load once before forking; children inherit it
    return context.Pool(workers)


def pipe_parallel(
    articles: Iterable[Article],
    config: PipelineConfig = _DEFAULT,
    *,
    workers: int = 2,
    batch_size: int = 32,
) -> Iterator[CodedArticle]:
    """Code ``articles`` in ``workers`` processes, yielding results in input order.

    With ``workers <= 1`` everything runs in this process. Worker processes are forked where the
    platform allows it, so the knowledge already loaded here is shared rather than reloaded.
    """
    if workers <= 1:
        pipeline = _pipeline(config)
        yield from (pipeline.code_article(a) for a in articles)
        return
    with _pool(config, workers) as pool:
        jobs = ((batch, config) for batch in batched(articles, batch_size))
        for result in pool.imap(_code, jobs):
            yield from result


def _lay_out(args: tuple[list[Article], PipelineConfig, str]) -> list[ArticleRows]:
    articles, config, now = args
    pipeline = _pipeline(config)
    return [article_rows(pipeline.code_article(a), now, sign=True) for a in articles]


def rows_parallel(
    articles: Iterable[Article],
    config: PipelineConfig = _DEFAULT,
    *,
    workers: int = 2,
    batch_size: int = 32,
) -> Iterator[CodedArticle | ArticleRows]:
    """What :meth:`kestrel.store.EventStore.add_all` takes, coded in ``workers`` processes, in order.

    The workers also lay each article out as store rows and sign it for near-duplicate detection
    (:class:`~kestrel.store.ArticleRows`), so the process that writes the store only writes: rows
    cross the process boundary faster than coded articles, and a store fed this way keeps up with
    more workers. With ``workers <= 1`` the coded articles themselves come back (the store lays
    them out, and signs them a batch at a time, which is faster in one process).
    """
    if workers <= 1:
        yield from pipe_parallel(articles, config, workers=1)
        return
    now = dt.datetime.now().isoformat(sep=" ")
    with _pool(config, workers) as pool:
        jobs = ((batch, config, now) for batch in batched(articles, batch_size))
        for result in pool.imap(_lay_out, jobs):
            yield from result
