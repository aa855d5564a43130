"""Answering a survey. The invitation token is the key: signed in or not, nobody's identity is
read or stored here (docs/decisions/0031-survey-anonymity.md)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from thaothiam.accounts.models import Role
from thaothiam.core.access import public, roles

from . import services
from . import structure as structure_mod
from .forms_answer import AnswerForm
from .models import Campaign, Draft, Invitation, Item, OpenLink

OPEN_LINK_COOKIE = "tt_survey_%d"


def _invitation(token: str) -> Invitation:
    """The invitation, its campaign and its draft (if any) in one query."""
    return get_object_or_404(Invitation.objects.select_related("campaign", "draft"), token=token)


def _draft(invitation: Invitation) -> Draft | None:
    try:
        return invitation.draft
    except Draft.DoesNotExist:
        return None


def _steps(invitation: Invitation):
    shape = structure_mod.load(invitation.campaign.instrument_id)
    skip = invitation.campaign.demographic_source == Campaign.DemographicSource.INVITATION
    return shape, shape.answerable_sections(skip)


def _state_page(request, invitation: Invitation):
    """The page for a token that cannot be answered now, or None."""
    campaign = invitation.campaign
    if invitation.responded:
        return render(request, "surveys/answer_done.html", {"campaign": campaign, "state": "already"})
    if not campaign.accepts_answers(timezone.localdate()):
        return render(request, "surveys/answer_done.html", {"campaign": campaign, "state": "closed"}, status=410)
    return None


def _raw(items: list[Item], data) -> dict:
    out = {}
    for item in items:
        if item.kind == Item.Kind.MULTI:
            values = data.getlist(item.code)
            if values:
                out[item.code] = values
        elif data.get(item.code) not in (None, ""):
            out[item.code] = data.get(item.code)
    return out


def _as_data(raw: dict) -> MultiValueDict:
    return MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in raw.items()})


@public
@never_cache
@require_GET
def answer_start(request, token: str):
    invitation = _invitation(token)
    page = _state_page(request, invitation)
    if page:
        return page
    shape, sections = _steps(invitation)
    draft = _draft(invitation)
    return render(request, "surveys/answer_start.html", {
        "campaign": invitation.campaign, "instrument": shape.instrument, "token": token,
        "sections": sections, "resume_step": draft.section if draft and draft.section else None,
    })


@public
@never_cache
@require_http_methods(["GET", "POST"])
def answer_section(request, token: str, step: int):
    invitation = _invitation(token)
    page = _state_page(request, invitation)
    if page:
        return page
    shape, sections = _steps(invitation)
    if not 1 <= step <= len(sections):
        raise Http404
    section = sections[step - 1]
    items = shape.by_section[section.pk]
    draft = _draft(invitation)
    saved = draft.answers if draft else {}
    last = step == len(sections)
    if request.method == "POST":
        raw = _raw(items, request.POST)
        if "back" in request.POST:
            services.draft_save(invitation=invitation, section=step - 1, raw=raw)
            return redirect("surveys:answer_section", token=token, step=max(step - 1, 1))
        if last:
            # Answers of earlier parts come from the draft, or from this POST (a one-request submission).
            every = [i for s in sections for i in shape.by_section[s.pk]]
            whole = AnswerForm(every, _as_data({**saved, **_raw(every, request.POST)}))
            if whole.is_valid():
                try:
                    services.response_submit(invitation=invitation, values=whole.values(), had_draft=draft is not None)
                except services.AlreadySubmitted:
                    return render(request, "surveys/answer_done.html",
                                  {"campaign": invitation.campaign, "state": "already"}, status=409)
                except services.NotOpen:
                    return render(request, "surveys/answer_done.html",
                                  {"campaign": invitation.campaign, "state": "closed"}, status=410)
                return redirect("surveys:answer_thanks")
        form = AnswerForm(items, request.POST)
        if form.is_valid() and not last:
            services.draft_save(invitation=invitation, section=step + 1, raw=raw)
            return redirect("surveys:answer_section", token=token, step=step + 1)
        if form.is_valid():  # this part is fine: an earlier part misses a required answer
            missing = next(n for n, s in enumerate(sections, 1)
                           if any(whole.errors.get(i.code) for i in shape.by_section[s.pk]))
            services.draft_save(invitation=invitation, section=missing, raw=raw)
            form.add_error(None, _("Some required questions in section %(n)d are not answered yet.") % {"n": missing})
            form.missing_step = missing
    else:
        form = AnswerForm(items, initial={k: v for k, v in saved.items()})
    return render(request, "surveys/answer_section.html", {
        "campaign": invitation.campaign, "instrument": shape.instrument, "token": token, "form": form,
        "section": section, "step": step, "steps": len(sections), "last": last,
        "progress": round(100 * (step - 1) / len(sections)),
    })


@public
@require_GET
def answer_thanks(request):
    return render(request, "surveys/answer_done.html", {"state": "thanks"})


@public
@never_cache
@require_http_methods(["GET", "POST"])
def open_link(request, token: str):
    """An agency's shared link: starting gives this browser its own invitation (kept in a cookie)."""
    link = get_object_or_404(OpenLink.objects.select_related("campaign", "campaign__instrument", "agency"), token=token)
    cookie = OPEN_LINK_COOKIE % link.campaign_id
    known = Invitation.objects.filter(token=request.COOKIES.get(cookie, ""), campaign_id=link.campaign_id).first()
    if known is not None:
        return redirect("surveys:answer_start", token=known.token)
    if not link.campaign.accepts_answers(timezone.localdate()):
        return render(request, "surveys/answer_done.html", {"campaign": link.campaign, "state": "closed"}, status=410)
    if request.method == "POST":
        invitation = services.open_link_start(link=link)
        response = redirect("surveys:answer_start", token=invitation.token)
        response.set_cookie(cookie, invitation.token, max_age=180 * 86400, httponly=True, samesite="Lax",
                            secure=request.is_secure())
        return response
    return render(request, "surveys/open_link.html", {"link": link, "campaign": link.campaign})


@roles(Role.STAFF)
@require_GET
def my_surveys(request):
    """Signed-in staff see the invitations sent to them; answering still goes by the token only."""
    invitations = (Invitation.objects.filter(user=request.user, campaign__status=Campaign.Status.OPEN)
                   .select_related("campaign", "campaign__instrument").order_by("-campaign__fiscal_year"))
    return render(request, "surveys/mine.html", {"invitations": invitations})
