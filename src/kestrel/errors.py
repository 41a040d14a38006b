"""Kestrel's one exception hierarchy.

Every error a user can cause derives from :class:`KestrelError`. Messages say what is wrong,
where (file and line when there is one) and what to do about it. The CLI prints them without a
traceback.
"""

from __future__ import annotations

__all__ = [
    "DataFileError",
    "InputError",
    "KestrelError",
    "StoreError",
    "UsageError",
]


class KestrelError(Exception):
    """Base class of every error Kestrel raises on purpose."""


class UsageError(KestrelError):
    """A caller asked for something impossible (bad option value, missing argument)."""


class InputError(KestrelError):
    """One input record is unusable: broken JSON, wrong encoding, empty or huge text, bad date.

    ``origin`` names the file and line (``path:line``) so the message can point at it.
    """

    def __init__(self, message: str, origin: str | None = None) -> None:
        self.origin = origin
        self.reason = message
        super().__init__(f"{origin}: {message}" if origin else message)


class DataFileError(KestrelError):
    """A knowledge file (actors, agents, patterns, ontology) has a mistake at ``path:line``."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.reason = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class StoreError(KestrelError):
    """The event store cannot be opened, migrated or written."""
