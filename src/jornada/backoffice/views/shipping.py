"""The shipping page: today's shipments per carrier with the manifest and the hand-off at
pickup, and the late and at-risk lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from jornada.backoffice.access import allowed, capability_required
from jornada.backoffice.logistics import carrier_handoff_by_staff, manifest_generate_by_staff
from jornada.backoffice.views.common import client_ip
from jornada.brazil.business_days import SAO_PAULO, local_date
from jornada.core.errors import DomainError
from jornada.shipping import selectors as shipping_selectors
from jornada.shipping.models import Carrier, CarrierKind, Manifest, Shipment
from jornada.shipping.states import ShipmentStatus

LIST_LIMIT = 200
#: the late, at-risk and must-leave lists show the oldest this many (the ones to act on
#: first); the page says when there are more
ATTENTION_LIMIT = 50
#: what the late and at-risk lists show (not each order's 30-odd columns)
LIST_FIELDS = (
    "tracking_code",
    "status",
    "promised_date",
    "order__number",
    "service__carrier__name",
)


def _carrier_groups(
    request: HttpRequest, today: dt.date, *, only: str | None = None
) -> list[dict[str, Any]]:
    """Today's shipments per carrier, with the day's manifest and what is left to hand
    over (counted in one grouped query, whatever the list limit cut)."""
    # The day as a range of instants (São Paulo midnight to midnight): a date cast of
    # ``created_at`` would read every shipment ever made; the range reads the index.
    start = dt.datetime.combine(today, dt.time.min, tzinfo=SAO_PAULO)
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, tzinfo=SAO_PAULO)
    todays = Shipment.objects.filter(created_at__gte=start, created_at__lt=end)
    if only is not None:
        todays = todays.filter(service__carrier__code=only)
    shipments = (
        todays.select_related("service__carrier", "order")
        .only(
            "tracking_code",
            "status",
            "label_document_id",
            "manifest",
            "order__number",
            "service__carrier__code",
            "service__carrier__name",
            "service__carrier__kind",
        )
        .order_by("service__carrier__name", "id")[:LIST_LIMIT]
    )
    can_handoff = allowed(request.user, "shipping.handoff")
    carriers: dict[str, dict[str, Any]] = {}

    def group(carrier: Carrier) -> dict[str, Any]:
        return carriers.setdefault(
            carrier.code,
            {
                "code": carrier.code,
                "name": carrier.name,
                "shipments": [],
                "manifest": None,
                "total": 0,
                "off_manifest": 0,
                "to_hand_over": 0,
                "can_handoff": can_handoff and carrier.kind != CarrierKind.PICKUP,
            },
        )

    for shipment in shipments:
        group(shipment.service.carrier)["shipments"].append(shipment)
    manifests = Manifest.objects.filter(date=today).select_related("carrier")
    if only is not None:
        manifests = manifests.filter(carrier__code=only)
    for manifest in manifests:
        group(manifest.carrier)["manifest"] = manifest
    open_ = ~Q(status=ShipmentStatus.CANCELLED)
    counts = (
        todays.order_by()
        .values("service__carrier__code")
        .annotate(
            total=Count("pk"),
            off_manifest=Count("pk", filter=Q(manifest__isnull=True) & open_),
            to_hand_over=Count(
                "pk", filter=Q(manifest__isnull=False, status=ShipmentStatus.CREATED)
            ),
        )
    )
    for row in counts:
        found = carriers.get(row["service__carrier__code"])
        if found is not None:
            found.update(
                total=row["total"],
                off_manifest=row["off_manifest"],
                to_hand_over=row["to_hand_over"],
            )
    return list(carriers.values())


@require_GET
@capability_required("shipping.view")
def shipping_today(request: HttpRequest) -> HttpResponse:
    today = local_date(timezone.now())
    late = list(shipping_selectors.shipments_late().only(*LIST_FIELDS)[: ATTENTION_LIMIT + 1])
    at_risk = list(shipping_selectors.shipments_at_risk().only(*LIST_FIELDS)[: ATTENTION_LIMIT + 1])
    unshipped = shipping_selectors.orders_at_risk_before_shipping(
        today=today, limit=ATTENTION_LIMIT + 1
    )
    context = {
        "today": today,
        "carriers": _carrier_groups(request, today),
        "late": late[:ATTENTION_LIMIT],
        "late_more": len(late) > ATTENTION_LIMIT,
        "at_risk": at_risk[:ATTENTION_LIMIT],
        "at_risk_more": len(at_risk) > ATTENTION_LIMIT,
        "unshipped": unshipped[:ATTENTION_LIMIT],
        "unshipped_more": len(unshipped) > ATTENTION_LIMIT,
        "attention_limit": ATTENTION_LIMIT,
    }
    return render(request, "backoffice/shipping/today.html", context)


def _answer(
    request: HttpRequest,
    carrier_code: str,
    today: dt.date,
    *,
    message: str,
    error: DomainError | None = None,
) -> HttpResponse:
    """htmx: the carrier's block and the message in the live region; without
    JavaScript: back to the shipping page with the message."""
    if error is not None:
        details = [str(m) for found in (error.fields or {}).values() for m in found]
        message = " ".join([str(error.message), *details])
    if request.htmx:  # type: ignore[attr-defined]
        groups = _carrier_groups(request, today, only=carrier_code)
        context = {
            "carrier": groups[0] if groups else None,
            "carrier_code": carrier_code,
            "message": message,
            "error": error is not None,
        }
        status = error.status if error is not None else 200
        return render(request, "backoffice/shipping/carrier_answer.html", context, status=status)
    if error is not None:
        messages.error(request, message)
    else:
        messages.success(request, message)
    return redirect("backoffice:shipping_today")


@require_POST
@capability_required("shipping.handoff")
def manifest_generate(request: HttpRequest, carrier: str) -> HttpResponse:
    today = local_date(timezone.now())
    try:
        outcome = manifest_generate_by_staff(
            carrier_code=carrier, date=today, user=request.user, ip_address=client_ip(request)
        )
    except DomainError as error:
        return _answer(request, carrier, today, message="", error=error)
    if not outcome.added:
        text = _("The manifest is up to date: every shipment of today is on it.")
    else:
        text = ngettext(
            "Manifest generated: %(n)d shipment added.",
            "Manifest generated: %(n)d shipments added.",
            outcome.added,
        ) % {"n": outcome.added}
    return _answer(request, carrier, today, message=text)


@require_POST
@capability_required("shipping.handoff")
def carrier_handoff(request: HttpRequest, carrier: str) -> HttpResponse:
    today = local_date(timezone.now())
    try:
        outcome = carrier_handoff_by_staff(
            carrier_code=carrier, date=today, user=request.user, ip_address=client_ip(request)
        )
    except DomainError as error:
        return _answer(request, carrier, today, message="", error=error)
    name = outcome.manifest.carrier.name
    if outcome.posted:
        text = ngettext(
            "Handed to %(carrier)s: %(n)d shipment posted.",
            "Handed to %(carrier)s: %(n)d shipments posted.",
            len(outcome.posted),
        ) % {"carrier": name, "n": len(outcome.posted)}
    else:
        text = _(
            "Nothing to hand over: every shipment on the manifest was handed to %(carrier)s "
            "already. Nothing changed."
        ) % {"carrier": name}
    if outcome.not_on_manifest:
        text += " " + ngettext(
            "%(n)d shipment is not on the manifest yet: generate it again.",
            "%(n)d shipments are not on the manifest yet: generate it again.",
            outcome.not_on_manifest,
        ) % {"n": outcome.not_on_manifest}
    return _answer(request, carrier, today, message=text)
