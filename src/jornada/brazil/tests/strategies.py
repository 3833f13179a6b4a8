"""Hypothesis strategies shared by the Brazil toolkit tests."""

from __future__ import annotations

import string

from hypothesis import strategies as st

from jornada.brazil.documents import cnpj_check_digits, cpf_check_digits

cpf_bodies = st.text(string.digits, min_size=9, max_size=9).filter(lambda b: b != b[0] * 9)
cpfs = cpf_bodies.map(lambda body: body + cpf_check_digits(body))

cnpj_numeric_bodies = st.text(string.digits, min_size=12, max_size=12).filter(
    lambda b: b != b[0] * 12
)
cnpj_alnum_bodies = st.text(
    string.digits + string.ascii_uppercase, min_size=12, max_size=12
).filter(lambda b: b != b[0] * 12)
cnpjs = st.one_of(cnpj_numeric_bodies, cnpj_alnum_bodies).map(
    lambda body: body + cnpj_check_digits(body)
)
