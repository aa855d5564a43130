"""Who may use which view and see which agency's data: the one access mechanism.

Every view declares its rule with one of the decorators below; `AccessMiddleware` refuses any
view that declares none (deny-by-default), and `tests/test_url_access.py` walks the URLconf to
prove it. Object-level checks go through `Access.require_agency`, which answers 404 for both
"missing" and "not yours" so that nothing leaks about other agencies.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponseForbidden

from thaothiam.core.roles import Role

logger = logging.getLogger(__name__)

ALL_AGENCIES = None  # returned by Access.agency_ids for a BMA-wide grant


@dataclass(frozen=True)
class Rule:
    public: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)  # empty + not public = any signed-in user

    def describe(self) -> str:
        if self.public:
            return "public"
        return "roles:" + ",".join(sorted(self.roles)) if self.roles else "login"


def _mark(view: Callable, rule: Rule) -> Callable:
    view.access_rule = rule
    return view


def public(view: Callable) -> Callable:
    """Anyone, signed in or not."""
    return _mark(view, Rule(public=True))


def signed_in(view: Callable) -> Callable:
    """Any signed-in user, whatever their roles."""
    return _mark(view, Rule())


def roles(*names: Role | str) -> Callable[[Callable], Callable]:
    """Signed-in users holding at least one of these roles (for any agency)."""
    unknown = set(map(str, names)) - set(Role.values)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")

    def decorate(view: Callable) -> Callable:
        return _mark(view, Rule(roles=frozenset(map(str, names))))

    return decorate


def rule_of(view: Callable) -> Rule | None:
    rule = getattr(view, "access_rule", None)
    if rule is None and hasattr(view, "view_class"):
        rule = getattr(view.view_class, "access_rule", None)
    return rule


class Access:
    """The roles one user holds, loaded once per request."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def grants(self) -> list[tuple[str, int | None]]:
        if not self.user.is_authenticated or not self.user.is_active:
            return []
        return list(self.user.grants.values_list("role", "agency_id"))

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(role for role, _agency in self.grants)

    def has(self, *names: Role | str, agency=None) -> bool:
        """Holds one of the roles — for this agency when one is given (BMA-wide grants cover all)."""
        wanted = set(map(str, names))
        agency_id = getattr(agency, "pk", agency)
        return any(
            role in wanted and (agency_id is None or granted is None or granted == agency_id)
            for role, granted in self.grants
        )

    def agency_ids(self, *names: Role | str) -> set[int] | None:
        """Agencies the user holds these roles for; ALL_AGENCIES (None) for a BMA-wide grant."""
        wanted = set(map(str, names))
        ids: set[int] = set()
        for role, granted in self.grants:
            if role in wanted:
                if granted is None:
                    return ALL_AGENCIES
                ids.add(granted)
        return ids

    def scope(self, queryset, *names: Role | str, field: str = "agency"):
        """Filter a queryset to the agencies the user may see with these roles."""
        ids = self.agency_ids(*names)
        if ids is ALL_AGENCIES:
            return queryset
        return queryset.filter(**{f"{field}__in": ids})

    def require_agency(self, agency, *names: Role | str) -> None:
        """404 unless the user holds one of the roles for this agency (same answer as 'missing')."""
        if agency is None or not self.has(*names, agency=agency):
            raise Http404


def get_access(request: HttpRequest) -> Access:
    if not hasattr(request, "_access"):
        request._access = Access(request.user)
    return request._access


def permits(rule: Rule, access: Access) -> bool:
    if rule.public:
        return True
    if not access.user.is_authenticated:
        return False
    return not rule.roles or bool(access.roles & rule.roles)


class AccessMiddleware:
    """Refuses every view that has not declared who may use it."""

    # Django's admin site checks its own permission on every view it serves, including the views
    # that live in other modules (auth's add-user and password forms): our AdminSite requires the
    # admin role. It is recognised by its URL namespace, not by the view's module.
    exempt_namespaces = ("admin",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.access = get_access(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is not None and match.app_names and match.app_names[0] in self.exempt_namespaces:
            return None
        rule = rule_of(view_func)
        if rule is None:
            logger.error("View %s.%s declares no access rule; refused.", getattr(view_func, "__module__", "?"),
                         getattr(view_func, "__name__", "?"))
            return HttpResponseForbidden("Forbidden: this page declares no access rule.")
        access = request.access
        if permits(rule, access):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return HttpResponseForbidden(_forbidden_body())


def _forbidden_body() -> str:
    from django.template.loader import render_to_string

    return render_to_string("403.html")
