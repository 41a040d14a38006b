"""The edges: events and actors as JSON-ready dicts and flat CSV rows.

The JSON form of an event is the stable schema documented in docs/schema.md; ``SCHEMA_VERSION``
changes whenever a field is added, renamed or retyped.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from kestrel.models import Actor, CodedArticle, Event, Location, Span

__all__ = [
    "CSV_COLUMNS",
    "SCHEMA_VERSION",
    "actor_to_dict",
    "event_to_dict",
    "event_to_json",
    "events_to_csv",
    "flatten_event",
    "json_line",
    "render_csv_rows",
    "render_jsonl",
]

SCHEMA_VERSION = "1.0"


def actor_to_dict(actor: Actor | None, text: str | None = None) -> dict[str, Any] | None:
    """An actor object of the event schema (``text``: the words of the mention)."""
    if actor is None:
        return None
    return {
        "code": actor.code,
        "country": actor.country,
        "sectors": list(actor.sectors),
        "name": actor.name,
        "text": text,
        "actor_id": actor.actor_id,
        "kb_id": actor.kb_id,
        "kind": actor.kind,
    }


def _location(loc: Location | None) -> dict[str, Any]:
    if loc is None:
        loc = Location()
    return {
        "name": loc.name,
        "country": loc.country,
        "admin1": loc.admin1,
        "lat": loc.lat,
        "lon": loc.lon,
        "geonames_id": loc.geonames_id,
        "precision": loc.precision,
    }


def _span(span: Span | None) -> list[int] | None:
    return list(span) if span is not None else None


def event_to_dict(event: Event) -> dict[str, Any]:
    """The documented JSON object of one event (docs/schema.md)."""
    ev = event.evidence
    return {
        "event_id": event.event_id,
        "article_id": event.article_id,
        "sentence_index": event.sentence_index,
        "event_date": event.date.date.isoformat() if event.date.date else None,
        "date_precision": event.date.precision,
        "date_phrase": event.date.phrase,
        "source": actor_to_dict(event.source, ev.source_text),
        "target": actor_to_dict(event.target, ev.target_text),
        "cameo_code": event.cameo_code,
        "cameo_root": event.cameo_root,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "plover_type": event.plover_type,
        "plover_mode": event.plover_mode,
        "plover_context": list(event.plover_context),
        "location": _location(event.location),
        "negated": event.negated,
        "modality": event.modality,
        "topics": list(event.topics),
        "evidence": {
            "sentence": ev.sentence,
            "source_span": _span(ev.source_span),
            "target_span": _span(ev.target_span),
            "trigger_span": _span(ev.trigger_span),
            "trigger": ev.trigger_text,
            "rule": ev.rule,
        },
        "coder_version": event.coder_version,
    }


CSV_COLUMNS = [
    "event_id",
    "article_id",
    "sentence_index",
    "event_date",
    "date_precision",
    "date_phrase",
    "source_code",
    "source_country",
    "source_sectors",
    "source_name",
    "source_text",
    "source_actor_id",
    "target_code",
    "target_country",
    "target_sectors",
    "target_name",
    "target_text",
    "target_actor_id",
    "cameo_code",
    "cameo_root",
    "quad_class",
    "goldstein",
    "plover_type",
    "plover_mode",
    "plover_context",
    "location_name",
    "location_country",
    "location_admin1",
    "location_lat",
    "location_lon",
    "location_geonames_id",
    "location_precision",
    "negated",
    "modality",
    "topics",
    "sentence",
    "source_span",
    "target_span",
    "trigger_span",
    "trigger",
    "rule",
    "coder_version",
]


def flatten_event(event: Event) -> dict[str, Any]:
    """One flat row (the CSV form): nested objects prefixed, lists ``;``-joined, spans as ``a-b``."""
    d = event_to_dict(event)
    row: dict[str, Any] = {}
    for side in ("source", "target"):
        actor = d[side] or {}
        for key in ("code", "country", "name", "text", "actor_id"):
            row[f"{side}_{key}"] = actor.get(key)
        row[f"{side}_sectors"] = ";".join(actor.get("sectors") or [])
    for key, value in d["location"].items():
        row[f"location_{key}"] = value
    for key in ("sentence", "rule", "trigger"):
        row[key] = d["evidence"][key]
    for key in ("source_span", "target_span", "trigger_span"):
        span = d["evidence"][key]
        row[key] = f"{span[0]}-{span[1]}" if span else None
    row["plover_context"] = ";".join(d["plover_context"])
    row["topics"] = ";".join(d["topics"])
    for key in CSV_COLUMNS:
        if key not in row:
            row[key] = d[key]
    return {key: row[key] for key in CSV_COLUMNS}


def events_to_csv(events: Iterable[Event], *, header: bool = True) -> str:
    """Events as CSV text (``CSV_COLUMNS``; empty cells for missing values)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    if header:
        writer.writeheader()
    for e in events:
        writer.writerow({k: ("" if v is None else v) for k, v in flatten_event(e).items()})
    return buf.getvalue()


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # built once: json.dumps with
# options other than the defaults builds a new encoder for every call


def json_line(obj: Any) -> str:
    """``obj`` as compact JSON text (UTF-8 characters kept, no spaces, no newline)."""
    return _ENCODER.encode(obj)


def event_to_json(event: Event) -> str:
    """One event as a compact JSON line."""
    return _ENCODER.encode(event_to_dict(event))


def render_jsonl(coded: CodedArticle) -> str:
    """An article's events as JSON lines (what ``kestrel code`` writes)."""
    return "".join(event_to_json(e) + "\n" for e in coded.events)


def render_csv_rows(coded: CodedArticle) -> str:
    """An article's events as CSV rows without a header."""
    return events_to_csv(coded.events, header=False)
