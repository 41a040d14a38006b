"""Splitting inputs into partitions: units of work that can be coded anywhere and redone safely.

A :class:`Partition` is a piece of the input defined by file names and, for JSON Lines, a byte
range that starts and ends on line boundaries (so one large ``.jsonl`` file becomes many
partitions). Small files (``.txt``, ``.html``, ``.json``, ``.csv``) are grouped several to a
partition; a WARC archive is one partition. Each partition's :meth:`Partition.key` is a hash of its
definition, of the files' sizes and modification times, and of the coding settings, so a rerun
recognises the partitions it has already done.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from kestrel._ingest_records import read_jsonl_lines
from kestrel.engines.warc import WARC_SUFFIXES, is_warc, read_warc
from kestrel.errors import InputError, UsageError
from kestrel.ingest import INPUT_EXTENSIONS, IngestOptions, read_inputs
from kestrel.models import Article, InputProblem
from kestrel.pipeline import PipelineConfig

__all__ = ["Partition", "plan_partitions", "read_partition"]

_Result = Article | InputProblem


@dataclass(frozen=True, slots=True)
class Partition:
    """A unit of work.

    Attributes:
        kind: ``lines`` (a byte range of one JSON Lines file), ``files`` (whole files) or ``warc``.
        paths: The files, absolute.
        start: First byte of the range (``lines``).
        end: Byte after the range (``lines``); -1 for whole files.
        first_line: Line number of the first line of the range, for ``path:line`` origins.
        stamp: Sizes and modification times of the files when the partition was planned.
    """

    kind: str
    paths: tuple[str, ...]
    start: int = 0
    end: int = -1
    first_line: int = 1
    stamp: str = ""

    def key(self, config: PipelineConfig, options: IngestOptions, version: str) -> str:
        """A stable hash of the partition, the coding settings and the coder version."""
        text = json.dumps([asdict(self), repr(config), repr(options), version], sort_keys=True, default=str)
        return hashlib.sha1(text.encode()).hexdigest()[:20]

    def describe(self) -> str:
        """A short human-readable name (``news.jsonl:1-500``, ``3 files from a.txt``)."""
        if self.kind == "lines":
            return f"{self.paths[0]} bytes {self.start}-{self.end} (from line {self.first_line})"
        if len(self.paths) == 1:
            return self.paths[0]
        return f"{len(self.paths)} files from {self.paths[0]}"


def _stamp(paths: Iterable[str]) -> str:
    parts = []
    for path in paths:
        st = os.stat(path)
        parts.append(f"{st.st_size}:{st.st_mtime_ns}")
    return ";".join(parts)


def _walk(root: Path) -> list[Path]:
    found: list[Path] = []
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(name for name in subdirs if not name.startswith("."))
        for name in files:
            lower = name.lower()
            if not name.startswith(".") and (
                os.path.splitext(lower)[1] in INPUT_EXTENSIONS or lower.endswith(WARC_SUFFIXES)
            ):
                found.append(Path(directory) / name)
    return sorted(found, key=lambda path: path.relative_to(root).parts)


def _files(inputs: Iterable[str | Path]) -> Iterator[Path]:
    for item in inputs:
        if str(item) == "-":
            raise UsageError("the distributed engine cannot read standard input; give files or folders")
        path = Path(item)
        if not path.exists():
            raise InputError(f"{item} does not exist; check the path", str(item))
        yield from (_walk(path) if path.is_dir() else [path])


def _line_ranges(path: Path, lines_per_partition: int) -> Iterator[Partition]:
    stamp = _stamp([str(path)])
    start, first_line, count, offset, line_no = 0, 1, 0, 0, 0
    with path.open("rb") as handle:
        for line_no, line in enumerate(handle, 1):
            offset += len(line)
            count += 1
            if count >= lines_per_partition:
                yield Partition("lines", (str(path),), start, offset, first_line, stamp)
                start, first_line, count = offset, line_no + 1, 0
    if count:
        yield Partition("lines", (str(path),), start, offset, first_line, stamp)


def plan_partitions(
    inputs: Iterable[str | Path], *, lines_per_partition: int = 500, files_per_partition: int = 50
) -> list[Partition]:
    """Split the inputs (files and folders, walked in sorted order) into partitions.

    Raises:
        InputError: An input does not exist.
        UsageError: ``-`` (standard input) was given, or a size is not positive.
    """
    if lines_per_partition < 1 or files_per_partition < 1:
        raise UsageError("partition sizes must be at least 1")
    plan: list[Partition] = []
    group: list[str] = []

    def flush() -> None:
        if group:
            plan.append(Partition("files", tuple(group), stamp=_stamp(group)))
            group.clear()

    for path in _files(inputs):
        absolute = path.resolve()
        if absolute.suffix.lower() == ".jsonl":
            flush()
            plan.extend(_line_ranges(absolute, lines_per_partition))
        elif is_warc(absolute):
            flush()
            plan.append(Partition("warc", (str(absolute),), stamp=_stamp([str(absolute)])))
        else:
            group.append(str(absolute))
            if len(group) >= files_per_partition:
                flush()
    flush()
    return plan


def read_partition(partition: Partition, options: IngestOptions) -> Iterator[_Result]:
    """The articles (and input problems) of one partition, as :func:`kestrel.ingest.read_inputs` reads them."""
    if partition.kind == "lines":
        path = Path(partition.paths[0])
        with path.open("rb") as handle:
            handle.seek(partition.start)
            data = handle.read(partition.end - partition.start)
        lines = data.splitlines(keepends=True)
        yield from read_jsonl_lines(lines, options, str(path), path.stem, partition.first_line)
    elif partition.kind == "warc":
        yield from read_warc(Path(partition.paths[0]), options)
    else:
        yield from read_inputs(partition.paths, options)
