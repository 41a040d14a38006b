"""The application factory: the store, security headers, size caps, error bodies and static files."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from kestrel._version import __version__
from kestrel.api._paging import PageIndex, build_page_index, release_memory
from kestrel.errors import KestrelError, StoreError, UsageError
from kestrel.store import EventStore

__all__ = ["CSP", "MAX_BODY_BYTES", "ApiState", "app_from_env", "create_app", "error_response"]

_CATALOG = "kstore"
STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY_BYTES = 256 * 1024
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_parameter",
    500: "internal_error",
}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class ResponseCache:
    """Bodies of event pages by query, for read-only servers: the store cannot change while served,
    so a page asked twice is answered from memory. Bounded by total bytes (least recently used out)."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._items.get(key)
            if body is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return body

    def put(self, key: str, body: bytes) -> None:
        if len(body) > self.max_bytes // 16:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = body
            self._size += len(body)
            while self._size > self.max_bytes:
                _, old = self._items.popitem(last=False)
                self._size -= len(old)


@dataclass
class ApiState:
    """What every request needs: the database connection (requests take cursors of it), the store
    when writes are allowed, the write token, and the in-memory paging index (read-only stores)."""

    conn: duckdb.DuckDBPyConnection
    store: EventStore | None = None
    token: str | None = None
    index: PageIndex | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    cache: ResponseCache = field(default_factory=lambda: ResponseCache())
    _local: threading.local = field(default_factory=threading.local, repr=False)

    @property
    def indexed(self) -> bool:
        return self.index is not None

    @property
    def read_only(self) -> bool:
        return self.store is None

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor (DuckDB connections are not thread-safe) with the store as default catalog."""
        cur = self.conn.cursor()
        if self.store is None:
            cur.execute(f"USE {_CATALOG}")
        return cur

    def thread_cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor, made once and kept (a cursor costs ~0.15 ms to make): for the event
        pages, which run in the server's thread pool and never share a thread's cursor."""
        cur: duckdb.DuckDBPyConnection | None = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._local.cursor = self.cursor()
        return cur

    def close(self) -> None:
        if self.index is not None:
            self.index.close()
            self.index = None  # its arrays go (the parent of `serve --workers N` lives on without them)
        if self.store is not None:
            self.store.close()
        else:
            self.conn.close()


def _open(db: str | Path, allow_writes: bool, token: str | None) -> ApiState:
    if allow_writes:
        store = EventStore(db, read_only=False)
        return ApiState(conn=store.db, store=store, token=token)
    # Read-only: an in-memory database with the store attached read-only, so the paging index can
    # live in memory next to it.
    path = Path(db)
    if not path.is_file():
        raise StoreError(f"no event store at {path}; build one with 'kestrel run INPUTS --db {path}'")
    conn = duckdb.connect()
    try:
        conn.execute("SET enable_progress_bar = false")  # library code never prints
        quoted = str(path).replace("'", "''")
        conn.execute(f"ATTACH '{quoted}' AS {_CATALOG} (READ_ONLY)")
        conn.execute(f"USE {_CATALOG}")
        index = build_page_index(conn)  # with all cores
        conn.execute("SET threads = 1")  # many small concurrent queries: no intra-query threads to fight over
        release_memory(conn)  # hand back what the build cached
    except duckdb.Error as exc:
        conn.close()
        raise StoreError(f"cannot serve {path}: {exc}; is it a Kestrel event store?") from exc
    return ApiState(conn=conn, index=index)


def error_response(status: int, message: str) -> JSONResponse:
    """The one error body: ``{"error": {"status", "code", "message"}}``."""
    body = {"error": {"status": status, "code": _CODES.get(status, "error"), "message": message}}
    return JSONResponse(body, status_code=status)


class _Guard:
    """ASGI middleware: security headers on every answer; request bodies over the cap are refused."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await error_response(413, f"the request body is over {self.max_body} bytes; send less text")(
                scope, receive, send
            )
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge
            return message

        async def secured_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"cross-origin-resource-policy", b"same-origin"),
                ]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, limited_receive, secured_send)
        except _TooLarge:
            await error_response(413, f"the request body is over {self.max_body} bytes; send less text")(
                scope, receive, send
            )


class _TooLarge(Exception):
    pass


def create_app(
    db: str | Path,
    *,
    allow_writes: bool = False,
    token: str | None = None,
    max_body: int = MAX_BODY_BYTES,
) -> FastAPI:
    """The Kestrel API and dashboard over the store at ``db``.

    The store is opened read-only unless ``allow_writes`` is given, which also needs a ``token`` that
    write requests must send as ``Authorization: Bearer <token>``.
    """
    if allow_writes and not token:
        raise UsageError("--allow-writes needs a token (--token or KESTREL_API_TOKEN) that writers must send")
    state = _open(db, allow_writes, token)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Kestrel",
        version=__version__,
        description="Political events coded from news text: who did what to whom, when and where.",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.kestrel = state
    _install_errors(app)
    from kestrel.api._routes import router

    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"cache-control": "no-cache"})

    app.add_middleware(_Guard, max_body=max_body)
    return app


def app_from_env() -> FastAPI:
    """The app for each worker process of ``kestrel serve --workers N`` (settings in the environment)."""
    db = os.environ.get("KESTREL_API_DB")
    if not db:
        raise UsageError("KESTREL_API_DB is not set: start the server with 'kestrel serve --db PATH'")
    writes = os.environ.get("KESTREL_API_WRITES") == "1"
    return create_app(db, allow_writes=writes, token=os.environ.get("KESTREL_API_TOKEN") or None)


def _install_errors(app: FastAPI) -> None:
    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path {request.url.path!r}; see /openapi.json for the API"
        if exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path!r}"
        return error_response(exc.status_code, message)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(x) for x in err.get("loc", ()) if x != "body") or "request"
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return error_response(422, "; ".join(parts) or "invalid request")

    async def kestrel_error(request: Request, exc: Exception) -> Response:
        return error_response(400, str(exc))

    async def duckdb_error(request: Request, exc: Exception) -> Response:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return error_response(400, f"the query could not be answered ({first}); check the parameters")

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(KestrelError, kestrel_error)
    app.add_exception_handler(duckdb.Error, duckdb_error)
