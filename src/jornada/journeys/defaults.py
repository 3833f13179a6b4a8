"""The journeys that ship enabled: every stage message of issue 7, as plain data."""

from __future__ import annotations

from typing import Any

_NOT_RETURNED = {
    "fact": "status",
    "op": "not_in",
    "value": ["cancelled", "return_requested", "returned", "partially_refunded", "refunded"],
}
_UNPAID = {"fact": "status", "op": "in", "value": ["placed", "awaiting_payment"]}
_NOT_DELIVERED = {
    "fact": "status",
    "op": "not_in",
    "value": ["delivered", "completed", "cancelled", "returned", "refunded"],
}


def _send(template: str, to: str = "customer", **extra: Any) -> dict[str, Any]:
    return {"type": "send", "template": template, "to": to, **extra}


DEFAULT_JOURNEYS: list[dict[str, Any]] = [
    {
        "slug": "staff-new-order",
        "name": "Aviso à equipe: novo pedido",
        "trigger": "orders.OrderPlaced",
        "actions": [_send("staff_new_order", to="staff")],
    },
    {
        "slug": "order-confirmation",
        "name": "Confirmação do pedido",
        "trigger": "orders.OrderPlaced",
        "actions": [_send("order_confirmation")],
    },
    {
        "slug": "payment-instructions",
        "name": "Instruções de pagamento (Pix e boleto)",
        "trigger": "payments.PaymentPending",
        "trigger_match": {"method": ["pix", "boleto"]},
        "once_per": ["payment_id"],
        "actions": [_send("payment_pending", attach=["boleto_document_id"])],
    },
    {
        "slug": "pix-reminder",
        "name": "Lembrete do Pix antes de vencer",
        "trigger": "payments.PaymentPending",
        "trigger_match": {"method": "pix"},
        "delay_amount": 10,
        "delay_unit": "minutes",
        "delay_before": "expires_at",
        "once_per": ["payment_id"],
        "conditions": [_UNPAID],
        "actions": [_send("payment_reminder")],
    },
    {
        "slug": "boleto-reminder",
        "name": "Lembrete do boleto antes de vencer",
        "trigger": "payments.PaymentPending",
        "trigger_match": {"method": "boleto"},
        "delay_amount": 24,
        "delay_unit": "hours",
        "delay_before": "expires_at",
        "once_per": ["payment_id"],
        "conditions": [_UNPAID],
        "actions": [_send("payment_reminder", attach=["boleto_document_id"])],
    },
    {
        "slug": "payment-approved",
        "name": "Pagamento aprovado",
        "trigger": "payments.PaymentConfirmed",
        "actions": [_send("payment_approved")],
    },
    {
        "slug": "order-validated",
        "name": "Pedido validado, com relatório e prazo",
        "trigger": "validation.OrderValidated",
        "actions": [_send("order_validated", attach=["report_document_id"])],
    },
    {
        "slug": "order-shipped",
        "name": "Pedido enviado, com rastreamento",
        "trigger": "shipping.ShipmentDispatched",
        "once_per": ["shipment_id"],
        "actions": [_send("order_shipped")],
    },
    {
        "slug": "out-for-delivery",
        "name": "Saiu para entrega",
        "trigger": "shipping.TrackingUpdated",
        "trigger_match": {"status": "out_for_delivery"},
        "once_per": ["shipment_id"],
        "actions": [_send("out_for_delivery")],
    },
    {
        "slug": "delivery-failed",
        "name": "Tentativa de entrega sem sucesso",
        "trigger": "shipping.TrackingUpdated",
        "trigger_match": {"status": "failed_attempt"},
        "once_per": ["shipment_id", "occurred_at"],
        "actions": [_send("delivery_failed")],
    },
    {
        "slug": "returned-to-sender",
        "name": "Devolvido ao remetente",
        "trigger": "shipping.TrackingUpdated",
        "trigger_match": {"status": "returned"},
        "once_per": ["shipment_id"],
        "actions": [_send("returned_to_sender")],
    },
    {
        "slug": "ready-for-pickup",
        "name": "Pronto para retirada",
        "trigger": "shipping.TrackingUpdated",
        "trigger_match": {"status": "ready_for_pickup"},
        "once_per": ["shipment_id"],
        "actions": [_send("ready_for_pickup")],
    },
    {
        "slug": "delivered",
        "name": "Entregue: chegou tudo bem?",
        "trigger": "shipping.ShipmentDelivered",
        "delay_amount": 2,
        "delay_unit": "hours",
        "once_per": ["shipment_id"],
        "conditions": [_NOT_RETURNED],
        "actions": [_send("delivered")],
    },
    {
        "slug": "delivery-late",
        "name": "Atraso na entrega: desculpas e nova previsão",
        "trigger": "shipping.DeliveryLate",
        "once_per": ["shipment_id", "promised_date"],
        "conditions": [_NOT_DELIVERED],
        "actions": [_send("delivery_late")],
    },
]


def journey_fields(spec: dict[str, Any]) -> dict[str, Any]:
    """A default journey's model fields, with every optional one filled."""
    return {
        "name": spec["name"],
        "trigger": spec["trigger"],
        "trigger_match": spec.get("trigger_match", {}),
        "delay_amount": spec.get("delay_amount", 0),
        "delay_unit": spec.get("delay_unit", "minutes"),
        "delay_before": spec.get("delay_before", ""),
        "conditions": spec.get("conditions", []),
        "actions": spec["actions"],
        "once_per": spec.get("once_per", []),
        "is_enabled": True,
        "is_default": True,
    }
