"""Paging through linked events: the canonical events view, the opaque cursor, the in-memory paging
index and the page query (see docs/api.md)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import Any

import duckdb

from kestrel.errors import UsageError
from kestrel.query import EventFilter, linked_event

__all__ = ["build_page_index", "decode_cursor", "encode_cursor", "ev_view", "events_page"]

# The canonical events view ``ev`` (one row per event, with its linked id and canonical actor ids).
# Stores resolved by current Kestrel carry them in the events table; older ones are joined.
_EV_DENORMALIZED = """
    WITH ev AS (
        SELECT e.* EXCLUDE (linked_id), e.rowid AS rid, coalesce(e.linked_id, e.event_id) AS linked_id,
               coalesce(e.source_canonical, e.source_actor_id) AS src,
               coalesce(e.target_canonical, e.target_actor_id) AS tgt
        FROM events e
    )
"""
_EV_JOINED = """
    WITH ev AS (
        SELECT e.*, e.rowid AS rid, coalesce(l.linked_id, e.event_id) AS linked_id,
               coalesce(ms.actor_id, e.source_actor_id) AS src, coalesce(mt.actor_id, e.target_actor_id) AS tgt
        FROM events e
        LEFT JOIN event_links l USING (event_id)
        LEFT JOIN actor_map ms ON ms.raw_id = e.source_actor_id
        LEFT JOIN actor_map mt ON mt.raw_id = e.target_actor_id
    )
"""


def ev_view(db: duckdb.DuckDBPyConnection) -> str:
    row = db.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'events' AND column_name = 'source_canonical'"
    ).fetchone()
    return _EV_DENORMALIZED if row and row[0] else _EV_JOINED


def encode_cursor(day: dt.date | None, linked_id: str) -> str:
    """An opaque cursor: URL-safe base64 of the last row's sort key."""
    raw = json.dumps([day.isoformat() if day else None, linked_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.date | None, str]:
    """The sort key inside a cursor; :class:`UsageError` when it was not made by :func:`encode_cursor`."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        day, linked_id = json.loads(raw)
        if not isinstance(linked_id, str) or not (day is None or isinstance(day, str)):
            raise ValueError("wrong types")
        return (dt.date.fromisoformat(day) if day else None), linked_id
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise UsageError("the cursor is not valid: pass back the next_cursor of a previous page unchanged") from exc


_INDEX = "memory.main.kestrel_page_index"


def build_page_index(db: duckdb.DuckDBPyConnection) -> None:
    """Build the in-memory paging index: one narrow row per event, sorted like the pages
    (``day DESC NULLS LAST, linked_id``, where ``day`` is the linked event's first date).

    A page is then a short ordered scan that stops after ``limit`` linked events, instead of grouping
    the whole store; only the page's rows are read in full (by ``rowid``). ``db`` must have the store
    attached as its default catalog and the in-memory database ``memory`` available."""
    db.execute(
        f"CREATE OR REPLACE TABLE {_INDEX} AS "
        + ev_view(db)
        + """
        , g AS (SELECT linked_id, min(event_date) AS day FROM ev GROUP BY linked_id)
        , rows AS (
            SELECT g.day, ev.linked_id, ev.event_id, ev.rid, ev.article_hash, a.source AS outlet, ev.event_date,
                   ev.src, ev.tgt, ev.source_code, ev.target_code, ev.source_country, ev.target_country,
                   ev.source_name, ev.target_name, ev.cameo_code, ev.plover_type,
                   row_number() OVER (ORDER BY g.day DESC NULLS LAST, ev.linked_id, ev.event_id) AS ord
            FROM ev JOIN g USING (linked_id) JOIN articles a USING (article_hash))
        SELECT *, min(ord) OVER (PARTITION BY linked_id) AS gstart, max(ord) OVER (PARTITION BY linked_id) AS gend
        FROM rows ORDER BY ord
        """
    )


def events_page(
    db: duckdb.DuckDBPyConnection,
    flt: EventFilter,
    *,
    limit: int,
    cursor: str | None = None,
    indexed: bool = False,
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of linked events, newest first (``event_date DESC NULLS LAST, linked_id``), and the
    cursor of the next page (None on the last page). ``indexed``: use :func:`build_page_index`'s table."""
    where, args = flt.where()
    after, after_args = "TRUE", list[Any]()
    if cursor:
        day, linked_id = decode_cursor(cursor)
        if day is None:
            after, after_args = "day IS NULL AND linked_id > ?", [linked_id]
        else:
            after = "(day < ? OR (day = ? AND linked_id > ?) OR day IS NULL)"
            after_args = [day, day, linked_id]
    if indexed and not flt.text:
        return _indexed_page(db, where, [*args, *after_args], after, limit)
    ev = ev_view(db)
    keys = db.execute(
        ev
        + f"""
        , hits AS (SELECT DISTINCT linked_id FROM ev WHERE {where})
        , g AS (SELECT linked_id, min(event_date) AS day FROM ev SEMI JOIN hits USING (linked_id) GROUP BY linked_id)
        SELECT linked_id, day FROM g WHERE {after} ORDER BY day DESC NULLS LAST, linked_id LIMIT ?
        """,
        [*args, *after_args, int(limit) + 1],
    ).fetchall()
    page = keys[:limit]
    if not page:
        return [], None
    rows = db.execute(
        ev
        + """
        SELECT linked_id, arg_min(json, event_id) AS json, count(*) AS mentions,
               count(DISTINCT article_hash) AS articles,
               count(DISTINCT coalesce(a.source, article_hash)) AS sources,
               list(DISTINCT event_id ORDER BY event_id) AS event_ids, any_value(src) AS src,
               any_value(tgt) AS tgt, min(event_date) AS day
        FROM ev JOIN articles a USING (article_hash)
        WHERE linked_id IN (SELECT unnest(?))
        GROUP BY linked_id
        """,
        [[k for k, _ in page]],
    ).fetchall()
    found = {row[0]: row for row in rows}
    out = [_linked_event(*found[k]) for k, _ in page if k in found]
    last = page[-1] if len(keys) > limit else None
    return out, (encode_cursor(last[1], last[0]) if last else None)


def _indexed_page(
    db: duckdb.DuckDBPyConnection, where: str, args: list[Any], after: str, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    # A linked event matches when any of its reports does. Hits come in index (page) order.
    want = 2 * (limit + 1) + 8
    while True:
        hits = db.execute(
            f"SELECT linked_id, day, gstart, gend FROM {_INDEX} ev WHERE {where} AND {after} LIMIT ?", [*args, want]
        ).fetchall()
        groups: dict[str, tuple[Any, int, int]] = {}
        for linked_id, day, start, end in hits:
            groups.setdefault(linked_id, (day, start, end))
        if len(groups) > limit or len(hits) < want:
            break
        want *= 4
    page = list(groups.items())[:limit]
    if not page:
        return [], None
    # a linked event's rows are contiguous in the index: read the page's span of it
    members = db.execute(
        f"SELECT linked_id, event_id, rid, article_hash, outlet, src, tgt FROM {_INDEX} WHERE ord BETWEEN ? AND ?",
        [min(v[1] for _, v in page), max(v[2] for _, v in page)],
    ).fetchall()
    wanted = {k for k, _ in page}
    by_group: dict[str, list[Any]] = {}
    for row in members:
        if row[0] in wanted:
            by_group.setdefault(row[0], []).append(row)
    for rows in by_group.values():
        rows.sort(key=lambda r: r[1])
    sql = "SELECT rowid, json FROM events WHERE rowid IN (SELECT unnest(?))"
    texts = dict(db.execute(sql, [[rows[0][2] for rows in by_group.values()]]).fetchall())
    out = []
    for linked_id, (day, _, _) in page:
        rows = by_group.get(linked_id, [])
        if not rows or rows[0][2] not in texts:
            continue
        sources = len({r[4] or r[3] for r in rows})
        ids = [r[1] for r in rows]
        out.append(
            _linked_event(linked_id, texts[rows[0][2]], len(rows), len({r[3] for r in rows}), sources, ids,
                          rows[0][5], rows[0][6], day)
        )  # fmt: skip
    last = page[-1] if len(groups) > limit else None
    return out, (encode_cursor(last[1][0], last[0]) if last else None)


def _linked_event(
    linked_id: str,
    text: str,
    mentions: int,
    articles: int,
    sources: int,
    ids: list[str],
    src: str | None,
    tgt: str | None,
    _day: object,
) -> dict[str, Any]:
    return linked_event(linked_id, text, mentions, articles, sources, ids, src, tgt)
