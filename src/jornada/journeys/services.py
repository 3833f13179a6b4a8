"""The journey engine: an event enters orders into journeys; due steps run their actions.

Each (journey, order[, once_per values]) gets one ``JourneyRun`` row (unique ``key``),
written in the transaction of the event delivery, so a replayed event enters nobody
twice. A delayed step is a ``Timer`` row; when it fires, the journey's *current*
conditions are checked again (no thank-you to an order returned meanwhile) and the run
is finished in the same transaction as its messages: a retried step finds it done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from jornada.catalog.models import Variant
from jornada.core import prepared
from jornada.core.cache import caches_clear, ttl_get
from jornada.core.db import insert_once, update_row
from jornada.core.events import Event
from jornada.core.models import StoreProfile
from jornada.core.scheduler import timer_schedule
from jornada.core.store import store_profile
from jornada.customers.models import Customer
from jornada.journeys.conditions import conditions_evaluate
from jornada.journeys.defaults import DEFAULT_JOURNEYS, journey_fields
from jornada.journeys.delays import step_due_at
from jornada.journeys.models import Journey, JourneyRun, RunStatus
from jornada.notifications.models import Audience, MessageStatus
from jornada.notifications.outbound import webhook_enqueue
from jornada.notifications.rendering import LazyList
from jornada.notifications.services import (
    Composed,
    Recipient,
    message_composed,
    message_enqueue,
    staff_recipients,
)
from jornada.orders.models import Order, OrderLine

STEP_JOB = "journeys.step"
SENT_STATUSES = {
    MessageStatus.QUEUED,
    MessageStatus.DEFERRED,
    MessageStatus.SENT,
    MessageStatus.DELIVERED,
    MessageStatus.READ,
}


def journeys_ensure_defaults() -> int:
    """Create the default journeys that are missing (staff edits are kept); returns how many."""
    created = 0
    for spec in DEFAULT_JOURNEYS:
        _, was_created = Journey.objects.get_or_create(
            slug=spec["slug"], defaults=journey_fields(spec)
        )
        created += was_created
    return created


def journey_set_enabled(*, journey_id: int, enabled: bool) -> bool:
    caches_clear()
    with transaction.atomic():
        return bool(
            Journey.objects.filter(pk=journey_id).update(
                is_enabled=enabled, updated_at=timezone.now()
            )
        )


def trigger_matches(match: dict[str, Any], payload: dict[str, Any]) -> bool:
    """Every key of ``match`` equals the payload's value (or is in it, for a list)."""
    for key, expected in match.items():
        actual = payload.get(key)
        if isinstance(expected, list):
            if str(actual) not in {str(v) for v in expected}:
                return False
        elif str(actual) != str(expected):
            return False
    return True


def run_key(journey: Journey, order_id: int, payload: dict[str, Any]) -> str:
    parts = [journey.slug, str(order_id), *(str(payload.get(k, "")) for k in journey.once_per)]
    return ":".join(parts)[:200]


@dataclass
class OrderFacts:
    """The order, its customer and lines, loaded once per event and read lazily."""

    order_id: int
    payload: dict[str, Any]
    _order: Order | None = None
    _loaded: bool = False
    _lines: list[OrderLine] | None = None
    _customer: Customer | None = None
    _store: StoreProfile | None = None
    _cache: dict[str, Any] = field(default_factory=dict)

    @property
    def order(self) -> Order | None:
        if not self._loaded:
            self._order = Order.objects.filter(pk=self.order_id).first()
            self._loaded = True
        return self._order

    @property
    def customer(self) -> Customer | None:
        if self._customer is None and self.order is not None:
            self._customer = Customer.objects.filter(pk=self.order.customer_id).first()
        return self._customer

    @property
    def lines(self) -> list[OrderLine]:
        if self._lines is None:
            self._lines = list(
                OrderLine.objects.filter(order_id=self.order_id).order_by("position")
            )
        return self._lines

    @property
    def store(self) -> StoreProfile:
        if self._store is None:
            self._store = ttl_get("store_profile", store_profile)
        return self._store

    def fact(self, name: str) -> Any:
        if name in self._cache:
            return self._cache[name]
        value = self._fact(name)
        self._cache[name] = value
        return value

    def _previous_orders(self) -> int:
        order = self.order
        if order is None:
            return 0
        return (
            Order.objects.filter(customer_id=order.customer_id, placed_at__lt=order.placed_at)
            .exclude(pk=order.pk)
            .count()
        )

    def _fact(self, name: str) -> Any:
        if name.startswith("event."):
            return self.payload.get(name.removeprefix("event."))
        order, customer = self.order, self.customer
        if order is None:
            return None
        if name == "first_purchase":
            return self._previous_orders() == 0
        if name == "order_count":
            return self._previous_orders() + 1
        if name == "segment":
            previous = self._previous_orders()
            return "new" if previous == 0 else "loyal" if previous >= 3 else "returning"
        if name == "total":
            return Decimal(order.grand_total)
        if name == "uf":
            return order.ship_uf
        if name in {"channel", "payment_method", "status", "language", "gift_wrap"}:
            return getattr(order, name)
        if name == "preferred_channel":
            return customer.preferred_channel if customer else ""
        if name == "skus":
            return [line.sku for line in self.lines]
        if name == "categories":
            slugs = Variant.objects.filter(
                pk__in=[line.variant_id for line in self.lines],
                product__category__isnull=False,
            ).values_list("product__category__slug", flat=True)
            return sorted(set(slugs))
        return None


# --- entering journeys -----------------------------------------------------------------


def _journeys_for(event: Event) -> list[Journey]:
    """The enabled journeys ``event`` starts (cached for a few seconds)."""
    enabled = ttl_get(
        ("journeys", event.type),
        lambda: list(Journey.objects.filter(trigger=event.type, is_enabled=True).order_by("pk")),
    )
    return [j for j in enabled if trigger_matches(j.trigger_match or {}, event.payload)]


def _facts_key(event: Event) -> tuple[str, str]:
    return ("journeys.facts", str(event.id))


def journeys_prepare(events: list[Event]) -> None:
    """Before the write transaction of a batch of deliveries (``jornada.core.prepared``):
    load the batch's orders and customers in two queries and decide the steps due now
    (conditions, the messages' words), so inside the transaction only the rows are
    written. The unique keys still decide there: a run or message already written (a
    replay, another worker) is not written again, whatever was prepared."""
    wanted = [(event, _journeys_for(event)) for event in events]
    wanted = [(e, js) for e, js in wanted if js and e.payload.get("order_id") is not None]
    if not wanted:
        return
    orders = Order.objects.in_bulk({int(e.payload["order_id"]) for e, _ in wanted})
    customers = Customer.objects.in_bulk({o.customer_id for o in orders.values()})
    for event, journeys in wanted:
        order_id = int(event.payload["order_id"])
        order = orders.get(order_id)
        facts = OrderFacts(
            order_id=order_id,
            payload=event.payload,
            _order=order,
            _loaded=True,
            _customer=customers.get(order.customer_id) if order is not None else None,
        )
        prepared.stash(_facts_key(event), facts)
        for journey in journeys:
            if journey.delay_amount or journey.delay_before:
                continue  # its step runs later, from a timer, on the facts of then
            key = run_key(journey, order_id, event.payload)
            prepared.stash(_plan_key(key), _plan(journey, key, facts))


def _plan_key(run_key: str) -> tuple[str, str]:
    return ("journeys.plan", run_key)


def journeys_on_event(event: Event) -> None:
    """Event handler (every event type the journeys use): enter the order into each
    enabled journey this event triggers; run the steps due now."""
    payload = event.payload
    order_id = payload.get("order_id")
    if order_id is None:
        return
    journeys = _journeys_for(event)
    if not journeys:
        return
    facts: OrderFacts = prepared.take(_facts_key(event)) or OrderFacts(
        order_id=int(order_id), payload=payload
    )
    now = timezone.now()
    for journey in journeys:
        # A replayed or repeated event finds the run's key taken: that order is already in.
        _enter(
            journey, key=run_key(journey, int(order_id), payload), event=event, facts=facts, now=now
        )


def _enter(
    journey: Journey, *, key: str, event: Event, facts: OrderFacts, now: dt.datetime
) -> None:
    due_at, skip = now, ""
    if journey.delay_amount or journey.delay_before:
        before = None
        if journey.delay_before:
            raw = facts.payload.get(journey.delay_before)
            before = parse_datetime(str(raw)) if raw else None
            if before is None:
                skip = f"no {journey.delay_before} in the event"
        if not skip:
            order = facts.order
            due_at = step_due_at(
                now=now,
                amount=journey.delay_amount,
                unit=journey.delay_unit,
                tz=settings.TIME_ZONE,
                uf=order.ship_uf if order else None,
                before=before,
            )
            if before is not None and due_at <= now:
                skip = "too late: the date is already within the delay"
    # A step due now is decided before the run is written (conditions, then the messages'
    # words), so the run goes in finished, in one statement.
    plan = None
    if not skip and due_at <= now:
        plan = prepared.take(_plan_key(key)) or _plan(journey, key, facts)
    if plan is not None and plan.skip:
        skip = plan.skip
    finished = bool(skip) or plan is not None
    run = JourneyRun(
        journey=journey,
        order_id=facts.order_id,
        key=key,
        event_id=event.id,
        payload=facts.payload,
        due_at=due_at,
        entered_at=now,
        status=RunStatus.SKIPPED if skip else RunStatus.DONE if finished else RunStatus.WAITING,
        skip_reason=skip[:200],
        messages_sent=plan.expected if plan is not None and not skip else 0,
        finished_at=now if finished else None,
    )
    if not insert_once(run, conflict="key"):
        return  # already in: a replayed or repeated event, or another worker just now
    if skip:
        return
    if plan is None:
        timer_schedule(
            job=STEP_JOB, due_at=due_at, key=f"journey:{run.pk}", payload={"run_id": run.pk}
        )
        return
    sent = _perform(run, plan)
    if sent != plan.expected:  # a local channel refused one, or a message was already there
        run.messages_sent = sent
        update_row(JourneyRun, run.pk, messages_sent=sent)


# --- running steps ---------------------------------------------------------------------


def journey_step(payload: dict[str, Any]) -> None:
    """Timer job: a delayed step is due; re-check and run it (once)."""
    run = (
        JourneyRun.objects.select_for_update()
        .select_related("journey")
        .filter(pk=int(payload["run_id"]))
        .first()
    )
    if run is None or run.status != RunStatus.WAITING:
        return
    facts = OrderFacts(order_id=run.order_id, payload=run.payload)
    _execute(run, run.journey, facts)


def _finish(run: JourneyRun, *, status: str, reason: str = "", sent: int = 0) -> None:
    run.status, run.skip_reason, run.messages_sent = status, reason[:200], sent
    run.finished_at = timezone.now()
    update_row(
        JourneyRun,
        run.pk,
        status=status,
        skip_reason=run.skip_reason,
        messages_sent=sent,
        finished_at=run.finished_at,
    )


@dataclass
class StepPlan:
    """A step decided but not yet written: why it is skipped, or its actions with the
    messages' words, and how many messages it should send."""

    skip: str = ""
    #: (action index, action, [(message_enqueue arguments, composed message)])
    actions: list[tuple[int, dict[str, Any], list[tuple[dict[str, Any], Composed]]]] = field(
        default_factory=list
    )
    expected: int = 0


def _plan(journey: Journey, key: str, facts: OrderFacts) -> StepPlan:
    if not journey.is_enabled:
        return StepPlan(skip="journey disabled")
    if facts.order is None:
        return StepPlan(skip="order not found")
    holds, failed = conditions_evaluate(journey.conditions or [], facts.fact)
    if not holds:
        return StepPlan(skip=f"condition: {failed}")
    plan = StepPlan()
    for index, action in enumerate(journey.actions or []):
        messages = [
            (request, message_composed(**request))
            for request in _message_requests(journey, key, index, action, facts)
        ]
        plan.expected += sum(c.status != MessageStatus.SKIPPED for _r, c in messages)
        plan.actions.append((index, action, messages))
    return plan


def _execute(run: JourneyRun, journey: Journey, facts: OrderFacts) -> None:
    """A delayed step: decided now, on the facts of now."""
    plan = _plan(journey, run.key, facts)
    if plan.skip:
        _finish(run, status=RunStatus.SKIPPED, reason=plan.skip)
        return
    _finish(run, status=RunStatus.DONE, sent=_perform(run, plan))


def _perform(run: JourneyRun, plan: StepPlan) -> int:
    """Run the step's actions; returns how many messages it sent (or queued)."""
    sent = 0
    for index, action, messages in plan.actions:
        if action.get("type") == "webhook":
            webhook_enqueue(
                message_id=f"journey_{run.pk}_{index}",
                url=str(action["url"]),
                event_type=f"journeys.{run.journey.slug}",
                payload={
                    "type": f"journeys.{run.journey.slug}",
                    "timestamp": timezone.now().isoformat(),
                    "data": {"order_id": run.order_id, "event": run.payload},
                },
            )
            continue
        for request, composed in messages:
            message, _created = message_enqueue(
                **request, composed=composed, journey_run_id=run.pk, journey_id=run.journey_id
            )
            sent += message.status in SENT_STATUSES
    return sent


def _message_requests(
    journey: Journey, key: str, index: int, action: dict[str, Any], facts: OrderFacts
) -> list[dict[str, Any]]:
    """The messages a send or call-task action asks for, as ``message_enqueue``'s
    arguments (the same when prepared ahead and when written)."""
    kind = action.get("type")
    if kind == "webhook":
        return []
    # the once_per values ("" or ":<shipment id>") tell two runs of one order apart
    once = key[len(f"{journey.slug}:{facts.order_id}") :]
    template = str(action.get("template", ""))
    if kind == "call_task":
        recipients = [Recipient(audience=Audience.CUSTOMER, customer=facts.customer)]
        channel: str | None = "phone"
    elif action.get("to") == "staff":
        recipients = staff_recipients(facts.store)
        channel = "email"
    else:
        recipients = [Recipient(audience=Audience.CUSTOMER, customer=facts.customer)]
        channel = action.get("channel") or None
    attachments = [int(facts.payload[k]) for k in action.get("attach", []) if facts.payload.get(k)]
    requests = []
    for recipient in recipients:
        if recipient.audience == Audience.CUSTOMER and recipient.customer is None:
            continue
        who = recipient.staff_email if recipient.audience == Audience.STAFF else "customer"
        suffix = f":{kind}" if kind == "call_task" else ""
        requests.append(
            {
                "dedup_key": f"order:{facts.order_id}:{template}{once}:{who}{suffix}"[:200],
                "template_key": template,
                "recipient": recipient,
                "order": facts.order,
                "lines": LazyList(lambda: facts.lines),
                "store": facts.store,
                "payload": facts.payload,
                "channel": channel,
                "attachments": attachments,
                "allow_fallback": kind != "call_task",
            }
        )
    return requests


ACTION_TYPES = ("send", "call_task", "webhook")


def action_errors(actions: Any) -> list[str]:
    """What is wrong with an actions list typed by staff (empty when it is fine)."""
    from jornada.notifications.defaults import STAGE_MESSAGES
    from jornada.notifications.models import MessageTemplate

    if not isinstance(actions, list) or not actions:
        return ["actions must be a non-empty list"]
    known = set(STAGE_MESSAGES) | set(MessageTemplate.objects.values_list("key", flat=True))
    errors = []
    for index, action in enumerate(actions):
        where = f"#{index + 1}"
        if not isinstance(action, dict) or action.get("type") not in ACTION_TYPES:
            errors.append(f"{where}: type must be one of {', '.join(ACTION_TYPES)}")
            continue
        if action["type"] == "webhook":
            url = str(action.get("url", ""))
            if not url.startswith(("https://", "http://")):
                errors.append(f"{where}: a webhook needs an http(s) url")
            continue
        if action.get("template") not in known:
            errors.append(f"{where}: unknown template {action.get('template')!r}")
        if action.get("to", "customer") not in ("customer", "staff"):
            errors.append(f"{where}: to must be customer or staff")
        if action.get("channel") not in (None, "", "email", "whatsapp", "sms", "phone"):
            errors.append(f"{where}: unknown channel {action.get('channel')!r}")
    return errors
