"""Reading names into comparable tokens: script folding, particles, fused prefixes, phonetic keys.

The knowledge (letters of other scripts, grapheme rules, particles, titles, frequent tokens, given-name
equivalences, organisation words) lives in ``data/name_variants.tsv`` and is loaded once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from anyascii import anyascii

from kestrel._datafiles import package_path, read_tsv, split_multi
from kestrel.errors import DataFileError

__all__ = [
    "NameKnowledge",
    "ParsedName",
    "Tok",
    "fold",
    "guess_is_org",
    "knowledge",
    "make_tok",
    "parse_name",
]

_KINDS = {"char", "rewrite", "particle", "prefix", "suffix", "title", "common", "equiv", "org_form"}
_KINDS |= {"org_word", "stop", "patronymic", "droppable"}
_PARTICLE_WEIGHT = 0.05
_TITLE_WEIGHT = 0.05
_INITIAL_WEIGHT = 0.3
_ORG_FORM_WEIGHT = 0.0
_ORG_WORD_WEIGHT = 0.3
_APOSTROPHES = str.maketrans("", "", "'’‘`´ʿʾʼ\u02bb")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouy]+")
_ABD_RE = re.compile(r"^abd(?:[aeiou]{1,2}[lrstdnz]?)?(?P<rest>[a-z]{3,})$")
_DIN_RE = re.compile(r"^(?P<stem>[a-z]{3,}?)[aeiou]?[dt]?d(?:i|ee|ea|ii)ne?$")
_LAH_RE = re.compile(r"^(?P<stem>[a-z]{3,}?)[aeiou]?ll(?:ah?|h)$")
_ZADEH_RE = re.compile(r"^(?P<stem>[a-z]{3,}?)zad[aeh]*$")
_ARTICLE_RE = re.compile(r"^[ae]l(?=[b-df-hj-np-tv-z])(?P<rest>[a-z]{4,})$")
_ALLAH = "allh"  # الله as it folds: not the article
_ORG_SPLIT = re.compile(r"[;/]|\(|\)|\[|\]")
# scripts written without (most) vowels: Arabic, Persian, Hebrew; and abugidas whose inherent vowel
# is not transliterated (Devanagari, Bengali), or not reliably (Ge'ez: Amharic, Tigrinya). Their
# tokens are compared by consonant skeletons.
_ABJAD_RANGE = re.compile(r"[\u0590-\u06ff\u0900-\u09ff\u1200-\u139f]")
_SYLLABIC = ("CJK", "HANGUL", "HIRAGANA", "KATAKANA")
_GENERATIONS = {"jr": "jr", "junior": "jr", "sr": "sr", "senior": "sr", "ii": "ii", "iii": "iii", "iv": "iv"}
_DENTALS = str.maketrans("sz", "dd")
_COARSE = str.maketrans({"p": "b", "v": "f", "t": "d", "z": "s", "x": "s", "h": ""})


@dataclass(frozen=True, slots=True)
class NameKnowledge:
    """Everything the matcher knows, as loaded from the data file."""

    chars: dict[str, str]
    rewrites: tuple[tuple[re.Pattern[str], str], ...]
    particles: frozenset[str]
    prefixes: dict[str, str]
    suffixes: dict[str, str]
    titles: frozenset[str]
    common: dict[str, float]
    patronymics: tuple[tuple[str, ...], float]
    groups: dict[str, frozenset[int]]
    canon: dict[int, str]
    org_forms: frozenset[str]
    org_words: frozenset[str]
    stops: frozenset[str]
    key_groups: dict[str, frozenset[int]]
    members: dict[int, frozenset[str]]
    droppable: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Tok:
    """One comparable token of a name.

    Attributes:
        text: Folded ASCII spelling, after fusing (``abdfattah``, ``nurdin``).
        key: Phonetic key (vowel runs collapsed, transliteration graphemes merged).
        skels: Consonant skeletons (coarser: voicing and g/j/k ambiguities merged).
        weight: How much the token counts (1 ordinary, less for frequent names, titles, particles).
        groups: Ids of the given-name equivalence groups the token belongs to.
        initial: A single letter (an initial).
        abjad: Written in Arabic script (no short vowels): compare skeletons only.
    """

    text: str
    key: str
    skels: frozenset[str]
    weight: float
    groups: frozenset[int]
    initial: bool
    abjad: bool


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A name read once: its spelling variants (each a tuple of tokens), kind and acronyms."""

    variants: tuple[tuple[Tok, ...], ...]
    is_org: bool
    acronyms: frozenset[str]
    generation: str | None = None  # "jr", "sr", "iii"...: Donald Trump Jr. is not Donald Trump


_FILES = ("name_variants.tsv", "given_names.tsv")


def _rows(paths: tuple[Path, ...]) -> Iterator[tuple[Path, int, list[str]]]:
    for path in paths:
        for line, row in read_tsv(path, 2, 3):
            yield path, line, row


def _load() -> NameKnowledge:
    paths = tuple(package_path("data", name) for name in _FILES)
    chars: dict[str, str] = {}
    rewrites: list[tuple[re.Pattern[str], str]] = []
    patronymics: tuple[tuple[str, ...], float] = ((), 1.0)
    sets: dict[str, set[str]] = {k: set() for k in ("particle", "title", "org_form", "org_word", "stop", "droppable")}
    prefixes: dict[str, str] = {}
    suffixes: dict[str, str] = {}
    common: dict[str, float] = {}
    equiv: list[tuple[int, list[str]]] = []
    for path, line, (kind, items_field, value) in _rows(paths):
        items = split_multi(items_field)
        if kind not in _KINDS:
            raise DataFileError(str(path), line, f"unknown kind {kind!r}; use one of {sorted(_KINDS)}")
        if not items:
            raise DataFileError(str(path), line, "no items; write at least one `;`-separated item")
        if kind == "char":
            chars.update(dict.fromkeys(items, value))
        elif kind == "rewrite":
            for item in items:
                try:
                    rewrites.append((re.compile(item), value))
                except re.error as exc:
                    raise DataFileError(str(path), line, f"bad regular expression {item!r}: {exc}") from None
        elif kind in sets:
            sets[kind].update(items)
        elif kind in ("prefix", "suffix"):
            if not value:
                raise DataFileError(str(path), line, f"a {kind} line needs its canonical form in column 3")
            (prefixes if kind == "prefix" else suffixes).update(dict.fromkeys(items, value))
        elif kind in ("common", "patronymic"):
            try:
                weight = float(value)
            except ValueError:
                raise DataFileError(str(path), line, f"weight {value!r} is not a number (e.g. 0.5)") from None
            if kind == "common":
                common.update(dict.fromkeys(items, weight))
            else:
                patronymics = (tuple(items), weight)
        else:
            equiv.append((line, items))
    base = NameKnowledge(
        chars, tuple(rewrites), frozenset(sets["particle"]), prefixes, suffixes, frozenset(sets["title"]),
        common, patronymics, {}, {}, frozenset(sets["org_form"]), frozenset(sets["org_word"]),
        frozenset(sets["stop"]), {}, {},
    )  # fmt: skip
    # Spellings and phonetic keys are looked up separately: a written name is in a group when it is
    # listed (as written, or as the matcher rewrites it: Isabella -> isablah), and only an unlisted
    # name falls back to the keys, so "Hasan" never joins a group through Hussein's key.
    by_text: dict[str, set[int]] = {}
    by_key: dict[str, set[int]] = {}
    members: dict[int, set[str]] = {}
    canon: dict[int, str] = {}
    for gid, (_line, items) in enumerate(equiv):
        for item in items:
            text = fold(item, base)
            for form in {text, _split_single(text, base) if len(text) > 4 else text}:
                members.setdefault(gid, set()).add(form)
                by_text.setdefault(form, set()).add(gid)
                by_key.setdefault(_phonetic_key(form, base), set()).add(gid)
            canon.setdefault(gid, _phonetic_key(text, base))
    return NameKnowledge(
        chars, tuple(rewrites), base.particles, prefixes, suffixes, base.titles, common, patronymics,
        {k: frozenset(v) for k, v in by_text.items()}, canon, base.org_forms, base.org_words, base.stops,
        {k: frozenset(v) for k, v in by_key.items()}, {g: frozenset(v) for g, v in members.items()},
        frozenset(sets["droppable"]),
    )  # fmt: skip


@lru_cache(maxsize=1)
def knowledge() -> NameKnowledge:
    """The matcher's knowledge, loaded once from ``data/name_variants.tsv`` and ``data/given_names.tsv``."""
    return _load()


def fold(text: str, kb: NameKnowledge | None = None) -> str:
    """Lower-case ASCII letters and digits separated by single spaces (other scripts transliterated)."""
    text = text.lower().translate(_APOSTROPHES)
    if not text.isascii():
        kb = kb or knowledge()
        text = "".join(kb.chars.get(ch) or (_other_script(ch) if _syllabic(ch) else ch) for ch in text)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        if not text.isascii():
            text = "".join(ch if ch.isascii() else _other_script(ch) for ch in text).lower()
    return _NON_ALNUM.sub(" ", text).strip()


@lru_cache(maxsize=20_000)
def _other_script(ch: str) -> str:
    """A letter of a script the data file does not list, through anyascii (Greek, Georgian,
    Armenian, Hebrew, Devanagari...). Chinese, Korean and Japanese syllables become separate
    tokens, so "习近平" reads "xi jin ping" and can be joined like "Xi Jinping"."""
    out = anyascii(ch).lower().translate(_APOSTROPHES)
    return f" {out} " if _syllabic(ch) else out


def _syllabic(ch: str) -> bool:
    return ch >= "\u2e80" and unicodedata.name(ch, "").startswith(_SYLLABIC)


def _phonetic_key(token: str, kb: NameKnowledge) -> str:
    key = token
    for pattern, dst in kb.rewrites:
        key = pattern.sub(dst, key)
    key = _VOWELS.sub("a", _DOUBLE.sub(r"\1", key)).lower()
    if len(key) > 2 and key.endswith("ah"):
        key = key[:-1]
    return key


def _skeletons(key: str) -> frozenset[str]:
    cons = key.replace("a", "").translate(_COARSE)
    out = {_DOUBLE.sub(r"\1", cons)}
    if "g" in cons:
        out = {_DOUBLE.sub(r"\1", cons.replace("g", "k")), _DOUBLE.sub(r"\1", cons.replace("g", "j"))}
    return frozenset(out)


@lru_cache(maxsize=65536)
def rough_skeletons(text: str) -> frozenset[str]:
    """Coarser skeletons for comparing with Arabic script: no ``h`` and one class for d, t, s, z.

    An Arabic-script token folds letter by letter, so ز + ه reads "zh" and ظ reads "dh", where a
    Latin spelling has "zah" or "z" (الزهراني Zahrani, نظمي Nazmi, فضل Fazl, ثاقب Saqib)."""
    key = _phonetic_key(text.replace("h", ""), knowledge())
    return frozenset(_DOUBLE.sub(r"\1", s.translate(_DENTALS)) for s in _skeletons(key))


def _split_single(token: str, kb: NameKnowledge) -> str:
    """Canonical spelling of one-word fused forms (Abdulrahman, Nureddine, Saifullah, Alizadeh)."""
    m = _ABD_RE.match(token)
    if m:
        rest = m.group("rest")
        return "abd" + kb.suffixes.get(rest, rest)
    for regex, canon in ((_DIN_RE, "din"), (_LAH_RE, "lah"), (_ZADEH_RE, "zadeh")):
        m = regex.match(token)
        if m:
            return m.group("stem") + canon
    m = _ARTICLE_RE.match(token)
    if m and token not in kb.common and token not in kb.groups:
        return m.group("rest")
    return token


def _fuse(words: list[str], kb: NameKnowledge) -> list[str]:
    """Join prefixes to the next word and suffixes to the previous one, across particles."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in kb.prefixes:
            j = i + 1
            while j < len(words) and words[j] in kb.particles:
                j += 1
            if j < len(words) and words[j] not in kb.prefixes:
                nxt = _split_single(words[j], kb)
                out.append(kb.prefixes[word] + kb.suffixes.get(nxt, nxt))
                i = j + 1
                continue
        if word in kb.suffixes and out:
            k = len(out) - 1
            while k > 0 and out[k] in kb.particles:
                k -= 1
            if out[k] not in kb.particles and out[k] not in kb.titles:
                out[k] = out[k] + kb.suffixes[word]
                del out[k + 1 :]
                i += 1
                continue
        out.append(_split_single(word, kb) if len(word) > 4 and word not in kb.titles else word)
        i += 1
    return out


@lru_cache(maxsize=200_000)
def make_tok(text: str, is_org: bool, abjad: bool) -> Tok:
    """Build one comparable token (cached)."""
    kb = knowledge()
    # in Arabic script an initial waw or ya is a consonant (وليد Walid, يونس Yunus), never a vowel
    key = _phonetic_key(text[0].upper() + text[1:] if abjad and text[0] in "wy" else text, kb)
    if is_org:
        if text in kb.org_forms:
            weight = _ORG_FORM_WEIGHT
        elif text in kb.org_words:
            weight = _ORG_WORD_WEIGHT
        else:
            weight = 1.0
        groups: frozenset[int] = frozenset()
    else:
        if text in kb.particles:
            weight = _PARTICLE_WEIGHT
        elif text in kb.titles:
            weight = _TITLE_WEIGHT
        elif len(text) == 1 and text.isalpha():
            weight = _INITIAL_WEIGHT
        else:
            weight = kb.common.get(text, 1.0)
            endings, pweight = kb.patronymics
            if len(text) > 6 and text.endswith(endings):
                weight = min(weight, pweight)
        groups = frozenset()
        if weight > _TITLE_WEIGHT:
            groups = kb.groups.get(text, frozenset()) or (
                kb.key_groups.get(key, frozenset()) if len(key) >= 5 else frozenset()
            )
    initial = len(text) == 1 and text.isalpha()
    return Tok(text, key, _skeletons(key), weight, groups, initial, abjad)


def _variant_texts(name: str, is_org: bool) -> list[str]:
    """The name itself plus its parts split at ``;``, ``/`` and parentheses (aliases, acronyms)."""
    parts = [p.strip() for p in _ORG_SPLIT.split(name) if p.strip()]
    if len(parts) <= 1:
        return [name]
    main = re.sub(r"\([^)]*\)", " ", name.split(";")[0]) if is_org else name.split(";")[0]
    out = [main, *parts]
    if "original script" in name.lower():
        out = [p for p in out if "original script" not in p.lower()]
    seen: dict[str, None] = {}
    for text in out[:8]:
        seen.setdefault(text, None)
    return list(seen)


def guess_is_org(folded: str, kb: NameKnowledge) -> bool:
    """True when a name without a schema looks like an organisation (legal form or org word)."""
    words = folded.split()
    return any(w in kb.org_forms and len(w) > 2 for w in words) or sum(w in kb.org_words for w in words) >= 1


@lru_cache(maxsize=200_000)
def parse_name(name: str, is_org: bool | None) -> ParsedName:
    """Read a name into token variants. ``is_org=None`` guesses the kind from its words."""
    kb = knowledge()
    if is_org is None:
        is_org = guess_is_org(fold(name, kb), kb)
    variants: list[tuple[Tok, ...]] = []
    acronyms: set[str] = set()
    generation: str | None = None
    for text in _variant_texts(name, is_org):
        abjad = bool(_ABJAD_RANGE.search(text))
        words = fold(text, kb).split()
        if not words:
            continue
        if abjad:  # the Arabic article is written joined to the word: الأسد = "alasd" = al-Assad
            words = [w[2:] if w.startswith("al") and len(w) > 3 and w != _ALLAH else w for w in words]
        if is_org:
            content = [w for w in words if w not in kb.stops]
            words = content or words
            stripped = [w for w in words if w not in kb.org_forms]
            if len(stripped) == 1 and 2 <= len(stripped[0]) <= 6:
                acronyms.add(stripped[0])
            if len(stripped) >= 2:
                acronyms.add("".join(w[0] for w in stripped))
                acronyms.add("".join(w[0] for w in stripped if w not in kb.particles))
        else:
            kept = [w for w in words if w not in _GENERATIONS] or words
            if len(kept) < len(words):
                generation = _GENERATIONS[next(w for w in reversed(words) if w in _GENERATIONS)]
            words = _fuse(kept, kb)
        toks = tuple(make_tok(w, is_org, abjad) for w in words)
        variants.append(toks if is_org else _surname_last(toks, kb))
    return ParsedName(tuple(variants), is_org, frozenset(acronyms), generation)


def _surname_last(toks: tuple[Tok, ...], kb: NameKnowledge) -> tuple[Tok, ...]:
    """The last part of a name is a surname even when it ends like a patronymic: in a two-part name
    ("Viktor Yanukovych"), and after a patronymic ("Oleg Stanislavovich Shandarovich"). Give it back
    its full weight."""
    endings, _weight = kb.patronymics

    def patronymic(tok: Tok) -> bool:
        return len(tok.text) > 6 and tok.text.endswith(endings)

    if len(toks) < 2 or not patronymic(toks[-1]):
        return toks
    if len(toks) == 2 or any(patronymic(t) for t in toks[1:-1]):
        return (*toks[:-1], replace(toks[-1], weight=kb.common.get(toks[-1].text, 1.0)))
    return toks
