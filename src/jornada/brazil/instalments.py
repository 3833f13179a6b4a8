"""Instalment plans (parcelamento) and the options table shown at checkout.

Up to ``interest_free_up_to`` instalments the total is split with no interest, the
first instalments carrying the leftover cents (``100,00`` in 3 = ``33,34 + 33,33 +
33,33``). Beyond that, the Price table (French amortisation): every instalment is
``PMT = PV * i / (1 - (1 + i) ** -n)`` rounded up to the cent (so the store never
receives less than the Price table says, even at tiny rates), and the total charged
is exactly the sum of the instalments. No instalment may be below ``min_instalment``
(a single payment is always allowed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_UP, Decimal, localcontext

from babel.numbers import format_percent
from django.utils.translation import gettext_lazy as _

from .errors import InstalmentError
from .i18n import babel_locale, translate
from .money import Money, money_format

LABEL_INTEREST_FREE = _("%(count)dx of %(instalment)s interest-free")
LABEL_WITH_INTEREST = _(
    "%(count)dx of %(instalment)s with interest of %(rate)s a month (total %(total)s)"
)


@dataclass(frozen=True, slots=True)
class InstalmentPolicy:
    """What the store offers: at most ``max_instalments``, interest-free up to
    ``interest_free_up_to``, then ``monthly_rate`` (``Decimal("0.0199")`` = 1.99% a month)."""

    max_instalments: int = 12
    interest_free_up_to: int = 3
    monthly_rate: Decimal = Decimal("0.0199")
    min_instalment: Money = field(default_factory=lambda: Money("5.00"))

    def __post_init__(self) -> None:
        if self.max_instalments < 1:
            raise InstalmentError(
                _("at least one instalment must be allowed"),
                code="invalid_policy",
                field="max_instalments",
            )
        if self.interest_free_up_to < 1:
            raise InstalmentError(
                _("a single payment is always interest-free"),
                code="invalid_policy",
                field="interest_free_up_to",
            )
        if not isinstance(self.monthly_rate, Decimal) or self.monthly_rate < 0:
            raise InstalmentError(
                _("the monthly rate must be a non-negative Decimal"),
                code="invalid_policy",
                field="monthly_rate",
            )


@dataclass(frozen=True, slots=True)
class InstalmentPlan:
    count: int
    instalments: tuple[Money, ...]
    principal: Money
    total: Money
    monthly_rate: Decimal
    interest_free: bool

    @property
    def instalment(self) -> Money:
        """The largest instalment (the first), the one to show."""
        return self.instalments[0]

    @property
    def interest(self) -> Money:
        return self.total - self.principal


@dataclass(frozen=True, slots=True)
class InstalmentOption:
    """One row of the checkout table."""

    count: int
    instalment: Money
    total: Money
    monthly_rate: Decimal
    interest_free: bool
    label: str


def price_table_payment(principal: Decimal, rate: Decimal, count: int) -> Decimal:
    """The exact (unrounded) Price-table payment; ``rate`` 0 divides evenly."""
    if rate == 0:
        return principal / count
    with localcontext() as context:
        context.prec = 34
        return principal * rate / (1 - (1 + rate) ** -count)


def instalment_plan(
    total: Money, count: int, *, policy: InstalmentPolicy | None = None
) -> InstalmentPlan:
    """The plan for paying ``total`` in ``count`` instalments under ``policy``."""
    policy = policy or InstalmentPolicy()
    if not isinstance(total, Money) or total.amount <= 0:
        raise InstalmentError(
            _("the total must be a positive amount"), code="invalid_total", field="total"
        )
    if not isinstance(count, int) or not 1 <= count <= policy.max_instalments:
        raise InstalmentError(
            _("choose between 1 and %(max)d instalments"),
            code="invalid_count",
            field="count",
            params={"max": policy.max_instalments},
        )
    if policy.min_instalment.currency != total.currency:
        raise InstalmentError(
            _("the minimum instalment is in another currency"),
            code="currency_mismatch",
            field="currency",
        )
    interest_free = count <= policy.interest_free_up_to or policy.monthly_rate == 0
    if interest_free:
        instalments = total.split(count)
        charged = total
        rate = Decimal(0)
    else:
        exact = price_table_payment(total.amount, policy.monthly_rate, count)
        payment = Money(exact.quantize(total.amount, rounding=ROUND_UP), total.currency)
        instalments = (payment,) * count
        charged = payment * count
        rate = policy.monthly_rate
    if count > 1 and instalments[-1] < policy.min_instalment:
        raise InstalmentError(
            _("each instalment must be at least %(minimum)s"),
            code="below_minimum",
            field="count",
            params={"minimum": policy.min_instalment.amount},
        )
    return InstalmentPlan(
        count=count,
        instalments=instalments,
        principal=total,
        total=charged,
        monthly_rate=rate,
        interest_free=interest_free,
    )


def instalment_options(
    total: Money, *, policy: InstalmentPolicy | None = None, language: str | None = None
) -> list[InstalmentOption]:
    """Every plan the customer may choose, 1x first, each with its label
    (``"3x de R$ 33,34 sem juros"`` in pt-br)."""
    policy = policy or InstalmentPolicy()
    options: list[InstalmentOption] = []
    for count in range(1, policy.max_instalments + 1):
        try:
            plan = instalment_plan(total, count, policy=policy)
        except InstalmentError as error:
            if error.code == "below_minimum":
                break
            raise
        options.append(
            InstalmentOption(
                count=count,
                instalment=plan.instalment,
                total=plan.total,
                monthly_rate=plan.monthly_rate,
                interest_free=plan.interest_free,
                label=instalment_label(plan, language=language),
            )
        )
    return options


def instalment_label(plan: InstalmentPlan, *, language: str | None = None) -> str:
    params = {
        "count": plan.count,
        "instalment": money_format(plan.instalment, language=language),
        "total": money_format(plan.total, language=language),
        "rate": format_percent(plan.monthly_rate, "#,##0.00%", locale=babel_locale(language)),
    }
    template = LABEL_INTEREST_FREE if plan.interest_free else LABEL_WITH_INTEREST
    return translate(template, language, params).replace("\xa0", " ")
