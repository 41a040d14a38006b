"""The CAMEO code records and the :class:`Ontology` container."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from kestrel.errors import UsageError

__all__ = [
    "PLOVER_TYPES",
    "CameoCode",
    "Ontology",
    "parent_of",
    "pentaclass_of",
    "quad_class_of",
]

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
"""PLOVER's 16 event types, from most cooperative to most conflictual."""


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code with its scores and PLOVER mapping.

    Attributes:
        code: The code as a string with leading zeros (``"042"``, ``"0211"``, root ``"04"``).
        name: The CAMEO label ("Make a visit").
        goldstein: Goldstein conflict–cooperation score (−10 … +10), as in GDELT's table.
        root: The two-digit root (``"04"``).
        quad_class: 1 verbal cooperation (roots 01–04), 2 material cooperation (05–08),
            3 verbal conflict (09–13), 4 material conflict (14–20).
        pentaclass: 0 statements and appeals (01–02), 1 verbal cooperation (03–05),
            2 material cooperation (06–08), 3 verbal conflict (09–13), 4 material conflict (14–20).
        plover_type: PLOVER event type (``"CONSULT"``), or None when the mapping file gives none.
        plover_mode: PLOVER mode (``"visit"``), or None.
        plover_context: PLOVER contexts (``("military",)``), possibly empty.
        symmetric: True when the action is inherently mutual, so "A and B did X" codes both
            A→B and B→A (negotiate, sign an agreement, fight).
        parent: The 3-digit code for a 4-digit code, the root for a 3-digit code, None for a root.
    """

    code: str
    name: str
    goldstein: float
    root: str
    quad_class: int
    pentaclass: int
    plover_type: str | None
    plover_mode: str | None
    plover_context: tuple[str, ...]
    symmetric: bool
    parent: str | None


def parent_of(code: str) -> str | None:
    """The parent of a syntactically valid code: ``"0211"`` → ``"021"``, ``"021"`` → ``"02"``."""
    return None if len(code) == 2 else code[:-1]


def quad_class_of(root: str) -> int:
    """GDELT's quad class of a root ``"01"`` … ``"20"``."""
    number = int(root)
    if number <= 4:
        return 1
    if number <= 8:
        return 2
    return 3 if number <= 13 else 4


def pentaclass_of(root: str) -> int:
    """The CAMEO pentaclass of a root ``"01"`` … ``"20"``.

    0 statements and appeals (01–02), 1 verbal cooperation (03–05), 2 material cooperation
    (06–08), 3 verbal conflict (09–13 and 16), 4 material conflict (14, 15, 17–20). Root 16
    "reduce relations" (cutting aid, sanctions, expelling diplomats) counts as verbal conflict, as
    in the Phoenix/PETRARCH quad-class convention that ConfliBERT's pentaclass labels follow.
    """
    number = int(root)
    if number <= 2:
        return 0
    if number <= 5:
        return 1
    if number <= 8:
        return 2
    return 3 if number <= 13 or number == 16 else 4


class Ontology:
    """All known CAMEO codes, looked up by their string form (``"042"``).

    Lookups by ``[]``, :meth:`get` and ``in`` take the exact code string; use :meth:`normalize`
    first for codes written without leading zeros (``42``, ``"42"``).
    """

    __slots__ = ("_codes",)

    def __init__(self, codes: Mapping[str, CameoCode]) -> None:
        self._codes: dict[str, CameoCode] = dict(codes)

    def __getitem__(self, code: str) -> CameoCode:
        return self._codes[code]

    def get(self, code: str) -> CameoCode | None:
        """The record of ``code``, or None when it is not a known code."""
        return self._codes.get(code)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._codes

    def __iter__(self) -> Iterator[CameoCode]:
        return iter(self._codes.values())

    def __len__(self) -> int:
        return len(self._codes)

    def __repr__(self) -> str:
        return f"Ontology({len(self._codes)} codes)"

    def root_of(self, code: str | int) -> str:
        """The two-digit root of a code in any form :meth:`normalize` accepts (``"0211"`` → ``"02"``)."""
        return self._codes[self.normalize(code)].root

    def normalize(self, code: str | int) -> str:
        """The canonical string form of a CAMEO code, restoring lost leading zeros.

        ``"042"`` stays; ``42`` and ``"42"`` become ``"042"``; ``4`` becomes ``"04"``; ``211``
        becomes ``"0211"``. A value of 1–20 written with one or two digits is read as a root
        (``12`` → ``"12"``; write ``"012"`` for the 3-digit code).

        Raises:
            UsageError: ``code`` is not a known CAMEO code in any of these forms.
        """
        if isinstance(code, bool) or not isinstance(code, int | str):
            raise UsageError(f"CAMEO code must be a string or an integer, not {code!r}")
        text = str(code).strip()
        if not text.isascii() or not text.isdigit():
            raise UsageError(f"{code!r} is not a CAMEO code: use digits only, such as '042' or '0211'")
        if text in self._codes:
            return text
        for width in (2, 3, 4):
            if len(text) <= width:
                candidate = text.zfill(width)
                if candidate in self._codes:
                    return candidate
        raise UsageError(f"unknown CAMEO code {code!r}: use a code from the CAMEO codebook, such as '042'")
