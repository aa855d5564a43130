"""Background work: a web upload's import runs as a django-tasks task (database backend in production,
immediate in tests) and the page polls the job's progress with htmx."""

import logging
from pathlib import Path

from django.core.files.storage import default_storage
from django_tasks import task

from . import services
from .models import WorkforceImport

logger = logging.getLogger(__name__)


@task(queue_name="imports")
def run_workforce_import(job_id: int) -> str:
    job = WorkforceImport.objects.select_related("agency", "created_by").get(pk=job_id)
    try:
        path = Path(default_storage.path(job.stored_path))
        job = services.workforce_import_run(job=job, path=path)
    finally:
        # The HR file holds national IDs: it is deleted as soon as it has been read.
        if job.stored_path:
            default_storage.delete(job.stored_path)
            WorkforceImport.objects.filter(pk=job.pk).update(stored_path="")
    return job.status
