"""Per-process caches of rows read on every message or order (templates, store,
journeys, API keys, payment terms).

Workers render hundreds of messages a second and the API takes a thousand orders a
second; reading the same few rows for each one would cost more than the work. Entries
live ``TTL_SECONDS``: a staff edit reaches every process within that time (the process
that saved it clears its own at once, ``ttl_forget``/``caches_clear``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

TTL_SECONDS = 5.0

_entries: dict[Hashable, tuple[float, Any]] = {}


def ttl_get(key: Hashable, load: Callable[[], T]) -> T:
    now = time.monotonic()
    entry = _entries.get(key)
    if entry is not None and now - entry[0] < TTL_SECONDS:
        return entry[1]  # type: ignore[no-any-return]
    value = load()
    if len(_entries) > 5000:
        _entries.clear()
    _entries[key] = (now, value)
    return value


def ttl_forget(key: Hashable) -> None:
    _entries.pop(key, None)


def caches_clear() -> None:
    _entries.clear()
