"""Timer jobs owned by the API app (named in ``jornada.wiring``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone


def idempotency_purge(payload: dict[str, Any]) -> None:
    """Forget ``Idempotency-Key`` records older than ``JORNADA_IDEMPOTENCY_TTL_HOURS``."""
    from jornada.api.services import idempotency_records_purge

    idempotency_records_purge(now=timezone.now())
