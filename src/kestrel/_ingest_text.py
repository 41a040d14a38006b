"""Dates and plain-text articles: the parsing half of :mod:`kestrel.ingest`.

``parse_date`` accepts the unambiguous date forms found in news feeds; ``parse_text_article``
applies the ``.txt`` header conventions (``title:``, ``source:``, ``url:``, ``date:`` lines at the
top, and an inline ``date YYYY-MM-DD`` marker on the first sentence's line).
"""

from __future__ import annotations

import datetime as dt
import re

from kestrel.errors import InputError
from kestrel.models import Article

__all__ = ["normalize_newlines", "parse_date", "parse_text_article"]

_MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?"

_NUMERIC_FORMS = (
    re.compile(rf"(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}}){_TIME}"),
    re.compile(r"(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})"),
    re.compile(r"(?P<year>\d{4})\.(?P<month>\d{1,2})\.(?P<day>\d{1,2})"),
    re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?:T\d{4,6}Z?)?"),
)
_WORD_FORMS = (
    re.compile(rf"{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}", re.IGNORECASE),
    re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE),
)

_HEADER = re.compile(r"\s*(?P<key>title|source|url|date)\s*:\s*(?P<value>.*?)\s*", re.IGNORECASE)
_BARE_DATE = re.compile(r"\s*date\s+(?P<value>\d{4}-\d{1,2}-\d{1,2}(?:T\S*)?)(?:\s+(?P<rest>\S.*?))?\s*", re.IGNORECASE)


def parse_date(value: str) -> dt.date:
    """Read a publication date written in an unambiguous form.

    Accepted: ``2020-11-16``, ``2020-11-16T08:30:00Z`` (any time and offset; the date as written
    is kept), ``20201116``, ``2020/11/16``, ``16 November 2020``, ``Nov. 16, 2020``,
    ``November 16, 2020`` (an optional weekday may come first). Numeric day/month forms such as
    ``11/12/2020`` are refused because they are ambiguous.

    Raises:
        InputError: The value is not a date in one of these forms, or not a real calendar day.
    """
    text = value.strip()
    for pattern in _NUMERIC_FORMS:
        found = pattern.fullmatch(text)
        if found:
            return _make_date(value, found["year"], int(found["month"]), found["day"])
    for pattern in _WORD_FORMS:
        found = pattern.fullmatch(text)
        if found:
            month = _MONTHS.get(found["month"].lower())
            if month is None:
                break
            return _make_date(value, found["year"], month, found["day"])
    raise InputError(f"cannot read the date {value!r}; write dates as YYYY-MM-DD (e.g. 2024-05-17)")


def _make_date(value: str, year: str, month: int, day: str) -> dt.date:
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        raise InputError(f"the date {value!r} is not a real calendar day; write dates as YYYY-MM-DD") from None


def normalize_newlines(text: str) -> str:
    """Turn Windows and old Mac line ends into ``\\n``."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_text_article(
    text: str,
    *,
    article_id: str,
    date: dt.date | None,
    origin: str,
) -> Article:
    """Build an article from plain text, reading the header lines at its top.

    Header lines (``title: …``, ``source: …``, ``url: …``, ``date: …`` or ``date YYYY-MM-DD``,
    keys in any case) may precede the body, with blank lines between them. A ``date YYYY-MM-DD``
    marker followed by more words on the same line is an inline marker: the words after it start
    the body. A date found in the text wins over ``date``, which is the fallback. The body is kept
    exactly as written, apart from line ends made ``\\n`` and surrounding whitespace stripped.

    Raises:
        InputError: A ``date:`` header cannot be read, or there is no body text.
    """
    text = normalize_newlines(text).removeprefix("\ufeff")
    fields: dict[str, str] = {}
    found_date: dt.date | None = None
    offset = 0
    line_no = 0
    body_start = len(text)
    while offset < len(text):
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end
        line = text[offset:end]
        line_no += 1
        if not line.strip():
            offset = end + 1
            continue
        header = _HEADER.fullmatch(line)
        bare = None if header else _BARE_DATE.fullmatch(line)
        if header:
            key, value = header["key"].lower(), header["value"]
            if key == "date":
                if value:
                    found_date = _header_date(value, f"{origin}:{line_no}")
            elif value:
                fields[key] = value
        elif bare:
            found_date = _header_date(bare["value"], f"{origin}:{line_no}")
            if bare["rest"]:
                body_start = offset + bare.start("rest")
                break
        else:
            body_start = offset
            break
        offset = end + 1
    body = text[body_start:].strip()
    if not body:
        raise InputError("there is no article text (only header lines or blank); add the story text", origin)
    return Article(
        article_id=article_id,
        text=body,
        date=found_date if found_date is not None else date,
        title=fields.get("title"),
        source=fields.get("source"),
        url=fields.get("url"),
        origin=origin,
    )


def _header_date(value: str, origin: str) -> dt.date:
    try:
        return parse_date(value)
    except InputError as error:
        raise InputError(f"date header: {error.reason}", origin) from None
