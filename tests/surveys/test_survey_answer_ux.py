"""What a respondent and central see around the questions (issue 15 §8, issue 16 §7): skip logic that
works without JavaScript and stores "not asked" outside every n, "do you know" items answered known /
not known, item codes for central only, the open link's introduction once, the verb on the button,
the open links' copy button and QR code."""

import re

from django.test import Client
from django.urls import reverse
from survey_helpers import enter, flush, invite, release_all
from survey_oracle import answered, people, pub

from tests.core.cellkey_oracle import published
from thaothiam.surveys.models import Response
from thaothiam.surveys.structure import load


def _answers(campaign, reported: str, reported_to: list[str], why: list[str]) -> dict:
    """Every part's answers in one POST (the one-request client), with the reporting part as given."""
    shape = load(campaign.instrument_id)
    data = {}
    for item in shape.items:
        if item.kind == "likert5":
            data[item.code] = "4"
        elif item.kind in ("single", "yesno", "behaviour") and item.code != "we_reported":
            data[item.code] = "1"
    data.update({"we_reported": reported, "we_reported_to": reported_to, "we_not_reported_why": why})
    return data


def _submit(campaign, token, data):
    client = Client()
    enter(client, token)
    last = len(load(campaign.instrument_id).sections)
    response = client.post(f"/surveys/a/{last}/", data)
    assert response.status_code == 302 and response["Location"] == "/surveys/thanks/", response.content[:500]


def _n(page: str, code: str) -> int:
    row = re.search(rf'<tr data-item="{code}">(.*?)</tr>', page, re.S).group(1)
    return int(re.search(r'<td class="num">([\d,]+)</td>', row).group(1).replace(",", ""))


def test_no_incident_skips_the_follow_ups_and_they_count_in_no_n(workenv, client_for):
    """Six reported (to a supervisor), six had no incident but sent follow-up answers anyway (a browser
    without JavaScript, or a crafted POST): those are not asked, stored as missing, outside n."""
    tokens = [i.token for i in invite(workenv, 12)]
    for token in tokens[:6]:
        _submit(workenv, token, _answers(workenv, "2", ["1"], []))
    for token in tokens[6:]:
        _submit(workenv, token, _answers(workenv, "1", ["2", "4"], ["1"]))
    flush(workenv)
    release_all(workenv)
    shape = load(workenv.instrument_id)
    to, why = shape.item("we_reported_to").position, shape.item("we_not_reported_why").position
    stored = [bytes(r.answers) for r in Response.objects.filter(campaign=workenv)]
    assert sorted(int.from_bytes(a[2 * to:2 * to + 2], "little") for a in stored) == [0] * 6 + [1] * 6
    assert all(int.from_bytes(a[2 * why:2 * why + 2], "little") == 0 for a in stored)
    page = client_for("central").get(f"/surveys/results/{workenv.pk}/").content.decode()
    # Figures are perturbed (decision 0120): read them through the oracle; n counts the 6 asked, not 12.
    assert _n(page, "we_reported") == pub(workenv, answered("we_reported"))
    asked = pub(workenv, answered("we_reported_to"))
    assert _n(page, "we_reported_to") == asked == published(*people(workenv, answered("we_reported", 2)))
    row = re.search(r'<tr data-item="we_reported_to">(.*?)</tr>', page, re.S).group(1)
    assert f"ผู้บังคับบัญชา: {pub(workenv, answered('we_reported_to', 1))} (" in row
    assert "ผู้รับเรื่องร้องเรียนของหน่วยงาน: 0 (0" in row
    assert "ถามเฉพาะผู้ที่เลือก “แจ้งหรือร้องเรียนแล้ว”" in row  # why its n is smaller
    why_row = re.search(r'<tr data-item="we_not_reported_why">(.*?)</tr>', page, re.S).group(1)
    assert "ถามเฉพาะผู้ที่เลือก “ไม่ได้แจ้งหรือร้องเรียน”" in why_row and _n(page, "we_not_reported_why") == 0


def test_skip_logic_without_javascript_marks_the_follow_ups_and_does_not_require_them(workenv):
    (invitation,) = invite(workenv)
    client = Client()
    enter(client, invitation.token)
    page = client.get("/surveys/a/3/").content.decode()
    assert page.count('data-ask-if="we_reported"') == 2
    assert 'data-ask-values="2"' in page and 'data-ask-values="3"' in page
    assert "ตอบเฉพาะเมื่อท่านเลือก “แจ้งหรือร้องเรียนแล้ว”" in page
    assert "surveys/surveys" in page and ".js" in page  # the script that hides them, from a static file
    # "Not reported" asks why, not to whom; the answer to whom is dropped from the draft.
    moved = client.post("/surveys/a/3/", {"we_reported": "3", "we_reported_to": "1", "we_not_reported_why": "2"})
    assert moved.status_code == 302 and moved["Location"] == "/surveys/a/4/"
    back = client.get("/surveys/a/3/").content.decode()
    assert re.search(r'name="we_not_reported_why" value="2"[^>]*checked', back)
    assert not re.search(r'name="we_reported_to" value="1"[^>]*checked', back)


def test_do_you_know_items_are_answered_known_or_not_known(workenv):
    (invitation,) = invite(workenv)
    client = Client()
    enter(client, invitation.token)
    page = client.get("/surveys/a/4/").content.decode()
    block = page[page.index('name="we_aware_policy"') - 800:page.index("we_trust_confidential")]
    assert "ทราบ" in block and "ไม่ทราบ" in block and ">ใช่<" not in block and "ไม่ใช่" not in block
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/surveys/a/4/").content.decode()
    assert ">Known<" in page and ">Not known<" in page


def test_item_codes_only_for_central(workenv, client_for):
    invitations = invite(workenv, 1)
    client = Client()
    enter(client, invitations[0].token)
    for step in range(1, 6):
        page = client.get(f"/surveys/a/{step}/").content.decode()
        text = re.sub(r"<[^>]+>", " ", page)
        assert "we_" not in text and "dem_" not in text
    from survey_helpers import add_responses

    add_responses(workenv, [({"we_sexist_remarks": 1 + i % 3, "we_trust_overall": 4}, {}) for i in range(12)])
    central = client_for("central").get(f"/surveys/results/{workenv.pk}/").content.decode()
    assert 'data-testid="item-code">we_trust_overall<' in central
    for role in ("coordinator", "executive"):
        page = client_for(role).get(f"/surveys/results/{workenv.pk}/?agency=").content.decode()
        assert 'data-testid="item-code"' not in page
        assert "we_trust_overall" not in re.sub(r"<[^>]+>", " ", page)


def test_the_opinion_survey_is_titled_in_the_seeds_words(opinion):
    (invitation,) = invite(opinion)
    client = Client()
    enter(client, invitation.token)
    assert "นโยบายการไม่เลือกปฏิบัติทางเพศ" in client.get("/surveys/a/").content.decode()


def test_the_button_that_starts_a_survey_is_a_verb(opinion, client_for, users):
    from thaothiam.surveys.models import Invitation

    Invitation.objects.create(campaign=opinion, agency=users["staff"].agency, user=users["staff"])
    staff = client_for("staff")
    for url in ("/surveys/mine/", reverse("me")):
        page = staff.get(url, follow=True).content.decode()
        assert "ตอบแบบสำรวจ</button>" in page or "ตอบแบบสำรวจ</a>" in page, url
        assert ">คำตอบ<" not in page


def test_the_open_link_introduction_is_shown_once(opinion, client_for):
    from thaothiam.surveys import services_campaign

    services_campaign.campaign_update(campaign=opinion, actor=None, data={"open_link_mode": "sign_in"})
    link = services_campaign.open_link_create(campaign=opinion, agency=opinion.agencies.first(), actor=None)
    client = client_for("staff")
    intro = client.get(f"/surveys/o/{link.token}/").content.decode()
    assert opinion.instrument.title_th in intro and 'data-testid="anonymity-note"' in intro
    started = client.post(f"/surveys/o/{link.token}/")
    assert started["Location"] == "/surveys/a/1/"  # straight to the questions
    assert "tt_answer" in started.cookies and started.cookies["tt_answer"]["max-age"] == ""  # a session cookie only
    assert client.post("/surveys/a/1/", {"dem_sex": "1"})["Location"] == "/surveys/a/2/"
    # Same browser, the link again (the next person at a shared computer): the start page with
    # "start a new response", never the previous person's answers.
    again = client.get(f"/surveys/o/{link.token}/")
    assert again["Location"] == "/surveys/a/"
    assert 'data-testid="start-new"' in client.get("/surveys/a/").content.decode()


def test_open_links_have_a_copy_button_and_a_qr_code(opinion, client_for):
    from thaothiam.surveys import services_campaign

    link = services_campaign.open_link_create(campaign=opinion, agency=opinion.agencies.first(), actor=None)
    page = client_for("central").get(f"/surveys/manage/campaigns/{opinion.pk}/").content.decode()
    url = re.search(r'id="open-link-\d+" value="([^"]+)"', page).group(1)
    assert url.endswith(f"/surveys/o/{link.token}/") and url.startswith("http")
    assert 'data-testid="copy-link"' in page and f'data-copy="open-link-{link.pk}"' in page
    qr = page[page.index('data-testid="open-link-qr"'):]
    assert "<svg" in qr[:600] and "<script" not in qr[:qr.index("</svg>")]
    assert 'style="' not in page  # CSP: no inline styles, the SVG included


def test_chart_labels_are_whole_questions_and_never_merge(workenv):
    """Cut at 32 characters, the two "ท่านเชื่อมั่นว่าเรื่องร้องเรียน…" questions became one category and
    their bars were stacked into one (drawn clipped at 5). Now each question is its own, whole label."""
    from survey_helpers import add_responses

    from thaothiam.surveys import selectors
    from thaothiam.surveys.charts import result_charts

    trust = ["we_trust_confidential", "we_trust_fair", "we_trust_protection", "we_trust_overall"]
    add_responses(workenv, [({code: 3 + (i % 2) for code in trust}, {}) for i in range(12)])
    result = selectors.results(workenv, {})
    for for_print in (False, True):
        spec = result_charts(result, for_print=for_print)["likert"]
        items = [row["item"] for row in spec["data"]["values"]]
        texts = {load(workenv.instrument_id).item(code).text for code in trust}
        assert texts <= set(items) and len(items) == len(set(items))
        assert not any("…" in item for item in items)
        assert spec["usermeta"]["wrapLabels"]["field"] == "item"
        assert "split(datum.value" in spec["encoding"]["y"]["axis"]["labelExpr"]
