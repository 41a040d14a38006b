"""Throughput of the Dask engine with 1 and 2 workers on ../shared/corpus, and memory per worker.

Run from the repository root (needs the ``dask`` extra and the ../shared development data)::

    .venv/bin/python bench/dask_scaling.py [--workers 1 2] [--partition-lines 250] [--core-hour-price 0.04]

For each worker count a fresh LocalCluster (single-threaded worker processes) is started and each
worker builds its pipeline before the clock starts (knowledge loading is a one-off cost per
worker, reported separately). The timed part is a full ``run_dask`` into an empty output folder:
planning, coding, Parquet writing and the manifest. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from kestrel.engines import run_dask
from kestrel.models import Article
from kestrel.parallel import code_batch

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _rss() -> int:
    import psutil

    return int(psutil.Process().memory_info().rss)


def _warm() -> int:
    code_batch([Article("warm-up", "Iraq's defence minister visited Tehran on Monday.")])
    return _rss()


def _measure(workers: int, partition_lines: int) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
        tempfile.TemporaryDirectory() as out,
    ):
        started = time.perf_counter()
        loaded = client.run(_warm)
        warm_seconds = time.perf_counter() - started
        report = run_dask([CORPUS], out, client=client, lines_per_partition=partition_lines)
        after = client.run(_rss)
    assert report.complete, report.failed
    return {
        "workers": workers,
        "partitions": report.partitions,
        "articles": report.articles,
        "sentences": report.sentences,
        "events": report.events,
        "seconds": round(report.seconds, 2),
        "articles_per_s": round(report.articles / report.seconds, 1),
        "sentences_per_s": round(report.sentences / report.seconds, 1),
        "worker_startup_s": round(warm_seconds, 2),
        "worker_rss_mb_after_load": max(v // 2**20 for v in loaded.values()),
        "worker_rss_mb_peak_end": max(v // 2**20 for v in after.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--partition-lines", type=int, default=250)
    parser.add_argument("--core-hour-price", type=float, default=0.04, help="USD per core-hour (on-demand VM).")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"{CORPUS} is missing: this benchmark needs the ../shared development data")
    runs = [_measure(n, args.partition_lines) for n in args.workers]
    result: dict[str, Any] = {"corpus": str(CORPUS), "cores": os.cpu_count(), "runs": runs}
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]  # other work on the machine skews it
    if len(runs) >= 2:
        result["scaling_ratio"] = round(runs[-1]["articles_per_s"] / runs[0]["articles_per_s"], 2)
    per_core = max(r["articles_per_s"] / r["workers"] for r in runs)
    core_hours = 1_000_000 / per_core / 3600
    result["core_hours_per_million_articles"] = round(core_hours, 2)
    result["usd_per_million_articles"] = round(core_hours * args.core_hour_price, 2)
    result["core_hour_price_usd"] = args.core_hour_price
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
