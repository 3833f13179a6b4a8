"""Email through Django's email backends: SMTP (``JORNADA_EMAIL_URL``) or any
django-anymail provider, which also reports delivery through its tracking webhooks."""

from __future__ import annotations

import smtplib
from email.utils import make_msgid

from django.core.mail import EmailMultiAlternatives, get_connection

from jornada.notifications.adapters.base import (
    Outgoing,
    PermanentFailure,
    SendResult,
    TemporaryFailure,
)


class DjangoEmailAdapter:
    local = False

    def __init__(self, *, from_email: str, reply_to: str = "", backend: str | None = None) -> None:
        self.from_email = from_email
        self.reply_to = reply_to
        self.backend = backend
        self.name = "email"

    def send(self, message: Outgoing) -> SendResult:
        domain = self.from_email.rsplit("@", 1)[-1] or "jornada.local"
        message_id = make_msgid(idstring=str(message.message_id), domain=domain)
        headers = {"Message-ID": message_id, **message.headers}
        if message.unsubscribe_url:
            headers["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.text,
            from_email=self.from_email,
            to=[message.address],
            reply_to=[self.reply_to] if self.reply_to else None,
            headers=headers,
            connection=get_connection(self.backend, fail_silently=False),
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        for attachment in message.attachments:
            email.attach(attachment.filename, attachment.content, attachment.content_type)
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentFailure(f"recipient refused: {exc.recipients}") from exc
        except Exception as exc:
            if type(exc).__name__ in {"AnymailRecipientsRefused", "AnymailInvalidAddress"}:
                raise PermanentFailure(str(exc)) from exc
            raise TemporaryFailure(f"{type(exc).__name__}: {exc}") from exc
        status = getattr(email, "anymail_status", None)
        provider_id = getattr(status, "message_id", None) if status else None
        return SendResult(
            provider="anymail" if status is not None else "smtp",
            provider_message_id=str(provider_id or message_id.strip("<>")),
        )
