"""Survey campaigns in the disclosure audit (decision 0123): the fixed tables of the results pages and
the response rate, on a campaign built with small groups everywhere, and the checks themselves."""

import pytest
from survey_helpers import add_responses, invite, make_campaign, release_all

from thaothiam.agencies.models import Agency
from thaothiam.core import disclosure_audit
from thaothiam.core.intervals import Entry
from thaothiam.surveys import disclosure_audit as survey_audit
from thaothiam.surveys.models import Invitation

AGE_CODES = ("<30", "30-39", "40-49", "50-59", "60+")  # core.vocabulary.AGE_BANDS, bands 1–5


@pytest.fixture
def small_groups(reference_data):
    """Three agencies: 40 women under 30, 2 + 2 in the oldest bands and 1–3 men; 12 spread; 3 people.
    Invitations: 50, 20 and 3, most of them answered."""
    campaign = make_campaign(agencies=("DIS-1001", "DIS-1002", "DIS-1003"), status="closed")
    shapes = {"DIS-1001": [(1, 1)] * 40 + [(1, 4)] * 2 + [(1, 5)] * 2 + [(2, 1), (2, 3)],
              "DIS-1002": [(1 + j % 2, 1 + j % 5) for j in range(12)],
              "DIS-1003": [(1, 2), (2, 2), (1, 3)]}
    for code, people in shapes.items():
        add_responses(campaign, [({"op_aware_policy": 1 + j % 5, "op_aware_content": 2 + j % 3},
                                  {"sex": "FM"[sex - 1], "age_band": AGE_CODES[age - 1]})
                                 for j, (sex, age) in enumerate(people)],
                      agency=code, release=False)
    for code, n, answered in (("DIS-1001", 50, 46), ("DIS-1002", 20, 12), ("DIS-1003", 3, 3)):
        invite(campaign, n, agency=code)
        ids = list(Invitation.objects.filter(campaign=campaign, agency__code=code).values_list("pk", flat=True))
        Invitation.objects.filter(pk__in=ids[:answered]).update(responded=True)
    release_all(campaign)
    return campaign


def test_the_audit_covers_a_survey_campaign_and_finds_nothing(small_groups):
    lines = []
    report = disclosure_audit.run(fiscal_year=2569, out=lines.append)
    assert report.ok, report.problems
    survey = [line for line in lines if line.startswith("survey opinion-2568 FY 2569")]
    assert survey and survey[0].endswith(": ok"), lines
    population = next(survey_audit.populations(fiscal_year=2569))
    tables = {e.table.split(" {")[0] for e in population.perturbed}
    assert {"breakdown agency × sex", "breakdown agency × age_band", "breakdown age_band"} <= tables
    assert any(e.table.startswith("response rate") and e.value is not None for e in population.perturbed)
    assert sum(e.value is not None for e in population.perturbed) > 40


def test_the_audit_reports_what_breaks_the_survey_rules():
    agency = frozenset({("agency", 1)})
    under_30 = agency | {("age_band", 1)}
    findings = survey_audit._nested({agency: 45, under_30: 41, frozenset(): 90})
    assert len(findings) == 1 and "4" in findings[0]
    assert survey_audit._nested({agency | {("sex", 2)}: 3})  # a mean of 3 people
    assert survey_audit._nested({agency: 45, under_30: 40, frozenset(): 90}) == []
    # A response-rate count of 1–4, or the same invitations with two values, is a perturbed-figure finding.
    problems = disclosure_audit.check_perturbed([
        Entry("response rate", "A", frozenset({"inv:1", "inv:2"}), 2),
        Entry("response rate", "total", frozenset({"inv:1", "inv:2"}), 5)])
    assert len(problems) == 2


def test_the_audit_sees_a_group_shown_inside_another_when_the_rule_is_off(small_groups, monkeypatch):
    """With 0036's checks switched off in the results code, the audit's own check finds the pair."""
    from thaothiam.surveys import selectors

    monkeypatch.setattr(selectors, "_nested_differences", lambda *args, **kwargs: set())
    monkeypatch.setattr(selectors, "suppress_table", _no_complements(selectors.suppress_table))
    report = disclosure_audit.run(fiscal_year=2569)
    assert not report.ok and any("people apart" in p or "a mean of" in p for p in report.problems)


def _no_complements(original):
    """suppress_table that hides nothing: every cell shown whatever its size (the rule broken on purpose)."""
    def broken(counts, row_keys=None, col_keys=None, *, threshold=5):
        table = original(counts, row_keys, col_keys, threshold=1)
        return table
    return broken


def test_agency_names_are_not_needed_by_the_audit(small_groups):
    population = next(survey_audit.populations(fiscal_year=2569))
    codes = {e.label for e in population.perturbed if e.table.startswith("response rate")}
    assert codes == {*Agency.objects.filter(code__in=("DIS-1001", "DIS-1002", "DIS-1003")).values_list("code", flat=True),
                     "total"}
