"""Back-office writes of the owners' settings: payment terms, carrier services and rate
tables, boxes. Each calls the owning app's service and logs the staff action in the same
transaction, so a refused change writes nothing at all."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from jornada.backoffice.models import StaffActionKind
from jornada.backoffice.services import staff_action_record, user_label
from jornada.fulfillment.boxes import BoxInput, box_create, box_set_active, box_update
from jornada.fulfillment.models import Box
from jornada.payments.terms import PaymentTermsValues, payment_terms_update
from jornada.shipping.carriers import carrier_service_set_active
from jornada.shipping.models import CarrierService
from jornada.shipping.services import rates_import


def payment_terms_save_by_staff(
    *, values: PaymentTermsValues, user: Any, ip_address: str | None = None
) -> PaymentTermsValues:
    """Save the payment terms; the log keeps the fields changed with before and after."""
    with transaction.atomic():
        before, after = payment_terms_update(values=values, updated_by=user_label(user))
        old, new = before.as_params(), after.as_params()
        staff_action_record(
            user=user,
            kind=StaffActionKind.PAYMENT_TERMS_UPDATED,
            params={
                "changed": {name: [old[name], new[name]] for name in new if old[name] != new[name]}
            },
            ip_address=ip_address,
        )
    return after


def carrier_service_switch_by_staff(
    *, service_code: str, active: bool, user: Any, ip_address: str | None = None
) -> CarrierService:
    with transaction.atomic():
        service, changed = carrier_service_set_active(service_code=service_code, active=active)
        if changed:
            staff_action_record(
                user=user,
                kind=(
                    StaffActionKind.CARRIER_SERVICE_ENABLED
                    if active
                    else StaffActionKind.CARRIER_SERVICE_DISABLED
                ),
                params={"service": service.code, "carrier": service.carrier.code},
                ip_address=ip_address,
            )
    return service


def rates_import_by_staff(
    *,
    service_code: str,
    csv_text: str,
    filename: str,
    user: Any,
    ip_address: str | None = None,
) -> int:
    """Replace a service's rate table with the CSV (all rows or none); returns the rows."""
    with transaction.atomic():
        count = rates_import(service_code=service_code, csv_text=csv_text)
        staff_action_record(
            user=user,
            kind=StaffActionKind.RATES_IMPORTED,
            params={"service": service_code, "rows": count, "file": filename[:200]},
            ip_address=ip_address,
        )
    return count


def _box_params(box: Box) -> dict[str, Any]:
    return {"box": box.code, "name": box.name}


def box_add_by_staff(*, data: BoxInput, user: Any, ip_address: str | None = None) -> Box:
    with transaction.atomic():
        box = box_create(data=data)
        staff_action_record(
            user=user,
            kind=StaffActionKind.BOX_ADDED,
            params={
                **_box_params(box),
                "size_mm": [box.length_mm, box.width_mm, box.height_mm],
                "max_weight_grams": box.max_weight_grams,
            },
            ip_address=ip_address,
        )
    return box


def box_change_by_staff(
    *, box_id: int, data: BoxInput, user: Any, ip_address: str | None = None
) -> tuple[Box, dict[str, list[object]]]:
    with transaction.atomic():
        box, changed = box_update(box_id=box_id, data=data)
        if changed:
            staff_action_record(
                user=user,
                kind=StaffActionKind.BOX_UPDATED,
                params={**_box_params(box), "changed": changed},
                ip_address=ip_address,
            )
    return box, changed


def box_switch_by_staff(
    *, box_id: int, active: bool, user: Any, ip_address: str | None = None
) -> Box:
    with transaction.atomic():
        box, changed = box_set_active(box_id=box_id, active=active)
        if changed:
            staff_action_record(
                user=user,
                kind=StaffActionKind.BOX_REACTIVATED if active else StaffActionKind.BOX_DEACTIVATED,
                params=_box_params(box),
                ip_address=ip_address,
            )
    return box
