"""Single sign-on records: who came from which directory, and the mapping the administrator edits.

A directory (OpenID Connect provider or LDAP/Active Directory) says who a person is and which
groups or claims they carry; `RoleMapping` and `AgencyMapping` (edited in the admin site) turn
that into a home agency and role grants. `DirectoryGrant` remembers which grants the mapping made,
so a later sign-in or sync revokes only those, never a grant the administrator made by hand.
See docs/sign-in.md and docs/decisions/0090-sign-in-through-the-directory.md.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import AGENCY_ROLES, BMA_WIDE_ROLES, Role, User

# Every role but `staff` carries powers over other people's data: a mapping row that grants one must
# say so explicitly (RoleMapping.grants_privileged), so that a group or claim alone never does.
PRIVILEGED_ROLES = frozenset(set(Role) - {Role.STAFF})


class Source(models.TextChoices):
    OIDC = "oidc", _("OpenID Connect")
    LDAP = "ldap", _("LDAP / Active Directory")


class DirectoryAccount(models.Model):
    """The link between a local user and their identity in a directory (OIDC `sub` or LDAP DN)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="directory_account",
                                verbose_name=_("user"))
    source = models.CharField(_("directory"), max_length=10, choices=Source.choices)
    subject = models.CharField(_("identifier in the directory"), max_length=255,
                               help_text=_("The OpenID Connect subject (sub) or the LDAP username."))
    first_seen = models.DateTimeField(_("first signed in"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last seen in the directory"), null=True, blank=True)
    left_at = models.DateTimeField(
        _("left the directory"), null=True, blank=True,
        help_text=_("Set when the directory no longer knows this person; the account is then disabled."),
    )

    class Meta:
        verbose_name = _("directory account")
        verbose_name_plural = _("directory accounts")
        constraints = [models.UniqueConstraint(fields=["source", "subject"], name="directoryaccount_unique_subject")]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.subject}"


class RoleMapping(models.Model):
    """A directory group or claim value → a role, for the person's own agency, a fixed agency or the BMA."""

    class Scope(models.TextChoices):
        OWN = "own", _("The person's own agency")
        AGENCY = "agency", _("The agency chosen here")
        BMA = "bma", _("The whole BMA")

    source = models.CharField(_("directory"), max_length=10, choices=Source.choices, blank=True,
                              help_text=_("Empty: any directory."))
    attribute = models.CharField(
        _("group or claim"), max_length=100, default="groups",
        help_text=_("'groups' for group membership; otherwise the name of the claim or LDAP attribute."),
    )
    value = models.CharField(_("value"), max_length=255,
                             help_text=_("The group name (or LDAP group DN) or the claim value; case is ignored."))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    scope = models.CharField(_("for"), max_length=10, choices=Scope.choices, default=Scope.OWN)
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("agency"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    grants_privileged = models.BooleanField(
        _("grants a privileged role"), default=False,
        help_text=_("Required for every role but staff: a group or claim never grants more than staff unless "
                    "this box says so."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("role mapping")
        verbose_name_plural = _("role mappings")
        ordering = ["attribute", "value", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.STAFF) | Q(grants_privileged=True), name="rolemapping_privileged_explicit",
            ),
            models.CheckConstraint(
                condition=(Q(scope="agency") & Q(agency__isnull=False)) | (~Q(scope="agency") & Q(agency__isnull=True)),
                name="rolemapping_agency_iff_fixed",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(r.value for r in AGENCY_ROLES)) | ~Q(scope="bma"),
                name="rolemapping_agency_roles_not_bma",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(r.value for r in BMA_WIDE_ROLES)) | Q(scope="bma"),
                name="rolemapping_bma_roles_bma_wide",
            ),
        ]

    def __str__(self) -> str:
        where = self.agency.code if self.agency_id else self.get_scope_display()
        return f"{self.attribute}={self.value} → {self.get_role_display()} @ {where}"

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.role != Role.STAFF and not self.grants_privileged:
            errors["grants_privileged"] = _("Tick this box to let a directory group or claim grant a privileged role.")
        if self.scope == self.Scope.AGENCY and not self.agency_id:
            errors["agency"] = _("Choose the agency.")
        if self.scope != self.Scope.AGENCY and self.agency_id:
            errors["agency"] = _("Leave the agency empty unless the role is for the agency chosen here.")
        if self.role in AGENCY_ROLES and self.scope == self.Scope.BMA:
            errors["scope"] = _("This role is always for one agency.")
        if self.role in BMA_WIDE_ROLES and self.scope != self.Scope.BMA:
            errors["scope"] = _("This role is always for the whole BMA.")
        if errors:
            raise ValidationError(errors)


class AgencyMapping(models.Model):
    """A directory attribute value → an agency, for directories whose values are not our agency codes."""

    source = models.CharField(_("directory"), max_length=10, choices=Source.choices, blank=True,
                              help_text=_("Empty: any directory."))
    value = models.CharField(_("value of the agency attribute"), max_length=255,
                             help_text=_("As the directory spells it, e.g. a department number or name; case is ignored."))
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("agency mapping")
        verbose_name_plural = _("agency mappings")
        ordering = ["value"]
        constraints = [models.UniqueConstraint(fields=["source", "value"], name="agencymapping_unique_value")]

    def __str__(self) -> str:
        return f"{self.value} → {self.agency.code}"


class DirectoryGrant(models.Model):
    """A role grant that the mapping made (and may therefore take back)."""

    account = models.ForeignKey(DirectoryAccount, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(max_length=30, choices=Role.choices)
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "role", "agency"], name="directorygrant_unique"),
            models.UniqueConstraint(fields=["account", "role"], condition=Q(agency__isnull=True),
                                    name="directorygrant_unique_bma"),
        ]

    def __str__(self) -> str:
        return f"{self.account}: {self.role}@{self.agency_id or 'BMA'}"
