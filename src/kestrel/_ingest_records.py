"""Structured inputs for :mod:`kestrel.ingest`: JSON Lines, JSON and CSV records.

Each record becomes an :class:`~kestrel.models.Article` or, when it is unusable, an
:class:`~kestrel.models.InputProblem` naming ``path:line`` and what to do. Nothing here raises for a
bad record.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from kestrel._ingest_text import normalize_newlines, parse_date
from kestrel.errors import InputError
from kestrel.models import Article, InputProblem

if TYPE_CHECKING:
    from kestrel.ingest import IngestOptions

__all__ = ["read_csv", "read_json", "read_jsonl_lines", "record_to_article", "too_long_message"]

_Result = Article | InputProblem
_UTF8_ADVICE = "re-save the file as UTF-8"
_CSV_LIMIT_CAP = 2**31 - 1


def too_long_message(length: int, limit: int) -> str:
    """The problem message for a text longer than ``limit`` characters."""
    return (
        f"text is {length:,} characters, more than the limit of {limit:,}; "
        "split the story or raise the limit with --max-chars"
    )


def record_to_article(record: Mapping[str, object], options: IngestOptions, origin: str, default_id: str) -> _Result:
    """Map one record's fields (named by ``options``) to an article, or say why it cannot be."""
    text = record.get(options.text_field)
    if not isinstance(text, str) or not text.strip():
        what = "is missing" if text is None else ("is empty" if isinstance(text, str) else "is not a string")
        return InputProblem(
            origin,
            f"the text field {options.text_field!r} {what}; "
            "if the story is in another field, name it with --text-field",
        )
    text = normalize_newlines(text).strip()
    if not text.isascii() and not _is_utf8(text):
        return InputProblem(origin, "the text contains invalid characters (unpaired surrogates); fix the file")
    if len(text) > options.max_chars:
        return InputProblem(origin, too_long_message(len(text), options.max_chars))
    raw_id = record.get(options.id_field)
    if raw_id is None or (isinstance(raw_id, str) and not raw_id.strip()):
        article_id = default_id
    elif isinstance(raw_id, str):
        article_id = raw_id.strip()
    elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
        article_id = str(raw_id)
    else:
        return InputProblem(origin, f"the id field {options.id_field!r} must be a string or an integer")
    optional: dict[str, str | None] = {}
    for name in (options.date_field, options.title_field, options.source_field, options.url_field):
        value = record.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            optional[name] = None
        elif isinstance(value, str):
            optional[name] = value.strip()
        else:
            return InputProblem(origin, f"the field {name!r} must be a string")
    date = options.default_date
    raw_date = optional[options.date_field]
    if raw_date is not None:
        try:
            date = parse_date(raw_date)
        except InputError as error:
            return InputProblem(origin, f"field {options.date_field!r}: {error.reason}")
    return Article(
        article_id=article_id,
        text=text,
        date=date,
        title=optional[options.title_field],
        source=optional[options.source_field],
        url=optional[options.url_field],
        origin=origin,
    )


def read_jsonl_lines(
    lines: Iterable[bytes | str], options: IngestOptions, origin: str, stem: str, first_line: int = 1
) -> Iterator[_Result]:
    """Read JSON Lines; each line is decoded on its own so one bad line spoils nothing else."""
    loads = json.loads
    for line_no, raw in enumerate(lines, first_line):
        where = f"{origin}:{line_no}"
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                yield InputProblem(where, f"not valid UTF-8 (byte at column {error.start + 1}); {_UTF8_ADVICE}")
                continue
        else:
            line = raw
        if line_no == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip():
            continue
        try:
            record = loads(line)
        except ValueError as error:
            yield InputProblem(where, f"invalid JSON: {_json_reason(error)}; each line must be one JSON object")
            continue
        except RecursionError:
            yield InputProblem(where, "invalid JSON: nested too deeply; each line must be one JSON object")
            continue
        if not isinstance(record, dict):
            yield InputProblem(where, f"expected a JSON object {{...}}, found {_json_kind(record)}")
            continue
        yield record_to_article(record, options, where, f"{stem}-{line_no}")


def read_json(data: bytes, options: IngestOptions, origin: str, stem: str) -> Iterator[_Result]:
    """Read a ``.json`` file: an array of objects or a single object.

    A file holding one object per line (JSON Lines saved as ``.json``) is read as JSON Lines.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        yield InputProblem(f"{origin}:{line}", f"not valid UTF-8; {_UTF8_ADVICE}")
        return
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data" and text.lstrip().startswith("{"):
            yield from read_jsonl_lines(text.split("\n"), options, origin, stem)
            return
        yield InputProblem(f"{origin}:{error.lineno}", f"invalid JSON: {_json_reason(error)}")
        return
    except (ValueError, RecursionError) as error:
        yield InputProblem(f"{origin}:1", f"invalid JSON: {_json_reason(error)}")
        return
    if isinstance(document, dict):
        start = len(text) - len(text.lstrip())
        yield record_to_article(document, options, f"{origin}:{text.count(chr(10), 0, start) + 1}", stem)
        return
    if not isinstance(document, list):
        yield InputProblem(f"{origin}:1", f"expected an array of objects or one object, found {_json_kind(document)}")
        return
    for index, (element, line) in enumerate(zip(document, _element_lines(text), strict=False), 1):
        where = f"{origin}:{line}"
        if not isinstance(element, dict):
            yield InputProblem(where, f"array element {index} is {_json_kind(element)}, not an object")
            continue
        yield record_to_article(element, options, where, f"{stem}-{index}")


def _element_lines(text: str) -> Iterator[int]:
    """Line numbers where the elements of a valid top-level JSON array start."""
    decoder = json.JSONDecoder()
    position = text.index("[") + 1
    line = 1 + text.count("\n", 0, position)
    length = len(text)
    while position < length:
        while position < length and text[position] in " \t\r\n,":
            if text[position] == "\n":
                line += 1
            position += 1
        if position >= length or text[position] == "]":
            return
        yield line
        _, end = decoder.raw_decode(text, position)
        line += text.count("\n", position, end)
        position = end


def read_csv(path: Path, options: IngestOptions, origin: str, stem: str) -> Iterator[_Result]:
    """Read a CSV file with a header row; origins give the line where each record starts."""
    limit = min(max(csv.field_size_limit(), options.max_chars * 4 + 1024), _CSV_LIMIT_CAP)
    csv.field_size_limit(limit)
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                yield InputProblem(f"{origin}:1", "the CSV file is empty; it needs a header row and records")
                return
            columns = [name.strip().lower() for name in header]
            if any("\x00" in name or not _is_utf8(name) for name in header):
                yield InputProblem(f"{origin}:1", "this does not look like a UTF-8 CSV file; check the file")
                return
            if options.text_field.lower() not in columns:
                listed = ", ".join(header)
                listed = listed if len(listed) <= 200 else listed[:200] + "…"
                yield InputProblem(
                    f"{origin}:1",
                    f"no {options.text_field!r} column in the header (columns: {listed}); "
                    "name the text column with --text-field",
                )
                return
            wanted = {
                name: columns.index(name.lower())
                for name in (
                    options.text_field,
                    options.id_field,
                    options.date_field,
                    options.title_field,
                    options.source_field,
                    options.url_field,
                )
                if name.lower() in columns
            }
            start = reader.line_num + 1
            for row in reader:
                line, start = start, reader.line_num + 1
                where = f"{origin}:{line}"
                if not any(cell.strip() for cell in row):
                    continue
                record = {name: row[index] for name, index in wanted.items() if index < len(row)}
                if not all(_is_utf8(value) for value in record.values()):
                    yield InputProblem(where, f"not valid UTF-8; {_UTF8_ADVICE}")
                    continue
                yield record_to_article(record, options, where, f"{stem}-{line}")
        except csv.Error as error:
            yield InputProblem(f"{origin}:{reader.line_num}", f"unreadable CSV ({error}); the rest is skipped")
        except UnicodeDecodeError:
            yield InputProblem(f"{origin}:{reader.line_num}", f"not valid UTF-8; {_UTF8_ADVICE}")


def _is_utf8(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _json_reason(error: BaseException) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at column {error.colno}"
    return str(error).split("\n", 1)[0][:120]


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    return "a number"
