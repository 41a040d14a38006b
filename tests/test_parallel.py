"""Several processes code exactly what one does, in the same order."""

from __future__ import annotations

from kestrel import Article, PipelineConfig
from kestrel.parallel import code_batch, pipe_parallel
from kestrel.serialize import event_to_dict

TEXTS = [
    "Egypt praised Iraq.",
    "Iraqi troops attacked Islamic State fighters near Mosul.",
    "Turkey and Azerbaijan agreed to strengthen military cooperation.",
    "Russia did not attack Ukrainian ports.",
    "The EU imposed sanctions on Iran.",
] * 3


def test_parallel_matches_one_process() -> None:
    articles = [Article(str(i), t) for i, t in enumerate(TEXTS)]
    one = [[event_to_dict(e) for e in c.events] for c in pipe_parallel(articles, workers=1)]
    two = [
        [event_to_dict(e) for e in c.events] for c in pipe_parallel(articles, PipelineConfig(), workers=2, batch_size=4)
    ]
    assert one == two and any(one)


def test_parallel_batches_drop_tokens() -> None:
    coded = code_batch([Article("a", "Egypt praised Iraq.")])
    assert coded[0].events and all(s.tokens == () for s in coded[0].sentences)
