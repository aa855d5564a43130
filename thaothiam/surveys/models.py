"""Survey instruments, campaigns, invitations and anonymous responses (PRODUCT.md §4).

Anonymity is a property of the schema (docs/decisions/0031-survey-anonymity.md): a `Response`
has a random UUID key, no link to a user or an invitation, no IP or user agent, only the date of
submission, and its demographics as bands. Participation is the `responded` flag of the
invitation. Answers are packed one unsigned 16-bit value per item in `Response.answers`
(docs/decisions/0030-survey-storage-and-cache.md).
"""

from __future__ import annotations

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thaothiam.core.i18n import pick

from . import bands

MAX_OPTIONS = 15  # a multiple-choice answer is a bitmask in one 16-bit slot
SLOT_DTYPE = "<u2"  # little-endian unsigned 16-bit, one per item slot


class BandSet(models.TextChoices):
    """Thai Likert interpretation bands (PRODUCT.md §4)."""

    WIDTH_080 = "w080", _("Five equal bands of 0.80 (4.21–5.00 highest)")
    WIDTH_050 = "w050", _("Bands of 0.50 (4.51–5.00 highest)")


# The demographic band columns of a response, in the order of the in-memory matrix: sex, gender
# identity, personnel type and age band in the core vocabulary's codes, the level band as a number
# (surveys/bands.py).
DEMOGRAPHICS = bands.DEMOGRAPHICS


def _code_field():
    return models.CharField(max_length=bands.MAX_CODE, default="U")


class Instrument(models.Model):
    """A questionnaire. Its structure is frozen once any of its campaigns has opened."""

    class Kind(models.TextChoices):
        OPINION = "opinion", _("Opinion survey")
        WORK_ENVIRONMENT = "work_environment", _("Work-environment survey")
        OTHER = "other", _("Other survey")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    family = models.SlugField(
        _("family"), max_length=40,
        help_text=_("Versions of the same survey share a family; items with the same code compare across years."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    intro_th = models.TextField(_("introduction (Thai)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    band_set = models.CharField(_("interpretation bands"), max_length=4, choices=BandSet.choices,
                                default=BandSet.WIDTH_080)
    headline_item = models.CharField(
        _("headline"), max_length=40, blank=True,
        help_text=_("Empty: the overall mean of all Likert items. Or the code of one Likert item."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("survey instrument")
        verbose_name_plural = _("survey instruments")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick(self.title_th, self.title_en)

    @property
    def intro(self) -> str:
        return pick(self.intro_th, self.intro_en)

    @property
    def is_locked(self) -> bool:
        return self.campaigns.exclude(status=Campaign.Status.DRAFT).exists()

    def slot_count(self) -> int:
        top = self.items.exclude(position=None).aggregate(m=models.Max("position"))["m"]
        return 0 if top is None else top + 1


class _LockedByInstrument(models.Model):
    """Sections and items refuse changes once the instrument's first campaign has opened."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._refuse_if_locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_locked()
        return super().delete(*args, **kwargs)

    def _refuse_if_locked(self):
        if self.instrument_id and Instrument.objects.get(pk=self.instrument_id).is_locked:
            raise ValidationError(_("This survey has been opened: its questions can no longer change. "
                                    "Copy it to make a new version."))


class Section(_LockedByInstrument):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("order"))
    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    intro_th = models.TextField(_("introduction (Thai)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    is_demographic = models.BooleanField(
        _("demographic section"), default=False,
        help_text=_("Skipped when the campaign takes demographics from the invitation list."),
    )

    class Meta:
        ordering = ["instrument", "order"]
        constraints = [models.UniqueConstraint(fields=["instrument", "order"], name="survey_section_order_unique")]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick(self.title_th, self.title_en)

    @property
    def intro(self) -> str:
        return pick(self.intro_th, self.intro_en)


class Item(_LockedByInstrument):
    """One question. `position` is its slot in the packed answers (None for open text)."""

    class Kind(models.TextChoices):
        LIKERT5 = "likert5", _("Likert scale (1–5)")
        SINGLE = "single", _("Single choice")
        MULTI = "multi", _("Multiple choice")
        YESNO = "yesno", _("Yes / no")
        BEHAVIOUR = "behaviour", _("Behaviour in the last 12 months (experienced / witnessed)")
        TEXT = "text", _("Open text")

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.SlugField(_("item code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text_th = models.TextField(_("question (Thai)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    # [{"th": ..., "en": ...}, ...]; the stored value of option i is i + 1 (bit i for multiple choice).
    options = models.JSONField(_("options"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("slot"), null=True, blank=True)
    demographic = models.CharField(
        _("demographic band"), max_length=20, blank=True, choices=[(k, k) for k in DEMOGRAPHICS],
        help_text=_("The answer fills this demographic band of the response (option i = band code i)."),
    )

    class Meta:
        ordering = ["instrument", "section__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="survey_item_code_unique"),
            models.UniqueConstraint(fields=["instrument", "position"], name="survey_item_slot_unique"),
            models.CheckConstraint(condition=Q(kind="text", position=None) | (~Q(kind="text") & Q(position__isnull=False)),
                                   name="survey_item_slot_unless_text"),
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

    @property
    def text(self) -> str:
        return pick(self.text_th, self.text_en)

    def choices(self) -> list[tuple[int, str]]:
        """(stored value, label) in the active language; for multiple choice the value is the bit."""
        from .instruments import KNOWN_OPTIONS, fixed_options, is_knowledge_item

        if is_knowledge_item(self):  # "do you know …": known / not known, on every page and export
            return [(i + 1, pick(o["th"], o["en"])) for i, o in enumerate(KNOWN_OPTIONS)]
        opts = fixed_options(self.kind) or self.options
        if self.kind == self.Kind.MULTI:
            return [(1 << i, pick(o["th"], o.get("en", ""))) for i, o in enumerate(opts)]
        return [(i + 1, pick(o["th"], o.get("en", ""))) for i, o in enumerate(opts)]

    def clean(self):
        if self.kind in (self.Kind.SINGLE, self.Kind.MULTI) and not self.options:
            raise ValidationError(_("A choice question needs options."))
        if len(self.options) > MAX_OPTIONS:
            raise ValidationError(_("At most %(n)d options.") % {"n": MAX_OPTIONS})
        if self.demographic:
            dimension = DEMOGRAPHICS[self.demographic]
            if self.kind != self.Kind.SINGLE or len(self.options) != len(dimension.terms):
                raise ValidationError(_("A demographic question is single choice with one option per band, "
                                        "in band order: %(bands)s.") % {
                    "bands": ", ".join(str(label) for value, label in dimension.choices if value)})


def _token() -> str:
    return secrets.token_urlsafe(24)


class Campaign(models.Model):
    """One run of an instrument in a fiscal year. Anonymity settings freeze when it opens."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class DemographicSource(models.TextChoices):
        ANSWERS = "answers", _("The respondent's answers to the demographic questions")
        INVITATION = "invitation", _("The bands stored with the invitation list")

    class OpenLinks(models.TextChoices):
        OFF = "off", _("Off: personal invitations only")
        SIGN_IN = "sign_in", _("On, with sign-in: one answer per account")
        LIMITED = "limited", _("On, without sign-in: a limit per device and at the agency's headcount")

    ANONYMITY_FIELDS = ("demographic_source", "instrument_id")

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="campaigns",
                                   verbose_name=_("survey"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    demographic_source = models.CharField(_("demographics from"), max_length=12,
                                          choices=DemographicSource.choices, default=DemographicSource.ANSWERS)
    agencies = models.ManyToManyField("agencies.Agency", verbose_name=_("target agencies"),
                                      related_name="survey_campaigns", blank=True)
    open_link_mode = models.CharField(_("open links"), max_length=10, choices=OpenLinks.choices,
                                      default=OpenLinks.OFF)

    class Meta:
        ordering = ["-fiscal_year", "instrument__code"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "fiscal_year"], name="survey_campaign_one_per_year"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="survey_campaign_dates"),
        ]
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")

    def __str__(self) -> str:
        return f"{self.instrument.title} ({self.fiscal_year})"

    def save(self, *args, **kwargs):
        if self.pk:
            stored = Campaign.objects.filter(pk=self.pk).values("status", *self.ANONYMITY_FIELDS).first()
            if stored and stored["status"] != self.Status.DRAFT:
                changed = [f for f in self.ANONYMITY_FIELDS if stored[f] != getattr(self, f)]
                if changed:
                    raise ValidationError(_("The anonymity settings of a survey cannot change once it has opened."))
        super().save(*args, **kwargs)

    # Explicit state transitions; services call these and save.
    def open(self):
        if self.status != self.Status.DRAFT:
            raise ValidationError(_("Only a draft survey can be opened."))
        self.status = self.Status.OPEN

    def close(self):
        if self.status != self.Status.OPEN:
            raise ValidationError(_("Only an open survey can be closed."))
        self.status = self.Status.CLOSED

    def accepts_answers(self, today) -> bool:
        return self.status == self.Status.OPEN and self.opens_on <= today <= self.closes_on


class Invitation(models.Model):
    """A personal link. Participation is only the `responded` flag: no time is recorded."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    email = models.EmailField(blank=True)
    token = models.CharField(max_length=64, unique=True, default=_token)
    via_open_link = models.BooleanField(default=False)
    responded = models.BooleanField(default=False)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_on = models.DateField(null=True, blank=True)
    sex = _code_field()
    gender_identity = _code_field()
    personnel_type = _code_field()
    level_band = models.PositiveSmallIntegerField(default=0)
    age_band = _code_field()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], condition=Q(user__isnull=False),
                                    name="survey_invitation_one_per_user"),
        ]
        indexes = [models.Index(fields=["campaign", "agency", "responded"], name="survey_inv_rate")]

    def __str__(self) -> str:
        return f"invitation {self.pk}"


class OpenLink(models.Model):
    """An agency's shared link, for agencies without staff e-mail: each visit mints an invitation."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="open_links")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=_token)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "agency"], name="survey_openlink_per_agency")]

    def __str__(self) -> str:
        return f"open link {self.pk}"


class Draft(models.Model):
    """Answers saved between sections, sealed (AES-GCM) with a key that only the respondent's cookie
    holds (surveys/drafts.py): the server keeps ciphertext it cannot read, keyed by a random id that
    is not the invitation. Deleted at submission and when the campaign closes."""

    id = models.CharField(primary_key=True, max_length=64)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="drafts")
    sealed = models.BinaryField()

    def __str__(self) -> str:
        return "draft"


class PendingResponse(models.Model):
    """A submission waiting in the mixing pool (surveys/pool.py): no invitation, no person, no time.
    A batch writes the pool's rows as `Response`s in random order and deletes them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    sex = _code_field()
    gender_identity = _code_field()
    personnel_type = _code_field()
    level_band = models.PositiveSmallIntegerField(default=0)
    age_band = _code_field()
    answers = models.BinaryField()
    texts = models.JSONField(default=list)  # [[item id, text], ...]

    def __str__(self) -> str:
        return "pending response"


class PendingParticipation(models.Model):
    """An invitation used in the pool, with nothing of its answers; its `responded` flag is flipped
    by the same batch that writes the responses. Unique per invitation: a second use is refused."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return "pending participation"


class ResultRelease(models.Model):
    """A released snapshot of a campaign's results: what every results page, export and headline shows
    (surveys/releases.py). Responses carry the number of the release that first included them."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="releases")
    number = models.PositiveIntegerField()
    released_on = models.DateField()
    responses = models.PositiveIntegerField()
    final = models.BooleanField(default=False)
    # {agency id: [answered by personal invitation, answered by open link]} at the release: the response
    # rate is released with the results, so it cannot be read before and after one person answers either.
    participation = models.JSONField(default=dict)

    class Meta:
        ordering = ["campaign", "number"]
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="survey_release_number")]

    def __str__(self) -> str:
        return f"release {self.number}"


class OpenLinkTally(models.Model):
    """How many invitations one client (a keyed digest of its address, for one day) took from an open
    link: the per-client limit of the rate-limited mode. Deleted after the day."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    client = models.CharField(max_length=32)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "client", "day"], name="survey_openlink_tally")]

    def __str__(self) -> str:
        return "open-link tally"


class Response(models.Model):
    """One anonymous submission. No user, no invitation, no IP, no time of day (see module doc)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField()
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    sex = _code_field()
    gender_identity = _code_field()
    personnel_type = _code_field()
    level_band = models.PositiveSmallIntegerField(default=0)
    age_band = _code_field()
    answers = models.BinaryField()  # one SLOT_DTYPE value per item slot; 0 = missing
    release = models.PositiveIntegerField(null=True, blank=True)  # the first ResultRelease that shows it

    class Meta:
        indexes = [models.Index(fields=["campaign", "release"], name="survey_response_release")]

    def __str__(self) -> str:
        return "response"


class OpenAnswer(models.Model):
    """An open-text answer, kept apart from its response with nothing that links the two."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="open_answers")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="open_answers")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    sex = _code_field()
    gender_identity = _code_field()
    personnel_type = _code_field()
    level_band = models.PositiveSmallIntegerField(default=0)
    age_band = _code_field()
    text = models.TextField()
    release = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["campaign", "item"], name="survey_openanswer_item")]

    def __str__(self) -> str:
        return "open answer"


from .jobs import SurveyPdfJob  # noqa: E402,F401 — a model of this app, kept in its own module
