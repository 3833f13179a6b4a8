"""Rate tables, quotes and the delivery promise.

A quote packs the items (``fulfillment.packaging``), prices every package with each
active service's rate table for the CEP and gives the date it would arrive. The promise
kept on an order is computed once, at validation, and changes only through
``delivery_promise_revise`` (who, why, from and to are recorded).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jornada.brazil.cep import cep_normalize, cep_uf
from jornada.brazil.errors import CepError
from jornada.catalog.selectors import variants_by_sku
from jornada.catalog.types import VariantSnapshot
from jornada.core.errors import DomainError, NotFound
from jornada.core.models import StoreProfile
from jornada.core.store import store_profile
from jornada.fulfillment.packaging import Item, PlannedPackage, pack_plan
from jornada.fulfillment.selectors import box_specs
from jornada.orders.models import Order
from jornada.shipping.models import (
    Backorder,
    CarrierKind,
    CarrierService,
    DeliveryChoice,
    DeliveryPromise,
    PromiseRevision,
    RateRow,
)
from jornada.shipping.promise import deadline_compute
from jornada.shipping.rates import Rate, billable_grams, rate_for, rates_parse_csv


class ShippingInvalid(DomainError):
    code = "shipping_invalid"
    status = 422


class NoCarrier(DomainError):
    code = "no_carrier"
    status = 422


# --- rate tables ---------------------------------------------------------------------


def rates_import(*, service_code: str, csv_text: str) -> int:
    """Replace a service's rate table with the CSV's rows; all or nothing.

    Errors name each bad cell (``rows.3.price``); nothing is written when any is bad.
    """
    service = CarrierService.objects.filter(code=service_code).first()
    if service is None:
        raise ShippingInvalid(
            _("Unknown carrier service."), fields={"service": [_("Unknown carrier service.")]}
        )
    parsed = rates_parse_csv(csv_text)
    if parsed.errors:
        raise ShippingInvalid(
            _("The rate table has errors."),
            fields={k: list[Any](v) for k, v in parsed.errors.items()},
        )
    with transaction.atomic():
        RateRow.objects.filter(service=service).delete()
        RateRow.objects.bulk_create(
            RateRow(
                service=service,
                cep_start=r.cep_start,
                cep_end=r.cep_end,
                weight_max_grams=r.weight_max_grams,
                price=r.price,
                business_days=r.business_days,
            )
            for r in parsed.rates
        )
    return len(parsed.rates)


def _rates_by_service(service_ids: Sequence[int], cep: str) -> dict[int, list[Rate]]:
    """Every rate row for ``cep`` of these services, in one query."""
    found: dict[int, list[Rate]] = {service_id: [] for service_id in service_ids}
    rows = RateRow.objects.filter(
        service_id__in=list(service_ids), cep_start__lte=cep, cep_end__gte=cep
    ).values_list(
        "service_id", "cep_start", "cep_end", "weight_max_grams", "price", "business_days"
    )
    for service_id, cep_start, cep_end, grams, price, days in rows:
        found[service_id].append(Rate(cep_start, cep_end, grams, price, days))
    return found


# --- quotes --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuoteOption:
    service: str
    service_name: str
    carrier: str
    carrier_name: str
    price: Decimal
    business_days: int
    promised_date: dt.date
    packages: int


def items_from_variants(
    lines: Sequence[tuple[str, int]], variants: dict[str, VariantSnapshot]
) -> list[Item]:
    return [
        Item(
            sku=sku,
            quantity=quantity,
            weight_grams=v.weight_grams,
            dimensions_mm=(v.length_mm, v.width_mm, v.height_mm),
            unit_price=v.unit_price,
            fragile=v.fragile,
            perishable=v.perishable,
            oversize=v.oversize,
            high_value=v.high_value,
        )
        for sku, quantity in lines
        if (v := variants.get(sku)) is not None
    ]


def _service_takes(service: CarrierService, packages: Sequence[PlannedPackage]) -> bool:
    for package in packages:
        if package.advice.oversize and not service.handles_oversize:
            return False
        if package.advice.express_only and not service.handles_perishable:
            return False
        if package.weight_grams > service.max_weight_grams:
            return False
    return True


def _price_service(
    service: CarrierService, packages: Sequence[PlannedPackage], cep: str, rates: list[Rate]
) -> tuple[Decimal, int] | None:
    total, days = Decimal("0"), 0
    for package in packages:
        grams = billable_grams(
            weight_grams=package.weight_grams,
            dimensions_mm=package.dimensions_mm,
            cubic_divisor=service.cubic_divisor,
        )
        rate = rate_for(rates, cep=cep, grams=grams)
        if rate is None:
            return None
        insurance = (package.advice.declared_value * service.insurance_rate).quantize(
            Decimal("0.01")
        )
        total += rate.price + insurance
        days = max(days, rate.business_days)
    return total, days


def supplier_days_for(*, order_id: int | None, start: dt.datetime) -> int:
    """Business days until backordered goods arrive, 0 when nothing is backordered."""
    if order_id is None:
        return 0
    backorder = Backorder.objects.filter(order_id=order_id).order_by("-expected_date").first()
    if backorder is None:
        return 0
    if backorder.expected_date is None:
        return settings.SHIPPING_BACKORDER_LEAD_DAYS
    from jornada.brazil.business_days import business_days_between

    return max(business_days_between(start, backorder.expected_date), 0)


def _store_uf() -> str | None:
    found = StoreProfile.objects.filter(pk=1).values_list("uf", flat=True).first()
    if found is None:
        found = store_profile().uf
    return found or None


def quote(
    *,
    cep: str,
    lines: Sequence[tuple[str, int]],
    now: dt.datetime | None = None,
    order_id: int | None = None,
    gift_wrap: bool = False,
) -> list[QuoteOption]:
    """Every service that delivers these items to ``cep``, cheapest first.

    Bad input raises ``ShippingInvalid`` naming the fields (``cep``, ``lines.0.sku``).
    """
    now = now or timezone.now()
    errors: dict[str, list[Any]] = {}
    try:
        digits = cep_normalize(cep)
        destination_uf = cep_uf(digits)
    except CepError as error:
        errors["cep"] = [str(error.message)]
    if not lines:
        errors["lines"] = [_("Add at least one item.")]
    variants = variants_by_sku([sku for sku, _q in lines])
    for index, (sku, quantity) in enumerate(lines):
        if sku not in variants:
            errors[f"lines.{index}.sku"] = [_("Unknown product.")]
        if not 1 <= quantity <= settings.ORDER_MAX_QUANTITY:
            errors[f"lines.{index}.quantity"] = [
                _("Quantity must be between 1 and %(max)d.") % {"max": settings.ORDER_MAX_QUANTITY}
            ]
    if errors:
        raise ShippingInvalid(_("The quote request has invalid fields."), fields=errors)
    items = items_from_variants(lines, variants)
    try:
        packages = pack_plan(items, box_specs(), gift_wrap=gift_wrap)
    except ValueError as error:
        raise ShippingInvalid(
            _("An item fits in none of the store's boxes."),
            fields={"lines": [_("%(sku)s fits in no box.") % {"sku": str(error)}]},
        ) from None
    supplier_days = supplier_days_for(order_id=order_id, start=now)
    store_uf = _store_uf()
    options: list[QuoteOption] = []
    services = [
        service
        for service in CarrierService.objects.filter(
            is_active=True, carrier__is_active=True
        ).select_related("carrier")
        if _service_takes(service, packages)
    ]
    rates = _rates_by_service([service.pk for service in services], digits)
    for service in services:
        priced = _price_service(service, packages, digits, rates[service.pk])
        if priced is None:
            continue
        price, days = priced
        deadline = deadline_compute(
            start=now,
            processing_days=settings.SHIPPING_PROCESSING_DAYS,
            supplier_days=supplier_days,
            carrier_days=days,
            store_uf=store_uf,
            destination_uf=destination_uf,
        )
        options.append(
            QuoteOption(
                service=service.code,
                service_name=service.name,
                carrier=service.carrier.code,
                carrier_name=service.carrier.name,
                price=price,
                business_days=days,
                promised_date=deadline.promised_date,
                packages=len(packages),
            )
        )
    return sorted(options, key=lambda o: (o.price, o.promised_date, o.service))


# --- the promise kept on the order ------------------------------------------------------


def _order_lines(order: Order) -> list[tuple[str, int]]:
    return [(line.sku, line.quantity) for line in order.lines.order_by("position")]


def delivery_promise_for_order(*, order_id: int, now: dt.datetime | None = None) -> DeliveryPromise:
    """The order's promise: the one already kept, or a new one.

    The service is the customer's choice at checkout if any; else the store's default
    service when it takes the items; else the cheapest carrier that does (never store
    pickup unless chosen). Raises ``NoCarrier`` when no service delivers there.
    """
    existing = DeliveryPromise.objects.filter(order_id=order_id).select_related("service").first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    order = Order.objects.get(pk=order_id)
    options = quote(
        cep=order.ship_cep,
        lines=_order_lines(order),
        now=now,
        order_id=order_id,
        gift_wrap=order.gift_wrap,
    )
    choice = DeliveryChoice.objects.filter(order_id=order_id).select_related("service").first()
    pickup = set(
        CarrierService.objects.filter(carrier__kind=CarrierKind.PICKUP).values_list(
            "code", flat=True
        )
    )
    wanted = choice.service.code if choice else settings.SHIPPING_DEFAULT_SERVICE
    chosen = next((o for o in options if o.service == wanted), None)
    if chosen is None:
        chosen = next((o for o in options if o.service not in pickup), None)
    if chosen is None:
        raise NoCarrier(
            _("No carrier delivers these items to this CEP."),
            fields={"shipping_address.cep": [_("No carrier delivers here.")]},
        )
    supplier = supplier_days_for(order_id=order_id, start=now)
    with transaction.atomic():
        promise, _created = DeliveryPromise.objects.get_or_create(
            order_id=order_id,
            defaults={
                "service": CarrierService.objects.get(code=chosen.service),
                "promised_date": chosen.promised_date,
                "processing_days": settings.SHIPPING_PROCESSING_DAYS,
                "supplier_days": supplier,
                "carrier_days": chosen.business_days,
                "computed_at": now,
            },
        )
    return promise


def delivery_choose(*, order_id: int, service_code: str) -> DeliveryChoice:
    """The customer's delivery option (a carrier service or a store for pickup), taken
    before the order is validated; it must be one the quote offers for the order."""
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        raise NotFound(_("Order not found."), code="order_not_found")
    if DeliveryPromise.objects.filter(order_id=order_id).exists():
        raise DomainError(
            _("The delivery was already promised; it changes only by a revision."),
            code="promise_already_made",
            fields={"service": [_("Already promised.")]},
        )
    options = quote(cep=order.ship_cep, lines=_order_lines(order), order_id=order_id)
    if service_code not in {o.service for o in options}:
        raise ShippingInvalid(
            _("This delivery option is not available for the order."),
            fields={"service": [_("Choose one of the options quoted for this order.")]},
        )
    service = CarrierService.objects.get(code=service_code)
    choice, _created = DeliveryChoice.objects.update_or_create(
        order_id=order_id, defaults={"service": service, "chosen_at": timezone.now()}
    )
    return choice


def delivery_promise_revise(
    *, order_id: int, promised_date: dt.date, reason: str, actor_label: str
) -> DeliveryPromise:
    """Change what was promised, openly: the revision keeps the old date and the reason."""
    reason = (reason or "").strip()
    if not reason or len(reason) > 300:
        raise ShippingInvalid(
            _("Say why the promise changes."), fields={"reason": [_("Write 1 to 300 characters.")]}
        )
    with transaction.atomic():
        promise = DeliveryPromise.objects.select_for_update().filter(order_id=order_id).first()
        if promise is None:
            raise NotFound(_("This order has no delivery promise yet."), code="promise_not_found")
        if promise.promised_date == promised_date:
            return promise
        PromiseRevision.objects.create(
            promise=promise,
            previous_date=promise.promised_date,
            new_date=promised_date,
            reason=reason,
            actor_label=actor_label,
        )
        promise.promised_date = promised_date
        promise.save(update_fields=["promised_date"])
        promise.order.shipments.filter(delivered_at__isnull=True).update(
            promised_date=promised_date
        )
    return promise


def backorder_record(*, order_id: int, expected_date: dt.date | None, skus: list[str]) -> None:
    """Inventory told us goods must come from a supplier; a promise already made is
    revised openly when the goods arrive too late for it."""
    with transaction.atomic():
        Backorder.objects.get_or_create(
            order_id=order_id, expected_date=expected_date, defaults={"skus": skus}
        )
        promise = DeliveryPromise.objects.filter(order_id=order_id).first()
        if promise is None:
            return
        supplier = supplier_days_for(order_id=order_id, start=promise.computed_at)
        if supplier <= promise.supplier_days:
            return
        order = promise.order
        deadline = deadline_compute(
            start=promise.computed_at,
            processing_days=promise.processing_days,
            supplier_days=supplier,
            carrier_days=promise.carrier_days,
            store_uf=_store_uf(),
            destination_uf=order.ship_uf,
        )
        if deadline.promised_date > promise.promised_date:
            delivery_promise_revise(
                order_id=order_id,
                promised_date=deadline.promised_date,
                reason=_("Items come from a supplier: %(skus)s") % {"skus": ", ".join(skus)},
                actor_label="Jornada",
            )
            DeliveryPromise.objects.filter(pk=promise.pk).update(supplier_days=supplier)
