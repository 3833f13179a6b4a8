"""Shipments: handing packages to a carrier, following them, and proving delivery.

Tracking events come in by signed webhook or by polling and go through one path,
``tracking_apply``: each event is stored once (by its carrier id), and only an event
at least as recent as the last applied one moves the shipment, along the table in
``states.py``. So late, repeated or reordered events are kept and change nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from jornada.brazil.business_days import local_date
from jornada.brazil.cep import cep_format
from jornada.brazil.documents import tax_id_mask, tax_id_mask_or
from jornada.brazil.errors import DocumentError
from jornada.brazil.money import Money, money_format
from jornada.core.documents import document_store
from jornada.core.errors import Conflict, DomainError, NotFound, TransitionNotAllowed
from jornada.core.store import store_profile
from jornada.fulfillment.models import Package, PackageStatus
from jornada.fulfillment.services import packages_mark_shipped
from jornada.orders import services as orders
from jornada.orders.models import Order
from jornada.orders.states import OrderStatus
from jornada.orders.types import Actor
from jornada.shipping import events
from jornada.shipping.adapters.base import CarrierAdapter, CarrierEvent, ShipmentRequest
from jornada.shipping.labels import LabelData, Party, label_pdf
from jornada.shipping.models import (
    Carrier,
    CarrierKind,
    CarrierService,
    InboundWebhook,
    ProofOfDelivery,
    Shipment,
    TrackingEvent,
)
from jornada.shipping.services import delivery_promise_for_order
from jornada.shipping.states import ShipmentStatus, status_applies

SANDBOX_ADAPTER = "jornada.shipping.adapters.sandbox.SandboxCarrier"


class ShipmentNotFound(NotFound):
    code = "shipment_not_found"


def adapter_for(carrier: Carrier) -> CarrierAdapter:
    return import_string(carrier.adapter)()  # type: ignore[no-any-return]


def carrier_secret(carrier: Carrier) -> str:
    if carrier.webhook_secret:
        return carrier.webhook_secret
    return settings.SHIPPING_SANDBOX_WEBHOOK_SECRET if carrier.adapter == SANDBOX_ADAPTER else ""


def tracking_url(carrier: Carrier, code: str) -> str:
    if carrier.tracking_url:
        return carrier.tracking_url.replace("{code}", code)
    return f"{settings.JORNADA_BASE_URL}/rastreio/{code}"


def _locked(shipment_id: int) -> Shipment:
    query = Shipment.objects.filter(pk=shipment_id).select_related("service__carrier")
    if connection.features.has_select_for_update:
        query = query.select_for_update(of=("self",))
    shipment = query.first()
    if shipment is None:
        raise ShipmentNotFound(_("Shipment not found."))
    return shipment


# --- creating a shipment ----------------------------------------------------------------


def _address_lines(order: Order) -> tuple[str, ...]:
    street = f"{order.ship_logradouro}, {order.ship_numero}"
    if order.ship_complemento:
        street += f", {order.ship_complemento}"
    return (street, order.ship_bairro, f"{order.ship_cidade}/{order.ship_uf}")


def _sender() -> Party:
    store = store_profile()
    street = ", ".join(p for p in (store.logradouro, store.numero, store.complemento) if p)
    lines = tuple(p for p in (street, store.bairro, f"{store.cidade}/{store.uf}".strip("/")) if p)
    return Party(name=store.name, lines=lines, cep=cep_format(store.cep) if store.cep else "")


def _dimensions(packages: Sequence[Package]) -> tuple[int, int, int]:
    """The largest package's outer size (platforms quote one volume per label)."""
    sizes = [(p.length_mm, p.width_mm, p.height_mm) for p in packages]
    return max(sizes, key=lambda s: s[0] * s[1] * s[2]) if sizes else (0, 0, 0)


def _sender_fields() -> dict[str, str]:
    store = store_profile()
    return {
        "name": store.name,
        "document": store.document,
        "email": store.email,
        "phone": store.phone,
        "street": store.logradouro,
        "number": store.numero,
        "complement": store.complemento,
        "district": store.bairro,
        "city": store.cidade,
        "uf": store.uf,
        "cep": store.cep,
    }


def shipment_create(
    *,
    order_id: int,
    actor: Actor,
    package_ids: Sequence[int] | None = None,
    service_code: str | None = None,
    now: dt.datetime | None = None,
) -> Shipment:
    """Hand closed packages to a carrier: tracking code, label, and the order's move to
    shipped (or partially shipped while other items are still to come).

    ``package_ids`` None: every closed package of the order. The service is the one
    promised unless another is named.
    """
    now = now or timezone.now()
    with transaction.atomic():
        order = orders._locked(order_id)
        if order.status not in (OrderStatus.IN_FULFILMENT, OrderStatus.PARTIALLY_SHIPPED):
            raise TransitionNotAllowed(
                _("Only an order being fulfilled can be shipped."),
                fields={"status": [_("Not allowed from the current status.")]},
            )
        query = Package.objects.filter(order_id=order_id, status=PackageStatus.CLOSED)
        if package_ids is not None:
            query = query.filter(pk__in=list(package_ids))
        packages = list(query.order_by("number"))
        if not packages or (package_ids is not None and len(packages) != len(set(package_ids))):
            raise DomainError(
                _("Choose packed packages of this order that were not shipped yet."),
                code="packages_invalid",
                fields={"package_ids": [_("Not packed, already shipped or not of this order.")]},
            )
        promise = delivery_promise_for_order(order_id=order_id, now=now)
        service = promise.service
        if service_code and service_code != service.code:
            found = CarrierService.objects.filter(code=service_code, is_active=True).first()
            if found is None:
                raise DomainError(
                    _("Unknown carrier service."),
                    code="service_invalid",
                    fields={"service": [_("Unknown carrier service.")]},
                )
            service = found
        carrier = service.carrier
        weight = sum(p.weight_grams for p in packages)
        declared = sum((p.declared_value for p in packages), Decimal("0"))
        adapter = adapter_for(carrier)
        created = adapter.create_shipment(
            ShipmentRequest(
                carrier_code=carrier.code,
                carrier_kind=carrier.kind,
                service_code=service.code,
                s10_prefix=service.s10_prefix,
                order_number=order.number,
                recipient_name=order.recipient_name,
                recipient_document=order.customer_document,
                recipient_cep=order.ship_cep,
                recipient_uf=order.ship_uf,
                weight_grams=weight,
                declared_value=str(declared),
                business_days=promise.carrier_days,
                dispatched_at=now,
                external_service=service.external_code,
                recipient_street=order.ship_logradouro,
                recipient_number=order.ship_numero,
                recipient_complement=order.ship_complemento,
                recipient_district=order.ship_bairro,
                recipient_city=order.ship_cidade,
                recipient_email=order.customer_email,
                recipient_phone=order.customer_phone,
                dimensions_mm=_dimensions(packages),
                sender=_sender_fields(),
            )
        )
        url = tracking_url(carrier, created.tracking_code)
        shipment = Shipment.objects.create(
            order=order,
            service=service,
            package_ids=[p.pk for p in packages],
            tracking_code=created.tracking_code,
            external_id=created.external_id,
            status=ShipmentStatus.CREATED,
            weight_grams=weight,
            declared_value=declared,
            promised_date=promise.promised_date,
            estimated_date=created.estimated_date,
            created_at=now,
            updated_at=now,
            last_event_at=now,
        )
        if carrier.kind != CarrierKind.PICKUP:
            total = Package.objects.filter(order_id=order_id).count()
            label = created.label_pdf or _label(shipment, order, packages, url, total)
            document = document_store(
                kind="shipping_label",
                filename=f"etiqueta-{created.tracking_code}.pdf",
                content=label,
                order_id=order.pk,
                reference=created.tracking_code,
            )
            shipment.label_document_id = document.pk
            shipment.save(update_fields=["label_document_id"])
        packages_mark_shipped(package_ids=[p.pk for p in packages])
        everything_shipped = not Package.objects.filter(order_id=order_id).exclude(
            status=PackageStatus.SHIPPED
        ).exists() and _fully_packed(order)
        reason = f"{carrier.name} {service.name}: {created.tracking_code}"
        if everything_shipped:
            orders.order_mark_shipped(order_id=order_id, actor=actor, reason=reason)
        elif order.status == OrderStatus.IN_FULFILMENT:
            orders.order_mark_partially_shipped(order_id=order_id, actor=actor, reason=reason)
        events.shipment_dispatched_event(shipment=shipment, tracking_url=url)
    return shipment


def _fully_packed(order: Order) -> bool:
    from jornada.fulfillment.selectors import packed_quantities

    packed = packed_quantities(order.pk)
    return all(packed.get(line.pk, 0) >= line.quantity for line in order.lines.all())


def _label(
    shipment: Shipment, order: Order, packages: Sequence[Package], url: str, total: int
) -> bytes:
    marks = tuple(dict.fromkeys(m for p in packages for m in p.marks))
    numbers = ",".join(str(p.number) for p in packages)
    declared = ""
    if shipment.declared_value:
        declared = money_format(Money(shipment.declared_value, order.currency), language="pt-br")
    return label_pdf(
        LabelData(
            tracking_code=shipment.tracking_code,
            tracking_url=url,
            carrier=shipment.service.carrier.name,
            service=shipment.service.name,
            sender=_sender(),
            recipient=Party(
                name=order.recipient_name,
                lines=_address_lines(order),
                cep=cep_format(order.ship_cep),
            ),
            order_number=order.number,
            weight_grams=shipment.weight_grams,
            package=f"{numbers}/{total}",
            declared_value=declared,
            marks=marks,
        )
    )


# --- tracking -------------------------------------------------------------------------


def tracking_apply(
    *, shipment_id: int, carrier_events: Sequence[CarrierEvent], now: dt.datetime | None = None
) -> Shipment:
    """Store new events and move the shipment by the newest ones (see module docstring)."""
    now = now or timezone.now()
    with transaction.atomic():
        shipment = _locked(shipment_id)
        known = set(shipment.events.values_list("external_id", flat=True))
        for event in sorted(carrier_events, key=lambda e: (e.occurred_at, e.external_id)):
            if event.external_id in known or event.status not in ShipmentStatus.values:
                continue
            known.add(event.external_id)
            newer = shipment.last_event_at is None or event.occurred_at >= shipment.last_event_at
            applies = status_applies(current=shipment.status, target=event.status, newer=newer)
            TrackingEvent.objects.create(
                shipment=shipment,
                external_id=event.external_id,
                status=event.status,
                description=event.description[:300],
                location=event.location[:200],
                occurred_at=event.occurred_at,
                received_at=now,
                applied=applies,
                raw=json.loads(json.dumps(event.raw, default=str)),
            )
            if not applies:
                continue
            shipment.status = event.status
            shipment.last_event_at = event.occurred_at
            shipment.at_risk = False
            shipment.updated_at = now
            if event.status == ShipmentStatus.POSTED and shipment.posted_at is None:
                shipment.posted_at = event.occurred_at
            shipment.save()
            events.tracking_updated_event(
                shipment=shipment,
                status=event.status,
                description=event.description,
                location=event.location,
                occurred_at=event.occurred_at.isoformat(),
            )
            if event.status == ShipmentStatus.DELIVERED:
                _delivered(
                    shipment,
                    received_by=event.received_by or shipment.order.recipient_name,
                    document=event.receiver_document,
                    delivered_at=event.occurred_at,
                    recorded_by=shipment.service.carrier.name,
                )
    return shipment


def _delivered(
    shipment: Shipment,
    *,
    received_by: str,
    document: str,
    delivered_at: dt.datetime,
    recorded_by: str,
    photo_document_id: int | None = None,
    signature_document_id: int | None = None,
) -> None:
    shipment.delivered_at = delivered_at
    on_time = shipment.promised_date is None or local_date(delivered_at) <= shipment.promised_date
    shipment.late = shipment.late or not on_time
    shipment.save(update_fields=["delivered_at", "late"])
    ProofOfDelivery.objects.create(
        shipment=shipment,
        received_by=received_by,
        document=tax_id_mask_or(document, "") if document else "",
        delivered_at=delivered_at,
        photo_document_id=photo_document_id,
        signature_document_id=signature_document_id,
        recorded_by=recorded_by,
    )
    events.shipment_delivered_event(
        shipment=shipment,
        received_by=received_by,
        delivered_at=delivered_at.isoformat(),
        on_time=on_time,
    )
    order = Order.objects.get(pk=shipment.order_id)
    pending = Shipment.objects.filter(order_id=order.pk, delivered_at__isnull=True).exclude(
        status=ShipmentStatus.CANCELLED
    )
    if order.status == OrderStatus.SHIPPED and not pending.exists():
        orders.order_mark_delivered(
            order_id=order.pk,
            actor=Actor.integration(recorded_by),
            reason=_("Received by %(name)s") % {"name": received_by},
        )


def shipment_record_delivery(
    *,
    shipment_id: int,
    received_by: str,
    document: str = "",
    delivered_at: dt.datetime | None = None,
    photo: bytes | None = None,
    signature: bytes | None = None,
    actor: Actor,
) -> Shipment:
    """Proof of delivery recorded by staff (store pickup, or a carrier without one)."""
    received_by = (received_by or "").strip()
    errors: dict[str, list[Any]] = {}
    if not received_by or len(received_by) > 200:
        errors["received_by"] = [_("Write who received it (1 to 200 characters).")]
    if document:
        try:
            tax_id_mask(document)
        except DocumentError as error:
            errors["document"] = [str(error.message)]
    delivered_at = delivered_at or timezone.now()
    if timezone.is_naive(delivered_at) or delivered_at > timezone.now() + dt.timedelta(minutes=5):
        errors["delivered_at"] = [_("Give a past date and time with its time zone.")]
    for field, content in (("photo", photo), ("signature", signature)):
        if content is not None and not (
            content.startswith(b"\x89PNG") or content.startswith(b"\xff\xd8")
        ):
            errors[field] = [_("Send a PNG or JPEG image.")]
    if errors:
        raise DomainError(_("The proof of delivery has invalid fields."), fields=errors)
    with transaction.atomic():
        shipment = _locked(shipment_id)
        if not status_applies(current=shipment.status, target=ShipmentStatus.DELIVERED, newer=True):
            raise TransitionNotAllowed(
                _("This shipment cannot be marked delivered now."),
                fields={"status": [_("Not allowed from the current status.")]},
            )
        ids: dict[str, int | None] = {"photo": None, "signature": None}
        for field, content in (("photo", photo), ("signature", signature)):
            if content is not None:
                kind = "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"
                ids[field] = document_store(
                    kind=f"delivery_{field}",
                    filename=f"{field}-{shipment.tracking_code}.{kind.split('/')[1]}",
                    content=content,
                    content_type=kind,
                    order_id=shipment.order_id,
                    reference=shipment.tracking_code,
                ).pk
        shipment.status = ShipmentStatus.DELIVERED
        shipment.last_event_at = delivered_at
        shipment.updated_at = timezone.now()
        shipment.save(update_fields=["status", "last_event_at", "updated_at"])
        TrackingEvent.objects.create(
            shipment=shipment,
            external_id=f"staff-{shipment.pk}-delivered",
            status=ShipmentStatus.DELIVERED,
            description=_("Delivered to %(name)s") % {"name": received_by},
            occurred_at=delivered_at,
            applied=True,
        )
        events.tracking_updated_event(
            shipment=shipment,
            status=ShipmentStatus.DELIVERED,
            description=_("Delivered to %(name)s") % {"name": received_by},
            location="",
            occurred_at=delivered_at.isoformat(),
        )
        _delivered(
            shipment,
            received_by=received_by,
            document=document,
            delivered_at=delivered_at,
            recorded_by=actor.label,
            photo_document_id=ids["photo"],
            signature_document_id=ids["signature"],
        )
    return shipment


# --- webhooks and polling --------------------------------------------------------------


class WebhookRefused(DomainError):
    code = "webhook_signature_invalid"
    status = 401


def webhook_receive(*, carrier_code: str, headers: dict[str, str], body: bytes) -> int:
    """A carrier's signed webhook: verified, deduplicated by its id, applied.

    Returns the number of events stored (0 for a redelivery).
    """
    carrier = Carrier.objects.filter(code=carrier_code).first()
    if carrier is None:
        raise NotFound(_("Unknown carrier."), code="carrier_not_found")
    adapter = adapter_for(carrier)
    webhook_id = adapter.verify_webhook(secret=carrier_secret(carrier), headers=headers, body=body)
    if not webhook_id:
        raise WebhookRefused(_("The webhook signature is not valid."))
    try:
        payload = json.loads(body)
        code, carrier_events = adapter.parse_webhook(payload)
    except (ValueError, KeyError, TypeError) as error:
        raise DomainError(
            _("The webhook body is not valid."),
            code="webhook_invalid",
            fields={"body": [str(error)]},
        ) from None
    with transaction.atomic():
        try:
            with transaction.atomic():
                InboundWebhook.objects.create(carrier=carrier, webhook_id=webhook_id[:100])
        except IntegrityError:
            return 0
        shipment = Shipment.objects.filter(tracking_code=code).first()
        if shipment is None:
            raise Conflict(_("No shipment has this tracking code."), code="shipment_not_found")
        before = shipment.events.count()
        tracking_apply(shipment_id=shipment.pk, carrier_events=carrier_events)
        return shipment.events.count() - before


def shipment_poll(*, shipment_id: int) -> Shipment:
    """Ask the carrier for the shipment's events (carriers without webhooks, or to catch up)."""
    shipment = Shipment.objects.select_related("service__carrier").get(pk=shipment_id)
    found = adapter_for(shipment.service.carrier).track(
        shipment.tracking_code, shipment.external_id
    )
    return tracking_apply(shipment_id=shipment.pk, carrier_events=found)
