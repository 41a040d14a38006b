"""The manifest of an output folder: which partitions exist, which are done, and what they held.

Each finished partition leaves a marker file ``_done/<key>.json`` (written by the worker after its
Parquet files, atomically), so a run interrupted at any point — a worker or the whole client
killed — knows on rerun exactly what is done. ``manifest.json`` gathers the plan, the markers and
the errors of failed partitions into one readable file; it is rewritten after every partition.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kestrel.engines.partition import Partition
from kestrel.errors import UsageError

__all__ = ["MANIFEST", "build_manifest", "done_markers", "read_manifest", "write_json", "write_marker"]

MANIFEST = "manifest.json"
_DONE = "_done"
_FORMAT = 1


def write_json(path: Path, data: Mapping[str, Any]) -> None:
    """Write JSON atomically: a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1, default=str)
    os.replace(tmp, path)


def write_marker(out_dir: str | Path, key: str, info: Mapping[str, Any]) -> None:
    """Record that partition ``key`` is done (called on the worker, after its files are written)."""
    write_json(Path(out_dir) / _DONE / f"{key}.json", info)


def done_markers(out_dir: str | Path) -> dict[str, dict[str, Any]]:
    """The markers of the finished partitions, by key; unreadable markers count as not done."""
    found: dict[str, dict[str, Any]] = {}
    folder = Path(out_dir) / _DONE
    if not folder.is_dir():
        return found
    for path in folder.glob("*.json"):
        try:
            found[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return found


def read_manifest(out_dir: str | Path) -> dict[str, Any]:
    """The manifest of ``out_dir``.

    Raises:
        UsageError: The folder has no readable manifest (it is not a Kestrel output folder).
    """
    path = Path(out_dir) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(
            f"{path} is missing or unreadable; give a folder written by `kestrel run --engine dask --output`"
        ) from exc
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        raise UsageError(f"{path} is not a Kestrel manifest (format {_FORMAT}); rerun the dask engine")
    return data


def build_manifest(
    plan: Sequence[tuple[str, Partition]],
    markers: Mapping[str, Mapping[str, Any]],
    errors: Mapping[str, str],
    coder_version: str,
    settings: str,
) -> dict[str, Any]:
    """The manifest for ``plan`` (keys and partitions, in order) given the markers and errors so far."""
    entries: list[dict[str, Any]] = []
    for key, part in plan:
        marker = markers.get(key)
        entry: dict[str, Any] = {
            "key": key,
            "input": part.describe(),
            "kind": part.kind,
            "paths": list(part.paths),
            "start": part.start,
            "end": part.end,
            "first_line": part.first_line,
        }
        if marker is not None:
            entry.update(
                status="done",
                rows=marker.get("rows", {}),
                problems=marker.get("problems", 0),
                problem_samples=marker.get("problem_samples", []),
                files=marker.get("files", {}),
                seconds=marker.get("seconds"),
                signatures=marker.get("signatures", 1),  # markers before scheme 2 do not say
            )
        elif key in errors:
            entry.update(status="failed", error=errors[key])
        else:
            entry.update(status="pending")
        entries.append(entry)
    counts = {s: sum(1 for e in entries if e["status"] == s) for s in ("done", "failed", "pending")}
    return {
        "format": _FORMAT,
        "coder_version": coder_version,
        "settings": settings,
        "updated": dt.datetime.now().isoformat(timespec="seconds"),
        "counts": counts,
        "partitions": entries,
    }
