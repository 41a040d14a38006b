"""Actor recognition benchmark: knowledge-base load time and sentences/s on one core.

Usage: .venv/bin/python bench/actors.py [CORPUS.jsonl] [--limit 1500] [--repeat 5] [--json]

Reports the median of --repeat runs for (a) dictionary matching alone (ActorMatcher over each
sentence's tokens) and (b) full recognition (matching, composition, within-document reference).
Sentence splitting is done once, outside the timing. The default corpus is
../shared/corpus/synthetic_stories.jsonl.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from kestrel.actors import ActorRecognizer, load_knowledge_base
from kestrel.text import split_sentences

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "synthetic_stories.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=1500)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 1
    loads = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        kb = load_knowledge_base()
        recognizer = ActorRecognizer(kb)
        loads.append(time.perf_counter() - t0)
    with args.corpus.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line, _ in zip(fh, range(args.limit), strict=False)]
    docs = [split_sentences(t) for t in texts]
    n = sum(len(d) for d in docs)
    match_times, full_times = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for doc in docs:
            for sentence in doc:
                recognizer.matcher(sentence.tokens)
        match_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for doc in docs:
            recognizer(doc, None)
        full_times.append(time.perf_counter() - t0)
    result = {
        "sentences": n,
        "aliases": len(kb.aliases),
        "entries": len(kb.entries),
        "kb_load_seconds_median": round(statistics.median(loads), 3),
        "matching_sentences_per_s": round(n / statistics.median(match_times)),
        "recognition_sentences_per_s": round(n / statistics.median(full_times)),
    }
    print(json.dumps(result, indent=2) if args.json else "\n".join(f"{k:>30}: {v}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
