from __future__ import annotations

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from jornada.core.tests.tasks import remember
from jornada.core.worker import Worker

pytestmark = pytest.mark.django_db


def test_a_task_enqueued_in_a_rolled_back_transaction_never_runs():
    # when
    with pytest.raises(RuntimeError), transaction.atomic():
        remember.enqueue("lost")
        raise RuntimeError("the change failed")

    # then there is nothing for a worker to run
    assert DBTaskResult.objects.count() == 0
    assert Worker(run_tasks=True).step() == 0


def test_a_task_enqueued_in_a_committed_transaction_is_run_by_the_worker():
    # given
    with transaction.atomic():
        result = remember.enqueue("kept")

    # when
    Worker(run_tasks=True).step()

    # then
    stored = DBTaskResult.objects.get(id=result.id)
    assert stored.status == "SUCCESSFUL"
    assert stored.return_value == "remembered kept"
