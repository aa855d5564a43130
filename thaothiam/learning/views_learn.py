"""The staff side: the catalogue, taking an e-learning course (lessons, quiz), my learning,
certificates, and the public verification page."""

from __future__ import annotations

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thaothiam.accounts.models import Role
from thaothiam.core.access import public, signed_in

from . import certificates, selectors, services
from .forms import LearnerForm, QuizForm, VerifyForm
from .models import Attempt, Certificate, Course, Enrolment, LessonFile
from .render import render_markdown, video_embed_url


def _elearning(pk: int, request=None) -> Course:
    """A published course; a withdrawn one (decision 0163) only for those who started it, and for central's
    preview. Without ``request`` (starting a course), published only."""
    course = get_object_or_404(Course, pk=pk)
    if not course.is_published and not (request is not None and _may_see_withdrawn(request, course)):
        raise Http404
    return course


def _may_see_withdrawn(request, course: Course) -> bool:
    return request.access.has(Role.CENTRAL) or Enrolment.objects.filter(user=request.user, course=course).exists()


def _enrolment(request, course: Course) -> Enrolment | None:
    return Enrolment.objects.filter(user=request.user, course=course).first()


@signed_in
@require_GET
def catalogue(request):
    courses = list(selectors.catalogue())
    return render(request, "learning/catalogue.html", {
        "elearning": [c for c in courses if c.is_elearning], "classroom": [c for c in courses if not c.is_elearning]})


@signed_in
@require_GET
def my_learning(request):
    keys = selectors.sheet_keys(request.user)
    return render(request, "learning/mine.html", {
        "courses": selectors.my_courses(request.user), "classroom": selectors.my_classroom(request.user, keys),
        "certificates": selectors.my_certificates(request.user, keys)})


@signed_in
@require_http_methods(["GET", "POST"])
def profile(request):
    learner = getattr(request.user, "learner", None)
    initial = {"sex": learner.sex, "personnel_type": learner.personnel_type} if learner else None
    form = LearnerForm(request.POST or None, initial=initial)
    next_url = request.POST.get("next") or request.GET.get("next") or reverse("learning:mine")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("learning:mine")
    if request.method == "POST" and form.is_valid():
        services.learner_set(user=request.user, **form.cleaned_data)
        return redirect(next_url)
    return render(request, "learning/profile.html", {"form": form, "next": next_url})


@signed_in
@require_GET
def course_detail(request, pk: int):
    course = _elearning(pk, request)
    enrolment = _enrolment(request, course) if course.is_elearning else None
    seen, attempts = selectors.progress_of(enrolment) if enrolment else (set(), [])
    open_attempt = next((a for a in attempts if a.submitted_at is None), None)
    submitted = [a for a in attempts if a.submitted_at is not None]
    context = {
        "course": course, "enrolment": enrolment, "lessons": course.lessons.all(), "seen": seen,
        "attempts": submitted, "open_attempt": open_attempt, "passed": any(a.passed for a in submitted),
        "has_quiz": course.questions.filter(is_retired=False).exists(), "sessions": course.sessions.select_related("agency"),
        "attempts_left": services.attempts_left(course, len(submitted),
                                                 enrolment.extra_attempts if enrolment else 0),
        "wait_until": services.next_attempt_at(enrolment) if enrolment else None,
        "certificate": selectors.my_certificates(request.user).filter(completion__course=course).first(),
        "recordable": _recordable_sessions(request, course),
    }
    return render(request, "learning/course.html", context)


def _recordable_sessions(request, course: Course) -> set[int]:
    """The sessions whose attendance this person may record: central all, a coordinator their agency's."""
    if course.is_elearning:
        return set()
    sessions = course.sessions.all()
    if not request.access.has(Role.CENTRAL):
        ids = request.access.agency_ids(Role.COORDINATOR)
        sessions = sessions.exclude(agency=None) if ids is None else sessions.filter(agency_id__in=sorted(ids))
    return set(sessions.values_list("pk", flat=True))


@signed_in
@require_POST
def course_start(request, pk: int):
    course = _elearning(pk)
    if not hasattr(request.user, "learner"):
        return redirect(reverse("learning:profile") + "?next=" + reverse("learning:course", args=[course.pk]))
    try:
        services.enrolment_start(user=request.user, course=course)
    except services.LearningError as error:
        messages.error(request, str(error))
        return redirect("learning:course", course.pk)
    first = course.lessons.first()
    return redirect("learning:lesson", course.pk, first.number) if first else redirect("learning:course", course.pk)


@signed_in
@require_GET
def lesson(request, pk: int, number: int):
    course = _elearning(pk, request)
    enrolment = _enrolment(request, course)
    if enrolment is None:
        return redirect("learning:course", course.pk)
    lessons = list(course.lessons.all())
    current = next((item for item in lessons if item.number == number), None)
    if current is None:
        raise Http404
    services.lesson_seen(enrolment=enrolment, lesson=current)
    index = lessons.index(current)
    last = index + 1 == len(lessons)
    quiz_waits = last and enrolment.completed_at is None and course.questions.filter(is_retired=False).exists()
    return render(request, "learning/lesson.html", {
        "quiz_waits": quiz_waits,
        "course": course, "lesson": current, "body": render_markdown(current.body),
        "video_embed": video_embed_url(current.video_url), "files": current.files.all(),
        "previous": lessons[index - 1] if index > 0 else None,
        "next": lessons[index + 1] if index + 1 < len(lessons) else None,
        "position": index + 1, "total": len(lessons)})


@signed_in
@require_POST
def quiz_start(request, pk: int):
    course = _elearning(pk, request)
    enrolment = _enrolment(request, course)
    if enrolment is None:
        return redirect("learning:course", course.pk)
    try:
        attempt = services.attempt_start(enrolment=enrolment)
    except services.LearningError as error:
        messages.error(request, str(error))
        return redirect("learning:course", course.pk)
    return redirect("learning:attempt", attempt.pk)


def _own_attempt(request, pk: int) -> Attempt:
    """The signed-in person's attempt with its course; its enrolment's user is `request.user` (already
    loaded: joining the user, its agency and its learner profile again cost a quarter of a quiz
    submission's CPU; a passing submission reads those two when it records the completion)."""
    attempt = get_object_or_404(Attempt.objects.select_related("enrolment__course"), pk=pk,
                                enrolment__user_id=request.user.pk)
    attempt.enrolment.user = request.user
    return attempt


@signed_in
@require_http_methods(["GET", "POST"])
def attempt(request, pk: int):
    attempt = _own_attempt(request, pk)
    if attempt.submitted_at is not None:
        return redirect("learning:result", attempt.pk)
    bank = services.bank_for(attempt.question_ids, attempt.enrolment.course)
    form = QuizForm(request.POST or None, questions=bank.questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.attempt_submit(attempt=attempt, answers=form.answers(), bank=bank)
        except services.LearningError as error:
            messages.error(request, str(error))
            return redirect("learning:course", attempt.enrolment.course_id)
        return redirect("learning:result", attempt.pk)
    return render(request, "learning/quiz.html", {"attempt": attempt, "course": attempt.enrolment.course,
                                                  "form": form})


@signed_in
@require_GET
def result(request, pk: int):
    attempt = _own_attempt(request, pk)
    if attempt.submitted_at is None:
        return redirect("learning:attempt", attempt.pk)
    bank = services.bank_for(attempt.question_ids, attempt.enrolment.course)
    _right, per_question = services.score_answers(bank, {int(k): set(v) for k, v in attempt.answers.items()})
    rows = [{"question": q, "correct": per_question[q.pk], "chosen": set(attempt.answers.get(str(q.pk), []))}
            for q in bank.questions]
    enrolment = attempt.enrolment
    return render(request, "learning/result.html", {
        "attempt": attempt, "course": enrolment.course, "rows": rows,
        "completed": Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=False).exists()})


@signed_in
@require_GET
def certificate_download(request, pk: int):
    certificate = get_object_or_404(Certificate.objects.select_related("completion__course", "completion__agency"),
                                    pk=pk)
    if not selectors.is_mine(request.user, certificate.completion) and not request.access.has(Role.CENTRAL):
        raise Http404
    if not certificate.is_valid:
        messages.error(request, _("This certificate has been revoked."))
        return redirect("learning:mine")
    response = HttpResponse(certificates.certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response


@signed_in
@require_GET
def lesson_file(request, pk: int):
    """A lesson's image or PDF, for signed-in people (media files are never served publicly)."""
    f = get_object_or_404(LessonFile.objects.select_related("lesson__course"), pk=pk)
    if not f.lesson.course.is_published and not _may_see_withdrawn(request, f.lesson.course):
        raise Http404
    try:
        handle = default_storage.open(f.file.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=f.content_type, as_attachment=f.kind == LessonFile.Kind.PDF,
                            filename=f.file.name.rsplit("/", 1)[-1])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@public
@require_GET
def verify(request, code: str | None = None):
    form = VerifyForm(request.GET or None)
    if code is None and form.is_valid():
        return redirect("learning:verify", certificates.normalise_code(form.cleaned_data["code"]))
    certificate = None
    if code is not None:
        certificate = (Certificate.objects.select_related("completion__course")
                       .filter(code=certificates.normalise_code(code)).first())
    return render(request, "learning/verify.html", {
        "form": form, "code": code, "certificate": certificate,
        "pretty": certificates.pretty_code(certificate.code) if certificate else ""})
