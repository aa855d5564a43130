"""The year-end report: central's narrative per fiscal year and the generated files."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class YearEndNarrative(models.Model):
    """Central's executive summary and recommendations for one fiscal year."""

    fy = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"), unique=True)
    summary = models.TextField(_("executive summary"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = _("year-end narrative")
        verbose_name_plural = _("year-end narratives")

    def __str__(self) -> str:
        return str(self.fy)


class ReportJob(models.Model):
    """One generation of a report file, run as a background task; the page polls its progress."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    fy = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, null=True, blank=True)
    format = models.CharField(max_length=4, choices=Format.choices)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="reports/", blank=True, max_length=200)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def filename(self) -> str:
        scope = self.agency.code if self.agency_id else "BMA"
        return f"thaothiam-year-end-{self.fy}-{scope}.{self.format}"


class ReportBranding(models.Model):
    """The organisation's logo on the cover of the year-end report: one row, uploaded by an administrator
    in the admin site. None is shipped; without one the cover has no logo."""

    logo = models.FileField(_("logo (PNG or JPEG, at most 1 MB)"), upload_to="branding/", blank=True, max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report cover logo")
        verbose_name_plural = _("report cover logo")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "ReportBranding | None":
        return cls.objects.filter(pk=1).first()

    def data_uri(self) -> str:
        """The logo inlined for the printed PDF (the printer fetches nothing but static files)."""
        import base64

        if not self.logo:
            return ""
        with self.logo.open("rb") as handle:
            data = handle.read()
        kind = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
        return f"data:{kind};base64,{base64.b64encode(data).decode()}"
