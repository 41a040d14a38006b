"""Rows of the drop-in foreign formats: ICEWS, Phoenix and GDELT 2.0 events (docs/exports.md).

Each ``*_row`` function turns one canonical event dict into a list of cells in the order of the
format's column tuple; None is a missing value (an empty cell).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kestrel._export_common import (
    TRANSNATIONAL,
    actor_entity,
    actor_label,
    actor_of,
    cameo_label,
    country_name,
    event_date,
    joined,
    location_of,
    pentaclass,
    sentence_number,
)

__all__ = [
    "GDELT_COLUMNS",
    "GDELT_DTYPES",
    "ICEWS_COLUMNS",
    "ICEWS_DTYPES",
    "PHOENIX_COLUMNS",
    "PHOENIX_DTYPES",
    "gdelt_row",
    "icews_row",
    "phoenix_row",
]

ICEWS_COLUMNS: tuple[str, ...] = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)
ICEWS_DTYPES: dict[str, str] = {
    **{c: "string" for c in ICEWS_COLUMNS},
    "Intensity": "float64",
    "Sentence Number": "Int64",
    "Latitude": "float64",
    "Longitude": "float64",
}

PHOENIX_COLUMNS: tuple[str, ...] = (
    "EventID",
    "Date",
    "Year",
    "Month",
    "Day",
    "SourceActorFull",
    "SourceActorEntity",
    "SourceActorRole",
    "SourceActorAttribute",
    "TargetActorFull",
    "TargetActorEntity",
    "TargetActorRole",
    "TargetActorAttribute",
    "EventCode",
    "EventRootCode",
    "PentaClass",
    "GoldsteinScore",
    "Issues",
    "Lat",
    "Lon",
    "LocationName",
    "StateName",
    "CountryCode",
    "SentenceID",
    "URLs",
    "NewsSources",
)
PHOENIX_DTYPES: dict[str, str] = {
    **{c: "string" for c in PHOENIX_COLUMNS},
    **{c: "Int64" for c in ("Year", "Month", "Day", "PentaClass")},
    **{c: "float64" for c in ("GoldsteinScore", "Lat", "Lon")},
}

_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
)
"""The 61 columns of the GDELT 2.0 event table, in file order (GDELT files have no header row)."""
_GDELT_INTS = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "IsRootEvent",
    "QuadClass",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "Actor1Geo_Type",
    "Actor2Geo_Type",
    "ActionGeo_Type",
    "DATEADDED",
)
_GDELT_FLOATS = (
    "FractionDate",
    "GoldsteinScale",
    "AvgTone",
    *(f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action") for f in ("Lat", "Long")),
)
GDELT_DTYPES: dict[str, str] = {
    **{c: "string" for c in GDELT_COLUMNS},
    **{c: "Int64" for c in _GDELT_INTS},
    **{c: "float64" for c in _GDELT_FLOATS},
}


def _optional(event: Mapping[str, Any], *keys: str) -> Any:
    """The first present, non-empty value among optional (non-schema) keys, else None."""
    for key in keys:
        value = event.get(key)
        if value not in (None, "", []):
            return value
    return None


def _place_name(loc: Mapping[str, Any]) -> str | None:
    """The place name, unless the location is only a country."""
    return None if loc.get("precision") == "country" else loc.get("name")


def icews_row(event: Mapping[str, Any]) -> list[Any]:
    """One ICEWS event-file row (ICEWS_COLUMNS)."""
    src, tgt, loc = actor_of(event, "source"), actor_of(event, "target"), location_of(event)
    when = event_date(event)
    code = event["cameo_code"]
    precision = loc.get("precision")
    city = loc.get("name") if precision in ("city", "inferred", None) else None
    province = loc.get("admin1") or (loc.get("name") if precision == "admin1" else None)
    return [
        event["event_id"],
        when.isoformat() if when else None,
        actor_label(src),
        joined(src.get("sectors")),
        country_name(src.get("country")),
        cameo_label(code),
        code,
        event.get("goldstein"),
        actor_label(tgt),
        joined(tgt.get("sectors")),
        country_name(tgt.get("country")),
        event.get("article_id"),
        sentence_number(event),
        _optional(event, "publisher", "news_source"),
        city,
        None,
        province,
        country_name(loc.get("country")),
        loc.get("lat"),
        loc.get("lon"),
    ]


def _phoenix_actor(actor: Mapping[str, Any]) -> list[Any]:
    sectors = list(actor.get("sectors") or [])
    code = actor.get("code")
    return [
        code or None,
        actor_entity(actor) if actor else None,
        sectors[0] if sectors else None,
        joined(sectors[1:]),
    ]


def phoenix_row(event: Mapping[str, Any]) -> list[Any]:
    """One Phoenix row (PHOENIX_COLUMNS)."""
    loc = location_of(event)
    when = event_date(event)
    return [
        event["event_id"],
        when.strftime("%Y%m%d") if when else None,
        when.year if when else None,
        when.month if when else None,
        when.day if when else None,
        *_phoenix_actor(actor_of(event, "source")),
        *_phoenix_actor(actor_of(event, "target")),
        event["cameo_code"],
        event.get("cameo_root"),
        pentaclass(event),
        event.get("goldstein"),
        joined(event.get("topics")),
        loc.get("lat"),
        loc.get("lon"),
        _place_name(loc),
        loc.get("admin1"),
        loc.get("country"),
        f"{event.get('article_id')}_{sentence_number(event)}",
        joined(_optional(event, "urls", "url")),
        joined(_optional(event, "news_sources", "publisher")),
    ]


def global_event_id(event_id: str) -> int:
    """GDELT's numeric GLOBALEVENTID: the integer of the first 15 hex digits of the event id."""
    try:
        return int(event_id[:15], 16)
    except ValueError as exc:
        raise ValueError(f"event_id {event_id!r} is not a hexadecimal hash") from exc


def _gdelt_actor(actor: Mapping[str, Any]) -> list[Any]:
    if not actor:
        return [None] * len(_ACTOR_FIELDS)
    code = actor.get("code")
    country = actor.get("country")
    sectors = list(actor.get("sectors") or [])[:3]
    group = code[3:6] if country in TRANSNATIONAL and code and len(code) >= 6 else None
    return [
        None if code == "---" else code,
        actor_label(actor),
        None if country in TRANSNATIONAL else country,
        group,
        None,
        None,
        None,
        *sectors,
        *([None] * (3 - len(sectors))),
    ]


def _geo_type(loc: Mapping[str, Any]) -> int:
    """GDELT's geo type: 0 none, 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    if not any(loc.get(k) is not None for k in ("name", "country", "lat", "lon")):
        return 0
    precision = loc.get("precision")
    us = loc.get("country") == "USA"
    if precision == "admin1":
        return 2 if us else 5
    if precision == "country" or not loc.get("name"):
        return 1
    return 3 if us else 4


def _gdelt_geo(loc: Mapping[str, Any]) -> list[Any]:
    kind = _geo_type(loc)
    if kind == 0:
        return [0] + [None] * (len(_GEO_FIELDS) - 1)
    parts: list[str] = []
    for part in (_place_name(loc), loc.get("admin1"), country_name(loc.get("country"))):
        if part and part not in parts:
            parts.append(part)
    return [
        kind,
        ", ".join(parts) or None,
        loc.get("country"),
        None,
        None,
        loc.get("lat"),
        loc.get("lon"),
        loc.get("geonames_id"),
    ]


def _count(event: Mapping[str, Any], key: str) -> int:
    value = event.get(key)
    return 1 if value is None else int(value)


def gdelt_row(event: Mapping[str, Any]) -> list[Any]:
    """One GDELT 2.0 event-table row (GDELT_COLUMNS)."""
    when = event_date(event)
    code = str(event["cameo_code"])
    if when:
        days = 366 if when.year % 4 == 0 and (when.year % 100 != 0 or when.year % 400 == 0) else 365
        dates: list[Any] = [
            int(when.strftime("%Y%m%d")),
            int(when.strftime("%Y%m")),
            when.year,
            round(when.year + (when.timetuple().tm_yday - 1) / days, 4),
        ]
    else:
        dates = [None] * 4
    return [
        global_event_id(str(event["event_id"])),
        *dates,
        *_gdelt_actor(actor_of(event, "source")),
        *_gdelt_actor(actor_of(event, "target")),
        1 if int(event["sentence_index"]) == 0 else 0,
        code,
        code[:3],
        event.get("cameo_root") or code[:2],
        event.get("quad_class"),
        event.get("goldstein"),
        _count(event, "num_mentions"),
        _count(event, "num_sources"),
        _count(event, "num_articles"),
        _optional(event, "avg_tone"),
        *_gdelt_geo({}),
        *_gdelt_geo({}),
        *_gdelt_geo(location_of(event)),
        _optional(event, "date_added"),
        _optional(event, "url", "source_url"),
    ]
