"""Bad input never escapes as an unexplained exception: a value or a BrazilError."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jornada.brazil.boleto import boleto_parse, collection_parse
from jornada.brazil.cep import cep_normalize, cep_uf
from jornada.brazil.documents import cnpj_validate, cpf_validate, tax_id_validate
from jornada.brazil.errors import BrazilError
from jornada.brazil.money import money_parse
from jornada.brazil.phones import phone_parse
from jornada.brazil.pix import pix_key_normalize, pix_parse
from jornada.brazil.tracking import s10_validate

PARSERS = [
    cpf_validate,
    cnpj_validate,
    tax_id_validate,
    cep_normalize,
    cep_uf,
    phone_parse,
    pix_parse,
    pix_key_normalize,
    lambda text: boleto_parse(text, reference=date(2026, 1, 1)),
    collection_parse,
    s10_validate,
    money_parse,
]

_junk = st.one_of(
    st.text(max_size=60),
    st.text("0123456789.-/ ", max_size=60),
    st.from_regex(r"[0-9]{44,48}", fullmatch=True),
    st.from_regex(r"000201[0-9A-Za-z.*@ -]{0,120}6304[0-9A-F]{4}", fullmatch=True),
    st.none(),
    st.integers(),
    st.binary(max_size=10),
)


@pytest.mark.parametrize("parse", PARSERS)
@settings(max_examples=150, deadline=None)
@given(value=_junk)
def test_parsers_answer_or_refuse_with_a_typed_error(parse, value):
    try:
        parse(value)
    except BrazilError as error:
        assert error.code
        assert str(error)
