"""Sentences and tokens: the text stage.

Sentence splitting is rule-based and survives titles and abbreviations ("Staff Gen.", "Brig. Gen.",
"U.S.", "Jan. 5"), initials and quotes. Blank lines (paragraph breaks) always end a sentence.
Tokens carry character offsets into their sentence and a normalised form for dictionary look-ups:
lower case, accents stripped, periods of abbreviations removed ("U.S." → "us", "Gen." → "gen").
Hyphens between letters are not tokens, so "El-Terras" and "El Terras" tokenise alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from kestrel.models import Sentence, Token

__all__ = ["CALENDAR_WORDS", "normalize", "split_sentences", "tokenize"]

CALENDAR_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december""".split()
)
"""Weekday and month names (lower case): capitalised, but never part of a name."""

# Abbreviations that absorb their period and never end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "gen",
        "brig",
        "col",
        "lt",
        "maj",
        "capt",
        "cpt",
        "sgt",
        "cpl",
        "adm",
        "cmdr",
        "cdr",
        "gov",
        "sen",
        "rep",
        "rev",
        "fr",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "pres",
        "st",
        "ft",
        "mt",
        "sr",
        "jr",
        "messrs",
        "mme",
        "mlle",
        "hon",
        "amb",
        "insp",
        "supt",
        "det",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "nos",
        "vs",
        "etc",
        "inc",
        "corp",
        "ltd",
        "co",
        "bros",
        "dept",
        "univ",
        "approx",
        "est",
        "fig",
        "al",
    ]
)
# Words that, capitalised after a dotted acronym ("... the U.S. The ..."), start a new sentence.
_SENTENCE_STARTERS = frozenset(
    [
        "the",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "a",
        "an",
        "in",
        "on",
        "at",
        "but",
        "and",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "meanwhile",
        "however",
        "earlier",
        "later",
        "also",
        "there",
        "after",
        "before",
        "when",
        "while",
        "yet",
        "still",
        "since",
    ]
)

_TOKEN_RE = re.compile(
    r"""
    (?P<acro>(?:[^\W\d_]\.){2,})                 # dotted acronyms: U.S. U.N. e.g.
    | (?P<num>\d+(?:[.,:/]\d+)*)                   # numbers, times, dates
    | (?P<word>[^\W_ʼ]+(?:['’ʼ](?![sS]\b)[^\W_ʼ]+)*)  # words; inner apostrophes (Shi'ite) kept
      (?P<abbr>\.)?                                 # maybe an abbreviation's period
    | (?P<poss>['’ʼ][sS]\b)                         # possessive 's
    | (?P<punct>[^\w\s])                           # any other single character
    """,
    re.VERBOSE,
)
_PARAGRAPH_RE = re.compile(r"\n[ \t\r\f\v]*\n")
_TERMINAL = frozenset(".!?")
_CLOSERS = frozenset("\"'”’)]»")
_OPENERS = frozenset("\"'“‘([«")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Lower-case, strip accents, drop periods and unify apostrophes: the dictionary key form."""
    if text.isascii():
        return text.lower().replace(".", "")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.lower().replace(".", "").replace("’", "'").replace("‘", "'").replace("ʼ", "'")


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with offsets relative to ``text``.

    >>> [t.text for t in tokenize("Egypt's Staff Gen. El-Terras met U.S. envoys.")]
    ['Egypt', "'s", 'Staff', 'Gen.', 'El', 'Terras', 'met', 'U.S.', 'envoys', '.']
    """
    tokens: list[Token] = []
    append = tokens.append
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        if kind == "punct" and m.group() in "-‐‑" and _between_letters(text, m.start()):
            continue  # a hyphen inside a compound word is not a token
        if kind == "abbr" or (m.group("abbr") is not None):
            word = m.group("word")
            if _is_abbreviation(word):
                append(Token(m.group(), m.start(), m.end(), normalize(word)))
            else:
                end = m.end("word")
                append(Token(word, m.start(), end, normalize(word)))
                append(Token(".", end, end + 1, "."))
            continue
        tok = m.group()
        append(Token(tok, m.start(), m.end(), tok if kind == "punct" else normalize(tok)))
    return tokens


def _between_letters(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and (text[i - 1].isalnum() or text[i - 1] == ".") and text[i + 1].isalnum()


def _is_abbreviation(word: str) -> bool:
    if len(word) == 1 and word.isupper():
        return True  # an initial: George W. Bush
    return word.lower() in _ABBREVIATIONS


def split_sentences(text: str) -> list[Sentence]:
    """Split an article's text into sentences with their tokens.

    >>> [s.text for s in split_sentences("Brig. Gen. Ali met U.S. envoys on Jan. 5. They agreed.")]
    ['Brig. Gen. Ali met U.S. envoys on Jan. 5.', 'They agreed.']
    """
    sentences: list[Sentence] = []
    for par_start, par_end in _paragraphs(text):
        paragraph = text[par_start:par_end]
        tokens = tokenize(paragraph)
        for first, last in _sentence_bounds(tokens):
            s_start = tokens[first].start
            s_end = tokens[last - 1].end
            base = par_start + s_start
            sent_tokens = tuple(Token(t.text, t.start - s_start, t.end - s_start, t.norm) for t in tokens[first:last])
            sentences.append(Sentence(len(sentences), base, par_start + s_end, paragraph[s_start:s_end], sent_tokens))
    return sentences


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for m in _PARAGRAPH_RE.finditer(text):
        if text[pos : m.start()].strip():
            yield pos, m.start()
        pos = m.end()
    if text[pos:].strip():
        yield pos, len(text)


def _sentence_bounds(tokens: list[Token]) -> Iterator[tuple[int, int]]:
    start = 0
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i].text
        ends = tok in _TERMINAL or (tok.endswith(".") and len(tok) > 1 and "." in tok[:-1])
        if ends:
            j = i + 1
            while j < n and tokens[j].text in _CLOSERS and tokens[j].start == tokens[j - 1].end:
                j += 1
            if j >= n or _starts_sentence(tokens, j, acronym=tok not in _TERMINAL):
                yield start, j
                start = j
            i = j
            continue
        i += 1
    if start < n:
        yield start, n


def _starts_sentence(tokens: list[Token], j: int, *, acronym: bool) -> bool:
    nxt = tokens[j].text
    if nxt in _OPENERS and j + 1 < len(tokens):
        nxt = tokens[j + 1].text
    if not nxt[:1].isupper() and not nxt[:1].isdigit():
        return False
    if acronym:  # "the U.S. The talks": only a clear sentence opener ends it
        return nxt.lower() in _SENTENCE_STARTERS
    return True
