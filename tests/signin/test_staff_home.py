"""The staff home page: cards discovered from every app's home.py (COMMON.md contract 1), the plan in
brief, phone first; where staff land after signing in."""

from types import SimpleNamespace

import pytest

from thaothiam.accounts import staff_home

pytestmark = pytest.mark.django_db


def test_staff_land_on_their_page_with_the_plan_in_brief(users, client):
    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"username": "staff", "password": "demo"})
    assert response["Location"] == "/accounts/me/"
    page = client.get("/accounts/me/").content.decode()
    assert 'data-testid="plan-brief"' in page and "ยุทธศาสตร์ที่ 1" in page  # the plan ships as reference data
    assert 'data-testid="home-nothing"' not in page  # learning offers the starter course to every staff member
    assert "/learning/" in page
    assert "สวัสดี" in page and 'data-role="staff"' in page


def test_cards_come_from_the_apps_in_their_order_and_none_shows_nothing(users, client_for, settings, tmp_path,
                                                                         monkeypatch):
    (tmp_path / "cards").mkdir()
    (tmp_path / "cards" / "card.html").write_text('<div data-testid="card">{{ label }} {{ request.user.username }}</div>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]

    def module(order, label):
        return SimpleNamespace(ORDER=order, __name__=f"thaothiam.{label}.home",
                               card=lambda request: {"template": "cards/card.html", "label": label} if label != "none" else None)

    monkeypatch.setattr(staff_home, "app_modules",
                        lambda name: [module(30, "learning"), module(10, "surveys"), module(20, "none")])
    page = client_for("staff").get("/accounts/me/").content.decode()
    assert page.count('data-testid="card"') == 2
    assert page.index("surveys staff") < page.index("learning staff")


def test_the_page_asks_for_a_password_change_only_with_a_local_password(users, client_for):
    assert "/accounts/password/" in client_for("staff").get("/accounts/me/").content.decode()
    users["staff"].set_unusable_password()
    users["staff"].save()
    assert "/accounts/password/" not in client_for("staff").get("/accounts/me/").content.decode()
