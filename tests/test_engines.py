"""The scale-out engines: batch rows, partitioning, the Dask engine, Parquet output and loading."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kestrel.engines import (
    load_output,
    plan_partitions,
    read_manifest,
    read_partition,
    rows_from_batch,
    run_dask,
)
from kestrel.engines.warc import read_warc
from kestrel.errors import UsageError
from kestrel.ingest import IngestOptions, read_inputs
from kestrel.models import Article
from kestrel.pipeline import Pipeline, PipelineConfig
from kestrel.store import EventStore

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "kestrel" / "samples"
N_ARTICLES = 40
LINES_PER_PARTITION = 5  # 40 lines -> 8 partitions of the JSONL file


def _sample_articles() -> list[Article]:
    return [a for a in read_inputs([SAMPLES]) if isinstance(a, Article)]


def _corpus(folder: Path) -> Path:
    """A 40-line JSONL file cycling the bundled samples under fresh ids (repeats are near-duplicates)."""
    samples = _sample_articles()
    path = folder / "feed.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(N_ARTICLES):
            a = samples[i % len(samples)]
            record = {"id": f"{a.article_id}-{i}", "text": a.text, "title": a.title, "source": a.source}
            if a.date:
                record["date"] = a.date.isoformat()
            fh.write(json.dumps(record) + "\n")
    return path


def _table(store: EventStore, table: str) -> list[tuple[Any, ...]]:
    sql = f"SELECT * EXCLUDE (coded_at) FROM {table}" if table == "articles" else f"SELECT * FROM {table}"
    return sorted(store.db.execute(sql).fetchall(), key=repr)


def _single_process(inputs: list[Path], db: Path) -> EventStore:
    store = EventStore(db)
    pipeline = Pipeline()
    articles = [a for a in read_inputs(inputs) if isinstance(a, Article)]
    store.add([pipeline.code_article(a) for a in articles])
    return store


# --- the batch function ---------------------------------------------------------------------------


def test_engines_rows_from_batch_match_the_store(tmp_path: Path) -> None:
    articles = _sample_articles()[:6]
    rows = rows_from_batch(articles, PipelineConfig())
    with EventStore(tmp_path / "b.duckdb") as store:
        store.add([Pipeline().code_article(a) for a in articles])
        events = sorted(store.db.execute("SELECT event_id, json FROM events").fetchall())
        mentions = store.db.execute("SELECT count(*) FROM mentions").fetchone()
    assert sorted((r["event_id"], r["json"]) for r in rows["events"]) == events
    assert mentions is not None and len(rows["mentions"]) == mentions[0]
    assert [r["article_id"] for r in rows["articles"]] == [a.article_id for a in articles]
    assert all(len(r["minhash"]) == 64 for r in rows["articles"])


def test_engines_loading_recomputes_signatures_of_an_older_scheme(tmp_path: Path) -> None:
    from kestrel.engines.parquet import load_parquet, write_partition_rows
    from kestrel.near_duplicates import NearDuplicateIndex

    articles = _sample_articles()[:3]
    rows = rows_from_batch(articles, PipelineConfig())
    for row in rows["articles"]:
        row["minhash"] = [7] * 64  # what an older scheme might have written
    files = write_partition_rows(rows, tmp_path, "p1")
    part = {"key": "p1", "files": files, "signatures": 1}
    with EventStore(tmp_path / "k.duckdb") as store:
        assert load_parquet(tmp_path, store, [part]).new == 3
        stored = dict(store.db.execute("SELECT article_id, minhash FROM articles").fetchall())
    signer = NearDuplicateIndex()
    assert stored == {a.article_id: signer.signature(a.text) for a in articles}


# --- partitioning ---------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="ab é\n", min_size=0, max_size=12), min_size=1, max_size=25),
    size=st.integers(min_value=1, max_value=7),
)
def test_engines_partitions_read_like_the_whole_file(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str], size: int
) -> None:
    folder = tmp_path_factory.mktemp("parts")
    path = folder / "in.jsonl"
    lines = [json.dumps({"text": t}) if i % 4 else "not json" for i, t in enumerate(texts)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = plan_partitions([path], lines_per_partition=size)
    assert len(plan) == -(-len(lines) // size)
    pieces = [str(item) for part in plan for item in read_partition(part, IngestOptions())]
    whole = [str(item) for item in read_inputs([path.resolve()])]
    assert pieces == whole


def test_engines_partition_keys_change_with_the_settings(tmp_path: Path) -> None:
    feed = _corpus(tmp_path)
    plan = plan_partitions([feed], lines_per_partition=LINES_PER_PARTITION)
    keys = {p.key(PipelineConfig(), IngestOptions(), "v1") for p in plan}
    assert len(keys) == len(plan) == 8
    other = {p.key(PipelineConfig(require_target=True), IngestOptions(), "v1") for p in plan}
    assert keys.isdisjoint(other)


def test_engines_plan_groups_small_files_and_rejects_stdin() -> None:
    plan = plan_partitions([SAMPLES], files_per_partition=4)
    kinds = [p.kind for p in plan]
    assert kinds.count("lines") == 1  # news_feed.jsonl (3 lines)
    assert sum(len(p.paths) for p in plan if p.kind == "files") == 12  # 10 .txt, .csv, .html
    with pytest.raises(UsageError):
        plan_partitions(["-"])


def test_engines_warc_pages_become_articles(tmp_path: Path) -> None:
    pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = (SAMPLES / "17_turkey_syria_visit.html").read_bytes()
    path = tmp_path / "news.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, body, kind in (
            ("https://news.example/a", page, "text/html; charset=utf-8"),
            ("https://news.example/logo.png", b"\x89PNG", "image/png"),
        ):
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
            )
    found = list(read_warc(path, IngestOptions()))
    assert len(found) == 1 and isinstance(found[0], Article)
    assert found[0].url is not None and "Syria" in found[0].text
    plan = plan_partitions([tmp_path])
    assert [p.kind for p in plan] == ["warc"]


# --- the Dask engine ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_client() -> Any:
    pytest.importorskip("distributed")
    import dask
    from distributed import Client, LocalCluster

    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _run(inputs: list[Path], out: Path, client: Any, retries: int = 2) -> Any:
    return run_dask(
        inputs, out, client=client, lines_per_partition=LINES_PER_PARTITION, files_per_partition=4, retries=retries
    )


def test_engines_dask_output_equals_single_process(tmp_path: Path, dask_client: Any) -> None:
    feed = _corpus(tmp_path)
    inputs = [feed, SAMPLES]
    report = _run(inputs, tmp_path / "out", dask_client)
    assert report.complete and report.partitions >= 8 and report.coded == report.partitions
    with EventStore(tmp_path / "dask.duckdb") as store, _single_process(inputs, tmp_path / "one.duckdb") as one:
        loaded = load_output(tmp_path / "out", store)
        assert loaded.new == N_ARTICLES + len(_sample_articles())
        assert loaded.near_duplicates > 0
        for table in ("articles", "mentions", "events"):
            assert _table(store, table) == _table(one, table), table
        again = load_output(tmp_path / "out", store)
        assert (again.new, again.duplicate, again.events) == (0, loaded.new, 0)
    manifest = read_manifest(tmp_path / "out")
    assert manifest["counts"] == {"done": report.partitions, "failed": 0, "pending": 0}
    assert sum(p["rows"]["events"] for p in manifest["partitions"]) == report.events
    # a rerun skips every partition; losing one marker redoes exactly that partition
    assert _run(inputs, tmp_path / "out", dask_client).coded == 0
    marker = next((tmp_path / "out" / "_done").glob("*.json"))
    marker.unlink()
    rerun = _run(inputs, tmp_path / "out", dask_client)
    assert (rerun.coded, rerun.skipped) == (1, report.partitions - 1)


def test_engines_resolution_pass_equals_one_machine(tmp_path: Path, dask_client: Any) -> None:
    """Cross-document actors and event links computed on the cluster match resolve() on one store."""
    from kestrel.engines.resolve_pass import read_resolution, resolve_output
    from kestrel.resolve import link_events, resolve, resolve_actors

    stories = tmp_path / "stories"
    stories.mkdir()
    (stories / "a.txt").write_text(
        "date 2024-03-12 Iraqi Trade Minister Atheer Dawood al-Ghurairi met Jordanian Foreign Minister Ayman "
        "Safadi in Amman on Monday.",
        encoding="utf-8",
    )
    (stories / "b.txt").write_text(
        "date 2024-03-12 Iraq's Minister of Trade Atheer Dawud al-Ghreiri held talks with Jordanian Foreign "
        "Minister Ayman Safadi in Amman on Monday.",
        encoding="utf-8",
    )
    inputs = [stories, SAMPLES]
    assert _run(inputs, tmp_path / "out", dask_client).complete
    passed = resolve_output(tmp_path / "out", dask_client)
    assert passed.blocks > 0 and passed.merges >= 1 and passed.linked_events > 0
    found = read_resolution(tmp_path / "out")
    assert found is not None
    merges, links = found
    with EventStore(tmp_path / "cluster.duckdb") as cluster, EventStore(tmp_path / "local.duckdb") as local:
        for store in (cluster, local):
            load_output(tmp_path / "out", store)
        resolve_actors(cluster, merges)
        link_events(cluster, links=links)
        resolve(local)
        for table in ("actor_map", "event_links"):
            assert _table(cluster, table) == _table(local, table), table
        minister = cluster.db.execute(
            "SELECT count(*), count(DISTINCT actor_id) FROM actor_map WHERE raw_id LIKE 'name:IRQGOV:atheer%'"
        ).fetchone()
        assert minister == (2, 1)  # two spellings, one actor


def test_engines_killed_worker_loses_no_partition(tmp_path: Path, dask_client: Any) -> None:
    from distributed import WorkerPlugin

    class KillOnce(WorkerPlugin):
        """Kills its worker process when a partition task starts, once (a flag file remembers)."""

        def __init__(self, flag: str) -> None:
            self.flag = flag

        def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
            if finish == "executing" and "kestrel-" in str(key):
                try:  # created atomically: when both workers start a partition at once, only one dies
                    os.close(os.open(self.flag, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                except FileExistsError:
                    return
                os._exit(1)

    feed = _corpus(tmp_path)
    flag = tmp_path / "killed.flag"
    dask_client.register_plugin(KillOnce(str(flag)), name="kill-once")
    try:
        first = _run([feed], tmp_path / "out", dask_client, retries=0)
    finally:
        dask_client.unregister_worker_plugin("kill-once")
    assert flag.exists()
    # allowed-failures is 0 here, so the partitions on the killed worker fail (1, or 2 if one was queued there)
    lost = len(first.failed)
    assert lost in (1, 2) and all("KilledWorker" in error for _, error in first.failed)
    assert read_manifest(tmp_path / "out")["counts"] == {"done": 8 - lost, "failed": lost, "pending": 0}
    second = _run([feed], tmp_path / "out", dask_client)
    assert (second.coded, second.skipped, second.failed) == (lost, 8 - lost, [])
    assert read_manifest(tmp_path / "out")["counts"] == {"done": 8, "failed": 0, "pending": 0}
    with EventStore(tmp_path / "dask.duckdb") as store, _single_process([feed], tmp_path / "one.duckdb") as one:
        load_output(tmp_path / "out", store)
        assert _table(store, "events") == _table(one, "events")


def test_engines_load_requires_a_manifest(tmp_path: Path) -> None:
    with EventStore(tmp_path / "a.duckdb") as store, pytest.raises(UsageError, match="manifest"):
        load_output(tmp_path, store)


# --- Spark recipe (docs/scaling.md) ---------------------------------------------------------------


def test_engines_spark_map_in_pandas_recipe(tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    import pandas as pd
    from pyspark.sql import SparkSession

    from kestrel.engines import TABLES
    from kestrel.ingest import IngestOptions as _Options

    def code(frames: Any) -> Any:
        from kestrel._ingest_records import record_to_article

        for frame in frames:
            articles = [record_to_article(r, _Options(), "spark", "spark") for r in frame.to_dict("records")]
            rows = rows_from_batch([a for a in articles if isinstance(a, Article)])
            yield pd.DataFrame({"event_id": [r["event_id"] for r in rows["events"]]})

    assert "events" in TABLES
    spark = SparkSession.builder.master("local[1]").getOrCreate()
    try:
        texts = [{"id": a.article_id, "text": a.text} for a in _sample_articles()[:4]]
        frame = spark.createDataFrame(texts)
        got = sorted(r.event_id for r in frame.mapInPandas(code, "event_id string").collect())
    finally:
        spark.stop()
    expected = sorted(r["event_id"] for r in rows_from_batch(_sample_articles()[:4])["events"])
    assert got == expected


def test_engines_cli_run_then_load(tmp_path: Path, dask_client: Any) -> None:
    from click.testing import CliRunner

    from kestrel._cli_scale import engine_run, load_command

    out = tmp_path / "out"
    address = dask_client.scheduler.address
    code = engine_run([str(SAMPLES)], str(out), PipelineConfig(), IngestOptions(), scheduler=address, quiet=True)
    assert code == 0 and (out / "manifest.json").exists()
    db = str(tmp_path / "k.duckdb")
    first = CliRunner().invoke(load_command, [str(out), "--db", db])
    assert first.exit_code == 0, first.output
    assert f"{len(_sample_articles())} new article(s)" in first.output
    second = CliRunner().invoke(load_command, [str(out), "--db", db])
    assert "0 new article(s)" in second.output
    with EventStore(db, read_only=True) as store:
        assert store.counts()["actors"] > 0
    missing = CliRunner().invoke(load_command, [str(tmp_path), "--db", db])
    assert missing.exit_code == 1 and "manifest" in missing.output
