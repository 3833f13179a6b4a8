"""Every write to customers: ``customer_<action>``, keyword-only, owning its transaction.

``customer_upsert_for_order`` sits on the order intake hot path and is written in
plain SQL (see its docstring for the statement count); the others are staff and
customer-portal actions, written with the ORM.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.brazil.address import Address
from jornada.core.db import execute, insert_rows
from jornada.core.errors import DomainError

from .models import (
    ConsentLogEntry,
    ContactChange,
    Customer,
    CustomerAddress,
    consent_column,
    optout_column,
)
from .types import (
    MOBILE_CHANNELS,
    ChangeSource,
    Channel,
    ConsentPurpose,
    ContactField,
    CustomerInput,
    CustomerRef,
    Source,
)
from .validation import (
    ValidCustomer,
    customer_input_check,
    email_clean,
    lazy_message,
    phone_clean,
)

#: Who did it: a staff user, a label ("customer", "import:2025-01.csv") or None (system).
Actor = AbstractBaseUser | AnonymousUser | str | None

_CHANNELS = tuple(Channel.values)  # in order; the enum builds its list on every access
_CONSENT_LOG_COLUMNS = (
    "customer",
    "channel",
    "purpose",
    "granted",
    "source",
    "actor_label",
    "at",
    "evidence",
)
_CONTACT_CHANGE_COLUMNS = (
    "customer",
    "field",
    "old_value",
    "new_value",
    "source",
    "actor_label",
    "at",
)


# ---------------------------------------------------------------------------
# Order intake (hot path)
# ---------------------------------------------------------------------------


def customer_upsert_for_order(
    *,
    data: CustomerInput,
    address: Address | None,
    source: str,
    now: datetime,
    evidence: str = "",
    checked: ValidCustomer | None = None,
) -> CustomerRef:
    """Find the customer by CPF/CNPJ and update them, or create them; keep the address.

    Call it inside the order's transaction (it opens one only when there is none);
    the customer row stays locked until that transaction ends, so concurrent orders
    with one document make one customer. ``data`` is validated again here (pure, no
    SQL) unless ``checked`` is its own ``customer_input_check`` result: bad input raises
    ``DomainError`` before anything is written.

    Name, preferred channel and language take the new values; ``contact_confirmed_at``
    and ``last_order_at`` become ``now``; ``order_count`` goes up by one; ``source`` stays
    where the customer first came from. A new email or phone replaces the old one and
    is logged in ``ContactChange``; a blank phone keeps the one on file. A
    ``marketing_consent`` that changes the state on ``preferred_channel`` is logged in
    ``ConsentLogEntry`` with ``evidence`` (IP, form...).

    SQL statements: 1 customer upsert + 1 address upsert in the common case (new
    customer without marketing consent, or returning customer with the same contact
    data); +1 for a new customer's marketing consent log; for a returning customer,
    +1 update and +1 log insert when email/phone changed, +1 update (shared) and +1 log
    insert when marketing consent changed (at most 5 in all).
    """
    if timezone.is_naive(now):
        raise ValueError("now must be timezone-aware")
    valid = checked if checked is not None and checked.data is data else customer_input_check(data)
    data = valid.data
    with transaction.atomic(savepoint=False):
        row = _customer_upsert_row(
            data=data,
            kind=valid.document_kind,
            phone_is_mobile=valid.phone_is_mobile,
            source=Source(source),
            now=now,
        )
        customer_id, is_new, old_email, old_phone, old_consent = row
        change_source = ChangeSource.API if source == Source.API else ChangeSource.CHECKOUT
        updates: dict[str, Any] = {}
        changes: list[tuple[str, str, str]] = []
        consent_changed = bool(data.marketing_consent) if is_new else False
        if not is_new:
            if data.email != old_email:
                updates["email"] = data.email
                changes.append((ContactField.EMAIL, old_email, data.email))
            if data.phone and data.phone != old_phone:
                updates["phone_e164"] = data.phone
                updates["phone_is_mobile"] = valid.phone_is_mobile
                changes.append((ContactField.PHONE, old_phone, data.phone))
            if data.marketing_consent is not None and data.marketing_consent != old_consent:
                updates[consent_column(data.preferred_channel)] = data.marketing_consent
                consent_changed = True
        if updates:
            Customer.objects.filter(pk=customer_id).update(**updates)
        if changes:
            insert_rows(
                ContactChange,
                _CONTACT_CHANGE_COLUMNS,
                [
                    (customer_id, f, old, new, change_source, "customer", now)
                    for f, old, new in changes
                ],
            )
        if consent_changed:
            insert_rows(
                ConsentLogEntry,
                _CONSENT_LOG_COLUMNS,
                [
                    (
                        customer_id,
                        data.preferred_channel,
                        ConsentPurpose.MARKETING,
                        bool(data.marketing_consent),
                        change_source,
                        "customer",
                        now,
                        evidence,
                    )
                ],
            )
        address_id = (
            _address_upsert_row(customer_id=customer_id, address=address, now=now)
            if address is not None
            else None
        )
    return CustomerRef(
        id=customer_id,
        name=data.name,
        document=data.document,
        email=data.email,
        phone_e164=data.phone or old_phone,
        preferred_channel=data.preferred_channel,
        language=data.language,
        is_new=is_new,
        address_id=address_id,
    )


def _customer_upsert_row(
    *, data: CustomerInput, kind: str, phone_is_mobile: bool, source: str, now: datetime
) -> tuple[int, bool, str, str, bool]:
    """One INSERT .. ON CONFLICT (document) DO UPDATE .. RETURNING.

    The update leaves email, phone and consent alone, so RETURNING shows their values
    before this order: the caller compares and writes (and logs) only what changed.
    """
    table = Customer._meta.db_table
    consent = consent_column(data.preferred_channel)
    consent_columns = [consent_column(c) for c in _CHANNELS]
    optout_columns = [optout_column(c) for c in _CHANNELS]
    at = connection.ops.adapt_datetimefield_value(now)
    columns = [
        "name", "document", "document_kind", "email", "phone_e164", "phone_is_mobile",
        "preferred_channel", "language", "source", *consent_columns, *optout_columns,
        "order_count", "contact_confirmed_at", "first_order_at", "last_order_at",
        "created_at", "updated_at",
    ]  # fmt: skip
    values: list[Any] = [
        data.name, data.document, kind, data.email, data.phone, phone_is_mobile,
        data.preferred_channel, data.language, source,
        *[c == consent and bool(data.marketing_consent) for c in consent_columns],
        *[False for _c in optout_columns],
        1, at, at, at, at, at,
    ]  # fmt: skip
    is_new_params: list[Any] = []
    if connection.vendor == "postgresql":
        # xmax is 0 on a row version this statement inserted, non-zero after an update.
        is_new_sql = "(xmax = 0)"
    else:
        # SQLite has no xmax; only an insert leaves order_count at 1 with created_at = now.
        is_new_sql, is_new_params = "(order_count = 1 AND created_at = %s)", [at]
    # Every name below comes from the model's metadata or the Channel enum, never input.
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        "ON CONFLICT (document) DO UPDATE SET "
        "name = excluded.name, "
        "preferred_channel = excluded.preferred_channel, "
        "language = excluded.language, "
        f"order_count = {table}.order_count + 1, "
        "contact_confirmed_at = excluded.contact_confirmed_at, "
        f"first_order_at = COALESCE({table}.first_order_at, excluded.first_order_at), "
        "last_order_at = excluded.last_order_at, "
        "updated_at = excluded.updated_at "
        f"RETURNING id, {is_new_sql}, email, phone_e164, {consent}"
    )
    customer_id, is_new, email, phone, consent_value = execute(
        sql, [*values, *is_new_params], fetch=True
    )[1][0]
    return int(customer_id), bool(is_new), email, phone, bool(consent_value)


def _address_upsert_row(*, customer_id: int, address: Address, now: datetime) -> int:
    """One INSERT .. ON CONFLICT (customer, fingerprint): the same place is one row.

    A customer's first address becomes the default; the caller holds the customer's
    row lock, so two orders cannot both find "no address yet".
    """
    table = CustomerAddress._meta.db_table
    at = connection.ops.adapt_datetimefield_value(now)
    sql = (
        f"INSERT INTO {table} (customer_id, label, logradouro, numero, complemento, bairro, "  # noqa: S608
        "cidade, uf, cep, fingerprint, is_default, created_at, last_used_at) "
        "VALUES (%s, '', %s, %s, %s, %s, %s, %s, %s, %s, "
        f"NOT EXISTS (SELECT 1 FROM {table} WHERE customer_id = %s), %s, %s) "
        "ON CONFLICT (customer_id, fingerprint) DO UPDATE SET last_used_at = excluded.last_used_at "
        "RETURNING id"
    )
    params: list[Any] = [
        customer_id, address.logradouro, address.numero, address.complemento, address.bairro,
        address.cidade, address.uf, address.cep, address_fingerprint(address), customer_id, at, at,
    ]  # fmt: skip
    ((address_id,),) = execute(sql, params, fetch=True)[1]
    return int(address_id)


def address_fingerprint(address: Address) -> str:
    """The same place however it is typed: case, accents and spacing do not count."""
    parts = (
        address.cep,
        address.uf,
        address.cidade,
        address.bairro,
        address.logradouro,
        address.numero,
        address.complemento,
    )
    text = "|".join(_fold(part) for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().replace(".", " ").replace(",", " ").split())


# ---------------------------------------------------------------------------
# Staff and customer actions
# ---------------------------------------------------------------------------


def customer_update_contact(
    *,
    customer: Customer,
    email: str | None = None,
    phone: str | None = None,
    source: str,
    actor: Actor,
    now: datetime | None = None,
) -> Customer:
    """Change email and/or phone (None leaves it; ``phone=""`` removes it); log each change.

    Also confirms the contact data (``contact_confirmed_at = now``). Refused, with
    nothing written, when a value is invalid or when removing the phone would leave
    the preferred channel unreachable.
    """
    now = now or timezone.now()
    errors: dict[str, list[Any]] = {}
    new_email = (
        email_clean(email, lambda m, **p: errors.setdefault("customer.email", []).append(m))
        if email is not None
        else None
    )
    parsed = (
        phone_clean(phone, lambda m, **p: errors.setdefault("customer.phone", []).append(m))
        if phone is not None
        else None
    )
    if errors:
        raise DomainError(
            _("Some customer data is invalid."), code="validation_error", fields=errors
        )
    with transaction.atomic():
        locked = Customer.objects.select_for_update().get(pk=customer.pk)
        changes: list[tuple[str, str, str]] = []
        if new_email is not None and new_email != locked.email:
            changes.append((ContactField.EMAIL, locked.email, new_email))
            locked.email = new_email
        if phone is not None:
            new_phone = parsed.e164 if parsed else ""
            if new_phone != locked.phone_e164:
                changes.append((ContactField.PHONE, locked.phone_e164, new_phone))
                locked.phone_e164 = new_phone
                locked.phone_is_mobile = bool(parsed and parsed.whatsapp_able)
        if not locked.reachable(locked.preferred_channel):
            raise DomainError(
                _("The preferred channel needs this phone number; change the channel first."),
                code="validation_error",
                fields={"customer.phone": [_("the preferred channel needs this phone number")]},
            )
        locked.contact_confirmed_at = now
        locked.updated_at = now
        locked.save(
            update_fields=[
                "email", "phone_e164", "phone_is_mobile", "contact_confirmed_at", "updated_at",
            ]
        )  # fmt: skip
        _log_contact_changes(locked, changes, source=source, actor=actor, now=now)
    _refresh(customer, locked)
    return customer


def customer_set_consent(
    *,
    customer: Customer,
    channel: str,
    purpose: str,
    granted: bool,
    source: str,
    actor: Actor,
    evidence: str = "",
    now: datetime | None = None,
) -> ConsentLogEntry:
    """Record a consent given or withdrawn: the column and a log entry, together.

    Marketing: ``granted`` is the consent. Transactional: ``granted=False`` opts the
    customer out of every message on ``channel``, ``True`` opts them back in. Every
    call is logged, even one that restates the current state (it is evidence too).
    """
    channel = Channel(channel)
    purpose = ConsentPurpose(purpose)
    source = ChangeSource(source)
    now = now or timezone.now()
    if purpose == ConsentPurpose.MARKETING:
        column, value = consent_column(channel), granted
    else:
        column, value = optout_column(channel), not granted
    user, label = _actor(actor)
    with transaction.atomic():
        Customer.objects.filter(pk=customer.pk).update(**{column: value, "updated_at": now})
        entry = ConsentLogEntry.objects.create(
            customer=customer,
            channel=channel,
            purpose=purpose,
            granted=granted,
            source=source,
            actor_user=user,  # type: ignore[misc]  # AUTH_USER_MODEL, any user class
            actor_label=label,
            at=now,
            evidence=evidence,
        )
    setattr(customer, column, value)
    customer.updated_at = now
    return entry


def customer_set_preferred_channel(
    *,
    customer: Customer,
    channel: str,
    source: str,
    actor: Actor,
    now: datetime | None = None,
) -> Customer:
    """Make ``channel`` the one the customer is contacted on; it must reach them."""
    if channel not in Channel.values:
        raise DomainError(
            _("Some customer data is invalid."),
            code="validation_error",
            fields={
                "customer.preferred_channel": [
                    lazy_message(
                        _("choose one of: %(choices)s"), {"choices": ", ".join(Channel.values)}
                    )
                ]
            },
        )
    now = now or timezone.now()
    with transaction.atomic():
        locked = Customer.objects.select_for_update().get(pk=customer.pk)
        if not locked.reachable(channel):
            message = (
                _("WhatsApp and SMS need a mobile phone number")
                if channel in MOBILE_CHANNELS
                else _("a phone call needs a phone number")
            )
            raise DomainError(
                _("Some customer data is invalid."),
                code="validation_error",
                fields={"customer.preferred_channel": [message]},
            )
        if locked.preferred_channel != channel:
            changes = [(ContactField.PREFERRED_CHANNEL, locked.preferred_channel, channel)]
            locked.preferred_channel = channel
            locked.updated_at = now
            locked.save(update_fields=["preferred_channel", "updated_at"])
            _log_contact_changes(locked, changes, source=source, actor=actor, now=now)
    _refresh(customer, locked)
    return customer


def customer_confirm_contact(
    *, customer: Customer, source: str, actor: Actor, now: datetime | None = None
) -> Customer:
    """The customer (or staff with them) confirmed the contact data on file is right."""
    ChangeSource(source)
    now = now or timezone.now()
    Customer.objects.filter(pk=customer.pk).update(contact_confirmed_at=now, updated_at=now)
    customer.contact_confirmed_at = now
    customer.updated_at = now
    return customer


def _log_contact_changes(
    customer: Customer,
    changes: Sequence[tuple[str, str, str]],
    *,
    source: str,
    actor: Actor,
    now: datetime,
) -> None:
    if not changes:
        return
    _user, label = _actor(actor)
    source = ChangeSource(source)
    insert_rows(
        ContactChange,
        _CONTACT_CHANGE_COLUMNS,
        [(customer.pk, field, old, new, source, label, now) for field, old, new in changes],
    )


def _actor(actor: Actor) -> tuple[AbstractBaseUser | None, str]:
    if actor is None or isinstance(actor, AnonymousUser):
        return None, "system"
    if isinstance(actor, str):
        return None, actor[:150]
    return actor, actor.get_username()[:150]


def _refresh(customer: Customer, locked: Customer) -> None:
    for field in (
        "email", "phone_e164", "phone_is_mobile", "preferred_channel",
        "contact_confirmed_at", "updated_at",
    ):  # fmt: skip
        setattr(customer, field, getattr(locked, field))
