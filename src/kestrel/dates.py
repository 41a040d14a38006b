"""Event-date resolution: when did the event in a sentence happen?

News stories report events days after they happen ("on Monday", "last week"). Stamping every event
with the story date misplaces them, so Kestrel finds the sentence's time expressions and resolves
the one nearest the event trigger against the article's publication date.

Resolution rules (``pub`` is the publication date):

- Weekdays ("on Monday", "Monday", "late Monday", "on Monday night"): the most recent such weekday
  on or before ``pub``, the same day included. "last Monday" is strictly before ``pub`` (one to
  seven days back: nobody writes "last Monday" for today); "next Monday" is strictly after it.
- "today", "tonight", "this morning", "earlier today", "hours ago" → ``pub``; "yesterday",
  "last night" → ``pub − 1``; "the day before yesterday" → ``pub − 2``; "tomorrow" → ``pub + 1``.
- "this/last/next week", "N weeks ago" → precision ``week``, the Monday of that week;
  "over the weekend" → the week of the most recent Saturday on or before ``pub``.
- "this/last/next month", "N months ago" → precision ``month``, the first of the month;
  "this/last/next year", "N years ago", "in 2019" → precision ``year``, the first of January.
- A month name without a year ("in November") is the most recent such month not after the
  publication month; "last November" is strictly before it, "next November" strictly after,
  "this November" is in the publication year.
- A month and day without a year ("on Nov. 5", "5 November") is the most recent such date not
  after ``pub``; when that lies more than 300 days back and the date comes again within 60 days
  after ``pub``, the coming one is taken (a story announcing an event).
- A weekday followed by an explicit date ("on Wednesday, Nov. 4") resolves by the date.
- Expressions with a year ("5 November 2019", "2019-11-05", "in March 2019", "in 2019") resolve
  without a publication date; relative ones then resolve to an unknown date (never invented).

Not read as dates: "May", "March", "April", "June" and "August" without a preposition, day or
year ("may attack", "Theresa May", "a march on"), a weekday followed by a capitalised word ("Sunday Times")
or preceded by a holiday word ("Black Friday", "Easter Sunday"), a month name followed by a
capitalised word ("the October War", "the January 25 Revolution"), and four-digit numbers not
introduced by "in", "since", "of", "during", "throughout", "until" or "by" or followed by a noun
("in 2000 troops").

This runs on every sentence of millions of articles: ``str.find`` looks for the keywords every
expression contains, and one precompiled pattern is tried only at the few words before a hit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kestrel.models import EventDate

__all__ = [
    "TimeExpression",
    "find_time_expressions",
    "resolve_event_date",
    "resolve_expression",
]


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression found in a sentence.

    Attributes:
        start: Offset of the expression in the sentence text.
        end: Offset after the expression.
        phrase: The words as written ("on Monday", "last week", "on Nov. 5").
        kind: ``date`` (month and day, year optional), ``month`` (month name, year optional),
            ``year``, ``weekday``, ``relative`` (a count of ``unit`` from the publication date)
            or ``weekend``.
        year: The year written in the text, if any.
        month: Month number (1–12) for ``date`` and ``month``.
        day: Day of the month for ``date``.
        weekday: Weekday number (Monday = 0) for ``weekday``.
        unit: ``day``, ``week``, ``month`` or ``year`` for ``relative``.
        offset: Signed number of ``unit`` from the publication date for ``relative``.
        direction: For weekdays, month names and weekends: ``past`` (on or before the publication
            date), ``last`` (strictly before), ``next`` (strictly after) or ``this`` (month name
            in the publication year).
    """

    start: int
    end: int
    phrase: str
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    unit: str | None = None
    offset: int = 0
    direction: str = "past"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
# Month names that are also common words or given names: read only with a preposition, day or year.
_AMBIGUOUS_MONTHS = frozenset({"May", "March", "April", "June", "August"})
_MONTHS_FULL = frozenset(name for name in _MONTHS if len(name) > 4 or name in ("june", "july"))
# Prepositions that make "May" a month ("in May"; not "from May", "after May resigned").
_MAY_PREPOSITIONS = _words("in since during until till throughout of last next this")
# Words that turn a following weekday into the name of a holiday ("Black Friday").
_HOLIDAY_WORDS = _words("black bloody easter palm good super cyber ash holy maundy whit shrove giving fat low")
# Lower-case words that may follow "in 2019" ("in 2019 the army ..."); any other lower-case word
# makes the number a quantity ("in 2000 troops").
_AFTER_YEAR = _words(
    """the a an and or but to when while after before as that which who where he she it they we i
    you there its his her their our was were is are had has have alone only too also following
    amid during by for with at on in of from under against over until since through so this these
    those not because despite if then elections election polls"""
)

_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![A-Za-z])"
_MONTH = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![A-Za-z])\.?)(?![A-Za-z])"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d%A-Za-z]|[.:]\d)"
_YEAR = r"(?:19|20)\d\d(?![\d%A-Za-z]|[.:,]\d)"
_NUM = r"\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_WD_PREFIX = rf"{_WD},?\s+"
_TO_DAY = rf"\s*[-–]\s*{_DAY}"  # a range of days ("6-10 February") resolves to its first day
_DATE_PREP = r"(?i:on|of|since|until|till|by|from|before|after)"

_PATTERN = re.compile(
    rf"""\b(?:
    (?P<iso>(?P<iso_y>(?:19|20)\d\d)-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])(?![\d-]))
  | (?P<md>(?P<md_pre>{_DATE_PREP}\s+)?(?:{_WD_PREFIX})?
        (?P<md_m>{_MONTH})\s+(?P<md_d>{_DAY})(?:{_TO_DAY})?(?:,?\s+(?P<md_y>{_YEAR}))?)
  | (?P<dm>(?P<dm_pre>{_DATE_PREP}\s+)?(?:{_WD_PREFIX})?
        (?:the\s+)?(?P<dm_d>{_DAY})(?:{_TO_DAY})?(?:\s+of)?\s+(?P<dm_m>{_MONTH})(?:,?\s+(?P<dm_y>{_YEAR}))?)
  | (?P<mon>(?P<mon_pre>(?i:in|since|during|until|till|by|from|before|after|throughout|of|last|next|this)
        \s+)?(?P<mon_mod>(?i:early|mid|late)[-\s]+)?(?P<mon_m>{_MONTH})(?:,?\s+(?:of\s+)?(?P<mon_y>{_YEAR}))?)
  | (?P<yr>(?i:in|since|of|during|throughout|until|by)\s+(?:(?i:early|mid|late)[-\s]+)?(?P<yr_y>{_YEAR}))
  | (?P<wd>(?P<wd_pre>(?i:(?:(?:late|early)\s+)?on|last|next|this|since|until|till|by|from|late|early)\s+)?
        (?P<wd_name>{_WD})(?:\s+(?:morning|afternoon|evening|night))?)
  | (?P<rel>(?i:the\s+day\s+(?P<rel_ba>before\s+yesterday|after\s+tomorrow)
        | (?:earlier|later)\s+today | this\s+(?:morning|afternoon|evening)
        | (?P<rel_w>yesterday|tomorrow|today|tonight|last\s+night)(?:\s+(?:morning|afternoon|evening))?
        )(?![A-Za-z]))
  | (?P<per>(?i:(?:(?:earlier|later|early|late)\s+)?(?P<per_dir>this|last|next)\s+(?P<per_u>week|month|year)
        |(?P<ago_n>{_NUM})\s+(?P<ago_u>day|week|month|year|hour|minute)s?\s+ago)(?![A-Za-z]))
  | (?P<wke>(?i:(?:over|during|at)\s+the|(?P<wke_dir>this|last|next))\s+weekend(?![A-Za-z]))
)""",
    re.VERBOSE,
)

# Keywords with the number of words an expression may start before them: every expression
# contains one ("on the 5th of November", "earlier this week", "in mid-2019", "6 hours ago").
_KEYWORDS_CASED = (
    *((k, 4) for k in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")),
    ("19", 2),
    ("20", 2),
)
_KEYWORDS_LOWER = (
    ("day", 2), ("night", 1), ("week", 2), ("month", 2), ("year", 2), ("ago", 2), ("morning", 1),
    ("evening", 1), ("afternoon", 1), ("tomorrow", 2),
)  # fmt: skip
# Words that can begin an expression before its keyword.
_LEAD_WORDS = _words(
    """on in since until till by from before after during throughout of last next this early late
    mid earlier later the over at hour hours minute minutes - –"""
).union(_NUMBERS, _WEEKDAYS, _MONTHS)
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
_PREV_WORD = re.compile(r"([A-Za-z]+)\s+$")
_AFTER_MONTH_DAY = re.compile(r"\s+(?:[A-Z]|(?:attacks?|revolution|uprising|war|massacre|accords?)\b)")


def _keyword_hits(text: str) -> list[tuple[int, int]]:
    """``(offset, lead)`` of each keyword in ``text``, found with ``str.find`` (far cheaper than
    scanning with the pattern; empty for most sentences)."""
    lower = text.lower()
    if len(lower) != len(text):  # keep offsets aligned ("İ" lower-cases to two characters)
        lower = "".join(c.lower() if c.isascii() else c for c in text)
    hits: list[tuple[int, int]] = []
    for source, keywords in ((text, _KEYWORDS_CASED), (lower, _KEYWORDS_LOWER)):
        for keyword, lead in keywords:
            i = source.find(keyword)
            while i >= 0:
                hits.append((i, lead))
                i = source.find(keyword, i + len(keyword))
    hits.sort()
    return hits


def _candidate_starts(text: str, pos: int, lead: int, floor: int) -> list[int]:
    """Where an expression containing ``pos`` may start, earliest first: the start of the word
    containing ``pos`` and of up to ``lead`` words before it that can begin an expression
    ("on", "last", "the", a number …), none before ``floor``."""
    start = _word_start(text, floor, pos)
    starts = [start]
    for _ in range(lead):
        end = start - 1
        while end > floor and text[end - 1].isspace():
            end -= 1
        if end <= floor:
            break
        start = _word_start(text, floor, end)
        word = text[start:end].rstrip(",.") or text[start - 1 : end]  # a lone dash: "6 – 10 May"
        if not word or not (word[0].isdigit() or word.lower() in _LEAD_WORDS):
            break
        starts.append(start)
    starts.reverse()
    return starts


def _word_start(text: str, floor: int, pos: int) -> int:
    """Start of the word containing ``pos``, after any opening punctuation ("(on", "—Monday")."""
    start = max(text.rfind(" ", floor, pos), text.rfind("\n", floor, pos)) + 1 or floor
    while start < pos and not text[start].isalnum():
        start += 1
    return start


def _month_number(word: str) -> int:
    return _MONTHS[word.rstrip(".").lower()]


def _valid_day(year: int | None, month: int, day: int) -> bool:
    try:
        dt.date(year if year is not None else 2000, month, day)  # 2000 is a leap year: Feb 29 is valid
    except ValueError:
        return False
    return True


def _capitalised_next(text: str, pos: int) -> bool:
    """True when a capitalised word follows ``pos`` after white space ("Sunday Times")."""
    m = _NEXT_WORD.match(text, pos)
    return m is not None and m.group(1)[0].isupper()


def _month_alone_ok(name: str, prefix: str | None, modifier: str | None, text: str, end: int) -> bool:
    """Whether a month name without day or year is a date here."""
    if name in _AMBIGUOUS_MONTHS:
        # "may attack", "Theresa May", "a march on", "after May resigned": need a date preposition.
        if modifier:
            return True
        return prefix is not None and (name != "May" or prefix.split()[0].lower() in _MAY_PREPOSITIONS)
    if prefix or modifier:
        return True
    # A bare full name is a date unless a capitalised word follows ("the October War");
    # a bare abbreviation is not ("Jan Kubis").
    return name.lower() in _MONTHS_FULL and not _capitalised_next(text, end)


def _direction(prefix: str | None) -> str:
    word = prefix.split()[0].lower() if prefix else "past"
    return word if word in ("last", "next", "this") else "past"


def _from_match(m: re.Match[str], text: str) -> TimeExpression | None:
    """Build the expression for a match, or None when the match is a trap (not a date)."""
    kind = m.lastgroup
    start, end = m.span()
    phrase = m.group(0)
    if kind == "iso":
        y, mo, d = int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"])
        if not _valid_day(y, mo, d):
            return None
        return TimeExpression(start, end, phrase, "date", year=y, month=mo, day=d)
    if kind in ("md", "dm"):
        mo = _month_number(m[kind + "_m"])
        d = int(m[kind + "_d"].rstrip("stndrh"))
        year = int(m[kind + "_y"]) if m[kind + "_y"] else None
        if not _valid_day(year, mo, d):
            return None
        if year is None and not m[kind + "_pre"] and _AFTER_MONTH_DAY.match(text, end):
            return None  # "the January 25 Revolution", "the September 11 attacks"
        return TimeExpression(start, end, phrase, "date", year=year, month=mo, day=d)
    if kind == "mon":
        name = m["mon_m"]
        y_text = m["mon_y"]
        if not y_text and not _month_alone_ok(name, m["mon_pre"], m["mon_mod"], text, end):
            return None
        year = int(y_text) if y_text else None
        month = _month_number(name)
        return TimeExpression(start, end, phrase, "month", year, month, direction=_direction(m["mon_pre"]))
    if kind == "yr":
        nxt = _NEXT_WORD.match(text, end)
        if nxt is not None and nxt.group(1).islower() and nxt.group(1) not in _AFTER_YEAR:
            return None  # "in 2000 troops"
        return TimeExpression(start, end, phrase, "year", year=int(m["yr_y"]))
    if kind == "wd":
        if not m["wd_pre"]:
            prev = _PREV_WORD.search(text, max(0, start - 12), start)
            if prev and prev.group(1).lower() in _HOLIDAY_WORDS:
                return None  # "Black Friday", "Easter Sunday"
            if _capitalised_next(text, end):
                return None  # "Sunday Times", "Monday Night Football"
        weekday = _WEEKDAYS[m["wd_name"].lower()]
        return TimeExpression(start, end, phrase, "weekday", weekday=weekday, direction=_direction(m["wd_pre"]))
    if kind == "rel":
        ba = m["rel_ba"]
        if ba:
            offset = -2 if ba.lower().startswith("before") else 2
        else:
            word = (m["rel_w"] or "today").lower()
            offset = -1 if word.startswith(("yesterday", "last")) else 1 if word == "tomorrow" else 0
        return TimeExpression(start, end, phrase, "relative", unit="day", offset=offset)
    if kind == "per":
        if m["per_u"]:
            direction = m["per_dir"].lower()
            offset = -1 if direction == "last" else 1 if direction == "next" else 0
            return TimeExpression(start, end, phrase, "relative", unit=m["per_u"].lower(), offset=offset)
        n_text = m["ago_n"].lower()
        n = int(n_text) if n_text.isdigit() else _NUMBERS[n_text]
        unit = m["ago_u"].lower()
        if unit in ("hour", "minute"):
            unit, n = "day", 0
        return TimeExpression(start, end, phrase, "relative", unit=unit, offset=-n)
    # weekend
    return TimeExpression(start, end, phrase, "weekend", direction=_direction(m["wke_dir"]))


def find_time_expressions(text: str) -> list[TimeExpression]:
    """Find the time expressions of a sentence, in text order.

    Args:
        text: The sentence text.

    Returns:
        The expressions found; spans are offsets into ``text``.
    """
    found: list[TimeExpression] = []
    done = 0  # text before this offset is part of an expression already read
    for pos, lead in _keyword_hits(text):
        if pos < done:
            continue
        for start in _candidate_starts(text, pos, lead, done):
            m = _PATTERN.match(text, start)
            if m is not None and m.end() > pos:
                done = m.end()
                expr = _from_match(m, text)
                if expr is not None:
                    found.append(expr)
                break
    return found


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _month_day(month: int, day: int, pub: dt.date) -> dt.date | None:
    """The date of a month-day written without a year (see the module's rules)."""
    years = range(pub.year - 8, pub.year + 9)
    dates = [dt.date(y, month, day) for y in years if 1 <= y <= 9999 and _valid_day(y, month, day)]
    past = max((d for d in dates if d <= pub), default=None)
    future = min((d for d in dates if d > pub), default=None)
    if past is None or (future is not None and (pub - past).days > 300 and (future - pub).days <= 60):
        return future
    return past


def _month_year(month: int, direction: str, pub: dt.date) -> int:
    if direction == "this":
        return pub.year
    if direction == "last":
        return pub.year if month < pub.month else pub.year - 1
    if direction == "next":
        return pub.year if month > pub.month else pub.year + 1
    return pub.year if month <= pub.month else pub.year - 1


def _weekday_date(weekday: int, direction: str, pub: dt.date) -> dt.date:
    if direction == "next":
        return pub + dt.timedelta(days=(weekday - pub.weekday() - 1) % 7 + 1)
    if direction == "last":
        return pub - dt.timedelta(days=(pub.weekday() - weekday - 1) % 7 + 1)
    return pub - dt.timedelta(days=(pub.weekday() - weekday) % 7)


def _resolve_with_pub(expr: TimeExpression, pub: dt.date) -> tuple[dt.date | None, str]:
    """Date and precision of an expression that needs the publication date."""
    if expr.kind == "date" and expr.month is not None and expr.day is not None:
        return _month_day(expr.month, expr.day, pub), "day"
    if expr.kind == "month" and expr.month is not None:
        return dt.date(_month_year(expr.month, expr.direction, pub), expr.month, 1), "month"
    if expr.kind == "weekday" and expr.weekday is not None:
        return _weekday_date(expr.weekday, expr.direction, pub), "day"
    if expr.kind == "weekend":
        saturday = _weekday_date(5, "past", pub) + dt.timedelta(weeks=expr.direction == "next")
        return _monday(saturday), "week"
    if expr.unit == "week":
        return _monday(pub) + dt.timedelta(weeks=expr.offset), "week"
    if expr.unit == "month":
        index = pub.year * 12 + pub.month - 1 + expr.offset
        return dt.date(index // 12, index % 12 + 1, 1), "month"
    if expr.unit == "year":
        return dt.date(pub.year + expr.offset, 1, 1), "year"
    return pub + dt.timedelta(days=expr.offset), "day"


def resolve_expression(expr: TimeExpression, publication_date: dt.date | None) -> EventDate:
    """Resolve one time expression against the publication date.

    Args:
        expr: An expression from :func:`find_time_expressions`.
        publication_date: The article's publication date, or None when unknown.

    Returns:
        The date, its precision and ``expr.phrase``. Without a publication date only expressions
        carrying their own year resolve; the others give ``date=None`` and ``precision=None``
        (the phrase is kept so the reader sees what was not resolved). So does a date outside
        the calendar (year 1 to 9999).
    """
    if expr.year is not None and expr.month is not None and expr.day is not None:
        return EventDate(dt.date(expr.year, expr.month, expr.day), "day", expr.phrase)
    if expr.year is not None and expr.month is not None:
        return EventDate(dt.date(expr.year, expr.month, 1), "month", expr.phrase)
    if expr.year is not None:
        return EventDate(dt.date(expr.year, 1, 1), "year", expr.phrase)
    if publication_date is None:
        return EventDate(None, None, expr.phrase)
    try:
        date, precision = _resolve_with_pub(expr, publication_date)
    except (OverflowError, ValueError):  # beyond year 1 or 9999
        return EventDate(None, None, expr.phrase)
    return EventDate(date, precision if date else None, expr.phrase)


def _distance(expr: TimeExpression, anchor: int) -> int:
    if expr.start <= anchor < expr.end:
        return 0
    return expr.start - anchor if anchor < expr.start else anchor - expr.end + 1


def resolve_event_date(text: str, publication_date: dt.date | None, *, anchor: int | None = None) -> EventDate:
    """Resolve the date of the event in a sentence.

    Args:
        text: The sentence text.
        publication_date: The article's publication date, or None when unknown.
        anchor: Offset of the event trigger in ``text``; the time expression closest to it is
            used (the earlier one on a tie). None uses the first expression.

    Returns:
        The resolved date. A sentence without a time expression gets the publication date at
        day precision with ``phrase=None``, or an unknown date when there is no publication date.
    """
    found = find_time_expressions(text)
    if not found:
        if publication_date is None:
            return EventDate(None, None, None)
        return EventDate(publication_date, "day", None)
    expr = found[0] if anchor is None else min(found, key=lambda e: _distance(e, anchor))
    return resolve_expression(expr, publication_date)
