"""Paging through linked events: the canonical events view, the opaque cursor, the in-memory paging
index and the page query (see docs/api.md)."""

from __future__ import annotations

import base64
import binascii
import bisect
import contextlib
import datetime as dt
import json
import mmap
import tempfile
import threading
from collections import OrderedDict
from dataclasses import fields
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt

from kestrel.errors import UsageError
from kestrel.query import EventFilter, linked_event

__all__ = [
    "PageIndex",
    "build_page_index",
    "decode_cursor",
    "encode_cursor",
    "ev_view",
    "events_page",
    "release_memory",
]

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


_ROWS = "memory.main.kestrel_page_rows"
# The distinct values of the columns each kind of filter reads, one row per "profile": a filter is
# evaluated by DuckDB on these small tables with EventFilter's own SQL, then applied to every event
# through its profile id (a numpy look-up), so no LIKE runs per event.
_ACTORS = "memory.main.kestrel_page_actors"
_CODES = "memory.main.kestrel_page_codes"
_ACTOR_COLUMNS = "src, tgt, source_name, target_name, source_code, target_code, source_country, target_country"
_CODE_COLUMNS = "cameo_code, plover_type"
_PROFILE_FIELDS = {_ACTORS: ("actor", "dyad", "country"), _CODES: ("root", "plover")}
_HANDLED = {"actor", "dyad", "country", "root", "plover", "since", "until"}
_NULL = -(2**31)  # the day number of an undated event
_LAST = 2**31 - 1  # the sort key of an undated linked event: after every dated one
_EPOCH = dt.date(1970, 1, 1)
_CHUNK = 4096  # events in the first slice a page scans; each next slice is four times larger
_DAYS = "datediff('day', DATE '1970-01-01', {})"
_TEXT_FILE_MAX_BYTES = 2 * 2**30  # at most this much event JSON is copied to the page text file

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]


class PageIndex:
    """The paging index, in numpy arrays: linked events ("groups") in page order (``day DESC NULLS
    LAST, linked_id``, ``day`` being the group's first event date), and their events contiguous in
    that order with a profile id per filter kind and their date.

    A page is the cursor's position by binary search, a vectorised scan of the events after it in
    growing slices that stops once ``limit + 1`` groups matched, and the JSON of each group's
    representative (lowest event id) from the mapped text file. Counts, event ids and canonical
    actor ids of each group are precomputed (see docs/api.md, "Paging")."""

    def __init__(self, db: duckdb.DuckDBPyConnection) -> None:
        self._lock = threading.Lock()
        self._masks: OrderedDict[tuple[str, str, tuple[Any, ...]], Mask] = OrderedDict()
        # ``ev`` is read once (a CTE read twice is materialised with every column, JSON included);
        # ``day`` counts every event, also one whose article row is missing (as the plain query does).
        db.execute(
            f"CREATE OR REPLACE TABLE {_ROWS} AS "
            + ev_view(db)
            + f"""
            , r AS (
                SELECT min(ev.event_date) OVER (PARTITION BY ev.linked_id) AS day, ev.linked_id, ev.event_id, ev.rid,
                       ev.article_hash, coalesce(a.source, ev.article_hash) AS outlet, ev.event_date,
                       {", ".join("ev." + c for c in _ACTOR_COLUMNS.split(", "))}, ev.cameo_code, ev.plover_type
                FROM ev LEFT JOIN (SELECT article_hash, source, TRUE AS present FROM articles) a USING (article_hash)
                QUALIFY a.present)
            SELECT *, dense_rank() OVER (ORDER BY day DESC NULLS LAST, linked_id) - 1 AS grp,
                   dense_rank() OVER (ORDER BY {_ACTOR_COLUMNS}) - 1 AS apid,
                   dense_rank() OVER (ORDER BY {_CODE_COLUMNS}) - 1 AS cpid
            FROM r
            """
        )
        try:
            db.execute(
                f"CREATE OR REPLACE TABLE {_ACTORS} AS SELECT DISTINCT apid AS pid, {_ACTOR_COLUMNS} FROM {_ROWS}"
            )
            db.execute(f"CREATE OR REPLACE TABLE {_CODES} AS SELECT DISTINCT cpid AS pid, {_CODE_COLUMNS} FROM {_ROWS}")
            ev = db.execute(
                f"SELECT grp::INTEGER AS g, apid::INTEGER AS a, cpid::INTEGER AS c, event_id, "
                f"coalesce({_DAYS.format('event_date')}, {_NULL})::INTEGER AS d FROM {_ROWS} ORDER BY grp, event_id"
            ).fetchnumpy()
            gr = db.execute(
                f"SELECT linked_id, coalesce(-{_DAYS.format('day')}, {_LAST})::INTEGER AS k, count(*)::INTEGER AS n, "
                "count(DISTINCT article_hash)::INTEGER AS na, count(DISTINCT outlet)::INTEGER AS ns, "
                "first(rid ORDER BY event_id)::BIGINT AS rid, first(apid ORDER BY event_id)::INTEGER AS a, "
                f"coalesce(max({_DAYS.format('event_date')}), {_NULL})::BIGINT AS hi "
                f"FROM {_ROWS} GROUP BY grp, linked_id, day ORDER BY grp"
            ).fetchnumpy()
            actors = db.execute(f"SELECT src, tgt FROM {_ACTORS} ORDER BY pid").fetchall()
            self._n_profiles = {_ACTORS: len(actors), _CODES: _count(db, _CODES)}
        finally:
            db.execute(f"DROP TABLE IF EXISTS {_ROWS}")
        # per event, in page order
        self.ev_group: I32 = np.ascontiguousarray(ev["g"], dtype=np.int32)
        self.ev_profile: dict[str, I32] = {
            _ACTORS: np.ascontiguousarray(ev["a"], dtype=np.int32),
            _CODES: np.ascontiguousarray(ev["c"], dtype=np.int32),
        }
        self.ev_day: I32 = np.ascontiguousarray(ev["d"], dtype=np.int32)
        self.event_ids: list[str] = list(ev["event_id"])
        # per linked event, in page order
        self.linked_ids: list[str] = list(gr["linked_id"])
        self.key: I64 = np.ascontiguousarray(gr["k"], dtype=np.int64)  # -day, or _LAST when undated
        self.mentions: I32 = np.ascontiguousarray(gr["n"], dtype=np.int32)
        self.articles: I32 = np.ascontiguousarray(gr["na"], dtype=np.int32)
        self.sources: I32 = np.ascontiguousarray(gr["ns"], dtype=np.int32)
        self.rep_rowid: I64 = np.ascontiguousarray(gr["rid"], dtype=np.int64)
        self.rep_actors: I32 = np.ascontiguousarray(gr["a"], dtype=np.int32)
        self.start: I64 = np.concatenate([[0], np.cumsum(self.mentions, dtype=np.int64)])
        # -(latest event day of this or any later group): non-decreasing, so `since` bounds the scan
        latest = np.asarray(gr["hi"], dtype=np.int64)
        self.neg_latest: I64 = -np.maximum.accumulate(latest[::-1])[::-1] if latest.size else latest
        self.actors: list[tuple[str | None, str | None]] = [(s, t) for s, t in actors]
        self._texts, rowids, self._offsets = _text_file(db)
        # each group's representative's line (the check below catches rowids not in the file)
        self._line = np.minimum(np.searchsorted(rowids, self.rep_rowid), max(rowids.size - 1, 0))
        if self._texts is not None and not np.array_equal(rowids[self._line], self.rep_rowid):
            self.close()

    def close(self) -> None:
        """Release the JSON text file (pages then come from the store)."""
        texts, self._texts = self._texts, None
        if texts is not None:
            texts.close()

    def __len__(self) -> int:
        return len(self.linked_ids)

    def handles(self, flt: EventFilter) -> bool:
        """Whether every filter given is one the index can answer (text search is not)."""
        return all(f.name in _HANDLED or getattr(flt, f.name) is None for f in fields(flt))

    def page(
        self, db: duckdb.DuckDBPyConnection, flt: EventFilter, after: tuple[dt.date | None, str] | None, limit: int
    ) -> tuple[list[dict[str, Any]], str | None]:
        """One page of linked events matching ``flt`` after the sort key ``after``, and the next cursor."""
        lo, hi = (self._position(*after) if after else 0), len(self)
        since = (flt.since - _EPOCH).days if flt.since else None
        until = (flt.until - _EPOCH).days if flt.until else None
        if since is not None or until is not None:  # undated linked events never match a date range
            hi = min(hi, int(np.searchsorted(self.key, _LAST, side="left")))
        if until is not None:  # a group's events are all on or after its day
            lo = max(lo, int(np.searchsorted(self.key, -until, side="left")))
        if since is not None:
            hi = min(hi, int(np.searchsorted(self.neg_latest, -since, side="right")))
        terms = []
        for table, names in _PROFILE_FIELDS.items():
            if any(getattr(flt, name) for name in names):
                ok = self._matching(db, table, EventFilter(**{name: getattr(flt, name) for name in names}))
                if not ok.any():
                    return [], None
                terms.append((ok, self.ev_profile[table]))
        if lo >= hi:
            return [], None
        if not terms and since is None and until is None:
            found = list(range(lo, min(hi, lo + limit + 1)))
        else:
            found = self._scan(terms, since, until, lo, hi, limit)
        page = found[:limit]
        if not page:
            return [], None
        out = []
        for g, text in zip(page, self._json(db, page), strict=True):
            if text is None:
                continue
            src, tgt = self.actors[self.rep_actors[g]]
            ids = self.event_ids[self.start[g] : self.start[g + 1]]
            n, na, ns = int(self.mentions[g]), int(self.articles[g]), int(self.sources[g])
            out.append(linked_event(self.linked_ids[g], text, n, na, ns, ids, src, tgt))
        if len(found) <= limit:
            return out, None
        last = page[-1]
        key = int(self.key[last])
        return out, encode_cursor(None if key == _LAST else _EPOCH + dt.timedelta(days=-key), self.linked_ids[last])

    def _json(self, db: duckdb.DuckDBPyConnection, groups: list[int]) -> list[str | None]:
        """The representative event's JSON of each group: from the text file, else from the store."""
        texts = self._texts
        if texts is not None:
            ends, lines = self._offsets, self._line
            return [texts[ends[line] : ends[line + 1] - 1].decode() for line in lines[groups].tolist()]
        rowids = self.rep_rowid[groups]
        sql = "SELECT rowid, json FROM events WHERE rowid IN (SELECT unnest(?))"
        found: dict[int, str] = dict(db.execute(sql, [np.sort(rowids).tolist()]).fetchall())
        return [found.get(rowid) for rowid in rowids.tolist()]

    def _position(self, day: dt.date | None, linked_id: str) -> int:
        """The first group after the sort key ``(day, linked_id)``."""
        key = _LAST if day is None else -(day - _EPOCH).days
        lo = int(np.searchsorted(self.key, key, side="left"))
        hi = int(np.searchsorted(self.key, key, side="right"))
        return bisect.bisect_right(self.linked_ids, linked_id, lo, hi)

    def _matching(self, db: duckdb.DuckDBPyConnection, table: str, flt: EventFilter) -> Mask:
        """Which profiles of ``table`` the filter accepts (EventFilter's own SQL), remembered per filter."""
        where, args = flt.where()
        key = (table, where, tuple(args))
        with self._lock:
            found = self._masks.get(key)
            if found is not None:
                self._masks.move_to_end(key)
                return found
        ok = np.zeros(self._n_profiles[table], dtype=np.bool_)
        pids = db.execute(f"SELECT pid FROM {table} ev WHERE {where}", args).fetchnumpy()["pid"]
        ok[np.asarray(pids, dtype=np.int64)] = True
        with self._lock:
            self._masks[key] = ok
            while len(self._masks) > 256:
                self._masks.popitem(last=False)
        return ok

    def _scan(
        self, terms: list[tuple[Mask, I32]], since: int | None, until: int | None, lo: int, hi: int, limit: int
    ) -> list[int]:
        """Groups in ``[lo, hi)`` with an event that passes every term, until ``limit + 1`` are found."""
        found: list[int] = []
        pos, end, step, last = int(self.start[lo]), int(self.start[hi]), _CHUNK, -1
        while pos < end and len(found) <= limit:
            stop = min(end, pos + step)
            mask: Mask = np.ones(stop - pos, dtype=np.bool_)
            for ok, profile in terms:
                mask &= ok[profile[pos:stop]]
            if since is not None:
                mask &= self.ev_day[pos:stop] >= since
            if until is not None:
                days = self.ev_day[pos:stop]
                mask &= (days <= until) & (days != _NULL)
            hits = self.ev_group[pos + np.flatnonzero(mask)]
            if hits.size:
                new = np.empty(hits.size, dtype=np.bool_)
                new[0] = hits[0] != last
                np.not_equal(hits[1:], hits[:-1], out=new[1:])
                found += hits[new].tolist()
                last = int(hits[-1])
            pos, step = stop, step * 4
        return found


def _text_file(db: duckdb.DuckDBPyConnection) -> tuple[mmap.mmap | None, I64, I64]:
    """Every event's JSON, one per line in store order, in an unlinked temporary file mapped into
    memory (the OS page cache holds it, shared and evictable, not the heap): fetching the rows of a
    page from the store by ``rowid`` costs 1-3 ms, reading them here microseconds. Returns the map,
    the rowids in file order and the line offsets; ``(None, ...)`` when no file could be written or
    the JSON exceeds ``_TEXT_FILE_MAX_BYTES`` (2 GB, about 2 million events)."""
    empty = np.zeros(0, dtype=np.int64)
    row = db.execute("SELECT sum(strlen(json)) FROM events").fetchone()
    if not row or not row[0] or int(row[0]) > _TEXT_FILE_MAX_BYTES:
        return None, empty, empty  # a very large store: pages read the store instead of a huge file
    try:
        with tempfile.TemporaryDirectory(prefix="kestrel-pages-") as tmp:
            path = Path(tmp) / "events.json"
            quoted = str(path).replace("'", "''")
            # JSON has no raw control characters, so with \x01 as quote and \x02 as delimiter the CSV
            # writer copies every value verbatim; the size check below falls back if it did not.
            release_memory(db, then=512)  # copy with a bounded cache of the store's blocks
            try:
                db.execute(
                    f"COPY (SELECT json FROM events) TO '{quoted}' "
                    "(FORMAT csv, HEADER false, QUOTE '\x01', ESCAPE '\x01', DELIMITER '\x02')"
                )
            finally:
                db.execute("RESET memory_limit")
            lines = db.execute("SELECT rowid, strlen(json) + 1 AS n FROM events").fetchnumpy()
            with path.open("rb") as fh:
                size = path.stat().st_size
                if size == 0:
                    return None, empty, empty
                texts = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, duckdb.Error):
        return None, empty, empty
    offsets = np.concatenate([[0], np.cumsum(np.asarray(lines["n"], dtype=np.int64))])
    rowids = np.asarray(lines["rowid"], dtype=np.int64)
    if int(offsets[-1]) != size or (rowids.size > 1 and bool(np.any(rowids[1:] <= rowids[:-1]))):
        texts.close()
        return None, empty, empty
    return texts, rowids, offsets


def release_memory(db: duckdb.DuckDBPyConnection, then: int | None = None) -> None:
    """Make DuckDB drop the store blocks it cached (it keeps them up to its memory limit), by
    lowering the limit to what the in-memory tables hold (so nothing spills to disk) plus 128 MB; then
    leave the limit ``then`` MB above that, or reset it to the default."""
    row = db.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'").fetchone()
    held = (int(row[0]) if row and row[0] else 0) // 2**20 + 128
    with contextlib.suppress(duckdb.Error):  # could not free enough: keep the cache
        db.execute(f"SET memory_limit = '{held}MB'")
    db.execute(f"SET memory_limit = '{held + then}MB'" if then else "RESET memory_limit")


def _count(db: duckdb.DuckDBPyConnection, table: str) -> int:
    row = db.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def build_page_index(db: duckdb.DuckDBPyConnection) -> PageIndex:
    """Build the in-memory paging index (:class:`PageIndex`). ``db`` must have the store attached as
    its default catalog and the in-memory database ``memory`` available (for the profile tables)."""
    return PageIndex(db)


def events_page(
    db: duckdb.DuckDBPyConnection,
    flt: EventFilter,
    *,
    limit: int,
    cursor: str | None = None,
    index: PageIndex | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of linked events, newest first (``event_date DESC NULLS LAST, linked_id``), and the
    cursor of the next page (None on the last page). With ``index``, pages come from it (the same
    results); text search always uses the plain query."""
    where, args = flt.where()
    after_key = decode_cursor(cursor) if cursor else None
    if index is not None and index.handles(flt):
        return index.page(db, flt, after_key, limit)
    after, after_args = "TRUE", list[Any]()
    if after_key:
        day, linked_id = after_key
        if day is None:
            after, after_args = "day IS NULL AND linked_id > ?", [linked_id]
        else:
            after = "(day < ? OR (day = ? AND linked_id > ?) OR day IS NULL)"
            after_args = [day, day, linked_id]
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
               any_value(tgt) AS tgt
        FROM ev JOIN articles a USING (article_hash)
        WHERE linked_id IN (SELECT unnest(?))
        GROUP BY linked_id
        """,
        [[k for k, _ in page]],
    ).fetchall()
    found = {row[0]: row for row in rows}
    out = [linked_event(*found[k]) for k, _ in page if k in found]
    last = page[-1] if len(keys) > limit else None
    return out, (encode_cursor(last[1], last[0]) if last else None)
