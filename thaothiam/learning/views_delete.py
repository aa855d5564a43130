"""Central's deletes, each behind a confirmation page (GET shows what goes and what stops it; POST does it),
with the alternative offered where deleting is refused: withdraw a course, retire a question
(services_delete, docs/decisions/0163). Also editing a classroom session."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from thaothiam.accounts.models import Role
from thaothiam.core.access import roles

from . import services_delete
from .forms_manage import SessionForm
from .models import Course, Lesson, LessonFile, Question, Session


def _confirm(request, *, title, course, subject, goes=(), blockers=(), alternative=None, back, warning=""):
    """The confirmation page: ``alternative`` is (url, button label, explanation) offered instead."""
    return render(request, "learning/manage_confirm.html", {
        "title": title, "course": course, "subject": subject, "goes": list(goes), "blockers": list(blockers),
        "alternative": alternative, "back": back, "warning": warning})


def _refused(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _carry_out(request, action, *, done: str, then: str, refused_to: str | None = None):
    """The POST half of every delete: run the service; a refusal is said and changes nothing."""
    try:
        action()
    except ValidationError as error:
        _refused(request, error)
        return redirect(refused_to or then)
    messages.success(request, done)
    return redirect(then)


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def course_delete(request, pk: int):
    course = get_object_or_404(Course, pk=pk)
    back = reverse("learning:course_manage", args=[course.pk])
    if request.method == "POST":
        return _carry_out(request, lambda: services_delete.course_delete(course=course, actor=request.user),
                          done=_("The course was deleted."), then=reverse("learning:manage"), refused_to=back)
    blockers = services_delete.course_blockers(course)
    goes = [ngettext("%(n)s lesson with its files", "%(n)s lessons with their files", n) % {"n": n}
            for n in [course.lessons.count()] if n]
    goes += [ngettext("%(n)s question", "%(n)s questions", n) % {"n": n} for n in [course.questions.count()] if n]
    goes += [ngettext("%(n)s session", "%(n)s sessions", n) % {"n": n} for n in [course.sessions.count()] if n]
    alternative = None
    if blockers and course.is_published:
        alternative = (reverse("learning:course_withdraw", args=[course.pk]), _("Withdraw from the catalogue"),
                       _("Nobody new can start it; those who started may finish; its records and certificates stay."))
    return _confirm(request, title=_("Delete the course"), course=course, subject=course.title, goes=goes,
                    blockers=blockers, alternative=alternative, back=back)


@roles(Role.CENTRAL)
@require_POST
def course_withdraw(request, pk: int):
    course = get_object_or_404(Course, pk=pk)
    publish = request.POST.get("publish") == "1"
    services_delete.course_withdraw(course=course, published=publish, actor=request.user)
    messages.success(request, _("The course is in the catalogue again.") if publish else
                     _("The course was withdrawn from the catalogue. Those who started it may still finish."))
    return redirect("learning:course_manage", course.pk)


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def question_delete(request, pk: int):
    question = get_object_or_404(Question.objects.select_related("course"), pk=pk)
    back = reverse("learning:course_manage", args=[question.course_id])
    if request.method == "POST":
        return _carry_out(request, lambda: services_delete.question_delete(question=question, actor=request.user),
                          done=_("The question was deleted."), then=back)
    blockers = services_delete.question_blockers(question)
    alternative = None
    if blockers and not question.is_retired:
        alternative = (reverse("learning:question_retire", args=[question.pk]), _("Retire it from the bank"),
                       _("It is no longer drawn for new attempts; past attempts keep it."))
    return _confirm(request, title=_("Delete the question"), course=question.course, subject=question.text,
                    goes=[_("the question and its choices")], blockers=blockers, alternative=alternative, back=back)


@roles(Role.CENTRAL)
@require_POST
def question_retire(request, pk: int):
    question = get_object_or_404(Question, pk=pk)
    restore = request.POST.get("restore") == "1"
    services_delete.question_retire(question=question, retired=not restore, actor=request.user)
    messages.success(request, _("The question is drawn again.") if restore else
                     _("The question was retired: it is no longer drawn for new attempts."))
    return redirect("learning:course_manage", question.course_id)


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def lesson_delete(request, pk: int):
    lesson = get_object_or_404(Lesson.objects.select_related("course"), pk=pk)
    back = reverse("learning:course_manage", args=[lesson.course_id])
    if request.method == "POST":
        return _carry_out(request, lambda: services_delete.lesson_delete(lesson=lesson, actor=request.user),
                          done=_("The lesson was deleted."), then=back)
    goes = [_("the lesson's text")]
    goes += [ngettext("%(n)s file", "%(n)s files", n) % {"n": n} for n in [lesson.files.count()] if n]
    from .models import LessonView

    seen = LessonView.objects.filter(lesson=lesson).count()
    warning = ngettext("%(n)s person has seen this lesson; completions already recorded stay.",
                       "%(n)s people have seen this lesson; completions already recorded stay.",
                       seen) % {"n": seen} if seen else ""
    return _confirm(request, title=_("Delete the lesson"), course=lesson.course, subject=lesson.title, goes=goes,
                    back=back, warning=warning)


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def lesson_file_delete(request, pk: int):
    lesson_file = get_object_or_404(LessonFile.objects.select_related("lesson__course"), pk=pk)
    back = reverse("learning:lesson_edit", args=[lesson_file.lesson_id])
    if request.method == "POST":
        return _carry_out(request, lambda: services_delete.lesson_file_delete(lesson_file=lesson_file,
                                                                              actor=request.user),
                          done=_("The file was deleted."), then=back)
    warning = (_("The lesson's text shows or links this file: edit the text too, or readers will find a broken "
                 "link.") if services_delete.file_in_text(lesson_file) else "")
    return _confirm(request, title=_("Delete the file"), course=lesson_file.lesson.course,
                    subject=f"{lesson_file.get_kind_display()}: {lesson_file.title}", goes=[_("the stored file")],
                    back=back, warning=warning)


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def session_edit(request, pk: int):
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    form = SessionForm(request.POST or None, instance=session)
    locked = session.completions.exists()
    if locked:
        for name in ("starts_on", "ends_on", "agency"):
            form.fields[name].disabled = True
            form.fields[name].help_text = _("Attendance is recorded: this cannot change.")
    if request.method == "POST" and form.is_valid():
        try:
            services_delete.session_update(session=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("learning:session", session.pk)
    return render(request, "learning/manage_form.html", {
        "form": form, "title": _("Edit the session"), "course": session.course})


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def session_delete(request, pk: int):
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    back = reverse("learning:course_manage", args=[session.course_id])
    if request.method == "POST":
        return _carry_out(request, lambda: services_delete.session_delete(session=session, actor=request.user),
                          done=_("The session was deleted."), then=back,
                          refused_to=reverse("learning:session", args=[session.pk]))
    from thaothiam.core.formatting import format_date

    return _confirm(request, title=_("Delete the session"), course=session.course,
                    subject=f"{format_date(session.starts_on)} · {session.place}", goes=[_("the session")],
                    blockers=services_delete.session_blockers(session), back=back)


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def attendance_clear(request, pk: int):
    """Central removes a session's attendance (a wrong sheet was imported) so the right one can be."""
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    back = reverse("learning:session", args=[session.pk])
    if request.method == "POST":
        try:
            people = services_delete.session_attendance_clear(session=session, actor=request.user)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, ngettext("The attendance of %(n)s person was removed.",
                                               "The attendance of %(n)s people was removed.", people) % {"n": people})
        return redirect(back)
    from django.db.models import Sum

    from thaothiam.core.formatting import format_date

    people = session.completions.aggregate(n=Sum("people"))["n"] or 0
    goes = [ngettext("the attendance of %(n)s person", "the attendance of %(n)s people", people) % {"n": people}]
    return _confirm(request, title=_("Remove the attendance"), course=session.course,
                    subject=f"{format_date(session.starts_on)} · {session.place}", goes=goes,
                    blockers=services_delete.attendance_blockers(session), back=back,
                    warning=_("Do this when a wrong sign-in sheet was imported; then import the right one."))
