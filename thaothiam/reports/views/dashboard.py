"""The executive dashboard: BMA-wide or one agency, from accepted data, live."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from thaothiam.core.access import roles
from thaothiam.core.sections import Scope, collect

from .scope import VIEWERS, choose


@roles(*VIEWERS)
@require_GET
def dashboard(request):
    chosen = choose(request)
    scope = Scope(fy=chosen["fy"], agency=chosen["agency"], output="dashboard", params={"map": request.GET.get("map", "")})
    sections = collect(scope)
    return render(request, "reports/dashboard.html", {**chosen, "sections": sections})
