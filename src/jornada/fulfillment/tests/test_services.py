"""Picking and packing: packages as advised, scan checks, the packing slip, partial
fulfilment and split packages."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from jornada.core.errors import TransitionNotAllowed
from jornada.core.models import Document, OutboxEvent
from jornada.core.store import store_profile_update
from jornada.fulfillment import services
from jornada.fulfillment.models import Fulfillment, Package, PackageItem
from jornada.fulfillment.selectors import pick_list
from jornada.fulfillment.services import FulfillmentInvalid, PackLine
from jornada.orders.types import LineInput
from jornada.shipping.shipments import shipment_create
from jornada.shipping.tests.flow import STAFF, pack_all, validated
from jornada.shipping.tests.journey import document_content, place_and_pay, statuses
from jornada.shipping.tests.pdf import flat, pdf_reader, pdf_text

pytestmark = pytest.mark.django_db

RETURN_POLICY = (
    "Trocas em até 30 dias.\nO produto deve voltar com a etiqueta & na embalagem <original>."
)


def started(**overrides):  # type: ignore[no-untyped-def]
    order = validated(**overrides)
    services.fulfillment_start(order_id=order.pk, actor=STAFF)
    order.refresh_from_db()
    return order


def test_picking_moves_a_validated_order_into_fulfilment(catalog):
    order = started()

    assert order.status == "in_fulfilment"
    assert Fulfillment.objects.get(order=order).started_by == "ana"
    assert statuses(order)[-1] == "in_fulfilment"


def test_an_order_not_validated_cannot_be_picked(catalog):
    order = place_and_pay()

    with pytest.raises(TransitionNotAllowed):
        services.fulfillment_start(order_id=order.pk, actor=STAFF)

    order.refresh_from_db()
    assert order.status == "paid"
    assert not Fulfillment.objects.exists()


def test_the_pick_list_groups_by_location_and_sums_each_sku(catalog):
    first, second = validated(), validated(lines=(LineInput("CAM-M", 1),))

    [group] = pick_list(order_ids=[first.pk, second.pk])

    assert group.location == "Depósito principal"
    assert [(line.sku, line.quantity, line.orders) for line in group.lines] == [
        ("CAM-M", 3, (first.number, second.number)),
        ("CANECA", 1, (first.number,)),
    ]


def test_packages_follow_the_advice_food_apart_fragile_marked(catalog):
    order = started(lines=(LineInput("CAM-M", 1), LineInput("CANECA", 1), LineInput("CAFE", 1)))

    packages = services.package_open(order_id=order.pk, actor=STAFF)

    by_box = {p.box.code if p.box else "": p for p in packages}
    assert set(by_box) == {"termica", "caixa-m"}
    assert by_box["termica"].marks == ["PERECÍVEL"] and by_box["termica"].express_only
    assert by_box["caixa-m"].marks == ["FRÁGIL"]
    assert sorted(
        PackageItem.objects.filter(package=by_box["caixa-m"]).values_list("sku", flat=True)
    ) == ["CAM-M", "CANECA"]


def test_scanning_accepts_the_barcode_and_refuses_what_is_not_in_the_package(catalog):
    order = started()
    [package] = services.package_open(order_id=order.pk, actor=STAFF)

    item = services.package_scan(package_id=package.pk, code="7891000000011")  # CAM-M's EAN
    with pytest.raises(FulfillmentInvalid) as wrong:
        services.package_scan(package_id=package.pk, code="7891000000035")  # coffee
    services.package_scan(package_id=package.pk, code="CAM-M")
    with pytest.raises(FulfillmentInvalid) as too_many:
        services.package_scan(package_id=package.pk, code="CAM-M")

    assert item.sku == "CAM-M"
    assert set(wrong.value.fields) == {"code"} and set(too_many.value.fields) == {"code"}
    assert PackageItem.objects.get(package=package, sku="CAM-M").scanned == 2


def test_a_package_closes_only_when_every_unit_is_scanned(catalog):
    order = started()
    [package] = services.package_open(order_id=order.pk, actor=STAFF)
    services.package_scan(package_id=package.pk, code="CAM-M")

    with pytest.raises(FulfillmentInvalid) as refused:
        services.package_close(package_id=package.pk, actor=STAFF)

    assert set(refused.value.fields) == {"items"}
    package.refresh_from_db()
    assert package.status == "open"
    assert not Document.objects.filter(kind="packing_slip").exists()


def test_closing_the_last_package_packs_the_order_with_its_slip(catalog):
    order = started()
    [package] = services.package_open(order_id=order.pk, actor=STAFF)

    pack_all(package)

    package.refresh_from_db()
    assert package.status == "closed"
    packed = OutboxEvent.objects.get(event_type="fulfillment.OrderPacked")
    assert packed.payload == {
        "order_id": order.pk,
        "number": order.number,
        "package_ids": [package.pk],
        "packing_slip_document_id": package.packing_slip_document_id,
    }


def test_the_packing_slip_carries_logo_contacts_items_policies_and_thanks(catalog):
    logo = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(logo, format="PNG")
    store_profile_update(
        name="Loja Aurora",
        email="oi@aurora.example",
        phone="+551130000000",
        whatsapp="+5511999990000",
        logo_png=logo.getvalue(),
        return_policy=RETURN_POLICY,
        refund_policy="Reembolso em até 10 dias úteis.",
        thank_you_note="Obrigada, volte sempre!",
    )
    order = started()
    [package] = services.package_open(order_id=order.pk, actor=STAFF)
    pack_all(package)
    package.refresh_from_db()

    content = document_content(package.packing_slip_document_id)

    text = pdf_text(content)
    flat_text = flat(text)
    assert "Loja Aurora" in flat_text
    assert "oi@aurora.example · +551130000000 · WhatsApp +5511999990000" in flat_text
    assert f"Pedido {order.number}" in flat_text and "Volume 1/1" in flat_text
    assert "CAM-M Camiseta Jornada 2 R$ 59,90 R$ 119,80" in flat_text
    assert "CANECA Caneca de cerâmica 1 R$ 39,90 R$ 39,90" in flat_text
    # the policy exactly as configured, its line break included, markup characters as text
    assert (
        "Trocas em até 30 dias.\nO produto deve voltar com a etiqueta & na embalagem <original>."
        in text
    )
    assert "Reembolso em até 10 dias úteis." in flat_text
    assert "Obrigada, volte sempre!" in flat_text
    assert len(pdf_reader(content).pages[0].images) == 1  # the logo


def test_a_gift_order_slip_hides_every_price_and_shows_the_message(catalog):
    order = started(gift_wrap=True, gift_message="Feliz aniversário, Ana!")
    [package] = services.package_open(order_id=order.pk, actor=STAFF)
    pack_all(package)
    package.refresh_from_db()

    text = flat(pdf_text(document_content(package.packing_slip_document_id)))

    assert "R$" not in text
    assert "Feliz aniversário, Ana!" in text
    assert "CAM-M Camiseta Jornada 2" in text
    assert "gift_wrap" in package.instructions


def test_partial_fulfilment_ships_what_is_ready_and_the_rest_later(catalog):
    order = started()
    # the shirts are on the shelf; the mug is not yet
    [first] = services.package_open(order_id=order.pk, actor=STAFF, lines=[PackLine("CAM-M", 2)])
    pack_all(first)
    assert not OutboxEvent.objects.filter(event_type="fulfillment.OrderPacked").exists()

    shipment_create(order_id=order.pk, actor=STAFF, package_ids=[first.pk])
    order.refresh_from_db()
    assert order.status == "partially_shipped"

    [second] = services.package_open(order_id=order.pk, actor=STAFF)
    assert [i.sku for i in second.items.all()] == ["CANECA"]
    pack_all(second)
    shipment_create(order_id=order.pk, actor=STAFF)

    order.refresh_from_db()
    assert statuses(order)[-3:] == ["in_fulfilment", "partially_shipped", "shipped"]
    assert Package.objects.filter(order_id=order.pk, status="shipped").count() == 2


def test_packing_more_than_ordered_names_the_line_and_writes_nothing(catalog):
    order = started()

    with pytest.raises(FulfillmentInvalid) as refused:
        services.package_open(
            order_id=order.pk, actor=STAFF, lines=[PackLine("CAM-M", 3), PackLine("NOPE", 1)]
        )

    assert set(refused.value.fields) == {"lines.0.quantity", "lines.1.sku"}
    assert not Package.objects.exists()


def test_a_chosen_box_too_small_is_refused(catalog):
    order = started()

    with pytest.raises(FulfillmentInvalid) as refused:
        services.package_open(order_id=order.pk, actor=STAFF, box_code="envelope")

    assert set(refused.value.fields) == {"box"}
    assert not Package.objects.exists()


def test_the_pick_list_follows_inventory_s_locations_when_stock_is_tracked(catalog):
    from jornada.inventory.models import Location
    from jornada.inventory.services import StockActor, stock_receive

    warehouse = Location.objects.create(code="cd-sp", name="CD São Paulo", uf="SP", priority=10)
    shop = Location.objects.create(code="loja", name="Loja Centro", uf="SP", priority=20)
    stock_receive(location=shop, sku="CANECA", quantity=5, actor=StockActor(label="ana"))
    stock_receive(location=warehouse, sku="CAM-M", quantity=5, actor=StockActor(label="ana"))
    stock_receive(location=shop, sku="CAM-M", quantity=5, actor=StockActor(label="ana"))
    order = validated()

    groups = pick_list(order_ids=[order.pk])

    assert [(g.location, [line.sku for line in g.lines]) for g in groups] == [
        ("CD São Paulo", ["CAM-M"]),
        ("Loja Centro", ["CANECA"]),
    ]


def test_the_plan_preview_shows_what_opening_would_do_and_writes_nothing(catalog):
    order = started(lines=(LineInput("CAM-M", 1), LineInput("CANECA", 1), LineInput("CAFE", 1)))

    preview = services.package_plan_preview(order_id=order.pk)

    assert not Package.objects.exists()
    assert [
        (p.box.code if p.box else "", [(i.sku, i.quantity) for i in p.items]) for p in preview
    ] == [
        ("termica", [("CAFE", 1)]),
        ("caixa-m", [("CAM-M", 1), ("CANECA", 1)]),
    ]
    opened = services.package_open(order_id=order.pk, actor=STAFF)
    assert [(p.box.code if p.box else "") for p in opened] == ["termica", "caixa-m"]
    assert services.package_plan_preview(order_id=order.pk) == []
