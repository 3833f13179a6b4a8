"""Reads for staff: journeys with their figures (entered, sent, skipped and why)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

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
    run_journey = dict(
        JourneyRun.objects.filter(
            journey_id__in=figures, messages_sent=0, status=RunStatus.DONE
        ).values_list("pk", "journey_id")
    )
    if run_journey:
        for message in (
            Message.objects.filter(
                journey_run_id__in=list(run_journey), status=MessageStatus.SKIPPED
            )
            .values("journey_run_id", "skip_reason")
            .annotate(n=Count("id"))
        ):
            run_id = message["journey_run_id"]
            if run_id is not None:
                reason = f"message: {message['skip_reason']}"
                reasons[run_journey[run_id]][reason] += message["n"]
    for pk, counter in reasons.items():
        figures[pk].skip_reasons = dict(counter.most_common())
    return list(figures.values())
