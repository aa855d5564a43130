"""A small HR file for the API tests, in the canonical columns of docs/workforce.md."""

import csv
import io

HR_HEADER = ["employee_id", "agency_code", "sex", "birth_date", "personnel_type", "position_type", "position_level",
             "is_executive", "start_date", "salary"]


def hr_csv(count: int, agency: str = "DIS-1001", bad_row: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HR_HEADER)
    for n in range(count):
        writer.writerow([f"E{n:06d}", agency, "หญิง" if n % 2 else "ชาย", "15/3/2525", "ข้าราชการกรุงเทพมหานครสามัญ",
                         "วิชาการ", "ชำนาญการ", "ไม่ใช่", "2010-06-01", str(30000 + n)])
    if bad_row:
        writer.writerow(["E999999", agency, "?", "31/2/2520", "ข้าราชการกรุงเทพมหานครสามัญ", "วิชาการ", "ชำนาญการ",
                         "maybe", "2010-06-01", "x"])
    return out.getvalue().encode("utf-8")
