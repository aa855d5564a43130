"""Certificates: issued on completion, printed as PDF by Chromium, verified by a public page.

The verification code is 16 characters from a 32-letter alphabet without look-alikes (80 bits):
it cannot be guessed or enumerated, so the public page can answer for a code without a login.
The page confirms what the certificate says (name, course, date) and whether it is still valid —
nothing more: no agency, no score, no other certificates of the person.
"""

from __future__ import annotations

import secrets

import segno
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from thaothiam.core import audit

from .models import Certificate, Completion

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 16


class CertificateError(Exception):
    pass


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def pretty_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def normalise_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


@transaction.atomic
def certificate_issue(*, completion: Completion, actor) -> Certificate:
    existing = Certificate.objects.filter(completion=completion).first()
    if existing is not None:
        return existing
    if not completion.name:
        raise CertificateError(_("A certificate needs the person's name."))
    certificate = Certificate.objects.create(completion=completion, code=new_code(), issued_on=timezone.localdate())
    audit.record("learning.certificate.issue", certificate, actor=actor, agency=completion.agency)
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, actor) -> Certificate:
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise CertificateError(_("This certificate has already been revoked."))
    if not reason.strip():
        raise CertificateError(_("Give the reason for revoking the certificate."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason.strip()[:300]
    certificate.save(update_fields=["revoked_at", "revoked_reason"])
    audit.record("learning.certificate.revoke", certificate, actor=actor, note=certificate.revoked_reason)
    return certificate


def verify_url(certificate: Certificate) -> str:
    return settings.THAOTHIAM_BASE_URL.rstrip("/") + reverse("learning:verify", args=[certificate.code])


def certificate_html(certificate: Certificate) -> str:
    completion = certificate.completion
    url = verify_url(certificate)
    qr = segno.make(url, error="m").svg_inline(scale=3, border=0, dark="#1f2937")
    return render_to_string("learning/certificate_print.html", {
        "certificate": certificate, "completion": completion, "course": completion.course,
        "code": pretty_code(certificate.code), "url": url, "qr": mark_safe(qr),  # noqa: S308 — segno's own SVG
    })


def certificate_pdf(certificate: Certificate) -> bytes:
    from thaothiam.core.pdf import html_to_pdf

    return html_to_pdf(certificate_html(certificate), landscape=True)
