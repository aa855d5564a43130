from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from thaothiam.core.admin_site import AuditedModelAdmin

from . import services
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
        """Role grants go through the same services a view would use (audited, is_staff kept in step)."""
        formset.save(commit=False)
        for grant in formset.deleted_objects:
            services.role_revoke(grant=grant, actor=request.user)
        for grant, _fields in formset.changed_objects:
            services.role_revoke(grant=RoleGrant.objects.get(pk=grant.pk), actor=request.user)
            services.role_grant(user=form.instance, role=grant.role, agency=grant.agency, actor=request.user)
        for grant in formset.new_objects:
            services.role_grant(user=form.instance, role=grant.role, agency=grant.agency, actor=request.user)


from . import admin_directory  # noqa: E402, F401 — single sign-on mapping (docs/sign-in.md)
