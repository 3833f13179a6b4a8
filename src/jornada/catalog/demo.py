"""A small Brazilian store's catalog, for trying Jornada out and for end-to-end tests.

The products live in ``data/demo_catalog.csv`` and load through the CSV importer,
so the demo exercises the same path as a store's own file.
"""

from __future__ import annotations

from pathlib import Path

from .csv_io import ImportReport, catalog_csv_import
from .errors import CatalogError

DEMO_CSV = Path(__file__).with_name("data") / "demo_catalog.csv"


def catalog_demo_load() -> None:
    """Create or bring back the demo catalog; running it again changes nothing."""
    catalog_demo_import()


def catalog_demo_import() -> ImportReport:
    report = catalog_csv_import(source=DEMO_CSV.read_bytes())
    if report.errors:
        # The shipped file is checked by the tests; this means the catalog holds a
        # conflicting product (say, one of the demo SKUs under another product).
        first = report.errors[0]
        raise CatalogError.on(first.field or "file", f"row {first.row}: {first.message}")
    return report
