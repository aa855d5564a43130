"""(Lives in tests/browser/ for the Playwright fixtures; the complaint module's other tests are in
tests/complaints/.) On a phone: report anonymously → keep the receipt → an officer replies → the
complainant reads the reply with the receipt. Screenshots go to test-artifacts/."""

import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "complaints"))
from browser_helpers import screenshot, sign_in  # noqa: E402
from complaint_helpers import officers_with_keys  # noqa: E402

from thaothiam.complaints.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def cheap_argon2(settings):
    settings.COMPLAINTS_ARGON2 = (1, 8192)


def test_report_receipt_reply_and_read_on_a_phone(phone_page, browser, live_server):
    officers_with_keys(("co-local", "DIS-1001"), ("co-central", None))
    page = phone_page
    page.goto("/complaints/")
    page.get_by_role("link", name="ร้องเรียน", exact=True).click()
    page.get_by_label("ไม่ระบุชื่อ — ร้องเรียนโดยไม่เปิดเผยตัวตน").check()
    page.get_by_label("การคุกคามทางเพศ").check()
    page.get_by_label("หน่วยงานที่เกิดเหตุ").select_option("DIS-1001")
    page.get_by_label("ยังคงเกิดขึ้นอยู่").check()
    page.get_by_label("ผู้บังคับบัญชา").check()
    page.get_by_label("ไกล่เกลี่ยอย่างไม่เป็นทางการ").check()
    page.get_by_label("เล่าเหตุการณ์ด้วยคำพูดของท่าน").fill("เรื่องสมมุติ: หัวหน้าส่งข้อความไม่เหมาะสมทุกคืน")
    screenshot(page, "complaints-phone-report")
    page.get_by_role("button", name="ส่งเรื่องร้องเรียน").click()
    receipt = page.get_by_test_id("receipt").inner_text().replace(" ", "")
    assert len(receipt) == 16 and receipt.isdigit()
    expect(page.get_by_role("button", name="คัดลอก")).to_be_visible()  # the copy button of receipt.js
    screenshot(page, "complaints-phone-receipt")

    officer_context = browser.new_context(base_url=live_server.url, locale="th-TH")
    officer = officer_context.new_page()
    # The officer signed in once already (to make their key); their code works once, so forget it.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user__username="co-central").update(last_t=-1)
    sign_in(officer, "co-central")
    officer.goto("/complaints/cases/")
    case = Case.objects.get()
    officer.get_by_test_id("case-list").get_by_role("link", name=case.number).click()
    expect(officer.get_by_test_id("narrative")).to_contain_text("หัวหน้าส่งข้อความไม่เหมาะสมทุกคืน")
    officer.get_by_label("ข้อความหรือข้อมูลเพิ่มเติม").fill("ได้รับเรื่องแล้วค่ะ ขอนัดพูดคุยวันพุธนี้ได้ไหมคะ")
    officer.get_by_role("button", name="ส่งถึงผู้ร้องเรียน").click()
    expect(officer.get_by_test_id("messages")).to_contain_text("ขอนัดพูดคุยวันพุธนี้")
    officer_context.close()

    page.goto("/complaints/follow/")
    page.get_by_label("เลขรับเรื่อง 16 หลักของท่าน").fill(receipt)
    page.get_by_role("button", name="เปิดเรื่องของข้าพเจ้า").click()
    expect(page.get_by_test_id("case-status")).to_contain_text("เจ้าหน้าที่")
    expect(page.get_by_test_id("messages")).to_contain_text("ขอนัดพูดคุยวันพุธนี้ได้ไหมคะ")
    expect(page.get_by_test_id("messages")).not_to_contain_text("co-central")
    page.get_by_label("ข้อความหรือข้อมูลเพิ่มเติม").fill("สะดวกวันพุธค่ะ")
    page.get_by_role("button", name="ส่ง", exact=True).click()
    expect(page.get_by_test_id("messages")).to_contain_text("สะดวกวันพุธค่ะ")
    screenshot(page, "complaints-phone-follow-up")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing overflows the phone's width
