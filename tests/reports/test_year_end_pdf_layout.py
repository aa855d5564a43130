"""The year-end PDF a Governor would sign (issue 16 §4): a cover with the uploaded logo, contents, the
executive summary first, recommendations before the annexes, annexes on landscape pages, no text outside
the printable area and no chart label cut short. Every page is rendered to PNG (test-artifacts/)."""

import re
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from reports_helpers import accepted_report, add_value, make_activity

from thaothiam.reports import yearend
from thaothiam.reports.models import ReportBranding, YearEndNarrative

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
MM = 72 / 25.4  # PDF points per millimetre
# A 1×1 PNG, red: enough for the cover to show an image.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8"
                    "cfc0000003010100c9fe92ef0000000049454e44ae426082")


@pytest.fixture
def report_data(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for i, code in enumerate(("DIS-1001", "DIS-1002", "DIS-1003", "DIS-1036")):
        report = accepted_report(code, users)
        make_activity(report, female=40 + i, male=30 + i, item=(1 + i % 3, 1))
        add_value(report, "1-4-declaration", i % 2)
        add_value(report, "2-5-data-quality", 80 + 5 * i)
    YearEndNarrative.objects.create(fy=2568, summary="สรุปสำหรับผู้บริหาร " * 40,
                                    recommendations="ข้อเสนอแนะ " * 30)
    branding = ReportBranding(pk=1)
    branding.logo.save("logo.png", ContentFile(PNG))


def _pages(pdf: bytes) -> list[dict]:
    """Each page's size and words with their boxes (pdftotext -bbox)."""
    html = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    pages = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page.group(3))]
        pages.append({"width": float(page.group(1)), "height": float(page.group(2)), "words": words,
                      "text": " ".join(w[4] for w in words)})
    return pages


def test_year_end_pdf_pages(report_data):
    pdf = yearend.render_pdf(2568)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "year-end.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(ARTIFACTS / "year-end.pdf"), str(ARTIFACTS / "year-end-page")],
                   check=True)
    pages = _pages(pdf)
    texts = [p["text"] for p in pages]
    # cover (with its logo), contents, executive summary, …, recommendations, then the annex
    images = subprocess.run(["pdfimages", "-list", "-f", "1", "-l", "1", "-"], input=pdf, capture_output=True,
                            check=True).stdout.decode().splitlines()[2:]
    assert images, "the cover carries the uploaded logo"
    assert "สารบัญ" in texts[1]
    first = lambda needle: next(i for i, t in enumerate(texts) if i > 1 and needle in t)  # after the contents  # noqa: E731
    assert first("บทสรุปผู้บริหาร") < first("ภาพรวมโดยย่อ") < first("ข้อเสนอแนะ") < first("ภาคผนวก 1")
    annex = first("ภาคผนวก 1")
    assert pages[annex]["width"] > pages[annex]["height"], "the annex is on landscape pages"
    assert pages[2]["width"] < pages[2]["height"]
    for number, page in enumerate(pages, start=1):
        width, height = page["width"], page["height"]
        for x0, y0, x1, y1, word in page["words"]:
            # inside what a printer prints: at least 6 mm from every edge (the running header and page
            # number included; office printers leave 4-5 mm unprinted)
            assert x0 >= 6 * MM and y0 >= 6 * MM and x1 <= width - 6 * MM and y1 <= height - 6 * MM, (number, word)
            assert not word.endswith("…"), (number, word)  # a label cut short by the chart
        if 1 < number < len(pages):
            # no near-empty page: every page but the cover and the last carries some text
            assert len(page["words"]) >= 15, (number, page["text"])
