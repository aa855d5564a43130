"""Fixtures for reporting: the rounds of FY 2568 and a started report of สำนักงานเขตพระนคร."""


import pytest

from thaothiam.agencies.models import Agency
from thaothiam.plans.models import PlanItem
from thaothiam.reporting import services
from thaothiam.reporting.models import Round


@pytest.fixture
def fy_rounds(db, reference_data):
    services.rounds_create_for_year(fy=2568, actor=None)
    return {r.seq: r for r in Round.objects.filter(fy=2568)}


@pytest.fixture
def home_agency(reference_data):
    return Agency.objects.get(code="DIS-1001")


@pytest.fixture
def other_agency(reference_data):
    return Agency.objects.get(code="DIS-1002")


@pytest.fixture
def report(fy_rounds, home_agency, users):
    return services.report_start(round_=fy_rounds[1], agency=home_agency, actor=users["coordinator"])


@pytest.fixture
def item_11(reference_data):
    return PlanItem.objects.get(pillar__number=1, number=1, pillar__plan__is_current=True)
