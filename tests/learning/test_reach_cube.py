"""The kept reach cube (decision 0145): the dashboard reads one small row per fiscal year instead of counting
every completion, and no write to a year's completions — by a service, a raw import, a bulk insert, an
update, a cascade or a move to another year — can leave it publishing the figures from before the write."""

import datetime as dt

import pytest
from learning_helpers import starter

from tests.core.cellkey_oracle import published_learners
from thaothiam.accounts.models import User
from thaothiam.agencies.models import Agency
from thaothiam.core.sections import Scope
from thaothiam.learning import reach
from thaothiam.learning.attendance import attendance_counts_add, attendance_import
from thaothiam.learning.models import Completion, Course, ReachCube, Session
from thaothiam.learning.sections import learning_section

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 11, 5)  # FY 2568
LATER = dt.date(2025, 11, 5)  # FY 2569


def _add(agency, n, prefix, *, sex="F", fy=2568, day=DAY, personnel="civil"):
    Completion.objects.bulk_create(
        Completion(course=starter(), source="elearning", completed_on=day, fiscal_year=fy, agency=agency, sex=sex,
                   personnel_type=personnel, learner_key=f"{prefix}{i}", name="") for i in range(n))


def _counted(fy):
    """What a count over every record gives now, without the kept cube."""
    return reach.reached_counts(fy=fy, group=reach.CUBE)


@pytest.fixture
def data(reference_data, users):
    home, other = Agency.objects.get(code="DIS-1001"), Agency.objects.get(code="DIS-1002")
    _add(home, 12, "h")
    _add(home, 7, "m", sex="M", personnel="teacher")
    _add(other, 9, "o")
    _add(other, 6, "later", fy=2569, day=LATER)
    course = Course.objects.create(code="cls", kind="classroom", title_th="อบรม", is_published=True)
    session = Session.objects.create(course=course, starts_on=DAY, ends_on=DAY, place_th="ห้อง 1", capacity=50,
                                     agency=home)
    return {"home": home, "other": other, "session": session}


def test_the_cube_is_kept_and_then_read_in_one_query(data, django_assert_num_queries):
    first = reach.reached_cube(fy=2568)
    assert first == _counted(2568)
    row = ReachCube.objects.get(fiscal_year=2568)
    assert row.built_generation == row.generation
    with django_assert_num_queries(1):
        assert reach.reached_cube(fy=2568) == first
    with django_assert_num_queries(1):  # one agency: the same row, filtered
        mine = reach.reached_cube(fy=2568, agency_ids={data["home"].pk})
    assert mine == reach.reached_counts(fy=2568, agency_ids={data["home"].pk}, group=reach.CUBE)
    assert reach.reached_cube(fy=2567) == {} == _counted(2567)


def _import(data):
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "sheet.csv"
    path.write_text("name,employee_id,agency,sex,personnel_type\n"
                    + "".join(f"ก{i},E{i},DIS-1001,หญิง,ข้าราชการ\n" for i in range(6)), encoding="utf-8")
    result = attendance_import(session=data["session"], path=path, filename="sheet.csv",
                               actor=User.objects.get(username="central"))
    assert result.imported == 6, result


WRITES = {
    "a record saved (post_save)": lambda d: Completion.objects.create(
        course=starter(), source="elearning", completed_on=DAY, fiscal_year=2568, agency=d["home"], sex="M",
        personnel_type="civil", learner_key="new1"),
    "counts by sex (service)": lambda d: attendance_counts_add(session=d["session"], agency=d["other"], female=4,
                                                               male=8, actor=User.objects.get(username="central")),
    "an attendance sheet (raw insert)": _import,
    "a bulk insert": lambda d: _add(d["other"], 5, "bulk", sex="M"),
    "a queryset update": lambda d: Completion.objects.filter(learner_key__startswith="h").update(sex="M"),
    "a queryset delete": lambda d: Completion.objects.filter(learner_key__startswith="o").delete(),
    "one record deleted": lambda d: Completion.objects.filter(learner_key="m0").get().delete(),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_every_write_to_a_year_makes_its_next_read_count_again(data, write):
    before = reach.reached_cube(fy=2568)
    later = reach.reached_cube(fy=2569)
    WRITES[write](data)
    now = _counted(2568)
    assert now != before, "the write changes the figures"
    assert reach.reached_cube(fy=2568) == now
    assert reach.reached_cube(fy=2568) == now  # and the recount is kept
    row = ReachCube.objects.get(fiscal_year=2568)
    assert row.built_generation == row.generation
    assert reach.reached_cube(fy=2569) == later == _counted(2569)  # another year's cube is untouched


def test_a_session_deleted_takes_its_records_out_of_the_cube(data):
    attendance_counts_add(session=data["session"], agency=data["home"], female=6, male=0,
                          actor=User.objects.get(username="central"))
    with_session = reach.reached_cube(fy=2568)
    data["session"].delete()  # the records go by cascade
    assert reach.reached_cube(fy=2568) == _counted(2568) != with_session


def test_a_record_moved_to_another_year_leaves_both_cubes_current(data):
    reach.reached_cube(fy=2568), reach.reached_cube(fy=2569)
    record = Completion.objects.get(learner_key="h0")
    record.fiscal_year, record.completed_on = 2569, LATER
    record.save()
    assert reach.reached_cube(fy=2568) == _counted(2568)
    assert reach.reached_cube(fy=2569) == _counted(2569)


def test_a_count_overtaken_by_a_write_is_not_kept_as_current(data, monkeypatch):
    """A reader counts while a writer adds a record (the write lands after the generation was read): what
    it counted may predate the write, so it is returned once but not stored as current."""
    counting = reach.reached_counts

    def count_then_someone_writes(**kwargs):
        counted = counting(**kwargs)
        _add(data["home"], 5, "meanwhile", sex="M")
        return counted

    monkeypatch.setattr(reach, "reached_counts", count_then_someone_writes)
    stale = reach.reached_cube(fy=2568)
    monkeypatch.setattr(reach, "reached_counts", counting)
    row = ReachCube.objects.get(fiscal_year=2568)
    assert row.built_generation != row.generation
    assert reach.reached_cube(fy=2568) == _counted(2568) != stale


def test_the_dashboard_section_after_a_write_publishes_what_the_oracle_gives(data):
    scope = lambda: Scope(fy=2568, agency=None, output="dashboard")  # noqa: E731
    learning_section(scope())
    _add(data["home"], 8, "w", sex="F", personnel="civil")
    section = learning_section(scope())
    total = section.context["by_personnel"].total
    records = Completion.objects.filter(fiscal_year=2568)
    assert total["total"] == published_learners(records)
    assert total["cells"] == [published_learners(records.filter(sex="F")), published_learners(records.filter(sex="M"))]
    mine = learning_section(Scope(fy=2568, agency=data["home"], output="dashboard"))
    assert mine.context["by_personnel"].total["total"] == published_learners(records.filter(agency=data["home"]))
    assert learning_section(Scope(fy=2567, agency=None, output="dashboard")) is None


def test_the_workforce_read_once_gives_the_same_tables_as_read_per_table(data):
    from tests.workforce.wf_files import person_rows
    from thaothiam.workforce.services import workforce_snapshot_load

    home, other = data["home"].pk, data["other"].pk
    workforce_snapshot_load(as_of=dt.date(2024, 9, 30), rows=person_rows(home, women=40, men=23)
                            + person_rows(other, women=17, men=31, personnel_type="teacher", prefix="t"))
    for agency_ids in (None, {home}):
        staff = reach.workforce_cube(fy=2568, agency_ids=agency_ids)
        assert staff[1] == 2567  # the latest snapshot before the year
        once = reach.reach_by_personnel(fy=2568, agency_ids=agency_ids, staff=staff)
        apart = reach.reach_by_personnel(fy=2568, agency_ids=agency_ids)
        assert once == apart and once.total["workforce"]
        assert (reach.reach_by_agency(fy=2568, agency_ids=agency_ids, staff=staff)
                == reach.reach_by_agency(fy=2568, agency_ids=agency_ids))
