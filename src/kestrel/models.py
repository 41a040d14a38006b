"""The typed records that flow between Kestrel's stages.

Every stage takes and returns these frozen dataclasses; dictionaries appear only at the edges
(JSON, CSV, database rows — see :mod:`kestrel.serialize`). Character spans are half-open
``(start, end)`` offsets. Token, mention and evidence spans are relative to their sentence's text;
``Sentence.start``/``Sentence.end`` place the sentence in its article's text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "Actor",
    "Article",
    "CodedArticle",
    "Event",
    "EventDate",
    "Evidence",
    "InputProblem",
    "Location",
    "Mention",
    "Sentence",
    "Span",
    "Token",
]

Span = tuple[int, int]
"""A half-open character span ``(start, end)``."""


@dataclass(frozen=True, slots=True)
class Article:
    """One news story as read from the input.

    Attributes:
        article_id: Identifier from the input (``id`` field) or the file name without extension.
        text: The body text, header lines and inline date markers removed.
        date: Publication date, if the input gave one; never guessed.
        title: Headline, if given.
        source: The outlet ("Reuters", "Ahram Online"), if given.
        url: Where the story was published, if given.
        origin: Where it was read from, as ``path:line`` (``<stdin>:3``, ``<text>``).
    """

    article_id: str
    text: str
    date: dt.date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class InputProblem:
    """A record that could not be read and was skipped: where it was, and why."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark.

    Attributes:
        text: The characters as written.
        start: Offset of the first character in the sentence text.
        end: Offset after the last character in the sentence text.
        norm: Lower-cased, accent-stripped form used for dictionary look-ups
            ("Türkiye" → "turkiye", "U.S." → "u.s.").
    """

    text: str
    start: int
    end: int
    norm: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article with its tokens.

    Attributes:
        index: 0-based position of the sentence in its article.
        start: Offset of the sentence in the article text.
        end: Offset after the sentence in the article text.
        text: The sentence text (``article.text[start:end]``).
        tokens: Its tokens, offsets relative to ``text``.
    """

    index: int
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]


@dataclass(frozen=True, slots=True)
class Actor:
    """A coded political actor.

    Attributes:
        code: CAMEO-style code: country (or IGO/region code) followed by sector codes,
            primary first, e.g. ``IRQGOVMIL``. ``---`` for an actor of unknown country and sector.
        country: ISO 3166-1 alpha-3 code, or a CAMEO region/IGO code (``IGO``, ``AFR``), or None.
        sectors: Sector codes (``GOV``, ``MIL``, ``REB`` …), primary first.
        name: The canonical name of the person or organisation, if the actor is named.
        kb_id: Identifier of the knowledge-base entry that produced the code, if any.
        kind: ``country``, ``organization``, ``group``, ``person`` or ``agent`` (an unnamed role
            such as "troops" or "the minister").
        reason: A short human-readable account of how the code was reached.
    """

    code: str
    country: str | None = None
    sectors: tuple[str, ...] = ()
    name: str | None = None
    kb_id: str | None = None
    kind: str = "agent"
    reason: str = ""

    @property
    def actor_id(self) -> str:
        """A stable identity: the knowledge-base id, else name and code, else the code."""
        if self.kb_id:
            return self.kb_id
        if self.name:
            return f"name:{self.code}:{self.name.lower()}"
        return f"code:{self.code}"


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a sentence that refers to one or more actors.

    A compound mention ("Iraqi and Egyptian officials", "the two countries") carries several
    actors; events expand over them.

    Attributes:
        sentence_index: The sentence the mention is in.
        start: Offset of the span in the sentence text.
        end: Offset after the span in the sentence text.
        tok_start: Index of its first token.
        tok_end: Index after its last token.
        text: The words as written.
        actors: The actor(s) referred to.
        kind: ``name`` (a proper name or dictionary phrase), ``nominal`` (a role noun phrase),
            ``pronoun`` or ``reference`` (a short form, acronym or "the organization" resolved to
            an earlier mention).
        possessive: True when the mention ends in a possessive (``Egypt's``, ``his``).
        name: The proper name as written in this mention ("Juma Enad Saadoun"), if it has one;
            the actor's ``name`` is the canonical one.
    """

    sentence_index: int
    start: int
    end: int
    tok_start: int
    tok_end: int
    text: str
    actors: tuple[Actor, ...]
    kind: str = "name"
    possessive: bool = False
    name: str | None = None


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an event happened, as resolved from the text and the publication date.

    Attributes:
        date: The (first) day of the period, or None when it cannot be resolved.
        precision: ``day``, ``week``, ``month``, ``year`` or None.
        phrase: The time expression used ("on Monday"), or None when the publication date was used.
    """

    date: dt.date | None = None
    precision: str | None = None
    phrase: str | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened.

    Attributes:
        name: The place name as resolved ("Tehran").
        country: ISO-3 code of the country it is in.
        admin1: First-level administrative division, if known.
        lat: Latitude in decimal degrees.
        lon: Longitude in decimal degrees.
        geonames_id: GeoNames identifier, if resolved through the gazetteer.
        precision: ``city``, ``admin1``, ``country`` or ``inferred``.
        phrase: The words the place was read from, if any.
    """

    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: str | None = None
    phrase: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """The words that produced an event.

    Attributes:
        sentence: The sentence text.
        source_span: Span of the source actor's mention in ``sentence`` (None if unknown).
        target_span: Span of the target actor's mention in ``sentence`` (None if none).
        trigger_span: Span of the words that matched the event pattern.
        rule: Identifier of the pattern or rule that fired (``042:visit``).
        source_text: The source mention as written.
        target_text: The target mention as written.
        trigger_text: The trigger words as written.
    """

    sentence: str
    source_span: Span | None
    target_span: Span | None
    trigger_span: Span
    rule: str
    source_text: str | None = None
    target_text: str | None = None
    trigger_text: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: who did what to whom, when and where, with its evidence.

    Attributes:
        event_id: Stable content hash (same input and coder version → same id).
        article_id: The article the event was coded from.
        sentence_index: The sentence within the article.
        source: The actor doing the action (None when no actor could be found).
        target: The actor acted upon (None for events without a target).
        cameo_code: CAMEO event code as a string with leading zeros (``042``, ``0311``).
        cameo_root: The two-digit root (``04``).
        quad_class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
            4 material conflict (GDELT's convention: roots 01–04, 05–08, 09–13, 14–20).
        goldstein: Goldstein conflict–cooperation score of the code (−10 … +10).
        plover_type: PLOVER event type (``CONSULT``).
        plover_mode: PLOVER mode, if the crosswalk gives one.
        plover_context: PLOVER context(s) of the code, if any.
        date: When the event happened (see :class:`EventDate`).
        location: Where it happened, if known.
        negated: The sentence says the event did not happen ("did not attack").
        modality: ``None`` for a reported fact, else ``future``, ``intent``, ``conditional``,
            ``question`` or ``hypothetical``.
        topics: Issues the event is about ("defense industries", "renewable energy").
        evidence: The words that produced it.
        coder_version: Version of Kestrel and its knowledge that coded it.
    """

    event_id: str
    article_id: str
    sentence_index: int
    source: Actor | None
    target: Actor | None
    cameo_code: str
    cameo_root: str
    quad_class: int
    goldstein: float
    plover_type: str | None
    plover_mode: str | None
    plover_context: tuple[str, ...]
    date: EventDate
    location: Location | None
    negated: bool
    modality: str | None
    evidence: Evidence
    coder_version: str
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CodedArticle:
    """An article after all stages: its sentences, actor mentions, events and the topics of the
    sentences that have events."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = field(default=())
    topics: tuple[str, ...] = ()
