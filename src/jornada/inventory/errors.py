"""Refusals of the inventory app, answered like any other ``DomainError``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _

from jornada.core.errors import Conflict, DomainError, NotFound


class OutOfStock(Conflict):
    """Some SKUs of an order cannot be held; nothing was written."""

    code = "out_of_stock"

    def __init__(self, short: Mapping[str, int], *, lines: Sequence[tuple[str, int]]) -> None:
        skus = sorted(short)
        fields: dict[str, list[object]] = {}
        for index, (sku, _quantity) in enumerate(lines):
            if sku in short:
                fields[f"lines.{index}.sku"] = [
                    _("Out of stock: %(sku)s (%(available)d available).")
                    % {"sku": sku, "available": short[sku]}
                ]
        super().__init__(
            _("Out of stock: %(skus)s.") % {"skus": ", ".join(skus)},
            fields=fields,  # type: ignore[arg-type]
            params={"skus": {sku: short[sku] for sku in skus}},
        )


class NotEnoughStock(Conflict):
    code = "not_enough_stock"


class LocationNotFound(NotFound):
    code = "location_not_found"


class PurchaseOrderNotFound(NotFound):
    code = "purchase_order_not_found"


class InventoryInvalid(DomainError):
    code = "inventory_invalid"
    status = 422
