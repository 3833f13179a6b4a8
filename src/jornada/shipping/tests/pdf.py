"""Reading generated PDFs back in tests: their text (pypdf) and the barcodes and QR
codes of their images (zbar's ``zbarimg``, from Debian's zbar-tools)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader


def pdf_reader(content: bytes) -> PdfReader:
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) >= 1
    return reader


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in pdf_reader(content).pages)


def flat(text: str) -> str:
    """Whitespace collapsed: line wrapping in a PDF does not change what it says."""
    return re.sub(r"\s+", " ", text).strip()


def pdf_codes(content: bytes) -> list[tuple[str, str]]:
    """(symbology, data) of every barcode or QR code found in the PDF's images."""
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        pytest.skip("zbarimg (Debian package zbar-tools) is not installed")
    found: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        for page_index, page in enumerate(pdf_reader(content).pages):
            for image_index, image in enumerate(page.images):
                path = Path(folder) / f"{page_index}-{image_index}.png"
                assert image.image is not None
                image.image.convert("L").save(path)
                result = subprocess.run(
                    [zbarimg, "--quiet", str(path)], capture_output=True, text=True, check=False
                )
                for line in result.stdout.splitlines():
                    symbology, _sep, data = line.partition(":")
                    found.append((symbology, data))
    return found
