"""The gazetteer behind :mod:`kestrel.places`: name look-up, disambiguation and phrase resolution.

The resolution rules are listed in :mod:`kestrel.places`; the tables come from
:mod:`kestrel._places_data`.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from kestrel._places_data import AP_STATES, ARTICLES, LANDMARKS, PlaceData, load_place_data, norm_name
from kestrel._places_text import ADMIN_FEATURES, CITY_FEATURES, TERRITORY_FEATURES, PlaceMention
from kestrel.models import Location

__all__ = ["Gazetteer"]

_BUILDING_WORDS = frozenset(
    [
        "house",
        "palace",
        "hospital",
        "university",
        "college",
        "school",
        "stadium",
        "street",
        "road",
        "avenue",
        "square",
        "hotel",
        "mosque",
        "church",
        "cathedral",
        "temple",
        "synagogue",
        "embassy",
        "consulate",
        "ministry",
        "council",
        "assembly",
        "parliament",
        "court",
        "prison",
        "jail",
        "building",
        "tower",
        "museum",
        "hall",
        "centre",
        "center",
        "office",
        "headquarters",
        "club",
        "bank",
        "airlines",
        "times",
        "post",
        "journal",
        "news",
        "agency",
        "company",
        "corporation",
        "institute",
        "foundation",
        "party",
        "army",
        "front",
    ]
)
_AIRPORT_WORDS = (" international airport", " airport", " air base", " airbase")
_ALT_WEIGHT = 0.2  # an alternate name counts as a fifth of the population


class Gazetteer:
    """Resolves place names offline. Loads its tables on first use (about 0.3-0.5 s), then looks
    names up in microseconds; results are cached. Thread-safe."""

    def __init__(self, data: PlaceData | None = None) -> None:
        self._data = data
        self._lock = threading.Lock()
        self._cache: dict[tuple[object, ...], Location | None] = {}

    @property
    def loaded(self) -> bool:
        """Whether the tables have been loaded yet."""
        return self._data is not None

    @property
    def data(self) -> PlaceData:
        """The loaded tables (loading them now if needed)."""
        if self._data is None:
            with self._lock:
                if self._data is None:
                    self._data = load_place_data()
        return self._data

    def lookup(self, name: str, *, countries: Sequence[str] = ()) -> Location | None:
        """The best place called ``name``: a country, else a city or subdivision, preferring the
        given ISO-3 ``countries`` (story context, most relevant first), then population."""
        return self._lookup(name, tuple(countries), (), "any", name)

    def country(self, iso3: str, *, precision: str = "country", phrase: str | None = None) -> Location | None:
        """A country-level location for an ISO-3 code (None for an unknown code)."""
        data = self.data
        if iso3 not in data.countries:
            return None
        gid = data.country_gid.get(iso3)
        return Location(data.countries[iso3], iso3, None, None, None, gid, precision, phrase)

    def resolve(self, mention: PlaceMention, *, countries: Sequence[str] = ()) -> Location | None:
        """Resolve a place phrase found by :func:`find_place_mentions` (None: not a place, or unknown)."""
        key = (
            "m",
            mention.name,
            mention.feature,
            mention.container,
            mention.adjective,
            mention.preposition,
            mention.qualifier,
            mention.phrase,
            tuple(countries),
        )
        if key not in self._cache:
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[key] = self._resolve(mention, tuple(countries))
        return self._cache[key]

    def is_not_place(self, name: str) -> bool:
        """True for buildings and institutions ("White House", "US Embassy", "Security Council")."""
        key = norm_name(name)
        if key in self.data.not_places:
            return True
        words = key.split()
        return len(words) > 1 and words[-1] in _BUILDING_WORDS and key not in LANDMARKS

    # -- resolution ---------------------------------------------------------------------------

    def _resolve(self, mention: PlaceMention, context: tuple[str, ...]) -> Location | None:
        data, name, phrase, feature = self.data, mention.name, mention.phrase, mention.feature
        if mention.qualifier == "border":
            iso3 = self._country_of(name)
            return self.country(iso3, phrase=phrase) if iso3 else None
        landmark = LANDMARKS.get(norm_name(name))
        if landmark is not None:
            return self._landmark(landmark, phrase)
        if self.is_not_place(name) or norm_name(name).endswith(_AIRPORT_WORDS):
            return self._airport_city(name, context, phrase)
        hints, admin1 = self._hints(mention)
        if hints is None:  # the container is not a place: "Putin, Erdogan"
            return None
        demonym = data.demonyms.get(norm_name(name))
        if demonym is not None:
            if feature == "capital":
                return self._capital(demonym, phrase)
            return self.country(demonym, phrase=phrase) if feature in TERRITORY_FEATURES else None
        want = "city" if feature in CITY_FEATURES else "admin" if feature in ADMIN_FEATURES else "any"
        if feature == "capital" and (iso3 := self._country_of(name)):
            return self._capital(iso3, phrase)
        found = self._lookup(name, context, hints, want, phrase, admin1)
        if found is None and " " in name and (iso3 := data.demonyms.get(norm_name(name.split()[0]))):
            hints = (iso3, *hints)  # "Iraqi Kurdistan"
            found = self._lookup(name.split(" ", 1)[1], context, hints, want, phrase)
        if found is None:
            if hints and mention.preposition != "from" and (mention.preposition or mention.adjective):
                return self.country(hints[0], phrase=phrase)  # "the Syrian town of <unknown>"
            return None
        if mention.preposition == "from" and found.precision != "city":
            return None  # "aid from Iraq": an actor, not a place
        bare_pair = mention.preposition is None and mention.adjective is None and mention.feature is None
        if bare_pair and (found.precision != "city" or not hints):  # "X, Y" must be "city, container"
            return None
        if admin1 and found.precision == "city" and found.admin1 is None:
            found = Location(
                found.name,
                found.country,
                admin1,
                found.lat,
                found.lon,
                found.geonames_id,
                found.precision,
                found.phrase,
            )
        return found

    def _hints(self, mention: PlaceMention) -> tuple[tuple[str, ...] | None, str | None]:
        """Countries the phrase itself names, and an admin1 container's name; None if the container
        is not a place."""
        hints: list[str] = []
        admin1 = None
        for text in (mention.adjective, mention.container):
            if not text:
                continue
            key = norm_name(text)
            key = norm_name(AP_STATES.get(key, key))  # "Springfield, Ill."
            iso3 = self.data.demonyms.get(key) or self._country_of(text)
            if iso3 is None and (landmark := LANDMARKS.get(key)) is not None:
                iso3 = landmark[1]
            if iso3 is None:
                subs = self.data.admin_index.get(key, ())
                if subs:
                    best = min(subs, key=lambda p: (self.data.admin_level[p], -self._cpop(p)))
                    iso3, admin1 = self.data.admin_country[best], self.data.admin_name[best]
            if iso3 is None:
                if text is mention.container:
                    return None, None
                continue
            hints.append(iso3)
        return tuple(hints), admin1

    def _cpop(self, sub: int) -> int:
        return self.data.country_pop.get(self.data.admin_country[sub], 0)

    def _country_of(self, name: str) -> str | None:
        data = self.data
        bare = name.replace(".", "")
        if bare.isupper():
            return data.country_caps.get(bare) or data.country_index.get(norm_name(name))
        return data.country_index.get(norm_name(name))

    def _landmark(self, landmark: tuple[str | None, str], phrase: str) -> Location | None:
        city, iso3 = landmark
        if city is None:
            return self.country(iso3, phrase=phrase)
        return self._lookup(city, (iso3,), (iso3,), "city", phrase)

    def _capital(self, iso3: str, phrase: str) -> Location | None:
        capital = self.data.capitals.get(iso3)
        found = self._lookup(capital, (iso3,), (iso3,), "city", phrase) if capital else None
        return found or self.country(iso3, phrase=phrase)

    def _airport_city(self, name: str, context: tuple[str, ...], phrase: str) -> Location | None:
        """ "Baghdad International Airport" is in Baghdad; other named buildings are not places."""
        key = norm_name(name)
        for word in _AIRPORT_WORDS:
            if key.endswith(word):
                city = " ".join(name.split()[: -len(word.split())])
                found = self._lookup(city, context, (), "city", phrase)
                return found if found is not None and found.precision == "city" else None
        return None

    def _lookup(
        self,
        name: str,
        context: tuple[str, ...],
        hints: tuple[str, ...],
        want: str,
        phrase: str,
        state: str | None = None,
    ) -> Location | None:
        cache_key = ("l", name, context, hints, want, phrase, state)
        if cache_key in self._cache:
            return self._cache[cache_key]
        found = self._search(name, context, hints, want, phrase, state)
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[cache_key] = found
        return found

    def _search(
        self,
        name: str,
        context: tuple[str, ...],
        hints: tuple[str, ...],
        want: str,
        phrase: str,
        state: str | None,
    ) -> Location | None:
        data = self.data
        key = norm_name(name)
        if not key or key in data.not_places:
            return None
        iso3 = self._country_of(name) if want != "city" else None
        if iso3 is not None:
            sub = self._admin_in(key, context[:1]) if context and iso3 not in context else None
            if sub is None or hints:
                return self.country(iso3, phrase=phrase)  # "Georgia" in a US story is the state
        cities = self._city_candidates(key)
        subs = data.admin_index.get(key, ())
        if not cities and not subs:
            stripped = next((key[len(a) :] for a in ARTICLES if key.startswith(a)), None)
            if stripped is None:
                return None
            cities, subs = self._city_candidates(stripped), data.admin_index.get(stripped, ())
        if state is not None and any(data.city_admin1[pos] == state for pos in cities):
            cities = {pos: primary for pos, primary in cities.items() if data.city_admin1[pos] == state}
        ranking = _Ranking(data, hints, context)
        best_city = min(cities.items(), key=lambda item: ranking.city(*item), default=None)
        best_sub = min(subs, key=ranking.admin, default=None)
        if hints:
            if best_city is not None and data.city_country[best_city[0]] not in hints:
                best_city = None
            if best_sub is not None and data.admin_country[best_sub] not in hints:
                best_sub = None
        if best_city is not None and not best_city[1] and ranking.far(data.city_country[best_city[0]]):
            best_city = None  # an alternate name on another continent: a namesake, not the place
        city_tier = ranking.tier(data.city_country[best_city[0]]) if best_city is not None else 99
        sub_tier = ranking.tier(data.admin_country[best_sub]) if best_sub is not None else 99
        if best_sub is not None and (
            (want == "admin" and sub_tier <= city_tier) or sub_tier < city_tier or best_city is None
        ):
            if want == "city":
                return None
            sub_name = data.admin_name[best_sub]
            return Location(sub_name, data.admin_country[best_sub], sub_name, None, None, None, "admin1", phrase)
        if best_city is None:
            return None
        pos = best_city[0]
        if want == "admin":  # "Aleppo province": the city's province
            return Location(name, data.city_country[pos], name, None, None, None, "admin1", phrase)
        return Location(
            data.city_name[pos],
            data.city_country[pos],
            data.city_admin1[pos],
            data.city_lat[pos],
            data.city_lon[pos],
            data.city_gid[pos],
            "city",
            phrase,
        )

    def _city_candidates(self, key: str) -> dict[int, bool]:
        """City positions named ``key`` → True when it is the city's main name."""
        found: dict[int, bool] = {}
        for owner in self.data.city_index.get(key, ()):
            pos, primary = (owner, True) if owner >= 0 else (-owner - 1, False)
            found[pos] = found.get(pos, False) or primary
        return found

    def _admin_in(self, key: str, countries: tuple[str, ...]) -> int | None:
        return next((p for p in self.data.admin_index.get(key, ()) if self.data.admin_country[p] in countries), None)


class _Ranking:
    """Sort keys for candidates: tier (hints, context in order, neighbours, continent, rest), then
    kind and population."""

    def __init__(self, data: PlaceData, hints: tuple[str, ...], context: tuple[str, ...]) -> None:
        self.data = data
        self.order = {iso3: i for i, iso3 in enumerate(dict.fromkeys((*hints, *context)))}
        near = set().union(*(data.neighbours.get(c, frozenset()) for c in self.order))
        self.near = near - set(self.order)
        self.continents = {data.continent.get(c) for c in self.order}

    def tier(self, iso3: str) -> int:
        if iso3 in self.order:
            return self.order[iso3]
        if iso3 in self.near:
            return 50
        return 60 if self.data.continent.get(iso3) in self.continents else 70

    def far(self, iso3: str) -> bool:
        return bool(self.order) and self.tier(iso3) == 70

    def city(self, pos: int, primary: bool) -> tuple[int, float]:
        pop = self.data.city_pop[pos]
        return self.tier(self.data.city_country[pos]), -(pop if primary else pop * _ALT_WEIGHT)

    def admin(self, pos: int) -> tuple[int, int, int]:
        iso3 = self.data.admin_country[pos]
        return self.tier(iso3), self.data.admin_level[pos], -self.data.country_pop.get(iso3, 0)
