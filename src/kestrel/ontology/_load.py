"""Reading and validating ``cameo.tsv`` and ``plover.tsv``."""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kestrel.errors import DataFileError
from kestrel.ontology._model import (
    PLOVER_TYPES,
    CameoCode,
    Ontology,
    parent_of,
    pentaclass_of,
    quad_class_of,
)

__all__ = ["default_ontology", "load_ontology"]

_CODE_RE = re.compile(r"[0-9]{2,4}")
_LABEL_RE = re.compile(r"[a-z][a-z_-]*")
_CAMEO_COLUMNS = "code, name, goldstein, symmetric"
_PLOVER_COLUMNS = "cameo_code, plover_type, plover_mode, plover_context"


@dataclass(frozen=True, slots=True)
class _CameoRow:
    line: int
    code: str
    name: str
    goldstein: float
    symmetric: bool


@dataclass(frozen=True, slots=True)
class _PloverRow:
    type: str
    mode: str | None
    context: tuple[str, ...]


def _records(text: str, path: str, columns: str) -> list[tuple[int, list[str]]]:
    """Non-comment, non-blank lines as ``(line number, stripped fields)``; checks the column count."""
    wanted = columns.count(",") + 1
    records = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in raw.split("\t")]
        if len(fields) != wanted:
            raise DataFileError(
                path,
                number,
                f"expected {wanted} TAB-separated columns ({columns}), found {len(fields)}; "
                "separate the columns with single TABs and keep empty columns",
            )
        records.append((number, fields))
    return records


def _check_code(path: str, line: int, code: str) -> None:
    if not _CODE_RE.fullmatch(code):
        raise DataFileError(
            path, line, f"bad CAMEO code {code!r}: write 2 to 4 digits with leading zeros, such as '042'"
        )
    if not 1 <= int(code[:2]) <= 20:
        raise DataFileError(path, line, f"CAMEO code {code!r} has no valid root: roots are 01 to 20")


def _parse_goldstein(path: str, line: int, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise DataFileError(
            path, line, f"goldstein value {text!r} is not a number: write a decimal such as -2.5"
        ) from None
    if not math.isfinite(value) or not -10.0 <= value <= 10.0:
        raise DataFileError(path, line, f"goldstein value {text!r} is outside the scale: use -10 to 10")
    return value


def _parse_cameo(text: str, path: str) -> list[_CameoRow]:
    rows: list[_CameoRow] = []
    first_line: dict[str, int] = {}
    for line, (code, name, goldstein, symmetric) in _records(text, path, _CAMEO_COLUMNS):
        _check_code(path, line, code)
        if code in first_line:
            raise DataFileError(
                path, line, f"duplicate CAMEO code {code!r} (first on line {first_line[code]}): keep one"
            )
        if not name:
            raise DataFileError(path, line, f"CAMEO code {code!r} has an empty name: give its label")
        if symmetric not in ("yes", "no"):
            raise DataFileError(path, line, f"symmetric must be 'yes' or 'no', not {symmetric!r}")
        first_line[code] = line
        value = _parse_goldstein(path, line, goldstein)
        rows.append(_CameoRow(line, code, name, value, symmetric == "yes"))
    if not rows:
        raise DataFileError(path, None, "the file defines no CAMEO codes: it must list at least the roots")
    for row in rows:
        parent = parent_of(row.code)
        if parent is not None and parent not in first_line:
            raise DataFileError(
                path, row.line, f"CAMEO code {row.code!r} has no parent: add code {parent!r} to the file"
            )
    return rows


def _parse_plover(text: str, path: str, known: set[str]) -> dict[str, _PloverRow]:
    mapping: dict[str, _PloverRow] = {}
    first_line: dict[str, int] = {}
    for line, (code, type_, mode, context) in _records(text, path, _PLOVER_COLUMNS):
        _check_code(path, line, code)
        if code not in known:
            raise DataFileError(
                path, line, f"PLOVER mapping for unknown CAMEO code {code!r}: add it to the CAMEO file first"
            )
        if code in first_line:
            raise DataFileError(
                path, line, f"duplicate mapping for CAMEO code {code!r} (first on line {first_line[code]})"
            )
        if type_ not in PLOVER_TYPES:
            raise DataFileError(path, line, f"unknown PLOVER type {type_!r}: use one of {', '.join(PLOVER_TYPES)}")
        if mode and not _LABEL_RE.fullmatch(mode):
            raise DataFileError(path, line, f"bad PLOVER mode {mode!r}: use one lower-case word (letters, '_' or '-')")
        contexts = tuple(item.strip() for item in context.split(";") if item.strip())
        for item in contexts:
            if not _LABEL_RE.fullmatch(item):
                raise DataFileError(
                    path,
                    line,
                    f"bad PLOVER context {item!r}: use lower-case words (letters, '_' or '-') separated by ';'",
                )
        first_line[code] = line
        mapping[code] = _PloverRow(type_, mode or None, contexts)
    return mapping


def _build(cameo_text: str, cameo_name: str, plover_text: str, plover_name: str) -> Ontology:
    rows = _parse_cameo(cameo_text, cameo_name)
    plover = _parse_plover(plover_text, plover_name, {row.code for row in rows})
    codes: dict[str, CameoCode] = {}
    for row in rows:
        root = row.code[:2]
        mapped = plover.get(row.code)
        codes[row.code] = CameoCode(
            code=row.code,
            name=row.name,
            goldstein=row.goldstein,
            root=root,
            quad_class=quad_class_of(root),
            pentaclass=pentaclass_of(root),
            plover_type=mapped.type if mapped else None,
            plover_mode=mapped.mode if mapped else None,
            plover_context=mapped.context if mapped else (),
            symmetric=row.symmetric,
            parent=parent_of(row.code),
        )
    return Ontology(codes)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DataFileError(str(path), None, f"not UTF-8 ({error.reason}): save the file as UTF-8") from None
    except OSError as error:
        raise DataFileError(str(path), None, f"cannot read the file ({error.strerror}): check the path") from None


def _packaged(name: str) -> tuple[str, str]:
    """Text and display name of a data file shipped with the package."""
    resource = resources.files("kestrel.ontology").joinpath("data", name)
    return resource.read_text(encoding="utf-8"), str(resource)


def load_ontology(cameo_path: Path | None = None, plover_path: Path | None = None) -> Ontology:
    """Read and validate the CAMEO code list and its PLOVER mapping.

    Args:
        cameo_path: A ``cameo.tsv`` file (code, name, goldstein, symmetric); the packaged one
            when None.
        plover_path: A ``plover.tsv`` file (cameo_code, plover_type, plover_mode,
            plover_context); the packaged one when None. Codes it does not map get no PLOVER type.

    Raises:
        DataFileError: A file cannot be read or has a mistake; the error names ``path:line``.
    """
    cameo_text, cameo_name = (_read(cameo_path), str(cameo_path)) if cameo_path else _packaged("cameo.tsv")
    if plover_path:
        plover_text, plover_name = _read(plover_path), str(plover_path)
    else:
        plover_text, plover_name = _packaged("plover.tsv")
    return _build(cameo_text, cameo_name, plover_text, plover_name)


@functools.lru_cache(maxsize=1)
def default_ontology() -> Ontology:
    """The ontology shipped with Kestrel, loaded once."""
    return load_ontology()
