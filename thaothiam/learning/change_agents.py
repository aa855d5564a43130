"""The change-agent registry (plan item 2.1): writes and coverage."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count

from thaothiam.agencies.models import Agency
from thaothiam.core import audit
from thaothiam.core.fiscal import fiscal_year


def _save(agent, action: str, actor):
    agent.fiscal_year = fiscal_year(agent.trained_on)  # the year follows the training date
    agent.full_clean()
    audit.audited_save(agent, action, actor=actor)
    return agent


@transaction.atomic
def change_agent_add(*, agent, actor):
    return _save(agent, "learning.change_agent.add", actor)


@transaction.atomic
def change_agent_update(*, agent, actor):
    """Correct a registry entry (a misspelt name, the wrong date or training). Audited with before and after."""
    return _save(agent, "learning.change_agent.update", actor)


@transaction.atomic
def change_agent_deactivate(*, agent, actor):
    """The person is no longer a change agent: kept in the registry, left out of coverage."""
    agent.is_active = False
    audit.audited_save(agent, "learning.change_agent.deactivate", actor=actor)
    return agent


def coverage(agency_ids=None) -> dict:
    """Agencies with at least one active trained change agent, per agency and overall."""
    agencies = Agency.objects.filter(is_active=True).exclude(kind=Agency.Kind.DIVISION)
    if agency_ids is not None:
        agencies = agencies.filter(pk__in=list(agency_ids))
    from .models import ChangeAgent

    counts = dict(ChangeAgent.objects.filter(is_active=True).values("agency_id").annotate(n=Count("pk"))
                  .values_list("agency_id", "n"))
    rows = [{"agency": a, "covered": counts.get(a.pk, 0) > 0} for a in agencies.order_by("code")]
    covered = sum(r["covered"] for r in rows)
    return {"rows": rows, "covered": covered, "agencies": len(rows),
            "share": 100 * covered / len(rows) if rows else None}
