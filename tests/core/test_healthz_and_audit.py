import pytest
from django.core.exceptions import PermissionDenied

from thaothiam.core import audit
from thaothiam.core.models import AuditEvent


def test_healthz_answers_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_database_failure(client, db, monkeypatch):
    class DownConnection:
        def cursor(self):
            raise RuntimeError("database down")

    monkeypatch.setattr("thaothiam.core.views.connection", DownConnection())
    assert client.get("/healthz").status_code == 503


def test_audit_events_are_append_only(users):
    event = audit.record("test.write", users["staff"], actor=users["admin"], after={"x": 1})
    event.note = "tampered"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).note == ""


def test_audited_save_keeps_before_and_after(users):
    user = users["staff"]
    user.first_name = "ใหม่"
    event = audit.audited_save(user, "user.rename", actor=users["admin"], exclude=("password",))
    assert event.before["first_name"] == "" and event.after["first_name"] == "ใหม่"
    assert "password" not in event.after
    assert event.actor_username == "admin" and event.object_type == "accounts.user"


def test_every_page_names_an_icon_and_favicon_ico_finds_it(client, db):
    from django.contrib.staticfiles import finders

    html = client.get("/").content.decode()
    assert 'rel="icon"' in html and "img/favicon" in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and "img/favicon" in response["Location"]
    assert finders.find("img/favicon.svg")
