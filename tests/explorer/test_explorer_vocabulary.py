"""Issue 17 §2: one vocabulary in the explorer. Sex, gender identity, personnel type and age band read the
same in every dataset — the codes and labels of core.vocabulary — so a table of workforce staff and one of
survey respondents line up band for band, and the same filter code means the same people in both."""

import datetime as dt

import pytest
from django.utils import translation

from tests.core.cellkey_oracle import published_people
from tests.surveys.survey_helpers import add_responses, make_campaign
from tests.surveys.survey_oracle import pub
from tests.workforce.wf_files import person_rows
from thaothiam.agencies.models import Agency
from thaothiam.core import vocabulary as v
from thaothiam.core.datasets import registry
from thaothiam.workforce.models import Person
from thaothiam.workforce.services import workforce_snapshot_load

CORE = {
    "sex": [*v.SEX, v.NOT_STATED],
    "gender_identity": [*v.GENDER_IDENTITY, v.GENDER_UNDISCLOSED],
    "personnel_type": [*v.PERSONNEL_TYPES, v.NOT_STATED],
    "age_band": [*v.AGE_BANDS, v.NOT_STATED],
}


@pytest.mark.parametrize("language", ["th", "en"])
def test_every_dataset_labels_a_people_dimension_as_the_core_vocabulary_does(db, language):
    seen: dict[str, set] = {}
    with translation.override(language):
        for key, dataset in registry().items():
            for dimension in dataset.dimensions:
                if dimension.key not in CORE:
                    continue
                expected = {t.code: t.label for t in CORE[dimension.key]}
                for code, label in dimension.values():
                    assert expected.get(code) == str(label), (key, dimension.key, code, str(label))
                seen.setdefault(dimension.key, set()).add(key)
    # The datasets that show them: workforce and survey respondents every one, the others sex at least.
    assert {"workforce", "respondents"} <= set.intersection(*seen.values())
    assert len(seen["sex"]) >= 4


def test_the_same_age_band_code_filters_staff_and_respondents_alike(reference_data, client_for):
    agency = Agency.objects.get(code="DIS-1001")
    rows = []
    for age, women, men in ((27, 6, 4), (33, 9, 7), (45, 5, 8), (58, 7, 6)):
        rows += person_rows(agency.pk, women=women, men=men, prefix=f"a{age}", age=age, age_band=v.age_band(age))
    workforce_snapshot_load(as_of=dt.date(2026, 9, 30), rows=rows)  # FY 2569
    campaign = make_campaign(agencies=("DIS-1001",), status="closed")
    answers = {"op_aware_policy": 4}
    add_responses(campaign, [(answers, {"sex": "F", "age_band": "30-39"})] * 8
                  + [(answers, {"sex": "M", "age_band": "30-39"})] * 6
                  + [(answers, {"sex": "F", "age_band": "<30"})] * 7 + [(answers, {"sex": "M", "age_band": "40-49"})] * 9)
    client = client_for("central")
    tables = {}
    for dataset, measure in (("workforce", "headcount"), ("respondents", "respondents")):
        result = client.get("/workforce/explore/", {"dataset": dataset, "measure": measure, "row": "sex",
                                                     "col": "age_band", "f_age_band": "30-39"}).context["result"]
        tables[dataset] = result
        assert [code for code, _label in result.cols] == ["30-39"], dataset
    staff, respondents = tables["workforce"], tables["respondents"]
    assert staff.cols == respondents.cols  # the same code, the same label ("30–39 ปี")
    assert [r for r in staff.rows] == [r for r in respondents.rows if r[0] != "U"] == [("F", "หญิง"), ("M", "ชาย")]
    for i, sex in enumerate(("F", "M")):
        assert staff.cells[i][0].value == published_people(Person.objects.filter(sex=sex, age_band="30-39"))
        assert respondents.cells[i][0].value == pub(campaign, sex=sex, age_band="30-39")
