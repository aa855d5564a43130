"""Response rates and open comments, played as the attacker (decisions 0122 and 0124).

Response rates: the campaign's total answered minus every other agency's answered was an agency's
hidden count exactly (suppression table by table). Now each answered count is perturbed with its
invitations' keys, so the subtraction gives noise. Comments: texts are not counts — lists for "agency
A", "women" and "everyone" would let anyone intersect and subtract sets of texts — so they are listed
only for the campaign and for one agency, and the agencies not listed hold 0 or at least 10.
"""

import re
from itertools import product

import pytest
from openpyxl import load_workbook
from survey_helpers import add_responses, invite, make_campaign, release_all
from survey_oracle import pub_responded

from thaothiam.agencies.models import Agency
from thaothiam.surveys.comments import listed_agencies
from thaothiam.surveys.models import Invitation, OpenAnswer
from thaothiam.surveys.structure import load

SMALL = 16


def _cells(row: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


@pytest.fixture
def invited(reference_data):
    """A big agency (60 invited, 40 answered) and SMALL agencies with 6 invited and 1–4 answered."""
    codes = list(Agency.objects.exclude(code="FIR").order_by("code").values_list("code", flat=True)[:SMALL])
    campaign = make_campaign(agencies=("FIR", *codes), status="closed")
    plan = [("FIR", 60, 40)] + [(code, 6, 1 + i % 4) for i, code in enumerate(codes)]
    for code, n, answered in plan:
        invite(campaign, n, agency=code)
        ids = list(Invitation.objects.filter(campaign=campaign, agency__code=code).values_list("pk", flat=True))
        Invitation.objects.filter(pk__in=ids[:answered]).update(responded=True)
    release_all(campaign)
    return campaign, codes


def test_total_minus_the_other_agencies_does_not_give_an_agencys_answered_count(invited, client_for):
    campaign, codes = invited
    page = client_for("central").get(f"/surveys/manage/campaigns/{campaign.pk}/").content.decode()
    table = page.split('data-testid="campaign-rates"')[1].split("</table>")[0]
    shown = {}
    for code in ("FIR", *codes):
        row = table.split(Agency.objects.get(code=code).name)[1].split("</tr>")[0]
        shown[code] = int(_cells(row)[1])
        assert shown[code] == pub_responded(campaign, agency__code=code)
        assert shown[code] not in (1, 2, 3, 4)
    total = int(_cells(table.split("fw-semibold")[1])[1])
    exact = 0
    for code in codes:
        truth = Invitation.objects.filter(campaign=campaign, agency__code=code, responded=True).count()
        recovered = total - sum(v for c, v in shown.items() if c != code)
        exact += recovered == truth
    # Every recovery is the same offset (total − the sum of all shown) plus the agency's own shown value,
    # which is 0 or 5: it can equal a truth in 1..4 for one truth value only (offset or offset + 5), and
    # 4 of the 16 agencies have each truth. Table by table, all 16 came back exactly.
    assert exact <= SMALL // 4
    # The same values in the XLSX, on the results-side rate page and for a coordinator of one agency.
    book = load_workbook(__import__("io").BytesIO(client_for("executive").get(
        f"/surveys/results/{campaign.pk}/export.xlsx").content), read_only=True)
    sheet = next(s for s in book.worksheets if s.title in ("Response rate", "อัตราการตอบกลับ"))
    lines = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    for code in ("FIR", *codes):
        assert lines[Agency.objects.get(code=code).name][2] == shown[code]
    rate = client_for("executive").get(f"/surveys/results/{campaign.pk}/rate/").content.decode()
    fir = rate.split(Agency.objects.get(code="FIR").name)[1].split("</tr>")[0]
    assert _cells(fir)[:2] == ["60", str(shown["FIR"])]


def test_a_release_keeps_its_answered_counts_and_keys(invited, client_for):
    """The rate is of the latest release: answering after it changes nothing shown until the next one, and a
    release made before decision 0122 (counts only) still shows perturbed values, never 1–4."""
    from thaothiam.surveys.models import ResultRelease

    campaign, codes = invited
    before = client_for("central").get(f"/surveys/manage/campaigns/{campaign.pk}/").content.decode()
    Invitation.objects.filter(campaign=campaign, agency__code=codes[0], responded=False).update(responded=True)
    after = client_for("central").get(f"/surveys/manage/campaigns/{campaign.pk}/").content.decode()
    assert before.split('data-testid="campaign-rates"')[1] == after.split('data-testid="campaign-rates"')[1]
    release = ResultRelease.objects.filter(campaign=campaign).order_by("-number").first()
    release.participation = {k: v[:2] for k, v in release.participation.items()}
    release.save()
    old = client_for("central").get(f"/surveys/manage/campaigns/{campaign.pk}/").content.decode()
    table = old.split('data-testid="campaign-rates"')[1].split("</table>")[0]
    for code in codes:
        row = table.split(Agency.objects.get(code=code).name)[1].split("</tr>")[0]
        assert int(_cells(row)[1]) in (0, 5)


# --- comments ---------------------------------------------------------------------------------------

@pytest.fixture
def commented(reference_data):
    """Comments of one text item: FIR 30, DIS-1002 12, and DIS-1003 3 + DIS-1004 4 + DIS-1001 5 (the coordinator's), by women and
    men; every comment's text unique, so an attacker can match them across lists."""
    codes = {"FIR": 30, "DIS-1002": 12, "DIS-1003": 3, "DIS-1004": 4, "DIS-1001": 5}
    campaign = make_campaign(code="work-environment-2568", agencies=tuple(codes), status="closed")
    item = load(campaign.instrument_id).item("we_suggestion")
    for code, n in codes.items():
        add_responses(campaign, [({}, {"sex": "F"})] * n, agency=code, release=False)
        OpenAnswer.objects.bulk_create([OpenAnswer(campaign=campaign, item=item, agency=Agency.objects.get(code=code),
                                                   sex="FM"[j % 2], age_band=("<30", "30-39", "40-49", "50-59", "60+")[j % 5], text=f"cmt-{code}-{j}")
                                        for j in range(n)])
    release_all(campaign)
    return campaign, codes


def _listed(client, campaign, filters) -> set[str]:
    body = client.get(f"/surveys/results/{campaign.pk}/", filters).content.decode()
    return set(re.findall(r"cmt-[A-Z0-9-]+-\d+", body))


def test_no_set_of_comments_an_attacker_can_form_holds_one_to_nine(commented, client_for):
    campaign, codes = commented
    agencies = {code: Agency.objects.get(code=code).pk for code in codes}
    for role in ("executive", "coordinator"):
        client = client_for(role)
        lists = []
        for agency, sex, age in product([None, *agencies.values()], [None, 1, 2], [None, 1, 3]):
            filters = {k: v for k, v in (("agency", agency), ("sex", sex), ("age_band", age)) if v is not None}
            shown = _listed(client, campaign, filters)
            if shown:
                assert set(filters) <= {"agency"}, filters  # never a list for sex or age
                lists.append(shown)
        # Atoms: comments grouped by which lists hold them. Any set built from the lists by union,
        # intersection and difference is a union of atoms, so each atom must be empty or hold 10 or more.
        seen = set().union(*lists) if lists else set()
        atoms: dict = {}
        for text in seen:
            atoms.setdefault(tuple(text in shown for shown in lists), set()).add(text)
        assert all(len(atom) >= 10 for atom in atoms.values()), {k: len(v) for k, v in atoms.items()}
        if role == "executive":
            # The campaign (54) and FIR (30) and DIS-1002 (12) are listed; the other three (12) only together.
            assert sorted(len(a) for a in atoms.values()) == [12, 12, 30]


def test_the_agencies_not_listed_hold_none_or_ten():
    assert listed_agencies({1: 30, 2: 12, 3: 3, 4: 4}) == {1}  # 3 + 4 = 7: DIS-1002's 12 withdrawn too
    assert listed_agencies({1: 30, 2: 12, 3: 3, 4: 4, 5: 5}) == {1, 2}  # 12 not listed
    assert listed_agencies({1: 10, 2: 9}) == set()  # 9 alone: the only listed agency is withdrawn
    assert listed_agencies({1: 10, 2: 10}) == {1, 2}
    for counts in ({1: 25, 2: 11, 3: 1}, {1: 13, 2: 12, 3: 11, 4: 2, 5: 2}, {1: 40, 2: 9, 3: 9}):
        hidden = sum(n for a, n in counts.items() if a not in listed_agencies(counts))
        assert hidden == 0 or hidden >= 10, counts
