"""The admin site: the logo on the year-end report's cover (one row)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from thaothiam.core import audit
from thaothiam.core.admin_site import AuditedModelAdmin

from .models import ReportBranding

MAX_LOGO_BYTES = 1024 * 1024
SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # PNG, JPEG: no SVG (it can carry scripts)


class BrandingForm(forms.ModelForm):
    class Meta:
        model = ReportBranding
        fields = ["logo"]

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "read"):
            return logo
        if logo.size > MAX_LOGO_BYTES:
            raise forms.ValidationError(_("The logo is larger than 1 MB."))
        head = logo.read(8)
        logo.seek(0)
        if not head.startswith(SIGNATURES):
            raise forms.ValidationError(_("The logo must be a PNG or JPEG image."))
        return logo


@admin.register(ReportBranding)
class BrandingAdmin(AuditedModelAdmin):
    form = BrandingForm
    list_display = ["__str__", "updated_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ReportBranding.objects.exists()

    def save_model(self, request, obj, form, change):
        # One row. Audited with the file's name in the note: a file is not a value the audit's JSON holds.
        obj.pk = 1
        audit.audited_save(obj, f"admin.reportbranding.{'change' if change else 'create'}", actor=request.user,
                           note=obj.logo.name if obj.logo else "", exclude=("logo",))

    def delete_model(self, request, obj):
        audit.record("admin.reportbranding.delete", obj, actor=request.user,
                     before=audit.snapshot(obj, exclude=("logo",)), note=obj.logo.name if obj.logo else "")
        obj.delete()
