"""The ``/api/v1/`` NinjaAPI instance (routers from the domain apps are added here).

Every operation authenticates by default (API key or staff session) and every failure
answers ``{"error": {"code", "message", "fields"}}``; see docs/api.md.
"""

from __future__ import annotations

from django.http import HttpRequest

from jornada.api.auth import default_auth
from jornada.api.base import JornadaAPI
from jornada.api.models import ApiKey
from jornada.api.schemas import ErrorOut, MeOut
from jornada.fulfillment.api import router as fulfillment_router
from jornada.inventory.api import router as inventory_router
from jornada.notifications.api import router as notifications_router
from jornada.orders.api import customer_router as my_orders_router
from jornada.orders.api import router as orders_router
from jornada.payments.api import customer_router as my_payments_router
from jornada.payments.api import router as payments_router
from jornada.payments.api import webhook_router as payment_webhooks_router
from jornada.shipping.api import router as shipping_router
from jornada.shipping.api import webhook_router as shipping_webhooks_router
from jornada.validation.api import router as validation_router

api = JornadaAPI(
    title="Jornada API",
    version="1",
    description=(
        "Orders, payments, fulfilment and post-sale of a Jornada store. Authenticate with "
        "`Authorization: Bearer <API key>` (or `X-API-Key`); writes take an "
        "`Idempotency-Key` header. Every failure answers "
        '`{"error": {"code", "message", "fields"}}`.'
    ),
    urls_namespace="api-v1",
    auth=default_auth(),
)


@api.get("/me", response={200: MeOut, 401: ErrorOut}, tags=["meta"])
def me(request: HttpRequest) -> MeOut:
    """Who the API sees: the API key (name, prefix, scopes) or the staff user."""
    auth = request.auth  # type: ignore[attr-defined]
    if isinstance(auth, ApiKey):
        return MeOut(kind="api_key", name=auth.name, key_prefix=auth.prefix, scopes=auth.scopes)
    return MeOut(kind="staff", name=auth.get_username(), scopes=["*"])


api.add_router("/orders", orders_router)
api.add_router("/notifications", notifications_router)
api.add_router("/inventory", inventory_router)
api.add_router("/my/orders", my_orders_router)
api.add_router("/payments/webhooks", payment_webhooks_router)
api.add_router("/payments", payments_router)
api.add_router("/my/orders", my_payments_router)
api.add_router("/validation", validation_router)
api.add_router("/fulfillment", fulfillment_router)
api.add_router("/shipping/webhooks", shipping_webhooks_router)
api.add_router("/shipping", shipping_router)
