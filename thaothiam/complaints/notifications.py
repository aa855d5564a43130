"""E-mails of the complaint channel. None carries case content: a complainant's notice says only that
there is news; an officer's reminder gives the case number and the due date."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from thaothiam.core.formatting import format_date

from . import crypto

logger = logging.getLogger(__name__)


def _url(name: str) -> str:
    return settings.THAOTHIAM_BASE_URL.rstrip("/") + reverse(name)


CONSOLE = "django.core.mail.backends.console.EmailBackend"


def news_for_complainant(case, case_key: bytes) -> bool:
    """Tell the complainant there is news, only if they gave an e-mail and asked for notices.

    Never through the console backend (the development default): it would print the complainant's
    address to the server's log, which the insider holds.
    """
    if case.content is None or settings.EMAIL_BACKEND == CONSOLE:
        if settings.EMAIL_BACKEND == CONSOLE:
            logger.warning("Complaint notice not sent: e-mail goes to the console in this configuration.")
        return False
    contact = json.loads(crypto.open_sealed(case_key, case.content)).get("contact", {})
    if not (contact.get("notify") and contact.get("email")):
        return False
    with translation.override("th"):
        subject = _("There is news on your case")
        body = _("There is news on the case you reported. Open %(url)s and enter your receipt to read it.") % {
            "url": _url("complaints:follow")}
    send_mail(subject, body, None, [contact["email"]])
    return True


def officer_reminders(items: list[tuple[str, str, list[str]]]) -> int:
    """items: (subject, body, recipients); returns the number of e-mails sent."""
    messages = [(subject, body, None, to) for subject, body, to in items if to]
    return send_mass_mail(messages) if messages else 0


def reminder_text(case, kind: str) -> tuple[str, str]:
    with translation.override("th"):
        subjects = {
            "new": _("New complaint case %(number)s received"),
            "news": _("The complainant wrote on case %(number)s"),
            "due": _("Complaint case %(number)s is due on %(date)s"),
            "overdue": _("Complaint case %(number)s is overdue (due %(date)s)"),
            "escalated": _("Overdue complaint case %(number)s (due %(date)s): escalated to central"),
            "followup": _("Closed complaint case %(number)s: check with the complainant for retaliation"),
        }
        subject = subjects[kind] % {"number": case.number, "date": format_date(case.due_on) if case.due_on else ""}
        body = subject + "\n\n" + _("Open %(url)s to see your cases.") % {"url": _url("complaints:cases")}
    return subject, body
