"""The pieces that read HR exports as they are: prefixes, combined positions, agency names, the header row."""

import pytest

from thaothiam.workforce import codes, hrcolumns
from thaothiam.workforce.parser import HEADINGS, map_headers, text


@pytest.mark.parametrize(("name", "sex"), [
    ("นายสมชาย ใจดี", "M"), ("นาย สมชาย ใจดี", "M"), ("นางสมศรี มีสุข", "F"), ("นางสาวกานดา ทองคำ", "F"),
    ("น.ส.กานดา ทองคำ", "F"), ("น.ส. กานดา", "F"), ("Mr. John Smith", "M"), ("Ms Jane Doe", "F"),
    ("ว่าที่ร้อยตรีวิชัย กล้าหาญ", None), ("ดร.ปรีชา ฉลาด", None), ("สมชาย ใจดี", None), ("", None),
    ("Mrinal Sen", None),
])
def test_sex_only_from_prefixes_that_say_it(name, sex):
    assert hrcolumns.sex_from_name(name) == sex


@pytest.mark.parametrize(("position", "personnel", "level"), [
    ("นักวิชาการคอมพิวเตอร์ชำนาญการ", "civil", "academic.professional"),
    ("นักวิเคราะห์นโยบายและแผนชำนาญการพิเศษ", "civil", "academic.senior"),
    ("นักจัดการงานทั่วไปปฏิบัติการ", "civil", "academic.practitioner"),
    ("เจ้าพนักงานธุรการปฏิบัติงาน", "civil", "general.operational"),
    ("เจ้าพนักงานการเงินและบัญชีชำนาญงาน", "civil", "general.experienced"),
    ("ผู้อำนวยการเขต (อำนวยการสูง)", "civil", "director.high"),
    ("อำนวยการ ระดับต้น", "civil", "director.low"),
    ("ครู ชำนาญการพิเศษ", "teacher", "teaching.senior"),
    ("ครูผู้ช่วย", "teacher", "teaching.assistant"),
    ("ครู", "teacher", "teaching.none"),
    ("ผู้อำนวยการสถานศึกษา เชี่ยวชาญ", "teacher", "school_admin.expert"),
])
def test_a_combined_position_column_gives_type_and_level(position, personnel, level):
    position_type, level_text = hrcolumns.split_position(position, personnel)
    assert codes.level_code(position_type, level_text) == level


def test_a_position_without_a_level_is_not_guessed():
    assert hrcolumns.split_position("นักวิชาการคอมพิวเตอร์", "civil") is None


def test_agencies_by_name_short_name_and_district():
    index = hrcolumns.agency_index([
        (1, "DIS-1001", "สำนักงานเขตพระนคร", "Phra Nakhon District Office"),
        (2, "CSC", "สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร (สำนักงาน ก.ก.)", "Office of the BMA Civil Service Commission"),
        (3, "X1", "กองกลาง", ""), (4, "X2", "กองกลาง", ""),
    ])
    key = hrcolumns.heading_key
    assert index[key("สำนักงานเขตพระนคร")] == index[key("เขตพระนคร")] == index[key("phra nakhon district office")] == 1
    assert index[key("สำนักงาน ก.ก.")] == 2
    assert key("กองกลาง") not in index  # two agencies share the name: not guessed


def test_the_header_is_found_under_title_rows_and_named_as_the_file_names_it():
    rows = [["รายชื่อข้าราชการ สำนักงานเขตพระนคร"], [], ["ข้อมูล ณ 30 ก.ย. 2568", None],
            ["ลำดับ", "ชื่อ - สกุล", "วัน/เดือน/ปีเกิด", "ระดับ", "หน่วยงาน", "ประเภทบุคลากร", "เลขบัตรประชาชน"],
            [1, "นายสมชาย ใจดี", "1/1/2520", "ชำนาญการ", "เขตพระนคร", "ข้าราชการกรุงเทพมหานครสามัญ", "1-2345-67890-12-1"]]
    assert hrcolumns.find_header(rows, HEADINGS, text) == 3
    header = map_headers(rows[3], line=4)
    assert header.errors == []
    assert set(header.columns) == {"full_name", "birth_date", "position_level", "agency_name", "personnel_type",
                                   "national_id"}
    assert header.labels["birth_date"] == "วัน/เดือน/ปีเกิด"


def test_a_guessed_header_never_keeps_a_name_or_an_identifier():
    assert hrcolumns.safe_heading("นายสมชาย ใจดี", 1) == "#2"
    assert hrcolumns.safe_heading("1-2345-67890-12-1", 0) == "#1"
    assert hrcolumns.safe_heading("เกิด พ.ศ.", 3) == "เกิด พ.ศ."
