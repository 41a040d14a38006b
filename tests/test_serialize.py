"""The JSON and CSV forms of events (docs/schema.md)."""

from __future__ import annotations

import csv
import io
import json

from kestrel import code_text
from kestrel.serialize import CSV_COLUMNS, event_to_dict, event_to_json, events_to_csv

SCHEMA_FIELDS = {
    "event_id",
    "article_id",
    "sentence_index",
    "event_date",
    "date_precision",
    "date_phrase",
    "source",
    "target",
    "cameo_code",
    "cameo_root",
    "quad_class",
    "goldstein",
    "plover_type",
    "plover_mode",
    "plover_context",
    "location",
    "negated",
    "modality",
    "topics",
    "evidence",
    "coder_version",
}
TEXT = "Iraqi Defense Minister Juma Inad Sadoon visited Tehran on Monday."


def test_serialize_event_has_every_schema_field() -> None:
    event = code_text(TEXT, date="2020-11-16").events[0]
    d = event_to_dict(event)
    assert set(d) == SCHEMA_FIELDS
    assert set(d["source"]) == {"code", "country", "sectors", "name", "text", "actor_id", "kb_id", "kind"}
    assert set(d["location"]) >= {"name", "country", "lat", "lon"}
    assert set(d["evidence"]) == {"sentence", "source_span", "target_span", "trigger_span", "trigger", "rule"}
    assert isinstance(d["cameo_code"], str) and d["cameo_code"] == "042"
    assert d["event_date"] == "2020-11-16" and d["date_precision"] == "day"


def test_serialize_spans_point_at_the_evidence() -> None:
    event = code_text(TEXT, date="2020-11-16").events[0]
    d = event_to_dict(event)
    ev = d["evidence"]
    a, b = ev["trigger_span"]
    assert ev["sentence"][a:b] == ev["trigger"] == "visited"
    a, b = ev["source_span"]
    assert ev["sentence"][a:b] == d["source"]["text"]
    a, b = ev["target_span"]
    assert ev["sentence"][a:b] == "Tehran"


def test_serialize_json_round_trips() -> None:
    event = code_text(TEXT, date="2020-11-16").events[0]
    assert json.loads(event_to_json(event)) == event_to_dict(event)


def test_serialize_csv_has_documented_columns_and_joined_lists() -> None:
    events = code_text(TEXT, date="2020-11-16").events
    rows = list(csv.DictReader(io.StringIO(events_to_csv(events))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert rows[0]["source_sectors"] == "GOV;MIL"
    assert rows[0]["cameo_code"] == "042"


def test_serialize_event_id_is_stable() -> None:
    first = code_text(TEXT, date="2020-11-16").events[0].event_id
    assert code_text(TEXT, date="2020-11-16").events[0].event_id == first
    assert code_text(TEXT.replace("Tehran", "Cairo"), date="2020-11-16").events[0].event_id != first
