"""The shipping label (100 x 150 mm) and the daily manifest, as PDF bytes.

Pure rendering over plain values. The tracking code is a Code128 barcode and the QR
carries the public tracking link; both are drawn as 1-bit raster images at whole
modules, so a thermal printer (203 dpi) and a scanner read them alike.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import barcode
import segno
from PIL import Image
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

LABEL_SIZE = (100 * mm, 150 * mm)
QR_MASK = 1


@contextmanager
def binary_streams() -> Iterator[None]:
    """Image streams stored as compressed binary, not ASCII85 text: valid PDF, a fifth
    smaller, and it skips ReportLab's pure-Python ASCII85 encoder (the label's hot spot)."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


@dataclass(frozen=True, slots=True)
class Party:
    name: str
    lines: tuple[str, ...]  # street, district, city/UF
    cep: str  # formatted 00000-000


@dataclass(frozen=True, slots=True)
class LabelData:
    tracking_code: str
    tracking_url: str
    carrier: str
    service: str
    sender: Party
    recipient: Party
    order_number: str
    weight_grams: int
    package: str  # "1/2"
    declared_value: str = ""  # "R$ 1.200,00" when insured
    marks: tuple[str, ...] = ()  # "FRÁGIL", "PERECÍVEL"


def code128_image(text: str, *, module_px: int = 3, height_px: int = 40) -> Image.Image:
    """Code128 (python-barcode's encoding) as a black-and-white grey image with a
    10-module quiet zone; the PDF stretches it to the bars' printed height."""
    bits = "0" * 10 + barcode.get("code128", text).build()[0] + "0" * 10
    row = Image.frombytes("L", (len(bits), 1), bytes(0 if b == "1" else 255 for b in bits))
    return row.resize((len(bits) * module_px, height_px), Image.Resampling.NEAREST)


def qr_image(text: str, *, module_px: int = 4, border: int = 4) -> Image.Image:
    # A fixed mask: any of the eight is valid for every reader, and scoring all of them
    # is most of the cost of a QR code in pure Python.
    matrix = segno.make_qr(text, error="m", boost_error=False, mask=QR_MASK).matrix
    size = len(matrix) + 2 * border
    light = bytes([255]) * size
    rows = [light] * border
    for line in matrix:
        rows.append(
            bytes([255]) * border
            + bytes(0 if dark else 255 for dark in line)
            + bytes([255]) * border
        )
    rows += [light] * border
    grid = Image.frombytes("L", (size, size), b"".join(rows))
    return grid.resize((size * module_px, size * module_px), Image.Resampling.NEAREST)


def _party(pdf: canvas.Canvas, title: str, party: Party, *, top: float, big_cep: bool) -> None:
    x = 5 * mm
    pdf.setFont("Helvetica-Bold", 7)
    pdf.drawString(x, top, title)
    pdf.setFont("Helvetica-Bold", 10 if big_cep else 8)
    pdf.drawString(x, top - 4.5 * mm, party.name[:48])
    pdf.setFont("Helvetica", 8 if big_cep else 7)
    y = top - 8.5 * mm
    for line in party.lines:
        pdf.drawString(x, y, line[:60])
        y -= 3.6 * mm
    pdf.setFont("Helvetica-Bold", 14 if big_cep else 8)
    pdf.drawString(x, y - (2 * mm if big_cep else 0), f"CEP {party.cep}")


def label_pdf(data: LabelData) -> bytes:
    """One label page, 100 x 150 mm."""
    with binary_streams():
        return _label_pdf(data)


def _label_pdf(data: LabelData) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=LABEL_SIZE, pageCompression=1)
    pdf.setTitle(f"Etiqueta {data.tracking_code}")
    width, height = LABEL_SIZE
    pdf.setFont("Helvetica-Bold", 11)
    pdf.drawString(5 * mm, height - 8 * mm, f"{data.carrier} · {data.service}")
    pdf.setFont("Helvetica", 7)
    pdf.drawRightString(width - 5 * mm, height - 8 * mm, f"Pedido {data.order_number}")
    pdf.drawRightString(
        width - 5 * mm, height - 11.5 * mm, f"Volume {data.package} · {data.weight_grams} g"
    )
    # Tracking code: barcode and its human-readable text.
    bars = code128_image(data.tracking_code)
    pdf.drawImage(ImageReader(bars), 5 * mm, height - 35 * mm, width=90 * mm, height=20 * mm)
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawCentredString(width / 2, height - 40 * mm, data.tracking_code)
    pdf.line(5 * mm, height - 43 * mm, width - 5 * mm, height - 43 * mm)
    _party(pdf, "DESTINATÁRIO", data.recipient, top=height - 48 * mm, big_cep=True)
    pdf.line(5 * mm, height - 80 * mm, width - 5 * mm, height - 80 * mm)
    _party(pdf, "REMETENTE", data.sender, top=height - 85 * mm, big_cep=False)
    qr = qr_image(data.tracking_url)
    pdf.drawImage(ImageReader(qr), width - 35 * mm, 8 * mm, width=30 * mm, height=30 * mm)
    y = 30 * mm
    pdf.setFont("Helvetica-Bold", 12)
    for mark in data.marks:
        pdf.drawString(5 * mm, y, mark)
        y -= 5.5 * mm
    if data.declared_value:
        pdf.setFont("Helvetica", 7)
        pdf.drawString(5 * mm, 8 * mm, f"Valor declarado: {data.declared_value}")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class ManifestLine:
    tracking_code: str
    order_number: str
    recipient: str
    cep: str
    weight_grams: int
    service: str


def manifest_pdf(*, store: str, carrier: str, date: str, lines: Sequence[ManifestLine]) -> bytes:
    """The day's hand-off list (A4), one row per package, with totals and signatures."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"Manifesto {carrier} {date}")
    height = A4[1]

    def header() -> float:
        pdf.setFont("Helvetica-Bold", 13)
        pdf.drawString(15 * mm, height - 18 * mm, f"Manifesto de coleta · {carrier} · {date}")
        pdf.setFont("Helvetica", 9)
        pdf.drawString(15 * mm, height - 24 * mm, store)
        pdf.setFont("Helvetica-Bold", 8)
        y = height - 34 * mm
        for x, title in (
            (15, "Rastreio"),
            (55, "Pedido"),
            (75, "Destinatário"),
            (140, "CEP"),
            (160, "Peso (g)"),
            (180, "Serviço"),
        ):
            pdf.drawString(x * mm, y, title)
        return y - 5 * mm

    y = header()
    pdf.setFont("Helvetica", 8)
    for line in lines:
        if y < 40 * mm:
            pdf.showPage()
            y = header()
            pdf.setFont("Helvetica", 8)
        pdf.drawString(15 * mm, y, line.tracking_code)
        pdf.drawString(55 * mm, y, line.order_number)
        pdf.drawString(75 * mm, y, line.recipient[:36])
        pdf.drawString(140 * mm, y, line.cep)
        pdf.drawRightString(172 * mm, y, str(line.weight_grams))
        pdf.drawString(180 * mm, y, line.service[:14])
        y -= 5 * mm
    total = sum(line.weight_grams for line in lines)
    pdf.setFont("Helvetica-Bold", 9)
    pdf.drawString(15 * mm, y - 4 * mm, f"Volumes: {len(lines)} · Peso total: {total} g")
    pdf.setFont("Helvetica", 9)
    pdf.drawString(15 * mm, 22 * mm, "Expedição: ______________________")
    pdf.drawString(110 * mm, 22 * mm, "Motorista (nome, documento): ______________")
    pdf.showPage()
    pdf.save()
    return out.getvalue()
