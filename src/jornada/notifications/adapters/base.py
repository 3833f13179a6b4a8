"""What every channel adapter takes and answers (``Protocol``), and how it fails."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content: bytes
    content_type: str


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A rendered message, as handed to a channel."""

    message_id: int
    dedup_key: str
    channel: str
    address: str
    language: str
    subject: str
    text: str
    html: str = ""
    attachments: tuple[Attachment, ...] = ()
    whatsapp_template: str = ""
    whatsapp_params: tuple[str, ...] = ()
    #: RFC 8058 one-click unsubscribe (marketing email)
    unsubscribe_url: str = ""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SendResult:
    provider: str
    provider_message_id: str
    #: "sent" once the provider accepted it; "queued" for a call task staff must make
    status: str = "sent"


class TemporaryFailure(Exception):
    """The provider may accept it later (timeout, 5xx, rate limit): retry with backoff."""


class PermanentFailure(Exception):
    """The provider will never accept it (bad number, mailbox gone): fail, fall back."""


class ChannelAdapter(Protocol):
    name: str
    #: True when sending is a local write (no network): done inside the worker's step
    local: bool

    def send(self, message: Outgoing) -> SendResult: ...
