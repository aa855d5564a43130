"""System accounts and their tokens, managed by the administrator. A new token is shown once, on the
page the action answers with, and never again (only its digest is stored)."""

from django import forms
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from thaothiam.core.admin_site import AuditedModelAdmin

from . import services
from .models import ApiToken, Scope, SystemAccount


class SystemAccountForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(label=_("scopes"), choices=Scope.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = SystemAccount
        fields = ["name", "agency", "scopes", "rate_per_minute", "is_active"]


class ApiTokenInline(admin.TabularInline):
    model = ApiToken
    extra = 0
    can_delete = False
    fields = ["prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SystemAccount)
class SystemAccountAdmin(AuditedModelAdmin):
    form = SystemAccountForm
    list_display = ["name", "agency", "scopes", "rate_per_minute", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "agency__code"]
    autocomplete_fields = ["agency"]
    inlines = [ApiTokenInline]
    actions = ["issue_token", "revoke_tokens"]

    @admin.action(description=_("Issue a new token (shown once)"))
    def issue_token(self, request, queryset):
        issued = [(account, services.api_token_issue(account=account, actor=request.user)) for account in queryset]
        return render(request, "api/token_issued.html", {
            **self.admin_site.each_context(request), "issued": [(a, t, secret) for a, (t, secret) in issued],
            "title": _("New API tokens"),
        })

    @admin.action(description=_("Revoke every token of these accounts"))
    def revoke_tokens(self, request, queryset):
        for token in ApiToken.objects.filter(account__in=queryset, revoked_at__isnull=True):
            services.api_token_revoke(token=token, actor=request.user)
