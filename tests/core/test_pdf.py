"""PDFs printed by headless Chromium: Thai text reads back exactly, page numbers, charts.

Needs Debian's ``chromium`` and ``poppler-utils`` (pdftotext, pdffonts), and the vendored front-end
files (``npm ci && python -m thaothiam.core.vendor``; the fixture below re-runs the copy when
node_modules/ is there). Works with or without Django settings.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from thaothiam.core import pdf
from thaothiam.core.vendor import DEFAULT_DEST, DEFAULT_NODE_MODULES, copy_vendor_files

CHROMIUM = pdf.chromium_path()
needs_chromium = pytest.mark.skipif(
    not os.access(CHROMIUM, os.X_OK),
    reason=f"Chromium not found at {CHROMIUM}: apt-get install chromium (or set THAOTHIAM_CHROMIUM)",
)
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
    reason="pdftotext/pdffonts not found: apt-get install poppler-utils",
)

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
TITLE = "แผนปฏิบัติการความเท่าเทียม ปี ๒๕๖๘"
LINE = "ผลการดำเนินงานที่ผ่านมา หน้าที่ของหน่วยงาน"


@pytest.fixture(scope="module")
def vendored() -> Path:
    if DEFAULT_NODE_MODULES.is_dir():
        copy_vendor_files(DEFAULT_NODE_MODULES, DEFAULT_DEST)
    if not (DEFAULT_DEST / "fonts" / "sarabun.css").is_file():
        pytest.skip("front-end files not vendored: run `npm ci && python -m thaothiam.core.vendor`")
    return DEFAULT_DEST


def pdftotext(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdffonts(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout


THAI_PAGE = f"""<!doctype html>
<html lang="th">
<head>
<meta charset="utf-8">
<title>{TITLE}</title>
<link rel="stylesheet" href="/static/vendor/fonts/sarabun.css">
<style>
  @page {{
    size: A4;
    margin: 20mm 18mm 22mm;
    @bottom-center {{
      content: "หน้า " counter(page) " / " counter(pages);
      font-family: 'Sarabun';
      font-size: 10pt;
    }}
  }}
  body {{ font-family: 'Sarabun'; font-size: 14pt; }}
  h1 {{ font-weight: 700; font-size: 18pt; }}
  .next {{ break-before: page; }}
</style>
</head>
<body>
  <h1>{TITLE}</h1>
  <p>{LINE}</p>
  <p>เลขไทย {THAI_DIGITS}</p>
  <p><em>ตัวเอียง</em> <strong>ตัวหนา</strong></p>
  <p class="next">ดำเนินงาน</p>
</body>
</html>
"""


@pytest.mark.browser
@needs_chromium
@needs_poppler
def test_thai_text_and_page_numbers_read_back_exactly(vendored, tmp_path):
    data = pdf.html_to_pdf(THAI_PAGE)

    assert data.startswith(b"%PDF-")
    text = pdftotext(data, tmp_path)
    # The words WeasyPrint got wrong ("ดาเนินงาน", "ท่ี") read back exactly, ำ included.
    assert "ดำเนินงาน" in text
    assert "ดาเนินงาน" not in text
    assert "ที่" in text
    assert "ท่ี" not in text
    assert TITLE in text
    assert LINE in text
    assert THAI_DIGITS in text
    # The @page margin box numbers the pages.
    assert "หน้า 1 / 2" in text
    assert "หน้า 2 / 2" in text
    # Every glyph came from the vendored Sarabun (no system font on these machines draws Thai).
    fonts = pdffonts(data, tmp_path)
    embedded = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
    assert embedded, fonts
    assert all("Sarabun" in name for name in embedded), fonts
    assert any(name.endswith("Sarabun-Regular") for name in embedded), fonts
    assert any(name.endswith("Sarabun-Bold") for name in embedded), fonts
    assert any(name.endswith("Sarabun-Italic") for name in embedded), fonts


CHART_PAGE = """<!doctype html>
<html lang="th">
<head>
<meta charset="utf-8">
<link rel="stylesheet" href="/static/vendor/fonts/sarabun.css">
<style>body { font-family: 'Sarabun'; }</style>
<script>window.__chartsReady = false;</script>
<script src="/static/vendor/vega.min.js"></script>
<script src="/static/vendor/vega-lite.min.js"></script>
<script src="/static/vendor/vega-embed.min.js"></script>
</head>
<body>
<h1>ผู้ปฏิบัติงานจำแนกตามเพศ</h1>
<div id="chart"></div>
<script>
  const spec = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
    "width": 400, "height": 200,
    "config": {"font": "Sarabun"},
    "data": {"values": [{"sex": "หญิง", "n": 540}, {"sex": "ชาย", "n": 460}]},
    "mark": "bar",
    "encoding": {
      "x": {"field": "sex", "type": "nominal", "title": "เพศของผู้ปฏิบัติงาน"},
      "y": {"field": "n", "type": "quantitative", "title": "จำนวนคน"}
    }
  };
  // Deliberately late, so the PDF is correct only if printing waits for the flag.
  setTimeout(() => {
    vegaEmbed("#chart", spec, {renderer: "svg", actions: false})
      .then(() => { window.__chartsReady = true; });
  }, 300);
</script>
</body>
</html>
"""


@pytest.mark.browser
@needs_chromium
@needs_poppler
def test_vega_chart_is_drawn_before_printing(vendored, tmp_path):
    data = pdf.html_to_pdf(CHART_PAGE)

    text = pdftotext(data, tmp_path)
    assert "ผู้ปฏิบัติงานจำแนกตามเพศ" in text
    # Axis titles and labels drawn by vega-embed (SVG text) are in the PDF.
    assert "เพศของผู้ปฏิบัติงาน" in text
    assert "จำนวนคน" in text
    assert "หญิง" in text


@pytest.mark.browser
@needs_chromium
def test_chart_flag_that_never_turns_true_is_an_error(vendored):
    page = "<!doctype html><script>window.__chartsReady = false;</script><p>x</p>"
    with pytest.raises(pdf.PdfError, match="__chartsReady"):
        pdf.html_to_pdf(page, timeout_ms=1500)


def test_missing_chromium_names_the_debian_package(monkeypatch):
    monkeypatch.setattr(pdf, "chromium_path", lambda: "/nonexistent/chromium")
    with pytest.raises(pdf.PdfError, match=r"apt-get install chromium"):
        pdf.html_to_pdf("<p>x</p>")


def test_static_files_are_found_only_inside_the_static_folders(vendored):
    found = pdf.find_static_file("vendor/fonts/sarabun.css")
    assert found is not None and found.name == "sarabun.css"
    for bad in ["../settings.py", "%2e%2e/settings.py", "/etc/passwd", "vendor/../../settings.py", ""]:
        assert pdf.find_static_file(bad) is None, bad
    assert pdf.find_static_file("vendor/no-such-file.js") is None
