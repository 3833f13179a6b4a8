from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from jornada.catalog.models import Product, Variant
from jornada.catalog.tests.test_csv_import import CAFE, CANECA, csv_text
from jornada.core.testing import worker_env

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("catalog", *args, stdout=out)
    return out.getvalue()


def test_import_prints_the_counts(tmp_path: Path):
    path = tmp_path / "catalogo.csv"
    path.write_text(csv_text(CANECA, CAFE), encoding="utf-8")

    output = run("import", str(path))

    assert output.splitlines() == [
        "products: 2 created, 0 updated, 0 unchanged",
        "variants: 2 created, 0 updated, 0 unchanged",
        "categories: 2 created",
    ]
    assert Variant.objects.count() == 2


def test_import_with_bad_rows_prints_them_fails_with_code_1_and_writes_nothing(tmp_path: Path):
    path = tmp_path / "catalogo.csv"
    path.write_text(csv_text(CANECA, CAFE.replace("39.90", "-1")), encoding="utf-8")
    out = io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("catalog", "import", str(path), stdout=out)

    assert caught.value.returncode == 1
    assert str(caught.value) == "1 row(s) refused; nothing was written."
    assert out.getvalue().splitlines()[-1] == "row 3, price: a price cannot be negative"
    assert Product.objects.count() == 0


def test_partial_import_writes_the_good_rows_and_still_fails(tmp_path: Path):
    path = tmp_path / "catalogo.csv"
    path.write_text(csv_text(CAFE, CANECA.replace("39.90", "-1")), encoding="utf-8")
    out = io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("catalog", "import", str(path), "--partial", stdout=out)

    assert str(caught.value) == "1 row(s) refused; the other rows were imported."
    assert list(Variant.objects.values_list("sku", flat=True)) == ["CAF-250"]


def test_dry_run_says_so(tmp_path: Path):
    path = tmp_path / "catalogo.csv"
    path.write_text(csv_text(CAFE), encoding="utf-8")

    output = run("import", str(path), "--dry-run")

    assert output.splitlines()[0] == "products: 1 created, 0 updated, 0 unchanged"
    assert output.splitlines()[-1] == "Dry run: nothing was written."
    assert Product.objects.count() == 0


def test_export_to_a_file_and_to_standard_output(tmp_path: Path):
    path = tmp_path / "catalogo.csv"
    path.write_text(csv_text(CANECA, CAFE), encoding="utf-8")
    run("import", str(path))
    target = tmp_path / "export.csv"

    assert run("export", str(target)) == f"2 variants written to {target}\n"
    assert run("export", "-") == target.read_text(encoding="utf-8")
    assert len(target.read_text(encoding="utf-8").splitlines()) == 3


def test_a_missing_file_is_a_command_error():
    with pytest.raises(CommandError) as caught:
        call_command("catalog", "import", "/nonexistent/catalogo.csv")

    assert str(caught.value) == "cannot read /nonexistent/catalogo.csv: No such file or directory"


@pytest.mark.django_db(transaction=True)
def test_the_jornada_command_exits_1_on_refused_rows_and_0_otherwise(tmp_path: Path):
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(csv_text(CAFE.replace("39.90", "abc")), encoding="utf-8")
    good.write_text(csv_text(CAFE), encoding="utf-8")
    env = worker_env(JORNADA_LANGUAGE="en")

    refused = subprocess.run(
        [sys.executable, "-m", "jornada", "catalog", "import", str(bad)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    imported = subprocess.run(
        [sys.executable, "-m", "jornada", "catalog", "import", str(good)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert refused.returncode == 1
    assert "row 2, price: not an amount; write 1234.56 or 1.234,56" in refused.stdout
    assert "1 row(s) refused; nothing was written." in refused.stderr
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.splitlines()[0] == "products: 1 created, 0 updated, 0 unchanged"
    assert Variant.objects.get().sku == "CAF-250"
