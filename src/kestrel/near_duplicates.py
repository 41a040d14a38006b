"""Near-duplicate articles: wire copies and lightly edited re-publications.

Each article's word 5-shingles are summarised by a MinHash signature (the ``datasketch``
library's, scheme "affine32"); a locality-sensitive hash index, banded as datasketch's
``MinHashLSH`` bands (see :class:`NearDuplicateIndex`), finds stored articles whose estimated
Jaccard similarity is at least ``threshold`` (0.8 by default).
Signatures are plain integer lists so the store can keep them and rebuild the index when it is
reopened. The permutations are datasketch's; they are applied to a whole text's shingle hashes in
one numpy expression, which gives datasketch's values (a test pins that) without its per-value
Python loop. datasketch (which imports scipy) is loaded when the first index is built, so commands
that never compare articles do not pay for it.

A shingle's hash is a fixed mix of the 32-bit hashes of its words (the first 32 bits of each
word's SHA-1), computed for a whole text at once with numpy: words repeat, so each is hashed once
and cached, and no shingle string is ever built. Signatures made with another scheme cannot be
compared with these: :data:`SIGNATURE_VERSION` names the scheme, and stores and engine outputs
record it so that older signatures are recomputed from the text.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Sequence
from functools import cache
from typing import Any

__all__ = ["SIGNATURE_VERSION", "NearDuplicateIndex", "WordHashes", "shingle_hashes", "shingles", "text_signature"]

SIGNATURE_VERSION = 2
"""The signature scheme: 1 hashed each shingle's text with SHA-1; 2 mixes cached word hashes."""

_WORD_RE = re.compile(r"\w+")
_SIZE = 5  # words per shingle
_PERMUTATIONS = 64
_FIRST_WORD = struct.Struct("<I").unpack_from  # the first 32 bits of a digest, little-endian
_SCHEME = "affine32"  # datasketch's permutation scheme for the shingle hashes
# odd multipliers, one per position in a shingle (fixed: they are part of the signature scheme)
_MIX = (0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1)
# The LSH bands are tuned to a lower similarity than the threshold, and candidates are then checked
# against it: banded at the threshold itself, LSH missed 28% of copies with a true Jaccard of 0.875.
_CANDIDATES = 0.6
_CACHE_LIMIT = 1 << 20  # cached word hashes before the cache starts again
_SEED = 1  # datasketch's default seed for the permutations
# the MurmurHash3 32-bit finaliser, which datasketch's affine32 scheme applies before permuting
_FMIX = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)


def shingles(text: str, size: int = _SIZE) -> set[str]:
    """The set of lower-cased word ``size``-grams of ``text`` (the whole text if shorter)."""
    words = _WORD_RE.findall(text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


class WordHashes(dict[str, int]):
    """Word → the first 32 bits of its SHA-1, computed on first use (look-ups stay at C speed)."""

    def __missing__(self, word: str) -> int:
        if len(self) > _CACHE_LIMIT:
            self.clear()
        value = self[word] = int(_FIRST_WORD(hashlib.sha1(word.encode()).digest())[0])
        return value


def shingle_hashes(text: str, cache: WordHashes | None = None) -> Any:
    """The 32-bit hashes of the word 5-shingles of ``text`` (a numpy array; may repeat values).

    A shingle of words ``w0..w4`` hashes to ``sum(MIX[i] * h(wi)) mod 2**32``, where ``h`` is the
    first 32 bits of the word's SHA-1; a text shorter than a shingle is one shingle of all its
    words. ``cache`` (word → hash) saves re-hashing words across texts.
    """
    import numpy as np

    words = _WORD_RE.findall(text.lower())
    hashes = np.array(list(map((WordHashes() if cache is None else cache).__getitem__, words)), np.uint32)
    width = min(_SIZE, len(hashes))
    count = len(hashes) - width + 1 if width else 0
    out = np.zeros(count, dtype=np.uint32)
    for i in range(width):  # uint32 arithmetic wraps: the sum is taken mod 2**32
        out += hashes[i : i + count] * np.uint32(_MIX[i])
    return out


class NearDuplicateIndex:
    """An in-memory LSH index of article signatures.

    The bands (how many, and how many rows each) are the ones datasketch's ``MinHashLSH`` chooses
    for the candidate threshold; an article is a candidate when one of its bands equals a band of
    the new article's signature, as in datasketch. The band tables themselves are ours: a band maps
    to one article key (a string), or to a list of keys when articles share it. datasketch keeps a
    set per band per article, ten per article; the cycle collector walked all of them in every full
    collection while a store was being filled.
    """

    def __init__(self, threshold: float = 0.8) -> None:
        from datasketch import MinHash, MinHashLSH

        self.threshold = threshold
        lsh = MinHashLSH(threshold=_CANDIDATES, num_perm=_PERMUTATIONS)
        self._bands, self._rows = lsh.b, lsh.r
        self._table: dict[bytes, str | list[str]] = {}  # band number and values → key(s)
        self._signatures: dict[str, Any] = {}  # key → numpy array of the signature
        self._order: dict[str, int] = {}  # key → when it was indexed
        # the permutations depend only on the seed and scheme: draw them once
        a, b = MinHash(num_perm=_PERMUTATIONS, seed=_SEED, scheme=_SCHEME).permutations
        self._a, self._b = a.reshape(1, -1), b.reshape(1, -1)
        self._words = WordHashes()

    def signature(self, text: str) -> list[int]:
        """The MinHash signature of a text (scheme :data:`SIGNATURE_VERSION`), as a list of integers."""
        return self._sketch(text).tolist()  # type: ignore[no-any-return]

    def link(self, key: str, text: str) -> tuple[list[int], str | None]:
        """Index the text under ``key``; return its signature and the key of a near-duplicate
        indexed before it, if any (what :meth:`signature`, :meth:`find` and :meth:`add` do, with one
        MinHash instead of three)."""
        values = self._sketch(text)
        dup = self._closest(values)
        self._insert(key, values)
        return values.tolist(), dup

    def link_signature(self, key: str, signature: Sequence[int]) -> str | None:
        """Index ``key`` under a signature made elsewhere (see :func:`text_signature`); return the
        key of a near-duplicate indexed before it, if any."""
        import numpy as np

        values = np.array(signature, dtype=np.uint32)
        dup = self._closest(values)
        self._insert(key, values)
        return dup

    def _sketch(self, text: str) -> Any:
        """The signature of ``text`` as a numpy array: datasketch's ``MinHash.update_batch`` over the
        shingle hashes (fmix32, then ``a * h + b`` mod 2**32 per permutation, then the minimum)."""
        import numpy as np

        hashes = shingle_hashes(text, self._words)
        if not len(hashes):
            return np.full(_PERMUTATIONS, np.iinfo(np.uint32).max, dtype=np.uint32)
        s1, m1, s2, m2, s3 = _FMIX
        hashes ^= hashes >> np.uint32(s1)
        hashes *= np.uint32(m1)
        hashes ^= hashes >> np.uint32(s2)
        hashes *= np.uint32(m2)
        hashes ^= hashes >> np.uint32(s3)
        return (hashes.reshape(-1, 1) * self._a + self._b).min(axis=0)

    def __contains__(self, key: object) -> bool:
        return key in self._signatures

    def __len__(self) -> int:
        return len(self._signatures)

    def find(self, signature: Sequence[int]) -> str | None:
        """The key of a stored near-duplicate (the most similar), or None."""
        import numpy as np

        return self._closest(np.array(signature, dtype=np.uint32))

    def _closest(self, values: Any) -> str | None:
        """The most similar indexed key at or above the threshold; the earliest indexed on a tie."""
        import numpy as np

        candidates: set[str] = set()
        for band in self._band_keys(values):
            found = self._table.get(band)
            if found is not None:
                candidates.update((found,) if isinstance(found, str) else found)
        best: tuple[float, int, str] | None = None
        for key in candidates:
            similarity = np.count_nonzero(values == self._signatures[key]) / _PERMUTATIONS
            order = -self._order[key]
            if similarity >= self.threshold and (best is None or (similarity, order) > best[:2]):
                best = (similarity, order, key)
        return best[2] if best else None

    def add(self, key: str, signature: Sequence[int]) -> None:
        """Index ``key`` under ``signature`` (ignored if the key is already indexed)."""
        import numpy as np

        self._insert(key, np.array(signature, dtype=np.uint32))

    def _insert(self, key: str, values: Any) -> None:
        if key in self._signatures:
            return
        self._order[key] = len(self._signatures)
        self._signatures[key] = values
        table = self._table
        for band in self._band_keys(values):
            found = table.get(band)
            if found is None:
                table[band] = key
            elif isinstance(found, str):
                table[band] = [found, key]
            else:
                found.append(key)

    def _band_keys(self, values: Any) -> list[bytes]:
        """One key per band: its number, then its values' bytes."""
        rows = values[: self._bands * self._rows].reshape(self._bands, self._rows)
        return [bytes((i,)) + row.tobytes() for i, row in enumerate(rows)]


@cache
def _signer() -> NearDuplicateIndex:
    return NearDuplicateIndex()


def text_signature(text: str) -> list[int]:
    """The signature of ``text``, made with one index per process (for workers that sign articles
    for a store elsewhere; its word-hash cache is kept between calls)."""
    return _signer().signature(text)
