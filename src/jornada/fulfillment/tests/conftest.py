from __future__ import annotations

from collections.abc import Iterator

import pytest

from jornada.catalog.models import Variant
from jornada.shipping.tests.journey import stage_wiring, store_catalog


@pytest.fixture
def catalog(db) -> dict[str, Variant]:  # type: ignore[no-untyped-def]
    return store_catalog()


@pytest.fixture
def wiring() -> Iterator[None]:
    with stage_wiring():
        yield
