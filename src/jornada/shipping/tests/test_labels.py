"""The label and the manifest are real PDFs: read their text back and decode their codes."""

from __future__ import annotations

from reportlab.lib.units import mm

from jornada.shipping.labels import LabelData, ManifestLine, Party, label_pdf, manifest_pdf
from jornada.shipping.tests.pdf import flat, pdf_codes, pdf_reader, pdf_text

RECIPIENT = Party(
    name="Maria da Silva",
    lines=("Avenida Paulista, 1000, apto 12", "Bela Vista", "São Paulo/SP"),
    cep="01310-100",
)
SENDER = Party(
    name="Loja Jornada", lines=("Rua Augusta, 500", "Consolação", "São Paulo/SP"), cep="01305-000"
)


def a_label(**overrides: object) -> LabelData:
    values: dict[str, object] = {
        "tracking_code": "PA000000019BR",
        "tracking_url": "https://loja.example/rastreio/PA000000019BR",
        "carrier": "Correios",
        "service": "PAC",
        "sender": SENDER,
        "recipient": RECIPIENT,
        "order_number": "100042",
        "weight_grams": 1350,
        "package": "1/2",
        "declared_value": "R$ 4.500,00",
        "marks": ("FRÁGIL",),
    }
    values.update(overrides)
    return LabelData(**values)  # type: ignore[arg-type]


def test_the_label_is_100_by_150_mm():
    page = pdf_reader(label_pdf(a_label())).pages[0]

    assert round(float(page.mediabox.width) / mm) == 100
    assert round(float(page.mediabox.height) / mm) == 150


def test_the_label_names_sender_recipient_cep_and_marks():
    text = flat(pdf_text(label_pdf(a_label())))

    for expected in (
        "Correios · PAC",
        "Pedido 100042",
        "Volume 1/2 · 1350 g",
        "PA000000019BR",
        "DESTINATÁRIO Maria da Silva Avenida Paulista, 1000, apto 12 Bela Vista São Paulo/SP CEP 01310-100",
        "REMETENTE Loja Jornada Rua Augusta, 500 Consolação São Paulo/SP CEP 01305-000",
        "FRÁGIL",
        "Valor declarado: R$ 4.500,00",
    ):
        assert expected in text


def test_the_label_barcode_and_qr_decode_to_the_tracking_code_and_link():
    codes = pdf_codes(label_pdf(a_label()))

    assert sorted(codes) == [
        ("CODE-128", "PA000000019BR"),
        ("QR-Code", "https://loja.example/rastreio/PA000000019BR"),
    ]


def test_a_private_carrier_code_is_encoded_as_it_is():
    codes = pdf_codes(
        label_pdf(a_label(tracking_code="RAP0000000042", marks=(), declared_value=""))
    )

    assert ("CODE-128", "RAP0000000042") in codes


def test_the_manifest_lists_every_package_with_totals_over_pages():
    lines = [
        ManifestLine(f"PA{n:08d}0BR", str(100000 + n), f"Cliente {n}", "01310-100", 500, "PAC")
        for n in range(60)
    ]

    content = manifest_pdf(store="Loja Jornada", carrier="Correios", date="23/11/2026", lines=lines)

    assert len(pdf_reader(content).pages) == 2
    text = flat(pdf_text(content))
    assert "Manifesto de coleta · Correios · 23/11/2026" in text
    assert all(line.tracking_code in text for line in lines)
    assert "Volumes: 60 · Peso total: 30000 g" in text
