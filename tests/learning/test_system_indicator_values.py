"""The coordinator's indicator page offers the system's value beside the input ("use this value"),
and when central switches it on, the system's value replaces typing."""

import datetime as dt
import html
import json
import re

from learning_helpers import starter

from tests.core.cellkey_oracle import published_learners
from thaothiam.agencies.models import Agency
from thaothiam.learning.models import Completion
from thaothiam.plans.models import Indicator
from thaothiam.reporting import services
from thaothiam.reporting.models import IndicatorValue, Round


def _report(users):
    services.rounds_create_for_year(fy=2568, actor=None)
    round_ = Round.objects.filter(fy=2568).order_by("seq").first()  # Q1: Oct–Dec 2024
    return services.report_start(round_=round_, agency=Agency.objects.get(code="DIS-1001"), actor=users["coordinator"])


def _completions(n, day=dt.date(2024, 11, 5), prefix="k"):
    agency = Agency.objects.get(code="DIS-1001")
    Completion.objects.bulk_create(
        Completion(course=starter(), source="elearning", completed_on=day, fiscal_year=2568, agency=agency,
                   sex="F", learner_key=f"{prefix}{i}", name="x") for i in range(n))


def _women(prefix="k"):
    return published_learners(Completion.objects.filter(learner_key__startswith=prefix, sex="F"))


def test_the_system_value_is_offered_beside_the_input_with_women_and_men(users, client_for):
    report = _report(users)
    _completions(8)
    _completions(4, day=dt.date(2025, 1, 5), prefix="later")  # after the round's period: not counted
    women = _women()
    indicator = Indicator.objects.get(code="1-2-elearning")
    page = client_for("coordinator").get(f"/reporting/reports/{report.pk}/values/").content.decode()
    block = page.split('data-testid="system-value-1-2-elearning"')[1].split("</div>")[0]
    # shown as the indicator formats it: the published (perturbed) count, as reach shows it
    assert f">{women}\xa0คน<" in block and f'data-use-system-value="{women}"' in block
    assert f"หญิง {women} · ชาย 0" in block
    fill = html.unescape(re.search(r'data-use-system-breakdown="([^"]+)"', block).group(1))
    assert json.loads(fill) == {f"id_v{indicator.pk}_female": str(women), f"id_v{indicator.pk}_male": "0"}
    assert "system_values.js" in page and "<script>" not in page.replace('<script src=', '')


def test_central_switch_makes_the_system_value_replace_typing(users, client_for):
    report = _report(users)
    _completions(8)
    indicator = Indicator.objects.get(code="1-2-elearning")
    from thaothiam.plans.indicator_forms import IndicatorForm

    data = {k: v for k, v in IndicatorForm(instance=indicator).initial.items() if v is not None}
    data["system_value_replaces_input"] = "on"
    response = client_for("central").post(f"/plan/indicators/{indicator.pk}/edit/", data)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.system_value_replaces_input
    p = f"v{indicator.pk}_"
    page = client_for("coordinator").get(f"/reporting/reports/{report.pk}/values/").content.decode()
    assert re.search(rf'name="{p}female"[^>]*disabled', page) and re.search(rf'name="{p}male"[^>]*disabled', page)
    client_for("coordinator").post(f"/reporting/reports/{report.pk}/values/",
                                   {p + "value": "99", p + "female": "90", p + "male": "9"})
    saved = IndicatorValue.objects.get(report=report, indicator=indicator)
    assert (saved.value, saved.female, saved.male) == (_women(), _women(), 0)


def _districts(n):
    return list(Agency.objects.filter(code__startswith="DIS-").order_by("code")[:n])


def test_no_offered_figure_by_sex_is_about_one_to_four_people_and_it_is_reachs_figure(reference_data):
    from thaothiam.learning import indicator_sources, reach

    agencies = _districts(20)
    assert len(agencies) == 20
    for index, agency in enumerate(agencies):
        women, men = 1 + index % 4, 1 + (index // 4) % 4
        Completion.objects.bulk_create(
            Completion(course=starter(), source="elearning", completed_on=dt.date(2024, 11, 5), fiscal_year=2568,
                       agency=agency, sex=sex, learner_key=f"{agency.code}-{sex}{i}", name="x")
            for sex, n in (("F", women), ("M", men)) for i in range(n))
    offered = {a.pk: indicator_sources.elearning(a, 2568, dt.date(2024, 12, 31)) for a in agencies}
    for value in offered.values():
        assert value.female in (0, 5) and value.male in (0, 5) and value.value == value.female + value.male
    assert {v.female for v in offered.values()} == {0, 5}  # both outcomes occur: the true 1–4 is not recoverable
    # the same people give the same figures as the reach page
    table = reach.reach_by_agency(fy=2568, agency_ids={a.pk for a in agencies})
    for row in table.rows:
        assert row["cells"] == [offered[row["key"]].female, offered[row["key"]].male]


def test_two_periods_subtracted_do_not_give_the_one_person_between_them(reference_data):
    """The attack: read the value at the end of Q1 and of Q2; one woman completed in between. Exact
    counts would always differ by 1; perturbed ones differ by 1 only by chance."""
    from thaothiam.learning import indicator_sources

    agencies = _districts(20)
    for agency in agencies:
        Completion.objects.bulk_create(
            Completion(course=starter(), source="elearning", completed_on=day, fiscal_year=2568, agency=agency,
                       sex="F", learner_key=f"{agency.code}-{i}", name="x")
            for i, day in enumerate([dt.date(2024, 11, 5)] * 6 + [dt.date(2025, 2, 5)]))
    exact = 0
    for agency in agencies:
        before = indicator_sources.elearning(agency, 2568, dt.date(2024, 12, 31)).female
        after = indicator_sources.elearning(agency, 2568, dt.date(2025, 3, 31)).female
        exact += after - before == 1
    # about one in five by chance (the noise of two cells agreeing); 13 or more of 20 has odds below 1 in 10^5
    assert exact <= 12


def test_the_disclosure_audit_checks_the_offered_values_and_catches_exact_ones(reference_data, monkeypatch):
    """The audit carries every agency's offered 1.1–1.3 values by sex beside reach; were they exact
    (the perturbation switched off), it finds the counts of 1–4 people."""
    from thaothiam.core.disclosure_audit import check_perturbed
    from thaothiam.learning import disclosure_audit, indicator_sources

    for index, agency in enumerate(_districts(6)):
        Completion.objects.bulk_create(
            Completion(course=starter(), source="elearning", completed_on=dt.date(2024, 11, 5), fiscal_year=2568,
                       agency=agency, sex="F", learner_key=f"{agency.code}-{i}", name="x") for i in range(1 + index))
    population = next(disclosure_audit.populations(fiscal_year=2568))
    offered = [e for e in population.perturbed if e.table.startswith("system value 1-2-elearning")]
    assert len(offered) == 12  # six agencies × women, men
    assert check_perturbed(population.perturbed) == []
    monkeypatch.setattr(indicator_sources, "perturb", lambda n, _k: n)
    exact = next(disclosure_audit.populations(fiscal_year=2568))
    assert check_perturbed(exact.perturbed)  # 1, 2, 3, 4 women offered: found
