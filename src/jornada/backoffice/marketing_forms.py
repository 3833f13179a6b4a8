"""Forms of the messages and journeys pages (parsing only; notifications decides)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from jornada.customers.types import Channel, ConsentPurpose
from jornada.notifications.models import MessageStatus
from jornada.notifications.template_edits import TemplateDraft


class OutboxFilterForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("all")), *Channel.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("all")), *MessageStatus.choices]
    )
    order = forms.CharField(label=_("Order number"), required=False, max_length=20)
    after = forms.CharField(required=False, widget=forms.HiddenInput)


class TemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), required=False, max_length=200)
    body_text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Email text part, WhatsApp or SMS message, or call script."),
    )
    body_html = forms.CharField(
        label=_("Email HTML"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Email only; the store's layout (logo, address, footer) wraps it."),
    )
    whatsapp_template = forms.CharField(
        label=_("Approved WhatsApp template"), required=False, max_length=120
    )
    whatsapp_params = forms.CharField(
        label=_("WhatsApp template parameters"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One context name per line, for {{1}}, {{2}}…: e.g. order.number."),
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    is_active = forms.BooleanField(
        label=_("Active (off: this message is not sent)"), required=False
    )
    order = forms.CharField(
        label=_("Preview on order number (empty: sample order)"), required=False, max_length=20
    )

    def draft(self) -> TemplateDraft:
        data = self.cleaned_data
        params = tuple(
            p for p in re.split(r"[\s,]+", data.get("whatsapp_params") or "") if p.strip()
        )
        return TemplateDraft(
            subject=data.get("subject") or "",
            body_text=(data.get("body_text") or "").replace("\r\n", "\n"),
            body_html=(data.get("body_html") or "").replace("\r\n", "\n"),
            whatsapp_template=data.get("whatsapp_template") or "",
            whatsapp_params=params,
            purpose=data.get("purpose") or ConsentPurpose.TRANSACTIONAL,
            is_active=bool(data.get("is_active")),
        )

    @classmethod
    def initial_for(cls, draft: TemplateDraft) -> dict[str, object]:
        return {
            "subject": draft.subject,
            "body_text": draft.body_text,
            "body_html": draft.body_html,
            "whatsapp_template": draft.whatsapp_template,
            "whatsapp_params": "\n".join(draft.whatsapp_params),
            "purpose": draft.purpose,
            "is_active": draft.is_active,
        }
