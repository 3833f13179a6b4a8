import pytest
from django.utils import translation

from jornada.core.errors import DomainError
from jornada.customers.types import CustomerInput
from jornada.customers.validation import customer_input_validate

GOOD = CustomerInput(
    name="  Maria   da Silva ",
    document="529.982.247-25",
    email=" Maria.Silva@Example.COM ",
    phone="(11) 98765-4321",
    preferred_channel=" WhatsApp ",
    language="pt_BR",
    marketing_consent=True,
)


def _errors(data: CustomerInput, language: str, **kwargs: str) -> dict[str, list[str]]:
    with pytest.raises(DomainError) as caught:
        customer_input_validate(data, **kwargs)
    assert caught.value.code == "validation_error"
    with translation.override(language):
        return {key: [str(m) for m in messages] for key, messages in caught.value.fields.items()}


def _bad(**changes: object) -> CustomerInput:
    values: dict[str, object] = {
        "name": "Maria da Silva",
        "document": "52998224725",
        "email": "maria@example.com",
        "phone": "",
        "preferred_channel": "email",
        "language": "pt-br",
    }
    values.update(changes)
    return CustomerInput(**values)  # type: ignore[arg-type]


def test_normalises_every_field_of_good_input():
    assert customer_input_validate(GOOD) == CustomerInput(
        name="Maria da Silva",
        document="52998224725",
        email="maria.silva@example.com",
        phone="+5511987654321",
        preferred_channel="whatsapp",
        language="pt-br",
        marketing_consent=True,
    )


def test_normalises_an_alphanumeric_cnpj_to_uppercase_without_separators():
    data = _bad(document="12.abc.345/01de-35")
    assert customer_input_validate(data).document == "12ABC34501DE35"


def test_is_idempotent_on_its_own_output():
    once = customer_input_validate(GOOD)
    assert customer_input_validate(once) == once


def test_a_landline_is_kept_for_email_and_phone_channels():
    data = _bad(phone="(11) 3456-7890", preferred_channel="phone")
    assert customer_input_validate(data).phone == "+551134567890"


def test_reports_every_bad_field_at_once_in_portuguese():
    bad = CustomerInput(
        name=" A ",
        document="529.982.247-24",
        email="not-an-email",
        phone="123",
        preferred_channel="fax",
        language="fr",
    )
    assert _errors(bad, "pt-br") == {
        "customer.name": ["curto demais: pelo menos 2 caracteres"],
        "customer.document": ["dígito verificador inválido"],
        "customer.email": ["informe um endereço de e-mail válido"],
        "customer.phone": ["curto demais para ser um telefone"],
        "customer.preferred_channel": ["escolha um de: email, whatsapp, sms, phone"],
        "customer.language": ["escolha um de: pt-br, es, en"],
    }


def test_reports_every_bad_field_at_once_in_spanish():
    bad = CustomerInput(name="", document="123", email="", preferred_channel="sms")
    assert _errors(bad, "es") == {
        "customer.name": ["este campo es obligatorio"],
        "customer.document": [
            "longitud no válida: el CPF tiene 11 dígitos y el CNPJ 14 caracteres, recibidos 3"
        ],
        "customer.email": ["este campo es obligatorio"],
        "customer.preferred_channel": ["WhatsApp y SMS necesitan un número de móvil"],
    }


def test_reports_every_bad_field_at_once_in_english():
    bad = CustomerInput(
        name="X" * 201, document="", email="a@b", phone="(11) 3456-7890", preferred_channel="sms"
    )
    assert _errors(bad, "en") == {
        "customer.name": ["too long: at most 200 characters, got 201"],
        "customer.document": ["this field is required"],
        "customer.email": ["enter a valid email address"],
        "customer.preferred_channel": ["WhatsApp and SMS need a mobile phone number"],
    }


def test_the_top_message_is_translated():
    with pytest.raises(DomainError) as caught:
        customer_input_validate(_bad(name=""))
    with translation.override("pt-br"):
        assert str(caught.value.message) == "Alguns dados do cliente são inválidos."
    with translation.override("es"):
        assert str(caught.value.message) == "Algunos datos del cliente no son válidos."


def test_messages_render_in_the_language_active_when_read_not_when_raised():
    with translation.override("en"), pytest.raises(DomainError) as caught:
        customer_input_validate(_bad(name="A"))
    with translation.override("pt-br"):
        assert [str(m) for m in caught.value.fields["customer.name"]] == [
            "curto demais: pelo menos 2 caracteres"
        ]


def test_field_keys_follow_the_given_prefix():
    assert _errors(_bad(email="x"), "en", prefix="billing") == {
        "billing.email": ["enter a valid email address"]
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": 42}, "customer.name", "deve ser texto"),
        ({"name": "Maria\x00"}, "customer.name", "caracteres inválidos"),
        (
            {"document": "111.111.111-11"},
            "customer.document",
            "CPF inválido: todos os dígitos são iguais",
        ),
        ({"document": None}, "customer.document", "o CPF ou CNPJ deve ser texto"),
        (
            {"email": "a" * 250 + "@x.com"},
            "customer.email",
            "longo demais: no máximo 254 caracteres, recebido 256",
        ),
        ({"email": None}, "customer.email", "deve ser texto"),
        ({"phone": "abc"}, "customer.phone", "não é um número de telefone"),
        (
            {"preferred_channel": "phone"},
            "customer.preferred_channel",
            "uma ligação precisa de um número de telefone",
        ),
        (
            {"preferred_channel": "whatsapp"},
            "customer.preferred_channel",
            "WhatsApp e SMS precisam de um número de celular",
        ),
        ({"marketing_consent": "yes"}, "customer.marketing_consent", "deve ser sim ou não"),
    ],
)
def test_names_the_bad_field_with_a_portuguese_message(changes, field, message):
    assert _errors(_bad(**changes), "pt-br") == {field: [message]}
