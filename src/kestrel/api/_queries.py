"""Read queries the HTTP API needs beyond :mod:`kestrel.query` (paging is in :mod:`._paging`): one
linked event with all its reports, articles, one actor's roles, partners and timeline, the dyad network, the timeline
by quad class and map points.

Every function takes a DuckDB connection (a per-request cursor of the store) so requests never share
one; filters are :class:`kestrel.query.EventFilter` conditions on the canonical events view ``ev``.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb

from kestrel.api._paging import build_page_index, decode_cursor, encode_cursor, ev_view, events_page
from kestrel.errors import UsageError
from kestrel.query import EventFilter

__all__ = [
    "actor_info",
    "article",
    "articles",
    "build_page_index",
    "decode_cursor",
    "encode_cursor",
    "event_detail",
    "events_page",
    "map_points",
    "network",
    "timeline",
]

_PERIODS = ("day", "week", "month", "year")


def event_detail(db: duckdb.DuckDBPyConnection, linked_id: str) -> dict[str, Any] | None:
    """A linked event (by its linked id or any of its event ids) with every report of it."""
    row = db.execute(
        "SELECT coalesce((SELECT linked_id FROM event_links WHERE event_id = ?), "
        "(SELECT max(linked_id) FROM event_links WHERE linked_id = ?), "
        "(SELECT event_id FROM events WHERE event_id = ?))",
        [linked_id, linked_id, linked_id],
    ).fetchone()
    if not row or row[0] is None:
        return None
    key = row[0]
    rows = db.execute(
        ev_view(db)
        + """
        SELECT ev.json, a.article_id, a.title, a.source, a.url, a.pub_date
        FROM ev JOIN articles a USING (article_hash) WHERE ev.linked_id = ?
        ORDER BY ev.event_date NULLS LAST, a.article_id, ev.event_id
        """,
        [key],
    ).fetchall()
    if not rows:
        return None
    reports = []
    for text, article_id, title, source, url, pub_date in rows:
        d = json.loads(text)
        d["article"] = {
            "article_id": article_id,
            "title": title,
            "source": source,
            "url": url,
            "date": pub_date.isoformat() if pub_date else None,
        }
        reports.append(d)
    summary = dict(reports[0])
    summary.pop("article", None)
    summary.update(
        linked_id=key,
        num_mentions=len(reports),
        num_articles=len({r["article"]["article_id"] for r in reports}),
        num_sources=len({r["article"]["source"] or r["article"]["article_id"] for r in reports}),
        mention_event_ids=sorted(r["event_id"] for r in reports),
    )
    return {"event": summary, "mentions": reports}


def articles(db: duckdb.DuckDBPyConnection, *, limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """Stored articles (without their text), newest first, with their event counts."""
    rows = db.execute(
        """
        SELECT a.article_id, a.title, a.source, a.url, a.pub_date, a.sentences, a.dup_of IS NOT NULL,
               (SELECT count(*) FROM events e WHERE e.article_hash = a.article_hash)
        FROM articles a ORDER BY a.pub_date DESC NULLS LAST, a.article_id, a.article_hash LIMIT ? OFFSET ?
        """,
        [int(limit), int(offset)],
    ).fetchall()
    keys = ("article_id", "title", "source", "url", "date", "sentences", "near_duplicate", "events")
    out = [dict(zip(keys, r, strict=True)) for r in rows]
    for d in out:
        d["date"] = d["date"].isoformat() if d["date"] else None
    return out


def article(db: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """One article with its text and the ids of its events (the newest copy if the id repeats)."""
    row = db.execute(
        """
        SELECT a.article_id, a.title, a.source, a.url, a.pub_date, a.sentences, a.dup_of IS NOT NULL, a.text,
               (SELECT list(event_id ORDER BY sentence_index, event_id) FROM events e
                WHERE e.article_hash = a.article_hash)
        FROM articles a WHERE a.article_id = ? ORDER BY a.coded_at DESC LIMIT 1
        """,
        [article_id],
    ).fetchone()
    if row is None:
        return None
    keys = ("article_id", "title", "source", "url", "date", "sentences", "near_duplicate", "text", "event_ids")
    d = dict(zip(keys, row, strict=True))
    d["date"] = d["date"].isoformat() if d["date"] else None
    d["event_ids"] = d["event_ids"] or []
    return d


def actor_info(db: duckdb.DuckDBPyConnection, actor_id: str) -> dict[str, Any] | None:
    """One canonical actor: aliases, merged identities, codes (roles) over time, partners, timeline."""
    row = db.execute(
        "SELECT actor_id, name, code, country, sectors, kind, kb_id, mentions, first_seen, last_seen "
        "FROM actors WHERE actor_id = ?",
        [actor_id],
    ).fetchone()
    if row is None:
        return None
    keys = ("actor_id", "name", "code", "country", "sectors", "kind", "kb_id", "mentions", "first_seen", "last_seen")
    d: dict[str, Any] = dict(zip(keys, row, strict=True))
    for k in ("first_seen", "last_seen"):
        d[k] = d[k].isoformat() if d[k] else None
    d["sectors"] = list(d["sectors"] or [])
    d["aliases"] = [
        {"alias": a, "mentions": n}
        for a, n in db.execute(
            "SELECT alias, mentions FROM actor_aliases WHERE actor_id = ? ORDER BY mentions DESC, alias", [actor_id]
        ).fetchall()
    ]
    d["merged"] = [
        {"raw_id": raw, "reason": reason}
        for raw, reason in db.execute(
            "SELECT raw_id, reason FROM actor_map WHERE actor_id = ? ORDER BY raw_id", [actor_id]
        ).fetchall()
    ]
    mine = ev_view(db) + ", mine AS (SELECT * FROM ev WHERE src = ? OR tgt = ?)"
    d["roles"] = [
        {"code": code, "first_seen": _iso(first), "last_seen": _iso(last), "events": n}
        for code, first, last, n in db.execute(
            mine
            + """
            SELECT CASE WHEN src = ? THEN source_code ELSE target_code END AS code,
                   min(event_date), max(event_date), count(*)
            FROM mine GROUP BY code ORDER BY min(event_date) NULLS LAST, code
            """,
            [actor_id, actor_id, actor_id],
        ).fetchall()
    ]
    d["partners"] = [
        {"actor_id": other, "name": name, "code": code, "events": n, "goldstein": g}
        for other, name, code, n, g in db.execute(
            mine
            + """
            , p AS (SELECT CASE WHEN src = ? THEN tgt ELSE src END AS other,
                           CASE WHEN src = ? THEN target_name ELSE source_name END AS name,
                           CASE WHEN src = ? THEN target_code ELSE source_code END AS code, goldstein FROM mine)
            SELECT other, any_value(name), mode(code), count(*), round(sum(goldstein), 2)
            FROM p WHERE other IS NOT NULL AND other <> ? GROUP BY other ORDER BY count(*) DESC, other LIMIT 50
            """,
            [actor_id, actor_id, actor_id, actor_id, actor_id, actor_id],
        ).fetchall()
    ]
    d["timeline"] = [
        {"period": _iso(p), "events": n, "goldstein": g}
        for p, n, g in db.execute(
            mine
            + """
            SELECT CAST(date_trunc('month', event_date) AS DATE) AS p, count(*), round(sum(goldstein), 2)
            FROM mine GROUP BY p ORDER BY p NULLS LAST
            """,
            [actor_id, actor_id],
        ).fetchall()
    ]
    return d


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _linked(db: duckdb.DuckDBPyConnection, where: str) -> str:
    return (
        ev_view(db)
        + f"""
        , linked AS (
            SELECT linked_id, any_value(src) AS src, any_value(tgt) AS tgt,
                   any_value(source_country) AS s, any_value(target_country) AS t,
                   any_value(source_name) AS sname, any_value(target_name) AS tname,
                   any_value(source_code) AS scode, any_value(target_code) AS tcode,
                   min(event_date) AS day, any_value(goldstein) AS g, any_value(quad_class) AS q,
                   arg_min(json, event_id) AS json
            FROM ev WHERE {where} GROUP BY linked_id)
        """
    )


def timeline(db: duckdb.DuckDBPyConnection, flt: EventFilter, *, period: str = "week") -> list[dict[str, Any]]:
    """Linked events per period by quad class, and their Goldstein sum (undated events left out)."""
    if period not in _PERIODS:
        raise UsageError(f"period must be one of {', '.join(_PERIODS)}, not {period!r}")
    where, args = flt.where()
    rows = db.execute(
        _linked(db, where)
        + f"""
        SELECT CAST(date_trunc('{period}', day) AS DATE) AS p, count(*) FILTER (WHERE q = 1),
               count(*) FILTER (WHERE q = 2), count(*) FILTER (WHERE q = 3), count(*) FILTER (WHERE q = 4),
               count(*), round(sum(g), 2)
        FROM linked WHERE day IS NOT NULL GROUP BY p ORDER BY p
        """,
        args,
    ).fetchall()
    return [
        {"period": _iso(p), "quad1": a, "quad2": b, "quad3": c, "quad4": e, "events": n, "goldstein": g}
        for p, a, b, c, e, n, g in rows
    ]


def network(
    db: duckdb.DuckDBPyConnection, flt: EventFilter, *, level: str = "country", limit: int = 100
) -> dict[str, list[dict[str, Any]]]:
    """The dyad network: nodes (countries or canonical actors) and edges weighted by linked events."""
    if level not in ("country", "actor"):
        raise UsageError(f"level must be country or actor, not {level!r}")
    where, args = flt.where()
    a, b = ("s", "t") if level == "country" else ("src", "tgt")
    la, lb = ("s", "t") if level == "country" else ("coalesce(sname, scode)", "coalesce(tname, tcode)")
    rows = db.execute(
        _linked(db, where)
        + f"""
        SELECT {a}, {b}, any_value({la}), any_value({lb}), count(*), round(sum(g), 2),
               count(*) FILTER (WHERE q <= 2), count(*) FILTER (WHERE q >= 3)
        FROM linked WHERE {a} IS NOT NULL AND {b} IS NOT NULL AND {a} <> {b}
        GROUP BY {a}, {b} ORDER BY count(*) DESC, {a}, {b} LIMIT ?
        """,
        [*args, int(limit)],
    ).fetchall()
    nodes: dict[str, dict[str, Any]] = {}
    edges = []
    for s, t, sl, tl, n, g, coop, conf in rows:
        for node, label in ((s, sl), (t, tl)):
            entry = nodes.setdefault(node, {"id": node, "label": label or node, "events": 0})
            entry["events"] += n
        edges.append({"source": s, "target": t, "events": n, "goldstein": g, "cooperation": coop, "conflict": conf})
    return {"nodes": sorted(nodes.values(), key=lambda x: (-x["events"], x["id"])), "edges": edges}


def map_points(db: duckdb.DuckDBPyConnection, flt: EventFilter, *, limit: int = 2000) -> list[dict[str, Any]]:
    """Event locations: linked events grouped by place, with counts and Goldstein sums."""
    where, args = flt.where()
    rows = db.execute(
        _linked(db, where)
        + """
        , pts AS (
            SELECT TRY_CAST(json_extract(json, '$.location.lat') AS DOUBLE) AS lat,
                   TRY_CAST(json_extract(json, '$.location.lon') AS DOUBLE) AS lon,
                   json_extract_string(json, '$.location.name') AS name,
                   json_extract_string(json, '$.location.country') AS country, g, q
            FROM linked)
        SELECT round(lat, 3), round(lon, 3), any_value(name), any_value(country), count(*), round(sum(g), 2),
               count(*) FILTER (WHERE q <= 2), count(*) FILTER (WHERE q >= 3)
        FROM pts WHERE lat IS NOT NULL AND lon IS NOT NULL
        GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT ?
        """,
        [*args, int(limit)],
    ).fetchall()
    keys = ("lat", "lon", "name", "country", "events", "goldstein", "cooperation", "conflict")
    return [dict(zip(keys, r, strict=True)) for r in rows]
