"""Decision 0166: a person whose records disagree on the personnel type (a sign-in sheet without the
column gives "", e-learning gives "civil") is one person reached, under one type, in reach, the kept
cube, the dashboard section, the explorer's learning dataset and the disclosure audit."""

import datetime as dt

import pytest
from learning_helpers import starter

from tests.core.cellkey_oracle import published_learners
from thaothiam.agencies.models import Agency
from thaothiam.core.datasets import Query
from thaothiam.core.disclosure_audit import check_perturbed
from thaothiam.learning import disclosure_audit, reach
from thaothiam.learning.datasets import LearningDataset
from thaothiam.learning.models import Completion, Course, ReachCube

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 11, 5)  # FY 2568


@pytest.fixture
def records(reference_data):
    home = Agency.objects.get(code="DIS-1001")
    classroom = Course.objects.create(code="cls", kind="classroom", title_th="อบรม", is_published=True)
    common = {"completed_on": DAY, "fiscal_year": 2568, "agency": home, "sex": "F", "name": ""}
    Completion.objects.bulk_create(Completion(course=starter(), source="elearning", personnel_type="civil",
                                              learner_key=f"c{i}", **common) for i in range(10))
    # the one person with two records: a sheet that kept no personnel type, and e-learning as a civil servant
    Completion.objects.create(course=classroom, source="attendance", personnel_type="", learner_key="both", **common)
    Completion.objects.create(course=starter(), source="elearning", personnel_type="civil", learner_key="both",
                              **common)
    return home


def test_the_person_counts_once_under_the_known_type(records):
    cube = reach.reached_cube(fy=2568)
    assert sum(n for n, _k in cube.values()) == 11  # ten people and the one with two records
    assert cube == {(records.pk, "F", "civil"): (11, cube[(records.pk, "F", "civil")][1])}
    assert ReachCube.objects.get(fiscal_year=2568).cells == [[records.pk, "F", "civil", *cube[(records.pk, "F",
                                                                                                "civil")]]]
    everyone = Completion.objects.filter(fiscal_year=2568)
    # the published figures are those of the eleven people, each with their one key (decision 0028)
    by_type = reach.reach_by_personnel(fy=2568)
    by_agency = reach.reach_by_agency(fy=2568)
    assert by_type.total["total"] == by_agency.total["total"] == published_learners(everyone)
    unknown = next(r for r in by_type.rows if r["key"] == "")
    assert unknown["total"] is None or unknown["total"] == 0
    civil = next(r for r in by_type.rows if r["key"] == "civil")
    assert civil["total"] == published_learners(everyone)
    # the same when counted for the agency alone, without the kept cube
    assert reach.reached_counts(fy=2568, agency_ids={records.pk}, group=reach.CUBE) == cube


def test_the_explorer_files_both_records_under_the_persons_type(records):
    dataset = LearningDataset()
    result = dataset.aggregate(Query(measure="completions", breakdowns=("personnel_type",)))
    assert result.counts.get("", 0) == 0
    assert result.counts["civil"] == 12  # completions: the person's two records, both under "civil"
    only_unknown = dataset.aggregate(Query(measure="completions",
                                           filters={"personnel_type": ("",)}))
    assert only_unknown.counts.get("__all__", 0) == 0


def test_the_disclosure_audit_sees_one_person_with_one_figure(records):
    population = next(disclosure_audit.populations(fiscal_year=2568))
    assert check_perturbed(population.perturbed) == []
    unknown = [e for e in population.perturbed if e.table == "reach by personnel type" and e.atoms
               and "learner:both" in e.atoms and e.label.startswith(str(reach.reach_by_personnel(fy=2568).rows[-1]
                                                                            ["label"]))]
    assert unknown == []  # "not known" holds no record of the person
