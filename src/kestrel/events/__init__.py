"""The events stage: CAMEO-coded events from sentences and their actor mentions."""

from __future__ import annotations

from kestrel.events.coder import CODER_VERSION, EventCoder
from kestrel.events.patterns import PatternSet, default_patterns, load_patterns

__all__ = ["CODER_VERSION", "EventCoder", "PatternSet", "default_patterns", "load_patterns"]
