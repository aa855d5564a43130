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
    _complaints()


def _complaints():
    """Cases of every category in two fiscal years, so the complaints section draws its trend chart, whose
    legend carries the category names (long in Thai: 'การเลือกปฏิบัติโดยไม่เป็นธรรมระหว่างเพศ')."""
    import datetime as dt

    from thaothiam.agencies.models import Agency
    from thaothiam.complaints.models import Case, Category
    from thaothiam.core.fiscal import fiscal_year

    agency = Agency.objects.get(code="DIS-1001")
    key = 0
    for received in (dt.date(2024, 2, 5), dt.date(2025, 2, 5)):  # FY 2567 and FY 2568
        for category, _label in Category.choices:
            for _ in range(9):
                key += 1
                Case.objects.create(agency=agency, category=category, relationship="colleague", named=False,
                                    state="received", fiscal_year=fiscal_year(received), received_on=received,
                                    last_handled_on=received, record_key=(137 * key) % 1000)


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
    after_contents = " ".join(texts[2:])
    order = [after_contents.index(heading) for heading in ("บทสรุปผู้บริหาร", "ภาพรวมโดยย่อ", "ข้อเสนอแนะ", "ภาคผนวก 1")]
    assert order == sorted(order), order
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
    # the complaints section and its trend chart are in the report (their legend is checked above)
    body = "".join(texts[2:annex]).replace(" ", "")
    assert "เรื่องร้องเรียน:ผลการพิจารณาและแนวโน้ม" in body
    _complaint_legend_whole(pages[:annex])
    _no_stray_glyph_at_a_foot(pages)
    # No near-empty page: what a page carries reaches at least 45 % down its printable height, except the
    # cover, the contents (which stand alone), the last portrait page before the landscape annex, and the last.
    ends_of_parts = {0, 1, annex - 1, len(pages) - 1}
    for index, page in enumerate(pages):
        if index not in ends_of_parts:
            assert _filled(page) >= 0.45, (index + 1, round(_filled(page), 2), page["text"][:200])


def _complaint_legend_whole(pages):
    """The legend under the complaints trend chart (titled "เรื่องที่เกิดขึ้น"): every category name printed
    whole, each as a word of its own, no two overlapping (a two-column legend once drew a name over the
    next, which pdftotext reads as one run-on word)."""
    chart = next(p for p in reversed(pages) if any(w[4].startswith("เรื่องร้องเรียนจำแนกตามปี") for w in p["words"]))
    title = next(w for w in chart["words"] if w[4] == "เรื่องที่เกิดขึ้น" and w[1] > min(
        v[1] for v in chart["words"] if v[4].startswith("เรื่องร้องเรียนจำแนกตามปี")))
    legend = [w for w in chart["words"] if title[3] - 1 <= w[1] <= title[3] + 80]
    names = {w[4] for w in legend}
    for label in ("การเลือกปฏิบัติโดยไม่เป็นธรรมระหว่างเพศ", "การคุกคามทางเพศ", "การล่วงละเมิดหรือทำร้ายทางเพศ",
                  "การกลั่นแกล้งเพราะเคยร้องเรียน"):
        assert label in names, (label, names)
    for i, a in enumerate(legend):
        for b in legend[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


TOP, BOTTOM = 22 * MM, 20 * MM  # the @page margins of the portrait pages and the annex (print.html)


def _body(page):
    """The words inside the page's margins: not the running header, not the page number."""
    return [w for w in page["words"] if w[1] >= TOP - 2 and w[3] <= page["height"] - BOTTOM + 2]


def _filled(page) -> float:
    words = _body(page)
    if not words:
        return 0.0
    return (max(w[3] for w in words) - TOP) / (page["height"] - TOP - BOTTOM)


def _no_stray_glyph_at_a_foot(pages):
    """At the foot of a page there is the page number and nothing else: no glyph clipped to nothing (a
    screen-reader-only text printed 1 px wide did that under a chart), no lone character on the last line."""
    for number, page in enumerate(pages, start=1):
        height, words = page["height"], page["words"]
        for x0, _y0, x1, y1, word in words:
            assert x1 - x0 >= 1, (number, word, "a glyph clipped to nothing")
            if y1 > height - BOTTOM + 2:  # in the bottom margin: only "หน้า n / N"
                assert word in {"หน้า", "Page", str(number), "/", str(len(pages))}, (number, word)
        body = _body(page)
        if not body:
            continue
        last_line = max(w[1] for w in body)
        foot = [w for w in body if abs(w[1] - last_line) < 3]
        if last_line > height - BOTTOM - 15 * MM and len(foot) == 1:
            assert len(foot[0][4]) > 2 or foot[0][4].isdigit(), (number, foot[0][4], "a lone glyph at the foot")


def test_the_foot_check_finds_the_glyph_the_issue_saw():
    """The check above fails on what page 5 had: a clipped header cell printed under a table."""
    def page(number, extra=()):
        footer = [(287, 807, 303, 819, "หน้า"), (305, 807, 310, 819, str(number)), (312, 807, 316, 819, "/"),
                  (318, 807, 328, 819, "14")]
        return {"width": 595.0, "height": 842.0, "words": [(72, 700, 200, 712, "แผนงาน"), (400, 700, 420, 712, "12"),
                                                           *extra, *footer]}

    _no_stray_glyph_at_a_foot([page(n) for n in range(1, 15)])
    for stray in ((108.6, 784.5, 108.6, 802.0, "ชี้"), (72, 770, 78, 782, "ๆ"), (72, 815, 78, 825, "x")):
        with pytest.raises(AssertionError):
            _no_stray_glyph_at_a_foot([page(n, [stray] if n == 5 else []) for n in range(1, 15)])
