"""Drop-in exports: every format round-trips through pandas with its documented columns and dtypes."""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kestrel import EventStore, code_text, event_to_dict, events_to_csv
from kestrel.errors import InputError, UsageError
from kestrel.export import FORMATS, ExportFormat, export_events
from kestrel.serialize import CSV_COLUMNS

pd = pytest.importorskip("pandas")

# The published column lists, written out independently of the library.
ICEWS_HEADERS = [
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude",
]  # fmt: skip
PHOENIX_HEADERS = [
    "EventID", "Date", "Year", "Month", "Day", "SourceActorFull", "SourceActorEntity", "SourceActorRole",
    "SourceActorAttribute", "TargetActorFull", "TargetActorEntity", "TargetActorRole",
    "TargetActorAttribute", "EventCode", "EventRootCode", "PentaClass", "GoldsteinScore", "Issues",
    "Lat", "Lon", "LocationName", "StateName", "CountryCode", "SentenceID", "URLs", "NewsSources",
]  # fmt: skip
_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]  # fmt: skip
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
GDELT_HEADERS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in _GEO),
    "DATEADDED", "SOURCEURL",
]  # fmt: skip

EXPECTED_COLUMNS = {
    "icews": ICEWS_HEADERS,
    "phoenix": PHOENIX_HEADERS,
    "gdelt": GDELT_HEADERS,
    "csv": CSV_COLUMNS,
    "parquet": CSV_COLUMNS,
}

# Our own sentences; the first is the pipeline's documented example.
SENTENCES = [
    ("Iraqi Defense Minister Juma Inad Sadoon visited Tehran on Monday.", "2020-11-16"),
    ("Egypt's foreign minister met his Jordanian counterpart in Amman on Tuesday.", "2023-03-01"),
    ("UN Secretary-General Antonio Guterres praised Egypt for its efforts.", "2022-11-10"),
    ("Kenyan police fired tear gas at protesters in Nairobi.", None),
    ("The United States imposed sanctions on Russia.", "2022-02-25"),
]

TEHRAN = {
    "name": "Tehran",
    "country": "IRN",
    "admin1": "Tehran Province",
    "lat": 35.69439,
    "lon": 51.42151,
    "geonames_id": 112931,
    "precision": "city",
}


def _coded() -> list[Any]:
    events = []
    for number, (text, date) in enumerate(SENTENCES):
        events.extend(code_text(text, date=date, article_id=f"story-{number}").events)
    return events


@functools.cache
def _first_event() -> Any:
    return code_text(SENTENCES[0][0], date=SENTENCES[0][1]).events[0]


@pytest.fixture(scope="module")
def coded() -> list[Any]:
    return _coded()


@pytest.fixture(scope="module")
def events(coded: list[Any]) -> list[dict[str, Any]]:
    """The coded events plus variants that cover every optional field."""
    dicts = [event_to_dict(e) for e in coded]
    visit = _visit(dicts)
    visit["location"] = {key: None for key in visit["location"]}  # the unlocated case; "placed" below has one
    placed = copy.deepcopy(visit) | {"event_id": "a1" * 8, "location": dict(TEHRAN)}
    placed |= {"topics": ["defense industries", "oil"], "plover_context": ["military", "diplomatic"]}
    placed |= {"num_mentions": 5, "num_sources": 2, "num_articles": 3}
    undated = copy.deepcopy(visit) | {"event_id": "b2" * 8, "event_date": None, "date_precision": None}
    untargeted = copy.deepcopy(visit) | {"event_id": "c3" * 8, "target": None, "sentence_index": 4}
    untargeted["evidence"] = dict(untargeted["evidence"], target_span=None)
    return [*dicts, placed, undated, untargeted]


def _visit(events: list[dict[str, Any]]) -> dict[str, Any]:
    return next(e for e in events if e["cameo_code"] == "042")


def _by_id(events: list[dict[str, Any]], prefix: str) -> dict[str, Any]:
    return next(e for e in events if e["event_id"].startswith(prefix))


def read_back(path: Path, fmt: str) -> Any:
    """Read an export with pandas and the format's documented dtypes (docs/exports.md)."""
    spec = FORMATS[fmt]
    dtypes = dict(spec.dtypes)
    if fmt == "parquet":
        frame = duckdb.sql(f"SELECT * FROM read_parquet('{path}')").df()
        return frame.astype(dtypes)
    if fmt == "polecat":
        return pd.read_json(path, lines=True, dtype=dtypes)
    return pd.read_csv(
        path,
        sep=spec.delimiter,
        header=0 if spec.header else None,
        names=None if spec.header else list(spec.columns or ()),
        dtype=dtypes,
        keep_default_na=False,
        na_values=[""],
    )


def _export(tmp_path: Path, events: list[dict[str, Any]], fmt: str, **kwargs: Any) -> tuple[int, Any]:
    out = tmp_path / f"events{FORMATS[fmt].suffix}"
    count = export_events(events, fmt, out, **kwargs)
    return count, read_back(out, fmt)


def _row(frame: Any, column: str, value: Any) -> Mapping[str, Any]:
    rows = frame[frame[column] == value]
    assert len(rows) == 1, f"expected one row with {column} = {value!r}"
    return rows.iloc[0]


def _missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def test_export_coded_events_cover_the_cases(events: list[dict[str, Any]]) -> None:
    codes = {e["cameo_code"] for e in events}
    assert "042" in codes
    assert any(len(e["plover_context"]) > 1 for e in events)
    assert any(e["target"] is None for e in events)
    assert any(e["event_date"] is None for e in events)


def test_export_formats_registry() -> None:
    assert list(FORMATS) == ["icews", "phoenix", "gdelt", "polecat", "csv", "parquet"]
    for name, spec in FORMATS.items():
        assert isinstance(spec, ExportFormat)
        assert spec.name == name
        assert spec.columns is not None
        assert list(spec.dtypes) == list(spec.columns)
        assert spec.suffix.startswith(".")
        assert spec.description


@pytest.mark.parametrize(("fmt", "expected"), sorted(EXPECTED_COLUMNS.items()))
def test_export_columns_match_published_list(fmt: str, expected: list[str]) -> None:
    assert list(FORMATS[fmt].columns or ()) == list(expected)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_round_trips_through_pandas(tmp_path: Path, events: list[dict[str, Any]], fmt: str) -> None:
    count, frame = _export(tmp_path, events, fmt)
    assert count == len(events)
    assert len(frame) == len(events)
    assert list(frame.columns) == list(FORMATS[fmt].columns or ())
    for column, dtype in FORMATS[fmt].dtypes.items():
        assert str(frame[column].dtype) == str(pd.Series(dtype=dtype).dtype), column


@pytest.mark.parametrize("fmt", ["icews", "phoenix", "gdelt", "csv"])
def test_export_flat_file_without_events_has_only_header(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "empty.tsv"
    assert export_events([], fmt, out) == 0
    expected = "" if fmt == "gdelt" else "\t".join(EXPECTED_COLUMNS[fmt]) + "\n"
    if fmt == "csv":
        expected = ",".join(CSV_COLUMNS) + "\n"
    assert out.read_text(encoding="utf-8") == expected


def test_export_icews_values(tmp_path: Path, events: list[dict[str, Any]]) -> None:
    _, frame = _export(tmp_path, events, "icews")
    visit = _row(frame, "Event ID", _visit(events)["event_id"])
    assert visit["CAMEO Code"] == "042"
    assert visit["Event Text"] == "Make a visit"
    assert visit["Event Date"] == "2020-11-16"
    assert visit["Source Name"] == _visit(events)["source"]["name"]
    assert visit["Source Sectors"] == "GOV;MIL"
    assert visit["Source Country"] == "Iraq"
    assert visit["Target Country"] == "Iran"
    assert visit["Sentence Number"] == 1
    assert visit["Intensity"] == pytest.approx(1.9)
    assert _missing(visit["Publisher"]) and _missing(visit["City"]) and _missing(visit["Latitude"])
    placed = _row(frame, "Event ID", "a1" * 8)
    assert (placed["City"], placed["Province"], placed["Country"]) == ("Tehran", "Tehran Province", "Iran")
    assert placed["Latitude"] == pytest.approx(35.69439)
    assert _missing(placed["District"])
    untargeted = _row(frame, "Event ID", "c3" * 8)
    assert all(_missing(untargeted[c]) for c in ("Target Name", "Target Sectors", "Target Country"))
    assert untargeted["Sentence Number"] == 5
    assert _missing(_row(frame, "Event ID", "b2" * 8)["Event Date"])


def test_export_phoenix_values(tmp_path: Path, events: list[dict[str, Any]]) -> None:
    _, frame = _export(tmp_path, events, "phoenix")
    visit = _row(frame, "EventID", _visit(events)["event_id"])
    assert (visit["Date"], visit["Year"], visit["Month"], visit["Day"]) == ("20201116", 2020, 11, 16)
    assert visit["SourceActorFull"] == "IRQGOVMIL"
    assert (visit["SourceActorEntity"], visit["SourceActorRole"], visit["SourceActorAttribute"]) == (
        "IRQ",
        "GOV",
        "MIL",
    )
    assert (visit["TargetActorEntity"], visit["TargetActorRole"]) == ("IRN", "GOV")
    assert _missing(visit["TargetActorAttribute"])
    assert (visit["EventCode"], visit["EventRootCode"], visit["PentaClass"]) == ("042", "04", 1)
    assert visit["SentenceID"] == "story-0_1"
    placed = _row(frame, "EventID", "a1" * 8)
    assert placed["Issues"] == "defense industries;oil"
    assert (placed["LocationName"], placed["StateName"], placed["CountryCode"]) == (
        "Tehran",
        "Tehran Province",
        "IRN",
    )
    undated = _row(frame, "EventID", "b2" * 8)
    assert all(_missing(undated[c]) for c in ("Date", "Year", "Month", "Day"))
    assert _missing(_row(frame, "EventID", "c3" * 8)["TargetActorFull"])


def test_export_gdelt_values(tmp_path: Path, events: list[dict[str, Any]]) -> None:
    out = tmp_path / "events.tsv"
    export_events(events, "gdelt", out)
    first = out.read_text(encoding="utf-8").split("\n", 1)[0].split("\t")
    assert len(first) == 61 and first[0].isdigit()  # no header row
    frame = read_back(out, "gdelt")
    visit_id = _visit(events)["event_id"]
    visit = _row(frame, "GLOBALEVENTID", int(visit_id[:15], 16))
    assert (visit["SQLDATE"], visit["MonthYear"], visit["Year"]) == (20201116, 202011, 2020)
    assert 2020.87 < visit["FractionDate"] < 2020.88
    assert (visit["EventCode"], visit["EventBaseCode"], visit["EventRootCode"]) == ("042", "042", "04")
    assert (visit["Actor1Code"], visit["Actor1CountryCode"], visit["Actor1Type1Code"]) == (
        "IRQGOVMIL",
        "IRQ",
        "GOV",
    )
    assert visit["Actor1Type2Code"] == "MIL" and _missing(visit["Actor1Type3Code"])
    assert (visit["QuadClass"], visit["IsRootEvent"], visit["NumMentions"]) == (1, 1, 1)
    assert visit["ActionGeo_Type"] == 0 and _missing(visit["ActionGeo_FullName"])
    placed = _row(frame, "GLOBALEVENTID", int(("a1" * 8)[:15], 16))
    assert (placed["NumMentions"], placed["NumSources"], placed["NumArticles"]) == (5, 2, 3)
    assert placed["ActionGeo_Type"] == 4
    assert placed["ActionGeo_FullName"] == "Tehran, Tehran Province, Iran"
    assert (placed["ActionGeo_CountryCode"], placed["ActionGeo_FeatureID"]) == ("IRN", "112931")
    assert placed["ActionGeo_Lat"] == pytest.approx(35.69439)
    assert _missing(_row(frame, "GLOBALEVENTID", int(("b2" * 8)[:15], 16))["SQLDATE"])
    untargeted = _row(frame, "GLOBALEVENTID", int(("c3" * 8)[:15], 16))
    assert _missing(untargeted["Actor2Code"]) and untargeted["IsRootEvent"] == 0


def test_export_gdelt_header_on_request(tmp_path: Path, events: list[dict[str, Any]]) -> None:
    out = tmp_path / "events.tsv"
    export_events(events, "gdelt", out, header=True)
    frame = pd.read_csv(out, sep="\t", dtype=dict(FORMATS["gdelt"].dtypes), keep_default_na=False, na_values=[""])
    assert list(frame.columns) == GDELT_HEADERS and len(frame) == len(events)


def test_export_polecat_values(tmp_path: Path, events: list[dict[str, Any]]) -> None:
    out = tmp_path / "events.jsonl"
    export_events(events, "polecat", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [list(json.loads(line)) for line in lines] == [list(FORMATS["polecat"].columns or ())] * len(events)
    frame = read_back(out, "polecat")
    visit = _row(frame, "event_id", _visit(events)["event_id"])
    assert (visit["cameo_code"], visit["cameo_root"], visit["event_type"]) == ("042", "04", "CONSULT")
    assert visit["source_country"] == ["IRQ"] and visit["source_agent"] == ["GOV", "MIL"]
    assert visit["source_actor"] == _visit(events)["source"]["name"] and visit["event_date"] == "2020-11-16"
    assert visit["evidence"]["rule"].startswith("042:")
    placed = _row(frame, "event_id", "a1" * 8)
    assert placed["contexts"] == ["military", "diplomatic"]
    assert placed["topics"] == ["defense industries", "oil"]
    assert (placed["placename"], placed["country"], placed["geonames_id"]) == ("Tehran", "IRN", 112931)
    untargeted = _row(frame, "event_id", "c3" * 8)
    assert _missing(untargeted["target_actor"]) and untargeted["target_country"] == []
    assert untargeted["target_agent"] == [] and _missing(untargeted["evidence"]["target_span"])
    assert _missing(_row(frame, "event_id", "b2" * 8)["event_date"])


def test_export_csv_matches_serialize(tmp_path: Path, coded: list[Any]) -> None:
    out = tmp_path / "events.csv"
    export_events([event_to_dict(e) for e in coded], "csv", out)
    assert out.read_text(encoding="utf-8") == events_to_csv(coded)


def test_export_csv_values(tmp_path: Path, events: list[dict[str, Any]]) -> None:
    _, frame = _export(tmp_path, events, "csv")
    placed = _row(frame, "event_id", "a1" * 8)
    assert (placed["cameo_code"], placed["cameo_root"], placed["sentence_index"]) == ("042", "04", 0)
    assert placed["source_sectors"] == "GOV;MIL"
    assert placed["plover_context"] == "military;diplomatic"
    assert placed["topics"] == "defense industries;oil"
    assert placed["location_geonames_id"] == 112931
    assert not placed["negated"]
    untargeted = _row(frame, "event_id", "c3" * 8)
    assert _missing(untargeted["target_code"]) and _missing(untargeted["target_span"])
    assert _missing(untargeted["target_sectors"]) and _missing(untargeted["modality"])


def test_export_parquet_values(tmp_path: Path, events: list[dict[str, Any]]) -> None:
    _, frame = _export(tmp_path, events, "parquet")
    path = tmp_path / "events.parquet"
    codecs = duckdb.sql(f"SELECT DISTINCT compression FROM parquet_metadata('{path}')").fetchall()
    assert codecs == [("ZSTD",)]
    types = dict(duckdb.sql(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{path}')").fetchall())
    assert types["source_sectors"] == "VARCHAR[]" and types["trigger_span"] == "INTEGER[]"
    assert types["event_date"] == "DATE" and types["goldstein"] == "DOUBLE"
    placed = _row(frame, "event_id", "a1" * 8)
    assert placed["cameo_code"] == "042"
    assert list(placed["source_sectors"]) == ["GOV", "MIL"]
    assert list(placed["plover_context"]) == ["military", "diplomatic"]
    assert list(placed["trigger_span"]) == list(_by_id(events, "a1")["evidence"]["trigger_span"])
    assert str(placed["event_date"].date()) == "2020-11-16"
    untargeted = _row(frame, "event_id", "c3" * 8)
    assert _missing(untargeted["target_code"]) and list(untargeted["target_sectors"]) == []
    assert _missing(untargeted["target_span"])
    assert _missing(_row(frame, "event_id", "b2" * 8)["event_date"])


def test_export_parquet_reads_with_pandas_when_pyarrow_is_installed(
    tmp_path: Path, events: list[dict[str, Any]]
) -> None:
    pytest.importorskip("pyarrow")
    out = tmp_path / "events.parquet"
    export_events(events, "parquet", out)
    frame = pd.read_parquet(out)
    assert list(frame.columns) == CSV_COLUMNS and len(frame) == len(events)


def test_export_from_event_store(tmp_path: Path, coded: list[Any]) -> None:
    article = code_text(SENTENCES[0][0], date=SENTENCES[0][1], article_id="stored")
    with EventStore(tmp_path / "events.duckdb") as store:
        store.add([article])
        stored = store.events()
    assert stored
    count, frame = _export(tmp_path, stored, "icews")
    assert count == len(stored) and list(frame["CAMEO Code"]) == [e["cameo_code"] for e in stored]


def test_export_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="use one of icews, phoenix, gdelt, polecat, csv, parquet"):
        export_events([], "stata", tmp_path / "x")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_bad_event_is_an_input_error_and_leaves_no_file(
    tmp_path: Path, events: list[dict[str, Any]], fmt: str
) -> None:
    broken = {k: v for k, v in events[0].items() if k != "cameo_code"}
    out = tmp_path / "out"
    with pytest.raises(InputError, match="cameo_code") as info:
        export_events([events[0], broken], fmt, out)
    assert info.value.origin == f"event 2 ({broken['event_id']})"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"event_date": "16/11/2020"}, "event_date"),
        ({"source": "IRQ"}, "source must be an actor object"),
        ({"location": [1, 2]}, "location must be an object"),
    ],
)
def test_export_malformed_fields_are_input_errors(
    tmp_path: Path, events: list[dict[str, Any]], change: dict[str, Any], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        export_events([events[0] | change], "icews", tmp_path / "out.tsv")


def test_export_missing_folder_is_a_usage_error(tmp_path: Path, events: list[dict[str, Any]]) -> None:
    with pytest.raises(UsageError, match="check that its folder exists"):
        export_events(events, "csv", tmp_path / "missing" / "out.csv")


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_TEXT, sentence=_TEXT, topic=_TEXT.filter(lambda t: ";" not in t))
@example(name='Tab\there "quoted"', sentence="line one\nline two\r\nthree\rfour", topic="NA")
@example(name="'single' \\ back\\slash,comma", sentence='"', topic=" padded ")
@example(name="İstanbul — 北京 ☃ \u200f", sentence="\x00nul\x0bvt\x0cff", topic="null")
@pytest.mark.parametrize(
    ("fmt", "name_column", "sentence_column", "topic_column"),
    [
        ("icews", "Source Name", None, None),
        ("phoenix", None, None, "Issues"),
        ("gdelt", "Actor1Name", None, None),
        ("csv", "source_name", "sentence", "topics"),
    ],
)
def test_export_flat_files_keep_arbitrary_text(
    tmp_path: Path,
    fmt: str,
    name_column: str | None,
    sentence_column: str | None,
    topic_column: str | None,
    name: str,
    sentence: str,
    topic: str,
) -> None:
    event = event_to_dict(_first_event())
    event["source"]["name"] = name
    event["evidence"]["sentence"] = sentence
    event["topics"] = [topic]
    out = tmp_path / "text.out"
    export_events([event, event], fmt, out)
    frame = read_back(out, fmt)
    assert len(frame) == 2
    for column, value in ((name_column, name), (sentence_column, sentence), (topic_column, topic)):
        if column is not None:
            assert list(frame[column]) == [value, value]


def _actor(code: str, country: str | None, sectors: list[str]) -> dict[str, Any]:
    return {"code": code, "country": country, "sectors": sectors, "name": None, "text": "them"}


@pytest.mark.parametrize(
    ("actor", "entity", "role", "attribute"),
    [
        (_actor("IRQGOVMIL", "IRQ", ["GOV", "MIL"]), "IRQ", "GOV", "MIL"),
        (_actor("IGOUNOREF", "IGO", ["REF"]), "IGOUNO", "REF", ""),
        (_actor("IGOUNO", "IGO", []), "IGOUNO", None, ""),
        (_actor("GOV", None, ["GOV"]), None, "GOV", ""),
        (_actor("LBNREB", "LBN", ["REB", "PTY"]), "LBN", "REB", "PTY"),
        (_actor("USAGOVMILSPY", "USA", ["GOV", "MIL", "SPY"]), "USA", "GOV", "MIL;SPY"),
    ],
)
def test_export_phoenix_actor_fields(
    events: list[dict[str, Any]], actor: dict[str, Any], entity: str | None, role: str | None, attribute: str
) -> None:
    from kestrel._export_foreign import PHOENIX_COLUMNS, phoenix_row

    row = dict(zip(PHOENIX_COLUMNS, phoenix_row(_visit(events) | {"source": actor}), strict=True))
    assert row["SourceActorFull"] == actor["code"]
    assert (row["SourceActorEntity"], row["SourceActorRole"], row["SourceActorAttribute"]) == (
        entity,
        role,
        attribute,
    )


@pytest.mark.parametrize(
    ("actor", "code", "country", "group", "types"),
    [
        (_actor("IRQGOVMIL", "IRQ", ["GOV", "MIL"]), "IRQGOVMIL", "IRQ", None, ["GOV", "MIL", None]),
        (_actor("IGOUNOREF", "IGO", ["REF"]), "IGOUNOREF", None, "UNO", ["REF", None, None]),
        (_actor("---", None, []), None, None, None, [None, None, None]),
        (_actor("AFR", "AFR", []), "AFR", "AFR", None, [None, None, None]),
        (
            _actor("USAGOVMILSPYELI", "USA", ["GOV", "MIL", "SPY", "ELI"]),
            "USAGOVMILSPYELI",
            "USA",
            None,
            ["GOV", "MIL", "SPY"],
        ),
    ],
)
def test_export_gdelt_actor_fields(
    events: list[dict[str, Any]],
    actor: dict[str, Any],
    code: str | None,
    country: str | None,
    group: str | None,
    types: list[str | None],
) -> None:
    from kestrel._export_foreign import GDELT_COLUMNS, gdelt_row

    row = dict(zip(GDELT_COLUMNS, gdelt_row(_visit(events) | {"target": actor}), strict=True))
    assert (row["Actor2Code"], row["Actor2CountryCode"], row["Actor2KnownGroupCode"]) == (
        code,
        country,
        group,
    )
    assert [row["Actor2Type1Code"], row["Actor2Type2Code"], row["Actor2Type3Code"]] == types
    assert row["Actor2Name"] == "them"


@pytest.mark.parametrize(
    ("date", "fraction"),
    [("2020-01-01", 2020.0), ("2020-12-31", 2020.9973), ("2021-07-02", 2021.4986), ("2023-12-31", 2023.9973)],
)
def test_export_gdelt_fraction_date(events: list[dict[str, Any]], date: str, fraction: float) -> None:
    from kestrel._export_foreign import GDELT_COLUMNS, gdelt_row

    row = dict(zip(GDELT_COLUMNS, gdelt_row(_visit(events) | {"event_date": date}), strict=True))
    assert row["FractionDate"] == pytest.approx(fraction)
    assert row["SQLDATE"] == int(date.replace("-", ""))


@pytest.mark.parametrize(
    ("precision", "country", "geo_type"),
    [
        ("city", "IRN", 4),
        ("city", "USA", 3),
        ("admin1", "IRN", 5),
        ("admin1", "USA", 2),
        ("country", "IRN", 1),
    ],
)
def test_export_gdelt_geo_type(events: list[dict[str, Any]], precision: str, country: str, geo_type: int) -> None:
    from kestrel._export_foreign import GDELT_COLUMNS, gdelt_row

    location = dict(TEHRAN, precision=precision, country=country)
    row = dict(zip(GDELT_COLUMNS, gdelt_row(_visit(events) | {"location": location}), strict=True))
    assert row["ActionGeo_Type"] == geo_type


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("IRQ", "Iraq"),
        ("IRN", "Iran"),
        ("USA", "United States"),
        ("XKX", "Kosovo"),
        ("IGO", "IGO"),
        ("AFR", "AFR"),
        (None, None),
    ],
)
def test_export_country_names(code: str | None, name: str | None) -> None:
    from kestrel._export_common import country_name

    assert country_name(code) == name
