"""Field helpers shared by the export formats of :mod:`kestrel.export`.

Every helper reads one event dict of the canonical schema (docs/schema.md) and tolerates
missing optional fields: a missing value becomes None (an empty cell or JSON null).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import pycountry

from kestrel.ontology import default_ontology

__all__ = [
    "TRANSNATIONAL",
    "actor_entity",
    "actor_label",
    "actor_of",
    "cameo_label",
    "country_name",
    "event_date",
    "joined",
    "location_of",
    "pentaclass",
    "sentence_number",
    "span_list",
    "span_text",
]

TRANSNATIONAL = frozenset({"IGO", "NGO", "IMG"})
"""Actor "countries" that are not places: the organisation code follows them in the actor code."""

_EXTRA_COUNTRY_NAMES = {"XKX": "Kosovo"}


@lru_cache(maxsize=1024)
def country_name(code: str | None) -> str | None:
    """The common English name of an ISO-3 code ("IRN" → "Iran"); other codes are returned as given."""
    if not code:
        return None
    if code in _EXTRA_COUNTRY_NAMES:
        return _EXTRA_COUNTRY_NAMES[code]
    if len(code) != 3 or not code.isalpha():
        return code
    try:
        record = pycountry.countries.get(alpha_3=code.upper())
    except (KeyError, LookupError):
        record = None
    if record is None:
        return code
    return str(getattr(record, "common_name", None) or record.name)


def event_date(event: Mapping[str, Any]) -> dt.date | None:
    """The event's date (``event_date`` as an ISO string or a date), or None.

    Raises:
        ValueError: the value is not an ISO date.
    """
    value = event.get("event_date")
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"event_date must be an ISO date string, not {value!r}")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"event_date {value!r} is not an ISO date (YYYY-MM-DD)") from None


def actor_of(event: Mapping[str, Any], side: str) -> Mapping[str, Any]:
    """The ``source`` or ``target`` actor object, or an empty mapping when there is none."""
    actor = event.get(side)
    if actor is None:
        return {}
    if not isinstance(actor, Mapping):
        raise ValueError(f"{side} must be an actor object or null, not {type(actor).__name__}")
    return actor


def actor_label(actor: Mapping[str, Any]) -> str | None:
    """The actor's canonical name, else the words of its mention."""
    return actor.get("name") or actor.get("text") or None


def actor_entity(actor: Mapping[str, Any]) -> str | None:
    """The actor code without its sector suffix (``IRQGOVMIL`` → ``IRQ``, ``IGOUNOREF`` → ``IGOUNO``).

    When the code does not end with the actor's sectors, the country is used.
    """
    code = actor.get("code")
    if not code or code == "---":
        return actor.get("country") or None
    suffix = "".join(actor.get("sectors") or [])
    if suffix and code.endswith(suffix) and len(code) > len(suffix):
        return str(code[: len(code) - len(suffix)])
    if not suffix:
        return str(code)
    return actor.get("country") or None


def location_of(event: Mapping[str, Any]) -> Mapping[str, Any]:
    """The location object (all fields may be null), or an empty mapping."""
    loc = event.get("location")
    if loc is None:
        return {}
    if not isinstance(loc, Mapping):
        raise ValueError(f"location must be an object or null, not {type(loc).__name__}")
    return loc


def joined(values: Sequence[str] | None) -> str:
    """A list as one flat-file cell: ``;``-joined, empty for an empty or missing list."""
    if values is None:
        return ""
    if isinstance(values, str):
        return values
    return ";".join(str(v) for v in values)


def span_list(span: Sequence[int] | None) -> list[int] | None:
    """A ``[start, end]`` span as a list of two ints, or None."""
    if span is None:
        return None
    start, end = span
    return [int(start), int(end)]


def span_text(span: Sequence[int] | None) -> str | None:
    """A span as ``start-end`` (the canonical CSV form), or None."""
    pair = span_list(span)
    return f"{pair[0]}-{pair[1]}" if pair else None


def cameo_label(code: str | None) -> str | None:
    """The CAMEO label of a code ("042" → "Make a visit"), or None for an unknown code."""
    record = default_ontology().get(code) if code else None
    return record.name if record else None


def pentaclass(event: Mapping[str, Any]) -> int | None:
    """The CAMEO pentaclass (0-4) of the event's code, from the ontology (by code, else by root)."""
    onto = default_ontology()
    for key in ("cameo_code", "cameo_root"):
        code = event.get(key)
        record = onto.get(code) if isinstance(code, str) else None
        if record is not None:
            return record.pentaclass
    return None


def sentence_number(event: Mapping[str, Any]) -> int:
    """The 1-based sentence number used by ICEWS and Phoenix (``sentence_index`` + 1)."""
    return int(event["sentence_index"]) + 1
