"""Idempotency-Key: replay, refusal of reuse, missing keys, in-progress keys, takeover, TTL."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from jornada.api.idempotency import canonical_body, fingerprint
from jornada.api.models import ApiKey, IdempotencyRecord, IdempotencyStatus
from jornada.api.services import idempotency_records_purge
from jornada.api.tests.conftest import MakeKey

pytestmark = [pytest.mark.urls("jornada.api.tests.urls"), pytest.mark.django_db]


@pytest.fixture
def caller(make_api_key: MakeKey) -> tuple[ApiKey, dict[str, str]]:
    api_key, plaintext = make_api_key("groups:write")
    return api_key, {"Authorization": f"Bearer {plaintext}"}


def post(client: Client, headers: dict[str, str], body: object, key: str | None = "k-1"):  # type: ignore[no-untyped-def]
    if key is not None:
        headers = {**headers, "Idempotency-Key": key}
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post("/test-api/groups", data, content_type="application/json", headers=headers)


def record_for(api_key: ApiKey, body: dict[str, str], **fields: object) -> IdempotencyRecord:
    return IdempotencyRecord.objects.create(
        scope=f"key:{api_key.pk} POST /test-api/groups",
        key="k-1",
        fingerprint=fingerprint(query=[], body=json.dumps(body).encode()),
        **fields,
    )


def test_same_key_and_body_replays_the_first_response_byte_for_byte(client: Client, caller) -> None:  # type: ignore[no-untyped-def]
    _api_key, headers = caller
    first = post(client, headers, {"name": "vip"})

    again = post(client, headers, {"name": "vip"})

    assert first.status_code == 201
    assert again.status_code == 201
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert Group.objects.count() == 1
    record = IdempotencyRecord.objects.get()
    assert record.status == IdempotencyStatus.COMPLETED
    assert record.response_status == 201
    assert bytes(record.response_body) == first.content


def test_the_same_json_written_differently_is_the_same_request(client: Client, caller) -> None:  # type: ignore[no-untyped-def]
    _api_key, headers = caller
    first = post(client, headers, '{"name": "vip"}')

    again = post(client, headers, '{\n  "name":"vip"\n}')

    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert Group.objects.count() == 1


def test_same_key_with_another_body_answers_422_and_writes_nothing(client: Client, caller) -> None:  # type: ignore[no-untyped-def]
    _api_key, headers = caller
    first = post(client, headers, {"name": "vip"})

    other = post(client, {**headers, "Accept-Language": "es"}, {"name": "gold"})

    assert other.status_code == 422
    assert other.json() == {
        "error": {
            "code": "idempotency_key_reused",
            "message": "Esta Idempotency-Key ya se usó con una solicitud diferente.",
            "fields": {},
        }
    }
    assert Group.objects.count() == 1
    assert bytes(IdempotencyRecord.objects.get().response_body) == first.content


def test_same_key_with_other_query_parameters_answers_422(client: Client, caller) -> None:  # type: ignore[no-untyped-def]
    _api_key, headers = caller
    post(client, headers, {"name": "vip"})

    other = client.post(
        "/test-api/groups?dry_run=1",
        {"name": "vip"},
        content_type="application/json",
        headers={**headers, "Idempotency-Key": "k-1"},
    )

    assert other.status_code == 422
    assert Group.objects.count() == 1


def test_a_missing_key_answers_400_and_writes_nothing(client: Client, caller) -> None:  # type: ignore[no-untyped-def]
    _api_key, headers = caller

    response = post(client, headers, {"name": "vip"}, key=None)

    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "idempotency_key_missing",
            "message": "Esta operação exige o cabeçalho Idempotency-Key.",
            "fields": {},
        }
    }
    assert Group.objects.count() == 0
    assert IdempotencyRecord.objects.count() == 0


@pytest.mark.parametrize("key", ["", "   ", "k" * 256])
def test_an_empty_or_overlong_key_answers_400(client: Client, caller, key: str) -> None:  # type: ignore[no-untyped-def]
    _api_key, headers = caller

    response = post(client, {**headers, "Accept-Language": "en"}, {"name": "vip"}, key=key)

    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "idempotency_key_invalid",
        "message": "The Idempotency-Key header must have 1 to 255 characters.",
        "fields": {},
    }
    assert Group.objects.count() == 0


def test_a_key_of_255_characters_is_accepted(client: Client, caller) -> None:  # type: ignore[no-untyped-def]
    _api_key, headers = caller

    response = post(client, headers, {"name": "vip"}, key="k" * 255)

    assert response.status_code == 201


def test_keys_belong_to_their_caller(client: Client, caller, make_api_key: MakeKey) -> None:  # type: ignore[no-untyped-def]
    _api_key, headers = caller
    _other_key, other_plaintext = make_api_key("groups:write", name="BI")
    first = post(client, headers, {"name": "vip"})

    second = post(client, {"X-API-Key": other_plaintext}, {"name": "vip"})

    assert second.status_code == 201
    assert not second.has_header("Idempotent-Replayed")
    assert second.content != first.content
    assert Group.objects.count() == 2


def test_validation_errors_store_no_record(client: Client, caller) -> None:  # type: ignore[no-untyped-def]
    _api_key, headers = caller

    response = post(client, headers, {"name": "x" * 41})

    assert response.status_code == 422
    assert IdempotencyRecord.objects.count() == 0


def test_a_refusal_by_the_operation_is_stored_and_replayed_without_its_writes(
    client: Client, caller
) -> None:  # type: ignore[no-untyped-def]
    _api_key, headers = caller

    first = post(client, headers, {"name": "refuse"})
    again = post(client, headers, {"name": "refuse"})

    assert first.status_code == 422
    assert first.json()["error"]["code"] == "group_refused"
    assert again.status_code == 422
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert Group.objects.count() == 0  # the group it made before refusing was rolled back
    assert IdempotencyRecord.objects.get().response_status == 422


def test_a_server_error_rolls_back_and_forgets_the_key_so_a_retry_runs_again(
    client: Client, caller
) -> None:  # type: ignore[no-untyped-def]
    _api_key, headers = caller

    failed = post(client, headers, {"name": "boom"})

    assert failed.status_code == 500
    assert failed.json()["error"]["code"] == "internal_error"
    assert Group.objects.count() == 0
    assert IdempotencyRecord.objects.count() == 0

    retried = post(client, headers, {"name": "boom"})
    assert retried.status_code == 500
    assert IdempotencyRecord.objects.count() == 0


def test_a_key_still_in_progress_answers_409_after_waiting(
    client: Client, caller, settings
) -> None:  # type: ignore[no-untyped-def]
    # given a first request that holds the key and is still running
    settings.IDEMPOTENCY_WAIT = 0.2
    api_key, headers = caller
    record = record_for(api_key, {"name": "vip"}, locked_at=timezone.now())

    # when
    response = post(client, headers, {"name": "vip"})

    # then
    assert response.status_code == 409
    assert response["Retry-After"] == "1"
    assert response.json()["error"] == {
        "code": "idempotency_key_in_progress",
        "message": (
            "Uma requisição com esta Idempotency-Key ainda está em processamento. "
            "Tente de novo em instantes."
        ),
        "fields": {},
    }
    assert Group.objects.count() == 0
    assert IdempotencyRecord.objects.get() == record
    assert IdempotencyRecord.objects.get().status == IdempotencyStatus.IN_PROGRESS


def test_a_key_in_progress_with_another_body_answers_422_at_once(
    client: Client, caller, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.IDEMPOTENCY_WAIT = 30
    api_key, headers = caller
    record_for(api_key, {"name": "vip"})

    response = post(client, headers, {"name": "gold"})

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"


def test_a_stale_in_progress_key_is_taken_over(client: Client, caller, settings) -> None:  # type: ignore[no-untyped-def]
    # given a request that died holding the key longer ago than the lock timeout
    settings.IDEMPOTENCY_LOCK_TIMEOUT = 60
    api_key, headers = caller
    long_ago = timezone.now() - timedelta(seconds=61)
    record = record_for(api_key, {"name": "vip"}, locked_at=long_ago, created_at=long_ago)

    # when
    response = post(client, headers, {"name": "vip"})

    # then
    assert response.status_code == 201
    assert Group.objects.count() == 1
    record.refresh_from_db()
    assert record.status == IdempotencyStatus.COMPLETED
    assert record.locked_at > long_ago
    assert bytes(record.response_body) == response.content


def test_a_completed_key_past_its_ttl_starts_afresh(client: Client, caller, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IDEMPOTENCY_TTL_HOURS = 24
    api_key, headers = caller
    expired = timezone.now() - timedelta(hours=24, seconds=1)
    record_for(
        api_key,
        {"name": "vip"},
        status=IdempotencyStatus.COMPLETED,
        response_status=201,
        response_body=b"old",
        created_at=expired,
        completed_at=expired,
    )

    response = post(client, headers, {"name": "vip"})

    assert response.status_code == 201
    assert response.content != b"old"
    assert Group.objects.count() == 1
    assert bytes(IdempotencyRecord.objects.get().response_body) == response.content


def test_an_optional_key_may_be_left_out(client: Client, caller) -> None:  # type: ignore[no-untyped-def]
    _api_key, headers = caller

    first = client.post(
        "/test-api/groups-optional-key",
        {"name": "vip"},
        content_type="application/json",
        headers=headers,
    )
    second = client.post(
        "/test-api/groups-optional-key",
        {"name": "vip"},
        content_type="application/json",
        headers=headers,
    )

    assert (first.status_code, second.status_code) == (201, 201)
    assert Group.objects.count() == 2
    assert IdempotencyRecord.objects.count() == 0


def test_an_optional_key_when_given_is_honoured(client: Client, caller) -> None:  # type: ignore[no-untyped-def]
    _api_key, headers = caller
    headers = {**headers, "Idempotency-Key": "k-1"}

    first = client.post(
        "/test-api/groups-optional-key",
        {"name": "vip"},
        content_type="application/json",
        headers=headers,
    )
    second = client.post(
        "/test-api/groups-optional-key",
        {"name": "vip"},
        content_type="application/json",
        headers=headers,
    )

    assert second.content == first.content
    assert Group.objects.count() == 1


def test_purge_deletes_only_records_older_than_the_ttl(settings) -> None:  # type: ignore[no-untyped-def]
    settings.IDEMPOTENCY_TTL_HOURS = 48
    now = timezone.now()
    old = IdempotencyRecord.objects.create(
        scope="s", key="old", fingerprint="f", created_at=now - timedelta(hours=48, seconds=1)
    )
    young = IdempotencyRecord.objects.create(
        scope="s", key="young", fingerprint="f", created_at=now - timedelta(hours=47, minutes=59)
    )

    deleted = idempotency_records_purge(now=now)

    assert deleted == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["young"]
    assert not IdempotencyRecord.objects.filter(pk=old.pk).exists()
    assert young.pk


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)


@given(st.dictionaries(st.text(max_size=6), json_values, max_size=6), st.sampled_from([None, 2]))
def test_canonical_body_ignores_key_order_and_spacing(data: dict, indent: int | None) -> None:  # type: ignore[type-arg]
    reordered = dict(reversed(list(data.items())))

    assert canonical_body(json.dumps(data).encode()) == canonical_body(
        json.dumps(reordered, indent=indent, ensure_ascii=False).encode()
    )


@given(json_values, json_values)
def test_different_json_values_have_different_fingerprints(a: object, b: object) -> None:
    same = json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)

    assert (
        fingerprint(query=[], body=json.dumps(a).encode())
        == fingerprint(query=[], body=json.dumps(b).encode())
    ) is same


def test_a_request_whose_key_was_taken_over_meanwhile_rolls_back_and_answers_409(
    client: Client, caller, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # given a request so slow that another took its key over as stale: storing fails
    _api_key, headers = caller
    monkeypatch.setattr(
        "jornada.api.idempotency.idempotency_record_complete", lambda **_kwargs: False
    )

    # when
    response = post(client, headers, {"name": "vip"})

    # then its writes are undone; the request that took over answers for the key
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_key_in_progress"
    assert Group.objects.count() == 0
