"""``jornada catalog import FILE | export FILE | demo``: the catalog as a CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from jornada.catalog.csv_io import ImportReport, catalog_csv_export, catalog_csv_import
from jornada.catalog.demo import catalog_demo_import


class Command(BaseCommand):
    help = "Import or export the catalog as CSV (one row per variant), or load the demo catalog."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="create or update products and variants")
        load.add_argument("file", help="CSV file (UTF-8 or Latin-1, separated by , or ;)")
        load.add_argument(
            "--partial", action="store_true", help="import the good rows even if some are bad"
        )
        load.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        dump = actions.add_parser("export", help="write every variant as a CSV row")
        dump.add_argument("file", help="file to write, or - for standard output")
        actions.add_parser("demo", help="load the demo store catalog (idempotent)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "export":
            self._export(options["file"])
        elif action == "demo":
            self._print(catalog_demo_import(), dry_run=False)
        else:
            path = Path(options["file"])
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise CommandError(
                    _("cannot read %(file)s: %(error)s") % {"file": path, "error": exc.strerror}
                ) from None
            report = catalog_csv_import(
                source=data, partial=options["partial"], dry_run=options["dry_run"]
            )
            self._print(report, dry_run=options["dry_run"])
            if report.errors:
                refused = {"count": len(report.refused_rows)}
                message = (
                    _("%(count)d row(s) refused; the other rows were imported.")
                    if report.written
                    else _("%(count)d row(s) refused; nothing was written.")
                )
                raise CommandError(message % refused, returncode=1)

    def _export(self, target: str) -> None:
        if target == "-":
            catalog_csv_export(out=self.stdout)
            return
        with open(target, "w", encoding="utf-8", newline="") as out:
            count = catalog_csv_export(out=out)
        self.stdout.write(
            _("%(count)d variants written to %(file)s") % {"count": count, "file": target}
        )

    def _print(self, report: ImportReport, *, dry_run: bool) -> None:
        self.stdout.write(
            _("products: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
            % {
                "created": report.products_created,
                "updated": report.products_updated,
                "unchanged": report.products_unchanged,
            }
        )
        self.stdout.write(
            _("variants: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
            % {
                "created": report.variants_created,
                "updated": report.variants_updated,
                "unchanged": report.variants_unchanged,
            }
        )
        self.stdout.write(
            _("categories: %(created)d created") % {"created": report.categories_created}
        )
        for error in report.errors:
            where = _("row %(row)d, %(field)s") % {"row": error.row, "field": error.field or "-"}
            self.stdout.write(f"{where}: {error.message}")
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
