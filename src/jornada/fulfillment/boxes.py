"""The store's list of boxes, as owners keep it: add, change, take out of use.

Packing chooses among the active boxes (``selectors.box_specs``); a box taken out of use
stays on the packages already packed in it, so boxes are deactivated, never deleted.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jornada.core.errors import DomainError, NotFound
from jornada.fulfillment.models import Box

CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
MAX_SIDE_MM = 2000
MAX_WEIGHT_GRAMS = 100_000
EDITABLE = (
    "name",
    "length_mm",
    "width_mm",
    "height_mm",
    "max_weight_grams",
    "tare_grams",
    "insulated",
)


class BoxInvalid(DomainError):
    code = "box_invalid"
    status = 422


@dataclass(frozen=True, slots=True)
class BoxInput:
    code: str
    name: str
    length_mm: int
    width_mm: int
    height_mm: int
    max_weight_grams: int
    tare_grams: int = 0
    insulated: bool = False


def boxes_list() -> list[Box]:
    """Every box, those in use first, smallest first."""
    return list(Box.objects.order_by("-is_active", "length_mm", "width_mm", "height_mm", "id"))


def box_errors(data: BoxInput) -> dict[str, list[str | Promise]]:
    errors: dict[str, list[str | Promise]] = {}
    if not CODE_PATTERN.match(data.code):
        errors["code"] = [
            _("Use 1 to 40 lower-case letters, digits, hyphens or underscores (e.g. box-m).")
        ]
    if not data.name.strip():
        errors["name"] = [_("This field is required.")]
    elif len(data.name.strip()) > 100:
        errors["name"] = [_("At most 100 characters.")]
    for name in ("length_mm", "width_mm", "height_mm"):
        if not 1 <= getattr(data, name) <= MAX_SIDE_MM:
            errors[name] = [
                _("Enter a whole number of millimetres from 1 to %(max)d.") % {"max": MAX_SIDE_MM}
            ]
    if not 1 <= data.max_weight_grams <= MAX_WEIGHT_GRAMS:
        errors["max_weight_grams"] = [
            _("Enter a whole number of grams from 1 to %(max)d.") % {"max": MAX_WEIGHT_GRAMS}
        ]
    if data.tare_grams < 0:
        errors["tare_grams"] = [_("Cannot be negative.")]
    elif "max_weight_grams" not in errors and data.tare_grams >= data.max_weight_grams:
        errors["tare_grams"] = [_("The empty box must weigh less than its maximum weight.")]
    return errors


def box_create(*, data: BoxInput) -> Box:
    """Add a box (in use at once). Raises ``BoxInvalid`` naming every bad field."""
    errors = box_errors(data)
    if "code" not in errors and Box.objects.filter(code=data.code).exists():
        errors["code"] = [_("There is already a box with this code.")]
    if errors:
        raise BoxInvalid(_("The box has invalid fields."), fields=errors)
    try:
        with transaction.atomic():
            return Box.objects.create(
                code=data.code,
                name=data.name.strip(),
                length_mm=data.length_mm,
                width_mm=data.width_mm,
                height_mm=data.height_mm,
                max_weight_grams=data.max_weight_grams,
                tare_grams=data.tare_grams,
                insulated=data.insulated,
            )
    except IntegrityError as error:  # the same code added at the same moment
        raise BoxInvalid(
            _("The box has invalid fields."),
            fields={"code": [_("There is already a box with this code.")]},
        ) from error


def box_update(*, box_id: int, data: BoxInput) -> tuple[Box, dict[str, list[object]]]:
    """Change a box's name, size and weights (its code stays). Returns the box and the
    changed fields as ``{field: [before, after]}``."""
    with transaction.atomic():
        box = Box.objects.select_for_update().filter(pk=box_id).first()
        if box is None:
            raise NotFound(_("Box not found."), code="box_not_found")
        errors = box_errors(dataclasses.replace(data, code=box.code))
        if errors:
            raise BoxInvalid(_("The box has invalid fields."), fields=errors)
        changed: dict[str, list[object]] = {}
        for name in EDITABLE:
            value = getattr(data, name)
            if name == "name":
                value = value.strip()
            if getattr(box, name) != value:
                changed[name] = [getattr(box, name), value]
                setattr(box, name, value)
        if changed:
            box.save(update_fields=list(changed))
    return box, changed


def box_set_active(*, box_id: int, active: bool) -> tuple[Box, bool]:
    """Put a box in or out of use; returns it and whether it changed."""
    with transaction.atomic():
        box = Box.objects.select_for_update().filter(pk=box_id).first()
        if box is None:
            raise NotFound(_("Box not found."), code="box_not_found")
        changed = box.is_active != active
        if changed:
            box.is_active = active
            box.save(update_fields=["is_active"])
    return box, changed
