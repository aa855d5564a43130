"""Central's writes to the catalogue: courses, lessons (with files), questions, sessions."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from thaothiam.core import audit

from .models import Choice, Course, Enrolment, Lesson, LessonFile, Question, Session


@transaction.atomic
def course_save(*, course: Course, plan_items, actor) -> Course:
    action = "learning.course.update" if course.pk else "learning.course.create"
    audit.audited_save(course, action, actor=actor)
    course.plan_items.set(plan_items)
    return course


@transaction.atomic
def lesson_save(*, lesson: Lesson, actor, image=None, pdf=None, file_title: str = "") -> Lesson:
    action = "learning.lesson.update" if lesson.pk else "learning.lesson.create"
    audit.audited_save(lesson, action, actor=actor)
    for upload, kind in ((image, LessonFile.Kind.IMAGE), (pdf, LessonFile.Kind.PDF)):
        if upload is not None:
            f = LessonFile.objects.create(lesson=lesson, kind=kind, title=file_title or upload.name, file=upload,
                                          content_type=getattr(upload, "content_type", "") or "application/pdf")
            audit.record("learning.lesson.file", f, actor=actor, note=f.title[:200])
    return lesson


@transaction.atomic
def question_save(*, question: Question, choices: list[tuple[str, bool]], actor) -> Question:
    action = "learning.question.update" if question.pk else "learning.question.create"
    audit.audited_save(question, action, actor=actor)
    existing = list(question.choices.all())
    for index, (text, correct) in enumerate(choices):
        if index < len(existing):  # keep ids so earlier attempts' answers still point somewhere sensible
            choice = existing[index]
            choice.text_th, choice.is_correct = text, correct
            choice.save(update_fields=["text_th", "is_correct"])
        else:
            Choice.objects.create(question=question, text_th=text, is_correct=correct)
    Choice.objects.filter(pk__in=[c.pk for c in existing[len(choices):]]).delete()
    Course.objects.filter(pk=question.course_id).update(bank_version=F("bank_version") + 1)
    return question


@transaction.atomic
def session_save(*, session: Session, actor) -> Session:
    action = "learning.session.update" if session.pk else "learning.session.create"
    audit.audited_save(session, action, actor=actor)
    return session


@transaction.atomic
def attempts_grant(*, course: Course, username: str, extra: int, actor) -> Enrolment:
    """Central grants a learner more quiz attempts on a course (after a technical problem, say). Audited."""
    from django.core.exceptions import ValidationError

    if not 1 <= extra <= 10:
        raise ValidationError(_("Grant from 1 to 10 extra attempts."))
    enrolment = (Enrolment.objects.select_for_update().select_related("user")
                 .filter(course=course, user__username=username.strip()).first())
    if enrolment is None:
        raise ValidationError(_("Nobody with this user name has started this course."))
    if enrolment.attempts.filter(passed=True).exists():
        raise ValidationError(_("This person has already passed the quiz."))
    before = enrolment.extra_attempts
    enrolment.extra_attempts = before + extra
    enrolment.save(update_fields=["extra_attempts"])
    audit.record("learning.attempts.grant", enrolment, actor=actor, agency=enrolment.user.agency,
                 before={"extra_attempts": before}, after={"extra_attempts": enrolment.extra_attempts})
    return enrolment
