from django.contrib import admin

from thaothiam.core.admin_site import AuditedModelAdmin

from .models import Agency


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = ["code", "name_th", "name_en", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["parent"]
