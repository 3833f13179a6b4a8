"""Carriers and services every store starts with, and their sample rate tables
(``shipping/data/rates-<service>.csv``; staff import their own over them)."""

from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"

CARRIERS = [
    ("correios", "Correios", "correios"),
    ("rapido", "Rápido Transportes", "private"),
    ("loja", "Retirada na loja", "pickup"),
]
SERVICES = [
    # code, carrier, name, s10 prefix, cubic divisor, max g, oversize, perishable, insurance
    ("correios-pac", "correios", "PAC", "PA", 6000, 30000, False, False, "0.0100"),
    ("correios-sedex", "correios", "SEDEX", "SX", 6000, 30000, False, True, "0.0100"),
    ("rapido-padrao", "rapido", "Padrão", "", 0, 50000, True, True, "0.0050"),
    ("retirada-loja", "loja", "Loja principal", "", 0, 50000, True, True, "0"),
]


def forwards(apps, schema_editor):
    Carrier = apps.get_model("shipping", "Carrier")
    CarrierService = apps.get_model("shipping", "CarrierService")
    RateRow = apps.get_model("shipping", "RateRow")
    carriers = {}
    for code, name, kind in CARRIERS:
        carriers[code], _ = Carrier.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind}
        )
    for code, carrier, name, prefix, divisor, max_g, oversize, perishable, insurance in SERVICES:
        service, created = CarrierService.objects.get_or_create(
            code=code,
            defaults={
                "carrier": carriers[carrier],
                "name": name,
                "s10_prefix": prefix,
                "cubic_divisor": divisor,
                "max_weight_grams": max_g,
                "handles_oversize": oversize,
                "handles_perishable": perishable,
                "insurance_rate": Decimal(insurance),
            },
        )
        if not created:
            continue
        lines = (DATA / f"rates-{code}.csv").read_text().splitlines()[1:]
        RateRow.objects.bulk_create(
            RateRow(
                service=service,
                cep_start=start,
                cep_end=end,
                weight_max_grams=int(weight),
                price=Decimal(price),
                business_days=int(days),
            )
            for start, end, weight, price, days in (line.split(",") for line in lines if line)
        )


class Migration(migrations.Migration):
    dependencies = [("shipping", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
