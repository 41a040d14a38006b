"""Sentence splitting and tokenisation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kestrel.text import normalize, split_sentences, tokenize

SPLITS = [
    ("Iraq met Egypt. Iran met Syria.", ["Iraq met Egypt.", "Iran met Syria."]),
    ("Brig. Gen. Ali arrived. He left.", ["Brig. Gen. Ali arrived.", "He left."]),
    (
        "Iraqi Minister of Defense Staff Gen. Juma Enad Saadoun said so.",
        ["Iraqi Minister of Defense Staff Gen. Juma Enad Saadoun said so."],
    ),
    ("The U.S. envoy met Iraqi officials.", ["The U.S. envoy met Iraqi officials."]),
    ("Sanctions on the U.S. The talks failed.", ["Sanctions on the U.S.", "The talks failed."]),
    ("He arrived on Jan. 5 in Baghdad.", ["He arrived on Jan. 5 in Baghdad."]),
    ("They met on Jan. 5. Talks went on.", ["They met on Jan. 5.", "Talks went on."]),
    ("George W. Bush visited Baghdad.", ["George W. Bush visited Baghdad."]),
    ("Mr. Sadr spoke. Dr. Ali replied.", ["Mr. Sadr spoke.", "Dr. Ali replied."]),
    ("“We will never forget,” he said. Then he left.", ["“We will never forget,” he said.", "Then he left."]),
    ("He said: “Enough.” Iraq agreed.", ["He said: “Enough.”", "Iraq agreed."]),
    ("Is this war? No, it is not!", ["Is this war?", "No, it is not!"]),
    (
        "First paragraph without a stop\n\nSecond paragraph.",
        ["First paragraph without a stop", "Second paragraph."],
    ),
    ("Lt. Col. Smith and Maj. Gen. Jones met.", ["Lt. Col. Smith and Maj. Gen. Jones met."]),
    ("Prices rose 3.5 percent. Markets fell.", ["Prices rose 3.5 percent.", "Markets fell."]),
    ("The U.N. Security Council met on Monday.", ["The U.N. Security Council met on Monday."]),
    (
        "Troops withdrew (the ministry said). Calm returned.",
        ["Troops withdrew (the ministry said).", "Calm returned."],
    ),
    ("   ", []),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_text_split_sentences(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


TOKENS = [
    ("Egypt's army", ["Egypt", "'s", "army"]),
    ("Iran’s help", ["Iran", "’s", "help"]),
    ("the governmentʼs request", ["the", "government", "ʼs", "request"]),
    ("El-Terras", ["El", "Terras"]),
    ("Commander-in-Chief", ["Commander", "in", "Chief"]),
    ("U.S.-led", ["U.S.", "led"]),
    ("Shi'ite clerics", ["Shi'ite", "clerics"]),
    ("didn't attack", ["didn't", "attack"]),
    ("on 2020-11-16", ["on", "2020", "11", "16"]),
    ("Staff Gen. Ali", ["Staff", "Gen.", "Ali"]),
    ("a - b", ["a", "-", "b"]),
]


@pytest.mark.parametrize(("text", "expected"), TOKENS)
def test_text_tokenize(text: str, expected: list[str]) -> None:
    assert [t.text for t in tokenize(text)] == expected


NORMS = [("Türkiye", "turkiye"), ("U.S.", "us"), ("Gen.", "gen"), ("Iran’s", "iran's"), ("CÔTE", "cote")]


@pytest.mark.parametrize(("text", "expected"), NORMS)
def test_text_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_text_token_offsets_slice_back(text: str) -> None:
    for tok in tokenize(text):
        assert text[tok.start : tok.end] == tok.text


@given(
    st.lists(
        st.sampled_from(
            [
                "Iraq met Egypt.",
                "Gen. Ali said so.",
                "\n\n",
                "U.S. troops left.",
                "“Fine,” he said.",
                " ",
                "Why?",
            ]
        ),
        max_size=12,
    )
)
def test_text_sentences_are_slices_of_the_article(parts: list[str]) -> None:
    text = " ".join(parts)
    sentences = split_sentences(text)
    for i, s in enumerate(sentences):
        assert s.index == i
        assert text[s.start : s.end] == s.text
        for tok in s.tokens:
            assert s.text[tok.start : tok.end] == tok.text
    # no word is lost
    words = [t.text for t in tokenize(text) if t.text.strip()]
    assert [t.text for s in sentences for t in s.tokens] == words
