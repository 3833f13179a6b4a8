"""The journeys that ship enabled (issue 7, item 6)."""

from django.db import migrations


def journeys_create(apps, schema_editor):
    from jornada.journeys.defaults import DEFAULT_JOURNEYS, journey_fields

    Journey = apps.get_model("journeys", "Journey")
    for spec in DEFAULT_JOURNEYS:
        Journey.objects.get_or_create(slug=spec["slug"], defaults=journey_fields(spec))


class Migration(migrations.Migration):
    dependencies = [("journeys", "0001_initial")]

    operations = [migrations.RunPython(journeys_create, migrations.RunPython.noop)]
