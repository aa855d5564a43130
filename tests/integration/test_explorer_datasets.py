"""The data explorer over activity participants and survey respondents: counts, suppression, scoping."""

from tests.core.cellkey_oracle import published_participants as _expected
from thaothiam.core.datasets import Query, explore, registry


def _table(result):
    return {code: [c.value for c in line] for (code, _l), line in zip(result.rows, result.cells, strict=True)}


def test_the_explorer_lists_every_dataset_workforce_first(joined, client_for):
    assert list(registry())[:3] == ["workforce", "participants", "respondents"]
    body = client_for("central").get("/workforce/explore/").content.decode()
    assert 'value="participants"' in body and 'value="respondents"' in body


def test_participants_by_agency_and_sex_from_accepted_reports_only(joined):
    ds = registry()["participants"]
    result = explore(ds, Query("participants", ("agency", "sex")))
    table = _table(result)
    # 139 women and 97 men in DIS-1001, 40 and 35 in DIS-1002
    for code in ("DIS-1001", "DIS-1002"):
        assert table[code] == [_expected(sex, agency__code=code) for sex in "FM"]
    assert "DIS-1003" not in table  # submitted, not accepted
    assert result.total.value == _expected("") and abs(result.total.value - (139 + 97 + 40 + 35)) <= 3


def test_participants_by_gender_identity_and_activity_type_are_perturbed(joined):
    ds = registry()["participants"]
    gi = _table(explore(ds, Query("participants", ("gender_identity",), {"agency": ("DIS-1001",)})))
    # recorded: 130 women, 90 men, 10 LGBTQIAN+, 3 prefer not to say, 3 not recorded
    for code in ("F", "M", "D", "N", "U"):
        expected = _expected(code, "gender_identity", agency__code="DIS-1001")
        assert gi.get(code, [0]) == [expected], code
        assert not 0 < expected < 5
    by_type = explore(ds, Query("participants", ("activity_type", "sex"), {"agency": ("DIS-1001",)}))
    table = _table(by_type)
    assert table.get("comm_meeting", [0, 0]) == [_expected(s, agency__code="DIS-1001", kind="comm_meeting")
                                                 for s in "FM"]  # 2 women and 1 man: 0 or 5 each
    # The same participants counted by sex or by gender identity: the same total.
    assert by_type.total.value == _expected("", agency__code="DIS-1001") == _expected(
        "", "gender_identity", agency__code="DIS-1001")
    share = _table(explore(ds, Query("share_women", ("pillar",))))
    for pillar in ("1", "2"):
        women, everyone = (_expected("F", plan_item__pillar__number=int(pillar)),
                           _expected("", plan_item__pillar__number=int(pillar)))
        assert share[pillar] == [round(100 * women / everyone, 1)]


def test_participants_refuses_sex_with_gender_identity(joined, client_for):
    response = client_for("central").get("/workforce/explore/", {
        "dataset": "participants", "measure": "participants", "row": "sex", "col": "gender_identity"})
    assert response.status_code == 200
    assert "แยกกัน" in response.content.decode() and response.context["result"] is None


def test_respondents_by_survey_sex_and_age(joined):
    """Counts of responses are cell-key perturbed with each response's record key (decision 0120)."""
    from tests.core.cellkey_oracle import published_respondents as _responses
    from thaothiam.surveys.models import Response

    ds = registry()["respondents"]
    fy2568 = Response.objects.filter(campaign__fiscal_year=2568)
    opinion_q = fy2568.filter(campaign__instrument__family="opinion")
    # FY 2568 (the latest): opinion 15 women, 14 men; work environment 8 women, 12 men.
    by_survey = explore(ds, Query("respondents", ("survey", "sex"), {"sex": ("F", "M")}))
    assert by_survey.protection == "perturbed"
    assert _table(by_survey)["work-environment"] == [_responses(fy2568.filter(campaign__instrument__family=
                                                                              "work-environment", sex=s))
                                                     for s in "FM"]
    assert [c.value for c in by_survey.col_margin] == [_responses(fy2568.filter(sex=s)) for s in "FM"]
    assert by_survey.total.value == _responses(fy2568) and abs(by_survey.total.value - 49) <= 3
    # DIS-1002's 3 opinion answers: never published as 1–4 (0 or 5), the same value in every table.
    opinion_by_agency = _table(explore(ds, Query("respondents", ("agency",), {"survey": ("opinion",)})))
    small = _responses(opinion_q.filter(agency__code="DIS-1002"))
    assert small in (0, 5) and opinion_by_agency.get("DIS-1002", [0]) == [small]
    opinion = _table(explore(ds, Query("respondents", ("sex",), {"survey": ("opinion",)})))
    assert opinion == {s: [_responses(opinion_q.filter(sex=s))] for s in "FM"}  # core.vocabulary codes
    age = explore(ds, Query("respondents", ("agency", "age_band"), {"survey": ("opinion",)}))
    assert _table(age).get("DIS-1002", [0])[0] in (0, 5) and age.hidden_count == 0
    assert age.total.value == _responses(opinion_q)
    years = _table(explore(ds, Query("respondents", ("fiscal_year",), {"survey": ("opinion",)})))
    assert years == {str(fy): [_responses(Response.objects.filter(campaign__fiscal_year=fy,
                                                                   campaign__instrument__family="opinion"))]
                     for fy in (2567, 2568)}


def test_coordinators_see_their_own_agency_only(joined, client_for):
    coordinator = client_for("coordinator")
    for dataset, measure in (("participants", "participants"), ("respondents", "respondents")):
        response = coordinator.get("/workforce/explore/", {"dataset": dataset, "measure": measure, "row": "agency"})
        assert response.status_code == 200
        result = response.context["result"]
        assert [code for code, _label in result.rows] == ["DIS-1001"], dataset
    result = coordinator.get("/workforce/explore/", {"dataset": "participants", "measure": "participants",
                                                     "f_agency": "DIS-1002"}).context["result"]
    assert result is None  # another agency is not a choice for a coordinator: the form refuses it
    export = coordinator.get("/workforce/explore/export.csv", {"dataset": "respondents", "measure": "respondents",
                                                                "row": "agency"}).content.decode()
    from tests.core.cellkey_oracle import published_respondents
    from thaothiam.surveys.models import Response

    mine = published_respondents(Response.objects.filter(campaign__fiscal_year=2568, agency__code="DIS-1001"))
    assert "สำนักงานเขตดุสิต" not in export and f"สำนักงานเขตพระนคร,{mine}" in export  # 20 + 20 answers, perturbed


def test_a_coordinators_agency_filter_offers_only_their_agencies(joined, client_for):
    response = client_for("coordinator").get("/workforce/explore/", {"dataset": "workforce", "measure": "headcount"})
    codes = [code for code, _label in response.context["form"].fields["f_agency"].choices]
    assert codes == ["DIS-1001"]
    other = client_for("coordinator").get("/workforce/explore/", {"dataset": "workforce", "measure": "headcount",
                                                                  "f_agency": "DIS-1002"})
    assert other.context["result"] is None and other.context["form"].errors  # refused, not a silent zero


def test_the_disclosure_audit_covers_participants_workforce_and_indicator_values(joined):
    """Every fixed table of FY 2568 together: participants and workforce perturbed (no 1–4, one value per
    set of people across the reports, the explorer queries and the open data), nothing else to find."""
    from collections import Counter

    from thaothiam.core.disclosure_audit import run
    from thaothiam.reporting.disclosure_audit import populations

    lines = []
    report = run(fiscal_year=2568, out=lines.append)
    assert report.ok, report.problems
    assert any(line.startswith("participants FY 2568") for line in lines)
    assert any(line.startswith("workforce FY 2568") for line in lines)
    participants = next(p for p in populations(fiscal_year=2568) if p.name.startswith("participants"))
    repeated = Counter(e.atoms for e in participants.perturbed if e.atoms)
    assert max(repeated.values()) >= 4  # the same participants in several report tables: compared
