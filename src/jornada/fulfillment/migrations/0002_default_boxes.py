"""The box list every store starts with (staff edit it in the admin)."""

from django.db import migrations

BOXES = [
    # code, name, inner L x W x H mm, max g, tare g, insulated
    ("envelope", "Envelope de segurança", 330, 250, 40, 1000, 30, False),
    ("caixa-p", "Caixa P", 250, 180, 100, 5000, 150, False),
    ("caixa-m", "Caixa M", 360, 270, 180, 15000, 300, False),
    ("caixa-g", "Caixa G", 500, 400, 300, 30000, 600, False),
    ("termica", "Caixa térmica", 300, 220, 200, 10000, 500, True),
]


def forwards(apps, schema_editor):
    Box = apps.get_model("fulfillment", "Box")
    for code, name, length, width, height, max_g, tare, insulated in BOXES:
        Box.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "length_mm": length,
                "width_mm": width,
                "height_mm": height,
                "max_weight_grams": max_g,
                "tare_grams": tare,
                "insulated": insulated,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("fulfillment", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
