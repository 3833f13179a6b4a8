"""Form and API field types that normalise Brazilian values and say exactly what is wrong.

Django forms: ``CPFFormField``, ``CNPJFormField``, ``TaxIdFormField`` (either),
``CEPFormField``, ``PhoneFormField``. django-ninja / pydantic 2 schemas: the
annotated types ``CPF``, ``CNPJ``, ``TaxId``, ``CEP``, ``PhoneE164``. Both reject
with the toolkit's translated message and code (``invalid_check_digit``,
``invalid_length``...) and hand back the normalised value (digits only, E.164).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from .cep import cep_normalize
from .documents import cnpj_validate, cpf_validate, tax_id_validate
from .errors import BrazilValueError
from .phones import phone_parse


def _tax_id(value: str) -> str:
    return tax_id_validate(value)[1]


def _phone(value: str) -> str:
    return phone_parse(value).e164


# ---------------------------------------------------------------------------
# Django forms
# ---------------------------------------------------------------------------


class BrazilFormField(forms.CharField):
    """A ``CharField`` whose value goes through ``normalise`` (a toolkit validator)."""

    normalise: Callable[[str], str] = staticmethod(str)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        if not text:
            return ""
        try:
            return type(self).normalise(text)
        except BrazilValueError as error:
            raise ValidationError(str(error), code=error.code) from None


class CPFFormField(BrazilFormField):
    normalise = staticmethod(cpf_validate)


class CNPJFormField(BrazilFormField):
    normalise = staticmethod(cnpj_validate)


class TaxIdFormField(BrazilFormField):
    """A CPF or a CNPJ."""

    normalise = staticmethod(_tax_id)


class CEPFormField(BrazilFormField):
    normalise = staticmethod(cep_normalize)


class PhoneFormField(BrazilFormField):
    """Any way of typing a phone number; cleaned to E.164 (Brazil by default)."""

    normalise = staticmethod(_phone)


# ---------------------------------------------------------------------------
# pydantic (django-ninja schemas)
# ---------------------------------------------------------------------------


def _pydantic(normalise: Callable[[str], str]) -> Callable[[Any], str]:
    def validate(value: Any) -> str:
        if not isinstance(value, str):
            raise PydanticCustomError("string_type", "Input should be a valid string")
        try:
            return normalise(value)
        except BrazilValueError as error:
            # pydantic formats the template with str.format; braces in text must not be read.
            text = str(error).replace("{", "{{").replace("}", "}}")
            raise PydanticCustomError(error.code, text, {"field": error.field}) from None

    return validate


CPF = Annotated[str, BeforeValidator(_pydantic(cpf_validate)), Field(examples=["52998224725"])]
CNPJ = Annotated[str, BeforeValidator(_pydantic(cnpj_validate)), Field(examples=["12ABC34501DE35"])]
TaxId = Annotated[str, BeforeValidator(_pydantic(_tax_id)), Field(examples=["52998224725"])]
CEP = Annotated[str, BeforeValidator(_pydantic(cep_normalize)), Field(examples=["01310100"])]
PhoneE164 = Annotated[str, BeforeValidator(_pydantic(_phone)), Field(examples=["+5511987654321"])]
