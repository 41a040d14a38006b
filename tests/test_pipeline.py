"""The pipeline composes the stages; configuration changes what is kept."""

from __future__ import annotations

import datetime as dt

import pytest

from kestrel import Article, Pipeline, PipelineConfig, code_text


def test_pipeline_codes_an_article_end_to_end() -> None:
    coded = code_text(
        "BAGHDAD (Reuters) - Iraqi troops attacked Islamic State fighters near Mosul on Monday.", date="2024-05-08"
    )
    assert coded.events, coded.mentions
    event = coded.events[0]
    assert event.source is not None and event.source.code.startswith("IRQ")
    assert str(event.date.date) == "2024-05-06" and event.date.phrase == "on Monday"
    assert event.location is not None and event.location.country == "IRQ"
    # the dateline is not an actor
    assert all("BAGHDAD" not in m.text for m in coded.mentions)


def test_pipeline_no_publication_date_means_no_event_date() -> None:
    assert all(e.date.date is None for e in code_text("Egypt praised Iraq on Saturday.").events)


@pytest.mark.parametrize(
    ("config", "text", "kept"),
    [
        (PipelineConfig(), "Russia did not attack Ukraine.", True),
        (PipelineConfig(keep_negated=False), "Russia did not attack Ukraine.", False),
        (PipelineConfig(), "If Russia attacks Ukraine, NATO will respond.", True),
        (PipelineConfig(keep_modal=False), "If Russia attacks Ukraine, NATO will respond.", False),
        (PipelineConfig(), "Egypt said on Monday.", True),
        (PipelineConfig(require_target=True), "Egypt said on Monday.", False),
        (PipelineConfig(), "Three Chinese engineers were killed in Nigeria.", True),  # unknown source
        (PipelineConfig(require_target=True), "Three Chinese engineers were killed in Nigeria.", False),
    ],
)
def test_pipeline_config_filters(config: PipelineConfig, text: str, kept: bool) -> None:
    events = Pipeline(config).code_article(Article("t", text, dt.date(2024, 1, 3))).events
    relevant = [e for e in events if e.cameo_root in ("19", "01")]
    assert bool(relevant) == kept


def test_pipeline_topics_come_from_event_sentences() -> None:
    coded = code_text(
        "Iraq and Egypt agreed to cooperate in the fields of energy and water.\n\nThe weather was fine in the fields of wheat and barley."
    )
    assert coded.topics == ("energy", "water")


def test_pipeline_pipe_is_lazy_and_ordered() -> None:
    articles = (Article(str(i), f"Egypt praised Iraq {i} times.") for i in range(5))
    ids = [c.article.article_id for c in Pipeline().pipe(articles)]
    assert ids == ["0", "1", "2", "3", "4"]


def test_pipeline_mentions_take_the_country_their_events_gave() -> None:
    # the coder's domestic rule makes the arrested protesters Ugandan; the mention agrees, so the
    # store's actors and events name the same actor
    coded = code_text("Ugandan police arrested dozens of protesters in Kampala.")
    target = coded.events[0].target
    assert target is not None and target.code == "UGAOPP"
    protesters = [m for m in coded.mentions if m.text == "protesters"]
    assert [a.code for a in protesters[0].actors] == ["UGAOPP"]
