"""Holders of case keys: taking an officer off one case, and an officer leaving the channel (holders.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thaothiam.accounts.models import Role, User
from thaothiam.core.access import roles

from . import holders, selectors

officer = roles(Role.COMPLAINT_OFFICER)


@officer
@require_POST
def case_holder_remove(request, pk: int):
    """A holder takes an officer (or themselves) off a case; refused below two holders."""
    case, _holder = selectors.held_case(request.user, pk)  # 404 when not held (or excluded)
    target = User.objects.filter(pk=request.POST.get("user", "") if str(request.POST.get("user", "")).isdigit()
                                 else None).first()
    if target is None:
        messages.error(request, _("Choose an officer who holds the case."))
    else:
        try:
            holders.case_holder_remove(case=case, actor=request.user, user=target)
            messages.success(request, _("The officer no longer holds the case."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
    if target == request.user and not case.holders.filter(user=request.user).exists():
        return redirect("complaints:cases")
    return redirect("complaints:case", pk=case.pk)


@officer
@require_http_methods(["GET", "POST"])
def officers(request):
    """Central's complaint officers: every complaint officer's key and holdings; remove one who leaves."""
    if not selectors.is_central_officer(request.user):
        messages.error(request, _("Only central's complaint officers manage who holds case keys."))
        return redirect("complaints:cases")
    if request.method == "POST":
        target = get_object_or_404(User, pk=request.POST.get("user", "") if str(request.POST.get("user", ""))
                                   .isdigit() else 0, grants__role=Role.COMPLAINT_OFFICER)
        if target == request.user:
            messages.error(request, _("Another of central's complaint officers must remove you."))
        else:
            try:
                n = holders.officer_remove(user=target, actor=request.user)
                messages.success(request, _("%(name)s no longer holds any case (%(n)s removed) and is no longer a "
                                            "complaint officer.") % {"name": target.get_full_name() or
                                                                     target.username, "n": n})
            except ValidationError as error:
                messages.error(request, error.messages[0])
        return redirect("complaints:officers")
    return render(request, "complaints/officer/officers.html", {
        "officers": holders.officers_overview(), "not_ready": holders.agencies_not_ready(),
        "minimum": holders.MIN_HOLDERS})
