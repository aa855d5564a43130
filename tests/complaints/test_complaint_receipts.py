"""Receipts: shown once, stored only as an Argon2id-derived lookup; guessing is throttled without addresses."""

import pytest
from complaint_helpers import follow, officers_with_keys, submit
from django.test import Client

from thaothiam.complaints.models import Case, ReceiptThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(reference_data):
    return officers_with_keys(("co-local", "DIS-1001"), ("co-central", None))


def test_the_receipt_is_not_stored_and_finds_its_case(officers):
    receipt = submit()
    case = Case.objects.get()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM complaints_case")
        row = cursor.fetchone()
    assert receipt not in repr(row) and receipt.encode() not in b"".join(
        bytes(v) for v in row if isinstance(v, bytes | memoryview))
    client = follow(" ".join(receipt[i:i + 4] for i in range(0, 16, 4)))  # spaces as printed are fine
    assert client.get("/complaints/follow/case/").status_code == 200
    assert case.receipt_lookup is not None and len(bytes(case.receipt_lookup)) == 32


def test_guessing_is_throttled_per_session_then_installation_wide(officers, settings):
    settings.COMPLAINTS_RECEIPT_FAILURES_PER_HOUR = 8
    receipt = submit()
    guesser = Client(REMOTE_ADDR="198.51.100.9")
    for n in range(5):
        wrong = f"{(int(receipt) + n + 1) % 10**16:016d}"
        assert guesser.post("/complaints/follow/", {"receipt": wrong}).status_code == 400
    # The session now waits, even with the right receipt.
    assert guesser.post("/complaints/follow/", {"receipt": receipt}).status_code == 429
    # Dropping the session cookie does not help for long: the installation-wide counter stops guessing.
    for n in range(3):
        fresh = Client()
        assert fresh.post("/complaints/follow/", {"receipt": f"{n:016d}"}).status_code == 400
    assert ReceiptThrottle.objects.get().failures == 8
    blocked = Client().post("/complaints/follow/", {"receipt": receipt})
    assert blocked.status_code == 429
    assert "198.51.100.9" not in repr(list(ReceiptThrottle.objects.values()))


def test_malformed_receipts_count_as_failures_and_show_a_thai_error(officers):
    response = Client().post("/complaints/follow/", {"receipt": "12ab"})
    assert response.status_code == 400
    assert "ไม่พบเรื่องที่มีเลขรับเรื่องนี้" in response.content.decode()
    assert ReceiptThrottle.objects.get().failures == 1
