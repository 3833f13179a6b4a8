"""The fast lane of ``POST /api/v1/orders`` (``jornada.fastpath``): it answers exactly as
Django's full path does, and hands everything unusual to Django untouched."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import RequestFactory

from jornada.api.services import api_key_create, api_key_revoke
from jornada.fastpath import with_order_intake
from jornada.orders.intake import placement_body
from jornada.orders.models import Order
from jornada.orders.services import Placement
from jornada.orders.tests.conftest import order_payload

HANDED_OVER = b"handed over to Django"


class Lane:
    """The fast lane in front of a stand-in for Django that records what reaches it."""

    def __init__(self) -> None:
        self.handed: list[bytes] = []
        self.app = with_order_intake(self._django)

    def _django(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        self.handed.append(environ["wsgi.input"].read())
        start_response("599 Handed", [])
        return [HANDED_OVER]

    def post(
        self, body: bytes | dict[str, Any], **headers: str
    ) -> tuple[int, dict[str, str], bytes]:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        extra: dict[str, Any] = {
            f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()
        }
        content_type = extra.pop("HTTP_CONTENT_TYPE", "application/json")
        environ = (
            RequestFactory(**{"HTTP_HOST": "127.0.0.1", **extra})
            .post("/api/v1/orders", data=raw, content_type=content_type)
            .environ
        )
        answer: dict[str, Any] = {}

        def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
            answer["status"] = int(status.split()[0])
            answer["headers"] = dict(response_headers)

        body_out = b"".join(self.app(environ, start_response))
        return answer["status"], answer["headers"], body_out


@pytest.fixture
def secret(db) -> str:  # type: ignore[no-untyped-def]
    return api_key_create(name="Loja", scopes=["orders:read", "orders:write"])[1]


@pytest.fixture
def lane() -> Lane:
    return Lane()


def test_the_fast_lane_answers_as_django_does(client, lane, secret, catalog):
    # given the same order sent through Django and through the fast lane
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    through_django = client.post(
        "/api/v1/orders",
        data=json.dumps(order_payload()),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="via-django",
        HTTP_ACCEPT_LANGUAGE="es",
        **auth,
    )

    # when
    status, headers, body = lane.post(
        order_payload(),
        authorization=f"Bearer {secret}",
        idempotency_key="via-lane",
        accept_language="es",
    )

    # then the same status, headers and answer shape
    assert lane.handed == []
    assert (status, through_django.status_code) == (201, 201)
    django_headers = dict(through_django.headers)
    assert {k: v for k, v in headers.items() if k != "Content-Length"} == {
        k: v for k, v in django_headers.items() if k != "Content-Length"
    }
    assert headers["Content-Language"] == "es"
    assert headers["Content-Length"] == str(len(body))
    fast, slow = json.loads(body), through_django.json()
    assert fast.keys() == slow.keys()
    assert int(fast["number"]) == int(slow["number"]) + 1
    assert {
        k: v
        for k, v in fast.items()
        if k not in ("number", "placed_at", "access_token", "customer")
    } == {
        k: v
        for k, v in slow.items()
        if k not in ("number", "placed_at", "access_token", "customer")
    }
    assert Order.objects.count() == 2


def test_a_key_first_used_through_django_is_replayed_byte_for_byte_by_the_lane(
    client, lane, secret, catalog
):
    payload = order_payload()
    first = client.post(
        "/api/v1/orders",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        HTTP_IDEMPOTENCY_KEY="shared",
    )

    status, headers, body = lane.post(
        payload, authorization=f"Bearer {secret}", idempotency_key="shared"
    )

    assert status == first.status_code == 201
    assert body == first.content
    assert headers["Idempotent-Replayed"] == "true"
    assert Order.objects.count() == 1


def test_the_same_key_with_another_body_is_refused_by_the_lane(lane, secret, catalog):
    lane.post(order_payload(), authorization=f"Bearer {secret}", idempotency_key="k")

    status, _headers, body = lane.post(
        order_payload(), authorization=f"Bearer {secret}", idempotency_key="k"
    )

    assert status == 422
    assert json.loads(body)["error"]["code"] == "idempotency_key_reused"
    assert Order.objects.count() == 1


def test_bad_order_data_is_refused_in_the_callers_language_naming_the_field(lane, secret, catalog):
    payload = order_payload()
    payload["customer"]["document"] = "111.111.111-11"
    payload["lines"] = [{"sku": "NAO-EXISTE", "quantity": 1}]

    status, headers, body = lane.post(
        payload, authorization=f"X {secret}", x_api_key=secret, idempotency_key="bad",
        accept_language="es",
    )  # fmt: skip

    assert status == 422
    error = json.loads(body)["error"]
    assert error["code"] == "order_invalid"
    assert set(error["fields"]) == {"customer.document", "lines.0.sku"}
    assert headers["Content-Language"] == "es"
    assert error["message"] == "El pedido tiene campos inválidos."
    assert Order.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        pytest.param(None, {}, id="no Idempotency-Key"),
        pytest.param(None, {"idempotency_key": "x" * 256}, id="key too long"),
        pytest.param(b'{"customer": ', {"idempotency_key": "k"}, id="not JSON"),
        pytest.param({"lines": []}, {"idempotency_key": "k"}, id="fails the schema"),
        pytest.param(
            {**order_payload(), "coupon_code": "4111 1111 1111 1111"},
            {"idempotency_key": "k"},
            id="holds a card number",
        ),
        pytest.param(
            json.dumps({**order_payload(), "coupon_code": "4111 1111 1111 1111"}).encode("utf-16"),
            {"idempotency_key": "k"},
            id="holds a card number in UTF-16",
        ),
        pytest.param(
            None, {"idempotency_key": "k", "content_type": "text/plain"}, id="not JSON type"
        ),
    ],
)
def test_anything_unusual_is_handed_to_django_with_its_body(lane, secret, catalog, body, headers):
    raw = body if isinstance(body, bytes) else json.dumps(body or order_payload()).encode()

    status, _headers, answer = lane.post(raw, authorization=f"Bearer {secret}", **headers)

    assert (status, answer) == (599, HANDED_OVER)
    assert lane.handed == [raw]
    assert Order.objects.count() == 0


def test_callers_without_a_valid_key_or_scope_are_left_to_django(lane, secret, catalog):
    _key, read_only = api_key_create(name="Leitura", scopes=["orders:read"])
    revoked, revoked_secret = api_key_create(name="Antiga", scopes=["orders:write"])
    api_key_revoke(api_key=revoked, actor=None)
    cases = [
        {},
        {"authorization": "Bearer jk_live_nope"},
        {"authorization": f"Bearer {read_only}"},
        {"authorization": f"Bearer {revoked_secret}"},
        {"authorization": f"Bearer {secret}", "host": "evil.example"},
    ]

    for headers in cases:
        status, _headers, _body = lane.post(
            order_payload(), idempotency_key=str(uuid.uuid4()), **headers
        )
        assert status == 599, headers
    assert Order.objects.count() == 0


def test_other_paths_and_methods_go_to_django(lane, secret):
    environ = RequestFactory(HTTP_HOST="127.0.0.1").get("/api/v1/orders").environ

    body = b"".join(lane.app(environ, lambda status, headers: None))

    assert body == HANDED_OVER


def test_the_answer_rendered_around_the_write_is_the_order_as_stored(lane, secret, catalog):
    # The 201 body is rendered before the write lock and completed with the number and
    # token after it: it must equal a rendering of the order read back.
    status, _headers, body = lane.post(
        order_payload(), authorization=f"Bearer {secret}", idempotency_key="render"
    )

    order = Order.objects.get(number=json.loads(body)["number"])
    lines = list(order.lines.order_by("position"))
    assert status == 201
    assert body == placement_body(Placement(order=order, lines=lines))


@pytest.mark.django_db(transaction=True)
def test_the_intake_unit_run_twice_places_one_order_and_holds_stock_once(catalog):
    """What the writer process's fallback relies on: a unit whose answer was lost runs
    again in the web process, and must find the key taken instead of placing twice."""
    import pickle

    from django.utils import timezone

    from jornada.core import groupcommit
    from jornada.inventory.models import Reservation
    from jornada.orders.intake import _KeyTaken, body_template, place_unit
    from jornada.orders.services import order_place_prepare
    from jornada.orders.tests.conftest import order_input
    from jornada.orders.types import Actor

    now = timezone.now()
    prepared = order_place_prepare(data=order_input(), actor=Actor.integration(label="t"), now=now)
    sent = pickle.dumps((prepared, body_template(prepared), "s", "k", "f", now))

    answer = groupcommit.call(place_unit, *pickle.loads(sent))  # noqa: S301
    with pytest.raises(_KeyTaken):
        groupcommit.call(place_unit, *pickle.loads(sent))  # noqa: S301

    assert answer.status == 201
    assert json.loads(answer.body)["number"] == Order.objects.get().number
    assert Reservation.objects.count() == len({line.sku for line in prepared.lines})
