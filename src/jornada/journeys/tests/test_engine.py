"""The engine with staff-made journeys: facts, conditions, actions, figures, pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from jornada.catalog.models import Category, Product
from jornada.journeys.models import Journey, JourneyRun, RunStatus
from jornada.journeys.selectors import journey_figures
from jornada.notifications.models import Message, MessageTemplate, WebhookDelivery
from jornada.notifications.tests.conftest import drain, place

pytestmark = pytest.mark.django_db


def _journey(**fields: Any) -> Journey:
    values: dict[str, Any] = {
        "slug": "coffee-tips",
        "name": "Dicas de café",
        "trigger": "orders.OrderPlaced",
        "actions": [{"type": "send", "template": "coffee_tips", "to": "customer"}],
    }
    values.update(fields)
    return Journey.objects.create(**values)


@pytest.fixture
def coffee_template(db: Any) -> None:
    for channel in ("whatsapp", "email"):
        MessageTemplate.objects.create(
            key="coffee_tips",
            channel=channel,
            language="pt-br",
            subject="Dicas para seu café",
            body_text="{{ customer.first_name }}, dicas para o seu café!",
        )


def test_category_and_total_conditions_pick_the_right_orders(
    catalog: Any, clock: Any, coffee_template: None
) -> None:
    # given coffee in the "cafes" category, and a journey for coffee buyers over R$ 40
    cafes = Category.objects.create(name="Cafés", slug="cafes")
    Product.objects.filter(slug="cafe").update(category=cafes)
    _journey(
        conditions=[
            {"fact": "categories", "op": "contains", "value": "cafes"},
            {"fact": "total", "op": "gt", "value": "40"},
            {"fact": "first_purchase", "op": "is_true"},
        ]
    )
    from jornada.orders.types import LineInput

    # when one order has coffee, another has none
    with_coffee = place(lines=(LineInput("CAFE", 1),))
    without = place(lines=(LineInput("CAM-P", 1),))
    drain()
    # then
    assert list(
        Message.objects.filter(template_key="coffee_tips").values_list("order_id", flat=True)
    ) == [with_coffee.pk]
    skipped = JourneyRun.objects.get(journey__slug="coffee-tips", order_id=without.pk)
    assert (skipped.status, skipped.skip_reason) == (
        RunStatus.SKIPPED,
        "condition: categories contains cafes",
    )


def test_second_purchase_is_not_a_first_purchase(
    catalog: Any, clock: Any, coffee_template: None
) -> None:
    _journey(conditions=[{"fact": "first_purchase", "op": "is_true"}])
    first = place(document="52998224725")
    second = place(document="52998224725")
    drain()
    runs = {r.order_id: r.status for r in JourneyRun.objects.filter(journey__slug="coffee-tips")}
    assert runs == {first.pk: RunStatus.DONE, second.pk: RunStatus.SKIPPED}


def test_webhook_and_call_task_actions(
    catalog: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import httpx

    from jornada.notifications import adapters

    monkeypatch.setattr(
        adapters, "HTTP_TRANSPORT", httpx.MockTransport(lambda r: httpx.Response(200))
    )
    _journey(
        slug="vip-call",
        conditions=[{"fact": "total", "op": "gte", "value": "100"}],
        actions=[
            {"type": "call_task", "template": "order_confirmation"},
            {"type": "webhook", "url": "https://crm.example/vip"},
        ],
    )
    order = place()
    drain()
    call = Message.objects.get(order_id=order.pk, channel="phone")
    assert call.body_text.startswith("Roteiro da ligação")
    hook = WebhookDelivery.objects.get(url="https://crm.example/vip")
    assert (hook.status, hook.payload["data"]["order_id"]) == ("delivered", order.pk)


def test_figures_count_entered_sent_and_skipped_with_reasons(catalog: Any, clock: Any) -> None:
    from jornada.customers.models import Customer

    # given three orders, one from a customer who refused every channel
    place(document="52998224725")
    place(document="11144477735")
    blocked = place(document="39053344705")
    Customer.objects.filter(pk=blocked.customer_id).update(optout_whatsapp=True, optout_email=True)
    drain()
    # then
    [figures] = journey_figures(journey_ids=[Journey.objects.get(slug="order-confirmation").pk])
    assert (figures.entered, figures.sent, figures.skipped) == (3, 2, 1)
    assert figures.skip_reasons == {"message: opted_out_whatsapp": 1}


def test_marketing_lists_and_switches_journeys(catalog: Any, clock: Any, client: Any) -> None:
    user = get_user_model().objects.create_user("mk", "mk@loja.example", "pw", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="marketing")[0])
    client.force_login(user)
    place()
    drain()
    page = client.get("/journeys/").content.decode()
    assert "Confirmação do pedido" in page and "Entregue: chegou tudo bem?" in page
    journey = Journey.objects.get(slug="order-confirmation")
    response = client.post(f"/journeys/{journey.pk}/enabled/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'aria-pressed="false"' in response.content.decode()
    journey.refresh_from_db()
    assert not journey.is_enabled


def test_journey_admin_refuses_bad_conditions(client: Any, db: Any) -> None:
    admin = get_user_model().objects.create_superuser("root", "r@loja.example", "pw")
    client.force_login(admin)
    journey = Journey.objects.get(slug="delivered")
    response = client.post(
        f"/admin/journeys/journey/{journey.pk}/change/",
        {
            "slug": journey.slug,
            "name": journey.name,
            "trigger": journey.trigger,
            "trigger_match": "{}",
            "delay_amount": "2",
            "delay_unit": "hours",
            "conditions": '[{"fact": "totl", "op": "gte", "value": 1}]',
            "actions": '[{"type": "send", "template": "delivered"}]',
            "once_per": '["shipment_id"]',
            "is_enabled": "on",
        },
    )
    assert response.status_code == 200
    assert "unknown fact" in response.content.decode()
    journey.refresh_from_db()
    assert journey.conditions[0]["fact"] == "status"


def test_total_fact_is_a_decimal(catalog: Any, clock: Any) -> None:
    from jornada.journeys.services import OrderFacts

    order = place()
    facts = OrderFacts(order_id=order.pk, payload={})
    assert facts.fact("total") == Decimal("179.60")
    assert facts.fact("uf") == "SP"
    assert facts.fact("segment") == "new"


def test_a_run_decided_ahead_counts_what_was_really_sent(catalog: Any, clock: Any) -> None:
    """A step due now is written finished, with the messages it expects to send; when a
    channel refuses one at the hand-over, the run's count is corrected to what was sent."""
    from jornada.customers.types import CustomerInput

    # given a customer whose mailbox the sandbox refuses, and one whose it takes
    refused = place(
        customer=CustomerInput(
            name="Rita Recusa",
            document="52998224725",
            email="rita+bounce@example.com.br",
            preferred_channel="email",
        )
    )
    taken = place(document="11144477735")
    # when the workers run the order confirmation journey
    drain()
    # then the refused message failed and its run sent nothing; the other sent one
    runs = {
        r.order_id: (r.status, r.messages_sent)
        for r in JourneyRun.objects.filter(journey__slug="order-confirmation")
    }
    assert runs == {refused.pk: (RunStatus.DONE, 0), taken.pk: (RunStatus.DONE, 1)}
    failed = Message.objects.get(order_id=refused.pk, template_key="order_confirmation")
    assert (failed.status, failed.last_error) == ("failed", "sandbox: mailbox does not exist")
    [figures] = journey_figures(journey_ids=[Journey.objects.get(slug="order-confirmation").pk])
    assert (figures.entered, figures.sent, figures.skipped) == (2, 1, 1)
