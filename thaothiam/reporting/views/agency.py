"""The agency's side: reports per round, activities with evidence, indicator values, the workflow."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thaothiam.accounts.models import Role
from thaothiam.core.access import roles
from thaothiam.core.fiscal import current_fiscal_year
from thaothiam.core.forms import FiscalYearAgencyForm
from thaothiam.plans.models import Indicator

from .. import services
from ..entry import value_context
from ..forms import ActivityForm, CommentForm, EvidenceForm, IndicatorValuesForm, SubmitForm, SummaryForm
from ..models import Activity, AgencyReport, Evidence, ReportStep, Round, Status, TransitionError
from ..selectors import fiscal_years, reporting_agencies
from ..system_values import system_values

READERS = (Role.COORDINATOR, Role.HEAD, Role.CENTRAL, Role.EXECUTIVE)


def get_report(request, pk: int, *role_names) -> AgencyReport:
    """The report if the user holds one of the roles for its agency; 404 otherwise (same as missing).

    Views on one object accept every reader role in their decorator and check the role they need
    here, per agency: anyone asking for another agency's report, activity or evidence gets the same
    404 as for a missing one — never a 403 that confirms the object. Someone who may read the report
    but lacks the role for the action (a head accepting) gets 403."""
    report = get_object_or_404(AgencyReport.objects.select_related("round", "agency"), pk=pk)
    request.access.require_agency(report.agency, *READERS)  # not yours: 404, the same as missing
    if role_names and not request.access.has(*role_names, agency=report.agency):
        raise PermissionDenied  # yours to read, not to do this with: 403 reveals nothing new
    return report


@roles(Role.COORDINATOR, Role.HEAD)
@require_GET
def home(request):
    """My agency's reports: every round of the fiscal year with its status, and what to do next."""
    years = fiscal_years() or [current_fiscal_year()]
    form = FiscalYearAgencyForm.year_only(request.GET, years=years, default=current_fiscal_year())
    fy = form.chosen_year
    agency_ids = request.access.agency_ids(Role.COORDINATOR, Role.HEAD)
    agencies = list(reporting_agencies(ids=agency_ids)) if agency_ids is not None else []
    round_list = list(Round.objects.filter(fy=fy).order_by("seq"))
    reports = {(r.agency_id, r.round_id): r for r in AgencyReport.objects.filter(
        fy=fy, agency__in=agencies).annotate(n_activities=Count("activities"))}
    today = timezone.localdate()
    rows = [(agency, [(rnd, reports.get((agency.pk, rnd.pk)), rnd.period.start <= today) for rnd in round_list])
            for agency in agencies]
    return render(request, "reporting/home.html", {
        "fy": fy, "years": years, "rows": rows, "form": form,
        "is_coordinator": request.access.has(Role.COORDINATOR),
    })


@roles(*READERS)
@require_POST
def report_start(request, agency_id: int, round_id: int):
    agency = get_object_or_404(reporting_agencies(), pk=agency_id)
    request.access.require_agency(agency, *READERS)
    if not request.access.has(Role.COORDINATOR, agency=agency):
        raise PermissionDenied
    round_ = get_object_or_404(Round, pk=round_id)
    if round_.period.start > timezone.localdate():
        messages.error(request, _("This round's period has not begun yet."))
        return redirect("reporting_home")
    report = services.report_start(round_=round_, agency=agency, actor=request.user)
    return redirect("reporting_report", report.pk)


@roles(*READERS)
@require_GET
def report_detail(request, pk: int):
    """The report as everyone sees it, with the actions the user may take (the review screen for central)."""
    report = get_report(request, pk)
    activities = list(report.activities.select_related("plan_item__pillar").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("pk"))).order_by("start_date", "pk"))
    values = {v.indicator_id: v for v in report.values.all()}
    indicators = [(ind, values.get(ind.pk)) for ind in
                  Indicator.objects.filter(is_active=True).select_related("item__pillar")]
    access = request.access
    can = {
        "edit": report.is_editable and access.has(Role.COORDINATOR, agency=report.agency),
        "approve": report.status == Status.SUBMITTED and access.has(Role.HEAD, agency=report.agency),
        "head_return": report.status == Status.SUBMITTED and services.may_return(report, access),
        "accept": report.status == Status.APPROVED and access.has(Role.CENTRAL),
        "central_return": report.status == Status.APPROVED and services.may_return(report, access),
        "reopen": report.status == Status.ACCEPTED and access.has(Role.CENTRAL),
    }
    return render(request, "reporting/report.html", {
        "report": report, "activities": activities, "indicators": indicators, "can": can,
        "steps": ReportStep.objects.filter(report=report).select_related("actor"),
        "deadline": report.deadline(), "would_be_late": report.is_editable and report.would_be_late(),
        "blank": services.blank_indicators(report) if can["edit"] else [],
        "summary_form": SummaryForm(initial={"summary": report.summary}),
        "submit_form": SubmitForm(), "comment_form": CommentForm(),
        "back_url": reverse("reporting_home") if access.has(Role.COORDINATOR, Role.HEAD)
        else reverse("reporting_review") if access.has(Role.CENTRAL) else reverse("reports_dashboard"),
    })


def _guard(request, report, action) -> bool:
    """Run a service; a refused move becomes an error message and changes nothing."""
    try:
        action()
    except TransitionError as error:
        messages.error(request, str(error))
        return False
    return True


@roles(*READERS)
@require_POST
def report_summary(request, pk: int):
    report = get_report(request, pk, Role.COORDINATOR)
    form = SummaryForm(request.POST)
    if form.is_valid() and _guard(request, report, lambda: services.report_update_summary(
            report=report, actor=request.user, summary=form.cleaned_data["summary"])):
        messages.success(request, _("Saved."))
    return redirect("reporting_report", report.pk)


@roles(*READERS)
@require_http_methods(["GET", "POST"])
def activity_new(request, pk: int):
    report = get_report(request, pk, Role.COORDINATOR)
    return _activity_form(request, report, None)


@roles(*READERS)
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk: int):
    activity = get_object_or_404(Activity.objects.select_related("report__round", "report__agency"), pk=pk)
    report = get_report(request, activity.report_id, Role.COORDINATOR)
    return _activity_form(request, report, activity)


def _activity_form(request, report, activity):
    if not report.is_editable:
        messages.error(request, _("This report is “%(status)s” and cannot be changed.")
                       % {"status": report.get_status_display()})
        return redirect("reporting_report", report.pk)
    form = ActivityForm(request.POST or None, request.FILES or None, instance=activity, report=report)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if _guard(request, report, lambda: services.activity_save(
                report=report, actor=request.user, data=data, activity=activity,
                evidence=form.cleaned_data["evidence"], remove=form.cleaned_data.get("remove_evidence"))):
            messages.success(request, _("The activity was saved."))
            return redirect("reporting_report", report.pk)
    elif request.method == "POST" and request.FILES:
        # A browser cannot keep a chosen file across a re-displayed form: say so rather than lose it quietly.
        messages.warning(request, _("Nothing was saved, so the files you chose were not attached: "
                                    "correct the errors, then choose the files again."))
    return render(request, "reporting/activity_form.html", {
        "form": form, "report": report, "activity": activity, "max_mb": settings.THAOTHIAM_MAX_UPLOAD_MB})


@roles(*READERS)
@require_POST
def activity_delete(request, pk: int):
    activity = get_object_or_404(Activity, pk=pk)
    report = get_report(request, activity.report_id, Role.COORDINATOR)
    if _guard(request, report, lambda: services.activity_delete(activity=activity, actor=request.user)):
        messages.success(request, _("The activity was deleted."))
    return redirect("reporting_report", report.pk)


@roles(*READERS)
@require_POST
def evidence_upload(request, pk: int):
    activity = get_object_or_404(Activity, pk=pk)
    report = get_report(request, activity.report_id, Role.COORDINATOR)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return redirect("reporting_activity_edit", activity.pk)
    if _guard(request, report, lambda: services.evidence_add(
            activity=activity, upload=form.cleaned_data["file"], content_type=form.content_type,
            actor=request.user)):
        messages.success(request, _("The file was uploaded."))
    return redirect("reporting_activity_edit", activity.pk)


@roles(*READERS)
@require_GET
def evidence_download(request, pk: int):
    """Evidence is served only here, after the access check, never as a public media URL."""
    evidence = get_object_or_404(Evidence.objects.select_related("activity__report__agency"), pk=pk)
    request.access.require_agency(evidence.activity.report.agency, *READERS)
    try:
        handle = default_storage.open(evidence.file.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    inline = evidence.content_type.startswith("image/") or evidence.content_type == "application/pdf"
    response = FileResponse(handle, content_type=evidence.content_type, as_attachment=not inline,
                            filename=evidence.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response


@roles(*READERS)
@require_POST
def evidence_delete(request, pk: int):
    evidence = get_object_or_404(Evidence.objects.select_related("activity"), pk=pk)
    report = get_report(request, evidence.activity.report_id, Role.COORDINATOR)
    activity_id = evidence.activity_id
    if _guard(request, report, lambda: services.evidence_delete(evidence=evidence, actor=request.user)):
        messages.success(request, _("The file was removed."))
    return redirect("reporting_activity_edit", activity_id)


@roles(*READERS)
@require_http_methods(["GET", "POST"])
def values_edit(request, pk: int):
    report = get_report(request, pk, Role.COORDINATOR)
    if not report.is_editable:
        messages.error(request, _("This report is “%(status)s” and cannot be changed.")
                       % {"status": report.get_status_display()})
        return redirect("reporting_report", report.pk)
    indicators = list(Indicator.objects.filter(is_active=True).select_related("item__pillar"))
    initial = {v.indicator_id: v for v in report.values.all()}
    computed = system_values(agency=report.agency, fy=report.fy, period_end=report.round.period.end,
                             indicators=indicators)
    form = IndicatorValuesForm(request.POST or None, indicators=indicators, initial_values=initial,
                               system_values=computed, context=value_context(report))
    if request.method == "POST" and form.is_valid() and _guard(
            request, report, lambda: services.values_save(report=report, actor=request.user, values=form.values)):
        messages.success(request, _("The indicator values were saved."))
        return redirect("reporting_values", report.pk) if "stay" in request.POST else redirect(
            "reporting_report", report.pk)
    return render(request, "reporting/values_form.html", {
        "form": form, "report": report, "blank": form.blank_rows() if not form.errors else []})


# --- workflow -------------------------------------------------------------------------------------

def _move(request, report, action, done_message):
    if _guard(request, report, action):
        messages.success(request, done_message)
    return redirect("reporting_report", report.pk)


@roles(*READERS)
@require_POST
def report_submit(request, pk: int):
    report = get_report(request, pk, Role.COORDINATOR)
    form = SubmitForm(request.POST)
    form.is_valid()
    return _move(request, report, lambda: services.report_submit(
        report=report, actor=request.user, late_reason=form.cleaned_data.get("late_reason", "")),
        _("The report was submitted to the head of the agency for approval."))


@roles(*READERS)
@require_POST
def report_approve(request, pk: int):
    report = get_report(request, pk, Role.HEAD)
    return _move(request, report, lambda: services.report_approve(report=report, actor=request.user),
                 _("The report was approved and sent to the central team."))


@roles(*READERS)
@require_POST
def report_return(request, pk: int):
    report = get_report(request, pk, Role.HEAD, Role.CENTRAL)
    if report.returner_role() is not None and not services.may_return(report, request.access):
        raise Http404  # the rule (who returns at which status) is the model's: AgencyReport.returner_role
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _move(request, report, lambda: services.report_return(report=report, actor=request.user, comment=comment),
                 _("The report was returned to the coordinator with your comments."))


@roles(*READERS)
@require_POST
def report_accept(request, pk: int):
    report = get_report(request, pk, Role.CENTRAL)
    return _move(request, report, lambda: services.report_accept(report=report, actor=request.user),
                 _("The report was accepted; its data is now locked."))


@roles(*READERS)
@require_POST
def report_reopen(request, pk: int):
    report = get_report(request, pk, Role.CENTRAL)
    form = CommentForm(request.POST)
    reason = form.cleaned_data["comment"] if form.is_valid() else ""
    return _move(request, report, lambda: services.report_reopen(report=report, actor=request.user, reason=reason),
                 _("The report was reopened and returned to the coordinator."))
