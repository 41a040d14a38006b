"""Coding in several processes: the one batch function every engine uses.

:func:`code_batch` is a plain, picklable function from a batch of articles to coded articles; a
local process pool (:func:`pipe_parallel`) and the distributed engines call it. Each worker process
builds its :class:`~kestrel.pipeline.Pipeline` once and keeps it for every batch it receives.
Results come back in input order. Sentence tokens are dropped from the results before they cross
the process boundary (nothing downstream needs them, and they are most of the pickle).
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from kestrel._streams import batched
from kestrel.models import Article, CodedArticle
from kestrel.pipeline import Pipeline, PipelineConfig

__all__ = ["code_batch", "pipe_parallel", "render_parallel"]

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
