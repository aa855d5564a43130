"""Central's "more respondents than staff" warning (surveys/integrity.flags, decision 0147) played as an
attack: central reads the campaign page, one person answers, central reads it again. Nothing about that
answer may show until a release (which comes with at least ten new answers, decision 0035), and the
warning never gives a count of respondents or of staff."""

import datetime as dt
import re

from django.test import Client
from survey_helpers import add_responses, enter, flush, invite, release_all
from test_survey_answering import fill

from thaothiam.agencies.models import Agency
from thaothiam.surveys.models import PendingResponse, Response
from thaothiam.workforce.models import Snapshot, SnapshotAgency, WorkforceCell

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _staff(agency, women, men):
    snapshot = Snapshot.objects.create(as_of=dt.date(2025, 9, 30), fiscal_year=2568)
    for sex, n in (("F", women), ("M", men)):
        WorkforceCell.objects.create(
            snapshot=snapshot, fiscal_year=2568, agency=agency, sex=sex, gender_identity="U",
            personnel_type="civil", position_type="general", position_level="general.operational",
            is_executive=False, age_band="35-44", headcount=n, salary_count=0, salary_sum=0)
    SnapshotAgency.objects.create(snapshot=snapshot, agency=agency, headcount=women + men)


def _page(central, campaign) -> str:
    page = central.get(f"/surveys/manage/campaigns/{campaign.pk}/").content.decode()
    return CSRF.sub("", page)  # the form tokens are masked afresh on every request


def _without_pool_line(page: str) -> str:
    """The pool line says only whether someone's answers wait to be written (decisions 0034, 0121)."""
    return re.sub(r'<dd class="col-sm-9" data-testid="pool-size">.*?</dd>', "", page)


def _warning(page: str) -> str:
    return page.split('data-testid="headcount-flags"')[1].split("</div>")[0] if "headcount-flags" in page else ""


def test_one_answer_changes_nothing_on_central_s_page_until_a_release(opinion, client_for):
    agency = Agency.objects.get(code="DIS-1001")
    _staff(agency, women=5, men=7)
    # five women of DIS-1001 answered and were released: as many as its staff, so no warning yet
    add_responses(opinion, [({"op_aware_policy": 4}, {"sex": "F"})] * 5)
    (invitation,) = invite(opinion)  # someone of DIS-1001 is invited (before central looks: invitations show)
    central = client_for("central")
    before = _page(central, opinion)
    assert _warning(before) == ""

    # that person answers (a woman: six answers against five women on the staff)
    person = Client()
    enter(person, invitation.token)
    for step, data in fill(opinion).items():
        person.post(f"/surveys/a/{step}/", data)
    assert PendingResponse.objects.filter(campaign=opinion, agency=agency, sex="F").count() == 1
    pending = _page(central, opinion)
    assert _without_pool_line(pending) == _without_pool_line(before)

    flush(opinion)  # written from the pool, not yet released
    assert Response.objects.filter(campaign=opinion, agency=agency, sex="F").count() == 6
    assert _page(central, opinion) == before

    # at the release (here forced; by the rules it comes with ten new answers or at the close) the group
    # is named, but with no count of its answers nor of its staff
    release_all(opinion)
    warning = _warning(_page(central, opinion))
    assert agency.name in warning and "หญิง" in warning
    listed = re.findall(r"<li>(.*?)</li>", warning)
    assert listed == [f"{agency.name} · หญิง"]  # no figure of answers or staff beside the group


def test_answers_only_in_the_pool_or_unreleased_raise_no_warning(opinion):
    from thaothiam.surveys import integrity

    agency = Agency.objects.get(code="DIS-1002")
    _staff(agency, women=2, men=2)
    add_responses(opinion, [({"op_aware_policy": 4}, {"sex": "M"})] * 8, agency="DIS-1002", release=False)
    assert integrity.flags(opinion) == []
    release_all(opinion)
    assert [(f.agency.code, f.sex) for f in integrity.flags(opinion)] == [("DIS-1002", None), ("DIS-1002", "M")]
