"""Owner settings: payment methods, card instalments and how long payments wait."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jornada.backoffice.access import capability_required
from jornada.backoffice.settings_forms import PaymentTermsForm
from jornada.backoffice.settings_services import payment_terms_save_by_staff
from jornada.backoffice.views.common import client_ip
from jornada.brazil.instalments import instalment_options
from jornada.brazil.money import Money
from jornada.core.errors import DomainError
from jornada.payments.terms import payment_terms, payment_terms_are_custom

#: the example total the page shows the instalment table for
EXAMPLE_TOTAL = "300.00"


@require_http_methods(["GET", "POST"])
@capability_required("settings.payments")
def payment_settings(request: HttpRequest) -> HttpResponse:
    terms = payment_terms()
    status = 200
    if request.method == "POST":
        form = PaymentTermsForm(request.POST)
        if form.is_valid():
            try:
                payment_terms_save_by_staff(
                    values=form.values(), user=request.user, ip_address=client_ip(request)
                )
            except DomainError as error:
                for name, problems in error.fields.items():
                    for problem in problems:
                        form.add_error(name if name in form.fields else None, str(problem))
            else:
                messages.success(request, _("Payment settings saved."))
                return redirect("backoffice:payment_settings")
        status = 422
    else:
        form = PaymentTermsForm(initial=PaymentTermsForm.initial_for(terms))
    example = Money(EXAMPLE_TOTAL)
    context = {
        "form": form,
        "custom": payment_terms_are_custom(),
        "example_total": example,
        "example": instalment_options(example, policy=terms.instalment_policy)
        if "credit_card" in terms.methods
        else [],
    }
    return render(request, "backoffice/settings/payments.html", context, status=status)
