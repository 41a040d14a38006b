"""The HTTP API (kestrel.api) on a store built from the bundled samples plus one hostile article."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the API needs fastapi (pip install fastapi uvicorn httpx)")
pytest.importorskip("httpx", reason="the API tests need httpx")

from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kestrel._cli_serve import _is_loopback, serve_command
from kestrel.api import create_app
from kestrel.api._queries import decode_cursor, encode_cursor, events_page
from kestrel.cli import main
from kestrel.errors import UsageError
from kestrel.query import EventFilter

try:
    import schemathesis
except ImportError:  # the fuzz test is left out; the others still run
    schemathesis = None  # type: ignore[assignment]

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "kestrel" / "samples"
SCRIPT = "<script>alert(1)</script>"
HOSTILE = {
    "id": "xss_probe",
    "title": f"Probe {SCRIPT}",
    "date": "2025-05-05",
    "text": f"Iraqi Defense Minister Juma Inad Sadoon visited Tehran {SCRIPT} on Monday. "
    "Iran <img src=x onerror=alert(2)> praised Iraq for its support.",
}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("api")
    hostile = tmp / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = tmp / "store.duckdb"
    result = CliRunner().invoke(main, ["run", str(SAMPLES), str(hostile), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def client(db_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db_path)) as c:
        yield c


def _all_events(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    r = client.get("/api/events", params={**params, "limit": 500})
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


def test_api_events_cursor_pages_cover_everything_once(client: TestClient) -> None:
    everything = [e["linked_id"] for e in _all_events(client)]
    assert len(everything) > 20
    seen: list[str] = []
    cursor = None
    while True:
        r = client.get("/api/events", params={"limit": 7, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200
        page = r.json()
        seen += [e["linked_id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everything


@pytest.mark.parametrize(
    "flt",
    [
        EventFilter(),
        EventFilter(dyad="IRQ-IRN"),
        EventFilter(actor="egy"),
        EventFilter(root="04"),
        EventFilter(country="TUR"),
    ],
)
def test_api_events_paging_index_agrees_with_plain_query(client: TestClient, flt: EventFilter) -> None:
    state = client.app.state.kestrel  # type: ignore[attr-defined]
    assert state.indexed
    db = state.cursor()
    for limit in (3, 500):
        pages = []
        for index in (state.index, None):
            cursor, ids = None, []
            while True:
                items, cursor = events_page(db, flt, limit=limit, cursor=cursor, index=index)
                ids += [(e["linked_id"], e["num_mentions"], e["num_sources"], e["event_id"]) for e in items]
                if cursor is None:
                    break
            pages.append(ids)
        assert pages[0] == pages[1] and pages[0]


# --- the paging index against the plain query, on a store with many linked events ---------------

_COUNTRIES = ("IRQ", "IRN", "EGY", "TUR", "USA")
_CODES = {"042": "CONSULT", "043": "CONSULT", "036": "COOPERATE", "112": "ACCUSE", "190": "ASSAULT"}


def _linked_store(path: Path, seed: int = 3) -> None:
    """A store of 60 articles and about 240 events, most of them in linked events of 2-4 reports
    whose reports differ in date, code, country and outlet; some undated, some without a target."""
    import datetime as dt
    import random

    from kestrel.store import COLUMNS, EventStore

    rng = random.Random(seed)
    names = [name for name, _ in COLUMNS["events"]]
    events, links = [], []
    with EventStore(path) as store:
        db = store.db
        for a in range(60):
            db.execute(
                "INSERT INTO articles (article_hash, article_id, source, pub_date, text) VALUES (?, ?, ?, ?, ?)",
                [f"h{a}", f"a{a}", rng.choice(["Outlet A", "Outlet B", None]), dt.date(2024, 1, 1), "text"],
            )
        for i in range(240):
            group = i // rng.choice((1, 2, 3, 4)) if i % 5 else i  # runs of reports share a linked id
            src, tgt = _COUNTRIES[group % 5], (_COUNTRIES[(group * 3 + 1) % 5] if group % 7 else None)
            code = rng.choice(sorted(_CODES))
            day: dt.date | None = dt.date(2024, 1, 1) + dt.timedelta(days=group % 40 + rng.randrange(3))
            if group % 11 == 0 or rng.random() < 0.1:  # undated linked events, and undated reports of dated ones
                day = None
            role = rng.choice(("GOV", "MIL", ""))
            doc = {
                "event_id": f"e{i:04d}",
                "event_date": day.isoformat() if day else None,
                "source": {"code": src + role, "country": src, "actor_id": f"code:{src}{role}"},
                "target": {"code": tgt, "country": tgt, "actor_id": f"code:{tgt}"} if tgt else None,
                "cameo_code": code,
                "plover_type": _CODES[code],
            }
            row = dict.fromkeys(names)
            row.update(
                event_id=f"e{i:04d}", article_hash=f"h{rng.randrange(60)}", sentence_index=0, event_date=day,
                source_code=src + role, source_country=src, source_name=f"Minister {src}", source_actor_id=f"code:{src}{role}",
                target_code=tgt, target_country=tgt, target_actor_id=f"code:{tgt}" if tgt else None, cameo_code=code,
                cameo_root=code[:2], plover_type=_CODES[code], sentence="s", json=json.dumps(doc),
            )  # fmt: skip
            events.append([row[n] for n in names])
            links.append((f"e{i:04d}", f"l{group:04d}", f"canon:{src}", f"canon:{tgt}" if tgt else None))
        db.executemany(f"INSERT INTO events ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", events)
        db.executemany(
            "UPDATE events SET linked_id = ?, source_canonical = ?, target_canonical = ? WHERE event_id = ?",
            [[lid, s, t, e] for e, lid, s, t in links],
        )
        db.executemany("INSERT INTO event_links VALUES (?, ?)", [[e, lid] for e, lid, _, _ in links])
        db.executemany("INSERT INTO actor_map VALUES (?, ?, 'test')", [[f"code:{c}", f"canon:{c}"] for c in _COUNTRIES])
        db.execute("CHECKPOINT")


@pytest.fixture(scope="module")
def linked_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("linked") / "linked.duckdb"
    _linked_store(path)
    return path


@pytest.fixture(scope="module")
def linked_state(linked_path: Path) -> Iterator[Any]:
    app = create_app(linked_path)
    yield app.state.kestrel
    app.state.kestrel.close()


def _pages(db: Any, flt: EventFilter, limit: int, index: Any) -> list[tuple[list[dict[str, Any]], str | None]]:
    out, cursor = [], None
    while True:
        items, cursor = events_page(db, flt, limit=limit, cursor=cursor, index=index)
        out.append((items, cursor))
        if cursor is None:
            return out


_DAY = __import__("datetime").date
LINKED_FILTERS = [
    EventFilter(),
    EventFilter(dyad="IRQ-EGY"),
    EventFilter(dyad="IRQGOV-EGY"),
    EventFilter(dyad="IRQ-IRQ"),  # never occurs
    EventFilter(country="tur"),
    EventFilter(root="04"),
    EventFilter(root="043"),
    EventFilter(plover="consult"),
    EventFilter(actor="canon:IRN"),
    EventFilter(actor="code:USAMIL"),
    EventFilter(actor="minister egy"),
    EventFilter(actor="TURG"),
    EventFilter(since=_DAY(2024, 1, 20)),
    EventFilter(until=_DAY(2024, 1, 10)),
    EventFilter(since=_DAY(2024, 1, 5), until=_DAY(2024, 1, 6)),
    EventFilter(root="04", until=_DAY(2024, 1, 10)),  # an undated report matches the code: not the date
    EventFilter(since=_DAY(2030, 1, 1)),
    EventFilter(country="IRN", plover="ASSAULT", since=_DAY(2024, 1, 3)),
    EventFilter(dyad="USA-IRN", root="1", until=_DAY(2024, 2, 1)),
    EventFilter(actor="irq", root="04", since=_DAY(2024, 1, 2), until=_DAY(2024, 2, 2)),
]


@pytest.mark.parametrize("flt", LINKED_FILTERS, ids=lambda f: repr(f).removeprefix("EventFilter"))
def test_api_events_paging_index_gives_the_plain_pages(linked_state: Any, flt: EventFilter) -> None:
    """Every page (items and cursor) is the same from the index as from the plain query, at several sizes."""
    db = linked_state.cursor()
    assert linked_state.index is not None
    whole = _pages(db, flt, 500, None)
    for limit in (1, 4, 500):
        assert _pages(db, flt, limit, linked_state.index) == _pages(db, flt, limit, None)
    items = whole[0][0]
    if flt == EventFilter():
        assert len(items) > 60 and any(e["num_mentions"] > 2 for e in items)
        assert any(e["num_sources"] < e["num_articles"] for e in items)  # two reports from one outlet
        assert items[-1]["event_date"] is None  # undated last


def test_api_events_paging_index_scans_in_slices(linked_state: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Slices as small as a few events: a linked event whose matching reports straddle two slices is
    still listed once."""
    from kestrel.api import _paging

    monkeypatch.setattr(_paging, "_CHUNK", 1)
    db = linked_state.cursor()
    for flt in (EventFilter(country="IRQ"), EventFilter(plover="CONSULT"), EventFilter(until=_DAY(2024, 1, 30))):
        for limit in (2, 500):
            assert _pages(db, flt, limit, linked_state.index) == _pages(db, flt, limit, None)


def test_api_events_paging_index_matches_a_linked_event_by_any_report(linked_state: Any) -> None:
    db = linked_state.cursor()
    items, _ = events_page(db, EventFilter(root="190"), limit=500, index=linked_state.index)
    assert any(e["cameo_code"] != "190" for e in items)  # matched through another report of it
    assert items == events_page(db, EventFilter(root="190"), limit=500)[0]


def test_api_events_paging_index_cursors_work_on_either_path(linked_state: Any) -> None:
    db = linked_state.cursor()
    flt = EventFilter(country="IRQ")
    _, cursor = events_page(db, flt, limit=5, index=linked_state.index)
    assert cursor is not None
    fast = events_page(db, flt, limit=5, cursor=cursor, index=linked_state.index)
    assert fast == events_page(db, flt, limit=5, cursor=cursor)
    # a cursor need not point at an existing linked event: it is a position in the order
    for key in [(_DAY(2024, 1, 15), "l0000"), (_DAY(2024, 1, 15), "zzz"), (None, "l0"), (_DAY(1999, 1, 1), "")]:
        cursor = encode_cursor(*key)
        assert events_page(db, flt, limit=3, cursor=cursor, index=linked_state.index) == events_page(
            db, flt, limit=3, cursor=cursor
        )


def test_api_events_paging_index_without_its_text_file_reads_the_store(linked_path: Path) -> None:
    state = create_app(linked_path).state.kestrel
    assert state.index is not None
    state.index.close()  # pages now fetch their JSON from the store by rowid
    db = state.cursor()
    for flt in (EventFilter(), EventFilter(country="EGY", since=_DAY(2024, 1, 9))):
        assert _pages(db, flt, 3, state.index) == _pages(db, flt, 3, None)
    state.close()


@given(
    actor=st.sampled_from([None, "irq", "canon:EGY", "code:TURGOV", "USAM"]),
    dyad=st.sampled_from([None, "IRQ-EGY", "EGY-IRQ", "TUR-USA", "IRN-TUR"]),
    country=st.sampled_from([None, "IRQ", "USA", "TUR"]),
    root=st.sampled_from([None, "0", "04", "036", "19"]),
    plover=st.sampled_from([None, "CONSULT", "ACCUSE"]),
    since=st.one_of(st.none(), st.dates(_DAY(2023, 12, 30), _DAY(2024, 2, 15))),
    until=st.one_of(st.none(), st.dates(_DAY(2023, 12, 30), _DAY(2024, 2, 15))),
    limit=st.integers(1, 30),
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_api_events_paging_index_agrees_on_any_filter(linked_state: Any, limit: int, **fields: Any) -> None:
    db = linked_state.cursor()
    flt = EventFilter(**fields)
    assert _pages(db, flt, limit, linked_state.index) == _pages(db, flt, limit, None)


def test_api_events_newest_first_with_undated_last(client: TestClient) -> None:
    days = [e["event_date"] for e in _all_events(client)]
    dated = [d for d in days if d]
    assert dated == sorted(dated, reverse=True)
    assert days[: len(dated)] == dated


@pytest.mark.parametrize(
    ("params", "check"),
    [
        (
            {"dyad": "IRQ-IRN"},
            lambda e: e["source"]["code"].startswith("IRQ") and e["target"]["code"].startswith("IRN"),
        ),
        (
            {"country": "tur"},
            lambda e: "TUR" in ((e["source"] or {}).get("country"), (e["target"] or {}).get("country")),
        ),
        ({"root": "04"}, lambda e: e["cameo_code"].startswith("04")),
        ({"root": "042"}, lambda e: e["cameo_code"].startswith("042")),
        ({"plover": "consult"}, lambda e: e["plover_type"] == "CONSULT"),
        ({"since": "2025-01-01"}, lambda e: e["event_date"] and e["event_date"] >= "2025-01-01"),
        ({"until": "2024-10-31"}, lambda e: e["event_date"] and e["event_date"] <= "2024-10-31"),
        ({"q": "SANCTIONS"}, lambda e: "sanctions" in e["evidence"]["sentence"].lower()),
        ({"actor": "egy"}, lambda e: "EGY" in (e["source"]["code"][:3], (e["target"] or {}).get("code", "")[:3])),
    ],
)
def test_api_events_filters_hold_for_every_item(client: TestClient, params: dict[str, str], check: Any) -> None:
    items = _all_events(client, **params)
    assert items, f"no events for {params}"
    assert all(check(e) for e in items)
    assert len(items) < len(_all_events(client))


def test_api_event_detail_has_every_report_with_evidence(client: TestClient) -> None:
    first = _all_events(client)[0]
    r = client.get(f"/api/events/{first['linked_id']}")
    assert r.status_code == 200
    detail = r.json()
    assert detail["event"]["linked_id"] == first["linked_id"]
    assert len(detail["mentions"]) == first["num_mentions"]
    for report in detail["mentions"]:
        assert report["article"]["article_id"]
        assert report["evidence"]["sentence"]
        assert report["event_id"] in first["mention_event_ids"]
    by_event = client.get(f"/api/events/{first['mention_event_ids'][0]}").json()
    assert by_event["event"]["linked_id"] == first["linked_id"]


def test_api_actors_search_and_detail(client: TestClient) -> None:
    found = client.get("/api/actors", params={"q": "sisi"}).json()
    assert found and found[0]["actor_id"] == "abdel-fattah-el-sisi"
    detail = client.get("/api/actors/abdel-fattah-el-sisi").json()
    assert detail["code"] == "EGYGOV"
    assert detail["aliases"] and detail["roles"] and detail["partners"]
    assert all(p["actor_id"] != "abdel-fattah-el-sisi" for p in detail["partners"])


def test_api_article_text_is_returned_verbatim(client: TestClient) -> None:
    listed = client.get("/api/articles", params={"limit": 500}).json()
    assert "xss_probe" in {a["article_id"] for a in listed}
    article = client.get("/api/articles/xss_probe").json()
    assert SCRIPT in article["text"] and article["event_ids"]


def test_api_aggregates_have_content(client: TestClient) -> None:
    dyads = client.get("/api/dyads", params={"period": "year"}).json()
    assert any(d["source"] == "IRQ" for d in dyads)
    timeline = client.get("/api/timeline", params={"period": "week"}).json()
    assert timeline and all(t["events"] == t["quad1"] + t["quad2"] + t["quad3"] + t["quad4"] for t in timeline)
    net = client.get("/api/network").json()
    ids = {n["id"] for n in net["nodes"]}
    assert net["edges"] and all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    assert client.get("/api/network", params={"level": "actor"}).json()["nodes"]
    points = client.get("/api/map").json()
    assert points and all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in points)


def test_api_code_codes_without_storing(client: TestClient) -> None:
    before = client.get("/api/health").json()["counts"]
    r = client.post(
        "/api/code",
        json={"text": "Iraqi Defense Minister Juma Inad Sadoon visited Tehran on Monday.", "date": "2020-11-16"},
    )
    assert r.status_code == 200, r.text
    events = r.json()["events"]
    assert [(e["cameo_code"], e["source"]["code"], e["target"]["code"]) for e in events] == [
        ("042", "IRQGOVMIL", "IRNGOV")
    ]
    assert client.get("/api/health").json()["counts"] == before


@pytest.mark.parametrize(
    ("method", "url", "body", "status"),
    [
        ("GET", "/api/events?limit=0", None, 422),
        ("GET", "/api/events?limit=501", None, 422),
        ("GET", "/api/events?limit=abc", None, 422),
        ("GET", "/api/events?since=2024-13-45", None, 422),
        ("GET", "/api/events?root=4a", None, 422),
        ("GET", "/api/events?dyad=IRQ", None, 422),
        ("GET", "/api/events?cursor=not-a-cursor", None, 400),
        ("GET", "/api/events?cursor=WzEsMl0", None, 400),  # base64 of [1,2]
        ("GET", "/api/events/nope", None, 404),
        ("GET", "/api/actors/nobody", None, 404),
        ("GET", "/api/articles/none", None, 404),
        ("GET", "/api/timeline?period=decade", None, 422),
        ("GET", "/api/nowhere", None, 404),
        ("DELETE", "/api/events", None, 405),
        ("POST", "/api/code", {"text": ""}, 422),
        ("POST", "/api/code", {"text": "x" * 20001}, 422),
        ("POST", "/api/code", {"text": "Iraq met Iran.", "date": "yesterday-ish"}, 400),
        ("POST", "/api/code", {"text": "Iraq met Iran.", "extra": 1}, 422),
        ("POST", "/api/articles", {"text": "Iraq met Iran."}, 403),
    ],
)
def test_api_malformed_requests_get_4xx_with_a_message(
    client: TestClient, method: str, url: str, body: Any, status: int
) -> None:
    r = client.request(method, url, json=body)
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert error["status"] == status and len(error["message"]) > 5


def test_api_request_bodies_are_capped(client: TestClient) -> None:
    r = client.post("/api/code", content=b"x" * 300_000, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert "bytes" in r.json()["error"]["message"]


def test_api_security_headers_on_pages_and_json(client: TestClient) -> None:
    for url in ("/", "/api/health", "/static/js/main.js", "/api/nowhere"):
        csp = client.get(url).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    page = client.get("/").text
    assert '<script type="module" src=' in page and "<script>" not in page


def test_api_static_assets_never_use_inner_html() -> None:
    static = Path(__file__).resolve().parents[1] / "src" / "kestrel" / "api" / "static"
    sources = list(static.rglob("*.js"))
    assert len(sources) >= 7
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for bad in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert bad not in text, f"{path.name} uses {bad}"


def test_api_writes_need_flag_and_token(db_path: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        create_app(db_path, allow_writes=True)
    copy = tmp_path / "rw.duckdb"
    shutil.copy(db_path, copy)
    with TestClient(create_app(copy, allow_writes=True, token="s3cret")) as rw:
        body = {"text": "Japan pledged aid to Sudan on Monday.", "date": "2025-03-03", "article_id": "new1"}
        assert rw.post("/api/articles", json=body).status_code == 401
        assert rw.post("/api/articles", json=body, headers={"authorization": "Bearer wrong"}).status_code == 401
        r = rw.post("/api/articles", json=body, headers={"authorization": "Bearer s3cret"})
        assert r.status_code == 200, r.text
        assert r.json()["new"] == 1
        assert rw.get("/api/articles/new1").status_code == 200


@given(st.text(max_size=80))
@settings(max_examples=60, deadline=None)
def test_api_cursor_decoding_rejects_garbage_cleanly(text: str) -> None:
    try:
        day, key = decode_cursor(text)
    except UsageError:
        return
    assert isinstance(key, str)
    assert day is None or day.isoformat()


@given(st.one_of(st.none(), st.dates()), st.text(max_size=40))
def test_api_cursor_roundtrip(day: Any, key: str) -> None:
    assert decode_cursor(encode_cursor(day, key)) == (day, key)


@pytest.mark.parametrize(
    ("host", "loopback"), [("127.0.0.1", True), ("::1", True), ("localhost", True), ("0.0.0.0", False)]
)
def test_api_serve_knows_loopback(host: str, loopback: bool) -> None:
    assert _is_loopback(host) is loopback


def test_api_serve_defaults_to_loopback() -> None:
    host = next(p for p in serve_command.params if p.name == "host")
    assert host.default == "127.0.0.1"


def test_api_openapi_schema_lists_endpoints(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    for path in ("/api/events", "/api/events/{event_id}", "/api/actors/{actor_id}", "/api/code", "/api/dyads"):
        assert path in paths
    ok = schema["paths"]["/api/events"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/EventPage")


def test_api_schemathesis_finds_no_server_errors(db_path: Path) -> None:
    """Schemathesis generates requests from /openapi.json for every operation: none may answer 5xx."""
    if schemathesis is None:
        pytest.skip("schemathesis is not installed (pip install schemathesis)")
    app = create_app(db_path)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 12

    for operation in operations:

        @given(operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def fuzz(case: Any) -> None:
            response = case.call()
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query}: {response.text[:200]}")
            elif response.status_code >= 400:
                assert response.json()["error"]["message"]

        fuzz()
    app.state.kestrel.close()
    assert failures == []
