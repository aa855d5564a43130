"""The public page's "results so far" (issue 15 §9): computed from released survey results (through the
disclosure machinery) and accepted activities, never typed."""

import datetime as dt
import re

from django.test import Client
from survey_helpers import add_responses
from survey_oracle import pub

from thaothiam.agencies.models import Agency
from thaothiam.plans.models import PlanItem
from thaothiam.reporting import services as reporting
from thaothiam.reporting.models import Activity, AgencyReport, Round
from thaothiam.surveys.models import Response


def _section(page: str) -> str:
    match = re.search(r'<section aria-labelledby="results-so-far".*?</section>', page, re.S)
    return match.group(0) if match else ""


def _opinion(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", _section(page)))


def test_nothing_released_nothing_shown(opinion):
    add_responses(opinion, [({"op_aware_policy": 4}, {}) for _ in range(12)], release=False)
    page = Client().get("/").content.decode()
    assert 'data-testid="results-so-far"' not in page


def test_the_latest_released_opinion_result_and_its_band(opinion):
    # 12 released answers: mean of the pooled Likert answers (4, 4, 3 … → 3.75, "มาก").
    rows = [({"op_aware_policy": 4, "op_aware_content": 4 if i % 2 else 3}, {}) for i in range(12)]
    add_responses(opinion, rows)
    # Later answers not yet released change nothing on the public page (decision 0035).
    add_responses(opinion, [({"op_aware_policy": 1, "op_aware_content": 1}, {}) for _ in range(12)], release=False)
    assert Response.objects.count() == 24
    text = _opinion(Client().get("/").content.decode())
    assert "ความคิดเห็นโดยภาพรวมอยู่ในระดับมาก" in text
    # The mean of 12 people is exact; their count is published perturbed (decision 0120), like everywhere.
    assert "3.75" in text and f"ผู้ตอบ {pub(opinion)} คน" in text
    assert "นโยบายการไม่เลือกปฏิบัติทางเพศ" in text  # the survey's title in the seed's words


def test_a_hidden_result_is_not_shown(opinion):
    add_responses(opinion, [({"op_aware_policy": 5}, {}) for _ in range(3)])  # released, but 3 people
    page = Client().get("/").content.decode()
    assert 'data-testid="results-so-far-opinion"' not in page and "5.00" not in _section(page)


def test_promotion_counts_come_from_accepted_activities(db, reference_data, users):
    reporting.rounds_create_for_year(fy=2568, actor=None)
    round_ = Round.objects.filter(fy=2568).order_by("seq").first()
    item = PlanItem.objects.get(pillar__number=1, number=4, pillar__plan__is_current=True)
    day = dt.date(2025, 1, 15)

    def report(code, status):
        agency = Agency.objects.get(code=code)
        made = AgencyReport.objects.create(round=round_, agency=agency, status=status)
        return made

    def activity(rep, kind):
        Activity.objects.create(report=rep, agency=rep.agency, fy=2568, plan_item=item, kind=kind, title=kind,
                                start_date=day, end_date=day)

    a, b, draft = report("DIS-1001", "accepted"), report("DIS-1002", "accepted"), report("DIS-1003", "submitted")
    for kind in ("comm_online", "comm_online", "comm_declaration", "training"):
        activity(a, kind)
    activity(b, "comm_online")
    activity(b, "partnership")  # not one of the seed's ways of promoting the policy
    activity(draft, "comm_video")  # not accepted: not counted
    page = Client().get("/").content.decode()
    section = _section(page)
    rows = dict(re.findall(r'<tr data-kind="(\w+)"><td>[^<]*</td><td class="text-end">(\d+)</td>', section))
    assert rows == {"comm_online": "3", "comm_declaration": "1", "training": "1"}
    assert re.search(r'data-kind="comm_online"><td>[^<]*</td><td class="text-end">3</td><td class="text-end">2</td>',
                     section)  # 3 activities by 2 agencies
    assert "2568" in section


def test_a_closed_surveys_final_result_comes_before_a_partial_release(reference_data):
    from survey_helpers import make_campaign

    from thaothiam.surveys.models import ResultRelease

    closed = make_campaign(fy=2569, status="open")
    add_responses(closed, [({"op_aware_policy": 5}, {}) for _ in range(12)])  # 5.00, มากที่สุด
    ResultRelease.objects.filter(campaign=closed).update(final=True)
    current = make_campaign(fy=2570, status="open")
    add_responses(current, [({"op_aware_policy": 2}, {}) for _ in range(12)])  # a partial release, 2.00
    text = _opinion(Client().get("/").content.decode())
    assert "5.00" in text and "มากที่สุด" in text and "2.00" not in text
