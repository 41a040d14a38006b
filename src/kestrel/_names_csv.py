"""``name1,name2[,schema,...]`` CSV in, the same rows plus ``score`` and ``same`` out."""

from __future__ import annotations

import csv
from pathlib import Path

from kestrel._names_score import DEFAULT_THRESHOLD, name_similarity
from kestrel.errors import InputError

__all__ = ["score_pairs_csv"]


def score_pairs_csv(in_path: Path, out_path: Path, *, threshold: float = DEFAULT_THRESHOLD) -> int:
    """Score every pair of a CSV file and write it back with ``score`` (4 decimals) and ``same``.

    The input needs a header with ``name1`` and ``name2``; a ``schema`` column (``Person``,
    ``Organization``) is used when present. Every input column is kept (an existing ``score`` or
    ``same`` column is overwritten). Returns the number of rows written.

    Raises:
        InputError: the file cannot be read, lacks a column, or a row has the wrong number of fields
            or an empty name; the error's ``origin`` is ``path:line``. Nothing is skipped silently.
    """
    try:
        handle = in_path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"cannot read the pairs file: {exc.strerror}", str(in_path)) from exc
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"not a readable UTF-8 CSV file ({exc})", f"{in_path}:1") from exc
        if header is None or "name1" not in header or "name2" not in header:
            raise InputError("the header must name the columns name1 and name2", f"{in_path}:1")
        fields = [h for h in header if h not in ("score", "same")] + ["score", "same"]
        i1, i2 = header.index("name1"), header.index("name2")
        i_schema = header.index("schema") if "schema" in header else None
        rows: list[dict[str, str]] = []
        line = reader.line_num + 1
        try:
            for record in reader:
                origin = f"{in_path}:{line}"
                line = reader.line_num + 1
                if not record:
                    continue
                if len(record) != len(header):
                    raise InputError(
                        f"expected {len(header)} fields as in the header, found {len(record)}; "
                        "quote names that contain commas",
                        origin,
                    )
                a, b = record[i1].strip(), record[i2].strip()
                if not a or not b:
                    raise InputError("name1 and name2 must both be non-empty", origin)
                schema = record[i_schema] if i_schema is not None else None
                score = name_similarity(a, b, schema=schema)
                row = dict(zip(header, record, strict=True))
                row["score"] = f"{score:.4f}"
                row["same"] = "true" if score >= threshold else "false"
                rows.append(row)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"not a readable UTF-8 CSV record ({exc})", f"{in_path}:{line}") from exc
    with out_path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
