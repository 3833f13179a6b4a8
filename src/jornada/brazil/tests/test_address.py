import pytest

from jornada.brazil.adapters.cep import SandboxCepLookup
from jornada.brazil.address import Address
from jornada.brazil.errors import AddressError


def _address(**changes):
    fields = {
        "logradouro": "Avenida Paulista",
        "numero": "1000",
        "complemento": "conjunto 12",
        "bairro": "Bela Vista",
        "cidade": "São Paulo",
        "uf": "SP",
        "cep": "01310-100",
    }
    fields.update(changes)
    return Address(**fields)


def test_normalises_an_address():
    address = _address(logradouro="  Avenida   Paulista ", uf="sp", numero="s/n")
    assert address.logradouro == "Avenida Paulista"
    assert address.uf == "SP"
    assert address.cep == "01310100"
    assert address.numero == "S/N"
    assert address.cep_formatted == "01310-100"


def test_prints_three_label_lines():
    assert _address().lines() == (
        "Avenida Paulista, 1000 - conjunto 12",
        "Bela Vista",
        "São Paulo - SP, 01310-100",
    )


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"logradouro": "  "}, "logradouro", "required"),
        ({"numero": ""}, "numero", "required"),
        ({"bairro": "x" * 81}, "bairro", "too_long"),
        ({"cidade": None}, "cidade", "invalid_type"),
        ({"uf": "XX"}, "uf", "invalid_uf"),
        ({"cep": "0131"}, "cep", "invalid_length"),
        ({"uf": "RJ"}, "cep", "cep_uf_mismatch"),
        ({"complemento": "casa\x00"}, "complemento", "invalid_characters"),
    ],
)
def test_names_the_bad_field(changes, field, code):
    with pytest.raises(AddressError) as caught:
        _address(**changes)
    assert (caught.value.field, caught.value.code) == (field, code)


def test_is_frozen():
    address = _address()
    with pytest.raises(AttributeError):
        address.numero = "2"  # type: ignore[misc]


def test_builds_from_a_cep_lookup():
    record = SandboxCepLookup().lookup("01001-000")
    address = Address.from_cep_record(record, numero="1")
    assert (address.logradouro, address.bairro, address.cidade, address.uf) == (
        "Praça da Sé",
        "Sé",
        "São Paulo",
        "SP",
    )
