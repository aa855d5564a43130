"""Walks the whole URLconf and proves every view is protected as it declares (deny-by-default)."""

import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from thaothiam.core.access import Rule, rule_of

SAMPLE = {"int": "999999", "str": "x", "slug": "x", "uuid": str(uuid.UUID(int=1)), "path": "x"}


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if getattr(entry.urlconf_module, "__name__", "").startswith("django.contrib.admin") or (
                entry.app_name == "admin"
            ):
                continue
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def concrete(route: str, pattern: URLPattern) -> str:
    import re

    path = "/" + route.lstrip("^").rstrip("$")
    for name, converter in pattern.pattern.converters.items():
        kind = type(converter).__name__.replace("Converter", "").lower()
        path = re.sub(rf"<(\w+:)?{name}>", SAMPLE.get(kind, "x"), path)
    return path


ROUTES = [(concrete(route, pattern), pattern) for route, pattern in walk(get_resolver().url_patterns)]


def test_the_walk_finds_the_views():
    names = {pattern.name for _path, pattern in ROUTES}
    assert {"home", "login", "healthz", "plan_manage", "me"} <= names
    assert {"oidc_authentication_init", "oidc_authentication_callback", "openapi-json", "workforce_import_push"} <= names


API_ROUTES = [(path, pattern) for path, pattern in ROUTES if path.startswith("/api/v1/")
              and pattern.name not in {"openapi-json", "openapi-view", "api-root"}]


@pytest.mark.parametrize(("path", "pattern"), API_ROUTES, ids=[p for p, _ in API_ROUTES])
def test_api_operations_refuse_requests_without_a_token(path, pattern, db):
    """The API's views are public to the middleware: each operation checks its bearer token itself."""
    response = Client().get(path)
    assert response.status_code in (401, 405), path  # 405: a POST-only operation
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(("path", "pattern"), ROUTES, ids=[p for p, _ in ROUTES])
def test_every_view_declares_an_access_rule(path, pattern):
    assert rule_of(pattern.callback) is not None, f"{path} declares no access rule"


@pytest.mark.parametrize(("path", "pattern"), ROUTES, ids=[p for p, _ in ROUTES])
def test_anonymous_visitors_reach_only_public_views(path, pattern, db):
    rule = rule_of(pattern.callback)
    response = Client().get(path)
    if rule.public:
        assert not (response.status_code == 302 and "/accounts/login/" in response["Location"])
    else:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), path


SIGNED_IN_ROUTES = [(path, pattern) for path, pattern in ROUTES if not (rule_of(pattern.callback) or Rule()).public]


def may_enter(rule: Rule, roles: set[str]) -> bool:
    """The access map as the decorators declare it, for a signed-in user holding `roles`."""
    return rule.public or not rule.roles or bool(roles & rule.roles)


@pytest.mark.parametrize(("path", "pattern"), SIGNED_IN_ROUTES, ids=[p for p, _ in SIGNED_IN_ROUTES])
def test_every_demo_user_is_answered_or_refused_as_the_access_map_says(path, pattern, users, client_for):
    """Every demo user, one role after another, on every view that needs a sign-in: a user whose roles the
    view names gets in (the page, a redirect inside the app, "method not allowed" for a POST-only view, or
    "not found" for the made-up object id in the URL), never a refusal or the sign-in page; every other
    user is refused with 403 — not only a user with no roles at all."""
    rule = rule_of(pattern.callback)
    roles_of = {name: set(user.grants.values_list("role", flat=True)) for name, user in users.items()}
    holders = [name for name, roles in roles_of.items() if may_enter(rule, roles)]
    outsiders = [name for name in roles_of if name not in holders]
    assert holders, f"no demo user holds a role that may use {path}"
    if rule.roles:
        assert "nobody" in outsiders
    answers = (200, 302, 404, 405) if pattern.pattern.converters else (200, 302, 405)
    for name in users:
        response = client_for(name).get(path)
        if name in outsiders:
            assert response.status_code == 403, (path, name, response.status_code)
        else:
            assert response.status_code in answers, (path, name, response.status_code)
            assert not response.get("Location", "").startswith("/accounts/login/"), (path, name)


def test_a_view_without_a_rule_is_refused(rf, db):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from thaothiam.core.access import AccessMiddleware

    def unmarked(request):
        return HttpResponse("secret")

    request = rf.get("/x")
    request.user = AnonymousUser()
    middleware = AccessMiddleware(lambda r: HttpResponse("ok"))
    middleware(request)
    assert middleware.process_view(request, unmarked, (), {}).status_code == 403


def test_admin_site_requires_the_admin_role(client_for):
    assert client_for("central").get("/admin/").status_code == 302
    assert client_for("admin").get("/admin/").status_code == 200
