"""Payment gateways behind one protocol (``base.Gateway``); ``gateway_for`` picks one."""

from __future__ import annotations

from functools import cache

from django.conf import settings

from jornada.payments.adapters.base import Gateway


@cache
def _build(name: str) -> Gateway:
    if name == "sandbox":
        from jornada.payments.adapters.sandbox import SandboxGateway

        return SandboxGateway()
    if name == "mercadopago":
        from jornada.payments.adapters.mercadopago import MercadoPagoGateway

        return MercadoPagoGateway.from_settings()
    raise LookupError(f"no payment gateway named {name!r}")


def gateway_for(name: str | None = None) -> Gateway:
    """The adapter called ``name`` (default: ``settings.PAYMENT_GATEWAY``)."""
    return _build(name or settings.PAYMENT_GATEWAY)


def gateway_names() -> tuple[str, ...]:
    return ("sandbox", "mercadopago")
