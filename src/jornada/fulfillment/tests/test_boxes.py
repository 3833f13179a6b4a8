"""The box list: add, change and take boxes out of use; packing sees only boxes in use."""

from __future__ import annotations

import dataclasses

import pytest

from jornada.core.errors import NotFound
from jornada.fulfillment.boxes import (
    BoxInput,
    BoxInvalid,
    box_create,
    box_set_active,
    box_update,
    boxes_list,
)
from jornada.fulfillment.models import Box
from jornada.fulfillment.selectors import box_specs

pytestmark = pytest.mark.django_db

SHOE_BOX = BoxInput(
    code="caixa-sapato",
    name="Caixa de sapato",
    length_mm=340,
    width_mm=220,
    height_mm=130,
    max_weight_grams=4000,
    tare_grams=200,
)


def test_a_new_box_is_offered_to_packing_at_once():
    # when
    box = box_create(data=SHOE_BOX)
    # then
    assert (box.length_mm, box.width_mm, box.height_mm) == (340, 220, 130)
    assert box.is_active
    assert "caixa-sapato" in [spec.code for spec in box_specs()]


def test_bad_boxes_are_refused_by_field_and_nothing_is_written():
    before = Box.objects.count()
    bad = BoxInput(
        code="Caixa Nova!",
        name=" ",
        length_mm=0,
        width_mm=2500,
        height_mm=100,
        max_weight_grams=500,
        tare_grams=600,
    )
    with pytest.raises(BoxInvalid) as refused:
        box_create(data=bad)
    assert sorted(refused.value.fields) == ["code", "length_mm", "name", "tare_grams", "width_mm"]
    assert Box.objects.count() == before


def test_a_code_already_taken_is_refused():
    with pytest.raises(BoxInvalid) as refused:
        box_create(data=dataclasses.replace(SHOE_BOX, code="caixa-m"))
    assert list(refused.value.fields) == ["code"]
    assert Box.objects.filter(code="caixa-m").count() == 1


def test_changing_a_box_reports_before_and_after_and_keeps_its_code():
    # given
    box = Box.objects.get(code="caixa-p")
    # when
    changed_box, changed = box_update(
        box_id=box.pk,
        data=BoxInput(
            code="ignored",
            name="Caixa P",
            length_mm=260,
            width_mm=180,
            height_mm=100,
            max_weight_grams=5000,
            tare_grams=150,
        ),
    )
    # then
    assert changed == {"length_mm": [250, 260]}
    assert changed_box.code == "caixa-p"
    assert Box.objects.get(pk=box.pk).length_mm == 260


def test_a_bad_change_leaves_the_box_as_it_was():
    box = Box.objects.get(code="caixa-p")
    with pytest.raises(BoxInvalid):
        box_update(
            box_id=box.pk, data=dataclasses.replace(SHOE_BOX, max_weight_grams=0, length_mm=999)
        )
    box.refresh_from_db()
    assert (box.length_mm, box.max_weight_grams) == (250, 5000)


def test_a_box_out_of_use_is_not_offered_and_can_come_back():
    box = Box.objects.get(code="termica")
    _box, changed = box_set_active(box_id=box.pk, active=False)
    assert changed
    assert "termica" not in [spec.code for spec in box_specs()]
    assert boxes_list()[-1].code == "termica"
    _box, changed_again = box_set_active(box_id=box.pk, active=False)
    assert not changed_again
    box_set_active(box_id=box.pk, active=True)
    assert "termica" in [spec.code for spec in box_specs()]


def test_an_unknown_box_is_not_found():
    with pytest.raises(NotFound):
        box_set_active(box_id=999_999, active=False)
