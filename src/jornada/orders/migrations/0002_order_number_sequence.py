from django.conf import settings
from django.db import migrations


def create_sequence(apps, schema_editor):
    sequence = apps.get_model("orders", "OrderNumberSequence")
    sequence.objects.get_or_create(
        name="order", defaults={"last_value": settings.ORDER_NUMBER_START - 1}
    )


class Migration(migrations.Migration):
    dependencies = [("orders", "0001_initial")]

    operations = [migrations.RunPython(create_sequence, migrations.RunPython.noop)]
