"""``jornada stock audit | levels | adjust | receive | transfer | expire``."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jornada.core.errors import DomainError
from jornada.inventory import selectors, services


class Command(BaseCommand):
    help = "Stock levels, moves and the ledger audit."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser(
            "audit", help="recompute every level from the ledger; exit 1 on any drift"
        )
        levels = actions.add_parser("levels", help="on hand / reserved / allocated / available")
        levels.add_argument("--sku", default="")
        levels.add_argument("--location", default="")
        adjust = actions.add_parser("adjust", help="correct a count (with a reason)")
        adjust.add_argument("location")
        adjust.add_argument("sku")
        adjust.add_argument("delta", type=int)
        adjust.add_argument("--reason", required=True)
        receive = actions.add_parser("receive", help="units arrived at a location")
        receive.add_argument("location")
        receive.add_argument("sku")
        receive.add_argument("quantity", type=int)
        receive.add_argument("--reference", default="")
        transfer = actions.add_parser("transfer", help="move units between locations")
        transfer.add_argument("source")
        transfer.add_argument("target")
        transfer.add_argument("sku")
        transfer.add_argument("quantity", type=int)
        actions.add_parser("expire", help="release holds whose payment window passed")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        actor = services.StockActor(label="jornada stock")
        try:
            if action == "audit":
                self._audit()
            elif action == "levels":
                for level in selectors.levels_list(
                    sku=options["sku"].upper(), location_code=options["location"], limit=100000
                ):
                    self._print_level(level)
            elif action == "adjust":
                self._print_level(
                    services.stock_adjust(
                        location=self._location(options["location"]),
                        sku=options["sku"].upper(),
                        delta=options["delta"],
                        reason=options["reason"],
                        actor=actor,
                    )
                )
            elif action == "receive":
                self._print_level(
                    services.stock_receive(
                        location=self._location(options["location"]),
                        sku=options["sku"].upper(),
                        quantity=options["quantity"],
                        reference=options["reference"],
                        actor=actor,
                    )
                )
            elif action == "transfer":
                for level in services.stock_transfer(
                    source=self._location(options["source"]),
                    target=self._location(options["target"]),
                    sku=options["sku"].upper(),
                    quantity=options["quantity"],
                    actor=actor,
                ):
                    self._print_level(level)
            elif action == "expire":
                released = services.reservations_expire()
                self.stdout.write(f"released the holds of {released} order(s)")
        except DomainError as error:
            raise CommandError(str(error.message)) from None

    def _location(self, code: str) -> Any:
        location = selectors.location_get(code)
        if location is None:
            raise CommandError(f"no stock location with code {code!r}")
        return location

    def _print_level(self, level: Any) -> None:
        self.stdout.write(
            f"{level.sku:20s} {level.location.code:12s} on_hand={level.on_hand} "
            f"reserved={level.reserved} allocated={level.allocated} available={level.available}"
        )

    def _audit(self) -> None:
        drifts = selectors.stock_audit()
        for d in drifts:
            self.stdout.write(
                f"DRIFT {d.sku} @ {d.location}: level (on_hand, reserved, allocated)="
                f"{d.recorded} ledger={d.from_ledger}"
            )
        if drifts:
            raise CommandError(f"{len(drifts)} level(s) disagree with the ledger")
        self.stdout.write("stock audit: every level matches its ledger")
