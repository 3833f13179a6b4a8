from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jornada.fulfillment.packaging import BoxSpec, Item, advice_for, box_choose, pack_plan

BOXES = [
    BoxSpec("envelope", "Envelope", (330, 250, 40), 1000, 30),
    BoxSpec("caixa-p", "Caixa P", (250, 180, 100), 5000, 150),
    BoxSpec("caixa-m", "Caixa M", (360, 270, 180), 15000, 300),
    BoxSpec("caixa-g", "Caixa G", (500, 400, 300), 30000, 600),
    BoxSpec("termica", "Caixa térmica", (300, 220, 200), 10000, 500, insulated=True),
]
SHIRT = Item("CAM-M", 1, 220, (300, 200, 20), Decimal("59.90"))
MUG = Item("CANECA", 1, 400, (120, 100, 100), Decimal("39.90"), fragile=True)
COFFEE = Item("CAFE", 1, 250, (150, 80, 60), Decimal("45.00"), perishable=True)
CAMERA = Item("CAMERA", 1, 900, (150, 110, 100), Decimal("4500.00"), fragile=True, high_value=True)
CHAIR = Item("CADEIRA", 1, 14000, (700, 650, 1100), Decimal("899.00"), oversize=True)


def code_of(box: BoxSpec | None) -> str | None:
    return box.code if box else None


def test_a_shirt_goes_in_an_envelope():
    assert code_of(box_choose([SHIRT], BOXES)) == "envelope"


def test_fragile_items_get_fill_a_fragile_mark_and_a_bigger_box():
    advice = advice_for([MUG])

    assert advice.instructions == ("protective_fill", "fragile_mark")
    assert advice.marks == ("FRÁGIL",)
    # 1.2 L of mug with 40% fill needs more than an envelope
    assert code_of(box_choose([MUG], BOXES)) == "caixa-p"


def test_food_is_packed_apart_in_an_insulated_box_for_express_services():
    plan = pack_plan([SHIRT, COFFEE], BOXES)

    boxes = {p.box.code: [i.sku for i in p.items] for p in plan if p.box}
    assert boxes == {"termica": ["CAFE"], "envelope": ["CAM-M"]}
    food = next(p for p in plan if p.box and p.box.insulated)
    assert food.advice.express_only is True
    assert food.advice.marks == ("PERECÍVEL",)
    assert food.advice.instructions == ("insulated", "separate_food")


def test_oversize_ships_in_its_own_packaging():
    plan = pack_plan([CHAIR, SHIRT], BOXES)

    chair = next(p for p in plan if p.items[0].sku == "CADEIRA")
    assert chair.box is None
    assert chair.advice.oversize is True
    assert chair.dimensions_mm == (700, 650, 1100)
    assert chair.weight_grams == 14000


def test_high_value_is_declared_and_insured():
    advice = advice_for([CAMERA, SHIRT])

    assert advice.insure is True
    assert advice.declared_value == Decimal("4559.90")
    assert "declared_value" in advice.instructions


def test_gift_orders_are_wrapped_with_a_card():
    assert "gift_wrap" in advice_for([SHIRT], gift_wrap=True).instructions


def test_items_too_heavy_for_one_box_are_split_over_several():
    bricks = Item("TIJOLO", 20, 2500, (200, 100, 60), Decimal("10"))

    plan = pack_plan([bricks], BOXES)

    assert len(plan) >= 2
    assert sum(i.quantity for p in plan for i in p.items) == 20
    assert all(p.box is not None and p.weight_grams <= p.box.max_weight_grams for p in plan)


def test_an_item_that_fits_no_box_is_named():
    with pytest.raises(ValueError, match="VARAL"):
        pack_plan([Item("VARAL", 1, 500, (2000, 50, 50))], BOXES)


units = st.builds(
    Item,
    sku=st.sampled_from(["A", "B", "C", "D"]),
    quantity=st.integers(1, 6),
    weight_grams=st.integers(50, 4000),
    # every unit fits at least one box of its kind (the insulated one is the tightest)
    dimensions_mm=st.tuples(st.integers(10, 200), st.integers(10, 200), st.integers(5, 150)),
    fragile=st.booleans(),
    perishable=st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(units, min_size=1, max_size=4, unique_by=lambda i: i.sku))
def test_every_unit_is_packed_once_within_each_box_s_limits(items):
    plan = pack_plan(items, BOXES)

    packed: dict[str, int] = {}
    for package in plan:
        assert package.box is not None
        assert package.weight_grams <= package.box.max_weight_grams
        assert all(i.perishable == package.box.insulated for i in package.items)
        for item in package.items:
            packed[item.sku] = packed.get(item.sku, 0) + item.quantity
    assert packed == {i.sku: i.quantity for i in items}
