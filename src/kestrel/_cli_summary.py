"""Formatting for the CLI: tables and JSON shapes printed by ``kestrel run``, ``eval`` and ``actor``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.console import Console
from rich.table import Table

from kestrel.actors import code_actor
from kestrel.pipeline import Pipeline
from kestrel.serialize import actor_to_dict
from kestrel.store import EventStore

__all__ = ["actor_json", "print_eval", "print_summary"]

_NEXT_STEPS = """\
Next, try:
  .venv/bin/kestrel code --text "Iraqi Defense Minister Juma Inad Sadoon visited Tehran on Monday." --date 2020-11-16
  .venv/bin/kestrel actor "Egyptian President Abdel Fattah el-Sisi" --date 2020-11-16
  .venv/bin/kestrel code src/kestrel/samples --format csv --output events.csv
  .venv/bin/kestrel --help"""


def _actor_cell(d: dict[str, Any] | None) -> str:
    if not d:
        return "—"
    label = d.get("name") or d.get("text") or ""
    return f"{d['code']} [dim]{label}[/dim]" if label else str(d["code"])


def print_summary(store: EventStore, console: Console, *, limit: int = 60) -> None:
    """The demo's summary: an events table, the actors found, and what to try next."""
    events = store.events(limit=limit)
    table = Table(title=f"Events ({store.counts()['events']} in {store.path})", show_lines=False)
    for column in ("date", "source", "event", "target", "evidence"):
        table.add_column(column, overflow="fold")
    for e in events:
        flags = (
            " [red](negated)[/red]" if e["negated"] else f" [yellow]({e['modality']})[/yellow]" if e["modality"] else ""
        )
        table.add_row(
            e["event_date"] or "undated",
            _actor_cell(e["source"]),
            f"{e['cameo_code']} {e['plover_type'] or ''}{flags}",
            _actor_cell(e["target"]),
            e["evidence"]["trigger"],
        )
    console.print(table)
    actors = Table(title="Actors found")
    for column in ("code", "name", "as written", "mentions", "events"):
        actors.add_column(column, overflow="fold")
    for a in store.actors()[:40]:
        actors.add_row(a["code"], a["name"] or "", "; ".join(a["texts"][:4]), str(a["mentions"]), str(a["events"]))
    console.print(actors)
    console.print(_NEXT_STEPS, markup=False, highlight=False)


def print_eval(data: dict[str, Any], console: Console) -> None:
    """A readable ``kestrel eval`` report."""
    console.print(f"sentences scored: {data['sentences']}")
    if "root" in data:
        table = Table(title="Event scores")
        for column in ("measure", "precision", "recall", "F1", "tp", "fp", "fn"):
            table.add_column(column)
        for name in ("root", "full", "plover"):
            s = data[name]
            table.add_row(
                name,
                f"{s['precision']:.3f}",
                f"{s['recall']:.3f}",
                f"{s['f1']:.3f}",
                str(s["tp"]),
                str(s["fp"]),
                str(s["fn"]),
            )
        for root, s in data["per_root"].items():
            table.add_row(
                f"root {root}",
                f"{s['precision']:.3f}",
                f"{s['recall']:.3f}",
                f"{s['f1']:.3f}",
                str(s["tp"]),
                str(s["fp"]),
                str(s["fn"]),
            )
        console.print(table)
    if "pentaclass" in data:
        p = data["pentaclass"]
        console.print(
            f"pentaclass accuracy: {p['accuracy']:.3f} over {p['sentences']} sentences; "
            f"no event in {p['no_event']} ({1 - p['event_found_rate']:.1%})"
        )
        console.print(
            "confusion (gold->predicted: count): " + ", ".join(f"{k}: {v}" for k, v in p["confusion"].items())
        )
    if "actor_spans" in data:
        s = data["actor_spans"]
        console.print(f"actor-span recall: {s['recall']:.3f} ({s['found']}/{s['total']})")
    for problem in data["problems"]:
        console.print(f"[yellow]skipped[/yellow] {problem}")


def actor_json(pipeline: Pipeline, text: str, on: dt.date | None, context: str | None) -> dict[str, Any]:
    """``kestrel actor`` output: the coded actor (or nulls) and how it was reached."""
    actor = code_actor(text, on=on, context=context, recognizer=pipeline.recognize)
    if actor is None:
        return {
            "code": None,
            "country": None,
            "sectors": [],
            "name": None,
            "kb_id": None,
            "reason": "no actor recognised",
        }
    d = actor_to_dict(actor, text) or {}
    return {
        "code": d["code"],
        "country": d["country"],
        "sectors": d["sectors"],
        "name": d["name"],
        "kb_id": d["kb_id"],
        "reason": actor.reason,
    }
