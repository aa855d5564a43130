"""Every form of every app takes its Bootstrap classes from core.forms (decision 0113, issue 17 §3), and
the one error summary links each error to its field."""

import ast
from pathlib import Path

from django import forms
from django.template.loader import render_to_string

import thaothiam
from thaothiam.core.forms import BootstrapMixin, bootstrap

ROOT = Path(thaothiam.__file__).parent
FORM_BASES = {"Form", "ModelForm", "AuthenticationForm", "PasswordResetForm", "PasswordChangeForm", "SetPasswordForm"}


def _base_names(node: ast.ClassDef) -> set[str]:
    return {b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "") for b in node.bases}


def _calls_bootstrap(node: ast.ClassDef) -> bool:
    return any(isinstance(n, ast.Call) and getattr(n.func, "id", "") == "bootstrap" for n in ast.walk(node))


def test_no_form_writes_bootstrap_classes_by_hand():
    """The widget classes are written once, in core/forms.py; nowhere else in Python."""
    offenders = [f"{path.relative_to(ROOT)}:{n}" for path in ROOT.rglob("*.py") if path.name != "forms.py"
                 or path.parent.name != "core"
                 for n, line in enumerate(path.read_text().splitlines(), 1)
                 if any(c in line for c in ('"form-control', '"form-select', '"form-check-input'))]
    assert offenders == []


def test_every_form_class_is_styled_by_core():
    """A form class (outside the Django admin, which has its own styles) either has BootstrapMixin among its
    bases or calls core's bootstrap() (forms that add their fields in __init__)."""
    unstyled = []
    for path in ROOT.rglob("*.py"):
        if path.name == "admin.py" or "migrations" in path.parts or path.relative_to(ROOT).as_posix() == "core/forms.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.ClassDef) and _base_names(node) & FORM_BASES
                    and "BootstrapMixin" not in _base_names(node) and not _calls_bootstrap(node)):
                unstyled.append(f"{path.relative_to(ROOT)}::{node.name}")
    assert unstyled == []


class _Sample(BootstrapMixin, forms.Form):
    name = forms.CharField(label="Name")
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    tags = forms.MultipleChoiceField(label="Tags", choices=[("x", "X")], widget=forms.CheckboxSelectMultiple)
    pick = forms.ChoiceField(label="Pick", choices=[("", "—"), ("p", "P")])


def test_the_mixin_classes_each_widget():
    form = _Sample()
    assert form.fields["name"].widget.attrs["class"] == "form-control"
    assert form.fields["kind"].widget.attrs["class"] == "form-check-input"
    assert form.fields["tags"].widget.attrs["class"] == "form-check-input"
    assert form.fields["pick"].widget.attrs["class"] == "form-select"
    bootstrap(form, small=True)  # the compact variant adds -sm once; no class twice
    assert form.fields["pick"].widget.attrs["class"] == "form-select form-select-sm"
    assert form.fields["kind"].widget.attrs["class"] == "form-check-input"


def test_the_summary_links_a_radio_group_to_its_first_button():
    """A group of radio buttons has no element with the field's own id: the link goes to the first button."""
    form = _Sample({"name": "", "kind": "", "pick": "zz"})
    html = render_to_string("includes/error_summary.html", {"form": form})
    assert 'data-testid="error-summary"' in html
    assert 'href="#id_name"' in html and 'href="#id_kind_0"' in html and 'href="#id_pick"' in html
    assert 'href="#"' not in html
    rendered = form.as_div()
    assert 'id="id_kind_0"' in rendered and 'id="id_name"' in rendered and 'id="id_pick"' in rendered
