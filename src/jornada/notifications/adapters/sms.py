"""SMS through Twilio's Messages API; status callbacks are signed (``X-Twilio-Signature``)."""

from __future__ import annotations

import httpx

from jornada.notifications.adapters.base import (
    Outgoing,
    PermanentFailure,
    SendResult,
    TemporaryFailure,
)


class TwilioSmsAdapter:
    name = "twilio"
    local = False

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        from_number: str,
        status_callback: str,
        client: httpx.Client,
    ) -> None:
        self.url = f"https://api.twilio.com/2010-04-01/Accounts/{account_sid}/Messages.json"
        self.auth = (account_sid, auth_token)
        self.from_number = from_number
        self.status_callback = status_callback
        self.client = client

    def send(self, message: Outgoing) -> SendResult:
        data = {
            "To": message.address,
            "From": self.from_number,
            "Body": message.text,
            "StatusCallback": self.status_callback,
        }
        try:
            response = self.client.post(self.url, data=data, auth=self.auth, timeout=15)
        except httpx.HTTPError as exc:
            raise TemporaryFailure(f"Twilio unreachable: {exc}") from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise TemporaryFailure(f"Twilio {response.status_code}: {response.text[:300]}")
        if response.status_code >= 400:
            raise PermanentFailure(f"Twilio {response.status_code}: {response.text[:300]}")
        try:
            sid = response.json()["sid"]
        except (ValueError, KeyError) as exc:
            raise TemporaryFailure(f"Twilio answered without a sid: {exc}") from exc
        return SendResult(provider=self.name, provider_message_id=str(sid))
