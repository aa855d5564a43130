"""The six attacks of issue 9, played by an insider against a real `thaothiam serve` (gunicorn with its
real access log) on a real database file (SQLite here; the PostgreSQL run of the suite runs them on a
PostgreSQL database), each shown failing; and the raw database file and WAL after a batch.

The insider holds: the access log, a copy of the database (file and WAL), the secret key, central's
account, and knows who submitted when (the order of submissions below).
"""

from __future__ import annotations

import io
import re

import pytest
from survey_live import Browser, Server

SETUP = r'''
import json, datetime as dt
from django.utils import timezone
from thaothiam.core.demodata import load_reference_data
load_reference_data()
from thaothiam.agencies.models import Agency
from thaothiam.accounts.models import User, RoleGrant, Role
from thaothiam.surveys.models import Instrument, Invitation
from thaothiam.surveys.structure import load
from thaothiam.surveys import services_campaign
from thaothiam.workforce.models import Snapshot, SnapshotAgency
today = timezone.localdate()
central = User.objects.create_user(username="central", password="central-pass-2570", agency=Agency.objects.get(code="CSC-PSD"))
RoleGrant.objects.create(user=central, role=Role.CENTRAL)
from thaothiam.accounts import twofactor
twofactor.demo_enrol([central])  # central signs in with a password and a code
staff = User.objects.create_user(username="insider", password="insider-pass-2570", agency=Agency.objects.get(code="DIS-1002"))
RoleGrant.objects.create(user=staff, role=Role.STAFF, agency=Agency.objects.get(code="DIS-1002"))
a1, a2 = Agency.objects.get(code="DIS-1001"), Agency.objects.get(code="DIS-1002")
instrument = Instrument.objects.get(code="opinion-2568")
c = services_campaign.campaign_create(actor=central, instrument=instrument, fiscal_year=2569,
    opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=30), agencies=[a1, a2])
services_campaign.campaign_open(campaign=c, actor=central)
invs = Invitation.objects.bulk_create([Invitation(campaign=c, agency=a1, email=f"person{i}@example.org") for i in range(40)])
link = services_campaign.open_link_create(campaign=c, agency=a2, actor=central)
snap = Snapshot.objects.create(as_of=today - dt.timedelta(days=30))
SnapshotAgency.objects.create(snapshot=snap, agency=a2, headcount=200)
shape = load(instrument.pk)
parts = [[[i.code, i.kind, len(i.choices()) if i.kind != "text" else 0, i.position] for i in shape.by_section[s.pk]]
         for s in shape.answerable_sections(False)]
print(json.dumps({"campaign": c.pk, "tokens": [i.token for i in invs], "emails": [i.email for i in invs],
                  "ids": [i.pk for i in invs], "link": link.token, "parts": parts, "slots": shape.slots}))
'''

PER_CLIENT = 5


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("attacks"), {"THAOTHIAM_SURVEY_OPEN_LINK_PER_CLIENT": str(PER_CLIENT)})
    server.cli("migrate", "-v", "0")
    server.data = server.python(SETUP)
    server.start()
    yield server
    server.stop()


def likert_items(live):
    return [(code, position) for part in live.data["parts"] for code, kind, _n, position in part if kind == "likert5"]


def answers_for(live, person: int, comment: str | None = None) -> dict:
    """Every part answered; the Likert answers spell the person's number in binary (2 = 0, 3 = 1)."""
    data = {}
    for j, (code, _position) in enumerate(likert_items(live)):
        data[code] = str(2 + ((person >> j) & 1))
    for part in live.data["parts"]:
        for code, kind, n, _position in part:
            if code in data:
                continue
            if kind == "text":
                data[code] = comment or ""
            elif kind == "multi":
                data[code] = "1"
            else:
                data[code] = str(min(2, n))
    return data


def person_of(live, blob: bytes) -> int:
    import numpy as np

    values = np.frombuffer(bytes(blob), dtype="<u2")
    return sum((int(values[position]) - 2) << j for j, (_code, position) in enumerate(likert_items(live)))


def submit(live, person: int, browser: Browser | None = None, comment: str | None = None):
    """A respondent: opens the invitation link, then answers every part."""
    browser = browser or Browser(live)
    status, headers, _b = browser.get(f"/surveys/t/{live.data['tokens'][person]}/")
    assert status == 302 and headers["Location"] == "/surveys/a/"
    last = len(live.data["parts"])
    status, headers, page = browser.post(f"/surveys/a/{last}/", answers_for(live, person, comment))
    assert status == 302 and headers["Location"] == "/surveys/thanks/", page[:2000]
    return browser


def storage_order(live) -> list[int]:
    """The responses in the order the database stores them (SQLite rowid, PostgreSQL heap ctid)."""
    sql = {"sqlite": "SELECT answers FROM surveys_response ORDER BY rowid",
           "postgresql": "SELECT answers FROM surveys_response ORDER BY ctid"}[live.vendor]
    rows = live.python(
        "import json, base64\nfrom django.db import connection\n"
        f"c = connection.cursor(); c.execute({sql!r})\n"
        "print(json.dumps([base64.b64encode(bytes(r[0])).decode() for r in c.fetchall()]))")
    import base64

    return [person_of(live, base64.b64decode(r)) for r in rows]


def test_attack_1_logs_and_row_order_link_nobody(live):
    for person in range(12):  # the insider knows this order, to the second
        submit(live, person)
    live.cli("survey-batches")  # the hourly run writes the two left in the pool
    Browser(live).get("/complaints/receipt-RCPT-4242/")  # the complaints prefix is private too
    log = live.log()
    assert "GET /healthz" in log  # the access log works ...
    for private in ("/surveys/t/", "/surveys/a/", "/surveys/thanks", "/complaints/", "RCPT-4242"):
        assert private not in log, private  # ... and has no line for a private path
    assert not any(token in log for token in live.data["tokens"])
    stored = storage_order(live)
    assert sorted(stored) == list(range(12))
    first_batch = stored[:10]
    assert sorted(first_batch) == list(range(10))  # the batch of ten, then the hourly batch of two
    assert first_batch != list(range(10))  # lining up rows with the known order of submissions fails
    dates = live.python("import json\nfrom thaothiam.surveys.models import Response\n"
                        "print(json.dumps(sorted({str(d) for d in Response.objects.values_list('submitted_on', flat=True)})))")
    assert len(dates) == 1 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", dates[0])  # a date, never a time


def _export(central: Browser, campaign: int) -> list:
    from openpyxl import load_workbook

    conn_status, _h, _b = central.get(f"/surveys/results/{campaign}/")
    assert conn_status == 200
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", central.server.port, timeout=60)
    conn.request("GET", f"/surveys/results/{campaign}/export.xlsx",
                 headers={"Cookie": "; ".join(f"{k}={v}" for k, v in central.cookies.items())})
    response = conn.getresponse()
    data = response.read()
    assert response.status == 200, data[:500]
    book = load_workbook(io.BytesIO(data), read_only=True)
    return [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets]


def test_attack_2_results_before_and_after_a_submission_are_the_same(live):
    central = Browser(live)
    central.sign_in("central", "central-pass-2570")
    campaign = live.data["campaign"]
    status, _h, page = central.get(f"/surveys/results/{campaign}/")
    shown = page.split('data-testid="survey-release"')[1].split("</p>")[0]
    assert "12" in shown  # release 1 of 12, made by the hourly run; the page says so
    before = _export(central, campaign)
    submit(live, 12)
    submit(live, 13)
    live.cli("survey-batches")  # written, but no second release on the same day
    after = _export(central, campaign)
    assert before == after  # mean × n before and after gives nothing
    page = central.get(f"/surveys/results/{campaign}/")[2]
    assert page.split('data-testid="survey-release"')[1].split("</p>")[0] == shown  # still release 1 of 12


def test_attack_4_drafts_are_unreadable_and_gone_after_submission(live):
    browser = Browser(live)
    person = 20
    browser.get(f"/surveys/t/{live.data['tokens'][person]}/")
    first_part = {code: ("2" if kind != "multi" else "1") for code, kind, _n, _p in live.data["parts"][0]}
    status, headers, _b = browser.post("/surveys/a/1/", first_part)
    assert status == 302 and headers["Location"] == "/surveys/a/2/"
    draft = live.python("import json, base64\nfrom thaothiam.surveys.models import Draft\n"
                        "print(json.dumps([[d.pk, d.campaign_id, base64.b64encode(bytes(d.sealed)).decode()] "
                        "for d in Draft.objects.all()]))")
    assert len(draft) == 1
    draft_id, _campaign, sealed_b64 = draft[0]
    import base64

    sealed = base64.b64decode(sealed_b64)
    token, invitation_id = live.data["tokens"][person], live.data["ids"][person]
    assert token not in draft_id and str(invitation_id) != draft_id
    code = live.data["parts"][0][0][0]
    assert code.encode() not in sealed and b"answers" not in sealed
    if live.vendor == "sqlite":  # the database copy taken mid-survey
        raw = raw_bytes(live)
        assert b'{"answers"' not in raw and f'"{code}":"2"'.encode() not in raw
    # The insider has the secret key too: the cookie's key is still nowhere on the server.
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    secret = (live.var_dir / "secret_key").read_bytes()
    for guess in (secret[:32], secret[-32:]):
        with pytest.raises(InvalidTag):
            AESGCM(guess.ljust(32, b"\0")).decrypt(sealed[:12], sealed[12:], f"{_campaign}:{draft_id}".encode())
    status, headers, _b = browser.post(f"/surveys/a/{len(live.data['parts'])}/", answers_for(live, person))
    assert status == 302
    assert live.python("import json\nfrom thaothiam.surveys.models import Draft\n"
                       "print(json.dumps(Draft.objects.count()))") == 0
    if live.vendor == "sqlite":
        live.cli("survey-batches")
        assert sealed[12:44] not in raw_bytes(live)  # secure_delete and the truncated WAL: not even the ciphertext


def test_attack_5_a_shared_computer_keeps_no_previous_answers(live):
    live.python("import json\nfrom thaothiam.surveys.models import Campaign\nfrom thaothiam.surveys import services_campaign\n"
                "from thaothiam.accounts.models import User\n"
                f"c = Campaign.objects.get(pk={live.data['campaign']})\n"
                "services_campaign.campaign_update(campaign=c, actor=User.objects.get(username='central'), "
                "data={'open_link_mode': 'limited'})\nprint(json.dumps(c.open_link_mode))")
    link = f"/surveys/o/{live.data['link']}/"
    office = Browser(live)
    status, headers, _b = office.post(link, {})
    assert status == 302 and headers["Location"] == "/surveys/a/1/"  # the link page was the introduction (0131)
    cookie = next(h for h in office.last_set_cookie if h.startswith("tt_answer="))
    assert "expires" not in cookie.lower() and "max-age" not in cookie.lower()  # gone when the browser closes
    first_part = {code: ("2" if kind != "multi" else "1") for code, kind, _n, _p in live.data["parts"][0]}
    office.post("/surveys/a/1/", first_part)
    # The next person, same browser still open: offered a new response, never the previous answers.
    status, headers, _b = office.get(link)
    assert headers.get("Location") == "/surveys/a/"
    status, _h, start = office.get("/surveys/a/")
    assert 'data-testid="start-new"' in start
    status, headers, _b = office.post("/surveys/a/new/", {}, csrf_from="/surveys/a/")
    assert status == 302 and headers["Location"] == link and "tt_answer" not in office.cookies
    status, headers, _b = office.post(link, {})
    assert status == 302
    assert "checked" not in office.get("/surveys/a/1/")[2]
    # After a submission the cookie is cleared as well.
    status, headers, _b = office.post(f"/surveys/a/{len(live.data['parts'])}/", answers_for(live, 30))
    assert status == 302 and "tt_answer" not in office.cookies


def test_attack_6_ballot_stuffing_from_one_client_stops_at_the_limit(live):
    link = f"/surveys/o/{live.data['link']}/"
    outcomes = []
    for attempt in range(30):  # a fresh cookie jar each time; a forged forwarding header half the time
        headers = {"X-Forwarded-For": f"10.0.0.{attempt}"} if attempt % 2 else {}
        status, _h, _b = Browser(live, headers).post(link, {})
        outcomes.append(status)
    assert outcomes.count(302) <= PER_CLIENT and outcomes.count(429) >= 30 - PER_CLIENT, outcomes
    minted = live.python("import json\nfrom thaothiam.surveys.models import Invitation\n"
                         "print(json.dumps(Invitation.objects.filter(via_open_link=True).count()))")
    assert minted <= PER_CLIENT


def test_attack_3_padding_a_group_needs_accounts_and_stops_at_one_each(live):
    live.python("import json\nfrom thaothiam.surveys.models import Campaign\nfrom thaothiam.surveys import services_campaign\n"
                "from thaothiam.accounts.models import User\n"
                f"c = Campaign.objects.get(pk={live.data['campaign']})\n"
                "services_campaign.campaign_update(campaign=c, actor=User.objects.get(username='central'), "
                "data={'open_link_mode': 'sign_in'})\nprint(json.dumps(c.open_link_mode))")
    link = f"/surveys/o/{live.data['link']}/"
    anonymous = Browser(live)
    status, headers, _b = anonymous.get(link)
    assert status == 302 and "/accounts/login/" in headers["Location"] and live.data["link"] not in headers["Location"]
    insider = Browser(live)
    insider.sign_in("insider", "insider-pass-2570")
    accepted = 0
    for _attempt in range(10):  # known answers, again and again, cookie dropped each time
        insider.cookies.pop("tt_answer", None)
        status, headers, _b = insider.post(link, {})
        status, headers, _b = insider.post(f"/surveys/a/{len(live.data['parts'])}/", answers_for(live, 31))
        accepted += status == 302 and headers.get("Location") == "/surveys/thanks/"
    assert accepted == 1
    own = live.python("import json\nfrom thaothiam.surveys.models import Invitation\n"
                      "print(json.dumps(Invitation.objects.filter(user__username='insider').count()))")
    assert own == 1


def raw_bytes(live) -> bytes:
    data = live.db_file.read_bytes()
    wal = live.db_file.with_name(live.db_file.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def _pages(blob: bytes, page_size: int) -> list[bytes]:
    return [blob[i:i + page_size] for i in range(0, len(blob), page_size)]


def test_the_raw_database_file_and_wal_after_a_batch_put_no_answer_next_to_a_person(live):
    if live.vendor != "sqlite":
        pytest.skip("the raw-file reading is SQLite's (PostgreSQL's own files: see decision 0034)")
    comments = {}
    for person in (32, 33):
        comments[person] = f"ความเห็นลับของคนที่ {person} xyzzy{person}"
        submit(live, person, comment=comments[person])
    live.cli("survey-batches")
    db = live.db_file.read_bytes()
    page_size = int.from_bytes(db[16:18], "big") or 65536
    wal_path = live.db_file.with_name(live.db_file.name + "-wal")
    wal = wal_path.read_bytes() if wal_path.exists() else b""
    assert wal == b""  # checkpointed and truncated after the batch
    import numpy as np

    blobs = []
    for person in list(range(14)) + [20, 32, 33]:
        values = np.zeros(live.data["slots"], dtype="<u2")
        for j, (_code, position) in enumerate(likert_items(live)):
            values[position] = 2 + ((person >> j) & 1)
        blobs.append(values.tobytes()[: 2 * (max(p for _c, p in likert_items(live)) + 1)])
    names = [t.encode() for t in live.data["tokens"]] + [e.encode() for e in live.data["emails"]]
    texts = [c.encode() for c in comments.values()]
    found_answers = found_names = 0
    for page in _pages(db, page_size):
        has_name = any(n in page for n in names)
        has_answer = any(b in page for b in blobs) or any(t in page for t in texts)
        found_answers += has_answer
        found_names += has_name
        assert not (has_name and has_answer), "an answer sits on a page with an invitation or a person"
    assert found_answers and found_names  # both are in the file, on pages of their own
