"""Messages (the outbox with filters and paging) and journeys (figures, on and off)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jornada.backoffice.models import StaffAction
from jornada.backoffice.views import marketing
from jornada.journeys.models import Journey
from jornada.notifications.models import Message

pytestmark = pytest.mark.django_db


def a_message(n: int, *, order_id: int | None = None, **fields: object) -> Message:
    # test data only: notifications writes messages in the running system
    values: dict[str, object] = {
        "dedup_key": f"t-{n}",
        "order_id": order_id,
        "audience": "customer",
        "channel": "email",
        "purpose": "transactional",
        "template_key": "order_confirmation",
        "subject": f"Mensagem {n}",
        "address": "maria@example.com.br",
        "status": "sent",
        "created_at": timezone.now() - dt.timedelta(minutes=n),
    }
    values.update(fields)
    return Message.objects.create(**values)


# --- outbox ------------------------------------------------------------------------------


def test_marketing_sees_the_outbox_with_channel_recipient_status_and_order(client, marketer, order):
    # given
    message = a_message(1, order_id=order.pk, subject="Recebemos o seu pedido")
    client.force_login(marketer)
    # when
    response = client.get(reverse("backoffice:messages"))
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert "Recebemos o seu pedido" in body
    assert reverse("notifications:message", args=[message.pk]) in body
    assert reverse("backoffice:order_detail", args=[order.number]) in body
    assert "maria@example.com.br" in body
    assert reverse("backoffice:message_templates") in body


def test_the_outbox_filters_by_channel_status_and_order(client, agent, order):
    # given
    a_message(1, order_id=order.pk, subject="Email enviado")
    a_message(2, order_id=order.pk, channel="whatsapp", status="failed", subject="Zap falhou")
    a_message(3, subject="De outro pedido", channel="whatsapp", status="failed")
    client.force_login(agent)
    # when
    body = client.get(
        reverse("backoffice:messages"),
        {"channel": "whatsapp", "status": "failed", "order": f"#{order.number}"},
    ).content.decode()
    # then
    assert "Zap falhou" in body
    assert "Email enviado" not in body
    assert "De outro pedido" not in body
    # and customer service has no link to the templates
    assert reverse("backoffice:message_templates") not in body


def test_an_unknown_order_finds_nothing(client, agent):
    a_message(1)
    client.force_login(agent)
    body = client.get(reverse("backoffice:messages"), {"order": "999999"}).content.decode()
    assert "Mensagem 1" not in body
    assert "Nenhuma mensagem com estes filtros." in body


def test_the_outbox_pages_with_a_cursor(client, agent, monkeypatch, django_assert_max_num_queries):
    # given five messages, two a page
    monkeypatch.setattr(marketing, "OUTBOX_PAGE", 2)
    for n in range(1, 6):
        a_message(n)
    client.force_login(agent)
    # when
    first = client.get(reverse("backoffice:messages"))
    after = first.context["next_query"]
    second = client.get(reverse("backoffice:messages") + "?" + after)
    third = client.get(reverse("backoffice:messages") + "?" + second.context["next_query"])
    # then: newest first, no message twice, no COUNT and no OFFSET
    seen = [[m.subject for m in r.context["page"].messages] for r in (first, second, third)]
    assert seen == [["Mensagem 1", "Mensagem 2"], ["Mensagem 3", "Mensagem 4"], ["Mensagem 5"]]
    assert third.context["next_query"] == ""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("backoffice:messages") + "?" + after)
    sql = " ".join(q["sql"].upper() for q in captured.captured_queries)
    assert "COUNT(" not in sql
    assert "OFFSET" not in sql


def test_a_mangled_cursor_starts_again_from_the_newest(client, agent):
    a_message(1)
    client.force_login(agent)
    response = client.get(reverse("backoffice:messages"), {"after": "%%%nonsense"})
    assert response.status_code == 200
    assert [m.subject for m in response.context["page"].messages] == ["Mensagem 1"]


def test_htmx_filtering_answers_only_the_outbox_block(client, agent):
    a_message(1)
    client.force_login(agent)
    response = client.get(
        reverse("backoffice:messages"),
        {"channel": "email"},
        headers={"HX-Request": "true", "HX-Target": "outbox-area"},
    )
    body = response.content.decode()
    assert body.startswith('<section id="outbox-area"')
    assert "<html" not in body


@pytest.mark.parametrize("page", ["messages", "journeys"])
def test_warehouse_and_finance_cannot_see_them(client, packer, make_staff, page):
    for user in (packer, make_staff("fabio", "finance")):
        client.force_login(user)
        assert client.get(reverse(f"backoffice:{page}")).status_code == 403


def test_marketing_home_goes_to_messages(client, marketer):
    client.force_login(marketer)
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:messages")


# --- journeys ----------------------------------------------------------------------------


def test_marketing_sees_every_journey_with_its_figures(client, marketer):
    client.force_login(marketer)
    response = client.get(reverse("backoffice:journeys"))
    assert response.status_code == 200
    body = response.content.decode()
    assert Journey.objects.exists()
    for journey in Journey.objects.all():
        assert f'data-journey="{journey.slug}"' in body
    assert "Entregues" in body and "Lidas" in body


def test_customer_service_cannot_see_journeys(client, agent):
    client.force_login(agent)
    assert client.get(reverse("backoffice:journeys")).status_code == 403


def test_marketing_switches_a_journey_off_with_htmx_and_it_is_logged(client, marketer):
    # given
    journey = Journey.objects.get(slug="delivered")
    assert journey.is_enabled
    client.force_login(marketer)
    # when
    response = client.post(
        reverse("backoffice:journey_switch", args=[journey.pk]),
        {"enabled": "0"},
        headers={"HX-Request": "true"},
    )
    # then
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith(f'<tr id="journey-{journey.pk}"')
    assert 'data-enabled="0"' in body
    assert 'hx-swap-oob="innerHTML"' in body
    journey.refresh_from_db()
    assert not journey.is_enabled
    action = StaffAction.objects.get()
    assert action.kind == "journey_disabled"
    assert action.user == marketer
    assert action.params == {"journey": "delivered", "name": journey.name, "was": True}


def test_without_javascript_the_switch_comes_back_to_the_page(client, marketer):
    journey = Journey.objects.get(slug="delivered")
    Journey.objects.filter(pk=journey.pk).update(is_enabled=False)
    client.force_login(marketer)
    response = client.post(
        reverse("backoffice:journey_switch", args=[journey.pk]), {"enabled": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:journeys")
    journey.refresh_from_db()
    assert journey.is_enabled
    assert StaffAction.objects.get().kind == "journey_enabled"


def test_a_bad_switch_changes_nothing(client, marketer):
    journey = Journey.objects.get(slug="delivered")
    client.force_login(marketer)
    bad = client.post(
        reverse("backoffice:journey_switch", args=[journey.pk]),
        {"enabled": "maybe"},
        headers={"HX-Request": "true"},
    )
    missing = client.post(reverse("backoffice:journey_switch", args=[999_999]), {"enabled": "0"})
    assert bad.status_code == 422
    assert missing.status_code == 302
    journey.refresh_from_db()
    assert journey.is_enabled
    assert not StaffAction.objects.exists()


@pytest.mark.parametrize("who", ["agent", "packer", "owner_less"])
def test_only_marketing_switches_journeys(client, request, make_staff, who):
    user = make_staff("fabio", "finance") if who == "owner_less" else request.getfixturevalue(who)
    journey = Journey.objects.get(slug="delivered")
    client.force_login(user)
    response = client.post(
        reverse("backoffice:journey_switch", args=[journey.pk]), {"enabled": "0"}
    )
    assert response.status_code == 403
    journey.refresh_from_db()
    assert journey.is_enabled
    assert not StaffAction.objects.exists()


def test_owners_may_switch_journeys(client, owner):
    journey = Journey.objects.get(slug="delivered")
    client.force_login(owner)
    client.post(reverse("backoffice:journey_switch", args=[journey.pk]), {"enabled": "0"})
    journey.refresh_from_db()
    assert not journey.is_enabled
