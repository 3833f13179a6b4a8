"""``shipping_rates_import <service> <file.csv>``: replace a service's rate table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jornada.shipping.services import ShippingInvalid, rates_import


class Command(BaseCommand):
    help = "Replace a carrier service's rate table with a CSV file (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("service", help="the service code, e.g. correios-pac")
        parser.add_argument(
            "file", help="CSV: cep_start,cep_end,weight_max_grams,price,business_days"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        try:
            count = rates_import(service_code=options["service"], csv_text=text)
        except ShippingInvalid as error:
            lines = [
                f"{field}: {'; '.join(str(m) for m in msgs)}"
                for field, msgs in error.fields.items()
            ]
            raise CommandError("\n".join([str(error.message), *lines])) from None
        self.stdout.write(f"{count} rates imported into {options['service']}")
