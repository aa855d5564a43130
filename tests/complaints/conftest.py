"""Complaint tests: Argon2id at its minimum cost (the mechanism is the same; production's cost is
measured in docs/decisions/0071), and helpers to make officers and reports."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(autouse=True)
def cheap_argon2(settings):
    settings.COMPLAINTS_ARGON2 = (1, 8192)
