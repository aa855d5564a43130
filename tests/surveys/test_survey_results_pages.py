"""Results through HTTP for every role, breakdowns, response rate, exports and the headline."""

import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from survey_helpers import add_responses, invite, pdf_summary, release_all
from survey_oracle import answered as answered_item
from survey_oracle import pub, pub_responded

from thaothiam.agencies.models import Agency
from thaothiam.core.models import AuditEvent
from thaothiam.surveys.headline import headlines


@pytest.fixture
def answered(opinion):
    """DIS-1001: 12 women (4s and 5s) and 8 men (3s); DIS-1002: 3 people only; DIS-1003: 6."""
    rows = [({"op_aware_policy": 5 if i % 2 else 4, "op_fair_safe": 4}, {"sex": "F"}) for i in range(12)]
    rows += [({"op_aware_policy": 3, "op_fair_safe": 3}, {"sex": "M"}) for _ in range(8)]
    add_responses(opinion, rows, agency="DIS-1001")
    add_responses(opinion, [({"op_aware_policy": 1}, {"sex": "F"})] * 3, agency="DIS-1002")
    # A third agency: the complement that protects Dusit's 3 is then this small one, not Phra Nakhon.
    add_responses(opinion, [({"op_aware_policy": 2}, {"sex": "M"})] * 6, agency="DIS-1003")
    return opinion


def test_central_sees_figures_that_match_the_raw_answers(client_for, answered, django_assert_max_num_queries):
    client = client_for("central")
    response = client.get(f"/surveys/results/{answered.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert f'data-testid="respondents">{pub(answered)}<' in body  # 29, perturbed (decision 0120)
    # op_aware_policy over all 29: (6*5 + 6*4 + 8*3 + 3*1 + 6*2) / 29 = 93/29 = 3.2069 → 3.21 ปานกลาง
    row = body.split('data-item="op_aware_policy"')[1].split("</tr>")[0]
    assert "3.21" in row and "ปานกลาง" in row
    with django_assert_max_num_queries(12):
        client.get(f"/surveys/results/{answered.pk}/?sex=F")


def test_a_filtered_small_group_is_hidden(client_for, answered):
    agency = Agency.objects.get(code="DIS-1002")
    body = client_for("central").get(f"/surveys/results/{answered.pk}/?agency={agency.pk}").content.decode()
    assert 'data-testid="respondents"><span class="suppressed">' in body
    assert "1.00" not in body


def test_coordinators_see_only_their_agency(client_for, answered):
    own = client_for("coordinator").get(f"/surveys/results/{answered.pk}/")
    own_n = pub(answered, agency__code="DIS-1001")  # 20, perturbed
    assert own.status_code == 200 and f'data-testid="respondents">{own_n}<' in own.content.decode()
    other = Agency.objects.get(code="DIS-1002")
    refused = client_for("coordinator").get(f"/surveys/results/{answered.pk}/?agency={other.pk}")
    assert refused.status_code == 400 and "data-testid=\"respondents\"" not in refused.content.decode()
    # The Dusit coordinator sees Dusit, which has 3 respondents: nothing is shown.
    dusit = client_for("other_coordinator").get(f"/surveys/results/{answered.pk}/").content.decode()
    assert 'data-testid="respondents"><span class="suppressed">' in dusit


def test_executive_reads_and_admin_and_staff_are_refused(client_for, answered):
    assert client_for("executive").get(f"/surveys/results/{answered.pk}/").status_code == 200
    assert client_for("admin").get(f"/surveys/results/{answered.pk}/").status_code == 403
    assert client_for("staff").get(f"/surveys/results/{answered.pk}/").status_code == 403
    assert client_for("admin").get("/surveys/manage/").status_code == 403


def test_breakdown_by_sex_within_an_agency(client_for, answered):
    agency = Agency.objects.get(code="DIS-1001")
    body = client_for("central").get(
        f"/surveys/results/{answered.pk}/breakdown/?agency={agency.pk}&item=op_aware_policy&by=sex").content.decode()
    table = body.split('data-testid="breakdown"')[1]
    # Men 3.0 (8 here, 14 BMA-wide). Women here (12) would differ from all women (15) by Dusit's 3 — whose
    # mean the two views together would give away — so the finer cell is hidden (decision 0037).
    assert "3.00" in table and "4.50" not in table
    same = client_for("central").get(
        f"/surveys/results/{answered.pk}/breakdown/?item=op_aware_policy&by=sex&then=sex").content.decode()
    assert 'data-testid="breakdown"' not in same  # two equal dimensions are refused


def test_response_rate_is_hidden_below_five_invited(client_for, opinion):
    invite(opinion, 7, agency="DIS-1001")
    invite(opinion, 3, agency="DIS-1002")
    invite(opinion, 5, agency="DIS-1003")  # the complement that keeps Dusit's 3 from being worked out
    from thaothiam.surveys.models import Invitation

    Invitation.objects.filter(pk__in=list(Invitation.objects.filter(agency__code="DIS-1001")
                                          .values_list("pk", flat=True)[:5])).update(responded=True)
    release_all(opinion)
    body = client_for("central").get(f"/surveys/results/{opinion.pk}/rate/").content.decode()
    shown = pub_responded(opinion, agency__code="DIS-1001")  # 5 of 7, perturbed (decision 0122)
    assert f"{min(100.0, 100 * shown / 7):.1f}%" in body
    assert "fewer than 5 invited" in body or "น้อยกว่า 5" in body
    assert ">3<" not in body


def test_xlsx_export_is_suppressed_and_audited(client_for, answered):
    response = client_for("central").get(f"/surveys/results/{answered.pk}/export.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    summary = [row for row in wb.worksheets[0].iter_rows(values_only=True)]
    n = pub(answered, answered_item("op_aware_policy"))  # 29 answered it, perturbed
    assert any(row and row[0] == "op_aware_policy" and row[2] == n for row in summary), summary
    agency_sheet = wb.worksheets[1]
    rows = [r for r in agency_sheet.iter_rows(values_only=True) if r and r[0] == "op_aware_policy"]
    assert rows, [r for r in agency_sheet.iter_rows(values_only=True)][:5]
    dusit = Agency.objects.get(code="DIS-1002").name
    assert any(r[1] == dusit and r[2] == "<5" for r in rows)
    assert AuditEvent.objects.filter(action="survey.results.export").exists()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_pdf_summary(client_for, answered, tmp_path):
    data = pdf_summary(client_for("central"), answered)
    assert data.startswith(b"%PDF")
    path = tmp_path / "s.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "แบบสำรวจความคิดเห็น" in text and "3.21" in text


def test_headline_selector_and_include(answered, client_for):
    (h,) = headlines(2569)
    # Overall = all Likert answers pooled: (93 + 12*4 + 8*3) / (29 + 20) = 165/49 = 3.37 → ปานกลาง
    assert h.respondents == pub(answered) and str(h.mean) == "3.37" and h.band_th == "ปานกลาง"
    assert h.text.endswith("ปานกลาง, 3.37")
    from django.template import Context, Template

    html = Template("{% load surveys %}{% survey_headlines 2569 %}").render(Context({}))
    assert 'data-testid="survey-headlines"' in html and f"{h.mean:.2f}" in html
    small = headlines(2569, agency=Agency.objects.get(code="DIS-1002"))
    assert small[0].mean is None


def test_the_pdf_is_printed_in_the_background_and_only_its_requester_downloads_it(client_for, answered):
    """Issue 17: no Chromium inside the request. A GET is refused; another user, even central, gets 404."""
    from thaothiam.surveys.jobs import SurveyPdfJob

    central = client_for("central")
    assert central.get(f"/surveys/results/{answered.pk}/summary.pdf").status_code == 405
    assert pdf_summary(central, answered).startswith(b"%PDF")
    job = SurveyPdfJob.objects.get()
    assert job.state == "done" and job.scope is None
    other = client_for("executive")
    assert other.get(f"/surveys/pdf/{job.pk}/").status_code == 404
    assert other.get(f"/surveys/pdf/{job.pk}/download/").status_code == 404


def test_item_codes_are_in_the_xlsx_for_central_only(client_for, answered):
    """Issue 15 §8: item codes are central's working names; the executive's workbook reads the questions
    (and "known / not known" for a knowledge item, as on the pages)."""
    def cells(role):
        book = load_workbook(io.BytesIO(client_for(role).get(f"/surveys/results/{answered.pk}/export.xlsx").content),
                             read_only=True)
        return {str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c}

    codes = {i.code for i in answered.instrument.items.all()}
    assert codes & cells("central")
    executive = cells("executive")
    assert not codes & executive
    assert any(i.text in executive for i in answered.instrument.items.all())
