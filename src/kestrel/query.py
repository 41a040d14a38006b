"""Queries over the event store: linked events, canonical actors and dyads.

These are the functions the CLI (``kestrel events``, ``actors``, ``dyads``) and the HTTP API call.
Events come back one per linked event (the same happening reported by several articles), with
``num_mentions``, ``num_articles`` and ``num_sources`` added to the event schema.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from kestrel.errors import UsageError
from kestrel.store import EventStore

__all__ = ["EventFilter", "actor_detail", "actors", "dyads", "events", "linked_event"]


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to return. Every field is optional; all given ones must hold.

    Attributes:
        actor: A canonical or raw actor id, a name fragment, or a code prefix (``IRQGOV``).
        dyad: ``SRC-TGT`` country (or code-prefix) pair, e.g. ``IRQ-IRN``.
        country: Source or target country.
        root: CAMEO root (``04``) or code prefix (``042``).
        plover: PLOVER type (``CONSULT``).
        since: First event date included.
        until: Last event date included.
        text: Words the evidence sentence must contain (case-insensitive).
    """

    actor: str | None = None
    dyad: str | None = None
    country: str | None = None
    root: str | None = None
    plover: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    text: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        """The SQL condition on the canonical events view ``ev`` and its parameters."""
        parts: list[str] = ["TRUE"]
        args: list[Any] = []
        if self.actor:
            like = f"%{self.actor.lower()}%"
            parts.append(
                "(ev.src IN (?, (SELECT actor_id FROM actor_map WHERE raw_id = ?)) "
                "OR ev.tgt IN (?, (SELECT actor_id FROM actor_map WHERE raw_id = ?)) "
                "OR lower(ev.source_name) LIKE ? OR lower(ev.target_name) LIKE ? "
                "OR ev.source_code LIKE ? OR ev.target_code LIKE ?)"
            )
            prefix = self.actor.upper() + "%"
            args += [self.actor, self.actor, self.actor, self.actor, like, like, prefix, prefix]
        if self.dyad:
            source, sep, target = self.dyad.upper().partition("-")
            if not sep or not source or not target:
                raise UsageError(f"a dyad is SOURCE-TARGET, e.g. IRQ-IRN, not {self.dyad!r}")
            parts.append("ev.source_code LIKE ? AND ev.target_code LIKE ?")
            args += [source + "%", target + "%"]
        if self.country:
            parts.append("(ev.source_country = ? OR ev.target_country = ?)")
            args += [self.country.upper()] * 2
        if self.root:
            if not self.root.isdigit():
                raise UsageError(f"a CAMEO root or code is digits, e.g. 04 or 042, not {self.root!r}")
            parts.append("ev.cameo_code LIKE ?")
            args.append(self.root + "%")
        if self.plover:
            parts.append("ev.plover_type = ?")
            args.append(self.plover.upper())
        if self.since:
            parts.append("ev.event_date >= ?")
            args.append(self.since)
        if self.until:
            parts.append("ev.event_date <= ?")
            args.append(self.until)
        if self.text:
            parts.append("lower(ev.sentence) LIKE ?")
            args.append(f"%{self.text.lower()}%")
        return " AND ".join(parts), args


_EVENTS_VIEW = """
    WITH ev AS (
        SELECT e.*, coalesce(e.linked_id, e.event_id) AS lid,
               coalesce(e.source_canonical, e.source_actor_id) AS src,
               coalesce(e.target_canonical, e.target_actor_id) AS tgt
        FROM events e
    )
"""


def events(
    store: EventStore, flt: EventFilter | None = None, *, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    """Linked events matching ``flt``, newest first: the schema plus mention counts and ids."""
    where, args = (flt or EventFilter()).where()
    rows = store.db.execute(
        _EVENTS_VIEW
        + f"""
        , hits AS (SELECT DISTINCT lid FROM ev WHERE {where})
        SELECT ev.lid, arg_min(ev.json, ev.event_id) AS json, count(*) AS mentions,
               count(DISTINCT ev.article_hash) AS articles,
               count(DISTINCT coalesce(a.source, ev.article_hash)) AS sources,
               list(DISTINCT ev.event_id) AS event_ids, any_value(ev.src), any_value(ev.tgt), min(ev.event_date) AS day
        FROM ev JOIN hits USING (lid) JOIN articles a USING (article_hash)
        GROUP BY ev.lid
        ORDER BY day DESC NULLS LAST, ev.lid
        LIMIT ? OFFSET ?
        """,
        [*args, int(limit), int(offset)],
    ).fetchall()
    return [linked_event(*row[:8]) for row in rows]


def linked_event(
    linked_id: str,
    text: str,
    mentions: int,
    articles: int,
    sources: int,
    ids: list[str],
    src: str | None,
    tgt: str | None,
) -> dict[str, Any]:
    """A linked event: its representative event's schema plus the counts, report ids and the
    canonical ids of its actors."""
    d: dict[str, Any] = json.loads(text)
    d.update(linked_id=linked_id, num_mentions=mentions, num_articles=articles, num_sources=sources)
    d["mention_event_ids"] = sorted(ids)
    if d.get("source"):
        d["source"]["canonical_id"] = src
    if d.get("target"):
        d["target"]["canonical_id"] = tgt
    return d


def actors(store: EventStore, *, search: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
    """Canonical actors: name, aliases, code, kind, knowledge-base id, mentions and events."""
    cond, args = ("", [])
    if search:
        cond = (
            "WHERE lower(a.name) LIKE ? OR a.actor_id IN (SELECT actor_id FROM actor_aliases WHERE lower(alias) LIKE ?)"
        )
        args = [f"%{search.lower()}%"] * 2
    rows = store.db.execute(
        f"""
        WITH ev AS (
            SELECT coalesce(source_canonical, source_actor_id) AS actor_id, event_id FROM events
            UNION ALL
            SELECT coalesce(target_canonical, target_actor_id), event_id FROM events WHERE target_actor_id IS NOT NULL)
        SELECT a.actor_id, a.name, a.code, a.country, a.sectors, a.kind, a.kb_id, a.mentions, a.first_seen,
               a.last_seen,
               (SELECT list(alias ORDER BY mentions DESC, alias) FROM actor_aliases x WHERE x.actor_id = a.actor_id),
               (SELECT count(DISTINCT event_id) FROM ev WHERE ev.actor_id = a.actor_id) AS n_events
        FROM actors a {cond}
        ORDER BY n_events DESC, a.mentions DESC, a.actor_id
        LIMIT ?
        """,
        [*args, int(limit)],
    ).fetchall()
    keys = (
        "actor_id",
        "name",
        "code",
        "country",
        "sectors",
        "kind",
        "kb_id",
        "mentions",
        "first_seen",
        "last_seen",
        "aliases",
        "events",
    )
    out = []
    for r in rows:
        d = dict(zip(keys, r, strict=True))
        for k in ("first_seen", "last_seen"):
            d[k] = d[k].isoformat() if d[k] else None
        out.append(d)
    return out


def actor_detail(store: EventStore, actor_id: str) -> dict[str, Any] | None:
    """One canonical actor with its raw identities (and why each was merged) and its roles."""
    found = [a for a in actors(store, limit=100000) if a["actor_id"] == actor_id]
    if not found:
        return None
    d = found[0]
    d["merged"] = [
        {"raw_id": raw, "reason": reason}
        for raw, reason in store.db.execute(
            "SELECT raw_id, reason FROM actor_map WHERE actor_id = ? ORDER BY raw_id", [actor_id]
        ).fetchall()
    ]
    return d


def dyads(store: EventStore, flt: EventFilter | None = None, *, period: str = "month") -> list[dict[str, Any]]:
    """Linked-event counts and Goldstein sums per source country, target country and period."""
    if period not in ("day", "week", "month", "year"):
        raise UsageError(f"period must be day, week, month or year, not {period!r}")
    where, args = (flt or EventFilter()).where()
    rows = store.db.execute(
        _EVENTS_VIEW
        + f"""
        , linked AS (
            SELECT source_country AS s, target_country AS t, event_date AS day, goldstein AS g, quad_class AS q
            FROM ev WHERE {where} AND target_country IS NOT NULL AND lid = event_id)
        SELECT s, t, date_trunc('{period}', day) AS p, count(*), round(sum(g), 2),
               count(*) FILTER (WHERE q <= 2), count(*) FILTER (WHERE q >= 3)
        FROM linked GROUP BY s, t, p ORDER BY p NULLS LAST, count(*) DESC, s, t
        """,
        args,
    ).fetchall()
    return [
        {
            "source": s,
            "target": t,
            "period": p.isoformat() if p else None,
            "events": n,
            "goldstein": g,
            "cooperation": coop,
            "conflict": conf,
        }
        for s, t, p, n, g, coop, conf in rows
    ]
