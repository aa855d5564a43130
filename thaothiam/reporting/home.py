"""The reporting to-do card on the page everyone lands on (accounts' staff home, contract 1)."""

from __future__ import annotations

from thaothiam.core.roles import Role

from . import todo

ORDER = 5  # first: for coordinators, heads and central this is the day's work


def card(request) -> dict | None:
    access = request.access
    context = {"template": "reporting/home_card.html"}
    if access.has(Role.CENTRAL):
        context["central"] = todo.central_todo()
    if access.has(Role.COORDINATOR):
        context["coordinator"] = todo.coordinator_todo(access)
    if access.has(Role.HEAD):
        context["head"] = todo.head_todo(access)
    return context if len(context) > 1 else None
