"""Demo orders: a handful of customers buying from the demo catalog on every channel.

Placed through ``order_place`` like any real order, so the demo shows the same timeline,
events and (once the worker runs) the same reactions downstream. Running it again places
nothing new.
"""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model

from jornada.brazil.documents import cpf_generate
from jornada.customers.types import CustomerInput
from jornada.orders.models import ActorKind, Order
from jornada.orders.services import order_place
from jornada.orders.types import Actor, AddressInput, LineInput, OrderInput

_PEOPLE = (
    # name, email, phone, channel preference, address (logradouro, número, bairro, cidade, UF, CEP)
    (
        "Maria Aparecida Souza",
        "maria.souza@example.com.br",
        "(11) 98765-4321",
        "whatsapp",
        ("Avenida Paulista", "1000", "Bela Vista", "São Paulo", "SP", "01310100"),
    ),
    (
        "João Pedro Oliveira",
        "joao.oliveira@example.com.br",
        "(21) 99876-5432",
        "email",
        ("Rua Voluntários da Pátria", "45", "Botafogo", "Rio de Janeiro", "RJ", "22270000"),
    ),
    (
        "Ana Beatriz Lima",
        "ana.lima@example.com.br",
        "(31) 99123-4567",
        "sms",
        ("Avenida Afonso Pena", "1500", "Centro", "Belo Horizonte", "MG", "30130005"),
    ),
    (
        "Carlos Eduardo Santos",
        "carlos.santos@example.com.br",
        "(71) 98888-7777",
        "phone",
        ("Avenida Sete de Setembro", "200", "Centro", "Salvador", "BA", "40060001"),
    ),
    (
        "Fernanda Costa",
        "fernanda.costa@example.com.br",
        "(51) 99555-1234",
        "whatsapp",
        ("Rua dos Andradas", "1234", "Centro Histórico", "Porto Alegre", "RS", "90020008"),
    ),
)

_ORDERS = (
    # person, lines, payment method, instalments, gift wrap message, channel
    (0, (("CAF-SUL-250-GRA", 2), ("CAN-CER-AZU", 1)), "pix", 1, "", "online_store"),
    (1, (("CAM-BAS-M-PRE", 1), ("CAM-IPE-M", 1)), "credit_card", 3, "", "online_store"),
    (2, (("KIT-CAF-MAN", 1),), "boleto", 1, "Feliz aniversário, mãe!", "online_store"),
    (3, (("REL-AUT-AZU", 1),), "credit_card", 10, "", "whatsapp"),
    (4, (("XIC-JOG-6", 1), ("DOC-LEI-400", 2)), "pix", 1, "", "physical_store"),
    (0, (("CAF-CER-250-MOI", 3),), "debit_card", 1, "", "online_store"),
    (1, (("LUM-ARC-PRE", 1),), "paypal", 1, "", "online_store"),
    (2, (("CAM-TUC-4", 2), ("CAN-AGA-VER", 1)), "credit_card", 2, "Um presente para você", "phone"),
)


def orders_demo_load() -> int:
    """Place the demo orders if the store has none yet; returns how many were placed."""
    if Order.objects.exists():
        return 0
    rng = random.Random(2026)
    documents = [cpf_generate(rng) for _ in _PEOPLE]
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    clerk = Actor(
        kind=ActorKind.STAFF,
        user_id=admin.pk if admin else None,
        label=admin.get_username() if admin else "demo",
    )
    placed = 0
    for person, lines, method, instalments, gift, channel in _ORDERS:
        name, email, phone, preferred, address = _PEOPLE[person]
        logradouro, numero, bairro, cidade, uf, cep = address
        actor = Actor.integration("demo") if channel == "online_store" else clerk
        order_place(
            data=OrderInput(
                customer=CustomerInput(
                    name=name,
                    document=documents[person],
                    email=email,
                    phone=phone,
                    preferred_channel=preferred,
                    marketing_consent=True,
                ),
                shipping_address=AddressInput(
                    logradouro=logradouro,
                    numero=numero,
                    complemento="",
                    bairro=bairro,
                    cidade=cidade,
                    uf=uf,
                    cep=cep,
                ),
                lines=tuple(LineInput(sku, qty) for sku, qty in lines),
                payment_method=method,
                instalments=instalments,
                gift_wrap=bool(gift),
                gift_message=gift,
                channel=channel,
            ),
            actor=actor,
        )
        placed += 1
    return placed
