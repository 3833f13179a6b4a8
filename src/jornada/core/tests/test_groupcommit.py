"""``jornada.core.groupcommit``: units from many threads, one commit, each its own outcome."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from jornada.api.models import IdempotencyRecord
from jornada.core import groupcommit

T = TypeVar("T")


def _record(key: str) -> int:
    return int(IdempotencyRecord.objects.create(scope="groupcommit", key=key, fingerprint="f").pk)


def _closing(work: Callable[[int], T]) -> Callable[[int], T]:
    """``work`` that gives its thread's connection back (PostgreSQL's pool is finite)."""

    def run(n: int) -> T:
        try:
            return work(n)
        finally:
            connection.close()

    return run


def _keys() -> set[str]:
    return set(IdempotencyRecord.objects.filter(scope="groupcommit").values_list("key", flat=True))


@pytest.mark.django_db(transaction=True)
def test_units_from_many_threads_all_commit_and_each_gets_its_own_result():
    def place(n: int) -> tuple[int, int]:
        return n, groupcommit.run(lambda: _record(f"k{n}"))

    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(_closing(place), range(60)))

    assert _keys() == {f"k{n}" for n in range(60)}
    by_key = dict(IdempotencyRecord.objects.values_list("key", "pk"))
    assert all(by_key[f"k{n}"] == pk for n, pk in results)


@pytest.mark.django_db(transaction=True)
def test_a_failing_unit_leaves_nothing_and_does_not_disturb_the_others():
    gate = threading.Barrier(8)

    def place(n: int) -> str:
        gate.wait()  # all at once, so that they share batches

        def unit() -> int:
            pk = _record(f"k{n}")
            if n % 2:
                raise ValueError(f"unit {n} refused")
            return pk

        try:
            groupcommit.run(unit)
        except ValueError as error:
            return str(error)
        return "ok"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(_closing(place), range(8)))

    assert outcomes == ["ok" if n % 2 == 0 else f"unit {n} refused" for n in range(8)]
    assert _keys() == {f"k{n}" for n in range(0, 8, 2)}


@pytest.mark.django_db(transaction=True)
def test_units_run_on_the_writer_thread_in_the_callers_language():
    def unit() -> tuple[str, str]:
        return threading.current_thread().name, _("Not found.")

    expected = "jornada-group-commit" if groupcommit.grouped() else threading.current_thread().name

    with translation.override("es"):
        thread, message = groupcommit.run(unit)

    assert thread == expected
    assert message == "No encontrado."


@pytest.mark.django_db
def test_inside_a_transaction_a_unit_joins_it_in_the_callers_thread():
    caller = threading.current_thread().name

    with transaction.atomic():
        assert not groupcommit.grouped()
        thread = groupcommit.run(lambda: (_record("inside"), threading.current_thread().name))[1]
        with pytest.raises(ValueError):
            groupcommit.run(lambda: (_record("refused"), (_ for _ in ()).throw(ValueError())))

    assert thread == caller
    assert _keys() == {"inside"}


@pytest.mark.django_db(transaction=True)
def test_units_are_grouped_on_both_databases_unless_switched_off(settings):
    assert groupcommit.grouped()
    assert groupcommit.run(lambda: threading.current_thread().name) != (
        threading.current_thread().name
    )  # the writer thread ran it
    settings.GROUP_COMMIT = False
    assert not groupcommit.grouped()
    assert groupcommit.run(lambda: threading.current_thread().name) == (
        threading.current_thread().name
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server that drops connections")
def test_after_the_server_drops_the_writers_connection_the_next_batch_connects_again():
    # given the writer thread's connection, terminated by the server
    def backend_pid() -> int:
        return int(connection.connection.info.backend_pid)

    pid = groupcommit.run(backend_pid)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])

    # when units keep coming: the one that met the dead connection fails, writing nothing
    with pytest.raises(Exception):  # noqa: B017 - whatever the driver says of a dead link
        groupcommit.run(lambda: _record("lost"))

    # then the next ones are written on a new connection
    assert groupcommit.run(lambda: _record("after")) > 0
    assert groupcommit.run(backend_pid) != pid
    assert _keys() == {"after"}
