"""Back-office writes of the warehouse and of buying: the carrier's manifest and pickup,
and a purchase order's life (send, supplier's confirmation, receiving).

Each calls the owning app's service and logs the staff action in the same transaction;
a refusal raises ``DomainError`` naming the field and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jornada.backoffice.models import StaffActionKind
from jornada.backoffice.services import staff_action_record, user_label
from jornada.brazil.business_days import local_date
from jornada.core.errors import Conflict, DomainError, NotFound, TransitionNotAllowed
from jornada.inventory import purchasing
from jornada.inventory.models import PurchaseOrder, PurchaseOrderStatus
from jornada.inventory.states import po_transition_allowed
from jornada.shipping.handoff import (
    HandOff,
    handoff_carrier,
    manifest_hand_off,
    shipments_off_manifest,
)
from jornada.shipping.models import Manifest
from jornada.shipping.sla import manifest_create

# --- the carrier's manifest and pickup ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class ManifestOutcome:
    manifest: Manifest
    #: shipments put on the manifest by this call (0: it was up to date, nothing written)
    added: int


def manifest_generate_by_staff(
    *, carrier_code: str, date: dt.date, user: Any, ip_address: str | None = None
) -> ManifestOutcome:
    """The carrier's manifest of ``date`` through shipping (PDF stored as a document):
    made, or remade with the shipments made since. When every shipment of the day is on
    it already, nothing is written and ``added`` is 0."""
    carrier = handoff_carrier(carrier_code)
    with transaction.atomic():
        existing = Manifest.objects.filter(carrier=carrier, date=date).first()
        pending = shipments_off_manifest(carrier=carrier, date=date)
        if not pending:
            if existing is not None:
                return ManifestOutcome(manifest=existing, added=0)
            raise DomainError(
                _("%(carrier)s has no shipments on this day to list.") % {"carrier": carrier.name},
                code="manifest_empty",
                fields={"carrier": [_("No shipments to list.")]},
            )
        manifest = manifest_create(carrier_code=carrier.code, date=date)
        staff_action_record(
            user=user,
            kind=StaffActionKind.MANIFEST_CREATED,
            params={
                "carrier": carrier.code,
                "date": date.isoformat(),
                "manifest": manifest.pk,
                "document": manifest.document_id,
                "added": pending,
                "shipments": manifest.shipments.count(),
            },
            ip_address=ip_address,
        )
    return ManifestOutcome(manifest=manifest, added=pending)


def carrier_handoff_by_staff(
    *, carrier_code: str, date: dt.date, user: Any, ip_address: str | None = None
) -> HandOff:
    """The carrier picked up the manifest of ``date``: its parcels are posted through
    shipping. A second hand-off finds nothing to post and writes nothing (not even the
    log row)."""
    with transaction.atomic():
        outcome = manifest_hand_off(
            carrier_code=carrier_code, date=date, handed_by=user_label(user)
        )
        if outcome.posted:
            staff_action_record(
                user=user,
                kind=StaffActionKind.CARRIER_HANDOFF,
                params={
                    "carrier": carrier_code,
                    "date": date.isoformat(),
                    "manifest": outcome.manifest.pk,
                    "shipments": outcome.posted,
                },
                ip_address=ip_address,
            )
    return outcome


# --- purchase orders ------------------------------------------------------------------------


def _locked_purchase_order(purchase_order_id: int) -> PurchaseOrder:
    """The purchase order, row-locked for the caller's transaction (the inventory service
    locks it again in the same transaction), so checks and change see the same row."""
    query = PurchaseOrder.objects.filter(pk=purchase_order_id)
    if connection.features.has_select_for_update:
        query = query.select_for_update(of=("self",))
    found = query.select_related("supplier").first()
    if found is None:
        raise NotFound(_("Purchase order not found."), code="purchase_order_not_found")
    return found


def _status_label(purchase_order: PurchaseOrder) -> str:
    return str(PurchaseOrderStatus(purchase_order.status).label)


def purchase_order_send_by_staff(
    *, purchase_order_id: int, user: Any, ip_address: str | None = None
) -> PurchaseOrder:
    """Draft -> sent through inventory: the PDF is stored and, after commit, emailed to
    the supplier (and posted to its webhook). Sent already: refused, nothing written."""
    with transaction.atomic():
        current = _locked_purchase_order(purchase_order_id)
        if current.status != PurchaseOrderStatus.DRAFT:
            raise TransitionNotAllowed(
                _("%(number)s is %(status)s already; only a draft is sent.")
                % {"number": current.number, "status": _status_label(current)},
                fields={"status": [_("Not allowed from the current status.")]},
            )
        sent = purchasing.purchase_order_send(purchase_order_id=current.pk)
        staff_action_record(
            user=user,
            kind=StaffActionKind.PURCHASE_ORDER_SENT,
            params={
                "purchase_order": sent.number,
                "supplier": current.supplier.name,
                "document": sent.document_id,
            },
            ip_address=ip_address,
        )
    return sent


def purchase_order_confirm_by_staff(
    *,
    purchase_order_id: int,
    expected: dt.date | None,
    user: Any,
    ip_address: str | None = None,
) -> PurchaseOrder:
    """Sent -> confirmed through inventory, with the date the supplier promised (copied
    to the orders that wait for it). Not sent, confirmed already, or a date already
    past: refused."""
    if expected is not None and expected < local_date(timezone.now()):
        raise DomainError(
            _("The expected date has passed."),
            code="expected_date_invalid",
            fields={"expected_date": [_("Give today or a later date.")]},
        )
    with transaction.atomic():
        current = _locked_purchase_order(purchase_order_id)
        if current.status != PurchaseOrderStatus.SENT:
            raise TransitionNotAllowed(
                _("%(number)s is %(status)s; only a sent purchase order is confirmed.")
                % {"number": current.number, "status": _status_label(current)},
                fields={"status": [_("Not allowed from the current status.")]},
            )
        confirmed = purchasing.purchase_order_confirm(
            purchase_order_id=current.pk, expected=expected
        )
        staff_action_record(
            user=user,
            kind=StaffActionKind.PURCHASE_ORDER_CONFIRMED,
            params={
                "purchase_order": confirmed.number,
                "expected_date": expected.isoformat() if expected else "",
            },
            ip_address=ip_address,
        )
    return confirmed


def purchase_order_receive_by_staff(
    *,
    purchase_order_id: int,
    received: Mapping[str, int],
    received_before: int | None,
    user: Any,
    ip_address: str | None = None,
) -> PurchaseOrder:
    """Goods arrived: ``received`` units per SKU go into stock through inventory (waiting
    orders first); the purchase order is received once every line is.

    ``received_before`` is how many units the form showed as received: when the order
    received more since (the same form sent twice, or a colleague), it is refused, so a
    double submit never counts goods twice. Dropship orders never reach the warehouse.
    """
    with transaction.atomic():
        current = _locked_purchase_order(purchase_order_id)
        if current.status == PurchaseOrderStatus.RECEIVED:
            raise Conflict(
                _("%(number)s was received in full already; nothing changed.")
                % {"number": current.number},
                code="already_received",
                fields={"status": [_("Received already.")]},
            )
        if not po_transition_allowed(current.status, PurchaseOrderStatus.RECEIVED):
            raise TransitionNotAllowed(
                _("%(number)s is %(status)s; it cannot be received.")
                % {"number": current.number, "status": _status_label(current)},
                fields={"status": [_("Not allowed from the current status.")]},
            )
        if current.dropship:
            raise DomainError(
                _("A dropship order goes from the supplier to the customer, not to the warehouse."),
                code="dropship_not_received",
                fields={"received": [_("Dropship orders are not received here.")]},
            )
        lines = {line.sku: line for line in current.lines.all()}
        so_far = sum(line.quantity_received for line in lines.values())
        if received_before is not None and received_before != so_far:
            raise Conflict(
                _(
                    "%(number)s received other goods since this page was opened; "
                    "check the quantities and send again."
                )
                % {"number": current.number},
                code="purchase_order_changed",
                fields={"received": [_("Changed meanwhile.")]},
            )
        errors: dict[str, list[Any]] = {}
        for sku, quantity in received.items():
            line = lines.get(sku)
            if line is None:
                errors[f"received.{sku}"] = [_("Not on this purchase order.")]
            elif quantity < 0:
                errors[f"received.{sku}"] = [_("Write 0 or more.")]
            elif line.quantity_received + quantity > line.quantity:
                errors[f"received.{sku}"] = [
                    _("At most %(left)d (%(ordered)d ordered, %(received)d received).")
                    % {
                        "left": line.quantity - line.quantity_received,
                        "ordered": line.quantity,
                        "received": line.quantity_received,
                    }
                ]
        if errors:
            raise DomainError(_("Check the quantities received."), fields=errors)
        counts = {sku: quantity for sku, quantity in received.items() if quantity > 0}
        if not counts:
            raise DomainError(
                _("Write how many units arrived of at least one item."),
                code="nothing_received",
                fields={"received": [_("Nothing received.")]},
            )
        done = purchasing.purchase_order_receive(
            purchase_order_id=current.pk, received=counts, actor_label=user_label(user)
        )
        staff_action_record(
            user=user,
            kind=StaffActionKind.PURCHASE_ORDER_RECEIVED,
            params={
                "purchase_order": done.number,
                "received": {sku: counts[sku] for sku in sorted(counts)},
                "complete": done.status == PurchaseOrderStatus.RECEIVED,
            },
            ip_address=ip_address,
        )
    return done
