"""CLI commands over the event store: events, actors, dyads, export; and name scoring."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from kestrel._cli_common import fail_cleanly
from kestrel.export import FORMATS, export_events
from kestrel.ingest import parse_date
from kestrel.query import EventFilter, actor_detail, actors, dyads, events
from kestrel.resolve import merge_actors, split_actors
from kestrel.store import EventStore

__all__ = ["actors_command", "dyads_command", "events_command", "export_command", "names_command"]

_DB = click.option("--db", required=True, type=click.Path(exists=True, dir_okay=False), help="The event store.")


def _day(value: str | None) -> dt.date | None:
    return parse_date(value) if value else None


def _json_lines(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False, default=str))


@click.command(name="events")
@_DB
@click.option("--actor", help="Actor id, name fragment or code prefix.")
@click.option("--dyad", help="SOURCE-TARGET, e.g. IRQ-IRN.")
@click.option("--country", help="Source or target country (ISO-3).")
@click.option("--root", help="CAMEO root or code prefix, e.g. 04 or 042.")
@click.option("--plover", help="PLOVER event type, e.g. CONSULT.")
@click.option("--since", help="First date (YYYY-MM-DD).")
@click.option("--until", help="Last date (YYYY-MM-DD).")
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@fail_cleanly
def events_command(db: str, as_json: bool, limit: int, since: str | None, until: str | None, **flt: Any) -> None:
    """List linked events (one per happening, with mention counts), newest first.

    \b
    Examples:
      kestrel events --db kestrel.duckdb --dyad IRQ-IRN
      kestrel events --db kestrel.duckdb --actor Saadoun --root 04 --since 2020-11-01 --json
    """
    with EventStore(db, read_only=True) as store:
        rows = events(store, EventFilter(since=_day(since), until=_day(until), **flt), limit=limit)
    if as_json:
        _json_lines(rows)
        return
    table = Table(title=f"{len(rows)} linked event(s)")
    for column in ("date", "source", "event", "target", "mentions", "evidence"):
        table.add_column(column, overflow="fold")
    for e in rows:
        table.add_row(
            e["event_date"] or "undated",
            _who(e["source"]),
            f"{e['cameo_code']} {e['plover_type'] or ''}",
            _who(e["target"]),
            f"{e['num_mentions']} in {e['num_articles']} article(s)",
            e["evidence"]["sentence"][:120],
        )
    Console().print(table)


def _who(actor: dict[str, Any] | None) -> str:
    if not actor:
        return "—"
    return f"{actor['code']} {actor.get('name') or actor.get('text') or ''}".strip()


@click.group(name="actors", invoke_without_command=True)
@click.option("--db", type=click.Path(exists=True, dir_okay=False), help="The event store.")
@click.option("--search", help="Only actors whose name or an alias contains this.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_context
@fail_cleanly
def actors_command(ctx: click.Context, db: str | None, search: str | None, as_json: bool) -> None:
    """List canonical actors (one identity across spellings), or merge, split and review them.

    \b
    Examples:
      kestrel actors --db kestrel.duckdb
      kestrel actors --db kestrel.duckdb --search saadoun --json
      kestrel actors merge name:IRQGOV:x name:IRQGOV:y --db kestrel.duckdb
      kestrel actors discovered --db kestrel.duckdb --output discovered.yaml
    """
    if ctx.invoked_subcommand is not None:
        return
    if db is None:
        raise click.UsageError("give --db PATH (or a subcommand: merge, split, show, discovered)")
    with EventStore(db, read_only=True) as store:
        rows = actors(store, search=search)
    if as_json:
        _json_lines(rows)
        return
    table = Table(title=f"{len(rows)} actor(s)")
    for column in ("actor_id", "code", "name", "aliases", "events"):
        table.add_column(column, overflow="fold")
    for a in rows:
        table.add_row(a["actor_id"], a["code"], a["name"] or "", "; ".join((a["aliases"] or [])[:6]), str(a["events"]))
    Console().print(table)


def _resolution_note(result: Any) -> None:
    click.echo(f"{result.actors} actor(s); {result.event_groups} linked event(s) from {result.linked_events} event(s).")


@actors_command.command(name="merge")
@click.argument("first")
@click.argument("second")
@_DB
@fail_cleanly
def merge_command(first: str, second: str, db: str) -> None:
    """Force two actors to be one (kept across re-runs).

    \b
    Example:
      kestrel actors merge juma-inad-saadoun "name:IRQGOVMIL:juma enad saadoun" --db kestrel.duckdb
    """
    with EventStore(db) as store:
        _resolution_note(merge_actors(store, first, second))


@actors_command.command(name="split")
@click.argument("first")
@click.argument("second")
@_DB
@fail_cleanly
def split_command(first: str, second: str, db: str) -> None:
    """Keep two actors apart even if their names match (kept across re-runs).

    \b
    Example:
      kestrel actors split "name:SAUGOV:mohammed bin salman" "name:AREGOV:mohammed bin zayed" --db kestrel.duckdb
    """
    with EventStore(db) as store:
        _resolution_note(split_actors(store, first, second))


@actors_command.command(name="show")
@click.argument("actor_id")
@_DB
@fail_cleanly
def show_command(actor_id: str, db: str) -> None:
    """Show one actor: aliases, merged identities and why.

    \b
    Example:
      kestrel actors show juma-inad-saadoun --db kestrel.duckdb
    """
    with EventStore(db, read_only=True) as store:
        detail = actor_detail(store, actor_id)
    if detail is None:
        raise click.UsageError(f"no actor {actor_id!r}; list them with `kestrel actors --db {db}`")
    click.echo(json.dumps(detail, ensure_ascii=False, indent=2, default=str))


@actors_command.command(name="discovered")
@_DB
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write a people knowledge file (YAML).")
@fail_cleanly
def discovered_command(db: str, output: str | None) -> None:
    """List people learnt from the text (title + name), with evidence; export them as a KB file.

    \b
    Examples:
      kestrel actors discovered --db kestrel.duckdb
      kestrel actors discovered --db kestrel.duckdb --output discovered.yaml
      kestrel code news/ --actors discovered.yaml
    """
    from kestrel.discovery import discovered_people, to_people_yaml

    with EventStore(db, read_only=True) as store:
        people = discovered_people(store)
    if output:
        Path(output).write_text(to_people_yaml(people), encoding="utf-8")
        click.echo(f"{output}: {len(people)} discovered people; load them with --actors {output}")
        return
    _json_lines([p.as_dict() for p in people])


@click.command(name="dyads")
@_DB
@click.option("--period", type=click.Choice(["day", "week", "month", "year"]), default="month", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@fail_cleanly
def dyads_command(db: str, period: str, as_json: bool) -> None:
    """Linked-event counts and Goldstein sums per dyad and period.

    \b
    Examples:
      kestrel dyads --db kestrel.duckdb
      kestrel dyads --db kestrel.duckdb --period week --json
    """
    with EventStore(db, read_only=True) as store:
        rows = dyads(store, period=period)
    if as_json:
        _json_lines(rows)
        return
    table = Table(title="Dyads")
    for column in ("period", "source", "target", "events", "goldstein", "cooperation", "conflict"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            *(
                "---" if r[k] is None else str(r[k])  # an unknown source or no target
                for k in ("period", "source", "target", "events", "goldstein", "cooperation", "conflict")
            )
        )
    Console().print(table)


@click.command(name="export")
@_DB
@click.option("--format", "fmt", required=True, type=click.Choice(sorted(FORMATS)), help="See docs/exports.md.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="File to write.")
@fail_cleanly
def export_command(db: str, fmt: str, output: str) -> None:
    """Export stored events in a drop-in format: icews, phoenix, gdelt, polecat, csv or parquet.

    \b
    Examples:
      kestrel export --db kestrel.duckdb --format icews --output events.tsv
      kestrel export --db kestrel.duckdb --format parquet --output events.parquet
    """
    with EventStore(db, read_only=True) as store:
        rows = export_events(store.iter_events(), fmt, Path(output))
    click.echo(f"{output}: {rows} event(s) in {fmt} format.")


@click.group(name="names")
def names_command() -> None:
    """Compare personal and organisation names across transliterations."""


@names_command.command(name="score")
@click.argument("pairs", type=click.Path(exists=True, dir_okay=False))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="CSV to write.")
@fail_cleanly
def names_score_command(pairs: str, output: str) -> None:
    """Score name pairs: read name1,name2[,schema] and add score (0-1) and same (true/false).

    \b
    Example:
      kestrel names score pairs.csv --output scored.csv
    """
    from kestrel.names import score_pairs_csv

    rows = score_pairs_csv(Path(pairs), Path(output))
    click.echo(f"{output}: {rows} pair(s) scored.")
