from __future__ import annotations

from collections.abc import Iterator

import pytest

from jornada.core import registry as registry_module
from jornada.core.registry import Registry
from jornada.core.tests import handlers, wiring_for_tests


@pytest.fixture
def test_wiring() -> Iterator[Registry]:
    """The core test handlers wired in this process (as JORNADA_EXTRA_WIRING does in workers)."""
    with registry_module.override():
        registry_module.registry.load(wiring_for_tests.__name__)
        yield registry_module.registry


@pytest.fixture
def effects_table() -> Iterator[None]:
    handlers.create_effects_table()
    yield
    handlers.drop_effects_table()
