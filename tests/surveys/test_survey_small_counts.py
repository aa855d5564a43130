"""Counts of 1–4 people inside a shown group: option counts, their percentages, % favourable and
behaviour prevalence go through core.disclosure on the page, the print view / PDF, the XLSX and the
headline; empty and tiny filtered groups never break a page; response rates; display details."""

import io
import itertools
import random
import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from survey_helpers import add_responses, invite, make_campaign, release_all

from thaothiam.agencies.models import Agency
from thaothiam.surveys import charts, masking, selectors, stats
from thaothiam.surveys.headline import headline_for


def row_html(body: str, code: str) -> str:
    return body.split(f'data-item="{code}"')[1].split("</tr>")[0]


def option_texts(row: str) -> dict[str, str]:
    """{option label: what is shown} of an options list; a hidden count reads "—"."""
    items = [" ".join(re.sub(r"<[^>]+>", "", li).split()) for li in row.split("<li>")[1:]]
    return dict(item.rsplit(": ", 1) for item in items)


def cell_texts(row: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", "", td).split()) for td in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


@pytest.fixture
def small_agency(workenv):
    """Phra Nakhon (DIS-1001), 8 people: the reviewer's case. Dusit (DIS-1002): 30 people."""
    rows = []
    for i in range(8):
        rows.append(({
            "dem_sex": 1, "dem_personnel": 3 if i == 0 else 1,   # ลูกจ้างประจำ: 1 → hidden, and its complement
            "dem_gender": 4 if i < 2 else 1,                      # ไม่ประสงค์ระบุ: 2 → hidden
            "dem_level": 3 if i == 0 else 1,                      # อำนวยการ: 1 → hidden
            "we_unwanted_touching": 3 if i < 2 else 1,            # 2 experienced → prevalence hidden
            "we_sexual_jokes": 2 if i < 5 else 1,                 # 5 witnessed, but "neither" = 3 → hidden
            "we_sexist_remarks": 1,                               # nobody: 0% is shown
            "we_trust_fair": 2 if i == 0 else 4,                  # favourable 7 of 8 → 1 not favourable → hidden
            "we_reported_to": 1 | (2 if i < 3 else 0),            # option 1 by all 8, option 2 by 3 → hidden
        }, {"sex": 1, "personnel_type": 3 if i == 0 else 1, "gender_identity": 4 if i < 2 else 1}))
    add_responses(workenv, rows, agency="DIS-1001")
    big = [({"dem_sex": 1 + i % 2, "we_unwanted_touching": 1 + i % 4, "we_trust_fair": 1 + i % 5},
            {"sex": 1 + i % 2, "personnel_type": 1}) for i in range(30)]
    add_responses(workenv, big, agency="DIS-1002")
    return workenv


def test_option_counts_and_prevalence_below_five_are_hidden_for_the_coordinator(client_for, small_agency):
    body = client_for("coordinator").get(f"/surveys/results/{small_agency.pk}/").content.decode()
    assert 'data-testid="respondents">8<' in body
    personnel = row_html(body, "dem_personnel")
    assert "ลูกจ้างประจำ: <span class=\"suppressed\"" in personnel and ": 1 (" not in personnel
    assert ": 7 (" not in personnel  # the complement: 8 − 7 would give the 1 away
    gender = row_html(body, "dem_gender")
    assert ": 2 (" not in gender and ": 6 (" not in gender and "ชาย: 0 (" in gender  # zeros stay
    assert "อำนวยการ: <span" in row_html(body, "dem_level")
    assert "หญิง: 8 (100.0%)" in row_html(body, "dem_sex")
    touching = row_html(body, "we_unwanted_touching")
    assert "25.0%" not in touching and "suppressed" in touching
    jokes = row_html(body, "we_sexual_jokes")
    assert "62.5%" not in jokes and "37.5%" not in jokes  # 5 witnessed, 3 neither
    assert "0.0%" in row_html(body, "we_sexist_remarks")
    trust = row_html(body, "we_trust_fair")
    assert "3.75" in trust and "87.5%" not in trust
    reported = row_html(body, "we_reported_to")
    assert ": 8 (100.0%)" in reported and ": 3 (" not in reported
    # "Experienced at least one" is about 2 people: a dash and the reason, and no 500.
    assert 'data-testid="any-behaviour">—<' in body
    # What *is* shown, exactly (issue 17 §5): zeros, the shown counts with their %, and a dash for each
    # hidden count. Reference values by hand: SD of seven 4s and one 2 = sqrt(3.5 / 7) = 0.71; the
    # Wilson upper bound for 0 of 8 is 32.4 % (SciPy binomtest(0, 8).proportion_ci(method="wilson")).
    assert option_texts(personnel) == {"ข้าราชการกรุงเทพมหานครสามัญ": "—", "ข้าราชการครูและบุคลากรทางการศึกษา": "0 (0.0%)",
                                       "ลูกจ้างประจำ": "—", "ลูกจ้างชั่วคราว/พนักงานจ้าง": "0 (0.0%)"}
    assert option_texts(gender) == {"หญิง": "—", "ชาย": "0 (0.0%)", "ผู้มีความหลากหลายทางเพศ (LGBTQIAN+)": "0 (0.0%)",
                                    "ไม่ประสงค์ระบุ": "—"}
    assert option_texts(row_html(body, "dem_sex")) == {"หญิง": "8 (100.0%)", "ชาย": "0 (0.0%)"}
    assert cell_texts(touching) == ["8", "—", "0.0% (0.0%–32.4%)"]
    assert cell_texts(jokes) == ["8", "0.0% (0.0%–32.4%)", "—"]
    assert cell_texts(trust)[:5] == ["8", "3.75", "0.71", "—", "มาก"]
    assert list(option_texts(reported).values()) == ["8 (100.0%)", "—"] + ["0 (0.0%)"] * 6


def test_the_selectors_the_headline_uses_return_suppressed_values(small_agency):
    agency = Agency.objects.get(code="DIS-1001")
    result = selectors.results(small_agency, {"agency": agency.pk})
    figures = {r.item.code: r.figures for r in result.items if r.figures is not None}
    assert figures["dem_personnel"].dist == [None, 0, None, 0]
    assert figures["we_unwanted_touching"].prevalence["experienced"] is None
    assert figures["we_unwanted_touching"].prevalence["witnessed"] == (0.0, 0.0, pytest.approx(32.4, abs=0.1))
    assert figures["we_trust_fair"].favourable is None and str(figures["we_trust_fair"].mean) == "3.75"
    assert result.any_behaviour.prevalence["experienced"] is None and result.any_behaviour.dist == [None, None]
    headline = headline_for(small_agency, agency)
    assert headline.experienced_any is None and headline.respondents == 8
    # The breakdown cells go through the same function.
    table = selectors.breakdown(small_agency, "we_unwanted_touching", ["agency"])
    assert table.cells[agency.pk].prevalence["experienced"] is None


def test_print_view_pdf_and_xlsx_hide_the_same_figures(client_for, small_agency):
    client = client_for("head")
    printed = client.get(f"/surveys/results/{small_agency.pk}/print/").content.decode()
    assert ": 1 (" not in row_html(printed, "dem_personnel") and "25.0%" not in printed
    assert 'data-testid="item-code"' not in printed
    response = client.get(f"/surveys/results/{small_agency.pk}/export.xlsx")
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    summary = {row[0]: row for row in wb.worksheets[0].iter_rows(values_only=True) if row}
    assert summary["we_unwanted_touching"][7] == "<5" and summary["we_trust_fair"][5] == "<5"
    assert summary["we_sexist_remarks"][7] == 0
    options = [row for row in wb[wb.sheetnames[-1]].iter_rows(values_only=True)]
    assert ("dem_personnel", "ลูกจ้างประจำ", "<5", "<5") in options
    assert ("dem_sex", "หญิง", 8, 100.0) in options
    assert not any(row[0] == "dem_gender" and row[2] in (1, 2, 3, 4) for row in options)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_pdf_of_a_small_agency(client_for, small_agency, tmp_path):
    response = client_for("coordinator").get(f"/surveys/results/{small_agency.pk}/summary.pdf")
    assert response.status_code == 200
    path = tmp_path / "s.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "ลูกจ้างประจำ: —" in text and "25.0%" not in text and "dem_sex" not in text


@pytest.mark.parametrize("code", ["opinion-2568", "work-environment-2568"])
def test_empty_and_tiny_filtered_groups_render_everywhere(client_for, reference_data, code):
    campaign = make_campaign(code)
    likert = "op_aware_policy" if code.startswith("opinion") else "we_trust_fair"
    rows = [({likert: 4, "dem_sex": 1}, {"sex": 1, "personnel_type": 1, "gender_identity": 1, "level_band": 1})] * 9
    rows += [({likert: 2, "dem_sex": 2}, {"sex": 2, "personnel_type": 1, "gender_identity": 3, "level_band": 2})] * 2
    if code.startswith("work"):
        rows = [({**values, "we_sexual_jokes": 3}, bands) for values, bands in rows]
    add_responses(campaign, rows, agency="DIS-1001")
    agency = Agency.objects.get(code="DIS-1001").pk
    cases = [("central", "sex=0"), ("central", "personnel_type=0"), ("central", "sex=2"),
             ("coordinator", f"agency={agency}&gender_identity=3"), ("coordinator", f"agency={agency}&level_band=0"),
             ("head", f"agency={agency}&gender_identity=1")]
    for role, query in cases:
        client = client_for(role)
        for page in ("", "print/", "export.xlsx", "breakdown/"):
            response = client.get(f"/surveys/results/{campaign.pk}/{page}?{query}")
            assert response.status_code == 200, (role, query, page)
        body = client.get(f"/surveys/results/{campaign.pk}/?{query}").content.decode()
        if code.startswith("work") and "sex=0" in query:
            assert 'data-testid="any-behaviour">—<' in body  # nobody: a dash, not a 500
    pdf = client_for("central").get(f"/surveys/results/{campaign.pk}/summary.pdf?sex=0")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def _derivable(counts, positions_list, threshold=5):
    """Brute force: from what masking.protect shows, can a hidden count be pinned down, or is a
    shown count or sum about 1–4 people?"""
    shown = masking.suppress_options(counts)
    sums = [(pos, sum(counts[i] for i in pos)) for pos in positions_list
            if masking.sum_is_shown(counts, shown, pos)]
    n = sum(counts)
    for value in shown:
        assert value is None or not 0 < value < threshold
    for _pos, total in sums:
        assert not 0 < total < threshold and not 0 < n - total < threshold
    hidden = [i for i, v in enumerate(shown) if v is None]
    if not hidden:
        return False
    rest = n - sum(v for v in shown if v is not None)
    seen = {i: set() for i in hidden}
    for combo in itertools.product(range(1, rest + 1), repeat=len(hidden)):
        if sum(combo) != rest:
            continue
        candidate = list(shown)
        for i, v in zip(hidden, combo, strict=True):
            candidate[i] = v
        if all(sum(candidate[i] for i in pos) == total for pos, total in sums):
            for i, v in zip(hidden, combo, strict=True):
                seen[i].add(v)
    return any(len(values) < 2 for values in seen.values())


def test_no_hidden_option_count_can_be_worked_out_from_what_is_shown():
    rng = random.Random(5)
    likert = [masking.FAVOURABLE]
    behaviour = list(masking.PREVALENCE.values())
    for _ in range(400):
        counts = [rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9]) for _ in range(5)]
        # A group of 1–4 is hidden whole before this (selectors.Selection); only shown groups get here.
        if sum(counts) >= 5:
            assert not _derivable(counts, likert), counts
        if sum(counts[:4]) >= 5:
            assert not _derivable(counts[:4], behaviour), counts[:4]


def test_protect_leaves_large_groups_alone_and_hides_whole_statistics():
    fig = stats.behaviour_figures(stats.np.array([0, 30, 10, 8, 6]))
    assert masking.protect(fig) == fig
    # neither 30, witnessed only 10, experienced only 2, both 6: the 2 is hidden with its complement 6.
    small = masking.protect(stats.behaviour_figures(stats.np.array([0, 30, 10, 2, 6])))
    assert small.dist == [30, 10, None, None]
    assert small.prevalence["experienced"][0] == pytest.approx(100 * 8 / 48)  # 2 + 6: both hidden counts
    assert small.prevalence["either"] is not None  # n − neither: follows from shown counts anyway
    assert small.prevalence["witnessed"] is None  # 10 + 6 would give the 6, and so the 2, away


def test_response_rates_hide_responded_counts_below_five(client_for, reference_data):
    campaign = make_campaign(agencies=("DIS-1001", "DIS-1002", "DIS-1003", "DIS-1004"))
    from thaothiam.surveys.models import Invitation

    for code, invited, responded in (("DIS-1001", 7, 2), ("DIS-1002", 10, 6), ("DIS-1003", 12, 9)):
        invite(campaign, invited, agency=code)
        ids = list(Invitation.objects.filter(campaign=campaign, agency__code=code).values_list("pk", flat=True))
        Invitation.objects.filter(pk__in=ids[:responded]).update(responded=True)
    release_all(campaign)  # the rate is released with the results
    central = client_for("central")
    page = central.get(f"/surveys/manage/campaigns/{campaign.pk}/").content.decode()
    table = page.split('data-testid="campaign-rates"')[1].split("</table>")[0]
    phra_nakhon = table.split(Agency.objects.get(code="DIS-1001").name)[1].split("</tr>")[0]
    assert ">7<" in phra_nakhon and ">2<" not in phra_nakhon and "28.6%" not in phra_nakhon
    dusit = table.split(Agency.objects.get(code="DIS-1002").name)[1].split("</tr>")[0]
    assert ">6<" not in dusit  # the complement that keeps Phra Nakhon's 2 from the total
    assert ">9<" in table and ">17<" in table  # 2 + 6 + 9
    empty = table.split(Agency.objects.get(code="DIS-1004").name)[1].split("</tr>")[0]
    assert 'data-testid="no-list"' in empty and ">0<" not in empty
    rate_page = central.get(f"/surveys/results/{campaign.pk}/rate/").content.decode()
    assert ">2<" not in rate_page and "28.6%" not in rate_page
    coordinator = client_for("coordinator").get(f"/surveys/results/{campaign.pk}/rate/").content.decode()
    assert ">2<" not in coordinator and "28.6%" not in coordinator


def test_item_codes_only_for_central(client_for, small_agency):
    url = f"/surveys/results/{small_agency.pk}/"
    assert 'data-testid="item-code"' in client_for("central").get(url).content.decode()
    for role in ("coordinator", "head", "executive"):
        body = client_for(role).get(url).content.decode()
        assert 'data-testid="item-code"' not in body and ">dem_sex<" not in body, role
    breakdown = client_for("coordinator").get(f"/surveys/results/{small_agency.pk}/breakdown/").content.decode()
    assert "we_trust_fair —" not in breakdown


def test_breakdown_defaults_and_no_empty_not_stated_band(client_for, small_agency):
    client = client_for("central")
    for query in ("by=sex", "", "item=&by=sex"):
        body = client.get(f"/surveys/results/{small_agency.pk}/breakdown/?{query}").content.decode()
        assert 'data-testid="breakdown"' in body and "invalid-feedback" not in body, query
    agency = Agency.objects.get(code="DIS-1001").pk  # everybody there stated their gender identity
    body = client.get(f"/surveys/results/{small_agency.pk}/breakdown/?item=we_trust_fair&by=personnel_type"
                      f"&then=gender_identity&agency={agency}").content.decode()
    table = body.split('data-testid="breakdown"')[1].split("</table>")[0]
    assert "ไม่ระบุ" not in table and "Not stated" not in table
    assert "text-wrap" in table


def test_chart_scales(small_agency):
    result = selectors.results(small_agency)
    specs = charts.result_charts(result)
    x = specs["likert"]["encoding"]["x"]
    assert x["scale"]["domain"] == [1, 5] and x["axis"]["values"] == [1, 2, 3, 4, 5]
    assert specs["likert"]["encoding"]["y"]["axis"]["labelLimit"] <= 160
    assert specs["behaviour"]["encoding"]["x"]["axis"]["format"] == "d"
    assert specs["behaviour"]["encoding"]["x"]["axis"]["tickCount"] <= 6
    # Phra Nakhon: every behaviour figure that may be shown is 0 — the axis still runs 0–100.
    agency = Agency.objects.get(code="DIS-1001").pk
    zero = charts.result_charts(selectors.results(small_agency, {"agency": agency}))["behaviour"]
    assert {row["pct"] for row in zero["data"]["values"]} == {0.0}
    assert zero["encoding"]["x"]["scale"]["domain"] == [0, 100]


def test_xlsx_response_rate_with_a_small_responded_total(client_for, reference_data):
    campaign = make_campaign(agencies=("DIS-1001",))
    from thaothiam.surveys.models import Invitation

    invite(campaign, 7, agency="DIS-1001")
    Invitation.objects.filter(pk__in=list(Invitation.objects.values_list("pk", flat=True)[:2])).update(responded=True)
    release_all(campaign)
    response = client_for("central").get(f"/surveys/results/{campaign.pk}/export.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = [row for sheet in wb.worksheets if sheet.title in ("Response rate", "อัตราการตอบกลับ")
            for row in sheet.iter_rows(values_only=True)]
    assert rows and all(2 not in row for row in rows) and any("<5" in row for row in rows[1:])


def test_no_two_nested_groups_differ_by_one_to_four_people(reference_data):
    """Issue 9, differencing: agency × sex × age (27 people) inside agency × sex (30) would give away the 3
    others. The finer group is hidden — for its count, means and percentages — in results and breakdowns."""
    campaign = make_campaign(agencies=("DIS-1001",))
    rows = ([({"op_aware_policy": 5}, {"sex": 1, "age_band": 2})] * 27
            + [({"op_aware_policy": 1}, {"sex": 1, "age_band": 3})] * 3
            + [({"op_aware_policy": 4}, {"sex": 2, "age_band": 2})] * 20)
    add_responses(campaign, rows)
    agency = Agency.objects.get(code="DIS-1001").pk
    wide = selectors.results(campaign, {"agency": agency, "sex": 1}, compare=False, comments=False)
    assert wide.respondents == 30
    narrow = selectors.results(campaign, {"agency": agency, "sex": 1, "age_band": 2}, compare=False, comments=False)
    assert narrow.respondents is None and narrow.overall is None
    assert all(r.figures is None for r in narrow.items)
    # The same group as a breakdown cell under the filter is hidden too (its margin stays).
    table = selectors.breakdown(campaign, "op_aware_policy", ["age_band"], {"agency": agency, "sex": 1})
    assert table.cells[2] is None
    # ... and as a cell of an unfiltered-by-sex view it is compared with the wider cell as well.
    by_two = selectors.breakdown(campaign, "op_aware_policy", ["sex", "age_band"], {"agency": agency})
    assert by_two.cells[(1, 2)] is None
