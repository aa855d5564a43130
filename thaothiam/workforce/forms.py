import codecs
import zipfile

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from thaothiam.core.datasets import MAX_BREAKDOWNS, Dataset
from thaothiam.core.dates import BuddhistDateField

from .parser import XLSX_MAGIC

BMA_WIDE = ""


def _bootstrap(form: forms.Form) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(field.widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        field.widget.attrs.setdefault("class", css)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Workforce file (CSV or XLSX)"),
                           help_text=_("One row per person, with the columns of the template."))
    as_of = BuddhistDateField(label=_("As of"),
                            help_text=_("The date the file describes, e.g. 30 September at the end of a fiscal year."))
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    valid_only = forms.BooleanField(
        label=_("Import the valid rows even if some rows are wrong"), required=False,
        help_text=_("By default a file with any wrong row changes nothing."),
    )

    def __init__(self, *args, agencies, bma_wide: bool, max_mb: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_mb = max_mb or settings.THAOTHIAM_MAX_UPLOAD_MB  # the API allows larger files (a whole BMA)
        choices = [(BMA_WIDE, _("The whole BMA (the file lists every agency)"))] if bma_wide else []
        choices += [(a.code, str(a)) for a in agencies]
        self.fields["agency"].choices = choices
        self.fields["agency"].required = not bma_wide
        self.agencies = {a.code: a for a in agencies}
        _bootstrap(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = self.max_mb
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(limit)s MB.") % {"limit": limit})
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Only CSV (.csv) and Excel (.xlsx) files can be imported."))
        upload.seek(0)
        head = upload.read(65536)
        upload.seek(0)
        if name.endswith(".xlsx"):
            if not head.startswith(XLSX_MAGIC) or not _is_workbook(upload):
                raise forms.ValidationError(_("This file is not a real Excel workbook (.xlsx)."))
        else:
            if not head.strip() or b"\x00" in head or head.startswith(XLSX_MAGIC) or not _is_text(head):
                raise forms.ValidationError(_("This file is not a CSV text file."))
        return upload

    def clean_agency(self):
        code = self.cleaned_data.get("agency") or BMA_WIDE
        return self.agencies.get(code) if code != BMA_WIDE else None


def _is_workbook(upload) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def _is_text(head: bytes) -> bool:
    for encoding in ("utf-8", "cp874"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            return True
        except UnicodeDecodeError:
            continue
    return False


class ExplorerForm(forms.Form):
    """measure, up to two breakdowns and a multi-select filter per dimension, all from the dataset."""

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
                widget=forms.SelectMultiple(attrs={"size": 4}),
            )
        _bootstrap(self)

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
