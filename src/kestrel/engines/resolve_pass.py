"""The second, distributed pass: cross-document actors and event links over Parquet output.

After the coding pass, the named actors of every partition are read from the Parquet files and
blocked by country and name key (:func:`kestrel.resolve.actor_blocks`); the blocks are compared on
the cluster (:func:`kestrel.resolve.block_merges`). The driver only unions the merges it gets back.
Events are then mapped to canonical actors and split into shards by dyad and CAMEO root, and each
shard is linked on the cluster (:func:`kestrel.resolve.link_rows`). Both results are written under
``OUTPUT/resolution/`` as Parquet; ``kestrel load`` applies them instead of resolving on one machine.

One difference from resolving a store: near-duplicate articles are only known once loaded, so here an
undated event links only within its own article (dated events link across articles as usual).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from kestrel._actor_clusters import cluster_actors
from kestrel.resolve import actor_blocks, block_merges, link_rows, raw_actors

__all__ = ["RESOLUTION_DIR", "ResolvePassResult", "read_resolution", "resolve_output"]

RESOLUTION_DIR = "resolution"
_SHARDS_PER_WORKER = 4


@dataclass(frozen=True, slots=True)
class ResolvePassResult:
    """What the distributed pass found: candidate blocks compared, merges, linked events."""

    blocks: int
    merges: int
    events: int
    linked_events: int


def _scan(out: Path, table: str) -> str:
    pattern = str(out / table / "**" / "*.parquet").replace("'", "''")
    return f"read_parquet('{pattern}', hive_partitioning = true, union_by_name = true)"


def _batches(items: Sequence[Any], n: int) -> list[list[Any]]:
    size = max(1, -(-len(items) // n))
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def _merge_batch(blocks: list[list[Any]]) -> list[tuple[str, str, str]]:
    return [m for block in blocks for m in block_merges(block)]


def _link_shard(args: tuple[list[Any], int]) -> list[dict[str, str]]:
    rows, window = args
    return link_rows(rows, window)


def resolve_output(out_dir: str | Path, client: Any, *, window_days: int = 1) -> ResolvePassResult:
    """Run the resolution pass over ``out_dir`` on the Dask ``client``; write ``resolution/``."""
    out = Path(out_dir).resolve()
    db = duckdb.connect()
    try:
        if not list((out / "mentions").glob("**/*.parquet")):
            return ResolvePassResult(0, 0, 0, 0)
        raws = raw_actors(db, _scan(out, "mentions"), _scan(out, "articles"))
        blocks = actor_blocks(raws)
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        batches = _batches(blocks, n_workers * _SHARDS_PER_WORKER)
        merges = [m for part in client.gather(client.map(_merge_batch, batches, pure=False)) for m in part]
        canonical = _canonical(raws, merges)
        events = db.execute(
            f"""
            SELECT e.event_id, e.source_actor_id, coalesce(e.target_actor_id, ''), e.cameo_root, e.event_date,
                   e.article_hash
            FROM {_scan(out, "events")} e
            WHERE NOT e.negated
            """
        ).fetchall()
        shards: list[list[Any]] = [[] for _ in range(n_workers * _SHARDS_PER_WORKER)]
        for event_id, src, tgt, root, day, story in events:
            src, tgt = canonical.get(src, src), canonical.get(tgt, tgt)
            shard = zlib.crc32(f"{src}|{tgt}|{root}".encode()) % len(shards)
            shards[shard].append((event_id, src, tgt, root, day, story))
        jobs = [(rows, window_days) for rows in shards if rows]
        links = [link for part in client.gather(client.map(_link_shard, jobs, pure=False)) for link in part]
        _write(db, out, merges, links)
        return ResolvePassResult(len(blocks), len(merges), len(events), len({x["linked_id"] for x in links}))
    finally:
        db.close()


def _canonical(raws: Iterable[Any], merges: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    by_id = {r.raw_id: r for r in raws}
    clusters = cluster_actors(by_id, merges)  # as resolve_actors joins them (no user overrides here)
    return {key: clusters.root(key) for key in by_id}


def _write(
    db: duckdb.DuckDBPyConnection, out: Path, merges: list[tuple[str, str, str]], links: list[dict[str, str]]
) -> None:
    folder = out / RESOLUTION_DIR
    folder.mkdir(exist_ok=True)
    keep, merged, reasons = ([m[i] for m in merges] for i in range(3))
    db.execute(
        "CREATE TABLE merges AS SELECT unnest(?::VARCHAR[]) AS keep, unnest(?::VARCHAR[]) AS merge, "
        "unnest(?::VARCHAR[]) AS reason",
        [keep, merged, reasons],
    )
    db.execute(
        "CREATE TABLE links AS SELECT unnest(?::VARCHAR[]) AS event_id, unnest(?::VARCHAR[]) AS linked_id",
        [[x["event_id"] for x in links], [x["linked_id"] for x in links]],
    )
    for table, name in (("merges", "actor_merges"), ("links", "event_links")):
        target = str(folder / f"{name}.parquet").replace("'", "''")
        db.execute(f"COPY {table} TO '{target}' (FORMAT parquet, COMPRESSION zstd)")


def read_resolution(out_dir: str | Path) -> tuple[list[tuple[str, str, str]], list[dict[str, str]]] | None:
    """The merges and links the pass wrote under ``out_dir``, or None if it has not run."""
    folder = Path(out_dir) / RESOLUTION_DIR
    merges_path, links_path = folder / "actor_merges.parquet", folder / "event_links.parquet"
    if not merges_path.exists() or not links_path.exists():
        return None
    db = duckdb.connect()
    try:
        merge_rows = db.execute("SELECT keep, merge, reason FROM read_parquet(?)", [str(merges_path)]).fetchall()
        link_rows_ = db.execute("SELECT event_id, linked_id FROM read_parquet(?)", [str(links_path)]).fetchall()
    finally:
        db.close()
    merges = [(str(k), str(m), str(r)) for k, m, r in merge_rows]
    return merges, [{"event_id": e, "linked_id": k} for e, k in link_rows_]
