from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils import translation

from jornada.catalog.csv_io import RowError, catalog_csv_export, catalog_csv_import
from jornada.catalog.models import Category, Product, Variant
from jornada.catalog.tests.factories import ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "product_slug,product_name,category,description,sku,options,price,currency,weight_grams,"
    "length_mm,width_mm,height_mm,fragile,perishable,oversize,high_value,complementary,barcode,active"
)


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


CANECA = "caneca,Caneca de Cerâmica,Canecas,Vai ao micro-ondas,CAN-BRA,cor=Branca,39.90,BRL,400,120,90,110,sim,não,não,não,cafe,7891000315507,sim"
CANECA_AZUL = (
    'caneca,Caneca de Cerâmica,Canecas,,can-azu,cor=Azul,"1.234,56",,400,120,90,110,x,,,,cafe,,'
)
CAFE = "cafe,Café Especial,Cafés,,CAF-250,peso=250 g;moagem=Moído,39.90,BRL,270,150,80,60,não,sim,não,não,,,sim"


def state() -> tuple[int, int, int]:
    return Category.objects.count(), Product.objects.count(), Variant.objects.count()


def test_imports_products_variants_categories_and_forward_complementary_references():
    # when
    report = catalog_csv_import(source=csv_text(CANECA, CANECA_AZUL, CAFE))

    # then
    assert report.errors == ()
    assert report.written
    assert (report.categories_created, report.products_created, report.variants_created) == (
        2,
        2,
        3,
    )
    caneca = Product.objects.get(slug="caneca")
    assert (caneca.name, caneca.description, caneca.category.name) == (  # type: ignore[union-attr]
        "Caneca de Cerâmica",
        "Vai ao micro-ondas",
        "Canecas",
    )
    assert (caneca.is_fragile, caneca.is_perishable) == (True, False)
    assert [p.slug for p in caneca.complementary.all()] == ["cafe"]
    azul = Variant.objects.get(sku="CAN-AZU")
    assert (azul.price, azul.currency, azul.options, azul.barcode, azul.is_active) == (
        Decimal("1234.56"),
        "BRL",
        {"cor": "Azul"},
        "",
        True,
    )
    cafe = Variant.objects.get(sku="CAF-250")
    assert cafe.options == {"peso": "250 g", "moagem": "Moído"}
    assert cafe.product.is_perishable


def test_reports_every_bad_row_with_its_number_column_and_message_and_writes_nothing():
    # given
    VariantFactory.create(sku="TAKEN", product=ProductFactory.create(slug="outro"))
    rows = [
        CANECA,
        "caneca,Caneca Azul,,,CAN-X,cor,-3,BRL,0,1,1,1,talvez,,,,,123,",
        CAFE,
        "cafe,Café Especial,,,caf-250,,10,BRL,1,1,1,1,,,,,,,",
        "cafe,Outro Nome,,,CAF-500,,10,BRL,1,1,1,1,,,,,,,",
        "novo,Novo,,,TAKEN,,10,BRL,1,1,1,1,,,,,inexistente,,",
        ",,,,SEM-NOME,,10,USD,1,1,1,1,,,,,,,",
    ]
    before = state()

    # when
    report = catalog_csv_import(source=csv_text(*rows))

    # then
    assert list(report.errors) == [
        RowError(3, "options", "write options as name=value;name=value"),
        RowError(3, "price", "a price cannot be negative"),
        RowError(3, "weight_grams", "must be at least 1"),
        RowError(3, "fragile", "write sim or não (yes/no, true/false, 1/0, x or empty)"),
        RowError(3, "barcode", "a barcode (GTIN/EAN) has 8, 12, 13 or 14 digits"),
        RowError(5, "sku", "this SKU is already on row 4"),
        RowError(6, "product_name", "differs from row 4 of the same product"),
        RowError(7, "complementary", "unknown product inexistente"),
        RowError(8, "product_slug", "a slug is required (the name gives none)"),
    ]
    assert report.refused_rows == [3, 5, 6, 7, 8]
    assert not report.written
    assert (report.products_created, report.variants_created) == (0, 0)
    assert state() == before


def test_a_sku_of_another_product_and_a_barcode_of_another_variant_are_refused():
    VariantFactory.create(sku="CAN-BRA", product=ProductFactory.create(slug="outro"))
    VariantFactory.create(sku="OUTRA", barcode="96385074")

    report = catalog_csv_import(source=csv_text(CANECA, CAFE.replace(",,,sim", ",,96385074,sim")))

    assert list(report.errors) == [
        RowError(2, "sku", "this SKU belongs to product outro"),
        RowError(3, "barcode", "variant OUTRA has this barcode"),
    ]
    assert Variant.objects.count() == 2


def test_partial_imports_the_good_rows_and_refuses_rows_pointing_at_refused_products():
    # given: the café row is bad, so the caneca rows (which point at café) go too
    bad_cafe = CAFE.replace("39.90", "abc")
    rows = [CANECA, bad_cafe, "xicara,Xícara,,,XIC-1,,19.90,BRL,100,80,80,70,sim,,,,,,"]

    # when
    report = catalog_csv_import(source=csv_text(*rows), partial=True)

    # then
    assert list(report.errors) == [
        RowError(2, "complementary", "product cafe was not imported"),
        RowError(3, "price", "not an amount; write 1234.56 or 1.234,56"),
    ]
    assert report.written
    assert (report.products_created, report.variants_created) == (1, 1)
    assert list(Variant.objects.values_list("sku", flat=True)) == ["XIC-1"]
    assert list(Category.objects.all()) == []


def test_dry_run_counts_but_writes_nothing():
    report = catalog_csv_import(source=csv_text(CANECA, CANECA_AZUL, CAFE), dry_run=True)

    assert (report.categories_created, report.products_created, report.variants_created) == (
        2,
        2,
        3,
    )
    assert not report.written
    assert state() == (0, 0, 0)


def test_upserts_by_sku_and_slug_changing_only_what_differs():
    # given
    catalog_csv_import(source=csv_text(CANECA, CANECA_AZUL, CAFE))
    untouched = Variant.objects.get(sku="CAF-250").updated_at

    # when
    report = catalog_csv_import(
        source=csv_text(
            CANECA.replace("39.90", "44.90"),
            CANECA_AZUL,
            CAFE,
            "cafe,Café Especial,Cafés,,CAF-500,peso=500 g;moagem=Moído,69.90,BRL,530,200,100,70,não,sim,não,não,,,não",
        )
    )

    # then
    assert report.errors == ()
    assert (report.products_created, report.products_updated, report.products_unchanged) == (
        0,
        0,
        2,
    )
    assert (report.variants_created, report.variants_updated, report.variants_unchanged) == (
        1,
        1,
        2,
    )
    assert Variant.objects.get(sku="CAN-BRA").price == Decimal("44.90")
    assert Variant.objects.get(sku="CAF-500").is_active is False
    assert Variant.objects.get(sku="CAF-250").updated_at == untouched


def test_empty_product_cells_on_a_later_row_inherit_and_all_empty_clears():
    catalog_csv_import(source=csv_text(CANECA, CANECA_AZUL, CAFE))

    report = catalog_csv_import(
        source=csv_text(CANECA.replace("sim,não,não,não,cafe", "não,não,não,não,"), CAFE)
    )

    assert report.products_updated == 1
    caneca = Product.objects.get(slug="caneca")
    assert caneca.is_fragile is False
    assert list(caneca.complementary.all()) == []


def test_reads_latin1_semicolon_files_with_brazilian_prices():
    # given: as a Brazilian Excel saves "CSV (separado por ponto e vírgula)"
    text = csv_text(
        "xicara;Xícara de Café;Cafés e Chás;;xic-1;cor=Branca;R$ 1.234,56;BRL;100;80;80;70;Sim;Não;;;;;",
        header=HEADER.replace(",", ";"),
    )

    # when
    report = catalog_csv_import(source=text.encode("latin-1"))

    # then
    assert report.errors == ()
    variant = Variant.objects.select_related("product__category").get()
    assert (variant.sku, variant.price, variant.product.name) == (
        "XIC-1",
        Decimal("1234.56"),
        "Xícara de Café",
    )
    assert variant.product.category.name == "Cafés e Chás"  # type: ignore[union-attr]
    assert variant.product.is_fragile is True


def test_reads_utf8_with_a_byte_order_mark_and_windows_line_ends():
    text = csv_text(CAFE).replace("\n", "\r\n")

    report = catalog_csv_import(source=b"\xef\xbb\xbf" + text.encode("utf-8"))

    assert report.errors == ()
    assert Product.objects.get().name == "Café Especial"


def test_a_file_with_only_some_columns_leaves_the_others_as_they_are():
    catalog_csv_import(source=csv_text(CANECA, CAFE))

    report = catalog_csv_import(
        source=csv_text(
            "CAN-BRA,Caneca de Cerâmica,caneca,49.90,400,120,90,110",
            header="sku,product_name,product_slug,price,weight_grams,length_mm,width_mm,height_mm",
        )
    )

    assert (report.products_unchanged, report.variants_updated) == (1, 1)
    caneca = Variant.objects.select_related("product").get(sku="CAN-BRA")
    assert (caneca.price, caneca.barcode, caneca.options) == (
        Decimal("49.90"),
        "7891000315507",
        {"cor": "Branca"},
    )
    assert caneca.product.is_fragile is True
    assert [p.slug for p in caneca.product.complementary.all()] == ["cafe"]


def test_header_problems_are_reported_on_row_one():
    report = catalog_csv_import(source="sku;preco;price;price\nA;1;1;1\n")

    assert list(report.errors) == [
        RowError(1, "preco", "unknown column"),
        RowError(1, "price", "repeated column"),
        RowError(1, "product_name", "missing column"),
        RowError(1, "weight_grams", "missing column"),
        RowError(1, "length_mm", "missing column"),
        RowError(1, "width_mm", "missing column"),
        RowError(1, "height_mm", "missing column"),
    ]
    assert catalog_csv_import(source=b"").errors == (RowError(1, "", "the file is empty"),)


def test_messages_follow_the_active_language():
    with translation.override("pt-br"):
        report = catalog_csv_import(source=csv_text(CAFE.replace("39.90", "-1")))

    assert list(report.errors) == [RowError(2, "price", "o preço não pode ser negativo")]


def test_export_then_import_changes_nothing():
    # given
    catalog_csv_import(source=csv_text(CANECA, CANECA_AZUL, CAFE))
    stamps = dict(Variant.objects.values_list("sku", "updated_at"))
    exported = io.StringIO()
    assert catalog_csv_export(out=exported) == 3

    # when
    report = catalog_csv_import(source=exported.getvalue())

    # then
    assert report.errors == ()
    assert (report.products_created, report.products_updated, report.products_unchanged) == (
        0,
        0,
        2,
    )
    assert (report.variants_created, report.variants_updated, report.variants_unchanged) == (
        0,
        0,
        3,
    )
    assert not report.written
    assert dict(Variant.objects.values_list("sku", "updated_at")) == stamps
    again = io.StringIO()
    catalog_csv_export(out=again)
    assert again.getvalue() == exported.getvalue()


def test_export_writes_one_row_per_variant_in_the_import_format():
    catalog_csv_import(source=csv_text(CANECA, CANECA_AZUL, CAFE))
    out = io.StringIO()

    catalog_csv_export(out=out)

    assert out.getvalue().splitlines() == [
        HEADER,
        "cafe,Café Especial,Cafés,,CAF-250,peso=250 g;moagem=Moído,39.90,BRL,270,150,80,60,não,sim,não,não,,,sim",
        "caneca,Caneca de Cerâmica,Canecas,Vai ao micro-ondas,CAN-AZU,cor=Azul,1234.56,BRL,400,120,90,110,sim,não,não,não,cafe,,sim",
        "caneca,Caneca de Cerâmica,Canecas,Vai ao micro-ondas,CAN-BRA,cor=Branca,39.90,BRL,400,120,90,110,sim,não,não,não,cafe,7891000315507,sim",
    ]
