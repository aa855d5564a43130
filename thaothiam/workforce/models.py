"""Workforce snapshots (one per as-of date), the pseudonymised people in them, the pre-aggregated
cube the explorer reads, and the import jobs that fill them. See docs/workforce.md.

No view ever shows a `Person`: every figure comes from `WorkforceCell` (or a single salary column
for medians) through disclosure control.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thaothiam.core.fiscal import fiscal_year

from . import codes


class SnapshotManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().defer("columns")  # ~1 MB each: read only where medians need it


class Snapshot(models.Model):
    """The workforce as of one date. Agency-scoped imports replace that agency's people in it."""

    as_of = models.DateField(_("as of"), unique=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The people as NumPy columns (selectors.columns_blob), rebuilt by every import, so a process that
    # needs medians reads one value instead of every person (docs/decisions/0020).
    columns = models.BinaryField(null=True, editable=False)

    objects = SnapshotManager()

    class Meta:
        ordering = ["as_of"]
        verbose_name = _("workforce snapshot")
        verbose_name_plural = _("workforce snapshots")

    def __str__(self) -> str:
        return str(self.as_of)

    def save(self, *args, **kwargs):
        self.fiscal_year = fiscal_year(self.as_of)
        super().save(*args, **kwargs)


class Person(models.Model):
    """One person in one snapshot, pseudonymised. No name, no national ID, no birth date."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="people")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    pseudonym = models.CharField(max_length=64)
    sex = models.CharField(max_length=1, choices=codes.choices(codes.SEX))
    gender_identity = models.CharField(max_length=1, blank=True)  # "" = not disclosed / no consent
    personnel_type = models.CharField(max_length=12)
    position_type = models.CharField(max_length=12)
    position_level = models.CharField(max_length=28)
    is_executive = models.BooleanField(default=False)
    age = models.PositiveSmallIntegerField()
    age_band = models.CharField(max_length=5)
    service_years = models.PositiveSmallIntegerField(null=True, blank=True)  # None: no start date in the file
    salary = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    # The record key of cell-key perturbation (core.cellkey, docs/decisions/0022): fixed per person
    # (a keyed hash of the pseudonym), so a re-import never draws new noise for the same cells.
    record_key = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "pseudonym"], name="workforce_person_once_per_snapshot"),
            models.CheckConstraint(condition=models.Q(sex__in=["F", "M"]), name="workforce_person_sex_known"),
        ]
        indexes = [
            models.Index(fields=["snapshot", "agency"], name="workforce_person_scope"),
            # Medians read one column for a filtered set: cover the common filters.
            models.Index(fields=["snapshot", "sex", "salary"], name="workforce_person_salary"),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot_id}:{self.pseudonym[:8]}"


class SnapshotAgency(models.Model):
    """Which agencies a snapshot holds, and how many people each: a fiscal year takes every agency from
    its own latest snapshot in that year, so agencies may import on different dates."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="agencies")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    headcount = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["snapshot", "agency"], name="workforce_snapshot_agency_once")]

    def __str__(self) -> str:
        return f"{self.snapshot_id}:{self.agency_id}"


class WorkforceCell(models.Model):
    """The pre-aggregated count of one combination of every explorer dimension in one snapshot.

    Rebuilt for (snapshot, agency) by every import; the explorer and the indicators read only this
    (docs/decisions/0020-workforce-pre-aggregation.md).
    """

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="cells")
    fiscal_year = models.PositiveSmallIntegerField()
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    sex = models.CharField(max_length=1)
    gender_identity = models.CharField(max_length=1)  # "U" for not disclosed
    personnel_type = models.CharField(max_length=12)
    position_type = models.CharField(max_length=12)
    position_level = models.CharField(max_length=28)
    is_executive = models.BooleanField()
    age_band = models.CharField(max_length=5)
    headcount = models.PositiveIntegerField()
    salary_count = models.PositiveIntegerField()
    salary_sum = models.DecimalField(max_digits=16, decimal_places=2)
    key_sum = models.BigIntegerField(default=0)  # sum of the people's record keys (core.cellkey)
    salary_max = models.DecimalField(max_digits=10, decimal_places=2, null=True)  # for the p% rule

    class Meta:
        indexes = [
            models.Index(fields=["fiscal_year", "agency"], name="workforce_cell_fy_agency"),
            models.Index(fields=["snapshot", "agency"], name="workforce_cell_snapshot"),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot_id}:{self.agency_id}:{self.sex}:{self.headcount}"


class WorkforceImport(models.Model):
    """One upload or command-line import: its scope, progress and every problem found."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        VALIDATING = "validating", _("Checking rows")
        MAPPING = "mapping", _("Waiting: say which column is which")
        PREVIEW = "preview", _("Waiting: check the preview and confirm")
        SAVING = "saving", _("Saving")
        DRAFT = "draft", _("Draft: waiting for the central team to publish it")
        PUBLISHED = "published", _("Published")
        REFUSED = "refused", _("Refused: nothing was changed")
        FAILED = "failed", _("Failed: nothing was changed")
        CANCELLED = "cancelled", _("Cancelled: nothing was changed")
        DISCARDED = "discarded", _("Discarded by the central team: nothing was published")

    # The job's page stops polling in these: the user (or central) acts next, or nothing more happens.
    FINISHED = (Status.MAPPING, Status.PREVIEW, Status.DRAFT, Status.PUBLISHED, Status.REFUSED, Status.FAILED,
                Status.CANCELLED, Status.DISCARDED)
    RUNNING = (Status.QUEUED, Status.VALIDATING, Status.SAVING)

    as_of = models.DateField(_("as of"))
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("Empty: the file covers the whole BMA."),
    )
    filename = models.CharField(_("file name"), max_length=255)
    stored_path = models.CharField(max_length=500, blank=True)  # removed once the job has run
    valid_only = models.BooleanField(_("import only the valid rows"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(null=True, blank=True)
    processed_rows = models.PositiveIntegerField(default=0)
    imported_rows = models.PositiveIntegerField(default=0)
    rejected_rows = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [[line, column, code, params], ...]
    snapshot = models.ForeignKey(Snapshot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Set by every save of the worker (progress included): a running job not touched for
    # THAOTHIAM_IMPORT_STALE_MINUTES has lost its worker (services.workforce_imports_sweep).
    touched_at = models.DateTimeField(null=True, blank=True)
    confirmed = models.BooleanField(default=False)  # the uploader saw the preview and confirmed it
    headings = models.JSONField(default=list, blank=True)  # the file's headings, for the mapping screen
    # The preview: the first rows as read (no name, no identifier), counts by sex, type and level, and
    # the assumptions made. Emptied once the draft is written.
    preview = models.JSONField(default=dict, blank=True)
    # The draft compared with what is published (perturbed counts, drafts.snapshot_diff), kept for central.
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("workforce import")
        verbose_name_plural = _("workforce imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.as_of})"

    def save(self, *args, **kwargs):
        from django.utils import timezone

        self.touched_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "touched_at"}
        super().save(*args, **kwargs)

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        if self.status == self.Status.SAVING:
            return 99
        if self.status == self.Status.QUEUED:
            return 0
        if not self.total_rows:
            return 0
        return min(98, int(self.processed_rows * 100 / self.total_rows))


class DraftPerson(models.Model):
    """A person of an import that central has not published yet. Drafts live apart from `Person` and
    `WorkforceCell`, which every reader (explorer, open data, indicators, reports, surveys, learning)
    reads, so no reader can show a draft (docs/decisions/0102)."""

    job = models.ForeignKey(WorkforceImport, on_delete=models.CASCADE, related_name="draft_people")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    pseudonym = models.CharField(max_length=64)
    sex = models.CharField(max_length=1)
    gender_identity = models.CharField(max_length=1, blank=True)
    personnel_type = models.CharField(max_length=12)
    position_type = models.CharField(max_length=12)
    position_level = models.CharField(max_length=28)
    is_executive = models.BooleanField(default=False)
    age = models.PositiveSmallIntegerField()
    age_band = models.CharField(max_length=5)
    service_years = models.PositiveSmallIntegerField(null=True, blank=True)
    salary = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["job", "agency"], name="workforce_draft_scope")]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.pseudonym[:8]}"


class ColumnMapping(models.Model):
    """Which file heading is which column, as an importer once said for an agency (or, with scope "*",
    for BMA-wide files); applied to that agency's next files (docs/decisions/0103)."""

    scope = models.CharField(max_length=20, unique=True)  # an agency code, or "*"
    mapping = models.JSONField(default=dict)  # hrcolumns.heading_key(heading) → column name
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    def __str__(self) -> str:
        return self.scope
