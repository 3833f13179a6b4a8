"""``jornada outbox``: see and retry dead-lettered event deliveries."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jornada.core.models import EventDelivery, WorkStatus
from jornada.core.outbox import dead_deliveries_retry, event_delivery_retry


class Command(BaseCommand):
    help = "List dead-lettered deliveries (`list`) or put them back in the queue (`retry`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "retry"])
        parser.add_argument("ids", nargs="*", type=int, help="delivery ids (retry: default all)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            dead = EventDelivery.objects.filter(status=WorkStatus.DEAD).select_related("event")
            for d in dead.order_by("id")[:200]:
                first_line = d.last_error.splitlines()[0] if d.last_error else ""
                self.stdout.write(
                    f"{d.id}\t{d.event.event_type}\t{d.handler}\t{d.attempts}\t{first_line}"
                )
            return
        if options["ids"]:
            count = sum(event_delivery_retry(delivery_id=i) for i in options["ids"])
        else:
            count = dead_deliveries_retry()
        self.stdout.write(f"{count} deliveries queued again")
