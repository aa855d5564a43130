"""The on-time share beside perturbed counts (decision 0161), played as central with the dashboard section
of the BMA and of every agency. An exact share (on time / finished, to 0.1 %) next to the agency's
perturbed case count (within 3 of the truth) pins the exact number of finished cases: only one count in
the 7 the noise allows gives that share. With exact finished counts for every shown agency and the
BMA, the BMA's minus the shown agencies' is the hidden agencies' count. Computed from perturbed counts,
the share pins only the published count, which is the truth only when its noise is 0."""

import datetime as dt

import pytest
from django.utils import translation

from thaothiam.agencies.models import Agency
from thaothiam.complaints.models import Case
from thaothiam.complaints.sections import complaint_section
from thaothiam.core.sections import Scope

pytestmark = pytest.mark.django_db
AGENCIES = 16
RECEIVED = dt.date(2025, 11, 3)  # FY 2569


def _finished(agency, n, late):
    Case.objects.bulk_create([
        Case(agency=agency, category="harassment", relationship="colleague", named=False, state="closed",
             outcome="resolved", fiscal_year=2569, received_on=RECEIVED, last_handled_on=RECEIVED,
             acknowledged_on=RECEIVED + dt.timedelta(days=1), closed_on=RECEIVED + dt.timedelta(days=20),
             late_stages=1 if i < late else 0)
        for i in range(n)])


@pytest.fixture
def finished(reference_data):
    """AGENCIES agencies with 12–17 finished cases, 5 or 6 of them late (so even the old rule, which hid a
    share when on time or late was 1–4, showed every one), and one agency with 3 finished cases."""
    agencies = list(Agency.objects.exclude(code="FIR").order_by("code")[:AGENCIES + 1])
    for i, agency in enumerate(agencies[:AGENCIES]):
        _finished(agency, 12 + i % 6, 5 + i % 2)
    _finished(agencies[-1], 3, 0)
    return agencies


def _candidates(share: float, published: int) -> list[int]:
    """The finished counts within the noise (±3) of the published count that can give this share."""
    return [f for f in range(max(1, published - 3), published + 4)
            if any(round(100 * o / f, 1) == share for o in range(f + 1))]


def _figures(scope: Scope) -> tuple[int, float | None]:
    """(published cases, on-time share) as the dashboard section shows them."""
    with translation.override("en"):
        section = complaint_section(scope)
    share = next(row[2] for row in section.sheets[0].rows if "within due dates" in str(row[0]))
    assert share == section.context["year"].within_due
    return section.context["year"].total, share


def test_the_on_time_share_does_not_pin_the_number_of_finished_cases(finished):
    pinned = 0
    bma_total, bma_share = _figures(Scope(fy=2569))
    for agency in finished[:AGENCIES]:
        truth = Case.objects.filter(agency=agency).count()
        total, share = _figures(Scope(fy=2569, agency=agency))
        assert share is not None  # 12 or more finished cases: the share is shown
        candidates = _candidates(share, total)
        pinned += candidates == [truth]
    hidden_total, hidden_share = _figures(Scope(fy=2569, agency=finished[-1]))
    assert hidden_share is None and hidden_total in (0, 5)  # 3 finished cases: no share, no count of 3
    # The agencies' cases (12 or more each) are independent: the published count is the truth with
    # probability 0.3 (the noise table's 0), and only then can the share single the truth out; 13 or more
    # of 16 has probability < 1 in 10,000. With an exact share every one of the 16 was pinned.
    assert pinned <= 12, pinned
    assert bma_share is not None and bma_total is not None
