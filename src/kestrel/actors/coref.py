"""Within-document reference: resolve short forms, acronyms, pronouns and role nouns.

A :class:`DocumentResolver` reads an article's drafts sentence by sentence and keeps what it has
seen: named people ("Juma Enad Saadoun" makes "Saadoun" known), acronyms defined in parentheses
("the Arab Organization for Industrialization (AOI)"), and the recent mentions that pronouns
("He also praised…"), anaphoric nouns ("the organization", "the two countries") and definite role
nouns ("the minister", "the Iraqi official") refer back to.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import pairwise

from kestrel.actors.compose import Draft
from kestrel.actors.match import ANAPHORS, PRONOUNS
from kestrel.models import Actor, Mention, Sentence
from kestrel.text import normalize

__all__ = ["DocumentResolver"]

_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "de", "van", "von", "le", "la", "ould"})
_ORGANIZATION_KINDS = {
    "organization": ("organization",),
    "group": ("group", "organization"),
    "igo": ("organization",),
}


@dataclass(slots=True)
class DocumentResolver:
    """Resolves one article's drafts into mentions; create a new one per article."""

    aliases: dict[str, Actor] = field(default_factory=dict)
    history: list[Mention] = field(default_factory=list)

    def resolve(self, sentence: Sentence, drafts: list[Draft]) -> list[Mention]:
        """Resolve a sentence's drafts (in order) against what came before; learn from them."""
        mentions: list[Mention] = []
        for draft in _appositives(sentence, drafts):
            actors = self._actors_for(draft, mentions)
            if not actors:
                continue
            mention = _mention(sentence, draft, actors)
            mentions.append(mention)
            self._learn(sentence, draft, mention)
        self.history.extend(mentions)
        return mentions

    def _actors_for(self, draft: Draft, current: list[Mention]) -> tuple[Actor, ...]:
        if draft.kind == "pronoun":
            return self._pronoun(draft.head or "", current)
        if draft.kind == "anaphor":
            return self._anaphor(draft.head or "", current)
        if draft.kind == "bare":
            known = self._known_name(draft.name or "")
            return (known,) if known else ()
        if draft.kind == "name" and draft.name and len(draft.actors) == 1 and not draft.actors[0].kb_id:
            known = self._known_name(draft.name)
            if known is not None and _compatible(draft.actors[0], known):
                return (known,)
        if draft.kind == "nominal" and draft.determiner and len(draft.actors) == 1:
            earlier = self._antecedent_for_role(draft.actors[0], current)
            if earlier is not None:
                return (earlier,)
        return draft.actors

    def _known_name(self, name: str) -> Actor | None:
        key = normalize(name).replace("-", " ")
        return self.aliases.get(key) or self.aliases.get(key.split()[-1] if key else "")

    def _recent(self, current: list[Mention]) -> list[Mention]:
        """Mentions most recent first: this sentence's (right to left), then earlier ones."""
        return [*reversed(current), *reversed(self.history)]

    def _pronoun(self, word: str, current: list[Mention]) -> tuple[Actor, ...]:
        wanted = PRONOUNS.get(word)
        if wanted == "person":
            # subject preference: the first person of this sentence, else of the latest sentence
            # that names one
            for group in (current, *self._sentences_backwards()):
                people = [m for m in group if len(m.actors) == 1 and m.actors[0].kind == "person"]
                if people:
                    return people[0].actors
            return ()
        if word in ("its", "their", "them", "they"):
            for m in self._recent(current)[:6]:
                if m.actors[0].kind != "person" and (word == "its") == (len(m.actors) == 1):
                    return m.actors
        return ()

    def _sentences_backwards(self) -> list[list[Mention]]:
        groups: dict[int, list[Mention]] = {}
        for m in self.history:
            groups.setdefault(m.sentence_index, []).append(m)
        return [groups[k] for k in sorted(groups, reverse=True)]

    def _anaphor(self, head: str, current: list[Mention]) -> tuple[Actor, ...]:
        wanted = ANAPHORS.get(head)
        recent = self._recent(current)
        if wanted == "pair":
            seen: dict[str, Actor] = {}
            for m in recent:
                for a in m.actors:
                    if a.country and a.country not in seen and len(a.country) == 3:
                        seen[a.country] = Actor(a.country, a.country, (), None, a.country.lower(), "country", "")
                if len(seen) == 2:
                    return tuple(reversed(seen.values()))
            return ()
        kinds = ("country",) if wanted == "country" else _ORGANIZATION_KINDS.get(wanted or "", ())
        for m in recent:
            if len(m.actors) == 1 and m.actors[0].kind in kinds:
                return m.actors
        return ()

    def _antecedent_for_role(self, role: Actor, current: list[Mention]) -> Actor | None:
        """'the minister', 'the Iraqi official': the latest named person who fits."""
        if role.kind != "person":
            return None
        for m in self._recent(current):
            a = m.actors[0]
            if len(m.actors) == 1 and a.kind == "person" and a.name and _same_role(role, a):
                return a
        return None

    def _learn(self, sentence: Sentence, draft: Draft, mention: Mention) -> None:
        actor = mention.actors[0]
        if len(mention.actors) != 1:
            return
        if actor.kind == "person" and actor.name and draft.kind == "name":
            words = normalize(actor.name).replace("-", " ").split()
            if draft.name:
                words = normalize(draft.name).replace("-", " ").split() or words
            self.aliases.setdefault(" ".join(words), actor)
            if len(words) > 1:
                self.aliases[words[-1]] = actor
                if words[-2] in _PARTICLES:
                    self.aliases[" ".join(words[-2:])] = actor
        tokens = sentence.tokens
        end = draft.tok_end
        if end + 2 < len(tokens) and tokens[end].text == "(" and tokens[end + 2].text == ")":
            acronym = tokens[end + 1].text
            if acronym.isupper() and len(acronym) >= 2:
                self.aliases[normalize(acronym)] = actor


def _appositives(sentence: Sentence, drafts: list[Draft]) -> list[Draft]:
    """'Odin Sanchez, a former Colombian congressman, ...', 'Alice Wells, a senior State Department
    official': an unknown name followed by a comma and a person's role (or an organisation's role
    noun) takes that role's country and sectors, and is then known by name in the article."""
    out = list(drafts)
    tokens = sentence.tokens
    for i, (name, role) in enumerate(pairwise(drafts)):
        if name.kind != "bare" or not name.name or len(role.actors) != 1:
            continue
        actor = role.actors[0]
        role_of_person = role.kind == "nominal" and actor.kind == "person"
        role_in_org = role.kind == "name" and role.head is not None and actor.kind != "person"
        if not (role_of_person or role_in_org) or not (actor.country or actor.sectors):
            continue
        between = tokens[name.tok_end : role.tok_start]
        if not between or between[0].text != "," or len(between) > 3:
            continue
        if not all(t.text.isalpha() and t.text.islower() for t in between[1:]):
            continue  # ", a senior ..." or ", the ..." only
        reason = f"{name.name}, {sentence.text[tokens[role.tok_start].start : tokens[role.tok_end - 1].end]}"
        person = replace(actor, name=name.name, kb_id=None, kind="person", reason=reason)
        out[i] = replace(name, actors=(person,), kind="name", person=True)
    return out


def _same_role(role: Actor, person: Actor) -> bool:
    """'the Iraqi defense minister' refers back to a person of that country and primary sector."""
    if not _compatible(role, person):
        return False
    return not role.sectors or not person.sectors or role.sectors[0] == person.sectors[0]


def _compatible(role: Actor, person: Actor) -> bool:
    if role.country and person.country and role.country != person.country:
        return False
    return not role.sectors or role.sectors[0] in person.sectors or not person.sectors


def _mention(sentence: Sentence, draft: Draft, actors: tuple[Actor, ...]) -> Mention:
    tokens = sentence.tokens
    start, end = tokens[draft.tok_start].start, tokens[draft.tok_end - 1].end
    kind = {"bare": "reference", "anaphor": "reference", "pronoun": "pronoun"}.get(draft.kind, draft.kind)
    if draft.kind == "name" and draft.actors and actors != draft.actors:
        kind = "reference"
    if draft.kind == "nominal" and actors != draft.actors:
        kind = "reference"
        actors = tuple(replace(a, reason=f"refers back to {a.name}") for a in actors)
    return Mention(
        sentence.index,
        start,
        end,
        draft.tok_start,
        draft.tok_end,
        sentence.text[start:end],
        actors,
        kind,
        draft.possessive,
        draft.written,
    )
