"""A NinjaAPI of test-only operations, mounted by ``tests/urls.py`` at ``/test-api/``.

The real ``/api/v1/`` has no fake endpoints; these exercise errors, scopes and
idempotency the way domain routers will.
"""

from __future__ import annotations

import threading
import uuid

from django.contrib.auth.models import Group
from django.http import Http404, HttpRequest
from ninja import Schema, Status
from pydantic import Field, field_validator

from jornada.api.auth import default_auth, require_scope
from jornada.api.base import JornadaAPI
from jornada.api.idempotency import idempotent
from jornada.core.errors import DomainError

test_api = JornadaAPI(
    title="Test API", version="test", urls_namespace="api-test", auth=default_auth()
)

# The "slow" operation signals ENTERED, then waits for RELEASE (set by the test).
ENTERED = threading.Event()
RELEASE = threading.Event()


class GroupIn(Schema):
    name: str = Field(max_length=40)


class GroupOut(Schema):
    id: int
    name: str


class Customer(Schema):
    name: str
    cpf: str = Field(min_length=11, max_length=11)


class Line(Schema):
    sku: str
    quantity: int = Field(gt=0)


class OrderIn(Schema):
    customer: Customer
    lines: list[Line] = Field(min_length=1)
    coupon: str | None = None

    @field_validator("coupon")
    @classmethod
    def coupon_known(cls, value: str | None) -> str | None:
        if value is not None and value != "BEMVINDO":
            raise ValueError("unknown coupon")
        return value


def _group_named(prefix: str) -> Group:
    return Group.objects.create(name=f"{prefix}-{uuid.uuid4().hex[:12]}")


@test_api.post("/groups", response={201: GroupOut})
@require_scope("groups:write")
@idempotent(required=True)
def group_create(request: HttpRequest, payload: GroupIn) -> Status:
    if payload.name.startswith("slow"):
        ENTERED.set()
        RELEASE.wait(10)
    if payload.name.startswith("boom"):
        _group_named(payload.name)
        raise RuntimeError("database password is hunter2")
    if payload.name.startswith("refuse"):
        _group_named(payload.name)
        raise DomainError("Group name refused.", code="group_refused")
    group = _group_named(payload.name)
    return Status(201, {"id": group.pk, "name": group.name})


@test_api.post("/groups-optional-key", response={201: GroupOut})
@idempotent(required=False)
def group_create_optional_key(request: HttpRequest, payload: GroupIn) -> Status:
    group = _group_named(payload.name)
    return Status(201, {"id": group.pk, "name": group.name})


@test_api.get("/groups", response=list[GroupOut])
@require_scope("groups:read")
def group_list(request: HttpRequest) -> list[Group]:
    return list(Group.objects.order_by("pk"))


@test_api.post("/orders")
def order_check(request: HttpRequest, payload: OrderIn, limit: int = 10) -> dict[str, bool]:
    return {"ok": True}


@test_api.get("/explode")
def explode(request: HttpRequest) -> None:
    raise RuntimeError("secret internals: /etc/jornada")


@test_api.get("/missing")
def missing(request: HttpRequest) -> None:
    raise Http404("Order 12 of store 9")


@test_api.get("/refused")
def refused(request: HttpRequest) -> None:
    raise DomainError(
        "Stock is short.", code="stock_short", fields={"lines.0.quantity": ["Only 2 left."]}
    )


@test_api.get("/public", auth=None)
def public(request: HttpRequest) -> dict[str, bool]:
    return {"ok": True}
