"""Central's pages: outcomes and trends (3.3) and the complaint settings (channels, holidays, due days)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

from thaothiam.accounts.models import Role
from thaothiam.agencies.models import Agency
from thaothiam.core.access import roles
from thaothiam.core.dates import BuddhistDateField
from thaothiam.core.fiscal import current_fiscal_year
from thaothiam.core.forms import BootstrapMixin, FiscalYearAgencyForm

from . import services_settings, stats
from .models import Category, ChannelContact, Config, ExternalChannel, Holiday
from .services import config
from .trend_charts import trend_chart

TREND_ROLES = (Role.CENTRAL, Role.EXECUTIVE, Role.HEAD, Role.COMPLAINT_OFFICER)


def trend_scope(access):
    """Central, executives and heads see their agencies' figures; a complaint officer sees BMA-wide ones.

    An agency officer holds every case of their agency except those they are excluded from, so their
    agency's own count beside their case list would point at exactly those cases; BMA-wide figures
    (the same for every viewer, perturbed) do not (docs/decisions/0161-complaint-counts-perturbed.md).
    """
    return access.agency_ids(Role.CENTRAL, Role.EXECUTIVE, Role.HEAD) or None


@roles(*TREND_ROLES)
@require_GET
def trends(request):
    """Counts by fiscal year, category, agency group, relationship and outcome; medians; on-time share."""
    agency_ids = trend_scope(request.access)
    trend_years, table = stats.trend(agency_ids=agency_ids)
    years = sorted(trend_years, reverse=True) or [current_fiscal_year()]
    form = FiscalYearAgencyForm.year_only(request.GET, years=years)  # a year without cases: said, latest shown
    fy = form.chosen_year
    year = stats.year_stats(fy, agency_ids=agency_ids)
    trend_rows = [{"fy": fy_, "cells": table.cells[i], "total": table.row_totals[i]}
                  for i, fy_ in enumerate(table.row_keys)]
    context = {"fy": fy, "years": years, "form": form, "year": year, "trend_rows": trend_rows, "table": table,
               "categories": Category.choices,
               "chart": trend_chart(trend_years, table), "bma_wide": agency_ids is None}
    return render(request, "complaints/trends.html", context)


class ConfigForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Config
        fields = services_settings.SETTINGS_FIELDS
        widgets = {name: forms.NumberInput(attrs={"min": 1, "max": 365}) for name in services_settings.SETTINGS_FIELDS}

    def clean(self):
        data = super().clean()
        for name in services_settings.SETTINGS_FIELDS:
            if data.get(name) is not None and not 1 <= data[name] <= 365:
                self.add_error(name, _("Enter a number from 1 to 365."))
        return data


class ContactForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ChannelContact
        fields = ["agency", "name", "phone", "email"]


class ExternalForm(BootstrapMixin, forms.ModelForm):
    url = forms.URLField(label=_lazy("web address"), required=False, assume_scheme="https")

    class Meta:
        model = ExternalChannel
        fields = ["name_th", "name_en", "phone", "url", "order"]


class HolidayForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "name_th", "name_en"]
        field_classes = {"date": BuddhistDateField}


ENTRY_FORMS = {"contact": ContactForm, "external": ExternalForm, "holiday": HolidayForm}
ENTRY_MODELS = {"contact": ChannelContact, "external": ExternalChannel, "holiday": Holiday}


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def manage(request):
    """Central enters the channels, the holiday calendar, the due days and the retention period."""
    cfg = config()
    bound = {}
    action = request.POST.get("action", "")
    if request.method == "POST":
        if action == "settings":
            form = bound["settings"] = ConfigForm(request.POST, instance=Config.objects.get(pk=cfg.pk))
            if form.is_valid():
                services_settings.config_update(values=form.cleaned_data)
                messages.success(request, _("Saved."))
                return redirect("complaints:manage")
        elif action in ENTRY_FORMS:
            form = bound[action] = ENTRY_FORMS[action](request.POST)
            if form.is_valid():
                services_settings.entry_create(form=form)
                messages.success(request, _("Added."))
                return redirect("complaints:manage")
        elif action.startswith("delete-") and action[7:] in ENTRY_MODELS:
            obj = get_object_or_404(ENTRY_MODELS[action[7:]], pk=request.POST.get("pk"))
            services_settings.entry_delete(obj=obj)
            messages.success(request, _("Removed."))
            return redirect("complaints:manage")
        messages.error(request, _("Please check the marked fields; nothing was saved."))
    context = {
        "settings_form": bound.get("settings") or ConfigForm(instance=cfg),
        "contact_form": bound.get("contact") or ContactForm(),
        "external_form": bound.get("external") or ExternalForm(),
        "holiday_form": bound.get("holiday") or HolidayForm(),
        "contacts": ChannelContact.objects.select_related("agency"),
        "externals": ExternalChannel.objects.all(), "holidays": Holiday.objects.all(),
        "agencies": Agency.objects.filter(is_active=True).order_by("code"),
    }
    return render(request, "complaints/manage.html", context, status=400 if request.method == "POST" else 200)
