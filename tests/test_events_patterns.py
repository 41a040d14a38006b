"""The event-pattern loader and matcher: syntax, inflections, slots and errors with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kestrel import DataFileError, load_patterns, tokenize
from kestrel.events.patterns import expand


@pytest.mark.parametrize(
    ("pattern", "sentence", "found"),
    [
        ("visit +", "Iraq visited Iran", True),
        ("visit +", "Iraq visits Iran", True),
        ("(hold|have) [lengthy] talks with +", "Iraq held lengthy talks with Iran", True),
        ("(hold|have) [lengthy] talks with +", "Iraq had talks with Iran", True),
        ("pay * visit to +", "Iraq paid a surprise visit to Iran", True),
        ("pay * visit to +", "Iraq paid a long overdue official visit to Iran", False),  # gap of 4
        ("pay ** visit to +", "Iraq paid a long overdue official visit to Iran", True),  # a long gap: 0-10 words
        ("pay ** visit to +", "Iraq paid visit to Iran", True),
        ("pay ** visit to +", "Iraq paid tribute to the dead and a visit to Iran", False),  # stops at "to"
        ("pay ** visit to +", "Iraq paid its debts, then a visit to Iran", False),  # stops at a comma
        ("launch (an attack|an assault) on +", "Iraq launched an assault on Iran", True),
        ("visit +", "Iraq praised Iran", False),
    ],
)
def test_events_patterns_match(tmp_path: Path, pattern: str, sentence: str, found: bool) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(f'"042":\n  - {pattern}\n', encoding="utf-8")
    patterns = load_patterns([path], defaults=False)
    tokens = tokenize(sentence)
    mentions = {i: i + 1 for i, t in enumerate(tokens) if t.text in ("Iraq", "Iran")}
    assert bool(patterns.find(tokens, mentions)) == found


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ('"999":\n  - visit\n', 1, "unknown CAMEO code"),
        ('"042":\n  - + visit\n', 2, "must start with a word"),
        ('"042":\n  - visit + +\n', 2, "more than one"),
        ('"042":\n  - (visit)? +\n', 2, "unsupported syntax"),
        ('"042":\n  - 42\n', 2, "non-empty string"),
        ('"042": visit\n', 1, "must be a list"),
    ],
)
def test_events_patterns_errors_name_file_and_line(tmp_path: Path, content: str, line: int, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as info:
        load_patterns([path], defaults=False)
    assert (info.value.path, info.value.line) == (str(path), line)


def test_events_patterns_package_files_load() -> None:
    assert len(load_patterns()) > 5000


@given(st.lists(st.sampled_from(["visit", "(a|b)", "[c]", "*", "+", "with", "(d|e f)"]), min_size=1, max_size=6))
def test_events_patterns_expand_never_loses_words(parts: list[str]) -> None:
    text = " ".join(parts)
    for variant in expand(text):
        flat = [w for e in variant for w in (e if isinstance(e, tuple) else (e,))]
        assert all("(" not in w and "[" not in w for w in flat)
