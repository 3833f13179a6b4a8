"""The store's wording for every stage message, ready out of the box (editable rows)."""

from django.db import migrations


def templates_create(apps, schema_editor):
    from jornada.notifications.defaults import all_default_templates

    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    existing = set(MessageTemplate.objects.values_list("key", "channel", "language"))
    MessageTemplate.objects.bulk_create(
        MessageTemplate(updated_by="Jornada", **fields)
        for fields in all_default_templates()
        if (fields["key"], fields["channel"], fields["language"]) not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(templates_create, migrations.RunPython.noop)]
