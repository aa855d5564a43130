"""The roles of PRODUCT.md §1. They live in core because access control (core) decides by them;
``accounts`` stores the grants and imports them from here."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of PRODUCT.md §1. A grant ties a role to one agency or to the whole BMA."""

    STAFF = "staff", _("Staff")
    COORDINATOR = "coordinator", _("Agency coordinator")
    HEAD = "head", _("Head of agency")
    CENTRAL = "central", _("Central team (Office of the BCSC)")
    EXECUTIVE = "executive", _("Executive")
    COMPLAINT_OFFICER = "complaint_officer", _("Complaint officer")
    ADMIN = "admin", _("System administrator")


# Roles that only make sense for one agency, and roles that are BMA-wide by nature.
AGENCY_ROLES = {Role.STAFF, Role.COORDINATOR, Role.HEAD}
BMA_WIDE_ROLES = {Role.CENTRAL, Role.ADMIN}
