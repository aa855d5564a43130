"""Writes of the learning app: the learner's profile, progress, quiz attempts and completion.

Every function is keyword-only, atomic and audited. Errors a person can cause raise
``LearningError`` with a message in the active language, and change nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from thaothiam.core import audit
from thaothiam.core.fiscal import fiscal_year

from .models import (
    Attempt,
    Certificate,
    Choice,
    Completion,
    Course,
    Enrolment,
    Learner,
    Lesson,
    LessonView,
    Question,
)

# what the quiz page loads with an attempt, so that submitting needs no further reads of them
ATTEMPT_RELATIONS = ("enrolment__course", "enrolment__user__agency", "enrolment__user__learner")


class LearningError(Exception):
    """A refused action, with a message for the person."""


def learner_set(*, user, sex: str, personnel_type: str) -> Learner:
    with transaction.atomic():
        learner, created = Learner.objects.update_or_create(
            user=user, defaults={"sex": sex, "personnel_type": personnel_type})
        audit.record("learning.learner.set", learner, actor=user, agency=user.agency,
                     note="created" if created else "updated")
    return learner


@transaction.atomic
def enrolment_start(*, user, course: Course) -> Enrolment:
    if not course.is_published or not course.is_elearning:
        raise LearningError(_("This course cannot be taken online."))
    if not hasattr(user, "learner"):
        raise LearningError(_("Tell us your sex and personnel type first."))
    if user.agency_id is None:
        raise LearningError(_("Your account has no agency; ask your coordinator to set it."))
    enrolment, created = Enrolment.objects.get_or_create(user=user, course=course)
    if created:
        audit.record("learning.enrolment.start", enrolment, actor=user, agency=user.agency)
    return enrolment


@transaction.atomic
def lesson_seen(*, enrolment: Enrolment, lesson) -> bool:
    """Mark a lesson seen; completes the course when it was the last thing missing."""
    if lesson.course_id != enrolment.course_id:
        raise LearningError(_("This lesson is not part of the course."))
    _view, created = LessonView.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    if created:
        complete_if_done(enrolment)
    return created


# --- the quiz ------------------------------------------------------------------------------------

def attempts_left(course: Course, submitted: int, extra: int = 0) -> int | None:
    """Attempts still allowed (None: no limit); ``extra`` is what central granted this learner."""
    return None if course.max_attempts == 0 else max(course.max_attempts + extra - submitted, 0)


def next_attempt_at(enrolment: Enrolment, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the next attempt may start, if the waiting time after the last one has not passed."""
    last = enrolment.attempts.filter(submitted_at__isnull=False).order_by("-number").first()
    if last is None or enrolment.course.wait_minutes == 0:
        return None
    ready = last.submitted_at + dt.timedelta(minutes=enrolment.course.wait_minutes)
    return ready if ready > (now or timezone.now()) else None


@transaction.atomic
def attempt_start(*, enrolment: Enrolment, now: dt.datetime | None = None) -> Attempt:
    """The open attempt, or a new one with N questions drawn at random from the bank."""
    enrolment = Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment.pk)
    course = enrolment.course
    open_attempt = enrolment.attempts.filter(submitted_at__isnull=True).first()
    if open_attempt is not None:  # the same questions until it is submitted: no redrawing
        return open_attempt
    submitted = list(enrolment.attempts.filter(submitted_at__isnull=False).values_list("passed", flat=True))
    if any(submitted):
        raise LearningError(_("You have already passed this quiz."))
    if attempts_left(course, len(submitted), enrolment.extra_attempts) == 0:
        raise LearningError(_("You have used all your attempts at this quiz."))
    if (ready := next_attempt_at(enrolment, now)) is not None:
        from thaothiam.core.formatting import format_datetime

        raise LearningError(_("You can try again from %(time)s.") % {"time": format_datetime(ready)})
    bank = list(course.questions.filter(is_retired=False).values_list("pk", flat=True))
    if not bank:
        raise LearningError(_("This course has no quiz questions yet."))
    drawn = secrets.SystemRandom().sample(bank, min(course.quiz_questions, len(bank)))
    attempt = Attempt.objects.create(enrolment=enrolment, number=len(submitted) + 1, question_ids=drawn)
    audit.record("learning.attempt.start", attempt, actor=enrolment.user, agency=enrolment.user.agency)
    return attempt


@dataclass(frozen=True)
class Bank:
    """The drawn questions of an attempt with their choices, read in one query: what the quiz form shows
    and what scoring checks against."""

    questions: list[Question]  # in the attempt's order, each with ``.choice_list``

    @property
    def kinds(self) -> dict[int, str]:
        return {q.pk: q.kind for q in self.questions}

    @property
    def choice_owner(self) -> dict[int, int]:
        return {c.pk: q.pk for q in self.questions for c in q.choice_list}

    @property
    def correct(self) -> dict[int, set[int]]:
        return {q.pk: {c.pk for c in q.choice_list if c.is_correct} for q in self.questions}


_banks: dict[tuple[int, int], dict[int, Question]] = {}  # (course, bank_version) -> questions with choices


def _course_bank(course: Course) -> dict[int, Question]:
    """A course's whole question bank, read once per process and bank version (central's edits raise it)."""
    key = (course.pk, course.bank_version)
    if key not in _banks:
        by_id: dict[int, Question] = {}
        for choice in Choice.objects.filter(question__course=course).select_related("question").order_by("pk"):
            question = by_id.setdefault(choice.question_id, choice.question)
            question.__dict__.setdefault("choice_list", []).append(choice)
        if len(_banks) > 200:
            _banks.clear()
        _banks[key] = by_id
    return _banks[key]


def bank_for(question_ids: list[int], course: Course | None = None) -> Bank:
    """The drawn questions (in the attempt's order) with their choices."""
    if course is not None:
        by_id = _course_bank(course)
        if any(int(q) not in by_id for q in question_ids):  # a stale entry (e.g. a restored database)
            _banks.pop((course.pk, course.bank_version), None)
            by_id = _course_bank(course)
    else:
        by_id = {}
        for choice in Choice.objects.filter(question_id__in=question_ids).select_related("question").order_by("pk"):
            question = by_id.setdefault(choice.question_id, choice.question)
            question.__dict__.setdefault("choice_list", []).append(choice)
    return Bank([by_id[int(q)] for q in question_ids if int(q) in by_id])


def score_answers(bank: Bank, answers: dict[int, set[int]]) -> tuple[int, dict[int, bool]]:
    """(number correct, {question: correct?}): a question is right when exactly its correct choices are chosen."""
    results = {q: bool(right) and answers.get(q, set()) == right for q, right in bank.correct.items()}
    return sum(results.values()), results


@transaction.atomic
def attempt_submit(*, attempt: Attempt, answers: dict[int, set[int]], bank: Bank | None = None,
                   now: dt.datetime | None = None) -> Attempt:
    """Score an attempt once. ``answers`` maps each drawn question to the chosen choice ids.

    Submitting is one conditional UPDATE (only while ``submitted_at`` is empty), so two submissions of
    the same attempt cannot both count, without holding a row lock for the request."""
    if not Attempt.enrolment.is_cached(attempt) or not Enrolment.user.is_cached(attempt.enrolment):
        attempt = Attempt.objects.select_related(*ATTEMPT_RELATIONS).get(pk=attempt.pk)
    if attempt.submitted_at is not None:
        raise LearningError(_("This attempt has already been submitted."))
    drawn = [int(q) for q in attempt.question_ids]
    if bank is None or [q.pk for q in bank.questions] != drawn:
        bank = bank_for(drawn, attempt.enrolment.course)
    kinds, owner = bank.kinds, bank.choice_owner
    clean: dict[int, set[int]] = {}
    for question_id, chosen in answers.items():
        if question_id not in kinds or any(owner.get(c) != question_id for c in chosen):
            raise LearningError(_("The answers do not match the questions of this attempt."))
        if kinds[question_id] != Question.Kind.MULTIPLE and len(chosen) > 1:
            raise LearningError(_("Choose only one answer for this question."))
        clean[question_id] = set(chosen)
    right, _results = score_answers(bank, clean)
    enrolment = attempt.enrolment
    attempt.answers = {str(q): sorted(c) for q, c in clean.items()}
    attempt.correct = right
    attempt.score = round(100 * right / len(drawn))
    attempt.passed = attempt.score >= enrolment.course.pass_mark
    attempt.submitted_at = now or timezone.now()
    fields = ["answers", "correct", "score", "passed", "submitted_at"]
    if not Attempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
            **{f: getattr(attempt, f) for f in fields}):
        raise LearningError(_("This attempt has already been submitted."))
    # No audit event per submission: the attempt row is itself the record (who, when, answers, score) and
    # is written once; the completion it may bring is audited (docs/decisions/0081).
    if attempt.passed:
        complete_if_done(enrolment, now=attempt.submitted_at, quiz_passed=True)
    return attempt


# --- completion ----------------------------------------------------------------------------------

def is_complete(enrolment: Enrolment, *, quiz_passed: bool | None = None) -> bool:
    """Every lesson seen and the quiz passed (a course without questions needs only the lessons)."""
    course = enrolment.course
    seen = list(Lesson.objects.filter(course_id=enrolment.course_id).annotate(
        seen=Exists(LessonView.objects.filter(enrolment=enrolment, lesson=OuterRef("pk")))).values_list("seen", flat=True))
    if not seen or not all(seen):
        return False
    if quiz_passed:
        return True
    if not course.questions.filter(is_retired=False).exists():
        return True
    return enrolment.attempts.filter(passed=True).exists()


def complete_if_done(enrolment: Enrolment, now: dt.datetime | None = None, *,
                      quiz_passed: bool | None = None) -> Completion | None:
    if not Enrolment.user.is_cached(enrolment) or not Enrolment.course.is_cached(enrolment):
        enrolment = Enrolment.objects.select_related("course", "user__learner", "user__agency").get(pk=enrolment.pk)
    if enrolment.completed_at is not None or not is_complete(enrolment, quiz_passed=quiz_passed):
        return None
    now = now or timezone.now()
    # the conditional UPDATE is the guard: of two concurrent requests only one completes the course
    if not Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(completed_at=now):
        return None
    enrolment.completed_at = now
    user = enrolment.user
    day = timezone.localdate(now)
    try:
        with transaction.atomic():
            completion = Completion.objects.create(
                course=enrolment.course, source=Completion.Source.ELEARNING, completed_on=day,
                fiscal_year=fiscal_year(day), agency_id=user.agency_id, sex=user.learner.sex,
                personnel_type=user.learner.personnel_type, user=user, learner_key=f"u{user.pk}",
                name=user.get_full_name() or user.username)
    except IntegrityError:  # already recorded (e.g. the same person attended the classroom course)
        return None
    certificate = None
    if enrolment.course.gives_certificate:
        from .certificates import new_code

        certificate = Certificate.objects.create(completion=completion, code=new_code(), issued_on=day)
    # one event for the completion and the certificate that comes with it
    audit.record("learning.completion.create", completion, actor=user, agency=user.agency,
                 after={"course": enrolment.course_id, "certificate": certificate.pk if certificate else None})
    return completion
