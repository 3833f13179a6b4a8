"""The packing slip (PDF, A5): the store's logo and contacts, the items, the return and
refund policy exactly as configured, and the thank-you note. Gift orders show no prices.

Pure rendering over plain values.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

_STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("slip-body", parent=_STYLES["BodyText"], fontSize=8, leading=10)
SMALL = ParagraphStyle("slip-small", parent=BODY, fontSize=7, leading=9)
TITLE = ParagraphStyle("slip-title", parent=_STYLES["Heading2"], fontSize=12, spaceAfter=2)
HEADING = ParagraphStyle("slip-heading", parent=_STYLES["Heading4"], fontSize=9, spaceBefore=6)


@dataclass(frozen=True, slots=True)
class SlipLine:
    sku: str
    name: str
    quantity: int
    unit_price: str  # formatted money
    total: str


@dataclass(frozen=True, slots=True)
class SlipData:
    store_name: str
    store_contacts: tuple[str, ...]
    logo_png: bytes
    order_number: str
    placed_on: str
    recipient: str
    address: tuple[str, ...]
    package: str  # "1/2"
    lines: tuple[SlipLine, ...]
    gift: bool
    gift_message: str
    return_policy: str
    refund_policy: str
    thank_you_note: str
    total: str = ""


def text_block(text: str, style: ParagraphStyle) -> list[Paragraph]:
    """The text as written: each line break kept, nothing interpreted as markup."""
    return [
        Paragraph(escape(paragraph).replace("\n", "<br/>"), style)
        for paragraph in text.split("\n\n")
        if paragraph.strip()
    ]


def _items_table(lines: Sequence[SlipLine], *, prices: bool) -> Table:
    header = ["SKU", "Produto", "Qtd."] + (["Unitário", "Total"] if prices else [])
    rows: list[list[object]] = [list(header)]
    for line in lines:
        row: list[object] = [line.sku, Paragraph(escape(line.name), SMALL), str(line.quantity)]
        if prices:
            row += [line.unit_price, line.total]
        rows.append(row)
    widths = [22 * mm, 58 * mm, 12 * mm] + ([18 * mm, 18 * mm] if prices else [])
    if not prices:
        widths[1] = 94 * mm
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 7),
                ("FONT", (0, 1), (-1, -1), "Helvetica", 7),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def packing_slip_pdf(data: SlipData) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A5,
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=10 * mm,
        bottomMargin=10 * mm,
        title=f"Romaneio {data.order_number}",
        author=data.store_name,
    )
    story: list[object] = []
    if data.logo_png:
        logo = ImageReader(io.BytesIO(data.logo_png))
        width, height = logo.getSize()
        story.append(
            Image(io.BytesIO(data.logo_png), width=30 * mm, height=30 * mm * height / width)
        )
    story.append(Paragraph(escape(data.store_name), TITLE))
    story.append(Paragraph(escape(" · ".join(data.store_contacts)), SMALL))
    story.append(Spacer(1, 4 * mm))
    story.append(
        Paragraph(
            escape(f"Pedido {data.order_number} · {data.placed_on} · Volume {data.package}"), BODY
        )
    )
    story.append(Paragraph(escape(data.recipient), BODY))
    for line in data.address:
        story.append(Paragraph(escape(line), SMALL))
    story.append(Spacer(1, 3 * mm))
    story.append(_items_table(data.lines, prices=not data.gift))
    if data.total and not data.gift:
        story.append(Paragraph(escape(f"Total do pedido: {data.total}"), BODY))
    if data.gift:
        story.append(Paragraph("Presente", HEADING))
        if data.gift_message:
            story += text_block(data.gift_message, BODY)
    if data.thank_you_note:
        story.append(Spacer(1, 3 * mm))
        story += text_block(data.thank_you_note, BODY)
    if data.return_policy:
        story.append(Paragraph("Trocas e devoluções", HEADING))
        story += text_block(data.return_policy, SMALL)
    if data.refund_policy:
        story.append(Paragraph("Reembolso", HEADING))
        story += text_block(data.refund_policy, SMALL)
    doc.build(story)  # type: ignore[arg-type]
    return out.getvalue()
