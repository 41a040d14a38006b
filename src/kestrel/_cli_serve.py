"""The ``kestrel serve`` command: the HTTP API and dashboard over an event store."""

from __future__ import annotations

import ipaddress
import os

import click

from kestrel._cli_common import fail_cleanly
from kestrel.errors import UsageError

__all__ = ["serve_command"]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command(name="serve")
@click.option("--db", required=True, type=click.Path(exists=True, dir_okay=False), help="The event store.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--allow-writes", is_flag=True, help="Open the store read-write and accept POST /api/articles.")
@click.option(
    "--token",
    envvar="KESTREL_API_TOKEN",
    help="Token writers must send as 'Authorization: Bearer TOKEN' (or set KESTREL_API_TOKEN).",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes (read-only stores only); each holds its own paging index in memory.",
)
@fail_cleanly
def serve_command(db: str, host: str, port: int, allow_writes: bool, token: str | None, workers: int) -> None:
    """Serve the JSON API (under /api, schema at /openapi.json) and the dashboard (at /).

    \b
    Examples:
      kestrel serve --db kestrel.duckdb
      kestrel serve --db kestrel.duckdb --port 8080
      KESTREL_API_TOKEN=secret kestrel serve --db kestrel.duckdb --allow-writes
    """
    import uvicorn

    from kestrel.api import create_app
    from kestrel.store import EventStore

    if allow_writes and workers > 1:
        raise UsageError("--allow-writes needs a single worker (one process may write a DuckDB store)")
    if workers == 1:
        app = create_app(db, allow_writes=allow_writes, token=token)  # fails early on a bad store or token
        _announce(host, port)
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
        return
    EventStore(db, read_only=True).close()  # fails early on a bad store; each worker builds its own index
    _announce(host, port)
    os.environ["KESTREL_API_DB"] = str(db)
    uvicorn.run(
        "kestrel.api._app:app_from_env",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
    )


def _announce(host: str, port: int) -> None:
    if not _is_loopback(host):
        click.echo(f"warning: listening on {host}, reachable from other machines", err=True)
    click.echo(f"Kestrel dashboard on http://{host}:{port}/ (API under /api, Ctrl-C stops)", err=True)
