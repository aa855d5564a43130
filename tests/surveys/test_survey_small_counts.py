"""Counts of 1–4 people inside a shown group: option counts, their percentages, % favourable and
behaviour prevalence are cell-key perturbed (decision 0120) on the page, the print view / PDF, the XLSX
and the headline; empty and tiny filtered groups never break a page; response rates; display details."""

import io
import random
import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from survey_helpers import add_responses, invite, make_campaign, pdf_summary, release_all
from survey_oracle import answered, pub, pub_responded

from thaothiam.agencies.models import Agency
from thaothiam.core.cellkey import perturb
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
        }, {"sex": "F", "personnel_type": "permanent" if i == 0 else "civil", "gender_identity": "N" if i < 2 else "F"}))
    add_responses(workenv, rows, agency="DIS-1001")
    big = [({"dem_sex": 1 + i % 2, "we_unwanted_touching": 1 + i % 4, "we_trust_fair": 1 + i % 5},
            {"sex": "FM"[i % 2], "personnel_type": "civil"}) for i in range(30)]
    add_responses(workenv, big, agency="DIS-1002")
    return workenv


def _published(campaign, code, *values, agency="DIS-1001"):
    return pub(campaign, answered(code, *values), agency__code=agency)


def test_no_count_of_one_to_four_is_published_for_the_coordinator(client_for, small_agency):
    """Decision 0120: every count inside the group is cell-key perturbed (1–4 become 0 or 5), and every
    percentage is a perturbed part over the perturbed whole."""
    body = client_for("coordinator").get(f"/surveys/results/{small_agency.pk}/").content.decode()
    assert f'data-testid="respondents">{pub(small_agency, agency__code="DIS-1001")}<' in body
    for code in ("dem_personnel", "dem_gender", "dem_level", "dem_sex", "we_reported_to"):
        row = row_html(body, code)
        assert not any(f": {k} (" in row for k in range(1, 5)), (code, row)
    personnel = row_html(body, "dem_personnel")
    n = _published(small_agency, "dem_personnel")
    for value, label in ((1, "ข้าราชการกรุงเทพมหานครสามัญ"), (3, "ลูกจ้างประจำ")):
        count = _published(small_agency, "dem_personnel", value)
        assert f"<li>{label}: {count} ({min(100.0, 100 * count / n):.1f}%)</li>" in personnel
    women = _published(small_agency, "dem_sex", 1)
    assert f"หญิง: {women} (100.0%)" in row_html(body, "dem_sex")
    assert "0.0%" in row_html(body, "we_sexist_remarks")  # nobody: 0
    assert "3.75" in row_html(body, "we_trust_fair")  # the mean of 8 people is exact


def test_the_selectors_the_headline_uses_return_perturbed_values(small_agency):
    agency = Agency.objects.get(code="DIS-1001")
    result = selectors.results(small_agency, {"agency": agency.pk})
    figures = {r.item.code: r.figures for r in result.items if r.figures is not None}
    assert figures["dem_personnel"].dist == [_published(small_agency, "dem_personnel", v) for v in (1, 2, 3, 4)]
    touching = figures["we_unwanted_touching"]
    n = _published(small_agency, "we_unwanted_touching")
    assert touching.n == n and touching.prevalence["experienced"][0] == pytest.approx(
        100 * _published(small_agency, "we_unwanted_touching", 3, 4) / n)
    assert touching.prevalence["witnessed"][0] == pytest.approx(
        100 * _published(small_agency, "we_unwanted_touching", 2, 4) / n)
    trust = figures["we_trust_fair"]
    assert str(trust.mean) == "3.75" and trust.favourable == pytest.approx(
        min(100.0, 100 * _published(small_agency, "we_trust_fair", 4, 5) / trust.n))
    headline = headline_for(small_agency, agency)
    assert headline.respondents == result.respondents == pub(small_agency, agency__code="DIS-1001")
    # The breakdown cell of the same people goes through the same keys: the same figures.
    table = selectors.breakdown(small_agency, "we_unwanted_touching", ["agency"])
    assert table.cells[agency.pk].prevalence == touching.prevalence and table.cells[agency.pk].n == n


def test_print_view_pdf_and_xlsx_show_the_same_figures(client_for, small_agency):
    client = client_for("head")
    page = client.get(f"/surveys/results/{small_agency.pk}/").content.decode()
    printed = client.get(f"/surveys/results/{small_agency.pk}/print/").content.decode()
    assert row_html(printed, "dem_personnel").split(">", 1)[1] in page.replace(
        'data-testid="item-code"', "")  # the print view shows the page's figures
    assert 'data-testid="item-code"' not in printed
    response = client.get(f"/surveys/results/{small_agency.pk}/export.xlsx")
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    # The head's workbook names questions, not item codes (codes are for central): columns shift by one.
    text = {i.code: i.text for i in small_agency.instrument.items.all()}
    summary = {row[0]: row for row in wb.worksheets[0].iter_rows(values_only=True) if row}
    n = _published(small_agency, "we_unwanted_touching")
    assert summary[text["we_unwanted_touching"]][1] == n
    assert summary[text["we_unwanted_touching"]][6] == round(
        100 * _published(small_agency, "we_unwanted_touching", 3, 4) / n, 2)
    assert summary[text["we_sexist_remarks"]][6] == 0
    options = [row for row in wb[wb.sheetnames[-1]].iter_rows(values_only=True)]
    women = _published(small_agency, "dem_sex", 1)
    assert (text["dem_sex"], "หญิง", women, 100.0) in options
    assert not any(row[2] in (1, 2, 3, 4) for row in options[1:] if row and isinstance(row[2], int))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_pdf_of_a_small_agency(client_for, small_agency, tmp_path):
    path = tmp_path / "s.pdf"
    path.write_bytes(pdf_summary(client_for("coordinator"), small_agency))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert f"ลูกจ้างประจำ: {_published(small_agency, 'dem_personnel', 3)}" in text and "dem_sex" not in text
    assert not any(f"ลูกจ้างประจำ: {k} " in text for k in range(1, 5))


@pytest.mark.parametrize("code", ["opinion-2568", "work-environment-2568"])
def test_empty_and_tiny_filtered_groups_render_everywhere(client_for, reference_data, code):
    campaign = make_campaign(code)
    likert = "op_aware_policy" if code.startswith("opinion") else "we_trust_fair"
    rows = [({likert: 4, "dem_sex": 1}, {"sex": "F", "personnel_type": "civil", "gender_identity": "F", "level_band": 1})] * 9
    rows += [({likert: 2, "dem_sex": 2}, {"sex": "M", "personnel_type": "civil", "gender_identity": "D", "level_band": 2})] * 2
    if code.startswith("work"):
        rows = [({**values, "we_sexual_jokes": 3}, bands) for values, bands in rows]
    add_responses(campaign, rows, agency="DIS-1001")
    agency = Agency.objects.get(code="DIS-1001").pk
    cases = [("central", "sex=U"), ("central", "personnel_type=U"), ("central", "sex=M"),
             ("coordinator", f"agency={agency}&gender_identity=D"), ("coordinator", f"agency={agency}&level_band=U"),
             ("head", f"agency={agency}&gender_identity=F")]
    for role, query in cases:
        client = client_for(role)
        for page in ("", "print/", "export.xlsx", "breakdown/"):
            response = client.get(f"/surveys/results/{campaign.pk}/{page}?{query}")
            assert response.status_code == 200, (role, query, page)
        body = client.get(f"/surveys/results/{campaign.pk}/?{query}").content.decode()
        if code.startswith("work") and "sex=U" in query:
            assert 'data-testid="any-behaviour">—<' in body  # nobody: a dash, not a 500
    assert pdf_summary(client_for("central"), campaign, "sex=U").startswith(b"%PDF")


def test_protect_publishes_no_count_of_one_to_four_and_shares_of_published_counts():
    """A property over random groups and random record keys (decision 0120)."""
    rng = random.Random(5)
    for _ in range(2000):
        kind = rng.choice(["likert", "behaviour"])
        counts = [rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 40]) for _ in range(5 if kind == "likert" else 4)]
        row = stats.np.array([0, *counts])
        fig = stats.likert_figures(row, "w080") if kind == "likert" else stats.behaviour_figures(row)
        keys = masking.Keys(tuple(rng.randrange(1000 * c + 1) for c in counts), 0)
        keys = masking.Keys(keys.dist, sum(keys.dist))
        out = masking.protect(fig, keys)
        n = sum(counts)
        if n == 0:
            assert out == fig
            continue
        if out is None:
            assert n < 5 or perturb(n, keys.n) == 0
            continue
        assert out.n == perturb(n, keys.n) and out.n >= 5
        assert out.dist == [perturb(c, k) for c, k in zip(counts, keys.dist, strict=True)]
        assert not any(0 < c < 5 for c in out.dist)
        if kind == "likert":
            part = perturb(counts[3] + counts[4], keys.dist[3] + keys.dist[4])
            assert out.favourable == min(100.0, 100 * part / out.n) and out.mean == fig.mean and out.sd == fig.sd
        else:
            x = min(perturb(counts[2] + counts[3], keys.dist[2] + keys.dist[3]), out.n)
            assert out.prevalence["experienced"][0] == 100 * x / out.n


def test_protect_perturbs_large_groups_a_little_and_hides_groups_under_five():
    fig = stats.behaviour_figures(stats.np.array([0, 30, 10, 8, 6]))
    keys = masking.Keys((123, 456, 789, 10), 123 + 456 + 789 + 10)
    out = masking.protect(fig, keys)
    assert out.dist == [perturb(30, 123), perturb(10, 456), perturb(8, 789), perturb(6, 10)]
    assert all(abs(a - b) <= 3 for a, b in zip(out.dist[:3], fig.dist[:3], strict=True)) and abs(out.n - 54) <= 3
    assert out.prevalence["experienced"][0] == pytest.approx(100 * perturb(14, 799) / out.n)
    assert masking.protect(fig, keys) == out  # the same people and keys: the same figures, every time
    small = stats.behaviour_figures(stats.np.array([0, 2, 1, 0, 0]))
    assert masking.protect(small, masking.Keys((5, 6, 0, 0), 11)) is None  # 3 people: nothing at all
    empty = stats.behaviour_figures(stats.np.array([0, 0, 0, 0, 0]))
    assert masking.protect(empty, masking.Keys((0, 0, 0, 0), 0)) == empty  # nobody: zeros


def _row(table: str, code: str) -> str:
    return table.split(Agency.objects.get(code=code).name)[1].split("</tr>")[0]


def test_response_rates_are_perturbed_and_hidden_for_fewer_than_five_invited(client_for, reference_data):
    """Decision 0122: answered counts are perturbed with their invitations' keys (the oracle's), never 1–4;
    an agency with 1–4 invitations shows no answered count (its bound would narrow it); invited counts stay
    exact for central's campaign page and are suppressed on the results side."""
    campaign = make_campaign(agencies=("DIS-1001", "DIS-1002", "DIS-1003", "DIS-1004", "DIS-1005"))
    from thaothiam.surveys.models import Invitation

    for code, invited, responded in (("DIS-1001", 7, 2), ("DIS-1002", 10, 6), ("DIS-1003", 12, 9), ("DIS-1005", 3, 2)):
        invite(campaign, invited, agency=code)
        ids = list(Invitation.objects.filter(campaign=campaign, agency__code=code).values_list("pk", flat=True))
        Invitation.objects.filter(pk__in=ids[:responded]).update(responded=True)
    release_all(campaign)  # the rate is released with the results
    central = client_for("central")
    page = central.get(f"/surveys/manage/campaigns/{campaign.pk}/").content.decode()
    table = page.split('data-testid="campaign-rates"')[1].split("</table>")[0]
    for code, invited in (("DIS-1001", 7), ("DIS-1002", 10), ("DIS-1003", 12)):
        cells = re.findall(r'class="num">([^<]*)<', _row(table, code))
        expected = pub_responded(campaign, agency__code=code)
        assert cells[:2] == [str(invited), str(expected)], (code, cells)
        assert expected not in (1, 2, 3, 4)
    assert re.findall(r'class="num">([^<]*)<', _row(table, "DIS-1005"))[0] == "3"  # central's own list
    assert 'title="' in _row(table, "DIS-1005") and ">2<" not in _row(table, "DIS-1005")  # answered: —
    total = table.split("fw-semibold")[1]
    assert re.findall(r'class="num">([^<]*)<', total)[:2] == ["32", str(pub_responded(campaign))]
    empty = _row(table, "DIS-1004")
    assert 'data-testid="no-list"' in empty and ">0<" not in empty
    for role in ("central", "coordinator"):
        rate_page = client_for(role).get(f"/surveys/results/{campaign.pk}/rate/").content.decode()
        assert ">3<" not in rate_page.split('data-testid="rates"')[1]  # results side: invited 1–4 hidden
        assert ">2<" not in rate_page and "28.6%" not in rate_page and 'data-testid="perturbed-note"' in rate_page


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
    shares = [row["pct"] for row in zero["data"]["values"]]
    assert all(0.0 <= pct <= 100.0 for pct in shares)
    if not any(shares):  # every figure 0: the axis still runs 0–100
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
    expected = pub_responded(campaign)
    assert rows and all(2 not in row for row in rows) and rows[1][2] == expected and rows[2][2] == expected
    assert expected in (0, 5)


def test_no_two_nested_groups_differ_by_one_to_four_people(reference_data):
    """Issue 9, differencing: agency × sex × age (27 people) inside agency × sex (30) would give away the 3
    others. The finer group is hidden — for its count, means and percentages — in results and breakdowns."""
    campaign = make_campaign(agencies=("DIS-1001",))
    rows = ([({"op_aware_policy": 5}, {"sex": "F", "age_band": "30-39"})] * 27
            + [({"op_aware_policy": 1}, {"sex": "F", "age_band": "40-49"})] * 3
            + [({"op_aware_policy": 4}, {"sex": "M", "age_band": "30-39"})] * 20)
    add_responses(campaign, rows)
    agency = Agency.objects.get(code="DIS-1001").pk
    # The selectors take band numbers (surveys/bands.py: 1 = the first core term, F; age 2 = 30-39).
    wide = selectors.results(campaign, {"agency": agency, "sex": 1}, compare=False, comments=False)
    assert wide.respondents == pub(campaign, sex="F")  # 30, perturbed
    narrow = selectors.results(campaign, {"agency": agency, "sex": 1, "age_band": 2}, compare=False, comments=False)
    assert narrow.respondents is None and narrow.overall is None
    assert all(r.figures is None for r in narrow.items)
    # The same group as a breakdown cell under the filter is hidden too (its margin stays).
    table = selectors.breakdown(campaign, "op_aware_policy", ["age_band"], {"agency": agency, "sex": 1})
    assert table.cells[2] is None
    # ... and as a cell of an unfiltered-by-sex view it is compared with the wider cell as well.
    by_two = selectors.breakdown(campaign, "op_aware_policy", ["sex", "age_band"], {"agency": agency})
    assert by_two.cells[(1, 2)] is None
