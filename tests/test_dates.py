"""Tests for kestrel.dates: finding time expressions and resolving event dates."""

from __future__ import annotations

import datetime as dt
import json
import timeit
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kestrel import dates
from kestrel.dates import TimeExpression, find_time_expressions, resolve_event_date, resolve_expression
from kestrel.models import EventDate

D = dt.date
MON = D(2020, 11, 16)  # a Monday
SUN = D(2020, 11, 22)  # a Sunday
JAN = D(2021, 1, 10)  # a Sunday early in a year
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# (sentence, publication date, expected date, expected precision, expected phrase)
RESOLVED = [
    # weekdays: the most recent such day on or before the publication date
    ("The minister arrived in Baghdad on Monday.", MON, D(2020, 11, 16), "day", "on Monday"),
    ("The delegation met officials on Saturday.", SUN, D(2020, 11, 21), "day", "on Saturday"),
    ("The talks ended on Sunday.", SUN, D(2020, 11, 22), "day", "on Sunday"),
    ("Troops shelled the town on Friday.", MON, D(2020, 11, 13), "day", "on Friday"),
    ("The minister said Tuesday that talks would resume.", MON, D(2020, 11, 10), "day", "Tuesday"),
    ("Rebels attacked the base late Wednesday.", MON, D(2020, 11, 11), "day", "late Wednesday"),
    ("Protesters gathered on Monday night.", MON, D(2020, 11, 16), "day", "on Monday night"),
    ("Police arrested three men on Thursday morning.", SUN, D(2020, 11, 19), "day", "on Thursday morning"),
    ("On Sunday evening the army withdrew.", MON, D(2020, 11, 15), "day", "On Sunday evening"),
    ("Officials met early on Tuesday.", SUN, D(2020, 11, 17), "day", "early on Tuesday"),
    ("Monday's attack killed four soldiers.", MON, D(2020, 11, 16), "day", "Monday"),
    ("The vote took place at 10 a.m. Thursday.", SUN, D(2020, 11, 19), "day", "Thursday"),
    ("The envoy visited Cairo last Monday.", MON, D(2020, 11, 9), "day", "last Monday"),
    ("The envoy visited Cairo last Friday.", MON, D(2020, 11, 13), "day", "last Friday"),
    ("The summit opens next Monday.", MON, D(2020, 11, 23), "day", "next Monday"),
    ("The summit opens next Thursday.", MON, D(2020, 11, 19), "day", "next Thursday"),
    ("The Sunday newspaper interviewed him on Friday.", MON, D(2020, 11, 15), "day", "Sunday"),
    # days relative to the publication date
    ("The minister arrived yesterday.", MON, D(2020, 11, 15), "day", "yesterday"),
    ("Yesterday the army closed the border.", MON, D(2020, 11, 15), "day", "Yesterday"),
    ("Shells hit the market yesterday afternoon.", MON, D(2020, 11, 15), "day", "yesterday afternoon"),
    ("Talks resume today in Geneva.", MON, D(2020, 11, 16), "day", "today"),
    ("The president will speak tonight.", MON, D(2020, 11, 16), "day", "tonight"),
    ("Clashes erupted this morning near the border.", MON, D(2020, 11, 16), "day", "this morning"),
    ("Gunmen attacked a checkpoint last night.", MON, D(2020, 11, 15), "day", "last night"),
    ("The ministers met the day before yesterday.", MON, D(2020, 11, 14), "day", "the day before yesterday"),
    ("The ministers will meet tomorrow.", MON, D(2020, 11, 17), "day", "tomorrow"),
    ("They will meet the day after tomorrow.", MON, D(2020, 11, 18), "day", "the day after tomorrow"),
    ("Earlier today the parliament voted.", MON, D(2020, 11, 16), "day", "Earlier today"),
    ("Parliament was recalled on New Year's Day.", MON, MON, "day", None),
    # "ago": the precision follows the unit
    ("The deal was signed three days ago.", MON, D(2020, 11, 13), "day", "three days ago"),
    ("The talks collapsed 10 days ago.", MON, D(2020, 11, 6), "day", "10 days ago"),
    ("The bomb exploded 6 hours ago.", MON, D(2020, 11, 16), "day", "6 hours ago"),
    ("The ceasefire collapsed two weeks ago.", MON, D(2020, 11, 2), "week", "two weeks ago"),
    ("The envoy resigned a month ago.", MON, D(2020, 10, 1), "month", "a month ago"),
    ("Elections were held three months ago.", JAN, D(2020, 10, 1), "month", "three months ago"),
    ("The war began a year ago.", MON, D(2019, 1, 1), "year", "a year ago"),
    # weeks: the Monday of the week
    ("Iraq and Iran signed an accord last week.", MON, D(2020, 11, 9), "week", "last week"),
    ("The two sides met earlier this week.", SUN, D(2020, 11, 16), "week", "earlier this week"),
    ("The envoy travels to Tehran this week.", MON, D(2020, 11, 16), "week", "this week"),
    ("Talks will resume next week.", SUN, D(2020, 11, 23), "week", "next week"),
    ("Fighting flared over the weekend.", MON, D(2020, 11, 9), "week", "over the weekend"),
    ("Fighting flared over the weekend.", SUN, D(2020, 11, 16), "week", "over the weekend"),
    # months: the first of the month
    ("The army launched an offensive last month.", MON, D(2020, 10, 1), "month", "last month"),
    ("The army launched an offensive last month.", JAN, D(2020, 12, 1), "month", "last month"),
    ("The embassy reopened earlier this month.", MON, D(2020, 11, 1), "month", "earlier this month"),
    ("Prices rose sharply this month.", JAN, D(2021, 1, 1), "month", "this month"),
    ("The talks resume next month.", MON, D(2020, 12, 1), "month", "next month"),
    # years: the first of January
    ("The protests began last year.", MON, D(2019, 1, 1), "year", "last year"),
    ("The protests began late last year.", JAN, D(2020, 1, 1), "year", "late last year"),
    ("Exports doubled this year.", MON, D(2020, 1, 1), "year", "this year"),
    ("The two countries cut ties in 2019.", MON, D(2019, 1, 1), "year", "in 2019"),
    ("In 2016 the army retook the city.", MON, D(2016, 1, 1), "year", "In 2016"),
    ("Sanctions have been in place since 2018.", MON, D(2018, 1, 1), "year", "since 2018"),
    ("The militia was formed in the summer of 2014.", MON, D(2014, 1, 1), "year", "of 2014"),
    ("The pipeline opened in mid-2019.", MON, D(2019, 1, 1), "year", "in mid-2019"),
    # month names: the most recent such month not after the publication month
    ("Parliament approved the budget in November.", MON, D(2020, 11, 1), "month", "in November"),
    ("Parliament approved the budget in December.", MON, D(2019, 12, 1), "month", "in December"),
    ("The rebels took the town in May.", MON, D(2020, 5, 1), "month", "in May"),
    ("Protests spread in early September.", MON, D(2020, 9, 1), "month", "in early September"),
    ("The treaty was signed in March 2019.", MON, D(2019, 3, 1), "month", "in March 2019"),
    ("The election of November 2019 was disputed.", MON, D(2019, 11, 1), "month", "of November 2019"),
    ("The strike began at the end of March.", MON, D(2020, 3, 1), "month", "of March"),
    ("The envoy visited Iraq last November.", MON, D(2019, 11, 1), "month", "last November"),
    ("The envoy visited Iraq last October.", MON, D(2020, 10, 1), "month", "last October"),
    ("The envoy will visit Iraq next January.", MON, D(2021, 1, 1), "month", "next January"),
    ("The September vote was postponed.", MON, D(2020, 9, 1), "month", "September"),
    # explicit dates
    ("The accord was signed on Nov. 5.", MON, D(2020, 11, 5), "day", "on Nov. 5"),
    ("The deal signed Nov 5 was ratified.", MON, D(2020, 11, 5), "day", "Nov 5"),
    ("The minister resigned on November 5.", MON, D(2020, 11, 5), "day", "on November 5"),
    ("The minister resigned on November 5th.", MON, D(2020, 11, 5), "day", "on November 5th"),
    ("The minister resigned on 5 November.", MON, D(2020, 11, 5), "day", "on 5 November"),
    ("The minister resigned on the 5th of November.", MON, D(2020, 11, 5), "day", "on the 5th of November"),
    ("The minister resigned on November 5, 2019.", MON, D(2019, 11, 5), "day", "on November 5, 2019"),
    ("The minister resigned on 5 Nov 2019.", MON, D(2019, 11, 5), "day", "on 5 Nov 2019"),
    ("The decree dated 2019-11-05 was annulled.", MON, D(2019, 11, 5), "day", "2019-11-05"),
    ("The result of the November 3 election was contested.", MON, D(2020, 11, 3), "day", "November 3"),
    ("They met on Wednesday, Nov. 4, in Cairo.", MON, D(2020, 11, 4), "day", "on Wednesday, Nov. 4"),
    ("They met on Monday, 2 November, in Cairo.", MON, D(2020, 11, 2), "day", "on Monday, 2 November"),
    ("The accord was signed on March 3.", MON, D(2020, 3, 3), "day", "on March 3"),
    (
        "Inspectors toured the sites from 6 – 10 February 2018.",
        MON,
        D(2018, 2, 6),
        "day",
        "from 6 – 10 February 2018",
    ),
    ("As of January 20, aid had reached the city.", MON, D(2020, 1, 20), "day", "of January 20"),
    ("The accord was signed on February 29.", D(2021, 3, 1), D(2020, 2, 29), "day", "on February 29"),
    # a month-day more than 300 days back that recurs within 60 days is the coming one
    ("The vote is set for January 5.", D(2020, 12, 20), D(2021, 1, 5), "day", "January 5"),
    ("Leaders will meet on December 20.", MON, D(2020, 12, 20), "day", "on December 20"),
    ("Leaders met on October 30.", MON, D(2020, 10, 30), "day", "on October 30"),
    # no time expression: the publication date
    ("The minister praised the growing cooperation between the two countries.", MON, MON, "day", None),
]

# Without a publication date, relative expressions stay unresolved; those with a year resolve.
NO_PUBLICATION_DATE = [
    ("The minister arrived in Cairo on Saturday.", None, None, "on Saturday"),
    ("The minister arrived yesterday.", None, None, "yesterday"),
    ("The accord was signed last week.", None, None, "last week"),
    ("The accord was signed on Nov. 5.", None, None, "on Nov. 5"),
    ("The accord was signed in November.", None, None, "in November"),
    ("The accord was signed on 5 November 2019.", D(2019, 11, 5), "day", "on 5 November 2019"),
    ("The accord was signed in March 2019.", D(2019, 3, 1), "month", "in March 2019"),
    ("The accord was signed in 2019.", D(2019, 1, 1), "year", "in 2019"),
    ("The decree dated 2019-11-05 was annulled.", D(2019, 11, 5), "day", "2019-11-05"),
    ("The minister praised the growing cooperation.", None, None, None),
]

# Words that look like dates but are not: the publication date is used.
NOT_DATES = [
    "Iran may attack the tanker, officials warned.",
    "Theresa May met the Iraqi prime minister.",
    "Officials said after May resigned the talks stalled.",
    "Thousands joined a march on the capital.",
    "Protesters March on Parliament.",
    "The Sunday Times reported the deal.",
    "Black Friday sales slumped across the region.",
    "The army deployed 2000 troops to the border.",
    "The disease spread in 1,500 cases.",
    "The strike resulted in 2000 deaths.",
    "A 1990 treaty governs the border.",
    "In the 1990s the country was under sanctions.",
    "The meeting started at 10 a.m. local time.",
    "The 45-year-old commander was killed.",
    "The years-long conflict has displaced millions.",
    "Jan Kubis briefed the council.",
    "Veterans of the October War gathered in Cairo.",
    "Egyptians marked the anniversary of the January 25 Revolution.",
    "The report revisited the September 11 attacks.",
    "Mondays are quiet in the capital.",
    "He met the Marine Corps commander.",
    "The mayor held a Monday Night Football party.",
    "Ceasefire talks were held in Doha.",
]


@pytest.mark.parametrize(("sentence", "pub", "date", "precision", "phrase"), RESOLVED)
def test_dates_resolves_expressions(
    sentence: str, pub: dt.date, date: dt.date, precision: str, phrase: str | None
) -> None:
    assert resolve_event_date(sentence, pub) == EventDate(date, precision, phrase)


@pytest.mark.parametrize(("sentence", "date", "precision", "phrase"), NO_PUBLICATION_DATE)
def test_dates_without_publication_date(
    sentence: str, date: dt.date | None, precision: str | None, phrase: str | None
) -> None:
    assert resolve_event_date(sentence, None) == EventDate(date, precision, phrase)


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_dates_ignores_non_dates(sentence: str) -> None:
    assert find_time_expressions(sentence) == []
    assert resolve_event_date(sentence, MON) == EventDate(MON, "day", None)


@pytest.mark.parametrize(
    ("anchor_word", "phrase", "date"),
    [
        ("met", "on Monday", D(2020, 11, 16)),
        ("sign", "next Thursday", D(2020, 11, 19)),
        ("Thursday", "next Thursday", D(2020, 11, 19)),  # anchor inside an expression
        (None, "on Monday", D(2020, 11, 16)),  # no anchor: the first expression
    ],
)
def test_dates_anchor_picks_closest_expression(anchor_word: str | None, phrase: str, date: dt.date) -> None:
    sentence = "The ministers met on Monday and the presidents will sign the accord next Thursday."
    anchor = None if anchor_word is None else sentence.index(anchor_word)
    assert resolve_event_date(sentence, MON, anchor=anchor) == EventDate(date, "day", phrase)


def test_dates_anchor_tie_prefers_earlier_expression() -> None:
    sentence = "On Monday X Y on Friday"
    assert resolve_event_date(sentence, MON, anchor=sentence.index("X") + 1).phrase == "On Monday"


def test_dates_find_reports_spans_in_text_order() -> None:
    sentence = "After talks on Monday and a vote last week, the deal takes effect in March 2021."
    found = find_time_expressions(sentence)
    assert [e.phrase for e in found] == ["on Monday", "last week", "in March 2021"]
    assert all(sentence[e.start : e.end] == e.phrase for e in found)
    assert [e.kind for e in found] == ["weekday", "relative", "month"]


def test_dates_resolve_expression_out_of_calendar_is_unresolved() -> None:
    expr = TimeExpression(0, 9, "yesterday", "relative", unit="day", offset=-1)
    assert resolve_expression(expr, dt.date.min) == EventDate(None, None, "yesterday")
    assert resolve_event_date("next year", dt.date.max) == EventDate(None, None, "next year")


@settings(max_examples=300)
@given(pub=st.dates(min_value=D(1, 1, 7)), weekday=st.sampled_from(WEEKDAYS))
def test_dates_property_weekday_within_week_before_publication(pub: dt.date, weekday: str) -> None:
    result = resolve_event_date(f"The minister arrived on {weekday}.", pub)
    assert result.date is not None
    assert 0 <= (pub - result.date).days < 7
    assert result.date.strftime("%A") == weekday
    assert (result.precision, result.phrase) == ("day", f"on {weekday}")


_FRAGMENTS = [
    "on", "the", "Monday", "last", "next", "week", "weekend", "in", "May", "may", "March", "2019",
    "2000", "troops", "5", "5th", "of", "November", "Nov.", "ago", "three", "days", "a", "year",
    "yesterday", "day", "before", "tonight", "early", "late", "mid-2019", "this", "morning", "night",
    "said", "Times", "Black", "Friday", ",", "2020-11-05", "hours", "since", "Sunday", "over", "at",
    "on the 5th of November", "late on Monday", "earlier this week", "6 hours ago", "in early May",
    "on Wednesday, Nov. 4", "the day before yesterday", "over the weekend", "(on", "Tuesday)", "6-10", "–",
]  # fmt: skip


def _full_scan(text: str) -> list[TimeExpression]:
    """The slow reference: the pattern tried at every position of the text."""
    found = []
    for m in dates._PATTERN.finditer(text):
        expr = dates._from_match(m, text)
        if expr is not None:
            found.append(expr)
    return found


@settings(max_examples=500)
@given(
    words=st.lists(st.sampled_from(_FRAGMENTS), max_size=14),
    seps=st.lists(st.sampled_from([" ", " ", " ", "  ", "\n"]), min_size=14, max_size=14),
)
def test_dates_property_keyword_search_matches_full_scan(words: list[str], seps: list[str]) -> None:
    text = "".join(word + sep for word, sep in zip(words, seps, strict=False))
    assert find_time_expressions(text) == _full_scan(text)


@given(text=st.text(max_size=80), pub=st.none() | st.dates(), anchor=st.none() | st.integers(-5, 90))
def test_dates_property_never_raises(text: str, pub: dt.date | None, anchor: int | None) -> None:
    result = resolve_event_date(text, pub, anchor=anchor)
    assert result.precision in (None, "day", "week", "month", "year")
    assert (result.date is None) == (result.precision is None)
    for expr in find_time_expressions(text):
        assert text[expr.start : expr.end] == expr.phrase


def _microseconds(sentence: str) -> float:
    number = 2000
    best = min(timeit.repeat(lambda: resolve_event_date(sentence, MON), number=number, repeat=5))
    return best / number * 1e6


@pytest.mark.parametrize(
    ("sentence", "budget_us"),
    [
        (
            "The Iraqi defence minister praised the growing cooperation between the two countries "
            "in the fields of industry, trade and energy, officials said.",
            200,  # target 20 µs without a time expression, 10x margin
        ),
        (
            "The Iraqi defence minister praised the cooperation between the two countries and said "
            "2000 troops may join the exercises in the fields of industry.",
            200,
        ),
        (
            "The Iraqi defence minister met the commander of the air force in the capital on Monday "
            "to discuss cooperation between the two countries.",
            600,  # target 60 µs with one, 10x margin
        ),
    ],
)
def test_dates_performance(sentence: str, budget_us: float) -> None:
    assert _microseconds(sentence) < budget_us


def test_dates_seed_articles() -> None:
    expect = SHARED / "gold" / "seeds.expect.json"
    if not expect.is_file():
        pytest.skip("../shared is not available")
    for case in json.loads(expect.read_text(encoding="utf-8"))["dates"]:
        text = (SHARED / "seeds" / case["article"]).read_text(encoding="utf-8")
        paragraph = next(line for line in text.splitlines() if case["phrase"] in line)
        pub = D.fromisoformat(case["publication_date"]) if case["publication_date"] else None
        result = resolve_event_date(paragraph, pub, anchor=paragraph.index(case["phrase"]))
        expected = D.fromisoformat(case["event_date"]) if case["event_date"] else None
        assert (result.date, result.phrase) == (expected, case["phrase"])
