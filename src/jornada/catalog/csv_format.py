"""The catalog CSV format: reading files as people save them, and writing cells back.

One row per variant; product columns repeat on each row of the product (or are left
empty on all rows but one). Files may be UTF-8 (with or without BOM), Windows-1252 or
Latin-1, separated by ``,`` or ``;`` (as a Brazilian Excel saves them).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from .errors import CatalogError
from .types import options_ordered

COLUMNS = (
    "product_slug",
    "product_name",
    "category",
    "description",
    "sku",
    "options",
    "price",
    "currency",
    "weight_grams",
    "length_mm",
    "width_mm",
    "height_mm",
    "fragile",
    "perishable",
    "oversize",
    "high_value",
    "complementary",
    "barcode",
    "active",
)
REQUIRED_COLUMNS = (
    "sku",
    "product_name",
    "price",
    "weight_grams",
    "length_mm",
    "width_mm",
    "height_mm",
)
FLAG_COLUMNS = {
    "fragile": "is_fragile",
    "perishable": "is_perishable",
    "oversize": "is_oversize",
    "high_value": "is_high_value",
}
#: Service argument -> CSV column, to put a service's field error in the right column.
FIELD_COLUMNS = {
    "name": "product_name",
    "slug": "product_slug",
    "is_active": "active",
    **{field: column for column, field in FLAG_COLUMNS.items()},
}

_TRUE = frozenset({"sim", "s", "yes", "y", "true", "verdadeiro", "1", "x"})
_FALSE = frozenset({"não", "nao", "n", "no", "false", "falso", "0", ""})
_PLAIN_AMOUNT = re.compile(r"-?\d+(\.\d+)?")
_BR_AMOUNT = re.compile(r"-?(\d{1,3}(\.\d{3})+|\d+),\d+")


@dataclass(frozen=True, slots=True)
class HeaderProblem:
    column: str
    message: str


@dataclass(frozen=True, slots=True)
class CsvRow:
    number: int  # as in the file: the header is row 1
    cells: dict[str, str]  # only the columns the file has
    extra_cells: int = 0  # non-empty cells beyond the header's columns


def decode(data: bytes) -> str:
    """UTF-8 (BOM removed) when it decodes, else Windows-1252, else Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def delimiter_sniff(text: str) -> str:
    """``;`` or ``,``: whichever the header line has more of."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def table_read(source: bytes | str) -> tuple[list[HeaderProblem], list[CsvRow]]:
    """The header's problems (if any, rows are not read) and the non-blank data rows."""
    text = decode(source) if isinstance(source, bytes) else source.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_sniff(text))
    header = [name.strip().lower() for name in next(reader, [])]
    problems = _header_problems(header)
    if problems:
        return problems, []
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        extra = sum(1 for cell in cells[len(header) :] if cell.strip())
        padded = [*cells, *([""] * (len(header) - len(cells)))]
        rows.append(CsvRow(number, dict(zip(header, padded, strict=False)), extra))
    return [], rows


def _header_problems(header: list[str]) -> list[HeaderProblem]:
    if not any(header):
        return [HeaderProblem("", str(_("the file is empty")))]
    problems = []
    for index, name in enumerate(header):
        if name not in COLUMNS:
            problems.append(HeaderProblem(name, str(_("unknown column"))))
        elif name in header[:index]:
            problems.append(HeaderProblem(name, str(_("repeated column"))))
    problems.extend(
        HeaderProblem(name, str(_("missing column")))
        for name in REQUIRED_COLUMNS
        if name not in header
    )
    return problems


# --- cells -> values (each raises CatalogError naming the column) ----------------------


def bool_parse(column: str, text: str) -> bool | None:
    """``sim``/``x``/``yes``/``1``... -> True, ``não``/``0``/``no``... -> False, empty -> None."""
    word = text.strip().lower()
    if not word:
        return None
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise CatalogError.on(column, _("write sim or não (yes/no, true/false, 1/0, x or empty)"))


def price_parse(text: str) -> Decimal:
    """``1234.56``, ``1.234,56``, ``1234,56`` or ``R$ 1.234,56`` -> ``Decimal("1234.56")``."""
    cleaned = text.replace("R$", "").replace(" ", "").replace("\xa0", "")
    # "1.234" alone is ambiguous (one thousand, or three decimals?): it is read as a decimal
    # point and then refused for its three decimal places rather than guessed.
    if _BR_AMOUNT.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif not _PLAIN_AMOUNT.fullmatch(cleaned):
        raise CatalogError.on("price", _("not an amount; write 1234.56 or 1.234,56"))
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise CatalogError.on("price", _("not an amount; write 1234.56 or 1.234,56")) from None


def whole_number_parse(column: str, text: str) -> int:
    cleaned = text.strip()
    if not re.fullmatch(r"-?\d{1,9}", cleaned):
        raise CatalogError.on(column, _("must be a whole number"))
    return int(cleaned)


def options_parse(text: str) -> dict[str, str]:
    """``tamanho=M;cor=Azul`` -> ``{"tamanho": "M", "cor": "Azul"}``."""
    options: dict[str, str] = {}
    for piece in text.split(";"):
        if not piece.strip():
            continue
        name, sep, value = piece.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise CatalogError.on("options", _("write options as name=value;name=value"))
        key = name.strip().lower()
        if key in options:
            raise CatalogError.on("options", _("option %(name)s is repeated"), name=key)
        options[key] = value.strip()
    return options


def slugs_parse(text: str) -> list[str]:
    """``caneca|cafe-especial`` -> ``["caneca", "cafe-especial"]`` (lower case, no repeats)."""
    slugs: list[str] = []
    for piece in text.split("|"):
        slug = piece.strip().lower()
        if slug and slug not in slugs:
            slugs.append(slug)
    return slugs


# --- values -> cells (export) ----------------------------------------------------------


def bool_format(value: bool) -> str:
    return "sim" if value else "não"


def options_format(options: Mapping[str, str]) -> str:
    return ";".join(f"{name}={value}" for name, value in options_ordered(options))


def slugs_format(slugs: Iterable[str]) -> str:
    return "|".join(sorted(slugs))
