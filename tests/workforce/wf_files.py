"""Small HR files for the workforce tests: rows as dicts with the canonical columns, written as CSV or XLSX."""

import csv
from pathlib import Path

HEADER = ["employee_id", "agency_code", "sex", "birth_date", "personnel_type", "position_type", "position_level",
          "is_executive", "start_date", "salary", "gender_identity", "gender_identity_consent"]


def person(n: int, agency: str = "DIS-1001", sex: str = "หญิง", **overrides) -> dict:
    row = {
        "employee_id": f"E{n:06d}", "agency_code": agency, "sex": sex, "birth_date": "15/3/2525",
        "personnel_type": "ข้าราชการกรุงเทพมหานครสามัญ", "position_type": "วิชาการ", "position_level": "ชำนาญการ",
        "is_executive": "ไม่ใช่", "start_date": "2010-06-01", "salary": "32000", "gender_identity": "",
        "gender_identity_consent": "",
    }
    row.update(overrides)
    return row


def people(count: int, agency: str = "DIS-1001", start: int = 1, women_every: int = 2) -> list[dict]:
    return [person(n, agency=agency, sex="หญิง" if n % women_every else "ชาย", salary=str(20000 + n * 100))
            for n in range(start, start + count)]


def write_csv(path: Path, rows: list[dict], header: list[str] = HEADER) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[dict], header: list[str] = HEADER) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(h) for h in header])
    book.save(path)
    return path


def person_rows(agency_id: int, *, women: int, men: int, prefix: str = "p", salary_women: int = 30000,
                salary_men: int = 33000, **fields):
    """Already-valid rows for services.workforce_snapshot_load (fast fixtures, no file)."""
    from decimal import Decimal

    from thaothiam.workforce.parser import PersonRow

    base = {"gender_identity": "", "personnel_type": "civil", "position_type": "academic",
            "position_level": "academic.professional", "is_executive": False, "age": 40, "age_band": "40-49",
            "service_years": 10}
    base.update(fields)
    out = []
    for i in range(women + men):
        sex = "F" if i < women else "M"
        salary = Decimal(salary_women if sex == "F" else salary_men) + i
        out.append(PersonRow(pseudonym=f"{prefix}-{agency_id}-{i}", agency_id=agency_id, sex=sex, salary=salary,
                             **base))
    return out


def confirm_and_publish(client, central, job):
    """The steps after an upload, as the users take them: the uploader confirms the preview, central
    publishes the draft (replacing what is published for that date and scope). Returns the job."""
    if job.status != "preview":
        return job
    client.post(f"/workforce/import/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "draft", job.errors
    central.post(f"/workforce/import/{job.pk}/publish/", {"replace": "on"})
    job.refresh_from_db()
    assert job.status == "published"
    return job
