"""Loads the wiring (``jornada.wiring`` plus plugins) and resolves its dotted paths."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass
class Registry:
    handlers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    jobs: dict[str, str] = field(default_factory=dict)
    periodic: dict[str, int] = field(default_factory=dict)

    def handlers_for(self, event_type: str) -> tuple[str, ...]:
        return self.handlers.get(event_type, ())

    def load(self, module_path: str) -> None:
        module = importlib.import_module(module_path)
        for event_type, paths in getattr(module, "HANDLERS", {}).items():
            merged = list(self.handlers.get(event_type, ()))
            merged += [p for p in paths if p not in merged]
            self.handlers[event_type] = tuple(merged)
        self.jobs.update(getattr(module, "TIMER_JOBS", {}))
        self.periodic.update(getattr(module, "PERIODIC_JOBS", {}))


registry = Registry()


def autodiscover() -> None:
    registry.handlers.clear()
    registry.jobs.clear()
    registry.periodic.clear()
    for module_path in ["jornada.wiring", *settings.EXTRA_WIRING]:
        registry.load(module_path)


@cache
def resolve(dotted_path: str) -> Callable[..., Any]:
    return import_string(dotted_path)  # type: ignore[no-any-return]


@contextmanager
def override(
    *,
    handlers: dict[str, tuple[str, ...]] | None = None,
    jobs: dict[str, str] | None = None,
    periodic: dict[str, int] | None = None,
) -> Iterator[Registry]:
    """Replace parts of the registry for the duration of a test."""
    saved = (dict(registry.handlers), dict(registry.jobs), dict(registry.periodic))
    if handlers is not None:
        registry.handlers = dict(handlers)
    if jobs is not None:
        registry.jobs = dict(jobs)
    if periodic is not None:
        registry.periodic = dict(periodic)
    try:
        yield registry
    finally:
        registry.handlers, registry.jobs, registry.periodic = saved
