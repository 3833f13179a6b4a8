"""Wiring loaded by worker processes started from tests (JORNADA_EXTRA_WIRING)."""

HANDLERS = {
    "tests.Ping": (
        "jornada.core.tests.handlers.record",
        "jornada.core.tests.handlers.record_too",
    ),
    "tests.SlowPing": ("jornada.core.tests.handlers.record_slowly",),
    "tests.Noop": ("jornada.core.tests.handlers.noop",),
    "tests.Blocking": ("jornada.core.tests.handlers.block_while_marker",),
}

TIMER_JOBS = {"tests.timer_job": "jornada.core.tests.handlers.timer_job"}
