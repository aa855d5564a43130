"""Archive bombs and oversized sheets in the workforce import are refused before parsing, with a
Thai (and English) message, and change nothing. The hostile files are built here."""

import datetime as dt
import os
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.workforce.wf_files import HEADER, confirm_and_publish, people, write_csv, write_xlsx
from thaothiam.workforce.models import Person, Snapshot, WorkforceImport


def _base_xlsx(path, rows=None):
    return write_xlsx(path, people(3) if rows is None else rows)


def _replace_member(path, name, data: bytes | None = None, *, chunks=None):
    """Rewrite the XLSX at ``path`` with member ``name`` replaced (streamed from ``chunks`` if given)."""
    with zipfile.ZipFile(path) as source:
        members = {m.filename: source.read(m.filename) for m in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member, content in members.items():
            if member != name:
                target.writestr(member, content)
        if chunks is None:
            target.writestr(name, data)
        else:
            with target.open(name, "w") as stream:
                for chunk in chunks:
                    stream.write(chunk)
    return path


def _sheet_xml(rows_xml: bytes, dimension: bytes | None) -> bytes:
    head = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    dim = b'<dimension ref="' + dimension + b'"/>' if dimension else b""
    return head + dim + b"<sheetData>" + rows_xml + b"</sheetData></worksheet>"


@pytest.fixture
def existing(client_for, tmp_path):
    """A snapshot already imported: a refused file must leave it exactly as it is."""
    client = client_for("coordinator")
    confirm_and_publish(client, client_for("central"), _upload(client, write_csv(tmp_path / "first.csv", people(6))))
    assert Person.objects.count() == 6
    return client


def _upload(client, path):
    response = client.post("/workforce/import/", {"file": SimpleUploadedFile(path.name, path.read_bytes()),
                                                  "as_of": "2025-09-30", "agency": "DIS-1001"})
    assert response.status_code == 302, response.content[:400]
    return WorkforceImport.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def _refused(client, path, thai: str) -> WorkforceImport:
    before = (Person.objects.count(), Snapshot.objects.count(), list(Person.objects.values_list("pk", flat=True)))
    job = _upload(client, path)
    assert job.status == "refused" and job.error_count == 1, job.errors
    assert job.processed_rows == 0  # refused before a single row was parsed
    page = client.get(f"/workforce/import/{job.pk}/").content.decode()
    assert thai in page, re.findall(r"<li[^>]*>.*?</li>", page)[:5]
    report = client.get(f"/workforce/import/{job.pk}/errors.csv").content.decode("utf-8-sig")
    assert thai in report
    assert (Person.objects.count(), Snapshot.objects.count(),
            list(Person.objects.values_list("pk", flat=True))) == before
    return job


def test_a_zip_bomb_is_refused_unread(existing, tmp_path):
    """200 MB of shared strings packed into a few hundred kilobytes: refused by its compression ratio."""
    path = _replace_member(_base_xlsx(tmp_path / "bomb.xlsx"), "xl/sharedStrings.xml",
                           chunks=[b"<sst>"] + [b"<si><t>" + b"A" * (1 << 20) + b"</t></si>"] * 200 + [b"</sst>"])
    assert os.path.getsize(path) < 2 * 1024 * 1024
    job = _refused(existing, path, "ระเบิด")
    assert job.errors[0][2] == "compression_ratio"


def test_an_archive_that_unpacks_too_large_is_refused(existing, tmp_path, settings):
    settings.THAOTHIAM_IMPORT_MAX_UNPACKED_MB = 1
    noise = os.urandom(700 * 1024).hex().encode()  # incompressible: only the size can refuse it
    path = _replace_member(_base_xlsx(tmp_path / "big.xlsx"), "docProps/custom.xml", noise)
    job = _refused(existing, path, "มากกว่า 1 MB")
    assert job.errors[0][2] == "unpacked_too_large"


def test_a_million_row_sparse_sheet_is_refused_by_its_dimensions(existing, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.cell(row=1_000_000, column=1, value="x")
    book.save(tmp_path / "sparse.xlsx")
    assert os.path.getsize(tmp_path / "sparse.xlsx") < 100_000
    job = _refused(existing, tmp_path / "sparse.xlsx", "มากกว่า 300,000 แถว")
    assert job.errors[0][2] == "too_many_rows"


def test_a_sheet_that_hides_its_rows_behind_a_false_dimension_is_refused(existing, tmp_path):
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n)
                    for n in (1, 2, 999_999))
    path = _replace_member(_base_xlsx(tmp_path / "liar.xlsx"), "xl/worksheets/sheet1.xml", _sheet_xml(rows, b"A1:M3"))
    job = _refused(existing, path, "มากกว่า 300,000 แถว")
    assert job.errors[0][2] == "too_many_rows"


def test_a_sheet_wider_than_allowed_is_refused(existing, tmp_path):
    rows = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c><c r="XFD1" t="inlineStr"><is><t>y</t></is></c></row>'
    path = _replace_member(_base_xlsx(tmp_path / "wide.xlsx"), "xl/worksheets/sheet1.xml", _sheet_xml(rows, None))
    job = _refused(existing, path, "มากกว่า 100 คอลัมน์")
    assert job.errors[0][2] == "too_many_columns"


def test_a_csv_with_too_many_rows_or_columns_is_refused(existing, tmp_path, settings):
    settings.THAOTHIAM_IMPORT_MAX_ROWS = 5
    job = _refused(existing, write_csv(tmp_path / "long.csv", people(9, start=50)), "มากกว่า 5 แถว")
    assert job.errors[0][2] == "too_many_rows"
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(HEADER + [f"extra{i}" for i in range(200)]) + "\n" + "1,2\n")
    assert _refused(existing, wide, "มากกว่า 100 คอลัมน์").errors[0][2] == "too_many_columns"


def test_a_real_file_within_the_limits_still_imports(client_for, tmp_path):
    client = client_for("coordinator")
    job = confirm_and_publish(client, client_for("central"), _upload(client, _base_xlsx(tmp_path / "good.xlsx", people(40))))
    assert job.status == "published" and job.imported_rows == 40
    assert Person.objects.filter(snapshot__as_of=dt.date(2025, 9, 30)).count() == 40


def test_imports_run_on_their_own_queue():
    """Imports never share the PDF printer's queue: `serve` starts one worker per queue."""
    from django.conf import settings as django_settings

    from thaothiam.reports.tasks import generate_report
    from thaothiam.workforce.tasks import run_workforce_import

    assert run_workforce_import.queue_name == "imports" and generate_report.queue_name == "default"
    assert set(django_settings.TASKS["default"]["QUEUES"]) == {"default", "imports"}


@pytest.mark.own_sqlite
def test_serve_starts_one_worker_per_queue(tmp_path):
    """`thaothiam serve` runs the imports' worker beside the PDF printer's, so neither waits for the other."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    base = {k: v for k, v in os.environ.items() if not k.startswith(("THAOTHIAM_", "DJANGO_", "PYTEST"))}
    base.pop("DATABASE_URL", None)
    env = {**base, "THAOTHIAM_VAR_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-m", "thaothiam", "migrate", "-v", "0"], env=env, check=True, timeout=300)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "thaothiam", "serve", "--port", str(port), "--workers", "1"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, workers = time.time() + 60, ""
        while time.time() < deadline:
            workers = subprocess.run(["pgrep", "-a", "-P", str(server.pid)], capture_output=True, text=True).stdout
            if workers.count("db_worker") == 2:
                break
            time.sleep(0.3)
        assert "db_worker --queue-name default" in workers and "db_worker --queue-name imports" in workers, workers
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
