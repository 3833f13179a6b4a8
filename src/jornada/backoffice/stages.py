"""The order board's stages: which order statuses each holds, and how long is too long.

Pure Python, no database. A stage groups the statuses the store handles the same way;
``late`` is not a status but a cut across the working stages: an order that has stayed
in its stage longer than the stage's deadline.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jornada.orders.states import OrderStatus

S = OrderStatus


class Stage(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", pgettext_lazy("board stage", "awaiting payment")
    VALIDATION = "validation", pgettext_lazy("board stage", "on hold for validation")
    TO_PICK = "to_pick", pgettext_lazy("board stage", "to pick")
    TO_PACK = "to_pack", pgettext_lazy("board stage", "to pack")
    TO_SHIP = "to_ship", pgettext_lazy("board stage", "to ship")
    IN_TRANSIT = "in_transit", pgettext_lazy("board stage", "in transit")
    LATE = "late", pgettext_lazy("board stage", "late")
    DELIVERED = "delivered", pgettext_lazy("board stage", "delivered")
    PROBLEMS = "problems", pgettext_lazy("board stage", "with problems")
    CLOSED = "closed", pgettext_lazy("board stage", "cancelled or refunded")


# ``to pack`` becomes its own status when fulfilment lands ("picked"); until then an order
# being fulfilled is both picked and waiting to be packed. ``to ship`` holds orders with
# some packages still to leave.
STAGE_STATUSES: dict[Stage, tuple[OrderStatus, ...]] = {
    Stage.AWAITING_PAYMENT: (S.PLACED, S.AWAITING_PAYMENT),
    Stage.VALIDATION: (S.PAID, S.ON_HOLD),
    Stage.TO_PICK: (S.VALIDATED,),
    Stage.TO_PACK: (S.IN_FULFILMENT,),
    Stage.TO_SHIP: (S.PARTIALLY_SHIPPED,),
    Stage.IN_TRANSIT: (S.SHIPPED,),
    Stage.DELIVERED: (S.DELIVERED, S.COMPLETED),
    Stage.PROBLEMS: (S.RETURN_REQUESTED, S.RETURNED, S.PARTIALLY_REFUNDED),
    Stage.CLOSED: (S.CANCELLED, S.REFUNDED),
}

# How long an order may stay in a working stage before it is late. Boleto takes days to
# clear, so payment gets the longest wait; transit is the carriers' usual promise.
STAGE_DEADLINES: dict[Stage, dt.timedelta] = {
    Stage.AWAITING_PAYMENT: dt.timedelta(days=4),
    Stage.VALIDATION: dt.timedelta(hours=24),
    Stage.TO_PICK: dt.timedelta(hours=24),
    Stage.TO_PACK: dt.timedelta(hours=24),
    Stage.TO_SHIP: dt.timedelta(hours=24),
    Stage.IN_TRANSIT: dt.timedelta(days=10),
}

# The share of the deadline after which an order is flagged as "due soon".
DUE_SOON_SHARE = 0.75

# Stages where the team works oldest first; the others read newest first.
WORK_STAGES: frozenset[Stage] = frozenset({*STAGE_DEADLINES, Stage.LATE})

BOARD_ORDER: tuple[Stage, ...] = (
    Stage.AWAITING_PAYMENT,
    Stage.VALIDATION,
    Stage.TO_PICK,
    Stage.TO_PACK,
    Stage.TO_SHIP,
    Stage.IN_TRANSIT,
    Stage.LATE,
    Stage.DELIVERED,
    Stage.PROBLEMS,
    Stage.CLOSED,
)


def stage_of(status: str) -> Stage | None:
    """The board stage an order status belongs to (never ``late``: that is a cut)."""
    for stage, statuses in STAGE_STATUSES.items():
        if status in statuses:
            return stage
    return None


class Urgency(models.TextChoices):
    NONE = "none", _("no deadline")
    ON_TIME = "on_time", _("on time")
    DUE_SOON = "due_soon", _("due soon")
    LATE = "late", _("late")


def urgency(*, status: str, since: dt.datetime, now: dt.datetime) -> Urgency:
    """How close an order is to its stage's deadline, ``since`` it entered the stage."""
    stage = stage_of(status)
    deadline = STAGE_DEADLINES.get(stage) if stage is not None else None
    if deadline is None:
        return Urgency.NONE
    waited = now - since
    if waited > deadline:
        return Urgency.LATE
    if waited >= deadline * DUE_SOON_SHARE:
        return Urgency.DUE_SOON
    return Urgency.ON_TIME


def due_at(*, status: str, since: dt.datetime) -> dt.datetime | None:
    stage = stage_of(status)
    deadline = STAGE_DEADLINES.get(stage) if stage is not None else None
    return since + deadline if deadline is not None else None
