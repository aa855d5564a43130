"""The steps of an import after the upload: saying which column is which, the preview and its
confirmation, retrying a job whose worker died, and central's review (compare, publish, discard)."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from thaothiam.accounts.models import Role
from thaothiam.agencies.models import Agency
from thaothiam.core.access import roles
from thaothiam.core.forms import bootstrap

from . import drafts, preview, services
from .models import WorkforceImport
from .parser import COLUMNS, ONE_OF, THAI_NAMES, map_headers
from .tasks import run_workforce_import
from .views import IMPORTERS, _job

Status = WorkforceImport.Status


class MappingForm(forms.Form):
    """One choice per column of ours: which heading of the file holds it."""

    def __init__(self, *args, headings: list[str], initial_columns: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", gettext_lazy("— not in the file —"))] + [(str(i), h) for i, h in enumerate(headings)]
        for column in COLUMNS:
            self.fields[column.name] = forms.ChoiceField(
                label=f"{column.thai}", required=False, choices=choices, help_text=column.description,
                initial=str(initial_columns[column.name]) if column.name in initial_columns else "")
        bootstrap(self)

    def clean(self):
        data = super().clean()
        chosen = {name: int(v) for name, v in data.items() if v not in ("", None)}
        positions = list(chosen.values())
        if len(positions) != len(set(positions)):
            raise forms.ValidationError(_("A column of the file can be chosen only once."))
        missing = [c.thai for c in COLUMNS if c.required and c.name not in chosen]
        missing += [" / ".join(THAI_NAMES[n] for n in names) for names, _code in ONE_OF
                    if not any(n in chosen for n in names)]
        if missing:
            raise forms.ValidationError(_("Still needed: %(columns)s.") % {"columns": ", ".join(missing)})
        data["chosen"] = chosen
        return data


def _own(request, pk: int, *statuses) -> WorkforceImport:
    job = _job(request, pk)
    if statuses and job.status not in statuses:
        raise Http404
    return job


@roles(*IMPORTERS)
@require_http_methods(["GET", "POST"])
def import_mapping(request, pk: int):
    job = _own(request, pk, Status.MAPPING)
    found = map_headers(job.headings, services.column_mapping(job.agency)).columns
    form = MappingForm(request.POST or None, headings=job.headings, initial_columns=found)
    if request.method == "POST" and form.is_valid():
        services.workforce_mapping_save(job=job, mapping=form.cleaned_data["chosen"], actor=request.user)
        run_workforce_import.enqueue(job.pk)
        return redirect("workforce_import_detail", pk=job.pk)
    return render(request, "workforce/import_mapping.html", {"job": job, "form": form,
                                                             "errors": services.errors_of(job)})


def preview_context(job: WorkforceImport) -> dict:
    agencies = dict(Agency.objects.values_list("pk", "code"))
    return {"preview": preview.display(job.preview, agencies), "replaces": drafts.replaces_published(job)}


@roles(*IMPORTERS)
@require_POST
def import_confirm(request, pk: int):
    job = _own(request, pk, Status.PREVIEW)
    services.workforce_import_confirm(job=job, actor=request.user)
    run_workforce_import.enqueue(job.pk)
    return redirect("workforce_import_detail", pk=job.pk)


@roles(*IMPORTERS)
@require_POST
def import_cancel(request, pk: int):
    job = _own(request, pk, Status.PREVIEW, Status.MAPPING, Status.FAILED)
    services.workforce_import_cancel(job=job, actor=request.user)
    return redirect("workforce_import_detail", pk=job.pk)


@roles(*IMPORTERS)
@require_POST
def import_retry(request, pk: int):
    job = _own(request, pk, Status.FAILED)
    if job.created_by_id != request.user.pk or not services.can_retry(job):
        raise Http404  # only the uploader, and only while the file is still there
    services.workforce_import_retry(job=job, actor=request.user)
    run_workforce_import.enqueue(job.pk)
    return redirect("workforce_import_detail", pk=job.pk)


@roles(Role.CENTRAL)
@require_POST
def import_publish(request, pk: int):
    job = get_object_or_404(WorkforceImport, pk=pk, status=Status.DRAFT)
    try:
        drafts.workforce_draft_publish(job=job, actor=request.user, replace=request.POST.get("replace") == "on")
    except drafts.PublishRefused as refusal:
        text = {
            "confirm_replace": _("A snapshot is already published for this date and scope. Tick the box to "
                                 "replace it, then publish again."),
            "person_in_other_agency": _("Some people of this draft were published under another agency since it "
                                        "was checked. Nothing was published."),
        }.get(refusal.code, _("This import is not a draft any more."))
        messages.error(request, text)
        return redirect("workforce_import_detail", pk=job.pk)
    messages.success(request, _("Published. The explorer, the indicators and the open data now use it."))
    return redirect("workforce_import_detail", pk=job.pk)


@roles(Role.CENTRAL)
@require_POST
def import_discard(request, pk: int):
    job = get_object_or_404(WorkforceImport, pk=pk, status=Status.DRAFT)
    drafts.workforce_draft_discard(job=job, actor=request.user)
    messages.info(request, _("The draft was discarded. Nothing was published."))
    return redirect("workforce_import_detail", pk=job.pk)
