"""``jornada payments reconcile``: compare Jornada's payments with the gateway's report."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jornada.payments.adapters import gateway_for, gateway_names
from jornada.payments.adapters.sandbox import settlement_parse
from jornada.payments.reconciliation import reconcile, records_between


class Command(BaseCommand):
    help = "Payments: `reconcile` lists every difference with the gateway's settlement report."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rec = sub.add_parser("reconcile", help="compare with the gateway's settlement CSV")
        rec.add_argument("--gateway", default=None, choices=gateway_names())
        rec.add_argument("--csv", type=Path, help="a settlement CSV (default: ask the gateway)")
        rec.add_argument("--from", dest="start", type=dt.date.fromisoformat, default=None)
        rec.add_argument("--to", dest="end", type=dt.date.fromisoformat, default=None)
        rec.add_argument("--save", type=Path, help="also write the gateway's CSV here")

    def handle(self, *args: Any, **options: Any) -> None:
        gateway_name = options["gateway"] or settings.PAYMENT_GATEWAY
        today = timezone.localdate()
        end = options["end"] or today
        start = options["start"] or end - dt.timedelta(days=30)
        if start > end:
            raise CommandError("--from must not be after --to")
        if options["csv"]:
            text = options["csv"].read_text(encoding="utf-8")
        else:
            text = gateway_for(gateway_name).settlement_report(start=start, end=end)
        if options["save"]:
            options["save"].write_text(text, encoding="utf-8")
        try:
            theirs = settlement_parse(text)
        except (KeyError, ValueError, ArithmeticError) as error:
            raise CommandError(f"not a settlement CSV: {error}") from None
        ours = records_between(gateway=gateway_name, start=start, end=end)
        mismatches = reconcile(ours, theirs)
        self.stdout.write(
            f"{gateway_name} {start}..{end}: {len(ours)} payments in Jornada, "
            f"{len(theirs)} in the settlement report, {len(mismatches)} mismatches"
        )
        for m in mismatches:
            self.stdout.write(
                f"{m.kind}\t{m.reference}\tpayment={m.payment_id or '-'}\t"
                f"jornada={m.ours or '-'}\tgateway={m.theirs or '-'}"
            )
        if mismatches:
            raise SystemExit(1)
