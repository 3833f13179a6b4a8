"""Idempotency-Key under real concurrency: threads, each with its own connection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client

from jornada.api.models import IdempotencyRecord, IdempotencyStatus
from jornada.api.services import api_key_create
from jornada.api.tests import testapi

pytestmark = [pytest.mark.urls("jornada.api.tests.urls"), pytest.mark.django_db(transaction=True)]


def in_thread(fn: Callable[[], Any]) -> Callable[[], Any]:
    """Run ``fn`` and give its thread's database connection back."""

    def run() -> Any:
        try:
            return fn()
        finally:
            connection.close()

    return run


def post_group(plaintext: str, name: str, key: str = "order-7f3a") -> Any:
    return Client().post(
        "/test-api/groups",
        {"name": name},
        content_type="application/json",
        headers={"Authorization": f"Bearer {plaintext}", "Idempotency-Key": key},
    )


def test_thirty_identical_concurrent_requests_write_once_and_answer_alike() -> None:
    # given
    _api_key, plaintext = api_key_create(name="ERP", scopes=["groups:write"])
    start = threading.Barrier(30)

    def one_request() -> tuple[int, bytes, str | None]:
        start.wait()
        response = post_group(plaintext, "vip")
        return response.status_code, response.content, response.get("Idempotent-Replayed")

    # when
    with ThreadPoolExecutor(max_workers=30) as pool:
        futures = [pool.submit(in_thread(one_request)) for _ in range(30)]
        results = [future.result(timeout=60) for future in futures]

    # then
    assert Group.objects.count() == 1
    assert {status for status, _body, _replayed in results} == {201}
    assert len({body for _status, body, _replayed in results}) == 1
    assert [replayed for _s, _b, replayed in results].count(None) == 1
    assert IdempotencyRecord.objects.get().status == IdempotencyStatus.COMPLETED


def test_a_request_arriving_while_the_first_runs_answers_409_when_the_wait_runs_out(
    settings,
) -> None:  # type: ignore[no-untyped-def]
    # given a first request blocked inside its operation
    settings.IDEMPOTENCY_WAIT = 0.3
    _api_key, plaintext = api_key_create(name="ERP", scopes=["groups:write"])
    with ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(in_thread(lambda: post_group(plaintext, "slow")))
        assert testapi.ENTERED.wait(10)

        # when the same request comes again
        try:
            second = in_thread(lambda: post_group(plaintext, "slow"))()
        finally:
            testapi.RELEASE.set()
        first_response = first.result(timeout=30)

    # then
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "idempotency_key_in_progress"
    assert first_response.status_code == 201
    assert Group.objects.count() == 1


def test_a_request_arriving_while_the_first_runs_gets_its_answer_when_it_finishes(settings) -> None:  # type: ignore[no-untyped-def]
    # given a first request blocked inside its operation
    settings.IDEMPOTENCY_WAIT = 10
    _api_key, plaintext = api_key_create(name="ERP", scopes=["groups:write"])
    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(in_thread(lambda: post_group(plaintext, "slow")))
        assert testapi.ENTERED.wait(10)

        # when the same request comes again, and the first then finishes
        second = pool.submit(in_thread(lambda: post_group(plaintext, "slow")))
        threading.Timer(0.3, testapi.RELEASE.set).start()
        first_response = first.result(timeout=30)
        second_response = second.result(timeout=30)

    # then
    assert first_response.status_code == 201
    assert second_response.status_code == 201
    assert second_response.content == first_response.content
    assert second_response["Idempotent-Replayed"] == "true"
    assert Group.objects.count() == 1


def test_a_retry_after_a_server_error_in_flight_runs_the_operation_itself() -> None:
    # given many identical requests that all fail
    _api_key, plaintext = api_key_create(name="ERP", scopes=["groups:write"])
    start = threading.Barrier(8)

    def one_request() -> int:
        start.wait()
        return int(post_group(plaintext, "boom").status_code)

    # when
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = [
            f.result(timeout=60) for f in [pool.submit(in_thread(one_request)) for _ in range(8)]
        ]

    # then none stored a failure for the others to replay, and nothing was written
    assert set(statuses) == {500}
    assert IdempotencyRecord.objects.count() == 0
    assert Group.objects.count() == 0
