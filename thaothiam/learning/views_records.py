"""Classroom records (attendance import or counts, certificates for attendees), the change-agent
registry and the reach page: central for all agencies, coordinators for their own."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thaothiam.accounts.models import Role
from thaothiam.agencies.models import Agency
from thaothiam.core.access import roles
from thaothiam.core.dates import BuddhistDateField
from thaothiam.core.fiscal import current_fiscal_year
from thaothiam.core.forms import BootstrapMixin, FiscalYearAgencyForm
from thaothiam.plans.models import Plan

from . import attendance, certificates
from . import change_agents as agents_service
from . import reach as reach_selectors
from .models import ChangeAgent, Completion, Course, Session

RECORDERS = (Role.CENTRAL, Role.COORDINATOR)
READERS = (Role.CENTRAL, Role.EXECUTIVE, Role.COORDINATOR, Role.HEAD)


def _session(request, pk: int) -> Session:
    session = get_object_or_404(Session.objects.select_related("course", "agency"), pk=pk)
    if not request.access.has(Role.CENTRAL) and (
            session.agency_id is None or not request.access.has(Role.COORDINATOR, agency=session.agency_id)):
        raise Http404
    return session


class UploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("Sign-in sheet (CSV or XLSX)"))


class CountsForm(BootstrapMixin, forms.Form):
    agency = forms.ModelChoiceField(label=gettext_lazy("agency"), queryset=Agency.objects.filter(is_active=True))
    female = forms.IntegerField(label=gettext_lazy("women"), min_value=0, max_value=100_000)
    male = forms.IntegerField(label=gettext_lazy("men"), min_value=0, max_value=100_000)

    def __init__(self, *args, agency_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agency_ids is not None:
            self.fields["agency"].queryset = Agency.objects.filter(pk__in=agency_ids)

    def clean(self):
        data = super().clean()
        if data.get("female") == 0 and data.get("male") == 0:
            raise forms.ValidationError(_("Give the number of women or men who attended."))
        return data


@roles(*RECORDERS)
@require_GET
def session_detail(request, pk: int):
    session = _session(request, pk)
    records = session.completions.select_related("agency", "certificate").order_by("agency__code", "name")
    return render(request, "learning/session.html", {
        "session": session, "records": records[:500], "record_count": records.count(),
        "upload": UploadForm(), "counts": CountsForm(agency_ids=request.access.agency_ids(Role.CENTRAL, Role.COORDINATOR)),
        "certified": Completion.objects.filter(session=session, certificate__isnull=False).count(),
        "is_central": request.access.has(Role.CENTRAL)})


@roles(*RECORDERS)
@require_POST
def attendance_import(request, pk: int):
    session = _session(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a CSV or XLSX file."))
        return redirect("learning:session", session.pk)
    only = None if request.access.has(Role.CENTRAL) else session.agency_id
    result = attendance.attendance_import_upload(session=session, upload=form.cleaned_data["file"],
                                                 actor=request.user, only_agency_id=only)
    if result.ok:
        messages.success(request, _("%(n)s attendees were recorded.") % {"n": result.imported})
        return redirect("learning:session", session.pk)
    records = session.completions.select_related("agency", "certificate").order_by("agency__code", "name")
    return render(request, "learning/session.html", {
        "session": session, "records": records[:500], "record_count": records.count(), "errors": result.errors,
        "upload": form, "counts": CountsForm(agency_ids=request.access.agency_ids(Role.CENTRAL, Role.COORDINATOR)),
        "certified": 0, "is_central": request.access.has(Role.CENTRAL)}, status=400)


@roles(*RECORDERS)
@require_POST
def attendance_counts(request, pk: int):
    session = _session(request, pk)
    form = CountsForm(request.POST, agency_ids=request.access.agency_ids(Role.CENTRAL, Role.COORDINATOR))
    if form.is_valid():
        attendance.attendance_counts_add(session=session, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("learning:session", session.pk)


@roles(Role.CENTRAL)
@require_POST
def session_certificates(request, pk: int):
    session = _session(request, pk)
    made = 0
    for completion in session.completions.filter(certificate__isnull=True).exclude(name=""):
        certificates.certificate_issue(completion=completion, actor=request.user)
        made += 1
    messages.success(request, _("%(n)s certificates were issued.") % {"n": made})
    return redirect("learning:session", session.pk)


class ChangeAgentForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ChangeAgent
        fields = ["agency", "name", "position", "sex", "course", "trained_on"]
        field_classes = {"trained_on": BuddhistDateField}

    def __init__(self, *args, agency_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(is_active=True)
        self.fields["agency"].queryset = agencies if agency_ids is None else agencies.filter(pk__in=agency_ids)
        self.fields["course"].queryset = Course.objects.filter(trains_change_agents=True)


@roles(*READERS)
@require_http_methods(["GET", "POST"])
def change_agents(request):
    agency_ids = request.access.agency_ids(Role.CENTRAL, Role.EXECUTIVE, Role.COORDINATOR, Role.HEAD)
    may_add = request.access.has(Role.CENTRAL) or request.access.has(Role.COORDINATOR)
    add_ids = request.access.agency_ids(Role.CENTRAL, Role.COORDINATOR)
    form = ChangeAgentForm(request.POST or None, agency_ids=add_ids) if may_add else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            agents_service.change_agent_add(agent=form.save(commit=False), actor=request.user)
            messages.success(request, _("Saved."))
            return redirect("learning:change_agents")
    return render(request, "learning/change_agents.html", {
        "coverage": agents_service.coverage(agency_ids), "form": form,
        "agents": request.access.scope(ChangeAgent.objects.select_related("agency", "course"),
                                       Role.CENTRAL, Role.EXECUTIVE, Role.COORDINATOR, Role.HEAD)[:1000]})


@roles(Role.CENTRAL, Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def change_agent_edit(request, pk: int):
    """Central, or a coordinator of the agency, corrects a registry entry."""
    agent = get_object_or_404(request.access.scope(ChangeAgent.objects.all(), Role.CENTRAL, Role.COORDINATOR), pk=pk)
    form = ChangeAgentForm(request.POST or None, instance=agent,
                           agency_ids=request.access.agency_ids(Role.CENTRAL, Role.COORDINATOR))
    if request.method == "POST" and form.is_valid():
        agents_service.change_agent_update(agent=form.save(commit=False), actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("learning:change_agents")
    return render(request, "learning/manage_form.html", {
        "form": form, "title": _("Correct the change agent's entry"), "cancel": reverse("learning:change_agents")})


@roles(Role.CENTRAL, Role.COORDINATOR)
@require_POST
def change_agent_deactivate(request, pk: int):
    """Central, or a coordinator of the agency: the person is no longer a change agent (left, moved). Audited."""
    agent = get_object_or_404(request.access.scope(ChangeAgent.objects.all(), Role.CENTRAL, Role.COORDINATOR), pk=pk)
    if not agent.is_active:
        messages.error(request, _("This person is already marked as no longer a change agent."))
    else:
        agents_service.change_agent_deactivate(agent=agent, actor=request.user)
        messages.success(request, _("Saved. They no longer count towards the agency's coverage."))
    return redirect("learning:change_agents")


@roles(*READERS)
@require_GET
def reach(request):
    agency_ids = request.access.agency_ids(*READERS)
    plan = Plan.objects.filter(is_current=True).first()
    years = sorted(set(plan.fiscal_years if plan else []) | {current_fiscal_year()}, reverse=True)
    form = FiscalYearAgencyForm.year_only(request.GET, years=years, default=current_fiscal_year())
    fy = form.chosen_year
    cube = reach_selectors.reached_cube(fy=fy, agency_ids=agency_ids)
    return render(request, "learning/reach.html", {
        "fy": fy, "years": years, "form": form, "by_agency": reach_selectors.reach_by_agency(fy=fy, agency_ids=agency_ids, cube=cube),
        "by_personnel": reach_selectors.reach_by_personnel(fy=fy, agency_ids=agency_ids, cube=cube)})
