"""Helpers shared by the CLI modules."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from kestrel.errors import KestrelError

__all__ = ["EXIT_SKIPPED", "fail_cleanly"]

EXIT_SKIPPED = 3
F = TypeVar("F", bound=Callable[..., Any])


def fail_cleanly(func: F) -> F:
    """Turn Kestrel errors into one-line messages and exit code 1 (no traceback)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KestrelError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except BrokenPipeError:
            sys.exit(0)

    return wrapper  # type: ignore[return-value]
