"""``Idempotency-Key`` for ninja operations: a retried write gets the first answer.

Follows the IETF ``Idempotency-Key`` header draft and Stripe's practice:

- same key, same body: the first answer again, byte for byte (``Idempotent-Replayed: true``);
- same key, another body: 422 ``idempotency_key_reused``;
- same key while the first request still runs: wait up to ``IDEMPOTENCY_WAIT`` seconds
  for its answer, then 409 ``idempotency_key_in_progress``;
- no key where one is required: 400 ``idempotency_key_missing``.

How it holds under concurrency (SQLite and PostgreSQL alike):

1. the record is inserted ``in_progress`` in its own short transaction; the unique
   (scope, key) constraint picks exactly one owner;
2. the others poll the record *outside* any transaction (on SQLite every transaction
   takes the write lock, so waiting inside one would block the owner);
3. the owner runs the operation inside one transaction and stores the answer on the
   record in that same transaction, so writes never commit without their answer;
4. a 5xx or an exception rolls everything back and deletes the record, so the client
   may retry; a 4xx answer of the operation is stored and replayed like a 2xx;
5. an ``in_progress`` record older than ``IDEMPOTENCY_LOCK_TIMEOUT`` (its request
   died) may be taken over, by an update conditioned on its ``locked_at``; the owner's
   final store carries the same condition, so a slow owner that lost the record rolls
   back instead of writing twice.

Usage (below ``@require_scope`` if any, so that refused calls store nothing)::

    @router.post("/orders", response={201: OrderOut})
    @idempotent(required=True)
    def order_create(request, payload: OrderIn): ...
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.utils import contribute_operation_callback

from jornada.api.auth import principal_of
from jornada.api.base import wraps_operation
from jornada.api.errors import ApiError, api_error_response
from jornada.api.models import IdempotencyRecord, IdempotencyStatus
from jornada.api.services import (
    idempotency_record_claim,
    idempotency_record_complete,
    idempotency_record_expire,
    idempotency_record_release,
    idempotency_record_take_over,
)
from jornada.core.db import execute, insert_rows_unless_exist, insert_unless_exists

if TYPE_CHECKING:
    from ninja.operation import Operation

F = TypeVar("F", bound=Callable[..., Any])

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
POLL_INTERVAL = 0.05
# Headers of the first answer that a replay must repeat; the rest is per-response.
STORED_HEADERS = ("Content-Type", "Location", "Content-Location")

_CLAIM_ATTR = "_jornada_idempotency_claim"
_RUN_ATTR = "_jornada_idempotency_run"


@dataclass
class _Claim:
    record: IdempotencyRecord
    atomic: transaction.Atomic


class _Rollback(Exception):
    """Raised into the operation's transaction to roll it back."""


def canonical_body(body: bytes) -> bytes:
    """JSON bodies with keys sorted and no spacing, so formatting is not a different body."""
    if not body.strip():
        return b""
    try:
        data = json.loads(body)
    except ValueError:
        return body
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def fingerprint(*, query: list[tuple[str, str]], body: bytes) -> str:
    """SHA-256 of what makes two requests "the same": query parameters and canonical body."""
    digest = hashlib.sha256()
    digest.update(json.dumps(sorted(query), ensure_ascii=False).encode())
    digest.update(b"\n")
    digest.update(canonical_body(body))
    return digest.hexdigest()


def request_fingerprint(request: HttpRequest) -> str:
    query = [(name, value) for name in request.GET for value in request.GET.getlist(name)]
    return fingerprint(query=query, body=request.body)


def idempotency_scope(request: HttpRequest) -> str:
    """Keys are per caller and per operation: ``key:7 POST /api/v1/orders``."""
    return f"{principal_of(request)} {request.method} {request.path}"


def idempotency_key_of(request: HttpRequest, *, required: bool) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        if required:
            raise ApiError(
                "idempotency_key_missing",
                _("This operation requires an Idempotency-Key header."),
                status=400,
            )
        return None
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise ApiError(
            "idempotency_key_invalid",
            _("The Idempotency-Key header must have 1 to %(max)s characters.")
            % {"max": MAX_KEY_LENGTH},
            status=400,
        )
    return key


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(bytes(record.response_body), status=record.response_status or 200)
    for name, value in record.response_headers.items():
        response[name] = value
    response[REPLAYED_HEADER] = "true"
    return response


def _in_progress() -> ApiError:
    return ApiError(
        "idempotency_key_in_progress",
        _("A request with this Idempotency-Key is still being processed. Retry shortly."),
        status=409,
        headers={"Retry-After": "1"},
    )


def _claim_or_replay(request: HttpRequest, key: str) -> IdempotencyRecord | HttpResponse:
    """Own the key's record, or answer with the first response, or refuse."""
    scope = idempotency_scope(request)
    request_print = request_fingerprint(request)
    deadline = time.monotonic() + settings.IDEMPOTENCY_WAIT
    lock_timeout = timedelta(seconds=settings.IDEMPOTENCY_LOCK_TIMEOUT)
    ttl = timedelta(hours=settings.IDEMPOTENCY_TTL_HOURS)
    while True:
        now = timezone.now()
        # Read before trying to insert: on SQLite an insert waits for the write lock,
        # which the first request holds for as long as its operation runs.
        record = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if record is None:
            claimed = idempotency_record_claim(
                scope=scope, key=key, fingerprint=request_print, now=now
            )
            if claimed is not None:
                return claimed
        elif record.fingerprint != request_print:
            raise ApiError(
                "idempotency_key_reused",
                _("This Idempotency-Key was already used with a different request."),
                status=422,
            )
        elif record.status == IdempotencyStatus.COMPLETED:
            if record.created_at >= now - ttl:
                return _replay(record)
            idempotency_record_expire(record=record)
            continue
        elif record.locked_at <= now - lock_timeout:
            taken = idempotency_record_take_over(record=record, now=now)
            if taken is not None:
                return taken
            continue
        if time.monotonic() >= deadline:
            raise _in_progress()
        if record is not None:
            time.sleep(POLL_INTERVAL)


def _finish(request: HttpRequest, claim: _Claim, response: HttpResponseBase) -> HttpResponseBase:
    """Commit the operation with its stored answer, or roll it back and free the key."""
    record = claim.record
    if response.status_code >= 500 or response.streaming:
        claim.atomic.__exit__(_Rollback, _Rollback(), None)
        idempotency_record_release(record=record)
        return response
    assert isinstance(response, HttpResponse)
    try:
        stored = idempotency_record_complete(
            record=record,
            status=response.status_code,
            headers={name: response[name] for name in STORED_HEADERS if response.has_header(name)},
            body=response.content,
            now=timezone.now(),
        )
    except BaseException as exc:
        claim.atomic.__exit__(type(exc), exc, exc.__traceback__)
        idempotency_record_release(record=record)
        raise
    if not stored:
        # Our record was taken over as stale: the other request's answer wins.
        claim.atomic.__exit__(_Rollback, _Rollback(), None)
        return api_error_response(_in_progress())
    try:
        claim.atomic.__exit__(None, None, None)
    except BaseException:
        idempotency_record_release(record=record)
        raise
    return response


def _wrap_run(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Around ninja's ``Operation.run``: closes the transaction the view wrapper opened.

    ``run`` is where the operation's result becomes the bytes that are stored, so the
    transaction spans from the view to the rendered response.
    """

    @functools.wraps(run)
    def run_idempotent(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        setattr(request, _RUN_ATTR, True)
        try:
            response = run(request, *args, **kwargs)
        except BaseException as exc:
            claim = getattr(request, _CLAIM_ATTR, None)
            if claim is not None:
                delattr(request, _CLAIM_ATTR)
                claim.atomic.__exit__(type(exc), exc, exc.__traceback__)
                idempotency_record_release(record=claim.record)
            raise
        claim = getattr(request, _CLAIM_ATTR, None)
        if claim is None:
            return response
        delattr(request, _CLAIM_ATTR)
        return _finish(request, claim, response)

    return run_idempotent


# --- optimistic use: no in-progress record, the answer stored with the writes -----------
#
# For operations whose writes are one short unit (placing an order): instead of claiming
# the key in a transaction of its own first, read it (no lock), do the work, and insert
# the finished record in the operation's own transaction. The unique (scope, key) still
# lets exactly one of several concurrent requests write: the others find their insert
# skipped, roll back, and answer with the winner's stored answer.

_RECORD_COLUMNS = (
    "scope", "key", "fingerprint", "status", "response_status", "response_headers",
    "response_body", "created_at", "locked_at", "completed_at",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Answer:
    """What an operation answered, as stored and replayed."""

    status: int
    body: bytes
    headers: dict[str, str]

    def response(self, *, replayed: bool = False) -> HttpResponse:
        response = HttpResponse(self.body, status=self.status)
        for name, value in self.headers.items():
            response[name] = value
        if replayed:
            response[REPLAYED_HEADER] = "true"
        return response


def answer_before(*, scope: str, key: str, fingerprint: str, now: datetime) -> HttpResponse | None:
    """The answer a key already has (replayed), a refusal, or None: go ahead.

    One read, no lock. A record past its time to live is deleted; an ``in_progress``
    record (of ``@idempotent``) answers 409 until it goes stale, then is deleted.
    """
    table = IdempotencyRecord._meta.db_table
    ops = connection.ops
    rows = execute(
        f"SELECT id, fingerprint, status, response_status, response_headers, response_body, "  # noqa: S608
        f"created_at >= %s, locked_at <= %s FROM {table} WHERE scope = %s AND key = %s",
        [
            ops.adapt_datetimefield_value(now - timedelta(hours=settings.IDEMPOTENCY_TTL_HOURS)),
            ops.adapt_datetimefield_value(
                now - timedelta(seconds=settings.IDEMPOTENCY_LOCK_TIMEOUT)
            ),
            scope,
            key,
        ],
        fetch=True,
    )[1]
    if not rows:
        return None
    pk, stored_print, status, response_status, headers, body, fresh, stale = rows[0]
    if status == IdempotencyStatus.COMPLETED and not fresh:
        IdempotencyRecord.objects.filter(pk=pk, status=status).delete()
        return None
    if stored_print != fingerprint:
        raise ApiError(
            "idempotency_key_reused",
            _("This Idempotency-Key was already used with a different request."),
            status=422,
        )
    if status == IdempotencyStatus.COMPLETED:
        if isinstance(headers, str):
            headers = json.loads(headers)
        return Answer(status=response_status, body=bytes(body), headers=headers).response(
            replayed=True
        )
    if stale:
        IdempotencyRecord.objects.filter(pk=pk, status=status).delete()
        return None
    raise _in_progress()


def answer_store(*, scope: str, key: str, fingerprint: str, answer: Answer, now: datetime) -> bool:
    """Store the finished answer in the caller's transaction; False if the key already
    has one (another request won: the caller rolls back and replays that one)."""
    values = _record(scope, key, fingerprint, answer, now)
    return (
        insert_unless_exists(IdempotencyRecord, _RECORD_COLUMNS, values, conflict=("scope", "key"))
        is not None
    )


def answers_store(
    answers: Sequence[tuple[str, str, str, Answer, datetime]],
) -> set[tuple[str, str]]:
    """``answer_store`` for several (scope, key, fingerprint, answer, now) at once, one
    statement: the (scope, key) pairs stored; a key that already had an answer is not."""
    rows = insert_rows_unless_exist(
        IdempotencyRecord,
        _RECORD_COLUMNS,
        [_record(*answer) for answer in answers],
        conflict=("scope", "key"),
        returning=("scope", "key"),
    )
    return {(scope, key) for scope, key in rows}


def _record(
    scope: str, key: str, fingerprint: str, answer: Answer, now: datetime
) -> tuple[Any, ...]:
    headers = {name: answer.headers[name] for name in STORED_HEADERS if name in answer.headers}
    return (
        scope, key, fingerprint, IdempotencyStatus.COMPLETED, answer.status, headers,
        answer.body, now, now, now,
    )  # fmt: skip


def idempotency_key_parameter(required: bool) -> dict[str, Any]:
    """The header as an OpenAPI parameter of the operations that honour it."""
    return {
        "in": "header",
        "name": HEADER,
        "required": required,
        "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
        "description": (
            "Unique key (a UUID) for this write. Retrying with the same key and body "
            "returns the first response; see docs/api.md."
        ),
    }


def _bind(required: bool) -> Callable[[Operation], None]:
    def bind(operation: Operation) -> None:
        if not hasattr(operation, "_run_decorators"):
            operation._run_decorators = []  # type: ignore[attr-defined]
        # Registered like ninja's decorate_view, so that cloned operations get it too.
        operation.run = _wrap_run(operation.run)  # type: ignore[method-assign]
        operation._run_decorators.append(_wrap_run)  # type: ignore[attr-defined]
        extra = dict(operation.openapi_extra or {})
        extra["parameters"] = [*extra.get("parameters", []), idempotency_key_parameter(required)]
        operation.openapi_extra = extra

    return bind


def idempotent(*, required: bool = True) -> Callable[[F], F]:
    """Make a ninja operation honour ``Idempotency-Key`` (see the module docstring)."""

    def decorator(view: F) -> F:
        if inspect.iscoroutinefunction(view):
            raise ImproperlyConfigured("@idempotent supports synchronous operations only")

        @wraps_operation(view)
        def view_idempotent(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not getattr(request, _RUN_ATTR, False):
                raise ImproperlyConfigured(
                    "@idempotent must decorate a function registered as a ninja operation"
                )
            key = idempotency_key_of(request, required=required)
            if key is None:
                with transaction.atomic():
                    return view(request, *args, **kwargs)
            outcome = _claim_or_replay(request, key)
            if isinstance(outcome, HttpResponse):
                return outcome
            atomic = transaction.atomic()
            atomic.__enter__()
            setattr(request, _CLAIM_ATTR, _Claim(record=outcome, atomic=atomic))
            # A savepoint: an operation that raises (and answers 4xx) leaves no writes,
            # while its answer is still stored in the outer transaction.
            with transaction.atomic():
                return view(request, *args, **kwargs)

        contribute_operation_callback(view_idempotent, _bind(required))
        return view_idempotent  # type: ignore[return-value]

    return decorator
