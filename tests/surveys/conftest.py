"""Survey fixtures."""

import pytest
from survey_helpers import make_campaign


@pytest.fixture(autouse=True)
def fresh_matrix_cache():
    """Rolled-back tests reuse campaign ids: start every test with empty per-process caches."""
    from thaothiam.surveys import matrix, structure

    matrix.clear()
    structure._cache.clear()
    yield
    matrix.clear()
    structure._cache.clear()


@pytest.fixture
def opinion(reference_data):
    return make_campaign()


@pytest.fixture
def workenv(reference_data):
    return make_campaign("work-environment-2568")

