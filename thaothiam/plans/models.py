from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from thaothiam.core.i18n import BilingualNameMixin, pick


class Plan(models.Model):
    """The action plan (แผนปฏิบัติการ), e.g. the BMA plan for B.E. 2568–2570."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_th = models.CharField(_("title (Thai)"), max_length=400)
    title_en = models.CharField(_("title (English)"), max_length=400, blank=True)
    first_fy = models.PositiveSmallIntegerField(_("first fiscal year (B.E.)"))
    last_fy = models.PositiveSmallIntegerField(_("last fiscal year (B.E.)"))
    policy_title_th = models.CharField(_("policy title (Thai)"), max_length=400, blank=True)
    policy_title_en = models.CharField(_("policy title (English)"), max_length=400, blank=True)
    policy_text_th = models.TextField(_("policy text (Thai)"), blank=True)
    policy_text_en = models.TextField(_("policy text (English)"), blank=True)
    announcement_date = models.DateField(_("policy announcement date"), null=True, blank=True)
    reporting_text_th = models.TextField(_("how the plan runs (Thai)"), blank=True)
    reporting_text_en = models.TextField(_("how the plan runs (English)"), blank=True)
    issued_by_th = models.CharField(_("issued by (Thai)"), max_length=300, blank=True)
    issued_by_en = models.CharField(_("issued by (English)"), max_length=300, blank=True)
    is_current = models.BooleanField(_("current plan"), default=False)

    class Meta:
        ordering = ["-first_fy"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(condition=models.Q(last_fy__gte=models.F("first_fy")), name="plan_years_ordered"),
            models.UniqueConstraint(fields=["is_current"], condition=models.Q(is_current=True), name="one_current_plan"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick(self.title_th, self.title_en)

    @property
    def policy_title(self) -> str:
        return pick(self.policy_title_th, self.policy_title_en)

    @property
    def policy_text(self) -> str:
        return pick(self.policy_text_th, self.policy_text_en)

    @property
    def reporting_text(self) -> str:
        return pick(self.reporting_text_th, self.reporting_text_en)

    @property
    def issued_by(self) -> str:
        return pick(self.issued_by_th, self.issued_by_en)

    @property
    def fiscal_years(self) -> range:
        return range(self.first_fy, self.last_fy + 1)


class Pillar(BilingualNameMixin):
    """A pillar (มิติ) of the plan: individual, mechanism, work environment."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="pillars", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    strategy_th = models.TextField(_("strategy (Thai)"))
    strategy_en = models.TextField(_("strategy (English)"), blank=True)
    goal_th = models.TextField(_("goal (Thai)"))
    goal_en = models.TextField(_("goal (English)"), blank=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="pillar_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def strategy(self) -> str:
        return pick(self.strategy_th, self.strategy_en)

    @property
    def goal(self) -> str:
        return pick(self.goal_th, self.goal_en)


class PlanItem(BilingualNameMixin):
    """A plan item (แผนงาน), numbered within its pillar: 1.1 … 3.3."""

    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="items", verbose_name=_("pillar"))
    number = models.PositiveSmallIntegerField(_("number"))
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["pillar__plan", "pillar__number", "number"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        constraints = [models.UniqueConstraint(fields=["pillar", "number"], name="planitem_number_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def code(self) -> str:
        return f"{self.pillar.number}.{self.number}"

    @property
    def description(self) -> str:
        return pick(self.description_th, self.description_en)


class Indicator(BilingualNameMixin):
    """An indicator (ตัวชี้วัด) of a plan item, with how it is measured and rolled up to the BMA."""

    class Kind(models.TextChoices):
        COUNT = "count", _("Count")
        PERCENT = "percent", _("Percentage")
        SCORE = "score", _("Score")
        YES_NO = "yesno", _("Yes / no")
        TEXT = "text", _("Text")

    class Disaggregation(models.TextChoices):
        NONE = "none", _("None")
        SEX = "sex", _("By sex")
        SEX_GENDER = "sex_gender", _("By sex and gender identity")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum of agencies")
        MEAN = "mean", _("Mean of agencies")
        SHARE = "share", _("Share of agencies achieving their target")
        REPORTED = "reported", _("Number of agencies that reported (text)")

    class Direction(models.TextChoices):
        UP = "up", _("Higher is better")
        DOWN = "down", _("Lower is better")

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("plan item"))
    code = models.SlugField(_("code"), max_length=30, unique=True)
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.COUNT)
    disaggregation = models.CharField(
        _("disaggregation"), max_length=12, choices=Disaggregation.choices, default=Disaggregation.NONE
    )
    aggregation = models.CharField(_("aggregation to the BMA"), max_length=8, choices=Aggregation.choices,
                                   default=Aggregation.SUM)
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices, default=Direction.UP)
    unit_th = models.CharField(_("unit (Thai)"), max_length=60, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=60, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    system_value_replaces_input = models.BooleanField(
        _("the system's value replaces typing"), default=False,
        help_text=_("When the system computes this indicator from its own records (e.g. learning), agencies "
                    "get that value and cannot type another."))

    class Meta:
        ordering = ["item__pillar__number", "item__number", "number"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="indicator_number_unique"),
            # Only people can be split by sex; a yes/no or a text answer has no breakdown.
            models.CheckConstraint(
                condition=models.Q(disaggregation="none") | models.Q(kind="count"),
                name="indicator_disaggregation_needs_count",
            ),
            # A text answer has no numeric roll-up: it is counted (agencies that reported it), and
            # only a text indicator is counted that way.
            models.CheckConstraint(
                condition=models.Q(kind="text", aggregation="reported")
                | (~models.Q(kind="text") & ~models.Q(aggregation="reported")),
                name="indicator_text_is_counted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def unit(self) -> str:
        return pick(self.unit_th, self.unit_en)

    @property
    def is_numeric(self) -> bool:
        return self.kind != self.Kind.TEXT

    def clean(self):
        super().clean()
        if self.kind == self.Kind.TEXT and self.aggregation != self.Aggregation.REPORTED:
            raise ValidationError({"aggregation": gettext(
                "A text indicator has no numeric roll-up: choose “Number of agencies that reported (text)”.")})
        if self.kind != self.Kind.TEXT and self.aggregation == self.Aggregation.REPORTED:
            raise ValidationError({"aggregation": gettext(
                "Only a text indicator is rolled up as the number of agencies that reported it.")})

    # --- display: the one rule for every page, the PDF and the workbook -----------------------------

    def display_kind(self, *, bma: bool = False) -> str:
        """How a value is shown: an agency's own value by the indicator's type; at the BMA level the
        share rule gives a percentage and a text indicator the number of agencies that reported it."""
        if self.kind == self.Kind.TEXT:
            return self.Kind.COUNT if bma else self.Kind.TEXT
        if bma and self.aggregation == self.Aggregation.SHARE:
            return self.Kind.PERCENT
        if bma and self.aggregation == self.Aggregation.MEAN and self.kind in (self.Kind.COUNT, self.Kind.YES_NO):
            return self.Kind.SCORE  # a mean of counts has decimals
        return self.kind

    @property
    def counts_people(self) -> bool:
        """A count broken down by sex is a number of people: disclosure control applies to it."""
        return self.kind == self.Kind.COUNT and self.disaggregation != self.Disaggregation.NONE

    def display_unit(self, *, bma: bool = False) -> str:
        """The unit printed after a number ("%" is part of the number, so a leading "%"/"ร้อยละ" is dropped)."""
        kind = self.display_kind(bma=bma)
        if self.kind == self.Kind.TEXT:
            return gettext("agencies reporting") if bma else ""
        if kind == self.Kind.YES_NO:
            return ""
        unit = self.unit.strip()
        if kind == self.Kind.PERCENT:
            for prefix in ("%", "ร้อยละ", "percent", "per cent"):
                if unit.lower().startswith(prefix):
                    return unit[len(prefix):].strip()
        return unit

    def format_value(self, value, *, bma: bool = False, unit: bool = True) -> str:
        """'2,709 คน', '76.1% ของหน่วยงาน', '3.87 คะแนน', 'ใช่'; '—' (no unit) for a missing value.
        Number and unit are joined by non-breaking spaces so the pair never wraps."""
        if value is None or value == "":
            return "—"
        kind = self.display_kind(bma=bma)
        if kind == self.Kind.TEXT:
            if isinstance(value, str):
                return value
            # one agency's roll-up of a text indicator: whether it reported it (1) or not (0)
            return pgettext("text indicator", "Reported") if value >= 1 else pgettext("text indicator", "Not reported")
        if kind == self.Kind.YES_NO:
            return pgettext("indicator value", "Yes") if Decimal(str(value)) >= 1 else pgettext("indicator value", "No")
        number = Decimal(str(value))
        if kind == self.Kind.COUNT:
            text = f"{number:,.0f}"
        elif kind == self.Kind.PERCENT:
            text = f"{number:,.1f}%"
        else:
            text = f"{number:,.2f}"
        suffix = self.display_unit(bma=bma) if unit else ""
        return f"{text}\u00a0{suffix}".replace(" ", "\u00a0") if suffix else text

    def number_format(self, *, bma: bool = False) -> str:
        """The spreadsheet number format of a value (the workbook stores numbers, not text)."""
        return {self.Kind.COUNT: "#,##0", self.Kind.PERCENT: '0.0"%"', self.Kind.YES_NO: "0", self.Kind.TEXT: "0"}.get(
            self.display_kind(bma=bma), "#,##0.00")

    def achieves(self, value, target) -> bool | None:
        """Whether a value meets a target in this indicator's direction (None if either is missing)."""
        if value is None or target is None:
            return None
        return value >= target if self.direction == self.Direction.UP else value <= target


class Target(models.Model):
    """A target of an indicator for one fiscal year: for the BMA (agency empty) or for one agency.

    The BMA row also carries ``agency_default``: what each agency should reach when it has no row of
    its own (used by the "share of agencies achieving" rule).
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets",
                                  verbose_name=_("indicator"))
    fy = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="indicator_targets", verbose_name=_("agency"),
                               help_text=_("Empty means the BMA-level target."))
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    agency_default = models.DecimalField(_("default target per agency"), max_digits=14, decimal_places=2,
                                         null=True, blank=True)

    class Meta:
        ordering = ["indicator", "fy", "agency"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "fy", "agency"], name="target_unique_per_agency"),
            models.UniqueConstraint(fields=["indicator", "fy"], condition=models.Q(agency__isnull=True),
                                    name="target_unique_bma"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.fy}: {self.value}"
