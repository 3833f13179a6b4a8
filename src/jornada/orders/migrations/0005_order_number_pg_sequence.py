"""On PostgreSQL, order numbers come from a sequence (see ``orders.services._next_number``).

A counter row locked until the order commits makes every placement wait for the one
before it to reach the disk; a sequence hands out the next number without a lock. The
sequence starts where the counter row stood, so numbers keep going up from there.
"""

from django.conf import settings
from django.db import migrations

SEQUENCE = "orders_number_seq"


def create_sequence(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    counter = apps.get_model("orders", "OrderNumberSequence")
    row = counter.objects.filter(name="order").first()
    following = max(row.last_value + 1 if row else 0, settings.ORDER_NUMBER_START)
    schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE} AS bigint MINVALUE 1")
    schema_editor.execute("SELECT setval(%s, %s, false)", [SEQUENCE, following])


def drop_sequence(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value, is_called FROM {SEQUENCE}")  # noqa: S608 (a constant)
        last_value, is_called = cursor.fetchone()
    counter = apps.get_model("orders", "OrderNumberSequence")
    counter.objects.update_or_create(
        name="order", defaults={"last_value": last_value if is_called else last_value - 1}
    )
    schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [("orders", "0004_board_uf_index")]

    operations = [migrations.RunPython(create_sequence, drop_sequence)]
