"""Background jobs run through django-tasks: the database backend by default, RQ on Redis."""

import os
import uuid

import pytest
from django.core.management import call_command
from django.test import override_settings

from berdaya.core.models import OutboundMessage
from berdaya.core.tasks import deliver_message

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db(transaction=True)
def test_it_runs_a_job_through_the_database_backend_and_its_worker():
    message = OutboundMessage.objects.create(channel="whatsapp", recipient="+628120000", body="x")
    with override_settings(TASKS=DB_TASKS):
        result = deliver_message.enqueue(message.pk)
        assert result.backend == "default"
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        result.refresh()
        assert result.status == "SUCCESSFUL"
        assert result.return_value == "sent"
    message.refresh_from_db()
    assert message.status == "sent"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set (CI sets it)")
@pytest.mark.django_db(transaction=True)
def test_it_runs_a_job_through_redis_with_rq():
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    queue_name = f"test-{uuid.uuid4().hex[:8]}"
    message = OutboundMessage.objects.create(channel="whatsapp", recipient="+628120000", body="x")
    rq_tasks = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue_name]}}
    queues = {
        name: {"URL": os.environ["REDIS_URL"], "DEFAULT_TIMEOUT": 60}
        for name in ("default", queue_name)
    }
    with override_settings(TASKS=rq_tasks, RQ_QUEUES=queues):
        result = deliver_message.using(queue_name=queue_name).enqueue(message.pk)
        queue = django_rq.get_queue(queue_name, job_class=Job)
        worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
        worker.work(burst=True)
        result.refresh()
        assert result.status == "SUCCESSFUL"
        queue.empty()
    message.refresh_from_db()
    assert message.status == "sent"
