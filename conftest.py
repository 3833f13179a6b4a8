"""Test-wide settings shared by every app's tests."""

from __future__ import annotations

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
