import itertools
import json

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jornada.brazil.adapters.cep import (
    CepRecord,
    SandboxCepLookup,
    ViaCepLookup,
    get_cep_lookup,
)
from jornada.brazil.cep import (
    CEP_RANGES,
    UFS,
    cep_check_uf,
    cep_format,
    cep_matches_uf,
    cep_normalize,
    cep_uf,
)
from jornada.brazil.errors import CepError, CepNotFound, CepServiceUnavailable

PAULISTA = {
    "cep": "01310-100",
    "logradouro": "Avenida Paulista",
    "complemento": "de 612 a 1510 - lado par",
    "bairro": "Bela Vista",
    "localidade": "São Paulo",
    "uf": "SP",
    "ibge": "3550308",
}


def test_normalises_and_formats_a_cep():
    assert cep_normalize(" 01310-100 ") == "01310100"
    assert cep_normalize("01.310-100") == "01310100"
    assert cep_format("01310100") == "01310-100"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("0131-010", "invalid_length"),
        ("01310-10A", "invalid_characters"),
        (1310100, "invalid_type"),
    ],
)
def test_explains_a_malformed_cep(value, code):
    with pytest.raises(CepError) as caught:
        cep_normalize(value)
    assert (caught.value.code, caught.value.field) == (code, "cep")


@pytest.mark.parametrize(
    ("cep", "uf"),
    [
        ("01001-000", "SP"),
        ("19999-999", "SP"),
        ("20040-020", "RJ"),
        ("68900-000", "AP"),
        ("68899-999", "PA"),
        ("69300-000", "RR"),
        ("69400-000", "AM"),
        ("69900-000", "AC"),
        ("72800-000", "GO"),
        ("73000-000", "DF"),
        ("73700-000", "GO"),
        ("76800-000", "RO"),
        ("99999-999", "RS"),
    ],
)
def test_finds_the_state_of_a_cep_from_the_correios_ranges(cep, uf):
    assert cep_uf(cep) == uf
    assert cep_matches_uf(cep, uf.lower())


def test_ranges_cover_all_27_states_without_overlap():
    assert {uf for _s, _e, uf in CEP_RANGES} == UFS
    for (_s1, end, _u1), (start, _e2, _u2) in itertools.pairwise(CEP_RANGES):
        assert end < start


def test_rejects_a_cep_from_another_state_naming_both():
    with pytest.raises(CepError) as caught:
        cep_check_uf("01310-100", "RJ")
    assert caught.value.code == "cep_uf_mismatch"
    assert caught.value.params == {"actual": "SP", "expected": "RJ"}


def test_rejects_a_cep_below_the_first_range():
    with pytest.raises(CepError) as caught:
        cep_uf("00999-999")
    assert caught.value.code == "cep_out_of_range"
    assert not cep_matches_uf("00999-999", "SP")


@given(st.integers(1_000_000, 99_999_999))
def test_every_cep_in_use_belongs_to_exactly_one_state(number):
    cep = f"{number:08d}"
    assert sum(cep_matches_uf(cep, uf) for uf in UFS) == 1


# -- sandbox ------------------------------------------------------------------


def test_sandbox_holds_real_ceps_for_all_27_states_each_in_its_state_range():
    lookup = SandboxCepLookup()
    records = [lookup.lookup(cep) for cep in lookup.known_ceps()]
    assert len(records) >= 30
    assert {record.uf for record in records} == UFS
    assert all(cep_uf(record.cep) == record.uf for record in records)


def test_sandbox_answers_avenida_paulista():
    assert SandboxCepLookup().lookup("01310-100") == CepRecord(
        cep="01310100",
        logradouro="Avenida Paulista",
        complemento="de 612 a 1510 - lado par",
        bairro="Bela Vista",
        cidade="São Paulo",
        uf="SP",
        ibge="3550308",
    )


def test_sandbox_says_not_found_for_an_unknown_cep():
    with pytest.raises(CepNotFound) as caught:
        SandboxCepLookup().lookup("01310-999")
    assert (caught.value.code, caught.value.status) == ("cep_not_found", 404)


def test_factory_defaults_to_the_sandbox_and_uses_http_when_a_url_is_given(settings):
    assert isinstance(get_cep_lookup(), SandboxCepLookup)
    assert isinstance(get_cep_lookup("https://viacep.example"), ViaCepLookup)
    settings.JORNADA_CEP_LOOKUP_URL = "https://cep.example"
    assert get_cep_lookup().base_url == "https://cep.example"  # type: ignore[attr-defined]


# -- HTTP adapter (no network: httpx.MockTransport) ----------------------------


class FakeService:
    """A ViaCEP stand-in that answers from a script and records the calls."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.urls = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


def _lookup(service, **options):
    sleeps: list[float] = []
    lookup = ViaCepLookup(
        "https://viacep.example/",
        client=httpx.Client(transport=httpx.MockTransport(service)),
        sleep=sleeps.append,
        **options,
    )
    return lookup, sleeps


def test_http_lookup_reads_the_viacep_answer():
    service = FakeService(httpx.Response(200, json=PAULISTA))
    lookup, sleeps = _lookup(service)
    record = lookup.lookup("01310-100")
    assert record.cidade == "São Paulo"
    assert record.cep == "01310100"
    assert service.urls == ["https://viacep.example/ws/01310100/json/"]
    assert sleeps == []


def test_http_lookup_caches_answers():
    service = FakeService(httpx.Response(200, json=PAULISTA))
    lookup, _sleeps = _lookup(service)
    lookup.lookup("01310100")
    lookup.lookup("01310-100")
    assert len(service.urls) == 1


def test_http_lookup_cache_expires_after_its_ttl():
    now = [0.0]
    service = FakeService(httpx.Response(200, json=PAULISTA))
    lookup = ViaCepLookup(
        "https://viacep.example",
        client=httpx.Client(transport=httpx.MockTransport(service)),
        cache_ttl=60,
        clock=lambda: now[0],
    )
    lookup.lookup("01310100")
    now[0] = 61.0
    lookup.lookup("01310100")
    assert len(service.urls) == 2


def test_http_lookup_retries_transient_errors_with_backoff():
    service = FakeService(
        httpx.ConnectTimeout("slow"),
        httpx.Response(503),
        httpx.Response(200, json=PAULISTA),
    )
    lookup, sleeps = _lookup(service, retries=2, backoff=0.5)
    assert lookup.lookup("01310100").uf == "SP"
    assert sleeps == [0.5, 1.0]
    assert len(service.urls) == 3


def test_http_lookup_gives_up_after_the_retries_with_a_typed_error():
    service = FakeService(httpx.ConnectError("refused"))
    lookup, sleeps = _lookup(service, retries=2, backoff=0.1)
    with pytest.raises(CepServiceUnavailable) as caught:
        lookup.lookup("01310100")
    assert caught.value.code == "cep_service_unavailable"
    assert caught.value.params == {"problem": "connection_error"}
    assert sleeps == [0.1, 0.2]
    assert len(service.urls) == 3


def test_http_lookup_reports_not_found_from_the_erro_flag_and_caches_it():
    service = FakeService(httpx.Response(200, json={"erro": "true"}))
    lookup, _sleeps = _lookup(service)
    for _ in range(2):
        with pytest.raises(CepNotFound):
            lookup.lookup("99999999")
    assert len(service.urls) == 1


def test_http_lookup_does_not_call_the_service_for_a_malformed_cep():
    service = FakeService(httpx.Response(200, json=PAULISTA))
    lookup, _sleeps = _lookup(service)
    with pytest.raises(CepError):
        lookup.lookup("123")
    assert service.urls == []


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, text="<html>oops</html>"),
        httpx.Response(200, json=["not", "an", "object"]),
        httpx.Response(200, json={"cep": "01310-100"}),
        httpx.Response(401, json={}),
    ],
)
def test_http_lookup_turns_odd_answers_into_a_service_error(response):
    lookup, _sleeps = _lookup(FakeService(response), retries=0)
    with pytest.raises(CepServiceUnavailable):
        lookup.lookup("01310100")


def test_http_lookup_keeps_the_cache_bounded():
    def answer(request):
        cep = request.url.path.split("/")[2]
        return httpx.Response(200, text=json.dumps({**PAULISTA, "cep": cep}))

    lookup, _sleeps = _lookup(answer, cache_size=2)
    for cep in ("01310100", "01310200", "01310300"):
        lookup.lookup(cep)
    assert len(lookup._cache) == 2
