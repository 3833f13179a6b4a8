"""Risk checks on a paid order: pure, over plain facts gathered by the service.

Each failed check adds points and a reason (a stable code, the points and a detail);
an order whose score reaches the store's threshold waits for staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from jornada.brazil.cep import cep_matches_uf
from jornada.brazil.documents import tax_id_validate
from jornada.brazil.errors import DocumentError, PhoneError
from jornada.brazil.phones import phone_parse

POINTS = {
    "document_invalid": 100,
    "cep_uf_mismatch": 60,
    "no_carrier": 60,
    "name_document_mismatch": 40,
    "first_purchase_high_value": 35,
    "email_unreachable": 30,
    "address_velocity": 30,
    "document_velocity": 30,
    "billing_far_from_shipping": 25,
    "phone_invalid": 15,
    "card_declined_before": 20,
}
LABELS = {
    "document_invalid": _("The CPF/CNPJ is not valid."),
    "cep_uf_mismatch": _("The CEP does not belong to the state given."),
    "no_carrier": _("No carrier delivers to this address."),
    "name_document_mismatch": _("This document was used before under another name."),
    "first_purchase_high_value": _("First purchase of a high value."),
    "email_unreachable": _("The email address cannot receive messages."),
    "address_velocity": _("Many recent orders to this address."),
    "document_velocity": _("Many recent orders from this document."),
    "billing_far_from_shipping": _("Billing and shipping addresses are in different regions."),
    "phone_invalid": _("The phone number is missing or not valid."),
    "card_declined_before": _("Card payments were declined before this one."),
}
DISPOSABLE_DOMAINS = frozenset(
    {
        "mailinator.com",
        "10minutemail.com",
        "guerrillamail.com",
        "tempmail.com",
        "yopmail.com",
        "trashmail.com",
        "sharklasers.com",
        "getnada.com",
        "dispostable.com",
        "temp-mail.org",
    }
)
REGIONS = {
    "N": {"AC", "AP", "AM", "PA", "RO", "RR", "TO"},
    "NE": {"AL", "BA", "CE", "MA", "PB", "PE", "PI", "RN", "SE"},
    "CO": {"DF", "GO", "MT", "MS"},
    "SE": {"ES", "MG", "RJ", "SP"},
    "S": {"PR", "RS", "SC"},
}


def region_of(uf: str) -> str:
    return next((name for name, ufs in REGIONS.items() if uf in ufs), "")


@dataclass(frozen=True, slots=True)
class RiskFacts:
    document: str
    name: str
    email: str
    phone: str
    ship_uf: str
    ship_cep: str
    grand_total: Decimal
    earlier_orders: int  # by this customer, not cancelled, placed before this one
    earlier_names: tuple[str, ...]  # names this document was used with before
    orders_to_address: int  # recent, other than this one
    orders_from_document: int  # recent, other than this one
    billing_uf: str  # the customer's own (first) address; "" when unknown
    declined_attempts: int
    carrier_available: bool = True


@dataclass(frozen=True, slots=True)
class RiskRules:
    high_value: Decimal
    velocity_max: int


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    points: int
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Assessment:
    score: int
    reasons: tuple[Reason, ...]


def _names_differ(a: str, b: str) -> bool:
    """Different people: first and last names both differ (typos and middle names pass)."""
    wa, wb = a.lower().split(), b.lower().split()
    if not wa or not wb:
        return False
    return wa[0] != wb[0] and wa[-1] != wb[-1]


def _email_reachable(email: str) -> bool:
    local, _sep, domain = email.strip().lower().rpartition("@")
    if not local or "." not in domain or domain.startswith(".") or domain.endswith("."):
        return False
    return domain not in DISPOSABLE_DOMAINS


def risk_assess(facts: RiskFacts, rules: RiskRules) -> Assessment:
    reasons: list[Reason] = []

    def add(code: str, detail: str = "", times: int = 1) -> None:
        reasons.append(Reason(code, POINTS[code] * times, detail))

    try:
        tax_id_validate(facts.document)
    except DocumentError:
        add("document_invalid")
    if not cep_matches_uf(facts.ship_cep, facts.ship_uf):
        add("cep_uf_mismatch", f"{facts.ship_cep}/{facts.ship_uf}")
    if not facts.carrier_available:
        add("no_carrier", facts.ship_cep)
    other = next((n for n in facts.earlier_names if _names_differ(n, facts.name)), None)
    if other is not None:
        add("name_document_mismatch", other)
    if facts.earlier_orders == 0 and facts.grand_total >= rules.high_value:
        add("first_purchase_high_value", str(facts.grand_total))
    if not _email_reachable(facts.email):
        add("email_unreachable", facts.email)
    if facts.orders_to_address >= rules.velocity_max:
        add("address_velocity", str(facts.orders_to_address))
    if facts.orders_from_document >= rules.velocity_max:
        add("document_velocity", str(facts.orders_from_document))
    if facts.billing_uf and region_of(facts.billing_uf) != region_of(facts.ship_uf):
        add("billing_far_from_shipping", f"{facts.billing_uf} -> {facts.ship_uf}")
    try:
        if not facts.phone:
            raise PhoneError("missing", code="missing", field="phone")
        phone_parse(facts.phone)
    except PhoneError:
        add("phone_invalid", facts.phone)
    if facts.declined_attempts:
        add(
            "card_declined_before",
            str(facts.declined_attempts),
            times=min(facts.declined_attempts, 2),
        )
    return Assessment(score=sum(r.points for r in reasons), reasons=tuple(reasons))
