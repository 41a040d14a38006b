"""The actors stage: recognise and code political actors in an article's sentences.

Dictionary pieces (:mod:`~kestrel.actors.match`) are joined into coded mentions
(:mod:`~kestrel.actors.compose`) and resolved against the rest of the document
(:mod:`~kestrel.actors.coref`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kestrel.actors.compose import compose
from kestrel.actors.coref import DocumentResolver
from kestrel.actors.kb import KBEntry, KnowledgeBase, default_knowledge_base, load_knowledge_base
from kestrel.actors.match import ActorMatcher
from kestrel.models import Actor, Mention, Sentence

__all__ = [
    "ActorRecognizer",
    "KBEntry",
    "KnowledgeBase",
    "code_actor",
    "default_knowledge_base",
    "load_knowledge_base",
]


class ActorRecognizer:
    """Callable: ``recognizer(sentences, on=date) -> mentions per sentence``.

    Build once per knowledge base and reuse across articles; it holds no per-article state.
    """

    def __init__(self, kb: KnowledgeBase | None = None) -> None:
        self.kb = kb if kb is not None else default_knowledge_base()
        self.matcher = ActorMatcher(self.kb)

    def __call__(self, sentences: Sequence[Sentence], on: dt.date | None = None) -> list[list[Mention]]:
        resolver = DocumentResolver()
        out: list[list[Mention]] = []
        for sentence in sentences:
            drafts = compose(self.matcher(sentence.tokens), sentence, on)
            out.append(resolver.resolve(sentence, drafts))
        return out


def code_actor(
    text: str,
    *,
    on: dt.date | None = None,
    context: str | None = None,
    recognizer: ActorRecognizer | None = None,
) -> Actor | None:
    """Code one actor string ("Iraqi Defense Minister Juma Inad Sadoon") as of date ``on``.

    ``context`` is an optional sentence to read first, so that references resolve against it.
    Returns the actor of the longest mention found, or None.
    """
    from kestrel.text import split_sentences

    recognizer = recognizer or ActorRecognizer()
    sentences = split_sentences(f"{context}\n\n{text}" if context else text)
    if not sentences:
        return None
    mentions = recognizer(sentences, on)
    last = [m for m in mentions[-1]] if mentions else []
    if not last:
        return None
    best = max(last, key=lambda m: m.end - m.start)
    return best.actors[0]
