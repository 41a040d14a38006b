"""Checks of the curated country file ``src/kestrel/actors/data/countries.tsv``.

The file is parsed here with plain string splitting, independently of Kestrel's loaders, so that the
data can be checked on its own: completeness against ISO 3166-1, unique codes and aliases, the
editorial rules of the file header, and a table of look-ups that news text relies on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pycountry
import pytest

COUNTRIES_TSV = Path(__file__).resolve().parents[1] / "src" / "kestrel" / "actors" / "data" / "countries.tsv"

# Codes that are not in ISO 3166-1 but are used by Kestrel (docs/knowledge.md).
EXTRA_CODES = {"XKX"}

# Aliases allowed to appear under two countries (normalised form -> the countries). Keep this empty
# unless a real, documented need arises: a shared alias makes the look-up ambiguous.
SHARED_ALIASES: dict[str, set[str]] = {}

# The only ISO 3166-1 alpha-2 code allowed as an alias (the case rule restricts it to "US" in capitals).
ISO2_ALLOWED = {"US"}

# Sector codes of docs/knowledge.md.
SECTORS = {
    "GOV", "MIL", "COP", "JUD", "LEG", "SPY", "REB", "OPP", "PTY", "BUS", "MED", "EDU", "CVL", "REL",
    "LAB", "REF", "HLH", "ELI", "CRM", "NGO", "IGO", "AGR", "ENV", "HRI", "MOD", "RAD", "UAF", "SET",
    "DEV", "MNC",
}  # fmt: skip


@dataclass(frozen=True)
class _Row:
    line: int
    iso3: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    capitals: tuple[str, ...]
    comments: tuple[str, ...]

    @property
    def aliases(self) -> tuple[str, ...]:
        """Every alias of the row; capitals without their ``=SECTORS`` suffix."""
        return self.names + self.adjectives + tuple(_split_capital(c)[0] for c in self.capitals)


def _items(field: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in field.split(";")) if field.strip() else ()


def _split_capital(item: str) -> tuple[str, str]:
    name, _, sectors = item.partition("=")
    return name.strip(), sectors.strip() or "GOV"


def _parse(path: Path) -> list[_Row]:
    rows: list[_Row] = []
    comments: list[str] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if raw.startswith("#"):
            comments.append(raw)
            continue
        if not raw.strip():
            comments = []
            continue
        fields = raw.split("\t")
        assert len(fields) == 4, f"{path.name}:{number}: expected 4 TAB-separated fields, got {len(fields)}"
        iso3, names, adjectives, capitals = fields
        rows.append(_Row(number, iso3, _items(names), _items(adjectives), _items(capitals), tuple(comments)))
        comments = []
    return rows


def _norm(text: str) -> str:
    """Lower case, no accents, hyphens as spaces: how names are compared when text is matched."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().replace("-", " ").split())


ROWS = _parse(COUNTRIES_TSV)
BY_CODE = {row.iso3: row for row in ROWS}


def _index() -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for row in ROWS:
        for alias in row.aliases:
            index.setdefault(_norm(alias), set()).add(row.iso3)
    return index


INDEX = _index()


def test_data_countries_file_is_clean_utf8_text() -> None:
    data = COUNTRIES_TSV.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), "remove the byte-order mark"
    assert b"\r" not in data, "use Unix line endings"
    assert data.endswith(b"\n")
    assert data.decode("utf-8")


def test_data_countries_codes_are_well_formed() -> None:
    bad = [f"line {row.line}: {row.iso3!r}" for row in ROWS if not re.fullmatch(r"[A-Z]{3}", row.iso3)]
    assert not bad


def test_data_countries_codes_are_unique() -> None:
    codes = [row.iso3 for row in ROWS]
    assert len(codes) == len(set(codes)), sorted({c for c in codes if codes.count(c) > 1})


def test_data_countries_cover_every_iso_country() -> None:
    expected = {country.alpha_3 for country in pycountry.countries} | EXTRA_CODES
    present = set(BY_CODE)
    assert not expected - present, f"missing: {sorted(expected - present)}"
    assert not present - expected, f"not ISO 3166-1: {sorted(present - expected)}"


def test_data_countries_every_row_has_a_name() -> None:
    assert all(row.names for row in ROWS)


def test_data_countries_items_are_trimmed_and_non_empty() -> None:
    lines = COUNTRIES_TSV.read_text(encoding="utf-8").split("\n")
    bad = []
    for row in ROWS:
        for field in lines[row.line - 1].split("\t")[1:]:
            if field and any(not item or item != item.strip() for item in field.split(";")):
                bad.append(f"line {row.line}: {field!r}")
    assert not bad


def test_data_countries_no_alias_repeated_within_a_row() -> None:
    bad = [f"{row.iso3}: {a}" for row in ROWS for a in set(row.aliases) if row.aliases.count(a) > 1]
    assert not bad


def test_data_countries_aliases_belong_to_one_country() -> None:
    shared = {alias: codes for alias, codes in INDEX.items() if len(codes) > 1}
    undocumented = {a: sorted(c) for a, c in shared.items() if SHARED_ALIASES.get(a) != c}
    assert not undocumented


def test_data_countries_rows_without_adjective_are_documented() -> None:
    undocumented = [
        row.iso3
        for row in ROWS
        if not row.adjectives and not any("no adjective" in comment for comment in row.comments)
    ]
    assert not undocumented, "add adjectives or a '# ... no adjective ...' comment above the row"


def test_data_countries_capital_sectors_are_known_codes() -> None:
    bad = []
    for row in ROWS:
        for item in row.capitals:
            name, sectors = _split_capital(item)
            codes = [sectors[i : i + 3] for i in range(0, len(sectors), 3)]
            if not name or len(sectors) % 3 or not set(codes) <= SECTORS:
                bad.append(f"{row.iso3}: {item}")
    assert not bad


def test_data_countries_aliases_start_with_a_capital() -> None:
    # A lower-case alias would match any case ("turkey" the bird); every alias here is a proper noun.
    bad = [f"{row.iso3}: {a}" for row in ROWS for a in row.aliases if not a[0].isupper()]
    assert not bad


def test_data_countries_no_iso2_codes_as_aliases() -> None:
    iso2 = {country.alpha_2 for country in pycountry.countries} - ISO2_ALLOWED
    bad = [f"{row.iso3}: {a}" for row in ROWS for a in row.aliases if a in iso2]
    assert not bad


@pytest.mark.parametrize(
    "word",
    ["IN", "IT", "ME", "AM", "IS", "AS", "TO", "BE", "NO", "SO", "OR", "ARE", "CAR", "Man", "Male",
     "Valley", "Victoria", "Hamilton", "Douglas", "Stanley", "Jersey", "Korea", "Korean", "Kurdish",
     "Kurds", "Europe", "Africa", "European", "African", "Arab", "Virgin Islands", "Hague", "Persian",
     "Finn", "English", "England", "Saba", "Aden", "Langley", "State Department"],
)  # fmt: skip
def test_data_countries_dangerous_word_is_not_an_alias(word: str) -> None:
    assert _norm(word) not in INDEX, f"{word!r} is listed for {sorted(INDEX.get(_norm(word), ()))}"


@pytest.mark.parametrize(
    ("alias", "iso3"),
    [
        # names, official names, short forms and abbreviations
        ("United States", "USA"), ("U.S.", "USA"), ("US", "USA"), ("America", "USA"),
        ("Britain", "GBR"), ("U.K.", "GBR"), ("Great Britain", "GBR"),
        ("DPRK", "PRK"), ("N. Korea", "PRK"), ("Republic of Korea", "KOR"), ("ROK", "KOR"),
        ("Burma", "MMR"), ("Islamic Republic of Iran", "IRN"), ("Syrian Arab Republic", "SYR"),
        ("Russian Federation", "RUS"), ("Türkiye", "TUR"), ("Turkiye", "TUR"), ("Czechia", "CZE"),
        ("Côte d'Ivoire", "CIV"), ("Cote d'Ivoire", "CIV"), ("Ivory Coast", "CIV"),
        ("Swaziland", "SWZ"), ("Macedonia", "MKD"), ("DR Congo", "COD"), ("DRC", "COD"),
        ("Congo", "COD"), ("Congo-Brazzaville", "COG"), ("Republic of Congo", "COG"),
        ("Gaza Strip", "PSE"), ("West Bank", "PSE"), ("State of Palestine", "PSE"),
        ("Kosovo", "XKX"), ("Taiwan", "TWN"), ("Holy See", "VAT"), ("Vatican", "VAT"),
        ("UAE", "ARE"), ("Guinea Bissau", "GNB"), ("East Timor", "TLS"), ("Isle of Man", "IMN"),
        ("Cabo Verde", "CPV"), ("Viet Nam", "VNM"), ("Holland", "NLD"),
        # demonyms and adjectives
        ("Iraqi", "IRQ"), ("Emiratis", "ARE"), ("Burmese", "MMR"), ("Filipino", "PHL"),
        ("Philippine", "PHL"), ("Saudi", "SAU"), ("Israelis", "ISR"), ("Palestinian", "PSE"),
        ("Kosovar", "XKX"), ("Kosovan", "XKX"), ("Afghans", "AFG"), ("Britons", "GBR"),
        ("Dutch", "NLD"), ("Swiss", "CHE"), ("Ukrainian", "UKR"), ("Chinese", "CHN"),
        ("North Korean", "PRK"), ("South Koreans", "KOR"), ("Congolese", "COD"), ("Bosnian", "BIH"),
        ("Nigerien", "NER"), ("Nigerian", "NGA"), ("Dominican", "DOM"), ("Ivorian", "CIV"),
        ("Sudanese", "SDN"), ("South Sudanese", "SSD"), ("Burkinabe", "BFA"),
        # capitals and seats of power
        ("Washington", "USA"), ("White House", "USA"), ("Pentagon", "USA"), ("Kremlin", "RUS"),
        ("Downing Street", "GBR"), ("Élysée", "FRA"), ("Elysee", "FRA"), ("Quai d'Orsay", "FRA"),
        ("Zhongnanhai", "CHN"), ("Blue House", "KOR"), ("Pyongyang", "PRK"), ("Jerusalem", "ISR"),
        ("Tehran", "IRN"), ("Riyadh", "SAU"), ("Brussels", "BEL"), ("Kyiv", "UKR"), ("Kiev", "UKR"),
        ("New Delhi", "IND"), ("Naypyidaw", "MMR"), ("Ramallah", "PSE"), ("Pristina", "XKX"),
        ("Rawalpindi", "PAK"), ("Astana", "KAZ"), ("Kinshasa", "COD"), ("Brazzaville", "COG"),
    ],
)  # fmt: skip
def test_data_countries_lookup(alias: str, iso3: str) -> None:
    assert INDEX.get(_norm(alias)) == {iso3}


@pytest.mark.parametrize(
    ("seat", "iso3", "sectors"),
    [
        ("Washington", "USA", "GOV"), ("Pentagon", "USA", "MIL"), ("Capitol Hill", "USA", "LEG"),
        ("Kremlin", "RUS", "GOV"), ("Westminster", "GBR", "LEG"), ("Scotland Yard", "GBR", "COP"),
        ("Rawalpindi", "PAK", "MIL"), ("Baghdad", "IRQ", "GOV"),
    ],
)  # fmt: skip
def test_data_countries_capital_sectors(seat: str, iso3: str, sectors: str) -> None:
    found = dict(_split_capital(item) for item in BY_CODE[iso3].capitals)
    assert found.get(seat) == sectors


@pytest.mark.parametrize(
    ("iso3", "first"),
    [
        ("USA", "United States"), ("GBR", "United Kingdom"), ("PRK", "North Korea"), ("KOR", "South Korea"),
        ("RUS", "Russia"), ("IRN", "Iran"), ("SYR", "Syria"), ("TUR", "Turkey"), ("CIV", "Ivory Coast"),
        ("MMR", "Myanmar"), ("PSE", "Palestine"), ("VAT", "Vatican"), ("VNM", "Vietnam"), ("LAO", "Laos"),
        ("BOL", "Bolivia"), ("TZA", "Tanzania"), ("COD", "Democratic Republic of the Congo"),
    ],
)  # fmt: skip
def test_data_countries_common_name_comes_first(iso3: str, first: str) -> None:
    assert BY_CODE[iso3].names[0] == first
