"""Topics: explicit lists after cues, else the topic lexicon."""

from __future__ import annotations

import pytest

from kestrel.topics import find_topics, topic_contexts

CASES = [
    ("They will cooperate in the fields of energy, trade and health.", ("energy", "trade", "health")),
    ("Talks covered areas such as water security and grain exports.", ("water security", "grain exports")),
    ("Cooperation in the areas of trade and investment was discussed.", ("trade", "investment")),
    (
        "It was obtained in the fields of drones, missiles, and space, the general said.",
        ("drones", "missiles", "space"),
    ),
    ("The two countries signed deals on oil and natural gas.", ("oil", "natural gas")),
    ("Ministers discussed water purification plants.", ("water",)),
    ("The army attacked the town.", ()),
    ("Iran expanded its nuclear program.", ("nuclear",)),
    ("The sides agreed on counter-terrorism coordination.", ("security",)),
    (
        "Projects in the sectors of tourism, agriculture and renewable energy stalled.",
        ("tourism", "agriculture", "renewable energy"),
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_topics_find(sentence: str, expected: tuple[str, ...]) -> None:
    assert find_topics(sentence) == expected


def test_topics_contexts_follow_the_lexicon() -> None:
    assert topic_contexts(("oil", "nuclear", "unknown item")) == ("economic", "wmd")


def test_topics_reach_events() -> None:
    from kestrel import code_text

    events = code_text("Egypt and Iraq agreed to cooperate in the fields of energy and trade.").events
    assert events and all(e.topics == ("energy", "trade") for e in events)
