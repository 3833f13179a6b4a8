"""Per-process caches of rows read on every message (templates, store, journeys).

Workers render hundreds of messages a second; reading the same few rows for each one
would cost more than the rendering. Entries live ``TTL_SECONDS``: a staff edit reaches
every worker within that time (the process that saved it clears its own at once).
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


def caches_clear() -> None:
    _entries.clear()
