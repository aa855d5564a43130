"""Classroom attendance from a sign-in sheet (CSV or XLSX), all or nothing, errors by line.

Columns (Thai or English headers): name (ชื่อ-สกุล), employee_id (เลขประจำตัว) or email (อีเมล),
agency (หน่วยงาน: code or Thai name), sex (เพศ), and optionally personnel_type (ประเภทบุคลากร).
The file is read with the workforce import's reader (``workforce.parser.read_table``: extension and
content checked, UTF-8 or Thai Windows CSV, streaming XLSX) and written with its tuple inserter
(COPY on PostgreSQL, executemany on SQLite: no model instance per row). The employee ID or e-mail is stored only
as a keyed hash (``learner_key``), the way the workforce import pseudonymises identifiers.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from thaothiam.agencies.models import Agency
from thaothiam.core import audit, vocabulary
from thaothiam.core.fiscal import fiscal_year
from thaothiam.core.pseudonyms import pseudonym
from thaothiam.workforce.parser import FileRefused, read_table, text
from thaothiam.workforce.services import _insert as insert_rows  # plain tuples: COPY on PostgreSQL

from .models import Completion, ReachCube, Session, completion_key

HEADERS = {
    "name": ("name", "ชื่อ-สกุล", "ชื่อ - สกุล", "ชื่อ", "ชื่อสกุล", "full name"),
    "employee_id": ("employee_id", "employee id", "เลขประจำตัว", "รหัสพนักงาน"),
    "email": ("email", "e-mail", "อีเมล", "อีเมล์"),
    "agency": ("agency", "agency_code", "หน่วยงาน", "รหัสหน่วยงาน"),
    "sex": ("sex", "เพศ"),
    "personnel_type": ("personnel_type", "personnel type", "ประเภทบุคลากร"),
}
_BY_SPELLING = {vocabulary.normalise(s): name for name, spellings in HEADERS.items() for s in spellings}
MAX_ERRORS = 200
INSERT_FIELDS = ["course_id", "session_id", "source", "completed_on", "fiscal_year", "agency_id", "sex",
                 "personnel_type", "people", "learner_key", "name", "record_key"]


def keyed(row: tuple) -> tuple:
    """A completion row in INSERT_FIELDS order, without its record key, with it (models.completion_key)."""
    values = dict(zip(INSERT_FIELDS, row, strict=False))
    return (*row, completion_key(learner_key=values["learner_key"], course_id=values["course_id"],
                                 session_id=values["session_id"], agency_id=values["agency_id"], sex=values["sex"],
                                 fiscal_year=values["fiscal_year"], people=values["people"]))


@dataclass
class ImportResult:
    imported: int
    errors: list[tuple[int, str, str]]  # (line, column, message)

    @property
    def ok(self) -> bool:
        return not self.errors


def _agency_index() -> dict[str, int]:
    index = {}
    for pk, code, name_th, name_en in Agency.objects.values_list("pk", "code", "name_th", "name_en"):
        for spelling in (code, name_th, name_en):
            if spelling:
                index[vocabulary.normalise(spelling)] = pk
    return index


def attendance_import_upload(*, session: Session, upload, actor, only_agency_id: int | None = None) -> ImportResult:
    """An uploaded sign-in sheet: copied to a temporary file (the table reader needs a path), then imported."""
    with tempfile.NamedTemporaryFile(suffix=Path(upload.name).suffix.lower()) as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        return attendance_import(session=session, path=handle.name, filename=upload.name, actor=actor,
                                 only_agency_id=only_agency_id)


def attendance_import(*, session: Session, path, filename: str, actor, only_agency_id: int | None = None
                      ) -> ImportResult:
    """Read and check every row; save them all in one transaction only if none has an error."""
    try:
        table = read_table(path, filename)
    except FileRefused:
        return ImportResult(0, [(1, "", _("The file could not be read as a CSV or XLSX table."))])
    columns: dict[str, int] = {}
    errors: list[tuple[int, str, str]] = []
    for index, cell in enumerate(table.header):
        name = _BY_SPELLING.get(vocabulary.normalise(text(cell)))
        if name and name not in columns:
            columns[name] = index
    for required in ("name", "agency", "sex"):
        if required not in columns:
            errors.append((1, required, _("The required column is missing.")))
    if "employee_id" not in columns and "email" not in columns:
        errors.append((1, "employee_id", _("The file needs an employee_id or an email column.")))
    if errors:
        if table.close:
            table.close()
        return ImportResult(0, errors)

    agencies = _agency_index()
    key = settings.PSEUDONYM_KEY
    taken = set(Completion.objects.filter(course_id=session.course_id).exclude(learner_key="")
                .values_list("learner_key", flat=True))
    seen: dict[str, int] = {}
    day = session.ends_on
    fy = fiscal_year(day)
    rows = []

    def cell(values, name):
        i = columns.get(name)
        return text(values[i]) if i is not None and i < len(values) else ""

    for line, values in table.rows:
        def fail(column, message, line=line):
            if len(errors) < MAX_ERRORS:
                errors.append((line, column, message))
        name = cell(values, "name")
        if not name:
            fail("name", _("A value is required."))
        elif len(name) > 200:
            fail("name", _("The name is too long (at most 200 characters)."))
        employee_id, email = cell(values, "employee_id"), cell(values, "email").lower()
        if employee_id:
            learner_key = pseudonym("employee", employee_id, key)
        elif email:
            learner_key = pseudonym("email", email, key) if "@" in email else ""
            if not learner_key:
                fail("email", _("Not an e-mail address."))
        else:
            learner_key = ""
            fail("employee_id", _("Give the employee ID or the e-mail address."))
        agency_id = agencies.get(vocabulary.normalise(cell(values, "agency")))
        if agency_id is None:
            fail("agency", _("Unknown agency (give its code, e.g. DIS-1001, or its name)."))
        elif only_agency_id is not None and agency_id != only_agency_id:
            fail("agency", _("You can import attendance only for your own agency."))
        sex = vocabulary.SEX_BY_SPELLING.get(vocabulary.normalise(cell(values, "sex")))
        if sex is None:
            fail("sex", _("Sex must be หญิง or ชาย (F/M, female/male)."))
        personnel = ""
        if raw := cell(values, "personnel_type"):
            term = vocabulary.PERSONNEL_BY_SPELLING.get(vocabulary.normalise(raw))
            if term is None:
                fail("personnel_type", _("Unknown personnel type."))
            else:
                personnel = term.code
        if learner_key:
            if learner_key in seen:
                fail("employee_id" if employee_id else "email",
                     _("The same person appears again (first on line %(line)s).") % {"line": seen[learner_key]})
            elif learner_key in taken:
                fail("employee_id" if employee_id else "email",
                     _("This person is already recorded as having completed this course."))
            seen.setdefault(learner_key, line)
        if not errors:
            rows.append((session.course_id, session.pk, Completion.Source.ATTENDANCE.value, day.isoformat(), fy,
                         agency_id, sex.code, personnel, 1, learner_key, name))
    if not errors and not rows:
        errors.append((2, "", _("The file has no data rows.")))
    if errors:
        return ImportResult(0, errors)
    with transaction.atomic():
        insert_rows(Completion, INSERT_FIELDS, [keyed(r) for r in rows])
        ReachCube.invalidate([fy])  # a raw insert sends no signal (decision 0145)
        audit.record("learning.attendance.import", session, actor=actor, note=f"{len(rows)} rows from {filename}"[:300])
    return ImportResult(len(rows), [])


@transaction.atomic
def attendance_counts_add(*, session: Session, agency: Agency, female: int, male: int, actor) -> int:
    """A session whose sheet kept no names: the number of women and men of one agency who attended."""
    day = session.ends_on
    made = 0
    for sex, people in (("F", female), ("M", male)):
        if people:
            Completion.objects.create(course_id=session.course_id, session=session, source=Completion.Source.COUNTS,
                                      completed_on=day, fiscal_year=fiscal_year(day), agency=agency, sex=sex,
                                      people=people)
            made += people
    audit.record("learning.attendance.counts", session, actor=actor, agency=agency,
                 after={"female": female, "male": male})
    return made
