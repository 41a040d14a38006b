"""Find the pieces actors are made of in a sentence's tokens.

Three kinds of piece: dictionary phrases from the knowledge base (longest match first, with the
case rules of docs/knowledge.md), runs of capitalised words that look like names, and pronouns.
:mod:`kestrel.actors.compose` then joins adjacent pieces into actor mentions.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from kestrel.actors.kb import Alias, KBEntry, KnowledgeBase, _ranked
from kestrel.models import Token
from kestrel.text import CALENDAR_WORDS

__all__ = ["ANAPHORS", "PRONOUNS", "ActorMatcher", "Piece"]

PRONOUNS = {
    "he": "person",
    "him": "person",
    "his": "person",
    "she": "person",
    "her": "person",
    "it": "thing",
    "its": "thing",
    "they": "plural",
    "them": "plural",
    "their": "plural",
}
# lower-case words that may sit inside a personal or organisation name: Abd al-Rahman, bin Salman
_NAME_PARTICLES = frozenset(
    [
        "al",
        "el",
        "bin",
        "ibn",
        "bint",
        "abu",
        "abd",
        "ben",
        "de",
        "da",
        "di",
        "du",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "del",
        "dos",
        "das",
        "ul",
        "ud",
        "bin",
        "ould",
    ]
)
# nouns that, after "the", "both" or "two", refer back to an earlier actor ("the organization")
ANAPHORS = {
    "organization": "organization",
    "organisation": "organization",
    "agency": "organization",
    "body": "organization",
    "company": "organization",
    "firm": "organization",
    "group": "group",
    "movement": "group",
    "militia": "group",
    "alliance": "igo",
    "bloc": "igo",
    "country": "country",
    "nation": "country",
    "kingdom": "country",
    "republic": "country",
    "countries": "pair",
    "nations": "pair",
    "sides": "pair",
}
_ANAPHOR_DETERMINERS = frozenset({"the", "both", "two", "this", "that"})
_NOT_NAMES = CALENDAR_WORDS | frozenset(
    [
        "i",
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "it",
        "they",
        "we",
        "you",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "mr",
        "mrs",
        "ms",
        "dr",
    ]
)


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of tokens ``[tok_start, tok_end)`` that is a dictionary entry, a name or a pronoun.

    ``kind`` is the entry's kind for dictionary pieces, ``name`` for a capitalised run not in the
    knowledge base, and ``pronoun`` for pronouns.
    """

    tok_start: int
    tok_end: int
    kind: str
    entry: KBEntry | None = None


class ActorMatcher:
    """Callable: ``matcher(tokens) -> list[Piece]``, sorted by position, never overlapping."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._automaton = ahocorasick.Automaton()
        for key, aliases in kb.aliases.items():
            self._automaton.add_word(f" {key} ", (key.count(" ") + 1, aliases))
        if kb.aliases:
            self._automaton.make_automaton()
        self._empty = not kb.aliases

    def __call__(self, tokens: tuple[Token, ...] | list[Token]) -> list[Piece]:
        pieces = self._dictionary_pieces(tokens)
        covered = bytearray(len(tokens))
        for p in pieces:
            covered[p.tok_start : p.tok_end] = b"\x01" * (p.tok_end - p.tok_start)
        pieces.extend(_names_and_pronouns(tokens, covered))
        pieces.sort(key=lambda p: p.tok_start)
        return pieces

    def _dictionary_pieces(self, tokens: tuple[Token, ...] | list[Token]) -> list[Piece]:
        if self._empty or not tokens:
            return []
        norms = [tok.norm for tok in tokens]
        offsets = list(itertools.accumulate((len(n) + 1 for n in norms), initial=1))
        starts = dict(zip(offsets, range(len(norms)), strict=False))
        text = " " + " ".join(norms) + " "
        candidates: list[tuple[int, int, KBEntry]] = []
        for end_char, (n_tokens, aliases) in self._automaton.iter(text):
            first = starts.get(end_char - _key_len(aliases) + 1)
            if first is None:
                continue
            last = first + n_tokens
            entry = _best(aliases, tokens, first, last)
            if entry is not None:
                candidates.append((first, last, entry))
        # longest first, then leftmost; keep non-overlapping
        candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
        taken = bytearray(len(tokens))
        chosen: list[Piece] = []
        for first, last, entry in candidates:
            if any(taken[first:last]):
                continue
            taken[first:last] = b"\x01" * (last - first)
            chosen.append(Piece(first, last, entry.kind, entry))
        return chosen


def _key_len(aliases: list[Alias]) -> int:
    return len(aliases[0].key) + 1  # +1: the leading space the key is wrapped in


def _best(aliases: list[Alias], tokens: tuple[Token, ...] | list[Token], first: int, last: int) -> KBEntry | None:
    if len(aliases) == 1 and aliases[0].case == "any":
        return aliases[0].entry  # no case rule to check
    surface = " ".join(t.text for t in tokens[first:last])
    ranked = _ranked(aliases, surface)
    return ranked[0].entry if ranked else None


@lru_cache(maxsize=65536)
def _capitalised(text: str) -> bool:
    return text[:1].isupper() and any(c.isalpha() for c in text)


def _names_and_pronouns(tokens: tuple[Token, ...] | list[Token], covered: bytearray) -> list[Piece]:
    out: list[Piece] = []
    n = len(tokens)
    i = 0
    while i < n:
        if covered[i]:
            i += 1
            continue
        tok = tokens[i]
        if tok.norm in PRONOUNS:
            out.append(Piece(i, i + 1, "pronoun"))
            i += 1
            continue
        if tok.norm in ANAPHORS and i > 0 and tokens[i - 1].norm in _ANAPHOR_DETERMINERS:
            first = i - 1 if tokens[i - 1].norm in ("two", "both") and not covered[i - 1] else i
            out.append(Piece(first, i + 1, "anaphor"))
            i += 1
            continue
        if _capitalised(tok.text) and tok.norm not in _NOT_NAMES:
            j = i + 1
            while j < n and not covered[j] and j - i < 6:
                t = tokens[j]
                if (_capitalised(t.text) and t.norm not in _NOT_NAMES) or (
                    t.norm in _NAME_PARTICLES and j + 1 < n and _capitalised(tokens[j + 1].text)
                ):
                    j += 1
                else:
                    break
            out.append(Piece(i, j, "name"))
            i = j
            continue
        i += 1
    return out
