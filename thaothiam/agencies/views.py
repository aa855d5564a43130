from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thaothiam.accounts.models import Role
from thaothiam.core.access import roles

from .models import Agency


@roles(Role.CENTRAL, Role.EXECUTIVE, Role.ADMIN)
@require_GET
def agency_list(request):
    """The agency registry, by kind, with how many people hold roles in each."""
    kind = request.GET.get("kind", "")
    agencies = Agency.objects.select_related("parent").annotate(
        coordinators=Count("rolegrant", filter=Q(rolegrant__role=Role.COORDINATOR), distinct=True)
    )
    if kind in Agency.Kind.values:
        agencies = agencies.filter(kind=kind)
    return render(
        request, "agencies/agency_list.html",
        {"agencies": agencies, "kinds": Agency.Kind.choices, "kind": kind},
    )
