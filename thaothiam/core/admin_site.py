"""Django's admin, for the system administrator only, with every change audited."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

from . import audit


class ThaoThiamAdminSite(admin.AdminSite):
    site_header = _("ThaoThiam administration")
    site_title = _("ThaoThiam administration")
    index_title = _("Users, roles and reference data")

    def login(self, request, extra_context=None):
        """One way in with a password: ours, which asks for the second factor (accounts/twofactor.py).
        A signed-in user without the admin role is refused here rather than sent round in a loop."""
        from django.contrib.auth.views import redirect_to_login
        from django.core.exceptions import PermissionDenied

        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next") or "/admin/")

    def has_permission(self, request) -> bool:
        from thaothiam.core.access import get_access
        from thaothiam.core.roles import Role

        return request.user.is_active and get_access(request).has(Role.ADMIN)


class ThaoThiamAdminConfig(AdminConfig):
    default_site = "thaothiam.core.admin_site.ThaoThiamAdminSite"


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes go to our audit log, with before and after.

    The administrator has every model permission inside the admin site: being granted the
    admin role is the permission (see ThaoThiamAdminSite.has_permission).
    """

    def has_module_permission(self, request):
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request):
        return self.admin_site.has_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    def save_model(self, request, obj, form, change):
        action = f"admin.{obj._meta.model_name}.{'change' if change else 'create'}"
        audit.audited_save(obj, action, actor=request.user, exclude=("password",))

    def delete_model(self, request, obj):
        audit.audited_delete(obj, f"admin.{obj._meta.model_name}.delete", actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
