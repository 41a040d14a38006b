"""Follow mode: polling a folder and feeds codes what is new, once."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kestrel._cli_scale import watch_command
from kestrel.ingest import read_inputs
from kestrel.models import Article
from kestrel.store import EventStore
from kestrel.watch import Watcher, read_feed

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "kestrel" / "samples"


def _samples() -> list[Article]:
    return [a for a in read_inputs([SAMPLES]) if isinstance(a, Article)]


def _atom(path: Path, articles: list[Article]) -> str:
    entries = "".join(
        f"<entry><id>urn:test:{a.article_id}</id><title>{a.title or a.article_id}</title>"
        f"<updated>2024-05-0{i + 1}T10:00:00Z</updated><link href='https://news.example/{i}'/>"
        f"<content type='html'>&lt;p&gt;{a.text.replace(chr(10) * 2, '&lt;/p&gt;&lt;p&gt;')}&lt;/p&gt;</content></entry>"
        for i, a in enumerate(articles)
    )
    path.write_text(
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>Test Wire</title><id>urn:test</id><updated>2024-05-01T00:00:00Z</updated>{entries}</feed>",
        encoding="utf-8",
    )
    return path.as_uri()


def test_watch_poll_codes_new_files_once(tmp_path: Path) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    samples = _samples()
    (incoming / "a.txt").write_text((SAMPLES / "01_iraq_egypt_state_visit.txt").read_text(encoding="utf-8"))
    with EventStore(tmp_path / "w.duckdb") as store:
        watcher = Watcher(store, incoming, settle=0.0)
        first = watcher.poll()
        assert (first.files, first.new) == (1, 1) and first.events > 0
        assert watcher.poll().files == 0  # nothing changed
        lines = [json.dumps({"id": a.article_id, "text": a.text}) for a in samples[1:4]]
        (incoming / "b.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        second = watcher.poll()
        assert (second.files, second.new, second.known) == (1, 3, 0)
        # the file grows: only the new line is coded
        with (incoming / "b.jsonl").open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"id": samples[5].article_id, "text": samples[5].text}) + "\n")
        third = watcher.poll()
        assert (third.new, third.known) == (1, 3)
        assert store.counts()["articles"] == 5
        assert store.counts()["actors"] > 0  # resolution ran
    # a restarted watcher re-reads the folder but stores nothing twice
    with EventStore(tmp_path / "w.duckdb") as store:
        again = Watcher(store, incoming, settle=0.0).poll()
        assert (again.files, again.new, again.known) == (2, 0, 5)


def test_watch_waits_for_files_still_being_written(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Egypt praised Iraq on Monday.", encoding="utf-8")
    os.utime(tmp_path / "a.txt")
    with EventStore(tmp_path / "w.duckdb") as store:
        assert Watcher(store, tmp_path, settle=3600).poll().files == 0


def test_watch_reads_atom_feeds_idempotently(tmp_path: Path) -> None:
    pytest.importorskip("feedparser")
    url = _atom(tmp_path / "feed.xml", _samples()[:3])
    entries = list(read_feed(url))
    assert [type(e) for e in entries] == [Article] * 3
    first = entries[0]
    assert isinstance(first, Article)
    assert first.source == "Test Wire" and first.url == "https://news.example/0"
    assert first.date is not None and first.date.isoformat() == "2024-05-01"
    assert "\n\n" in first.text and "<p>" not in first.text
    with EventStore(tmp_path / "w.duckdb") as store:
        watcher = Watcher(store, feeds=[url])
        assert watcher.poll().new == 3
        assert (watcher.poll().new, watcher.poll().known) == (0, 3)


def test_watch_command_once_is_idempotent(tmp_path: Path) -> None:
    pytest.importorskip("feedparser")
    incoming = tmp_path / "in"
    incoming.mkdir()
    (incoming / "a.txt").write_text((SAMPLES / "04_turkey_airstrikes_iraq.txt").read_text(encoding="utf-8"))
    url = _atom(tmp_path / "feed.xml", _samples()[5:7])
    db = str(tmp_path / "w.duckdb")
    runner = CliRunner()
    args = [str(incoming), "--db", db, "--feed", url, "--once"]
    first = runner.invoke(watch_command, args)
    assert first.exit_code == 0, first.output
    assert "3 new article(s)" in first.output
    second = runner.invoke(watch_command, args)
    assert second.exit_code == 0 and "0 new article(s), 3 already stored" in second.output
    with EventStore(db, read_only=True) as store:
        assert store.counts()["articles"] == 3


def test_watch_command_needs_a_folder_or_a_feed(tmp_path: Path) -> None:
    result = CliRunner().invoke(watch_command, ["--db", str(tmp_path / "w.duckdb"), "--once"])
    assert result.exit_code == 2 and "FOLDER" in result.output
