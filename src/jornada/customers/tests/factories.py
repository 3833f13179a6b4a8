"""Factories for customers: valid generated CPFs, Brazilian mobile numbers."""

from __future__ import annotations

import random

import factory
from django.utils import timezone

from jornada.brazil.documents import cpf_generate

from ..models import ConsentLogEntry, Customer, CustomerAddress
from ..types import ChangeSource, Channel, ConsentPurpose, DocumentKind, Source

_rng = random.Random(20260701)


class CustomerFactory(factory.django.DjangoModelFactory[Customer]):
    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: f"Cliente {n:04d}")
    document = factory.LazyFunction(lambda: cpf_generate(_rng))
    document_kind = DocumentKind.CPF
    email = factory.Sequence(lambda n: f"cliente{n}@example.com.br")
    phone_e164 = factory.Sequence(lambda n: f"+55119{n % 100_000_000:08d}")
    phone_is_mobile = True
    preferred_channel = Channel.EMAIL
    language = "pt-br"
    source = Source.ONLINE_STORE
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyAttribute(lambda o: o.created_at)


class CustomerAddressFactory(factory.django.DjangoModelFactory[CustomerAddress]):
    class Meta:
        model = CustomerAddress

    customer = factory.SubFactory(CustomerFactory)
    logradouro = "Avenida Paulista"
    numero = factory.Sequence(lambda n: str(1000 + n))
    bairro = "Bela Vista"
    cidade = "São Paulo"
    uf = "SP"
    cep = "01310100"
    fingerprint = factory.Sequence(lambda n: f"{n:032x}")


class ConsentLogEntryFactory(factory.django.DjangoModelFactory[ConsentLogEntry]):
    class Meta:
        model = ConsentLogEntry

    customer = factory.SubFactory(CustomerFactory)
    channel = Channel.EMAIL
    purpose = ConsentPurpose.MARKETING
    granted = True
    source = ChangeSource.CHECKOUT
    actor_label = "customer"
