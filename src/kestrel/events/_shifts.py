"""How an act's CAMEO code shifts when it is only intended, or when yielding is refused.

The table lives in ``events/data/code_shifts.tsv`` (kind, code prefix, new code): "will visit" is
036 (express intent to meet), "will impose a curfew" 1323 (threaten to impose a curfew), "will not
release the soldiers" 1243 (refuse to release persons), "lifted a ban on X" 0812 rather than 1722.
The longest listed prefix of a code wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kestrel._datafiles import package_path, read_tsv
from kestrel.errors import DataFileError
from kestrel.ontology import Ontology, default_ontology

__all__ = ["CodeShifts", "default_code_shifts", "load_code_shifts"]

_KINDS = ("intent", "refusal", "eased")


@dataclass(frozen=True, slots=True)
class CodeShifts:
    """Per kind (``intent``, ``refusal``, ``eased``), code prefix -> new code."""

    tables: dict[str, dict[str, str]]

    def shift(self, kind: str, code: str) -> str | None:
        """The new code for ``code`` under ``kind``, or None when no prefix of it is listed."""
        table = self.tables.get(kind, {})
        for n in range(len(code), 1, -1):
            found = table.get(code[:n])
            if found is not None:
                return found
        return None


def load_code_shifts(path: Path | None = None, ontology: Ontology | None = None) -> CodeShifts:
    """Read and check a code-shift table (the package's by default)."""
    path = path or package_path("events", "data", "code_shifts.tsv")
    onto = ontology or default_ontology()
    tables: dict[str, dict[str, str]] = {kind: {} for kind in _KINDS}
    for line, (kind, prefix, target) in read_tsv(path, 3, 3):
        if kind not in tables:
            raise DataFileError(str(path), line, f"unknown kind {kind!r}; use one of {list(_KINDS)}")
        if not prefix.isdigit() or not 2 <= len(prefix) <= 4:
            raise DataFileError(str(path), line, f"{prefix!r} is not a CAMEO code prefix (2 to 4 digits, e.g. 087)")
        if target not in onto:
            raise DataFileError(str(path), line, f"unknown CAMEO code {target!r}; see ontology/data/cameo.tsv")
        if prefix in tables[kind]:
            raise DataFileError(str(path), line, f"{kind} {prefix} is listed twice; keep one line")
        tables[kind][prefix] = target
    return CodeShifts(tables)


@lru_cache(maxsize=1)
def default_code_shifts() -> CodeShifts:
    """The package's table, loaded once."""
    return load_code_shifts()
