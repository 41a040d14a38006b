"""Rows of Kestrel's own formats (canonical CSV and Parquet) and of POLECAT/PLOVER JSONL.

The canonical flat row follows :data:`kestrel.serialize.CSV_COLUMNS` exactly as
:func:`kestrel.serialize.flatten_event` does, but from an event *dict* (the JSON schema), so
events read back from JSONL or an event store can be exported without rebuilding models.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kestrel._export_common import (
    actor_label,
    actor_of,
    event_date,
    joined,
    location_of,
    span_list,
    span_text,
)
from kestrel.serialize import CSV_COLUMNS

__all__ = [
    "CANONICAL_COLUMNS",
    "CSV_DTYPES",
    "PARQUET_DTYPES",
    "PARQUET_SQL_TYPES",
    "POLECAT_COLUMNS",
    "POLECAT_DTYPES",
    "canonical_csv_row",
    "canonical_parquet_row",
    "polecat_record",
]

CANONICAL_COLUMNS: tuple[str, ...] = tuple(CSV_COLUMNS)

_ACTOR_KEYS = ("code", "country", "name", "text", "actor_id")
_LOCATION_KEYS = ("name", "country", "admin1", "lat", "lon", "geonames_id", "precision")
_LISTS = ("source_sectors", "target_sectors", "plover_context", "topics")
_SPANS = ("source_span", "target_span", "trigger_span")
_INTS = {"sentence_index": "INTEGER", "quad_class": "INTEGER", "location_geonames_id": "BIGINT"}
_FLOATS = ("goldstein", "location_lat", "location_lon")


def _sql_type(column: str) -> str:
    if column in _LISTS:
        return "VARCHAR[]"
    if column in _SPANS:
        return "INTEGER[]"
    if column in _FLOATS:
        return "DOUBLE"
    if column == "negated":
        return "BOOLEAN"
    if column == "event_date":
        return "DATE"
    return _INTS.get(column, "VARCHAR")


PARQUET_SQL_TYPES: dict[str, str] = {c: _sql_type(c) for c in CANONICAL_COLUMNS}
"""The DuckDB/Parquet type of each canonical column."""

_PANDAS_OF_SQL = {
    "VARCHAR": "string",
    "INTEGER": "Int64",
    "BIGINT": "Int64",
    "DOUBLE": "float64",
    "BOOLEAN": "boolean",
}
CSV_DTYPES: dict[str, str] = {
    c: "string" if c == "event_date" else _PANDAS_OF_SQL.get(t, "string") for c, t in PARQUET_SQL_TYPES.items()
}
PARQUET_DTYPES: dict[str, str] = {
    c: "object" if t.endswith("[]") else "datetime64[us]" if t == "DATE" else _PANDAS_OF_SQL[t]
    for c, t in PARQUET_SQL_TYPES.items()
}

POLECAT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "story_id",
    "sentence_index",
    "event_date",
    "date_precision",
    "event_type",
    "event_mode",
    "contexts",
    "cameo_code",
    "cameo_root",
    "quad_class",
    "goldstein",
    "source_actor",
    "source_actor_text",
    "source_code",
    "source_country",
    "source_agent",
    "source_actor_id",
    "target_actor",
    "target_actor_text",
    "target_code",
    "target_country",
    "target_agent",
    "target_actor_id",
    "negated",
    "modality",
    "topics",
    "placename",
    "country",
    "province",
    "latitude",
    "longitude",
    "geonames_id",
    "location_precision",
    "event_text",
    "evidence",
    "coder_version",
)
_POLECAT_OBJECTS = ("contexts", "source_country", "source_agent", "target_country", "target_agent")
POLECAT_DTYPES: dict[str, str] = {
    **{c: "string" for c in POLECAT_COLUMNS},
    **{c: "object" for c in (*_POLECAT_OBJECTS, "topics", "evidence")},
    **{c: "Int64" for c in ("sentence_index", "quad_class", "geonames_id")},
    **{c: "float64" for c in ("goldstein", "latitude", "longitude")},
    "negated": "boolean",
}


def _canonical(event: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical flat fields with lists kept as lists and spans as ``[start, end]``."""
    row: dict[str, Any] = {}
    for side in ("source", "target"):
        actor = actor_of(event, side)
        for key in _ACTOR_KEYS:
            row[f"{side}_{key}"] = actor.get(key)
        row[f"{side}_sectors"] = list(actor.get("sectors") or [])
    loc = location_of(event)
    for key in _LOCATION_KEYS:
        row[f"location_{key}"] = loc.get(key)
    evidence = event.get("evidence") or {}
    row["sentence"] = evidence.get("sentence")
    row["rule"] = evidence.get("rule")
    row["trigger"] = evidence.get("trigger")
    for key in _SPANS:
        row[key] = span_list(evidence.get(key))
    row["plover_context"] = list(event.get("plover_context") or [])
    row["topics"] = list(event.get("topics") or [])
    when = event_date(event)
    row["event_date"] = when.isoformat() if when else None
    for key in ("event_id", "cameo_code", "sentence_index"):
        row[key] = event[key]
    for key in CANONICAL_COLUMNS:
        if key not in row:
            row[key] = event.get(key)
    return {key: row[key] for key in CANONICAL_COLUMNS}


def canonical_csv_row(event: Mapping[str, Any]) -> list[Any]:
    """One canonical CSV row (CSV_COLUMNS): lists ``;``-joined, spans as ``start-end``."""
    row = _canonical(event)
    for key in _LISTS:
        row[key] = joined(row[key])
    for key in _SPANS:
        row[key] = span_text(row[key])
    return list(row.values())


def canonical_parquet_row(event: Mapping[str, Any]) -> dict[str, Any]:
    """One canonical row for Parquet: lists and spans as arrays, typed values."""
    row = _canonical(event)
    row["sentence_index"] = int(row["sentence_index"])
    return row


def polecat_record(event: Mapping[str, Any]) -> dict[str, Any]:
    """One POLECAT/PLOVER-style JSON object (POLECAT_COLUMNS)."""
    loc = location_of(event)
    evidence = dict(event.get("evidence") or {})
    sentence = evidence.pop("sentence", None)
    when = event_date(event)
    record: dict[str, Any] = {
        "event_id": event["event_id"],
        "story_id": event.get("article_id"),
        "sentence_index": int(event["sentence_index"]),
        "event_date": when.isoformat() if when else None,
        "date_precision": event.get("date_precision"),
        "event_type": event.get("plover_type"),
        "event_mode": event.get("plover_mode"),
        "contexts": list(event.get("plover_context") or []),
        "cameo_code": event["cameo_code"],
        "cameo_root": event.get("cameo_root"),
        "quad_class": event.get("quad_class"),
        "goldstein": event.get("goldstein"),
    }
    for side in ("source", "target"):
        actor = actor_of(event, side)
        country = actor.get("country")
        record[f"{side}_actor"] = actor_label(actor)
        record[f"{side}_actor_text"] = actor.get("text")
        record[f"{side}_code"] = actor.get("code")
        record[f"{side}_country"] = [country] if country else []
        record[f"{side}_agent"] = list(actor.get("sectors") or [])
        record[f"{side}_actor_id"] = actor.get("actor_id")
    record.update(
        {
            "negated": event.get("negated"),
            "modality": event.get("modality"),
            "topics": list(event.get("topics") or []),
            "placename": loc.get("name"),
            "country": loc.get("country"),
            "province": loc.get("admin1"),
            "latitude": loc.get("lat"),
            "longitude": loc.get("lon"),
            "geonames_id": loc.get("geonames_id"),
            "location_precision": loc.get("precision"),
            "event_text": sentence,
            "evidence": {key: evidence.get(key) for key in ("trigger", "rule", *_SPANS)},
            "coder_version": event.get("coder_version"),
        }
    )
    return record
