"""Load benchmark of the HTTP API: 50 concurrent clients for 30 s on a synthetic 1-million-event store.

    .venv/bin/python bench/api_load.py                      # build /tmp/kestrel-1m.duckdb once, then load it
    .venv/bin/python bench/api_load.py --events 200000 --seconds 10 --clients 20

The store is generated directly with DuckDB SQL (INSERT ... SELECT FROM range()), not by coding text:
100,000 articles of 10 events each among 24 countries, with every fifth pair of events linked. The
server is `kestrel serve` (a subprocess on a free loopback port); the clients are httpx.AsyncClient tasks
asking /api/events with a mix of filters and cursor pages (or wrk with the same mix: --client wrk).
Prints requests/s and latency p50/p90/p95/p99.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from kestrel.store import COLUMNS, EventStore

__all__ = ["build_store", "main"]

_COUNTRIES = [
    "IRQ", "IRN", "EGY", "TUR", "SYR", "USA", "RUS", "CHN", "ISR", "LBN", "SAU", "JOR",
    "IND", "PAK", "AFG", "KEN", "SOM", "SDN", "UKR", "FRA", "DEU", "GBR", "JPN", "YEM",
]  # fmt: skip
_CODES = ["010", "020", "036", "042", "043", "051", "057", "070", "111", "112", "130", "173", "190", "193"]
_PLOVER = {"01": "CONSULT", "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "07": "AID",
           "11": "ACCUSE", "13": "THREATEN", "17": "COERCE", "19": "ASSAULT"}  # fmt: skip
_QUAD = {"01": 1, "02": 1, "03": 1, "04": 1, "05": 2, "07": 2, "11": 3, "13": 3, "17": 4, "19": 4}
_GOLD = {"010": 0.0, "020": 3.0, "036": 4.0, "042": 1.9, "043": 2.8, "051": 3.4, "057": 8.0, "070": 7.0,
         "111": -2.0, "112": -2.0, "130": -4.4, "173": -5.0, "190": -10.0, "193": -10.0}  # fmt: skip


def build_store(path: Path, n_events: int) -> None:
    """Write a synthetic store of ``n_events`` events (10 per article) with DuckDB SQL."""
    path.unlink(missing_ok=True)
    with EventStore(path) as store:
        db = store.db
        db.execute(
            "CREATE TEMP TABLE c AS SELECT unnest(?) AS iso, generate_subscripts(?, 1) - 1 AS k", [_COUNTRIES] * 2
        )
        db.execute(
            "CREATE TEMP TABLE codes AS SELECT unnest(?) AS code, generate_subscripts(?, 1) - 1 AS k", [_CODES] * 2
        )
        roots = [(code, _PLOVER[code[:2]], _QUAD[code[:2]], _GOLD[code]) for code in _CODES]
        db.execute("CREATE TEMP TABLE meta (code VARCHAR, plover VARCHAR, quad INTEGER, gold DOUBLE)")
        db.executemany("INSERT INTO meta VALUES (?, ?, ?, ?)", roots)
        n_articles = max(1, n_events // 10)
        db.execute(
            """
            INSERT INTO articles (article_hash, article_id, title, source, pub_date, text, sentences, coded_at)
            SELECT 'h' || i, 'a' || i, 'Synthetic story ' || i, 'Outlet ' || (i % 40),
                   DATE '2015-01-01' + CAST(i % 3650 AS INTEGER), 'Synthetic text ' || i, 10, now()
            FROM range(?) t(i)
            """,
            [n_articles],
        )
        columns = ", ".join(name for name, _ in COLUMNS["events"])
        db.execute(
            f"""
            INSERT INTO events ({columns})
            WITH base AS (
                SELECT i, i // 10 AS art, s.iso AS s, t.iso AS t, m.code, m.plover, m.quad, m.gold,
                       DATE '2015-01-01' + CAST((i // 10) % 3650 AS INTEGER) AS day
                FROM range(?) r(i)
                JOIN c s ON s.k = i % 24
                JOIN c t ON t.k = (i * 7 + 3) % 24
                JOIN codes cc ON cc.k = (i * 5 + i // 24) % 14
                JOIN meta m ON m.code = cc.code)
            SELECT printf('e%015d', i), 'h' || art, 'a' || art, CAST(i % 10 AS INTEGER), day, 'day',
                   s || 'GOV', s, NULL, 'code:' || s || 'GOV', t, t, NULL, 'code:' || t,
                   code, substr(code, 1, 2), quad, gold, plover, false, NULL,
                   'Officials of ' || s || ' met counterparts from ' || t || ' in story ' || art || '.',
                   code || ':synthetic',
                   json_object('event_id', printf('e%015d', i), 'article_id', 'a' || art,
                     'sentence_index', i % 10, 'event_date', CAST(day AS VARCHAR), 'date_precision', 'day',
                     'date_phrase', NULL,
                     'source', json_object('code', s || 'GOV', 'country', s, 'sectors', ['GOV'], 'name', NULL,
                        'text', s, 'actor_id', 'code:' || s || 'GOV', 'kb_id', NULL, 'kind', 'agent'),
                     'target', json_object('code', t, 'country', t, 'sectors', [], 'name', NULL, 'text', t,
                        'actor_id', 'code:' || t, 'kb_id', NULL, 'kind', 'country'),
                     'cameo_code', code, 'cameo_root', substr(code, 1, 2), 'quad_class', quad, 'goldstein', gold,
                     'plover_type', plover, 'plover_mode', NULL, 'plover_context', [],
                     'location', json_object('name', NULL, 'country', t, 'admin1', NULL, 'lat', (i % 120) - 60.0,
                        'lon', (i % 340) - 170.0, 'geonames_id', NULL, 'precision', 'inferred'),
                     'negated', false, 'modality', NULL, 'topics', [],
                     'evidence', json_object('sentence', 'Officials of ' || s || ' met counterparts from ' || t ||
                        ' in story ' || art || '.', 'source_span', [13, 16], 'target_span', [42, 45],
                        'trigger_span', [17, 20], 'trigger', 'met', 'rule', code || ':synthetic'),
                     'coder_version', 'kestrel-bench')::VARCHAR
            FROM base
            """,
            [n_events],
        )
        db.execute(
            """
            INSERT INTO event_links
            SELECT printf('e%015d', i),
                   CASE WHEN i % 10 < 2 THEN printf('e%015d', i - i % 2) ELSE printf('e%015d', i) END
            FROM range(?) t(i)
            """,
            [n_events],
        )
        denormalized = db.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'events' AND column_name = 'source_canonical'"
        ).fetchone()
        if denormalized and denormalized[0]:  # stores resolved by current Kestrel carry these in events
            db.execute(
                "UPDATE events SET linked_id = l.linked_id, source_canonical = source_actor_id, "
                "target_canonical = target_actor_id FROM event_links l WHERE l.event_id = events.event_id"
            )
        db.execute(
            """
            INSERT INTO actors
            SELECT 'code:' || iso || 'GOV', NULL, iso || 'GOV', iso, ['GOV'], 'agent', NULL, 1000,
                   DATE '2015-01-01', DATE '2024-12-31' FROM c
            UNION ALL
            SELECT 'code:' || iso, NULL, iso, iso, [], 'country', NULL, 1000, DATE '2015-01-01', DATE '2024-12-31'
            FROM c
            """
        )
        db.execute("INSERT INTO actor_map SELECT actor_id, actor_id, 'itself' FROM actors")
        db.execute("CHECKPOINT")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _queries(rng: random.Random) -> list[dict[str, str]]:
    out: list[dict[str, str]] = [{}]
    for _ in range(200):
        a, b = rng.sample(_COUNTRIES, 2)
        choice = rng.random()
        if choice < 0.15:  # a dyad that occurs (each source country has one target in this store)
            k = rng.randrange(24)
            out.append({"dyad": f"{_COUNTRIES[k]}-{_COUNTRIES[(7 * k + 3) % 24]}"})
        elif choice < 0.25:  # usually one that does not (a full scan)
            out.append({"dyad": f"{a}-{b}"})
        elif choice < 0.45:
            out.append({"country": a})
        elif choice < 0.6:
            out.append({"root": rng.choice(_CODES)[:2]})
        elif choice < 0.75:
            year = rng.randint(2015, 2024)
            out.append({"since": f"{year}-01-01", "until": f"{year}-03-31"})
        elif choice < 0.85:
            out.append({"actor": f"code:{a}GOV"})
        else:
            out.append({"plover": rng.choice(list(_PLOVER.values())), "country": a})
    return out


async def _client(
    http: httpx.AsyncClient, queries: list[dict[str, str]], stop: float, seed: int, lat: list[float], errors: list[str]
) -> None:
    rng = random.Random(seed)
    cursor: str | None = None
    params: dict[str, str] = {}
    while time.monotonic() < stop:
        if cursor is None or rng.random() < 0.5:  # a new query, or the next page of the last one
            params, cursor = dict(rng.choice(queries)), None
        ask = {**params, "limit": "50", **({"cursor": cursor} if cursor else {})}
        t0 = time.perf_counter()
        try:
            r = await http.get("/api/events", params=ask)
        except httpx.HTTPError as exc:
            errors.append(type(exc).__name__)
            continue
        lat.append(time.perf_counter() - t0)
        if r.status_code != 200:
            errors.append(f"{r.status_code} {r.text[:100]}")
            cursor = None
            continue
        cursor = r.json()["next_cursor"]


async def _load(base: str, clients: int, seconds: float) -> tuple[list[float], list[str], float]:
    queries = _queries(random.Random(7))
    lat: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:
        start = time.monotonic()
        stop = start + seconds
        await asyncio.gather(*(_client(http, queries, stop, i, lat, errors) for i in range(clients)))
        elapsed = time.monotonic() - start
    return lat, errors, elapsed


def _wait(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("kestrel serve exited early")
        try:
            if httpx.get(base + "/api/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("kestrel serve did not start within 120 s")


def _cpu_seconds(pid: int) -> float:
    """CPU time of ``pid`` and its children (Linux /proc); 0 where it cannot be read."""
    total = 0.0
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return total
    return total + sum(_cpu_seconds(int(child)) for child in children)


def _wait_idle(proc: subprocess.Popen[bytes], timeout: float = 180.0) -> None:
    """Wait until the server and its workers stop using CPU: with --workers N the first worker to
    finish building its paging index answers /api/health (and would take every load connection)
    while the others are still building."""
    deadline = time.monotonic() + timeout
    before = _cpu_seconds(proc.pid)
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = _cpu_seconds(proc.pid)
        if now - before < 0.1:
            return
        before = now


_WRK_SCRIPT = """
local queries = {@QUERIES@}
local cursor = nil
local current = nil
math.randomseed(os.time() + math.floor(os.clock() * 1e6))
request = function()
  if cursor == nil or math.random() < 0.5 then
    current = queries[math.random(#queries)]
    cursor = nil
  end
  local path = "/api/events?limit=50" .. current
  if cursor ~= nil then path = path .. "&cursor=" .. cursor end
  return wrk.format("GET", path)
end
response = function(status, headers, body)
  cursor = string.match(body, '"next_cursor": "([^"]+)"')
end
done = function(summary, latency, requests)
  local ms = function(p) return latency:percentile(p) / 1000 end
  local e = summary.errors
  io.write(string.format(
    "kestrel: %d requests in %.1f s = %.1f req/s; errors connect %d read %d write %d status %d timeout %d\\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    e.connect, e.read, e.write, e.status, e.timeout))
  io.write(string.format("kestrel: latency ms p50 %.1f, p90 %.1f, p95 %.1f, p99 %.1f, max %.1f, mean %.1f\\n",
    ms(50), ms(90), ms(95), ms(99), latency.max / 1000, latency.mean / 1000))
end
"""


def _wrk(base: str, clients: int, seconds: float, workers: int) -> int:
    """The same query mix and cursor following as the httpx clients, driven by wrk."""
    import shutil
    import tempfile
    from urllib.parse import urlencode

    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)")
        return 1
    queries = ", ".join('"' + ("&" + urlencode(q) if q else "") + '"' for q in _queries(random.Random(7)))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(_WRK_SCRIPT.replace("@QUERIES@", queries))
    out = subprocess.run(
        ["wrk", "-t2", f"-c{clients}", f"-d{int(seconds)}s", "--latency", "-s", fh.name, base],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    Path(fh.name).unlink()
    print(f"wrk, workers {workers}, {clients} connections, {seconds:.0f} s:")
    print("\n".join(line.removeprefix("kestrel: ") for line in out.splitlines() if line.startswith("kestrel: ")))
    return 0 if "kestrel: latency" in out else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path("/tmp/kestrel-1m.duckdb"))
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true", help="Rebuild the store even if it exists.")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=1, help="kestrel serve --workers")
    parser.add_argument(
        "--client",
        choices=["httpx", "wrk"],
        default="httpx",
        help="load generator: Python httpx tasks, or wrk (Debian package; far less CPU per request)",
    )
    args = parser.parse_args(argv)
    if args.rebuild or not args.db.exists():
        t0 = time.perf_counter()
        build_store(args.db, args.events)
        print(f"built {args.db} with {args.events:,} events in {time.perf_counter() - t0:.1f} s")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    code = "import sys; from kestrel._cli_serve import serve_command; serve_command(sys.argv[1:])"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "--db", str(args.db), "--port", str(port), "--workers", str(args.workers)]
    )
    try:
        _wait(base, proc)
        _wait_idle(proc)
        httpx.get(base + "/api/events", params={"limit": "50"}, timeout=60)  # warm up
        if args.client == "wrk":
            return _wrk(base, args.clients, args.seconds, args.workers)
        lat, errors, elapsed = asyncio.run(_load(base, args.clients, args.seconds))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    if not lat:
        print("no request completed")
        return 1
    ms = sorted(x * 1000 for x in lat)
    q = statistics.quantiles(ms, n=100)
    print(
        f"workers {args.workers}: {len(ms):,} requests in {elapsed:.1f} s = {len(ms) / elapsed:.1f} req/s, "
        f"{args.clients} clients; "
        f"latency ms p50 {q[49]:.0f}, p90 {q[89]:.0f}, p95 {q[94]:.0f}, p99 {q[98]:.0f}, max {ms[-1]:.0f}; "
        f"errors {len(errors)}"
    )
    if errors:
        print("first errors:", errors[:5])
    return 0


if __name__ == "__main__":
    sys.exit(main())
