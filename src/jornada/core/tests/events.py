from __future__ import annotations

from dataclasses import dataclass

from jornada.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class Ping(DomainEvent):
    event_type = "tests.Ping"
    n: int


@dataclass(frozen=True, kw_only=True)
class SlowPing(DomainEvent):
    event_type = "tests.SlowPing"
    n: int
    sleep: float = 0.002


@dataclass(frozen=True, kw_only=True)
class Noop(DomainEvent):
    event_type = "tests.Noop"
    n: int


@dataclass(frozen=True, kw_only=True)
class Blocking(DomainEvent):
    event_type = "tests.Blocking"
    n: int
    marker: str
