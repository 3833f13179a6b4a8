"""Reads for staff: journeys with their figures (entered, sent, delivered, read, skipped
and why)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Coalesce

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
    """Every journey's figures in three grouped reads, each from one covering index (runs
    by journey, status and messages sent; messages by journey, status, skip reason and
    delivery times), so the page costs the same whatever the columns' contents."""
    journeys = Journey.objects.order_by("trigger", "name")
    if journey_ids is not None:
        journeys = journeys.filter(pk__in=journey_ids)
    figures = {j.pk: JourneyFigures(journey=j) for j in journeys}
    reasons: dict[int, Counter[str]] = {pk: Counter() for pk in figures}
    runs = (
        JourneyRun.objects.filter(journey_id__in=figures)
        .values_list("journey_id", "status", "messages_sent")
        .annotate(n=Count("*"))
        .order_by()
    )
    for journey_id, status, messages_sent, n in runs:
        f = figures[journey_id]
        f.entered += n
        f.sent += messages_sent * n
        if status == RunStatus.WAITING:
            f.waiting += n
        elif status == RunStatus.DONE:
            f.done += n
        # a run skipped by its conditions, or done with every message skipped
        if status == RunStatus.SKIPPED or (status == RunStatus.DONE and messages_sent == 0):
            f.skipped += n
    for journey_id, skip_reason, n in (
        JourneyRun.objects.filter(journey_id__in=figures, status=RunStatus.SKIPPED)
        .values_list("journey_id", "skip_reason")
        .annotate(n=Count("*"))
        .order_by()
    ):
        reasons[journey_id][skip_reason] += n
    messages = (
        Message.objects.filter(journey_id__in=figures)
        .values_list("journey_id", "status", "skip_reason")
        .annotate(
            n=Count("*"),
            # delivered counts the read ones too (a read receipt implies delivery)
            delivered=Count(Coalesce("delivered_at", "read_at")),
            read=Count("read_at"),
        )
        .order_by()
    )
    for journey_id, status, skip_reason, n, delivered, read in messages:
        f = figures[journey_id]
        f.delivered += delivered
        f.read += read
        if status == MessageStatus.SKIPPED:
            reasons[journey_id][f"message: {skip_reason}"] += n
    for pk, counter in reasons.items():
        figures[pk].skip_reasons = dict(counter.most_common())
    return list(figures.values())
