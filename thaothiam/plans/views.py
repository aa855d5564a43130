from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thaothiam.accounts.models import Role
from thaothiam.core.access import public, roles

from . import services
from .forms import PillarForm, PlanForm, PlanItemForm
from .models import Pillar, Plan, PlanItem
from .selectors import current_plan


@public
@require_GET
def home(request):
    """The public home page: the Governor's policy, the plan, its pillars and items. No JavaScript."""
    return render(request, "plans/home.html", {"plan": current_plan()})


@roles(Role.CENTRAL)
@require_GET
def plan_manage(request):
    return render(request, "plans/manage.html", {"plan": current_plan()})


def _edit(request, instance, form_class, service, kwarg: str, title: str):
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        if changed:
            service(**{kwarg: instance}, actor=request.user, data=changed)
            messages.success(request, _("Saved."))
        return redirect("plan_manage")
    return render(request, "plans/edit.html", {"form": form, "title": title, "object": instance})


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    plan = get_object_or_404(Plan, pk=pk)
    return _edit(request, plan, PlanForm, services.plan_update, "plan", _("Edit the plan"))


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def pillar_edit(request, pk: int):
    pillar = get_object_or_404(Pillar, pk=pk)
    return _edit(request, pillar, PillarForm, services.pillar_update, "pillar", _("Edit pillar %(n)s") % {"n": pillar.number})


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    item = get_object_or_404(PlanItem.objects.select_related("pillar"), pk=pk)
    return _edit(request, item, PlanItemForm, services.plan_item_update, "item", _("Edit plan item %(code)s") % {"code": item.code})
