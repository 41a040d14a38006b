"""An event's source and target, from the sentence's surface structure (no parser needed).

- source: a ``$`` slot; else the agent of a passive ("was received by X"); else a possessive right
  before the trigger ("Egypt's support to Iraq", "his meeting with X"); else the subject — the
  nearest mention before the trigger that is not the object of a preposition.
- target: a ``+`` slot; else the passive subject; else the first mention after the trigger within
  the clause that is not the source itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kestrel.events._words import (
    ADVERBS,
    BE,
    DETERMINERS,
    HARD_BOUNDARIES,
    LOCATIVES,
    NEGATIONS,
    NOUN_PREPOSITIONS,
    PARTICIPLES,
    PREPOSITIONS,
    QUANTITIES,
    RELATIVES,
    SUBORDINATORS,
)
from kestrel.events.patterns import GAP, LONG_GAP, PatternMatch
from kestrel.models import Mention, Token

__all__ = ["Roles", "find_roles"]

_TARGET_WINDOW = 14
_REMOVALS = ("174", "166")  # expel, deport; expel an organisation's people


@dataclass(frozen=True, slots=True)
class Roles:
    source: Mention | None
    target: Mention | None
    passive: bool = False


def _continues(tokens: Sequence[Token], previous: Roles, match: PatternMatch) -> bool:
    """Whether the trigger is a second verb sharing the previous one's subject ('… and praised')."""
    if previous.source is None or previous.passive or match.start < 1 or tokens[match.start - 1].norm != "and":
        return False
    return previous.target is not None and previous.target.tok_end <= match.start - 1


def find_roles(
    match: PatternMatch, tokens: Sequence[Token], mentions: Sequence[Mention], previous: Roles | None = None
) -> Roles:
    by_start = {m.tok_start: m for m in mentions}
    slot_source = by_start.get(match.source_at) if match.source_at is not None else None
    slot_target = by_start.get(match.target_at) if match.target_at is not None else None
    visitor = _attributive_participle(match, tokens, by_start) if slot_source is None else None
    if visitor is not None:
        return Roles(visitor, _subject(mentions, tokens, match.start))
    if slot_source is not None:
        return Roles(slot_source, slot_target or _subject(mentions, tokens, match.start))
    agent = _passive_agent(match, tokens, by_start)
    if agent is not None or _is_passive(tokens, match.start):
        if agent is None and match.code.startswith(_REMOVALS):
            agent = _origin(match, tokens, by_start)  # "inspectors were expelled from North Korea"
        return Roles(agent, _subject(mentions, tokens, match.start), passive=True)
    source = _possessor(mentions, tokens, match.start) or _inner_possessor(match, mentions)
    if source is None and previous is not None and _continues(tokens, previous, match):
        source = previous.source  # "Egypt criticized Israel and praised Jordan": the same subject
    if source is None and match.start > 0 and tokens[match.start - 1].norm == "to":
        source = _subject(mentions, tokens, match.start, clause_subject=True)  # "X met Y to discuss"
    if source is None:
        source = _modified_subject(mentions, tokens, _subject(mentions, tokens, match.start))
    if slot_target is not None and source is not None and _same(slot_target, source):
        # "meet his counterpart X": the possessive refers back to the source; X is the target
        slot_target = _object(mentions, tokens, slot_target.tok_end, source)
    # "the visit falls within…": a noun trigger takes its target only from a following
    # prepositional phrase ("the visit to Cairo", "talks with Iran")
    bare_noun = match.end >= len(tokens) or tokens[match.end].norm not in NOUN_PREPOSITIONS
    if slot_target is None and _nominal(tokens, match.start) and bare_noun:
        return Roles(source, None)
    if slot_target is None and (GAP in match.pattern.elements or LONG_GAP in match.pattern.elements):
        # "seized a Greek oil tanker": an actor inside the trigger's gap is what was acted on
        inside = [
            m
            for m in mentions
            if match.start < m.tok_start < match.end
            and m.kind != "pronoun"
            and not m.possessive
            and (m.actors[0].country is not None or m.actors[0].name is not None)
            and not (source and _same(m, source))
        ]
        slot_target = inside[0] if inside else None
    target = slot_target or _object(mentions, tokens, match.end, source)
    if slot_target is None and target is not None and match.code.startswith("01") and _generic(target):
        # "is considering a proposal to send police officers to Haiti": a statement is about Haiti
        later = _object(mentions, tokens, target.tok_end, source)
        target = later if later is not None and not _generic(later) else target
    compound = source is not None and len(source.actors) > 1
    if slot_target is None and target is not None and compound and _placed_or_own(tokens, target, source):
        # "Russian and Belarusian troops held drills near the Polish border", "Saudi Arabia and Pakistan
        # signed a pact during a visit by the Pakistani prime minister": they acted on each other
        target = None
    return Roles(source, target)


def _placed_or_own(tokens: Sequence[Token], target: Mention, source: Mention | None) -> bool:
    """A place phrase, or an actor of the compound source's own countries."""
    own = {a.country for a in source.actors} if source else set()
    return _placed(tokens, target.tok_start) or all(a.country in own for a in target.actors)


def _placed(tokens: Sequence[Token], start: int) -> bool:
    """Whether the mention at ``start`` names where something happens ("near the Polish border")."""
    k = start - 1
    while k >= 0 and tokens[k].norm in DETERMINERS:
        k -= 1
    return k >= 0 and tokens[k].norm in LOCATIVES


def _generic(m: Mention) -> bool:
    """An actor of no country and no name ("police officers", "protesters")."""
    return all(a.country is None and a.name is None for a in m.actors)


def _same(a: Mention, b: Mention) -> bool:
    return {x.actor_id for x in a.actors} <= {x.actor_id for x in b.actors}


def _modified_subject(mentions: Sequence[Mention], tokens: Sequence[Token], found: Mention | None) -> Mention | None:
    """'The coalition fighting Houthi rebels has declared…': the nearest mention is the object of a
    participle describing the subject; the subject is the mention before that participle."""
    if found is None:
        return None
    k = found.tok_start - 1
    while k > 0 and tokens[k].norm in DETERMINERS:
        k -= 1
    if k <= 0 or not tokens[k].norm.endswith("ing"):
        return found
    ends = {k, k - 1} if tokens[k - 1].norm == "," else {k}  # "Egypt, citing Israel, condemned…"
    return next((m for m in mentions if m.tok_end in ends), found)


def _nominal(tokens: Sequence[Token], start: int) -> bool:
    return start > 0 and tokens[start - 1].norm in DETERMINERS | {"'s"}


def _attributive_participle(
    match: PatternMatch, tokens: Sequence[Token], by_start: dict[int, Mention]
) -> Mention | None:
    """'in his meeting with visiting Iraqi Minister X': X is the visitor, not the visited."""
    if match.end - match.start != 1 or not tokens[match.start].norm.endswith("ing") or match.start == 0:
        return None
    before = tokens[match.start - 1].norm
    if before not in DETERMINERS and before not in PREPOSITIONS:
        return None
    return by_start.get(match.end)


def _origin(match: PatternMatch, tokens: Sequence[Token], by_start: dict[int, Mention]) -> Mention | None:
    """The country or body someone was expelled from: it did the expelling."""
    k = match.end
    while k < len(tokens) and tokens[k].norm in DETERMINERS:
        k += 1
    if k < len(tokens) and tokens[k].norm == "from":
        return by_start.get(k + 1)
    return None


def _is_passive(tokens: Sequence[Token], start: int) -> bool:
    k = start - 1
    while k >= 0 and tokens[k].norm in ADVERBS | NEGATIONS:
        k -= 1
    word = tokens[start].norm
    participle = word.endswith(("ed", "en", "wn", "ht", "id", "ne")) or word in PARTICIPLES
    return k >= 0 and tokens[k].norm in BE and participle


def _passive_agent(match: PatternMatch, tokens: Sequence[Token], by_start: dict[int, Mention]) -> Mention | None:
    if not _is_passive(tokens, match.start):
        return None
    k = match.end
    limit = min(len(tokens), k + 4)
    while k < limit and tokens[k].norm != "by":
        if tokens[k].norm in HARD_BOUNDARIES or tokens[k].norm == ",":
            return None
        k += 1
    if k >= limit:
        return None
    for j in range(k + 1, min(len(tokens), k + 4)):
        if j in by_start:
            return by_start[j]
    return None


def _after_preposition(tokens: Sequence[Token], start: int) -> bool:
    k = start - 1
    while k >= 0 and tokens[k].norm in DETERMINERS:
        k -= 1
    if k >= 1 and tokens[k].norm == "of" and tokens[k - 1].norm in QUANTITIES:
        return False  # "hundreds of British troops", "a group of Saudi hackers": the troops are the subject
    return k >= 0 and tokens[k].norm in PREPOSITIONS


def _subject(
    mentions: Sequence[Mention], tokens: Sequence[Token], before: int, *, clause_subject: bool = False
) -> Mention | None:
    """The nearest mention before ``before`` that is not a prepositional object (with
    ``clause_subject``, the first such mention of the clause instead of the nearest)."""
    best: Mention | None = None
    fallback: Mention | None = None
    cut = _clause_start(tokens, before)
    for m in mentions:
        if m.tok_end > before:
            break
        if m.tok_end < cut:
            continue
        if _after_preposition(tokens, m.tok_start):
            continue
        if m.possessive:
            fallback = fallback or m
            continue
        if best is None or not clause_subject:
            best = m
    return best or fallback or _antecedent(mentions, tokens, cut)


def _antecedent(mentions: Sequence[Mention], tokens: Sequence[Token], cut: int) -> Mention | None:
    """The subject of a relative clause with no subject of its own: the mention right before "who"
    or "which" ("the rebels, who attacked the town"); none after a noun that is no actor ("the
    mortar strike, which killed five civilians")."""
    if cut < 1 or tokens[cut - 1].norm not in RELATIVES:
        return None
    end = cut - 2 if cut >= 2 and tokens[cut - 2].norm == "," else cut - 1
    return next((m for m in mentions if m.tok_end == end), None)


def _clause_start(tokens: Sequence[Token], before: int) -> int:
    """Where the clause holding the trigger at ``before`` starts: after the last hard boundary, or at
    a subordinator that opens it ("sent condolences to Malawi after the cyclone killed hundreds": the
    trigger's subject comes after "after"). A clause set off by commas ("Egypt, after talks in Cairo,
    signed ...") does not hold the trigger."""
    comma = False
    for k in range(before - 1, -1, -1):
        word = tokens[k].norm
        if word in HARD_BOUNDARIES:
            return k + 1
        if word == ",":
            comma = True
        elif (word in SUBORDINATORS or word in RELATIVES) and not comma and not _heads_phrase(tokens, k, before):
            return k + 1
    return 0


def _heads_phrase(tokens: Sequence[Token], k: int, before: int) -> bool:
    """'after' (before, since, until) followed right away by the trigger noun is a preposition, not a
    clause: 'Putin said after talks with Xi' keeps Putin as the subject of the talks."""
    return all(t.norm in DETERMINERS for t in tokens[k + 1 : before]) and tokens[k].norm not in RELATIVES


def _possessor(mentions: Sequence[Mention], tokens: Sequence[Token], before: int) -> Mention | None:
    """'Egypt's firm support', 'his meeting': a possessive within four words before the trigger."""
    for m in reversed(mentions):
        if m.tok_end > before:
            continue
        if not m.possessive or before - m.tok_end > 5:
            return None
        gap = tokens[m.tok_end : before]
        if any(t.norm in HARD_BOUNDARIES or t.norm in PREPOSITIONS for t in gap):
            return None
        return m
    return None


def _inner_possessor(match: PatternMatch, mentions: Sequence[Mention]) -> Mention | None:
    """'in his meeting with X', 'during Egypt's talks with X': a possessive inside the matched words,
    before the target ('urged Kenya and Somalia to settle their dispute': theirs is the target's)."""
    end = match.target_at if match.target_at is not None else match.end
    inside = [m for m in mentions if match.start < m.tok_start < end and m.possessive and m.actors]
    return inside[0] if inside else None


def _object(mentions: Sequence[Mention], tokens: Sequence[Token], after: int, source: Mention | None) -> Mention | None:
    source_ids = {a.actor_id for a in source.actors} if source else set()
    for m in mentions:
        if m.tok_start < after:
            continue
        if m.tok_start - after > _TARGET_WINDOW:
            return None
        if any(t.norm in HARD_BOUNDARIES for t in tokens[after : m.tok_start]):
            return None
        if {a.actor_id for a in m.actors} <= source_ids:
            continue
        return m
    return None
