from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from jornada.core.models import OutboxEvent
from jornada.inventory.jobs import stock_scan
from jornada.inventory.models import StockLevel
from jornada.inventory.tests.conftest import stock

pytestmark = pytest.mark.django_db


def test_stock_audit_passes_when_every_level_matches_its_ledger(warehouse):
    stock(warehouse, CAM_M=5)
    out = StringIO()

    call_command("stock", "audit", stdout=out)

    assert "every level matches its ledger" in out.getvalue()


def test_stock_audit_reports_drift_and_fails(warehouse):
    stock(warehouse, CAM_M=5)
    StockLevel.objects.filter(sku="CAM-M").update(on_hand=4)
    out = StringIO()

    with pytest.raises(CommandError, match="1 level"):
        call_command("stock", "audit", stdout=out)

    assert "DRIFT CAM-M @ cd-sp" in out.getvalue()
    assert "(4, 0, 0)" in out.getvalue()
    assert "(5, 0, 0)" in out.getvalue()


def test_stock_commands_receive_adjust_and_transfer(warehouse, store_rj):
    out = StringIO()

    call_command("stock", "receive", "cd-sp", "cam-m", "5", stdout=out)
    call_command("stock", "adjust", "cd-sp", "CAM-M", "-1", "--reason", "avaria", stdout=out)
    call_command("stock", "transfer", "cd-sp", "loja-rj", "CAM-M", "2", stdout=out)

    assert sorted(StockLevel.objects.values_list("location__code", "on_hand")) == [
        ("cd-sp", 2),
        ("loja-rj", 2),
    ]
    with pytest.raises(CommandError):
        call_command("stock", "transfer", "cd-sp", "loja-rj", "CAM-M", "3", stdout=out)


def low_events() -> list[dict]:  # type: ignore[type-arg]
    return list(
        OutboxEvent.objects.filter(event_type="inventory.StockLow").values_list(
            "payload", flat=True
        )
    )


def test_low_stock_is_announced_once_until_it_recovers(warehouse):
    stock(warehouse, CAM_M=3)
    StockLevel.objects.filter(sku="CAM-M").update(low_stock_threshold=5)

    stock_scan({})
    stock_scan({})

    assert low_events() == [
        {
            "sku": "CAM-M",
            "location_id": warehouse.pk,
            "location_code": "cd-sp",
            "available": 3,
            "threshold": 5,
        }
    ]
    stock(warehouse, CAM_M=10)
    stock_scan({})
    assert StockLevel.objects.get(sku="CAM-M").low_stock_alerted is False
    assert len(low_events()) == 1
