from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from thaothiam.agencies.models import Agency
from thaothiam.core.dates import BuddhistDateField
from thaothiam.core.fiscal import to_be
from thaothiam.core.formatting import format_date
from thaothiam.core.forms import BootstrapMixin
from thaothiam.reporting.uploads import check_evidence

from .models import Category, Measure, Outcome, Relationship, State, Want

MAX_FILES = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files, each checked by content like reporting's evidence files (≤ 20 MB each)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FILES:
            raise ValidationError(_("At most %(n)s files at a time.") % {"n": MAX_FILES})
        cleaned = []
        for upload in files:
            super().clean(upload, initial)
            cleaned.append((upload, check_evidence(upload)))
        return cleaned


def _officer_label(user) -> str:
    name = user.get_full_name() or user.username
    agency = user.agency.name if user.agency_id else ""
    return f"{name} — {agency}" if agency else name


class OfficerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _officer_label(obj)


class OfficerChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _officer_label(obj)


def _years():
    this = dt.date.today().year
    return [("", "—")] + [(str(y), str(to_be(y))) for y in range(this, this - 11, -1)]


MONTHS = [("", "—")] + [(str(m), format_date(dt.date(2000, m, 1), long=True).split(" ")[1]) for m in range(1, 13)]


class ReportForm(BootstrapMixin, forms.Form):
    identity = forms.ChoiceField(
        label=_("Do you want to give your name?"), widget=forms.RadioSelect,
        choices=[("anonymous", _("No — report anonymously")), ("named", _("Yes — give my name"))])
    name = forms.CharField(label=_("Your name"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("What happened?"), choices=Category.choices, widget=forms.RadioSelect)
    agency = forms.ModelChoiceField(label=_("Agency where it happened"), queryset=Agency.objects.none(),
                                    to_field_name="code")
    place = forms.CharField(label=_("Place (optional)"), required=False, max_length=300)
    when_month = forms.ChoiceField(label=_("Month"), required=False, choices=())
    when_year = forms.ChoiceField(label=_("Year (B.E.)"), required=False, choices=())
    ongoing = forms.BooleanField(label=_("It is still going on"), required=False)
    relationship = forms.ChoiceField(label=_("The person complained about is your…"), choices=Relationship.choices,
                                     widget=forms.RadioSelect)
    accused_who = forms.CharField(label=_("Who is the person complained about? (name, position, unit — optional)"),
                                  required=False, max_length=500)
    accused_account = forms.CharField(
        label=_("Their BMA e-mail or user name, if you know it (optional)"), required=False, max_length=200,
        help_text=_("If they use this system, they will never see your case; if they head the agency, its own "
                    "officers will not receive it either (central's officers will). This form never says "
                    "whether the name was found."))
    accused = OfficerChoice(label=_("If the person complained about is one of the complaint officers listed, "
                                    "choose them (they will never see the case)"),
                            queryset=None, required=False)
    wants = forms.MultipleChoiceField(label=_("What would you like to happen?"), choices=Want.choices,
                                      widget=forms.CheckboxSelectMultiple)
    narrative = forms.CharField(label=_("What happened, in your own words"), widget=forms.Textarea(attrs={"rows": 10}),
                                max_length=20000)
    files = FilesField(label=_("Attachments (optional; PDF, images or Office files, up to 20 MB each)"))
    excluded = OfficerChoices(label=_("Complaint officers who must not see your case (conflict of interest)"),
                              queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    contact_mode = forms.ChoiceField(
        label=_("How may we contact you?"), widget=forms.RadioSelect,
        choices=[("system", _("Only through this system, with my receipt")),
                 ("phone", _("By phone")), ("email", _("By e-mail"))])
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)
    email = forms.EmailField(label=_("E-mail"), required=False)
    notify = forms.BooleanField(label=_("E-mail me when there is news on my case (the e-mail says nothing more)"),
                                required=False)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        from thaothiam.accounts.models import User

        ids = [u.pk for u in officers]
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("code")
        self.fields["agency"].label_from_instance = lambda a: a.name
        self.fields["accused"].queryset = User.objects.filter(pk__in=ids).select_related("agency")
        self.fields["excluded"].queryset = User.objects.filter(pk__in=ids).select_related("agency")
        self.fields["when_month"].choices = MONTHS
        self.fields["when_year"].choices = _years()

    def clean(self):
        data = super().clean()
        if data.get("identity") == "named" and not (data.get("name") or "").strip():
            self.add_error("name", _("Give your name, or choose to report anonymously."))
        if not data.get("ongoing") and not (data.get("when_month") and data.get("when_year")):
            self.add_error("when_month", _("Give the month and year, or tick “It is still going on”."))
        mode = data.get("contact_mode")
        if mode == "phone" and not (data.get("phone") or "").strip():
            self.add_error("phone", _("Give a phone number, or choose contact through this system only."))
        if mode == "email" and not data.get("email"):
            self.add_error("email", _("Give an e-mail address, or choose contact through this system only."))
        if data.get("notify") and not data.get("email"):
            self.add_error("email", _("An e-mail notice needs an e-mail address."))
        return data


class ReceiptForm(BootstrapMixin, forms.Form):
    receipt = forms.CharField(label=_("Your 16-digit receipt"), max_length=40,
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class AddInfoForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Message or more information"), required=False,
                           widget=forms.Textarea(attrs={"rows": 5}), max_length=20000)
    files = FilesField(label=_("Attachments (optional)"))

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("files"):
            raise ValidationError(_("Write a message or choose a file."))
        return data


class UnlockForm(BootstrapMixin, forms.Form):
    secret = forms.CharField(label=_("Password or case passphrase"), widget=forms.PasswordInput, max_length=200)


class RecoverForm(BootstrapMixin, forms.Form):
    previous = forms.CharField(label=_("Your previous sign-in password"), widget=forms.PasswordInput, max_length=200)
    current = forms.CharField(label=_("Your current sign-in password"), widget=forms.PasswordInput, max_length=200)


class PassphraseForm(BootstrapMixin, forms.Form):
    passphrase = forms.CharField(label=_("New case passphrase (at least 12 characters)"),
                                 widget=forms.PasswordInput, min_length=12, max_length=200)
    again = forms.CharField(label=_("The passphrase again"), widget=forms.PasswordInput, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("passphrase") and data.get("passphrase") != data.get("again"):
            self.add_error("again", _("The two passphrases differ."))
        return data


class TransitionForm(BootstrapMixin, forms.Form):
    to = forms.ChoiceField(label=_("Move the case to"), choices=State.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Outcome.choices], required=False)


class GrantForm(BootstrapMixin, forms.Form):
    officer = OfficerChoice(label=_("Give the case to"), queryset=None)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        from thaothiam.accounts.models import User

        self.fields["officer"].queryset = User.objects.filter(pk__in=[u.pk for u in officers]).select_related("agency")


class MeasureForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["kind", "starts_on", "ends_on"]
        field_classes = {"starts_on": BuddhistDateField, "ends_on": BuddhistDateField}
