"""E-learning through the pages a learner uses: lessons, the quiz's scoring, attempts and waiting
time, and the completion rule (every lesson seen and the quiz passed)."""

import datetime as dt

import pytest
from django.utils import timezone
from learning_helpers import answers_for, make_learner, starter

from thaothiam.learning import services
from thaothiam.learning.models import Attempt, Completion, Enrolment


@pytest.fixture
def learner(users, client_for):
    make_learner(users["staff"])
    return client_for("staff")


def start(client, course):
    response = client.post(f"/learning/courses/{course.pk}/start/")
    assert response.status_code == 302
    return Enrolment.objects.get(course=course)


def take_quiz(client, course, *, right):
    response = client.post(f"/learning/courses/{course.pk}/quiz/")
    assert response.status_code == 302, response
    attempt = Attempt.objects.filter(enrolment__course=course).order_by("-number").first()
    assert response["Location"] == f"/learning/attempts/{attempt.pk}/"
    client.post(f"/learning/attempts/{attempt.pk}/", answers_for(attempt, right=right))
    attempt.refresh_from_db()
    return attempt


def test_a_first_visit_asks_for_sex_and_personnel_type(users, client_for):
    course = starter()
    client = client_for("staff")
    response = client.post(f"/learning/courses/{course.pk}/start/")
    assert response.status_code == 302 and response["Location"].startswith("/learning/about-you/")
    response = client.post("/learning/about-you/", {"sex": "X", "personnel_type": "civil"})
    assert response.status_code == 200 and not Enrolment.objects.exists()
    client.post("/learning/about-you/", {"sex": "M", "personnel_type": "civil"})
    assert users["staff"].learner.sex == "M"


def test_lessons_are_rendered_sanitised_and_marked_seen(learner):
    course = starter()
    enrolment = start(learner, course)
    page = learner.get(f"/learning/courses/{course.pk}/lessons/1/")
    text = page.content.decode()
    assert "18 มิถุนายน 2565" in text and "<table>" in text
    assert enrolment.views.count() == 1
    course.lessons.filter(number=2).update(body_th='<script>alert(1)</script>[x](javascript:alert(1)) **ok**')
    text = learner.get(f"/learning/courses/{course.pk}/lessons/2/").content.decode()
    assert "<strong>ok</strong>" in text and "<script>alert" not in text and "javascript:" not in text


def test_quiz_draws_n_questions_and_scores_exactly(learner):
    course = starter()
    start(learner, course)
    attempt = take_quiz(learner, course, right=7)
    assert len(attempt.question_ids) == course.quiz_questions == 10
    assert len(set(attempt.question_ids)) == 10
    assert set(attempt.question_ids) <= set(course.questions.values_list("pk", flat=True))
    assert (attempt.correct, attempt.score, attempt.passed) == (7, 70, False)
    feedback = learner.get(f"/learning/attempts/{attempt.pk}/result/").content.decode()
    assert "ร้อยละ 70" in feedback and feedback.count("✗") == 3


def test_a_multiple_choice_question_needs_exactly_the_correct_choices(learner):
    course = starter()
    enrolment = start(learner, course)
    question = course.questions.filter(kind="multiple").first()
    correct = set(question.choices.filter(is_correct=True).values_list("pk", flat=True))
    assert len(correct) >= 2
    bank = services.bank_for([question.pk])
    right, per = services.score_answers(bank, {question.pk: set(list(correct)[:1])})
    assert right == 0 and per[question.pk] is False
    right, _ = services.score_answers(bank, {question.pk: correct})
    assert right == 1
    attempt = services.attempt_start(enrolment=enrolment)
    other = course.questions.exclude(pk__in=attempt.question_ids).first()
    with pytest.raises(services.LearningError):  # a choice of a question that was not drawn
        services.attempt_submit(attempt=attempt, answers={other.pk: {other.choices.first().pk}})


def test_attempts_limit_and_waiting_time(learner):
    course = starter()
    course.max_attempts, course.wait_minutes = 2, 60
    course.save()
    enrolment = start(learner, course)
    first = take_quiz(learner, course, right=0)
    assert first.passed is False
    response = learner.post(f"/learning/courses/{course.pk}/quiz/", follow=True)
    assert "ลองใหม่ได้" in response.content.decode() or "try again" in response.content.decode()
    assert enrolment.attempts.count() == 1  # refused while waiting
    Attempt.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - dt.timedelta(minutes=61))
    second = take_quiz(learner, course, right=0)
    assert second.number == 2
    Attempt.objects.filter(pk=second.pk).update(submitted_at=timezone.now() - dt.timedelta(days=1))
    with pytest.raises(services.LearningError):
        services.attempt_start(enrolment=enrolment)
    assert enrolment.attempts.count() == 2


def test_an_open_attempt_keeps_its_questions_and_cannot_be_submitted_twice(learner):
    course = starter()
    enrolment = start(learner, course)
    a = services.attempt_start(enrolment=enrolment)
    assert services.attempt_start(enrolment=enrolment).pk == a.pk
    services.attempt_submit(attempt=a, answers={})
    with pytest.raises(services.LearningError):
        services.attempt_submit(attempt=a, answers={})


def test_completion_needs_every_lesson_and_a_passed_quiz(learner, users):
    course = starter()
    enrolment = start(learner, course)
    take_quiz(learner, course, right=10)  # passed, but lessons not all seen
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None and not Completion.objects.exists()
    lessons = list(course.lessons.values_list("number", flat=True))
    for number in lessons[:-1]:
        learner.get(f"/learning/courses/{course.pk}/lessons/{number}/")
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    learner.get(f"/learning/courses/{course.pk}/lessons/{lessons[-1]}/")
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    record = Completion.objects.get()
    assert (record.agency.code, record.sex, record.personnel_type, record.user) == ("DIS-1001", "F", "civil",
                                                                                     users["staff"])
    mine = learner.get("/learning/mine/").content.decode()
    assert "data-testid=\"completed\"" in mine and course.title_th in mine
    # passing again is refused: the quiz is done
    with pytest.raises(services.LearningError):
        services.attempt_start(enrolment=enrolment)


def test_another_persons_attempt_is_not_found(learner, users, client_for):
    course = starter()
    enrolment = start(learner, course)
    attempt = services.attempt_start(enrolment=enrolment)
    assert client_for("coordinator").get(f"/learning/attempts/{attempt.pk}/").status_code == 404


def test_central_grants_extra_attempts_audited_and_refusals_in_thai(learner, users, client_for):
    from thaothiam.core.models import AuditEvent

    course = starter()
    course.max_attempts, course.wait_minutes = 1, 0
    course.save()
    enrolment = start(learner, course)
    take_quiz(learner, course, right=0)
    with pytest.raises(services.LearningError):
        services.attempt_start(enrolment=enrolment)  # the one attempt is used
    central = client_for("central")
    url = f"/learning/manage/courses/{course.pk}/attempts/"
    for data, refusal in (({"username": "nobody-here", "extra": "1"}, "ไม่มีผู้ใช้ชื่อนี้"),
                          ({"username": "staff", "extra": "0"}, "1 ถึง 10"),
                          ({"username": "staff", "extra": "x"}, "1 ถึง 10")):
        page = central.post(url, data, follow=True).content.decode()
        assert refusal in page
    enrolment.refresh_from_db()
    assert enrolment.extra_attempts == 0
    assert client_for("coordinator").post(url, {"username": "staff", "extra": "1"}).status_code in (302, 403)
    enrolment.refresh_from_db()
    assert enrolment.extra_attempts == 0  # only central grants
    central.post(url, {"username": "staff", "extra": "1"})
    enrolment.refresh_from_db()
    assert enrolment.extra_attempts == 1
    event = AuditEvent.objects.get(action="learning.attempts.grant")
    assert event.actor == users["central"] and event.after == {"extra_attempts": 1}
    second = take_quiz(learner, course, right=10)
    assert second.number == 2 and second.passed
    page = central.post(url, {"username": "staff", "extra": "1"}, follow=True).content.decode()
    assert "ผ่านแล้ว" in page


def test_the_last_lesson_leads_on_to_the_quiz_until_the_course_is_done(learner):
    course = starter()
    start(learner, course)
    last = course.lessons.order_by("-number").first().number
    page = learner.get(f"/learning/courses/{course.pk}/lessons/{last}/").content.decode()
    assert "ไปทำแบบทดสอบ" in page.split('data-testid="back-to-course"')[1].split("</a>")[0]
    Enrolment.objects.filter(course=course).update(completed_at=timezone.now())
    page = learner.get(f"/learning/courses/{course.pk}/lessons/{last}/").content.decode()
    assert "ไปทำแบบทดสอบ" not in page
