"""CEP: normalise, format and check against the state (UF) it should belong to.

The ranges are the Correios ``Faixas de CEP por UF``. Looking a CEP up (street,
district, city) is in :mod:`jornada.brazil.adapters.cep`.
"""

from __future__ import annotations

from bisect import bisect_right

from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import CepError


class UF(models.TextChoices):
    AC = "AC", "Acre"
    AL = "AL", "Alagoas"
    AP = "AP", "Amapá"
    AM = "AM", "Amazonas"
    BA = "BA", "Bahia"
    CE = "CE", "Ceará"
    DF = "DF", "Distrito Federal"
    ES = "ES", "Espírito Santo"
    GO = "GO", "Goiás"
    MA = "MA", "Maranhão"
    MT = "MT", "Mato Grosso"
    MS = "MS", "Mato Grosso do Sul"
    MG = "MG", "Minas Gerais"
    PA = "PA", "Pará"
    PB = "PB", "Paraíba"
    PR = "PR", "Paraná"
    PE = "PE", "Pernambuco"
    PI = "PI", "Piauí"
    RJ = "RJ", "Rio de Janeiro"
    RN = "RN", "Rio Grande do Norte"
    RS = "RS", "Rio Grande do Sul"
    RO = "RO", "Rondônia"
    RR = "RR", "Roraima"
    SC = "SC", "Santa Catarina"
    SP = "SP", "São Paulo"
    SE = "SE", "Sergipe"
    TO = "TO", "Tocantins"


UFS: frozenset[str] = frozenset(UF.values)

#: Correios ranges (first and last CEP as integers), sorted, one UF may have several.
CEP_RANGES: tuple[tuple[int, int, str], ...] = (
    (1000000, 19999999, "SP"),
    (20000000, 28999999, "RJ"),
    (29000000, 29999999, "ES"),
    (30000000, 39999999, "MG"),
    (40000000, 48999999, "BA"),
    (49000000, 49999999, "SE"),
    (50000000, 56999999, "PE"),
    (57000000, 57999999, "AL"),
    (58000000, 58999999, "PB"),
    (59000000, 59999999, "RN"),
    (60000000, 63999999, "CE"),
    (64000000, 64999999, "PI"),
    (65000000, 65999999, "MA"),
    (66000000, 68899999, "PA"),
    (68900000, 68999999, "AP"),
    (69000000, 69299999, "AM"),
    (69300000, 69399999, "RR"),
    (69400000, 69899999, "AM"),
    (69900000, 69999999, "AC"),
    (70000000, 72799999, "DF"),
    (72800000, 72999999, "GO"),
    (73000000, 73699999, "DF"),
    (73700000, 76799999, "GO"),
    (76800000, 76999999, "RO"),
    (77000000, 77999999, "TO"),
    (78000000, 78899999, "MT"),
    (78900000, 78999999, "RO"),  # Rondônia's older range (Porto Velho was 78900-000)
    (79000000, 79999999, "MS"),
    (80000000, 87999999, "PR"),
    (88000000, 89999999, "SC"),
    (90000000, 99999999, "RS"),
)
_RANGE_STARTS = [start for start, _end, _uf in CEP_RANGES]
_SEPARATORS = str.maketrans("", "", ".- \t")


def cep_normalize(value: object) -> str:
    """The CEP as 8 digits (``"01310-100"`` -> ``"01310100"``) or :class:`CepError`."""
    if not isinstance(value, str):
        raise CepError(_("a CEP must be text"), code="invalid_type", field="cep")
    digits = value.strip().translate(_SEPARATORS)
    if digits and not (digits.isascii() and digits.isdigit()):
        raise CepError(
            _("invalid characters: a CEP has only digits"), code="invalid_characters", field="cep"
        )
    if len(digits) != 8:
        raise CepError(
            _("invalid length: a CEP has 8 digits, got %(length)d"),
            code="invalid_length",
            field="cep",
            params={"length": len(digits)},
        )
    return digits


def cep_format(value: str) -> str:
    """``"01310100"`` -> ``"01310-100"``."""
    digits = cep_normalize(value)
    return f"{digits[:5]}-{digits[5:]}"


def cep_uf(value: str) -> str:
    """The UF whose Correios range holds this CEP, or :class:`CepError` (``cep_out_of_range``)."""
    number = int(cep_normalize(value))
    index = bisect_right(_RANGE_STARTS, number) - 1
    if index >= 0:
        start, end, uf = CEP_RANGES[index]
        if start <= number <= end:
            return uf
    raise CepError(_("this CEP is not in use by any state"), code="cep_out_of_range", field="cep")


def uf_normalize(value: object, *, field: str = "uf") -> str:
    """A state abbreviation in upper case (``"sp"`` -> ``"SP"``) or :class:`CepError`."""
    uf = value.strip().upper() if isinstance(value, str) else ""
    if uf not in UFS:
        raise CepError(_("unknown state (UF)"), code="invalid_uf", field=field)
    return uf


def cep_matches_uf(cep: str, uf: str) -> bool:
    """True when the CEP falls in one of the state's Correios ranges. Never raises."""
    try:
        return cep_uf(cep) == uf_normalize(uf)
    except CepError:
        return False


def cep_check_uf(cep: str, uf: str) -> str:
    """The normalised CEP when it belongs to ``uf``; :class:`CepError` (``cep_uf_mismatch``) if not."""
    digits = cep_normalize(cep)
    state = uf_normalize(uf)
    actual = cep_uf(digits)
    if actual != state:
        raise CepError(
            _("this CEP belongs to %(actual)s, not %(expected)s"),
            code="cep_uf_mismatch",
            field="cep",
            params={"actual": actual, "expected": state},
        )
    return digits
