"""Documents generated per second on one core: shipping labels and packing slips.

    .venv/bin/python bench/documents.py [--seconds 3] [--check]

Pure rendering (no database): the same functions the services call, over rotating
orders. Rates are per CPU second of the process (``time.process_time``), so they are one
core's rate even on a busy machine. Each figure is shown with its ratio to a baseline measured in the same run:

- labels/s: ``label_pdf`` (Code128 and QR drawn as 1-bit images from their module
  matrices); baseline: the same label drawn the way one writes it first, with
  python-barcode's ``ImageWriter`` and segno's PNG encoder, each image encoded to PNG
  and decoded again by ReportLab.
- packing slips/s: ``packing_slip_pdf`` (A5, items table, policies, logo); baseline:
  the label, the simplest document, so the ratio says what a slip costs more.
- documents/s: a label and a slip per order, the warehouse's mix.

Target: >= 50 documents/s (labels and slips together). ``--check`` exits 1 below it.
"""

# ruff: noqa: E402 - Django is set up before the modules that read settings are imported

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jornada.settings")
os.environ.setdefault("JORNADA_LOG_LEVEL", "ERROR")

import django

django.setup()

import barcode
import segno
from barcode.writer import ImageWriter
from PIL import Image
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from jornada.brazil.tracking import s10_build
from jornada.core.store import DEFAULT_REFUND_POLICY, DEFAULT_RETURN_POLICY, DEFAULT_THANK_YOU
from jornada.fulfillment.slip import SlipData, SlipLine, packing_slip_pdf
from jornada.shipping.labels import LABEL_SIZE, LabelData, Party, label_pdf

TARGET = 50.0
SENDER = Party("Loja Jornada", ("Rua Augusta, 500", "Consolação", "São Paulo/SP"), "01305-000")


def labels(n: int) -> list[LabelData]:
    return [
        LabelData(
            tracking_code=s10_build("PA", 1000 + i),
            tracking_url=f"https://loja.example/rastreio/{s10_build('PA', 1000 + i)}",
            carrier="Correios",
            service="PAC",
            sender=SENDER,
            recipient=Party(
                f"Cliente {i} da Silva",
                (f"Avenida Paulista, {100 + i}, apto {i % 40}", "Bela Vista", "São Paulo/SP"),
                "01310-100",
            ),
            order_number=str(100000 + i),
            weight_grams=300 + i,
            package="1/1",
            declared_value="R$ 4.500,00" if i % 5 == 0 else "",
            marks=("FRÁGIL",) if i % 3 == 0 else (),
        )
        for i in range(n)
    ]


def logo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (240, 80), (30, 90, 160)).save(out, format="PNG")
    return out.getvalue()


def slips(n: int) -> list[SlipData]:
    image = logo()
    return [
        SlipData(
            store_name="Loja Jornada",
            store_contacts=(
                "contato@loja.example",
                "+55 11 3000-0000",
                "WhatsApp +55 11 99999-0000",
            ),
            logo_png=image,
            order_number=str(100000 + i),
            placed_on="23/11/2026",
            recipient=f"Cliente {i} da Silva",
            address=(f"Avenida Paulista, {100 + i}", "Bela Vista · São Paulo/SP", "CEP 01310-100"),
            package="1/1",
            lines=tuple(
                SlipLine(f"SKU-{j}", f"Produto {j} tamanho M", 1 + j % 3, "R$ 59,90", "R$ 119,80")
                for j in range(1 + i % 6)
            ),
            gift=i % 4 == 0,
            gift_message="Feliz aniversário!" if i % 4 == 0 else "",
            return_policy=DEFAULT_RETURN_POLICY,
            refund_policy=DEFAULT_REFUND_POLICY,
            thank_you_note=DEFAULT_THANK_YOU,
            total="R$ 189,50",
        )
        for i in range(n)
    ]


def naive_label(data: LabelData) -> bytes:
    """The first way one writes it: library PNG writers, images encoded and decoded."""
    bars = io.BytesIO()
    barcode.get("code128", data.tracking_code, writer=ImageWriter()).write(bars)
    qr = io.BytesIO()
    segno.make_qr(data.tracking_url, error="m").save(qr, kind="png", scale=4)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=LABEL_SIZE)
    width, height = LABEL_SIZE
    pdf.setFont("Helvetica-Bold", 11)
    pdf.drawString(5 * mm, height - 8 * mm, f"{data.carrier} · {data.service}")
    pdf.drawImage(
        ImageReader(io.BytesIO(bars.getvalue())), 5 * mm, height - 35 * mm, 90 * mm, 20 * mm
    )
    for offset, party in ((48, data.recipient), (85, data.sender)):
        y = height - offset * mm
        pdf.drawString(5 * mm, y, party.name)
        for text in party.lines:
            y -= 4 * mm
            pdf.drawString(5 * mm, y, text)
        pdf.drawString(5 * mm, y - 4 * mm, f"CEP {party.cep}")
    pdf.drawImage(ImageReader(io.BytesIO(qr.getvalue())), width - 35 * mm, 8 * mm, 30 * mm, 30 * mm)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def per_second(render: Callable[[object], bytes], inputs: list, seconds: float) -> float:  # type: ignore[type-arg]
    """Documents per CPU second of this process: one core's rate, whatever else the
    machine is running (wall-clock rates on a shared machine measure the neighbours)."""
    render(inputs[0])  # warm caches (fonts, modules)
    count, started = 0, time.process_time()
    while True:
        for item in inputs:
            render(item)
            count += 1
        elapsed = time.process_time() - started
        if elapsed >= seconds:
            return count / elapsed


def both(pair: tuple[LabelData, SlipData]) -> bytes:
    return label_pdf(pair[0]) + packing_slip_pdf(pair[1])


def line(label: str, value: float, unit: str, baseline: float, baseline_label: str) -> None:
    ratio = value / baseline if baseline else float("nan")
    print(
        f"{label:<22} {value:>8,.1f} {unit:<12} baseline {baseline:>8,.1f} "
        f"({baseline_label})  ratio {ratio:.2f}x"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    label_inputs, slip_inputs = labels(40), slips(40)

    naive = per_second(naive_label, label_inputs, args.seconds)  # type: ignore[arg-type]
    fast = per_second(label_pdf, label_inputs, args.seconds)  # type: ignore[arg-type]
    slip = per_second(packing_slip_pdf, slip_inputs, args.seconds)  # type: ignore[arg-type]
    pairs = list(zip(label_inputs, slip_inputs, strict=True))
    mixed = 2 * per_second(both, pairs, args.seconds)  # type: ignore[arg-type]

    print(f"documents on one core, {args.seconds:.0f} CPU s per figure")
    line("labels/s", fast, "labels/s", naive, "library PNG writers")
    line("packing slips/s", slip, "slips/s", fast, "our label")
    line("documents/s (mix)", mixed, "docs/s", TARGET, "target")
    if args.check and mixed < TARGET:
        print(f"FAIL: {mixed:.1f} documents/s < target {TARGET:.0f}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
