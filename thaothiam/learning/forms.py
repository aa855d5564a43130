"""Forms of the learning app (staff side: the learner's profile and the quiz)."""

from __future__ import annotations

from functools import partial

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thaothiam.core import vocabulary
from thaothiam.core.forms import BootstrapMixin, bootstrap, field_from_prototype

from .models import Question


class LearnerForm(BootstrapMixin, forms.Form):
    sex = forms.ChoiceField(label=gettext_lazy("Sex"), choices=vocabulary.choices(vocabulary.SEX),
                            widget=forms.RadioSelect)
    personnel_type = forms.ChoiceField(label=gettext_lazy("Personnel type"),
                                       choices=[("", "—")] + vocabulary.choices(vocabulary.PERSONNEL_TYPES))


def _question_field(q: Question) -> forms.Field:
    choices = [(c.pk, c.text) for c in q.choice_list]
    if q.kind == Question.Kind.MULTIPLE:
        return forms.TypedMultipleChoiceField(
            choices=choices, coerce=int, required=False, label=q.text,
            widget=forms.CheckboxSelectMultiple)
    return forms.TypedChoiceField(choices=choices, coerce=int, label=q.text,
                                  widget=forms.RadioSelect,
                                  error_messages={"required": gettext_lazy("Choose an answer.")})


class QuizForm(forms.Form):
    """One field per drawn question: radio buttons, or check boxes for a multiple-choice question."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:  # the bank's questions are kept per process: fields are copied, not rebuilt
            self.fields[f"q{q.pk}"] = field_from_prototype(q, partial(_question_field, q))
        bootstrap(self)

    def clean(self):
        data = super().clean()
        for q in self.questions:
            if q.kind == Question.Kind.MULTIPLE and not data.get(f"q{q.pk}"):
                self.add_error(f"q{q.pk}", _("Choose at least one answer."))
        return data

    def answers(self) -> dict[int, set[int]]:
        out = {}
        for q in self.questions:
            value = self.cleaned_data.get(f"q{q.pk}")
            out[q.pk] = set(value) if isinstance(value, list) else ({value} if value is not None else set())
        return out


class RevokeForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)


class VerifyForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=gettext_lazy("Verification code"), max_length=40)
