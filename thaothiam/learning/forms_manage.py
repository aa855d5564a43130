"""Central's forms: courses, lessons, questions, sessions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thaothiam.core import vocabulary
from thaothiam.core.dates import BuddhistDateField
from thaothiam.core.forms import BootstrapMixin
from thaothiam.plans.models import PlanItem

from .models import Course, Lesson, Question, Session

MAX_FILE_MB = 20


class CourseForm(BootstrapMixin, forms.ModelForm):
    audiences = forms.MultipleChoiceField(label=gettext_lazy("audiences (personnel types)"), required=False,
                                          choices=vocabulary.choices(vocabulary.PERSONNEL_TYPES),
                                          widget=forms.CheckboxSelectMultiple,
                                          help_text=gettext_lazy("None ticked: everyone."))

    class Meta:
        model = Course
        fields = ["code", "kind", "title_th", "title_en", "summary_th", "summary_en", "provider_th", "provider_en",
                  "plan_items", "audiences", "trains_change_agents", "is_published", "quiz_questions", "pass_mark",
                  "max_attempts", "wait_minutes", "gives_certificate"]
        widgets = {"plan_items": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_items"].queryset = PlanItem.objects.filter(pillar__plan__is_current=True).select_related(
            "pillar")
        for name in ("quiz_questions", "pass_mark", "max_attempts", "wait_minutes"):
            self.fields[name].help_text = _("E-learning only: a classroom course ignores it.")


class LessonForm(BootstrapMixin, forms.ModelForm):
    video_url = forms.URLField(label=gettext_lazy("video address"), required=False, assume_scheme="https")
    image = forms.FileField(label=gettext_lazy("add an image (PNG, JPEG or WebP)"), required=False,
                            help_text=gettext_lazy("After saving, its address is listed below for use in the text."))
    pdf = forms.FileField(label=gettext_lazy("add a PDF attachment"), required=False)
    file_title = forms.CharField(label=gettext_lazy("title of the file"), max_length=200, required=False)

    class Meta:
        model = Lesson
        fields = ["number", "title_th", "title_en", "body_th", "body_en", "video_url"]
        widgets = {"body_th": forms.Textarea(attrs={"rows": 16}), "body_en": forms.Textarea(attrs={"rows": 8})}

    def clean_pdf(self):
        f = self.cleaned_data.get("pdf")
        if f is None:
            return f
        if not f.name.lower().endswith(".pdf") or f.read(5) != b"%PDF-":
            raise forms.ValidationError(_("The attachment must be a PDF file."))
        f.seek(0)
        f.content_type = "application/pdf"
        return _not_too_large(f)

    def clean_image(self):
        """Known raster formats only, by their first bytes (never SVG: it can carry script)."""
        f = self.cleaned_data.get("image")
        if f is None:
            return f
        head = f.read(12)
        f.seek(0)
        kind = image_type(head)
        if kind is None:
            raise forms.ValidationError(_("The image must be a PNG, JPEG or WebP file."))
        f.content_type = kind
        return _not_too_large(f)


def image_type(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def _not_too_large(f):
    if f.size > MAX_FILE_MB * 1024 * 1024:
        raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_FILE_MB})
    return f


class QuestionForm(BootstrapMixin, forms.ModelForm):
    choices_th = forms.CharField(
        label=gettext_lazy("choices (Thai), one per line; start the correct ones with *"),
        widget=forms.Textarea(attrs={"rows": 5}))

    class Meta:
        model = Question
        fields = ["kind", "text_th", "text_en", "feedback_th", "feedback_en"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["choices_th"] = "\n".join(("*" if c.is_correct else "") + c.text_th
                                                   for c in self.instance.choices.all())

    def clean(self):
        data = super().clean()
        lines = [line.strip() for line in (data.get("choices_th") or "").splitlines() if line.strip()]
        parsed = [(line.lstrip("*").strip(), line.startswith("*")) for line in lines]
        correct = sum(ok for _t, ok in parsed)
        kind = data.get("kind")
        if len(parsed) < 2:
            self.add_error("choices_th", _("Give at least two choices."))
        elif correct == 0:
            self.add_error("choices_th", _("Mark at least one correct choice with *."))
        elif kind != Question.Kind.MULTIPLE and correct != 1:
            self.add_error("choices_th", _("A single-choice or true/false question has exactly one correct choice."))
        elif kind == Question.Kind.TRUE_FALSE and len(parsed) != 2:
            self.add_error("choices_th", _("A true/false question has exactly two choices."))
        self.parsed_choices = parsed
        return data


class SessionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = ["starts_on", "ends_on", "place_th", "place_en", "capacity", "target_group_th", "target_group_en",
                  "agency"]
        field_classes = {"starts_on": BuddhistDateField, "ends_on": BuddhistDateField}

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return data
