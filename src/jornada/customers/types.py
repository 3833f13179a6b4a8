"""What crosses the customers app's boundary: choices and frozen values.

``CustomerInput`` holds the raw values a customer typed (checkout, API, staff form);
``customer_input_validate`` returns a normalised copy. ``CustomerRef`` is what the
order intake gets back from ``customer_upsert_for_order``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("email")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    PHONE = "phone", _("phone call")


#: Channels that reach a mobile phone only.
MOBILE_CHANNELS = frozenset({Channel.WHATSAPP, Channel.SMS})


class Source(models.TextChoices):
    """Where the customer came from (their first order's channel of sale)."""

    ONLINE_STORE = "online_store", _("online store")
    PHYSICAL_STORE = "physical_store", _("physical store")
    MARKETPLACE = "marketplace", _("marketplace")
    PHONE = "phone", _("phone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    API = "api", _("API")


class ConsentPurpose(models.TextChoices):
    #: order, payment and delivery messages: allowed unless the customer opted out
    TRANSACTIONAL = "transactional", _("transactional")
    #: offers, coupons, cross-sell: only with the customer's consent
    MARKETING = "marketing", _("marketing")


class ChangeSource(models.TextChoices):
    """How a consent or contact change reached us (the "how" of the LGPD log)."""

    CHECKOUT = "checkout", _("checkout")
    STAFF = "staff", _("staff")
    UNSUBSCRIBE_LINK = "unsubscribe_link", _("unsubscribe link")
    API = "api", _("API")
    IMPORT = "import", _("import")


class DocumentKind(models.TextChoices):
    CPF = "cpf", "CPF"
    CNPJ = "cnpj", "CNPJ"


class ContactField(models.TextChoices):
    EMAIL = "email", _("email")
    PHONE = "phone", _("phone")
    PREFERRED_CHANNEL = "preferred_channel", _("preferred channel")


@dataclass(frozen=True, slots=True)
class CustomerInput:
    """Customer data as typed; ``marketing_consent`` is None when the form did not ask.

    A given consent applies to marketing on ``preferred_channel``.
    """

    name: str
    document: str
    email: str
    phone: str = ""
    preferred_channel: str = "email"
    language: str = "pt-br"
    marketing_consent: bool | None = None


@dataclass(frozen=True, slots=True)
class CustomerRef:
    """The customer an order belongs to, after the upsert (current contact data)."""

    id: int
    name: str
    document: str
    email: str
    phone_e164: str
    preferred_channel: str
    language: str
    is_new: bool
    #: the ``CustomerAddress`` the order's address was matched to (None without address)
    address_id: int | None = None
