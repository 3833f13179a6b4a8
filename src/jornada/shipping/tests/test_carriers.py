"""Carrier services as owners configure them: the list with rate counts, on and off."""

from __future__ import annotations

import pytest

from jornada.core.errors import NotFound
from jornada.shipping.carriers import carrier_service_set_active, carrier_services
from jornada.shipping.models import CarrierService, RateRow

pytestmark = pytest.mark.django_db


def test_services_are_listed_with_their_carrier_and_rate_rows(django_assert_num_queries):
    with django_assert_num_queries(1):
        services = carrier_services()
        names = [(s.carrier.name, s.code) for s in services]
    assert ("Correios", "correios-pac") in names
    pac = next(s for s in services if s.code == "correios-pac")
    assert pac.rate_rows == RateRow.objects.filter(service__code="correios-pac").count()
    assert pac.rate_rows > 0


def test_switching_a_service_off_and_on():
    service, changed = carrier_service_set_active(service_code="correios-pac", active=False)
    assert changed and not service.is_active
    assert not CarrierService.objects.get(code="correios-pac").is_active
    _service, again = carrier_service_set_active(service_code="correios-pac", active=False)
    assert not again
    carrier_service_set_active(service_code="correios-pac", active=True)
    assert CarrierService.objects.get(code="correios-pac").is_active


def test_an_unknown_service_is_refused():
    with pytest.raises(NotFound) as refused:
        carrier_service_set_active(service_code="nope", active=False)
    assert list(refused.value.fields) == ["service"]
