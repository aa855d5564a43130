"""The complainant's side: the channels page, the poster, the report form, the receipt and follow-up.

Anyone may use these pages, signed in or not; nothing here links a signed-in person to a case. No
page needs JavaScript (copy and print buttons are an extra).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thaothiam.agencies.models import Agency
from thaothiam.core.access import public

from . import crypto, receipts, selectors, services
from .forms import AddInfoForm, ReceiptForm, ReportForm
from .models import PublicityCount, Sender, State
from .publicity import channels_context, poster_qr_svg, qr_url


@public
@require_GET
def channels(request):
    """Every complaint channel, what happens after a report, protections and time limits (no JS)."""
    agencies = Agency.objects.filter(is_active=True).order_by("code").only("code", "name_th", "name_en")
    return render(request, "complaints/channels.html", {**channels_context(), "agencies": agencies})


@public
@require_GET
def poster_pick(request):
    """The channels page's poster form (no JavaScript): on to the chosen agency's PDF."""
    agency = Agency.objects.filter(code=request.GET.get("agency", ""), is_active=True).first()
    if agency is None:
        messages.error(request, _("Choose an agency."))
        return redirect("complaints:channels")
    return redirect("complaints:poster", code=agency.code)


@public
@require_GET
def poster(request, code: str):
    """An agency's A4 poster (PDF) with a QR code to the report form; counted, never who."""
    from thaothiam.core.pdf import html_to_pdf

    agency = get_object_or_404(Agency, code=code, is_active=True)
    from .holders import agency_ready

    context = {**channels_context(agency), "agency": agency, "qr": poster_qr_svg(request, agency),
               "form_url": qr_url(request, agency), "agency_ready": agency_ready(agency)}
    pdf = html_to_pdf(render_to_string("complaints/poster.html", context, request=request))
    services.publicity_count(agency=agency, kind=PublicityCount.Kind.POSTER)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="complaint-poster-{agency.code}.pdf"'
    return response


@public
@require_GET
def qr_visit(request, code: str):
    """Where a poster's QR code points: counts one visit for the agency, then opens the form."""
    agency = get_object_or_404(Agency, code=code, is_active=True)
    services.publicity_count(agency=agency, kind=PublicityCount.Kind.QR)
    return redirect(reverse("complaints:report") + f"?agency={agency.code}")


def _report_form(request, data=None, files=None):
    initial = {"identity": None, "contact_mode": "system"}
    if request.GET.get("agency"):
        initial["agency"] = request.GET["agency"]
    return ReportForm(data, files, officers=selectors.complaint_officers(), initial=initial)


@public
@never_cache
@require_http_methods(["GET", "POST"])
def report(request):
    """The report form. On success the receipt is shown once, in this response only."""
    if request.method == "GET":
        return render(request, "complaints/report.html", {"form": _report_form(request)})
    form = _report_form(request, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Please check the marked fields. What you typed is kept; "
                                  "attachments must be chosen again."))
        return render(request, "complaints/report.html", {"form": form}, status=400)
    data = form.cleaned_data
    when_year = int(data["when_year"]) if data.get("when_year") else None
    new = services.Report(
        agency=data["agency"], category=data["category"], relationship=data["relationship"],
        named=data["identity"] == "named", narrative=data["narrative"], wants=data["wants"],
        when_month=int(data["when_month"]) if data.get("when_month") else None, when_year=when_year,
        ongoing=data["ongoing"], place=data["place"], name=data["name"], contact_mode=data["contact_mode"],
        phone=data["phone"] if data["contact_mode"] == "phone" else "",
        email=data["email"] or "", notify=data["notify"],
        accused=data.get("accused") or services.accused_account(data.get("accused_account") or ""),
        accused_who=data.get("accused_who") or "",
        excluded=tuple(data.get("excluded") or ()), files=tuple(data["files"]))
    try:
        case, receipt = services.case_submit(report=new)
    except services.ChannelNotReady:
        messages.error(request, _("The complaint channel cannot receive this report yet: it must be held by at "
                                  "least two complaint officers, one of them central's, and fewer are ready. "
                                  "Please use one of the phone or e-mail channels."))
        return render(request, "complaints/report.html", {"form": form}, status=503)
    response = render(request, "complaints/receipt.html",
                      {"receipt": crypto.format_receipt(receipt), "received_on": case.received_on})
    response["Cache-Control"] = "no-store"
    return response


@public
@never_cache
@require_http_methods(["GET", "POST"])
def follow(request):
    """Enter the receipt. Wrong receipts are counted per session and installation-wide (no address kept)."""
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if receipts.throttled(request.session):
            form.add_error(None, _("Too many wrong receipts were tried. Please wait 15 minutes and try again, "
                                   "or contact a complaint officer by phone."))
            return render(request, "complaints/follow.html", {"form": form}, status=429)
        found = receipts.find(form.cleaned_data["receipt"], request.session)
        if found is None:
            form.add_error("receipt", _("No case has this receipt. Check the 16 digits and try again."))
            return render(request, "complaints/follow.html", {"form": form}, status=400)
        case, private = found
        response = redirect("complaints:follow_case")
        response.set_cookie(receipts.COOKIE, receipts.cookie_value(case, private), max_age=receipts.COOKIE_SECONDS,
                            path=receipts.COOKIE_PATH, httponly=True, samesite="Strict",
                            secure=request.is_secure())
        return response
    return render(request, "complaints/follow.html", {"form": form}, status=400 if request.method == "POST" else 200)


COMPLAINANT_STATUS = {
    State.RECEIVED: _("Your report has reached the complaint officers. They will acknowledge it soon."),
    State.ACKNOWLEDGED: _("An officer has read your report and is deciding, with you, how to handle it."),
    State.ASSESSMENT: _("The officers are assessing your report and choosing how to handle it."),
    State.INFORMAL: _("Your case is being handled by informal resolution, as agreed."),
    State.FACT_FINDING: _("A fact-finding inquiry (การสอบข้อเท็จจริง) is under way."),
    State.REFERRAL: _("Your case has been referred to the disciplinary process."),
    State.DECIDED: _("A decision has been reached on your case; see the messages."),
    State.CLOSED: _("Your case is closed. You can still write to the officers here if anything happens, "
                    "including any retaliation."),
}


@public
@never_cache
@require_http_methods(["GET", "POST"])
def follow_case(request):
    """The case's status in plain language, messages both ways, adding information and files."""
    found = receipts.from_cookie(request)
    if found is None:
        messages.info(request, _("Please enter your receipt again."))
        return redirect("complaints:follow")
    case, key = found
    form = AddInfoForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.complainant_message(case=case, case_key=key, text=form.cleaned_data["text"],
                                             files=form.cleaned_data["files"])
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("Sent. The officers will see it the next time they open your case."))
                return redirect("complaints:follow_case")
        else:
            messages.error(request, _("Please check the marked fields. Attachments must be chosen again."))
    context = {
        "case": case, "status": str(COMPLAINANT_STATUS[case.state]),
        "messages_list": selectors.messages(case, key), "files": selectors.attachments(case, key),
        "form": form, "Sender": Sender,
    }
    response = render(request, "complaints/follow_case.html", context, status=400 if form.errors else 200)
    response["Cache-Control"] = "no-store"
    return response


@public
@never_cache
@require_GET
def follow_file(request, file_pk: int):
    """The complainant downloads a file of their case — one they sent or one the officers sent them."""
    from django.http import Http404, HttpResponse

    from .views_officer import _safe_filename

    found = receipts.from_cookie(request)
    if found is None:
        messages.info(request, _("Please enter your receipt again."))
        return redirect("complaints:follow")
    case, key = found
    item = case.attachments.filter(pk=file_pk).first()  # another case's file: 404, as for a missing one
    if item is None or item.meta is None:
        raise Http404
    name, content_type, data = selectors.attachment_bytes(item, key)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_safe_filename(name)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@public
@require_POST
def follow_leave(request):
    response = redirect("complaints:channels")
    response.delete_cookie(receipts.COOKIE, path=receipts.COOKIE_PATH, samesite="Strict")
    return response
