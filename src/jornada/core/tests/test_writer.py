"""``jornada writer``: every web process's units, run by one process, each its own outcome."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import translation

from jornada.api.models import IdempotencyRecord
from jornada.core import groupcommit, writer
from jornada.core.testing import kill, worker_env
from jornada.core.tests import writer_units

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "sqlite").startswith("sqlite"),
        reason="the writer process serves SQLite only",
    ),
]


def _start(path: Path, log: Path) -> subprocess.Popen[bytes]:
    path.unlink(missing_ok=True)  # a killed writer's
    process = subprocess.Popen(
        [sys.executable, "-m", "jornada", "writer", "--socket", str(path)],
        env=worker_env(),
        stdout=open(log, "wb"),  # noqa: SIM115 - owned by the child
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while not path.exists():
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "the writer did not start"
        time.sleep(0.05)
    return process


@pytest.fixture
def socket_dir() -> Iterator[Path]:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="jw-") as tmp:  # short: socket paths are
        yield Path(tmp)


@pytest.fixture
def writer_process(socket_dir: Path, tmp_path: Path) -> Iterator[Path]:
    path = socket_dir / "w.sock"
    process = _start(path, tmp_path / "writer.log")
    writer._sender.reset()
    with override_settings(WRITER_SOCKET=str(path)):
        yield path
    kill(process)


def _keys() -> set[str]:
    return set(IdempotencyRecord.objects.filter(scope="writer").values_list("key", flat=True))


def _closing(n: int) -> tuple[int, int]:
    try:
        return groupcommit.call(writer_units.record, f"k{n}")
    finally:
        connection.close()


def test_units_from_many_threads_are_written_by_the_writer_process(writer_process):
    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(_closing, range(60)))

    assert _keys() == {f"k{n}" for n in range(60)}
    by_key = dict(IdempotencyRecord.objects.values_list("key", "pk"))
    assert [pk for pk, _pid in results] == [by_key[f"k{n}"] for n in range(60)]
    writers = {pid for _pk, pid in results}
    assert len(writers) == 1 and os.getpid() not in writers


def test_a_unit_refused_by_the_writer_raises_here_in_the_callers_language(writer_process):
    with translation.override("pt-br"), pytest.raises(writer_units.Refused) as refused:
        groupcommit.call(writer_units.refuse, "no")
    assert str(refused.value) == "Não encontrado."
    assert groupcommit.call(writer_units.record, "yes")[1] != os.getpid()
    assert _keys() == {"yes"}  # the refused unit left nothing behind


def test_an_exception_that_cannot_cross_arrives_as_its_text(writer_process):
    with pytest.raises(RuntimeError, match="odd x"):
        groupcommit.call(writer_units.refuse_oddly, "x")
    assert groupcommit.call(writer_units.record, "after")[1] != os.getpid()


def test_without_a_writer_the_unit_runs_in_this_process(socket_dir):
    writer._sender.reset()
    with override_settings(WRITER_SOCKET=str(socket_dir / "nobody.sock")):
        _pk, pid = groupcommit.call(writer_units.record, "here")
    assert pid == os.getpid()
    assert _keys() == {"here"}


def test_when_the_writer_dies_units_run_here_until_it_is_back(socket_dir, tmp_path):
    path = socket_dir / "w.sock"
    process = _start(path, tmp_path / "writer.log")
    writer._sender.reset()
    try:
        with override_settings(WRITER_SOCKET=str(path)):
            assert groupcommit.call(writer_units.record, "before")[1] == process.pid
            kill(process)
            assert groupcommit.call(writer_units.record, "during")[1] == os.getpid()
            process = _start(path, tmp_path / "writer2.log")
            writer._sender.reset()  # instead of waiting out RETRY_AFTER
            assert groupcommit.call(writer_units.record, "after")[1] == process.pid
    finally:
        kill(process)
    assert _keys() == {"before", "during", "after"}


def test_a_peer_without_the_key_is_refused(writer_process):
    from multiprocessing.connection import Client

    with pytest.raises(Exception):  # noqa: B017 - AuthenticationError or a closed socket
        Client(str(writer_process), family="AF_UNIX", authkey=b"not the key")
    assert oct(writer_process.stat().st_mode & 0o777) == oct(0o600)
    assert groupcommit.call(writer_units.record, "still")[1] != os.getpid()


def test_a_sender_gone_before_its_answer_keeps_its_unit_and_the_writer_serving(writer_process):
    import pickle
    from multiprocessing.connection import Client

    # given a sender that hangs up right after sending its unit
    gone = Client(str(writer_process), family="AF_UNIX", authkey=writer._authkey())
    gone.send_bytes(pickle.dumps((writer_units.record, ("orphan",), "pt-br")))
    gone.close()

    # when other senders carry on, many at once
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(_closing, range(20)))

    # then the orphan unit was written (committed, just not answered) and nobody waits
    deadline = time.monotonic() + 10
    while "orphan" not in _keys() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _keys() == {"orphan"} | {f"k{n}" for n in range(20)}
    assert {pid for _pk, pid in results} != {os.getpid()}


def test_the_writers_commits_leave_checkpoints_to_its_own_thread(writer_process):
    # given the database file as it is before the writer writes anything
    database = Path(connection.settings_dict["NAME"])
    groupcommit.call(writer_units.record, "first")
    before = database.stat().st_mtime_ns

    # when units are written through the writer, well under SQLite's 1,000-page default
    assert groupcommit.call(writer_units.autocheckpoint) == 0  # its commits never do it
    for n in range(5):
        groupcommit.call(writer_units.record, f"more{n}")

    # then its checkpoint thread copies them into the database file within moments
    deadline = time.monotonic() + 5
    while database.stat().st_mtime_ns == before and time.monotonic() < deadline:
        time.sleep(writer.CHECKPOINT_EVERY / 2)
    assert database.stat().st_mtime_ns != before
    assert _keys() == {"first"} | {f"more{n}" for n in range(5)}
