"""Drop-in exports: coded events as ICEWS, Phoenix, GDELT 2.0, POLECAT/PLOVER, CSV or Parquet files.

Input events are dicts of Kestrel's canonical schema (docs/schema.md), as written by
``kestrel code`` and returned by :meth:`kestrel.store.EventStore.events`. Each format, its columns,
the pandas dtypes to read it back with and the field mapping are documented in docs/exports.md::

    >>> from kestrel.store import EventStore
    >>> with EventStore("events.duckdb", read_only=True) as store:          # doctest: +SKIP
    ...     export_events(store.events(), "icews", Path("events.tsv"))

Flat files (TSV/CSV) are UTF-8, one event per line; lists are ``;``-joined and missing values are
empty cells; a value containing the delimiter, a quote or a line break is quoted CSV-style
(``"…"``, inner quotes doubled), which pandas and the csv module read back by default. JSONL and
Parquet keep lists as arrays and missing values as null. A file is written under a temporary name
and renamed when complete, so a failed export never leaves a half-written file behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, TextIO

import duckdb

from kestrel._export_canonical import (
    CANONICAL_COLUMNS,
    CSV_DTYPES,
    PARQUET_DTYPES,
    PARQUET_SQL_TYPES,
    POLECAT_COLUMNS,
    POLECAT_DTYPES,
    canonical_csv_row,
    canonical_parquet_row,
    polecat_record,
)
from kestrel._export_foreign import (
    GDELT_COLUMNS,
    GDELT_DTYPES,
    ICEWS_COLUMNS,
    ICEWS_DTYPES,
    PHOENIX_COLUMNS,
    PHOENIX_DTYPES,
    gdelt_row,
    icews_row,
    phoenix_row,
)
from kestrel.errors import InputError, UsageError

__all__ = ["FORMATS", "ExportFormat", "export_events"]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One export format.

    Attributes:
        name: The name given to ``--format`` (``icews``).
        columns: The exact column names (keys for JSONL), in file order.
        dtypes: The pandas dtype of each column for reading the file back.
        suffix: The usual file-name suffix (``.tsv``).
        description: One line for ``--help``.
        header: Whether the file starts with a header row by default (GDELT files have none).
        delimiter: The field separator of flat files (None for JSONL and Parquet).
    """

    name: str
    columns: tuple[str, ...] | None
    dtypes: Mapping[str, str]
    suffix: str
    description: str
    header: bool = True
    delimiter: str | None = None


_ROWS: dict[str, Callable[[Mapping[str, Any]], Any]] = {}


def _fmt(
    name: str,
    columns: tuple[str, ...],
    dtypes: Mapping[str, str],
    suffix: str,
    description: str,
    row: Callable[[Mapping[str, Any]], Any],
    *,
    header: bool = True,
    delimiter: str | None = None,
) -> ExportFormat:
    _ROWS[name] = row
    ordered = MappingProxyType({c: dtypes[c] for c in columns})
    return ExportFormat(name, columns, ordered, suffix, description, header, delimiter)


FORMATS: Mapping[str, ExportFormat] = MappingProxyType(
    {
        f.name: f
        for f in (
            _fmt(
                "icews",
                ICEWS_COLUMNS,
                ICEWS_DTYPES,
                ".tsv",
                "ICEWS event file: tab-separated, the 20 ICEWS column headers",
                icews_row,
                delimiter="\t",
            ),
            _fmt(
                "phoenix",
                PHOENIX_COLUMNS,
                PHOENIX_DTYPES,
                ".tsv",
                "Phoenix (OEDA) event data: tab-separated, 26 columns, with a header row",
                phoenix_row,
                delimiter="\t",
            ),
            _fmt(
                "gdelt",
                GDELT_COLUMNS,
                GDELT_DTYPES,
                ".tsv",
                "GDELT 2.0 event table: tab-separated, 61 columns, no header row (as GDELT)",
                gdelt_row,
                header=False,
                delimiter="\t",
            ),
            _fmt(
                "polecat",
                POLECAT_COLUMNS,
                POLECAT_DTYPES,
                ".jsonl",
                "POLECAT/PLOVER-style JSON lines: one object per event, lists as arrays",
                polecat_record,
            ),
            _fmt(
                "csv",
                CANONICAL_COLUMNS,
                CSV_DTYPES,
                ".csv",
                "Kestrel's canonical schema as flat CSV (the columns of `kestrel code --format csv`)",
                canonical_csv_row,
                delimiter=",",
            ),
            _fmt(
                "parquet",
                CANONICAL_COLUMNS,
                PARQUET_DTYPES,
                ".parquet",
                "Kestrel's canonical schema as Parquet (zstd): typed columns, lists as LIST columns",
                canonical_parquet_row,
            ),
        )
    }
)
"""Every export format by name."""


def _format(fmt: str) -> ExportFormat:
    spec = FORMATS.get(fmt.strip().lower()) if isinstance(fmt, str) else None
    if spec is None:
        raise UsageError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return spec


def _rows(spec: ExportFormat, events: Iterable[Mapping[str, Any]]) -> Iterable[Any]:
    """The format's row of each event; a malformed event raises InputError naming it."""
    row = _ROWS[spec.name]
    for number, event in enumerate(events, start=1):
        if not isinstance(event, Mapping):
            raise InputError(
                f"expected an event object, got {type(event).__name__}: export the events "
                "written by `kestrel code` or stored in an event store",
                f"event {number}",
            )
        try:
            yield row(event)
        except KeyError as exc:
            raise InputError(
                f"event has no {exc.args[0]!r} field: export events in Kestrel's schema (docs/schema.md)",
                _where(number, event),
            ) from exc
        except (TypeError, ValueError, AttributeError) as exc:
            raise InputError(
                f"event does not follow Kestrel's schema ({exc}); see docs/schema.md",
                _where(number, event),
            ) from exc


def _where(number: int, event: Mapping[str, Any]) -> str:
    event_id = event.get("event_id")
    return f"event {number} ({event_id})" if isinstance(event_id, str) else f"event {number}"


def _cell(value: Any, delimiter: str) -> str:
    """One flat-file field: empty for None; quoted CSV-style when it holds a delimiter, quote or line break.

    The csv module leaves a lone carriage return unquoted (it only quotes the line terminator's
    characters), which readers take as a line break; quoting here covers carriage returns too.
    """
    if value is None:
        return ""
    text = str(value)
    if delimiter in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _write_delimited(spec: ExportFormat, events: Iterable[Mapping[str, Any]], f: TextIO, header: bool) -> int:
    delimiter = spec.delimiter or "\t"
    if header:
        f.write(delimiter.join(_cell(c, delimiter) for c in spec.columns or ()) + "\n")
    count = 0
    for row in _rows(spec, events):
        f.write(delimiter.join(_cell(v, delimiter) for v in row) + "\n")
        count += 1
    return count


def _write_jsonl(spec: ExportFormat, events: Iterable[Mapping[str, Any]], f: TextIO) -> int:
    count = 0
    for record in _rows(spec, events):
        f.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        f.write("\n")
        count += 1
    return count


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _write_parquet(spec: ExportFormat, events: Iterable[Mapping[str, Any]], part: Path) -> int:
    """Stream rows to a temporary JSONL file, then let DuckDB convert it to zstd Parquet."""
    with tempfile.TemporaryDirectory(prefix=".kestrel-export-", dir=part.parent) as tmp:
        staging = Path(tmp) / "rows.jsonl"
        with staging.open("w", encoding="utf-8") as f:
            count = _write_jsonl(spec, events, f)
        columns = ", ".join(f"{_sql_text(c)}: {_sql_text(t)}" for c, t in PARQUET_SQL_TYPES.items())
        sql = (
            f"COPY (SELECT * FROM read_json({_sql_text(str(staging))}, format = 'newline_delimited', "
            f"columns = {{{columns}}})) TO {_sql_text(str(part))} (FORMAT parquet, COMPRESSION zstd)"
        )
        con = duckdb.connect()
        try:
            con.execute(sql)
        except duckdb.Error as exc:
            raise UsageError(f"cannot write the Parquet file {part.name}: {exc}") from exc
        finally:
            con.close()
    return count


def export_events(
    events: Iterable[Mapping[str, Any]],
    fmt: str,
    out: Path,
    *,
    header: bool | None = None,
) -> int:
    """Write events (canonical schema dicts) to ``out`` in format ``fmt``; return the rows written.

    TSV, CSV and JSONL are streamed; Parquet is staged as JSONL beside ``out`` and converted by
    DuckDB. ``header`` overrides the format's default header row (flat formats only).

    Raises:
        UsageError: unknown format, or ``out`` cannot be written.
        InputError: an event does not follow the schema (its position and id are given).
    """
    spec = _format(fmt)
    out = Path(out)
    part = out.with_name(f".{out.name}.part")
    try:
        if spec.name == "parquet":
            count = _write_parquet(spec, events, part)
        else:
            with part.open("w", encoding="utf-8", newline="") as f:
                if spec.delimiter is None:
                    count = _write_jsonl(spec, events, f)
                else:
                    count = _write_delimited(spec, events, f, spec.header if header is None else header)
        os.replace(part, out)
    except OSError as exc:
        raise UsageError(
            f"cannot write {out}: {exc.strerror or exc}; check that its folder exists and is writable"
        ) from exc
    finally:
        part.unlink(missing_ok=True)
    return count
