"""The explorer's question: a dataset, a measure, up to two breakdowns and a filter per dimension."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thaothiam.core.datasets import MAX_BREAKDOWNS, Dataset
from thaothiam.core.forms import bootstrap

# Shown on a first visit (no question asked yet): the dataset's first measure by sex, if it has sex.
DEFAULT_ROW = "sex"


class ExplorerForm(forms.Form):
    """measure, up to two breakdowns and a multi-select filter per dimension, all from the dataset.
    The filters carry ``data-searchable``: explorer.js turns them into Tom Select boxes (type to find
    one of 75 agencies); without JavaScript they stay ordinary multi-selects."""

    dataset = forms.ChoiceField(label=_("Dataset"))
    measure = forms.ChoiceField(label=_("Measure"))
    row = forms.ChoiceField(label=_("Rows"), required=False)
    col = forms.ChoiceField(label=_("Columns"), required=False)

    def __init__(self, data, *, datasets: dict[str, Dataset], dataset: Dataset):
        super().__init__(data)
        self.dataset = dataset
        self.fields["dataset"].choices = [(key, d.label) for key, d in datasets.items()]
        self.fields["measure"].choices = [(m.key, m.label) for m in dataset.measures]
        dims = [("", _("(none)"))] + [(d.key, d.label) for d in dataset.dimensions]
        self.fields["row"].choices = dims
        self.fields["col"].choices = dims
        for dim in dataset.dimensions:
            self.fields[f"f_{dim.key}"] = forms.MultipleChoiceField(
                label=dim.label, required=False, choices=dim.values(),
                widget=forms.SelectMultiple(attrs={
                    "size": 4, "data-searchable": "",
                    "data-placeholder": _("All — type to search"), "data-no-results": _("Nothing matches"),
                }),
            )
        bootstrap(self)

    def clean(self):
        data = super().clean()
        row, col = data.get("row") or "", data.get("col") or ""
        if col and not row:
            data["row"], data["col"] = col, ""
        elif row and row == col:
            raise forms.ValidationError(_("Choose two different breakdowns."))
        if data.get("measure"):
            problem = self.dataset.check(data["measure"], self.breakdowns, self.filters)
            if problem:
                raise forms.ValidationError(problem)
        return data

    @property
    def breakdowns(self) -> tuple[str, ...]:
        keys = (self.cleaned_data.get("row") or "", self.cleaned_data.get("col") or "")
        return tuple(k for k in keys if k)[:MAX_BREAKDOWNS]

    @property
    def filters(self) -> dict[str, tuple[str, ...]]:
        return {dim.key: tuple(self.cleaned_data.get(f"f_{dim.key}") or ()) for dim in self.dataset.dimensions
                if self.cleaned_data.get(f"f_{dim.key}")}

    def filter_fields(self):
        return [self[f"f_{dim.key}"] for dim in self.dataset.dimensions]
