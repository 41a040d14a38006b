"""Choosing among one sentence's events: bare statements, alleged acts, duplicates, order."""

from __future__ import annotations

from kestrel.models import Actor, Event

__all__ = ["prune_events"]


def prune_events(events: list[Event]) -> list[Event]:
    """Drop bare statements ("said", 010) when the sentence has another event, acts that are only
    denied, condemned or alleged, and duplicates."""
    if any(e.cameo_code != "010" for e in events):
        events = [e for e in events if e.cameo_code != "010"]
    # "Iran rejected any responsibility for the drone strikes": not an Iranian strike; "Egypt condemned
    # the attack": not an Egyptian attack; "Armenia accused Azerbaijani forces of opening fire": the
    # event is the accusation, the firing is only alleged
    said = [e for e in events if e.cameo_code in ("016", "111") or e.cameo_code.startswith("112")]
    if said:
        events = [e for e in events if not any(_alleged(s, e) for s in said)]
    seen: set[tuple[str, str, str]] = set()
    out: list[Event] = []
    for e in events:
        key = (e.cameo_code, e.source.actor_id if e.source else "", e.target.actor_id if e.target else "")
        if key not in seen:
            seen.add(key)
            out.append(e)
    return sorted(out, key=_background)  # stable: otherwise in the order of the sentence


def _alleged(statement: Event, event: Event) -> bool:
    """Whether ``event`` is a violent act named after a denial or condemnation by its source, or
    after an accusation of it."""
    party = statement.target if statement.cameo_code.startswith("112") else statement.source
    return (
        event.cameo_root >= "14"
        and event.evidence.trigger_span[0] > statement.evidence.trigger_span[0]
        and _same_party(event.source, party)
    )


def _same_party(a: Actor | None, b: Actor | None) -> bool:
    """One actor, or two of one country ("Russia" and "its aircraft")."""
    return a is not None and b is not None and (a == b or (a.country is not None and a.country == b.country))


def _background(event: Event) -> bool:
    """'The coalition fighting Houthi rebels has declared a ceasefire': a participle right after its
    source describes that actor; the clause's own verb comes first among the sentence's events."""
    ev = event.evidence
    start, end = ev.trigger_span
    word = ev.sentence[start:end].split()[0] if end > start else ""
    return word.endswith("ing") and ev.source_span is not None and ev.source_span[1] + 1 == start
