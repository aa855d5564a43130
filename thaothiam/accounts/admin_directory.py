"""The administrator edits the role mapping in the admin site; every change is audited."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from thaothiam.core.admin_site import AuditedModelAdmin

from .directory_models import AgencyMapping, DirectoryAccount, RoleMapping


@admin.register(RoleMapping)
class RoleMappingAdmin(AuditedModelAdmin):
    list_display = ["attribute", "value", "role", "scope", "agency", "grants_privileged", "source", "is_active"]
    list_filter = ["role", "scope", "source", "is_active"]
    search_fields = ["value", "note", "agency__code"]
    autocomplete_fields = ["agency"]
    fieldsets = (
        (_("When the directory says"), {"fields": ("source", "attribute", "value")}),
        (_("Grant"), {"fields": ("role", "scope", "agency", "grants_privileged")}),
        (None, {"fields": ("is_active", "note")}),
    )


@admin.register(AgencyMapping)
class AgencyMappingAdmin(AuditedModelAdmin):
    list_display = ["value", "agency", "source"]
    search_fields = ["value", "agency__code", "agency__name_th"]
    autocomplete_fields = ["agency"]


@admin.register(DirectoryAccount)
class DirectoryAccountAdmin(AuditedModelAdmin):
    """Linking an existing local account to a directory identity is done here, by hand and audited."""

    list_display = ["subject", "source", "user", "last_seen", "left_at"]
    list_filter = ["source", ("left_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "user__username"]
    autocomplete_fields = ["user"]
    readonly_fields = ["first_seen", "last_seen", "left_at"]
