"""Looking a CEP up: a ``Protocol``, a ViaCEP-style HTTP adapter and a sandbox.

The sandbox (a bundled sample of real CEPs, one or more per state) is the default, so
development and tests never touch the network. Set ``JORNADA_CEP_LOOKUP_URL`` in
Django settings (for example ``https://viacep.com.br``) to use the HTTP adapter.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

import httpx
from django.utils.translation import gettext_lazy as _

from ..cep import cep_normalize
from ..errors import CepNotFound, CepServiceUnavailable


@dataclass(frozen=True, slots=True)
class CepRecord:
    """What the Correios base knows about a CEP. ``logradouro`` is empty for city-wide CEPs."""

    cep: str
    logradouro: str
    complemento: str
    bairro: str
    cidade: str
    uf: str
    ibge: str = ""


class CepLookup(Protocol):
    def lookup(self, cep: str) -> CepRecord:
        """The record for ``cep``; :class:`CepError` if malformed, :class:`CepNotFound`
        if unknown, :class:`CepServiceUnavailable` if the service cannot answer."""
        ...


def _not_found(cep: str) -> CepNotFound:
    return CepNotFound(_("CEP %(cep)s not found"), field="cep", params={"cep": cep})


class SandboxCepLookup:
    """Answers from ``data/ceps.json`` (real CEPs across all 27 states), or ``records``."""

    def __init__(self, records: dict[str, CepRecord] | None = None) -> None:
        self._records = records if records is not None else _bundled_records()

    def lookup(self, cep: str) -> CepRecord:
        digits = cep_normalize(cep)
        try:
            return self._records[digits]
        except KeyError:
            raise _not_found(digits) from None

    def known_ceps(self) -> list[str]:
        return sorted(self._records)


@lru_cache(maxsize=1)
def _bundled_records() -> dict[str, CepRecord]:
    text = resources.files("jornada.brazil").joinpath("data/ceps.json").read_text("utf-8")
    return {row["cep"]: CepRecord(**row) for row in json.loads(text)["ceps"]}


_TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class ViaCepLookup:
    """A ViaCEP-style JSON service: ``GET {base_url}/ws/{cep}/json/``.

    Transient failures (timeouts, connection errors, 429 and 5xx) are retried
    ``retries`` times with exponential backoff (``backoff``, ``2*backoff``, ...); then
    :class:`CepServiceUnavailable`. Answers (found and not found) are cached for
    ``cache_ttl`` seconds, up to ``cache_size`` CEPs, per adapter instance.
    """

    def __init__(
        self,
        base_url: str,
        *,
        client: httpx.Client | None = None,
        timeout: float = 3.0,
        retries: int = 2,
        backoff: float = 0.25,
        cache_ttl: float = 24 * 3600,
        cache_size: int = 2048,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._client = client or httpx.Client(timeout=timeout)
        self._timeout = timeout
        self._retries = retries
        self._backoff = backoff
        self._cache_ttl = cache_ttl
        self._cache_size = cache_size
        self._sleep = sleep
        self._clock = clock
        self._cache: OrderedDict[str, tuple[float, CepRecord | None]] = OrderedDict()
        self._lock = threading.Lock()

    def lookup(self, cep: str) -> CepRecord:
        digits = cep_normalize(cep)
        cached = self._cache_get(digits)
        if cached is not None:
            record = cached[1]
            if record is None:
                raise _not_found(digits)
            return record
        record = self._fetch(digits)
        self._cache_put(digits, record)
        if record is None:
            raise _not_found(digits)
        return record

    def _fetch(self, digits: str) -> CepRecord | None:
        url = f"{self.base_url}/ws/{digits}/json/"
        attempt = 0
        while True:
            try:
                response = self._client.get(url, timeout=self._timeout)
            except httpx.TimeoutException:
                problem = "timeout"
            except httpx.TransportError:
                problem = "connection_error"
            else:
                if response.status_code not in _TRANSIENT_STATUS:
                    return self._read(digits, response)
                problem = f"http_{response.status_code}"
            if attempt >= self._retries:
                raise CepServiceUnavailable(
                    _("the CEP service did not answer (%(problem)s); try again later"),
                    field="cep",
                    params={"problem": problem},
                )
            self._sleep(self._backoff * (2**attempt))
            attempt += 1

    def _read(self, digits: str, response: httpx.Response) -> CepRecord | None:
        if response.status_code in (400, 404):
            # ViaCEP answers 400 to malformed CEPs; ours are well formed, so: unknown.
            return None
        if response.status_code != 200:
            raise CepServiceUnavailable(
                _("the CEP service answered with status %(status)d"),
                code="cep_service_error",
                field="cep",
                params={"status": response.status_code},
            )
        try:
            body: Any = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise CepServiceUnavailable(
                _("the CEP service sent an answer that is not a JSON object"),
                code="cep_service_bad_response",
                field="cep",
            )
        if body.get("erro") in (True, "true"):
            return None
        try:
            return CepRecord(
                cep=cep_normalize(str(body.get("cep") or digits)),
                logradouro=str(body.get("logradouro") or ""),
                complemento=str(body.get("complemento") or ""),
                bairro=str(body.get("bairro") or ""),
                cidade=str(body["localidade"]),
                uf=str(body["uf"]).upper(),
                ibge=str(body.get("ibge") or ""),
            )
        except (KeyError, ValueError):
            raise CepServiceUnavailable(
                _("the CEP service sent an answer without city or state"),
                code="cep_service_bad_response",
                field="cep",
            ) from None

    def _cache_get(self, digits: str) -> tuple[float, CepRecord | None] | None:
        with self._lock:
            entry = self._cache.get(digits)
            if entry is None:
                return None
            if entry[0] < self._clock():
                del self._cache[digits]
                return None
            self._cache.move_to_end(digits)
            return entry

    def _cache_put(self, digits: str, record: CepRecord | None) -> None:
        with self._lock:
            self._cache[digits] = (self._clock() + self._cache_ttl, record)
            self._cache.move_to_end(digits)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)


_factory_lock = threading.Lock()
_instances: dict[str | None, CepLookup] = {}


def get_cep_lookup(base_url: str | None = None) -> CepLookup:
    """The process-wide CEP lookup: ViaCEP-style at ``base_url`` (or the
    ``JORNADA_CEP_LOOKUP_URL`` setting) when given, else the sandbox."""
    if base_url is None:
        from django.conf import settings

        base_url = (
            getattr(settings, "JORNADA_CEP_LOOKUP_URL", None) if settings.configured else None
        )
    with _factory_lock:
        lookup = _instances.get(base_url or None)
        if lookup is None:
            lookup = ViaCepLookup(base_url) if base_url else SandboxCepLookup()
            _instances[base_url or None] = lookup
        return lookup
