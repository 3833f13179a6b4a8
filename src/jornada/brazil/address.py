"""A Brazilian postal address as a value: checked on creation, the bad field named."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .adapters.cep import CepRecord
from .cep import cep_check_uf, cep_format, uf_normalize
from .errors import AddressError, CepError

#: Longest value accepted per field (Correios labels and carrier APIs cut beyond these).
MAX_LENGTHS = {
    "logradouro": 120,
    "numero": 20,
    "complemento": 80,
    "bairro": 80,
    "cidade": 80,
}
#: How people write "no number".
WITHOUT_NUMBER = {"SN", "S/N", "S N", "S.N.", "SEM NUMERO", "SEM NÚMERO"}


@dataclass(frozen=True, slots=True)
class Address:
    """``Address(logradouro=..., numero=..., bairro=..., cidade=..., uf=..., cep=...)``.

    Text is trimmed and single-spaced, ``uf`` upper-cased, ``cep`` kept as 8 digits and
    checked against the state's Correios range; ``numero`` may be ``"S/N"``. Any
    problem raises :class:`AddressError` whose ``field`` is the field's name.
    """

    logradouro: str
    numero: str
    bairro: str
    cidade: str
    uf: str
    cep: str
    complemento: str = ""

    def __post_init__(self) -> None:
        for name, required in (
            ("logradouro", True),
            ("numero", True),
            ("complemento", False),
            ("bairro", True),
            ("cidade", True),
        ):
            object.__setattr__(self, name, _clean_text(name, getattr(self, name), required))
        if self.numero.upper() in WITHOUT_NUMBER:
            object.__setattr__(self, "numero", "S/N")
        try:
            uf = uf_normalize(self.uf)
        except CepError as error:
            raise AddressError(error.template, code=error.code, field="uf") from None
        object.__setattr__(self, "uf", uf)
        try:
            object.__setattr__(self, "cep", cep_check_uf(self.cep, uf))
        except CepError as error:
            raise AddressError(
                error.template, code=error.code, field="cep", params=error.params
            ) from None

    @classmethod
    def from_cep_record(
        cls,
        record: CepRecord,
        *,
        numero: str,
        complemento: str = "",
        logradouro: str | None = None,
        bairro: str | None = None,
    ) -> Address:
        """An address from a CEP lookup; ``logradouro``/``bairro`` fill city-wide CEPs."""
        return cls(
            logradouro=logradouro if logradouro is not None else record.logradouro,
            numero=numero,
            complemento=complemento,
            bairro=bairro if bairro is not None else record.bairro,
            cidade=record.cidade,
            uf=record.uf,
            cep=record.cep,
        )

    @property
    def cep_formatted(self) -> str:
        return cep_format(self.cep)

    def lines(self) -> tuple[str, str, str]:
        """The three label lines: street, district, ``city - UF`` + CEP."""
        street = f"{self.logradouro}, {self.numero}"
        if self.complemento:
            street = f"{street} - {self.complemento}"
        return street, self.bairro, f"{self.cidade} - {self.uf}, {self.cep_formatted}"


def _clean_text(name: str, value: object, required: bool) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise AddressError(_("must be text"), code="invalid_type", field=name)
    text = " ".join(value.split())
    if required and not text:
        raise AddressError(_("this field is required"), code="required", field=name)
    if len(text) > MAX_LENGTHS[name]:
        raise AddressError(
            _("too long: at most %(max)d characters, got %(length)d"),
            code="too_long",
            field=name,
            params={"max": MAX_LENGTHS[name], "length": len(text)},
        )
    if any(not ch.isprintable() for ch in text):
        raise AddressError(_("invalid characters"), code="invalid_characters", field=name)
    return text
