"""A message keeps its run's journey, so a journey's figures read one index of the
messages instead of joining every message to its run."""

from django.db import migrations, models

# Portable SQL (SQLite and PostgreSQL): every journey message takes its run's journey.
BACKFILL = """
UPDATE notifications_message SET journey_id = (
    SELECT r.journey_id FROM journeys_journeyrun r
    WHERE r.id = notifications_message.journey_run_id
) WHERE journey_run_id IS NOT NULL
"""


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_message_journey_index"),
        ("journeys", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="journey_id",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
        migrations.RemoveIndex(model_name="message", name="notif_msg_journey"),
        migrations.AddIndex(
            model_name="message",
            index=models.Index(
                fields=["journey_id", "status", "skip_reason", "delivered_at", "read_at"],
                name="notif_msg_journey_figures",
            ),
        ),
    ]
