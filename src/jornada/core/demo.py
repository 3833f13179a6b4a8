"""Demo data for trying Jornada out: ``jornada init --demo`` (what ``make run`` does).

Each app contributes a step (a dotted path to a function taking no arguments), listed in
``jornada.wiring.DEMO_STEPS`` in dependency order; every step is idempotent.
"""

from __future__ import annotations

from django.utils.module_loading import import_string

from jornada.core.store import store_profile, store_profile_update


def store_profile_demo() -> None:
    """Give the demo store a name, contacts and an address (only while it has the defaults)."""
    profile = store_profile()
    if profile.phone:
        return
    store_profile_update(
        name="Casa Jornada",
        legal_name="Casa Jornada Comércio Ltda.",
        document="11222333000181",
        email="atendimento@casajornada.example",
        phone="+551133334444",
        whatsapp="+5511987654321",
        website="https://casajornada.example",
        logradouro="Rua Augusta",
        numero="1500",
        complemento="loja 2",
        bairro="Consolação",
        cidade="São Paulo",
        uf="SP",
        cep="01304001",
    )


def demo_load() -> list[str]:
    """Run every demo step; returns the steps run, in order."""
    from jornada import wiring

    done = []
    for path in wiring.DEMO_STEPS:
        import_string(path)()
        done.append(path)
    return done


def inventory_demo() -> None:
    """A warehouse in São Paulo and the physical store in Rio with stock of every demo
    SKU; the clock is dropshipped by its supplier and may be sold when out of stock."""
    from decimal import Decimal

    from jornada.catalog.models import Variant
    from jornada.inventory.models import Location, Sourcing, SourcingMode, Supplier
    from jornada.inventory.services import StockActor, stock_receive

    if Location.objects.exists():
        return
    warehouse = Location.objects.create(
        code="cd-sp", name="CD São Paulo", uf="SP", serves_ufs="SP,PR,MG,RS", priority=10
    )
    store = Location.objects.create(
        code="loja-rj", name="Loja Rio", kind="store", uf="RJ", serves_ufs="RJ,ES,BA", priority=20
    )
    supplier = Supplier.objects.create(
        name="Relojoaria Horas Certas Ltda.",
        email="pedidos@horascertas.example",
        lead_time_days=5,
        terms="30 dias, frete por conta do fornecedor",
    )
    actor = StockActor(label="demo")
    for variant in Variant.objects.order_by("sku"):
        if variant.sku.startswith("REL-"):
            Sourcing.objects.create(
                sku=variant.sku,
                mode=SourcingMode.DROPSHIP,
                supplier=supplier,
                supplier_sku=f"HC-{variant.sku}",
                unit_cost=(variant.price * Decimal("0.55")).quantize(Decimal("0.01")),
                allow_backorder=True,
            )
            continue
        stock_receive(location=warehouse, sku=variant.sku, quantity=40, actor=actor)
        stock_receive(location=store, sku=variant.sku, quantity=8, actor=actor)
