"""The survey results PDF, printed in the background (issue 17): Chromium never runs inside a request.

The job keeps what the request asked — the campaign, its filter query and the agencies the person may
see — so the worker prints exactly the page they would have seen; the download checks access again."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyPdfJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey("surveys.Campaign", on_delete=models.CASCADE, related_name="+")
    query = models.CharField(max_length=2000, blank=True)  # the results page's filters, as asked
    scope = models.JSONField(null=True, blank=True)  # agency ids the person may see; null = all of the BMA
    language = models.CharField(max_length=8, default="th")
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    file = models.FileField(upload_to="survey-pdf/", blank=True, max_length=200)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def filename(self) -> str:
        return f"survey-{self.campaign_id}-{self.created_at:%Y%m%d-%H%M}.pdf" if self.created_at else "survey.pdf"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
