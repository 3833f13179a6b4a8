"""Wiring for bench/outbox.py: one no-op handler for one event type."""

from dataclasses import dataclass

from jornada.core.events import DomainEvent, Event

HANDLERS = {"bench.Noop": ("outbox_wiring.noop",)}


@dataclass(frozen=True, kw_only=True)
class BenchNoop(DomainEvent):
    event_type = "bench.Noop"
    n: int


def noop(event: Event) -> None:
    return None
