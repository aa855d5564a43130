"""Bilingual model text: Thai first, English second, chosen by the active language."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def is_thai() -> bool:
    return (get_language() or "th").startswith("th")


def pick(thai: str, english: str) -> str:
    """The text for the active language, falling back to Thai when English is missing."""
    if is_thai():
        return thai
    return english or thai


class BilingualNameMixin(models.Model):
    """`name_th` and `name_en` with `.name` giving the one for the active language."""

    name_th = models.CharField(_("name (Thai)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_th, self.name_en)
