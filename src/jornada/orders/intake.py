"""Order intake: ``POST /api/v1/orders`` with its ``Idempotency-Key``, built for volume.

The path of one order, and where its time goes:

1. the key: one read, no lock (``answer_before``): a retry gets the first answer again,
   byte for byte, without any work;
2. every check and the prices (``order_place_prepare``): one read of the catalog; the
   store's rules and the API key come from per-process caches (``jornada.core.cache``);
3. the writes, as one unit of ``jornada.core.groupcommit`` (``place_unit``; on SQLite,
   sent as data to the writer process, which groups the orders every web process is
   placing under one durable commit): the customer, the order and its lines, the stock
   held, the timeline, the outbox event, and the answer, rendered and stored under the
   key in the same transaction, so the order never exists without its answer nor the
   answer without its order.

Ten statements write, two read: twelve per order, however many lines it has. There is
no "in progress" record: when requests with one key race, the unique key lets exactly
one store its answer; the others find their insert skipped, roll back everything they
wrote, and answer with the winner's stored answer. A refusal found while writing (stock
short) is stored and replayed like a success; a check that fails before writing (422
naming the fields) writes nothing, so is not stored.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone, translation
from ninja.responses import NinjaJSONEncoder

from jornada.api.errors import api_error_response, exception_to_error
from jornada.api.idempotency import Answer, answer_before, answer_store, answers_store
from jornada.core import groupcommit
from jornada.core.errors import DomainError
from jornada.orders import selectors
from jornada.orders.schemas import order_out_data
from jornada.orders.services import (
    Placement,
    PreparedPlacement,
    order_place_prepare,
    order_place_write,
    orders_place_write,
)
from jornada.orders.types import Actor, OrderInput

JSON = "application/json; charset=utf-8"


class _KeyTaken(Exception):
    """Another request stored its answer under this key first."""


def placement_body(placement: Placement) -> bytes:
    """The 201 answer, as ninja would render ``OrderOut`` (and ``GET`` renders it)."""
    order = placement.order
    data = order_out_data(order, placement.lines, access_token=selectors.order_access_token(order))
    return json.dumps(data, cls=NinjaJSONEncoder).encode()


_HEAD, _TAIL = b'{"number": null', b'"access_token": null}'


def body_template(prepared: PreparedPlacement) -> bytes | None:
    """The 201 answer rendered before the write lock, but for its first field (the order
    number) and its last (the access token, signed over the order's key): what is left
    to do once the order is written is two byte splices. None when the answer depends on
    the customer's stored row (an order without a phone shows the phone on file)."""
    order = prepared.order
    if not order.customer_phone:
        return None
    data = order_out_data(order, prepared.lines, access_token=None)
    data["number"] = None
    body = json.dumps(data, cls=NinjaJSONEncoder).encode()
    assert body.startswith(_HEAD) and body.endswith(_TAIL)  # keys in OrderOut's order
    return body[len(_HEAD) : -len(_TAIL)]


def body_from_template(template: bytes, placement: Placement) -> bytes:
    order = placement.order
    token = selectors.order_access_token(order)
    return b"".join(
        (
            b'{"number": ',
            json.dumps(order.number).encode(),
            template,
            b'"access_token": ',
            json.dumps(token).encode(),
            b"}",
        )
    )


def place_unit(
    prepared: PreparedPlacement,
    template: bytes | None,
    scope: str,
    key: str,
    fingerprint: str,
    now: dt.datetime,
    savepoint: bool = True,
) -> Answer:
    """The writes of one intake, as a unit of ``jornada.core.groupcommit`` (data in, data
    out: the writer process runs it for every web process): the order and its answer
    stored under the key; or, when a refusal is found while writing (out of stock),
    nothing but that refusal stored under the key. Raises ``_KeyTaken`` when the key
    already has an answer, so running it twice places one order.

    The refusal needs a savepoint to take the order's writes back and go on; a unit in
    a transaction of its own (``savepoint=False``: PostgreSQL) raises the refusal instead,
    its transaction rolls back whole, and the caller stores it (``_store``), which saves
    two statements per order.
    """
    try:
        with transaction.atomic(savepoint=savepoint):
            placement = order_place_write(prepared)
            body = (
                body_from_template(template, placement)
                if template is not None
                else placement_body(placement)
            )
            answer = Answer(status=201, body=body, headers={"Content-Type": JSON})
            return _store(scope, key, fingerprint, answer, now)
    except DomainError as refusal:
        if not savepoint:
            raise
        return _store(scope, key, fingerprint, _refusal(refusal), now)


class _Conflict(Exception):
    """A key of the batch was stored meanwhile: its units go one by one."""


def place_batch(
    units: list[tuple[tuple[Any, ...], str | None]],
) -> list[groupcommit.Outcome]:
    """The batch form of ``place_unit`` (``groupcommit.batch_form``): several intakes'
    writes with one statement per table (``orders_place_write``) and their answers with
    one more; each unit gets what ``place_unit`` would have given it. A key sent twice in
    the batch is taken by its first unit; a key stored before the batch raises
    ``_Conflict``, which sends the batch back to one-by-one."""
    outcomes: list[groupcommit.Outcome | None] = [None] * len(units)
    todo: list[int] = []
    seen: set[tuple[str, str]] = set()
    for index, (args, _language) in enumerate(units):
        scope, key = args[2], args[3]
        if (scope, key) in seen:
            outcomes[index] = (None, _KeyTaken())
        else:
            seen.add((scope, key))
            todo.append(index)
    written = orders_place_write(
        [units[i][0][0] for i in todo], languages=[units[i][1] for i in todo]
    )
    stored: list[tuple[str, str, str, Answer, dt.datetime]] = []
    for index, placed in zip(todo, written, strict=True):
        (_prepared, template, scope, key, fingerprint, now, *_rest), language = units[index]
        if isinstance(placed, DomainError):
            with translation.override(language):
                answer = _refusal(placed)
        else:
            body = (
                body_from_template(template, placed)
                if template is not None
                else placement_body(placed)
            )
            answer = Answer(status=201, body=body, headers={"Content-Type": JSON})
        stored.append((scope, key, fingerprint, answer, now))
        outcomes[index] = (answer, None)
    if len(answers_store(stored)) != len(stored):
        raise _Conflict
    return [outcome for outcome in outcomes if outcome is not None]


def _store(scope: str, key: str, fingerprint: str, answer: Answer, now: dt.datetime) -> Answer:
    if not answer_store(scope=scope, key=key, fingerprint=fingerprint, answer=answer, now=now):
        raise _KeyTaken
    return answer


def _refusal(refusal: DomainError) -> Answer:
    response = api_error_response(exception_to_error(refusal))
    return Answer(response.status_code, response.content, {"Content-Type": JSON})


groupcommit.batch_form(place_unit, place_batch)


def order_intake(
    *,
    scope: str,
    key: str,
    fingerprint: str,
    data: OrderInput,
    actor: Actor,
    placed_by_user_id: int | None = None,
) -> HttpResponse:
    """Place the order sent under ``key`` once, and answer every request with that key
    the same (see the module docstring). Raises ``OrderInvalid`` (nothing written, nothing
    stored) or ``ApiError`` (key reused with another body, or still held by an older
    request)."""
    now = timezone.now()
    first = answer_before(scope=scope, key=key, fingerprint=fingerprint, now=now)
    if first is not None:
        return first
    prepared = order_place_prepare(
        data=data, actor=actor, placed_by_user_id=placed_by_user_id, now=now
    )

    template = body_template(prepared)
    # Units sharing a transaction (grouped) store a refusal themselves, in a savepoint.
    shared = groupcommit.grouped()
    try:
        try:
            return groupcommit.call(
                place_unit, prepared, template, scope, key, fingerprint, now, shared
            ).response()
        except DomainError as refusal:  # not shared: the unit's transaction rolled back
            refused = _refusal(refusal)
            return groupcommit.run(lambda: _store(scope, key, fingerprint, refused, now)).response()
    except _KeyTaken:
        pass
    winner = answer_before(scope=scope, key=key, fingerprint=fingerprint, now=timezone.now())
    if winner is None:  # the winner's record expired meanwhile: cannot happen within a TTL
        raise RuntimeError(f"idempotency record vanished for {scope} {key}")
    return winner
