"""Pix BR Code (EMV QRCPS-MPM as profiled by the Central Bank's "Manual de Padrões
para Iniciação do Pix"): build static and dynamic payloads, parse and validate them.

A payload is a run of ``ID(2) LEN(2) VALUE`` fields; field 26 (merchant account
information) holds the GUI ``br.gov.bcb.pix`` and either the key (01, static) or
the location URL without scheme (25, dynamic); field 62 holds the txid (05); field
63 is the CRC16-CCITT (poly 0x1021, init 0xFFFF) of everything before it,
``6304`` included. Errors name the field by its id (``"26.01"``, ``"54"``...).

QR rendering lives in :mod:`jornada.brazil.qr`.
"""

from __future__ import annotations

import re
import unicodedata
from binascii import crc_hqx
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from django.utils.translation import gettext_lazy as _

from .documents import cnpj_is_valid, cpf_is_valid
from .errors import PixError

PIX_GUI = "br.gov.bcb.pix"
PixKeyType = Literal["cpf", "cnpj", "email", "phone", "evp"]

MERCHANT_NAME_MAX = 25
MERCHANT_CITY_MAX = 15
TXID_STATIC_MAX = 25
TXID_NONE = "***"
_TXID_RE = re.compile(r"[A-Za-z0-9]{1,25}")
_EVP_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE_RE = re.compile(r"\+[1-9][0-9]{7,14}")
_AMOUNT_RE = re.compile(r"[0-9]{1,10}(\.[0-9]{1,2})?")
_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class PixPayload:
    """The fields of a BR Code. Build it with :func:`pix_static` / :func:`pix_dynamic`
    (which normalise), or get it from :func:`pix_parse`; :func:`pix_build` serialises it."""

    merchant_name: str
    merchant_city: str
    key: str | None = None
    url: str | None = None
    amount: Decimal | None = None
    txid: str = TXID_NONE
    description: str | None = None
    point_of_initiation: str | None = None
    postal_code: str | None = None
    mcc: str = "0000"
    currency: str = "986"
    country: str = "BR"
    gui: str = PIX_GUI
    #: Fields this module does not interpret, kept for a faithful round trip.
    account_extras: tuple[tuple[str, str], ...] = ()
    additional_extras: tuple[tuple[str, str], ...] = ()
    extras: tuple[tuple[str, str], ...] = ()

    @property
    def is_dynamic(self) -> bool:
        return self.url is not None

    @property
    def key_type(self) -> PixKeyType | None:
        return pix_key_type(self.key) if self.key is not None else None


def pix_crc16(data: str) -> str:
    """CRC16-CCITT-FALSE of ``data`` as 4 upper-case hex digits."""
    return f"{crc_hqx(data.encode('utf-8'), 0xFFFF):04X}"


# ---------------------------------------------------------------------------
# Keys and text normalisation
# ---------------------------------------------------------------------------


def pix_key_type(key: str) -> PixKeyType:
    """Which kind of Pix key ``key`` (already normalised) is, or :class:`PixError`."""
    if key.isdigit():
        if len(key) == 11 and cpf_is_valid(key):
            return "cpf"
        if len(key) == 14 and cnpj_is_valid(key):
            return "cnpj"
    elif len(key) == 14 and cnpj_is_valid(key):
        return "cnpj"
    if _PHONE_RE.fullmatch(key):
        return "phone"
    if _EVP_RE.fullmatch(key):
        return "evp"
    if len(key) <= 77 and _EMAIL_RE.fullmatch(key):
        return "email"
    raise PixError(
        _("not a Pix key: expected a CPF, CNPJ, e-mail, phone (+55...) or random key"),
        code="invalid_key",
        field="26.01",
    )


def pix_key_normalize(key: object) -> tuple[PixKeyType, str]:
    """``("cpf", "52998224725")`` from a key as typed (``529.982.247-25``, ``Foo@X.com``...)."""
    if not isinstance(key, str) or not key.strip():
        raise PixError(_("a Pix key is required"), code="required", field="26.01")
    text = key.strip()
    if "@" in text:
        text = text.lower()
    elif text.startswith("+"):
        text = "+" + re.sub(r"[\s().-]", "", text[1:])
    elif _EVP_RE.fullmatch(text.lower()):
        text = text.lower()
    else:
        stripped = re.sub(r"[\s./-]", "", text).upper()
        if len(stripped) in (11, 14):
            text = stripped
    return pix_key_type(text), text


def pix_text(value: str, *, limit: int, field: str) -> str:
    """``value`` in the BR Code charset: accents stripped, printable ASCII, single
    spaces, cut to ``limit`` characters. :class:`PixError` if nothing is left."""
    decomposed = unicodedata.normalize("NFKD", value)
    ascii_only = "".join(ch for ch in decomposed if " " <= ch <= "~")
    text = " ".join(ascii_only.split())[:limit].rstrip()
    if not text:
        raise PixError(_("this field is required"), code="required", field=field)
    return text


def _amount(value: object) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, (float, bool)):
        raise PixError(_("amounts must be Decimal, never float"), code="invalid_amount", field="54")
    raw = getattr(value, "amount", value)  # Money
    try:
        amount = Decimal(raw) if isinstance(raw, (str, int)) else raw
    except InvalidOperation:
        amount = None
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise PixError(_("not an amount"), code="invalid_amount", field="54")
    if amount <= 0:
        raise PixError(_("the amount must be positive"), code="invalid_amount", field="54")
    if amount != amount.quantize(_CENT):
        raise PixError(
            _("the amount has more than two decimal places"), code="invalid_amount", field="54"
        )
    if amount >= Decimal("1e10"):
        raise PixError(_("the amount is too large"), code="invalid_amount", field="54")
    return amount.quantize(_CENT)


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------


def pix_static(
    *,
    key: str,
    merchant_name: str,
    merchant_city: str,
    amount: object = None,
    txid: str | None = None,
    description: str | None = None,
    postal_code: str | None = None,
    single_use: bool = False,
) -> PixPayload:
    """A static BR Code payload (key in 26.01); ``amount`` optional (payer types it)."""
    _key_type, normalised_key = pix_key_normalize(key)
    if txid is None or txid == TXID_NONE:
        txid = TXID_NONE
    elif not _TXID_RE.fullmatch(txid):
        raise PixError(
            _("the txid of a static code has 1 to 25 letters and digits"),
            code="invalid_txid",
            field="62.05",
        )
    return PixPayload(
        merchant_name=pix_text(merchant_name, limit=MERCHANT_NAME_MAX, field="59"),
        merchant_city=pix_text(merchant_city, limit=MERCHANT_CITY_MAX, field="60"),
        key=normalised_key,
        amount=_amount(amount),
        txid=txid,
        description=pix_text(description, limit=72, field="26.02") if description else None,
        postal_code=_postal_code(postal_code),
        point_of_initiation="12" if single_use else None,
    )


def pix_dynamic(
    *,
    url: str,
    merchant_name: str,
    merchant_city: str,
    amount: object = None,
    postal_code: str | None = None,
    single_use: bool = True,
) -> PixPayload:
    """A dynamic BR Code payload: ``url`` is the PSP's location (26.25, no ``https://``)."""
    location = url.strip()
    for scheme in ("https://", "http://"):
        if location.lower().startswith(scheme):
            location = location[len(scheme) :]
    if not location or len(location) > 77 or not location.isascii() or " " in location:
        raise PixError(
            _("the location URL must be 1 to 77 ASCII characters without spaces"),
            code="invalid_url",
            field="26.25",
        )
    return PixPayload(
        merchant_name=pix_text(merchant_name, limit=MERCHANT_NAME_MAX, field="59"),
        merchant_city=pix_text(merchant_city, limit=MERCHANT_CITY_MAX, field="60"),
        url=location,
        amount=_amount(amount),
        postal_code=_postal_code(postal_code),
        point_of_initiation="12" if single_use else None,
    )


def _postal_code(value: str | None) -> str | None:
    if value is None:
        return None
    digits = re.sub(r"[\s.-]", "", value)
    if not (len(digits) == 8 and digits.isdigit()):
        raise PixError(_("a CEP has 8 digits"), code="invalid_postal_code", field="61")
    return digits


def _tlv_join(fields: list[tuple[str, str]], prefix: str) -> str:
    parts = []
    for field_id, value in fields:
        size = len(value)
        if size > 99 or not size:
            where = f"{prefix}{field_id}"
            raise PixError(
                _("field %(field)s must have 1 to 99 characters"),
                code="invalid_length",
                field=where,
                params={"field": where},
            )
        parts.append(f"{field_id}{size:02d}{value}")
    return "".join(parts)


def pix_build(payload: PixPayload) -> str:
    """The BR Code text for ``payload``, CRC included."""
    if (payload.key is None) == (payload.url is None):
        raise PixError(
            _("a BR Code has either a key (static) or a URL (dynamic)"),
            code="key_or_url",
            field="26",
        )
    if len(payload.merchant_name) > MERCHANT_NAME_MAX:
        raise PixError(
            _("the merchant name has at most 25 characters"), code="too_long", field="59"
        )
    if len(payload.merchant_city) > MERCHANT_CITY_MAX:
        raise PixError(
            _("the merchant city has at most 15 characters"), code="too_long", field="60"
        )
    account_fields = [("00", payload.gui)]
    if payload.key is not None:
        account_fields.append(("01", payload.key))
    if payload.description:
        account_fields.append(("02", payload.description))
    if payload.url is not None:
        account_fields.append(("25", payload.url))
    if payload.account_extras:
        account_fields.extend(payload.account_extras)
        account_fields.sort(key=lambda item: item[0])
    account = _tlv_join(account_fields, "26.")
    additional_fields = [("05", payload.txid)]
    if payload.additional_extras:
        additional_fields.extend(payload.additional_extras)
        additional_fields.sort(key=lambda item: item[0])
    additional = _tlv_join(additional_fields, "62.")

    fields: list[tuple[str, str]] = [("00", "01")]
    if payload.point_of_initiation:
        fields.append(("01", payload.point_of_initiation))
    fields.append(("26", account))
    fields.append(("52", payload.mcc))
    fields.append(("53", payload.currency))
    if payload.amount is not None:
        fields.append(("54", f"{payload.amount:.2f}"))
    fields.append(("58", payload.country))
    fields.append(("59", payload.merchant_name))
    fields.append(("60", payload.merchant_city))
    if payload.postal_code:
        fields.append(("61", payload.postal_code))
    fields.append(("62", additional))
    if payload.extras:
        fields.extend(payload.extras)
        fields.sort(key=lambda item: item[0])
    body = _tlv_join(fields, "") + "6304"
    return body + pix_crc16(body)


# ---------------------------------------------------------------------------
# Parse
# ---------------------------------------------------------------------------

_KNOWN_TOP = frozenset({"00", "01", "26", "52", "53", "54", "58", "59", "60", "61", "62"})
_KNOWN_ACCOUNT = frozenset({"00", "01", "02", "25"})
_KNOWN_ADDITIONAL = frozenset({"05"})


def _extras(fields: dict[str, str], known: frozenset[str]) -> tuple[tuple[str, str], ...]:
    return tuple((key, value) for key, value in fields.items() if key not in known)


_TWO_DIGITS = frozenset(f"{n:02d}" for n in range(100))


def _tlv_parse(text: str, prefix: str) -> dict[str, str]:
    """``{id: value}`` in payload order; :class:`PixError` on a malformed run."""
    fields: dict[str, str] = {}
    position, end = 0, len(text)
    while position < end:
        field_id = text[position : position + 2]
        size_text = text[position + 2 : position + 4]
        if field_id not in _TWO_DIGITS or size_text not in _TWO_DIGITS:
            raise PixError(
                _(
                    "malformed field at position %(position)d: expected a 2-digit id and a 2-digit length"
                ),
                code="malformed",
                field=f"{prefix}{field_id}" if field_id in _TWO_DIGITS else (prefix[:-1] or None),
                params={"position": position},
            )
        following = position + 4 + int(size_text)
        if following > end or size_text == "00":
            where = f"{prefix}{field_id}"
            raise PixError(
                _("field %(field)s declares %(size)d characters but has %(actual)d"),
                code="truncated",
                field=where,
                params={
                    "field": where,
                    "size": int(size_text),
                    "actual": len(text[position + 4 : following]),
                },
            )
        if field_id in fields:
            where = f"{prefix}{field_id}"
            raise PixError(
                _("field %(field)s appears twice"),
                code="duplicate",
                field=where,
                params={"field": where},
            )
        fields[field_id] = text[position + 4 : following]
        position = following
    return fields


def _missing(field: str) -> PixError:
    return PixError(
        _("required field %(field)s is missing"),
        code="missing",
        field=field,
        params={"field": field},
    )


def _invalid(field: str, message: object) -> PixError:
    return PixError(message, code="invalid_value", field=field)  # type: ignore[arg-type]


def pix_parse(text: object) -> PixPayload:
    """The fields of a BR Code, after checking its CRC and structure.

    :class:`PixError` names the first problem: ``field`` is the EMV id (``"63"`` for
    the CRC, ``"26.01"`` for the key...) and ``code`` says what is wrong.
    """
    if not isinstance(text, str):
        raise PixError(_("a BR Code must be text"), code="invalid_type", field=None)
    text = text.strip()
    if not text.isprintable():
        raise PixError(
            _("a BR Code has only printable characters"), code="invalid_characters", field=None
        )
    if len(text) < 12 or text[-8:-4] != "6304":
        raise PixError(
            _("the CRC (field 63) must close the BR Code"), code="missing_crc", field="63"
        )
    expected, got = pix_crc16(text[:-4]), text[-4:].upper()
    if expected != got:
        raise PixError(
            _("invalid CRC: expected %(expected)s, got %(got)s"),
            code="invalid_crc",
            field="63",
            params={"expected": expected, "got": text[-4:]},
        )
    top = _tlv_parse(text[:-8], "")
    if not top or next(iter(top)) != "00":
        raise PixError(_("the BR Code must start with field 00"), code="malformed", field="00")
    if "63" in top:
        raise PixError(_("field 63 must be the last one"), code="malformed", field="63")
    for required in ("26", "52", "53", "58", "59", "60", "62"):
        if required not in top:
            raise _missing(required)
    if top["00"] != "01":
        raise _invalid("00", _("the payload format indicator must be 01"))
    initiation = top.get("01")
    if initiation is not None and initiation not in ("11", "12"):
        raise _invalid("01", _("the point of initiation method must be 11 or 12"))

    account = _tlv_parse(top["26"], "26.")
    gui = account.get("00")
    if gui is None:
        raise _missing("26.00")
    if gui.lower() != PIX_GUI:
        raise _invalid("26.00", _("the GUI must be br.gov.bcb.pix"))
    key, url = account.get("01"), account.get("25")
    if key is None and url is None:
        raise PixError(
            _("a BR Code has either a key (static) or a URL (dynamic)"),
            code="key_or_url",
            field="26",
        )
    if key is not None and url is not None:
        raise PixError(
            _("a BR Code has either a key (static) or a URL (dynamic)"),
            code="key_or_url",
            field="26",
        )
    if key is not None:
        pix_key_type(key)
    if url is not None and (" " in url or not url.isascii()):
        raise _invalid("26.25", _("the location URL must be ASCII without spaces"))

    mcc, currency, country = top["52"], top["53"], top["58"]
    if not (len(mcc) == 4 and mcc.isdigit()):
        raise _invalid("52", _("the merchant category code has 4 digits"))
    if currency != "986":
        raise _invalid("53", _("Pix is in reais: the currency must be 986"))
    if country != "BR":
        raise _invalid("58", _("the country code must be BR"))
    name, city = top["59"], top["60"]
    if len(name) > MERCHANT_NAME_MAX:
        raise PixError(
            _("the merchant name has at most 25 characters"), code="too_long", field="59"
        )
    if len(city) > MERCHANT_CITY_MAX:
        raise PixError(
            _("the merchant city has at most 15 characters"), code="too_long", field="60"
        )

    amount: Decimal | None = None
    if "54" in top:
        raw = top["54"]
        if not _AMOUNT_RE.fullmatch(raw) or Decimal(raw) <= 0:
            raise _invalid("54", _("the amount must be a positive number like 10.50"))
        amount = Decimal(raw)
    postal_code = top.get("61")

    additional = _tlv_parse(top["62"], "62.")
    txid = additional.get("05")
    if txid is None:
        raise _missing("62.05")
    if txid != TXID_NONE and not _TXID_RE.fullmatch(txid):
        raise _invalid("62.05", _("the txid has 1 to 25 letters and digits, or ***"))

    return PixPayload(
        merchant_name=name,
        merchant_city=city,
        key=key,
        url=url,
        amount=amount,
        txid=txid,
        description=account.get("02"),
        point_of_initiation=initiation,
        postal_code=postal_code,
        mcc=mcc,
        currency=currency,
        country=country,
        gui=gui,
        account_extras=_extras(account, _KNOWN_ACCOUNT) if len(account) > 2 else (),
        additional_extras=_extras(additional, _KNOWN_ADDITIONAL) if len(additional) > 1 else (),
        extras=_extras(top, _KNOWN_TOP),
    )


def pix_is_valid(text: object) -> bool:
    """True when ``text`` parses as a BR Code. Never raises."""
    try:
        pix_parse(text)
    except PixError:
        return False
    return True
