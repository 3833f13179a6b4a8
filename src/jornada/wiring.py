"""The one registry: which handler reacts to which domain event, and which job runs a timer.

Every entry is a dotted path, imported only when first used, so wiring never creates an
import cycle between apps. Upstream apps publish events; downstream apps' ``handlers.py``
react to them, and are listed here (ARCHITECTURE.md, section 3).
"""

from __future__ import annotations

# event type -> handlers, in the order they are listed (each delivered independently)
HANDLERS: dict[str, tuple[str, ...]] = {}

# timer job name -> callable(payload: dict) run when the timer is due
TIMER_JOBS: dict[str, str] = {
    "api.idempotency_purge": "jornada.api.jobs.idempotency_purge",
    "core.outbox_prune": "jornada.core.jobs.outbox_prune",
}

# timer job name -> interval in seconds; the scheduler keeps one pending timer per job
PERIODIC_JOBS: dict[str, int] = {
    "api.idempotency_purge": 3600,
    "core.outbox_prune": 6 * 3600,
}
