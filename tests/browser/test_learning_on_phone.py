"""(Lives in tests/browser/ for the Playwright fixtures; the learning module's other tests are in
tests/learning/.) A staff member takes the starter e-learning course on a phone: says who they are,
reads the five lessons, takes the quiz by touch, passes and completes. Screenshots go to test-artifacts/."""

import pytest
from browser_helpers import screenshot, sign_in
from playwright.sync_api import expect

from thaothiam.learning.models import Attempt, Choice, Completion, Course
from thaothiam.learning.starter import CODE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def test_a_lesson_and_the_quiz_on_a_phone(phone_page, users):
    page = phone_page
    course = Course.objects.get(code=CODE)
    sign_in(page, "staff")
    page.goto(f"/learning/courses/{course.pk}/")
    page.get_by_test_id("start-course").tap()
    # first time: sex and personnel type, then straight into lesson 1
    page.get_by_label("หญิง (Female)").check()
    page.get_by_label("ประเภทบุคลากร").select_option("civil")
    screenshot(page, "learning-profile-phone")
    page.get_by_role("button", name="บันทึกและไปต่อ").tap()
    expect(page.get_by_test_id("start-course")).to_be_visible()
    page.get_by_test_id("start-course").tap()
    expect(page.get_by_role("heading", level=1)).to_contain_text("นโยบายของกรุงเทพมหานคร")
    expect(page.locator(".lesson-body")).to_contain_text("18 มิถุนายน 2565")
    no_sideways_scroll(page)
    screenshot(page, "learning-lesson-phone")
    for number in range(2, course.lessons.count() + 1):
        page.get_by_test_id("next-lesson").tap()
        expect(page.get_by_role("heading", level=1)).to_have_text(course.lessons.get(number=number).title_th)
        no_sideways_scroll(page)
    page.get_by_test_id("back-to-course").tap()
    page.get_by_test_id("start-quiz").tap()
    expect(page.get_by_test_id("quiz-form")).to_be_visible()
    no_sideways_scroll(page)
    attempt = Attempt.objects.get()
    for qid in attempt.question_ids:
        for choice in Choice.objects.filter(question_id=qid, is_correct=True):
            page.locator(f"input[value='{choice.pk}'][name='q{qid}']").tap()
    screenshot(page, "learning-quiz-phone")
    page.get_by_test_id("submit-quiz").tap()
    expect(page.get_by_test_id("quiz-result")).to_contain_text("ร้อยละ 100")
    expect(page.get_by_test_id("quiz-result")).to_contain_text("ท่านเรียนจบหลักสูตรแล้ว")
    no_sideways_scroll(page)
    screenshot(page, "learning-result-phone")
    assert Completion.objects.get().sex == "F"
    page.goto("/learning/mine/")
    expect(page.get_by_test_id("completed")).to_contain_text(course.title_th)
    expect(page.get_by_test_id("my-certificates")).to_contain_text("ดาวน์โหลด (PDF)")
