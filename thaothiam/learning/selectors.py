"""Reads of the learning app: the catalogue, one person's courses, progress."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from .models import Certificate, Course, Enrolment, Learner, Session


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


def my_certificates(user):
    return (Certificate.objects.filter(completion__user=user).select_related("completion__course")
            .order_by("-issued_on"))


def progress_of(enrolment: Enrolment) -> tuple[set[int], list]:
    seen = set(enrolment.views.values_list("lesson_id", flat=True))
    attempts = list(enrolment.attempts.order_by("number"))
    return seen, attempts
