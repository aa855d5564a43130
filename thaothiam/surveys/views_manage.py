"""Central builds surveys and runs campaigns. Writes go through services, every one audited."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thaothiam.accounts.models import Role
from thaothiam.core.access import roles

from . import integrity, pool, rates, releases, services, services_campaign
from .forms import CampaignForm, InstrumentForm, ItemForm, OpenLinkForm, SectionForm
from .models import Campaign, Instrument, Item, Section


def _errors(form, error: ValidationError):
    for message in error.messages:
        form.add_error(None, message)


@roles(Role.CENTRAL)
@require_GET
def manage_index(request):
    return render(request, "surveys/manage.html", {
        "instruments": Instrument.objects.all(),
        "campaigns": Campaign.objects.select_related("instrument"),
    })


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def instrument_new(request):
    form = InstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        instrument = services.instrument_create(actor=request.user, data=form.cleaned_data)
        return redirect("surveys:instrument", pk=instrument.pk)
    return render(request, "surveys/form.html", {"form": form, "title": _("New survey")})


@roles(Role.CENTRAL)
@require_GET
def instrument_detail(request, pk: int):
    instrument = get_object_or_404(Instrument, pk=pk)
    sections = instrument.sections.prefetch_related("items")
    return render(request, "surveys/instrument.html", {"instrument": instrument, "sections": sections,
                                                       "locked": instrument.is_locked})


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def instrument_edit(request, pk: int):
    instrument = get_object_or_404(Instrument, pk=pk)
    form = InstrumentForm(request.POST or None, instance=instrument)
    if instrument.is_locked:
        for name in ("code", "family", "kind"):
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            if changed:
                services.instrument_update(instrument=instrument, actor=request.user, data=changed)
            return redirect("surveys:instrument", pk=pk)
        except ValidationError as error:
            _errors(form, error)
    return render(request, "surveys/form.html", {"form": form, "title": _("Edit the survey")})


@roles(Role.CENTRAL)
@require_POST
def instrument_copy(request, pk: int):
    instrument = get_object_or_404(Instrument, pk=pk)
    code = (request.POST.get("code") or "").strip()
    try:
        if not code:
            raise ValidationError(_("Give the new version a code."))
        copy = services.instrument_copy(instrument=instrument, actor=request.user, code=code)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("surveys:instrument", pk=pk)
    return redirect("surveys:instrument", pk=copy.pk)


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def section_new(request, pk: int):
    instrument = get_object_or_404(Instrument, pk=pk)
    return _section_form(request, instrument, Section(instrument=instrument),
                         initial={"order": instrument.sections.count() + 1})


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def section_edit(request, pk: int):
    section = get_object_or_404(Section.objects.select_related("instrument"), pk=pk)
    return _section_form(request, section.instrument, section)


def _section_form(request, instrument: Instrument, section: Section, initial=None):
    form = SectionForm(request.POST or None, instance=section, initial=initial)
    if request.method == "POST" and form.is_valid():
        section = form.save(commit=False)
        section.instrument = instrument
        try:
            services.section_save(section=section, actor=request.user)
            return redirect("surveys:instrument", pk=instrument.pk)
        except ValidationError as error:
            _errors(form, error)
    return render(request, "surveys/form.html", {"form": form, "title": _("Section")})


def _item_form(request, instrument: Instrument, item: Item):
    form = ItemForm(request.POST or None, instance=item, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.instrument = instrument
        item.options = form.cleaned_data["options_text"]
        try:
            services.item_save(item=item, actor=request.user)
            return redirect("surveys:instrument", pk=instrument.pk)
        except ValidationError as error:
            _errors(form, error)
    return render(request, "surveys/form.html", {"form": form, "title": _("Question")})


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def item_new(request, pk: int):
    instrument = get_object_or_404(Instrument, pk=pk)
    return _item_form(request, instrument, Item(instrument=instrument))


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    item = get_object_or_404(Item.objects.select_related("instrument"), pk=pk)
    return _item_form(request, item.instrument, item)


@roles(Role.CENTRAL)
@require_POST
def item_delete(request, pk: int):
    item = get_object_or_404(Item.objects.select_related("instrument"), pk=pk)
    try:
        services.item_delete(item=item, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("surveys:instrument", pk=item.instrument_id)


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def campaign_new(request):
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agencies = list(data.pop("agencies"))
        try:
            campaign = services_campaign.campaign_create(actor=request.user, agencies=agencies, **data)
            return redirect("surveys:campaign", pk=campaign.pk)
        except ValidationError as error:
            _errors(form, error)
    return render(request, "surveys/form.html", {"form": form, "title": _("New survey campaign")})


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data if name != "agencies"}
        try:
            services_campaign.campaign_update(campaign=campaign, actor=request.user, data=changed,
                                              agencies=list(form.cleaned_data["agencies"]))
            return redirect("surveys:campaign", pk=pk)
        except ValidationError as error:
            _errors(form, error)
    return render(request, "surveys/form.html", {"form": form, "title": _("Edit the campaign")})


@roles(Role.CENTRAL)
@require_GET
def campaign_detail(request, pk: int):
    campaign = get_object_or_404(Campaign.objects.select_related("instrument"), pk=pk)
    rows, total = rates.response_rates(campaign, show_invited=True)  # see rates.py: central's own list
    return render(request, "surveys/campaign.html", {
        "campaign": campaign, "rows": rows, "total": total, "link_form": OpenLinkForm(campaign=campaign),
        "links": [(link, *_link_url_and_qr(request, link))
                  for link in campaign.open_links.select_related("agency").order_by("agency__code")],
        "invited": campaign.invitations.filter(via_open_link=False).count(),
        "flags": integrity.flags(campaign), "pending": pool.pending_count(campaign.pk),
    })


def _link_url_and_qr(request, link) -> tuple[str, str]:
    """An open link's full address (the configured public address, else this request's host) and its
    QR code as inline SVG, made with segno as the complaint posters make theirs."""
    path = reverse("surveys:open_link", kwargs={"token": link.token})
    base = settings.THAOTHIAM_BASE_URL.rstrip("/")
    url = base + path if base else request.build_absolute_uri(path)
    svg = segno.make(url, error="m").svg_inline(scale=4, dark="#000000", omitsize=True)
    return url, mark_safe(svg)  # noqa: S308 — segno's own SVG of our own URL


ACTIONS = {"open", "close", "invite", "remind", "open-link", "import", "release"}


@roles(Role.CENTRAL)
@require_POST
def campaign_action(request, pk: int, action: str):
    campaign = get_object_or_404(Campaign, pk=pk)
    if action not in ACTIONS:
        return redirect("surveys:campaign", pk=pk)
    try:
        if action == "open":
            services_campaign.campaign_open(campaign=campaign, actor=request.user)
            messages.success(request, _("The survey is open. Its questions and anonymity settings are now frozen."))
        elif action == "close":
            services_campaign.campaign_close(campaign=campaign, actor=request.user)
            messages.success(request, _("The survey is closed."))
        elif action == "invite":
            n = services_campaign.invitations_for_staff(campaign=campaign, actor=request.user)
            messages.success(request, _("%(n)d invitations created.") % {"n": n})
        elif action == "import":
            n = services_campaign.invitations_import_upload(campaign=campaign, actor=request.user,
                                                            upload=request.FILES.get("file"))
            messages.success(request, _("%(n)d invitations created.") % {"n": n})
        elif action == "release":
            made = releases.release_publish(campaign=campaign, actor=request.user)
            if made is None:
                messages.error(request, _("Not released: results are released at most once a day, and only when at "
                                          "least 10 new responses have arrived since the last release."))
            else:
                messages.success(request, _("Results released (release %(n)d).") % {"n": made.number})
        elif action == "remind":
            n = services_campaign.reminders_send(campaign=campaign, actor=request.user)
            messages.success(request, _("%(n)d e-mails sent.") % {"n": n})
        else:
            form = OpenLinkForm(request.POST, campaign=campaign)
            if not form.is_valid():
                messages.error(request, _("Choose one of the survey's target agencies."))
            else:
                services_campaign.open_link_create(campaign=campaign, agency=form.cleaned_data["agency"],
                                                   actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("surveys:campaign", pk=pk)



