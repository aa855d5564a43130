"""Survey fixtures."""

import pytest
from survey_helpers import make_campaign


@pytest.fixture
def opinion(reference_data):
    return make_campaign()


@pytest.fixture
def workenv(reference_data):
    return make_campaign("work-environment-2568")
