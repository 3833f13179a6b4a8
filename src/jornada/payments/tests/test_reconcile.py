"""Reconciliation against the gateway's settlement report."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from jornada.payments.adapters.base import SettlementRow
from jornada.payments.models import Payment, SandboxCharge
from jornada.payments.reconciliation import Mismatch, Record, reconcile
from jornada.payments.tests.conftest import drain


def row(reference: str, status: str = "paid", amount: str = "10.00", refunded: str = "0.00"):
    return SettlementRow(reference, "1", "pix", status, Decimal(amount), Decimal(refunded), "BRL")


def rec(reference: str, status: str = "paid", amount: str = "10.00", refunded: str = "0.00"):
    return Record(reference, "1", status, Decimal(amount), Decimal(refunded))


def test_matching_books_have_no_mismatch():
    assert (
        reconcile(
            [rec("a"), rec("b", "refunded", refunded="10.00")],
            [row("a"), row("b", "refunded", refunded="10.00")],
        )
        == []
    )


def test_every_kind_of_difference_is_listed():
    ours = [
        rec("a"),
        rec("b", amount="11.00"),
        rec("c", refunded="1.00"),
        rec("d"),
        rec("f", "expired"),
    ]
    theirs = [row("a", "refunded", refunded="10.00"), row("b"), row("c"), row("e")]
    assert reconcile(ours, theirs) == [
        Mismatch("status", "a", "1", "paid", "refunded"),
        Mismatch("refunded", "a", "1", "0.00", "10.00"),
        Mismatch("amount", "b", "1", "11.00", "10.00"),
        Mismatch("refunded", "c", "1", "1.00", "0.00"),
        Mismatch("missing_at_gateway", "d", "1", "paid 10.00", ""),
        Mismatch("missing_in_jornada", "e", "1", "", "paid 10.00"),
    ]


@pytest.mark.django_db
def test_the_command_reports_a_charge_the_gateway_saw_paid_but_jornada_did_not(place, tmp_path):
    # given two Pix payments, both paid, then the gateway's books differ on one
    first = place("pix")
    second = place("pix")
    drain()
    assert set(Payment.objects.values_list("status", flat=True)) == {"paid"}
    clean = StringIO()
    call_command("payments", "reconcile", stdout=clean)
    assert "0 mismatches" in clean.getvalue()
    late = Payment.objects.get(order=second)
    SandboxCharge.objects.filter(reference=late.reference).update(refunded=Decimal("5.00"))

    # when
    out = StringIO()
    with pytest.raises(SystemExit) as exit_code:
        call_command(
            "payments", "reconcile", "--save", str(tmp_path / "settlement.csv"), stdout=out
        )

    # then
    assert exit_code.value.code == 1
    lines = out.getvalue().splitlines()
    assert lines[0].endswith("2 payments in Jornada, 2 in the settlement report, 1 mismatches")
    assert lines[1].split("\t") == [
        "refunded",
        late.reference,
        f"payment={late.pk}",
        "jornada=0.00",
        "gateway=5.00",
    ]
    assert first.pk != second.pk
    # and the saved CSV can be reconciled again offline
    again = StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "payments", "reconcile", "--csv", str(tmp_path / "settlement.csv"), stdout=again
        )
    assert again.getvalue().splitlines()[1:] == lines[1:]
