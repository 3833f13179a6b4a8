"""The carriers and services the store ships with, as owners configure them: the list with
the size of each rate table, and switching a service on or off.

A service that is off is left out of quotes (``services.quote`` reads active services of
active carriers) and cannot get new labels; shipments already made keep it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from jornada.core.errors import NotFound
from jornada.shipping.models import CarrierService

if TYPE_CHECKING:  # typing only: django-stubs is a development dependency
    from django_stubs_ext import WithAnnotations


class RateRows(TypedDict):
    rate_rows: int


def carrier_services() -> list[WithAnnotations[CarrierService, RateRows]]:
    """Every service with its carrier and ``rate_rows`` (rows in its rate table): one query."""
    return list(
        CarrierService.objects.select_related("carrier")
        .annotate(rate_rows=Count("rates"))
        .order_by("carrier__name", "name", "id")
    )


def carrier_service_set_active(*, service_code: str, active: bool) -> tuple[CarrierService, bool]:
    """Switch a service on or off; returns it and whether it changed."""
    with transaction.atomic():
        service = (
            CarrierService.objects.select_for_update(of=("self",))
            .select_related("carrier")
            .filter(code=service_code)
            .first()
        )
        if service is None:
            raise NotFound(
                _("Unknown carrier service."), fields={"service": [_("Unknown carrier service.")]}
            )
        changed = service.is_active != active
        if changed:
            service.is_active = active
            service.save(update_fields=["is_active"])
    return service, changed
