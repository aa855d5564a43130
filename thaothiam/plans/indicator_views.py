"""Central manages the indicators of each plan item and their targets per fiscal year."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thaothiam.accounts.models import Role
from thaothiam.core.access import roles

from . import indicator_services as services
from .indicator_forms import IndicatorForm, TargetForm
from .models import Indicator


@roles(Role.CENTRAL)
@require_GET
def indicator_list(request):
    indicators = (Indicator.objects.filter(item__pillar__plan__is_current=True)
                  .select_related("item__pillar").prefetch_related("targets__agency"))
    return render(request, "plans/indicators.html", {"indicators": indicators})


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk: int | None = None):
    indicator = get_object_or_404(Indicator, pk=pk) if pk else None
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        services.indicator_save(indicator=form.instance, actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("plan_indicators")
    return render(request, "plans/edit.html", {
        "form": form, "title": _("Edit the indicator") if indicator else _("Add an indicator"),
        "object": indicator, "cancel_url": "plan_indicators"})


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def indicator_targets(request, pk: int):
    indicator = get_object_or_404(Indicator.objects.select_related("item__pillar"), pk=pk)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.target_set(indicator=indicator, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("plan_indicator_targets", indicator.pk)
    targets = indicator.targets.select_related("agency").order_by("fy", "agency__code")
    return render(request, "plans/indicator_targets.html", {"indicator": indicator, "targets": targets, "form": form})
