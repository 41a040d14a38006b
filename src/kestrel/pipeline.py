"""The pipeline: the one place to read to follow an article through Kestrel.

    article ─▶ dateline ─▶ sentences ─▶ actor mentions ─▶ events ─▶ dates, places, topics
            ─▶ filters ─▶ CodedArticle

Each stage is a plain function or callable from its own module; :class:`Pipeline` only builds them
once (knowledge bases and patterns are loaded when the pipeline is made, never per article) and
composes them. Batch, CLI, store and distributed modes all call :meth:`Pipeline.code_article`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from kestrel.actors import ActorRecognizer, load_knowledge_base
from kestrel.actors.kb import default_knowledge_base
from kestrel.dates import resolve_event_date
from kestrel.events import EventCoder, default_patterns, load_patterns
from kestrel.ingest import article_from_text, parse_date
from kestrel.models import Article, CodedArticle, Event, Location, Mention, Sentence
from kestrel.ontology import default_ontology
from kestrel.places import default_gazetteer, infer_location, parse_dateline, resolve_location
from kestrel.text import split_sentences
from kestrel.topics import find_topics

__all__ = ["Pipeline", "PipelineConfig", "code_text", "default_pipeline"]


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    """How to code.

    Attributes:
        actors: Extra actor knowledge files or folders (extend or override the bundled ones).
        patterns: Extra event-pattern files or folders.
        require_target: Only dyadic events: drop those with no target actor or no known source.
        keep_negated: Keep events the text says did not happen (flagged ``negated``).
        keep_modal: Keep future, conditional, hypothetical and questioned events (flagged).
    """

    actors: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    require_target: bool = False
    keep_negated: bool = True
    keep_modal: bool = True


class Pipeline:
    """Codes articles. Build once (loading the knowledge takes a moment), then call many times."""

    def __init__(self, config: PipelineConfig | None = None) -> None:
        self.config = config or PipelineConfig()
        kb = load_knowledge_base(self.config.actors) if self.config.actors else default_knowledge_base()
        patterns = load_patterns(self.config.patterns) if self.config.patterns else default_patterns()
        self.recognize = ActorRecognizer(kb)
        self.code_events = EventCoder(patterns, default_ontology(), require_target=self.config.require_target)

    def code_article(self, article: Article) -> CodedArticle:
        """Run every stage on one article."""
        text, dateline = _without_dateline(article)
        sentences = split_sentences(text)
        mentions_by_sentence = self.recognize(sentences, article.date)
        article_countries = _countries(m for ms in mentions_by_sentence for m in ms)
        if dateline is not None and dateline.country:
            article_countries.append(dateline.country)
        events: list[Event] = []
        mentions: list[Mention] = []
        topics: list[str] = []
        for sentence, sentence_mentions in zip(sentences, mentions_by_sentence, strict=True):
            context = [*_countries(sentence_mentions), *article_countries]
            kept = [e for e in self.code_events(article.article_id, sentence, sentence_mentions) if self._keep(e)]
            mentions.extend(_settled(sentence_mentions, kept))
            sentence_topics = find_topics(sentence.text) if kept else ()  # what the events are about
            topics.extend(sentence_topics)
            for event in kept:
                anchor = event.evidence.trigger_span[0]
                when = resolve_event_date(sentence.text, article.date, anchor=anchor)
                place = _place(event, sentence, context, anchor)
                events.append(replace(event, date=when, location=place, topics=sentence_topics))
        return CodedArticle(article, tuple(sentences), tuple(mentions), tuple(events), tuple(dict.fromkeys(topics)))

    def pipe(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        """Code a stream of articles lazily, in order."""
        for article in articles:
            yield self.code_article(article)

    def _keep(self, event: Event) -> bool:
        if event.negated and not self.config.keep_negated:
            return False
        return self.config.keep_modal or event.modality is None


def _settled(mentions: Sequence[Mention], events: Sequence[Event]) -> list[Mention]:
    """The mentions with the country their events gave them: "protesters" arrested by Ugandan police
    are Ugandan protesters (see the coder's domestic rule), so the store's actors match its events."""
    found = {
        (span, actor.sectors, actor.name): actor
        for e in events
        for actor, span in ((e.source, e.evidence.source_span), (e.target, e.evidence.target_span))
        if actor is not None and span is not None and actor.country is not None
    }
    out = []
    for m in mentions:
        actors = tuple(
            found.get(((m.start, m.end), a.sectors, a.name), a) if a.country is None else a for a in m.actors
        )
        out.append(m if actors == m.actors else replace(m, actors=actors))
    return out


def _without_dateline(article: Article) -> tuple[str, Location | None]:
    """Blank out a dateline ("BAGHDAD (Reuters) -") so it is not read as an actor; keep its place."""
    found = parse_dateline(article.text[:200], year=article.date.year if article.date else None)
    if found is None:
        return article.text, None
    place, _, end = found
    return " " * end + article.text[end:], place


def _countries(mentions: Iterable[Mention]) -> list[str]:
    """ISO-3 countries of the mentions, most mentioned first."""
    counts: dict[str, int] = {}
    for m in mentions:
        for a in m.actors:
            if a.country and a.country not in ("IGO", "IMG", "NGO"):
                counts[a.country] = counts.get(a.country, 0) + 1
    return sorted(counts, key=lambda c: -counts[c])


# visits happen in the host's country, hosting in the host's own (when the text names no place)
_HOST_SIDE = {"042": "target", "043": "source", "044": None}


def _place(event: Event, sentence: Sentence, context: list[str], anchor: int) -> Location | None:
    found = resolve_location(sentence.text, context_countries=context, anchor=anchor)
    if found is not None:
        return found
    side = _HOST_SIDE.get(event.cameo_code)
    host = event.target if side == "target" else event.source if side == "source" else None
    if host is None or not host.country or len(host.country) != 3:
        return None
    text = event.evidence.target_text if side == "target" else event.evidence.source_text
    if host.kind == "country" and host.kb_id and ":" in host.kb_id and text:
        city = default_gazetteer().lookup(text, countries=[host.country])  # "visited Tehran"
        if city is not None and city.country == host.country:
            return city
    return infer_location(host.country)


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """A pipeline with the bundled knowledge and default settings, built once per process."""
    return Pipeline()


def code_text(
    text: str,
    *,
    date: dt.date | str | None = None,
    article_id: str = "text",
    pipeline: Pipeline | None = None,
) -> CodedArticle:
    """Code one piece of text: the quickest way in.

    >>> events = code_text("Iraqi Defense Minister Juma Inad Sadoon visited Tehran on Monday.",
    ...                    date="2020-11-16").events
    >>> [(e.cameo_code, e.source.code, e.target.code, str(e.date.date)) for e in events]
    [('042', 'IRQGOVMIL', 'IRNGOV', '2020-11-16')]
    """
    when = parse_date(date) if isinstance(date, str) else date
    article = article_from_text(text, article_id=article_id, date=when)
    return (pipeline or default_pipeline()).code_article(article)
