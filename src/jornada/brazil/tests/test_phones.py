import pytest

from jornada.brazil.errors import PhoneError
from jornada.brazil.phones import phone_is_mobile, phone_parse, phone_to_e164


@pytest.mark.parametrize(
    "typed",
    [
        "(11) 98765-4321",
        "11987654321",
        "+55 11 9 8765 4321",
        "011 98765-4321",
        "0xx11 98765-4321",
        "+55 (11) 98765-4321",
        "11 9 8765-4321",
    ],
)
def test_accepts_the_usual_ways_of_typing_a_mobile(typed):
    phone = phone_parse(typed)
    assert phone.e164 == "+5511987654321"
    assert phone.kind == "mobile"
    assert phone.whatsapp_able
    assert phone.region == "BR"


def test_tells_a_landline_from_a_mobile():
    landline = phone_parse("(11) 3456-7890")
    assert landline.e164 == "+551134567890"
    assert landline.kind == "landline"
    assert not landline.whatsapp_able
    assert not phone_is_mobile("(11) 3456-7890")
    assert phone_is_mobile("(21) 99876-5432")


def test_formats_for_people():
    phone = phone_parse("11987654321")
    assert phone.format() == "(11) 98765-4321"
    assert phone.format("international") == "+55 11 98765-4321"
    assert str(phone) == "+5511987654321"


def test_parses_international_numbers():
    assert phone_to_e164("+1 650 253 0000") == "+16502530000"
    assert phone_to_e164("+351 912 345 678") == "+351912345678"
    assert phone_parse("+351 912 345 678").kind == "mobile"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("abc", "invalid_format"),
        ("123", "too_short"),
        ("", "required"),
        ("+55 11 98765 43210 123", "too_long"),
        ("(11) 08765-4321", "invalid_number"),
        (11987654321, "invalid_type"),
    ],
)
def test_explains_numbers_it_cannot_accept(typed, code):
    with pytest.raises(PhoneError) as caught:
        phone_parse(typed)
    assert (caught.value.code, caught.value.field) == (code, "phone")
    assert not phone_is_mobile(typed)
