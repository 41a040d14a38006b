"""Code events: find pattern triggers in a sentence and assign source and target actors.

Roles come from the sentence's surface structure, no parser needed:

- source: a ``$`` slot; else the agent of a passive ("was received by X"); else a possessive right
  before the trigger ("Egypt's support to Iraq", "his meeting with X"); else the subject — the
  nearest mention before the trigger that is not the object of a preposition.
- target: a ``+`` slot; else the passive subject; else the first mention after the trigger within
  the clause that is not the source itself.
- compound mentions expand to one event per actor; a symmetric code ("Iraq and Egypt signed an
  agreement") with no target codes both directions.
- negation ("did not attack", "denied meeting") sets ``negated``; "will", "plans to", "if", "may"
  and questions set ``modality``; a planned consultation, aid or attack becomes its CAMEO intent
  code (036, 033, 138 …).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from kestrel._version import __version__
from kestrel.events._shifts import CodeShifts, default_code_shifts
from kestrel.events._words import (
    ADVERBS,
    AGREEMENT_TRIGGERS,
    BE,
    CLAIM_FILLERS,
    CLAIMS,
    CONDITIONALS,
    DENIALS,
    DETERMINERS,
    EASING,
    FAILURES,
    FUTURE,
    HARD_BOUNDARIES,
    HYPOTHETICAL,
    INTENT_VERBS,
    NEGATIONS,
    NOUN_PREPOSITIONS,
    PREPOSITIONS,
    QUANTITIES,
)
from kestrel.events.patterns import GAP, LONG_GAP, PatternMatch, PatternSet, default_patterns
from kestrel.models import Actor, Event, EventDate, Evidence, Mention, Sentence, Token
from kestrel.ontology import Ontology, default_ontology

__all__ = ["CODER_VERSION", "EventCoder"]

CODER_VERSION = f"kestrel-{__version__}"

_AGREEABLE_ROOTS = frozenset({"06", "07", "08"})  # "agreed to a ceasefire" is an agreement, not the truce
_MODAL_EXEMPT_ROOTS = frozenset({"02", "03", "10", "13"})
_VIOLENT_ROOTS = frozenset({"18", "19", "20"})
_TARGET_WINDOW = 14
_ARRIVALS = frozenset({"042", "043", "154"})


@dataclass(frozen=True, slots=True)
class _Roles:
    source: Mention | None
    target: Mention | None
    passive: bool = False


class EventCoder:
    """Callable: ``coder(article_id, sentence, mentions) -> list[Event]``.

    Build once; it holds the compiled patterns and the ontology, and no per-article state.
    ``require_target`` drops events with no target actor or no known source (most dyadic datasets
    want that). Otherwise, a sentence whose only events have an unknown agent ("three engineers were
    kidnapped") keeps them with ``source`` None.
    """

    def __init__(
        self,
        patterns: PatternSet | None = None,
        ontology: Ontology | None = None,
        *,
        require_target: bool = False,
    ) -> None:
        self.patterns = patterns if patterns is not None else default_patterns()
        self.ontology = ontology if ontology is not None else default_ontology()
        self.shifts: CodeShifts = default_code_shifts()
        self.require_target = require_target

    def __call__(self, article_id: str, sentence: Sentence, mentions: Sequence[Mention]) -> list[Event]:
        tokens = sentence.tokens
        starts = {m.tok_start: m.tok_end for m in mentions}
        # words inside actor names are never cues: "Theresa May" is not "may"
        names = frozenset(i for m in mentions if m.kind != "pronoun" for i in range(m.tok_start, m.tok_end))
        events: list[Event] = []
        unsourced: list[tuple[PatternMatch, _Roles]] = []
        previous: _Roles | None = None
        for match in self.patterns.find(tokens, starts):
            roles = _roles(match, tokens, mentions, previous)
            previous = roles
            if roles.source is None:
                if roles.target is not None and not self.require_target:
                    unsourced.append((match, roles))
                continue
            if roles.target is None and self.require_target:
                continue
            events.extend(self._events(article_id, sentence, match, roles, names))
        if all(e.cameo_code == "010" for e in events):
            # "three engineers were kidnapped (, police said)": when no event but "said" has a known
            # source, the events whose agent is unnamed or unknown still happened
            for match, roles in unsourced:
                events.extend(self._events(article_id, sentence, match, roles, names))
        return _prune(events)

    def _events(
        self, article_id: str, sentence: Sentence, match: PatternMatch, roles: _Roles, names: frozenset[int]
    ) -> list[Event]:
        tokens = sentence.tokens
        negated = _negated(tokens, match.start, names)
        modality = _modality(tokens, match.start, names)
        code = match.code
        eased = self.shifts.shift("eased", code) if _eased(tokens, match.start) else None
        if eased is not None:
            code = eased  # "lifted a ban on UNICEF operations": easing the restriction, not imposing it
        if code in _ARRIVALS and roles.source is not None and "peacekeep" in roles.source.text.lower():
            code = "074"  # "Chinese peacekeepers arrived in South Sudan": peacekeeping, not a visit
        if code[:2] in _VIOLENT_ROOTS and _claimed_own_act(tokens, match.start):
            code = "015"  # "the Houthis claimed that they had attacked Abha airport": a claim of responsibility
        if modality is None and code[:2] in _AGREEABLE_ROOTS and tokens[match.start].norm in AGREEMENT_TRIGGERS:
            modality = "intent"
        intended = self.shifts.shift("intent", code) if modality in ("future", "intent") else None
        if intended is not None:
            code, modality = intended, None  # "will visit": the event is the expressed intent
            refused = self.shifts.shift("refusal", code) if negated else None
            if refused is not None:  # "will not release the soldiers": a refusal, which happened
                code, negated = refused, False
        elif code[:2] in _MODAL_EXEMPT_ROOTS and modality in ("future", "intent"):
            modality = None
        entry = self.ontology[code]
        pairs = _pairs(roles.source, roles.target, entry.symmetric, cooperative="03" <= entry.root <= "08")
        out: list[Event] = []
        trigger = (tokens[match.start].start, tokens[match.end - 1].end)
        for src, src_m, tgt, tgt_m in pairs:
            evidence = Evidence(
                sentence=sentence.text,
                source_span=(src_m.start, src_m.end) if src_m else None,
                target_span=(tgt_m.start, tgt_m.end) if tgt_m else None,
                trigger_span=trigger,
                rule=match.pattern.rule,
                source_text=src_m.text if src_m else None,
                target_text=tgt_m.text if tgt_m else None,
                trigger_text=sentence.text[trigger[0] : trigger[1]],
            )
            key = f"{article_id}|{sentence.index}|{trigger}|{code}|{src.code if src else ''}|{tgt.code if tgt else ''}"
            out.append(
                Event(
                    event_id=hashlib.sha1(f"{key}|{CODER_VERSION}".encode()).hexdigest()[:16],
                    article_id=article_id,
                    sentence_index=sentence.index,
                    source=src,
                    target=tgt,
                    cameo_code=code,
                    cameo_root=entry.root,
                    quad_class=entry.quad_class,
                    goldstein=entry.goldstein,
                    plover_type=entry.plover_type,
                    plover_mode=entry.plover_mode,
                    plover_context=entry.plover_context,
                    date=EventDate(),
                    location=None,
                    negated=negated,
                    modality=modality,
                    evidence=evidence,
                    coder_version=CODER_VERSION,
                )
            )
        return out


def _pairs(
    source: Mention | None, target: Mention | None, symmetric: bool, cooperative: bool = False
) -> list[tuple[Actor | None, Mention | None, Actor | None, Mention | None]]:
    """Source/target actor pairs. A compound subject with no target ("Iraq and Egypt agreed to…")
    codes each direction for symmetric and cooperative codes. An unknown source gives ``None``."""
    if source is None:
        return [(None, None, b, target) for b in target.actors] if target else []
    if target is None:
        if (symmetric or cooperative) and len(source.actors) > 1:
            return [(a, source, b, source) for a in source.actors for b in source.actors if a != b]
        return [(a, source, None, None) for a in source.actors]
    compound = len(target.actors) > 1
    return [
        (a, source, b, target)
        for a in source.actors
        for b in target.actors
        if a.actor_id != b.actor_id and not (compound and not b.sectors and b.country == a.country)
    ]


def _continues(tokens: Sequence[Token], previous: _Roles, match: PatternMatch) -> bool:
    """Whether the trigger is a second verb sharing the previous one's subject ('… and praised')."""
    if previous.source is None or previous.passive or match.start < 1 or tokens[match.start - 1].norm != "and":
        return False
    return previous.target is not None and previous.target.tok_end <= match.start - 1


def _roles(
    match: PatternMatch, tokens: Sequence[Token], mentions: Sequence[Mention], previous: _Roles | None = None
) -> _Roles:
    by_start = {m.tok_start: m for m in mentions}
    slot_source = by_start.get(match.source_at) if match.source_at is not None else None
    slot_target = by_start.get(match.target_at) if match.target_at is not None else None
    visitor = _attributive_participle(match, tokens, by_start) if slot_source is None else None
    if visitor is not None:
        return _Roles(visitor, _subject(mentions, tokens, match.start))
    if slot_source is not None:
        return _Roles(slot_source, slot_target or _subject(mentions, tokens, match.start))
    agent = _passive_agent(match, tokens, by_start)
    if agent is not None or _is_passive(tokens, match.start):
        return _Roles(agent, _subject(mentions, tokens, match.start), passive=True)
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
        return _Roles(source, None)
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
    return _Roles(source, target)


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


def _is_passive(tokens: Sequence[Token], start: int) -> bool:
    k = start - 1
    while k >= 0 and tokens[k].norm in ADVERBS | NEGATIONS:
        k -= 1
    word = tokens[start].norm
    return k >= 0 and tokens[k].norm in BE and word.endswith(("ed", "en", "wn", "ht", "id", "ne"))


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
    for m in mentions:
        if m.tok_end > before:
            break
        if any(t.norm in HARD_BOUNDARIES for t in tokens[m.tok_end : before]):
            best = fallback = None
            continue
        if _after_preposition(tokens, m.tok_start):
            continue
        if m.possessive:
            fallback = fallback or m
            continue
        if best is None or not clause_subject:
            best = m
    return best or fallback


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


def _negated(tokens: Sequence[Token], start: int, names: frozenset[int]) -> bool:
    if start > 0 and tokens[start - 1].norm in DENIALS:
        return True
    for k in range(start - 1, max(-1, start - 4), -1):
        if k in names:
            continue
        norm = tokens[k].norm
        if norm in HARD_BOUNDARIES or norm == ",":
            return False
        if norm in NEGATIONS or norm in FAILURES or norm.endswith("n't"):
            return True  # "did not meet", "failed to reach a deal", "refused official talks", "avoid war"
    return False


def _eased(tokens: Sequence[Token], start: int) -> bool:
    """A verb of easing shortly before a restriction's noun ('lifted its economic embargo', 'a ban')."""
    for k in range(start - 1, max(-1, start - 6), -1):
        if tokens[k].norm in HARD_BOUNDARIES or tokens[k].norm == ",":
            return False
        if tokens[k].norm in EASING:
            return True
    return False


def _claimed_own_act(tokens: Sequence[Token], start: int) -> bool:
    """'claimed (that) they had attacked', 'claims to have bombed': the claimant's own act."""
    k = start - 1
    while k >= 0 and start - k <= 6 and tokens[k].norm in CLAIM_FILLERS:
        k -= 1
    return k >= 0 and k < start - 1 and tokens[k].norm in CLAIMS


def _modality(tokens: Sequence[Token], start: int, names: frozenset[int]) -> str | None:
    if tokens and tokens[-1].norm == "?":
        return "question"
    for k in range(start - 1, max(-1, start - 12), -1):
        if k in names:
            continue
        norm = tokens[k].norm
        if norm in (",", ";", ":"):
            break
        if norm in CONDITIONALS:
            return "conditional"
    for k in range(start - 1, max(-1, start - 4), -1):
        if k in names:
            continue
        norm = tokens[k].norm
        if norm in HARD_BOUNDARIES or norm == ",":
            break
        if norm in FUTURE:
            return "future"
        if norm in HYPOTHETICAL:
            return "hypothetical"
        if norm == "to" and k > 0 and tokens[k - 1].norm in INTENT_VERBS:
            return "intent"
    return None


def _prune(events: list[Event]) -> list[Event]:
    """Drop bare statements ("said", 010) when the sentence has another event, acts that are only
    denied or alleged, and duplicates."""
    if any(e.cameo_code != "010" for e in events):
        events = [e for e in events if e.cameo_code != "010"]
    # "Iran rejected any responsibility for the drone strikes": not an Iranian strike; "Armenia accused
    # Azerbaijani forces of opening fire": the event is the accusation, the firing is only alleged
    said = [e for e in events if e.cameo_code == "016" or e.cameo_code.startswith("112")]
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
    """Whether ``event`` is a violent act named after a denial by its source or an accusation of it."""
    party = statement.source if statement.cameo_code == "016" else statement.target
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
