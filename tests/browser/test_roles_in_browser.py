import pytest
from browser_helpers import screenshot, sign_in
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

# (user, a menu entry they must see, a page of another role they must be refused)
CASES = [
    ("central", "จัดการแผน", "/admin/"),
    ("admin", "ดูแลระบบ", "/plan/manage/"),
    ("executive", "หน่วยงาน", "/plan/manage/"),
    ("coordinator", "หน้าของฉัน", "/agencies/"),
    ("head", "หน้าของฉัน", "/plan/manage/"),
    ("staff", "หน้าของฉัน", "/agencies/"),
]


def test_public_page_in_thai_then_english(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "th"
    expect(page.get_by_role("heading", name="มิติที่ 1: ระดับบุคคล")).to_be_visible()
    assert page.evaluate("document.fonts.check('16px Sarabun')")
    screenshot(page, "home-th")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", name="Pillar 3: Work environment")).to_be_visible()
    screenshot(page, "home-en")


@pytest.mark.parametrize(("username", "menu", "forbidden"), CASES, ids=[c[0] for c in CASES])
def test_each_role_signs_in_sees_its_menu_and_is_refused_elsewhere(page, users, username, menu, forbidden):
    sign_in(page, username)
    expect(page.get_by_test_id("signed-in-as")).to_be_visible()
    nav = page.get_by_test_id("nav")
    assert nav.get_by_role("link", name=menu, include_hidden=True).count() == 1  # maybe inside a closed group
    if username != "central":
        assert nav.get_by_role("link", name="จัดการแผน", include_hidden=True).count() == 0
    page.goto(forbidden)
    if forbidden == "/admin/":
        assert "/admin/login/" in page.url  # the admin site sends non-admins to its own login
    else:
        expect(page.get_by_role("heading", name="ไม่มีสิทธิ์เข้าถึง")).to_be_visible()
def test_menu_collapses_on_a_phone(phone_page, users):
    sign_in(phone_page, "central")
    toggler = phone_page.get_by_role("button", name="แสดงเมนู")
    expect(toggler).to_be_visible()
    toggler.click()
    phone_page.get_by_test_id("nav").get_by_role("button", name="ตั้งค่า").click()  # central's menu is grouped
    expect(phone_page.get_by_test_id("nav").get_by_role("link", name="จัดการแผน")).to_be_visible()
    screenshot(phone_page, "phone-menu")
