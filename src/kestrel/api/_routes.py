"""The JSON endpoints, all under ``/api``. Every endpoint is a sync function (FastAPI runs it in its
thread pool) that reads through its own DuckDB cursor."""

from __future__ import annotations

import datetime as dt
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from typing import Annotated, Any, cast

import duckdb
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from kestrel.api import _queries as q
from kestrel.api._app import ApiState
from kestrel.api._models import (
    ActorDetail,
    ActorSummary,
    ArticleDetail,
    ArticleSummary,
    CodeRequest,
    CodeResponse,
    DyadRow,
    ErrorBody,
    EventDetail,
    EventPage,
    Health,
    IngestRequest,
    IngestResponse,
    MapPoint,
    NetworkOut,
    TimelineRow,
)
from kestrel.ingest import article_from_text, parse_date
from kestrel.query import EventFilter, actors, dyads
from kestrel.serialize import event_to_dict
from kestrel.store import EventStore

__all__ = ["router"]

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Bad parameter value"},
    422: {"model": ErrorBody, "description": "Invalid parameter"},
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {**_ERRORS, 404: {"model": ErrorBody, "description": "Not found"}}
router = APIRouter(prefix="/api", responses=_ERRORS)
_pipeline_lock = threading.Lock()

_Str = Annotated[str | None, Query(max_length=200)]


def _state(request: Request) -> ApiState:
    state: ApiState = request.app.state.kestrel
    return state


def _db(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    cursor = _state(request).cursor()
    try:
        yield cursor
    finally:
        cursor.close()


Db = Annotated[duckdb.DuckDBPyConnection, Depends(_db)]


async def _filter(
    actor: Annotated[_Str, Query(description="Canonical or raw actor id, name fragment or code prefix.")] = None,
    dyad: Annotated[
        str | None, Query(max_length=60, pattern=r"^[A-Za-z-]+-[A-Za-z-]+$", description="SOURCE-TARGET, e.g. IRQ-IRN.")
    ] = None,
    country: Annotated[str | None, Query(max_length=3, pattern=r"^[A-Za-z]{3}$", description="ISO-3 country.")] = None,
    root: Annotated[str | None, Query(pattern=r"^[0-9]{1,4}$", description="CAMEO root or code prefix.")] = None,
    plover: Annotated[str | None, Query(max_length=20, pattern=r"^[A-Za-z]+$", description="PLOVER type.")] = None,
    since: Annotated[dt.date | None, Query(description="First event date (YYYY-MM-DD).")] = None,
    until: Annotated[dt.date | None, Query(description="Last event date (YYYY-MM-DD).")] = None,
    q: Annotated[_Str, Query(description="Words the evidence sentence must contain.")] = None,
) -> EventFilter:
    return EventFilter(
        actor=actor, dyad=dyad, country=country, root=root, plover=plover, since=since, until=until, text=q
    )


Filter = Annotated[EventFilter, Depends(_filter)]


@router.get("/health", response_model=Health)
def health(request: Request, db: Db) -> dict[str, Any]:
    """Whether the server is up, whether it accepts writes, and the store's row counts."""
    counts = {}
    for table in ("articles", "events", "actors", "event_links"):
        row = db.execute(f"SELECT count(*) FROM {table}").fetchone()
        counts[table] = int(row[0]) if row else 0
    return {"status": "ok", "read_only": _state(request).read_only, "counts": counts}


@router.get("/events", response_model=EventPage)
async def list_events(
    request: Request,
    flt: Filter,
    limit: Annotated[int, Query(ge=1, le=500, description="Page size (at most 500).")] = 50,
    cursor: Annotated[str | None, Query(max_length=600, description="next_cursor of the previous page.")] = None,
) -> Response:
    """Linked events (one per happening, with mention counts), newest first, a page at a time."""
    # The hot path under load: a page already served is answered on the event loop; a new one is
    # made in one trip to the thread pool, with that thread's own cursor.
    state = _state(request)
    key = str(request.url.include_query_params())
    body = state.cache.get(key) if state.read_only else None
    if body is None:
        body = await run_in_threadpool(_events_body, state, flt, limit, cursor, key)
    return Response(content=body, media_type="application/json")


def _events_body(state: ApiState, flt: EventFilter, limit: int, cursor: str | None, key: str) -> bytes:
    db = state.thread_cursor() if state.read_only else state.cursor()
    try:
        items, next_cursor = q.events_page(db, flt, limit=limit, cursor=cursor, index=state.index)
    finally:
        if not state.read_only:
            db.close()
    # The stored events already follow the schema: serialise directly.
    body = json.dumps({"items": items, "next_cursor": next_cursor, "limit": limit}, ensure_ascii=False).encode()
    if state.read_only:
        state.cache.put(key, body)
    return body


@router.get("/events/{event_id}", response_model=EventDetail, responses=_NOT_FOUND)
def get_event(db: Db, event_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    """One linked event (by linked id or any of its event ids) with every report of it and its evidence."""
    found = q.event_detail(db, event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id!r}; take ids from /api/events")
    return found


@router.get("/actors", response_model=list[ActorSummary])
def list_actors(
    db: Db,
    q_: Annotated[_Str, Query(alias="q", description="Name or alias fragment.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    """Canonical actors, most active first."""
    return actors(_as_store(db), search=q_, limit=limit)


@router.get("/actors/{actor_id}", response_model=ActorDetail, responses=_NOT_FOUND)
def get_actor(db: Db, actor_id: Annotated[str, Path(max_length=300)]) -> dict[str, Any]:
    """One canonical actor: aliases, merged identities, codes (roles) over time, partners and timeline."""
    found = q.actor_info(db, actor_id)
    if found is None:
        raise HTTPException(404, f"no actor {actor_id!r}; search with /api/actors?q=")
    return found


@router.get("/dyads", response_model=list[DyadRow])
def list_dyads(
    db: Db,
    flt: Filter,
    period: Annotated[str, Query(pattern="^(day|week|month|year)$")] = "month",
) -> list[dict[str, Any]]:
    """Linked-event counts and Goldstein sums per source country, target country and period."""
    return dyads(_as_store(db), flt, period=period)


@router.get("/timeline", response_model=list[TimelineRow])
def get_timeline(
    db: Db,
    flt: Filter,
    period: Annotated[str, Query(pattern="^(day|week|month|year)$")] = "week",
) -> list[dict[str, Any]]:
    """Linked events per period by quad class (1–4), and their Goldstein sum."""
    return q.timeline(db, flt, period=period)


@router.get("/network", response_model=NetworkOut)
def get_network(
    db: Db,
    flt: Filter,
    level: Annotated[str, Query(pattern="^(country|actor)$")] = "country",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """The dyad network: nodes and directed edges weighted by linked events."""
    return q.network(db, flt, level=level, limit=limit)


@router.get("/map", response_model=list[MapPoint])
def get_map(db: Db, flt: Filter, limit: Annotated[int, Query(ge=1, le=5000)] = 2000) -> list[dict[str, Any]]:
    """Event locations with counts, for the map."""
    return q.map_points(db, flt, limit=limit)


@router.get("/articles", response_model=list[ArticleSummary])
def list_articles(
    db: Db,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[dict[str, Any]]:
    """Stored articles (without text), newest first."""
    return q.articles(db, limit=limit, offset=offset)


@router.get("/articles/{article_id}", response_model=ArticleDetail, responses=_NOT_FOUND)
def get_article(db: Db, article_id: Annotated[str, Path(max_length=300)]) -> dict[str, Any]:
    """One article with its text (untrusted: render it as text) and its event ids."""
    found = q.article(db, article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r}; list them with /api/articles")
    return found


@router.post("/code", response_model=CodeResponse)
def code(body: CodeRequest) -> dict[str, Any]:
    """Code the posted text and return its events. Nothing is stored."""
    from kestrel.pipeline import code_text

    date = parse_date(body.date) if body.date else None
    with _pipeline_lock:
        coded = code_text(body.text, date=date, article_id=body.article_id)
    return {
        "article_id": body.article_id,
        "sentences": len(coded.sentences),
        "events": [event_to_dict(e) for e in coded.events],
    }


@router.post(
    "/articles",
    response_model=IngestResponse,
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}},
)
def ingest(request: Request, body: IngestRequest) -> dict[str, Any]:
    """Code and store one article. Only when the server runs with --allow-writes, with its token."""
    state = _state(request)
    if state.store is None or not state.token:
        raise HTTPException(403, "this server is read-only; start it with --allow-writes and a token to ingest")
    sent = request.headers.get("authorization", "")
    if not hmac.compare_digest(sent.encode(), f"Bearer {state.token}".encode()):
        raise HTTPException(401, "send the server's token as 'Authorization: Bearer <token>'")
    from kestrel.pipeline import default_pipeline

    date = parse_date(body.date) if body.date else None
    article = article_from_text(body.text, article_id=body.article_id, date=date, origin="<api>")
    article = replace(article, title=body.title, source=body.source)
    with _pipeline_lock:
        coded = default_pipeline().code_article(article)
    with state.lock:
        result = state.store.add([coded])
    return {"new": result.new, "duplicate": result.duplicate, "events": result.events}


class _Conn:
    """Adapts a cursor to the ``store.db`` attribute :mod:`kestrel.query` functions read."""

    def __init__(self, db: duckdb.DuckDBPyConnection) -> None:
        self.db = db


def _as_store(db: duckdb.DuckDBPyConnection) -> EventStore:
    return cast(EventStore, _Conn(db))
