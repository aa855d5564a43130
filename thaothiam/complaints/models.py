"""The complaint channel's records. Content is ciphertext (crypto.py); the rest is coarse metadata.

No IP address, user agent or time finer than the date is stored with a case: every date field is a
``DateField``, and ordering within a day uses the primary key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thaothiam.core.i18n import BilingualNameMixin


class Category(models.TextChoices):
    DISCRIMINATION = "discrimination", _("Gender discrimination")
    HARASSMENT = "harassment", _("Sexual harassment")
    ASSAULT = "assault", _("Sexual abuse or assault")
    RETALIATION = "retaliation", _("Retaliation for an earlier complaint")
    OTHER = "other", _("Other")


class Relationship(models.TextChoices):
    SUPERVISOR = "supervisor", _("Supervisor")
    COLLEAGUE = "colleague", _("Colleague")
    SUBORDINATE = "subordinate", _("Subordinate")
    PUBLIC = "public", _("Member of the public")
    UNKNOWN = "unknown", _("Unknown")


class Want(models.TextChoices):
    ADVICE = "advice", _("Advice only")
    INFORMAL = "informal", _("Informal resolution")
    FORMAL = "formal", _("Formal fact-finding")
    PROTECTION = "protection", _("Protection measures")


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ASSESSMENT = "assessment", _("Assessment")
    INFORMAL = "informal", _("Informal resolution")
    FACT_FINDING = "fact_finding", _("Fact-finding")
    REFERRAL = "referral", _("Referred to the disciplinary process")
    DECIDED = "decided", _("Outcome decided")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("Substantiated")
    PARTLY = "partly", _("Partly substantiated")
    NOT_SUBSTANTIATED = "not_substantiated", _("Not substantiated")
    RESOLVED = "resolved", _("Resolved informally")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REFERRED_OUT = "referred_out", _("Referred outside")


OPEN_STATES = (State.RECEIVED, State.ACKNOWLEDGED, State.ASSESSMENT, State.INFORMAL, State.FACT_FINDING,
               State.REFERRAL)
PATHS = (State.INFORMAL, State.FACT_FINDING, State.REFERRAL)
# The handling state machine: where each state may go next (DECIDED needs an outcome).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    State.RECEIVED: (State.ACKNOWLEDGED,),
    State.ACKNOWLEDGED: (State.ASSESSMENT, State.DECIDED),
    State.ASSESSMENT: (State.INFORMAL, State.FACT_FINDING, State.REFERRAL, State.DECIDED),
    State.INFORMAL: (State.FACT_FINDING, State.DECIDED),
    State.FACT_FINDING: (State.REFERRAL, State.DECIDED),
    State.REFERRAL: (State.DECIDED,),
    State.DECIDED: (State.CLOSED,),
    State.CLOSED: (),
}


class Config(models.Model):
    """The installation's settings for complaints (one row): receipt salt, Argon2id cost, due days, retention."""

    receipt_salt = models.BinaryField(max_length=16)
    receipt_ops = models.PositiveIntegerField()
    receipt_mem = models.PositiveBigIntegerField()
    acknowledge_days = models.PositiveSmallIntegerField(_("working days to acknowledge"), default=3)
    decide_days = models.PositiveSmallIntegerField(_("working days to decide the path"), default=15)
    fact_finding_days = models.PositiveSmallIntegerField(_("working days for fact-finding"), default=60)
    retention_years = models.PositiveSmallIntegerField(_("years to keep closed cases' content"), default=5)

    class Meta:
        verbose_name = _("complaint settings")

    def __str__(self) -> str:
        return "complaint settings"



class Holiday(BilingualNameMixin):
    """A public holiday in central's calendar: not a working day for due dates."""

    date = models.DateField(_("date"), unique=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"



class ChannelContact(models.Model):
    """A complaint officer's published office contact: an agency's (agency set) or central's (agency empty)."""

    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.CASCADE,
                               verbose_name=_("agency"), help_text=_("Empty for central's officers."))
    name = models.CharField(_("name or position"), max_length=200)
    phone = models.CharField(_("office phone"), max_length=50, blank=True)
    email = models.EmailField(_("office e-mail"), blank=True)

    class Meta:
        ordering = ["agency__code", "name", "pk"]

    def __str__(self) -> str:
        return self.name



class ExternalChannel(models.Model):
    """A channel outside the BMA (a national hotline), entered by central."""

    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    url = models.URLField(_("web address"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name_th



class PublicityCount(models.Model):
    """Poster downloads and QR visits per agency and fiscal year: a counter, never who."""

    class Kind(models.TextChoices):
        POSTER = "poster", _("Poster downloads")
        QR = "qr", _("QR code visits")

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    fiscal_year = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "fiscal_year"], name="publicity_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.kind} {self.fiscal_year}: {self.count}"



class OfficerKey(models.Model):
    """An officer's key pair; the private key only ever stored locked under their password or passphrase."""

    class Kind(models.TextChoices):
        PASSWORD = "password", _("Sign-in password")
        PASSPHRASE = "passphrase", _("Case passphrase")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="complaint_key")
    public_key = models.BinaryField(max_length=32)
    locked_private_key = models.BinaryField()
    salt = models.BinaryField(max_length=16)
    ops = models.PositiveIntegerField()
    mem = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_on = models.DateField()

    def __str__(self) -> str:
        return f"key of user {self.user_id}"



def new_record_key() -> int:
    """A case's record key for cell-key perturbation of every count that includes it (0..999, random)."""
    import secrets

    from thaothiam.core.cellkey import KEYS

    return secrets.randbelow(KEYS)


class Case(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="complaint_cases")
    category = models.CharField(_("what happened"), max_length=20, choices=Category.choices)
    relationship = models.CharField(_("person complained about"), max_length=20, choices=Relationship.choices)
    named = models.BooleanField(_("named"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.RECEIVED)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    path = models.CharField(_("path"), max_length=20, blank=True)  # the first path taken after assessment
    fiscal_year = models.PositiveSmallIntegerField(db_index=True)
    received_on = models.DateField()
    acknowledged_on = models.DateField(null=True, blank=True)
    path_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    last_handled_on = models.DateField()
    due_on = models.DateField(null=True, blank=True)  # the current stage's due date
    late_stages = models.PositiveSmallIntegerField(default=0)  # stages finished after their due date
    escalated_on = models.DateField(null=True, blank=True)
    followup_30_done_on = models.DateField(null=True, blank=True)
    followup_90_done_on = models.DateField(null=True, blank=True)
    # Crypto: the receipt's lookup value and wrap of the case key; the content (JSON) under the case key.
    receipt_lookup = models.BinaryField(max_length=32, unique=True, null=True)
    receipt_wrap = models.BinaryField(null=True)
    content = models.BinaryField(null=True)
    destroyed_on = models.DateField(null=True, blank=True)
    record_key = models.PositiveSmallIntegerField(default=new_record_key)  # core.cellkey; stats.py

    class Meta:
        indexes = [models.Index(fields=["state", "due_on"]), models.Index(fields=["agency", "fiscal_year"])]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"C-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def may_go_to(self, state: str) -> bool:
        return state in TRANSITIONS.get(self.state, ())


class CaseHolder(models.Model):
    """An officer who holds a case: the case key wrapped to their public key."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="holders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="complaint_holdings")
    wrapped_key = models.BinaryField()
    central = models.BooleanField(default=False)  # held as one of central's officers
    granted_on = models.DateField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="caseholder_unique")]

    def __str__(self) -> str:
        return f"case {self.case_id} held by user {self.user_id}"



class CaseExclusion(models.Model):
    """An officer who must never see the case (conflict of interest or named in it)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exclusions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="caseexclusion_unique")]

    def __str__(self) -> str:
        return f"case {self.case_id} excludes user {self.user_id}"



class Sender(models.TextChoices):
    COMPLAINANT = "complainant", _("Complainant")
    OFFICER = "officer", _("Officer")


class Message(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(max_length=12, choices=Sender.choices)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_on = models.DateField()
    body = models.BinaryField(null=True)  # ciphertext; None once destroyed

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"message {self.pk} on case {self.case_id}"



class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    sender = models.CharField(max_length=12, choices=Sender.choices)
    blob = models.FileField(upload_to="complaints/", max_length=200)  # ciphertext under a random name
    meta = models.BinaryField(null=True)  # {"name", "type"} encrypted
    size = models.PositiveIntegerField()
    added_on = models.DateField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"attachment {self.pk} on case {self.case_id}"



class Measure(models.Model):
    """An interim protection measure, with its dates."""

    class Kind(models.TextChoices):
        SEPARATION = "separation", _("Separation of the people involved")
        SUPERVISOR = "supervisor", _("Change of supervisor")
        LEAVE = "leave", _("Leave")
        OTHER = "other", _("Other measure")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("measure"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} on case {self.case_id}"



class AppendOnly(models.Model):
    """Rows are written once and never changed or deleted through the ORM."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("append-only: this row cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("append-only: this row cannot be deleted")


class AccessEntry(AppendOnly):
    """One opening of a case's content (or an attachment) by an officer. Read by central's officers."""

    class What(models.TextChoices):
        CASE = "case", _("Opened the case")
        ATTACHMENT = "attachment", _("Opened an attachment")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="access_log")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=12, choices=What.choices)
    on = models.DateField()

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"case {self.case_id} opened by user {self.user_id} on {self.on}"



class CaseEvent(AppendOnly):
    """The case's own audit trail (date precision, no content): state changes, grants, measures."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("Report received")
        COMPLAINANT_ADDED = "complainant_added", _("Complainant wrote or added files")
        OFFICER_MESSAGE = "officer_message", _("Officer wrote to the complainant")
        STATE = "state", _("State changed")
        GRANTED = "granted", _("Case given to an officer")
        HOLDER_KEY_REPLACED = "holder_key_replaced", _("An officer's key was replaced")
        HOLDER_REMOVED = "holder_removed", _("An officer was taken off the case")
        MEASURE = "measure", _("Protection measure recorded")
        FOLLOWUP = "followup", _("Follow-up check recorded")
        ESCALATED = "escalated", _("Overdue: escalated")
        CONTENT_DESTROYED = "content_destroyed", _("Content destroyed (retention)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=40, choices=Action.choices)
    detail = models.CharField(max_length=200, blank=True)
    on = models.DateField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"case {self.case_id}: {self.action} on {self.on}"

    @property
    def state_label(self) -> str:
        """For a state change: the new state (and outcome) in the reader's language."""
        state, _sep, outcome = self.detail.partition(":")
        if self.action != self.Action.STATE or state not in State.values:
            return ""
        return str(State(state).label) + (f" ({Outcome(outcome).label})" if outcome in Outcome.values else "")



class ReceiptThrottle(models.Model):
    """Failed receipt checks per hour, installation-wide: the only record of guessing (no address, no who)."""

    hour = models.DateTimeField(unique=True)
    failures = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.hour}: {self.failures}"
