"""E-mail to the next actor of the workflow (Django mail; the console backend by default)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from thaothiam.accounts.models import Role
from thaothiam.accounts.selectors import users_holding


def recipients(role: str, agency=None) -> list[str]:
    """E-mail addresses of active users holding the role for the agency (BMA-wide grants count)."""
    addresses = users_holding(role, agency).exclude(email="").values_list("email", flat=True)
    return sorted(set(addresses))


def _link(report) -> str:
    return settings.THAOTHIAM_BASE_URL.rstrip("/") + reverse("reporting_report", args=[report.pk])


def notify(report, event: str) -> int:
    """Tell the next actor: submitted → heads; approved → central; returned/accepted/reopened → coordinators."""
    with translation.override("th"):
        target = {
            "submitted": (Role.HEAD, report.agency),
            "approved": (Role.CENTRAL, None),
            "returned": (Role.COORDINATOR, report.agency),
            "accepted": (Role.COORDINATOR, report.agency),
            "reopened": (Role.COORDINATOR, report.agency),
        }[event]
        to = recipients(*target)
        if not to:
            return 0
        subjects = {
            "submitted": _("Report awaiting your approval: %(agency)s, %(round)s"),
            "approved": _("Report awaiting central review: %(agency)s, %(round)s"),
            "returned": _("Report returned for changes: %(agency)s, %(round)s"),
            "accepted": _("Report accepted: %(agency)s, %(round)s"),
            "reopened": _("Accepted report reopened: %(agency)s, %(round)s"),
        }
        subject = subjects[event] % {"agency": report.agency.name_th, "round": report.round}
        body = "\n\n".join(filter(None, [
            subject,
            report.return_comment if event in ("returned", "reopened") else "",
            _("Open the report: %(url)s") % {"url": _link(report)},
        ]))
    return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in to])


def remind(agency, round_, deadline, addresses: list[str]) -> int:
    with translation.override("th"):
        from thaothiam.core.formatting import format_date

        subject = _("Reminder: the report for %(round)s is due on %(date)s") % {
            "round": round_, "date": format_date(deadline, thai=True)}
        body = _("%(agency)s has not yet submitted its report for %(round)s. The deadline is %(date)s.\n\n%(url)s") % {
            "agency": agency.name_th, "round": round_, "date": format_date(deadline, thai=True),
            "url": settings.THAOTHIAM_BASE_URL.rstrip("/") + reverse("reporting_home")}
    return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [a]) for a in addresses])
