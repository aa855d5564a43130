"""The staff home page's cards: every app may offer one with `<app>/home.py` (COMMON.md, contract 1).

    ORDER = 20
    def card(request) -> dict | None:   # None: nothing to show this person
        return {"template": "surveys/home_card.html", ...}

Cards are rendered in ORDER, each with its own dict as the template context.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from thaothiam.core.discovery import app_modules


def home_cards(request) -> list[SafeString]:
    modules = sorted(app_modules("home"), key=lambda module: (module.ORDER, module.__name__))
    cards = []
    for module in modules:
        context = module.card(request)
        if context is None:
            continue
        html = render_to_string(context["template"], context, request=request)
        cards.append(mark_safe(html))  # noqa: S308 — rendered by our own templates, autoescaped
    return cards
