"""Every back-office page with 100,000 orders in the database: it answers, and with a
bounded number of queries (no query per row; none grows with the data).

The orders (and their payments, shipments, messages, stock, purchase orders, activity
log) are loaded once for the module by ``bulk.bulk_load`` inside a transaction that is
rolled back at the end, so the rest of the suite never sees them. How fast each page is
is the benchmark's job (``bench/backoffice.py``), not this test's: timings on a shared CI
machine would only make it flaky.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jornada.backoffice.tests.bulk import bulk_load, page_urls
from jornada.core.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ORDERS = 100_000
#: the most queries any page may make (session, user, roles, then the page's own reads)
MAX_QUERIES = 30
#: a sample shaped like ``bulk_load``'s, so the pages' names are known when collecting
_NAMES_SAMPLE = {
    "number": "1",
    "document": "1",
    "email": "a@b.c",
    "name": "a",
    "heavy_order": "1",
    "packing_order": "1",
    "tracking_codes": {"correios": "AA", "rapido": "RAP"},
    "purchase_order": 1,
    "template": 1,
}
PAGES = list(page_urls(_NAMES_SAMPLE))


@pytest.fixture(scope="module")
def big_store(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """100,000 orders for the module's tests, rolled back afterwards (each test still
    runs in a savepoint of its own inside this transaction)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            sample = bulk_load(ORDERS)
            # Check the deferred foreign keys once, here: left pending, PostgreSQL would
            # check all 1.2 million rows again at every test's teardown (its savepoint
            # rollback puts them back in the queue).
            connection.check_constraints()
            yield sample
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def owner_client(big_store: dict[str, Any], make_staff: Callable[..., Any]) -> Client:
    client = Client()
    client.force_login(make_staff("olga", Role.OWNER))
    return client


def test_the_store_is_as_big_as_promised(big_store: dict[str, Any]) -> None:
    counts = big_store["counts"]
    assert counts["orders.Order"] == ORDERS
    assert counts["notifications.Message"] >= 1.5 * ORDERS
    assert counts["shipping.Shipment"] >= ORDERS // 2
    assert counts["payments.Refund"] > 0
    assert big_store["heavy_orders"] >= 100


@pytest.mark.parametrize("page", PAGES)
def test_page_answers_with_a_bounded_number_of_queries(
    page: str, big_store: dict[str, Any], owner_client: Client
) -> None:
    url = page_urls(big_store)[page]
    owner_client.get(url)  # the first request fills per-process caches (templates, profile)

    with CaptureQueriesContext(connection) as queries:
        response = owner_client.get(url)

    assert response.status_code == 200, url
    assert len(queries) <= MAX_QUERIES, "\n".join(q["sql"][:300] for q in queries)
