"""Kestrel's HTTP API and web dashboard (``kestrel serve``).

:func:`create_app` builds a FastAPI application over an event store: JSON endpoints under ``/api``
(see docs/api.md and ``/openapi.json``) and the dashboard at ``/``. The store is opened read-only
unless writes are allowed with a token.
"""

from __future__ import annotations

from kestrel.api._app import create_app

__all__ = ["create_app"]
