"""The one registry: which handler reacts to which domain event, and which job runs a timer.

Every entry is a dotted path, imported only when first used, so wiring never creates an
import cycle between apps. Upstream apps publish events; downstream apps' ``handlers.py``
react to them, and are listed here (ARCHITECTURE.md, section 3).
"""

from __future__ import annotations

from django.conf import settings

# event type -> handlers, in the order they are listed (each delivered independently)
HANDLERS: dict[str, tuple[str, ...]] = {
    "orders.OrderStatusChanged": (
        "jornada.inventory.handlers.on_order_status_changed",
        "jornada.validation.handlers.on_order_status_changed",
    ),
    "fulfillment.OrderPacked": ("jornada.shipping.handlers.on_order_packed",),
    "inventory.OrderBackordered": ("jornada.shipping.handlers.on_order_backordered",),
    "orders.OrderPlaced": ("jornada.payments.handlers.on_order_placed",),
    "orders.OrderCancelled": ("jornada.payments.handlers.on_order_cancelled",),
}

# notifications (outbound webhooks) and journeys react to every event of the contract
# (docs/events.md), in one delivery per event (half the queue work of two), after the
# owning apps' handlers
_CONTRACT_EVENTS = (
    "orders.OrderPlaced",
    "orders.OrderStatusChanged",
    "orders.OrderCancelled",
    "orders.OrderAddressChanged",
    "orders.OrderLinesChanged",
    "inventory.OrderBackordered",
    "inventory.StockReleased",
    "payments.PaymentPending",
    "payments.PaymentConfirmed",
    "payments.PaymentFailed",
    "payments.PaymentExpired",
    "payments.RefundIssued",
    "validation.OrderValidated",
    "validation.OrderHeld",
    "validation.OrderRejected",
    "fulfillment.OrderPacked",
    "shipping.ShipmentDispatched",
    "shipping.TrackingUpdated",
    "shipping.ShipmentDelivered",
    "shipping.DeliveryLate",
)
for _event_type in _CONTRACT_EVENTS:
    HANDLERS[_event_type] = (
        *HANDLERS.get(_event_type, ()),
        "jornada.journeys.handlers.journeys_and_webhooks",
    )

# timer job name -> callable(payload: dict) run when the timer is due
TIMER_JOBS: dict[str, str] = {
    "api.idempotency_purge": "jornada.api.jobs.idempotency_purge",
    "core.outbox_prune": "jornada.core.jobs.outbox_prune",
    "notifications.message_due": "jornada.notifications.services.message_due",
    "notifications.sandbox_receipt": "jornada.notifications.inbound.sandbox_receipt",
    "notifications.webhook_retry": "jornada.notifications.outbound.webhook_retry",
    "journeys.step": "jornada.journeys.services.journey_step",
    "payments.expire": "jornada.payments.jobs.payment_expire",
    "payments.sandbox_advance": "jornada.payments.adapters.sandbox.sandbox_advance",
    "payments.sandbox_redeliver": "jornada.payments.adapters.sandbox_delivery.sandbox_redeliver",
    "inventory.stock_scan": "jornada.inventory.jobs.stock_scan",
    "inventory.purchase_orders_send": "jornada.inventory.jobs.purchase_orders_send",
    "shipping.sandbox_push": "jornada.shipping.jobs.sandbox_push",
    "shipping.sla_check": "jornada.shipping.jobs.sla_check",
    "shipping.tracking_poll": "jornada.shipping.jobs.tracking_poll",
}

# timer job name -> interval in seconds; the scheduler keeps one pending timer per job
PERIODIC_JOBS: dict[str, int] = {
    "api.idempotency_purge": 3600,
    "core.outbox_prune": 6 * 3600,
    "inventory.stock_scan": settings.INVENTORY_SCAN_SECONDS,
    "inventory.purchase_orders_send": settings.PURCHASE_ORDER_SEND_SECONDS,
    "shipping.sla_check": settings.SHIPPING_SLA_SECONDS,
    "shipping.tracking_poll": settings.SHIPPING_POLL_SECONDS,
}

# checkout's pricing rules with the store's payment terms (methods, instalments), which
# the payments app owns downstream of orders
PRICING_RULES: str = "jornada.payments.terms.pricing_rules"

# demo data, in dependency order (``jornada init --demo``); each step is idempotent
DEMO_STEPS: tuple[str, ...] = (
    "jornada.core.demo.store_profile_demo",
    "jornada.catalog.demo.catalog_demo_load",
    "jornada.core.demo.inventory_demo",
    "jornada.orders.demo.orders_demo_load",
)
