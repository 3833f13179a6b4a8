"""Work prepared before a write transaction, for the handlers run inside it.

On SQLite one writer at a time holds the database, so what a handler does inside its
delivery's transaction is done by one worker at a time. A handler can do its reading and
rendering earlier, outside any transaction and in parallel with the other workers, and
leave the result here (``stash``); inside the transaction it ``take``s it instead of
doing the work again. Preparing is only ever a shortcut: a handler that finds nothing
does the work itself, so a missing or failed preparation changes nothing but speed.

The stash is per thread and cleared when the batch it was prepared for is done.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from typing import Any

_local = threading.local()


def _store() -> dict[Hashable, Any]:
    store: dict[Hashable, Any] | None = getattr(_local, "store", None)
    if store is None:
        store = _local.store = {}
    return store


def stash(key: Hashable, value: Any) -> None:
    _store()[key] = value


def take(key: Hashable) -> Any | None:
    """The value prepared under ``key`` (once: it is removed), or None."""
    return _store().pop(key, None)


def clear() -> None:
    _store().clear()
