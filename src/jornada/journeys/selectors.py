"""Reads for staff: journeys with their figures (entered, sent, delivered, read, skipped
and why)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Q, Sum

from jornada.journeys.models import Journey, JourneyRun, RunStatus
from jornada.notifications.models import Message, MessageStatus


@dataclass
class JourneyFigures:
    journey: Journey
    entered: int = 0
    waiting: int = 0
    done: int = 0
    sent: int = 0
    skipped: int = 0
    #: messages of the journey the provider reported delivered (read ones included)
    delivered: int = 0
    #: messages reported read (WhatsApp read receipts, email opens where tracked)
    read: int = 0
    #: why runs were skipped (conditions) and why their messages were (consent, contact)
    skip_reasons: dict[str, int] = field(default_factory=dict)


def journey_figures(*, journey_ids: list[int] | None = None) -> list[JourneyFigures]:
    journeys = Journey.objects.order_by("trigger", "name")
    if journey_ids is not None:
        journeys = journeys.filter(pk__in=journey_ids)
    figures = {j.pk: JourneyFigures(journey=j) for j in journeys}
    runs = (
        JourneyRun.objects.filter(journey_id__in=figures)
        .values("journey_id")
        .annotate(
            entered=Count("id"),
            waiting=Count("id", filter=Q(status=RunStatus.WAITING)),
            done=Count("id", filter=Q(status=RunStatus.DONE)),
            skipped=Count(
                "id",
                filter=Q(status=RunStatus.SKIPPED) | Q(status=RunStatus.DONE, messages_sent=0),
            ),
            sent=Sum("messages_sent"),
        )
    )
    for row in runs:
        f = figures[row["journey_id"]]
        f.entered, f.waiting, f.done = row["entered"], row["waiting"], row["done"]
        f.skipped, f.sent = row["skipped"], row["sent"] or 0
    reasons: dict[int, Counter[str]] = {pk: Counter() for pk in figures}
    for skip in (
        JourneyRun.objects.filter(journey_id__in=figures, status=RunStatus.SKIPPED)
        .values("journey_id", "skip_reason")
        .annotate(n=Count("id"))
    ):
        reasons[skip["journey_id"]][skip["skip_reason"]] += skip["n"]
    # Messages skipped in runs that sent nothing, per journey and reason.
    for journey_id, skip_reason, n in _message_rows(
        "m.skip_reason, COUNT(*)",
        where="m.status = %s AND r.messages_sent = 0 AND r.status = %s",
        params=[MessageStatus.SKIPPED, RunStatus.DONE],
        journey_ids=list(figures),
        group="m.skip_reason",
    ):
        reasons[journey_id][f"message: {skip_reason}"] += n
    _add_delivery_figures(figures)
    for pk, counter in reasons.items():
        figures[pk].skip_reasons = dict(counter.most_common())
    return list(figures.values())


def _message_rows(
    columns: str, *, where: str, params: list[Any], journey_ids: list[int], group: str = ""
) -> list[tuple[Any, ...]]:
    """Journey messages grouped per journey (``journey_id`` first, then ``columns``): a
    message knows its run, the run its journey, and the join reads the messages through
    their journey index (``notif_msg_journey``) instead of one subquery per message."""
    if not journey_ids:
        return []
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(journey_ids))
    group_by = ", ".join(["r.journey_id", *([group] if group else [])])
    # Table names come from the models' metadata; every value is a parameter.
    sql = (
        f"SELECT r.journey_id, {columns} FROM {quote(Message._meta.db_table)} m "  # noqa: S608
        f"JOIN {quote(JourneyRun._meta.db_table)} r ON r.id = m.journey_run_id "
        f"WHERE r.journey_id IN ({marks}) AND {where} GROUP BY {group_by}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*journey_ids, *params])
        return list(cursor.fetchall())


def _add_delivery_figures(figures: dict[int, JourneyFigures]) -> None:
    """Delivered and read messages per journey, in one grouped query."""
    for journey_id, delivered, read in _message_rows(
        "SUM(CASE WHEN m.delivered_at IS NOT NULL OR m.read_at IS NOT NULL THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN m.read_at IS NOT NULL THEN 1 ELSE 0 END)",
        where="1 = 1",
        params=[],
        journey_ids=list(figures),
    ):
        figures[journey_id].delivered, figures[journey_id].read = int(delivered), int(read)
