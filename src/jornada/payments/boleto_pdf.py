"""The boleto the customer prints or pays in the bank's app: a one-page PDF (ReportLab)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from jornada.brazil.boleto_render import boleto_barcode_drawing
from jornada.brazil.money import Money, money_format

if TYPE_CHECKING:
    from jornada.payments.models import Payment


def boleto_pdf(payment: Payment) -> bytes:
    """The boleto of ``payment`` (which has its line, barcode and due date)."""
    from jornada.core.store import store_profile

    store = store_profile()
    order = payment.order
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(_("Boleto for order %(number)s") % {"number": order.number})
    _width, height = A4
    top = height - 20 * mm
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(20 * mm, top, store.name)
    pdf.setFont("Courier-Bold", 11)
    pdf.drawString(
        20 * mm, top - 12 * mm, payment.boleto_line and _format_line(payment.boleto_line)
    )
    pdf.setFont("Helvetica", 10)
    rows = [
        (_("Payee"), store.legal_name or store.name),
        (_("Payer"), f"{order.customer_name} ({order.customer_document})"),
        (_("Order"), order.number),
        (
            _("Due date"),
            payment.boleto_due_date.strftime("%d/%m/%Y") if payment.boleto_due_date else "",
        ),
        (_("Amount"), money_format(Money(payment.amount, payment.currency), language="pt-br")),
    ]
    y = top - 24 * mm
    for label, value in rows:
        pdf.drawString(20 * mm, y, f"{label}: {value}")
        y -= 6 * mm
    drawing = boleto_barcode_drawing(payment.boleto_barcode)
    renderPDF.draw(drawing, pdf, 14 * mm, y - 20 * mm)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _format_line(line: str) -> str:
    from jornada.brazil.boleto import boleto_line_format

    return boleto_line_format(line)
