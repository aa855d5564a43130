"""What every form shares: Bootstrap's classes on the widgets (one place, docs/decisions/0113).

Forms render through ``includes/form.html`` or their own template; both show the error summary
(``includes/error_summary.html``) at the top, each entry linking to its field.
"""

from __future__ import annotations

from django import forms


def bootstrap(form: forms.BaseForm) -> None:
    """Add Bootstrap's class to every widget (kept beside any class the widget already has)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        classes = widget.attrs.get("class", "").split()
        if css not in classes:
            widget.attrs["class"] = " ".join([*classes, css])
        if isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("rows", 3)


class BootstrapMixin:
    """Put first in the bases: ``class MyForm(BootstrapMixin, forms.ModelForm)``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
