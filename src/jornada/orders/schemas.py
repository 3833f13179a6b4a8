"""Request and response shapes of the orders API (pydantic, via django-ninja)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field

from jornada.brazil.documents import tax_id_mask
from jornada.customers.types import CustomerInput
from jornada.orders.models import Order, OrderEvent, OrderLine
from jornada.orders.states import OrderStatus
from jornada.orders.types import AddressInput, LineInput, OrderInput


class Strict(BaseModel):
    # Unknown fields are refused by name: a client cannot slip in a price or a total.
    # Plain pydantic (not ninja's Schema, whose wrapper reads Django objects): inputs
    # are JSON only, and order intake validates thousands a second.
    model_config = ConfigDict(extra="forbid")


class CustomerIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    document: str = Field(min_length=1, max_length=20, description="CPF or CNPJ, any punctuation")
    email: str = Field(min_length=3, max_length=254)
    phone: str = Field(default="", max_length=30)
    preferred_channel: str = Field(default="email", description="email, whatsapp, sms or phone")
    marketing_consent: bool | None = None


class AddressIn(Strict):
    recipient: str = Field(default="", max_length=200)
    cep: str = Field(min_length=1, max_length=10)
    logradouro: str = Field(min_length=1, max_length=200)
    numero: str = Field(min_length=1, max_length=20)
    complemento: str = Field(default="", max_length=100)
    bairro: str = Field(min_length=1, max_length=100)
    cidade: str = Field(min_length=1, max_length=100)
    uf: str = Field(min_length=2, max_length=2)

    def to_input(self) -> AddressInput:
        return AddressInput(
            recipient=self.recipient,
            cep=self.cep,
            logradouro=self.logradouro,
            numero=self.numero,
            complemento=self.complemento,
            bairro=self.bairro,
            cidade=self.cidade,
            uf=self.uf,
        )


class LineIn(Strict):
    sku: str = Field(min_length=1, max_length=64)
    quantity: int


class PaymentIn(Strict):
    method: str = Field(description="credit_card, pix, boleto, debit_card or paypal")
    instalments: int = 1


class GiftWrapIn(Strict):
    message: str = Field(default="", max_length=300)


class OrderIn(Strict):
    customer: CustomerIn
    shipping_address: AddressIn
    lines: list[LineIn] = Field(min_length=1, max_length=100)
    payment: PaymentIn
    gift_wrap: GiftWrapIn | None = None
    coupon_code: str = Field(default="", max_length=40)
    channel: str = "online_store"
    language: str = "pt-br"

    def to_input(self) -> OrderInput:
        return OrderInput(
            customer=CustomerInput(
                name=self.customer.name,
                document=self.customer.document,
                email=self.customer.email,
                phone=self.customer.phone,
                preferred_channel=self.customer.preferred_channel,
                language=self.language,
                marketing_consent=self.customer.marketing_consent,
            ),
            shipping_address=self.shipping_address.to_input(),
            lines=tuple(LineInput(sku=line.sku, quantity=line.quantity) for line in self.lines),
            payment_method=self.payment.method,
            instalments=self.payment.instalments,
            gift_wrap=self.gift_wrap is not None,
            gift_message=self.gift_wrap.message if self.gift_wrap else "",
            coupon_code=self.coupon_code,
            channel=self.channel,
            language=self.language,
        )


class LinesIn(Strict):
    lines: list[LineIn] = Field(min_length=1, max_length=100)


class CancelIn(Strict):
    reason: str = Field(min_length=1, max_length=300)


class NoteIn(Strict):
    text: str = Field(min_length=1, max_length=2000)


# --- responses --------------------------------------------------------------------


class LineOut(Schema):
    position: int
    sku: str
    product_name: str
    variant_label: str
    quantity: int
    unit_price: str
    line_total: str


class TotalsOut(Schema):
    currency: str
    subtotal: str
    shipping: str
    gift_wrap: str
    discount: str
    grand_total: str


class OrderOut(Schema):
    number: str
    status: str
    status_label: str
    channel: str
    language: str
    placed_at: dt.datetime
    customer: dict[str, str]
    shipping_address: dict[str, str]
    payment: dict[str, str | int]
    gift_wrap: dict[str, str | bool]
    coupon_code: str
    totals: TotalsOut
    lines: list[LineOut]
    cancelled_at: dt.datetime | None = None
    cancel_reason: str = ""
    access_token: str | None = None


class OrderListOut(Schema):
    orders: list[OrderOut]
    next_cursor: str | None


class TimelineEntryOut(Schema):
    id: int
    type: str
    title: str
    actor: dict[str, str | None]
    params: dict[str, object]
    at: dt.datetime


def order_out_data(
    order: Order, lines: list[OrderLine], *, access_token: str | None = None
) -> dict[str, Any]:
    """``OrderOut`` as plain values, in its field order: what the API renders (built
    directly, since order intake renders a thousand a second)."""
    return {
        "number": order.number,
        "status": order.status,
        "status_label": str(OrderStatus(order.status).label),
        "channel": order.channel,
        "language": order.language,
        "placed_at": order.placed_at,
        "customer": {
            "name": order.customer_name,
            "document": tax_id_mask(order.customer_document),
            "email": order.customer_email,
            "phone": order.customer_phone,
        },
        "shipping_address": {
            "recipient": order.recipient_name,
            "logradouro": order.ship_logradouro,
            "numero": order.ship_numero,
            "complemento": order.ship_complemento,
            "bairro": order.ship_bairro,
            "cidade": order.ship_cidade,
            "uf": order.ship_uf,
            "cep": f"{order.ship_cep[:5]}-{order.ship_cep[5:]}",
        },
        "payment": {"method": order.payment_method, "instalments": order.instalments},
        "gift_wrap": {"enabled": order.gift_wrap, "message": order.gift_message},
        "coupon_code": order.coupon_code,
        "totals": {
            "currency": order.currency,
            "subtotal": str(order.subtotal),
            "shipping": str(order.shipping_total),
            "gift_wrap": str(order.gift_wrap_total),
            "discount": str(order.discount_total),
            "grand_total": str(order.grand_total),
        },
        "lines": [
            {
                "position": line.position,
                "sku": line.sku,
                "product_name": line.product_name,
                "variant_label": line.variant_label,
                "quantity": line.quantity,
                "unit_price": str(line.unit_price),
                "line_total": str(line.line_total),
            }
            for line in lines
        ],
        "cancelled_at": order.cancelled_at,
        "cancel_reason": order.cancel_reason,
        "access_token": access_token,
    }


def order_out(order: Order, lines: list[OrderLine], *, access_token: str | None = None) -> OrderOut:
    return OrderOut(**order_out_data(order, lines, access_token=access_token))


def timeline_out(event: OrderEvent) -> TimelineEntryOut:
    return TimelineEntryOut(
        id=event.pk,
        type=event.type,
        title=str(event.get_type_display()),
        actor={
            "kind": event.actor_kind,
            "label": event.actor_label,
            "user": event.actor_user.get_username() if event.actor_user else None,
        },
        params=event.params,
        at=event.created_at,
    )
