"""Background work: a web upload's import runs as a django-tasks task (database backend in production,
immediate in tests) and the page polls the job's progress with htmx."""

import logging
from pathlib import Path

from django.core.files.storage import default_storage
from django_tasks import task

from . import services
from .models import WorkforceImport

logger = logging.getLogger(__name__)

# The file is still needed in these: the mapping or the preview comes back to it, and a failed job can
# be retried. Otherwise — refused, or written as a draft — it is deleted at once (it holds identifiers).
KEEP_FILE = (WorkforceImport.Status.MAPPING, WorkforceImport.Status.PREVIEW, WorkforceImport.Status.FAILED)


@task(queue_name="imports")
def run_workforce_import(job_id: int) -> str:
    job = WorkforceImport.objects.select_related("agency", "created_by").get(pk=job_id)
    if job.status != WorkforceImport.Status.QUEUED:  # run twice, or cancelled while it waited
        return job.status
    try:
        path = Path(default_storage.path(job.stored_path))
        job = services.workforce_import_run(job=job, path=path)
    except Exception:
        logger.exception("Workforce import %s failed", job_id)
        job.status = WorkforceImport.Status.FAILED
        job.save(update_fields=["status"])
        raise
    finally:
        if job.stored_path and job.status not in KEEP_FILE:
            default_storage.delete(job.stored_path)
            WorkforceImport.objects.filter(pk=job.pk).update(stored_path="")
    return job.status
