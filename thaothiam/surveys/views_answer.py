"""Answering a survey (docs/decisions/0034-survey-anonymity-against-an-insider.md).

The invitation token is in a URL once: ``/surveys/t/<token>/`` puts it in a session cookie
(surveys/drafts.py) and redirects to ``/surveys/a/``, so the token does not stay in the address bar,
the history or a proxy's log. Answering pages read the cookie (or, for a client that submits in one
request, a ``token`` field of the POST — never the URL). Personal invitations of an account are
answered signed in as that account. Nothing here stores who answered what: submissions go to the
mixing pool (surveys/pool.py).
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.db import connection
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thaothiam.accounts.models import Role
from thaothiam.core.access import public, roles

from . import drafts, integrity, pool, services
from . import structure as structure_mod
from .forms_answer import AnswerForm
from .instruments import ask_if_rules
from .models import Campaign, Invitation, Item, OpenLink, PendingParticipation

OPEN_LINK_COOKIE = "tt_open_link"


def _invitation(token: str) -> Invitation | None:
    """The invitation, its campaign and whether it waits in the pool, in one query.

    Every answering request asks this, so it is one fixed statement built once (compiling the same
    ORM query on each request cost a fifth of a submission's CPU); the values go through the
    fields' converters as the ORM's would.
    """
    if not token:
        return None
    query = _invitation_query()
    with connection.cursor() as cursor:
        cursor.execute(query.sql, [token])
        row = cursor.fetchone()
    return query.build(row) if row else None


class _InvitationQuery:
    def __init__(self):
        quote = connection.ops.quote_name
        self.models = [(Invitation, "i", list(Invitation._meta.concrete_fields)),
                       (Campaign, "c", list(Campaign._meta.concrete_fields))]
        columns = [f"{alias}.{quote(field.column)}" for _model, alias, fields in self.models for field in fields]
        # Table and column names come from the models; the token is a parameter.
        self.sql = (
            f"SELECT {', '.join(columns)}, EXISTS (SELECT 1 FROM {quote(PendingParticipation._meta.db_table)} p"  # noqa: S608
            f" WHERE p.invitation_id = i.id) FROM {quote(Invitation._meta.db_table)} i"
            f" JOIN {quote(Campaign._meta.db_table)} c ON c.id = i.campaign_id WHERE i.token = %s")
        self.converters = []
        for model, _alias, fields in self.models:
            for field in fields:
                col = field.get_col(model._meta.db_table)
                self.converters.append((col, connection.ops.get_db_converters(col) + col.get_db_converters(connection)))

    def build(self, row) -> Invitation:
        values = list(row[:-1])
        for index, (col, converters) in enumerate(self.converters):
            for converter in converters:
                values[index] = converter(values[index], col, connection)
        made, start = [], 0
        for model, _alias, fields in self.models:
            made.append(model.from_db(connection.alias, [f.attname for f in fields], values[start:start + len(fields)]))
            start += len(fields)
        invitation, invitation.campaign = made
        invitation.pending = bool(row[-1])
        return invitation


@functools.cache
def _invitation_query() -> _InvitationQuery:
    return _InvitationQuery()


def _current(request) -> tuple[drafts.State | None, Invitation | None]:
    """This browser's answering state and its invitation (from the cookie, or a POSTed token)."""
    state = drafts.read_state(request)
    if state is None and request.method == "POST" and request.POST.get("token"):
        state = drafts.new_state(request.POST["token"])  # a one-request client: no draft, no cookie
        state.fresh = True
    invitation = _invitation(state.token) if state else None
    return (state, invitation) if invitation else (None, None)


def _saved(state: drafts.State, campaign_id: int) -> dict:
    return {} if state.fresh else (drafts.load(state, campaign_id) or {})


def _login(next_url: str):
    return redirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_url})}")


def _steps(invitation: Invitation):
    shape = structure_mod.load(invitation.campaign.instrument_id)
    skip = invitation.campaign.demographic_source == Campaign.DemographicSource.INVITATION
    return shape, shape.answerable_sections(skip)


def _done(request, campaign, state: str, status: int = 200):
    return render(request, "surveys/answer_done.html", {"campaign": campaign, "state": state}, status=status)


def _state_page(request, invitation: Invitation):
    """The page for an invitation that cannot be answered now, or None."""
    campaign = invitation.campaign
    if invitation.user_id and invitation.user_id != getattr(request.user, "pk", None):
        return _done(request, campaign, "other_account", 403)
    if invitation.responded or invitation.pending:  # used: written, or waiting in the pool
        return _done(request, campaign, "already")
    if not campaign.accepts_answers(timezone.localdate()):
        return _done(request, campaign, "closed", 410)
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


def _no_state(request):
    return render(request, "surveys/answer_done.html", {"state": "no_link"}, status=400)


@public
@never_cache
@require_GET
def answer_enter(request, token: str):
    """The invitation link: swap the token for a session cookie, then answer at /surveys/a/."""
    invitation = get_object_or_404(Invitation.objects.select_related("campaign"), token=token)
    if invitation.user_id and not request.user.is_authenticated:
        return _login(reverse("surveys:mine"))  # personal invitations of an account: signed in, one answer per person
    known = drafts.read_state(request)
    state = known if known and known.token == token else drafts.new_state(token)
    response = redirect("surveys:answer_start")
    drafts.set_cookie(response, request, state)
    return response


@public
@never_cache
@require_GET
def answer_start(request):
    state, invitation = _current(request)
    if invitation is None:
        return _no_state(request)
    page = _state_page(request, invitation)
    if page:
        return page
    shape, sections = _steps(invitation)
    saved = drafts.load(state, invitation.campaign_id)
    return render(request, "surveys/answer_start.html", {
        "campaign": invitation.campaign, "instrument": shape.instrument, "sections": sections,
        "resume_step": saved["section"] if saved and saved.get("section") else None,
        "has_draft": saved is not None, "open_link": bool(state.open_link),
    })


@public
@never_cache
@require_POST
def answer_restart(request):
    """"Start a new response": forget this browser's draft (a shared computer's previous person)."""
    state, invitation = _current(request)
    if state is None:
        return _no_state(request)
    drafts.draft_discard(state=state)
    if state.open_link:  # an open link: the next person gets an invitation of their own
        response = redirect("surveys:open_link", token=state.open_link)
        drafts.clear_cookie(response)
        return response
    response = redirect("surveys:answer_start")
    drafts.set_cookie(response, request, drafts.new_state(state.token))
    return response


@public
@never_cache
@require_http_methods(["GET", "POST"])
def answer_section(request, step: int):
    state, invitation = _current(request)
    if invitation is None:
        return _no_state(request)
    page = _state_page(request, invitation)
    if page:
        return page
    campaign_id = invitation.campaign_id
    shape, sections = _steps(invitation)
    if not 1 <= step <= len(sections):
        raise Http404
    section = sections[step - 1]
    items = shape.by_section[section.pk]
    saved = _saved(state, campaign_id).get("answers", {})
    last = step == len(sections)
    rules = ask_if_rules(i.code for i in shape.items)

    def keep(answers: dict, at: int) -> None:
        merged = {k: v for k, v in {**saved, **answers}.items() if k not in form.skipped}
        drafts.draft_save(state=state, campaign_id=campaign_id, answers=merged, section=at)

    if request.method == "POST":
        form = AnswerForm(items, request.POST, rules=rules, earlier=saved)
        raw = {k: v for k, v in _raw(items, request.POST).items() if k not in form.skipped}  # not asked: not kept
        if "back" in request.POST:
            keep(raw, step - 1)
            return redirect("surveys:answer_section", step=max(step - 1, 1))
        if last:
            # Answers of earlier parts come from the draft, or from this POST (a one-request submission).
            every = [i for s in sections for i in shape.by_section[s.pk]]
            whole = AnswerForm(every, _as_data({**saved, **_raw(every, request.POST)}), rules=rules)
            if whole.is_valid():
                try:
                    services.response_submit(invitation=invitation, values=whole.values(),
                                             draft_id=None if state.fresh else state.draft_id)
                except services.AlreadySubmitted:
                    return _done(request, invitation.campaign, "already", 409)
                except services.NotOpen:
                    return _done(request, invitation.campaign, "closed", 410)
                except services.CapReached:
                    return _done(request, invitation.campaign, "cap", 409)
                response = redirect("surveys:answer_thanks")
                drafts.clear_cookie(response)  # the next person at this computer starts afresh
                return response
        if form.is_valid() and not last:
            keep(raw, step + 1)
            return redirect("surveys:answer_section", step=step + 1)
        if form.is_valid():  # this part is fine: an earlier part misses a required answer
            missing = next(n for n, s in enumerate(sections, 1)
                           if any(whole.errors.get(i.code) for i in shape.by_section[s.pk]))
            keep(raw, missing)
            form.add_error(None, _("Some required questions in section %(n)d are not answered yet.") % {"n": missing})
            form.missing_step = missing
    else:
        form = AnswerForm(items, initial=dict(saved), rules=rules, earlier=saved)
    return render(request, "surveys/answer_section.html", {
        "campaign": invitation.campaign, "instrument": shape.instrument, "form": form,
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
    """An agency's shared link; off unless central turned it on (with sign-in, or rate-limited)."""
    link = get_object_or_404(OpenLink.objects.select_related("campaign", "campaign__instrument", "agency"), token=token)
    campaign = link.campaign
    mode = campaign.open_link_mode
    if mode == Campaign.OpenLinks.OFF:
        return _done(request, campaign, "link_off", 404)
    if not campaign.accepts_answers(timezone.localdate()):
        return _done(request, campaign, "closed", 410)
    if mode == Campaign.OpenLinks.SIGN_IN and not request.user.is_authenticated:
        # Back here after signing in, without the link's token in the sign-in page's address.
        response = _login(reverse("surveys:open_link_resume"))
        response.set_signed_cookie(OPEN_LINK_COOKIE, token, salt=OPEN_LINK_COOKIE, path=drafts.COOKIE_PATH,
                                   httponly=True, samesite="Lax", secure=request.is_secure())
        return response
    known = drafts.read_state(request)
    if known is not None and known.open_link == token and _invitation(known.token):
        return redirect("surveys:answer_start")  # this browser session already has one
    if request.method == "POST":
        if mode == Campaign.OpenLinks.SIGN_IN:
            invitation = services.open_link_start(link=link, user=request.user)
        else:
            refusal = integrity.open_link_refusal(request, link)
            if refusal:
                return _done(request, campaign, refusal, 429 if refusal == "rate" else 409)
            invitation = services.open_link_start(link=link)
        # This page was the introduction: straight to the questions, not a second one (decision 0131).
        response = redirect("surveys:answer_section", step=1)
        drafts.set_cookie(response, request, drafts.new_state(invitation.token, open_link=token))
        return response
    return render(request, "surveys/open_link.html", {"link": link, "campaign": campaign,
                                                       "sign_in": mode == Campaign.OpenLinks.SIGN_IN})


@public
@never_cache
@require_GET
def open_link_resume(request):
    token = request.get_signed_cookie(OPEN_LINK_COOKIE, default="", salt=OPEN_LINK_COOKIE)
    if not token:
        return _no_state(request)
    response = redirect("surveys:open_link", token=token)
    response.delete_cookie(OPEN_LINK_COOKIE, path=drafts.COOKIE_PATH, samesite="Lax")
    return response


@roles(Role.STAFF)
@require_GET
def my_surveys(request):
    """Signed-in staff see the invitations sent to them and start answering without a token in the URL."""
    invitations = (Invitation.objects.filter(user=request.user, campaign__status=Campaign.Status.OPEN)
                   .select_related("campaign", "campaign__instrument").order_by("-campaign__fiscal_year"))
    pending = pool.pending_invitations([i.pk for i in invitations])
    for invitation in invitations:
        invitation.answered = invitation.responded or invitation.pk in pending
    return render(request, "surveys/mine.html", {"invitations": invitations})


@roles(Role.STAFF)
@require_POST
def my_survey_start(request, pk: int):
    invitation = get_object_or_404(Invitation, pk=pk, user=request.user)
    known = drafts.read_state(request)
    state = known if known and known.token == invitation.token else drafts.new_state(invitation.token)
    response = redirect("surveys:answer_start")
    drafts.set_cookie(response, request, state)
    return response
