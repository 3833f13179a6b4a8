"""The delivery deadline as a pure calculation over business days (holidays counted).

deadline = processing days (store's state) + supplier lead days when backordered
(store's state) + the carrier's business days for the CEP (destination's state).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jornada.brazil.business_days import business_days_add


@dataclass(frozen=True, slots=True)
class Deadline:
    promised_date: dt.date
    processing_days: int
    supplier_days: int
    carrier_days: int


def deadline_compute(
    *,
    start: dt.datetime,
    processing_days: int,
    supplier_days: int,
    carrier_days: int,
    store_uf: str | None,
    destination_uf: str | None,
) -> Deadline:
    ready = business_days_add(start, processing_days + supplier_days, uf=store_uf)
    promised = business_days_add(ready, carrier_days, uf=destination_uf)
    return Deadline(promised, processing_days, supplier_days, carrier_days)
