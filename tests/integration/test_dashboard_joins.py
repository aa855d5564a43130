"""The executive dashboard and the year-end report carry the workforce statistics and the survey headline."""

import datetime as dt
import io
import re
import subprocess

from django.template.loader import render_to_string
from openpyxl import load_workbook

from tests.core.cellkey_oracle import published_people
from tests.surveys.survey_oracle import answered, pub
from thaothiam.agencies.models import Agency
from thaothiam.core.sections import Scope, collect
from thaothiam.reports import yearend
from thaothiam.workforce.models import Person


def _figure(body: str, name: str) -> str:
    match = re.search(rf'data-figure="{re.escape(name)}">([^<]*)<', body)
    assert match, name
    return match.group(1).strip()


def _experienced(fy: int) -> float:
    """The work-environment survey's share who experienced a behaviour (8 of 20 in FY 2568, 5 of 25 the year
    before), from the perturbed counts (decision 0120)."""
    from thaothiam.surveys.models import Campaign

    campaign = Campaign.objects.get(fiscal_year=fy, instrument__family="work-environment")
    return round(100 * pub(campaign, answered("we_sexist_remarks", 3, 4)) / pub(campaign, answered("we_sexist_remarks")),
                 1)


def _people(**filters):
    return Person.objects.filter(snapshot__fiscal_year=2568, **filters)


def _expected(**filters) -> dict[str, str]:
    """The perturbed women, men and total of FY 2568 (58, 56 and 114 before perturbation), and the
    share of women in director posts (6 of 20)."""
    women, men, total = (published_people(_people(sex="F", **filters)), published_people(_people(sex="M", **filters)),
                         published_people(_people(**filters)))
    leaders = _people(position_type__in=("executive", "director"), **filters)
    whole = published_people(leaders)
    share = f"{round(100 * published_people(leaders.filter(sex='F')) / whole, 1):.1f}%" if whole else None
    return {"women": str(women), "men": str(men), "total": str(total), "leadership": share}


def test_dashboard_shows_workforce_and_survey_sections(joined, client_for):
    body = client_for("executive").get("/reports/?fy=2568").content.decode()
    assert 'id="section-workforce"' in body and 'id="section-surveys"' in body
    assert body.index('id="section-trend"') < body.index('id="section-workforce"') < body.index('id="section-surveys"')
    expected = _expected()
    for key in ("women", "men", "total", "leadership"):
        assert _figure(body, f"workforce-{key}") == expected[key], key
    assert abs(int(expected["women"]) - 58) <= 3 and abs(int(expected["total"]) - 114) <= 3
    # Opinion: (20×4 + 3×5 + 6×4) / 29 = 4.10 (มาก); last year 3.00.
    assert _figure(body, "survey-mean-opinion") == "4.10" and "มาก" in body and "+1.10" in body
    # Work environment: trust 4.00; 8 of 20 experienced a behaviour (5 of 25 the year before).
    assert _figure(body, "survey-mean-work_environment") == "4.00"
    assert _figure(body, "survey-experienced") == f"{_experienced(2568):.1f}%"
    assert f"ปีก่อนหน้า (ปีงบประมาณ พ.ศ. 2567) {_experienced(2567):.1f}%" in body
    workforce = body[body.index('id="section-workforce"'):body.index('id="section-surveys"')]
    surveys = body[body.index('id="section-surveys"'):]
    assert workforce.count('class="vega-chart"') == 4  # by type, age pyramid, two trends (FY 2567–2568)
    assert surveys.count('class="vega-chart"') == 2  # scores by year, experienced any


def test_sections_are_left_out_for_a_year_without_data(joined):
    keys = [s.key for s in collect(Scope(fy=2566))]
    assert "workforce" not in keys and "surveys" not in keys
    keys_2569 = [s.key for s in collect(Scope(fy=2569))]
    assert "workforce" in keys_2569 and "surveys" not in keys_2569


def test_per_agency_dashboard_is_scoped_and_suppressed(joined, client_for):
    body = client_for("coordinator").get("/reports/?fy=2568").content.decode()
    expected = _expected(agency__code="DIS-1001")  # 26 women and 34 men
    assert _figure(body, "workforce-women") == expected["women"] and _figure(body, "workforce-men") == expected["men"]
    assert _figure(body, "survey-mean-opinion") == "4.00"  # สำนักงานเขตพระนคร's 20 answers only
    small = collect(Scope(fy=2568, agency=Agency.objects.get(code="DIS-1002")))
    surveys = next(s for s in small if s.key == "surveys")
    opinion = next(h for h in surveys.context["headlines"] if h.campaign.instrument.kind == "opinion")
    assert opinion.mean is None and opinion.respondents is None  # 3 respondents: hidden
    workforce = next(s for s in small if s.key == "workforce")
    figures = {key: value for key, _label, value, _d, _u in workforce.context["figures"]}
    expected = _expected(agency__code="DIS-1002")  # 2 women and 12 men
    assert figures["women"] in (0, 5) and str(figures["women"]) == expected["women"]
    assert str(figures["men"]) == expected["men"] and str(figures["total"]) == expected["total"]


def test_trend_stops_at_the_reported_year(joined):
    section = next(s for s in collect(Scope(fy=2568)) if s.key == "workforce")
    trend = section.context["wf"].tables["trend"]
    assert [code for code, _label in trend.rows] == ["2567", "2568"]


def test_dashboard_query_count_is_bounded(joined, client_for, users, django_assert_max_num_queries):
    from tests.reports.reports_helpers import accepted_report, make_activity
    from tests.surveys.survey_helpers import add_responses
    from tests.workforce.wf_files import person_rows
    from thaothiam.workforce.services import workforce_snapshot_load

    executive = client_for("executive")
    executive.get("/reports/?fy=2568")  # warm the per-process caches
    with django_assert_max_num_queries(60) as first:
        assert executive.get("/reports/?fy=2568").status_code == 200
        count = len(first.captured_queries)
    # More agencies, people and answers: the same number of queries.
    for code in ("DIS-1005", "DIS-1006"):
        make_activity(accepted_report(code, users), female=10, male=10)
    more = person_rows(Agency.objects.get(code="DIS-1005").pk, women=30, men=30, prefix="more")
    workforce_snapshot_load(as_of=dt.date(2025, 6, 30), rows=more)  # FY 2568, an earlier date
    add_responses(joined["opinion"], [({"op_overall_satisfaction": 2}, {"sex": "M"})] * 7, agency="DIS-1002")
    executive.get("/reports/?fy=2568")  # the caches notice the new rows once (one read each)
    with django_assert_max_num_queries(count):
        assert executive.get("/reports/?fy=2568").status_code == 200


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode()


def test_year_end_pdf_and_xlsx_carry_the_numbers(joined):
    book = load_workbook(io.BytesIO(yearend.render_xlsx(2568)))
    summary = {row[0]: row[1] for row in book["สรุปกำลังคน"].iter_rows(values_only=True)}
    expected = _expected()
    assert [str(summary[k]) for k in ("หญิง", "ชาย", "จำนวนบุคลากรรวม")] == [expected[k] for k in ("women", "men", "total")]
    headline = list(book["ผลสำรวจที่สำคัญ"].iter_rows(values_only=True))
    opinion = next(r for r in headline[1:] if r[4] == 4.1)
    from thaothiam.surveys.models import Campaign

    opinion_2568 = Campaign.objects.get(fiscal_year=2568, instrument__family="opinion")
    assert opinion[3] == pub(opinion_2568) and opinion[5] == "มาก" and opinion[8] == 3.0  # 29, perturbed
    workenv = next(r for r in headline[1:] if r[10] is not None)
    assert workenv[4] == 4.0 and workenv[10] == _experienced(2568) and workenv[13] == _experienced(2567)
    text = pdf_text(yearend.render_pdf(2568))
    assert "สถิติกำลังคน" in text and "ผลสำรวจบุคลากร" in text
    assert "4.10" in text and f"{_experienced(2568):.1f}%" in text and expected["leadership"] in text and expected["total"] in text


def test_the_activity_trend_stops_at_the_reported_year(joined, users):
    from tests.reports.reports_helpers import accepted_report, make_activity

    make_activity(accepted_report("DIS-1001", users, fy=2569), female=10, male=10)
    section = next(s for s in collect(Scope(fy=2568)) if s.key == "trend")
    assert [p["fy"] for p in section.context["points"]] == [2568]
    section = next(s for s in collect(Scope(fy=2569)) if s.key == "trend")
    assert [p["fy"] for p in section.context["points"]] == [2568, 2569]


def test_a_chart_with_nothing_to_draw_is_left_out(joined):
    """A chart is drawn exactly when it has a value that is not zero; none draws an empty frame."""
    # สำนักงานเขตดุสิต: 2 women and 12 men.
    section = next(s for s in collect(Scope(fy=2568, agency=Agency.objects.get(code="DIS-1002")))
                   if s.key == "workforce")
    wf = section.context["wf"]
    values = [c.value for line in wf.tables["personnel"].cells for c in line]
    assert section.context["drawn"][0] is any(values)
    html = render_to_string(section.template, {"section": section})
    assert html.count("class=\"vega-chart\"") == sum(section.context["drawn"])
