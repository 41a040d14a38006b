"""Reading knowledge files with line numbers, so every mistake can be reported as ``file:line``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kestrel.errors import DataFileError

__all__ = [
    "Located",
    "package_path",
    "parse_loose_date",
    "read_tsv",
    "read_yaml_mapping",
    "read_yaml_sequence",
    "split_multi",
]

Located = tuple[int, Any]
"""A value read from a file and the 1-based line it starts on."""

_YEARMONTH_RE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def package_path(*parts: str) -> Path:
    """The path of a data file or folder shipped inside the ``kestrel`` package."""
    return Path(str(resources.files("kestrel").joinpath(*parts)))


def read_tsv(path: Path, min_cols: int, max_cols: int) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line_number, fields)`` for each record of a TAB-separated file.

    Comment lines (``#``) and blank lines are skipped; missing trailing fields are padded with "".
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(str(path), None, f"not valid UTF-8 ({exc.reason}); re-save it as UTF-8") from exc
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot be read: {exc.strerror}") from exc
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) < min_cols or len(fields) > max_cols:
            expected = str(min_cols) if min_cols == max_cols else f"{min_cols} to {max_cols}"
            raise DataFileError(str(path), number, f"expected {expected} TAB-separated fields, found {len(fields)}")
        fields += [""] * (max_cols - len(fields))
        yield number, fields


def split_multi(field: str) -> list[str]:
    """Split a ``;``-separated field into its non-empty, stripped items."""
    return [item.strip() for item in field.split(";") if item.strip()]


def _compose(path: Path) -> yaml.Node | None:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.compose(fh, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataFileError(str(path), line, f"invalid YAML: {getattr(exc, 'problem', exc)}") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(str(path), None, f"not valid UTF-8 ({exc.reason}); re-save it as UTF-8") from exc
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot be read: {exc.strerror}") from exc


_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _constructor() -> Callable[[yaml.Node], Any]:
    """Python values from the nodes of one file. One constructor per file: a constructor remembers
    every node it has built (for YAML anchors), so a shared one kept every node of every data file,
    with its position marks, alive for good (a quarter of the objects of a loaded pipeline)."""
    constructor = yaml.constructor.SafeConstructor()
    return lambda node: constructor.construct_object(node, deep=True)


def read_yaml_sequence(path: Path) -> list[Located]:
    """Read a YAML file holding a list; return ``(line, item)`` pairs."""
    root = _compose(path)
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise DataFileError(str(path), root.start_mark.line + 1, "expected a list of entries")
    construct = _constructor()
    return [(item.start_mark.line + 1, construct(item)) for item in root.value]


def read_yaml_mapping(path: Path) -> list[tuple[int, Any, list[Located]]]:
    """Read a YAML mapping of keys to lists; return ``(line, key, [(line, item), ...])`` triples."""
    root = _compose(path)
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise DataFileError(str(path), root.start_mark.line + 1, "expected a mapping of keys to lists")
    out: list[tuple[int, Any, list[Located]]] = []
    construct = _constructor()
    for key_node, value_node in root.value:
        key = construct(key_node)
        if not isinstance(value_node, yaml.SequenceNode):
            raise DataFileError(str(path), value_node.start_mark.line + 1, f"the value of {key!r} must be a list")
        items = [(item.start_mark.line + 1, construct(item)) for item in value_node.value]
        out.append((key_node.start_mark.line + 1, key, items))
    return out


def parse_loose_date(value: object, *, end: bool = False) -> dt.date:
    """Parse ``2014-06-08``, ``2014-06`` or ``2014`` (YAML may already have made a date or int).

    With ``end=True`` a partial date means the last day of its month or year.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _YEARMONTH_RE.match(str(value).strip())
    if not m:
        raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD, YYYY-MM or YYYY)")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else (12 if end else 1)
    if m.group(3):
        return dt.date(year, month, int(m.group(3)))
    if not end:
        return dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)
