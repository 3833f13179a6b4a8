"""QR codes for Pix BR Codes (segno): SVG text for pages and e-mails, PNG bytes for PDFs."""

from __future__ import annotations

import io

import segno

from .pix import PixPayload, pix_build, pix_parse


def _qr(payload: str | PixPayload, *, check: bool) -> segno.QRCode:
    text = pix_build(payload) if isinstance(payload, PixPayload) else payload
    if check:
        pix_parse(text)
    # Error correction M is what PSPs print; never a Micro QR (apps cannot read those).
    return segno.make_qr(text, error="m", boost_error=False)


def pix_qr_svg(
    payload: str | PixPayload, *, scale: int = 4, border: int = 4, check: bool = True
) -> str:
    """The QR as an SVG document (text). ``check`` parses the payload first (PixError)."""
    buffer = io.BytesIO()
    _qr(payload, check=check).save(
        buffer, kind="svg", scale=scale, border=border, xmldecl=False, svgns=True
    )
    return buffer.getvalue().decode("utf-8")


def pix_qr_png(
    payload: str | PixPayload, *, scale: int = 6, border: int = 4, check: bool = True
) -> bytes:
    """The QR as PNG bytes."""
    buffer = io.BytesIO()
    _qr(payload, check=check).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()
