"""Store benchmarks: ingest throughput relative to `kestrel code`, and dyad queries at scale.

Usage:
    .venv/bin/python bench/store.py ingest [CORPUS.jsonl] [--limit N] [--repeat 3] [--cli [--workers N]]
    .venv/bin/python bench/store.py dyads [--events 10000000] [--repeat 5]

`ingest` codes the corpus to JSON (what `kestrel code` does) and into a fresh store (what
`kestrel run` does: coding, `EventStore.add_all` in batches of `BATCH_SIZE` with near-duplicate
detection, and the cross-article resolution pass), --repeat times each, interleaved after a short
warm-up, and reports the median rates and the median of the per-pair ratios (and every ratio:
this machine is noisy).
With `--cli` it times the two commands themselves (`kestrel code` to a file, `kestrel run` into a
new store; process start-up and input reading included), with the same `--workers` for both.
`dyads` fills a store with N synthetic events by SQL (no coding) and times the dyad-by-month query
of kestrel.query.dyads (median of --repeat runs).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kestrel.ingest import IngestOptions, read_inputs
from kestrel.models import Article
from kestrel.pipeline import Pipeline
from kestrel.query import dyads
from kestrel.resolve import ResolveResult, resolve
from kestrel.serialize import event_to_json
from kestrel.store import EventStore

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "synthetic_stories.jsonl"


def ingest(corpus: Path, limit: int | None, repeat: int = 1) -> dict[str, object]:
    articles = [a for a in read_inputs([corpus], IngestOptions(max_chars=10**7)) if isinstance(a, Article)]
    articles = articles[:limit] if limit else articles
    pipeline = Pipeline()
    for _ in pipeline.pipe(articles[:50]):
        pass  # warm up: lazily loaded tables and caches are not part of either rate
    code_times: list[float] = []
    run_times: list[float] = []
    for _ in range(repeat):  # interleaved, so a slow spell of the machine hits both
        code_times.append(_code_seconds(pipeline, articles))
        run_s, counts, resolution = _run_seconds(pipeline, articles)
        run_times.append(run_s)
    ratios = [c / r for c, r in zip(code_times, run_times, strict=True)]
    return {
        "articles": len(articles),
        "runs": repeat,
        "code_articles_per_s": round(len(articles) / statistics.median(code_times), 1),
        "run_articles_per_s": round(len(articles) / statistics.median(run_times), 1),
        "run_vs_code_ratio": round(statistics.median(ratios), 3),
        "run_vs_code_ratios": [round(r, 3) for r in ratios],
        "store_counts": counts,
        "canonical_actors": resolution.actors,
        "linked_events": resolution.event_groups,
    }


def _code_seconds(pipeline: Pipeline, articles: list[Article]) -> float:
    t0 = time.perf_counter()
    with open(os.devnull, "w") as sink:
        for coded in pipeline.pipe(articles):
            for e in coded.events:
                sink.write(event_to_json(e) + "\n")
    return time.perf_counter() - t0


def _run_seconds(pipeline: Pipeline, articles: list[Article]) -> tuple[float, dict[str, int], ResolveResult]:
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with EventStore(Path(tmp) / "bench.duckdb") as store:
            store.add_all(pipeline.pipe(articles))
            resolution = resolve(store)
            counts = store.counts()
        return time.perf_counter() - t0, counts, resolution


def ingest_cli(corpus: Path, limit: int | None, repeat: int, workers: int) -> dict[str, object]:
    """The same comparison through the commands a user runs, start-up and input reading included:
    `kestrel code CORPUS --output FILE` against `kestrel run CORPUS --db NEW.duckdb`."""
    kestrel = [sys.executable, "-m", "kestrel"]
    common = ["--quiet", "--workers", str(workers)]
    with tempfile.TemporaryDirectory() as tmp:
        source = corpus
        if limit:
            source = Path(tmp) / "input.jsonl"
            with corpus.open(encoding="utf-8") as fh:
                source.write_text("".join(line for _, line in zip(range(limit), fh, strict=False)), encoding="utf-8")
        code_times: list[float] = []
        run_times: list[float] = []
        for i in range(repeat):
            code_times.append(
                _timed([*kestrel, "code", str(source), "--output", str(Path(tmp) / "out.jsonl"), *common])
            )
            run_times.append(_timed([*kestrel, "run", str(source), "--db", str(Path(tmp) / f"run{i}.duckdb"), *common]))
    ratios = [c / r for c, r in zip(code_times, run_times, strict=True)]
    return {
        "workers": workers,
        "runs": repeat,
        "code_seconds": round(statistics.median(code_times), 2),
        "run_seconds": round(statistics.median(run_times), 2),
        "run_vs_code_ratio": round(statistics.median(ratios), 3),
        "run_vs_code_ratios": [round(r, 3) for r in ratios],
    }


def _timed(command: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def dyad_query(n_events: int, repeat: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp, EventStore(Path(tmp) / "big.duckdb") as store:
        t0 = time.perf_counter()
        store.db.execute(
            """
                INSERT INTO articles (article_hash, article_id, text, sentences, coder_version, coded_at)
                SELECT 'a' || i, 'a' || i, '', 1, 'bench', now() FROM range(100000) t(i)
                """
        )
        store.db.execute(
            f"""
                INSERT INTO events (event_id, article_hash, article_id, sentence_index, event_date, source_code,
                    source_country, source_actor_id, target_code, target_country, target_actor_id, cameo_code,
                    cameo_root, quad_class, goldstein, negated, sentence, rule, json)
                SELECT 'e' || i, 'a' || (i % 100000), 'a' || (i % 100000), 0,
                       DATE '2015-01-01' + CAST(i % 3650 AS INTEGER),
                       c1, c1, 'code:' || c1, c2, c2, 'code:' || c2, '0' || (10 + i % 90), '0' || (1 + i % 9),
                       1 + i % 4, (i % 20) - 10.0, false, '', 'bench', '{{}}'
                FROM (SELECT i, ['IRQ','IRN','USA','RUS','CHN','EGY','SYR','TUR','ISR','SAU'][1 + i % 10] AS c1,
                             ['IRQ','IRN','USA','RUS','CHN','EGY','SYR','TUR','ISR','SAU'][1 + (i // 10) % 10] AS c2
                      FROM range({n_events}) t(i))
                """
        )
        fill_s = time.perf_counter() - t0
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            rows = dyads(store, period="month")
            times.append(time.perf_counter() - t0)
    return {
        "events": n_events,
        "fill_seconds": round(fill_s, 1),
        "dyad_month_rows": len(rows),
        "query_seconds_median": round(statistics.median(times), 3),
        "query_seconds_all": [round(t, 3) for t in times],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    a = sub.add_parser("ingest")
    a.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    a.add_argument("--limit", type=int)
    a.add_argument("--repeat", type=int, default=3, help="interleaved code/run pairs; medians are reported")
    a.add_argument("--cli", action="store_true", help="time the `kestrel code` and `kestrel run` commands instead")
    a.add_argument("--workers", type=int, default=1, help="with --cli: --workers for both commands")
    d = sub.add_parser("dyads")
    d.add_argument("--events", type=int, default=10_000_000)
    d.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if args.what == "ingest":
        if not args.corpus.exists():
            print(f"corpus not found: {args.corpus}", file=sys.stderr)
            return 1
        if args.cli:
            result = ingest_cli(args.corpus, args.limit, args.repeat, args.workers)
        else:
            result = ingest(args.corpus, args.limit, args.repeat)
    else:
        result = dyad_query(args.events, args.repeat)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
