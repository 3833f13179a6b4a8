"""Reservations of SKUs sold untracked (no level). On SQLite, altering a column rebuilds
the table, which drops its triggers: the reservation trigger of 0002 is created again.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

_triggers = importlib.import_module("jornada.inventory.migrations.0002_ledger_triggers")


def _recreate_sqlite_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS inventory_reservation_ledger")
    schema_editor.execute(_triggers.SQLITE_UP[1])


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0002_ledger_triggers"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reservation",
            name="level",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reservations",
                to="inventory.stocklevel",
            ),
        ),
        migrations.AlterField(
            model_name="reservation",
            name="status",
            field=models.CharField(
                choices=[
                    ("reserved", "reserved"),
                    ("allocated", "allocated"),
                    ("released", "released"),
                    ("shipped", "shipped"),
                    ("untracked", "sold untracked"),
                ],
                default="reserved",
                max_length=16,
            ),
        ),
        migrations.RunPython(_recreate_sqlite_trigger, _recreate_sqlite_trigger),
    ]
