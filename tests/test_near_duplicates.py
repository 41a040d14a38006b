"""Near-duplicate articles: wire copies are found, different stories are not."""

from __future__ import annotations

from kestrel.near_duplicates import NearDuplicateIndex, shingles

STORY = (
    "Iraqi Prime Minister Mohammed Shia al-Sudani met Turkish President Recep Tayyip Erdogan in Ankara on "
    "Monday to discuss water sharing, the Development Road project and security along the border, officials said. "
    "The two leaders signed agreements on energy and trade. Erdogan said Turkey would increase the flow of "
    "the Tigris and Euphrates rivers during the summer months, a long-standing Iraqi demand. Sudani thanked his "
    "host and invited him to visit Baghdad later in the year. The visit was the first by an Iraqi prime minister "
    "to Ankara in three years, and followed talks between the two foreign ministers in Baghdad last month."
)


def test_near_duplicates_wire_copy_is_found() -> None:
    index = NearDuplicateIndex()
    index.add("original", index.signature(STORY))
    copy = STORY.replace("officials said", "officials told reporters") + " (Reporting by a wire desk)"
    assert index.find(index.signature(copy)) == "original"


def test_near_duplicates_different_story_is_not() -> None:
    index = NearDuplicateIndex()
    index.add("original", index.signature(STORY))
    other = "Kenyan police fired tear gas at protesters in Nairobi on Tuesday as demonstrations over taxes spread."
    assert index.find(index.signature(other)) is None


def test_near_duplicates_signature_round_trips() -> None:
    index = NearDuplicateIndex()
    signature = index.signature(STORY)
    assert all(isinstance(v, int) for v in signature)
    index.add("a", signature)
    assert index.find(list(signature)) == "a"


def test_near_duplicates_shingles_of_short_texts() -> None:
    assert shingles("") == set()
    assert shingles("Egypt praised Iraq") == {b"egypt praised iraq"}


def test_near_duplicates_signature_is_datasketchs_own() -> None:
    # stored signatures must stay comparable: the fast path hashes exactly as datasketch's default does
    from datasketch import MinHash

    from kestrel.near_duplicates import _PERMUTATIONS, _SCHEME

    text = "The minister met his counterpart in Tehran on Monday to discuss defence cooperation and trade."
    reference = MinHash(num_perm=_PERMUTATIONS, scheme=_SCHEME)
    reference.update_batch(list(shingles(text)))
    assert NearDuplicateIndex().signature(text) == [int(v) for v in reference.hashvalues]
