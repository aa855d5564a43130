"""Thai and English formatting of dates and numbers: B.E. in Thai, C.E. in English."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from .fiscal import to_be
from .i18n import is_thai

TH_MONTHS_SHORT = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
TH_MONTHS_LONG = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]
EN_MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
EN_MONTHS_LONG = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def to_thai_digits(text: str) -> str:
    return str(text).translate(THAI_DIGITS)


def to_arabic_digits(text: str) -> str:
    return str(text).translate(ARABIC_DIGITS)


def format_date(value: dt.date | dt.datetime | None, *, long: bool = False, thai: bool | None = None) -> str:
    """'1 ต.ค. 2567' in Thai, '1 Oct 2024' in English; long form spells the month out."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    thai = is_thai() if thai is None else thai
    if thai:
        month = (TH_MONTHS_LONG if long else TH_MONTHS_SHORT)[value.month - 1]
        return f"{value.day} {month} {to_be(value.year)}"
    month = (EN_MONTHS_LONG if long else EN_MONTHS_SHORT)[value.month - 1]
    return f"{value.day} {month} {value.year}"


def format_datetime(value: dt.datetime | None, *, thai: bool | None = None) -> str:
    if value is None:
        return ""
    from django.utils import timezone

    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date(local, thai=thai)} {local:%H:%M}"


def format_fiscal_year(fy_be: int, *, thai: bool | None = None) -> str:
    """'ปีงบประมาณ พ.ศ. 2568' in Thai, 'FY 2025' in English (the C.E. year the FY ends in)."""
    thai = is_thai() if thai is None else thai
    if thai:
        return f"ปีงบประมาณ พ.ศ. {fy_be}"
    return f"FY {fy_be - 543}"


def round_half_up(value, places: int = 0) -> Decimal | None:
    """Round as people are taught (3.675 → 3.68), the same on every database.

    A float from the database is taken at its shortest decimal spelling first (``repr``), so a mean
    that *is* 3.675 is not rounded as the binary 3.67499999… it is stored as; Python's ``round`` and
    format strings round half to even on top of that, which is why neither is used for display.
    """
    if value is None:
        return None
    if isinstance(value, float):
        value = Decimal(repr(value))
    elif not isinstance(value, Decimal):
        value = Decimal(value)
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_number(value, decimals: int = 0) -> str:
    """Grouped digits ('12,345'; '3.87'); an em dash for a missing or suppressed value."""
    if value is None:
        return "—"
    if isinstance(value, Decimal | float):
        return f"{round_half_up(value, decimals):,.{decimals}f}"
    return f"{value:,}"


def format_percent(value, decimals: int = 1) -> str:
    if value is None:
        return "—"
    return f"{round_half_up(value, decimals):.{decimals}f}%"
