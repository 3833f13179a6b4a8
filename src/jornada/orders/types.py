"""Values that cross the orders app's boundary (API, other apps, tests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jornada.customers.types import CustomerInput
from jornada.orders.models import ActorKind


@dataclass(frozen=True, slots=True)
class Actor:
    """Who does something to an order, as the timeline shows it."""

    kind: str
    user_id: int | None = None
    label: str = ""

    @classmethod
    def system(cls, label: str = "Jornada") -> Actor:
        return cls(kind=ActorKind.SYSTEM, label=label)

    @classmethod
    def customer(cls, label: str = "") -> Actor:
        return cls(kind=ActorKind.CUSTOMER, label=label)

    @classmethod
    def staff(cls, user_id: int, label: str) -> Actor:
        return cls(kind=ActorKind.STAFF, user_id=user_id, label=label)

    @classmethod
    def integration(cls, label: str) -> Actor:
        return cls(kind=ActorKind.INTEGRATION, label=label)


@dataclass(frozen=True, slots=True)
class AddressInput:
    logradouro: str
    numero: str
    bairro: str
    cidade: str
    uf: str
    cep: str
    complemento: str = ""
    recipient: str = ""


@dataclass(frozen=True, slots=True)
class LineInput:
    sku: str
    quantity: int


@dataclass(frozen=True, slots=True)
class OrderInput:
    customer: CustomerInput
    shipping_address: AddressInput
    lines: tuple[LineInput, ...]
    payment_method: str
    instalments: int = 1
    gift_wrap: bool = False
    gift_message: str = ""
    coupon_code: str = ""
    channel: str = "online_store"
    language: str = "pt-br"


@dataclass(frozen=True, slots=True)
class PricedLine:
    position: int
    variant_id: int
    sku: str
    product_name: str
    variant_label: str
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    weight_grams: int
    handling: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Totals:
    currency: str
    subtotal: Decimal
    shipping: Decimal
    gift_wrap: Decimal
    discount: Decimal
    grand_total: Decimal
    item_count: int
    weight_grams: int


@dataclass(frozen=True, slots=True)
class PricedOrder:
    lines: tuple[PricedLine, ...]
    totals: Totals
    errors: dict[str, list[str]] = field(default_factory=dict)
