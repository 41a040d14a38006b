"""Join adjacent pieces into actor mentions and code them.

"Iraqi" + "Minister of Defense" + "Staff Gen." + "Juma Enad Saadoun" becomes one person,
IRQGOVMIL, named "Juma Enad Saadoun". Pieces join when adjacent, across a possessive
("Egypt's army") or across "of" after a role ("President of Egypt"). Coordinated actors ("Iraq and
Egypt", "Iraqi and Egyptian officials") become one compound draft carrying several actors.
Pronouns, bare names and anaphoric nouns stay unresolved here; :mod:`kestrel.actors.coref`
resolves them against the rest of the document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kestrel.actors.kb import KBEntry
from kestrel.actors.match import Piece
from kestrel.models import Actor, Sentence, Token

__all__ = ["Draft", "compose"]

_ORG_KINDS = frozenset({"igo", "ngo", "group", "party", "organization", "region"})
_NAMED = frozenset({"country", "capital", "demonym", "person"}) | _ORG_KINDS
_OWNERS = frozenset({"country", "capital", "person", "name"}) | _ORG_KINDS
_NO_SUFFIX = frozenset({"igo", "ngo", "region"})
_PLACES = frozenset({"country", "capital", "demonym"})
_RULED_BY = frozenset(
    {"run", "led", "controlled", "installed", "appointed", "dominated", "owned", "operated", "administered",
     "governed", "commanded", "managed"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Draft:
    """A candidate mention before document-level resolution.

    ``actors`` is empty for pronouns and bare names; ``name`` holds a person's or organisation's
    name as written; ``head`` the role noun of an unnamed role ("minister", "organization");
    ``determiner`` whether "the"/"this" precedes it; ``written`` the proper name as it appears.
    """

    tok_start: int
    tok_end: int
    actors: tuple[Actor, ...]
    kind: str  # name | nominal | pronoun | anaphor | bare
    name: str | None = None
    head: str | None = None
    determiner: bool = False
    possessive: bool = False
    person: bool = False
    written: str | None = None


def compose(pieces: Sequence[Piece], sentence: Sentence, on: dt.date | None) -> list[Draft]:
    """Turn one sentence's pieces into drafts, left to right."""
    tokens = sentence.tokens
    drafts: list[Draft] = []
    i = 0
    n = len(pieces)
    while i < n:
        chunk = [pieces[i]]
        j = i + 1
        while j < n and _joins(chunk, tokens[chunk[-1].tok_end : pieces[j].tok_start], pieces[j], tokens):
            chunk.append(pieces[j])
            j += 1
        draft = _code_chunk(chunk, sentence, on)
        if draft is not None:
            drafts.append(draft)
        i = j
    return _coordinate(drafts, tokens)


def _joins(chunk: list[Piece], gap: Sequence[Token], nxt: Piece, tokens: Sequence[Token]) -> bool:
    prev = chunk[-1]
    if prev.kind in ("pronoun", "anaphor") or nxt.kind in ("pronoun", "anaphor"):
        return False
    if not gap:
        if prev.kind == "name":  # "National Democratic Party": a name ending in a capitalised group noun
            return _capitalised_group(nxt, tokens)
        if prev.kind == "person":
            return False
        if nxt.kind == "name":  # a name follows a title ("Chairman Abdel Moneim El-Terras")
            if prev.kind in _PLACES:  # "Syrian Democratic Council": a country's organisation
                return tokens[nxt.tok_end - 1].norm in _ORG_HEADS
            return prev.kind == "honorific" or (
                prev.kind == "agent" and "person" in (prev.entry.flags if prev.entry else ())
            )
        if nxt.kind in ("country", "capital"):
            return prev.kind == "modifier"
        return not (nxt.kind == "demonym" and prev.kind not in ("modifier", "honorific"))
    words = [t.norm for t in gap]
    if len(gap) == 1 and words[0] in _RULED_BY and gap[0].start == tokens[prev.tok_end - 1].end + 1:
        # "the Hamas-run ministry", "the Russian-installed governor": a hyphenated participle of
        # control makes the ruler's country or organisation the actor's ("Iran-backed" does not)
        return prev.kind in _OWNERS | _PLACES and nxt.kind in ("agent", "modifier", "group")
    if words == ["'s"]:
        return prev.kind in _OWNERS and nxt.kind in ("agent", "modifier", "group", "organization")
    if words in (["of"], ["of", "the"]):
        return prev.kind == "agent" and nxt.kind in _PLACES | _ORG_KINDS
    return False


def _capitalised_group(piece: Piece, tokens: Sequence[Token]) -> bool:
    entry = piece.entry
    if piece.kind != "agent" or entry is None or "group" not in entry.flags or not entry.sectors:
        return False
    return tokens[piece.tok_start].text[:1].isupper()


def _unknown_organization(chunk: list[Piece], sentence: Sentence) -> Draft | None:
    """'the National Salvation Front', 'the National Democratic Party': a capitalised name ending in
    an organisation noun is an organisation the knowledge base does not know. It keeps the sectors of
    a group noun it ends in (Party → PTY) and the country of a place word before it."""
    tokens = sentence.tokens
    names = [p for p in chunk if p.kind == "name"]
    if not names or chunk[0].kind not in (*_PLACES, "name"):
        return None
    last = chunk[-1]
    if last.kind == "name":
        if tokens[last.tok_end - 1].norm not in _ORG_HEADS:
            return None
        sectors: tuple[str, ...] = ()
    elif _capitalised_group(last, tokens) and last.entry is not None:
        sectors = last.entry.sectors
    else:
        return None
    places = [p.entry.country for p in chunk if p.kind in _PLACES and p.entry is not None and p.entry.country]
    country = places[0] if places else None
    start, end = chunk[0].tok_start, last.tok_end
    name = sentence.text[tokens[start].start : tokens[end - 1].end]
    code = (country or "") + "".join(sectors) or "---"
    actor = Actor(code, country, sectors, name, None, "organization", f"unknown organisation {name!r}")
    possessive = end < len(tokens) and tokens[end].norm == "'s"
    return Draft(start, end, (actor,), "name", name, possessive=possessive, written=name)


# Last words of organisation names: a capitalised run ending in one is an organisation
_ORG_HEADS = frozenset(
    """front movement party council union organization organisation association alliance coalition
    committee commission federation league brigade brigades battalion foundation institute agency
    authority network society assembly congress corporation company group""".split()
)


def _code_chunk(chunk: list[Piece], sentence: Sentence, on: dt.date | None) -> Draft | None:
    tokens = sentence.tokens
    start, end = chunk[0].tok_start, chunk[-1].tok_end
    determiner = start > 0 and tokens[start - 1].norm in ("the", "this", "that")
    possessive = end < len(tokens) and tokens[end].norm == "'s"
    if chunk[0].kind == "pronoun":
        word = tokens[start].norm
        return Draft(start, end, (), "pronoun", head=word, possessive=word in ("his", "her", "its", "their"))
    if chunk[0].kind == "anaphor":
        return Draft(start, end, (), "anaphor", head=tokens[end - 1].norm, determiner=True, possessive=possessive)
    organization = _unknown_organization(chunk, sentence)
    if organization is not None:
        return organization
    alone = chunk[0].entry if len(chunk) == 1 else None
    if alone is not None and alone.is_actor and alone.kind != "person":
        # a country, capital or organisation on its own
        written = sentence.text[tokens[start].start : tokens[end - 1].end]
        return Draft(start, end, (alone.actor(on),), "name", alone.name, possessive=possessive, written=written)
    country: str | None = None
    org: KBEntry | None = None
    person: KBEntry | None = None
    sectors: list[str] = []
    modifiers: list[str] = []
    name_span: tuple[int, int] | None = None
    is_person = former = False
    head: str | None = None
    for p in chunk:
        entry = p.entry
        if p.kind == "name":
            name_span = (tokens[p.tok_start].start, tokens[p.tok_end - 1].end)
        elif entry is None:
            continue
        elif p.kind == "person":
            person = entry
        elif p.kind in _ORG_KINDS:
            if p.tok_end < len(tokens) and tokens[p.tok_end].norm in _RULED_BY and p is not chunk[-1]:
                country = country or entry.country  # "the Hamas-run ministry" is not Hamas itself
                continue
            org = org or entry
            country = country or entry.country
        elif p.kind in ("country", "capital", "demonym"):
            country = country or entry.country
            if p.kind == "capital" and len(chunk) == 1:
                sectors.extend(entry.sectors)
        elif p.kind == "modifier":
            modifiers.extend(entry.sectors)
            former = former or "ELI" in entry.sectors
        elif p.kind == "honorific":
            is_person = True
            sectors.extend(entry.sectors)
        else:  # agent
            sectors.extend(entry.sectors)
            is_person = is_person or "person" in entry.flags
            head = tokens[p.tok_end - 1].norm
    if person is not None:
        actor = person.actor(on, hint=country)
        if former and "ELI" not in actor.sectors:
            # "former British Prime Minister Tony Blair": the country named, else their own
            home = country or person.country or actor.country
            actor = replace(actor, code=(home or "") + "ELI", country=home, sectors=("ELI",))
        piece = next(p for p in chunk if p.kind == "person")
        written = sentence.text[tokens[piece.tok_start].start : tokens[piece.tok_end - 1].end]
        return Draft(start, end, (actor,), "name", person.name, possessive=possessive, person=True, written=written)
    name = sentence.text[name_span[0] : name_span[1]] if name_span else None
    if name and not (is_person or org) and len(chunk) == 1:
        return Draft(start, end, (), "bare", name, possessive=possessive, person=False, written=name)
    if former:
        sectors = ["ELI"]
    all_sectors = tuple(dict.fromkeys([*modifiers, *(org.sectors if org else ()), *sectors]))
    if org is None and country is None and not all_sectors:
        return None
    if org is not None:
        extra = "" if org.kind in _NO_SUFFIX else "".join(s for s in all_sectors if s not in org.sectors)
        code = (org.code or (org.country or "") + "".join(org.sectors)) + extra
        kind, kb_id, canonical = _org_kind(org.kind), org.kb_id, org.name
    else:
        code = (country or "") + "".join(all_sectors)
        kind, kb_id, canonical = (
            ("person" if is_person else "country" if not all_sectors else "agent"),
            None,
            None,
        )
    if name:
        kind, kb_id, canonical = "person", None, name
    text = sentence.text[tokens[start].start : tokens[end - 1].end]
    actor = Actor(code or "---", country, all_sectors, canonical, kb_id, kind, f"composed from {text!r}")
    kind_of_draft = "name" if (org or name or (country and not all_sectors)) else "nominal"
    if kind_of_draft == "nominal" and country is None:
        head = head or tokens[end - 1].norm
    return Draft(
        start,
        end,
        (actor,),
        kind_of_draft,
        canonical,
        head,
        determiner,
        possessive,
        is_person or bool(name),
        name,
    )


def _org_kind(kind: str) -> str:
    return "group" if kind == "group" else "organization"


def _coordinate(drafts: list[Draft], tokens: Sequence[Token]) -> list[Draft]:
    """Merge "A and B" into compound drafts; share a role noun ("Iraqi and Egyptian officials")."""
    out: list[Draft] = []
    for i, d in enumerate(drafts):
        prev = out[-1] if out else None
        if prev is not None and prev.actors and d.actors and d.kind != "pronoun" and prev.kind != "pronoun":
            gap = [t.norm for t in tokens[prev.tok_end : d.tok_start]]
            listed = gap == [","] and _list_continues(drafts, i, tokens)  # "Egypt, Jordan and Iraq"
            if (gap in (["and"], [",", "and"]) or listed) and not prev.possessive:
                out[-1] = _merge(prev, d, tokens)
                continue
        out.append(d)
    return out


def _list_continues(drafts: list[Draft], i: int, tokens: Sequence[Token]) -> bool:
    """Whether drafts[i] is followed, through commas, by "and" + another actor."""
    for j in range(i, len(drafts) - 1):
        gap = [t.norm for t in tokens[drafts[j].tok_end : drafts[j + 1].tok_start]]
        if not drafts[j + 1].actors or gap not in (["and"], [",", "and"], [","]):
            return False
        if gap != [","]:
            return True
    return False


def _merge(a: Draft, b: Draft, tokens: Sequence[Token]) -> Draft:
    actors = list(a.actors)
    shared = b.actors[0]
    lone_adjectives = all(x.kind == "country" and not x.sectors for x in a.actors)
    if lone_adjectives and shared.sectors and shared.name is None:
        # "Iraqi and Egyptian officials": the role noun belongs to both
        actors = [
            replace(x, code=(x.country or "") + "".join(shared.sectors), sectors=shared.sectors, kind=shared.kind)
            for x in actors
        ]
    later = list(b.actors)
    role = a.actors[0] if len(a.actors) == 1 else None
    of_country = a.tok_end - a.tok_start >= 3 and tokens[a.tok_end - 2].norm in ("of", "the")
    if role is not None and role.sectors and role.country and of_country and all(_bare_country(x) for x in later):
        # "the foreign ministers of Egypt and Jordan": the role noun belongs to both countries
        later = [
            replace(x, code=(x.country or "") + "".join(role.sectors), sectors=role.sectors, kind=role.kind)
            for x in later
        ]
    return Draft(
        a.tok_start,
        b.tok_end,
        (*actors, *later),
        "name",
        None,
        None,
        a.determiner,
        b.possessive,
        a.person and b.person,
    )


def _bare_country(actor: Actor) -> bool:
    return actor.kind == "country" and not actor.sectors and actor.name is not None
