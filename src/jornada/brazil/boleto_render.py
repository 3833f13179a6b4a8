"""Drawing the boleto barcode: Interleaved 2 of 5, narrow 0.254 mm, narrow:wide 1:3, 13 mm tall.

``boleto_barcode_drawing`` is a ReportLab ``Drawing`` a PDF can place with
``renderPDF.draw(drawing, canvas, x, y)``; SVG and PNG come from python-barcode.
"""

from __future__ import annotations

import io

from barcode import ITF
from barcode.writer import ImageWriter, SVGWriter
from reportlab.graphics.barcode import createBarcodeDrawing
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm

from .boleto import boleto_barcode_check

NARROW_BAR_MM = 0.254  # 405 modules -> 103 mm, the FEBRABAN length
WIDE_TO_NARROW = 3
BAR_HEIGHT_MM = 13.0
QUIET_ZONE_MM = 6.4


def boleto_barcode_drawing(barcode: str, *, bar_height_mm: float = BAR_HEIGHT_MM) -> Drawing:
    """A ReportLab drawing of the 44-digit barcode (checked first; BoletoError if wrong)."""
    digits = boleto_barcode_check(barcode)
    drawing: Drawing = createBarcodeDrawing(
        "I2of5",
        value=digits,
        barWidth=NARROW_BAR_MM * mm,
        ratio=WIDE_TO_NARROW,
        barHeight=bar_height_mm * mm,
        checksum=0,
        bearers=0,
        quiet=1,
        lquiet=QUIET_ZONE_MM * mm,
        rquiet=QUIET_ZONE_MM * mm,
        humanReadable=0,
    )
    return drawing


def _itf(digits: str, writer: SVGWriter | ImageWriter) -> ITF:
    return ITF(digits, writer=writer, narrow=1, wide=WIDE_TO_NARROW)


_OPTIONS = {
    "module_width": NARROW_BAR_MM,
    "module_height": BAR_HEIGHT_MM,
    "quiet_zone": QUIET_ZONE_MM,
    "write_text": False,
}


def boleto_barcode_svg(barcode: str) -> str:
    """The barcode as an SVG document (text)."""
    digits = boleto_barcode_check(barcode)
    buffer = io.BytesIO()
    _itf(digits, SVGWriter()).write(buffer, options=dict(_OPTIONS))
    return buffer.getvalue().decode("utf-8")


def boleto_barcode_png(barcode: str, *, dpi: int = 300) -> bytes:
    """The barcode as PNG bytes at ``dpi``."""
    digits = boleto_barcode_check(barcode)
    buffer = io.BytesIO()
    _itf(digits, ImageWriter()).write(buffer, options={**_OPTIONS, "dpi": dpi, "format": "PNG"})
    return buffer.getvalue()
