"""The sandbox gateway: the embedded default, behaving like a real gateway.

It keeps its own books (``SandboxCharge``), answers ``authorize`` at once with a
pending charge (Pix code, boleto line or PayPal redirect) and confirms later, through
timers the worker fires and signed webhooks posted to Jornada's own endpoint
(``sandbox_delivery``). Outcomes are chosen the way gateways' test modes do:

- cards: the token the checkout got from the sandbox tokeniser for a test card number
  (``sandbox_card_token``; see ``TEST_CARDS``): approved, declined, insufficient funds,
  or approved and charged back later;
- Pix, boleto, PayPal: paid after a delay, unless the payer's e-mail carries a tag:
  ``+expire`` (never paid: the Pix code or PayPal approval expires), ``+overdue`` (the
  boleto passes its due date unpaid), ``+decline`` (PayPal refuses), ``+chargeback``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets
import uuid
from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from jornada.brazil.boleto import boleto_build
from jornada.brazil.pix import pix_build, pix_dynamic
from jornada.core.scheduler import timer_schedule
from jornada.payments.adapters.base import (
    ChargeRequest,
    ChargeResult,
    GatewayError,
    RefundResult,
    SettlementRow,
    WebhookMessage,
    WebhookRejected,
    standard_verify,
)
from jornada.payments.cards import luhn_valid
from jornada.payments.models import SandboxCharge, SandboxWebhook
from jornada.payments.states import PaymentStatus, transition_allowed

S = PaymentStatus
ADVANCE_JOB = "payments.sandbox_advance"
SANDBOX_BANK = "999"
TOKEN_PREFIX = "tok_sandbox_"  # noqa: S105 - a public prefix, not a secret

# Test card numbers (public, like every gateway's test cards) and what they do.
TEST_CARDS: dict[str, str] = {
    "4111111111111111": "approved",
    "5555555555554444": "approved",
    "4000000000000002": "declined",
    "4000000000009995": "insufficient_funds",
    "4000000000000259": "chargeback",
}
CARD_SCENARIOS = frozenset(TEST_CARDS.values())
EMAIL_TAGS = ("expire", "overdue", "decline", "chargeback")
# Disputes come long after the sale (days, in real life).
CHARGEBACK_AFTER = dt.timedelta(days=1)


def sandbox_card_token(number: str) -> str:
    """What the sandbox's browser tokeniser returns for a test card (never sent to Jornada).

    Unknown or invalid numbers tokenise as declined, like a real gateway's test mode.
    """
    digits = "".join(ch for ch in number if ch.isdigit())
    scenario = TEST_CARDS.get(digits, "declined") if luhn_valid(digits) else "declined"
    return f"{TOKEN_PREFIX}{scenario}_{secrets.token_hex(6)}"


def _card_scenario(token: str) -> str:
    if not token.startswith(TOKEN_PREFIX):
        return "invalid_token"
    scenario = token.removeprefix(TOKEN_PREFIX).rsplit("_", 1)[0]
    return scenario if scenario in CARD_SCENARIOS else "invalid_token"


def _email_scenario(email: str) -> str:
    local = email.split("@", 1)[0]
    for tag in EMAIL_TAGS:
        if f"+{tag}" in local:
            return tag
    return "approved"


def _result(charge: SandboxCharge, **extra: object) -> ChargeResult:
    return ChargeResult(
        reference=charge.reference,
        status=charge.status,
        gateway_status=charge.status,
        amount=charge.amount,
        refunded=charge.refunded,
        expires_at=charge.expires_at,
        **extra,  # type: ignore[arg-type]
    )


def _locked(reference: str) -> SandboxCharge:
    query = SandboxCharge.objects.filter(reference=reference)
    if connection.features.has_select_for_update:
        query = query.select_for_update()
    charge = query.first()
    if charge is None:
        raise GatewayError(f"sandbox: no charge {reference}")
    return charge


def _advance_at(charge: SandboxCharge, due: dt.datetime, to: str, reason: str = "") -> None:
    timer_schedule(
        job=ADVANCE_JOB,
        due_at=due,
        key=f"sandbox:{charge.reference}:{to}",
        payload={"reference": charge.reference, "to": to, "reason": reason},
    )


class SandboxGateway:
    name = "sandbox"
    methods = frozenset({"credit_card", "debit_card", "pix", "boleto", "paypal"})

    # -- the protocol ---------------------------------------------------------------

    def authorize(self, request: ChargeRequest, *, now: dt.datetime) -> ChargeResult:
        with transaction.atomic():
            existing = SandboxCharge.objects.filter(idempotency_key=request.idempotency_key).first()
            if existing is not None:  # a retried call: the same charge, as it is now
                return self._describe(existing)
            if request.method in ("credit_card", "debit_card"):
                scenario = _card_scenario(request.card_token)
            else:
                scenario = _email_scenario(request.payer.email)
            charge = SandboxCharge.objects.create(
                reference=f"sbx_{uuid.uuid4().hex[:20]}",
                idempotency_key=request.idempotency_key,
                external_reference=request.external_reference,
                method=request.method,
                scenario=scenario,
                status=S.PENDING,
                amount=request.amount,
                currency=request.currency,
                instalments=request.instalments,
                expires_at=request.expires_at,
                due_date=request.boleto_due_date,
                created_at=now,
                updated_at=now,
            )
            self._plan(charge, request, now=now)
            return self._describe(charge)

    def _plan(self, charge: SandboxCharge, request: ChargeRequest, *, now: dt.datetime) -> None:
        """Schedule what will happen to the charge, as the gateway's back end would."""
        confirm = now + dt.timedelta(seconds=settings.SANDBOX_CONFIRM_SECONDS)
        scenario = charge.scenario
        expiry = request.expires_at or now + dt.timedelta(hours=1)
        if charge.method in ("credit_card", "debit_card"):
            if scenario in ("approved", "chargeback"):
                _advance_at(charge, confirm, S.AUTHORIZED)
                _advance_at(charge, confirm, S.PAID)
                if scenario == "chargeback":
                    _advance_at(charge, confirm + CHARGEBACK_AFTER, S.CHARGED_BACK)
            else:
                _advance_at(charge, confirm, S.FAILED, scenario)
            return
        if scenario in ("expire", "overdue"):
            _advance_at(charge, expiry, S.EXPIRED, scenario)
            return
        if scenario == "decline":
            _advance_at(charge, confirm, S.FAILED, "declined")
            return
        delay = {
            "pix": settings.SANDBOX_PIX_PAY_SECONDS,
            "boleto": settings.SANDBOX_BOLETO_PAY_SECONDS,
        }.get(charge.method, settings.SANDBOX_CONFIRM_SECONDS)
        paid_at = now + dt.timedelta(seconds=delay)
        _advance_at(charge, paid_at, S.PAID)
        if scenario == "chargeback":
            _advance_at(charge, paid_at + CHARGEBACK_AFTER, S.CHARGED_BACK)

    def _describe(self, charge: SandboxCharge) -> ChargeResult:
        if charge.method == "pix":
            from jornada.core.store import store_profile

            code = pix_dynamic(
                url=f"pix.sandbox.jornada.dev/qr/v2/{charge.reference}",
                merchant_name=store_profile().name,
                merchant_city="SAO PAULO",
                amount=charge.amount,
            )
            return _result(charge, pix_copy_paste=pix_build(code))
        if charge.method == "boleto":
            due = charge.due_date or (charge.expires_at or charge.created_at).date()
            boleto = boleto_build(
                bank=SANDBOX_BANK,
                free_field=f"{charge.pk:025d}",
                due_date=due,
                amount=charge.amount,
            )
            return _result(charge, boleto_barcode=boleto.barcode, boleto_due_date=due)
        if charge.method == "paypal":
            return _result(
                charge,
                redirect_url=f"https://paypal.sandbox.jornada.dev/checkoutnow?token={charge.reference}",
            )
        return _result(charge, reason=charge.scenario if charge.status == S.FAILED else "")

    def capture(self, *, reference: str, amount: Decimal) -> ChargeResult:
        with transaction.atomic():
            charge = _locked(reference)
            if charge.status == S.AUTHORIZED:
                _move(charge, S.PAID, reason="", now=timezone.now())
            return self._describe(charge)

    def void(self, *, reference: str) -> ChargeResult:
        with transaction.atomic():
            charge = _locked(reference)
            if charge.status in (S.PENDING, S.AUTHORIZED):
                _move(charge, S.EXPIRED, reason="voided", now=timezone.now(), notify=False)
            return self._describe(charge)

    def refund(
        self, *, reference: str, amount: Decimal, idempotency_key: str, now: dt.datetime
    ) -> RefundResult:
        with transaction.atomic():
            charge = _locked(reference)
            if charge.status not in (S.PAID, S.PARTIALLY_REFUNDED):
                return RefundResult(reference="", accepted=False, reason="charge_not_paid")
            if amount <= 0 or amount > charge.amount - charge.refunded:
                return RefundResult(reference="", accepted=False, reason="amount_exceeds_balance")
            charge.refunded += amount
            target = S.REFUNDED if charge.refunded == charge.amount else S.PARTIALLY_REFUNDED
            _move(charge, target, reason="", now=now)
            return RefundResult(reference=f"rf_{idempotency_key[-24:]}", accepted=True)

    def query_status(self, *, reference: str) -> ChargeResult:
        charge = SandboxCharge.objects.filter(reference=reference).first()
        if charge is None:
            raise GatewayError(f"sandbox: no charge {reference}")
        return self._describe(charge)

    def parse_webhook(
        self,
        *,
        body: bytes,
        headers: Mapping[str, str],
        query: Mapping[str, str],
        now: dt.datetime,
    ) -> WebhookMessage:
        import json

        _msg_id, _ts = standard_verify(
            secret=settings.SANDBOX_WEBHOOK_SECRET,
            headers=headers,
            body=body,
            now=now,
            tolerance=settings.PAYMENT_WEBHOOK_TOLERANCE,
        )
        try:
            event = json.loads(body)
            data = event["data"]
            return WebhookMessage(
                event_id=str(event["id"]),
                event_type=str(event["type"]),
                reference=str(data["reference"]),
                occurred_at=dt.datetime.fromisoformat(event["created"]),
                status=str(data["status"]),
                reason=str(data.get("reason", "")),
                refunded=Decimal(str(data.get("refunded", "0"))),
                raw=event,
            )
        except (ValueError, KeyError, TypeError) as error:
            raise WebhookRejected(f"malformed body: {type(error).__name__}") from None

    def settlement_report(self, *, start: dt.date, end: dt.date) -> str:
        """The sandbox's settlement CSV for charges created between two dates."""
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
        charges = SandboxCharge.objects.filter(
            created_at__date__gte=start, created_at__date__lte=end
        ).order_by("id")
        for charge in charges:
            writer.writerow(
                [
                    charge.reference,
                    charge.external_reference,
                    charge.method,
                    charge.status,
                    f"{charge.amount:.2f}",
                    f"{charge.refunded:.2f}",
                    charge.currency,
                ]
            )
        return buffer.getvalue()


def settlement_parse(text: str) -> list[SettlementRow]:
    """Rows of a settlement CSV in the sandbox's format (header first)."""
    reader = csv.DictReader(io.StringIO(text))
    return [
        SettlementRow(
            reference=row["reference"],
            external_reference=row["external_reference"],
            method=row["method"],
            status=row["status"],
            amount=Decimal(row["amount"]),
            refunded=Decimal(row["refunded"]),
            currency=row["currency"],
        )
        for row in reader
    ]


# --- the gateway's back end: moving charges and telling the store ----------------------


def _move(
    charge: SandboxCharge, target: str, *, reason: str, now: dt.datetime, notify: bool = True
) -> None:
    charge.status = target
    charge.updated_at = now
    charge.save(update_fields=["status", "refunded", "updated_at"])
    if notify:
        webhook_emit(charge, reason=reason, now=now)


def webhook_emit(charge: SandboxCharge, *, reason: str, now: dt.datetime) -> SandboxWebhook:
    """Record a webhook about the charge as it is now and queue its delivery."""
    from jornada.payments.adapters.sandbox_delivery import sandbox_webhook_deliver

    event_id = f"evt_{uuid.uuid4().hex}"
    webhook = SandboxWebhook.objects.create(
        event_id=event_id,
        body={
            "id": event_id,
            "type": f"charge.{charge.status}",
            "created": now.isoformat(),
            "data": {
                "reference": charge.reference,
                "external_reference": charge.external_reference,
                "method": charge.method,
                "status": charge.status,
                "amount": f"{charge.amount:.2f}",
                "refunded": f"{charge.refunded:.2f}",
                "reason": reason,
            },
        },
        created_at=now,
    )
    sandbox_webhook_deliver.enqueue(webhook.pk)
    return webhook


def sandbox_advance(payload: dict[str, str]) -> None:
    """Timer job: the gateway's back end moves a charge (paid, failed, expired...)."""
    with transaction.atomic():
        charge = _locked(payload["reference"])
        target = payload["to"]
        if not transition_allowed(charge.status, target):
            return  # already refunded, voided or expired: nothing happens any more
        _move(charge, target, reason=payload.get("reason", ""), now=timezone.now())


def sandbox_simulate(*, reference: str, to: str, reason: str = "") -> None:
    """Make something happen now (tests and demos): ``paid``, ``expired``, ``charged_back``."""
    sandbox_advance({"reference": reference, "to": to, "reason": reason})
