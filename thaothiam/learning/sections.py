"""The learning section of the executive dashboard and the year-end report (slot 85): people
reached by training and e-learning, by sex, with the share of the workforce, and change-agent
coverage. Figures come from ``learning.reach`` (through core.disclosure)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thaothiam.core.sections import Scope, Section, Sheet

from . import change_agents, reach

ORDER = 85


def learning_section(scope: Scope) -> Section | None:
    agency_ids = {scope.agency_id} if scope.agency else None
    cube = reach.reached_cube(fy=scope.fy, agency_ids=agency_ids)
    if not cube:  # every record counts at least one person, so an empty cube means no records
        return None
    staff = reach.workforce_cube(fy=scope.fy, agency_ids=agency_ids)  # one pass for both tables
    by_personnel = reach.reach_by_personnel(fy=scope.fy, agency_ids=agency_ids, cube=cube, staff=staff)
    coverage = change_agents.coverage(agency_ids)
    sheets = [Sheet(_("Learning reach"), [_("Personnel type"), _("Women"), _("Men"), _("Total"), _("Workforce"),
                                          _("Share of workforce (%)")],
                    [[r["label"], *r["cells"], r["total"], r["workforce"],
                      round(r["share"], 1) if r["share"] is not None else None] for r in by_personnel.rows]
                    + [[_("Total"), *by_personnel.total["cells"], by_personnel.total["total"],
                        by_personnel.total["workforce"],
                        round(by_personnel.total["share"], 1) if by_personnel.total["share"] is not None else None]])]
    if not scope.agency:
        by_agency = reach.reach_by_agency(fy=scope.fy, cube=cube, staff=staff)
        sheets.append(Sheet(_("Learning reach by agency"),
                            [_("Agency"), _("Women"), _("Men"), _("Total"), _("Workforce"), _("Share of workforce (%)")],
                            [[r["label"], *r["cells"], r["total"], r["workforce"],
                              round(r["share"], 1) if r["share"] is not None else None] for r in by_agency.rows]))
    return Section("learning", _("Learning and e-learning reach"), "learning/sections/reach.html",
                   {"by_personnel": by_personnel, "coverage": coverage}, sheets, [], order=ORDER)
