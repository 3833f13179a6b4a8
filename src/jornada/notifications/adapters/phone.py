"""Phone: nobody dials automatically; the message becomes a call task for staff.

The rendered script is the task; staff mark it done or not reached on the call list.
"""

from __future__ import annotations

from jornada.notifications.adapters.base import Outgoing, SendResult


class CallTaskAdapter:
    name = "call_task"
    local = True

    def send(self, message: Outgoing) -> SendResult:
        return SendResult(provider=self.name, provider_message_id="", status="queued")
