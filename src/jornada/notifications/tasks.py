"""Background tasks (django-tasks, same database): calls to providers' HTTP APIs."""

from __future__ import annotations

from django_tasks import task

from jornada.notifications.outbound import webhook_attempt
from jornada.notifications.services import message_send_claimed


@task()
def message_send_task(message_id: int) -> str:
    """Send one message through its provider (see ``message_send_claimed``)."""
    return message_send_claimed(message_id=message_id)


@task()
def webhook_send_task(delivery_id: int) -> int:
    """POST one outbound webhook; returns the HTTP status (0 when unreachable)."""
    return webhook_attempt(delivery_id=delivery_id)
