import codecs
import zipfile

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from thaothiam.core.dates import BuddhistDateField
from thaothiam.core.forms import BootstrapMixin

from .parser import XLSX_MAGIC

BMA_WIDE = ""


class UploadForm(BootstrapMixin, forms.Form):
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
