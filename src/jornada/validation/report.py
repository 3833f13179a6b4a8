"""The order report (PDF, A4): buyer, document masked, payment, order number, items,
totals and the promised delivery date. Pure rendering over plain values."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

_STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("report-body", parent=_STYLES["BodyText"], fontSize=9, leading=12)
TITLE = ParagraphStyle("report-title", parent=_STYLES["Heading1"], fontSize=15)
HEADING = ParagraphStyle("report-heading", parent=_STYLES["Heading3"], fontSize=11)


@dataclass(frozen=True, slots=True)
class ReportLine:
    sku: str
    name: str
    quantity: int
    unit_price: str
    total: str


@dataclass(frozen=True, slots=True)
class ReportData:
    store_name: str
    store_contacts: str
    order_number: str
    placed_on: str
    buyer: str
    document_masked: str
    email: str
    phone: str
    address: tuple[str, ...]
    payment: str
    lines: tuple[ReportLine, ...]
    totals: tuple[tuple[str, str], ...]  # (label, formatted amount)
    promised_date: str
    carrier: str


def _table(rows: Sequence[Sequence[object]], widths: Sequence[float], *, header: bool) -> Table:
    table = Table([list(r) for r in rows], colWidths=list(widths))
    style: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        style += [
            ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
            ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
        ]
    else:
        style.append(("ALIGN", (1, 0), (1, -1), "RIGHT"))
    table.setStyle(TableStyle(style))
    return table


def order_report_pdf(data: ReportData) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"Pedido {data.order_number}",
        author=data.store_name,
    )
    story: list[object] = [
        Paragraph(escape(data.store_name), HEADING),
        Paragraph(escape(data.store_contacts), BODY),
        Paragraph(escape(f"Pedido {data.order_number}"), TITLE),
        Paragraph(escape(f"Realizado em {data.placed_on}"), BODY),
        Paragraph("Comprador", HEADING),
        Paragraph(escape(data.buyer), BODY),
        Paragraph(escape(f"CPF/CNPJ: {data.document_masked}"), BODY),
        Paragraph(escape(f"E-mail: {data.email}"), BODY),
    ]
    if data.phone:
        story.append(Paragraph(escape(f"Telefone: {data.phone}"), BODY))
    story.append(Paragraph("Entrega", HEADING))
    story += [Paragraph(escape(line), BODY) for line in data.address]
    story.append(Paragraph(escape(f"Pagamento: {data.payment}"), BODY))
    story.append(Paragraph("Itens", HEADING))
    rows: list[list[object]] = [["SKU", "Produto", "Qtd.", "Unitário", "Total"]]
    rows += [
        [
            line.sku,
            Paragraph(escape(line.name), BODY),
            str(line.quantity),
            line.unit_price,
            line.total,
        ]
        for line in data.lines
    ]
    story.append(_table(rows, [28 * mm, 70 * mm, 14 * mm, 28 * mm, 28 * mm], header=True))
    story.append(Spacer(1, 4 * mm))
    story.append(_table([list(t) for t in data.totals], [140 * mm, 28 * mm], header=False))
    story.append(Paragraph("Prazo de entrega", HEADING))
    story.append(
        Paragraph(escape(f"Entrega prevista até {data.promised_date} ({data.carrier})"), BODY)
    )
    doc.build(story)  # type: ignore[arg-type]
    return out.getvalue()
