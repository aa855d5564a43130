from django.db import models
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
