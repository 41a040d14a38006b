"""Tests for kestrel.places: place phrases, gazetteer look-up, disambiguation and datelines."""

from __future__ import annotations

import datetime as dt
import timeit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kestrel.models import Location
from kestrel.places import (
    Gazetteer,
    default_gazetteer,
    find_place_mentions,
    infer_location,
    parse_dateline,
    resolve_location,
)

D = dt.date

# (sentence, context countries, expected name, expected country, expected precision)
RESOLVED = [
    # cities after a preposition
    ("The minister arrived in Tehran on Monday.", (), "Tehran", "IRN", "city"),
    ("Iraq's defence minister travelled to Cairo last week.", (), "Cairo", "EGY", "city"),
    ("The delegation flew to Moscow for talks.", (), "Moscow", "RUS", "city"),
    ("Talks were held in Geneva under UN auspices.", (), "Geneva", "CHE", "city"),
    ("Police fired tear gas at protesters in Nairobi.", (), "Nairobi", "KEN", "city"),
    ("A car bomb exploded in Mosul, killing five.", (), "Mosul", "IRQ", "city"),
    ("Gunmen opened fire near Kandahar on Friday.", (), "Kandahār", "AFG", "city"),
    ("Shelling continued outside Donetsk overnight.", (), "Donetsk", "UKR", "city"),
    ("The two leaders met in Nice last year.", (), "Nice", "FRA", "city"),
    ("Fighting resumed in Deir ez-Zor after a lull.", (), "Deir ez-Zor", "SYR", "city"),
    ("Airstrikes hit targets near al-Bab.", (), "Al Bāb", "SYR", "city"),
    ("Troops clashed north of Baghdad.", (), "Baghdad", "IRQ", "city"),
    ("Militants attacked a checkpoint in Benghazi.", (), "Benghazi", "LBY", "city"),
    ("They met in Baghdad Monday to discuss security.", (), "Baghdad", "IRQ", "city"),
    ("In Kabul, the envoy met tribal elders.", (), "Kabul", "AFG", "city"),
    # alternate names and dropped Arabic articles
    ("He flew to Kiev for talks with the government.", (), "Kyiv", "UKR", "city"),
    ("Coalition jets bombed positions in Raqqa.", (), "Ar Raqqah", "SYR", "city"),
    ("Rebels shelled government positions in Hama.", (), "Ḩamāh", "SYR", "city"),
    ("Protests spread to Basra in the south.", (), "Basrah", "IRQ", "city"),
    ("Clashes broke out in Fallujah.", (), "Al Fallūjah", "IRQ", "city"),
    ("Fighting continued in Qusayr.", (), "Al Quşayr", "SYR", "city"),
    ("Rockets landed in Gaza City overnight.", (), "Gaza", "PSE", "city"),
    # descriptive frames
    ("Serb forces shelled the Bosnian town of Gorazde.", (), "Goražde", "BIH", "city"),
    ("Troops entered the northern Iraqi city of Mosul.", (), "Mosul", "IRQ", "city"),
    ("Settlers rallied in the West Bank city of Hebron.", (), "Hebron", "PSE", "city"),
    ("Diplomats gathered in the city of Kuwait.", (), "Kuwait City", "KWT", "city"),
    ("The envoy arrived in the capital of Iraq.", (), "Baghdad", "IRQ", "city"),
    ("He met officials in the Iraqi capital on Sunday.", (), "Baghdad", "IRQ", "city"),
    ("Rebels seized the Syrian town of Foobarville.", (), "Syria", "SYR", "country"),
    # "Name, Container"
    ("An earthquake struck Bam, Iran, killing thousands.", (), "Bam", "IRN", "city"),
    ("The senator spoke in Springfield, Illinois.", (), "Springfield", "USA", "city"),
    ("A storm hit Mobile, Alabama, on Tuesday.", (), "Mobile", "USA", "city"),
    ("Protesters marched in Tripoli, Lebanon.", (), "Tripoli", "LBN", "city"),
    # countries
    ("Fighting raged in southern Syria.", (), "Syria", "SYR", "country"),
    ("The minister arrived in Egypt on a two-day visit.", (), "Egypt", "EGY", "country"),
    ("He travelled to Turkey last month.", (), "Turkey", "TUR", "country"),
    ("Elections were held in Georgia.", (), "Georgia", "GEO", "country"),
    ("Rallies took place in Lebanon.", ("USA",), "Lebanon", "LBN", "country"),
    ("Investors met in Kuwait last week.", (), "Kuwait", "KWT", "country"),
    ("Migrants crossed into Mexico on foot.", (), "Mexico", "MEX", "country"),
    ("Jets struck targets inside Syrian territory.", (), "Syria", "SYR", "country"),
    ("Troops massed near the border with Turkey.", (), "Turkey", "TUR", "country"),
    ("Protests erupted across Iran on Friday.", (), "Iran", "IRN", "country"),
    ("Fighters crossed from Iraqi Kurdistan.", (), None, None, None),
    ("They fought in Iraqi Kurdistan.", (), "Iraq", "IRQ", "country"),
    ("Aid workers arrived in the Gaza Strip.", (), "Palestine", "PSE", "country"),
    ("Tension rose in Crimea after the vote.", (), "Ukraine", "UKR", "country"),
    # subdivisions
    ("Clashes erupted in Syria's northern Idlib province.", (), "Idlib", "SYR", "admin1"),
    ("Militants attacked an army post in Anbar.", (), "Al Anbār", "IRQ", "admin1"),
    ("Insurgents operate in Anbar province.", (), "Al Anbār", "IRQ", "admin1"),
    ("Idlib province has been shelled for weeks.", (), "Idlib", "SYR", "admin1"),
    ("Government troops advanced in Aleppo province.", (), "Aleppo", "SYR", "admin1"),
    ("Rallies took place in Georgia.", ("USA",), "Georgia", "USA", "admin1"),
    # ambiguous names: context first, then population
    ("Clashes in Tripoli killed two people.", ("LBN",), "Tripoli", "LBN", "city"),
    ("Clashes in Tripoli killed two people.", (), "Tripoli", "LBY", "city"),
    ("Clashes in Tripoli killed two people.", ("LBY", "LBN"), "Tripoli", "LBY", "city"),
    ("The talks were held in Alexandria.", ("USA",), "Alexandria", "USA", "city"),
    ("The talks were held in Alexandria.", (), "Alexandria", "EGY", "city"),
    ("A rally was held in Hyderabad.", ("PAK",), "Hyderabad", "PAK", "city"),
    ("A rally was held in Hyderabad.", (), "Hyderabad", "IND", "city"),
    ("The conference opened in Paris.", (), "Paris", "FRA", "city"),
    ("The rally was held in Paris.", ("USA",), "Paris", "USA", "city"),
    ("The minister spoke in London.", ("CAN",), "London", "CAN", "city"),
    ("The minister spoke in London.", ("IRQ",), "London", "GBR", "city"),
    ("Protesters gathered in Valencia.", ("VEN",), "Valencia", "VEN", "city"),
    ("Protesters gathered in Valencia.", ("ESP",), "Valencia", "ESP", "city"),
    ("Officials met in Washington.", (), "Washington", "USA", "city"),
    # landmarks and airports
    ("Protesters gathered in Tahrir Square.", (), "Cairo", "EGY", "city"),
    ("Students rallied in Tiananmen Square.", (), "Beijing", "CHN", "city"),
    ("The plane landed at Baghdad International Airport.", (), "Baghdad", "IRQ", "city"),
    ("Rockets were fired at the US Embassy in Baghdad.", (), "Baghdad", "IRQ", "city"),
    # "from" gives a city, never a country (an actor)
    ("Refugees from Aleppo arrived at the camp.", (), "Aleppo", "SYR", "city"),
]

NOT_PLACES = [
    "The president spoke at the White House on Monday.",
    "Putin met the envoy at the Kremlin.",
    "The report was released at the Pentagon.",
    "The resolution was debated in the Security Council.",
    "The speech was delivered at the United Nations.",
    "Aid from Iraq arrived in the region.",
    "Split is a coastal city, officials said.",
    "Mobile phone networks were cut.",
    "They had a Nice time.",
    "In March, Putin, Erdogan and Rouhani met.",
    "He was treated at the Baghdad Hospital.",
    "The delegation stayed at the Lebanon Hotel.",
    "The minister wrote in the Tehran Times.",
    "The talks took place in Parliament.",
    "The minister said the two countries would expand cooperation.",
    "Putin, Erdogan and Rouhani met on Monday.",
]

# (text, publication year, expected name, expected country, expected date, the text after the dateline)
DATELINES = [
    ("BAGHDAD (Reuters) - Iraqi forces advanced.", 2020, "Baghdad", "IRQ", None, "Iraqi forces"),
    ("Tehran, Nov 16 (IRNA) – Iran's minister said.", 2020, "Tehran", "IRN", D(2020, 11, 16), "Iran's"),
    ("Tehran, Nov 16 (IRNA) – Iran's minister said.", None, "Tehran", "IRN", None, "Iran's"),
    ("CAIRO, Egypt — Egypt's president met.", None, "Cairo", "EGY", None, "Egypt's"),
    ("WASHINGTON, March 3 (AP) -- The Senate voted.", 2021, "Washington", "USA", D(2021, 3, 3), "The Senate"),
    ("BEIRUT, Lebanon (AP) — Protesters blocked roads.", None, "Beirut", "LBN", None, "Protesters"),
    ("TRIPOLI, Libya (Reuters) - Militias clashed.", None, "Tripoli", "LBY", None, "Militias"),
    ("TRIPOLI, Lebanon (Reuters) - Gunmen fired.", None, "Tripoli", "LBN", None, "Gunmen"),
    ("GAZA CITY, Oct. 5, 2023 (AFP) - Residents fled.", None, "Gaza", "PSE", D(2023, 10, 5), "Residents"),
    ("LONDON (Reuters) - Britain said.", None, "London", "GBR", None, "Britain"),
    ("SPRINGFIELD, Ill. (AP) — The governor signed.", None, "Springfield", "USA", None, "The governor"),
    ("KYIV, Ukraine (AP) — Air raid sirens sounded.", None, "Kyiv", "UKR", None, "Air raid"),
    ("NEW YORK (Reuters) - Stocks fell.", None, "New York City", "USA", None, "Stocks"),
    ("Damascus, 12 March (SANA) - The army said.", 2019, "Damascus", "SYR", D(2019, 3, 12), "The army"),
    ("UNITED NATIONS (Reuters) - The council met.", None, None, None, None, "The council"),
]

NOT_DATELINES = [
    "Iran, Iraq and Syria — the three neighbours — met.",
    "The minister said on Monday that talks would resume.",
    "Egypt's president met the Iraqi defence minister.",
    "",
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


def _summary(location: Location | None) -> tuple[str | None, str | None, str | None]:
    if location is None:
        return None, None, None
    return location.name, location.country, location.precision


@pytest.mark.parametrize(("sentence", "context", "name", "country", "precision"), RESOLVED)
def test_places_resolve_location(
    gazetteer: Gazetteer, sentence: str, context: tuple[str, ...], name: str, country: str, precision: str
) -> None:
    found = resolve_location(sentence, context_countries=context, gazetteer=gazetteer)
    assert _summary(found) == (name, country, precision)


@pytest.mark.parametrize("sentence", NOT_PLACES)
def test_places_buildings_and_common_words_are_not_places(gazetteer: Gazetteer, sentence: str) -> None:
    assert resolve_location(sentence, gazetteer=gazetteer) is None


@pytest.mark.parametrize(("text", "year", "name", "country", "date", "rest"), DATELINES)
def test_places_parse_dateline(
    gazetteer: Gazetteer, text: str, year: int | None, name: str, country: str, date: D | None, rest: str
) -> None:
    parsed = parse_dateline(text, year=year, gazetteer=gazetteer)
    assert parsed is not None
    place, when, end = parsed
    assert (place.name if place else None, place.country if place else None) == (name, country)
    assert when == date
    assert text[end:].startswith(rest)
    if place is not None:
        assert place.precision == "city"
        assert place.phrase == text[:end].strip()


@pytest.mark.parametrize("text", NOT_DATELINES)
def test_places_parse_dateline_rejects_ordinary_sentences(gazetteer: Gazetteer, text: str) -> None:
    assert parse_dateline(text, gazetteer=gazetteer) is None


def test_places_parse_dateline_invalid_day_gives_no_date(gazetteer: Gazetteer) -> None:
    parsed = parse_dateline("CAIRO, Feb 30 (MENA) - Officials said.", year=2021, gazetteer=gazetteer)
    assert parsed is not None and parsed[0] is not None
    assert parsed[1] is None


@pytest.mark.parametrize(
    ("sentence", "name", "qualifier", "feature", "container", "adjective"),
    [
        ("Fighting raged in southern Syria.", "Syria", "southern", None, None, None),
        ("Troops massed near the border with Turkey.", "Turkey", "border", None, None, None),
        ("Shells hit the Bosnian town of Gorazde.", "Gorazde", None, "town", None, "Bosnian"),
        ("An earthquake struck Bam, Iran.", "Bam", None, None, "Iran", None),
        (
            "Clashes erupted in Syria's northern Idlib province.",
            "Idlib",
            "northern",
            "province",
            "Syria",
            None,
        ),
        ("Gunmen opened fire near Kandahar.", "Kandahar", "near", None, None, None),
        ("They clashed on the outskirts of Damascus.", "Damascus", "outskirts", None, None, None),
        ("They clashed north of Baghdad.", "Baghdad", "north of", None, None, None),
    ],
)
def test_places_find_place_mentions_parts(
    sentence: str,
    name: str,
    qualifier: str | None,
    feature: str | None,
    container: str | None,
    adjective: str | None,
) -> None:
    mentions = find_place_mentions(sentence)
    assert len(mentions) == 1
    found = mentions[0]
    assert (found.name, found.qualifier, found.feature, found.container, found.adjective) == (
        name, qualifier, feature, container, adjective,
    )  # fmt: skip
    assert sentence[found.start : found.end] == found.phrase


@pytest.mark.parametrize(
    "sentence",
    [
        "Split is a city.",
        "Mobile phones were banned.",
        "The man said the talks failed.",
        "Nice work, he said.",
    ],
)
def test_places_find_place_mentions_needs_a_preposition(sentence: str) -> None:
    assert find_place_mentions(sentence) == []


def test_places_anchor_picks_the_nearest_place(gazetteer: Gazetteer) -> None:
    sentence = "After talks in Cairo, the minister flew to Amman where he met the king."
    near_cairo = sentence.index("talks")
    near_amman = sentence.index("met the king")
    assert _summary(resolve_location(sentence, anchor=near_cairo, gazetteer=gazetteer))[0] == "Cairo"
    assert _summary(resolve_location(sentence, anchor=near_amman, gazetteer=gazetteer))[0] == "Amman"
    assert _summary(resolve_location(sentence, gazetteer=gazetteer))[0] == "Cairo"


def test_places_building_stops_the_search(gazetteer: Gazetteer) -> None:
    sentence = "Trump received Sisi at the White House, a week after his trip to Riyadh."
    assert resolve_location(sentence, anchor=sentence.index("received"), gazetteer=gazetteer) is None


def test_places_lookup_prefers_context_then_population(gazetteer: Gazetteer) -> None:
    assert _summary(gazetteer.lookup("Tripoli", countries=["LBN"])) == ("Tripoli", "LBN", "city")
    assert _summary(gazetteer.lookup("Tripoli")) == ("Tripoli", "LBY", "city")
    assert gazetteer.lookup("Atlantis of the Deep") is None


def test_places_city_location_has_coordinates_and_id(gazetteer: Gazetteer) -> None:
    found = gazetteer.lookup("Baghdad")
    assert found is not None and found.precision == "city"
    assert found.lat is not None and 33 < found.lat < 34
    assert found.lon is not None and 44 < found.lon < 45
    assert found.geonames_id == 98182


def test_places_country_location_has_no_coordinates(gazetteer: Gazetteer) -> None:
    found = gazetteer.lookup("Syria")
    assert found is not None
    assert (found.country, found.precision, found.lat, found.lon) == ("SYR", "country", None, None)
    assert found.geonames_id is not None


def test_places_infer_location_for_host_country(gazetteer: Gazetteer) -> None:
    found = infer_location("EGY", gazetteer=gazetteer)
    assert found is not None
    assert (found.name, found.country, found.precision, found.phrase) == ("Egypt", "EGY", "inferred", None)
    assert infer_location("ZZZ", gazetteer=gazetteer) is None


def test_places_sentence_without_place_does_not_load_gazetteer() -> None:
    fresh = Gazetteer()
    assert resolve_location("The minister said talks would resume soon.", gazetteer=fresh) is None
    assert not fresh.loaded


def test_places_no_place_sentence_is_fast(gazetteer: Gazetteer) -> None:
    sentence = (
        "Iraqi Defense Minister Juma Inad Sadoon said on Monday that the two countries would expand their cooperation "
        "in defense industries, military training and border security next year."
    )
    assert len(sentence.split()) >= 25
    runs = 2000
    seconds = timeit.timeit(lambda: resolve_location(sentence, gazetteer=gazetteer), number=runs) / runs
    assert seconds < 30e-6 * 10  # target 30 µs; generous bound for slow machines


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"aA zZ,.'-ié", "in ", "In ", "Syria", "the town of ", "Bam", ", ", " province"]),
        max_size=30,
    ).map("".join)
)
def test_places_find_place_mentions_spans_are_consistent(text: str) -> None:
    for mention in find_place_mentions(text):
        assert text[mention.start : mention.end] == mention.phrase
        assert mention.name and mention.name[0].isupper()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_places_parse_dateline_never_fails_on_arbitrary_text(text: str) -> None:
    parsed = parse_dateline(text, year=2020, gazetteer=default_gazetteer())
    if parsed is not None:
        assert 0 < parsed[2] <= len(text)
