"""Django's own password messages, marked here so `makemessages` keeps their Thai translations in
thaothiam/locale (Django's Thai catalogue leaves them untranslated)."""

from django.utils.translation import gettext_noop, ngettext_noop

DJANGO_STRINGS = [
    gettext_noop("Your password can’t be too similar to your other personal information."),
    ngettext_noop("Your password must contain at least %(min_length)d character.",
                  "Your password must contain at least %(min_length)d characters."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    ngettext_noop("This password is too short. It must contain at least %d character.",
                  "This password is too short. It must contain at least %d characters."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
]
