"""What the channels page and the posters show: central's data, never hard-coded channels."""

from __future__ import annotations

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from .models import ChannelContact, ExternalChannel
from .services import config


def channels_context(agency=None) -> dict:
    contacts = ChannelContact.objects.select_related("agency")
    if agency is not None:
        contacts = contacts.filter(agency__in=[agency])
    agency_contacts: dict = {}
    for contact in contacts.filter(agency__isnull=False).order_by("agency__code", "name", "pk"):
        agency_contacts.setdefault(contact.agency, []).append(contact)
    cfg = config()
    return {
        "agency_contacts": list(agency_contacts.items()),
        "central_contacts": list(ChannelContact.objects.filter(agency__isnull=True).order_by("name", "pk")),
        "external_channels": list(ExternalChannel.objects.all()),
        "cfg": cfg,
    }


def qr_url(request, agency) -> str:
    return settings.THAOTHIAM_BASE_URL.rstrip("/") + reverse("complaints:qr_visit", args=[agency.code])


def poster_qr_svg(request, agency) -> str:
    """The QR code as inline SVG (segno's output: numbers only, from our own URL)."""
    code = segno.make(qr_url(request, agency), error="m")
    return mark_safe(code.svg_inline(scale=6, dark="#000000"))  # noqa: S308
