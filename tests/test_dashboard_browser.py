"""Browser tests of the dashboard: headless Chromium (Debian's) driven by Playwright against a real
`kestrel serve` on a store built from the bundled samples plus one hostile article.

Skipped with a clear reason when Playwright or Chromium is unavailable (Chromium is installed with
apt when it is missing and the tests run as root; set KESTREL_NO_APT=1 to prevent that). Screenshots
of every view are saved under pytest's tmp_path and copied to ./test-artifacts/.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "src" / "kestrel" / "samples"
SEEDS = REPO.parent / "shared" / "seeds"  # the two seed articles: two spellings of Iraq's defence minister
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
HOSTILE = {
    "id": "xss_probe",
    "title": f"Probe {SCRIPT}{IMG}",
    "source": "Test <b>Wire</b>",
    "date": "2025-05-05",
    "text": f"Iraqi Defense Minister Juma Inad Sadoon visited Tehran {SCRIPT} on Monday. "
    f"Iran {IMG} praised Iraq for its support.",
}


def _chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    apt = shutil.which("apt-get")
    if apt and os.geteuid() == 0 and not os.environ.get("KESTREL_NO_APT"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for cmd in ([apt, "update"], [apt, "install", "-y", "chromium"]):
            try:
                subprocess.run(cmd, check=True, capture_output=True, timeout=600, env=env)
            except (subprocess.SubprocessError, OSError) as exc:
                pytest.skip(f"Chromium is missing and 'apt-get install chromium' failed: {exc}")
    if not CHROMIUM.exists():
        pytest.skip(
            "Chromium is not installed at /usr/bin/chromium (apt-get install chromium) and could not be installed"
        )
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("fastapi", reason="the API needs fastapi and uvicorn (pip install fastapi uvicorn)")
    pytest.importorskip("uvicorn", reason="the API needs uvicorn")
    tmp = tmp_path_factory.mktemp("dash")
    hostile = tmp / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = tmp / "store.duckdb"
    inputs = [str(SAMPLES), str(hostile), *([str(SEEDS)] if SEEDS.is_dir() else [])]
    subprocess.run(
        [sys.executable, "-m", "kestrel", "run", *inputs, "--db", str(db), "--quiet"],
        check=True,
        capture_output=True,
        timeout=180,
    )
    port = _free_port()
    code = "import sys; from kestrel._cli_serve import serve_command; serve_command(sys.argv[1:])"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/api/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    err = proc.stderr.read().decode() if proc.stderr else ""
                    pytest.fail(f"kestrel serve did not start: {err[-2000:]}")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")
    executable = _chromium()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(executable),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            yield b
        finally:
            b.close()


class _Page:
    """A page that records dialogs (alert) and script errors, and saves screenshots."""

    def __init__(self, browser: Any, base: str, shots: Path) -> None:
        self.base = base
        self.shots = shots
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.set_default_timeout(15000)
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, query: str = "") -> Any:
        self.page.goto(f"{self.base}/{query}")
        return self.page

    def shot(self, name: str) -> None:
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copy(path, ARTIFACTS / path.name)
        assert path.stat().st_size > 1000


@pytest.fixture()
def page(browser: Any, server: str, tmp_path: Path) -> Iterator[_Page]:
    p = _Page(browser, server, tmp_path)
    yield p
    assert p.errors == [], f"script errors in the page: {p.errors}"
    assert p.dialogs == [], f"a dialog opened (script from an article ran?): {p.dialogs}"
    p.page.close()


def _rows(page: Any) -> int:
    page.wait_for_selector("[data-testid=event-row]")
    return int(page.locator("[data-testid=event-row]").count())


def test_dashboard_browser_events_table_loads(page: _Page) -> None:
    p = page.open()
    assert _rows(p) > 10
    page.shot("events")


def test_dashboard_browser_dyad_filter_narrows_table_and_url(page: _Page) -> None:
    p = page.open()
    everything = _rows(p)
    p.fill("#filters input[name=dyad]", "IRQ-IRN")
    p.click("#filters button[type=submit]")
    p.wait_for_url("**dyad=IRQ-IRN**")
    # the strict CSP forbids Playwright's string predicates (eval): poll from Python instead
    deadline = time.monotonic() + 15
    while (narrowed := _rows(p)) >= everything and time.monotonic() < deadline:
        p.wait_for_timeout(100)
    assert 0 < narrowed < everything
    codes = p.locator("[data-testid=event-row] td:nth-child(2) .muted").all_text_contents()
    assert all(code.startswith("IRQ") for code in codes), codes
    # the URL alone reproduces the view
    shared = page.open("?view=events&dyad=IRQ-IRN")
    assert _rows(shared) == narrowed
    assert shared.input_value("#filters input[name=dyad]") == "IRQ-IRN"
    page.shot("events-dyad")


def test_dashboard_browser_row_expands_to_highlighted_evidence(page: _Page) -> None:
    p = page.open("?view=events&dyad=IRQ-IRN")
    _rows(p)
    p.locator("[data-testid=event-row]").first.click()
    detail = p.locator("[data-testid=event-detail]").first
    detail.wait_for(state="visible")
    assert detail.locator("mark.hl-source").count() >= 1
    assert detail.locator("mark.hl-target").count() >= 1
    assert detail.locator("mark.hl-trigger").count() >= 1
    assert "Iraq" in detail.locator("mark.hl-source").first.text_content() or "Iran" in detail.text_content()
    page.shot("events-expanded")


def test_dashboard_browser_sorting_by_goldstein(page: _Page) -> None:
    p = page.open("?view=events&sort=goldstein")
    _rows(p)
    values = [float(v) for v in p.locator("[data-testid=event-row] td:nth-child(5)").all_text_contents()]
    assert values == sorted(values)
    p.click("th[data-key=goldstein]")
    p.wait_for_url("**sort=-goldstein**")
    _rows(p)
    values = [float(v) for v in p.locator("[data-testid=event-row] td:nth-child(5)").all_text_contents()]
    assert values == sorted(values, reverse=True)


def test_dashboard_browser_actor_page_lists_both_spellings(page: _Page) -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present (the two spellings come from the seed articles)")
    p = page.open("?view=actor&id=juma-inad-saadoun")
    aliases = p.locator("[data-testid=actor-aliases] li")
    aliases.first.wait_for()
    text = " | ".join(aliases.all_text_contents())
    assert "Juma Enad Saadoun" in text
    assert "Juma Inad Sadoon" in text
    assert "IRQGOVMIL" in p.locator("[data-testid=actor-roles]").text_content()
    assert p.locator("[data-testid=actor-partners] tr").count() > 1
    assert _rows(p) > 0
    page.shot("actor")


def test_dashboard_browser_network_renders(page: _Page) -> None:
    p = page.open("?view=network")
    p.wait_for_selector("[data-testid=network-svg]")
    assert p.locator("[data-testid=network-node]").count() >= 3
    assert p.locator("[data-testid=network-svg] path.edge").count() >= 2
    assert p.locator("path.edge.coop").count() >= 1 and p.locator("path.edge.conf").count() >= 1
    page.shot("network")


def test_dashboard_browser_timeline_renders(page: _Page) -> None:
    p = page.open("?view=timeline")
    p.wait_for_selector("[data-testid=timeline-svg]")
    assert p.locator("[data-testid=timeline-svg] rect.bar").count() >= 3
    assert p.locator("[data-testid=timeline-svg] polyline.gline").count() == 1
    page.shot("timeline")


def test_dashboard_browser_map_renders(page: _Page) -> None:
    p = page.open("?view=map")
    p.wait_for_selector("[data-testid=map-svg]")
    assert p.locator("[data-testid=map-svg] path.land").count() > 0
    assert p.locator("[data-testid=map-point]").count() >= 2
    page.shot("map")


def test_dashboard_browser_hostile_article_is_shown_not_run(page: _Page) -> None:
    p = page.open("?view=events&q=onerror")
    assert _rows(p) >= 1
    p.locator("[data-testid=event-row]").first.click()
    detail = p.locator("[data-testid=event-detail]").first
    detail.wait_for(state="visible")
    assert IMG in detail.locator("[data-testid=evidence-sentence]").text_content()
    detail.get_by_text("All reports and articles").click()
    report = detail.locator("[data-testid=event-report]").first
    report.wait_for()
    assert SCRIPT in report.locator("[data-testid=report-title]").text_content()
    report.get_by_text("Show article text").click()
    article = report.locator("[data-testid=article-text]")
    article.wait_for(state="visible")
    assert SCRIPT in article.text_content() and IMG in article.text_content()
    p.wait_for_timeout(500)  # give a payload time to fire
    assert p.locator("#view img, #view script").count() == 0
    assert p.evaluate("document.querySelectorAll('script').length") == 1  # only the app's own module
    page.shot("hostile-article")
    # the same through the search box and the second payload's sentence
    p2 = page.open("?view=events&q=alert(1)")
    assert _rows(p2) >= 1
    p2.locator("[data-testid=event-row]").first.click()
    assert SCRIPT in p2.locator("[data-testid=event-detail]").first.text_content()
