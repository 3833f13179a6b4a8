"""Timer jobs owned by core (named in ``jornada.wiring``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from jornada.core.models import EventDelivery, OutboxEvent, WorkerHeartbeat, WorkStatus


def outbox_prune(payload: dict[str, Any]) -> None:
    """Forget events whose every delivery is done, after the retention period."""
    cutoff = timezone.now() - dt.timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    unfinished = EventDelivery.objects.filter(event=OuterRef("pk")).exclude(status=WorkStatus.DONE)
    with transaction.atomic():
        OutboxEvent.objects.filter(occurred_at__lt=cutoff).exclude(Exists(unfinished)).delete()
        WorkerHeartbeat.objects.filter(
            last_seen_at__lt=timezone.now() - dt.timedelta(days=1)
        ).delete()
