"""Every write to an order: placing it, cancelling it, changing it before dispatch.

Status changes follow one locked path (``_locked`` + ``_move``): lock the row, refuse any
move the transition table does not allow (nothing changes), save, append the timeline
event and publish the domain event, all in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jornada.brazil.address import Address
from jornada.brazil.errors import BrazilValueError
from jornada.catalog.selectors import variants_by_sku
from jornada.catalog.types import sku_normalize
from jornada.core import groupcommit
from jornada.core.db import execute, insert_rows
from jornada.core.errors import DomainError, NotFound, TransitionNotAllowed
from jornada.customers.services import customer_upsert_for_order
from jornada.customers.types import Source
from jornada.customers.validation import ValidCustomer, customer_input_check
from jornada.inventory.services import (
    StockActor,
    stock_lock_skus,
    stock_release_for_order,
    stock_replace_for_order,
    stock_reserve_for_order,
)
from jornada.orders import events
from jornada.orders.models import (
    ActorKind,
    Order,
    OrderLine,
    OrderNumberSequence,
    SalesChannel,
)
from jornada.orders.pricing import payment_errors, price_order, pricing_rules
from jornada.orders.states import (
    BEFORE_DISPATCH,
    CUSTOMER_CANCELLABLE,
    UNPAID,
    OrderStatus,
    transition_allowed,
)
from jornada.orders.types import (
    Actor,
    AddressInput,
    LineInput,
    OrderInput,
    PricedLine,
)

LANGUAGES = {"pt-br", "es", "en"}
_CHANNELS = frozenset(SalesChannel.values)  # the enum builds its list on every access
STAFF_CHANNELS = {SalesChannel.PHONE, SalesChannel.WHATSAPP, SalesChannel.PHYSICAL_STORE}
SOURCE_OF_CHANNEL = {
    SalesChannel.ONLINE_STORE: Source.ONLINE_STORE,
    SalesChannel.PHYSICAL_STORE: Source.PHYSICAL_STORE,
    SalesChannel.MARKETPLACE: Source.MARKETPLACE,
    SalesChannel.PHONE: Source.PHONE,
    SalesChannel.WHATSAPP: Source.WHATSAPP,
    SalesChannel.API: Source.API,
}


class OrderInvalid(DomainError):
    code = "order_invalid"
    status = 422

    def __init__(self, fields: dict[str, list[Any]]) -> None:
        super().__init__(gettext_lazy("The order has invalid fields."), fields=fields)


class OrderNotFound(NotFound):
    code = "order_not_found"


# --- validation (pure) -------------------------------------------------------------


def _address(data: AddressInput, *, prefix: str, errors: dict[str, list[Any]]) -> Address | None:
    try:
        return Address(
            logradouro=data.logradouro,
            numero=data.numero,
            complemento=data.complemento,
            bairro=data.bairro,
            cidade=data.cidade,
            uf=data.uf,
            cep=data.cep,
        )
    except BrazilValueError as error:
        errors[f"{prefix}.{error.field}"] = [error.message]
        return None


def _lines(lines: Sequence[LineInput], *, errors: dict[str, list[Any]]) -> tuple[LineInput, ...]:
    if not lines:
        errors["lines"] = [_("An order needs at least one item.")]
        return ()
    if len(lines) > settings.ORDER_MAX_LINES:
        errors["lines"] = [
            _("An order may have at most %(max)d items.") % {"max": settings.ORDER_MAX_LINES}
        ]
        return ()
    clean: list[LineInput] = []
    for index, line in enumerate(lines):
        try:
            sku = sku_normalize(line.sku)
        except DomainError as error:
            errors[f"lines.{index}.sku"] = [error.message]
            sku = str(line.sku)
        if not isinstance(line.quantity, int) or isinstance(line.quantity, bool):
            errors[f"lines.{index}.quantity"] = [_("Quantity must be a whole number.")]
        elif not 1 <= line.quantity <= settings.ORDER_MAX_QUANTITY:
            errors[f"lines.{index}.quantity"] = [
                _("Quantity must be between 1 and %(max)d.") % {"max": settings.ORDER_MAX_QUANTITY}
            ]
        clean.append(LineInput(sku=sku, quantity=line.quantity))
    return tuple(clean)


def _check_text(value: str, *, field: str, limit: int, errors: dict[str, list[Any]]) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        errors[field] = [_("At most %(max)d characters.") % {"max": limit}]
    return value


# --- placing an order ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Placement:
    order: Order
    lines: list[OrderLine]


@dataclass(frozen=True, slots=True)
class PreparedPlacement:
    """An order that passed every check and is priced: what ``order_place_write`` writes."""

    customer: ValidCustomer
    address: Address
    actor: Actor
    now: dt.datetime
    order: Order  # unsaved: number, customer and keys are set when written
    lines: list[OrderLine]


def order_place(
    *,
    data: OrderInput,
    actor: Actor,
    placed_by_user_id: int | None = None,
    now: dt.datetime | None = None,
) -> Placement:
    """Validate, price and record a new order with its customer, lines and timeline.

    Prices, shipping and totals come from the catalog and the store's rules, never from
    the caller. Any bad field raises ``OrderInvalid`` naming every bad field at once,
    before anything is written. Staff-created orders (phone, WhatsApp, physical store)
    come through here too, with a staff ``actor`` and their ``channel``.

    Checking and pricing happen first, with no lock held; the writes then run as one
    unit of ``jornada.core.groupcommit`` (inside the caller's transaction if there is
    one).
    """
    prepared = order_place_prepare(
        data=data, actor=actor, placed_by_user_id=placed_by_user_id, now=now
    )
    return groupcommit.run(lambda: order_place_write(prepared))


def order_place_prepare(
    *,
    data: OrderInput,
    actor: Actor,
    placed_by_user_id: int | None = None,
    now: dt.datetime | None = None,
) -> PreparedPlacement:
    """Every check of ``order_place`` and the pricing, reading only (the catalog, once);
    raises ``OrderInvalid`` naming every bad field."""
    now = now or timezone.now()
    rules = pricing_rules()
    errors: dict[str, list[Any]] = {}

    checked: ValidCustomer | None = None
    try:
        checked = customer_input_check(
            replace(data.customer, language=data.language), prefix="customer"
        )
    except DomainError as error:
        errors.update(error.fields)
    address = _address(data.shipping_address, prefix="shipping_address", errors=errors)
    lines = _lines(data.lines, errors=errors)
    if data.channel not in _CHANNELS:
        errors["channel"] = [_("Unknown sales channel.")]
    elif data.channel in STAFF_CHANNELS and actor.kind != ActorKind.STAFF:
        errors["channel"] = [_("Only staff may record orders from this channel.")]
    if data.language not in LANGUAGES:
        errors["language"] = [_("Choose pt-br, es or en.")]
    gift_message = _check_text(
        data.gift_message, field="gift_wrap.message", limit=300, errors=errors
    )
    coupon = _check_text(data.coupon_code, field="coupon_code", limit=40, errors=errors).upper()
    recipient = _check_text(
        data.shipping_address.recipient,
        field="shipping_address.recipient",
        limit=200,
        errors=errors,
    )

    variants = variants_by_sku([line.sku for line in lines]) if lines else {}
    priced = price_order(lines=lines, variants=variants, gift_wrap=data.gift_wrap, rules=rules)
    errors.update(priced.errors)
    if not priced.errors and lines:
        errors.update(
            payment_errors(
                method=data.payment_method,
                instalments=data.instalments,
                total=priced.totals.grand_total,
                currency=priced.totals.currency,
                rules=rules,
            )
        )
    if errors or address is None or checked is None:
        raise OrderInvalid(errors)
    customer = checked.data
    totals = priced.totals
    order = Order(
        status=OrderStatus.PLACED,
        channel=data.channel,
        language=data.language,
        customer_name=customer.name,
        customer_document=customer.document,
        customer_email=customer.email,
        customer_phone=customer.phone,
        recipient_name=recipient or customer.name,
        ship_logradouro=address.logradouro,
        ship_numero=address.numero,
        ship_complemento=address.complemento,
        ship_bairro=address.bairro,
        ship_cidade=address.cidade,
        ship_uf=address.uf,
        ship_cep=address.cep,
        payment_method=data.payment_method,
        instalments=data.instalments,
        gift_wrap=data.gift_wrap,
        gift_message=gift_message if data.gift_wrap else "",
        coupon_code=coupon,
        currency=totals.currency,
        subtotal=totals.subtotal,
        shipping_total=totals.shipping,
        gift_wrap_total=totals.gift_wrap,
        discount_total=totals.discount,
        grand_total=totals.grand_total,
        item_count=totals.item_count,
        weight_grams=totals.weight_grams,
        placed_by_id=placed_by_user_id,
        placed_at=now,
        updated_at=now,
        cancel_reason="",
    )
    return PreparedPlacement(
        customer=checked,
        address=address,
        actor=actor,
        now=now,
        order=order,
        lines=_line_rows(order, priced.lines),
    )


_ORDER_COLUMNS = (
    "id", "number", "status", "channel", "language", "customer", "customer_name",
    "customer_document", "customer_email", "customer_phone", "recipient_name",
    "ship_logradouro", "ship_numero", "ship_complemento", "ship_bairro", "ship_cidade",
    "ship_uf", "ship_cep", "payment_method", "instalments", "gift_wrap", "gift_message",
    "coupon_code", "currency", "subtotal", "shipping_total", "gift_wrap_total",
    "discount_total", "grand_total", "item_count", "weight_grams", "placed_by", "placed_at",
    "updated_at", "cancel_reason",
)  # fmt: skip
_LINE_COLUMNS = (
    "order", "position", "variant", "sku", "product_name", "variant_label", "quantity",
    "unit_price", "line_total", "weight_grams", "handling",
)  # fmt: skip
_ORDER_ATTRIBUTES = tuple(Order._meta.get_field(name).attname for name in _ORDER_COLUMNS)  # type: ignore[union-attr]
_LINE_ATTRIBUTES = tuple(OrderLine._meta.get_field(name).attname for name in _LINE_COLUMNS)  # type: ignore[union-attr]


def order_place_write(prepared: PreparedPlacement) -> Placement:
    """Record a prepared order: customer, order, lines, stock held, timeline and event.

    Runs inside the caller's transaction; raises the refusal (``OutOfStock``) when its
    stock is short, nothing of the order written. See ``orders_place_write``.
    """
    (outcome,) = orders_place_write([prepared])
    if isinstance(outcome, DomainError):
        raise outcome
    return outcome


def orders_place_write(
    batch: Sequence[PreparedPlacement], languages: Sequence[str | None] | None = None
) -> list[Placement | DomainError]:
    """Record prepared orders together, in their order, inside the caller's transaction.

    Each order first holds its stock (in a savepoint of its own: a refusal, stock short,
    leaves nothing of that order and takes its place in the answer, in its ``languages``
    entry's language) and writes its customer; then the orders, their lines, timeline
    entries and events go in with one statement per table, so the count is the same for
    1 line or 100, and grows by the stock hold and the customer (three statements) per
    order when several go together.
    """
    keys = _ids_and_numbers(len(batch))
    if len(batch) > 1:  # the orders' stock rows locked in one order, as any single write does
        stock_lock_skus({line.sku for prepared in batch for line in prepared.lines})
    outcomes: list[Placement | DomainError] = []
    placed: list[tuple[Placement, Actor]] = []
    for index, prepared in enumerate(batch):
        order = prepared.order
        order.pk, order.number = keys[len(placed)]
        language = translation.override(languages[index]) if languages else nullcontext()
        try:
            with language:
                # Held in this transaction: no order exists without its stock (or backorder).
                stock_reserve_for_order(
                    order_id=order.pk,
                    order_number=order.number,
                    lines=[(line.sku, line.quantity) for line in prepared.lines],
                    uf=order.ship_uf,
                    payment_method=order.payment_method,
                    ship_to=_address_dict(order),
                    now=prepared.now,
                )
        except DomainError as refusal:
            outcomes.append(refusal)
            continue
        customer_ref = customer_upsert_for_order(
            data=prepared.customer.data,
            checked=prepared.customer,
            address=prepared.address,
            source=SOURCE_OF_CHANNEL[SalesChannel(order.channel)],
            now=prepared.now,
        )
        order.customer_id = customer_ref.id
        order.customer_phone = customer_ref.phone_e164
        for line in prepared.lines:
            line.order_id = order.pk
        placement = Placement(order=order, lines=prepared.lines)
        outcomes.append(placement)
        placed.append((placement, prepared.actor))
    _numbers_unused(len(batch) - len(placed))
    if placed:
        orders = [p.order for p, _actor in placed]
        insert_rows(
            Order,
            _ORDER_COLUMNS,
            [tuple(getattr(order, name) for name in _ORDER_ATTRIBUTES) for order in orders],
        )
        for order in orders:
            order._state.adding = False
        insert_rows(
            OrderLine,
            _LINE_COLUMNS,
            [
                tuple(getattr(line, name) for name in _LINE_ATTRIBUTES)
                for p, _actor in placed
                for line in p.lines
            ],
        )
        events.orders_placed_events([(p.order, actor) for p, actor in placed])
    return outcomes


NUMBER_SEQUENCE = "orders_number_seq"  # PostgreSQL, created by migration 0005


def _line_rows(order: Order, lines: Sequence[PricedLine]) -> list[OrderLine]:
    return [
        OrderLine(
            order=order,
            position=line.position,
            variant_id=line.variant_id,
            sku=line.sku,
            product_name=line.product_name,
            variant_label=line.variant_label,
            quantity=line.quantity,
            unit_price=line.unit_price,
            line_total=line.line_total,
            weight_grams=line.weight_grams,
            handling=list(line.handling),
        )
        for line in lines
    ]


def _ids_and_numbers(count: int) -> list[tuple[int, str]]:
    """Keys for ``count`` new orders, in order: (primary key, order number), taken under
    any concurrency with one statement, before anything is written (the stock held
    names the order).

    SQLite: the numbers come from a counter row, gapless (the write lock is the
    database's anyway, the orders refused give theirs back, ``_numbers_unused``, and a
    placement rolled back takes its numbers back with it); the keys follow the table's
    own counter. PostgreSQL: both from sequences (migration 0005 for the numbers),
    because a counter row would stay locked until the orders commit, so every placement
    would wait for the one before it to reach the disk; a placement rolled back or
    refused there leaves its numbers unused.
    """
    if connection.vendor == "postgresql":
        rows = execute(
            f"SELECT nextval(pg_get_serial_sequence('{Order._meta.db_table}', 'id')), "  # noqa: S608
            f"nextval('{NUMBER_SEQUENCE}') FROM generate_series(1, %s)",
            [count],
            fetch=True,
        )[1]
        return [(int(pk), str(number)) for pk, number in rows]
    table = OrderNumberSequence._meta.db_table
    rows = execute(
        f"UPDATE {table} SET last_value = last_value + %s WHERE name = %s "  # noqa: S608
        "RETURNING last_value, (SELECT seq FROM sqlite_sequence WHERE name = %s)",
        [count, "order", Order._meta.db_table],
        fetch=True,
    )[1]
    if not rows:  # first order of a database created without the data migration
        start = settings.ORDER_NUMBER_START
        OrderNumberSequence.objects.get_or_create(name="order", defaults={"last_value": start - 1})
        return _ids_and_numbers(count)
    last, last_pk = int(rows[0][0]), int(rows[0][1] or 0)
    return [(last_pk + 1 + i, str(last - count + 1 + i)) for i in range(count)]


def _numbers_unused(count: int) -> None:
    """Give back the SQLite counter's last ``count`` numbers (orders refused while written)."""
    if count and connection.vendor != "postgresql":
        execute(
            f"UPDATE {OrderNumberSequence._meta.db_table} "  # noqa: S608
            "SET last_value = last_value - %s WHERE name = %s",
            [count, "order"],
        )


# --- the locked path for changes -------------------------------------------------------


def _locked(order_id: int) -> Order:
    """The order, locked for this transaction (caller must be inside ``atomic``).

    PostgreSQL: a row lock. SQLite: the IMMEDIATE transaction already holds the
    database's write lock, so no one else changes it until we commit.
    """
    query = Order.objects.filter(pk=order_id)
    if connection.features.has_select_for_update:
        query = query.select_for_update()
    order = query.first()
    if order is None:
        raise OrderNotFound(_("Order not found."))
    return order


def _refuse_move(order: Order, target: str) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        _("An order that is %(current)s cannot become %(target)s.")
        % {"current": OrderStatus(order.status).label, "target": OrderStatus(target).label},
        fields={"status": [_("Not allowed from the current status.")]},
        params={"current": order.status, "target": target},
    )


def _move(order: Order, target: OrderStatus, *, now: dt.datetime) -> str:
    """Change the status of a locked order; refuses moves outside the table."""
    if not transition_allowed(order.status, target):
        raise _refuse_move(order, target)
    previous = order.status
    order.status = target
    order.updated_at = now
    return previous


def order_cancel(
    *, order_id: int, actor: Actor, reason: str, now: dt.datetime | None = None
) -> Order:
    """Cancel an order: by the customer alone within the window and before fulfilment,
    by staff (or the system) at any point before dispatch. Records why."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the order is cancelled."), fields={"reason": [_("Required.")]})
    if len(reason) > 300:
        raise DomainError(
            _("The reason is too long."), fields={"reason": [_("At most 300 characters.")]}
        )
    with transaction.atomic():
        order = _locked(order_id)
        if actor.kind == ActorKind.CUSTOMER:
            window = dt.timedelta(minutes=settings.CUSTOMER_CANCEL_WINDOW_MINUTES)
            if order.status not in CUSTOMER_CANCELLABLE:
                raise TransitionNotAllowed(
                    _("This order is already being prepared; contact the store to cancel it."),
                    fields={"status": [_("Not allowed from the current status.")]},
                )
            if now - order.placed_at > window:
                raise TransitionNotAllowed(
                    _("The time to cancel this order online has passed; contact the store."),
                    code="cancel_window_passed",
                )
        elif order.status not in BEFORE_DISPATCH:
            raise _refuse_move(order, OrderStatus.CANCELLED)
        previous = _move(order, OrderStatus.CANCELLED, now=now)
        order.cancelled_at = now
        order.cancel_reason = reason
        order.save(update_fields=["status", "updated_at", "cancelled_at", "cancel_reason"])
        events.order_cancelled_event(order=order, previous=previous, actor=actor, reason=reason)
        stock_release_for_order(
            order_id=order.pk,
            reason="cancelled",
            actor=StockActor(label=actor.label or actor.kind, user_id=actor.user_id),
            now=now,
        )
    return order


def _address_dict(order: Order) -> dict[str, str]:
    return {
        "recipient": order.recipient_name,
        "logradouro": order.ship_logradouro,
        "numero": order.ship_numero,
        "complemento": order.ship_complemento,
        "bairro": order.ship_bairro,
        "cidade": order.ship_cidade,
        "uf": order.ship_uf,
        "cep": order.ship_cep,
    }


def order_change_address(
    *, order_id: int, address: AddressInput, actor: Actor, now: dt.datetime | None = None
) -> Order:
    """Change where the order goes, before dispatch (the customer: before fulfilment)."""
    now = now or timezone.now()
    errors: dict[str, list[Any]] = {}
    clean = _address(address, prefix="shipping_address", errors=errors)
    recipient = _check_text(
        address.recipient, field="shipping_address.recipient", limit=200, errors=errors
    )
    if errors or clean is None:
        raise OrderInvalid(errors)
    with transaction.atomic():
        order = _locked(order_id)
        allowed = CUSTOMER_CANCELLABLE if actor.kind == ActorKind.CUSTOMER else BEFORE_DISPATCH
        if order.status not in allowed:
            raise TransitionNotAllowed(
                _("The address can no longer be changed: the order is %(status)s.")
                % {"status": OrderStatus(order.status).label},
                fields={"status": [_("Not allowed from the current status.")]},
            )
        before = _address_dict(order)
        order.recipient_name = recipient or order.recipient_name
        order.ship_logradouro = clean.logradouro
        order.ship_numero = clean.numero
        order.ship_complemento = clean.complemento
        order.ship_bairro = clean.bairro
        order.ship_cidade = clean.cidade
        order.ship_uf = clean.uf
        order.ship_cep = clean.cep
        after = _address_dict(order)
        if before == after:
            return order
        order.updated_at = now
        order.save(
            update_fields=[
                *(f"ship_{k}" for k in before if k != "recipient"),
                "recipient_name",
                "updated_at",
            ]
        )
        events.order_address_changed_event(order=order, before=before, after=after, actor=actor)
    return order


def _lines_summary(
    order: Order, lines: Sequence[OrderLine] | Sequence[PricedLine]
) -> dict[str, Any]:
    return {
        "lines": [
            {"sku": line.sku, "quantity": line.quantity, "unit_price": str(line.unit_price)}
            for line in lines
        ],
        "grand_total": str(order.grand_total),
    }


def order_change_lines(
    *, order_id: int, lines: Sequence[LineInput], actor: Actor, now: dt.datetime | None = None
) -> Order:
    """Replace the items of an unpaid order; totals are computed again.

    Items already in the order keep the price they were sold at; new items take the
    catalog's current price.
    """
    now = now or timezone.now()
    rules = pricing_rules()
    errors: dict[str, list[Any]] = {}
    clean = _lines(lines, errors=errors)
    if errors:
        raise OrderInvalid(errors)
    variants = variants_by_sku([line.sku for line in clean])
    with transaction.atomic():
        order = _locked(order_id)
        if order.status not in UNPAID:
            raise TransitionNotAllowed(
                _("Items can only change before payment."),
                fields={"status": [_("Not allowed from the current status.")]},
            )
        current = list(order.lines.order_by("position"))
        sold_at = {line.sku: line.unit_price for line in current}
        repriced = {
            sku: replace(v, unit_price=sold_at.get(sku, v.unit_price))
            for sku, v in variants.items()
        }
        priced = price_order(lines=clean, variants=repriced, gift_wrap=order.gift_wrap, rules=rules)
        errors.update(priced.errors)
        if not errors:
            errors.update(
                payment_errors(
                    method=order.payment_method,
                    instalments=order.instalments,
                    total=priced.totals.grand_total,
                    currency=priced.totals.currency,
                    rules=rules,
                )
            )
        if errors:
            raise OrderInvalid(errors)
        before = _lines_summary(order, current)
        totals = priced.totals
        order.subtotal = totals.subtotal
        order.shipping_total = totals.shipping
        order.gift_wrap_total = totals.gift_wrap
        order.discount_total = totals.discount
        order.grand_total = totals.grand_total
        order.item_count = totals.item_count
        order.weight_grams = totals.weight_grams
        order.updated_at = now
        after = _lines_summary(order, priced.lines)
        if before == after:
            return order
        order.save(
            update_fields=[
                "subtotal",
                "shipping_total",
                "gift_wrap_total",
                "discount_total",
                "grand_total",
                "item_count",
                "weight_grams",
                "updated_at",
            ]
        )
        order.lines.all().delete()
        OrderLine.objects.bulk_create(_line_rows(order, priced.lines))
        stock_replace_for_order(
            order_id=order.pk,
            order_number=order.number,
            lines=[(line.sku, line.quantity) for line in priced.lines],
            uf=order.ship_uf,
            payment_method=order.payment_method,
            placed_at=order.placed_at,
            ship_to=_address_dict(order),
            now=now,
        )
        events.order_lines_changed_event(order=order, before=before, after=after, actor=actor)
    return order


def order_add_note(*, order_id: int, text: str, actor: Actor) -> Order:
    """A note for the team on the order's timeline (any status)."""
    text = (text or "").strip()
    if not text or len(text) > 2000:
        raise DomainError(
            _("Write a note of 1 to 2000 characters."), fields={"text": [_("Required.")]}
        )
    with transaction.atomic():
        order = _locked(order_id)
        events.order_note_added_event(order=order, text=text, actor=actor)
    return order


# --- the order's progress, driven by the apps downstream -------------------------------
#
# Payments, validation, fulfilment, shipping and returns move the order through these
# named services, never by setting ``status``. Each is the locked path: lock, refuse
# moves outside the table (nothing changes), save, timeline row and OrderStatusChanged
# in the caller's transaction. ``reason`` and ``params`` land on the timeline.


def _progress(
    *,
    order_id: int,
    target: OrderStatus,
    actor: Actor,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Order:
    now = now or timezone.now()
    with transaction.atomic():
        order = _locked(order_id)
        previous = _move(order, target, now=now)
        order.save(update_fields=["status", "updated_at"])
        events.order_status_changed_event(
            order=order, previous=previous, actor=actor, reason=reason
        )
    return order


def order_await_payment(*, order_id: int, actor: Actor, reason: str = "") -> Order:
    """Placed -> awaiting payment (a charge was created and waits for the customer)."""
    return _progress(
        order_id=order_id, target=OrderStatus.AWAITING_PAYMENT, actor=actor, reason=reason
    )


def order_mark_paid(*, order_id: int, actor: Actor, reason: str = "") -> Order:
    """The amount is covered: placed/awaiting payment -> paid."""
    return _progress(order_id=order_id, target=OrderStatus.PAID, actor=actor, reason=reason)


def order_hold(*, order_id: int, actor: Actor, reason: str) -> Order:
    """Paid (or validated) -> on hold for staff review, with the reasons."""
    return _progress(order_id=order_id, target=OrderStatus.ON_HOLD, actor=actor, reason=reason)


def order_validate(*, order_id: int, actor: Actor, reason: str = "") -> Order:
    """Paid or on hold -> validated (checks passed or staff approved)."""
    return _progress(order_id=order_id, target=OrderStatus.VALIDATED, actor=actor, reason=reason)


def order_fulfilment_start(*, order_id: int, actor: Actor, reason: str = "") -> Order:
    """Validated -> in fulfilment (picking began)."""
    return _progress(
        order_id=order_id, target=OrderStatus.IN_FULFILMENT, actor=actor, reason=reason
    )


def order_mark_partially_shipped(*, order_id: int, actor: Actor, reason: str = "") -> Order:
    return _progress(
        order_id=order_id, target=OrderStatus.PARTIALLY_SHIPPED, actor=actor, reason=reason
    )


def order_mark_shipped(*, order_id: int, actor: Actor, reason: str = "") -> Order:
    return _progress(order_id=order_id, target=OrderStatus.SHIPPED, actor=actor, reason=reason)


def order_mark_delivered(*, order_id: int, actor: Actor, reason: str = "") -> Order:
    return _progress(order_id=order_id, target=OrderStatus.DELIVERED, actor=actor, reason=reason)


def order_complete(*, order_id: int, actor: Actor, reason: str = "") -> Order:
    return _progress(order_id=order_id, target=OrderStatus.COMPLETED, actor=actor, reason=reason)


def order_return_request(*, order_id: int, actor: Actor, reason: str) -> Order:
    return _progress(
        order_id=order_id, target=OrderStatus.RETURN_REQUESTED, actor=actor, reason=reason
    )


def order_mark_returned(*, order_id: int, actor: Actor, reason: str = "") -> Order:
    return _progress(order_id=order_id, target=OrderStatus.RETURNED, actor=actor, reason=reason)


def order_mark_refunded(*, order_id: int, actor: Actor, partial: bool, reason: str = "") -> Order:
    target = OrderStatus.PARTIALLY_REFUNDED if partial else OrderStatus.REFUNDED
    return _progress(order_id=order_id, target=target, actor=actor, reason=reason)
