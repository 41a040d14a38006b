"""Code events: find pattern triggers in a sentence and assign source and target actors.

Roles come from the sentence's surface structure (see :mod:`kestrel.events._roles`);
:mod:`kestrel.events._prune` chooses among a sentence's events.

- compound mentions expand to one event per actor; a symmetric code ("Iraq and Egypt signed an
  agreement") with no target codes both directions.
- negation ("did not attack", "denied meeting") sets ``negated``; "will", "plans to", "if", "may"
  and questions set ``modality``; a planned consultation, aid or attack becomes its CAMEO intent
  code (036, 033, 138 …).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace

from kestrel._version import __version__
from kestrel.events._prune import prune_events
from kestrel.events._roles import Roles, find_roles
from kestrel.events._shifts import CodeShifts, default_code_shifts
from kestrel.events._words import (
    AGREEMENT_TRIGGERS,
    CLAIM_FILLERS,
    CLAIMS,
    CONDITIONALS,
    DENIALS,
    EASING,
    FAILURES,
    FUTURE,
    HARD_BOUNDARIES,
    HYPOTHETICAL,
    INTENT_VERBS,
    NEGATIONS,
    PARTICIPLES,
)
from kestrel.events.patterns import PatternMatch, PatternSet, default_patterns
from kestrel.models import Actor, Event, EventDate, Evidence, Mention, Sentence, Token
from kestrel.ontology import Ontology, default_ontology

__all__ = ["CODER_VERSION", "EventCoder"]

CODER_VERSION = f"kestrel-{__version__}"

_AGREEABLE_ROOTS = frozenset({"06", "07", "08"})  # "agreed to a ceasefire" is an agreement, not the truce
_MODAL_EXEMPT_ROOTS = frozenset({"02", "03", "10", "13"})
_VIOLENT_ROOTS = frozenset({"18", "19", "20"})
_ARRIVALS = frozenset({"042", "043", "154"})
_ATTACKS = frozenset({"180", "182", "1823", "183", "1831", "1832", "1833", "190", "193", "195", "1951", "1952"})
_FATAL = frozenset({"kill", "killed", "killing", "dead", "death", "murder", "murdered", "slain", "slay", "slew"})
_DOMESTIC_CODES = ("081", "083", "0841", "115", "116", "172", "173", "175")
_HOME_SECTORS = frozenset({"GOV", "COP", "JUD", "LEG", "SPY"})
_CHALLENGERS = frozenset({"REB", "OPP", "INS"})
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD"})
_LEADER_SECTORS = frozenset({"GOV", "ELI", "LEG", "OPP", "PTY", "JUD", "MIL"})


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
        unsourced: list[tuple[PatternMatch, Roles]] = []
        previous: Roles | None = None
        for match in self.patterns.find(tokens, starts):
            if _compound_participle(sentence.text, tokens[match.start]) or _reason(tokens, match.start):
                continue  # "flood-hit families", "arrested for collaborating with X": no event of its own
            roles = find_roles(match, tokens, mentions, previous)
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
        return prune_events(events)

    def _events(
        self, article_id: str, sentence: Sentence, match: PatternMatch, roles: Roles, names: frozenset[int]
    ) -> list[Event]:
        tokens = sentence.tokens
        negated = _negated(tokens, match.start, names)
        modality = _modality(tokens, match.start, names)
        code = match.code
        eased = self.shifts.shift("eased", code) if _eased(tokens, match.start) else None
        if eased is not None:
            code = eased  # "lifted a ban on UNICEF operations": easing the restriction, not imposing it
        if code in _ARRIVALS and "peacekeep" in sentence.text.lower():
            code = "074"  # "Chinese peacekeepers arrived in South Sudan", "troops arrived to join the
            # peacekeeping mission": peacekeeping, not a visit
        if code in _ATTACKS and roles.target is not None and _leader(roles.target):
            # "a gunman shot and wounded Prime Minister Robert Fico": an attack on a named leader is
            # an assassination (186) when it kills, else an attempt (185)
            code = "186" if any(t.norm in _FATAL for t in tokens[match.start : match.end + 2]) else "185"
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
        for src, src_m, tgt_found, tgt_m in pairs:
            tgt = _domestic(src, tgt_found, code)
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


def _domestic(source: Actor | None, target: Actor | None, code: str) -> Actor | None:
    """A target of no country is of the source's country when a government, police or court acts on
    it by arrest, repression, restrictions and their easing, releases or sentences ("Ugandan security
    forces arrested opposition candidate Bobi Wine"), or when rebels or the opposition act on a
    government, its forces, police, parliament or courts ("Syrian rebels battled government troops"),
    or anyone protests against them ("Kenyan protesters stormed parliament")."""
    if target is None or target.country is not None or source is None or source.country in (None, "IGO"):
        return target
    ruling = code.startswith(_DOMESTIC_CODES) and (
        source.kind == "country" or bool(_HOME_SECTORS & set(source.sectors))
    )
    insurgent = (bool(_CHALLENGERS & set(source.sectors)) or code.startswith("14")) and bool(
        _STATE_SECTORS & set(target.sectors)
    )
    if not (ruling or insurgent):
        return target
    own = source.country + (target.code if target.code != "---" else "")
    return replace(target, code=own, country=source.country, reason=f"{target.reason}; of the source's country")


def _reason(tokens: Sequence[Token], start: int) -> bool:
    """A gerund after "for" gives the reason for another act ("arrested for collaborating with the
    enemy", "sentenced for spying")."""
    return start > 0 and tokens[start - 1].norm == "for" and tokens[start].norm.endswith("ing")


def _compound_participle(text: str, token: Token) -> bool:
    """A participle glued by a hyphen to the word before it ("quake-hit", "Iranian-backed")."""
    i = token.start
    glued = i >= 2 and text[i - 1] in "-‐‑" and (text[i - 2].isalnum() or text[i - 2] == ".")
    return glued and (token.norm.endswith(("ed", "en")) or token.norm in PARTICIPLES)


def _leader(m: Mention) -> bool:
    """A named political, military or judicial figure ("Slovak Prime Minister Robert Fico")."""
    return any(a.kind == "person" and a.name and _LEADER_SECTORS.intersection(a.sectors) for a in m.actors)


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
