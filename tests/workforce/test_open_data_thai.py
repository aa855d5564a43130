"""The open-data page in Thai names things in Thai; file names and URLs stay as machines know them (issue 16 §7)."""

import html as html_lib
import re

from django.conf import settings
from django.test import Client

from thaothiam.workforce import opendata

ALLOWED_LATIN = {"CSV", "JSON", "CKAN", "Frictionless", "cell", "key", "cell-key"}


def _visible_text(html: str) -> str:
    main = html[html.index("<main"):html.index("</main>")]
    main = re.sub(r"<code[^>]*>.*?</code>", " ", main, flags=re.S)  # file names are shown as code, on purpose
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", main))


def test_open_data_page_in_thai_has_no_technical_english_names(reference_data):
    page = Client().get("/workforce/open-data/").content.decode()
    words = set(re.findall(r"[A-Za-z][A-Za-z\-_.]*", _visible_text(page)))
    assert words <= ALLOWED_LATIN, words - ALLOWED_LATIN
    assert "คำอธิบายทุกตารางและทุกคอลัมน์" in page and "ตารางข้อมูล (CSV)" in page
    # what machines use is unchanged: the same URLs and file names
    for table in opendata.TABLES:
        assert f'href="/workforce/open-data/{table.slug}.csv"' in page
    assert 'href="/workforce/open-data/datapackage.json"' in page and "<code lang=\"en\">datapackage.json</code>" in page
    assert 'href="/workforce/open-data/ckan.json"' in page


def test_open_data_page_in_english_reads_in_english(reference_data):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/workforce/open-data/").content.decode()
    assert "Description of every table and its columns" in page and "table (CSV)" in page
