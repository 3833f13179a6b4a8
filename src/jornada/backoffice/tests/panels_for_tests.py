"""Order panels as another app would register them (used by the extension-point tests)."""

from __future__ import annotations

from jornada.backoffice.sections import OrderPanel

payment = OrderPanel(
    key="payment",
    title="Payment",
    template="backoffice/tests/panel_payment.html",
    capability="orders.view",
    context=lambda order: {"label": f"Charge for #{order.number}"},
)

empty = OrderPanel(
    key="empty",
    title="Empty",
    template="backoffice/tests/panel_payment.html",
    capability="orders.view",
    context=lambda order: None,
)
