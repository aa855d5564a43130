"""The staff home page card (COMMON contract): the surveys the signed-in person can answer now."""

from __future__ import annotations

from django.utils import timezone

from . import pool
from .models import Campaign, Invitation

ORDER = 30


def card(request) -> dict | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    today = timezone.localdate()
    invitations = [i for i in Invitation.objects.filter(user=user, responded=False, campaign__status=Campaign.Status.OPEN)
                   .select_related("campaign", "campaign__instrument").order_by("campaign__closes_on")
                   if i.campaign.accepts_answers(today)]
    pending = pool.pending_invitations([i.pk for i in invitations])
    invitations = [i for i in invitations if i.pk not in pending]
    if not invitations:
        return None
    return {"template": "surveys/home_card.html", "invitations": invitations}
