"""The embedded default for every channel: the message stays in the local outbox.

It behaves like a provider: it accepts or refuses, answers a provider id, and later
reports delivery (and, on WhatsApp, reading) through a signed status webhook handled by
the same code as the real providers' (``jornada.notifications.inbound``).

Test addresses: an email whose local part ends in ``+bounce`` is refused for good,
``+busy`` fails for now (retried); a phone ending in ``0000`` has no WhatsApp/SMS.
"""

from __future__ import annotations

import uuid

from jornada.notifications.adapters.base import (
    Outgoing,
    PermanentFailure,
    SendResult,
    TemporaryFailure,
)


class SandboxAdapter:
    local = True

    def __init__(self, channel: str) -> None:
        self.channel = channel
        self.name = "sandbox"

    def send(self, message: Outgoing) -> SendResult:
        address = message.address.lower()
        if self.channel == "email":
            local_part = address.split("@", 1)[0]
            if local_part.endswith("+bounce"):
                raise PermanentFailure("sandbox: mailbox does not exist")
            if local_part.endswith("+busy"):
                raise TemporaryFailure("sandbox: mail server busy, try later")
        elif address.endswith("0000"):
            raise PermanentFailure(f"sandbox: {address} cannot receive {self.channel} messages")
        return SendResult(provider="sandbox", provider_message_id=f"sbx-{uuid.uuid4().hex}")
