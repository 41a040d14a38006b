"""Topics: what an event is about ("defense industries", "renewable energy", "water").

Two sources, both from the event's sentence: the items of an explicit list introduced by a cue such
as "in the fields of", "in the areas of", "sectors such as" ("… in the fields of defense
industries, renewable energy, armored vehicles and telecommunications"), and phrases of the
topic lexicon in ``kestrel/data/topics.tsv`` (``water purification`` → ``water``). List items are
kept as written (lower-cased); lexicon matches give their label.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kestrel._datafiles import package_path, read_tsv, split_multi

__all__ = ["find_topics", "topic_contexts"]

_CUE_RE = re.compile(
    r"\b(?:in|on|across)\s+(?:the\s+)?(?:fields?|areas?|sectors?|domains?|spheres?)\s+of\s+"
    r"|\b(?:fields?|areas?|sectors?)\s+(?:such\s+as|including|like)\s+",
    re.IGNORECASE,
)
_SEPARATOR_RE = re.compile(r"\s*(,\s*(?:and|or)\s+|,\s*|\s+and\s+|\s+or\s+)\s*", re.IGNORECASE)
_LIST_END_RE = re.compile(
    r"[.;:()]|,\s*(?:among|which|who|where|while|as well|in order|to)\b|\s+(?:among|to|for)\s+", re.I
)
_MAX_ITEM_WORDS = 4


@lru_cache(maxsize=1)
def _lexicon() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    path = package_path("data", "topics.tsv")
    labels: dict[str, tuple[str, str]] = {}
    for _, (phrases, label, context) in read_tsv(path, 2, 3):
        for phrase in split_multi(phrases):
            labels[phrase.lower()] = (label, context)
    alternation = "|".join(re.escape(p) for p in sorted(labels, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE), labels


@lru_cache(maxsize=8192)
def _verb_only(word: str) -> bool:
    import lemminflect

    kinds = lemminflect.getAllLemmas(word.lower())
    return bool(kinds) and "NOUN" not in kinds and "ADJ" not in kinds and ("VERB" in kinds or "AUX" in kinds)


def _before_verb(words: list[str]) -> list[str]:
    """An item ends where a verb starts: "investment was discussed" → "investment"."""
    for k, word in enumerate(words):
        if k and _verb_only(word):
            return words[:k]
    return words


def _list_items(chunk: str) -> list[str]:
    """The items of "A, B, C and D": the list ends with the item after "and"/"or"."""
    parts = _SEPARATOR_RE.split(chunk)
    items, last = [], False
    for i in range(0, len(parts), 2):
        words = _before_verb(parts[i].split())
        if not 0 < len(words) <= _MAX_ITEM_WORDS:
            break
        items.append(" ".join(words).lower())
        if last:
            break
        last = i + 1 < len(parts) and parts[i + 1].strip(" ,").lower() in ("and", "or")
    return items


def find_topics(sentence: str) -> tuple[str, ...]:
    """Topics of a sentence, in order of appearance, without repeats."""
    found: list[str] = []
    for cue in _CUE_RE.finditer(sentence):
        rest = sentence[cue.end() :]
        end = _LIST_END_RE.search(rest)
        chunk = rest[: end.start()] if end else rest
        found.extend(_list_items(chunk))
    if not found:
        pattern, labels = _lexicon()
        found.extend(labels[m.group().lower()][0] for m in pattern.finditer(sentence))
    return tuple(dict.fromkeys(found))


def topic_contexts(topics: tuple[str, ...]) -> tuple[str, ...]:
    """The PLOVER contexts of lexicon topics (list items not in the lexicon have none)."""
    _, labels = _lexicon()
    by_label = {label: context for label, context in labels.values()}
    return tuple(dict.fromkeys(by_label[t] for t in topics if by_label.get(t)))
