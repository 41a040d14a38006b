"""Kestrel's first stage: read news stories from files, directories and standard input.

``read_inputs`` turns paths into a stream of :class:`~kestrel.models.Article` records. A record
that cannot be used becomes an :class:`~kestrel.models.InputProblem` (``path:line`` and what to
do) and reading goes on with the next one; only a path that does not exist raises.

Formats, chosen by file extension (case-insensitive):

- ``.txt``: one story; optional ``title:``, ``source:``, ``url:``, ``date:`` header lines on top
  (see :func:`article_from_text`). The article id is the file name without extension.
- ``.jsonl``: one JSON object per line with ``id``, ``text``, ``date``, ``title``, ``source``,
  ``url`` fields (names configurable through :class:`IngestOptions`).
- ``.json``: an array of such objects, or one object.
- ``.csv``: a header row naming the same columns, then one story per record.
- ``.html`` / ``.htm``: a web page; the main text is extracted with trafilatura.

Any other file named explicitly is read as plain text. ``-`` reads standard input: JSON Lines when
its first non-blank character is ``{``, otherwise one plain-text story with id ``stdin``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from kestrel._ingest_records import read_csv, read_json, read_jsonl_lines, too_long_message
from kestrel._ingest_text import parse_date, parse_text_article
from kestrel.errors import InputError
from kestrel.models import Article, InputProblem

__all__ = [
    "DEFAULT_MAX_CHARS",
    "INPUT_EXTENSIONS",
    "IngestOptions",
    "article_from_text",
    "parse_date",
    "read_inputs",
]

DEFAULT_MAX_CHARS = 200_000
"""The longest article text accepted, in characters (``--max-chars``)."""

INPUT_EXTENSIONS = (".txt", ".jsonl", ".json", ".csv", ".html", ".htm")
"""File extensions picked up when a directory is walked."""

_STDIN = "-"
_STDIN_ORIGIN = "<stdin>"
_UTF8_ADVICE = "re-save the file as UTF-8"
_BYTES_PER_CHAR = 4
_SLACK_BYTES = 65_536

_Result = Article | InputProblem


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How to read structured inputs.

    Attributes:
        text_field: Field (JSON) or column (CSV) holding the story text.
        date_field: Field holding the publication date.
        id_field: Field holding the article id.
        title_field: Field holding the headline.
        source_field: Field holding the outlet's name.
        url_field: Field holding the story's URL.
        max_chars: Longer texts are skipped with a problem report.
        default_date: Publication date for records that give none (the CLI's ``--date``).
    """

    text_field: str = "text"
    date_field: str = "date"
    id_field: str = "id"
    title_field: str = "title"
    source_field: str = "source"
    url_field: str = "url"
    max_chars: int = DEFAULT_MAX_CHARS
    default_date: dt.date | None = None


def article_from_text(
    text: str,
    *,
    article_id: str = "text",
    date: dt.date | None = None,
    origin: str = "<text>",
) -> Article:
    """Make an article from plain text, applying the ``.txt`` header conventions.

    Optional header lines at the top (``title: …``, ``source: …``, ``url: …``, ``date: …`` or
    ``date YYYY-MM-DD``; keys in any case) give the metadata. A ``date YYYY-MM-DD`` marker may
    share its line with the first sentence ("date 2020-11-16 Brigadier General …"): the body then
    starts after the date. A date in the text wins over ``date``, which is the fallback. The body
    is kept as written (paragraph breaks included), stripped of surrounding whitespace.

    Raises:
        InputError: A ``date:`` header cannot be read, or there is no text after the headers.
    """
    return parse_text_article(text, article_id=article_id, date=date, origin=origin)


def read_inputs(
    inputs: Iterable[str | Path],
    options: IngestOptions = IngestOptions(),
    *,
    stdin: TextIO | None = None,
) -> Iterator[Article | InputProblem]:
    """Read every story from ``inputs``: files, directories (walked recursively) or ``-``.

    Directories are walked in sorted order, taking files whose extension is in
    :data:`INPUT_EXTENSIONS` and skipping hidden files and directories. ``stdin`` replaces
    ``sys.stdin`` for ``-``.

    Raises:
        InputError: At call time, if a path does not exist.
    """
    paths: list[str | Path] = list(inputs)
    for item in paths:
        if str(item) != _STDIN and not Path(item).exists():
            raise InputError(
                f"{item} does not exist; check the path, or give '-' to read standard input",
                str(item),
            )
    return _read_all(paths, options, stdin)


def _read_all(paths: list[str | Path], options: IngestOptions, stdin: TextIO | None) -> Iterator[_Result]:
    for item in paths:
        if str(item) == _STDIN:
            yield from _read_stdin(stdin, options)
            continue
        path = Path(item)
        if path.is_dir():
            for found in _walk(path):
                yield from _read_file(found, options)
        else:
            yield from _read_file(path, options)


def _walk(root: Path) -> list[Path]:
    found: list[Path] = []
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = [name for name in subdirs if not name.startswith(".")]
        base = Path(directory)
        found.extend(
            base / name
            for name in files
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in INPUT_EXTENSIONS
        )
    return sorted(found, key=lambda path: path.relative_to(root).parts)


def _read_file(path: Path, options: IngestOptions) -> Iterator[_Result]:
    origin = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            with path.open("rb") as handle:
                yield from read_jsonl_lines(handle, options, origin, path.stem)
        elif suffix == ".csv":
            yield from read_csv(path, options, origin, path.stem)
        else:
            data = _read_bytes(path, options)
            if data is None:
                yield InputProblem(
                    origin,
                    f"the file is {path.stat().st_size:,} bytes, too long for one story (limit "
                    f"{options.max_chars:,} characters); split it or raise the limit with --max-chars",
                )
            elif suffix == ".json":
                yield from read_json(data, options, origin, path.stem)
            elif suffix in (".html", ".htm"):
                yield _html_article(data, options, origin, path.stem)
            else:
                yield _text_file_article(data, options, origin, path.stem)
    except OSError as error:
        yield InputProblem(origin, f"cannot read the file ({error.strerror or error}); check its permissions")


def _read_bytes(path: Path, options: IngestOptions) -> bytes | None:
    """The file's bytes, or None when it is certainly too long to be one story."""
    if path.stat().st_size > options.max_chars * _BYTES_PER_CHAR + _SLACK_BYTES:
        return None
    return path.read_bytes()


def _decode(data: bytes, origin: str) -> str | InputProblem:
    if b"\x00" in data:
        return InputProblem(origin, "this looks like a binary file, not text; give text, JSON, CSV or HTML files")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return InputProblem(f"{origin}:{line}", f"not valid UTF-8 (byte 0x{data[error.start]:02x}); {_UTF8_ADVICE}")


def _text_file_article(data: bytes, options: IngestOptions, origin: str, article_id: str) -> _Result:
    text = _decode(data, origin)
    if isinstance(text, InputProblem):
        return text
    return _text_article(text, options, origin, article_id)


def _text_article(text: str, options: IngestOptions, origin: str, article_id: str) -> _Result:
    try:
        article = parse_text_article(text, article_id=article_id, date=options.default_date, origin=origin)
    except InputError as error:
        return InputProblem(error.origin or origin, error.reason)
    if len(article.text) > options.max_chars:
        return InputProblem(origin, too_long_message(len(article.text), options.max_chars))
    return article


def _html_article(data: bytes, options: IngestOptions, origin: str, article_id: str) -> _Result:
    if b"\x00" in data:
        return InputProblem(origin, "this looks like a binary file, not HTML; give a saved web page")
    import trafilatura  # slow to import; only needed for web pages

    try:
        extracted = trafilatura.bare_extraction(
            data,
            include_comments=False,
            with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as error:  # trafilatura and lxml raise many kinds on broken markup
        return InputProblem(origin, f"cannot parse the HTML ({type(error).__name__}); check the file")
    if extracted is not None and not isinstance(extracted, dict):
        extracted = extracted.as_dict()  # trafilatura 2 returns a Document, 1.x a dict
    found: dict[str, Any] | None = extracted if isinstance(extracted, dict) else None
    text = (found or {}).get("text") or ""
    if not isinstance(text, str) or not text.strip():
        return InputProblem(origin, "no article text found in the HTML page; save the story as .txt instead")
    title = _clean(found, "title")
    lines = [line.strip() for line in text.strip().split("\n") if line.strip()]
    if title and len(lines) > 1 and lines[0] == title:
        lines = lines[1:]
    body = "\n\n".join(lines)
    if len(body) > options.max_chars:
        return InputProblem(origin, too_long_message(len(body), options.max_chars))
    date = options.default_date
    raw_date = _clean(found, "date")
    if raw_date:
        try:
            date = parse_date(raw_date)
        except InputError:
            date = options.default_date
    return Article(
        article_id=article_id,
        text=body,
        date=date,
        title=title,
        source=_clean(found, "sitename"),
        url=_clean(found, "url"),
        origin=origin,
    )


def _clean(found: dict[str, Any] | None, key: str) -> str | None:
    value = (found or {}).get(key)
    return value.strip() or None if isinstance(value, str) else None


def _read_stdin(stdin: TextIO | None, options: IngestOptions) -> Iterator[_Result]:
    stream: Any = stdin
    if stream is None:
        stream = getattr(sys.stdin, "buffer", sys.stdin)
    lines: Iterator[str | bytes] = iter(stream)
    head: list[str | bytes] = []
    try:
        for line in lines:
            head.append(line)
            stripped = line.strip()
            if stripped:
                break
        else:
            yield InputProblem(_STDIN_ORIGIN, "standard input is empty; pipe stories in or give file paths")
            return
        first = stripped if isinstance(stripped, str) else stripped.decode("utf-8", "replace")
        if first.removeprefix("\ufeff").startswith("{"):
            yield from read_jsonl_lines(itertools.chain(head, lines), options, _STDIN_ORIGIN, "stdin")
            return
        pieces = [*head, *lines]
    except UnicodeDecodeError:
        yield InputProblem(_STDIN_ORIGIN, "standard input is not valid UTF-8; send UTF-8 text")
        return
    if pieces and isinstance(pieces[0], bytes):
        yield _text_file_article(b"".join(p for p in pieces if isinstance(p, bytes)), options, _STDIN_ORIGIN, "stdin")
    else:
        text = "".join(p for p in pieces if isinstance(p, str))
        yield _text_article(text, options, _STDIN_ORIGIN, "stdin")
