"""Mercado Pago (Checkout API, ``/v1/payments``): a real gateway behind the same protocol.

- Cards are tokenised in the browser by Mercado Pago's own script (``MercadoPago.js``
  card form); Jornada sends only that token, the brand (``payment_method_id``) and the
  instalments.
- Pix: ``payment_method_id=pix``; the copy-and-paste code is
  ``point_of_interaction.transaction_data.qr_code``.
- Boleto: ``payment_method_id=bolbradesco``; the barcode is ``barcode.content``.
- Webhooks carry no status: ``x-signature: ts=<unix>,v1=<hex hmac>`` over the manifest
  ``id:<data.id>;request-id:<x-request-id>;ts:<ts>;`` signed with the webhook secret;
  Jornada then asks ``GET /v1/payments/{id}`` what the payment is now.

Every call is one HTTP request through ``httpx`` with a timeout; any transport error
or 5xx becomes ``GatewayError`` (the caller retries), a 4xx on authorize a decline.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import httpx
from django.conf import settings

from jornada.payments.adapters.base import (
    ChargeRequest,
    ChargeResult,
    GatewayError,
    RefundResult,
    WebhookMessage,
    WebhookRejected,
)
from jornada.payments.states import PaymentStatus

S = PaymentStatus

# Mercado Pago's payment statuses, as Jornada's
STATUS_MAP: dict[str, str] = {
    "pending": S.PENDING,
    "in_process": S.PENDING,
    "in_mediation": S.PAID,
    "authorized": S.AUTHORIZED,
    "approved": S.PAID,
    "rejected": S.FAILED,
    "cancelled": S.EXPIRED,
    "refunded": S.REFUNDED,
    "charged_back": S.CHARGED_BACK,
}
METHOD_IDS = {"pix": "pix", "boleto": "bolbradesco"}


def _money(value: Decimal) -> float | str:
    # Mercado Pago's JSON takes numbers; a two-place Decimal renders exactly.
    return json.loads(f"{value:.2f}")  # type: ignore[no-any-return]


class MercadoPagoGateway:
    name = "mercadopago"
    methods = frozenset({"credit_card", "debit_card", "pix", "boleto"})

    def __init__(
        self,
        *,
        access_token: str,
        webhook_secret: str,
        base_url: str = "https://api.mercadopago.com",
        notification_url: str = "",
        transport: httpx.BaseTransport | None = None,
        tolerance: int = 300,
    ) -> None:
        self._client = httpx.Client(
            base_url=base_url,
            transport=transport,
            timeout=httpx.Timeout(15.0, connect=5.0),
            headers={"Authorization": f"Bearer {access_token}"},
        )
        self._secret = webhook_secret
        self._notification_url = notification_url
        self._tolerance = tolerance

    @classmethod
    def from_settings(cls) -> MercadoPagoGateway:
        return cls(
            access_token=settings.MERCADOPAGO_ACCESS_TOKEN,
            webhook_secret=settings.MERCADOPAGO_WEBHOOK_SECRET,
            base_url=settings.MERCADOPAGO_API_URL,
            notification_url=f"{settings.JORNADA_BASE_URL}/api/v1/payments/webhooks/mercadopago",
            tolerance=settings.PAYMENT_WEBHOOK_TOLERANCE,
        )

    # -- HTTP -----------------------------------------------------------------------

    def _call(self, method: str, path: str, *, body: Any = None, key: str = "") -> httpx.Response:
        headers = {"X-Idempotency-Key": key} if key else {}
        try:
            response = self._client.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as error:
            raise GatewayError(f"mercadopago: {type(error).__name__}") from None
        if response.status_code >= 500 or response.status_code == 429:
            raise GatewayError(f"mercadopago: HTTP {response.status_code}")
        return response

    def _result(self, data: Mapping[str, Any]) -> ChargeResult:
        status = str(data.get("status", ""))
        refunded = Decimal(str(data.get("transaction_amount_refunded") or "0"))
        mapped = STATUS_MAP.get(status, S.PENDING)
        if status == "approved" and refunded > 0:
            mapped = S.PARTIALLY_REFUNDED
        transaction_data = (data.get("point_of_interaction") or {}).get("transaction_data") or {}
        barcode = (data.get("barcode") or {}).get("content", "") or ""
        expires = data.get("date_of_expiration")
        return ChargeResult(
            reference=str(data.get("id", "")),
            status=mapped,
            gateway_status=status,
            reason=str(data.get("status_detail", "")) if mapped == S.FAILED else "",
            amount=Decimal(str(data["transaction_amount"]))
            if "transaction_amount" in data
            else None,
            refunded=refunded,
            pix_copy_paste=str(transaction_data.get("qr_code", "") or ""),
            boleto_barcode=barcode if len(barcode) == 44 else "",
            redirect_url=str(
                (data.get("transaction_details") or {}).get("external_resource_url") or ""
            ),
            expires_at=dt.datetime.fromisoformat(expires) if expires else None,
        )

    # -- the protocol ---------------------------------------------------------------

    def authorize(self, request: ChargeRequest, *, now: dt.datetime) -> ChargeResult:
        body: dict[str, Any] = {
            "transaction_amount": _money(request.amount),
            "description": request.description,
            "external_reference": request.external_reference,
            "payer": {
                "email": request.payer.email,
                "first_name": request.payer.name.split(" ")[0],
                "identification": {
                    "type": "CNPJ" if len(request.payer.document) == 14 else "CPF",
                    "number": request.payer.document,
                },
            },
        }
        if self._notification_url.startswith("https://"):
            body["notification_url"] = self._notification_url
        if request.method in ("credit_card", "debit_card"):
            body.update(
                token=request.card_token,
                installments=request.instalments,
                payment_method_id=request.card_brand,
                capture=True,
            )
        else:
            body["payment_method_id"] = METHOD_IDS[request.method]
            if request.expires_at:
                body["date_of_expiration"] = request.expires_at.isoformat(timespec="milliseconds")
        response = self._call("POST", "/v1/payments", body=body, key=request.idempotency_key)
        data = response.json()
        if response.status_code >= 400:
            return ChargeResult(
                reference="",
                status=S.FAILED,
                gateway_status=str(data.get("error", response.status_code)),
                reason=str(data.get("message", "refused"))[:200],
            )
        result = self._result(data)
        if request.boleto_due_date and result.boleto_barcode:
            return ChargeResult(**{**_fields(result), "boleto_due_date": request.boleto_due_date})
        return result

    def capture(self, *, reference: str, amount: Decimal) -> ChargeResult:
        response = self._call(
            "PUT",
            f"/v1/payments/{reference}",
            body={"capture": True, "transaction_amount": _money(amount)},
        )
        return self._result(response.json())

    def void(self, *, reference: str) -> ChargeResult:
        response = self._call("PUT", f"/v1/payments/{reference}", body={"status": "cancelled"})
        return self._result(response.json())

    def refund(
        self, *, reference: str, amount: Decimal, idempotency_key: str, now: dt.datetime
    ) -> RefundResult:
        response = self._call(
            "POST",
            f"/v1/payments/{reference}/refunds",
            body={"amount": _money(amount)},
            key=idempotency_key,
        )
        data = response.json()
        if response.status_code >= 400 or data.get("status") not in ("approved", "in_process"):
            return RefundResult(
                reference="", accepted=False, reason=str(data.get("message", "refused"))
            )
        return RefundResult(reference=str(data["id"]), accepted=True)

    def query_status(self, *, reference: str) -> ChargeResult:
        response = self._call("GET", f"/v1/payments/{reference}")
        if response.status_code >= 400:
            raise GatewayError(f"mercadopago: payment {reference}: HTTP {response.status_code}")
        return self._result(response.json())

    def parse_webhook(
        self,
        *,
        body: bytes,
        headers: Mapping[str, str],
        query: Mapping[str, str],
        now: dt.datetime,
    ) -> WebhookMessage:
        if not self._secret:
            raise WebhookRejected("webhook secret not configured")
        lower = {k.lower(): v for k, v in headers.items()}
        parts = dict(
            part.strip().split("=", 1)
            for part in lower.get("x-signature", "").split(",")
            if "=" in part
        )
        request_id = lower.get("x-request-id", "")
        data_id = query.get("data.id", "")
        if not parts.get("ts") or not parts.get("v1") or not data_id:
            raise WebhookRejected("missing signature")
        try:
            ts = int(parts["ts"])
        except ValueError:
            raise WebhookRejected("bad timestamp") from None
        seconds = ts / 1000 if ts > 10**11 else ts  # Mercado Pago sends milliseconds
        if abs(now.timestamp() - seconds) > self._tolerance:
            raise WebhookRejected("stale timestamp")
        data_id = data_id.lower() if data_id.isalnum() else data_id
        manifest = f"id:{data_id};request-id:{request_id};ts:{parts['ts']};"
        expected = hmac.new(self._secret.encode(), manifest.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected.encode(), parts["v1"].encode()):
            raise WebhookRejected("bad signature")
        try:
            event = json.loads(body)
            return WebhookMessage(
                event_id=str(event["id"]),
                event_type=str(event.get("action") or event.get("type", "")),
                reference=str(event["data"]["id"]),
                occurred_at=dt.datetime.fromisoformat(event["date_created"]),
                status=None,  # Mercado Pago's webhook says only "it changed"
                raw=event,
            )
        except (ValueError, KeyError, TypeError) as error:
            raise WebhookRejected(f"malformed body: {type(error).__name__}") from None

    def settlement_report(self, *, start: dt.date, end: dt.date) -> str:
        """Payments created in the period, in the sandbox's CSV format."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            [
                "reference",
                "external_reference",
                "method",
                "status",
                "amount",
                "refunded",
                "currency",
            ]
        )
        offset = 0
        while True:
            response = self._call(
                "GET",
                "/v1/payments/search?"
                + f"range=date_created&begin_date={start.isoformat()}T00:00:00Z"
                + f"&end_date={end.isoformat()}T23:59:59Z&offset={offset}&limit=100",
            )
            results = response.json().get("results", [])
            for data in results:
                result = self._result(data)
                method = data.get("payment_type_id", "")
                writer.writerow(
                    [
                        result.reference,
                        data.get("external_reference", ""),
                        {"bank_transfer": "pix", "ticket": "boleto"}.get(method, method),
                        result.status,
                        f"{result.amount or 0:.2f}",
                        f"{result.refunded:.2f}",
                        data.get("currency_id", "BRL"),
                    ]
                )
            if len(results) < 100:
                return buffer.getvalue()
            offset += 100


def _fields(result: ChargeResult) -> dict[str, Any]:
    return {name: getattr(result, name) for name in result.__dataclass_fields__}
