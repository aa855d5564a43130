"""Property tests of the row parser: dates, digits, headers, yes/no, national IDs."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thaothiam.core.formatting import TH_MONTHS_SHORT, to_thai_digits
from thaothiam.core.pseudonyms import pseudonym
from thaothiam.workforce.parser import COLUMNS, RowParser, map_headers, parse_bool, parse_date, thai_id_valid

dates = st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2040, 12, 31))


def _render(day: dt.date, style: int) -> str:
    be = day.year + 543
    return [
        day.isoformat(),
        f"{day.day}/{day.month}/{be}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day:02d}/{day.month:02d}/{be}",
        f"{day.day} {TH_MONTHS_SHORT[day.month - 1]} {be}",
        f"{day.day} {TH_MONTHS_SHORT[day.month - 1].replace('.', '')} {be}",
        f"{day.day}-{day.month}-{be}",
    ][style]


@given(day=dates, style=st.integers(0, 6), thai_digits=st.booleans(), pad=st.sampled_from(["", " ", "  "]))
def test_every_date_form_parses_to_the_same_day(day, style, thai_digits, pad):
    text = _render(day, style)
    if thai_digits:
        text = to_thai_digits(text)
    assert parse_date(pad + text + pad) == day


@given(day=dates)
def test_spreadsheet_dates_are_taken_as_they_are(day):
    assert parse_date(day) == day
    assert parse_date(dt.datetime(day.year, day.month, day.day, 0, 0)) == day


@given(st.text(alphabet="abcxyz!?กขค ", min_size=1, max_size=12))
def test_text_that_is_not_a_date_is_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize("text", ["31/2/2567", "2024-13-01", "0/1/2567", "1 ตุลา 2567"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


YES = ["yes", "y", "true", "1", "ใช่", "ยินยอม"]
NO = ["no", "n", "false", "0", "ไม่ใช่", "ไม่ยินยอม"]


@given(word=st.sampled_from(YES + NO), upper=st.booleans(), pad=st.sampled_from(["", " ", "\t"]))
def test_yes_no_in_every_spelling(word, upper, pad):
    spelled = (word.upper() if upper else word)
    assert parse_bool(pad + spelled + pad) is (word in YES)
    assert parse_bool(to_thai_digits(spelled)) is (word in YES)


@given(st.text(min_size=1, max_size=6).filter(lambda t: t.strip().lower() not in set(YES + NO + ["t", "f", "มี", "ไม่มี"])))
def test_other_words_are_not_yes_or_no(word):
    with pytest.raises(ValueError):
        parse_bool(word)


@given(order=st.permutations(COLUMNS), thai=st.lists(st.booleans(), min_size=len(COLUMNS), max_size=len(COLUMNS)),
       case=st.sampled_from([str.upper, str.lower, str.title, lambda s: s]), pad=st.sampled_from(["", " ", "  "]),
       extra=st.booleans())
def test_headers_in_any_order_case_language_and_padding(order, thai, case, pad, extra):
    header = [pad + case(c.thai if t else c.name) + pad for c, t in zip(order, thai, strict=True)]
    if extra:
        header.insert(1, "หมายเหตุ / remarks")
    found, _labels, errors, _headings = map_headers(header)
    assert errors == []
    for column in COLUMNS:
        assert header[found[column.name]].strip().lower() in (column.name, column.thai.lower())


def test_a_missing_required_column_is_reported_on_line_one():
    errors = map_headers(["employee_id", "agency_code", "sex"]).errors
    # Named in Thai, as the column is called in the template, never by an internal key.
    assert {e.column for e in errors if e.code == "missing_column"} == {"วันเกิด", "ประเภทบุคลากร"}
    assert {e.code for e in errors} == {"missing_column", "no_level_column"}
    assert all(e.line == 1 for e in errors)


def _with_check_digit(first12: str) -> str:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.integers(1, 9))
def test_thai_national_id_checksum(first12, shift):
    valid = _with_check_digit(first12)
    assert thai_id_valid(valid)
    wrong = valid[:12] + str((int(valid[12]) + shift) % 10)
    assert not thai_id_valid(wrong)
    assert not thai_id_valid(valid[:12])


AS_OF = dt.date(2025, 9, 30)


def _parser(**kw):
    columns = {c.name: i for i, c in enumerate(COLUMNS)}
    return RowParser(columns=columns, as_of=AS_OF, agencies={"DIS-1001": 1, "DIS-1002": 2},
                     scope_agency_id=kw.pop("scope", None), key="k", **kw)


def _values(**overrides):
    row = {"employee_id": "E1", "national_id": "", "agency_code": "dis-1001", "sex": "หญิง",
           "birth_date": "1 ม.ค. 2520", "personnel_type": "พนักงานจ้าง", "position_type": "", "position_level": "",
           "is_executive": "0", "start_date": "๑/๑๐/๒๕๕๐", "salary": "๑๕,๐๐๐", "gender_identity": "ผู้มีความหลากหลายทางเพศ",
           "gender_identity_consent": "ยินยอม", "agency_name": "", "full_name": "", "position_name": ""}
    row.update(overrides)
    return [row[c.name] for c in COLUMNS]


def test_a_good_row_becomes_a_pseudonymised_person():
    person, errors = _parser().parse(2, _values())
    assert errors == []
    assert person.agency_id == 1 and person.sex == "F" and person.personnel_type == "temporary"
    assert person.position_type == "none" and person.position_level == "none"
    assert person.age == 48 and person.age_band == "40-49" and person.service_years == 17
    assert str(person.salary) == "15000.00" and person.gender_identity == "D"
    assert person.pseudonym == pseudonym("employee", "E1", "k") and "E1" not in person.pseudonym


def test_gender_identity_is_dropped_without_consent():
    for consent in ("ไม่ยินยอม", "", "no"):
        person, errors = _parser().parse(2, _values(gender_identity_consent=consent))
        assert errors == [] and person.gender_identity == ""


def test_every_problem_of_a_row_is_reported_with_its_column():
    _person, errors = _parser(scope=2).parse(7, _values(
        sex="X", birth_date="2099-01-01", personnel_type="นักการเมือง", is_executive="maybe", salary="abc",
        national_id="1234567890123", employee_id=""))
    columns = {e.column: e.code for e in errors}
    assert columns == {"เพศ": "bad_sex", "วันเกิด": "birth_range", "ประเภทบุคลากร": "bad_personnel_type",
                       "ตำแหน่งบริหาร": "bad_bool", "เงินเดือน": "bad_salary", "เลขประจำตัวประชาชน": "bad_national_id",
                       "รหัสหน่วยงาน": "agency_out_of_scope", "วันที่บรรจุ": "start_range"}
    assert all(e.line == 7 for e in errors)
    assert all(e.message("th") != e.message("en") for e in errors)


def test_levels_must_fit_the_position_type():
    p = _parser()
    ok, errors = p.parse(2, _values(personnel_type="ข้าราชการกรุงเทพมหานครสามัญ", position_type="อำนวยการ",
                                    position_level="ระดับสูง", employee_id="E2"))
    assert errors == [] and ok.position_level == "director.high"
    _bad, errors = p.parse(3, _values(personnel_type="ข้าราชการกรุงเทพมหานครสามัญ", position_type="ทั่วไป",
                                      position_level="ทรงคุณวุฒิ", employee_id="E3"))
    assert [e.code for e in errors] == ["bad_level"]
    _bad, errors = p.parse(4, _values(personnel_type="ลูกจ้างประจำ", position_type="บริหาร", position_level="ต้น",
                                      employee_id="E4"))
    assert "position_not_allowed" in [e.code for e in errors]


@settings(max_examples=30)
@given(st.lists(st.text(alphabet="ABC123", min_size=1, max_size=3), min_size=2, max_size=8))
def test_the_same_person_twice_is_reported_with_the_first_line(ids):
    p = _parser()
    first: dict[str, int] = {}
    for line, ident in enumerate(ids, start=2):
        person, errors = p.parse(line, _values(employee_id=ident))
        if ident.upper() in first:
            assert person is None and errors[0].code == "duplicate_person"
            assert errors[0].params == {"line": first[ident.upper()]}
        else:
            assert person is not None
            first[ident.upper()] = line
