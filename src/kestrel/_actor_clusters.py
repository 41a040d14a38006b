"""Raw actor identities and how candidate merges join them into canonical actors.

Candidate merges are pairs whose names match and whose context agrees (:mod:`kestrel.resolve`).
Joining them blindly chains people together: a bare "Clinton" matches both Bill and Hillary
Clinton, and "Muhammad bin Zayed" half-matches his brothers, so one loose mention could fold a
whole family, or a country and every organisation named after it, into one actor. Two rules stop
that, and both the local pass and the distributed one (:mod:`kestrel.engines.resolve_pass`) apply
them through :func:`cluster_actors`:

- a canonical actor holds at most one knowledge-base entry: a merge that would join two is skipped;
- a mention that matches several knowledge-base entries joins the best of them only when its name
  matches that one clearly better (by :data:`CLEAR_MARGIN`); otherwise it is ambiguous and stays
  apart from all of them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kestrel.names import name_similarity

__all__ = ["CLEAR_MARGIN", "Clusters", "RawActor", "cluster_actors"]

CLEAR_MARGIN = 0.2
"""How much better a name must match one knowledge-base entry than the next to join it."""


@dataclass(frozen=True, slots=True)
class RawActor:
    """One raw identity of a store: a knowledge-base entry, a coded name or a bare code."""

    raw_id: str
    name: str | None
    code: str
    country: str | None
    sectors: tuple[str, ...]
    kind: str
    mentions: int
    texts: tuple[str, ...]
    first: dt.date | None
    last: dt.date | None

    @property
    def kb(self) -> bool:
        return not self.raw_id.startswith(("name:", "code:"))


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> str:
        """Join the sets of ``a`` and ``b``; return the root (``a``'s)."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra
        return ra


@dataclass(slots=True)
class Clusters:
    """Canonical actors as sets of raw ids, with the reason each raw id joined its set."""

    sets: _UnionFind = field(default_factory=_UnionFind)
    reasons: dict[str, str] = field(default_factory=dict)
    merges: list[tuple[str, str, str]] = field(default_factory=list)  # the merges applied, in order

    def root(self, raw_id: str) -> str:
        return self.sets.find(raw_id)


def cluster_actors(
    raws: dict[str, RawActor],
    merges: Iterable[tuple[str, str, str]],
    apart: set[frozenset[str]] | None = None,
    forced: Iterable[tuple[str, str]] = (),
) -> Clusters:
    """Join ``raws`` by the candidate ``merges`` (``(keep, merge, reason)``), in sorted order, under
    the two rules of the module docstring; pairs in ``apart`` stay apart, and ``forced`` pairs (the
    user's merges) are joined whatever the rules say."""
    apart = apart or set()
    candidates = sorted(m for m in set(merges) if m[0] in raws and m[1] in raws and frozenset(m[:2]) not in apart)
    ambiguous = _ambiguous(candidates, raws)
    out = Clusters()
    entry: dict[str, str] = {}  # root -> the knowledge-base entry its set holds
    for key, raw in raws.items():
        out.sets.find(key)
        if raw.kb:
            entry[key] = key
    for keep, merge, why in candidates:
        a, b = out.root(keep), out.root(merge)
        if a == b or frozenset((keep, merge)) in ambiguous:
            continue
        if a in entry and b in entry and entry[a] != entry[b]:
            continue  # never two knowledge-base entries in one actor
        root = out.sets.union(a, b)
        if root not in entry and (a in entry or b in entry):
            entry[root] = entry.get(a) or entry[b]
        out.reasons[merge] = why
        out.merges.append((keep, merge, why))
    for first, second in forced:
        out.sets.union(first, second)
        out.reasons[second] = "merged by the user"
    return out


def _ambiguous(candidates: list[tuple[str, str, str]], raws: dict[str, RawActor]) -> set[frozenset[str]]:
    """The merges of a raw identity with knowledge-base entries it cannot tell apart."""
    entries: dict[str, set[str]] = defaultdict(set)
    for keep, merge, _ in candidates:
        a, b = raws[keep], raws[merge]
        if a.kb != b.kb:
            loose, entry = (b, a) if a.kb else (a, b)
            entries[loose.raw_id].add(entry.raw_id)
    out: set[frozenset[str]] = set()
    for loose_id, found in entries.items():
        if len(found) < 2:
            continue
        name = raws[loose_id].name or ""
        scored = sorted(((name_similarity(name, raws[e].name or ""), e) for e in found), reverse=True)
        (best, best_id), (second, _) = scored[0], scored[1]
        out |= {frozenset((loose_id, e)) for _, e in scored[1:]}
        if best - second < CLEAR_MARGIN:
            out.add(frozenset((loose_id, best_id)))
    return out
