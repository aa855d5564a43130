"""Reporting rounds, agency reports and their workflow, activities, evidence and indicator values."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thaothiam.core.fiscal import FiscalPeriod
from thaothiam.core.formatting import format_fiscal_year
from thaothiam.core.roles import Role

DEFAULT_DEADLINE_DAYS = 15  # PRODUCT.md §2: 15 days after the period ends
DEFAULT_REMINDER_DAYS = 7
ANNUAL = 5  # the sequence number of the annual round, after Q1–Q4


class TransitionError(Exception):
    """An illegal move in the report workflow; the message is shown to the user."""


class Round(models.Model):
    """A reporting round: a quarter (progress) or the whole fiscal year (annual report)."""

    fy = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True,
                                               help_text=_("Empty for the annual round."))
    seq = models.PositiveSmallIntegerField(_("order"), editable=False)
    deadline = models.DateField(_("deadline"))
    reminder_days = models.PositiveSmallIntegerField(_("remind this many days before the deadline"),
                                                     default=DEFAULT_REMINDER_DAYS)

    class Meta:
        ordering = ["fy", "seq"]
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        constraints = [
            models.UniqueConstraint(fields=["fy", "seq"], name="round_unique_per_fy"),
            models.CheckConstraint(condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                                   name="round_quarter_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {format_fiscal_year(self.fy)}"

    def save(self, *args, **kwargs):
        self.seq = self.quarter or ANNUAL
        super().save(*args, **kwargs)

    @property
    def is_annual(self) -> bool:
        return self.quarter is None

    @property
    def label(self) -> str:
        if self.quarter is None:
            return str(_("Annual"))
        return str(_("Q%(n)s") % {"n": self.quarter})

    @property
    def period(self) -> FiscalPeriod:
        return FiscalPeriod(self.fy, self.quarter)

    @staticmethod
    def default_deadline(fy: int, quarter: int | None) -> dt.date:
        return FiscalPeriod(fy, quarter).end + dt.timedelta(days=DEFAULT_DEADLINE_DAYS)


class Extension(models.Model):
    """A later deadline for one agency in one round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("round"))
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, verbose_name=_("agency"))
    deadline = models.DateField(_("extended deadline"))
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [models.UniqueConstraint(fields=["round", "agency"], name="extension_unique")]

    def __str__(self) -> str:
        return f"{self.round} {self.agency_id}: {self.deadline}"


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")  # never stored: no report row yet
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved by head")
    ACCEPTED = "accepted", _("Accepted by central")
    RETURNED = "returned", _("Returned")


EDITABLE = {Status.DRAFT, Status.RETURNED}
SUBMITTED_OR_LATER = {Status.SUBMITTED, Status.APPROVED, Status.ACCEPTED}
# Who may return a report, by its status: the agency's head what awaits their approval, central what the
# head has approved. Any other status cannot be returned (reopening an accepted report is central's `reopen`).
RETURNED_BY = {Status.SUBMITTED: Role.HEAD, Status.APPROVED: Role.CENTRAL}


class AgencyReport(models.Model):
    """One agency's report for one round; its status is changed only by the transition methods."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="reports", verbose_name=_("round"))
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="reports",
                               verbose_name=_("agency"))
    fy = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"), editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("summary of the period"), blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)
    late_reason = models.TextField(_("reason for lateness"), blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    return_comment = models.TextField(_("comments when returned"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["round", "agency"]
        verbose_name = _("agency report")
        verbose_name_plural = _("agency reports")
        constraints = [
            models.UniqueConstraint(fields=["round", "agency"], name="report_unique_per_round"),
            models.CheckConstraint(condition=~Q(status="not_started"), name="report_status_stored"),
        ]
        indexes = [models.Index(fields=["agency", "fy"], name="report_agency_fy"),
                   models.Index(fields=["fy", "status"], name="report_fy_status")]

    def __str__(self) -> str:
        return f"{self.agency.code} {self.round}"

    def save(self, *args, **kwargs):
        self.fy = self.round.fy
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def is_locked(self) -> bool:
        return self.status == Status.ACCEPTED

    def deadline(self) -> dt.date:
        extension = self.round.extensions.filter(agency=self.agency_id).first()
        return extension.deadline if extension else self.round.deadline

    def would_be_late(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return timezone.localtime(now).date() > self.deadline()

    def returner_role(self) -> str | None:
        """The role that may return this report now (for this report's agency), or None."""
        return RETURNED_BY.get(self.status)

    # --- transitions: each refuses an illegal move --------------------------------------------
    def _require(self, allowed: set, action: str) -> None:
        if self.status not in allowed:
            raise TransitionError(
                _("A report that is “%(status)s” cannot be %(action)s.")
                % {"status": self.get_status_display(), "action": action}
            )

    def submit(self, *, late_reason: str = "", now: dt.datetime | None = None) -> None:
        self._require(EDITABLE, _("submitted"))
        now = now or timezone.now()
        late = self.would_be_late(now)
        if late and not late_reason.strip():
            raise TransitionError(_("The deadline has passed: please give the reason for the late report."))
        self.status = Status.SUBMITTED
        self.submitted_at = now
        self.first_submitted_at = self.first_submitted_at or now
        self.is_late = self.is_late or late
        if late:
            self.late_reason = late_reason.strip()

    def approve(self, *, now: dt.datetime | None = None) -> None:
        self._require({Status.SUBMITTED}, _("approved"))
        self.status = Status.APPROVED
        self.approved_at = now or timezone.now()

    def accept(self, *, now: dt.datetime | None = None) -> None:
        self._require({Status.APPROVED}, _("accepted"))
        self.status = Status.ACCEPTED
        self.accepted_at = now or timezone.now()

    def return_to_draft(self, *, comment: str) -> None:
        self._require({Status.SUBMITTED, Status.APPROVED}, _("returned"))
        if not comment.strip():
            raise TransitionError(_("Please write comments saying what needs to change."))
        self.status = Status.RETURNED
        self.return_comment = comment.strip()

    def reopen(self, *, reason: str) -> None:
        self._require({Status.ACCEPTED}, _("reopened"))
        if not reason.strip():
            raise TransitionError(_("Please give the reason for reopening the accepted report."))
        self.status = Status.RETURNED
        self.return_comment = reason.strip()
        self.accepted_at = None


class ReportStep(models.Model):
    """The history of a report's workflow, shown on the review screen (the audit log has it too)."""

    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=12, choices=Status.choices)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class ActivityType(models.TextChoices):
    """The activity types of the seed (PRODUCT.md §2)."""

    TRAINING = "training", _("Training course")
    ELEARNING = "elearning", _("E-learning")
    MAINSTREAMING = "mainstreaming", _("Gender-mainstreaming knowledge")
    COMM_ONLINE = "comm_online", _("Communication: online media")
    COMM_VIDEO = "comm_video", _("Communication: video")
    COMM_CAMPAIGN = "comm_campaign", _("Communication: campaign")
    COMM_DECLARATION = "comm_declaration", _("Communication: declaration of intent")
    COMM_MEETING = "comm_meeting", _("Communication: meeting")
    LEADERS = "leaders", _("Leader / change-agent training")
    MEASURE = "measure", _("Measure or guideline")
    GR_PROJECT = "gr_project", _("Gender-responsive project or service")
    PARTNERSHIP = "partnership", _("Partnership")
    DATA = "data", _("Sex-disaggregated data work")
    ENVIRONMENT = "environment", _("Work-environment improvement")
    COMPLAINT_PUBLICITY = "complaint_publicity", _("Complaint-channel publicity")
    ASSESSMENT = "assessment", _("Environment assessment or survey")


# The plan item an activity type normally belongs to (the form suggests it; the user may change it).
TYPE_ITEM = {
    "training": "1.1", "elearning": "1.2", "mainstreaming": "1.3", "comm_online": "1.4", "comm_video": "1.4",
    "comm_campaign": "1.4", "comm_declaration": "1.4", "comm_meeting": "1.4", "leaders": "2.1", "measure": "2.2",
    "gr_project": "2.3", "partnership": "2.4", "data": "2.5", "environment": "3.1",
    "complaint_publicity": "3.2", "assessment": "3.3",
}

PEOPLE_FIELDS = ("female", "male")
GENDER_FIELDS = ("gi_female", "gi_male", "gi_diverse", "gi_undisclosed")
PARTNER_FIELDS = ("partners_government", "partners_private", "partners_civil")


class Activity(models.Model):
    """Something an agency did under a plan item, reported in one round."""

    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="activities",
                               verbose_name=_("report"))
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, editable=False,
                               related_name="activities")
    fy = models.PositiveSmallIntegerField(editable=False)
    plan_item = models.ForeignKey("plans.PlanItem", on_delete=models.PROTECT, related_name="activities",
                                  verbose_name=_("plan item"))
    kind = models.CharField(_("activity type"), max_length=24, choices=ActivityType.choices)
    title = models.CharField(_("title"), max_length=300)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    budget = models.DecimalField(_("budget (THB)"), max_digits=14, decimal_places=2, default=0)
    female = models.PositiveIntegerField(_("participants: women"), default=0)
    male = models.PositiveIntegerField(_("participants: men"), default=0)
    gi_female = models.PositiveIntegerField(_("gender identity: women"), default=0)
    gi_male = models.PositiveIntegerField(_("gender identity: men"), default=0)
    gi_diverse = models.PositiveIntegerField(_("gender identity: LGBTQIAN+"), default=0)
    gi_undisclosed = models.PositiveIntegerField(_("gender identity: prefer not to say"), default=0)
    partners_government = models.PositiveIntegerField(_("partners: government"), default=0)
    partners_private = models.PositiveIntegerField(_("partners: private sector"), default=0)
    partners_civil = models.PositiveIntegerField(_("partners: civil society"), default=0)
    outcome = models.TextField(_("outcome"), blank=True)
    links = models.TextField(_("links"), blank=True, help_text=_("One web address per line."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["agency", "fy"], name="activity_agency_fy"),
                   models.Index(fields=["fy", "plan_item"], name="activity_fy_item")]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="activity_dates_ordered"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="activity_budget_not_negative"),
            # Gender identity is optional; when given, it covers exactly the participants.
            models.CheckConstraint(
                condition=Q(gi_female=0, gi_male=0, gi_diverse=0, gi_undisclosed=0)
                | Q(female=models.F("gi_female") + models.F("gi_male") + models.F("gi_diverse")
                    + models.F("gi_undisclosed") - models.F("male")),
                name="activity_gender_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def participants(self) -> int:
        return self.female + self.male

    @property
    def gender_given(self) -> bool:
        return any(getattr(self, f) for f in GENDER_FIELDS)

    @property
    def partners(self) -> int:
        return sum(getattr(self, f) for f in PARTNER_FIELDS)

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


def evidence_path(instance: Evidence, filename: str) -> str:
    """A random stored name: the original name is kept in the row, never in the path."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"evidence/{timezone.now():%Y/%m}/{secrets.token_urlsafe(24)}{suffix}"


class Evidence(models.Model):
    """A file that backs an activity (PDF, image, Office document); served only through an access check."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name


class IndicatorValue(models.Model):
    """An agency's value of an indicator in one report (year to date), with its breakdown."""

    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey("plans.Indicator", on_delete=models.PROTECT, related_name="values")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, editable=False,
                               related_name="indicator_values")
    fy = models.PositiveSmallIntegerField(editable=False)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField(_("answer"), blank=True)
    female = models.PositiveIntegerField(_("women"), null=True, blank=True)
    male = models.PositiveIntegerField(_("men"), null=True, blank=True)
    gi_female = models.PositiveIntegerField(_("gender identity: women"), null=True, blank=True)
    gi_male = models.PositiveIntegerField(_("gender identity: men"), null=True, blank=True)
    gi_diverse = models.PositiveIntegerField(_("gender identity: LGBTQIAN+"), null=True, blank=True)
    gi_undisclosed = models.PositiveIntegerField(_("gender identity: prefer not to say"), null=True, blank=True)
    # The coordinator's explicit "does not apply to us": no value, and not counted as reporting.
    not_applicable = models.BooleanField(_("not applicable"), default=False)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="value_unique_per_report"),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0), name="value_not_negative"),
            models.CheckConstraint(condition=Q(not_applicable=False) | Q(value__isnull=True, text=""),
                                   name="value_not_applicable_is_empty"),
        ]
        indexes = [models.Index(fields=["agency", "fy"], name="value_agency_fy"),
                   models.Index(fields=["fy", "indicator"], name="value_fy_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value if self.value is not None else self.text[:40]}"
