"""The purchase order as a PDF (ReportLab), attached to the supplier's email."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from jornada.core.store import store_profile
from jornada.inventory.models import PurchaseOrder, PurchaseOrderLine


def purchase_order_pdf(
    *, purchase_order: PurchaseOrder, lines: Sequence[PurchaseOrderLine], now: dt.datetime
) -> bytes:
    text = {
        "Purchase order": _("Purchase order"),
        "Date": _("Date"),
        "Supplier": _("Supplier"),
        "Terms": _("Terms"),
        "Expected by": _("Expected by"),
        "Ship directly to the customer": _("Ship directly to the customer"),
        "Deliver to": _("Deliver to"),
    }
    store = store_profile()
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=purchase_order.number)
    supplier = purchase_order.supplier
    story = [
        Paragraph(
            f"{store.name} — {text['Purchase order']} {purchase_order.number}", styles["Title"]
        ),
        Paragraph(f"{text['Date']}: {timezone.localtime(now):%d/%m/%Y}", styles["Normal"]),
        Paragraph(f"{text['Supplier']}: {supplier.name}", styles["Normal"]),
    ]
    if supplier.terms:
        story.append(Paragraph(f"{text['Terms']}: {supplier.terms}", styles["Normal"]))
    if purchase_order.expected_date:
        story.append(
            Paragraph(
                f"{text['Expected by']}: {purchase_order.expected_date:%d/%m/%Y}", styles["Normal"]
            )
        )
    if purchase_order.dropship:
        to = purchase_order.ship_to
        address = ", ".join(
            str(to.get(key, ""))
            for key in (
                "recipient",
                "logradouro",
                "numero",
                "complemento",
                "bairro",
                "cidade",
                "uf",
                "cep",
            )
            if to.get(key)
        )
        story.append(
            Paragraph(f"{text['Ship directly to the customer']}: {address}", styles["Normal"])
        )
    elif purchase_order.location is not None:
        story.append(
            Paragraph(f"{text['Deliver to']}: {purchase_order.location.name}", styles["Normal"])
        )
    story.append(Spacer(1, 12))
    rows: list[list[str]] = [
        [_("SKU"), _("Supplier's SKU"), _("Quantity"), _("Unit cost"), _("Total")]
    ]
    total = Decimal("0.00")
    for line in lines:
        amount = line.unit_cost * line.quantity
        total += amount
        rows.append(
            [
                line.sku,
                line.supplier_sku,
                str(line.quantity),
                f"{line.unit_cost:.2f}",
                f"{amount:.2f}",
            ]
        )
    rows.append(["", "", "", _("Total"), f"{total:.2f}"])
    table = Table(rows, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -2), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
            ]
        )
    )
    story.append(table)
    doc.build(story)
    return buffer.getvalue()
