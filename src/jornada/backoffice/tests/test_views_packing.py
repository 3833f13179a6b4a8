"""The packing station: finding an order by its number, opening packages as advised,
scanning every unit, closing (packing slip) and handing to the carrier (label)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jornada.backoffice.models import StaffAction
from jornada.core.models import Document
from jornada.fulfillment.models import Fulfillment, Package, PackageItem
from jornada.orders.models import Order
from jornada.orders.services import order_cancel
from jornada.orders.types import Actor, LineInput
from jornada.shipping.models import Shipment
from jornada.shipping.tests.flow import shipped, validated
from jornada.shipping.tests.journey import place, place_and_pay, store_catalog
from jornada.validation.services import order_validation_run

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def store(db: Any) -> Any:
    return store_catalog()


@pytest.fixture
def ready(store: Any) -> Order:
    """Validated: 2 shirts and a fragile mug, which the plan puts in one Caixa M."""
    return validated()


@pytest.fixture
def finance(make_staff: Any) -> Any:
    return make_staff("fabio", "finance")


def station_url(order: Order) -> str:
    return reverse("backoffice:packing_station", args=[order.number])


def action_url(name: str, order: Order, package: Package | None = None) -> str:
    args: list[Any] = [order.number] + ([package.pk] if package is not None else [])
    return reverse(f"backoffice:{name}", args=args)


def opened(client: Any, order: Order) -> Package:
    response = client.post(action_url("packing_open", order), {"box": ""}, **HTMX)
    assert response.status_code == 200, response.content
    return Package.objects.get(order_id=order.pk)


def scan(client: Any, order: Order, package: Package, code: str) -> Any:
    return client.post(action_url("packing_scan", order, package), {"code": code}, **HTMX)


def scan_all(client: Any, order: Order, package: Package) -> None:
    for item in package.items.order_by("id"):
        for _unit in range(item.quantity):
            assert scan(client, order, package, item.barcode).status_code == 200


# --- who may use it ---------------------------------------------------------------------


def test_the_station_is_in_the_warehouse_menu_and_not_in_customer_services(
    client, packer, agent, ready
):
    client.force_login(packer)
    page = client.get(reverse("backoffice:order_board")).content.decode()
    assert f'href="{reverse("backoffice:packing")}"' in page
    client.force_login(agent)
    page = client.get(reverse("backoffice:order_board")).content.decode()
    assert f'href="{reverse("backoffice:packing")}"' not in page


@pytest.mark.parametrize("role", ["agent", "finance"])
def test_customer_service_and_finance_get_403_on_every_station_view_and_nothing_changes(
    client, request, role, ready
):
    # given: a package already open (by a packer), so every action has a target
    client.force_login(request.getfixturevalue("packer"))
    package = opened(client, ready)
    before = StaffAction.objects.count()
    client.force_login(request.getfixturevalue(role))
    # when / then
    assert client.get(reverse("backoffice:packing")).status_code == 403
    assert client.get(station_url(ready)).status_code == 403
    for name, target, data in (
        ("packing_open", None, {"box": ""}),
        ("packing_scan", package, {"code": "CAM-M"}),
        ("packing_close", package, {}),
        ("packing_ship", None, {}),
    ):
        response = client.post(action_url(name, ready, target), data, **HTMX)
        assert response.status_code == 403, name
    assert list(PackageItem.objects.filter(package=package).values_list("scanned", flat=True)) == [
        0,
        0,
    ]
    assert Package.objects.get(pk=package.pk).status == "open"
    assert StaffAction.objects.count() == before
    assert not Shipment.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, ready):
    response = client.get(station_url(ready))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("backoffice:login"))


def test_the_owner_may_use_the_station(client, owner, ready):
    client.force_login(owner)
    assert client.get(station_url(ready)).status_code == 200


# --- finding the order -------------------------------------------------------------------


def test_the_first_screen_has_a_big_autofocused_field_and_the_orders_waiting(client, packer, ready):
    client.force_login(packer)
    body = client.get(reverse("backoffice:packing")).content.decode()
    assert 'id="packing-order" name="order" autofocus' in body
    assert f'href="{station_url(ready)}"' in body


@pytest.mark.parametrize("typed", ["{n}", "#{n}", "  #{n} "])
def test_a_scanned_or_typed_number_opens_the_station(client, packer, ready, typed):
    client.force_login(packer)
    response = client.get(reverse("backoffice:packing"), {"order": typed.format(n=ready.number)})
    assert response.status_code == 302
    assert response["Location"] == station_url(ready)


def test_an_unknown_number_is_refused_saying_so(client, packer, store):
    client.force_login(packer)
    response = client.get(reverse("backoffice:packing"), {"order": "#999999"})
    assert response.status_code == 404
    assert "Nenhum pedido tem o número 999999." in response.content.decode()


def test_an_empty_entry_asks_for_a_number(client, packer, store):
    client.force_login(packer)
    response = client.get(reverse("backoffice:packing"), {"order": "  "})
    assert response.status_code == 422
    assert "Bipe ou digite o número de um pedido." in response.content.decode()


def held_order() -> Order:
    order = place_and_pay(lines=(LineInput("CAMERA", 1),))
    order_validation_run(order_id=order.pk)
    order.refresh_from_db()
    assert order.status == "on_hold"
    return order


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda: place(), "ainda não foi pago"),
        (held_order, "aguardando validação: o atendimento precisa aprová-lo antes"),
        (lambda: Order.objects.get(pk=shipped().order_id), "já foi enviado"),
        (
            lambda: order_cancel(order_id=validated().pk, actor=Actor.system(), reason="desistiu"),
            "foi cancelado",
        ),
    ],
    ids=["not-paid", "on-hold", "shipped", "cancelled"],
)
def test_an_order_not_ready_is_refused_with_the_reason(client, packer, store, make, says):
    order = make()
    client.force_login(packer)
    response = client.get(reverse("backoffice:packing"), {"order": order.number})
    assert response.status_code == 409
    assert says in response.content.decode()
    # the station's own address says the same, and opens nothing
    direct = client.get(station_url(order))
    if order.status == "shipped":
        assert direct.status_code == 200  # packed here earlier: its documents
        assert "Documentos para imprimir" in direct.content.decode()
    else:
        assert direct.status_code == 409
        assert says in direct.content.decode()
    refused = client.post(action_url("packing_open", order), {"box": ""}, **HTMX)
    assert refused.status_code == 409
    assert not StaffAction.objects.filter(kind="package_opened").exists()


# --- the station ----------------------------------------------------------------------


def test_the_station_shows_items_flags_and_advice_with_the_suggested_box(client, packer, ready):
    client.force_login(packer)
    body = client.get(station_url(ready)).content.decode()
    assert 'data-sku="CANECA"' in body and 'class="tag tag-fragile">frágil' in body
    assert "Caixa M</strong>: 2 \u00d7 CAM-M, 1 \u00d7 CANECA" in body
    assert "Envolva cada item em plástico-bolha e preencha os espaços." in body
    assert '<span class="mark">FRÁGIL</span>' in body
    assert '<option value="caixa-m" selected>Caixa M — sugerida</option>' in body
    assert 'class="primary" autofocus>Abrir volume</button>' in body


def test_opening_starts_picking_boxes_as_advised_and_logs_it(client, packer, ready):
    client.force_login(packer)
    response = client.post(action_url("packing_open", ready), {"box": "caixa-m"}, **HTMX)
    assert response.status_code == 200
    ready.refresh_from_db()
    assert ready.status == "in_fulfilment"
    package = Package.objects.get(order_id=ready.pk)
    assert package.box is not None
    assert (package.box.code, package.status, package.marks) == ("caixa-m", "open", ["FRÁGIL"])
    action = StaffAction.objects.get()
    assert (action.kind, action.order_number, action.user_id) == (
        "package_opened",
        ready.number,
        packer.pk,
    )
    assert action.params == {
        "packages": [1],
        "boxes": ["caixa-m"],
        "box_chosen": "caixa-m",
        "picking_started": True,
    }
    body = response.content.decode()
    assert 'id="scan-code" name="code" autofocus' in body
    assert "Volume aberto: bipe cada item." in body  # announced in the live region


@pytest.mark.parametrize(
    ("box", "says"),
    [("caixa-xx", "Caixa desconhecida."), ("envelope", "CANECA não cabe em nenhuma caixa.")],
)
def test_a_box_unknown_or_too_small_is_refused_and_nothing_is_written(
    client, packer, ready, box, says
):
    client.force_login(packer)
    response = client.post(action_url("packing_open", ready), {"box": box}, **HTMX)
    assert response.status_code == 422
    assert says in response.content.decode()
    ready.refresh_from_db()
    assert ready.status == "validated"
    assert not Fulfillment.objects.exists() and not Package.objects.exists()
    assert not StaffAction.objects.exists()


def test_each_scan_ticks_one_unit_by_sku_or_barcode(client, packer, ready):
    client.force_login(packer)
    package = opened(client, ready)
    first = scan(client, ready, package, "cam-m")
    assert first.status_code == 200
    assert "CAM-M (Camiseta Jornada): 1 de 2 bipados." in first.content.decode()
    assert 'id="package-live"' in first.content.decode()
    shirts = ready.lines.get(sku="CAM-M")
    assert f'<span id="line-scanned-{shirts.pk}" hx-swap-oob="true">1/2</span>' in (
        first.content.decode()
    )
    second = scan(client, ready, package, "7891000000011")
    assert "2 de 3 unidades bipadas" in second.content.decode()
    assert dict(PackageItem.objects.filter(package=package).values_list("sku", "scanned")) == {
        "CAM-M": 2,
        "CANECA": 0,
    }
    assert StaffAction.objects.filter(kind="item_scanned").count() == 0  # see packing.py


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("7891000000042", "Este item não pertence a este volume."),
        ("CAM-M", "Todas as unidades deste item já foram bipadas."),
        ("   ", "Bipe ou digite o código de barras ou o SKU do item."),
    ],
    ids=["wrong-item", "one-too-many", "empty"],
)
def test_a_wrong_scan_is_refused_clearly_and_changes_nothing(client, packer, ready, code, says):
    client.force_login(packer)
    package = opened(client, ready)
    for _unit in range(2):
        scan(client, ready, package, "CAM-M")
    response = scan(client, ready, package, code)
    assert response.status_code == 422
    body = response.content.decode()
    assert says in body
    assert 'class="scan-feedback scan-error"' in body
    assert dict(PackageItem.objects.filter(package=package).values_list("sku", "scanned")) == {
        "CAM-M": 2,
        "CANECA": 0,
    }


def test_a_package_of_another_order_cannot_be_scanned_from_this_one(client, packer, ready):
    client.force_login(packer)
    package = opened(client, ready)
    other = validated()
    response = scan(client, other, package, "CAM-M")
    assert response.status_code == 404
    assert PackageItem.objects.get(package=package, sku="CAM-M").scanned == 0


def test_closing_before_every_unit_is_scanned_is_refused(client, packer, ready):
    client.force_login(packer)
    package = opened(client, ready)
    scan(client, ready, package, "CAM-M")
    response = client.post(action_url("packing_close", ready, package), {}, **HTMX)
    assert response.status_code == 422
    assert "Ainda não bipados: CAM-M, CANECA" in response.content.decode()
    assert Package.objects.get(pk=package.pk).status == "open"
    assert not Document.objects.filter(kind="packing_slip").exists()
    assert not StaffAction.objects.filter(kind="package_closed").exists()


def test_a_weight_that_is_not_a_number_is_refused_naming_the_field(client, packer, ready):
    client.force_login(packer)
    package = opened(client, ready)
    scan_all(client, ready, package)
    response = client.post(
        action_url("packing_close", ready, package), {"weight_grams": "1,2kg"}, **HTMX
    )
    assert response.status_code == 422
    assert "Escreva o peso em gramas inteiros" in response.content.decode()
    assert Package.objects.get(pk=package.pk).status == "open"


def test_closing_prints_the_slip_and_logs_the_units_scanned(client, packer, ready):
    client.force_login(packer)
    package = opened(client, ready)
    scan_all(client, ready, package)
    response = client.post(
        action_url("packing_close", ready, package), {"weight_grams": "1250"}, **HTMX
    )
    assert response.status_code == 200, response.content
    package.refresh_from_db()
    assert (package.status, package.weight_grams) == ("closed", 1250)
    assert package.packing_slip_document_id is not None
    slip = Document.objects.get(pk=package.packing_slip_document_id)
    assert slip.kind == "packing_slip" and bytes(slip.content).startswith(b"%PDF")
    action = StaffAction.objects.get(kind="package_closed")
    assert action.params == {
        "package": 1,
        "box": "caixa-m",
        "weight_grams": 1250,
        "scanned": {"CAM-M": 2, "CANECA": 1},
        "packing_slip": slip.pk,
    }
    body = response.content.decode()
    slip_url = reverse("backoffice:document_download", args=[slip.pk])
    assert f'href="{slip_url}" target="_blank"' in body
    assert reverse("backoffice:packing_ship", args=[ready.number]) in body
    # the slip opens as a PDF for printing
    pdf = client.get(slip_url)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_shipping_creates_the_label_marks_the_order_shipped_and_logs_it(client, packer, ready):
    client.force_login(packer)
    package = opened(client, ready)
    scan_all(client, ready, package)
    client.post(action_url("packing_close", ready, package), {}, **HTMX)
    response = client.post(action_url("packing_ship", ready), {}, **HTMX)
    assert response.status_code == 200, response.content
    ready.refresh_from_db()
    assert ready.status == "shipped"
    shipment = Shipment.objects.get(order=ready)
    assert shipment.label_document_id is not None
    label = Document.objects.get(pk=shipment.label_document_id)
    assert label.kind == "shipping_label" and bytes(label.content).startswith(b"%PDF")
    assert Package.objects.get(pk=package.pk).status == "shipped"
    action = StaffAction.objects.get(kind="shipment_created")
    assert action.params == {
        "tracking_code": shipment.tracking_code,
        "service": shipment.service.code,
        "packages": [1],
        "label": label.pk,
    }
    body = response.content.decode()
    assert reverse("backoffice:document_download", args=[label.pk]) in body
    assert shipment.tracking_code in body
    assert reverse("backoffice:packing_ship", args=[ready.number]) not in body
    # shipping twice is refused and writes nothing
    again = client.post(action_url("packing_ship", ready), {}, **HTMX)
    assert again.status_code == 409
    assert Shipment.objects.count() == 1
    assert StaffAction.objects.filter(kind="shipment_created").count() == 1


def test_shipping_before_packing_is_refused(client, packer, ready):
    client.force_login(packer)
    opened(client, ready)
    response = client.post(action_url("packing_ship", ready), {}, **HTMX)
    assert response.status_code in (409, 422)
    assert not Shipment.objects.exists()
    assert Order.objects.get(pk=ready.pk).status == "in_fulfilment"
    assert not StaffAction.objects.filter(kind="shipment_created").exists()


def test_split_packages_are_packed_one_after_the_other(client, packer, store):
    order = validated(lines=(LineInput("CAM-M", 1), LineInput("CAFE", 1)))
    client.force_login(packer)
    client.post(action_url("packing_open", order), {"box": ""}, **HTMX)
    first, second = Package.objects.filter(order_id=order.pk).order_by("number")
    body = client.get(station_url(order)).content.decode()
    assert "Volume 1 de 2" in body
    # an item of the second package is refused in the first
    other_sku = second.items.get().sku
    assert scan(client, order, first, other_sku).status_code == 422
    scan_all(client, order, first)
    client.post(action_url("packing_close", order, first), {}, **HTMX)
    assert "Volume 2 de 2" in client.get(station_url(order)).content.decode()


# --- without JavaScript ---------------------------------------------------------------------


def test_without_javascript_every_form_posts_and_comes_back_to_the_station(client, packer, ready):
    client.force_login(packer)
    response = client.post(action_url("packing_open", ready), {"box": ""})
    assert response.status_code == 302 and response["Location"] == station_url(ready)
    package = Package.objects.get(order_id=ready.pk)
    refused = client.post(action_url("packing_scan", ready, package), {"code": "XYZ"}, follow=True)
    assert "Este item não pertence a este volume." in refused.content.decode()
    for code in ("CAM-M", "CAM-M", "CANECA"):
        client.post(action_url("packing_scan", ready, package), {"code": code})
    closed = client.post(action_url("packing_close", ready, package), {}, follow=True)
    assert "Volume 1 fechado: imprima o romaneio." in closed.content.decode()
    done = client.post(action_url("packing_ship", ready), {}, follow=True)
    assert done.status_code == 200
    assert Order.objects.get(pk=ready.pk).status == "shipped"
    assert "Etiqueta" in done.content.decode()
