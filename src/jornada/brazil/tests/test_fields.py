import pytest
from django import forms
from django.utils import translation
from ninja import Schema
from pydantic import ValidationError as PydanticValidationError

from jornada.brazil.fields import (
    CEP,
    CNPJ,
    CPF,
    CEPFormField,
    CNPJFormField,
    CPFFormField,
    PhoneE164,
    PhoneFormField,
    TaxId,
    TaxIdFormField,
)


class CustomerForm(forms.Form):
    cpf = CPFFormField()
    cnpj = CNPJFormField(required=False)
    document = TaxIdFormField(required=False)
    cep = CEPFormField()
    phone = PhoneFormField(required=False)


class CustomerIn(Schema):
    cpf: CPF
    cnpj: CNPJ | None = None
    document: TaxId | None = None
    cep: CEP
    phone: PhoneE164 | None = None


def test_form_normalises_valid_values():
    form = CustomerForm(
        data={
            "cpf": "529.982.247-25",
            "cnpj": "12.abc.345/01de-35",
            "document": "11.222.333/0001-81",
            "cep": "01310-100",
            "phone": "(11) 98765-4321",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "cpf": "52998224725",
        "cnpj": "12ABC34501DE35",
        "document": "11222333000181",
        "cep": "01310100",
        "phone": "+5511987654321",
    }


def test_form_reports_the_exact_problem_in_portuguese():
    with translation.override("pt-br"):
        form = CustomerForm(data={"cpf": "529.982.247-26", "cep": "0131"})
        assert not form.is_valid()
        assert form.errors.get_json_data() == {
            "cpf": [{"message": "dígito verificador inválido", "code": "invalid_check_digit"}],
            "cep": [
                {
                    "message": "tamanho inválido: o CEP tem 8 dígitos, recebidos 4",
                    "code": "invalid_length",
                }
            ],
        }


def test_form_keeps_required_and_blank_behaviour():
    form = CustomerForm(data={"cpf": "", "cep": "01310100"})
    assert not form.is_valid()
    assert form.errors["cpf"].as_data()[0].code == "required"


def test_schema_normalises_valid_values():
    customer = CustomerIn(cpf="529.982.247-25", cep="01310-100", phone="011 98765-4321")
    assert (customer.cpf, customer.cep, customer.phone) == (
        "52998224725",
        "01310100",
        "+5511987654321",
    )


def test_schema_reports_the_exact_problem_with_its_code():
    with translation.override("es"), pytest.raises(PydanticValidationError) as caught:
        CustomerIn(cpf="529.982.247-2", cep="01310100", document=123)  # type: ignore[arg-type]
    errors = {(error["loc"][0], error["type"]): error["msg"] for error in caught.value.errors()}
    assert errors == {
        ("cpf", "invalid_length"): "longitud no válida: el CPF tiene 11 dígitos, recibidos 10",
        ("document", "string_type"): "Input should be a valid string",
    }


def test_schema_describes_the_fields_as_strings_in_openapi():
    schema = CustomerIn.model_json_schema()
    assert schema["properties"]["cpf"] == {
        "examples": ["52998224725"],
        "title": "Cpf",
        "type": "string",
    }
