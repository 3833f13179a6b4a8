"""Staff view of customers: read-only, since every change goes through a service
(and leaves its log entry); the document is masked in lists."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jornada.brazil.documents import tax_id_mask_or
from jornada.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import ConsentLogEntry, ContactChange, Customer, CustomerAddress


class AddressInline(ReadOnlyInline):
    model = CustomerAddress
    fields = (
        "label", "logradouro", "numero", "complemento", "bairro", "cidade", "uf", "cep",
        "is_default", "created_at", "last_used_at",
    )  # fmt: skip
    readonly_fields = fields
    ordering = ("-last_used_at",)


class ConsentLogInline(ReadOnlyInline):
    model = ConsentLogEntry
    fields = ("at", "channel", "purpose", "granted", "source", "actor_label", "evidence")
    readonly_fields = fields


class ContactChangeInline(ReadOnlyInline):
    model = ContactChange
    fields = ("at", "field", "old_value", "new_value", "source", "actor_label")
    readonly_fields = fields


@admin.register(Customer)
class CustomerAdmin(ReadOnlyAdmin):
    list_display = (
        "name", "masked_document", "email", "phone_e164", "preferred_channel", "source",
        "order_count", "last_order_at",
    )  # fmt: skip
    list_filter = ("source", "preferred_channel", "document_kind")
    search_fields = ("name", "email", "document", "phone_e164")
    date_hierarchy = "created_at"
    fieldsets = (
        (None, {"fields": ("name", "document", "document_kind", "source", "language")}),
        (
            _("Contact"),
            {
                "fields": (
                    "email",
                    "phone_e164",
                    "phone_is_mobile",
                    "preferred_channel",
                    "contact_confirmed_at",
                )
            },
        ),
        (
            _("Consent"),
            {
                "fields": (
                    "consent_email_marketing",
                    "consent_whatsapp_marketing",
                    "consent_sms_marketing",
                    "consent_phone_marketing",
                    "optout_email",
                    "optout_whatsapp",
                    "optout_sms",
                    "optout_phone",
                )
            },
        ),
        (
            _("Orders"),
            {
                "fields": (
                    "order_count",
                    "first_order_at",
                    "last_order_at",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )
    inlines = [AddressInline, ConsentLogInline, ContactChangeInline]

    @admin.display(description=_("CPF/CNPJ"), ordering="document")
    def masked_document(self, obj: Customer) -> str:
        return tax_id_mask_or(obj.document, "***")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # Staff paste documents formatted ("529.982.247-25"); rows hold them bare.
        compact = "".join(ch for ch in search_term if ch not in ".-/ ").upper()
        if compact and compact != search_term and compact.isalnum():
            results, duplicates = super().get_search_results(request, queryset, search_term)
            return results | queryset.filter(document__startswith=compact), duplicates
        return super().get_search_results(request, queryset, search_term)


@admin.register(ConsentLogEntry)
class ConsentLogEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "customer", "channel", "purpose", "granted", "source", "actor_label")
    list_filter = ("channel", "purpose", "granted", "source")
    search_fields = ("customer__name", "customer__email", "customer__document", "actor_label")
    list_select_related = ("customer",)
    date_hierarchy = "at"
