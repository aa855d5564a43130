"""Where each role lands after signing in (issue 15 §7, docs/decisions/0115).

Everyone is sent to /accounts/me/ (LOGIN_REDIRECT_URL; a ``next`` parameter still wins), which shows the
to-do cards of their roles: the coordinator's reports due and returned, the head's reports waiting for
approval, central's review queue, overdue agencies and imports, the staff member's surveys. An executive
with no working role there lands on the dashboard instead — but only straight after signing in (a session
flag set on ``user_logged_in``), so "My page" in the menu still opens their own page.
"""

from __future__ import annotations

from django.urls import reverse

from .roles import Role

JUST_SIGNED_IN = "thaothiam_just_signed_in"
WORKING_ROLES = (Role.CENTRAL, Role.COORDINATOR, Role.HEAD, Role.ADMIN, Role.COMPLAINT_OFFICER)


def mark_signed_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[JUST_SIGNED_IN] = True


def landing_redirect(request) -> str | None:
    """The URL to send this person to instead of their own page, once, right after signing in."""
    if not request.session.pop(JUST_SIGNED_IN, False):
        return None
    access = request.access
    if access.has(Role.EXECUTIVE) and not access.has(*WORKING_ROLES):
        return reverse("reports_dashboard")
    return None
