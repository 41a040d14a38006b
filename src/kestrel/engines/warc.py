"""Reading news archives in WARC format (``.warc``, ``.warc.gz``) with the warcio library.

Every ``response`` record whose payload is HTML becomes an article: the page's main text is
extracted exactly as for a saved ``.html`` file. The article id is a hash of the record's target
URL (stable across re-crawls of the same page), its ``url`` the target URL, its origin
``archive.warc.gz#<record number>``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from kestrel.ingest import IngestOptions, _html_article
from kestrel.models import Article, InputProblem

__all__ = ["WARC_SUFFIXES", "is_warc", "read_warc"]

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
"""File name endings read as web archives."""


def is_warc(path: Path) -> bool:
    """Whether the file name says it is a web archive."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def read_warc(path: Path, options: IngestOptions) -> Iterator[Article | InputProblem]:
    """The HTML pages of a WARC archive as articles; unusable records as input problems."""
    try:
        from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - depends on the installation
        yield InputProblem(str(path), "reading WARC archives needs warcio; pip install 'kestrel-events[dask]'")
        return
    try:
        with path.open("rb") as handle:
            for number, record in enumerate(ArchiveIterator(handle, arc2warc=True), 1):
                if record.rec_type != "response":
                    continue
                origin = f"{path}#{number}"
                headers = record.http_headers
                content_type = headers.get_header("Content-Type", "") if headers is not None else ""
                if "html" not in content_type.lower():
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or origin
                article_id = hashlib.sha1(url.encode()).hexdigest()[:16]
                found = _html_article(record.content_stream().read(), options, origin, article_id)
                if isinstance(found, Article) and found.url is None:
                    found = replace(found, url=url)
                yield found
    except Exception as error:  # warcio raises many kinds on a damaged archive
        yield InputProblem(str(path), f"cannot read the WARC archive ({type(error).__name__}: {error}); check it")
