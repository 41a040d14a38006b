"""Score the coder against gold files.

Gold format (one JSON object per line): ``{"id", "text", "date"?, "expected_events": [{"source",
"target", "code"?, "plover"?}]}``; ``source``/``target`` are a country root (``IRQ``), a full code
(``IRQGOVMIL``) or ``---`` for unknown (matches anything). Files labelled only with a CAMEO
``pentaclass`` (0 statements/appeals, 1 verbal cooperation, 2 material cooperation, 3 verbal
conflict, 4 material conflict) are scored on the pentaclass of the first event found in each
sentence. ``source_spans``/``target_spans`` give actor-span recall.

Three event-level scores, each precision/recall/F1 with one-to-one matching inside a sentence:
``root``: CAMEO root + source and target country; ``full``: full code + full actor codes;
``plover``: PLOVER type + source and target country.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kestrel.errors import InputError
from kestrel.ingest import parse_date
from kestrel.models import Article, CodedArticle, Event, InputProblem
from kestrel.ontology import default_ontology

__all__ = ["EvalReport", "GoldEvent", "GoldSentence", "Scores", "evaluate", "read_gold"]


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """An expected event: actor codes (root, full or ``---``), CAMEO code and/or PLOVER type."""

    source: str
    target: str
    code: str | None = None
    plover: str | None = None


@dataclass(frozen=True, slots=True)
class GoldSentence:
    """One gold line."""

    id: str
    text: str
    date: str | None = None
    expected: tuple[GoldEvent, ...] | None = None
    pentaclass: int | None = None
    actor_spans: tuple[str, ...] = ()


@dataclass(slots=True)
class Scores:
    """True positives, false positives and false negatives, with the usual ratios."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(slots=True)
class EvalReport:
    """Everything ``kestrel eval`` prints."""

    sentences: int = 0
    event_sentences: int = 0
    root: Scores = field(default_factory=Scores)
    full: Scores = field(default_factory=Scores)
    plover: Scores = field(default_factory=Scores)
    per_root: dict[str, Scores] = field(default_factory=dict)
    pentaclass_total: int = 0
    pentaclass_correct: int = 0
    pentaclass_no_event: int = 0
    pentaclass_confusion: Counter[tuple[int, int | None]] = field(default_factory=Counter)
    spans_total: int = 0
    spans_found: int = 0
    problems: list[InputProblem] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def pentaclass_accuracy(self) -> float:
        return self.pentaclass_correct / self.pentaclass_total if self.pentaclass_total else 0.0

    @property
    def span_recall(self) -> float:
        return self.spans_found / self.spans_total if self.spans_total else 0.0

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"sentences": self.sentences, "problems": [str(p) for p in self.problems]}
        if self.event_sentences:
            out["event_sentences"] = self.event_sentences
            out["root"] = self.root.as_dict()
            out["full"] = self.full.as_dict()
            out["plover"] = self.plover.as_dict()
            out["per_root"] = {k: v.as_dict() for k, v in sorted(self.per_root.items())}
        if self.pentaclass_total:
            out["pentaclass"] = {
                "sentences": self.pentaclass_total,
                "accuracy": round(self.pentaclass_accuracy, 4),
                "no_event": self.pentaclass_no_event,
                "event_found_rate": round(1 - self.pentaclass_no_event / self.pentaclass_total, 4),
                "confusion": {
                    f"{gold}->{'none' if pred is None else pred}": n
                    for (gold, pred), n in sorted(self.pentaclass_confusion.items(), key=str)
                },
            }
        if self.spans_total:
            out["actor_spans"] = {
                "total": self.spans_total,
                "found": self.spans_found,
                "recall": round(self.span_recall, 4),
            }
        return out


def read_gold(path: str | Path) -> Iterator[GoldSentence | InputProblem]:
    """Read a gold JSONL file; bad lines come back as :class:`InputProblem`."""
    with Path(path).open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            origin = f"{path}:{number}"
            try:
                yield _gold_line(json.loads(line))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                yield InputProblem(origin, f"not a gold record ({exc})")


def _gold_line(obj: dict[str, Any]) -> GoldSentence:
    expected = None
    if "expected_events" in obj:
        expected = tuple(
            GoldEvent(str(e.get("source") or "---"), str(e.get("target") or "---"), e.get("code"), e.get("plover"))
            for e in obj["expected_events"]
        )
    spans = tuple(str(s) for key in ("source_spans", "target_spans") for s in obj.get(key) or [])
    penta = obj.get("pentaclass")
    return GoldSentence(
        str(obj["id"]),
        str(obj["text"]),
        obj.get("date") or None,
        expected,
        int(penta) if penta is not None else None,
        spans,
    )


def _actor_ok(gold: str, actor_code: str, full: bool) -> bool:
    if gold in ("---", ""):
        return True
    return actor_code == gold if full and len(gold) > 3 else actor_code[:3] == gold[:3]


def _code(e: Event, side: str) -> str:
    actor = e.source if side == "source" else e.target
    return actor.code if actor else "---"


def _match_count(gold: list[GoldEvent], events: list[Event], same: Callable[[GoldEvent, Event], bool]) -> int:
    used: set[int] = set()
    hits = 0
    for g in gold:
        for i, e in enumerate(events):
            if i not in used and same(g, e):
                used.add(i)
                hits += 1
                break
    return hits


def _root(code: str) -> str:
    return code[:2]


def evaluate(
    gold: Iterable[GoldSentence | InputProblem],
    code: Callable[[Article], CodedArticle],
    *,
    keep_errors: bool = False,
) -> EvalReport:
    """Run ``code`` (e.g. ``Pipeline().code_article``) over gold sentences and score it."""
    onto = default_ontology()
    report = EvalReport()
    for item in gold:
        if isinstance(item, InputProblem):
            report.problems.append(item)
            continue
        try:
            day = parse_date(item.date) if item.date else None
        except InputError:
            day = None
        coded = code(Article(item.id, item.text, day, origin=item.id))
        # events that happened first; modal ones (will, may, if) only where nothing else was found
        factual = [e for e in coded.events if not e.negated]
        events = [e for e in factual if e.modality is None] or factual
        report.sentences += 1
        _score_spans(report, item, coded)
        if item.pentaclass is not None:
            predicted = onto[events[0].cameo_code].pentaclass if events else None
            report.pentaclass_total += 1
            report.pentaclass_correct += predicted == item.pentaclass
            report.pentaclass_no_event += predicted is None
            report.pentaclass_confusion[(item.pentaclass, predicted)] += 1
            if keep_errors and predicted != item.pentaclass:
                report.errors.append(
                    {"id": item.id, "text": item.text, "gold": item.pentaclass, "predicted": predicted}
                )
        if item.expected is not None:
            _score_events(report, item, events, keep_errors)
    return report


def _score_spans(report: EvalReport, item: GoldSentence, coded: CodedArticle) -> None:
    if not item.actor_spans:
        return
    covered = [
        (s.start + m.start, s.start + m.end)
        for s in coded.sentences
        for m in coded.mentions
        if m.sentence_index == s.index
    ]
    for span in item.actor_spans:
        found = _locate(item.text, span)
        report.spans_total += 1
        if found and any(a < found[1] and found[0] < b for a, b in covered):
            report.spans_found += 1


def _locate(text: str, span: str) -> tuple[int, int] | None:
    """Find ``span`` in ``text`` ignoring white space (gold spans are often tokenised: "Trump 's")."""
    pos = text.find(span)
    if pos >= 0:
        return pos, pos + len(span)
    index = [i for i, c in enumerate(text) if not c.isspace()]
    compact = "".join(text[i] for i in index)
    needle = "".join(span.split())
    at = compact.find(needle)
    if at < 0 or not needle:
        return None
    return index[at], index[at + len(needle) - 1] + 1


def _score_events(report: EvalReport, item: GoldSentence, events: list[Event], keep_errors: bool) -> None:
    assert item.expected is not None
    report.event_sentences += 1
    gold = list(item.expected)
    coded_gold = [g for g in gold if g.code]

    def root_same(g: GoldEvent, e: Event) -> bool:
        return (
            g.code is not None
            and _root(g.code) == e.cameo_root
            and _actor_ok(g.source, _code(e, "source"), False)
            and _actor_ok(g.target, _code(e, "target"), False)
        )

    def full_same(g: GoldEvent, e: Event) -> bool:
        return (
            g.code == e.cameo_code
            and _actor_ok(g.source, _code(e, "source"), True)
            and _actor_ok(g.target, _code(e, "target"), True)
        )

    def plover_same(g: GoldEvent, e: Event) -> bool:
        return (
            g.plover == e.plover_type
            and _actor_ok(g.source, _code(e, "source"), False)
            and _actor_ok(g.target, _code(e, "target"), False)
        )

    for scores, same, subset in (
        (report.root, root_same, coded_gold),
        (report.full, full_same, coded_gold),
        (report.plover, plover_same, [g for g in gold if g.plover]),
    ):
        if not subset:
            continue
        hits = _match_count(subset, events, same)
        scores.tp += hits
        scores.fn += len(subset) - hits
        scores.fp += len(events) - hits
    for root in {_root(g.code) for g in coded_gold if g.code} | {e.cameo_root for e in events}:
        per = report.per_root.setdefault(root, Scores())
        g_root = [g for g in coded_gold if g.code and _root(g.code) == root]
        e_root = [e for e in events if e.cameo_root == root]
        hits = _match_count(g_root, e_root, root_same)
        per.tp += hits
        per.fn += len(g_root) - hits
        per.fp += len(e_root) - hits
    if keep_errors:
        misses = [g for g in coded_gold if not any(root_same(g, e) for e in events)]
        extras = [e for e in events if not any(root_same(g, e) for g in coded_gold)]
        if misses or extras:
            report.errors.append(
                {
                    "id": item.id,
                    "text": item.text,
                    "missed": [f"{g.code} {g.source}>{g.target}" for g in misses],
                    "false": [
                        f"{e.cameo_code} {_code(e, 'source')}>{_code(e, 'target')} [{e.evidence.rule}]" for e in extras
                    ],
                }
            )
