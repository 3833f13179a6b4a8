"""Carrier and box settings (owners): services on and off, rate tables, boxes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jornada.backoffice.models import StaffAction
from jornada.fulfillment.models import Box
from jornada.shipping.models import CarrierService, RateRow

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "cep_start;cep_end;weight_max_grams;price;business_days\n"
    "01000000;19999999;1000;18,90;2\n"
    "01000000;19999999;5000;27,50;3\n"
)


def csv_file(text: str, name: str = "tabela.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def box_form(prefix: str = "new", **overrides: str) -> dict[str, str]:
    data = {
        "code": "caixa-sapato",
        "name": "Caixa de sapato",
        "length_mm": "340",
        "width_mm": "220",
        "height_mm": "130",
        "max_weight_grams": "4000",
        "tare_grams": "200",
    }
    data.update(overrides)
    return {f"{prefix}-{k}" if prefix else k: v for k, v in data.items()}


# --- carriers ----------------------------------------------------------------------------


def test_owner_sees_carriers_services_and_rate_rows(client, owner):
    client.force_login(owner)
    response = client.get(reverse("backoffice:carrier_settings"))
    assert response.status_code == 200
    body = response.content.decode()
    for service in CarrierService.objects.all():
        assert f'data-service="{service.code}"' in body
    pac = next(s for s in response.context["services"] if s.code == "correios-pac")
    assert pac.rate_rows == RateRow.objects.filter(service=pac).count()


def test_owner_switches_a_service_off_with_htmx_and_it_is_logged(client, owner):
    client.force_login(owner)
    response = client.post(
        reverse("backoffice:carrier_service_switch", args=["correios-pac"]),
        {"active": "0"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<tr id="service-correios-pac"')
    assert 'data-active="0"' in body
    assert not CarrierService.objects.get(code="correios-pac").is_active
    action = StaffAction.objects.get()
    assert action.kind == "carrier_service_disabled"
    assert action.params == {"service": "correios-pac", "carrier": "correios"}


def test_without_javascript_a_service_comes_back_on(client, owner):
    CarrierService.objects.filter(code="correios-pac").update(is_active=False)
    client.force_login(owner)
    response = client.post(
        reverse("backoffice:carrier_service_switch", args=["correios-pac"]), {"active": "1"}
    )
    assert response.status_code == 302
    assert CarrierService.objects.get(code="correios-pac").is_active
    assert StaffAction.objects.get().kind == "carrier_service_enabled"


def test_an_unknown_service_or_bad_value_changes_nothing(client, owner):
    client.force_login(owner)
    client.post(reverse("backoffice:carrier_service_switch", args=["nope"]), {"active": "0"})
    client.post(
        reverse("backoffice:carrier_service_switch", args=["correios-pac"]), {"active": "x"}
    )
    assert CarrierService.objects.get(code="correios-pac").is_active
    assert not StaffAction.objects.exists()


def test_owner_imports_a_rate_table_that_replaces_the_old_one(client, owner):
    # given
    client.force_login(owner)
    # when
    response = client.post(
        reverse("backoffice:rates_upload"),
        {"service": "correios-sedex", "rates": csv_file(GOOD_CSV)},
    )
    # then
    assert response.status_code == 302
    rows = list(
        RateRow.objects.filter(service__code="correios-sedex")
        .order_by("weight_max_grams")
        .values_list("cep_start", "cep_end", "weight_max_grams", "price", "business_days")
    )
    assert [(r[2], str(r[3]), r[4]) for r in rows] == [(1000, "18.90", 2), (5000, "27.50", 3)]
    action = StaffAction.objects.get()
    assert action.kind == "rates_imported"
    assert action.params == {"service": "correios-sedex", "rows": 2, "file": "tabela.csv"}


def test_a_rate_table_with_bad_rows_is_refused_row_by_row(client, owner):
    # given
    before = RateRow.objects.filter(service__code="correios-sedex").count()
    bad = (
        "cep_start,cep_end,weight_max_grams,price,business_days\n"
        "01000000,19999999,1000,18.90,2\n"
        "0100,19999999,1000,18.90,2\n"
        "01000000,19999999,-5,abc,2\n"
    )
    client.force_login(owner)
    # when
    response = client.post(
        reverse("backoffice:rates_upload"), {"service": "correios-sedex", "rates": csv_file(bad)}
    )
    # then
    assert response.status_code == 422
    errors = response.context["rate_errors"]
    assert [(e["row"], e["column"]) for e in errors] == [
        ("2", "cep_start"),
        ("3", "weight_max_grams"),
        ("3", "price"),
    ]
    assert 'id="rate-errors"' in response.content.decode()
    assert RateRow.objects.filter(service__code="correios-sedex").count() == before
    assert not StaffAction.objects.exists()


def test_a_rate_file_without_the_columns_or_service_is_refused(client, owner):
    client.force_login(owner)
    no_columns = client.post(
        reverse("backoffice:rates_upload"),
        {"service": "correios-sedex", "rates": csv_file("cep;preco\n01000000;10\n")},
    )
    no_service = client.post(
        reverse("backoffice:rates_upload"), {"service": "nope", "rates": csv_file(GOOD_CSV)}
    )
    no_file = client.post(reverse("backoffice:rates_upload"), {"service": "correios-sedex"})
    assert no_columns.status_code == 422
    assert no_columns.context["rate_errors"][0]["column"] == ""
    assert (no_service.status_code, list(no_service.context["form"].errors)) == (422, ["service"])
    assert (no_file.status_code, list(no_file.context["form"].errors)) == (422, ["rates"])
    assert not StaffAction.objects.exists()


# --- boxes -------------------------------------------------------------------------------


def test_owner_lists_and_adds_a_box(client, owner):
    client.force_login(owner)
    listed = client.get(reverse("backoffice:box_settings"))
    assert listed.status_code == 200
    assert 'data-box="caixa-m"' in listed.content.decode()
    response = client.post(reverse("backoffice:box_add"), box_form())
    assert response.status_code == 302
    box = Box.objects.get(code="caixa-sapato")
    assert (box.length_mm, box.width_mm, box.height_mm, box.tare_grams) == (340, 220, 130, 200)
    action = StaffAction.objects.get()
    assert action.kind == "box_added"
    assert action.params == {
        "box": "caixa-sapato",
        "name": "Caixa de sapato",
        "size_mm": [340, 220, 130],
        "max_weight_grams": 4000,
    }


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"code": ""}, ["code"]),
        ({"code": "caixa-m"}, ["code"]),
        ({"length_mm": "0"}, ["length_mm"]),
        ({"width_mm": "largo"}, ["width_mm"]),
        ({"max_weight_grams": "100", "tare_grams": "100"}, ["tare_grams"]),
        ({"name": ""}, ["name"]),
    ],
)
def test_a_bad_box_is_refused_naming_the_field(client, owner, overrides, fields):
    before = Box.objects.count()
    client.force_login(owner)
    response = client.post(reverse("backoffice:box_add"), box_form(**overrides))
    assert response.status_code == 422
    assert sorted(response.context["form"].errors) == fields
    assert Box.objects.count() == before
    assert not StaffAction.objects.exists()


def test_owner_edits_a_box_and_the_change_is_logged(client, owner):
    box = Box.objects.get(code="caixa-p")
    client.force_login(owner)
    page = client.get(reverse("backoffice:box_edit", args=[box.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("backoffice:box_edit", args=[box.pk]),
        box_form(
            "",
            name="Caixa P nova",
            length_mm="260",
            width_mm="180",
            height_mm="100",
            max_weight_grams="5000",
            tare_grams="150",
        ),
    )
    assert response.status_code == 302
    box.refresh_from_db()
    assert (box.name, box.length_mm, box.code) == ("Caixa P nova", 260, "caixa-p")
    action = StaffAction.objects.get()
    assert action.kind == "box_updated"
    assert action.params["changed"] == {
        "name": ["Caixa P", "Caixa P nova"],
        "length_mm": [250, 260],
    }


def test_a_bad_edit_leaves_the_box_unchanged(client, owner):
    box = Box.objects.get(code="caixa-p")
    client.force_login(owner)
    response = client.post(
        reverse("backoffice:box_edit", args=[box.pk]), box_form("", height_mm="0", name="X")
    )
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["height_mm"]
    box.refresh_from_db()
    assert (box.name, box.height_mm) == ("Caixa P", 100)
    assert not StaffAction.objects.exists()


def test_owner_takes_a_box_out_of_use_with_htmx(client, owner):
    box = Box.objects.get(code="termica")
    client.force_login(owner)
    response = client.post(
        reverse("backoffice:box_switch", args=[box.pk]),
        {"active": "0"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.content.decode().startswith(f'<tr id="box-{box.pk}"')
    box.refresh_from_db()
    assert not box.is_active
    assert StaffAction.objects.get().kind == "box_deactivated"


def test_an_unknown_box_is_404_and_nothing_is_written(client, owner):
    client.force_login(owner)
    assert client.get(reverse("backoffice:box_edit", args=[999_999])).status_code == 404
    response = client.post(reverse("backoffice:box_switch", args=[999_999]), {"active": "0"})
    assert response.status_code == 302
    assert not StaffAction.objects.exists()


@pytest.mark.parametrize("who", ["agent", "packer", "marketer"])
def test_only_owners_change_carriers_and_boxes(client, request, who):
    # given
    box = Box.objects.get(code="caixa-p")
    rates_before = RateRow.objects.count()
    client.force_login(request.getfixturevalue(who))
    # when
    answers = [
        client.get(reverse("backoffice:carrier_settings")).status_code,
        client.get(reverse("backoffice:box_settings")).status_code,
        client.post(
            reverse("backoffice:carrier_service_switch", args=["correios-pac"]), {"active": "0"}
        ).status_code,
        client.post(
            reverse("backoffice:rates_upload"),
            {"service": "correios-pac", "rates": csv_file(GOOD_CSV)},
        ).status_code,
        client.post(reverse("backoffice:box_add"), box_form()).status_code,
        client.post(
            reverse("backoffice:box_edit", args=[box.pk]), box_form("", name="X")
        ).status_code,
        client.post(reverse("backoffice:box_switch", args=[box.pk]), {"active": "0"}).status_code,
    ]
    # then
    assert answers == [403] * 7
    assert CarrierService.objects.get(code="correios-pac").is_active
    assert RateRow.objects.count() == rates_before
    assert not Box.objects.filter(code="caixa-sapato").exists()
    box.refresh_from_db()
    assert (box.name, box.is_active) == ("Caixa P", True)
    assert not StaffAction.objects.exists()
