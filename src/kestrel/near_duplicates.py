"""Near-duplicate articles: wire copies and lightly edited re-publications.

Each article's word 5-shingles are summarised by a MinHash signature (the ``datasketch``
library); a locality-sensitive hash index finds stored articles whose estimated Jaccard similarity
is at least ``threshold`` (0.8 by default). Signatures are plain integer lists so the store can keep
them and rebuild the index when it is reopened.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Sequence

from datasketch import MinHash, MinHashLSH

__all__ = ["NearDuplicateIndex", "shingles"]

_WORD_RE = re.compile(r"\w+")
_PERMUTATIONS = 64
_FIRST_WORD = struct.Struct("<I").unpack_from  # the first 32 bits of a digest, little-endian
_SCHEME = "affine32"  # stored signatures must be read back with the scheme that made them


def shingles(text: str, size: int = 5) -> set[bytes]:
    """The set of lower-cased word ``size``-grams of ``text`` (the whole text if shorter)."""
    words = _WORD_RE.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


class NearDuplicateIndex:
    """An in-memory LSH index of article signatures."""

    def __init__(self, threshold: float = 0.8) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=_PERMUTATIONS)
        self._signatures: dict[str, MinHash] = {}
        # the permutations depend only on the seed and scheme: draw them once, not per MinHash
        self._permutations = MinHash(num_perm=_PERMUTATIONS, scheme=_SCHEME).permutations

    def signature(self, text: str) -> list[int]:
        """The MinHash signature of a text, as a list of integers."""
        m = MinHash(num_perm=_PERMUTATIONS, scheme=_SCHEME, permutations=self._permutations, hashfunc=int)
        sha1 = hashlib.sha1
        m.update_batch([_FIRST_WORD(sha1(s).digest())[0] for s in shingles(text)])  # datasketch's sha1_hash32
        return [int(v) for v in m.hashvalues]

    def _minhash(self, signature: Sequence[int]) -> MinHash:
        import numpy as np

        values = np.array(signature, dtype=np.uint64)
        return MinHash(num_perm=_PERMUTATIONS, hashvalues=values, scheme=_SCHEME, permutations=self._permutations)

    def find(self, signature: Sequence[int]) -> str | None:
        """The key of a stored near-duplicate (the most similar), or None."""
        m = self._minhash(signature)
        best: tuple[float, str] | None = None
        for key in self._lsh.query(m):
            similarity = m.jaccard(self._signatures[key])
            if similarity >= self.threshold and (best is None or similarity > best[0]):
                best = (similarity, key)
        return best[1] if best else None

    def add(self, key: str, signature: Sequence[int]) -> None:
        """Index ``key`` under ``signature`` (ignored if the key is already indexed)."""
        if key in self._signatures:
            return
        m = self._minhash(signature)
        self._signatures[key] = m
        self._lsh.insert(key, m)
