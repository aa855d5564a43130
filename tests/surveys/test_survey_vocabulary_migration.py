"""Issue 17 §2: survey demographics move from the survey's own numbers to core.vocabulary's codes
(surveys/0008–0009). Rows written with the old numbers — invitations, the pending pool, released responses and
open answers — come out with the codes that mean the same, and the results count the same responses in
the same cells; the migration also runs backwards."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.core.cellkey_oracle import published, survey_response_key

BEFORE = [("surveys", "0007_opinion_title_in_the_seeds_words")]
# The survey's former numbers (surveys/models.py before 0008) and what they meant, as core codes.
OLD_MEANING = {
    "sex": {0: "U", 1: "F", 2: "M"},                                    # not stated, female, male
    "gender_identity": {0: "U", 1: "F", 2: "M", 3: "D", 4: "N"},        # …, woman, man, diverse, prefer not
    "personnel_type": {0: "U", 1: "civil", 2: "teacher", 3: "permanent", 4: "temporary"},
    "age_band": {0: "U", 1: "<30", 2: "30-39", 3: "40-49", 4: "50-59", 5: "60+"},
}


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return MigrationExecutor(connection).loader.project_state(target).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_old_survey_numbers_become_core_codes_and_come_back():
    from survey_helpers import make_campaign

    from thaothiam.agencies.models import Agency
    from thaothiam.core.cellkey import secret
    from thaothiam.core.demodata import load_reference_data
    from thaothiam.surveys import matrix, selectors
    from thaothiam.surveys.bands import DEMOGRAPHICS
    from thaothiam.surveys.models import Invitation, Item, OpenAnswer, PendingResponse, Response
    from thaothiam.surveys.structure import load

    if not Agency.objects.exists():
        load_reference_data()  # an earlier transactional test may have flushed what the migrations loaded
    campaign = make_campaign(status="closed", agencies=("DIS-1001",))
    agency = Agency.objects.get(code="DIS-1001")
    slots = load(campaign.instrument_id).slots
    item_id = Item.objects.filter(instrument=campaign.instrument, kind="text").values_list("pk", flat=True).first()
    assert item_id is not None
    # A spread of combinations of old numbers, each by six responses (no cell small enough to be hidden).
    combos = list(itertools.product(*(sorted(t) for t in OLD_MEANING.values())))[::7]
    old = _migrate(BEFORE)
    try:
        OldResponse = old.get_model("surveys", "Response")  # noqa: N806
        rows = [OldResponse(campaign_id=campaign.pk, agency_id=agency.pk, submitted_on=dt.date(2026, 1, 5),
                            answers=bytes(2 * slots), release=1, level_band=i % 6,
                            **dict(zip(OLD_MEANING, combo, strict=True)))
                for i, combo in enumerate(combos * 6)]
        OldResponse.objects.bulk_create(rows)
        old.get_model("surveys", "ResultRelease").objects.update_or_create(  # closing released number 1
            campaign_id=campaign.pk, number=1, defaults={"released_on": dt.date(2026, 1, 6), "responses": len(rows)})
        extra = {"Invitation": lambda i: {"token": f"t{i}"}, "PendingResponse": lambda i: {"answers": b""},
                 "OpenAnswer": lambda i: {"text": "ข้อความ", "item_id": item_id, "release": 1}}
        for name, more in extra.items():
            model = old.get_model("surveys", name)
            model.objects.bulk_create([model(campaign_id=campaign.pk, agency_id=agency.pk, **more(i),
                                             **dict(zip(OLD_MEANING, combo, strict=True)))
                                       for i, combo in enumerate(combos)])
        before = {(dim, value): set(OldResponse.objects.filter(**{dim: value}).values_list("id", flat=True))
                  for dim, table in OLD_MEANING.items() for value in table}
        levels = list(OldResponse.objects.order_by("id").values_list("id", "level_band"))
    finally:
        _migrate(_latest())
    matrix.clear()
    assert all(before.values())  # every old number of every dimension is in the data

    # Each stored row now holds the code of what its number meant; the level band is unchanged.
    for model in (Response, Invitation, PendingResponse, OpenAnswer):
        for dim, table in OLD_MEANING.items():
            assert set(model.objects.values_list(dim, flat=True)) == set(table.values()), (model, dim)
    for (dim, value), ids in before.items():
        assert set(Response.objects.filter(**{dim: OLD_MEANING[dim][value]}).values_list("id", flat=True)) == ids
    assert list(Response.objects.order_by("id").values_list("id", "level_band")) == levels
    # The results count the same responses in the same cells: filtered by a band, they publish the perturbed
    # count of exactly the responses that had the old number of that band (the key is the response's).
    for (dim, value), ids in before.items():
        number = DEMOGRAPHICS[dim].number(OLD_MEANING[dim][value])
        result = selectors.results(campaign, {dim: number}, compare=False, comments=False)
        assert result.respondents == published(len(ids), sum(survey_response_key(i, secret()) for i in ids)), \
            (dim, value)

    # Backwards: the numbers come back.
    old = _migrate(BEFORE)
    try:
        OldResponse = old.get_model("surveys", "Response")  # noqa: N806
        for (dim, value), ids in before.items():
            assert set(OldResponse.objects.filter(**{dim: value}).values_list("id", flat=True)) == ids
        OldInvitation = old.get_model("surveys", "Invitation")  # noqa: N806
        assert sorted(OldInvitation.objects.values_list("sex", "gender_identity", "personnel_type", "age_band")) \
            == sorted(combos)
    finally:
        _migrate(_latest())
