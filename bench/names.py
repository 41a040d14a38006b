"""Name-matching benchmark: precision, recall, F1 (at DEFAULT_THRESHOLD), ROC AUC and speed.

Usage (from the repository root):
    .venv/bin/python bench/names.py [--threshold T] [--json] [--errors N] [--sweep]

Reads the labelled pairs in ../shared/names/ (the repository's sibling folder): ofac_pairs.csv split
into persons and organisations, un_pairs.csv (persons, organisations and all), and
arabic_token_pairs.csv as an extra; and our own set bench/data/name_pairs.csv (transliterations,
nicknames, partial names, near-namesakes; see bench/data/README.md) and its blind second set
name_pairs_holdout.csv, which need no ../shared.
Scores each pair with kestrel.names.name_similarity (the library behind `kestrel names score`,
passing the schema column when the file has one). Speed is measured cold (caches cleared before
each set) and warm (a second pass). Prints one table row per set, or a JSON object with --json.
--errors N shows N false positives and N false negatives per set (never for the blind holdout set);
--sweep prints F1 at other thresholds. Without ../shared only bench/data is scored.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

from kestrel._names_norm import parse_name
from kestrel._names_score import _tok_cache, explain_similarity
from kestrel.names import DEFAULT_THRESHOLD, name_similarity

NAMES = Path(__file__).resolve().parents[1].parent / "shared" / "names"
OWN = Path(__file__).resolve().parent / "data" / "name_pairs.csv"
HOLDOUT = Path(__file__).resolve().parent / "data" / "name_pairs_holdout.csv"
BLIND = "kestrel holdout (blind)"
Pair = tuple[str, str, str | None, bool]


def _read(path: Path) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            (r["name1"], r["name2"], r.get("schema") or None, r["is_match"].strip().lower() == "true")
            for r in csv.DictReader(fh)
        ]


def roc_auc(scores: list[float], labels: list[bool]) -> float:
    """Area under the ROC curve: the probability a positive outranks a negative (ties count half)."""
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    n_pos = sum(labels)
    n_neg = len(labels) - n_pos
    if not n_pos or not n_neg:
        return float("nan")
    rank_sum = sum(r for r, y in zip(ranks, labels, strict=True) if y)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def prf(scores: list[float], labels: list[bool], threshold: float) -> tuple[float, float, float]:
    tp = sum(s >= threshold and y for s, y in zip(scores, labels, strict=True))
    fp = sum(s >= threshold and not y for s, y in zip(scores, labels, strict=True))
    fn = sum(s < threshold and y for s, y in zip(scores, labels, strict=True))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _own_pairs(path: Path = OWN) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [(r["name1"], r["name2"], "Person", r["is_match"] == "true") for r in csv.DictReader(fh)]


def _sets() -> dict[str, list[Pair]]:
    own = {"kestrel pairs (bench/data)": _own_pairs(), BLIND: _own_pairs(HOLDOUT)}
    if not (NAMES / "ofac_pairs.csv").exists():
        return own
    ofac = _read(NAMES / "ofac_pairs.csv")
    un = _read(NAMES / "un_pairs.csv")
    arabic = _read(NAMES / "arabic_token_pairs.csv")
    return {
        "ofac persons": [p for p in ofac if p[2] == "Person"],
        "ofac organisations": [p for p in ofac if p[2] != "Person"],
        "un persons": [p for p in un if p[2] == "Person"],
        "un organisations": [p for p in un if p[2] != "Person"],
        "un all": un,
        "arabic tokens (extra)": arabic,
        **own,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("--errors", type=int, default=0, help="show N false positives and negatives per set")
    ap.add_argument("--sweep", action="store_true", help="also print F1 at thresholds 0.5-0.9")
    args = ap.parse_args(argv)
    if not (NAMES / "ofac_pairs.csv").exists():
        print(f"note: {NAMES} is absent (development data); scoring bench/data only", file=sys.stderr)
    results: dict[str, dict[str, float]] = {}
    sets = _sets()
    for name, pairs in sets.items():
        parse_name.cache_clear()
        _tok_cache.clear()
        start = time.perf_counter()
        scores = [name_similarity(a, b, schema=s) for a, b, s, _ in pairs]
        elapsed = time.perf_counter() - start
        start = time.perf_counter()
        for a, b, s, _ in pairs:
            name_similarity(a, b, schema=s)
        warm = time.perf_counter() - start
        labels = [y for *_, y in pairs]
        p, r, f = prf(scores, labels, args.threshold)
        results[name] = {
            "pairs": len(pairs),
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "auc": round(roc_auc(scores, labels), 4),
            "pairs_per_s": round(len(pairs) / elapsed),
            "pairs_per_s_warm": round(len(pairs) / warm),
        }
        if args.sweep:
            sweep = {t / 100: prf(scores, labels, t / 100)[2] for t in range(50, 91, 5)}
            results[name]["sweep"] = sweep  # type: ignore[assignment]
        if args.errors and pairs is not sets.get(BLIND):  # the blind set's errors stay unread
            _show_errors(pairs, scores, args.threshold, args.errors, name)
    if args.json:
        print(json.dumps({"threshold": args.threshold, "sets": results}, indent=2))
        return 0
    print(f"threshold {args.threshold}")
    print(f"{'set':26} {'pairs':>6} {'prec':>6} {'rec':>6} {'F1':>6} {'AUC':>6} {'pairs/s':>8} {'warm/s':>8}")
    for name, m in results.items():
        print(
            f"{name:26} {m['pairs']:>6} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f} "
            f"{m['auc']:>6.3f} {m['pairs_per_s']:>8} {m['pairs_per_s_warm']:>8}"
        )
        if args.sweep:
            print("   " + "  ".join(f"{t:.2f}:{v:.3f}" for t, v in m["sweep"].items()))  # type: ignore[attr-defined]
    return 0


def _show_errors(pairs: list[Pair], scores: list[float], threshold: float, n: int, name: str) -> None:
    fps = [(s, p) for s, p in zip(scores, pairs, strict=True) if s >= threshold and not p[3]]
    fns = [(s, p) for s, p in zip(scores, pairs, strict=True) if s < threshold and p[3]]
    print(f"== {name}: {len(fps)} false positives, {len(fns)} false negatives", file=sys.stderr)
    for label, errs in (("FP", sorted(fps, key=lambda e: -e[0])), ("FN", fns)):
        step = max(1, len(errs) // n) if errs else 1
        for s, (a, b, schema, _) in errs[::step][:n]:
            why = explain_similarity(a, b, schema=schema)[1]
            print(f"  {label} {s:.3f}  {a!r} | {b!r}  [{why}]", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
