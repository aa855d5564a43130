"""Every catalogue compiles, and every message has its Thai translation."""

import subprocess
from pathlib import Path

import pytest

CATALOGUES = sorted((Path(__file__).resolve().parent.parent / "thaothiam").rglob("locale/th/LC_MESSAGES/django.po"))


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 5


@pytest.mark.parametrize("po", CATALOGUES, ids=[p.parts[-5] for p in CATALOGUES])
def test_catalogue_compiles_and_is_complete(po):
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
