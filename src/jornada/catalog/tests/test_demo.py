from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from jornada.catalog.csv_io import catalog_csv_export
from jornada.catalog.demo import DEMO_CSV, catalog_demo_import, catalog_demo_load
from jornada.catalog.models import Category, Product, Variant
from jornada.catalog.selectors import complementary_for, variants_by_sku

pytestmark = pytest.mark.django_db


def test_demo_catalog_loads_a_small_brazilian_store():
    catalog_demo_load()

    assert (Category.objects.count(), Product.objects.count(), Variant.objects.count()) == (
        5,
        12,
        30,
    )
    flagged = {
        flag: sorted(Product.objects.filter(**{flag: True}).values_list("slug", flat=True))
        for flag in ("is_fragile", "is_perishable", "is_oversize", "is_high_value")
    }
    assert flagged == {
        "is_fragile": [
            "caneca-ceramica",
            "doce-de-leite-artesanal",
            "jogo-xicaras-cafe",
            "kit-presente-cafe-da-manha",
        ],
        "is_perishable": [
            "cafe-cerrado-mineiro",
            "cafe-sul-de-minas",
            "doce-de-leite-artesanal",
            "kit-presente-cafe-da-manha",
        ],
        "is_oversize": ["luminaria-piso-arco"],
        "is_high_value": ["relogio-automatico-aco"],
    }
    shirt = variants_by_sku(["CAM-BAS-M-PRE"])["CAM-BAS-M-PRE"]
    assert (shirt.product_name, shirt.variant_label) == (
        "Camiseta Básica de Algodão",
        "Tamanho M / Cor Preta",
    )
    caneca = Product.objects.get(slug="caneca-ceramica")
    assert [p.slug for p in complementary_for([caneca.pk])] == [
        "cafe-cerrado-mineiro",
        "cafe-sul-de-minas",
    ]


def test_loading_the_demo_twice_changes_nothing():
    catalog_demo_load()
    stamps = dict(Variant.objects.values_list("sku", "updated_at"))

    report = catalog_demo_import()

    assert (report.products_unchanged, report.variants_unchanged) == (12, 30)
    assert (report.products_created, report.products_updated) == (0, 0)
    assert (report.variants_created, report.variants_updated, report.categories_created) == (
        0,
        0,
        0,
    )
    assert dict(Variant.objects.values_list("sku", "updated_at")) == stamps


def test_the_demo_file_is_exactly_what_export_writes():
    catalog_demo_load()
    out = io.StringIO()

    catalog_csv_export(out=out)

    assert out.getvalue() == DEMO_CSV.read_text(encoding="utf-8")


def test_demo_command_loads_it():
    out = io.StringIO()

    call_command("catalog", "demo", stdout=out)

    assert out.getvalue().splitlines()[0] == "products: 12 created, 0 updated, 0 unchanged"
