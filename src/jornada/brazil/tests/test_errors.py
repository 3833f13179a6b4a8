import subprocess
import sys
import textwrap

from django.utils import translation

from jornada.brazil.errors import BrazilValueError, CepServiceUnavailable, DocumentError
from jornada.core.errors import DomainError


def test_errors_are_value_errors_and_domain_errors_with_code_field_and_message():
    error = DocumentError("invalid check digit", code="invalid_check_digit", field="cpf")
    assert isinstance(error, ValueError)
    assert isinstance(error, BrazilValueError)
    assert isinstance(error, DomainError)
    assert (error.code, error.field, error.status) == ("invalid_check_digit", "cpf", 422)
    assert error.fields == {"cpf": [error.message]}


def test_service_failures_are_not_value_errors():
    assert not issubclass(CepServiceUnavailable, ValueError)
    assert CepServiceUnavailable.status == 503


def test_messages_follow_the_active_language_when_read():
    from jornada.brazil.documents import cpf_validate

    try:
        cpf_validate("123")
    except DocumentError as error:
        caught = error
    with translation.override("pt-br"):
        assert str(caught) == "tamanho inválido: o CPF tem 11 dígitos, recebidos 3"
    with translation.override("es"):
        assert str(caught.message) == "longitud no válida: el CPF tiene 11 dígitos, recibidos 3"
    with translation.override("en"):
        assert str(caught) == "invalid length: a CPF has 11 digits, got 3"


def test_pure_modules_work_without_django_settings():
    # given a fresh interpreter with no DJANGO_SETTINGS_MODULE
    script = textwrap.dedent(
        """
        import os
        os.environ.pop("DJANGO_SETTINGS_MODULE", None)
        from jornada.brazil import documents, pix, boleto, tracking, money, instalments
        assert documents.cpf_is_valid("52998224725")
        try:
            documents.cpf_validate("52998224726")
        except ValueError as error:
            print(error.code, "|", error)
        payload = pix.pix_static(key="fulano@example.com", merchant_name="Loja", merchant_city="Recife")
        print(pix.pix_parse(pix.pix_build(payload)).key)
        print(instalments.instalment_options(money.Money("100"))[2].label)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    # then it runs, in English
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "invalid_check_digit | invalid check digit",
        "fulano@example.com",
        "3x of R$ 33,34 interest-free",
    ]


def _po_entries(path):
    import re

    text = path.read_text(encoding="utf-8")
    entries = {}
    for msgid, msgstr in re.findall(r'msgid ((?:"[^\n]*"\n)+)msgstr ((?:"[^\n]*"\n?)+)', text):
        key = "".join(re.findall(r'"(.*)"', msgid)).replace('\\"', '"')
        value = "".join(re.findall(r'"(.*)"', msgstr)).replace('\\"', '"')
        if key:
            entries[key] = value
    return entries


def test_ships_complete_compiled_translations_for_portuguese_and_spanish():
    import gettext
    from pathlib import Path

    locale = Path(__file__).resolve().parent.parent / "locale"
    for language in ("pt_BR", "es"):
        folder = locale / language / "LC_MESSAGES"
        entries = _po_entries(folder / "django.po")
        assert len(entries) > 100
        assert all(entries.values()), f"untranslated {language} messages"
        with (folder / "django.mo").open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        # the .mo is compiled from this very .po
        assert {key: compiled.gettext(key) for key in entries} == entries
