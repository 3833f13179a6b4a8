"""Forms of the back office pages (parsing only; the services decide)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jornada.backoffice.access import ROLE_LABELS
from jornada.brazil.cep import UF
from jornada.core.models import StoreProfile

ROLE_CHOICES = [(role, label) for role, label in ROLE_LABELS.items()]


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


STORE_FIELDS = [
    "name",
    "legal_name",
    "document",
    "email",
    "phone",
    "whatsapp",
    "website",
    "logradouro",
    "numero",
    "complemento",
    "bairro",
    "cidade",
    "uf",
    "cep",
    "return_policy",
    "refund_policy",
    "thank_you_note",
]


class StoreProfileForm(forms.ModelForm):
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )
    # Typed as "01310-100": the punctuation is dropped before saving.
    cep = forms.CharField(label=_("CEP"), required=False, max_length=9)
    logo = forms.ImageField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG, GIF or WebP up to 2 MB; stored as PNG."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = StoreProfile
        # The website is declared above (https by default), so the model's own field,
        # which would still assume http, is never built.
        fields = [name for name in STORE_FIELDS if name != "website"]
        widgets = {
            "return_policy": forms.Textarea(attrs={"rows": 4}),
            "refund_policy": forms.Textarea(attrs={"rows": 4}),
            "thank_you_note": forms.Textarea(attrs={"rows": 3}),
            "uf": forms.Select(choices=[("", "—"), *UF.choices]),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].initial = self.instance.website

    def clean_cep(self) -> str:
        cep = "".join(ch for ch in self.cleaned_data.get("cep", "") if ch.isdigit())
        if cep and len(cep) != 8:
            raise forms.ValidationError(_("A CEP has 8 digits."))
        return cep


class StaffRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=ROLE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )


class StaffInviteForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"))
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    def role_set(self) -> set[str]:
        data: Any = self.cleaned_data.get("roles") or []
        return set(data)
