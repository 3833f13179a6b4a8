"""Forms of the payment, carrier and box settings (parsing only; the owning apps decide)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jornada.fulfillment.boxes import BoxInput
from jornada.payments.models import Method
from jornada.payments.terms import PaymentTermsValues

RATES_MAX_UPLOAD = 2 * 1024 * 1024


def _decimal(value: str, *, places: int) -> Decimal:
    """``1,99`` or ``1.99`` (a thousands dot before a comma is dropped: ``1.000,50``)."""
    text = (value or "").strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise forms.ValidationError(_("Enter a number.")) from error
    if not number.is_finite():
        raise forms.ValidationError(_("Enter a number."))
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise forms.ValidationError(
            _("Use at most %(places)d decimal places.") % {"places": places}
        )
    return number


class PaymentTermsForm(forms.Form):
    methods = forms.MultipleChoiceField(
        label=_("Payment methods offered"),
        choices=Method.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    max_instalments = forms.IntegerField(label=_("Maximum card instalments"))
    interest_free_instalments = forms.IntegerField(label=_("Interest-free instalments"))
    monthly_interest = forms.CharField(
        label=_("Monthly interest after that (%)"),
        max_length=12,
        help_text=_("For example 1,99 for 1.99 % a month; 0 for no interest."),
    )
    min_instalment = forms.CharField(
        label=_("Smallest instalment (R$)"), max_length=14, help_text=_("For example 10,00.")
    )
    pix_expiry_minutes = forms.IntegerField(
        label=_("Pix code valid for (minutes)"),
        help_text=_("Unpaid after that, the order is cancelled."),
    )
    boleto_due_days = forms.IntegerField(label=_("Boleto due in (business days)"))
    boleto_grace_days = forms.IntegerField(
        label=_("Boleto grace after the due date (business days)"),
        help_text=_("Still unpaid after that, the order is cancelled."),
    )
    card_payment_window_minutes = forms.IntegerField(
        label=_("Card, debit and PayPal payments wait for (minutes)")
    )

    def clean_monthly_interest(self) -> Decimal:
        percent = _decimal(self.cleaned_data["monthly_interest"], places=2)
        return (percent / 100).quantize(Decimal("0.0001"))

    def clean_min_instalment(self) -> Decimal:
        return _decimal(self.cleaned_data["min_instalment"], places=2)

    def values(self) -> PaymentTermsValues:
        data = self.cleaned_data
        return PaymentTermsValues(
            methods=tuple(data["methods"]),
            max_instalments=data["max_instalments"],
            interest_free_instalments=data["interest_free_instalments"],
            monthly_interest=data["monthly_interest"],
            min_instalment=data["min_instalment"],
            pix_expiry_minutes=data["pix_expiry_minutes"],
            boleto_due_days=data["boleto_due_days"],
            boleto_grace_days=data["boleto_grace_days"],
            card_payment_window_minutes=data["card_payment_window_minutes"],
        )

    @classmethod
    def initial_for(cls, values: PaymentTermsValues) -> dict[str, object]:
        percent = (values.monthly_interest * 100).quantize(Decimal("0.01"))
        return {
            "methods": list(values.methods),
            "max_instalments": values.max_instalments,
            "interest_free_instalments": values.interest_free_instalments,
            "monthly_interest": str(percent).replace(".", ","),
            "min_instalment": str(values.min_instalment).replace(".", ","),
            "pix_expiry_minutes": values.pix_expiry_minutes,
            "boleto_due_days": values.boleto_due_days,
            "boleto_grace_days": values.boleto_grace_days,
            "card_payment_window_minutes": values.card_payment_window_minutes,
        }


class RatesImportForm(forms.Form):
    service = forms.ChoiceField(label=_("Carrier service"))
    rates = forms.FileField(
        label=_("Rate table (CSV)"),
        help_text=_(
            "Columns cep_start, cep_end, weight_max_grams, price, business_days; "
            "comma or semicolon. It replaces the service's whole table."
        ),
    )

    def __init__(self, *args: Any, services: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("Choose a service")), *services]  # type: ignore[attr-defined]

    def clean_rates(self) -> str:
        upload = self.cleaned_data["rates"]
        if upload.size > RATES_MAX_UPLOAD:
            raise forms.ValidationError(_("The file must be at most 2 MB."))
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return str(raw.decode(encoding))
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(_("The file must be text (CSV)."))


class BoxForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        required=False,
        help_text=_("Lower-case letters, digits and hyphens; it cannot change later."),
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    length_mm = forms.IntegerField(label=_("Inner length (mm)"))
    width_mm = forms.IntegerField(label=_("Inner width (mm)"))
    height_mm = forms.IntegerField(label=_("Inner height (mm)"))
    max_weight_grams = forms.IntegerField(label=_("Maximum weight (g)"))
    tare_grams = forms.IntegerField(label=_("Weight of the empty box (g)"), initial=0)
    insulated = forms.BooleanField(label=_("Insulated (food)"), required=False)

    def box_input(self, *, code: str | None = None) -> BoxInput:
        data = self.cleaned_data
        return BoxInput(
            code=code if code is not None else (data.get("code") or "").strip(),
            name=data["name"],
            length_mm=data["length_mm"],
            width_mm=data["width_mm"],
            height_mm=data["height_mm"],
            max_weight_grams=data["max_weight_grams"],
            tare_grams=data["tare_grams"],
            insulated=bool(data.get("insulated")),
        )
