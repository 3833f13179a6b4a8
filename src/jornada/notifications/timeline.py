"""What messaging writes on the order's timeline (``OrderEvent``, append-only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from jornada.core.db import insert_rows
from jornada.orders.models import ActorKind, OrderEvent

#: the timeline type of every message row; ``params["status"]`` says what happened
MESSAGE_EVENT = "message"

_FIELDS = ("order", "type", "actor_kind", "actor_user", "actor_label", "params", "created_at")


def message_timeline_add(
    *,
    order_id: int,
    message_id: int,
    template: str,
    channel: str,
    audience: str,
    status: str,
    detail: str = "",
    at: dt.datetime | None = None,
) -> None:
    """Append "message <template> on <channel>: <status>" to the order's timeline."""
    params: dict[str, Any] = {
        "message_id": message_id,
        "template": template,
        "channel": channel,
        "audience": audience,
        "status": status,
    }
    if detail:
        params["detail"] = detail[:300]
    insert_rows(
        OrderEvent,
        _FIELDS,
        [
            (
                order_id,
                MESSAGE_EVENT,
                ActorKind.SYSTEM,
                None,
                "Jornada",
                params,
                at or timezone.now(),
            )
        ],
    )
