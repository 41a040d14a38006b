"""The Dask engine: code partitions on a Dask distributed cluster, write Parquet and a manifest.

:func:`run_dask` plans the partitions (:mod:`kestrel.engines.partition`), skips those whose marker
says they are done, and submits one task per remaining partition. A task
(:func:`code_partition`) reads its partition, codes it with the one batch function
(:func:`kestrel.engines.rows.rows_from_batch`), writes its Parquet files and then its marker. Dask
retries a task whose worker died or which raised (``retries``); a partition that still fails is
reported and left ``failed`` in the manifest, and the next run with the same inputs and output
does only the partitions not done.

Without a scheduler address a :class:`distributed.LocalCluster` of ``workers`` single-threaded
processes is started. On a real cluster every worker must see the inputs and the output folder at
the same paths (a shared file system), and have Kestrel installed at the same version.
"""

from __future__ import annotations

import importlib
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kestrel.engines.manifest import MANIFEST, build_manifest, done_markers, write_json, write_marker
from kestrel.engines.parquet import write_partition_rows
from kestrel.engines.partition import Partition, plan_partitions, read_partition
from kestrel.engines.rows import rows_from_batch
from kestrel.errors import UsageError
from kestrel.events import CODER_VERSION
from kestrel.ingest import IngestOptions
from kestrel.models import Article
from kestrel.near_duplicates import SIGNATURE_VERSION
from kestrel.pipeline import PipelineConfig

__all__ = ["EngineReport", "code_partition", "resolve_pass", "run_dask"]

_PROBLEM_SAMPLES = 20
_DEFAULT_CONFIG = PipelineConfig()
_DEFAULT_OPTIONS = IngestOptions()


def code_partition(
    partition: Partition, config: PipelineConfig, options: IngestOptions, out_dir: str, key: str
) -> dict[str, Any]:
    """Code one partition and write its Parquet files and marker (runs on a worker). Returns the marker."""
    started = time.perf_counter()
    articles: list[Article] = []
    problems: list[str] = []
    for item in read_partition(partition, options):
        if isinstance(item, Article):
            articles.append(item)
        else:
            problems.append(str(item))
    rows = rows_from_batch(articles, config)
    files = write_partition_rows(rows, out_dir, key)
    info: dict[str, Any] = {
        "key": key,
        "rows": {table: len(table_rows) for table, table_rows in rows.items()},
        "sentences": sum(r["sentences"] for r in rows["articles"]),
        "problems": len(problems),
        "problem_samples": problems[:_PROBLEM_SAMPLES],
        "files": files,
        "seconds": round(time.perf_counter() - started, 3),
        "coder_version": CODER_VERSION,
        "signatures": SIGNATURE_VERSION,  # the near-duplicate signature scheme of the article rows
    }
    write_marker(out_dir, key, info)
    return info


@dataclass(slots=True)
class EngineReport:
    """What a run did. ``failed`` lists ``(partition, error)`` for partitions left undone."""

    output: str
    partitions: int = 0
    skipped: int = 0
    coded: int = 0
    articles: int = 0
    sentences: int = 0
    events: int = 0
    problems: int = 0
    seconds: float = 0.0
    failed: list[tuple[str, str]] = field(default_factory=list)
    problem_samples: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every partition of the plan is done."""
        return not self.failed


@contextmanager
def _client(scheduler: str | None, workers: int, client: Any) -> Iterator[Any]:
    try:
        distributed: Any = importlib.import_module("distributed")
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise UsageError("the dask engine needs dask; install it with: pip install 'kestrel-events[dask]'") from exc
    if client is not None:
        yield client
    elif scheduler:
        with distributed.Client(scheduler) as remote:
            yield remote
    else:
        if workers < 1:
            raise UsageError("--workers must be at least 1")
        with (
            distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            distributed.Client(cluster) as local,
        ):
            yield local


def run_dask(
    inputs: Iterable[str | Path],
    output: str | Path,
    config: PipelineConfig = _DEFAULT_CONFIG,
    options: IngestOptions = _DEFAULT_OPTIONS,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    client: Any = None,
    lines_per_partition: int = 500,
    files_per_partition: int = 50,
    retries: int = 2,
    progress: Callable[[int, int], None] | None = None,
) -> EngineReport:
    """Code ``inputs`` on a Dask cluster into Parquet under ``output``; skip partitions already done.

    ``client`` (a ``distributed.Client``) wins over ``scheduler`` (an address such as
    ``tcp://10.0.0.1:8786``), which wins over a local cluster of ``workers`` processes.
    ``progress(done, total)`` is called after each partition.

    Raises:
        InputError: An input does not exist.
        UsageError: Standard input was given, or dask is not installed.
    """
    started = time.perf_counter()
    out = Path(output).resolve()
    out.mkdir(parents=True, exist_ok=True)
    settings = repr((config, options))
    plan = [(p.key(config, options, CODER_VERSION), p) for p in plan_partitions(
        inputs, lines_per_partition=lines_per_partition, files_per_partition=files_per_partition)]  # fmt: skip
    markers = done_markers(out)
    todo = [(key, part) for key, part in plan if key not in markers]
    report = EngineReport(str(out), partitions=len(plan), skipped=len(plan) - len(todo))
    errors: dict[str, str] = {}

    def save() -> None:
        write_json(out / MANIFEST, build_manifest(plan, markers, errors, CODER_VERSION, settings))

    save()
    if todo:
        with _client(scheduler, workers, client) as dask_client:
            _submit_all(dask_client, todo, config, options, out, retries, markers, errors, report, save, progress)
    describe = dict((key, part.describe()) for key, part in plan)
    report.failed = [(describe[key], message) for key, message in errors.items()]
    report.seconds = time.perf_counter() - started
    save()
    return report


def _submit_all(
    dask_client: Any,
    todo: list[tuple[str, Partition]],
    config: PipelineConfig,
    options: IngestOptions,
    out: Path,
    retries: int,
    markers: dict[str, dict[str, Any]],
    errors: dict[str, str],
    report: EngineReport,
    save: Callable[[], None],
    progress: Callable[[int, int], None] | None,
) -> None:
    as_completed: Any = importlib.import_module("distributed").as_completed
    run = uuid.uuid4().hex[:8]  # a fresh task key per run: the scheduler may still hold a failed attempt
    futures = {
        dask_client.submit(
            code_partition,
            part,
            config,
            options,
            str(out),
            key,
            key=f"kestrel-{key}-{run}",
            retries=retries,
            pure=False,
        ): key
        for key, part in todo
    }
    for finished, future in enumerate(as_completed(futures), 1):
        key = futures[future]
        try:
            info = future.result()
        except Exception as exc:  # any task failure, including a worker killed too often
            errors[key] = f"{type(exc).__name__}: {exc}"
        else:
            markers[key] = info
            report.coded += 1
            report.articles += info["rows"]["articles"]
            report.sentences += info["sentences"]
            report.events += info["rows"]["events"]
            report.problems += info["problems"]
            report.problem_samples.extend(info["problem_samples"][: _PROBLEM_SAMPLES - len(report.problem_samples)])
        save()
        if progress is not None:
            progress(finished, len(futures))


def resolve_pass(
    output: str | Path, *, scheduler: str | None = None, workers: int = 2, client: Any = None, window_days: int = 1
) -> Any:
    """The second pass: cross-document actors and event links over the Parquet output, on the cluster
    (:mod:`kestrel.engines.resolve_pass`). Returns its :class:`ResolvePassResult`."""
    from kestrel.engines.resolve_pass import resolve_output

    with _client(scheduler, workers, client) as dask_client:
        return resolve_output(output, dask_client, window_days=window_days)
