"""The store's payment terms: methods offered, card instalments, how long Pix, boleto and
card payments wait. Owners change them in the back office (one ``PaymentTerms`` row);
until they do, the environment's settings apply (``JORNADA_PAYMENT_METHODS`` ...).

Checkout (``orders``) reads the methods and the instalment policy through
``pricing_rules`` (wired by ``jornada.wiring.PRICING_RULES``, since orders sits upstream of
payments); payments reads the rest when it starts a charge.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jornada.brazil.instalments import InstalmentPolicy
from jornada.brazil.money import Money
from jornada.core.cache import ttl_forget, ttl_get
from jornada.core.errors import DomainError
from jornada.orders.pricing import PricingRules, rules_from_settings
from jornada.payments.models import Method, PaymentTerms

TERMS_PK = 1

#: bounds a store may choose within (a typo such as 120 instalments is refused)
LIMITS: dict[str, tuple[int, int]] = {
    "max_instalments": (1, 24),
    "interest_free_instalments": (1, 24),
    "pix_expiry_minutes": (5, 7 * 24 * 60),
    "boleto_due_days": (1, 30),
    "boleto_grace_days": (0, 30),
    "card_payment_window_minutes": (5, 7 * 24 * 60),
}
MAX_MONTHLY_INTEREST = Decimal("0.2000")
MAX_MIN_INSTALMENT = Decimal("100000.00")


@dataclass(frozen=True, slots=True)
class PaymentTermsValues:
    methods: tuple[str, ...]
    max_instalments: int
    interest_free_instalments: int
    #: a fraction a month: ``Decimal("0.0199")`` is 1.99 %
    monthly_interest: Decimal
    min_instalment: Decimal
    pix_expiry_minutes: int
    boleto_due_days: int
    boleto_grace_days: int
    card_payment_window_minutes: int

    @property
    def instalment_policy(self) -> InstalmentPolicy:
        return InstalmentPolicy(
            max_instalments=self.max_instalments,
            interest_free_up_to=self.interest_free_instalments,
            monthly_rate=self.monthly_interest,
            min_instalment=Money(self.min_instalment),
        )

    def as_params(self) -> dict[str, object]:
        """Plain JSON values (for the staff log)."""
        values = dataclasses.asdict(self)
        values["methods"] = list(self.methods)
        values["monthly_interest"] = str(self.monthly_interest)
        values["min_instalment"] = str(self.min_instalment)
        return values


class PaymentTermsInvalid(DomainError):
    code = "payment_terms_invalid"
    status = 422


def terms_from_settings() -> PaymentTermsValues:
    return PaymentTermsValues(
        methods=tuple(m for m in Method.values if m in settings.PAYMENT_METHODS),
        max_instalments=settings.MAX_INSTALMENTS,
        interest_free_instalments=settings.INTEREST_FREE_INSTALMENTS,
        monthly_interest=Decimal(settings.MONTHLY_INTEREST),
        min_instalment=Decimal(settings.MIN_INSTALMENT),
        pix_expiry_minutes=settings.PIX_EXPIRY_MINUTES,
        boleto_due_days=settings.BOLETO_DUE_DAYS,
        boleto_grace_days=settings.BOLETO_GRACE_DAYS,
        card_payment_window_minutes=settings.CARD_PAYMENT_WINDOW_MINUTES,
    )


def _values(row: PaymentTerms) -> PaymentTermsValues:
    return PaymentTermsValues(
        methods=tuple(m for m in Method.values if m in row.methods),
        max_instalments=row.max_instalments,
        interest_free_instalments=row.interest_free_instalments,
        monthly_interest=row.monthly_interest,
        min_instalment=row.min_instalment,
        pix_expiry_minutes=row.pix_expiry_minutes,
        boleto_due_days=row.boleto_due_days,
        boleto_grace_days=row.boleto_grace_days,
        card_payment_window_minutes=row.card_payment_window_minutes,
    )


def payment_terms() -> PaymentTermsValues:
    """The terms in force: the store's row, else the environment's settings.

    One primary-key read, no process cache: a change made in the back office applies to
    the very next order on every worker.
    """
    row = PaymentTerms.objects.filter(pk=TERMS_PK).first()
    return _values(row) if row is not None else terms_from_settings()


def payment_terms_are_custom() -> bool:
    return PaymentTerms.objects.filter(pk=TERMS_PK).exists()


def pricing_rules() -> PricingRules:
    """Checkout's rules with the store's payment methods and instalment policy.

    Read on every order placed, so kept per process for ``core.cache.TTL_SECONDS``: a
    change saved in the back office applies at once in the process that saved it and
    within seconds everywhere else.
    """
    return ttl_get(_RULES_CACHE_KEY, _pricing_rules_now)


_RULES_CACHE_KEY = "payments.pricing_rules"


def _pricing_rules_now() -> PricingRules:
    terms = payment_terms()
    return dataclasses.replace(
        rules_from_settings(),
        payment_methods=frozenset(terms.methods),
        instalments=terms.instalment_policy,
    )


def payment_terms_errors(values: PaymentTermsValues) -> dict[str, list[str | Promise]]:
    """What is wrong with ``values``, by field; empty when they can be saved."""
    errors: dict[str, list[str | Promise]] = {}
    unknown = [m for m in values.methods if m not in Method.values]
    if unknown:
        errors["methods"] = [_("Unknown payment method: %(method)s.") % {"method": unknown[0]}]
    elif not values.methods:
        errors["methods"] = [_("Offer at least one payment method.")]
    for name, (low, high) in LIMITS.items():
        value = getattr(values, name)
        if not low <= value <= high:
            errors[name] = [
                _("Enter a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
            ]
    if (
        "interest_free_instalments" not in errors
        and "max_instalments" not in errors
        and values.interest_free_instalments > values.max_instalments
    ):
        errors["interest_free_instalments"] = [
            _("Cannot be more than the maximum number of instalments.")
        ]
    rate = values.monthly_interest
    if not rate.is_finite() or not Decimal(0) <= rate <= MAX_MONTHLY_INTEREST:
        errors["monthly_interest"] = [_("Enter a monthly rate from 0 % to 20 %.")]
    elif rate != rate.quantize(Decimal("0.0001")):
        errors["monthly_interest"] = [_("Use at most two decimal places of percent.")]
    least = values.min_instalment
    if not least.is_finite() or not Decimal(0) <= least <= MAX_MIN_INSTALMENT:
        errors["min_instalment"] = [_("Enter an amount from 0,00 to 100.000,00.")]
    elif least != least.quantize(Decimal("0.01")):
        errors["min_instalment"] = [_("Use at most two decimal places.")]
    return errors


def payment_terms_update(
    *, values: PaymentTermsValues, updated_by: str
) -> tuple[PaymentTermsValues, PaymentTermsValues]:
    """Save the store's payment terms; returns (before, after).

    Raises ``PaymentTermsInvalid`` naming every bad field; nothing is written then. Orders
    already placed keep what they were charged under; the next order uses the new terms.
    """
    errors = payment_terms_errors(values)
    if errors:
        raise PaymentTermsInvalid(_("The payment settings have invalid fields."), fields=errors)
    with transaction.atomic():
        row = PaymentTerms.objects.select_for_update().filter(pk=TERMS_PK).first()
        before = _values(row) if row is not None else terms_from_settings()
        PaymentTerms.objects.update_or_create(
            pk=TERMS_PK,
            defaults={
                "methods": list(values.methods),
                "max_instalments": values.max_instalments,
                "interest_free_instalments": values.interest_free_instalments,
                "monthly_interest": values.monthly_interest,
                "min_instalment": values.min_instalment,
                "pix_expiry_minutes": values.pix_expiry_minutes,
                "boleto_due_days": values.boleto_due_days,
                "boleto_grace_days": values.boleto_grace_days,
                "card_payment_window_minutes": values.card_payment_window_minutes,
                "updated_at": timezone.now(),
                "updated_by": updated_by[:200],
            },
        )
    ttl_forget(_RULES_CACHE_KEY)
    return before, payment_terms()
