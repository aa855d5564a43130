"""Central removes what it added by mistake — and is refused where removing would destroy records
(docs/decisions/0163-learning-deletes-refused-where-records-exist.md).

- A course with learning records, certificates, change agents or people who started it is never
  deleted: it is withdrawn from the catalogue instead (``course_withdraw``; those who started may finish).
- A question that some attempt drew is never deleted: it is retired from the bank (no longer drawn,
  still there to show and score the attempts that drew it).
- A session with attendance recorded is never deleted, and its dates and organiser cannot change
  (the records carry its last day and fiscal year).
- A lesson file is deleted with its stored file; a lesson with it.

Each function is the only writer of its change, atomic and audited. ``*_blockers`` say, in the active
language, why a delete is refused (the confirmation page shows them before anyone presses the button).
"""

from __future__ import annotations

import contextlib

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Count, F, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thaothiam.core import audit

from .models import (
    Attempt,
    Certificate,
    ChangeAgent,
    Completion,
    Course,
    Enrolment,
    Lesson,
    LessonFile,
    Question,
    Session,
)

LOCKED_SESSION_FIELDS = ("starts_on", "ends_on", "agency_id")


def _remove_files_after_commit(names: list[str]) -> None:
    """Stored files go once the rows are gone for good (a rolled-back delete keeps them)."""
    def remove():
        for name in names:
            with contextlib.suppress(OSError):  # a file already missing is not an error
                default_storage.delete(name)
    if names:
        transaction.on_commit(remove)


def _bump_bank(course_id: int) -> None:
    Course.objects.filter(pk=course_id).update(bank_version=F("bank_version") + 1)


def _complete_those_now_done(course_id: int) -> None:
    """With a lesson fewer (or no quiz left), someone in progress may now have done everything: record
    their completion now, not at a next visit that may never come."""
    from . import services

    for enrolment in Enrolment.objects.filter(course_id=course_id, completed_at__isnull=True).select_related(
            "course", "user__learner", "user__agency"):
        services.complete_if_done(enrolment)


# --- courses ---------------------------------------------------------------------------------------

def course_blockers(course: Course) -> list[str]:
    blockers = []
    completions = Completion.objects.filter(course=course).count()
    if completions:
        blockers.append(ngettext("%(n)s learning record (completion or attendance) counts in reach and the indicators.",
                                 "%(n)s learning records (completions or attendance) count in reach and the indicators.",
                                 completions) % {"n": completions})
    certified = Certificate.objects.filter(completion__course=course).count()
    if certified:
        blockers.append(ngettext("%(n)s certificate was issued for it and can still be verified.",
                                 "%(n)s certificates were issued for it and can still be verified.",
                                 certified) % {"n": certified})
    started = Enrolment.objects.filter(course=course).count()
    if started:
        blockers.append(ngettext("%(n)s person has started it; their progress and quiz attempts would be lost.",
                                 "%(n)s people have started it; their progress and quiz attempts would be lost.",
                                 started) % {"n": started})
    agents = ChangeAgent.objects.filter(course=course).count()
    if agents:
        blockers.append(ngettext("%(n)s change agent is registered with it as their training.",
                                 "%(n)s change agents are registered with it as their training.",
                                 agents) % {"n": agents})
    return blockers


@transaction.atomic
def course_delete(*, course: Course, actor) -> None:
    course = Course.objects.select_for_update().get(pk=course.pk)
    if blockers := course_blockers(course):
        raise ValidationError([_("This course cannot be deleted: withdraw it from the catalogue instead."),
                               *blockers])
    files = list(LessonFile.objects.filter(lesson__course=course).values_list("file", flat=True))
    audit.audited_delete(course, "learning.course.delete", actor=actor,
                         note=f"{course.code} · {course.title_th}"[:300])
    _remove_files_after_commit(files)


@transaction.atomic
def course_withdraw(*, course: Course, published: bool = False, actor) -> Course:
    """Withdraw a course from the catalogue (or publish it again): nobody new can start it; those who
    started may finish; its records, certificates and change agents stay."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.is_published == published:
        return course
    course.is_published = published
    audit.audited_save(course, "learning.course.publish" if published else "learning.course.withdraw", actor=actor)
    return course


# --- questions -------------------------------------------------------------------------------------

def question_attempts(question: Question) -> int:
    """How many attempts drew the question (their question ids are a JSON list)."""
    attempts = Attempt.objects.filter(enrolment__course_id=question.course_id)
    if connection.features.supports_json_field_contains:
        return attempts.filter(question_ids__contains=[question.pk]).count()
    return sum(1 for ids in attempts.values_list("question_ids", flat=True).iterator(chunk_size=2000)
               if question.pk in ids or str(question.pk) in ids)


def question_blockers(question: Question) -> list[str]:
    used = question_attempts(question)
    if not used:
        return []
    return [ngettext("%(n)s quiz attempt drew this question; its answers and score rest on it.",
                     "%(n)s quiz attempts drew this question; their answers and scores rest on it.",
                     used) % {"n": used}]


@transaction.atomic
def question_delete(*, question: Question, actor) -> None:
    question = Question.objects.select_for_update().get(pk=question.pk)
    if blockers := question_blockers(question):
        raise ValidationError([_("This question cannot be deleted: retire it from the bank instead."), *blockers])
    course_id = question.course_id
    choices = list(question.choices.values("text_th", "is_correct"))
    event_note = question.text_th[:300]
    audit.record("learning.question.delete", question, actor=actor,
                 before={**audit.snapshot(question), "choices": choices}, note=event_note)
    question.delete()
    _bump_bank(course_id)
    if not Question.objects.filter(course_id=course_id, is_retired=False).exists():
        _complete_those_now_done(course_id)


@transaction.atomic
def question_retire(*, question: Question, retired: bool = True, actor) -> Question:
    """Retire a question (no longer drawn for new attempts) or bring it back into the bank."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.is_retired == retired:
        return question
    question.is_retired = retired
    audit.audited_save(question, "learning.question.retire" if retired else "learning.question.restore", actor=actor)
    _bump_bank(question.course_id)
    if retired and not Question.objects.filter(course_id=question.course_id, is_retired=False).exists():
        _complete_those_now_done(question.course_id)  # no quiz left: the lessons are the whole course
    return question


# --- lessons and their files -----------------------------------------------------------------------

def file_in_text(lesson_file: LessonFile) -> bool:
    """Whether the lesson's text shows or links the file (its address would then lead nowhere)."""
    from django.urls import reverse

    address = reverse("learning:lesson_file", args=[lesson_file.pk])
    lesson = lesson_file.lesson
    return address in lesson.body_th or address in lesson.body_en


@transaction.atomic
def lesson_file_delete(*, lesson_file: LessonFile, actor) -> None:
    name = lesson_file.file.name
    audit.record("learning.lesson.file.delete", lesson_file, actor=actor, note=lesson_file.title[:300],
                 before={"lesson": lesson_file.lesson_id, "kind": lesson_file.kind, "title": lesson_file.title,
                         "file": name})
    lesson_file.delete()
    _remove_files_after_commit([name])


@transaction.atomic
def lesson_delete(*, lesson: Lesson, actor) -> None:
    """A lesson goes with its files and the marks of who saw it; completions already recorded stay, and
    people in progress need one lesson fewer."""
    files = list(lesson.files.values_list("file", flat=True))
    course_id = lesson.course_id
    audit.audited_delete(lesson, "learning.lesson.delete", actor=actor, note=lesson.title_th[:300])
    _remove_files_after_commit(files)
    _complete_those_now_done(course_id)


# --- sessions --------------------------------------------------------------------------------------

def session_blockers(session: Session) -> list[str]:
    records = Completion.objects.filter(session=session)
    count = records.count()
    if not count:
        return []
    certified = records.filter(certificate__isnull=False).count()
    blockers = [ngettext("%(n)s attendance record counts in reach and the indicators.",
                         "%(n)s attendance records count in reach and the indicators.", count) % {"n": count}]
    if certified:
        blockers.append(ngettext("%(n)s attendee holds a certificate from it.",
                                 "%(n)s attendees hold certificates from it.", certified) % {"n": certified})
    return blockers


@transaction.atomic
def session_update(*, session: Session, actor) -> Session:
    """Save an edited session. With attendance recorded, its dates and organiser stay as they were: the
    records carry its last day, fiscal year and organiser."""
    before = Session.objects.select_for_update().get(pk=session.pk)
    changed = [f for f in LOCKED_SESSION_FIELDS if getattr(before, f) != getattr(session, f)]
    if changed and Completion.objects.filter(session=session).exists():
        raise ValidationError(_("Attendance is recorded for this session, so its dates and organiser cannot change. "
                                "Add a new session for the new dates instead."))
    audit.audited_save(session, "learning.session.update", actor=actor)
    return session


def attendance_blockers(session: Session) -> list[str]:
    certified = Certificate.objects.filter(completion__session=session).count()
    if not certified:
        return []
    return [ngettext("%(n)s attendee holds a certificate from it.",
                     "%(n)s attendees hold certificates from it.", certified) % {"n": certified}]


@transaction.atomic
def session_attendance_clear(*, session: Session, actor) -> int:
    """Remove a session's attendance records (a wrong sign-in sheet was imported), so the right one can be.
    Refused once certificates were issued from them. One audit event with the counts."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if blockers := attendance_blockers(session):
        raise ValidationError([_("The attendance of this session cannot be removed: certificates were issued "
                                 "from it."), *blockers])
    records = Completion.objects.filter(session=session)
    by_source = dict(records.values_list("source").annotate(n=Count("pk")).order_by())
    people = records.aggregate(n=Sum("people"))["n"] or 0
    records.delete()
    audit.record("learning.session.attendance.clear", session, actor=actor, agency=session.agency,
                 before={"records": by_source, "people": people})
    return people


@transaction.atomic
def session_delete(*, session: Session, actor) -> None:
    session = Session.objects.select_for_update().get(pk=session.pk)
    if blockers := session_blockers(session):
        raise ValidationError([_("This session cannot be deleted: it stays as the record of who attended."),
                               *blockers])
    audit.audited_delete(session, "learning.session.delete", actor=actor, note=str(session.starts_on))
