"""Finding place phrases and datelines in text, without the gazetteer (see :mod:`kestrel.places`).

Every sentence of every article passes through :func:`find_place_mentions`, so it is one precompiled
regular expression: a place phrase must start with a preposition ("in", "near", "travelled to"), a
descriptive frame ("the Bosnian town of"), "border with", or be a "Name, Container" pair ("Bam,
Iran"). Names are capitalised words, so "mobile" and "split" never start a phrase, and a capitalised
word at the start of a sentence is only read after a preposition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kestrel.text import CALENDAR_WORDS

__all__ = [
    "ADMIN_FEATURES",
    "CITY_FEATURES",
    "MONTHS",
    "TERRITORY_FEATURES",
    "DatelineMatch",
    "PlaceMention",
    "find_place_mentions",
    "match_dateline",
]

_UP = "A-ZÀ-ÖØ-ÞĀ-ſḀ-ỿ"
_TOKEN = rf"(?:St\.|[{_UP}][\w'’]*(?:-[\w'’]+)*)"
_CONN = r"(?:al|el|ez|ad|ar|as|ash|az|an|ed|er|es|et|ul|ur|de|del|di|da|do|dos|das|la|le|les|du|bin|ibn|bani|abu)"
_NAME = rf"(?:(?:al|el|an|ar|as|ash|ad|az)-)?{_TOKEN}(?:(?:\s+{_CONN}[\s-]|\s+){_TOKEN}){{0,4}}"
_DIRECTION = (
    r"(?:north|south|east|west)(?:ern)?|central|north-?east(?:ern)?|north-?west(?:ern)?|"
    r"south-?east(?:ern)?|south-?west(?:ern)?|upper|lower|rural|eastern|coastal"
)
_FEATURE = (
    r"province|governorate|region|district|state|county|prefecture|oblast|city|town|village|"
    r"capital|port|port city|border town|border city|enclave|suburb|area|territory|soil|waters|airspace"
)
_TRAVEL = (
    r"travel(?:l?ed|s|l?ing)?|flew|fl(?:y|ies|ying)|went|go(?:es|ing)?|head(?:ed|ing|s)?|"
    r"return(?:ed|ing|s)?|trip|visits?|journey|deploy(?:ed|s)?|sent|came|moved|bound|arriv(?:e|ed|es|ing)|"
    r"spread(?:s|ing)?"
)
_PREP = (
    rf"[Ii]n|[Aa]t|[Nn]ear|[Oo]utside|[Ii]nside|[Aa]cross|[Aa]round|[Tt]hroughout|[Ii]nto|[Ww]ithin|"
    rf"[Ff]rom|(?:{_TRAVEL})\s+to|(?:[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est)(?:-?(?:east|west))?\s+of|"
    rf"[Oo]utskirts\s+of|[Cc]oast\s+of"
)
_PLACE_RE = re.compile(
    rf"(?<![\w-])(?P<prep>{_PREP})\s+(?:the\s+)?(?:(?P<qual>{_DIRECTION})\s+)?"
    rf"(?:(?P<poss>{_NAME})['’]s\s+(?:(?P<qual2>{_DIRECTION})\s+)?)?"
    rf"(?P<name>{_NAME})(?:\s+(?P<feat>{_FEATURE})\b(?:\s+of\s+(?P<oname>{_NAME}))?)?(?:,\s+(?P<cont>{_NAME}))?"
    rf"|(?<![\w-])[Tt]he\s+(?P<adj>(?:[\w'’-]+\s+){{0,3}}?)(?P<frame>{_FEATURE})\s+(?:of\s+)?(?P<fname>{_NAME})"
    rf"|(?<![\w-])border\s+with\s+(?P<bname>{_NAME})"
)
_PAIR_RE = re.compile(rf"(?<![\w'’-])(?P<pname>{_NAME}),\s+(?P<pcont>{_NAME})(?![\w'’-])")
_PAIR_HINT_RE = re.compile(rf"\w,\s+[{_UP}]")
_ADMIN_WORDS = ("province", "governorate", "oblast", "prefecture")
_ADMIN_RE = re.compile(rf"(?<![\w'’-])(?P<aname>{_NAME})\s+(?P<afeat>{'|'.join(_ADMIN_WORDS)})\b")
_PREP_QUALIFIERS = frozenset(["near", "outside", "across", "around", "inside", "throughout", "within"])
MONTHS = {
    m: i
    for i, names in enumerate(
        [
            "jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
            "aug august", "sep sept september", "oct october", "nov november", "dec december",
        ],
        start=1,
    )
    for m in names.split()
}  # fmt: skip
"""Month names and abbreviations (lower case) → month number."""
_NOT_NAMES = CALENDAR_WORDS | frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "their",
        "its",
        "our",
        "president",
        "minister",
        "prime",
        "king",
        "queen",
        "general",
        "mr",
        "mrs",
        "ms",
        "dr",
    ]
)
CITY_FEATURES = frozenset(["city", "town", "village", "capital", "port", "port city", "border town",
                           "border city", "suburb"])  # fmt: skip
"""Frame words that name a settlement ("the town of X"): resolve X as a city."""
ADMIN_FEATURES = frozenset(["province", "governorate", "region", "district", "state", "county", "prefecture",
                            "oblast"])  # fmt: skip
"""Frame words that name an administrative division ("Idlib province"): prefer admin1."""
TERRITORY_FEATURES = frozenset(["territory", "soil", "waters", "airspace"])
"""Nouns after a demonym that make it a country ("Syrian territory")."""


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A candidate place phrase in a sentence.

    Attributes:
        start: Offset of the phrase in the text.
        end: Offset after the phrase.
        phrase: The words as written ("in southern Syria", "the Bosnian town of Gorazde").
        name: The place name to look up ("Syria", "Gorazde").
        qualifier: A direction or nearness ("southern", "north of", "near", "outside", "border").
        preposition: The word(s) that introduced the phrase ("in", "travelled to", "from"), if any.
        feature: The kind of place the text says it is ("town", "province", "capital"), if given.
        container: The larger place named with it ("Iran" in "Bam, Iran"; "Syria" in "Syria's
            Idlib province"), if any.
        adjective: Capitalised words of a frame ("Bosnian" in "the Bosnian town of"), if any.
    """

    start: int
    end: int
    phrase: str
    name: str
    qualifier: str | None = None
    preposition: str | None = None
    feature: str | None = None
    container: str | None = None
    adjective: str | None = None


def find_place_mentions(text: str) -> list[PlaceMention]:
    """Candidate place phrases in a sentence, in text order (not yet looked up)."""
    mentions: list[PlaceMention] = []
    for match in _PLACE_RE.finditer(text):
        mention = _mention(match)
        if mention is not None:
            mentions.append(mention)
    if any(word in text for word in _ADMIN_WORDS):  # "Idlib province" without a preposition
        taken = [(m.start, m.end) for m in mentions]
        for match in _ADMIN_RE.finditer(text):
            name = _clean_name(match.group("aname"))
            if name is not None and name == match.group("aname") and _free(match, taken):
                mentions.append(
                    PlaceMention(match.start(), match.end(), match.group(0), name, feature=match.group("afeat"))
                )
    if _PAIR_HINT_RE.search(text):  # "Bam, Iran" without a preposition: rare, so looked for apart
        taken = [(m.start, m.end) for m in mentions]
        for match in _PAIR_RE.finditer(text):
            mention = _pair(match)
            if mention is not None and _free(match, taken):
                mentions.append(mention)
        mentions.sort(key=lambda m: m.start)
    return mentions


def _free(match: re.Match[str], taken: list[tuple[int, int]]) -> bool:
    return all(match.end() <= start or match.start() >= end for start, end in taken)


def _clean_name(name: str) -> str | None:
    """Drop trailing month and weekday words ("Baghdad Monday"); None when nothing is left."""
    words = name.split()
    while words and words[-1].lower().rstrip(".") in _NOT_NAMES:
        words.pop()
    if not words or words[0].lower().rstrip(".") in _NOT_NAMES:
        return None
    return " ".join(words)


def _mention(match: re.Match[str]) -> PlaceMention | None:
    group = match.group
    if group("prep") is not None:
        name = _clean_name(group("name"))
        if name is None:
            return None
        prep = " ".join(group("prep").lower().split())
        if group("oname") is not None:  # "in the northern Iraqi city of Mosul": a frame after "in"
            oname = _clean_name(group("oname"))
            if oname is None:
                return None
            return PlaceMention(
                match.start(),
                match.start("oname") + len(oname),
                match.string[match.start() : match.start("oname") + len(oname)],
                oname,
                qualifier=group("qual"),
                preposition=prep,
                feature=group("feat"),
                adjective=name,
            )
        qualifier = group("qual") or group("qual2")
        if qualifier is None and (prep in _PREP_QUALIFIERS or (prep.endswith(" of") and "to" not in prep)):
            qualifier = prep.removesuffix(" of") if prep.startswith("outskirts") else prep
        cont = group("cont")
        end = match.end()
        if name != group("name"):  # "in Baghdad Monday, Iraqi ...": no feature, no container
            cont, end = None, match.start("name") + len(name)
        return PlaceMention(
            match.start(), end, match.string[match.start() : end], name,
            qualifier=qualifier.lower() if qualifier else None, preposition=prep,
            feature=group("feat"), container=group("poss") or cont,
        )  # fmt: skip
    if group("frame") is not None:
        name = _clean_name(group("fname"))
        if name is None:
            return None
        words = group("adj").split()
        caps = " ".join(w for w in words if w[0].isupper())
        qualifier = next((w.lower() for w in words if re.fullmatch(_DIRECTION, w.lower())), None)
        return PlaceMention(
            match.start(), match.end(), match.group(0), name, qualifier=qualifier,
            feature=group("frame"), adjective=caps or None,
        )  # fmt: skip
    if group("bname") is not None:
        name = _clean_name(group("bname"))
        if name is None:
            return None
        return PlaceMention(match.start(), match.end(), match.group(0), name, qualifier="border")
    return None


def _pair(match: re.Match[str]) -> PlaceMention | None:
    name, cont = _clean_name(match.group("pname")), _clean_name(match.group("pcont"))
    if name is None or cont is None or name != match.group("pname"):
        return None
    return PlaceMention(match.start(), match.end(), match.group(0), name, container=cont)


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATELINE_RE = re.compile(
    rf"\s*(?P<place>[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){{0,3}}|[{_UP}][\w'’\-]+(?:\s+[{_UP}][\w'’\-]+){{0,2}})"
    rf"(?:,\s*(?P<cont>[{_UP}][\w.'’\-]+(?:\s+[{_UP}][\w.'’\-]+){{0,2}}))?"
    rf"(?:,?\s*(?P<date>(?i:{_MONTH})\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+(?i:{_MONTH})(?:,?\s+\d{{4}})?))?"
    rf"\s*(?:\((?P<agency>[^()\n]{{1,40}})\))?\s*(?P<dash>--?|[–—]|:)\s*"
)
_DATE_PARTS_RE = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?|(\d{1,2})\s+([A-Za-z]+)\.?(?:,?\s+(\d{4}))?")


@dataclass(frozen=True, slots=True)
class DatelineMatch:
    """The parts of a dateline: place (title-cased), container, (month, day, year), end offset."""

    place: str
    container: str | None
    month_day_year: tuple[int, int, int | None] | None
    end: int


def match_dateline(text: str) -> DatelineMatch | None:
    """Read a dateline at the start of ``text`` ("BAGHDAD (Reuters) -", "Tehran, Nov 16 (IRNA) –").

    An all-capitals place needs only the dash; a place in ordinary capitalisation also needs a date
    or an agency in parentheses, so an ordinary sentence ("Iran, Iraq and Syria —") is not a dateline.
    """
    match = _DATELINE_RE.match(text)
    if match is None:
        return None
    place, cont, date = match.group("place"), match.group("cont"), match.group("date")
    caps = place.isupper() and len(place.replace(" ", "")) > 1
    if not caps and date is None and match.group("agency") is None:
        return None
    if cont is not None and cont.lower().rstrip(".") in MONTHS:
        return None
    parsed = _date_parts(date) if date else None
    return DatelineMatch(place.title() if caps else place, cont, parsed, match.end())


def _date_parts(text: str) -> tuple[int, int, int | None] | None:
    parts = _DATE_PARTS_RE.fullmatch(text.strip())
    if parts is None:
        return None
    month_word, day, year = (parts[1], parts[2], parts[3]) if parts[1] else (parts[5], parts[4], parts[6])
    month = MONTHS.get(month_word.lower().rstrip("."))
    if month is None:
        return None
    return month, int(day), int(year) if year else None
