"""Back-office writes of marketing: message templates and journeys. Each calls the owning
app's service and logs the staff action in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jornada.backoffice.models import StaffActionKind
from jornada.backoffice.services import staff_action_record
from jornada.core.errors import NotFound
from jornada.journeys import services as journey_services
from jornada.journeys.models import Journey
from jornada.notifications.models import MessageTemplate
from jornada.notifications.template_edits import TemplateDraft, message_template_update


def template_save_by_staff(
    *, template_id: int, draft: TemplateDraft, user: Any, ip_address: str | None = None
) -> tuple[MessageTemplate, list[str]]:
    """Save a template's wording (refused, unsaved, when it does not render); logged as
    ``template_updated`` with the fields changed, only when something changed."""
    with transaction.atomic():
        template, changed = message_template_update(
            template_id=template_id, draft=draft, updated_by=user.get_username()
        )
        if changed:
            staff_action_record(
                user=user,
                kind=StaffActionKind.TEMPLATE_UPDATED,
                params={
                    "template": template.pk,
                    "key": template.key,
                    "channel": template.channel,
                    "language": template.language,
                    "fields": changed,
                },
                ip_address=ip_address,
            )
    return template, changed


def journey_switch_by_staff(
    *, journey_id: int, enabled: bool, user: Any, ip_address: str | None = None
) -> Journey:
    """Switch a journey on or off through journeys, logged as ``journey_enabled`` or
    ``journey_disabled``."""
    with transaction.atomic():
        journey = Journey.objects.select_for_update().filter(pk=journey_id).first()
        if journey is None:
            raise NotFound(_("Journey not found."), code="journey_not_found")
        journey_services.journey_set_enabled(journey_id=journey.pk, enabled=enabled)
        staff_action_record(
            user=user,
            kind=StaffActionKind.JOURNEY_ENABLED if enabled else StaffActionKind.JOURNEY_DISABLED,
            params={"journey": journey.slug, "name": journey.name, "was": journey.is_enabled},
            ip_address=ip_address,
        )
        journey.refresh_from_db()
    return journey
