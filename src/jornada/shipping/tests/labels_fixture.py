"""A small real PDF, as a carrier platform would send for a label."""

from __future__ import annotations

import io

from reportlab.pdfgen import canvas


def tiny_pdf(text: str = "Etiqueta Melhor Envio PA123456785BR") -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return out.getvalue()
