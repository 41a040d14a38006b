"""Throughput benchmark: code a corpus in one process and report speed and memory.

Usage (from the repository root):
    .venv/bin/python bench/throughput.py [CORPUS.jsonl] [--limit N] [--repeat 5] [--json]

The default corpus is ../shared/corpus/synthetic_stories.jsonl. Each run codes the whole corpus
with one Pipeline (knowledge loaded once, outside the timing) and writes every event as JSON to
/dev/null, as `kestrel code` does. Reports the median of --repeat runs: articles/s, sentences/s,
events/s, and peak RSS of the process. Stage split (--stages) times sentence splitting, actor
recognition, event coding, date resolution, geolocation and topics separately.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

from kestrel.dates import resolve_event_date
from kestrel.ingest import IngestOptions, read_inputs
from kestrel.models import Article
from kestrel.pipeline import Pipeline, _countries, _place
from kestrel.serialize import event_to_json
from kestrel.text import split_sentences
from kestrel.topics import find_topics

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "synthetic_stories.jsonl"


def _load(path: Path, limit: int | None) -> list[Article]:
    articles = [a for a in read_inputs([path], IngestOptions(max_chars=10**7)) if isinstance(a, Article)]
    return articles[:limit] if limit else articles


def _one_run(pipeline: Pipeline, articles: list[Article]) -> tuple[float, int, int]:
    sentences = events = 0
    with open(os.devnull, "w") as sink:
        start = time.perf_counter()
        for coded in pipeline.pipe(articles):
            sentences += len(coded.sentences)
            events += len(coded.events)
            for e in coded.events:
                sink.write(event_to_json(e) + "\n")
        elapsed = time.perf_counter() - start
    return elapsed, sentences, events


def _stages(pipeline: Pipeline, articles: list[Article]) -> dict[str, float]:
    """Time each stage as Pipeline.code_article runs it (same calls, same order)."""
    t = dict.fromkeys(("sentences", "actors", "events", "dates", "places", "topics"), 0.0)
    for a in articles:
        t0 = time.perf_counter()
        sents = split_sentences(a.text)
        t1 = time.perf_counter()
        mentions = pipeline.recognize(sents, a.date)
        t2 = time.perf_counter()
        found = [(s, m, pipeline.code_events(a.article_id, s, m)) for s, m in zip(sents, mentions, strict=True)]
        t3 = time.perf_counter()
        for s, _, evs in found:
            for e in evs:
                resolve_event_date(s.text, a.date, anchor=e.evidence.trigger_span[0])
        t4 = time.perf_counter()
        for s, m, evs in found:
            for e in evs:
                _place(e, s, _countries(m), e.evidence.trigger_span[0])
        t5 = time.perf_counter()
        for s, _, evs in found:
            if evs:
                find_topics(s.text)
        t6 = time.perf_counter()
        for key, spent in zip(t, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5), strict=True):
            t[key] += spent
    return t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--repeat", type=int, default=5, help="runs to take the median of")
    ap.add_argument("--stages", action="store_true", help="also time each stage separately")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    pipeline = Pipeline()
    load_s = time.perf_counter() - t0
    articles = _load(args.corpus, args.limit)
    runs = [_one_run(pipeline, articles) for _ in range(args.repeat)]
    times = [r[0] for r in runs]
    median = statistics.median(times)
    _, sentences, events = runs[0]
    result = {
        "corpus": str(args.corpus),
        "articles": len(articles),
        "sentences": sentences,
        "events": events,
        "runs": args.repeat,
        "median_seconds": round(median, 3),
        "articles_per_s": round(len(articles) / median, 1),
        "sentences_per_s": round(sentences / median, 1),
        "events_per_s": round(events / median, 1),
        "knowledge_load_seconds": round(load_s, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "python": sys.version.split()[0],
    }
    if args.stages:
        stages = _stages(pipeline, articles)
        total = sum(stages.values())
        result["stage_seconds"] = {k: round(v, 3) for k, v in stages.items()}
        result["stage_share"] = {k: round(v / total, 3) for k, v in stages.items()}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:>24}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
