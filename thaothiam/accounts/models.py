from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thaothiam.core.roles import AGENCY_ROLES, BMA_WIDE_ROLES, Role  # noqa: F401 (imported from here by apps)


class User(AbstractUser):
    """A person who signs in. Their home agency is where they work; roles are granted separately."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class RoleGrant(models.Model):
    """One role for one person, for one agency or (agency empty) for the whole BMA."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT,
        help_text=_("Empty means the whole BMA."),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "agency"], name="rolegrant_unique_per_agency",
            ),
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(agency__isnull=True), name="rolegrant_unique_bma_wide",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(r.value for r in AGENCY_ROLES)) | Q(agency__isnull=False),
                name="rolegrant_agency_roles_need_agency",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(r.value for r in BMA_WIDE_ROLES)) | Q(agency__isnull=True),
                name="rolegrant_bma_roles_have_no_agency",
            ),
        ]

    def __str__(self) -> str:
        scope = self.agency.code if self.agency_id else "BMA"
        return f"{self.user.username}: {self.get_role_display()} @ {scope}"


# Single sign-on: directory accounts and the role mapping (docs/sign-in.md).
from .directory_models import AgencyMapping, DirectoryAccount, DirectoryGrant, RoleMapping  # noqa: E402, F401
