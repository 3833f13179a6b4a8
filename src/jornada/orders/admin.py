"""Staff view of orders: read-only, since every change goes through a service that
locks the order, checks the transition table and writes the timeline."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jornada.brazil.documents import tax_id_mask_or
from jornada.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Order, OrderEvent, OrderLine


class LineInline(ReadOnlyInline):
    model = OrderLine
    fields = (
        "position",
        "sku",
        "product_name",
        "variant_label",
        "quantity",
        "unit_price",
        "line_total",
    )
    readonly_fields = fields
    ordering = ("position",)


class TimelineInline(ReadOnlyInline):
    model = OrderEvent
    fields = ("created_at", "type", "actor_kind", "actor_label", "params")
    readonly_fields = fields
    ordering = ("created_at", "id")


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = (
        "number",
        "status",
        "customer_name",
        "masked_document",
        "channel",
        "payment_method",
        "grand_total",
        "ship_uf",
        "placed_at",
    )
    list_filter = ("status", "channel", "payment_method", "ship_uf", "gift_wrap")
    search_fields = ("number", "customer_name", "customer_document", "customer_email")
    date_hierarchy = "placed_at"
    ordering = ("-placed_at", "-id")
    list_select_related = False
    show_full_result_count = False
    inlines = [LineInline, TimelineInline]
    readonly_fields = [f.name for f in Order._meta.concrete_fields]

    @admin.display(description=_("CPF/CNPJ"), ordering="customer_document")
    def masked_document(self, order: Order) -> str:
        return tax_id_mask_or(order.customer_document, "—")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Order], search_term: str
    ) -> tuple[QuerySet[Order], bool]:
        # A document typed with punctuation ("123.456.789-09") finds the order too.
        digits = "".join(ch for ch in search_term if ch.isalnum())
        if digits and digits != search_term and len(digits) in (11, 14):
            return queryset.filter(customer_document=digits.upper()), False
        return super().get_search_results(request, queryset, search_term)
