"""Test-wide settings shared by every app's tests."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

# Property tests check what is generated, not how fast: CI machines may be busy (the
# suite runs worker and server subprocesses beside them), so no per-example deadline
# and no "too slow" health check. Each test still sets its own max_examples.
settings.register_profile(
    "jornada",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("jornada")


@pytest.fixture(autouse=True)
def _fresh_process_caches() -> None:
    """Rows a worker step cached in this process (enabled journeys, templates, the store
    profile; a few seconds' TTL) belong to the test that read them: the next test's
    database may hold other rows under those keys."""
    from jornada.core.cache import caches_clear

    caches_clear()
