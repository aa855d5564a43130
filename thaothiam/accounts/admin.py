from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from thaothiam.core.admin_site import AuditedModelAdmin

from .models import RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    autocomplete_fields = ["agency"]

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "is_active", "last_login"]
    list_filter = ["is_active", "grants__role"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["agency"]
    inlines = [RoleGrantInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "agency")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def save_formset(self, request, form, formset, change):
        from thaothiam.core import audit

        instances = formset.save(commit=False)
        for grant in formset.deleted_objects:
            audit.audited_delete(grant, "admin.rolegrant.delete", actor=request.user)
        for grant in instances:
            audit.audited_save(grant, "admin.rolegrant.save", actor=request.user)
        if any(g.role == "admin" for g in instances) and not form.instance.is_staff:
            form.instance.is_staff = True
            form.instance.save(update_fields=["is_staff"])


from . import admin_directory  # noqa: E402, F401 — single sign-on mapping (docs/sign-in.md)
