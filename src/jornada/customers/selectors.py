"""Reads: find customers, and decide whether a message may go out on a channel."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from jornada.brazil.documents import tax_id_validate
from jornada.brazil.errors import DocumentError

from .models import ConsentLogEntry, Customer
from .types import Channel, ConsentPurpose

_DOCUMENT_SEPARATORS = str.maketrans("", "", ".-/ ")


def customer_by_document(document: str) -> Customer | None:
    """The customer with this CPF/CNPJ, typed in any format; None if none (or invalid)."""
    try:
        _kind, normalised = tax_id_validate(document)
    except DocumentError:
        return None
    return Customer.objects.filter(document=normalised).first()


def customer_search(query: str, *, limit: int = 50) -> QuerySet[Customer]:
    """Customers whose name or email contains ``query``, or whose CPF/CNPJ or phone
    starts with / contains its digits (``"529.982"`` finds ``52998224725``)."""
    text = " ".join(query.split())
    if not text:
        return Customer.objects.none()
    condition = Q(name__icontains=text) | Q(email__icontains=text.lower())
    compact = text.translate(_DOCUMENT_SEPARATORS).upper()
    if compact.isalnum() and len(compact) >= 3:
        condition |= Q(document__startswith=compact)
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 4:
        condition |= Q(phone_e164__contains=digits)
    return Customer.objects.filter(condition).order_by("name", "id")[:limit]


def customer_can_contact(*, customer: Customer, channel: str, purpose: str) -> bool:
    """Whether a message for ``purpose`` may be sent to ``customer`` on ``channel``.

    The channel must reach them (WhatsApp and SMS need a mobile phone) and they must
    not have opted out of it. Transactional messages need nothing more; marketing
    needs the customer's consent on that channel.
    """
    channel = Channel(channel)
    purpose = ConsentPurpose(purpose)
    if not customer.reachable(channel) or customer.opted_out(channel):
        return False
    if purpose == ConsentPurpose.TRANSACTIONAL:
        return True
    return customer.has_marketing_consent(channel)


def customer_consent_history(customer: Customer) -> QuerySet[ConsentLogEntry]:
    """The customer's consent log, newest first (what LGPD asks us to show)."""
    return ConsentLogEntry.objects.filter(customer=customer).order_by("-at", "-id")
