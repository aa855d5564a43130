"""Reads of the learning app: the catalogue, one person's courses, progress."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from .models import Certificate, Completion, Course, Enrolment, Learner, Session


def catalogue(*, kind: str | None = None):
    courses = (Course.objects.filter(is_published=True).prefetch_related("plan_items__pillar")
               .annotate(lesson_count=Count("lessons", distinct=True)))
    if kind:
        courses = courses.filter(kind=kind)
    return courses.prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("starts_on")))


@dataclass
class Progress:
    course: Course
    enrolment: Enrolment | None
    lessons: int
    seen: int
    passed: bool

    @property
    def percent(self) -> int:
        steps = self.lessons + (1 if self.course.questions_count else 0)
        done = self.seen + (1 if self.passed else 0)
        return round(100 * done / steps) if steps else 0

    @property
    def completed(self) -> bool:
        return bool(self.enrolment and self.enrolment.completed_at)


def my_courses(user) -> dict[str, list]:
    """Courses to take, in progress and completed, for one person's page (a fixed number of queries)."""
    started = Enrolment.objects.filter(user=user).values("course_id")  # a withdrawn course stays for them
    courses = list(Course.objects.filter(Q(is_published=True) | Q(pk__in=started), kind=Course.Kind.ELEARNING)
                   .annotate(lessons_count=Count("lessons", distinct=True),
                             questions_count=Count("questions", distinct=True,
                                                   filter=Q(questions__is_retired=False))))
    enrolments = {e.course_id: e for e in Enrolment.objects.filter(user=user)
                  .annotate(seen=Count("views", distinct=True),
                            passed=Count("attempts", filter=Q(attempts__passed=True), distinct=True))}
    learner = Learner.objects.filter(user=user).values_list("personnel_type", flat=True).first()
    out: dict[str, list] = {"to_take": [], "in_progress": [], "completed": []}
    for course in courses:
        e = enrolments.get(course.pk)
        if e is None and learner and course.audiences and learner not in course.audiences:
            continue  # not meant for this person's personnel type (they can still find it in the catalogue)
        progress = Progress(course, e, course.lessons_count, e.seen if e else 0, bool(e and e.passed))
        key = "to_take" if e is None else ("completed" if e.completed_at else "in_progress")
        out[key].append(progress)
    return out


def sheet_keys(user) -> list[str]:
    """The learner keys a sign-in sheet would have given this person (decision 0165): their account's
    e-mail hashed as ``attendance_import`` hashes it, computed here and stored nowhere. Only an e-mail
    no other account has: two accounts sharing one would each see the other's attendance. (Accounts
    keep no employee ID, so a sheet row keyed by one is not theirs to see here.)"""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from thaothiam.workforce.parser import pseudonym, text

    email = text(getattr(user, "email", "")).lower()
    if "@" not in email or not user.is_active:
        return []
    from django.db.models.functions import Lower, Trim

    others = get_user_model().objects.exclude(pk=user.pk).annotate(normalised=Lower(Trim("email")))
    if others.filter(normalised=email).exists():  # spelt as the sheet's import reads it
        return []
    return [pseudonym("email", email, settings.PSEUDONYM_KEY)]


def _mine(user, keys: list[str]) -> Q:
    return Q(completion__user=user) | Q(completion__learner_key__in=keys) if keys else Q(completion__user=user)


def my_classroom(user, keys: list[str] | None = None):
    """The classroom sessions this person attended, as recorded from sign-in sheets."""
    keys = sheet_keys(user) if keys is None else keys
    if not keys:
        return Completion.objects.none()
    return (Completion.objects.filter(learner_key__in=keys, source=Completion.Source.ATTENDANCE)
            .select_related("course", "session").order_by("-completed_on", "-pk"))


def my_certificates(user, keys: list[str] | None = None):
    """Certificates of their e-learning, and of the classroom sessions their sign-in sheet rows record."""
    keys = sheet_keys(user) if keys is None else keys
    return (Certificate.objects.filter(_mine(user, keys)).select_related("completion__course")
            .order_by("-issued_on"))


def is_mine(user, completion: Completion) -> bool:
    return completion.user_id == user.pk or bool(
        completion.learner_key and completion.learner_key in sheet_keys(user))


def progress_of(enrolment: Enrolment) -> tuple[set[int], list]:
    seen = set(enrolment.views.values_list("lesson_id", flat=True))
    attempts = list(enrolment.attempts.order_by("number"))
    return seen, attempts
