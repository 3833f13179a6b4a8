from __future__ import annotations

import pytest
from django.urls import reverse

from jornada.backoffice.models import StaffAction
from jornada.backoffice.tests.conftest import place
from jornada.core.documents import document_store
from jornada.orders.models import Order, OrderEvent
from jornada.orders.services import (
    order_fulfilment_start,
    order_mark_paid,
    order_mark_shipped,
    order_validate,
)
from jornada.orders.types import Actor

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system()
HTMX = {"HTTP_HX_REQUEST": "true"}


def board_url(**query: str) -> str:
    url = reverse("backoffice:order_board")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def detail_url(order: Order) -> str:
    return reverse("backoffice:order_detail", args=[order.number])


def shipped(order: Order) -> Order:
    for move in (order_mark_paid, order_validate, order_fulfilment_start, order_mark_shipped):
        move(order_id=order.pk, actor=SYSTEM)
    order.refresh_from_db()
    return order


# --- who may see the board -------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, order):
    response = client.get(board_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("backoffice:login"))


@pytest.mark.parametrize("who", ["owner", "agent", "packer"])
def test_order_roles_see_the_board(client, request, who, order):
    client.force_login(request.getfixturevalue(who))
    response = client.get(board_url())
    assert response.status_code == 200
    assert f"#{order.number}" in response.content.decode()


def test_marketing_cannot_see_orders(client, marketer, order):
    client.force_login(marketer)
    for url in (board_url(), detail_url(order), reverse("backoffice:order_counts")):
        response = client.get(url)
        assert response.status_code == 403
        assert order.customer_name not in response.content.decode()


def test_home_sends_each_role_to_its_first_section(client, packer, marketer):
    client.force_login(packer)
    assert client.get(reverse("backoffice:home"))["Location"] == board_url()
    client.force_login(marketer)
    assert client.get(reverse("backoffice:home"))["Location"] == reverse("backoffice:messages")


def test_the_site_root_opens_the_back_office(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:home")


# --- the board -----------------------------------------------------------------------


def test_search_by_cpf_without_punctuation_finds_only_that_customer(client, agent, catalog):
    maria = place(name="Maria da Silva", document="529.982.247-25")
    other = place(name="Pedro Alves")
    client.force_login(agent)
    body = client.get(board_url(q="52998224725")).content.decode()
    assert f"#{maria.number}" in body
    assert f"#{other.number}" not in body


def test_stage_tabs_show_counts_and_the_stage_lists_only_its_orders(client, agent, catalog):
    waiting = place()
    validated = place()
    order_mark_paid(order_id=validated.pk, actor=SYSTEM)
    order_validate(order_id=validated.pk, actor=SYSTEM)
    client.force_login(agent)
    response = client.get(board_url(stage="to_pick"))
    body = response.content.decode()
    stages = {s["value"]: s["count"] for s in response.context["stages"]}
    assert stages["to_pick"] == 1
    assert stages["awaiting_payment"] == 1
    assert f"#{validated.number}" in body
    assert f"#{waiting.number}" not in body


def test_htmx_filtering_returns_only_the_board_area(client, agent, order):
    client.force_login(agent)
    response = client.get(board_url(uf="SP"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="board-area")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="board-area">')
    assert "<html" not in body


def test_live_counts_are_a_fragment_that_polls_itself(client, agent, order):
    client.force_login(agent)
    response = client.get(reverse("backoffice:order_counts") + "?uf=SP", **HTMX)
    body = response.content.decode()
    assert 'hx-trigger="every 15s' in body
    assert 'data-stage="awaiting_payment">1<' in body
    assert "<html" not in body
    other_state = client.get(reverse("backoffice:order_counts") + "?uf=RJ").content.decode()
    assert 'data-stage="awaiting_payment">0<' in other_state


def test_unknown_filter_values_are_ignored(client, agent, order):
    client.force_login(agent)
    response = client.get(board_url(stage="nowhere", payment_method="gold", channel="x"))
    assert response.status_code == 200
    assert f"#{order.number}" in response.content.decode()


# --- the order page --------------------------------------------------------------------


def test_order_page_shows_customer_items_totals_and_timeline(client, agent, order):
    client.force_login(agent)
    response = client.get(detail_url(order))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Maria da Silva" in body
    assert "Camiseta Jornada" in body and "CANECA" in body
    assert "R$ 179,60" in body  # 2 x 59,90 + 39,90 + 19,90 shipping
    assert "Pedido realizado" in body  # the timeline, in pt-BR by default


def test_order_page_speaks_the_staff_members_language(client, agent, order):
    client.force_login(agent)
    client.cookies["django_language"] = "es"
    body = client.get(detail_url(order)).content.decode()
    assert 'lang="es"' in body
    assert "Pedido realizado" in body or "Pedido creado" in body
    assert "Cronología" in body


def test_order_page_without_phone_or_history_still_renders(client, agent, catalog):
    order = place(phone="", name="Ana " + "Beatriz " * 20)
    client.force_login(agent)
    response = client.get(detail_url(order))
    assert response.status_code == 200
    assert "não informado" in response.content.decode()


def test_unknown_order_is_404(client, agent):
    client.force_login(agent)
    assert client.get(reverse("backoffice:order_detail", args=["999999"])).status_code == 404


def test_warehouse_sees_no_cancel_button(client, packer, order):
    client.force_login(packer)
    body = client.get(detail_url(order)).content.decode()
    assert reverse("backoffice:order_cancel", args=[order.number]) not in body
    assert reverse("backoffice:order_note", args=[order.number]) in body


def test_a_shipped_order_offers_no_cancel(client, agent, order):
    shipped(order)
    client.force_login(agent)
    body = client.get(detail_url(order)).content.decode()
    assert reverse("backoffice:order_cancel", args=[order.number]) not in body


# --- actions ----------------------------------------------------------------------------


def test_adding_a_note_by_htmx_updates_the_timeline_and_logs_it(client, packer, order):
    # when
    client.force_login(packer)
    response = client.post(
        reverse("backoffice:order_note", args=[order.number]),
        {"text": "Caixa reforçada, por favor"},
        **HTMX,
    )
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="order-live"')
    assert "Caixa reforçada, por favor" in body
    assert 'hx-swap-oob="innerHTML"' in body and "Nota adicionada." in body
    event = OrderEvent.objects.get(order=order, type="note_added")
    assert event.params == {"text": "Caixa reforçada, por favor"}
    assert event.actor_user_id == packer.pk
    action = StaffAction.objects.get()
    assert (action.user_id, action.kind, action.order_number) == (
        packer.pk,
        "order_note_added",
        order.number,
    )
    assert action.params == {"text": "Caixa reforçada, por favor"}


def test_an_empty_note_is_refused_and_nothing_is_written(client, agent, order):
    client.force_login(agent)
    response = client.post(
        reverse("backoffice:order_note", args=[order.number]), {"text": "  "}, **HTMX
    )
    assert response.status_code == 422
    assert not OrderEvent.objects.filter(type="note_added").exists()
    assert not StaffAction.objects.exists()


def test_a_note_without_javascript_redirects_back_to_the_order(client, agent, order):
    client.force_login(agent)
    response = client.post(reverse("backoffice:order_note", args=[order.number]), {"text": "ok"})
    assert response.status_code == 302
    assert response["Location"] == detail_url(order)


def test_customer_service_cancels_with_a_reason(client, agent, order):
    # when
    client.force_login(agent)
    response = client.post(
        reverse("backoffice:order_cancel", args=[order.number]),
        {"reason": "Cliente desistiu por telefone"},
        **HTMX,
    )
    # then
    order.refresh_from_db()
    assert response.status_code == 200
    assert order.status == "cancelled"
    assert order.cancel_reason == "Cliente desistiu por telefone"
    event = OrderEvent.objects.get(order=order, type="cancelled")
    assert event.params == {"from": "placed", "reason": "Cliente desistiu por telefone"}
    assert event.actor_user_id == agent.pk
    action = StaffAction.objects.get()
    assert action.kind == "order_cancelled"
    assert action.params == {"reason": "Cliente desistiu por telefone", "from": "placed"}
    body = response.content.decode()
    assert 'data-status="cancelled"' in body
    assert reverse("backoffice:order_cancel", args=[order.number]) not in body


def test_warehouse_cannot_cancel_and_nothing_changes(client, packer, order):
    client.force_login(packer)
    response = client.post(
        reverse("backoffice:order_cancel", args=[order.number]), {"reason": "x"}, **HTMX
    )
    order.refresh_from_db()
    assert response.status_code == 403
    assert order.status == "placed"
    assert not OrderEvent.objects.filter(type="cancelled").exists()
    assert not StaffAction.objects.exists()


def test_cancelling_a_shipped_order_is_refused_and_nothing_changes(client, agent, order):
    shipped(order)
    events_before = OrderEvent.objects.filter(order=order).count()
    client.force_login(agent)
    response = client.post(
        reverse("backoffice:order_cancel", args=[order.number]), {"reason": "tarde"}, **HTMX
    )
    order.refresh_from_db()
    assert response.status_code == 409
    assert order.status == "shipped"
    assert OrderEvent.objects.filter(order=order).count() == events_before
    assert not StaffAction.objects.exists()
    assert 'role="alert"' in response.content.decode()


def test_cancelling_without_a_reason_is_refused(client, agent, order):
    client.force_login(agent)
    response = client.post(
        reverse("backoffice:order_cancel", args=[order.number]), {"reason": ""}, **HTMX
    )
    order.refresh_from_db()
    assert response.status_code == 422
    assert order.status == "placed"


def test_actions_need_post(client, agent, order):
    client.force_login(agent)
    assert client.get(reverse("backoffice:order_cancel", args=[order.number])).status_code == 405


# --- documents (a panel provider) ----------------------------------------------------


def test_documents_of_the_order_are_listed_and_downloadable(client, packer, order):
    document = document_store(
        kind="packing_slip",
        filename="packing-slip.pdf",
        content=b"%PDF-1.4 slip",
        order_id=order.pk,
    )
    client.force_login(packer)
    body = client.get(detail_url(order)).content.decode()
    url = reverse("backoffice:document_download", args=[document.pk])
    assert url in body and "packing-slip.pdf" in body
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == b"%PDF-1.4 slip"


def test_no_documents_means_no_documents_panel(client, packer, order):
    client.force_login(packer)
    assert "panel-documents" not in client.get(detail_url(order)).content.decode()


def test_marketing_cannot_download_documents(client, marketer, order):
    document = document_store(kind="x", filename="x.pdf", content=b"x", order_id=order.pk)
    client.force_login(marketer)
    url = reverse("backoffice:document_download", args=[document.pk])
    assert client.get(url).status_code == 403


# --- bounded queries ------------------------------------------------------------------


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_board_reads_the_same_number_of_queries_for_3_or_12_orders(client, agent, catalog):
    client.force_login(agent)
    for _ in range(3):
        place()
    client.get(board_url())  # the store profile is created on first read
    few = _queries(client, board_url())
    for _ in range(9):
        place()
    assert _queries(client, board_url()) == few


def test_the_order_page_reads_a_fixed_number_of_queries(client, agent, catalog):
    client.force_login(agent)
    first = place(document="529.982.247-25")
    client.get(detail_url(first))  # the store profile is created on first read
    baseline = _queries(client, detail_url(first))
    for _ in range(6):
        latest = place(document="529.982.247-25")
    for text in ("a", "b", "c"):
        client.post(reverse("backoffice:order_note", args=[latest.number]), {"text": text})
    assert _queries(client, detail_url(latest)) == baseline


# --- the panel extension point -------------------------------------------------------


def test_a_registered_panel_is_drawn_on_the_order_page(client, agent, order, monkeypatch):
    from jornada.backoffice import sections

    monkeypatch.setattr(
        sections,
        "ORDER_PANEL_PROVIDERS",
        [*sections.ORDER_PANEL_PROVIDERS, "jornada.backoffice.tests.panels_for_tests.payment"],
    )
    sections.order_panels.cache_clear()
    try:
        client.force_login(agent)
        body = client.get(detail_url(order)).content.decode()
        assert 'class="card panel panel-payment"' in body
        assert f"Charge for #{order.number}" in body
    finally:
        sections.order_panels.cache_clear()


def test_a_panel_with_nothing_to_show_is_left_out(client, agent, order, monkeypatch):
    from jornada.backoffice import sections

    monkeypatch.setattr(
        sections, "ORDER_PANEL_PROVIDERS", ["jornada.backoffice.tests.panels_for_tests.empty"]
    )
    sections.order_panels.cache_clear()
    try:
        client.force_login(agent)
        assert "panel-empty" not in client.get(detail_url(order)).content.decode()
    finally:
        sections.order_panels.cache_clear()
