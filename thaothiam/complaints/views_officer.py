"""The complaint officer's side: their cases, one case's content, handling, grants, their key."""

from __future__ import annotations

import re
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thaothiam.accounts.models import Role
from thaothiam.core.access import roles

from . import keys, selectors, services
from .forms import (
    AddInfoForm,
    GrantForm,
    MeasureForm,
    PassphraseForm,
    RecoverForm,
    TransitionForm,
    UnlockForm,
)
from .models import TRANSITIONS, AccessEntry, Attachment, OfficerKey, Outcome, Sender, State, Want

officer = roles(Role.COMPLAINT_OFFICER)


def _with_key(view):
    """Opens the case the officer holds and its key; sends them to unlock their key first if needed."""

    @wraps(view)
    def inner(request, pk: int, *args, **kwargs):
        case, holder = selectors.held_case(request.user, pk)  # 404 when not held (or excluded)
        private = keys.open_private_key(request)
        if private is None:
            return redirect(reverse("complaints:key") + "?next=" + request.path)
        if case.destroyed_on:
            raise Http404
        return view(request, case, selectors.case_key(holder, private), *args, **kwargs)

    return inner


@officer
@require_GET
def case_list(request):
    state = request.GET.get("state", "open")
    cases = selectors.held_cases(request.user, state=state)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    context = {
        "page": page, "state": state, "states": State.choices, "today": keys.today(),
        "key_open": keys.open_private_key(request) is not None,
        "has_key": OfficerKey.objects.filter(user=request.user).exists(),
        "stale": request.session.get("complaints_key_stale", False),
        "central": selectors.is_central_officer(request.user),
    }
    if context["central"]:
        context["thin"] = selectors.thinly_held(request.user)[:20]
    return render(request, "complaints/officer/list.html", context)


@officer
@never_cache
@require_GET
@_with_key
def case_detail(request, case, key):
    services.access_record(case=case, user=request.user, what=AccessEntry.What.CASE)
    content = selectors.content(case, key)
    context = {
        "case": case, "content": content, "wants": [str(Want(w).label) for w in content.wants], "messages_list": selectors.messages(case, key),
        "files": selectors.attachments(case, key), "Sender": Sender,
        "next_states": [(s, State(s).label) for s in TRANSITIONS[case.state]], "outcomes": Outcome.choices,
        "message_form": AddInfoForm(), "grant_form": GrantForm(officers=selectors.grantable_officers(case)),
        "measure_form": MeasureForm(), "holders": case.holders.select_related("user").order_by("user__username"),
        "measures": case.measures.all(), "events": case.events.select_related("actor"), "today": keys.today(),
    }
    response = render(request, "complaints/officer/case.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _safe_filename(name: str) -> str:
    cleaned = re.sub(r"[^\w.\-]+", "_", name, flags=re.ASCII).strip("._") or "file"
    return cleaned[:100]


@officer
@never_cache
@require_GET
@_with_key
def attachment(request, case, key, file_pk: int):
    item = get_object_or_404(Attachment, pk=file_pk, case=case)
    name, content_type, data = selectors.attachment_bytes(item, key)
    services.access_record(case=case, user=request.user, what=AccessEntry.What.ATTACHMENT)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_safe_filename(name)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _back(case):
    return redirect("complaints:case", pk=case.pk)


@officer
@require_POST
@_with_key
def case_message(request, case, key):
    form = AddInfoForm(request.POST, request.FILES)
    if form.is_valid():
        services.officer_message(case=case, officer=request.user, case_key=key, text=form.cleaned_data["text"],
                                 files=form.cleaned_data["files"])
        messages.success(request, _("Message sent. The complainant sees it with their receipt."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _back(case)


@officer
@require_POST
@_with_key
def case_transition(request, case, key):
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.case_transition(case=case, officer=request.user, to=form.cleaned_data["to"],
                                     outcome=form.cleaned_data["outcome"])
            messages.success(request, _("The case moved to “%(state)s”.") % {"state": State(form.cleaned_data["to"]).label})
        except ValidationError as error:
            messages.error(request, error.messages[0])
    else:
        messages.error(request, _("Choose a state."))
    return _back(case)


@officer
@require_POST
@_with_key
def case_grant(request, case, key):
    form = GrantForm(request.POST, officers=selectors.grantable_officers(case))
    if form.is_valid():
        try:
            services.case_grant(case=case, officer=request.user, case_key=key, to=form.cleaned_data["officer"])
            messages.success(request, _("The officer now holds the case."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
    else:
        messages.error(request, _("Choose an officer who may receive the case."))
    return _back(case)


@officer
@require_POST
@_with_key
def case_measure(request, case, key):
    form = MeasureForm(request.POST)
    if form.is_valid():
        try:
            services.measure_add(case=case, officer=request.user, **form.cleaned_data)
            messages.success(request, _("Protection measure recorded."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _back(case)


@officer
@require_POST
@_with_key
def case_followup(request, case, key, days: int):
    try:
        services.followup_done(case=case, officer=request.user, which=days)
        messages.success(request, _("Follow-up check recorded."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return _back(case)


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}) and target.startswith("/complaints/"):
        return target
    return reverse("complaints:cases")


@officer
@never_cache
@require_http_methods(["GET", "POST"])
def key(request):
    """Unlock the officer's key for this session, set it up, keep it after a password change, or (after a
    password reset) start a new key pair — whose cases colleagues must then give again."""
    existing = OfficerKey.objects.filter(user=request.user).first()
    action = request.POST.get("action", "")
    forms = {"unlock": UnlockForm(), "recover": RecoverForm(), "setup": UnlockForm(), "passphrase": PassphraseForm()}
    done = None
    if request.method == "POST" and action in forms:
        form = forms[action] = type(forms[action])(request.POST)
        if form.is_valid():
            done = _key_action(request, existing, action, form)
    if done:
        messages.success(request, done)
        return redirect(_next(request))
    context = {"existing": existing, **forms, "has_password": request.user.has_usable_password(),
               "next": _next(request), "stale": request.session.get("complaints_key_stale", False),
               "key_open": keys.open_private_key(request) is not None}
    return render(request, "complaints/officer/key.html", context, status=400 if request.method == "POST" else 200)


def _key_action(request, existing, action, form) -> str | None:
    user, data = request.user, form.cleaned_data
    if action == "unlock" and existing:
        private = keys.unlock_key(existing, data["secret"])
        if private is None:
            form.add_error("secret", _("This does not open your key."))
            return None
        keys.hold_open(request, private)
        return _("Your complaint key is open for this session.")
    if action == "recover" and existing:
        if not user.check_password(data["current"]):
            form.add_error("current", _("This is not your current sign-in password."))
            return None
        private = keys.unlock_key(existing, data["previous"])
        if private is None:
            form.add_error("previous", _("This does not open your key."))
            return None
        keys.relock_key(existing, private, data["current"], OfficerKey.Kind.PASSWORD)
        keys.hold_open(request, private)
        return _("Your key is kept and now protected by your current password.")
    if action == "setup" and user.has_usable_password():
        if not user.check_password(data["secret"]):
            form.add_error("secret", _("This is not your sign-in password."))
            return None
        keys.hold_open(request, keys.create_key(user, data["secret"], OfficerKey.Kind.PASSWORD))
        return _("Your complaint key was created. Cases held with an earlier key must be given to you again.")
    if action == "passphrase":
        keys.hold_open(request, keys.create_key(user, data["passphrase"], OfficerKey.Kind.PASSPHRASE))
        return _("Your complaint key was created and is open for this session.")
    form.add_error(None, _("This action is not available here."))
    return None


@officer
@require_GET
def access_log(request):
    """The append-only log of who opened which case's content: central's complaint officers only."""
    if not selectors.is_central_officer(request.user):
        messages.error(request, _("Only central's complaint officers read the content access log."))
        return redirect("complaints:cases")
    return render(request, "complaints/officer/access_log.html", {"entries": selectors.access_log(request.user)})
