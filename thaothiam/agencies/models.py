from django.db import models
from django.utils.translation import gettext_lazy as _

from thaothiam.core.i18n import BilingualNameMixin


class Agency(BilingualNameMixin):
    """A BMA agency (หน่วยงาน): department, office, division, district office or university."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department")
        OFFICE = "office", _("Office")
        DIVISION = "division", _("Division")
        DISTRICT = "district", _("District office")
        UNIVERSITY = "university", _("University")

    code = models.CharField(_("code"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent agency"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    geocode = models.CharField(_("district geocode"), max_length=10, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_district(self) -> bool:
        return self.kind == self.Kind.DISTRICT
