"""Central manages the catalogue, lessons, the question bank, sessions and certificates."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thaothiam.accounts.models import Role
from thaothiam.core.access import roles

from . import certificates, exports, services_manage
from .forms import RevokeForm
from .forms_manage import CourseForm, LessonForm, QuestionForm, SessionForm
from .models import Certificate, Course, Lesson, Question, Session


@roles(Role.CENTRAL)
@require_GET
def manage_index(request):
    courses = Course.objects.annotate(lesson_count=Count("lessons", distinct=True),
                                      question_count=Count("questions", distinct=True),
                                      session_count=Count("sessions", distinct=True))
    from thaothiam.core.formatting import format_fiscal_year

    from .models import Completion

    years = sorted(set(Completion.objects.values_list("fiscal_year", flat=True).distinct()), reverse=True)
    return render(request, "learning/manage.html", {
        "courses": courses, "export_years": [(y, format_fiscal_year(y)) for y in years]})


@roles(Role.CENTRAL)
@require_GET
def course_manage(request, pk: int):
    course = get_object_or_404(Course, pk=pk)
    return render(request, "learning/manage_course.html", {
        "course": course, "lessons": course.lessons.prefetch_related("files"),
        "questions": course.questions.prefetch_related("choices"), "sessions": course.sessions.select_related("agency"),
        "active_questions": course.questions.filter(is_retired=False).count()})


@roles(Role.CENTRAL)
@require_POST
def attempts_grant(request, pk: int):
    """Central grants a learner extra quiz attempts on this course."""
    from django.core.exceptions import ValidationError

    course = get_object_or_404(Course, pk=pk)
    extra = request.POST.get("extra", "")
    try:
        enrolment = services_manage.attempts_grant(course=course, username=request.POST.get("username", ""),
                                                   extra=int(extra) if extra.isdigit() else 0, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("%(user)s may now make %(n)s more attempts than the course allows.")
                         % {"user": enrolment.user.username, "n": enrolment.extra_attempts})
    return redirect("learning:course_manage", course.pk)


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def course_edit(request, pk: int | None = None):
    course = get_object_or_404(Course, pk=pk) if pk else None
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        saved = services_manage.course_save(course=form.save(commit=False), plan_items=form.cleaned_data["plan_items"],
                                            actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("learning:course_manage", saved.pk)
    return render(request, "learning/manage_form.html", {
        "form": form, "title": _("Edit the course") if course else _("Add a course"), "course": course})


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def lesson_edit(request, pk: int):
    if request.resolver_match.url_name == "lesson_new":
        course, lesson = get_object_or_404(Course, pk=pk), None
    else:
        lesson = get_object_or_404(Lesson.objects.select_related("course"), pk=pk)
        course = lesson.course
    instance = lesson or Lesson(course=course, number=course.lessons.count() + 1)
    form = LessonForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services_manage.lesson_save(lesson=form.save(commit=False), actor=request.user,
                                    image=form.cleaned_data.get("image"), pdf=form.cleaned_data.get("pdf"),
                                    file_title=form.cleaned_data.get("file_title") or "")
        messages.success(request, _("Saved."))
        return redirect("learning:course_manage", course.pk)
    return render(request, "learning/manage_form.html", {
        "form": form, "title": _("Edit the lesson") if lesson else _("Add a lesson"), "course": course,
        "files": lesson.files.all() if lesson else [], "multipart": True})


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def question_edit(request, pk: int):
    if request.resolver_match.url_name == "question_new":
        course, question = get_object_or_404(Course, pk=pk), None
    else:
        question = get_object_or_404(Question.objects.select_related("course"), pk=pk)
        course = question.course
    form = QuestionForm(request.POST or None, instance=question or Question(course=course))
    if request.method == "POST" and form.is_valid():
        services_manage.question_save(question=form.save(commit=False), choices=form.parsed_choices,
                                      actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("learning:course_manage", course.pk)
    return render(request, "learning/manage_form.html", {
        "form": form, "title": _("Edit the question") if question else _("Add a question"), "course": course})


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def session_new(request, pk: int):
    course = get_object_or_404(Course, pk=pk, kind=Course.Kind.CLASSROOM)
    form = SessionForm(request.POST or None, instance=Session(course=course))
    if request.method == "POST" and form.is_valid():
        services_manage.session_save(session=form.save(commit=False), actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("learning:course_manage", course.pk)
    return render(request, "learning/manage_form.html", {"form": form, "title": _("Add a session"), "course": course})


@roles(Role.CENTRAL)
@require_GET
def certificate_list(request):
    """The latest certificates, or those found by verification code or by the holder's name."""
    from django.db.models import Q

    wanted = (request.GET.get("q") or request.GET.get("code") or "").strip()[:100]
    found = (Certificate.objects.select_related("completion__course", "completion__agency")
             .order_by("-issued_on", "-pk"))
    if wanted:
        code = certificates.normalise_code(wanted)
        found = found.filter((Q(code=code) if code else Q(pk__in=[])) | Q(completion__name__icontains=wanted))
    return render(request, "learning/certificates.html", {"certificates": found[:100], "code": wanted,
                                                          "form": RevokeForm()})


@roles(Role.CENTRAL)
@require_POST
def certificate_revoke(request, pk: int):
    certificate = get_object_or_404(Certificate, pk=pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for revoking the certificate."))
        return redirect("learning:certificates")
    try:
        certificates.certificate_revoke(certificate=certificate, reason=form.cleaned_data["reason"],
                                        actor=request.user)
        messages.success(request, _("The certificate was revoked."))
    except certificates.CertificateError as error:
        messages.error(request, str(error))
    return redirect("learning:certificates")


@roles(Role.CENTRAL)
@require_GET
def completions_export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    return exports.completions_response(fmt, fy=request.GET.get("fy"), course=request.GET.get("course"),
                                        actor=request.user)
