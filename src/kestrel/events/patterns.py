"""Event patterns: load the YAML dictionaries, expand them and find them in a sentence.

The pattern language is documented in docs/knowledge.md. Each pattern compiles to a sequence of
elements — a set of word forms (every inflection of the written word), a gap ``*``, a target slot
``+`` or a source slot ``$`` — indexed by the forms of its first word, so a sentence is scanned
once and only patterns whose first word occurs are tried.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from kestrel._datafiles import package_path, read_yaml_mapping
from kestrel.errors import DataFileError
from kestrel.models import Token
from kestrel.ontology import Ontology, default_ontology
from kestrel.text import tokenize

__all__ = ["PatternMatch", "PatternSet", "default_patterns", "expand", "load_patterns"]

GAP, LONG_GAP, TARGET, SOURCE = "*", "**", "+", "$"
_MAX_GAP = 3
_MAX_LONG_GAP = 10
_MAX_SLOT_SKIP = 6
_BOUNDARIES = frozenset({".", ";", ":", "!", "?", "(", ")", '"', "“", "”", ","})
# A gap never spans a word that undoes what the pattern names: "announced a suspension of aid to X"
# is not "announced aid to X", "have refused official talks with X" is not "have talks with X"
# (patterns that mean the undoing name these words themselves).
_REVERSALS = frozenset(
    {"suspension", "halt", "freeze", "cutoff", "withdrawal", "termination", "cancellation", "refuse", "refused",
     "refuses", "refusing", "reject", "rejected", "rejects", "rejecting", "fail", "failed", "fails", "failing"}
)  # fmt: skip
_GAP_STOPS = _BOUNDARIES | _REVERSALS
# A long gap spans one noun phrase ("returned a silver pendant engraved with an eagle to X"), so it
# also stops where a new clause or a new phrase starts.
_LONG_GAP_STOPS = _GAP_STOPS | frozenset(
    {"to", "that", "which", "who", "whom", "whose", "after", "before", "while", "because", "when", "if",
     "but", "as", "said", "says"}
)  # fmt: skip
_ALT_RE = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_SYNTAX_RE = re.compile(r"[()\[\]|?{}]")


@dataclass(frozen=True, slots=True)
class Pattern:
    """One expanded pattern: its CAMEO code, rule id and elements."""

    code: str
    rule: str
    elements: tuple[frozenset[str] | str, ...]  # word-form sets, or GAP / TARGET / SOURCE
    words: int  # number of word elements, for ranking overlapping matches


@dataclass(frozen=True, slots=True)
class PatternMatch:
    """A pattern found in a sentence.

    ``trigger`` is the token span from the first to the last matched word; ``target_at`` and
    ``source_at`` are the token indices where the slots' mentions must start (or None).
    """

    pattern: Pattern
    start: int
    end: int
    target_at: int | None = None
    source_at: int | None = None

    @property
    def code(self) -> str:
        return self.pattern.code


def expand(text: str) -> list[list[str | tuple[str, ...]]]:
    """Expand a written pattern into its variants, each a list of elements.

    An element is a word, a slot (``*``, ``+``, ``$``) or a tuple of one-word alternatives, which
    stays one element (matched as a set) instead of multiplying the variants. Multi-word
    alternatives and ``[optional]`` parts expand into separate variants.

    >>> expand("(hold|have|take part in) [lengthy] talks with +")[:2]
    [[('hold', 'have'), ('lengthy',), 'talks', 'with', '+'], [('hold', 'have'), 'talks', 'with', '+']]
    """
    parts: list[list[list[str | tuple[str, ...]]]] = []
    pos = 0
    for m in _ALT_RE.finditer(text):
        parts.append([list(text[pos : m.start()].split())])
        group = m.group(1) if m.group(1) is not None else m.group(2)
        alternatives = [alt.strip() for alt in group.split("|")]
        singles = tuple(alt for alt in alternatives if _one_word(alt))
        choices: list[list[str | tuple[str, ...]]] = [[singles]] if singles else []
        choices += [list(alt.split()) for alt in alternatives if alt not in singles]
        if m.group(2) is not None:
            choices.append([])  # [optional]
        parts.append(choices)
        pos = m.end()
    parts.append([list(text[pos:].split())])
    return [[e for part in combo for e in part] for combo in itertools.product(*parts)]


def _one_word(text: str) -> bool:
    return text not in (GAP, LONG_GAP, TARGET, SOURCE) and len(_word_elements(text)) == 1


@cache
def _word_elements(word: str) -> tuple[frozenset[str], ...]:
    """The elements one written word becomes (a hyphenated word may be several tokens)."""
    return tuple(_forms(tok.norm) for tok in tokenize(word))


@cache
def _forms(word: str) -> frozenset[str]:
    import lemminflect  # imported lazily: it loads its tables on first use

    forms = {word}
    for values in lemminflect.getAllInflections(word).values():
        forms.update(values)
    if len(forms) == 1 and word.isalpha() and len(word) > 3:
        for values in lemminflect.getAllInflectionsOOV(word, "VERB").values():
            forms.update(values)
    return frozenset(f.lower() for f in forms)


@cache
def _union(alternatives: tuple[str, ...]) -> frozenset[str]:
    return frozenset().union(*(_word_elements(alt)[0] for alt in alternatives))


def _compile(code: str, written: str, variant: list[str | tuple[str, ...]], where: tuple[str, int]) -> Pattern:
    written_words = [w for e in variant for w in (e if isinstance(e, tuple) else (e,))]
    bad = [w for w in written_words if _SYNTAX_RE.search(w)]
    if bad:
        raise DataFileError(
            where[0], where[1], f"pattern {written!r}: unsupported syntax {bad[0]!r}; use (a|b) and [optional]"
        )
    elements: list[frozenset[str] | str] = []
    for raw in variant:
        if isinstance(raw, tuple):
            elements.append(_union(raw))
        elif raw in (GAP, LONG_GAP, TARGET, SOURCE):
            elements.append(raw)
        else:
            elements.extend(_word_elements(raw))
    if not elements or not isinstance(elements[0], frozenset):
        raise DataFileError(where[0], where[1], f"pattern {written!r} must start with a word")
    if elements.count(TARGET) > 1 or elements.count(SOURCE) > 1:
        raise DataFileError(where[0], where[1], f"pattern {written!r} has more than one + or $ slot")
    words = sum(isinstance(e, frozenset) for e in elements)
    return Pattern(code, f"{code}:{written}", tuple(elements), words)


# Words too common to anchor a pattern on: a sentence almost always has them.
_COMMON = frozenset(
    """
    the a an to of in on with for and or but by at from as into over after about against between
    his her its their our my your he she it they we you i who which what when where there this that
    these those be is was were are been being has have had do does did will would shall should can
    could may might must not no all any some such other one two three new more most also than up out
    's said says say according government security foreign international military state united
    political economic people president minister country countries year years week last first un
    """.split()
)


class PatternSet:
    """All patterns, indexed by an anchor word each. Call ``find(tokens, mentions)``.

    A pattern is tried only when every one of its words occurs in the sentence, and only at the
    positions where its first word does: most sentences try a handful of patterns out of
    thousands.
    """

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        self.patterns = list(patterns)
        self.index: dict[str, list[int]] = {}
        self._words: list[tuple[frozenset[str], ...]] = [
            tuple(e for e in p.elements if isinstance(e, frozenset)) for p in self.patterns
        ]
        # anchor each pattern on its rarest word: the one fewest patterns share
        spread: dict[str, int] = {}
        for words in self._words:
            for form in {f for w in words for f in w}:
                spread[form] = spread.get(form, 0) + 1
        for number, words in enumerate(self._words):
            rare = [w for w in words if not w & _COMMON] or list(words)
            anchor = min(rare, key=lambda w: sum(spread[f] for f in w))
            for form in anchor:
                self.index.setdefault(form, []).append(number)
        # every distinct word element gets a bit; a pattern needs all its bits present
        bits: dict[frozenset[str], int] = {}
        for words in self._words:
            for w in words:
                bits.setdefault(w, 1 << len(bits))
        self._form_bits: dict[str, int] = {}
        for w, bit in bits.items():
            for form in w:
                self._form_bits[form] = self._form_bits.get(form, 0) | bit
        self._need = [sum({bits[w] for w in words}) for words in self._words]

    def __len__(self) -> int:
        return len(self.patterns)

    def find(self, tokens: Sequence[Token], mentions: dict[int, int]) -> list[PatternMatch]:
        """All non-overlapping matches: longest first, then the more specific code, then leftmost.

        ``mentions`` maps the first token of each actor mention to the token after its end.
        """
        positions: dict[str, list[int]] = {}
        for i, tok in enumerate(tokens):
            positions.setdefault(tok.norm, []).append(i)
        candidates: set[int] = set()
        index = self.index
        form_bits = self._form_bits
        present = 0
        for norm in positions:
            hits = index.get(norm)
            if hits:
                candidates.update(hits)
            present |= form_bits.get(norm, 0)
        need = self._need
        found: list[PatternMatch] = []
        for number in candidates:
            if need[number] & present != need[number]:
                continue
            words = self._words[number]
            pattern = self.patterns[number]
            starts = sorted(i for form in words[0] if form in positions for i in positions[form])
            for i in starts:
                m = _match(pattern, tokens, i, mentions)
                if m is not None:
                    found.append(m)
        if len(found) < 2:
            return found
        found.sort(key=lambda m: (-m.pattern.words, -len(m.code), m.start, m.pattern.rule))
        taken: set[int] = set()
        chosen: list[PatternMatch] = []
        for m in found:
            span = set(range(m.start, m.end))
            if span & taken:
                continue
            taken |= span
            chosen.append(m)
        chosen.sort(key=lambda m: m.start)
        return chosen


def _match(pattern: Pattern, tokens: Sequence[Token], start: int, mentions: dict[int, int]) -> PatternMatch | None:
    n = len(tokens)
    slots: dict[str, int] = {}

    def step(e: int, k: int, last_word: int) -> int | None:
        if e == len(pattern.elements):
            return last_word
        element = pattern.elements[e]
        if isinstance(element, frozenset):
            if k < n and tokens[k].norm in element:
                return step(e + 1, k + 1, k + 1)
            return None
        if element in (GAP, LONG_GAP):
            longest, stops = (_MAX_GAP, _GAP_STOPS) if element == GAP else (_MAX_LONG_GAP, _LONG_GAP_STOPS)
            for skip in range(longest + 1):
                if skip and (k + skip - 1 >= n or tokens[k + skip - 1].norm in stops):
                    break
                result = step(e + 1, k + skip, last_word)
                if result is not None:
                    return result
            return None
        for skip in range(_MAX_SLOT_SKIP + 1):  # a slot: a mention must start here
            at = k + skip
            if at >= n or (skip and tokens[at - 1].norm in _BOUNDARIES):
                break
            if at in mentions:
                slots[element] = at
                return step(e + 1, mentions[at], last_word) if e + 1 < len(pattern.elements) else last_word
        return None

    end = step(0, start, start)
    if end is None:
        return None
    return PatternMatch(pattern, start, end, slots.get(TARGET), slots.get(SOURCE))


def load_patterns(
    extra: Iterable[str | Path] = (), *, defaults: bool = True, ontology: Ontology | None = None
) -> PatternSet:
    """Load the package's pattern files (unless ``defaults`` is False) and ``extra`` files/folders."""
    onto = ontology or default_ontology()
    files: list[Path] = sorted(package_path("events", "data").glob("*.yaml")) if defaults else []
    for item in extra:
        path = Path(item)
        if not path.exists():
            raise DataFileError(str(path), None, "no such file or folder; check the --patterns path")
        files += sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    compiled: list[Pattern] = []
    for path in files:
        for line, key, items in read_yaml_mapping(path):
            code = str(key)
            if code not in onto:
                raise DataFileError(str(path), line, f'unknown CAMEO code {code!r} (quote codes: "042")')
            for item_line, item in items:
                if not isinstance(item, str) or not item.strip():
                    raise DataFileError(str(path), item_line, "each pattern must be a non-empty string")
                for variant in expand(item):
                    compiled.append(_compile(code, item.strip(), variant, (str(path), item_line)))
    return PatternSet(compiled)


@lru_cache(maxsize=1)
def default_patterns() -> PatternSet:
    """The package's patterns, loaded once per process."""
    return load_patterns()
