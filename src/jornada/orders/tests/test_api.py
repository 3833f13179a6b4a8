from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jornada.api.services import api_key_create
from jornada.core.models import OutboxEvent
from jornada.customers.models import Customer
from jornada.inventory.models import Location
from jornada.inventory.services import StockActor, stock_receive
from jornada.orders.models import Order, OrderEvent
from jornada.orders.selectors import order_access_token
from jornada.orders.tests.conftest import order_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):  # type: ignore[no-untyped-def]
    _, secret = api_key_create(name="Loja", scopes=["orders:read", "orders:write"])

    def call(method: str, path: str, body: Any = None, *, key: str | None = None, **headers: str):  # type: ignore[no-untyped-def]
        extra = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        if key is not None:
            extra["HTTP_IDEMPOTENCY_KEY"] = key
        extra.update({f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()})
        data = json.dumps(body) if body is not None else None
        return getattr(client, method)(
            f"/api/v1{path}", data=data, content_type="application/json", **extra
        )

    return call


def _nothing_written() -> None:
    assert Order.objects.count() == 0
    assert Customer.objects.count() == 0
    assert OrderEvent.objects.count() == 0
    assert OutboxEvent.objects.count() == 0


def test_post_orders_places_an_order_priced_by_the_server(api, catalog):
    response = api("post", "/orders", order_payload(), key=str(uuid.uuid4()))

    assert response.status_code == 201, response.content
    body = response.json()
    order = Order.objects.get()
    assert body["number"] == order.number
    assert body["status"] == "placed"
    assert body["totals"] == {
        "currency": "BRL",
        "subtotal": "159.70",
        "shipping": "19.90",
        "gift_wrap": "9.90",
        "discount": "0.00",
        "grand_total": "189.50",
    }
    assert body["gift_wrap"] == {"enabled": True, "message": "Feliz aniversário!"}
    assert body["customer"]["document"].startswith("***.")
    assert [line["sku"] for line in body["lines"]] == ["CAM-M", "CANECA"]
    assert body["access_token"] == order_access_token(order)


def test_post_orders_without_idempotency_key_is_refused(api, catalog):
    response = api("post", "/orders", order_payload())

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "idempotency_key_missing"
    _nothing_written()


def test_a_price_sent_by_the_client_is_refused_by_name(api, catalog):
    payload = order_payload(lines=[{"sku": "CAM-M", "quantity": 1, "price": "0.01"}])

    response = api("post", "/orders", payload, key="k1")

    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["lines.0.price"]
    _nothing_written()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {"customer": {"name": "Maria", "document": "111.111.111-11", "email": "m@example.com"}},
            "customer.document",
        ),
        ({"lines": [{"sku": "NAO-EXISTE", "quantity": 1}]}, "lines.0.sku"),
        ({"lines": [{"sku": "CAM-M", "quantity": 0}]}, "lines.0.quantity"),
        ({"lines": [{"sku": "CAM-M", "quantity": -3}]}, "lines.0.quantity"),
        ({"lines": [{"sku": "CAM-M", "quantity": "muitos"}]}, "lines.0.quantity"),
        ({"lines": []}, "lines"),
        ({"payment": {"method": "cheque"}}, "payment.method"),
    ],
)
def test_bad_input_answers_422_naming_the_field_and_writes_nothing(api, catalog, change, field):
    response = api("post", "/orders", order_payload(**change), key=str(uuid.uuid4()))

    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"]
    _nothing_written()


def test_a_cep_out_of_its_state_is_named_in_the_request_language(api, catalog):
    payload = order_payload()
    payload["shipping_address"]["uf"] = "RJ"

    response = api("post", "/orders", payload, key="k2", **{"Accept-Language": "es"})

    assert response.status_code == 422
    message = response.json()["error"]["fields"]["shipping_address.cep"][0]
    assert "RJ" in message and "SP" in message
    _nothing_written()


def test_an_oversized_payload_is_refused(api, catalog, settings):
    payload = order_payload()
    payload["customer"]["name"] = "x" * (settings.API_MAX_BODY + 10)

    response = api("post", "/orders", payload, key="k3")

    assert response.status_code == 413
    _nothing_written()


def test_the_same_key_and_body_returns_the_first_order(api, catalog):
    payload = order_payload()
    first = api("post", "/orders", payload, key="same")
    second = api("post", "/orders", payload, key="same")

    assert first.content == second.content
    assert second["Idempotent-Replayed"] == "true"
    assert Order.objects.count() == 1


TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT")


def test_placing_an_order_takes_a_constant_number_of_sql_statements(api, catalog):
    # Stock held for the order is part of placing it (one statement, however many lines).
    location = Location.objects.create(code="cd", name="CD")
    for sku in catalog:
        stock_receive(location=location, sku=sku, quantity=100, actor=StockActor())

    def statements(lines: list[dict[str, Any]]) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api("post", "/orders", order_payload(lines=lines), key=str(uuid.uuid4()))
        assert response.status_code == 201, response.content
        # Transaction control aside (the test itself runs inside a transaction, so every
        # atomic block shows here as a savepoint), each statement reads or writes data.
        return sum(not q["sql"].startswith(TRANSACTION_CONTROL) for q in captured.captured_queries)

    statements([{"sku": "CAM-M", "quantity": 1}])  # the API key's first use records it
    one = statements([{"sku": "CAM-M", "quantity": 1}])
    twenty = statements(
        [{"sku": sku, "quantity": 1} for sku in ["CAM-M", "CAM-P", "CANECA", "CAFE"] * 5]
    )

    assert one == twenty
    # Two reads (the Idempotency-Key, the catalog) and ten writes (customer, address,
    # number, order, lines, stock held, timeline, outbox event, its deliveries, the stored
    # answer): jornada.orders.intake. The API key and the store's rules are cached.
    assert one <= 12


def test_timeline_lists_what_happened_in_order(api, catalog):
    number = api("post", "/orders", order_payload(), key="t").json()["number"]
    api("post", f"/orders/{number}/notes", {"text": "Embrulhar com cuidado"})
    api("post", f"/orders/{number}/cancel", {"reason": "Cliente desistiu"})

    response = api("get", f"/orders/{number}/timeline")

    assert response.status_code == 200
    entries = response.json()
    assert [e["type"] for e in entries] == ["placed", "note_added", "cancelled"]
    assert entries[2]["params"] == {"from": "placed", "reason": "Cliente desistiu"}
    assert entries[0]["actor"]["kind"] == "integration"


def test_orders_can_be_listed_filtered_and_paged_with_a_cursor(api, catalog):
    for i in range(5):
        api("post", "/orders", order_payload(), key=f"list-{i}")
    other = order_payload()
    other["customer"]["name"] = "João Pereira"
    other["customer"]["email"] = "joao@example.com"
    api("post", "/orders", other, key="list-joao")

    page1 = api("get", "/orders?limit=4").json()
    page2 = api("get", f"/orders?limit=4&cursor={page1['next_cursor']}").json()
    joao = api("get", "/orders?q=joão").json()

    numbers = [o["number"] for o in page1["orders"] + page2["orders"]]
    assert len(numbers) == 6 and len(set(numbers)) == 6
    assert numbers == sorted(numbers, reverse=True)
    assert page2["next_cursor"] is None
    assert [o["customer"]["name"] for o in joao["orders"]] == ["João Pereira"]


def test_a_customer_reaches_their_own_order_only_with_its_token(client, api, catalog):
    first = api("post", "/orders", order_payload(), key="a").json()
    second = api("post", "/orders", order_payload(), key="b").json()

    own = client.get(f"/api/v1/my/orders/{first['number']}?token={first['access_token']}")
    other = client.get(f"/api/v1/my/orders/{second['number']}?token={first['access_token']}")

    assert own.status_code == 200
    assert own.json()["number"] == first["number"]
    assert other.status_code == 404


def test_a_customer_cancels_through_the_signed_link(client, api, catalog):
    order = api("post", "/orders", order_payload(), key="c").json()

    response = client.post(
        f"/api/v1/my/orders/{order['number']}/cancel?token={order['access_token']}",
        data=json.dumps({"reason": "Pedi errado"}),
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    assert OrderEvent.objects.filter(type="cancelled").get().actor_kind == "customer"


def test_an_api_key_without_write_scope_cannot_place_orders(client, catalog):
    _, secret = api_key_create(name="BI", scopes=["orders:read"])

    response = client.post(
        "/api/v1/orders",
        data=json.dumps(order_payload()),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        HTTP_IDEMPOTENCY_KEY="x",
    )

    assert response.status_code == 403
    _nothing_written()
