"""Where an order's units come from, and how long they are held.

``reservations_insert`` is the hot path of order placement: one statement, whatever the
number of lines, that picks the locations and inserts the reservations; the database
triggers (migration 0002) write the ledger rows and move the levels, and the CHECK
constraints refuse the whole statement if any level would go below zero. The strategy,
in SQL so it reads the levels it writes:

1. a location that can ship every SKU of the order wins, the one serving the
   customer's UF first, then by priority;
2. otherwise each SKU is taken from the locations that can cover it whole, then the
   rest, in the same preference, splitting it across locations when none can.

Rows are inserted ordered by SKU then level, so on PostgreSQL the level rows are
locked in that order by every placement (and by every other stock write, see
``services.ledger_write``) and concurrent multi-line orders cannot deadlock. SKUs the
store does not track get a row too (status ``untracked``, no level), so the same single
statement serves stores that do not track stock at all. On SQLite the IMMEDIATE transaction already holds the write lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection

from jornada.brazil.business_days import SAO_PAULO, business_days_add
from jornada.core.db import execute


def reservation_expiry(*, payment_method: str, placed_at: dt.datetime) -> dt.datetime:
    """When stock held for an unpaid order comes back: the payment window of its method.

    Pix and cards: minutes from placement. Boleto: the end (São Paulo time) of the N-th
    business day after placement, since it can be paid until its due date.
    """
    if payment_method == "pix":
        return placed_at + dt.timedelta(minutes=settings.RESERVATION_PIX_MINUTES)
    if payment_method == "boleto":
        due = business_days_add(placed_at, settings.RESERVATION_BOLETO_BUSINESS_DAYS)
        end = dt.datetime.combine(due + dt.timedelta(days=1), dt.time(), tzinfo=SAO_PAULO)
        return end.astimezone(dt.UTC)
    if payment_method in ("credit_card", "debit_card"):
        return placed_at + dt.timedelta(minutes=settings.RESERVATION_CARD_MINUTES)
    return placed_at + dt.timedelta(minutes=settings.RESERVATION_OTHER_MINUTES)


def quantities_by_sku(lines: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Lines of the same SKU add up: stock is held per SKU, not per line."""
    wanted: dict[str, int] = {}
    for sku, quantity in lines:
        wanted[sku] = wanted.get(sku, 0) + quantity
    return wanted


@cache
def _insert_sql(skus: int, vendor: str) -> str:
    values = ", ".join(["(%s, CAST(%s AS integer))"] * skus)
    # PostgreSQL types the branches of UNION ALL before the INSERT sees them: a bare NULL
    # would become text. SQLite needs no cast (and would turn the value into a number).
    ts = "CAST(%s AS timestamp with time zone)" if vendor == "postgresql" else "%s"
    no_ts = "CAST(NULL AS timestamp with time zone)" if vendor == "postgresql" else "NULL"
    # Every name below is a fixed table or column; values are all parameters.
    return f"""
WITH req (sku, qty) AS (VALUES {values}),
cand AS (
    SELECT s.id AS level_id, s.location_id, s.sku, r.qty,
           s.on_hand - s.reserved - s.allocated AS avail,
           CASE WHEN (',' || l.serves_ufs || ',') LIKE %s THEN 0 ELSE 1 END AS uf_rank,
           l.priority
      FROM inventory_stocklevel s
      JOIN req r ON r.sku = s.sku
      JOIN inventory_location l ON l.id = s.location_id
     WHERE l.is_active AND s.on_hand - s.reserved - s.allocated > 0
),
whole AS (
    SELECT location_id FROM cand WHERE avail >= qty GROUP BY location_id
    HAVING COUNT(*) = (SELECT COUNT(*) FROM req)
),
best AS (
    SELECT location_id FROM cand WHERE location_id IN (SELECT location_id FROM whole)
     ORDER BY uf_rank, priority, location_id LIMIT 1
),
flagged AS (
    SELECT cand.*,
           CASE WHEN location_id IN (SELECT location_id FROM best) THEN 0 ELSE 1 END AS best_rank,
           CASE WHEN avail >= qty THEN 0 ELSE 1 END AS full_rank
      FROM cand
),
ranked AS (
    SELECT flagged.*,
           COALESCE(SUM(avail) OVER (
               PARTITION BY sku
               ORDER BY best_rank, full_rank, uf_rank, priority, location_id
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS taken_before
      FROM flagged
)
INSERT INTO inventory_reservation
    (order_id, level_id, sku, quantity, status, expires_at, created_at, released_at,
     release_reason)
SELECT %s, level_id, sku,
       CASE WHEN avail < qty - taken_before THEN avail ELSE qty - taken_before END,
       %s, {ts}, {ts}, {no_ts}, ''
  FROM ranked
 WHERE taken_before < qty
UNION ALL
SELECT %s, NULL, r.sku, r.qty, 'untracked', {no_ts}, {ts}, {no_ts}, ''
  FROM req r
 WHERE %s = 1
   AND NOT EXISTS (SELECT 1 FROM inventory_stocklevel s WHERE s.sku = r.sku)
   AND NOT EXISTS (SELECT 1 FROM inventory_sourcing g WHERE g.sku = r.sku)
 ORDER BY 3, 2
RETURNING sku, quantity, status
"""  # noqa: S608


def reservations_insert(
    *,
    order_id: int,
    wanted: Mapping[str, int],
    uf: str,
    status: str,
    expires_at: dt.datetime | None,
    now: dt.datetime,
) -> tuple[dict[str, int], dict[str, int]]:
    """Hold up to ``wanted`` units per SKU for the order; returns what was held per SKU,
    and the SKUs recorded as sold untracked (no stock records and no sourcing, when the
    store sells those: ``INVENTORY_SELL_UNTRACKED``).

    Must run inside a transaction (a savepoint if the caller wants to carry on after an
    ``IntegrityError``, which means a level changed under us and would go negative).
    """
    if not wanted:
        return {}, {}
    params: list[Any] = []
    for sku in sorted(wanted):
        params += [sku, wanted[sku]]
    ops = connection.ops
    params += [
        f"%,{uf.upper()},%" if uf else "",
        order_id,
        status,
        ops.adapt_datetimefield_value(expires_at),
        ops.adapt_datetimefield_value(now),
        order_id,
        ops.adapt_datetimefield_value(now),
        1 if settings.INVENTORY_SELL_UNTRACKED else 0,
    ]
    held: dict[str, int] = {}
    untracked: dict[str, int] = {}
    for sku, quantity, row_status in execute(
        _insert_sql(len(wanted), connection.vendor), params, fetch=True
    )[1]:
        into = untracked if row_status == "untracked" else held
        into[sku] = into.get(sku, 0) + int(quantity)
    return held, untracked
